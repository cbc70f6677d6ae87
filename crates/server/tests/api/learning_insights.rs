//! Search, stats, streaks, achievements, recommendations and the dashboard.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use codestead_server::platform::clock::Clock;

use crate::helpers::{Login, TestApp, assert_problem, shared_sandbox};

async fn get_json(app: &TestApp, token: Option<&str>, path: &str) -> Value {
    let response = app.request(Method::GET, path, None, token).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.json().await.unwrap()
}

async fn item_id(app: &TestApp, slug: &str) -> String {
    get_json(app, None, &format!("/api/v1/content/{slug}")).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn complete(app: &TestApp, who: &Login, slug: &str) {
    let id = item_id(app, slug).await;
    let response = app
        .post_as(
            &who.access,
            &format!("/api/v1/progress/{id}/complete"),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "completing {slug}");
}

async fn touch(app: &TestApp, who: &Login, slug: &str, percentage: i32) {
    let id = item_id(app, slug).await;
    let response = app
        .request(
            Method::PUT,
            &format!("/api/v1/progress/{id}"),
            Some(json!({"progressPercentage": percentage, "timeSpentSeconds": 30})),
            Some(&who.access),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "progress on {slug}");
}

async fn set_timezone(app: &TestApp, who: &Login, zone: &str) {
    let response = app
        .request(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"timezone": zone})),
            Some(&who.access),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "timezone {zone}");
}

