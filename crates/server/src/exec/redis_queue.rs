//! The scale-out [`JobQueue`]: jobs go into one Redis stream per priority lane and are run by
//! `codestead worker` processes (see [`super::worker`] and the key layout in [`super::wire`]).
//!
//! Every Redis call of a request goes through the server's [`RedisLink`] and so has its
//! deadline: with Redis down a run is refused (503) within it, never left waiting. The
//! answer comes back on this server's wake list, read by one task with its own connection
//! (a blocking read would stall the shared one), and is handed to the waiting request.
//! A fleet watcher reads the heartbeats every half heartbeat: languages no live worker
//! offers are unavailable, and depth over measured throughput gives `Retry-After`.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, RwLock};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tokio::sync::oneshot;
use uuid::Uuid;

use codestead_sandbox::{Language, LanguageInfo, RunRequest};

use super::queue::{FleetStatus, JobKind, JobOutcome, JobQueue, Lane, QueueError};
use super::wire::{
    self, ADMIT_SCRIPT, GROUP, HEARTBEAT_INTERVAL, Heartbeat, JobMessage, Keys, Reply, Wake,
};
use crate::platform::redis_link::{COMMAND_DEADLINE, RedisLink};

static ADMIT: LazyLock<redis::Script> = LazyLock::new(|| redis::Script::new(ADMIT_SCRIPT));

type Waiters = Arc<Mutex<HashMap<Uuid, oneshot::Sender<Reply>>>>;

/// The fleet as last read from the heartbeats.
#[derive(Clone, Debug, Default)]
struct FleetView {
    /// Language → a version some live worker offers.
    languages: BTreeMap<Language, String>,
    status: FleetStatus,
    jobs_per_sec: f64,
    lane_depth: [usize; 3],
    read_at: Option<Instant>,
}

