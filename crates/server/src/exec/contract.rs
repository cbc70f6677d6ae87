//! The queue contract, run against both [`JobQueue`] implementations: the in-process queue
//! always, the Redis Streams queue (with an in-process `codestead worker` loop) when
//! `CODESTEAD_TEST_REDIS_URL` names a Redis (`make test` sets it when Redis is up). Each Redis
//! run has a key prefix of its own. After the contract, the fleet's own promises: a lost
//! worker's job is claimed and answered once, three lost workers end a job as
//! `internal_error`, and a Redis outage refuses a run within its bound.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tokio::sync::{Semaphore, mpsc};
use uuid::Uuid;

use codestead_sandbox::{Language, LanguageInfo, RunOutcome, RunRequest, Status};

use super::queue::{InProcessQueue, JobQueue, Lane, QueueError, Runner};
use super::redis_queue::RedisStreamQueue;
use super::worker::{self, WorkerConfig};
use crate::platform::redis_link::RedisLink;

const REDIS_ENV: &str = "CODESTEAD_TEST_REDIS_URL";

/// Echoes stdin to stdout; when gated, reports each start and holds the job until a
/// release (one permit per job).
struct Echo {
    started: mpsc::UnboundedSender<String>,
    release: Option<Semaphore>,
    hold_forever: bool,
}

impl Echo {
    fn open() -> (Arc<Self>, mpsc::UnboundedReceiver<String>) {
        Self::make(None, false)
    }
    fn gated() -> (Arc<Self>, mpsc::UnboundedReceiver<String>) {
        Self::make(Some(Semaphore::new(0)), false)
    }
    /// A runner that never finishes: its worker "dies" mid-run when the test drops it.
    fn hanging() -> (Arc<Self>, mpsc::UnboundedReceiver<String>) {
        Self::make(None, true)
    }
    fn make(
        release: Option<Semaphore>,
        hold_forever: bool,
    ) -> (Arc<Self>, mpsc::UnboundedReceiver<String>) {
        let (started, rx) = mpsc::unbounded_channel();
        (
            Arc::new(Self {
                started,
                release,
                hold_forever,
            }),
            rx,
        )
    }
    fn release_one(&self) {
        self.release
            .as_ref()
            .expect("a gated runner")
            .add_permits(1);
    }
}

#[async_trait]
impl Runner for Echo {
    async fn run(&self, request: RunRequest) -> RunOutcome {
        let _ = self.started.send(request.stdin.clone());
        if self.hold_forever {
            std::future::pending::<()>().await;
        }
        if let Some(gate) = &self.release {
            gate.acquire().await.expect("gate open").forget();
        }
        let mut outcome = RunOutcome::internal_error("");
        outcome.status = Status::Ok;
        outcome.stdout = request.stdin;
        outcome
    }
}

fn job(stdin: &str) -> RunRequest {
    RunRequest::single(Language::Python, "print(input())").with_stdin(stdin)
}

fn all_languages() -> Vec<LanguageInfo> {
    Language::ALL
        .iter()
        .map(|&id| LanguageInfo {
            id,
            name: id.name().to_owned(),
            version: "test".into(),
            available: true,
        })
        .collect()
}

/// One queue under test, with what keeps it running.
struct Harness {
    queue: Arc<dyn JobQueue>,
    /// Kept alive for the queue's lifetime (its workers stop when it drops).
    _fleet: Option<Fleet>,
}

/// The Redis side of a harness: the prefix, and the worker loops started on it.
struct Fleet {
    url: String,
    prefix: String,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for Fleet {
    fn drop(&mut self) {
        for w in &self.workers {
            w.abort();
        }
    }
}

impl Fleet {
    fn spawn_worker(&mut self, runner: Arc<dyn Runner>, slots: usize, lease: Duration) {
        let mut config = WorkerConfig::new(&self.url, &self.prefix, slots);
        config.lease = lease;
        self.workers.push(tokio::spawn(async move {
            worker::run(config, runner, all_languages(), std::future::pending())
                .await
                .expect("worker runs");
        }));
    }

