//! Operations endpoints: liveness, readiness and Prometheus metrics.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use secrecy::ExposeSecret;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::domain::ErrorCode;
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// The process is up and serving.
async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// Ready while the database answers (the report is at most a second old; see
/// `platform::readiness`). Redis being down is a degraded mode, not unreadiness: every
/// server falls back the same way, and a load balancer that pulled them all out of rotation
/// would turn a cache outage into a full one; the body says `"cache": "down"`. The body also
/// says how the sandbox isolates learner code (`isolation`).
async fn readyz(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let report = state.readiness.report().await;
    if !report.database {
        return Err(ApiError::unavailable(
            ErrorCode::NotReady,
            "The database is unreachable.",
            crate::error::DATABASE_RETRY_AFTER,
        ));
    }
    let cache = if report.cache {
        state.cache.name()
    } else {
        "down"
    };
    let status = if report.cache { "ready" } else { "degraded" };
    // How learner code is isolated: "strict", "insecure" (--sandbox-insecure on a machine
    // that cannot isolate fully) or "unavailable" (code execution answers 503).
    let isolation = state
        .executions
        .sandbox()
        .map_or("unavailable", |s| s.isolation().mode.id());
    // Redis mode: without a live worker no program can run. Still ready (lessons, projects
    // and the rest are served), and the body says so; `workers` counts live heartbeats.
    let (status, workers) = match report.workers {
        Some(0) => ("degraded", Some("none")),
        Some(_) => (status, Some("ok")),
        None => (status, None),
    };
    let mut checks = json!({ "database": "ok", "cache": cache });
    if let Some(workers) = workers {
        checks["workers"] = json!(workers);
    }
    Ok(Json(json!({
        "status": status,
        "checks": checks,
        "workers": report.workers,
        "checkedAt": report.checked_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "isolation": isolation,
        // The sessions epoch this server has acted on: a role changed by the CLI is in force
        // once this shows the raised value.
        "sessionsEpoch": state.sessions_epoch.get(),
    })))
}

/// Prometheus metrics on the main address: only with `Authorization: Bearer
/// <--metrics-token>`. Route names, error rates and tutor costs are not for everyone;
/// with `--metrics-addr` they are served there instead (see [`metrics_router`]).
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state
        .config
        .metrics_token
        .as_ref()
        .filter(|_| state.config.metrics_addr.is_none())
    else {
        return ApiError::not_found("Metrics are not served on this address.").into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared through hashes so the time taken does not reveal a matching prefix.
    if Sha256::digest(presented.as_bytes()) != Sha256::digest(expected.expose_secret().as_bytes()) {
        return ApiError::unauthorized(
            ErrorCode::InvalidToken,
            "Metrics need the metrics bearer token.",
        )
        .into_response();
    }
    render(&state)
}

fn render(state: &AppState) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}

/// The app served on `--metrics-addr`: `/metrics` without a token (the address is the
/// access control), and nothing else.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(state): State<AppState>| async move { render(&state) }),
        )
        .with_state(state)
}

/// `codestead worker --metrics-addr`: the worker's own counters (lane wait and run times,
/// claims of lost workers' jobs), served without a token like the server's metrics address.
pub fn worker_metrics_router() -> Router {
    let handle = crate::state::metrics_handle();
    Router::new().route(
        "/metrics",
        get(move || {
            let handle = handle.clone();
            async move {
                (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
                    handle.render(),
                )
            }
        }),
    )
}
