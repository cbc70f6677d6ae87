#!/usr/bin/env bash
# An S3-compatible endpoint for the scale-out test run. S3 itself cannot run on this machine
# and Debian packages no S3 server, so this runs moto's server, which speaks the S3 REST
# protocol (SigV4 requests, XML listings) that object_store talks to a real bucket.
#
#   scripts/s3-emulator.sh start [PORT]   installs it on first use (PyPI), starts it, prints
#                                         the endpoint URL once it answers; exit 1 if it can't
#   scripts/s3-emulator.sh stop [PORT]
set -euo pipefail
cmd="${1:?start or stop}"
port="${2:-9055}"
home="${CODESTEAD_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/codestead}"
venv="$home/s3-venv"
pidfile="$home/s3-emulator-$port.pid"
endpoint="http://127.0.0.1:$port"

stop() {
    if [ -f "$pidfile" ]; then
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    fi
}

answers() {
    python3 - "$endpoint" <<'PY' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/", timeout=1).read()
PY
}

case "$cmd" in
stop) stop ;;
start)
    stop
    if [ ! -x "$venv/bin/moto_server" ]; then
        echo "s3-emulator: installing moto's S3 server into $venv" >&2
        mkdir -p "$home"
        # Debian splits venv's pip bootstrap into python3-venv.
        if ! python3 -c 'import ensurepip' 2>/dev/null && [ "$(id -u)" = 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2 || true
        fi
        python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q "moto[server]==5.1.0" >&2 || {
            echo "s3-emulator: could not install moto" >&2
            rm -rf "$venv"
            exit 1
        }
    fi
    "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$home/s3-emulator-$port.log" 2>&1 &
    echo $! >"$pidfile"
    # Readiness poll: the server takes a second or two to import its modules.
    for _ in $(seq 1 150); do
        if answers; then
            echo "$endpoint"
            exit 0
        fi
        kill -0 "$(cat "$pidfile")" 2>/dev/null || break
        sleep 0.2
    done
    echo "s3-emulator: did not come up; see $home/s3-emulator-$port.log" >&2
    stop
    exit 1
    ;;
*) echo "usage: $0 start|stop [PORT]" >&2; exit 2 ;;
esac
