//! The offline tutor: no network, no key. It diagnoses real error output with the knowledge base
//! (kind, line, symbol), answers on the current rung of the hint ladder, links the relevant lesson,
//! answers concept questions from the curriculum, and streams its answer like any provider.

pub mod advice;
pub mod kb;
pub mod locate;
mod logic;
mod program;
mod reasons;
mod repaired;

use std::{collections::HashMap, fmt::Write as _, sync::Arc, sync::LazyLock};

use async_trait::async_trait;
use futures_util::{StreamExt, stream};
use regex::Regex;
use tokio_util::sync::CancellationToken;

use crate::{
    ChatRequest, Chunk, ChunkStream, Provider, TutorError,
    context::{HintRung, Lang, TutorContext, TutorTurn},
    facts::{self, CrashFact, CrashKind, Divergence, TraceFacts, output},
    search::{LESSON_LINK_PREFIX, LessonHit, LessonSearch},
};
use kb::{Locate, Pattern};
use locate::Location;

/// What the knowledge base made of an error output.
#[derive(Clone, Debug)]
pub struct Diagnosis {
    pub lang: Lang,
    pub pattern_id: &'static str,
    /// The error's name as a programmer says it (`NameError`, `cannot find symbol`, ...).
    pub kind: &'static str,
    pub line: Option<u32>,
    pub file: Option<String>,
    /// The line was inferred from the code (C++ crashes print none).
    pub line_inferred: bool,
    pub symbol: Option<String>,
    vars: HashMap<&'static str, String>,
    pattern: Option<&'static Pattern>,
}

/// Diagnoses an error output. `code` is the learner's file, used to quote the line and, for C++
/// crashes, to infer it.
pub fn diagnose(
    lang: Lang,
    output: &str,
    exit_code: Option<i32>,
    signal: Option<i32>,
    code: Option<&str>,
) -> Option<Diagnosis> {
    // g++ quotes with ‘ ’ under a UTF-8 locale and with ' ' under C; match both alike.
    let mut facts = output
        .replace("\r\n", "\n")
        .replace(['\u{2018}', '\u{2019}'], "'");
    let signal = signal.or(exit_code
        .filter(|c| (129..=159).contains(c))
        .map(|c| c - 128));
    if let Some(sig) = signal {
        let _ = write!(facts, "\n[codestead: killed by signal {sig}]");
    }
    if facts.trim().is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'static Pattern, regex::Captures<'_>)> = None;
    for p in kb::for_lang(lang) {
        if let Some(c) = p.re.captures(&facts) {
            let at = c.get(0).map_or(0, |m| m.start());
            if best.as_ref().is_none_or(|(b, _, _)| at < *b) {
                best = Some((at, p, c));
            }
        }
    }
    let Some((at, pattern, caps)) = best else {
        return generic_diagnosis(lang, &facts, signal);
    };
    let mut vars: HashMap<&'static str, String> = HashMap::new();
    for name in ["sym", "a", "b", "c", "detail"] {
        // A pattern with two alternative wordings names the second one's group `<name>2`.
        let alternative = format!("{name}2");
        if let Some(m) = caps.name(name).or_else(|| caps.name(&alternative)) {
            let v = m.as_str().trim();
            if !v.is_empty() {
                vars.insert(name, v.to_string());
            }
        }
    }
    let runtime = pattern.kind.ends_with("Exception")
        || pattern.kind.ends_with("Error")
        || pattern.kind == "exception";
    let compile_error = lang == Lang::Java && !runtime;
    let location = from_output_or_infer(
        lang,
        &facts,
        at,
        compile_error,
        pattern,
        code,
        vars.get("sym").map(String::as_str),
    );
    let line_text = location.as_ref().and_then(|l| code_line(code, l.line));
    fix_symbol(pattern, &facts, line_text.as_deref(), &mut vars);
    if let (Some(sym), Some(text)) = (vars.get("sym"), line_text.as_deref())
        && let Some(recv) = receiver(text, sym)
    {
        vars.insert("recv", recv);
    }
    Some(Diagnosis {
        lang,
        pattern_id: pattern.id,
        kind: pattern.kind,
        line: location.as_ref().map(|l| l.line),
        file: location.as_ref().and_then(|l| l.file.clone()),
        line_inferred: location.as_ref().is_some_and(|l| l.inferred),
        symbol: vars.get("sym").cloned(),
        vars,
        pattern: Some(pattern),
    })
}

fn from_output_or_infer(
    lang: Lang,
    facts: &str,
    at: usize,
    compile_error: bool,
    pattern: &Pattern,
    code: Option<&str>,
    sym: Option<&str>,
) -> Option<Location> {
    let from_output = locate::from_output(lang, facts, at, compile_error);
    match (from_output, pattern.locate, code) {
        (Some(l), _, _) => Some(l),
        (None, Locate::Output, _) | (None, _, None) => None,
        (None, how, Some(code)) => locate::infer(how, code, sym),
    }
}

/// Java's helpful NullPointerException names `<local1>` when compiled without variable tables;
/// the learner's line then tells which variable it is.
fn fix_symbol(
    pattern: &Pattern,
    facts: &str,
    line: Option<&str>,
    vars: &mut HashMap<&'static str, String>,
) {
    static INVOKED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"Cannot (?:invoke "(?:[\w$]+\.)*(?P<m>[\w$]+)\(|read field "(?P<f>\w+)"|load from \w+ array|read the array length)"#).expect("valid")
    });
    if pattern.id != "java-npe" {
        return;
    }
    let named = vars.get("sym").is_some_and(|s| !s.starts_with('<'));
    if named {
        if let Some(s) = vars.get("sym").cloned() {
            // `because "this.items" is null` -> `items`.
            vars.insert("sym", s.rsplit('.').next().unwrap_or(&s).to_string());
        }
        return;
    }
    vars.remove("sym");
    let (Some(c), Some(line)) = (INVOKED.captures(facts), line) else {
        return;
    };
    let member = c.name("m").or(c.name("f")).map(|m| m.as_str().to_string());
    let found = match member {
        Some(m) => receiver(line, &m),
        None => Regex::new(r"([A-Za-z_]\w*)\s*(?:\[|\.length\b)")
            .ok()
            .and_then(|r| r.captures(line))
            .map(|c| c[1].to_string()),
    };
    if let Some(f) = found {
        vars.insert("sym", f);
    }
}

/// The expression in front of `.member` on a line: `arr[i]` in `arr[i].length`.
fn receiver(line: &str, member: &str) -> Option<String> {
    let member = member.trim_matches(|c| c == '\'' || c == '"');
    if member.is_empty()
        || !member
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    {
        return None;
    }
    let re = Regex::new(&format!(
        r"([A-Za-z_$][\w$]*(?:\[[^\]]*\]|\(\))*(?:\.[A-Za-z_$][\w$]*(?:\[[^\]]*\]|\(\))*)*)\s*(?:\.|->)\s*{}\b",
        regex::escape(member)
    ))
    .ok()?;
    re.captures(line).map(|c| c[1].to_string())
}

