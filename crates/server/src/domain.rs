//! What every domain's errors share, with no HTTP in sight: the registry of stable error
//! codes ([`ErrorCode`]) and the wording of a wait. A domain service returns its own
//! error enum whose `code()` is an `ErrorCode`; `http::error` alone turns those into
//! statuses and problem details, and the OpenAPI document (hence the web app's types)
//! lists every code from this one enum.

use std::borrow::Cow;
use std::time::Duration;

use serde::Serialize;
use utoipa::ToSchema;

macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal,)*) => {
        /// Every machine-readable `code` a problem response may carry. Clients match on
        /// these (the web app gets them as a typed union); a code, once shipped, keeps
        /// its spelling.
        // `rename_all`, not a `rename` per variant: utoipa does not read a `rename` whose
        // literal comes through a macro. A test checks both spellings agree.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as it appears on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    // ---- any request ----
    /// A field of the request is invalid; `fields` names each one.
    ValidationFailed = "validation_failed",
    NotFound = "not_found",
    /// A unique value (a username, say) is taken; `fields` names it.
    Conflict = "conflict",
    EmailTaken = "email_taken",
    InternalError = "internal_error",
    DatabaseUnavailable = "database_unavailable",
    StorageUnavailable = "storage_unavailable",
    Unauthenticated = "unauthenticated",
    AdminOnly = "admin_only",
    MalformedJson = "malformed_json",
    MalformedMultipart = "malformed_multipart",
    MalformedForm = "malformed_form",
    UnreadableBody = "unreadable_body",
    UnsupportedMediaType = "unsupported_media_type",
    PayloadTooLarge = "payload_too_large",
    MethodNotAllowed = "method_not_allowed",
    RequestTimeout = "request_timeout",
    BadRequest = "bad_request",
    RequestRejected = "request_rejected",
    CsrfRejected = "csrf_rejected",
    RateLimited = "rate_limited",
    NotReady = "not_ready",
    // ---- accounts ----
    AccountDeleted = "account_deleted",
    AccountLocked = "account_locked",
    AlreadyVerified = "already_verified",
    /// Too many password hashes at once; retry in a moment.
    Busy = "busy",
    InvalidCredentials = "invalid_credentials",
    InvalidToken = "invalid_token",
    RefreshTokenReused = "refresh_token_reused",
    SessionRevoked = "session_revoked",
    TokenExpired = "token_expired",
    EmailUnverified = "email_unverified",
    // ---- learning, projects, portfolio ----
    DraftLimit = "draft_limit",
    EndOfTrack = "end_of_track",
    ExerciseNeedsSubmission = "exercise_needs_submission",
    FileTooLarge = "file_too_large",
    ImageTooLarge = "image_too_large",
    UnsupportedImage = "unsupported_image",
    InvalidZip = "invalid_zip",
    PathTaken = "path_taken",
    TooManyFiles = "too_many_files",
    QuotaExceeded = "quota_exceeded",
    StorageQuotaExceeded = "storage_quota_exceeded",
    ProjectTooLarge = "project_too_large",
    TrackIncomplete = "track_incomplete",
    // ---- collaboration ----
    /// Only the project's owner manages its collaborators.
    NotOwner = "not_owner",
    /// No user has the username an owner invited.
    UnknownUser = "unknown_user",
    // ---- code execution ----
    LanguageUnavailable = "language_unavailable",
    QueueFull = "queue_full",
    QueueTimeout = "queue_timeout",
    SandboxUnavailable = "sandbox_unavailable",
    StartTimeout = "start_timeout",
    WebsocketRequired = "websocket_required",
    /// The interactive socket closed (never sent: the socket is gone).
    Closed = "closed",
    // ---- classrooms ----
    ClassTeacherOnly = "class_teacher_only",
    JoinCodeExpired = "join_code_expired",
    JoinCodeInvalid = "join_code_invalid",
    LastTeacher = "last_teacher",
    TeacherOnly = "teacher_only",
    TeacherSelfServiceOff = "teacher_self_service_off",
    // ---- LTI ----
    LtiInvalidClaim = "lti_invalid_claim",
    LtiInvalidSignature = "lti_invalid_signature",
    LtiNonceMismatch = "lti_nonce_mismatch",
    LtiNonceReplayed = "lti_nonce_replayed",
    LtiNotInstructor = "lti_not_instructor",
    LtiPlatformTaken = "lti_platform_taken",
    LtiPlatformUnavailable = "lti_platform_unavailable",
    LtiStateMismatch = "lti_state_mismatch",
    LtiTokenExpired = "lti_token_expired",
    LtiUnknownContent = "lti_unknown_content",
    LtiUnknownDeployment = "lti_unknown_deployment",
    LtiUnknownPlatform = "lti_unknown_platform",
    LtiWrongAudience = "lti_wrong_audience",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What every domain's error enum offers besides its wording (`Display`): the stable code
/// a client (the web app, the CLI, a script) matches on. The status it becomes is not
/// the domain's business: `http::error` decides that.
pub trait DomainError: std::error::Error + Send + Sync + 'static {
    fn code(&self) -> ErrorCode;
}

