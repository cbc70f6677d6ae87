//! Backends behind traits, chosen once at start-up: blob storage, cache, clock, mailer, rate
//! limiter and session cache. Each has an in-process implementation; scale-out ones plug in here.

pub mod blobs;
pub mod cache;
pub mod clock;
pub mod mail;
pub mod private;
pub mod ratelimit;
pub mod readiness;
pub mod redis_link;
pub mod session_cache;
