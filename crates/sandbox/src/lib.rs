//! Codestead's code-execution engine: runs a learner's Python, JavaScript, Java or C++ program
//! inside a bubblewrap sandbox (user/PID/net/mount/IPC/UTS namespaces, read-only root, seccomp)
//! under a per-run cgroup slot (memory, PIDs, CPU accounting), and reports what happened.
//!
//! The public API is the contract in `/work/brief/SANDBOX_API.md`; `docs/sandbox.md` holds the
//! design and threat model. This module owns the public types; the work happens in
//! [`runner`] (per-language compile/run plans), [`jail`] (one sandboxed process), [`cgroup`]
//! (v1/v2 slots), [`slots`] (the concurrency bound and per-slot host uids), [`seccomp`] (the
//! BPF allow-lists), [`workroot`] (the safely created work root), [`toolchain`] (discovery) and
//! [`files`] (submission validation); [`zygote`] forks Python runs from a pre-isolated
//! interpreter; [`interactive`] supervises runs whose stdin and output stream while they run.

mod cgroup;
mod crash;
mod files;
mod interactive;
mod jail;
mod language;
mod pch;
mod runner;
mod seccomp;
mod slots;
mod toolchain;
mod trace;
mod warm;
mod workroot;
mod zygote;

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use cgroup::CgroupVersion;
pub use crash::{Crash, CrashKind, signal_words};
pub use files::{FileError, MAX_FILE_BYTES, MAX_FILES, check_source_files};
pub use interactive::{CHUNK_BYTES, Input, InteractiveIo, InteractiveOutcome, OutputChunk, Stream};
pub use language::{Language, UnknownLanguage};
pub use trace::{StepEvent, Trace, TraceException, TraceOptions, TraceStep, traceable};

/// A fresh name for a run directory or cgroup slot: `run-<server pid>-<128 random bits>`. The
/// pid lets a later server reap what a dead one left; the random part means a program that
/// sees its own run's name learns nothing about any other's.
pub(crate) fn next_run_id() -> String {
    format!("run-{}-{}", std::process::id(), jail::random_hex())
}

/// One file of a submission; `path` is relative (`main.py`, `lib/util.py`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub path: String,
    pub content: String,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            content: content.into(),
        }
    }
}

/// What to run.
#[derive(Clone, Debug)]
pub struct RunRequest {
    pub language: Language,
    pub files: Vec<SourceFile>,
    /// File to run; default `main.py` / `main.js` / `Main.java` / `main.cpp`, or the only file.
    pub entry: Option<String>,
    pub stdin: String,
}

impl RunRequest {
    /// A one-file request whose file gets the language's default entry name.
    pub fn single(language: Language, content: impl Into<String>) -> Self {
        Self {
            language,
            files: vec![SourceFile::new(language.default_entry(), content)],
            entry: None,
            stdin: String::new(),
        }
    }

    pub fn with_stdin(mut self, stdin: impl Into<String>) -> Self {
        self.stdin = stdin.into();
        self
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    CompileError,
    RuntimeError,
    Timeout,
    MemoryLimit,
    OutputLimit,
    InternalError,
}

impl Status {
    pub fn id(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::CompileError => "compile_error",
            Status::RuntimeError => "runtime_error",
            Status::Timeout => "timeout",
            Status::MemoryLimit => "memory_limit",
            Status::OutputLimit => "output_limit",
            Status::InternalError => "internal_error",
        }
    }
}

/// The result of one run (or of one compilation, in [`BatchOutcome::compile`]).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunOutcome {
    pub status: Status,
    pub stdout: String,
    pub stderr: String,
    /// `Some` for compiled languages (java, cpp): the compiler's combined output.
    pub compile_output: Option<String>,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    pub wall_ms: u64,
    pub cpu_ms: u64,
    /// Peak memory of the run's cgroup (0 when no cgroup is available).
    pub memory_bytes: u64,
    /// Where and how a `runtime_error` failed; set by [`Sandbox::run_located`] and
    /// [`Sandbox::trace`] only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crash: Option<Crash>,
    /// The execution trace of a [`Sandbox::trace`] run whose language has a tracer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
}

impl RunOutcome {
    /// An `internal_error` outcome whose `stderr` carries `message` (validation failures,
    /// missing toolchains, sandbox set-up failures). The message never contains host paths
    /// beyond what the learner sent.
    pub fn internal_error(message: impl Into<String>) -> Self {
        Self {
            status: Status::InternalError,
            stdout: String::new(),
            stderr: message.into(),
            compile_output: None,
            exit_code: None,
            signal: None,
            wall_ms: 0,
            cpu_ms: 0,
            memory_bytes: 0,
            crash: None,
            trace: None,
        }
    }
}

