//! The engine behind [`crate::Sandbox`]: start-up discovery, the concurrency bound, per-run work
//! directories, and the per-language plans (how to compile, how to run, what flags keep the JVM
//! and V8 inside the memory limit) that turn a [`RunRequest`] into sandboxed processes.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::cgroup::Cgroups;
use crate::files::{check_source_files, resolve_entry};
use crate::jail::{Bind, JailEnv, JailResult, JailSpec, Killed, root_args};
use crate::toolchain::{Toolchains, discover_all};
use crate::warm::{WarmJavac, WarmResult};
use crate::zygote::Zygote;
use crate::{
    BatchOutcome, IsolationInfo, Language, LanguageInfo, Limits, RunOutcome, RunRequest,
    SandboxConfig, SandboxError, SourceFile, Status, seccomp,
};

pub(crate) struct Engine {
    jail: JailEnv,
    tools: Toolchains,
    limits: Limits,
    slots: Semaphore,
    work_root: PathBuf,
    bwrap_version: String,
    warm: Option<WarmJavac>,
    zygote: Option<Zygote>,
}

/// Fixed environment inside the sandbox; nothing of the server's environment is passed on.
fn base_env() -> Vec<(&'static str, String)> {
    vec![
        ("PATH", "/usr/local/bin:/usr/bin:/bin".to_owned()),
        ("HOME", "/tmp".to_owned()),
        ("TMPDIR", "/tmp".to_owned()),
        ("LANG", "C.UTF-8".to_owned()),
    ]
}

fn find_bwrap(config: &SandboxConfig) -> Result<(PathBuf, String), SandboxError> {
    let path = match &config.bwrap_path {
        Some(p) => p.clone(),
        None => ["/usr/bin/bwrap", "/usr/local/bin/bwrap"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .ok_or_else(|| SandboxError::Bwrap("not installed".into()))?,
    };
    let out = std::process::Command::new(&path)
        .arg("--version")
        .env_clear()
        .output()
        .map_err(|e| SandboxError::Bwrap(format!("{}: {e}", path.display())))?;
    let version = String::from_utf8_lossy(&out.stdout)
        .trim()
        .trim_start_matches("bubblewrap ")
        .to_owned();
    Ok((path, version))
}

fn default_work_root() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.join("codestead-sandbox")
    } else {
        std::env::temp_dir().join("codestead-sandbox")
    }
}

impl Engine {
    pub(crate) fn new(config: SandboxConfig) -> Result<Engine, SandboxError> {
        let (bwrap, bwrap_version) = find_bwrap(&config)?;
        let seccomp = seccomp::build_filters().map_err(SandboxError::Seccomp)?;
        let cgroups = match Cgroups::detect(&config.cgroup_name) {
            Ok(c) => Some(c),
            Err(e) if config.require_cgroups => return Err(SandboxError::Cgroup(e)),
            Err(e) => {
                tracing::warn!(
                    error = %e,
                    "sandbox runs WITHOUT memory and PID limits: no usable cgroup hierarchy"
                );
                None
            }
        };
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        let drop_to = root.then_some((config.sandbox_uid, config.sandbox_gid));

        let work_root = config.work_root.clone().unwrap_or_else(default_work_root);
        let wr_err = |source| SandboxError::WorkDir {
            path: work_root.clone(),
            source,
        };
        fs::create_dir_all(&work_root).map_err(wr_err)?;
        // Traversable but not listable: one sandbox uid cannot enumerate other runs' dirs.
        fs::set_permissions(&work_root, fs::Permissions::from_mode(0o711)).map_err(wr_err)?;
        reap_stale_work_dirs(&work_root);

        let tools = discover_all(&config);
        let jail = JailEnv {
            bwrap,
            root_args: root_args(&tools.extra_roots()),
            seccomp,
            cgroups,
            drop_to,
        };
        let engine = Engine {
            jail,
            tools,
            limits: config.limits.clone(),
            slots: Semaphore::new(config.max_concurrent.max(1)),
            work_root,
            bwrap_version,
            warm: None,
            zygote: None,
        };
        let mut engine = engine;
        if config.warm_javac && engine.tools.available(Language::Java) {
            engine.warm = Some(WarmJavac::new());
        }
        // The zygote's runs are killed and measured through their cgroup slot alone.
        if let Some(python) = &engine.tools.python
            && config.python_zygote
            && engine.jail.cgroups.is_some()
        {
            let python = python.path.to_string_lossy().into_owned();
            engine.zygote = Some(Zygote::new(python, base_env(), config.max_concurrent));
        }
        tracing::info!(
            cgroup = ?engine.jail.cgroups.as_ref().map(|c| c.version()),
            languages = ?Language::ALL.iter().filter(|l| engine.tools.available(**l)).collect::<Vec<_>>(),
            "sandbox ready"
        );
        Ok(engine)
    }

