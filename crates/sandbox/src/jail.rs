//! One sandboxed process: builds the bubblewrap command line, starts it inside a fresh cgroup
//! slot with rlimits, a dropped host uid and the seccomp filters, feeds stdin, captures capped
//! stdout/stderr, enforces the wall clock by killing the whole tree, and collects what the
//! cgroup measured.
//!
//! Process tree: server → `bwrap` (host uid nobody, in the slot) → bwrap's PID-1 reaper →
//! the program. When the program exits, PID 1 exits and the kernel kills everything left in the
//! PID namespace; when we kill, we kill the slot (every process in it), and `--die-with-parent`
//! backs that up if the slot is missing.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;
use tokio::sync::Notify;

use crate::Language;
use crate::cgroup::{Cgroups, Slot, SlotStats};
use crate::seccomp::{Filters, Phase};

/// Static, start-up-time part of the sandbox: where things are and how to drop privileges.
#[derive(Debug)]
pub(crate) struct JailEnv {
    pub bwrap: PathBuf,
    /// Root filesystem arguments (`--ro-bind /usr /usr`, symlinks, toolchain roots, ...).
    pub root_args: Vec<String>,
    /// The seccomp programs of every (language, phase), compiled at start-up.
    pub seccomp: Filters,
    pub cgroups: Option<Cgroups>,
    /// Set by `CODESTEAD_SANDBOX_STRACE_DIR` (see docs/sandbox.md, "Seccomp"): every program
    /// runs under `strace -f` writing into this host directory, and the allow-list program is
    /// left out (strace needs ptrace). For regenerating the allow-lists only; the sandbox then
    /// reports itself insecure.
    pub strace_dir: Option<PathBuf>,
}

/// One mount of a host directory into the sandbox.
pub(crate) struct Bind {
    pub host: PathBuf,
    pub inside: &'static str,
    pub writable: bool,
}

