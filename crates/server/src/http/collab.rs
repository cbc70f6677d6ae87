//! Collaboration over HTTP: `/api/v1/projects/{id}/collaborators` (the owner invites by
//! username as editor or viewer, lists, removes) and `GET
//! /api/v1/projects/{id}/files/{fileId}/live`, a WebSocket speaking the Yjs sync and
//! awareness protocol (binary y-protocols messages, as y-websocket does). This module owns
//! the wire; access and the documents are the `collab` service's (`docs/collaboration.md`).

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{
    CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade, close_code,
};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use garde::Validate;
use governor::{Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;
use yrs::encoding::read::Cursor;
use yrs::sync::{Message, MessageReader, SyncMessage};
use yrs::updates::decoder::DecoderV1;

use codestead_store::collab::CollaboratorRole;

use crate::collab::document::{LiveDoc, Refused, encode};
use crate::collab::{Access, CollabError, Member};
use crate::domain::ErrorCode;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{CurrentUser, ValidJson};
use crate::state::AppState;

/// Largest frame a client may send: a whole file's worth of offline edits, with room.
const MAX_MESSAGE_BYTES: usize = 2 * crate::projects::FILE_MAX_BYTES + 64 * 1024;
/// Messages per second one socket may send (keystrokes and cursor moves), and the burst
/// a reconnect's catch-up may use. Over it the socket is closed (1008 `rate_limited`);
/// the client's provider reconnects and resyncs, so nothing typed is lost.
const MESSAGES_PER_SECOND: u32 = 60;
const MESSAGE_BURST: u32 = 240;
/// How long one frame may take to reach a client that stopped reading.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a closing socket waits for the client's close frame.
const CLOSE_WAIT: Duration = Duration::from_secs(2);
/// Close codes besides the standard ones: the reason says which rule closed the socket.
const CLOSE_INVALID: u16 = 1007;
const CLOSE_TOO_BIG: u16 = 1009;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/projects/{id}/collaborators",
            get(list_collaborators)
                .post(add_collaborator)
                .delete(remove_collaborator),
        )
        .route("/projects/{id}/files/{file_id}/live", get(live_file))
}

#[derive(OpenApi)]
#[openapi(
    paths(list_collaborators, add_collaborator, remove_collaborator, live_file),
    components(schemas(
        CollaboratorDto,
        AddCollaboratorRequest,
        RemoveCollaboratorRequest,
        Problem
    ))
)]
pub struct Api;

impl From<CollabError> for ApiError {
    fn from(err: CollabError) -> Self {
        match err {
            CollabError::NotFound => ApiError::not_found("No such project or file."),
            CollabError::NotOwner => ApiError::forbidden(
                ErrorCode::NotOwner,
                "Only the project's owner may change who collaborates on it.",
            ),
            CollabError::UnknownUser(name) => {
                let mut e = ApiError::field(
                    "username",
                    format!("no collaborator or user is called {name:?}"),
                );
                e.status = StatusCode::NOT_FOUND;
                e.code = ErrorCode::UnknownUser;
                e
            }
            CollabError::SelfInvite => ApiError::field(
                "username",
                "the owner already has every right on their project",
            ),
            CollabError::Store(e) => e.into(),
        }
    }
}

/// Someone the owner let into the project.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CollaboratorDto {
    pub username: String,
    pub name: String,
    /// `editor` or `viewer`.
    pub role: String,
    pub added_at: DateTime<Utc>,
}

impl From<Member> for CollaboratorDto {
    fn from(m: Member) -> Self {
        Self {
            username: m.username,
            name: m.name,
            role: m.role.as_str().to_owned(),
            added_at: m.added_at,
        }
    }
}

