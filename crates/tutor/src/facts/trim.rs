//! Trimming long error text to what a learner (and the tutor) needs: the first error with its
//! source excerpt, and the learner's own frames of a stack trace. A 19 KB g++ template error
//! becomes its first `error:` line; a 1,000-frame `StackOverflowError` becomes the exception and
//! one learner frame marked as repeated. The result still parses as the toolchain's own output,
//! so the error knowledge base reads it the same way.

use std::sync::LazyLock;

use regex::Regex;

use crate::context::Lang;

/// The most error text kept after trimming; beyond it the middle is cut.
pub const TRIMMED_LIMIT: usize = 6_000;
/// Text shorter than this is left alone: it is already readable.
const SHORT: usize = 1_500;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid regex"));
    };
}

re!(
    GXX_DIAG,
    r"^(?P<file>[^\s:]+\.(?:cpp|cc|cxx|hpp|hh|h|tcc)|/[^\s:]+):(?P<line>\d+):(?:\d+:)? (?P<sev>error|fatal error|warning|note):"
);
re!(GXX_EXCERPT, r"^\s*(?:\d+\s*)?\|");
re!(JAVAC_DIAG, r"^\S+\.java:\d+: (?:error|warning):");
re!(JAVAC_COUNT, r"^\d+ (?:errors?|warnings?)$");
re!(JAVA_FRAME, r"^\s+at ");
re!(JS_FRAME, r"^\s+at ");

fn is_system_path(p: &str) -> bool {
    p.starts_with('/') && (p.starts_with("/usr/") || p.contains("/include/") || p.contains("/lib/"))
}

/// Trims `text` to the first error and the learner's frames. `lang` may be unknown; the text
/// is then recognised by its shape.
pub fn trim_error(lang: Option<Lang>, text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    if text.len() <= SHORT {
        return text;
    }
    let lines: Vec<&str> = text.lines().collect();
    let looks_gxx = lines.iter().any(|l| {
        GXX_DIAG
            .captures(l)
            .is_some_and(|c| &c["sev"] == "error" || &c["sev"] == "fatal error")
    });
    let looks_javac = lines.iter().any(|l| JAVAC_DIAG.is_match(l));
    let trimmed = match lang {
        _ if looks_gxx && lang.is_none_or(|l| l == Lang::Cpp) => trim_gxx(&lines),
        _ if looks_javac && lang.is_none_or(|l| l == Lang::Java) => trim_javac(&lines),
        Some(Lang::Java) | None
            if text.contains("Exception in thread") || text.contains("\tat ") =>
        {
            trim_java_trace(&lines)
        }
        Some(Lang::Python) | None if text.contains("Traceback (most recent call last)") => {
            trim_python(&lines)
        }
        Some(Lang::Javascript) => trim_js(&lines),
        _ => text.clone(),
    };
    clip_middle(&trimmed, TRIMMED_LIMIT)
}

/// g++: the first error in the learner's file with its excerpt, the "In function" line before
/// it, and a count of the rest. Notes (the long candidate lists) are dropped.
fn trim_gxx(lines: &[&str]) -> String {
    let is_error = |l: &str| {
        GXX_DIAG
            .captures(l)
            .filter(|c| &c["sev"] == "error" || &c["sev"] == "fatal error")
            .map(|c| !is_system_path(&c["file"]))
    };
    let first = lines
        .iter()
        .position(|l| is_error(l) == Some(true))
        .or_else(|| lines.iter().position(|l| is_error(l).is_some()));
    let Some(first) = first else {
        return lines.join("\n");
    };
    let mut out: Vec<String> = Vec::new();
    // The "In function 'int main()':" header names where the error is.
    if let Some(h) = lines[..first]
        .iter()
        .rev()
        .take(3)
        .find(|l| l.contains("In function") || l.contains("In member function"))
    {
        out.push(h.to_string());
    }
    out.push(lines[first].to_string());
    for l in &lines[first + 1..] {
        if GXX_EXCERPT.is_match(l) {
            out.push(l.to_string());
        } else {
            break;
        }
    }
    let more = lines[first + 1..]
        .iter()
        .filter(|l| is_error(l).is_some())
        .count();
    if more > 0 {
        out.push(format!(
            "[codestead: {more} more error{} after this one, often caused by the first; fix the first one first]",
            if more == 1 { "" } else { "s" }
        ));
    }
    out.join("\n")
}

/// javac: the first error block (message, source line, caret) and the error count.
fn trim_javac(lines: &[&str]) -> String {
    let Some(first) = lines.iter().position(|l| JAVAC_DIAG.is_match(l)) else {
        return lines.join("\n");
    };
    let mut out = vec![lines[first].to_string()];
    for l in lines[first + 1..].iter().take(6) {
        if JAVAC_DIAG.is_match(l) || JAVAC_COUNT.is_match(l.trim()) {
            break;
        }
        out.push(l.to_string());
    }
    if let Some(count) = lines.iter().rev().find(|l| JAVAC_COUNT.is_match(l.trim())) {
        out.push(count.to_string());
    }
    out.join("\n")
}

