//! The warm path for Java compilation: a javac kept hot inside its own sandbox.
//!
//! A cold `javac` spends most of its ~0.4 s starting and warming a JVM. Here one JVM
//! (`CompileServer.java`, compiled at first use by the ordinary cold path) runs in a sandbox with
//! the same isolation as any run — namespaces, seccomp, a host uid of its own (past the run
//! slots), its own cgroup slot — and compiles one submission per request with a fresh javac
//! task. Annotation processing is off, so no submitted code ever executes in it; the program
//! itself still runs in a fresh sandbox.
//!
//! What the server can see: its own classes at `/server` and one job directory at `/job`. For
//! each compile the host writes that submission's files into `/job/src` (root-owned, read-only
//! to the server) and an empty `/job/out`; after the reply it moves `out` into the run's own
//! directory. So the server never sees another run's files, not even their names. A compile
//! whose caller goes away (the request was cancelled), that hangs or that exhausts memory kills
//! the server, so the next learner's compile never waits behind it nor reads its reply; the
//! next compile starts a new server. The server is also replaced every [`MAX_COMPILES`]
//! compiles. When the server is busy, when it cannot start (e.g. a JRE without javac), or when
//! it fails unexpectedly, compilation falls back to the cold path.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::{Mutex, oneshot};

use crate::SourceFile;
use crate::jail::{JailSpec, Spawned};

/// Compiles per server before it is replaced (bounds any state javac keeps between tasks).
pub(crate) const MAX_COMPILES: u32 = 200;
/// The server's CPU rlimit; it is restarted when it runs out.
const SERVER_CPU_SECS: u64 = 3600;

pub(crate) const SOURCE: &str = include_str!("CompileServer.java");

type Reply = io::Result<(i32, Vec<u8>)>;

struct Server {
    requests: std::sync::mpsc::Sender<(String, oneshot::Sender<Reply>)>,
    spawned: Spawned,
    compiles: u32,
    home: ServerHome,
}

/// The server's host directories, as `prepare` made them.
pub(crate) struct ServerHome {
    /// Bound at `/job`: `src/` and `out/` of the compile at hand.
    pub job: PathBuf,
    /// Host uid/gid of the server (owner of `out/`).
    pub ids: Option<(u32, u32)>,
    /// Keeps the class and job directories alive (removed on drop).
    pub _keep: Box<dyn Send + Sync>,
}

/// Kills the server unless disarmed: dropped mid-compile (the caller's future was cancelled),
/// it takes the server down, so the abandoned compile stops and nobody else gets its reply.
struct Abandon<'a> {
    server: &'a mut Option<Server>,
    armed: bool,
}

impl Drop for Abandon<'_> {
    fn drop(&mut self) {
        if self.armed && self.server.take().is_some() {
            tracing::info!("a warm compile was abandoned; its javac server was stopped");
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.spawned.kill();
    }
}

/// The warm javac, shared by all runs of a sandbox.
pub(crate) struct WarmJavac {
    server: Mutex<Option<Server>>,
    disabled: AtomicBool,
}

/// What a warm compile produced.
pub(crate) enum WarmResult {
    /// javac's exit code and diagnostics.
    Done {
        code: i32,
        diagnostics: Vec<u8>,
        wall: Duration,
        cpu_ns: u64,
        memory_peak: u64,
    },
    /// The compile hit the wall clock; the server was killed.
    Timeout { wall: Duration },
    /// The server ran out of memory during the compile; it was killed.
    MemoryLimit { wall: Duration },
}

fn blocking(fd: OwnedFd) -> io::Result<File> {
    // tokio hands pipes over in non-blocking mode; the server's I/O thread wants blocking ones.
    // SAFETY: fcntl on a descriptor we own.
    unsafe {
        let flags = libc::fcntl(fd.as_raw_fd(), libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, flags & !libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(File::from(fd))
}

fn read_reply(stdout: &mut BufReader<File>) -> Reply {
    let mut header = String::new();
    if stdout.read_line(&mut header)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "server exited",
        ));
    }
    let (code, len) = header
        .trim_end()
        .split_once('\t')
        .and_then(|(c, l)| Some((c.parse().ok()?, l.parse::<usize>().ok()?)))
        .ok_or_else(|| io::Error::other(format!("bad reply header {header:?}")))?;
    let mut body = vec![0; len];
    stdout.read_exact(&mut body)?;
    Ok((code, body))
}

