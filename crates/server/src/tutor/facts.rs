//! What the server establishes about a run by running it once more in the sandbox, before the
//! tutor writes a word: where and how a crash happened (a C++ rerun under sanitizers, the
//! learner's own frame of a runtime's trace), a Python or JavaScript trace of the run, and in an exercise the
//! first point where the learner's run on the failing test parts from the reference solution's.
//!
//! These reruns are paid for by the tutor's daily quota (one set per question, cached per
//! request), not by the learner's execution rate: asking about a run must not use up the runs
//! the learner has left. A run that ended by a time or memory limit is never rerun.

use std::hash::{Hash, Hasher};
use std::time::Duration;

use codestead_curriculum::{Exercise, TestCase};
use codestead_sandbox::{
    Crash, CrashKind as SandboxCrash, Language, RunRequest, Sandbox, StepEvent, Trace,
    TraceOptions, traceable,
};
use codestead_tutor::RunFacts;
use codestead_tutor::facts::repair::RepairFact;
use codestead_tutor::facts::{CrashFact, CrashKind, TraceFacts, TraceStep, first_divergence};
use moka::sync::Cache;

/// Steps kept in a trace handed to the tutor: enough for a beginner's loop, small enough to
/// cache thousands of them.
const TRACE_STEPS: usize = 2_000;

/// One rerun's findings.
#[derive(Clone, Debug, Default)]
pub struct Probe {
    pub status: String,
    pub stdout: String,
    pub signal: Option<i32>,
    pub crash: Option<CrashFact>,
    pub trace: Option<TraceFacts>,
}

/// Runs programs again for the tutor, with a cache keyed by the whole request.
pub struct FactFinder {
    sandbox: Option<Sandbox>,
    probes: Cache<u64, Probe>,
    /// Repair searches by program, input and expectation (`None`: searched, nothing found).
    repairs: Cache<u64, Option<RepairFact>>,
}

impl FactFinder {
    pub fn new(sandbox: Option<Sandbox>) -> Self {
        Self {
            sandbox,
            probes: Cache::builder()
                .max_capacity(2_000)
                .time_to_live(Duration::from_secs(3600))
                .build(),
            repairs: Cache::builder()
                .max_capacity(2_000)
                .time_to_live(Duration::from_secs(3600))
                .build(),
        }
    }

