//! The Python zygote: a pre-started `python3` inside the usual bubblewrap template from which
//! every Python run forks, so no run pays for interpreter start-up (or bubblewrap's own set-up).
//!
//! The engine side lives here: starting the zygote (with `CAP_SYS_ADMIN`, `CAP_SETPCAP` and
//! `CAP_NET_ADMIN` inside its own user namespace and no seccomp filter — it loads the filter
//! into each run itself), keeping a small pool of ready *cells* (see `zygote.py`: PID 1 of fresh
//! PID/mount/IPC/network namespaces, waiting for a run), and running one program in a cell:
//! its cgroup slot, stdio pipes, files, capped output, wall clock, exit status. The result is a
//! [`JailResult`] exactly like a cold run's, so classification is shared.
//!
//! Any failure before the learner's code starts (zygote dead, cell set-up error, protocol
//! error) returns `None`, the caller runs the program cold, and the zygote is restarted at the
//! next run. Design and isolation argument: docs/sandbox.md, "Python zygote".

use std::io;
use std::mem::size_of;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::unix::pipe;
use tokio::sync::{Mutex, Notify, mpsc, oneshot};

use crate::cgroup::Slot;
use crate::jail::{
    JailEnv, JailResult, JailSpec, Killed, SpawnExtras, Spawned, cpu_limit_hit, read_capped,
};
use crate::seccomp::Phase;
use crate::{Language, Limits, SourceFile};

const SCRIPT: &str = include_str!("zygote.py");
/// The zygote's own CPU rlimit (forking is charged to it); it is restarted when it runs out.
const ZYGOTE_CPU_SECS: u64 = 3600;
/// Cells kept ready. A zygote serves one run slot, so one run at a time: a single ready cell
/// is enough, as the next is made in well under a run's time.
const POOL: usize = 1;
/// How long a start may take (interpreter + pre-imports) before the zygote counts as broken.
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// Consecutive failed starts after which zygotes stay off (every Python run goes cold).
const MAX_START_FAILURES: u32 = 3;

/// A running zygote: its sandbox and the pool of ready cells its keeper thread fills.
struct Live {
    cells: mpsc::Receiver<OwnedFd>,
    spawned: Spawned,
    generation: u64,
}

impl Drop for Live {
    fn drop(&mut self) {
        // Kills the zygote's slot and bubblewrap; the cells are in its PID namespace and die too.
        self.spawned.kill();
    }
}

