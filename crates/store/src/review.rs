//! Review on code: line comments on a student's attempt, threaded, resolvable; the
//! peer-review pairs of a class; and the in-app notifications that tell a learner about
//! them. Who may read or write a thread is the server's rule (`classrooms::review`).

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult, Value};
use uuid::Uuid;

use crate::{Store, StoreError};

#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub id: Uuid,
    pub target_kind: String,
    pub target_id: Uuid,
    pub subject_id: Uuid,
    pub author_id: Uuid,
    pub author_username: String,
    pub parent_id: Option<Uuid>,
    pub start_line: i32,
    pub end_line: i32,
    pub body: String,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct NewComment<'a> {
    pub target_kind: &'a str,
    pub target_id: Uuid,
    pub subject_id: Uuid,
    pub author_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub start_line: i32,
    pub end_line: i32,
    pub body: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    pub id: Uuid,
    pub kind: String,
    pub message: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReviewPair {
    pub reviewer_id: Uuid,
    pub reviewee_id: Uuid,
    pub created_at: DateTime<Utc>,
}

const COMMENT_COLUMNS: &str = "c.id, c.target_kind, c.target_id, c.subject_id, c.author_id, \
    u.username AS author_username, c.parent_id, c.start_line, c.end_line, c.body, c.resolved_at, \
    c.created_at, c.updated_at";

fn to_comment(r: QueryResult) -> Result<Comment, StoreError> {
    Ok(Comment {
        id: r.try_get_by("id")?,
        target_kind: r.try_get_by("target_kind")?,
        target_id: r.try_get_by("target_id")?,
        subject_id: r.try_get_by("subject_id")?,
        author_id: r.try_get_by("author_id")?,
        author_username: r.try_get_by("author_username")?,
        parent_id: r.try_get_by("parent_id")?,
        start_line: r.try_get_by("start_line")?,
        end_line: r.try_get_by("end_line")?,
        body: r.try_get_by("body")?,
        resolved_at: r.try_get_by("resolved_at")?,
        created_at: r.try_get_by("created_at")?,
        updated_at: r.try_get_by("updated_at")?,
    })
}

impl Store {
    /// Stores a comment and, in the same transaction, the notification for `notify`.
    #[tracing::instrument(skip_all, err)]
    pub async fn insert_comment(
        &self,
        new: NewComment<'_>,
        notify: Option<(Uuid, &str, &str)>,
        now: DateTime<Utc>,
    ) -> Result<Comment, StoreError> {
        let id = Uuid::now_v7();
        let txn = self.begin_write().await?;
        txn.execute_raw(self.stmt(
            "INSERT INTO review_comments (id, target_kind, target_id, subject_id, author_id, parent_id, \
               start_line, end_line, body, resolved_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $10)",
            [
                Value::from(id),
                Value::from(new.target_kind),
                Value::from(new.target_id),
                Value::from(new.subject_id),
                Value::from(new.author_id),
                Value::from(new.parent_id),
                Value::from(new.start_line),
                Value::from(new.end_line),
                Value::from(new.body),
                Value::from(now),
            ],
        ))
        .await?;
        if let Some((user, message, link)) = notify {
            txn.execute_raw(self.stmt(
                "INSERT INTO notifications (id, user_id, kind, message, link, created_at, read_at) \
                 VALUES ($1, $2, 'review_comment', $3, $4, $5, NULL)",
                [
                    Value::from(Uuid::now_v7()),
                    Value::from(user),
                    Value::from(message),
                    Value::from(link),
                    Value::from(now),
                ],
            ))
            .await?;
        }
        txn.commit().await?;
        self.find_comment(id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn find_comment(&self, id: Uuid) -> Result<Option<Comment>, StoreError> {
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} FROM review_comments c JOIN users u ON u.id = c.author_id WHERE c.id = $1"
        );
        self.conn()
            .query_one_raw(self.stmt(&sql, [Value::from(id)]))
            .await?
            .map(to_comment)
            .transpose()
    }