fn slugs(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["slug"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn search_ranks_title_matches_first_and_marks_the_snippet() {
    let app = TestApp::spawn().await;
    let found = get_json(&app, None, "/api/v1/search?q=recursion&perPage=50").await;
    let items = found["items"].as_array().unwrap();
    assert!(found["total"].as_u64().unwrap() >= 4, "{found}");
    // Every item with the word in its title ranks above every item with it only in the
    // body ("Recursive" stems to the same word).
    let in_title: Vec<bool> = items
        .iter()
        .map(|i| {
            i["title"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("recurs")
        })
        .collect();
    let first_body_only = in_title.iter().position(|t| !t).unwrap();
    assert!(first_body_only >= 4, "{found}");
    assert!(in_title[first_body_only..].iter().all(|t| !t), "{found}");
    let order = slugs(&found["items"]);
    let title_hit = order.iter().position(|s| s == "python-recursion").unwrap();
    let body_hit = order.iter().position(|s| s == "python-strings").unwrap();
    assert!(title_hit < body_hit, "{order:?}");
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let snippet = items[body_hit]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>"), "{snippet}");
    for item in items {
        let s = item["snippet"].as_str().unwrap();
        let bare = s.replace("<mark>", "").replace("</mark>", "");
        assert!(
            !bare.contains('<') && !bare.contains('>'),
            "markup besides <mark>: {s}"
        );
        assert!(item["track"].is_string() && item["type"].is_string());
    }
}

#[tokio::test]
async fn search_tolerates_a_typo_and_filters_by_type() {
    let app = TestApp::spawn().await;
    let found = get_json(&app, None, "/api/v1/search?q=recursoin").await;
    assert_eq!(found["correctedQuery"], "recursion", "{found}");
    assert!(slugs(&found["items"]).contains(&"python-recursion".to_owned()));

    let exercises = get_json(&app, None, "/api/v1/search?q=recursion&type=exercise").await;
    let items = exercises["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["type"] == "exercise"), "{exercises}");
    assert!(slugs(&exercises["items"]).contains(&"python-ex-flatten".to_owned()));

    let python = get_json(&app, None, "/api/v1/search?q=recursion&track=java").await;
    assert!(
        python["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["track"] == "java")
    );

    let page2 = get_json(&app, None, "/api/v1/search?q=recursion&perPage=1&page=2").await;
    let page1 = get_json(&app, None, "/api/v1/search?q=recursion&perPage=1").await;
    assert_eq!(page1["total"], page2["total"]);
    assert_ne!(page1["items"][0]["id"], page2["items"][0]["id"]);
}

#[tokio::test]
async fn search_rejects_bad_parameters_with_400_naming_them() {
    let app = TestApp::spawn().await;
    let long = "a".repeat(201);
    for (path, field) in [
        ("/api/v1/search".to_owned(), "q"),
        ("/api/v1/search?q=%20%20".to_owned(), "q"),
        (format!("/api/v1/search?q={long}"), "q"),
        ("/api/v1/search?q=loop&type=video".to_owned(), "type"),
        (
            "/api/v1/search?q=loop&difficulty=easy".to_owned(),
            "difficulty",
        ),
        ("/api/v1/search?q=loop&track=cobol".to_owned(), "track"),
        ("/api/v1/search?q=loop&perPage=0".to_owned(), "perPage"),
        ("/api/v1/search?q=loop&page=0".to_owned(), "page"),
    ] {
        let response = app.request(Method::GET, &path, None, None).await;
        let body = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert!(body["fields"][field].is_string(), "{path}: {body}");
    }
}

/// Moves the shared manual clock forward to `target`.
fn move_clock_to(app: &TestApp, target: chrono::DateTime<Utc>) {
    let now = app.clock.now();
    assert!(target > now, "the clock only moves forward");
    app.clock.advance(target - now);
}

/// The next date (at least two days ahead) whose 23:30 in `tz` exists unambiguously.
fn late_evening(tz: Tz, from: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    let mut day: NaiveDate = from.date_naive() + Duration::days(2);
    loop {
        if let Some(t) = tz
            .from_local_datetime(&day.and_hms_opt(23, 30, 0).unwrap())
            .single()
        {
            return t.with_timezone(&Utc);
        }
        day += Duration::days(1);
    }
}

#[tokio::test]
async fn a_streak_counts_days_in_the_learners_time_zone() {
    let app = TestApp::spawn().await;
    let tokyo = app.learner().await;
    let london_in_utc = app.learner().await;
    set_timezone(&app, &tokyo, "Asia/Tokyo").await;
    // 23:30 and 00:30 in Tokyo (UTC+9, no DST) are 14:30 and 15:30 UTC of one UTC day.
    let evening = late_evening("Asia/Tokyo".parse().unwrap(), app.clock.now());
    move_clock_to(&app, evening);
    // Access tokens expire as the clock moves: sign in again at each step.
    let tokyo = app.login(&tokyo.email).await;
    let london_in_utc = app.login(&london_in_utc.email).await;
    touch(&app, &tokyo, "python-hello-world", 50).await;
    touch(&app, &london_in_utc, "python-hello-world", 50).await;
    app.clock.advance(Duration::hours(1));
    let tokyo = app.login(&tokyo.email).await;
    let london_in_utc = app.login(&london_in_utc.email).await;
    touch(&app, &tokyo, "python-variables", 10).await;
    touch(&app, &london_in_utc, "python-variables", 10).await;

    let dash = get_json(&app, Some(&tokyo.access), "/api/v1/dashboard").await;
    assert_eq!(dash["streak"]["current"], 2, "{}", dash["streak"]);
    assert_eq!(dash["streak"]["longest"], 2);
    assert_eq!(dash["timezone"], "Asia/Tokyo");
    let utc = get_json(&app, Some(&london_in_utc.access), "/api/v1/dashboard").await;
    assert_eq!(
        utc["streak"]["current"], 1,
        "one UTC day: {}",
        utc["streak"]
    );

    // A whole local day without activity ends the streak; the longest is kept.
    app.clock.advance(Duration::hours(48));
    let tokyo = app.login(&tokyo.email).await;
    let later = get_json(&app, Some(&tokyo.access), "/api/v1/dashboard").await;
    assert_eq!(later["streak"]["current"], 0, "{}", later["streak"]);
    assert_eq!(later["streak"]["longest"], 2);
}

#[tokio::test]
async fn achievements_are_awarded_once_when_earned() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let all = get_json(&app, Some(&ada.access), "/api/v1/achievements").await;
    let all = all.as_array().unwrap();
    assert!(all.len() >= 10);
    assert!(all.iter().all(|a| a["earnedAt"].is_null()));
    for a in all {
        for key in ["id", "title", "description", "icon"] {
            assert!(a[key].is_string(), "{a}");
        }
    }

    complete(&app, &ada, "python-hello-world").await;
    let earned_at = |list: &Value, id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["earnedAt"]
            .clone()
    };
    let after = get_json(&app, Some(&ada.access), "/api/v1/achievements").await;
    let first = earned_at(&after, "first-lesson");
    assert!(first.is_string(), "{after}");
    assert!(earned_at(&after, "first-run").is_null());
    assert!(earned_at(&after, "first-exercise").is_null());

    app.clock.advance(Duration::minutes(5));
    complete(&app, &ada, "python-variables").await;
    let again = get_json(&app, Some(&ada.access), "/api/v1/achievements").await;
    assert_eq!(
        earned_at(&again, "first-lesson"),
        first,
        "earned once, not re-stamped"
    );

    // Asking the tutor earns the curious-mind badge.
    let asked = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "What is a variable?", "context": {"language": "python"}})),
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    let with_question = get_json(&app, Some(&ada.access), "/api/v1/achievements").await;
    assert!(earned_at(&with_question, "first-question").is_string());

    // Another learner has earned nothing.
    let bob = app.learner().await;
    let theirs = get_json(&app, Some(&bob.access), "/api/v1/achievements").await;
    assert!(
        theirs
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["earnedAt"].is_null())
    );
}

