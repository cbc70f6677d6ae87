//! Collaboration: collaborators (invite, list, remove, who may) and the live socket
//! `/api/v1/projects/{id}/files/{fileId}/live` driven by real Yjs clients (yrs): edits
//! reach the other socket, a viewer's update is refused, a revoked editor's socket closes,
//! malformed and oversized updates change nothing, and the document outlives the server.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{Error as WsError, Message as WsMessage};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yrs::encoding::read::Cursor;
use yrs::sync::{Awareness, Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Doc, GetString, ReadTxn, Text, Transact, Update};

use crate::helpers::{Login, TestApp, assert_problem};

/// No message should take this long on a loaded machine.
const WAIT: Duration = Duration::from_secs(20);

/// A Yjs client as a browser tab runs one: its own document, kept in sync over the socket.
struct Peer {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    awareness: Awareness,
    /// Permission-denied messages received.
    denied: Vec<String>,
    /// Awareness states of others seen, as JSON.
    presence: Vec<String>,
    closed: Option<(u16, String)>,
    /// Sync step 2 messages received: each answers one of our sync step 1s, sent after
    /// everything before it on this socket was handled.
    synced: usize,
}

fn live_path(project: &str, file: &str) -> String {
    format!("/api/v1/projects/{project}/files/{file}/live")
}

