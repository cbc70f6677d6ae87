//! The guard after generation: code in an answer (fenced, or unfenced lines that look like code)
//! is held back until its block ends and checked; a block that reproduces the exercise's reference
//! solution or is a complete corrected program is replaced by the next rung of the hint ladder,
//! and the rest of the answer is dropped. Prose streams through as it arrives.

use std::sync::LazyLock;

use regex::Regex;
use similar::{Algorithm, DiffOp};

use crate::context::Lang;

/// Why an answer was blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leak {
    ReferenceSolution,
    CompleteProgram,
}

/// Shortest run of equal characters that counts as copied (shorter ones are coincidence).
const MIN_RUN: usize = 6;
/// Share of the reference's own (non-starter) code that, once shown, counts as giving it away.
const REFERENCE_SHARE: f64 = 0.6;

fn compact(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `line` without the number the prompt puts before each line of the learner's code
/// (`  3 | total += n`, see `context::numbered`). Models echo that format back: a small local
/// model answering "show me the fixed program" copies the numbered listing, and with the
/// number in front no line of Python looks like code and no line matches the reference.
fn unnumbered(line: &str) -> &str {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*\d{1,4} \| ?").expect("valid"));
    match NUMBER.find(line) {
        Some(m) => &line[m.end()..],
        None => line,
    }
}

fn normal_lines(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| {
            unnumbered(l)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| l.len() > 1 && !matches!(l.as_str(), "{" | "}" | "};" | ");" | "```"))
        .collect()
}

/// Does `shown` reproduce most of `reference`? Lines the learner already has (the starter,
/// boilerplate such as `import java.util.Scanner;`) are not secret and are left out of the measure.
pub fn reveals_reference(shown: &str, reference: &str, learner_code: Option<&str>) -> bool {
    let learner: Vec<String> = learner_code.map(normal_lines).unwrap_or_default();
    let secret: String = normal_lines(reference)
        .into_iter()
        .filter(|l| !learner.contains(l))
        .collect::<Vec<_>>()
        .join("\n");
    let mut target = compact(&secret);
    if target.len() < 10 {
        target = compact(reference);
    }
    let shown = compact(shown);
    if target.len() < 10 || shown.len() < target.len() / 3 {
        return false;
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(50);
    let ops = capture_diff_slices_deadline(&target, &shown, deadline);
    let copied: usize = ops
        .iter()
        .filter_map(|op| match op {
            DiffOp::Equal { len, .. } if *len >= MIN_RUN => Some(*len),
            _ => None,
        })
        .sum();
    copied as f64 / target.len() as f64 >= REFERENCE_SHARE
}

/// Does `block` show three or more of the reference's own lines verbatim (whitespace aside)?
/// Catches a solution handed out one function at a time, before the whole crosses the share.
pub fn copies_reference_lines(block: &str, reference: &str, learner_code: Option<&str>) -> bool {
    let learner: Vec<String> = learner_code.map(normal_lines).unwrap_or_default();
    let secret: Vec<String> = normal_lines(reference)
        .into_iter()
        .filter(|l| l.len() >= 6 && !learner.contains(l))
        .collect();
    let copied = normal_lines(block)
        .iter()
        .filter(|l| secret.contains(l))
        .count();
    copied >= 3
}

fn capture_diff_slices_deadline(
    a: &[char],
    b: &[char],
    deadline: std::time::Instant,
) -> Vec<DiffOp> {
    similar::capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(deadline))
}

/// Is `shown` a whole program: one with an entry point and a body, or a rewrite of most of the
/// learner's own program with changes?
pub fn is_complete_program(shown: &str, learner_code: Option<&str>, lang: Option<Lang>) -> bool {
    static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\bint\s+main\s*\(|static\s+void\s+main\s*\(|if\s+__name__\s*==|^\s*def\s+main\s*\(",
        )
        .expect("valid")
    });
    let lines = normal_lines(shown);
    if lines.len() >= 5 && ENTRY.is_match(shown) {
        return true;
    }
    let _ = lang;
    let Some(learner) = learner_code.map(normal_lines) else {
        return false;
    };
    let n = learner.len();
    if n < 4 {
        return false;
    }
    let needed = ((n as f64) * 0.8).ceil() as usize;
    let same = lines.iter().filter(|l| learner.contains(l)).count();
    let changed = lines.len() - same;
    lines.len() >= needed.max(4) && same * 2 >= lines.len() && changed >= 1
}

/// Heuristic for unfenced code: what a line of Python, JavaScript, Java or C++ tends to look like.
pub fn looks_like_code(line: &str) -> bool {
    static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:def|class|for|while|if|elif|else|return|import|from|print|let|const|var|function|public|private|static|int|double|float|char|bool|boolean|string|String|void|auto|std::|#include|using|System\.|console\.|try|except|catch)\b").expect("valid")
    });
    static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[A-Za-z_][\w.\[\]]*\s*(?:=|\+=|-=|\*=|/=)\s*[^=\s]").expect("valid")
    });
    let line = unnumbered(line);
    let t = line.trim();
    if t.is_empty() || t.starts_with("```") {
        return false;
    }
    if t.starts_with("//") || t.starts_with("/*") {
        return true;
    }
    if line.starts_with("    ") || line.starts_with('\t') {
        return !t.starts_with(['-', '*', '>'])
            && !t.chars().next().is_some_and(|c| c.is_ascii_digit());
    }
    t.ends_with(';')
        || t.ends_with('{')
        || t == "}"
        || (KEYWORD.is_match(t)
            && (t.contains('(') || t.ends_with(':') || t.contains('=') || t.contains('{')))
        || ASSIGN.is_match(t)
}

