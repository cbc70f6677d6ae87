//! `codestead worker`: takes jobs from the lane streams and runs them in this host's sandbox.
//!
//! Delivery is at-least-once with de-duplication by job id (runs are pure functions of their
//! input): a job is acknowledged only in the same script that writes its answer; while it
//! runs the worker renews its lease (resets the entry's idle time) every third of the lease;
//! a worker that dies stops renewing, and after the lease another worker claims the entry
//! (`XAUTOCLAIM`) and runs it again. The answer is written `SET NX`, so a job is answered once
//! however many times it ran. A job started on [`MAX_ATTEMPTS`] workers without an answer
//! ends as `internal_error`; a job received after its deadline is answered "expired", unrun.
//!
//! Priorities: a free slot takes the first job of the highest lane, claims of dead workers'
//! jobs before new ones; only when all three lanes are empty does the worker block (on all of
//! them at once).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use redis::streams::{StreamAutoClaimReply, StreamId, StreamReadReply};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use codestead_sandbox::{LanguageInfo, RunOutcome};

use super::queue::{JobKind, JobOutcome, Lane, Runner, execute};
use super::wire::{
    self, ANSWER_SCRIPT, GROUP, HEARTBEAT_INTERVAL, HEARTBEAT_TTL, Heartbeat, JobMessage, Keys,
    MAX_ATTEMPTS, REPLY_TTL, Reply, Wake, WorkerLanguage,
};
use crate::platform::redis_link::{COMMAND_DEADLINE, RedisLink};

#[derive(Clone, Debug)]
pub struct WorkerConfig {
    pub redis_url: String,
    pub prefix: String,
    /// Jobs run at once.
    pub slots: usize,
    /// The consumer name in every lane's group, and the heartbeat's id.
    pub id: String,
    pub host: String,
    /// How long a job's entry may go unrenewed before another worker claims it.
    pub lease: Duration,
}

impl WorkerConfig {
    /// From the server's flags: `--redis-url`, `--redis-prefix`, `--exec-workers`.
    pub fn from_config(config: &crate::Config) -> anyhow::Result<Self> {
        use anyhow::Context;
        use secrecy::ExposeSecret;
        let url = config
            .redis_url
            .as_ref()
            .context("codestead worker needs --redis-url (CODESTEAD_REDIS_URL)")?;
        let slots = config.exec_workers.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        });
        Ok(Self::new(
            url.expose_secret(),
            config.redis_prefix.clone(),
            slots,
        ))
    }

    pub fn new(redis_url: impl Into<String>, prefix: impl Into<String>, slots: usize) -> Self {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_owned())
            .unwrap_or_else(|_| "unknown".into());
        let id = format!(
            "{host}-{}-{:04x}",
            std::process::id(),
            rand::random::<u16>()
        );
        Self {
            redis_url: redis_url.into(),
            prefix: prefix.into(),
            slots: slots.max(1),
            id,
            host,
            lease: wire::DEFAULT_LEASE,
        }
    }
}

/// Renews this worker's lease on entries it still owns (an entry another worker claimed
/// meanwhile is left to that worker). KEYS: stream. ARGV: group, consumer, ids….
const RENEW_SCRIPT: &str = r"
local renewed = 0
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    renewed = renewed + 1
  end
end
return renewed
";

static RENEW: LazyLock<redis::Script> = LazyLock::new(|| redis::Script::new(RENEW_SCRIPT));
static ANSWER: LazyLock<redis::Script> = LazyLock::new(|| redis::Script::new(ANSWER_SCRIPT));

/// One entry taken from a lane.
struct Delivery {
    lane: Lane,
    entry: String,
    /// `None`: the entry is not a job this version understands (dropped, logged).
    job: Option<JobMessage>,
}

impl Delivery {
    fn from_entry(lane: Lane, entry: StreamId) -> Self {
        let job = entry
            .map
            .get("job")
            .and_then(|v| redis::from_redis_value_ref::<String>(v).ok())
            .and_then(|json| serde_json::from_str(&json).ok());
        Self {
            lane,
            entry: entry.id,
            job,
        }
    }
}

struct Shared {
    config: WorkerConfig,
    link: RedisLink,
    /// For the blocking reads of interactive runs' input (`exec::relay`).
    client: redis::Client,
    keys: Keys,
    runner: Arc<dyn Runner>,
    slots: Arc<Semaphore>,
    /// Entries this worker holds, by lane: their leases are renewed until answered.
    held: Mutex<HashMap<Lane, Vec<String>>>,
    finished: AtomicU64,
}

