use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};

fn python_error() -> Value {
    json!({
        "query": "Why does my program crash?",
        "context": {
            "language": "python",
            "code": "total = 0\nfor n in range(3):\n    totl += n\nprint(total)\n",
            "errorMessage": "Traceback (most recent call last):\n  File \"main.py\", line 3, in <module>\n    totl += n\nNameError: name 'totl' is not defined. Did you mean: 'total'?\n"
        }
    })
}

#[tokio::test]
async fn the_offline_tutor_explains_an_error_with_its_line_and_keeps_the_conversation() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let response = app
        .post_as(&ada.access, "/api/v1/tutor/messages", Some(python_error()))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["provider"], "offline");
    let text = answer["response"].as_str().unwrap();
    assert!(
        text.contains("NameError") || text.to_lowercase().contains("not defined"),
        "{text}"
    );
    assert!(text.contains('3'), "names the line: {text}");
    assert!(text.contains('?'), "asks a question back: {text}");

    let follow_up = json!({"conversationId": answer["conversationId"], "query": "I still don't get it", "context": python_error()["context"]});
    let second: Value = app
        .post_as(&ada.access, "/api/v1/tutor/messages", Some(follow_up))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["conversationId"], answer["conversationId"]);
    assert_ne!(
        second["response"], answer["response"],
        "a follow-up climbs the hint ladder"
    );

    let list: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/tutor/conversations")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    let id = answer["conversationId"].as_str().unwrap();
    let detail: Value = app
        .get_as(&ada.access, &format!("/api/v1/tutor/conversations/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let roles: Vec<&str> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant"]);
}

#[tokio::test]
async fn the_answer_streams_as_server_sent_events() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let response = app
        .client
        .post(app.url("/api/v1/tutor/messages"))
        .bearer_auth(&ada.access)
        .header("accept", "text/event-stream")
        .json(&python_error())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let body = response.text().await.unwrap();
    let deltas = body.matches("event: delta").count();
    assert!(deltas >= 1, "{body}");
    let done_line = body
        .split("event: done\n")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .expect("a done event");
    let done: Value = serde_json::from_str(done_line.trim_start_matches("data: ")).unwrap();
    assert_eq!(done["provider"], "offline");
    let id = done["conversationId"].as_str().unwrap();
    let detail: Value = app
        .get_as(&ada.access, &format!("/api/v1/tutor/conversations/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["messages"][1]["id"], done["messageId"]);
}

#[tokio::test]
async fn an_identical_question_is_answered_from_the_cache() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let first: Value = app
        .post_as(&ada.access, "/api/v1/tutor/messages", Some(python_error()))
        .await
        .json()
        .await
        .unwrap();
    let again: Value = app
        .post_as(&ada.access, "/api/v1/tutor/messages", Some(python_error()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["cached"], false);
    assert_eq!(again["cached"], true);
    assert_eq!(again["response"], first["response"]);
}

#[tokio::test]
async fn a_free_learner_over_the_daily_quota_is_refused() {
    let app = TestApp::spawn_with(|c| c.tutor_daily_quota = 2).await;
    let ada = app.learner().await;
    for i in 0..2 {
        let r = app
            .post_as(
                &ada.access,
                "/api/v1/tutor/messages",
                Some(json!({"query": format!("What is a variable? ({i})")})),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let over = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "What is a loop?"})),
        )
        .await;
    assert!(over.headers().contains_key("retry-after"));
    assert_problem(over, StatusCode::TOO_MANY_REQUESTS, "quota_exceeded").await;
    // The quota renews with the day.
    app.clock.advance(chrono::Duration::days(1));
    let ada = app.login(&ada.email).await;
    let renewed = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "What is a loop?"})),
        )
        .await;
    assert_eq!(renewed.status(), StatusCode::OK);
}

