//! Grading a submission: lay out the learner's code (beside the driver, if any), compile once and
//! run once per test in the sandbox, compare outputs, and explain failures.
//!
//! What a learner sees of a failed test is its name and the author's message, plus a note on
//! how the program ended when it did not end normally. A hidden test's stdin and expected
//! output are never put in the report: learners could otherwise read the tests off the
//! failures. A failed *visible* test also carries the expected and the actual output.
//!
//! A program that did not run at all (it did not compile, or the runtime refused it with a
//! syntax error) gets one explanation, [`DidNotRun`], and its tests are marked not run: the
//! same crash repeated under every test's hint sent learners hunting for logic bugs.

use std::sync::LazyLock;

use codestead_sandbox::{
    BatchOutcome, Language, RunOutcome, RunRequest, Sandbox, SourceFile, Status,
};
use serde::Serialize;

use crate::language::{entry_file, learner_file_beside_driver};
use crate::matcher::{MatchMode, output_matches};
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
    /// Set when the program did not run at all; every test is then `not_run`.
    pub did_not_run: Option<DidNotRun>,
}

/// Stored as the submission's `results` and sent as is, hence camelCase.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    pub name: String,
    pub passed: bool,
    /// Learner-facing explanation of a failure; `None` when the test passed or did not run.
    pub message: Option<String>,
    /// The program did not run, so this test could not ([`GradeReport::did_not_run`] says why).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_run: bool,
    /// A failed visible test's expected output (at most [`MAX_SHOWN_OUTPUT`] bytes); never set
    /// for a hidden test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What the program printed on a failed visible test, clipped like `expected`; never set
    /// for a hidden test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// `expected` or `actual` was cut at [`MAX_SHOWN_OUTPUT`] bytes.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub clipped: bool,
}

/// How much of a visible test's expected and actual output a result carries.
pub const MAX_SHOWN_OUTPUT: usize = 4 * 1024;

/// Why no test ran, said once for the whole submission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DidNotRun {
    pub reason: NotRunReason,
    /// Learner-facing: "Your program did not run: it has a syntax error on line 3. …".
    pub message: String,
    /// The error's first line as the compiler or runtime wrote it (clipped).
    pub error: String,
    /// 1-based line in the learner's file, when the error is there (not in a driver).
    pub line: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotRunReason {
    CompileError,
    SyntaxError,
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
    let stdins = test_stdins(exercise);
    let batch = match stop_expectations(exercise) {
        Some(expectations) => {
            let stop = std::sync::Arc::new(move |i: usize, run: &RunOutcome| {
                expectations.get(i).is_some_and(|e| !e.passes(run))
            });
            sandbox.run_many_until(request.clone(), stdins, stop).await
        }
        None => sandbox.run_many(request.clone(), stdins).await,
    };
    judge_batch(exercise, &request, batch)
}

/// The stdin of each test, in order: what a batch run of the submission is given.
pub fn test_stdins(exercise: &Exercise) -> Vec<String> {
    exercise.tests.iter().map(|t| t.stdin.clone()).collect()
}

/// Judges a batch run of [`submission_request`] (compiled once, run once per
/// [`test_stdins`]), however it was run: here in the sandbox, or by a queue's worker.
pub fn judge_batch(exercise: &Exercise, request: &RunRequest, batch: BatchOutcome) -> GradeReport {
    if let Some(compile) = batch.compile.filter(|c| c.status != Status::Ok) {
        return failed_before_running(exercise, compile);
    }

    if let Some(did_not_run) = refused_by_the_runtime(request, &batch.runs) {
        // Test 0's run is `execution`: the tutor reads the error from it.
        let first = batch.runs.into_iter().next();
        let mut report = not_run(exercise, first, None, did_not_run);
        report.failed_test = Some(0);
        return report;
    }

    let mut runs = batch.runs.into_iter();
    let mut tests = Vec::with_capacity(exercise.tests.len());
    let mut first_failure = None;
    let mut failed_test = None;
    let mut last = None;
    for (i, test) in exercise.tests.iter().enumerate() {
        // An exercise that stops at its first failing test reports the rest as not run,
        // whether or not the runner stopped (an older worker runs them all).
        if exercise.stop_at_first_failure && failed_test.is_some() {
            tests.push(TestResult {
                name: test.name.clone(),
                passed: false,
                message: Some("Not run: an earlier test failed.".into()),
                not_run: true,
                expected: None,
                actual: None,
                clipped: false,
            });
            continue;
        }
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
        did_not_run: None,
    }
}

