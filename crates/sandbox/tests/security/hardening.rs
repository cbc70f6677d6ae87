//! The hardening items of the sandbox issue, one or more tests each: the seccomp allow-list
//! (x32, socket families, tty ioctls, unlisted calls), strict mode and per-slot uids, the warm
//! javac (cancellation, what it can see), bubblewrap's own failures told apart from the
//! program's, CPU-time limits, the work root, and heaps sized from the memory limit.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use codestead_sandbox::{
    IsolationMode, Language, RunRequest, Sandbox, SandboxConfig, SandboxError, SourceFile, Status,
    UidScheme,
};

use crate::support::*;

const SIGSYS: i32 = 31;

/// A sandbox with its own work root and cgroup, so host-side checks see only its runs.
fn private_sandbox(tag: &str, configure: impl FnOnce(&mut SandboxConfig)) -> (Sandbox, PathBuf) {
    let work_root = PathBuf::from(format!("/dev/shm/codestead-{tag}-{}", std::process::id()));
    let mut config = SandboxConfig {
        require_cgroups: true,
        work_root: Some(work_root.clone()),
        cgroup_name: format!("codestead-{tag}-{}", std::process::id()),
        ..SandboxConfig::default()
    };
    configure(&mut config);
    (Sandbox::new(config).expect("sandbox set-up"), work_root)
}

/// Host pids in the slots under cgroup `name` (v1 memory controller or v2).
fn slot_pids(cgroup_name: &str) -> Vec<u32> {
    let mut pids = Vec::new();
    for base in ["/sys/fs/cgroup/memory", "/sys/fs/cgroup"] {
        let Ok(entries) = std::fs::read_dir(Path::new(base).join(cgroup_name)) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with("run-") {
                let procs =
                    std::fs::read_to_string(e.path().join("cgroup.procs")).unwrap_or_default();
                pids.extend(procs.lines().filter_map(|l| l.trim().parse::<u32>().ok()));
            }
        }
    }
    pids
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            !s.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(false)
}