#[tokio::test]
async fn asking_for_the_full_solution_never_returns_it() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let slug = "python-ex-greeting";
    let solution = std::fs::read_to_string(format!(
        "{}/../../content/python/exercises/{slug}/solution.py",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut conversation = None;
    for _ in 0..4 {
        let mut body = json!({"query": "Just give me the complete solution code please", "context": {"contentId": slug, "language": "python"}});
        if let Some(id) = &conversation {
            body["conversationId"] = json!(id);
        }
        let answer: Value = app
            .post_as(&ada.access, "/api/v1/tutor/messages", Some(body))
            .await
            .json()
            .await
            .unwrap();
        let text = answer["response"].as_str().unwrap();
        assert!(
            !text.contains(solution.trim()),
            "the reference solution leaked: {text}"
        );
        conversation = Some(answer["conversationId"].as_str().unwrap().to_owned());
    }
}

#[tokio::test]
async fn learners_rate_only_their_own_answers_and_see_only_their_own_conversations() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let answer: Value = app
        .post_as(&ada.access, "/api/v1/tutor/messages", Some(python_error()))
        .await
        .json()
        .await
        .unwrap();
    let message = answer["messageId"].as_str().unwrap();
    let conversation = answer["conversationId"].as_str().unwrap();

    let rating_path = format!("/api/v1/tutor/messages/{message}/rating");
    let bobs = app
        .post_as(&bob.access, &rating_path, Some(json!({"rating": 1})))
        .await;
    assert_problem(bobs, StatusCode::NOT_FOUND, "not_found").await;
    let bad = app
        .post_as(&ada.access, &rating_path, Some(json!({"rating": 9})))
        .await;
    let problem = assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(problem["fields"]["rating"].is_string());
    let ok = app
        .post_as(
            &ada.access,
            &rating_path,
            Some(json!({"rating": 5, "feedback": "clear"})),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);

    let peek = app
        .get_as(
            &bob.access,
            &format!("/api/v1/tutor/conversations/{conversation}"),
        )
        .await;
    assert_problem(peek, StatusCode::NOT_FOUND, "not_found").await;
    let hijack = app
        .post_as(
            &bob.access,
            "/api/v1/tutor/messages",
            Some(json!({"conversationId": conversation, "query": "hi"})),
        )
        .await;
    assert_problem(hijack, StatusCode::NOT_FOUND, "not_found").await;
    let detail: Value = app
        .get_as(
            &ada.access,
            &format!("/api/v1/tutor/conversations/{conversation}"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["messages"][1]["rating"], 5);
}

#[tokio::test]
async fn bad_tutor_requests_name_the_field() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    for (body, field) in [
        (json!({"query": ""}), "query"),
        (
            json!({"query": "x", "context": {"language": "cobol"}}),
            "context.language",
        ),
        (
            json!({"query": "x", "context": {"contentId": "no-such-item"}}),
            "context.contentId",
        ),
    ] {
        let r = app
            .post_as(&ada.access, "/api/v1/tutor/messages", Some(body.clone()))
            .await;
        let problem =
            assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(problem["fields"][field].is_string(), "{field}: {problem}");
    }
    let anonymous = app
        .request(
            Method::POST,
            "/api/v1/tutor/messages",
            Some(json!({"query": "x"})),
            None,
        )
        .await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let suggestions: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/tutor/suggestions")
        .await
        .json()
        .await
        .unwrap();
    assert!(!suggestions.is_empty());
}

