//! Code execution as a service: pre-checks, the per-user rate, the result cache, the
//! bounded job queue in front of the sandbox, storage of every run, and metrics.

#[cfg(test)]
mod contract;
pub mod interactive;
pub mod queue;
pub mod redis_queue;
pub mod relay;
pub mod wire;
pub mod worker;

use std::sync::Arc;
use std::time::{Duration, Instant};

use moka::sync::Cache;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use codestead_sandbox::{
    Language, RunOutcome, RunRequest, Sandbox, SourceFile, TraceOptions, check_source_files,
    traceable,
};
use codestead_store::Store;
use codestead_store::executions::{Execution, StoredFile};

use crate::domain::{CommonError, DomainError, ErrorCode};
use crate::learning::insights::{Event, InsightsService};
use crate::platform::clock::Clock;
use crate::platform::ratelimit::{Bucket, RateLimiter};
use queue::{JobQueue, Lane};

/// Why a run was refused or could not be recorded; `http::error` decides the status.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    /// No runner for this language here (its toolchain is missing, or no sandbox).
    #[error("{} is not available on this server.", .0.name())]
    LanguageUnavailable(Language),
    #[error(transparent)]
    Common(#[from] CommonError),
}

pub type ExecResult<T> = Result<T, ExecError>;

impl ExecError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::LanguageUnavailable(_) => ErrorCode::LanguageUnavailable,
            Self::Common(e) => e.code(),
        }
    }
}

impl DomainError for ExecError {
    fn code(&self) -> ErrorCode {
        ExecError::code(self)
    }
}

impl From<codestead_store::StoreError> for ExecError {
    fn from(err: codestead_store::StoreError) -> Self {
        Self::Common(err.into())
    }
}

/// A run as the API reports it.
#[derive(Clone, Debug)]
pub struct RunReport {
    pub execution: Execution,
    pub outcome: RunOutcome,
}

pub struct ExecutionService {
    sandbox: Option<Sandbox>,
    queue: Arc<dyn JobQueue>,
    store: Store,
    limiter: Arc<dyn RateLimiter>,
    clock: Arc<dyn Clock>,
    /// Identical (language, files, entry, stdin) → the previous outcome, for a while:
    /// a learner re-running unchanged code gets the answer at once.
    cache: Cache<String, RunOutcome>,
    insights: Arc<InsightsService>,
    /// Runs interactive programs; the local sandbox unless replaced (scale-out's relay).
    interactive: Option<Arc<dyn interactive::InteractiveRunner>>,
}

impl ExecutionService {
    pub fn new(
        sandbox: Option<Sandbox>,
        queue: Arc<dyn JobQueue>,
        store: Store,
        limiter: Arc<dyn RateLimiter>,
        clock: Arc<dyn Clock>,
        cache_ttl: Duration,
        insights: Arc<InsightsService>,
    ) -> Self {
        Self {
            interactive: sandbox
                .clone()
                .map(|s| Arc::new(s) as Arc<dyn interactive::InteractiveRunner>),
            sandbox,
            queue,
            store,
            limiter,
            clock,
            cache: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(cache_ttl)
                .build(),
            insights,
        }
    }

    /// Interactive runs go through `runner` instead of the local sandbox (scale-out's relay to
    /// a worker; see `docs/interactive.md`).
    pub fn with_interactive_runner(
        mut self,
        runner: Arc<dyn interactive::InteractiveRunner>,
    ) -> Self {
        self.interactive = Some(runner);
        self
    }

    pub fn sandbox(&self) -> Option<&Sandbox> {
        self.sandbox.as_ref()
    }

    /// The queue every run goes through (grading uses it too).
    pub fn queue(&self) -> &Arc<dyn JobQueue> {
        &self.queue
    }

    /// Languages with availability: the fleet's in redis mode (a language no live worker
    /// offers is unavailable), else the local sandbox's; all unavailable without either.
    pub fn languages(&self) -> Vec<codestead_sandbox::LanguageInfo> {
        if let Some(fleet) = self.queue.languages() {
            return fleet;
        }
        match &self.sandbox {
            Some(s) => s.languages(),
            None => Language::ALL
                .iter()
                .map(|&id| codestead_sandbox::LanguageInfo {
                    id,
                    name: id.name().to_owned(),
                    version: String::new(),
                    available: false,
                })
                .collect(),
        }
    }

    /// Validates, rate-limits, runs (or answers from the cache) and records one run.
    pub async fn execute(
        &self,
        user_id: Uuid,
        request: RunRequest,
        project_id: Option<Uuid>,
    ) -> ExecResult<RunReport> {
        self.execute_with(user_id, request, project_id, false).await
    }

    /// [`Self::execute`], traced when `trace` is set (the outcome then carries the trace for
    /// languages with a tracer). A traced run takes the same rate limit and queue as any run.
    #[tracing::instrument(skip_all, fields(language = %request.language.id(), trace = trace), err(Debug))]
    pub async fn execute_with(
        &self,
        user_id: Uuid,
        request: RunRequest,
        project_id: Option<Uuid>,
        trace: bool,
    ) -> ExecResult<RunReport> {
        let (outcome, cached) = self
            .run_checked(&request, &user_id.to_string(), trace)
            .await?;
        let execution = self.to_execution(user_id, project_id, &request, &outcome, cached);
        let execution = self.store.insert_execution(execution).await?;
        self.insights.on_event(user_id, Event::Run).await;
        Ok(RunReport { execution, outcome })
    }

