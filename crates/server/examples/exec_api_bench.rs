//! Python hello through the API, end to end, and where its time goes
//! (`scripts/bench/20-sandbox.sh`). One process, one SQLite server on a random port, one
//! sandbox; every round runs each layer once, interleaved, each with a program of its own
//! (so the result cache never answers):
//!
//! 1. bare `python3 -c` (the baseline every ratio is against);
//! 2. `Sandbox::run` (forked from the slot's Python zygote);
//! 3. the in-process job queue in front of the sandbox;
//! 4. `ExecutionService::execute` (checks, rate limit, cache lookup, queue, the execution
//!    row's insert, the insights event);
//! 5. `POST /api/v1/executions` over a kept-alive HTTP connection (the whole middleware
//!    stack, JWT + session check, JSON both ways);
//!
//! plus, alone, the execution row's insert, the insights event that follows every run
//! (achievement checks), and an authenticated `GET /api/v1/me` (the HTTP stack without a
//! run). Prints Markdown. Usage: `exec_api_bench [ROUNDS]`.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use codestead_sandbox::{Language, RunRequest, Status};
use codestead_server::config::PasswordHashing;
use codestead_server::{AppState, Config, Overrides, build_app, serve};

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn hello(n: usize) -> String {
    format!("print('hello {n}')")
}

#[derive(Default)]
struct Samples(Vec<Duration>);

impl Samples {
    fn p(&mut self, p: f64) -> Duration {
        self.0.sort();
        pct(&self.0, p)
    }
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_data_dir(dir.path().to_path_buf());
    config.password_hashing = PasswordHashing::Test;
    config.exec_rate_per_min = 100_000_000;
    config.api_rate_per_min = 100_000_000;
    config.auth_rate_per_address_per_min = Some(10_000);
    config.auth_rate_per_account_per_min = 10_000;
    let state = AppState::build(config, Overrides::default())
        .await
        .expect("state");
    let Some(sandbox) = state.executions.sandbox().cloned() else {
        println!("Python through the API: the sandbox is not available on this machine.");
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(
        listener,
        build_app(state.clone()),
        std::future::pending(),
    ));

    let client = reqwest::Client::new();
    let email = "bench@example.org";
    let password = "violet-otter-canyon-42";
    let registered = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": password, "firstName": "B", "lastName": "M"}))
        .send()
        .await
        .unwrap();
    assert!(registered.status().is_success(), "{}", registered.status());
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["accessToken"].as_str().expect("a token").to_owned();
    let user_id: uuid::Uuid = login["user"]["id"].as_str().unwrap().parse().unwrap();

    let (mut insights, mut me) = (Samples::default(), Samples::default());
    let (mut bare, mut sandboxed, mut queued, mut service, mut api, mut insert) = (
        Samples::default(),
        Samples::default(),
        Samples::default(),
        Samples::default(),
        Samples::default(),
        Samples::default(),
    );
    let warmup = 10;
    let mut n = 0;
    for round in 0..rounds + warmup {
        let keep = round >= warmup;
        let mut next = || {
            n += 1;
            hello(n)
        };

        let code = next();
        let t = Instant::now();
        let out = tokio::process::Command::new("python3")
            .args(["-c", &code])
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .output()
            .await
            .unwrap();
        let took = t.elapsed();
        assert!(out.status.success());
        if keep {
            bare.0.push(took);
        }

        let t = Instant::now();
        let o = sandbox
            .run(RunRequest::single(Language::Python, next()))
            .await;
        let took = t.elapsed();
        assert_eq!(o.status, Status::Ok, "{}", o.stderr);
        if keep {
            sandboxed.0.push(took);
        }

        let t = Instant::now();
        let o = state
            .executions
            .queue()
            .run(RunRequest::single(Language::Python, next()))
            .await
            .unwrap();
        let took = t.elapsed();
        assert_eq!(o.status, Status::Ok, "{}", o.stderr);
        if keep {
            queued.0.push(took);
        }

        let t = Instant::now();
        let report = state
            .executions
            .execute(user_id, RunRequest::single(Language::Python, next()), None)
            .await
            .unwrap();
        let took = t.elapsed();
        assert_eq!(report.outcome.status, Status::Ok);
        if keep {
            service.0.push(took);
        }

        let mut row = report.execution.clone();
        row.id = uuid::Uuid::now_v7();
        let t = Instant::now();
        state.store.insert_execution(row).await.unwrap();
        let took = t.elapsed();
        if keep {
            insert.0.push(took);
        }

        let t = Instant::now();
        state
            .insights
            .on_event(user_id, codestead_server::learning::insights::Event::Run)
            .await;
        let took = t.elapsed();
        if keep {
            insights.0.push(took);
        }

        let t = Instant::now();
        let response = client
            .get(format!("{base}/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        response.bytes().await.unwrap();
        let took = t.elapsed();
        if keep {
            me.0.push(took);
        }

        let code = next();
        let t = Instant::now();
        let response = client
            .post(format!("{base}/api/v1/executions"))
            .bearer_auth(&token)
            .json(&json!({"language": "python", "code": code}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        let took = t.elapsed();
        assert!(status.is_success(), "{status} {body}");
        assert_eq!(body["status"], "ok", "{body}");
        if keep {
            api.0.push(took);
        }
    }

    let base_p50 = bare.p(0.5);
    let rows: [(&str, &mut Samples); 5] = [
        ("bare `python3 -c` (baseline)", &mut bare),
        ("`Sandbox::run` (zygote fork)", &mut sandboxed),
        ("+ in-process job queue", &mut queued),
        (
            "+ `ExecutionService::execute` (checks, cache, row insert)",
            &mut service,
        ),
        ("+ HTTP: `POST /api/v1/executions`", &mut api),
    ];
    println!(
        "Python hello through each layer, {rounds} rounds interleaved (one of each per round), \
         after {warmup} warm-up rounds; SQLite; bare `python3` in the same run is the baseline."
    );
    println!();
    println!("| layer | p50 | p95 | p50 / bare p50 | p50 added by this layer |");
    println!("|---|---:|---:|---:|---:|");
    let mut previous: Option<Duration> = None;
    for (label, samples) in rows {
        let p50 = samples.p(0.5);
        let p95 = samples.p(0.95);
        let added = match previous {
            Some(prev) if label.starts_with('+') => {
                format!("{:+.2} ms", (p50.as_secs_f64() - prev.as_secs_f64()) * 1e3)
            }
            _ => "—".into(),
        };
        println!(
            "| {label} | {} | {} | {:.2}× | {added} |",
            ms(p50),
            ms(p95),
            p50.as_secs_f64() / base_p50.as_secs_f64()
        );
        previous = Some(p50);
    }
    let insert_p50 = insert.p(0.5);
    println!(
        "| the execution row's insert alone (SQLite) | {} | {} | {:.2}× | (inside the rows above) |",
        ms(insert_p50),
        ms(insert.p(0.95)),
        insert_p50.as_secs_f64() / base_p50.as_secs_f64()
    );
    for (label, samples) in [
        (
            "the insights event after a run alone (achievement checks)",
            &mut insights,
        ),
        (
            "an authenticated `GET /api/v1/me` alone (HTTP stack, no run)",
            &mut me,
        ),
    ] {
        let p50 = samples.p(0.5);
        println!(
            "| {label} | {} | {} | {:.2}× | (inside the rows above) |",
            ms(p50),
            ms(samples.p(0.95)),
            p50.as_secs_f64() / base_p50.as_secs_f64()
        );
    }
}
