//! Drafts follow the learner: saved on the server, read back from another session,
//! private, bounded, exported, and deleted with the account.

use std::io::Read;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem};

async fn put(app: &TestApp, token: &str, key: &str, body: Value) -> reqwest::Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/drafts/{key}"),
        Some(body),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn a_draft_saved_in_one_session_is_read_back_in_another_and_is_private() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let saved = put(
        &app,
        &ada.access,
        "exercise:python-ex-greeting",
        json!({"language": "python", "code": "name = input()\nprint('Hi', name)\n"}),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    // A second login (another browser, after logout) sees the same code.
    let again = app.login(&ada.email).await;
    let read: Value = app
        .get_as(&again.access, "/api/v1/drafts/exercise:python-ex-greeting")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["code"], "name = input()\nprint('Hi', name)\n");
    assert_eq!(read["language"], "python");
    assert!(read["updatedAt"].is_string());
    // The last write wins; there is still one draft.
    put(
        &app,
        &ada.access,
        "exercise:python-ex-greeting",
        json!({"language": "python", "code": "print('v2')"}),
    )
    .await;
    let all: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/drafts")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["code"], "print('v2')");
    // Another learner neither reads nor deletes it.
    let r = app
        .get_as(&bob.access, "/api/v1/drafts/exercise:python-ex-greeting")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .request(
            Method::DELETE,
            "/api/v1/drafts/exercise:python-ex-greeting",
            None,
            Some(&bob.access),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A visitor without a session gets nothing.
    let r = app.request(Method::GET, "/api/v1/drafts", None, None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Deleting (an exercise reset) removes it.
    let r = app
        .request(
            Method::DELETE,
            "/api/v1/drafts/exercise:python-ex-greeting",
            None,
            Some(&ada.access),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = app
        .get_as(&ada.access, "/api/v1/drafts/exercise:python-ex-greeting")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bad_draft_names_the_field_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    for (key, body, field) in [
        (
            "exercise:x",
            json!({"language": "cobol", "code": "x"}),
            "language",
        ),
        (
            "exercise:x",
            json!({"language": "python", "code": "x".repeat(65537)}),
            "code",
        ),
        (
            "homework:x",
            json!({"language": "python", "code": "x"}),
            "key",
        ),
        (
            "exercise:..%2F..%2Fetc",
            json!({"language": "python", "code": "x"}),
            "key",
        ),
        (
            "exercise:",
            json!({"language": "python", "code": "x"}),
            "key",
        ),
        (
            "exercise:a%2Fb",
            json!({"language": "python", "code": "x"}),
            "key",
        ),
        (
            "exercise:%3Cscript%3E",
            json!({"language": "python", "code": "x"}),
            "key",
        ),
    ] {
        let r = put(&app, &ada.access, key, body).await;
        let problem =
            assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(
            problem["fields"].get(field).is_some(),
            "{key}: {problem} names {field}"
        );
    }
    let all: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/drafts")
        .await
        .json()
        .await
        .unwrap();
    assert!(all.is_empty(), "nothing stored: {all:?}");
}

#[tokio::test]
async fn drafts_are_in_the_export_and_gone_with_the_account() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    put(
        &app,
        &ada.access,
        "playground:cpp",
        json!({"language": "cpp", "code": "int main() { return 0; }"}),
    )
    .await;
    let zip = app
        .get_as(&ada.access, "/api/v1/me/export")
        .await
        .bytes()
        .await
        .unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    let mut text = String::new();
    archive
        .by_name("drafts.json")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let drafts: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(drafts[0]["key"], "playground:cpp");
    assert_eq!(drafts[0]["code"], "int main() { return 0; }");

    let r = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": PASSWORD})),
            Some(&ada.access),
        )
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    let user_id = uuid::Uuid::parse_str(&ada.user_id).unwrap();
    assert!(
        app.state
            .store
            .list_drafts(user_id)
            .await
            .unwrap()
            .is_empty()
    );
}