impl WarmJavac {
    pub(crate) fn new() -> Self {
        Self {
            server: Mutex::new(None),
            disabled: AtomicBool::new(false),
        }
    }

    /// Starts a server from `spec` and waits (up to `startup`) for it to say it is ready.
    async fn start(
        jail: &crate::jail::JailEnv,
        mut spec: JailSpec,
        home: ServerHome,
        startup: Duration,
    ) -> io::Result<Server> {
        spec.stdin = Vec::new();
        // Not tied to the spawning thread's life (PR_SET_PDEATHSIG and --die-with-parent fire
        // when that *thread* exits, and the first compile may run on a short-lived one): the
        // server ends when its stdin closes (the `Server` is dropped or this process dies) or
        // when it is killed through its slot.
        let extras = crate::jail::SpawnExtras {
            outlive_thread: true,
            ..Default::default()
        };
        let mut spawned = jail.spawn_with(&spec, SERVER_CPU_SECS, &extras)?;
        let stdin = blocking(spawned.child.stdin.take().expect("piped").into_owned_fd()?)?;
        let stdout = blocking(
            spawned
                .child
                .stdout
                .take()
                .expect("piped")
                .into_owned_fd()?,
        )?;
        let mut stderr = blocking(
            spawned
                .child
                .stderr
                .take()
                .expect("piped")
                .into_owned_fd()?,
        )?;
        // JVM warnings must not fill the pipe and stall the server.
        std::thread::spawn(move || io::copy(&mut stderr, &mut io::sink()));

        let (ready_tx, ready_rx) = oneshot::channel();
        let (requests, rx) = std::sync::mpsc::channel::<(String, oneshot::Sender<Reply>)>();
        std::thread::spawn(move || {
            let mut stdin = stdin;
            let mut stdout = BufReader::new(stdout);
            let mut line = String::new();
            let ready = stdout.read_line(&mut line).is_ok() && line == "READY\n";
            let _ = ready_tx.send(ready);
            if !ready {
                return;
            }
            for (request, reply) in rx {
                let result = stdin
                    .write_all(request.as_bytes())
                    .and_then(|()| stdin.flush())
                    .and_then(|()| read_reply(&mut stdout));
                let failed = result.is_err();
                let _ = reply.send(result);
                if failed {
                    return;
                }
            }
        });
        let server = Server {
            requests,
            spawned,
            compiles: 0,
            home,
        };
        match tokio::time::timeout(startup, ready_rx).await {
            Ok(Ok(true)) => Ok(server),
            _ => Err(io::Error::other("warm javac did not start")),
        }
    }

