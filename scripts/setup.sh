#!/usr/bin/env bash
# Installs the system packages Codestead's tests need on a fresh Debian 12 machine:
# the sandbox's (bubblewrap and the four toolchains), Chromium for the browser tests and
# redis-server for the fault tests (each starts and kills a Redis of its own).
# Idempotent; needs root only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/sandbox-setup.sh

if ! command -v chromium >/dev/null 2>&1; then
    echo "setup: installing chromium for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
fi

if ! command -v redis-server >/dev/null 2>&1; then
    echo "setup: installing redis-server for the fault tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends redis-server
fi
