//! Toolchain discovery at start-up: finds python3, node, javac + java and g++, resolves each to
//! its real binary (so the sandbox needs no `/etc/alternatives` or version-manager shims), asks
//! for its version, and works out which host directories outside `/usr` the sandbox must show.
//! A missing or broken toolchain makes its language unavailable; it never fails start-up.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::{Language, SandboxConfig};

/// One discovered binary.
#[derive(Clone, Debug)]
pub(crate) struct Tool {
    /// Canonical host path; the sandbox shows it at the same path.
    pub path: PathBuf,
    pub version: String,
}

/// Everything found; `None` fields are missing toolchains.
#[derive(Clone, Debug, Default)]
pub(crate) struct Toolchains {
    pub python: Option<Tool>,
    pub node: Option<Tool>,
    pub javac: Option<Tool>,
    pub java: Option<Tool>,
    pub gxx: Option<Tool>,
}

impl Toolchains {
    pub(crate) fn available(&self, language: Language) -> bool {
        match language {
            Language::Python => self.python.is_some(),
            Language::Javascript => self.node.is_some(),
            Language::Java => self.javac.is_some() && self.java.is_some(),
            Language::Cpp => self.gxx.is_some(),
        }
    }

    pub(crate) fn version(&self, language: Language) -> String {
        let tool = match language {
            Language::Python => &self.python,
            Language::Javascript => &self.node,
            Language::Java => &self.java,
            Language::Cpp => &self.gxx,
        };
        match tool {
            Some(t) if self.available(language) => t.version.clone(),
            _ => String::new(),
        }
    }

    /// Host directories outside `/usr` that the toolchains live in (e.g. `/opt/node`): the
    /// sandbox binds them read-only. `/usr` is always bound.
    pub(crate) fn extra_roots(&self) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> =
            [&self.python, &self.node, &self.javac, &self.java, &self.gxx]
                .into_iter()
                .flatten()
                .filter(|t| !t.path.starts_with("/usr"))
                .filter_map(|t| t.path.parent()?.parent().map(Path::to_path_buf))
                .filter(|p| p != Path::new("/"))
                .collect();
        roots.sort();
        roots.dedup();
        roots
    }
}

/// Candidate locations, system paths first so a version manager's shim (a shell script that
/// needs its own environment) never wins over a real binary.
fn find(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = vec!["/usr/bin".into(), "/usr/local/bin".into()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .and_then(|p| p.canonicalize().ok())
}

fn resolve(overridden: &Option<PathBuf>, names: &[&str]) -> Option<PathBuf> {
    match overridden {
        Some(p) => p.canonicalize().ok(),
        None => names.iter().find_map(|n| find(n)),
    }
}

/// Runs `bin args` (trusted host binaries) and returns stdout+stderr, or `None` after 15 s.
fn probe(bin: &Path, args: &[&str]) -> Option<String> {
    let (tx, rx) = mpsc::channel();
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("LANG", "C.UTF-8");
    let child = cmd.spawn().ok()?;
    let id = child.id();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(15)) {
        Ok(Ok(out)) if out.status.success() => {
            let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&out.stderr));
            Some(text)
        }
        Ok(_) => None,
        Err(_) => {
            // SAFETY: kill(2) has no memory-safety preconditions; the pid is our own child.
            unsafe { libc::kill(id as i32, libc::SIGKILL) };
            None
        }
    }
}

/// The first token that looks like a version number (`3.11.2`, `v20.1.0`, `"17.0.15"`).
pub(crate) fn parse_version(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == '"')
        .map(|t| t.trim_start_matches('v'))
        .find(|t| {
            t.contains('.')
                && t.chars().next().is_some_and(|c| c.is_ascii_digit())
                && t.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '_' || c == '+' || c == '-')
        })
        .map(str::to_owned)
}

fn discover(path: Option<PathBuf>, args: &'static [&'static str]) -> Option<Tool> {
    let path = path?;
    let version = parse_version(&probe(&path, args)?)?;
    Some(Tool { path, version })
}

/// Discovers all toolchains, probing them in parallel (the JVM alone takes ~100 ms).
pub(crate) fn discover_all(config: &SandboxConfig) -> Toolchains {
    let python = resolve(&config.python, &["python3"]);
    let node = resolve(&config.node, &["node", "nodejs"]);
    let javac = resolve(&config.javac, &["javac"]);
    let java = resolve(&config.java, &["java"]);
    let gxx = resolve(&config.gxx, &["g++"]);
    std::thread::scope(|s| {
        let python = s.spawn(|| discover(python, &["--version"]));
        let node = s.spawn(|| discover(node, &["--version"]));
        let javac = s.spawn(|| discover(javac, &["-version"]));
        let java = s.spawn(|| discover(java, &["-version"]));
        let gxx = s.spawn(|| discover(gxx, &["-dumpfullversion"]));
        Toolchains {
            python: python.join().ok().flatten(),
            node: node.join().ok().flatten(),
            javac: javac.join().ok().flatten(),
            java: java.join().ok().flatten(),
            gxx: gxx.join().ok().flatten(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_parsed_from_each_toolchains_banner() {
        assert_eq!(parse_version("Python 3.11.2\n").as_deref(), Some("3.11.2"));
        assert_eq!(parse_version("v20.20.2\n").as_deref(), Some("20.20.2"));
        assert_eq!(parse_version("javac 17.0.15\n").as_deref(), Some("17.0.15"));
        assert_eq!(
            parse_version("openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime").as_deref(),
            Some("17.0.15")
        );
        assert_eq!(parse_version("12.2.0\n").as_deref(), Some("12.2.0"));
        assert_eq!(parse_version("no version here"), None);
    }

    #[test]
    fn a_missing_binary_makes_its_language_unavailable() {
        let config = SandboxConfig {
            python: Some("/nonexistent/python3".into()),
            ..SandboxConfig::default()
        };
        let tools = discover_all(&config);
        assert!(!tools.available(Language::Python));
        assert_eq!(tools.version(Language::Python), "");
    }
}
