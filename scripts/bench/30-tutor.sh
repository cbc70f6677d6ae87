#!/usr/bin/env bash
# Tutor: offline answer latency and provider-path overhead over a local protocol server.
set -euo pipefail
echo "## AI tutor (issue 6)"
echo
"$TARGET_DIR/release/examples/tutor_bench"
echo
echo "### Offline accuracy (real erroneous programs run through the sandbox)"
echo
out=$(cargo test --release -p codestead-tutor --test tutor accuracy -- --nocapture 2>/dev/null || true)
echo "$out" | grep -E '^\| ' || true
echo
echo "$out" | grep -E '^(offline accuracy|programs run through)' || echo "accuracy suite did not report"
