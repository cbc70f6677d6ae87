//! Interactive runs over the WebSocket `/api/v1/executions/interactive`: programs in all four
//! languages driven line by line, Stop, limits, refusals, and the run in the history.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::{TestApp, shared_sandbox};

/// Frames arrive as the program writes; none should take this long on a loaded machine.
const FRAME_WAIT: Duration = Duration::from_secs(60);

fn require_sandbox() {
    assert!(
        shared_sandbox().is_some(),
        "the sandbox must work where `make test` runs (scripts/setup.sh installs it)"
    );
}

fn ws_url(app: &TestApp) -> String {
    format!(
        "{}/api/v1/executions/interactive",
        app.base.replacen("http", "ws", 1)
    )
}

/// One client of the interactive endpoint.
struct Console {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// Everything received on stdout so far.
    stdout: String,
    stderr: String,
    /// Frames in arrival order, by type.
    kinds: Vec<String>,
}

impl Console {
    async fn open(app: &TestApp, token: &str) -> Console {
        Self::try_open(app, Some(token), &[])
            .await
            .expect("the upgrade is accepted")
    }

    async fn try_open(
        app: &TestApp,
        token: Option<&str>,
        headers: &[(&'static str, String)],
    ) -> Result<Console, WsError> {
        let mut request = ws_url(app).into_client_request().unwrap();
        if let Some(token) = token {
            request.headers_mut().insert(
                "authorization",
                HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
            );
        }
        for (name, value) in headers {
            request
                .headers_mut()
                .insert(*name, HeaderValue::from_str(value).unwrap());
        }
        let (ws, _) = tokio_tungstenite::connect_async(request).await?;
        Ok(Console {
            ws,
            stdout: String::new(),
            stderr: String::new(),
            kinds: Vec::new(),
        })
    }

    async fn send(&mut self, message: Value) {
        self.ws
            .send(Message::Text(message.to_string().into()))
            .await
            .expect("send");
    }

    async fn start(&mut self, language: &str, code: &str) {
        self.send(json!({"type": "start", "language": language, "code": code}))
            .await;
    }

    async fn stdin(&mut self, data: &str) {
        self.send(json!({"type": "stdin", "data": data})).await;
    }

    /// The next JSON frame, or `None` once the server closed.
    async fn frame(&mut self) -> Option<Value> {
        loop {
            let message = tokio::time::timeout(FRAME_WAIT, self.ws.next())
                .await
                .expect("a frame within the wait")?;
            match message.expect("a readable frame") {
                Message::Text(text) => {
                    let frame: Value = serde_json::from_str(&text).expect("JSON frame");
                    let kind = frame["type"].as_str().unwrap_or_default().to_owned();
                    match kind.as_str() {
                        "stdout" => self.stdout.push_str(frame["data"].as_str().unwrap()),
                        "stderr" => self.stderr.push_str(frame["data"].as_str().unwrap()),
                        _ => {}
                    }
                    self.kinds.push(kind);
                    return Some(frame);
                }
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Reads output frames until stdout ends with `prompt` (the program is then waiting).
    async fn expect_prompt(&mut self, prompt: &str) {
        while !self.stdout.ends_with(prompt) {
            let frame = self
                .frame()
                .await
                .unwrap_or_else(|| panic!("closed before {prompt:?}; stdout {:?}", self.stdout));
            assert!(
                matches!(frame["type"].as_str(), Some("stdout" | "stderr")),
                "{frame} before the prompt {prompt:?} (stdout so far {:?})",
                self.stdout
            );
        }
    }

    /// Reads to the exit frame, then expects the close.
    async fn exit(&mut self) -> Value {
        loop {
            let frame = self.frame().await.expect("an exit frame before the close");
            match frame["type"].as_str() {
                Some("stdout" | "stderr") => continue,
                Some("exit") => {
                    assert!(self.frame().await.is_none(), "the socket closes after exit");
                    return frame;
                }
                _ => panic!("unexpected frame {frame}"),
            }
        }
    }

    /// Expects an error frame, then the close.
    async fn refused(&mut self) -> Value {
        let frame = self.frame().await.expect("an error frame");
        assert_eq!(frame["type"], "error", "{frame}");
        assert!(
            self.frame().await.is_none(),
            "the socket closes after a refusal"
        );
        frame
    }
}

const SUM_PY: &str =
    "a = int(input('First number? '))\nb = int(input('Second number? '))\nprint('Sum:', a + b)\n";

#[tokio::test]
async fn a_python_program_asks_for_two_numbers_over_the_socket_and_prints_their_sum() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let mut console = Console::open(&app, &ada.access).await;
    console.start("python", SUM_PY).await;
    // The prompt arrives while the program waits: nothing has been sent to its stdin yet.
    console.expect_prompt("First number? ").await;
    console.stdin("2\n").await;
    console.expect_prompt("Second number? ").await;
    console.stdin("40\n").await;
    let exit = console.exit().await;
    assert_eq!(exit["status"], "ok", "{exit}");
    assert_eq!(exit["stopped"], false);
    assert_eq!(exit["exitCode"], 0);
    assert_eq!(exit["stdout"], "First number? Second number? Sum: 42\n");
    assert_eq!(console.stdout, "First number? Second number? Sum: 42\n");
    assert_eq!(exit["cached"], false);

    // Stored like any run, with the input it was given.
    let history: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/executions?limit=5")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["id"], exit["id"]);
    assert_eq!(history[0]["stdout"], exit["stdout"]);
    let stored = app
        .state
        .store
        .list_executions(uuid::Uuid::parse_str(&ada.user_id).unwrap(), 1)
        .await
        .unwrap();
    assert_eq!(stored[0].stdin, "2\n40\n");
}

#[tokio::test]
async fn java_scanner_cpp_cin_and_javascript_readline_read_lines_as_they_are_typed() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let programs = [
        (
            "java",
            "import java.util.Scanner;\npublic class Main {\n  public static void main(String[] args) {\n    Scanner in = new Scanner(System.in);\n    System.out.println(\"Name?\");\n    String name = in.nextLine();\n    System.out.println(\"Hello, \" + name + \"!\");\n  }\n}\n",
        ),
        (
            "cpp",
            "#include <iostream>\n#include <string>\nint main() {\n  std::string name;\n  std::cout << \"Name?\\n\";\n  std::cin >> name;\n  std::cout << \"Hello, \" << name << \"!\" << std::endl;\n}\n",
        ),
        (
            "javascript",
            "const rl = require('readline').createInterface({ input: process.stdin });\nconsole.log('Name?');\nrl.once('line', (name) => { console.log('Hello, ' + name + '!'); rl.close(); });\n",
        ),
    ];
    for (language, code) in programs {
        let mut console = Console::open(&app, &ada.access).await;
        console.start(language, code).await;
        console.expect_prompt("Name?\n").await;
        console.stdin("Grace\n").await;
        let exit = console.exit().await;
        assert_eq!(exit["status"], "ok", "{language}: {exit}");
        assert_eq!(exit["stdout"], "Name?\nHello, Grace!\n", "{language}");
        assert_eq!(exit["language"], language);
    }
}

#[tokio::test]
async fn a_compile_error_is_reported_as_for_an_ordinary_run() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let mut console = Console::open(&app, &ada.access).await;
    console.start("cpp", "int main() { return x; }\n").await;
    let exit = console.exit().await;
    assert_eq!(exit["status"], "compile_error");
    assert!(
        exit["compileOutput"]
            .as_str()
            .unwrap()
            .contains("was not declared")
    );
    assert!(console.stdout.is_empty(), "nothing ran");
}

#[tokio::test]
async fn stop_kills_an_endless_loop_at_once() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let mut console = Console::open(&app, &ada.access).await;
    console
        .start("python", "print('looping')\nwhile True:\n    pass\n")
        .await;
    console.expect_prompt("looping\n").await;
    console.send(json!({"type": "stop"})).await;
    let exit = console.exit().await;
    assert_eq!(exit["stopped"], true, "{exit}");
    // Killed by the Stop, not by the wall clock's `timeout`.
    assert_eq!(exit["status"], "runtime_error");
    assert_eq!(exit["signal"], 9);
    assert!(
        exit["stderr"]
            .as_str()
            .unwrap()
            .contains("stopped by the learner")
    );
    assert!(
        exit["executionTimeMs"].as_i64().unwrap() < 5_000,
        "stopped before the wall clock: {exit}"
    );
}

#[tokio::test]
async fn the_limits_of_an_ordinary_run_hold_a_busy_loop_times_out_and_a_flood_stops_at_the_cap() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;

