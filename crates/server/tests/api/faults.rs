//! Dependencies failing under a running server, with real services: a Redis of the
//! test's own, killed and restarted; PostgreSQL behind a proxy that cuts and blackholes
//! it. Each asserts the answer, how quickly it comes, and recovery without a restart.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::{RedisServer, TcpProxy, authority, free_port, poll_until, through};
use crate::helpers::{Login, TestApp, assert_problem};

/// What a degraded answer may cost over the same request's normal time (issue 18).
const DEGRADED_MARGIN: Duration = Duration::from_millis(250);
const SIGNED_IN_PATHS: [&str; 3] = ["/api/v1/me", "/api/v1/projects", "/api/v1/dashboard"];

async fn timed(app: &TestApp, token: &str, path: &str) -> (StatusCode, Duration, Value) {
    let started = Instant::now();
    let response = app.get_as(token, path).await;
    let elapsed = started.elapsed();
    let status = response.status();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, elapsed, body)
}

async fn readyz(app: &TestApp) -> (StatusCode, Value) {
    let response = app.client.get(app.url("/readyz")).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn ready_status(app: &TestApp) -> StatusCode {
    readyz(app).await.0
}

/// The slowest of three healthy answers per path: the "normal time" the bound adds to.
async fn normal_times(app: &TestApp, token: &str) -> Vec<Duration> {
    let mut slowest = vec![Duration::ZERO; SIGNED_IN_PATHS.len()];
    for _ in 0..3 {
        for (i, path) in SIGNED_IN_PATHS.iter().enumerate() {
            let (status, elapsed, body) = timed(app, token, path).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            slowest[i] = slowest[i].max(elapsed);
        }
    }
    slowest
}

/// Every signed-in page answers 200 within its normal time + 250 ms, three rounds over.
async fn assert_answers_within_bound(app: &TestApp, token: &str, normal: &[Duration], what: &str) {
    for round in 0..3 {
        for (i, path) in SIGNED_IN_PATHS.iter().enumerate() {
            let (status, elapsed, body) = timed(app, token, path).await;
            eprintln!(
                "{what}: {path} round {round}: {elapsed:?} (normal {:?})",
                normal[i]
            );
            assert_eq!(
                status,
                StatusCode::OK,
                "{what}: {path} round {round}: {body}"
            );
            assert!(
                elapsed <= normal[i] + DEGRADED_MARGIN,
                "{what}: {path} round {round} took {elapsed:?}, normal {:?}",
                normal[i]
            );
        }
    }
}

/// A sign-in with Redis gone still answers within its normal time + 250 ms and gives a
/// working session; a logout then ends it.
async fn assert_sign_in_works(app: &TestApp, email: &str, normal_login: Duration, what: &str) {
    let started = Instant::now();
    let login = app.login(email).await;
    let elapsed = started.elapsed();
    assert!(
        elapsed <= normal_login + DEGRADED_MARGIN,
        "{what}: login took {elapsed:?}, normal {normal_login:?}"
    );
    assert_eq!(
        timed(app, &login.access, "/api/v1/me").await.0,
        StatusCode::OK
    );
    // A logout while Redis is down still ends the session on this server.
    let logout = app
        .post_as(&login.access, "/api/v1/auth/logout", None)
        .await;
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        timed(app, &login.access, "/api/v1/me").await.0,
        StatusCode::UNAUTHORIZED
    );
}

async fn slowest_login(app: &TestApp, email: &str) -> Duration {
    let mut slowest = Duration::ZERO;
    for _ in 0..3 {
        let started = Instant::now();
        app.login(email).await;
        slowest = slowest.max(started.elapsed());
    }
    slowest
}

/// Redis down is a degraded mode, not unreadiness: `/readyz` stays 200 and says so.
async fn await_cache_reported(app: &TestApp, cache: &'static str) {
    poll_until(
        &format!("/readyz reports the cache {cache}"),
        Duration::from_secs(10),
        || async {
            let (status, body) = readyz(app).await;
            (status == StatusCode::OK && (body["checks"]["cache"] == cache)).then_some(())
        },
    )
    .await;
}

/// A session made now lands in the restarted Redis: the server uses it again by itself.
async fn assert_sessions_reach(app: &TestApp, url: &str, prefix: &str, email: &str) {
    let again: Login = app.login(email).await;
    let mut conn = redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let key = format!("{prefix}session:{}", again.session_id);
    let exists: bool = redis::cmd("EXISTS")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(exists, "{key} is in Redis");
}