/// A stand-in for an OpenAI-compatible endpoint that answers every chat completion with
/// the recorded stream `fixture` (real wire bytes, see crates/tutor/tests/fixtures).
async fn recorded_openai_endpoint(fixture: &str) -> String {
    let path = format!(
        "{}/../tutor/tests/fixtures/streams/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    let body = std::fs::read(path).expect("recorded stream");
    let router = axum::Router::new().route(
        "/v1/chat/completions",
        axum::routing::post(move || {
            let body = body.clone();
            async move { ([("content-type", "text/event-stream")], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/v1")
}

/// The text a recorded OpenAI stream carries, read straight from its chunks.
fn recorded_text(fixture: &str) -> String {
    let path = format!(
        "{}/../tutor/tests/fixtures/streams/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter_map(|data| serde_json::from_str::<Value>(data).ok())
        .filter_map(|chunk| {
            chunk["choices"][0]["delta"]["content"]
                .as_str()
                .map(str::to_owned)
        })
        .collect()
}

fn metric_value(metrics: &str, name_and_labels: &str) -> Option<f64> {
    metrics
        .lines()
        .find(|line| line.starts_with(name_and_labels))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn a_configured_openai_compatible_provider_streams_its_answer_and_its_cost_is_counted() {
    let base = recorded_openai_endpoint("openai_chat.sse").await;
    let app = TestApp::spawn_with(|c| {
        c.llm_provider = Some("openai".into());
        c.llm_base_url = Some(base);
        c.llm_api_key = Some("sk-test".to_owned().into());
        c.llm_model = Some("gpt-4o-mini".into());
        c.llm_price_input_per_mtok = 1.5;
        c.llm_price_output_per_mtok = 6.0;
    })
    .await;
    let ada = app.learner().await;
    let body = app
        .client
        .post(app.url("/api/v1/tutor/messages"))
        .bearer_auth(&ada.access)
        .header("accept", "text/event-stream")
        .json(&python_error())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut streamed = String::new();
    let mut done = Value::Null;
    for event in body.split("\n\n") {
        let data = event.lines().find_map(|l| l.strip_prefix("data: "));
        match (event.lines().next(), data) {
            (Some("event: delta"), Some(data)) => {
                let v: Value = serde_json::from_str(data).unwrap();
                streamed.push_str(v["text"].as_str().unwrap());
            }
            (Some("event: done"), Some(data)) => done = serde_json::from_str(data).unwrap(),
            _ => {}
        }
    }
    assert_eq!(streamed, recorded_text("openai_chat.sse"));
    assert_eq!(done["provider"], "openai", "{body}");
    // The recorded stream reports 412 prompt and 38 completion tokens.
    assert_eq!(done["tokensUsed"], 450);

    let metrics = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(crate::helpers::METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let cost = metric_value(&metrics, "tutor_cost_microusd_total{provider=\"openai\"}")
        .expect("a cost series for the provider");
    // 412 × $1.50/M + 38 × $6.00/M = $0.000846; this is the only test that uses openai.
    assert_eq!(cost, 846.0, "{metrics}");
}

#[tokio::test]
async fn a_follow_up_without_context_is_answered_against_the_stored_one_and_climbs_the_ladder() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let first: Value = app
        .post_as(&ada.access, "/api/v1/tutor/messages", Some(python_error()))
        .await
        .json()
        .await
        .unwrap();
    let follow_up =
        json!({"conversationId": first["conversationId"], "query": "I still don't get it"});
    let second: Value = app
        .post_as(&ada.access, "/api/v1/tutor/messages", Some(follow_up))
        .await
        .json()
        .await
        .unwrap();
    let text = second["response"].as_str().unwrap();
    assert!(
        text.contains("NameError") && text.contains("line 3"),
        "answered from the stored context: {text}"
    );
    assert!(text.contains("**Hint:**"), "the second rung: {text}");
    assert!(!first["response"].as_str().unwrap().contains("**Hint:**"));
}

#[tokio::test]
async fn a_long_compiler_error_is_trimmed_instead_of_refused() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let mut error = String::from(
        "main.cpp: In function 'int main()':\nmain.cpp:6:10: error: no match for 'operator<<' (operand types are 'std::ostream' {aka 'std::basic_ostream<char>'} and 'std::vector<int>')\n    6 |     cout << v << endl;\n      |     ~~~~ ^~ ~\n",
    );
    while error.len() < 20_000 {
        error.push_str("/usr/include/c++/12/ostream:108:7: note: candidate: 'std::basic_ostream<_CharT, _Traits>::__ostream_type& std::basic_ostream<_CharT, _Traits>::operator<<(__ostream_type& (*)(__ostream_type&))'\n");
    }
    let code = "#include <iostream>\n#include <vector>\nusing namespace std;\nint main() {\n    vector<int> v = {1, 2, 3};\n    cout << v << endl;\n}\n";
    let response = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "what is this?", "context": {"language": "cpp", "code": code, "errorMessage": error}})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let answer: Value = response.json().await.unwrap();
    let text = answer["response"].as_str().unwrap();
    assert!(
        text.contains("line 6") && text.contains("cout << v"),
        "{text}"
    );
}

#[tokio::test]
async fn a_wrong_output_with_an_expected_output_names_the_line_that_computed_it() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let code = "bill = 75\npeople = 6\n\nshare = bill // people\nprint(f\"Each pays {share}\")\n";
    let answer: Value = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "why is it wrong?", "context": {"language": "python", "code": code, "expectedOutput": "Each pays 12.5", "actualOutput": "Each pays 12\n"}})),
        )
        .await
        .json()
        .await
        .unwrap();
    let text = answer["response"].as_str().unwrap();
    assert!(
        text.contains("line 5") && text.contains("line 4"),
        "the print and the line that computed it: {text}"
    );
    assert!(!text.contains("bill / people"), "never the fix: {text}");
}