/// Polls (yielding, bounded) until `cond` holds.
async fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !cond() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting: {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn an_x32_system_call_kills_the_program() {
    // getpid (39) with the x32 bit: allowed as 39, must not be allowed as 0x40000027.
    if have(Language::Python) {
        let code = "import ctypes, sys\nprint('before', flush=True)\nctypes.CDLL(None).syscall(0x40000000 | 39)\nprint('after')";
        let out = run(Language::Python, code).await;
        assert_eq!(out.stdout, "before\n", "{out:?}");
        assert_eq!(
            (out.status, out.signal),
            (Status::RuntimeError, Some(SIGSYS)),
            "{out:?}"
        );
    }
    if have(Language::Cpp) {
        let code = "#include <unistd.h>\n#include <sys/syscall.h>\n#include <cstdio>\nint main() { std::puts(\"before\"); std::fflush(stdout); syscall(0x40000000 | SYS_getpid); std::puts(\"after\"); }";
        let out = run(Language::Cpp, code).await;
        assert_eq!(out.stdout, "before\n", "{out:?}");
        assert_eq!(out.signal, Some(SIGSYS), "{out:?}");
    }
}

#[tokio::test]
async fn a_socket_of_every_family_but_unix_is_refused() {
    if !have(Language::Python) {
        return;
    }
    // socket() and socketpair() through libc, so Python's own fallbacks play no part.
    let code = r#"
import ctypes, socket
libc = ctypes.CDLL(None, use_errno=True)
families = {"unix": 1, "inet": 2, "ax25": 3, "ipx": 4, "appletalk": 5, "inet6": 10, "key": 15,
            "netlink": 16, "packet": 17, "rds": 21, "can": 29, "tipc": 30, "bluetooth": 31,
            "alg": 38, "vsock": 40, "xdp": 44, "mctp": 45}
for name, family in families.items():
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_RAW):
        fd = libc.socket(family, kind, 0)
        print(name, kind, "fd" if fd >= 0 else ctypes.get_errno())
pair = (ctypes.c_int * 2)()
print("pair unix", libc.socketpair(1, socket.SOCK_STREAM, 0, pair), ctypes.get_errno())
print("pair inet", libc.socketpair(2, socket.SOCK_STREAM, 0, pair), ctypes.get_errno())
a, b = socket.socketpair()
a.send(b"x")
print("unix pair works", b.recv(1))
"#;
    let out = run(Language::Python, code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    let mut unix_fds = 0;
    for line in out
        .stdout
        .lines()
        .filter(|l| !l.starts_with("pair") && !l.starts_with("unix pair"))
    {
        let parts: Vec<&str> = line.split(' ').collect();
        if parts[0] == "unix" {
            unix_fds += usize::from(parts[2] == "fd");
        } else {
            assert_eq!(parts[2], "97", "EAFNOSUPPORT expected: {line}");
        }
    }
    // The kernel takes SOCK_RAW as a datagram type for AF_UNIX.
    assert_eq!(unix_fds, 3, "{}", out.stdout);
    assert!(out.stdout.contains("pair unix 0 "), "{}", out.stdout);
    assert!(out.stdout.contains("pair inet -1 97"), "{}", out.stdout);
    assert!(
        out.stdout.contains("unix pair works b'x'"),
        "{}",
        out.stdout
    );
}

#[tokio::test]
async fn tty_ioctls_beyond_read_only_queries_are_refused() {
    if !have(Language::Python) {
        return;
    }
    // A pty of the program's own: without the filter the kernel would let it set the window
    // size and fake input; with it, only queries pass.
    let code = r#"
import ctypes, os, struct
libc = ctypes.CDLL(None, use_errno=True)
master = os.open("/dev/ptmx", os.O_RDWR | os.O_NOCTTY)
slave = master
def ioctl(fd, req, arg):
    r = libc.ioctl(fd, req, arg)
    return "ok" if r == 0 else "errno=%d" % ctypes.get_errno()
buf = ctypes.create_string_buffer(64)
print("TCGETS", ioctl(slave, 0x5401, buf))
print("TIOCGWINSZ", ioctl(slave, 0x5413, buf))
ws = ctypes.create_string_buffer(struct.pack("HHHH", 24, 80, 0, 0))
print("TIOCSWINSZ", ioctl(slave, 0x5414, ws))
c = ctypes.c_char(b"x")
print("TIOCSTI", ioctl(slave, 0x5412, ctypes.byref(c)))
print("TIOCLINUX", ioctl(slave, 0x541C, buf))
print("TIOCSETD", ioctl(slave, 0x5423, ctypes.byref(ctypes.c_int(0))))
print("isatty", os.isatty(slave))
"#;
    let out = run(Language::Python, code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(
        out.stdout,
        "TCGETS ok\nTIOCGWINSZ ok\nTIOCSWINSZ errno=25\nTIOCSTI errno=25\nTIOCLINUX errno=25\nTIOCSETD errno=25\nisatty True\n"
    );
}

#[tokio::test]
async fn unlisted_system_calls_kill_the_program() {
    if !have(Language::Python) {
        return;
    }
    // Each attempt in a child of its own, which must die of SIGSYS before printing.
    let code = r#"
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
attempts = {
    "ptrace": lambda: libc.ptrace(16, os.getppid(), 0, 0),
    "mount": lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None),
    "unshare_user": lambda: libc.unshare(0x10000000),
    "setns": lambda: libc.setns(0, 0),
    "chroot": lambda: libc.chroot(b"/tmp"),
    "bpf": lambda: libc.syscall(321, 0, 0, 0),
    "keyctl": lambda: libc.syscall(250, 0, 0, 0, 0, 0),
    "io_setup": lambda: libc.syscall(206, 1, ctypes.byref(ctypes.c_ulong(0))),
    "modify_ldt": lambda: libc.syscall(154, 0, 0, 0),
    "perf_event_open": lambda: libc.syscall(298, 0, 0, -1, -1, 0),
    "userfaultfd": lambda: libc.syscall(323, 0),
    "personality": lambda: libc.syscall(135, 0xffffffff),
    "clone_newuser": lambda: libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0),
}
for name, call in attempts.items():
    pid = os.fork()
    if pid == 0:
        call()
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    print(name, os.WTERMSIG(status) if os.WIFSIGNALED(status) else "exited")
print("setuid0", libc.setuid(0), ctypes.get_errno())
"#;
    let out = run(Language::Python, code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 14, "{}", out.stdout);
    for line in &lines[..13] {
        assert!(line.ends_with(" 31"), "killed by SIGSYS: {line}");
    }
    // Allowed, and refused by the kernel itself (uid 0 is not even mapped).
    assert!(lines[13].starts_with("setuid0 -1 "), "{}", lines[13]);
}

