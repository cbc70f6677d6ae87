//! Facts about the learner's last run that the tutor answers from, before it writes any words:
//! how the run ended, where it crashed, what it printed against what was expected, an execution
//! trace, and (in an exercise) the first point where it diverged from the reference solution.
//!
//! These are plain types with no sandbox dependency: the server fills them from whatever the
//! sandbox can prove (a trace, a crash location, a rerun of the reference on the failing test),
//! and where a fact is absent the tutor falls back to what it can derive from the error text and
//! the code (see [`bug`] and [`output`]).

pub mod bug;
pub mod divergence;
pub mod output;
pub mod repair;
pub mod trim;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use divergence::first_divergence;
pub use output::{OutputDiff, compare_output, parse_expectation};
pub use trim::trim_error;

/// Everything the server could establish about the run the learner asks about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunFacts {
    /// Sandbox status id (`ok`, `runtime_error`, `compile_error`, `timeout`, ...).
    pub status: Option<String>,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    /// What the learner's program printed.
    pub stdout: Option<String>,
    /// Its error output (already trimmed to the first error).
    pub stderr: Option<String>,
    /// Where and how it crashed, when the sandbox could tell (signal deaths print nothing).
    pub crash: Option<CrashFact>,
    /// The learner's program traced on the same input.
    pub trace: Option<TraceFacts>,
    /// What the output should have been: the learner's own expectation in the playground, or
    /// the reference solution's output on a failing test. Quoted only when not `hidden`.
    pub expected_output: Option<String>,
    /// The run was on a hidden test: its input, its expected output, the program's output and
    /// any value taken from its error text must not be quoted to the learner (they may echo the
    /// hidden input). Lines and variable names may be.
    #[serde(default)]
    pub hidden: bool,
    /// The first place where the learner's run and the reference's run part ways.
    pub divergence: Option<Divergence>,
    /// A small edit that made the program do what was expected (see [`repair`]).
    #[serde(default)]
    pub repair: Option<repair::RepairFact>,
}

impl RunFacts {
    pub fn is_empty(&self) -> bool {
        *self == RunFacts::default()
    }
}

/// An execution trace: one step per executed line, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceFacts {
    pub steps: Vec<TraceStep>,
    /// The tracer stopped recording (step limit) before the program ended.
    #[serde(default)]
    pub truncated: bool,
    /// The exception that ended the run, when one did.
    pub exception: Option<String>,
}

/// One executed line with the state at that moment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceStep {
    pub line: u32,
    pub function: Option<String>,
    /// Local variables by name, as their `repr`.
    #[serde(default)]
    pub locals: BTreeMap<String, String>,
    /// Everything printed so far, when this line was reached.
    #[serde(default)]
    pub stdout: String,
}

/// The sandbox's crash kinds (a run that died by a signal or with no message).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrashKind {
    SegmentationFault,
    NullDereference,
    IndexOutOfRange,
    DivisionByZero,
    StackOverflow,
    Abort,
    #[serde(other)]
    Other,
}

impl CrashKind {
    /// In words a beginner knows.
    pub fn words(&self) -> &'static str {
        match self {
            CrashKind::SegmentationFault => {
                "segmentation fault (the program touched memory it does not own)"
            }
            CrashKind::NullDereference => {
                "null pointer dereference (a pointer that points to nothing was followed)"
            }
            CrashKind::IndexOutOfRange => "index out of range (a position past the end was used)",
            CrashKind::DivisionByZero => "division by zero",
            CrashKind::StackOverflow => "stack overflow (a function kept calling itself)",
            CrashKind::Abort => "abort (the program stopped itself, often a failed check)",
            CrashKind::Other => "crash",
        }
    }
    /// The short name used as the error kind.
    pub fn name(&self) -> &'static str {
        match self {
            CrashKind::SegmentationFault => "segmentation fault",
            CrashKind::NullDereference => "null pointer dereference",
            CrashKind::IndexOutOfRange => "index out of range",
            CrashKind::DivisionByZero => "division by zero",
            CrashKind::StackOverflow => "stack overflow",
            CrashKind::Abort => "abort",
            CrashKind::Other => "crash",
        }
    }
    /// What a signal death most likely was.
    pub fn from_signal(signal: i32) -> Option<CrashKind> {
        match signal {
            11 | 7 => Some(CrashKind::SegmentationFault),
            8 => Some(CrashKind::DivisionByZero),
            6 => Some(CrashKind::Abort),
            _ => None,
        }
    }
}

/// Where and how a run crashed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrashFact {
    pub kind: CrashKind,
    pub line: Option<u32>,
    pub file: Option<String>,
    #[serde(default)]
    pub message: String,
}

impl CrashFact {
    /// "crashed: segmentation fault on line 11".
    pub fn describe(&self) -> String {
        match self.line {
            Some(n) => format!("crashed: {} on line {n}", self.kind.name()),
            None => format!("crashed: {}", self.kind.name()),
        }
    }
}

/// What kind of difference the first divergence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DivergenceKind {
    /// An output line differs.
    Output,
    /// The learner's program printed less than it should have.
    MissingOutput,
    /// The learner's program printed more than it should have.
    ExtraOutput,
    /// A variable took a different value at a matching point.
    Variable,
    /// A loop ran a different number of times.
    LoopCount,
    /// A function returned a different value.
    ReturnValue,
}

/// The first point where the learner's run differs from what was expected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Divergence {
    pub kind: DivergenceKind,
    /// The learner's line where it shows (the print of the first wrong value, the assignment
    /// where a variable first differs, the loop header).
    pub line: Option<u32>,
    /// 1-based number of the first differing output line.
    pub output_line: Option<usize>,
    /// The learner's value there (their own output line, or a variable's repr).
    pub actual: Option<String>,
    /// The expected value; only shown to the learner when the facts say it is visible.
    pub expected: Option<String>,
    /// The variable or function concerned.
    pub variable: Option<String>,
    /// The learner's locals at that point.
    #[serde(default)]
    pub locals: BTreeMap<String, String>,
    /// (learner, expected) iteration counts of the loop at `line`.
    pub iterations: Option<(usize, usize)>,
}