    pub(crate) fn languages(&self) -> Vec<LanguageInfo> {
        Language::ALL
            .into_iter()
            .map(|l| LanguageInfo {
                id: l,
                name: l.name().to_owned(),
                version: self.tools.version(l),
                available: self.tools.available(l),
            })
            .collect()
    }

    pub(crate) fn isolation(&self) -> IsolationInfo {
        IsolationInfo {
            bwrap: self.jail.bwrap.clone(),
            bwrap_version: self.bwrap_version.clone(),
            cgroup: self.jail.cgroups.as_ref().map(|c| c.version()),
            host_uid: self.jail.drop_to.map(|(u, _)| u),
            work_root: self.work_root.clone(),
        }
    }

    pub(crate) fn available(&self, language: Language) -> bool {
        self.tools.available(language)
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// A fresh run directory holding `files` (and `out/` for compiled languages), for the
    /// plan variants in `trace::plan` that reuse this engine's commands.
    pub(crate) fn work_dir(&self, files: &[SourceFile], language: Language) -> io::Result<WorkDir> {
        WorkDir::create(
            &self.work_root,
            files,
            language.is_compiled(),
            self.jail.drop_to,
        )
    }

    pub(crate) async fn run_many(
        self: std::sync::Arc<Self>,
        req: RunRequest,
        stdins: Vec<String>,
    ) -> BatchOutcome {
        let all_failed = |msg: String| BatchOutcome {
            compile: None,
            runs: stdins
                .iter()
                .map(|_| RunOutcome::internal_error(msg.clone()))
                .collect(),
        };
        if !self.tools.available(req.language) {
            return all_failed(format!(
                "{} is not available on this server",
                req.language.name()
            ));
        }
        if let Err(e) = check_source_files(&req.files) {
            return all_failed(e.to_string());
        }
        let entry = match resolve_entry(req.language, &req.files, req.entry.as_deref()) {
            Ok(e) => e,
            Err(e) => return all_failed(e.to_string()),
        };
        if req.language == Language::Python
            && let Some(zygote) = &self.zygote
        {
            return self.run_forked(zygote, &req, &entry, stdins).await;
        }
        let dir = match WorkDir::create(
            &self.work_root,
            &req.files,
            req.language.is_compiled(),
            self.jail.drop_to,
        ) {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, "could not prepare a run directory");
                return all_failed("the sandbox could not prepare the run".into());
            }
        };
        self.run_in(&dir, &req, &entry, stdins).await
    }

    /// Python runs forked from the zygote (no work directory: the files go to the run's own
    /// cell); a run the zygote cannot take runs cold, exactly as without it.
    async fn run_forked(
        &self,
        zygote: &Zygote,
        req: &RunRequest,
        entry: &str,
        stdins: Vec<String>,
    ) -> BatchOutcome {
        let mut runs = Vec::with_capacity(stdins.len());
        let mut cold_dir = None;
        for stdin in stdins {
            let Ok(permit) = self.slots.acquire().await else {
                runs.push(RunOutcome::internal_error("the sandbox is shutting down"));
                continue;
            };
            let input = stdin.as_bytes().to_vec();
            if let Some(r) = zygote
                .run(&self.jail, &self.limits, &req.files, entry, input)
                .await
            {
                runs.push(classify(r, Language::Python, false));
                continue;
            }
            drop(permit);
            if cold_dir.is_none() {
                match WorkDir::create(&self.work_root, &req.files, false, self.jail.drop_to) {
                    Ok(d) => cold_dir = Some(d),
                    Err(e) => {
                        tracing::error!(error = %e, "could not prepare a run directory");
                        runs.push(RunOutcome::internal_error(
                            "the sandbox could not prepare the run",
                        ));
                        continue;
                    }
                }
            }
            let dir = cold_dir.as_ref().expect("created above");
            let argv = self.run_argv(Language::Python, entry, &req.files);
            let wall = Duration::from_millis(self.limits.wall_ms);
            let spec = self.spec(argv, dir, false, stdin, wall);
            runs.push(self.exec(spec, Language::Python, false).await);
        }
        BatchOutcome {
            compile: None,
            runs,
        }
    }

    async fn run_in(
        &self,
        dir: &WorkDir,
        req: &RunRequest,
        entry: &str,
        stdins: Vec<String>,
    ) -> BatchOutcome {
        let compile = if req.language.is_compiled() {
            let Some(argv) = self.compile_argv(req.language, &req.files) else {
                let runs = stdins
                    .iter()
                    .map(|_| RunOutcome::internal_error("no source files to compile"))
                    .collect();
                return BatchOutcome {
                    compile: None,
                    runs,
                };
            };
            let wall = Duration::from_millis(self.limits.compile_wall_ms);
            let warm = match &self.warm {
                Some(w) if req.language == Language::Java => {
                    let sources: Vec<String> = java_sources(&req.files);
                    // Boxed: the server start-up future is large and rarely needed.
                    Box::pin(self.warm_compile(w, dir, &sources, wall)).await
                }
                _ => None,
            };
            let outcome = match warm {
                Some(outcome) => outcome,
                None => {
                    let spec = self.spec(argv, dir, true, String::new(), wall);
                    self.exec(spec, req.language, true).await
                }
            };
            if outcome.status != Status::Ok {
                return BatchOutcome {
                    compile: Some(outcome),
                    runs: Vec::new(),
                };
            }
            Some(outcome)
        } else {
            None
        };
        let argv = self.run_argv(req.language, entry, &req.files);
        let mut runs = Vec::with_capacity(stdins.len());
        for stdin in stdins {
            let spec = self.spec(
                argv.clone(),
                dir,
                false,
                stdin,
                Duration::from_millis(self.limits.wall_ms),
            );
            let mut outcome = self.exec(spec, req.language, false).await;
            outcome.compile_output = compile.as_ref().and_then(|c| c.compile_output.clone());
            runs.push(outcome);
        }
        BatchOutcome { compile, runs }
    }

    pub(crate) fn spec(
        &self,
        argv: Vec<String>,
        dir: &WorkDir,
        compiling: bool,
        stdin: String,
        wall: Duration,
    ) -> JailSpec {
        let mut binds = vec![Bind {
            host: dir.src.clone(),
            inside: "/box",
            writable: false,
        }];
        if let Some(out) = &dir.out {
            binds.push(Bind {
                host: out.clone(),
                inside: "/out",
                writable: compiling,
            });
        }
        JailSpec {
            argv,
            binds,
            chdir: "/box",
            env: base_env(),
            stdin: stdin.into_bytes(),
            wall,
            memory_bytes: self.limits.memory_bytes,
            max_pids: self.limits.max_pids,
            output_bytes: self.limits.output_bytes,
            tmp_bytes: self.limits.tmp_bytes,
            pass_fds: Vec::new(),
            data_files: Vec::new(),
        }
    }

    fn mib(&self, fraction: u64) -> u64 {
        (self.limits.memory_bytes / fraction / (1024 * 1024)).max(16)
    }

    /// JVM flags: heap and stack sizes instead of RLIMIT_AS (which breaks the JVM's address
    /// space reservations); serial GC and few compiler threads keep the thread count far below
    /// the PID limit on many-core hosts; no perf data file in /tmp.
    fn jvm_flags(&self, prefix: &str) -> Vec<String> {
        [
            format!("-Xmx{}m", self.mib(2)),
            "-Xss16m".to_owned(),
            "-XX:+UseSerialGC".to_owned(),
            "-XX:CICompilerCount=2".to_owned(),
            format!("-XX:MaxMetaspaceSize={}m", self.mib(8)),
            "-XX:ReservedCodeCacheSize=48m".to_owned(),
            "-XX:-UsePerfData".to_owned(),
            "-Xshare:auto".to_owned(),
        ]
        .into_iter()
        .map(|f| format!("{prefix}{f}"))
        .collect()
    }

    pub(crate) fn compile_argv(
        &self,
        language: Language,
        files: &[SourceFile],
    ) -> Option<Vec<String>> {
        let path = |t: &Option<crate::toolchain::Tool>| {
            t.as_ref().map(|t| t.path.to_string_lossy().into_owned())
        };
        match language {
            Language::Java => {
                let sources = java_sources(files);
                if sources.is_empty() {
                    return None;
                }
                let mut argv = vec![path(&self.tools.javac)?];
                argv.extend(self.jvm_flags("-J"));
                argv.push("-J-XX:TieredStopAtLevel=1".to_owned());
                // -proc:none: no annotation processors, so no learner-supplied code runs in
                // the compiler (it would be sandboxed anyway) and javac starts faster.
                argv.extend(
                    [
                        "-encoding",
                        "UTF-8",
                        "-Xlint:none",
                        "-proc:none",
                        "-d",
                        "/out",
                    ]
                    .map(String::from),
                );
                argv.extend(sources);
                Some(argv)
            }
            Language::Cpp => {
                let sources: Vec<String> = files
                    .iter()
                    .filter(|f| {
                        [".cpp", ".cc", ".cxx", ".C"]
                            .iter()
                            .any(|e| f.path.ends_with(e))
                    })
                    .map(|f| f.path.clone())
                    .collect();
                if sources.is_empty() {
                    return None;
                }
                let mut argv = vec![path(&self.tools.gxx)?];
                argv.extend(
                    [
                        "-std=c++17",
                        "-O2",
                        "-pipe",
                        "-fdiagnostics-color=never",
                        "-I",
                        "/box",
                        "-o",
                        "/out/main",
                    ]
                    .map(String::from),
                );
                argv.extend(sources);
                Some(argv)
            }
            Language::Python | Language::Javascript => None,
        }
    }

    pub(crate) fn run_argv(
        &self,
        language: Language,
        entry: &str,
        files: &[SourceFile],
    ) -> Vec<String> {
        let path = |t: &Option<crate::toolchain::Tool>| {
            t.as_ref()
                .map(|t| t.path.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let entry_abs = format!("/box/{entry}");
        match language {
            // -B: the source dir is read-only anyway; -E/-s: no environment or user site.
            Language::Python => vec![
                path(&self.tools.python),
                "-B".into(),
                "-E".into(),
                "-s".into(),
                entry_abs,
            ],
            Language::Javascript => vec![
                path(&self.tools.node),
                format!("--max-old-space-size={}", self.mib(2)),
                "--v8-pool-size=2".into(),
                entry_abs,
            ],
            Language::Java => {
                let content = files
                    .iter()
                    .find(|f| f.path == entry)
                    .map(|f| f.content.as_str())
                    .unwrap_or("");
                let mut argv = vec![path(&self.tools.java)];
                argv.extend(self.jvm_flags(""));
                argv.extend([
                    "-cp".to_owned(),
                    "/out".to_owned(),
                    java_main_class(entry, content),
                ]);
                argv
            }
            Language::Cpp => vec!["/out/main".into()],
        }
    }

    async fn warm_compile(
        &self,
        warm: &WarmJavac,
        dir: &WorkDir,
        sources: &[String],
        wall: Duration,
    ) -> Option<RunOutcome> {
        let Ok(_permit) = self.slots.acquire().await else {
            return Some(RunOutcome::internal_error("the sandbox is shutting down"));
        };
        let result = warm
            .compile(
                &dir.root,
                sources,
                wall,
                async || Box::pin(self.prepare_warm()).await,
                &self.jail,
            )
            .await?;
        let mut outcome = RunOutcome::internal_error("");
        outcome.stderr.clear();
        match result {
            WarmResult::Done {
                code,
                mut diagnostics,
                wall,
                cpu_ns,
                memory_peak,
            } => {
                outcome.status = if code == 0 {
                    Status::Ok
                } else if runtime_oom(Language::Java, &diagnostics) {
                    Status::MemoryLimit
                } else {
                    Status::CompileError
                };
                if diagnostics.len() > self.limits.output_bytes {
                    diagnostics.truncate(self.limits.output_bytes);
                    outcome.status = Status::OutputLimit;
                }
                outcome.compile_output = Some(String::from_utf8_lossy(&diagnostics).into_owned());
                outcome.exit_code = Some(code);
                outcome.wall_ms = wall.as_millis() as u64;
                outcome.cpu_ms = cpu_ns / 1_000_000;
                outcome.memory_bytes = memory_peak;
            }
            WarmResult::Timeout { wall } => {
                outcome.status = Status::Timeout;
                outcome.compile_output = Some(String::new());
                outcome.wall_ms = wall.as_millis() as u64;
            }
            WarmResult::MemoryLimit { wall } => {
                outcome.status = Status::MemoryLimit;
                outcome.compile_output = Some(String::new());
                outcome.wall_ms = wall.as_millis() as u64;
            }
        }
        Some(outcome)
    }

    /// Compiles the warm javac's server (cold) and describes its sandbox.
    async fn prepare_warm(&self) -> io::Result<(JailSpec, Box<dyn Send + Sync>)> {
        let files = vec![SourceFile::new("CompileServer.java", crate::warm::SOURCE)];
        let dir = WorkDir::create(&self.work_root, &files, true, self.jail.drop_to)?;
        let argv = self
            .compile_argv(Language::Java, &files)
            .ok_or_else(|| io::Error::other("no javac"))?;
        let wall = Duration::from_millis(self.limits.compile_wall_ms.max(30_000));
        let spec = self.spec(argv, &dir, true, String::new(), wall);
        // Not `exec`: the caller already holds a concurrency permit (max_concurrent may be 1).
        let built = classify(self.jail.run(spec).await?, Language::Java, true);
        if built.status != Status::Ok {
            return Err(io::Error::other(format!(
                "compiling the warm javac server: {:?} {}",
                built.status,
                built.compile_output.unwrap_or_default()
            )));
        }
        let mut argv = vec![
            self.tools
                .java
                .as_ref()
                .map(|t| t.path.to_string_lossy().into_owned())
                .ok_or_else(|| io::Error::other("no java"))?,
        ];
        argv.extend(self.jvm_flags(""));
        argv.extend(["-cp", "/server", "CompileServer"].map(String::from));
        let spec = JailSpec {
            argv,
            binds: vec![
                Bind {
                    host: dir.out.clone().expect("created with out/"),
                    inside: "/server",
                    writable: false,
                },
                // Mode 0711 and root-owned sources: the server can reach a run's files by name,
                // cannot list the runs, and can write only `out/` directories.
                Bind {
                    host: self.work_root.clone(),
                    inside: "/runs",
                    writable: true,
                },
            ],
            chdir: "/tmp",
            env: base_env(),
            stdin: Vec::new(),
            wall,
            memory_bytes: self.limits.memory_bytes,
            max_pids: self.limits.max_pids,
            output_bytes: self.limits.output_bytes,
            tmp_bytes: self.limits.tmp_bytes,
            pass_fds: Vec::new(),
            data_files: Vec::new(),
        };
        Ok((spec, Box::new(dir)))
    }

    /// The compile and run command lines for `req` (paths as seen inside the sandbox: sources in
    /// `/box`, build output in `/out`), for the benchmark's bare baseline.
    pub(crate) fn commands(&self, req: &RunRequest) -> Option<(Option<Vec<String>>, Vec<String>)> {
        let entry = resolve_entry(req.language, &req.files, req.entry.as_deref()).ok()?;
        let compile = if req.language.is_compiled() {
            Some(self.compile_argv(req.language, &req.files)?)
        } else {
            None
        };
        Some((compile, self.run_argv(req.language, &entry, &req.files)))
    }

    pub(crate) async fn exec(
        &self,
        spec: JailSpec,
        language: Language,
        compiling: bool,
    ) -> RunOutcome {
        let Ok(_permit) = self.slots.acquire().await else {
            return RunOutcome::internal_error("the sandbox is shutting down");
        };
        match self.jail.run(spec).await {
            Ok(r) => classify(r, language, compiling),
            Err(e) => {
                tracing::error!(error = %e, "sandbox run failed");
                RunOutcome::internal_error("the sandbox failed to run the program")
            }
        }
    }
}

fn java_sources(files: &[SourceFile]) -> Vec<String> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".java"))
        .map(|f| f.path.clone())
        .collect()
}

