//! Crash locations: for a run that ended in `runtime_error`, the kind of failure and the
//! learner's own line.
//!
//! - **C++** dies by a signal with no message, so a crashed C++ program is compiled again with
//!   `-g -O0 -fsanitize=address,undefined -D_GLIBCXX_ASSERTIONS` and rerun once in the same
//!   sandbox; AddressSanitizer's report (symbolised inside the sandbox, by llvm-symbolizer when
//!   `/usr` has it, else by libsanitizer's own DWARF reader) gives the stack, UndefinedBehavior-
//!   Sanitizer's the precise kind (null pointer, division by zero, index out of bounds).
//! - **Python** tracebacks are parsed to the learner's innermost frame; a Python that died by a
//!   signal (ctypes, C-level recursion) is rerun with `-X faulthandler`.
//! - **Java** and **Node** stack traces are parsed to the first frame in a learner file.
//!
//! Everything here reads untrusted program output; a parse that finds nothing gives a crash
//! named after the signal, or none.

use serde::{Deserialize, Serialize};

use crate::files::resolve_entry;
use crate::runner::Engine;
use crate::trace::plan::Variant;
use crate::{Language, RunOutcome, RunRequest, SourceFile, Status};

/// What kind of failure ended the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrashKind {
    SegmentationFault,
    NullDereference,
    IndexOutOfRange,
    DivisionByZero,
    StackOverflow,
    UseAfterFree,
    UndefinedBehavior,
    Abort,
    BusError,
    IllegalInstruction,
    SyntaxError,
    /// An exception nothing caught (its type in [`Crash::exception`]).
    UncaughtException,
    /// Another signal (its number in [`Crash::signal`]).
    Signal,
}

impl CrashKind {
    pub fn id(&self) -> &'static str {
        match self {
            CrashKind::SegmentationFault => "segmentation_fault",
            CrashKind::NullDereference => "null_dereference",
            CrashKind::IndexOutOfRange => "index_out_of_range",
            CrashKind::DivisionByZero => "division_by_zero",
            CrashKind::StackOverflow => "stack_overflow",
            CrashKind::UseAfterFree => "use_after_free",
            CrashKind::UndefinedBehavior => "undefined_behavior",
            CrashKind::Abort => "abort",
            CrashKind::BusError => "bus_error",
            CrashKind::IllegalInstruction => "illegal_instruction",
            CrashKind::SyntaxError => "syntax_error",
            CrashKind::UncaughtException => "uncaught_exception",
            CrashKind::Signal => "signal",
        }
    }

    /// Learner-facing words.
    pub fn words(&self) -> &'static str {
        match self {
            CrashKind::SegmentationFault => "segmentation fault",
            CrashKind::NullDereference => "null pointer dereference",
            CrashKind::IndexOutOfRange => "index out of range",
            CrashKind::DivisionByZero => "division by zero",
            CrashKind::StackOverflow => "stack overflow (recursion too deep)",
            CrashKind::UseAfterFree => "use of freed memory",
            CrashKind::UndefinedBehavior => "undefined behaviour",
            CrashKind::Abort => "aborted",
            CrashKind::BusError => "bus error",
            CrashKind::IllegalInstruction => "illegal instruction",
            CrashKind::SyntaxError => "syntax error",
            CrashKind::UncaughtException => "uncaught exception",
            CrashKind::Signal => "killed by a signal",
        }
    }
}

/// Where and how a run failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crash {
    pub kind: CrashKind,
    /// 1-based line in `file`, when the learner's frame was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The submission's file (relative path) holding `line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// The signal that killed the program, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    /// `Type: message` of the exception or sanitizer report behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
    /// A learner-facing sentence: "crashed: segmentation fault on line 11".
    pub message: String,
}

/// The signal's name in words.
pub fn signal_words(signal: i32) -> &'static str {
    match signal {
        libc::SIGSEGV => "segmentation fault",
        libc::SIGFPE => "arithmetic exception",
        libc::SIGABRT => "aborted",
        libc::SIGBUS => "bus error",
        libc::SIGILL => "illegal instruction",
        libc::SIGKILL => "killed",
        libc::SIGTRAP => "trace trap",
        libc::SIGPIPE => "broken pipe",
        _ => "killed by a signal",
    }
}

