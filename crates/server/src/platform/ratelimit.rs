//! Rate limiting behind a trait, with one algorithm (GCRA) in two places: in-process
//! buckets (governor) for one server, and a Redis script for scale-out, so every server
//! draws from the same budget. Keys are a client IP, a user id or an account's e-mail.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::platform::redis_link::{LinkError, RedisLink};

/// Which budget a request draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// Login, register, password reset…: per client address. Sized for a classroom behind
    /// one NAT, yet a bound on one address spraying many accounts.
    Auth,
    /// Login, register, password reset…: per account (its normalised e-mail address), from
    /// any number of addresses: guessing one password, or mail-bombing one mailbox, from a
    /// botnet. The lockout after failed logins is separate and stays.
    AuthAccount,
    /// Everything else, per IP.
    ApiIp,
    /// Everything else, per signed-in user.
    ApiUser,
    /// Code executions, per user.
    Exec,
}

impl Bucket {
    /// The budget's name in Redis keys and the `rate_limited_total` metric.
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Auth => "auth",
            Bucket::AuthAccount => "auth-account",
            Bucket::ApiIp => "api-ip",
            Bucket::ApiUser => "api-user",
            Bucket::Exec => "exec",
        }
    }
}

#[async_trait]
pub trait RateLimiter: Send + Sync + 'static {
    /// `Ok(())` if the request may proceed, else how long to wait.
    async fn check(&self, bucket: Bucket, key: &str) -> Result<(), Duration>;
}

pub struct InProcessRateLimiter {
    limiters: Vec<(Bucket, DefaultKeyedRateLimiter<String>)>,
    clock: DefaultClock,
}

impl InProcessRateLimiter {
    /// `per_minute` for each bucket; bursts up to the whole minute's allowance.
    pub fn new(per_minute: &[(Bucket, u32)]) -> Self {
        let limiters = per_minute
            .iter()
            .map(|&(bucket, n)| {
                let n = NonZeroU32::new(n.max(1)).expect("non-zero");
                (bucket, governor::RateLimiter::keyed(Quota::per_minute(n)))
            })
            .collect();
        Self {
            limiters,
            clock: DefaultClock::default(),
        }
    }

    /// Drops idle keys so memory stays bounded under many distinct clients.
    pub fn sweep(&self) {
        for (_, limiter) in &self.limiters {
            limiter.retain_recent();
        }
    }

    /// A limiter whose idle keys are swept every minute for as long as it lives.
    pub fn with_sweeper(per_minute: &[(Bucket, u32)]) -> Arc<Self> {
        let limiter = Arc::new(Self::new(per_minute));
        let sweeper = Arc::downgrade(&limiter);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(limiter) = sweeper.upgrade() else {
                    break;
                };
                limiter.sweep();
            }
        });
        limiter
    }
}

#[async_trait]
impl RateLimiter for InProcessRateLimiter {
    async fn check(&self, bucket: Bucket, key: &str) -> Result<(), Duration> {
        let Some((_, limiter)) = self.limiters.iter().find(|(b, _)| *b == bucket) else {
            return Ok(());
        };
        limiter
            .check_key(&key.to_owned())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

/// GCRA as governor runs it (one cell every `interval`, a burst of the whole allowance),
/// kept in Redis as each key's "theoretical arrival time". Redis's own clock is used so
/// servers with drifting clocks still agree. Returns 0 to allow, else the wait in µs.
const GCRA_SCRIPT: &str = r"
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local tolerance = interval * tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - now - tolerance
if wait > 0 then return string.format('%.0f', wait) end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return '0'
";

/// The shared limiter of a scale-out deployment (`CODESTEAD_REDIS_URL`). When Redis
/// cannot be reached, each server limits on its own (`fallback`, the same quotas in
/// process) and logs a warning: neither fail-open (an outage would lift the auth limit
/// for credential stuffing) nor fail-closed (an outage would lock everyone out). With N
/// servers the effective budget is then at most N times the quota.
pub struct RedisRateLimiter {
    link: RedisLink,
    prefix: String,
    quotas: Vec<(Bucket, u32)>,
    script: redis::Script,
    fallback: Arc<InProcessRateLimiter>,
}

impl RedisRateLimiter {
    pub fn new(link: RedisLink, prefix: impl Into<String>, per_minute: &[(Bucket, u32)]) -> Self {
        Self {
            link,
            prefix: prefix.into(),
            quotas: per_minute.to_vec(),
            script: redis::Script::new(GCRA_SCRIPT),
            fallback: InProcessRateLimiter::with_sweeper(per_minute),
        }
    }
}

#[async_trait]
impl RateLimiter for RedisRateLimiter {
    async fn check(&self, bucket: Bucket, key: &str) -> Result<(), Duration> {
        let Some(&(_, per_minute)) = self.quotas.iter().find(|(b, _)| *b == bucket) else {
            return Ok(());
        };
        let per_minute = per_minute.max(1);
        let interval_micros = 60_000_000 / u64::from(per_minute);
        let script = &self.script;
        let redis_key = format!("{}ratelimit:{}:{key}", self.prefix, bucket.name());
        let reply: Result<String, _> = self
            .link
            .run(|mut conn| async move {
                script
                    .key(redis_key)
                    .arg(interval_micros.max(1))
                    .arg(per_minute)
                    .invoke_async(&mut conn)
                    .await
            })
            .await;
        match reply.map(|r| r.parse::<u64>()) {
            Ok(Ok(0)) => Ok(()),
            Ok(Ok(wait)) => Err(Duration::from_micros(wait)),
            Ok(Err(err)) => {
                tracing::warn!(%err, "rate limiter: unexpected reply from Redis; limiting in process");
                self.fallback.check(bucket, key).await
            }
            Err(LinkError::Down) => self.fallback.check(bucket, key).await,
            Err(err) => {
                tracing::warn!(%err, "rate limiter: Redis unavailable; limiting in process");
                self.fallback.check(bucket, key).await
            }
        }
    }
}