#[tokio::test]
async fn probed_calls_fail_softly_and_the_runtimes_fall_back() {
    // clone3 (glibc's pthread_create) and io_uring_setup (libuv) answer ENOSYS.
    if have(Language::Python) {
        let code = "import ctypes, threading\nlibc = ctypes.CDLL(None, use_errno=True)\nprint(libc.syscall(435, 0, 0), ctypes.get_errno())\nprint(libc.syscall(425, 1, 0), ctypes.get_errno())\nt = threading.Thread(target=print, args=('thread',))\nt.start(); t.join()";
        let out = run(Language::Python, code).await;
        assert_eq!(out.stdout, "-1 38\n-1 38\nthread\n", "{out:?}");
    }
    if have(Language::Javascript) {
        let code = "require('fs').promises.writeFile('/tmp/x', 'y').then(() => console.log(require('fs').readFileSync('/tmp/x', 'utf8')))";
        let out = run(Language::Javascript, code).await;
        assert_eq!(
            (out.status, out.stdout.as_str()),
            (Status::Ok, "y\n"),
            "{out:?}"
        );
    }
}

#[tokio::test]
async fn the_sandbox_reports_strict_isolation_with_a_uid_per_slot() {
    let info = sandbox().isolation();
    assert_eq!(info.mode, IsolationMode::Strict, "{info:?}");
    assert!(info.insecure_reasons.is_empty(), "{info:?}");
    assert!(
        matches!(info.uids, UidScheme::PerSlot { base, count } if base >= 200_000 && count as usize > info.max_concurrent),
        "{info:?}"
    );
    assert!(
        info.cpu_quota,
        "this machine has the cpu controller: {info:?}"
    );
}

#[tokio::test]
async fn a_uid_range_that_collides_with_real_users_is_refused() {
    // 65534 is nobody's: a sandbox there would share a uid with every `nobody` process.
    let err = Sandbox::new(SandboxConfig {
        uid_base: Some(65_530),
        work_root: Some(format!("/dev/shm/codestead-uidclash-{}", std::process::id()).into()),
        ..SandboxConfig::default()
    })
    .err()
    .expect("refused");
    assert!(matches!(err, SandboxError::NotIsolated(_)), "{err}");
    assert!(err.to_string().contains("nobody"), "{err}");
    let _ = std::fs::remove_dir(format!(
        "/dev/shm/codestead-uidclash-{}",
        std::process::id()
    ));
}

