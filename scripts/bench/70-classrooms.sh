#!/usr/bin/env bash
# Classrooms: the teacher's grid for 200 students × 40 assignments on SQLite and
# PostgreSQL, against a primary-key lookup of the class in the same run.
set -euo pipefail
BIN="$TARGET_DIR/release/examples/classroom_bench"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
args=()
if scripts/pg-ready.sh "$PG_URL"; then
    db="codestead_bench_classrooms_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $db" >/dev/null
    trap 'psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
    args+=("${PG_URL%/*}/$db")
fi
echo "## Classrooms: the teacher's grid (issue 15)"
echo
echo "\`ClassroomService::grid\` for one class of 200 students × 40 one-item assignments (lessons and"
echo "exercises of the built-in curriculum; about a third done after failed tries, a fifth failing, a fifth"
echo "in progress), 200 calls after 5 warm-up calls, against a primary-key lookup of the class in the same"
echo "run. The grid is two grouped queries (progress rows; attempts counted per student and item) plus the"
echo "member and assignment lists, whatever the class's size. Goal: ≤ 50 ms p95 on both databases."
echo
CODESTEAD_LOG=warn "$BIN" "${args[@]}"
