//! Two servers of one scale-out deployment (one database, one Redis): a logout or a spent
//! rate budget on one server holds on the other at its next request. Runs when
//! `CODESTEAD_TEST_REDIS_URL` names a Redis (`make test` sets it when Redis is up).

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{TestApp, assert_problem};
use codestead_server::Config;

const REDIS_ENV: &str = "CODESTEAD_TEST_REDIS_URL";

/// Server A (owning the database) and server B beside it, sharing a Redis key prefix of
/// their own, so parallel tests never meet.
async fn deployment(tune: impl FnOnce(&mut Config)) -> Option<(TestApp, TestApp)> {
    let Some(url) = std::env::var(REDIS_ENV).ok().filter(|u| !u.is_empty()) else {
        eprintln!("note: {REDIS_ENV} unset; the scale-out run is skipped");
        return None;
    };
    let a = TestApp::spawn_with(|c| {
        c.redis_url = Some(url.into());
        c.redis_prefix = format!("codestead-test:{}:", Uuid::now_v7().simple());
        tune(c);
    })
    .await;
    let b = a.spawn_beside(|_| {}).await;
    Some((a, b))
}

#[tokio::test]
async fn a_logout_on_one_server_ends_the_session_on_the_other() {
    let Some((a, b)) = deployment(|_| {}).await else {
        return;
    };
    let ada = a.learner().await;
    // B has seen (and cached) the live session before the logout.
    assert_eq!(
        b.get_as(&ada.access, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    let out = a.post_as(&ada.access, "/api/v1/auth/logout", None).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_problem(
        b.get_as(&ada.access, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "session_revoked",
    )
    .await;
}

#[tokio::test]
async fn two_servers_draw_from_one_rate_budget() {
    let Some((a, b)) = deployment(|c| c.auth_rate_per_address_per_min = Some(4)).await else {
        return;
    };
    // Four attempts, alternating servers: within the budget, refused as bad credentials.
    for app in [&a, &b, &a, &b] {
        assert_eq!(wrong_login(app).await.status(), StatusCode::UNAUTHORIZED);
    }
    // The fifth is over the shared budget on either server, with a wait to honour.
    for app in [&a, &b] {
        let limited = wrong_login(app).await;
        let retry_after: u64 = limited.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=15).contains(&retry_after), "{retry_after}");
        assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    }
}

#[tokio::test]
async fn two_servers_draw_from_one_per_account_budget() {
    let Some((a, b)) = deployment(|c| {
        c.auth_rate_per_account_per_min = 3;
        c.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await
    else {
        return;
    };
    // Three guesses at one account, each from its own address, alternating servers.
    for (i, app) in [&a, &b, &a].into_iter().enumerate() {
        let r = guess_from(app, &format!("198.51.100.{i}"), "ada@example.org").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // The account's fourth attempt is refused on either server, from a fresh address.
    for app in [&b, &a] {
        let limited = guess_from(app, "203.0.113.50", "ada@example.org").await;
        let retry_after: u64 = limited.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let body = assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        let detail = body["detail"].as_str().unwrap();
        assert!(
            detail.ends_with(&format!("Try again in {retry_after} seconds.")),
            "{detail}"
        );
    }
    // Another account from the same address has its own budget.
    let other = guess_from(&b, "203.0.113.50", "grace@example.org").await;
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
}

async fn guess_from(app: &TestApp, address: &str, email: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", address)
        .json(&json!({"email": email, "password": "wrong-password-123"}))
        .send()
        .await
        .unwrap()
}

async fn wrong_login(app: &TestApp) -> reqwest::Response {
    app.post(
        "/api/v1/auth/login",
        json!({"email": "nobody@example.org", "password": "wrong-password-123"}),
    )
    .await
}