/// Host uids of the two processes running `sleep <mark>`, once both run.
async fn two_sleepers(mark: u64) -> Vec<u32> {
    loop {
        let found = host_processes_with(&mark.to_string());
        if found.len() == 2 {
            return found
                .iter()
                .map(|p| {
                    let pid = p.split(':').next().unwrap();
                    std::fs::metadata(format!("/proc/{pid}")).unwrap().uid()
                })
                .collect();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn runs_at_once_have_host_uids_of_their_own_and_private_random_run_dirs() {
    if !have(Language::Python) {
        return;
    }
    // Cold runs, then runs forked from the zygotes (one per slot): the same promise either way.
    for zygote in [false, true] {
        let tag = if zygote { "uids-forked" } else { "uids-cold" };
        let (sandbox, work_root) = private_sandbox(tag, |c| {
            c.max_concurrent = 2;
            c.python_zygote = zygote;
        });
        let mark = marker();
        let code = format!("import subprocess\nsubprocess.run(['/bin/sleep', '{mark}'])");
        let mut a = Box::pin(sandbox.run(RunRequest::single(Language::Python, code.clone())));
        let mut b = Box::pin(sandbox.run(RunRequest::single(Language::Python, code)));
        let host_uids = tokio::select! {
            _ = &mut a => panic!("ran to completion"),
            _ = &mut b => panic!("ran to completion"),
            uids = two_sleepers(mark) => uids,
        };
        assert_ne!(host_uids[0], host_uids[1], "zygote {zygote}: {host_uids:?}");
        assert!(
            host_uids.iter().all(|&u| u >= 200_000),
            "zygote {zygote}: {host_uids:?}"
        );
        let dirs: Vec<_> = std::fs::read_dir(&work_root)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap(),
                )
            })
            .collect();
        // A forked run's files live in its cell's own tmpfs: no run directory at all.
        assert_eq!(
            dirs.len(),
            if zygote { 0 } else { 2 },
            "{:?}",
            dirs.iter().map(|d| &d.0).collect::<Vec<_>>()
        );
        for (name, meta) in &dirs {
            let random = name
                .strip_prefix(&format!("run-{}-", std::process::id()))
                .unwrap_or_else(|| panic!("{name}"));
            assert!(
                random.len() == 32 && random.bytes().all(|b| b.is_ascii_hexdigit()),
                "{name}"
            );
            assert_eq!(meta.permissions().mode() & 0o777, 0o700, "{name}");
            assert!(
                host_uids.contains(&meta.uid()),
                "{name} owned by {}",
                meta.uid()
            );
        }
        let root_mode = std::fs::metadata(&work_root).unwrap().permissions().mode() & 0o777;
        assert_eq!(root_mode, 0o711);
        drop((a, b));
        drop(sandbox);
        let _ = std::fs::remove_dir(&work_root);
    }
}

