//! The tutor as a service: builds the context (lesson, code, error, failing tests,
//! history), enforces the daily quota, answers identical questions from a 1 h cache,
//! stores every exchange and records provider metrics.

pub mod lessons;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use moka::sync::Cache;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::accounts::{Plan, Role};
use codestead_store::tutor::Exchange;
use codestead_tutor::{LessonContext, Message, Tutor, TutorContext, TutorTurn};

use crate::auth::service::Principal;
use crate::error::{ApiError, ApiResult};
use crate::learning::LearningService;
use crate::learning::insights::Event;
use crate::platform::clock::Clock;

/// What the learner sent.
pub struct Question {
    pub conversation_id: Option<Uuid>,
    pub query: String,
    pub code: Option<String>,
    pub language: Option<String>,
    pub content_id: Option<String>,
    pub error_message: Option<String>,
    pub skill_level: Option<String>,
    pub failing_tests: Vec<String>,
}

/// A question made ready to answer: the turn, and what to store it under.
pub struct Prepared {
    pub turn: TutorTurn,
    pub conversation_id: Option<Uuid>,
    pub content_id: Option<Uuid>,
    pub cache_key: String,
    pub started: Instant,
}

/// An answer remembered for identical question + context.
#[derive(Clone)]
pub struct CachedAnswer {
    pub text: String,
    pub provider: &'static str,
}

pub struct Stored {
    pub conversation_id: Uuid,
    pub message_id: Uuid,
}

pub struct TutorService {
    tutor: Tutor,
    store: Store,
    learning: Arc<LearningService>,
    clock: Arc<dyn Clock>,
    daily_quota: u32,
    prices: TokenPrices,
    cache: Cache<String, CachedAnswer>,
}

/// What the configured provider charges, in US dollars per million tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TokenPrices {
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

impl TokenPrices {
    /// The cost of one answer in millionths of a dollar (a counter needs whole numbers,
    /// and a typical answer costs a fraction of a cent).
    pub fn micro_usd(&self, usage: Usage) -> u64 {
        let dollars = usage.input_tokens as f64 * self.input_per_mtok / 1e6
            + usage.output_tokens as f64 * self.output_per_mtok / 1e6;
        (dollars * 1e6).round() as u64
    }
}

/// Tokens one answer used, as the provider reported them (zero offline and from the cache).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl Usage {
    pub fn of(summary: &codestead_tutor::TutorSummary) -> Self {
        Self {
            input_tokens: summary.input_tokens,
            output_tokens: summary.output_tokens,
        }
    }

    pub fn total(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}

/// The `usage_counters` counter behind the daily quota.
const TUTOR_QUOTA_COUNTER: &str = "tutor_questions";

impl TutorService {
    pub fn new(
        tutor: Tutor,
        store: Store,
        learning: Arc<LearningService>,
        clock: Arc<dyn Clock>,
        daily_quota: u32,
        prices: TokenPrices,
    ) -> Self {
        Self {
            tutor,
            store,
            learning,
            clock,
            daily_quota,
            prices,
            cache: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(Duration::from_secs(3600))
                .build(),
        }
    }

    pub fn tutor(&self) -> &Tutor {
        &self.tutor
    }

