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
    if !have(Language::Java) {
        return;
    }
    let code = "public class Main {\n    public static void main(String[] a) {\n        System.out.println(1 + 1);\n    }\n}\n";
    let out = sandbox()
        .trace(
            RunRequest::single(Language::Java, code),
            TraceOptions::default(),
        )
        .await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "2\n");
    assert!(out.trace.is_none());
}

// ---- JavaScript: traced by source instrumentation (tracer.js) ----

async fn trace_js(code: &str, options: TraceOptions) -> (RunOutcome, Trace) {
    let out = sandbox()
        .trace(RunRequest::single(Language::Javascript, code), options)
        .await;
    let trace = out
        .trace
        .clone()
        .unwrap_or_else(|| panic!("no trace: {out:?}"));
    (out, trace)
}

#[tokio::test]
async fn a_javascript_loop_shows_its_variable_changing_step_by_step() {
    if !have(Language::Javascript) {
        return;
    }
    let code =
        "let total = 0;\nfor (let i = 0; i < 4; i++) {\n  total += i;\n}\nconsole.log(total);\n";
    let (out, trace) = trace_js(code, TraceOptions::default()).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "6\n", "the tracer changes nothing printed");
    assert_eq!(out.stderr, "");
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
    assert!(
        !trace.steps[0].locals.contains_key("total"),
        "a let before its declaration ran is not shown: {:?}",
        trace.steps[0]
    );
    let printed: String = trace.steps.iter().map(|s| s.stdout.as_str()).collect();
    assert_eq!(printed, "6\n");
    let last = trace.steps.last().unwrap();
    assert_eq!((last.line, last.event), (5, StepEvent::Return));
    assert!(trace.steps.iter().all(|s| s.function.is_none()));
}

#[tokio::test]
async fn javascript_functions_methods_and_return_values_are_named() {
    if !have(Language::Javascript) {
        return;
    }
    let code = r#"class Counter {
  constructor() { this.n = 0; }
  add(by) {
    this.n += by;
    return this.n;
  }
}
const square = (x) => x * x;
function label(word) {
  const text = 'got ' + word;
  return text;
}
const c = new Counter();
c.add(2);
console.log(square(3), label("abc"), c.n);
"#;
    let (out, trace) = trace_js(code, TraceOptions::default()).await;
    assert_eq!(out.stdout, "9 got abc 2\n", "{out:?}");
    let ret = |f: &str| {
        trace
            .steps
            .iter()
            .find(|s| s.event == StepEvent::Return && s.function.as_deref() == Some(f))
            .unwrap_or_else(|| panic!("no return step of {f}: {trace:?}"))
    };
    assert_eq!(ret("Counter.add").return_value.as_deref(), Some("2"));
    assert_eq!(ret("Counter.add").locals["this"], "Counter { n: 2 }");
    assert_eq!(ret("square").return_value.as_deref(), Some("9"));
    assert_eq!(ret("label").return_value.as_deref(), Some("'got abc'"));
    assert_eq!(ret("label").locals["word"], "'abc'");
    let module_locals = &trace.steps.last().unwrap().locals;
    assert!(
        !module_locals.contains_key("square") && !module_locals.contains_key("Counter"),
        "functions and classes are not variables: {module_locals:?}"
    );
}

