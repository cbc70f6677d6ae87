//! The platforms' public keys: each platform's JWKS, fetched with a time bound and kept
//! for a few minutes. A token whose `kid` is not in the cached set makes one refetch
//! (the platform may have rotated), at most every `REFETCH_GAP`, so a stream of forged
//! tokens cannot make us hammer the platform.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use tokio::sync::Mutex;

use super::LtiError;

const TTL: Duration = Duration::from_secs(300);
const REFETCH_GAP: Duration = Duration::from_secs(10);
/// A JWKS fetch that takes longer than this fails the launch with a 503.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

struct Cached {
    fetched: Instant,
    set: JwkSet,
}

pub struct PlatformKeys {
    http: reqwest::Client,
    cache: Mutex<HashMap<String, Cached>>,
}

impl PlatformKeys {
    pub fn new(http: reqwest::Client) -> Self {
        Self {
            http,
            cache: Mutex::new(HashMap::new()),
        }
    }

    async fn fetch(&self, url: &str) -> Result<JwkSet, LtiError> {
        let response = self
            .http
            .get(url)
            .timeout(FETCH_TIMEOUT)
            .send()
            .await
            .map_err(|e| LtiError::PlatformUnavailable(format!("fetching the JWKS: {e}")))?;
        if !response.status().is_success() {
            return Err(LtiError::PlatformUnavailable(format!(
                "the JWKS answered {}",
                response.status()
            )));
        }
        response
            .json::<JwkSet>()
            .await
            .map_err(|e| LtiError::PlatformUnavailable(format!("the JWKS is not a key set: {e}")))
    }

    /// The key `kid` (or the only key, for a token without `kid`) from `jwks_url`.
    /// The cache lock is never held across a fetch: a slow platform delays only its
    /// own launches.
    pub async fn key(&self, jwks_url: &str, kid: Option<&str>) -> Result<DecodingKey, LtiError> {
        let cached = self
            .cache
            .lock()
            .await
            .get(jwks_url)
            .map(|c| (c.fetched, c.set.clone()));
        let (fetched, set) = match cached {
            Some((fetched, set)) if fetched.elapsed() < TTL => (fetched, set),
            _ => (Instant::now(), self.refresh(jwks_url).await?),
        };
        if let Some(jwk) = find(&set, kid) {
            return decoding_key(&jwk);
        }
        // An unknown key id: the platform may have rotated since the fetch.
        if fetched.elapsed() >= REFETCH_GAP {
            let set = self.refresh(jwks_url).await?;
            if let Some(jwk) = find(&set, kid) {
                return decoding_key(&jwk);
            }
        }
        Err(LtiError::InvalidSignature(
            "the token is signed with a key the platform does not publish".into(),
        ))
    }

    async fn refresh(&self, jwks_url: &str) -> Result<JwkSet, LtiError> {
        let set = self.fetch(jwks_url).await?;
        self.cache.lock().await.insert(
            jwks_url.to_owned(),
            Cached {
                fetched: Instant::now(),
                set: set.clone(),
            },
        );
        Ok(set)
    }
}

fn find(set: &JwkSet, kid: Option<&str>) -> Option<Jwk> {
    match kid {
        Some(kid) => set.find(kid).cloned(),
        None if set.keys.len() == 1 => set.keys.first().cloned(),
        None => None,
    }
}

fn decoding_key(jwk: &Jwk) -> Result<DecodingKey, LtiError> {
    if !matches!(
        jwk.algorithm,
        jsonwebtoken::jwk::AlgorithmParameters::RSA(_)
    ) {
        return Err(LtiError::InvalidSignature(
            "the platform's key is not an RSA key".into(),
        ));
    }
    DecodingKey::from_jwk(jwk)
        .map_err(|e| LtiError::InvalidSignature(format!("the platform's key is unusable: {e}")))
}