#[tokio::test]
async fn a_run_and_a_passed_exercise_earn_their_achievements_and_stats() {
    assert!(
        shared_sandbox().is_some(),
        "the sandbox must work where tests run"
    );
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let ran = app
        .post_as(
            &ada.access,
            "/api/v1/executions",
            Some(json!({"language": "python", "code": "print(1)"})),
        )
        .await;
    assert_eq!(ran.status(), StatusCode::OK);
    let wrong = app
        .post_as(
            &ada.access,
            "/api/v1/exercises/python-ex-greeting/submissions",
            Some(json!({"language": "python", "code": "print('nope')"})),
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::OK);
    let solution = std::fs::read_to_string(format!(
        "{}/../../content/python/exercises/python-ex-greeting/solution.py",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let right: Value = app
        .post_as(
            &ada.access,
            "/api/v1/exercises/python-ex-greeting/submissions",
            Some(json!({"language": "python", "code": solution})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(right["passed"], true, "{right}");

    let stats = get_json(&app, Some(&ada.access), "/api/v1/progress/stats").await;
    assert_eq!(stats["submissions"], 2, "{stats}");
    assert_eq!(stats["passedSubmissions"], 1);
    assert_eq!(stats["passRate"], 0.5);
    assert_eq!(stats["runs"], 1);
    assert_eq!(stats["completedCount"], 1);
    assert_eq!(stats["completedByType"]["exercise"], 1);
    assert_eq!(stats["completedByTrack"]["python"], 1);
    assert_eq!(stats["languages"], json!(["python"]));
    assert_eq!(stats["streak"]["current"], 1);

    let list = get_json(&app, Some(&ada.access), "/api/v1/achievements").await;
    let earned: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["earnedAt"].is_string())
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(
        earned.contains(&"first-run") && earned.contains(&"first-exercise"),
        "{earned:?}"
    );
    assert!(!earned.contains(&"polyglot"));

    let dash = get_json(&app, Some(&ada.access), "/api/v1/dashboard").await;
    let kinds: Vec<&str> = dash["recentActivity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"ran") && kinds.contains(&"submitted") && kinds.contains(&"completed"),
        "{kinds:?}"
    );
    let today = dash["weeklyActivity"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (
            today["runs"].clone(),
            today["submissions"].clone(),
            today["completions"].clone()
        ),
        (json!(1), json!(2), json!(1))
    );
}

#[tokio::test]
async fn recommendations_respect_prerequisites_and_say_why() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let fresh = get_json(&app, Some(&ada.access), "/api/v1/recommendations").await;
    let fresh_list = fresh.as_array().unwrap();
    assert!(!fresh_list.is_empty());
    for rec in fresh_list {
        assert!(!rec["reason"].as_str().unwrap().is_empty());
        let slug = rec["slug"].as_str().unwrap();
        let item = get_json(&app, Some(&ada.access), &format!("/api/v1/content/{slug}")).await;
        assert_eq!(item["locked"], false, "{slug} has unmet prerequisites");
        assert_eq!(
            item["difficulty"], "beginner",
            "a new learner is a beginner"
        );
    }
    let again = get_json(&app, Some(&ada.access), "/api/v1/recommendations").await;
    assert_eq!(fresh, again, "deterministic");

    // Bob completed the Python start and the JavaScript start; Ada does the Python one.
    let bob = app.learner().await;
    complete(&app, &bob, "python-hello-world").await;
    complete(&app, &bob, "javascript-hello-world").await;
    complete(&app, &ada, "python-hello-world").await;
    let recs = get_json(&app, Some(&ada.access), "/api/v1/recommendations").await;
    let list = recs.as_array().unwrap();
    let next = &list[0];
    assert_eq!(next["source"], "next_in_track", "{recs}");
    assert_eq!(next["track"], "python");
    assert!(
        next["reason"]
            .as_str()
            .unwrap()
            .contains("Your first Python program"),
        "{next}"
    );
    let similar = list
        .iter()
        .find(|r| r["slug"] == "javascript-hello-world")
        .expect("what a similar learner did");
    assert_eq!(similar["source"], "similar_learners", "{recs}");
    assert!(
        list.iter().all(|r| r["slug"] != "python-hello-world"),
        "completed items are not recommended"
    );
    assert_problem(
        app.request(
            Method::GET,
            "/api/v1/recommendations?limit=0",
            None,
            Some(&ada.access),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn in_progress_lists_neither_items_merely_opened_nor_locked_ones() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // Opened at 0 %; read a little but locked (python-functions needs python-loops);
    // read a little and open to her.
    touch(&app, &ada, "python-conditions", 0).await;
    touch(&app, &ada, "python-functions", 25).await;
    touch(&app, &ada, "python-hello-world", 20).await;
    let dash = get_json(&app, Some(&ada.access), "/api/v1/dashboard").await;
    let slugs: Vec<&str> = dash["inProgress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["python-hello-world"], "{dash}");
}

#[tokio::test]
async fn the_dashboard_adds_up_and_follows_every_write() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let empty = get_json(&app, Some(&ada.access), "/api/v1/dashboard").await;
    assert_eq!(empty["completedCount"], 0);
    assert_eq!(empty["streak"]["current"], 0);
    assert_eq!(empty["weeklyActivity"].as_array().unwrap().len(), 7);
    assert_eq!(empty["progressOverTime"].as_array().unwrap().len(), 30);

    complete(&app, &ada, "python-hello-world").await;
    app.clock.advance(Duration::minutes(1));
    complete(&app, &ada, "python-variables").await;
    touch(&app, &ada, "python-conditions", 40).await;
    // Cached after this read; the next write must invalidate it.
    let dash = get_json(&app, Some(&ada.access), "/api/v1/dashboard").await;
    assert_eq!(dash["completedCount"], 2, "{dash}");
    assert_eq!(dash["streak"]["current"], 1);
    let in_progress = dash["inProgress"].as_array().unwrap();
    assert_eq!(in_progress.len(), 1);
    assert_eq!(in_progress[0]["slug"], "python-conditions");
    assert_eq!(in_progress[0]["progressPercentage"], 40);
    let total: i64 = dash["progressOverTime"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["completed"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 2);
    assert_eq!(dash["weeklyActivity"][6]["completions"], 2);
    assert!(!dash["recommended"].as_array().unwrap().is_empty());
    assert!(
        dash["achievements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "first-lesson")
    );
    let recent = dash["recentActivity"].as_array().unwrap();
    assert_eq!(recent.len(), 2);
    assert_eq!(
        recent[0]["item"]["slug"], "python-variables",
        "newest first"
    );

    complete(&app, &ada, "python-conditions").await;
    let after = get_json(&app, Some(&ada.access), "/api/v1/dashboard").await;
    assert_eq!(
        after["completedCount"], 3,
        "a write invalidates the cached dashboard"
    );
    assert!(after["inProgress"].as_array().unwrap().is_empty());

    // Another learner sees only their own.
    let bob = app.learner().await;
    let theirs = get_json(&app, Some(&bob.access), "/api/v1/dashboard").await;
    assert_eq!(theirs["completedCount"], 0);
    assert!(theirs["recentActivity"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn insights_need_a_signed_in_learner() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/dashboard",
        "/api/v1/progress/stats",
        "/api/v1/achievements",
        "/api/v1/recommendations",
    ] {
        let response = app.request(Method::GET, path, None, None).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn a_time_zone_must_be_a_real_iana_name() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let response = app
        .request(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"timezone": "Mars/Olympus_Mons"})),
            Some(&ada.access),
        )
        .await;
    let body = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["timezone"].is_string());
    set_timezone(&app, &ada, "America/St_Johns").await;
    let me = get_json(&app, Some(&ada.access), "/api/v1/me").await;
    assert_eq!(me["timezone"], "America/St_Johns");
}

#[tokio::test]
async fn similar_learner_picks_are_cached_until_the_learner_completes_something() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let similar = |recs: &Value| -> Vec<String> {
        recs.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["source"] == "similar_learners")
            .map(|r| r["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    complete(&app, &ada, "python-hello-world").await;
    let before = get_json(&app, Some(&ada.access), "/api/v1/recommendations").await;
    assert!(similar(&before).is_empty(), "{before}");

    // Bob's completions reach Ada's picks only when hers change (or the cache expires):
    // one learner's write never recomputes everyone's recommendations.
    complete(&app, &bob, "python-hello-world").await;
    complete(&app, &bob, "javascript-hello-world").await;
    let cached = get_json(&app, Some(&ada.access), "/api/v1/recommendations").await;
    assert!(similar(&cached).is_empty(), "{cached}");

    complete(&app, &ada, "java-hello-world").await;
    let after = get_json(&app, Some(&ada.access), "/api/v1/recommendations").await;
    assert_eq!(similar(&after), ["javascript-hello-world"], "{after}");
}
