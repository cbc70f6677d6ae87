//! The teacher's grid: students × assignments, each cell one of done, in progress,
//! failing tests or not started, and marked late. It is built from two grouped queries
//! (progress rows, and attempts counted per student and item; see `Store::cell_progress`
//! and `Store::cell_attempts`) whatever the class's size — never a query per cell.
//!
//! Rules, where the issue leaves them open:
//! - An item is done once completed (a lesson marked complete, an exercise passed).
//!   An assignment is done when every item it covers is.
//! - Late: done after the due date, or not done and the due date has passed. When the
//!   teacher refuses late work (`allowLate: false`), work finished after the due date does
//!   not count: the cell stays as it was (failing or in progress) and late. The learner can
//!   still do the exercise — the curriculum stays open for learning — the class just does
//!   not count it.
//! - Failing: not done, and at least one failed attempt at an item not done.
//! - Stuck: at least `attempts` failed attempts at one unfinished item of an opened
//!   assignment, or no activity on the class's opened, unfinished work for `days` days
//!   (counted from joining when there was none).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::classrooms::{Assignment, CellAttempts, CellProgress, CellScope, Member};

use super::{ClassroomError, ClassroomResult, ClassroomService};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    Done,
    InProgress,
    Failing,
    NotStarted,
}

impl CellStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CellStatus::Done => "done",
            CellStatus::InProgress => "in_progress",
            CellStatus::Failing => "failing",
            CellStatus::NotStarted => "not_started",
        }
    }
}

/// One student's standing on one assignment.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub status: CellStatus,
    pub late: bool,
    pub completed_items: usize,
    pub total_items: usize,
    pub attempts: i64,
    pub failed_attempts: i64,
    /// The most failed attempts at one unfinished item.
    pub max_failed_unfinished: i64,
    pub time_spent_seconds: i64,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// Both halves of every (learner, item) pair a read covered.
#[derive(Default)]
pub struct Cells {
    progress: HashMap<(Uuid, Uuid), CellProgress>,
    attempts: HashMap<(Uuid, Uuid), CellAttempts>,
}

impl Cells {
    pub fn new(progress: Vec<CellProgress>, attempts: Vec<CellAttempts>) -> Self {
        Self {
            progress: progress
                .into_iter()
                .map(|p| ((p.user_id, p.content_id), p))
                .collect(),
            attempts: attempts
                .into_iter()
                .map(|a| ((a.user_id, a.content_id), a))
                .collect(),
        }
    }

    pub async fn load(store: &Store, scope: CellScope, content: &[Uuid]) -> ClassroomResult<Self> {
        let progress = store.cell_progress(scope, content).await?;
        let attempts = store.cell_attempts(scope, content).await?;
        Ok(Self::new(progress, attempts))
    }

    pub fn cell(&self, user: Uuid, assignment: &Assignment, now: DateTime<Utc>) -> Cell {
        let due = assignment.due_at;
        let mut cell = Cell {
            status: CellStatus::NotStarted,
            late: false,
            completed_items: 0,
            total_items: assignment.content_ids.len(),
            attempts: 0,
            failed_attempts: 0,
            max_failed_unfinished: 0,
            time_spent_seconds: 0,
            last_activity_at: None,
            completed_at: None,
        };
        let mut started = false;
        let mut failing = false;
        for content in &assignment.content_ids {
            let p = self.progress.get(&(user, *content));
            let a = self.attempts.get(&(user, *content));
            // After a re-grade the attempts' verdicts alone decide: the progress row still
            // says what the old tests accepted.
            let completed = match a {
                Some(a) if a.regraded => a.first_pass_at,
                _ => p
                    .and_then(|p| p.completed_at)
                    .or(a.and_then(|a| a.first_pass_at)),
            };
            let counted =
                completed.filter(|at| assignment.allow_late || due.is_none_or(|d| *at <= d));
            if let Some(at) = counted {
                cell.completed_items += 1;
                cell.completed_at = cell.completed_at.max(Some(at));
            }
            if let Some(p) = p {
                started |= p.progress_percentage > 0;
                cell.time_spent_seconds += p.time_spent_seconds;
                cell.last_activity_at = cell.last_activity_at.max(Some(p.updated_at));
            }
            if let Some(a) = a {
                started = true;
                cell.attempts += a.attempts;
                cell.failed_attempts += a.failed;
                cell.last_activity_at = cell.last_activity_at.max(Some(a.last_attempt_at));
                if counted.is_none() && a.failed > 0 {
                    failing = true;
                    cell.max_failed_unfinished = cell.max_failed_unfinished.max(a.failed);
                }
            }
            started |= completed.is_some();
        }
        let done = cell.completed_items == cell.total_items && cell.total_items > 0;
        cell.status = if done {
            CellStatus::Done
        } else if failing {
            CellStatus::Failing
        } else if started {
            CellStatus::InProgress
        } else {
            CellStatus::NotStarted
        };
        if !done {
            cell.completed_at = None;
        }
        cell.late = match due {
            Some(d) if done => cell.completed_at.is_some_and(|at| at > d),
            Some(d) => now > d,
            None => false,
        };
        cell
    }
}

