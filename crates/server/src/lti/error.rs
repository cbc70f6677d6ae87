//! What can go wrong in LTI, as the domain sees it. Each variant has a stable `code()`;
//! `http::lti` alone decides the status each becomes.

use std::collections::BTreeMap;

use crate::domain::ErrorCode;
use codestead_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum LtiError {
    /// Fields of a request (a platform registration, a form) that do not parse.
    #[error("invalid input")]
    Invalid(BTreeMap<String, String>),
    /// The issuer / client id pair is registered already.
    #[error("platform already registered")]
    PlatformTaken,
    #[error("no such platform")]
    PlatformNotFound,
    /// A login initiation or launch from an issuer (or client id) nobody registered.
    #[error("unknown platform")]
    UnknownPlatform,
    /// The launch's state is unknown, expired, spent, or not this browser's.
    #[error("state mismatch")]
    StateMismatch,
    /// Not an RS256 JWT signed by a key the platform publishes.
    #[error("invalid signature: {0}")]
    InvalidSignature(String),
    /// `aud` does not name our client id, or `azp` is wrong.
    #[error("wrong audience")]
    WrongAudience,
    #[error("token expired")]
    Expired,
    #[error("unknown deployment")]
    UnknownDeployment,
    /// The id_token's nonce was used by an earlier launch.
    #[error("nonce replayed")]
    NonceReplayed,
    /// The id_token's nonce is not the one this login sent.
    #[error("nonce mismatch")]
    NonceMismatch,
    /// A required LTI claim is missing or wrong; `claim` names it.
    #[error("invalid claim {claim}: {message}")]
    InvalidClaim { claim: String, message: String },
    /// The launch names no exercise or lesson this server has.
    #[error("unknown content")]
    UnknownContent,
    /// Deep linking is for a course's instructors.
    #[error("not an instructor")]
    NotInstructor,
    /// The platform's JWKS could not be fetched within its time bound.
    #[error("platform unavailable: {0}")]
    PlatformUnavailable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Signing in the launched learner failed in the account service.
    #[error("account: {0}")]
    Account(crate::auth::error::AccountError),
    #[error("internal: {0}")]
    Internal(String),
}

impl LtiError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(BTreeMap::from([(field.to_owned(), message.into())]))
    }

    pub fn claim(claim: &str, message: impl Into<String>) -> Self {
        Self::InvalidClaim {
            claim: claim.to_owned(),
            message: message.into(),
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid(_) => ErrorCode::ValidationFailed,
            Self::PlatformTaken => ErrorCode::LtiPlatformTaken,
            Self::PlatformNotFound => ErrorCode::NotFound,
            Self::UnknownPlatform => ErrorCode::LtiUnknownPlatform,
            Self::StateMismatch => ErrorCode::LtiStateMismatch,
            Self::InvalidSignature(_) => ErrorCode::LtiInvalidSignature,
            Self::WrongAudience => ErrorCode::LtiWrongAudience,
            Self::Expired => ErrorCode::LtiTokenExpired,
            Self::UnknownDeployment => ErrorCode::LtiUnknownDeployment,
            Self::NonceReplayed => ErrorCode::LtiNonceReplayed,
            Self::NonceMismatch => ErrorCode::LtiNonceMismatch,
            Self::InvalidClaim { .. } => ErrorCode::LtiInvalidClaim,
            Self::UnknownContent => ErrorCode::LtiUnknownContent,
            Self::NotInstructor => ErrorCode::LtiNotInstructor,
            Self::PlatformUnavailable(_) => ErrorCode::LtiPlatformUnavailable,
            Self::Store(e) => crate::domain::store_code(e),
            Self::Account(e) => e.code(),
            Self::Internal(_) => ErrorCode::InternalError,
        }
    }
}

impl crate::domain::DomainError for LtiError {
    fn code(&self) -> crate::domain::ErrorCode {
        LtiError::code(self)
    }
}
