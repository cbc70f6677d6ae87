//! An API server in `--exec-mode redis` with `codestead worker` loops beside it (in this
//! process, on the real sandbox): runs and submissions go through the worker; `/languages`
//! and `/readyz` follow the fleet's heartbeats; a full lane answers 503 with `Retry-After`.
//! Runs when `CODESTEAD_TEST_REDIS_URL` names a Redis (`make test` sets it when Redis is up).

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use codestead_sandbox::{RunOutcome, RunRequest, Status};
use codestead_server::config::ExecMode;
use codestead_server::exec::queue::Runner;
use codestead_server::exec::wire::HEARTBEAT_TTL;
use codestead_server::exec::worker::{self, WorkerConfig};

use crate::helpers::{TestApp, assert_problem, shared_sandbox};

const REDIS_ENV: &str = "CODESTEAD_TEST_REDIS_URL";

struct Deployment {
    app: TestApp,
    url: String,
    prefix: String,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for Deployment {
    fn drop(&mut self) {
        for w in &self.workers {
            w.abort();
        }
    }
}

impl Deployment {
    async fn start(capacity: usize) -> Option<Self> {
        let Some(url) = std::env::var(REDIS_ENV).ok().filter(|u| !u.is_empty()) else {
            eprintln!("note: {REDIS_ENV} unset; the worker fleet API tests are skipped");
            return None;
        };
        let prefix = format!("codestead-test:{}:", Uuid::now_v7().simple());
        let app = TestApp::spawn_with(|c| {
            c.redis_url = Some(url.clone().into());
            c.redis_prefix = prefix.clone();
            c.exec_mode = ExecMode::Redis;
            c.exec_queue_capacity = capacity;
            c.exec_rate_per_min = 1000;
        })
        .await;
        Some(Self {
            app,
            url,
            prefix,
            workers: Vec::new(),
        })
    }

    fn spawn_worker(&mut self, runner: Arc<dyn Runner>, slots: usize) {
        let config = WorkerConfig::new(&self.url, &self.prefix, slots);
        let languages = shared_sandbox()
            .expect("the sandbox must work where tests run")
            .languages();
        self.workers.push(tokio::spawn(async move {
            worker::run(config, runner, languages, std::future::pending())
                .await
                .expect("worker runs");
        }));
    }

    async fn languages(&self) -> Vec<Value> {
        self.app
            .request(Method::GET, "/api/v1/languages", None, None)
            .await
            .json()
            .await
            .unwrap()
    }

    /// Polls `/languages` until python's availability is `available`; returns how long it
    /// took (bounded: 10 s fails the test).
    async fn wait_for_python(&self, available: bool) -> Duration {
        let asked = Instant::now();
        loop {
            let langs = self.languages().await;
            let python = langs.iter().find(|l| l["id"] == "python").unwrap();
            if python["available"] == available {
                return asked.elapsed();
            }
            assert!(asked.elapsed() < Duration::from_secs(10), "{langs:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// `/readyz` once its `checks.workers` says `want` (the report is refreshed at most once a
    /// second), bounded.
    async fn readyz_when(&self, want: &str) -> Value {
        let asked = Instant::now();
        loop {
            let body = self.readyz().await;
            if body["checks"]["workers"] == want {
                return body;
            }
            assert!(asked.elapsed() < Duration::from_secs(5), "{body}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn readyz(&self) -> Value {
        self.app
            .request(Method::GET, "/readyz", None, None)
            .await
            .json()
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_redis_mode_runs_and_submissions_go_through_a_worker() {
    let Some(mut d) = Deployment::start(16).await else {
        return;
    };
    let ada = d.app.learner().await;
    // No worker yet: nothing can run, and the server says so.
    assert!(d.languages().await.iter().all(|l| l["available"] == false));
    assert_eq!(d.readyz().await["checks"]["workers"], "none");
    assert_problem(
        d.app
            .post_as(
                &ada.access,
                "/api/v1/executions",
                Some(json!({"language": "python", "code": "print(1)"})),
            )
            .await,
        StatusCode::SERVICE_UNAVAILABLE,
        "language_unavailable",
    )
    .await;

    let sandbox = shared_sandbox().expect("the sandbox must work where tests run");
    d.spawn_worker(Arc::new(sandbox), 2);
    d.wait_for_python(true).await;
    let ready = d.readyz_when("ok").await;
    assert_eq!(ready["workers"], 1);
    let python = d
        .languages()
        .await
        .into_iter()
        .find(|l| l["id"] == "python")
        .unwrap();
    assert!(python["version"].as_str().is_some_and(|v| !v.is_empty()));

    let run: Value = d
        .app
        .post_as(
            &ada.access,
            "/api/v1/executions",
            Some(json!({"language": "python", "code": "print(int(input()) * 2)", "stdin": "21\n"})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(run["status"], "ok", "{run}");
    assert_eq!(run["stdout"], "42\n");

    // A submission is graded through the same queue (graded lane): all tests run.
    let path = "/api/v1/exercises/python-ex-greeting/submissions";
    let solution = std::fs::read_to_string(format!(
        "{}/../../content/python/exercises/python-ex-greeting/solution.py",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let graded: Value = d
        .app
        .post_as(
            &ada.access,
            path,
            Some(json!({"language": "python", "code": solution})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(graded["passed"], true, "{graded}");
    assert!(graded["tests"].as_array().unwrap().len() > 1);

    // The worker dies: python is unavailable within one heartbeat TTL (plus the
    // watcher's half-interval and the poll's own step).
    d.workers[0].abort();
    let gone = d.wait_for_python(false).await;
    assert!(
        gone <= HEARTBEAT_TTL + Duration::from_millis(1500),
        "{gone:?}"
    );
    assert_eq!(d.readyz_when("none").await["status"], "degraded");
}

/// Holds every job until the test lets it go.
struct Held(
    tokio::sync::Semaphore,
    tokio::sync::mpsc::UnboundedSender<()>,
);

#[async_trait]
impl Runner for Held {
    async fn run(&self, request: RunRequest) -> RunOutcome {
        let _ = self.1.send(());
        self.0.acquire().await.unwrap().forget();
        let mut outcome = RunOutcome::internal_error("");
        outcome.status = Status::Ok;
        outcome.stdout = request.stdin;
        outcome
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_lane_answers_503_with_retry_after() {
    let Some(mut d) = Deployment::start(1).await else {
        return;
    };
    let (tx, mut started) = tokio::sync::mpsc::unbounded_channel();
    let held = Arc::new(Held(tokio::sync::Semaphore::new(0), tx));
    d.spawn_worker(held.clone(), 1);
    d.wait_for_python(true).await;
    let ada = d.app.learner().await;
    let first = {
        let (client, url, token) = (
            d.app.client.clone(),
            d.app.url("/api/v1/executions"),
            ada.access.clone(),
        );
        tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"language": "python", "code": "print(input())", "stdin": "one"}))
                .send()
                .await
                .unwrap()
        })
    };
    started.recv().await.unwrap();
    let refused = d
        .app
        .post_as(
            &ada.access,
            "/api/v1/executions",
            Some(json!({"language": "python", "code": "print(input())", "stdin": "two"})),
        )
        .await;
    let retry: u64 = refused
        .headers()
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_problem(refused, StatusCode::SERVICE_UNAVAILABLE, "queue_full").await;
    held.0.add_permits(1);
    let first = first.await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["stdout"], "one");
}
