//! Real services a fault test can break: a `redis-server` of its own on a free port (the
//! shared Redis is never stopped), and a TCP proxy in front of PostgreSQL that can cut
//! every connection and blackhole new ones. Every wait polls against a deadline.

use std::future::Future;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Polls `check` until it returns `Some`, or panics after `deadline` naming `what`.
pub async fn poll_until<T, F, Fut>(what: &str, deadline: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < deadline,
            "{what}: not within {deadline:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A test that cannot run here for want of `what` (a tool or a service). Under CI (`CI`
/// set, as `.ci/run` does) that fails the test, so nothing is skipped unnoticed; elsewhere
/// the test notes it and returns. Tests gated on a `CODESTEAD_TEST_*` variable are not
/// "missing" anything: the Makefile chooses which runs set it.
pub fn missing(what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what}: CI is set, so this test fails rather than skip (`make setup` installs what the tests need)"
    );
    eprintln!("note: {what}; skipped");
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A private `redis-server` that the test starts, kills and restarts.
pub struct RedisServer {
    pub port: u16,
    child: Option<Child>,
    dir: tempfile::TempDir,
}

impl RedisServer {
    /// None (with a note) when `redis-server` is not installed.
    pub async fn start() -> Option<Self> {
        let mut server = Self {
            port: free_port(),
            child: None,
            dir: tempfile::tempdir().unwrap(),
        };
        if let Err(err) = server.spawn() {
            missing(&format!("redis-server cannot be started ({err})"));
            return None;
        }
        server.wait_ready().await;
        Some(server)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn spawn(&mut self) -> std::io::Result<()> {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        Ok(())
    }

    async fn wait_ready(&self) {
        let port = self.port;
        poll_until(
            "redis-server answers PING",
            Duration::from_secs(10),
            || async move {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
                stream.write_all(b"PING\r\n").await.ok()?;
                let mut buf = [0u8; 7];
                stream.read_exact(&mut buf).await.ok()?;
                (&buf == b"+PONG\r\n").then_some(())
            },
        )
        .await;
    }

    /// SIGKILL: the server vanishes mid-conversation, as in a crash.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGSTOP: the process stops answering but its sockets stay open, so clients wait
    /// instead of failing (a hung server or a blackholed network).
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// SIGCONT after [`pause`](Self::pause): it answers again, data intact.
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.as_ref().expect("redis-server runs").id();
        let status = Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .expect("kill(1) runs");
        assert!(status.success(), "kill {signal} {pid}");
    }

    /// Starts again on the same port (empty: it kept nothing).
    pub async fn restart(&mut self) {
        self.kill();
        self.spawn().expect("restarting redis-server");
        self.wait_ready().await;
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A TCP proxy between the server and its database. `cut` closes every open
/// connection and leaves new ones hanging unanswered (a blackholed network, the hardest
/// outage: nothing ever errors); `restore` forwards again.
pub struct TcpProxy {
    pub addr: SocketAddr,
    state: Arc<ProxyState>,
    accept: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct ProxyState {
    down: AtomicBool,
    pipes: Mutex<Vec<tokio::task::AbortHandle>>,
    held: Mutex<Vec<TcpStream>>,
}

impl TcpProxy {
    pub async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(ProxyState::default());
        let shared = state.clone();
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if shared.down.load(Ordering::SeqCst) {
                    shared.held.lock().unwrap().push(client);
                    continue;
                }
                let upstream = upstream.clone();
                let pipe = tokio::spawn(async move {
                    let mut client = client;
                    if let Ok(mut server) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                shared.pipes.lock().unwrap().push(pipe.abort_handle());
            }
        });
        Self {
            addr,
            state,
            accept,
        }
    }

    pub fn cut(&self) {
        self.state.down.store(true, Ordering::SeqCst);
        for pipe in self.state.pipes.lock().unwrap().drain(..) {
            pipe.abort();
        }
    }

    pub fn restore(&self) {
        self.state.down.store(false, Ordering::SeqCst);
        // The hung connections are closed; their clients give up on them.
        self.state.held.lock().unwrap().clear();
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

/// `url` with its `host:port` replaced by `addr` (`postgres://user@host:port/db`).
pub fn through(url: &str, addr: SocketAddr) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let userinfo = authority
        .rsplit_once('@')
        .map(|(u, _)| format!("{u}@"))
        .unwrap_or_default();
    format!("{scheme}://{userinfo}{addr}/{path}")
}

/// The `host:port` of `url`.
pub fn authority(url: &str) -> String {
    let rest = url.split_once("://").expect("a URL").1;
    let authority = rest.split('/').next().unwrap();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.contains(':') {
        host_port.to_owned()
    } else {
        format!("{host_port}:5432")
    }
}