    let mut console = Console::open(&app, &ada.access).await;
    console.start("python", "while True:\n    pass\n").await;
    let exit = console.exit().await;
    assert_eq!(exit["status"], "timeout", "{exit}");
    assert_eq!(exit["stopped"], false);

    let mut console = Console::open(&app, &ada.access).await;
    console
        .start("python", "while True:\n    print('x' * 1000)\n")
        .await;
    let exit = console.exit().await;
    assert_eq!(exit["status"], "output_limit", "{exit}");
    let cap = 64 * 1024;
    assert!(
        console.stdout.len() <= cap,
        "{} bytes streamed",
        console.stdout.len()
    );
    assert!(console.stdout.len() > cap / 2);
    assert_eq!(exit["stdout"].as_str().unwrap().len(), console.stdout.len());
}

#[tokio::test]
async fn an_unauthenticated_upgrade_is_refused() {
    let app = TestApp::spawn().await;
    match Console::try_open(&app, None, &[]).await {
        Err(WsError::Http(response)) => assert_eq!(response.status(), StatusCode::UNAUTHORIZED),
        Err(other) => panic!("refused the wrong way: {other}"),
        Ok(_) => panic!("an anonymous upgrade was accepted"),
    }
    match Console::try_open(&app, Some("not-a-token"), &[]).await {
        Err(WsError::Http(response)) => assert_eq!(response.status(), StatusCode::UNAUTHORIZED),
        _ => panic!("a bad token was accepted"),
    }
}

