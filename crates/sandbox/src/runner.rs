//! The engine behind [`crate::Sandbox`]: start-up discovery, the concurrency bound, per-run work
//! directories, and the per-language plans (how to compile, how to run, what flags keep the JVM
//! and V8 inside the memory limit) that turn a [`RunRequest`] into sandboxed processes.

use std::fs;
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cgroup::Cgroups;
use crate::files::{check_source_files, resolve_entry};
use crate::interactive::{Ended, InteractiveIo, InteractiveOutcome};
use crate::jail::{Bind, JailEnv, JailResult, JailSpec, Killed, root_args};
use crate::seccomp::{Filters, Phase};
use crate::slots::{Lease, SlotPool, UidPlan, cap_concurrency, host_memory, uid_collisions};
use crate::toolchain::{Toolchains, discover_all};
use crate::warm::{WarmJavac, WarmResult};
use crate::zygote::Zygote;
use crate::{
    BatchOutcome, IsolationInfo, IsolationMode, Language, LanguageInfo, Limits, RunOutcome,
    RunRequest, SandboxConfig, SandboxError, SourceFile, Status, UidScheme,
};

pub(crate) struct Engine {
    jail: JailEnv,
    tools: Toolchains,
    limits: Limits,
    slots: SlotPool,
    work_root: PathBuf,
    bwrap_version: String,
    warm: Option<WarmJavac>,
    /// One Python zygote per run slot (index = slot index), each under a host uid of its own;
    /// empty when Python runs cold.
    zygotes: Vec<Zygote>,
    /// Precompiled standard-header images for C++ (`None` when off or without g++).
    pch: Option<crate::pch::PchCache>,
    mode: IsolationMode,
    insecure_reasons: Vec<String>,
}

/// The warm javac's service number (its uid is the first past the run slots).
const WARM_JAVAC_SERVICE: usize = 0;
/// Service number of slot 0's Python zygote; slot `i`'s is `ZYGOTE_SERVICES + i`.
const ZYGOTE_SERVICES: usize = 1;
/// Most memory a zygote's own cgroup slot may hold: the interpreter and its pre-imports, and the
/// cells it forked that are not yet running (a cell joins its run's slot before anything of
/// the run happens, so the run's memory is charged there).
const ZYGOTE_MEMORY_BYTES: u64 = 128 << 20;

fn zygote_memory(limits: &Limits) -> u64 {
    ZYGOTE_MEMORY_BYTES.min(limits.memory_bytes)
}
/// Preloaded into interactive JavaScript runs. Their stdin is a pipe that stays open while the
/// learner may type, and Node keeps running while a pipe it has read from is open, even after
/// `readline`'s `close()` paused it (in a terminal it would exit). Letting go of the handle
/// while stdin is paused makes the program end as it would in a terminal; a program that still
/// listens for input keeps it.
const JAVASCRIPT_STDIN_PRELOAD: &[u8] = b"const stdin = process.stdin;\n\
stdin.on('pause', () => stdin._handle && stdin._handle.unref());\n\
stdin.on('resume', () => stdin._handle && stdin._handle.ref());\n";
const JAVASCRIPT_STDIN_PRELOAD_PATH: &str = "/codestead/interactive-stdin.js";

/// Set to a host directory to run every sandboxed program under `strace -f` (allow-list off,
/// sandbox reported insecure); see docs/sandbox.md, "Seccomp".
pub(crate) const STRACE_ENV: &str = "CODESTEAD_SANDBOX_STRACE_DIR";

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
    // SAFETY: geteuid has no preconditions.
    let uid = unsafe { libc::geteuid() };
    // A server that is not root (insecure mode) gets a root of its own: the work root must be
    // owned by the server, so one left by a root server (or planted by another user) under
    // the shared name would refuse it.
    let name = if uid == 0 {
        "codestead-sandbox".to_owned()
    } else {
        format!("codestead-sandbox-{uid}")
    };
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.join(name)
    } else {
        std::env::temp_dir().join(name)
    }
}