fn code_line(code: Option<&str>, line: u32) -> Option<String> {
    let l = code?.lines().nth(line.checked_sub(1)? as usize)?;
    (!l.trim().is_empty()).then(|| l.to_string())
}

/// No pattern matched: name the first line that looks like an error, and any location marker.
fn generic_diagnosis(lang: Lang, facts: &str, signal: Option<i32>) -> Option<Diagnosis> {
    static ERR_LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^.*(?:[A-Z]\w*(?:Error|Exception)\b|error:).*$").expect("valid")
    });
    let Some(m) = ERR_LINE.find(facts) else {
        // A crash by a signal no pattern knows still deserves a plain answer.
        let sig = signal?;
        let mut vars = HashMap::new();
        vars.insert("detail", format!("the program was killed by signal {sig}"));
        return Some(Diagnosis {
            lang,
            pattern_id: "generic-signal",
            kind: "crash",
            line: None,
            file: None,
            line_inferred: false,
            symbol: None,
            vars,
            pattern: None,
        });
    };
    let loc = locate::from_output(
        lang,
        facts,
        m.start(),
        lang == Lang::Java && m.as_str().contains("error:"),
    );
    let mut vars = HashMap::new();
    vars.insert("detail", m.as_str().trim().chars().take(200).collect());
    Some(Diagnosis {
        lang,
        pattern_id: "generic",
        kind: "error",
        line: loc.as_ref().map(|l| l.line),
        file: loc.and_then(|l| l.file),
        line_inferred: false,
        symbol: None,
        vars,
        pattern: None,
    })
}

/// What stands in for a value the message did not give, so no placeholder reaches the learner.
fn default_for(var: &str) -> &'static str {
    match var {
        "sym" => "the name in the message",
        "recv" => "the value before the dot",
        "detail" => "see the message above",
        "a" => "one value",
        "b" => "another value",
        _ => "a value",
    }
}

/// The learner's situation as the answer needs it: the context and the server's facts merged,
/// the playground's `Status: ...` stand-in read as a status, the question's "it prints X but I
/// expected Y" read as an expectation.
struct View<'a> {
    lang: Option<Lang>,
    code: Option<&'a str>,
    /// The error text, trimmed to the first error (empty when there is none).
    error: String,
    status: Option<String>,
    exit_code: Option<i32>,
    signal: Option<i32>,
    crash: Option<&'a CrashFact>,
    stdout: Option<&'a str>,
    expected: Option<String>,
    actual_fragment: Option<String>,
    /// Values may be quoted (not a hidden test).
    visible: bool,
    in_test: bool,
    divergence: Option<&'a Divergence>,
    repair: Option<&'a facts::repair::RepairFact>,
    trace: Option<&'a TraceFacts>,
    /// The error text came from a hidden test's run.
    hidden_run: bool,
}

impl<'a> View<'a> {
    fn of(ctx: &'a TutorContext, query: &str) -> Self {
        static STATUS_ONLY: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\s*Status:\s*([a-z_]+)\s*$").expect("valid"));
        let facts = ctx.facts.as_ref();
        let lang = ctx.lang();
        let mut status = ctx
            .status
            .clone()
            .or_else(|| facts.and_then(|f| f.status.clone()));
        let mut from_facts = false;
        let mut error = ctx
            .error_output
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .map(str::to_string);
        if let Some(e) = error.as_deref()
            && let Some(c) = STATUS_ONLY.captures(e)
        {
            status = status.or(Some(c[1].to_string()));
            error = None;
        }
        if error.is_none()
            && let Some(e) = facts
                .and_then(|f| f.stderr.as_deref())
                .filter(|e| !e.trim().is_empty())
        {
            error = Some(e.to_string());
            from_facts = true;
        }
        let error = error
            .map(|e| facts::trim_error(lang, &e))
            .unwrap_or_default();
        let hidden = facts.is_some_and(|f| f.hidden);
        let parsed = output::parse_expectation(query).unwrap_or_default();
        let stated = ctx
            .expected_output
            .clone()
            .filter(|e| !e.trim().is_empty())
            .or(parsed.expected);
        // What the learner said they expected and saw is theirs to read back; a hidden test's
        // output and expected output are used only when they said nothing, and never quoted.
        let use_hidden = hidden && stated.is_none() && parsed.actual.is_none();
        let expected = if hidden {
            stated.or_else(|| {
                use_hidden
                    .then(|| facts.and_then(|f| f.expected_output.clone()))
                    .flatten()
            })
        } else {
            stated.or_else(|| facts.and_then(|f| f.expected_output.clone()))
        };
        let stdout = if hidden && !use_hidden {
            ctx.actual_output.as_deref()
        } else {
            facts
                .and_then(|f| f.stdout.as_deref())
                .or(ctx.actual_output.as_deref())
        };
        View {
            lang,
            code: ctx.code.as_deref().filter(|c| !c.trim().is_empty()),
            error,
            status,
            exit_code: ctx.exit_code.or(facts.and_then(|f| f.exit_code)),
            signal: ctx.signal.or(facts.and_then(|f| f.signal)),
            crash: facts.and_then(|f| f.crash.as_ref()),
            stdout,
            expected,
            actual_fragment: parsed.actual,
            visible: !use_hidden,
            in_test: hidden || (ctx.lesson.is_some() && !ctx.failing_tests.is_empty()),
            divergence: facts.and_then(|f| f.divergence.as_ref()),
            repair: facts.and_then(|f| f.repair.as_ref()),
            trace: facts.and_then(|f| f.trace.as_ref()),
            hidden_run: hidden && from_facts,
        }
    }
}

fn diagnose_view(v: &View<'_>) -> Option<Diagnosis> {
    let lang = v.lang?;
    let mut signal = v.signal;
    if let Some(crash) = v.crash {
        signal = signal.or(match crash.kind {
            CrashKind::DivisionByZero => Some(8),
            CrashKind::Abort => Some(6),
            _ => Some(11),
        });
    }
    // A C++ crash with no message at all (the playground sends only the status): decide
    // from the code which crash it can be.
    if v.error.trim().is_empty()
        && signal.is_none()
        && v.exit_code.is_none_or(|c| c == 0 || c == 1)
        && v.status.as_deref() == Some("runtime_error")
        && lang == Lang::Cpp
        && let Some(code) = v.code
    {
        signal = Some(if locate::likely_division_crash(code) {
            8
        } else {
            11
        });
    }
    let mut d = diagnose(lang, &v.error, v.exit_code, signal, v.code)?;
    if let Some(crash) = v.crash {
        // The sanitizer's kind is more precise than the signal's ("null pointer dereference"
        // rather than "segmentation fault").
        if v.error.trim().is_empty()
            && !matches!(
                crash.kind,
                CrashKind::Other | CrashKind::SegmentationFault | CrashKind::Abort
            )
        {
            d.kind = crash.kind.name();
        }
        if let Some(n) = crash.line {
            d.line = Some(n);
            d.line_inferred = false;
            d.file = crash.file.clone().or(d.file);
        }
    }
    if v.hidden_run {
        // Values captured from a hidden test's error text may echo its input: keep only
        // those that appear in the learner's own code.
        let code = v.code.unwrap_or("");
        d.vars.retain(|_, val| code.contains(val.as_str()));
        if d.symbol
            .as_deref()
            .is_some_and(|s| !code.contains(s.trim_matches('\'')))
        {
            d.symbol = None;
        }
    }
    Some(d)
}