#[tokio::test]
async fn a_cookie_upgrade_from_another_site_is_refused_and_from_the_app_accepted() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let cookie = ("cookie", format!("codestead_access={}", ada.access));
    let evil = [
        cookie.clone(),
        ("origin", "https://evil.example".to_owned()),
    ];
    match Console::try_open(&app, None, &evil).await {
        Err(WsError::Http(response)) => assert_eq!(response.status(), StatusCode::FORBIDDEN),
        _ => panic!("a cross-site cookie upgrade was accepted"),
    }
    let own = [cookie, ("origin", app.base.clone())];
    assert!(Console::try_open(&app, None, &own).await.is_ok());
}

#[tokio::test]
async fn a_bad_first_message_gets_an_error_frame_naming_the_field_and_a_clean_close() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let cases = [
        (json!({"type": "stdin", "data": "1\n"}), "type"),
        (
            json!({"type": "start", "language": "cobol", "code": "x"}),
            "language",
        ),
        (json!({"type": "start", "language": "python"}), "code"),
        (
            json!({"type": "start", "language": "python", "code": "x", "trace": true}),
            "trace",
        ),
        (
            json!({"type": "start", "language": "python", "code": "x", "colour": 1}),
            "colour",
        ),
        (json!({"language": "python", "code": "x"}), "type"),
    ];
    for (message, field) in cases {
        let mut console = Console::open(&app, &ada.access).await;
        console.send(message.clone()).await;
        let error = console.refused().await;
        assert_eq!(error["code"], "validation_failed", "{message}: {error}");
        assert_eq!(error["status"], 422);
        assert!(
            error["fields"][field].is_string(),
            "{message} should name {field}: {error}"
        );
    }
    let mut console = Console::open(&app, &ada.access).await;
    console
        .ws
        .send(Message::Text("{not json".into()))
        .await
        .unwrap();
    let error = console.refused().await;
    assert_eq!(error["code"], "malformed_json");
    // Nothing ran, nothing was stored.
    let history: Vec<Value> = app
        .get_as(&ada.access, "/api/v1/executions")
        .await
        .json()
        .await
        .unwrap();
    assert!(history.is_empty());
}

#[tokio::test]
async fn a_bad_message_during_the_run_is_named_and_stops_the_program() {
    require_sandbox();
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let mut console = Console::open(&app, &ada.access).await;
    console.start("python", SUM_PY).await;
    console.expect_prompt("First number? ").await;
    console.send(json!({"type": "stdin", "data": 7})).await;
    let error = console.frame().await.expect("an error frame");
    assert_eq!(error["type"], "error");
    assert!(error["fields"]["data"].is_string(), "{error}");
    let exit = console.exit().await;
    assert_eq!(exit["stopped"], true);
}

