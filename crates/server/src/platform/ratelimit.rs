//! Rate limiting behind a trait: in-process GCRA buckets (governor) keyed by client IP
//! or user; a Redis implementation plugs in for scale-out.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// Which budget a request draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// Login, register, password reset…: per IP, strict (credential stuffing, mail bombing).
    Auth,
    /// Everything else, per IP.
    ApiIp,
    /// Everything else, per signed-in user.
    ApiUser,
    /// Code executions, per user.
    Exec,
}

pub trait RateLimiter: Send + Sync + 'static {
    /// `Ok(())` if the request may proceed, else how long to wait.
    fn check(&self, bucket: Bucket, key: &str) -> Result<(), Duration>;
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
}

impl RateLimiter for InProcessRateLimiter {
    fn check(&self, bucket: Bucket, key: &str) -> Result<(), Duration> {
        let Some((_, limiter)) = self.limiters.iter().find(|(b, _)| *b == bucket) else {
            return Ok(());
        };
        limiter
            .check_key(&key.to_owned())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}
