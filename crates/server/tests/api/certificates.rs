//! Certificates of a finished track, on a tiny curriculum of its own: two lessons and an
//! exercise (the exercise is completed as a passing submission would complete it).

use std::path::Path;

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use codestead_store::learning::ProgressUpdate;

use crate::helpers::{Login, TestApp, assert_problem};

const TRACK: &str = "tiny";
const LESSONS: [&str; 2] = ["python-hello-world", "tiny-goodbye"];
const EXERCISE: &str = "python-ex-greeting";

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A curriculum of one three-item track.
fn tiny_curriculum() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/python");
    let track = dir.path().join(TRACK);
    std::fs::create_dir_all(track.join("lessons")).unwrap();
    std::fs::copy(
        builtin.join("lessons/python-hello-world.md"),
        track.join("lessons/python-hello-world.md"),
    )
    .unwrap();
    copy(
        &builtin.join("exercises/python-ex-greeting"),
        &track.join("exercises/python-ex-greeting"),
    );
    std::fs::write(
        track.join("lessons/tiny-goodbye.md"),
        "---\nid: 7d9e2c41-3b5a-4f6e-8c1d-2a0b9e8f7c6d\nslug: tiny-goodbye\ntitle: Saying goodbye\n\
         type: lesson\ndifficulty: beginner\ncategory: python\ntags: [basics]\nestimatedMinutes: 2\n\
         prerequisites: []\n---\n\nA program ends when its last line has run.\n",
    )
    .unwrap();
    std::fs::write(
        track.join("track.toml"),
        "slug = \"tiny\"\ntitle = \"Tiny track\"\nlanguage = \"python\"\n\
         description = \"Two lessons and an exercise.\"\n\n[[modules]]\nslug = \"tiny-all\"\n\
         title = \"All of it\"\nitems = [\"python-hello-world\", \"python-ex-greeting\", \"tiny-goodbye\"]\n",
    )
    .unwrap();
    dir
}

async fn spawn() -> (TestApp, tempfile::TempDir) {
    let content = tiny_curriculum();
    let dir = content.path().to_path_buf();
    let app = TestApp::spawn_with(move |c| c.content_dir = Some(dir)).await;
    assert_eq!(app.state.learning.curriculum().items.len(), 3);
    (app, content)
}

fn id_of(app: &TestApp, slug: &str) -> Uuid {
    app.state.learning.curriculum().item(slug).unwrap().id
}