/// What makes a student "stuck"; the defaults are a teacher's first guess, adjustable
/// per request.
#[derive(Clone, Copy, Debug)]
pub struct StuckRule {
    pub failed_attempts: i64,
    pub idle_days: i64,
}

impl Default for StuckRule {
    fn default() -> Self {
        Self {
            failed_attempts: 5,
            idle_days: 7,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stuck {
    /// This many failed attempts at one unfinished item.
    FailedAttempts(i64),
    /// No activity on unfinished work since then (or since joining).
    Idle { since: DateTime<Utc> },
}

#[derive(Clone, Debug)]
pub struct GridRow {
    pub student: Member,
    pub cells: Vec<Cell>,
    pub done: usize,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub stuck: Option<Stuck>,
}

#[derive(Clone, Debug)]
pub struct Grid {
    pub assignments: Vec<Assignment>,
    pub rows: Vec<GridRow>,
}

/// How the teacher sorts the rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GridSort {
    #[default]
    Name,
    /// Most assignments done first.
    Done,
    /// Least recently active first (never active first of all).
    Activity,
}

fn stuck(
    row: &GridRow,
    assignments: &[Assignment],
    rule: StuckRule,
    now: DateTime<Utc>,
) -> Option<Stuck> {
    let open: Vec<(&Assignment, &Cell)> = assignments
        .iter()
        .zip(&row.cells)
        .filter(|(a, c)| a.opens_at.is_none_or(|o| o <= now) && c.status != CellStatus::Done)
        .collect();
    let worst = open
        .iter()
        .map(|(_, c)| c.max_failed_unfinished)
        .max()
        .unwrap_or(0);
    if worst >= rule.failed_attempts {
        return Some(Stuck::FailedAttempts(worst));
    }
    if open.is_empty() {
        return None;
    }
    let since = open
        .iter()
        .filter_map(|(_, c)| c.last_activity_at)
        .max()
        .unwrap_or(row.student.joined_at);
    (now - since >= Duration::days(rule.idle_days)).then_some(Stuck::Idle { since })
}

/// A per-item reading of the newest failed attempt's first failing test.
pub fn first_failing_message(results: &serde_json::Value) -> Option<String> {
    results.as_array()?.iter().find_map(|t| {
        if t.get("passed").and_then(|p| p.as_bool()) == Some(false) {
            let name = t.get("name").and_then(|n| n.as_str()).unwrap_or("a test");
            Some(match t.get("message").and_then(|m| m.as_str()) {
                Some(m) if !m.is_empty() => format!("{name}: {m}"),
                _ => format!("{name} failed"),
            })
        } else {
            None
        }
    })
}

/// Per-assignment detail of one student.
#[derive(Clone, Debug)]
pub struct StudentAssignmentDetail {
    pub assignment: Assignment,
    pub cell: Cell,
    pub last_failed_submission: Option<Uuid>,
    pub last_failing_message: Option<String>,
}

#[derive(Clone, Debug)]
pub struct StudentDetail {
    pub student: Member,
    pub assignments: Vec<StudentAssignmentDetail>,
    pub time_spent_seconds: i64,
    pub attempts: i64,
    /// Questions asked the tutor (the count only).
    pub tutor_questions: i64,
    pub stuck: Option<Stuck>,
}

fn all_content(assignments: &[Assignment]) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = assignments
        .iter()
        .flat_map(|a| a.content_ids.iter().copied())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// One learner's cells for their own view ("my assignments").
pub struct StudentCells {
    user: Uuid,
    cells: Cells,
}

impl StudentCells {
    pub async fn load(store: &Store, user: Uuid, content: &[Uuid]) -> ClassroomResult<Self> {
        Ok(Self {
            user,
            cells: Cells::load(store, CellScope::Learner(user), content).await?,
        })
    }

    pub fn cell(&self, assignment: &Assignment, now: DateTime<Utc>) -> Cell {
        self.cells.cell(self.user, assignment, now)
    }
}

impl ClassroomService {
    /// The class's grid, for its teachers.
    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn grid(
        &self,
        class_id: Uuid,
        user: Uuid,
        rule: StuckRule,
        sort: GridSort,
    ) -> ClassroomResult<Grid> {
        self.as_teacher(class_id, user).await?;
        let now = self.now();
        let assignments = self.store.list_assignments(class_id).await?;
        let students: Vec<Member> = self
            .store
            .list_members(class_id)
            .await?
            .into_iter()
            .filter(|m| m.role == codestead_store::classrooms::MemberRole::Student)
            .collect();
        let cells = Cells::load(
            &self.store,
            CellScope::Class(class_id),
            &all_content(&assignments),
        )
        .await?;
        let mut rows: Vec<GridRow> = students
            .into_iter()
            .map(|student| {
                let row_cells: Vec<Cell> = assignments
                    .iter()
                    .map(|a| cells.cell(student.user_id, a, now))
                    .collect();
                let mut row = GridRow {
                    done: row_cells
                        .iter()
                        .filter(|c| c.status == CellStatus::Done)
                        .count(),
                    last_activity_at: row_cells.iter().filter_map(|c| c.last_activity_at).max(),
                    cells: row_cells,
                    student,
                    stuck: None,
                };
                row.stuck = stuck(&row, &assignments, rule, now);
                row
            })
            .collect();
        match sort {
            GridSort::Name => {}
            GridSort::Done => rows.sort_by_key(|r| std::cmp::Reverse(r.done)),
            GridSort::Activity => rows.sort_by_key(|r| r.last_activity_at),
        }
        Ok(Grid { assignments, rows })
    }

    /// One student of the class in detail, for its teachers.
    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn student_detail(
        &self,
        class_id: Uuid,
        user: Uuid,
        student: Uuid,
        rule: StuckRule,
    ) -> ClassroomResult<StudentDetail> {
        self.as_teacher(class_id, user).await?;
        let now = self.now();
        let member = self
            .store
            .list_members(class_id)
            .await?
            .into_iter()
            .find(|m| {
                m.user_id == student && m.role == codestead_store::classrooms::MemberRole::Student
            })
            .ok_or(ClassroomError::NotFound("student"))?;
        let assignments = self.store.list_assignments(class_id).await?;
        let content = all_content(&assignments);
        let cells = StudentCells::load(&self.store, student, &content).await?;
        let failed: HashMap<Uuid, codestead_store::classrooms::FailedAttempt> = self
            .store
            .last_failed_attempts(student, &content)
            .await?
            .into_iter()
            .map(|f| (f.content_id, f))
            .collect();
        let tutor_questions = self.store.tutor_question_count(student).await?;
        let details: Vec<StudentAssignmentDetail> = assignments
            .into_iter()
            .map(|assignment| {
                let cell = cells.cell(&assignment, now);
                // The newest failed attempt among the assignment's unfinished items.
                let newest = if cell.status == CellStatus::Done {
                    None
                } else {
                    assignment
                        .content_ids
                        .iter()
                        .filter_map(|c| failed.get(c))
                        .max_by_key(|f| f.created_at)
                };
                StudentAssignmentDetail {
                    last_failed_submission: newest.map(|f| f.submission_id),
                    last_failing_message: newest.and_then(|f| first_failing_message(&f.results)),
                    cell,
                    assignment,
                }
            })
            .collect();
        let row = GridRow {
            student: member.clone(),
            cells: details.iter().map(|d| d.cell.clone()).collect(),
            done: 0,
            last_activity_at: None,
            stuck: None,
        };
        let list: Vec<Assignment> = details.iter().map(|d| d.assignment.clone()).collect();
        Ok(StudentDetail {
            stuck: stuck(&row, &list, rule, now),
            time_spent_seconds: details.iter().map(|d| d.cell.time_spent_seconds).sum(),
            attempts: details.iter().map(|d| d.cell.attempts).sum(),
            tutor_questions,
            assignments: details,
            student: member,
        })
    }

    /// A student's attempt, for a teacher of a class the student is in whose assignments
    /// cover the item (a submission made for the class); anything else is a 404.
    pub async fn submission(
        &self,
        class_id: Uuid,
        user: Uuid,
        submission: Uuid,
    ) -> ClassroomResult<(Uuid, codestead_store::learning::Submission)> {
        self.as_teacher(class_id, user).await?;
        let not_found = ClassroomError::NotFound("submission");
        let Some((owner, found)) = self.store.find_submission(submission).await? else {
            return Err(not_found);
        };
        if self.store.member_role(class_id, owner).await?
            != Some(codestead_store::classrooms::MemberRole::Student)
        {
            return Err(not_found);
        }
        let assigned = self
            .store
            .list_assignments(class_id)
            .await?
            .iter()
            .any(|a| a.content_ids.contains(&found.content_id));
        if !assigned {
            return Err(not_found);
        }
        Ok((owner, found))
    }
}

/// The grid as CSV: one row per student, one column per assignment (its status, with
/// ` (late)` when late), then how many are done.
pub fn grid_csv(grid: &Grid) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["username".to_owned(), "name".to_owned()];
    header.extend(grid.assignments.iter().map(|a| a.title.clone()));
    header.push("done".to_owned());
    header.push("stuck".to_owned());
    w.write_record(&header)?;
    for row in &grid.rows {
        let mut record = vec![
            row.student.username.clone(),
            format!("{} {}", row.student.first_name, row.student.last_name)
                .trim()
                .to_owned(),
        ];
        for cell in &row.cells {
            let mut s = cell.status.as_str().to_owned();
            if cell.late {
                s.push_str(" (late)");
            }
            record.push(s);
        }
        record.push(format!("{}/{}", row.done, grid.assignments.len()));
        record.push(if row.stuck.is_some() { "yes" } else { "" }.to_owned());
        w.write_record(&record)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
