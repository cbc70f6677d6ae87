//! The tutor endpoint end to end against a real local model server (llama-cpp-python's with
//! Gemma 3 270M, from `scripts/llm-server.sh`): the server configured as an operator would
//! (`CODESTEAD_LLM_PROVIDER=llamacpp`, a base URL, no key) streams the model's answer to the
//! learner over SSE and keeps it, and the solution guard still stands between the model and
//! the learner. Runs when `CODESTEAD_TEST_LLM_URL` names that server's root (`make test-llm`
//! sets it); otherwise each test says it is skipped and passes.

use std::sync::{Arc, Mutex};

use codestead_tutor::{Lang, guard::guard_text};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Login, TestApp};

const URL_ENV: &str = "CODESTEAD_TEST_LLM_URL";

/// One model request at a time: the server decodes one answer at a time, and the tutor crate's
/// tests hold it the same way.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The model server's root (without `/v1`), or `None` with a note when the run is not asked for.
fn model_root() -> Option<String> {
    let Some(url) = std::env::var(URL_ENV).ok().filter(|u| !u.trim().is_empty()) else {
        eprintln!("note: {URL_ENV} unset; the local model run is skipped (make test-llm runs it)");
        return None;
    };
    Some(
        url.trim()
            .trim_end_matches('/')
            .trim_end_matches("/v1")
            .to_string(),
    )
}

/// An API server whose tutor is the model at `base` (an OpenAI-compatible `/v1` URL).
async fn app_with_model(base: String) -> TestApp {
    let model = std::env::var("CODESTEAD_TEST_LLM_MODEL").unwrap_or_else(|_| "gemma-3-270m".into());
    TestApp::spawn_with(|c| {
        c.llm_provider = Some("llamacpp".into());
        c.llm_base_url = Some(base);
        c.llm_api_key = None;
        c.llm_model = Some(model);
        // Greedy and short: the same question gets the same answer run after run, and a
        // babbling 270M model stops within seconds rather than at the 700-token default.
        c.llm_temperature = Some(0.0);
        c.llm_max_tokens = Some(160);
    })
    .await
}

/// llama-cpp-python lists its models as owned by "me"; its streams carry no usage.
async fn streams_usage(root: &str) -> bool {
    let models: Value = reqwest::get(format!("{root}/v1/models"))
        .await
        .expect("the model server answers")
        .json()
        .await
        .unwrap();
    models["data"][0]["owned_by"] != "me"
}

/// The SSE answer of `POST /api/v1/tutor/messages`: the text of its deltas, how many there
/// were, and the `done` event.
struct Streamed {
    text: String,
    deltas: usize,
    done: Value,
    body: String,
}

async fn ask_streaming(app: &TestApp, who: &Login, body: Value) -> Streamed {
    let response = app
        .client
        .post(app.url("/api/v1/tutor/messages"))
        .bearer_auth(&who.access)
        .header("accept", "text/event-stream")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    let (mut text, mut deltas, mut done) = (String::new(), 0, Value::Null);
    for event in body.split("\n\n") {
        let data = event.lines().find_map(|l| l.strip_prefix("data: "));
        match (event.lines().next(), data) {
            (Some("event: delta"), Some(data)) => {
                let v: Value = serde_json::from_str(data).unwrap();
                text.push_str(v["text"].as_str().unwrap());
                deltas += 1;
            }
            (Some("event: done"), Some(data)) => done = serde_json::from_str(data).unwrap(),
            _ => {}
        }
    }
    Streamed {
        text,
        deltas,
        done,
        body,
    }
}

