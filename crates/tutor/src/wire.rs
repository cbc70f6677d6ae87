//! What the HTTP providers share: sending with retries (429/5xx/529 with `retry-after`, never a
//! spend-cap 429), turning a byte stream into provider chunks through an SSE decoder, and the idle
//! timeout and cancellation wrapped around the stream.

use std::{collections::VecDeque, fmt::Display, time::Duration};

use eventsource_stream::Eventsource;
use futures_util::{Stream, StreamExt, stream};
use reqwest::{RequestBuilder, Response, StatusCode, header::HeaderMap};
use tokio_util::sync::CancellationToken;

use crate::{Chunk, ChunkStream, RetryPolicy, TutorError};

/// Turns one provider's SSE events into chunks. Byte-exact fixtures drive implementations of this
/// through [`decode_sse`].
pub trait WireParser: Send + 'static {
    /// One dispatched SSE event (`event` is `"message"` when the field was absent).
    fn on_event(&mut self, event: &str, data: &str) -> Result<Vec<Chunk>, TutorError>;
    /// The byte stream ended; a parser that has not seen its terminator reports a dropped stream.
    fn on_end(&mut self) -> Result<Vec<Chunk>, TutorError>;
    /// The terminator was seen; nothing after it is read.
    fn finished(&self) -> bool;
}

/// Decodes an SSE byte stream (any chunking, LF or CRLF) into chunks with `parser`.
pub fn decode_sse<S, B, E, P>(bytes: S, parser: P) -> ChunkStream
where
    S: Stream<Item = Result<B, E>> + Send + 'static,
    B: AsRef<[u8]> + Send + 'static,
    E: Display + Send + 'static,
    P: WireParser,
{
    let events = Box::pin(bytes.eventsource());
    let state = (events, parser, VecDeque::<Chunk>::new(), false);
    stream::unfold(
        state,
        |(mut events, mut parser, mut pending, mut stopped)| async move {
            loop {
                if let Some(c) = pending.pop_front() {
                    return Some((Ok(c), (events, parser, pending, stopped)));
                }
                if stopped {
                    return None;
                }
                if parser.finished() {
                    stopped = true;
                    continue;
                }
                match events.next().await {
                    Some(Ok(ev)) => match parser.on_event(&ev.event, &ev.data) {
                        Ok(chunks) => pending.extend(chunks),
                        Err(e) => return Some((Err(e), (events, parser, pending, true))),
                    },
                    Some(Err(e)) => {
                        let err = TutorError::Transport(format!("stream broke: {e}"));
                        return Some((Err(err), (events, parser, pending, true)));
                    }
                    None => {
                        stopped = true;
                        match parser.on_end() {
                            Ok(chunks) => pending.extend(chunks),
                            Err(e) => return Some((Err(e), (events, parser, pending, true))),
                        }
                    }
                }
            }
        },
    )
    .boxed()
}

/// Ends the stream with `Timeout` after `idle` of silence and with `Cancelled` when the token
/// fires; either way the inner stream (and its connection) is dropped at once.
pub fn guard_stream(inner: ChunkStream, idle: Duration, cancel: CancellationToken) -> ChunkStream {
    stream::unfold(Some((inner, cancel)), move |state| async move {
        let (mut inner, cancel) = state?;
        tokio::select! {
            biased;
            _ = cancel.cancelled() => Some((Err(TutorError::Cancelled), None)),
            next = tokio::time::timeout(idle, inner.next()) => match next {
                Err(_) => Some((Err(TutorError::Timeout), None)),
                Ok(None) => None,
                Ok(Some(Err(e))) => Some((Err(e), None)),
                Ok(Some(Ok(c))) => Some((Ok(c), Some((inner, cancel)))),
            },
        }
    })
    .boxed()
}

/// How an error response is to be treated.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Retry,
    /// Spend cap / billing: fail now, say so.
    Quota(String),
    Fail(String),
}

/// Sends the request built by `build`, retrying per `policy`. `classify` sees the status and body
/// of each error response.
pub async fn send_with_retry(
    build: impl Fn() -> RequestBuilder,
    policy: &RetryPolicy,
    first_byte_timeout: Duration,
    cancel: &CancellationToken,
    classify: fn(StatusCode, &str) -> Verdict,
) -> Result<Response, TutorError> {
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let send = tokio::time::timeout(first_byte_timeout, build().send());
        let response = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(TutorError::Cancelled),
            r = send => r.map_err(|_| TutorError::Timeout)??,
        };
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = retry_after(response.headers());
        let body = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(TutorError::Cancelled),
            b = tokio::time::timeout(first_byte_timeout, response.text()) => {
                b.ok().and_then(Result::ok).unwrap_or_default()
            }
        };
        match classify(status, &body) {
            Verdict::Quota(msg) => return Err(TutorError::QuotaExhausted(msg)),
            Verdict::Fail(message) => {
                return Err(TutorError::Status {
                    status: status.as_u16(),
                    message,
                });
            }
            Verdict::Retry => {
                let backoff = backoff(policy, attempt);
                let wait = retry_after.unwrap_or(backoff);
                if attempt >= policy.max_attempts || wait > policy.max_delay {
                    return Err(TutorError::Busy {
                        status: status.as_u16(),
                        attempts: attempt,
                        retry_after,
                    });
                }
                tracing::debug!(
                    status = status.as_u16(),
                    attempt,
                    ?wait,
                    "provider busy; retrying"
                );
                tokio::select! {
                    biased;
                    _ = cancel.cancelled() => return Err(TutorError::Cancelled),
                    _ = tokio::time::sleep(wait) => {}
                }
            }
        }
    }
}

/// Statuses worth another try: rate limits, server errors, Anthropic's 529 "overloaded".
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(
        status.as_u16(),
        408 | 409 | 429 | 500 | 502 | 503 | 504 | 529
    )
}

/// Exponential back-off with full jitter on the upper half, capped by the policy.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(1u32 << (attempt.saturating_sub(1)).min(16));
    let capped = exp.min(policy.max_delay);
    let half = capped / 2;
    half + half.mul_f64(fastrand::f64())
}

/// `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) = headers.get("retry-after-ms").and_then(|v| v.to_str().ok())
        && let Ok(ms) = ms.trim().parse::<f64>()
        && ms.is_finite()
        && ms >= 0.0
    {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Joins `path` onto a base URL without doubling or dropping slashes.
pub fn join_url(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// A short, single-line excerpt of an error body for messages and logs.
pub fn excerpt(body: &str) -> String {
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_milliseconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("retry-after-ms", HeaderValue::from_static("150"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(150)));
        let mut h = HeaderMap::new();
        let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
        h.insert("retry-after", HeaderValue::from_str(&date).unwrap());
        let got = retry_after(&h).unwrap();
        assert!(
            got > Duration::from_secs(25) && got <= Duration::from_secs(30),
            "{got:?}"
        );
    }

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let p = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        };
        assert!(backoff(&p, 1) <= Duration::from_millis(100));
        assert!(backoff(&p, 3) >= Duration::from_millis(200));
        assert!(backoff(&p, 9) <= Duration::from_secs(1));
    }
}
