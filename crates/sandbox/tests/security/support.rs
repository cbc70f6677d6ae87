//! Shared helpers: one sandbox per test binary, and plain skipping of a language whose
//! toolchain is missing on this machine.

use std::sync::OnceLock;

use codestead_sandbox::{Language, RunOutcome, RunRequest, Sandbox, SandboxConfig, SourceFile};

/// The suite demands real cgroups: a sandbox without memory/PID limits must not pass it.
pub fn sandbox() -> Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX
        .get_or_init(|| {
            Sandbox::new(SandboxConfig {
                require_cgroups: true,
                ..SandboxConfig::default()
            })
            .expect("sandbox set-up (run scripts/sandbox-setup.sh as root)")
        })
        .clone()
}

/// `false` (and a printed reason) when the language's toolchain is missing here.
pub fn have(language: Language) -> bool {
    let info = sandbox()
        .languages()
        .into_iter()
        .find(|l| l.id == language)
        .expect("every language is listed");
    if !info.available {
        // Under CI (`.ci/run` sets `CI`) a missing toolchain fails rather than skips.
        assert!(
            std::env::var_os("CI").is_none(),
            "the {} toolchain is not installed: CI is set, so its tests fail rather than skip",
            language.id()
        );
        eprintln!(
            "SKIPPED: {} toolchain not installed on this machine",
            language.id()
        );
    }
    info.available
}

pub async fn run(language: Language, code: &str) -> RunOutcome {
    sandbox().run(RunRequest::single(language, code)).await
}

pub async fn run_stdin(language: Language, code: &str, stdin: &str) -> RunOutcome {
    sandbox()
        .run(RunRequest::single(language, code).with_stdin(stdin))
        .await
}

pub async fn run_files(
    language: Language,
    files: &[(&str, &str)],
    entry: Option<&str>,
) -> RunOutcome {
    sandbox()
        .run(RunRequest {
            language,
            files: files.iter().map(|(p, c)| SourceFile::new(*p, *c)).collect(),
            entry: entry.map(str::to_owned),
            stdin: String::new(),
        })
        .await
}

/// A sandbox with a 2 s wall clock, for the tests that must hit it.
pub fn fast_sandbox() -> Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX
        .get_or_init(|| {
            let mut config = SandboxConfig {
                require_cgroups: true,
                ..SandboxConfig::default()
            };
            config.limits.wall_ms = 2_000;
            Sandbox::new(config).expect("sandbox set-up")
        })
        .clone()
}

/// A sandbox with a 20 s wall clock (and CPU limit), for tests about other limits that must
/// not turn into timeouts on a busy machine (filling 512 MiB takes seconds under load).
pub fn patient_sandbox() -> Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX
        .get_or_init(|| {
            let mut config = SandboxConfig {
                require_cgroups: true,
                ..SandboxConfig::default()
            };
            config.limits.wall_ms = 20_000;
            config.limits.cpu_ms = 20_000;
            Sandbox::new(config).expect("sandbox set-up")
        })
        .clone()
}

pub async fn run_patient(language: Language, code: &str) -> RunOutcome {
    patient_sandbox()
        .run(RunRequest::single(language, code))
        .await
}

pub async fn run_fast(language: Language, code: &str) -> RunOutcome {
    fast_sandbox().run(RunRequest::single(language, code)).await
}

/// Host processes whose command line contains `marker`.
pub fn host_processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .bytes()
            .all(|b| b.is_ascii_digit())
        {
            continue;
        }
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(marker) {
                found.push(format!(
                    "{}: {cmdline}",
                    entry.file_name().to_string_lossy()
                ));
            }
        }
    }
    found
}

/// A number unlikely to appear in any other command line on the host.
pub fn marker() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    900_000 + (nanos ^ std::process::id() as u64) % 99_999
}