/// The class `java` must start: the entry file's name, qualified by its `package` if any.
pub(crate) fn java_main_class(entry: &str, content: &str) -> String {
    let stem = Path::new(entry)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Main".to_owned());
    let package = content.lines().map(str::trim).find_map(|l| {
        let rest = l.strip_prefix("package ")?;
        let name = rest.split(';').next()?.trim();
        (!name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '_' || c == '$'))
        .then(|| name.to_owned())
    });
    match package {
        Some(p) => format!("{p}.{stem}"),
        None => stem,
    }
}

/// Recognisable out-of-memory deaths of managed runtimes, which hit their heap limit before the
/// cgroup's: the JVM's OutOfMemoryError, V8's heap limit, CPython's MemoryError.
fn runtime_oom(language: Language, stderr: &[u8]) -> bool {
    let tail = &stderr[stderr.len().saturating_sub(4096)..];
    let tail = String::from_utf8_lossy(tail);
    match language {
        Language::Java => tail.contains("java.lang.OutOfMemoryError"),
        Language::Javascript => tail.contains("JavaScript heap out of memory"),
        Language::Python => tail
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("MemoryError")),
        Language::Cpp => tail.contains("std::bad_alloc"),
    }
}

fn classify(r: JailResult, language: Language, compiling: bool) -> RunOutcome {
    if let Some(e) = &r.setup_error {
        tracing::error!(error = %e, "bubblewrap could not set the sandbox up");
        return RunOutcome::internal_error("the sandbox could not start the program");
    }
    let cpu_limited = r.signal == Some(libc::SIGXCPU);
    let status = match r.killed {
        Some(Killed::Output) => Status::OutputLimit,
        Some(Killed::Timeout) => Status::Timeout,
        None if r.stats.oom_kills > 0 => Status::MemoryLimit,
        None if cpu_limited => Status::Timeout,
        None if r.exit_code == Some(0) => Status::Ok,
        None if runtime_oom(language, &r.stderr) => Status::MemoryLimit,
        None if compiling => Status::CompileError,
        None => Status::RuntimeError,
    };
    let stdout = String::from_utf8_lossy(&r.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&r.stderr).into_owned();
    let (stdout, stderr, compile_output) = if compiling {
        let mut combined = stdout;
        combined.push_str(&stderr);
        (String::new(), String::new(), Some(combined))
    } else {
        (stdout, stderr, None)
    };
    RunOutcome {
        status,
        stdout,
        stderr,
        compile_output,
        exit_code: r.exit_code,
        signal: r.signal,
        wall_ms: r.wall.as_millis() as u64,
        cpu_ms: r.stats.cpu_ns / 1_000_000,
        memory_bytes: r.stats.memory_peak,
        crash: None,
        trace: None,
    }
}

