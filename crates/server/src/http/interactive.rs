//! `GET /api/v1/executions/interactive`: an interactive run over a WebSocket (protocol in
//! `docs/interactive.md`). This module owns the wire: the upgrade (authenticated like every
//! execution route, same-origin for cookie callers), the JSON frames each way, and the mapping
//! of [`InteractiveError`] to problem-like error frames. The run itself is the execution
//! service's.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use codestead_sandbox::{Input, InteractiveIo, OutputChunk, Stream};

use super::executions::{ExecutionRequest, ExecutionResponse, resolve_request};
use crate::domain::ErrorCode;
use crate::error::{ApiError, ApiResult, Problem};
use crate::exec::interactive::{InteractiveError, InteractiveReport};
use crate::extract::{CurrentUser, parse_json, validated};
use crate::state::AppState;

/// Largest frame a client may send (a start message with its files).
const MAX_MESSAGE_BYTES: usize = 1024 * 1024;
/// Largest `data` of one stdin message, and of all of them in one run.
const MAX_STDIN_MESSAGE_BYTES: usize = 64 * 1024;
const MAX_STDIN_TOTAL_BYTES: usize = 1024 * 1024;
/// How long the socket may stay open without a start message.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one frame may take to reach a client that stopped reading.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

pub fn router() -> Router<AppState> {
    Router::new().route("/executions/interactive", get(interactive_execution))
}

#[derive(OpenApi)]
#[openapi(
    paths(interactive_execution),
    components(schemas(
        InteractiveStartMessage,
        InteractiveStdinMessage,
        InteractiveStopMessage,
        InteractiveOutputFrame,
        InteractiveExitFrame,
        InteractiveErrorFrame
    ))
)]
pub struct Api;

/// Client → server, first and once: what to run. The fields of `POST /api/v1/executions`
/// (without `trace`), plus `type`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InteractiveStartMessage {
    /// `start`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(flatten)]
    pub request: ExecutionRequestSchema,
}

/// The run request of a start message (as `POST /api/v1/executions`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionRequestSchema {
    pub language: String,
    pub code: Option<String>,
    pub files: Option<Vec<super::executions::FileDto>>,
    pub entry: Option<String>,
    /// Pre-filled input, sent to the program before anything typed (at most 64 KiB).
    pub stdin: Option<String>,
    pub project_id: Option<Uuid>,
}

/// Client → server: input for the program (at most 64 KiB a message, 1 MiB a run).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InteractiveStdinMessage {
    /// `stdin`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Sent as is: a line typed by the learner ends in `\n`.
    pub data: String,
    /// Close the program's stdin after `data` (it then reads end-of-file).
    #[serde(default)]
    pub eof: bool,
}

/// Client → server: kill the program now. The run ends with an `exit` frame (`stopped: true`).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InteractiveStopMessage {
    /// `stop`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// Server → client: output as the program writes it (`type` is `stdout` or `stderr`), at
/// most 8 KiB of whole UTF-8 characters a frame.
#[derive(Debug, Serialize, ToSchema)]
pub struct InteractiveOutputFrame {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub data: String,
}

/// Server → client, last: the run's result, as `POST /api/v1/executions` returns it and as
/// stored in the history; then the server closes the socket (code 1000).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InteractiveExitFrame {
    /// `exit`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(flatten)]
    pub result: ExecutionResponse,
    /// The learner stopped the run (or left); the program did not end by itself.
    pub stopped: bool,
}

/// Server → client: a problem, as in problem details (`code` stable, `fields` naming bad
/// fields). Before the run starts it is the last frame (close code 1008); a bad message during
/// the run stops the program, whose `exit` frame follows.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InteractiveErrorFrame {
    /// `error`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The HTTP status the same problem would have.
    pub status: u16,
    pub code: String,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// For `rate_limited` and `queue_full`: when to try again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

impl From<InteractiveError> for ApiError {
    fn from(err: InteractiveError) -> Self {
        match err {
            InteractiveError::Invalid { field, message } => ApiError::field(field, message),
            InteractiveError::LanguageUnavailable(name) => ApiError::unavailable(
                ErrorCode::LanguageUnavailable,
                format!("{name} is not available on this server."),
                Duration::from_secs(60),
            ),
            InteractiveError::RateLimited(wait) => ApiError::too_many(
                ErrorCode::RateLimited,
                "You have run programs many times in a short while; the limit keeps the server fair for everyone.",
                wait,
            ),
            InteractiveError::QueueFull => ApiError::unavailable(
                ErrorCode::QueueFull,
                "Many programs are running right now; try again in a few seconds.",
                Duration::from_secs(2),
            ),
            InteractiveError::SandboxUnavailable => ApiError::unavailable(
                ErrorCode::SandboxUnavailable,
                "Code execution is not available on this server.",
                Duration::from_secs(60),
            ),
            InteractiveError::Store(e) => e.into(),
        }
    }
}