fn looks_like_prose(partial: &str) -> bool {
    let t = partial.trim_start();
    if partial.starts_with([' ', '\t']) || t.starts_with("```") || looks_like_code(partial) {
        return false;
    }
    let words = t
        .split_whitespace()
        .filter(|w| w.chars().all(|c| c.is_alphabetic() || ",.'!?:".contains(c)))
        .count();
    words >= 4 && !t.contains(';') && !t.contains('{') && !t.contains(" = ")
}

#[derive(PartialEq, Eq)]
enum Block {
    None,
    Fenced,
    Implicit,
}

/// Streaming filter over answer text.
pub struct Guard {
    reference: Option<String>,
    learner_code: Option<String>,
    lang: Option<Lang>,
    line: String,
    /// Bytes of `line` already sent (a prose line streams before its end).
    line_sent: usize,
    block: Block,
    held: String,
    all_code: String,
    tripped: Option<Leak>,
    replacement: Option<Box<dyn FnOnce() -> String + Send>>,
}

impl Guard {
    /// `replacement` produces the text that stands in for a blocked answer (the next rung).
    pub fn new(
        reference: Option<String>,
        learner_code: Option<String>,
        lang: Option<Lang>,
        replacement: Box<dyn FnOnce() -> String + Send>,
    ) -> Self {
        Self {
            reference: reference.filter(|r| !r.trim().is_empty()),
            learner_code,
            lang,
            line: String::new(),
            line_sent: 0,
            block: Block::None,
            held: String::new(),
            all_code: String::new(),
            tripped: None,
            replacement: Some(replacement),
        }
    }

    pub fn tripped(&self) -> Option<Leak> {
        self.tripped
    }

