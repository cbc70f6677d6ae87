//! What API servers and `codestead worker` processes say to each other over Redis: the key
//! layout, the job message, the reply and the heartbeat. Both sides build keys here only, so
//! they cannot drift apart.
//!
//! Layout under the installation's prefix (`codestead:` by default):
//! - `exec:lane:<lane>`: one stream per priority lane, consumer group [`GROUP`]. An entry is
//!   deleted when its job is answered, so `XLEN` is the lane's depth (waiting + running).
//! - `exec:result:<job id>`: the job's reply, set once (`SET NX`): the first answer wins,
//!   a re-run after a claimed lease finds it and only acknowledges.
//! - `exec:attempts:<job id>`: how many workers started the job.
//! - `exec:wake:<server id>`: the replying server's list; each reply is pushed there too, and
//!   the server's one blocking reader hands it to the waiting request.
//! - `exec:fleet`: hash of worker id → [`Heartbeat`] (filtered by `expires_at_ms`).
//! - `exec:io:<session>:in` / `exec:io:<session>:out`: an interactive run's two streams (see
//!   [`super::relay`]): the learner's input (field `input`) to the worker, the program's output
//!   (field `chunk`) and finally its outcome (field `end`) back.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use codestead_sandbox::{BatchOutcome, Language, RunOutcome, RunRequest, SourceFile};

use super::queue::{JobKind, JobOutcome, Lane};

/// The consumer group every worker reads each lane with.
pub const GROUP: &str = "workers";
/// How often a worker announces itself, and how long an announcement lasts.
pub const HEARTBEAT_INTERVAL: Duration = Duration::from_millis(1000);
pub const HEARTBEAT_TTL: Duration = Duration::from_millis(3000);
/// A job whose worker stopped renewing its lease for this long is claimed by another.
pub const DEFAULT_LEASE: Duration = Duration::from_millis(3000);
/// Workers that started a job before it ends as `internal_error`.
pub const MAX_ATTEMPTS: u64 = 3;
/// How long replies and attempt counters stay in Redis.
pub const REPLY_TTL: Duration = Duration::from_secs(600);

#[derive(Clone, Debug)]
pub struct Keys {
    prefix: String,
}

impl Keys {
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: format!("{prefix}exec:"),
        }
    }
    pub fn lane(&self, lane: Lane) -> String {
        format!("{}lane:{}", self.prefix, lane.id())
    }
    pub fn result(&self, job: Uuid) -> String {
        format!("{}result:{job}", self.prefix)
    }
    pub fn attempts(&self, job: Uuid) -> String {
        format!("{}attempts:{job}", self.prefix)
    }
    pub fn wake(&self, server: &str) -> String {
        format!("{}wake:{server}", self.prefix)
    }
    pub fn fleet(&self) -> String {
        format!("{}fleet", self.prefix)
    }
    pub fn io_in(&self, session: Uuid) -> String {
        format!("{}io:{session}:in", self.prefix)
    }
    pub fn io_out(&self, session: Uuid) -> String {
        format!("{}io:{session}:out", self.prefix)
    }
}

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// A run request as it travels (the sandbox's own type has no wire format).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WireRequest {
    pub language: Language,
    pub files: Vec<SourceFile>,
    pub entry: Option<String>,
    pub stdin: String,
}

impl From<RunRequest> for WireRequest {
    fn from(r: RunRequest) -> Self {
        Self {
            language: r.language,
            files: r.files,
            entry: r.entry,
            stdin: r.stdin,
        }
    }
}

impl From<WireRequest> for RunRequest {
    fn from(r: WireRequest) -> Self {
        Self {
            language: r.language,
            files: r.files,
            entry: r.entry,
            stdin: r.stdin,
        }
    }
}

/// One job as queued in a lane's stream (field `job`, JSON).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobMessage {
    pub id: Uuid,
    pub lane: Lane,
    pub request: WireRequest,
    pub kind: JobKind,
    /// The list the reply is pushed to (the submitting server's).
    pub reply_to: String,
    pub enqueued_at_ms: u64,
    /// Latest start; a worker that receives the job later drops it unrun.
    pub deadline_ms: u64,
}

/// A job's answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Reply {
    Single {
        outcome: RunOutcome,
    },
    Batch {
        compile: Option<RunOutcome>,
        runs: Vec<RunOutcome>,
    },
    /// Dropped unrun: it reached a worker after its deadline.
    Expired,
}

impl From<JobOutcome> for Reply {
    fn from(o: JobOutcome) -> Self {
        match o {
            JobOutcome::Single(outcome) => Reply::Single { outcome },
            JobOutcome::Batch(b) => Reply::Batch {
                compile: b.compile,
                runs: b.runs,
            },
        }
    }
}

impl Reply {
    pub fn into_outcome(self) -> Option<JobOutcome> {
        match self {
            Reply::Single { outcome } => Some(JobOutcome::Single(outcome)),
            Reply::Batch { compile, runs } => {
                Some(JobOutcome::Batch(BatchOutcome { compile, runs }))
            }
            Reply::Expired => None,
        }
    }
}

/// What the wake list carries: the job id and its reply.
#[derive(Debug, Serialize, Deserialize)]
pub struct Wake {
    pub id: Uuid,
    pub reply: Reply,
}

/// A worker's announcement in the fleet hash.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Heartbeat {
    pub id: String,
    pub host: String,
    /// Languages this worker can run, with their toolchain versions.
    pub languages: Vec<WorkerLanguage>,
    pub slots: usize,
    pub free_slots: usize,
    /// Jobs finished per second, smoothed over recent heartbeats.
    pub jobs_per_sec: f64,
    pub expires_at_ms: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct WorkerLanguage {
    pub id: Language,
    pub version: String,
}

/// Writes a reply once, wakes the submitting server, and only then acknowledges and deletes
/// the stream entry: a worker that dies before this leaves the job pending, to be claimed.
/// KEYS: result, wake, stream. ARGV: reply json, ttl secs, wake json, group, entry id.
/// Returns 1 if this call answered the job, 0 if an answer was already there.
pub const ANSWER_SCRIPT: &str = r"
local fresh = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2])
if fresh then
  redis.call('RPUSH', KEYS[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
redis.call('XACK', KEYS[3], ARGV[4], ARGV[5])
redis.call('XDEL', KEYS[3], ARGV[5])
if fresh then return 1 else return 0 end
";

/// Admission: queue the job unless the lane already holds `capacity` jobs.
/// KEYS: stream. ARGV: capacity, job json. Returns the entry id, or false when full.
pub const ADMIT_SCRIPT: &str = r"
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return false end
return redis.call('XADD', KEYS[1], '*', 'job', ARGV[2])
";

/// A connection of its own for blocking reads (`BLPOP`, `XREADGROUP BLOCK`): on the shared
/// multiplexed one they would stall every other command. The caller bounds each read with
/// a timeout of its own, so the client-side response timeout is off.
pub async fn blocking_connection(
    client: &redis::Client,
) -> redis::RedisResult<redis::aio::MultiplexedConnection> {
    let config = redis::AsyncConnectionConfig::new()
        .set_connection_timeout(Some(crate::platform::redis_link::COMMAND_DEADLINE * 5))
        .set_response_timeout(None);
    client
        .get_multiplexed_async_connection_with_config(&config)
        .await
}
