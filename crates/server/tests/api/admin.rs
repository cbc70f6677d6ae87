//! Feedback, admin statistics and the outbox: admin-only, numbers from seeded actions.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Login, PASSWORD, TestApp, assert_problem, seed_run};

/// A signed-in administrator (made as the `admin create-user` command does).
pub async fn admin(app: &TestApp) -> Login {
    let email = format!("admin-{}@example.org", Uuid::now_v7().simple());
    app.state
        .accounts
        .create_user_as_operator(&email, PASSWORD.into(), true)
        .await
        .expect("operator creates an admin");
    app.login(&email).await
}

async fn patch_as(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.request(Method::PATCH, path, Some(body), Some(token))
        .await
}

#[tokio::test]
async fn feedback_is_validated_and_changes_nothing_when_bad() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bad = app
        .post_as(
            &ada.access,
            "/api/v1/feedback",
            Some(json!({"kind": "rant", "message": "   "})),
        )
        .await;
    let body = assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["fields"]["kind"].is_string(), "{body}");
    assert!(body["fields"]["message"].is_string(), "{body}");
    let too_long = app
        .post_as(
            &ada.access,
            "/api/v1/feedback",
            Some(json!({"kind": "bug", "message": "x".repeat(5001)})),
        )
        .await;
    let body = assert_problem(
        too_long,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["message"].is_string());
    assert_problem(
        app.post("/api/v1/feedback", json!({"kind": "bug", "message": "hi"}))
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    let root = admin(&app).await;
    let list: Value = app
        .get_as(&root.access, "/api/v1/admin/feedback")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0, "rejected feedback is not stored");
}

