//! Learning: the curriculum (loaded from the embedded copy or a school's directory)
//! joined with each learner's progress; grading of submissions in the sandbox;
//! prerequisites, the next item in a path, bookmarks. `insights` adds search, stats,
//! streaks, achievements, recommendations and the dashboard; `ratings` the learners'
//! ratings and view counts; `certificates` the certificates of finished tracks.

pub mod certificates;
pub mod insights;
pub mod ratings;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use codestead_curriculum::{Curriculum, Exercise, GradeReport, Item, ItemKind, Track};
use codestead_store::Store;
use codestead_store::learning::{NewSubmission, Progress, ProgressUpdate};
use codestead_tutor::RunFacts;

use crate::domain::{CommonError, DomainError, ErrorCode};
use crate::exec::queue::{JobQueue, Lane, QueueError};
use crate::platform::cache;
use crate::platform::clock::Clock;
use crate::platform::ratelimit::{Bucket, RateLimiter};
use insights::{Event, InsightsService};

/// Why a learning request was refused; `http::error` decides the status.
#[derive(Debug, thiserror::Error)]
pub enum LearningError {
    /// A certificate claimed before the track is finished; the text says what is left.
    #[error("The track is not finished: {0}.")]
    TrackIncomplete(String),
    #[error(transparent)]
    Common(#[from] CommonError),
}

pub type LearningResult<T> = Result<T, LearningError>;

impl LearningError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::TrackIncomplete(_) => ErrorCode::TrackIncomplete,
            Self::Common(e) => e.code(),
        }
    }
}

impl DomainError for LearningError {
    fn code(&self) -> ErrorCode {
        LearningError::code(self)
    }
}

impl From<codestead_store::StoreError> for LearningError {
    fn from(err: codestead_store::StoreError) -> Self {
        Self::Common(err.into())
    }
}

fn not_found(what: &'static str) -> LearningError {
    CommonError::not_found(what).into()
}

fn invalid(
    field: &'static str,
    message: impl Into<std::borrow::Cow<'static, str>>,
) -> LearningError {
    CommonError::field(field, message).into()
}

pub struct LearningService {
    curriculum: Arc<Curriculum>,
    store: Store,
    /// Submissions are graded through the execution queue, in the graded lane.
    queue: Arc<dyn JobQueue>,
    limiter: Arc<dyn RateLimiter>,
    clock: Arc<dyn Clock>,
    insights: Arc<InsightsService>,
    /// The first failing test's run of recent submissions, by (learner, item, code), for the
    /// tutor's facts: asking right after a failed check costs no second run.
    failing_runs: moka::sync::Cache<(Uuid, Uuid, u64), Option<FailingRun>>,
    /// Views already counted today, by (learner, item, UTC day): a reload costs no write.
    viewed: moka::sync::Cache<(Uuid, Uuid, String), ()>,
    /// Told of every pass and completion (LTI grade passback), after it is recorded.
    listeners: Vec<Arc<dyn CompletionListener>>,
}

/// Something that acts when a learner passes an exercise or completes a lesson. It runs
/// after the completion is stored and cannot fail the learner's request.
#[async_trait::async_trait]
pub trait CompletionListener: Send + Sync {
    async fn completed(&self, user: Uuid, item: &Item);
}

/// How long a learner's cached progress may live without an invalidation.
const PROGRESS_CACHE_TTL: Duration = Duration::from_secs(300);

