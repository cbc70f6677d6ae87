//! Learning: the curriculum (loaded from the embedded copy or a school's directory)
//! joined with each learner's progress; grading of submissions in the sandbox;
//! prerequisites, the next item in a path, bookmarks.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use codestead_curriculum::{Curriculum, GradeReport, Item, ItemKind, Track};
use codestead_sandbox::Sandbox;
use codestead_store::Store;
use codestead_store::learning::{NewSubmission, Progress, ProgressUpdate};

use crate::error::{ApiError, ApiResult};
use crate::platform::clock::Clock;
use crate::platform::ratelimit::{Bucket, RateLimiter};

pub struct LearningService {
    curriculum: Arc<Curriculum>,
    store: Store,
    sandbox: Option<Sandbox>,
    limiter: Arc<dyn RateLimiter>,
    clock: Arc<dyn Clock>,
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
        sandbox: Option<Sandbox>,
        limiter: Arc<dyn RateLimiter>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            curriculum,
            store,
            sandbox,
            limiter,
            clock,
        }
    }

    pub fn curriculum(&self) -> &Curriculum {
        &self.curriculum
    }

    /// An item by permanent id or by slug; unknown → 404.
    pub fn find(&self, id_or_slug: &str) -> ApiResult<&Item> {
        let by_id = Uuid::parse_str(id_or_slug)
            .ok()
            .and_then(|id| self.curriculum.item_by_id(id));
        by_id
            .or_else(|| self.curriculum.item(id_or_slug))
            .ok_or_else(|| ApiError::not_found("No such lesson or exercise."))
    }

    pub fn find_by_id(&self, id: Uuid) -> ApiResult<&Item> {
        self.curriculum
            .item_by_id(id)
            .ok_or_else(|| ApiError::not_found("No such lesson or exercise."))
    }

    pub fn track(&self, slug: &str) -> ApiResult<&Track> {
        self.curriculum
            .track(slug)
            .ok_or_else(|| ApiError::not_found("No such track."))
    }

    /// The learner's progress by content id (empty for anonymous visitors).
    pub async fn progress_map(&self, user: Option<Uuid>) -> ApiResult<HashMap<Uuid, Progress>> {
        let Some(user) = user else {
            return Ok(HashMap::new());
        };
        Ok(self
            .store
            .list_progress(user)
            .await?
            .into_iter()
            .map(|p| (p.content_id, p))
            .collect())
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
    ) -> ApiResult<(Progress, bool)> {
        Ok(self
            .store
            .record_progress(user, item.id, update, self.clock.now())
            .await?)
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
    ) -> ApiResult<Graded> {
        let Some(exercise) = item
            .exercise
            .as_ref()
            .filter(|_| item.kind == ItemKind::Exercise)
        else {
            return Err(ApiError::not_found("No such exercise."));
        };
        if language != exercise.language.id() {
            return Err(ApiError::field(
                "language",
                format!("this exercise is solved in {}", exercise.language.id()),
            ));
        }
        if code.len() > 64 * 1024 {
            return Err(ApiError::field("code", "must be at most 64 KiB"));
        }
        let Some(sandbox) = &self.sandbox else {
            return Err(ApiError::unavailable(
                "sandbox_unavailable",
                "Code execution is not available on this server.",
                Duration::from_secs(60),
            ));
        };
        if let Err(wait) = self.limiter.check(Bucket::Exec, &user.to_string()) {
            return Err(ApiError::too_many(
                "rate_limited",
                "You are checking very often; wait a moment and try again.",
                wait,
            ));
        }
        // Boxed: the grading future is large, and on the stack it overflows debug builds.
        let report = Box::pin(codestead_curriculum::grade(sandbox, exercise, code)).await;
        metrics::counter!("submissions_total", "language" => exercise.language.id(), "passed" => report.passed.to_string())
            .increment(1);
        let results = serde_json::to_value(&report.tests).map_err(ApiError::internal)?;
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
        Ok(Graded {
            report,
            completed,
            attempt: attempt.id,
        })
    }

    pub async fn bookmark(&self, user: Uuid, item: &Item) -> ApiResult<()> {
        Ok(self
            .store
            .add_bookmark(user, item.id, self.clock.now())
            .await?)
    }

    pub async fn unbookmark(&self, user: Uuid, item: &Item) -> ApiResult<bool> {
        Ok(self.store.remove_bookmark(user, item.id).await?)
    }

    pub async fn bookmarks(
        &self,
        user: Uuid,
    ) -> ApiResult<Vec<(&Item, chrono::DateTime<chrono::Utc>)>> {
        Ok(self
            .store
            .list_bookmarks(user)
            .await?
            .into_iter()
            .filter_map(|(id, at)| self.curriculum.item_by_id(id).map(|i| (i, at)))
            .collect())
    }
}
