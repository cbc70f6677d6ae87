//! The job queue in front of the sandbox. In-process: at most `workers` runs execute at
//! once and at most `capacity` more wait; beyond that the caller is told to retry
//! (503). [`crate::exec::redis_queue::RedisStreamQueue`] is the scale-out implementation
//! behind the same trait: jobs go to `codestead worker` processes over Redis Streams.
//!
//! Both honour the same contract (`exec::contract` tests it against each): priority lanes
//! (a free slot goes to the highest lane waiting), a deadline on every job (a job that could
//! not start in time is dropped unrun, [`QueueError::Expired`]), and batches (compile once,
//! run once per stdin) for grading.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use crate::domain::ErrorCode;
use codestead_sandbox::{
    BatchOutcome, LanguageInfo, RunOutcome, RunRequest, Sandbox, StopAfter, TraceOptions,
};

#[derive(Debug, PartialEq, Eq)]
pub enum QueueError {
    Full,
    Unavailable,
    /// The job waited past its deadline and was dropped without running.
    Expired,
}

impl QueueError {
    /// The stable code the API reports.
    pub fn code(&self) -> ErrorCode {
        match self {
            QueueError::Full => ErrorCode::QueueFull,
            QueueError::Unavailable => ErrorCode::SandboxUnavailable,
            QueueError::Expired => ErrorCode::QueueTimeout,
        }
    }
}

/// Priority lanes: a free slot always goes to the highest lane with a job waiting, so a
/// teacher's bulk re-grade never delays a learner's Run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lane {
    /// A learner pressed Run (playground, project editor, traced runs).
    Interactive,
    /// A learner's submission to an exercise.
    Graded,
    /// Re-grades and other background batches.
    Bulk,
}

impl Lane {
    /// Highest priority first.
    pub const ALL: [Lane; 3] = [Lane::Interactive, Lane::Graded, Lane::Bulk];

    pub fn id(self) -> &'static str {
        match self {
            Lane::Interactive => "interactive",
            Lane::Graded => "graded",
            Lane::Bulk => "bulk",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// What a job asks of the sandbox beyond its request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum JobKind {
    Run,
    Trace {
        options: TraceOptions,
    },
    /// Compile once, run once per stdin (grading).
    Batch {
        stdins: Vec<String>,
        /// For an exercise that stops at its first failing test: each test's expectation,
        /// so the runner stops after the first run that fails its own. Absent on the wire
        /// when every test runs (and ignored by an older worker, which runs them all; the
        /// judge reports the rest as not run either way).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stop_at_first_failure: Option<Vec<codestead_curriculum::Expectation>>,
    },
    /// An interactive run relayed over Redis: stdin and output travel on the session's
    /// streams (`exec::relay`). Only a worker runs it; it is never run twice.
    Interactive {
        session: uuid::Uuid,
    },
}

/// What a job produced: one outcome, or a batch's.
#[derive(Clone, Debug)]
pub enum JobOutcome {
    Single(RunOutcome),
    Batch(BatchOutcome),
}

impl JobOutcome {
    fn single(self) -> RunOutcome {
        match self {
            JobOutcome::Single(o) => o,
            JobOutcome::Batch(b) => b
                .runs
                .into_iter()
                .next()
                .or(b.compile)
                .unwrap_or_else(|| RunOutcome::internal_error("no run was performed")),
        }
    }

    pub fn batch(self) -> BatchOutcome {
        match self {
            JobOutcome::Batch(b) => b,
            JobOutcome::Single(o) => BatchOutcome {
                compile: None,
                runs: vec![o],
            },
        }
    }

