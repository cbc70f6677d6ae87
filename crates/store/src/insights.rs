//! Aggregates behind stats, streaks, the dashboard, achievements and recommendations.
//! Everything is computed in SQL with a fixed number of queries per call (no per-item
//! round trips), so a learner with thousands of completions costs the same few queries.
//!
//! Time is bucketed into UTC quarter-hours (`bucket` = seconds since the epoch / 900):
//! every real time-zone offset is a multiple of 15 minutes, so the caller can turn a
//! bucket into the learner's local day exactly, without the database knowing time zones.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Value};
use uuid::Uuid;

use crate::{Backend, Store, StoreError};

/// How many of a learner's latest completions define whom they resemble.
pub const RECENT_COMPLETIONS: i64 = 20;
/// How many of the most similar learners vote on recommendations.
pub const SIMILAR_LEARNERS: i64 = 50;

/// Seconds per activity bucket.
pub const BUCKET_SECONDS: i64 = 900;

pub fn bucket_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(BUCKET_SECONDS)
}

/// Counts of what a learner did in one bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BucketCounts {
    pub bucket: i64,
    pub completions: i64,
    pub submissions: i64,
    pub runs: i64,
}

/// Completed items of one kind in one track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletedGroup {
    pub kind: String,
    pub track: String,
    pub count: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LearnerTotals {
    pub started: i64,
    pub completed: i64,
    pub time_spent_seconds: i64,
    pub submissions: i64,
    pub passed_submissions: i64,
    pub runs: i64,
    pub questions: i64,
    /// Languages used in runs or submissions, sorted.
    pub languages: Vec<String>,
    pub completed_by: Vec<CompletedGroup>,
}

/// Something the learner did, newest first in [`Store::recent_activity`].
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityEvent {
    /// `completed`, `submitted` or `ran`.
    pub kind: String,
    pub content_id: Option<Uuid>,
    pub language: Option<String>,
    pub passed: Option<bool>,
    pub at: DateTime<Utc>,
}

impl Store {
    /// The SQL turning a timestamp column into its bucket number, per dialect.
    fn bucket_sql(&self, column: &str) -> String {
        match self.backend {
            // SQLite reads the stored RFC 3339 text (any fraction digits, `+00:00`).
            Backend::Sqlite => format!("(CAST(strftime('%s', {column}) AS INTEGER) / 900)"),
            Backend::Postgres => {
                format!("CAST(floor(extract(epoch FROM {column}) / 900) AS BIGINT)")
            }
        }
    }

    /// Notes that the learner was active at `at` (idempotent per bucket).
    pub async fn record_activity(
        &self,
        user_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn()
            .execute_raw(self.stmt(
                "INSERT INTO learning_activity (user_id, bucket) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                [Value::from(user_id), Value::from(bucket_of(at))],
            ))
            .await?;
        Ok(())
    }

    /// Every bucket with any activity (progress written, a submission, a run), ascending.
    #[tracing::instrument(skip_all, err)]
    pub async fn activity_buckets(&self, user_id: Uuid) -> Result<Vec<i64>, StoreError> {
        let sql = format!(
            "SELECT bucket FROM learning_activity WHERE user_id = $1 \
             UNION SELECT {} FROM submissions WHERE user_id = $1 \
             UNION SELECT {} FROM code_executions WHERE user_id = $1 \
             ORDER BY 1",
            self.bucket_sql("created_at"),
            self.bucket_sql("created_at"),
        );
        self.conn()
            .query_all_raw(self.stmt(&sql, [Value::from(user_id)]))
            .await?
            .into_iter()
            .map(|r| Ok(r.try_get_by_index::<i64>(0)?))
            .collect()
    }

