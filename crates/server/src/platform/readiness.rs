//! What `/readyz` reports: the database, the cache and (redis mode) the worker fleet, checked at most once per
//! [`REFRESH`] however often the endpoint is called. A load balancer polling every server
//! (or a scanner hammering the public endpoint) would otherwise cost a database round trip
//! per call; concurrent callers share one refresh.

use std::time::{Duration, Instant};

use std::sync::Arc;

use tokio::sync::Mutex;

use codestead_store::Store;

use crate::exec::queue::JobQueue;
use crate::platform::redis_link::RedisLink;

pub const REFRESH: Duration = Duration::from_secs(1);
/// A check slower than this reads as "down": readiness must answer quickly to be useful.
const CHECK_DEADLINE: Duration = Duration::from_millis(800);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Report {
    pub database: bool,
    pub cache: bool,
    /// Redis mode: whether any worker's heartbeat is live (`None` in local mode).
    pub workers: Option<usize>,
    /// When the checks ran: callers see how stale the report is (at most [`REFRESH`]).
    pub checked_at: chrono::DateTime<chrono::Utc>,
}

pub struct Readiness {
    store: Store,
    redis: Option<RedisLink>,
    queue: Arc<dyn JobQueue>,
    last: Mutex<Option<(Instant, Report)>>,
}

impl Readiness {
    pub fn new(store: Store, redis: Option<RedisLink>, queue: Arc<dyn JobQueue>) -> Self {
        Self {
            store,
            redis,
            queue,
            last: Mutex::new(None),
        }
    }

    /// The latest report, refreshed if it is older than [`REFRESH`].
    pub async fn report(&self) -> Report {
        let mut last = self.last.lock().await;
        if let Some((at, report)) = *last
            && at.elapsed() < REFRESH
        {
            return report;
        }
        let report = Report {
            database: self.database().await,
            cache: self.cache().await,
            workers: self.queue.fleet().map(|f| f.workers),
            checked_at: chrono::Utc::now(),
        };
        *last = Some((Instant::now(), report));
        report
    }

    async fn database(&self) -> bool {
        // PostgreSQL has a probe already; its verdict costs nothing.
        if self.store.is_unavailable() {
            return false;
        }
        matches!(
            tokio::time::timeout(CHECK_DEADLINE, self.store.ping()).await,
            Ok(Ok(()))
        )
    }

    async fn cache(&self) -> bool {
        let Some(link) = &self.redis else {
            return true;
        };
        let _ = link
            .run(
                |mut conn| async move { redis::cmd("PING").query_async::<String>(&mut conn).await },
            )
            .await;
        // The link's verdict, which is what requests act on: one slow answer is not yet an
        // outage (see `redis_link`), so "down" here means requests no longer try Redis.
        link.is_up()
    }
}
