//! Cross-cutting request handling: request ids and spans, metrics, problem+json for
//! every error (including the framework's own rejections), CSRF and rate limits.

use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use crate::domain::ErrorCode;
use crate::error::{ApiError, request_context};
use crate::extract::{TokenSource, access_token, client_info};
use crate::platform::ratelimit::Bucket;
use crate::state::AppState;

const REQUEST_ID: &str = "x-request-id";

fn acceptable_request_id(value: &HeaderValue) -> Option<String> {
    let s = value.to_str().ok()?;
    (!s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then(|| s.to_owned())
}

/// Gives every request an id (kept from the client if sane), a span carrying it, and
/// the route/status metrics; echoes the id in the response.
pub async fn request_context(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(acceptable_request_id)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| unmatched_route(request.uri().path()));
    let span = tracing::info_span!("request", %method, route = %route, request_id = %id);
    // One Redis budget per request: it waits out the Redis deadline at most once.
    let mut response = request_context::REQUEST_ID
        .scope(
            id.clone(),
            crate::platform::redis_link::request_scope(next.run(request).instrument(span.clone())),
        )
        .await;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    span.in_scope(|| {
        tracing::info!(
            status,
            elapsed_ms = elapsed.as_secs_f64() * 1000.0,
            "served"
        );
    });
    let labels = [
        ("method", method.to_string()),
        ("route", route),
        ("status", status.to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels[..2])
        .record(elapsed.as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// Unmatched paths are grouped so that scanners cannot blow up metric cardinality.
fn unmatched_route(path: &str) -> String {
    if path.starts_with("/api/") {
        "/api/*unmatched".into()
    } else {
        "/*static".into()
    }
}

/// Turns every error response under `/api/` that is not already problem+json (axum's
/// rejections, 404/405, timeouts, panics) into problem details.
pub async fn problem_fallback(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !is_api || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if is_problem {
        return response;
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let allow = response.headers().get(header::ALLOW).cloned();
    let body = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&body).trim().to_owned();
    let (code, detail): (ErrorCode, String) = match status {
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "There is no such API endpoint.".into()),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "This endpoint does not accept that method.".into(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::PayloadTooLarge,
            "The request body is too large.".into(),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            ErrorCode::RequestTimeout,
            "The request took too long.".into(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (ErrorCode::UnsupportedMediaType, text),
        s if s.is_server_error() => {
            return ApiError::internal(format!("{s}: {text}")).into_response();
        }
        StatusCode::BAD_REQUEST => (ErrorCode::BadRequest, text),
        _ => (ErrorCode::RequestRejected, text),
    };
    let mut problem = ApiError::new(status, code, detail).into_response();
    if let Some(v) = retry_after {
        problem.headers_mut().insert(header::RETRY_AFTER, v);
    }
    if let Some(v) = allow {
        problem.headers_mut().insert(header::ALLOW, v);
    }
    problem
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// CSRF defence for cookie-authenticated (and cookie-issuing) requests that change
/// state: the browser must say the request is same-origin. `Sec-Fetch-Site` is
/// authoritative where sent; otherwise `Origin` must match the host. Bearer-token
/// requests are not ambient credentials and skip the check.
pub async fn csrf_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !is_state_changing(request.method()) || !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bearer = matches!(access_token(&parts), Some((_, TokenSource::Bearer)));
    if !bearer && let Err(err) = same_origin(&parts.headers, &state.config.public_url) {
        return err.into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

pub(crate) fn same_origin(
    headers: &axum::http::HeaderMap,
    public_url: &str,
) -> Result<(), ApiError> {
    let denied = || {
        ApiError::forbidden(
            ErrorCode::CsrfRejected,
            "Cross-site request refused. Send cookie-authenticated requests from the app itself.",
        )
    };
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err(denied()),
        };
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // No browser provenance headers at all: a non-browser client (curl, scripts),
        // which cannot be driven cross-site. Allowed.
        return Ok(());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split("://").nth(1).unwrap_or_default();
    if origin_host == host || origin.trim_end_matches('/') == public_url.trim_end_matches('/') {
        Ok(())
    } else {
        Err(denied())
    }
}

/// Per-IP limits on every API endpoint (stricter on authentication), plus per-user limits
/// for signed-in callers. The web app's own files and pages are not counted: they are
/// served from memory, and a class behind one address loading the app cold asks for some
/// sixty files per learner, which would spend the address's whole API budget at once.
pub async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let client = client_info(&parts, &state.proxies);
    let ip = client.rate_key.unwrap_or_else(|| "unknown".into());
    let bucket = if is_auth_path(parts.uri.path()) && is_state_changing(&parts.method) {
        Bucket::Auth
    } else {
        Bucket::ApiIp
    };
    if let Err(wait) = state.limiter.check(bucket, &ip).await {
        return limited(bucket, wait);
    }
    if let Some((token, _)) = access_token(&parts)
        && let Some(user_id) = state.accounts.peek_user(&token)
        && let Err(wait) = state
            .limiter
            .check(Bucket::ApiUser, &user_id.to_string())
            .await
    {
        return limited(Bucket::ApiUser, wait);
    }
    next.run(Request::from_parts(parts, body)).await
}

/// While the database is known to be down (the store's probe saw it), requests that need
/// it get 503 `database_unavailable` at once instead of waiting for a connection. The
/// curriculum is embedded in the binary, so its pages are still served, as to an anonymous
/// visitor (no progress, no bookmarks), marked with `x-codestead-degraded: database`.
pub async fn database_gate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if !state.store.is_unavailable() || !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    if request.method() == Method::GET && served_without_database(request.uri().path()) {
        let headers = request.headers_mut();
        headers.remove(header::AUTHORIZATION);
        headers.remove(header::COOKIE);
        let mut response = next.run(request).await;
        response.headers_mut().insert(
            header::HeaderName::from_static("x-codestead-degraded"),
            HeaderValue::from_static("database"),
        );
        return response;
    }
    crate::error::database_unavailable().into_response()
}

/// Routes whose anonymous answer comes from the embedded curriculum alone.
fn served_without_database(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/api/v1/") else {
        return false;
    };
    let segments: Vec<&str> = rest.split('/').collect();
    matches!(
        segments.as_slice(),
        ["tracks"]
            | ["tracks", _]
            | ["content"]
            | ["content", _]
            | ["openapi.json"]
            | ["languages"]
    )
}

fn is_auth_path(path: &str) -> bool {
    path.starts_with("/api/v1/auth/") && !path.starts_with("/api/v1/auth/sessions")
}

/// A 429 naming the wait in words as well as in `Retry-After`, so the app can show it.
fn limited(bucket: Bucket, wait: std::time::Duration) -> Response {
    metrics::counter!("rate_limited_total", "budget" => bucket.name()).increment(1);
    let what = match bucket {
        Bucket::Auth => {
            "Too many sign-in, registration or reset requests from your network address."
        }
        _ => "Too many requests; slow down.",
    };
    ApiError::too_many(
        ErrorCode::RateLimited,
        format!("{what} {}", crate::error::wait_in_words(wait)),
        wait,
    )
    .into_response()
}

/// Security headers for every response. The CSP allows only this origin: the app
/// never loads anything from elsewhere. `blob:` workers are Monaco's.
pub fn security_headers() -> Vec<(header::HeaderName, HeaderValue)> {
    vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                 img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; \
                 worker-src 'self' blob:; object-src 'none'; base-uri 'self'; \
                 form-action 'self'; frame-ancestors 'none'",
            ),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

/// Body for a panic caught by `CatchPanicLayer`: problem details, cause only in the log.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let cause = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panic".into());
    ApiError::internal(format!("panic: {cause}")).into_response()
}