impl Engine {
    pub(crate) fn new(config: SandboxConfig) -> Result<Engine, SandboxError> {
        let (bwrap, bwrap_version) = find_bwrap(&config)?;
        let seccomp = Filters::build().map_err(|e| SandboxError::Seccomp(e.to_string()))?;
        // Strict unless the operator said otherwise: every reason to be insecure is collected,
        // and without `insecure` the first one refuses start-up.
        let mut insecure_reasons = Vec::new();
        let cgroups = match Cgroups::detect(&config.cgroup_name).and_then(|c| {
            c.check_limits(config.limits.memory_bytes, config.limits.max_pids)?;
            Ok(c)
        }) {
            Ok(c) => Some(c),
            Err(e) if config.require_cgroups || !config.insecure => {
                return Err(SandboxError::Cgroup(format!(
                    "{e}; run the server as root (or pass the insecure option)"
                )));
            }
            Err(e) => {
                insecure_reasons.push(format!("no working cgroup memory and PID limits: {e}"));
                None
            }
        };
        if let Some(c) = &cgroups
            && !c.cpu_quota()
        {
            tracing::warn!(
                "the cpu cgroup controller is missing: slots get no one-CPU quota, so a \
                 multi-threaded program can use every core until its wall clock runs out"
            );
        }
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;

        let requested = config.max_concurrent.max(1);
        // Each slot may fill its memory limit, and so may its zygote and the warm javac.
        let per_slot = config.limits.memory_bytes
            + if config.python_zygote {
                zygote_memory(&config.limits)
            } else {
                0
            };
        let fixed = config.limits.memory_bytes;
        let max_concurrent = match host_memory() {
            Some(host) => {
                let capped = cap_concurrency(requested, per_slot, fixed, host);
                if capped < requested {
                    tracing::warn!(
                        requested,
                        capped,
                        host_mib = host >> 20,
                        limit_mib = config.limits.memory_bytes >> 20,
                        "fewer runs at once than configured: their memory limits (plus their \
                         zygotes' and the warm javac's) would otherwise exceed the host's memory"
                    );
                }
                capped
            }
            None => requested,
        };
        let uids = match (root, config.uid_base) {
            (true, Some(base)) => {
                // The slots, then the services: the warm javac and one zygote per slot.
                let count = (max_concurrent + ZYGOTE_SERVICES + max_concurrent) as u32;
                // Several sandboxes in one process (tests, a worker beside a server) each get
                // their own stretch of the range, so no two slots anywhere in it share a uid.
                static CLAIMED: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                let offset = CLAIMED.fetch_add(count, std::sync::atomic::Ordering::Relaxed);
                // Checked from the configured base on, so the verdict does not depend on how
                // many sandboxes this process made before.
                let clashes = uid_collisions(base, offset + count);
                let base = base + offset;
                if !clashes.is_empty() {
                    return Err(SandboxError::NotIsolated(format!(
                        "the sandbox uid range {base}..{} is already in use ({}); set a free \
                         uid_base",
                        base as u64 + count as u64,
                        clashes.join(", ")
                    )));
                }
                UidScheme::PerSlot { base, count }
            }
            (true, None) => UidScheme::Shared {
                uid: config.sandbox_uid,
                gid: config.sandbox_gid,
            },
            (false, _) => {
                let reason = "the server is not root, so programs would run as the server's \
                              own uid"
                    .to_owned();
                if !config.insecure {
                    return Err(SandboxError::NotIsolated(reason));
                }
                insecure_reasons.push(reason);
                UidScheme::ServerUid
            }
        };
        let strace_dir = std::env::var_os(STRACE_ENV).map(PathBuf::from);
        if let Some(dir) = &strace_dir {
            insecure_reasons.push(format!(
                "{STRACE_ENV} is set: programs run under strace without the seccomp allow-list"
            ));
            tracing::warn!(dir = %dir.display(), "TRACING sandboxed syscalls; never in production");
        }
        let mode = if insecure_reasons.is_empty() {
            IsolationMode::Strict
        } else {
            for reason in &insecure_reasons {
                tracing::warn!(%reason, "SANDBOX INSECURE: learner code runs with weaker isolation");
            }
            IsolationMode::Insecure
        };

        let work_root = config.work_root.clone().unwrap_or_else(default_work_root);
        // Traversable but not listable; created without following a planted link.
        crate::workroot::create_work_root(&work_root, 0o711).map_err(|source| {
            SandboxError::WorkDir {
                path: work_root.clone(),
                source,
            }
        })?;
        reap_stale_work_dirs(&work_root);

        if let Some(c) = &cgroups {
            // The run slots and the warm javac (idle zygotes use next to nothing).
            c.weigh_as(max_concurrent + 1);
        }

        let tools = discover_all(&config);
        let jail = JailEnv {
            bwrap,
            root_args: root_args(&tools.extra_roots()),
            seccomp,
            cgroups,
            strace_dir,
        };
        let mut engine = Engine {
            jail,
            tools,
            limits: config.limits.clone(),
            slots: SlotPool::new(UidPlan {
                scheme: uids,
                slots: max_concurrent,
            }),
            work_root,
            bwrap_version,
            warm: None,
            zygotes: Vec::new(),
            pch: None,
            mode,
            insecure_reasons,
        };
        if config.warm_javac && engine.tools.available(Language::Java) {
            engine.warm = Some(WarmJavac::new());
        }
        if config.cpp_pch && engine.tools.available(Language::Cpp) {
            engine.pch = Some(crate::pch::PchCache::default());
        }
        // The zygote's runs are killed and measured through their cgroup slot alone. One per
        // run slot, so a forked run has its slot's own host uid just as a cold run does (a
        // user namespace made by bubblewrap maps a single uid, so one zygote cannot serve
        // several). Not under strace: its cells would be traced as the zygote, not as runs.
        if let Some(python) = &engine.tools.python
            && config.python_zygote
            && engine.jail.cgroups.is_some()
            && engine.jail.strace_dir.is_none()
        {
            let python = python.path.to_string_lossy().into_owned();
            let memory = zygote_memory(&engine.limits);
            engine.zygotes = (0..max_concurrent)
                .map(|slot| {
                    let ids = engine.slots.plan().service_ids(ZYGOTE_SERVICES + slot);
                    Zygote::new(python.clone(), base_env(), ids, memory)
                })
                .collect();
        }
        tracing::info!(
            mode = engine.mode.id(),
            cgroup = ?engine.jail.cgroups.as_ref().map(|c| c.version()),
            uids = ?engine.slots.plan().scheme,
            max_concurrent,
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
            host_uid: self.slots.plan().slot_ids(0).map(|(u, _)| u),
            work_root: self.work_root.clone(),
            mode: self.mode,
            insecure_reasons: self.insecure_reasons.clone(),
            uids: self.slots.plan().scheme.clone(),
            cpu_quota: self.jail.cgroups.as_ref().is_some_and(|c| c.cpu_quota()),
            max_concurrent: self.slots.plan().slots,
        }
    }

