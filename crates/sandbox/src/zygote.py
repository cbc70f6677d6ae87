# Codestead's Python zygote (see docs/sandbox.md, "Python zygote"). Started by the engine inside
# the usual bubblewrap template as `python3 -B -E -s -c <this file> <control fd>`, holding only
# CAP_SYS_ADMIN and CAP_SETPCAP in its own user namespace (host uid: the sandbox's).
#
# Three roles, all forks of this one interpreter, and none of them ever runs learner code
# except the last:
#   zygote  waits on the control socket; per request forks a cell and hands the engine the
#           cell's socket. It never sees a run's files, stdin, output or descriptors.
#   cell    (PID 1 of fresh PID, mount, IPC and network namespaces) mounts its own /proc, /tmp,
#           /dev/shm and /box, brings up loopback, and waits. On activation it joins the run's
#           cgroup, writes the files into /box, forks the program, drops every capability and
#           waits for it like bubblewrap's PID 1, then reports its wait status and exits (which
#           kills whatever the program left behind).
#   program (PID 2) takes the run's stdio, sets rlimits, drops all capabilities, sets
#           no_new_privs, loads the engine's seccomp filters, restores the pristine state
#           (signals, environment, sys.modules) and executes the entry as __main__.
import sys

# Modules a beginner's program is likely to import, loaded once here so no run pays for them.
_PRELOAD = (
    "os", "math", "random", "time", "datetime", "collections", "itertools", "functools",
    "string", "re", "json", "statistics", "fractions", "decimal", "copy", "heapq", "bisect",
    "dataclasses", "typing", "enum", "textwrap", "operator", "traceback", "unittest",
)
for _name in _PRELOAD:
    try:
        __import__(_name)
    except ImportError:
        pass
_KEEP_MODULES = set(sys.modules)

import array
import builtins
import ctypes
import gc
import os
import resource
import signal
import socket
import struct
import types
from importlib.machinery import SourceFileLoader

_ENV = dict(os.environ)
_SIGNALS = {s: signal.getsignal(s) for s in signal.valid_signals()}

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_SECCOMP = 1, 4, 22
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 24, 38, 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
SECCOMP_MODE_FILTER = 2
CAP_SETPCAP = 8
SIOCSIFFLAGS = 0x8914
IFF_UP, IFF_LOOPBACK, IFF_RUNNING = 0x1, 0x8, 0x40

_libc = ctypes.CDLL(None, use_errno=True)
_libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
_libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _check(rc, what):
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, "%s: %s" % (what, os.strerror(err)))


def _mount(source, target, fstype, flags, data=None):
    _check(_libc.mount(source, target, fstype, flags, data), "mount %s" % target.decode())


def _recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("engine closed the socket")
        buf += chunk
    return bytes(buf)


class _Config:
    """What the engine sends once at start-up: /tmp's size and the seccomp programs."""

    def __init__(self, msg):
        (self.tmp_bytes, count), off = struct.unpack_from("<QI", msg), 12
        self.filters = []
        for _ in range(count):
            (n,), off = struct.unpack_from("<I", msg, off), off + 4
            self.filters.append(msg[off:off + n])
            off += n
        # Built here so the program only has to call prctl.
        self._buffers = [ctypes.create_string_buffer(f, len(f)) for f in self.filters]
        self.progs = [_SockFprog(len(f) // 8, ctypes.cast(b, ctypes.c_void_p))
                      for f, b in zip(self.filters, self._buffers)]
        self.last_cap = int(open("/proc/sys/kernel/cap_last_cap").read())


def _prepare_cell(config):
    """Runs as PID 1 of the cell's namespaces, before any run is assigned to it."""
    # As bubblewrap's PID 1 (--new-session): the program is in PID 1's session and group.
    os.setsid()
    _mount(None, b"/", None, MS_REC | MS_PRIVATE)
    flags = MS_NOSUID | MS_NODEV
    _mount(b"proc", b"/proc", b"proc", flags | MS_NOEXEC)
    _mount(b"tmpfs", b"/tmp", b"tmpfs", flags, b"size=%d,mode=0755" % config.tmp_bytes)
    _mount(b"tmpfs", b"/dev/shm", b"tmpfs", flags, b"size=8388608,mode=0755")
    _mount(b"tmpfs", b"/box", b"tmpfs", flags, b"size=4194304,mode=0755")
    # bubblewrap's network namespace has loopback up; so does ours.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        import fcntl
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo",
                                                 IFF_UP | IFF_LOOPBACK | IFF_RUNNING))


