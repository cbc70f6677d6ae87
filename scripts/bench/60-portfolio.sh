#!/usr/bin/env bash
# Portfolio: a public profile with 50 public projects (plus 10 private ones, 1,000 runs
# and 40 completions) over HTTP through the full stack, on SQLite and PostgreSQL, with
# GET /healthz through the same stack in the same run as the baseline.
set -euo pipefail
BIN="$TARGET_DIR/release/examples/portfolio_bench"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
args=()
if scripts/pg-ready.sh "$PG_URL"; then
    db="codestead_bench_portfolio_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $db" >/dev/null
    trap 'psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
    args+=("${PG_URL%/*}/$db")
fi
echo "## Portfolio (issue 7)"
echo
echo "\`GET /api/v1/users/{username}\` for a learner with 50 public projects (10 more private),"
echo "1,000 runs over the past year and 40 completions: profile, skills, activity heatmap,"
echo "projects and achievements. Sequential requests on one keep-alive connection (500 after"
echo "30 warm-up), against \`GET /healthz\` through the same middleware in the same run."
echo "Goal: profile ≤ 20 ms."
echo
CODESTEAD_LOG=warn "$BIN" "${args[@]}"