    /// A crash: the worker's tasks stop at once, its heartbeat and leases lapse.
    fn kill_worker(&mut self, index: usize) {
        self.workers[index].abort();
    }
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Local,
    Redis,
}

fn kinds() -> Vec<Kind> {
    let mut kinds = vec![Kind::Local];
    if std::env::var(REDIS_ENV).is_ok_and(|u| !u.is_empty()) {
        kinds.push(Kind::Redis);
    } else {
        eprintln!("note: {REDIS_ENV} unset; the queue contract runs on the in-process queue only");
    }
    kinds
}

/// `slots` running and `waiting` more queued before `Full`; `runner: None` means no sandbox
/// (local) or no worker at all (redis).
async fn harness(
    kind: Kind,
    runner: Option<Arc<dyn Runner>>,
    slots: usize,
    waiting: usize,
    max_wait: Duration,
) -> Harness {
    match kind {
        Kind::Local => Harness {
            queue: Arc::new(InProcessQueue::with_max_wait(
                runner, slots, waiting, max_wait,
            )),
            _fleet: None,
        },
        Kind::Redis => {
            let url = std::env::var(REDIS_ENV).expect("checked in kinds()");
            let prefix = format!("codestead-test:{}:", Uuid::now_v7().simple());
            let link = RedisLink::connect(&url).await.expect("test Redis");
            // The lane's stream holds running and waiting jobs alike.
            let queue = RedisStreamQueue::start(&url, link, &prefix, slots + waiting, max_wait)
                .await
                .expect("queue starts");
            let mut fleet = Fleet {
                url,
                prefix,
                workers: Vec::new(),
            };
            if let Some(runner) = runner {
                fleet.spawn_worker(runner, slots, Duration::from_millis(3000));
                wait_for_workers(&queue, 1).await;
            }
            Harness {
                queue: Arc::new(queue),
                _fleet: Some(fleet),
            }
        }
    }
}

/// Until the queue sees `n` live heartbeats (bounded: a worker that never announces itself
/// fails the test).
async fn wait_for_workers(queue: &RedisStreamQueue, n: usize) {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        queue.refresh_fleet().await;
        if queue.fleet().is_some_and(|f| f.workers >= n) {
            return;
        }
        assert!(Instant::now() < until, "no worker heartbeat within 10 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Until `depth()` reaches `n` (the jobs are admitted), bounded.
async fn wait_for_depth(queue: &dyn JobQueue, n: usize) {
    let until = Instant::now() + Duration::from_secs(10);
    while queue.depth() < n {
        assert!(
            Instant::now() < until,
            "depth stayed at {} < {n}",
            queue.depth()
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

async fn next_start(started: &mut mpsc::UnboundedReceiver<String>) -> String {
    tokio::time::timeout(Duration::from_secs(10), started.recv())
        .await
        .expect("a job starts within 10 s")
        .expect("runner alive")
}

fn spawn_run(
    queue: &Arc<dyn JobQueue>,
    lane: Lane,
    stdin: &str,
) -> tokio::task::JoinHandle<Result<RunOutcome, QueueError>> {
    let q = queue.clone();
    let request = job(stdin);
    tokio::spawn(async move {
        let stdin = request.stdin.clone();
        let batch = q.run_batch(lane, request, vec![stdin]).await?;
        Ok(batch
            .runs
            .into_iter()
            .next()
            .or(batch.compile)
            .expect("one run"))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_answered_with_the_runners_outcome() {
    for kind in kinds() {
        let (echo, _started) = Echo::open();
        let h = harness(kind, Some(echo), 2, 4, Duration::from_secs(10)).await;
        let outcome = h.queue.run(job("hello")).await.expect("runs");
        assert_eq!(outcome.status, Status::Ok, "{kind:?}");
        assert_eq!(outcome.stdout, "hello", "{kind:?}");
        assert_eq!(h.queue.depth(), 0, "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_runs_once_per_stdin_in_order() {
    for kind in kinds() {
        let (echo, _started) = Echo::open();
        let h = harness(kind, Some(echo), 1, 4, Duration::from_secs(10)).await;
        let stdins: Vec<String> = ["a", "b", "c"].map(String::from).into();
        let batch = h
            .queue
            .run_batch(Lane::Graded, job(""), stdins)
            .await
            .expect("runs");
        let out: Vec<&str> = batch.runs.iter().map(|r| r.stdout.as_str()).collect();
        assert_eq!(out, ["a", "b", "c"], "{kind:?}");
    }
}

/// Grading that stops at the first failing test: the expectations travel with the job (over
/// Redis too) and the runner stops after the first run that fails its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_told_to_stop_at_the_first_failure_runs_no_further() {
    use codestead_curriculum::{Expectation, MatchMode};
    for kind in kinds() {
        let (echo, mut started) = Echo::open();
        let h = harness(kind, Some(echo), 1, 4, Duration::from_secs(10)).await;
        let expect = |s: &str| Expectation {
            expected: s.into(),
            match_mode: MatchMode::Exact,
        };
        let kind_of_job = super::queue::JobKind::Batch {
            stdins: ["a", "b", "c", "d"].map(String::from).into(),
            // "b" is expected "x": the second run fails, the third and fourth never start.
            stop_at_first_failure: Some(vec![expect("a"), expect("x"), expect("c"), expect("d")]),
        };
        let batch = h
            .queue
            .submit(Lane::Graded, job(""), kind_of_job)
            .await
            .expect("runs")
            .batch();
        let out: Vec<&str> = batch.runs.iter().map(|r| r.stdout.as_str()).collect();
        assert_eq!(out, ["a", "b"], "{kind:?}");
        let mut ran = Vec::new();
        while let Ok(stdin) = started.try_recv() {
            ran.push(stdin);
        }
        assert_eq!(ran, ["a", "b"], "{kind:?}: the runner started only these");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_refuses_at_once_and_admits_again_when_a_job_ends() {
    for kind in kinds() {
        let (gate, mut started) = Echo::gated();
        let h = harness(kind, Some(gate.clone()), 1, 1, Duration::from_secs(10)).await;
        let running = spawn_run(&h.queue, Lane::Interactive, "first");
        assert_eq!(next_start(&mut started).await, "first");
        let waiting = spawn_run(&h.queue, Lane::Interactive, "second");
        // One running and one waiting fill slots (1) + waiting room (1).
        wait_for_depth(h.queue.as_ref(), 2).await;
        let refused = Instant::now();
        assert_eq!(
            h.queue.run(job("third")).await.unwrap_err(),
            QueueError::Full,
            "{kind:?}"
        );
        assert!(
            refused.elapsed() < Duration::from_secs(1),
            "refused at once"
        );
        assert!(h.queue.retry_after(Lane::Interactive) >= Duration::from_secs(1));

        gate.release_one();
        assert_eq!(running.await.unwrap().unwrap().stdout, "first");
        assert_eq!(next_start(&mut started).await, "second");
        gate.release_one();
        assert_eq!(waiting.await.unwrap().unwrap().stdout, "second");
        // And a new job is admitted again.
        gate.release_one();
        assert_eq!(h.queue.run(job("fourth")).await.unwrap().stdout, "fourth");
        assert_eq!(h.queue.depth(), 0, "{kind:?}");
    }
}

/// The bulk lane saturated (one slot, a re-grade running and more waiting), a graded and
/// then an interactive job arrive: the freed slot goes to the interactive job, then the
/// graded one, then bulk in order. Asserted as the order of starts; the time from the slot
/// freeing to the interactive start is printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_free_slot_goes_to_the_highest_lane_waiting() {
    for kind in kinds() {
        let (gate, mut started) = Echo::gated();
        let h = harness(kind, Some(gate.clone()), 1, 10, Duration::from_secs(20)).await;
        let mut runs = vec![spawn_run(&h.queue, Lane::Bulk, "bulk-0")];
        assert_eq!(next_start(&mut started).await, "bulk-0");
        for (n, (lane, name)) in [
            (Lane::Bulk, "bulk-1"),
            (Lane::Bulk, "bulk-2"),
            (Lane::Bulk, "bulk-3"),
            (Lane::Graded, "graded"),
            (Lane::Interactive, "interactive"),
        ]
        .into_iter()
        .enumerate()
        {
            runs.push(spawn_run(&h.queue, lane, name));
            // One at a time, so "in order" within a lane is well defined.
            wait_for_depth(h.queue.as_ref(), n + 2).await;
        }
        let freed = Instant::now();
        gate.release_one();
        let first = next_start(&mut started).await;
        let latency = freed.elapsed();
        assert_eq!(first, "interactive", "{kind:?}");
        eprintln!("{kind:?}: interactive job started {latency:?} after the slot was freed");
        let mut order = Vec::new();
        for _ in 0..4 {
            gate.release_one();
            order.push(next_start(&mut started).await);
        }
        assert_eq!(order, ["graded", "bulk-1", "bulk-2", "bulk-3"], "{kind:?}");
        gate.release_one();
        for r in runs {
            assert!(r.await.unwrap().is_ok());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_past_its_deadline_is_never_run() {
    for kind in kinds() {
        let max_wait = Duration::from_millis(300);
        let (gate, mut started) = Echo::gated();
        let h = harness(kind, Some(gate.clone()), 1, 4, max_wait).await;
        let running = spawn_run(&h.queue, Lane::Interactive, "on-time");
        assert_eq!(next_start(&mut started).await, "on-time");
        let queued = Instant::now();
        let late = spawn_run(&h.queue, Lane::Interactive, "late");
        wait_for_depth(h.queue.as_ref(), 2).await;
        // The property under test is the passing of time itself: wait out the deadline.
        tokio::time::sleep_until((queued + max_wait + Duration::from_millis(100)).into()).await;
        gate.release_one();
        assert_eq!(running.await.unwrap().unwrap().stdout, "on-time");
        assert_eq!(
            late.await.unwrap().unwrap_err(),
            QueueError::Expired,
            "{kind:?}"
        );
        assert!(
            started.try_recv().is_err(),
            "{kind:?}: the expired job reached the runner"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_runner_the_queue_says_unavailable_at_once() {
    for kind in kinds() {
        let h = harness(kind, None, 1, 1, Duration::from_secs(10)).await;
        let asked = Instant::now();
        assert_eq!(
            h.queue.run(job("x")).await.unwrap_err(),
            QueueError::Unavailable,
            "{kind:?}"
        );
        assert!(asked.elapsed() < Duration::from_secs(1));
        if let Some(languages) = h.queue.languages() {
            assert!(languages.iter().all(|l| !l.available), "{kind:?}");
        }
    }
}

// ---- The fleet's own promises (Redis only) ----

async fn redis_harness(max_wait: Duration) -> Option<(RedisStreamQueue, Fleet)> {
    let Ok(url) = std::env::var(REDIS_ENV).map(|u| u.trim().to_owned()) else {
        eprintln!("note: {REDIS_ENV} unset; the fleet tests are skipped");
        return None;
    };
    if url.is_empty() {
        return None;
    }
    let prefix = format!("codestead-test:{}:", Uuid::now_v7().simple());
    let link = RedisLink::connect(&url).await.expect("test Redis");
    let queue = RedisStreamQueue::start(&url, link, &prefix, 16, max_wait)
        .await
        .expect("queue starts");
    Some((
        queue,
        Fleet {
            url,
            prefix,
            workers: Vec::new(),
        },
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_workers_job_is_claimed_by_another_and_answered_once() {
    let Some((queue, mut fleet)) = redis_harness(Duration::from_secs(20)).await else {
        return;
    };
    let lease = Duration::from_millis(400);
    let (hanging, mut hanging_started) = Echo::hanging();
    fleet.spawn_worker(hanging, 1, lease);
    wait_for_workers(&queue, 1).await;
    let queue: Arc<dyn JobQueue> = Arc::new(queue);
    let answer = spawn_run(&queue, Lane::Interactive, "survivor");
    assert_eq!(next_start(&mut hanging_started).await, "survivor");
    fleet.kill_worker(0);
    let (echo, mut started) = Echo::open();
    fleet.spawn_worker(echo, 1, lease);
    assert_eq!(
        next_start(&mut started).await,
        "survivor",
        "run again elsewhere"
    );
    let outcome = tokio::time::timeout(Duration::from_secs(10), answer)
        .await
        .expect("answered")
        .unwrap()
        .unwrap();
    assert_eq!(outcome.stdout, "survivor");
    assert!(started.try_recv().is_err(), "run once by the second worker");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_three_workers_lost_ends_as_an_internal_error() {
    let Some((queue, mut fleet)) = redis_harness(Duration::from_secs(30)).await else {
        return;
    };
    let lease = Duration::from_millis(300);
    let (hanging, mut hanging_started) = Echo::hanging();
    fleet.spawn_worker(hanging.clone(), 1, lease);
    wait_for_workers(&queue, 1).await;
    let queue: Arc<dyn JobQueue> = Arc::new(queue);
    let answer = spawn_run(&queue, Lane::Graded, "cursed");
    for n in 0..3 {
        assert_eq!(
            next_start(&mut hanging_started).await,
            "cursed",
            "attempt {n}"
        );
        fleet.kill_worker(n);
        if n < 2 {
            fleet.spawn_worker(hanging.clone(), 1, lease);
        }
    }
    // A healthy worker would run it; a fourth attempt is refused instead.
    let (echo, mut started) = Echo::open();
    fleet.spawn_worker(echo, 1, lease);
    let outcome = tokio::time::timeout(Duration::from_secs(15), answer)
        .await
        .expect("answered")
        .unwrap()
        .unwrap();
    assert_eq!(outcome.status, Status::InternalError);
    assert!(outcome.stderr.contains("3 workers"), "{}", outcome.stderr);
    assert!(started.try_recv().is_err(), "not run a fourth time");
}

/// The answer script writes a job's reply once: a second answer (a worker that lost its
/// lease finishing late) only acknowledges, and the waiting server is woken once.
#[tokio::test]
async fn a_second_answer_is_not_delivered() {
    let Ok(url) = std::env::var(REDIS_ENV) else {
        return;
    };
    if url.is_empty() {
        return;
    }
    let keys = super::wire::Keys::new(&format!("codestead-test:{}:", Uuid::now_v7().simple()));
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut c = client.get_multiplexed_async_connection().await.unwrap();
    let id = Uuid::now_v7();
    let (result, wake, stream) = (
        keys.result(id),
        keys.wake("s"),
        keys.lane(Lane::Interactive),
    );
    let script = redis::Script::new(super::wire::ANSWER_SCRIPT);
    let mut fresh = Vec::new();
    for reply in ["one", "two"] {
        let n: i64 = script
            .key(&result)
            .key(&wake)
            .key(&stream)
            .arg(reply)
            .arg(60)
            .arg(reply)
            .arg(super::wire::GROUP)
            .arg("0-1")
            .invoke_async(&mut c)
            .await
            .unwrap();
        fresh.push(n);
    }
    assert_eq!(fresh, [1, 0]);
    let woken: Vec<String> = redis::cmd("LRANGE")
        .arg(&wake)
        .arg(0)
        .arg(-1)
        .query_async(&mut c)
        .await
        .unwrap();
    assert_eq!(woken, ["one"]);
    let kept: String = redis::cmd("GET")
        .arg(&result)
        .query_async(&mut c)
        .await
        .unwrap();
    assert_eq!(kept, "one");
    let _: () = redis::cmd("DEL")
        .arg(&result)
        .arg(&wake)
        .query_async(&mut c)
        .await
        .unwrap();
}

/// A Redis of the test's own (`redis-server` on a free port), so it can be stopped.
struct OwnRedis {
    child: std::process::Child,
    url: String,
}

impl OwnRedis {
    fn start() -> Option<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .ok()?;
        Some(Self {
            child,
            url: format!("redis://127.0.0.1:{port}/0"),
        })
    }

    async fn wait_ready(&self) {
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(client) = redis::Client::open(self.url.as_str())
                && let Ok(mut c) = client.get_multiplexed_async_connection().await
                && redis::cmd("PING")
                    .query_async::<String>(&mut c)
                    .await
                    .is_ok()
            {
                return;
            }
            assert!(Instant::now() < until, "redis-server did not start");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_down_a_run_is_refused_within_the_bound() {
    let Some(mut redis) = OwnRedis::start() else {
        // Under CI (`.ci/run` sets `CI`) a missing tool fails the test rather than skip it.
        assert!(
            std::env::var_os("CI").is_none(),
            "redis-server not found: CI is set, so the outage test fails rather than skip"
        );
        eprintln!("note: redis-server not found; the outage test is skipped");
        return;
    };
    redis.wait_ready().await;
    let link = RedisLink::connect(&redis.url).await.unwrap();
    let queue = RedisStreamQueue::start(&redis.url, link, "outage:", 8, Duration::from_secs(10))
        .await
        .unwrap();
    let mut fleet = Fleet {
        url: redis.url.clone(),
        prefix: "outage:".into(),
        workers: Vec::new(),
    };
    let (echo, _started) = Echo::open();
    fleet.spawn_worker(echo, 1, Duration::from_secs(3));
    wait_for_workers(&queue, 1).await;
    assert_eq!(queue.run(job("up")).await.unwrap().stdout, "up");

    redis.child.kill().unwrap();
    redis.child.wait().unwrap();
    for attempt in 0..3 {
        let asked = Instant::now();
        let refused = queue.run(job(&format!("down-{attempt}"))).await;
        let took = asked.elapsed();
        assert_eq!(refused.unwrap_err(), QueueError::Unavailable);
        // The link's deadline (150 ms) is the bound; a generous margin for a loaded machine.
        assert!(
            took < Duration::from_millis(1000),
            "attempt {attempt} took {took:?}"
        );
    }
}
