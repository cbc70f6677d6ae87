//! The tutor service the server calls: picks the configured provider, renders the prompt from the
//! context, streams the answer through the guard, and falls back to the offline tutor (labelled)
//! when the provider fails.

use std::{sync::Arc, time::Instant};

use futures_util::{StreamExt, stream::BoxStream};
use serde::Serialize;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::{
    AnthropicProvider, Chunk, OpenAiProvider, Provider, ProviderKind, TutorConfig, TutorError,
    context::{HintRung, TutorTurn, build_request},
    guard::Guard,
    offline::{OfflineProvider, OfflineTutor},
    search::LessonSearch,
};

/// One event of a streamed answer.
#[derive(Clone, Debug, PartialEq)]
pub enum TutorEvent {
    Delta(String),
    Done(TutorSummary),
}

/// What the server records and reports at the end of an answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TutorSummary {
    /// Who produced the text the learner saw: `offline`, `openai`, `anthropic`.
    pub provider: &'static str,
    pub model: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Set when the configured provider failed and the offline tutor answered instead.
    pub fallback_from: Option<&'static str>,
    pub fallback_reason: Option<String>,
    /// The guard replaced part of the answer.
    pub guarded: bool,
    pub rung: HintRung,
    /// The learner went away before the end.
    pub cancelled: bool,
    /// Milliseconds from the request to the first text, when there was any.
    pub first_text_ms: Option<u64>,
}

impl TutorSummary {
    pub fn tokens_used(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}

/// A whole answer, collected.
#[derive(Clone, Debug, PartialEq)]
pub struct TutorReply {
    pub text: String,
    pub summary: TutorSummary,
}

/// The tutor. Cheap to clone; build once at start-up.
#[derive(Clone)]
pub struct Tutor {
    provider: Arc<dyn Provider>,
    offline: OfflineTutor,
    config: TutorConfig,
}

impl Tutor {
    /// Builds the provider named by the configuration. Offline needs nothing; openai needs a base
    /// URL or key (a local server needs no key); anthropic needs a key.
    pub fn new(config: TutorConfig, lessons: Arc<dyn LessonSearch>) -> Result<Self, TutorError> {
        let offline = OfflineTutor::new(lessons);
        let provider: Arc<dyn Provider> = match config.provider {
            ProviderKind::Offline => Arc::new(OfflineProvider::new(offline.clone())),
            ProviderKind::OpenAi => {
                if config.base_url.is_none() && config.api_key.is_none() {
                    return Err(TutorError::Config(
                        "the openai provider needs CODESTEAD_LLM_API_KEY or CODESTEAD_LLM_BASE_URL"
                            .into(),
                    ));
                }
                Arc::new(OpenAiProvider::new(&config)?)
            }
            ProviderKind::Anthropic => Arc::new(AnthropicProvider::new(&config)?),
        };
        Ok(Self {
            provider,
            offline,
            config,
        })
    }

    /// Like [`new`](Self::new), but an unusable configuration falls back to the offline tutor;
    /// the error is returned beside it so start-up can log it.
    pub fn new_or_offline(
        config: TutorConfig,
        lessons: Arc<dyn LessonSearch>,
    ) -> (Self, Option<TutorError>) {
        match Self::new(config.clone(), lessons.clone()) {
            Ok(t) => (t, None),
            Err(e) => {
                let offline = TutorConfig {
                    provider: ProviderKind::Offline,
                    ..config
                };
                let t =
                    Self::new(offline, lessons).expect("the offline tutor needs no configuration");
                (t, Some(e))
            }
        }
    }

    /// Uses any provider (tests, custom backends).
    pub fn with_provider(
        provider: Arc<dyn Provider>,
        config: TutorConfig,
        lessons: Arc<dyn LessonSearch>,
    ) -> Self {
        Self {
            provider,
            offline: OfflineTutor::new(lessons),
            config,
        }
    }

    pub fn provider_name(&self) -> &'static str {
        self.provider.name()
    }

    pub fn offline(&self) -> &OfflineTutor {
        &self.offline
    }

