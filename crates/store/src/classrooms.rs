//! Classes, their members and assignments, and the two grouped reads behind a class's
//! progress grid. Who may do what is the server's rule (`classrooms` service); the store
//! keeps memberships idempotent (the primary key decides) and join codes unique (the
//! unique index decides, with no check-then-insert race).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, Value,
};
use uuid::Uuid;

use crate::entity::{assignment, class, class_member};
use crate::{Store, StoreError};

/// A member's place in a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberRole {
    Teacher,
    Student,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Teacher => "teacher",
            MemberRole::Student => "student",
        }
    }
    fn parse(value: &str) -> Self {
        if value == "teacher" {
            MemberRole::Teacher
        } else {
            MemberRole::Student
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Class {
    pub id: Uuid,
    pub name: String,
    pub join_code: String,
    pub join_code_expires_at: Option<DateTime<Utc>>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn to_class(m: class::Model) -> Class {
    Class {
        id: m.id,
        name: m.name,
        join_code: m.join_code,
        join_code_expires_at: m.join_code_expires_at,
        created_by: m.created_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// One of a user's classes, with their role in it and its size.
#[derive(Clone, Debug)]
pub struct ClassMembership {
    pub class: Class,
    pub role: MemberRole,
    pub students: i64,
}

/// A member with the names a teacher needs to recognise them.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub user_id: Uuid,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub role: MemberRole,
    pub joined_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub id: Uuid,
    pub class_id: Uuid,
    /// `item` or `module`.
    pub kind: String,
    pub target: String,
    pub title: String,
    pub content_ids: Vec<Uuid>,
    pub opens_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub allow_late: bool,
    pub allowed_languages: Vec<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn to_assignment(m: assignment::Model) -> Assignment {
    Assignment {
        id: m.id,
        class_id: m.class_id,
        kind: m.kind,
        target: m.target,
        title: m.title,
        content_ids: serde_json::from_value(m.content_ids).unwrap_or_default(),
        opens_at: m.opens_at,
        due_at: m.due_at,
        allow_late: m.allow_late,
        allowed_languages: serde_json::from_value(m.allowed_languages).unwrap_or_default(),
        created_by: m.created_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

#[derive(Clone, Debug)]
pub struct NewAssignment {
    pub class_id: Uuid,
    pub kind: String,
    pub target: String,
    pub title: String,
    pub content_ids: Vec<Uuid>,
    pub opens_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub allow_late: bool,
    pub allowed_languages: Vec<String>,
    pub created_by: Uuid,
}

/// A partial update; `None` leaves a field alone, `Some(None)` clears a date.
#[derive(Clone, Debug, Default)]
pub struct AssignmentPatch {
    pub title: Option<String>,
    pub opens_at: Option<Option<DateTime<Utc>>>,
    pub due_at: Option<Option<DateTime<Utc>>>,
    pub allow_late: Option<bool>,
    pub allowed_languages: Option<Vec<String>>,
}

/// A partial update of a class.
#[derive(Clone, Debug, Default)]
pub struct ClassPatch {
    pub name: Option<String>,
    pub join_code: Option<String>,
    pub join_code_expires_at: Option<Option<DateTime<Utc>>>,
}

/// One student's reading progress on one item (a grid cell's first half).
#[derive(Clone, Debug, PartialEq)]
pub struct CellProgress {
    pub user_id: Uuid,
    pub content_id: Uuid,
    pub progress_percentage: i32,
    pub time_spent_seconds: i64,
    pub completed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// One student's attempts at one exercise, counted (a grid cell's second half).
#[derive(Clone, Debug, PartialEq)]
pub struct CellAttempts {
    pub user_id: Uuid,
    pub content_id: Uuid,
    pub attempts: i64,
    pub failed: i64,
    pub first_pass_at: Option<DateTime<Utc>>,
    pub last_attempt_at: DateTime<Utc>,
    /// Some attempt was re-graded by a teacher: the attempts' verdicts (re-grades
    /// counted over the originals) alone then say whether the item is done.
    pub regraded: bool,
}

/// The newest failed attempt of a student at an item.
#[derive(Clone, Debug, PartialEq)]
pub struct FailedAttempt {
    pub submission_id: Uuid,
    pub content_id: Uuid,
    pub results: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// Whose cells a grid read covers: a class's students, or one learner (their own view).
#[derive(Clone, Copy, Debug)]
pub enum CellScope {
    Class(Uuid),
    Learner(Uuid),
}

impl CellScope {
    /// The FROM-and-WHERE head joining `table` (alias `t`) to the scope; binds `$1`.
    fn head(self, table: &str) -> String {
        match self {
            CellScope::Class(_) => format!(
                "FROM class_members m JOIN {table} t ON t.user_id = m.user_id \
                 WHERE m.class_id = $1 AND m.role = 'student'"
            ),
            CellScope::Learner(_) => format!("FROM {table} t WHERE t.user_id = $1"),
        }
    }

    fn id(self) -> Uuid {
        match self {
            CellScope::Class(id) | CellScope::Learner(id) => id,
        }
    }
}

/// `$n, $n+1, …` placeholders for a bound list starting at `first`.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Creates a class with its creator as its first teacher, in one transaction.
    #[tracing::instrument(skip_all, err)]
    pub async fn create_class(
        &self,
        name: &str,
        join_code: &str,
        join_code_expires_at: Option<DateTime<Utc>>,
        creator: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Class, StoreError> {
        let txn = self.begin_write().await?;
        let model = class::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(name.to_owned()),
            join_code: Set(join_code.to_owned()),
            join_code_expires_at: Set(join_code_expires_at),
            created_by: Set(creator),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::from_write(e, &["join_code"]))?;
        class_member::ActiveModel {
            class_id: Set(model.id),
            user_id: Set(creator),
            role: Set(MemberRole::Teacher.as_str().to_owned()),
            joined_at: Set(now),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(to_class(model))
    }

    pub async fn find_class(&self, id: Uuid) -> Result<Option<Class>, StoreError> {
        Ok(class::Entity::find_by_id(id)
            .one(self.conn())
            .await?
            .map(to_class))
    }

    /// The class whose join code this is (codes are stored upper-case).
    pub async fn class_by_join_code(&self, code: &str) -> Result<Option<Class>, StoreError> {
        Ok(class::Entity::find()
            .filter(class::Column::JoinCode.eq(code))
            .one(self.conn())
            .await?
            .map(to_class))
    }

    /// Applies `patch`; a join code another class has is a conflict on `join_code`.
    #[tracing::instrument(skip_all, err)]
    pub async fn update_class(
        &self,
        id: Uuid,
        patch: ClassPatch,
        now: DateTime<Utc>,
    ) -> Result<Class, StoreError> {
        let Some(existing) = class::Entity::find_by_id(id).one(self.conn()).await? else {
            return Err(StoreError::NotFound);
        };
        let mut active = existing.into_active_model();
        if let Some(name) = patch.name {
            active.name = Set(name);
        }
        if let Some(code) = patch.join_code {
            active.join_code = Set(code);
        }
        if let Some(expires) = patch.join_code_expires_at {
            active.join_code_expires_at = Set(expires);
        }
        active.updated_at = Set(now);
        let model = active
            .update(self.conn())
            .await
            .map_err(|e| StoreError::from_write(e, &["join_code"]))?;
        Ok(to_class(model))
    }

    /// Deletes a class with its memberships and assignments (the learners' own progress
    /// and attempts stay theirs).
    pub async fn delete_class(&self, id: Uuid) -> Result<bool, StoreError> {
        let txn = self.begin_write().await?;
        assignment::Entity::delete_many()
            .filter(assignment::Column::ClassId.eq(id))
            .exec(&txn)
            .await?;
        class_member::Entity::delete_many()
            .filter(class_member::Column::ClassId.eq(id))
            .exec(&txn)
            .await?;
        let result = class::Entity::delete_by_id(id).exec(&txn).await?;
        txn.commit().await?;
        Ok(result.rows_affected > 0)
    }

    /// The user's role in the class, if they are a member.
    pub async fn member_role(
        &self,
        class_id: Uuid,
        user_id: Uuid,
    ) -> Result<Option<MemberRole>, StoreError> {
        Ok(class_member::Entity::find_by_id((class_id, user_id))
            .one(self.conn())
            .await?
            .map(|m| MemberRole::parse(&m.role)))
    }

    /// Adds a member; an existing member keeps the role they have. `true` when added now.
    #[tracing::instrument(skip_all, err)]
    pub async fn add_member(
        &self,
        class_id: Uuid,
        user_id: Uuid,
        role: MemberRole,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let result = self
            .conn()
            .execute_raw(self.stmt(
                "INSERT INTO class_members (class_id, user_id, role, joined_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                [
                    Value::from(class_id),
                    Value::from(user_id),
                    Value::from(role.as_str()),
                    Value::from(now),
                ],
            ))
            .await?;
        Ok(result.rows_affected() > 0)
    }

    pub async fn remove_member(&self, class_id: Uuid, user_id: Uuid) -> Result<bool, StoreError> {
        let result = class_member::Entity::delete_many()
            .filter(class_member::Column::ClassId.eq(class_id))
            .filter(class_member::Column::UserId.eq(user_id))
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// How many teachers the class has (the last one may not leave).
    pub async fn teacher_count(&self, class_id: Uuid) -> Result<i64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(class_member::Entity::find()
            .filter(class_member::Column::ClassId.eq(class_id))
            .filter(class_member::Column::Role.eq(MemberRole::Teacher.as_str()))
            .count(self.conn())
            .await? as i64)
    }

    /// The user's classes, newest first, with their role and each class's student count.
    #[tracing::instrument(skip_all, err)]
    pub async fn classes_of(&self, user_id: Uuid) -> Result<Vec<ClassMembership>, StoreError> {
        let rows = self
            .conn()
            .query_all_raw(self.stmt(
                "SELECT c.id, m.role, \
                   (SELECT COUNT(*) FROM class_members s WHERE s.class_id = c.id AND s.role = 'student') AS students \
                 FROM class_members m JOIN classes c ON c.id = m.class_id \
                 WHERE m.user_id = $1",
                [Value::from(user_id)],
            ))
            .await?;
        let mut meta: HashMap<Uuid, (MemberRole, i64)> = HashMap::new();
        for r in rows {
            let role: String = r.try_get_by("role")?;
            meta.insert(
                r.try_get_by("id")?,
                (MemberRole::parse(&role), r.try_get_by("students")?),
            );
        }
        let classes = class::Entity::find()
            .filter(class::Column::Id.is_in(meta.keys().copied()))
            .order_by_desc(class::Column::CreatedAt)
            .order_by_desc(class::Column::Id)
            .all(self.conn())
            .await?;
        Ok(classes
            .into_iter()
            .map(|c| {
                let (role, students) = meta[&c.id];
                ClassMembership {
                    class: to_class(c),
                    role,
                    students,
                }
            })
            .collect())
    }

    /// The class's members (teachers first, then students by name).
    #[tracing::instrument(skip_all, err)]
    pub async fn list_members(&self, class_id: Uuid) -> Result<Vec<Member>, StoreError> {
        self.conn()
            .query_all_raw(self.stmt(
                "SELECT m.user_id, u.username, u.first_name, u.last_name, m.role, m.joined_at \
                 FROM class_members m JOIN users u ON u.id = m.user_id \
                 WHERE m.class_id = $1 AND u.deleted_at IS NULL \
                 ORDER BY m.role DESC, u.last_name, u.first_name, u.username",
                [Value::from(class_id)],
            ))
            .await?
            .into_iter()
            .map(|r| {
                let role: String = r.try_get_by("role")?;
                Ok(Member {
                    user_id: r.try_get_by("user_id")?,
                    username: r.try_get_by("username")?,
                    first_name: r.try_get_by("first_name")?,
                    last_name: r.try_get_by("last_name")?,
                    role: MemberRole::parse(&role),
                    joined_at: r.try_get_by("joined_at")?,
                })
            })
            .collect()
    }

    #[tracing::instrument(skip_all, err)]
    pub async fn create_assignment(
        &self,
        new: NewAssignment,
        now: DateTime<Utc>,
    ) -> Result<Assignment, StoreError> {
        let model = assignment::ActiveModel {
            id: Set(Uuid::now_v7()),
            class_id: Set(new.class_id),
            kind: Set(new.kind),
            target: Set(new.target),
            title: Set(new.title),
            content_ids: Set(serde_json::json!(new.content_ids)),
            opens_at: Set(new.opens_at),
            due_at: Set(new.due_at),
            allow_late: Set(new.allow_late),
            allowed_languages: Set(serde_json::json!(new.allowed_languages)),
            created_by: Set(new.created_by),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(self.conn())
        .await?;
        Ok(to_assignment(model))
    }

    pub async fn find_assignment(&self, id: Uuid) -> Result<Option<Assignment>, StoreError> {
        Ok(assignment::Entity::find_by_id(id)
            .one(self.conn())
            .await?
            .map(to_assignment))
    }

    /// A class's assignments, by due date (undated last), then by creation.
    pub async fn list_assignments(&self, class_id: Uuid) -> Result<Vec<Assignment>, StoreError> {
        let mut list: Vec<Assignment> = assignment::Entity::find()
            .filter(assignment::Column::ClassId.eq(class_id))
            .order_by_asc(assignment::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_assignment)
            .collect();
        sort_by_due(&mut list);
        Ok(list)
    }

    /// Every assignment of every class the user is a student of, with the class's name.
    #[tracing::instrument(skip_all, err)]
    pub async fn assignments_for_student(
        &self,
        user_id: Uuid,
    ) -> Result<Vec<(Assignment, String)>, StoreError> {
        let memberships = class_member::Entity::find()
            .filter(class_member::Column::UserId.eq(user_id))
            .filter(class_member::Column::Role.eq(MemberRole::Student.as_str()))
            .all(self.conn())
            .await?;
        if memberships.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = memberships.iter().map(|m| m.class_id).collect();
        let names: HashMap<Uuid, String> = class::Entity::find()
            .filter(class::Column::Id.is_in(ids.clone()))
            .all(self.conn())
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let mut list: Vec<Assignment> = assignment::Entity::find()
            .filter(assignment::Column::ClassId.is_in(ids))
            .order_by_asc(assignment::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_assignment)
            .collect();
        sort_by_due(&mut list);
        Ok(list
            .into_iter()
            .map(|a| {
                let name = names.get(&a.class_id).cloned().unwrap_or_default();
                (a, name)
            })
            .collect())
    }

    #[tracing::instrument(skip_all, err)]
    pub async fn update_assignment(
        &self,
        id: Uuid,
        patch: AssignmentPatch,
        now: DateTime<Utc>,
    ) -> Result<Assignment, StoreError> {
        let Some(existing) = assignment::Entity::find_by_id(id).one(self.conn()).await? else {
            return Err(StoreError::NotFound);
        };
        let mut active = existing.into_active_model();
        if let Some(title) = patch.title {
            active.title = Set(title);
        }
        if let Some(opens) = patch.opens_at {
            active.opens_at = Set(opens);
        }
        if let Some(due) = patch.due_at {
            active.due_at = Set(due);
        }
        if let Some(allow) = patch.allow_late {
            active.allow_late = Set(allow);
        }
        if let Some(languages) = patch.allowed_languages {
            active.allowed_languages = Set(serde_json::json!(languages));
        }
        active.updated_at = Set(now);
        Ok(to_assignment(active.update(self.conn()).await?))
    }

    pub async fn delete_assignment(&self, id: Uuid) -> Result<bool, StoreError> {
        let result = assignment::Entity::delete_by_id(id)
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Progress rows in `scope` on `content_ids`: the first of the grid's two queries.
    /// One indexed join, whatever the class's size.
    #[tracing::instrument(skip_all, err)]
    pub async fn cell_progress(
        &self,
        scope: CellScope,
        content_ids: &[Uuid],
    ) -> Result<Vec<CellProgress>, StoreError> {
        if content_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT t.user_id, t.content_id, t.progress_percentage, t.time_spent_seconds, \
               t.completed_at, t.updated_at {} AND t.content_id IN ({})",
            scope.head("progress"),
            placeholders(2, content_ids.len())
        );
        let values = std::iter::once(Value::from(scope.id()))
            .chain(content_ids.iter().map(|id| Value::from(*id)));
        self.conn()
            .query_all_raw(self.stmt(&sql, values))
            .await?
            .into_iter()
            .map(|r| {
                Ok(CellProgress {
                    user_id: r.try_get_by("user_id")?,
                    content_id: r.try_get_by("content_id")?,
                    progress_percentage: r.try_get_by("progress_percentage")?,
                    time_spent_seconds: r.try_get_by("time_spent_seconds")?,
                    completed_at: r.try_get_by("completed_at")?,
                    updated_at: r.try_get_by("updated_at")?,
                })
            })
            .collect()
    }

    /// Attempts in `scope` at `content_ids`, counted per learner and item: the grid's
    /// second query. Timestamps are compared in Rust, not SQL: SQLite keeps them as text,
    /// and only the aggregates' MIN/MAX (one format, one zone) are safe there.
    #[tracing::instrument(skip_all, err)]
    pub async fn cell_attempts(
        &self,
        scope: CellScope,
        content_ids: &[Uuid],
    ) -> Result<Vec<CellAttempts>, StoreError> {
        if content_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            // A re-grade's verdict counts over the original (`COALESCE`).
            "SELECT t.user_id, t.content_id, COUNT(*) AS attempts, \
               SUM(CASE WHEN COALESCE(t.regraded_passed, t.passed) THEN 0 ELSE 1 END) AS failed, \
               MIN(CASE WHEN COALESCE(t.regraded_passed, t.passed) THEN t.created_at END) \
                 AS first_pass_at, \
               MAX(t.created_at) AS last_attempt_at, \
               SUM(CASE WHEN t.regraded_at IS NULL THEN 0 ELSE 1 END) AS regraded \
             {} AND t.content_id IN ({}) GROUP BY t.user_id, t.content_id",
            scope.head("submissions"),
            placeholders(2, content_ids.len())
        );
        let values = std::iter::once(Value::from(scope.id()))
            .chain(content_ids.iter().map(|id| Value::from(*id)));
        self.conn()
            .query_all_raw(self.stmt(&sql, values))
            .await?
            .into_iter()
            .map(|r| {
                Ok(CellAttempts {
                    user_id: r.try_get_by("user_id")?,
                    content_id: r.try_get_by("content_id")?,
                    attempts: r.try_get_by("attempts")?,
                    failed: r.try_get_by("failed")?,
                    first_pass_at: r.try_get_by("first_pass_at")?,
                    last_attempt_at: r.try_get_by("last_attempt_at")?,
                    regraded: r.try_get_by::<i64, _>("regraded")? > 0,
                })
            })
            .collect()
    }

    /// The student's newest failed attempt at each of `content_ids` that has one.
    #[tracing::instrument(skip_all, err)]
    pub async fn last_failed_attempts(
        &self,
        user_id: Uuid,
        content_ids: &[Uuid],
    ) -> Result<Vec<FailedAttempt>, StoreError> {
        use crate::entity::submission;
        if content_ids.is_empty() {
            return Ok(Vec::new());
        }
        // Newest first by id (UUIDv7); the first seen per item is its newest.
        let rows = submission::Entity::find()
            .filter(submission::Column::UserId.eq(user_id))
            .filter(submission::Column::ContentId.is_in(content_ids.iter().copied()))
            .order_by_desc(submission::Column::Id)
            .all(self.conn())
            .await?;
        // Failed by the verdict that counts now (a re-grade's over the original), so it
        // is filtered here rather than in SQL.
        let mut seen = std::collections::HashSet::new();
        Ok(rows
            .into_iter()
            .map(crate::learning::to_submission)
            .filter(|s| !s.effective_passed())
            .filter(|s| seen.insert(s.content_id))
            .map(|s| FailedAttempt {
                submission_id: s.id,
                content_id: s.content_id,
                results: s.effective_results().clone(),
                created_at: s.created_at,
            })
            .collect())
    }

    /// Questions the learner asked the tutor (a count only: a teacher never reads them).
    pub async fn tutor_question_count(&self, user_id: Uuid) -> Result<i64, StoreError> {
        use crate::entity::tutor_message;
        use sea_orm::PaginatorTrait;
        Ok(tutor_message::Entity::find()
            .filter(tutor_message::Column::UserId.eq(user_id))
            .filter(tutor_message::Column::Role.eq("user"))
            .count(self.conn())
            .await? as i64)
    }

    /// One attempt with its owner, for the class-scoped read of a submission.
    pub async fn find_submission(
        &self,
        id: Uuid,
    ) -> Result<Option<(Uuid, crate::learning::Submission)>, StoreError> {
        use crate::entity::submission;
        Ok(submission::Entity::find_by_id(id)
            .one(self.conn())
            .await?
            .map(|m| (m.user_id, crate::learning::to_submission(m))))
    }
}

/// By due date (undated last), then by creation (ids are UUIDv7).
fn sort_by_due(list: &mut [Assignment]) {
    list.sort_by(|a, b| match (a.due_at, b.due_at) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
}