async fn app_on(redis: &RedisServer) -> (TestApp, String) {
    app_on_with(redis, |_| {}).await
}

async fn app_on_with(
    redis: &RedisServer,
    tune: impl FnOnce(&mut codestead_server::Config),
) -> (TestApp, String) {
    let prefix = format!("codestead-fault:{}:", uuid::Uuid::now_v7().simple());
    let url = redis.url();
    let app = TestApp::spawn_with(|c| {
        c.redis_url = Some(url.clone().into());
        c.redis_prefix = prefix.clone();
        tune(c);
    })
    .await;
    (app, prefix)
}

/// Times one request made by `send`.
async fn time_one<F: std::future::Future<Output = T>, T>(send: F) -> (T, Duration) {
    let started = Instant::now();
    let out = send.await;
    (out, started.elapsed())
}

#[tokio::test]
async fn with_redis_killed_signed_in_requests_answer_within_normal_time_and_recover_after() {
    let Some(mut redis) = RedisServer::start().await else {
        return;
    };
    let (app, prefix) = app_on(&redis).await;
    let ada = app.learner().await;
    let normal = normal_times(&app, &ada.access).await;
    let normal_login = slowest_login(&app, &ada.email).await;

    redis.kill();
    assert_answers_within_bound(&app, &ada.access, &normal, "killed").await;
    assert_sign_in_works(&app, &ada.email, normal_login, "killed").await;
    await_cache_reported(&app, "down").await;

    redis.restart().await;
    await_cache_reported(&app, "redis").await;
    assert_sessions_reach(&app, &redis.url(), &prefix, &ada.email).await;
    assert_eq!(
        timed(&app, &ada.access, "/api/v1/dashboard").await.0,
        StatusCode::OK
    );
}

/// A Redis that stops answering but keeps its connections open (SIGSTOP: a hung process
/// or a blackholed network) is the case that used to hang every request: nothing errors,
/// so only the command deadline ends the wait.
#[tokio::test]
async fn with_redis_hung_signed_in_requests_answer_within_normal_time_and_recover_after() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let (app, prefix) = app_on(&redis).await;
    let ada = app.learner().await;
    let normal = normal_times(&app, &ada.access).await;
    let normal_login = slowest_login(&app, &ada.email).await;

    redis.pause();
    assert_answers_within_bound(&app, &ada.access, &normal, "hung").await;
    assert_sign_in_works(&app, &ada.email, normal_login, "hung").await;
    await_cache_reported(&app, "down").await;

    redis.resume();
    await_cache_reported(&app, "redis").await;
    assert_sessions_reach(&app, &redis.url(), &prefix, &ada.email).await;
}

/// The first requests after Redis hangs, before the link knows it is down: each makes
/// several Redis calls (a sign-in draws two rate budgets and writes its session; `GET /me`
/// draws two budgets and reads the session), and waits out the deadline once, not once
/// per call. The deadline is set long here (800 ms) so that one wait and two cannot be
/// confused on a loaded machine; the 150 ms default is what the test above bounds.
#[tokio::test]
async fn with_redis_hung_a_request_waits_out_the_redis_deadline_once_not_per_call() {
    const DEADLINE: Duration = Duration::from_millis(800);
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let (app, prefix) = app_on_with(&redis, |c| {
        c.redis_deadline_ms = u64::try_from(DEADLINE.as_millis()).unwrap();
    })
    .await;
    let ada = app.learner().await;
    let normal = normal_times(&app, &ada.access).await;
    let normal_me = normal[0];
    let normal_login = slowest_login(&app, &ada.email).await;

    redis.pause();
    let (status, elapsed, body) = timed(&app, &ada.access, "/api/v1/me").await;
    eprintln!("hung, first GET /me: {elapsed:?} (normal {normal_me:?})");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        elapsed < normal_me + DEADLINE + DEGRADED_MARGIN,
        "the first GET /me took {elapsed:?}: more than one Redis deadline ({DEADLINE:?})"
    );
    // Once the link knows, nothing waits at all.
    await_cache_reported(&app, "down").await;
    assert_answers_within_bound(&app, &ada.access, &normal, "known hung").await;

    redis.resume();
    await_cache_reported(&app, "redis").await;
    assert_eq!(
        timed(&app, &ada.access, "/api/v1/me").await.0,
        StatusCode::OK
    );

    // Hung again: this time a sign-in is the first request to meet it.
    redis.pause();
    let (login, elapsed) = time_one(app.login_with(&ada.email, crate::helpers::PASSWORD)).await;
    eprintln!("hung, first sign-in: {elapsed:?} (normal {normal_login:?})");
    assert_eq!(login.status(), StatusCode::OK);
    assert!(
        elapsed < normal_login + DEADLINE + DEGRADED_MARGIN,
        "the first sign-in took {elapsed:?}: more than one Redis deadline ({DEADLINE:?})"
    );
    // `/readyz` may still show its answer from before this pause: wait until it has seen
    // the hang, so that "redis" below means the link came back.
    await_cache_reported(&app, "down").await;
    redis.resume();
    await_cache_reported(&app, "redis").await;
    assert_sessions_reach(&app, &redis.url(), &prefix, &ada.email).await;
}

