//! The tutor as a service: builds the context (lesson, code, error, failing tests,
//! history), enforces the daily quota, answers identical questions from a 1 h cache,
//! stores every exchange and records provider metrics.

pub mod facts;
pub mod lessons;
mod repair;
mod repair_compiled;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use moka::sync::Cache;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::accounts::{Plan, Role};
use codestead_store::tutor::Exchange;
use codestead_tutor::facts::trim_error;
use codestead_tutor::{LessonContext, Message, RunFacts, Tutor, TutorContext, TutorTurn};
use serde::{Deserialize, Serialize};

use crate::auth::service::Principal;
use crate::domain::ErrorCode;
use crate::error::{ApiError, ApiResult};
use crate::learning::LearningService;
use crate::learning::insights::Event;
use crate::platform::clock::Clock;
use codestead_sandbox::{RunRequest, SourceFile};
use facts::FactFinder;

/// What the learner sent.
#[derive(Default)]
pub struct Question {
    pub conversation_id: Option<Uuid>,
    pub query: String,
    pub code: Option<String>,
    pub language: Option<String>,
    pub content_id: Option<String>,
    pub error_message: Option<String>,
    pub skill_level: Option<String>,
    /// `None`: not sent (a follow-up may then use the stored ones).
    pub failing_tests: Option<Vec<String>>,
    pub expected_output: Option<String>,
    pub actual_output: Option<String>,
    pub execution_id: Option<Uuid>,
    pub status: Option<String>,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
}

/// The context remembered with a conversation, so that a follow-up sent without one is answered
/// against the last one, and the hint ladder is counted from the stored conversation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StoredContext {
    pub code: Option<String>,
    pub language: Option<String>,
    pub content_id: Option<String>,
    /// Already trimmed to the first error.
    pub error_message: Option<String>,
    pub failing_tests: Vec<String>,
    pub expected_output: Option<String>,
    pub actual_output: Option<String>,
    pub execution_id: Option<Uuid>,
    pub status: Option<String>,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    /// Tutor answers in the conversation before this problem was first asked about: its ladder
    /// starts there.
    pub ladder_start: usize,
    /// What the learner said they expected and saw ("it prints 2 but I expected 2.5"), kept
    /// for the follow-ups, which do not repeat it.
    pub stated: Option<StatedExpectation>,
}

/// An expectation parsed from the learner's own words.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatedExpectation {
    pub expected: Option<String>,
    pub actual: Option<String>,
}

impl StoredContext {
    fn from_question(q: &Question) -> Self {
        let lang = q.language.as_deref().and_then(codestead_tutor::Lang::parse);
        let nonempty = |s: &Option<String>| s.clone().filter(|t| !t.trim().is_empty());
        StoredContext {
            code: nonempty(&q.code),
            language: q.language.clone(),
            content_id: q.content_id.clone(),
            error_message: nonempty(&q.error_message).map(|e| trim_error(lang, &e)),
            failing_tests: q.failing_tests.clone().unwrap_or_default(),
            expected_output: nonempty(&q.expected_output),
            actual_output: nonempty(&q.actual_output),
            execution_id: q.execution_id,
            status: nonempty(&q.status),
            exit_code: q.exit_code,
            signal: q.signal,
            ladder_start: 0,
            stated: codestead_tutor::facts::parse_expectation(&q.query).map(|e| {
                StatedExpectation {
                    expected: e.expected,
                    actual: e.actual,
                }
            }),
        }
    }

    /// Whether anything about a run was sent (a bare follow-up sends none).
    fn has_run(&self) -> bool {
        self.code.is_some()
            || self.error_message.is_some()
            || !self.failing_tests.is_empty()
            || self.expected_output.is_some()
            || self.actual_output.is_some()
            || self.execution_id.is_some()
            || self.status.is_some()
    }

    /// The same problem as before (the code may have changed while the learner follows the
    /// hints; a different error or expectation is a new problem, with a new ladder).
    fn same_problem(&self, other: &StoredContext) -> bool {
        self.language == other.language
            && self.content_id == other.content_id
            && self.error_message == other.error_message
            && self.failing_tests == other.failing_tests
            && self.expected_output == other.expected_output
            && self.status == other.status
    }
}

