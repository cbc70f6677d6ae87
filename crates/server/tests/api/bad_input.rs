//! Bad input gets a clear problem+json naming the field, and changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem};

async fn register_raw(app: &TestApp, body: &str, content_type: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

async fn user_count(app: &TestApp) -> u64 {
    app.state.store.count_users().await.unwrap()
}

#[tokio::test]
async fn malformed_json_is_a_bad_request() {
    let app = TestApp::spawn().await;
    let response = register_raw(
        &app,
        r#"{"email": "a@b.c", "password": "#,
        "application/json",
    )
    .await;
    assert_problem(response, StatusCode::BAD_REQUEST, "malformed_json").await;
    assert_eq!(user_count(&app).await, 0);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused() {
    let app = TestApp::spawn().await;
    let response = register_raw(&app, "email=a@b.c", "application/x-www-form-urlencoded").await;
    assert_problem(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn a_missing_field_is_named() {
    let app = TestApp::spawn().await;
    let response = app
        .post(
            "/api/v1/auth/register",
            json!({"email": "a@example.org", "password": PASSWORD, "firstName": "A"}),
        )
        .await;
    let body = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(
        body["fields"]["lastName"]
            .as_str()
            .unwrap()
            .contains("missing"),
        "{body}"
    );
    assert_eq!(user_count(&app).await, 0);
}

#[tokio::test]
async fn a_short_password_is_explained_in_the_detail_too() {
    let app = TestApp::spawn().await;
    let response = app
        .post(
            "/api/v1/auth/register",
            json!({"email": "a@example.org", "password": "short", "firstName": "A", "lastName": "B"}),
        )
        .await;
    let body = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("`password`"), "{body}");
    assert!(detail.contains("at least 10 characters"), "{body}");
    assert_eq!(user_count(&app).await, 0);
}

#[tokio::test]
async fn a_wrong_type_is_named() {
    let app = TestApp::spawn().await;
    let response = app
        .post("/api/v1/auth/register", json!({"email": "a@example.org", "password": 1234567890123_i64, "firstName": "A", "lastName": "B"}))
        .await;
    let body = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["password"].is_string(), "{body}");
}

#[tokio::test]
async fn an_unknown_field_is_named() {
    let app = TestApp::spawn().await;
    let response = app
        .post("/api/v1/auth/register", json!({"email": "a@example.org", "password": PASSWORD, "firstName": "A", "lastName": "B", "role": "admin"}))
        .await;
    let body = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(
        body["fields"]["role"]
            .as_str()
            .unwrap()
            .contains("unknown field"),
        "{body}"
    );
    assert_eq!(user_count(&app).await, 0);
}

#[tokio::test]
async fn invalid_emails_are_refused() {
    let app = TestApp::spawn().await;
    for email in ["not-an-email", "a@", "@example.org", "a b@example.org", ""] {
        let response = app
            .post(
                "/api/v1/auth/register",
                json!({"email": email, "password": PASSWORD, "firstName": "A", "lastName": "B"}),
            )
            .await;
        let body = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body["fields"]["email"].is_string(), "{email}: {body}");
    }
    assert_eq!(user_count(&app).await, 0);
}

#[tokio::test]
async fn short_and_common_passwords_are_refused() {
    let app = TestApp::spawn().await;
    for password in [
        "short",
        "123456789",
        "password123",
        "qwertyuiop",
        "iloveyou12",
    ] {
        let response = app
            .post("/api/v1/auth/register", json!({"email": "a@example.org", "password": password, "firstName": "A", "lastName": "B"}))
            .await;
        let body = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body["fields"]["password"].is_string(), "{password}: {body}");
    }
    assert_eq!(user_count(&app).await, 0);
}

#[tokio::test]
async fn several_bad_fields_are_all_reported() {
    let app = TestApp::spawn().await;
    let response = app
        .post("/api/v1/auth/register", json!({"email": "nope", "password": "short", "firstName": " ", "lastName": "B", "username": "a b"}))
        .await;
    let body = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields = body["fields"].as_object().unwrap();
    for field in ["email", "password", "firstName", "username"] {
        assert!(fields.contains_key(field), "{field} missing in {body}");
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = TestApp::spawn_with(|c| c.max_body_bytes = 4096).await;
    let huge = "x".repeat(10_000);
    let response = app
        .post("/api/v1/auth/register", json!({"email": "a@example.org", "password": PASSWORD, "firstName": huge, "lastName": "B"}))
        .await;
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert_eq!(user_count(&app).await, 0);
}

#[tokio::test]
async fn an_invalid_session_id_in_the_path_is_a_clear_error() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let response = app
        .request(
            reqwest::Method::DELETE,
            "/api/v1/auth/sessions/not-a-uuid",
            None,
            Some(&ada.access),
        )
        .await;
    let body: Value = assert_problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("uuid")
            || body["detail"].as_str().unwrap().contains("parse"),
        "{body}"
    );
}

#[tokio::test]
async fn a_verification_token_that_never_existed_is_refused() {
    let app = TestApp::spawn().await;
    let response = app
        .post("/api/v1/auth/verify-email", json!({"token": "made-up"}))
        .await;
    assert_problem(response, StatusCode::BAD_REQUEST, "invalid_token").await;
    let empty = app
        .post("/api/v1/auth/verify-email", json!({"token": ""}))
        .await;
    let body = assert_problem(empty, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["fields"]["token"].is_string());
}