/// The facts the offline tutor would answer from, as plain lines for a provider's prompt: the
/// error kind and its line, the bug line when it is elsewhere, the crash, the wrong output line
/// and the statement behind it, the divergence and a trace excerpt. On a hidden test no value
/// from the run is included (only lines and names), so a model cannot repeat one.
pub fn fact_sheet(turn: &TutorTurn) -> Vec<String> {
    let ctx = &turn.context;
    let v = View::of(ctx, turn.query.trim());
    let mut out = Vec::new();
    let quote = |n: u32| {
        code_line(v.code, n)
            .map(|t| format!(": `{}`", t.trim().replace('`', "'")))
            .unwrap_or_default()
    };
    if let Some(crash) = v.crash {
        out.push(format!(
            "The run {}{}.",
            crash.describe(),
            crash.line.map(&quote).unwrap_or_default()
        ));
    }
    if let Some(d) = diagnose_view(&v) {
        let at = match (d.line, d.line_inferred) {
            (Some(n), false) => format!(" on line {n}{}", quote(n)),
            (Some(n), true) => format!(
                ", most likely on line {n}{} (inferred from the code: the crash printed no line)",
                quote(n)
            ),
            (None, _) => String::new(),
        };
        out.push(format!("Error kind: {}{at}.", d.kind));
        if let Some(code) = v.code
            && let Some(b) = facts::bug::locate_bug(
                d.lang,
                code,
                facts::bug::ErrorSignal {
                    pattern_id: d.pattern_id,
                    reported: d.line,
                    symbol: d.symbol.as_deref(),
                    output: &v.error,
                },
            )
        {
            let why = match &b.reason {
                facts::bug::BugReason::UnclosedBlock => {
                    "a `{` opened there is never closed".to_string()
                }
                facts::bug::BugReason::ElseIf => {
                    "`else if` is not Python (it is `elif`)".to_string()
                }
                facts::bug::BugReason::AssignedLater { name } => {
                    format!("`{name}` is only assigned there, after (or apart from) its use")
                }
                facts::bug::BugReason::LoopBound => {
                    "the loop bound lets the index go one past the end".to_string()
                }
                facts::bug::BugReason::HeaderRow { .. } => {
                    "the loop also converts the header line of the input".to_string()
                }
                facts::bug::BugReason::Shadowed { name } => {
                    format!("it makes `{name}` a variable, hiding the function `{name}()`")
                }
                facts::bug::BugReason::InputIsText { name } => {
                    format!("`{name}` is the text `input()` returns, never converted to a number")
                }
                facts::bug::BugReason::ComputedHere { name } => {
                    format!("`{name}` is computed there and comes out as 0")
                }
                facts::bug::BugReason::BaseCase { function } => {
                    format!("the base case of `{function}`, which some calls never reach")
                }
                facts::bug::BugReason::Smell { what } => what.clone(),
                facts::bug::BugReason::DeclaredInBlock { name } => {
                    format!("`{name}` is declared there, inside a block that ends before its use")
                }
                facts::bug::BugReason::DeclaredWithoutValue { name } => {
                    format!("`{name}` is declared there without a starting value")
                }
                facts::bug::BugReason::ChainWithoutElse => {
                    "the if / else-if chain ends there without a plain else".to_string()
                }
                facts::bug::BugReason::MissingComma => {
                    "that line lacks the comma before the next entry".to_string()
                }
                facts::bug::BugReason::LookupMissed { name, method } => {
                    format!("`{name}` is what `{method}` found there, and it found nothing")
                }
                facts::bug::BugReason::EmptyContainer { name } => {
                    format!("`{name}` is declared there empty and never grown before it is indexed")
                }
            };
            out.push(format!("The cause is most likely on line {}{} — {why}. Point the learner there, not only at the reported line.", b.line, quote(b.line)));
        }
        if let Some(code) = v.code
            && let Some(a) = advice_for(&d, &v, code)
        {
            if let Some(n) = a.line {
                out.push(format!(
                    "The line to change is most likely line {n}{}.",
                    quote(n)
                ));
            }
            out.push(format!(
                "A next step to lead the learner to (in your own words, without writing the corrected line): {}",
                a.step
            ));
        }
    }
    if let Some(fix) = v.repair {
        let token = fix
            .token
            .as_deref()
            .map(|t| format!(", the part `{t}`"))
            .unwrap_or_default();
        out.push(format!(
            "Proved by rerunning a one-place edit: the bug is on the learner's line {}{}{token} ({}). Lead the learner there with a question; do not write the corrected line.",
            fix.line,
            quote(fix.line),
            fix.kind.name()
        ));
    }
    if let (Some(lang), Some(code)) = (v.lang, v.code) {
        if let Some(div) = v.divergence {
            let mut line = format!(
                "First divergence from the reference run on the failing test: {:?}",
                div.kind
            );
            if let Some(n) = div.line {
                line.push_str(&format!(" at the learner's line {n}{}", quote(n)));
            }
            if let Some(var) = &div.variable {
                line.push_str(&format!(", variable `{var}`"));
            }
            if v.visible
                && let (Some(a), Some(e)) = (&div.actual, &div.expected)
            {
                line.push_str(&format!(" (is `{a}`, should be `{e}`)"));
            }
            out.push(line + ".");
        } else if let Some(diff) = output::locate_wrong_line(
            v.stdout,
            v.expected.as_deref(),
            v.actual_fragment.as_deref(),
        ) {
            let mut line = String::from("Wrong output, no error");
            if diff.line_no > 0 {
                line.push_str(&format!(": output line {} differs", diff.line_no));
            }
            if v.visible
                && let (Some(a), Some(e)) = (&diff.actual, &diff.expected)
            {
                line.push_str(&format!(" (printed `{a}`, expected `{e}`)"));
            }
            if let Some(site) = output::print_site(lang, code, &diff, v.trace) {
                line.push_str(&format!(
                    "; printed by line {}{}",
                    site.line,
                    quote(site.line)
                ));
                if let Some(o) = site.origin.filter(|o| *o != site.line) {
                    line.push_str(&format!("; the value is computed on line {o}{}", quote(o)));
                }
            }
            out.push(line + ".");
        }
    }
    if v.visible
        && let Some(t) = v.trace
        && !t.steps.is_empty()
    {
        let from = t.steps.len().saturating_sub(8);
        let steps: Vec<String> = t.steps[from..]
            .iter()
            .map(|s| {
                let locals: Vec<String> = s
                    .locals
                    .iter()
                    .take(6)
                    .map(|(k, val)| format!("{k}={val}"))
                    .collect();
                format!("line {} [{}]", s.line, locals.join(", "))
            })
            .collect();
        out.push(format!(
            "Trace, last steps: {}{}.",
            steps.join("; "),
            if t.truncated {
                " (trace truncated)"
            } else {
                ""
            }
        ));
    }
    if !v.visible {
        out.push("This is a hidden test: never mention, guess or ask about its input or expected output; talk about the learner's lines and variables.".into());
    }
    out
}