    /// Streams an answer. Never fails: provider errors become the offline tutor's answer with a
    /// label, and the summary says so. Cancelling the token (the learner disconnected) or dropping
    /// the stream closes the provider connection.
    pub fn respond(
        &self,
        turn: TutorTurn,
        cancel: CancellationToken,
    ) -> BoxStream<'static, TutorEvent> {
        let (tx, rx) = mpsc::channel::<TutorEvent>(64);
        let this = self.clone();
        // Dropping the returned stream (the learner disconnected) cancels this child token, which
        // stops the provider and closes its connection; the caller's own token is left alone.
        let inner = cancel.child_token();
        let on_drop = inner.clone().drop_guard();
        tokio::spawn(async move { this.run(turn, inner, tx).await });
        futures_util::stream::unfold((rx, on_drop), |(mut rx, on_drop)| async move {
            rx.recv().await.map(|e| (e, (rx, on_drop)))
        })
        .boxed()
    }

    /// Collects [`respond`](Self::respond) into one reply (the JSON variant of the API).
    pub async fn respond_text(&self, turn: TutorTurn, cancel: CancellationToken) -> TutorReply {
        let mut text = String::new();
        let mut events = self.respond(turn, cancel);
        let mut summary = None;
        while let Some(e) = events.next().await {
            match e {
                TutorEvent::Delta(t) => text.push_str(&t),
                TutorEvent::Done(s) => summary = Some(s),
            }
        }
        let summary = summary.unwrap_or_else(|| TutorSummary {
            provider: self.provider.name(),
            model: self.config.model_or_default(),
            input_tokens: 0,
            output_tokens: 0,
            fallback_from: None,
            fallback_reason: None,
            guarded: false,
            rung: HintRung::Nudge,
            cancelled: true,
            first_text_ms: None,
        });
        TutorReply { text, summary }
    }

    async fn run(&self, turn: TutorTurn, cancel: CancellationToken, tx: mpsc::Sender<TutorEvent>) {
        let started = Instant::now();
        let rung = turn.context.rung();
        let turn = Arc::new(turn);
        let mut summary = TutorSummary {
            provider: self.provider.name(),
            model: if self.provider.name() == "offline" {
                "offline".into()
            } else {
                self.config.model_or_default()
            },
            input_tokens: 0,
            output_tokens: 0,
            fallback_from: None,
            fallback_reason: None,
            guarded: false,
            rung,
            cancelled: false,
            first_text_ms: None,
        };
        let mut guard = {
            let offline = self.offline.clone();
            let t = turn.clone();
            Guard::new(
                turn.context.reference_solution.clone(),
                turn.context.code.clone(),
                turn.context.lang(),
                Box::new(move || offline.answer(&t, rung.next())),
            )
        };
        let mut out = Emitter {
            tx: &tx,
            started,
            first: None,
        };
        let mut req = build_request(&turn, rung, self.config.max_tokens, self.config.temperature);
        req.turn = Some(turn.clone());
        let failure = match self.provider.stream(req, cancel.child_token()).await {
            Err(e) => Some(e),
            Ok(mut chunks) => {
                let mut failure = None;
                while let Some(next) = chunks.next().await {
                    match next {
                        Ok(Chunk::Delta(t)) => {
                            if !out.send(guard.push(&t)).await {
                                cancel.cancel();
                                return;
                            }
                            if guard.tripped().is_some() {
                                break;
                            }
                        }
                        Ok(Chunk::Usage {
                            input_tokens,
                            output_tokens,
                        }) => {
                            summary.input_tokens = input_tokens;
                            summary.output_tokens = output_tokens;
                        }
                        Ok(Chunk::Done) => break,
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
                failure
            }
        };
        let _ = out.send(guard.finish()).await;
        summary.guarded = guard.tripped().is_some();
        if let Some(leak) = guard.tripped() {
            tracing::info!(
                ?leak,
                provider = summary.provider,
                "tutor guard replaced an answer"
            );
        }
        match failure {
            Some(TutorError::Cancelled) => summary.cancelled = true,
            Some(e) if !summary.guarded => {
                tracing::warn!(provider = self.provider.name(), error = %e, "tutor provider failed; offline fallback");
                let label = fallback_label(self.provider.name(), &e, out.first.is_some());
                let text = self.offline.answer(&turn, rung);
                let _ = out.send(label).await;
                let _ = out.send(text).await;
                summary.fallback_from = Some(self.provider.name());
                summary.fallback_reason = Some(e.to_string());
                summary.provider = "offline";
            }
            _ => {}
        }
        summary.first_text_ms = out.first;
        let _ = tx.send(TutorEvent::Done(summary)).await;
    }
}

struct Emitter<'a> {
    tx: &'a mpsc::Sender<TutorEvent>,
    started: Instant,
    first: Option<u64>,
}

impl Emitter<'_> {
    /// False when the learner is gone.
    async fn send(&mut self, text: String) -> bool {
        if text.is_empty() {
            return !self.tx.is_closed();
        }
        self.first
            .get_or_insert_with(|| self.started.elapsed().as_millis() as u64);
        self.tx.send(TutorEvent::Delta(text)).await.is_ok()
    }
}

fn fallback_label(provider: &str, e: &TutorError, partial: bool) -> String {
    let why = match e {
        TutorError::QuotaExhausted(_) => "its usage quota is used up",
        TutorError::Busy { .. } => "it is busy",
        TutorError::Timeout => "it did not answer in time",
        TutorError::Status {
            status: 401 | 403, ..
        } => "it rejected the configured key",
        _ => "it could not be reached",
    };
    let lead = if partial { "\n\n---\n\n" } else { "" };
    format!(
        "{lead}_The AI tutor ({provider}) stopped because {why}; here is the built-in offline tutor's answer._\n\n"
    )
}
