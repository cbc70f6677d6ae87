#!/usr/bin/env bash
# The fresh-machine path of `make run`: with bubblewrap removed, the set-up step that `make run`
# runs first (`make sandbox`) must bring code execution back, and a server started afterwards
# must report all four languages available.
#
#   scripts/fresh-machine-check.sh BINARY
#
# Needs root and a reachable Debian mirror; it says so and exits 0 without touching anything
# when either is missing (it never removes bubblewrap it could not put back).
# Under CI (`.ci/run` exports CI=1) either lack fails the check instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:?usage: fresh-machine-check.sh BINARY}"

skip() {
    if [ -n "${CI:-}" ]; then
        echo "fresh-machine-check: $1 (CI is set: failing instead of skipping)" >&2
        exit 1
    fi
    echo "fresh-machine-check: skipped ($1)"
    exit 0
}

if [ "$(id -u)" -ne 0 ]; then
    skip "needs root to remove and reinstall bubblewrap"
fi
if ! timeout 120 apt-get update -qq >/dev/null 2>&1; then
    skip "no Debian mirror reachable; bubblewrap left as it is"
fi

echo "fresh-machine-check: removing bubblewrap"
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq bubblewrap >/dev/null
if command -v bwrap >/dev/null 2>&1; then
    echo "fresh-machine-check: bwrap still on PATH after removal" >&2
    exit 1
fi

# Exactly what `make run` does before it builds and serves.
make --no-print-directory sandbox

data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$bin" serve --addr "127.0.0.1:$port" --data-dir "$data" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT

languages=""
for _ in $(seq 1 150); do
    if languages="$(curl -sf "http://127.0.0.1:$port/api/v1/languages")"; then break; fi
    if ! kill -0 $server 2>/dev/null; then cat "$data/server.log" >&2; exit 1; fi
    sleep 0.2
done
echo "fresh-machine-check: /api/v1/languages → $languages"
python3 - "$languages" <<'PY'
import json, sys
langs = json.loads(sys.argv[1])
items = langs if isinstance(langs, list) else langs.get("items", langs.get("languages", []))
ids = {l["id"]: l["available"] for l in items}
missing = [i for i in ("python", "javascript", "java", "cpp") if not ids.get(i)]
if missing:
    sys.exit(f"fresh-machine-check: unavailable after set-up: {missing}")
print("fresh-machine-check: all four languages available")
PY
