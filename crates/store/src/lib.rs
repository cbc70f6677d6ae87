//! Persistence for Codestead: one code base over SQLite (embedded default) and
//! PostgreSQL (scale-out). SeaORM entities stay inside this crate; callers get the
//! plain domain structs of each module (`accounts`, …) and a small [`StoreError`].

pub mod accounts;
pub mod certificates;
pub mod classrooms;
pub mod collab;
pub mod drafts;
mod entity;
mod error;
pub mod executions;
pub mod health;
pub mod insights;
pub mod learning;
pub mod lti;
mod migration;
pub mod portfolio;
pub mod projects;
pub mod quotas;
pub mod ratings;
pub mod regrades;
pub mod review;
pub mod search;
pub mod session_epoch;
pub mod testing;
pub mod tutor;

use std::path::Path;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

pub use error::StoreError;

/// Which SQL dialect the store speaks; backend-specific SQL matches on this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Handle to the database. Cheap to clone (the pool is shared).
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    /// Read-through cache of live users by id: `/me` and every profile lookup would
    /// otherwise cost a query. Every user write on this server invalidates its entry; the
    /// short TTL bounds how stale another server's copy can be in a scale-out deployment.
    users: std::sync::Arc<moka::sync::Cache<uuid::Uuid, accounts::User>>,
    /// The search index's vocabulary for typo correction (one entry; see `search`).
    vocabulary: std::sync::Arc<moka::sync::Cache<(), std::sync::Arc<search::Vocabulary>>>,
    /// Whether the database is reachable, as the probe last saw it (see `health`).
    health: std::sync::Arc<health::Health>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

/// How long another server may serve a cached profile after a change elsewhere.
const USER_CACHE_TTL: Duration = Duration::from_secs(2);
/// Content changes at deploys and imports, so a minute of staleness on other servers is
/// harmless: only spelling suggestions depend on it.
const VOCABULARY_TTL: Duration = Duration::from_secs(60);

impl Store {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`) and runs every
    /// pending migration, so a started server always sees the current schema.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let store = Self::connect_without_migrating(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without touching the schema (used by `codestead migrate --status`-like tools and tests).
    pub async fn connect_without_migrating(url: &str) -> Result<Self, StoreError> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Config(format!(
                "unsupported database URL scheme in {url:?}: use sqlite:// or postgres://"
            )));
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options.sqlx_logging(false);
        match backend {
            Backend::Sqlite => {
                // WAL lets readers proceed during a write; the busy timeout turns writer
                // contention into a short wait instead of SQLITE_BUSY errors. Foreign keys
                // are off by default in SQLite and must be enabled per connection.
                options
                    .max_connections(8)
                    .min_connections(1)
                    .map_sqlx_sqlite_opts(|o| {
                        o.journal_mode(SqliteJournalMode::Wal)
                            .synchronous(SqliteSynchronous::Normal)
                            .foreign_keys(true)
                            .busy_timeout(Duration::from_secs(5))
                            .create_if_missing(true)
                    });
            }
            Backend::Postgres => {
                // The acquire timeout bounds only requests already waiting when an outage
                // begins; once the probe has seen it, requests are refused at once.
                options
                    .max_connections(50)
                    .min_connections(10)
                    .connect_timeout(Duration::from_secs(3))
                    .acquire_timeout(Duration::from_secs(3));
            }
        }
        let db = Database::connect(options).await?;
        let health = std::sync::Arc::new(health::Health::default());
        if backend == Backend::Postgres {
            health::spawn_probe(url.to_owned(), &health);
        }
        let users = moka::sync::Cache::builder()
            .max_capacity(100_000)
            .time_to_live(USER_CACHE_TTL)
            .build();
        let vocabulary = moka::sync::Cache::builder()
            .max_capacity(1)
            .time_to_live(VOCABULARY_TTL)
            .build();
        // Each moka handle is several `Arc`s; one `Arc` around it keeps a `Store` clone
        // (once per request, with the app state) cheap.
        Ok(Self {
            db,
            backend,
            users: std::sync::Arc::new(users),
            vocabulary: std::sync::Arc::new(vocabulary),
            health,
        })
    }

    /// Applies pending migrations (append-only; see `migration/`).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migration::Migrator::up(&self.db, None).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// True while the database is known to be unreachable: callers answer 503 without
    /// waiting for a connection. Always false on SQLite.
    pub fn is_unavailable(&self) -> bool {
        self.health.is_down()
    }

    /// Cheap round trip used by `/readyz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await?;
        Ok(())
    }

    /// Writes a consistent online copy of a SQLite database to `to` (`VACUUM INTO`
    /// reads inside one transaction, so concurrent writers never tear the copy).
    /// PostgreSQL is backed up with `pg_dump` (see docs/operations.md).
    pub async fn backup_sqlite(&self, to: &Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Config(
                "online backup is built in for SQLite only; use pg_dump for PostgreSQL".into(),
            ));
        }
        if to.exists() {
            return Err(StoreError::Config(format!(
                "{} already exists",
                to.display()
            )));
        }
        let path = to.to_string_lossy().into_owned();
        self.db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "VACUUM INTO ?",
                [path.into()],
            ))
            .await?;
        Ok(())
    }

    pub(crate) fn conn(&self) -> &DatabaseConnection {
        &self.db
    }

    /// A transaction that will write. On SQLite it takes the write lock at `BEGIN
    /// IMMEDIATE`, so a concurrent writer makes it wait (busy timeout) instead of failing:
    /// a deferred transaction that reads first and then writes cannot be retried by SQLite
    /// and fails at once with "database is locked". PostgreSQL ignores the mode.
    pub(crate) async fn begin_write(&self) -> Result<DatabaseTransaction, StoreError> {
        Ok(self
            .db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?)
    }

    /// Closes the pool (tests drop PostgreSQL databases afterwards).
    pub async fn close(self) -> Result<(), StoreError> {
        self.db.close().await?;
        Ok(())
    }
}

/// The default SQLite URL for a data directory.
pub fn sqlite_url_for_dir(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("codestead.db").display())
}
