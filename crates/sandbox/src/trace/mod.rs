//! Execution traces: a run that records, step by step, the line about to run, the function, the
//! local variables (each as a capped repr) and what the program printed since the previous step.
//!
//! Python is traced in-process by an embedded script ([`tracer.py`](tracer.py)) that runs the
//! entry file as `__main__` under `sys.settrace`. JavaScript is traced by source instrumentation
//! ([`tracer.js`](tracer.js), preloaded with `node -r`): when Node's loader reads one of the
//! learner's files, the tracer parses it with the vendored acorn and inserts, on the same lines,
//! a call before each statement that records the line, the function and the variables in scope,
//! and wraps `return` values; an inline source map keeps error excerpts and columns the
//! learner's own. A file that does not parse is left to Node, so its syntax error is Node's. Node's
//! inspector was measured at ~3 ms of CPU per step, far too slow (see `docs/tutor.md`, "Traces
//! and crash locations"). Java and C++ are not traced yet (a debugger needs ptrace, which the
//! seccomp filter bans); their traced runs are ordinary runs with `trace: None`.
//!
//! The trace travels over its own channel: a memfd the server creates and hands to the program
//! as an extra descriptor. Nothing the program prints on stdout or stderr can be taken for a
//! trace. The program could write into that descriptor itself (it shares the process with the
//! tracer), so what comes back is parsed as untrusted input: malformed lines are dropped, every
//! cap is applied again here, and a file name must be one of the submission's.

pub(crate) mod plan;

use std::collections::BTreeMap;
use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::fs::FileExt;

use serde::{Deserialize, Serialize};

use crate::runner::Engine;
use crate::{Language, RunOutcome, RunRequest, SourceFile};
use plan::Variant;

/// The Python tracer, passed to `python3 -c`.
const PYTHON_TRACER: &str = include_str!("tracer.py");

/// The JavaScript tracer as one script: the vendored parser (acorn 8.19.0) and source-map
/// encoder (@jridgewell/sourcemap-codec 1.6.0), each in a function scope of its own so their
/// UMD wrappers export into a local `module`, then the tracer itself, which uses both. It is
/// too large for one argument (Linux caps one at 128 KiB), so it reaches the sandbox as a
/// read-only file made from a memfd, and `node -r` preloads it.
const JAVASCRIPT_TRACER: &str = concat!(
    "const acorn = (function () { var module = { exports: {} }, exports = module.exports, define; ",
    include_str!("acorn.js"),
    "\nreturn module.exports; })();\n",
    "const sourcemapCodec = (function () { var module = { exports: {} }, exports = module.exports, define; ",
    include_str!("sourcemap-codec.js"),
    "\nreturn module.exports; })();\n",
    include_str!("tracer.js"),
);
/// Where the JavaScript tracer is inside the sandbox.
const JAVASCRIPT_TRACER_PATH: &str = "/codestead/trace.js";

/// Most bytes read back from the trace channel (the tracer stops at 2 MiB of JSON).
const MAX_CHANNEL_BYTES: u64 = 3 * 1024 * 1024;
/// Most locals kept per step, and most characters of a variable's name.
const MAX_LOCALS: usize = 40;
const MAX_NAME_CHARS: usize = 100;
/// Most characters of printed output kept across all steps (the sandbox's stdout cap).
const MAX_TRACE_STDOUT: usize = 64 * 1024;

/// Caps of one traced run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceOptions {
    /// Steps recorded before tracing stops (the program then runs on untraced).
    pub max_steps: usize,
    /// Characters of one value's repr (longer ones end in `…`).
    pub value_chars: usize,
    /// Wall time spent tracing before tracing stops; the run's own wall clock still applies.
    pub max_ms: u64,
}

impl Default for TraceOptions {
    fn default() -> Self {
        Self {
            max_steps: 10_000,
            value_chars: 200,
            max_ms: 3_000,
        }
    }
}

/// What happened at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepEvent {
    /// About to run `line`.
    Line,
    /// Returning from `function` (its value in `return_value`).
    Return,
    /// An exception was raised (or passed through) at `line`; it may still be caught.
    Exception,
}