    /// An outcome of the right shape saying the job failed for a reason of ours.
    pub fn failed(kind: &JobKind, reason: impl Into<String>) -> Self {
        let outcome = RunOutcome::internal_error(reason);
        match kind {
            JobKind::Batch { .. } => JobOutcome::Batch(BatchOutcome {
                compile: Some(outcome),
                runs: Vec::new(),
            }),
            _ => JobOutcome::Single(outcome),
        }
    }
}

/// What actually runs a job: the sandbox (a stand-in in the queue's own tests).
#[async_trait]
pub trait Runner: Send + Sync + 'static {
    async fn run(&self, request: RunRequest) -> RunOutcome;
    /// A traced run; a runner without a tracer runs normally (the outcome has no trace).
    async fn trace(&self, request: RunRequest, _options: TraceOptions) -> RunOutcome {
        self.run(request).await
    }
    /// Compile once and run once per stdin; a runner without batches runs each on its own.
    async fn run_many(&self, request: RunRequest, stdins: Vec<String>) -> BatchOutcome {
        let mut runs = Vec::with_capacity(stdins.len());
        for stdin in stdins {
            runs.push(self.run(request.clone().with_stdin(stdin)).await);
        }
        BatchOutcome {
            compile: None,
            runs,
        }
    }
    /// An interactive run (`Sandbox::run_interactive`); a runner without one says so.
    async fn run_interactive(
        &self,
        _request: RunRequest,
        _io: codestead_sandbox::InteractiveIo,
    ) -> codestead_sandbox::InteractiveOutcome {
        codestead_sandbox::InteractiveOutcome {
            outcome: RunOutcome::internal_error("this worker cannot run interactive programs"),
            stopped: false,
            stdin: String::new(),
        }
    }
    /// [`Runner::run_many`], stopping after the first run `stop` is true for.
    async fn run_many_until(
        &self,
        request: RunRequest,
        stdins: Vec<String>,
        stop: StopAfter,
    ) -> BatchOutcome {
        let mut runs = Vec::with_capacity(stdins.len());
        for (i, stdin) in stdins.into_iter().enumerate() {
            let run = self.run(request.clone().with_stdin(stdin)).await;
            let stops = stop(i, &run);
            runs.push(run);
            if stops {
                break;
            }
        }
        BatchOutcome {
            compile: None,
            runs,
        }
    }
}

/// Runs one job on `runner`: the one place a [`JobKind`] becomes sandbox calls, shared by
/// the in-process queue and `codestead worker`.
pub async fn execute(runner: &dyn Runner, request: RunRequest, kind: JobKind) -> JobOutcome {
    match kind {
        JobKind::Run => JobOutcome::Single(runner.run(request).await),
        JobKind::Trace { options } => JobOutcome::Single(runner.trace(request, options).await),
        // Needs its session's streams: `exec::relay` runs it, never this function.
        JobKind::Interactive { .. } => JobOutcome::Single(RunOutcome::internal_error(
            "an interactive run needs its relay",
        )),
        JobKind::Batch {
            stdins,
            stop_at_first_failure: None,
        } => JobOutcome::Batch(runner.run_many(request, stdins).await),
        JobKind::Batch {
            stdins,
            stop_at_first_failure: Some(expectations),
        } => {
            let stop: StopAfter =
                Arc::new(move |i, run| expectations.get(i).is_some_and(|e| !e.passes(run)));
            JobOutcome::Batch(runner.run_many_until(request, stdins, stop).await)
        }
    }
}

/// The sandbox's runs come back with crash locations (`run_located`): a crashed program
/// costs one rerun there, a working one nothing.
#[async_trait]
impl Runner for Sandbox {
    async fn run(&self, request: RunRequest) -> RunOutcome {
        Sandbox::run_located(self, request).await
    }
    async fn trace(&self, request: RunRequest, options: TraceOptions) -> RunOutcome {
        Sandbox::trace(self, request, options).await
    }
    async fn run_many(&self, request: RunRequest, stdins: Vec<String>) -> BatchOutcome {
        Sandbox::run_many(self, request, stdins).await
    }
    async fn run_many_until(
        &self,
        request: RunRequest,
        stdins: Vec<String>,
        stop: StopAfter,
    ) -> BatchOutcome {
        Sandbox::run_many_until(self, request, stdins, stop).await
    }
    async fn run_interactive(
        &self,
        request: RunRequest,
        io: codestead_sandbox::InteractiveIo,
    ) -> codestead_sandbox::InteractiveOutcome {
        Sandbox::run_interactive(self, request, io).await
    }
}

/// The fleet as a queue sees it (redis mode); the in-process queue has none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FleetStatus {
    /// Workers whose heartbeat has not expired.
    pub workers: usize,
    pub slots: usize,
    pub free_slots: usize,
}