#[tokio::test]
async fn javascript_syntax_that_is_easy_to_break_runs_as_it_does_untraced() {
    if !have(Language::Javascript) {
        return;
    }
    // Braceless bodies, else-if chains, labels with continue, switch fall-through, destructuring,
    // a directive that must stay first, ASI, catch without a binding, generators.
    let code = r#""use strict";
const { a, b: [p, q] = [1, 2], ...rest } = { a: 1, z: 3 };
outer: for (let i = 0; i < 3; i++)
  for (let j = 0; j < 3; j++)
    if (j === 1) continue outer;
    else if (i === 2) break outer;
    else console.log(i, j)
switch (a) {
  case 1:
    console.log('one')
  case 2: { console.log('two'); break }
  default: console.log('other')
}
let k = 0
while (k < 2) k++
do k--; while (k > 0)
try { null.x } catch { console.log('caught') }
function* gen() { yield 1; yield 2 }
const f = () => ({ p, q })
console.log([...gen()], f(), rest, k, (function () { return typeof this })())
"#;
    let plain = run(Language::Javascript, code).await;
    let (out, trace) = trace_js(code, TraceOptions::default()).await;
    assert_eq!(plain.status, Status::Ok, "{plain:?}");
    assert_eq!(
        (out.status, out.stdout.as_str(), out.stderr.as_str()),
        (plain.status, plain.stdout.as_str(), plain.stderr.as_str())
    );
    assert!(!trace.truncated);
    let lines: std::collections::BTreeSet<u32> = trace.steps.iter().map(|s| s.line).collect();
    for line in [2, 3, 4, 5, 6, 7, 8, 10, 11, 14, 15, 16, 17, 18, 20] {
        assert!(lines.contains(&line), "line {line} has a step: {lines:?}");
    }
    assert!(!lines.contains(&1), "no step before the directive");
    assert!(trace.steps.iter().any(|s| s.event == StepEvent::Exception
        && s.exception.as_deref()
            == Some("TypeError: Cannot read properties of null (reading 'x')")));
    let at_print = trace
        .steps
        .iter()
        .find(|s| s.line == 20 && s.event == StepEvent::Line && s.function.is_none())
        .unwrap();
    assert_eq!(at_print.locals["rest"], "{ z: 3 }");
    assert_eq!(at_print.locals["k"], "0");
}

#[tokio::test]
async fn a_javascript_syntax_error_is_reported_as_an_untraced_run_reports_it() {
    if !have(Language::Javascript) {
        return;
    }
    let code = "let a = 1;\nlet = ;\nconsole.log(a);\n";
    let plain = run(Language::Javascript, code).await;
    let (out, trace) = trace_js(code, TraceOptions::default()).await;
    assert_eq!(plain.status, Status::RuntimeError, "{plain:?}");
    assert_eq!(out.status, plain.status);
    assert_eq!(out.exit_code, plain.exit_code);
    assert_eq!(out.stderr, plain.stderr, "Node's own error, byte for byte");
    assert!(out.stderr.contains("SyntaxError"), "{}", out.stderr);
    assert!(trace.steps.is_empty(), "{trace:?}");
    assert!(
        trace
            .exception
            .as_ref()
            .is_some_and(|e| e.message.starts_with("SyntaxError")),
        "{trace:?}"
    );
}

#[tokio::test]
async fn an_uncaught_javascript_error_ends_the_trace_and_stderr_is_nodes_own() {
    if !have(Language::Javascript) {
        return;
    }
    let code = "const xs = [1, 2];\nfunction get(i) {\n  const item = xs[i];\n  return item.foo;\n}\nconsole.log(get(5));\n";
    let plain = run(Language::Javascript, code).await;
    let (out, trace) = trace_js(code, TraceOptions::default()).await;
    assert_eq!(out.status, Status::RuntimeError);
    assert_eq!(out.exit_code, plain.exit_code);
    assert_eq!(
        out.stderr, plain.stderr,
        "the learner's excerpt, line and column, no tracer frame"
    );
    let exception = trace.exception.expect("the trace names the exception");
    assert_eq!(
        exception.message,
        "TypeError: Cannot read properties of undefined (reading 'foo')"
    );
    assert_eq!(exception.line, Some(4));
    let step = trace
        .steps
        .iter()
        .find(|s| s.event == StepEvent::Exception)
        .expect("an exception step");
    assert_eq!((step.line, step.function.as_deref()), (4, Some("get")));
    assert_eq!(step.locals["item"], "undefined");
    let crash = out.crash.expect("located");
    assert_eq!((crash.kind.id(), crash.line), ("null_dereference", Some(4)));
}

