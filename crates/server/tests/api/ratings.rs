//! Ratings and view counts of lessons and exercises, and feedback tied to one of them.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin::admin;
use crate::helpers::{TestApp, assert_problem};

const LESSON: &str = "python-hello-world";
const EXERCISE: &str = "python-ex-greeting";

async fn rate(app: &TestApp, token: &str, slug: &str, body: Value) -> reqwest::Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/content/{slug}/rating"),
        Some(body),
        Some(token),
    )
    .await
}

async fn item(app: &TestApp, token: Option<&str>, slug: &str) -> Value {
    let response = app
        .request(Method::GET, &format!("/api/v1/content/{slug}"), None, token)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn in_track<'a>(track: &'a Value, slug: &str) -> &'a Value {
    track["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["items"].as_array().unwrap())
        .find(|i| i["slug"] == slug)
        .unwrap()
}

#[tokio::test]
async fn learners_rate_an_item_and_everyone_sees_the_average() {
    let app = TestApp::spawn().await;
    let before = item(&app, None, LESSON).await;
    assert!(before["averageRating"].is_null(), "{before}");
    assert_eq!(before["ratingCount"], 0);
    assert!(before["myRating"].is_null());

    let (ada, bob, cy) = (
        app.learner().await,
        app.learner().await,
        app.learner().await,
    );
    for (who, stars) in [(&ada, 5), (&bob, 4), (&cy, 3)] {
        let response = rate(&app, &who.access, LESSON, json!({"rating": stars})).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["myRating"], stars);
    }
    // Cy changes their mind: the rating is replaced, not added.
    let changed: Value = rate(&app, &cy.access, LESSON, json!({"rating": 1}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changed["ratingCount"], 3);
    assert_eq!(changed["averageRating"], json!(10.0 / 3.0));

    let seen_by_ada = item(&app, Some(&ada.access), LESSON).await;
    assert_eq!(seen_by_ada["myRating"], 5);
    assert_eq!(seen_by_ada["ratingCount"], 3);
    assert_eq!(seen_by_ada["averageRating"], json!(10.0 / 3.0));
    assert_eq!(item(&app, Some(&cy.access), LESSON).await["myRating"], 1);
    // Lists carry the figures too: the track page, the catalogue.
    let track: Value = app
        .request(Method::GET, "/api/v1/tracks/python", None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(in_track(&track, LESSON)["ratingCount"], 3);
    assert!(in_track(&track, EXERCISE)["averageRating"].is_null());
    let page: Value = app
        .request(
            Method::GET,
            "/api/v1/content?track=python&perPage=100",
            None,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let listed = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == LESSON)
        .unwrap();
    assert_eq!(listed["averageRating"], json!(10.0 / 3.0));

    // An exercise is rated the same way, by id as well as by slug.
    let exercise_id = item(&app, None, EXERCISE).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        rate(&app, &bob.access, &exercise_id, json!({"rating": 2}))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        item(&app, None, EXERCISE).await["averageRating"],
        json!(2.0)
    );

    // Withdrawn: out of the average; withdrawing again is a 404.
    let path = format!("/api/v1/content/{LESSON}/rating");
    let withdrawn = app
        .request(Method::DELETE, &path, None, Some(&cy.access))
        .await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let withdrawn: Value = withdrawn.json().await.unwrap();
    assert_eq!(withdrawn["ratingCount"], 2);
    assert_eq!(withdrawn["averageRating"], json!(4.5));
    assert!(withdrawn["myRating"].is_null());
    assert_problem(
        app.request(Method::DELETE, &path, None, Some(&cy.access))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn a_bad_rating_names_the_field_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    assert_eq!(
        rate(&app, &ada.access, LESSON, json!({"rating": 4}))
            .await
            .status(),
        StatusCode::OK
    );
    for bad in [
        json!({"rating": 0}),
        json!({"rating": 6}),
        json!({"rating": 2.5}),
        json!({"rating": "5"}),
        json!({"rating": null}),
        json!({}),
    ] {
        let body = assert_problem(
            rate(&app, &ada.access, LESSON, bad.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body["fields"]["rating"].is_string(), "{bad} → {body}");
    }
    let after = item(&app, Some(&ada.access), LESSON).await;
    assert_eq!(after["myRating"], 4);
    assert_eq!(after["ratingCount"], 1);

    assert_problem(
        rate(&app, &ada.access, "no-such-lesson", json!({"rating": 3})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        app.request(
            Method::PUT,
            &format!("/api/v1/content/{LESSON}/rating"),
            Some(json!({"rating": 3})),
            None,
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn a_view_counts_once_per_learner_and_day_however_often_the_page_is_reloaded() {
    let app = TestApp::spawn().await;
    let (ada, bob) = (app.learner().await, app.learner().await);
    assert_eq!(item(&app, None, LESSON).await["viewCount"], 0);
    for _ in 0..5 {
        item(&app, Some(&ada.access), LESSON).await;
    }
    // Anonymous visits are not counted.
    item(&app, None, LESSON).await;
    assert_eq!(item(&app, None, LESSON).await["viewCount"], 1);
    let seen = item(&app, Some(&bob.access), LESSON).await;
    assert_eq!(
        seen["viewCount"], 2,
        "the viewer's own view is in the count"
    );
    // Ada the next day: a new view. A second server does not count the same day again.
    app.clock.advance(Duration::days(1));
    let ada = app.login(&ada.email).await;
    item(&app, Some(&ada.access), LESSON).await;
    let beside = app.spawn_beside(|_| {}).await;
    beside.clock.set(app.state.clock.now());
    item(&beside, Some(&ada.access), LESSON).await;
    assert_eq!(item(&app, None, LESSON).await["viewCount"], 3);
    assert_eq!(item(&app, None, EXERCISE).await["viewCount"], 0);
}

#[tokio::test]
async fn ratings_go_into_the_export_and_leave_with_the_account() {
    let app = TestApp::spawn().await;
    let (ada, bob) = (app.learner().await, app.learner().await);
    rate(&app, &ada.access, LESSON, json!({"rating": 1})).await;
    rate(&app, &bob.access, LESSON, json!({"rating": 5})).await;
    let response = app.get_as(&ada.access, "/api/v1/me/export").await;
    assert_eq!(response.status(), StatusCode::OK);
    let files = crate::portfolio::unzip(&response.bytes().await.unwrap());
    let ratings: Value = serde_json::from_str(&files["ratings.json"]).unwrap();
    assert_eq!(ratings.as_array().unwrap().len(), 1, "{ratings}");
    assert_eq!(ratings[0]["slug"], LESSON);
    assert_eq!(ratings[0]["rating"], 1);

    let deleted = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": crate::helpers::PASSWORD})),
            Some(&ada.access),
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let after = item(&app, None, LESSON).await;
    assert_eq!(after["ratingCount"], 1);
    assert_eq!(after["averageRating"], json!(5.0));
}

#[tokio::test]
async fn feedback_about_an_item_carries_its_rating_and_a_link_for_the_admin() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let exercise = item(&app, None, EXERCISE).await;
    let id = exercise["id"].as_str().unwrap();
    let sent = app
        .post_as(
            &ada.access,
            "/api/v1/feedback",
            Some(json!({
                "kind": "content",
                "message": "The second test's hint is confusing",
                "page": format!("/learn/{EXERCISE}"),
                "rating": 3,
                "relatedEntity": {"type": "exercise", "id": id},
            })),
        )
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);

    for (bad, field) in [
        (
            json!({"type": "exercise", "id": "no-such-exercise"}),
            "relatedEntity.id",
        ),
        // A lesson's id named as an exercise.
        (
            json!({"type": "exercise", "id": item(&app, None, LESSON).await["id"]}),
            "relatedEntity.id",
        ),
        (
            json!({"type": "exercise", "id": uuid::Uuid::now_v7()}),
            "relatedEntity.id",
        ),
        (json!({"type": "project", "id": id}), "relatedEntity.type"),
        (json!({"id": id}), "relatedEntity.type"),
    ] {
        let body = assert_problem(
            app.post_as(
                &ada.access,
                "/api/v1/feedback",
                Some(json!({"kind": "content", "message": "x", "relatedEntity": bad})),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body["fields"][field].is_string(), "{bad} → {body}");
    }
    for rating in [json!(0), json!(6), json!(4.5)] {
        let body = assert_problem(
            app.post_as(
                &ada.access,
                "/api/v1/feedback",
                Some(json!({"kind": "idea", "message": "x", "rating": rating})),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body["fields"]["rating"].is_string(), "{rating} → {body}");
    }

    let root = admin(&app).await;
    let list: Value = app
        .get_as(&root.access, "/api/v1/admin/feedback")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1, "the refused ones were not stored: {list}");
    let got = &list["items"][0];
    assert_eq!(got["rating"], 3);
    assert_eq!(got["relatedEntity"]["type"], "exercise");
    assert_eq!(got["relatedEntity"]["id"], id);
    assert_eq!(got["relatedEntity"]["slug"], EXERCISE);
    assert_eq!(got["relatedEntity"]["title"], exercise["title"]);
}
