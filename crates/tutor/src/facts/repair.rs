//! Repair search: small, typical edits of the learner's program (a boundary `<` for `<=`, a
//! bound one off, `/` for `//`, a line moved into or out of a loop, `input()` left as text, …),
//! each a *mutant*. The server runs every mutant on the same input in the sandbox; a mutant
//! whose output is what was expected (the learner's stated expectation, or every test of the
//! exercise) proves where the bug is and what kind it is, whatever the program is about. This is
//! the general fact behind logic bugs, where no error message points anywhere.
//!
//! The edits are generated from the code alone (no knowledge of any particular exercise), in
//! the order of how often beginners make them, and capped. Text inside strings and comments is
//! never edited. The repair is a fact for the tutor, not an answer: the tutor names the line and
//! the kind, asks about the token, and shows the edit only on the last rung.

use serde::{Deserialize, Serialize};

use crate::context::Lang;

/// Most mutants generated for one program (each costs one short in-process run).
pub const MAX_MUTANTS: usize = 400;

/// What a repairing edit changed, in a beginner's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairKind {
    /// `<` where `<=` was meant, or the other way round: the boundary value itself.
    Boundary,
    /// `<` where `>` was meant.
    ReversedComparison,
    /// `==` where `!=` was meant, or the other way round.
    NegatedCondition,
    /// A number, a range bound or an index one too high or too low.
    OffByOne,
    /// `/` (which always gives a decimal) where whole-number division `//` was meant.
    IntegerDivision,
    /// `//` (which drops the decimals) where `/` was meant.
    FloorDivision,
    /// `+` for `-`, `*` for `+`, …
    WrongOperator,
    /// `and` for `or`, or the other way round.
    LogicalOperator,
    /// `x = value` in a loop, which replaces the running total instead of adding to it.
    AccumulatorOverwritten,
    /// `+=` where `-=` was meant (or `=` where `+=` was not), …
    WrongCompoundOperator,
    /// A line after the loop that should run on every pass.
    IntoLoop,
    /// A line inside the loop (or `if`) that should run once, after it.
    OutOfLoop,
    /// A running total reset inside the loop, so it starts again on every pass.
    ResetInsideLoop,
    /// `input()` returns text; the program uses it as a number.
    InputNotConverted,
    /// `int(...)` drops the decimals where a decimal number was meant.
    IntTruncates,
    /// One variable used where another was meant.
    WrongVariable,
    /// A new `if` where the chain should go on (`elif` / `else if`): both branches can run.
    IfInsteadOfElif,
    /// The checks of an `if`/`elif` chain in an order where an earlier one catches the cases
    /// meant for a later one.
    ChecksInWrongOrder,
    /// Text compared as typed: case or surrounding spaces make it differ.
    CaseOrSpaces,
    /// `for (x in list)` gives the positions, `for (x of list)` the items (or the other way).
    ForInOf,
    /// `return` alone on its line: JavaScript ends the statement there and returns nothing.
    ReturnOnItsOwnLine,
    /// `obj.name` looks up the key called "name", `obj[name]` the key held in `name`.
    DotForBracket,
    /// A function that prints its result instead of returning it.
    PrintInsteadOfReturn,
    /// A function that computes its result and never returns it.
    MissingReturn,
    /// A value rounded or cut to a whole number where the decimals were wanted.
    RoundedTooEarly,
    /// `x = x.append(...)` / `x = x.sort()`: these change the list and return nothing.
    AssignedNone,
    /// `name.upper()` alone: text methods give a new text and leave the old one as it is.
    ResultNotKept,
    /// `=` (assignment) inside a condition where `===` (comparison) was meant.
    AssignmentInCondition,
    /// `a - b` where `b - a` was meant (a sort order, a difference).
    SwappedOperands,
    /// `split(" ")` splits at every single space and keeps empty pieces; `split()` does not.
    SplitOnOneSpace,
}

impl RepairKind {
    /// The error kind as the tutor names it.
    pub fn name(self) -> &'static str {
        match self {
            RepairKind::Boundary => "boundary condition (off by one)",
            RepairKind::ReversedComparison => "comparison the wrong way round",
            RepairKind::NegatedCondition => "condition the wrong way round",
            RepairKind::OffByOne => "off by one",
            RepairKind::IntegerDivision => "division gives a decimal",
            RepairKind::FloorDivision => "whole-number division drops the decimals",
            RepairKind::WrongOperator => "wrong operator",
            RepairKind::LogicalOperator => "and/or mixed up",
            RepairKind::AccumulatorOverwritten => "running total overwritten",
            RepairKind::WrongCompoundOperator => "wrong update operator",
            RepairKind::IntoLoop => "line outside the loop",
            RepairKind::OutOfLoop => "line inside the loop",
            RepairKind::ResetInsideLoop => "reset inside the loop",
            RepairKind::InputNotConverted => "input is text, not a number",
            RepairKind::IntTruncates => "int() drops the decimals",
            RepairKind::WrongVariable => "wrong variable",
            RepairKind::IfInsteadOfElif => "separate if instead of one chain",
            RepairKind::ChecksInWrongOrder => "checks in the wrong order",
            RepairKind::CaseOrSpaces => "text compared exactly as typed",
            RepairKind::ForInOf => "for-in and for-of mixed up",
            RepairKind::ReturnOnItsOwnLine => "return on its own line",
            RepairKind::DotForBracket => "dot instead of brackets",
            RepairKind::PrintInsteadOfReturn => "print instead of return",
            RepairKind::MissingReturn => "missing return",
            RepairKind::RoundedTooEarly => "rounded to a whole number",
            RepairKind::AssignedNone => "assigned the result of a method that returns nothing",
            RepairKind::ResultNotKept => "result of a string method not kept",
            RepairKind::AssignmentInCondition => "assignment instead of comparison",
            RepairKind::SwappedOperands => "operands the wrong way round",
            RepairKind::SplitOnOneSpace => "split on one space",
        }
    }
}

/// One edited version of the program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mutant {
    /// 1-based line of the edit (for a moved line, where it was).
    pub line: u32,
    pub kind: RepairKind,
    /// The learner's text of the edited line, trimmed, and the text it became.
    pub from: String,
    pub to: String,
    /// The whole edited program.
    pub code: String,
}

/// The edit that made the program do what was expected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairFact {
    pub line: u32,
    pub kind: RepairKind,
    /// The learner's line as written, and as the edit made it (shown on the last rung only).
    pub from: String,
    pub to: String,
    /// The token the edit changed on that line (`<=`, `/`, `2`, `total`), when it is one token.
    #[serde(default)]
    pub token: Option<String>,
    /// What that token became, when the edit replaced one token by another short one.
    #[serde(default)]
    pub replacement: Option<String>,
}

impl Mutant {
    pub fn fact(&self) -> RepairFact {
        let token = changed_token(&self.from, &self.to);
        // Only a swap of one short token for another is worth offering as a question; an
        // insertion that rewrites the line would be the line itself.
        let replacement = changed_token(&self.to, &self.from).filter(|r| {
            token.is_some() && r.len() <= 12 && !r.contains(self.to.as_str()) && r != &self.to
        });
        RepairFact {
            line: self.line,
            kind: self.kind,
            from: self.from.clone(),
            to: self.to.clone(),
            token,
            replacement,
        }
    }
}

/// The mutants of `code`, most likely first, at most [`MAX_MUTANTS`]. Python and JavaScript are
/// searched (their mutants all run in one interpreter within the first-text budget); Java and
/// C++ would need a compile per mutant.
pub fn mutants(lang: Lang, code: &str) -> Vec<Mutant> {
    let mut out = edits::mutants(lang, code);
    if matches!(lang, Lang::Java | Lang::Cpp) {
        // Every mutant of a compiled language is compiled with the others in one compiler run:
        // fewer, likelier ones keep that run inside the first-text budget.
        out.truncate(MAX_COMPILED_MUTANTS);
    }
    out
}

/// Most mutants of a Java or C++ program (all compiled together in one compiler run; see the
/// server's repair search).
pub const MAX_COMPILED_MUTANTS: usize = 60;

/// Whether a mutant's output is what the learner expected in the playground: the whole
/// expected output when one was given, else the expected value where the original printed the
/// wrong one (and the wrong value gone from that line).
pub fn meets_expectation(
    original: &str,
    mutant: &str,
    expected_output: Option<&str>,
    expected_value: Option<&str>,
    actual_value: Option<&str>,
) -> bool {
    let norm = |s: &str| -> Vec<String> {
        s.trim_end()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    };
    if norm(mutant) == norm(original) {
        return false;
    }
    if let Some(full) = expected_output.filter(|e| e.trim().lines().count() > 1) {
        return norm(mutant) == norm(full);
    }
    let Some(want) = expected_value
        .or(expected_output)
        .map(str::trim)
        .filter(|w| !w.is_empty())
    else {
        return false;
    };
    let orig = norm(original);
    let new = norm(mutant);
    // The first line the mutant changed must now show the expected value; the rest of the
    // output may move with it (a loop that now runs once more prints one more line).
    let Some(i) = (0..orig.len().max(new.len())).find(|&i| orig.get(i) != new.get(i)) else {
        return false;
    };
    let Some(changed) = new.get(i) else {
        return false;
    };
    if !contains_value(changed, want) {
        return false;
    }
    if let Some(bad) = actual_value.map(str::trim).filter(|a| !a.is_empty())
        && contains_value(changed, bad)
        && !contains_value(want, bad)
    {
        return false;
    }
    // The expected value must not already have been on the original line (then the edit fixed
    // something else).
    !orig.get(i).is_some_and(|o| contains_value(o, want))
}