impl Shared {
    fn hold(&self, d: &Delivery) {
        let mut held = self.held.lock().expect("held");
        held.entry(d.lane).or_default().push(d.entry.clone());
    }

    fn release(&self, lane: Lane, entry: &str) {
        let mut held = self.held.lock().expect("held");
        if let Some(v) = held.get_mut(&lane) {
            v.retain(|e| e != entry);
        }
    }
}

/// Runs a worker until `shutdown` resolves (then finishes the jobs it holds, within a bound,
/// and withdraws its heartbeat). Dropping the future is a crash: everything it spawned stops,
/// and its jobs are claimed by others after the lease.
pub async fn run(
    config: WorkerConfig,
    runner: Arc<dyn Runner>,
    languages: Vec<LanguageInfo>,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    let link = RedisLink::connect(&config.redis_url).await?;
    let client = redis::Client::open(config.redis_url.as_str())?;
    let keys = Keys::new(&config.prefix);
    for lane in Lane::ALL {
        super::redis_queue::create_group(&link, &keys.lane(lane)).await?;
    }
    let languages: Vec<WorkerLanguage> = languages
        .into_iter()
        .filter(|l| l.available)
        .map(|l| WorkerLanguage {
            id: l.id,
            version: l.version,
        })
        .collect();
    let shared = Arc::new(Shared {
        slots: Arc::new(Semaphore::new(config.slots)),
        config,
        link,
        client: client.clone(),
        keys,
        runner,
        held: Mutex::default(),
        finished: AtomicU64::new(0),
    });
    tracing::info!(id = %shared.config.id, slots = shared.config.slots, languages = ?languages.iter().map(|l| l.id.id()).collect::<Vec<_>>(), "worker started");
    // Dropping this set (a crash, or the end of `run`) stops every task of the worker.
    let mut tasks = JoinSet::new();
    tasks.spawn(heartbeat(shared.clone(), languages));
    tasks.spawn(renew_leases(shared.clone()));
    let mut jobs = JoinSet::new();
    tokio::select! {
        () = fetch(shared.clone(), client, &mut jobs) => {}
        () = shutdown => {}
    }
    // Finish what is running (a run is bounded by the sandbox's limits), then withdraw.
    let drained = tokio::time::timeout(Duration::from_secs(60), async {
        while jobs.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!("worker stopped with jobs still running; they will be claimed by others");
    }
    let fleet = shared.keys.fleet();
    let id = shared.config.id.clone();
    let _ = shared
        .link
        .run(|mut c| async move {
            redis::cmd("HDEL")
                .arg(fleet)
                .arg(id)
                .query_async::<()>(&mut c)
                .await
        })
        .await;
    tracing::info!("worker stopped");
    Ok(())
}

/// Takes a job whenever a slot is free, by priority, and starts it.
async fn fetch(shared: Arc<Shared>, client: redis::Client, jobs: &mut JoinSet<()>) {
    let mut fetcher = Fetcher {
        shared: shared.clone(),
        client,
        blocking: None,
        waiting: Vec::new(),
        last_claim: [None; 3],
    };
    loop {
        let Ok(permit) = shared.slots.clone().acquire_owned().await else {
            return;
        };
        let delivery = loop {
            if let Some(d) = fetcher.next().await {
                break d;
            }
        };
        while jobs.try_join_next().is_some() {}
        let shared = shared.clone();
        jobs.spawn(async move {
            handle(&shared, delivery).await;
            drop(permit);
        });
    }
}

struct Fetcher {
    shared: Arc<Shared>,
    client: redis::Client,
    blocking: Option<redis::aio::MultiplexedConnection>,
    /// Entries a blocking read returned beyond the one slot it was for; held and renewed,
    /// taken in lane order before the streams' new entries of the same lane.
    waiting: Vec<Delivery>,
    last_claim: [Option<Instant>; 3],
}

/// After an error talking to Redis, wait this long before the next try.
const BACKOFF: Duration = Duration::from_millis(200);
const BLOCK: Duration = Duration::from_millis(500);

impl Fetcher {
    async fn next(&mut self) -> Option<Delivery> {
        for lane in Lane::ALL {
            if let Some(pos) = self.waiting.iter().position(|d| d.lane == lane) {
                return Some(self.waiting.remove(pos));
            }
            let due = self.last_claim[lane.index()]
                .is_none_or(|at| at.elapsed() >= self.shared.config.lease / 4);
            if due {
                self.last_claim[lane.index()] = Some(Instant::now());
                match self.claim(lane).await {
                    Ok(Some(d)) => {
                        metrics::counter!("execution_claims_total", "lane" => lane.id())
                            .increment(1);
                        tracing::info!(lane = lane.id(), entry = %d.entry, "claimed a job of a lost worker");
                        self.shared.hold(&d);
                        return Some(d);
                    }
                    Ok(None) => {}
                    Err(err) => return self.backoff(err).await,
                }
            }
            match self.read(lane).await {
                Ok(Some(d)) => {
                    self.shared.hold(&d);
                    return Some(d);
                }
                Ok(None) => {}
                Err(err) => return self.backoff(err).await,
            }
        }
        match self.read_blocking().await {
            Ok(mut got) => {
                got.sort_by_key(|d| d.lane);
                for d in &got {
                    self.shared.hold(d);
                }
                let first = (!got.is_empty()).then(|| got.remove(0));
                self.waiting.extend(got);
                first
            }
            Err(err) => {
                self.blocking = None;
                self.backoff(err).await
            }
        }
    }

    async fn backoff(&self, err: anyhow::Error) -> Option<Delivery> {
        tracing::warn!(%err, "worker: Redis did not answer; retrying");
        tokio::time::sleep(BACKOFF).await;
        None
    }

    async fn claim(&self, lane: Lane) -> anyhow::Result<Option<Delivery>> {
        let stream = self.shared.keys.lane(lane);
        let me = self.shared.config.id.clone();
        let lease = self.shared.config.lease.as_millis() as u64;
        let reply: StreamAutoClaimReply = self
            .shared
            .link
            .run(|mut c| async move {
                redis::cmd("XAUTOCLAIM")
                    .arg(&stream)
                    .arg(GROUP)
                    .arg(me)
                    .arg(lease)
                    .arg("0-0")
                    .arg("COUNT")
                    .arg(1)
                    .query_async(&mut c)
                    .await
            })
            .await?;
        Ok(reply
            .claimed
            .into_iter()
            .next()
            .map(|e| Delivery::from_entry(lane, e)))
    }

    async fn read(&self, lane: Lane) -> anyhow::Result<Option<Delivery>> {
        let stream = self.shared.keys.lane(lane);
        let me = self.shared.config.id.clone();
        let reply: Option<StreamReadReply> = self
            .shared
            .link
            .run(|mut c| async move {
                redis::cmd("XREADGROUP")
                    .arg("GROUP")
                    .arg(GROUP)
                    .arg(me)
                    .arg("COUNT")
                    .arg(1)
                    .arg("STREAMS")
                    .arg(&stream)
                    .arg(">")
                    .query_async(&mut c)
                    .await
            })
            .await?;
        Ok(reply
            .into_iter()
            .flat_map(|r| r.keys)
            .flat_map(|k| k.ids)
            .next()
            .map(|e| Delivery::from_entry(lane, e)))
    }

    /// Waits up to [`BLOCK`] for a job on any lane.
    async fn read_blocking(&mut self) -> anyhow::Result<Vec<Delivery>> {
        if self.blocking.is_none() {
            let conn = tokio::time::timeout(
                COMMAND_DEADLINE * 6,
                wire::blocking_connection(&self.client),
            )
            .await??;
            self.blocking = Some(conn);
        }
        let conn = self.blocking.as_mut().expect("connected above");
        let keys = &self.shared.keys;
        let mut cmd = redis::cmd("XREADGROUP");
        cmd.arg("GROUP")
            .arg(GROUP)
            .arg(&self.shared.config.id)
            .arg("COUNT")
            .arg(1)
            .arg("BLOCK")
            .arg(BLOCK.as_millis() as u64)
            .arg("STREAMS");
        for lane in Lane::ALL {
            cmd.arg(keys.lane(lane));
        }
        for _ in Lane::ALL {
            cmd.arg(">");
        }
        let reply: Option<StreamReadReply> =
            tokio::time::timeout(BLOCK + COMMAND_DEADLINE * 2, cmd.query_async(conn)).await??;
        let mut out = Vec::new();
        for key in reply.into_iter().flat_map(|r| r.keys) {
            let Some(lane) = Lane::ALL.into_iter().find(|&l| keys.lane(l) == key.key) else {
                continue;
            };
            out.extend(key.ids.into_iter().map(|e| Delivery::from_entry(lane, e)));
        }
        Ok(out)
    }
}

/// Runs one job (or drops it: a duplicate, expired, or out of attempts) and answers it.
async fn handle(shared: &Shared, delivery: Delivery) {
    let lane = delivery.lane;
    let Some(job) = delivery.job.clone() else {
        tracing::warn!(entry = %delivery.entry, "dropping an unreadable job");
        let stream = shared.keys.lane(lane);
        let entry = delivery.entry.clone();
        let _ = shared
            .link
            .run(|mut c| async move {
                redis::pipe()
                    .cmd("XACK")
                    .arg(&stream)
                    .arg(GROUP)
                    .arg(&entry)
                    .cmd("XDEL")
                    .arg(&stream)
                    .arg(&entry)
                    .query_async::<()>(&mut c)
                    .await
            })
            .await;
        shared.release(lane, &delivery.entry);
        return;
    };
    let reply = match prepare(shared, &job).await {
        Ok(Some(reply)) => reply,
        Ok(None) => {
            let wait = wire::now_ms().saturating_sub(job.enqueued_at_ms);
            metrics::histogram!("execution_wait_seconds", "lane" => lane.id())
                .record(wait as f64 / 1000.0);
            let started = Instant::now();
            let outcome = match &job.kind {
                JobKind::Interactive { session } => JobOutcome::Single(
                    super::relay::serve(
                        &shared.link,
                        &shared.client,
                        &shared.keys,
                        shared.runner.as_ref(),
                        job.request.clone().into(),
                        *session,
                    )
                    .await,
                ),
                kind => {
                    execute(
                        shared.runner.as_ref(),
                        job.request.clone().into(),
                        kind.clone(),
                    )
                    .await
                }
            };
            metrics::histogram!("execution_run_seconds", "lane" => lane.id())
                .record(started.elapsed().as_secs_f64());
            Reply::from(outcome)
        }
        Err(err) => {
            // Redis is unreachable: leave the entry pending; it is claimed after the lease.
            tracing::warn!(%err, job = %job.id, "could not start a job; leaving it to be claimed");
            shared.release(lane, &delivery.entry);
            return;
        }
    };
    answer(shared, &delivery, &job, reply).await;
    shared.release(lane, &delivery.entry);
    shared.finished.fetch_add(1, Ordering::Relaxed);
}

/// `Some(reply)` when the job must not run: answered already (then the reply is not
/// written again), past its deadline, or out of attempts.
async fn prepare(shared: &Shared, job: &JobMessage) -> anyhow::Result<Option<Reply>> {
    let result_key = shared.keys.result(job.id);
    let attempts_key = shared.keys.attempts(job.id);
    let (answered, attempts): (bool, u64) = shared
        .link
        .run(|mut c| async move {
            redis::pipe()
                .cmd("EXISTS")
                .arg(&result_key)
                .cmd("INCR")
                .arg(&attempts_key)
                .cmd("EXPIRE")
                .arg(&attempts_key)
                .arg(REPLY_TTL.as_secs())
                .ignore()
                .query_async(&mut c)
                .await
        })
        .await?;
    if answered {
        // Any reply: the answer script only acknowledges when one is already there.
        return Ok(Some(Reply::Expired));
    }
    // An interactive run's stdin was spent on the worker that died: running it again would
    // start the program over with none of it. It ends here, and the learner runs it again.
    if attempts > 1 && matches!(job.kind, JobKind::Interactive { .. }) {
        return Ok(Some(Reply::from(JobOutcome::failed(
            &job.kind,
            "The worker running the program stopped; run it again.",
        ))));
    }
    if attempts > MAX_ATTEMPTS {
        metrics::counter!("execution_failed_attempts_total", "lane" => job.lane.id()).increment(1);
        let reason = format!(
            "The program was started on {MAX_ATTEMPTS} workers and none of them finished it; it was not run again."
        );
        return Ok(Some(Reply::from(JobOutcome::failed(&job.kind, reason))));
    }
    if wire::now_ms() > job.deadline_ms {
        metrics::counter!("execution_expired_total", "lane" => job.lane.id()).increment(1);
        return Ok(Some(Reply::Expired));
    }
    Ok(None)
}

/// Writes the answer (retrying through a short outage); only then is the entry acknowledged.
async fn answer(shared: &Shared, delivery: &Delivery, job: &JobMessage, reply: Reply) {
    let reply_json = serde_json::to_string(&reply).unwrap_or_else(|_| {
        serde_json::to_string(&Reply::Single {
            outcome: RunOutcome::internal_error("the outcome could not be encoded"),
        })
        .expect("a plain outcome encodes")
    });
    let wake = serde_json::to_string(&Wake { id: job.id, reply }).unwrap_or_default();
    let give_up = Instant::now() + shared.config.lease * 4;
    loop {
        let (result, reply_to, stream) = (
            shared.keys.result(job.id),
            job.reply_to.clone(),
            shared.keys.lane(delivery.lane),
        );
        let (reply_json, wake, entry) = (reply_json.clone(), wake.clone(), delivery.entry.clone());
        let written = shared
            .link
            .run(|mut c| async move {
                ANSWER
                    .key(result)
                    .key(reply_to)
                    .key(stream)
                    .arg(reply_json)
                    .arg(REPLY_TTL.as_secs())
                    .arg(wake)
                    .arg(GROUP)
                    .arg(entry)
                    .invoke_async::<i64>(&mut c)
                    .await
            })
            .await;
        match written {
            Ok(fresh) => {
                if fresh == 0 {
                    tracing::debug!(job = %job.id, "already answered elsewhere; acknowledged only");
                }
                return;
            }
            Err(err) if Instant::now() < give_up => {
                tracing::warn!(%err, job = %job.id, "writing an answer failed; retrying");
                tokio::time::sleep(BACKOFF).await;
            }
            Err(err) => {
                tracing::error!(%err, job = %job.id, "could not write an answer; the job will be claimed and run again");
                return;
            }
        }
    }
}

/// Renews the leases of held entries every third of the lease.
async fn renew_leases(shared: Arc<Shared>) {
    let mut tick = tokio::time::interval(shared.config.lease / 3);
    loop {
        tick.tick().await;
        let held: Vec<(Lane, Vec<String>)> = shared
            .held
            .lock()
            .expect("held")
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(l, v)| (*l, v.clone()))
            .collect();
        for (lane, entries) in held {
            let stream = shared.keys.lane(lane);
            let me = shared.config.id.clone();
            let renewed = shared
                .link
                .run(|mut c| async move {
                    let mut call = RENEW.key(stream);
                    call.arg(GROUP).arg(me);
                    for e in &entries {
                        call.arg(e);
                    }
                    call.invoke_async::<i64>(&mut c).await
                })
                .await;
            if let Err(err) = renewed {
                tracing::warn!(%err, "renewing job leases failed");
            }
        }
    }
}

