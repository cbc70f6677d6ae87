//! The repair search's runs (see [`codestead_tutor::facts::repair`]): every mutant of a Python
//! or JavaScript program runs in one sandboxed interpreter ([`repair_driver.py`](repair_driver.py),
//! [`repair_driver.js`](repair_driver.js)), on the
//! learner's input in the playground or on every test of the exercise, and the first mutant
//! that does what was expected becomes a [`RepairFact`].
//!
//! The driver runs in the sandbox like any learner program, under the same limits; what it
//! prints is parsed as untrusted (a mutant could write to the real stdout): only the line after
//! a per-run nonce is read, and indices are checked. A mutant can mislead only the tutor's
//! answer to the learner who wrote it.

use codestead_curriculum::{Exercise, output_matches};
use codestead_sandbox::{Language, RunRequest, Sandbox, SourceFile, Status};
use codestead_tutor::Lang;
use codestead_tutor::facts::repair::{self, Mutant, RepairFact};
use serde::Deserialize;

const PYTHON_DRIVER: &str = include_str!("repair_driver.py");
const JAVASCRIPT_DRIVER: &str = include_str!("repair_driver.js");
/// Budget of one mutant's run, and of the whole search: within the tutor's first-text budget
/// for the usual beginner program, and bounded for a slow one. A fresh `vm` context costs Node
/// more than a fresh globals dict costs Python.
const PYTHON_PER_RUN_MS: u64 = 50;
const JAVASCRIPT_PER_RUN_MS: u64 = 100;
const TOTAL_MS: u64 = 1_200;
/// Compiled programs: a forked child (C++) or a fresh class loader (Java) per run; the compile
/// of the whole unit comes before, outside this budget.
const CPP_PER_RUN_MS: u64 = 100;
const JAVA_PER_RUN_MS: u64 = 200;
const COMPILED_TOTAL_MS: u64 = 1_500;

/// The languages the search covers, as the tutor names them.
pub fn searched(language: Language) -> Option<Lang> {
    match language {
        Language::Python => Some(Lang::Python),
        Language::Javascript => Some(Lang::Javascript),
        Language::Java => Some(Lang::Java),
        Language::Cpp => Some(Lang::Cpp),
    }
}

/// What the learner expected in the playground.
pub struct Expectation<'a> {
    pub output: Option<&'a str>,
    pub value: Option<&'a str>,
    pub actual: Option<&'a str>,
}

#[derive(Deserialize)]
struct DriverReport {
    outputs: Vec<String>,
    runs: Vec<Vec<i64>>,
}

/// What one program printed on each input (`None`: crashed, over budget or not run).
type Printed = Vec<Option<String>>;

/// The playground: the edit that makes `code`'s output on `stdin` what the learner expected.
pub async fn for_playground(
    sandbox: &Sandbox,
    language: Language,
    code: &str,
    stdin: &str,
    expected: &Expectation<'_>,
) -> Option<RepairFact> {
    let mutants = repair::mutants(searched(language)?, code);
    if mutants.is_empty() {
        return None;
    }
    let printed = run(
        sandbox,
        language,
        code,
        &mutants,
        &[stdin.to_string()],
        None,
    )
    .await?;
    let original = printed.first()?.first()?.clone()?;
    let repairing: Vec<&Mutant> = mutants
        .iter()
        .zip(printed.iter().skip(1))
        .filter(|(_, p)| {
            p.first().cloned().flatten().is_some_and(|out| {
                repair::meets_expectation(
                    &original,
                    &out,
                    expected.output,
                    expected.value,
                    expected.actual,
                )
            })
        })
        .map(|(m, _)| m)
        .collect();
    report(&repairing)
}