/// The zygote of one run slot, started at the slot's first Python run. It and every cell it
/// forks run as the host uid `ids` (a service uid of its own, past the run slots), and only
/// that slot's runs use it, so no two runs at once share a host uid, forked or cold.
pub(crate) struct Zygote {
    python: String,
    env: Vec<(&'static str, String)>,
    ids: Option<(u32, u32)>,
    /// Memory limit of the zygote's own cgroup slot (its runs get the run limit in theirs).
    memory_bytes: u64,
    live: Mutex<Option<Live>>,
    start_failures: AtomicU32,
    /// Numbers the zygotes started, so that a run's failure replaces only its own zygote.
    generations: AtomicU64,
}

/// How a cell's run ended, as far as the cell's socket tells.
enum CellEnd {
    /// The program ran; the wait status its PID 1 reported.
    Exited(i32),
    /// The program ran, but the cell vanished without a status (killed: by us, by the OOM
    /// killer, or with the zygote).
    Vanished,
    /// The program never started: set-up failed or the cell died first.
    NotStarted(String),
}

impl Zygote {
    pub(crate) fn new(
        python: String,
        env: Vec<(&'static str, String)>,
        ids: Option<(u32, u32)>,
        memory_bytes: u64,
    ) -> Self {
        Self {
            python,
            env,
            ids,
            memory_bytes,
            live: Mutex::new(None),
            start_failures: AtomicU32::new(0),
            generations: AtomicU64::new(0),
        }
    }

    /// Runs `entry` of `files` in a fresh cell; `None` means "run it cold" (the zygote is
    /// unavailable or failed before the program started; it is restarted next time).
    pub(crate) async fn run(
        &self,
        jail: &JailEnv,
        limits: &Limits,
        files: &[SourceFile],
        entry: &str,
        stdin: Vec<u8>,
    ) -> Option<JailResult> {
        let cgroups = jail.cgroups.as_ref()?;
        let (cell, generation) = self.take_cell(jail, limits).await?;
        let slot = match cgroups.create_slot(limits.memory_bytes, limits.max_pids) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "zygote run: no cgroup slot; running cold");
                return None;
            }
        };
        match supervise(cell, slot, limits, files, entry, stdin).await {
            Ok(Ok(result)) => Some(result),
            Ok(Err(why)) => {
                tracing::warn!(reason = %why, "zygote cell failed; running cold and restarting it");
                self.retire(generation).await;
                None
            }
            Err(e) => {
                tracing::warn!(error = %e, "zygote run failed; running cold and restarting it");
                self.retire(generation).await;
                None
            }
        }
    }

    /// Kills zygote `generation` if it is still the current one (the next run starts another);
    /// runs in flight in its cells then fail and run cold too.
    async fn retire(&self, generation: u64) {
        let mut live = self.live.lock().await;
        if live.as_ref().is_some_and(|l| l.generation == generation) {
            *live = None;
        }
    }

    /// A ready cell and its zygote's generation, starting (or restarting) the zygote if needed.
    async fn take_cell(&self, jail: &JailEnv, limits: &Limits) -> Option<(OwnedFd, u64)> {
        let mut live = self.live.lock().await;
        for _ in 0..2 {
            if live.is_none() {
                if self.start_failures.load(Ordering::Relaxed) >= MAX_START_FAILURES {
                    return None;
                }
                match self.start(jail, limits).await {
                    Ok(l) => {
                        self.start_failures.store(0, Ordering::Relaxed);
                        *live = Some(l);
                    }
                    Err(e) => {
                        let n = self.start_failures.fetch_add(1, Ordering::Relaxed) + 1;
                        tracing::warn!(error = %e, failures = n, "Python zygote did not start; running cold");
                        return None;
                    }
                }
            }
            let current = live.as_mut()?;
            let generation = current.generation;
            let got = tokio::time::timeout(START_TIMEOUT, current.cells.recv()).await;
            match got {
                Ok(Some(cell)) => return Some((cell, generation)),
                // The keeper stopped (the zygote died) or the zygote hangs: replace it.
                _ => *live = None,
            }
        }
        None
    }

    async fn start(&self, jail: &JailEnv, limits: &Limits) -> io::Result<Live> {
        let (ours, theirs) = socketpair(libc::SOCK_SEQPACKET)?;
        let spec = JailSpec {
            language: Language::Python,
            phase: Phase::Run,
            run_as: self.ids,
            argv: vec![
                self.python.clone(),
                "-B".into(),
                "-E".into(),
                "-s".into(),
                "-c".into(),
                SCRIPT.into(),
                theirs.as_raw_fd().to_string(),
            ],
            binds: Vec::new(),
            chdir: "/",
            env: self.env.clone(),
            stdin: Vec::new(),
            wall: START_TIMEOUT,
            cpu_ms: ZYGOTE_CPU_SECS * 1000,
            memory_bytes: self.memory_bytes,
            max_pids: limits.max_pids,
            output_bytes: limits.output_bytes,
            tmp_bytes: limits.tmp_bytes,
            pass_fds: Vec::new(),
            data_files: Vec::new(),
        };
        let extras = SpawnExtras {
            keep_fds: vec![theirs.as_raw_fd()],
            cap_add: vec!["CAP_SYS_ADMIN", "CAP_SETPCAP", "CAP_NET_ADMIN"],
            no_seccomp: true,
            // The cells' mount point for their own /box (the root is read-only).
            dirs: vec!["/box"],
            // Started from whichever thread runs the first Python run; it exits (and its PID
            // namespace with every cell) when the control socket closes with the server.
            outlive_thread: true,
        };
        let mut spawned = jail.spawn_with(&spec, ZYGOTE_CPU_SECS, &extras)?;
        drop(theirs);
        drop(spawned.child.stdin.take());
        // The zygote never writes to stdout (a cell would inherit the buffer); stderr carries
        // its complaints, which belong in the server's log.
        if let Some(out) = spawned.child.stdout.take() {
            tokio::spawn(log_lines(out));
        }
        if let Some(err) = spawned.child.stderr.take() {
            tokio::spawn(log_lines(err));
        }

        let mut config = Vec::new();
        config.extend_from_slice(&limits.tmp_bytes.to_le_bytes());
        // The very programs bubblewrap loads for a cold Python run (allow-list first).
        let filters = jail.seccomp.get(Language::Python, Phase::Run);
        config.extend_from_slice(&(filters.len() as u32).to_le_bytes());
        for prog in filters {
            config.extend_from_slice(&(prog.len() as u32).to_le_bytes());
            config.extend_from_slice(prog);
        }
        let (ready_tx, ready_rx) = oneshot::channel();
        let (cells_tx, cells) = mpsc::channel(POOL);
        std::thread::Builder::new()
            .name("codestead-zygote".into())
            .spawn(move || keeper(ours, config, ready_tx, cells_tx))?;
        let generation = self.generations.fetch_add(1, Ordering::Relaxed);
        let live = Live {
            cells,
            spawned,
            generation,
        };
        match tokio::time::timeout(START_TIMEOUT, ready_rx).await {
            Ok(Ok(Ok(()))) => Ok(live),
            Ok(Ok(Err(e))) => Err(e),
            _ => Err(io::Error::other("the zygote did not become ready")),
        }
    }
}