pub struct RedisStreamQueue {
    link: RedisLink,
    keys: Keys,
    wake_key: String,
    waiters: Waiters,
    fleet: Arc<RwLock<FleetView>>,
    /// Jobs one lane may hold (waiting + running) before new ones get 503.
    capacity: usize,
    max_wait: Duration,
    /// How long a job may take once started (compile + runs), for the answer's time bound.
    run_bound: Duration,
    depth: Arc<AtomicUsize>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for RedisStreamQueue {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl RedisStreamQueue {
    /// Connects the reply reader and the fleet watcher; `link` carries every other command.
    pub async fn start(
        url: &str,
        link: RedisLink,
        prefix: &str,
        capacity: usize,
        max_wait: Duration,
    ) -> anyhow::Result<Self> {
        let keys = Keys::new(prefix);
        let server_id = format!("api-{}", Uuid::now_v7().simple());
        let wake_key = keys.wake(&server_id);
        let client = redis::Client::open(url)?;
        for lane in Lane::ALL {
            create_group(&link, &keys.lane(lane)).await?;
        }
        let waiters: Waiters = Arc::default();
        let fleet = Arc::new(RwLock::new(FleetView::default()));
        let reader = tokio::spawn(read_replies(client, wake_key.clone(), waiters.clone()));
        let watcher = tokio::spawn(watch_fleet(link.clone(), keys.clone(), fleet.clone()));
        let queue = Self {
            link,
            keys,
            wake_key,
            waiters,
            fleet,
            capacity: capacity.max(1),
            max_wait,
            run_bound: Duration::from_secs(30),
            depth: Arc::default(),
            tasks: vec![reader, watcher],
        };
        queue.refresh_fleet().await;
        Ok(queue)
    }

    /// Reads the heartbeats now (tests and start-up; the watcher does it periodically).
    pub async fn refresh_fleet(&self) {
        if let Some(view) = read_fleet(&self.link, &self.keys).await {
            *self.fleet.write().expect("fleet view") = view;
        }
    }

    fn view(&self) -> FleetView {
        self.fleet.read().expect("fleet view").clone()
    }
}

pub(crate) async fn create_group(link: &RedisLink, stream: &str) -> anyhow::Result<()> {
    let stream = stream.to_owned();
    let made = link
        .run(|mut c| async move {
            redis::cmd("XGROUP")
                .arg("CREATE")
                .arg(&stream)
                .arg(GROUP)
                .arg("0")
                .arg("MKSTREAM")
                .query_async::<()>(&mut c)
                .await
        })
        .await;
    match made {
        Ok(()) => Ok(()),
        Err(crate::platform::redis_link::LinkError::Redis(e)) if e.code() == Some("BUSYGROUP") => {
            Ok(())
        }
        Err(e) => Err(anyhow::anyhow!("creating the consumer group: {e}")),
    }
}

/// Counts a job in this server's depth while its request waits for the answer.
struct Waiting<'a> {
    queue: &'a RedisStreamQueue,
    id: Uuid,
    counted: bool,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.queue.waiters.lock().expect("waiters").remove(&self.id);
        if self.counted {
            self.queue.depth.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

#[async_trait]
impl JobQueue for RedisStreamQueue {
    async fn submit(
        &self,
        lane: Lane,
        request: RunRequest,
        kind: JobKind,
    ) -> Result<JobOutcome, QueueError> {
        let view = self.view();
        if !view.languages.contains_key(&request.language) {
            return Err(QueueError::Unavailable);
        }
        let id = Uuid::now_v7();
        let now = wire::now_ms();
        let message = JobMessage {
            id,
            lane,
            request: request.into(),
            kind: kind.clone(),
            reply_to: self.wake_key.clone(),
            enqueued_at_ms: now,
            deadline_ms: now + self.max_wait.as_millis() as u64,
        };
        let json = serde_json::to_string(&message).map_err(|_| QueueError::Unavailable)?;
        let (tx, rx) = oneshot::channel();
        // Registered before the job is queued: a fast worker's answer finds its waiter.
        self.waiters.lock().expect("waiters").insert(id, tx);
        let mut waiting = Waiting {
            queue: self,
            id,
            counted: false,
        };
        let stream = self.keys.lane(lane);
        let capacity = self.capacity;
        let admitted = self
            .link
            .run(|mut c| async move {
                ADMIT
                    .key(stream)
                    .arg(capacity)
                    .arg(json)
                    .invoke_async::<Option<String>>(&mut c)
                    .await
            })
            .await
            .map_err(|err| {
                tracing::warn!(%err, "queueing a job on Redis failed");
                QueueError::Unavailable
            })?;
        if admitted.is_none() {
            metrics::counter!("execution_queue_rejected_total", "lane" => lane.id()).increment(1);
            return Err(QueueError::Full);
        }
        self.depth.fetch_add(1, Ordering::SeqCst);
        waiting.counted = true;
        // The answer's bound: the wait allowed, the run, and a reply's trip back. An
        // interactive run may wait for the learner's input for its whole idle allowance.
        let run_bound = match kind {
            JobKind::Interactive { .. } => INTERACTIVE_RUN_BOUND,
            _ => self.run_bound,
        };
        let bound = self.max_wait + run_bound + COMMAND_DEADLINE * 4;
        let reply = match tokio::time::timeout(bound, rx).await {
            Ok(Ok(reply)) => reply,
            Ok(Err(_)) => return Err(QueueError::Unavailable),
            Err(_) => {
                tracing::warn!(job = %id, "no worker answered within {bound:?}");
                return Err(QueueError::Unavailable);
            }
        };
        drop(waiting);
        reply.into_outcome().ok_or(QueueError::Expired)
    }

    fn depth(&self) -> usize {
        self.depth.load(Ordering::SeqCst)
    }

    /// The jobs ahead in this lane and the lanes above it, over the fleet's measured rate.
    fn retry_after(&self, lane: Lane) -> Duration {
        let view = self.view();
        let ahead: usize = view.lane_depth[..=lane.index()].iter().sum();
        // Before any job has finished, assume a second per job and slot.
        let rate = if view.jobs_per_sec > 0.05 {
            view.jobs_per_sec
        } else {
            view.status.slots.max(1) as f64
        };
        Duration::from_secs(((ahead as f64 / rate).ceil() as u64).clamp(1, 60))
    }

    fn languages(&self) -> Option<Vec<LanguageInfo>> {
        let view = self.view();
        Some(
            Language::ALL
                .iter()
                .map(|&id| {
                    let version = view.languages.get(&id);
                    LanguageInfo {
                        id,
                        name: id.name().to_owned(),
                        version: version.cloned().unwrap_or_default(),
                        available: version.is_some(),
                    }
                })
                .collect(),
        )
    }

    fn fleet(&self) -> Option<FleetStatus> {
        Some(self.view().status)
    }

    /// An interactive run is admitted as its job is (`exec::relay` queues it in the
    /// interactive lane); here it is refused early when no worker is alive, or when the
    /// lane was full at the last look.
    async fn reserve(&self) -> Result<super::queue::Reservation, QueueError> {
        let view = self.view();
        if view.status.workers == 0 {
            return Err(QueueError::Unavailable);
        }
        if view.lane_depth[Lane::Interactive.index()] >= self.capacity {
            return Err(QueueError::Full);
        }
        Ok(super::queue::Reservation::new(()))
    }
}

/// How long an interactive run may take once started: the sandbox's idle allowance for
/// waiting on input (120 s by default), its busy wall clock, a compile, and some slack.
const INTERACTIVE_RUN_BOUND: Duration = Duration::from_secs(180);

/// The live heartbeats and lane depths, or `None` when Redis did not answer.
async fn read_fleet(link: &RedisLink, keys: &Keys) -> Option<FleetView> {
    let fleet_key = keys.fleet();
    let lanes: Vec<String> = Lane::ALL.iter().map(|&l| keys.lane(l)).collect();
    let (beats, depths) = link
        .run(|mut c| async move {
            let mut pipe = redis::pipe();
            pipe.cmd("HGETALL").arg(&fleet_key);
            for lane in &lanes {
                pipe.cmd("XLEN").arg(lane);
            }
            let (beats, a, b, c2): (HashMap<String, String>, usize, usize, usize) =
                pipe.query_async(&mut c).await?;
            Ok((beats, [a, b, c2]))
        })
        .await
        .ok()?;
    let now = wire::now_ms();
    let mut view = FleetView {
        lane_depth: depths,
        read_at: Some(Instant::now()),
        ..FleetView::default()
    };
    for beat in beats
        .values()
        .filter_map(|b| serde_json::from_str::<Heartbeat>(b).ok())
        .filter(|b| b.expires_at_ms > now)
    {
        view.status.workers += 1;
        view.status.slots += beat.slots;
        view.status.free_slots += beat.free_slots;
        view.jobs_per_sec += beat.jobs_per_sec;
        for l in beat.languages {
            view.languages.entry(l.id).or_insert(l.version);
        }
    }
    for (lane, depth) in Lane::ALL.iter().zip(depths) {
        metrics::gauge!("execution_lane_depth", "lane" => lane.id()).set(depth as f64);
    }
    metrics::gauge!("execution_fleet_workers").set(view.status.workers as f64);
    Some(view)
}

/// Every half heartbeat: a language whose last worker died is unavailable within one
/// heartbeat TTL. When Redis does not answer for a whole TTL the view empties (no worker
/// can be reached through it either).
async fn watch_fleet(link: RedisLink, keys: Keys, fleet: Arc<RwLock<FleetView>>) {
    let mut tick = tokio::time::interval(HEARTBEAT_INTERVAL / 2);
    loop {
        tick.tick().await;
        match read_fleet(&link, &keys).await {
            Some(view) => *fleet.write().expect("fleet view") = view,
            None => {
                let mut current = fleet.write().expect("fleet view");
                if current
                    .read_at
                    .is_none_or(|at| at.elapsed() > wire::HEARTBEAT_TTL)
                {
                    *current = FleetView::default();
                }
            }
        }
    }
}

/// The one blocking reader of this server's wake list, on a connection of its own.
async fn read_replies(client: redis::Client, wake_key: String, waiters: Waiters) {
    const BLOCK: Duration = Duration::from_secs(1);
    const STALLED: Duration = Duration::from_secs(5);
    loop {
        let conn =
            tokio::time::timeout(COMMAND_DEADLINE * 6, wire::blocking_connection(&client)).await;
        let Ok(Ok(mut conn)) = conn else {
            // Redis is unreachable: requests are refused meanwhile; retry the connection.
            tokio::time::sleep(COMMAND_DEADLINE).await;
            continue;
        };
        loop {
            // A generous client-side bound: giving up on a BLPOP that Redis has already
            // answered would drop that reply (the request then waits out its own bound), so
            // it only catches a connection that has really stalled.
            let popped = tokio::time::timeout(
                BLOCK + STALLED,
                redis::cmd("BLPOP")
                    .arg(&wake_key)
                    .arg(BLOCK.as_secs_f64())
                    .query_async::<Option<(String, String)>>(&mut conn),
            )
            .await;
            match popped {
                Ok(Ok(Some((_, payload)))) => match serde_json::from_str::<Wake>(&payload) {
                    Ok(wake) => {
                        let waiter = waiters.lock().expect("waiters").remove(&wake.id);
                        match waiter {
                            Some(tx) => {
                                metrics::counter!("execution_replies_total").increment(1);
                                let _ = tx.send(wake.reply);
                            }
                            // Its request gave up (timed out or was cancelled); answers
                            // are written once, so this is never a second answer.
                            None => {
                                metrics::counter!("execution_replies_unclaimed_total").increment(1);
                            }
                        }
                    }
                    Err(err) => tracing::warn!(%err, "unreadable reply on the wake list"),
                },
                Ok(Ok(None)) => {}
                // A dropped or stalled connection: make a new one.
                _ => break,
            }
        }
    }
}
