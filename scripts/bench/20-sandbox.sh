#!/usr/bin/env bash
# Sandbox: added cost per language over the bare process and Python throughput,
# both measured in the same run by the sandbox crate's benchmark.
set -euo pipefail
echo "## Code execution sandbox (issue 3)"
echo
"$TARGET_DIR/release/examples/sandbox_bench"