fn valid_role(value: &str, _: &()) -> garde::Result {
    CollaboratorRole::parse(value)
        .map(|_| ())
        .ok_or_else(|| garde::Error::new("must be editor or viewer"))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddCollaboratorRequest {
    #[garde(length(min = 1, max = 64))]
    pub username: String,
    /// `editor` (may type) or `viewer` (follows read-only).
    #[garde(custom(valid_role))]
    pub role: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RemoveCollaboratorRequest {
    #[garde(length(min = 1, max = 64))]
    pub username: String,
}

/// Who besides the owner may open the project (anyone who may open it may ask).
#[utoipa::path(get, path = "/api/v1/projects/{id}/collaborators", tag = "collaboration",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<CollaboratorDto>), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn list_collaborators(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<CollaboratorDto>>> {
    let members = state.collab.collaborators(me.user_id, id).await?;
    Ok(Json(members.into_iter().map(Into::into).collect()))
}

/// Invite a user by username as editor or viewer, or change their role (owner only).
#[utoipa::path(post, path = "/api/v1/projects/{id}/collaborators", tag = "collaboration",
    params(("id" = Uuid, Path)), request_body = AddCollaboratorRequest,
    responses((status = 201, body = CollaboratorDto), (status = 403, body = Problem, description = "not_owner"),
              (status = 404, body = Problem, description = "no such project, or unknown_user"),
              (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn add_collaborator(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<AddCollaboratorRequest>,
) -> ApiResult<(StatusCode, Json<CollaboratorDto>)> {
    let role = CollaboratorRole::parse(&body.role).expect("validated");
    let member = state
        .collab
        .put_collaborator(me.user_id, id, body.username.trim(), role)
        .await?;
    Ok((StatusCode::CREATED, Json(member.into())))
}

/// Revoke a collaborator (owner only); their open sockets close at once.
#[utoipa::path(delete, path = "/api/v1/projects/{id}/collaborators", tag = "collaboration",
    params(("id" = Uuid, Path)), request_body = RemoveCollaboratorRequest,
    responses((status = 204), (status = 403, body = Problem, description = "not_owner"),
              (status = 404, body = Problem, description = "no such project, or unknown_user")),
    security(("bearer" = [])))]
async fn remove_collaborator(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<RemoveCollaboratorRequest>,
) -> ApiResult<StatusCode> {
    state
        .collab
        .remove_collaborator(me.user_id, id, body.username.trim())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Edit a project file together.
///
/// Upgrade this GET to a WebSocket (cookie or bearer authentication; a cookie caller must
/// be same-origin). Binary frames carry y-protocols messages: sync step 1/2 and updates
/// of the document's `Y.Text` named `content`, and awareness (presence). The owner and
/// editors may send updates; a viewer's update is answered with a permission-denied auth
/// message and dropped. Close codes: 1008 `access_revoked` / `rate_limited`, 1007
/// `malformed_update`, 1009 `file_too_large`, 1011 on a server failure.
#[utoipa::path(get, path = "/api/v1/projects/{id}/files/{fileId}/live", tag = "collaboration",
    params(("id" = Uuid, Path), ("fileId" = Uuid, Path)),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 403, body = Problem, description = "csrf_rejected: a cookie caller from another origin"),
        (status = 426, body = Problem, description = "websocket_required")),
    security(("bearer" = [])))]
async fn live_file(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    headers: HeaderMap,
    Path((project_id, file_id)): Path<(Uuid, Uuid)>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> ApiResult<Response> {
    // As for the interactive socket: a cookie handshake must come from the app itself
    // (cross-site WebSocket hijacking); a bearer token is no ambient credential.
    if !headers.contains_key(header::AUTHORIZATION) {
        crate::middleware::same_origin(&headers, &state.config.public_url)?;
    }
    let (project, access) = state
        .collab
        .access(me.user_id, project_id)
        .await?
        .ok_or(CollabError::NotFound)?;
    let file = state
        .projects
        .file(project.user_id, project_id, file_id)
        .await?;
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
    let doc = state
        .collab
        .open(project_id, file_id, &file.content)
        .await?;
    let user_id = me.user_id;
    Ok(upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| session(socket, state, doc, user_id, access)))
}

static NEXT_CONNECTION: AtomicU64 = AtomicU64::new(1);

async fn send(socket: &mut WebSocket, bytes: Bytes) -> Result<(), ()> {
    match tokio::time::timeout(SEND_TIMEOUT, socket.send(WsMessage::Binary(bytes))).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(()),
    }
}

async fn close(mut socket: WebSocket, code: u16, reason: &'static str) {
    let frame = WsMessage::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }));
    if tokio::time::timeout(SEND_TIMEOUT, socket.send(frame))
        .await
        .is_err()
    {
        return;
    }
    // The closing handshake: read (and drop) what the client still sends until its close
    // arrives. Dropping the connection with unread data would reset it, and the client
    // would never see the close code that says why.
    let _ = tokio::time::timeout(CLOSE_WAIT, async {
        while let Some(Ok(message)) = socket.recv().await {
            if matches!(message, WsMessage::Close(_)) {
                break;
            }
        }
    })
    .await;
}

