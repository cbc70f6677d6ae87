//! The HTTP clients against a scripted local server: retries on 429/5xx/529 honouring
//! retry-after, no retry on a spend cap, dropped connections, stalls against the idle timeout,
//! cancellation, and the service's labelled offline fallback.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use codestead_tutor::{
    AnthropicProvider, ChatRequest, Chunk, HintRung, Message, NoLessons, OpenAiProvider, Provider,
    ProviderKind, Tutor, TutorContext, TutorError, TutorEvent, TutorTurn,
};
use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::helpers::{ProtocolServer, Script, anthropic_error, openai_error, stream_fixture};

const ANSWER_START: &str = "Look at **line 3**";

fn request() -> ChatRequest {
    ChatRequest {
        system: "You are a tutor.".into(),
        messages: vec![Message::user("Why does line 3 fail?")],
        max_tokens: 200,
        temperature: None,
        rung: HintRung::Nudge,
        turn: None,
    }
}

fn ok_stream(file: &str) -> Script {
    Script::Stream {
        body: stream_fixture(file),
        pieces: 5,
        gap: Duration::ZERO,
    }
}

async fn collect(
    p: &dyn Provider,
) -> Result<(String, Option<(u64, u64)>, Option<TutorError>), TutorError> {
    let mut s = p.stream(request(), CancellationToken::new()).await?;
    let (mut text, mut usage, mut err) = (String::new(), None, None);
    while let Some(c) = s.next().await {
        match c {
            Ok(Chunk::Delta(t)) => text.push_str(&t),
            Ok(Chunk::Usage {
                input_tokens,
                output_tokens,
            }) => usage = Some((input_tokens, output_tokens)),
            Ok(Chunk::Done) => {}
            Err(e) => err = Some(e),
        }
    }
    Ok((text, usage, err))
}

#[tokio::test]
async fn the_openai_client_sends_a_streaming_request_with_usage_and_a_bearer_key() {
    let server = ProtocolServer::start(vec![ok_stream("openai_chat.sse")]).await;
    let p = OpenAiProvider::new(&server.config(ProviderKind::OpenAi)).unwrap();
    let (text, usage, err) = collect(&p).await.unwrap();
    assert!(
        text.starts_with(ANSWER_START) && err.is_none(),
        "{text} {err:?}"
    );
    assert_eq!(usage, Some((412, 38)));
    let (headers, body) = server.state.bodies.lock().unwrap()[0].clone();
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"]["include_usage"], true);
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(headers["authorization"], "Bearer test-key");
}

#[tokio::test]
async fn the_anthropic_client_sends_its_version_header_and_system_field() {
    let server = ProtocolServer::start(vec![ok_stream("anthropic_messages.sse")]).await;
    let p = AnthropicProvider::new(&server.config(ProviderKind::Anthropic)).unwrap();
    let (text, usage, _) = collect(&p).await.unwrap();
    assert!(text.starts_with(ANSWER_START));
    assert_eq!(usage, Some((472, 41)));
    let (headers, body) = server.state.bodies.lock().unwrap()[0].clone();
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["system"], "You are a tutor.");
    assert_eq!(body["max_tokens"], 200);
    assert_eq!(headers["x-api-key"], "test-key");
    assert_eq!(headers["anthropic-version"], "2023-06-01");
}