/// The file the learner's code is in, as laid out by [`submission_request`].
fn learner_file(exercise: &Exercise) -> &'static str {
    match exercise.driver {
        Some(_) => learner_file_beside_driver(exercise.language),
        None => entry_file(exercise.language),
    }
}

/// A Python or JavaScript program the runtime refused before it ran: every run ended with
/// the same syntax error in the learner's file, and no line of that file ran. The same stderr on
/// every test means no input shaped it; a syntax error raised while running (`eval` of the
/// input) has a frame that ran, so it stays an ordinary crash, under the hidden-test rules.
fn refused_by_the_runtime(request: &RunRequest, runs: &[RunOutcome]) -> Option<DidNotRun> {
    let first = runs.first()?;
    let same = runs
        .iter()
        .all(|r| r.status == Status::RuntimeError && r.stderr == first.stderr);
    if !same || !first.stdout.is_empty() {
        return None;
    }
    let learner = request.files.last()?.path.as_str();
    let (line, error) = match request.language {
        Language::Python => python_syntax_error(&first.stderr, learner)?,
        Language::Javascript => node_syntax_error(&first.stderr, learner)?,
        Language::Java | Language::Cpp => return None,
    };
    Some(DidNotRun {
        reason: NotRunReason::SyntaxError,
        message: format!(
            "Your program did not run: it has a syntax error on line {line}, so no test could run. Fix that line (or the one just before it) and check again."
        ),
        error: clip(error),
        line: Some(line),
    })
}

/// `path` as the learner's file name, printed bare or under `/box/`.
fn is_learner_path(path: &str, learner: &str) -> bool {
    path.strip_prefix("/box/").unwrap_or(path) == learner
}

/// Python reports a file it could not compile as the traceback's last frame, with no function
/// (`File "/box/main.py", line 3`); a frame that ran names one (`, in <module>`).
fn python_syntax_error<'a>(stderr: &'a str, learner: &str) -> Option<(u32, &'a str)> {
    let frame = stderr
        .lines()
        .map(str::trim)
        .rfind(|l| l.starts_with("File \""))?;
    let (path, rest) = frame.strip_prefix("File \"")?.split_once("\", line ")?;
    if !is_learner_path(path, learner) || rest.contains(", in ") {
        return None;
    }
    let line = rest.trim().parse().ok()?;
    let error = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.starts_with(' '))?
        .trim();
    ["SyntaxError", "IndentationError", "TabError"]
        .iter()
        .any(|k| error.starts_with(k))
        .then_some((line, error))
}

/// Node prints the file it could not compile as `/box/main.js:2`, first; when it ran, a stack
/// frame is in that file (`at Object.<anonymous> (/box/main.js:1:1)`).
fn node_syntax_error<'a>(stderr: &'a str, learner: &str) -> Option<(u32, &'a str)> {
    let (path, line) = stderr.lines().next()?.trim().rsplit_once(':')?;
    if !is_learner_path(path, learner) {
        return None;
    }
    let line = line.parse().ok()?;
    let ran = stderr
        .lines()
        .any(|l| l.trim_start().starts_with("at ") && l.contains(&format!("{learner}:")));
    let error = stderr
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("SyntaxError"))?;
    (!ran).then_some((line, error))
}

