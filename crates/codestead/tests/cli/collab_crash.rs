//! `kill -9` while two Yjs clients type into one live file: every edit the server
//! acknowledged is in the document after a restart, on SQLite and (with
//! `CODESTEAD_TEST_DATABASE_URL`) on PostgreSQL.
//!
//! The y-websocket protocol has no explicit acknowledgement; the server relays an update
//! to the other sockets only once it is in the database, so an edit one client saw
//! arrive from the other is an acknowledged one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use yrs::encoding::read::Cursor;
use yrs::sync::{Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Doc, GetString, ReadTxn, Text, Transact, Update};

use crate::crash::{free_port, start_with};

const PASSWORD: &str = "violet-otter-canyon-42";
/// Edits each client must see acknowledged before the kill.
const BEFORE_KILL: u64 = 40;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn account(client: &reqwest::Client, base: &str, email: &str) -> (String, String) {
    let r = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD, "firstName": "Pat", "lastName": "Q"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        login["accessToken"].as_str().unwrap().to_owned(),
        login["user"]["username"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

async fn token(client: &reqwest::Client, base: &str, email: &str) -> String {
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    login["accessToken"].as_str().unwrap().to_owned()
}

async fn connect(base: &str, token: &str, project: &str, file: &str) -> Socket {
    let url = format!(
        "{}/api/v1/projects/{project}/files/{file}/live",
        base.replacen("http", "ws", 1)
    );
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "authorization",
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

fn text(doc: &Doc) -> String {
    doc.get_or_insert_text("content")
        .get_string(&doc.transact())
}

/// Applies a frame from the server; answers its sync step 1.
async fn receive(ws: &mut Socket, doc: &Doc, data: &[u8]) {
    let mut decoder = DecoderV1::new(Cursor::new(data));
    let messages: Vec<_> = MessageReader::new(&mut decoder).flatten().collect();
    for m in messages {
        match m {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let update = doc.transact().encode_state_as_update_v1(&sv);
                let reply = Message::Sync(SyncMessage::SyncStep2(update)).encode_v1();
                let _ = ws.send(WsMessage::Binary(reply.into())).await;
            }
            Message::Sync(SyncMessage::SyncStep2(u) | SyncMessage::Update(u)) => {
                let _ = doc
                    .transact_mut()
                    .apply_update(Update::decode_v1(&u).unwrap());
            }
            _ => {}
        }
    }
}

/// The highest `k` such that `[{who}{k}]` is in `text`.
fn highest(text: &str, who: char) -> u64 {
    let mut k = 0;
    while text.contains(&format!("[{who}{}]", k + 1)) {
        k += 1;
    }
    k
}

async fn acknowledged_edits_survive_a_kill(database_url: Option<&str>) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let port = free_port();
    let mut server = start_with(&data, database_url, port, &[], &[]).await;
    let base = server.base.clone();
    let client = reqwest::Client::new();
    let (owner, _) = account(&client, &base, "owner@example.org").await;
    let (editor, _) = account(&client, &base, "editor@example.org").await;
    let me: Value = client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let project: Value = client
        .post(format!("{base}/api/v1/projects"))
        .bearer_auth(&owner)
        .json(&json!({"title": "Pair"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pid = project["id"].as_str().unwrap().to_owned();
    let r = client
        .post(format!("{base}/api/v1/projects/{pid}/collaborators"))
        .bearer_auth(&owner)
        .json(&json!({"username": me["username"], "role": "editor"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let file: Value = client
        .post(format!("{base}/api/v1/projects/{pid}/files"))
        .bearer_auth(&owner)
        .json(&json!({"path": "notes.txt", "content": ""}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let fid = file["id"].as_str().unwrap().to_owned();

    // acked[0]: the owner's edits the editor saw relayed; acked[1]: the other way round.
    let acked: Arc<[AtomicU64; 2]> = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
    let stop = Arc::new(AtomicBool::new(false));
    let mut typists = Vec::new();
    for (me, other, token) in [(0usize, 'B', owner.clone()), (1, 'A', editor.clone())] {
        let (base, pid, fid, acked, stop) = (
            base.clone(),
            pid.clone(),
            fid.clone(),
            acked.clone(),
            stop.clone(),
        );
        let mine = if me == 0 { 'A' } else { 'B' };
        typists.push(tokio::spawn(async move {
            let mut ws = connect(&base, &token, &pid, &fid).await;
            let doc = Doc::new();
            let shared = doc.get_or_insert_text("content");
            let mut typing = tokio::time::interval(Duration::from_millis(25));
            let mut k = 0u64;
            while !stop.load(Ordering::SeqCst) {
                tokio::select! {
                    _ = typing.tick() => {
                        k += 1;
                        let update = {
                            let mut txn = doc.transact_mut();
                            let end = shared.len(&txn);
                            shared.insert(&mut txn, end, &format!("[{mine}{k}]"));
                            txn.encode_update_v1()
                        };
                        let m = Message::Sync(SyncMessage::Update(update)).encode_v1();
                        if ws.send(WsMessage::Binary(m.into())).await.is_err() { break }
                    }
                    frame = ws.next() => match frame {
                        Some(Ok(WsMessage::Binary(data))) => {
                            receive(&mut ws, &doc, &data).await;
                            let seen = highest(&text(&doc), other);
                            acked[1 - me].fetch_max(seen, Ordering::SeqCst);
                        }
                        Some(Ok(_)) => {}
                        _ => break,
                    }
                }
            }
        }));
    }
    let started = Instant::now();
    while acked.iter().any(|a| a.load(Ordering::SeqCst) < BEFORE_KILL) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "edits too slow"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for t in typists {
        t.await.unwrap();
    }
    let acked = [
        acked[0].load(Ordering::SeqCst),
        acked[1].load(Ordering::SeqCst),
    ];

    let mut server = start_with(&data, database_url, port, &[], &[]).await;
    let owner = token(&client, &base, "owner@example.org").await;
    let mut ws = connect(&base, &owner, &pid, &fid).await;
    let doc = Doc::new();
    let sv = doc.transact().state_vector();
    let hello = Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1();
    ws.send(WsMessage::Binary(hello.into())).await.unwrap();
    // The server's sync step 2 brings the whole document.
    while highest(&text(&doc), 'A') < acked[0] || highest(&text(&doc), 'B') < acked[1] {
        let frame = tokio::time::timeout(Duration::from_secs(20), ws.next()).await;
        match frame {
            Ok(Some(Ok(WsMessage::Binary(data)))) => receive(&mut ws, &doc, &data).await,
            Ok(Some(Ok(_))) => {}
            other => panic!(
                "acknowledged A{} and B{} but the document after restart holds A{} and B{} ({other:?})",
                acked[0],
                acked[1],
                highest(&text(&doc), 'A'),
                highest(&text(&doc), 'B')
            ),
        }
    }
    // The file API reads the same text.
    let body: Value = client
        .get(format!("{base}/api/v1/projects/{pid}/files/{fid}"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let content = body["content"].as_str().unwrap();
    assert!(highest(content, 'A') >= acked[0] && highest(content, 'B') >= acked[1]);
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_two_clients_type_loses_no_acknowledged_edit_on_sqlite() {
    acknowledged_edits_survive_a_kill(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_two_clients_type_loses_no_acknowledged_edit_on_postgres() {
    let Some(db) = codestead_store::testing::TestDatabase::postgres().await else {
        return;
    };
    acknowledged_edits_survive_a_kill(Some(&db.url)).await;
}