fn kind_of_signal(signal: i32) -> CrashKind {
    match signal {
        libc::SIGSEGV => CrashKind::SegmentationFault,
        libc::SIGFPE => CrashKind::DivisionByZero,
        libc::SIGABRT => CrashKind::Abort,
        libc::SIGBUS => CrashKind::BusError,
        libc::SIGILL => CrashKind::IllegalInstruction,
        _ => CrashKind::Signal,
    }
}

/// A parse result before the message is written.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Found {
    kind: Option<CrashKind>,
    file: Option<String>,
    line: Option<u32>,
    function: Option<String>,
    exception: Option<String>,
}

impl Found {
    fn into_crash(self, signal: Option<i32>, entry: &str) -> Option<Crash> {
        let kind = self.kind.or(signal.map(kind_of_signal))?;
        let what = match (signal, kind) {
            (Some(s), CrashKind::Signal) => format!("killed by signal {s}"),
            (Some(s), k) if k == kind_of_signal(s) => signal_words(s).to_owned(),
            (Some(s), k) => format!("{} ({})", signal_words(s), k.words()),
            (None, CrashKind::UncaughtException | CrashKind::SyntaxError) => {
                match self.exception.as_deref().map(exception_type) {
                    Some(t) if kind == CrashKind::SyntaxError => format!("syntax error ({t})"),
                    Some(t) => format!("uncaught {t}"),
                    None => kind.words().to_owned(),
                }
            }
            (None, k) => match self.exception.as_deref().map(exception_type) {
                Some(t) => format!("{} ({t})", k.words()),
                None => k.words().to_owned(),
            },
        };
        let place = match (&self.file, self.line) {
            (Some(f), Some(l)) if f == entry => format!(" on line {l}"),
            (Some(f), Some(l)) => format!(" on line {l} of {f}"),
            _ => String::new(),
        };
        Some(Crash {
            kind,
            line: self.line,
            file: self.file.filter(|_| self.line.is_some()),
            function: self.function,
            signal,
            exception: self.exception,
            message: format!("crashed: {what}{place}"),
        })
    }
}

/// `IndexError` of `IndexError: list index out of range`; `java.lang.X` becomes `X`.
fn exception_type(exception: &str) -> &str {
    let head = exception.split(':').next().unwrap_or(exception).trim();
    head.rsplit('.').next().unwrap_or(head)
}

/// The submission's path for a path printed by the program (`/box/a/b.py`, `b.py` as given
/// to the compiler), if it is one of the learner's files.
fn learner_path(printed: &str, files: &[SourceFile]) -> Option<String> {
    let rel = printed.strip_prefix("/box/").unwrap_or(printed);
    files.iter().find(|f| f.path == rel).map(|f| f.path.clone())
}

fn leading_number(s: &str) -> Option<u32> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// Python: `File "/box/main.py", line 3, in f` (traceback) or `File "/box/main.py", line 3 in f`
/// (faulthandler), as (file, line, function).
fn python_frames(text: &str, files: &[SourceFile]) -> Vec<(String, u32, Option<String>)> {
    text.lines()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix("File \"")?;
            let (path, rest) = rest.split_once("\", line ")?;
            let file = learner_path(path, files)?;
            let line = leading_number(rest)?;
            let function = rest
                .split_once(" in ")
                .map(|(_, f)| f.trim().to_owned())
                .filter(|f| f != "<module>");
            Some((file, line, function))
        })
        .collect()
}

fn python_kind(exception: &str) -> CrashKind {
    let ty = exception_type(exception);
    match ty {
        "IndexError" => CrashKind::IndexOutOfRange,
        "ZeroDivisionError" => CrashKind::DivisionByZero,
        "RecursionError" => CrashKind::StackOverflow,
        "SyntaxError" | "IndentationError" | "TabError" => CrashKind::SyntaxError,
        "AttributeError" | "TypeError" if exception.contains("'NoneType'") => {
            CrashKind::NullDereference
        }
        _ => CrashKind::UncaughtException,
    }
}