/// One step of a trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// 1-based line in `file`.
    pub line: u32,
    /// `None` at module level; `Class.method` for methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// The submission's file, when it is not the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Variables in scope (module level: the learner's globals), as capped reprs. Modules,
    /// functions and classes are left out.
    pub locals: BTreeMap<String, String>,
    /// What the program printed since the previous step: the output so far at step *i* is the
    /// concatenation of `stdout` over steps `0..=i` (a full copy per step would make the trace
    /// quadratic in the output).
    pub stdout: String,
    pub event: StepEvent,
    /// `Type: message` at an `exception` step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
    /// The returned value's repr at a `return` step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_value: Option<String>,
}

/// The exception that ended a traced program, if one did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceException {
    /// `Type: message`.
    pub message: String,
    /// The learner's innermost line in its traceback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// An execution trace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub steps: Vec<TraceStep>,
    /// A cap (steps, bytes, tracing time) was reached, or the program was killed before the
    /// tracer finished: the steps are a prefix of the run.
    pub truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<TraceException>,
}

/// Whether `language` has a tracer.
pub fn traceable(language: Language) -> bool {
    matches!(language, Language::Python | Language::Javascript)
}

impl Engine {
    /// Runs `req` under its language's tracer (callers check [`traceable`] first; others run
    /// as an ordinary variant run). The outcome's `trace` is `Some` exactly when a tracer ran.
    pub(crate) async fn trace(&self, req: &RunRequest, options: TraceOptions) -> RunOutcome {
        if !traceable(req.language) {
            return self.run_variant(req, &Variant::default()).await;
        }
        let channel = match memfd("codestead-trace") {
            Ok(fd) => fd,
            Err(e) => {
                tracing::error!(error = %e, "could not create a trace channel");
                return RunOutcome::internal_error("the sandbox could not prepare the run");
            }
        };
        let fd = channel.as_raw_fd();
        let value_chars = options.value_chars.max(8);
        // Kept open until the run is over: bubblewrap reads it while it sets the sandbox up.
        let mut script = None;
        let variant = match req.language {
            Language::Javascript => {
                let tracer = match crate::jail::memfd_with(
                    "codestead-js-tracer",
                    JAVASCRIPT_TRACER.as_bytes(),
                ) {
                    Ok(fd) => fd,
                    Err(e) => {
                        tracing::error!(error = %e, "could not prepare the JavaScript tracer");
                        return RunOutcome::internal_error("the sandbox could not prepare the run");
                    }
                };
                let tracer_fd = tracer.as_raw_fd();
                script = Some(tracer);
                Variant {
                    run: Some(Box::new(|argv: Vec<String>| {
                        // The engine's command is `node <flags> /box/<entry>`: the tracer is
                        // preloaded before the entry, so process.argv and the loader's stack
                        // frames are those of an untraced run.
                        let mut out = argv[..argv.len().saturating_sub(1)].to_vec();
                        out.extend(["-r".to_owned(), JAVASCRIPT_TRACER_PATH.to_owned()]);
                        out.extend(argv.last().cloned());
                        out
                    })),
                    env: vec![(
                        "CODESTEAD_TRACE",
                        format!(
                            "{fd} {} {value_chars} {}",
                            options.max_steps, options.max_ms
                        ),
                    )],
                    pass_fds: vec![fd],
                    data_files: vec![(tracer_fd, JAVASCRIPT_TRACER_PATH)],
                    ..Variant::default()
                }
            }
            _ => Variant {
                run: Some(Box::new(move |argv: Vec<String>| {
                    // The engine's command is `python3 -B -E -s /box/<entry>`: keep the
                    // interpreter, its flags and the entry, run the tracer in between.
                    let entry = argv.last().cloned().unwrap_or_default();
                    let mut out: Vec<String> = argv[..argv.len().saturating_sub(1)].to_vec();
                    out.extend([
                        "-c".to_owned(),
                        PYTHON_TRACER.to_owned(),
                        fd.to_string(),
                        options.max_steps.to_string(),
                        value_chars.to_string(),
                        options.max_ms.to_string(),
                        entry,
                    ]);
                    out
                })),
                pass_fds: vec![fd],
                ..Variant::default()
            },
        };
        let mut outcome = self.run_variant(req, &variant).await;
        drop(script);
        if outcome.status == crate::Status::InternalError {
            return outcome;
        }
        if req.language == Language::Javascript {
            outcome.stderr = node_excerpt_as_untraced(&outcome.stderr);
        }
        let bytes = read_channel(&channel).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "could not read a trace channel");
            Vec::new()
        });
        outcome.trace = Some(parse_trace(&bytes, &options, &req.files));
        outcome
    }
}

