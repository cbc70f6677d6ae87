//! Interactive runs in redis mode: the API server holding the learner's WebSocket and the
//! `codestead worker` running the program talk over two Redis streams per run (keys in
//! [`super::wire`]): `io:<session>:in` carries the learner's [`Input`]s to the worker,
//! `io:<session>:out` the program's [`OutputChunk`]s back and, last, its
//! [`InteractiveOutcome`]. Streams rather than pub/sub: an entry written before the other
//! side reads (the first prompt, a line typed while the job still waits for a slot) is
//! kept, not lost, and each side reads on from the last id it saw.
//!
//! The run itself is an ordinary job in the interactive lane ([`JobKind::Interactive`]), so
//! it is admitted, prioritised, leased and answered like any other; the answer is the
//! outcome, which the server uses if the `end` entry never came. It is never run twice: a
//! second worker that claims it after the first died answers `internal_error` (its stdin
//! was already spent). Whoever goes away ends the run: a closed socket sends `Stop`; a
//! worker that loses Redis drops the program's stdin, which stops it; a server that loses
//! the worker (no answer within the job's bound) reports `internal_error`.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use redis::streams::StreamReadReply;
use tokio::sync::mpsc;
use uuid::Uuid;

use codestead_sandbox::{
    Input, InteractiveIo, InteractiveOutcome, OutputChunk, RunOutcome, RunRequest,
};

use super::interactive::InteractiveRunner;
use super::queue::{JobKind, JobOutcome, JobQueue, Lane, QueueError, Runner};
use super::wire::{self, Keys, REPLY_TTL};
use crate::platform::redis_link::{COMMAND_DEADLINE, RedisLink};

/// How long one blocking read of a session stream waits before looking again.
const BLOCK: Duration = Duration::from_millis(1000);

/// Appends one entry (`field` = `json`) to `stream` and keeps the stream only as long as a
/// reply (a run's streams outlive it by that much at most).
async fn append(link: &RedisLink, stream: &str, field: &'static str, json: String) -> bool {
    let stream = stream.to_owned();
    link.run(|mut c| async move {
        redis::pipe()
            .cmd("XADD")
            .arg(&stream)
            .arg("*")
            .arg(field)
            .arg(json)
            .ignore()
            .cmd("EXPIRE")
            .arg(&stream)
            .arg(REPLY_TTL.as_secs())
            .ignore()
            .query_async::<()>(&mut c)
            .await
    })
    .await
    .is_ok()
}

/// One entry read from a session stream: its field and JSON value.
type Entry = (String, String);

/// Reads the entries of `stream` after `last` (waiting up to `block`, or not at all), moving
/// `last` on. `Err`: the connection failed.
async fn read_after(
    conn: &mut redis::aio::MultiplexedConnection,
    stream: &str,
    last: &mut String,
    block: Option<Duration>,
) -> anyhow::Result<Vec<Entry>> {
    let mut cmd = redis::cmd("XREAD");
    if let Some(block) = block {
        cmd.arg("BLOCK").arg(block.as_millis() as u64);
    }
    cmd.arg("COUNT")
        .arg(256)
        .arg("STREAMS")
        .arg(stream)
        .arg(&*last);
    let bound = block.unwrap_or_default() + COMMAND_DEADLINE * 4;
    let reply: Option<StreamReadReply> =
        tokio::time::timeout(bound, cmd.query_async(conn)).await??;
    let mut out = Vec::new();
    for entry in reply.into_iter().flat_map(|r| r.keys).flat_map(|k| k.ids) {
        last.clone_from(&entry.id);
        for (field, value) in &entry.map {
            if let Ok(json) = redis::from_redis_value_ref::<String>(value) {
                out.push((field.clone(), json));
            }
        }
    }
    Ok(out)
}

/// The worker's half: runs the program in the local sandbox, fed from the session's input
/// stream, writing its output and then its outcome to the output stream.
pub(crate) async fn serve(
    link: &RedisLink,
    client: &redis::Client,
    keys: &Keys,
    runner: &dyn Runner,
    request: RunRequest,
    session: Uuid,
) -> RunOutcome {
    let (input_tx, input) = mpsc::channel::<Input>(64);
    let (output, mut output_rx) = mpsc::channel::<OutputChunk>(64);
    let in_key = keys.io_in(session);
    let out_key = keys.io_out(session);

    // Input: on a connection of its own (blocking reads). When it ends — Redis lost, or the
    // learner's Stop delivered — the sender drops, and the sandbox stops the program.
    let reader = {
        let client = client.clone();
        tokio::spawn(async move {
            let Ok(Ok(mut conn)) =
                tokio::time::timeout(COMMAND_DEADLINE * 6, wire::blocking_connection(&client))
                    .await
            else {
                tracing::warn!(%session, "interactive run: no connection for its input");
                return;
            };
            let mut last = "0-0".to_owned();
            loop {
                let Ok(entries) = read_after(&mut conn, &in_key, &mut last, Some(BLOCK)).await
                else {
                    tracing::warn!(%session, "interactive run: its input stream failed");
                    return;
                };
                for (_, json) in entries {
                    let Ok(message) = serde_json::from_str::<Input>(&json) else {
                        continue;
                    };
                    let stop = message == Input::Stop;
                    if input_tx.send(message).await.is_err() || stop {
                        return;
                    }
                }
            }
        })
    };
    // Output, in order, as the program writes it.
    let writer = {
        let link = link.clone();
        let out_key = out_key.clone();
        tokio::spawn(async move {
            while let Some(chunk) = output_rx.recv().await {
                let json = serde_json::to_string(&chunk).unwrap_or_default();
                if !append(&link, &out_key, "chunk", json).await {
                    tracing::warn!(%session, "interactive run: a piece of output was not relayed");
                }
            }
        })
    };
    let done = runner
        .run_interactive(request, InteractiveIo { input, output })
        .await;
    reader.abort();
    // The sandbox has dropped its output sender: the writer ends once it has written the rest.
    let _ = writer.await;
    let json = serde_json::to_string(&done).unwrap_or_default();
    if !append(link, &out_key, "end", json).await {
        tracing::warn!(%session, "interactive run: its outcome was not relayed; the job's answer carries it");
    }
    done.outcome
}