/// A smell (see [`logic::smells`]) that explains the error better than its own line: for a
/// run that crashed, any smell in the code other than on the reported line itself (a wrong
/// comparison that left a counter at 0, an unsigned counter that wrapped); for a compile
/// error only the `;` after `if (...)` that orphans the `else`.
fn smell_behind(
    d: &Diagnosis,
    v: &View<'_>,
    code: &str,
) -> Option<(facts::bug::BugLine, reasons::ReasonText)> {
    let compile = v.status.as_deref() == Some("compile_error")
        || d.pattern_id.contains("syntax")
        || d.kind.contains("SyntaxError");
    // gcc quotes with ‘…’ in a UTF-8 locale and '…' otherwise.
    let plain = v.error.replace(['\u{2018}', '\u{2019}'], "'");
    let orphan_else =
        plain.contains("without a previous 'if'") || plain.contains("'else' without 'if'");
    if compile && !orphan_else {
        return None;
    }
    let (n, slip) = logic::smells(d.lang, code).into_iter().find(|(n, s)| {
        (!orphan_else || s.spot == ";") && Some(*n) != d.line.filter(|_| !orphan_else)
    })?;
    let first = slip
        .idea
        .split(". ")
        .next()
        .unwrap_or(slip.idea)
        .trim_end_matches('.')
        .to_string();
    let at = match d.line {
        Some(r) if r != n => format!("The error shows on line {r}, but it starts earlier. "),
        _ => String::new(),
    };
    let reason = reasons::ReasonText {
        what: format!("{at}The cause is on **line {n}**: {first}."),
        concept: slip.idea.to_string(),
        hint: format!("On line {n}: {}", slip.hint),
        question: slip.question.clone(),
        replaces_kb: orphan_else,
        kind: orphan_else.then_some("stray semicolon after `if (...)`"),
    };
    let bug = facts::bug::BugLine {
        line: n,
        reason: facts::bug::BugReason::Smell { what: first },
        spot: Some(slip.spot),
    };
    Some((bug, reason))
}

/// The next-step rule for a diagnosed error ([`advice::advise`]). A crash that printed no
/// message is described by its kind (`floating point exception`, `division by zero`).
fn advice_for(d: &Diagnosis, v: &View<'_>, code: &str) -> Option<advice::Advice> {
    let mut text = v.error.clone();
    text.push('\n');
    text.push_str(d.kind);
    if let Some(c) = v.crash {
        text.push('\n');
        text.push_str(c.kind.name());
    }
    advice::advise(d.lang, &text, code, d.line)
}

/// The rung a located problem is explained on: one above the ladder's, as its first answer
/// already carries the idea.
fn lifted(rung: HintRung) -> HintRung {
    match rung {
        HintRung::Nudge => HintRung::Concept,
        HintRung::Concept => HintRung::PointedHint,
        _ => HintRung::PartialCode,
    }
}

/// What the last rung adds, as the one before it already showed the spot to change.
fn last_rung_note(rung: HintRung) -> &'static str {
    if rung == HintRung::PartialCode {
        "\n\n**After the change:** run the program again. If it still does not do what you expect, tell me what it prints now and which line you changed."
    } else {
        ""
    }
}

/// A lesson hit is kept only if its slug does not name another language's track.
fn hit_in_language(hit: &LessonHit, lang: Lang) -> bool {
    let own = format!("{}-", lang.id());
    hit.slug.starts_with(&own)
        || !Lang::ALL
            .iter()
            .any(|l| hit.slug.starts_with(&format!("{}-", l.id())))
}

/// The last pass over every answer: no paragraph is printed twice (a rung's part can coincide
/// with an earlier part, as when the bug line is the reported line).
fn finish_text(raw: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out: Vec<&str> = Vec::new();
    for para in raw.split("\n\n") {
        let key = para.trim();
        if !key.is_empty() && seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(para);
    }
    out.join("\n\n")
}

fn render(template: &str, vars: &HashMap<&'static str, String>) -> String {
    let mut s = template.to_string();
    let b_hint = vars
        .get("b")
        .filter(|_| template.contains("{b_hint}"))
        .map(|b| format!("; the message itself suggests `{b}`"));
    s = s.replace("{b_hint}", b_hint.as_deref().unwrap_or(""));
    for var in ["sym", "a", "b", "c", "detail", "recv"] {
        let key = format!("{{{var}}}");
        if !s.contains(&key) {
            continue;
        }
        match vars.get(var) {
            Some(v) => s = s.replace(&key, v),
            None => {
                s = s.replace(&format!("`{key}`"), default_for(var));
                s = s.replace(&key, default_for(var));
            }
        }
    }
    s
}

/// The offline tutor. Cheap to clone.
#[derive(Clone)]
pub struct OfflineTutor {
    lessons: Arc<dyn LessonSearch>,
}

static SOLUTION_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:full|whole|complete|entire|final|correct|working|fixed)\s+(?:solution|code|program|answer|version)|give\s+me\s+(?:the\s+)?(?:answer|solution|code)|solve\s+(?:it|this|the)|write\s+(?:it|this|the\s+(?:code|program|solution))\s+for\s+me|just\s+(?:tell|show)\s+me|(?:show|tell)\s+me\s+the\s+(?:answer|solution))").expect("valid")
});
static CONCEPT_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:what(?:'s|\s+is|\s+are|\s+does)|whats|how\s+(?:do|does|can|to)|why\s+(?:do|does|is|are)|when\s+(?:do|should)|explain|can\s+you\s+explain|could\s+you\s+explain|tell\s+me\s+about|define|difference\s+between)\b").expect("valid")
});

impl OfflineTutor {
    pub fn new(lessons: Arc<dyn LessonSearch>) -> Self {
        // Compile the knowledge base now, at start-up, not in the first learner's request.
        LazyLock::force(&kb::PATTERNS);
        Self { lessons }
    }

    /// Diagnoses the turn's error output, if any.
    pub fn diagnose(&self, ctx: &TutorContext) -> Option<Diagnosis> {
        let view = View::of(ctx, "");
        self.diagnose_view(&view)
    }

    fn diagnose_view(&self, v: &View<'_>) -> Option<Diagnosis> {
        diagnose_view(v)
    }

    /// The full answer for a turn on a rung, in Markdown. Never contains an unfilled
    /// placeholder, and never the same paragraph twice.
    pub fn answer(&self, turn: &TutorTurn, rung: HintRung) -> String {
        let raw = self.answer_raw(turn, rung);
        finish_text(&raw)
    }