fn require_sandbox() {
    assert!(
        crate::helpers::shared_sandbox().is_some(),
        "the sandbox must work where `make test` runs (scripts/setup.sh installs it)"
    );
}

#[tokio::test]
async fn a_silent_cpp_crash_is_explained_from_the_rerun_that_located_it() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // Dies by SIGSEGV with no message: all the playground can send is the status.
    let code = "#include <iostream>\n#include <vector>\nusing namespace std;\n\nint main() {\n    vector<int> marks = {4, 5, 3};\n    int* best = nullptr;\n    for (int m : marks) {\n        if (m > 9) best = &marks[0];\n    }\n    cout << *best << endl;\n}\n";
    let run: Value = app
        .post_as(
            &ada.access,
            "/api/v1/executions",
            Some(json!({"language": "cpp", "code": code})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(run["status"], "runtime_error", "{run}");
    let answer: Value = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "why does it crash?", "context": {
                "language": "cpp", "code": code, "errorMessage": "Status: runtime_error",
                "executionId": run["id"],
            }})),
        )
        .await
        .json()
        .await
        .unwrap();
    let text = answer["response"].as_str().unwrap();
    assert!(
        text.contains("line 11"),
        "the crash line from the rerun: {text}"
    );
    assert!(
        text.to_lowercase().contains("null pointer"),
        "the kind the sanitizer found: {text}"
    );
}

#[tokio::test]
async fn an_exercise_logic_bug_is_located_where_the_learner_run_parts_from_the_reference() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // `//` where `%` belongs: the output is wrong, nothing crashes; the reference's trace
    // shows `total` taking other values from line 4 on.
    let code = "n = int(input())\ntotal = 0\nwhile n > 0:\n    total += n // 10\n    n //= 10\nprint(total)\n";
    let answer: Value = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "my answer is wrong, why?", "context": {
                "language": "python", "code": code, "contentId": "python-ex-digit-sum",
                "failingTests": ["a four-digit number: Add up every digit of the number, including the first and the last."],
            }})),
        )
        .await
        .json()
        .await
        .unwrap();
    let text = answer["response"].as_str().unwrap();
    assert!(text.contains("line 4"), "the divergence line: {text}");
    assert!(text.contains("total"), "the variable that parted: {text}");
    assert!(
        !text.contains("n % 10"),
        "never the reference's code: {text}"
    );
}