    pub fn provider_name(&self) -> &'static str {
        self.tutor.provider_name()
    }

    fn day_start(now: DateTime<Utc>) -> DateTime<Utc> {
        now.date_naive()
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
    }

    /// Free accounts get `daily_quota` questions per UTC day; pro and admin are unlimited.
    /// Each call takes one question of today's allowance.
    async fn check_quota(&self, principal: &Principal) -> ApiResult<()> {
        if principal.role == Role::Admin {
            return Ok(());
        }
        let user = self
            .store
            .find_user(principal.user_id)
            .await?
            .ok_or_else(|| {
                ApiError::unauthorized("session_revoked", "This account no longer exists.")
            })?;
        if user.plan == Plan::Pro {
            return Ok(());
        }
        let now = self.clock.now();
        let start = Self::day_start(now);
        // The question is counted here, before it is answered, by one atomic step
        // (`reserve_usage`): counting stored messages and recording the answer later let
        // N parallel questions all pass. A question that then fails still counts.
        let day = start.format("%Y-%m-%d").to_string();
        let reserved = self
            .store
            .reserve_usage(
                principal.user_id,
                TUTOR_QUOTA_COUNTER,
                &day,
                self.daily_quota,
            )
            .await?;
        if !reserved {
            let reset = (start + chrono::Duration::days(1) - now)
                .to_std()
                .unwrap_or(Duration::from_secs(60));
            return Err(ApiError::too_many(
                "quota_exceeded",
                format!(
                    "You have used today's {} tutor questions. They renew at midnight UTC.",
                    self.daily_quota
                ),
                reset,
            ));
        }
        Ok(())
    }

    /// Checks the quota and builds the full context for the tutor.
    pub async fn prepare(&self, principal: &Principal, q: Question) -> ApiResult<Prepared> {
        self.check_quota(principal).await?;
        let mut history = Vec::new();
        if let Some(id) = q.conversation_id {
            if self
                .store
                .find_conversation(principal.user_id, id)
                .await?
                .is_none()
            {
                return Err(ApiError::not_found("No such conversation."));
            }
            for m in self.store.conversation_messages(id).await? {
                history.push(if m.role == "assistant" {
                    Message::assistant(m.content)
                } else {
                    Message::user(m.content)
                });
            }
        }
        let mut content_id = None;
        let mut lesson = None;
        let mut reference_solution = None;
        if let Some(key) = q.content_id.as_deref() {
            let item = self
                .learning
                .find(key)
                .map_err(|_| ApiError::field("context.contentId", "no such lesson or exercise"))?;
            content_id = Some(item.id);
            let exercise = item.exercise.as_ref();
            lesson = Some(LessonContext {
                title: item.title.clone(),
                body: item.body.clone(),
                hints: exercise.map(|e| e.hints.clone()).unwrap_or_default(),
            });
            reference_solution = exercise.map(|e| e.solution.clone());
        }
        let skill_level = match q.skill_level {
            Some(s) => Some(s),
            None => self
                .store
                .find_user(principal.user_id)
                .await?
                .map(|u| u.skill_level),
        };
        let context = TutorContext {
            lesson,
            code: q.code,
            language: q.language,
            error_output: q.error_message,
            failing_tests: q.failing_tests,
            skill_level,
            history,
            reference_solution,
            ..TutorContext::default()
        };
        let turn = TutorTurn {
            query: q.query,
            context,
        };
        let cache_key = cache_key(&turn, content_id);
        Ok(Prepared {
            turn,
            conversation_id: q.conversation_id,
            content_id,
            cache_key,
            started: Instant::now(),
        })
    }

    pub fn cached(&self, prepared: &Prepared) -> Option<CachedAnswer> {
        self.cache.get(&prepared.cache_key)
    }

    /// Stores the exchange, caches the answer and records metrics.
    pub async fn finish(
        &self,
        principal: &Principal,
        prepared: &Prepared,
        answer: &str,
        provider: &'static str,
        usage: Usage,
        from_cache: bool,
    ) -> ApiResult<Stored> {
        let tokens = usage.total();
        if !from_cache && !answer.is_empty() {
            self.cache.insert(
                prepared.cache_key.clone(),
                CachedAnswer {
                    text: answer.to_owned(),
                    provider,
                },
            );
        }
        metrics::counter!("tutor_messages_total", "provider" => provider, "cached" => from_cache.to_string()).increment(1);
        metrics::counter!("tutor_tokens_total", "provider" => provider).increment(tokens);
        metrics::counter!("tutor_input_tokens_total", "provider" => provider)
            .increment(usage.input_tokens);
        metrics::counter!("tutor_output_tokens_total", "provider" => provider)
            .increment(usage.output_tokens);
        // Offline answers are free whatever prices are configured.
        let cost = if provider == "offline" {
            0
        } else {
            self.prices.micro_usd(usage)
        };
        metrics::counter!("tutor_cost_microusd_total", "provider" => provider).increment(cost);
        metrics::histogram!("tutor_answer_seconds", "provider" => provider)
            .record(prepared.started.elapsed().as_secs_f64());
        let title = prepared.turn.query.lines().next().unwrap_or("Question");
        let (conversation_id, message_id) = self
            .store
            .record_exchange(
                Exchange {
                    user_id: principal.user_id,
                    conversation_id: prepared.conversation_id,
                    title,
                    content_id: prepared.content_id,
                    language: prepared.turn.context.language.as_deref(),
                    question: &prepared.turn.query,
                    answer,
                    provider,
                    tokens_used: tokens as i64,
                },
                self.clock.now(),
            )
            .await?;
        self.learning
            .insights()
            .on_event(principal.user_id, Event::Question)
            .await;
        Ok(Stored {
            conversation_id,
            message_id,
        })
    }
}

fn cache_key(turn: &TutorTurn, content_id: Option<Uuid>) -> String {
    let mut hasher = Sha256::new();
    let c = &turn.context;
    let parts = [
        Some(turn.query.as_str()),
        c.code.as_deref(),
        c.language.as_deref(),
        c.error_output.as_deref(),
        c.skill_level.as_deref(),
    ];
    for part in parts {
        let bytes = part.unwrap_or("\u{0}").as_bytes();
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.update(content_id.map(|u| u.into_bytes()).unwrap_or_default());
    for t in &c.failing_tests {
        hasher.update((t.len() as u64).to_le_bytes());
        hasher.update(t.as_bytes());
    }
    // Follow-ups climb the hint ladder: the same words later in a conversation are a
    // different question.
    hasher.update((c.rung() as u64).to_le_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