    fn answer_raw(&self, turn: &TutorTurn, rung: HintRung) -> String {
        let ctx = &turn.context;
        let query = turn.query.trim();
        let view = View::of(ctx, query);
        if let Some(text) = self.limit_answer(&view, rung) {
            return text;
        }
        // Where the tutor has located the problem, the first answer already gives the idea
        // behind it (a next step the learner can act on, not only a question); each follow-up
        // then climbs one rung from there, and the last one adds what to do after the change.
        let located = lifted(rung);
        if let Some(d) = self.diagnose_view(&view) {
            let mut out = String::new();
            if SOLUTION_REQUEST.is_match(query) {
                out.push_str(NO_SOLUTION_PREAMBLE);
            }
            out.push_str(&self.explain(&d, &view, ctx, located));
            out.push_str(last_rung_note(rung));
            return out;
        }
        if SOLUTION_REQUEST.is_match(query) {
            return self.solution_ladder(ctx, rung, true);
        }
        // A repair the server proved (an edit that makes the program do what was expected)
        // knows the line and the kind; a divergence or an output diff only shows the symptom.
        if let (Some(lang), Some(code), Some(fix)) = (view.lang, view.code, view.repair)
            && view.error.trim().is_empty()
        {
            let mut out = repaired::answer(lang, code, fix, located, view.in_test);
            out.push_str(last_rung_note(rung));
            return out;
        }
        if let (Some(lang), Some(code), Some(div)) = (view.lang, view.code, view.divergence) {
            let mut out = logic::divergence_answer(lang, code, div, view.visible, located);
            out.push_str(last_rung_note(rung));
            return out;
        }
        if let (Some(lang), Some(code)) = (view.lang, view.code)
            && let Some(mut text) = self.wrong_output(&view, lang, code, located)
        {
            text.push_str(last_rung_note(rung));
            return text;
        }
        if (CONCEPT_QUESTION.is_match(query)
            || (ctx.code.is_none() && ctx.failing_tests.is_empty()))
            && let Some(text) = self.concept(query, ctx)
        {
            return text;
        }
        if !ctx.failing_tests.is_empty() {
            return self.failing_tests(ctx, rung);
        }
        if ctx.code.as_deref().is_some_and(|c| !c.trim().is_empty()) {
            return self.solution_ladder(ctx, rung, false);
        }
        "I can help with an error message, a failing test or a concept. Run your code and ask again when \
         something goes wrong, or ask me about an idea, for example *\"what is a for loop?\"*.\n\n\
         **Question:** What are you working on right now, and what did you expect to happen?"
            .to_string()
    }

    /// A wrong output with no error: from the learner's expectation or the facts.
    fn wrong_output(&self, v: &View<'_>, lang: Lang, code: &str, rung: HintRung) -> Option<String> {
        let diff = output::locate_wrong_line(
            v.stdout,
            v.expected.as_deref(),
            v.actual_fragment.as_deref(),
        )?;
        let site = output::print_site(lang, code, &diff, v.trace);
        Some(logic::answer(
            &logic::WrongOutput {
                lang,
                code,
                diff: &diff,
                site: site.as_ref(),
                visible: v.visible,
                in_test: v.in_test,
            },
            rung,
        ))
    }

    /// Timeouts and memory limits carry no message to parse; answer from the status.
    fn limit_answer(&self, v: &View<'_>, rung: HintRung) -> Option<String> {
        let (kind, what, concept) = match v.status.as_deref()? {
            "timeout" => (
                "time limit exceeded",
                "Your program was still running when the time limit ended. Usually a loop never stops, or the program waits for input that never comes.",
                "A `while` loop stops only when its condition becomes false, so something inside the loop must change the values in that condition.",
            ),
            "memory_limit" => (
                "memory limit exceeded",
                "Your program used more memory than allowed, usually a list that keeps growing inside a loop that never stops.",
                "Each item added to a collection uses memory; a loop that appends forever fills it.",
            ),
            _ => return None,
        };
        let mut s = format!("**{kind}**\n\n{what}\n\n");
        let lp = v.code.and_then(|c| {
            c.lines().enumerate().find(|(_, l)| {
                let t = l.trim_start();
                t.starts_with("while") || t.starts_with("for")
            })
        });
        if let Some((n, l)) = lp {
            let _ = write!(
                s,
                "The loop to look at first is on **line {}**:\n\n> line {}: `{}`\n\n",
                n + 1,
                n + 1,
                l.trim().replace('`', "'")
            );
        }
        if rung >= HintRung::Concept {
            let _ = write!(s, "**The idea:** {concept}\n\n");
        }
        if rung >= HintRung::PointedHint
            && let Some((n, l)) = lp
        {
            let _ = write!(
                s,
                "**Hint:** Look at the condition of the loop on line {}: `{}`. What changes it on each pass?\n\n",
                n + 1,
                l.trim().replace('`', "'")
            );
        }
        s.push_str(
            "**Question:** Which loop in your program should end, and what exactly makes it end?",
        );
        Some(s)
    }

