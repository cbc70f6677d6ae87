//! Portfolio benchmark (`scripts/bench/60-portfolio.sh`): `GET /api/v1/users/{username}`
//! for a learner with 50 public projects (and 10 private ones), 1,000 runs over the last
//! year and 40 completions, through the real router over HTTP, against `GET /healthz`
//! through the same stack in the same run. Prints a Markdown table.
//! Usage: `portfolio_bench [DATABASE_URL…]` (default: a temporary SQLite database).

use std::time::{Duration, Instant};

use chrono::Utc;
use uuid::Uuid;

use codestead_server::config::PasswordHashing;
use codestead_server::{AppState, Config, Overrides, build_app, serve};
use codestead_store::accounts::{NewUser, Role};
use codestead_store::executions::Execution;
use codestead_store::learning::ProgressUpdate;
use codestead_store::projects::{Content, NewFile, NewProject, ProjectLimits};

const PUBLIC_PROJECTS: usize = 50;
const PRIVATE_PROJECTS: usize = 10;
const RUNS: usize = 1_000;
const COMPLETIONS: usize = 40;
const WARMUP: usize = 30;
const SAMPLES: usize = 500;

fn pct(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
    samples[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn seed(state: &AppState) -> String {
    let store = &state.store;
    let now = Utc::now();
    let username = format!("bench{}", &Uuid::now_v7().simple().to_string()[20..]);
    let user = store
        .create_user(
            NewUser {
                email: format!("{username}@example.org"),
                password_hash: "x".into(),
                first_name: "Bench".into(),
                last_name: "Mark".into(),
                username: username.clone(),
                role: Role::User,
                email_verified: true,
            },
            now,
        )
        .await
        .expect("user")
        .id;
    let limits = ProjectLimits {
        max_files: 200,
        max_bytes: 20 * 1024 * 1024,
        max_user_bytes: i64::MAX,
        versions_kept: 10,
    };
    for i in 0..PUBLIC_PROJECTS + PRIVATE_PROJECTS {
        let files = (0..5)
            .map(|f| NewFile {
                path: format!("src/file{f}.py"),
                content: Content::inline(format!("# project {i} file {f}\nprint({i} + {f})\n")),
            })
            .collect();
        store
            .create_project(
                NewProject {
                    user_id: user,
                    title: format!("Project {i}"),
                    description: Some(format!("A small program number {i}.")),
                    technology_stack: vec!["python".into()],
                    language: Some("python".into()),
                    entry_path: Some("src/file0.py".into()),
                    template_id: None,
                    is_public: i < PUBLIC_PROJECTS,
                },
                files,
                limits,
                now,
            )
            .await
            .expect("project");
    }
    for i in 0..RUNS {
        store
            .insert_execution(Execution {
                id: Uuid::now_v7(),
                user_id: user,
                project_id: None,
                language: ["python", "javascript", "java", "cpp"][i % 4].into(),
                files: vec![],
                entry: None,
                stdin: String::new(),
                status: "ok".into(),
                stdout: String::new(),
                stderr: String::new(),
                compile_output: None,
                exit_code: Some(0),
                execution_time_ms: 5,
                cpu_time_ms: 4,
                memory_bytes: 1024,
                cached: false,
                created_at: now - chrono::Duration::hours((i * 8) as i64),
            })
            .await
            .expect("run");
    }
    for item in state.learning.curriculum().items.iter().take(COMPLETIONS) {
        store
            .record_progress(
                user,
                item.id,
                ProgressUpdate {
                    progress_percentage: 100,
                    time_spent_seconds: 300,
                    complete: true,
                },
                now,
            )
            .await
            .expect("progress");
    }
    username
}

async fn measure(client: &reqwest::Client, url: &str) -> Vec<Duration> {
    for _ in 0..WARMUP {
        let r = client.get(url).send().await.expect("request");
        assert!(r.status().is_success(), "{url}: {}", r.status());
        r.bytes().await.unwrap();
    }
    let mut samples = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let t = Instant::now();
        let r = client.get(url).send().await.expect("request");
        let body = r.bytes().await.unwrap();
        samples.push(t.elapsed());
        std::hint::black_box(body);
    }
    samples
}

async fn bench_backend(label: &str, url: Option<&str>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_data_dir(dir.path().to_path_buf());
    config.database_url = url.map(str::to_owned);
    config.password_hashing = PasswordHashing::Test;
    config.api_rate_per_min = 100_000_000;
    config.auth_rate_per_address_per_min = Some(100_000_000);
    config.auth_rate_per_account_per_min = 100_000_000;
    let state = AppState::build(
        config,
        Overrides {
            sandbox: Some(None),
            ..Overrides::default()
        },
    )
    .await
    .expect("state");
    let username = seed(&state).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve(listener, build_app(state.clone()), async {
        let _ = rx.await;
    }));
    let client = reqwest::Client::new();
    let base = format!("http://{addr}");
    let profile_url = format!("{base}/api/v1/users/{username}");
    let check: serde_json::Value = client
        .get(&profile_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        check["projects"].as_array().map(Vec::len),
        Some(PUBLIC_PROJECTS),
        "the profile lists exactly the public projects"
    );
    let mut baseline = measure(&client, &format!("{base}/healthz")).await;
    let mut profile = measure(&client, &profile_url).await;
    let (b50, p50, p95, p99) = (
        pct(&mut baseline, 0.5),
        pct(&mut profile, 0.5),
        pct(&mut profile, 0.95),
        pct(&mut profile, 0.99),
    );
    println!(
        "| {label} | {} | {} | {} | {} | {:.1}× |",
        ms(b50),
        ms(p50),
        ms(p95),
        ms(p99),
        p50.as_secs_f64() / b50.as_secs_f64()
    );
    let _ = tx.send(());
}

#[tokio::main]
async fn main() {
    let urls: Vec<String> = std::env::args().skip(1).collect();
    println!(
        "| backend | /healthz p50 (baseline) | profile p50 | profile p95 | profile p99 | p50 ratio |"
    );
    println!("|---|---|---|---|---|---|");
    bench_backend("sqlite", None).await;
    for url in &urls {
        bench_backend("postgresql", Some(url)).await;
    }
}