    /// Compiles the Java files of `files` and moves the classes into `run_out` (owned by
    /// `run_ids`), or returns `None` to ask for the cold path. `prepare` builds the server the
    /// first time.
    pub(crate) async fn compile(
        &self,
        files: &[SourceFile],
        run_out: &Path,
        run_ids: Option<(u32, u32)>,
        wall: Duration,
        prepare: impl AsyncFnOnce() -> io::Result<(JailSpec, ServerHome)>,
        jail: &crate::jail::JailEnv,
    ) -> Option<WarmResult> {
        if self.disabled.load(Ordering::Relaxed) {
            return None;
        }
        // Busy: compiling cold in parallel beats queueing behind another submission.
        let mut guard = self.server.try_lock().ok()?;
        if guard.as_ref().is_some_and(|s| s.compiles >= MAX_COMPILES) {
            *guard = None;
        }
        if guard.is_none() {
            let started = match prepare().await {
                Ok((spec, home)) => {
                    let startup = spec.wall;
                    Self::start(jail, spec, home, startup).await
                }
                Err(e) => Err(e),
            };
            match started {
                Ok(s) => *guard = Some(s),
                Err(e) => {
                    tracing::warn!(error = %e, "warm javac unavailable; compiling cold");
                    self.disabled.store(true, Ordering::Relaxed);
                    return None;
                }
            }
        }
        let server = guard.as_mut()?;
        server.compiles += 1;
        let (job_src, job_out) = match stage_job(&server.home, files) {
            Ok(paths) => paths,
            Err(e) => {
                tracing::warn!(error = %e, "could not stage a warm compile; compiling cold");
                return None;
            }
        };
        let mut request = "/job/out\t/job/src".to_owned();
        for f in files.iter().filter(|f| f.path.ends_with(".java")) {
            request.push_str("\t/job/src/");
            request.push_str(&f.path);
        }
        request.push('\n');
        let before = server
            .spawned
            .slot
            .as_ref()
            .map(|s| s.stats())
            .unwrap_or_default();
        let (tx, rx) = oneshot::channel();
        let start = Instant::now();
        if server.requests.send((request, tx)).is_err() {
            *guard = None;
            return None;
        }
        let mut abandon = Abandon {
            server: &mut guard,
            armed: true,
        };
        let reply = tokio::time::timeout(wall, rx).await;
        abandon.armed = false;
        drop(abandon);
        let elapsed = start.elapsed();
        let server = guard.as_mut()?;
        let after = server
            .spawned
            .slot
            .as_ref()
            .map(|s| s.stats())
            .unwrap_or_default();
        match reply {
            Ok(Ok(Ok((code, diagnostics)))) => {
                // 99: javac itself threw (e.g. OutOfMemoryError); do not trust that JVM again.
                if code == 99 {
                    *guard = None;
                }
                if code == 0
                    && let Err(e) = collect_classes(&job_out, run_out, run_ids)
                {
                    tracing::warn!(error = %e, "could not move warm javac output; compiling cold");
                    return None;
                }
                let _ = std::fs::remove_dir_all(&job_src);
                let diagnostics = String::from_utf8_lossy(&diagnostics)
                    .replace("/job/src/", "")
                    .into_bytes();
                Some(WarmResult::Done {
                    code,
                    diagnostics,
                    wall: elapsed,
                    cpu_ns: after.cpu_ns.saturating_sub(before.cpu_ns),
                    memory_peak: after.memory_peak,
                })
            }
            Err(_) => {
                *guard = None;
                Some(WarmResult::Timeout { wall: elapsed })
            }
            Ok(_) => {
                *guard = None;
                if after.oom_kills > before.oom_kills {
                    Some(WarmResult::MemoryLimit { wall: elapsed })
                } else {
                    tracing::warn!("warm javac failed; compiling cold");
                    None
                }
            }
        }
    }
}

/// Empties the job directory and fills it with this submission: `src/` root-owned (read-only
/// to the server), `out/` empty and owned by the server.
fn stage_job(home: &ServerHome, files: &[SourceFile]) -> io::Result<(PathBuf, PathBuf)> {
    let src = home.job.join("src");
    let out = home.job.join("out");
    for dir in [&src, &out] {
        match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    std::fs::DirBuilder::new().mode(0o755).create(&src)?;
    crate::runner::write_sources(&src, files)?;
    std::fs::DirBuilder::new().mode(0o755).create(&out)?;
    if let Some((uid, gid)) = home.ids {
        std::os::unix::fs::chown(&out, Some(uid), Some(gid))?;
    }
    Ok((src, out))
}

/// Moves the server's `out/` over the run's (empty) `out/`, then hands every entry to the run's
/// uid. Ownership changes never follow links (the server wrote this tree).
fn collect_classes(job_out: &Path, run_out: &Path, ids: Option<(u32, u32)>) -> io::Result<()> {
    std::fs::rename(job_out, run_out)?;
    let Some((uid, gid)) = ids else {
        return Ok(());
    };
    let mut pending = vec![run_out.to_path_buf()];
    while let Some(path) = pending.pop() {
        std::os::unix::fs::lchown(&path, Some(uid), Some(gid))?;
        if std::fs::symlink_metadata(&path)?.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                pending.push(entry?.path());
            }
        }
    }
    Ok(())
}
