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
}

/// Sessions in the deployment's shared cache. A cache failure reads as a miss (the
/// database answers); a failed invalidation is bounded by the entries' TTL, kept short
/// for that reason.
pub struct SharedSessionCache {
    cache: Arc<dyn Cache>,
}

const SHARED_SESSION_TTL: Duration = Duration::from_secs(60);

impl SharedSessionCache {
    pub fn new(cache: Arc<dyn Cache>) -> Self {
        Self { cache }
    }

    fn key(id: Uuid) -> String {
        format!("session:{id}")
    }
}

#[async_trait]
impl SessionCache for SharedSessionCache {
    async fn get(&self, id: Uuid) -> Option<CachedSession> {
        cache::get_json(self.cache.as_ref(), &Self::key(id)).await
    }
    async fn put(&self, id: Uuid, session: CachedSession) {
        cache::set_json(
            self.cache.as_ref(),
            &Self::key(id),
            &session,
            SHARED_SESSION_TTL,
        )
        .await;
    }
    async fn invalidate(&self, id: Uuid) {
        cache::invalidate(self.cache.as_ref(), &Self::key(id)).await;
    }
}
