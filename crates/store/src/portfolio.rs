//! Portfolio and administration: learner feedback, aggregate statistics (computed in
//! SQL, never by loading rows), a learner's activity and analytics, data export reads
//! and the purge of accounts deleted long ago.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QueryResult, QuerySelect, Set, Statement,
};
use uuid::Uuid;

use crate::entity::{feedback, submission, user};
use crate::learning::Submission;
use crate::{Backend, Store, StoreError};

#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub kind: String,
    pub message: String,
    pub page: Option<String>,
    pub status: String,
    pub admin_note: Option<String>,
    pub rating: Option<i32>,
    pub related: Option<RelatedEntity>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The curriculum item a piece of feedback is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelatedEntity {
    /// `lesson` or `exercise`.
    pub kind: String,
    pub id: Uuid,
}

fn to_feedback(m: feedback::Model) -> Feedback {
    Feedback {
        id: m.id,
        user_id: m.user_id,
        kind: m.kind,
        message: m.message,
        page: m.page,
        status: m.status,
        admin_note: m.admin_note,
        rating: m.rating,
        related: match (m.related_type, m.related_id) {
            (Some(kind), Some(id)) => Some(RelatedEntity { kind, id }),
            _ => None,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

#[derive(Clone, Debug)]
pub struct NewFeedback {
    pub user_id: Option<Uuid>,
    pub kind: String,
    pub message: String,
    pub page: Option<String>,
    pub rating: Option<i32>,
    pub related: Option<RelatedEntity>,
}

/// An admin's triage; `None` leaves a field alone, `Some(None)` clears the note.
#[derive(Clone, Debug, Default)]
pub struct FeedbackPatch {
    pub status: Option<String>,
    pub admin_note: Option<Option<String>>,
}

/// A count per day (`YYYY-MM-DD`, UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayCount {
    pub date: String,
    pub count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunCount {
    pub language: String,
    pub status: String,
    pub count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserCounts {
    pub total: i64,
    pub verified: i64,
    pub active_7d: i64,
    pub active_30d: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TutorCounts {
    /// Questions asked.
    pub messages: i64,
    pub conversations: i64,
    /// Answers per provider.
    pub by_provider: BTreeMap<String, i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformStats {
    pub users: UserCounts,
    pub runs_by_language: Vec<RunCount>,
    /// Sparse: days without runs are absent.
    pub runs_per_day: Vec<DayCount>,
    pub tutor: TutorCounts,
    pub completions_total: i64,
    pub completions_per_day: Vec<DayCount>,
}

/// One learner's figures (their own analytics page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearnerStats {
    pub time_spent_seconds: i64,
    pub runs: Vec<RunCount>,
    pub tutor_messages: i64,
    pub tutor_per_day: Vec<DayCount>,
    pub completions_total: i64,
    pub completions_per_day: Vec<DayCount>,
}

/// A soft-deleted account due for purging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletedAccount {
    pub id: Uuid,
    pub avatar_url: Option<String>,
}

impl Store {
    // ---- raw aggregate SQL ------------------------------------------------------------

    /// Runs `sql` written with `?` placeholders (rewritten to `$n` for PostgreSQL).
    pub(crate) async fn rows(
        &self,
        sql: &str,
        values: Vec<sea_orm::Value>,
    ) -> Result<Vec<QueryResult>, StoreError> {
        let statement = match self.backend {
            Backend::Sqlite => Statement::from_sql_and_values(DbBackend::Sqlite, sql, values),
            Backend::Postgres => {
                Statement::from_sql_and_values(DbBackend::Postgres, numbered(sql), values)
            }
        };
        Ok(self.conn().query_all_raw(statement).await?)
    }

    /// The UTC calendar day of a timestamp column, as `YYYY-MM-DD` text. SQLite keeps
    /// timestamps as RFC 3339 text in UTC, so the day is its first ten characters.
    pub(crate) fn day_of(&self, column: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("substr({column}, 1, 10)"),
            Backend::Postgres => format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
        }
    }

    async fn count(&self, sql: &str, values: Vec<sea_orm::Value>) -> Result<i64, StoreError> {
        let rows = self.rows(sql, values).await?;
        Ok(rows
            .first()
            .map(|r| r.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or(0))
    }

    async fn day_counts(
        &self,
        sql: &str,
        values: Vec<sea_orm::Value>,
    ) -> Result<Vec<DayCount>, StoreError> {
        self.rows(sql, values)
            .await?
            .iter()
            .map(|r| {
                Ok(DayCount {
                    date: r.try_get_by_index(0)?,
                    count: r.try_get_by_index(1)?,
                })
            })
            .collect()
    }

    async fn run_counts(
        &self,
        user: Option<Uuid>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<RunCount>, StoreError> {
        let mut sql =
            String::from("SELECT language, status, COUNT(*) AS n FROM code_executions WHERE 1 = 1");
        let mut values = Vec::new();
        if let Some(user) = user {
            sql.push_str(" AND user_id = ?");
            values.push(user.into());
        }
        if let Some(since) = since {
            sql.push_str(" AND created_at >= ?");
            values.push(since.into());
        }
        sql.push_str(" GROUP BY language, status ORDER BY language, status");
        self.rows(&sql, values)
            .await?
            .iter()
            .map(|r| {
                Ok(RunCount {
                    language: r.try_get_by_index(0)?,
                    status: r.try_get_by_index(1)?,
                    count: r.try_get_by_index(2)?,
                })
            })
            .collect()
    }

    /// Platform-wide figures for the admin dashboard; "per day" series start at `since`.
    #[tracing::instrument(skip_all, err)]
    pub async fn platform_stats(
        &self,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<PlatformStats, StoreError> {
        let users = self
            .rows(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN email_verified_at IS NOT NULL \
                 THEN 1 ELSE 0 END), 0) FROM users WHERE deleted_at IS NULL",
                vec![],
            )
            .await?;
        let (total, verified) = match users.first() {
            Some(r) => (r.try_get_by_index::<i64>(0)?, r.try_get_by_index::<i64>(1)?),
            None => (0, 0),
        };
        let active_sql = "SELECT COUNT(DISTINCT s.user_id) FROM sessions s \
             JOIN users u ON u.id = s.user_id \
             WHERE u.deleted_at IS NULL AND s.last_seen_at >= ?";
        let active_7d = self
            .count(active_sql, vec![(now - chrono::Duration::days(7)).into()])
            .await?;
        let active_30d = self
            .count(active_sql, vec![(now - chrono::Duration::days(30)).into()])
            .await?;
        let runs_by_language = self.run_counts(None, None).await?;
        let day = self.day_of("created_at");
        let runs_per_day = self
            .day_counts(
                &format!(
                    "SELECT {day} AS day, COUNT(*) FROM code_executions \
                     WHERE created_at >= ? GROUP BY {day} ORDER BY day"
                ),
                vec![since.into()],
            )
            .await?;
        let messages = self
            .count(
                "SELECT COUNT(*) FROM tutor_messages WHERE role = 'user'",
                vec![],
            )
            .await?;
        let conversations = self
            .count("SELECT COUNT(*) FROM tutor_conversations", vec![])
            .await?;
        let by_provider = self
            .rows(
                "SELECT COALESCE(provider, 'unknown'), COUNT(*) FROM tutor_messages \
                 WHERE role = 'assistant' GROUP BY provider",
                vec![],
            )
            .await?
            .iter()
            .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
            .collect::<Result<BTreeMap<String, i64>, StoreError>>()?;
        let completions_total = self
            .count(
                "SELECT COUNT(*) FROM progress WHERE completed_at IS NOT NULL",
                vec![],
            )
            .await?;
        let done_day = self.day_of("completed_at");
        let completions_per_day = self
            .day_counts(
                &format!(
                    "SELECT {done_day} AS day, COUNT(*) FROM progress \
                     WHERE completed_at >= ? GROUP BY {done_day} ORDER BY day"
                ),
                vec![since.into()],
            )
            .await?;
        Ok(PlatformStats {
            users: UserCounts {
                total,
                verified,
                active_7d,
                active_30d,
            },
            runs_by_language,
            runs_per_day,
            tutor: TutorCounts {
                messages,
                conversations,
                by_provider,
            },
            completions_total,
            completions_per_day,
        })
    }

    /// One learner's own figures; "per day" series start at `since`.
    #[tracing::instrument(skip_all, err)]
    pub async fn learner_stats(
        &self,
        user_id: Uuid,
        since: DateTime<Utc>,
    ) -> Result<LearnerStats, StoreError> {
        let time_spent_seconds = self
            .count(
                "SELECT CAST(COALESCE(SUM(time_spent_seconds), 0) AS BIGINT) FROM progress \
                 WHERE user_id = ?",
                vec![user_id.into()],
            )
            .await?;
        let runs = self.run_counts(Some(user_id), None).await?;
        let tutor_messages = self
            .count(
                "SELECT COUNT(*) FROM tutor_messages WHERE user_id = ? AND role = 'user'",
                vec![user_id.into()],
            )
            .await?;
        let day = self.day_of("created_at");
        let tutor_per_day = self
            .day_counts(
                &format!(
                    "SELECT {day} AS day, COUNT(*) FROM tutor_messages \
                     WHERE user_id = ? AND role = 'user' AND created_at >= ? \
                     GROUP BY {day} ORDER BY day"
                ),
                vec![user_id.into(), since.into()],
            )
            .await?;
        let completions_total = self
            .count(
                "SELECT COUNT(*) FROM progress WHERE user_id = ? AND completed_at IS NOT NULL",
                vec![user_id.into()],
            )
            .await?;
        let done_day = self.day_of("completed_at");
        let completions_per_day = self
            .day_counts(
                &format!(
                    "SELECT {done_day} AS day, COUNT(*) FROM progress \
                     WHERE user_id = ? AND completed_at >= ? \
                     GROUP BY {done_day} ORDER BY day"
                ),
                vec![user_id.into(), since.into()],
            )
            .await?;
        Ok(LearnerStats {
            time_spent_seconds,
            runs,
            tutor_messages,
            tutor_per_day,
            completions_total,
            completions_per_day,
        })
    }

    /// Activity per day since `since` (runs, graded attempts, completions), sparse.
    #[tracing::instrument(skip_all, err)]
    pub async fn activity_heatmap(
        &self,
        user_id: Uuid,
        since: DateTime<Utc>,
    ) -> Result<Vec<DayCount>, StoreError> {
        let runs = self.day_of("created_at");
        let done = self.day_of("completed_at");
        let sql = format!(
            "SELECT day, COUNT(*) FROM ( \
               SELECT {runs} AS day FROM code_executions WHERE user_id = ? AND created_at >= ? \
               UNION ALL SELECT {runs} AS day FROM submissions WHERE user_id = ? AND created_at >= ? \
               UNION ALL SELECT {done} AS day FROM progress WHERE user_id = ? AND completed_at >= ? \
             ) t GROUP BY day ORDER BY day"
        );
        let values = (0..3)
            .flat_map(|_| [user_id.into(), since.into()])
            .collect();
        self.day_counts(&sql, values).await
    }

    /// Languages the learner ran code in, with how many runs, most used first.
    pub async fn languages_used(&self, user_id: Uuid) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = self
            .rows(
                "SELECT language, COUNT(*) AS n FROM code_executions WHERE user_id = ? \
                 GROUP BY language ORDER BY n DESC, language",
                vec![user_id.into()],
            )
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
            .collect()
    }

    /// Every graded attempt of the learner, oldest first (data export).
    pub async fn all_submissions(&self, user_id: Uuid) -> Result<Vec<Submission>, StoreError> {
        Ok(submission::Entity::find()
            .filter(submission::Column::UserId.eq(user_id))
            .order_by_asc(submission::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(crate::learning::to_submission)
            .collect())
    }

    // ---- feedback -------------------------------------------------------------------

    pub async fn create_feedback(
        &self,
        new: NewFeedback,
        now: DateTime<Utc>,
    ) -> Result<Feedback, StoreError> {
        let model = feedback::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(new.user_id),
            kind: Set(new.kind),
            message: Set(new.message),
            page: Set(new.page),
            status: Set("new".into()),
            admin_note: Set(None),
            rating: Set(new.rating),
            related_type: Set(new.related.as_ref().map(|r| r.kind.clone())),
            related_id: Set(new.related.as_ref().map(|r| r.id)),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(self.conn())
        .await?;
        Ok(to_feedback(model))
    }

    /// A page of feedback, newest first, optionally of one status; with the total.
    pub async fn list_feedback(
        &self,
        status: Option<&str>,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Feedback>, u64), StoreError> {
        let mut query = feedback::Entity::find();
        if let Some(status) = status {
            query = query.filter(feedback::Column::Status.eq(status));
        }
        let total = query.clone().count(self.conn()).await?;
        let items = query
            .order_by_desc(feedback::Column::CreatedAt)
            .order_by_desc(feedback::Column::Id)
            .offset(page.saturating_sub(1) * per_page)
            .limit(per_page)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_feedback)
            .collect();
        Ok((items, total))
    }

    /// Applies an admin's triage; None when there is no such feedback.
    pub async fn update_feedback(
        &self,
        id: Uuid,
        patch: FeedbackPatch,
        now: DateTime<Utc>,
    ) -> Result<Option<Feedback>, StoreError> {
        let mut update = feedback::Entity::update_many()
            .col_expr(feedback::Column::UpdatedAt, Expr::value(now))
            .filter(feedback::Column::Id.eq(id));
        if let Some(status) = patch.status {
            update = update.col_expr(feedback::Column::Status, Expr::value(status));
        }
        if let Some(note) = patch.admin_note {
            update = update.col_expr(feedback::Column::AdminNote, Expr::value(note));
        }
        if update.exec(self.conn()).await?.rows_affected == 0 {
            return Ok(None);
        }
        Ok(feedback::Entity::find_by_id(id)
            .one(self.conn())
            .await?
            .map(to_feedback))
    }

    // ---- purge ------------------------------------------------------------------------

    /// Accounts soft-deleted before `cutoff`, oldest first, at most `limit`.
    pub async fn accounts_deleted_before(
        &self,
        cutoff: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<DeletedAccount>, StoreError> {
        Ok(user::Entity::find()
            .filter(user::Column::DeletedAt.is_not_null())
            .filter(user::Column::DeletedAt.lt(cutoff))
            .order_by_asc(user::Column::DeletedAt)
            .limit(limit)
            .all(self.conn())
            .await?
            .into_iter()
            .map(|m| DeletedAccount {
                id: m.id,
                avatar_url: m.avatar_url,
            })
            .collect())
    }

    /// Every blob key the user's projects (live or trashed) and their versions refer to.
    pub async fn project_blob_keys_of_user(
        &self,
        user_id: Uuid,
    ) -> Result<Vec<String>, StoreError> {
        let rows = self
            .rows(
                "SELECT f.blob_key FROM project_files f JOIN projects p ON p.id = f.project_id \
                 WHERE p.user_id = ? AND f.blob_key IS NOT NULL \
                 UNION SELECT v.blob_key FROM file_versions v JOIN projects p ON p.id = v.project_id \
                 WHERE p.user_id = ? AND v.blob_key IS NOT NULL",
                vec![user_id.into(), user_id.into()],
            )
            .await?;
        rows.iter()
            .map(|r| Ok(r.try_get_by_index::<String>(0)?))
            .collect()
    }

    /// Removes a soft-deleted account for good. Every row the user owns goes with it
    /// through `ON DELETE CASCADE`; the audit log and feedback keep their rows with the
    /// author cleared. A live account is never touched (false).
    pub async fn purge_user(&self, id: Uuid) -> Result<bool, StoreError> {
        let result = user::Entity::delete_many()
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::DeletedAt.is_not_null())
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Whether any row, live or deleted, has this id (tests of the purge).
    pub async fn user_row_exists(&self, id: Uuid) -> Result<bool, StoreError> {
        Ok(user::Entity::find_by_id(id)
            .select_only()
            .column(user::Column::Id)
            .into_tuple::<Uuid>()
            .one(self.conn())
            .await?
            .is_some())
    }

    /// Counts the rows tied to `user_id` in a table with a `user_id` column (tests of the
    /// purge). `table` must be a constant.
    pub async fn count_rows_of_user(
        &self,
        table: &'static str,
        user_id: Uuid,
    ) -> Result<i64, StoreError> {
        self.count(
            &format!("SELECT COUNT(*) FROM {table} WHERE user_id = ?"),
            vec![user_id.into()],
        )
        .await
    }
}

/// `?` placeholders to PostgreSQL's `$1, $2, …`. Our SQL never has `?` inside literals.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_in_order() {
        assert_eq!(
            super::numbered("a = ? AND b >= ? OR c = ?"),
            "a = $1 AND b >= $2 OR c = $3"
        );
    }
}