/// What to run in one sandbox.
pub(crate) struct JailSpec {
    /// Picks the seccomp allow-list.
    pub language: Language,
    pub phase: Phase,
    /// Host uid/gid to switch to before exec'ing bwrap (the slot's own, when the server is
    /// root); `None` keeps the server's.
    pub run_as: Option<(u32, u32)>,
    pub argv: Vec<String>,
    pub binds: Vec<Bind>,
    pub chdir: &'static str,
    pub env: Vec<(&'static str, String)>,
    pub stdin: Vec<u8>,
    pub wall: Duration,
    /// CPU time any one process may use (RLIMIT_CPU; the slot's CPU quota keeps the whole
    /// tree at one CPU, so together they cannot pass the wall clock either).
    pub cpu_ms: u64,
    pub memory_bytes: u64,
    pub max_pids: u32,
    pub output_bytes: usize,
    pub tmp_bytes: u64,
    /// Descriptors of the server handed on to the program under the same numbers (a traced
    /// run's trace channel); everything else above stderr is closed on exec.
    pub pass_fds: Vec<RawFd>,
    /// Read-only files made from a descriptor's contents (`--ro-bind-data`): the JavaScript
    /// tracer at `/codestead/trace.js`. bubblewrap reads each descriptor before the program
    /// starts; nothing is written to the host.
    pub data_files: Vec<(RawFd, &'static str)>,
}

/// Why the supervisor killed the tree, if it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Killed {
    Timeout,
    Output,
    /// An interactive run's caller pressed Stop (or went away).
    Stopped,
}

/// What happened.
#[derive(Debug)]
pub(crate) struct JailResult {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    pub killed: Option<Killed>,
    pub wall: Duration,
    pub stats: SlotStats,
    /// bubblewrap itself failed to set the sandbox up (its message, for the logs). Decided by
    /// bubblewrap's status pipe, which the program cannot write, never by what stderr says.
    pub setup_error: Option<String>,
    /// The process was stopped by its CPU-time limit (RLIMIT_CPU), of this many seconds.
    pub cpu_limited: Option<u64>,
}

/// A started sandbox: bubblewrap's process, its slot, and a pidfd to kill it by.
pub(crate) struct Spawned {
    pub child: tokio::process::Child,
    pub slot: Option<Slot>,
    pub pidfd: Option<OwnedFd>,
    /// Read end of bubblewrap's `--json-status-fd` pipe.
    pub status: OwnedFd,
}

impl Spawned {
    /// Kills the whole tree (slot first, then bubblewrap through its pidfd).
    pub(crate) fn kill(&self) {
        if let Some(s) = &self.slot {
            s.kill_all();
        }
        if let Some(fd) = &self.pidfd {
            kill_pidfd(fd);
        }
    }
}

fn kill_pidfd(fd: &OwnedFd) {
    // SAFETY: pidfd_send_signal on a pidfd we own; no memory is passed.
    unsafe {
        libc::syscall(
            libc::SYS_pidfd_send_signal,
            fd.as_raw_fd(),
            libc::SIGKILL,
            std::ptr::null::<libc::siginfo_t>(),
            0,
        )
    };
}

/// What a few long-lived sandboxes (the Python zygote) need beyond an ordinary run.
#[derive(Default)]
pub(crate) struct SpawnExtras {
    /// Descriptors to pass through to the program (besides stdio).
    pub keep_fds: Vec<RawFd>,
    /// Capabilities kept inside the sandbox's user namespace (`--cap-add`), instead of none.
    pub cap_add: Vec<&'static str>,
    /// Leave the seccomp filters to the program itself (it loads them in each run it forks).
    pub no_seccomp: bool,
    /// Empty directories to create in the sandbox's root (`--dir`), e.g. mount points.
    pub dirs: Vec<&'static str>,
    /// No parent-death signal for bubblewrap (ours or its `--die-with-parent`).
    /// PR_SET_PDEATHSIG fires when the *thread* that forked exits, and a long-lived sandbox may be started from a short-lived thread (a
    /// blocking-pool thread, a test's runtime); such a sandbox must end by itself when the
    /// server goes (the zygote exits when its control socket closes).
    pub outlive_thread: bool,
}

/// Largest single file the program may write (its /tmp is smaller anyway).
const FSIZE_LIMIT: u64 = 64 * 1024 * 1024;
const NOFILE_LIMIT: u64 = 512;
const STACK_LIMIT: u64 = 64 * 1024 * 1024;

pub(crate) fn memfd_with(name: &str, bytes: &[u8]) -> io::Result<OwnedFd> {
    let cname = CString::new(name).expect("static name");
    // SAFETY: valid C string; the returned fd is owned below.
    let fd = unsafe { libc::memfd_create(cname.as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd is a fresh descriptor we own.
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    let mut file = std::fs::File::from(owned);
    io::Write::write_all(&mut file, bytes)?;
    io::Seek::seek(&mut file, io::SeekFrom::Start(0))?;
    Ok(file.into())
}

pub(crate) async fn read_capped<R: AsyncRead + Unpin>(
    mut r: R,
    cap: usize,
    over: Arc<Notify>,
) -> (Vec<u8>, bool) {
    let mut buf = Vec::with_capacity(4096.min(cap + 1));
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match r.read(&mut chunk).await {
            Ok(0) | Err(_) => return (buf, false),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if buf.len() > cap {
                    buf.truncate(cap);
                    over.notify_one();
                    return (buf, true);
                }
            }
        }
    }
}

/// A pipe for bubblewrap's `--json-status-fd`: the read end (ours, close-on-exec, non-blocking)
/// and the write end (inherited by bwrap, which keeps it only in its outer monitor process: the
/// sandboxed child closes it before any set-up step, so the program can never write to it).
fn status_pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two descriptors into the array; both are owned below.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fresh descriptors from pipe2.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Whatever bubblewrap wrote to its status pipe (it has exited, so this never blocks: the
/// read end is non-blocking and the few hundred bytes fit the pipe buffer).
fn drain(fd: &OwnedFd) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        // SAFETY: read into a stack buffer from a descriptor we own.
        let n = unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            return out;
        }
        out.extend_from_slice(&buf[..n as usize]);
    }
}