/// The failures any domain meets, named once: a domain's own enum wraps them
/// (`Common(#[from] CommonError)`) beside its own refusals, so a 404, a bad field or a
/// full queue reads the same whichever service refused.
#[derive(Debug, thiserror::Error)]
pub enum CommonError {
    /// Nothing the caller may see goes by that name; the text says what was looked for
    /// (a missing object and another user's object read the same, so ids cannot be probed).
    #[error("{0}")]
    NotFound(Cow<'static, str>),
    /// A field the rules reject, named in the API's camelCase (dotted for nesting).
    #[error("The field `{field}` is invalid: {message}.")]
    Invalid {
        field: Cow<'static, str>,
        message: Cow<'static, str>,
    },
    /// The caller's budget for this kind of work is spent; `detail` says which budget.
    #[error("{detail}")]
    RateLimited {
        detail: &'static str,
        wait: Duration,
    },
    /// The execution queue refused or dropped a job; `retry_after` is its estimate for
    /// the job's lane.
    #[error("the execution queue refused the job: {err:?}")]
    Queue {
        err: crate::exec::queue::QueueError,
        retry_after: Duration,
    },
    #[error(transparent)]
    Store(#[from] codestead_store::StoreError),
    #[error(transparent)]
    Blob(#[from] crate::platform::blobs::BlobError),
    /// A bug or a broken dependency: logged, never shown.
    #[error("internal: {0}")]
    Internal(String),
}

impl CommonError {
    pub fn not_found(what: impl Into<Cow<'static, str>>) -> Self {
        Self::NotFound(what.into())
    }

    pub fn field(
        field: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Invalid { .. } => ErrorCode::ValidationFailed,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Queue { err, .. } => err.code(),
            Self::Store(e) => store_code(e),
            Self::Blob(crate::platform::blobs::BlobError::Backend(_)) => {
                ErrorCode::StorageUnavailable
            }
            Self::Blob(_) | Self::Internal(_) => ErrorCode::InternalError,
        }
    }
}

impl DomainError for CommonError {
    fn code(&self) -> ErrorCode {
        CommonError::code(self)
    }
}

/// The code a store failure carries, whichever domain met it.
pub fn store_code(err: &codestead_store::StoreError) -> ErrorCode {
    use codestead_store::StoreError;
    match err {
        StoreError::NotFound => ErrorCode::NotFound,
        StoreError::Conflict { field } if *field == "email" => ErrorCode::EmailTaken,
        StoreError::Conflict { .. } => ErrorCode::Conflict,
        StoreError::Unavailable => ErrorCode::DatabaseUnavailable,
        _ => ErrorCode::InternalError,
    }
}

/// The whole seconds a `Retry-After` header says for `wait` (rounded up, at least 1).
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// The wait of a 429 in words, the same figure as its `Retry-After` header: "Try again in
/// 40 seconds." Under two minutes in seconds, beyond that in whole minutes (rounded up).
pub fn wait_in_words(wait: Duration) -> String {
    let secs = retry_after_secs(wait);
    match secs {
        1 => "Try again in 1 second.".to_owned(),
        s if s < 120 => format!("Try again in {s} seconds."),
        s => format!("Try again in {} minutes.", s.div_ceil(60)),
    }
}

#[cfg(test)]
mod tests {
    use super::{ErrorCode, retry_after_secs, wait_in_words};
    use std::collections::HashSet;
    use std::time::Duration;

    #[test]
    fn every_code_is_spelled_once_in_snake_case_and_serializes_as_spelled() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{s} is not snake_case"
            );
            assert_eq!(serde_json::to_value(code).unwrap(), s);
        }
    }

    #[test]
    fn a_wait_is_named_in_the_same_whole_seconds_as_retry_after() {
        assert_eq!(
            wait_in_words(Duration::from_millis(300)),
            "Try again in 1 second."
        );
        assert_eq!(
            wait_in_words(Duration::from_millis(39_200)),
            "Try again in 40 seconds."
        );
        assert_eq!(retry_after_secs(Duration::from_millis(39_200)), 40);
        assert_eq!(
            wait_in_words(Duration::from_secs(119)),
            "Try again in 119 seconds."
        );
        assert_eq!(
            wait_in_words(Duration::from_secs(14 * 60 + 1)),
            "Try again in 15 minutes."
        );
    }
}
