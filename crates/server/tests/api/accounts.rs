use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem};

#[tokio::test]
async fn a_learner_registers_verifies_the_address_and_signs_in() {
    let app = TestApp::spawn().await;
    let response = app.register("Ada@Example.org").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["user"]["email"], "ada@example.org",
        "addresses are normalised"
    );
    assert_eq!(body["user"]["emailVerified"], false);
    assert_eq!(body["user"]["username"], "ada");

    let token = app
        .token_from_mail("ada@example.org", "/verify-email?token=")
        .await;
    let verified = app
        .post("/api/v1/auth/verify-email", json!({ "token": token }))
        .await;
    assert_eq!(verified.status(), StatusCode::NO_CONTENT);
    let again = app
        .post("/api/v1/auth/verify-email", json!({ "token": token }))
        .await;
    assert_problem(again, StatusCode::BAD_REQUEST, "invalid_token").await;

    let login = app.login("ADA@example.org").await;
    let me: Value = app
        .get_as(&login.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["emailVerified"], true);
    assert_eq!(me["firstName"], "Ada");
}

#[tokio::test]
async fn registering_a_taken_address_is_a_conflict_that_changes_nothing() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.register("ada@example.org").await.status(),
        StatusCode::CREATED
    );
    let response = app
        .post(
            "/api/v1/auth/register",
            json!({"email": "ADA@Example.org", "password": "another-long-passphrase-9", "firstName": "Eve", "lastName": "X"}),
        )
        .await;
    let body = assert_problem(response, StatusCode::CONFLICT, "email_taken").await;
    assert!(body["fields"]["email"].is_string());
    // The original password still works; the intruder's does not.
    app.login("ada@example.org").await;
    let eve = app
        .login_with("ada@example.org", "another-long-passphrase-9")
        .await;
    assert_problem(eve, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
}

