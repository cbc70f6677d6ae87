//! The content check behind `codestead content check [DIR]`: validation, then every exercise
//! graded in the sandbox against its own reference solution (must pass), starter (must fail)
//! and known-wrong solutions (must each fail), so the tests provably tell right from wrong.

use std::collections::BTreeSet;
use std::fmt;

use codestead_sandbox::{Language, Sandbox};
use futures_util::StreamExt;
use serde::Serialize;

use crate::grade::grade;
use crate::model::{Curriculum, Exercise, Problem};

/// Exercises graded at once. Each grading already runs its tests one after another in the
/// sandbox; two at a time keeps a 2-core CI machine busy without starving everything else.
const CONCURRENT_EXERCISES: usize = 2;

#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    /// From [`Curriculum::validate`].
    pub problems: Vec<Problem>,
    /// One per exercise, in curriculum order.
    pub exercises: Vec<ExerciseCheck>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExerciseCheck {
    pub slug: String,
    pub path: String,
    pub language: Language,
    pub outcome: CheckOutcome,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "result", content = "details")]
pub enum CheckOutcome {
    /// Solution passes, starter and every wrong solution fail.
    Passed,
    /// What is wrong, one sentence each.
    Failed(Vec<String>),
    /// Not run: the language's toolchain is missing.
    Skipped(String),
}

impl CheckReport {
    /// No validation problem and no failed exercise (skipped ones do not count as failures).
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
            && self
                .exercises
                .iter()
                .all(|e| !matches!(e.outcome, CheckOutcome::Failed(_)))
    }

    pub fn passed(&self) -> usize {
        self.count(|o| matches!(o, CheckOutcome::Passed))
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, CheckOutcome::Failed(_)))
    }

    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, CheckOutcome::Skipped(_)))
    }

    /// Languages whose exercises were skipped for want of a toolchain.
    pub fn skipped_languages(&self) -> Vec<Language> {
        self.exercises
            .iter()
            .filter(|e| matches!(e.outcome, CheckOutcome::Skipped(_)))
            .map(|e| e.language)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    fn count(&self, f: impl Fn(&CheckOutcome) -> bool) -> usize {
        self.exercises.iter().filter(|e| f(&e.outcome)).count()
    }

    /// The human-readable report: every problem and failure, then one closing line.
    pub fn summary(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "problem  {problem}")?;
        }
        for e in &self.exercises {
            match &e.outcome {
                CheckOutcome::Passed => {}
                CheckOutcome::Failed(reasons) => {
                    for reason in reasons {
                        writeln!(f, "FAILED   {}: {reason}", e.path)?;
                    }
                }
                CheckOutcome::Skipped(why) => writeln!(f, "skipped  {}: {why}", e.path)?,
            }
        }
        let skipped = self.skipped_languages();
        if !skipped.is_empty() {
            let ids: Vec<&str> = skipped.iter().map(|l| l.id()).collect();
            writeln!(
                f,
                "tracks not graded (toolchain missing): {}",
                ids.join(", ")
            )?;
        }
        write!(
            f,
            "content check: {} problems; exercises: {} passed, {} failed, {} skipped",
            self.problems.len(),
            self.passed(),
            self.failed(),
            self.skipped()
        )
    }
}

/// Validates `curriculum` and grades every exercise's solution, starter and wrong solutions.
pub async fn check(curriculum: &Curriculum, sandbox: &Sandbox) -> CheckReport {
    let problems = curriculum.validate();
    let available: BTreeSet<Language> = sandbox
        .languages()
        .into_iter()
        .filter(|l| l.available)
        .map(|l| l.id)
        .collect();

    let jobs = curriculum
        .items
        .iter()
        .filter_map(|item| item.exercise.as_ref().map(|ex| (item, ex)));
    let exercises = futures_util::stream::iter(jobs)
        .map(|(item, exercise)| {
            let available = available.contains(&exercise.language);
            async move {
                let outcome = if available {
                    check_exercise(sandbox, exercise).await
                } else {
                    CheckOutcome::Skipped(format!(
                        "no {} toolchain in the sandbox",
                        exercise.language.id()
                    ))
                };
                tracing::debug!(slug = %item.slug, ?outcome, "exercise checked");
                ExerciseCheck {
                    slug: item.slug.clone(),
                    path: item.path.clone(),
                    language: exercise.language,
                    outcome,
                }
            }
        })
        .buffered(CONCURRENT_EXERCISES)
        .collect()
        .await;

    CheckReport {
        problems,
        exercises,
    }
}

async fn check_exercise(sandbox: &Sandbox, exercise: &Exercise) -> CheckOutcome {
    if exercise.tests.is_empty() {
        return CheckOutcome::Failed(vec!["has no tests to run".into()]);
    }
    let mut failures = Vec::new();

    let report = grade(sandbox, exercise, &exercise.solution).await;
    if !report.passed {
        let failing: Vec<String> = report
            .tests
            .iter()
            .filter(|t| !t.passed)
            .map(|t| format!("`{}`", t.name))
            .collect();
        let detail = report
            .compile_error
            .as_deref()
            .map(|c| format!("; compiler: {}", first_lines(c, 5)))
            .unwrap_or_else(|| {
                let run = &report.execution;
                format!(
                    "; status {}, stdout {:?}, stderr {:?}",
                    run.status.id(),
                    first_lines(&run.stdout, 5),
                    first_lines(&run.stderr, 5)
                )
            });
        failures.push(format!(
            "the reference solution fails {}{detail}",
            failing.join(", ")
        ));
    }

    let others = std::iter::once(("starter".to_string(), &exercise.starter)).chain(
        exercise
            .wrong
            .iter()
            .map(|(name, source)| (format!("wrong/{name}"), source)),
    );
    for (name, source) in others {
        let report = grade(sandbox, exercise, source).await;
        if report.passed {
            failures.push(format!(
                "{name} passes every test, but it must fail at least one"
            ));
        }
    }

    if failures.is_empty() {
        CheckOutcome::Passed
    } else {
        CheckOutcome::Failed(failures)
    }
}

fn first_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n")
}