/// The first `file:line[:col]: error: message` of a compiler's output, as (file, line, message).
fn first_compiler_error(output: &str) -> Option<(String, u32, String)> {
    static ERROR: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(?:/box/)?([^\s:]+):(\d+):(?:\d+:)?\s*(?:fatal )?error:\s*(.*)$")
            .expect("valid regex")
    });
    output.lines().find_map(|l| {
        let c = ERROR.captures(l.trim_end())?;
        Some((c[1].to_owned(), c[2].parse().ok()?, c[3].trim().to_owned()))
    })
}

fn did_not_compile(exercise: &Exercise, output: &str) -> DidNotRun {
    let found = first_compiler_error(output);
    let line = found
        .as_ref()
        .filter(|(file, _, _)| file == learner_file(exercise))
        .map(|(_, line, _)| *line);
    let error = match &found {
        Some((_, _, message)) => clip(message),
        None => clip(
            output
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("the compiler gave no message"),
        ),
    };
    let place = line.map(|l| format!(" (line {l})")).unwrap_or_default();
    DidNotRun {
        reason: NotRunReason::CompileError,
        message: format!(
            "Your program did not run: it did not compile{place}, so no test could run. Fix the first compiler error and check again."
        ),
        error,
        line,
    }
}

/// A report for a program that did not run: every test marked not run, no hint repeated.
fn not_run(
    exercise: &Exercise,
    run: Option<RunOutcome>,
    compile_error: Option<String>,
    did_not_run: DidNotRun,
) -> GradeReport {
    GradeReport {
        passed: false,
        tests: exercise
            .tests
            .iter()
            .map(|t| TestResult {
                name: t.name.clone(),
                not_run: true,
                ..TestResult::default()
            })
            .collect(),
        execution: run.unwrap_or_else(|| RunOutcome::internal_error("no run was performed")),
        compile_error,
        failed_test: None,
        did_not_run: Some(did_not_run),
    }
}

fn failed_before_running(exercise: &Exercise, compile: RunOutcome) -> GradeReport {
    if compile.status == Status::CompileError {
        let output = compile
            .compile_output
            .clone()
            .filter(|o| !o.trim().is_empty())
            .unwrap_or_else(|| compile.stderr.clone());
        let did_not_run = did_not_compile(exercise, &output);
        return not_run(exercise, Some(compile), Some(output), did_not_run);
    }
    let message = not_run_note(&compile);
    GradeReport {
        passed: false,
        tests: exercise
            .tests
            .iter()
            .map(|t| TestResult {
                name: t.name.clone(),
                message: Some(message.clone()),
                ..TestResult::default()
            })
            .collect(),
        execution: compile,
        compile_error: None,
        failed_test: None,
        did_not_run: None,
    }
}

/// What a test expects of its run, on its own: sent with a grading job whose exercise stops
/// at the first failing test, so the worker running it can stop there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Expectation {
    pub expected: String,
    #[serde(default)]
    pub match_mode: MatchMode,
}

impl Expectation {
    /// Whether `run` passes: the one rule [`judge_batch`] applies too.
    pub fn passes(&self, run: &RunOutcome) -> bool {
        passes(self.match_mode, &self.expected, run)
    }
}

/// The expectations of every test, in order, when the exercise stops at its first failing
/// test (`stop_at_first_failure` in `tests.toml`); `None` when every test runs.
pub fn stop_expectations(exercise: &Exercise) -> Option<Vec<Expectation>> {
    exercise.stop_at_first_failure.then(|| {
        exercise
            .tests
            .iter()
            .map(|t| Expectation {
                expected: t.expected.clone(),
                match_mode: t.match_mode,
            })
            .collect()
    })
}

fn passes(mode: MatchMode, expected: &str, run: &RunOutcome) -> bool {
    run.status == Status::Ok && output_matches(mode, expected, &run.stdout)
}

