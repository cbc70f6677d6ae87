//! The offline accuracy suite: real erroneous programs in tests/fixtures/errors/<lang>/ are run
//! through codestead-sandbox (or, where the sandbox cannot start here, directly with python3,
//! node, javac + java and g++ in a temporary directory), and the
//! offline tutor's answer to the output must name the error kind and the line given in the
//! folder's expected.txt. Prints the figure; fails under 90 %.

use std::{
    os::unix::process::ExitStatusExt, path::Path, process::Stdio, sync::Arc, time::Duration,
};

use codestead_sandbox::{Language, RunRequest, Sandbox, SandboxConfig, SourceFile, Status};
use codestead_tutor::{HintRung, Lang, NoLessons, OfflineTutor, TutorContext, TutorTurn};
use futures_util::{StreamExt, stream};
use regex::Regex;
use tokio::{io::AsyncWriteExt, process::Command};

use crate::helpers::fixtures;

struct Case {
    lang: Lang,
    file: String,
    kind: String,
    line: u32,
    code: String,
    stdin: String,
}

struct Ran {
    output: String,
    exit_code: Option<i32>,
    signal: Option<i32>,
}

fn load_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for lang in Lang::ALL {
        let dir = fixtures().join("errors").join(lang.id());
        let expected = std::fs::read_to_string(dir.join("expected.txt")).expect("expected.txt");
        for row in expected
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let parts: Vec<&str> = row.split(" | ").map(str::trim).collect();
            let [file, kind, line] = parts[..] else {
                panic!("bad row {row:?}")
            };
            cases.push(Case {
                lang,
                file: file.to_string(),
                kind: kind.to_string(),
                line: line.parse().expect("line number"),
                code: std::fs::read_to_string(dir.join(file)).expect("fixture file"),
                stdin: std::fs::read_to_string(dir.join(format!("{file}.stdin")))
                    .unwrap_or_default(),
            });
        }
    }
    cases
}

async fn exec(
    dir: &Path,
    program: &str,
    args: &[&str],
    stdin: &str,
) -> (String, Option<i32>, Option<i32>) {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{program} must be installed for the accuracy suite: {e}"));
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_string();
    tokio::spawn(async move {
        let _ = input.write_all(stdin.as_bytes()).await;
    });
    let out = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .unwrap_or_else(|_| panic!("{program} {args:?} timed out"))
        .expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (stderr, out.status.code(), out.status.signal())
}

/// The sandbox, when it starts and runs a trivial program correctly on this machine.
async fn working_sandbox() -> Option<Sandbox> {
    // Lets a developer compare both paths.
    if std::env::var_os("CODESTEAD_TUTOR_ACCURACY_DIRECT").is_some() {
        return None;
    }
    let sandbox = Sandbox::new(SandboxConfig::default()).ok()?;
    let probe = sandbox
        .run(RunRequest {
            language: Language::Python,
            files: vec![SourceFile {
                path: "main.py".into(),
                content: "print('ok')\n".into(),
            }],
            entry: None,
            stdin: String::new(),
        })
        .await;
    (probe.status == Status::Ok && probe.stdout == "ok\n").then_some(sandbox)
}

async fn run_in_sandbox(sandbox: &Sandbox, case: &Case) -> Ran {
    let (language, entry) = match case.lang {
        Lang::Python => (Language::Python, "main.py"),
        Lang::Javascript => (Language::Javascript, "main.js"),
        Lang::Java => (Language::Java, "Main.java"),
        Lang::Cpp => (Language::Cpp, "main.cpp"),
    };
    let out = sandbox
        .run(RunRequest {
            language,
            files: vec![SourceFile {
                path: entry.into(),
                content: case.code.clone(),
            }],
            entry: None,
            stdin: case.stdin.clone(),
        })
        .await;
    assert_ne!(
        out.status,
        Status::InternalError,
        "{}: sandbox internal error: {}",
        case.file,
        out.stderr
    );
    // What the learner sees: the compiler's output when compilation failed, else the run's stderr.
    let output = match (&out.compile_output, out.status) {
        (Some(c), Status::CompileError) => c.clone(),
        _ => out.stderr.clone(),
    };
    Ran {
        output,
        exit_code: out.exit_code,
        signal: out.signal,
    }
}