#[async_trait]
pub trait JobQueue: Send + Sync + 'static {
    /// Queues one job in `lane` and waits for its outcome.
    async fn submit(
        &self,
        lane: Lane,
        request: RunRequest,
        kind: JobKind,
    ) -> Result<JobOutcome, QueueError>;

    /// An interactive run.
    async fn run(&self, request: RunRequest) -> Result<RunOutcome, QueueError> {
        Ok(self
            .submit(Lane::Interactive, request, JobKind::Run)
            .await?
            .single())
    }
    /// A traced run through the same queue and lane.
    async fn run_traced(
        &self,
        request: RunRequest,
        options: TraceOptions,
    ) -> Result<RunOutcome, QueueError> {
        Ok(self
            .submit(Lane::Interactive, request, JobKind::Trace { options })
            .await?
            .single())
    }
    /// Compile once, run once per stdin, in `lane` (grading).
    async fn run_batch(
        &self,
        lane: Lane,
        request: RunRequest,
        stdins: Vec<String>,
    ) -> Result<BatchOutcome, QueueError> {
        Ok(self
            .submit(
                lane,
                request,
                JobKind::Batch {
                    stdins,
                    stop_at_first_failure: None,
                },
            )
            .await?
            .batch())
    }
    /// Jobs waiting or running.
    fn depth(&self) -> usize;
    /// How long a caller refused with [`QueueError::Full`] in `lane` should wait.
    fn retry_after(&self, _lane: Lane) -> Duration {
        Duration::from_secs(2)
    }
    /// The languages the workers offer, when that is the queue's to say (redis mode: a
    /// language no live worker offers is unavailable); `None`: the local sandbox's.
    fn languages(&self) -> Option<Vec<LanguageInfo>> {
        None
    }
    /// The fleet behind the queue; `None` for the in-process queue.
    fn fleet(&self) -> Option<FleetStatus> {
        None
    }
    /// Holds a place in the queue and then a worker for an interactive run, until the
    /// returned value is dropped (the program runs meanwhile, outside the queue's runner). A
    /// queue that cannot host interactive runs says `Unavailable`.
    async fn reserve(&self) -> Result<Reservation, QueueError> {
        Err(QueueError::Unavailable)
    }
}

/// A place held in a queue (see [`JobQueue::reserve`]); released on drop.
pub struct Reservation(#[allow(dead_code)] Box<dyn Send + Sync>);

impl Reservation {
    pub fn new(held: impl Send + Sync + 'static) -> Self {
        Self(Box::new(held))
    }
}

/// Slots handed out by lane: a released slot goes to the oldest waiter of the highest
/// lane (tokio's semaphore is FIFO only).
struct PrioritySlots {
    state: Mutex<SlotState>,
}

struct SlotState {
    free: usize,
    waiters: [VecDeque<oneshot::Sender<()>>; 3],
}

/// One held slot; dropping it passes the slot on.
struct Slot(Arc<PrioritySlots>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.release();
    }
}

impl PrioritySlots {
    fn new(slots: usize) -> Self {
        Self {
            state: Mutex::new(SlotState {
                free: slots,
                waiters: Default::default(),
            }),
        }
    }

    async fn acquire(self: &Arc<Self>, lane: Lane) -> Slot {
        let waiting = {
            let mut state = self.state.lock().expect("slot state");
            if state.free > 0 && state.waiters.iter().all(VecDeque::is_empty) {
                state.free -= 1;
                None
            } else {
                let (tx, rx) = oneshot::channel();
                state.waiters[lane.index()].push_back(tx);
                Some(rx)
            }
        };
        if let Some(rx) = waiting {
            // The sender is only dropped after handing the slot over (`release`).
            let _ = rx.await;
        }
        Slot(self.clone())
    }

    fn release(&self) {
        let mut state = self.state.lock().expect("slot state");
        for lane in 0..3 {
            while let Some(waiter) = state.waiters[lane].pop_front() {
                // A waiter that gave up (its caller was cancelled) refuses; try the next.
                if waiter.send(()).is_ok() {
                    return;
                }
            }
        }
        state.free += 1;
    }
}

