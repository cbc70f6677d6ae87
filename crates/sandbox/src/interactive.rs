//! Interactive runs: one program in the same jail, cgroup slot, seccomp filter and limits as an
//! ordinary run, whose stdin is fed while it runs and whose stdout/stderr are delivered as they
//! come (see [`crate::Sandbox::run_interactive`]).
//!
//! This module owns the streaming supervisor and its clock. The wall-clock limit counts only
//! the time the program is *busy*; while it waits for input (its stdin pipe is empty, nothing is
//! queued for it, and its cgroup used under a tenth of a CPU since the last look) the time goes
//! to a separate, generous idle allowance ([`crate::Limits::idle_ms`]). Either running out
//! kills the whole tree, as a Stop does. Python runs cold here (no zygote): the zygote's cells
//! take their stdin whole at fork, and a cold start costs ~20 ms, nothing next to human typing.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::sync::{Notify, mpsc};

use crate::RunOutcome;
use crate::jail::{JailEnv, JailResult, JailSpec, Killed};

/// Largest piece of output delivered at once: one read of the program's pipe.
pub const CHUNK_BYTES: usize = 8 * 1024;

/// How often the supervisor looks at the program to charge the time to the busy clock or the
/// idle allowance.
const TICK: Duration = Duration::from_millis(50);

/// What the caller sends an interactive run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Input {
    /// Bytes for the program's stdin (a learner's line, with its `\n`).
    Stdin { data: String },
    /// Closes stdin: the program reads end-of-file once it has read what was sent.
    Eof,
    /// Kills the program's whole process tree now. Dropping the sender does the same.
    Stop,
}

/// Which output pipe a chunk came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A piece of the program's output, as it was written (at most [`CHUNK_BYTES`] plus the
/// end of a character split by the previous read). Always whole UTF-8 characters; invalid bytes
/// become U+FFFD, as in [`RunOutcome::stdout`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputChunk {
    pub stream: Stream,
    pub data: String,
}

/// The two ends an interactive run talks through.
pub struct InteractiveIo {
    pub input: mpsc::Receiver<Input>,
    /// Bounded on the caller's side: a slow reader holds the program at its next write (the
    /// time is charged to the idle allowance, so it cannot hold its slot forever).
    pub output: mpsc::Sender<OutputChunk>,
}

/// How an interactive run ended.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InteractiveOutcome {
    /// As for an ordinary run: the whole (capped) stdout and stderr, exit code, status, times.
    /// `wall_ms` is the busy time counted against the wall-clock limit.
    pub outcome: RunOutcome,
    /// The run was ended by [`Input::Stop`] or by the caller going away.
    pub stopped: bool,
    /// Everything that was sent to the program's stdin, in order.
    pub stdin: String,
}

/// Why the supervisor ended the run early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ended {
    Killed(Killed),
    Stopped,
    /// The idle allowance ran out while the program waited for input.
    Idle,
}

/// Decodes a byte stream into whole UTF-8 characters, holding back a character split across
/// two reads.
#[derive(Default)]
pub(crate) struct Utf8Chunks {
    pending: Vec<u8>,
}

impl Utf8Chunks {
    pub(crate) fn push(&mut self, bytes: &[u8]) -> String {
        self.pending.extend_from_slice(bytes);
        let keep = incomplete_tail(&self.pending);
        let ready: Vec<u8> = self.pending.drain(..self.pending.len() - keep).collect();
        String::from_utf8_lossy(&ready).into_owned()
    }

    pub(crate) fn finish(&mut self) -> String {
        let rest = std::mem::take(&mut self.pending);
        String::from_utf8_lossy(&rest).into_owned()
    }
}

/// Bytes at the end of `b` that begin a character whose remaining bytes have not arrived yet.
fn incomplete_tail(b: &[u8]) -> usize {
    for back in 1..=3.min(b.len()) {
        let byte = b[b.len() - back];
        if byte & 0b1100_0000 != 0b1000_0000 {
            let needs = match byte {
                0xF0..=0xF7 => 4,
                0xE0..=0xEF => 3,
                0xC0..=0xDF => 2,
                _ => 1,
            };
            return if needs > back { back } else { 0 };
        }
    }
    0
}

/// The busy clock and the idle allowance.
pub(crate) struct Clock {
    busy: Duration,
    idle: Duration,
    last: Instant,
    last_cpu_ns: Option<u64>,
}

impl Clock {
    pub(crate) fn new(now: Instant) -> Self {
        Self {
            busy: Duration::ZERO,
            idle: Duration::ZERO,
            last: now,
            last_cpu_ns: None,
        }
    }

