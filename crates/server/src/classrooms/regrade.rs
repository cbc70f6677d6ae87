//! Re-grading an assignment for the whole class after its exercise changed: every
//! student's newest attempt at each exercise the assignment covers (and every attempt
//! that counts as a pass; see `Store::regrade_candidates`) is graded again, through the
//! execution queue's bulk lane, so a teacher's re-grade never delays a learner's Run or
//! submission. The new verdict is kept beside the original on the attempt and the grid
//! reads it (`grid::Cells`).
//!
//! A re-grade is a job: the request starts it and answers at once with where it stands;
//! the job row (`regrades`) is updated as attempts are graded, so any API server can
//! report on it. A re-grade whose server died stops being updated and is reported
//! `interrupted`; starting again re-grades everything (a verdict is a pure function of the
//! code and the exercise, so grading twice is harmless). While one runs, asking again
//! returns it instead of starting a second.
//!
//! Not done here: a re-grade that turns a fail into a pass does not send a score to the
//! LMS (LTI AGS) and does not change the learner's own progress record; it changes the
//! class's view (grid, CSV, the student's assignment list).

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use uuid::Uuid;

use codestead_curriculum::ItemKind;
use codestead_store::classrooms::MemberRole;
use codestead_store::regrades::{Regrade, RegradeCounts};

use super::{ClassroomError, ClassroomResult, ClassroomService};
use crate::exec::queue::{Lane, QueueError};

/// Attempts graded at once by one re-grade: enough to keep a worker busy, few enough that
/// a re-grade never fills the queue's places (the in-process queue shares them by lane).
const PARALLEL: usize = 2;
/// A queue that refuses (full) is asked again after its `Retry-After`, this many times.
const ATTEMPTS: usize = 3;
/// A running re-grade not updated for this long was left by a server that stopped.
const STALE_AFTER: chrono::Duration = chrono::Duration::minutes(5);

/// Where a re-grade stands, as reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegradeState {
    Running,
    Done,
    /// It stopped being updated before it finished (its server stopped).
    Interrupted,
}

impl RegradeState {
    pub fn as_str(self) -> &'static str {
        match self {
            RegradeState::Running => "running",
            RegradeState::Done => "done",
            RegradeState::Interrupted => "interrupted",
        }
    }
}

/// A re-grade and its state.
#[derive(Clone, Debug)]
pub struct RegradeView {
    pub regrade: Regrade,
    pub state: RegradeState,
}

/// A started re-grade: its view and, when this call started it, the task grading.
pub struct StartedRegrade {
    pub view: RegradeView,
    pub task: Option<tokio::task::JoinHandle<()>>,
}

impl ClassroomService {
    fn regrade_view(&self, regrade: Regrade) -> RegradeView {
        let state = match regrade.status.as_str() {
            "done" => RegradeState::Done,
            _ if self.now() - regrade.updated_at > STALE_AFTER => RegradeState::Interrupted,
            _ => RegradeState::Running,
        };
        RegradeView { regrade, state }
    }

    /// The assignment's newest re-grade, for its teachers.
    pub async fn regrade_status(
        &self,
        assignment: Uuid,
        user: Uuid,
    ) -> ClassroomResult<RegradeView> {
        self.teacher_assignment(assignment, user).await?;
        let regrade = self
            .store
            .latest_regrade(assignment)
            .await?
            .ok_or(ClassroomError::NotFound("re-grade"))?;
        Ok(self.regrade_view(regrade))
    }

    /// Starts re-grading the assignment for its class's students (or returns the one
    /// already running). Teachers of the class only.
    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn start_regrade(
        self: &Arc<Self>,
        assignment: Uuid,
        user: Uuid,
    ) -> ClassroomResult<StartedRegrade> {
        let assignment = self.teacher_assignment(assignment, user).await?;
        if let Some(current) = self.store.latest_regrade(assignment.id).await? {
            let view = self.regrade_view(current);
            if view.state == RegradeState::Running {
                return Ok(StartedRegrade { view, task: None });
            }
        }
        let exercises: Vec<Uuid> = assignment
            .content_ids
            .iter()
            .copied()
            .filter(|id| {
                self.curriculum
                    .item_by_id(*id)
                    .is_some_and(|i| i.kind == ItemKind::Exercise && i.exercise.is_some())
            })
            .collect();
        let students: Vec<Uuid> = self
            .store
            .list_members(assignment.class_id)
            .await?
            .into_iter()
            .filter(|m| m.role == MemberRole::Student)
            .map(|m| m.user_id)
            .collect();
        let attempts = self.store.regrade_candidates(&students, &exercises).await?;
        let regrade = self
            .store
            .create_regrade(assignment.id, user, attempts.len() as i32, self.now())
            .await?;
        metrics::counter!("regrades_total").increment(1);
        let service = self.clone();
        let id = regrade.id;
        let task = tokio::spawn(async move {
            service.run_regrade(id, attempts).await;
        });
        Ok(StartedRegrade {
            view: self.regrade_view(regrade),
            task: Some(task),
        })
    }

    /// Grades each attempt again and records its verdict; the job row follows along.
    async fn run_regrade(&self, id: Uuid, attempts: Vec<Uuid>) {
        let mut counts = RegradeCounts::default();
        let mut graded = futures::stream::iter(attempts)
            .map(|attempt| self.regrade_one(attempt))
            .buffer_unordered(PARALLEL);
        while let Some(verdict) = graded.next().await {
            counts.graded += 1;
            match verdict {
                Some(true) => counts.passed += 1,
                Some(false) => counts.failed += 1,
                None => counts.errors += 1,
            }
            if let Err(e) = self
                .store
                .update_regrade(id, counts, false, self.now())
                .await
            {
                tracing::warn!(error = %e, regrade = %id, "could not record a re-grade's progress");
            }
        }
        if let Err(e) = self
            .store
            .update_regrade(id, counts, true, self.now())
            .await
        {
            tracing::error!(error = %e, regrade = %id, "could not finish a re-grade");
        }
    }

    /// One attempt graded again: its verdict, or `None` when it could not be graded (the
    /// error is counted; the attempt keeps its previous verdict).
    async fn regrade_one(&self, attempt: Uuid) -> Option<bool> {
        let queue = self.queue.as_ref()?;
        let (_, submission) = self.store.find_submission(attempt).await.ok()??;
        let exercise = self
            .curriculum
            .item_by_id(submission.content_id)?
            .exercise
            .as_ref()?;
        let mut tries = 0;
        let report = loop {
            tries += 1;
            match crate::learning::grade_in(queue.as_ref(), Lane::Bulk, exercise, &submission.code)
                .await
            {
                Ok(report) => break report,
                // Full or expired: the fleet is busy with learners; wait as it asks.
                Err(QueueError::Full | QueueError::Expired) if tries < ATTEMPTS => {
                    let wait = queue.retry_after(Lane::Bulk).min(Duration::from_secs(30));
                    tokio::time::sleep(wait).await;
                }
                Err(e) => {
                    tracing::warn!(attempt = %attempt, error = %e.code(), "a re-grade could not grade an attempt");
                    return None;
                }
            }
        };
        let results = serde_json::to_value(&report.tests).ok()?;
        if let Err(e) = self
            .store
            .set_regraded(attempt, report.passed, results, self.now())
            .await
        {
            tracing::warn!(error = %e, attempt = %attempt, "could not keep a re-grade's verdict");
            return None;
        }
        Some(report.passed)
    }
}