/// Node prints the source excerpt above an uncaught error (`/box/main.js:3`, the line, a
/// caret) with one more blank line under the caret when the excerpt comes from a source map,
/// as the instrumented files' excerpts do (node_errors.cc adds a newline to the JavaScript
/// excerpt that already ends in one). Dropping that line makes a traced run's stderr the
/// untraced run's; only the first caret line followed by two blank lines is touched.
fn node_excerpt_as_untraced(stderr: &str) -> String {
    let mut offset = 0;
    for line in stderr.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let is_caret = body.ends_with('^')
            && body[..body.len() - 1]
                .chars()
                .all(|c| c == ' ' || c == '\t');
        let end = offset + line.len();
        if is_caret && stderr[end..].starts_with("\n\n") {
            let mut out = String::with_capacity(stderr.len());
            out.push_str(&stderr[..end]);
            out.push_str(&stderr[end + 1..]);
            return out;
        }
        offset = end;
    }
    stderr.to_owned()
}

/// A close-on-exec memfd (the jail un-marks it for the one run it is passed to).
fn memfd(name: &str) -> io::Result<OwnedFd> {
    let cname = CString::new(name).expect("static name");
    // SAFETY: a valid C string; a non-negative result is a fresh descriptor we own.
    let fd = unsafe { libc::memfd_create(cname.as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: see above.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Reads the channel from offset 0 (the file position is shared with the program, so `pread`).
fn read_channel(fd: &OwnedFd) -> io::Result<Vec<u8>> {
    let file = std::fs::File::from(fd.try_clone()?);
    let len = file.metadata()?.len().min(MAX_CHANNEL_BYTES) as usize;
    let mut buf = vec![0u8; len];
    let mut done = 0;
    while done < len {
        match file.read_at(&mut buf[done..], done as u64)? {
            0 => break,
            n => done += n,
        }
    }
    buf.truncate(done);
    Ok(buf)
}

/// The tracer's records, as written (untrusted).
#[derive(Deserialize)]
#[serde(untagged)]
enum Record {
    Step {
        line: u32,
        #[serde(default)]
        function: Option<String>,
        #[serde(default)]
        file: Option<String>,
        #[serde(default)]
        locals: BTreeMap<String, String>,
        #[serde(default)]
        stdout: String,
        event: StepEvent,
        #[serde(default)]
        exception: Option<String>,
        #[serde(default, rename = "returnValue")]
        return_value: Option<String>,
    },
    End {
        end: bool,
        #[serde(default)]
        truncated: bool,
        #[serde(default)]
        exception: Option<String>,
        #[serde(default)]
        line: Option<u32>,
    },
    Stopped {
        truncated: bool,
    },
}

fn cap(text: String, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text;
    }
    let mut out: String = text.chars().take(chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Turns the channel's bytes into a [`Trace`], dropping what does not parse and re-applying
/// every cap. A channel without an `end` record (the program was killed, or tracing stopped)
/// gives a truncated trace.
pub(crate) fn parse_trace(bytes: &[u8], options: &TraceOptions, files: &[SourceFile]) -> Trace {
    let text = String::from_utf8_lossy(bytes);
    let mut trace = Trace::default();
    let mut ended = false;
    let mut stdout_left = MAX_TRACE_STDOUT;
    let value_chars = options.value_chars.max(8);
    for line in text.lines() {
        let Ok(record) = serde_json::from_str::<Record>(line) else {
            continue;
        };
        match record {
            Record::Step {
                line,
                function,
                file,
                locals,
                stdout,
                event,
                exception,
                return_value,
            } => {
                if trace.steps.len() >= options.max_steps {
                    trace.truncated = true;
                    continue;
                }
                if line == 0
                    || file
                        .as_ref()
                        .is_some_and(|f| !files.iter().any(|s| &s.path == f))
                {
                    continue;
                }
                let locals = locals
                    .into_iter()
                    .take(MAX_LOCALS)
                    .map(|(k, v)| (cap(k, MAX_NAME_CHARS), cap(v, value_chars)))
                    .collect();
                let stdout: String = stdout.chars().take(stdout_left).collect();
                stdout_left -= stdout.chars().count();
                trace.steps.push(TraceStep {
                    line,
                    function: function.map(|f| cap(f, MAX_NAME_CHARS)),
                    file,
                    locals,
                    stdout,
                    event,
                    exception: exception.map(|e| cap(e, value_chars)),
                    return_value: return_value.map(|r| cap(r, value_chars)),
                });
            }
            Record::End {
                end,
                truncated,
                exception,
                line,
            } => {
                ended |= end;
                trace.truncated |= truncated;
                if let Some(message) = exception {
                    trace.exception = Some(TraceException {
                        message: cap(message, value_chars),
                        line,
                    });
                }
            }
            Record::Stopped { truncated } => trace.truncated |= truncated,
        }
    }
    trace.truncated |= !ended;
    trace
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<SourceFile> {
        vec![
            SourceFile::new("main.py", ""),
            SourceFile::new("util.py", ""),
        ]
    }

    #[test]
    fn malformed_and_foreign_records_are_dropped_and_caps_reapplied() {
        let long = "x".repeat(500);
        let bytes = format!(
            "garbage\n\
             {{\"line\":1,\"locals\":{{\"a\":\"{long}\"}},\"stdout\":\"\",\"event\":\"line\"}}\n\
             {{\"line\":2,\"file\":\"/etc/passwd\",\"locals\":{{}},\"stdout\":\"\",\"event\":\"line\"}}\n\
             {{\"line\":3,\"file\":\"util.py\",\"locals\":{{}},\"stdout\":\"hi\\n\",\"event\":\"line\"}}\n\
             {{\"end\":true,\"truncated\":false}}\n"
        );
        let options = TraceOptions {
            value_chars: 50,
            ..TraceOptions::default()
        };
        let trace = parse_trace(bytes.as_bytes(), &options, &files());
        assert_eq!(trace.steps.len(), 2);
        assert_eq!(trace.steps[0].locals["a"].chars().count(), 50);
        assert_eq!(trace.steps[1].file.as_deref(), Some("util.py"));
        assert_eq!(trace.steps[1].stdout, "hi\n");
        assert!(!trace.truncated);
    }

    #[test]
    fn the_blank_line_node_adds_under_a_source_mapped_excerpt_is_dropped_once() {
        let traced = "/box/main.js:3\nconsole.log(xs[i].foo);\n                  ^\n\n\nTypeError: x\n    at f\n\nNode.js v20\n";
        let plain = "/box/main.js:3\nconsole.log(xs[i].foo);\n                  ^\n\nTypeError: x\n    at f\n\nNode.js v20\n";
        assert_eq!(node_excerpt_as_untraced(traced), plain);
        assert_eq!(
            node_excerpt_as_untraced(plain),
            plain,
            "an untraced excerpt is left alone"
        );
        assert_eq!(node_excerpt_as_untraced("^\n"), "^\n");
        assert_eq!(node_excerpt_as_untraced(""), "");
    }

    #[test]
    fn the_javascript_tracer_bundle_holds_the_parser_the_encoder_and_the_tracer() {
        assert!(JAVASCRIPT_TRACER.starts_with("const acorn = (function () {"));
        assert!(JAVASCRIPT_TRACER.contains("const sourcemapCodec = (function () {"));
        assert!(JAVASCRIPT_TRACER.contains("CODESTEAD_TRACE"));
        assert!(
            JAVASCRIPT_TRACER.len() > 128 * 1024,
            "too big for one argument"
        );
    }

    #[test]
    fn a_trace_without_its_end_record_is_truncated_and_steps_are_capped() {
        let step = "{\"line\":1,\"locals\":{},\"stdout\":\"\",\"event\":\"line\"}\n";
        let options = TraceOptions {
            max_steps: 3,
            ..TraceOptions::default()
        };
        let trace = parse_trace(step.repeat(5).as_bytes(), &options, &files());
        assert_eq!(trace.steps.len(), 3);
        assert!(trace.truncated);
    }
}