fn parse_python(stderr: &str, files: &[SourceFile]) -> Found {
    if let Some(fatal) = stderr
        .lines()
        .find_map(|l| l.strip_prefix("Fatal Python error: "))
    {
        // faulthandler: most recent call first; a full 100-frame dump ("...") is deep recursion.
        let mut found = Found {
            exception: Some(fatal.trim().to_owned()),
            ..Found::default()
        };
        if let Some((file, line, function)) = python_frames(stderr, files).into_iter().next() {
            (found.file, found.line, found.function) = (Some(file), Some(line), function);
        }
        let deep = stderr.lines().any(|l| l.trim() == "...");
        if deep && fatal.starts_with("Segmentation fault") {
            found.kind = Some(CrashKind::StackOverflow);
        }
        return found;
    }
    let exception = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.starts_with(' '))
        .map(|l| l.trim().to_owned());
    let mut found = Found {
        kind: exception.as_deref().map(python_kind),
        exception,
        ..Found::default()
    };
    // Most recent call last: the learner's innermost frame is the last one in a learner file.
    if let Some((file, line, function)) = python_frames(stderr, files).into_iter().next_back() {
        (found.file, found.line, found.function) = (Some(file), Some(line), function);
    }
    found
}

fn java_kind(exception: &str) -> CrashKind {
    match exception_type(exception) {
        "ArithmeticException" if exception.contains("by zero") => CrashKind::DivisionByZero,
        "ArrayIndexOutOfBoundsException"
        | "StringIndexOutOfBoundsException"
        | "IndexOutOfBoundsException" => CrashKind::IndexOutOfRange,
        "NullPointerException" => CrashKind::NullDereference,
        "StackOverflowError" => CrashKind::StackOverflow,
        _ => CrashKind::UncaughtException,
    }
}

/// `Exception in thread "main" java.lang.X: msg` then `\tat pkg.Class.method(File.java:7)`,
/// most recent first; JDK frames carry a module (`java.base/...`) and a file that is not ours.
fn parse_java(stderr: &str, files: &[SourceFile]) -> Found {
    let exception = stderr.lines().find_map(|l| {
        l.strip_prefix("Exception in thread ")
            .and_then(|r| r.split_once("\" ").map(|(_, e)| e.trim().to_owned()))
    });
    let mut found = Found {
        kind: exception.as_deref().map(java_kind),
        exception,
        ..Found::default()
    };
    for l in stderr.lines() {
        let Some(frame) = l.trim_start().strip_prefix("at ") else {
            continue;
        };
        let Some((method, place)) = frame.split_once('(') else {
            continue;
        };
        if method.contains('/') {
            continue;
        }
        let Some((name, line)) = place.trim_end_matches(')').split_once(':') else {
            continue;
        };
        let package_dir = method
            .rsplitn(3, '.')
            .nth(2)
            .map(|p| p.replace('.', "/"))
            .unwrap_or_default();
        let wanted = if package_dir.is_empty() {
            name.to_owned()
        } else {
            format!("{package_dir}/{name}")
        };
        let file = files.iter().find(|f| f.path == wanted).or_else(|| {
            files
                .iter()
                .find(|f| f.path.rsplit('/').next() == Some(name))
        });
        if let (Some(file), Some(line)) = (file, leading_number(line)) {
            found.file = Some(file.path.clone());
            found.line = Some(line);
            found.function = method.rsplit('.').next().map(str::to_owned);
            break;
        }
    }
    found
}

fn node_kind(exception: &str) -> CrashKind {
    if exception.starts_with("RangeError: Maximum call stack size exceeded") {
        CrashKind::StackOverflow
    } else if exception.starts_with("RangeError: Division by zero") {
        CrashKind::DivisionByZero
    } else if exception.starts_with("TypeError: Cannot read properties of")
        || exception.starts_with("TypeError: Cannot set properties of")
    {
        CrashKind::NullDereference
    } else if exception.starts_with("SyntaxError") {
        CrashKind::SyntaxError
    } else {
        CrashKind::UncaughtException
    }
}

/// Node prints `/box/main.js:3`, the source line, a caret, a blank line, `TypeError: ...`, then
/// `    at f (/box/main.js:3:18)` frames, most recent first.
fn parse_node(stderr: &str, files: &[SourceFile]) -> Found {
    let mut found = Found::default();
    if let Some((path, line)) = stderr.lines().next().and_then(|l| l.rsplit_once(':'))
        && let (Some(file), Some(line)) = (learner_path(path, files), leading_number(line))
    {
        found.file = Some(file);
        found.line = Some(line);
    }
    let mut after_blank = false;
    for l in stderr.lines() {
        if l.trim().is_empty() {
            after_blank = true;
        } else if after_blank && found.exception.is_none() && !l.starts_with(' ') {
            found.exception = Some(l.trim().to_owned());
        }
        let Some(frame) = l.trim_start().strip_prefix("at ") else {
            continue;
        };
        let (function, place) = match frame.rsplit_once(" (") {
            Some((f, p)) => (Some(f.to_owned()), p.trim_end_matches(')')),
            None => (None, frame),
        };
        let mut parts = place.rsplitn(3, ':');
        let (_col, line, path) = (parts.next(), parts.next(), parts.next());
        if let (Some(path), Some(line)) = (path, line.and_then(leading_number))
            && let Some(file) = learner_path(path, files)
        {
            found.file = Some(file);
            found.line = Some(line);
            found.function = function.filter(|f| f != "Object.<anonymous>");
            break;
        }
    }
    found.kind = found.exception.as_deref().map(node_kind);
    found
}