impl Peer {
    async fn try_open(
        app: &TestApp,
        token: &str,
        project: &str,
        file: &str,
    ) -> Result<Peer, WsError> {
        let url = format!(
            "{}{}",
            app.base.replacen("http", "ws", 1),
            live_path(project, file)
        );
        let mut request = url.into_client_request().unwrap();
        request.headers_mut().insert(
            "authorization",
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
        let (ws, _) = tokio_tungstenite::connect_async(request).await?;
        let mut peer = Peer {
            ws,
            awareness: Awareness::new(Doc::new()),
            denied: Vec::new(),
            presence: Vec::new(),
            closed: None,
            synced: 0,
        };
        let sv = peer.doc().transact().state_vector();
        peer.send(Message::Sync(SyncMessage::SyncStep1(sv))).await;
        Ok(peer)
    }

    /// Opens and waits until the document's text arrived.
    async fn open(app: &TestApp, token: &str, project: &str, file: &str, text: &str) -> Peer {
        let mut peer = Self::try_open(app, token, project, file)
            .await
            .expect("upgrade");
        peer.until(|p| p.synced >= 1 && p.text() == text).await;
        peer
    }

    fn doc(&self) -> &Doc {
        self.awareness.doc()
    }

    fn text(&self) -> String {
        let text = self.doc().get_or_insert_text("content");
        text.get_string(&self.doc().transact())
    }

    async fn send(&mut self, message: Message) {
        self.send_raw(message.encode_v1()).await;
    }

    async fn send_raw(&mut self, bytes: Vec<u8>) {
        let _ = self.ws.send(WsMessage::Binary(bytes.into())).await;
    }

    /// Types `chunk` at `index` (a local edit, sent as an update).
    async fn insert(&mut self, index: u32, chunk: &str) {
        let text = self.doc().get_or_insert_text("content");
        let update = {
            let mut txn = self.doc().transact_mut();
            text.insert(&mut txn, index, chunk);
            txn.encode_update_v1()
        };
        self.send(Message::Sync(SyncMessage::Update(update))).await;
    }

    async fn announce(&mut self, state: Value) {
        self.awareness.set_local_state_raw(state.to_string());
        let update = self.awareness.update().unwrap();
        self.send(Message::Awareness(update)).await;
    }

    /// Handles one incoming frame; false once the socket is closed.
    async fn step(&mut self) -> bool {
        let frame = match tokio::time::timeout(WAIT, self.ws.next()).await {
            Err(_) => panic!("no message within {WAIT:?} (text {:?})", self.text()),
            Ok(None) | Ok(Some(Err(_))) => {
                self.closed.get_or_insert((1006, String::new()));
                return false;
            }
            Ok(Some(Ok(frame))) => frame,
        };
        match frame {
            WsMessage::Binary(data) => {
                let mut decoder = DecoderV1::new(Cursor::new(&data));
                let messages: Vec<Message> = MessageReader::new(&mut decoder)
                    .map(|m| m.expect("server messages decode"))
                    .collect();
                for message in messages {
                    match message {
                        Message::Sync(SyncMessage::SyncStep1(sv)) => {
                            let update = self.doc().transact().encode_state_as_update_v1(&sv);
                            self.send(Message::Sync(SyncMessage::SyncStep2(update)))
                                .await;
                        }
                        Message::Sync(SyncMessage::SyncStep2(u)) => {
                            let update = Update::decode_v1(&u).unwrap();
                            self.doc().transact_mut().apply_update(update).unwrap();
                            self.synced += 1;
                        }
                        Message::Sync(SyncMessage::Update(u)) => {
                            let update = Update::decode_v1(&u).unwrap();
                            self.doc().transact_mut().apply_update(update).unwrap();
                        }
                        Message::Awareness(update) => {
                            for entry in update.clients.values() {
                                self.presence.push(entry.json.to_string());
                            }
                            self.awareness.apply_update(update).unwrap();
                        }
                        Message::Auth(Some(reason)) => self.denied.push(reason),
                        _ => {}
                    }
                }
                true
            }
            WsMessage::Close(frame) => {
                self.closed = Some(frame.map_or((1005, String::new()), |f| {
                    (u16::from(f.code), f.reason.to_string())
                }));
                false
            }
            _ => true,
        }
    }

    async fn until(&mut self, done: impl Fn(&Peer) -> bool) {
        while !done(self) {
            assert!(self.step().await, "closed early: {:?}", self.closed);
        }
    }

    /// Reads until the server closes the socket; returns the close code and reason.
    async fn closed(&mut self) -> (u16, String) {
        while self.step().await {}
        self.closed.clone().unwrap()
    }
}

struct Setup {
    owner: Login,
    project: String,
    file: String,
}

async fn username(app: &TestApp, who: &Login) -> String {
    let me: Value = app
        .get_as(&who.access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    me["username"].as_str().unwrap().to_owned()
}

async fn project_with_file(app: &TestApp, content: &str) -> Setup {
    let owner = app.learner().await;
    let project: Value = app
        .post_as(
            &owner.access,
            "/api/v1/projects",
            Some(json!({"title": "Pair"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let project = project["id"].as_str().unwrap().to_owned();
    let file: Value = app
        .post_as(
            &owner.access,
            &format!("/api/v1/projects/{project}/files"),
            Some(json!({"path": "main.py", "content": content})),
        )
        .await
        .json()
        .await
        .unwrap();
    Setup {
        owner,
        project,
        file: file["id"].as_str().unwrap().to_owned(),
    }
}

async fn invite(app: &TestApp, s: &Setup, who: &Login, role: &str) {
    let name = username(app, who).await;
    let r = app
        .post_as(
            &s.owner.access,
            &format!("/api/v1/projects/{}/collaborators", s.project),
            Some(json!({"username": name, "role": role})),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
}

async fn file_text(app: &TestApp, token: &str, s: &Setup) -> String {
    let body: Value = app
        .get_as(
            token,
            &format!("/api/v1/projects/{}/files/{}", s.project, s.file),
        )
        .await
        .json()
        .await
        .unwrap();
    body["content"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_owner_and_an_invited_editor_see_each_others_edits_and_cursors() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "print(1)\n").await;
    let editor = app.learner().await;
    invite(&app, &s, &editor, "editor").await;

    let mut a = Peer::open(&app, &s.owner.access, &s.project, &s.file, "print(1)\n").await;
    let mut b = Peer::open(&app, &editor.access, &s.project, &s.file, "print(1)\n").await;
    b.announce(json!({"user": {"name": "Bea", "color": "#c00"}, "cursor": 3}))
        .await;
    a.until(|p| p.presence.iter().any(|s| s.contains("Bea")))
        .await;

    // Both type at once, at opposite ends.
    a.insert(0, "# owner\n").await;
    let end = b.text().len() as u32;
    b.insert(end, "# editor\n").await;
    let both = |p: &Peer| p.text().contains("# owner\n") && p.text().contains("# editor\n");
    a.until(both).await;
    b.until(both).await;
    assert_eq!(a.text(), b.text());
    assert_eq!(a.text(), "# owner\nprint(1)\n# editor\n");
    // The file API reads the document's text, for the owner and the editor alike.
    assert_eq!(file_text(&app, &s.owner.access, &s).await, a.text());
    assert_eq!(file_text(&app, &editor.access, &s).await, a.text());

    // When Bea leaves, her cursor goes for the others.
    drop(b);
    a.until(|p| p.presence.iter().any(|s| s == "null")).await;
}

#[tokio::test]
async fn a_viewer_follows_the_text_but_every_update_from_them_is_refused() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "x = 1\n").await;
    let viewer = app.learner().await;
    invite(&app, &s, &viewer, "viewer").await;
    let mut owner = Peer::open(&app, &s.owner.access, &s.project, &s.file, "x = 1\n").await;
    let mut v = Peer::open(&app, &viewer.access, &s.project, &s.file, "x = 1\n").await;

    v.insert(0, "evil\n").await;
    v.until(|p| !p.denied.is_empty()).await;
    assert_eq!(v.denied, vec!["read-only".to_owned()]);
    // The owner types after; the viewer sees that, and nothing of theirs reached anyone.
    owner.insert(0, "# ok\n").await;
    v.until(|p| p.text().contains("# ok")).await;
    assert_eq!(file_text(&app, &s.owner.access, &s).await, "# ok\nx = 1\n");

    // A viewer may read through the file API, not save.
    let r = app
        .request(
            Method::PUT,
            &format!("/api/v1/projects/{}/files/{}", s.project, s.file),
            Some(json!({"content": "overwritten"})),
            Some(&viewer.access),
        )
        .await;
    assert_problem(r, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(file_text(&app, &viewer.access, &s).await, "# ok\nx = 1\n");
}

#[tokio::test]
async fn revoking_an_editor_closes_their_open_socket_at_once() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "").await;
    let editor = app.learner().await;
    invite(&app, &s, &editor, "editor").await;
    let mut e = Peer::open(&app, &editor.access, &s.project, &s.file, "").await;
    e.insert(0, "mine").await;
    let mut owner = Peer::open(&app, &s.owner.access, &s.project, &s.file, "mine").await;

    let name = username(&app, &editor).await;
    let r = app
        .request(
            Method::DELETE,
            &format!("/api/v1/projects/{}/collaborators", s.project),
            Some(json!({"username": name})),
            Some(&s.owner.access),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(e.closed().await, (1008, "access_revoked".to_owned()));
    // Nor can they come back.
    let err = Peer::try_open(&app, &editor.access, &s.project, &s.file)
        .await
        .err();
    assert!(
        matches!(&err, Some(WsError::Http(r)) if r.status() == StatusCode::NOT_FOUND),
        "{err:?}"
    );
    owner.insert(0, ">").await;
    owner.until(|p| p.text() == ">mine").await;
}

#[tokio::test]
async fn an_editor_turned_viewer_can_no_longer_write_on_the_same_socket() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "").await;
    let editor = app.learner().await;
    invite(&app, &s, &editor, "editor").await;
    let mut e = Peer::open(&app, &editor.access, &s.project, &s.file, "").await;
    invite(&app, &s, &editor, "viewer").await;
    e.insert(0, "late").await;
    e.until(|p| !p.denied.is_empty()).await;
    assert_eq!(file_text(&app, &s.owner.access, &s).await, "");
}

#[tokio::test]
async fn a_malformed_update_closes_the_socket_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "safe\n").await;
    let mut bad = Peer::open(&app, &s.owner.access, &s.project, &s.file, "safe\n").await;
    let mut good = Peer::open(&app, &s.owner.access, &s.project, &s.file, "safe\n").await;
    // A sync update whose payload is no Yjs update.
    bad.send(Message::Sync(SyncMessage::Update(vec![
        0xff, 0xff, 0xff, 0xff, 0x0f, 7, 7,
    ])))
    .await;
    assert_eq!(bad.closed().await, (1007, "malformed_update".to_owned()));
    // And bytes that are no y-protocols message at all.
    let mut worse = Peer::open(&app, &s.owner.access, &s.project, &s.file, "safe\n").await;
    worse.send_raw(vec![0, 9, 1]).await;
    assert_eq!(worse.closed().await.0, 1007);

    assert_eq!(file_text(&app, &s.owner.access, &s).await, "safe\n");
    good.insert(0, "still ").await;
    let check = Peer::open(&app, &s.owner.access, &s.project, &s.file, "still safe\n").await;
    assert_eq!(check.text(), "still safe\n");
}

#[tokio::test]
async fn a_live_document_cannot_grow_past_the_file_size_cap() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "small\n").await;
    let mut a = Peer::open(&app, &s.owner.access, &s.project, &s.file, "small\n").await;
    let big = "x".repeat(codestead_server::projects::FILE_MAX_BYTES);
    a.insert(0, &big).await;
    assert_eq!(a.closed().await, (1009, "file_too_large".to_owned()));
    assert_eq!(file_text(&app, &s.owner.access, &s).await, "small\n");
}