/// A run's host directory on tmpfs: `src/` (the submission, read-only inside) and for compiled
/// languages `out/` (written by the compiler as the sandbox uid, read-only when running).
pub(crate) struct WorkDir {
    root: PathBuf,
    src: PathBuf,
    out: Option<PathBuf>,
}

impl WorkDir {
    pub(crate) fn create(
        work_root: &Path,
        files: &[SourceFile],
        with_out: bool,
        owner: Option<(u32, u32)>,
    ) -> io::Result<WorkDir> {
        let root = work_root.join(crate::next_run_id());
        let mut builder = fs::DirBuilder::new();
        builder.mode(0o755);
        builder.create(&root)?;
        let dir = WorkDir {
            src: root.join("src"),
            out: with_out.then(|| root.join("out")),
            root,
        };
        builder.create(&dir.src)?;
        for f in files {
            // Paths were validated (relative, no `..`); create_new refuses to follow anything
            // that already exists, symlinks included.
            let path = dir.src.join(&f.path);
            if let Some(parent) = path.parent() {
                builder.recursive(true).create(parent)?;
            }
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o644)
                .custom_flags(libc::O_NOFOLLOW)
                .open(&path)
                .and_then(|mut file| io::Write::write_all(&mut file, f.content.as_bytes()))?;
        }
        if let Some(out) = &dir.out {
            fs::DirBuilder::new().mode(0o755).create(out)?;
            if let Some((uid, gid)) = owner {
                std::os::unix::fs::chown(out, Some(uid), Some(gid))?;
            }
        }
        Ok(dir)
    }
}