/// With Redis gone the auth limit is kept by each server in memory: it neither opens (a
/// Redis outage must not invite credential stuffing) nor locks everyone out.
#[tokio::test]
async fn with_redis_killed_the_sign_in_limit_still_holds_per_server() {
    let Some(mut redis) = RedisServer::start().await else {
        return;
    };
    let prefix = format!("codestead-fault:{}:", uuid::Uuid::now_v7().simple());
    let url = redis.url();
    let app = TestApp::spawn_with(|c| {
        c.redis_url = Some(url.clone().into());
        c.redis_prefix = prefix.clone();
        c.auth_rate_per_address_per_min = Some(5);
    })
    .await;
    redis.kill();
    let mut outcomes = Vec::new();
    for i in 0..8 {
        let r = app
            .login_with(&format!("nobody-{i}@example.org"), "wrong-password-guess")
            .await;
        let status = r.status();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        outcomes.push((status, body["code"].as_str().unwrap_or_default().to_owned()));
    }
    let limited =
        |o: &(StatusCode, String)| o.0 == StatusCode::TOO_MANY_REQUESTS && o.1 == "rate_limited";
    assert!(
        outcomes[..5]
            .iter()
            .all(|o| o.0 == StatusCode::UNAUTHORIZED)
            && outcomes[5..].iter().all(limited),
        "{outcomes:?}"
    );
}

#[tokio::test]
async fn readyz_checks_at_most_once_a_second_however_often_it_is_called() {
    let app = TestApp::spawn().await;
    let started = Instant::now();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..40 {
        let (status, body) = readyz(&app).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        seen.insert(body["checkedAt"].as_str().unwrap().to_owned());
    }
    let secs = started.elapsed().as_secs_f64();
    // One refresh per started second at most (plus the first).
    assert!(
        seen.len() as f64 <= secs.ceil() + 1.0,
        "{} checks in {secs:.2} s: {seen:?}",
        seen.len()
    );
}

