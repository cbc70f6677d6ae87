//! Traced runs: what a trace records, its caps, that the program cannot forge it, and that a
//! traced run is as isolated as any other.

use std::net::TcpListener;

use codestead_sandbox::{
    Language, RunOutcome, RunRequest, SourceFile, Status, StepEvent, Trace, TraceOptions,
};

use crate::support::*;

async fn trace(code: &str, options: TraceOptions) -> (RunOutcome, Trace) {
    let out = sandbox()
        .trace(RunRequest::single(Language::Python, code), options)
        .await;
    let trace = out
        .trace
        .clone()
        .unwrap_or_else(|| panic!("no trace: {out:?}"));
    (out, trace)
}

#[tokio::test]
async fn a_python_loop_shows_its_variable_changing_step_by_step() {
    if !have(Language::Python) {
        return;
    }
    let code = "total = 0\nfor i in range(4):\n    total += i\nprint(total)\n";
    let (out, trace) = trace(code, TraceOptions::default()).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "6\n", "the tracer changes nothing printed");
    assert!(!trace.truncated);
    let before_line_3: Vec<(&str, &str)> = trace
        .steps
        .iter()
        .filter(|s| s.line == 3 && s.event == StepEvent::Line)
        .map(|s| (s.locals["i"].as_str(), s.locals["total"].as_str()))
        .collect();
    assert_eq!(
        before_line_3,
        [("0", "0"), ("1", "0"), ("2", "1"), ("3", "3")]
    );
    let printed: String = trace.steps.iter().map(|s| s.stdout.as_str()).collect();
    assert_eq!(
        printed, "6\n",
        "the module's return step carries the last output"
    );
    let last = trace.steps.last().unwrap();
    assert_eq!((last.line, last.event), (4, StepEvent::Return));
}

#[tokio::test]
async fn output_is_attributed_to_the_steps_after_it_and_functions_are_named() {
    if !have(Language::Python) {
        return;
    }
    let code = "def square(x):\n    y = x * x\n    return y\nprint(square(3))\nprint('done')\n";
    let (out, trace) = trace(code, TraceOptions::default()).await;
    assert_eq!(out.stdout, "9\ndone\n");
    let ret = trace
        .steps
        .iter()
        .find(|s| s.event == StepEvent::Return)
        .expect("a return step");
    assert_eq!(ret.function.as_deref(), Some("square"));
    assert_eq!(ret.return_value.as_deref(), Some("9"));
    assert_eq!(ret.locals["y"], "9");
    let at_done = trace.steps.iter().find(|s| s.line == 5).unwrap();
    assert_eq!(
        at_done.stdout, "9\n",
        "what line 4 printed, seen before line 5"
    );
    assert!(at_done.function.is_none(), "module level has no function");
}

#[tokio::test]
async fn the_trace_stops_at_the_step_cap_and_the_program_runs_on() {
    if !have(Language::Python) {
        return;
    }
    let code = "n = 0\nfor i in range(5000):\n    n += i\nprint(n)\n";
    let options = TraceOptions {
        max_steps: 50,
        ..TraceOptions::default()
    };
    let (out, trace) = trace(code, options).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "12497500\n");
    assert_eq!(trace.steps.len(), 50);
    assert!(trace.truncated);
}

#[tokio::test]
async fn long_values_are_capped() {
    if !have(Language::Python) {
        return;
    }
    let code = "s = 'x' * 100000\nbig = list(range(100000))\nprint(len(s))\n";
    let options = TraceOptions {
        value_chars: 60,
        ..TraceOptions::default()
    };
    let (_, trace) = trace(code, options).await;
    let last = trace.steps.last().unwrap();
    assert!(last.locals["s"].chars().count() <= 60, "{:?}", last.locals);
    assert!(
        last.locals["big"].chars().count() <= 60,
        "{:?}",
        last.locals
    );
    assert!(last.locals["big"].starts_with("[0, 1, 2"));
}

#[tokio::test]
async fn a_program_printing_a_fake_trace_cannot_pass_it_off_as_its_own() {
    if !have(Language::Python) {
        return;
    }
    let fake = r#"{"line":99,"locals":{"pwned":"1"},"stdout":"","event":"line"}"#;
    let code = format!(
        "import sys\nprint('{fake}')\nprint('{fake}', file=sys.stderr)\nprint('{{\"end\":true,\"truncated\":false}}')\nx = 1\n"
    );
    let (out, trace) = trace(&code, TraceOptions::default()).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert!(
        out.stdout.starts_with(fake),
        "printed as is: {}",
        out.stdout
    );
    assert!(out.stderr.contains(fake));
    assert!(
        trace
            .steps
            .iter()
            .all(|s| s.line <= 5 && !s.locals.contains_key("pwned")),
        "{trace:?}"
    );
    let lines = trace
        .steps
        .iter()
        .filter(|s| s.event == StepEvent::Line)
        .count();
    assert_eq!(lines, 5, "one step per line: {trace:?}");
}