#[tokio::test]
async fn a_socket_that_floods_the_server_is_closed() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "").await;
    let mut a = Peer::open(&app, &s.owner.access, &s.project, &s.file, "").await;
    for _ in 0..1000 {
        a.send(Message::AwarenessQuery).await;
    }
    let (code, reason) = a.closed().await;
    assert_eq!((code, reason.as_str()), (1008, "rate_limited"));
}

#[tokio::test]
async fn strangers_and_anonymous_callers_cannot_open_the_socket() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "secret").await;
    let stranger = app.learner().await;
    let err = Peer::try_open(&app, &stranger.access, &s.project, &s.file)
        .await
        .err();
    assert!(
        matches!(&err, Some(WsError::Http(r)) if r.status() == StatusCode::NOT_FOUND),
        "{err:?}"
    );
    let err = Peer::try_open(&app, "not-a-token", &s.project, &s.file)
        .await
        .err();
    assert!(
        matches!(&err, Some(WsError::Http(r)) if r.status() == StatusCode::UNAUTHORIZED),
        "{err:?}"
    );
    // A file of another project under this project's id is not found either.
    let other = project_with_file(&app, "other").await;
    let err = Peer::try_open(&app, &s.owner.access, &s.project, &other.file)
        .await
        .err();
    assert!(
        matches!(&err, Some(WsError::Http(r)) if r.status() == StatusCode::NOT_FOUND),
        "{err:?}"
    );
    // Neither can they read the file or list the collaborators.
    let r = app
        .get_as(
            &stranger.access,
            &format!("/api/v1/projects/{}/files/{}", s.project, s.file),
        )
        .await;
    assert_problem(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = app
        .get_as(
            &stranger.access,
            &format!("/api/v1/projects/{}/collaborators", s.project),
        )
        .await;
    assert_problem(r, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn only_the_owner_manages_collaborators_and_bad_input_names_the_field() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "").await;
    let editor = app.learner().await;
    let third = app.learner().await;
    invite(&app, &s, &editor, "editor").await;
    let path = format!("/api/v1/projects/{}/collaborators", s.project);
    let third_name = username(&app, &third).await;

    let r = app
        .post_as(
            &editor.access,
            &path,
            Some(json!({"username": third_name, "role": "editor"})),
        )
        .await;
    assert_problem(r, StatusCode::FORBIDDEN, "not_owner").await;
    let r = app
        .post_as(
            &s.owner.access,
            &path,
            Some(json!({"username": third_name, "role": "admin"})),
        )
        .await;
    let body = assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(body["fields"]["role"].is_string(), "{body}");
    let r = app
        .post_as(
            &s.owner.access,
            &path,
            Some(json!({"username": "nobody-here-at-all", "role": "viewer"})),
        )
        .await;
    let body = assert_problem(r, StatusCode::NOT_FOUND, "unknown_user").await;
    assert!(body["fields"]["username"].is_string(), "{body}");
    let owner_name = username(&app, &s.owner).await;
    let r = app
        .post_as(
            &s.owner.access,
            &path,
            Some(json!({"username": owner_name, "role": "viewer"})),
        )
        .await;
    assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    // The editor sees who is in the project; the list did not change.
    let list: Value = app
        .get_as(&editor.access, &path)
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["username"], username(&app, &editor).await);
    assert_eq!(list[0]["role"], "editor");
}

