//! Sandbox benchmark: per language, the same commands run bare and sandboxed (p50/p95 over N
//! runs, measured in the same process run; Python both cold — an interpreter per run — and
//! forked from the zygote), and Python hello-world throughput on 2 and 4 workers, bare vs
//! cold vs zygote. Prints a Markdown table for docs/benchmarks.md.
//!
//! `cargo run --release -p codestead-sandbox --example sandbox_bench -- [--runs N] [--throughput M]`
//! (as root, on a machine prepared by scripts/sandbox-setup.sh).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use codestead_sandbox::{Language, RunRequest, Sandbox, SandboxConfig, Status};
use tokio::sync::Semaphore;

fn hello(language: Language) -> &'static str {
    match language {
        Language::Python => "print('hello, world')",
        Language::Javascript => "console.log('hello, world')",
        Language::Java => {
            "public class Main { public static void main(String[] a) { System.out.println(\"hello, world\"); } }"
        }
        // <iostream> and <string>: what the curriculum's C++ files start with.
        Language::Cpp => {
            "#include <iostream>\n#include <string>\nint main() { std::string s = \"hello, world\"; std::cout << s << '\\n'; }"
        }
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx].as_secs_f64() * 1000.0
}

/// Runs `argv` (with `/box` and `/out` mapped to `dir`) directly: the bare baseline.
async fn bare(dir: &Path, argv: &[String], env: &[(&str, &str)]) -> Duration {
    let map = |a: &String| {
        if let Some(rest) = a.strip_prefix("/box") {
            format!("{}/box{rest}", dir.display())
        } else if let Some(rest) = a.strip_prefix("/out") {
            format!("{}/out{rest}", dir.display())
        } else {
            a.clone()
        }
    };
    let argv: Vec<String> = argv.iter().map(map).collect();
    let start = Instant::now();
    let mut child = tokio::process::Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(dir.join("box"))
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn bare");
    drop(child.stdin.take());
    let out = child.wait_with_output().await.expect("bare run");
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "bare {argv:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}

struct Row {
    label: String,
    bare: Vec<Duration>,
    boxed: Vec<Duration>,
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let runs = arg("--runs", 30);
    let throughput_runs = arg("--throughput", 200);
    let mut config = SandboxConfig {
        require_cgroups: true,
        max_concurrent: 2,
        ..SandboxConfig::default()
    };
    config.limits.wall_ms = 20_000;
    config.limits.compile_wall_ms = 30_000;
    let cold_python = Sandbox::new(SandboxConfig {
        python_zygote: false,
        ..config.clone()
    })
    .expect("sandbox");
    let sandbox = Sandbox::new(config).expect("sandbox");
    let env = [
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("HOME", "/tmp"),
        ("TMPDIR", "/tmp"),
        ("LANG", "C.UTF-8"),
    ];
    let root = PathBuf::from(format!("/dev/shm/codestead-bench-{}", std::process::id()));

    let mut rows = Vec::new();
    for language in Language::ALL {
        let req = RunRequest::single(language, hello(language));
        let Some((compile, run)) = sandbox.commands(&req) else {
            eprintln!("skipping {language}: toolchain missing");
            continue;
        };
        let dir = root.join(language.id());
        std::fs::create_dir_all(dir.join("box")).unwrap();
        std::fs::create_dir_all(dir.join("out")).unwrap();
        std::fs::write(
            dir.join("box").join(language.default_entry()),
            hello(language),
        )
        .unwrap();
        let n = if language.is_compiled() {
            runs.div_ceil(3).max(5)
        } else {
            runs
        };

        // Warm the page cache and the JVM's CDS archive for both sides.
        if let Some(c) = &compile {
            bare(&dir, c, &env).await;
        }
        bare(&dir, &run, &env).await;
        assert_eq!(sandbox.run(req.clone()).await.status, Status::Ok);
        if language == Language::Cpp {
            // The header image the first compile started building (bare g++ has none).
            let ready = sandbox.precompile_headers(hello(language)).await;
            eprintln!("C++ header image ready: {ready}");
        }
        let python = language == Language::Python;
        if python {
            assert_eq!(cold_python.run(req.clone()).await.status, Status::Ok);
        }
        let mut cold_row = Row {
            label: "Python hello (cold: bubblewrap + interpreter per run)".to_owned(),
            bare: Vec::new(),
            boxed: Vec::new(),
        };

        let mut row = Row {
            label: if language == Language::Java {
                // Sandbox::run compiles on the warm javac once it is up (the warm-up run above).
                "Java compile + run (sandboxed: warm javac)".to_owned()
            } else if language.is_compiled() {
                format!("{} compile + run", language.name())
            } else if python {
                "Python hello (forked from the zygote)".to_owned()
            } else {
                format!("{} hello", language.name())
            },
            bare: Vec::new(),
            boxed: Vec::new(),
        };
        let mut run_row = Row {
            label: format!("{} run only (compiled)", language.name()),
            bare: Vec::new(),
            boxed: Vec::new(),
        };
        for _ in 0..n {
            let start = Instant::now();
            let out = sandbox.run(req.clone()).await;
            row.boxed.push(start.elapsed());
            assert_eq!(out.status, Status::Ok, "{out:?}");
            if python {
                let start = Instant::now();
                let out = cold_python.run(req.clone()).await;
                cold_row.boxed.push(start.elapsed());
                assert_eq!(out.status, Status::Ok, "{out:?}");
            }

            let mut total = Duration::ZERO;
            if let Some(c) = &compile {
                total += bare(&dir, c, &env).await;
            }
            let r = bare(&dir, &run, &env).await;
            run_row.bare.push(r);
            row.bare.push(total + r);
            cold_row.bare.push(total + r);
        }
        if language.is_compiled() {
            // Runs of an already-compiled program: run_many's per-run wall clock (ms resolution).
            let batch = sandbox
                .run_many(req.clone(), vec![String::new(); runs])
                .await;
            run_row.boxed = batch
                .runs
                .iter()
                .map(|r| Duration::from_millis(r.wall_ms))
                .collect();
            rows.push(row);
            rows.push(run_row);
        } else if python {
            rows.push(cold_row);
            rows.push(row);
        } else {
            rows.push(row);
        }
    }

    // Throughput: Python hello world, 2 at a time (the machine's cores), bare vs sandboxed.
    let mut throughput = None;
    let py = RunRequest::single(Language::Python, hello(Language::Python));
    if let Some((_, run)) = sandbox.commands(&py) {
        let dir = root.join("python");
        let mut bare_rates = Vec::new();
        for in_flight in [2, 4] {
            let gate = Arc::new(Semaphore::new(in_flight));
            let start = Instant::now();
            let mut tasks = Vec::new();
            for _ in 0..throughput_runs {
                let (gate, dir, run) = (gate.clone(), dir.clone(), run.clone());
                tasks.push(tokio::spawn(async move {
                    let _p = gate.acquire().await.unwrap();
                    bare(&dir, &run, &env).await;
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
            bare_rates.push(throughput_runs as f64 / start.elapsed().as_secs_f64());
        }
        let mut boxed_rates = Vec::new();
        for in_flight in [2, 4] {
            let mut rates = Vec::new();
            for zygote in [false, true] {
                let mut config = SandboxConfig {
                    require_cgroups: true,
                    max_concurrent: in_flight,
                    python_zygote: zygote,
                    ..SandboxConfig::default()
                };
                config.limits.wall_ms = 20_000;
                let sandbox = Sandbox::new(config).expect("sandbox");
                // Not timed: starts the zygote.
                assert_eq!(sandbox.run(py.clone()).await.status, Status::Ok);
                let start = Instant::now();
                let mut tasks = Vec::new();
                for _ in 0..throughput_runs {
                    let (sandbox, py) = (sandbox.clone(), py.clone());
                    tasks.push(tokio::spawn(async move { sandbox.run(py).await }));
                }
                for t in tasks {
                    assert_eq!(t.await.unwrap().status, Status::Ok);
                }
                rates.push(throughput_runs as f64 / start.elapsed().as_secs_f64());
            }
            boxed_rates.push((in_flight, rates[0], rates[1]));
        }
        throughput = Some((bare_rates, boxed_rates));
    }
    let _ = std::fs::remove_dir_all(&root);

    let iso = sandbox.isolation();
    println!(
        "Sandbox: bubblewrap {} + cgroup {:?}, {} cores, N = {runs} per interpreted row (compiled rows: {})\n",
        iso.bwrap_version,
        iso.cgroup,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        runs.div_ceil(3).max(5),
    );
    println!(
        "| workload | bare p50 | bare p95 | sandboxed p50 | sandboxed p95 | added p50 | ratio p50 |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for mut r in rows {
        let (b50, b95) = (percentile(&mut r.bare, 0.5), percentile(&mut r.bare, 0.95));
        let (s50, s95) = (
            percentile(&mut r.boxed, 0.5),
            percentile(&mut r.boxed, 0.95),
        );
        println!(
            "| {} | {b50:.1} ms | {b95:.1} ms | {s50:.1} ms | {s95:.1} ms | {:+.1} ms | {:.2}× |",
            r.label,
            s50 - b50,
            s50 / b50
        );
    }
    if let Some((bare_rates, boxed_rates)) = throughput {
        println!(
            "\nPython hello-world throughput on {} cores, {throughput_runs} runs:\n",
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(0)
        );
        println!(
            "| runs in flight | bare runs/s | cold runs/s | cold vs bare | zygote runs/s | zygote vs bare |"
        );
        println!("|---:|---:|---:|---:|---:|---:|");
        for (bare_rate, (in_flight, cold, forked)) in bare_rates.iter().zip(boxed_rates) {
            println!(
                "| {in_flight} | {bare_rate:.0} | {cold:.0} | {:.2}× | {forked:.0} | {:.2}× |",
                cold / bare_rate,
                forked / bare_rate
            );
        }
    }
}