#[tokio::test]
async fn an_admin_triages_feedback_that_learners_cannot_see() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let created = app
        .post_as(
            &ada.access,
            "/api/v1/feedback",
            Some(json!({"kind": "bug", "message": "  The run button sticks.  ", "page": "/learn/python"})),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["status"], "new");
    assert_eq!(created["message"], "The run button sticks.");
    assert_eq!(created["userId"], ada.user_id.as_str());
    let id = created["id"].as_str().unwrap();
    app.post_as(
        &ada.access,
        "/api/v1/feedback",
        Some(json!({"kind": "idea", "message": "Dark mode"})),
    )
    .await;

    for path in [
        "/api/v1/admin/feedback",
        "/api/v1/admin/stats",
        "/api/v1/admin/outbox",
    ] {
        assert_problem(
            app.get_as(&ada.access, path).await,
            StatusCode::FORBIDDEN,
            "admin_only",
        )
        .await;
        assert_problem(
            app.request(Method::GET, path, None, None).await,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        )
        .await;
    }
    assert_problem(
        patch_as(
            &app,
            &ada.access,
            &format!("/api/v1/admin/feedback/{id}"),
            json!({"status": "done"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "admin_only",
    )
    .await;

    let root = admin(&app).await;
    let all: Value = app
        .get_as(&root.access, "/api/v1/admin/feedback")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 2);
    assert_eq!(all["items"][0]["message"], "Dark mode", "newest first");

    let bad = patch_as(
        &app,
        &root.access,
        &format!("/api/v1/admin/feedback/{id}"),
        json!({"status": "closed"}),
    )
    .await;
    assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let triaged: Value = patch_as(
        &app,
        &root.access,
        &format!("/api/v1/admin/feedback/{id}"),
        json!({"status": "planned", "adminNote": "Next release"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(triaged["status"], "planned");
    assert_eq!(triaged["adminNote"], "Next release");
    assert_problem(
        patch_as(
            &app,
            &root.access,
            &format!("/api/v1/admin/feedback/{}", Uuid::now_v7()),
            json!({"status": "done"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let planned: Value = app
        .get_as(&root.access, "/api/v1/admin/feedback?status=planned")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(planned["total"], 1);
    assert_eq!(planned["items"][0]["id"], id);
    assert_problem(
        app.get_as(&root.access, "/api/v1/admin/feedback?status=lost")
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let second_page: Value = app
        .get_as(&root.access, "/api/v1/admin/feedback?page=2&perPage=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second_page["items"][0]["id"], id);
}

#[tokio::test]
async fn admin_stats_count_what_learners_did() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    seed_run(&app, &ada.user_id, "python", "ok").await;
    seed_run(&app, &ada.user_id, "python", "ok").await;
    seed_run(&app, &bob.user_id, "python", "runtime_error").await;
    seed_run(&app, &bob.user_id, "cpp", "compile_error").await;
    // An old run: counted overall, outside the 30-day series.
    app.clock.advance(Duration::days(40));
    let ada = app.login(&ada.email).await;
    seed_run(&app, &ada.user_id, "java", "ok").await;

    let lesson = app
        .state
        .learning
        .curriculum()
        .items
        .iter()
        .find(|i| i.prerequisites.is_empty())
        .unwrap()
        .id;
    let done = app
        .post_as(
            &ada.access,
            &format!("/api/v1/progress/{lesson}/complete"),
            None,
        )
        .await;
    assert!(done.status().is_success(), "{}", done.status());
    let asked = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "What is a variable?", "context": {"language": "python"}})),
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);

    let root = admin(&app).await;
    let stats: Value = app
        .get_as(&root.access, "/api/v1/admin/stats")
        .await
        .json()
        .await
        .unwrap();
    // ada, bob and the admin; only the admin (operator-made) is verified.
    assert_eq!(stats["users"]["total"], 3, "{stats}");
    assert_eq!(stats["users"]["verified"], 1);
    // bob's only session is 40 days old; ada signed in again, the admin just now.
    assert_eq!(stats["users"]["active7d"], 2);
    assert_eq!(stats["users"]["active30d"], 2);

    let count = |language: &str, status: &str| {
        stats["runsByLanguage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["language"] == language && r["status"] == status)
            .map(|r| r["count"].as_i64().unwrap())
            .unwrap_or(0)
    };
    assert_eq!(count("python", "ok"), 2);
    assert_eq!(count("python", "runtime_error"), 1);
    assert_eq!(count("cpp", "compile_error"), 1);
    assert_eq!(count("java", "ok"), 1);

    let per_day = stats["runsPerDay"].as_array().unwrap();
    assert_eq!(per_day.len(), 30);
    let today = app.state.clock.now().format("%Y-%m-%d").to_string();
    assert_eq!(per_day.last().unwrap()["date"], today.as_str());
    assert_eq!(per_day.last().unwrap()["count"], 1);
    let in_window: i64 = per_day.iter().map(|d| d["count"].as_i64().unwrap()).sum();
    assert_eq!(in_window, 1, "runs 40 days ago are outside the series");

    assert_eq!(stats["tutor"]["messages"], 1);
    assert_eq!(stats["tutor"]["conversations"], 1);
    assert_eq!(stats["tutor"]["byProvider"]["offline"], 1);
    assert_eq!(stats["completions"]["total"], 1);
    assert_eq!(
        stats["completions"]["perDay"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["count"],
        1
    );
}

#[tokio::test]
async fn the_outbox_lists_the_verification_mail_newest_first() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.register("grace@example.org").await.status(),
        StatusCode::CREATED
    );
    app.outbox().await; // the two mails are written in order
    assert_eq!(
        app.register("linus@example.org").await.status(),
        StatusCode::CREATED
    );
    app.outbox().await; // lets the background sends finish
    let root = admin(&app).await;
    let outbox: Value = app
        .get_as(&root.access, "/api/v1/admin/outbox")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outbox["mode"], "outbox");
    let items = outbox["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{outbox}");
    assert!(
        items[0]["to"]
            .as_str()
            .unwrap()
            .contains("linus@example.org")
    );
    let grace = &items[1];
    assert!(grace["to"].as_str().unwrap().contains("grace@example.org"));
    assert!(!grace["subject"].as_str().unwrap().is_empty());
    assert!(
        grace["body"]
            .as_str()
            .unwrap()
            .contains("/verify-email?token="),
        "the text part is decoded: {}",
        grace["body"]
    );
    assert!(grace["id"].as_str().unwrap().ends_with(".eml"));
    assert!(grace["createdAt"].is_string());

    let one: Value = app
        .get_as(&root.access, "/api/v1/admin/outbox?limit=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["items"].as_array().unwrap().len(), 1);
    assert_problem(
        app.get_as(&root.access, "/api/v1/admin/outbox?limit=0")
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn in_smtp_mode_the_outbox_is_empty() {
    let app = TestApp::spawn_with(|c| {
        c.smtp_url = Some("smtp://127.0.0.1:1".to_owned().into());
    })
    .await;
    let root = admin(&app).await;
    let outbox: Value = app
        .get_as(&root.access, "/api/v1/admin/outbox")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(outbox["mode"], "smtp");
    assert_eq!(outbox["items"], json!([]));
}
