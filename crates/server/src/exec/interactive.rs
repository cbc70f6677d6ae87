//! Interactive runs as a service: the same checks, per-user rate budget and queue bound as an
//! ordinary run, then a program whose stdin and output stream while it runs, recorded in the
//! execution history when it ends. No HTTP here: the WebSocket lives in `http/interactive.rs`.
//!
//! The seam for scale-out is [`InteractiveRunner`]: it takes a request and the two channel ends
//! ([`InteractiveIo`]) and returns the outcome. In local mode the sandbox is the runner; a
//! Redis-mode runner relays the same [`Input`](codestead_sandbox::Input) and
//! [`OutputChunk`](codestead_sandbox::OutputChunk) values between this server and a worker
//! (see `docs/interactive.md`), and its queue's [`JobQueue::reserve`] admits the run.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use uuid::Uuid;

use codestead_sandbox::{InteractiveIo, InteractiveOutcome, RunRequest, Sandbox};
use codestead_store::StoreError;

use super::queue::QueueError;
use super::{ExecutionService, RunReport};
use crate::domain::ErrorCode;
use crate::learning::insights::Event;
use crate::platform::ratelimit::Bucket;

/// Runs one interactive program: stdin from `io.input`, output to `io.output`, and the
/// outcome (stdout/stderr whole, as an ordinary run reports them) at the end.
#[async_trait]
pub trait InteractiveRunner: Send + Sync + 'static {
    async fn run(&self, request: RunRequest, io: InteractiveIo) -> InteractiveOutcome;
}

/// Local mode: the program runs in this server's sandbox.
#[async_trait]
impl InteractiveRunner for Sandbox {
    async fn run(&self, request: RunRequest, io: InteractiveIo) -> InteractiveOutcome {
        Sandbox::run_interactive(self, request, io).await
    }
}

/// Why an interactive run was refused or could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum InteractiveError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{0} is not available on this server")]
    LanguageUnavailable(&'static str),
    #[error("rate limited for {0:?}")]
    RateLimited(Duration),
    #[error("the execution queue is full")]
    QueueFull,
    #[error("code execution is not available")]
    SandboxUnavailable,
    #[error("recording the run: {0}")]
    Store(#[from] StoreError),
}

impl InteractiveError {
    /// Stable code, as in problem details.
    pub fn code(&self) -> ErrorCode {
        match self {
            InteractiveError::Invalid { .. } => ErrorCode::ValidationFailed,
            InteractiveError::LanguageUnavailable(_) => ErrorCode::LanguageUnavailable,
            InteractiveError::RateLimited(_) => ErrorCode::RateLimited,
            InteractiveError::QueueFull => ErrorCode::QueueFull,
            InteractiveError::SandboxUnavailable => ErrorCode::SandboxUnavailable,
            InteractiveError::Store(_) => ErrorCode::InternalError,
        }
    }

    fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        InteractiveError::Invalid {
            field,
            message: message.into(),
        }
    }
}

/// A finished interactive run, as stored.
#[derive(Clone, Debug)]
pub struct InteractiveReport {
    pub report: RunReport,
    /// Ended by the learner's Stop (or their leaving), not by itself or a limit.
    pub stopped: bool,
}

/// Largest stdin pre-filled in the start message (as for an ordinary run).
pub const MAX_PREFILL_BYTES: usize = 64 * 1024;

impl ExecutionService {
    /// Checks `request` (files, entry, pre-filled stdin, language), takes one unit of the
    /// caller's execution budget, holds a queue place and worker for the whole run, runs it
    /// through the interactive runner and records it. Never cached: its input is live.
    #[tracing::instrument(skip_all, fields(language = %request.language.id()), err(Debug))]
    pub async fn run_interactive(
        &self,
        user_id: Uuid,
        request: RunRequest,
        project_id: Option<Uuid>,
        io: InteractiveIo,
    ) -> Result<InteractiveReport, InteractiveError> {
        codestead_sandbox::check_source_files(&request.files)
            .map_err(|e| InteractiveError::invalid("files", e.to_string()))?;
        if let Some(entry) = &request.entry
            && !request.files.iter().any(|f| &f.path == entry)
        {
            return Err(InteractiveError::invalid(
                "entry",
                "must name one of the submitted files",
            ));
        }
        if request.stdin.len() > MAX_PREFILL_BYTES {
            return Err(InteractiveError::invalid("stdin", "must be at most 64 KiB"));
        }
        if !self
            .languages()
            .iter()
            .any(|l| l.id == request.language && l.available)
        {
            return Err(InteractiveError::LanguageUnavailable(
                request.language.name(),
            ));
        }
        let Some(runner) = self.interactive.clone() else {
            return Err(InteractiveError::SandboxUnavailable);
        };
        self.limiter
            .check(Bucket::Exec, &user_id.to_string())
            .await
            .map_err(InteractiveError::RateLimited)?;
        let _held = self.queue.reserve().await.map_err(|e| match e {
            // Waited past the deadline for a slot: as busy as a full queue.
            QueueError::Full | QueueError::Expired => InteractiveError::QueueFull,
            QueueError::Unavailable => InteractiveError::SandboxUnavailable,
        })?;
        let started = Instant::now();
        let done = runner.run(request.clone(), io).await;
        drop(_held);

        let language = request.language.id();
        metrics::counter!("executions_total", "language" => language, "status" => done.outcome.status.id(), "cached" => "false")
            .increment(1);
        metrics::counter!("interactive_executions_total", "language" => language, "stopped" => done.stopped.to_string())
            .increment(1);
        metrics::histogram!("interactive_execution_seconds", "language" => language)
            .record(started.elapsed().as_secs_f64());

        // The history shows what the program was actually given.
        let recorded = RunRequest {
            stdin: done.stdin.clone(),
            ..request
        };
        let execution = self.to_execution(user_id, project_id, &recorded, &done.outcome, false);
        let execution = self.store.insert_execution(execution).await?;
        self.insights.on_event(user_id, Event::Run).await;
        Ok(InteractiveReport {
            report: RunReport {
                execution,
                outcome: done.outcome,
            },
            stopped: done.stopped,
        })
    }
}

impl crate::domain::DomainError for InteractiveError {
    fn code(&self) -> crate::domain::ErrorCode {
        InteractiveError::code(self)
    }
}
