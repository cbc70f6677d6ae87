//! Public profiles and their Open Graph tags, analytics, data export and the purge of
//! deleted accounts.

use std::io::Read;

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::admin::admin;
use crate::helpers::{Login, PASSWORD, TestApp, assert_problem, seed_run};

/// A learner whose address is verified (so the profile can be made public), still private.
pub async fn verified_learner(app: &TestApp) -> Login {
    let email = format!("dev-{}@example.org", Uuid::now_v7().simple());
    assert_eq!(app.register(&email).await.status(), StatusCode::CREATED);
    let token = app.token_from_mail(&email, "/verify-email?token=").await;
    let verified = app
        .post("/api/v1/auth/verify-email", json!({ "token": token }))
        .await;
    assert_eq!(verified.status(), StatusCode::NO_CONTENT);
    app.login(&email).await
}

/// A verified learner who has opted in to a public profile.
pub async fn public_learner(app: &TestApp) -> Login {
    let login = verified_learner(app).await;
    assert_eq!(
        patch_me(app, &login, json!({"isPublic": true}))
            .await
            .status(),
        StatusCode::OK
    );
    login
}

pub async fn username(app: &TestApp, login: &Login) -> String {
    let me: Value = app
        .get_as(&login.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    me["username"].as_str().unwrap().to_owned()
}

pub async fn patch_me(app: &TestApp, login: &Login, body: Value) -> reqwest::Response {
    app.request(Method::PATCH, "/api/v1/me", Some(body), Some(&login.access))
        .await
}

fn first_lesson(app: &TestApp) -> (Uuid, String) {
    let item = app
        .state
        .learning
        .curriculum()
        .items
        .iter()
        .find(|i| i.prerequisites.is_empty() && i.track == "python")
        .unwrap();
    (item.id, item.category.clone())
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    response.text().await.unwrap()
}

#[tokio::test]
async fn a_public_profile_shows_skills_and_activity_but_nothing_private() {
    let app = TestApp::spawn().await;
    let ada = public_learner(&app).await;
    let name = username(&app, &ada).await;
    let (lesson, category) = first_lesson(&app);
    let done = app
        .post_as(
            &ada.access,
            &format!("/api/v1/progress/{lesson}/complete"),
            None,
        )
        .await;
    assert!(done.status().is_success());
    seed_run(&app, &ada.user_id, "python", "ok").await;
    seed_run(&app, &ada.user_id, "python", "ok").await;
    assert_eq!(
        patch_me(
            &app,
            &ada,
            json!({"bio": "I like loops.", "githubUsername": "ada-l"})
        )
        .await
        .status(),
        StatusCode::OK
    );

    let response = app
        .request(Method::GET, &format!("/api/v1/users/{name}"), None, None)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let profile: Value = response.json().await.unwrap();
    assert_eq!(profile["username"], name.as_str());
    assert_eq!(profile["name"], "Ada Lovelace");
    assert_eq!(profile["bio"], "I like loops.");
    assert_eq!(profile["links"][0]["url"], "https://github.com/ada-l");
    assert!(profile.get("email").is_none(), "{profile}");
    assert_eq!(profile["skills"]["tracks"][0]["track"], "python");
    assert_eq!(profile["skills"]["tracks"][0]["completed"], 1);
    assert_eq!(
        profile["skills"]["categories"][0]["category"],
        category.as_str()
    );
    assert_eq!(profile["skills"]["languages"][0]["language"], "python");
    assert_eq!(profile["skills"]["languages"][0]["runs"], 2);
    let today = app.state.clock.now().format("%Y-%m-%d").to_string();
    let activity = profile["activity"].as_array().unwrap();
    assert_eq!(activity.len(), 1, "{activity:?}");
    assert_eq!(activity[0]["date"], today.as_str());
    assert_eq!(activity[0]["count"], 3, "two runs and a completion");
    // Case-insensitive, like sign-up's uniqueness.
    assert_eq!(
        app.request(
            Method::GET,
            &format!("/api/v1/users/{}", name.to_uppercase()),
            None,
            None
        )
        .await
        .status(),
        StatusCode::OK
    );

    // Private: gone, exactly like an unknown user.
    assert_eq!(
        patch_me(&app, &ada, json!({"isPublic": false}))
            .await
            .status(),
        StatusCode::OK
    );
    for path in [
        format!("/api/v1/users/{name}"),
        "/api/v1/users/nobody-here".into(),
    ] {
        assert_problem(
            app.request(Method::GET, &path, None, None).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    // Even signed in as someone else.
    let eve = verified_learner(&app).await;
    assert_problem(
        app.get_as(&eve.access, &format!("/api/v1/users/{name}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn a_new_profile_is_private_until_the_learner_opts_in() {
    let app = TestApp::spawn().await;
    let ada = verified_learner(&app).await;
    let name = username(&app, &ada).await;
    let me: Value = app
        .get_as(&ada.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["isPublic"], false, "{me}");
    let path = format!("/api/v1/users/{name}");
    assert_problem(
        app.request(Method::GET, &path, None, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert!(!page(&app, &format!("/u/{name}")).await.contains("og:title"));

    assert_eq!(
        patch_me(&app, &ada, json!({"isPublic": true}))
            .await
            .status(),
        StatusCode::OK
    );
    let shown = app.request(Method::GET, &path, None, None).await;
    assert_eq!(shown.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unverified_learner_has_no_public_profile_and_cannot_publish_one() {
    let app = TestApp::spawn().await;
    let bob = app.learner().await;
    let name = username(&app, &bob).await;
    assert_problem(
        app.request(Method::GET, &format!("/api/v1/users/{name}"), None, None)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        patch_me(&app, &bob, json!({"isPublic": true, "bio": "changed"})).await,
        StatusCode::FORBIDDEN,
        "email_unverified",
    )
    .await;
    let me: Value = app
        .get_as(&bob.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["bio"], Value::Null, "a refused change changes nothing");
    // Going private needs no verification.
    assert_eq!(
        patch_me(&app, &bob, json!({"isPublic": false}))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn profile_pages_carry_escaped_open_graph_tags_only_when_public() {
    let app = TestApp::spawn().await;
    let eve = public_learner(&app).await;
    let name = username(&app, &eve).await;
    let hostile = r#""><script>alert(1)</script>"#;
    assert_eq!(
        patch_me(&app, &eve, json!({"bio": hostile})).await.status(),
        StatusCode::OK
    );

    let html = page(&app, &format!("/u/{name}")).await;
    assert!(html.contains(r#"<meta property="og:title""#), "{html}");
    assert!(html.contains(&format!("(@{name})")));
    assert!(html.contains(r#"<meta name="twitter:card" content="summary">"#));
    assert!(html.contains(&format!(
        r#"<meta property="og:url" content="{}/u/{name}">"#,
        app.state.config.public_url.trim_end_matches('/')
    )));
    assert!(
        html.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "the bio must be escaped");
    assert!(!html.contains("og:image"), "no avatar, no image");

    for path in ["/u/nobody-at-all".to_owned(), "/learn".to_owned()] {
        let plain = page(&app, &path).await;
        assert!(!plain.contains("og:title"), "{path}");
    }
    assert_eq!(
        patch_me(&app, &eve, json!({"isPublic": false}))
            .await
            .status(),
        StatusCode::OK
    );
    let private = page(&app, &format!("/u/{name}")).await;
    assert!(
        !private.contains("og:"),
        "private profiles get the plain page"
    );
    assert!(!private.contains("alert"));
}

#[tokio::test]
async fn analytics_sum_the_callers_own_learning() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let other = app.learner().await;
    let (lesson, _) = first_lesson(&app);
    let put = app
        .request(
            Method::PUT,
            &format!("/api/v1/progress/{lesson}"),
            Some(json!({"progressPercentage": 50, "timeSpentSeconds": 600})),
            Some(&ada.access),
        )
        .await;
    assert!(put.status().is_success(), "{}", put.status());
    app.post_as(
        &ada.access,
        &format!("/api/v1/progress/{lesson}/complete"),
        None,
    )
    .await;
    seed_run(&app, &ada.user_id, "python", "ok").await;
    seed_run(&app, &other.user_id, "cpp", "ok").await;
    let asked = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "What is a loop?", "context": {"language": "python"}})),
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);

    let analytics: Value = app
        .get_as(&ada.access, "/api/v1/me/analytics")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(analytics["timeSpentSeconds"], 600);
    assert_eq!(
        analytics["runs"],
        json!([{"language": "python", "status": "ok", "count": 1}]),
        "another learner's runs are not counted"
    );
    assert_eq!(analytics["tutor"]["messages"], 1);
    let per_day = analytics["tutor"]["perDay"].as_array().unwrap();
    assert_eq!(per_day.len(), 30);
    assert_eq!(per_day.last().unwrap()["count"], 1);
    assert_eq!(analytics["completions"]["total"], 1);
    assert_problem(
        app.request(Method::GET, "/api/v1/me/analytics", None, None)
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

pub fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut files = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        files.insert(file.name().unwrap().into_owned(), text);
    }
    files
}

#[tokio::test]
async fn the_export_holds_the_callers_data_and_no_one_elses() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let other = app.learner().await;
    let (lesson, _) = first_lesson(&app);
    app.post_as(
        &ada.access,
        &format!("/api/v1/progress/{lesson}/complete"),
        None,
    )
    .await;
    seed_run(&app, &ada.user_id, "python", "ok").await;
    seed_run(&app, &other.user_id, "cpp", "ok").await;
    app.post_as(
        &ada.access,
        "/api/v1/tutor/messages",
        Some(json!({"query": "What is a loop?", "context": {"language": "python"}})),
    )
    .await;

    let response = app.get_as(&ada.access, "/api/v1/me/export").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let files = unzip(&response.bytes().await.unwrap());
    for name in [
        "profile.json",
        "progress.json",
        "submissions.json",
        "executions.json",
        "tutor/conversations.json",
    ] {
        assert!(files.contains_key(name), "{name} in {:?}", files.keys());
    }
    let profile: Value = serde_json::from_str(&files["profile.json"]).unwrap();
    assert_eq!(profile["email"], ada.email.as_str());
    let progress: Value = serde_json::from_str(&files["progress.json"]).unwrap();
    assert_eq!(progress[0]["contentId"], lesson.to_string());
    assert!(progress[0]["completedAt"].is_string());
    let runs: Value = serde_json::from_str(&files["executions.json"]).unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 1, "only the caller's runs");
    assert_eq!(runs[0]["language"], "python");
    let conversations: Value = serde_json::from_str(&files["tutor/conversations.json"]).unwrap();
    assert_eq!(
        conversations[0]["messages"][0]["content"],
        "What is a loop?"
    );
    assert!(!files.values().any(|f| f.contains(&other.email)));
}

#[tokio::test]
async fn a_deleted_account_is_purged_after_thirty_days_not_before() {
    let app = TestApp::spawn().await;
    let gone = app.learner().await;
    let stays = app.learner().await;
    seed_run(&app, &gone.user_id, "python", "ok").await;
    seed_run(&app, &stays.user_id, "python", "ok").await;
    let feedback = app
        .post_as(
            &gone.access,
            "/api/v1/feedback",
            Some(json!({"kind": "idea", "message": "More Java please"})),
        )
        .await;
    assert_eq!(feedback.status(), StatusCode::CREATED);
    let deleted = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": PASSWORD})),
            Some(&gone.access),
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    let store = &app.state.store;
    let gone_id: Uuid = gone.user_id.parse().unwrap();
    let stays_id: Uuid = stays.user_id.parse().unwrap();
    app.clock.advance(Duration::days(29));
    let purged = app
        .state
        .portfolio
        .purge_deleted_accounts(app.state.clock.now())
        .await
        .unwrap();
    assert_eq!(purged, 0);
    assert!(store.user_row_exists(gone_id).await.unwrap());
    assert_eq!(
        store
            .count_rows_of_user("code_executions", gone_id)
            .await
            .unwrap(),
        1
    );

    app.clock.advance(Duration::days(2));
    let purged = app
        .state
        .portfolio
        .purge_deleted_accounts(app.state.clock.now())
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert!(!store.user_row_exists(gone_id).await.unwrap());
    for table in ["code_executions", "sessions", "email_tokens", "progress"] {
        assert_eq!(
            store.count_rows_of_user(table, gone_id).await.unwrap(),
            0,
            "{table}"
        );
    }
    assert!(store.user_row_exists(stays_id).await.unwrap());
    assert_eq!(
        store
            .count_rows_of_user("code_executions", stays_id)
            .await
            .unwrap(),
        1,
        "other accounts are untouched"
    );
    // Feedback stays for the operators, without its author.
    let root = admin(&app).await;
    let list: Value = app
        .get_as(&root.access, "/api/v1/admin/feedback")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["userId"], Value::Null);
    // The address is free again.
    assert_eq!(
        app.register(&gone.email).await.status(),
        StatusCode::CREATED
    );
}

fn png_bytes(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload_avatar(
    app: &TestApp,
    login: &Login,
    bytes: Vec<u8>,
    name: &str,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str("image/png")
        .unwrap();
    app.client
        .put(app.url("/api/v1/me/avatar"))
        .bearer_auth(&login.access)
        .multipart(reqwest::multipart::Form::new().part("avatar", part))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_avatar_is_decoded_resized_served_and_replaced() {
    let app = TestApp::spawn().await;
    let ada = public_learner(&app).await;
    let response = upload_avatar(&app, &ada, png_bytes(640, 480), "me.png").await;
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = response.json().await.unwrap();
    let url = me["avatarUrl"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with(&format!("/api/v1/avatars/{}/", ada.user_id)),
        "{url}"
    );

    let served = app.client.get(app.url(&url)).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert!(
        served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    let image = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
    assert_eq!((image.width(), image.height()), (256, 256));

    // The profile page preview shows it.
    let name = username(&app, &ada).await;
    let html = page(&app, &format!("/u/{name}")).await;
    assert!(
        html.contains(&format!(
            r#"<meta property="og:image" content="{}{url}">"#,
            app.state.config.public_url.trim_end_matches('/')
        )),
        "{html}"
    );

    // The raw body works too; the old file is gone after the replacement.
    let raw = app
        .client
        .put(app.url("/api/v1/me/avatar"))
        .bearer_auth(&ada.access)
        .header("content-type", "image/png")
        .body(png_bytes(100, 300))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::OK);
    let second: Value = raw.json().await.unwrap();
    let second_url = second["avatarUrl"].as_str().unwrap().to_owned();
    assert_ne!(second_url, url);
    assert_problem(
        app.request(Method::GET, &url, None, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let removed = app
        .request(Method::DELETE, "/api/v1/me/avatar", None, Some(&ada.access))
        .await;
    assert_eq!(removed.status(), StatusCode::OK);
    let removed: Value = removed.json().await.unwrap();
    assert_eq!(removed["avatarUrl"], Value::Null);
    assert_eq!(
        app.request(Method::GET, &second_url, None, None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn only_real_images_up_to_two_megabytes_become_avatars() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    assert_problem(
        upload_avatar(
            &app,
            &ada,
            b"#!/bin/sh\necho not an image\n".to_vec(),
            "evil.png",
        )
        .await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_image",
    )
    .await;
    let mut truncated = png_bytes(200, 200);
    truncated.truncate(truncated.len() / 2);
    assert_problem(
        upload_avatar(&app, &ada, truncated, "half.png").await,
        StatusCode::BAD_REQUEST,
        "unsupported_image",
    )
    .await;
    // Just over 2 MB, with a PNG signature so only the size can reject it.
    let mut big = png_bytes(10, 10);
    big.resize(2 * 1024 * 1024 + 1, 0);
    assert_problem(
        upload_avatar(&app, &ada, big, "big.png").await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
    )
    .await;
    let way_too_big = vec![0u8; 3 * 1024 * 1024];
    assert_problem(
        upload_avatar(&app, &ada, way_too_big, "huge.png").await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
    )
    .await;
    let me: Value = app
        .get_as(&ada.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["avatarUrl"],
        Value::Null,
        "rejected uploads change nothing"
    );
    assert_problem(
        app.request(Method::PUT, "/api/v1/me/avatar", None, None)
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn a_purged_account_loses_its_avatar_file() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let me: Value = upload_avatar(&app, &ada, png_bytes(64, 64), "a.png")
        .await
        .json()
        .await
        .unwrap();
    let file = me["avatarUrl"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let on_disk = app
        .data_dir
        .join("blobs/avatars")
        .join(&ada.user_id)
        .join(&file);
    assert!(on_disk.exists(), "{}", on_disk.display());
    app.request(
        Method::DELETE,
        "/api/v1/me",
        Some(json!({"password": PASSWORD})),
        Some(&ada.access),
    )
    .await;
    app.clock.advance(Duration::days(31));
    app.state
        .portfolio
        .purge_deleted_accounts(app.state.clock.now())
        .await
        .unwrap();
    assert!(!on_disk.exists());
}

/// A project with files, as the owner makes it through the API.
pub async fn make_project(
    app: &TestApp,
    owner: &Login,
    title: &str,
    public: bool,
    files: &[(&str, &str)],
) -> String {
    let created = app
        .post_as(
            &owner.access,
            "/api/v1/projects",
            Some(json!({"title": title, "isPublic": public, "technologyStack": ["python"]})),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = created.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (path, content) in files {
        let added = app
            .post_as(
                &owner.access,
                &format!("/api/v1/projects/{id}/files"),
                Some(json!({"path": path, "content": content})),
            )
            .await;
        assert_eq!(added.status(), StatusCode::CREATED, "{path}");
    }
    id
}

#[tokio::test]
async fn public_projects_are_showcased_and_run_for_visitors_private_ones_never() {
    let app = TestApp::spawn().await;
    let ada = public_learner(&app).await;
    let name = username(&app, &ada).await;
    let public = make_project(
        &app,
        &ada,
        "Snake Game",
        true,
        &[
            ("main.py", "print(input()[::-1])\n"),
            ("README.md", "# Snake\nA tiny game."),
        ],
    )
    .await;
    let private = make_project(
        &app,
        &ada,
        "Secret diary",
        false,
        &[("main.py", "print('secret')\n")],
    )
    .await;

    let profile: Value = app
        .request(Method::GET, &format!("/api/v1/users/{name}"), None, None)
        .await
        .json()
        .await
        .unwrap();
    let projects = profile["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 1, "{profile}");
    assert_eq!(projects[0]["id"], public.as_str());
    assert_eq!(projects[0]["title"], "Snake Game");
    assert!(!profile.to_string().contains("Secret diary"));
    let python = profile["skills"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["language"] == "python")
        .expect("python from the public project");
    assert_eq!(python["projects"], 1);
    assert!(profile["achievements"].is_array());

    let showcase = app
        .request(
            Method::GET,
            &format!("/api/v1/users/{name}/projects/{public}"),
            None,
            None,
        )
        .await;
    assert_eq!(showcase.status(), StatusCode::OK);
    let showcase: Value = showcase.json().await.unwrap();
    assert_eq!(showcase["readme"], "# Snake\nA tiny game.");
    assert_eq!(showcase["owner"]["username"], name.as_str());
    let paths: Vec<&str> = showcase["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["README.md", "main.py"]);

    // The preview of the project page names the project.
    let html = page(&app, &format!("/u/{name}/{public}")).await;
    assert!(html.contains("Snake Game by Ada Lovelace"), "{html}");

    for path in [
        format!("/api/v1/users/{name}/projects/{private}"),
        format!("/api/v1/users/nobody-x/projects/{public}"),
        format!("/api/v1/users/{name}/projects/{}", Uuid::now_v7()),
    ] {
        assert_problem(
            app.request(Method::GET, &path, None, None).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    let private_page = page(&app, &format!("/u/{name}/{private}")).await;
    assert!(!private_page.contains("Secret diary"));
    assert_problem(
        app.request(
            Method::POST,
            &format!("/api/v1/users/{name}/projects/{private}/run"),
            None,
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // A visitor runs it: no login, nothing recorded for the owner.
    let ran = app
        .request(
            Method::POST,
            &format!("/api/v1/users/{name}/projects/{public}/run"),
            Some(json!({"stdin": "abc\n", "entry": "main.py"})),
            None,
        )
        .await;
    assert_eq!(ran.status(), StatusCode::OK);
    let ran: Value = ran.json().await.unwrap();
    assert_eq!(ran["status"], "ok", "{ran}");
    assert_eq!(ran["stdout"], "cba\n");
    // A visitor may pick another entry only among the project's files.
    let outside = app
        .request(
            Method::POST,
            &format!("/api/v1/users/{name}/projects/{public}/run"),
            Some(json!({"entry": "../../etc/passwd"})),
            None,
        )
        .await;
    let problem = assert_problem(
        outside,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(problem["fields"]["entry"].is_string(), "{problem}");
    let history: Value = app
        .get_as(&ada.access, "/api/v1/executions")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history.as_array().unwrap().len(), 0);

    // A private profile hides its public projects too.
    patch_me(&app, &ada, json!({"isPublic": false})).await;
    assert_problem(
        app.request(
            Method::GET,
            &format!("/api/v1/users/{name}/projects/{public}"),
            None,
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn visitors_running_showcases_are_rate_limited_by_address() {
    let app = TestApp::spawn_with(|c| c.exec_rate_per_min = 2).await;
    let ada = public_learner(&app).await;
    let name = username(&app, &ada).await;
    let public = make_project(&app, &ada, "Hello", true, &[("main.py", "print(1)\n")]).await;
    let path = format!("/api/v1/users/{name}/projects/{public}/run");
    for _ in 0..2 {
        assert_eq!(
            app.request(Method::POST, &path, None, None).await.status(),
            StatusCode::OK
        );
    }
    let limited = app.request(Method::POST, &path, None, None).await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // The owner's own budget is separate.
    let own = app
        .post_as(&ada.access, &format!("/api/v1/projects/{public}/run"), None)
        .await;
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_export_and_the_purge_cover_projects() {
    let app = TestApp::spawn().await;
    let ada = verified_learner(&app).await;
    // Large enough for blob storage.
    let big = "x = 1\n".repeat(codestead_server::projects::INLINE_MAX_BYTES / 6 + 1);
    make_project(
        &app,
        &ada,
        "My Game!",
        false,
        &[("main.py", "print('v1')\n"), ("lib/big.py", big.as_str())],
    )
    .await;
    let files = unzip(
        &app.get_as(&ada.access, "/api/v1/me/export")
            .await
            .bytes()
            .await
            .unwrap(),
    );
    assert_eq!(files["projects/my-game/main.py"], "print('v1')\n");
    assert_eq!(files["projects/my-game/lib/big.py"], big);
    let versions: Value = serde_json::from_str(&files["projects/my-game/versions.json"]).unwrap();
    assert_eq!(versions["title"], "My Game!");
    assert_eq!(versions["files"].as_array().unwrap().len(), 2);

    let blobs_dir = app.data_dir.join("blobs/projects");
    let blob_count = || walk(&blobs_dir);
    assert!(blob_count() > 0, "the big file lives in blob storage");
    app.request(
        Method::DELETE,
        "/api/v1/me",
        Some(json!({"password": PASSWORD})),
        Some(&ada.access),
    )
    .await;
    app.clock.advance(Duration::days(31));
    app.state
        .portfolio
        .purge_deleted_accounts(app.state.clock.now())
        .await
        .unwrap();
    let id: Uuid = ada.user_id.parse().unwrap();
    assert_eq!(
        app.state
            .store
            .count_rows_of_user("projects", id)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        blob_count(),
        0,
        "project blobs are deleted with the account"
    );
}

fn walk(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            if path.is_dir() { walk(&path) } else { 1 }
        })
        .sum()
}
