//! `--metrics-addr`: Prometheus metrics leave the public address for an address of their own,
//! where they need no token, and that address serves nothing else.

use crate::crash::{free_port, start_with};

#[tokio::test]
async fn metrics_move_to_their_own_address_and_leave_the_public_one() {
    let data = tempfile::tempdir().unwrap();
    let (port, metrics_port) = (free_port(), free_port());
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let token = "metrics-token-for-the-test";
    let mut server = start_with(
        data.path(),
        None,
        port,
        &["--metrics-addr", &metrics_addr],
        // Even with a token configured, the public address stops serving metrics once they
        // have an address of their own: one place to guard, not two.
        &[("CODESTEAD_METRICS_TOKEN", token)],
    )
    .await;
    let client = reqwest::Client::new();
    // Some traffic for the counters to show.
    let tracks = client
        .get(format!("{}/api/v1/tracks", server.base))
        .send()
        .await
        .unwrap();
    assert!(tracks.status().is_success());

    let public = client
        .get(format!("{}/metrics", server.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 404, "the public address serves no metrics");

    let private = client
        .get(format!("http://{metrics_addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(private.status(), 200);
    assert!(
        private
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/plain")),
        "Prometheus text format"
    );
    let body = private.text().await.unwrap();
    assert!(
        body.lines()
            .any(|l| l.starts_with("http_requests_total") && l.contains("/api/v1/tracks")),
        "the request to /api/v1/tracks is counted:\n{body}"
    );

    let other = client
        .get(format!("http://{metrics_addr}/api/v1/tracks"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        other.status(),
        404,
        "the metrics address serves only /metrics"
    );

    server.child.kill().unwrap();
    server.child.wait().unwrap();
}
