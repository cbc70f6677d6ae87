//! A small byte cache behind one trait: in-process (moka) by default, Redis in scale-out
//! (`CODESTEAD_REDIS_URL`), so every server sees the same entries and the same
//! invalidations. Callers treat a cache failure as a miss: the database stays the truth.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::platform::redis_link::{LinkError, RedisLink};

#[derive(Debug, thiserror::Error)]
#[error("cache: {0}")]
pub struct CacheError(String);

#[async_trait]
pub trait Cache: Send + Sync + 'static {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError>;
    /// Stores `value` under `key` for `ttl` (replacing any earlier value and TTL).
    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError>;
    async fn delete(&self, key: &str) -> Result<(), CacheError>;
    /// Which implementation (for logs and `/readyz`).
    fn name(&self) -> &'static str;
}

/// Reads a JSON value; a failure or a value that no longer decodes is a miss.
pub async fn get_json<T: DeserializeOwned>(cache: &dyn Cache, key: &str) -> Option<T> {
    match cache.get(key).await {
        Ok(Some(bytes)) => serde_json::from_slice(&bytes).ok(),
        Ok(None) => None,
        Err(err) => {
            tracing::warn!(%err, key, "cache read failed");
            None
        }
    }
}

/// Writes a JSON value; a failure is logged and otherwise ignored.
pub async fn set_json<T: Serialize>(cache: &dyn Cache, key: &str, value: &T, ttl: Duration) {
    let Ok(bytes) = serde_json::to_vec(value) else {
        return;
    };
    if let Err(err) = cache.set(key, &bytes, ttl).await {
        tracing::warn!(%err, key, "cache write failed");
    }
}

/// Deletes a key; a failure is logged. A failed invalidation on Redis is bounded by the
/// entries' TTLs, which is why every entry has one.
pub async fn invalidate(cache: &dyn Cache, key: &str) {
    if let Err(err) = cache.delete(key).await {
        tracing::warn!(%err, key, "cache invalidation failed");
    }
}

/// Per-entry expiry: each value carries its own TTL.
struct PerEntryTtl;

impl moka::Expiry<String, (Arc<[u8]>, Duration)> for PerEntryTtl {
    fn expire_after_create(
        &self,
        _key: &String,
        value: &(Arc<[u8]>, Duration),
        _created_at: Instant,
    ) -> Option<Duration> {
        Some(value.1)
    }

    fn expire_after_update(
        &self,
        _key: &String,
        value: &(Arc<[u8]>, Duration),
        _updated_at: Instant,
        _remaining: Option<Duration>,
    ) -> Option<Duration> {
        Some(value.1)
    }
}

/// The in-process cache (one server).
pub struct MokaCache {
    inner: moka::sync::Cache<String, (Arc<[u8]>, Duration)>,
}

impl MokaCache {
    /// `max_bytes` bounds the memory held by values.
    pub fn new(max_bytes: u64) -> Self {
        Self {
            inner: moka::sync::Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|k: &String, v: &(Arc<[u8]>, Duration)| {
                    u32::try_from(k.len() + v.0.len()).unwrap_or(u32::MAX)
                })
                .expire_after(PerEntryTtl)
                .build(),
        }
    }
}

impl Default for MokaCache {
    fn default() -> Self {
        Self::new(64 * 1024 * 1024)
    }
}

#[async_trait]
impl Cache for MokaCache {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError> {
        Ok(self.inner.get(key).map(|(v, _)| v.to_vec()))
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError> {
        self.inner.insert(key.to_owned(), (Arc::from(value), ttl));
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        self.inner.invalidate(key);
        Ok(())
    }

    fn name(&self) -> &'static str {
        "moka"
    }
}

/// The shared cache of a scale-out deployment. Keys are namespaced by `prefix`, so one
/// Redis can serve several installations (and tests never see each other's keys). Every
/// command has the link's deadline; while Redis is down every call fails at once, which
/// callers read as a miss (see `redis_link`).
pub struct RedisCache {
    link: RedisLink,
    prefix: String,
}

impl RedisCache {
    /// Connects (and reconnects on its own later).
    pub async fn connect(url: &str, prefix: impl Into<String>) -> Result<Self, CacheError> {
        let link = RedisLink::connect(url)
            .await
            .map_err(|e| CacheError(format!("{e:#}")))?;
        Ok(Self::new(link, prefix))
    }

    /// Over a connection the server shares with its other Redis users.
    pub fn new(link: RedisLink, prefix: impl Into<String>) -> Self {
        Self {
            link,
            prefix: prefix.into(),
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{}", self.prefix, key)
    }
}

fn cache_error(err: LinkError) -> CacheError {
    CacheError(err.to_string())
}

#[async_trait]
impl Cache for RedisCache {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError> {
        let key = self.key(key);
        self.link
            .run(|mut conn| async move {
                redis::cmd("GET")
                    .arg(key)
                    .query_async::<Option<Vec<u8>>>(&mut conn)
                    .await
            })
            .await
            .map_err(cache_error)
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError> {
        let key = self.key(key);
        let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        self.link
            .run(|mut conn| async move {
                redis::cmd("SET")
                    .arg(key)
                    .arg(value)
                    .arg("PX")
                    .arg(millis)
                    .query_async::<()>(&mut conn)
                    .await
            })
            .await
            .map_err(cache_error)
    }

    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        let key = self.key(key);
        self.link
            .run(|mut conn| async move {
                redis::cmd("DEL")
                    .arg(key)
                    .query_async::<()>(&mut conn)
                    .await
            })
            .await
            .map_err(cache_error)
    }

    fn name(&self) -> &'static str {
        "redis"
    }
}