def _drop_privileges(config):
    for cap in range(config.last_cap + 1):
        if cap != CAP_SETPCAP:
            _check(_libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), "drop cap %d" % cap)
    _check(_libc.prctl(PR_CAPBSET_DROP, CAP_SETPCAP, 0, 0, 0), "drop CAP_SETPCAP")
    _check(_libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clear ambient")
    header = _CapHeader(0x20080522, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), ctypes.byref(data)), "capset")
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


class _Run:
    """One activation, parsed: limits, entry and files (the learner's data)."""

    def __init__(self, sock):
        head, fds, _flags, _addr = socket.recv_fds(sock, 4, 64)
        if not head:
            raise EOFError("engine closed the cell")
        head += _recv_exact(sock, 4 - len(head))
        self.stdio, self.cgroup_fds = fds[:3], fds[3:]
        msg = _recv_exact(sock, struct.unpack("<I", head)[0])
        self.cpu_secs, nfiles, entry_len = struct.unpack_from("<QII", msg)
        off = 16
        self.entry = msg[off:off + entry_len].decode()
        off += entry_len
        self.files = []
        for _ in range(nfiles):
            (plen,) = struct.unpack_from("<I", msg, off)
            path = msg[off + 4:off + 4 + plen].decode()
            off += 4 + plen
            (clen,) = struct.unpack_from("<I", msg, off)
            self.files.append((path, msg[off + 4:off + 4 + clen]))
            off += 4 + clen
        self.source = dict(self.files)[self.entry]


def _write_box(files):
    for path, content in files:
        # The engine validated the paths (check_source_files); refuse anything odd anyway.
        parts = path.split("/")
        if path.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise ValueError("bad path %r" % path)
        full = "/box/" + path
        os.makedirs(os.path.dirname(full), mode=0o755, exist_ok=True)
        fd = os.open(full, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        try:
            os.write(fd, content)
        finally:
            os.close(fd)
    _mount(None, b"/box", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _cell(config, sock):
    """PID 1 of a cell: prepares it, forks the program-to-be, and waits for it like bubblewrap's
    PID 1 (reaping orphans); then reports the program's wait status and exits, which makes the
    kernel kill whatever the program left in the PID namespace. Returns only in the program."""
    try:
        _prepare_cell(config)
        # PID 1 ignores signals it has no handler for; Python's SIGINT handler would otherwise
        # let the program interrupt us. The program gets the pristine handlers back.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        pid = os.fork()
    except BaseException as e:
        sys.stderr.write("codestead zygote: cell set-up failed: %r\n" % (e,))
        os._exit(1)
    if pid == 0:
        return
    try:
        _drop_privileges(config)
        _check(_libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "dumpable")
    except BaseException:
        pass  # nothing below needs privileges, and the program drops its own
    while True:
        try:
            child, status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(1)
        if child == pid:
            break
    try:
        sock.sendall(b"X" + struct.pack("<i", status))
    finally:
        os._exit(0)


def _activate(sock):
    """In the program-to-be (PID 2), still privileged: waits for a run, joins its cgroup slot
    and writes its files. Until now nothing of any run was here."""
    try:
        run = _Run(sock)
    except EOFError:
        os._exit(0)  # the engine shut down; nothing ran
    # First, so that everything from here on is charged to the run's slot.
    for fd in run.cgroup_fds:
        os.write(fd, b"0")
        os.close(fd)
    # The program sees its slot as the root of the cgroup tree, as with bubblewrap.
    _check(_libc.unshare(CLONE_NEWCGROUP), "unshare cgroup")
    _write_box(run.files)
    return run


def _become_program(config, sock, run):
    """The program's last steps before learner code: nothing of the zygote stays usable."""
    stdin, stdout, stderr = run.stdio
    os.dup2(stdin, 0)
    os.dup2(stdout, 1)
    os.dup2(stderr, 2)
    keep = sock.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, 1 << 20)
    os.chdir("/box")
    cpu = run.cpu_secs
    for res, soft, hard in (
        (resource.RLIMIT_CPU, cpu, cpu + 1),
        (resource.RLIMIT_FSIZE, 64 << 20, 64 << 20),
        (resource.RLIMIT_NOFILE, 512, 512),
        (resource.RLIMIT_CORE, 0, 0),
        (resource.RLIMIT_STACK, 64 << 20, 64 << 20),
    ):
        resource.setrlimit(res, (soft, hard))
    _drop_privileges(config)
    for prog in config.progs:
        _check(_libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0),
               "seccomp")
    # Only what differs is set (each change is a syscall): in practice SIGINT, which PID 1
    # reset for itself, and PWD.
    for sig, handler in _SIGNALS.items():
        if handler is not None and signal.getsignal(sig) is not handler:
            signal.signal(sig, handler)
    signal.pthread_sigmask(signal.SIG_SETMASK, ())
    env = dict(_ENV, PWD="/box")
    for name in [n for n in os.environ if n not in env]:
        del os.environ[name]
    for name, value in env.items():
        if os.environ.get(name) != value:
            os.environ[name] = value
    for name in [m for m in sys.modules if m not in _KEEP_MODULES]:
        del sys.modules[name]
    entry = "/box/" + run.entry
    sys.argv = [entry]
    sys.orig_argv = [sys.executable, "-B", "-E", "-s", entry]
    sys.path[0] = os.path.dirname(entry)
    sys.path_importer_cache.pop("", None)
    main = types.ModuleType("__main__")
    main.__loader__ = SourceFileLoader("__main__", entry)
    main.__annotations__ = {}
    main.__builtins__ = builtins
    main.__file__ = entry
    main.__cached__ = None
    sys.modules["__main__"] = main
    sock.sendall(b"R")
    sock.close()
    return entry, run.source, main.__dict__


