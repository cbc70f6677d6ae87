//! `kill -9` during concurrent file saves: every save the server acknowledged is readable
//! after a restart, on SQLite and (with `CODESTEAD_TEST_DATABASE_URL`) on PostgreSQL.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WRITERS: usize = 16;
const PASSWORD: &str = "violet-otter-canyon-42";

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) base: String,
}

async fn start(data: &Path, database_url: Option<&str>, port: u16) -> Server {
    start_with(data, database_url, port, &[], &[]).await
}

/// Starts `codestead serve` on `port` with test-sized budgets, plus `args` and `envs`, and
/// waits for `/healthz`.
pub(crate) async fn start_with(
    data: &Path,
    database_url: Option<&str>,
    port: u16,
    args: &[&str],
    envs: &[(&str, &str)],
) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codestead"));
    command
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(args)
        .envs(envs.iter().copied())
        .arg("--data-dir")
        .arg(data)
        .env("CODESTEAD_PASSWORD_HASHING", "test")
        // The older name of the per-address budget: it still works.
        .env("CODESTEAD_AUTH_RATE_PER_MIN", "100000")
        .env("CODESTEAD_AUTH_RATE_PER_ACCOUNT_PER_MIN", "100000")
        .env("CODESTEAD_API_RATE_PER_MIN", "1000000")
        .env("CODESTEAD_EXEC_WORKERS", "1")
        .env("CODESTEAD_LOG", "warn")
        .env_remove("CODESTEAD_REDIS_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match database_url {
        Some(url) => command.env("CODESTEAD_DATABASE_URL", url),
        None => command.env_remove("CODESTEAD_DATABASE_URL"),
    };
    let child = command.spawn().expect("the codestead binary runs");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not come up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Server { child, base }
}

async fn login(client: &reqwest::Client, base: &str, email: &str) -> String {
    let r = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "login: {}", r.status());
    let body: Value = r.json().await.unwrap();
    body["accessToken"].as_str().unwrap().to_owned()
}

async fn acknowledged_saves_survive_a_kill(database_url: Option<&str>) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let port = free_port();
    let mut server = start(&data, database_url, port).await;
    let client = reqwest::Client::new();
    let base = server.base.clone();
    let email = "crash@example.org";
    let r = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD, "firstName": "Ada", "lastName": "L"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let token = login(&client, &base, email).await;
    let project: Value = client
        .post(format!("{base}/api/v1/projects"))
        .bearer_auth(&token)
        .json(&json!({"title": "Crash"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pid = project["id"].as_str().unwrap().to_owned();
    let mut files = Vec::new();
    for i in 0..WRITERS {
        let file: Value = client
            .post(format!("{base}/api/v1/projects/{pid}/files"))
            .bearer_auth(&token)
            .json(&json!({"path": format!("f{i}.txt"), "content": "start"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        files.push(file["id"].as_str().unwrap().to_owned());
    }

    // Each writer saves its own file over and over and remembers the last save the
    // server acknowledged.
    let acked: Arc<Vec<AtomicU64>> = Arc::new((0..WRITERS).map(|_| AtomicU64::new(0)).collect());
    let total = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let (client, base, token, pid, file) = (
            client.clone(),
            base.clone(),
            token.clone(),
            pid.clone(),
            file.clone(),
        );
        let (acked, total, stop) = (acked.clone(), total.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            for k in 1u64.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let saved = client
                    .put(format!("{base}/api/v1/projects/{pid}/files/{file}"))
                    .bearer_auth(&token)
                    .json(&json!({"content": format!("save {k}")}))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                match saved {
                    Ok(r) if r.status().is_success() => {
                        acked[i].store(k, Ordering::SeqCst);
                        total.fetch_add(1, Ordering::SeqCst);
                    }
                    _ => break,
                }
            }
        }));
    }
    let started = Instant::now();
    while total.load(Ordering::SeqCst) < 300 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "saves too slow"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.unwrap();
    }
    let acked: Vec<u64> = acked.iter().map(|a| a.load(Ordering::SeqCst)).collect();

    let mut server = start(&data, database_url, port).await;
    let token = login(&client, &base, email).await;
    for (i, file) in files.iter().enumerate() {
        let body: Value = client
            .get(format!("{base}/api/v1/projects/{pid}/files/{file}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let content = body["content"].as_str().unwrap();
        // A save in flight at the kill may or may not have landed; an acknowledged one must.
        let read: u64 = content
            .strip_prefix("save ")
            .map_or(0, |k| k.parse().unwrap());
        assert!(
            read >= acked[i],
            "file {i}: acknowledged save {} but read {content:?}",
            acked[i]
        );
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_saves_loses_no_acknowledged_save_on_sqlite() {
    acknowledged_saves_survive_a_kill(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_saves_loses_no_acknowledged_save_on_postgres() {
    let Some(db) = codestead_store::testing::TestDatabase::postgres().await else {
        return;
    };
    acknowledged_saves_survive_a_kill(Some(&db.url)).await;
}
