//! Classrooms: teachers, classes and join codes, assignments, the grid (JSON and CSV),
//! who is stuck, a student's detail and the class-scoped read of an attempt. Attempts are
//! stored as the grading service stores them, so the grid's rules are tested without a
//! sandbox; the browser flow grades for real.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use codestead_store::accounts::Role;
use codestead_store::learning::{NewSubmission, ProgressUpdate};

use crate::helpers::{Login, TestApp, assert_problem};

const EXERCISE: &str = "python-ex-greeting";
const SECOND_EXERCISE: &str = "python-ex-rectangle";
const LESSON: &str = "python-hello-world";
const MODULE: &str = "python-first-steps";

/// The tests move the clock by days (due dates, idle students): tokens live longer here
/// than the 15 minutes a real access token does.
async fn spawn() -> TestApp {
    TestApp::spawn_with(|c| {
        c.access_token_ttl_secs = 60 * 24 * 3600;
        c.refresh_token_ttl_secs = 90 * 24 * 3600;
    })
    .await
}

fn uid(who: &Login) -> Uuid {
    who.user_id.parse().unwrap()
}

fn item_id(app: &TestApp, slug: &str) -> Uuid {
    app.state.learning.curriculum().item(slug).unwrap().id
}

async fn teacher(app: &TestApp) -> Login {
    let who = app.learner().await;
    app.state
        .accounts
        .set_role(uid(&who), Role::Teacher)
        .await
        .unwrap();
    who
}

async fn json_of(response: reqwest::Response, status: StatusCode) -> Value {
    let got = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "body {body}");
    body
}

async fn send(
    app: &TestApp,
    who: &Login,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    app.request(method, path, body, Some(&who.access)).await
}

async fn create_class(app: &TestApp, who: &Login, name: &str) -> Value {
    json_of(
        app.post_as(&who.access, "/api/v1/classes", Some(json!({"name": name})))
            .await,
        StatusCode::CREATED,
    )
    .await
}

async fn join(app: &TestApp, who: &Login, code: &str) -> reqwest::Response {
    app.post_as(
        &who.access,
        "/api/v1/classes/join",
        Some(json!({"code": code})),
    )
    .await
}

