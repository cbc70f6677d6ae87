//! The job queue in front of the sandbox. In-process: at most `workers` runs execute at
//! once and at most `capacity` more wait; beyond that the caller is told to retry
//! (503). A Redis Streams implementation plugs in behind the same trait for scale-out.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use codestead_sandbox::{RunOutcome, RunRequest, Sandbox, TraceOptions};

#[derive(Debug, PartialEq, Eq)]
pub enum QueueError {
    Full,
    Unavailable,
}

/// What actually runs a job: the sandbox (a stand-in in the queue's own tests).
#[async_trait]
pub trait Runner: Send + Sync + 'static {
    async fn run(&self, request: RunRequest) -> RunOutcome;
    /// A traced run; a runner without a tracer runs normally (the outcome has no trace).
    async fn trace(&self, request: RunRequest, _options: TraceOptions) -> RunOutcome {
        self.run(request).await
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
}

#[async_trait]
pub trait JobQueue: Send + Sync + 'static {
    async fn run(&self, request: RunRequest) -> Result<RunOutcome, QueueError>;
    /// A traced run through the same queue; a queue that cannot trace runs normally.
    async fn run_traced(
        &self,
        request: RunRequest,
        _options: TraceOptions,
    ) -> Result<RunOutcome, QueueError> {
        self.run(request).await
    }
    /// Jobs waiting or running.
    fn depth(&self) -> usize;
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

pub struct InProcessQueue {
    runner: Option<Arc<dyn Runner>>,
    workers: Arc<Semaphore>,
    limit: usize,
    depth: Arc<AtomicUsize>,
}

impl InProcessQueue {
    pub fn new(runner: Option<Arc<dyn Runner>>, workers: usize, capacity: usize) -> Self {
        let workers = workers.max(1);
        Self {
            runner,
            workers: Arc::new(Semaphore::new(workers)),
            limit: workers + capacity,
            depth: Arc::new(AtomicUsize::new(0)),
        }
    }
}

/// Decrements the depth however the job ends (including cancellation).
struct DepthGuard(Arc<AtomicUsize>);

impl Drop for DepthGuard {
    fn drop(&mut self) {
        let now = self.0.fetch_sub(1, Ordering::SeqCst) - 1;
        metrics::gauge!("execution_queue_depth").set(now as f64);
    }
}

impl InProcessQueue {
    /// Admits one job (or refuses), waits for a worker, and runs it (traced or not).
    async fn admit(
        &self,
        request: RunRequest,
        trace: Option<TraceOptions>,
    ) -> Result<RunOutcome, QueueError> {
        let Some(runner) = &self.runner else {
            return Err(QueueError::Unavailable);
        };
        let _held = self.hold().await?;
        Ok(match trace {
            Some(options) => runner.trace(request, options).await,
            None => runner.run(request).await,
        })
    }

    /// A place in the queue, then a worker: what every job holds while it runs.
    async fn hold(&self) -> Result<(DepthGuard, OwnedSemaphorePermit), QueueError> {
        if self.runner.is_none() {
            return Err(QueueError::Unavailable);
        }
        // Reserve a place atomically; refuse when waiting + running would exceed the limit.
        let admitted = self
            .depth
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |d| {
                (d < self.limit).then_some(d + 1)
            })
            .is_ok();
        if !admitted {
            metrics::counter!("execution_queue_rejected_total").increment(1);
            return Err(QueueError::Full);
        }
        let guard = DepthGuard(self.depth.clone());
        metrics::gauge!("execution_queue_depth").set(self.depth.load(Ordering::SeqCst) as f64);
        let permit = self
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| QueueError::Unavailable)?;
        Ok((guard, permit))
    }
}

#[async_trait]
impl JobQueue for InProcessQueue {
    async fn run(&self, request: RunRequest) -> Result<RunOutcome, QueueError> {
        self.admit(request, None).await
    }

    async fn run_traced(
        &self,
        request: RunRequest,
        options: TraceOptions,
    ) -> Result<RunOutcome, QueueError> {
        self.admit(request, Some(options)).await
    }

    fn depth(&self) -> usize {
        self.depth.load(Ordering::SeqCst)
    }

    async fn reserve(&self) -> Result<Reservation, QueueError> {
        Ok(Reservation::new(self.hold().await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codestead_sandbox::{Language, Status};
    use tokio::sync::{Notify, mpsc};

    /// Reports each start and holds every job until released.
    struct Gate {
        started: mpsc::UnboundedSender<()>,
        release: Notify,
    }

    #[async_trait]
    impl Runner for Gate {
        async fn run(&self, _request: RunRequest) -> RunOutcome {
            let _ = self.started.send(());
            self.release.notified().await;
            let mut outcome = RunOutcome::internal_error("");
            outcome.status = Status::Ok;
            outcome
        }
    }

    fn job() -> RunRequest {
        RunRequest::single(Language::Python, "print(1)")
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once_and_admits_again_when_a_job_ends() {
        let (tx, mut started) = mpsc::unbounded_channel();
        let gate = Arc::new(Gate {
            started: tx,
            release: Notify::new(),
        });
        let queue = Arc::new(InProcessQueue::new(Some(gate.clone()), 1, 1));

        let running = tokio::spawn({
            let q = queue.clone();
            async move { q.run(job()).await }
        });
        started.recv().await.expect("first job runs");
        let waiting = tokio::spawn({
            let q = queue.clone();
            async move { q.run(job()).await }
        });
        // One running and one waiting fill workers (1) + capacity (1).
        while queue.depth() < 2 {
            tokio::task::yield_now().await;
        }
        assert_eq!(queue.run(job()).await.unwrap_err(), QueueError::Full);

        gate.release.notify_one();
        assert_eq!(running.await.unwrap().unwrap().status, Status::Ok);
        started
            .recv()
            .await
            .expect("the waiting job starts once a worker is free");
        gate.release.notify_one();
        assert_eq!(waiting.await.unwrap().unwrap().status, Status::Ok);
        assert_eq!(queue.depth(), 0);
    }

    #[tokio::test]
    async fn without_a_sandbox_the_queue_says_unavailable() {
        let queue = InProcessQueue::new(None, 1, 1);
        assert_eq!(queue.run(job()).await.unwrap_err(), QueueError::Unavailable);
    }
}
