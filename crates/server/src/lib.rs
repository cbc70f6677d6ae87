//! The Codestead web server: the axum app, its middleware, services and wiring.
//! `build_app` gives the full router for a state; `serve` runs it until shutdown, so
//! tests run the real wiring on port 0.

pub mod auth;
pub mod classrooms;
pub mod client_ip;
pub mod collab;
pub mod config;
pub mod domain;
pub mod exec;
pub mod extract;
pub mod http;
#[cfg(test)]
mod layering;
pub mod learning;
pub mod lti;
pub mod middleware;
pub mod platform;
pub mod portfolio;
pub mod projects;
pub mod state;
pub mod tutor;

/// The HTTP boundary's error type, at its old path too.
pub use http::error;

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use config::Config;
pub use state::{AppState, Overrides};

/// The whole application for `state`.
pub fn build_app(state: AppState) -> Router {
    let api = Router::new()
        .merge(http::auth::router())
        .merge(http::me::router())
        .merge(http::executions::router())
        .merge(http::interactive::router())
        .merge(http::learning::router())
        .merge(http::insights::router())
        .merge(http::projects::router())
        .merge(http::collab::router())
        .merge(http::tutor::router())
        .merge(http::drafts::router())
        .merge(http::certificates::router())
        .merge(http::classrooms::router())
        .merge(http::review::router())
        .merge(http::feedback::router())
        .merge(http::admin::router())
        .merge(http::profiles::router())
        .merge(http::portfolio::router())
        .merge(http::lti::admin_router());
    let mut app = Router::new()
        .nest("/api/v1", api)
        .merge(http::docs::router())
        .merge(http::ops::router())
        .merge(http::lti::router())
        .fallback(http::web::serve_asset)
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::database_gate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::rate_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::csrf_guard,
        ))
        .layer(axum::middleware::from_fn(middleware::problem_fallback));
    for (name, value) in middleware::security_headers() {
        app = app.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    app.layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(state.config.request_timeout_secs),
        ))
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .layer(axum::middleware::from_fn(middleware::request_context))
        .with_state(state)
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains open requests.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
