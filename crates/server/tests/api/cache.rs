//! One contract for every cache backend: the in-process moka cache always, Redis when
//! `CODESTEAD_TEST_REDIS_URL` names a server (`make test` sets it when Redis is up).

use std::time::{Duration, Instant};

use codestead_server::platform::cache::{Cache, MokaCache, RedisCache, get_json, set_json};

const REDIS_ENV: &str = "CODESTEAD_TEST_REDIS_URL";

/// Every backend available here, each with a key namespace of its own.
async fn backends() -> Vec<Box<dyn Cache>> {
    let mut all: Vec<Box<dyn Cache>> = vec![Box::new(MokaCache::default())];
    match std::env::var(REDIS_ENV).ok().filter(|u| !u.is_empty()) {
        Some(url) => {
            let prefix = format!("codestead-test:{}:", uuid::Uuid::now_v7().simple());
            let redis = RedisCache::connect(&url, prefix)
                .await
                .unwrap_or_else(|e| panic!("{REDIS_ENV} is set but unusable: {e}"));
            all.push(Box::new(redis));
        }
        None => eprintln!("note: {REDIS_ENV} unset; the Redis cache contract run is skipped"),
    }
    all
}

#[tokio::test]
async fn a_value_is_read_back_replaced_and_deleted() {
    for cache in backends().await {
        let name = cache.name();
        let hour = Duration::from_secs(3600);
        assert_eq!(cache.get("a").await.unwrap(), None, "{name}");
        cache.set("a", b"one", hour).await.unwrap();
        cache.set("b", &[0, 255, 7], hour).await.unwrap();
        assert_eq!(
            cache.get("a").await.unwrap().as_deref(),
            Some(&b"one"[..]),
            "{name}"
        );
        assert_eq!(
            cache.get("b").await.unwrap().as_deref(),
            Some(&[0u8, 255, 7][..]),
            "{name}: binary-safe"
        );
        cache.set("a", b"two", hour).await.unwrap();
        assert_eq!(
            cache.get("a").await.unwrap().as_deref(),
            Some(&b"two"[..]),
            "{name}"
        );
        cache.delete("a").await.unwrap();
        assert_eq!(cache.get("a").await.unwrap(), None, "{name}");
        assert!(
            cache.get("b").await.unwrap().is_some(),
            "{name}: delete touches one key"
        );
        cache.delete("a").await.unwrap();
        cache.delete("b").await.unwrap();
    }
}

#[tokio::test]
async fn json_helpers_round_trip_and_treat_garbage_as_a_miss() {
    for cache in backends().await {
        let name = cache.name();
        let value = serde_json::json!({"streak": {"current": 3}, "items": [1, 2]});
        set_json(cache.as_ref(), "j", &value, Duration::from_secs(60)).await;
        let back: Option<serde_json::Value> = get_json(cache.as_ref(), "j").await;
        assert_eq!(back, Some(value), "{name}");
        cache
            .set("j", b"not json", Duration::from_secs(60))
            .await
            .unwrap();
        let garbage: Option<serde_json::Value> = get_json(cache.as_ref(), "j").await;
        assert_eq!(garbage, None, "{name}");
        cache.delete("j").await.unwrap();
    }
}

#[tokio::test]
async fn an_entry_expires_after_its_ttl() {
    for cache in backends().await {
        let name = cache.name();
        cache
            .set("short", b"x", Duration::from_millis(100))
            .await
            .unwrap();
        cache
            .set("long", b"y", Duration::from_secs(3600))
            .await
            .unwrap();
        // Expiry is about elapsed time itself, so this polls the clock rather than
        // synchronising with anything; the deadline is generous.
        let deadline = Instant::now() + Duration::from_secs(5);
        while cache.get("short").await.unwrap().is_some() {
            assert!(Instant::now() < deadline, "{name}: entry never expired");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(
            cache.get("long").await.unwrap().is_some(),
            "{name}: own TTL per entry"
        );
        cache.delete("long").await.unwrap();
    }
}

#[tokio::test]
async fn two_clients_of_one_redis_share_entries_and_invalidations() {
    let Some(url) = std::env::var(REDIS_ENV).ok().filter(|u| !u.is_empty()) else {
        eprintln!("note: {REDIS_ENV} unset; skipped");
        return;
    };
    let prefix = format!("codestead-test:{}:", uuid::Uuid::now_v7().simple());
    let a = RedisCache::connect(&url, prefix.clone()).await.unwrap();
    let b = RedisCache::connect(&url, prefix).await.unwrap();
    let other = RedisCache::connect(&url, "codestead-test:other:")
        .await
        .unwrap();
    a.set("dashboard:1", b"v1", Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        b.get("dashboard:1").await.unwrap().as_deref(),
        Some(&b"v1"[..])
    );
    assert_eq!(
        other.get("dashboard:1").await.unwrap(),
        None,
        "prefixes separate installations"
    );
    b.delete("dashboard:1").await.unwrap();
    assert_eq!(a.get("dashboard:1").await.unwrap(), None);
}
