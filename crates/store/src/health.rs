//! Whether the database can be reached, known without a request having to wait for it.
//!
//! A PostgreSQL outage otherwise costs every request the pool's acquire timeout (seconds)
//! before it fails. A probe on its own one-connection pool (so a busy main pool never reads
//! as an outage) pings every [`PROBE_INTERVAL`] with a [`PROBE_DEADLINE`]; callers ask
//! [`Store::is_unavailable`](crate::Store::is_unavailable) and answer 503 at once while
//! it is down. The pool reconnects by itself when the database returns, and the probe sees
//! it within one interval. SQLite is a local file: it has no outage of this kind, and no probe.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sea_orm::{ConnectOptions, Database, DatabaseConnection};

/// How often the probe asks while the database is up (it asks twice as often while down).
pub const PROBE_INTERVAL: Duration = Duration::from_millis(500);
/// A ping slower than this counts as an outage: a blackholed connection never errors.
pub const PROBE_DEADLINE: Duration = Duration::from_millis(800);

#[derive(Debug, Default)]
pub(crate) struct Health {
    down: AtomicBool,
}

impl Health {
    pub(crate) fn is_down(&self) -> bool {
        self.down.load(Ordering::Relaxed)
    }

    fn set(&self, down: bool) {
        let was = self.down.swap(down, Ordering::Relaxed);
        if was != down {
            if down {
                tracing::error!("database unreachable: answering 503 until it returns");
            } else {
                tracing::info!("database reachable again");
            }
        }
    }
}

/// Starts the probe for the database at `url`; it stops when `health`'s last owner (the
/// last `Store` clone) is gone.
pub(crate) fn spawn_probe(url: String, health: &Arc<Health>) {
    let weak = Arc::downgrade(health);
    tokio::spawn(async move {
        let mut probe: Option<DatabaseConnection> = None;
        while let Some(health) = weak.upgrade() {
            let ok = tokio::time::timeout(PROBE_DEADLINE, ping(&url, &mut probe))
                .await
                .unwrap_or(false);
            if !ok {
                // A connection that timed out may be wedged; the next round opens a new one.
                probe = None;
            }
            health.set(!ok);
            let pause = if ok {
                PROBE_INTERVAL
            } else {
                PROBE_INTERVAL / 2
            };
            drop(health);
            tokio::time::sleep(pause).await;
        }
    });
}

async fn ping(url: &str, probe: &mut Option<DatabaseConnection>) -> bool {
    if probe.is_none() {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .sqlx_logging(false)
            .max_connections(1)
            .min_connections(0)
            .connect_timeout(PROBE_DEADLINE)
            .acquire_timeout(PROBE_DEADLINE);
        match Database::connect(options).await {
            Ok(db) => *probe = Some(db),
            Err(_) => return false,
        }
    }
    match probe {
        Some(db) => db.ping().await.is_ok(),
        None => false,
    }
}

/// Whether a database error means "cannot reach the database" (503) rather than a bug
/// or a rejected statement (500).
pub(crate) fn is_connection_error(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr};
    match err {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            matches!(
                **e,
                sqlx::Error::Io(_)
                    | sqlx::Error::Tls(_)
                    | sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::WorkerCrashed
            ) || is_shutdown_code(e)
        }
        DbErr::Conn(_) => true,
        _ => false,
    }
}

/// PostgreSQL's "connection exception" (08…) and "operator intervention" (57P…, e.g. the
/// server shutting down) classes are outages, not statement errors.
fn is_shutdown_code(err: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = err else {
        return false;
    };
    db.code()
        .is_some_and(|code| code.starts_with("08") || code.starts_with("57P"))
}
