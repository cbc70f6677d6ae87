#!/usr/bin/env bash
# `make load`: 500 simulated learners for 60 s against one release server, on SQLite and
# (when reachable) PostgreSQL. Each signs in, then loops: open a lesson, save progress,
# run code, ask the tutor, save a project file. Writes the "Load" section of
# docs/benchmarks.md. It saturates the machine: run it alone.
#   LEARNERS=500 SECONDS_=60 scripts/load.sh
# PROFILE=debug uses the debug build instead (a trial of the script; not for the table).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
LEARNERS="${LEARNERS:-500}"
DURATION="${SECONDS_:-60}"
PROFILE="${PROFILE:-release}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if [ "$PROFILE" = release ]; then
    cargo build --release -p codestead -p codestead-server --example learner_load --bin codestead >&2
    DIR="$TARGET_DIR/release"
else
    cargo build --workspace --example learner_load --bin codestead >&2
    DIR="$TARGET_DIR/debug"
fi
BIN="$DIR/codestead"
LOAD="$DIR/examples/learner_load"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One server with production settings (OWASP argon2, real limits), except budgets a single
# load-generating address and 500 accounts would exhaust by design: the per-IP limits (all
# learners share 127.0.0.1) and the per-user run and tutor budgets are raised, so the run
# measures the work, not the refusals. Refusals that remain (queue full, hashing busy) are
# documented 503s with Retry-After and are counted apart.
run_one() {
    local label="$1" db_url="$2" data port pid
    data=$(mktemp -d)
    port=$(free_port)
    env CODESTEAD_LOG=warn CODESTEAD_ADDR="127.0.0.1:$port" CODESTEAD_DATA_DIR="$data" \
        ${db_url:+CODESTEAD_DATABASE_URL="$db_url"} \
        CODESTEAD_AUTH_RATE_PER_ADDRESS_PER_MIN=100000 CODESTEAD_API_RATE_PER_MIN=1000000 \
        CODESTEAD_EXEC_RATE_PER_MIN=100000 CODESTEAD_TUTOR_DAILY_QUOTA=100000 \
        "$BIN" serve >"$data/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
        sleep 0.1
    done
    local status=0
    "$LOAD" "http://127.0.0.1:$port" "$LEARNERS" "$DURATION" "$label" || status=$?
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$data"
    return $status
}

out=$(mktemp)
status=0
{
    echo "## Load: the learner loop ($LEARNERS learners, ${DURATION} s, one server)"
    echo
    echo "\`scripts/load.sh\` ($(date -u +%Y-%m-%d), $PROFILE build, $(nproc) cores, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); load generator on the same machine)."
    echo "Each simulated learner signs in once (argon2id, OWASP cost), then loops: open a lesson,"
    echo "save progress, run Python in the sandbox, ask the (offline) tutor, save a project file,"
    echo "thinking 0–$((2 * ${THINK_MS:-1000})) ms (uniform, seeded per learner) before each step. Every run is a"
    echo "program of its own, so each one really runs in the sandbox (no result-cache hits)."
    echo "Refused = 429/503 with \`Retry-After\` (documented back-pressure); errors = anything else."
    echo
    run_one "SQLite" "" || status=1
    echo
    if scripts/pg-ready.sh "$PG_URL"; then
        db="codestead_load_$$"
        psql "$PG_URL" -qc "CREATE DATABASE $db" >/dev/null
        run_one "PostgreSQL" "${PG_URL%/*}/$db" || status=1
        psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    else
        echo "(PostgreSQL not reachable at $PG_URL: skipped.)"
    fi
} > "$out"
# Replace the Load section of docs/benchmarks.md (or append it).
python3 - "$out" <<'PY'
import re, sys
section = open(sys.argv[1]).read().rstrip() + "\n"
path = "docs/benchmarks.md"
doc = open(path).read()
pattern = re.compile(r"## Load: the learner loop.*?(?=\n## |\Z)", re.S)
doc = pattern.sub(lambda _: section, doc) if pattern.search(doc) else doc.rstrip() + "\n\n" + section
open(path, "w").write(doc)
PY
cat "$out"
rm -f "$out"
exit $status