    pub(crate) fn available(&self, language: Language) -> bool {
        self.tools.available(language)
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// A fresh run directory holding `files` (and `out/` for compiled languages) for a run in
    /// `lease`'s slot, for the plan variants in `trace::plan` that reuse this engine's commands.
    pub(crate) fn work_dir(
        &self,
        files: &[SourceFile],
        language: Language,
        lease: &Lease<'_>,
    ) -> io::Result<WorkDir> {
        WorkDir::create(&self.work_root, files, language.is_compiled(), lease.ids())
    }

    /// Waits for a run slot (`None` once the sandbox shuts down).
    pub(crate) async fn lease(&self) -> Option<Lease<'_>> {
        self.slots.acquire().await
    }

    pub(crate) async fn run_many(
        self: std::sync::Arc<Self>,
        req: RunRequest,
        stdins: Vec<String>,
        stop: Option<crate::StopAfter>,
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
        if req.language == Language::Python && !self.zygotes.is_empty() {
            return self.run_forked(&req, &entry, stdins, stop).await;
        }
        if let Some(cache) = &self.pch
            && let Some(headers) = pch_headers(&req.files)
            && cache.claim(&headers)
        {
            // Off the critical path: this compile (and any until the image is ready) runs
            // as usual; the build holds the engine only until it is done.
            let engine = self.clone();
            tokio::spawn(async move { engine.build_pch(headers).await });
        }
        // One slot (and so one host uid) for the whole batch: compile and every run.
        let Some(lease) = self.slots.acquire().await else {
            return all_failed("the sandbox is shutting down".into());
        };
        let dir = match WorkDir::create(
            &self.work_root,
            &req.files,
            req.language.is_compiled(),
            lease.ids(),
        ) {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, "could not prepare a run directory");
                return all_failed("the sandbox could not prepare the run".into());
            }
        };
        self.run_in(&dir, &req, &entry, stdins, &lease, stop).await
    }

    /// Python runs forked from the zygote of the run's slot (no work directory: the files go to
    /// the run's own cell); a run the zygote cannot take runs cold, exactly as without it.
    async fn run_forked(
        &self,
        req: &RunRequest,
        entry: &str,
        stdins: Vec<String>,
        stop: Option<crate::StopAfter>,
    ) -> BatchOutcome {
        let stops = |runs: &Vec<RunOutcome>| {
            stop.as_ref()
                .zip(runs.last())
                .is_some_and(|(stop, last)| stop(runs.len() - 1, last))
        };
        // One slot for the whole batch, as on the cold path.
        let Some(lease) = self.slots.acquire().await else {
            return BatchOutcome {
                compile: None,
                runs: stdins
                    .iter()
                    .map(|_| RunOutcome::internal_error("the sandbox is shutting down"))
                    .collect(),
            };
        };
        let zygote = &self.zygotes[lease.index() % self.zygotes.len()];
        let mut runs = Vec::with_capacity(stdins.len());
        let mut cold_dir = None;
        for stdin in stdins {
            let input = stdin.as_bytes().to_vec();
            if let Some(r) = zygote
                .run(&self.jail, &self.limits, &req.files, entry, input)
                .await
            {
                runs.push(classify(r, Language::Python, false));
                if stops(&runs) {
                    break;
                }
                continue;
            }
            if cold_dir.is_none() {
                match WorkDir::create(&self.work_root, &req.files, false, lease.ids()) {
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
            let spec = JailSpec {
                run_as: lease.ids(),
                ..self.spec(Language::Python, argv, dir, false, stdin, wall)
            };
            runs.push(self.exec(spec, Language::Python, false).await);
            if stops(&runs) {
                break;
            }
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
        lease: &Lease<'_>,
        stop: Option<crate::StopAfter>,
    ) -> BatchOutcome {
        let compile = match self.compile_in(dir, req, lease).await {
            Err(message) => {
                let runs = stdins
                    .iter()
                    .map(|_| RunOutcome::internal_error(message))
                    .collect();
                return BatchOutcome {
                    compile: None,
                    runs,
                };
            }
            Ok(Some(outcome)) if outcome.status != Status::Ok => {
                return BatchOutcome {
                    compile: Some(outcome),
                    runs: Vec::new(),
                };
            }
            Ok(compile) => compile,
        };
        let argv = self.run_argv(req.language, entry, &req.files);
        let mut runs = Vec::with_capacity(stdins.len());
        for stdin in stdins {
            let spec = self.spec(
                req.language,
                argv.clone(),
                dir,
                false,
                stdin,
                Duration::from_millis(self.limits.wall_ms),
            );
            let spec = JailSpec {
                run_as: lease.ids(),
                ..spec
            };
            let mut outcome = self.exec(spec, req.language, false).await;
            outcome.compile_output = compile.as_ref().and_then(|c| c.compile_output.clone());
            let stops = stop.as_ref().is_some_and(|stop| stop(runs.len(), &outcome));
            runs.push(outcome);
            if stops {
                break;
            }
        }
        BatchOutcome { compile, runs }
    }

    /// Compiles a Java or C++ submission in `dir` (warm javac first, cold otherwise): the
    /// compilation's outcome, `None` for interpreted languages, `Err` when there is nothing to
    /// compile.
    async fn compile_in(
        &self,
        dir: &WorkDir,
        req: &RunRequest,
        lease: &Lease<'_>,
    ) -> Result<Option<RunOutcome>, &'static str> {
        if !req.language.is_compiled() {
            return Ok(None);
        }
        let Some(mut argv) = self.compile_argv(req.language, &req.files) else {
            return Err("no source files to compile");
        };
        // The learner's leading standard includes, precompiled (see pch.rs): `-include` of
        // exactly those lines, whose image GCC finds beside them at /pch.
        let pch = match (&self.pch, req.language) {
            (Some(cache), Language::Cpp) => {
                pch_headers(&req.files).and_then(|headers| cache.image(&headers))
            }
            _ => None,
        };
        if pch.is_some() {
            argv.splice(1..1, ["-include".to_owned(), "/pch/h".to_owned()]);
        }
        let wall = Duration::from_millis(self.limits.compile_wall_ms);
        let warm = match &self.warm {
            Some(w) if req.language == Language::Java => {
                // Boxed: the server start-up future is large and rarely needed.
                Box::pin(self.warm_compile(w, dir, &req.files, wall, lease)).await
            }
            _ => None,
        };
        Ok(Some(match warm {
            Some(outcome) => outcome,
            None => {
                let mut spec = JailSpec {
                    run_as: lease.ids(),
                    ..self.spec(req.language, argv, dir, true, String::new(), wall)
                };
                if let (Some(image), Some(cache)) = (pch, &self.pch) {
                    spec.binds.push(Bind {
                        host: image,
                        inside: "/pch",
                        writable: false,
                    });
                    cache.count_use();
                }
                self.exec(spec, req.language, true).await
            }
        }))
    }

    /// An interactive run (see `interactive.rs`): validated as any run, one slot for the
    /// compile and the program, Python cold (no zygote) and unbuffered (`-u`), so a prompt
    /// printed without a newline reaches the learner before the program waits.
    pub(crate) async fn run_interactive(
        &self,
        req: RunRequest,
        io: InteractiveIo,
    ) -> InteractiveOutcome {
        let failed = |outcome: RunOutcome| InteractiveOutcome {
            outcome,
            stopped: false,
            stdin: String::new(),
        };
        if !self.tools.available(req.language) {
            return failed(RunOutcome::internal_error(format!(
                "{} is not available on this server",
                req.language.name()
            )));
        }
        if let Err(e) = check_source_files(&req.files) {
            return failed(RunOutcome::internal_error(e.to_string()));
        }
        let entry = match resolve_entry(req.language, &req.files, req.entry.as_deref()) {
            Ok(e) => e,
            Err(e) => return failed(RunOutcome::internal_error(e.to_string())),
        };
        let Some(lease) = self.slots.acquire().await else {
            return failed(RunOutcome::internal_error("the sandbox is shutting down"));
        };
        let dir = match WorkDir::create(
            &self.work_root,
            &req.files,
            req.language.is_compiled(),
            lease.ids(),
        ) {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, "could not prepare a run directory");
                return failed(RunOutcome::internal_error(
                    "the sandbox could not prepare the run",
                ));
            }
        };
        let compile = match self.compile_in(&dir, &req, &lease).await {
            Err(message) => return failed(RunOutcome::internal_error(message)),
            Ok(Some(outcome)) if outcome.status != Status::Ok => return failed(outcome),
            Ok(compile) => compile,
        };
        let mut argv = self.run_argv(req.language, &entry, &req.files);
        // Kept open until the run is over: bubblewrap reads it while it sets the sandbox up.
        let mut preload = None;
        match req.language {
            Language::Python => argv.insert(1, "-u".to_owned()),
            Language::Javascript => {
                match crate::jail::memfd_with("codestead-js-stdin", JAVASCRIPT_STDIN_PRELOAD) {
                    Ok(fd) => preload = Some(fd),
                    Err(e) => {
                        tracing::error!(error = %e, "could not prepare the stdin preload");
                        return failed(RunOutcome::internal_error(
                            "the sandbox could not prepare the run",
                        ));
                    }
                }
                // `node <flags> /box/<entry>`: preloaded before the entry.
                let at = argv.len() - 1;
                argv.splice(
                    at..at,
                    ["-r".to_owned(), JAVASCRIPT_STDIN_PRELOAD_PATH.to_owned()],
                );
            }
            Language::Java | Language::Cpp => {}
        }
        let wall = Duration::from_millis(self.limits.wall_ms);
        let mut spec = JailSpec {
            run_as: lease.ids(),
            ..self.spec(req.language, argv, &dir, false, String::new(), wall)
        };
        if let Some(fd) = &preload {
            spec.data_files
                .push((fd.as_raw_fd(), JAVASCRIPT_STDIN_PRELOAD_PATH));
        }
        let idle = Duration::from_millis(self.limits.idle_ms);
        let (mut outcome, ended, stdin) = match self.jail.run_streaming(spec, idle, io).await {
            Ok((r, ended, stdin)) => (classify(r, req.language, false), ended, stdin),
            Err(e) => {
                tracing::error!(error = %e, "interactive sandbox run failed");
                let outcome = RunOutcome::internal_error("the sandbox failed to run the program");
                return failed(outcome);
            }
        };
        let note = match ended {
            Some(Ended::Stopped) => Some("[sandbox] stopped by the learner".to_owned()),
            Some(Ended::Idle) => Some(format!(
                "[sandbox] stopped: waited for input longer than the {} s allowed",
                self.limits.idle_ms / 1000
            )),
            _ => None,
        };
        if let Some(note) = note {
            if !outcome.stderr.is_empty() && !outcome.stderr.ends_with('\n') {
                outcome.stderr.push('\n');
            }
            outcome.stderr.push_str(&note);
            outcome.stderr.push('\n');
        }
        outcome.compile_output = compile.and_then(|c| c.compile_output);
        drop(preload);
        InteractiveOutcome {
            outcome,
            stopped: ended == Some(Ended::Stopped),
            stdin,
        }
    }

    /// A spec with the sandbox's limits; `run_as` is left to the caller (the slot's ids).
    pub(crate) fn spec(
        &self,
        language: Language,
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
            language,
            phase: if compiling {
                Phase::Compile
            } else {
                Phase::Run
            },
            run_as: None,
            argv,
            binds,
            chdir: "/box",
            env: base_env(),
            stdin: stdin.into_bytes(),
            wall,
            // A compiler gets its wall clock as CPU time; a program gets the CPU limit.
            cpu_ms: if compiling {
                wall.as_millis() as u64
            } else {
                self.limits.cpu_ms
            },
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
            format!("-Xmx{}m", heap_mib(self.limits.memory_bytes)),
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
                    .filter(|f| is_cpp_source(&f.path))
                    .map(|f| f.path.clone())
                    .collect();
                if sources.is_empty() {
                    return None;
                }
                let mut argv = vec![path(&self.tools.gxx)?];
                argv.extend(CPP_FLAGS.map(String::from));
                argv.extend(["-o", "/out/main"].map(String::from));
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
                format!(
                    "--max-old-space-size={}",
                    heap_mib(self.limits.memory_bytes)
                ),
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
        files: &[SourceFile],
        wall: Duration,
        lease: &Lease<'_>,
    ) -> Option<RunOutcome> {
        let run_out = dir.out.as_ref()?;
        let result = warm
            .compile(
                files,
                run_out,
                lease.ids(),
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

    /// Builds the precompiled image of `headers` (claimed in the cache) and records it.
    async fn build_pch(&self, headers: Vec<&'static str>) {
        let Some(cache) = &self.pch else {
            return;
        };
        let image = match self.try_build_pch(&headers).await {
            Ok(dir) => Some(dir),
            Err(e) => {
                tracing::warn!(?headers, error = %e, "could not precompile C++ headers; compiles read them as usual");
                None
            }
        };
        cache.finish(&headers, image);
    }

    /// Compiles the header image in a compile sandbox of its own (the warm javac's service
    /// uid: no run slot's), from nothing but the standard headers' `#include` lines, then moves
    /// it beside its header file in a root-owned directory that every slot uid may read and
    /// none may write.
    async fn try_build_pch(&self, headers: &[&'static str]) -> io::Result<WorkDir> {
        let files = [SourceFile::new("h", crate::pch::header_text(headers))];
        let ids = self.slots.plan().service_ids(WARM_JAVAC_SERVICE);
        let build = WorkDir::create(&self.work_root, &files, true, ids)?;
        let gxx = self
            .tools
            .gxx
            .as_ref()
            .ok_or_else(|| io::Error::other("no g++"))?;
        let mut argv = vec![gxx.path.to_string_lossy().into_owned()];
        // Exactly the flags of a compile, or GCC would refuse the image.
        argv.extend(CPP_FLAGS.map(String::from));
        argv.extend(["-x", "c++-header", "/box/h", "-o", "/out/h.gch"].map(String::from));
        let wall = Duration::from_millis(self.limits.compile_wall_ms.max(30_000));
        let spec = JailSpec {
            run_as: ids,
            ..self.spec(Language::Cpp, argv, &build, true, String::new(), wall)
        };
        // Not `exec` under a slot lease: one build at a time, beside the runs.
        let built = classify(self.jail.run(spec).await?, Language::Cpp, true);
        if built.status != Status::Ok {
            return Err(io::Error::other(format!(
                "{:?}: {}",
                built.status,
                built.compile_output.unwrap_or_default()
            )));
        }
        let image = WorkDir::create(&self.work_root, &files, false, None)?;
        // 0711: slot uids reach `src/` (0755) by name; nobody lists or writes the directory.
        fs::set_permissions(&image.root, fs::Permissions::from_mode(0o711))?;
        let gch = build.out.as_ref().expect("created with out/").join("h.gch");
        if !fs::symlink_metadata(&gch)?.is_file() {
            return Err(io::Error::other("the header image is not a regular file"));
        }
        let target = image.src.join("h.gch");
        fs::rename(&gch, &target)?;
        // The compiler's uid wrote it; from now on it is root's and read-only to everyone.
        std::os::unix::fs::lchown(&target, Some(0), Some(0))?;
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644))?;
        Ok(image)
    }

    /// See [`crate::Sandbox::precompile_headers`].
    pub(crate) async fn precompile_headers(self: std::sync::Arc<Self>, source: &str) -> bool {
        let (Some(cache), Some(headers)) = (&self.pch, crate::pch::leading_includes(source)) else {
            return false;
        };
        if cache.claim(&headers) {
            self.build_pch(headers.clone()).await;
        }
        cache.settled(&headers).await;
        cache.image(&headers).is_some()
    }

    pub(crate) fn precompiled_header_uses(&self) -> u64 {
        self.pch.as_ref().map_or(0, |c| c.uses())
    }

    /// Compiles the warm javac's server (cold, as the server's own uid) and describes its
    /// sandbox: its classes at `/server`, an empty job directory at `/job`, nothing else.
    async fn prepare_warm(&self) -> io::Result<(JailSpec, crate::warm::ServerHome)> {
        let ids = self.slots.plan().service_ids(WARM_JAVAC_SERVICE);
        let files = vec![SourceFile::new("CompileServer.java", crate::warm::SOURCE)];
        let dir = WorkDir::create(&self.work_root, &files, true, ids)?;
        let job = WorkDir::create(&self.work_root, &[], false, ids)?;
        let argv = self
            .compile_argv(Language::Java, &files)
            .ok_or_else(|| io::Error::other("no javac"))?;
        let wall = Duration::from_millis(self.limits.compile_wall_ms.max(30_000));
        let spec = JailSpec {
            run_as: ids,
            ..self.spec(Language::Java, argv, &dir, true, String::new(), wall)
        };
        // Not `exec`: the caller already holds its slot (max_concurrent may be 1).
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
            language: Language::Java,
            phase: Phase::Compile,
            run_as: ids,
            argv,
            binds: vec![
                Bind {
                    host: dir.out.clone().expect("created with out/"),
                    inside: "/server",
                    writable: false,
                },
                // Only the compile at hand's files are ever in here (see warm.rs).
                Bind {
                    host: job.root.clone(),
                    inside: "/job",
                    writable: true,
                },
            ],
            chdir: "/tmp",
            env: base_env(),
            stdin: Vec::new(),
            wall,
            cpu_ms: wall.as_millis() as u64,
            memory_bytes: self.limits.memory_bytes,
            max_pids: self.limits.max_pids,
            output_bytes: self.limits.output_bytes,
            tmp_bytes: self.limits.tmp_bytes,
            pass_fds: Vec::new(),
            data_files: Vec::new(),
        };
        let home = crate::warm::ServerHome {
            job: job.root.clone(),
            ids,
            _keep: Box::new((dir, job)),
        };
        Ok((spec, home))
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

    /// Runs one spec; the caller holds the slot whose ids are in `spec.run_as`.
    pub(crate) async fn exec(
        &self,
        spec: JailSpec,
        language: Language,
        compiling: bool,
    ) -> RunOutcome {
        match self.jail.run(spec).await {
            Ok(r) => classify(r, language, compiling),
            Err(e) => {
                tracing::error!(error = %e, "sandbox run failed");
                RunOutcome::internal_error("the sandbox failed to run the program")
            }
        }
    }
}