#[tokio::test]
async fn node_features_a_tracer_needs_survive_the_allow_list() {
    if !have(Language::Javascript) {
        return;
    }
    // What a tracer built on `vm` uses: contexts with a timeout (a watchdog thread), timers,
    // promises, reading the program's own file, writing straight to an inherited descriptor.
    let code = r#"
const vm = require('vm');
const fs = require('fs');
const ctx = vm.createContext({ out: [] });
vm.runInContext('for (let i = 0; i < 3; i++) out.push(i * 2)', ctx, { filename: 'main.js', timeout: 1000 });
const own = fs.readFileSync(__filename, 'utf8');
fs.writeSync(1, `vm ${ctx.out.join(',')} ${own.includes('runInContext')}\n`);
Promise.resolve(1).then((v) => console.log('promise', v));
(async () => {
  await new Promise((r) => setImmediate(r));
  console.log('immediate');
  await new Promise((r) => setTimeout(r, 5));
  console.log('timer');
})();
console.log(new vm.Script('1 + 2', { filename: 'x.js' }).runInNewContext({}), fs.fstatSync(1).isFIFO());
"#;
    let out = run(Language::Javascript, code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(
        out.stdout, "vm 0,2,4 true\n3 true\npromise 1\nimmediate\ntimer\n",
        "{out:?}"
    );
}

#[tokio::test]
async fn the_program_cannot_read_host_paths_off_bubblewraps_command_line() {
    // JavaScript always runs cold: its PID 1 is bubblewrap's reaper.
    if have(Language::Javascript) {
        let out = run(
            Language::Javascript,
            "console.log(require('fs').readFileSync('/proc/1/cmdline', 'latin1').replaceAll('\\0', ' '))",
        )
        .await;
        assert_eq!(out.status, Status::Ok, "{out:?}");
        assert!(out.stdout.contains("bwrap --args "), "{}", out.stdout);
        assert!(
            !out.stdout.contains("/dev/shm") && !out.stdout.contains("run-"),
            "{}",
            out.stdout
        );
    }
    // A forked Python run's PID 1 is its cell, a fork of the zygote: the zygote's command line,
    // which names no host path either.
    if have(Language::Python) {
        let out = run(
            Language::Python,
            "import json\nprint(json.dumps(open('/proc/1/cmdline', 'rb').read().decode().split('\\0')[:-1]))",
        )
        .await;
        assert_eq!(out.status, Status::Ok, "{out:?}");
        let argv: Vec<String> = serde_json::from_str(&out.stdout).unwrap();
        // python3 -B -E -s -c <the zygote's script> <control fd>
        assert_eq!(argv.len(), 7, "{argv:?}");
        assert_eq!(argv[1..5], ["-B", "-E", "-s", "-c"], "{argv:?}");
        assert!(argv[5].contains("Python zygote"), "{argv:?}");
        assert!(argv[6].bytes().all(|b| b.is_ascii_digit()), "{argv:?}");
        assert!(!argv[5].contains("/dev/shm/codestead"), "{argv:?}");
    }
}

#[tokio::test]
async fn a_program_that_prints_a_bwrap_line_and_exits_1_is_its_own_runtime_error() {
    if !have(Language::Python) {
        return;
    }
    let code = "import sys\nsys.stderr.write('bwrap: Can\\'t mount proc on /newroot/proc: Operation not permitted\\n')\nsys.exit(1)";
    let out = run(Language::Python, code).await;
    assert_eq!(out.status, Status::RuntimeError, "{out:?}");
    assert_eq!(out.exit_code, Some(1));
    assert!(out.stderr.starts_with("bwrap: Can't mount proc"), "{out:?}");
}

#[tokio::test]
async fn a_real_bubblewrap_failure_is_an_internal_error() {
    // A toolchain outside /usr gets its prefix bound; removing the prefix after start-up makes
    // bubblewrap fail its set-up (the bind source is gone) before the program exists.
    let prefix = std::env::temp_dir().join(format!("codestead-gone-{}", std::process::id()));
    let bin = prefix.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let python = bin.join("python3");
    std::fs::write(&python, "#!/bin/sh\necho Python 3.99.0\n").unwrap();
    std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&prefix, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (sandbox, work_root) = private_sandbox("gone", |c| c.python = Some(python.clone()));
    assert!(have(Language::Python));
    std::fs::remove_dir_all(&prefix).unwrap();
    let out = sandbox
        .run(RunRequest::single(Language::Python, "print(1)"))
        .await;
    assert_eq!(out.status, Status::InternalError, "{out:?}");
    assert!(
        !out.stderr.contains("bwrap"),
        "no internals for the learner: {out:?}"
    );
    drop(sandbox);
    let _ = std::fs::remove_dir_all(&work_root);
}

#[tokio::test]
async fn a_multi_threaded_cpu_burner_is_a_timeout_and_held_to_one_cpu() {
    if !have(Language::Cpp) {
        return;
    }
    let burner = "#include <thread>\n#include <vector>\nint main() { std::vector<std::thread> t; for (int i = 0; i < 4; i++) t.emplace_back([] { volatile unsigned long x = 0; for (;;) x++; }); for (auto& th : t) th.join(); }";
    let out = run_fast(Language::Cpp, burner).await;
    assert_eq!(out.status, Status::Timeout, "{out:?}");
    // Four threads on two cores would use ~2x the wall clock without the quota.
    assert!(
        out.cpu_ms <= out.wall_ms * 5 / 4 + 200,
        "cpu {} ms over {} ms of wall",
        out.cpu_ms,
        out.wall_ms
    );
}

#[tokio::test]
async fn a_cpu_time_limit_is_a_timeout_that_names_the_limit() {
    let (sandbox, work_root) = private_sandbox("cpu", |c| {
        c.limits.cpu_ms = 1_000;
        // Far beyond the CPU limit even when the machine is busy: the CPU limit must stop them.
        c.limits.wall_ms = 30_000;
    });
    let mut burners = vec![
        // SIGXCPU ignored: the hard limit's SIGKILL a second later must still read as timeout.
        (
            Language::Cpp,
            "#include <csignal>\nint main() { std::signal(SIGXCPU, SIG_IGN); volatile unsigned long x = 0; for (;;) x++; }",
        ),
        (
            Language::Java,
            "public class Main { public static void main(String[] a) throws Exception { Runnable r = () -> { long x = 0; while (true) x++; }; for (int i = 0; i < 3; i++) new Thread(r).start(); r.run(); } }",
        ),
        (Language::Python, "while True:\n    pass"),
    ];
    burners.retain(|(l, _)| have(*l));
    for (language, code) in burners {
        let out = sandbox.run(RunRequest::single(language, code)).await;
        assert_eq!(out.status, Status::Timeout, "{language}: {out:?}");
        assert!(
            out.stderr.contains("CPU time limit of 1 s"),
            "{language}: {}",
            out.stderr
        );
    }
    drop(sandbox);
    let _ = std::fs::remove_dir_all(&work_root);
}

#[tokio::test]
async fn a_planted_work_root_is_refused() {
    let pid = std::process::id();
    // A symlink to a directory the server would otherwise chmod and fill.
    let target = PathBuf::from(format!("/dev/shm/codestead-target-{pid}"));
    std::fs::create_dir_all(&target).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o700)).unwrap();
    let link = PathBuf::from(format!("/dev/shm/codestead-planted-{pid}"));
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let err = Sandbox::new(SandboxConfig {
        work_root: Some(link.clone()),
        ..SandboxConfig::default()
    })
    .err()
    .expect("a symlinked work root is refused");
    assert!(matches!(err, SandboxError::WorkDir { .. }), "{err}");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "the link's target was not touched");
    assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
    std::fs::remove_file(&link).unwrap();

    // A directory someone else made first.
    let foreign = PathBuf::from(format!("/dev/shm/codestead-foreign-{pid}"));
    std::fs::create_dir_all(&foreign).unwrap();
    std::os::unix::fs::chown(&foreign, Some(65534), Some(65534)).unwrap();
    let err = Sandbox::new(SandboxConfig {
        work_root: Some(foreign.clone()),
        ..SandboxConfig::default()
    })
    .err()
    .expect("a work root owned by another user is refused");
    assert!(err.to_string().contains("pre-planted"), "{err}");
    std::fs::remove_dir(&foreign).unwrap();
    std::fs::remove_dir(&target).unwrap();
}