/// Runs a program directly, as the sandbox would: the learner file under its entry name.
async fn run(case: &Case) -> Ran {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let entry = match case.lang {
        Lang::Python => "main.py",
        Lang::Javascript => "main.js",
        Lang::Java => "Main.java",
        Lang::Cpp => "main.cpp",
    };
    std::fs::write(dir.join(entry), &case.code).expect("write");
    let (output, exit_code, signal) = match case.lang {
        Lang::Python => exec(dir, "python3", &["main.py"], &case.stdin).await,
        Lang::Javascript => exec(dir, "node", &["main.js"], &case.stdin).await,
        Lang::Java => {
            let (out, code, sig) = exec(dir, "javac", &["-d", "out", "Main.java"], "").await;
            if code != Some(0) {
                (out, code, sig)
            } else {
                exec(
                    dir,
                    "java",
                    &[
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        "out",
                        "Main",
                    ],
                    &case.stdin,
                )
                .await
            }
        }
        Lang::Cpp => {
            let (out, code, sig) = exec(
                dir,
                "g++",
                &["-std=c++17", "-O0", "-o", "main", "main.cpp"],
                "",
            )
            .await;
            if code != Some(0) {
                (out, code, sig)
            } else {
                exec(dir, "./main", &[], &case.stdin).await
            }
        }
    };
    Ran {
        output,
        exit_code,
        signal,
    }
}

#[tokio::test]
async fn the_offline_tutor_names_the_error_and_line_of_real_programs_in_at_least_90_percent() {
    let cases = load_cases();
    for lang in Lang::ALL {
        let n = cases.iter().filter(|c| c.lang == lang).count();
        assert!(n >= 15, "{lang:?} has only {n} programs");
    }
    let sandbox = working_sandbox().await;
    let via = if sandbox.is_some() {
        "codestead-sandbox"
    } else {
        "the toolchains directly (sandbox unavailable)"
    };
    let sandbox = sandbox.as_ref();
    let ran: Vec<(usize, Ran)> = stream::iter(cases.iter().enumerate())
        .map(|(i, c)| async move {
            match sandbox {
                Some(sb) => (i, run_in_sandbox(sb, c).await),
                None => (i, run(c).await),
            }
        })
        .buffer_unordered(2)
        .collect()
        .await;
    let tutor = OfflineTutor::new(Arc::new(NoLessons));
    let mut rows: Vec<(Lang, bool, bool)> = Vec::new();
    let mut misses = Vec::new();
    for (i, r) in ran {
        let case = &cases[i];
        assert!(
            r.exit_code != Some(0) || r.signal.is_some(),
            "{} ran without error; the fixture is not an erroneous program",
            case.file
        );
        let turn = TutorTurn {
            query: "What is wrong?".into(),
            context: TutorContext {
                code: Some(case.code.clone()),
                language: Some(case.lang.id().into()),
                error_output: Some(r.output.clone()),
                exit_code: r.exit_code,
                signal: r.signal,
                ..Default::default()
            },
        };
        let answer = tutor.answer(&turn, HintRung::Nudge);
        let kind_ok = answer.to_lowercase().contains(&case.kind.to_lowercase());
        let line_ok = Regex::new(&format!(r"\bline {}\b", case.line))
            .unwrap()
            .is_match(&answer);
        if !(kind_ok && line_ok) {
            misses.push(format!(
                "{}/{}: want {} line {}; answer starts {:?}\n--- output ---\n{}",
                case.lang.id(),
                case.file,
                case.kind,
                case.line,
                answer.lines().next().unwrap_or(""),
                r.output.chars().take(600).collect::<String>()
            ));
        }
        rows.push((case.lang, kind_ok, line_ok));
    }
    println!("\n| language | programs | kind named | line named | both |\n|---|---|---|---|---|");
    for lang in Lang::ALL {
        let l: Vec<_> = rows.iter().filter(|r| r.0 == lang).collect();
        println!(
            "| {} | {} | {} | {} | {} |",
            lang.id(),
            l.len(),
            l.iter().filter(|r| r.1).count(),
            l.iter().filter(|r| r.2).count(),
            l.iter().filter(|r| r.1 && r.2).count()
        );
    }
    let both = rows.iter().filter(|r| r.1 && r.2).count();
    let share = both as f64 / rows.len() as f64;
    println!("\nprograms run through {via}");
    println!(
        "\noffline accuracy: {both}/{} = {:.1} % (error kind and line both right)\n",
        rows.len(),
        share * 100.0
    );
    for m in &misses {
        println!("MISS {m}\n");
    }
    assert!(
        share >= 0.90,
        "accuracy {:.1} % is under 90 %",
        share * 100.0
    );
}
