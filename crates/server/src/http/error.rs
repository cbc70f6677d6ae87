//! The one error type at the HTTP boundary. Every failure becomes RFC 9457 problem
//! details (`application/problem+json`) with a stable `code`; validation failures add a
//! `fields` map. A 5xx is logged once with its request id and never shows internals.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::ErrorCode;
use codestead_store::StoreError;

/// Problem details as sent on the wire.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` style, stable per `code`).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable machine-readable code, e.g. `validation_failed`, `invalid_credentials`.
    pub code: ErrorCode,
    /// For validation errors: field name (camelCase, dotted for nesting) → message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub detail: String,
    pub fields: Option<BTreeMap<String, String>>,
    pub retry_after: Option<Duration>,
    /// The cause of a 5xx, for the log only.
    internal: Option<String>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            fields: None,
            retry_after: None,
            internal: None,
        }
    }

    pub fn validation(fields: BTreeMap<String, String>) -> Self {
        // One field: its message is the detail too, so a client that shows only `detail`
        // still tells the learner what to change.
        let detail = match fields.iter().next() {
            Some((first, why)) if fields.len() == 1 => {
                format!(
                    "The field `{first}` is invalid: {}.",
                    why.trim_end_matches('.')
                )
            }
            _ => format!("{} fields are invalid.", fields.len()),
        };
        Self {
            fields: Some(fields),
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
                detail,
            )
        }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(BTreeMap::from([(field.to_owned(), message.into())]))
    }

    pub fn bad_request(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    pub fn unauthorized(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    pub fn forbidden(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, detail)
    }

    pub fn conflict(code: ErrorCode, field: &str, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        Self {
            fields: Some(BTreeMap::from([(field.to_owned(), detail.clone())])),
            ..Self::new(StatusCode::CONFLICT, code, detail)
        }
    }

    /// 413, with `field` named in `fields` as well.
    pub fn too_large(code: ErrorCode, field: &str, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        Self {
            fields: Some(BTreeMap::from([(field.to_owned(), detail.clone())])),
            ..Self::new(StatusCode::PAYLOAD_TOO_LARGE, code, detail)
        }
    }

    pub fn too_many(code: ErrorCode, detail: impl Into<String>, retry_after: Duration) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, code, detail)
        }
    }

    pub fn unavailable(code: ErrorCode, detail: impl Into<String>, retry_after: Duration) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, code, detail)
        }
    }

    /// An unexpected failure: the cause is logged, the client sees only the request id.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self {
            internal: Some(cause.to_string()),
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::InternalError,
                "Something went wrong on our side. Quote the request id if you report it.",
            )
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => ApiError::not_found("Not found."),
            StoreError::Conflict { field } => {
                let code = if field == "email" {
                    ErrorCode::EmailTaken
                } else {
                    ErrorCode::Conflict
                };
                ApiError::conflict(code, field, format!("This {field} is already taken."))
            }
            StoreError::Unavailable => database_unavailable(),
            other => ApiError::internal(other),
        }
    }
}

/// The account rules' failures. The detail is the domain's own wording (`Display`).
impl From<crate::auth::error::AccountError> for ApiError {
    fn from(err: crate::auth::error::AccountError) -> Self {
        use crate::auth::error::AccountError as E;
        let code = err.code();
        let detail = err.to_string();
        match err {
            E::Busy => ApiError::unavailable(code, detail, Duration::from_secs(1)),
            E::RateLimited(wait) | E::Locked(wait) => ApiError::too_many(code, detail, wait),
            E::InvalidCredentials
            | E::AccountDeleted
            | E::RefreshTokenReused
            | E::AccessTokenExpired
            | E::InvalidAccessToken
            | E::InvalidRefreshToken
            | E::SessionEnded => ApiError::unauthorized(code, detail),
            E::InvalidVerificationLink | E::InvalidResetLink => ApiError::bad_request(code, detail),
            E::AlreadyVerified => ApiError::new(StatusCode::CONFLICT, code, detail),
            E::EmailUnverified => ApiError::forbidden(code, detail),
            E::NoSuchSession | E::NoSuchUser | E::NoUserWithEmail(_) => {
                ApiError::new(StatusCode::NOT_FOUND, code, detail)
            }
            E::Field { field, message } => ApiError::field(field, message),
            E::Store(e) => e.into(),
            E::Internal(cause) => ApiError::internal(cause),
        }
    }
}

/// The failures every domain shares (see `domain::CommonError`).
impl From<crate::domain::CommonError> for ApiError {
    fn from(err: crate::domain::CommonError) -> Self {
        use crate::domain::CommonError as E;
        match err {
            E::NotFound(what) => ApiError::not_found(what),
            E::Invalid { field, message } => ApiError::field(&field, message),
            E::RateLimited { detail, wait } => {
                ApiError::too_many(ErrorCode::RateLimited, detail, wait)
            }
            E::Queue { err, retry_after } => ApiError::queue(err, retry_after),
            E::Store(e) => e.into(),
            E::Blob(e) => e.into(),
            E::Internal(cause) => ApiError::internal(cause),
        }
    }
}

/// A run refused (see `exec::ExecError`).
impl From<crate::exec::ExecError> for ApiError {
    fn from(err: crate::exec::ExecError) -> Self {
        use crate::exec::ExecError as E;
        let code = err.code();
        match err {
            E::LanguageUnavailable(_) => {
                ApiError::unavailable(code, err.to_string(), Duration::from_secs(60))
            }
            E::Common(e) => e.into(),
        }
    }
}