/// An exercise: the edit that makes `code` pass every test (the failing one `failing` first).
pub async fn for_exercise(
    sandbox: &Sandbox,
    exercise: &Exercise,
    code: &str,
    failing: usize,
) -> Option<RepairFact> {
    if exercise.tests.is_empty() {
        return None;
    }
    let compiled = matches!(exercise.language, Language::Java | Language::Cpp);
    if compiled && exercise.driver.is_some() {
        // A test driver that calls the learner's functions is not wired into the compiled
        // unit (yet): only programs that read stdin and print are searched.
        return None;
    }
    let mutants = repair::mutants(searched(exercise.language)?, code);
    if mutants.is_empty() {
        return None;
    }
    let mut order: Vec<usize> = (0..exercise.tests.len()).collect();
    order.retain(|&i| i != failing);
    order.insert(0, failing.min(exercise.tests.len() - 1));
    let stdins: Vec<String> = order
        .iter()
        .map(|&i| exercise.tests[i].stdin.clone())
        .collect();
    let module = exercise.driver.as_ref().map(|driver| {
        let file = codestead_curriculum::learner_file_beside_driver(exercise.language);
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        (driver.as_str(), stem)
    });
    let printed = run(sandbox, exercise.language, code, &mutants, &stdins, module).await?;
    let repairing: Vec<&Mutant> = mutants
        .iter()
        .zip(printed.iter().skip(1))
        .filter(|(_, p)| {
            p.len() == order.len()
                && order.iter().zip(p.iter()).all(|(&t, out)| {
                    let test = &exercise.tests[t];
                    out.as_deref()
                        .is_some_and(|o| output_matches(test.match_mode, &test.expected, o))
                })
        })
        .map(|(m, _)| m)
        .collect();
    report(&repairing)
}

fn report(repairing: &[&Mutant]) -> Option<RepairFact> {
    repair::choose(repairing).map(Mutant::fact)
}

/// Runs the original (first) and every mutant on every input; one row per program.
async fn run(
    sandbox: &Sandbox,
    language: Language,
    code: &str,
    mutants: &[Mutant],
    stdins: &[String],
    module: Option<(&str, &str)>,
) -> Option<Vec<Printed>> {
    if matches!(language, Language::Java | Language::Cpp) {
        let mut sources: Vec<&str> = Vec::with_capacity(mutants.len() + 1);
        sources.push(code);
        sources.extend(mutants.iter().map(|m| m.code.as_str()));
        let per_run = if language == Language::Java {
            JAVA_PER_RUN_MS
        } else {
            CPP_PER_RUN_MS
        };
        // Boxed: the compiled search's future is large, and inlined into the tutor's fact
        // gathering it overflowed a 2 MiB test thread's stack (a C++ crash explanation).
        return Box::pin(super::repair_compiled::run(
            sandbox,
            language,
            &sources,
            stdins,
            per_run,
            COMPILED_TOTAL_MS,
        ))
        .await;
    }
    let (entry, driver, per_run) = match language {
        Language::Javascript => ("main.js", JAVASCRIPT_DRIVER, JAVASCRIPT_PER_RUN_MS),
        _ => ("main.py", PYTHON_DRIVER, PYTHON_PER_RUN_MS),
    };
    let nonce = format!("codestead-repair-{:016x}:", rand::random::<u64>());
    let mut sources: Vec<&str> = Vec::with_capacity(mutants.len() + 1);
    sources.push(code);
    sources.extend(mutants.iter().map(|m| m.code.as_str()));
    let payload = serde_json::json!({
        "mutants": sources,
        "stdins": stdins,
        "driver": module.map(|(d, _)| d),
        "module": module.map(|(_, m)| m),
        "per_run_ms": per_run,
        "total_ms": TOTAL_MS,
        "nonce": nonce,
    });
    let request = RunRequest {
        language,
        files: vec![SourceFile::new(entry, driver)],
        entry: Some(entry.into()),
        stdin: payload.to_string(),
    };
    let outcome = Box::pin(sandbox.run(request)).await;
    if outcome.status != Status::Ok {
        tracing::debug!(status = outcome.status.id(), "repair search did not finish");
        return None;
    }
    let line = outcome
        .stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(nonce.as_str()))?;
    let report: DriverReport = serde_json::from_str(line).ok()?;
    if report.runs.len() != sources.len() {
        return None;
    }
    let printed = report
        .runs
        .iter()
        .map(|row| {
            row.iter()
                .map(|&i| {
                    usize::try_from(i)
                        .ok()
                        .and_then(|i| report.outputs.get(i).cloned())
                })
                .collect()
        })
        .collect();
    Some(printed)
}