/// Owns the control socket: hands the zygote its configuration, then keeps the pool full.
/// Ends when the zygote dies (the socket fails) or the pool's receiver is dropped.
fn keeper(
    ctl: OwnedFd,
    config: Vec<u8>,
    ready: oneshot::Sender<io::Result<()>>,
    cells: mpsc::Sender<OwnedFd>,
) {
    let handshake = (|| {
        set_recv_timeout(&ctl, Some(START_TIMEOUT))?;
        send_fds(ctl.as_raw_fd(), &config, &[])?;
        let mut buf = [0u8; 16];
        let (n, _) = recv_fds(ctl.as_raw_fd(), &mut buf)?;
        if &buf[..n] != b"READY" {
            return Err(io::Error::other("unexpected handshake from the zygote"));
        }
        set_recv_timeout(&ctl, None)
    })();
    let ok = handshake.is_ok();
    let _ = ready.send(handshake);
    if !ok {
        return;
    }
    loop {
        let mut buf = [0u8; 16];
        let cell = send_fds(ctl.as_raw_fd(), b"C", &[])
            .and_then(|()| recv_fds(ctl.as_raw_fd(), &mut buf))
            .and_then(|(n, mut fds)| match (n, fds.pop()) {
                (1, Some(fd)) if buf[0] == b'C' && fds.is_empty() => Ok(fd),
                _ => Err(io::Error::other("bad reply from the zygote")),
            });
        match cell {
            Ok(fd) => {
                if cells.blocking_send(fd).is_err() {
                    return;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "the Python zygote stopped");
                return;
            }
        }
    }
}

async fn log_lines<R: tokio::io::AsyncRead + Unpin>(r: R) {
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(r).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        tracing::warn!(line = %line, "Python zygote");
    }
}

