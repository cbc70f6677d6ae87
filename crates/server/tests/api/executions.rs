use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, shared_sandbox};

fn require_sandbox() -> bool {
    if shared_sandbox().is_none() {
        panic!("the sandbox must work where `make test` runs (scripts/setup.sh installs it)");
    }
    true
}

async fn run(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.post_as(token, "/api/v1/executions", Some(body)).await
}

#[tokio::test]
async fn a_learner_runs_python_with_stdin_and_sees_it_in_the_history() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let response = run(&app, &ada.access, json!({"language": "python", "code": "name = input()\nprint(f'Hello, {name}!')", "stdin": "Ada\n"})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: Value = response.json().await.unwrap();
    assert_eq!(result["status"], "ok");
    assert_eq!(result["stdout"], "Hello, Ada!\n");
    assert_eq!(result["exitCode"], 0);
    assert_eq!(result["cached"], false);
    assert!(result["memoryBytes"].as_i64().unwrap() > 0);

    let second = run(
        &app,
        &ada.access,
        json!({"language": "python", "code": "print(1/0)"}),
    )
    .await;
    let second: Value = second.json().await.unwrap();
    assert_eq!(second["status"], "runtime_error");
    assert!(
        second["stderr"]
            .as_str()
            .unwrap()
            .contains("ZeroDivisionError")
    );

    let history: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/executions?limit=5")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["id"], second["id"], "newest first");
    assert_eq!(history[1]["stdout"], "Hello, Ada!\n");
}