/// g++'s flags for every compile (and for the header images, which must match them).
const CPP_FLAGS: [&str; 6] = [
    "-std=c++17",
    "-O2",
    "-pipe",
    "-fdiagnostics-color=never",
    "-I",
    "/box",
];

fn is_cpp_source(path: &str) -> bool {
    [".cpp", ".cc", ".cxx", ".C"]
        .iter()
        .any(|e| path.ends_with(e))
}

/// The header list whose image a compile of `files` may use: every translation unit must
/// start with the same standard includes (`-include` applies to each of them).
fn pch_headers(files: &[SourceFile]) -> Option<Vec<&'static str>> {
    let mut lists = files
        .iter()
        .filter(|f| is_cpp_source(&f.path))
        .map(|f| crate::pch::leading_includes(&f.content));
    let first = lists.next()??;
    lists.all(|l| l.as_ref() == Some(&first)).then_some(first)
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

/// What the JVM and V8 may use for their heaps under a cgroup memory limit: the limit less
/// what the runtime itself needs beside the heap (metaspace, code cache, thread stacks, the
/// JDK's class-data archive, V8's young generation), so a program gets the memory the limit
/// promises rather than half of it (the old `limit / 2`).
fn heap_mib(memory_limit: u64) -> u64 {
    let mib = memory_limit >> 20;
    let reserve = (mib / 8).max(64);
    mib.saturating_sub(reserve).max(32)
}

