#!/bin/sh
# Installs what codestead-sandbox needs on a fresh Debian 12 machine. Run as root; idempotent.
#
#   scripts/sandbox-setup.sh            # bubblewrap + all four toolchains
#   scripts/sandbox-setup.sh --minimal  # bubblewrap only (languages whose toolchain is
#                                       # missing are reported unavailable, never a crash)
#
# What the sandbox relies on besides these packages (checked, not changed, here):
#   * unprivileged user namespaces (Debian 12 default: kernel.unprivileged_userns_clone=1);
#   * a writable cgroup hierarchy with the memory and pids controllers, v1 or v2;
#   * /dev/shm as tmpfs (per-run work directories live there).
set -eu

if [ "$(id -u)" -ne 0 ]; then
    echo "sandbox-setup: must run as root" >&2
    exit 1
fi

packages="bubblewrap"
if [ "${1:-}" != "--minimal" ]; then
    packages="$packages python3 nodejs default-jdk-headless g++"
fi

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    echo "sandbox-setup: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "sandbox-setup: packages already installed"
fi

# Warnings only: the sandbox itself reports these at start-up as well.
if [ -r /proc/sys/kernel/unprivileged_userns_clone ] &&
    [ "$(cat /proc/sys/kernel/unprivileged_userns_clone)" != "1" ]; then
    echo "sandbox-setup: warning: kernel.unprivileged_userns_clone is off; enabling it" >&2
    sysctl -q -w kernel.unprivileged_userns_clone=1 || true
fi
if [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 1)" = "0" ]; then
    echo "sandbox-setup: warning: user.max_user_namespaces is 0; setting 10000" >&2
    sysctl -q -w user.max_user_namespaces=10000 || true
fi
if ! bwrap --unshare-all --ro-bind / / true 2>/dev/null; then
    echo "sandbox-setup: warning: bwrap cannot create namespaces here" >&2
fi
echo "sandbox-setup: done"