    /// Every comment on a target, oldest first.
    pub async fn list_comments(
        &self,
        kind: &str,
        target: Uuid,
    ) -> Result<Vec<Comment>, StoreError> {
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} FROM review_comments c JOIN users u ON u.id = c.author_id \
             WHERE c.target_kind = $1 AND c.target_id = $2 ORDER BY c.created_at, c.id"
        );
        self.conn()
            .query_all_raw(self.stmt(&sql, [Value::from(kind), Value::from(target)]))
            .await?
            .into_iter()
            .map(to_comment)
            .collect()
    }

    /// Edits a comment's body and/or resolves (or reopens) it.
    pub async fn update_comment(
        &self,
        id: Uuid,
        body: Option<&str>,
        resolved: Option<bool>,
        now: DateTime<Utc>,
    ) -> Result<Comment, StoreError> {
        if let Some(body) = body {
            self.conn()
                .execute_raw(self.stmt(
                    "UPDATE review_comments SET body = $1, updated_at = $2 WHERE id = $3",
                    [Value::from(body), Value::from(now), Value::from(id)],
                ))
                .await?;
        }
        if let Some(resolved) = resolved {
            let at: Option<DateTime<Utc>> = resolved.then_some(now);
            self.conn()
                .execute_raw(self.stmt(
                    "UPDATE review_comments SET resolved_at = $1, updated_at = $2 WHERE id = $3",
                    [Value::from(at), Value::from(now), Value::from(id)],
                ))
                .await?;
        }
        self.find_comment(id).await?.ok_or(StoreError::NotFound)
    }

    /// Pairs `reviewer` to review `reviewee`'s work in the class; idempotent.
    pub async fn add_review_pair(
        &self,
        class_id: Uuid,
        reviewer: Uuid,
        reviewee: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn()
            .execute_raw(self.stmt(
                "INSERT INTO review_pairs (class_id, reviewer_id, reviewee_id, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                [
                    Value::from(class_id),
                    Value::from(reviewer),
                    Value::from(reviewee),
                    Value::from(now),
                ],
            ))
            .await?;
        Ok(())
    }

    pub async fn remove_review_pair(
        &self,
        class_id: Uuid,
        reviewer: Uuid,
        reviewee: Uuid,
    ) -> Result<bool, StoreError> {
        let r = self
            .conn()
            .execute_raw(self.stmt(
                "DELETE FROM review_pairs WHERE class_id = $1 AND reviewer_id = $2 AND reviewee_id = $3",
                [Value::from(class_id), Value::from(reviewer), Value::from(reviewee)],
            ))
            .await?;
        Ok(r.rows_affected() > 0)
    }

    pub async fn list_review_pairs(&self, class_id: Uuid) -> Result<Vec<ReviewPair>, StoreError> {
        self.conn()
            .query_all_raw(self.stmt(
                "SELECT reviewer_id, reviewee_id, created_at FROM review_pairs WHERE class_id = $1 \
                 ORDER BY created_at",
                [Value::from(class_id)],
            ))
            .await?
            .into_iter()
            .map(|r| {
                Ok(ReviewPair {
                    reviewer_id: r.try_get_by("reviewer_id")?,
                    reviewee_id: r.try_get_by("reviewee_id")?,
                    created_at: r.try_get_by("created_at")?,
                })
            })
            .collect()
    }

    /// The classes in which `reviewer` is paired to review `reviewee`.
    pub async fn review_pair_classes(
        &self,
        reviewer: Uuid,
        reviewee: Uuid,
    ) -> Result<Vec<Uuid>, StoreError> {
        self.conn()
            .query_all_raw(self.stmt(
                "SELECT class_id FROM review_pairs WHERE reviewer_id = $1 AND reviewee_id = $2",
                [Value::from(reviewer), Value::from(reviewee)],
            ))
            .await?
            .into_iter()
            .map(|r| Ok(r.try_get_by("class_id")?))
            .collect()
    }

    /// The classes `user` teaches in which `student` is a student.
    pub async fn classes_teaching(
        &self,
        user: Uuid,
        student: Uuid,
    ) -> Result<Vec<Uuid>, StoreError> {
        self.conn()
            .query_all_raw(self.stmt(
                "SELECT t.class_id FROM class_members t JOIN class_members s ON s.class_id = t.class_id \
                 WHERE t.user_id = $1 AND t.role = 'teacher' AND s.user_id = $2 AND s.role = 'student'",
                [Value::from(user), Value::from(student)],
            ))
            .await?
            .into_iter()
            .map(|r| Ok(r.try_get_by("class_id")?))
            .collect()
    }

    /// The user's notifications, newest first (at most `limit`).
    pub async fn list_notifications(
        &self,
        user: Uuid,
        limit: i64,
    ) -> Result<Vec<Notification>, StoreError> {
        self.conn()
            .query_all_raw(self.stmt(
                "SELECT id, kind, message, link, created_at, read_at FROM notifications \
                 WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
                [Value::from(user), Value::from(limit)],
            ))
            .await?
            .into_iter()
            .map(|r| {
                Ok(Notification {
                    id: r.try_get_by("id")?,
                    kind: r.try_get_by("kind")?,
                    message: r.try_get_by("message")?,
                    link: r.try_get_by("link")?,
                    created_at: r.try_get_by("created_at")?,
                    read_at: r.try_get_by("read_at")?,
                })
            })
            .collect()
    }

    pub async fn unread_notifications(&self, user: Uuid) -> Result<i64, StoreError> {
        let row = self
            .conn()
            .query_one_raw(self.stmt(
                "SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL",
                [Value::from(user)],
            ))
            .await?;
        Ok(match row {
            Some(r) => r.try_get_by("n")?,
            None => 0,
        })
    }

    /// Marks the user's notifications read: the given ones, or all. Another user's ids
    /// match nothing.
    pub async fn mark_notifications_read(
        &self,
        user: Uuid,
        ids: Option<&[Uuid]>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let (sql, mut values) = match ids {
            Some([]) => return Ok(0),
            Some(ids) => {
                let list = (0..ids.len())
                    .map(|i| format!("${}", i + 3))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    format!(
                        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND id IN ({list})"
                    ),
                    ids.iter().map(|id| Value::from(*id)).collect::<Vec<_>>(),
                )
            }
            None => (
                "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL"
                    .to_owned(),
                Vec::new(),
            ),
        };
        values.insert(0, Value::from(user));
        values.insert(0, Value::from(now));
        let r = self.conn().execute_raw(self.stmt(&sql, values)).await?;
        Ok(r.rows_affected())
    }
}
