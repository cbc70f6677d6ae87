#!/bin/sh
# Makes sure the machine can run learners' code: bubblewrap and the four toolchains.
# `make run` and `make test` call it; it is idempotent and quick when nothing is missing.
#
#   scripts/sandbox-setup.sh            # bubblewrap + all four toolchains
#   scripts/sandbox-setup.sh --minimal  # bubblewrap only (languages whose toolchain is
#                                       # missing are reported unavailable, never a crash)
#   scripts/sandbox-setup.sh --check    # install nothing; exit 1 if something is missing
#
# A toolchain counts as present when its command works, whichever package brought it
# (Node.js from NodeSource, a JDK from Adoptium...): only what is absent is installed, from
# Debian's packages. Installing needs root; a user who is not root gets one line saying what
# to run, and the server then starts with the missing languages reported unavailable.
#
# What the sandbox relies on besides these packages (checked, not changed, here):
#   * unprivileged user namespaces (Debian 12 default: kernel.unprivileged_userns_clone=1);
#   * a writable cgroup hierarchy with the memory and pids controllers, v1 or v2;
#   * /dev/shm as tmpfs (per-run work directories live there).
set -eu

mode="${1:-full}"

# command:package pairs; the command decides, the package is what fixes its absence.
wanted="bwrap:bubblewrap"
if [ "$mode" != "--minimal" ]; then
    wanted="$wanted python3:python3 node:nodejs javac:default-jdk-headless java:default-jdk-headless g++:g++"
fi

missing=""
for pair in $wanted; do
    cmd="${pair%%:*}"
    pkg="${pair#*:}"
    # Debian's python3 is the one the sandbox uses (/usr/bin first), so look there first.
    if [ -x "/usr/bin/$cmd" ] || [ -x "/usr/local/bin/$cmd" ] || command -v "$cmd" >/dev/null 2>&1; then
        continue
    fi
    case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done

if [ -n "$missing" ]; then
    if [ "$mode" = "--check" ]; then
        echo "sandbox-setup: missing:$missing" >&2
        exit 1
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "sandbox-setup: code execution needs$missing; run: sudo scripts/sandbox-setup.sh  (or: sudo apt-get install$missing)" >&2
        exit 1
    fi
    echo "sandbox-setup: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    apt-get install -y -qq --no-install-recommends $missing
fi
[ "$mode" = "--check" ] && exit 0

# Kernel settings: fixed when root, reported otherwise (the sandbox also reports them).
if [ -r /proc/sys/kernel/unprivileged_userns_clone ] &&
    [ "$(cat /proc/sys/kernel/unprivileged_userns_clone)" != "1" ]; then
    echo "sandbox-setup: kernel.unprivileged_userns_clone is off; enabling it" >&2
    [ "$(id -u)" -eq 0 ] && sysctl -q -w kernel.unprivileged_userns_clone=1 || true
fi
if [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 1)" = "0" ]; then
    echo "sandbox-setup: user.max_user_namespaces is 0; setting 10000" >&2
    [ "$(id -u)" -eq 0 ] && sysctl -q -w user.max_user_namespaces=10000 || true
fi
if ! bwrap --unshare-all --ro-bind / / true 2>/dev/null; then
    echo "sandbox-setup: warning: bwrap cannot create namespaces here" >&2
fi
echo "sandbox-setup: ready"
