//! `TestApp`: the real router on a fresh database (SQLite, or PostgreSQL when
//! `CODESTEAD_TEST_DATABASE_URL` is set) and a random port, with typed helpers.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::Utc;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use codestead_server::config::PasswordHashing;
use codestead_server::platform::clock::ManualClock;
use codestead_server::{AppState, Config, Overrides, build_app, serve};
use codestead_store::testing::TestDatabase;

pub const PASSWORD: &str = "violet-otter-canyon-42";
/// `/metrics` is only served with this bearer token in tests (see `TestApp::metrics`).
pub const METRICS_TOKEN: &str = "test-metrics-token-0123456789";

/// One sandbox for the whole test process: apps share its run slots like a real server.
pub fn shared_sandbox() -> Option<codestead_sandbox::Sandbox> {
    static SANDBOX: std::sync::OnceLock<Option<codestead_sandbox::Sandbox>> =
        std::sync::OnceLock::new();
    SANDBOX
        .get_or_init(|| {
            match codestead_sandbox::Sandbox::new(codestead_sandbox::SandboxConfig::default()) {
                Ok(s) => Some(s),
                Err(e) => {
                    // Without a sandbox the execution tests check the 503 answer instead.
                    crate::fixtures::missing(&format!("the sandbox is unavailable ({e})"));
                    None
                }
            }
        })
        .clone()
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    pub data_dir: PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    /// Owned by the first server of a deployment; servers beside it borrow them.
    _db: Option<TestDatabase>,
    _dir: Option<tempfile::TempDir>,
}

/// Tokens of a signed-in test user.
#[derive(Clone, Debug)]
pub struct Login {
    pub email: String,
    pub user_id: String,
    pub access: String,
    pub refresh: String,
    pub session_id: String,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(tune: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = TestDatabase::from_env_or_sqlite(dir.path()).await;
        let mut config = Config::for_data_dir(dir.path().to_path_buf());
        config.database_url = Some(db.url.clone());
        config.password_hashing = PasswordHashing::Test;
        config.auth_rate_per_address_per_min = Some(10_000);
        config.auth_rate_per_account_per_min = 10_000;
        config.api_rate_per_min = 100_000;
        config.smtp_url = None;
        config.jwt_secret = None;
        config.metrics_token = Some(METRICS_TOKEN.to_owned().into());
        tune(&mut config);
        let mut app = Self::start(config).await;
        app._db = Some(db);
        app._dir = Some(dir);
        app
    }

    /// A second server of the same deployment: same database and data directory (so the
    /// same signing key), its own process state. `tune` starts from this app's config.
    pub async fn spawn_beside(&self, tune: impl FnOnce(&mut Config)) -> Self {
        let mut config = (*self.state.config).clone();
        tune(&mut config);
        Self::start(config).await
    }

    async fn start(config: Config) -> Self {
        let data_dir = config.data_dir.clone();
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let state = AppState::build(
            config,
            Overrides {
                clock: Some(clock.clone()),
                sandbox: Some(shared_sandbox()),
            },
        )
        .await
        .expect("state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = build_app(state.clone());
        tokio::spawn(async move {
            serve(listener, app, async {
                let _ = rx.await;
            })
            .await
            .expect("serve");
        });
        Self {
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            state,
            clock,
            data_dir,
            shutdown: Some(tx),
            _db: None,
            _dir: None,
        }
    }

    /// The Prometheus text, fetched with the metrics token.
    pub async fn metrics(&self) -> String {
        self.client
            .get(self.url("/metrics"))
            .bearer_auth(METRICS_TOKEN)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(body) = body {
            req = req.json(&body);
        }
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        req.send().await.expect("request")
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.request(Method::POST, path, Some(body), None).await
    }

    pub async fn post_as(&self, token: &str, path: &str, body: Option<Value>) -> Response {
        self.request(Method::POST, path, body, Some(token)).await
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Response {
        self.request(Method::GET, path, None, Some(token)).await
    }

    pub async fn register(&self, email: &str) -> Response {
        self.post(
            "/api/v1/auth/register",
            json!({"email": email, "password": PASSWORD, "firstName": "Ada", "lastName": "Lovelace"}),
        )
        .await
    }

    pub async fn login_with(&self, email: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            json!({"email": email, "password": password}),
        )
        .await
    }

    pub async fn login(&self, email: &str) -> Login {
        let response = self.login_with(email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {email}");
        let body: Value = response.json().await.unwrap();
        Login {
            email: email.into(),
            user_id: body["user"]["id"].as_str().unwrap().into(),
            access: body["accessToken"].as_str().unwrap().into(),
            refresh: body["refreshToken"].as_str().unwrap().into(),
            session_id: body["sessionId"].as_str().unwrap().into(),
        }
    }

    /// A registered and signed-in learner with a unique address.
    pub async fn learner(&self) -> Login {
        let email = format!("learner-{}@example.org", uuid::Uuid::now_v7().simple());
        assert_eq!(self.register(&email).await.status(), StatusCode::CREATED);
        self.login(&email).await
    }

    /// Every mail in the outbox (after background work has settled), oldest first.
    pub async fn outbox(&self) -> Vec<String> {
        self.state.accounts.settle().await;
        let dir = self.data_dir.join("outbox");
        let mut names: Vec<_> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        names
            .into_iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }

    /// The `token=` value of the newest mail to `to` whose link contains `path`.
    pub async fn token_from_mail(&self, to: &str, path: &str) -> String {
        let mails = self.outbox().await;
        let mail = mails
            .iter()
            .rev()
            .find(|m| m.contains(&format!("To: {to}")) && m.contains(path))
            .unwrap_or_else(|| panic!("no mail to {to} with {path}"));
        // Long link lines are sent quoted-printable (soft breaks, `=3D` for `=`).
        let decoded =
            quoted_printable::decode(mail.as_bytes(), quoted_printable::ParseMode::Robust).unwrap();
        let text = String::from_utf8(decoded).unwrap();
        let start = text.find("token=").expect("token in mail") + "token=".len();
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Asserts a problem+json response with `status` and `code`; returns the body.
pub async fn assert_problem(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/problem+json"),
        "content type {content_type}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "body {body}");
    assert_eq!(body["status"], status.as_u16());
    body
}

/// A run stored as the execution service would store it (no sandbox needed).
pub async fn seed_run(app: &TestApp, user_id: &str, language: &str, status: &str) {
    app.state
        .store
        .insert_execution(codestead_store::executions::Execution {
            id: uuid::Uuid::now_v7(),
            user_id: user_id.parse().unwrap(),
            project_id: None,
            language: language.into(),
            files: vec![codestead_store::executions::StoredFile {
                path: "main.py".into(),
                content: "print('hello from the export')".into(),
            }],
            entry: None,
            stdin: String::new(),
            status: status.into(),
            stdout: "hello\n".into(),
            stderr: String::new(),
            compile_output: None,
            exit_code: Some(0),
            execution_time_ms: 5,
            cpu_time_ms: 4,
            memory_bytes: 1024,
            cached: false,
            created_at: app.state.clock.now(),
        })
        .await
        .expect("seed run");
}
