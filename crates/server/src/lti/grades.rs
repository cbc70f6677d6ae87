//! Assignment and Grade Services: scores go to the platform through a durable outbox
//! (`lti_score_outbox`). A pass enqueues a row in the database first and only then tries
//! to send it, so a platform that is down, slow or refusing loses no grade: the row stays
//! due, is retried with exponential backoff (30 s doubling, at most 6 h apart) by
//! whichever server drains the outbox next, and is given up (and logged) after
//! `MAX_ATTEMPTS`. Each attempt is bounded by `HTTP_TIMEOUT` for the token and the score.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::Mutex;
use uuid::Uuid;

use codestead_store::lti::{Platform, Score};

use super::claims::AGS_SCORE_SCOPE;
use super::keys::ToolKeys;

/// Longest wait for the platform's token endpoint or score endpoint, per attempt.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
/// Attempts before a score is given up: with the backoff below, about three days.
pub const MAX_ATTEMPTS: i32 = 16;
/// How long one server holds claimed rows; longer than two HTTP timeouts.
pub const CLAIM_HOLD: chrono::Duration = chrono::Duration::seconds(60);
const FIRST_RETRY_SECS: i64 = 30;
const MAX_RETRY_SECS: i64 = 6 * 3600;

/// The wait before attempt `attempts + 1`.
pub fn backoff(attempts: i32) -> chrono::Duration {
    let exponent = attempts.clamp(1, 20) - 1;
    chrono::Duration::seconds((FIRST_RETRY_SECS << exponent).min(MAX_RETRY_SECS))
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("token endpoint: {0}")]
    Token(String),
    #[error("score endpoint: {0}")]
    Score(String),
    /// The bearer token was refused: drop it and retry with a new one.
    #[error("score endpoint refused the access token")]
    TokenRefused,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

struct CachedToken {
    token: String,
    valid_until: Instant,
}

/// Sends scores: client-credentials tokens (cached per platform), then the score POST.
pub struct ScoreSender {
    http: reqwest::Client,
    tokens: Mutex<HashMap<Uuid, CachedToken>>,
}

/// `{lineitem}/scores`, keeping the line item's query string (AGS 2.0 §3.4.1).
pub fn scores_url(lineitem: &str) -> Result<reqwest::Url, String> {
    let mut url = reqwest::Url::parse(lineitem).map_err(|e| format!("bad line item URL: {e}"))?;
    let path = format!("{}/scores", url.path().trim_end_matches('/'));
    url.set_path(&path);
    Ok(url)
}

impl ScoreSender {
    pub fn new(http: reqwest::Client) -> Self {
        Self {
            http,
            tokens: Mutex::new(HashMap::new()),
        }
    }

    async fn token(
        &self,
        platform: &Platform,
        keys: &ToolKeys,
        now: DateTime<Utc>,
    ) -> Result<String, DeliveryError> {
        if let Some(cached) = self.tokens.lock().await.get(&platform.id)
            && cached.valid_until > Instant::now()
        {
            return Ok(cached.token.clone());
        }
        // The client assertion of the 1EdTech Security Framework §4.1: signed by our key,
        // for the token endpoint, short-lived, with a unique id.
        let assertion = keys
            .sign(&json!({
                "iss": platform.client_id,
                "sub": platform.client_id,
                "aud": platform.token_url,
                "iat": now.timestamp(),
                "exp": now.timestamp() + 300,
                "jti": Uuid::now_v7().to_string(),
            }))
            .map_err(|e| DeliveryError::Token(format!("signing the assertion: {e}")))?;
        let response = self
            .http
            .post(&platform.token_url)
            .timeout(HTTP_TIMEOUT)
            .form(&[
                ("grant_type", "client_credentials"),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("client_assertion", assertion.as_str()),
                ("scope", AGS_SCORE_SCOPE),
            ])
            .send()
            .await
            .map_err(|e| DeliveryError::Token(e.to_string()))?;
        if !response.status().is_success() {
            return Err(DeliveryError::Token(format!(
                "answered {}",
                response.status()
            )));
        }
        let body: TokenResponse = response
            .json()
            .await
            .map_err(|e| DeliveryError::Token(format!("unreadable answer: {e}")))?;
        // Renewed a minute early, so a token never expires in flight.
        let lifetime = Duration::from_secs(body.expires_in.unwrap_or(3600).saturating_sub(60));
        self.tokens.lock().await.insert(
            platform.id,
            CachedToken {
                token: body.access_token.clone(),
                valid_until: Instant::now() + lifetime,
            },
        );
        Ok(body.access_token)
    }

    /// One attempt at delivering `score`.
    pub async fn send(
        &self,
        platform: &Platform,
        keys: &ToolKeys,
        score: &Score,
        now: DateTime<Utc>,
    ) -> Result<(), DeliveryError> {
        let token = self.token(platform, keys, now).await?;
        let url = scores_url(&score.lineitem_url).map_err(DeliveryError::Score)?;
        let body = json!({
            "userId": score.subject,
            "scoreGiven": score.score_given,
            "scoreMaximum": score.score_maximum,
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
            "timestamp": score.scored_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        });
        let response = self
            .http
            .post(url)
            .timeout(HTTP_TIMEOUT)
            .bearer_auth(&token)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/vnd.ims.lis.v1.score+json",
            )
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| DeliveryError::Score(e.to_string()))?;
        match response.status() {
            s if s.is_success() => Ok(()),
            reqwest::StatusCode::UNAUTHORIZED => {
                self.tokens.lock().await.remove(&platform.id);
                Err(DeliveryError::TokenRefused)
            }
            s => Err(DeliveryError::Score(format!("answered {s}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scores_endpoint_keeps_the_line_items_query() {
        assert_eq!(
            scores_url("https://lms.example/api/lti/courses/1/line_items/7?type=x")
                .unwrap()
                .as_str(),
            "https://lms.example/api/lti/courses/1/line_items/7/scores?type=x"
        );
    }

    #[test]
    fn retries_back_off_to_a_ceiling() {
        assert_eq!(backoff(1), chrono::Duration::seconds(30));
        assert_eq!(backoff(2), chrono::Duration::seconds(60));
        assert_eq!(backoff(15), chrono::Duration::seconds(MAX_RETRY_SECS));
    }
}