impl From<ApiError> for InteractiveErrorFrame {
    fn from(err: ApiError) -> Self {
        if err.status.is_server_error() && err.code == ErrorCode::InternalError {
            // Logged once, like a 5xx response; the client gets the generic words only.
            tracing::error!(code = err.code.as_str(), detail = %err.detail, "interactive run failed");
        }
        Self {
            kind: "error",
            status: err.status.as_u16(),
            code: err.code.as_str().to_owned(),
            detail: err.detail,
            fields: err.fields,
            retry_after_secs: err.retry_after.map(crate::error::retry_after_secs),
        }
    }
}

/// Run a program interactively over a WebSocket.
///
/// Upgrade this GET to a WebSocket (cookie or bearer authentication, as the other execution
/// routes; a cookie caller must be same-origin). Then send one `start` message, any number of
/// `stdin` messages and perhaps a `stop`; receive `stdout`/`stderr` frames as the program
/// writes and one `exit` frame with the stored result, or `error` frames. The run takes the
/// same per-user rate budget and queue place as `POST /api/v1/executions` and holds its slot
/// while the program runs. See `docs/interactive.md`.
#[utoipa::path(get, path = "/api/v1/executions/interactive", tag = "executions",
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 401, body = Problem, description = "unauthenticated"),
        (status = 403, body = Problem, description = "csrf_rejected: a cookie caller from another origin"),
        (status = 426, body = Problem, description = "websocket_required: not a WebSocket upgrade")),
    security(("bearer" = [])))]
async fn interactive_execution(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> ApiResult<Response> {
    // Browsers send cookies with a cross-site WebSocket handshake and no CORS check applies
    // to it, so a cookie caller must prove it is the app itself (cross-site WebSocket
    // hijacking); a bearer token is no ambient credential.
    if !headers.contains_key(header::AUTHORIZATION) {
        crate::middleware::same_origin(&headers, &state.config.public_url)?;
    }
    let upgrade = upgrade.map_err(|rejection| {
        ApiError::new(
            StatusCode::UPGRADE_REQUIRED,
            ErrorCode::WebsocketRequired,
            format!(
                "Open this address as a WebSocket ({}).",
                rejection.body_text()
            ),
        )
    })?;
    let user_id = principal.user_id;
    Ok(upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| session(socket, state, user_id)))
}

/// What a client message asked for.
enum ClientMessage {
    Start(Box<ExecutionRequest>),
    Stdin { data: String, eof: bool },
    Stop,
}

/// Parses one text frame, naming the field at fault.
fn parse_client(text: &str) -> ApiResult<ClientMessage> {
    let mut value: Value = parse_json(text.as_bytes())?;
    let Some(object) = value.as_object_mut() else {
        return Err(ApiError::field("body", "must be a JSON object"));
    };
    let kind = match object.remove("type") {
        Some(Value::String(kind)) => kind,
        Some(_) => return Err(ApiError::field("type", "must be a string")),
        None => return Err(ApiError::field("type", "missing field `type`")),
    };
    match kind.as_str() {
        "start" => {
            if object.contains_key("trace") {
                return Err(ApiError::field("trace", "interactive runs are not traced"));
            }
            let body: ExecutionRequest = parse_json(value.to_string().as_bytes())?;
            Ok(ClientMessage::Start(Box::new(validated(body)?)))
        }
        "stdin" => {
            object.insert("type".into(), Value::String(kind));
            let message: InteractiveStdinMessage = parse_json(value.to_string().as_bytes())?;
            if message.data.len() > MAX_STDIN_MESSAGE_BYTES {
                return Err(ApiError::field("data", "must be at most 64 KiB"));
            }
            Ok(ClientMessage::Stdin {
                data: message.data,
                eof: message.eof,
            })
        }
        "stop" => {
            object.insert("type".into(), Value::String(kind));
            let _: InteractiveStopMessage = parse_json(value.to_string().as_bytes())?;
            Ok(ClientMessage::Stop)
        }
        _ => Err(ApiError::field("type", "must be one of start, stdin, stop")),
    }
}

async fn send_json(socket: &mut WebSocket, frame: &impl Serialize) -> Result<(), ()> {
    let text = serde_json::to_string(frame).map_err(|_| ())?;
    match tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::Text(text.into()))).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(()),
    }
}

/// Sends `err` as the last frame and closes with 1008.
async fn refuse(mut socket: WebSocket, err: ApiError) {
    let _ = send_json(&mut socket, &InteractiveErrorFrame::from(err)).await;
    close(socket, close_code::POLICY, "refused").await;
}

async fn close(mut socket: WebSocket, code: u16, reason: &'static str) {
    let frame = Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }));
    let _ = tokio::time::timeout(SEND_TIMEOUT, socket.send(frame)).await;
}