#[tokio::test]
async fn a_chosen_username_that_is_taken_in_another_case_is_a_conflict() {
    let app = TestApp::spawn().await;
    let first = app
        .post("/api/v1/auth/register", json!({"email": "a@example.org", "password": PASSWORD, "firstName": "A", "lastName": "B", "username": "Coder"}))
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let second = app
        .post("/api/v1/auth/register", json!({"email": "b@example.org", "password": PASSWORD, "firstName": "A", "lastName": "B", "username": "coder"}))
        .await;
    let body = assert_problem(second, StatusCode::CONFLICT, "conflict").await;
    assert!(body["fields"]["username"].is_string());
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.register("ada@example.org").await;
    let wrong = app
        .login_with("ada@example.org", "not-the-password-at-all")
        .await;
    let unknown = app
        .login_with("nobody@example.org", "not-the-password-at-all")
        .await;
    let wrong = assert_problem(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    let unknown = assert_problem(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    assert_eq!(wrong["detail"], unknown["detail"]);
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes_even_against_the_right_password() {
    let app = TestApp::spawn().await;
    app.register("ada@example.org").await;
    for _ in 0..5 {
        let r = app
            .login_with("ada@example.org", "wrong-password-guess")
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = app.login_with("ada@example.org", PASSWORD).await;
    let retry: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((890..=900).contains(&retry), "retry-after {retry}");
    assert_problem(locked, StatusCode::TOO_MANY_REQUESTS, "account_locked").await;

    app.clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    app.login("ada@example.org").await;
}

#[tokio::test]
async fn an_unknown_address_locks_like_a_real_one() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        let r = app
            .login_with("ghost@example.org", "wrong-password-guess")
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = app
        .login_with("ghost@example.org", "wrong-password-guess")
        .await;
    assert_problem(locked, StatusCode::TOO_MANY_REQUESTS, "account_locked").await;
}

#[tokio::test]
async fn a_password_reset_works_once_and_signs_out_every_session() {
    let app = TestApp::spawn().await;
    app.register("ada@example.org").await;
    let phone = app.login("ada@example.org").await;

    let unknown = app
        .post(
            "/api/v1/auth/forgot-password",
            json!({"email": "nobody@example.org"}),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::ACCEPTED);
    let known = app
        .post(
            "/api/v1/auth/forgot-password",
            json!({"email": "ada@example.org"}),
        )
        .await;
    assert_eq!(known.status(), StatusCode::ACCEPTED);
    let mails = app.outbox().await;
    assert!(
        !mails.iter().any(|m| m.contains("nobody@example.org")),
        "no mail to unknown addresses"
    );

    let token = app
        .token_from_mail("ada@example.org", "/reset-password?token=")
        .await;
    let reset = app
        .post(
            "/api/v1/auth/reset-password",
            json!({"token": token, "password": "brand-new-passphrase-77"}),
        )
        .await;
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let reused = app
        .post(
            "/api/v1/auth/reset-password",
            json!({"token": token, "password": "third-passphrase-for-me"}),
        )
        .await;
    assert_problem(reused, StatusCode::BAD_REQUEST, "invalid_token").await;

    assert_problem(
        app.get_as(&phone.access, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "session_revoked",
    )
    .await;
    assert_problem(
        app.login_with("ada@example.org", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(
        app.login_with("ada@example.org", "brand-new-passphrase-77")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour() {
    let app = TestApp::spawn().await;
    app.register("ada@example.org").await;
    app.post(
        "/api/v1/auth/forgot-password",
        json!({"email": "ada@example.org"}),
    )
    .await;
    let token = app
        .token_from_mail("ada@example.org", "/reset-password?token=")
        .await;
    app.clock.advance(Duration::minutes(61));
    let late = app
        .post(
            "/api/v1/auth/reset-password",
            json!({"token": token, "password": "brand-new-passphrase-77"}),
        )
        .await;
    assert_problem(late, StatusCode::BAD_REQUEST, "invalid_token").await;
    app.login("ada@example.org").await;
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_signs_out_other_devices() {
    let app = TestApp::spawn().await;
    app.register("ada@example.org").await;
    let laptop = app.login("ada@example.org").await;
    let phone = app.login("ada@example.org").await;

    let wrong = app
        .post_as(&laptop.access, "/api/v1/auth/change-password", Some(json!({"currentPassword": "nope-nope-nope", "newPassword": "brand-new-passphrase-77"})))
        .await;
    let body = assert_problem(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["fields"]["currentPassword"].is_string());

    let changed = app
        .post_as(
            &laptop.access,
            "/api/v1/auth/change-password",
            Some(json!({"currentPassword": PASSWORD, "newPassword": "brand-new-passphrase-77"})),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let fresh: Value = changed.json().await.unwrap();
    let fresh_access = fresh["accessToken"].as_str().unwrap();
    assert_eq!(
        app.get_as(fresh_access, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get_as(&phone.access, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_profile_can_be_edited_field_by_field() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let patched = app
        .request(Method::PATCH, "/api/v1/me", Some(json!({"bio": "I like loops", "skillLevel": "intermediate", "githubUsername": "ada-l", "username": "ada_l"})), Some(&ada.access))
        .await;
    assert_eq!(patched.status(), StatusCode::OK);
    let me: Value = app
        .get_as(&ada.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["bio"], "I like loops");
    assert_eq!(me["skillLevel"], "intermediate");
    assert_eq!(me["username"], "ada_l");
    assert_eq!(me["firstName"], "Ada", "untouched fields stay");
    assert_eq!(me["id"], ada.user_id.as_str());

    let bad = app
        .request(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"skillLevel": "wizard", "linkedinUrl": "javascript:alert(1)"})),
            Some(&ada.access),
        )
        .await;
    let body = assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["fields"]["skillLevel"].is_string());
    assert!(body["fields"]["linkedinUrl"].is_string());
    let me: Value = app
        .get_as(&ada.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["skillLevel"], "intermediate",
        "a rejected patch changes nothing"
    );
}

#[tokio::test]
async fn a_deleted_account_cannot_sign_in_and_its_tokens_stop_working() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let deleted = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": PASSWORD})),
            Some(&ada.access),
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get_as(&ada.access, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_problem(
        app.login_with(&ada.email, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
}

#[tokio::test]
async fn deleting_the_account_needs_its_password_and_a_wrong_one_deletes_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    for body in [
        None,
        Some(json!({})),
        Some(json!({"password": ""})),
        Some(json!({"password": "not-my-password-9"})),
    ] {
        let refused = app
            .request(
                Method::DELETE,
                "/api/v1/me",
                body.clone(),
                Some(&ada.access),
            )
            .await;
        let problem = assert_problem(
            refused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(
            problem["fields"]["password"].is_string(),
            "{body:?}: {problem}"
        );
    }
    // Nothing was deleted: the session works and the password still signs in.
    assert_eq!(
        app.get_as(&ada.access, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.login_with(&ada.email, PASSWORD).await.status(),
        StatusCode::OK
    );
    let with_right = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": PASSWORD})),
            Some(&ada.access),
        )
        .await;
    assert_eq!(with_right.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_operator_creates_an_admin_who_is_verified() {
    let app = TestApp::spawn().await;
    let admin = app
        .state
        .accounts
        .create_user_as_operator("root@example.org", PASSWORD.into(), true)
        .await
        .expect("operator user");
    assert!(admin.email_verified);
    let login: Value = app
        .login_with("root@example.org", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(login["user"]["role"], "admin");
}
