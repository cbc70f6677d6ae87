//! Grading a submission: lay out the learner's code (beside the driver, if any), compile once and
//! run once per test in the sandbox, compare outputs, and explain failures.
//!
//! What a learner sees of a failed test is its name and the author's message, plus a note on
//! how the program ended when it did not end normally. A test's stdin and expected output are
//! never put in the report: learners could otherwise read the tests off the failures.

use codestead_sandbox::{RunOutcome, RunRequest, Sandbox, SourceFile, Status};
use serde::Serialize;

use crate::language::{entry_file, learner_file_beside_driver};
use crate::matcher::output_matches;
use crate::model::{Exercise, TestCase};

/// The verdict on one submission.
#[derive(Clone, Debug, Serialize)]
pub struct GradeReport {
    /// Every test passed.
    pub passed: bool,
    /// In the order of `tests.toml`.
    pub tests: Vec<TestResult>,
    /// The run of the first failing test, or of the last test if all passed; the failed
    /// compilation if the code did not compile.
    pub execution: RunOutcome,
    /// The compiler's output when compilation failed.
    pub compile_error: Option<String>,
    /// The index of the test whose run `execution` is, when it is a failing test's.
    pub failed_test: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TestResult {
    pub name: String,
    pub passed: bool,
    /// Learner-facing explanation of a failure; `None` when the test passed.
    pub message: Option<String>,
}

/// The files and entry the sandbox runs for `code` (see the file-name table in
/// docs/authoring.md).
pub fn submission_request(exercise: &Exercise, code: &str) -> RunRequest {
    let language = exercise.language;
    let entry = entry_file(language);
    let files = match &exercise.driver {
        Some(driver) => vec![
            SourceFile::new(entry, driver.clone()),
            SourceFile::new(learner_file_beside_driver(language), code),
        ],
        None => vec![SourceFile::new(entry, code)],
    };
    RunRequest {
        language,
        files,
        entry: Some(entry.to_string()),
        stdin: String::new(),
    }
}

/// Runs `code` against every test of `exercise`.
pub async fn grade(sandbox: &Sandbox, exercise: &Exercise, code: &str) -> GradeReport {
    let request = submission_request(exercise, code);
    let stdins = exercise.tests.iter().map(|t| t.stdin.clone()).collect();
    let batch = sandbox.run_many(request, stdins).await;

    if let Some(compile) = batch.compile.filter(|c| c.status != Status::Ok) {
        return failed_before_running(exercise, compile);
    }

    let mut runs = batch.runs.into_iter();
    let mut tests = Vec::with_capacity(exercise.tests.len());
    let mut first_failure = None;
    let mut failed_test = None;
    let mut last = None;
    for (i, test) in exercise.tests.iter().enumerate() {
        let run = runs
            .next()
            .unwrap_or_else(|| RunOutcome::internal_error("the sandbox returned too few runs"));
        let result = judge(test, &run);
        if !result.passed && first_failure.is_none() {
            first_failure = Some(run);
            failed_test = Some(i);
        } else {
            last = Some(run);
        }
        tests.push(result);
    }
    let passed = !tests.is_empty() && tests.iter().all(|t| t.passed);
    GradeReport {
        passed,
        tests,
        execution: first_failure
            .or(last)
            .unwrap_or_else(|| RunOutcome::internal_error("the exercise has no tests")),
        compile_error: None,
        failed_test,
    }
}

fn failed_before_running(exercise: &Exercise, compile: RunOutcome) -> GradeReport {
    let (message, compile_error) = if compile.status == Status::CompileError {
        let output = compile
            .compile_output
            .clone()
            .filter(|o| !o.trim().is_empty())
            .unwrap_or_else(|| compile.stderr.clone());
        (
            "Your code did not compile, so no test could run. Fix the first compiler error shown and try again.".to_string(),
            Some(output),
        )
    } else {
        (not_run_note(&compile), None)
    };
    GradeReport {
        passed: false,
        tests: exercise
            .tests
            .iter()
            .map(|t| TestResult {
                name: t.name.clone(),
                passed: false,
                message: Some(message.clone()),
            })
            .collect(),
        execution: compile,
        compile_error,
        failed_test: None,
    }
}

fn judge(test: &TestCase, run: &RunOutcome) -> TestResult {
    let passed =
        run.status == Status::Ok && output_matches(test.match_mode, &test.expected, &run.stdout);
    let message = (!passed).then(|| match run.status {
        Status::Ok => test.message.clone(),
        Status::InternalError => not_run_note(run),
        // A hidden test's error text, exit code and signal are the learner's program talking
        // about a hidden input (it can print the input to stderr and crash): none of it is
        // repeated, only how the run ended.
        _ if !test.visible => format!("{} ({})", test.message, ended_badly_hidden(run)),
        _ => format!("{} ({})", test.message, ended_badly_note(run)),
    });
    TestResult {
        name: test.name.clone(),
        passed,
        message,
    }
}

fn not_run_note(run: &RunOutcome) -> String {
    let detail = run.stderr.trim();
    if detail.is_empty() {
        "The sandbox could not run your program; this is not your fault. Please try again.".into()
    } else {
        format!("The sandbox could not run your program: {}", clip(detail))
    }
}

/// How the program ended when it did not end normally, in learner terms.
fn ended_badly_note(run: &RunOutcome) -> String {
    match run.status {
        Status::Timeout => "your program timed out: it ran too long and was stopped. Look for a loop that never ends, or for input being read that never comes".into(),
        Status::MemoryLimit => "your program used too much memory and was stopped".into(),
        Status::OutputLimit => "your program printed far too much output and was stopped: is a loop printing without end?".into(),
        Status::CompileError => "your code did not compile".into(),
        _ => match crash_line(&run.stderr) {
            Some(line) => format!("your program crashed: {}", clip(line)),
            None => match (run.exit_code, run.signal) {
                (_, Some(signal)) => format!("your program crashed (signal {signal})"),
                (Some(code), _) => format!("your program stopped with exit code {code}"),
                _ => "your program crashed".into(),
            },
        },
    }
}

/// How a hidden test's run ended, from the status alone, plus the error's name when it is one
/// of the standard ones (a name from this list cannot carry the input).
fn ended_badly_hidden(run: &RunOutcome) -> String {
    const KNOWN: &[&str] = &[
        "IndexError",
        "KeyError",
        "ValueError",
        "TypeError",
        "NameError",
        "ZeroDivisionError",
        "AttributeError",
        "RecursionError",
        "UnboundLocalError",
        "EOFError",
        "RuntimeError",
        "AssertionError",
        "ReferenceError",
        "RangeError",
        "SyntaxError",
        "ArrayIndexOutOfBoundsException",
        "StringIndexOutOfBoundsException",
        "IndexOutOfBoundsException",
        "NullPointerException",
        "ArithmeticException",
        "NumberFormatException",
        "StackOverflowError",
        "InputMismatchException",
        "NoSuchElementException",
        "ClassCastException",
        "ConcurrentModificationException",
        "out_of_range",
        "invalid_argument",
        "bad_alloc",
        "length_error",
    ];
    match run.status {
        Status::RuntimeError => {
            let named = KNOWN
                .iter()
                .filter(|k| run.stderr.contains(*k))
                .max_by_key(|k| k.len());
            match named {
                Some(k) => format!("your program crashed with {k}"),
                None => "your program crashed".into(),
            }
        }
        _ => ended_badly_note(run),
    }
}

/// The line of stderr that names the error: Java puts it first ("Exception in thread ..."),
/// Python, Node and most others last.
fn crash_line(stderr: &str) -> Option<&str> {
    let mut lines = stderr.lines().map(str::trim).filter(|l| !l.is_empty());
    let java = stderr
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("Exception in thread"));
    java.or_else(|| lines.next_back())
}