/// Progress as cached (the store's type stays free of serde).
#[derive(serde::Serialize, serde::Deserialize)]
struct CachedProgress {
    content_id: Uuid,
    progress_percentage: i32,
    time_spent_seconds: i64,
    completed_at: Option<chrono::DateTime<chrono::Utc>>,
    started_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

/// Grades `code` against `exercise` through `queue` in `lane`: compiled once, run once per
/// test (stopping at the first failing one where the exercise says so). Submissions use the
/// graded lane, a teacher's re-grade the bulk lane.
pub async fn grade_in(
    queue: &dyn JobQueue,
    lane: Lane,
    exercise: &Exercise,
    code: &str,
) -> Result<GradeReport, QueueError> {
    let request = codestead_curriculum::submission_request(exercise, code);
    let kind = crate::exec::queue::JobKind::Batch {
        stdins: codestead_curriculum::test_stdins(exercise),
        stop_at_first_failure: codestead_curriculum::stop_expectations(exercise),
    };
    let batch = queue.submit(lane, request.clone(), kind).await?.batch();
    Ok(codestead_curriculum::judge_batch(exercise, &request, batch))
}

/// A graded attempt, as stored and reported.
pub struct Graded {
    pub report: GradeReport,
    pub completed: bool,
    pub attempt: Uuid,
}

impl LearningService {
    pub fn new(
        curriculum: Arc<Curriculum>,
        store: Store,
        queue: Arc<dyn JobQueue>,
        limiter: Arc<dyn RateLimiter>,
        clock: Arc<dyn Clock>,
        insights: Arc<InsightsService>,
    ) -> Self {
        Self {
            curriculum,
            store,
            queue,
            limiter,
            clock,
            insights,
            failing_runs: moka::sync::Cache::builder()
                .max_capacity(5_000)
                .time_to_live(Duration::from_secs(1800))
                .build(),
            viewed: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(Duration::from_secs(24 * 3600))
                .build(),
            listeners: Vec::new(),
        }
    }

    /// Adds a listener told of every completion (see [`CompletionListener`]).
    pub fn with_listener(mut self, listener: Arc<dyn CompletionListener>) -> Self {
        self.listeners.push(listener);
        self
    }

    async fn notify_completed(&self, user: Uuid, item: &Item) {
        for listener in &self.listeners {
            listener.completed(user, item).await;
        }
    }

    pub fn insights(&self) -> &InsightsService {
        &self.insights
    }

    pub fn curriculum(&self) -> &Curriculum {
        &self.curriculum
    }

    /// An item by permanent id or by slug; unknown → 404.
    pub fn find(&self, id_or_slug: &str) -> LearningResult<&Item> {
        let by_id = Uuid::parse_str(id_or_slug)
            .ok()
            .and_then(|id| self.curriculum.item_by_id(id));
        by_id
            .or_else(|| self.curriculum.item(id_or_slug))
            .ok_or_else(|| not_found("No such lesson or exercise."))
    }

    pub fn find_by_id(&self, id: Uuid) -> LearningResult<&Item> {
        self.curriculum
            .item_by_id(id)
            .ok_or_else(|| not_found("No such lesson or exercise."))
    }

    pub fn track(&self, slug: &str) -> LearningResult<&Track> {
        self.curriculum
            .track(slug)
            .ok_or_else(|| not_found("No such track."))
    }

    /// The learner's progress by content id (empty for anonymous visitors).
    pub async fn progress_map(
        &self,
        user: Option<Uuid>,
    ) -> LearningResult<HashMap<Uuid, Progress>> {
        let Some(user) = user else {
            return Ok(HashMap::new());
        };
        // Every track and content page asks for this: read through the cache, which
        // every progress write of this learner invalidates (via `on_event`).
        let key = insights::progress_key(user);
        let cached = cache::get_json::<Vec<CachedProgress>>(self.insights.cache(), &key).await;
        let list = match cached {
            Some(list) => list
                .into_iter()
                .map(|c| Progress {
                    content_id: c.content_id,
                    progress_percentage: c.progress_percentage,
                    time_spent_seconds: c.time_spent_seconds,
                    completed_at: c.completed_at,
                    started_at: c.started_at,
                    updated_at: c.updated_at,
                })
                .collect(),
            None => {
                let list = self.store.list_progress(user).await?;
                let to_cache: Vec<CachedProgress> = list
                    .iter()
                    .map(|p| CachedProgress {
                        content_id: p.content_id,
                        progress_percentage: p.progress_percentage,
                        time_spent_seconds: p.time_spent_seconds,
                        completed_at: p.completed_at,
                        started_at: p.started_at,
                        updated_at: p.updated_at,
                    })
                    .collect();
                cache::set_json(self.insights.cache(), &key, &to_cache, PROGRESS_CACHE_TTL).await;
                list
            }
        };
        Ok(list.into_iter().map(|p| (p.content_id, p)).collect())
    }