    /// Feeds a piece of the answer; returns what may be shown now.
    pub fn push(&mut self, delta: &str) -> String {
        let mut out = String::new();
        if self.tripped.is_some() {
            return out;
        }
        self.line.push_str(delta);
        while let Some(nl) = self.line.find('\n') {
            let line: String = self.line.drain(..=nl).collect();
            let sent = std::mem::take(&mut self.line_sent);
            self.on_line(&line, sent, &mut out);
            if self.tripped.is_some() {
                return out;
            }
        }
        if self.block == Block::None && !self.line.is_empty() {
            if self.line_sent > 0 {
                out.push_str(&self.line[self.line_sent..]);
                self.line_sent = self.line.len();
            } else if self.line.len() >= 24 && looks_like_prose(&self.line) {
                out.push_str(&self.line);
                self.line_sent = self.line.len();
            }
        }
        out
    }

    /// The answer ended: checks and releases whatever is still held.
    pub fn finish(&mut self) -> String {
        let mut out = String::new();
        if self.tripped.is_some() {
            return out;
        }
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            let sent = std::mem::take(&mut self.line_sent);
            self.on_line(&line, sent, &mut out);
        }
        if self.block != Block::None {
            self.close_block(&mut out);
        }
        out
    }

    fn on_line(&mut self, line: &str, sent: usize, out: &mut String) {
        if sent > 0 {
            out.push_str(&line[sent..]);
            return;
        }
        let fence = line.trim_start().starts_with("```");
        match self.block {
            Block::Fenced => {
                self.held.push_str(line);
                // As in CommonMark, a closing fence has no info string: after a bare ``` line a
                // model (Gemma 3 270M does) may write ```cpp, which a renderer shows as code
                // inside the same block; closing there would put our replacement in that block.
                if fence && line.trim().trim_start_matches('`').is_empty() {
                    self.close_block(out);
                }
            }
            Block::Implicit
                if fence
                    || (!looks_like_code(line)
                        && !line.trim().is_empty()
                        && !line.trim_start().starts_with(['#', '*'])) =>
            {
                self.close_block(out);
                if self.tripped.is_none() {
                    self.on_line(line, 0, out);
                }
            }
            Block::Implicit => self.held.push_str(line),
            Block::None if fence => {
                self.block = Block::Fenced;
                self.held.push_str(line);
            }
            Block::None if looks_like_code(line) => {
                self.block = Block::Implicit;
                self.held.push_str(line);
            }
            Block::None => out.push_str(line),
        }
    }

    fn close_block(&mut self, out: &mut String) {
        self.block = Block::None;
        let held = std::mem::take(&mut self.held);
        let code: String = held
            .lines()
            .filter(|l| !l.trim_start().starts_with("```"))
            .collect::<Vec<_>>()
            .join("\n");
        self.all_code.push_str(&code);
        self.all_code.push('\n');
        let learner = self.learner_code.as_deref();
        let reference = self.reference.as_deref();
        let leak = if reference.is_some_and(|r| {
            reveals_reference(&self.all_code, r, learner)
                || copies_reference_lines(&code, r, learner)
        }) {
            Some(Leak::ReferenceSolution)
        } else if is_complete_program(&code, learner, self.lang) {
            Some(Leak::CompleteProgram)
        } else {
            None
        };
        match leak {
            None => out.push_str(&held),
            Some(leak) => {
                self.tripped = Some(leak);
                if let Some(r) = self.replacement.take() {
                    if !out.is_empty() && !out.ends_with("\n\n") {
                        out.push('\n');
                    }
                    out.push_str(&r());
                }
            }
        }
    }
}

