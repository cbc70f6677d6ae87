//! Load test (`scripts/load.sh`): N simulated learners, each signing in once and then
//! looping the learner's day — open a lesson, save progress, run code, ask the tutor,
//! save a project file — against a running server, for a fixed time. Prints a Markdown
//! table: requests, p50/p95/p99 per step, and every status that is not 2xx.
//! Documented refusals (429 with `Retry-After`, 503 with `Retry-After`) are counted
//! apart from errors; anything else (a 5xx without `Retry-After`, a 4xx, a timeout, a
//! refused connection) is an error, and the exit status is 1 if there was any.
//!
//! Between steps a learner thinks for a random time, uniform in 0..2×`THINK_MS` (default
//! 1,000 ms: a learner pressing Run every few seconds, as in a class at exam time), drawn
//! from a generator seeded by the learner's number, so two runs send the same schedule.
//! Every run is a program of its own (the learner's number and round are in it), so the
//! sandbox runs each one instead of answering from the result cache.
//!
//! Usage: `learner_load BASE_URL [LEARNERS] [SECONDS] [LABEL]`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const STEPS: [&str; 6] = [
    "log in",
    "open a lesson",
    "save progress",
    "run code",
    "ask the tutor",
    "save a project file",
];
const PASSWORD: &str = "violet-otter-canyon-42";

#[derive(Default)]
struct StepStats {
    latencies: Vec<Duration>,
    refused: BTreeMap<u16, u64>,
    errors: BTreeMap<String, u64>,
}

type Stats = Arc<Mutex<Vec<StepStats>>>;

struct Learner {
    number: usize,
    client: reqwest::Client,
    base: String,
    email: String,
    token: String,
    project: String,
    file: String,
    lessons: Arc<Vec<(String, String)>>,
}

async fn call(
    client: &reqwest::Client,
    method: Method,
    url: String,
    token: Option<&str>,
    body: Option<Value>,
) -> Result<(StatusCode, bool, Value), String> {
    let mut req = client.request(method, url).timeout(Duration::from_secs(30));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let response = req.send().await.map_err(|e| {
        if e.is_timeout() {
            "timeout".to_owned()
        } else {
            "connection".to_owned()
        }
    })?;
    let status = response.status();
    let retry_after = response.headers().contains_key("retry-after");
    let body = response.json().await.unwrap_or(Value::Null);
    Ok((status, retry_after, body))
}

/// Records one request; true when it was a documented refusal (the client should retry).
fn record(
    stats: &Stats,
    step: usize,
    started: Instant,
    outcome: &Result<(StatusCode, bool, Value), String>,
) -> bool {
    let elapsed = started.elapsed();
    let mut all = stats.lock().unwrap();
    let s = &mut all[step];
    s.latencies.push(elapsed);
    match outcome {
        Ok((status, _, _)) if status.is_success() => {}
        Ok((status, true, _))
            if *status == StatusCode::TOO_MANY_REQUESTS
                || *status == StatusCode::SERVICE_UNAVAILABLE =>
        {
            *s.refused.entry(status.as_u16()).or_default() += 1;
            return true;
        }
        Ok((status, _, body)) => {
            let code = body["code"].as_str().unwrap_or("-");
            *s.errors
                .entry(format!("{} {code}", status.as_u16()))
                .or_default() += 1;
        }
        Err(e) => *s.errors.entry(e.clone()).or_default() += 1,
    }
    false
}

impl Learner {
    /// Runs one step; true when the server refused it with `Retry-After`.
    async fn step(&mut self, step: usize, round: u64, stats: &Stats) -> bool {
        let base = &self.base;
        let started = Instant::now();
        let outcome = match step {
            0 => {
                let r = call(
                    &self.client,
                    Method::POST,
                    format!("{base}/api/v1/auth/login"),
                    None,
                    Some(json!({"email": self.email, "password": PASSWORD})),
                )
                .await;
                if let Ok((s, _, body)) = &r
                    && s.is_success()
                {
                    self.token = body["accessToken"].as_str().unwrap_or_default().to_owned();
                }
                r
            }
            1 => {
                let (slug, _) = &self.lessons[(round as usize) % self.lessons.len()];
                call(
                    &self.client,
                    Method::GET,
                    format!("{base}/api/v1/content/{slug}"),
                    Some(&self.token),
                    None,
                )
                .await
            }
            2 => {
                let (_, id) = &self.lessons[(round as usize) % self.lessons.len()];
                call(
                    &self.client,
                    Method::PUT,
                    format!("{base}/api/v1/progress/{id}"),
                    Some(&self.token),
                    Some(json!({"progressPercentage": (round * 7 % 100) as i32, "timeSpentSeconds": 30})),
                )
                .await
            }
            3 => {
                call(
                    &self.client,
                    Method::POST,
                    format!("{base}/api/v1/executions"),
                    Some(&self.token),
                    Some(json!({
                        "language": "python",
                        "code": format!("learner, round = {}, {round}\nprint(learner * round)\n", self.number)
                    })),
                )
                .await
            }
            4 => {
                call(
                    &self.client,
                    Method::POST,
                    format!("{base}/api/v1/tutor/messages"),
                    Some(&self.token),
                    Some(json!({
                        "query": "Why does my loop never stop?",
                        "context": {"code": "while True:\n    pass\n", "language": "python"}
                    })),
                )
                .await
            }
            _ => {
                let (project, file) = (&self.project, &self.file);
                call(
                    &self.client,
                    Method::PUT,
                    format!("{base}/api/v1/projects/{project}/files/{file}"),
                    Some(&self.token),
                    Some(json!({"content": format!("print('round {round}')\n")})),
                )
                .await
            }
        };
        record(stats, step, started, &outcome)
    }
}

