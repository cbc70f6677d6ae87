#!/usr/bin/env bash
# Starts a throwaway Codestead server on a free port with limits raised for the whole set, runs
# score.py against it (every argument is passed through), then stops the server.
#
#   eval/tutor/run.sh --split dev --context v1 --markdown /tmp/dev.md
#   CODESTEAD_BIN=/path/to/codestead eval/tutor/run.sh --split all
#   EVAL_TOOL=validate eval/tutor/run.sh -v     # run validate.py against the server instead
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
bin="${CODESTEAD_BIN:-$target/debug/codestead}"
tool="${EVAL_TOOL:-score}"
ready_timeout="${READY_TIMEOUT_SECS:-90}"

if [ ! -x "$bin" ]; then
    echo "run.sh: no server binary at $bin (set CODESTEAD_BIN or CARGO_TARGET_DIR)" >&2
    exit 2
fi
case "$tool" in score|validate) ;; *) echo "run.sh: EVAL_TOOL must be score or validate" >&2; exit 2 ;; esac

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
data_dir="$(mktemp -d "${TMPDIR:-/tmp}/codestead-tutor-eval.XXXXXX")"
log="$data_dir/server.log"
base="http://127.0.0.1:$port"
server_pid=""

cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    if [ "${KEEP_DATA:-0}" = 1 ]; then
        echo "run.sh: data dir and server log kept in $data_dir" >&2
    else
        rm -rf "$data_dir"
    fi
}
trap cleanup EXIT INT TERM

# Limits high enough for ~120 executions, ~500 tutor messages and the API calls around them.
export CODESTEAD_EXEC_RATE_PER_MIN="${CODESTEAD_EXEC_RATE_PER_MIN:-100000}"
export CODESTEAD_API_RATE_PER_MIN="${CODESTEAD_API_RATE_PER_MIN:-100000}"
export CODESTEAD_AUTH_RATE_PER_MIN="${CODESTEAD_AUTH_RATE_PER_MIN:-1000}"
export CODESTEAD_TUTOR_DAILY_QUOTA="${CODESTEAD_TUTOR_DAILY_QUOTA:-100000}"
export CODESTEAD_LLM_PROVIDER="${CODESTEAD_LLM_PROVIDER:-offline}"
export CODESTEAD_PUBLIC_URL="$base"

"$bin" serve --addr "127.0.0.1:$port" --data-dir "$data_dir" >"$log" 2>&1 &
server_pid=$!

# Wait for /readyz, bounded; give up early if the server exits.
deadline=$(( $(date +%s) + ready_timeout ))
until python3 - "$base/readyz" <<'PY' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
PY
do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "run.sh: the server exited before it was ready; its log:" >&2
        tail -n 40 "$log" >&2
        exit 3
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "run.sh: $base/readyz not ready after ${ready_timeout}s; server log:" >&2
        tail -n 40 "$log" >&2
        exit 3
    fi
    sleep 0.3
done
echo "run.sh: server $bin ready at $base (data dir $data_dir)" >&2

set +e
python3 "$here/$tool.py" --base-url "$base" "$@"
rc=$?
set -e
exit "$rc"