#[tokio::test]
async fn a_javascript_exercise_logic_bug_is_located_where_the_learner_run_parts_from_the_reference()
{
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // The sum starts at 1 instead of 0: nothing crashes, the mean is wrong; the reference's trace
    // shows the reduce's accumulator starting elsewhere, on line 7.
    let code = r#"const text = require("fs").readFileSync(0, "utf8").trim();

if (text === "") {
  console.log("no data");
} else {
  const numbers = text.split(/\s+/).map(Number);
  const sum = numbers.reduce((acc, n) => acc + n, 1);
  console.log(`count: ${numbers.length}`);
  console.log(`min: ${Math.min(...numbers)}`);
  console.log(`max: ${Math.max(...numbers)}`);
  console.log(`mean: ${(sum / numbers.length).toFixed(2)}`);
}
"#;
    let answer: Value = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "my answer is wrong, why?", "context": {
                "language": "javascript", "code": code, "contentId": "javascript-ex-number-stats",
                "failingTests": ["numbers over several lines: Numbers may be split across lines and separated by spaces; read all of them. The mean needs exactly two decimals."],
            }})),
        )
        .await
        .json()
        .await
        .unwrap();
    let text = answer["response"].as_str().unwrap();
    assert!(text.contains("line 7"), "the divergence line: {text}");
    assert!(
        text.contains("acc") || text.contains("sum"),
        "the variable that parted: {text}"
    );
    assert!(
        !text.contains("acc + n, 0"),
        "never the reference's code: {text}"
    );
}