/// A JVM stack trace: the exception line(s), the learner's frames (runs of the same frame
/// collapsed), the first JDK frame for context, and every `Caused by:`.
fn trim_java_trace(lines: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut last_frame: Option<&str> = None;
    let mut repeats = 0usize;
    let mut jdk_kept = 0usize;
    let mut learner_kept = 0usize;
    let flush = |out: &mut Vec<String>, repeats: &mut usize| {
        if *repeats > 0 {
            out.push(format!(
                "\t... the line above repeated {repeats} more times"
            ));
            *repeats = 0;
        }
    };
    for &l in lines {
        if JAVA_FRAME.is_match(l) {
            if last_frame == Some(l) {
                repeats += 1;
                continue;
            }
            flush(&mut out, &mut repeats);
            last_frame = Some(l);
            let jdk = l.contains("java.base/")
                || l.contains("jdk.internal")
                || l.contains("(Native Method)");
            if jdk {
                if jdk_kept < 1 {
                    out.push(l.to_string());
                }
                jdk_kept += 1;
            } else if learner_kept < 12 {
                out.push(l.to_string());
                learner_kept += 1;
            }
        } else if l.trim_start().starts_with("... ") && l.trim_end().ends_with("more") {
            flush(&mut out, &mut repeats);
        } else {
            flush(&mut out, &mut repeats);
            last_frame = None;
            if out.len() < 200 {
                out.push(l.chars().take(500).collect());
            }
        }
    }
    flush(&mut out, &mut repeats);
    out.join("\n")
}

/// A Python traceback: the header, the last frames and the exception (Python puts the error
/// last). Repeated frames are already collapsed by Python itself.
fn trim_python(lines: &[&str]) -> String {
    let start = lines
        .iter()
        .rposition(|l| l.starts_with("Traceback (most recent call last)"))
        .unwrap_or(0);
    let body = &lines[start..];
    if body.len() <= 40 {
        return body.join("\n");
    }
    let mut out = vec![
        body[0].to_string(),
        "  [codestead: earlier frames left out]".into(),
    ];
    out.extend(body[body.len() - 30..].iter().map(|l| l.to_string()));
    out.join("\n")
}

/// Node: everything up to the error line, then the learner's frames only.
fn trim_js(lines: &[&str]) -> String {
    let mut out = Vec::new();
    let mut frames = 0;
    for &l in lines {
        if JS_FRAME.is_match(l) {
            if !l.contains("node:") && frames < 5 {
                out.push(l.to_string());
                frames += 1;
            }
        } else if out.len() < 60 {
            out.push(l.chars().take(500).collect::<String>());
        }
    }
    out.join("\n")
}

fn clip_middle(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let half = max / 2;
    let mut h = half;
    while !s.is_char_boundary(h) {
        h -= 1;
    }
    let mut t = s.len() - half;
    while !s.is_char_boundary(t) {
        t += 1;
    }
    format!("{}\n[codestead: output shortened]\n{}", &s[..h], &s[t..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gxx_vector_error() -> String {
        let mut s = String::from(
            "main.cpp: In function 'int main()':\nmain.cpp:7:10: error: no match for 'operator<<' (operand types are 'std::ostream' {aka 'std::basic_ostream<char>'} and 'std::vector<int>')\n    7 |     cout << v << endl;\n      |     ~~~~ ^~ ~\n      |     |       |\n      |     |       std::vector<int>\n      |     std::ostream {aka std::basic_ostream<char>}\n",
        );
        for i in 0..200 {
            s.push_str(&format!("/usr/include/c++/12/ostream:{i}:7: note: candidate: 'std::basic_ostream<_CharT, _Traits>::__ostream_type& std::basic_ostream<_CharT, _Traits>::operator<<(long)'\n  {i} |       operator<<(long __n)\n      |       ^~~~~~~~\n"));
        }
        s.push_str("main.cpp:9:5: error: 'y' was not declared in this scope\n");
        s
    }

    #[test]
    fn a_long_template_error_keeps_only_the_first_error_in_the_learners_file() {
        let raw = gxx_vector_error();
        assert!(raw.len() > 19_000);
        let t = trim_error(Some(Lang::Cpp), &raw);
        assert!(t.len() < 1_000, "{}", t.len());
        assert!(t.contains("main.cpp:7:10: error: no match for 'operator<<'"));
        assert!(t.contains("cout << v << endl;"));
        assert!(!t.contains("candidate"));
        assert!(t.contains("1 more error"));
    }

    #[test]
    fn a_stack_overflow_trace_collapses_to_the_learners_repeated_frame() {
        let mut raw = String::from("Exception in thread \"main\" java.lang.StackOverflowError\n");
        for _ in 0..1024 {
            raw.push_str("\tat Main.countDown(Main.java:3)\n");
        }
        let t = trim_error(Some(Lang::Java), &raw);
        assert!(t.len() < 300, "{t}");
        assert!(t.starts_with("Exception in thread \"main\" java.lang.StackOverflowError"));
        assert!(t.contains("at Main.countDown(Main.java:3)"));
        assert!(t.contains("repeated 1023 more times"));
    }

    #[test]
    fn short_text_is_left_as_it_is() {
        let raw = "Traceback (most recent call last):\n  File \"main.py\", line 1, in <module>\nNameError: name 'x' is not defined\n";
        assert_eq!(trim_error(Some(Lang::Python), raw), raw);
    }

    #[test]
    fn anything_else_is_capped() {
        let raw = "x".repeat(100_000);
        assert!(trim_error(None, &raw).len() <= TRIMMED_LIMIT + 40);
    }
}