pub struct InProcessQueue {
    runner: Option<Arc<dyn Runner>>,
    slots: Arc<PrioritySlots>,
    limit: usize,
    /// Longest a job may wait for a slot before it is dropped unrun.
    max_wait: Duration,
    depths: Arc<Depths>,
}

/// Jobs waiting or running, in all and per lane.
#[derive(Default)]
struct Depths {
    all: AtomicUsize,
    lane: [AtomicUsize; 3],
}

/// How long a job may wait for a slot by default, in either mode.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(20);

impl InProcessQueue {
    pub fn new(runner: Option<Arc<dyn Runner>>, workers: usize, capacity: usize) -> Self {
        Self::with_max_wait(runner, workers, capacity, DEFAULT_MAX_WAIT)
    }

    pub fn with_max_wait(
        runner: Option<Arc<dyn Runner>>,
        workers: usize,
        capacity: usize,
        max_wait: Duration,
    ) -> Self {
        let workers = workers.max(1);
        Self {
            runner,
            slots: Arc::new(PrioritySlots::new(workers)),
            limit: workers + capacity,
            max_wait,
            depths: Arc::default(),
        }
    }

    /// Admits one job in `lane` (or refuses) and waits for a slot: the place and the slot
    /// are held until both returned values are dropped.
    async fn hold(&self, lane: Lane) -> Result<(DepthGuard, Slot), QueueError> {
        if self.runner.is_none() {
            return Err(QueueError::Unavailable);
        }
        // Reserve a place atomically; refuse when waiting + running would exceed the limit.
        let admitted = self
            .depths
            .all
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |d| {
                (d < self.limit).then_some(d + 1)
            })
            .is_ok();
        if !admitted {
            metrics::counter!("execution_queue_rejected_total", "lane" => lane.id()).increment(1);
            return Err(QueueError::Full);
        }
        self.depths.lane[lane.index()].fetch_add(1, Ordering::SeqCst);
        let guard = DepthGuard(self.depths.clone(), lane);
        metrics::gauge!("execution_queue_depth").set(self.depths.all.load(Ordering::SeqCst) as f64);
        let queued = Instant::now();
        let slot = self.slots.acquire(lane).await;
        let waited = queued.elapsed();
        metrics::histogram!("execution_wait_seconds", "lane" => lane.id())
            .record(waited.as_secs_f64());
        if waited > self.max_wait {
            metrics::counter!("execution_expired_total", "lane" => lane.id()).increment(1);
            return Err(QueueError::Expired);
        }
        Ok((guard, slot))
    }
}

/// Decrements the depths however the job ends (including cancellation).
struct DepthGuard(Arc<Depths>, Lane);

impl Drop for DepthGuard {
    fn drop(&mut self) {
        let now = self.0.all.fetch_sub(1, Ordering::SeqCst) - 1;
        let lane = self.0.lane[self.1.index()].fetch_sub(1, Ordering::SeqCst) - 1;
        metrics::gauge!("execution_queue_depth").set(now as f64);
        metrics::gauge!("execution_lane_depth", "lane" => self.1.id()).set(lane as f64);
    }
}

#[async_trait]
impl JobQueue for InProcessQueue {
    /// Admits one job (or refuses), waits for a slot of its lane, and runs it.
    async fn submit(
        &self,
        lane: Lane,
        request: RunRequest,
        kind: JobKind,
    ) -> Result<JobOutcome, QueueError> {
        let Some(runner) = &self.runner else {
            return Err(QueueError::Unavailable);
        };
        let _held = self.hold(lane).await?;
        let started = Instant::now();
        let outcome = execute(runner.as_ref(), request, kind).await;
        metrics::histogram!("execution_run_seconds", "lane" => lane.id())
            .record(started.elapsed().as_secs_f64());
        Ok(outcome)
    }

    fn depth(&self) -> usize {
        self.depths.all.load(Ordering::SeqCst)
    }

    /// An interactive run holds its place and slot in the interactive lane while it runs.
    async fn reserve(&self) -> Result<Reservation, QueueError> {
        Ok(Reservation::new(self.hold(Lane::Interactive).await?))
    }
}
