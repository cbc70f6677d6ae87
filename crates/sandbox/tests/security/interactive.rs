//! Interactive runs (`Sandbox::run_interactive`): output streams before input is given, the
//! busy clock and the idle allowance, and the hostile cases of the ordinary suite repeated on a
//! streaming run: no network, no writes outside /tmp, the memory and PID limits, the output cap,
//! and a Stop that leaves nothing running.

use std::net::TcpListener;
use std::sync::OnceLock;
use std::time::Duration;

use codestead_sandbox::{
    Input, InteractiveIo, InteractiveOutcome, Language, OutputChunk, RunRequest, Sandbox,
    SandboxConfig, Status, Stream,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::support::*;

/// Any frame should arrive well within this on a loaded machine.
const WAIT: Duration = Duration::from_secs(60);

/// The caller's side of a streaming run.
struct Session {
    input: Option<mpsc::Sender<Input>>,
    output: mpsc::Receiver<OutputChunk>,
    done: JoinHandle<InteractiveOutcome>,
    stdout: String,
    stderr: String,
}

impl Session {
    fn start(sandbox: &Sandbox, language: Language, code: &str) -> Session {
        let (input, input_rx) = mpsc::channel(16);
        let (output_tx, output) = mpsc::channel(16);
        let sandbox = sandbox.clone();
        let request = RunRequest::single(language, code);
        let done = tokio::spawn(async move {
            sandbox
                .run_interactive(
                    request,
                    InteractiveIo {
                        input: input_rx,
                        output: output_tx,
                    },
                )
                .await
        });
        Session {
            input: Some(input),
            output,
            done,
            stdout: String::new(),
            stderr: String::new(),
        }
    }

    async fn send(&self, input: Input) {
        self.input
            .as_ref()
            .expect("input open")
            .send(input)
            .await
            .expect("the run takes input");
    }

    async fn line(&self, line: &str) {
        self.send(Input::Stdin {
            data: format!("{line}\n"),
        })
        .await;
    }

    /// Reads output until stdout ends with `text`.
    async fn until(&mut self, text: &str) {
        while !self.stdout.ends_with(text) {
            let chunk = tokio::time::timeout(WAIT, self.output.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "no {text:?} within the wait: {:?} {:?}",
                        self.stdout, self.stderr
                    )
                })
                .unwrap_or_else(|| {
                    panic!("ended before {text:?}: {:?} {:?}", self.stdout, self.stderr)
                });
            self.push(chunk);
        }
    }

    fn push(&mut self, chunk: OutputChunk) {
        match chunk.stream {
            Stream::Stdout => self.stdout.push_str(&chunk.data),
            Stream::Stderr => self.stderr.push_str(&chunk.data),
        }
    }

    /// Drains the output and returns the outcome.
    async fn finish(mut self) -> (InteractiveOutcome, String) {
        while let Some(chunk) = tokio::time::timeout(WAIT, self.output.recv())
            .await
            .expect("the output ends")
        {
            self.push(chunk);
        }
        let outcome = tokio::time::timeout(WAIT, self.done)
            .await
            .expect("the run ends")
            .expect("no panic");
        (outcome, self.stdout)
    }
}

/// A sandbox with a 1 s busy clock and a 60 s idle allowance.
fn short_busy_sandbox() -> Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX
        .get_or_init(|| {
            let mut config = SandboxConfig {
                require_cgroups: true,
                ..SandboxConfig::default()
            };
            config.limits.wall_ms = 1_000;
            config.limits.idle_ms = 60_000;
            Sandbox::new(config).expect("sandbox set-up")
        })
        .clone()
}

/// A sandbox with a 1 s idle allowance and a 20 s busy clock.
fn short_idle_sandbox() -> Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX
        .get_or_init(|| {
            let mut config = SandboxConfig {
                require_cgroups: true,
                ..SandboxConfig::default()
            };
            config.limits.wall_ms = 20_000;
            config.limits.cpu_ms = 20_000;
            config.limits.idle_ms = 1_000;
            Sandbox::new(config).expect("sandbox set-up")
        })
        .clone()
}

