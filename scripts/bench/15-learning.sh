#!/usr/bin/env bash
# Learning insights: search p95 over 10,000 generated items (SQLite and PostgreSQL) with a
# primary-key lookup in the same run as the baseline, the dashboard of a learner with
# 1,000 completions, and grading a Python exercise through the service.
set -euo pipefail
BIN="$TARGET_DIR/release/examples/learning_bench"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
args=()
if scripts/pg-ready.sh "$PG_URL"; then
    db="codestead_bench_learning_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $db" >/dev/null
    trap 'psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
    args+=("${PG_URL%/*}/$db")
fi
echo "## Learning insights (issue 5)"
echo
echo "Search through \`Store::search_content\` (FTS5 bm25 on SQLite, weighted tsvector + GIN on"
echo "PostgreSQL; a third of the queries carry a typo and take the correction path; the generated corpus"
echo "uses 3,000 made-up words plus 50 programming words), against a"
echo "primary-key lookup of an indexed item in the same run. Dashboard through"
echo "\`InsightsService::dashboard\` for a learner with 1,000 completions over 60 days, uncached"
echo "(invalidated before each call) and cached. Goals: search p95 ≤ 10 ms, dashboard ≤ 20 ms."
echo
echo "Each search attempt is one query: every match is ranked, snippets are built for the page only and the"
echo "count rides along. Typo correction compares against the vocabulary held in memory."
echo
CODESTEAD_LOG=warn "$BIN" "${args[@]}"
