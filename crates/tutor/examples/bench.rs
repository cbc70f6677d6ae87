//! Tutor benchmark: time to the first streamed text of the offline tutor over real error outputs,
//! and the overhead the provider path (prompt, HTTP client, SSE parsing, guard, channel) adds over
//! a local protocol server's own latency as a plain HTTP client sees it. Prints a Markdown table.
//!
//! `cargo run -p codestead-tutor --example tutor_bench [-- ROUNDS]`; needs python3, node, javac/java and
//! g++ to produce the error outputs once, before timing.

use std::{
    os::unix::process::ExitStatusExt,
    path::PathBuf,
    process::Command,
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{Router, body::Body, response::Response, routing::post};
use codestead_tutor::{
    ChatRequest, HintRung, Message, NoLessons, OpenAiProvider, Provider, ProviderKind, Tutor,
    TutorConfig, TutorContext, TutorEvent, TutorTurn,
};
use futures_util::{StreamExt, stream};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs every accuracy fixture once to get real outputs (not timed).
fn error_turns() -> Vec<TutorTurn> {
    let mut turns = Vec::new();
    for (lang, entry) in [
        ("python", "main.py"),
        ("javascript", "main.js"),
        ("java", "Main.java"),
        ("cpp", "main.cpp"),
    ] {
        let dir = fixtures().join("errors").join(lang);
        let expected = std::fs::read_to_string(dir.join("expected.txt")).expect("expected.txt");
        for row in expected
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let file = row.split(" | ").next().unwrap();
            let code = std::fs::read_to_string(dir.join(file)).unwrap();
            let tmp = tempfile::tempdir().unwrap();
            std::fs::write(tmp.path().join(entry), &code).unwrap();
            let run = |cmd: &str, args: &[&str]| {
                let out = Command::new(cmd)
                    .args(args)
                    .current_dir(tmp.path())
                    .output()
                    .expect("toolchain");
                (
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                    out.status.code(),
                    out.status.signal(),
                )
            };
            let (output, exit_code, signal) = match lang {
                "python" => run("python3", &[entry]),
                "javascript" => run("node", &[entry]),
                "java" => {
                    let c = run("javac", &["-d", "out", entry]);
                    if c.1 == Some(0) {
                        run("java", &["-cp", "out", "Main"])
                    } else {
                        c
                    }
                }
                _ => {
                    let c = run("g++", &["-o", "main", entry]);
                    if c.1 == Some(0) {
                        run("./main", &[])
                    } else {
                        c
                    }
                }
            };
            turns.push(TutorTurn {
                query: "What is wrong?".into(),
                context: TutorContext {
                    code: Some(code),
                    language: Some(lang.into()),
                    error_output: Some(output),
                    exit_code,
                    signal,
                    ..Default::default()
                },
            });
        }
    }
    turns
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn first_delta(tutor: &Tutor, turn: TutorTurn) -> (Duration, Duration) {
    let start = Instant::now();
    let mut events = tutor.respond(turn, Default::default());
    let mut first = None;
    while let Some(e) = events.next().await {
        if let TutorEvent::Delta(_) = e {
            first.get_or_insert_with(|| start.elapsed());
        }
    }
    (first.expect("some text"), start.elapsed())
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    eprintln!("producing real error outputs...");
    let turns = error_turns();

    // Offline tutor.
    let offline = Tutor::new(TutorConfig::default(), Arc::new(NoLessons)).unwrap();
    let (cold, _) = first_delta(&offline, turns[0].clone()).await;
    let (mut first, mut total) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        for t in &turns {
            let (f, d) = first_delta(&offline, t.clone()).await;
            first.push(f);
            total.push(d);
        }
    }

    // A local OpenAI-compatible protocol server streaming a recorded answer.
    let body = std::fs::read(fixtures().join("streams/openai_chat.sse")).unwrap();
    let app = Router::new().route(
        "/v1/chat/completions",
        post(move || {
            let body = body.clone();
            async move {
                let parts: Vec<Result<Vec<u8>, std::io::Error>> =
                    body.chunks(256).map(|c| Ok(c.to_vec())).collect();
                Response::builder()
                    .header("content-type", "text/event-stream")
                    .body(Body::from_stream(stream::iter(parts)))
                    .unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let config = TutorConfig {
        provider: ProviderKind::OpenAi,
        base_url: Some(base.clone()),
        model: Some("bench".into()),
        ..TutorConfig::default()
    };

    // Baseline: a plain reqwest client, first body byte and whole body.
    let client = reqwest::Client::new();
    let (mut raw_first, mut raw_total) = (Vec::new(), Vec::new());
    let n = rounds * 10;
    for _ in 0..n + 5 {
        let start = Instant::now();
        let resp = client
            .post(format!("{base}/chat/completions"))
            .header("content-type", "application/json")
            .body(r#"{"model":"bench","messages":[{"role":"user","content":"hi"}],"stream":true}"#)
            .send()
            .await
            .unwrap();
        let mut s = resp.bytes_stream();
        let mut f = None;
        while let Some(b) = s.next().await {
            b.unwrap();
            f.get_or_insert_with(|| start.elapsed());
        }
        raw_first.push(f.unwrap());
        raw_total.push(start.elapsed());
    }

    // The provider alone, then the whole tutor path.
    let provider = OpenAiProvider::new(&config).unwrap();
    let (mut p_first, mut p_total) = (Vec::new(), Vec::new());
    for _ in 0..n + 5 {
        let req = ChatRequest {
            system: "You are a tutor.".into(),
            messages: vec![Message::user("hi")],
            max_tokens: 100,
            temperature: None,
            rung: HintRung::Nudge,
            turn: None,
        };
        let start = Instant::now();
        let mut s = provider.stream(req, Default::default()).await.unwrap();
        let mut f = None;
        while let Some(c) = s.next().await {
            if let Ok(codestead_tutor::Chunk::Delta(_)) = c {
                f.get_or_insert_with(|| start.elapsed());
            }
        }
        p_first.push(f.unwrap());
        p_total.push(start.elapsed());
    }
    let tutor = Tutor::new(config, Arc::new(NoLessons)).unwrap();
    let (mut t_first, mut t_total) = (Vec::new(), Vec::new());
    for i in 0..n + 5 {
        let (f, d) = first_delta(&tutor, turns[i % turns.len()].clone()).await;
        t_first.push(f);
        t_total.push(d);
    }
    // The first few runs warm connections and regexes; leave them out.
    for v in [
        &mut raw_first,
        &mut raw_total,
        &mut p_first,
        &mut p_total,
        &mut t_first,
        &mut t_total,
    ] {
        v.drain(..5);
    }

    let (rf, pf, tf) = (
        pct(&mut raw_first, 0.5),
        pct(&mut p_first, 0.5),
        pct(&mut t_first, 0.5),
    );
    let (rt, pt, tt) = (
        pct(&mut raw_total, 0.5),
        pct(&mut p_total, 0.5),
        pct(&mut t_total, 0.5),
    );
    println!(
        "\n### Tutor benchmark ({} error outputs x {rounds} rounds; {n} provider requests)\n",
        turns.len()
    );
    println!("| measure | p50 | p95 | target |\n|---|---|---|---|");
    println!(
        "| offline: first text (cold, first answer after start) | {} | - | - |",
        ms(cold)
    );
    println!(
        "| offline: first text | {} | {} | <= 100 ms |",
        ms(pct(&mut first, 0.5)),
        ms(pct(&mut first, 0.95))
    );
    println!(
        "| offline: whole answer | {} | {} | - |",
        ms(pct(&mut total, 0.5)),
        ms(pct(&mut total, 0.95))
    );
    println!(
        "| local server, plain HTTP client: first byte | {} | {} | baseline |",
        ms(rf),
        ms(pct(&mut raw_first, 0.95))
    );
    println!(
        "| local server, plain HTTP client: whole stream | {} | {} | baseline |",
        ms(rt),
        ms(pct(&mut raw_total, 0.95))
    );
    println!(
        "| OpenAI provider: first text | {} | {} | - |",
        ms(pf),
        ms(pct(&mut p_first, 0.95))
    );
    println!(
        "| OpenAI provider: whole answer | {} | {} | - |",
        ms(pt),
        ms(pct(&mut p_total, 0.95))
    );
    println!(
        "| full tutor path (prompt, provider, guard): first text | {} | {} | - |",
        ms(tf),
        ms(pct(&mut t_first, 0.95))
    );
    println!(
        "| full tutor path: whole answer | {} | {} | - |",
        ms(tt),
        ms(pct(&mut t_total, 0.95))
    );
    println!(
        "| **provider path overhead over the server's own latency (whole answer, p50)** | {} | - | <= 20 ms |",
        ms(tt.saturating_sub(rt))
    );
}
