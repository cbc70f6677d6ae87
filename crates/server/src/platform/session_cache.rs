//! Session lookup cache: the access-token check consults it on every request so that
//! logout and revocation take effect at once without a database read per request.
//! In-process (moka) on one server; in scale-out it lives in the shared cache (Redis),
//! so a logout on one server is seen by all of them at the next request.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::platform::cache::{self, Cache};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedSession {
    pub user_id: Uuid,
    /// The user's role as the database says, not as the access token claims: a demoted
    /// admin loses the rights at the next request (the role change invalidates this entry).
    pub role: codestead_store::accounts::Role,
    pub expires_at: DateTime<Utc>,
    pub revoked: bool,
}

#[async_trait]
pub trait SessionCache: Send + Sync + 'static {
    async fn get(&self, id: Uuid) -> Option<CachedSession>;
    async fn put(&self, id: Uuid, session: CachedSession);
    async fn invalidate(&self, id: Uuid);
    /// Drops every entry (another process changed sessions or roles: see [`watch_epoch`]).
    async fn clear(&self);
}

pub struct InProcessSessionCache(moka::sync::Cache<Uuid, CachedSession>);

impl InProcessSessionCache {
    pub fn new() -> Self {
        // The TTL only bounds memory; correctness comes from explicit invalidation.
        Self(
            moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_idle(Duration::from_secs(600))
                .build(),
        )
    }
}

impl Default for InProcessSessionCache {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait]
impl SessionCache for InProcessSessionCache {
    async fn get(&self, id: Uuid) -> Option<CachedSession> {
        self.0.get(&id)
    }
    async fn put(&self, id: Uuid, session: CachedSession) {
        self.0.insert(id, session);
    }
    async fn invalidate(&self, id: Uuid) {
        self.0.invalidate(&id);
    }
    async fn clear(&self) {
        self.0.invalidate_all();
    }
}

/// Sessions in the deployment's shared cache. A cache failure reads as a miss (the
/// database answers).
///
/// An invalidation that fails (Redis down or hung) must not leave a stale entry to be
/// served when Redis answers again: a demoted admin, a logged-out or password-changed
/// session would come back for up to the entry's TTL. So each entry is stamped with the
/// sessions epoch it was written in and read only in that same epoch, and a failed
/// invalidation raises the epoch in the database (which every server watches, see
/// [`watch_epoch`]): every entry written before it is then a miss. This server knows the
/// new epoch at once; the others within [`EPOCH_CHECK`], and while Redis is down they read
/// the database anyway.
pub struct SharedSessionCache {
    cache: Arc<dyn Cache>,
    store: codestead_store::Store,
    epoch: SeenEpoch,
}

const SHARED_SESSION_TTL: Duration = Duration::from_secs(60);

/// A shared entry with the sessions epoch it is valid in.
#[derive(Serialize, Deserialize)]
struct Stamped {
    epoch: i64,
    #[serde(flatten)]
    session: CachedSession,
}

impl SharedSessionCache {
    pub fn new(cache: Arc<dyn Cache>, store: codestead_store::Store, epoch: SeenEpoch) -> Self {
        Self {
            cache,
            store,
            epoch,
        }
    }

    fn key(id: Uuid) -> String {
        format!("session:{id}")
    }

    /// Makes every entry written so far a miss, on every server.
    async fn raise_epoch(&self) {
        let raised = async {
            self.store.bump_session_epoch().await?;
            self.store.session_epoch().await
        };
        match raised.await {
            Ok(epoch) => {
                self.epoch.advance(epoch);
                tracing::warn!(
                    epoch,
                    "session cache invalidation failed; sessions epoch raised instead"
                );
            }
            // The database is down too: the request that revoked cannot have succeeded.
            Err(err) => tracing::error!(%err, "session cache invalidation failed"),
        }
    }
}

#[async_trait]
impl SessionCache for SharedSessionCache {
    async fn get(&self, id: Uuid) -> Option<CachedSession> {
        let epoch = self.epoch.get();
        if epoch < 0 {
            return None;
        }
        let stamped: Stamped = cache::get_json(self.cache.as_ref(), &Self::key(id)).await?;
        (stamped.epoch == epoch).then_some(stamped.session)
    }
    async fn put(&self, id: Uuid, session: CachedSession) {
        let epoch = self.epoch.get();
        if epoch < 0 {
            return;
        }
        cache::set_json(
            self.cache.as_ref(),
            &Self::key(id),
            &Stamped { epoch, session },
            SHARED_SESSION_TTL,
        )
        .await;
    }
    async fn invalidate(&self, id: Uuid) {
        if let Err(err) = self.cache.delete(&Self::key(id)).await {
            tracing::warn!(%err, session = %id, "session cache invalidation failed");
            self.raise_epoch().await;
        }
    }
    /// Nothing to drop: entries of an older epoch are misses already.
    async fn clear(&self) {}
}

/// How often a server reads the sessions epoch.
pub const EPOCH_CHECK: Duration = Duration::from_secs(1);

/// The sessions epoch this server has acted on (`-1` before the first read); `/readyz`
/// shows it, so an operator (or a test) can tell when a change has been seen. It only
/// moves forward.
#[derive(Clone)]
pub struct SeenEpoch(Arc<std::sync::atomic::AtomicI64>);

impl SeenEpoch {
    /// Nothing read yet: what `build_state` starts with, before `spawn_tasks` watches.
    pub fn unknown() -> Self {
        Self(Arc::new(std::sync::atomic::AtomicI64::new(-1)))
    }

    pub fn get(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Takes `epoch` unless a later one is known already (the watcher's read may land
    /// after this server raised the epoch itself).
    pub fn advance(&self, epoch: i64) {
        self.0.fetch_max(epoch, std::sync::atomic::Ordering::AcqRel);
    }
}

/// Reads the database's sessions epoch once per [`EPOCH_CHECK`] and drops the whole
/// session cache when it moved. This is how a role changed by another process
/// (`codestead admin set-role` runs as its own process, with its own cache) reaches a
/// running server within about a second in the default mode, where the cache lives in
/// this process. One tiny read a second per server; a failed read changes nothing (the
/// next tick tries again). The task ends when the cache is dropped. Each epoch read is
/// published into `seen`.
pub fn watch_epoch(
    store: codestead_store::Store,
    sessions: &Arc<dyn SessionCache>,
    seen: &SeenEpoch,
) {
    let published = seen.clone();
    let sessions = Arc::downgrade(sessions);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EPOCH_CHECK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last: Option<i64> = None;
        loop {
            tick.tick().await;
            let Some(sessions) = sessions.upgrade() else {
                break;
            };
            let epoch = match tokio::time::timeout(EPOCH_CHECK, store.session_epoch()).await {
                Ok(Ok(epoch)) => epoch,
                Ok(Err(err)) => {
                    tracing::debug!(%err, "reading the sessions epoch failed");
                    continue;
                }
                Err(_) => continue,
            };
            if last.is_some_and(|l| l != epoch) {
                tracing::info!(epoch, "sessions changed elsewhere; session cache cleared");
                sessions.clear().await;
            }
            last = Some(epoch);
            // Published after the cache is cleared: once `/readyz` shows the epoch, the
            // next request reads the database.
            published.advance(epoch);
        }
    });
}