#[tokio::test]
async fn another_learners_project_cannot_be_run_interactively() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let eve = app.learner().await;
    let project: Value = app
        .post_as(
            &ada.access,
            "/api/v1/projects",
            Some(json!({"title": "Sums"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = project["id"].as_str().expect("project id").to_owned();
    let mut console = Console::open(&app, &eve.access).await;
    console
        .send(json!({"type": "start", "language": "python", "projectId": id}))
        .await;
    let error = console.refused().await;
    assert_eq!(error["code"], "validation_failed", "{error}");
    assert_eq!(error["fields"]["projectId"], "no such project");
}

#[tokio::test]
async fn interactive_runs_take_the_same_rate_budget_as_ordinary_runs() {
    require_sandbox();
    let app = TestApp::spawn_with(|c| c.exec_rate_per_min = 1).await;
    let ada = app.learner().await;
    let first = app
        .post_as(
            &ada.access,
            "/api/v1/executions",
            Some(json!({"language": "python", "code": "print(1)"})),
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let mut console = Console::open(&app, &ada.access).await;
    console.start("python", "print(2)").await;
    let error = console.refused().await;
    assert_eq!(error["code"], "rate_limited", "{error}");
    assert_eq!(error["status"], 429);
    assert!(error["retryAfterSecs"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn a_program_waiting_for_input_holds_its_queue_place_until_it_ends() {
    require_sandbox();
    let app = TestApp::spawn_with(|c| {
        c.exec_workers = Some(1);
        c.exec_queue_capacity = 0;
    })
    .await;
    let ada = app.learner().await;
    let mut console = Console::open(&app, &ada.access).await;
    console.start("python", SUM_PY).await;
    console.expect_prompt("First number? ").await;

    let busy = app
        .post_as(
            &ada.access,
            "/api/v1/executions",
            Some(json!({"language": "python", "code": "print('other')"})),
        )
        .await;
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    let mut second = Console::open(&app, &ada.access).await;
    second.start("python", "print(3)").await;
    assert_eq!(second.refused().await["code"], "queue_full");

    console.stdin("1\n2\n").await;
    assert_eq!(
        console.exit().await["stdout"],
        "First number? Second number? Sum: 3\n"
    );
    let free = app
        .post_as(
            &ada.access,
            "/api/v1/executions",
            Some(json!({"language": "python", "code": "print('other')"})),
        )
        .await;
    assert_eq!(free.status(), StatusCode::OK, "the place is free again");
}

#[tokio::test]
async fn the_route_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["paths"]["/api/v1/executions/interactive"]["get"].is_object());
    for schema in [
        "InteractiveStartMessage",
        "InteractiveStdinMessage",
        "InteractiveExitFrame",
        "InteractiveErrorFrame",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

/// An API server in `--exec-mode redis` with a `codestead worker` loop beside it on the real
/// sandbox and the real Redis: the program runs on the worker, its input and output relayed
/// over the session's streams. `None` (skipped) without `CODESTEAD_TEST_REDIS_URL`.
async fn redis_mode() -> Option<(TestApp, tokio::task::JoinHandle<()>)> {
    use codestead_server::exec::worker::{self, WorkerConfig};
    let Some(url) = std::env::var("CODESTEAD_TEST_REDIS_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("note: CODESTEAD_TEST_REDIS_URL unset; interactive runs over Redis skipped");
        return None;
    };
    require_sandbox();
    let prefix = format!("codestead-test:{}:", uuid::Uuid::now_v7().simple());
    let app = TestApp::spawn_with(|c| {
        c.redis_url = Some(url.clone().into());
        c.redis_prefix = prefix.clone();
        c.exec_mode = codestead_server::config::ExecMode::Redis;
        c.exec_rate_per_min = 1000;
    })
    .await;
    let sandbox = shared_sandbox().expect("checked");
    let languages = sandbox.languages();
    let config = WorkerConfig::new(&url, &prefix, 2);
    let worker = tokio::spawn(async move {
        worker::run(
            config,
            std::sync::Arc::new(sandbox),
            languages,
            std::future::pending(),
        )
        .await
        .expect("worker runs");
    });
    // Until the server sees the worker's heartbeat (bounded).
    let until = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let languages: Vec<Value> = app
            .request(reqwest::Method::GET, "/api/v1/languages", None, None)
            .await
            .json()
            .await
            .unwrap();
        if languages
            .iter()
            .any(|l| l["id"] == "python" && l["available"] == true)
        {
            break;
        }
        assert!(
            std::time::Instant::now() < until,
            "no worker heartbeat within 15 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Some((app, worker))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_redis_a_worker_runs_the_sum_program_with_input_typed_on_the_socket() {
    let Some((app, worker)) = redis_mode().await else {
        return;
    };
    let ada = app.learner().await;
    let mut console = Console::open(&app, &ada.access).await;
    console.start("python", SUM_PY).await;
    console.expect_prompt("First number? ").await;
    console.stdin("2\n").await;
    console.expect_prompt("Second number? ").await;
    console.stdin("40\n").await;
    let exit = console.exit().await;
    assert_eq!(exit["status"], "ok", "{exit}");
    assert_eq!(exit["stopped"], false);
    assert_eq!(exit["stdout"], "First number? Second number? Sum: 42\n");
    assert_eq!(console.stdout, "First number? Second number? Sum: 42\n");
    let stored = app
        .state
        .store
        .list_executions(uuid::Uuid::parse_str(&ada.user_id).unwrap(), 1)
        .await
        .unwrap();
    assert_eq!(stored[0].stdin, "2\n40\n");
    worker.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_redis_stop_reaches_the_worker_and_kills_the_program() {
    let Some((app, worker)) = redis_mode().await else {
        return;
    };
    let ada = app.learner().await;
    let mut console = Console::open(&app, &ada.access).await;
    console
        .start("python", "print('looping')\nwhile True:\n    pass\n")
        .await;
    console.expect_prompt("looping\n").await;
    console.send(json!({"type": "stop"})).await;
    let exit = console.exit().await;
    assert_eq!(exit["stopped"], true, "{exit}");
    assert_eq!(exit["status"], "runtime_error");
    assert!(
        exit["executionTimeMs"].as_i64().unwrap() < 5_000,
        "stopped before the wall clock: {exit}"
    );
    worker.abort();
}
