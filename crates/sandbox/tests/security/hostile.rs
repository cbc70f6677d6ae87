//! The hostile-input suite: every escape and exhaustion attempt a learner might try. Each test
//! asserts the right status *and* that the host is untouched (files, processes, network).

use std::net::TcpListener;
use std::os::unix::process::CommandExt;

use codestead_sandbox::{Language, RunRequest, Sandbox, SandboxConfig, Status};

use crate::support::*;

#[tokio::test]
async fn a_fork_bomb_is_capped_by_the_pid_limit() {
    if !have(Language::Python) {
        return;
    }
    let code = r#"
import os, time
ok = 0
for _ in range(500):
    try:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        ok += 1
    except OSError:
        pass
print(ok)
"#;
    let out = run(Language::Python, code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    let forked: u32 = out.stdout.trim().parse().unwrap();
    assert!(forked < 64, "forked {forked} processes");
    assert!(forked > 10, "the limit is not absurdly low: {forked}");
}

#[tokio::test]
async fn a_shell_fork_bomb_times_out_and_the_sandbox_stays_usable() {
    if !have(Language::Python) {
        return;
    }
    let code = r#"
import subprocess
subprocess.run(["/bin/sh", "-c", ":(){ :|:& };:"])
import time
time.sleep(60)
"#;
    let out = run_fast(Language::Python, code).await;
    assert_eq!(out.status, Status::Timeout, "{out:?}");
    let after = run_fast(Language::Python, "print('still fine')").await;
    assert_eq!(after.stdout, "still fine\n");
}

#[tokio::test]
async fn memory_bombs_hit_the_memory_limit() {
    let bombs = [
        (
            Language::Python,
            "a = []\nwhile True:\n    a.append('x' * 10_000_000)",
        ),
        (
            Language::Javascript,
            "const a = [];\nwhile (true) a.push(new Array(1e6).fill(1.5));",
        ),
        (
            Language::Javascript,
            "const a = [];\nwhile (true) a.push(Buffer.alloc(1e7, 1));",
        ),
        (
            Language::Java,
            "import java.util.*;\npublic class Main { public static void main(String[] x) { List<long[]> a = new ArrayList<>(); while (true) a.add(new long[1 << 20]); } }",
        ),
        (
            Language::Cpp,
            "#include <vector>\n#include <cstring>\nint main() { std::vector<char*> v; while (true) { char* p = new char[10000000]; std::memset(p, 1, 10000000); v.push_back(p); } }",
        ),
    ];
    for (language, code) in bombs {
        if !have(language) {
            continue;
        }
        let out = run_patient(language, code).await;
        assert_eq!(out.status, Status::MemoryLimit, "{language}: {out:?}");
        assert!(
            out.memory_bytes <= 512 * 1024 * 1024 + 4096,
            "{language}: {}",
            out.memory_bytes
        );
    }
}

#[tokio::test]
async fn filling_tmp_stops_at_its_size_and_the_next_run_gets_a_fresh_tmp() {
    if !have(Language::Python) {
        return;
    }
    let code = r#"
import os
n = 0
try:
    with open("/tmp/fill", "wb") as f:
        while True:
            f.write(b"x" * 1_000_000)
            f.flush()
            n += 1
except OSError as e:
    print(n, e.errno)
"#;
    let out = run(Language::Python, code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    let mut parts = out.stdout.split_whitespace();
    let megabytes: u64 = parts.next().unwrap().parse().unwrap();
    assert!(megabytes <= 50, "wrote {megabytes} MB");
    assert_eq!(parts.next(), Some("28"), "ENOSPC");

    let next = run(Language::Python, "import os\nprint(os.listdir('/tmp'))").await;
    assert_eq!(next.stdout, "[]\n");
}

#[tokio::test]
async fn writing_anywhere_but_tmp_is_refused() {
    if !have(Language::Python) {
        return;
    }
    let code = r#"
for path in ["/box/x", "/usr/x", "/dev/x", "/dev/null/x", "/usr/bin/python3", "/x", "/etc/x", "/proc/x", "/dev/x", "/out/x", "/main.py"]:
    try:
        open(path, "w").write("pwned")
        print("WROTE", path)
    except OSError:
        pass
open("/tmp/ok", "w").write("fine")
print("done")
"#;
    let out = run(Language::Python, code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "done\n");
}

#[tokio::test]
async fn host_secrets_and_the_data_dir_are_invisible() {
    if !have(Language::Python) {
        return;
    }
    // Stands in for the server's data directory: world-readable on the host, on purpose.
    let data = std::env::temp_dir().join(format!("codestead-data-{}", marker()));
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("codestead.db"), "SECRET-ROWS").unwrap();
    let code = format!(
        r#"
import os
for path in ["/etc/shadow", "/etc/passwd", "/root/.bashrc", "{data}/codestead.db", "/work", "/home", "/var", "/dev/shm", "/proc/1/root/etc/shadow"]:
    try:
        if os.path.isdir(path):
            if os.listdir(path):
                print("LISTED", path, os.listdir(path))
        else:
            print("READ", path, open(path).read()[:20])
    except OSError:
        pass
print(sorted(os.listdir("/")))
"#,
        data = data.display()
    );
    let out = run(Language::Python, &code).await;
    std::fs::remove_dir_all(&data).unwrap();
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert!(
        !out.stdout.contains("READ") && !out.stdout.contains("LISTED"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("SECRET"), "{}", out.stdout);
    assert_eq!(
        out.stdout.lines().last().unwrap(),
        "['bin', 'box', 'dev', 'etc', 'lib', 'lib64', 'proc', 'sbin', 'tmp', 'usr']"
    );
}

#[tokio::test]
async fn the_environment_is_empty_but_for_fixed_variables() {
    if !have(Language::Python) {
        return;
    }
    assert!(
        std::env::vars().count() > 0,
        "the test process itself has an environment"
    );
    let out = run(Language::Python, "import os\nprint(sorted(os.environ))").await;
    assert_eq!(
        out.stdout, "['HOME', 'LANG', 'PATH', 'PWD', 'TMPDIR']\n",
        "{out:?}"
    );
    let pid1 = run(
        Language::Python,
        "try:\n    print(repr(open('/proc/1/environ','rb').read()))\nexcept OSError as e:\n    print('denied', e.errno)",
    )
    .await;
    assert!(
        pid1.stdout == "b''\n" || pid1.stdout.starts_with("denied"),
        "{pid1:?}"
    );
}

#[tokio::test]
async fn there_is_no_network_not_even_to_the_hosts_loopback() {
    if !have(Language::Python) {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let code = format!(
        r#"
import socket
for host, port in [("127.0.0.1", {port}), ("1.1.1.1", 53), ("8.8.8.8", 443)]:
    try:
        socket.create_connection((host, port), timeout=1).close()
        print("CONNECTED", host)
    except OSError as e:
        print("refused", host)
try:
    socket.getaddrinfo("example.com", 80)
    print("RESOLVED")
except OSError:
    print("no dns")
import os
print(sorted(os.listdir("/sys/class/net")) if os.path.exists("/sys/class/net") else "no sysfs")
"#
    );
    let out = run(Language::Python, &code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert!(
        !out.stdout.contains("CONNECTED") && !out.stdout.contains("RESOLVED"),
        "{}",
        out.stdout
    );
    assert!(
        listener.accept().is_err(),
        "nothing reached the host's loopback port"
    );
}

#[tokio::test]
async fn kill_minus_one_cannot_reach_host_processes_of_the_same_uid() {
    if !have(Language::Python) {
        return;
    }
    // A host process running as the very uid the sandbox uses outside its namespace.
    let mark = marker();
    let mut victim = std::process::Command::new("/bin/sleep")
        .arg(format!("{mark}"))
        .uid(65534)
        .gid(65534)
        .spawn()
        .unwrap();
    let out = run(
        Language::Python,
        "import os, signal\nos.kill(-1, signal.SIGKILL)",
    )
    .await;
    let alive = victim.try_wait().unwrap().is_none();
    victim.kill().unwrap();
    victim.wait().unwrap();
    assert!(alive, "kill(-1) inside the sandbox killed a host process");
    assert_ne!(out.status, Status::InternalError, "{out:?}");
}

// ptrace, mount, unshare & co. now kill the program: see
// `hardening::unlisted_system_calls_kill_the_program`.

#[tokio::test]
async fn the_program_has_no_privileges_and_setuid_binaries_are_inert() {
    if !have(Language::Python) {
        return;
    }
    let code = r#"
import os, subprocess
status = dict(l.split(":\t", 1) for l in open("/proc/self/status").read().splitlines() if ":\t" in l)
for k in ["Uid", "NoNewPrivs", "Seccomp", "CapEff", "CapPrm", "CapBnd", "CapAmb"]:
    print(k, status[k].split()[0] if k == "Uid" else status[k].strip())
su = "/usr/bin/su"
if os.path.exists(su) and os.stat(su).st_mode & 0o4000:
    r = subprocess.run([su, "-c", "id -u", "root"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    print("su", r.returncode != 0 and "0" not in r.stdout.split())
else:
    print("su", True)
"#;
    let out = run(Language::Python, code).await;
    assert_eq!(
        out.stdout,
        "Uid 65534\nNoNewPrivs 1\nSeccomp 2\nCapEff 0000000000000000\nCapPrm 0000000000000000\nCapBnd 0000000000000000\nCapAmb 0000000000000000\nsu True\n",
        "{out:?}"
    );
}

#[tokio::test]
async fn the_pid_namespace_hides_host_processes() {
    if !have(Language::Python) {
        return;
    }
    let out = run(
        Language::Python,
        "import os\nprint(len([p for p in os.listdir('/proc') if p.isdigit()]), os.getpid())",
    )
    .await;
    let mut parts = out
        .stdout
        .split_whitespace()
        .map(|n| n.parse::<u32>().unwrap());
    let (visible, pid) = (parts.next().unwrap(), parts.next().unwrap());
    assert!(visible <= 3, "{visible} processes visible");
    assert!(pid <= 3, "own pid {pid}");
}

#[tokio::test]
async fn output_floods_stop_at_the_cap_quickly() {
    if !have(Language::Python) {
        return;
    }
    for (stream, code) in [
        ("stdout", "while True:\n    print('x' * 1000)"),
        (
            "stderr",
            "import sys\nwhile True:\n    sys.stderr.write('y' * 1000)",
        ),
    ] {
        let out = run(Language::Python, code).await;
        assert_eq!(
            out.status,
            Status::OutputLimit,
            "{stream}: {:?}",
            out.status
        );
        let captured = if stream == "stdout" {
            &out.stdout
        } else {
            &out.stderr
        };
        assert_eq!(captured.len(), 64 * 1024, "{stream}");
        assert!(
            out.wall_ms < 2_000,
            "{stream}: stopped at once, not at the wall clock: {}",
            out.wall_ms
        );
    }
}

#[tokio::test]
async fn infinite_loops_and_long_sleeps_time_out_on_the_wall_clock() {
    for (language, code) in [
        (Language::Python, "while True:\n    pass"),
        (Language::Python, "import time\ntime.sleep(1000)"),
        (Language::Javascript, "while (true) {}"),
        (
            Language::Cpp,
            "int main() { volatile long x = 0; while (true) x++; }",
        ),
        (
            Language::Java,
            "public class Main { public static void main(String[] a) throws Exception { Thread.sleep(100000); } }",
        ),
    ] {
        if !have(language) {
            continue;
        }
        let out = run_fast(language, code).await;
        assert_eq!(out.status, Status::Timeout, "{language}: {out:?}");
        assert!(
            (2_000..3_500).contains(&out.wall_ms),
            "{language}: {}",
            out.wall_ms
        );
    }
}

#[tokio::test]
async fn symlinks_made_inside_lead_nowhere() {
    if !have(Language::Python) {
        return;
    }
    let code = r#"
import os
for target in ["/etc/shadow", "/proc/1/root/root", "/../../etc/shadow"]:
    link = "/tmp/l"
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(target, link)
    try:
        print("READ", open(link).read()[:10])
    except OSError:
        pass
print("done")
"#;
    let out = run(Language::Python, code).await;
    assert_eq!(out.stdout, "done\n", "{out:?}");
}

#[tokio::test]
async fn nothing_survives_a_run_no_processes_cgroups_or_temp_dirs() {
    if !have(Language::Python) {
        return;
    }
    // Its own cgroup and work root, so concurrent tests cannot disturb the leftover checks.
    let work_root = std::path::PathBuf::from(format!(
        "/dev/shm/codestead-leftover-{}",
        std::process::id()
    ));
    let cgroup_name = format!("codestead-leftover-{}", std::process::id());
    let sandbox = Sandbox::new(SandboxConfig {
        require_cgroups: true,
        work_root: Some(work_root.clone()),
        cgroup_name: cgroup_name.clone(),
        ..SandboxConfig::default()
    })
    .unwrap();
    // Long-lived helpers (the Python zygote and its slot) start with the first run; what
    // counts is that a run adds nothing.
    let warm_up = sandbox
        .run(RunRequest::single(Language::Python, "pass"))
        .await;
    assert_eq!(warm_up.status, Status::Ok, "{warm_up:?}");
    let before = run_slots(&cgroup_name);
    let mark = marker();
    let code = format!(
        r#"
import os, subprocess
subprocess.Popen(["/bin/sleep", "{mark}"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["/bin/sleep", "{mark}"])
    os._exit(0)
print("left orphans behind")
"#
    );
    let out = sandbox
        .run(RunRequest::single(Language::Python, code))
        .await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "left orphans behind\n");
    assert_eq!(host_processes_with(&mark.to_string()), Vec::<String>::new());
    let leftovers: Vec<_> = std::fs::read_dir(&work_root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(leftovers.is_empty(), "temp dirs left: {leftovers:?}");
    assert_eq!(run_slots(&cgroup_name), before, "cgroups left");
    drop(sandbox);
    remove_cgroup_bases(&cgroup_name);
    let _ = std::fs::remove_dir(&work_root);
}

/// The slots (`run-*` cgroups) under a sandbox's cgroup, in every controller.
fn run_slots(cgroup_name: &str) -> Vec<std::path::PathBuf> {
    let mut slots = Vec::new();
    for controller in ["memory", "pids", "cpuacct", ""] {
        let base = std::path::Path::new("/sys/fs/cgroup")
            .join(controller)
            .join(cgroup_name);
        if let Ok(entries) = std::fs::read_dir(&base) {
            slots.extend(
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("run-"))
                    .map(|e| e.path()),
            );
        }
    }
    slots.sort();
    slots
}

fn remove_cgroup_bases(cgroup_name: &str) {
    for controller in ["memory", "pids", "cpuacct", ""] {
        let _ = std::fs::remove_dir(
            std::path::Path::new("/sys/fs/cgroup")
                .join(controller)
                .join(cgroup_name),
        );
    }
}

#[tokio::test]
async fn timed_out_trees_leave_no_processes_behind() {
    if !have(Language::Python) {
        return;
    }
    let mark = marker();
    let code = format!(
        "import subprocess, time\nfor _ in range(5):\n    subprocess.Popen(['/bin/sleep', '{mark}'], start_new_session=True)\ntime.sleep(1000)"
    );
    let out = run_fast(Language::Python, &code).await;
    assert_eq!(out.status, Status::Timeout, "{out:?}");
    assert_eq!(host_processes_with(&mark.to_string()), Vec::<String>::new());
}

#[tokio::test]
async fn a_hundred_runs_at_once_all_finish_correctly_and_at_most_max_concurrent_run_together() {
    if !have(Language::Python) {
        return;
    }
    let sandbox = sandbox();
    let runs = (0..100).map(|i| {
        let sandbox = sandbox.clone();
        tokio::spawn(async move {
            // CLOCK_MONOTONIC is shared with the host (no time namespace), so the intervals
            // of all runs are comparable.
            let code = format!(
                "import time\ns = time.monotonic()\nprint({i} * 2)\nprint(s, time.monotonic())"
            );
            sandbox
                .run(RunRequest::single(Language::Python, code))
                .await
        })
    });
    let outcomes = futures_join(runs.collect()).await;
    let mut events = Vec::new();
    for (i, out) in outcomes.into_iter().enumerate() {
        assert_eq!(out.status, Status::Ok, "run {i}: {out:?}");
        let mut lines = out.stdout.lines();
        assert_eq!(lines.next(), Some((i * 2).to_string().as_str()));
        let times: Vec<f64> = lines
            .next()
            .unwrap()
            .split(' ')
            .map(|t| t.parse().unwrap())
            .collect();
        events.push((times[0], 1i64));
        events.push((times[1], -1));
    }
    events.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let (mut running, mut peak) = (0, 0);
    for (_, delta) in events {
        running += delta;
        peak = peak.max(running);
    }
    let bound = std::thread::available_parallelism().unwrap().get() as i64;
    assert!(
        peak <= bound,
        "{peak} programs ran at once, bound is {bound}"
    );
}

async fn futures_join<T: Send + 'static>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn huge_stdin_to_a_program_that_never_reads_it_does_not_hang() {
    if !have(Language::Python) {
        return;
    }
    let out = fast_sandbox()
        .run(
            RunRequest::single(Language::Python, "print('ignored stdin')")
                .with_stdin("z".repeat(8 << 20)),
        )
        .await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "ignored stdin\n");
}

#[tokio::test]
async fn a_cancelled_run_leaves_nothing_behind() {
    if !have(Language::Python) {
        return;
    }
    let work_root =
        std::path::PathBuf::from(format!("/dev/shm/codestead-cancel-{}", std::process::id()));
    let cgroup_name = format!("codestead-cancel-{}", std::process::id());
    let sandbox = Sandbox::new(SandboxConfig {
        require_cgroups: true,
        work_root: Some(work_root.clone()),
        cgroup_name: cgroup_name.clone(),
        ..SandboxConfig::default()
    })
    .unwrap();
    let warm_up = sandbox
        .run(RunRequest::single(Language::Python, "pass"))
        .await;
    assert_eq!(warm_up.status, Status::Ok, "{warm_up:?}");
    let before = run_slots(&cgroup_name);
    let mark = marker();
    let code = format!(
        "import subprocess\nsubprocess.Popen(['/bin/sleep', '{mark}'], start_new_session=True)\nprint('started', flush=True)\nsubprocess.run(['/bin/sleep', '{mark}'])"
    );
    let mut run = Box::pin(sandbox.run(RunRequest::single(Language::Python, code)));
    // Wait until the sleepers exist on the host, then drop the run (a client that went away).
    let appeared = tokio::select! {
        _ = &mut run => false,
        _ = async {
            while host_processes_with(&mark.to_string()).len() < 2 {
                tokio::task::yield_now().await;
            }
        } => true,
    };
    assert!(
        appeared,
        "the program ran to completion instead of sleeping"
    );
    drop(run);
    assert_eq!(host_processes_with(&mark.to_string()), Vec::<String>::new());
    let leftovers: Vec<_> = std::fs::read_dir(&work_root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(leftovers.is_empty(), "temp dirs left: {leftovers:?}");
    assert_eq!(run_slots(&cgroup_name), before, "cgroups left behind");
    drop(sandbox);
    remove_cgroup_bases(&cgroup_name);
    let _ = std::fs::remove_dir(&work_root);
}

#[tokio::test]
async fn descriptors_the_server_leaked_do_not_reach_the_program() {
    if !have(Language::Python) {
        return;
    }
    // A file the server opened without CLOEXEC, as a careless library might.
    let secret = std::env::temp_dir().join(format!("codestead-fd-{}", marker()));
    std::fs::write(&secret, "SECRET").unwrap();
    let path = std::ffi::CString::new(secret.to_str().unwrap()).unwrap();
    // SAFETY: plain open(2) of a valid C string; closed below.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY) };
    assert!(fd > 2);
    let code = r#"
import os
fds = sorted(int(f) for f in os.listdir("/proc/self/fd"))
for fd in fds:
    try:
        print(fd, os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        print(fd, "gone")
"#;
    let out = run(Language::Python, code).await;
    // SAFETY: closing the fd opened above.
    unsafe { libc::close(fd) };
    std::fs::remove_file(&secret).unwrap();
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert!(!out.stdout.contains("codestead-fd"), "{}", out.stdout);
    let numbers: Vec<i32> = out
        .stdout
        .lines()
        .map(|l| l.split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert!(
        numbers.iter().all(|&n| n <= 3),
        "only stdio and the listing itself: {}",
        out.stdout
    );
}