    /// Charges the time since the last call: to the idle allowance when stdin was drained and
    /// the program used under a tenth of a CPU (a JVM's background threads wake now and then
    /// while `main` waits in `read`), else to the busy clock. `cpu_ns` is `None` without a
    /// cgroup; then a drained stdin alone counts as waiting (RLIMIT_CPU still bounds a spin).
    pub(crate) fn charge(&mut self, now: Instant, stdin_drained: bool, cpu_ns: Option<u64>) {
        let dt = now.saturating_duration_since(self.last);
        self.last = now;
        let cpu_quiet = match (self.last_cpu_ns, cpu_ns) {
            (Some(before), Some(after)) => {
                (after.saturating_sub(before) as u128) * 10 < dt.as_nanos()
            }
            // No earlier sample: assume busy, the program has just started.
            (None, Some(_)) => false,
            (_, None) => true,
        };
        self.last_cpu_ns = cpu_ns;
        if stdin_drained && cpu_quiet {
            self.idle += dt;
        } else {
            self.busy += dt;
        }
    }

    pub(crate) fn busy(&self) -> Duration {
        self.busy
    }

    pub(crate) fn idle(&self) -> Duration {
        self.idle
    }
}

/// Bytes in a pipe not yet read by the other end.
fn unread_bytes(fd: &OwnedFd) -> Option<usize> {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int; the descriptor is ours.
    let rc = unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONREAD, &mut n) };
    (rc == 0).then_some(n.max(0) as usize)
}