/// A sanitizer stack frame: `    #3 0x55d0c in f(int) /box/main.cpp:7` (optionally `:col`).
fn sanitizer_frame(l: &str, files: &[SourceFile]) -> Option<(String, u32, String)> {
    let rest = l.trim_start().strip_prefix('#')?;
    let (_, rest) = rest.split_once(" in ")?;
    let (function, place) = rest.rsplit_once(' ')?;
    let mut parts = place.splitn(3, ':');
    let (path, line) = (parts.next()?, parts.next()?);
    Some((
        learner_path(path, files)?,
        leading_number(line)?,
        function.to_owned(),
    ))
}

fn ubsan_kind(message: &str) -> CrashKind {
    if message.contains("division by zero") {
        CrashKind::DivisionByZero
    } else if message.contains("null pointer") {
        CrashKind::NullDereference
    } else if message.contains("out of bounds") {
        CrashKind::IndexOutOfRange
    } else {
        CrashKind::UndefinedBehavior
    }
}

/// Reads the sanitizer rerun's stderr: AddressSanitizer's fatal report (with the stack), any
/// UndefinedBehaviorSanitizer reports before it, libstdc++ assertions and `terminate` messages.
fn parse_sanitizers(stderr: &str, files: &[SourceFile]) -> Found {
    let mut found = Found::default();
    // UBSan: `main.cpp:5:21: runtime error: member access within null pointer of type 'N'`.
    let ubsan: Vec<(String, u32, String)> = stderr
        .lines()
        .filter_map(|l| {
            let (place, message) = l.split_once(": runtime error: ")?;
            let mut parts = place.splitn(3, ':');
            let (path, line) = (parts.next()?, parts.next()?);
            Some((
                learner_path(path, files)?,
                leading_number(line)?,
                message.trim().to_owned(),
            ))
        })
        .collect();
    let asan = stderr
        .lines()
        .position(|l| l.contains("ERROR: AddressSanitizer: "));
    let frame = match asan {
        Some(at) => stderr
            .lines()
            .skip(at)
            .find_map(|l| sanitizer_frame(l, files)),
        None => stderr.lines().find_map(|l| sanitizer_frame(l, files)),
    };
    if let Some((file, line, function)) = frame {
        found.file = Some(file);
        found.line = Some(line);
        found.function = Some(function.split('(').next().unwrap_or(&function).to_owned());
    } else if let Some((file, line, _)) = ubsan.last() {
        found.file = Some(file.clone());
        found.line = Some(*line);
    }
    // The UBSan report at the crash's own line (or the last one) names the kind precisely.
    let ub = ubsan
        .iter()
        .rev()
        .find(|(f, l, _)| Some(f) == found.file.as_ref() && Some(*l) == found.line)
        .or(ubsan.last());
    let terminate = stderr.lines().find_map(|l| {
        l.strip_prefix("terminate called after throwing an instance of '")
            .map(|t| t.trim_end_matches('\'').to_owned())
    });
    let report = asan
        .and_then(|at| stderr.lines().nth(at))
        .and_then(|l| l.split_once("ERROR: AddressSanitizer: "))
        .map(|(_, r)| r.trim().to_owned());
    let report = report.as_deref().unwrap_or("");
    let kind = if report.starts_with("stack-overflow") {
        CrashKind::StackOverflow
    } else if report.contains("buffer-overflow") || report.starts_with("stack-use-after-scope") {
        CrashKind::IndexOutOfRange
    } else if report.starts_with("heap-use-after-free") || report.contains("use-after-return") {
        CrashKind::UseAfterFree
    } else if let Some((_, _, message)) = ub {
        found.exception = Some(format!("runtime error: {message}"));
        ubsan_kind(message)
    } else if stderr.contains("Assertion '__n < this->size()' failed") {
        CrashKind::IndexOutOfRange
    } else if let Some(t) = &terminate {
        found.exception = Some(t.clone());
        if t == "std::out_of_range" {
            CrashKind::IndexOutOfRange
        } else {
            CrashKind::UncaughtException
        }
    } else if report.starts_with("SEGV") {
        if stderr.contains("address points to the zero page") {
            CrashKind::NullDereference
        } else {
            CrashKind::SegmentationFault
        }
    } else if report.starts_with("FPE") {
        CrashKind::DivisionByZero
    } else {
        return Found {
            kind: None,
            ..found
        };
    };
    if found.exception.is_none() && !report.is_empty() {
        found.exception = Some(format!(
            "AddressSanitizer: {}",
            report.split(" on ").next().unwrap_or(report)
        ));
    }
    found.kind = Some(kind);
    found
}