async fn assign(app: &TestApp, who: &Login, class: &str, body: Value) -> Value {
    json_of(
        app.post_as(
            &who.access,
            &format!("/api/v1/classes/{class}/assignments"),
            Some(body),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

/// An attempt as grading stores it; a pass also completes the item.
async fn attempt(app: &TestApp, who: &Login, slug: &str, passed: bool) -> Uuid {
    let content = item_id(app, slug);
    let now = app.state.clock.now();
    let results = json!([{"name": "greets by name", "passed": passed,
        "message": if passed { Value::Null } else { json!("print a greeting with the name") }}]);
    let s = app
        .state
        .store
        .insert_submission(
            NewSubmission {
                user_id: uid(who),
                content_id: content,
                language: "python",
                code: if passed {
                    "print('Hello, ' + input())"
                } else {
                    "print('hi')"
                },
                passed,
                results,
            },
            now,
        )
        .await
        .unwrap();
    if passed {
        app.state
            .store
            .record_progress(
                uid(who),
                content,
                ProgressUpdate {
                    progress_percentage: 100,
                    time_spent_seconds: 120,
                    complete: true,
                },
                now,
            )
            .await
            .unwrap();
    }
    s.id
}

/// A class with a teacher, two students who joined, and one exercise assignment.
struct Classroom {
    teacher: Login,
    students: [Login; 2],
    class: String,
    assignment: String,
}

async fn classroom(app: &TestApp) -> Classroom {
    let t = teacher(app).await;
    let class = create_class(app, &t, "Period 3").await;
    let code = class["joinCode"].as_str().unwrap().to_owned();
    let a = app.learner().await;
    let b = app.learner().await;
    for s in [&a, &b] {
        json_of(join(app, s, &code).await, StatusCode::CREATED).await;
    }
    let class_id = class["id"].as_str().unwrap().to_owned();
    let assignment = assign(
        app,
        &t,
        &class_id,
        json!({"kind": "item", "target": EXERCISE}),
    )
    .await;
    Classroom {
        teacher: t,
        students: [a, b],
        class: class_id,
        assignment: assignment["id"].as_str().unwrap().to_owned(),
    }
}

async fn grid(app: &TestApp, who: &Login, class: &str) -> Value {
    json_of(
        app.get_as(&who.access, &format!("/api/v1/classes/{class}/grid"))
            .await,
        StatusCode::OK,
    )
    .await
}

fn row<'a>(grid: &'a Value, who: &Login) -> &'a Value {
    grid["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["student"]["userId"] == who.user_id.as_str())
        .unwrap_or_else(|| panic!("no row for {} in {grid}", who.user_id))
}

#[tokio::test]
async fn a_teacher_creates_a_class_and_students_join_with_its_code() {
    let app = spawn().await;
    let t = teacher(&app).await;
    let class = create_class(&app, &t, "  Period 3  ").await;
    assert_eq!(class["name"], "Period 3");
    assert_eq!(class["role"], "teacher");
    let code = class["joinCode"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);
    assert!(
        class["joinUrl"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/classes/join?code={code}"))
    );
    let id = class["id"].as_str().unwrap();

    let s = app.learner().await;
    // Case and dashes do not matter.
    let typed = format!("{}-{}", &code[..4], &code[4..]).to_lowercase();
    let joined = json_of(join(&app, &s, &typed).await, StatusCode::CREATED).await;
    assert_eq!(joined["id"], id);
    assert_eq!(joined["role"], "student");
    assert!(
        joined["joinCode"].is_null(),
        "students never see the code: {joined}"
    );
    assert_eq!(joined["teachers"][0]["userId"], t.user_id.as_str());
    // Joining again changes nothing.
    json_of(join(&app, &s, &code).await, StatusCode::OK).await;

    let members = json_of(
        app.get_as(&t.access, &format!("/api/v1/classes/{id}/members"))
            .await,
        StatusCode::OK,
    )
    .await;
    let roles: Vec<(&str, &str)> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["userId"].as_str().unwrap(), m["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roles,
        vec![
            (t.user_id.as_str(), "teacher"),
            (s.user_id.as_str(), "student")
        ]
    );
    let listed = json_of(
        app.get_as(&s.access, "/api/v1/classes").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let mine = json_of(
        app.get_as(&t.access, "/api/v1/classes").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine[0]["students"], 1);
}

#[tokio::test]
async fn only_teachers_create_classes_and_an_admin_grants_the_role() {
    let app = spawn().await;
    let learner = app.learner().await;
    let refused = app
        .post_as(
            &learner.access,
            "/api/v1/classes",
            Some(json!({"name": "Mine"})),
        )
        .await;
    assert_problem(refused, StatusCode::FORBIDDEN, "teacher_only").await;
    let listed = json_of(
        app.get_as(&learner.access, "/api/v1/classes").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed, json!([]));

    // Self-service is off by default.
    assert_problem(
        app.post_as(&learner.access, "/api/v1/me/teacher", None)
            .await,
        StatusCode::FORBIDDEN,
        "teacher_self_service_off",
    )
    .await;

    let admin = app.learner().await;
    app.state
        .accounts
        .set_role(uid(&admin), Role::Admin)
        .await
        .unwrap();
    let path = format!("/api/v1/admin/users/{}/role", learner.user_id);
    // A learner may not grant roles; a bad role names the field and changes nothing.
    assert_problem(
        send(
            &app,
            &learner,
            Method::PUT,
            &path,
            Some(json!({"role": "teacher"})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "admin_only",
    )
    .await;
    let bad = assert_problem(
        send(
            &app,
            &admin,
            Method::PUT,
            &path,
            Some(json!({"role": "principal"})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(bad["fields"]["role"].is_string());
    let me = json_of(
        app.get_as(&learner.access, "/api/v1/me").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me["role"], "user");
    assert_problem(
        send(
            &app,
            &admin,
            Method::PUT,
            &format!("/api/v1/admin/users/{}/role", Uuid::now_v7()),
            Some(json!({"role": "teacher"})),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let granted = send(
        &app,
        &admin,
        Method::PUT,
        &path,
        Some(json!({"role": "teacher"})),
    )
    .await;
    assert_eq!(granted.status(), StatusCode::NO_CONTENT);
    let me = json_of(
        app.get_as(&learner.access, "/api/v1/me").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me["role"], "teacher");
    create_class(&app, &learner, "Now allowed").await;
}

#[tokio::test]
async fn self_service_teachers_follow_the_operators_flag() {
    let app = TestApp::spawn_with(|c| c.teacher_self_service = true).await;
    let learner = app.learner().await;
    let r = app
        .post_as(&learner.access, "/api/v1/me/teacher", None)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let me = json_of(
        app.get_as(&learner.access, "/api/v1/me").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me["role"], "teacher");
    create_class(&app, &learner, "Self-made").await;
}

#[tokio::test]
async fn wrong_and_expired_join_codes_are_refused_naming_the_code() {
    let app = spawn().await;
    let t = teacher(&app).await;
    let expires = app.state.clock.now() + Duration::hours(1);
    let class = json_of(
        app.post_as(
            &t.access,
            "/api/v1/classes",
            Some(json!({"name": "Expiring", "joinCodeExpiresAt": expires})),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let code = class["joinCode"].as_str().unwrap().to_owned();
    let id = class["id"].as_str().unwrap().to_owned();
    let s = app.learner().await;

    for wrong in ["ZZZZZZZZ", "not a code", "0000"] {
        let body = assert_problem(
            join(&app, &s, wrong).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "join_code_invalid",
        )
        .await;
        assert!(body["fields"]["code"].is_string(), "{body}");
    }
    let body = assert_problem(
        app.post_as(&s.access, "/api/v1/classes/join", Some(json!({})))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["code"].is_string());

    app.clock.advance(Duration::hours(2));
    let body = assert_problem(
        join(&app, &s, &code).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "join_code_expired",
    )
    .await;
    assert!(body["fields"]["code"].is_string());
    // Nothing changed: the learner is in no class, the class has no student.
    let listed = json_of(
        app.get_as(&s.access, "/api/v1/classes").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed, json!([]));
    let members = json_of(
        app.get_as(&t.access, &format!("/api/v1/classes/{id}/members"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(members.as_array().unwrap().len(), 1);

    // An expiry in the past is refused; clearing it reopens the code.
    let past = app.state.clock.now() - Duration::hours(1);
    let body = assert_problem(
        send(
            &app,
            &t,
            Method::PATCH,
            &format!("/api/v1/classes/{id}"),
            Some(json!({"joinCodeExpiresAt": past})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["joinCodeExpiresAt"].is_string());
    json_of(
        send(
            &app,
            &t,
            Method::PATCH,
            &format!("/api/v1/classes/{id}"),
            Some(json!({"joinCodeExpiresAt": null})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of(join(&app, &s, &code).await, StatusCode::CREATED).await;
}

#[tokio::test]
async fn rotating_the_join_code_retires_the_old_one() {
    let app = spawn().await;
    let t = teacher(&app).await;
    let class = create_class(&app, &t, "Rotating").await;
    let old = class["joinCode"].as_str().unwrap().to_owned();
    let id = class["id"].as_str().unwrap();
    let rotated = json_of(
        send(
            &app,
            &t,
            Method::PATCH,
            &format!("/api/v1/classes/{id}"),
            Some(json!({"rotateJoinCode": true, "name": "Renamed"})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let new = rotated["joinCode"].as_str().unwrap();
    assert_ne!(new, old);
    assert_eq!(rotated["name"], "Renamed");
    let s = app.learner().await;
    assert_problem(
        join(&app, &s, &old).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "join_code_invalid",
    )
    .await;
    json_of(join(&app, &s, new).await, StatusCode::CREATED).await;
    // A student cannot rotate it.
    assert_problem(
        send(
            &app,
            &s,
            Method::PATCH,
            &format!("/api/v1/classes/{id}"),
            Some(json!({"rotateJoinCode": true})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "class_teacher_only",
    )
    .await;
    let again = json_of(
        app.get_as(&t.access, &format!("/api/v1/classes/{id}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["joinCode"], new);
}

#[tokio::test]
async fn a_teacher_removes_a_student_a_student_leaves_and_the_last_teacher_stays() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    // A student may not remove a classmate.
    assert_problem(
        send(
            &app,
            a,
            Method::DELETE,
            &format!("/api/v1/classes/{}/members/{}", c.class, b.user_id),
            None,
        )
        .await,
        StatusCode::FORBIDDEN,
        "class_teacher_only",
    )
    .await;
    let r = send(
        &app,
        &c.teacher,
        Method::DELETE,
        &format!("/api/v1/classes/{}/members/{}", c.class, b.user_id),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_problem(
        app.get_as(&b.access, &format!("/api/v1/classes/{}", c.class))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let r = send(
        &app,
        a,
        Method::DELETE,
        &format!("/api/v1/classes/{}/members/{}", c.class, a.user_id),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let body = assert_problem(
        send(
            &app,
            &c.teacher,
            Method::DELETE,
            &format!("/api/v1/classes/{}/members/{}", c.class, c.teacher.user_id),
            None,
        )
        .await,
        StatusCode::CONFLICT,
        "last_teacher",
    )
    .await;
    assert!(body["fields"]["userId"].is_string());
    let members = json_of(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/members", c.class),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(members.as_array().unwrap().len(), 1);

    // A co-teacher must hold the teacher role.
    let plain = app.learner().await;
    let me = json_of(
        app.get_as(&plain.access, "/api/v1/me").await,
        StatusCode::OK,
    )
    .await;
    let body = assert_problem(
        app.post_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/teachers", c.class),
            Some(json!({"username": me["username"]})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["username"].is_string());
    let co = teacher(&app).await;
    let me = json_of(app.get_as(&co.access, "/api/v1/me").await, StatusCode::OK).await;
    json_of(
        app.post_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/teachers", c.class),
            Some(json!({"username": me["username"]})),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    grid(&app, &co, &c.class).await;
}

#[tokio::test]
async fn a_learner_can_be_in_several_classes() {
    let app = spawn().await;
    let t1 = teacher(&app).await;
    let t2 = teacher(&app).await;
    let one = create_class(&app, &t1, "Maths club").await;
    let two = create_class(&app, &t2, "Coding club").await;
    let s = app.learner().await;
    json_of(
        join(&app, &s, one["joinCode"].as_str().unwrap()).await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        join(&app, &s, two["joinCode"].as_str().unwrap()).await,
        StatusCode::CREATED,
    )
    .await;
    assign(
        &app,
        &t1,
        one["id"].as_str().unwrap(),
        json!({"kind": "item", "target": LESSON}),
    )
    .await;
    assign(
        &app,
        &t2,
        two["id"].as_str().unwrap(),
        json!({"kind": "item", "target": EXERCISE}),
    )
    .await;
    let listed = json_of(
        app.get_as(&s.access, "/api/v1/classes").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let mine = json_of(
        app.get_as(&s.access, "/api/v1/me/assignments").await,
        StatusCode::OK,
    )
    .await;
    let classes: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["className"].as_str().unwrap())
        .collect();
    assert_eq!(classes.len(), 2);
    assert!(classes.contains(&"Maths club") && classes.contains(&"Coding club"));
}

#[tokio::test]
async fn a_teacher_of_one_class_cannot_read_or_change_another() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let other = teacher(&app).await;
    create_class(&app, &other, "Theirs").await;
    let failed = attempt(&app, &c.students[0], EXERCISE, false).await;
    let stranger = app.learner().await;
    for who in [&other, &stranger] {
        for path in [
            format!("/api/v1/classes/{}", c.class),
            format!("/api/v1/classes/{}/members", c.class),
            format!("/api/v1/classes/{}/assignments", c.class),
            format!("/api/v1/classes/{}/grid", c.class),
            format!("/api/v1/classes/{}/stuck", c.class),
            format!(
                "/api/v1/classes/{}/students/{}",
                c.class, c.students[0].user_id
            ),
            format!("/api/v1/classes/{}/submissions/{failed}", c.class),
            format!("/api/v1/assignments/{}", c.assignment),
        ] {
            assert_problem(
                app.get_as(&who.access, &path).await,
                StatusCode::NOT_FOUND,
                "not_found",
            )
            .await;
        }
        for (method, path, body) in [
            (
                Method::PATCH,
                format!("/api/v1/classes/{}", c.class),
                Some(json!({"name": "Mine now"})),
            ),
            (Method::DELETE, format!("/api/v1/classes/{}", c.class), None),
            (
                Method::DELETE,
                format!(
                    "/api/v1/classes/{}/members/{}",
                    c.class, c.students[0].user_id
                ),
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/classes/{}/assignments", c.class),
                Some(json!({"kind": "item", "target": LESSON})),
            ),
            (
                Method::PATCH,
                format!("/api/v1/assignments/{}", c.assignment),
                Some(json!({"title": "Hijacked"})),
            ),
            (
                Method::DELETE,
                format!("/api/v1/assignments/{}", c.assignment),
                None,
            ),
        ] {
            assert_problem(
                send(&app, who, method, &path, body).await,
                StatusCode::NOT_FOUND,
                "not_found",
            )
            .await;
        }
    }
    // Nothing changed.
    let class = json_of(
        app.get_as(&c.teacher.access, &format!("/api/v1/classes/{}", c.class))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(class["name"], "Period 3");
    assert_eq!(class["students"], 2);
    let list = json_of(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/assignments", c.class),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["title"], "Greet the user");
    // A class that does not exist reads the same as one you cannot see.
    assert_problem(
        app.get_as(
            &other.access,
            &format!("/api/v1/classes/{}", Uuid::now_v7()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn a_student_cannot_read_the_grid_classmates_or_a_classmates_attempt() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    let failed = attempt(&app, b, EXERCISE, false).await;
    for path in [
        format!("/api/v1/classes/{}/grid", c.class),
        format!("/api/v1/classes/{}/stuck", c.class),
        format!("/api/v1/classes/{}/members", c.class),
        format!("/api/v1/classes/{}/students/{}", c.class, b.user_id),
        format!("/api/v1/classes/{}/submissions/{failed}", c.class),
    ] {
        assert_problem(
            app.get_as(&a.access, &path).await,
            StatusCode::FORBIDDEN,
            "class_teacher_only",
        )
        .await;
    }
    let r = app
        .client
        .get(app.url(&format!("/api/v1/classes/{}/grid?format=csv", c.class)))
        .bearer_auth(&a.access)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_problem(r, StatusCode::FORBIDDEN, "class_teacher_only").await;
    // The teacher reads it; an attempt at an item the class did not assign stays private.
    let s = json_of(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/submissions/{failed}", c.class),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(s["code"], "print('hi')");
    assert_eq!(s["userId"], b.user_id.as_str());
    let private = attempt(&app, b, SECOND_EXERCISE, false).await;
    assert_problem(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/submissions/{private}", c.class),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn assignments_come_from_an_exercise_a_lesson_or_a_module_and_bad_ones_change_nothing() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let t = &c.teacher;
    let lesson = assign(
        &app,
        t,
        &c.class,
        json!({"kind": "item", "target": item_id(&app, LESSON).to_string(),
        "title": "Read this first"}),
    )
    .await;
    assert_eq!(lesson["title"], "Read this first");
    assert_eq!(lesson["contentIds"], json!([item_id(&app, LESSON)]));
    let due = app.state.clock.now() + Duration::days(7);
    let module = assign(
        &app,
        t,
        &c.class,
        json!({"kind": "module", "target": MODULE, "dueAt": due,
        "allowLate": false, "allowedLanguages": ["python"]}),
    )
    .await;
    assert_eq!(module["contentIds"].as_array().unwrap().len(), 4);
    assert_eq!(module["allowLate"], false);
    assert_eq!(module["firstItemSlug"], LESSON);

    let opens = app.state.clock.now() + Duration::days(2);
    for (body, field) in [
        (json!({"kind": "item", "target": "no-such-thing"}), "target"),
        (
            json!({"kind": "module", "target": "no-such-module"}),
            "target",
        ),
        (json!({"kind": "project", "target": EXERCISE}), "kind"),
        (
            json!({"kind": "item", "target": EXERCISE, "opensAt": opens, "dueAt": opens - Duration::days(1)}),
            "dueAt",
        ),
        (
            json!({"kind": "item", "target": EXERCISE, "allowedLanguages": ["cobol"]}),
            "allowedLanguages",
        ),
        (
            json!({"kind": "item", "target": EXERCISE, "allowedLanguages": ["java"]}),
            "allowedLanguages",
        ),
        (
            json!({"kind": "item", "target": EXERCISE, "dueAt": "tomorrow"}),
            "dueAt",
        ),
        (json!({"kind": "item"}), "target"),
    ] {
        let problem = assert_problem(
            app.post_as(
                &t.access,
                &format!("/api/v1/classes/{}/assignments", c.class),
                Some(body.clone()),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(problem["fields"][field].is_string(), "{body} → {problem}");
    }
    // A student may not assign.
    assert_problem(
        app.post_as(
            &c.students[0].access,
            &format!("/api/v1/classes/{}/assignments", c.class),
            Some(json!({"kind": "item", "target": LESSON})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "class_teacher_only",
    )
    .await;
    let list = json_of(
        app.get_as(
            &t.access,
            &format!("/api/v1/classes/{}/assignments", c.class),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Due date first, then the undated in creation order.
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        vec!["First steps", "Greet the user", "Read this first"]
    );

    // Edit and delete.
    let id = lesson["id"].as_str().unwrap();
    let bad = assert_problem(
        send(
            &app,
            t,
            Method::PATCH,
            &format!("/api/v1/assignments/{id}"),
            Some(json!({"title": ""})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(bad["fields"]["title"].is_string());
    let edited = json_of(
        send(
            &app,
            t,
            Method::PATCH,
            &format!("/api/v1/assignments/{id}"),
            Some(json!({"dueAt": due, "allowLate": false})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(edited["allowLate"], false);
    assert_eq!(edited["title"], "Read this first");
    let r = send(
        &app,
        t,
        Method::DELETE,
        &format!("/api/v1/assignments/{id}"),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_problem(
        app.get_as(&t.access, &format!("/api/v1/assignments/{id}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn students_see_opened_assignments_and_what_is_due_on_the_dashboard() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let s = &c.students[0];
    let now = app.state.clock.now();
    let later = assign(
        &app,
        &c.teacher,
        &c.class,
        json!({"kind": "item", "target": LESSON,
        "opensAt": now + Duration::days(1), "dueAt": now + Duration::days(3)}),
    )
    .await;
    let mine = json_of(
        app.get_as(&s.access, "/api/v1/me/assignments").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        mine.as_array().unwrap().len(),
        1,
        "the unopened one is hidden: {mine}"
    );
    assert_eq!(mine[0]["status"], "not_started");
    assert_problem(
        app.get_as(
            &s.access,
            &format!("/api/v1/assignments/{}", later["id"].as_str().unwrap()),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let teacher_view = json_of(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/assignments", c.class),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(teacher_view.as_array().unwrap().len(), 2);

    app.clock.advance(Duration::days(1) + Duration::minutes(1));
    let dashboard = json_of(
        app.get_as(&s.access, "/api/v1/dashboard").await,
        StatusCode::OK,
    )
    .await;
    let due: Vec<&str> = dashboard["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    // Soonest due first; the undated exercise last.
    assert_eq!(due, vec!["Your first Python program", "Greet the user"]);
    assert!(
        dashboard["streak"].is_object(),
        "the rest of the dashboard is still there"
    );

    attempt(&app, s, EXERCISE, true).await;
    let dashboard = json_of(
        app.get_as(&s.access, "/api/v1/dashboard").await,
        StatusCode::OK,
    )
    .await;
    let due: Vec<&str> = dashboard["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        due,
        vec!["Your first Python program"],
        "done work leaves the dashboard"
    );
    let mine = json_of(
        app.get_as(&s.access, "/api/v1/me/assignments").await,
        StatusCode::OK,
    )
    .await;
    let done = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Greet the user")
        .unwrap();
    assert_eq!(done["status"], "done");
}

#[tokio::test]
async fn the_grid_shows_done_failing_in_progress_not_started_and_late() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    let third = app.learner().await;
    let class = json_of(
        app.get_as(&c.teacher.access, &format!("/api/v1/classes/{}", c.class))
            .await,
        StatusCode::OK,
    )
    .await;
    json_of(
        join(&app, &third, class["joinCode"].as_str().unwrap()).await,
        StatusCode::CREATED,
    )
    .await;
    let now = app.state.clock.now();
    let lesson = assign(
        &app,
        &c.teacher,
        &c.class,
        json!({"kind": "item", "target": LESSON,
        "dueAt": now + Duration::days(1)}),
    )
    .await;

    attempt(&app, a, EXERCISE, false).await;
    attempt(&app, a, EXERCISE, true).await;
    attempt(&app, b, EXERCISE, false).await;
    app.state
        .store
        .record_progress(
            uid(&third),
            item_id(&app, LESSON),
            ProgressUpdate {
                progress_percentage: 40,
                time_spent_seconds: 60,
                complete: false,
            },
            now,
        )
        .await
        .unwrap();

    let g = grid(&app, &c.teacher, &c.class).await;
    assert_eq!(g["rows"].as_array().unwrap().len(), 3);
    let col = |name: &str| {
        g["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .position(|x| x["title"] == name)
            .unwrap()
    };
    let (ex, le) = (col("Greet the user"), col("Your first Python program"));
    assert_eq!(g["assignments"][le]["id"], lesson["id"]);
    let cell = |who: &Login, i: usize| row(&g, who)["cells"][i].clone();
    assert_eq!(cell(a, ex)["status"], "done");
    assert_eq!(cell(a, ex)["attempts"], 2);
    assert_eq!(cell(b, ex)["status"], "failing");
    assert_eq!(cell(&third, ex)["status"], "not_started");
    assert_eq!(cell(&third, le)["status"], "in_progress");
    assert_eq!(cell(a, le)["late"], false);
    assert_eq!(row(&g, a)["done"], 1);

    // After the due date the unfinished lesson is late; finishing it then stays late.
    app.clock.advance(Duration::days(2));
    let g = grid(&app, &c.teacher, &c.class).await;
    assert_eq!(row(&g, a)["cells"][le]["late"], true);
    assert_eq!(row(&g, a)["cells"][le]["status"], "not_started");
    app.state
        .store
        .record_progress(
            uid(&third),
            item_id(&app, LESSON),
            ProgressUpdate {
                progress_percentage: 100,
                time_spent_seconds: 90,
                complete: true,
            },
            app.state.clock.now(),
        )
        .await
        .unwrap();
    let g = grid(&app, &c.teacher, &c.class).await;
    assert_eq!(row(&g, &third)["cells"][le]["status"], "done");
    assert_eq!(row(&g, &third)["cells"][le]["late"], true);

    // Sorted by how much is done.
    let sorted = json_of(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/grid?sort=done", c.class),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(sorted["rows"][2]["student"]["userId"], b.user_id.as_str());
    let bad = assert_problem(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/grid?sort=shoe-size", c.class),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(bad["fields"]["sort"].is_string());
}

#[tokio::test]
async fn late_work_does_not_count_when_the_teacher_refuses_it() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    let due = app.state.clock.now() + Duration::hours(1);
    send(
        &app,
        &c.teacher,
        Method::PATCH,
        &format!("/api/v1/assignments/{}", c.assignment),
        Some(json!({"dueAt": due, "allowLate": false})),
    )
    .await;
    attempt(&app, a, EXERCISE, true).await;
    attempt(&app, b, EXERCISE, false).await;
    app.clock.advance(Duration::hours(2));
    attempt(&app, b, EXERCISE, true).await;
    let g = grid(&app, &c.teacher, &c.class).await;
    assert_eq!(row(&g, a)["cells"][0]["status"], "done");
    assert_eq!(row(&g, a)["cells"][0]["late"], false);
    assert_eq!(
        row(&g, b)["cells"][0]["status"],
        "failing",
        "the late pass does not count"
    );
    assert_eq!(row(&g, b)["cells"][0]["late"], true);
    // Allowing late work again counts it, marked late.
    send(
        &app,
        &c.teacher,
        Method::PATCH,
        &format!("/api/v1/assignments/{}", c.assignment),
        Some(json!({"allowLate": true})),
    )
    .await;
    let g = grid(&app, &c.teacher, &c.class).await;
    assert_eq!(row(&g, b)["cells"][0]["status"], "done");
    assert_eq!(row(&g, b)["cells"][0]["late"], true);
}

#[tokio::test]
async fn the_grid_downloads_as_csv() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    attempt(&app, a, EXERCISE, true).await;
    attempt(&app, b, EXERCISE, false).await;
    for (query, accept) in [("", "text/csv"), ("?format=csv", "*/*")] {
        let r = app
            .client
            .get(app.url(&format!("/api/v1/classes/{}/grid{query}", c.class)))
            .bearer_auth(&c.teacher.access)
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert!(
            r.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("grid.csv")
        );
        let text = r.text().await.unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "username,name,Greet the user,done,stuck");
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().any(|l| l.ends_with(",done,1/1,")), "{text}");
        assert!(lines.iter().any(|l| l.ends_with(",failing,0/1,")), "{text}");
    }
}

#[tokio::test]
async fn who_is_stuck_lists_repeated_failures_and_idle_students() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    for _ in 0..3 {
        attempt(&app, a, EXERCISE, false).await;
    }
    let path = format!(
        "/api/v1/classes/{}/stuck?stuckAttempts=3&stuckDays=5",
        c.class
    );
    let stuck = json_of(app.get_as(&c.teacher.access, &path).await, StatusCode::OK).await;
    assert_eq!(stuck.as_array().unwrap().len(), 1, "{stuck}");
    assert_eq!(stuck[0]["student"]["userId"], a.user_id.as_str());
    assert_eq!(stuck[0]["stuck"]["reason"], "failed_attempts");
    assert_eq!(stuck[0]["stuck"]["failedAttempts"], 3);

    // Six days on, the student who never started is idle as well.
    app.clock.advance(Duration::days(6));
    let stuck = json_of(app.get_as(&c.teacher.access, &path).await, StatusCode::OK).await;
    let reasons: Vec<(&str, &str)> = stuck
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["student"]["userId"].as_str().unwrap(),
                r["stuck"]["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            (a.user_id.as_str(), "failed_attempts"),
            (b.user_id.as_str(), "idle")
        ]
    );
    // Finishing the work unsticks them.
    attempt(&app, b, EXERCISE, true).await;
    let stuck = json_of(app.get_as(&c.teacher.access, &path).await, StatusCode::OK).await;
    assert_eq!(stuck.as_array().unwrap().len(), 1);
    let bad = assert_problem(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/stuck?stuckDays=0", c.class),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(bad["fields"]["stuckDays"].is_string());
}

#[tokio::test]
async fn a_students_detail_shows_time_attempts_the_last_failing_test_and_a_tutor_count() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    let failed = attempt(&app, a, EXERCISE, false).await;
    // The tutor is asked a question; the teacher sees a count, never the words.
    let asked = app
        .post_as(
            &a.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "why does my greeting fail?",
            "context": {"code": "print('hi')", "language": "python"}})),
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    let d = json_of(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/students/{}", c.class, a.user_id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(d["tutorQuestions"], 1);
    assert_eq!(d["attempts"], 1);
    assert_eq!(
        d["assignments"][0]["lastFailedSubmissionId"],
        failed.to_string()
    );
    assert_eq!(
        d["assignments"][0]["lastFailingMessage"],
        "greets by name: print a greeting with the name"
    );
    assert!(!d.to_string().contains("why does my greeting fail"));
    attempt(&app, a, EXERCISE, true).await;
    let d = json_of(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/students/{}", c.class, a.user_id),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(d["timeSpentSeconds"], 120);
    assert_eq!(d["attempts"], 2);
    assert!(
        d["assignments"][0]["lastFailingMessage"].is_null(),
        "done: nothing failing"
    );
    // Only students of this class have a detail.
    let outsider = app.learner().await;
    for who in [&outsider.user_id, &c.teacher.user_id] {
        assert_problem(
            app.get_as(
                &c.teacher.access,
                &format!("/api/v1/classes/{}/students/{who}", c.class),
            )
            .await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    let _ = b;
}

#[tokio::test]
async fn deleting_a_class_keeps_the_students_own_progress() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let a = &c.students[0];
    attempt(&app, a, EXERCISE, true).await;
    assert_problem(
        send(
            &app,
            a,
            Method::DELETE,
            &format!("/api/v1/classes/{}", c.class),
            None,
        )
        .await,
        StatusCode::FORBIDDEN,
        "class_teacher_only",
    )
    .await;
    let r = send(
        &app,
        &c.teacher,
        Method::DELETE,
        &format!("/api/v1/classes/{}", c.class),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_problem(
        app.get_as(&a.access, &format!("/api/v1/classes/{}", c.class))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let progress = json_of(
        app.get_as(&a.access, "/api/v1/progress").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(progress.as_array().unwrap().len(), 1);
    let mine = json_of(
        app.get_as(&a.access, "/api/v1/me/assignments").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine, json!([]));
}

async fn comment(app: &TestApp, who: &Login, body: Value) -> reqwest::Response {
    app.post_as(&who.access, "/api/v1/comments", Some(body))
        .await
}

async fn unread(app: &TestApp, who: &Login) -> i64 {
    json_of(
        app.get_as(&who.access, "/api/v1/notifications/count").await,
        StatusCode::OK,
    )
    .await["unread"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_teacher_comments_on_a_failing_line_and_the_student_replies_in_the_thread() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    let failed = attempt(&app, a, EXERCISE, false).await;
    let target = format!("submission:{failed}");
    let made = json_of(
        comment(
            &app,
            &c.teacher,
            json!({"target": target, "startLine": 1, "endLine": 1,
            "body": "What should this print for the name you read?"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(made["startLine"], 1);
    assert_eq!(made["resolved"], false);

    // The author is notified in the app.
    assert_eq!(unread(&app, a).await, 1);
    let list = json_of(
        app.get_as(&a.access, "/api/v1/notifications").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"][0]["link"], format!("/review/{target}"));
    assert!(
        list["items"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 1")
    );

    // The student reads the thread and their code, and replies.
    let threads = json_of(
        app.get_as(&a.access, &format!("/api/v1/comments?target={target}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        threads[0]["body"],
        "What should this print for the name you read?"
    );
    let code = json_of(
        app.get_as(&a.access, &format!("/api/v1/submissions/{failed}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(code["code"], "print('hi')");
    let reply = json_of(
        comment(
            &app,
            a,
            json!({"target": target, "body": "Hello and the name!", "parentId": made["id"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(reply["startLine"], 1, "a reply sits on its thread's lines");
    assert_eq!(unread(&app, &c.teacher).await, 1);
    // The author cannot start threads on their own code.
    let own = assert_problem(
        comment(
            &app,
            a,
            json!({"target": target, "startLine": 1, "endLine": 1, "body": "note to self"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(own["fields"]["parentId"].is_string());

    let threads = json_of(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/comments?target={target}"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(threads.as_array().unwrap().len(), 1);
    assert_eq!(threads[0]["replies"][0]["body"], "Hello and the name!");

    // Resolve the thread; a new attempt is a new target: the comment stays on the old code.
    let id = made["id"].as_str().unwrap();
    let resolved = json_of(
        send(
            &app,
            a,
            Method::PATCH,
            &format!("/api/v1/comments/{id}"),
            Some(json!({"resolved": true})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(resolved["resolved"], true);
    let passed = attempt(&app, a, EXERCISE, true).await;
    let on_new = json_of(
        app.get_as(
            &a.access,
            &format!("/api/v1/comments?target=submission:{passed}"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(on_new, json!([]));
    // Only its author edits a comment's words.
    let edit = assert_problem(
        send(
            &app,
            a,
            Method::PATCH,
            &format!("/api/v1/comments/{id}"),
            Some(json!({"body": "changed"})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(edit["fields"]["body"].is_string());

    // Read all.
    let r = json_of(
        app.post_as(&a.access, "/api/v1/notifications/read", Some(json!({})))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["unread"], 0);
    let _ = b;
}

#[tokio::test]
async fn nobody_else_reads_or_writes_review_comments() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    let failed = attempt(&app, a, EXERCISE, false).await;
    let target = format!("submission:{failed}");
    let made = json_of(
        comment(
            &app,
            &c.teacher,
            json!({"target": target, "startLine": 1, "endLine": 1, "body": "Look here"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = made["id"].as_str().unwrap();
    let other_teacher = teacher(&app).await;
    create_class(&app, &other_teacher, "Elsewhere").await;
    for who in [b, &other_teacher] {
        assert_problem(
            app.get_as(&who.access, &format!("/api/v1/comments?target={target}"))
                .await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_problem(
            app.get_as(&who.access, &format!("/api/v1/submissions/{failed}"))
                .await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_problem(
            comment(
                &app,
                who,
                json!({"target": target, "startLine": 1, "endLine": 1, "body": "sneaky"}),
            )
            .await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_problem(
            send(
                &app,
                who,
                Method::PATCH,
                &format!("/api/v1/comments/{id}"),
                Some(json!({"resolved": true})),
            )
            .await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    // Nothing changed.
    let threads = json_of(
        app.get_as(&a.access, &format!("/api/v1/comments?target={target}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(threads.as_array().unwrap().len(), 1);
    assert_eq!(threads[0]["resolved"], false);
    // Notifications are the caller's own: marking another's ids read does nothing.
    let theirs = json_of(
        app.get_as(&a.access, "/api/v1/notifications").await,
        StatusCode::OK,
    )
    .await;
    let nid = theirs["items"][0]["id"].clone();
    app.post_as(
        &b.access,
        "/api/v1/notifications/read",
        Some(json!({"ids": [nid]})),
    )
    .await;
    assert_eq!(unread(&app, a).await, 1);

    // Bad input names the field.
    for (body, field) in [
        (
            json!({"target": target, "startLine": 0, "endLine": 1, "body": "x"}),
            "startLine",
        ),
        (
            json!({"target": target, "startLine": 1, "endLine": 9, "body": "x"}),
            "endLine",
        ),
        (
            json!({"target": target, "startLine": 1, "endLine": 1, "body": ""}),
            "body",
        ),
        (
            json!({"target": "submission:nope", "startLine": 1, "endLine": 1, "body": "x"}),
            "target",
        ),
        (
            json!({"target": "exercise:1", "startLine": 1, "endLine": 1, "body": "x"}),
            "target",
        ),
        (
            json!({"target": target, "body": "x", "parentId": Uuid::now_v7()}),
            "parentId",
        ),
    ] {
        let p = assert_problem(
            comment(&app, &c.teacher, body.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(p["fields"][field].is_string(), "{body} → {p}");
    }
    let threads = json_of(
        app.get_as(
            &c.teacher.access,
            &format!("/api/v1/comments?target={target}"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(threads.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_paired_peer_reviews_a_classmates_attempt() {
    let app = spawn().await;
    let c = classroom(&app).await;
    let [a, b] = &c.students;
    let failed = attempt(&app, a, EXERCISE, false).await;
    let target = format!("submission:{failed}");
    assert_problem(
        app.get_as(&b.access, &format!("/api/v1/submissions/{failed}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Students cannot pair themselves; bad ids name the field.
    assert_problem(
        app.post_as(
            &b.access,
            &format!("/api/v1/classes/{}/review-pairs", c.class),
            Some(json!({"reviewerId": b.user_id, "revieweeId": a.user_id})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "class_teacher_only",
    )
    .await;
    let p = assert_problem(
        app.post_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/review-pairs", c.class),
            Some(json!({"reviewerId": b.user_id, "revieweeId": c.teacher.user_id})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(p["fields"]["revieweeId"].is_string());
    let r = app
        .post_as(
            &c.teacher.access,
            &format!("/api/v1/classes/{}/review-pairs", c.class),
            Some(json!({"reviewerId": b.user_id, "revieweeId": a.user_id})),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let code = json_of(
        app.get_as(&b.access, &format!("/api/v1/submissions/{failed}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(code["code"], "print('hi')");
    json_of(
        comment(
            &app,
            b,
            json!({"target": target, "startLine": 1, "endLine": 1, "body": "Try input() first"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(unread(&app, a).await, 1);
    // The pairing is one way: a may not read b's work.
    let theirs = attempt(&app, b, EXERCISE, false).await;
    assert_problem(
        app.get_as(&a.access, &format!("/api/v1/submissions/{theirs}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Unpaired, the peer loses access.
    let r = send(
        &app,
        &c.teacher,
        Method::DELETE,
        &format!(
            "/api/v1/classes/{}/review-pairs/{}/{}",
            c.class, b.user_id, a.user_id
        ),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_problem(
        app.get_as(&b.access, &format!("/api/v1/comments?target={target}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
