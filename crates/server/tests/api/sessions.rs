use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};

#[tokio::test]
async fn a_refresh_spends_the_old_token_and_its_reuse_closes_the_session() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let first = app
        .post("/api/v1/auth/refresh", json!({"refreshToken": ada.refresh}))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let pair: Value = first.json().await.unwrap();
    let new_access = pair["accessToken"].as_str().unwrap().to_owned();
    let new_refresh = pair["refreshToken"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh, ada.refresh);
    assert_eq!(
        app.get_as(&new_access, "/api/v1/me").await.status(),
        StatusCode::OK
    );

    let replay = app
        .post("/api/v1/auth/refresh", json!({"refreshToken": ada.refresh}))
        .await;
    assert_problem(replay, StatusCode::UNAUTHORIZED, "refresh_token_reused").await;
    // The thief's replay ends the session for everyone holding its tokens.
    assert_eq!(
        app.get_as(&new_access, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let after = app
        .post("/api/v1/auth/refresh", json!({"refreshToken": new_refresh}))
        .await;
    assert_problem(after, StatusCode::UNAUTHORIZED, "invalid_token").await;
}

#[tokio::test]
async fn the_refresh_cookie_alone_is_enough_to_refresh() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("cookie", format!("codestead_refresh={}", ada.refresh))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookies: Vec<_> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(cookies.iter().any(|c| c.starts_with("codestead_access=")
        && c.contains("HttpOnly")
        && c.contains("SameSite=Lax")));
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("codestead_refresh=") && c.contains("Path=/api/v1/auth"))
    );
}

#[tokio::test]
async fn logout_stops_both_tokens_at_once() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let out = app.post_as(&ada.access, "/api/v1/auth/logout", None).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_problem(
        app.get_as(&ada.access, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "session_revoked",
    )
    .await;
    let refresh = app
        .post("/api/v1/auth/refresh", json!({"refreshToken": ada.refresh}))
        .await;
    assert_eq!(refresh.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_learner_sees_their_devices_and_signs_one_out() {
    let app = TestApp::spawn().await;
    let laptop = app.learner().await;
    let phone = app.login(&laptop.email).await;
    let list: Vec<Value> = app
        .get_as(&laptop.access, "/api/v1/auth/sessions")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    let current: Vec<_> = list.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["id"], laptop.session_id.as_str());

    let revoke = app
        .request(
            Method::DELETE,
            &format!("/api/v1/auth/sessions/{}", phone.session_id),
            None,
            Some(&laptop.access),
        )
        .await;
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get_as(&phone.access, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get_as(&laptop.access, "/api/v1/me").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_learner_cannot_revoke_another_learners_session() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let attempt = app
        .request(
            Method::DELETE,
            &format!("/api/v1/auth/sessions/{}", bob.session_id),
            None,
            Some(&ada.access),
        )
        .await;
    assert_problem(attempt, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(
        app.get_as(&bob.access, "/api/v1/me").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_access_token_expires_after_fifteen_minutes_but_the_session_refreshes() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    app.clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    assert_problem(
        app.get_as(&ada.access, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "token_expired",
    )
    .await;
    let refreshed = app
        .post("/api/v1/auth/refresh", json!({"refreshToken": ada.refresh}))
        .await;
    assert_eq!(refreshed.status(), StatusCode::OK);
    let pair: Value = refreshed.json().await.unwrap();
    assert_eq!(
        app.get_as(pair["accessToken"].as_str().unwrap(), "/api/v1/me")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_refresh_token_dies_after_seven_days() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    app.clock.advance(Duration::days(7) + Duration::seconds(1));
    let late = app
        .post("/api/v1/auth/refresh", json!({"refreshToken": ada.refresh}))
        .await;
    assert_problem(late, StatusCode::UNAUTHORIZED, "invalid_token").await;
}

#[tokio::test]
async fn forged_tampered_and_expired_access_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let parts: Vec<&str> = ada.access.split('.').collect();

    // Tampered: same signature, payload edited to claim admin.
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    claims["role"] = json!("admin");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        engine.encode(claims.to_string()),
        parts[2]
    );
    assert_problem(
        app.get_as(&tampered, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;

    // Forged: a well-formed token signed with another key.
    let other =
        codestead_server::auth::tokens::TokenKeys::new(b"an attacker's secret of 32 bytes!!");
    let mut forged_claims: codestead_server::auth::tokens::Claims =
        serde_json::from_value(claims.clone()).unwrap();
    forged_claims.exp = app.clock.now_ts() + 600;
    let forged = other.sign(&forged_claims);
    assert_problem(
        app.get_as(&forged, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;

    // "alg: none" with no signature.
    let none_header = engine.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{none_header}.{}.", parts[1]);
    assert_problem(
        app.get_as(&unsigned, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;

    let garbage = "not.a.jwt";
    assert_problem(
        app.get_as(garbage, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
    assert_problem(
        app.request(Method::GET, "/api/v1/me", None, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn a_token_signed_with_the_servers_configured_secret_is_honoured_until_it_expires() {
    let secret = "a-shared-secret-that-is-long-enough-123";
    let app = TestApp::spawn_with(|c| c.jwt_secret = Some(secret.to_owned().into())).await;
    let ada = app.learner().await;
    let keys = codestead_server::auth::tokens::TokenKeys::new(secret.as_bytes());
    let mut claims = claims_of(&ada.access);
    claims.exp = app.clock.now_ts() + 60;
    assert_eq!(
        app.get_as(&keys.sign(&claims), "/api/v1/me").await.status(),
        StatusCode::OK
    );
    claims.exp = app.clock.now_ts() - 1;
    assert_problem(
        app.get_as(&keys.sign(&claims), "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "token_expired",
    )
    .await;
}

fn claims_of(token: &str) -> codestead_server::auth::tokens::Claims {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}
