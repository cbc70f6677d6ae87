//! The repair search for Java and C++ (see [`super::repair`]): a compile per mutant would cost
//! far more than the first-text budget (a cold javac is about 1 s, g++ 0.5 s), but one compile
//! of *all* mutants costs about what one does (60 copies of a beginner's program in one g++ run:
//! 0.8 s at `-O2` against 0.65 s for one; javac: 1.2 s cold for 60 classes against 1.2 s for
//! one). So every mutant goes into one compilation unit, each in its own namespace (C++) or
//! wrapper class (Java) so that their names do not clash, beside a driver
//! ([`repair_driver.cpp`](repair_driver.cpp), [`RepairDriver.java`](RepairDriver.java)) that
//! runs each one on each input, in a forked child (C++) or a thread with a fresh class loader
//! (Java).
//!
//! A mutant that does not compile (an edit that breaks the types) would fail the whole unit:
//! the compiler's error lines name the mutants to drop, and the unit is compiled once more
//! without them.

use codestead_sandbox::{Language, RunRequest, Sandbox, SourceFile, Status};
use regex::Regex;
use std::sync::LazyLock;

const CPP_DRIVER: &str = include_str!("repair_driver.cpp");
const JAVA_DRIVER: &str = include_str!("RepairDriver.java");
const CPP_FILE: &str = "main.cpp";
const JAVA_FILE: &str = "CodesteadRepair.java";

/// One compilation unit holding the original (first) and the mutants.
struct Unit {
    source: String,
    /// The unit's line range (1-based, inclusive) of each program, in `sources` order.
    ranges: Vec<(usize, usize)>,
}