#[tokio::test]
async fn a_shared_project_appears_in_the_collaborators_list_marked_as_shared() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "").await;
    let viewer = app.learner().await;
    invite(&app, &s, &viewer, "viewer").await;
    let list: Value = app
        .get_as(&viewer.access, "/api/v1/projects")
        .await
        .json()
        .await
        .unwrap();
    let shared: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["id"] == s.project.as_str())
        .collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0]["sharedRole"], "viewer");
    assert!(shared[0].get("shareUrl").is_none());
    let owners: Value = app
        .get_as(&s.owner.access, "/api/v1/projects")
        .await
        .json()
        .await
        .unwrap();
    assert!(owners[0].get("sharedRole").is_none());
    let one: Value = app
        .get_as(&viewer.access, &format!("/api/v1/projects/{}", s.project))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["sharedRole"], "viewer");
}

#[tokio::test]
async fn a_save_through_the_file_api_reaches_open_sockets_and_keeps_a_version() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "one\n").await;
    let mut a = Peer::open(&app, &s.owner.access, &s.project, &s.file, "one\n").await;
    a.insert(4, "two\n").await;
    let mut b = Peer::open(&app, &s.owner.access, &s.project, &s.file, "one\ntwo\n").await;
    let r = app
        .request(
            Method::PUT,
            &format!("/api/v1/projects/{}/files/{}", s.project, s.file),
            Some(json!({"content": "zero\none\ntwo\n", "changeDescription": "by hand"})),
            Some(&s.owner.access),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    a.until(|p| p.text() == "zero\none\ntwo\n").await;
    b.until(|p| p.text() == "zero\none\ntwo\n").await;
    let versions: Value = app
        .get_as(
            &s.owner.access,
            &format!("/api/v1/projects/{}/files/{}/versions", s.project, s.file),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 2, "{versions}");
}