fn clip(text: &str) -> String {
    const MAX: usize = 300;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MatchMode;

    fn run(status: Status, stdout: &str, stderr: &str) -> RunOutcome {
        RunOutcome {
            status,
            stdout: stdout.into(),
            stderr: stderr.into(),
            compile_output: None,
            exit_code: Some(if status == Status::Ok { 0 } else { 1 }),
            signal: None,
            wall_ms: 1,
            cpu_ms: 1,
            memory_bytes: 0,
            crash: None,
            trace: None,
        }
    }

    fn test_case() -> TestCase {
        TestCase {
            name: "adds two numbers".into(),
            stdin: "SECRET-INPUT\n".into(),
            expected: "SECRET-EXPECTED\n".into(),
            match_mode: MatchMode::Lines,
            message: "Add the two numbers.".into(),
            visible: true,
        }
    }

    #[test]
    fn a_hidden_tests_crash_never_repeats_what_the_program_wrote_to_stderr() {
        let mut test = test_case();
        test.visible = false;
        let stderr = "SECRET-INPUT\nTraceback (most recent call last):\nValueError: invalid literal for int() with base 10: 'SECRET-INPUT'\n";
        let r = judge(&test, &run(Status::RuntimeError, "", stderr));
        let message = r.message.unwrap();
        assert!(!message.contains("SECRET"), "{message}");
        assert!(message.contains("crashed with ValueError"), "{message}");
    }

    #[test]
    fn a_matching_run_passes_without_a_message() {
        let r = judge(&test_case(), &run(Status::Ok, "SECRET-EXPECTED  \n", ""));
        assert!(r.passed);
        assert_eq!(r.message, None);
    }

    #[test]
    fn a_wrong_output_shows_the_authors_message_and_not_the_test_data() {
        let r = judge(&test_case(), &run(Status::Ok, "nope\n", ""));
        assert!(!r.passed);
        let message = r.message.unwrap();
        assert_eq!(message, "Add the two numbers.");
        assert!(!message.contains("SECRET"));
    }

    #[test]
    fn a_crash_names_the_error_from_the_last_stderr_line() {
        let stderr = "Traceback (most recent call last):\n  File \"/box/main.py\", line 1\nValueError: invalid literal for int()\n";
        let r = judge(
            &test_case(),
            &run(Status::RuntimeError, "SECRET-EXPECTED\n", stderr),
        );
        assert!(
            !r.passed,
            "a crashing program fails even with the right output"
        );
        let message = r.message.unwrap();
        assert!(message.starts_with("Add the two numbers."));
        assert!(message.contains("crashed: ValueError: invalid literal for int()"));
    }

    #[test]
    fn a_java_crash_names_the_exception_line() {
        let stderr = "Exception in thread \"main\" java.lang.ArithmeticException: / by zero\n\tat Main.main(Main.java:3)\n";
        let r = judge(&test_case(), &run(Status::RuntimeError, "", stderr));
        assert!(
            r.message
                .unwrap()
                .contains("java.lang.ArithmeticException: / by zero")
        );
    }

    #[test]
    fn a_timeout_says_so() {
        let r = judge(&test_case(), &run(Status::Timeout, "", ""));
        assert!(r.message.unwrap().contains("timed out"));
    }

    #[test]
    fn a_silent_crash_reports_the_signal() {
        let mut outcome = run(Status::RuntimeError, "", "");
        outcome.exit_code = None;
        outcome.signal = Some(11);
        let r = judge(&test_case(), &outcome);
        assert!(r.message.unwrap().contains("signal 11"));
    }

    #[test]
    fn long_crash_lines_are_clipped() {
        let stderr = format!("Error: {}", "x".repeat(1000));
        let r = judge(&test_case(), &run(Status::RuntimeError, "", &stderr));
        assert!(r.message.unwrap().chars().count() < 400);
    }
}