async fn complete_lesson(app: &TestApp, who: &Login, slug: &str) {
    let response = app
        .post_as(
            &who.access,
            &format!("/api/v1/progress/{}/complete", id_of(app, slug)),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

/// What a passing submission records (no sandbox needed).
async fn pass_exercise(app: &TestApp, who: &Login) {
    app.state
        .store
        .record_progress(
            who.user_id.parse().unwrap(),
            id_of(app, EXERCISE),
            ProgressUpdate {
                progress_percentage: 100,
                time_spent_seconds: 0,
                complete: true,
            },
            app.state.clock.now(),
        )
        .await
        .unwrap();
}

async fn claim(app: &TestApp, who: &Login, body: Value) -> reqwest::Response {
    app.post_as(&who.access, "/api/v1/me/certificates", Some(body))
        .await
}

async fn mine(app: &TestApp, who: &Login) -> Vec<Value> {
    app.get_as(&who.access, "/api/v1/me/certificates")
        .await
        .json()
        .await
        .unwrap()
}

async fn verify(app: &TestApp, code: &str) -> reqwest::Response {
    app.request(
        Method::GET,
        &format!("/api/v1/certificates/{code}"),
        None,
        None,
    )
    .await
}

#[tokio::test]
async fn an_unfinished_track_is_refused_saying_what_is_left() {
    let (app, _content) = spawn().await;
    let ada = app.learner().await;
    complete_lesson(&app, &ada, LESSONS[0]).await;
    let body = assert_problem(
        claim(&app, &ada, json!({"track": TRACK})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "track_incomplete",
    )
    .await;
    let left = body["fields"]["track"].as_str().unwrap();
    assert!(left.starts_with("2 of 3 items"), "{left}");
    assert!(
        left.contains(EXERCISE) && left.contains("tiny-goodbye"),
        "{left}"
    );
    assert!(!left.contains(LESSONS[0]), "{left}");

    // Everything but the exercise: still refused.
    complete_lesson(&app, &ada, LESSONS[1]).await;
    let body = assert_problem(
        claim(&app, &ada, json!({"track": TRACK})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "track_incomplete",
    )
    .await;
    assert!(
        body["fields"]["track"]
            .as_str()
            .unwrap()
            .starts_with("1 of 3")
    );
    assert!(mine(&app, &ada).await.is_empty());

    for (bad, code) in [
        (json!({"track": "cobol"}), "validation_failed"),
        (json!({"track": ""}), "validation_failed"),
        (json!({}), "validation_failed"),
    ] {
        let body = assert_problem(
            claim(&app, &ada, bad.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
        assert!(body["fields"]["track"].is_string(), "{bad} → {body}");
    }
    assert_problem(
        app.post("/api/v1/me/certificates", json!({"track": TRACK}))
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn a_finished_track_is_certified_once_and_verifies_without_a_login() {
    let (app, _content) = spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    complete_lesson(&app, &ada, LESSONS[0]).await;
    pass_exercise(&app, &ada).await;
    // Access tokens live 15 minutes: sign in again after each jump of the clock.
    app.clock.advance(Duration::hours(3));
    let ada = app.login(&ada.email).await;
    let finished_at = app.state.clock.now();
    complete_lesson(&app, &ada, LESSONS[1]).await;
    app.clock.advance(Duration::days(2));
    let ada = app.login(&ada.email).await;
    let bob = app.login(&bob.email).await;

    let first = claim(&app, &ada, json!({"track": TRACK})).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let code = first["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 43, "32 random bytes, base64url");
    assert_eq!(first["url"], format!("/certificates/{code}"));
    assert_eq!(first["trackTitle"], "Tiny track");
    assert_eq!(first["learnerName"], "Ada Lovelace");
    let completed: chrono::DateTime<chrono::Utc> =
        first["completedAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        completed.timestamp(),
        finished_at.timestamp(),
        "the day the last item was done, not the day it was claimed"
    );

    // Claiming again gives back the same certificate.
    let again = claim(&app, &ada, json!({"track": TRACK})).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first);
    assert_eq!(mine(&app, &ada).await, vec![first.clone()]);
    assert!(mine(&app, &bob).await.is_empty(), "Bob sees none of Ada's");

    // Ada's profile is private, yet the certificate verifies, with no login, showing only
    // what it says.
    let me: Value = app
        .get_as(&ada.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    let username = me["username"].as_str().unwrap();
    assert_eq!(
        app.request(
            Method::GET,
            &format!("/api/v1/users/{username}"),
            None,
            None
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let response = verify(&app, &code).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["valid"], true);
    assert_eq!(public["learnerName"], "Ada Lovelace");
    assert_eq!(public["trackTitle"], "Tiny track");
    assert_eq!(public["completedAt"], first["completedAt"]);
    let mut keys: Vec<&str> = public
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "code",
            "completedAt",
            "issuedAt",
            "learnerName",
            "trackTitle",
            "valid"
        ]
    );
    for private in [username, ada.email.as_str(), ada.user_id.as_str()] {
        assert!(!text.contains(private), "{private} in {text}");
    }

    // A forged code, of the right shape or not, is a 404.
    let mut forged = code.clone();
    let last = if forged.ends_with('A') { "B" } else { "A" };
    forged.replace_range(42.., last);
    for bad in [forged.as_str(), "not-a-code"] {
        assert_problem(verify(&app, bad).await, StatusCode::NOT_FOUND, "not_found").await;
    }

    let export = app.get_as(&ada.access, "/api/v1/me/export").await;
    let files = crate::portfolio::unzip(&export.bytes().await.unwrap());
    let exported: Value = serde_json::from_str(&files["certificates.json"]).unwrap();
    assert_eq!(exported[0]["code"], code.as_str());
}

#[tokio::test]
async fn a_deleted_accounts_certificate_no_longer_verifies() {
    let (app, _content) = spawn().await;
    let ada = app.learner().await;
    for lesson in LESSONS {
        complete_lesson(&app, &ada, lesson).await;
    }
    pass_exercise(&app, &ada).await;
    let issued: Value = claim(&app, &ada, json!({"track": TRACK}))
        .await
        .json()
        .await
        .unwrap();
    let code = issued["code"].as_str().unwrap();
    assert_eq!(verify(&app, code).await.status(), StatusCode::OK);
    let deleted = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": crate::helpers::PASSWORD})),
            Some(&ada.access),
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let response = verify(&app, code).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["valid"], false);
    assert!(
        public["learnerName"].is_null() && public["trackTitle"].is_null(),
        "{text}"
    );
    assert!(!text.contains("Ada"), "{text}");
}