    /// A playground run that printed the wrong thing: the edit that makes it print what the
    /// learner expected (Python and JavaScript; see [`super::repair`]). Runs with an error are left to the
    /// error's own diagnosis.
    pub async fn add_playground_repair(
        &self,
        facts: &mut RunFacts,
        language: Language,
        code: &str,
        stdin: &str,
        expected: &super::repair::Expectation<'_>,
    ) {
        let Some(sandbox) = self.sandbox.as_ref() else {
            return;
        };
        if facts.status.as_deref() != Some("ok")
            || (expected.output.is_none() && expected.value.is_none())
            || facts.stdout.as_deref().is_none_or(|s| s.trim().is_empty())
        {
            return;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (
            "playground",
            language.id(),
            code,
            stdin,
            expected.output,
            expected.value,
            expected.actual,
        )
            .hash(&mut h);
        let search = super::repair::for_playground(sandbox, language, code, stdin, expected);
        facts.repair = self.cached_repair(h.finish(), search).await;
    }

    /// A repair search's result from the cache, or the search run now and cached (a search
    /// that found nothing is cached too: it would find nothing again).
    async fn cached_repair(
        &self,
        key: u64,
        search: impl Future<Output = Option<RepairFact>>,
    ) -> Option<RepairFact> {
        if let Some(found) = self.repairs.get(&key) {
            return found;
        }
        let found = search.await;
        self.repairs.insert(key, found.clone());
        found
    }

    /// An exercise that fails a test: the edit that makes every test pass (Python, JavaScript).
    pub async fn add_exercise_repair(
        &self,
        facts: &mut RunFacts,
        exercise: &Exercise,
        code: &str,
        failing: usize,
    ) {
        let Some(sandbox) = self.sandbox.as_ref() else {
            return;
        };
        if super::repair::searched(exercise.language).is_none()
            || facts.status.as_deref() == Some("compile_error")
        {
            return;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        ("exercise", exercise.solution.as_str(), code, failing).hash(&mut h);
        let search = super::repair::for_exercise(sandbox, exercise, code, failing);
        facts.repair = self.cached_repair(h.finish(), search).await;
    }

    /// Reruns `request` (traced where the language has a tracer, located otherwise) and
    /// reports what it found in `learner_file` (`None`: the entry file).
    pub async fn probe(&self, request: RunRequest, learner_file: Option<&str>) -> Option<Probe> {
        let sandbox = self.sandbox.as_ref()?;
        let key = request_hash(&request, learner_file);
        if let Some(found) = self.probes.get(&key) {
            return Some(found);
        }
        let options = TraceOptions {
            max_steps: TRACE_STEPS,
            ..TraceOptions::default()
        };
        let language = request.language;
        let outcome = Box::pin(sandbox.trace(request, options)).await;
        if outcome.status == codestead_sandbox::Status::InternalError {
            return None;
        }
        let probe = Probe {
            status: outcome.status.id().to_owned(),
            stdout: outcome.stdout.clone(),
            signal: outcome.signal,
            crash: outcome
                .crash
                .as_ref()
                .and_then(|c| crash_fact(language, c, learner_file)),
            trace: outcome.trace.as_ref().map(|t| trace_facts(t, learner_file)),
        };
        self.probes.insert(key, probe.clone());
        Some(probe)
    }

    /// Adds the crash location and the trace of the learner's own run (the playground): the
    /// stored execution `request` is run again unless it ended by a limit.
    pub async fn add_run_facts(&self, facts: &mut RunFacts, request: RunRequest) {
        let status = facts.status.as_deref().unwrap_or("");
        let worth = match status {
            "runtime_error" => true,
            // A clean run has nothing to locate; its trace shows where a wrong value is printed.
            "ok" => traceable(request.language),
            _ => false,
        };
        if !worth {
            return;
        }
        if let Some(p) = self.probe(request, None).await {
            facts.crash = facts.crash.take().or(p.crash);
            facts.trace = facts.trace.take().or(p.trace);
            facts.signal = facts.signal.or(p.signal);
        }
    }

    /// Adds, for an exercise's failing `test`, the crash location of the learner's run and,
    /// where both programs can be traced, the first divergence from the reference solution on
    /// that test. The reference is only ever traced, never shown.
    pub async fn add_exercise_facts(
        &self,
        facts: &mut RunFacts,
        exercise: &Exercise,
        code: &str,
        test: &TestCase,
    ) {
        // Grading already ran this test: a rerun only adds something when it can trace the
        // program, or locate a crash the grader saw.
        let crashed = facts.status.as_deref() == Some("runtime_error");
        if facts.status.as_deref() == Some("compile_error")
            || !(crashed || traceable(exercise.language))
        {
            return;
        }
        let learner_file = exercise
            .driver
            .as_ref()
            .map(|_| codestead_curriculum::learner_file_beside_driver(exercise.language));
        let mine =
            codestead_curriculum::submission_request(exercise, code).with_stdin(test.stdin.clone());
        let Some(learner) = self.probe(mine, learner_file).await else {
            return;
        };
        facts.crash = facts.crash.take().or(learner.crash.clone());
        facts.signal = facts.signal.or(learner.signal);
        if !traceable(exercise.language) {
            return;
        }
        let theirs = codestead_curriculum::submission_request(exercise, &exercise.solution)
            .with_stdin(test.stdin.clone());
        let reference = self.probe(theirs, learner_file).await;
        if let (Some(mine), Some(reference)) = (learner.trace.as_ref(), reference.as_ref())
            && let Some(theirs) = reference.trace.as_ref()
        {
            facts.divergence =
                first_divergence(mine, theirs, Some(&learner.stdout), Some(&reference.stdout));
        }
        facts.trace = facts.trace.take().or(learner.trace);
    }
}

fn request_hash(request: &RunRequest, learner_file: Option<&str>) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    request.language.id().hash(&mut h);
    for f in &request.files {
        f.path.hash(&mut h);
        f.content.hash(&mut h);
    }
    request.entry.hash(&mut h);
    request.stdin.hash(&mut h);
    learner_file.hash(&mut h);
    h.finish()
}

/// The tutor's view of a sandbox crash. Exceptions that the runtime reports in its own words
/// (a Python traceback, a Java stack trace, a Node error) are left to the error text, which the
/// tutor already reads; what it cannot read is a C++ death by a signal or an abort, so every
/// C++ crash and every signal death is passed on, with its line when it is in the learner's file.
fn crash_fact(language: Language, crash: &Crash, learner_file: Option<&str>) -> Option<CrashFact> {
    if language != Language::Cpp && crash.signal.is_none() {
        return None;
    }
    let kind = match crash.kind {
        SandboxCrash::SegmentationFault | SandboxCrash::BusError | SandboxCrash::UseAfterFree => {
            CrashKind::SegmentationFault
        }
        SandboxCrash::NullDereference => CrashKind::NullDereference,
        SandboxCrash::IndexOutOfRange => CrashKind::IndexOutOfRange,
        SandboxCrash::DivisionByZero => CrashKind::DivisionByZero,
        SandboxCrash::StackOverflow => CrashKind::StackOverflow,
        SandboxCrash::Abort => CrashKind::Abort,
        SandboxCrash::UncaughtException if language == Language::Cpp => CrashKind::Abort,
        SandboxCrash::UndefinedBehavior
        | SandboxCrash::IllegalInstruction
        | SandboxCrash::Signal => CrashKind::Other,
        _ => return None,
    };
    let in_learner_file = match (crash.file.as_deref(), learner_file) {
        (Some(f), Some(l)) => f == l,
        (Some(f), None) => !f.contains('/'),
        (None, _) => true,
    };
    Some(CrashFact {
        kind,
        line: crash.line.filter(|_| in_learner_file),
        file: crash.file.clone(),
        message: crash.exception.clone().unwrap_or_default(),
    })
}

/// The learner's file's steps, each with the output printed up to that step.
fn trace_facts(trace: &Trace, learner_file: Option<&str>) -> TraceFacts {
    let mut printed = String::new();
    let mut steps = Vec::new();
    for step in &trace.steps {
        printed.push_str(&step.stdout);
        if step.event != StepEvent::Line || step.file.as_deref() != learner_file {
            continue;
        }
        steps.push(TraceStep {
            line: step.line,
            function: step.function.clone(),
            locals: step.locals.clone(),
            stdout: printed.clone(),
        });
    }
    TraceFacts {
        steps,
        truncated: trace.truncated,
        exception: trace.exception.as_ref().map(|e| e.message.clone()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn step(
        line: u32,
        file: Option<&str>,
        out: &str,
        event: StepEvent,
    ) -> codestead_sandbox::TraceStep {
        codestead_sandbox::TraceStep {
            line,
            function: None,
            file: file.map(str::to_owned),
            locals: BTreeMap::from([("i".to_owned(), line.to_string())]),
            stdout: out.to_owned(),
            event,
            exception: None,
            return_value: None,
        }
    }

    #[test]
    fn a_trace_keeps_the_learner_file_and_accumulates_output() {
        let trace = Trace {
            steps: vec![
                step(1, None, "", StepEvent::Line),
                step(2, Some("solution.py"), "", StepEvent::Line),
                step(3, Some("solution.py"), "a\n", StepEvent::Return),
                step(4, None, "b\n", StepEvent::Line),
                step(5, Some("solution.py"), "", StepEvent::Line),
            ],
            truncated: false,
            exception: None,
        };
        let facts = trace_facts(&trace, Some("solution.py"));
        let lines: Vec<u32> = facts.steps.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![2, 5]);
        assert_eq!(facts.steps[1].stdout, "a\nb\n");
        let entry = trace_facts(&trace, None);
        assert_eq!(
            entry.steps.iter().map(|s| s.line).collect::<Vec<_>>(),
            vec![1, 4]
        );
    }

    fn crash(kind: SandboxCrash, file: Option<&str>, signal: Option<i32>) -> Crash {
        Crash {
            kind,
            line: Some(11),
            file: file.map(str::to_owned),
            function: None,
            signal,
            exception: None,
            message: String::new(),
        }
    }

    #[test]
    fn a_cpp_crash_is_passed_on_and_an_exception_left_to_the_error_text() {
        let seg = crash_fact(
            Language::Cpp,
            &crash(SandboxCrash::SegmentationFault, Some("main.cpp"), Some(11)),
            None,
        )
        .expect("a segfault is a fact");
        assert_eq!(
            (seg.kind, seg.line),
            (CrashKind::SegmentationFault, Some(11))
        );
        let thrown = crash_fact(
            Language::Cpp,
            &crash(SandboxCrash::UncaughtException, Some("main.cpp"), Some(6)),
            None,
        )
        .expect("a C++ terminate is a fact");
        assert_eq!(thrown.kind, CrashKind::Abort);
        assert!(
            crash_fact(
                Language::Java,
                &crash(SandboxCrash::UncaughtException, Some("Main.java"), None),
                None
            )
            .is_none()
        );
        // A Python IndexError is a traceback the tutor reads; a Python killed by a signal is not.
        assert!(
            crash_fact(
                Language::Python,
                &crash(SandboxCrash::IndexOutOfRange, Some("main.py"), None),
                None
            )
            .is_none()
        );
        assert!(
            crash_fact(
                Language::Python,
                &crash(SandboxCrash::SegmentationFault, Some("main.py"), Some(11)),
                None
            )
            .is_some()
        );
    }

    #[test]
    fn a_line_outside_the_learner_file_is_not_named() {
        let c = crash_fact(
            Language::Cpp,
            &crash(SandboxCrash::SegmentationFault, Some("main.cpp"), Some(11)),
            Some("solution.cpp"),
        )
        .expect("a fact");
        assert_eq!(c.line, None);
    }
}
