//! End-to-end tests of the curriculum against the real `content/` and the real sandbox: the full
//! content check over all four tracks, the embedded copy, and grading reports as a learner
//! sees them.

use std::path::PathBuf;
use std::sync::OnceLock;

use codestead_curriculum::{
    CheckOutcome, Curriculum, Exercise, Language, NotRunReason, check, grade, submission_request,
};
use codestead_sandbox::{Sandbox, SandboxConfig};

fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

fn content() -> Curriculum {
    Curriculum::load_dir(content_dir()).expect("content/ is readable")
}

/// One sandbox for the whole binary: two `Sandbox`es in one process would name their run
/// directories and cgroup slots alike (pid + a per-instance counter) and trip over each other.
fn sandbox() -> Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX
        .get_or_init(|| {
            Sandbox::new(SandboxConfig::default())
                .expect("the sandbox starts (run scripts/sandbox-setup.sh on a new machine)")
        })
        .clone()
}

/// Whether `language`'s toolchain is installed. Under CI (`.ci/run` sets `CI`) a missing
/// one fails the test that needs it rather than skip it.
fn language_available(sandbox: &Sandbox, language: Language) -> bool {
    let available = sandbox
        .languages()
        .iter()
        .any(|l| l.id == language && l.available);
    assert!(
        available || std::env::var_os("CI").is_none(),
        "the {} toolchain is missing: CI is set, so this test fails rather than skip",
        language.id()
    );
    available
}