/// Waits for the start message (bounded by [`START_TIMEOUT`]).
async fn first_message(socket: &mut WebSocket) -> ApiResult<Box<ExecutionRequest>> {
    let expected = || ApiError::field("type", "the first message must be a `start` message");
    loop {
        let message = match tokio::time::timeout(START_TIMEOUT, socket.recv()).await {
            Err(_) => {
                return Err(ApiError::bad_request(
                    ErrorCode::StartTimeout,
                    "No start message arrived within 30 seconds.",
                ));
            }
            Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => {
                return Err(ApiError::bad_request(
                    ErrorCode::Closed,
                    "The socket closed.",
                ));
            }
            Ok(Some(Ok(message))) => message,
        };
        match message {
            Message::Text(text) => {
                return match parse_client(&text)? {
                    ClientMessage::Start(body) => Ok(body),
                    _ => Err(expected()),
                };
            }
            Message::Binary(_) => return Err(ApiError::field("body", "send JSON text frames")),
            Message::Ping(_) | Message::Pong(_) => continue,
            Message::Close(_) => unreachable!("handled above"),
        }
    }
}

fn output_frame(chunk: OutputChunk) -> InteractiveOutputFrame {
    InteractiveOutputFrame {
        kind: match chunk.stream {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        },
        data: chunk.data,
    }
}

/// One interactive run, from the start message to the close.
async fn session(mut socket: WebSocket, state: AppState, user_id: Uuid) {
    let body = match first_message(&mut socket).await {
        Ok(body) => body,
        Err(err) if err.code == ErrorCode::Closed => return,
        Err(err) => return refuse(socket, err).await,
    };
    let (request, project_id) = match resolve_request(&state, user_id, *body).await {
        Ok(resolved) => resolved,
        Err(err) => return refuse(socket, err).await,
    };
    let (input_tx, input_rx) = mpsc::channel(64);
    let (output_tx, mut output_rx) = mpsc::channel(16);
    if !request.stdin.is_empty() {
        // The channel is empty: this cannot fail for lack of room.
        let _ = input_tx.try_send(Input::Stdin {
            data: request.stdin.clone(),
        });
    }
    let mut stdin_total = request.stdin.len();
    let io = InteractiveIo {
        input: input_rx,
        output: output_tx,
    };
    let run = state
        .executions
        .run_interactive(user_id, request, project_id, io);
    tokio::pin!(run);

    // Dropping the sender kills the program: done when the client leaves.
    let mut input = Some(input_tx);
    let mut client_open = true;
    let result = loop {
        tokio::select! {
            biased;
            Some(chunk) = output_rx.recv() => {
                if client_open && send_json(&mut socket, &output_frame(chunk)).await.is_err() {
                    client_open = false;
                    input = None;
                }
            }
            result = &mut run => break result,
            message = socket.recv(), if client_open => {
                let text = match message {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => {
                        client_open = false;
                        input = None;
                        continue;
                    }
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Binary(_))) => {
                        bad_message(&mut socket, &mut input, ApiError::field("body", "send JSON text frames")).await;
                        continue;
                    }
                };
                match parse_client(&text) {
                    Ok(ClientMessage::Stdin { data, eof }) => {
                        stdin_total += data.len();
                        if stdin_total > MAX_STDIN_TOTAL_BYTES {
                            let err = ApiError::field("data", "a run takes at most 1 MiB of input");
                            bad_message(&mut socket, &mut input, err).await;
                            continue;
                        }
                        if let Some(tx) = &input {
                            let _ = tx.send(Input::Stdin { data }).await;
                            if eof {
                                let _ = tx.send(Input::Eof).await;
                            }
                        }
                    }
                    Ok(ClientMessage::Stop) => {
                        if let Some(tx) = &input {
                            let _ = tx.send(Input::Stop).await;
                        }
                    }
                    Ok(ClientMessage::Start(_)) => {
                        let err = ApiError::field("type", "the run has already started");
                        bad_message(&mut socket, &mut input, err).await;
                    }
                    Err(err) => bad_message(&mut socket, &mut input, err).await,
                }
            }
        }
    };
    // Everything the program wrote reaches the client before its exit frame.
    while let Some(chunk) = output_rx.recv().await {
        if client_open && send_json(&mut socket, &output_frame(chunk)).await.is_err() {
            client_open = false;
        }
    }
    if !client_open {
        return;
    }
    match result {
        Ok(InteractiveReport { report, stopped }) => {
            let frame = InteractiveExitFrame {
                kind: "exit",
                result: report.into(),
                stopped,
            };
            if send_json(&mut socket, &frame).await.is_ok() {
                close(socket, close_code::NORMAL, "exited").await;
            }
        }
        Err(err) => refuse(socket, err.into()).await,
    }
}

/// A bad message during the run: its error frame, and the program is stopped (its exit frame
/// follows when it is gone).
async fn bad_message(
    socket: &mut WebSocket,
    input: &mut Option<mpsc::Sender<Input>>,
    err: ApiError,
) {
    let _ = send_json(socket, &InteractiveErrorFrame::from(err)).await;
    if let Some(tx) = input.as_ref() {
        let _ = tx.send(Input::Stop).await;
    }
}