    /// Slugs the learner has completed.
    pub fn completed_slugs(&self, progress: &HashMap<Uuid, Progress>) -> HashSet<String> {
        progress
            .values()
            .filter(|p| p.completed_at.is_some())
            .filter_map(|p| self.curriculum.item_by_id(p.content_id))
            .map(|i| i.slug.clone())
            .collect()
    }

    /// An item is locked until every prerequisite is completed.
    pub fn is_locked(item: &Item, completed: &HashSet<String>) -> bool {
        item.prerequisites.iter().any(|p| !completed.contains(p))
    }

    /// The item after `item` in its track's path.
    pub fn next_after(&self, item: &Item) -> Option<&Item> {
        let track = self.curriculum.track(&item.track)?;
        let mut path = self.curriculum.track_items(track);
        path.by_ref().find(|i| i.slug == item.slug)?;
        path.next()
    }

    pub async fn record_progress(
        &self,
        user: Uuid,
        item: &Item,
        update: ProgressUpdate,
    ) -> LearningResult<(Progress, bool)> {
        let complete = update.complete;
        let result = self
            .store
            .record_progress(user, item.id, update, self.clock.now())
            .await?;
        if complete {
            self.notify_completed(user, item).await;
        }
        self.insights
            .on_event(
                user,
                Event::Progress {
                    completed: result.1,
                },
            )
            .await;
        Ok(result)
    }

    /// Grades `code` against the exercise's tests in the sandbox; keeps the attempt;
    /// a pass completes the item.
    #[tracing::instrument(skip_all, fields(item = %item.slug), err(Debug))]
    pub async fn submit(
        &self,
        user: Uuid,
        item: &Item,
        language: &str,
        code: &str,
    ) -> LearningResult<Graded> {
        let Some(exercise) = item
            .exercise
            .as_ref()
            .filter(|_| item.kind == ItemKind::Exercise)
        else {
            return Err(not_found("No such exercise."));
        };
        if language != exercise.language.id() {
            return Err(invalid(
                "language",
                format!("this exercise is solved in {}", exercise.language.id()),
            ));
        }
        if code.len() > 64 * 1024 {
            return Err(invalid("code", "must be at most 64 KiB"));
        }
        if let Err(wait) = self.limiter.check(Bucket::Exec, &user.to_string()).await {
            return Err(CommonError::RateLimited {
                detail: "You have checked many times in a short while; the limit keeps the server fair for everyone.",
                wait,
            }
            .into());
        }
        let report = self
            .grade(exercise, code)
            .await
            .map_err(|err| CommonError::Queue {
                err,
                retry_after: self.queue.retry_after(Lane::Graded),
            })?;
        self.failing_runs.insert(
            (user, item.id, code_hash(code)),
            failing_run_facts(exercise, &report),
        );
        metrics::counter!("submissions_total", "language" => exercise.language.id(), "passed" => report.passed.to_string())
            .increment(1);
        let results = serde_json::to_value(&report.tests).map_err(CommonError::internal)?;
        let now = self.clock.now();
        let attempt = self
            .store
            .insert_submission(
                NewSubmission {
                    user_id: user,
                    content_id: item.id,
                    language,
                    code,
                    passed: report.passed,
                    results,
                },
                now,
            )
            .await?;
        let completed = if report.passed {
            let update = ProgressUpdate {
                progress_percentage: 100,
                time_spent_seconds: 0,
                complete: true,
            };
            self.store
                .record_progress(user, item.id, update, now)
                .await?
                .1
        } else {
            false
        };
        if report.passed {
            self.notify_completed(user, item).await;
        }
        self.insights
            .on_event(
                user,
                Event::Submission {
                    passed: report.passed,
                },
            )
            .await;
        Ok(Graded {
            report,
            completed,
            attempt: attempt.id,
        })
    }