/// The learner's `main` as the C++ unit renames it.
static CPP_MAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bint\s+main\s*\(\s*(void)?\s*\)").expect("valid"));
static JAVA_TOP_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^((public|final|abstract|sealed|strictfp)\s+)*(class|interface|enum|record)\s+(\w+)",
    )
    .expect("valid")
});
static JAVA_MAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bstatic\s+void\s+main\s*\(").expect("valid"));

fn cpp_unit(sources: &[&str]) -> Option<Unit> {
    // Every program must have a plain `int main()`; `main(int argc, ...)` is left alone.
    if !sources.iter().all(|s| CPP_MAIN.find_iter(s).count() == 1) {
        return None;
    }
    let mut includes: Vec<&str> = Vec::new();
    for l in sources[0].lines() {
        let t = l.trim_start();
        if t.starts_with("#include") && !includes.contains(&t) {
            includes.push(t);
        }
    }
    let mut out = String::new();
    for i in &includes {
        out.push_str(i);
        out.push('\n');
    }
    out.push_str(CPP_DRIVER);
    out.push('\n');
    let mut line = out.lines().count();
    let mut ranges = Vec::new();
    for (k, src) in sources.iter().enumerate() {
        out.push_str(&format!("namespace codestead_m{k} {{\n"));
        line += 1;
        let start = line + 1;
        let renamed = CPP_MAIN.replace(src, "int codestead_main()");
        let mut n = 0;
        for l in renamed.lines() {
            // `#include` inside a namespace would declare the library in it: hoisted above.
            if l.trim_start().starts_with("#include") {
                out.push('\n');
            } else {
                out.push_str(l);
                out.push('\n');
            }
            n += 1;
        }
        line += n;
        ranges.push((start, line));
        out.push_str("}\n");
        line += 1;
    }
    out.push_str("int main() {\n    static const codestead_driver::Entry entries[] = {\n");
    for k in 0..sources.len() {
        out.push_str(&format!("        codestead_m{k}::codestead_main,\n"));
    }
    out.push_str(&format!(
        "    }};\n    return codestead_driver::drive(entries, {});\n}}\n",
        sources.len()
    ));
    Some(Unit {
        source: out,
        ranges,
    })
}

/// The binary name of the class whose `main` the learner's program runs, inside wrapper `k`.
fn java_main_class(src: &str, k: usize) -> Option<String> {
    let main_at = JAVA_MAIN.find(src)?.start();
    let mut name = None;
    let mut offset = 0;
    for l in src.split_inclusive('\n') {
        if offset > main_at {
            break;
        }
        if let Some(c) = JAVA_TOP_TYPE.captures(l) {
            name = c.get(4).map(|m| m.as_str().to_string());
        }
        offset += l.len();
    }
    Some(format!("CodesteadM{k}${}", name?))
}

fn java_unit(sources: &[&str]) -> Option<Unit> {
    let mains: Vec<String> = sources
        .iter()
        .enumerate()
        .map(|(k, s)| java_main_class(s, k))
        .collect::<Option<_>>()?;
    let mut imports: Vec<&str> = Vec::new();
    for l in sources[0].lines() {
        let t = l.trim();
        if t.starts_with("import ") && !imports.contains(&t) {
            imports.push(t);
        }
    }
    let mut out = String::new();
    for i in &imports {
        out.push_str(i);
        out.push('\n');
    }
    let quoted: Vec<String> = mains.iter().map(|m| format!("\"{m}\"")).collect();
    out.push_str(&JAVA_DRIVER.replace("/*CODESTEAD_MAIN_CLASSES*/", &quoted.join(", ")));
    out.push('\n');
    let mut line = out.lines().count();
    let mut ranges = Vec::new();
    for (k, src) in sources.iter().enumerate() {
        out.push_str(&format!("class CodesteadM{k} {{\n"));
        line += 1;
        let start = line + 1;
        let mut n = 0;
        for l in src.lines() {
            let t = l.trim_start();
            if t.starts_with("import ") || t.starts_with("package ") {
                out.push('\n');
            } else if l.len() == t.len() && JAVA_TOP_TYPE.is_match(l) {
                // A top-level type becomes a static member of its wrapper.
                out.push_str("static ");
                out.push_str(l);
                out.push('\n');
            } else {
                out.push_str(l);
                out.push('\n');
            }
            n += 1;
        }
        line += n;
        ranges.push((start, line));
        out.push_str("}\n");
        line += 1;
    }
    Some(Unit {
        source: out,
        ranges,
    })
}

/// The programs (indices into `sources`) the compiler output blames, or `None` when an error
/// lies outside every program (then nothing can be dropped to make the unit compile).
fn blamed(output: &str, file: &str, ranges: &[(usize, usize)]) -> Option<Vec<usize>> {
    let re = Regex::new(&format!(
        r"(?m)^{}:(\d+):(?:\d+:)? error",
        regex::escape(file)
    ))
    .ok()?;
    let mut out = Vec::new();
    for c in re.captures_iter(output) {
        let n: usize = c[1].parse().ok()?;
        let k = ranges.iter().position(|&(s, e)| (s..=e).contains(&n))?;
        if !out.contains(&k) {
            out.push(k);
        }
    }
    (!out.is_empty()).then_some(out)
}

fn hex_decode(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect();
    Some(String::from_utf8_lossy(&bytes?).into_owned())
}

#[derive(serde::Deserialize)]
struct Report {
    outputs: Vec<String>,
    runs: Vec<Vec<i64>>,
}

/// Runs the original (first of `sources`) and every mutant on every input: one row per
/// program (`None` where it crashed, ran over or did not compile).
pub async fn run(
    sandbox: &Sandbox,
    language: Language,
    sources: &[&str],
    stdins: &[String],
    per_run_ms: u64,
    total_ms: u64,
) -> Option<Vec<Vec<Option<String>>>> {
    let mut keep: Vec<usize> = (0..sources.len()).collect();
    let started = std::time::Instant::now();
    // javac stops at 100 errors: a few rounds may be needed. A later round starts only while
    // half the run budget is left, so one search is bounded (about one compile plus two run
    // budgets) instead of growing with every round (a Java search once took 7.8 s).
    for attempt in 0..4 {
        if attempt > 0 && started.elapsed() >= std::time::Duration::from_millis(total_ms / 2) {
            tracing::debug!(attempt, "compiled repair search out of time");
            return None;
        }
        let kept: Vec<&str> = keep.iter().map(|&k| sources[k]).collect();
        let (unit, file) = match language {
            Language::Cpp => (cpp_unit(&kept)?, CPP_FILE),
            Language::Java => (java_unit(&kept)?, JAVA_FILE),
            _ => return None,
        };
        let nonce = format!("codestead-repair-{:016x}:", rand::random::<u64>());
        let mut payload = format!("{nonce}\n{per_run_ms} {total_ms} {}\n", stdins.len());
        for s in stdins {
            payload.push_str(&format!("{}\n{s}", s.len()));
        }
        let request = RunRequest {
            language,
            files: vec![SourceFile::new(file, unit.source)],
            entry: Some(file.into()),
            stdin: payload,
        };
        let outcome = Box::pin(sandbox.run(request)).await;
        match outcome.status {
            Status::Ok => {}
            Status::CompileError => {
                let output = outcome.compile_output.unwrap_or_default();
                let bad = blamed(&output, file, &unit.ranges)?;
                if bad.contains(&0) {
                    return None;
                }
                let dropped: Vec<usize> = bad.iter().map(|&i| keep[i]).collect();
                tracing::debug!(
                    dropped = dropped.len(),
                    "repair mutants that do not compile"
                );
                keep.retain(|k| !dropped.contains(k));
                continue;
            }
            other => {
                tracing::debug!(status = other.id(), "compiled repair search did not finish");
                return None;
            }
        }
        let line = outcome
            .stdout
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix(nonce.as_str()))?;
        let report: Report = serde_json::from_str(line).ok()?;
        if report.runs.len() != keep.len() {
            return None;
        }
        let outputs: Vec<String> = report
            .outputs
            .iter()
            .map(|h| hex_decode(h))
            .collect::<Option<_>>()?;
        let mut rows: Vec<Vec<Option<String>>> = vec![Vec::new(); sources.len()];
        for (row, &k) in report.runs.iter().zip(&keep) {
            rows[k] = row
                .iter()
                .map(|&i| {
                    usize::try_from(i)
                        .ok()
                        .and_then(|i| outputs.get(i).cloned())
                })
                .collect();
        }
        return Some(rows);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cpp_unit_renames_main_hoists_includes_and_maps_lines() {
        let a = "#include <iostream>\nusing namespace std;\nint main() {\n    cout << 1;\n}\n";
        let b = "#include <iostream>\nusing namespace std;\nint main() {\n    cout << 2;\n}\n";
        let unit = cpp_unit(&[a, b]).expect("unit");
        assert!(unit.source.starts_with("#include <iostream>\n"));
        assert!(unit.source.contains("namespace codestead_m1 {"));
        assert_eq!(unit.source.matches("int codestead_main()").count(), 2);
        let lines: Vec<&str> = unit.source.lines().collect();
        let (s, e) = unit.ranges[1];
        assert_eq!(lines[s - 1 + 3], "    cout << 2;");
        assert_eq!(e - s + 1, b.lines().count());
        // An error reported on the second program's line blames it alone.
        let output = format!("main.cpp:{}:5: error: boom\n", s + 3);
        assert_eq!(blamed(&output, "main.cpp", &unit.ranges), Some(vec![1]));
        assert_eq!(
            blamed("main.cpp:1:1: error: x\n", "main.cpp", &unit.ranges),
            None
        );
        assert!(cpp_unit(&["int main(int argc, char** argv) { return 0; }"]).is_none());
    }

    #[test]
    fn a_java_unit_nests_the_learner_classes_and_finds_main() {
        let a = "import java.util.Scanner;\n\npublic class Grades {\n    public static void main(String[] args) {\n        System.out.println(1);\n    }\n}\nclass Helper {}\n";
        let unit = java_unit(&[a, a]).expect("unit");
        assert!(unit.source.starts_with("import java.util.Scanner;\n"));
        assert!(
            unit.source
                .contains("\"CodesteadM0$Grades\", \"CodesteadM1$Grades\"")
        );
        assert!(unit.source.contains("static public class Grades {"));
        assert!(unit.source.contains("static class Helper {}"));
        let lines: Vec<&str> = unit.source.lines().collect();
        let (s, _) = unit.ranges[1];
        assert_eq!(lines[s - 1 + 4], "        System.out.println(1);");
        assert_eq!(hex_decode("48690a").as_deref(), Some("Hi\n"));
    }
}