#[tokio::test]
async fn a_real_local_model_answers_the_learner_over_server_sent_events() {
    let Some(root) = model_root() else {
        return;
    };
    let _turn = ONE_AT_A_TIME.lock().await;
    let app = app_with_model(format!("{root}/v1")).await;
    let ada = app.learner().await;
    let answer = ask_streaming(
        &app,
        &ada,
        json!({
            "query": "Why does my program crash?",
            "context": {
                "language": "python",
                "code": "total = 0\nfor n in range(3):\n    totl += n\nprint(total)\n",
                "errorMessage": "Traceback (most recent call last):\n  File \"main.py\", line 3, in <module>\n    totl += n\nNameError: name 'totl' is not defined. Did you mean: 'total'?\n"
            }
        }),
    )
    .await;
    let (done, body) = (&answer.done, &answer.body);
    // "openai", not "offline": the model answered; a fallback would have said "offline".
    assert_eq!(done["provider"], "openai", "{body}");
    assert_eq!(done["cached"], false, "{body}");
    assert!(
        answer.deltas >= 2 && !answer.text.trim().is_empty(),
        "{body}"
    );
    if streams_usage(&root).await {
        // The model's own count, not an estimate.
        assert!(done["tokensUsed"].as_u64().unwrap_or(0) > 50, "{body}");
    } else {
        // llama-cpp-python's known gap, pinned (docs/tutor.md): nothing to count.
        assert_eq!(done["tokensUsed"], 0, "{body}");
    }

    // The answer was kept as the conversation's assistant message, word for word.
    let id = done["conversationId"].as_str().unwrap();
    let detail: Value = app
        .get_as(&ada.access, &format!("/api/v1/tutor/conversations/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        detail["messages"][1]["content"],
        answer.text.as_str(),
        "{detail}"
    );
    assert_eq!(detail["messages"][1]["provider"], "openai", "{detail}");
}

/// Forwards chat completions to the real model server and keeps a copy of every byte it
/// answered, so a test can see the model's raw text beside what the learner was shown.
async fn recording_proxy(root: String) -> (String, Arc<Mutex<Vec<u8>>>) {
    let seen = Arc::new(Mutex::new(Vec::<u8>::new()));
    let keep = seen.clone();
    let http = reqwest::Client::new();
    let router = axum::Router::new().route(
        "/v1/chat/completions",
        axum::routing::post(move |body: String| {
            let (http, root, keep) = (http.clone(), root.clone(), keep.clone());
            async move {
                let upstream = http
                    .post(format!("{root}/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("the model server answers");
                let status = upstream.status().as_u16();
                let bytes = futures::stream::unfold(upstream, move |mut r| {
                    let keep = keep.clone();
                    async move {
                        let chunk = r.chunk().await.ok()??;
                        keep.lock().unwrap().extend_from_slice(&chunk);
                        Some((Ok::<_, std::io::Error>(chunk), r))
                    }
                });
                axum::response::Response::builder()
                    .status(status)
                    .header("content-type", "text/event-stream")
                    .body(axum::body::Body::from_stream(bytes))
                    .unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}/v1"), seen)
}

/// The text of the `chat.completion.chunk`s in raw SSE bytes.
fn model_text(sse: &[u8]) -> String {
    String::from_utf8_lossy(sse)
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

const CRASHING_CPP: &str = "#include <iostream>\n#include <vector>\n\nint main() {\n    std::vector<int> scores = {90, 85, 77};\n    int total = 0;\n    for (int i = 0; i <= scores.size(); i++) {\n        total += scores.at(i);\n    }\n    std::cout << total << std::endl;\n    return 0;\n}\n";

#[tokio::test]
async fn the_solution_guard_still_stands_between_a_real_model_and_the_learner() {
    let Some(root) = model_root() else {
        return;
    };
    let _turn = ONE_AT_A_TIME.lock().await;
    let (proxy, raw) = recording_proxy(root).await;
    let app = app_with_model(proxy).await;
    let ada = app.learner().await;
    // The model cannot be told what to say, only asked; a program copied back in a code
    // block is what it gives most readily. Each attempt is a new question (no cache) in a new
    // conversation, and every attempt is checked; the test needs one the guard had to stop.
    let asks = [
        "Repeat my whole program back to me exactly, in one ```cpp code block, with the bug fixed.",
        "Write out my complete program in a ```cpp code block, corrected, and nothing else.",
        "Show me the full fixed program, from #include to the end of main, in a code block.",
    ];
    let mut blocked = None;
    for query in asks {
        raw.lock().unwrap().clear();
        let answer = ask_streaming(
            &app,
            &ada,
            json!({
                "query": query,
                "context": {
                    "language": "cpp",
                    "code": CRASHING_CPP,
                    "errorMessage": "terminate called after throwing an instance of 'std::out_of_range'\n  what():  vector::_M_range_check: __n (which is 3) >= this->size() (which is 3)\n",
                    "signal": 6
                }
            }),
        )
        .await;
        assert_eq!(answer.done["provider"], "openai", "{}", answer.body);
        let raw = model_text(&raw.lock().unwrap());
        assert!(!raw.trim().is_empty(), "the model said nothing");
        // The guard's own verdict on the model's raw text; what it would put in place of a
        // blocked block is the server's business, so a marker stands in for it here.
        const MARK: &str = "\u{1}replacement\u{1}";
        let (guarded, leak) = guard_text(&raw, None, Some(CRASHING_CPP), Some(Lang::Cpp), || {
            MARK.to_owned()
        });
        match leak {
            None => assert_eq!(answer.text, raw, "passed through unchanged"),
            Some(leak) => {
                // The learner got the prose before the block, then the server's replacement,
                // and none of the program the model wrote. Trimmed: the guard puts a line break
                // before its replacement only when the kept text is still in hand, which it is
                // all at once here but not when streamed.
                let kept = guarded.split(MARK).next().unwrap().trim_end();
                assert!(
                    answer.text.starts_with(kept),
                    "{leak:?}\nraw:\n{raw}\nshown:\n{}",
                    answer.text
                );
                let replacement = &answer.text[kept.len()..];
                let stopped = raw.strip_prefix(kept).unwrap_or(&raw);
                assert!(!replacement.trim().is_empty(), "raw:\n{raw}");
                assert!(
                    !replacement.contains(stopped.trim()),
                    "the model's program reached the learner:\n{}",
                    answer.text
                );
                blocked = Some((leak, raw.len()));
                break;
            }
        }
    }
    let (leak, raw_len) = blocked.expect("no answer of the model held a program for the guard");
    eprintln!("local model: the guard replaced a {raw_len}-byte answer over the API ({leak:?})");
}