/// Locates a crash from a run's own stderr (no rerun): managed runtimes print where they failed.
pub(crate) fn from_stderr(language: Language, stderr: &str, files: &[SourceFile]) -> Found {
    match language {
        Language::Python => parse_python(stderr, files),
        Language::Java => parse_java(stderr, files),
        Language::Javascript => parse_node(stderr, files),
        Language::Cpp => parse_sanitizers(stderr, files),
    }
}

/// The sanitizer options of the C++ rerun: no leak checks (LeakSanitizer needs ptrace), reports
/// on abort (assertions, `terminate`) too, a small quarantine to stay under the memory limit.
fn sanitizer_env() -> Vec<(&'static str, String)> {
    let mut asan = "detect_leaks=0:handle_abort=1:handle_segv=1:handle_sigfpe=1:handle_sigbus=1:\
                    handle_sigill=1:quarantine_size_mb=16:symbolize=1:print_summary=0"
        .to_owned();
    let symbolizer = std::path::Path::new("/usr/bin/llvm-symbolizer");
    if symbolizer.exists() {
        asan.push_str(":external_symbolizer_path=/usr/bin/llvm-symbolizer");
    }
    vec![
        ("ASAN_OPTIONS", asan),
        (
            "UBSAN_OPTIONS",
            "print_stacktrace=1:halt_on_error=0:print_summary=0".to_owned(),
        ),
    ]
}

fn sanitizer_variant() -> Variant {
    Variant {
        compile: Some(Box::new(|argv: Vec<String>| {
            let mut out = Vec::with_capacity(argv.len() + 6);
            for a in argv {
                if a == "-O2" {
                    out.extend(
                        [
                            "-O0",
                            "-g",
                            "-fsanitize=address,undefined",
                            "-fno-omit-frame-pointer",
                            "-D_GLIBCXX_ASSERTIONS",
                        ]
                        .map(String::from),
                    );
                } else {
                    out.push(a);
                }
            }
            out
        })),
        env: sanitizer_env(),
        ..Variant::default()
    }
}

fn faulthandler_variant() -> Variant {
    Variant {
        run: Some(Box::new(|mut argv: Vec<String>| {
            argv.splice(1..1, ["-X".to_owned(), "faulthandler".to_owned()]);
            argv
        })),
        ..Variant::default()
    }
}

