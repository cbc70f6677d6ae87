//! Operations endpoints: liveness, readiness and Prometheus metrics.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

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

/// Every dependency answers: the database and the cache; the queue as it arrives.
async fn readyz(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    state.store.ping().await.map_err(|err| {
        tracing::warn!(%err, "readiness: database unreachable");
        ApiError::unavailable(
            "not_ready",
            "The database is unreachable.",
            std::time::Duration::from_secs(5),
        )
    })?;
    state.cache.get("readyz").await.map_err(|err| {
        tracing::warn!(%err, "readiness: cache unreachable");
        ApiError::unavailable(
            "not_ready",
            "The cache is unreachable.",
            std::time::Duration::from_secs(5),
        )
    })?;
    Ok(Json(
        json!({ "status": "ready", "checks": { "database": "ok", "cache": state.cache.name() } }),
    ))
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