/// Runs a whole answer through the guard at once.
pub fn guard_text(
    text: &str,
    reference: Option<&str>,
    learner_code: Option<&str>,
    lang: Option<Lang>,
    replacement: impl FnOnce() -> String + Send + 'static,
) -> (String, Option<Leak>) {
    let mut g = Guard::new(
        reference.map(str::to_owned),
        learner_code.map(str::to_owned),
        lang,
        Box::new(replacement),
    );
    let mut out = g.push(text);
    out.push_str(&g.finish());
    (out, g.tripped())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE: &str = "n = int(input())\ntotal = 0\nfor i in range(1, n + 1):\n    total += i * i\nprint(total)\n";

    #[test]
    fn a_fenced_copy_of_the_reference_is_replaced_by_the_hint() {
        let answer = format!("Sure, here it is:\n\n```python\n{REFERENCE}```\nThat's all.");
        let (out, leak) = guard_text(&answer, Some(REFERENCE), None, Some(Lang::Python), || {
            "HINT".into()
        });
        assert_eq!(leak, Some(Leak::ReferenceSolution));
        assert!(
            out.contains("HINT") && !out.contains("total += i * i"),
            "{out}"
        );
    }

    #[test]
    fn an_unfenced_reworded_reference_is_still_caught() {
        let answer = "Try this:\nn=int(input())\ntotal=0\nfor i in range(1,n+1):\n    total+=i*i\nprint(total)\nGood luck!";
        let (out, leak) = guard_text(answer, Some(REFERENCE), None, Some(Lang::Python), || {
            "HINT".into()
        });
        assert_eq!(leak, Some(Leak::ReferenceSolution), "{out}");
    }

    #[test]
    fn a_one_line_hint_passes_untouched_even_when_fed_a_character_at_a_time() {
        let answer = "Look at line 3.\n\n```python\nfor i in range(1, ___):\n```\nWhat is the last number you need?";
        let mut g = Guard::new(
            Some(REFERENCE.into()),
            None,
            Some(Lang::Python),
            Box::new(|| "HINT".into()),
        );
        let mut out = String::new();
        for c in answer.chars() {
            out.push_str(&g.push(&c.to_string()));
        }
        out.push_str(&g.finish());
        assert_eq!(out, answer);
        assert_eq!(g.tripped(), None);
    }

    #[test]
    fn prose_streams_before_its_line_ends() {
        let mut g = Guard::new(None, None, None, Box::new(String::new));
        assert_eq!(
            g.push("The error is on line three of your"),
            "The error is on line three of your"
        );
        assert_eq!(g.push(" program"), " program");
    }

    #[test]
    fn the_reference_echoed_with_the_prompts_line_numbers_is_caught() {
        // What Gemma 3 270M answered when asked for the fixed program: the numbered listing
        // of the prompt, unfenced.
        let numbered: String = REFERENCE
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{:>3} | {l}\n", i + 1))
            .collect();
        let answer = format!("Here is your program:\n{numbered}Does it work now?");
        let (out, leak) = guard_text(&answer, Some(REFERENCE), None, Some(Lang::Python), || {
            "HINT".into()
        });
        assert_eq!(leak, Some(Leak::ReferenceSolution), "{out}");
        assert!(!out.contains("total += i * i"), "{out}");
    }

    #[test]
    fn a_fence_with_an_info_string_does_not_close_an_open_block() {
        let answer = "```\n```cpp\n  4 | int main() {\n  5 |     int total = 0;\n  6 |     for (int i = 0; i < 3; i++) {\n  7 |         total += i;\n  8 |     }\n  9 |     return total;\n 10 | }\n```\nThat is all.";
        let (out, leak) = guard_text(answer, None, None, Some(Lang::Cpp), || "HINT".into());
        assert_eq!(leak, Some(Leak::CompleteProgram), "{out}");
        assert_eq!(
            out, "HINT",
            "nothing of the block, the replacement outside any fence"
        );
    }

    #[test]
    fn a_complete_corrected_program_is_blocked_without_a_reference() {
        let learner =
            "nums = [3, 1, 2]\ni = 0\nwhile i <= len(nums):\n    print(nums[i])\n    i += 1\n";
        let fixed = "```python\nnums = [3, 1, 2]\ni = 0\nwhile i < len(nums):\n    print(nums[i])\n    i += 1\n```";
        let (_, leak) = guard_text(fixed, None, Some(learner), Some(Lang::Python), || {
            "HINT".into()
        });
        assert_eq!(leak, Some(Leak::CompleteProgram));
    }
}
