//! Benchmark for issue 7: saving a project file with its version snapshot (the service
//! call the `PUT …/files/{id}` handler makes, and the full HTTP request), against a bare
//! single-row insert on the same database in the same process.
//! Usage: `projects_bench [DATABASE_URL] [ITERATIONS]` (default: SQLite in a temp dir, 2000).
//! Prints one Markdown table row per measurement.

use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::{Value, json};
use uuid::Uuid;

use codestead_server::config::PasswordHashing;
use codestead_server::projects::CreateProject;
use codestead_server::{AppState, Config, Overrides, build_app, serve};
use codestead_store::learning::NewSubmission;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

/// About 80 lines of code: a typical learner's file.
fn content(i: usize) -> String {
    (0..80)
        .map(|line| format!("    value_{line} = compute({i}, {line})  # keep the file realistic\n"))
        .collect()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args.next().filter(|u| !u.is_empty());
    let iterations: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(2000);
    let dir = tempfile::tempdir()?;
    let mut config = Config::for_data_dir(dir.path().to_path_buf());
    config.database_url = url.clone();
    config.password_hashing = PasswordHashing::Test;
    config.api_rate_per_min = u32::MAX;
    config.auth_rate_per_address_per_min = Some(u32::MAX);
    config.auth_rate_per_account_per_min = u32::MAX;
    let backend = if url.is_some() {
        "postgresql"
    } else {
        "sqlite"
    };
    let state = AppState::build(
        config,
        Overrides {
            sandbox: Some(None),
            ..Overrides::default()
        },
    )
    .await?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(serve(
        listener,
        build_app(state.clone()),
        std::future::pending(),
    ));
    let client = reqwest::Client::new();
    let email = format!("bench-{}@example.org", Uuid::now_v7().simple());
    let password = "violet-otter-canyon-42";
    client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": password, "firstName": "B", "lastName": "M"}))
        .send()
        .await?
        .error_for_status()?;
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = login["accessToken"].as_str().unwrap_or_default().to_owned();
    let user_id: Uuid = login["user"]["id"].as_str().unwrap_or_default().parse()?;

    let project = state
        .projects
        .create(
            user_id,
            CreateProject {
                title: "Bench".into(),
                ..CreateProject::default()
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let file = state
        .projects
        .create_file(user_id, project.id, "main.py", content(0))
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let warmup = iterations / 10;

    // Baseline: one plain INSERT of a row of similar size, same pool, same process.
    let mut baseline = Vec::with_capacity(iterations);
    for i in 0..iterations + warmup {
        let code = content(i);
        let started = Instant::now();
        state
            .store
            .insert_submission(
                NewSubmission {
                    user_id,
                    content_id: Uuid::nil(),
                    language: "python",
                    code: &code,
                    passed: false,
                    results: Value::Null,
                },
                Utc::now(),
            )
            .await?;
        if i >= warmup {
            baseline.push(started.elapsed());
        }
    }

    // The save: ownership check, totals, the file row, a version row, pruning to 10.
    let mut saves = Vec::with_capacity(iterations);
    for i in 0..iterations + warmup {
        let text = content(i + 1);
        let started = Instant::now();
        state
            .projects
            .save_file(user_id, project.id, file.id, text, None)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        if i >= warmup {
            saves.push(started.elapsed());
        }
    }

    // The same through HTTP: PUT with JSON, auth, every middleware.
    let url = format!("{base}/api/v1/projects/{}/files/{}", project.id, file.id);
    let mut http = Vec::with_capacity(iterations);
    for i in 0..iterations + warmup {
        let body = json!({"content": content(i + 2)});
        let started = Instant::now();
        client
            .put(&url)
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await?
            .error_for_status()?;
        if i >= warmup {
            http.push(started.elapsed());
        }
    }
    let versions = state
        .projects
        .versions(user_id, project.id, file.id)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    anyhow::ensure!(versions.len() == 10, "retention kept {}", versions.len());

    let base_p50 = percentile(&mut baseline, 0.5);
    for (name, samples) in [
        ("single-row INSERT (baseline)", &mut baseline),
        ("save + version snapshot (service)", &mut saves),
        ("PUT /projects/{id}/files/{fileId} (HTTP)", &mut http),
    ] {
        let p50 = percentile(samples, 0.5);
        let p99 = percentile(samples, 0.99);
        println!(
            "| {backend} | {name} | {} | {} | {:.1} |",
            ms(p50),
            ms(p99),
            p50.as_secs_f64() / base_p50.as_secs_f64()
        );
    }
    Ok(())
}