#[tokio::test]
async fn a_429_is_retried_after_the_time_the_server_asks_for() {
    let server = ProtocolServer::start(vec![
        Script::Status {
            status: 429,
            headers: vec![("retry-after-ms", "300".into())],
            body: openai_error(
                "requests",
                Some("rate_limit_exceeded"),
                "Rate limit reached",
            ),
        },
        ok_stream("openai_chat.sse"),
    ])
    .await;
    let p = OpenAiProvider::new(&server.config(ProviderKind::OpenAi)).unwrap();
    let started = Instant::now();
    let (text, _, _) = collect(&p).await.unwrap();
    assert!(text.starts_with(ANSWER_START));
    assert_eq!(server.requests(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "waited only {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_overloaded_529_from_anthropic_is_retried() {
    let server = ProtocolServer::start(vec![
        Script::Status {
            status: 529,
            headers: vec![],
            body: anthropic_error("overloaded_error", "Overloaded"),
        },
        Script::Status {
            status: 529,
            headers: vec![("retry-after", "0".into())],
            body: anthropic_error("overloaded_error", "Overloaded"),
        },
        ok_stream("anthropic_messages.sse"),
    ])
    .await;
    let p = AnthropicProvider::new(&server.config(ProviderKind::Anthropic)).unwrap();
    let (text, _, _) = collect(&p).await.unwrap();
    assert!(text.starts_with(ANSWER_START));
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_spend_cap_429_is_never_retried() {
    let server = ProtocolServer::start(vec![
        Script::Status {
            status: 429,
            headers: vec![("retry-after", "0".into())],
            body: openai_error(
                "insufficient_quota",
                Some("insufficient_quota"),
                "You exceeded your current quota",
            ),
        },
        ok_stream("openai_chat.sse"),
    ])
    .await;
    let p = OpenAiProvider::new(&server.config(ProviderKind::OpenAi)).unwrap();
    let err = collect(&p).await.unwrap_err();
    assert!(matches!(err, TutorError::QuotaExhausted(_)), "{err:?}");
    assert_eq!(server.requests(), 1);

    let server = ProtocolServer::start(vec![
        Script::Status {
            status: 400,
            headers: vec![],
            body: anthropic_error(
                "invalid_request_error",
                "Your credit balance is too low to access the Anthropic API.",
            ),
        },
        ok_stream("anthropic_messages.sse"),
    ])
    .await;
    let p = AnthropicProvider::new(&server.config(ProviderKind::Anthropic)).unwrap();
    assert!(matches!(
        collect(&p).await.unwrap_err(),
        TutorError::QuotaExhausted(_)
    ));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_up_to_the_limit_then_reported_busy() {
    let busy = || Script::Status {
        status: 503,
        headers: vec![],
        body: openai_error("server_error", None, "down"),
    };
    let server =
        ProtocolServer::start(vec![busy(), busy(), busy(), ok_stream("openai_chat.sse")]).await;
    let p = OpenAiProvider::new(&server.config(ProviderKind::OpenAi)).unwrap();
    let err = collect(&p).await.unwrap_err();
    assert!(
        matches!(
            err,
            TutorError::Busy {
                status: 503,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_bad_key_fails_at_once_without_retrying() {
    let server = ProtocolServer::start(vec![Script::Status {
        status: 401,
        headers: vec![],
        body: openai_error(
            "invalid_request_error",
            Some("invalid_api_key"),
            "Incorrect API key provided",
        ),
    }])
    .await;
    let p = OpenAiProvider::new(&server.config(ProviderKind::OpenAi)).unwrap();
    assert!(matches!(
        collect(&p).await.unwrap_err(),
        TutorError::Status { status: 401, .. }
    ));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_connection_dropped_mid_stream_ends_the_stream_with_a_transport_error() {
    let body = stream_fixture("openai_chat.sse");
    let server = ProtocolServer::start(vec![Script::DropAfter {
        bytes: body.len() / 2,
        body,
    }])
    .await;
    let p = OpenAiProvider::new(&server.config(ProviderKind::OpenAi)).unwrap();
    let (text, usage, err) = collect(&p).await.unwrap();
    assert!(text.starts_with("Look at"), "{text}");
    assert!(usage.is_none());
    assert!(matches!(err, Some(TutorError::Transport(_))), "{err:?}");
}

#[tokio::test]
async fn a_stream_that_stalls_longer_than_the_idle_timeout_is_abandoned() {
    let body = stream_fixture("anthropic_messages.sse");
    let server = ProtocolServer::start(vec![Script::Stall {
        bytes: 900,
        body,
        stall: Duration::from_secs(10),
    }])
    .await;
    let mut cfg = server.config(ProviderKind::Anthropic);
    cfg.idle_timeout = Duration::from_millis(300);
    let p = AnthropicProvider::new(&cfg).unwrap();
    let started = Instant::now();
    let (_, _, err) = collect(&p).await.unwrap();
    assert!(matches!(err, Some(TutorError::Timeout)), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_slow_but_steady_stream_within_the_idle_timeout_completes() {
    let server = ProtocolServer::start(vec![Script::Stream {
        body: stream_fixture("openai_chat.sse"),
        pieces: 6,
        gap: Duration::from_millis(60),
    }])
    .await;
    let mut cfg = server.config(ProviderKind::OpenAi);
    cfg.idle_timeout = Duration::from_millis(500);
    let p = OpenAiProvider::new(&cfg).unwrap();
    let (text, usage, err) = collect(&p).await.unwrap();
    assert!(
        err.is_none() && usage.is_some() && text.starts_with(ANSWER_START),
        "{err:?}"
    );
}

#[tokio::test]
async fn cancelling_closes_the_provider_connection() {
    let body = stream_fixture("openai_chat.sse");
    let server = ProtocolServer::start(vec![Script::Stall {
        bytes: 700,
        body,
        stall: Duration::from_secs(30),
    }])
    .await;
    let p = OpenAiProvider::new(&server.config(ProviderKind::OpenAi)).unwrap();
    let cancel = CancellationToken::new();
    let mut s = p.stream(request(), cancel.clone()).await.unwrap();
    assert!(matches!(s.next().await, Some(Ok(Chunk::Delta(_)))));
    let dropped = server.state.body_dropped.notified();
    cancel.cancel();
    assert!(matches!(s.next().await, Some(Err(TutorError::Cancelled))));
    assert!(s.next().await.is_none());
    drop(s);
    tokio::time::timeout(Duration::from_secs(5), dropped)
        .await
        .expect("the server saw the connection close");
}

fn python_turn() -> TutorTurn {
    TutorTurn {
        query: "Why does it crash?".into(),
        context: TutorContext {
            code: Some("name = \"Ada\"\ngreeting = \"Hello, \" + name\nprint(greting)\n".into()),
            language: Some("python".into()),
            error_output: Some("Traceback (most recent call last):\n  File \"/box/main.py\", line 3, in <module>\n    print(greting)\n          ^^^^^^^\nNameError: name 'greting' is not defined. Did you mean: 'greeting'?\n".into()),
            ..Default::default()
        },
    }
}

#[tokio::test]
async fn the_service_streams_the_providers_answer_and_reports_its_tokens() {
    let server = ProtocolServer::start(vec![ok_stream("openai_chat.sse")]).await;
    let tutor = Tutor::new(server.config(ProviderKind::OpenAi), Arc::new(NoLessons)).unwrap();
    let mut events = tutor.respond(python_turn(), CancellationToken::new());
    let (mut text, mut deltas, mut done) = (String::new(), 0, None);
    while let Some(e) = events.next().await {
        match e {
            TutorEvent::Delta(t) => {
                deltas += 1;
                text.push_str(&t)
            }
            TutorEvent::Done(s) => done = Some(s),
        }
    }
    let done = done.unwrap();
    assert!(text.starts_with(ANSWER_START), "{text}");
    assert!(deltas > 1, "streamed in one piece");
    assert_eq!(
        (done.provider, done.tokens_used(), done.fallback_from),
        ("openai", 450, None)
    );
    // The reference solution and the raw context never travel in the system prompt.
    let body = server.state.bodies.lock().unwrap()[0].1.clone();
    assert!(body.contains("NameError") && body.contains("  3 | print(greting)"));
}

#[tokio::test]
async fn when_the_provider_fails_the_offline_tutor_answers_and_says_so() {
    let busy = || Script::Status {
        status: 500,
        headers: vec![],
        body: openai_error("server_error", None, "boom"),
    };
    let server = ProtocolServer::start(vec![busy(), busy(), busy()]).await;
    let tutor = Tutor::new(server.config(ProviderKind::OpenAi), Arc::new(NoLessons)).unwrap();
    let reply = tutor
        .respond_text(python_turn(), CancellationToken::new())
        .await;
    assert_eq!(reply.summary.provider, "offline");
    assert_eq!(reply.summary.fallback_from, Some("openai"));
    assert!(reply.text.contains("offline tutor"), "{}", reply.text);
    assert!(
        reply.text.contains("NameError") && reply.text.contains("line 3"),
        "{}",
        reply.text
    );
}

#[tokio::test]
async fn a_provider_that_drops_mid_answer_keeps_its_text_and_appends_the_offline_answer() {
    let body = stream_fixture("anthropic_messages.sse");
    let server = ProtocolServer::start(vec![Script::DropAfter { bytes: 1100, body }]).await;
    let tutor = Tutor::new(server.config(ProviderKind::Anthropic), Arc::new(NoLessons)).unwrap();
    let reply = tutor
        .respond_text(python_turn(), CancellationToken::new())
        .await;
    assert!(reply.text.starts_with("Look at"), "{}", reply.text);
    assert!(
        reply.text.contains("offline tutor") && reply.text.contains("NameError"),
        "{}",
        reply.text
    );
    assert_eq!(reply.summary.fallback_from, Some("anthropic"));
}

#[tokio::test]
async fn a_learner_who_disconnects_closes_the_provider_connection() {
    let body = stream_fixture("openai_chat.sse");
    let server = ProtocolServer::start(vec![Script::Stall {
        bytes: 1500,
        body,
        stall: Duration::from_secs(30),
    }])
    .await;
    let tutor = Tutor::new(server.config(ProviderKind::OpenAi), Arc::new(NoLessons)).unwrap();
    let mut events = tutor.respond(python_turn(), CancellationToken::new());
    assert!(matches!(events.next().await, Some(TutorEvent::Delta(_))));
    let dropped = server.state.body_dropped.notified();
    drop(events);
    // Well inside the 5 s idle timeout: the close comes from the disconnect, not a timeout.
    tokio::time::timeout(Duration::from_secs(2), dropped)
        .await
        .expect("the provider connection was closed");
}
