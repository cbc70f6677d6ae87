//! Traced-run benchmark: the same Python and JavaScript programs run untraced (`Sandbox::run`) and traced
//! (`Sandbox::trace`), alternating, p50/p95 over N runs each in the same process; and the
//! tutor's path (a run, then a traced rerun) as their sum per round. Prints a Markdown table
//! for docs/benchmarks.md.
//!
//! `cargo run --release -p codestead-sandbox --example trace_bench -- [--runs N]`
//! (as root, on a machine prepared by scripts/sandbox-setup.sh).

use std::time::{Duration, Instant};

use codestead_sandbox::{Language, RunRequest, Sandbox, SandboxConfig, Status, TraceOptions};

const SMALL: &str = "def fact(n):\n    r = 1\n    for k in range(2, n + 1):\n        r *= k\n    return r\n\nfor n in range(6):\n    print(n, fact(n))\n";
const LOOP: &str = "total = 0\nfor i in range(3000):\n    total += i * i\nprint(total)\n";
const JS_SMALL: &str = "function fact(n) {\n  let r = 1;\n  for (let k = 2; k <= n; k++) {\n    r *= k;\n  }\n  return r;\n}\n\nfor (let n = 0; n < 6; n++) {\n  console.log(n, fact(n));\n}\n";
const JS_LOOP: &str =
    "let total = 0;\nfor (let i = 0; i < 3000; i++) {\n  total += i * i;\n}\nconsole.log(total);\n";

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let mut runs = 30usize;
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args[i + 1].parse().expect("--runs N");
    }
    let sandbox = Sandbox::new(SandboxConfig::default()).expect("sandbox");
    println!(
        "| language | program | steps | untraced p50 / p95 (ms) | traced p50 / p95 (ms) | ratio p50 | run + traced rerun p50 (ms) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (language, name, code) in [
        (Language::Python, "factorials (small)", SMALL),
        (Language::Python, "3,000-iteration loop", LOOP),
        (Language::Javascript, "factorials (small)", JS_SMALL),
        (Language::Javascript, "3,000-iteration loop", JS_LOOP),
    ] {
        let req = RunRequest::single(language, code);
        // Warm the page cache and the interpreter's files once.
        let _ = sandbox.run(req.clone()).await;
        let (mut plain, mut traced, mut both) = (Vec::new(), Vec::new(), Vec::new());
        let mut steps = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let out = sandbox.run(req.clone()).await;
            let a = start.elapsed();
            assert_eq!(out.status, Status::Ok, "{out:?}");
            let start = Instant::now();
            let out = sandbox.trace(req.clone(), TraceOptions::default()).await;
            let b = start.elapsed();
            assert_eq!(out.status, Status::Ok, "{out:?}");
            steps = out.trace.map(|t| t.steps.len()).unwrap_or(0);
            plain.push(a);
            traced.push(b);
            both.push(a + b);
        }
        let (p50a, p95a) = (percentile(&mut plain, 0.5), percentile(&mut plain, 0.95));
        let (p50b, p95b) = (percentile(&mut traced, 0.5), percentile(&mut traced, 0.95));
        println!(
            "| {} | {name} | {steps} | {p50a:.1} / {p95a:.1} | {p50b:.1} / {p95b:.1} | {:.2} | {:.1} |",
            language.name(),
            p50b / p50a,
            percentile(&mut both, 0.5)
        );
    }
}