/// `value` occurs in `line` as a whole token (`2.5` in `average: 2.5`, not in `12.5`).
fn contains_value(line: &str, value: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = line[from..].find(value) {
        let start = from + pos;
        let end = start + value.len();
        let before = line[..start].chars().next_back();
        let after = line[end..].chars().next();
        let glued =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_');
        let edge_ok = |c: Option<char>, v: Option<char>| {
            // A value that itself starts or ends with a non-word character needs no boundary.
            !glued(c) || !v.is_some_and(|v| v.is_alphanumeric() || v == '_')
        };
        if edge_ok(before, value.chars().next()) && edge_ok(after, value.chars().next_back()) {
            return true;
        }
        from = start + value.chars().next().map_or(1, char::len_utf8);
    }
    false
}

mod edits {
    //! The edits of Python and JavaScript programs, each language with its own tokens.
    use super::{Lang, MAX_MUTANTS, Mutant, RepairKind};

    /// One line of the program with its code part (strings and comments blanked out, so that
    /// edits only ever touch code) and its indentation.
    struct Line<'a> {
        text: &'a str,
        /// Same length as `text`; bytes inside strings and comments are replaced by a space.
        code: String,
        indent: usize,
        blank: bool,
    }

    fn scan(lang: Lang, code: &str) -> Vec<Line<'_>> {
        let js = lang == Lang::Javascript;
        // Java and C++ have JavaScript's comments and quotes (no template strings).
        let brace = lang != Lang::Python;
        let mut out = Vec::new();
        // An open triple-quoted string carried over from an earlier line.
        let mut open: Option<&'static str> = None;
        for text in code.split('\n') {
            let bytes = text.as_bytes();
            let mut masked = bytes.to_vec();
            let mut i = 0;
            while i < bytes.len() {
                if let Some(q) = open {
                    let q_len = q.len();
                    match text[i..].find(q) {
                        Some(p) => {
                            masked[i..i + p + q_len].fill(b' ');
                            i += p + q_len;
                            open = None;
                        }
                        None => {
                            masked[i..].fill(b' ');
                            i = bytes.len();
                        }
                    }
                    continue;
                }
                match bytes[i] {
                    // A C++ preprocessor line (`#include <vector>`) is no code to edit either.
                    b'#' if lang == Lang::Python || (brace && text[..i].trim().is_empty()) => {
                        masked[i..].fill(b' ');
                        break;
                    }
                    b'/' if brace && text[i..].starts_with("//") => {
                        masked[i..].fill(b' ');
                        break;
                    }
                    b'/' if brace && text[i..].starts_with("/*") => {
                        masked[i..i + 2].fill(b' ');
                        i += 2;
                        open = Some("*/");
                        continue;
                    }
                    b'`' if js => {
                        masked[i] = b' ';
                        i += 1;
                        open = Some("`");
                        continue;
                    }
                    b'\'' | b'"' => {
                        let triple = if brace {
                            None
                        } else if text[i..].starts_with("\"\"\"") {
                            Some("\"\"\"")
                        } else if text[i..].starts_with("'''") {
                            Some("'''")
                        } else {
                            None
                        };
                        if let Some(q) = triple {
                            masked[i..i + 3].fill(b' ');
                            i += 3;
                            open = Some(q);
                            continue;
                        }
                        let quote = bytes[i];
                        let mut j = i + 1;
                        while j < bytes.len() && bytes[j] != quote {
                            if bytes[j] == b'\\' {
                                j += 1;
                            }
                            j += 1;
                        }
                        let end = (j + 1).min(bytes.len());
                        masked[i..end].fill(b' ');
                        i = end;
                    }
                    _ => i += 1,
                }
            }
            let code = String::from_utf8(masked).unwrap_or_else(|_| {
                text.chars()
                    .map(|c| if c.is_ascii() { c } else { ' ' })
                    .collect()
            });
            let indent = text.len() - text.trim_start().len();
            let blank = code.trim().is_empty();
            out.push(Line {
                text,
                code,
                indent,
                blank,
            });
        }
        out
    }

    /// A byte range of one line replaced by new text.
    struct Edit {
        line: usize,
        start: usize,
        end: usize,
        with: String,
        kind: RepairKind,
    }

    fn is_word(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_'
    }

    /// Occurrences of operator `op` in the masked code, not part of a longer operator.
    fn operator_at(code: &str, op: &str) -> Vec<usize> {
        let b = code.as_bytes();
        let ops = b"<>=!+-*/%&|^";
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(p) = code[from..].find(op) {
            let s = from + p;
            let e = s + op.len();
            let before = s.checked_sub(1).map(|i| b[i]);
            let after = b.get(e).copied();
            let word_op = op.as_bytes()[0].is_ascii_alphabetic();
            let ok = if word_op {
                !before.is_some_and(is_word) && !after.is_some_and(is_word)
            } else {
                !before.is_some_and(|c| ops.contains(&c))
                    && !after.is_some_and(|c| ops.contains(&c))
            };
            if ok {
                out.push(s);
            }
            from = e;
        }
        out
    }

    /// Integer literals (not parts of names or decimals): (start, end, value).
    fn int_literals(code: &str) -> Vec<(usize, usize, i64)> {
        let b = code.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_digit() && !(i > 0 && (is_word(b[i - 1]) || b[i - 1] == b'.')) {
                let s = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let decimal = i < b.len() && (b[i] == b'.' || is_word(b[i]));
                if !decimal && let Ok(v) = code[s..i].parse::<i64>() {
                    out.push((s, i, v));
                }
            } else {
                i += 1;
            }
        }
        out
    }

    /// The index just past the `)` matching the `(` at `open`, in masked code.
    fn matching_paren(code: &str, open: usize) -> Option<usize> {
        let mut depth = 0i32;
        for (i, c) in code.bytes().enumerate().skip(open) {
            match c {
                b'(' | b'[' => depth += 1,
                b')' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Calls of `name(` in the masked line: (start of the name, start of `(`, end past `)`).
    fn calls(code: &str, name: &str) -> Vec<(usize, usize, usize)> {
        let b = code.as_bytes();
        let mut out = Vec::new();
        let pat = format!("{name}(");
        let mut from = 0;
        while let Some(p) = code[from..].find(&pat) {
            let s = from + p;
            let open = s + name.len();
            if !(s > 0 && (is_word(b[s - 1]) || b[s - 1] == b'.'))
                && let Some(end) = matching_paren(code, open)
            {
                out.push((s, open, end));
            }
            from = open + 1;
        }
        out
    }

    /// Calls of a possibly qualified `name(` (`Math.floor(`, `Integer.parseInt(`): (start of
    /// the name, start of `(`, end past `)`).
    fn dotted_calls(code: &str, name: &str) -> Vec<(usize, usize, usize)> {
        let b = code.as_bytes();
        let pat = format!("{name}(");
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(p) = code[from..].find(&pat) {
            let s = from + p;
            let open = s + name.len();
            if !(s > 0 && (is_word(b[s - 1]) || b[s - 1] == b'.'))
                && let Some(end) = matching_paren(code, open)
            {
                out.push((s, open, end));
            }
            from = open + 1;
        }
        out
    }

    /// Whether the `<` or `>` at `at` is a bracket of a type (`vector<int>`, `List<String>`,
    /// `Map<String, Integer>`) rather than a comparison: editing it would not compile.
    fn type_brackets(code: &str, at: usize) -> bool {
        let b = code.as_bytes();
        let type_char = |c: u8| is_word(c) || b" ,:.<>?[]&*".contains(&c);
        match b[at] {
            b'<' => {
                // `Name<` glued to a type name, and a matching `>` with only type text between.
                if at == 0 || !is_word(b[at - 1]) {
                    return false;
                }
                let mut depth = 0;
                for &c in &b[at..] {
                    match c {
                        b'<' => depth += 1,
                        b'>' => {
                            depth -= 1;
                            if depth == 0 {
                                return true;
                            }
                        }
                        c if !type_char(c) => return false,
                        _ => {}
                    }
                }
                false
            }
            b'>' => {
                let mut depth = 0;
                for i in (0..=at).rev() {
                    match b[i] {
                        b'>' => depth += 1,
                        b'<' => {
                            depth -= 1;
                            if depth == 0 {
                                return i > 0 && type_brackets(code, i);
                            }
                        }
                        c if !type_char(c) => return false,
                        _ => {}
                    }
                }
                false
            }
            _ => false,
        }
    }

    /// Where the left operand of the binary operator at `op` starts (a name, a call, an
    /// indexing, or a parenthesised group), when it is a simple one.
    fn left_operand(code: &str, op: usize) -> Option<usize> {
        let b = code.as_bytes();
        let mut i = code[..op].trim_end().len();
        if i == 0 {
            return None;
        }
        let end = i;
        let mut depth = 0i32;
        while i > 0 {
            let c = b[i - 1];
            match c {
                b')' | b']' => depth += 1,
                b'(' | b'[' if depth > 0 => depth -= 1,
                _ if depth > 0 => {}
                c if is_word(c) || c == b'.' => {}
                _ => break,
            }
            i -= 1;
        }
        (depth == 0 && i < end).then_some(i)
    }

    /// The arguments of the call whose `(` is at `open` and `)` just before `end`: byte ranges.
    fn arguments(code: &str, open: usize, end: usize) -> Vec<(usize, usize)> {
        let b = code.as_bytes();
        let mut out = Vec::new();
        let mut depth = 0i32;
        let mut start = open + 1;
        for (i, &byte) in b.iter().enumerate().take(end - 1).skip(open + 1) {
            match byte {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth == 0 => {
                    out.push((start, i));
                    start = i + 1;
                }
                _ => {}
            }
        }
        if end - 1 > start {
            out.push((start, end - 1));
        }
        out.into_iter()
            .map(|(s, e)| {
                let t = &code[s..e];
                let lead = t.len() - t.trim_start().len();
                (s + lead, s + lead + t.trim().len())
            })
            .filter(|(s, e)| e > s)
            .collect()
    }

    /// Names the program assigns (variables it owns), in order of first assignment.
    fn assigned_names(lines: &[Line<'_>]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let mut add = |n: &str| {
            let n = n.trim();
            if !n.is_empty()
                && n.bytes().all(is_word)
                && !n.as_bytes()[0].is_ascii_digit()
                && !names.iter().any(|x| x == n)
            {
                names.push(n.to_string());
            }
        };
        for l in lines {
            let c = l.code.trim();
            // JavaScript: every `let`/`const`/`var` name on the line, and function parameters.
            for kw in ["let ", "const ", "var "] {
                let mut from = 0;
                while let Some(p) = c[from..].find(kw) {
                    let at = from + p;
                    let fresh = at == 0 || !is_word(c.as_bytes()[at - 1]);
                    let rest = &c[at + kw.len()..];
                    let name_len = rest.bytes().take_while(|b| is_word(*b)).count();
                    if fresh && name_len > 0 {
                        add(&rest[..name_len]);
                    }
                    from = at + kw.len();
                }
            }
            if (c.starts_with("function ") || c.contains("=>"))
                && let (Some(o), Some(e)) = (c.find('('), c.find(')'))
                && o < e
            {
                c[o + 1..e]
                    .split(',')
                    .map(|p| p.split('=').next().unwrap_or(""))
                    .for_each(&mut add);
            }
            if let Some(rest) = c.strip_prefix("for ")
                && let Some((targets, _)) = rest.split_once(" in ")
            {
                targets.split(',').for_each(&mut add);
                continue;
            }
            if let Some(rest) = c.strip_prefix("def ")
                && let (Some(o), Some(e)) = (rest.find('('), rest.rfind(')'))
                && o < e
            {
                rest[o + 1..e]
                    .split(',')
                    .map(|p| p.split(['=', ':']).next().unwrap_or(""))
                    .for_each(&mut add);
                continue;
            }
            if let Some(eq) = c.find('=') {
                let b = c.as_bytes();
                let prev = eq.checked_sub(1).map(|i| b[i]);
                let next = b.get(eq + 1).copied();
                let compare = next == Some(b'=') || prev.is_some_and(|p| b"=!<>".contains(&p));
                if !compare {
                    let lhs = c[..eq].trim_end_matches(['+', '-', '*', '/', '%']);
                    let lhs = ["let ", "const ", "var "]
                        .iter()
                        .find_map(|k| lhs.trim_start().strip_prefix(k))
                        .unwrap_or(lhs);
                    // A typed declaration (`int total`, `String[] names`, `for (int i`): the
                    // name is the last word.
                    lhs.split(',')
                        .map(|piece| {
                            let piece = piece.trim();
                            piece.rsplit([' ', '(']).next().unwrap_or(piece)
                        })
                        .for_each(&mut add);
                }
            }
        }
        names
    }

    /// The type a Java or C++ program declares `name` with (`int` in `int total = 0;` or
    /// `for (int i = 0; ...)`), from its first typed declaration.
    fn declared_type<'a>(lines: &'a [Line<'_>], name: &str) -> Option<&'a str> {
        for l in lines {
            let c = l.code.as_str();
            for (p, _) in c.match_indices(name) {
                let end = p + name.len();
                let b = c.as_bytes();
                if (p > 0 && is_word(b[p - 1])) || b.get(end).copied().is_some_and(is_word) {
                    continue;
                }
                let after = c[end..].trim_start();
                if !(after.starts_with('=') && !after.starts_with("==")
                    || after.starts_with(';')
                    || after.starts_with(':'))
                {
                    continue;
                }
                let before = c[..p].trim_end();
                let start = before
                    .rfind(|ch: char| !(ch.is_alphanumeric() || "_<>[],:".contains(ch)))
                    .map_or(0, |i| i + 1);
                let ty = &before[start..];
                if !ty.is_empty()
                    && !ty.ends_with(',')
                    && ty.bytes().next().is_some_and(|x| x.is_ascii_alphabetic())
                    && !["return", "else", "case"].contains(&ty)
                {
                    return Some(ty);
                }
            }
        }
        None
    }

    /// Identifier tokens of a masked line: (start, end).
    fn identifiers(code: &str) -> Vec<(usize, usize)> {
        let b = code.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if (b[i].is_ascii_alphabetic() || b[i] == b'_') && !(i > 0 && b[i - 1] == b'.') {
                let s = i;
                while i < b.len() && is_word(b[i]) {
                    i += 1;
                }
                // A keyword argument's name (`sep=`) or an attribute is not a variable read.
                let next = code[i..].trim_start();
                let kwarg = next.starts_with('=') && !next.starts_with("==");
                if !kwarg {
                    out.push((s, i));
                }
            } else {
                i += 1;
            }
        }
        out
    }

    fn inside_loop(lines: &[Line<'_>], idx: usize) -> bool {
        let mut indent = lines[idx].indent;
        for l in lines[..idx].iter().rev() {
            if l.blank || l.indent >= indent {
                continue;
            }
            indent = l.indent;
            let c = l.code.trim_start();
            if is_loop_header(c) {
                return true;
            }
            if c.starts_with("def ") || c.starts_with("function ") || indent == 0 {
                return false;
            }
        }
        false
    }

    fn is_loop_header(c: &str) -> bool {
        ["for", "while"].iter().any(|k| {
            c.strip_prefix(k)
                .is_some_and(|r| r.starts_with(' ') || r.starts_with('('))
        })
    }

    pub fn mutants(lang: Lang, code: &str) -> Vec<Mutant> {
        let js = lang == Lang::Javascript;
        // JavaScript, Java and C++ share their operators and braces.
        let brace = lang != Lang::Python;
        let compiled = matches!(lang, Lang::Java | Lang::Cpp);
        let lines = scan(lang, code);
        let mut edits: Vec<Edit> = Vec::new();
        let mut moves: Vec<(usize, Move)> = Vec::new();
        let names = assigned_names(&lines);
        for (i, l) in lines.iter().enumerate() {
            if l.blank {
                continue;
            }
            let c = l.code.as_str();
            let header = c.trim_start();
            if header.starts_with("import ")
                || header.starts_with("from ")
                || (js && header.contains("require("))
                || (compiled
                    && (header.starts_with("using ")
                        || header.starts_with("package ")
                        || header.starts_with("typedef ")))
            {
                continue;
            }
            let is_def = header.starts_with("def ")
                || header.starts_with("class ")
                || header.starts_with("function ");
            let mut edit = |start: usize, end: usize, with: &str, kind: RepairKind| {
                edits.push(Edit {
                    line: i,
                    start,
                    end,
                    with: with.to_string(),
                    kind,
                });
            };
            if is_def {
                continue;
            }
            // Comparisons.
            for (op, alts) in [
                ("<=", &[("<", RepairKind::Boundary)][..]),
                (">=", &[(">", RepairKind::Boundary)][..]),
                (
                    "<",
                    &[
                        ("<=", RepairKind::Boundary),
                        (">", RepairKind::ReversedComparison),
                    ][..],
                ),
                (
                    ">",
                    &[
                        (">=", RepairKind::Boundary),
                        ("<", RepairKind::ReversedComparison),
                    ][..],
                ),
                ("==", &[("!=", RepairKind::NegatedCondition)][..]),
                ("!=", &[("==", RepairKind::NegatedCondition)][..]),
                ("===", &[("!==", RepairKind::NegatedCondition)][..]),
                ("!==", &[("===", RepairKind::NegatedCondition)][..]),
            ] {
                for s in operator_at(c, op) {
                    if compiled && type_brackets(c, s) {
                        continue;
                    }
                    // In Java and C++ a wrong `==` is far more often a comparison that cannot
                    // work (decimals, `String`s), which the slip rules name; a negation that
                    // happens to print the expected value would hide it.
                    if compiled && matches!(op, "==" | "!=") {
                        continue;
                    }
                    for (to, kind) in alts {
                        edit(s, s + op.len(), to, *kind);
                    }
                }
            }
            // Division and arithmetic.
            if compiled {
                // `sum / count` on two whole numbers drops the decimals; `1.0 * sum / count`
                // does not.
                for s in operator_at(c, "/") {
                    if let Some(ls) = left_operand(c, s) {
                        edit(ls, ls, "1.0 * ", RepairKind::FloorDivision);
                    }
                }
            }
            if !brace {
                for s in operator_at(c, "/") {
                    edit(s, s + 1, "//", RepairKind::IntegerDivision);
                }
                for s in operator_at(c, "//") {
                    edit(s, s + 2, "/", RepairKind::FloorDivision);
                    edit(s, s + 2, "%", RepairKind::WrongOperator);
                }
            }
            let arithmetic: &[(&str, &str)] = if brace {
                &[
                    ("+", "-"),
                    ("-", "+"),
                    ("*", "+"),
                    ("+", "*"),
                    ("%", "/"),
                    ("/", "%"),
                ]
            } else {
                &[("+", "-"), ("-", "+"), ("*", "+"), ("+", "*"), ("%", "//")]
            };
            for &(op, to) in arithmetic {
                for s in operator_at(c, op) {
                    // A unary sign (`-1`, `x = -y`) is not a binary operator.
                    let before = c[..s].trim_end();
                    let unary = before.is_empty()
                        || before.ends_with(['(', '[', ',', '=', ':', '?', '{'])
                        || before.ends_with("return");
                    if !unary {
                        edit(s, s + op.len(), to, RepairKind::WrongOperator);
                    }
                }
            }
            let logical: &[(&str, &str)] = if brace {
                &[("&&", "||"), ("||", "&&")]
            } else {
                &[("and", "or"), ("or", "and")]
            };
            for &(op, to) in logical {
                for s in operator_at(c, op) {
                    edit(s, s + op.len(), to, RepairKind::LogicalOperator);
                }
            }
            // Updates: `+=` for `-=`, `=` in a loop for `+=`, `+=` for `=`.
            for (op, to) in [("+=", "-="), ("-=", "+="), ("+=", "=")] {
                for s in operator_at(c, op) {
                    edit(s, s + 2, to, RepairKind::WrongCompoundOperator);
                }
            }
            if inside_loop(&lines, i)
                && let Some(eq) = operator_at(c, "=").first().copied()
                && c[..eq].trim().bytes().all(is_word)
            {
                edit(eq, eq + 1, "+=", RepairKind::AccumulatorOverwritten);
            }
            // Numbers one off.
            for (s, e, v) in int_literals(c) {
                edit(s, e, &(v + 1).to_string(), RepairKind::OffByOne);
                if v > 0 {
                    edit(s, e, &(v - 1).to_string(), RepairKind::OffByOne);
                }
            }
            // Range bounds and len() one off.
            let ranges = if js { Vec::new() } else { calls(c, "range") };
            for (_, open, end) in ranges {
                let args = arguments(c, open, end);
                let stop = match args.len() {
                    1 => args.first(),
                    2 | 3 => args.get(1),
                    _ => None,
                };
                if let Some(&(s, e)) = stop {
                    let arg = &l.text[s..e];
                    edit(s, e, &format!("{arg} + 1"), RepairKind::OffByOne);
                    edit(s, e, &format!("{arg} - 1"), RepairKind::OffByOne);
                }
                if args.len() == 1 {
                    let (s, _) = args[0];
                    edit(s, s, "1, ", RepairKind::OffByOne);
                }
            }
            if brace {
                for size in [".length()", ".size()", ".length"] {
                    let mut from = 0;
                    while let Some(p) = c[from..].find(size) {
                        let end = from + p + size.len();
                        if !c.as_bytes().get(end).copied().is_some_and(is_word) {
                            edit(end, end, " - 1", RepairKind::OffByOne);
                        }
                        from = end;
                    }
                }
            } else {
                for (_, _, end) in calls(c, "len") {
                    edit(end, end, " - 1", RepairKind::OffByOne);
                }
            }
            // Input used as a number; int() for a decimal.
            let inputs = if js { Vec::new() } else { calls(c, "input") };
            for (s, _, end) in inputs {
                let before = c[..s].trim_end();
                if !(before.ends_with("int(") || before.ends_with("float(")) {
                    let call = &l.text[s..end];
                    edit(
                        s,
                        end,
                        &format!("int({call})"),
                        RepairKind::InputNotConverted,
                    );
                    edit(
                        s,
                        end,
                        &format!("float({call})"),
                        RepairKind::InputNotConverted,
                    );
                }
            }
            let (int, float) = match lang {
                Lang::Javascript => ("parseInt", "parseFloat"),
                Lang::Java => ("Integer.parseInt", "Double.parseDouble"),
                Lang::Cpp => ("stoi", "stod"),
                Lang::Python => ("int", "float"),
            };
            for (start, open, _) in dotted_calls(c, int) {
                edit(start, open, float, RepairKind::IntTruncates);
            }
            // A value read as text and used as a number: the right-hand side of a declaration
            // that reads input wrapped in a conversion.
            if let Some(eq) = operator_at(c, "=").first().copied().filter(|_| !compiled) {
                let rhs = c[eq + 1..].trim_end().trim_end_matches(';');
                let reads = [
                    "input(", "lines[", "split(", "readline", "stdin", "argv", "[0]", "[1]", "[i]",
                ]
                .iter()
                .any(|r| rhs.contains(r));
                let converted = [
                    "int(",
                    "float(",
                    "Number(",
                    "parseInt(",
                    "parseFloat(",
                    "map(",
                ]
                .iter()
                .any(|r| rhs.contains(r));
                if reads && !converted && !rhs.trim().is_empty() {
                    let start = eq + 1 + (c[eq + 1..].len() - c[eq + 1..].trim_start().len());
                    let end = eq + 1 + c[eq + 1..].trim_end().trim_end_matches(';').len();
                    if start < end {
                        let value = &l.text[start..end];
                        let wrap = if js { "Number" } else { "int" };
                        edit(
                            start,
                            end,
                            &format!("{wrap}({value})"),
                            RepairKind::InputNotConverted,
                        );
                    }
                }
            }
            // One variable for another (reads only; names the program assigns).
            let eq = operator_at(c, "=").first().copied();
            for (s, e) in identifiers(c) {
                let name = &c[s..e];
                if !names.iter().any(|n| n == name) || eq.is_some_and(|q| s < q) {
                    continue;
                }
                for other in names.iter().filter(|n| *n != name) {
                    // A compiled language swaps only names declared with the same type (any
                    // other swap would not compile).
                    if compiled
                        && declared_type(&lines, name)
                            .is_none_or(|t| declared_type(&lines, other) != Some(t))
                    {
                        continue;
                    }
                    edit(s, e, other, RepairKind::WrongVariable);
                }
            }
            more_edits(lang, &lines, i, &names, &mut edit);
            // Moves into and out of loops (and `if` blocks).
            if brace {
                moves.extend(brace_moves(&lines, i).into_iter().map(|m| (i, m)));
            } else if !header.ends_with(':') {
                moves.extend(line_moves(&lines, i).into_iter().map(|m| (i, m)));
            }
        }

        let mut out: Vec<Mutant> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let originals: Vec<&str> = lines.iter().map(|l| l.text).collect();
        for e in &edits {
            let text = lines[e.line].text;
            if !text.is_char_boundary(e.start) || !text.is_char_boundary(e.end) {
                continue;
            }
            let new_line = format!("{}{}{}", &text[..e.start], e.with, &text[e.end..]);
            let mut all = originals.clone();
            all[e.line] = &new_line;
            let code = all.join("\n");
            if seen.insert(code.clone()) {
                out.push(Mutant {
                    line: e.line as u32 + 1,
                    kind: e.kind,
                    from: text.trim().to_string(),
                    to: new_line.trim().to_string(),
                    code,
                });
            }
        }
        for (i, m) in moves {
            let code = m.apply(&originals, i);
            if seen.insert(code.clone()) {
                out.push(Mutant {
                    line: i as u32 + 1,
                    kind: m.kind,
                    from: lines[i].text.trim().to_string(),
                    to: lines[i].text.trim().to_string(),
                    code,
                });
            }
        }
        for m in whole_mutants(lang, &lines) {
            if seen.insert(m.code.clone()) {
                out.push(m);
            }
        }
        out.sort_by_key(|m| priority(m.kind));
        out.truncate(MAX_MUTANTS);
        out
    }

    /// Whether line `i` starts a new `if` right after an `if`/`elif` block at the same level.
    fn follows_if_block(lines: &[Line<'_>], i: usize, js: bool) -> bool {
        let me = &lines[i];
        let mut j = i;
        while j > 0 {
            j -= 1;
            let l = &lines[j];
            if l.blank || l.indent > me.indent {
                continue;
            }
            if js && l.indent == me.indent && l.code.trim() == "}" {
                continue;
            }
            if l.indent < me.indent {
                return false;
            }
            let c = l.code.trim_start();
            return if js {
                c.starts_with("if ") || c.starts_with("if(") || c.starts_with("} else if")
            } else {
                c.starts_with("if ") || c.starts_with("elif ")
            };
        }
        false
    }

    /// Single-line edits of the slips that are not one operator: `if` for `elif`, text compared
    /// with its case or spaces, `for in`/`for of`, `.name` for `[name]`, a text method whose
    /// result is dropped, a list method's `None` kept, a result rounded too early.
    fn more_edits(
        lang: Lang,
        lines: &[Line<'_>],
        i: usize,
        names: &[String],
        edit: &mut dyn FnMut(usize, usize, &str, RepairKind),
    ) {
        let js = lang == Lang::Javascript;
        let brace = lang != Lang::Python;
        let l = &lines[i];
        let c = l.code.as_str();
        let lead = l.indent;
        let body = c.trim_start();
        if (body.starts_with("if ") || body.starts_with("if(")) && follows_if_block(lines, i, brace)
        {
            edit(
                lead,
                lead + 2,
                if brace { "else if" } else { "elif" },
                RepairKind::IfInsteadOfElif,
            );
        }
        if !brace && body.starts_with("elif ") {
            edit(lead, lead + 4, "if", RepairKind::IfInsteadOfElif);
        }
        // Text compared exactly: the operand before `==`/`!=` (or `===`) made case- and space-blind.
        let ops: &[&str] = match lang {
            Lang::Javascript => &["===", "!==", "==", "!="],
            Lang::Python => &["==", "!="],
            // Java compares text with `equals` (below); C++ has no one-call lower case.
            Lang::Java | Lang::Cpp => &[],
        };
        if lang == Lang::Java {
            for (p, _) in c.match_indices(".equals(") {
                edit(
                    p,
                    p + ".equals(".len(),
                    ".equalsIgnoreCase(",
                    RepairKind::CaseOrSpaces,
                );
            }
        }
        for op in ops {
            for s in operator_at(c, op) {
                let left = c[..s].trim_end();
                let right = c[s + op.len()..].trim_start();
                let literal_right = l.text[s + op.len()..].trim_start().starts_with(['"', '\'']);
                let start = left
                    .bytes()
                    .rposition(|b| !(is_word(b) || b == b'.' || b == b'(' || b == b')'))
                    .map_or(0, |p| p + 1);
                let operand = &l.text[start..left.len()];
                if literal_right && !operand.is_empty() && !right.is_empty() {
                    let fixes: &[&str] = if js {
                        &[".toLowerCase()", ".trim()", ".trim().toLowerCase()"]
                    } else {
                        &[".lower()", ".strip()", ".strip().lower()"]
                    };
                    for f in fixes {
                        if !operand.ends_with(f) {
                            edit(
                                start,
                                left.len(),
                                &format!("{operand}{f}"),
                                RepairKind::CaseOrSpaces,
                            );
                        }
                    }
                }
            }
        }
        if !js {
            for (s, _, end) in calls(c, "input") {
                let after = &c[end..];
                if !after.starts_with(".strip") {
                    edit(end, end, ".strip()", RepairKind::CaseOrSpaces);
                }
                let _ = s;
            }
        }
        if js && (body.starts_with("for (") || body.starts_with("for(")) {
            for (from, to) in [(" in ", " of "), (" of ", " in ")] {
                if let Some(p) = c.find(from) {
                    edit(p, p + from.len(), to, RepairKind::ForInOf);
                }
            }
        }
        // `=` in a JavaScript condition.
        if (js || lang == Lang::Cpp)
            && let Some(open) = ["if (", "if(", "while (", "while("]
                .iter()
                .find_map(|k| body.find(k).map(|p| lead + p + k.len() - 1))
            && let Some(close) = matching_paren(c, open)
        {
            for q in operator_at(&c[open..close], "=") {
                edit(
                    open + q,
                    open + q + 1,
                    if js { "===" } else { "==" },
                    RepairKind::AssignmentInCondition,
                );
            }
        }
        // `split(" ")` for `split()` (Python), `split(" ")` for `split(/\s+/)` (JavaScript).
        for (p, _) in l
            .text
            .match_indices(".split(\" \")")
            .filter(|_| matches!(lang, Lang::Python | Lang::Javascript))
            .chain(l.text.match_indices(".split(' ')"))
        {
            let with = if js { ".split(/\\s+/)" } else { ".split()" };
            edit(
                p,
                p + ".split(\" \")".len(),
                with,
                RepairKind::SplitOnOneSpace,
            );
        }
        // `a - b` for `b - a`, with simple operands (names, indexing, calls without spaces).
        for sub in operator_at(c, "-") {
            let left = c[..sub].trim_end();
            let right = c[sub + 1..].trim_start();
            let simple = |t: &u8| is_word(*t) || b"[].()".contains(t);
            let mut ls = left.bytes().rposition(|t| !simple(&t)).map_or(0, |p| p + 1);
            // A `(` that opens an enclosing call is not part of the operand either.
            while ls < left.len()
                && left[ls..].matches('(').count() > left[ls..].matches(')').count()
                && left.as_bytes()[ls] == b'('
            {
                ls += 1;
            }
            let mut rl = right
                .bytes()
                .position(|t| !simple(&t))
                .unwrap_or(right.len());
            // A `)` that closes an enclosing call is not part of the operand.
            while rl > 0
                && right[..rl].matches(')').count() > right[..rl].matches('(').count()
                && right.as_bytes()[rl - 1] == b')'
            {
                rl -= 1;
            }

            let rs = sub + 1 + (c[sub + 1..].len() - right.len());
            let (a, b) = (&l.text[ls..left.len()], &l.text[rs..rs + rl]);
            let balanced = |t: &str| {
                t.matches('(').count() == t.matches(')').count()
                    && t.matches('[').count() == t.matches(']').count()
            };
            if !a.is_empty()
                && !b.is_empty()
                && balanced(a)
                && balanced(b)
                && !a.bytes().all(|x| x.is_ascii_digit())
                && !b.bytes().all(|x| x.is_ascii_digit())
            {
                edit(
                    ls,
                    rs + rl,
                    &format!("{b} - {a}"),
                    RepairKind::SwappedOperands,
                );
            }
        }
        // `obj.name` where `name` is one of the program's variables.
        let b = c.as_bytes();
        for (p, _) in c.match_indices('.') {
            let rest = &c[p + 1..];
            let n = rest.bytes().take_while(|x| is_word(*x)).count();
            if n == 0 || p == 0 || !is_word(b[p - 1]) {
                continue;
            }
            let name = &rest[..n];
            let call = rest[n..].trim_start().starts_with('(');
            if !call && !matches!(lang, Lang::Java | Lang::Cpp) && names.iter().any(|v| v == name) {
                edit(
                    p,
                    p + 1 + n,
                    &format!("[{name}]"),
                    RepairKind::DotForBracket,
                );
            }
        }
        // Methods whose result is dropped, or whose `None` is kept.
        let text_methods: &[&str] = if js {
            &[
                "toUpperCase",
                "toLowerCase",
                "trim",
                "replace",
                "slice",
                "concat",
            ]
        } else if lang == Lang::Java {
            &[
                "toUpperCase",
                "toLowerCase",
                "trim",
                "strip",
                "replace",
                "substring",
                "concat",
            ]
        } else if lang == Lang::Cpp {
            &[]
        } else {
            &[
                "upper",
                "lower",
                "strip",
                "replace",
                "title",
                "capitalize",
                "lstrip",
                "rstrip",
            ]
        };
        let stmt = body.trim_end().trim_end_matches(';');
        if let Some(dot) = stmt.find('.') {
            let target = &stmt[..dot];
            let method = stmt[dot + 1..].split('(').next().unwrap_or("");
            if target.bytes().all(is_word)
                && !target.is_empty()
                && text_methods.contains(&method)
                && stmt.ends_with(')')
            {
                edit(
                    lead,
                    lead,
                    &format!("{target} = "),
                    RepairKind::ResultNotKept,
                );
            }
        }
        let list_methods: &[&str] = if brace {
            &[]
        } else {
            &["append", "sort", "reverse", "extend", "insert", "remove"]
        };
        if let Some(eq) = operator_at(c, "=").first().copied() {
            let rhs = c[eq + 1..].trim_start();
            let rhs_at = eq + 1 + (c[eq + 1..].len() - rhs.len());
            if let Some(dot) = rhs.find('.') {
                let method = rhs[dot + 1..].split('(').next().unwrap_or("");
                if list_methods.contains(&method) {
                    edit(lead, rhs_at, "", RepairKind::AssignedNone);
                }
            }
        }
        // Rounded too early: a rounding call unwrapped.
        let rounders: &[&str] = match lang {
            Lang::Javascript => &["Math.floor", "Math.round", "Math.trunc"],
            Lang::Java => &["Math.floor", "Math.round"],
            Lang::Cpp => &["round", "floor", "trunc"],
            Lang::Python => &["round", "int"],
        };
        for r in rounders {
            for (start, open, end) in dotted_calls(c, r) {
                let args = arguments(c, open, end);
                if let Some(&(a, e)) = args.first() {
                    edit(start, end, &l.text[a..e], RepairKind::RoundedTooEarly);
                }
            }
        }
    }

    /// Edits over several lines: a JavaScript `return` alone on its line joined to the value
    /// below it, a function's `print` made a `return` (or a `return` added after its last
    /// assignment), and two branches of an `if`/`elif` chain swapped.
    fn whole_mutants(lang: Lang, lines: &[Line<'_>]) -> Vec<Mutant> {
        let js = lang == Lang::Javascript;
        let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
        let mut out = Vec::new();
        let make =
            |line: usize, kind: RepairKind, from: &str, to: &str, code: Vec<String>| Mutant {
                line: line as u32 + 1,
                kind,
                from: from.trim().to_string(),
                to: to.trim().to_string(),
                code: code.join("\n"),
            };
        for (i, l) in lines.iter().enumerate() {
            let c = l.code.trim();
            if js
                && (c == "return" || c == "return;")
                && let Some(j) = (i + 1..lines.len()).find(|&j| !lines[j].blank)
            {
                let joined = format!("{}return {}", " ".repeat(l.indent), texts[j].trim());
                let mut code: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
                code[i] = joined.clone();
                code.remove(j);
                out.push(make(
                    i,
                    RepairKind::ReturnOnItsOwnLine,
                    l.text,
                    &joined,
                    code,
                ));
            }
        }
        if lang != Lang::Python {
            return out;
        }
        // Functions: `print(x)` → `return x`; a last assignment without a return gets one.
        for (d, l) in lines.iter().enumerate() {
            if !l.code.trim_start().starts_with("def ") {
                continue;
            }
            let end = (d + 1..lines.len())
                .find(|&k| !lines[k].blank && lines[k].indent <= l.indent)
                .unwrap_or(lines.len());
            let body: Vec<usize> = (d + 1..end).filter(|&k| !lines[k].blank).collect();
            if body
                .iter()
                .any(|&k| lines[k].code.trim_start().starts_with("return"))
            {
                continue;
            }
            for &k in &body {
                let c = lines[k].code.trim_start();
                if let Some((_, open, close)) = calls(c, "print").first().copied()
                    && close == c.trim_end().len()
                {
                    let lead = lines[k].indent;
                    let args = &lines[k].text[lead + open + 1..lead + close - 1];
                    let to = format!("{}return {}", " ".repeat(lead), args.trim());
                    let mut code: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
                    code[k] = to.clone();
                    out.push(make(
                        k,
                        RepairKind::PrintInsteadOfReturn,
                        lines[k].text,
                        &to,
                        code,
                    ));
                }
            }
            if let Some(&last) = body.last() {
                let c = lines[last].code.trim();
                if let Some(eq) = operator_at(c, "=").first().copied() {
                    let lhs = c[..eq].trim_end_matches(['+', '-', '*', '/']).trim();
                    if lhs.bytes().all(is_word) && !lhs.is_empty() {
                        let mut code: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
                        let ret = format!("{}return {lhs}", " ".repeat(lines[body[0]].indent));
                        code.insert(last + 1, ret.clone());
                        out.push(make(
                            last,
                            RepairKind::MissingReturn,
                            lines[last].text,
                            &ret,
                            code,
                        ));
                    }
                }
            }
        }
        // Two neighbouring branches of a chain swapped (conditions and bodies together).
        let mut chain: Vec<usize> = Vec::new();
        let flush = |chain: &mut Vec<usize>, out: &mut Vec<Mutant>| {
            for w in chain.windows(2) {
                let (a, b) = (w[0], w[1]);
                let end_b = (b + 1..lines.len())
                    .find(|&k| !lines[k].blank && lines[k].indent <= lines[b].indent)
                    .unwrap_or(lines.len());
                let cond = |k: usize| {
                    let t = lines[k].text.trim_start();
                    t.split_once(' ')
                        .map(|(_, r)| r.to_string())
                        .unwrap_or_default()
                };
                let lead = " ".repeat(lines[a].indent);
                let kw = |k: usize| {
                    if lines[k].text.trim_start().starts_with("if ") {
                        "if"
                    } else {
                        "elif"
                    }
                };
                let mut code: Vec<String> = texts[..a].iter().map(|t| t.to_string()).collect();
                code.push(format!("{lead}{} {}", kw(a), cond(b)));
                code.extend(texts[b + 1..end_b].iter().map(|t| t.to_string()));
                code.push(format!("{lead}{} {}", kw(b), cond(a)));
                code.extend(texts[a + 1..b].iter().map(|t| t.to_string()));
                code.extend(texts[end_b..].iter().map(|t| t.to_string()));
                out.push(make(
                    a,
                    RepairKind::ChecksInWrongOrder,
                    lines[a].text,
                    lines[b].text,
                    code,
                ));
            }
            chain.clear();
        };
        for (i, l) in lines.iter().enumerate() {
            if l.blank {
                continue;
            }
            let c = l.code.trim_start();
            if c.starts_with("if ") {
                flush(&mut chain, &mut out);
                chain.push(i);
            } else if c.starts_with("elif ")
                && chain.last().is_some_and(|&k| lines[k].indent == l.indent)
            {
                chain.push(i);
            } else if l.indent <= chain.last().map_or(0, |&k| lines[k].indent) {
                flush(&mut chain, &mut out);
            }
        }
        flush(&mut chain, &mut out);
        out
    }

    /// How often the kind is the beginner's mistake (lower first): the search keeps the first
    /// [`MAX_MUTANTS`], and ties between repairs go to the likelier kind.
    pub(super) fn priority(kind: RepairKind) -> u8 {
        match kind {
            RepairKind::Boundary => 0,
            RepairKind::OutOfLoop | RepairKind::IntoLoop | RepairKind::ResetInsideLoop => 1,
            RepairKind::InputNotConverted => 2,
            RepairKind::IntegerDivision | RepairKind::FloorDivision => 3,
            RepairKind::AccumulatorOverwritten | RepairKind::WrongCompoundOperator => 4,
            RepairKind::OffByOne => 5,
            RepairKind::LogicalOperator => 6,
            RepairKind::ReversedComparison | RepairKind::NegatedCondition => 7,
            RepairKind::IntTruncates => 8,
            RepairKind::WrongOperator => 9,
            RepairKind::WrongVariable => 10,
            RepairKind::IfInsteadOfElif | RepairKind::ForInOf | RepairKind::ReturnOnItsOwnLine => 1,
            RepairKind::AssignedNone | RepairKind::ResultNotKept => 1,
            RepairKind::PrintInsteadOfReturn | RepairKind::MissingReturn => 2,
            RepairKind::CaseOrSpaces | RepairKind::DotForBracket => 3,
            RepairKind::ChecksInWrongOrder | RepairKind::RoundedTooEarly => 5,
            RepairKind::AssignmentInCondition | RepairKind::SplitOnOneSpace => 1,
            RepairKind::SwappedOperands => 8,
        }
    }

    /// A line moved to another indentation or place.
    struct Move {
        kind: RepairKind,
        /// New indentation of the line.
        indent: usize,
        /// Where it goes: `None` keeps it in place, `Some(j)` inserts it before line `j`.
        before: Option<usize>,
    }

    impl Move {
        fn apply(&self, lines: &[&str], i: usize) -> String {
            let moved = format!("{}{}", " ".repeat(self.indent), lines[i].trim_start());
            let mut out: Vec<String> = Vec::with_capacity(lines.len());
            for (j, l) in lines.iter().enumerate() {
                if Some(j) == self.before {
                    out.push(moved.clone());
                }
                if j == i {
                    if self.before.is_none() {
                        out.push(moved.clone());
                    }
                    continue;
                }
                out.push((*l).to_string());
            }
            if self.before == Some(lines.len()) {
                out.push(moved);
            }
            out.join("\n")
        }
    }

    /// JavaScript's moves of line `i` across a closing brace: the last statement of a block to
    /// just after its `}`, the statement just after a `}` to just before it, and a starting
    /// value at the top of a loop body to before the loop.
    fn brace_moves(lines: &[Line<'_>], i: usize) -> Vec<Move> {
        let mut out = Vec::new();
        let me = &lines[i];
        let c = me.code.trim();
        if c.starts_with('}') || c.ends_with('{') || c.is_empty() {
            return out;
        }
        let next = (i + 1..lines.len()).find(|&j| !lines[j].blank);
        let prev = (0..i).rev().find(|&j| !lines[j].blank);
        if let Some(j) = next
            && lines[j].code.trim() == "}"
        {
            out.push(Move {
                kind: RepairKind::OutOfLoop,
                indent: lines[j].indent,
                before: Some(j + 1),
            });
        }
        if let Some(j) = prev
            && lines[j].code.trim() == "}"
            && let Some(inner) = (0..j).rev().find(|&k| !lines[k].blank)
            && !lines[inner].code.trim_end().ends_with('{')
        {
            out.push(Move {
                kind: RepairKind::IntoLoop,
                indent: lines[inner].indent,
                before: Some(j),
            });
        }
        if let Some(j) = prev
            && is_loop_header(lines[j].code.trim_start())
            && lines[j].code.trim_end().ends_with('{')
            && operator_at(c, "=").first().is_some_and(|&q| {
                let lhs = c[..q].trim();
                let lhs = ["let ", "const ", "var "]
                    .iter()
                    .find_map(|k| lhs.strip_prefix(k))
                    .unwrap_or(lhs);
                // `total = 0`, `let total = 0`, `int total = 0`
                !lhs.is_empty() && lhs.split_whitespace().all(|w| w.bytes().all(is_word))
            })
        {
            out.push(Move {
                kind: RepairKind::ResetInsideLoop,
                indent: lines[j].indent,
                before: Some(j),
            });
        }
        out
    }

    /// The moves of line `i`: out of the block it ends (dedent), into the block just before it
    /// (indent), and a first line of a loop body that resets a value moved before the loop.
    fn line_moves(lines: &[Line<'_>], i: usize) -> Vec<Move> {
        let mut out = Vec::new();
        let me = &lines[i];
        let next = lines[i + 1..].iter().find(|l| !l.blank);
        let prev = lines[..i].iter().rposition(|l| !l.blank);
        // Out: the last line of a block, to the indentation of the block's header.
        if me.indent > 0 && next.is_none_or(|n| n.indent < me.indent) {
            let header = lines[..i]
                .iter()
                .rev()
                .find(|l| !l.blank && l.indent < me.indent);
            if let Some(h) = header
                && lines[..i]
                    .iter()
                    .rev()
                    .take_while(|l| l.blank || l.indent >= me.indent)
                    .filter(|l| !l.blank)
                    .count()
                    >= 1
            {
                out.push(Move {
                    kind: RepairKind::OutOfLoop,
                    indent: h.indent,
                    before: None,
                });
            }
        }
        // In: the line right after a block, to that block's indentation.
        if let Some(p) = prev
            && lines[p].indent > me.indent
            && !lines[p].code.trim_end().ends_with(':')
        {
            out.push(Move {
                kind: RepairKind::IntoLoop,
                indent: lines[p].indent,
                before: None,
            });
        }
        // A reset as the first line of a loop body: before the loop.
        if let Some(p) = prev {
            let h = lines[p].code.trim_start();
            let is_assign = {
                let c = me.code.trim();
                c.find('=').is_some_and(|q| {
                    c[..q].trim().bytes().all(is_word) && !c[q + 1..].starts_with('=')
                })
            };
            if (h.starts_with("for ") || h.starts_with("while "))
                && lines[p].indent < me.indent
                && is_assign
            {
                out.push(Move {
                    kind: RepairKind::ResetInsideLoop,
                    indent: lines[p].indent,
                    before: Some(p),
                });
            }
        }
        out
    }
}

/// The token a one-token edit changed (`<=` → `<` changed `<=`), for the tutor to point at.
pub fn changed_token(from: &str, to: &str) -> Option<String> {
    let prefix = from
        .bytes()
        .zip(to.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = from[prefix..]
        .bytes()
        .rev()
        .zip(to[prefix.min(to.len())..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut s = prefix;
    let mut e = from.len() - suffix;
    if s >= e {
        // Pure insertion: point at the token just before it.
        let b = from.as_bytes();
        e = s;
        while s > 0 && !b[s - 1].is_ascii_whitespace() && b[s - 1] != b'(' {
            s -= 1;
        }
        if s >= e {
            return None;
        }
    }
    // Widen to whole word or operator.
    let b = from.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let op = |c: u8| b"<>=!+-*/%&|".contains(&c);
    while s > 0 && ((word(b[s]) && word(b[s - 1])) || (op(b[s]) && op(b[s - 1]))) {
        s -= 1;
    }
    while e < b.len() && ((word(b[e - 1]) && word(b[e])) || (op(b[e - 1]) && op(b[e]))) {
        e += 1;
    }
    let t = from.get(s..e)?.trim();
    (!t.is_empty() && t.len() <= 40).then(|| t.to_string())
}

/// Of the mutants that repaired the program, the one to report: all on one line, the likeliest
/// kind. Repairs on different lines are no proof of where the bug is (a rounding on line 3 and
/// a boundary on line 11 can both make the tests pass): then nothing is reported.
pub fn choose<'a>(repairing: &[&'a Mutant]) -> Option<&'a Mutant> {
    let lines: std::collections::BTreeSet<u32> = repairing.iter().map(|m| m.line).collect();
    if lines.len() != 1 {
        return None;
    }
    repairing
        .iter()
        .min_by_key(|m| (edits::priority(m.kind), m.line))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(ms: &'a [Mutant], kind: RepairKind, to: &str) -> Option<&'a Mutant> {
        ms.iter().find(|m| m.kind == kind && m.to == to)
    }

    #[test]
    fn comparisons_become_their_boundary_and_reverse() {
        let ms = mutants(Lang::Python, "n = 5\nwhile n > 0:\n    n -= 1\n");
        assert!(find(&ms, RepairKind::Boundary, "while n >= 0:").is_some());
        assert!(find(&ms, RepairKind::ReversedComparison, "while n < 0:").is_some());
        assert!(ms.iter().all(|m| m.code.lines().count() == 3));
    }

    #[test]
    fn strings_and_comments_are_never_edited() {
        let ms = mutants(Lang::Python, "print(\"a < b / 2\")  # x < 3\n");
        assert!(
            ms.iter()
                .all(|m| m.to.contains("\"a < b / 2\"") && m.to.contains("# x < 3")),
            "{ms:?}"
        );
    }

    #[test]
    fn range_bounds_and_lines_move_in_and_out_of_loops() {
        let code = "total = 0\nfor i in range(1, 5):\n    total += i\nprint(total)\n";
        let ms = mutants(Lang::Python, code);
        assert!(find(&ms, RepairKind::OffByOne, "for i in range(1, 5 + 1):").is_some());
        let into = ms
            .iter()
            .find(|m| m.kind == RepairKind::IntoLoop)
            .unwrap_or_else(|| {
                panic!(
                    "moved in: {:?}",
                    ms.iter().map(|m| (m.kind, m.line)).collect::<Vec<_>>()
                )
            });
        assert_eq!(into.line, 4);
        assert!(into.code.ends_with("    print(total)\n"), "{}", into.code);
        // The only line of a body stays (the block would be empty); the last of two may leave.
        assert!(!ms.iter().any(|m| m.kind == RepairKind::OutOfLoop));
        let code = "for i in range(3):\n    i += 1\n    print(i)\n";
        let ms = mutants(Lang::Python, code);
        let out = ms
            .iter()
            .find(|m| m.kind == RepairKind::OutOfLoop)
            .expect("moved out");
        assert_eq!(out.line, 3);
        assert!(out.code.ends_with("    i += 1\nprint(i)\n"), "{}", out.code);
    }

    #[test]
    fn a_reset_at_the_top_of_a_loop_moves_before_it() {
        let code = "for x in [1, 2]:\n    total = 0\n    total += x\nprint(total)\n";
        let ms = mutants(Lang::Python, code);
        let m = ms
            .iter()
            .find(|m| m.kind == RepairKind::ResetInsideLoop)
            .expect("reset moved");
        assert!(
            m.code
                .starts_with("total = 0\nfor x in [1, 2]:\n    total += x\n"),
            "{}",
            m.code
        );
    }

    #[test]
    fn input_is_converted_and_variables_swapped_only_where_read() {
        let code = "a = input()\nb = 2\nprint(a + b)\n";
        let ms = mutants(Lang::Python, code);
        assert!(find(&ms, RepairKind::InputNotConverted, "a = int(input())").is_some());
        assert!(find(&ms, RepairKind::WrongVariable, "print(b + b)").is_some());
        assert!(
            !ms.iter()
                .any(|m| m.kind == RepairKind::WrongVariable && m.line == 1)
        );
    }

    #[test]
    fn javascript_gets_its_own_operators_and_moves_across_braces() {
        let code = "const xs = [1, 2, 3];\nlet total = 0;\nfor (let i = 0; i < xs.length - 1; i++) {\n  total += xs[i];\n  console.log(total); // x < 3\n}\n";
        let ms = mutants(Lang::Javascript, code);
        assert!(
            find(
                &ms,
                RepairKind::Boundary,
                "for (let i = 0; i <= xs.length - 1; i++) {"
            )
            .is_some()
        );
        assert!(
            find(
                &ms,
                RepairKind::OffByOne,
                "for (let i = 0; i < xs.length - 0; i++) {"
            )
            .is_some()
        );
        let out = ms
            .iter()
            .find(|m| m.kind == RepairKind::OutOfLoop && m.line == 5)
            .expect("moved out");
        assert!(
            out.code.ends_with("}\nconsole.log(total); // x < 3\n"),
            "{}",
            out.code
        );
        assert!(
            ms.iter()
                .all(|m| !m.to.contains("//") || m.to.contains("// x < 3")),
            "comments untouched"
        );
        assert!(
            !ms.iter()
                .any(|m| m.to.contains("//=") || m.kind == RepairKind::IntegerDivision)
        );
        assert!(find(&ms, RepairKind::WrongVariable, "total += xs[total];").is_some());
    }

    #[test]
    fn slips_beyond_one_operator_have_edits_too() {
        let code = "def area(w, h):\n    print(w * h)\n\nif x > 1:\n    y = 1\nif x > 2:\n    y = 2\nans = input()\nif ans == \"yes\":\n    ans.upper()\n";
        let ms = mutants(Lang::Python, code);
        assert!(
            find(&ms, RepairKind::PrintInsteadOfReturn, "return w * h").is_some(),
            "{:?}",
            ms.iter()
                .map(|m| (m.kind, m.to.clone()))
                .collect::<Vec<_>>()
        );
        assert!(find(&ms, RepairKind::IfInsteadOfElif, "elif x > 2:").is_some());
        assert!(find(&ms, RepairKind::CaseOrSpaces, "if ans.lower() == \"yes\":").is_some());
        assert!(find(&ms, RepairKind::ResultNotKept, "ans = ans.upper()").is_some());
        let swapped = ms.iter().find(|m| m.kind == RepairKind::ChecksInWrongOrder);
        assert!(swapped.is_none(), "two separate ifs are no chain");
        let chain = "if s >= 50:\n    g = 'C'\nelif s >= 90:\n    g = 'A'\nprint(g)\n";
        let ms = mutants(Lang::Python, chain);
        let m = ms
            .iter()
            .find(|m| m.kind == RepairKind::ChecksInWrongOrder)
            .expect("swapped");
        assert_eq!(
            m.code,
            "if s >= 90:\n    g = 'A'\nelif s >= 50:\n    g = 'C'\nprint(g)\n"
        );
        let js = "function f(a) {\n  return\n    a * 2;\n}\nfor (const k in xs) {\n  console.log(o.k);\n}\n";
        let ms = mutants(Lang::Javascript, js);
        assert!(find(&ms, RepairKind::ReturnOnItsOwnLine, "return a * 2;").is_some());
        assert!(find(&ms, RepairKind::ForInOf, "for (const k of xs) {").is_some());
        assert!(find(&ms, RepairKind::DotForBracket, "console.log(o[k]);").is_some());
        let js = "let count = 3;\nif (count = 0) {\n  xs.sort((a, b) => a[1] - b[1]);\n}\n";
        let ms = mutants(Lang::Javascript, js);
        assert!(find(&ms, RepairKind::AssignmentInCondition, "if (count === 0) {").is_some());
        assert!(
            find(
                &ms,
                RepairKind::SwappedOperands,
                "xs.sort((a, b) => b[1] - a[1]);"
            )
            .is_some()
        );
        let ms = mutants(Lang::Python, "words = line.split(\" \")\n");
        assert!(find(&ms, RepairKind::SplitOnOneSpace, "words = line.split()").is_some());
    }

    #[test]
    fn the_expectation_is_met_only_where_the_wrong_value_was() {
        assert!(meets_expectation(
            "avg 2\n",
            "avg 2.5\n",
            None,
            Some("2.5"),
            Some("2")
        ));
        assert!(!meets_expectation(
            "avg 2\n",
            "avg 12.5\n",
            None,
            Some("2.5"),
            Some("2")
        ));
        assert!(!meets_expectation(
            "avg 2\n",
            "avg 2\n",
            None,
            Some("2"),
            None
        ));
        assert!(meets_expectation(
            "1\n2\n",
            "1\n2\n3\n",
            Some("1\n2\n3"),
            None,
            None
        ));
        assert!(!meets_expectation(
            "1\n2\n",
            "1\n2\n4\n",
            Some("1\n2\n3"),
            None,
            None
        ));
    }

    #[test]
    fn java_gets_c_style_edits_and_leaves_generics_alone() {
        let code = "import java.util.*;\n\npublic class Main {\n    public static void main(String[] args) {\n        List<Integer> marks = new ArrayList<>();\n        int total = 0;\n        for (int i = 0; i < marks.size(); i++) {\n            total += marks.get(i);\n        }\n        double avg = total / marks.size();\n        String name = \"ana\";\n        name.toUpperCase();\n        if (name.equals(\"ANA\")) {\n            System.out.println(avg);\n        }\n    }\n}\n";
        let ms = mutants(Lang::Java, code);
        assert!(ms.len() <= MAX_COMPILED_MUTANTS);
        // No edit touches a type's brackets, an import or a string.
        assert!(
            ms.iter()
                .all(|m| m.line != 1 && m.line != 5 && m.line != 11)
        );
        assert!(
            find(
                &ms,
                RepairKind::Boundary,
                "for (int i = 0; i <= marks.size(); i++) {"
            )
            .is_some()
        );
        assert!(
            find(
                &ms,
                RepairKind::FloorDivision,
                "double avg = 1.0 * total / marks.size();"
            )
            .is_some()
        );
        assert!(find(&ms, RepairKind::ResultNotKept, "name = name.toUpperCase();").is_some());
        assert!(
            find(
                &ms,
                RepairKind::CaseOrSpaces,
                "if (name.equalsIgnoreCase(\"ANA\")) {"
            )
            .is_some()
        );
        // Typed declarations are the program's variables.
        assert!(ms.iter().any(|m| m.kind == RepairKind::WrongVariable
            && (m.to.contains("avg = avg") || m.to.contains("(total)"))));
    }

    #[test]
    fn cpp_gets_c_style_edits_and_leaves_includes_and_templates_alone() {
        let code = "#include <iostream>\n#include <vector>\nusing namespace std;\n\nint main() {\n    vector<int> v = {3, 1, 2};\n    int n = stoi(\"3\");\n    int best = v[0];\n    for (int i = 1; i < n; i++) {\n        if (best = v[i]) {\n            best = v[i];\n        }\n    }\n    cout << best << endl;\n}\n";
        let ms = mutants(Lang::Cpp, code);
        assert!(ms.iter().all(|m| ![1, 2, 3].contains(&m.line)));
        assert!(
            ms.iter()
                .all(|m| !m.to.contains("vector<=") && !m.to.contains("vector>"))
        );
        assert!(
            ms.iter()
                .all(|m| !m.to.contains("int>=") && !m.to.contains("int<"))
        );
        assert!(
            find(
                &ms,
                RepairKind::AssignmentInCondition,
                "if (best == v[i]) {"
            )
            .is_some()
        );
        assert!(find(&ms, RepairKind::IntTruncates, "int n = stod(\"3\");").is_some());
        assert!(find(&ms, RepairKind::Boundary, "for (int i = 1; i <= n; i++) {").is_some());
        // `<<` is output, not a comparison.
        assert!(
            ms.iter()
                .all(|m| m.line != 14 || m.kind != RepairKind::Boundary)
        );
    }

    #[test]
    fn the_changed_token_is_whole() {
        assert_eq!(
            changed_token("if n <= 3:", "if n < 3:").as_deref(),
            Some("<=")
        );
        assert_eq!(
            changed_token("x = a / b", "x = a // b").as_deref(),
            Some("/")
        );
        assert_eq!(
            changed_token("for i in range(10):", "for i in range(11):").as_deref(),
            Some("10")
        );
        assert_eq!(
            changed_token("print(a + c)", "print(a + b)").as_deref(),
            Some("c")
        );
    }

    #[test]
    fn repairs_on_many_lines_prove_nothing() {
        let m = |line| Mutant {
            line,
            kind: RepairKind::OffByOne,
            from: String::new(),
            to: String::new(),
            code: String::new(),
        };
        let (a, b, a2) = (m(1), m(2), m(1));
        assert!(choose(&[&a, &b]).is_none());
        assert_eq!(choose(&[&a2, &a]).map(|m| m.line), Some(1));
        assert!(choose(&[]).is_none());
    }
}
