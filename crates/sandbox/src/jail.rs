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

use crate::cgroup::{Cgroups, Slot, SlotStats};

/// Static, start-up-time part of the sandbox: where things are and how to drop privileges.
#[derive(Debug)]
pub(crate) struct JailEnv {
    pub bwrap: PathBuf,
    /// Root filesystem arguments (`--ro-bind /usr /usr`, symlinks, toolchain roots, ...).
    pub root_args: Vec<String>,
    pub seccomp: Vec<Vec<u8>>,
    pub cgroups: Option<Cgroups>,
    /// Host uid/gid to switch to before exec'ing bwrap (when the server is root).
    pub drop_to: Option<(u32, u32)>,
}

/// One mount of a host directory into the sandbox.
pub(crate) struct Bind {
    pub host: PathBuf,
    pub inside: &'static str,
    pub writable: bool,
}

/// What to run in one sandbox.
pub(crate) struct JailSpec {
    pub argv: Vec<String>,
    pub binds: Vec<Bind>,
    pub chdir: &'static str,
    pub env: Vec<(&'static str, String)>,
    pub stdin: Vec<u8>,
    pub wall: Duration,
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
    /// bubblewrap itself failed to set the sandbox up (its message, for the logs).
    pub setup_error: Option<String>,
}

/// A started sandbox: bubblewrap's process, its slot, and a pidfd to kill it by.
pub(crate) struct Spawned {
    pub child: tokio::process::Child,
    pub slot: Option<Slot>,
    pub pidfd: Option<OwnedFd>,
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

impl JailEnv {
    fn bwrap_args(
        &self,
        spec: &JailSpec,
        seccomp_fds: &[RawFd],
        extras: &SpawnExtras,
    ) -> Vec<String> {
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
        a.push("--".to_owned());
        a.extend(spec.argv.iter().cloned());
        a
    }

    /// Starts `spec` in a fresh slot without waiting for it (the warm javac server uses this
    /// directly; `run` supervises what it returns).
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
        let filters: &[Vec<u8>] = if extras.no_seccomp {
            &[]
        } else {
            &self.seccomp
        };
        let seccomp: Vec<OwnedFd> = filters
            .iter()
            .map(|p| memfd_with("codestead-seccomp", p))
            .collect::<io::Result<_>>()?;
        let seccomp_fds: Vec<RawFd> = seccomp.iter().map(|f| f.as_raw_fd()).collect();
        let procs_fds: Vec<RawFd> = slot.as_ref().map(|s| s.procs_fds()).unwrap_or_default();
        let drop_to = self.drop_to;
        let outlive_thread = extras.outlive_thread;

        let mut cmd = Command::new(&self.bwrap);
        cmd.args(self.bwrap_args(spec, &seccomp_fds, extras))
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child_fds = seccomp_fds.clone();
        child_fds.extend(&extras.keep_fds);
        child_fds.extend(&spec.pass_fds);
        child_fds.extend(spec.data_files.iter().map(|(fd, _)| *fd));
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
                // mark everything above stderr close-on-exec, then un-mark the filter fds.
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
        drop(seccomp);
        // A pidfd, not the pid: by the time we kill, the pid could have been reaped and reused.
        let pidfd = child.id().and_then(pidfd_open);
        Ok(Spawned { child, slot, pidfd })
    }

    /// Runs one program. Never panics; set-up failures come back as `Err`.
    pub(crate) async fn run(&self, spec: JailSpec) -> io::Result<JailResult> {
        let start = Instant::now();
        let Spawned {
            mut child,
            slot,
            pidfd,
        } = self.spawn(&spec, spec.wall.as_secs() + 1)?;

        let stdin = child.stdin.take();
        let input = spec.stdin;
        // A program that never reads stdin gets EPIPE here once it exits; that is not an error.
        let feeder = tokio::spawn(async move {
            if let Some(mut w) = stdin {
                let _ = w.write_all(&input).await;
            }
        });
        let over = Arc::new(Notify::new());
        let out = read_capped(
            child.stdout.take().expect("piped"),
            spec.output_bytes,
            over.clone(),
        );
        let err = read_capped(
            child.stderr.take().expect("piped"),
            spec.output_bytes,
            over.clone(),
        );

        let work = async { tokio::join!(out, err, child.wait()) };
        tokio::pin!(work);
        let mut killed = None;
        let ((stdout, _), (stderr, _), status) = tokio::select! {
            r = &mut work => r,
            reason = async {
                tokio::select! {
                    _ = tokio::time::sleep(spec.wall) => Killed::Timeout,
                    _ = over.notified() => Killed::Output,
                }
            } => {
                killed = Some(reason);
                if let Some(s) = &slot {
                    s.kill_all();
                }
                // bwrap's children have PDEATHSIG; killing it brings down the namespace even
                // without a cgroup.
                if let Some(fd) = &pidfd {
                    kill_pidfd(fd);
                }
                match tokio::time::timeout(Duration::from_secs(10), &mut work).await {
                    Ok(r) => r,
                    Err(_) => return Err(io::Error::other("sandbox did not die after kill")),
                }
            }
        };
        let wall = start.elapsed();
        feeder.abort();
        let status = status?;
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
        let setup_error = (exit_code == Some(1) && stderr.starts_with(b"bwrap: "))
            .then(|| String::from_utf8_lossy(&stderr).trim().to_owned());
        Ok(JailResult {
            stdout,
            stderr,
            exit_code,
            signal,
            killed,
            wall,
            stats,
            setup_error,
        })
    }
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