#[tokio::test]
async fn a_cancelled_javac_compile_stops_and_the_next_compile_gets_its_own_answer() {
    if !have(Language::Java) {
        return;
    }
    let (sandbox, work_root) = private_sandbox("javac-cancel", |_| {});
    let cgroup_name = format!("codestead-javac-cancel-{}", std::process::id());
    // Warm the server up, so the slow compile below runs on it.
    let hello = sandbox
        .run(RunRequest::single(
            Language::Java,
            "public class Main { public static void main(String[] a) { System.out.println(1); } }",
        ))
        .await;
    assert_eq!(hello.status, Status::Ok, "{hello:?}");
    let server = slot_pids(&cgroup_name);
    assert!(!server.is_empty(), "the warm javac is running");

    // Overload resolution of nested lambdas, a few hundred times: seconds of javac time.
    let nest = format!("{}1{}", "m(() -> ".repeat(6), ")".repeat(6));
    let methods: String = (0..250)
        .map(|i| format!("  static int f{i}() {{ return {nest}; }}\n"))
        .collect();
    let slow = format!(
        "import java.util.function.*;\npublic class Main {{\n  // SLOW-COMPILE-MARK\n  static int m(Supplier<Integer> s) {{ return 1; }}\n  static int m(IntSupplier s) {{ return 2; }}\n{methods}  public static void main(String[] a) {{ System.out.println(f1()); }}\n}}\n"
    );
    // Staged for the server: the marked source is in the run's directory and in the job's.
    let staged = || {
        std::fs::read_dir(&work_root)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|d| {
                std::fs::read_to_string(d.path().join("src/Main.java"))
                    .is_ok_and(|s| s.contains("SLOW-COMPILE-MARK"))
            })
            .count()
            >= 2
    };
    let mut compile = Box::pin(sandbox.run(RunRequest::single(Language::Java, slow)));
    let handed_over = tokio::select! {
        _ = &mut compile => false,
        _ = async { while !staged() { tokio::task::yield_now().await } } => true,
    };
    assert!(
        handed_over,
        "the slow compile finished before it could be cancelled"
    );
    drop(compile);
    eventually("the abandoned compile's javac is gone", || {
        server.iter().all(|&pid| !alive(pid))
    })
    .await;

    let next = sandbox
        .run(RunRequest::single(
            Language::Java,
            "public class Main { public static void main(String[] a) { int x = \"s\"; } }",
        ))
        .await;
    assert_eq!(next.status, Status::CompileError, "{next:?}");
    let compiler = next.compile_output.unwrap_or_default();
    assert!(
        compiler.contains("incompatible types"),
        "its own diagnostics: {compiler}"
    );
    assert!(!compiler.contains("SLOW"), "{compiler}");
    drop(sandbox);
    let _ = std::fs::remove_dir_all(&work_root);
}

