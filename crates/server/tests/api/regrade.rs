//! Re-grading an assignment for the whole class (`POST /api/v1/assignments/{id}/regrade`):
//! attempts stored with the verdicts an older version of the exercise gave are graded
//! again in the real sandbox, through the queue's bulk lane, and the grid follows the new
//! verdicts. Teachers of the class only.

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use codestead_store::accounts::Role;
use codestead_store::learning::{NewSubmission, ProgressUpdate};

use crate::helpers::{Login, TestApp, assert_problem, shared_sandbox};

const EXERCISE: &str = "python-ex-greeting";

fn uid(who: &Login) -> Uuid {
    who.user_id.parse().unwrap()
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

/// A class of `teacher` with `students` joined and one assignment of `EXERCISE`:
/// (class id, assignment id).
async fn class_with(app: &TestApp, teacher: &Login, students: &[&Login]) -> (String, String) {
    let class = json_of(
        app.post_as(
            &teacher.access,
            "/api/v1/classes",
            Some(json!({"name": "Period 5"})),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    for s in students {
        json_of(
            app.post_as(
                &s.access,
                "/api/v1/classes/join",
                Some(json!({"code": class["joinCode"]})),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
    let id = class["id"].as_str().unwrap().to_owned();
    let assignment = json_of(
        app.post_as(
            &teacher.access,
            &format!("/api/v1/classes/{id}/assignments"),
            Some(json!({"kind": "item", "target": EXERCISE})),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    (id, assignment["id"].as_str().unwrap().to_owned())
}

/// An attempt stored with the verdict an older version of the exercise gave it; a pass
/// also completed the item, as grading does.
async fn old_verdict(app: &TestApp, who: &Login, code: &str, passed: bool) -> Uuid {
    let content = app.state.learning.curriculum().item(EXERCISE).unwrap().id;
    let now = app.state.clock.now();
    let s = app
        .state
        .store
        .insert_submission(
            NewSubmission {
                user_id: uid(who),
                content_id: content,
                language: "python",
                code,
                passed,
                results: json!([{"name": "an old test", "passed": passed, "message": null}]),
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
                    time_spent_seconds: 60,
                    complete: true,
                },
                now,
            )
            .await
            .unwrap();
    }
    s.id
}

async fn cell_status(app: &TestApp, who: &Login, class: &str, student: &Login) -> Value {
    let g = json_of(
        app.get_as(&who.access, &format!("/api/v1/classes/{class}/grid"))
            .await,
        StatusCode::OK,
    )
    .await;
    g["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["student"]["userId"] == student.user_id.as_str())
        .unwrap_or_else(|| panic!("no row for {} in {g}", student.user_id))["cells"][0]["status"]
        .clone()
}

async fn regrade(app: &TestApp, who: &Login, assignment: &str, wait: bool) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(&format!("/api/v1/assignments/{assignment}/regrade")))
        .bearer_auth(&who.access);
    if wait {
        request = request.header("Prefer", "wait=60");
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_regrade_judges_each_students_attempts_again_and_the_grid_follows() {
    assert!(
        shared_sandbox().is_some(),
        "the sandbox must work where `make test` runs"
    );
    let app = TestApp::spawn().await;
    let t = teacher(&app).await;
    let [a, b, c] = [
        app.learner().await,
        app.learner().await,
        app.learner().await,
    ];
    let (class, assignment) = class_with(&app, &t, &[&a, &b, &c]).await;
    let solution = app
        .state
        .learning
        .curriculum()
        .item(EXERCISE)
        .unwrap()
        .exercise
        .as_ref()
        .unwrap()
        .solution
        .clone();
    // Under the old tests `a`'s wrong program passed and `b`'s right one failed; `c` failed,
    // then passed with a program the exercise still accepts, then tried something else.
    let a_attempt = old_verdict(&app, &a, "print('hi')", true).await;
    old_verdict(&app, &b, &solution, false).await;
    old_verdict(&app, &c, "print('hi')", false).await;
    old_verdict(&app, &c, &solution, true).await;
    old_verdict(&app, &c, "print(1/0)", false).await;
    assert_eq!(cell_status(&app, &t, &class, &a).await, "done");
    assert_eq!(cell_status(&app, &t, &class, &b).await, "failing");
    assert_eq!(cell_status(&app, &t, &class, &c).await, "done");

    // Nobody else starts one: a student is refused, a teacher of another class is told
    // there is no such assignment; nothing was started.
    assert_problem(
        regrade(&app, &a, &assignment, false).await,
        StatusCode::FORBIDDEN,
        "class_teacher_only",
    )
    .await;
    let stranger = teacher(&app).await;
    class_with(&app, &stranger, &[]).await;
    assert_problem(
        regrade(&app, &stranger, &assignment, false).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        app.get_as(
            &t.access,
            &format!("/api/v1/assignments/{assignment}/regrade"),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let done = json_of(regrade(&app, &t, &assignment, true).await, StatusCode::OK).await;
    assert_eq!(done["status"], "done", "{done}");
    // a's one attempt, b's one, c's newest and c's pass: c's first failure counts for nothing.
    assert_eq!(done["total"], 4, "{done}");
    assert_eq!(done["graded"], 4);
    assert_eq!(done["errors"], 0);
    assert_eq!(done["passed"], 2, "b's program and c's pass: {done}");
    assert_eq!(done["failed"], 2, "{done}");
    assert!(done["finishedAt"].is_string());

    assert_eq!(cell_status(&app, &t, &class, &a).await, "failing");
    assert_eq!(cell_status(&app, &t, &class, &b).await, "done");
    assert_eq!(cell_status(&app, &t, &class, &c).await, "done");
    // The attempt keeps what the learner was told, and shows the re-grade beside it.
    let read = json_of(
        app.get_as(
            &t.access,
            &format!("/api/v1/classes/{class}/submissions/{a_attempt}"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(read["passed"], true);
    assert_eq!(read["regrade"]["passed"], false, "{read}");
    assert!(read["regrade"]["results"].as_array().unwrap().len() > 1);
    // The student's own list of assignments follows the grid.
    let mine = json_of(
        app.get_as(&a.access, "/api/v1/me/assignments").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine[0]["status"], "failing", "{mine}");

    // The teacher page reads the newest re-grade; the runs went through the bulk lane.
    let status = json_of(
        app.get_as(
            &t.access,
            &format!("/api/v1/assignments/{assignment}/regrade"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(status["id"], done["id"]);
    assert_eq!(status["status"], "done");
    assert!(
        app.metrics()
            .await
            .lines()
            .any(|l| l.starts_with("execution_run_seconds_count{lane=\"bulk\"}")),
        "no run in the bulk lane"
    );
}

#[tokio::test]
async fn an_empty_class_regrades_nothing_and_without_waiting_the_answer_comes_at_once() {
    let app = TestApp::spawn().await;
    let t = teacher(&app).await;
    let (_, assignment) = class_with(&app, &t, &[]).await;
    let waited = json_of(regrade(&app, &t, &assignment, true).await, StatusCode::OK).await;
    assert_eq!(waited["status"], "done");
    assert_eq!(waited["total"], 0);
    assert_eq!(waited["assignmentId"], assignment.as_str());
    // The finished one is not returned again: a new re-grade starts, answered at once.
    let started = json_of(
        regrade(&app, &t, &assignment, false).await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_ne!(started["id"], waited["id"]);
}