    fn explain(&self, d: &Diagnosis, v: &View<'_>, ctx: &TutorContext, rung: HintRung) -> String {
        let mut s = String::new();
        let code = v.code;
        let line_text = d.line.and_then(|l| code_line(code, l));
        let bug = code.and_then(|c| {
            facts::bug::locate_bug(
                d.lang,
                c,
                facts::bug::ErrorSignal {
                    pattern_id: d.pattern_id,
                    reported: d.line,
                    symbol: d.symbol.as_deref(),
                    output: &v.error,
                },
            )
        });
        // Nothing in the message leads elsewhere: a construct that is wrong wherever it
        // stands, and that makes a later line fail, is the likelier cause.
        let (bug, smell) = match (bug, code) {
            (None, Some(c)) => match smell_behind(d, v, c) {
                Some((b, r)) => (Some(b), Some(r)),
                None => (None, None),
            },
            (b, _) => (b, None),
        };
        let mut reason = smell.or_else(|| bug.as_ref().map(|b| reasons::text(d.lang, b, d.line)));
        // A rule for this class of message knows the next step, and sometimes the line to
        // change better than the general search does.
        let advice = code.and_then(|c| advice_for(d, v, c));
        let mut bug = bug;
        if let Some(a) = &advice
            && let Some(n) = a.line
            && bug.as_ref().is_none_or(|b| b.line != n)
        {
            bug = Some(facts::bug::BugLine {
                line: n,
                reason: facts::bug::BugReason::Smell {
                    what: a.what.clone().unwrap_or_default(),
                },
                spot: a.spot.clone(),
            });
            reason = None;
        }
        let replaces_what = advice.as_ref().is_some_and(|a| a.replaces_what);
        let kind: String = match (
            reason.as_ref().and_then(|r| r.kind),
            advice.as_ref().and_then(|a| a.kind.as_deref()),
        ) {
            (Some(k), _) => k.to_string(),
            (None, Some(a)) if matches!(d.kind, "compile error" | "error") => a.to_string(),
            (None, Some(a)) => format!("{} ({a})", d.kind),
            (None, None) => d.kind.to_string(),
        };
        let crashed_silently = d
            .pattern
            .is_some_and(|p| p.locate == Locate::CppNullOrIndex || p.locate == Locate::CppDivide);
        match (d.line, d.line_inferred) {
            (Some(n), false) if crashed_silently => {
                let _ = write!(s, "**{kind}**: your program crashed on **line {n}**");
            }
            (Some(n), false) => {
                let _ = write!(s, "**{kind}** on **line {n}**");
            }
            (Some(n), true) => {
                let _ = write!(
                    s,
                    "**{kind}**: your program crashed, most likely on **line {n}** (the crash itself prints no line number; this is the line that can cause it)",
                );
            }
            (None, _) => {
                let _ = write!(s, "**{kind}** (the output does not say which line)");
            }
        }
        if let Some(sym) = d
            .symbol
            .as_deref()
            .filter(|s| s.len() < 60 && !s.contains('\n'))
            .filter(|_| !reason.as_ref().is_some_and(|r| r.replaces_kb))
        {
            let _ = write!(s, ", about `{}`", sym.trim_matches('\''));
        }
        s.push_str(".\n\n");
        if let (Some(n), Some(text)) = (d.line, line_text.as_deref()) {
            let _ = write!(s, "> line {n}: `{}`\n\n", text.trim().replace('`', "'"));
        }
        let topic = d.pattern.map(|p| p.topic).unwrap_or("errors debugging");
        let lesson = self.lesson_for(topic, ctx).map(|hit| {
            format!(
                "📘 Related lesson: [{}]({LESSON_LINK_PREFIX}{})\n\n",
                hit.title, hit.slug
            )
        });
        let Some(p) = d.pattern else {
            let detail = d.vars.get("detail").cloned().unwrap_or_default();
            if detail.is_empty() {
                s.push_str("The program stopped with an error.\n\n");
            } else {
                let _ = write!(
                    s,
                    "The program stopped with this message: `{}`.\n\n",
                    detail.replace('`', "'")
                );
            }
            if let Some(l) = lesson {
                s.push_str(&l);
            }
            s.push_str("**Question:** Reading that message word by word, which value or name on that line does it talk about?");
            return s;
        };
        let bug_text = bug.as_ref().and_then(|b| code_line(code, b.line));
        match (&reason, &bug) {
            (Some(r), Some(b)) if r.replaces_kb => {
                let _ = write!(s, "{}\n\n", r.what);
                if b.line != d.line.unwrap_or(0)
                    && let Some(t) = &bug_text
                {
                    let _ = write!(s, "> line {}: `{}`\n\n", b.line, t.trim().replace('`', "'"));
                }
            }
            (Some(r), Some(b)) => {
                if !replaces_what {
                    let _ = write!(s, "{}\n\n", render(p.what, &d.vars));
                }
                let _ = write!(s, "{}\n\n", r.what);
                if b.line != d.line.unwrap_or(0)
                    && let Some(t) = &bug_text
                {
                    let _ = write!(s, "> line {}: `{}`\n\n", b.line, t.trim().replace('`', "'"));
                }
            }
            _ => {
                if !replaces_what {
                    let _ = write!(s, "{}\n\n", render(p.what, &d.vars));
                }
            }
        }
        if let Some(a) = &advice {
            if let Some(w) = &a.what {
                let _ = write!(s, "{w}\n\n");
            }
            if reason.is_none()
                && let Some(b) = &bug
                && Some(b.line) != d.line
            {
                let _ = write!(s, "The line to change is **line {}**", b.line);
                match &bug_text {
                    Some(t) => {
                        let _ = write!(
                            s,
                            ":\n\n> line {}: `{}`\n\n",
                            b.line,
                            t.trim().replace('`', "'")
                        );
                    }
                    None => s.push_str(".\n\n"),
                }
            }
            let _ = write!(s, "**Next step:** {}\n\n", a.step);
        }
        if rung >= HintRung::Concept {
            let concept = match &reason {
                Some(r) => r.concept.clone(),
                None => render(p.concept, &d.vars),
            };
            let _ = write!(s, "**The idea:** {concept}\n\n");
        }
        if rung >= HintRung::PointedHint {
            let hint = match &reason {
                Some(r) => r.hint.clone(),
                None => render(p.hint, &d.vars),
            };
            let _ = write!(s, "**Hint:** {hint}\n\n");
        }
        if rung >= HintRung::PartialCode {
            let part = match (&bug, code) {
                (Some(b), Some(c)) => reasons::partial(d.lang, c, b),
                _ => None,
            };
            match part {
                Some(p) => s.push_str(&p),
                None => {
                    if let (Some(n), Some(text)) = (d.line, line_text.as_deref()) {
                        s.push_str(&partial_code(d, n, text));
                    }
                }
            }
        }
        if let Some(l) = lesson {
            s.push_str(&l);
        }
        let question = match &reason {
            Some(r) => r.question.clone(),
            None => render(p.question, &d.vars),
        };
        let _ = write!(s, "**Question:** {question}");
        s
    }

    fn lesson_for(&self, topic: &str, ctx: &TutorContext) -> Option<LessonHit> {
        // Links only in the learner's language: with no language known, no link.
        let lang = ctx.lang()?;
        self.lessons
            .search(topic, Some(lang.id()))
            .into_iter()
            .find(|h| hit_in_language(h, lang))
    }