#[tokio::test]
async fn an_identical_run_is_answered_from_the_cache() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let body = json!({"language": "javascript", "code": "console.log(6 * 7)"});
    let first: Value = run(&app, &ada.access, body.clone())
        .await
        .json()
        .await
        .unwrap();
    let again: Value = run(&app, &ada.access, body).await.json().await.unwrap();
    assert_eq!(first["cached"], false);
    assert_eq!(again["cached"], true);
    assert_eq!(again["stdout"], "42\n");
    let other: Value = run(
        &app,
        &ada.access,
        json!({"language": "javascript", "code": "console.log(6 * 7)", "stdin": "x"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(other["cached"], false, "different stdin is a different run");
}

#[tokio::test]
async fn a_cpp_compile_error_reports_the_compiler_output() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let result: Value = run(
        &app,
        &ada.access,
        json!({"language": "cpp", "code": "int main() {\n  return x;\n}\n"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(result["status"], "compile_error");
    let output = result["compileOutput"].as_str().unwrap();
    assert!(output.contains("main.cpp:2"), "{output}");
}

#[tokio::test]
async fn a_multi_file_java_program_runs_with_a_chosen_entry() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let files = json!([
        {"path": "App.java", "content": "public class App { public static void main(String[] a) { System.out.println(Greeter.greet(\"Ada\")); } }"},
        {"path": "Greeter.java", "content": "public class Greeter { static String greet(String n) { return \"Hi \" + n; } }"}
    ]);
    let result: Value = run(
        &app,
        &ada.access,
        json!({"language": "java", "files": files, "entry": "App.java"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(result["status"], "ok", "{result}");
    assert_eq!(result["stdout"], "Hi Ada\n");
}

#[tokio::test]
async fn bad_execution_requests_name_the_field_and_run_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let cases = [
        (json!({"language": "cobol", "code": "x"}), "language"),
        (json!({"language": "python"}), "code"),
        (
            json!({"language": "python", "code": "x", "files": [{"path": "main.py", "content": "x"}]}),
            "files",
        ),
        (
            json!({"language": "python", "files": [{"path": "../etc/passwd", "content": "x"}]}),
            "files",
        ),
        (
            json!({"language": "python", "files": [{"path": "/abs.py", "content": "x"}]}),
            "files",
        ),
        (
            json!({"language": "python", "files": [{"path": "main.py", "content": "x"}], "entry": "other.py"}),
            "entry",
        ),
        (
            json!({"language": "python", "code": "x", "projectId": "0196a4a0-0000-7000-8000-000000000000"}),
            "projectId",
        ),
        (
            json!({"language": "python", "code": "#".repeat(70_000)}),
            "code",
        ),
    ];
    for (body, field) in cases {
        let response = run(&app, &ada.access, body.clone()).await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(
            problem["fields"][field].is_string(),
            "{field} in {problem} for {body}"
        );
    }
    let history: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/executions")
        .await
        .json()
        .await
        .unwrap();
    assert!(history.is_empty());
    let limit = app
        .get_as(&ada.access, "/api/v1/executions?limit=1000")
        .await;
    let problem =
        assert_problem(limit, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(problem["fields"]["limit"].is_string());
}

#[tokio::test]
async fn running_code_needs_a_signed_in_learner() {
    let app = TestApp::spawn().await;
    let response = app
        .request(
            Method::POST,
            "/api/v1/executions",
            Some(json!({"language": "python", "code": "print(1)"})),
            None,
        )
        .await;
    assert_problem(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn more_than_the_per_minute_allowance_of_runs_is_refused() {
    require_sandbox();
    let app = TestApp::spawn_with(|c| c.exec_rate_per_min = 2).await;
    let ada = app.learner().await;
    for i in 0..2 {
        let ok = run(
            &app,
            &ada.access,
            json!({"language": "python", "code": format!("print({i})")}),
        )
        .await;
        assert_eq!(ok.status(), StatusCode::OK);
    }
    let limited = run(
        &app,
        &ada.access,
        json!({"language": "python", "code": "print(3)"}),
    )
    .await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another learner has their own allowance.
    let bob = app.learner().await;
    assert_eq!(
        run(
            &app,
            &bob.access,
            json!({"language": "python", "code": "print(4)"})
        )
        .await
        .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_learner_only_sees_their_own_runs() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    run(
        &app,
        &ada.access,
        json!({"language": "python", "code": "print('secret')"}),
    )
    .await;
    let bobs: Vec<Value> = app
        .get_as(&bob.access, "/api/v1/executions")
        .await
        .json()
        .await
        .unwrap();
    assert!(bobs.is_empty());
}

#[tokio::test]
async fn the_languages_list_reports_versions() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let languages: Vec<Value> = app
        .client
        .get(app.url("/api/v1/languages"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = languages
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["python", "javascript", "java", "cpp"]);
    assert!(
        languages
            .iter()
            .all(|l| l["available"] == true && !l["version"].as_str().unwrap().is_empty())
    );
    // The test sandbox runs as root with cgroups: fully isolated, and said so.
    assert!(
        languages.iter().all(|l| l["isolation"] == "strict"),
        "{languages:?}"
    );
}

#[tokio::test]
async fn readiness_reports_how_learner_code_is_isolated() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ready: Value = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["isolation"], "strict", "{ready}");
    assert_eq!(ready["status"], "ready");
}

#[tokio::test]
async fn without_a_sandbox_runs_get_a_clear_503() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = codestead_server::Config::for_data_dir(dir.path().to_path_buf());
    config.password_hashing = codestead_server::config::PasswordHashing::Test;
    config.database_url = Some(codestead_store::sqlite_url_for_dir(dir.path()));
    let state = codestead_server::AppState::build(
        config,
        codestead_server::Overrides {
            clock: None,
            sandbox: Some(None),
        },
    )
    .await
    .unwrap();
    let languages = state.executions.languages();
    assert!(languages.iter().all(|l| !l.available));
    let user = uuid::Uuid::now_v7();
    let err = state
        .executions
        .execute(
            user,
            codestead_sandbox::RunRequest::single(codestead_sandbox::Language::Python, "print(1)"),
            None,
        )
        .await
        .unwrap_err();
    // The service's own refusal, and the status the HTTP boundary gives it.
    assert_eq!(err.code().as_str(), "language_unavailable");
    let err = codestead_server::error::ApiError::from(err);
    assert_eq!(err.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn a_traced_python_run_returns_its_steps_and_the_cache_keeps_them_apart() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let code = "x = 1\nfor _ in range(3):\n    x = x * 2\nprint(x)\n";
    let plain: Value = run(
        &app,
        &ada.access,
        json!({"language": "python", "code": code}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        plain.get("trace").is_none(),
        "no trace unless asked: {plain}"
    );

    let traced: Value = run(
        &app,
        &ada.access,
        json!({"language": "python", "code": code, "trace": true}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        traced["cached"], false,
        "an untraced cache entry does not answer a traced run"
    );
    assert_eq!(traced["stdout"], "8\n");
    let steps = traced["trace"]["steps"].as_array().expect("steps");
    let xs: Vec<&str> = steps
        .iter()
        .filter(|s| s["line"] == 3 && s["event"] == "line")
        .map(|s| s["locals"]["x"].as_str().unwrap())
        .collect();
    assert_eq!(xs, ["1", "2", "4"]);
    assert_eq!(traced["trace"]["truncated"], false);

    let again: Value = run(
        &app,
        &ada.access,
        json!({"language": "python", "code": code, "trace": true}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        again["cached"], true,
        "a traced cache entry answers a traced run"
    );
    assert_eq!(again["trace"], traced["trace"]);
}

#[tokio::test]
async fn a_traced_javascript_run_returns_its_steps() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let code = "let x = 1;\nfor (let k = 0; k < 3; k++) {\n  x = x * 2;\n}\nconsole.log(x);\n";
    let traced: Value = run(
        &app,
        &ada.access,
        json!({"language": "javascript", "code": code, "trace": true}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(traced["status"], "ok", "{traced}");
    assert_eq!(traced["stdout"], "8\n");
    assert_eq!(traced["stderr"], "");
    let steps = traced["trace"]["steps"].as_array().expect("steps");
    let xs: Vec<&str> = steps
        .iter()
        .filter(|s| s["line"] == 3 && s["event"] == "line")
        .map(|s| s["locals"]["x"].as_str().unwrap())
        .collect();
    assert_eq!(xs, ["1", "2", "4"]);
    let printed: String = steps
        .iter()
        .map(|s| s["stdout"].as_str().unwrap())
        .collect();
    assert_eq!(printed, "8\n");
    assert_eq!(traced["trace"]["truncated"], false);
}

#[tokio::test]
async fn a_cpp_segfault_is_located_to_its_line() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let code = "#include <iostream>\nstruct Node { int value; Node* next; };\nNode* find(Node* n, int k) {\n    while (n && n->value != k) n = n->next;\n    return n;\n}\nint main() {\n    int k; std::cin >> k;\n    Node b{2, nullptr}, a{1, &b};\n    Node* hit = find(&a, k);\n    std::cout << hit->value << std::endl;\n}\n";
    let result: Value = run(
        &app,
        &ada.access,
        json!({"language": "cpp", "code": code, "stdin": "5"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(result["status"], "runtime_error", "{result}");
    assert_eq!(result["signal"], 11);
    let crash = &result["crash"];
    assert_eq!(crash["kind"], "null_dereference", "{result}");
    assert_eq!(crash["line"], 11);
    assert_eq!(crash["file"], "main.cpp");
    assert_eq!(
        crash["message"],
        "crashed: segmentation fault (null pointer dereference) on line 11"
    );
}

#[tokio::test]
async fn a_run_that_works_reports_no_crash() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let result: Value = run(
        &app,
        &ada.access,
        json!({"language": "python", "code": "print('fine')"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(result["status"], "ok");
    assert!(result.get("crash").is_none(), "{result}");
}

#[tokio::test]
async fn traced_runs_share_the_per_minute_allowance_of_runs() {
    require_sandbox();
    let app = TestApp::spawn_with(|c| c.exec_rate_per_min = 2).await;
    let ada = app.learner().await;
    let plain = run(
        &app,
        &ada.access,
        json!({"language": "python", "code": "print(1)"}),
    )
    .await;
    assert_eq!(plain.status(), StatusCode::OK);
    let traced = run(
        &app,
        &ada.access,
        json!({"language": "python", "code": "print(2)", "trace": true}),
    )
    .await;
    assert_eq!(traced.status(), StatusCode::OK);
    let limited = run(
        &app,
        &ada.access,
        json!({"language": "python", "code": "print(3)", "trace": true}),
    )
    .await;
    assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