/// bubblewrap writes `{ "exit-code": N }` to its status pipe only when the program was
/// executed (its own set-up finished, seccomp was loaded and `execve` succeeded); a failure
/// before that leaves the line out. So its absence, not a `bwrap:` prefix on stderr that any
/// program can print, is what marks the sandbox's own failure.
pub(crate) fn program_was_executed(status: &[u8]) -> bool {
    String::from_utf8_lossy(status)
        .lines()
        .any(|l| l.contains("\"exit-code\""))
}

/// A random 128-bit name component (hex), for run directories and cgroup slots: nothing a
/// program sees of its own run (bubblewrap's arguments, its cgroup) tells it another's name.
pub(crate) fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    let mut filled = 0;
    while filled < bytes.len() {
        // SAFETY: getrandom writes at most the given length into the buffer.
        let n = unsafe {
            libc::getrandom(bytes[filled..].as_mut_ptr().cast(), bytes.len() - filled, 0)
        };
        if n > 0 {
            filled += n as usize;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl JailEnv {
    /// bubblewrap's options (for the `--args` memfd) and, apart, the command: an argument file
    /// ends at `--`, so the command must follow on the real command line.
    fn bwrap_args(
        &self,
        spec: &JailSpec,
        seccomp_fds: &[RawFd],
        status_fd: RawFd,
        extras: &SpawnExtras,
    ) -> (Vec<String>, Vec<String>) {
        let mut a: Vec<String> = Vec::with_capacity(64);
        let mut push = |items: &[&str]| a.extend(items.iter().map(|s| s.to_string()));
        push(&[
            "--unshare-user",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--disable-userns",
        ]);
        // bubblewrap's --die-with-parent is a parent-death signal of its own (see
        // `SpawnExtras::outlive_thread`).
        if !extras.outlive_thread {
            push(&["--die-with-parent"]);
        }
        push(&["--new-session", "--cap-drop", "ALL"]);
        for cap in &extras.cap_add {
            push(&["--cap-add", *cap]);
        }
        push(&[
            "--clearenv",
            "--uid",
            "65534",
            "--gid",
            "65534",
            "--hostname",
            "sandbox",
        ]);
        a.extend(self.root_args.iter().cloned());
        for dir in &extras.dirs {
            a.extend(["--dir".to_owned(), (*dir).to_owned()]);
        }
        a.extend(["--proc", "/proc", "--dev", "/dev", "--size"].map(String::from));
        a.push(spec.tmp_bytes.to_string());
        a.extend(["--tmpfs", "/tmp"].map(String::from));
        for b in &spec.binds {
            a.push(if b.writable { "--bind" } else { "--ro-bind" }.to_owned());
            a.push(b.host.to_string_lossy().into_owned());
            a.push(b.inside.to_owned());
        }
        if let Some(dir) = &self.strace_dir {
            a.extend(["--bind".to_owned(), dir.to_string_lossy().into_owned()]);
            a.push("/strace".to_owned());
        }
        for (fd, inside) in &spec.data_files {
            a.extend([
                "--ro-bind-data".to_owned(),
                fd.to_string(),
                (*inside).to_owned(),
            ]);
        }
        // POSIX shared memory (Python's multiprocessing locks) gets its own small tmpfs; then
        // everything but /tmp, /dev/shm and a compile's /out is made read-only.
        a.extend(
            [
                "--size",
                "8388608",
                "--tmpfs",
                "/dev/shm",
                "--remount-ro",
                "/dev",
                "--remount-ro",
                "/",
            ]
            .map(String::from),
        );
        a.extend(["--chdir".to_owned(), spec.chdir.to_owned()]);
        for (k, v) in &spec.env {
            a.extend(["--setenv".to_owned(), (*k).to_owned(), v.clone()]);
        }
        for fd in seccomp_fds {
            a.extend(["--add-seccomp-fd".to_owned(), fd.to_string()]);
        }
        a.extend(["--json-status-fd".to_owned(), status_fd.to_string()]);
        let mut command = vec!["--".to_owned()];
        if self.strace_dir.is_some() {
            let phase = match spec.phase {
                Phase::Compile => "compile",
                Phase::Run => "run",
            };
            command.extend(["/usr/bin/strace", "-f", "-qq", "-o"].map(String::from));
            command.push(format!(
                "/strace/{}-{phase}.{}",
                spec.language.id(),
                &random_hex()[..12]
            ));
        }
        command.extend(spec.argv.iter().cloned());
        (a, command)
    }

    /// Starts `spec` in a fresh slot without waiting for it (the warm javac server uses this
    /// directly; `run` supervises what it returns). `cpu_secs` is the soft RLIMIT_CPU (SIGXCPU);
    /// the hard limit (SIGKILL) is one second more.
    pub(crate) fn spawn(&self, spec: &JailSpec, cpu_secs: u64) -> io::Result<Spawned> {
        self.spawn_with(spec, cpu_secs, &SpawnExtras::default())
    }

    /// [`JailEnv::spawn`] with extra descriptors, capabilities or no filter (the zygote).
    pub(crate) fn spawn_with(
        &self,
        spec: &JailSpec,
        cpu_secs: u64,
        extras: &SpawnExtras,
    ) -> io::Result<Spawned> {
        let slot = match &self.cgroups {
            Some(c) => Some(c.create_slot(spec.memory_bytes, spec.max_pids)?),
            None => None,
        };
        let mut programs: &[Vec<u8>] = if extras.no_seccomp {
            &[]
        } else {
            self.seccomp.get(spec.language, spec.phase)
        };
        if self.strace_dir.is_some() && !programs.is_empty() {
            // strace needs ptrace & co: leave out the allow-list (program 0), keep the rest.
            programs = &programs[1..];
        }
        let mut inherited: Vec<OwnedFd> = programs
            .iter()
            .map(|p| memfd_with("codestead-seccomp", p))
            .collect::<io::Result<_>>()?;
        let (status_read, status_write) = status_pipe()?;
        let seccomp_fds: Vec<RawFd> = inherited.iter().map(|f| f.as_raw_fd()).collect();
        // bwrap reads its options from a memfd (`--args`), so the sandbox's /proc/1/cmdline
        // shows `bwrap --args N -- <command>` and not the host paths of the run.
        let (options, command) =
            self.bwrap_args(spec, &seccomp_fds, status_write.as_raw_fd(), extras);
        let mut args_blob = Vec::new();
        for arg in options {
            args_blob.extend_from_slice(arg.as_bytes());
            args_blob.push(0);
        }
        let args_fd = memfd_with("codestead-bwrap-args", &args_blob)?;
        let args_raw = args_fd.as_raw_fd();
        inherited.push(args_fd);
        inherited.push(status_write);
        let mut child_fds: Vec<RawFd> = inherited.iter().map(|f| f.as_raw_fd()).collect();
        child_fds.extend(&extras.keep_fds);
        child_fds.extend(&spec.pass_fds);
        child_fds.extend(spec.data_files.iter().map(|(fd, _)| *fd));
        let procs_fds: Vec<RawFd> = slot.as_ref().map(|s| s.procs_fds()).unwrap_or_default();
        let drop_to = spec.run_as;
        let outlive_thread = extras.outlive_thread;

        let mut cmd = Command::new(&self.bwrap);
        cmd.args(["--args".to_owned(), args_raw.to_string()])
            .args(command)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // SAFETY: the closure runs between fork and exec and only makes raw syscalls (no
        // allocation, no locks): join the slot, set rlimits, let the filter fds through, drop to
        // the sandbox uid, and ask to die with the server.
        unsafe {
            cmd.pre_exec(move || {
                for &fd in &procs_fds {
                    if libc::write(fd, b"0".as_ptr().cast(), 1) != 1 {
                        return Err(io::Error::last_os_error());
                    }
                }
                let limits = [
                    (libc::RLIMIT_CPU, cpu_secs, cpu_secs + 1),
                    (libc::RLIMIT_FSIZE, FSIZE_LIMIT, FSIZE_LIMIT),
                    (libc::RLIMIT_NOFILE, NOFILE_LIMIT, NOFILE_LIMIT),
                    (libc::RLIMIT_CORE, 0, 0),
                    (libc::RLIMIT_STACK, STACK_LIMIT, STACK_LIMIT),
                ];
                for (res, soft, hard) in limits {
                    let rl = libc::rlimit {
                        rlim_cur: soft,
                        rlim_max: hard,
                    };
                    if libc::setrlimit(res, &rl) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
                // bubblewrap passes every open descriptor on to the program, so nothing the
                // server inherited without CLOEXEC (a socket, a database file) may get through:
                // mark everything above stderr close-on-exec, then un-mark the ones for bwrap.
                if libc::syscall(
                    libc::SYS_close_range,
                    3u32,
                    u32::MAX,
                    libc::CLOSE_RANGE_CLOEXEC,
                ) != 0
                {
                    for fd in 3..NOFILE_LIMIT as i32 {
                        libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
                    }
                }
                for &fd in &child_fds {
                    if libc::fcntl(fd, libc::F_SETFD, 0) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
                if let Some((uid, gid)) = drop_to
                    && (libc::setgroups(0, std::ptr::null()) != 0
                        || libc::setresgid(gid, gid, gid) != 0
                        || libc::setresuid(uid, uid, uid) != 0)
                {
                    return Err(io::Error::last_os_error());
                }
                // Cleared by the uid change above, so set afterwards.
                if !outlive_thread
                    && libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0
                {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }

        let child = cmd.spawn()?;
        // Ours are closed now, so the status pipe reaches EOF when bwrap's monitor exits.
        drop(inherited);
        // A pidfd, not the pid: by the time we kill, the pid could have been reaped and reused.
        let pidfd = child.id().and_then(pidfd_open);
        Ok(Spawned {
            child,
            slot,
            pidfd,
            status: status_read,
        })
    }

    /// Runs one program. Never panics; set-up failures come back as `Err`.
    pub(crate) async fn run(&self, spec: JailSpec) -> io::Result<JailResult> {
        let start = Instant::now();
        let cpu_secs = spec.cpu_ms.div_ceil(1000).max(1);
        let mut spawned = self.spawn(&spec, cpu_secs)?;

        let stdin = spawned.child.stdin.take();
        let input = spec.stdin;
        // A program that never reads stdin gets EPIPE here once it exits; that is not an error.
        let feeder = tokio::spawn(async move {
            if let Some(mut w) = stdin {
                let _ = w.write_all(&input).await;
            }
        });
        let over = Arc::new(Notify::new());
        let out = read_capped(
            spawned.child.stdout.take().expect("piped"),
            spec.output_bytes,
            over.clone(),
        );
        let err = read_capped(
            spawned.child.stderr.take().expect("piped"),
            spec.output_bytes,
            over.clone(),
        );

        let mut killed = None;
        let ((stdout, _), (stderr, _), status) = {
            let child = &mut spawned.child;
            let work = async { tokio::join!(out, err, child.wait()) };
            tokio::pin!(work);
            tokio::select! {
                r = &mut work => r,
                reason = async {
                    tokio::select! {
                        _ = tokio::time::sleep(spec.wall) => Killed::Timeout,
                        _ = over.notified() => Killed::Output,
                    }
                } => {
                    killed = Some(reason);
                    // The slot first; bwrap's children have PDEATHSIG, so killing bwrap brings
                    // down the namespace even without a cgroup.
                    if let Some(s) = &spawned.slot {
                        s.kill_all();
                    }
                    if let Some(fd) = &spawned.pidfd {
                        kill_pidfd(fd);
                    }
                    match tokio::time::timeout(Duration::from_secs(10), &mut work).await {
                        Ok(r) => r,
                        Err(_) => return Err(io::Error::other("sandbox did not die after kill")),
                    }
                }
            }
        };
        let wall = start.elapsed();
        feeder.abort();
        let status = status?;
        Ok(self
            .finish(spawned, status, stdout, stderr, killed, wall, cpu_secs)
            .await)
    }

    /// What a finished sandbox leaves: bubblewrap's status, the slot's measurements (the slot
    /// is removed), the exit code or signal, and whether set-up or the CPU limit stopped it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn finish(
        &self,
        spawned: Spawned,
        status: std::process::ExitStatus,
        stdout: Vec<u8>,
        stderr: Vec<u8>,
        killed: Option<Killed>,
        wall: Duration,
        cpu_secs: u64,
    ) -> JailResult {
        let bwrap_status = drain(&spawned.status);
        let slot = spawned.slot;
        let stats = slot.as_ref().map(|s| s.stats()).unwrap_or_default();
        if let Some(s) = slot
            && let Err(e) = s.remove().await
        {
            tracing::warn!(error = %e, "could not remove a cgroup slot");
        }

        // bwrap exits 128+N when the program died of signal N.
        let (mut exit_code, mut signal) = (status.code(), status.signal());
        if let Some(c) = exit_code
            && c > 128
            && c <= 128 + 64
        {
            exit_code = None;
            signal = Some(c - 128);
        }
        let setup_error = (killed.is_none() && !program_was_executed(&bwrap_status)).then(|| {
            let tail = &stderr[stderr.len().saturating_sub(2048)..];
            format!(
                "bubblewrap exited with {status} before starting the program: {}",
                String::from_utf8_lossy(tail).trim()
            )
        });
        let cpu_limited = cpu_limit_hit(killed, signal, &stats, cpu_secs);
        JailResult {
            stdout,
            stderr,
            exit_code,
            signal,
            killed,
            wall,
            stats,
            setup_error,
            cpu_limited,
        }
    }
}

/// Whether a run that ended with `signal` was stopped by its CPU-time limit of `cpu_secs`
/// (RLIMIT_CPU): SIGXCPU at the soft limit; SIGKILL at the hard one (one second on),
/// recognisable because the slot then has used at least the soft limit's worth of CPU.
pub(crate) fn cpu_limit_hit(
    killed: Option<Killed>,
    signal: Option<i32>,
    stats: &SlotStats,
    cpu_secs: u64,
) -> Option<u64> {
    (killed.is_none()
        && (signal == Some(libc::SIGXCPU)
            || (signal == Some(libc::SIGKILL)
                && stats.oom_kills == 0
                && stats.cpu_ns >= cpu_secs * 1_000_000_000)))
        .then_some(cpu_secs)
}

fn pidfd_open(pid: u32) -> Option<OwnedFd> {
    // SAFETY: pidfd_open takes plain integers; a non-negative result is a new fd we own.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid as libc::pid_t, 0) };
    // SAFETY: see above.
    (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// Root filesystem arguments: `/usr` and the merged-usr links, the few `/etc` entries the
/// toolchains read, and toolchain roots outside `/usr`. Nothing else of the host is visible.
pub(crate) fn root_args(extra_roots: &[PathBuf]) -> Vec<String> {
    let mut a = vec!["--ro-bind".to_owned(), "/usr".to_owned(), "/usr".to_owned()];
    for top in ["bin", "sbin", "lib", "lib32", "lib64", "libx32"] {
        let host = Path::new("/").join(top);
        match std::fs::read_link(&host) {
            Ok(target) => {
                a.extend([
                    "--symlink".to_owned(),
                    target.to_string_lossy().into_owned(),
                    host.to_string_lossy().into_owned(),
                ]);
            }
            Err(_) if host.is_dir() => {
                a.extend([
                    "--ro-bind".to_owned(),
                    host.to_string_lossy().into_owned(),
                    host.to_string_lossy().into_owned(),
                ]);
            }
            Err(_) => {}
        }
    }
    // ld.so.cache speeds up every dynamic link; the JVM's conf/ links into /etc/java-NN.
    let mut etc: Vec<PathBuf> = vec!["/etc/ld.so.cache".into()];
    if let Ok(entries) = std::fs::read_dir("/etc") {
        etc.extend(
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("java-"))
                .map(|e| e.path()),
        );
    }
    for p in etc.iter().chain(extra_roots) {
        if p.exists() {
            let s = p.to_string_lossy().into_owned();
            a.extend(["--ro-bind".to_owned(), s.clone(), s]);
        }
    }
    a
}