async fn prepare(
    client: reqwest::Client,
    base: String,
    n: usize,
    lessons: Arc<Vec<(String, String)>>,
) -> Learner {
    let email = format!("load-{n}-{}@example.org", uuid::Uuid::now_v7().simple());
    let r = call(
        &client,
        Method::POST,
        format!("{base}/api/v1/auth/register"),
        None,
        Some(
            json!({"email": email, "password": PASSWORD, "firstName": "Load", "lastName": "Test"}),
        ),
    )
    .await
    .expect("register");
    assert!(r.0.is_success(), "register: {} {}", r.0, r.2);
    let r = call(
        &client,
        Method::POST,
        format!("{base}/api/v1/auth/login"),
        None,
        Some(json!({"email": email, "password": PASSWORD})),
    )
    .await
    .expect("login");
    assert!(r.0.is_success(), "login: {} {}", r.0, r.2);
    let token = r.2["accessToken"].as_str().unwrap().to_owned();
    let project = call(
        &client,
        Method::POST,
        format!("{base}/api/v1/projects"),
        Some(&token),
        Some(json!({"title": "Load"})),
    )
    .await
    .expect("project")
    .2;
    let project = project["id"].as_str().expect("project id").to_owned();
    let file = call(
        &client,
        Method::POST,
        format!("{base}/api/v1/projects/{project}/files"),
        Some(&token),
        Some(json!({"path": "main.py", "content": "print('hi')\n"})),
    )
    .await
    .expect("file")
    .2;
    let file = file["id"].as_str().expect("file id").to_owned();
    Learner {
        number: n,
        client,
        base,
        email,
        token,
        project,
        file,
        lessons,
    }
}

fn pct(samples: &[Duration], p: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
    samples[i]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args.get(1).cloned().expect("BASE_URL");
    let learners: usize = args.get(2).map_or(500, |a| a.parse().unwrap());
    let seconds: u64 = args.get(3).map_or(60, |a| a.parse().unwrap());
    let label = args.get(4).cloned().unwrap_or_else(|| "server".into());
    let think_ms: u64 = std::env::var("THINK_MS").map_or(1_000, |v| v.parse().unwrap());
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(learners)
        .build()
        .unwrap();

    let page: Value = client
        .get(format!("{base}/api/v1/content?type=lesson&perPage=20"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lessons: Arc<Vec<(String, String)>> = Arc::new(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["slug"].as_str().unwrap().to_owned(),
                    i["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect(),
    );
    assert!(!lessons.is_empty(), "no lessons to open");

    // Accounts are made before the clock starts, a few at a time (registration hashes).
    let prep_started = Instant::now();
    let mut ready = Vec::with_capacity(learners);
    for chunk in (0..learners).collect::<Vec<_>>().chunks(8) {
        let batch = chunk
            .iter()
            .map(|&n| tokio::spawn(prepare(client.clone(), base.clone(), n, lessons.clone())));
        for learner in futures::future::join_all(batch).await {
            ready.push(learner.unwrap());
        }
    }
    eprintln!("{learners} learners ready in {:?}", prep_started.elapsed());

    let stats: Stats = Arc::new(Mutex::new(
        (0..STEPS.len()).map(|_| StepStats::default()).collect(),
    ));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for mut learner in ready {
        let stats = stats.clone();
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(learner.number as u64);
            // Each simulated learner signs in, then loops the day's steps until the end,
            // thinking between steps.
            // A refused sign-in (hashing busy at the start of class) is retried after a
            // second, as the web app's "try again" does.
            while learner.step(0, 0, &stats).await && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            let mut round = 0;
            while Instant::now() < deadline {
                for step in 1..STEPS.len() {
                    let think = Duration::from_millis(rng.random_range(0..=2 * think_ms));
                    tokio::time::sleep_until((Instant::now() + think).min(deadline).into()).await;
                    if Instant::now() >= deadline {
                        break;
                    }
                    learner.step(step, round, &stats).await;
                }
                round += 1;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }

    let mut all = stats.lock().unwrap();
    let mut errors = 0;
    println!(
        "| {label}: step | requests | p50 | p95 | p99 | refused (429/503 with Retry-After) | errors |"
    );
    println!("|---|---:|---:|---:|---:|---|---|");
    for (name, s) in STEPS.iter().zip(all.iter_mut()) {
        s.latencies.sort();
        let refused: Vec<String> = s.refused.iter().map(|(k, v)| format!("{v}× {k}")).collect();
        let errs: Vec<String> = s.errors.iter().map(|(k, v)| format!("{v}× {k}")).collect();
        errors += s.errors.values().sum::<u64>();
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            s.latencies.len(),
            ms(pct(&s.latencies, 0.50)),
            ms(pct(&s.latencies, 0.95)),
            ms(pct(&s.latencies, 0.99)),
            if refused.is_empty() {
                "0".into()
            } else {
                refused.join(", ")
            },
            if errs.is_empty() {
                "0".into()
            } else {
                errs.join(", ")
            },
        );
    }
    if errors > 0 {
        std::process::exit(1);
    }
}
