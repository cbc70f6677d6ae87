//! What can go wrong in the account rules, as the domain sees it: each variant has a
//! stable [`code()`](AccountError::code); `http::error` alone decides its status.

use std::time::Duration;

use codestead_store::StoreError;

use crate::domain::{ErrorCode, store_code, wait_in_words};

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Every password-hashing slot stayed taken past `--hash-queue-wait-ms`.
    #[error("Too many sign-ins at once; retry in a moment.")]
    Busy,
    /// The account's budget of sign-in, registration and reset requests is spent.
    #[error("Too many sign-in, registration or reset requests for this account. {}", wait_in_words(*.0))]
    RateLimited(Duration),
    /// Too many failed sign-ins in a row; `.0` is what is left of the lock.
    #[error("Too many failed sign-in attempts: the account is locked for 15 minutes. {}", wait_in_words(*.0))]
    Locked(Duration),
    #[error("The e-mail address or password is wrong.")]
    InvalidCredentials,
    /// An external sign-in (LTI) names an account that has been deleted.
    #[error("The Codestead account linked to this sign-in has been deleted.")]
    AccountDeleted,
    #[error("This refresh token was already used; the session has been closed. Sign in again.")]
    RefreshTokenReused,
    #[error("The access token has expired; refresh it.")]
    AccessTokenExpired,
    #[error("The access token is not valid.")]
    InvalidAccessToken,
    #[error("The refresh token is not valid. Sign in again.")]
    InvalidRefreshToken,
    #[error("This verification link is invalid, expired or already used.")]
    InvalidVerificationLink,
    #[error("This reset link is invalid, expired or already used.")]
    InvalidResetLink,
    #[error("This session has ended. Sign in again.")]
    SessionEnded,
    #[error("This e-mail address is already verified.")]
    AlreadyVerified,
    /// Publishing (a portfolio, a shared project) needs a verified address.
    #[error("Verify your e-mail address before publishing.")]
    EmailUnverified,
    #[error("No such session.")]
    NoSuchSession,
    #[error("No such user.")]
    NoSuchUser,
    #[error("No user has the address {0}.")]
    NoUserWithEmail(String),
    /// A field of the request that the rules reject (a wrong current password).
    #[error("The field `{field}` is invalid: {message}.")]
    Field {
        field: &'static str,
        message: &'static str,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Hashing failed or its task died: a bug, logged, never shown.
    #[error("internal: {0}")]
    Internal(String),
}

pub type AccountResult<T> = Result<T, AccountError>;

impl AccountError {
    /// The stable machine-readable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Busy => ErrorCode::Busy,
            Self::RateLimited(_) => ErrorCode::RateLimited,
            Self::Locked(_) => ErrorCode::AccountLocked,
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::AccountDeleted => ErrorCode::AccountDeleted,
            Self::RefreshTokenReused => ErrorCode::RefreshTokenReused,
            Self::AccessTokenExpired => ErrorCode::TokenExpired,
            Self::InvalidAccessToken
            | Self::InvalidRefreshToken
            | Self::InvalidVerificationLink
            | Self::InvalidResetLink => ErrorCode::InvalidToken,
            Self::SessionEnded => ErrorCode::SessionRevoked,
            Self::AlreadyVerified => ErrorCode::AlreadyVerified,
            Self::EmailUnverified => ErrorCode::EmailUnverified,
            Self::NoSuchSession | Self::NoSuchUser | Self::NoUserWithEmail(_) => {
                ErrorCode::NotFound
            }
            Self::Field { .. } => ErrorCode::ValidationFailed,
            Self::Store(e) => store_code(e),
            Self::Internal(_) => ErrorCode::InternalError,
        }
    }

    pub(crate) fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }
}

impl crate::domain::DomainError for AccountError {
    fn code(&self) -> crate::domain::ErrorCode {
        AccountError::code(self)
    }
}
