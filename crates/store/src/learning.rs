//! Learner data about curriculum items: progress (monotonic: a later write never lowers
//! the percentage, the time spent, or undoes a completion), submissions and bookmarks.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entity::{bookmark, progress, submission};
use crate::{Store, StoreError};

#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub content_id: Uuid,
    pub progress_percentage: i32,
    pub time_spent_seconds: i64,
    pub completed_at: Option<DateTime<Utc>>,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn to_progress(m: progress::Model) -> Progress {
    Progress {
        content_id: m.content_id,
        progress_percentage: m.progress_percentage,
        time_spent_seconds: m.time_spent_seconds,
        completed_at: m.completed_at,
        started_at: m.started_at,
        updated_at: m.updated_at,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    pub id: Uuid,
    pub content_id: Uuid,
    pub language: String,
    pub code: String,
    pub passed: bool,
    pub results: serde_json::Value,
    pub created_at: DateTime<Utc>,
    /// The newest re-grade's verdict on this code, when a teacher re-graded it.
    pub regrade: Option<Regraded>,
}

/// A re-grade's verdict on an attempt: the attempt's code judged by the exercise as it is
/// now. The original verdict stays what the learner was told at the time.
#[derive(Clone, Debug, PartialEq)]
pub struct Regraded {
    pub passed: bool,
    pub results: serde_json::Value,
    pub at: DateTime<Utc>,
}

impl Submission {
    /// The verdict that counts now: the re-grade's when there is one.
    pub fn effective_passed(&self) -> bool {
        self.regrade.as_ref().map_or(self.passed, |r| r.passed)
    }

    pub fn effective_results(&self) -> &serde_json::Value {
        self.regrade.as_ref().map_or(&self.results, |r| &r.results)
    }
}

pub(crate) fn to_submission(m: submission::Model) -> Submission {
    let regrade = match (m.regraded_passed, m.regraded_results, m.regraded_at) {
        (Some(passed), Some(results), Some(at)) => Some(Regraded {
            passed,
            results,
            at,
        }),
        _ => None,
    };
    Submission {
        regrade,
        id: m.id,
        content_id: m.content_id,
        language: m.language,
        code: m.code,
        passed: m.passed,
        results: m.results,
        created_at: m.created_at,
    }
}

/// A graded attempt to keep.
#[derive(Clone, Debug)]
pub struct NewSubmission<'a> {
    pub user_id: Uuid,
    pub content_id: Uuid,
    pub language: &'a str,
    pub code: &'a str,
    pub passed: bool,
    pub results: serde_json::Value,
}

/// What a progress write asks for; the store keeps the larger of old and new.
#[derive(Clone, Copy, Debug)]
pub struct ProgressUpdate {
    pub progress_percentage: i32,
    pub time_spent_seconds: i64,
    pub complete: bool,
}

impl Store {
    /// Records progress monotonically. Returns the stored state and whether this write
    /// completed the item for the first time.
    #[tracing::instrument(skip_all, err)]
    pub async fn record_progress(
        &self,
        user_id: Uuid,
        content_id: Uuid,
        update: ProgressUpdate,
        now: DateTime<Utc>,
    ) -> Result<(Progress, bool), StoreError> {
        // Two first writes racing on the primary key: the loser retries as an update.
        for _ in 0..2 {
            match self
                .try_record_progress(user_id, content_id, update, now)
                .await
            {
                Err(StoreError::Conflict { .. }) => continue,
                other => return other,
            }
        }
        self.try_record_progress(user_id, content_id, update, now)
            .await
    }

    async fn try_record_progress(
        &self,
        user_id: Uuid,
        content_id: Uuid,
        update: ProgressUpdate,
        now: DateTime<Utc>,
    ) -> Result<(Progress, bool), StoreError> {
        let txn = self.begin_write().await?;
        let existing = progress::Entity::find_by_id((user_id, content_id))
            .one(&txn)
            .await?;
        let percentage = if update.complete {
            100
        } else {
            update.progress_percentage
        };
        let (model, newly_completed) = match existing {
            None => {
                let completed_at = update.complete.then_some(now);
                let model = progress::ActiveModel {
                    user_id: Set(user_id),
                    content_id: Set(content_id),
                    progress_percentage: Set(percentage),
                    time_spent_seconds: Set(update.time_spent_seconds),
                    completed_at: Set(completed_at),
                    started_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await
                .map_err(|e| StoreError::from_write(e, &["progress", "PRIMARY", "content_id"]))?;
                (model, update.complete)
            }
            Some(old) => {
                let newly_completed = update.complete && old.completed_at.is_none();
                let completed_at = old.completed_at.or(update.complete.then_some(now));
                let percentage = if completed_at.is_some() {
                    100
                } else {
                    old.progress_percentage.max(percentage)
                };
                let time = old.time_spent_seconds.max(update.time_spent_seconds);
                let mut active = old.into_active_model();
                active.progress_percentage = Set(percentage);
                active.time_spent_seconds = Set(time);
                active.completed_at = Set(completed_at);
                active.updated_at = Set(now);
                (active.update(&txn).await?, newly_completed)
            }
        };
        // Every progress write counts as activity for streaks (the row itself keeps
        // only the latest time).
        txn.execute_raw(self.stmt(
            "INSERT INTO learning_activity (user_id, bucket) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            [
                sea_orm::Value::from(user_id),
                sea_orm::Value::from(crate::insights::bucket_of(now)),
            ],
        ))
        .await?;
        txn.commit().await?;
        Ok((to_progress(model), newly_completed))
    }

