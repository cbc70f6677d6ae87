//! The offline tutor: no network, no key. It diagnoses real error output with the knowledge base
//! (kind, line, symbol), answers on the current rung of the hint ladder, links the relevant lesson,
//! answers concept questions from the curriculum, and streams its answer like any provider.

pub mod kb;
pub mod locate;

use std::{collections::HashMap, fmt::Write as _, sync::Arc, sync::LazyLock};

use async_trait::async_trait;
use futures_util::{StreamExt, stream};
use regex::Regex;
use tokio_util::sync::CancellationToken;

use crate::{
    ChatRequest, Chunk, ChunkStream, Provider, TutorError,
    context::{HintRung, Lang, TutorContext, TutorTurn},
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
        if let Some(m) = caps.name(name) {
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

fn default_for(var: &str) -> &'static str {
    match var {
        "sym" => "the name in the message",
        "recv" => "the value before the dot",
        "detail" => "see the message above",
        _ => "",
    }
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
        let lang = ctx.lang()?;
        let output = ctx.error_output.as_deref().unwrap_or("");
        diagnose(lang, output, ctx.exit_code, ctx.signal, ctx.code.as_deref())
    }

    /// The full answer for a turn on a rung, in Markdown.
    pub fn answer(&self, turn: &TutorTurn, rung: HintRung) -> String {
        let ctx = &turn.context;
        let query = turn.query.trim();
        if let Some(text) = self.limit_answer(ctx, rung) {
            return text;
        }
        if let Some(d) = self.diagnose(ctx) {
            let mut out = String::new();
            if SOLUTION_REQUEST.is_match(query) {
                out.push_str(NO_SOLUTION_PREAMBLE);
            }
            out.push_str(&self.explain(&d, ctx, rung));
            return out;
        }
        if SOLUTION_REQUEST.is_match(query) {
            return self.solution_ladder(ctx, rung, true);
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

    /// Timeouts and memory limits carry no message to parse; answer from the status.
    fn limit_answer(&self, ctx: &TutorContext, rung: HintRung) -> Option<String> {
        let (kind, what, concept) = match ctx.status.as_deref()? {
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
        if rung >= HintRung::Concept {
            let _ = write!(s, "**The idea:** {concept}\n\n");
        }
        if rung >= HintRung::PointedHint
            && let Some((n, l)) = ctx.code.as_deref().and_then(|c| {
                c.lines().enumerate().find(|(_, l)| {
                    let t = l.trim_start();
                    t.starts_with("while") || t.starts_with("for")
                })
            })
        {
            let _ = write!(
                s,
                "**Hint:** Look at the loop on line {}: `{}`. What changes its condition on each pass?\n\n",
                n + 1,
                l.trim()
            );
        }
        s.push_str(
            "**Question:** Which loop in your program should end, and what exactly makes it end?",
        );
        Some(s)
    }

    fn explain(&self, d: &Diagnosis, ctx: &TutorContext, rung: HintRung) -> String {
        let mut s = String::new();
        let line_text = d.line.and_then(|l| code_line(ctx.code.as_deref(), l));
        match (d.line, d.line_inferred) {
            (Some(n), false) => {
                let _ = write!(s, "**{}** on **line {n}**", d.kind);
            }
            (Some(n), true) => {
                let _ = write!(
                    s,
                    "**{}**, most likely on **line {n}** (the crash itself prints no line number; this is the line that can cause it)",
                    d.kind
                );
            }
            (None, _) => {
                let _ = write!(s, "**{}** (the output does not say which line)", d.kind);
            }
        }
        if let Some(sym) = d
            .symbol
            .as_deref()
            .filter(|s| s.len() < 60 && !s.contains('\n'))
        {
            let _ = write!(s, ", about `{}`", sym.trim_matches('\''));
        }
        s.push_str(".\n\n");
        if let (Some(n), Some(text)) = (d.line, line_text.as_deref()) {
            let _ = write!(s, "> line {n}: `{}`\n\n", text.trim().replace('`', "'"));
        }
        let Some(p) = d.pattern else {
            let detail = d.vars.get("detail").cloned().unwrap_or_default();
            let _ = write!(
                s,
                "The program stopped with this message: `{detail}`.\n\n**Question:** Reading that message word by word, which value or name on that line does it talk about?"
            );
            return s;
        };
        let _ = write!(s, "{}\n\n", render(p.what, &d.vars));
        if rung >= HintRung::Concept {
            let _ = write!(s, "**The idea:** {}\n\n", render(p.concept, &d.vars));
        }
        if rung >= HintRung::PointedHint {
            let _ = write!(s, "**Hint:** {}\n\n", render(p.hint, &d.vars));
        }
        if rung >= HintRung::PartialCode
            && let (Some(n), Some(text)) = (d.line, line_text.as_deref())
        {
            s.push_str(&partial_code(d, n, text));
        }
        let _ = write!(s, "**Question:** {}", render(p.question, &d.vars));
        if let Some(hit) = self.lesson_for(p.topic, ctx) {
            let _ = write!(
                s,
                "\n\n📘 Related lesson: [{}]({LESSON_LINK_PREFIX}{})",
                hit.title, hit.slug
            );
        }
        s
    }

    fn lesson_for(&self, topic: &str, ctx: &TutorContext) -> Option<LessonHit> {
        self.lessons
            .search(topic, ctx.lang().map(|l| l.id()))
            .into_iter()
            .next()
    }

    fn solution_ladder(&self, ctx: &TutorContext, rung: HintRung, asked: bool) -> String {
        let mut s = String::from(if asked {
            NO_SOLUTION_PREAMBLE
        } else {
            NO_ERROR_PREAMBLE
        });
        let lesson = ctx.lesson.as_ref();
        match rung {
            HintRung::Nudge => s.push_str(
                "**Question:** In your own words, what does the program have to read, and what must it print for the example in the statement?",
            ),
            HintRung::Concept => {
                if let Some(l) = lesson {
                    let first = l.body.split("\n\n").map(str::trim).find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("---")).unwrap_or("");
                    let first: String = first.chars().take(400).collect();
                    let _ = write!(s, "The task (**{}**) again, in short:\n\n> {}\n\n", l.title, first.replace('\n', " "));
                }
                s.push_str("**Question:** If you did this by hand with pencil and paper for the example input, which steps would you take, in order?");
            }
            HintRung::PointedHint => {
                match lesson.and_then(|l| l.hints.first().map(|_| l)) {
                    Some(l) => {
                        let i = (ctx.rung().index().saturating_sub(2)).min(l.hints.len() - 1);
                        let _ = write!(s, "**Hint:** {}\n\n", l.hints[i]);
                    }
                    None => s.push_str("**Hint:** Solve the example input by hand first, then write one line of code per step you took.\n\n"),
                }
                s.push_str("**Question:** Which of those steps does your code already do, and which one is missing?");
            }
            HintRung::PartialCode => {
                let lang = ctx.lang().unwrap_or(Lang::Python);
                let names = learner_names(ctx.code.as_deref().unwrap_or(""));
                let var = names.first().map(String::as_str).unwrap_or("value");
                let _ = write!(s, "Here is a shape to fill in, with your own names:\n\n```{}\n{}\n```\n\n", lang.fence(), skeleton(lang, var));
                s.push_str("**Question:** What goes in each `___`?");
            }
        }
        s
    }

    fn failing_tests(&self, ctx: &TutorContext, rung: HintRung) -> String {
        let n = ctx.failing_tests.len();
        let mut s = format!(
            "Your program runs, but {n} test{} fail{}:\n\n",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" }
        );
        for t in ctx.failing_tests.iter().take(5) {
            let _ = writeln!(s, "- {t}");
        }
        s.push('\n');
        if rung >= HintRung::Concept {
            s.push_str("**The idea:** Tests compare your output with the expected output line by line: spelling, spaces, punctuation and capital letters all count, and nothing extra (like a prompt text in `input(\"...\")`) may be printed.\n\n");
        }
        if rung >= HintRung::PointedHint {
            if let Some(h) = ctx.lesson.as_ref().and_then(|l| {
                l.hints
                    .get((rung.index() - 2).min(l.hints.len().saturating_sub(1)))
            }) {
                let _ = write!(s, "**Hint:** {h}\n\n");
            } else {
                s.push_str("**Hint:** Try the edge cases the first failing test describes: an empty input, a single item, the largest or smallest value.\n\n");
            }
        }
        if rung >= HintRung::PartialCode {
            let lang = ctx.lang().unwrap_or(Lang::Python);
            if let Some(var) = learner_names(ctx.code.as_deref().unwrap_or("")).first() {
                let _ = write!(
                    s,
                    "Add a temporary check to see what your program really computes:\n\n```{}\n{}\n```\n\n",
                    lang.fence(),
                    debug_print(lang, var)
                );
            }
        }
        s.push_str("**Question:** For an input like the one the first failing test describes, what should your program print, and what does it print now?");
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