#[tokio::test]
async fn async_javascript_is_traced_as_it_runs() {
    if !have(Language::Javascript) {
        return;
    }
    let code = r#"const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function main() {
  let n = 0;
  for (const d of [2, 1]) {
    await sleep(d);
    n += d;
  }
  return n;
}
main().then((n) => {
  console.log('done', n);
  setTimeout(() => {
    const late = 'timer';
    console.log(late);
  }, 1);
});
"#;
    let (out, trace) = trace_js(code, TraceOptions::default()).await;
    assert_eq!(out.stdout, "done 3\ntimer\n", "{out:?}");
    assert!(!trace.truncated);
    let after_await: Vec<&str> = trace
        .steps
        .iter()
        .filter(|s| s.line == 6 && s.function.as_deref() == Some("main"))
        .map(|s| s.locals["n"].as_str())
        .collect();
    assert_eq!(after_await, ["0", "2"], "steps after each await");
    let ret = trace
        .steps
        .iter()
        .find(|s| s.event == StepEvent::Return && s.function.as_deref() == Some("main"))
        .unwrap();
    assert_eq!(ret.return_value.as_deref(), Some("3"));
    let module_end = trace
        .steps
        .iter()
        .position(|s| s.event == StepEvent::Return && s.function.is_none())
        .unwrap();
    let timer = trace
        .steps
        .iter()
        .position(|s| s.line == 14 && s.locals.get("late").map(String::as_str) == Some("'timer'"))
        .expect("a step inside the timer callback");
    assert!(timer > module_end, "the callback ran after the module");
}

#[tokio::test]
async fn a_javascript_trace_stops_at_the_step_cap_and_the_program_runs_on() {
    if !have(Language::Javascript) {
        return;
    }
    let code = "let n = 0;\nfor (let i = 0; i < 1000000; i++) {\n  n += i;\n}\nconsole.log(n);\n";
    let options = TraceOptions {
        max_steps: 50,
        ..TraceOptions::default()
    };
    let (out, trace) = trace_js(code, options).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "499999500000\n");
    assert_eq!(trace.steps.len(), 50);
    assert!(trace.truncated);
}

#[tokio::test]
async fn long_javascript_values_are_capped() {
    if !have(Language::Javascript) {
        return;
    }
    let code = "const s = 'x'.repeat(100000);\nconst big = [...Array(100000).keys()];\nconsole.log(s.length);\n";
    let options = TraceOptions {
        value_chars: 60,
        ..TraceOptions::default()
    };
    let (_, trace) = trace_js(code, options).await;
    let last = trace.steps.last().unwrap();
    assert!(last.locals["s"].chars().count() <= 60, "{:?}", last.locals);
    assert!(
        last.locals["big"].chars().count() <= 60,
        "{:?}",
        last.locals
    );
    assert!(
        last.locals["big"].starts_with("[ 0, 1, 2"),
        "{:?}",
        last.locals
    );
}

#[tokio::test]
async fn a_javascript_program_cannot_forge_steps_for_files_that_are_not_its_own() {
    if !have(Language::Javascript) {
        return;
    }
    // Fake records on stdout, on stderr, and written straight into every memfd it holds, the
    // trace channel among them (writing into Node's own epoll and pipe descriptors would only
    // crash it).
    let fake =
        r#"{"line":99,"file":"/etc/passwd","locals":{"pwned":"1"},"stdout":"","event":"line"}"#;
    let code = format!(
        r#"const fs = require('fs');
const fake = '{fake}\n';
console.log(fake.trim());
console.error(fake.trim());
for (const fd of fs.readdirSync('/proc/self/fd')) {{
  let target = '';
  try {{ target = fs.readlinkSync(`/proc/self/fd/${{fd}}`); }} catch {{}}
  if (target.startsWith('/memfd:')) fs.writeSync(Number(fd), fake);
}}
let x = 1;
"#
    );
    let (out, trace) = trace_js(&code, TraceOptions::default()).await;
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
            .all(|s| s.file.is_none() && s.line <= 10 && !s.locals.contains_key("pwned")),
        "{trace:?}"
    );
    assert!(trace.steps.iter().any(|s| s.line == 10));
}

