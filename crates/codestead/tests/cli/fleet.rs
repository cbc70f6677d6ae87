//! Several hosts on one machine: one API server (`--exec-mode redis`) and two
//! `codestead worker` processes, each in its own network namespace (`ip netns` + veth on a
//! bridge), talking to a Redis of the test's own bound to the bridge address. 200 runs of all
//! four languages; then 200 more while one worker is killed with SIGKILL mid-run. Every run
//! must be answered exactly once with the right output. Where network namespaces cannot be
//! made (not root, no `ip`), the test says so and runs the same processes on loopback.
//!
//! Runs when `CODESTEAD_TEST_FLEET=1` (`make test-fleet`, called by `make test`); needs
//! `redis-server` and a working sandbox (`scripts/setup.sh` installs both).

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const RUNS: usize = 200;
const IN_FLIGHT: usize = 12;
const PASSWORD: &str = "violet-otter-canyon-42";

/// The network of the test: namespaces on a bridge, or loopback.
struct Net {
    /// `(namespace, address)` of the API server and the two workers; namespace `None` on
    /// loopback.
    hosts: [(Option<String>, String); 3],
    redis_addr: String,
    bridge: Option<String>,
}

impl Net {
    fn make() -> Net {
        match Self::namespaces() {
            Ok(net) => net,
            Err(why) => {
                eprintln!(
                    "note: network namespaces could not be made ({why}); the fleet runs on loopback"
                );
                Net {
                    hosts: std::array::from_fn(|_| (None, "127.0.0.1".to_owned())),
                    redis_addr: "127.0.0.1".into(),
                    bridge: None,
                }
            }
        }
    }

    fn namespaces() -> Result<Net, String> {
        // A /24 of our own per run (pid-derived), so parallel runs do not meet, in 198.18.0.0/15
        // (reserved for benchmarking networks: no real route of the host is shadowed).
        let tag = std::process::id() % 250;
        let bridge = format!("csfb{tag}");
        let ip = |args: &[&str]| -> Result<(), String> {
            let out = Command::new("ip")
                .args(args)
                .output()
                .map_err(|e| format!("ip: {e}"))?;
            if out.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "ip {}: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                ))
            }
        };
        let mut net = Net {
            hosts: std::array::from_fn(|_| (None, String::new())),
            redis_addr: format!("198.18.{tag}.1"),
            bridge: Some(bridge.clone()),
        };
        ip(&["link", "add", &bridge, "type", "bridge"])?;
        ip(&["addr", "add", &format!("198.18.{tag}.1/24"), "dev", &bridge])?;
        ip(&["link", "set", &bridge, "up"])?;
        for (i, name) in ["api", "w1", "w2"].iter().enumerate() {
            let ns = format!("csf{tag}-{name}");
            let (outer, inner) = (format!("csf{tag}{name}o"), format!("csf{tag}{name}i"));
            let addr = format!("198.18.{tag}.{}", i + 2);
            ip(&["netns", "add", &ns])?;
            net.hosts[i] = (Some(ns.clone()), addr.clone());
            ip(&[
                "link", "add", &outer, "type", "veth", "peer", "name", &inner,
            ])?;
            ip(&["link", "set", &inner, "netns", &ns])?;
            ip(&["link", "set", &outer, "master", &bridge])?;
            ip(&["link", "set", &outer, "up"])?;
            ip(&[
                "-n",
                &ns,
                "addr",
                "add",
                &format!("{addr}/24"),
                "dev",
                &inner,
            ])?;
            ip(&["-n", &ns, "link", "set", &inner, "up"])?;
            ip(&["-n", &ns, "link", "set", "lo", "up"])?;
        }
        eprintln!(
            "fleet: API server at {}, workers at {} and {}, Redis at {} (network namespaces on {bridge})",
            net.hosts[0].1, net.hosts[1].1, net.hosts[2].1, net.redis_addr
        );
        Ok(net)
    }

    /// `program args…`, inside host `i`'s network namespace when there is one. Through
    /// `nsenter --net` rather than `ip netns exec`: the latter remounts `/sys` for the
    /// namespace, which hides the cgroup hierarchy the sandbox needs.
    fn command(&self, i: usize, program: &str) -> Command {
        match &self.hosts[i].0 {
            Some(ns) => {
                let mut c = Command::new("nsenter");
                c.arg(format!("--net=/run/netns/{ns}"))
                    .arg("--")
                    .arg(program);
                c
            }
            None => Command::new(program),
        }
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        for (ns, _) in &self.hosts {
            if let Some(ns) = ns {
                let _ = Command::new("ip").args(["netns", "del", ns]).status();
            }
        }
        if let Some(bridge) = &self.bridge {
            let _ = Command::new("ip").args(["link", "del", bridge]).status();
        }
    }
}

struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn sigkill(p: &mut Proc) {
    // Child::kill is SIGKILL on Unix: no clean shutdown, no heartbeat withdrawal.
    p.0.kill().expect("kill");
    p.0.wait().expect("reap");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The program for run `n` and the output it must print: distinct per run, so no answer
/// can come from the result cache or from another run.
fn program(n: usize) -> (&'static str, String, String) {
    let k = n * 7 + 3;
    match n % 4 {
        0 => ("python", format!("print({k} * 2)"), format!("{}\n", k * 2)),
        1 => (
            "javascript",
            format!("console.log({k} * 2)"),
            format!("{}\n", k * 2),
        ),
        2 => (
            "java",
            format!(
                "public class Main {{ public static void main(String[] a) {{ System.out.println({k} * 2); }} }}"
            ),
            format!("{}\n", k * 2),
        ),
        _ => (
            "cpp",
            format!("#include <iostream>\nint main() {{ std::cout << {k} * 2 << std::endl; }}"),
            format!("{}\n", k * 2),
        ),
    }
}

async fn wait_until(what: &str, bound: Duration, mut check: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < bound, "{what}: not within {bound:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn redis_cli(redis_url: &str, args: &[&str]) -> String {
    let out = Command::new("redis-cli")
        .args(["-u", redis_url])
        .args(args)
        .output()
        .expect("redis-cli");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `from..to` with a few in flight; `on_answer(count)` after each answer. Returns the
/// per-run outcome: `Ok(())` or what was wrong.
async fn run_batch(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    from: usize,
    to: usize,
    answered: Arc<AtomicUsize>,
) -> Vec<Result<(), String>> {
    let slots = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
    let mut runs = tokio::task::JoinSet::new();
    for n in from..to {
        let permit = slots.clone().acquire_owned().await.unwrap();
        let (client, base, token, answered) = (
            client.clone(),
            base.to_owned(),
            token.to_owned(),
            answered.clone(),
        );
        runs.spawn(async move {
            let _permit = permit;
            let (language, code, expected) = program(n);
            let r = client
                .post(format!("{base}/api/v1/executions"))
                .bearer_auth(&token)
                .json(&json!({"language": language, "code": code}))
                .send()
                .await
                .map_err(|e| format!("run {n}: {e}"))?;
            answered.fetch_add(1, Ordering::SeqCst);
            let status = r.status();
            let body: Value = r.json().await.map_err(|e| format!("run {n}: {e}"))?;
            if status != 200 || body["status"] != "ok" || body["stdout"] != expected.as_str() {
                return Err(format!("run {n} ({language}): {status} {body}"));
            }
            Ok(())
        });
    }
    runs.join_all().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fleet_of_two_workers_answers_every_run_once_even_when_one_is_killed() {
    if std::env::var("CODESTEAD_TEST_FLEET").as_deref() != Ok("1") {
        eprintln!(
            "note: CODESTEAD_TEST_FLEET unset; the multi-host fleet test runs in `make test-fleet`"
        );
        return;
    }
    let net = Net::make();
    let tmp = tempfile::tempdir().unwrap();
    let redis_port = free_port();
    let redis_url = format!("redis://{}:{redis_port}/0", net.redis_addr);
    let _redis = Proc(
        Command::new("redis-server")
            .args(["--bind", &net.redis_addr, "--port", &redis_port.to_string()])
            .args(["--save", "", "--appendonly", "no", "--protected-mode", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server (scripts/setup.sh installs it)"),
    );
    wait_until(
        "redis-server answers",
        Duration::from_secs(10),
        async || redis_cli(&redis_url, &["PING"]).contains("PONG"),
    )
    .await;

    let bin = env!("CARGO_BIN_EXE_codestead");
    let api_port = free_port();
    let api_addr = format!("{}:{api_port}", net.hosts[0].1);
    let base = format!("http://{api_addr}");
    // Logs outlive the test (a failure names them): the target directory's tmp.
    let logs = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fleet-logs");
    std::fs::create_dir_all(&logs).unwrap();
    eprintln!("fleet: process logs in {}", logs.display());
    let log = |name: &str| std::fs::File::create(logs.join(format!("{name}.log"))).unwrap();
    let api = net
        .command(0, bin)
        .args(["serve", "--addr", &api_addr, "--exec-mode", "redis"])
        .arg("--data-dir")
        .arg(tmp.path().join("data"))
        .args(["--redis-url", &redis_url])
        .env("CODESTEAD_PASSWORD_HASHING", "test")
        .env("CODESTEAD_AUTH_RATE_PER_MIN", "100000")
        .env("CODESTEAD_API_RATE_PER_MIN", "1000000")
        .env("CODESTEAD_EXEC_RATE_PER_MIN", "1000000")
        .env(
            "CODESTEAD_METRICS_TOKEN",
            "fleet-test-metrics-token-0123456789",
        )
        .env("CODESTEAD_LOG", "warn")
        .env_remove("CODESTEAD_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(log("api"))
        .spawn()
        .expect("codestead serve");
    let _api = Proc(api);
    let worker = |i: usize| {
        let child = net
            .command(i, bin)
            .args(["worker", "--redis-url", &redis_url, "--exec-workers", "2"])
            .args(["--lease-ms", "2000"])
            .env("CODESTEAD_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log(&format!("worker{i}")))
            .spawn()
            .expect("codestead worker");
        Proc(child)
    };
    let _w1 = worker(1);
    let mut w2 = worker(2);

    let client = reqwest::Client::new();
    wait_until(
        "the API server and both workers are up",
        Duration::from_secs(60),
        async || {
            let Ok(r) = client.get(format!("{base}/readyz")).send().await else {
                return false;
            };
            let body: Value = r.json().await.unwrap_or_default();
            body["workers"] == 2
        },
    )
    .await;
    let langs: Vec<Value> = client
        .get(format!("{base}/api/v1/languages"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(langs.iter().all(|l| l["available"] == true), "{langs:?}");

    let email = "fleet@example.org";
    let r = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD, "firstName": "Ada", "lastName": "L"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["accessToken"].as_str().unwrap().to_owned();

    // Round 1: both workers.
    let started = Instant::now();
    let answered = Arc::new(AtomicUsize::new(0));
    let results = run_batch(&client, &base, &token, 0, RUNS, answered.clone()).await;
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} failed: {failures:#?}",
        failures.len()
    );
    assert_eq!(answered.load(Ordering::SeqCst), RUNS);
    eprintln!(
        "fleet: {RUNS} runs on two workers in {:?}",
        started.elapsed()
    );

    // Round 2: SIGKILL the second worker once it holds jobs of the run.
    let started = Instant::now();
    let answered = Arc::new(AtomicUsize::new(0));
    let round = tokio::spawn({
        let (client, base, token, answered) = (
            client.clone(),
            base.clone(),
            token.clone(),
            answered.clone(),
        );
        async move { run_batch(&client, &base, &token, RUNS, 2 * RUNS, answered).await }
    });
    let w2_id = {
        let bound = Instant::now() + Duration::from_secs(60);
        loop {
            // The consumer holding entries in the interactive lane that is not worker 1.
            let pending = redis_cli(
                &redis_url,
                &["XPENDING", "codestead:exec:lane:interactive", "workers"],
            );
            let w2_pid = w2.0.id();
            if let Some(id) = pending
                .lines()
                .find(|l| l.contains(&format!("-{w2_pid}-")))
                .map(str::to_owned)
                && answered.load(Ordering::SeqCst) >= RUNS / 4
            {
                break id;
            }
            assert!(
                Instant::now() < bound,
                "worker 2 never held a job: {pending}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    sigkill(&mut w2);
    eprintln!(
        "fleet: worker {w2_id} killed with SIGKILL holding jobs, after {} answers",
        answered.load(Ordering::SeqCst)
    );
    let results = round.await.unwrap();
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    if !failures.is_empty() {
        let list: Vec<&str> = failures.iter().map(|f| f.as_str()).collect();
        std::fs::write(logs.join("round2-failures.txt"), list.join("\n")).unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} failed: {failures:#?}",
        failures.len()
    );
    assert_eq!(answered.load(Ordering::SeqCst), RUNS);
    eprintln!(
        "fleet: {RUNS} runs with a worker killed in {:?}",
        started.elapsed()
    );

    // Exactly once: every job was answered once (no reply reached the server for a job
    // already answered), and every run is in the learner's history once.
    let metrics = client
        .get(format!("{base}/metrics"))
        .bearer_auth("fleet-test-metrics-token-0123456789")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let claims: f64 = metric_sum(&metrics, "execution_replies_unclaimed_total");
    assert_eq!(claims, 0.0, "a reply arrived for a job nobody waited on");
    let answered_metric = metric_sum(&metrics, "execution_replies_total");
    assert_eq!(answered_metric as usize, 2 * RUNS, "{metrics}");
    // The killed worker's jobs were taken over by the survivor (XAUTOCLAIM after the lease).
    let survivor = std::fs::read_to_string(logs.join("worker1.log")).unwrap();
    let claims = survivor.matches("claimed a job of a lost worker").count();
    assert!(claims > 0, "worker 1 claimed nothing:\n{survivor}");
    eprintln!("fleet: worker 1 claimed {claims} job(s) of the killed worker");
    for lane in ["interactive", "graded", "bulk"] {
        let left = redis_cli(
            &redis_url,
            &["XLEN", &format!("codestead:exec:lane:{lane}")],
        );
        assert_eq!(left.trim(), "0", "{lane} lane still holds jobs");
    }
    drop(tmp);
}

fn metric_sum(text: &str, name: &str) -> f64 {
    text.lines()
        .filter(|l| l.starts_with(name) && !l.starts_with('#'))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}