/// Removal on drop, so a cancelled run (the caller dropped the future) cleans up too; the
/// directory is a few files on tmpfs, so doing it synchronously is cheap.
impl Drop for WorkDir {
    fn drop(&mut self) {
        if let Err(e) = fs::remove_dir_all(&self.root) {
            tracing::warn!(dir = %self.root.display(), error = %e, "could not remove a run directory");
        }
    }
}

/// Removes run directories left by server processes that no longer exist.
fn reap_stale_work_dirs(work_root: &Path) {
    let Ok(entries) = fs::read_dir(work_root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix("run-"))
            .and_then(|n| n.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_java_main_class_follows_the_entry_file_and_its_package() {
        assert_eq!(java_main_class("Main.java", "public class Main {}"), "Main");
        assert_eq!(
            java_main_class(
                "app/Hello.java",
                "// x\npackage app;\npublic class Hello {}"
            ),
            "app.Hello"
        );
        assert_eq!(
            java_main_class("Main.java", "package a.b ;\nclass Main{}"),
            "a.b.Main"
        );
    }

    #[test]
    fn runtime_out_of_memory_messages_are_recognised() {
        assert!(runtime_oom(
            Language::Java,
            b"Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
        ));
        assert!(runtime_oom(
            Language::Python,
            b"Traceback (most recent call last):\n  ...\nMemoryError\n"
        ));
        assert!(!runtime_oom(Language::Python, b"ValueError: MemoryError\n"));
    }
}