def _serve(ctl):
    """The zygote's loop: one cell per request. Returns only in a cell's program-to-be."""
    config = _Config(ctl.recv(1 << 20))
    # Inherited objects are never collected in a cell, so their pages stay shared.
    gc.collect()
    gc.freeze()
    ctl.sendall(b"READY")
    while True:
        req = ctl.recv(16)
        if not req:
            os._exit(0)
        engine_end, cell_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:
            ctl.close()
            engine_end.close()
            _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET),
                   "unshare")
            if os.fork() != 0:
                os._exit(0)
            # PID 1 of the new PID namespace; our parent exits at once and bubblewrap's PID 1
            # reaps us later.
            _cell(config, cell_end)
            return config, cell_end
        cell_end.close()
        socket.send_fds(ctl, [b"C"], [engine_end.fileno()])
        engine_end.close()
        os.waitpid(pid, 0)


def _main():
    ctl = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET, fileno=int(sys.argv[1]))
    config, sock = _serve(ctl)
    try:
        return _become_program(config, sock, _activate(sock))
    except BaseException as e:
        # No learner code has run: the engine runs this one cold.
        try:
            sock.sendall(b"E%r\n" % (e,))
        finally:
            os._exit(70)


def _exit_status(code):
    """An exit status from SystemExit's code, as the interpreter computes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code if -(1 << 31) <= code < (1 << 31) else -1
    try:
        sys.stderr.write(str(code) + "\n")
    except BaseException:
        pass
    return 1


def _finish(status, interrupted=False):
    """Py_FinalizeEx as a program observes it (non-daemon threads joined, atexit handlers, the
    finalizers of what __main__ still holds, flushed output), without tearing down the
    zygote's modules: that would touch, and so copy, most of the inherited memory."""
    threading = sys.modules.get("threading")
    if threading is not None:
        try:
            threading._shutdown()
        except BaseException:
            pass
    import atexit
    atexit._run_exitfuncs()
    # As flush_std_files: a closed stream is skipped, a failing flush makes the status 120.
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and not stream.closed:
                stream.flush()
        except BaseException:
            status = 120
    main = sys.modules.get("__main__")
    if main is not None and getattr(main, "__dict__", None) is _globals:
        for name in [n for n in _globals if n != "__builtins__"]:
            _globals[name] = None
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and not stream.closed:
                stream.flush()
        except BaseException:
            pass
    if interrupted:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(status & 0xFF)


try:
    _entry, _source, _globals = _main()
except BaseException as _e:
    # The zygote itself (or a cell before activation) failed: the engine logs our stderr.
    sys.stderr.write("codestead zygote: %r\n" % (_e,))
    os._exit(70)
del _main, _serve, _cell, _activate, _become_program
try:
    _code = compile(_source, _entry, "exec", dont_inherit=True)
    del _source
    exec(_code, _globals)
except SystemExit as _e:
    _status, _interrupted = _exit_status(_e.code), False
except BaseException as _e:
    # As the interpreter prints it, without this file's frame (a SyntaxError from compile has
    # only that frame, so it prints with no traceback, as it does on the cold path).
    _tb = _e.__traceback__.tb_next if _e.__traceback__ is not None else None
    _e.__traceback__ = _tb
    sys.excepthook(type(_e), _e, _tb)
    _status, _interrupted = 1, isinstance(_e, KeyboardInterrupt)
    del _tb
else:
    _status, _interrupted = 0, False
_e = None
_finish(_status, _interrupted)