/// A question made ready to answer: the turn, and what to store it under.
pub struct Prepared {
    pub turn: TutorTurn,
    pub conversation_id: Option<Uuid>,
    pub content_id: Option<Uuid>,
    pub cache_key: String,
    pub started: Instant,
    /// The context to remember with the conversation (JSON).
    pub stored_context: String,
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
    /// Reruns in the sandbox for the facts a question is answered from.
    finder: FactFinder,
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
        finder: FactFinder,
    ) -> Self {
        Self {
            finder,
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
                ApiError::unauthorized(ErrorCode::SessionRevoked, "This account no longer exists.")
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
                ErrorCode::QuotaExceeded,
                format!(
                    "You have used today's {} tutor questions. They renew at midnight UTC.",
                    self.daily_quota
                ),
                reset,
            ));
        }
        Ok(())
    }

    /// Checks the quota and builds the full context for the tutor: the stored conversation's
    /// history and last context (used when the question comes without one), the lesson, and the
    /// facts gathered about the run.
    pub async fn prepare(&self, principal: &Principal, q: Question) -> ApiResult<Prepared> {
        self.check_quota(principal).await?;
        let mut history = Vec::new();
        let mut stored: Option<StoredContext> = None;
        if let Some(id) = q.conversation_id {
            let Some(conversation) = self.store.find_conversation(principal.user_id, id).await?
            else {
                return Err(ApiError::not_found("No such conversation."));
            };
            stored = conversation
                .context
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok());
            for m in self.store.conversation_messages(id).await? {
                history.push(if m.role == "assistant" {
                    Message::assistant(m.content)
                } else {
                    Message::user(m.content)
                });
            }
        }
        let answers = history
            .iter()
            .filter(|m| m.role == codestead_tutor::Role::Assistant)
            .count();
        let incoming = StoredContext::from_question(&q);
        let ctx = match stored {
            Some(old) if !incoming.has_run() => StoredContext {
                language: incoming.language.or(old.language.clone()),
                content_id: incoming.content_id.or(old.content_id.clone()),
                stated: incoming.stated.or(old.stated.clone()),
                ..old
            },
            Some(old) => {
                let mut new = StoredContext {
                    language: incoming.language.clone().or(old.language.clone()),
                    content_id: incoming.content_id.clone().or(old.content_id.clone()),
                    ..incoming
                };
                let same = old.same_problem(&new);
                if same && new.stated.is_none() {
                    new.stated = old.stated.clone();
                }
                new.ladder_start = if same { old.ladder_start } else { answers };
                new
            }
            // A new conversation, or one stored before contexts were kept: count every answer.
            None => StoredContext {
                ladder_start: 0,
                ..incoming
            },
        };
        let mut content_id = None;
        let mut lesson = None;
        let mut reference_solution = None;
        let mut item = None;
        if let Some(key) = ctx.content_id.as_deref() {
            let found = self
                .learning
                .find(key)
                .map_err(|_| ApiError::field("context.contentId", "no such lesson or exercise"))?;
            content_id = Some(found.id);
            let exercise = found.exercise.as_ref();
            lesson = Some(LessonContext {
                title: found.title.clone(),
                body: found.body.clone(),
                hints: exercise.map(|e| e.hints.clone()).unwrap_or_default(),
            });
            reference_solution = exercise.map(|e| e.solution.clone());
            item = Some(found);
        }
        let skill_level = match q.skill_level {
            Some(s) => Some(s),
            None => self
                .store
                .find_user(principal.user_id)
                .await?
                .map(|u| u.skill_level),
        };
        let (facts, code) = self.gather_facts(principal.user_id, &ctx, item).await?;
        let stored_context = serde_json::to_string(&ctx).map_err(ApiError::internal)?;
        let context = TutorContext {
            lesson,
            code: ctx.code.clone().or(code),
            language: ctx.language.clone(),
            error_output: ctx.error_message.clone(),
            exit_code: ctx.exit_code,
            signal: ctx.signal,
            status: ctx.status.clone(),
            failing_tests: ctx.failing_tests.clone(),
            skill_level,
            history,
            reference_solution,
            expected_output: ctx.expected_output.clone(),
            actual_output: ctx.actual_output.clone(),
            facts,
            ladder_answers: Some(answers.saturating_sub(ctx.ladder_start)),
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
            stored_context,
        })
    }

    /// What the server can establish about the run the question is about, beyond what the
    /// client sent: the stored execution named by `executionId` (status, output, error), and in
    /// an exercise the first failing test's run. This is the one place where the sandbox's
    /// traces and crash locations are to be added (the learner's and the reference's runs on
    /// the failing test, then [`codestead_tutor::facts::first_divergence`]).
    /// Returns the facts and, when the client sent no code, the code of the execution.
    pub async fn gather_facts(
        &self,
        user: Uuid,
        ctx: &StoredContext,
        item: Option<&codestead_curriculum::Item>,
    ) -> ApiResult<(Option<RunFacts>, Option<String>)> {
        if let Some(id) = ctx.execution_id {
            let Some(run) = self.store.find_execution(user, id).await? else {
                return Err(ApiError::field("context.executionId", "no such execution"));
            };
            let lang = codestead_tutor::Lang::parse(&run.language);
            let error = run
                .compile_output
                .clone()
                .filter(|c| !c.trim().is_empty() && run.status == "compile_error")
                .unwrap_or(run.stderr.clone());
            let code = run
                .files
                .iter()
                .find(|f| Some(&f.path) == run.entry.as_ref())
                .or(run.files.first())
                .map(|f| f.content.clone());
            let mut facts = RunFacts {
                status: Some(run.status.clone()),
                exit_code: run.exit_code,
                stdout: Some(run.stdout.clone()),
                stderr: (!error.trim().is_empty()).then(|| trim_error(lang, &error)),
                ..RunFacts::default()
            };
            if let Ok(language) = run.language.parse() {
                let request = RunRequest {
                    language,
                    files: run
                        .files
                        .iter()
                        .map(|f| SourceFile::new(f.path.clone(), f.content.clone()))
                        .collect(),
                    entry: run.entry.clone(),
                    stdin: run.stdin.clone(),
                };
                let stdin = request.stdin.clone();
                self.finder.add_run_facts(&mut facts, request).await;
                if let (Some(code), 1) = (code.as_deref(), run.files.len()) {
                    let stated = ctx.stated.clone().unwrap_or_default();
                    let expectation = repair::Expectation {
                        output: ctx.expected_output.as_deref(),
                        value: stated.expected.as_deref(),
                        actual: stated.actual.as_deref().or(ctx.actual_output.as_deref()),
                    };
                    // Boxed, as the other searches: their futures are large (stack, see repair.rs).
                    Box::pin(self.finder.add_playground_repair(
                        &mut facts,
                        language,
                        code,
                        &stdin,
                        &expectation,
                    ))
                    .await;
                }
            }
            return Ok((Some(facts), code));
        }
        if let (Some(item), Some(code), Some(language)) =
            (item, ctx.code.as_deref(), ctx.language.as_deref())
            && let Some(failing) = self
                .learning
                .failing_run_facts(user, item, language, code)
                .await
        {
            let mut facts = failing.facts;
            if let (Some(exercise), Some(test)) = (item.exercise.as_ref(), failing.test)
                && let Some(test) = exercise.tests.get(test)
            {
                self.finder
                    .add_exercise_facts(&mut facts, exercise, code, test)
                    .await;
                Box::pin(self.finder.add_exercise_repair(
                    &mut facts,
                    exercise,
                    code,
                    failing.test.unwrap_or(0),
                ))
                .await;
            }
            return Ok((Some(facts), None));
        }
        Ok((None, None))
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
                    context: Some(prepared.stored_context.as_str()),
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
        c.expected_output.as_deref(),
        c.actual_output.as_deref(),
        c.status.as_deref(),
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
    if let Some(f) = &c.facts {
        let facts = serde_json::to_string(f).unwrap_or_default();
        hasher.update((facts.len() as u64).to_le_bytes());
        hasher.update(facts.as_bytes());
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