impl Engine {
    /// Where and how `outcome` (a run of `req`) failed; `None` unless it is a `runtime_error`.
    /// C++ and Python deaths by signal are rerun once (sanitizers, faulthandler).
    pub(crate) async fn locate(&self, req: &RunRequest, outcome: &RunOutcome) -> Option<Crash> {
        if outcome.status != Status::RuntimeError {
            return None;
        }
        let entry = resolve_entry(req.language, &req.files, req.entry.as_deref()).ok()?;
        let signal = outcome.signal;
        let rerun = match (req.language, signal) {
            (Language::Cpp, Some(_)) => Some(sanitizer_variant()),
            (Language::Python, Some(_)) => Some(faulthandler_variant()),
            _ => None,
        };
        let found = match rerun {
            Some(variant) => {
                let mut again = req.clone();
                again.entry = Some(entry.clone());
                let rerun = self.run_variant(&again, &variant).await;
                from_stderr(req.language, &rerun.stderr, &req.files)
            }
            None => from_stderr(req.language, &outcome.stderr, &req.files),
        };
        found.into_crash(signal, &entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<SourceFile> {
        names.iter().map(|n| SourceFile::new(*n, "")).collect()
    }

    #[test]
    fn a_python_traceback_is_located_to_the_learners_innermost_frame() {
        let stderr = "Traceback (most recent call last):\n  File \"/box/main.py\", line 9, in <module>\n    main()\n  File \"/box/util.py\", line 3, in pick\n    return xs[i]\n  File \"/usr/lib/python3.11/x.py\", line 1, in y\nIndexError: list index out of range\n";
        let found = parse_python(stderr, &files(&["main.py", "util.py"]));
        assert_eq!(found.kind, Some(CrashKind::IndexOutOfRange));
        assert_eq!(
            (found.file.as_deref(), found.line),
            (Some("util.py"), Some(3))
        );
        let crash = found.into_crash(None, "main.py").unwrap();
        assert_eq!(
            crash.message,
            "crashed: index out of range (IndexError) on line 3 of util.py"
        );
    }

    #[test]
    fn a_jvm_trace_is_located_to_the_learners_frame_not_the_jdks() {
        let stderr = "Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"String.length()\"\n\tat java.base/java.util.Objects.requireNonNull(Objects.java:209)\n\tat app.Util.len(Util.java:5)\n\tat Main.main(Main.java:4)\n";
        let found = parse_java(stderr, &files(&["Main.java", "app/Util.java"]));
        assert_eq!(found.kind, Some(CrashKind::NullDereference));
        assert_eq!(
            (found.file.as_deref(), found.line, found.function.as_deref()),
            (Some("app/Util.java"), Some(5), Some("len"))
        );
    }

    #[test]
    fn a_node_stack_overflow_is_located_and_named() {
        let stderr = "/box/main.js:1\nfunction f(n) { return f(n + 1); }\n                ^\n\nRangeError: Maximum call stack size exceeded\n    at f (/box/main.js:1:17)\n    at f (/box/main.js:1:24)\n";
        let found = parse_node(stderr, &files(&["main.js"]));
        assert_eq!(found.kind, Some(CrashKind::StackOverflow));
        assert_eq!(
            (found.line, found.function.as_deref()),
            (Some(1), Some("f"))
        );
    }

    #[test]
    fn sanitizer_reports_name_the_kind_and_the_learners_line() {
        let null = "main.cpp:5:21: runtime error: member access within null pointer of type 'struct N'\n    #0 0x55 in main /box/main.cpp:5\nAddressSanitizer:DEADLYSIGNAL\n==1==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x1 T0)\n==1==Hint: address points to the zero page.\n    #0 0x55 in main /box/main.cpp:5\n";
        let found = parse_sanitizers(null, &files(&["main.cpp"]));
        assert_eq!(
            (found.kind, found.line),
            (Some(CrashKind::NullDereference), Some(5))
        );
        let crash = found.into_crash(Some(libc::SIGSEGV), "main.cpp").unwrap();
        assert_eq!(
            crash.message,
            "crashed: segmentation fault (null pointer dereference) on line 5"
        );

        let vector = "/usr/include/c++/12/bits/stl_vector.h:1123: ... Assertion '__n < this->size()' failed.\nAddressSanitizer:DEADLYSIGNAL\n==1==ERROR: AddressSanitizer: ABRT on unknown address 0x1 (pc 0x1 T0)\n    #3 0x7f in std::__glibcxx_assert_fail(char const*, int, char const*, char const*) (/lib/libstdc++.so.6+0xd09ed)\n    #4 0x56 in std::vector<int, std::allocator<int> >::operator[](unsigned long) /usr/include/c++/12/bits/stl_vector.h:1123\n    #5 0x56 in main /box/main.cpp:7\n";
        let found = parse_sanitizers(vector, &files(&["main.cpp"]));
        assert_eq!(
            (found.kind, found.line),
            (Some(CrashKind::IndexOutOfRange), Some(7))
        );
    }

    #[test]
    fn an_unparsed_signal_death_is_named_after_the_signal() {
        let crash = Found::default()
            .into_crash(Some(libc::SIGSEGV), "main.cpp")
            .unwrap();
        assert_eq!(crash.kind, CrashKind::SegmentationFault);
        assert_eq!(crash.message, "crashed: segmentation fault");
        assert!(Found::default().into_crash(None, "main.cpp").is_none());
    }
}
