#!/usr/bin/env bash
# Exit 0 when the Redis server named by $1 (redis://host:port[/db]) answers PING.
set -euo pipefail
url="${1:-redis://127.0.0.1:6379/0}"
hostport="${url#redis://}"
hostport="${hostport#*@}"
hostport="${hostport%%/*}"
host="${hostport%%:*}"
port="${hostport##*:}"
[ "$port" = "$host" ] && port=6379
exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || exit 1
printf 'PING\r\n' >&3
read -r -t 2 reply <&3 || exit 1
[[ "$reply" == +PONG* ]]