fn exercise(c: &Curriculum, slug: &str) -> Exercise {
    c.item(slug)
        .and_then(|i| i.exercise.clone())
        .unwrap_or_else(|| panic!("{slug} is an exercise in content/"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_built_in_content_passes_the_full_content_check() {
    let curriculum = content();
    let sandbox = sandbox();
    let report = check(&curriculum, &sandbox).await;
    println!("{report}");

    let tracks: Vec<&str> = curriculum.tracks.iter().map(|t| t.slug.as_str()).collect();
    for track in ["python", "javascript", "java", "cpp"] {
        assert!(tracks.contains(&track), "track {track} exists: {tracks:?}");
    }
    for language in Language::ALL {
        if !language_available(&sandbox, language) {
            eprintln!(
                "warning: {} toolchain missing; its exercises were skipped",
                language.id()
            );
        }
    }
    assert!(
        report
            .exercises
            .iter()
            .any(|e| e.outcome == CheckOutcome::Passed),
        "at least one exercise was really graded"
    );
    assert!(report.ok(), "{report}");
}

#[test]
fn the_embedded_copy_holds_the_same_content_as_the_directory() {
    let embedded = Curriculum::load_embedded();
    let on_disk = content();
    let slugs = |c: &Curriculum| {
        let mut s: Vec<String> = c.items.iter().map(|i| i.slug.clone()).collect();
        s.sort();
        s
    };
    assert!(!on_disk.items.is_empty());
    assert_eq!(slugs(&embedded), slugs(&on_disk));
    assert_eq!(embedded.tracks.len(), on_disk.tracks.len());
}

#[test]
fn every_track_has_at_least_twelve_lessons_and_twelve_exercises() {
    let c = content();
    for track in &c.tracks {
        let items: Vec<_> = c.items.iter().filter(|i| i.track == track.slug).collect();
        let exercises = items.iter().filter(|i| i.exercise.is_some()).count();
        let lessons = items.len() - exercises;
        assert!(
            lessons >= 12 && exercises >= 12,
            "{}: {lessons} lessons, {exercises} exercises",
            track.slug
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_solution_passes_every_test_of_the_first_exercise() {
    let c = content();
    let ex = exercise(&c, "python-ex-greeting");
    let report = grade(&sandbox(), &ex, &ex.solution).await;
    assert!(report.passed, "{report:#?}");
    assert_eq!(report.tests.len(), ex.tests.len());
    assert!(report.tests.iter().all(|t| t.passed && t.message.is_none()));
    assert_eq!(report.compile_error, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_answer_gets_the_authors_message_without_the_test_data() {
    let c = content();
    let ex = exercise(&c, "python-ex-greeting");
    let (_, wrong) = &ex.wrong[0];
    let report = grade(&sandbox(), &ex, wrong).await;
    assert!(!report.passed);
    for (result, test) in report.tests.iter().zip(&ex.tests) {
        if let Some(message) = &result.message {
            assert!(message.starts_with(&test.message), "{message}");
            assert!(!message.contains(test.expected.trim()), "{message}");
            assert!(!message.contains(test.stdin.trim()), "{message}");
        }
    }
    let failing = report.tests.iter().position(|t| !t.passed).unwrap();
    assert_ne!(report.execution.stdout, "", "execution is the failing run");
    assert!(!ex.tests[failing].expected.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashing_program_is_told_what_crashed() {
    let c = content();
    let ex = exercise(&c, "python-ex-rectangle");
    let report = grade(&sandbox(), &ex, "w = int(input())\nprint(w / 0)\n").await;
    assert!(!report.passed);
    // The rectangle's tests are hidden: the message names the error, never the program's stderr.
    let message = report.tests[0].message.as_deref().unwrap();
    assert!(
        message.contains("crashed with ZeroDivisionError"),
        "{message}"
    );
    assert!(!message.contains("division by zero"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_program_that_never_ends_is_told_it_timed_out() {
    let c = content();
    let mut ex = exercise(&c, "python-ex-greeting");
    ex.tests.truncate(1);
    let report = grade(&sandbox(), &ex, "while True:\n    pass\n").await;
    assert!(!report.passed);
    assert!(
        report.tests[0]
            .message
            .as_deref()
            .unwrap()
            .contains("timed out")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn function_style_exercises_put_the_learners_code_beside_the_driver() {
    let c = content();
    let ex = exercise(&c, "python-ex-flatten");
    let request = submission_request(&ex, "def flatten(x): return x\n");
    let paths: Vec<&str> = request.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["main.py", "solution.py"]);
    assert_eq!(request.entry.as_deref(), Some("main.py"));

    let report = grade(&sandbox(), &ex, &ex.solution).await;
    assert!(report.passed, "{report:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_that_does_not_compile_fails_every_test_with_the_compiler_output() {
    let sandbox = sandbox();
    if !language_available(&sandbox, Language::Cpp) {
        eprintln!("skipped: no C++ toolchain");
        return;
    }
    let ex = Exercise {
        language: Language::Cpp,
        starter: String::new(),
        solution: String::new(),
        wrong: vec![],
        driver: None,
        hints: vec![],
        tests: exercise(&content(), "python-ex-greeting").tests,
        stop_at_first_failure: false,
    };
    let report = grade(&sandbox, &ex, "int main() { return missing_name; }\n").await;
    assert!(!report.passed);
    assert!(report.tests.iter().all(|t| !t.passed));
    let compiler = report.compile_error.expect("compiler output is reported");
    assert!(compiler.contains("missing_name"), "{compiler}");
    let did_not_run = report.did_not_run.expect("one did-not-run explanation");
    assert_eq!(did_not_run.reason, NotRunReason::CompileError);
    assert_eq!(did_not_run.line, Some(1));
    assert!(
        did_not_run.error.contains("missing_name"),
        "{did_not_run:?}"
    );
    assert!(
        report
            .tests
            .iter()
            .all(|t| t.not_run && t.message.is_none()),
        "{:?}",
        report.tests
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_python_syntax_error_is_one_did_not_run_naming_its_line() {
    let c = content();
    let ex = exercise(&c, "python-ex-greeting");
    let code = "name = input()\n\nprint(\"Hello, \" + name\n";
    let report = grade(&sandbox(), &ex, code).await;
    assert!(!report.passed);
    let did_not_run = report.did_not_run.expect("one did-not-run explanation");
    assert_eq!(did_not_run.reason, NotRunReason::SyntaxError);
    assert_eq!(did_not_run.line, Some(3), "{did_not_run:?}");
    assert!(
        did_not_run.error.starts_with("SyntaxError"),
        "{did_not_run:?}"
    );
    assert!(
        did_not_run.message.contains("did not run"),
        "{did_not_run:?}"
    );
    assert!(
        report
            .tests
            .iter()
            .all(|t| t.not_run && t.message.is_none()),
        "no test repeats a hint: {:?}",
        report.tests
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_javascript_syntax_error_is_one_did_not_run_naming_its_line() {
    let sandbox = sandbox();
    if !language_available(&sandbox, Language::Javascript) {
        eprintln!("skipped: no Node");
        return;
    }
    let c = content();
    let mut ex = exercise(&c, "python-ex-greeting");
    ex.language = Language::Javascript;
    let report = grade(&sandbox, &ex, "const x = 1;\nconsole.log(x +);\n").await;
    let did_not_run = report.did_not_run.expect("one did-not-run explanation");
    assert_eq!(did_not_run.reason, NotRunReason::SyntaxError);
    assert_eq!(did_not_run.line, Some(2), "{did_not_run:?}");
    assert!(
        did_not_run.error.starts_with("SyntaxError"),
        "{did_not_run:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_program_that_crashes_while_running_is_not_a_did_not_run() {
    let c = content();
    let ex = exercise(&c, "python-ex-greeting");
    let report = grade(&sandbox(), &ex, "raise ValueError(input())\n").await;
    assert_eq!(report.did_not_run, None);
    assert!(
        report
            .tests
            .iter()
            .all(|t| !t.not_run && t.message.is_some())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exercise_that_stops_at_its_first_failure_reports_the_rest_as_not_run() {
    let c = content();
    let mut ex = exercise(&c, "python-ex-greeting");
    assert!(ex.tests.len() >= 2, "the exercise has several tests");
    ex.stop_at_first_failure = true;
    let report = grade(&sandbox(), &ex, "print('hi')").await;
    assert!(!report.passed);
    assert_eq!(report.tests.len(), ex.tests.len());
    assert_eq!(report.failed_test, Some(0));
    assert!(!report.tests[0].passed && !report.tests[0].not_run);
    for t in &report.tests[1..] {
        assert!(t.not_run && !t.passed, "{t:?}");
        assert_eq!(
            t.message.as_deref(),
            Some("Not run: an earlier test failed.")
        );
    }
    // The reference solution still runs every test and passes.
    let report = grade(&sandbox(), &ex, &ex.solution).await;
    assert!(report.passed, "{report:#?}");
    assert!(report.tests.iter().all(|t| t.passed && !t.not_run));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_told_to_stop_runs_no_further_whether_interpreted_or_compiled() {
    use codestead_sandbox::{RunOutcome, StopAfter};
    let sandbox = sandbox();
    let stdins: Vec<String> = ["1", "2", "3"].iter().map(|s| format!("{s}\n")).collect();
    // Stops after the run that printed 2: the third is never run.
    let stop: StopAfter = std::sync::Arc::new(|_, run: &RunOutcome| run.stdout.trim() == "2");
    let python = sandbox
        .run_many_until(
            codestead_sandbox::RunRequest::single(Language::Python, "print(input())"),
            stdins.clone(),
            stop.clone(),
        )
        .await;
    let printed: Vec<&str> = python.runs.iter().map(|r| r.stdout.trim()).collect();
    assert_eq!(printed, ["1", "2"]);
    if language_available(&sandbox, Language::Cpp) {
        let cpp = sandbox
            .run_many_until(
                codestead_sandbox::RunRequest::single(
                    Language::Cpp,
                    "#include <iostream>\nint main(){int n; std::cin >> n; std::cout << n << std::endl;}\n",
                ),
                stdins,
                stop,
            )
            .await;
        let printed: Vec<&str> = cpp.runs.iter().map(|r| r.stdout.trim()).collect();
        assert_eq!(printed, ["1", "2"], "{cpp:?}");
    }
}