/// Says, after each run of a batch, whether to stop there ([`Sandbox::run_many_until`]).
pub type StopAfter = std::sync::Arc<dyn Fn(usize, &RunOutcome) -> bool + Send + Sync>;

/// Result of [`Sandbox::run_many`].
#[derive(Clone, Debug)]
pub struct BatchOutcome {
    /// For compiled languages, the compilation (`status` is `CompileError` if it failed, `Ok`
    /// otherwise); `None` for interpreted languages. Validation failures also land here, with
    /// `InternalError`.
    pub compile: Option<RunOutcome>,
    /// One per stdin, in order; empty if compilation failed; shorter when a
    /// [`StopAfter`] stopped the batch.
    pub runs: Vec<RunOutcome>,
}

/// Resource limits of one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Wall clock of the program run; the whole process tree is killed when it passes.
    pub wall_ms: u64,
    /// Wall clock of the compilation (java, cpp).
    pub compile_wall_ms: u64,
    /// CPU time of the program: any one process stops at this (RLIMIT_CPU, reported as
    /// `timeout` with the limit named in `stderr`), and the slot's one-CPU quota keeps the whole
    /// tree's CPU time within the wall clock.
    pub cpu_ms: u64,
    /// Memory of the run's cgroup (RSS + page cache + its tmpfs files).
    pub memory_bytes: u64,
    /// Processes and threads in the run's cgroup.
    pub max_pids: u32,
    /// Cap on each of stdout and stderr; more means `output_limit`.
    pub output_bytes: usize,
    /// Size of the sandbox's private `/tmp`.
    pub tmp_bytes: u64,
    /// Interactive runs only: the time a program may spend waiting for input, in total, on top
    /// of `wall_ms` (which then counts only the time it is busy). See `docs/interactive.md`.
    pub idle_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            wall_ms: 5_000,
            compile_wall_ms: 10_000,
            cpu_ms: 5_000,
            memory_bytes: 512 * 1024 * 1024,
            max_pids: 64,
            output_bytes: 64 * 1024,
            tmp_bytes: 50 * 1000 * 1000,
            idle_ms: 120_000,
        }
    }
}

/// A language as discovered at start-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageInfo {
    pub id: Language,
    pub name: String,
    /// e.g. `3.11.2`; empty when unavailable.
    pub version: String,
    pub available: bool,
}

/// Whether the sandbox enforces everything `docs/sandbox.md` promises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IsolationMode {
    /// cgroup memory and PID limits work, and programs run under host uids of their own.
    Strict,
    /// Started with [`SandboxConfig::insecure`] on a machine where some of that is missing
    /// (see [`IsolationInfo::insecure_reasons`]), or while tracing syscalls.
    Insecure,
}

impl IsolationMode {
    pub fn id(&self) -> &'static str {
        match self {
            IsolationMode::Strict => "strict",
            IsolationMode::Insecure => "insecure",
        }
    }
}

/// Which host uids sandboxed processes run as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum UidScheme {
    /// Run slot `i` is uid/gid `base + i`; long-lived services (warm javac) follow the slots.
    PerSlot { base: u32, count: u32 },
    /// Every run shares one uid/gid ([`SandboxConfig::uid_base`] set to `None`).
    Shared { uid: u32, gid: u32 },
    /// The server is not root: programs run as the server's own uid (insecure only).
    ServerUid,
}

impl UidScheme {
    /// `per_slot`, `shared` or `server_uid`.
    pub fn id(&self) -> &'static str {
        match self {
            UidScheme::PerSlot { .. } => "per_slot",
            UidScheme::Shared { .. } => "shared",
            UidScheme::ServerUid => "server_uid",
        }
    }
}

/// How the sandbox isolates, as discovered at start-up (for logs, `/readyz`, and tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IsolationInfo {
    pub bwrap: PathBuf,
    pub bwrap_version: String,
    /// `None`: no usable cgroup hierarchy; memory/PID limits are then not enforced.
    pub cgroup: Option<CgroupVersion>,
    /// Host uid of the first run slot (`None`: the server's own uid); see `uids`.
    pub host_uid: Option<u32>,
    /// Where per-run work directories are created (a tmpfs when possible).
    pub work_root: PathBuf,
    pub mode: IsolationMode,
    /// Why the mode is `Insecure` (empty when strict).
    pub insecure_reasons: Vec<String>,
    pub uids: UidScheme,
    /// Each slot is held to one CPU by a cgroup quota.
    pub cpu_quota: bool,
    /// Runs executing at once, after capping to the host's memory.
    pub max_concurrent: usize,
}

