//! Counted allowances that parallel requests cannot overrun: the count is raised by one
//! atomic upsert *before* the counted work runs, and only while it is below the limit. A
//! check-then-record scheme (count the rows, answer, insert a row) lets N parallel
//! requests all pass the check.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use uuid::Uuid;

use crate::{Backend, Store, StoreError};

impl Store {
    /// Takes one unit of `counter` in `window` (e.g. the UTC day) for the user, if fewer
    /// than `limit` are taken. True when taken.
    #[tracing::instrument(skip_all, err)]
    pub async fn reserve_usage(
        &self,
        user_id: Uuid,
        counter: &str,
        window: &str,
        limit: u32,
    ) -> Result<bool, StoreError> {
        if limit == 0 {
            return Ok(false);
        }
        // The upsert's WHERE makes "below the limit" and "raise" one step: SQLite and
        // PostgreSQL both report 0 rows when it refuses the update.
        let (backend, sql) = match self.backend() {
            Backend::Sqlite => (
                DbBackend::Sqlite,
                "INSERT INTO usage_counters (user_id, counter, period, used) VALUES (?, ?, ?, 1) \
                 ON CONFLICT (user_id, counter, period) DO UPDATE SET used = usage_counters.used + 1 \
                 WHERE usage_counters.used < ?",
            ),
            Backend::Postgres => (
                DbBackend::Postgres,
                "INSERT INTO usage_counters (user_id, counter, period, used) VALUES ($1, $2, $3, 1) \
                 ON CONFLICT (user_id, counter, period) DO UPDATE SET used = usage_counters.used + 1 \
                 WHERE usage_counters.used < $4",
            ),
        };
        let values: [Value; 4] = [
            user_id.into(),
            counter.into(),
            window.into(),
            i64::from(limit).into(),
        ];
        let result = self
            .conn()
            .execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        Ok(result.rows_affected() > 0)
    }

    /// Units of `counter` taken in `window`.
    pub async fn usage(
        &self,
        user_id: Uuid,
        counter: &str,
        window: &str,
    ) -> Result<u64, StoreError> {
        let (backend, sql) = match self.backend() {
            Backend::Sqlite => (
                DbBackend::Sqlite,
                "SELECT used FROM usage_counters WHERE user_id = ? AND counter = ? AND period = ?",
            ),
            Backend::Postgres => (
                DbBackend::Postgres,
                "SELECT used FROM usage_counters WHERE user_id = $1 AND counter = $2 AND period = $3",
            ),
        };
        let values: [Value; 3] = [user_id.into(), counter.into(), window.into()];
        let row = self
            .conn()
            .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        Ok(match row {
            Some(row) => u64::try_from(row.try_get::<i64>("", "used")?).unwrap_or(0),
            None => 0,
        })
    }
}
