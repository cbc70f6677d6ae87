#!/usr/bin/env bash
# Worker fleet (issue 13): the Redis hop's added latency over the in-process queue, 1 vs 2
# workers, and Redis's XADD/XREADGROUP rates. Uses a redis-server of its own on a free port.
set -euo pipefail
BENCH="$TARGET_DIR/release/examples/fleet_bench"
command -v redis-server >/dev/null || { echo "## Worker fleet (issue 13)"; echo; echo "redis-server is not installed (scripts/setup.sh): skipped."; exit 0; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
CODESTEAD_LOG=warn "$BENCH" "redis://127.0.0.1:$port/0"