/// Start-up configuration. `SandboxConfig::default()` works on a Debian 12 machine set up by
/// `scripts/sandbox-setup.sh`.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    pub limits: Limits,
    /// Runs executing at once; further runs wait for a slot (default: number of cores).
    pub max_concurrent: usize,
    /// The bubblewrap binary; default: `bwrap` found on `PATH`.
    pub bwrap_path: Option<PathBuf>,
    /// Parent directory of per-run work directories; default `/dev/shm/codestead-sandbox`
    /// (tmpfs keeps run set-up cheap), else the system temp dir.
    pub work_root: Option<PathBuf>,
    /// Name of the cgroup created under each hierarchy's root to hold the run slots.
    pub cgroup_name: String,
    /// Fail `Sandbox::new` when no writable cgroup hierarchy with memory and pids is found,
    /// even with `insecure` set. (Without `insecure` that is always so.)
    pub require_cgroups: bool,
    /// Start even where programs cannot be isolated properly: no working cgroup memory and PID
    /// limits, or no host uid of their own (the server is not root). Off by default: then
    /// `Sandbox::new` fails with [`SandboxError::NotIsolated`] instead. For developer machines
    /// only; logged loudly and reported as [`IsolationMode::Insecure`].
    pub insecure: bool,
    /// First host uid/gid of the per-slot range (slot `i` runs as `uid_base + i`, services
    /// after the slots); default 200000. It must not overlap `/etc/passwd`, `/etc/group`,
    /// `/etc/subuid` or `/etc/subgid`. `None`: every run shares `sandbox_uid`/`sandbox_gid`.
    /// Only used when the server is root.
    pub uid_base: Option<u32>,
    /// Host uid/gid of every run when `uid_base` is `None`; default 65534 (nobody).
    pub sandbox_uid: u32,
    pub sandbox_gid: u32,
    /// Override toolchain binaries (absolute paths); by default each is searched in
    /// `/usr/bin`, `/usr/local/bin`, then `PATH`.
    pub python: Option<PathBuf>,
    pub node: Option<PathBuf>,
    pub javac: Option<PathBuf>,
    pub java: Option<PathBuf>,
    pub gxx: Option<PathBuf>,
    /// Compile Java with a javac kept hot in its own sandbox (see docs/sandbox.md); falls back
    /// to a cold javac per compile when busy or unavailable. Default on.
    pub warm_javac: bool,
    /// Run Python by forking from a pre-started, pre-isolated interpreter (the zygote, see
    /// docs/sandbox.md) instead of starting one per run; needs cgroups, falls back to the
    /// cold path whenever the zygote is unavailable. Default on.
    pub python_zygote: bool,
    /// Compile C++ against a precompiled image of the standard headers the file includes
    /// first (built once per header list, in the background, in a compile sandbox of its own;
    /// see docs/sandbox.md). Default on.
    pub cpp_pch: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            max_concurrent: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            bwrap_path: None,
            work_root: None,
            cgroup_name: "codestead-sandbox".to_owned(),
            require_cgroups: false,
            insecure: false,
            uid_base: Some(200_000),
            sandbox_uid: 65534,
            sandbox_gid: 65534,
            python: None,
            node: None,
            javac: None,
            java: None,
            gxx: None,
            warm_javac: true,
            python_zygote: true,
            cpp_pch: true,
        }
    }
}

/// Why a [`Sandbox`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("bubblewrap (bwrap) not found or not working: {0}; run scripts/sandbox-setup.sh")]
    Bwrap(String),
    #[error("no usable cgroup hierarchy (memory + pids): {0}")]
    Cgroup(String),
    #[error("work directory {path}: {source}")]
    WorkDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("seccomp filter: {0}")]
    Seccomp(String),
    /// Strict mode (the default) and this machine cannot isolate programs fully.
    #[error(
        "code execution refused: {0}; run the server as root on a machine prepared by \
         `sudo scripts/sandbox-setup.sh`, or start it insecure (SandboxConfig::insecure)"
    )]
    NotIsolated(String),
}

/// The sandbox. Cheap to clone (an `Arc` inside); `Send + Sync`.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<runner::Engine>,
}

impl Sandbox {
    /// Discovers bubblewrap, cgroups and toolchains. Never panics; a missing toolchain only
    /// makes its language unavailable.
    pub fn new(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        Ok(Sandbox {
            inner: Arc::new(runner::Engine::new(config)?),
        })
    }

    /// Every language, available or not, in [`Language::ALL`] order.
    pub fn languages(&self) -> Vec<LanguageInfo> {
        self.inner.languages()
    }

    pub fn isolation(&self) -> IsolationInfo {
        self.inner.isolation()
    }

    pub fn limits(&self) -> &Limits {
        self.inner.limits()
    }