/// Why a session ends.
enum End {
    /// The client left (or the connection broke).
    Left,
    Close(u16, &'static str),
}

/// One socket on one document.
async fn session(
    mut socket: WebSocket,
    state: AppState,
    doc: Arc<LiveDoc>,
    user_id: Uuid,
    access: Access,
) {
    let connection = NEXT_CONNECTION.fetch_add(1, Ordering::Relaxed);
    let mut relay = doc.subscribe();
    let mut access_changes = state.collab.access_changes();
    let limiter = RateLimiter::direct(
        Quota::per_second(NonZeroU32::new(MESSAGES_PER_SECOND).expect("non-zero"))
            .allow_burst(NonZeroU32::new(MESSAGE_BURST).expect("non-zero")),
    );
    let mut conn = Connection {
        doc: doc.clone(),
        id: connection,
        user_id,
        access,
        clients: HashSet::new(),
    };
    let mut end = End::Left;
    'greet: {
        for message in doc.greeting().await {
            if send(&mut socket, message).await.is_err() {
                break 'greet;
            }
        }
        end = loop {
            tokio::select! {
                biased;
                changed = access_changes.recv() => {
                    match changed {
                        Ok(project) if project != doc.project_id => continue,
                        // Missed announcements: re-read to be safe.
                        Ok(_) | Err(RecvError::Lagged(_)) => {}
                        Err(RecvError::Closed) => break End::Close(close_code::AWAY, "shutting_down"),
                    }
                    match state.collab.access(user_id, doc.project_id).await {
                        Ok(Some((_, now))) => conn.access = now,
                        Ok(None) => break End::Close(close_code::POLICY, "access_revoked"),
                        Err(err) => {
                            tracing::error!(%err, "re-reading a collaborator's access failed");
                            break End::Close(close_code::ERROR, "internal_error");
                        }
                    }
                }
                relayed = relay.recv() => match relayed {
                    Ok(r) if r.from == connection => {}
                    Ok(r) => if send(&mut socket, r.message).await.is_err() { break End::Left },
                    // Too slow to follow: closing makes the client reconnect and resync.
                    Err(RecvError::Lagged(_)) => break End::Close(close_code::AGAIN, "too_slow"),
                    Err(RecvError::Closed) => break End::Left,
                },
                message = socket.recv() => {
                    let data = match message {
                        None | Some(Err(_)) | Some(Ok(WsMessage::Close(_))) => break End::Left,
                        Some(Ok(WsMessage::Binary(data))) => data,
                        Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => continue,
                        Some(Ok(WsMessage::Text(_))) => break End::Close(close_code::UNSUPPORTED, "binary_only"),
                    };
                    if limiter.check().is_err() {
                        break End::Close(close_code::POLICY, "rate_limited");
                    }
                    match conn.handle(&data).await {
                        Ok(replies) => {
                            let mut gone = false;
                            for reply in replies {
                                if send(&mut socket, reply).await.is_err() {
                                    gone = true;
                                    break;
                                }
                            }
                            if gone { break End::Left }
                        }
                        Err(end) => break end,
                    }
                }
            }
        };
    }
    let clients: Vec<_> = conn.clients.into_iter().collect();
    doc.forget_clients(connection, &clients).await;
    if let End::Close(code, reason) = end {
        close(socket, code, reason).await;
    }
    // The last socket folds the document's updates into its snapshot on the way out.
    if Arc::strong_count(&doc) <= 2 {
        doc.compact_now().await;
    }
}

struct Connection {
    doc: Arc<LiveDoc>,
    id: u64,
    user_id: Uuid,
    access: Access,
    /// The awareness client ids this socket spoke for (their cursors go when it leaves).
    clients: HashSet<yrs::ClientID>,
}

impl Connection {
    /// Handles one binary frame (one or more y-protocols messages); returns the replies.
    async fn handle(&mut self, data: &[u8]) -> Result<Vec<Bytes>, End> {
        let mut decoder = DecoderV1::new(Cursor::new(data));
        let mut replies = Vec::new();
        for message in MessageReader::new(&mut decoder) {
            let Ok(message) = message else {
                return Err(End::Close(CLOSE_INVALID, "malformed_message"));
            };
            match message {
                Message::Sync(SyncMessage::SyncStep1(sv)) => {
                    replies.push(self.doc.missing_for(&sv).await);
                }
                Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                    if !self.access.may_write() {
                        // A viewer's client answers the greeting with its (empty) state;
                        // only an update that carries something is refused, and said so.
                        if !is_empty_update(&update) {
                            replies.push(encode(Message::Auth(Some("read-only".into()))));
                        }
                        continue;
                    }
                    match self
                        .doc
                        .apply_update(self.id, Some(self.user_id), update)
                        .await
                    {
                        Ok(()) => {}
                        Err(Refused::Malformed(why)) => {
                            tracing::info!(%why, "refused a malformed update");
                            return Err(End::Close(CLOSE_INVALID, "malformed_update"));
                        }
                        Err(Refused::TooLarge(_)) => {
                            return Err(End::Close(CLOSE_TOO_BIG, "file_too_large"));
                        }
                        Err(Refused::Store(err)) => {
                            // Not stored, so not acknowledged: the client keeps the edit
                            // and sends it again when it reconnects.
                            tracing::error!(%err, "appending an update failed");
                            return Err(End::Close(close_code::ERROR, "internal_error"));
                        }
                    }
                }
                Message::Awareness(update) => {
                    match self.doc.apply_awareness(self.id, update).await {
                        Ok(ids) => self.clients.extend(ids),
                        Err(_) => return Err(End::Close(CLOSE_INVALID, "malformed_awareness")),
                    }
                }
                Message::AwarenessQuery => {
                    if let Some(m) = self.doc.awareness_message().await {
                        replies.push(m);
                    }
                }
                Message::Auth(_) | Message::Custom(..) => {}
            }
        }
        Ok(replies)
    }
}

/// Whether a v1 update carries no change (what a client with nothing new sends).
fn is_empty_update(data: &[u8]) -> bool {
    use yrs::updates::decoder::Decode;
    yrs::Update::decode_v1(data).is_ok_and(|u| u.is_empty())
}
