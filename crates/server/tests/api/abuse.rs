//! The platform read as an attacker would: spoofed client addresses, parallel guesses and
//! questions racing a limit, an image bomb, stale privileges, stale reset links, files
//! other local users could read, links that outlive their account, open metrics.

use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use codestead_store::accounts::Role;

use crate::helpers::{PASSWORD, TestApp, assert_problem};

async fn login_from(app: &TestApp, forwarded_for: &str, email: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"email": email, "password": "wrong-password-guess"}))
        .send()
        .await
        .unwrap()
}

/// The status and problem code of a login attempt; each attempt names a fresh address so
/// the per-account lockout never answers in the rate limiter's place.
async fn attempt_from(app: &TestApp, forwarded_for: &str, n: usize) -> (StatusCode, String) {
    let r = login_from(app, forwarded_for, &format!("nobody-{n}@example.org")).await;
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

fn rate_limited(outcome: &(StatusCode, String)) -> bool {
    outcome.0 == StatusCode::TOO_MANY_REQUESTS && outcome.1 == "rate_limited"
}

#[tokio::test]
async fn invented_forwarded_addresses_do_not_buy_a_fresh_auth_budget() {
    // The test client connects from 127.0.0.1: that is "our proxy".
    let app = TestApp::spawn_with(|c| {
        c.auth_rate_per_address_per_min = Some(5);
        c.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await;
    // The client writes whatever it likes on the left; the proxy appends what it saw.
    let mut outcomes = Vec::new();
    for i in 0..8 {
        outcomes.push(attempt_from(&app, &format!("6.6.6.{i}, 198.51.100.7"), i).await);
    }
    assert!(
        outcomes[..5].iter().all(|o| !rate_limited(o)) && outcomes[5..].iter().all(rate_limited),
        "{outcomes:?}"
    );
    // A different real client has its own budget.
    let other = attempt_from(&app, "6.6.6.6, 198.51.100.8", 100).await;
    assert!(!rate_limited(&other), "{other:?}");
    // IPv6: every address of one /64 is one client.
    let mut outcomes = Vec::new();
    for i in 0..8 {
        outcomes.push(attempt_from(&app, &format!("2001:db8:7:7::{i:x}"), 200 + i).await);
    }
    assert!(
        outcomes[..5].iter().all(|o| !rate_limited(o)) && outcomes[5..].iter().all(rate_limited),
        "{outcomes:?}"
    );
    // The next /64 is another client.
    let neighbour = attempt_from(&app, "2001:db8:7:8::1", 300).await;
    assert!(!rate_limited(&neighbour), "{neighbour:?}");
}

#[tokio::test]
async fn a_peer_that_is_not_a_trusted_proxy_cannot_name_another_client() {
    let app = TestApp::spawn_with(|c| {
        c.auth_rate_per_address_per_min = Some(5);
        c.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()];
    })
    .await;
    let mut outcomes = Vec::new();
    for i in 0..8 {
        outcomes.push(attempt_from(&app, &format!("198.51.100.{i}"), i).await);
    }
    assert!(outcomes[5..].iter().all(rate_limited), "{outcomes:?}");
}

#[tokio::test]
async fn parallel_wrong_passwords_beyond_the_lockout_are_not_evaluated() {
    let app = TestApp::spawn().await;
    app.register("ada@example.org").await;
    let guesses = (0..20).map(|_| app.login_with("ada@example.org", "wrong-guess-1"));
    let statuses: Vec<StatusCode> = join_all(guesses)
        .await
        .iter()
        .map(reqwest::Response::status)
        .collect();
    let evaluated = statuses
        .iter()
        .filter(|s| **s != StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(evaluated, 5, "guesses evaluated: {statuses:?}");
    // Locked now, even with the right password.
    let locked = app.login_with("ada@example.org", PASSWORD).await;
    assert_problem(locked, StatusCode::TOO_MANY_REQUESTS, "account_locked").await;
}

#[tokio::test]
async fn parallel_tutor_questions_beyond_the_quota_are_refused() {
    let app = TestApp::spawn_with(|c| c.tutor_daily_quota = 3).await;
    let ada = app.learner().await;
    let questions = (0..12).map(|i| {
        app.post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": format!("What is a list? ({i})")})),
        )
    });
    let statuses: Vec<StatusCode> = join_all(questions)
        .await
        .iter()
        .map(reqwest::Response::status)
        .collect();
    let answered = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((answered, refused), (3, 9), "{statuses:?}");
}

#[tokio::test]
async fn an_image_bomb_is_refused_before_it_is_decoded() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // 8192×8192 of one grey: tens of kilobytes on the wire, 256 MiB once decoded to RGBA.
    let mut bomb = std::io::Cursor::new(Vec::new());
    image::GrayImage::new(8192, 8192)
        .write_to(&mut bomb, image::ImageFormat::Png)
        .unwrap();
    let bomb = bomb.into_inner();
    assert!(bomb.len() < 1024 * 1024);
    let uploads = (0..8).map(|_| {
        let part = reqwest::multipart::Part::bytes(bomb.clone())
            .file_name("bomb.png")
            .mime_str("image/png")
            .unwrap();
        app.client
            .put(app.url("/api/v1/me/avatar"))
            .bearer_auth(&ada.access)
            .multipart(reqwest::multipart::Form::new().part("avatar", part))
            .send()
    });
    for response in join_all(uploads).await {
        assert_problem(
            response.unwrap(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "image_too_large",
        )
        .await;
    }
    let me: Value = app
        .get_as(&ada.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert!(me["avatarUrl"].is_null());
}

async fn upload_avatar(app: &TestApp, token: &str, png: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(png)
        .file_name("me.png")
        .mime_str("image/png")
        .unwrap();
    app.client
        .put(app.url("/api/v1/me/avatar"))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("avatar", part))
        .send()
        .await
        .unwrap()
}

async fn avatar_url(app: &TestApp, token: &str) -> Value {
    let me: Value = app.get_as(token, "/api/v1/me").await.json().await.unwrap();
    me["avatarUrl"].clone()
}

/// At most two avatar decodes run at once (the default slot count): with one slot held an
/// upload still gets in, with both held the next one answers 503 `busy` with `Retry-After`
/// once it has waited (shortened to 200 ms here) and changes nothing; a freed slot lets
/// the next upload in. Slots are held as slow decodes would hold them.
#[tokio::test]
async fn avatar_uploads_beyond_the_two_decode_slots_get_503_busy_until_a_slot_frees() {
    let app = TestApp::spawn_with(|c| c.avatar_decode_wait_ms = 200).await;
    assert_eq!(
        app.state.config.avatar_decode_slots,
        codestead_server::portfolio::avatar::DECODE_SLOTS
    );
    let ada = app.learner().await;
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::new(64, 64)
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let png = png.into_inner();

    let one = app
        .state
        .portfolio
        .hold_decode_slots(1)
        .expect("a free slot");
    let second = upload_avatar(&app, &ada.access, png.clone()).await;
    assert_eq!(second.status(), StatusCode::OK, "the second slot is free");
    let before = avatar_url(&app, &ada.access).await;
    assert!(before.is_string());

    let two = app
        .state
        .portfolio
        .hold_decode_slots(1)
        .expect("the other slot");
    let third = upload_avatar(&app, &ada.access, png.clone()).await;
    let retry_after = third.headers().get("retry-after").cloned();
    assert_problem(third, StatusCode::SERVICE_UNAVAILABLE, "busy").await;
    assert!(retry_after.is_some(), "a busy answer says when to retry");
    assert_eq!(
        avatar_url(&app, &ada.access).await,
        before,
        "nothing changed"
    );

    drop(two);
    let freed = upload_avatar(&app, &ada.access, png).await;
    assert_eq!(freed.status(), StatusCode::OK, "a freed slot lets it in");
    assert_ne!(avatar_url(&app, &ada.access).await, before);
    drop(one);
}

#[tokio::test]
async fn a_demoted_admin_loses_admin_rights_at_the_next_request() {
    let app = TestApp::spawn().await;
    let root = crate::admin::admin(&app).await;
    assert_eq!(
        app.get_as(&root.access, "/api/v1/admin/stats")
            .await
            .status(),
        StatusCode::OK
    );
    let id = root.user_id.parse().unwrap();
    app.state.accounts.set_role(id, Role::User).await.unwrap();
    // Same access token, still unexpired: its role claim no longer counts.
    let demoted = app.get_as(&root.access, "/api/v1/admin/stats").await;
    assert_problem(demoted, StatusCode::FORBIDDEN, "admin_only").await;
    app.state.accounts.set_role(id, Role::Admin).await.unwrap();
    assert_eq!(
        app.get_as(&root.access, "/api/v1/admin/stats")
            .await
            .status(),
        StatusCode::OK
    );
}

async fn forgot(app: &TestApp, email: &str) -> String {
    let r = app
        .post("/api/v1/auth/forgot-password", json!({"email": email}))
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    app.token_from_mail(email, "/reset-password?token=").await
}

async fn reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.post(
        "/api/v1/auth/reset-password",
        json!({"token": token, "password": password}),
    )
    .await
}

#[tokio::test]
async fn a_reset_link_dies_with_a_password_change_and_with_a_newer_link() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let stale = forgot(&app, &ada.email).await;
    let changed = app
        .post_as(
            &ada.access,
            "/api/v1/auth/change-password",
            Some(json!({"currentPassword": PASSWORD, "newPassword": "amber-heron-meadow-77"})),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let r = reset(&app, &stale, "taken-over-by-mallory-1").await;
    assert_problem(r, StatusCode::BAD_REQUEST, "invalid_token").await;

    let older = forgot(&app, &ada.email).await;
    let newer = forgot(&app, &ada.email).await;
    assert_ne!(older, newer);
    let r = reset(&app, &older, "taken-over-by-mallory-2").await;
    assert_problem(r, StatusCode::BAD_REQUEST, "invalid_token").await;
    assert_eq!(
        reset(&app, &newer, "quiet-lantern-orchard-5")
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.login_with(&ada.email, "quiet-lantern-orchard-5")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_admin_outbox_shows_no_live_links() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let token = forgot(&app, &ada.email).await;
    let root = crate::admin::admin(&app).await;
    let outbox: Value = app
        .get_as(&root.access, "/api/v1/admin/outbox")
        .await
        .json()
        .await
        .unwrap();
    let text = outbox.to_string();
    assert!(text.contains("token=[redacted]"), "{text}");
    assert!(!text.contains(&token), "the reset token is not shown");
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[tokio::test]
async fn secrets_and_learners_data_are_private_files() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // A file large enough to be a blob.
    let project: Value = app
        .post_as(
            &ada.access,
            "/api/v1/projects",
            Some(json!({"title": "Big"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let pid = project["id"].as_str().unwrap();
    let r = app
        .post_as(
            &ada.access,
            &format!("/api/v1/projects/{pid}/files"),
            Some(json!({"path": "big.txt", "content": "x".repeat(300 * 1024)})),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    app.outbox().await;

    let dir = &app.data_dir;
    assert_eq!(mode(dir), 0o700, "data dir");
    assert_eq!(mode(&dir.join("jwt.secret")), 0o600, "signing key");
    let outbox = dir.join("outbox");
    assert_eq!(mode(&outbox), 0o700, "outbox dir");
    let mails: Vec<_> = std::fs::read_dir(&outbox).unwrap().flatten().collect();
    assert!(!mails.is_empty());
    for mail in mails {
        assert_eq!(mode(&mail.path()), 0o600, "{}", mail.path().display());
    }
    let blobs = dir.join("blobs");
    assert_eq!(mode(&blobs), 0o700, "blob dir");
    let mut blob_files = Vec::new();
    let mut stack = vec![blobs];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                blob_files.push(entry.path());
            }
        }
    }
    assert!(!blob_files.is_empty(), "the large file is a blob");
    for file in blob_files {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    if app.state.store.backend() == codestead_store::Backend::Sqlite {
        for name in ["codestead.db", "codestead.db-wal"] {
            let file = dir.join(name);
            if file.exists() || name == "codestead.db" {
                assert_eq!(mode(&file), 0o600, "{name}");
            }
        }
    }
}

/// A deleted account's share links and its public profile answer 404 at once, not after the
/// purge 30 days later.
#[tokio::test]
async fn a_deleted_accounts_share_link_and_public_profile_are_gone_at_once() {
    let app = TestApp::spawn().await;
    let ada = crate::portfolio::public_learner(&app).await;
    let profile = format!(
        "/api/v1/users/{}",
        crate::portfolio::username(&app, &ada).await
    );
    let project: Value = app
        .post_as(
            &ada.access,
            "/api/v1/projects",
            Some(json!({"title": "Mine"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let pid = project["id"].as_str().unwrap();
    let share: Value = app
        .post_as(&ada.access, &format!("/api/v1/projects/{pid}/share"), None)
        .await
        .json()
        .await
        .unwrap();
    let link = format!("/api/v1/shared/{}", share["token"].as_str().unwrap());
    let open = |path: String| app.client.get(app.url(&path)).send();
    assert_eq!(open(link.clone()).await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        open(profile.clone()).await.unwrap().status(),
        StatusCode::OK
    );
    let deleted = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": PASSWORD})),
            Some(&ada.access),
        )
        .await;
    assert!(deleted.status().is_success(), "{}", deleted.status());
    assert_eq!(open(link).await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(open(profile).await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn metrics_need_the_bearer_token() {
    let app =
        TestApp::spawn_with(|c| c.metrics_token = Some("a-long-metrics-token".to_owned().into()))
            .await;
    let get = |token: Option<&'static str>| {
        let mut req = app.client.get(app.url("/metrics"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    assert_eq!(get(None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(Some("a-long-metrics-tokeX")).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let ok = get(Some("a-long-metrics-token")).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(ok.text().await.unwrap().contains("http_requests_total"));

    let closed = TestApp::spawn_with(|c| c.metrics_token = None).await;
    let r = closed
        .client
        .get(closed.url("/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn storage_is_bounded_per_learner_across_projects() {
    let app = TestApp::spawn_with(|c| c.user_storage_quota_bytes = 500 * 1024).await;
    let ada = app.learner().await;
    let mut statuses = Vec::new();
    for title in ["One", "Two", "Three"] {
        let project: Value = app
            .post_as(
                &ada.access,
                "/api/v1/projects",
                Some(json!({"title": title})),
            )
            .await
            .json()
            .await
            .unwrap();
        let pid = project["id"].as_str().unwrap();
        let r = app
            .post_as(
                &ada.access,
                &format!("/api/v1/projects/{pid}/files"),
                Some(json!({"path": "data.txt", "content": "x".repeat(200 * 1024)})),
            )
            .await;
        statuses.push(r);
    }
    let last = statuses.pop().unwrap();
    assert!(statuses.iter().all(|r| r.status() == StatusCode::CREATED));
    assert_problem(
        last,
        StatusCode::PAYLOAD_TOO_LARGE,
        "storage_quota_exceeded",
    )
    .await;
}

/// Hashes are bounded: with one slot and no queue, sign-ins that find the slot taken
/// answer 503 `busy` with `Retry-After` at once (memory stays at one hash), and a refusal
/// for load does not spend one of the account's attempts: it is not locked afterwards.
#[tokio::test]
async fn sign_ins_beyond_the_hashing_bound_get_503_busy_and_spend_no_attempt() {
    let app = TestApp::spawn_with(|c| {
        c.password_hashing = codestead_server::config::PasswordHashing::Owasp;
        c.hash_concurrency = 1;
        c.hash_queue_wait_ms = 0;
    })
    .await;
    assert_eq!(
        app.register("ada@example.org").await.status(),
        StatusCode::CREATED
    );
    let attempts = (0..12).map(|_| app.login_with("ada@example.org", PASSWORD));
    let mut outcomes = Vec::new();
    for r in join_all(attempts).await {
        let status = r.status();
        let retry_after = r.headers().contains_key("retry-after");
        let body: Value = r.json().await.unwrap_or(Value::Null);
        let code = body["code"].as_str().unwrap_or_default().to_owned();
        outcomes.push((status, code, retry_after));
    }
    let signed_in = outcomes.iter().filter(|o| o.0 == StatusCode::OK).count();
    let busy = outcomes
        .iter()
        .filter(|o| o.0 == StatusCode::SERVICE_UNAVAILABLE && o.1 == "busy" && o.2)
        .count();
    assert!(signed_in >= 1, "{outcomes:?}");
    assert!(busy >= 1, "{outcomes:?}");
    assert_eq!(signed_in + busy, outcomes.len(), "{outcomes:?}");
    // Not locked: the busy answers spent nothing.
    assert_eq!(
        app.login_with("ada@example.org", PASSWORD).await.status(),
        StatusCode::OK
    );
}