fn judge(test: &TestCase, run: &RunOutcome) -> TestResult {
    let passed = passes(test.match_mode, &test.expected, run);
    let message = (!passed).then(|| match run.status {
        Status::Ok => test.message.clone(),
        Status::InternalError => not_run_note(run),
        // A hidden test's error text, exit code and signal are the learner's program talking
        // about a hidden input (it can print the input to stderr and crash): none of it is
        // repeated, only how the run ended.
        _ if !test.visible => format!("{} ({})", test.message, ended_badly_hidden(run)),
        _ => format!("{} ({})", test.message, ended_badly_note(run)),
    });
    // What the program printed is the program talking about its input: shown for a visible
    // test only, and not for a run the sandbox itself failed.
    let shown = !passed && test.visible && run.status != Status::InternalError;
    let (expected, expected_clipped) = clip_output(&test.expected);
    let (actual, actual_clipped) = clip_output(&run.stdout);
    TestResult {
        name: test.name.clone(),
        passed,
        message,
        not_run: false,
        expected: shown.then_some(expected),
        actual: shown.then_some(actual),
        clipped: shown && (expected_clipped || actual_clipped),
    }
}

/// The first [`MAX_SHOWN_OUTPUT`] bytes of `text` (cut at a character boundary), and whether
/// anything was cut.
fn clip_output(text: &str) -> (String, bool) {
    if text.len() <= MAX_SHOWN_OUTPUT {
        return (text.to_owned(), false);
    }
    let mut cut = MAX_SHOWN_OUTPUT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    (text[..cut].to_owned(), true)
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

    fn python_request(files: &[(&str, &str)]) -> RunRequest {
        RunRequest {
            language: Language::Python,
            files: files.iter().map(|(p, c)| SourceFile::new(*p, *c)).collect(),
            entry: Some(files[0].0.to_owned()),
            stdin: String::new(),
        }
    }

    const SYNTAX: &str = "  File \"/box/main.py\", line 3\n    print(\"a\"\n         ^\nSyntaxError: '(' was never closed\n";

    #[test]
    fn a_syntax_error_on_every_run_is_one_did_not_run_naming_the_line() {
        let request = python_request(&[("main.py", "x = 1\n\nprint(\"a\"\n")]);
        let runs = vec![run(Status::RuntimeError, "", SYNTAX); 3];
        let found = refused_by_the_runtime(&request, &runs).expect("a syntax error");
        assert_eq!(found.reason, NotRunReason::SyntaxError);
        assert_eq!(found.line, Some(3));
        assert_eq!(found.error, "SyntaxError: '(' was never closed");
        assert!(
            found.message.starts_with("Your program did not run"),
            "{}",
            found.message
        );
        assert!(found.message.contains("line 3"), "{}", found.message);
    }

    #[test]
    fn a_syntax_error_in_the_learners_file_beside_a_driver_is_located_there() {
        let stderr = "Traceback (most recent call last):\n  File \"/box/main.py\", line 1, in <module>\n    from solution import *\n  File \"/box/solution.py\", line 2\n    return x +\n               ^\nSyntaxError: invalid syntax\n";
        let request = python_request(&[
            ("main.py", "from solution import *\n"),
            ("solution.py", "def f(x):\n    return x +\n"),
        ]);
        let runs = vec![run(Status::RuntimeError, "", stderr); 2];
        let found = refused_by_the_runtime(&request, &runs).expect("a syntax error");
        assert_eq!(found.line, Some(2));
    }

    #[test]
    fn a_syntax_error_that_depends_on_the_input_is_an_ordinary_crash() {
        let request = python_request(&[("main.py", "eval(input())\n")]);
        let eval = |s: &str| {
            format!(
                "Traceback (most recent call last):\n  File \"/box/main.py\", line 1, in <module>\n  File \"<string>\", line 1\n    {s}\nSyntaxError: invalid syntax\n"
            )
        };
        let same = vec![run(Status::RuntimeError, "", &eval("1 +")); 2];
        assert_eq!(refused_by_the_runtime(&request, &same), None, "line 1 ran");
        let differing = vec![
            run(Status::RuntimeError, "", SYNTAX),
            run(
                Status::RuntimeError,
                "",
                &SYNTAX.replace("line 3", "line 4"),
            ),
        ];
        assert_eq!(refused_by_the_runtime(&request, &differing), None);
        let one_ran = vec![
            run(Status::RuntimeError, "", SYNTAX),
            run(Status::Ok, "", ""),
        ];
        assert_eq!(refused_by_the_runtime(&request, &one_ran), None);
    }

    #[test]
    fn a_node_syntax_error_is_located_in_the_learners_file_beside_a_driver() {
        let stderr = "/box/solution.js:2\n  return x +;\n            ^\n\nSyntaxError: Unexpected token ';'\n    at wrapSafe (node:internal/modules/cjs/loader:1378:20)\n    at Object.<anonymous> (/box/main.js:1:20)\n\nNode.js v20.11.0\n";
        let mut request = python_request(&[
            ("main.js", "require('./solution.js')\n"),
            ("solution.js", ""),
        ]);
        request.language = Language::Javascript;
        let runs = vec![run(Status::RuntimeError, "", stderr); 2];
        let found = refused_by_the_runtime(&request, &runs).expect("a syntax error");
        assert_eq!(found.line, Some(2));
        assert_eq!(found.error, "SyntaxError: Unexpected token ';'");
        let evaluated = "/box/solution.js:1\neval(x)\n^\n\nSyntaxError: Unexpected end of input\n    at Object.<anonymous> (/box/solution.js:1:1)\n";
        let runs = vec![run(Status::RuntimeError, "", evaluated); 2];
        assert_eq!(refused_by_the_runtime(&request, &runs), None, "it ran");
    }

    #[test]
    fn a_compile_error_names_the_first_error_and_its_line() {
        assert_eq!(
            first_compiler_error(
                "Main.java:3: error: ';' expected\n        int x = 1\n                 ^\n1 error\n"
            ),
            Some(("Main.java".into(), 3, "';' expected".into()))
        );
        assert_eq!(
            first_compiler_error(
                "/box/main.cpp: In function 'int main()':\n/box/main.cpp:5:12: error: expected ';' before 'return'\n"
            ),
            Some(("main.cpp".into(), 5, "expected ';' before 'return'".into()))
        );
        assert_eq!(
            first_compiler_error("main.cpp:5:12: warning: unused variable 'x'\n"),
            None
        );
    }

    #[test]
    fn a_failed_visible_test_carries_expected_and_actual_and_a_hidden_one_neither() {
        let visible = judge(&test_case(), &run(Status::Ok, "nope\n", ""));
        assert_eq!(visible.expected.as_deref(), Some("SECRET-EXPECTED\n"));
        assert_eq!(visible.actual.as_deref(), Some("nope\n"));
        assert!(!visible.clipped);
        let mut hidden = test_case();
        hidden.visible = false;
        let r = judge(&hidden, &run(Status::Ok, "SECRET-INPUT\n", ""));
        assert_eq!((r.expected, r.actual), (None, None));
        let json = serde_json::to_string(&judge(
            &hidden,
            &run(Status::RuntimeError, "SECRET-INPUT\n", "SECRET-INPUT"),
        ))
        .unwrap();
        assert!(!json.contains("SECRET"), "{json}");
        let passed = judge(&test_case(), &run(Status::Ok, "SECRET-EXPECTED\n", ""));
        assert_eq!(
            (passed.expected, passed.actual),
            (None, None),
            "a pass shows nothing"
        );
    }

    #[test]
    fn shown_output_is_clipped_at_a_character_boundary() {
        let long = "é".repeat(MAX_SHOWN_OUTPUT);
        let r = judge(&test_case(), &run(Status::Ok, &long, ""));
        let actual = r.actual.unwrap();
        assert!(actual.len() <= MAX_SHOWN_OUTPUT && actual.len() > MAX_SHOWN_OUTPUT - 2);
        assert!(r.clipped);
    }
}