/// The API server's half in redis mode: queues the run in the interactive lane and relays
/// the learner's input and the program's output through the session's streams.
pub struct RedisRelay {
    queue: Arc<dyn JobQueue>,
    link: RedisLink,
    client: redis::Client,
    keys: Keys,
}

impl RedisRelay {
    pub fn new(
        queue: Arc<dyn JobQueue>,
        link: RedisLink,
        url: &str,
        prefix: &str,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            queue,
            link,
            client: redis::Client::open(url)?,
            keys: Keys::new(prefix),
        })
    }
}

fn failed(reason: impl Into<String>) -> InteractiveOutcome {
    InteractiveOutcome {
        outcome: RunOutcome::internal_error(reason),
        stopped: false,
        stdin: String::new(),
    }
}

#[async_trait]
impl InteractiveRunner for RedisRelay {
    async fn run(&self, request: RunRequest, io: InteractiveIo) -> InteractiveOutcome {
        let session = Uuid::now_v7();
        let in_key = self.keys.io_in(session);
        let out_key = self.keys.io_out(session);
        let InteractiveIo { mut input, output } = io;

        // The job: answered when the program has ended (or could not run).
        let mut job = {
            let queue = self.queue.clone();
            tokio::spawn(async move {
                queue
                    .submit(Lane::Interactive, request, JobKind::Interactive { session })
                    .await
            })
        };
        // The learner's input, in order; a closed socket (the sender dropped) is a Stop.
        let forward = {
            let link = self.link.clone();
            let in_key = in_key.clone();
            tokio::spawn(async move {
                loop {
                    let message = input.recv().await.unwrap_or(Input::Stop);
                    let stop = message == Input::Stop;
                    let json = serde_json::to_string(&message).unwrap_or_default();
                    if !append(&link, &in_key, "input", json).await {
                        tracing::warn!(%session, "interactive run: input not relayed");
                    }
                    if stop {
                        return;
                    }
                }
            })
        };
        let _stop_forwarding = AbortOnDrop(forward);

        let conn = tokio::time::timeout(
            COMMAND_DEADLINE * 6,
            wire::blocking_connection(&self.client),
        )
        .await;
        let Ok(Ok(mut conn)) = conn else {
            job.abort();
            return failed("the execution fleet could not be reached");
        };
        let mut last = "0-0".to_owned();
        let mut answered: Option<Result<JobOutcome, QueueError>> = None;
        loop {
            // Once the job is answered the `end` entry is already written (the worker writes
            // it first): read what is left without waiting.
            let block = if answered.is_some() {
                None
            } else {
                Some(BLOCK)
            };
            let read = tokio::select! {
                read = read_after(&mut conn, &out_key, &mut last, block) => read,
                done = &mut job, if answered.is_none() => {
                    answered = Some(done.unwrap_or(Err(QueueError::Unavailable)));
                    continue;
                }
            };
            let Ok(entries) = read else {
                return failed("the execution fleet stopped answering");
            };
            for (field, json) in &entries {
                match field.as_str() {
                    "chunk" => {
                        if let Ok(chunk) = serde_json::from_str::<OutputChunk>(json) {
                            // A closed socket: the forwarder sends the Stop; keep reading
                            // until the worker reports the end.
                            let _ = output.send(chunk).await;
                        }
                    }
                    "end" => {
                        if let Ok(done) = serde_json::from_str::<InteractiveOutcome>(json) {
                            self.forget(session).await;
                            return done;
                        }
                    }
                    _ => {}
                }
            }
            if entries.is_empty()
                && let Some(answer) = answered.take()
            {
                self.forget(session).await;
                return match answer {
                    Ok(JobOutcome::Single(outcome)) => InteractiveOutcome {
                        outcome,
                        stopped: false,
                        stdin: String::new(),
                    },
                    Ok(JobOutcome::Batch(_)) => failed("the worker answered with a batch"),
                    Err(QueueError::Full) => {
                        failed("Many programs are running right now; try again in a few seconds.")
                    }
                    Err(QueueError::Expired) => {
                        failed("No worker was free in time to run the program; try again.")
                    }
                    Err(QueueError::Unavailable) => {
                        failed("The worker running the program stopped answering.")
                    }
                };
            }
        }
    }
}

impl RedisRelay {
    /// The session's streams are of no use once the run has ended.
    async fn forget(&self, session: Uuid) {
        let (a, b) = (self.keys.io_in(session), self.keys.io_out(session));
        let _ = self
            .link
            .run(|mut c| async move {
                redis::cmd("DEL")
                    .arg(a)
                    .arg(b)
                    .query_async::<()>(&mut c)
                    .await
            })
            .await;
    }
}

/// Aborts a task when its owner's scope ends, however it ends.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
