//! The one Redis connection of a server, with a deadline on every command and a memory of
//! whether Redis is reachable.
//!
//! `ConnectionManager` reconnects by itself, but while Redis is down each command waits for
//! its reconnect attempts: every authenticated request hung with it. Here a command that
//! fails on the connection, or takes longer than [`COMMAND_DEADLINE`], marks the link down;
//! while down, commands fail at once (callers fall back: cache miss, database session
//! check, in-process rate limits) and one probe pings every [`PROBE_INTERVAL`] until Redis
//! answers, then the link is up again.
//!
//! A single timeout does not mark the link down at once (a PING beside it must go
//! unanswered too: one slow answer under load is not an outage), so for that PING's length
//! the link still looks up. A request carries its own memory of that: once one of its
//! commands has waited out the deadline, its later commands fail at once (see
//! [`request_scope`]). So a request pays the deadline at most once, never per command:
//! the rate-limit check, the session lookup and the caches of one request share it.

use std::cell::Cell;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// The longest a request waits on one Redis command before treating Redis as down.
pub const COMMAND_DEADLINE: Duration = Duration::from_millis(150);
/// How often the probe asks a Redis that is down whether it is back.
pub const PROBE_INTERVAL: Duration = Duration::from_millis(200);

tokio::task_local! {
    /// Whether the current request has already waited out a Redis deadline.
    static DEADLINE_PAID: Cell<bool>;
}

/// Runs one request (`fut`) with its own Redis budget: after its first command that times
/// out, every later command of the request fails at once with [`LinkError::Down`] (its
/// callers fall back as they do for an outage). Commands outside any request scope (the
/// workers, background tasks) are not affected.
pub async fn request_scope<F: Future>(fut: F) -> F::Output {
    DEADLINE_PAID.scope(Cell::new(false), fut).await
}

fn deadline_already_paid() -> bool {
    DEADLINE_PAID.try_with(Cell::get).unwrap_or(false)
}

fn note_deadline_paid() {
    let _ = DEADLINE_PAID.try_with(|paid| paid.set(true));
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Known to be down: not even tried.
    #[error("redis is unavailable")]
    Down,
    #[error("redis did not answer within {0:?}")]
    Timeout(Duration),
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
}

#[derive(Default)]
struct LinkState {
    down: AtomicBool,
    probing: AtomicBool,
}

#[derive(Clone)]
pub struct RedisLink {
    conn: ConnectionManager,
    state: Arc<LinkState>,
    /// How long one command may take ([`COMMAND_DEADLINE`] unless configured).
    deadline: Duration,
}

impl RedisLink {
    /// Connects (Redis must be up at start-up: a misconfigured URL should stop the server
    /// rather than leave it running without its shared state).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        Self::connect_with_deadline(url, COMMAND_DEADLINE).await
    }

    /// [`connect`](Self::connect) with another command deadline (`--redis-deadline-ms`:
    /// a Redis further away than the same data centre, or a test that needs the deadline
    /// long enough to tell one wait from two on a loaded machine).
    pub async fn connect_with_deadline(url: &str, deadline: Duration) -> anyhow::Result<Self> {
        use anyhow::Context;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(deadline * 5))
            // Longer than the link's own deadline, so a slow answer always takes the path
            // in `run` that asks a PING before calling Redis down (were the two equal, which
            // fired first would decide whether one stall marked Redis down for everyone).
            .set_response_timeout(Some(deadline * 2))
            // Reconnects are the probe's job; a command never waits through a retry series.
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(100));
        let conn = redis::Client::open(url)
            .context("reading CODESTEAD_REDIS_URL")?
            .get_connection_manager_with_config(config)
            .await
            .context("connecting to Redis (CODESTEAD_REDIS_URL)")?;
        Ok(Self {
            conn,
            state: Arc::default(),
            deadline,
        })
    }

    /// The deadline of one command.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// Whether Redis answered the last command (or probe).
    pub fn is_up(&self) -> bool {
        !self.state.down.load(Ordering::Relaxed)
    }

    /// Runs one command (or script) on the shared connection, within the deadline. Not
    /// tried when the link is down, nor when this request already waited out a deadline.
    pub async fn run<T, F, Fut>(&self, op: F) -> Result<T, LinkError>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        if !self.is_up() || deadline_already_paid() {
            return Err(LinkError::Down);
        }
        let deadline = self.deadline;
        match tokio::time::timeout(deadline, op(self.conn.clone())).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => {
                if err.is_timeout() {
                    note_deadline_paid();
                }
                if is_outage(&err) {
                    self.mark_down();
                }
                Err(err.into())
            }
            Err(_) => {
                note_deadline_paid();
                // One slow answer on a loaded machine is not an outage (taking it for one
                // failed every run in flight): Redis is down only when a PING within the same
                // bound goes unanswered too. The PING runs beside this answer, which is not
                // held up by it.
                let link = self.clone();
                tokio::spawn(async move {
                    let mut c = link.conn.clone();
                    let pong = tokio::time::timeout(
                        deadline,
                        redis::cmd("PING").query_async::<String>(&mut c),
                    )
                    .await;
                    if !matches!(pong, Ok(Ok(_))) {
                        link.mark_down();
                    }
                });
                Err(LinkError::Timeout(deadline))
            }
        }
    }

    fn mark_down(&self) {
        if !self.state.down.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                "Redis unreachable: caches bypassed, sessions checked in the database, \
                 rate limits kept per server until it returns"
            );
        }
        if self.state.probing.swap(true, Ordering::AcqRel) {
            return;
        }
        let conn = self.conn.clone();
        let state = Arc::downgrade(&self.state);
        let deadline = self.deadline;
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(PROBE_INTERVAL).await;
                let Some(state) = state.upgrade() else { break };
                let mut c = conn.clone();
                let pong = tokio::time::timeout(
                    deadline,
                    redis::cmd("PING").query_async::<String>(&mut c),
                )
                .await;
                if matches!(pong, Ok(Ok(_))) {
                    state.down.store(false, Ordering::Relaxed);
                    state.probing.store(false, Ordering::Release);
                    tracing::info!("Redis reachable again");
                    break;
                }
            }
        });
    }
}

/// Connection trouble, as opposed to a command Redis refused (a script error, a type error).
fn is_outage(err: &redis::RedisError) -> bool {
    err.is_io_error()
        || err.is_connection_dropped()
        || err.is_connection_refusal()
        || err.is_timeout()
        || err.is_unrecoverable_error()
}