    /// The test whose run a report's `execution` is: the first failing one, or the last one
    /// when all passed.
    pub fn run_test<'a>(
        &self,
        item: &'a Item,
        report: &GradeReport,
    ) -> Option<&'a codestead_curriculum::TestCase> {
        let tests = &item.exercise.as_ref()?.tests;
        match report.failed_test {
            Some(i) => tests.get(i),
            None if report.passed => tests.last(),
            None => None,
        }
    }

    /// Facts about `code`'s first failing test, for the tutor: from the learner's last check of
    /// this code, or by grading it now (not counted as an attempt). `None` when it passes, when
    /// there is no sandbox, or when the learner is over the execution rate.
    pub async fn failing_run_facts(
        &self,
        user: Uuid,
        item: &Item,
        language: &str,
        code: &str,
    ) -> Option<FailingRun> {
        let exercise = item.exercise.as_ref()?;
        if language != exercise.language.id() {
            return None;
        }
        let key = (user, item.id, code_hash(code));
        if let Some(found) = self.failing_runs.get(&key) {
            return found;
        }
        self.limiter
            .check(Bucket::Exec, &user.to_string())
            .await
            .ok()?;
        let report = self.grade(exercise, code).await.ok()?;
        let facts = failing_run_facts(exercise, &report);
        self.failing_runs.insert(key, facts.clone());
        facts
    }

    /// Grades `code` through the queue's graded lane.
    async fn grade(&self, exercise: &Exercise, code: &str) -> Result<GradeReport, QueueError> {
        grade_in(self.queue.as_ref(), Lane::Graded, exercise, code).await
    }

    /// The learner's graded attempts at `item`, newest first.
    pub async fn attempts(
        &self,
        user: Uuid,
        item: &Item,
    ) -> LearningResult<Vec<codestead_store::learning::Submission>> {
        Ok(self.store.list_submissions(user, item.id).await?)
    }

    pub async fn bookmark(&self, user: Uuid, item: &Item) -> LearningResult<()> {
        Ok(self
            .store
            .add_bookmark(user, item.id, self.clock.now())
            .await?)
    }

    pub async fn unbookmark(&self, user: Uuid, item: &Item) -> LearningResult<bool> {
        Ok(self.store.remove_bookmark(user, item.id).await?)
    }

    pub async fn bookmarks(
        &self,
        user: Uuid,
    ) -> LearningResult<Vec<(&Item, chrono::DateTime<chrono::Utc>)>> {
        Ok(self
            .store
            .list_bookmarks(user)
            .await?
            .into_iter()
            .filter_map(|(id, at)| self.curriculum.item_by_id(id).map(|i| (i, at)))
            .collect())
    }
}

fn code_hash(code: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    code.hash(&mut h);
    h.finish()
}

/// A graded submission's first failure, as the tutor needs it.
#[derive(Clone, Debug)]
pub struct FailingRun {
    pub facts: RunFacts,
    /// The index of the failing test in `tests.toml` (none for a compile error).
    pub test: Option<usize>,
}

/// The tutor's facts about a graded submission's first failing test. A hidden test's facts are
/// marked `hidden`: the tutor then names lines and variables but quotes no value of the run.
fn failing_run_facts(exercise: &Exercise, report: &GradeReport) -> Option<FailingRun> {
    if report.passed {
        return None;
    }
    let run = &report.execution;
    let lang = codestead_tutor::Lang::parse(exercise.language.id());
    if let Some(compile) = &report.compile_error {
        return Some(FailingRun {
            facts: RunFacts {
                status: Some("compile_error".into()),
                stderr: Some(codestead_tutor::facts::trim_error(lang, compile)),
                ..RunFacts::default()
            },
            test: None,
        });
    }
    let index = report.failed_test?;
    let test = exercise.tests.get(index)?;
    let facts = RunFacts {
        status: Some(run.status.id().to_owned()),
        exit_code: run.exit_code,
        signal: run.signal,
        stdout: Some(run.stdout.clone()),
        stderr: (!run.stderr.trim().is_empty())
            .then(|| codestead_tutor::facts::trim_error(lang, &run.stderr)),
        expected_output: Some(test.expected.clone()),
        hidden: !test.visible,
        ..RunFacts::default()
    };
    Some(FailingRun {
        facts,
        test: Some(index),
    })
}
