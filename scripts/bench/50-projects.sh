#!/usr/bin/env bash
# Projects: saving a file with its version snapshot, on SQLite and PostgreSQL, against a
# bare single-row INSERT on the same database in the same process.
set -euo pipefail
BENCH="$TARGET_DIR/release/examples/projects_bench"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
ITERATIONS="${BENCH_SAVES:-2000}"

echo "## Projects (issue 7)"
echo
echo "Saving an 80-line file as the next version (ownership check, project totals, the file"
echo "row, a version row, pruning to the newest 10), ${ITERATIONS} saves after a warm-up: the"
echo "service call, and the full \`PUT /api/v1/projects/{id}/files/{fileId}\` over HTTP. Baseline:"
echo "one plain single-row INSERT of similar size (a submission), same pool and process."
echo "Goal: a save ≤ 10 ms p50 on SQLite."
echo
echo "| backend | operation | p50 ms | p99 ms | p50 ratio to INSERT |"
echo "|---|---|---|---|---|"
"$BENCH" "" "$ITERATIONS"
if scripts/pg-ready.sh "$PG_URL"; then
    db="codestead_bench_projects_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $db" >/dev/null
    trap 'psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
    "$BENCH" "${PG_URL%/*}/$db" "$ITERATIONS"
else
    echo "| postgresql | not reachable | | | |"
fi