#[tokio::test]
async fn only_the_learners_files_appear_in_a_trace() {
    if !have(Language::Python) {
        return;
    }
    let req = RunRequest {
        language: Language::Python,
        files: vec![
            SourceFile::new(
                "main.py",
                "import json\nfrom util import twice\nprint(json.dumps(twice(2)))\n",
            ),
            SourceFile::new("util.py", "def twice(n):\n    return n * 2\n"),
        ],
        entry: Some("main.py".into()),
        stdin: String::new(),
    };
    let out = sandbox().trace(req, TraceOptions::default()).await;
    assert_eq!(out.stdout, "4\n", "{out:?}");
    let trace = out.trace.unwrap();
    assert!(
        trace
            .steps
            .iter()
            .all(|s| s.file.is_none() || s.file.as_deref() == Some("util.py")),
        "{trace:?}"
    );
    assert!(trace.steps.iter().any(|s| s.file.as_deref() == Some("util.py")
        && s.function.as_deref() == Some("twice")));
    assert!(
        trace
            .steps
            .iter()
            .all(|s| !s.locals.contains_key("json") && !s.locals.contains_key("twice")),
        "modules and functions are not locals"
    );
}

#[tokio::test]
async fn an_uncaught_exception_ends_the_trace_and_stderr_is_pythons_own() {
    if !have(Language::Python) {
        return;
    }
    let code = "xs = [1, 2, 3]\ni = 5\nprint(xs[i])\n";
    let plain = run(Language::Python, code).await;
    let (out, trace) = trace(code, TraceOptions::default()).await;
    assert_eq!(out.status, Status::RuntimeError);
    assert_eq!(out.exit_code, plain.exit_code);
    assert_eq!(out.stderr, plain.stderr, "no tracer frame in the traceback");
    let exception = trace.exception.expect("the trace names the exception");
    assert_eq!(exception.message, "IndexError: list index out of range");
    assert_eq!(exception.line, Some(3));
    assert!(
        trace
            .steps
            .iter()
            .any(|s| s.event == StepEvent::Exception && s.line == 3)
    );
    let crash = out.crash.expect("located");
    assert_eq!(
        (crash.kind.id(), crash.line),
        ("index_out_of_range", Some(3))
    );
}

#[tokio::test]
async fn a_traced_run_is_as_isolated_as_any_other() {
    if !have(Language::Python) {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let code = format!(
        r#"
import os, socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
    print("CONNECTED")
except OSError:
    print("no network")
for path in ["/box/x", "/usr/x", "/x", "/etc/x"]:
    try:
        open(path, "w").write("pwned")
        print("WROTE", path)
    except OSError:
        pass
print(os.getuid(), len([p for p in os.listdir("/proc") if p.isdigit()]) < 5)
"#
    );
    let (out, trace) = trace(&code, TraceOptions::default()).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert!(out.stdout.starts_with("no network\n"), "{}", out.stdout);
    assert!(!out.stdout.contains("WROTE"), "{}", out.stdout);
    assert!(out.stdout.ends_with("65534 True\n"), "{}", out.stdout);
    assert!(listener.accept().is_err());
    assert!(!trace.steps.is_empty());
}

#[tokio::test]
async fn a_traced_run_is_killed_on_the_wall_clock_and_keeps_its_steps() {
    if !have(Language::Python) {
        return;
    }
    let code = "import time\nn = 0\nwhile True:\n    n += 1\n    time.sleep(0.01)\n";
    let out = fast_sandbox()
        .trace(
            RunRequest::single(Language::Python, code),
            TraceOptions::default(),
        )
        .await;
    assert_eq!(out.status, Status::Timeout, "{out:?}");
    let trace = out.trace.expect("a trace even when killed");
    assert!(trace.truncated);
    assert!(trace.steps.len() > 10, "flushed before the kill: {trace:?}");
}

#[tokio::test]
async fn languages_without_a_tracer_run_normally() {
    if !have(Language::Javascript) {
        return;
    }
    let out = sandbox()
        .trace(
            RunRequest::single(Language::Javascript, "console.log(1 + 1)"),
            TraceOptions::default(),
        )
        .await;
    assert_eq!(out.status, Status::Ok);
    assert_eq!(out.stdout, "2\n");
    assert!(out.trace.is_none());
}
