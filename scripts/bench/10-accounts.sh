#!/usr/bin/env bash
# Accounts: login latency (argon2id, OWASP cost) and GET /api/v1/me throughput on SQLite
# and PostgreSQL, with a bare axum handler as the baseline.
set -euo pipefail
BIN="$TARGET_DIR/release/codestead"
BARE="$TARGET_DIR/release/examples/bare"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
DURATION="${BENCH_SECONDS:-10}"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

wait_ready() { for _ in $(seq 1 100); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; return 1; }
rps() { awk '/Requests\/sec/ {printf "%.0f", $2}'; }
pct() { awk -v p="$1" '$1 == p {print $2}'; }

cat > "$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@example.org","password":"violet-otter-canyon-42"}'
LUA

"$BARE" 127.0.0.1:18999 & pids+=($!)
wait_ready http://127.0.0.1:18999/
bare_rps=$(wrk -t2 -c64 -d"${DURATION}s" http://127.0.0.1:18999/ | rps)

run_backend() {
    local name=$1 url=$2 port=$3
    CODESTEAD_DATABASE_URL="$url" CODESTEAD_AUTH_RATE_PER_ADDRESS_PER_MIN=100000000 CODESTEAD_AUTH_RATE_PER_ACCOUNT_PER_MIN=100000000 \
        CODESTEAD_API_RATE_PER_MIN=100000000 \
        CODESTEAD_LOG=warn "$BIN" serve --addr "127.0.0.1:$port" --data-dir "$work/$name" & pids+=($!)
    wait_ready "http://127.0.0.1:$port/readyz"
    curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'content-type: application/json' \
        -d '{"email":"bench@example.org","password":"violet-otter-canyon-42","firstName":"B","lastName":"M"}' >/dev/null
    local token
    token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
        -d '{"email":"bench@example.org","password":"violet-otter-canyon-42"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["accessToken"])')
    local me login
    me=$(wrk -t2 -c64 -d"${DURATION}s" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" | rps)
    login=$(wrk -t1 -c2 -d"${DURATION}s" --latency -s "$work/login.lua" "http://127.0.0.1:$port/api/v1/auth/login")
    local p50 p99 lrps
    p50=$(echo "$login" | pct "50%"); p99=$(echo "$login" | pct "99%"); lrps=$(echo "$login" | rps)
    local ratio
    ratio=$(python3 -c "print(f'{$me / $bare_rps:.2f}')")
    echo "| $name | $me | $ratio | $p50 | $p99 | $lrps |"
}

echo "## Accounts (issue 2)"
echo
echo "\`GET /api/v1/me\` with a Bearer token through the full middleware stack (request id,"
echo "metrics, rate limits, CSRF, JWT + session check), wrk -t2 -c64 for ${DURATION}s; login with"
echo "argon2id at OWASP cost (19 MiB, t=2), wrk -t1 -c2. Baseline: a bare axum handler, same run:"
echo "**${bare_rps} req/s**. Goal: \`/me\` ≥ 20,000 req/s on SQLite."
echo
echo "| backend | /me req/s | ratio to bare | login p50 | login p99 | logins/s |"
echo "|---|---|---|---|---|---|"
run_backend sqlite "sqlite://$work/sqlite.db?mode=rwc" 18101
if scripts/pg-ready.sh "$PG_URL"; then
    db="codestead_bench_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $db" >/dev/null
    trap 'cleanup; psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
    run_backend postgresql "${PG_URL%/*}/$db" 18102
else
    echo "| postgresql | not reachable | | | | |"
fi