    fn solution_ladder(&self, ctx: &TutorContext, rung: HintRung, asked: bool) -> String {
        let mut s = String::from(if asked {
            NO_SOLUTION_PREAMBLE
        } else if ctx.lesson.is_some() {
            NO_ERROR_PREAMBLE
        } else {
            NO_ERROR_PLAYGROUND_PREAMBLE
        });
        let lesson = ctx.lesson.as_ref();
        let example = if lesson.is_some() {
            "the example in the statement"
        } else {
            "one small input you choose yourself"
        };
        match rung {
            HintRung::Nudge => {
                if lesson.is_some() {
                    let _ = write!(
                        s,
                        "**Question:** In your own words, what does the program have to read, and what must it print for {example}?"
                    );
                } else {
                    s.push_str("If the output is not what you expected, tell me both, like *\"it prints 2 but I expected 2.5\"*, and I can point at the line that produced it.\n\n**Question:** What did you expect your program to print, and what does it print instead?");
                }
            }
            HintRung::Concept => {
                if let Some(l) = lesson {
                    let first = l
                        .body
                        .split("\n\n")
                        .map(str::trim)
                        .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("---"))
                        .unwrap_or("");
                    let first: String = first.chars().take(400).collect();
                    if !first.is_empty() {
                        let _ = write!(
                            s,
                            "The task (**{}**) again, in short:\n\n> {}\n\n",
                            l.title,
                            first.replace('\n', " ")
                        );
                    }
                }
                let _ = write!(
                    s,
                    "**Question:** If you did this by hand with pencil and paper for {example}, which steps would you take, in order?"
                );
            }
            HintRung::PointedHint => {
                match lesson.filter(|l| !l.hints.is_empty()) {
                    Some(l) => {
                        let i = (ctx.rung().index().saturating_sub(2)).min(l.hints.len() - 1);
                        let _ = write!(s, "**Hint:** {}\n\n", l.hints[i]);
                    }
                    None => {
                        let _ = write!(
                            s,
                            "**Hint:** Work through {example} by hand first, then compare each step with one line of your code.\n\n"
                        );
                    }
                }
                s.push_str("**Question:** Which of those steps does your code already do, and which one is missing?");
            }
            HintRung::PartialCode => {
                let lang = ctx.lang().unwrap_or(Lang::Python);
                let names = learner_names(ctx.code.as_deref().unwrap_or(""));
                let var = names.first().map(String::as_str).unwrap_or("value");
                let _ = write!(
                    s,
                    "Here is a shape to fill in, with your own names:\n\n```{}\n{}\n```\n\n",
                    lang.fence(),
                    skeleton(lang, var)
                );
                s.push_str("**Question:** What goes in each `___`?");
            }
        }
        s
    }

    fn failing_tests(&self, ctx: &TutorContext, rung: HintRung) -> String {
        let n = ctx.failing_tests.len();
        let mut s = format!(
            "Your program runs, but {n} test{} fail{}.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" }
        );
        let code = ctx.code.as_deref().unwrap_or("");
        let lang = ctx.lang().unwrap_or(Lang::Python);
        let cause = logic::failing_test_cause(lang, code, &ctx.failing_tests);
        let line = cause.as_ref().map(|(n, _)| *n);
        let slip = cause.and_then(|(_, s)| s);
        match line.and_then(|l| code_line(Some(code), l).map(|t| (l, t))) {
            Some((l, t)) => {
                let _ = write!(
                    s,
                    " The place in your code to look at first is **line {l}**:\n\n> line {l}: `{}`\n\n",
                    t.trim().replace('`', "'")
                );
                if let Some(sl) = &slip
                    && rung == HintRung::Nudge
                {
                    let first = sl
                        .idea
                        .split(". ")
                        .next()
                        .unwrap_or(sl.idea)
                        .trim_end_matches('.');
                    let _ = write!(s, "{first}.\n\n");
                }
            }
            None => s.push_str("\n\n"),
        }
        if rung >= HintRung::Concept {
            match &slip {
                Some(sl) => {
                    let _ = write!(s, "**The idea:** {}\n\n", sl.idea);
                }
                None => s.push_str("**The idea:** Tests compare your output with the expected output line by line: spelling, spaces, punctuation and capital letters all count, and nothing extra (like a prompt text in `input(\"...\")`) may be printed.\n\n"),
            }
        }
        if rung >= HintRung::PointedHint {
            if let (Some(sl), Some(l)) = (&slip, line) {
                let _ = write!(s, "**Hint:** On line {l}: {}\n\n", sl.hint);
            } else if let Some(h) = ctx.lesson.as_ref().and_then(|l| {
                l.hints
                    .get((rung.index() - 2).min(l.hints.len().saturating_sub(1)))
            }) {
                let _ = write!(s, "**Hint:** {h}\n\n");
            } else if let Some(l) = line {
                let _ = write!(
                    s,
                    "**Hint:** Try the case the failing test describes by hand and follow line {l} with it: which branch runs, and what does it print?\n\n"
                );
            } else {
                s.push_str("**Hint:** Try the edge cases the first failing test describes: an empty input, a single item, the largest or smallest value.\n\n");
            }
        }
        if rung >= HintRung::PartialCode {
            let lang = ctx.lang().unwrap_or(Lang::Python);
            if let Some(var) = learner_names(code).first() {
                let _ = write!(
                    s,
                    "Add a temporary check to see what your program really computes:\n\n```{}\n{}\n```\n\n",
                    lang.fence(),
                    debug_print(lang, var)
                );
            }
        }
        match (line, slip) {
            (Some(_), Some(sl)) => {
                let _ = write!(s, "**Question:** {}", sl.question);
            }
            (Some(l), None) => {
                let _ = write!(s, "**Question:** For an input like the one the first failing test describes, what does line {l} do, and what should it do?");
            }
            (None, _) => s.push_str("**Question:** For an input like the one the first failing test describes, what should your program print, and what does it print now?"),
        }
        s
    }

    fn concept(&self, query: &str, ctx: &TutorContext) -> Option<String> {
        let topic = concept_topic(query);
        if topic.is_empty() {
            return None;
        }
        let hits = self.lessons.search(&topic, ctx.lang().map(|l| l.id()));
        let mut s = String::new();
        if let Some(first) = hits.first() {
            let _ = write!(s, "Here is what the course says about **{topic}**:\n\n");
            for h in hits.iter().take(2) {
                let snippet = h.snippet.trim().replace('\n', "\n> ");
                let _ = write!(
                    s,
                    "> {snippet}\n\n— from [{}]({LESSON_LINK_PREFIX}{})\n\n",
                    h.title, h.slug
                );
            }
            let _ = write!(
                s,
                "**Question:** Try a tiny example of your own in the playground: what do you expect it to print before you run it? (Start with [{}]({LESSON_LINK_PREFIX}{}) if the idea is new.)",
                first.title, first.slug
            );
            return Some(s);
        }
        let gloss = GLOSSARY
            .iter()
            .find(|(keys, _)| keys.iter().any(|k| topic.contains(k)))?;
        let _ = write!(
            s,
            "{}\n\n**Question:** Can you write a two-line example of it and predict what it prints before running it?",
            gloss.1
        );
        Some(s)
    }
}

const NO_ERROR_PREAMBLE: &str =
    "I don't see an error from your last run, so let's look at what the program should do.\n\n";
const NO_ERROR_PLAYGROUND_PREAMBLE: &str = "Your last run ended without an error message, so the question is whether it printed what you wanted.\n\n";
const NO_SOLUTION_PREAMBLE: &str = "I won't hand you the finished code: working it out yourself is what makes it stick. But let's get you there, one step at a time.\n\n";

fn concept_topic(query: &str) -> String {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:what(?:'s|\s+is|\s+are|\s+does)|whats|how\s+(?:do|does|can|to)(?:\s+i|\s+you|\s+we)?(?:\s+use|\s+write|\s+make)?|why\s+(?:do|does|is|are)|when\s+(?:do|should)(?:\s+i)?(?:\s+use)?|explain|can\s+you\s+explain|could\s+you\s+explain|tell\s+me\s+about|define|difference\s+between)\s+(?:an?\s+|the\s+)?").expect("valid")
    });
    static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*(?:in\s+(?:python|javascript|js|java|c\+\+|cpp))?\s*(?:mean|work|do)?\s*[?.!]*\s*$").expect("valid")
    });
    let t = PREFIX.replace(query, "");
    SUFFIX.replace(&t, "").trim().to_lowercase()
}