    /// A run for an anonymous visitor (a public project's showcase): checked and
    /// rate-limited under `rate_key` like any run, but recorded nowhere, since it belongs
    /// to no account. The report's id is fresh and not stored.
    #[tracing::instrument(skip_all, fields(language = %request.language.id()), err(Debug))]
    pub async fn execute_anonymous(
        &self,
        request: RunRequest,
        rate_key: &str,
        project_id: Option<Uuid>,
        owner_id: Uuid,
    ) -> ExecResult<RunReport> {
        let (outcome, cached) = self.run_checked(&request, rate_key, false).await?;
        let execution = self.to_execution(owner_id, project_id, &request, &outcome, cached);
        Ok(RunReport { execution, outcome })
    }

    async fn run_checked(
        &self,
        request: &RunRequest,
        rate_key: &str,
        trace: bool,
    ) -> ExecResult<(RunOutcome, bool)> {
        check_source_files(&request.files)
            .map_err(|e| CommonError::field("files", e.to_string()))?;
        if let Some(entry) = &request.entry
            && !request.files.iter().any(|f| &f.path == entry)
        {
            return Err(CommonError::field("entry", "must name one of the submitted files").into());
        }
        if request.stdin.len() > 64 * 1024 {
            return Err(CommonError::field("stdin", "must be at most 64 KiB").into());
        }
        if !self
            .languages()
            .iter()
            .any(|l| l.id == request.language && l.available)
        {
            return Err(ExecError::LanguageUnavailable(request.language));
        }
        if let Err(wait) = self.limiter.check(Bucket::Exec, rate_key).await {
            return Err(CommonError::RateLimited {
                detail: "You have run programs many times in a short while; the limit keeps the server fair for everyone.",
                wait,
            }
            .into());
        }
        let key = cache_key(request);
        let started = Instant::now();
        // A traced request takes a cached outcome only if that one was traced too (an untraced
        // request takes either; its answer drops the trace below).
        let wants_trace = trace && traceable(request.language);
        let cached = self
            .cache
            .get(&key)
            .filter(|o| !wants_trace || o.trace.is_some());
        let (mut outcome, cached) = match cached {
            Some(outcome) => (outcome, true),
            None => {
                let job = if trace {
                    self.queue
                        .run_traced(request.clone(), TraceOptions::default())
                        .await
                } else {
                    self.queue.run(request.clone()).await
                };
                let outcome = job.map_err(|err| CommonError::Queue {
                    err,
                    retry_after: self.queue.retry_after(Lane::Interactive),
                })?;
                // An internal error is the sandbox's fault, not the program's: never cache it.
                if outcome.status != codestead_sandbox::Status::InternalError {
                    self.cache.insert(key, outcome.clone());
                }
                (outcome, false)
            }
        };
        if !trace {
            outcome.trace = None;
        }
        let language = request.language.id();
        metrics::counter!("executions_total", "language" => language, "status" => outcome.status.id(), "cached" => cached.to_string())
            .increment(1);
        metrics::histogram!("execution_seconds", "language" => language)
            .record(started.elapsed().as_secs_f64());
        Ok((outcome, cached))
    }

    fn to_execution(
        &self,
        user_id: Uuid,
        project_id: Option<Uuid>,
        request: &RunRequest,
        outcome: &RunOutcome,
        cached: bool,
    ) -> Execution {
        let language = request.language.id();
        Execution {
            id: Uuid::now_v7(),
            user_id,
            project_id,
            language: language.to_owned(),
            files: request
                .files
                .iter()
                .map(|f| StoredFile {
                    path: f.path.clone(),
                    content: f.content.clone(),
                })
                .collect(),
            entry: request.entry.clone(),
            stdin: request.stdin.clone(),
            status: outcome.status.id().to_owned(),
            stdout: outcome.stdout.clone(),
            stderr: outcome.stderr.clone(),
            compile_output: outcome.compile_output.clone(),
            exit_code: outcome.exit_code,
            execution_time_ms: outcome.wall_ms as i64,
            cpu_time_ms: outcome.cpu_ms as i64,
            memory_bytes: outcome.memory_bytes as i64,
            cached,
            created_at: self.clock.now(),
        }
    }

    pub async fn history(&self, user_id: Uuid, limit: u64) -> ExecResult<Vec<Execution>> {
        Ok(self.store.list_executions(user_id, limit).await?)
    }
}

fn cache_key(request: &RunRequest) -> String {
    let mut hasher = Sha256::new();
    let mut files: Vec<&SourceFile> = request.files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Length-prefixed fields: no two different requests hash the same byte stream.
    let mut feed = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    feed(request.language.id().as_bytes());
    feed(request.entry.as_deref().unwrap_or("").as_bytes());
    feed(request.stdin.as_bytes());
    for f in files {
        feed(f.path.as_bytes());
        feed(f.content.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