    /// Completions, submissions and runs per bucket since `since`, ascending.
    #[tracing::instrument(skip_all, err)]
    pub async fn activity_counts_since(
        &self,
        user_id: Uuid,
        since: DateTime<Utc>,
    ) -> Result<Vec<BucketCounts>, StoreError> {
        let sql = format!(
            "SELECT bucket, sum(c) AS completions, sum(s) AS submissions, sum(r) AS runs FROM (\
             SELECT {} AS bucket, 1 AS c, 0 AS s, 0 AS r FROM progress \
               WHERE user_id = $1 AND completed_at IS NOT NULL AND completed_at >= $2 \
             UNION ALL SELECT {}, 0, 1, 0 FROM submissions WHERE user_id = $1 AND created_at >= $2 \
             UNION ALL SELECT {}, 0, 0, 1 FROM code_executions WHERE user_id = $1 AND created_at >= $2\
             ) t GROUP BY bucket ORDER BY bucket",
            self.bucket_sql("completed_at"),
            self.bucket_sql("created_at"),
            self.bucket_sql("created_at"),
        );
        self.conn()
            .query_all_raw(self.stmt(&sql, [Value::from(user_id), Value::from(since)]))
            .await?
            .into_iter()
            .map(|r| {
                Ok(BucketCounts {
                    bucket: r.try_get_by("bucket")?,
                    completions: r.try_get_by("completions")?,
                    submissions: r.try_get_by("submissions")?,
                    runs: r.try_get_by("runs")?,
                })
            })
            .collect()
    }

