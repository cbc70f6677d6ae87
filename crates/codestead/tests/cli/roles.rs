//! `codestead admin set-role` runs as its own process, with its own session cache: a running
//! server learns of the change through the sessions epoch in the database within about a
//! second, without Redis, and the demoted admin's next request is refused.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::crash::{free_port, start_with};

const PASSWORD: &str = "violet-otter-canyon-42";

fn admin_cli(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codestead"))
        .arg("admin")
        .args(args)
        .env("CODESTEAD_DATA_DIR", data)
        .env("CODESTEAD_ADMIN_PASSWORD", PASSWORD)
        .env("CODESTEAD_PASSWORD_HASHING", "test")
        .env_remove("CODESTEAD_DATABASE_URL")
        .env_remove("CODESTEAD_REDIS_URL")
        .env("CODESTEAD_LOG", "warn")
        .output()
        .expect("the codestead binary runs")
}

/// The sessions epoch the server has acted on, as `/readyz` reports it.
async fn seen_epoch(client: &reqwest::Client, base: &str) -> i64 {
    let body: Value = client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["sessionsEpoch"]
        .as_i64()
        .unwrap_or_else(|| panic!("/readyz reports sessionsEpoch: {body}"))
}

/// Polls `/readyz` (an observable, not a guess at how long to wait) until `done` holds.
async fn until_epoch(client: &reqwest::Client, base: &str, done: impl Fn(i64) -> bool) -> i64 {
    let started = Instant::now();
    loop {
        let epoch = seen_epoch(client, base).await;
        if done(epoch) {
            return epoch;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server never saw the sessions epoch move (still {epoch})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_role_set_by_the_cli_reaches_a_running_server_without_redis() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let port = free_port();
    let mut server = start_with(&data, None, port, &[], &[]).await;
    let base = server.base.clone();
    let client = reqwest::Client::new();
    let email = "head@example.org";

    let made = admin_cli(&data, &["create-user", "--email", email, "--admin"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["accessToken"].as_str().unwrap().to_owned();
    let stats = |token: String| {
        let client = client.clone();
        let url = format!("{base}/api/v1/admin/stats");
        async move {
            client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // The admin route works, and the session (with its role) is now in the server's cache.
    assert_eq!(stats(token.clone()).await, 200);
    let before = until_epoch(&client, &base, |e| e >= 0).await;

    let demoted = admin_cli(&data, &["set-role", "--email", email, "--role", "user"]);
    assert!(
        demoted.status.success(),
        "{}",
        String::from_utf8_lossy(&demoted.stderr)
    );
    until_epoch(&client, &base, |e| e > before).await;
    assert_eq!(
        stats(token.clone()).await,
        403,
        "the first request after the server saw the change is refused"
    );

    server.child.kill().unwrap();
    server.child.wait().unwrap();
}
