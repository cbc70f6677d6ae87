use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, shared_sandbox};

const FIRST_PY_EXERCISE: &str = "python-ex-greeting";

fn reference_solution(slug: &str) -> String {
    let path = format!(
        "{}/../../content/python/exercises/{slug}/solution.py",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("reference solution")
}

async fn get(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::Response {
    app.request(Method::GET, path, None, token).await
}

#[tokio::test]
async fn anyone_can_browse_the_four_tracks_in_order() {
    let app = TestApp::spawn().await;
    let tracks: Vec<Value> = get(&app, None, "/api/v1/tracks")
        .await
        .json()
        .await
        .unwrap();
    let mut slugs: Vec<&str> = tracks.iter().map(|t| t["slug"].as_str().unwrap()).collect();
    slugs.sort();
    assert_eq!(slugs, ["cpp", "java", "javascript", "python"]);
    assert!(
        tracks
            .iter()
            .all(|t| t["itemCount"].as_u64().unwrap() >= 24)
    );

    let python: Value = get(&app, None, "/api/v1/tracks/python")
        .await
        .json()
        .await
        .unwrap();
    let first = &python["modules"][0]["items"][0];
    assert_eq!(first["type"], "lesson");
    assert_eq!(
        first["locked"], false,
        "the first item has no prerequisites"
    );
    assert_problem(
        get(&app, None, "/api/v1/tracks/cobol").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn an_exercise_never_reveals_its_tests_or_solution() {
    let app = TestApp::spawn().await;
    let response = get(&app, None, &format!("/api/v1/content/{FIRST_PY_EXERCISE}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    let item: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(item["type"], "exercise");
    assert!(item["starterCode"]["python"].is_string());
    assert!(!item["hints"].as_array().unwrap().is_empty());
    let solution = reference_solution(FIRST_PY_EXERCISE);
    let tests = std::fs::read_to_string(format!(
        "{}/../../content/python/exercises/{FIRST_PY_EXERCISE}/tests.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    // The statement and starter may show the worked example on purpose; nothing else
    // may carry a test's expected output.
    let mut without_statement = item.clone();
    without_statement["body"] = json!("");
    without_statement["starterCode"] = json!({});
    let rest = without_statement.to_string();
    for expected in toml_like::parse(&tests).expected {
        assert!(
            !rest.contains(expected.trim()),
            "expected output leaked: {expected}"
        );
    }
    for key in ["tests", "solution", "expected", "stdin", "wrong"] {
        assert!(item.get(key).is_none(), "{key} must not be sent");
    }
    assert!(!text.contains(solution.trim()), "reference solution leaked");
    // The same item by its permanent id.
    let by_id: Value = get(
        &app,
        None,
        &format!("/api/v1/content/{}", item["id"].as_str().unwrap()),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(by_id["slug"], FIRST_PY_EXERCISE);
}

/// Just enough TOML reading for the leak check (the expected outputs of each test).
mod toml_like {
    pub struct Tests {
        pub expected: Vec<String>,
    }
    pub fn parse(text: &str) -> Tests {
        let expected = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("expected = "))
            .map(|v| v.trim_matches('"').replace("\\n", "\n"))
            .filter(|v| v.trim().len() > 3)
            .collect();
        Tests { expected }
    }
}

#[tokio::test]
async fn a_learner_fails_then_passes_an_exercise_and_it_completes() {
    assert!(
        shared_sandbox().is_some(),
        "the sandbox must work where tests run"
    );
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let item: Value = get(&app, None, &format!("/api/v1/content/{FIRST_PY_EXERCISE}"))
        .await
        .json()
        .await
        .unwrap();
    let starter = item["starterCode"]["python"].as_str().unwrap();

    let path = format!("/api/v1/exercises/{FIRST_PY_EXERCISE}/submissions");
    let failed: Value = app
        .post_as(
            &ada.access,
            &path,
            Some(json!({"language": "python", "code": starter})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(failed["passed"], false);
    let failing: Vec<&Value> = failed["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["passed"] == false)
        .collect();
    assert!(!failing.is_empty());
    assert!(
        failing
            .iter()
            .all(|t| t["message"].as_str().is_some_and(|m| !m.is_empty()))
    );
    assert_eq!(failed["completed"], false);

    let passed: Value = app
        .post_as(
            &ada.access,
            &path,
            Some(json!({"language": "python", "code": reference_solution(FIRST_PY_EXERCISE)})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(passed["passed"], true, "{passed}");
    assert_eq!(passed["completed"], true);
    assert!(
        passed["tests"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["passed"] == true)
    );

    let progress: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/progress")
        .await
        .json()
        .await
        .unwrap();
    let entry = progress
        .iter()
        .find(|p| p["slug"] == FIRST_PY_EXERCISE)
        .expect("progress entry");
    assert_eq!(entry["progressPercentage"], 100);
    assert!(entry["completedAt"].is_string());
    let attempts: Vec<Value> = app.get_as(&ada.access, &path).await.json().await.unwrap();
    assert_eq!(attempts.len(), 2, "attempts are kept");
    let tracks: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/tracks")
        .await
        .json()
        .await
        .unwrap();
    let python = tracks.iter().find(|t| t["slug"] == "python").unwrap();
    assert_eq!(python["completedCount"], 1);
}

#[tokio::test]
async fn a_submission_in_the_wrong_language_or_for_a_lesson_is_refused() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let path = format!("/api/v1/exercises/{FIRST_PY_EXERCISE}/submissions");
    let wrong = app
        .post_as(
            &ada.access,
            &path,
            Some(json!({"language": "java", "code": "x"})),
        )
        .await;
    let body = assert_problem(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["fields"]["language"].is_string());
    let lesson = app
        .post_as(
            &ada.access,
            "/api/v1/exercises/python-hello-world/submissions",
            Some(json!({"language": "python", "code": "x"})),
        )
        .await;
    assert_problem(lesson, StatusCode::NOT_FOUND, "not_found").await;
    let unknown = app
        .post_as(
            &ada.access,
            "/api/v1/exercises/no-such-exercise/submissions",
            Some(json!({"language": "python", "code": "x"})),
        )
        .await;
    assert_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn progress_is_validated_and_never_goes_backwards() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let lesson: Value = get(&app, None, "/api/v1/content/python-hello-world")
        .await
        .json()
        .await
        .unwrap();
    let id = lesson["id"].as_str().unwrap();
    let path = format!("/api/v1/progress/{id}");
    for (body, field) in [
        (
            json!({"progressPercentage": 101, "timeSpentSeconds": 1}),
            "progressPercentage",
        ),
        (
            json!({"progressPercentage": -1, "timeSpentSeconds": 1}),
            "progressPercentage",
        ),
        (
            json!({"progressPercentage": 50, "timeSpentSeconds": -5}),
            "timeSpentSeconds",
        ),
        (
            json!({"progressPercentage": "half", "timeSpentSeconds": 1}),
            "progressPercentage",
        ),
    ] {
        let r = app
            .request(Method::PUT, &path, Some(body), Some(&ada.access))
            .await;
        let problem =
            assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(problem["fields"][field].is_string(), "{problem}");
    }
    let first: Value = app
        .request(
            Method::PUT,
            &path,
            Some(json!({"progressPercentage": 60, "timeSpentSeconds": 90})),
            Some(&ada.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["progressPercentage"], 60);
    let lower: Value = app
        .request(
            Method::PUT,
            &path,
            Some(json!({"progressPercentage": 20, "timeSpentSeconds": 30})),
            Some(&ada.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lower["progressPercentage"], 60);
    assert_eq!(lower["timeSpentSeconds"], 90);
    let done: Value = app
        .post_as(&ada.access, &format!("{path}/complete"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(done["progressPercentage"], 100);
    let after: Value = app
        .request(
            Method::PUT,
            &path,
            Some(json!({"progressPercentage": 10, "timeSpentSeconds": 100})),
            Some(&ada.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        after["progressPercentage"], 100,
        "completion is never undone"
    );
    assert!(after["completedAt"].is_string());

    let unknown = app
        .request(
            Method::PUT,
            "/api/v1/progress/0196a4a0-0000-7000-8000-000000000000",
            Some(json!({"progressPercentage": 1, "timeSpentSeconds": 1})),
            Some(&ada.access),
        )
        .await;
    assert_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn an_exercise_cannot_be_marked_complete_without_passing() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let item: Value = get(&app, None, &format!("/api/v1/content/{FIRST_PY_EXERCISE}"))
        .await
        .json()
        .await
        .unwrap();
    let r = app
        .post_as(
            &ada.access,
            &format!("/api/v1/progress/{}/complete", item["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_problem(r, StatusCode::CONFLICT, "exercise_needs_submission").await;
}

#[tokio::test]
async fn a_learners_progress_and_bookmarks_are_their_own() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let lesson: Value = get(&app, None, "/api/v1/content/python-hello-world")
        .await
        .json()
        .await
        .unwrap();
    let id = lesson["id"].as_str().unwrap();
    app.post_as(
        &ada.access,
        &format!("/api/v1/progress/{id}/complete"),
        None,
    )
    .await;
    let put = app
        .request(
            Method::PUT,
            &format!("/api/v1/bookmarks/{id}"),
            None,
            Some(&ada.access),
        )
        .await;
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    let again = app
        .request(
            Method::PUT,
            &format!("/api/v1/bookmarks/{id}"),
            None,
            Some(&ada.access),
        )
        .await;
    assert_eq!(again.status(), StatusCode::NO_CONTENT, "idempotent");

    let adas: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/bookmarks")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(adas.len(), 1);
    let bobs: Vec<Value> = app
        .get_as(&bob.access, "/api/v1/bookmarks")
        .await
        .json()
        .await
        .unwrap();
    assert!(bobs.is_empty());
    let bob_progress: Vec<Value> = app
        .get_as(&bob.access, "/api/v1/progress")
        .await
        .json()
        .await
        .unwrap();
    assert!(bob_progress.is_empty());
    let bob_delete = app
        .request(
            Method::DELETE,
            &format!("/api/v1/bookmarks/{id}"),
            None,
            Some(&bob.access),
        )
        .await;
    assert_problem(bob_delete, StatusCode::NOT_FOUND, "not_found").await;
    let viewed: Value = get(
        &app,
        Some(&ada.access),
        "/api/v1/content/python-hello-world",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(viewed["bookmarked"], true);
    assert_eq!(viewed["completed"], true);
}

#[tokio::test]
async fn content_filters_and_pages() {
    let app = TestApp::spawn().await;
    let page: Value = get(
        &app,
        None,
        "/api/v1/content?track=java&type=exercise&perPage=5&page=2",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(page["page"], 2);
    assert_eq!(page["perPage"], 5);
    assert!(page["total"].as_u64().unwrap() >= 12);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert!(
        items
            .iter()
            .all(|i| i["type"] == "exercise" && i["track"] == "java")
    );
    let bad = get(&app, None, "/api/v1/content?perPage=500").await;
    let problem = assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(problem["fields"]["perPage"].is_string());
    let bad = get(&app, None, "/api/v1/content?difficulty=impossible").await;
    assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn next_follows_the_path_and_quizzes_explain_answers() {
    let app = TestApp::spawn().await;
    let python: Value = get(&app, None, "/api/v1/tracks/python")
        .await
        .json()
        .await
        .unwrap();
    let first = python["modules"][0]["items"][0]["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = python["modules"][0]["items"][1]["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let next: Value = get(&app, None, &format!("/api/v1/content/{first}/next"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(next["slug"], second.as_str());

    let lesson: Value = get(&app, None, &format!("/api/v1/content/{first}"))
        .await
        .json()
        .await
        .unwrap();
    let questions = lesson["quiz"].as_array().unwrap();
    assert!(!questions.is_empty(), "the first lesson has a quiz");
    assert!(
        lesson["quiz"][0].get("answer").is_none(),
        "answers are not sent"
    );
    let answers: Vec<usize> = vec![0; questions.len()];
    let feedback: Vec<Value> = app
        .post(
            &format!("/api/v1/content/{first}/quiz"),
            json!({"answers": answers}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(feedback.len(), questions.len());
    assert!(
        feedback
            .iter()
            .all(|f| f["explanation"].as_str().is_some_and(|e| !e.is_empty()))
    );
    let out_of_range = app
        .post(
            &format!("/api/v1/content/{first}/quiz"),
            json!({"answers": vec![99; questions.len()]}),
        )
        .await;
    assert_problem(
        out_of_range,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

/// The hidden tests' inputs of a Python exercise, read from its tests.toml.
fn hidden_inputs(slug: &str) -> Vec<String> {
    let path = format!(
        "{}/../../content/python/exercises/{slug}/tests.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).expect("tests.toml");
    text.lines()
        .filter_map(|l| l.strip_prefix("stdin = \""))
        .map(|v| v.trim_end_matches('"').replace("\\n", "\n"))
        .map(|v| v.trim().to_string())
        .filter(|v| v.len() >= 3)
        .collect()
}

#[tokio::test]
async fn a_program_that_echoes_a_hidden_input_cannot_read_it_from_the_response_or_the_tutor() {
    assert!(
        shared_sandbox().is_some(),
        "the sandbox must work where tests run"
    );
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let inputs = hidden_inputs(FIRST_PY_EXERCISE);
    assert!(!inputs.is_empty());
    let spy = "import sys\ndata = sys.stdin.read()\nprint(data)\nsys.stderr.write(data)\nraise ValueError(data)\n";
    let path = format!("/api/v1/exercises/{FIRST_PY_EXERCISE}/submissions");
    let response = app
        .post_as(
            &ada.access,
            &path,
            Some(json!({"language": "python", "code": spy})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    let parsed: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(parsed["passed"], false);
    assert!(
        parsed["tests"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["name"].is_string() && t["message"].is_string()),
        "each test still has its name and message: {body}"
    );
    for input in &inputs {
        assert!(
            !body.contains(input.as_str()),
            "the response shows the hidden input {input:?}: {body}"
        );
    }
    let tutor = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "what is wrong?", "context": {"language": "python", "code": spy, "contentId": FIRST_PY_EXERCISE}})),
        )
        .await
        .text()
        .await
        .unwrap();
    for input in &inputs {
        assert!(
            !tutor.contains(input.as_str()),
            "the tutor repeats the hidden input {input:?}: {tutor}"
        );
    }
}

#[tokio::test]
async fn a_syntax_error_is_one_did_not_run_message_naming_its_line_and_no_test_runs() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let path = format!("/api/v1/exercises/{FIRST_PY_EXERCISE}/submissions");
    let code = "name = input()\n\nprint(\"Hello, \" + name\n";
    let result: Value = app
        .post_as(
            &ada.access,
            &path,
            Some(json!({"language": "python", "code": code})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(result["passed"], false);
    let did_not_run = &result["didNotRun"];
    assert_eq!(did_not_run["reason"], "syntax_error", "{result}");
    assert_eq!(did_not_run["line"], 3, "{result}");
    assert!(
        did_not_run["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("SyntaxError")),
        "{result}"
    );
    assert!(
        did_not_run["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Your program did not run") && m.contains("line 3")),
        "{result}"
    );
    let tests = result["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 3);
    assert!(
        tests
            .iter()
            .all(|t| t["notRun"] == true && t["message"].is_null() && t["passed"] == false),
        "no test repeats its hint with the crash: {result}"
    );

    let logic_bug = "print('Hello ' + input())\n";
    let failed: Value = app
        .post_as(
            &ada.access,
            &path,
            Some(json!({"language": "python", "code": logic_bug})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(failed["didNotRun"].is_null(), "{failed}");
    assert!(
        failed["tests"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["notRun"] == false && t["message"].is_string()),
        "{failed}"
    );
}

/// A copy of `content/` whose `python-ex-greeting` has its first test ("Ada") marked visible.
fn content_with_a_visible_greeting_test() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
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
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    copy(&root, dir.path());
    let tests = dir
        .path()
        .join("python/exercises/python-ex-greeting/tests.toml");
    let text = std::fs::read_to_string(&tests).unwrap();
    let marked = text.replacen(
        "expected = \"Hello, Ada!\\n\"\n",
        "expected = \"Hello, Ada!\\n\"\nvisible = true\n",
        1,
    );
    assert_ne!(marked, text, "the first test is marked visible");
    std::fs::write(&tests, marked).unwrap();
    dir
}

#[tokio::test]
async fn a_failed_visible_test_shows_expected_and_actual_and_a_hidden_test_neither() {
    let content = content_with_a_visible_greeting_test();
    let dir = content.path().to_path_buf();
    let app = TestApp::spawn_with(move |c| c.content_dir = Some(dir)).await;
    let ada = app.learner().await;
    let path = format!("/api/v1/exercises/{FIRST_PY_EXERCISE}/submissions");
    let hidden: Vec<String> = hidden_inputs(FIRST_PY_EXERCISE)
        .into_iter()
        .filter(|i| i != "Ada")
        .collect();
    assert_eq!(hidden.len(), 2, "{hidden:?}");
    // Echoes its input to stdout and stderr, and the wrong greeting.
    let spy = "import sys\ndata = sys.stdin.read()\nprint(data)\nsys.stderr.write(data)\nprint('Hi, ' + data.strip())\n";
    let response = app
        .post_as(
            &ada.access,
            &path,
            Some(json!({"language": "python", "code": spy})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    let result: Value = serde_json::from_str(&body).unwrap();
    let tests = result["tests"].as_array().unwrap();
    assert_eq!(tests[0]["passed"], false, "{body}");
    assert_eq!(tests[0]["expected"], "Hello, Ada!\n", "{body}");
    assert_eq!(tests[0]["actual"], "Ada\n\nHi, Ada\n", "{body}");
    for t in &tests[1..] {
        assert_eq!(t["passed"], false, "{body}");
        assert!(
            t.get("expected").is_none() && t.get("actual").is_none(),
            "{body}"
        );
    }
    for input in &hidden {
        assert!(
            !body.contains(input.as_str()),
            "the response shows {input:?}: {body}"
        );
    }
    let attempts = app.get_as(&ada.access, &path).await.text().await.unwrap();
    assert!(
        attempts.contains("Hi, Ada"),
        "the visible test's output is kept: {attempts}"
    );
    for input in &hidden {
        assert!(
            !attempts.contains(input.as_str()),
            "the attempts show {input:?}: {attempts}"
        );
    }

    let long = format!("print('x' * {})\n", 10 * 1024);
    let clipped: Value = app
        .post_as(
            &ada.access,
            &path,
            Some(json!({"language": "python", "code": long})),
        )
        .await
        .json()
        .await
        .unwrap();
    let actual = clipped["tests"][0]["actual"].as_str().unwrap();
    assert_eq!(actual.len(), 4 * 1024);
    assert_eq!(clipped["tests"][0]["clipped"], true);
}

#[tokio::test]
async fn an_exercise_tells_run_how_its_files_are_laid_out() {
    let app = TestApp::spawn().await;
    let plain: Value = get(&app, None, &format!("/api/v1/content/{FIRST_PY_EXERCISE}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        plain["runLayout"],
        json!({"entry": "main.py", "learnerFile": "main.py", "files": []})
    );
    let driven: Value = get(&app, None, "/api/v1/content/python-ex-temperature")
        .await
        .json()
        .await
        .unwrap();
    let layout = &driven["runLayout"];
    assert_eq!(layout["entry"], "main.py", "{layout}");
    assert_eq!(layout["learnerFile"], "solution.py", "{layout}");
    assert_eq!(layout["files"][0]["path"], "main.py", "{layout}");
    assert!(
        layout["files"][0]["content"]
            .as_str()
            .is_some_and(|d| d.contains("from solution import")),
        "{layout}"
    );
    let lesson: Value = get(&app, None, "/api/v1/content/python-hello-world")
        .await
        .json()
        .await
        .unwrap();
    assert!(lesson.get("runLayout").is_none());
}