    /// Everything the stats page and the achievement rules count, in four queries.
    #[tracing::instrument(skip_all, err)]
    pub async fn learner_totals(&self, user_id: Uuid) -> Result<LearnerTotals, StoreError> {
        let db = self.conn();
        let id = || [Value::from(user_id)];
        let progress = db
            .query_one_raw(self.stmt(
                "SELECT count(*) AS started, \
                 coalesce(sum(CASE WHEN completed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS completed, \
                 CAST(coalesce(sum(time_spent_seconds), 0) AS BIGINT) AS time_spent \
                 FROM progress WHERE user_id = $1",
                id(),
            ))
            .await?
            .ok_or(StoreError::NotFound)?;
        let counts = db
            .query_one_raw(self.stmt(
                "SELECT (SELECT count(*) FROM submissions WHERE user_id = $1) AS submissions, \
                 (SELECT count(*) FROM submissions WHERE user_id = $1 AND passed) AS passed, \
                 (SELECT count(*) FROM code_executions WHERE user_id = $1) AS runs, \
                 (SELECT count(*) FROM tutor_messages WHERE user_id = $1 AND role = 'user') AS questions",
                id(),
            ))
            .await?
            .ok_or(StoreError::NotFound)?;
        let languages = db
            .query_all_raw(self.stmt(
                "SELECT language FROM code_executions WHERE user_id = $1 \
                 UNION SELECT language FROM submissions WHERE user_id = $1 ORDER BY 1",
                id(),
            ))
            .await?
            .into_iter()
            .map(|r| Ok(r.try_get_by_index::<String>(0)?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let completed_by = db
            .query_all_raw(self.stmt(
                "SELECT c.kind, c.track, count(*) AS n FROM progress p \
                 JOIN content_items c ON c.id = p.content_id \
                 WHERE p.user_id = $1 AND p.completed_at IS NOT NULL \
                 GROUP BY c.kind, c.track ORDER BY c.track, c.kind",
                id(),
            ))
            .await?
            .into_iter()
            .map(|r| {
                Ok(CompletedGroup {
                    kind: r.try_get_by("kind")?,
                    track: r.try_get_by("track")?,
                    count: r.try_get_by("n")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(LearnerTotals {
            started: progress.try_get_by("started")?,
            completed: progress.try_get_by("completed")?,
            time_spent_seconds: progress.try_get_by("time_spent")?,
            submissions: counts.try_get_by("submissions")?,
            passed_submissions: counts.try_get_by("passed")?,
            runs: counts.try_get_by("runs")?,
            questions: counts.try_get_by("questions")?,
            languages,
            completed_by,
        })
    }

    /// The newest `limit` completions, submissions and runs, newest first.
    #[tracing::instrument(skip_all, err)]
    pub async fn recent_activity(
        &self,
        user_id: Uuid,
        limit: u64,
    ) -> Result<Vec<ActivityEvent>, StoreError> {
        // Each branch is limited on its own index first, so the union stays small.
        let sql = "SELECT kind, content_id, language, passed, at FROM (\
             SELECT * FROM (SELECT 'completed' AS kind, content_id, CAST(NULL AS TEXT) AS language, \
               CAST(NULL AS BOOLEAN) AS passed, completed_at AS at FROM progress \
               WHERE user_id = $1 AND completed_at IS NOT NULL ORDER BY completed_at DESC LIMIT $2) a \
             UNION ALL SELECT * FROM (SELECT 'submitted', content_id, language, passed, created_at FROM submissions \
               WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2) b \
             UNION ALL SELECT * FROM (SELECT 'ran', CAST(NULL AS UUID), language, CAST(NULL AS BOOLEAN), created_at \
               FROM code_executions WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2) c\
             ) t ORDER BY at DESC, kind LIMIT $2";
        self.conn()
            .query_all_raw(self.stmt(sql, [Value::from(user_id), Value::from(limit as i64)]))
            .await?
            .into_iter()
            .map(|r| {
                Ok(ActivityEvent {
                    kind: r.try_get_by("kind")?,
                    content_id: r.try_get_by("content_id")?,
                    language: r.try_get_by("language")?,
                    passed: r.try_get_by("passed")?,
                    at: r.try_get_by("at")?,
                })
            })
            .collect()
    }

    /// Collaborative filtering by nearest neighbours: the learners whose completions overlap
    /// most with the learner's recent ones (`SIMILAR_LEARNERS` of them, sharing at least one
    /// of the last `RECENT_COMPLETIONS`), then what those learners completed and the learner
    /// has not: `(content id, how many of them)`, most shared first. Bounding both sides keeps
    /// the cost flat as a school grows; joining every learner who shares any item with every
    /// item they completed grows with the square of the school.
    #[tracing::instrument(skip_all, err)]
    pub async fn also_completed(
        &self,
        user_id: Uuid,
        limit: u64,
    ) -> Result<Vec<(Uuid, i64)>, StoreError> {
        let sql = "WITH recent AS (\
               SELECT content_id FROM progress WHERE user_id = $1 AND completed_at IS NOT NULL \
               ORDER BY completed_at DESC, content_id LIMIT $3), \
             neighbours AS (\
               SELECT p.user_id AS user_id, count(*) AS overlap \
               FROM progress p JOIN recent r ON r.content_id = p.content_id \
               WHERE p.user_id <> $1 AND p.completed_at IS NOT NULL \
               GROUP BY p.user_id ORDER BY overlap DESC, p.user_id LIMIT $4) \
             SELECT p2.content_id AS content_id, count(*) AS n \
             FROM neighbours s JOIN progress p2 ON p2.user_id = s.user_id \
             WHERE p2.completed_at IS NOT NULL \
               AND NOT EXISTS (SELECT 1 FROM progress mine WHERE mine.user_id = $1 \
                 AND mine.content_id = p2.content_id AND mine.completed_at IS NOT NULL) \
             GROUP BY p2.content_id ORDER BY n DESC, p2.content_id LIMIT $2";
        self.conn()
            .query_all_raw(self.stmt(
                sql,
                [
                    Value::from(user_id),
                    Value::from(limit as i64),
                    Value::from(RECENT_COMPLETIONS),
                    Value::from(SIMILAR_LEARNERS),
                ],
            ))
            .await?
            .into_iter()
            .map(|r| Ok((r.try_get_by("content_id")?, r.try_get_by("n")?)))
            .collect()
    }

    /// Stores the kinds not yet earned; returns the ones newly earned (idempotent, and
    /// safe against concurrent awards: the primary key decides).
    pub async fn award_achievements(
        &self,
        user_id: Uuid,
        kinds: &[&str],
        at: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let mut new = Vec::new();
        for kind in kinds {
            let result = self
                .conn()
                .execute_raw(self.stmt(
                    "INSERT INTO achievements (user_id, kind, earned_at) VALUES ($1, $2, $3) \
                     ON CONFLICT DO NOTHING",
                    [Value::from(user_id), Value::from(*kind), Value::from(at)],
                ))
                .await?;
            if result.rows_affected() > 0 {
                new.push((*kind).to_owned());
            }
        }
        Ok(new)
    }

    /// Earned achievements `(kind, earned at)`, oldest first.
    pub async fn list_achievements(
        &self,
        user_id: Uuid,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        self.conn()
            .query_all_raw(self.stmt(
                "SELECT kind, earned_at FROM achievements WHERE user_id = $1 ORDER BY earned_at, kind",
                [Value::from(user_id)],
            ))
            .await?
            .into_iter()
            .map(|r| Ok((r.try_get_by("kind")?, r.try_get_by("earned_at")?)))
            .collect()
    }
}