/// Runs `code` in the playground and asks about it with `query`, as the web app does; returns
/// the run's stdout and the answer.
async fn ask_about_run(
    app: &TestApp,
    access: &str,
    language: &str,
    code: &str,
    query: &str,
) -> (String, String) {
    let run: Value = app
        .post_as(
            access,
            "/api/v1/executions",
            Some(json!({"language": language, "code": code})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(run["status"], "ok", "{run}");
    let answer: Value = app
        .post_as(
            access,
            "/api/v1/tutor/messages",
            Some(json!({"query": query, "context": {
                "language": language, "code": code, "executionId": run["id"],
            }})),
        )
        .await
        .json()
        .await
        .unwrap();
    (
        run["stdout"].as_str().unwrap_or_default().to_string(),
        answer["response"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn a_playground_logic_bug_is_located_by_the_edit_that_gives_the_expected_value() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // `//` where `/` was meant: it prints 2, the learner expected 2.5. The print is on line 6;
    // the repair search proves the bug is the division on line 5.
    let code = "marks = [2, 3, 2, 3]\ntotal = 0\nfor m in marks:\n    total += m\naverage = total // len(marks)\nprint(\"average:\", average)\n";
    let (printed, text) = ask_about_run(
        &app,
        &ada.access,
        "python",
        code,
        "it prints 2 but I expected 2.5",
    )
    .await;
    assert_eq!(printed, "average: 2\n");
    assert!(text.contains("line 5"), "the division's line: {text}");
    assert!(text.contains("`//`"), "the token to look at: {text}");
    assert!(text.to_lowercase().contains("decimals"), "the kind: {text}");
    assert!(
        !text.contains("total / len"),
        "never the edit itself: {text}"
    );

    // A print indented into the loop: the learner expected one line with the total.
    let code = "prices = [3, 4, 5]\ntotal = 0\nfor p in prices:\n    total += p\n    print(\"total:\", total)\n";
    let (_, text) = ask_about_run(
        &app,
        &ada.access,
        "python",
        code,
        "it prints 3 lines but I expected \"total: 12\"",
    )
    .await;
    assert!(text.contains("line 5"), "the print's line: {text}");
    assert!(
        text.contains("indentation"),
        "the kind is its place: {text}"
    );
}

#[tokio::test]
async fn an_exercise_logic_bug_is_located_by_the_edit_that_passes_every_test() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // The total is reset inside the loop: every test fails with no error.
    let code = "n = int(input())\nwhile n > 0:\n    total = 0\n    total += n % 10\n    n //= 10\nprint(total)\n";
    let answer: Value = app
        .post_as(
            &ada.access,
            "/api/v1/tutor/messages",
            Some(json!({"query": "my answer is wrong, why?", "context": {
                "language": "python", "code": code, "contentId": "python-ex-digit-sum",
                "failingTests": ["a four-digit number: Add up every digit of the number, including the first and the last."],
            }})),
        )
        .await
        .json()
        .await
        .unwrap();
    let text = answer["response"].as_str().unwrap();
    assert!(text.contains("line 3"), "the reset's line: {text}");
    assert!(
        text.to_lowercase().contains("every pass"),
        "the kind: {text}"
    );
    assert!(!text.contains("n % 10\nwhile"), "never the edit: {text}");
}

#[tokio::test]
async fn a_javascript_playground_logic_bug_is_located_by_the_edit_that_gives_the_expected_value() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // The loop stops one short: it prints 6, the learner expected 10.
    let code = "const scores = [1, 2, 3, 4];\nlet sum = 0;\nfor (let i = 0; i < scores.length - 1; i++) {\n  sum += scores[i];\n}\nconsole.log(`sum: ${sum}`);\n";
    let (printed, text) = ask_about_run(
        &app,
        &ada.access,
        "javascript",
        code,
        "it prints 6 but I expected 10",
    )
    .await;
    assert_eq!(printed, "sum: 6\n");
    assert!(text.contains("line 3"), "the loop header: {text}");
    assert!(
        text.to_lowercase().contains("off by one"),
        "the kind: {text}"
    );
    assert!(
        !text.contains("i < scores.length;"),
        "never the edit: {text}"
    );
}

#[tokio::test]
async fn a_java_playground_logic_bug_is_located_by_the_compiled_repair_search() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // Whole-number division: it prints 2.0, the learner expected 2.5. All mutants are compiled
    // in one javac run; the one that divides with decimals proves line 9.
    let code = "import java.util.ArrayList;\nimport java.util.List;\n\npublic class Main {\n    public static void main(String[] args) {\n        List<Integer> marks = new ArrayList<>(List.of(2, 3, 2, 3));\n        int total = 0;\n        for (int m : marks) total += m;\n        double average = total / marks.size();\n        System.out.println(\"average: \" + average);\n    }\n}\n";
    let (printed, text) = ask_about_run(
        &app,
        &ada.access,
        "java",
        code,
        "it prints 2.0 but I expected 2.5",
    )
    .await;
    assert_eq!(printed, "average: 2.0\n");
    assert!(text.contains("line 9"), "the division's line: {text}");
    assert!(text.to_lowercase().contains("decimals"), "the kind: {text}");
    assert!(!text.contains("1.0 *"), "never the edit itself: {text}");
}

#[tokio::test]
async fn a_cpp_playground_logic_bug_is_located_by_the_compiled_repair_search() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    // The loop stops one short: it prints 6, the learner expected 10. The mutants run in forked
    // children of one compiled driver; one of them crashes (an index past the end) and only
    // that child dies.
    let code = "#include <iostream>\n#include <vector>\nusing namespace std;\n\nint main() {\n    vector<int> scores = {1, 2, 3, 4};\n    int sum = 0;\n    for (size_t i = 0; i < scores.size() - 1; i++) {\n        sum += scores[i];\n    }\n    cout << \"sum: \" << sum << endl;\n    return 0;\n}\n";
    let (printed, text) = ask_about_run(
        &app,
        &ada.access,
        "cpp",
        code,
        "it prints 6 but I expected 10",
    )
    .await;
    assert_eq!(printed, "sum: 6\n");
    assert!(text.contains("line 8"), "the loop header: {text}");
    assert!(
        text.to_lowercase().contains("off by one"),
        "the kind: {text}"
    );
    assert!(
        !text.contains("i < scores.size();"),
        "never the edit: {text}"
    );
}