/// PostgreSQL only (`make test-postgres`): SQLite is a file and has no outage of this kind.
#[tokio::test]
async fn with_postgres_unreachable_requests_get_503_at_once_lessons_still_load_and_it_recovers() {
    let Some(server) = std::env::var(codestead_store::testing::POSTGRES_ENV)
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return;
    };
    let proxy = TcpProxy::start(authority(&server)).await;
    let addr = proxy.addr;
    let app = TestApp::spawn_with(|c| {
        let direct = c.database_url.clone().expect("a database URL");
        c.database_url = Some(through(&direct, addr));
    })
    .await;
    let ada = app.learner().await;
    let first: Value = app
        .get_as(&ada.access, "/api/v1/content?perPage=1")
        .await
        .json()
        .await
        .unwrap();
    let lesson = first["items"][0]["slug"].as_str().unwrap().to_owned();
    let lesson_path = format!("/api/v1/content/{lesson}");
    assert_eq!(
        timed(&app, &ada.access, "/api/v1/me").await.0,
        StatusCode::OK
    );

    proxy.cut();
    let cut_at = Instant::now();
    poll_until("the outage is noticed", Duration::from_secs(10), || async {
        let (status, _, _) = timed(&app, &ada.access, "/api/v1/me").await;
        (status == StatusCode::SERVICE_UNAVAILABLE).then_some(())
    })
    .await;
    // The probe asks every 500 ms with an 800 ms deadline: the outage is known within
    // about 1.3 s (3 s leaves room for a loaded machine, and for requests already waiting).
    let noticed = cut_at.elapsed();
    eprintln!("outage noticed after {noticed:?}");
    assert!(
        noticed < Duration::from_secs(3),
        "noticed after {noticed:?}"
    );
    // Once known, every request that needs the database is refused within a second.
    for path in ["/api/v1/me", "/api/v1/projects", "/api/v1/dashboard"] {
        let started = Instant::now();
        let response = app.get_as(&ada.access, path).await;
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_secs(1), "{path} took {elapsed:?}");
        assert!(response.headers().contains_key("retry-after"), "{path}");
        assert_problem(
            response,
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
        )
        .await;
    }
    // The curriculum is in the binary: lessons and tracks still load, signed in or not.
    let started = Instant::now();
    let response = app.get_as(&ada.access, &lesson_path).await;
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-codestead-degraded"], "database");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["slug"], lesson.as_str());
    assert!(body["body"].as_str().is_some_and(|b| !b.is_empty()));
    assert_eq!(
        timed(&app, &ada.access, "/api/v1/tracks").await.0,
        StatusCode::OK
    );
    poll_until(
        "/readyz reports the database down",
        Duration::from_secs(5),
        || async { (ready_status(&app).await == StatusCode::SERVICE_UNAVAILABLE).then_some(()) },
    )
    .await;

    proxy.restore();
    poll_until(
        "requests succeed again without a restart",
        Duration::from_secs(15),
        || async {
            let (status, _, _) = timed(&app, &ada.access, "/api/v1/me").await;
            (status == StatusCode::OK).then_some(())
        },
    )
    .await;
    poll_until("/readyz recovers", Duration::from_secs(5), || async {
        (ready_status(&app).await == StatusCode::OK).then_some(())
    })
    .await;
    let me: Value = app
        .get_as(&ada.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], ada.email.as_str());
}

