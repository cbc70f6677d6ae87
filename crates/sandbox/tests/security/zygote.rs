//! The Python zygote (docs/sandbox.md, "Python zygote"): a run forked from it must be
//! indistinguishable from a cold run to the program, keep nothing between runs, never execute
//! in the zygote itself, and survive the zygote's death by running cold.

use std::sync::OnceLock;

use codestead_sandbox::{Language, RunRequest, Sandbox, SandboxConfig, Status};

use crate::support::*;

/// The same sandbox without the zygote: every Python run starts its own interpreter.
fn cold_sandbox() -> Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX
        .get_or_init(|| {
            Sandbox::new(SandboxConfig {
                require_cgroups: true,
                python_zygote: false,
                ..SandboxConfig::default()
            })
            .expect("sandbox set-up")
        })
        .clone()
}

/// Marks a run that went through the zygote: its PID 1 is a fork of the zygote, whose command
/// line carries the zygote's script (a cold run's PID 1 is bubblewrap).
const VIA_ZYGOTE: &str = r#"
def _via_zygote():
    return b"Python zygote" in open("/proc/1/cmdline", "rb").read()
"#;

async fn python(sandbox: &Sandbox, code: &str) -> codestead_sandbox::RunOutcome {
    let code = format!("{VIA_ZYGOTE}\n{code}");
    sandbox
        .run(RunRequest::single(Language::Python, code))
        .await
}

#[tokio::test]
async fn nothing_of_one_python_run_is_visible_to_the_next() {
    if !have(Language::Python) {
        return;
    }
    // One run at a time, so the second run is the zygote's very next fork.
    let sandbox = Sandbox::new(SandboxConfig {
        require_cgroups: true,
        max_concurrent: 1,
        ..SandboxConfig::default()
    })
    .unwrap();
    let mark = marker();
    let dirty = format!(
        r#"
import builtins, ctypes, os, random, signal, subprocess, sys, threading, time, types
print(_via_zygote(), random.random())
open("/tmp/left-behind", "w").write("x")
open("/dev/shm/left-behind", "w").write("x")
os.environ["LEFT_BEHIND"] = "1"
sys.modules["left_behind"] = types.ModuleType("left_behind")
sys.path.append("/tmp")
sys.setrecursionlimit(77)
signal.signal(signal.SIGUSR1, lambda *a: None)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
subprocess.Popen(["/bin/sleep", "{mark}"], start_new_session=True)
libc = ctypes.CDLL(None, use_errno=True)
# SysV IPC is not on the allow-list: a child trying it dies of SIGSYS.
pid = os.fork()
if pid == 0:
    libc.shmget(0xC0DE, 4096, 0o1666)
    os._exit(0)
print(os.WTERMSIG(os.waitpid(pid, 0)[1]) == signal.SIGSYS)
builtins.left_behind = True
builtins.len = lambda x: 42
"#
    );
    let first = python(&sandbox, &dirty).await;
    assert_eq!(first.status, Status::Ok, "{first:?}");
    let mut first_line = first.stdout.lines().next().unwrap().split(' ');
    assert_eq!(first_line.next(), Some("True"), "the first run is forked");
    let first_random = first_line.next().unwrap().to_owned();
    assert!(
        first.stdout.ends_with("True\n"),
        "SysV IPC killed the child: {first:?}"
    );

    let check = r#"
import builtins, ctypes, os, random, signal, sys, threading
libc = ctypes.CDLL(None, use_errno=True)
print(_via_zygote(), random.random())
print(sorted(os.listdir("/tmp")), sorted(os.listdir("/dev/shm")))
print("LEFT_BEHIND" in os.environ, hasattr(builtins, "left_behind"), len([1, 2]))
print("left_behind" in sys.modules, "/tmp" in sys.path, sys.getrecursionlimit())
print(signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL, signal.getsignal(signal.SIGTERM) == signal.SIG_DFL)
print(threading.active_count(), sorted(p for p in os.listdir("/proc") if p.isdigit()))
"#;
    let second = python(&sandbox, check).await;
    assert_eq!(second.status, Status::Ok, "{second:?}");
    let lines: Vec<&str> = second.stdout.lines().collect();
    let mut head = lines[0].split(' ');
    assert_eq!(head.next(), Some("True"), "the second run is forked too");
    assert_ne!(
        head.next().unwrap(),
        first_random,
        "random is reseeded in every run"
    );
    assert_eq!(
        &lines[1..],
        [
            "[] []",
            "False False 2",
            "False False 1000",
            "True True",
            "1 ['1', '2']",
        ],
        "{second:?}"
    );
    assert_eq!(host_processes_with(&mark.to_string()), Vec::<String>::new());
}

