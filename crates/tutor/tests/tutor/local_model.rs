//! The OpenAI-compatible provider against a real model server (llama.cpp with Gemma 3 270M,
//! started by `scripts/llm-server.sh`), not a recording: streaming in several deltas with usage
//! at the end, the service and guard over real text, cancellation that the server notices, and
//! a real refusal turned into the labelled offline fallback. The model is a protocol peer, not a
//! teacher, so no test judges what it says.
//!
//! Runs when `CODESTEAD_TEST_LLM_URL` names the server's root (`make test-llm` sets it);
//! otherwise each test says it is skipped and passes. `CODESTEAD_TEST_LLM_LOG` (the server's log
//! file, also set by `make test-llm`) lets the cancellation test read the server's own account of
//! the disconnect.
//!
//! NOT YET COMPILED: written while no build directory was available, so this file is not
//! declared yet (`mod local_model;` in `tests/tutor/main.rs`).
//! Declare it, build, then run `make test-llm`.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use async_trait::async_trait;
use codestead_tutor::{
    ChatRequest, Chunk, ChunkStream, HintRung, Message, NoLessons, OpenAiProvider, Provider,
    ProviderKind, RetryPolicy, Tutor, TutorConfig, TutorContext, TutorError, TutorEvent, TutorTurn,
    guard::guard_text,
};
use futures_util::StreamExt;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

const URL_ENV: &str = "CODESTEAD_TEST_LLM_URL";
const LOG_ENV: &str = "CODESTEAD_TEST_LLM_LOG";
const MODEL_ENV: &str = "CODESTEAD_TEST_LLM_MODEL";
/// What each server logs when a client goes away mid-answer: llama-server cancels the task,
/// llama-cpp-python's server reports the disconnect.
const DISCONNECT_LINES: [&str; 2] = ["cancel", "Disconnected from client"];

/// One request at a time: the server decodes one sequence at a time (one slot), so parallel
/// tests would only queue behind each other and blur what the cancellation test measures.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Which llama.cpp-family server answers; their streams differ in two documented ways.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Flavor {
    /// A server that behaves like OpenAI's recordings: it honours
    /// `stream_options.include_usage` and refuses an over-long prompt with a 400 before the
    /// stream (llama.cpp's own `llama-server`, vLLM). `make test-llm` does not start one yet.
    OpenAiLike,
    /// llama-cpp-python's FastAPI server (0.3.x): it ignores `stream_options`, so a stream
    /// carries no usage, and it checks the prompt's length only once the 200 stream has begun,
    /// so an over-long prompt ends an empty stream instead of getting a 400.
    LlamaCppPython,
}

