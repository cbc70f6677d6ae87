//! Access tokens (HS256 JWTs, short-lived) and opaque refresh/e-mail tokens (256-bit,
//! stored only as SHA-256 hashes).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use codestead_store::accounts::Role;

/// The design's claims (userId, email, role) plus the session id that makes
/// revocation immediate.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Claims {
    pub sub: Uuid,
    pub user_id: Uuid,
    pub email: String,
    pub role: Role,
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    Invalid,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        // Expiry is checked against the service's clock (below), not the OS clock, so
        // it agrees with every other time rule and tests can move it.
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn sign(&self, claims: &Claims) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .expect("HS256 signing cannot fail")
    }

    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|_| TokenError::Invalid)?;
        if claims.exp <= now {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

/// A fresh 256-bit opaque token, URL-safe.
pub fn opaque_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of an opaque token.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Text form of a generated secret, as kept in `jwt.secret`.
pub fn encode_secret(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        let id = Uuid::now_v7();
        Claims {
            sub: id,
            user_id: id,
            email: "ada@example.org".into(),
            role: Role::User,
            sid: Uuid::now_v7(),
            iat: 0,
            exp,
        }
    }

    #[test]
    fn a_signed_token_verifies_with_the_same_key_only() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let other = TokenKeys::new(b"another secret of the same length!!");
        let now = chrono::Utc::now().timestamp();
        let c = claims(now + 60);
        let token = keys.sign(&c);
        assert_eq!(keys.verify(&token, now), Ok(c));
        assert_eq!(other.verify(&token, now), Err(TokenError::Invalid));
    }

    #[test]
    fn an_expired_token_is_reported_as_expired() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let now = chrono::Utc::now().timestamp();
        let token = keys.sign(&claims(now + 10));
        assert!(keys.verify(&token, now + 9).is_ok());
        assert_eq!(keys.verify(&token, now + 10), Err(TokenError::Expired));
    }

    #[test]
    fn opaque_tokens_are_distinct_and_hash_stably() {
        let a = opaque_token();
        let b = opaque_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