fn dup_cloexec(fd: i32) -> io::Result<OwnedFd> {
    // SAFETY: F_DUPFD_CLOEXEC returns a new descriptor that we own.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    if new < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fresh descriptor from fcntl.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// Reads one output pipe: forwards each piece to `output` and keeps the whole, up to `cap`
/// bytes; past the cap it forwards what fits, signals `over` and stops.
async fn pump<R: AsyncRead + Unpin>(
    mut r: R,
    stream: Stream,
    cap: usize,
    over: Arc<Notify>,
    output: mpsc::Sender<OutputChunk>,
) -> Vec<u8> {
    let mut all = Vec::new();
    let mut chunk = vec![0u8; CHUNK_BYTES];
    let mut text = Utf8Chunks::default();
    let send = async |data: String| {
        // A caller that went away still gets the run's result; its chunks are dropped.
        if !data.is_empty() {
            let _ = output.send(OutputChunk { stream, data }).await;
        }
    };
    loop {
        let n = match r.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let room = cap - all.len();
        let fits = n.min(room);
        all.extend_from_slice(&chunk[..fits]);
        send(text.push(&chunk[..fits])).await;
        if n > room {
            over.notify_one();
            break;
        }
    }
    send(text.finish()).await;
    all
}

impl JailEnv {
    /// Runs `spec` interactively (its `stdin` field is ignored): stdin from `io.input`, output to
    /// `io.output`, the busy time held to `spec.wall` and the waiting time to `idle`.
    pub(crate) async fn run_streaming(
        &self,
        spec: JailSpec,
        idle: Duration,
        io: InteractiveIo,
    ) -> io::Result<(JailResult, Option<Ended>, String)> {
        let InteractiveIo { mut input, output } = io;
        let start = Instant::now();
        let cpu_secs = spec.cpu_ms.div_ceil(1000).max(1);
        let mut spawned = self.spawn(&spec, cpu_secs)?;
        let stdin = spawned.child.stdin.take().expect("piped");
        // Our own view of the stdin pipe, to see whether the program has read what it was
        // sent; dropped with the feeder's at end-of-file, so the program does see it.
        let mut stdin_probe = Some(dup_cloexec(stdin.as_raw_fd())?);
        let queued = Arc::new(AtomicUsize::new(0));
        let (feed, mut fed) = mpsc::unbounded_channel::<Option<Vec<u8>>>();
        let feeder = tokio::spawn({
            let queued = queued.clone();
            async move {
                let mut stdin = stdin;
                while let Some(Some(bytes)) = fed.recv().await {
                    // A program that exited or closed its stdin: the rest is dropped.
                    let ok = stdin.write_all(&bytes).await.is_ok();
                    queued.fetch_sub(bytes.len(), Ordering::SeqCst);
                    if !ok {
                        break;
                    }
                }
            }
        });
        let over = Arc::new(Notify::new());
        let out = tokio::spawn(pump(
            spawned.child.stdout.take().expect("piped"),
            Stream::Stdout,
            spec.output_bytes,
            over.clone(),
            output.clone(),
        ));
        let err = tokio::spawn(pump(
            spawned.child.stderr.take().expect("piped"),
            Stream::Stderr,
            spec.output_bytes,
            over.clone(),
            output,
        ));

        let mut sent = String::new();
        let mut clock = Clock::new(start);
        let mut ticker = tokio::time::interval(TICK);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut input_open = true;
        let mut ended = None;
        let status = loop {
            tokio::select! {
                status = spawned.child.wait() => break status,
                message = input.recv(), if input_open => match message {
                    Some(Input::Stdin { data }) => {
                        if stdin_probe.is_some() {
                            queued.fetch_add(data.len(), Ordering::SeqCst);
                            sent.push_str(&data);
                            let _ = feed.send(Some(data.into_bytes()));
                        }
                    }
                    Some(Input::Eof) => {
                        let _ = feed.send(None);
                        stdin_probe = None;
                    }
                    Some(Input::Stop) | None => {
                        input_open = false;
                        ended = Some(Ended::Stopped);
                        spawned.kill();
                    }
                },
                _ = ticker.tick(), if ended.is_none() => {
                    let drained = stdin_probe.as_ref().is_some_and(|fd| {
                        queued.load(Ordering::SeqCst) == 0 && unread_bytes(fd) == Some(0)
                    });
                    let cpu = spawned.slot.as_ref().map(|s| s.stats().cpu_ns);
                    clock.charge(Instant::now(), drained, cpu);
                    if clock.busy() > spec.wall {
                        ended = Some(Ended::Killed(Killed::Timeout));
                    } else if clock.idle() > idle {
                        ended = Some(Ended::Idle);
                    }
                    if ended.is_some() {
                        spawned.kill();
                    }
                },
                _ = over.notified(), if ended.is_none() => {
                    ended = Some(Ended::Killed(Killed::Output));
                    spawned.kill();
                },
            }
        };
        // The readers end once every writer in the (dead) tree is gone.
        let drained = async { (out.await, err.await) };
        let (stdout, stderr) = match tokio::time::timeout(Duration::from_secs(10), drained).await {
            Ok((o, e)) => (o.unwrap_or_default(), e.unwrap_or_default()),
            Err(_) => {
                spawned.kill();
                return Err(io::Error::other("sandbox output did not end after exit"));
            }
        };
        feeder.abort();
        drop(stdin_probe);
        let status = status?;
        let busy = clock.busy().min(start.elapsed());
        let killed = match ended {
            Some(Ended::Killed(k)) => Some(k),
            Some(Ended::Idle) => Some(Killed::Timeout),
            Some(Ended::Stopped) => Some(Killed::Stopped),
            None => None,
        };
        let result = self
            .finish(spawned, status, stdout, stderr, killed, busy, cpu_secs)
            .await;
        Ok((result, ended, sent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_split_between_reads_is_held_back_until_it_is_whole() {
        let mut chunks = Utf8Chunks::default();
        let text = "née → ✓ 🦀";
        let bytes = text.as_bytes();
        let mut out = String::new();
        for piece in bytes.chunks(1) {
            let ready = chunks.push(piece);
            assert!(std::str::from_utf8(ready.as_bytes()).is_ok());
            out.push_str(&ready);
        }
        out.push_str(&chunks.finish());
        assert_eq!(out, text);
        // Cut inside the four-byte crab: the first part carries everything before it.
        let cut = bytes.len() - 2;
        let mut chunks = Utf8Chunks::default();
        assert_eq!(chunks.push(&bytes[..cut]), "née → ✓ ");
        assert_eq!(chunks.push(&bytes[cut..]), "🦀");
    }

    #[test]
    fn invalid_bytes_become_replacement_characters_and_a_dangling_start_is_flushed_at_the_end() {
        let mut chunks = Utf8Chunks::default();
        assert_eq!(chunks.push(b"a\xffb"), "a\u{fffd}b");
        assert_eq!(chunks.push(b"c\xe2\x82"), "c");
        assert_eq!(chunks.finish(), "\u{fffd}");
    }

    #[test]
    fn the_clock_charges_waiting_to_the_idle_allowance_and_work_to_the_busy_clock() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let mut clock = Clock::new(t0);
        // The first look has nothing to compare CPU with: busy.
        clock.charge(ms(50), true, Some(0));
        // Stdin drained and under a tenth of a CPU (4 ms in 50 ms): waiting.
        clock.charge(ms(100), true, Some(4_000_000));
        // Drained but spinning (40 ms of CPU in 50 ms): busy.
        clock.charge(ms(150), true, Some(44_000_000));
        // Quiet but input is still queued for it: busy (it has not read what it was sent).
        clock.charge(ms(200), false, Some(44_000_000));
        assert_eq!(clock.idle(), Duration::from_millis(50));
        assert_eq!(clock.busy(), Duration::from_millis(150));
        // Without a cgroup, a drained stdin alone counts as waiting.
        let mut bare = Clock::new(t0);
        bare.charge(ms(50), true, None);
        assert_eq!(bare.idle(), Duration::from_millis(50));
    }
}
