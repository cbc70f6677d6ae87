#!/usr/bin/env bash
# Sandbox: added cost per language over the bare process and Python throughput, both
# measured in the same run by the sandbox crate's benchmark; then a Python hello through
# every layer of the API (sandbox, queue, service with its row insert, HTTP) against a bare
# python3 of the same run.
set -euo pipefail
echo "## Code execution sandbox (issue 3)"
echo
"$TARGET_DIR/release/examples/sandbox_bench"
echo
echo "### Python hello through the API (issue 14)"
echo
CODESTEAD_LOG=warn "$TARGET_DIR/release/examples/exec_api_bench" 200
