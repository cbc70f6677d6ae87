//! The store's error type: small, and mapped to HTTP by the server.

use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint rejected the write; `field` names the API field it guards.
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
    #[error("not found")]
    NotFound,
    /// A quota checked inside the write (e.g. a project's files or bytes) would be exceeded;
    /// `limit` names which one.
    #[error("{limit} limit reached")]
    Limit { limit: &'static str },
    #[error("configuration: {0}")]
    Config(String),
    /// The database cannot be reached (or is known to be down): retry later, a 503.
    #[error("database unavailable")]
    Unavailable,
    #[error("database: {0}")]
    Db(DbErr),
    #[error("migration: {0}")]
    Migration(String),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        if crate::health::is_connection_error(&err) {
            return StoreError::Unavailable;
        }
        StoreError::Db(err)
    }
}

impl StoreError {
    /// Turns a unique violation into a field conflict, so callers never check-then-insert.
    /// SQLite and PostgreSQL both name the constraint/column in the message; each of our
    /// unique indexes is named after the field it protects.
    pub(crate) fn from_write(err: DbErr, fields: &[&'static str]) -> Self {
        if let Some(SqlErr::UniqueConstraintViolation(message)) = err.sql_err() {
            for field in fields {
                if message.contains(field) {
                    return StoreError::Conflict { field };
                }
            }
        }
        err.into()
    }
}
