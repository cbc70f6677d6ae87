//! Session lookup cache: the access-token check consults it on every request so that
//! logout and revocation take effect at once without a database read per request.
//! In-process (moka) here; invalidated explicitly on every revocation.

use std::time::Duration;

use chrono::{DateTime, Utc};
use moka::sync::Cache;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CachedSession {
    pub user_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub revoked: bool,
}

pub trait SessionCache: Send + Sync + 'static {
    fn get(&self, id: Uuid) -> Option<CachedSession>;
    fn put(&self, id: Uuid, session: CachedSession);
    fn invalidate(&self, id: Uuid);
}

pub struct InProcessSessionCache(Cache<Uuid, CachedSession>);

impl InProcessSessionCache {
    pub fn new() -> Self {
        // The TTL only bounds memory; correctness comes from explicit invalidation.
        Self(
            Cache::builder()
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

impl SessionCache for InProcessSessionCache {
    fn get(&self, id: Uuid) -> Option<CachedSession> {
        self.0.get(&id)
    }
    fn put(&self, id: Uuid, session: CachedSession) {
        self.0.insert(id, session);
    }
    fn invalidate(&self, id: Uuid) {
        self.0.invalidate(&id);
    }
}
