//! A run of the engine's ordinary plan with a few changes: another run command (the Python
//! tracer, `python3 -X faulthandler`, `node -r` the JavaScript tracer), other C++ compiler flags
//! (the sanitizer rerun), extra environment, a descriptor handed to the program (the trace
//! channel) and read-only files made from a descriptor (the JavaScript tracer's script).
//!
//! Everything else — validation, the run directory, the jail, the limits, the concurrency bound,
//! the classification of the outcome — is the engine's own, so a variant run is exactly as
//! isolated as a normal one. It is deliberately simpler than `Engine::run_many`: one stdin, and
//! compilation always cold (the warm javac is for the hot path; variants are reruns).

use std::os::fd::RawFd;
use std::time::Duration;

use crate::files::{check_source_files, resolve_entry};
use crate::jail::JailSpec;
use crate::runner::Engine;
use crate::{RunOutcome, RunRequest, Status};

type Rewrite = Box<dyn Fn(Vec<String>) -> Vec<String> + Send + Sync>;

/// The changes a variant makes to the engine's plan.
#[derive(Default)]
pub(crate) struct Variant {
    /// Rewrites the compile command line (compiled languages).
    pub compile: Option<Rewrite>,
    /// Rewrites the run command line.
    pub run: Option<Rewrite>,
    /// Added to the sandbox's fixed environment of the run.
    pub env: Vec<(&'static str, String)>,
    /// Descriptors the program inherits under the same numbers.
    pub pass_fds: Vec<RawFd>,
    /// Read-only files inside the sandbox made from a descriptor's contents.
    pub data_files: Vec<(RawFd, &'static str)>,
}

impl Engine {
    /// Compiles (if needed) and runs `req` once with `variant` applied.
    pub(crate) async fn run_variant(&self, req: &RunRequest, variant: &Variant) -> RunOutcome {
        if !self.available(req.language) {
            return RunOutcome::internal_error(format!(
                "{} is not available on this server",
                req.language.name()
            ));
        }
        if let Err(e) = check_source_files(&req.files) {
            return RunOutcome::internal_error(e.to_string());
        }
        let entry = match resolve_entry(req.language, &req.files, req.entry.as_deref()) {
            Ok(e) => e,
            Err(e) => return RunOutcome::internal_error(e.to_string()),
        };
        // One slot (and its host uid) for the compile and the run, as in `Engine::run_many`.
        let Some(lease) = self.lease().await else {
            return RunOutcome::internal_error("the sandbox is shutting down");
        };
        let dir = match self.work_dir(&req.files, req.language, &lease) {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, "could not prepare a run directory");
                return RunOutcome::internal_error("the sandbox could not prepare the run");
            }
        };
        let mut compile_output = None;
        if req.language.is_compiled() {
            let Some(mut argv) = self.compile_argv(req.language, &req.files) else {
                return RunOutcome::internal_error("no source files to compile");
            };
            if let Some(rewrite) = &variant.compile {
                argv = rewrite(argv);
            }
            let wall = Duration::from_millis(self.limits().compile_wall_ms);
            let spec = JailSpec {
                run_as: lease.ids(),
                ..self.spec(req.language, argv, &dir, true, String::new(), wall)
            };
            let outcome = self.exec(spec, req.language, true).await;
            if outcome.status != Status::Ok {
                return outcome;
            }
            compile_output = outcome.compile_output;
        }
        let mut argv = self.run_argv(req.language, &entry, &req.files);
        if let Some(rewrite) = &variant.run {
            argv = rewrite(argv);
        }
        let wall = Duration::from_millis(self.limits().wall_ms);
        let mut spec = JailSpec {
            run_as: lease.ids(),
            ..self.spec(req.language, argv, &dir, false, req.stdin.clone(), wall)
        };
        spec.env.extend(variant.env.iter().cloned());
        spec.pass_fds.extend(&variant.pass_fds);
        spec.data_files.extend(variant.data_files.iter().copied());
        let mut outcome = self.exec(spec, req.language, false).await;
        outcome.compile_output = compile_output;
        outcome
    }
}