#[tokio::test]
async fn the_prompt_streams_before_any_input_and_each_line_is_read_as_it_is_sent() {
    if !have(Language::Python) {
        return;
    }
    let code = "a = int(input('First number? '))\nb = int(input('Second number? '))\nprint('Sum:', a + b)\n";
    let mut s = Session::start(&sandbox(), Language::Python, code);
    s.until("First number? ").await;
    s.line("2").await;
    s.until("Second number? ").await;
    s.line("40").await;
    let (done, streamed) = s.finish().await;
    assert_eq!(done.outcome.status, Status::Ok, "{done:?}");
    assert_eq!(streamed, "First number? Second number? Sum: 42\n");
    assert_eq!(done.outcome.stdout, streamed);
    assert_eq!(done.stdin, "2\n40\n");
    assert!(!done.stopped);
}

#[tokio::test]
async fn every_language_reads_a_line_typed_after_its_prompt() {
    let programs = [
        (
            Language::Java,
            "import java.util.Scanner;\npublic class Main { public static void main(String[] a) { Scanner in = new Scanner(System.in); System.out.println(\"Name?\"); System.out.println(\"Hi \" + in.nextLine()); } }\n",
        ),
        (
            Language::Cpp,
            "#include <iostream>\n#include <string>\nint main() { std::string n; std::cout << \"Name?\\n\"; std::getline(std::cin, n); std::cout << \"Hi \" << n << std::endl; }\n",
        ),
        (
            Language::Javascript,
            "const rl = require('readline').createInterface({ input: process.stdin });\nconsole.log('Name?');\nrl.once('line', (n) => { console.log('Hi ' + n); rl.close(); });\n",
        ),
    ];
    for (language, code) in programs {
        if !have(language) {
            continue;
        }
        eprintln!("{language:?}");
        let mut s = Session::start(&sandbox(), language, code);
        s.until("Name?\n").await;
        s.line("Lin").await;
        let (done, streamed) = s.finish().await;
        assert_eq!(done.outcome.status, Status::Ok, "{language:?}: {done:?}");
        assert_eq!(streamed, "Name?\nHi Lin\n", "{language:?}");
        assert!(done.outcome.compile_output.is_some() == language.is_compiled());
    }
}

#[tokio::test]
async fn a_compile_error_ends_the_run_before_anything_runs() {
    if !have(Language::Cpp) {
        return;
    }
    let s = Session::start(&sandbox(), Language::Cpp, "int main() { return y; }");
    let (done, streamed) = s.finish().await;
    assert_eq!(done.outcome.status, Status::CompileError);
    assert!(
        done.outcome
            .compile_output
            .unwrap()
            .contains("was not declared")
    );
    assert!(streamed.is_empty());
}

#[tokio::test]
async fn waiting_for_input_is_not_charged_to_the_wall_clock() {
    if !have(Language::Python) {
        return;
    }
    let mut s = Session::start(
        &short_busy_sandbox(),
        Language::Python,
        "print(input('Ready? ')[::-1])",
    );
    s.until("Ready? ").await;
    // Real time must pass here, longer than the 1 s busy clock, while the program waits: this
    // sleep is the condition under test, not synchronisation.
    tokio::time::sleep(Duration::from_millis(1_800)).await;
    s.line("olleh").await;
    let (done, streamed) = s.finish().await;
    assert_eq!(done.outcome.status, Status::Ok, "{done:?}");
    assert_eq!(streamed, "Ready? hello\n");
    assert!(
        done.outcome.wall_ms < 1_000,
        "busy time {} ms",
        done.outcome.wall_ms
    );
}

#[tokio::test]
async fn a_busy_program_still_times_out_on_the_wall_clock() {
    if !have(Language::Python) {
        return;
    }
    let s = Session::start(
        &short_busy_sandbox(),
        Language::Python,
        "while True:\n    pass\n",
    );
    let (done, _) = s.finish().await;
    assert_eq!(done.outcome.status, Status::Timeout, "{done:?}");
    assert!(!done.stopped);
}

#[tokio::test]
async fn a_program_left_waiting_ends_when_the_idle_allowance_runs_out() {
    if !have(Language::Python) {
        return;
    }
    let s = Session::start(&short_idle_sandbox(), Language::Python, "input('waiting')");
    let (done, streamed) = s.finish().await;
    assert_eq!(streamed, "waiting");
    assert_eq!(done.outcome.status, Status::Timeout, "{done:?}");
    assert!(
        done.outcome
            .stderr
            .contains("waited for input longer than the 1 s allowed"),
        "{}",
        done.outcome.stderr
    );
}