const GLOSSARY: &[(&[&str], &str)] = &[
    (
        &["for loop", "for-loop"],
        "A **for loop** repeats a block once for each item of a collection or each number in a range, with a variable that takes each value in turn: in Python `for x in [1, 2, 3]: print(x)` prints 1, 2 and 3.",
    ),
    (
        &["while"],
        "A **while loop** repeats its block as long as its condition is true; something inside the loop must eventually make the condition false, or it never stops.",
    ),
    (
        &["variable"],
        "A **variable** is a name that refers to a value, like a labelled box: `count = 3` stores 3 under the name `count`, and later code can read or change it.",
    ),
    (
        &["function", "method"],
        "A **function** is a named, reusable block of code: it takes inputs (parameters), does its work and can `return` a result to the caller.",
    ),
    (
        &["list", "array"],
        "A **list** (array) holds several values in order; each has a position (index) starting at 0, so `items[0]` is the first.",
    ),
    (
        &["dictionar", "map", "hash"],
        "A **dictionary** (map) stores values under keys, like a phone book: `ages[\"Ada\"]` finds the value stored under the key `\"Ada\"`.",
    ),
    (
        &["if", "condition"],
        "An **if statement** runs a block only when its condition is true; `else` gives the block for when it is false.",
    ),
    (
        &["recursion", "recursive"],
        "**Recursion** is a function calling itself on a smaller version of the problem, with a base case that stops it.",
    ),
    (
        &["class", "object"],
        "A **class** is a blueprint for objects: it bundles data (fields) with the functions (methods) that work on that data.",
    ),
    (
        &["string"],
        "A **string** is text: a sequence of characters in quotes. You can index it, measure it with a length function, and join strings together.",
    ),
    (
        &["pointer"],
        "A **pointer** holds the memory address of a value; `*p` reads the value it points to, and a `nullptr` points to nothing, so it must never be dereferenced.",
    ),
    (
        &["return"],
        "`return` ends a function and hands a value back to the code that called it.",
    ),
    (
        &["scope"],
        "**Scope** is the part of the program where a name is visible; a variable created inside a function or block is not visible outside it.",
    ),
    (
        &["exception", "error handling", "try"],
        "An **exception** signals an error at run time; `try`/`catch` (or `try`/`except`) lets the program handle it instead of stopping.",
    ),
    (
        &["index"],
        "An **index** is a position in a list or string, starting at 0; the last valid index is the length minus one.",
    ),
];

fn learner_names(code: &str) -> Vec<String> {
    static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^\s*(?:(?:let|const|var|int|long|double|float|String|string|auto|bool|boolean|char)\s+)?([A-Za-z_]\w*)\s*=[^=]").expect("valid")
    });
    let mut names: Vec<String> = Vec::new();
    for c in ASSIGN.captures_iter(code) {
        let n = c[1].to_string();
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

fn skeleton(lang: Lang, var: &str) -> String {
    match lang {
        Lang::Python => format!(
            "{var} = ___          # read the input\n# ___ one step per line of your plan\nprint(___)"
        ),
        Lang::Javascript => format!(
            "const {var} = ___;   // read the input\n// ___ one step per line of your plan\nconsole.log(___);"
        ),
        Lang::Java => format!(
            "{var} = ___;   // read the input\n// ___ one step per line of your plan\nSystem.out.println(___);"
        ),
        Lang::Cpp => format!(
            "{var} = ___;   // read the input\n// ___ one step per line of your plan\nstd::cout << ___ << '\\n';"
        ),
    }
}

fn debug_print(lang: Lang, var: &str) -> String {
    match lang {
        Lang::Python => format!("print(\"debug {var} =\", repr({var}))"),
        Lang::Javascript => format!("console.error(\"debug {var} =\", {var});"),
        Lang::Java => format!("System.err.println(\"debug {var} = \" + {var});"),
        Lang::Cpp => format!("std::cerr << \"debug {var} = \" << {var} << '\\n';"),
    }
}

/// The learner's own line with the spot to change blanked out.
fn partial_code(d: &Diagnosis, line_no: u32, text: &str) -> String {
    let c = d.lang.comment();
    let sym = d
        .symbol
        .as_deref()
        .map(|s| s.trim_matches('\''))
        .filter(|s| s.len() >= 2 && text.contains(*s));
    let body = match sym {
        Some(sym) => format!(
            "{}   {c} line {line_no}: what belongs in ___ ?",
            text.replacen(sym, "___", 1).trim_end()
        ),
        None => format!(
            "{}   {c} line {line_no}: the change goes on this line",
            text.trim_end()
        ),
    };
    format!(
        "In your own code, the spot to work on:\n\n```{}\n{body}\n```\n\n",
        d.lang.fence()
    )
}

/// The offline tutor as a provider: the same streaming contract, no network.
pub struct OfflineProvider {
    tutor: OfflineTutor,
}

impl OfflineProvider {
    pub fn new(tutor: OfflineTutor) -> Self {
        Self { tutor }
    }
}

/// Splits an answer into stream-sized pieces at word boundaries.
pub fn pieces(text: &str, size: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for word in text.split_inclusive(char::is_whitespace) {
        cur.push_str(word);
        if cur.len() >= size {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[async_trait]
impl Provider for OfflineProvider {
    fn name(&self) -> &'static str {
        "offline"
    }

    async fn stream(
        &self,
        req: ChatRequest,
        cancel: CancellationToken,
    ) -> Result<ChunkStream, TutorError> {
        let turn = match req.turn {
            Some(t) => t,
            None => Arc::new(TutorTurn {
                query: req
                    .messages
                    .last()
                    .map(|m| m.content.clone())
                    .unwrap_or_default(),
                context: TutorContext::default(),
            }),
        };
        let text = self.tutor.answer(&turn, req.rung);
        let mut chunks: Vec<Result<Chunk, TutorError>> = pieces(&text, 48)
            .into_iter()
            .map(|p| Ok(Chunk::Delta(p)))
            .collect();
        chunks.push(Ok(Chunk::Usage {
            input_tokens: 0,
            output_tokens: 0,
        }));
        chunks.push(Ok(Chunk::Done));
        Ok(stream::iter(chunks)
            .take_until(cancel.cancelled_owned())
            .boxed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_at_least_twenty_five_patterns() {
        for lang in Lang::ALL {
            let n = kb::for_lang(lang).count();
            assert!(n >= 25, "{lang:?} has {n} patterns");
        }
    }

    #[test]
    fn concept_topics_drop_the_question_words() {
        assert_eq!(concept_topic("What is a for loop?"), "for loop");
        assert_eq!(
            concept_topic("how do I use dictionaries in Python?"),
            "dictionaries"
        );
    }

    #[test]
    fn a_javascript_undefined_read_names_the_receiver() {
        let out = "/box/main.js:3\nconsole.log(items[3].length);\n                    ^\n\nTypeError: Cannot read properties of undefined (reading 'length')\n    at Object.<anonymous> (/box/main.js:3:21)\n    at Module._compile (node:internal/modules/cjs/loader:1256:14)\n";
        let code = "const items = ['a'];\n\nconsole.log(items[3].length);\n";
        let d = diagnose(Lang::Javascript, out, Some(1), None, Some(code)).unwrap();
        assert_eq!(
            (d.kind, d.line, d.vars.get("recv").map(String::as_str)),
            ("TypeError", Some(3), Some("items[3]"))
        );
    }
}