#[tokio::test]
async fn only_the_learners_javascript_files_appear_in_a_trace() {
    if !have(Language::Javascript) {
        return;
    }
    let req = RunRequest {
        language: Language::Javascript,
        files: vec![
            SourceFile::new(
                "main.js",
                "const path = require('path');
const { twice } = require('./util');
const n = Number(require('fs').readFileSync(0, 'utf8'));
console.log(path.basename('/a/b.txt'), twice(n));
",
            ),
            SourceFile::new(
                "util.js",
                "function twice(n) {
  return n * 2;
}
module.exports = { twice };
",
            ),
        ],
        entry: Some("main.js".into()),
        stdin: "21
"
        .into(),
    };
    let out = sandbox().trace(req, TraceOptions::default()).await;
    assert_eq!(
        out.stdout,
        "b.txt 42
",
        "{out:?}"
    );
    let trace = out.trace.unwrap();
    assert!(
        trace
            .steps
            .iter()
            .all(|s| s.file.is_none() || s.file.as_deref() == Some("util.js")),
        "{trace:?}"
    );
    let twice = trace
        .steps
        .iter()
        .find(|s| s.file.as_deref() == Some("util.js") && s.function.as_deref() == Some("twice"))
        .expect("a step in the learner's other file");
    assert_eq!(twice.locals["n"], "21");
    assert!(
        trace
            .steps
            .iter()
            .all(|s| !s.locals.contains_key("path") && !s.locals.contains_key("twice")),
        "modules and functions are not locals"
    );
}

#[tokio::test]
async fn a_traced_javascript_run_is_as_isolated_as_any_other() {
    if !have(Language::Javascript) {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let code = format!(
        r#"const fs = require('fs');
const net = require('net');
for (const p of ['/box/x', '/usr/x', '/x', '/etc/x', '/codestead/trace.js']) {{
  try {{ fs.writeFileSync(p, 'pwned'); console.log('WROTE', p); }} catch {{}}
}}
const procs = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).length;
console.log(process.getuid(), procs < 5, Object.keys(process.env).join(','));
const s = net.connect({{ host: '127.0.0.1', port: {port} }});
s.on('connect', () => console.log('CONNECTED'));
s.on('error', () => console.log('no network'));
"#
    );
    let (out, trace) = trace_js(&code, TraceOptions::default()).await;
    let plain = run(Language::Javascript, &code).await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert!(!out.stdout.contains("WROTE"), "{}", out.stdout);
    assert!(!out.stdout.contains("CONNECTED"), "{}", out.stdout);
    assert!(
        out.stdout.ends_with(
            "no network
"
        ),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stdout, plain.stdout,
        "same uid, processes and environment (the tracer's setting is removed)"
    );
    assert!(out.stdout.contains("65534 true"), "{}", out.stdout);
    assert!(listener.accept().is_err());
    assert!(!trace.steps.is_empty());
}

#[tokio::test]
async fn a_traced_javascript_run_is_killed_on_the_wall_clock_and_keeps_its_steps() {
    if !have(Language::Javascript) {
        return;
    }
    let code = "let n = 0;
const tick = () => {
  n += 1;
  setTimeout(tick, 10);
};
tick();
";
    let out = fast_sandbox()
        .trace(
            RunRequest::single(Language::Javascript, code),
            TraceOptions::default(),
        )
        .await;
    assert_eq!(out.status, Status::Timeout, "{out:?}");
    let trace = out.trace.expect("a trace even when killed");
    assert!(trace.truncated);
    assert!(trace.steps.len() > 10, "flushed before the kill: {trace:?}");
}