    /// The compile (if any) and run command lines the sandbox would execute for `req`, with
    /// sources at `/box` and build output at `/out`. For benchmarks that time the same
    /// commands outside the sandbox; `None` if the request is invalid or the toolchain missing.
    #[doc(hidden)]
    pub fn commands(&self, req: &RunRequest) -> Option<(Option<Vec<String>>, Vec<String>)> {
        if !self.inner.available(req.language) {
            return None;
        }
        self.inner.commands(req)
    }

    /// Compiles (java, cpp) and runs once. Never panics; failures become `InternalError`.
    /// For compiled languages `compile_output` is `Some`, and a failed compilation is returned
    /// with status `CompileError`.
    pub async fn run(&self, req: RunRequest) -> RunOutcome {
        let mut req = req;
        let stdin = std::mem::take(&mut req.stdin);
        let batch = self.run_many(req, vec![stdin]).await;
        match (batch.compile, batch.runs.into_iter().next()) {
            (compile, Some(mut run)) => {
                // wall/cpu stay the program's own; the compilation's are in the batch API.
                if let Some(c) = compile {
                    run.compile_output = c.compile_output;
                }
                run
            }
            (Some(compile), None) => compile,
            (None, None) => RunOutcome::internal_error("no run was performed"),
        }
    }

    /// Like [`Sandbox::run`], and a `runtime_error` is located ([`RunOutcome::crash`]): parsed
    /// from the runtime's own message, or, for a C++ or Python program killed by a signal, by
    /// one rerun (sanitizers, faulthandler) in an identical sandbox.
    pub async fn run_located(&self, req: RunRequest) -> RunOutcome {
        let mut outcome = Box::pin(self.run(req.clone())).await;
        outcome.crash = Box::pin(self.inner.locate(&req, &outcome)).await;
        outcome
    }

    /// A traced run: [`RunOutcome::trace`] holds the steps for languages with a tracer
    /// ([`traceable`]: Python and JavaScript) and is `None` for the others, which run normally. The
    /// traced program runs in the same sandbox as any run, under the same limits; a
    /// `runtime_error` is located as by [`Sandbox::run_located`].
    pub async fn trace(&self, req: RunRequest, options: TraceOptions) -> RunOutcome {
        if !traceable(req.language) {
            // The ordinary path, warm javac included; boxed, as that future is large.
            return Box::pin(self.run_located(req)).await;
        }
        let mut outcome = self.inner.trace(&req, options).await;
        outcome.crash = self.inner.locate(&req, &outcome).await;
        outcome
    }

    /// An interactive run: compiles (java, cpp; a failure comes back as usual, with status
    /// `compile_error`), then runs the program in the same jail and under the same limits as
    /// [`Sandbox::run`], with stdin taken from `io.input` as it arrives and stdout/stderr sent
    /// to `io.output` in chunks of at most [`CHUNK_BYTES`] as the program writes them. The
    /// wall-clock limit counts the time the program is busy; time spent waiting for input is
    /// charged to [`Limits::idle_ms`] instead. [`Input::Stop`], or dropping the input sender,
    /// kills the whole process tree. Never panics; the outcome's output is capped as usual.
    pub async fn run_interactive(&self, req: RunRequest, io: InteractiveIo) -> InteractiveOutcome {
        Box::pin(self.inner.run_interactive(req, io)).await
    }

    /// Builds (or waits for) the precompiled header image for the standard headers a C++
    /// `source` includes first, so that compiles of such files use it from now on; `false`
    /// when the file does not start with standard includes, the image could not be built, or
    /// images are off. Compiles trigger the same build in the background by themselves; this
    /// is for warming a server (or a benchmark) up before the first learner's compile.
    pub async fn precompile_headers(&self, source: &str) -> bool {
        self.inner.clone().precompile_headers(source).await
    }

    /// How many C++ compiles used a precompiled header image so far.
    pub fn precompiled_header_uses(&self) -> u64 {
        self.inner.precompiled_header_uses()
    }

    /// Compile once, then run once per stdin (graders use this: C++/Java compile only once).
    pub async fn run_many(&self, req: RunRequest, stdins: Vec<String>) -> BatchOutcome {
        // Boxed: with the zygote and the cold path inlined the future is large, and a debug
        // build's 2 MiB test-thread stack overflowed holding it.
        Box::pin(self.inner.clone().run_many(req, stdins, None)).await
    }

    /// [`Sandbox::run_many`], stopping after the first run `stop(index, outcome)` is true
    /// for: the batch then has fewer runs than stdins (a grader stopping at the first
    /// failing test).
    pub async fn run_many_until(
        &self,
        req: RunRequest,
        stdins: Vec<String>,
        stop: StopAfter,
    ) -> BatchOutcome {
        Box::pin(self.inner.clone().run_many(req, stdins, Some(stop))).await
    }
}
