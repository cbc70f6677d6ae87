#!/usr/bin/env bash
# Web app budgets, measured by the browser suite against the release binary:
# initial JavaScript (gzipped, as served) and first contentful paint of /login.
set -euo pipefail
echo "## Web app budgets (issue 4)"
echo
echo "Measured by \`web/e2e/run.mjs\` in Debian's Chromium against the release binary. Goals:"
echo "initial JavaScript ≤ 250 KB gzipped (Monaco loads only on demand), first contentful paint"
echo "of \`/login\` ≤ 1 s on loopback, no request off the server."
echo
bin=$(realpath "$TARGET_DIR/release/codestead")
out=$(cd web && CODESTEAD_BIN="$bin" npm run --silent e2e 2>&1 || true)
echo '```'
echo "$out" | grep -E '^(budget:|e2e:)' || echo "e2e did not report budgets"
echo '```'