struct LocalModel {
    /// The server's root, without `/v1`.
    root: String,
    flavor: Flavor,
    http: reqwest::Client,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

async fn local_model() -> Option<LocalModel> {
    let Some(url) = std::env::var(URL_ENV).ok().filter(|u| !u.trim().is_empty()) else {
        eprintln!("note: {URL_ENV} unset; the local model run is skipped (make test-llm runs it)");
        return None;
    };
    let root = url
        .trim()
        .trim_end_matches('/')
        .trim_end_matches("/v1")
        .to_string();
    let http = reqwest::Client::new();
    let models: Value = http
        .get(format!("{root}/v1/models"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{URL_ENV}={url} does not answer: {e}"))
        .json()
        .await
        .expect("a model list");
    // llama-cpp-python lists its models as owned by "me" (llama-server says "llamacpp").
    let flavor = match models["data"][0]["owned_by"].as_str() {
        Some("me") => Flavor::LlamaCppPython,
        _ => Flavor::OpenAiLike,
    };
    Some(LocalModel {
        root,
        flavor,
        http,
        _turn: ONE_AT_A_TIME.lock().await,
    })
}

impl LocalModel {
    fn config(&self) -> TutorConfig {
        TutorConfig {
            provider: ProviderKind::OpenAi,
            base_url: Some(format!("{}/v1", self.root)),
            // A local server needs no key; the provider then sends no Authorization header.
            api_key: None,
            model: Some(std::env::var(MODEL_ENV).unwrap_or_else(|_| "gemma-3-270m".into())),
            max_tokens: 80,
            // Greedy decoding: the same prompt gives the same answer, so a failure reproduces.
            temperature: Some(0.0),
            // Two shared cores: reading a long prompt can take seconds before the first byte.
            first_byte_timeout: Duration::from_secs(120),
            idle_timeout: Duration::from_secs(60),
            retry: RetryPolicy {
                max_attempts: 2,
                base_delay: Duration::from_millis(100),
                max_delay: Duration::from_secs(2),
            },
            ..TutorConfig::default()
        }
    }

    fn provider(&self) -> OpenAiProvider {
        OpenAiProvider::new(&self.config()).expect("provider")
    }

    async fn get_json(&self, path: &str) -> Option<Value> {
        let r = self
            .http
            .get(format!("{}{path}", self.root))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .ok()?;
        if !r.status().is_success() {
            return None;
        }
        r.json().await.ok()
    }

    /// llama.cpp's `/slots` (llama-server only): whether any slot is still decoding, or `None`
    /// where the server has no such endpoint (llama-cpp-python).
    async fn busy_slots(&self) -> Option<bool> {
        let slots = self.get_json("/slots").await?;
        Some(
            slots
                .as_array()?
                .iter()
                .any(|s| s["is_processing"].as_bool().unwrap_or(false)),
        )
    }
}

fn ask(question: &str, max_tokens: u32) -> ChatRequest {
    ChatRequest {
        system: "You are a helpful programming tutor. Answer in plain sentences.".into(),
        messages: vec![Message::user(question)],
        max_tokens,
        temperature: Some(0.0),
        rung: HintRung::Nudge,
        turn: None,
    }
}

#[derive(Debug, PartialEq)]
enum Seen {
    Delta(String),
    Usage(u64, u64),
    Done,
    Error(String),
}

async fn drain(mut s: ChunkStream) -> Vec<Seen> {
    let mut seen = Vec::new();
    while let Some(c) = s.next().await {
        seen.push(match c {
            Ok(Chunk::Delta(t)) => Seen::Delta(t),
            Ok(Chunk::Usage {
                input_tokens,
                output_tokens,
            }) => Seen::Usage(input_tokens, output_tokens),
            Ok(Chunk::Done) => Seen::Done,
            Err(e) => Seen::Error(format!("{e:?}")),
        });
    }
    seen
}

#[tokio::test]
async fn a_real_server_streams_an_answer_in_several_deltas_and_ends_with_usage() {
    let Some(llm) = local_model().await else {
        return;
    };
    let p = llm.provider();
    let max_tokens = 24;
    let stream = p
        .stream(
            ask("What does a for loop do in Python?", max_tokens),
            CancellationToken::new(),
        )
        .await
        .expect("the server accepts the request");
    let seen = drain(stream).await;
    let deltas: Vec<&str> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::Delta(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(deltas.len() >= 3, "streamed in pieces: {seen:?}");
    assert!(!deltas.concat().trim().is_empty(), "{seen:?}");
    // The answer ends: usage after the last text, then the end of the answer, no error.
    assert_eq!(seen.last(), Some(&Seen::Done), "{seen:?}");
    assert!(
        !seen.iter().any(|s| matches!(s, Seen::Error(_))),
        "{seen:?}"
    );
    let usage = seen.iter().position(|s| matches!(s, Seen::Usage(..)));
    if llm.flavor == Flavor::LlamaCppPython {
        // Its known gap, pinned so that a version which fixes it shows up here.
        assert_eq!(usage, None, "llama-cpp-python now streams usage: {seen:?}");
        eprintln!("local model: llama-cpp-python sent no usage (stream_options ignored)");
        return;
    }
    let usage = usage.unwrap_or_else(|| panic!("no usage in the stream: {seen:?}"));
    let last_delta = seen
        .iter()
        .rposition(|s| matches!(s, Seen::Delta(_)))
        .unwrap();
    assert!(usage > last_delta, "usage comes after the text: {seen:?}");
    let Seen::Usage(input, output) = seen[usage] else {
        unreachable!()
    };
    // The system prompt and question alone are more than ten tokens; the answer is capped.
    assert!(input > 10, "prompt tokens: {input}");
    assert!(
        output > 0 && output <= u64::from(max_tokens),
        "completion tokens: {output}"
    );
}

/// Records what the real provider sent, so the test can run the same text through the guard
/// itself and compare with what the service showed the learner.
struct Tee {
    inner: OpenAiProvider,
    raw: Arc<Mutex<String>>,
}

#[async_trait]
impl Provider for Tee {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    async fn stream(
        &self,
        req: ChatRequest,
        cancel: CancellationToken,
    ) -> Result<ChunkStream, TutorError> {
        let raw = self.raw.clone();
        let s = self.inner.stream(req, cancel).await?;
        Ok(s.inspect(move |c| {
            if let Ok(Chunk::Delta(t)) = c {
                raw.lock().unwrap().push_str(t);
            }
        })
        .boxed())
    }
}

/// A C++ crash with the learner asking for the whole program: the answer most likely to carry
/// code, so the guard has something to decide on.
fn cpp_turn() -> TutorTurn {
    let code = "#include <iostream>\n#include <vector>\n\nint main() {\n    std::vector<int> scores = {90, 85, 77};\n    int total = 0;\n    for (int i = 0; i <= scores.size(); i++) {\n        total += scores.at(i);\n    }\n    std::cout << total << std::endl;\n    return 0;\n}\n";
    TutorTurn {
        query: "Please write the whole corrected program for me.".into(),
        context: TutorContext {
            code: Some(code.into()),
            language: Some("cpp".into()),
            error_output: Some("terminate called after throwing an instance of 'std::out_of_range'\n  what():  vector::_M_range_check: __n (which is 3) >= this->size() (which is 3)\n".into()),
            signal: Some(6),
            reference_solution: Some(code.replace("i <= scores.size()", "i < scores.size()")),
            ..Default::default()
        },
    }
}

#[tokio::test]
async fn the_tutor_answers_with_the_real_provider_through_the_guard() {
    let Some(llm) = local_model().await else {
        return;
    };
    let config = TutorConfig {
        max_tokens: 64,
        ..llm.config()
    };
    let raw = Arc::new(Mutex::new(String::new()));
    let tee = Tee {
        inner: OpenAiProvider::new(&config).unwrap(),
        raw: raw.clone(),
    };
    let tutor = Tutor::with_provider(Arc::new(tee), config, Arc::new(NoLessons));
    let turn = cpp_turn();
    let mut events = tutor.respond(turn.clone(), CancellationToken::new());
    let (mut text, mut deltas, mut summary) = (String::new(), 0, None);
    while let Some(e) = events.next().await {
        match e {
            TutorEvent::Delta(t) => {
                deltas += 1;
                text.push_str(&t);
            }
            TutorEvent::Done(s) => summary = Some(s),
        }
    }
    let summary = summary.expect("a summary");
    assert_eq!(summary.provider, "openai", "{summary:?}\n{text}");
    assert_eq!(summary.fallback_from, None, "{summary:?}");
    if llm.flavor == Flavor::OpenAiLike {
        assert!(
            summary.input_tokens > 50 && summary.output_tokens > 0,
            "{summary:?}"
        );
    }
    assert!(
        summary.first_text_ms.is_some() && deltas >= 1,
        "{summary:?}"
    );

    // What the learner saw is exactly the model's text after the guard: passed through, or
    // cut at the first leaking block and followed by the offline tutor's next rung.
    let raw = raw.lock().unwrap().clone();
    assert!(!raw.trim().is_empty(), "the model said nothing");
    let ctx = &turn.context;
    let offline = tutor.offline().clone();
    let (t, rung) = (turn.clone(), summary.rung);
    let (expected, leak) = guard_text(
        &raw,
        ctx.reference_solution.as_deref(),
        ctx.code.as_deref(),
        ctx.lang(),
        move || offline.answer(&t, rung.next()),
    );
    assert_eq!(text, expected, "raw model text:\n{raw}");
    assert_eq!(summary.guarded, leak.is_some(), "{summary:?}");
    eprintln!(
        "local model: {} raw bytes, guard {}",
        raw.len(),
        match leak {
            Some(l) => format!("replaced a block ({l:?})"),
            None => "passed it through".into(),
        }
    );
}

#[tokio::test]
async fn cancelling_mid_stream_closes_the_connection_and_the_server_stops_decoding() {
    let Some(llm) = local_model().await else {
        return;
    };
    let log = std::env::var(LOG_ENV).ok();
    let log_before = log
        .as_ref()
        .map_or(0, |l| std::fs::read(l).map_or(0, |b| b.len()));
    let p = llm.provider();
    let cancel = CancellationToken::new();
    let mut s = p
        .stream(
            ask(
                "Count from 1 to 400, writing each number as a word on its own line.",
                1500,
            ),
            cancel.clone(),
        )
        .await
        .expect("the server accepts the request");
    for _ in 0..3 {
        assert!(
            matches!(s.next().await, Some(Ok(Chunk::Delta(_)))),
            "the answer started"
        );
    }
    if let Some(busy) = llm.busy_slots().await {
        assert!(busy, "the server is decoding the answer");
    }
    let cancelled_at = Instant::now();
    cancel.cancel();
    assert!(
        matches!(s.next().await, Some(Err(TutorError::Cancelled))),
        "the stream reports the cancellation"
    );
    assert!(s.next().await.is_none(), "and ends");
    drop(s);
    // The provider returned at once; the connection is gone with the stream.
    assert!(cancelled_at.elapsed() < Duration::from_secs(1));

    // The server noticed: its slot goes idle long before 1500 tokens could have been decoded
    // (bounded poll, not a sleep), and it says so in its log.
    if llm.busy_slots().await.is_some() {
        let deadline = Instant::now() + Duration::from_secs(10);
        while llm.busy_slots().await == Some(true) {
            assert!(
                Instant::now() < deadline,
                "the server kept decoding after the client went away"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    if let Some(log) = log {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // Only what the server wrote since this request began.
            let bytes = std::fs::read(&log).unwrap_or_default();
            let text = String::from_utf8_lossy(bytes.get(log_before..).unwrap_or_default());
            if DISCONNECT_LINES.iter().any(|l| text.contains(l)) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the server's log ({log}) never mentions the disconnect"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    // And it is healthy: the next request is answered in full.
    let next = p
        .stream(ask("Say hello.", 8), CancellationToken::new())
        .await
        .expect("the server still answers");
    let seen = drain(next).await;
    assert_eq!(seen.last(), Some(&Seen::Done), "{seen:?}");
    assert!(seen.iter().any(|s| matches!(s, Seen::Delta(_))), "{seen:?}");
}

/// About 3,000 tokens: more than the server's 2,048-token context.
fn over_long(lines: usize) -> String {
    (0..lines)
        .map(|i| format!("value_{i} = {i} * 3 + {}\n", i % 7))
        .collect()
}

#[tokio::test]
async fn a_prompt_longer_than_the_context_is_refused_and_the_offline_tutor_answers() {
    let Some(llm) = local_model().await else {
        return;
    };
    let started = Instant::now();
    let p = llm.provider();
    let attempt = p
        .stream(ask(&over_long(400), 16), CancellationToken::new())
        .await;
    let err = match (llm.flavor, attempt) {
        // A clear 400 before the stream, not retried, naming the context.
        (Flavor::OpenAiLike, Err(e)) => {
            match &e {
                TutorError::Status {
                    status: 400,
                    message,
                } => assert!(
                    message.to_lowercase().contains("context"),
                    "the message names the context: {message}"
                ),
                other => panic!("expected a 400 status, got {other:?}"),
            }
            e.to_string()
        }
        // A 200 whose stream closes with nothing in it: a dropped answer, not a short one.
        (Flavor::LlamaCppPython, Ok(s)) => {
            let seen = drain(s).await;
            match seen.as_slice() {
                [Seen::Error(e)] if e.starts_with("Transport") => e.clone(),
                other => panic!("expected one transport error, got {other:?}"),
            }
        }
        (flavor, Err(e)) => panic!("{flavor:?}: unexpected refusal {e:?}"),
        (flavor, Ok(s)) => panic!(
            "{flavor:?}: an over-long prompt was accepted: {:?}",
            drain(s).await
        ),
    };
    eprintln!(
        "local model: over-long prompt refused in {:?}: {err}",
        started.elapsed()
    );

    // The service: the same refusal becomes the offline tutor's answer, labelled.
    let tutor = Tutor::new(llm.config(), Arc::new(NoLessons)).unwrap();
    let mut code = over_long(300);
    code.push_str("print(greting)\n");
    let turn = TutorTurn {
        query: format!("Why does it crash? Here is everything I tried:\n{}", over_long(150)),
        context: TutorContext {
            code: Some(code),
            language: Some("python".into()),
            error_output: Some("Traceback (most recent call last):\n  File \"/box/main.py\", line 301, in <module>\n    print(greting)\n          ^^^^^^^\nNameError: name 'greting' is not defined. Did you mean: 'greeting'?\n".into()),
            ..Default::default()
        },
    };
    let reply = tutor.respond_text(turn, CancellationToken::new()).await;
    assert_eq!(reply.summary.provider, "offline", "{:?}", reply.summary);
    assert_eq!(reply.summary.fallback_from, Some("openai"));
    let reason = reply.summary.fallback_reason.as_deref().unwrap_or_default();
    let expected = match llm.flavor {
        Flavor::OpenAiLike => "400",
        Flavor::LlamaCppPython => "transport",
    };
    assert!(reason.contains(expected), "{:?}", reply.summary);
    assert!(reply.text.contains("offline tutor"), "{}", reply.text);
    assert!(reply.text.contains("NameError"), "{}", reply.text);
}
