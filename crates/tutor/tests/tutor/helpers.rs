//! Shared test helpers: the fixtures folder and an in-process protocol server on 127.0.0.1:0 that
//! plays scripted responses (statuses, streams, drops, stalls) in order.

use std::{
    collections::VecDeque,
    convert::Infallible,
    path::PathBuf,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use codestead_tutor::{ProviderKind, RetryPolicy, TutorConfig};
use futures_util::stream;
use tokio::sync::Notify;

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn stream_fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("streams").join(name)).expect("fixture exists")
}

/// One scripted answer.
#[derive(Clone)]
pub enum Script {
    /// 200 text/event-stream with `body` sent in `pieces` parts, `gap` apart.
    Stream {
        body: Vec<u8>,
        pieces: usize,
        gap: Duration,
    },
    /// A status with headers and a JSON body.
    Status {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Sends the first `bytes` of `body`, then breaks the connection.
    DropAfter { body: Vec<u8>, bytes: usize },
    /// Sends the first `bytes` of `body`, then goes silent for `stall`.
    Stall {
        body: Vec<u8>,
        bytes: usize,
        stall: Duration,
    },
}

#[derive(Default)]
pub struct ServerState {
    scripts: Mutex<VecDeque<Script>>,
    pub requests: AtomicUsize,
    pub bodies: Mutex<Vec<(HeaderMap, String)>>,
    /// Notified when a streamed body is dropped (the client went away or finished).
    pub body_dropped: Notify,
}

pub struct ProtocolServer {
    pub base: String,
    pub state: Arc<ServerState>,
}

impl ProtocolServer {
    pub async fn start(scripts: Vec<Script>) -> Self {
        let state = Arc::new(ServerState {
            scripts: Mutex::new(scripts.into()),
            ..Default::default()
        });
        let app = Router::new()
            .route("/v1/chat/completions", post(handle))
            .route("/v1/messages", post(handle))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            base: format!("http://{addr}"),
            state,
        }
    }

    pub fn requests(&self) -> usize {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// A config pointing a provider at this server, with short timeouts for tests.
    pub fn config(&self, kind: ProviderKind) -> TutorConfig {
        TutorConfig {
            provider: kind,
            base_url: Some(match kind {
                ProviderKind::Anthropic => self.base.clone(),
                _ => format!("{}/v1", self.base),
            }),
            api_key: Some("test-key".to_string().into()),
            model: Some("test-model".into()),
            first_byte_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(5),
            retry: RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(20),
                max_delay: Duration::from_secs(3),
            },
            ..TutorConfig::default()
        }
    }
}

struct DropSignal(Arc<ServerState>);
impl Drop for DropSignal {
    fn drop(&mut self) {
        self.0.body_dropped.notify_one();
    }
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    state.requests.fetch_add(1, Ordering::SeqCst);
    state.bodies.lock().unwrap().push((headers, body));
    let script = state.scripts.lock().unwrap().pop_front();
    let sse = |b: Body| {
        Response::builder()
            .status(200)
            .header("content-type", "text/event-stream")
            .body(b)
            .unwrap()
    };
    match script {
        None => (StatusCode::INTERNAL_SERVER_ERROR, "no script left").into_response(),
        Some(Script::Status {
            status,
            headers,
            body,
        }) => {
            let mut r = Response::builder()
                .status(status)
                .header("content-type", "application/json");
            for (k, v) in headers {
                r = r.header(k, v);
            }
            r.body(Body::from(body)).unwrap()
        }
        Some(Script::Stream { body, pieces, gap }) => {
            let size = body.len().div_ceil(pieces.max(1)).max(1);
            let parts: Vec<Bytes> = body.chunks(size).map(Bytes::copy_from_slice).collect();
            let guard = DropSignal(state.clone());
            let s = stream::unfold(
                (parts.into_iter(), guard, true),
                move |(mut it, g, first)| async move {
                    let next = it.next()?;
                    if !first {
                        tokio::time::sleep(gap).await;
                    }
                    Some((Ok::<_, Infallible>(next), (it, g, false)))
                },
            );
            sse(Body::from_stream(s))
        }
        Some(Script::DropAfter { body, bytes }) => {
            let head = Bytes::copy_from_slice(&body[..bytes.min(body.len())]);
            // The pause lets the headers and the first bytes reach the client before the break,
            // as when a proxy or the provider dies mid-answer.
            let s = stream::unfold(0, move |i| {
                let head = head.clone();
                async move {
                    match i {
                        0 => Some((Ok(head), 1)),
                        1 => {
                            tokio::time::sleep(Duration::from_millis(100)).await;
                            Some((
                                Err(std::io::Error::other("connection dropped by script")),
                                2,
                            ))
                        }
                        _ => None,
                    }
                }
            });
            sse(Body::from_stream(s))
        }
        Some(Script::Stall { body, bytes, stall }) => {
            let head = Bytes::copy_from_slice(&body[..bytes.min(body.len())]);
            let rest = Bytes::copy_from_slice(&body[bytes.min(body.len())..]);
            let guard = DropSignal(state.clone());
            let s = stream::unfold((0, guard), move |(i, g)| {
                let (head, rest) = (head.clone(), rest.clone());
                async move {
                    match i {
                        0 => Some((Ok::<_, Infallible>(head), (1, g))),
                        1 => {
                            tokio::time::sleep(stall).await;
                            Some((Ok(rest), (2, g)))
                        }
                        _ => None,
                    }
                }
            });
            sse(Body::from_stream(s))
        }
    }
}

pub fn openai_error(status_type: &str, code: Option<&str>, message: &str) -> String {
    serde_json::json!({"error": {"message": message, "type": status_type, "param": null, "code": code}}).to_string()
}

pub fn anthropic_error(kind: &str, message: &str) -> String {
    serde_json::json!({"type": "error", "error": {"type": kind, "message": message}}).to_string()
}