/// The activation message: CPU seconds, entry, files (all lengths little-endian u32).
fn encode_run(cpu_secs: u64, files: &[SourceFile], entry: &str) -> Vec<u8> {
    let size: usize = files
        .iter()
        .map(|f| 8 + f.path.len() + f.content.len())
        .sum();
    let mut m = Vec::with_capacity(16 + entry.len() + size);
    m.extend_from_slice(&cpu_secs.to_le_bytes());
    m.extend_from_slice(&(files.len() as u32).to_le_bytes());
    m.extend_from_slice(&(entry.len() as u32).to_le_bytes());
    m.extend_from_slice(entry.as_bytes());
    for f in files {
        m.extend_from_slice(&(f.path.len() as u32).to_le_bytes());
        m.extend_from_slice(f.path.as_bytes());
        m.extend_from_slice(&(f.content.len() as u32).to_le_bytes());
        m.extend_from_slice(f.content.as_bytes());
    }
    m
}

/// Runs one program in `cell` under `slot`: the cold path's supervision (stdin feeder, capped
/// output, wall clock killing the slot) with the cell's socket in place of bubblewrap's exit
/// status. `Ok(Err(_))`: the program never started, or its cell vanished unexplained.
async fn supervise(
    cell: OwnedFd,
    slot: Slot,
    limits: &Limits,
    files: &[SourceFile],
    entry: &str,
    stdin: Vec<u8>,
) -> io::Result<Result<JailResult, String>> {
    let start = Instant::now();
    let wall = Duration::from_millis(limits.wall_ms);
    let (in_r, in_w) = pipe_pair()?;
    let (out_r, out_w) = pipe_pair()?;
    let (err_r, err_w) = pipe_pair()?;
    // RLIMIT_CPU as on the cold path (`JailEnv::run`).
    let cpu_secs = limits.cpu_ms.div_ceil(1000).max(1);
    let payload = encode_run(cpu_secs, files, entry);
    let mut fds = vec![in_r.as_raw_fd(), out_w.as_raw_fd(), err_w.as_raw_fd()];
    fds.extend(slot.procs_fds());
    // A fresh socket's buffer always takes these four bytes, so this cannot block.
    send_fds(
        cell.as_raw_fd(),
        &(payload.len() as u32).to_le_bytes(),
        &fds,
    )?;
    drop((in_r, out_w, err_w));
    set_nonblocking(&cell)?;
    let stream = tokio::net::UnixStream::from_std(std::os::unix::net::UnixStream::from(cell))?;
    let (mut cell_rd, mut cell_wr) = stream.into_split();
    cell_wr.write_all(&payload).await?;

    let mut stdin_pipe = pipe::Sender::from_owned_fd(in_w)?;
    // A program that never reads stdin gets EPIPE here once it exits; that is not an error.
    let feeder = tokio::spawn(async move {
        let _ = stdin_pipe.write_all(&stdin).await;
    });
    let over = Arc::new(Notify::new());
    let out = read_capped(
        pipe::Receiver::from_owned_fd(out_r)?,
        limits.output_bytes,
        over.clone(),
    );
    let err = read_capped(
        pipe::Receiver::from_owned_fd(err_r)?,
        limits.output_bytes,
        over.clone(),
    );
    let status = async {
        let mut first = [0u8; 1];
        if cell_rd.read_exact(&mut first).await.is_err() {
            return CellEnd::NotStarted("the cell closed before the program started".into());
        }
        if first[0] != b'R' {
            let mut rest = Vec::new();
            let _ = cell_rd.read_to_end(&mut rest).await;
            return CellEnd::NotStarted(String::from_utf8_lossy(&rest).trim().to_owned());
        }
        let mut x = [0u8; 5];
        match cell_rd.read_exact(&mut x).await {
            Ok(_) if x[0] == b'X' => {
                CellEnd::Exited(i32::from_le_bytes(x[1..].try_into().expect("4 bytes")))
            }
            _ => CellEnd::Vanished,
        }
    };

    let work = async { tokio::join!(out, err, status) };
    tokio::pin!(work);
    let mut killed = None;
    let ((stdout, _), (stderr, _), end) = tokio::select! {
        r = &mut work => r,
        reason = async {
            tokio::select! {
                _ = tokio::time::sleep(wall) => Killed::Timeout,
                _ = over.notified() => Killed::Output,
            }
        } => {
            killed = Some(reason);
            slot.kill_all();
            match tokio::time::timeout(Duration::from_secs(10), &mut work).await {
                Ok(r) => r,
                // Only a cell that never joined the slot survives killing it.
                Err(_) => return Err(io::Error::other("a zygote cell did not die after kill")),
            }
        }
    };
    let wall = start.elapsed();
    feeder.abort();
    let stats = slot.stats();
    if let Err(e) = slot.remove().await {
        tracing::warn!(error = %e, "could not remove a cgroup slot");
    }
    let (mut exit_code, mut signal) = match end {
        CellEnd::Exited(ws) if libc::WIFEXITED(ws) => (Some(libc::WEXITSTATUS(ws)), None),
        CellEnd::Exited(ws) if libc::WIFSIGNALED(ws) => (None, Some(libc::WTERMSIG(ws))),
        CellEnd::Exited(ws) => return Ok(Err(format!("odd wait status {ws:#x}"))),
        CellEnd::NotStarted(why) if killed.is_none() => return Ok(Err(why)),
        CellEnd::NotStarted(why) => return Ok(Err(format!("killed before starting: {why}"))),
        CellEnd::Vanished if killed.is_some() || stats.oom_kills > 0 => (None, Some(libc::SIGKILL)),
        CellEnd::Vanished => return Ok(Err("the cell vanished without a status".into())),
    };
    // Reported as bubblewrap reports them on the cold path (128+N means signal N), so that a
    // run means the same whichever path it took.
    if let Some(c) = exit_code
        && c > 128
        && c <= 128 + 64
    {
        exit_code = None;
        signal = Some(c - 128);
    }
    let cpu_limited = cpu_limit_hit(killed, signal, &stats, cpu_secs);
    Ok(Ok(JailResult {
        stdout,
        stderr,
        exit_code,
        signal,
        killed,
        wall,
        stats,
        setup_error: None,
        cpu_limited,
    }))
}

