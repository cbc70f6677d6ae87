#!/usr/bin/env bash
# Exit 0 when the PostgreSQL server of URL $1 accepts connections.
set -u
url="${1:-postgres://postgres@127.0.0.1:5432/postgres}"
if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -d "$url"
else
    hostport="${url#*@}"; hostport="${hostport%%/*}"
    timeout 2 bash -c "exec 3<>/dev/tcp/${hostport%%:*}/${hostport##*:}" 2>/dev/null
fi
