//! The tutor's error type: what can go wrong talking to a provider, classified so the caller knows
//! whether a retry or a fallback makes sense.

use std::time::Duration;

/// Errors from a provider or from the tutor itself.
#[derive(Debug, thiserror::Error)]
pub enum TutorError {
    /// The configuration is unusable (unknown provider, missing key or model).
    #[error("tutor configuration: {0}")]
    Config(String),
    /// The provider's spend cap or billing quota is exhausted. Never retried: waiting does not help.
    #[error("provider quota exhausted: {0}")]
    QuotaExhausted(String),
    /// Rate-limited or overloaded and the retries ran out.
    #[error("provider busy (status {status}) after {attempts} attempts")]
    Busy {
        status: u16,
        attempts: u32,
        retry_after: Option<Duration>,
    },
    /// Any other non-success HTTP status (bad key, bad request, ...).
    #[error("provider returned status {status}: {message}")]
    Status { status: u16, message: String },
    /// The provider sent an `error` event inside the stream.
    #[error("provider stream error ({kind}): {message}")]
    Stream { kind: String, message: String },
    /// The connection failed or dropped.
    #[error("transport: {0}")]
    Transport(String),
    /// No response or no chunk within the configured time.
    #[error("timed out waiting for the provider")]
    Timeout,
    /// The wire data did not match the documented format.
    #[error("unexpected data from provider: {0}")]
    Protocol(String),
    /// The learner went away; the request was abandoned.
    #[error("cancelled")]
    Cancelled,
}

impl From<reqwest::Error> for TutorError {
    fn from(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            return TutorError::Timeout;
        }
        // The URL may carry no secret (keys go in headers), but keep messages short anyway.
        let e = e.without_url();
        // reqwest's own line ("error sending request") hides the cause an operator needs
        // ("Connection refused"); the source chain names it.
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            let text = cause.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            source = cause.source();
        }
        TutorError::Transport(message)
    }
}