fn classify(r: JailResult, language: Language, compiling: bool) -> RunOutcome {
    // A memory kill can take bubblewrap's helpers down before the status line is written.
    if let Some(e) = &r.setup_error
        && r.stats.oom_kills == 0
    {
        tracing::error!(error = %e, "bubblewrap could not set the sandbox up");
        return RunOutcome::internal_error("the sandbox could not start the program");
    }
    let status = match r.killed {
        Some(Killed::Output) => Status::OutputLimit,
        Some(Killed::Timeout) => Status::Timeout,
        // Stopped by the learner: the program did not finish by itself.
        Some(Killed::Stopped) => Status::RuntimeError,
        None if r.stats.oom_kills > 0 => Status::MemoryLimit,
        None if r.cpu_limited.is_some() => Status::Timeout,
        None if r.exit_code == Some(0) => Status::Ok,
        None if runtime_oom(language, &r.stderr) => Status::MemoryLimit,
        None if compiling => Status::CompileError,
        None => Status::RuntimeError,
    };
    let stdout = String::from_utf8_lossy(&r.stdout).into_owned();
    let mut stderr = String::from_utf8_lossy(&r.stderr).into_owned();
    if let Some(secs) = r.cpu_limited
        && status == Status::Timeout
    {
        if !stderr.is_empty() && !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        stderr.push_str(&format!(
            "[sandbox] stopped: CPU time limit of {secs} s reached\n"
        ));
    }
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

/// A run's host directory on tmpfs, `run-<pid>-<random>`, mode 0700 and owned by the slot's
/// uid (bubblewrap, running as that uid, must reach it; no other run's uid can): `src/` (the
/// submission, root-owned, read-only inside) and for compiled languages `out/` (written by the
/// compiler as the slot's uid, read-only when running).
pub(crate) struct WorkDir {
    pub root: PathBuf,
    pub src: PathBuf,
    pub out: Option<PathBuf>,
}

/// Writes validated submission files under `dir` (root-owned, 0644; directories 0755).
pub(crate) fn write_sources(dir: &Path, files: &[SourceFile]) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.mode(0o755).recursive(true);
    for f in files {
        // Paths were validated (relative, no `..`); create_new refuses to follow anything
        // that already exists, symlinks included.
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            builder.create(parent)?;
        }
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o644)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .and_then(|mut file| io::Write::write_all(&mut file, f.content.as_bytes()))?;
    }
    Ok(())
}

impl WorkDir {
    pub(crate) fn create(
        work_root: &Path,
        files: &[SourceFile],
        with_out: bool,
        owner: Option<(u32, u32)>,
    ) -> io::Result<WorkDir> {
        let root = work_root.join(crate::next_run_id());
        fs::DirBuilder::new().mode(0o700).create(&root)?;
        let dir = WorkDir {
            src: root.join("src"),
            out: with_out.then(|| root.join("out")),
            root,
        };
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&dir.root, Some(uid), Some(gid))?;
        }
        fs::DirBuilder::new().mode(0o755).create(&dir.src)?;
        write_sources(&dir.src, files)?;
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