    pub async fn list_progress(&self, user_id: Uuid) -> Result<Vec<Progress>, StoreError> {
        Ok(progress::Entity::find()
            .filter(progress::Column::UserId.eq(user_id))
            .order_by_desc(progress::Column::UpdatedAt)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_progress)
            .collect())
    }

    /// Items in progress, most recently touched first: not completed, and with something
    /// done — reading progress above 0 % or at least one checked attempt (a submission).
    /// An item merely opened (a row at 0 %, no attempt) is not in progress. Whether an
    /// item is locked is the curriculum's business: the caller drops locked ones.
    pub async fn list_in_progress(
        &self,
        user_id: Uuid,
        limit: u64,
    ) -> Result<Vec<Progress>, StoreError> {
        let attempted = sea_orm::sea_query::Query::select()
            .column(submission::Column::ContentId)
            .from(submission::Entity)
            .and_where(submission::Column::UserId.eq(user_id))
            .to_owned();
        Ok(progress::Entity::find()
            .filter(progress::Column::UserId.eq(user_id))
            .filter(progress::Column::CompletedAt.is_null())
            .filter(
                sea_orm::Condition::any()
                    .add(progress::Column::ProgressPercentage.gt(0))
                    .add(progress::Column::ContentId.in_subquery(attempted)),
            )
            .order_by_desc(progress::Column::UpdatedAt)
            .limit(limit)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_progress)
            .collect())
    }

    pub async fn completed_count(&self, user_id: Uuid) -> Result<i64, StoreError> {
        let n = progress::Entity::find()
            .filter(progress::Column::UserId.eq(user_id))
            .filter(progress::Column::CompletedAt.is_not_null())
            .count(self.conn())
            .await?;
        Ok(n as i64)
    }

    pub async fn insert_submission(
        &self,
        new: NewSubmission<'_>,
        now: DateTime<Utc>,
    ) -> Result<Submission, StoreError> {
        let model = submission::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(new.user_id),
            content_id: Set(new.content_id),
            language: Set(new.language.to_owned()),
            code: Set(new.code.to_owned()),
            passed: Set(new.passed),
            results: Set(new.results),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(self.conn())
        .await?;
        Ok(to_submission(model))
    }

    /// The learner's attempts at one item, newest first.
    pub async fn list_submissions(
        &self,
        user_id: Uuid,
        content_id: Uuid,
    ) -> Result<Vec<Submission>, StoreError> {
        Ok(submission::Entity::find()
            .filter(submission::Column::UserId.eq(user_id))
            .filter(submission::Column::ContentId.eq(content_id))
            .order_by_desc(submission::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_submission)
            .collect())
    }

    /// Idempotent: bookmarking twice keeps one bookmark.
    pub async fn add_bookmark(
        &self,
        user_id: Uuid,
        content_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if bookmark::Entity::find_by_id((user_id, content_id))
            .one(self.conn())
            .await?
            .is_some()
        {
            return Ok(());
        }
        let inserted = bookmark::ActiveModel {
            user_id: Set(user_id),
            content_id: Set(content_id),
            created_at: Set(now),
        }
        .insert(self.conn())
        .await;
        match inserted {
            Ok(_) => Ok(()),
            // A concurrent identical bookmark won the race: the result is the same.
            Err(e)
                if matches!(
                    e.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    pub async fn remove_bookmark(
        &self,
        user_id: Uuid,
        content_id: Uuid,
    ) -> Result<bool, StoreError> {
        let result = bookmark::Entity::delete_many()
            .filter(bookmark::Column::UserId.eq(user_id))
            .filter(bookmark::Column::ContentId.eq(content_id))
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Bookmarked content ids with when, newest first.
    pub async fn list_bookmarks(
        &self,
        user_id: Uuid,
    ) -> Result<Vec<(Uuid, DateTime<Utc>)>, StoreError> {
        Ok(bookmark::Entity::find()
            .filter(bookmark::Column::UserId.eq(user_id))
            .order_by_desc(bookmark::Column::CreatedAt)
            .all(self.conn())
            .await?
            .into_iter()
            .map(|b| (b.content_id, b.created_at))
            .collect())
    }
}
