#!/usr/bin/env python3
"""Summarise the syscalls sandboxed programs made, to regenerate the seccomp allow-lists.

Usage (see docs/sandbox.md, "Seccomp"):

    mkdir -p /tmp/strace && chmod 1777 /tmp/strace
    CODESTEAD_SANDBOX_STRACE_DIR=/tmp/strace cargo test -p codestead-curriculum
    CODESTEAD_SANDBOX_STRACE_DIR=/tmp/strace cargo test -p codestead-sandbox --test security functional
    scripts/seccomp-trace-summary.py /tmp/strace

The sandbox then writes one `strace -f` log per sandboxed process tree, named
`<language>-<compile|run>.<random>`. For each (language, phase) this prints the distinct syscalls,
the ioctl requests and socket families seen, and every syscall that
crates/sandbox/src/seccomp.rs does not mention: those must be added (or explained) before the
traced programs can pass with the allow-list on.
"""
import collections
import glob
import os
import re
import sys

CALL = re.compile(r"^\d+\s+(?:<\.\.\. )?([a-z_0-9]+)[( ]")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    seccomp = os.path.join(os.path.dirname(__file__), "..", "crates", "sandbox", "src", "seccomp.rs")
    listed = set(re.findall(r"SYS_([a-z0-9_]+)", open(seccomp).read()))
    calls = collections.defaultdict(collections.Counter)
    ioctls = collections.defaultdict(collections.Counter)
    families = collections.defaultdict(collections.Counter)
    for path in glob.glob(os.path.join(sys.argv[1], "*")):
        profile = os.path.basename(path).split(".")[0]
        for line in open(path, errors="replace"):
            m = CALL.match(line)
            if not m or m.group(1) in ("exited", "killed", "resumed"):
                continue
            name = m.group(1)
            calls[profile][name] += 1
            args = line.split("(", 1)[1].split(",") if "(" in line else []
            if name == "ioctl" and len(args) > 1 and "resumed" not in line:
                ioctls[profile][args[1].split(")")[0].strip()] += 1
            if name in ("socket", "socketpair") and args:
                families[profile][args[0].strip()] += 1
    missing_any = False
    for profile in sorted(calls):
        names = sorted(calls[profile])
        missing = [n for n in names if n not in listed]
        missing_any |= bool(missing)
        print(f"{profile}: {len(names)} syscalls")
        print("  " + " ".join(names))
        print("  ioctl:", dict(ioctls[profile]))
        print("  socket families:", dict(families[profile]))
        print("  NOT IN seccomp.rs:", missing or "none")
    return 1 if missing_any else 0


if __name__ == "__main__":
    sys.exit(main())
