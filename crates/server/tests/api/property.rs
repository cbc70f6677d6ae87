//! Property 1 of the design: for any valid e-mail and password, register → login →
//! /me returns the same account.

use proptest::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;

fn email() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9._+-]{0,20}[a-z0-9]",
        "[a-z][a-z0-9-]{0,10}[a-z0-9]",
        "(org|com|dev|io)",
    )
        .prop_filter("no double dots", |(local, _, _)| !local.contains(".."))
        .prop_map(|(local, domain, tld)| format!("{local}@{domain}.{tld}"))
}

fn password() -> impl Strategy<Value = String> {
    // Long random passwords over printable characters, including non-ASCII.
    proptest::collection::vec(prop_oneof![r"[ -~]", "[äöüßéøåλ✓🙂]"], 14..40)
        .prop_map(|c| c.concat())
}

#[test]
fn register_login_me_round_trips_for_any_valid_credentials() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(TestApp::spawn());
    let config = ProptestConfig {
        cases: 24,
        ..ProptestConfig::default()
    };
    proptest!(config, |(email in email(), password in password())| {
        runtime.block_on(async {
            let registered = app
                .post("/api/v1/auth/register", json!({"email": email, "password": password, "firstName": "P", "lastName": "Q"}))
                .await;
            let status = registered.status();
            let body: Value = registered.json().await.unwrap();
            // A generated address may collide with an earlier case; anything else must succeed.
            prop_assert!(status == StatusCode::CREATED || body["code"] == "email_taken", "{status} {body}");
            if status != StatusCode::CREATED {
                return Ok(());
            }
            let login = app.login_with(&email, &password).await;
            prop_assert_eq!(login.status(), StatusCode::OK);
            let tokens: Value = login.json().await.unwrap();
            let me: Value = app.get_as(tokens["accessToken"].as_str().unwrap(), "/api/v1/me").await.json().await.unwrap();
            prop_assert_eq!(&me["email"], &json!(email.to_lowercase()));
            prop_assert_eq!(&me["id"], &body["user"]["id"]);
            Ok(())
        })?;
    });
}
