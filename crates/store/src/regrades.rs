//! Re-grades of a class's attempts (see `m0017_regrades`): the job rows any API server
//! reports on, which attempts a re-grade re-runs, and the re-grade's verdict kept beside
//! the original on each attempt.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entity::{regrade, submission};
use crate::{Store, StoreError};

/// A re-grade job as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Regrade {
    pub id: Uuid,
    pub assignment_id: Uuid,
    pub requested_by: Uuid,
    /// `running` or `done`.
    pub status: String,
    pub total: i32,
    pub graded: i32,
    pub passed: i32,
    pub failed: i32,
    /// Attempts the queue could not grade (no sandbox, queue refused three times).
    pub errors: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Where a running re-grade stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegradeCounts {
    pub graded: i32,
    pub passed: i32,
    pub failed: i32,
    pub errors: i32,
}

fn to_regrade(m: regrade::Model) -> Regrade {
    Regrade {
        id: m.id,
        assignment_id: m.assignment_id,
        requested_by: m.requested_by,
        status: m.status,
        total: m.total,
        graded: m.graded,
        passed: m.passed,
        failed: m.failed,
        errors: m.errors,
        created_at: m.created_at,
        updated_at: m.updated_at,
        finished_at: m.finished_at,
    }
}

impl Store {
    #[tracing::instrument(skip_all, err)]
    pub async fn create_regrade(
        &self,
        assignment_id: Uuid,
        requested_by: Uuid,
        total: i32,
        now: DateTime<Utc>,
    ) -> Result<Regrade, StoreError> {
        let model = regrade::ActiveModel {
            id: Set(Uuid::now_v7()),
            assignment_id: Set(assignment_id),
            requested_by: Set(requested_by),
            status: Set("running".into()),
            total: Set(total),
            graded: Set(0),
            passed: Set(0),
            failed: Set(0),
            errors: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            finished_at: Set(None),
        }
        .insert(self.conn())
        .await?;
        Ok(to_regrade(model))
    }

    /// The assignment's newest re-grade.
    pub async fn latest_regrade(&self, assignment_id: Uuid) -> Result<Option<Regrade>, StoreError> {
        Ok(regrade::Entity::find()
            .filter(regrade::Column::AssignmentId.eq(assignment_id))
            .order_by_desc(regrade::Column::Id)
            .one(self.conn())
            .await?
            .map(to_regrade))
    }

    /// Writes where a re-grade stands; `done` also finishes it.
    #[tracing::instrument(skip_all, err)]
    pub async fn update_regrade(
        &self,
        id: Uuid,
        counts: RegradeCounts,
        done: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut model = regrade::ActiveModel {
            id: Set(id),
            graded: Set(counts.graded),
            passed: Set(counts.passed),
            failed: Set(counts.failed),
            errors: Set(counts.errors),
            updated_at: Set(now),
            ..Default::default()
        };
        if done {
            model.status = Set("done".into());
            model.finished_at = Set(Some(now));
        }
        model.update(self.conn()).await?;
        Ok(())
    }

    /// The attempts a re-grade of `content_ids` re-runs for `students`: each student's
    /// newest attempt at each item, and every attempt that counts as a pass (originally or
    /// by an earlier re-grade) — a pass is what makes a grid cell done, so none may keep a
    /// verdict the exercise as it is now would not give. Newest first.
    #[tracing::instrument(skip_all, err)]
    pub async fn regrade_candidates(
        &self,
        students: &[Uuid],
        content_ids: &[Uuid],
    ) -> Result<Vec<Uuid>, StoreError> {
        if students.is_empty() || content_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(Uuid, Uuid, Uuid, bool, Option<bool>)> = submission::Entity::find()
            .select_only()
            .column(submission::Column::Id)
            .column(submission::Column::UserId)
            .column(submission::Column::ContentId)
            .column(submission::Column::Passed)
            .column(submission::Column::RegradedPassed)
            .filter(submission::Column::UserId.is_in(students.iter().copied()))
            .filter(submission::Column::ContentId.is_in(content_ids.iter().copied()))
            // Newest first by id (UUIDv7): the first seen per (student, item) is its newest.
            .order_by_desc(submission::Column::Id)
            .into_tuple()
            .all(self.conn())
            .await?;
        let mut seen = HashSet::new();
        Ok(rows
            .into_iter()
            .filter(|(_, user, content, passed, regraded)| {
                let newest = seen.insert((*user, *content));
                newest || *passed || *regraded == Some(true)
            })
            .map(|(id, ..)| id)
            .collect())
    }

    /// Keeps a re-grade's verdict on an attempt (the original stays as it was).
    #[tracing::instrument(skip_all, err)]
    pub async fn set_regraded(
        &self,
        submission_id: Uuid,
        passed: bool,
        results: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        submission::ActiveModel {
            id: Set(submission_id),
            regraded_passed: Set(Some(passed)),
            regraded_results: Set(Some(results)),
            regraded_at: Set(Some(now)),
            ..Default::default()
        }
        .update(self.conn())
        .await?;
        Ok(())
    }
}