/// Object storage that refuses connections (nothing listens at its endpoint): the routes
/// that need a blob answer 503 `storage_unavailable` with `Retry-After` within seconds
/// and change nothing; everything else is untouched.
#[tokio::test]
async fn with_object_storage_down_only_the_routes_that_need_it_answer_503() {
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let app = TestApp::spawn_with(|c| {
        c.s3_bucket = Some("codestead-unreachable".into());
        c.s3_endpoint = Some(endpoint.clone());
        c.s3_region = Some("us-east-1".into());
        c.s3_access_key_id = Some("codestead-test".into());
        c.s3_secret_access_key = Some("codestead-test-secret".to_owned().into());
    })
    .await;
    let ada = app.learner().await;
    let project: Value = app
        .post_as(
            &ada.access,
            "/api/v1/projects",
            Some(serde_json::json!({"title": "Big"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let files = format!("/api/v1/projects/{}/files", project["id"].as_str().unwrap());

    // Over 256 KB a file is a blob: it needs the storage.
    let started = Instant::now();
    let big = app
        .post_as(
            &ada.access,
            &files,
            Some(serde_json::json!({"path": "big.txt", "content": "x".repeat(300 * 1024)})),
        )
        .await;
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(6), "took {elapsed:?}");
    assert!(big.headers().contains_key("retry-after"));
    assert_problem(big, StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable").await;

    // A small file lives in its row: saved as usual, and the refused one left no trace.
    let small = app
        .post_as(
            &ada.access,
            &files,
            Some(serde_json::json!({"path": "main.py", "content": "print(1)"})),
        )
        .await;
    assert_eq!(small.status(), StatusCode::CREATED);
    let listing: Value = app.get_as(&ada.access, &files).await.json().await.unwrap();
    let paths: Vec<&str> = listing["items"]
        .as_array()
        .or_else(|| listing.as_array())
        .expect("a file list")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, ["main.py"], "{listing}");
    for path in SIGNED_IN_PATHS {
        assert_eq!(
            timed(&app, &ada.access, path).await.0,
            StatusCode::OK,
            "{path}"
        );
    }
    assert_eq!(ready_status(&app).await, StatusCode::OK);
}

async fn status_of(app: &TestApp, token: &str, path: &str) -> StatusCode {
    app.get_as(token, path).await.status()
}

/// What the sessions of the revocation test must answer: the demoted admin is refused the
/// admin pages, the logged-out session and the session from before the password change
/// are over, the untouched session and the one the password change opened still work.
async fn assert_revocations_hold(app: &TestApp, sessions: &Revocations, when: &str) {
    let observed = [
        status_of(app, &sessions.demoted.access, "/api/v1/admin/stats").await,
        status_of(app, &sessions.logged_out.access, "/api/v1/me").await,
        status_of(app, &sessions.before_password_change.access, "/api/v1/me").await,
        status_of(app, &sessions.untouched.access, "/api/v1/me").await,
        status_of(app, &sessions.after_password_change, "/api/v1/me").await,
    ];
    assert_eq!(
        observed,
        [
            StatusCode::FORBIDDEN,
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
            StatusCode::OK,
            StatusCode::OK,
        ],
        "{when}: demoted admin, logged out, before the password change, untouched, after it"
    );
}

struct Revocations {
    demoted: Login,
    logged_out: Login,
    before_password_change: Login,
    untouched: Login,
    after_password_change: String,
}

/// Redis hung keeps what it held: when it answers again, the shared cache still has every
/// session entry written before the outage. A demotion, a logout and a password change
/// made while it is down must be in force at the next request, during the outage (the
/// database answers) and after it (the stale entries must not be served again).
#[tokio::test]
async fn with_redis_down_a_demotion_a_logout_and_a_password_change_take_effect_at_the_next_request()
{
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let (app, prefix) = app_on(&redis).await;
    let root = crate::admin::admin(&app).await;
    let ada = app.learner().await;
    let ada_elsewhere = app.login(&ada.email).await;
    let bob = app.learner().await;
    // Every session is now cached in Redis, the admin's with its admin role.
    assert_eq!(
        status_of(&app, &root.access, "/api/v1/admin/stats").await,
        StatusCode::OK
    );
    for who in [&ada, &ada_elsewhere, &bob] {
        assert_eq!(
            status_of(&app, &who.access, "/api/v1/me").await,
            StatusCode::OK
        );
    }

    redis.pause();
    await_cache_reported(&app, "down").await;
    app.state
        .accounts
        .set_role(
            root.user_id.parse().unwrap(),
            codestead_store::accounts::Role::User,
        )
        .await
        .unwrap();
    let logout = app
        .post_as(&ada_elsewhere.access, "/api/v1/auth/logout", None)
        .await;
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let changed = app
        .post_as(
            &bob.access,
            "/api/v1/auth/change-password",
            Some(serde_json::json!({
                "currentPassword": crate::helpers::PASSWORD,
                "newPassword": "amber-heron-valley-58",
            })),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: Value = changed.json().await.unwrap();
    let sessions = Revocations {
        demoted: root,
        logged_out: ada_elsewhere,
        before_password_change: bob,
        untouched: ada,
        after_password_change: changed["accessToken"].as_str().unwrap().to_owned(),
    };
    assert_revocations_hold(&app, &sessions, "Redis down").await;

    redis.resume();
    await_cache_reported(&app, "redis").await;
    // The entries from before the outage are still in Redis: only the server's refusal
    // to read them stands between them and the next request.
    let mut conn = redis::Client::open(redis.url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let key = format!("{prefix}session:{}", sessions.demoted.session_id);
    let stale: bool = redis::cmd("EXISTS")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(stale, "{key} outlived the outage");
    assert_revocations_hold(&app, &sessions, "Redis back").await;
}

/// An SMTP server that accepts connections and then never speaks (a hung process, or a
/// proxy in front of a dead one): a registration, which waits for its verification mail,
/// still answers within the mail bound (5 s per SMTP step, 10 s per mail), and the account
/// works. The mail is logged as failed, not retried.
#[tokio::test]
async fn with_smtp_hung_a_registration_still_answers_within_the_mail_bound() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts and holds every connection, silent.
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let app = TestApp::spawn_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into());
    })
    .await;
    let email = format!("smtp-hung-{}@example.org", uuid::Uuid::now_v7().simple());
    let started = Instant::now();
    let registered = app.register(&email).await;
    let elapsed = started.elapsed();
    eprintln!("registration with SMTP hung: {elapsed:?}");
    assert_eq!(registered.status(), StatusCode::CREATED);
    assert!(
        elapsed < Duration::from_secs(10) + DEGRADED_MARGIN * 4,
        "took {elapsed:?}"
    );
    let signed_in = app.login(&email).await;
    assert_eq!(
        timed(&app, &signed_in.access, "/api/v1/me").await.0,
        StatusCode::OK
    );
    silent.abort();
}
