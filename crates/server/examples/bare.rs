//! The benchmark baseline: a bare axum handler on the same runtime settings as the
//! server, so `GET /api/v1/me` can be reported as a ratio of it.
//! Usage: `bare 127.0.0.1:PORT`.

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18999".into());
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    let app = Router::new().route("/", get(|| async { r#"{"status":"ok"}"# }));
    axum::serve(listener, app).await.expect("serve");
}