/// Announces the worker every [`HEARTBEAT_INTERVAL`], valid for [`HEARTBEAT_TTL`].
async fn heartbeat(shared: Arc<Shared>, languages: Vec<WorkerLanguage>) {
    let mut tick = tokio::time::interval(HEARTBEAT_INTERVAL);
    let mut last = (Instant::now(), 0u64);
    let mut rate = 0.0f64;
    let mut beats = 0u64;
    loop {
        tick.tick().await;
        beats += 1;
        let finished = shared.finished.load(Ordering::Relaxed);
        let free = shared.slots.available_permits();
        let elapsed = last.0.elapsed().as_secs_f64().max(1e-3);
        let done = finished - last.1;
        // Throughput is measured while busy only: an idle fleet is not a slow one.
        if done > 0 || free < shared.config.slots {
            let now_rate = done as f64 / elapsed;
            rate = if rate == 0.0 {
                now_rate
            } else {
                0.7 * rate + 0.3 * now_rate
            };
        }
        last = (Instant::now(), finished);
        let beat = Heartbeat {
            id: shared.config.id.clone(),
            host: shared.config.host.clone(),
            languages: languages.clone(),
            slots: shared.config.slots,
            free_slots: free,
            jobs_per_sec: rate,
            expires_at_ms: wire::now_ms() + HEARTBEAT_TTL.as_millis() as u64,
        };
        let fleet = shared.keys.fleet();
        let id = shared.config.id.clone();
        let json = serde_json::to_string(&beat).unwrap_or_default();
        let prune = beats % 10 == 1;
        let written = shared
            .link
            .run(|mut c| async move {
                redis::cmd("HSET")
                    .arg(&fleet)
                    .arg(id)
                    .arg(json)
                    .query_async::<()>(&mut c)
                    .await?;
                if prune {
                    // Entries of workers that died stay until someone removes them.
                    let all: HashMap<String, String> = redis::cmd("HGETALL")
                        .arg(&fleet)
                        .query_async(&mut c)
                        .await?;
                    let now = wire::now_ms();
                    for (k, v) in all {
                        let expired = serde_json::from_str::<Heartbeat>(&v).map_or(true, |b| {
                            b.expires_at_ms + HEARTBEAT_TTL.as_millis() as u64 * 10 < now
                        });
                        if expired {
                            redis::cmd("HDEL")
                                .arg(&fleet)
                                .arg(k)
                                .query_async::<()>(&mut c)
                                .await?;
                        }
                    }
                }
                Ok(())
            })
            .await;
        if let Err(err) = written {
            tracing::warn!(%err, "heartbeat not written");
        }
    }
}