#[tokio::test]
async fn end_of_input_is_delivered_and_stop_kills_the_tree_with_its_orphans() {
    if !have(Language::Python) {
        return;
    }
    let s = Session::start(
        &sandbox(),
        Language::Python,
        "import sys\nprint(len(sys.stdin.read()))",
    );
    s.send(Input::Stdin { data: "abc".into() }).await;
    s.send(Input::Eof).await;
    let (done, streamed) = s.finish().await;
    assert_eq!(streamed, "3\n", "{done:?}");

    let mark = marker();
    let code = format!(
        "import subprocess\nsubprocess.Popen(['/bin/sleep', '{mark}'], start_new_session=True)\nprint('spawned', flush=True)\nwhile True:\n    pass\n"
    );
    let mut s = Session::start(&sandbox(), Language::Python, &code);
    s.until("spawned\n").await;
    assert_eq!(
        host_processes_with(&mark.to_string()).len(),
        1,
        "the orphan runs"
    );
    s.send(Input::Stop).await;
    let (done, _) = s.finish().await;
    assert!(done.stopped, "{done:?}");
    assert_eq!(done.outcome.status, Status::RuntimeError);
    assert_eq!(done.outcome.signal, Some(libc::SIGKILL));
    assert!(done.outcome.stderr.contains("stopped by the learner"));
    assert_eq!(host_processes_with(&mark.to_string()), Vec::<String>::new());
}

#[tokio::test]
async fn a_caller_that_goes_away_stops_the_program() {
    if !have(Language::Python) {
        return;
    }
    let mut s = Session::start(
        &sandbox(),
        Language::Python,
        "print('up', flush=True)\ninput()\n",
    );
    s.until("up\n").await;
    s.input = None;
    let (done, _) = s.finish().await;
    assert!(done.stopped, "{done:?}");
}

#[tokio::test]
async fn a_streaming_run_has_no_network_and_cannot_write_outside_tmp() {
    if !have(Language::Python) {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let code = format!(
        r#"
import socket
input()
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
    print("CONNECTED")
except OSError:
    print("no network")
for path in ["/box/x", "/etc/x", "/usr/x", "/x"]:
    try:
        open(path, "w").write("x")
        print("WROTE", path)
    except OSError:
        print("refused", path)
open("/tmp/ok", "w").write("x")
print("tmp ok")
"#
    );
    let mut s = Session::start(&sandbox(), Language::Python, &code);
    s.line("go").await;
    s.until("tmp ok\n").await;
    let (done, streamed) = s.finish().await;
    assert_eq!(done.outcome.status, Status::Ok, "{done:?}");
    assert!(
        !streamed.contains("CONNECTED") && !streamed.contains("WROTE"),
        "{streamed}"
    );
    assert!(streamed.contains("no network"));
    assert!(listener.accept().is_err(), "nothing reached the host");
}

#[tokio::test]
async fn a_streaming_run_is_held_to_the_memory_and_pid_limits_and_the_output_cap() {
    if !have(Language::Python) {
        return;
    }
    let sandbox = patient_sandbox();
    let s = Session::start(
        &sandbox,
        Language::Python,
        "a = []\nwhile True:\n    a.append('x' * 10_000_000)\n",
    );
    let (done, _) = s.finish().await;
    assert_eq!(done.outcome.status, Status::MemoryLimit, "{done:?}");

    let fork_bomb = r#"
import os, time
ok = 0
for _ in range(500):
    try:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        ok += 1
    except OSError:
        pass
print(ok)
"#;
    let s = Session::start(&sandbox, Language::Python, fork_bomb);
    let (done, streamed) = s.finish().await;
    assert_eq!(done.outcome.status, Status::Ok, "{done:?}");
    let forked: u32 = streamed.trim().parse().unwrap();
    assert!(forked < 64, "forked {forked} processes");

    let s = Session::start(
        &sandbox,
        Language::Python,
        "while True:\n    print('y' * 999)\n",
    );
    let (done, streamed) = s.finish().await;
    assert_eq!(done.outcome.status, Status::OutputLimit, "{done:?}");
    let cap = sandbox.limits().output_bytes;
    assert_eq!(streamed.len(), cap, "exactly the cap is delivered");
    assert_eq!(done.outcome.stdout.len(), cap);
}