/// A project request refused (see `projects::ProjectError`). A size limit is a 413 that
/// names the field it concerns, so a form can show it where the learner typed.
impl From<crate::projects::ProjectError> for ApiError {
    fn from(err: crate::projects::ProjectError) -> Self {
        use crate::projects::ProjectError as E;
        let code = err.code();
        let detail = err.to_string();
        match err {
            E::PathTaken => ApiError::conflict(code, "path", detail),
            E::FileTooLarge(_) | E::ProjectTooLarge | E::StorageQuotaExceeded => {
                ApiError::too_large(code, "content", detail)
            }
            E::TooManyFiles => ApiError::too_large(code, "path", detail),
            E::InvalidZip(_) => ApiError::bad_request(code, detail),
            E::EmailUnverified => ApiError::forbidden(code, detail),
            E::Run(e) => e.into(),
            E::Common(e) => e.into(),
        }
    }
}

/// A learning request refused (see `learning::LearningError`).
impl From<crate::learning::LearningError> for ApiError {
    fn from(err: crate::learning::LearningError) -> Self {
        use crate::learning::LearningError as E;
        let code = err.code();
        let detail = err.to_string();
        match err {
            E::TrackIncomplete(message) => Self {
                code,
                detail,
                ..ApiError::field("track", message)
            },
            E::Common(e) => e.into(),
        }
    }
}

/// A portfolio request refused (see `portfolio::PortfolioError`).
impl From<crate::portfolio::PortfolioError> for ApiError {
    fn from(err: crate::portfolio::PortfolioError) -> Self {
        use crate::portfolio::PortfolioError as E;
        let code = err.code();
        let detail = err.to_string();
        match err {
            E::Busy => ApiError::unavailable(code, detail, Duration::from_secs(1)),
            E::ImageTooLarge | E::AvatarTooLarge => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, code, detail)
            }
            E::UnsupportedImage => ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, code, detail),
            E::CorruptImage => ApiError::bad_request(code, detail),
            E::Common(e) => e.into(),
        }
    }
}

/// A blob-storage failure: the backend not answering (S3 down, a full disk) is a 503 on
/// the routes that need it, nothing else; a bad key or a missing blob here means our
/// own records are inconsistent, a 500.
impl From<crate::platform::blobs::BlobError> for ApiError {
    fn from(err: crate::platform::blobs::BlobError) -> Self {
        match err {
            crate::platform::blobs::BlobError::Backend(cause) => {
                tracing::warn!(%cause, "blob storage unavailable");
                ApiError::unavailable(
                    ErrorCode::StorageUnavailable,
                    "File storage is unreachable just now; retry shortly.",
                    Duration::from_secs(5),
                )
            }
            other => ApiError::internal(other),
        }
    }
}

/// How long a client should wait before retrying while the database is down: about
/// two rounds of the store's probe, so a retry after it usually finds it back.
impl ApiError {
    /// A job the execution queue refused or dropped; `retry_after` is the queue's estimate
    /// for the job's lane (depth over measured throughput in redis mode).
    pub fn queue(err: crate::exec::queue::QueueError, retry_after: Duration) -> Self {
        use crate::exec::queue::QueueError;
        let code = err.code();
        match err {
            QueueError::Full => ApiError::unavailable(
                code,
                "Many programs are running right now; try again in a few seconds.",
                retry_after,
            ),
            QueueError::Expired => ApiError::unavailable(
                code,
                "Your program waited too long for a free runner and was not started; try again.",
                retry_after,
            ),
            QueueError::Unavailable => ApiError::unavailable(
                code,
                "Code execution is not available on this server.",
                Duration::from_secs(60),
            ),
        }
    }
}

pub const DATABASE_RETRY_AFTER: Duration = Duration::from_secs(2);

/// The answer to every request that needs the database while it is unreachable.
pub fn database_unavailable() -> ApiError {
    ApiError::unavailable(
        ErrorCode::DatabaseUnavailable,
        "The database is unreachable just now; lessons can still be read. Retry shortly.",
        DATABASE_RETRY_AFTER,
    )
}

pub use crate::domain::{retry_after_secs, wait_in_words};

fn title_for(status: StatusCode) -> String {
    status.canonical_reason().unwrap_or("Error").to_owned()
}

/// Request id of the current request, set by the request-id middleware into a task-local.
pub(crate) mod request_context {
    tokio::task_local! {
        pub static REQUEST_ID: String;
    }
    pub fn current() -> Option<String> {
        REQUEST_ID.try_with(Clone::clone).ok()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let request_id = request_context::current();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            // An outage answers every request with 503: one line each at warn, not error.
            tracing::warn!(
                code = self.code.as_str(),
                request_id = request_id.as_deref().unwrap_or("-"),
                "service unavailable"
            );
        } else if self.status.is_server_error() {
            tracing::error!(
                code = self.code.as_str(),
                request_id = request_id.as_deref().unwrap_or("-"),
                cause = self.internal.as_deref().unwrap_or(&self.detail),
                "request failed"
            );
        }
        let problem = Problem {
            kind: format!(
                "https://codestead.dev/problems/{}",
                self.code.as_str().replace('_', "-")
            ),
            title: title_for(self.status),
            status: self.status.as_u16(),
            detail: self.detail,
            code: self.code,
            fields: self.fields,
            request_id,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(retry) = self.retry_after {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs(retry)),
            );
        }
        response
    }
}
