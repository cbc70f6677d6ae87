#!/usr/bin/env bash
# Tutor: offline answer latency and provider-path overhead over a local protocol server.
set -euo pipefail
echo "## AI tutor (issue 6)"
echo
"$TARGET_DIR/release/examples/tutor_bench"