#[tokio::test]
async fn the_document_outlives_its_server_and_compacts_without_loss() {
    let app = TestApp::spawn().await;
    let s = project_with_file(&app, "").await;
    let mut a = Peer::open(&app, &s.owner.access, &s.project, &s.file, "").await;
    // Past one compaction, within the socket's burst allowance.
    let edits = codestead_server::collab::document::COMPACT_EVERY + 20;
    let mut expected = String::new();
    for i in 0..edits {
        let chunk = format!("{i},");
        let at = expected.len() as u32;
        a.insert(at, &chunk).await;
        expected.push_str(&chunk);
    }
    // A sync round trip: every edit before it has been handled.
    let sv = a.doc().transact().state_vector();
    a.send(Message::Sync(SyncMessage::SyncStep1(sv))).await;
    a.until(|p| p.synced >= 2).await;
    let file_id: uuid::Uuid = s.file.parse().unwrap();
    let stored = app
        .state
        .store
        .load_document(file_id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        stored.updates.len() < edits,
        "{} updates left unfolded of {edits}",
        stored.updates.len()
    );
    // A second server of the same deployment loads the document from the database.
    let other = app.spawn_beside(|_| {}).await;
    let b = Peer::open(&other, &s.owner.access, &s.project, &s.file, &expected).await;
    assert_eq!(b.text(), expected);
    assert_eq!(file_text(&other, &s.owner.access, &s).await, expected);
}