fn socketpair(kind: libc::c_int) -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: socketpair writes two descriptors into the array, which we then own.
    let rc = unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            kind | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fresh descriptors from socketpair.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

fn pipe_pair() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two descriptors into the array, which we then own.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fresh descriptors from pipe2.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

fn set_nonblocking(fd: &OwnedFd) -> io::Result<()> {
    // SAFETY: fcntl on a descriptor we own.
    unsafe {
        let flags = libc::fcntl(fd.as_raw_fd(), libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

fn set_recv_timeout(fd: &OwnedFd, timeout: Option<Duration>) -> io::Result<()> {
    let t = timeout.unwrap_or_default();
    let tv = libc::timeval {
        tv_sec: t.as_secs() as libc::time_t,
        tv_usec: t.subsec_micros() as libc::suseconds_t,
    };
    // SAFETY: setsockopt reads a timeval of the given size.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&tv as *const libc::timeval).cast(),
            size_of::<libc::timeval>() as libc::socklen_t,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Room for the cmsg header and up to 16 descriptors.
const CMSG_SPACE: usize = 128;

/// One `sendmsg` of `data` with `fds` attached (`SCM_RIGHTS`).
fn send_fds(sock: RawFd, data: &[u8], fds: &[RawFd]) -> io::Result<()> {
    assert!(fds.len() <= 16);
    let mut control = [0u64; CMSG_SPACE / 8];
    let mut iov = libc::iovec {
        iov_base: data.as_ptr() as *mut libc::c_void,
        iov_len: data.len(),
    };
    // SAFETY: msghdr is plain data; every pointer set below outlives the sendmsg call, and the
    // cmsg macros stay within `control` (sized for 16 descriptors).
    unsafe {
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        if !fds.is_empty() {
            let bytes = std::mem::size_of_val(fds) as u32;
            msg.msg_control = control.as_mut_ptr().cast();
            msg.msg_controllen = libc::CMSG_SPACE(bytes) as usize;
            let cmsg = libc::CMSG_FIRSTHDR(&msg);
            (*cmsg).cmsg_level = libc::SOL_SOCKET;
            (*cmsg).cmsg_type = libc::SCM_RIGHTS;
            (*cmsg).cmsg_len = libc::CMSG_LEN(bytes) as usize;
            std::ptr::copy_nonoverlapping(
                fds.as_ptr(),
                libc::CMSG_DATA(cmsg).cast::<RawFd>(),
                fds.len(),
            );
        }
        loop {
            let n = libc::sendmsg(sock, &msg, libc::MSG_NOSIGNAL);
            if n >= 0 {
                return if n as usize == data.len() {
                    Ok(())
                } else {
                    Err(io::Error::other("short sendmsg"))
                };
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
}

/// One `recvmsg` into `buf`, with any descriptors attached (close-on-exec). `Ok((0, _))` is EOF,
/// returned as an error since every caller expects a message.
fn recv_fds(sock: RawFd, buf: &mut [u8]) -> io::Result<(usize, Vec<OwnedFd>)> {
    let mut control = [0u64; CMSG_SPACE / 8];
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: as in send_fds; descriptors the kernel installed are taken into ownership once.
    unsafe {
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = CMSG_SPACE;
        let n = loop {
            let n = libc::recvmsg(sock, &mut msg, libc::MSG_CMSG_CLOEXEC);
            if n >= 0 {
                break n as usize;
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        };
        let mut fds = Vec::new();
        let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_RIGHTS {
                let len = (*cmsg).cmsg_len as usize - libc::CMSG_LEN(0) as usize;
                let data = libc::CMSG_DATA(cmsg).cast::<RawFd>();
                for i in 0..len / size_of::<RawFd>() {
                    fds.push(OwnedFd::from_raw_fd(std::ptr::read_unaligned(data.add(i))));
                }
            }
            cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
        }
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the zygote closed its socket",
            ));
        }
        if msg.msg_flags & libc::MSG_CTRUNC != 0 {
            return Err(io::Error::other("descriptors were truncated"));
        }
        Ok((n, fds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_and_bytes_cross_a_socket_pair() {
        let (a, b) = socketpair(libc::SOCK_SEQPACKET).unwrap();
        let (r, w) = pipe_pair().unwrap();
        send_fds(a.as_raw_fd(), b"hi", &[w.as_raw_fd()]).unwrap();
        drop(w);
        let mut buf = [0u8; 8];
        let (n, mut fds) = recv_fds(b.as_raw_fd(), &mut buf).unwrap();
        assert_eq!(&buf[..n], b"hi");
        let passed = fds.pop().unwrap();
        let mut file = std::fs::File::from(passed);
        io::Write::write_all(&mut file, b"through").unwrap();
        drop(file);
        let mut out = String::new();
        io::Read::read_to_string(&mut std::fs::File::from(r), &mut out).unwrap();
        assert_eq!(out, "through");
        drop(a);
        assert!(
            recv_fds(b.as_raw_fd(), &mut buf).is_err(),
            "EOF is an error"
        );
    }

    #[test]
    fn the_activation_message_lays_out_lengths_then_bytes() {
        let m = encode_run(6, &[SourceFile::new("main.py", "print(1)")], "main.py");
        assert_eq!(&m[..8], &6u64.to_le_bytes());
        assert_eq!(&m[8..12], &1u32.to_le_bytes());
        assert_eq!(&m[12..16], &7u32.to_le_bytes());
        assert_eq!(&m[16..23], b"main.py");
        assert_eq!(&m[23..27], &7u32.to_le_bytes());
        assert_eq!(&m[34..38], &8u32.to_le_bytes());
        assert_eq!(&m[38..], b"print(1)");
    }
}
