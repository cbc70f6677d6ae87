//! The authentication endpoints' two request budgets (issue 19): one per client address,
//! sized for a class behind one school NAT, and one per account, from any number of
//! addresses. A refusal names its wait in `Retry-After` and in words.

use std::time::Instant;

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, assert_problem};
use codestead_server::Config;

/// The shipped budgets, not the test harness's raised ones.
fn default_budgets(c: &mut Config) {
    let defaults = Config::for_data_dir(c.data_dir.clone());
    c.auth_rate_per_address_per_min = defaults.auth_rate_per_address_per_min;
    c.auth_rate_per_min = defaults.auth_rate_per_min;
    c.auth_rate_per_account_per_min = defaults.auth_rate_per_account_per_min;
}

/// A sign-in from `address` (the test client is the trusted proxy that names it).
async fn login_from(
    app: &TestApp,
    address: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", address)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// Asserts a 429 `rate_limited` whose detail names the same wait as its `Retry-After`.
async fn assert_limited_naming_the_wait(response: reqwest::Response, says: &str) {
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "retry-after {retry_after}");
    let body = assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let detail = body["detail"].as_str().unwrap();
    let wait = if retry_after == 1 {
        "Try again in 1 second.".to_owned()
    } else {
        format!("Try again in {retry_after} seconds.")
    };
    assert!(detail.contains(says), "{detail}");
    assert!(
        detail.ends_with(&wait),
        "{detail} (retry-after {retry_after})"
    );
}

#[tokio::test]
async fn a_class_of_thirty_five_signs_in_from_one_address_within_a_minute() {
    let app = TestApp::spawn_with(default_budgets).await;
    let class: Vec<String> = (0..35)
        .map(|i| format!("pupil-{i}@school.example"))
        .collect();
    for email in &class {
        assert_eq!(app.register(email).await.status(), StatusCode::CREATED);
    }
    // Everyone at once, as when the teacher says "log in now"; one address for all.
    let started = Instant::now();
    let statuses: Vec<StatusCode> = futures::stream::iter(&class)
        .map(|email| async { app.login_with(email, PASSWORD).await.status() })
        .buffer_unordered(8)
        .collect()
        .await;
    assert!(started.elapsed().as_secs() < 60, "the class took a minute");
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    // A pupil who mistyped twice still gets in.
    for _ in 0..2 {
        let wrong = app.login_with(&class[0], "not-my-password-1").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.login_with(&class[0], PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn one_account_hammered_from_many_addresses_is_limited_per_account() {
    let app = TestApp::spawn_with(|c| {
        c.auth_rate_per_account_per_min = 3;
        c.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await;
    app.register("ada@example.org").await;
    app.register("grace@example.org").await;
    // Two guesses from two addresses; the budget counts the account, however it is spelt.
    for (i, email) in ["ada@example.org", "ADA@Example.org"].iter().enumerate() {
        let r = login_from(&app, &format!("198.51.100.{i}"), email, "guess-number-one").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // The third attempt, from yet another address, is the right password: within budget.
    let r = login_from(&app, "198.51.100.2", "ada@example.org", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    // The fourth within the minute is refused, before any password is checked, whatever
    // address it comes from; three failures are short of the lockout, so this is the budget.
    let limited = login_from(&app, "203.0.113.9", "ada@example.org", PASSWORD).await;
    assert_limited_naming_the_wait(limited, "for this account").await;
    // Another account from one of the same addresses is not held back by Ada's budget.
    let grace = login_from(&app, "198.51.100.1", "grace@example.org", PASSWORD).await;
    assert_eq!(grace.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_account_budget_covers_reset_mails_and_unregistered_addresses_alike() {
    let app = TestApp::spawn_with(|c| {
        c.auth_rate_per_account_per_min = 2;
        c.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await;
    app.register("ada@example.org").await;
    let forgot = |address: String, email: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/auth/forgot-password"))
                .header("x-forwarded-for", address)
                .json(&json!({ "email": email }))
                .send()
                .await
                .unwrap()
        }
    };
    // A mailbox cannot be bombed with reset mails from a botnet; registered or not, the
    // answers are the same, so the budget reveals no one.
    for email in ["ada@example.org", "nobody@example.org"] {
        for i in 0..2 {
            let r = forgot(format!("198.51.100.{i}"), email).await;
            assert_eq!(r.status(), StatusCode::ACCEPTED, "{email}");
        }
        let limited = forgot("203.0.113.7".into(), email).await;
        assert_limited_naming_the_wait(limited, "for this account").await;
    }
    let to_ada = app
        .outbox()
        .await
        .iter()
        .filter(|m| m.contains("To: ada@example.org") && m.contains("reset-password"))
        .count();
    assert_eq!(to_ada, 2, "reset mails sent to the attacked mailbox");
}

#[tokio::test]
async fn the_lockout_after_failed_logins_still_holds_beside_the_account_budget() {
    let app = TestApp::spawn_with(|c| {
        default_budgets(c);
        c.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await;
    app.register("ada@example.org").await;
    for i in 0..5 {
        let r = login_from(
            &app,
            &format!("198.51.100.{i}"),
            "ada@example.org",
            "guess-0",
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = login_from(&app, "198.51.100.9", "ada@example.org", PASSWORD).await;
    let body = assert_problem(locked, StatusCode::TOO_MANY_REQUESTS, "account_locked").await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .ends_with("Try again in 15 minutes."),
        "{body}"
    );
}

#[tokio::test]
async fn one_address_spraying_many_accounts_is_stopped_by_the_default_address_budget() {
    let app = TestApp::spawn_with(default_budgets).await;
    let budget = app.state.config.auth_rate_per_address();
    assert_eq!(budget, 300);
    let started = Instant::now();
    let responses: Vec<reqwest::Response> = futures::stream::iter(0..400)
        .map(|i| {
            let app = &app;
            async move {
                app.login_with(&format!("victim-{i}@example.org"), "Summer2026!")
                    .await
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let elapsed = started.elapsed().as_secs_f64();
    let (evaluated, refused): (Vec<_>, Vec<_>) = responses
        .into_iter()
        .partition(|r| r.status() == StatusCode::UNAUTHORIZED);
    // The whole minute's allowance at once, then one more every 60/300 s while it ran.
    let refill = (elapsed * f64::from(budget) / 60.0).ceil() as usize;
    assert!(
        (budget as usize..=budget as usize + refill).contains(&evaluated.len()),
        "{} evaluated in {elapsed:.1} s",
        evaluated.len()
    );
    assert!(
        refused.len() >= 50,
        "{} refused in {elapsed:.1} s",
        refused.len()
    );
    for limited in refused {
        assert_limited_naming_the_wait(limited, "from your network address").await;
    }
}