#[tokio::test]
async fn the_warm_javac_sees_only_the_compile_at_hand() {
    if !have(Language::Java) {
        return;
    }
    let (sandbox, work_root) = private_sandbox("javac-view", |_| {});
    let cgroup_name = format!("codestead-javac-view-{}", std::process::id());
    let out = sandbox
        .run(RunRequest::single(
            Language::Java,
            "public class Main { public static void main(String[] a) { System.out.println(2); } }",
        ))
        .await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    let pids = slot_pids(&cgroup_name);
    assert!(!pids.is_empty(), "the warm javac is running");
    let work_rel = work_root
        .strip_prefix("/dev/shm")
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut saw_job = false;
    for pid in pids {
        let Ok(mountinfo) = std::fs::read_to_string(format!("/proc/{pid}/mountinfo")) else {
            continue;
        };
        for line in mountinfo.lines() {
            let fields: Vec<&str> = line.split(' ').collect();
            let (root, mount_point) = (fields[3], fields[4]);
            assert_ne!(mount_point, "/runs", "{line}");
            if root.contains(&work_rel) {
                // Only its own class and job directories, never the work root itself.
                assert!(root.len() > format!("/{work_rel}").len() + 1, "{line}");
                assert!(["/server", "/job"].contains(&mount_point), "{line}");
                saw_job |= mount_point == "/job";
            }
        }
    }
    assert!(saw_job, "the server's /job mount was found");
    drop(sandbox);
    let _ = std::fs::remove_dir_all(&work_root);
}

#[tokio::test]
async fn java_and_node_get_the_memory_the_limit_promises() {
    // 400 MB live under the 512 MiB limit (the old heap flags stopped at 256 MiB).
    let programs = [
        (
            Language::Java,
            "import java.util.*;\npublic class Main { public static void main(String[] a) { List<byte[]> l = new ArrayList<>(); for (int i = 0; i < 400; i++) { byte[] b = new byte[1_000_000]; Arrays.fill(b, (byte) i); l.add(b); } long s = 0; for (byte[] b : l) s += b[0]; System.out.println(l.size() + \" \" + s); } }",
        ),
        (
            Language::Javascript,
            // Plain arrays of doubles live in V8's old space (typed arrays would not test it).
            "const l = []; for (let i = 0; i < 50; i++) l.push(new Array(1_000_000).fill(i + 0.5)); console.log(l.length, l.reduce((s, a) => s + a[0], 0));",
        ),
    ];
    for (language, code) in programs {
        if !have(language) {
            continue;
        }
        let out = run_patient(language, code).await;
        assert_eq!(out.status, Status::Ok, "{language}: {out:?}");
        assert!(
            out.memory_bytes > 400_000_000,
            "{language}: peak {} bytes",
            out.memory_bytes
        );
    }
}

#[tokio::test]
async fn the_files_a_grader_submits_compile_in_a_fresh_job_every_time() {
    // Two warm compiles in a row: the second must not see the first one's extra class.
    if !have(Language::Java) {
        return;
    }
    let (sandbox, work_root) = private_sandbox("javac-fresh", |_| {});
    let files = |extra: bool| {
        let mut f = vec![SourceFile::new(
            "Main.java",
            "public class Main { public static void main(String[] a) { System.out.println(Extra.V); } }",
        )];
        if extra {
            f.push(SourceFile::new(
                "Extra.java",
                "class Extra { static int V = 5; }",
            ));
        }
        RunRequest {
            language: Language::Java,
            files: f,
            entry: None,
            stdin: String::new(),
        }
    };
    let first = sandbox.run(files(true)).await;
    assert_eq!(
        (first.status, first.stdout.as_str()),
        (Status::Ok, "5\n"),
        "{first:?}"
    );
    let second = sandbox.run(files(false)).await;
    assert_eq!(second.status, Status::CompileError, "{second:?}");
    drop(sandbox);
    let _ = std::fs::remove_dir_all(&work_root);
}