#[tokio::test]
async fn learner_code_never_runs_in_the_zygote_or_shares_its_namespaces() {
    if !have(Language::Python) {
        return;
    }
    let code = r#"
import os
print(_via_zygote(), os.getpid(), os.getppid())
for ns in ["pid", "mnt", "net", "ipc", "cgroup", "user"]:
    print(ns, os.readlink("/proc/self/ns/" + ns))
"#;
    let out = python(&sandbox(), code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    let mut lines = out.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("True 2 1"),
        "PID 2 under the cell's PID 1"
    );
    let run_ns: Vec<(String, String)> = lines
        .map(|l| {
            let (k, v) = l.split_once(' ').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect();

    // The zygotes on the host: processes running the zygote's script in the PID namespace of
    // their parent, bubblewrap's PID 1 (cells are forks of the zygote too, but each is PID 1
    // of a namespace of its own).
    let mut zygotes = 0;
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let path = entry.path();
        let Ok(cmdline) = std::fs::read(path.join("cmdline")) else {
            continue;
        };
        if !String::from_utf8_lossy(&cmdline).contains("Python zygote") {
            continue;
        }
        // Only this test process's own zygotes: another sandbox on the same host (a server, a
        // parallel test run) has zygotes of its own, whose namespaces say nothing about ours.
        if !descends_from(&path, std::process::id()) {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(path.join("stat")) else {
            continue;
        };
        let ppid = stat.rsplit(") ").next().unwrap().split(' ').nth(1).unwrap();
        let own_pid_ns = std::fs::read_link(path.join("ns/pid")).ok();
        let parent_pid_ns = std::fs::read_link(format!("/proc/{ppid}/ns/pid")).ok();
        if own_pid_ns.is_none() || own_pid_ns != parent_pid_ns {
            continue;
        }
        zygotes += 1;
        for (ns, id) in &run_ns {
            let Ok(zygote_ns) = std::fs::read_link(path.join("ns").join(ns)) else {
                continue;
            };
            let zygote_ns = zygote_ns.to_string_lossy().into_owned();
            if ns == "user" {
                // The one namespace a run shares with its zygote: it maps only the sandbox uid.
                continue;
            }
            assert_ne!(&zygote_ns, id, "the run shares the zygote's {ns} namespace");
        }
    }
    assert!(zygotes >= 1, "the zygote was found on the host");
}

/// Whether the process at `/proc/<pid>` has `ancestor` on its parent chain.
fn descends_from(proc_dir: &std::path::Path, ancestor: u32) -> bool {
    let parent_of = |dir: &std::path::Path| -> Option<u32> {
        let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
        stat.rsplit(") ").next()?.split(' ').nth(1)?.parse().ok()
    };
    let mut dir = proc_dir.to_path_buf();
    for _ in 0..64 {
        match parent_of(&dir) {
            Some(p) if p == ancestor => return true,
            Some(p) if p > 1 => dir = std::path::PathBuf::from(format!("/proc/{p}")),
            _ => return false,
        }
    }
    false
}

/// Everything a program can easily observe about its surroundings, for comparing paths.
const OBSERVE: &str = r#"
import os, sys
status = dict(l.split(":\t", 1) for l in open("/proc/self/status").read().splitlines() if ":\t" in l)
for k in ["Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp", "Seccomp_filters"]:
    print(k, status[k].strip())
print(os.getcwd(), os.getpid(), os.getsid(0), os.getpgid(0), os.uname().nodename)
print(sorted(os.environ.items()))
print(sys.argv, sys.orig_argv[1:], sys.path[0], __file__, __name__, __spec__, __cached__)
print(list(g for g in globals() if g.startswith("__")))
print(sorted(os.listdir("/")), os.listdir("/box"))
mounts = {}
for line in open("/proc/self/mountinfo"):
    fields = line.split()
    mounts[fields[4]] = ",".join(o for o in fields[5].split(",") if o != "relatime")
print(sorted(mounts.items()))
import resource
print([resource.getrlimit(r) for r in (resource.RLIMIT_CPU, resource.RLIMIT_FSIZE, resource.RLIMIT_NOFILE, resource.RLIMIT_CORE, resource.RLIMIT_STACK)])
import signal
print(sorted((s.name, str(signal.getsignal(s))) for s in signal.valid_signals() if signal.getsignal(s) not in (signal.SIG_DFL, None)))
print(open("/proc/self/cgroup").read().strip().splitlines()[-1].split(":")[-1])
import socket
try:
    socket.create_connection(("127.0.0.1", 9), timeout=1)
except OSError as e:
    print("loopback", e.errno)
"#;

#[tokio::test]
async fn a_forked_run_looks_exactly_like_a_cold_run_to_the_program() {
    if !have(Language::Python) {
        return;
    }
    let code = format!("{OBSERVE}\nprint(_via_zygote())");
    let forked = python(&sandbox(), &code).await;
    let cold = python(&cold_sandbox(), &code).await;
    assert_eq!(forked.status, Status::Ok, "{forked:?}");
    assert_eq!(cold.status, Status::Ok, "{cold:?}");
    assert!(forked.stdout.ends_with("True\n"), "{forked:?}");
    assert!(cold.stdout.ends_with("False\n"), "{cold:?}");
    let strip = |s: &str| {
        s.lines()
            .take(s.lines().count() - 1)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&forked.stdout), strip(&cold.stdout));
    assert!(
        forked
            .stdout
            .contains("CapEff 0000000000000000\nCapBnd 0000000000000000"),
        "{}",
        forked.stdout
    );
    assert!(forked.stdout.contains("Seccomp 2\n"), "{}", forked.stdout);
}

#[tokio::test]
async fn errors_exits_and_stdin_behave_as_on_the_cold_path() {
    if !have(Language::Python) {
        return;
    }
    let programs = [
        ("import sys\nprint('before')\nraise ValueError('boom')", ""),
        ("def f(n):\n    return 1 / n\n\nprint(f(0))", ""),
        ("print(", ""),
        ("import sys\nsys.exit(3)", ""),
        ("import sys\nsys.exit('bye')", ""),
        ("import os\nos.kill(os.getpid(), 9)", ""),
        (
            "import sys\nfor l in sys.stdin: print(l.strip()[::-1])",
            "abc\nxyz\n",
        ),
        ("name = input('name? ')\nprint('hi', name)", "Ada\n"),
        (
            "import atexit, threading, time\natexit.register(print, 'atexit')\nthreading.Thread(target=lambda: (time.sleep(0.2), print('thread'))).start()\nprint('main')",
            "",
        ),
        (
            "class A:\n    def __del__(self):\n        print('finalized')\na = A()\nprint('end')",
            "",
        ),
        (
            "import sys\nprint('x' * 10, end='')\nsys.stdout.close()",
            "",
        ),
    ];
    for (code, stdin) in programs {
        let req = RunRequest::single(Language::Python, code).with_stdin(stdin);
        let forked = sandbox().run(req.clone()).await;
        let cold = cold_sandbox().run(req).await;
        assert_eq!(
            (&forked.status, &forked.stdout, &forked.stderr),
            (&cold.status, &cold.stdout, &cold.stderr),
            "{code}"
        );
        assert_eq!(
            (forked.exit_code, forked.signal),
            (cold.exit_code, cold.signal),
            "{code}"
        );
    }
}

#[tokio::test]
async fn a_dead_zygote_means_cold_runs_until_it_is_restarted() {
    if !have(Language::Python) {
        return;
    }
    let cgroup_name = format!("codestead-zygote-death-{}", std::process::id());
    let sandbox = Sandbox::new(SandboxConfig {
        require_cgroups: true,
        cgroup_name: cgroup_name.clone(),
        ..SandboxConfig::default()
    })
    .unwrap();
    let first = python(&sandbox, "print(_via_zygote())").await;
    assert_eq!(first.stdout, "True\n", "{first:?}");

    // The zygote's slot is the only one alive between runs: kill everything in it.
    let v1 = std::path::Path::new("/sys/fs/cgroup/pids").join(&cgroup_name);
    let base = if v1.is_dir() {
        v1
    } else {
        std::path::Path::new("/sys/fs/cgroup").join(&cgroup_name)
    };
    let mut killed = 0;
    for slot in std::fs::read_dir(&base).unwrap().flatten() {
        if let Ok(procs) = std::fs::read_to_string(slot.path().join("cgroup.procs")) {
            for pid in procs.lines().filter_map(|p| p.parse::<i32>().ok()) {
                // SAFETY: kill(2) has no memory-safety preconditions.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                killed += 1;
            }
        }
    }
    assert!(killed >= 2, "bubblewrap and the zygote were killed");

    let after = python(&sandbox, "print(_via_zygote(), 6 * 7)").await;
    assert_eq!(after.status, Status::Ok, "{after:?}");
    assert!(after.stdout.ends_with(" 42\n"), "{after:?}");
    // Within a few runs a new zygote serves them again.
    let mut forked_again = false;
    for _ in 0..5 {
        let out = python(&sandbox, "print(_via_zygote())").await;
        assert_eq!(out.status, Status::Ok, "{out:?}");
        if out.stdout == "True\n" {
            forked_again = true;
            break;
        }
    }
    assert!(forked_again, "the zygote was restarted");
    drop(sandbox);
    for controller in ["memory", "pids", "cpuacct", ""] {
        let _ = std::fs::remove_dir(
            std::path::Path::new("/sys/fs/cgroup")
                .join(controller)
                .join(&cgroup_name),
        );
    }
}
