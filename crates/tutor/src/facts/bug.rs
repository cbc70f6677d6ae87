//! Finding the **bug** line when it is not the line the error is reported on: the block whose
//! `{` never closes (the compiler complains at the end of the file or two functions later),
//! Python's `else if`, a name used before the line that assigns it, a loop bound one too far
//! when the crash is an index error, and a header row parsed as a number. Each works from the
//! code itself, not only from the message.

use std::sync::LazyLock;

use regex::Regex;

use crate::context::Lang;

/// Why the bug line is where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BugReason {
    /// A `{` opened on this line is never closed.
    UnclosedBlock,
    /// `else if` in Python, which spells it `elif`.
    ElseIf,
    /// `name` is read on the reported line but only assigned here, later or in a branch.
    AssignedLater { name: String },
    /// The loop header's bound lets the index go one past the end.
    LoopBound,
    /// The loop also reads the first (header) line and converts it like the data.
    HeaderRow { word: String },
    /// `name` was made a variable here, hiding the function of the same name called later.
    Shadowed { name: String },
    /// `name` holds the text `input()` returned here, used later as a number.
    InputIsText { name: String },
    /// `name`, the bad value on the reported line, is computed here.
    ComputedHere { name: String },
    /// The recursion's stopping condition, which some calls never meet.
    BaseCase { function: String },
    /// `name` is declared here, inside a block that ends before the line that uses it.
    DeclaredInBlock { name: String },
    /// `name` is declared here without a starting value.
    DeclaredWithoutValue { name: String },
    /// The `if` / `else if` chain ending here has no plain `else`, so a path returns nothing.
    ChainWithoutElse,
    /// The previous line ends without the `,` that separates it from this one.
    MissingComma,
    /// `name` holds what a lookup (`find`, `Map.get`) returned here, which is `undefined` or
    /// `null` when nothing matched.
    LookupMissed { name: String, method: String },
    /// `name` is indexed on the reported line, but was declared here empty and never grown.
    EmptyContainer { name: String },
    /// A construct that is wrong wherever it stands (a `;` after `if (...)`, strings compared
    /// with `==` in Java, an unsigned counter tested `>= 0`), behind an error reported later.
    Smell { what: String },
}

/// The line to point the learner at, with the part of it to look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BugLine {
    pub line: u32,
    pub reason: BugReason,
    /// The spot on that line to blank on the last rung (a substring of the line).
    pub spot: Option<String>,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid regex"));
    };
}

re!(STRINGS, r#""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'"#);

/// Code lines with string contents and line comments removed (braces in strings do not count).
fn stripped(lang: Lang, code: &str) -> Vec<String> {
    code.lines()
        .map(|l| {
            let l = STRINGS.replace_all(l, "\"\"");
            let cut = match lang {
                Lang::Python => l.find('#'),
                _ => l.find("//"),
            };
            match cut {
                Some(i) => l[..i].to_string(),
                None => l.to_string(),
            }
        })
        .collect()
}

fn indent(l: &str) -> usize {
    l.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// What the error says, in the terms this module needs.
#[derive(Clone, Copy, Debug)]
pub struct ErrorSignal<'a> {
    /// The knowledge base's pattern id, or a generic id.
    pub pattern_id: &'a str,
    /// The line the error is reported on.
    pub reported: Option<u32>,
    /// The name or literal the error is about.
    pub symbol: Option<&'a str>,
    /// The (trimmed) error text.
    pub output: &'a str,
}

/// The bug line, when the code shows it is somewhere other than the reported line (or the same
/// line for a reason the message does not say, as with `else if`).
pub fn locate_bug(lang: Lang, code: &str, err: ErrorSignal<'_>) -> Option<BugLine> {
    let lines = stripped(lang, code);
    if lang != Lang::Python
        && let Some(b) = unclosed_block(&lines)
    {
        return Some(b);
    }
    if lang == Lang::Python
        && let Some(b) = else_if(&lines, err.reported)
    {
        return Some(b);
    }
    let id = err.pattern_id;
    if let Some(b) = declared_elsewhere(lang, code, &lines, err) {
        return Some(b);
    }
    let index_error = id.contains("index")
        || id.contains("out-of-range")
        || id.contains("bounds")
        || id.contains("segfault")
        || id.contains("read-undefined")
        || err.output.contains("IndexError")
        || err.output.contains("IndexOutOfBounds")
        || err.output.contains("out_of_range")
        || err.output.contains("Cannot read properties of undefined");
    if index_error
        && let Some(r) = err.reported
        && let Some(b) = loop_bound(lang, &lines, r).or_else(|| empty_container(lang, &lines, r))
    {
        return Some(b);
    }
    let nothing_there = err.output.contains("Cannot read properties of undefined")
        || err.output.contains("Cannot read properties of null")
        || err.output.contains("NullPointerException");
    // A field declared without an object (`private List<String> items;`) is null.
    if lang == Lang::Java
        && err.output.contains("NullPointerException")
        && let (Some(r), Some(sym)) = (err.reported, err.symbol)
        && let Some(b) = declared_without_value(&lines, r, sym)
    {
        return Some(b);
    }
    if nothing_there
        && let Some(r) = err.reported
        && let Some(b) = lookup_missed(lang, &lines, r)
    {
        return Some(b);
    }
    // `stoi` of a number too big for an int is out_of_range, not a header row.
    let too_big = err.output.contains("out_of_range") && err.output.contains("stoi");
    let conversion = !too_big
        && (err.output.contains("invalid literal for int()")
            || err.output.contains("could not convert string to float")
            || err.output.contains("NumberFormatException")
            || err.output.contains("std::invalid_argument")
            || err.output.contains("stoi"));
    // A number with a space around it is not a header: the text converted has digits.
    if conversion
        && !id.ends_with("-space")
        && let Some(b) = header_row(lang, &lines, err.reported, err.output)
    {
        return Some(b);
    }
    if let Some(r) = err.reported
        && let Some(b) = shadowed(lang, &lines, r, id, err.output)
    {
        return Some(b);
    }
    if lang == Lang::Python
        && let Some(r) = err.reported
        && (id == "py-compare" || id == "py-unsupported-operand" || id == "py-concat-str")
        && err.output.contains("'str'")
        && let Some(b) = input_is_text(&lines, r)
    {
        return Some(b);
    }
    if let Some(r) = err.reported
        && (id.contains("zero")
            || id.contains("arithmetic")
            || id.contains("fpe")
            || err.output.contains("must not be zero"))
        && let Some(b) = computed_zero(lang, &lines, r, err.output)
    {
        return Some(b);
    }
    let recursion = id.contains("recursion")
        || id.contains("stack-overflow")
        || err.output.contains("StackOverflowError")
        || err.output.contains("Maximum call stack")
        || err.output.contains("RecursionError");
    if (recursion || id.contains("segfault"))
        && let Some(b) = same_arguments(lang, &lines)
    {
        return Some(b);
    }
    if (id.contains("recursion") || id.contains("stack-overflow"))
        && let Some(b) = base_case(lang, &lines)
    {
        return Some(b);
    }
    let unknown_name = id.contains("name-error")
        || id.contains("unbound")
        || id.contains("not-defined")
        || id.contains("not-declared")
        || id.contains("cannot-find-symbol")
        || id.contains("tdz")
        || err.output.contains("before initialization");
    if unknown_name
        && let (Some(r), Some(sym)) = (err.reported, err.symbol)
        && let Some(b) = assigned_later(lang, &lines, r, sym)
    {
        return Some(b);
    }
    if id.contains("not-initialized")
        && let (Some(r), Some(sym)) = (err.reported, err.symbol)
        && let Some(b) = declared_without_value(&lines, r, sym)
    {
        return Some(b);
    }
    if id.contains("missing-return")
        && let Some(r) = err.reported
        && let Some(b) = chain_without_else(&lines, r)
    {
        return Some(b);
    }
    if (id.contains("unexpected-identifier")
        || id.contains("unexpected-string")
        || id.contains("unexpected-token")
        || err.output.contains("forgot a comma"))
        && let Some(r) = err.reported
        && let Some(b) = missing_comma(&lines, r)
    {
        return Some(b);
    }
    None
}

fn smell(line: usize, what: String, spot: Option<String>) -> BugLine {
    BugLine {
        line: line as u32 + 1,
        reason: BugReason::Smell { what },
        spot,
    }
}

/// Errors whose cause is a declaration the message does not point at: a `const` reassigned
/// (JavaScript) or a `const` parameter changed (C++), an instance method called from `main`
/// (Java), an `await` in a function that is not `async`, a Python keyword used as a name, a
/// line that left its block early (Python's "unexpected indent" on the line after), `elif`
/// outside Python, and JSON written with single quotes.
fn declared_elsewhere(
    lang: Lang,
    code: &str,
    lines: &[String],
    err: ErrorSignal<'_>,
) -> Option<BugLine> {
    let out = err.output;
    let reported = err.reported.and_then(|r| (r as usize).checked_sub(1));
    let here = reported.and_then(|r| lines.get(r));
    re!(
        TARGET,
        r"^\s*(\w+)\s*(?:\+=|-=|\*=|/=|%=|=[^=]|\+\+|--)|(?:\+\+|--)\s*(\w+)"
    );
    if lang == Lang::Javascript && out.contains("Assignment to constant variable") {
        let r = reported?;
        let c = TARGET.captures(here?)?;
        let name = c.get(1).or(c.get(2))?.as_str().to_string();
        let decl = Regex::new(&format!(r"\bconst\s+{}\b", regex::escape(&name))).ok()?;
        let d = (0..=r).rev().find(|&i| decl.is_match(&lines[i]))?;
        return Some(smell(
            d,
            format!(
                "`{name}` is declared with `const` here, so it can never be given a new value; a value that changes (a total, a counter) is declared with `let`"
            ),
            Some("const".into()),
        ));
    }
    let plain = out.replace(['\u{2018}', '\u{2019}'], "'");
    if lang == Lang::Cpp && plain.contains("read-only parameter") {
        let sym = err.symbol.map(str::to_string).or_else(|| {
            Regex::new(r"read-only parameter '(\w+)'")
                .ok()?
                .captures(&plain)
                .map(|c| c[1].to_string())
        })?;
        let decl = Regex::new(&format!(
            r"\(.*\bconst\s+[\w:<>]+\s*&?\s*{}\b",
            regex::escape(&sym)
        ))
        .ok()?;
        let d = (0..lines.len()).find(|&i| decl.is_match(&lines[i]))?;
        return Some(smell(
            d,
            format!(
                "the parameter `{sym}` is declared `const` here, in the function's parameter list, so the function may not change it; to change the caller's value take it by reference without `const` (`double& {sym}`), or compute a new value and return it"
            ),
            Some("const".into()),
        ));
    }
    if lang == Lang::Java && out.contains("non-static method") {
        let name = Regex::new(r"non-static method (\w+)\(")
            .ok()?
            .captures(out)?[1]
            .to_string();
        let decl = Regex::new(&format!(
            r"^\s*(?:public\s+|private\s+|protected\s+)?[\w<>\[\]]+\s+{}\s*\(",
            regex::escape(&name)
        ))
        .ok()?;
        let d =
            (0..lines.len()).find(|&i| decl.is_match(&lines[i]) && !lines[i].contains("static"))?;
        return Some(smell(
            d,
            format!(
                "`{name}` is declared here without `static`, so it belongs to an object, and the `static` method `main` has no object to call it on; declaring it `static` makes it a helper of the class itself"
            ),
            Some(name),
        ));
    }
    if lang == Lang::Javascript && out.contains("await is only valid in async") {
        let r = reported?;
        re!(JS_FN_OPEN, r"\bfunction\b[^(]*\(|=>\s*\{");
        let d = (0..r)
            .rev()
            .find(|&i| JS_FN_OPEN.is_match(&lines[i]) && !lines[i].contains("async"))?;
        return Some(smell(
            d,
            "the function that contains the `await` starts here and is not declared `async`; only an `async` function may wait with `await` (`async function ...`)".into(),
            Some("function".into()),
        ));
    }
    if lang == Lang::Python && out.contains("SyntaxError") {
        re!(
            KEYWORD_NAME,
            r"^\s*(class|def|for|while|if|elif|else|in|is|not|and|or|return|import|from|lambda|pass|break|continue|global|with|as|try|except|finally|raise|yield|del|assert|None|True|False)\s*=[^=]"
        );
        if let Some(d) = (0..lines.len()).find(|&i| KEYWORD_NAME.is_match(&lines[i])) {
            let kw = KEYWORD_NAME.captures(&lines[d])?[1].to_string();
            return Some(smell(
                d,
                format!(
                    "`{kw}` is one of Python's reserved keywords, so it cannot be used as a variable name; any other name works (`class_name`, `group`)"
                ),
                Some(kw),
            ));
        }
    }
    if lang == Lang::Python && out.contains("unexpected indent") {
        let r = reported?;
        let prev = (0..r).rev().find(|&i| !lines[i].trim().is_empty())?;
        let before = (0..prev).rev().find(|&i| !lines[i].trim().is_empty())?;
        let (ir, ip, ib) = (
            indent(&lines[r]),
            indent(&lines[prev]),
            indent(&lines[before]),
        );
        if ip < ir && ib == ir && !lines[prev].trim_end().ends_with(':') {
            return Some(smell(
                prev,
                "this line is indented less than the lines of its block, so Python ends the block here; the next line, still indented, then belongs to no block. It needs the same indentation as the lines around it".into(),
                None,
            ));
        }
    }
    if lang != Lang::Python {
        re!(ELIF, r"\belif\b");
        if let Some(d) = (0..lines.len()).find(|&i| ELIF.is_match(&lines[i])) {
            return Some(smell(
                d,
                "`elif` is Python's spelling; JavaScript, Java and C++ write a second condition as `else if (...)`".into(),
                Some("elif".into()),
            ));
        }
    }
    if lang == Lang::Java && out.contains("unexpected return value") {
        let r = reported?;
        re!(
            VOID_METHOD,
            r"^\s*(?:(?:public|private|protected|static)\s+)*void\s+(\w+)\s*\("
        );
        let d = (0..r).rev().find(|&i| VOID_METHOD.is_match(&lines[i]))?;
        return Some(smell(
            d,
            "this method is declared `void`, which means it gives nothing back, so a `return` with a value inside it is an error; to return the value, declare its type instead of `void` (`static double ...`)".into(),
            Some("void".into()),
        ));
    }
    if lang == Lang::Java && out.contains("cannot find symbol") {
        re!(
            JAVA_UTIL,
            r"class (Scanner|ArrayList|List|HashMap|Map|HashSet|Set|Random|Arrays|Collections|LinkedList|Iterator)\b"
        );
        if let Some(c) = JAVA_UTIL.captures(out) {
            let class = c[1].to_string();
            let imported = lines.iter().any(|l| l.contains("import java.util."));
            if !imported {
                return Some(smell(
                    0,
                    format!(
                        "`{class}` lives in the package `java.util`, and a class from another package must be imported at the very top of the file, before `public class`: `import java.util.{class};`"
                    ),
                    None,
                ));
            }
        }
    }
    if lang == Lang::Cpp && plain.contains("was not declared in this scope") {
        let r = reported?;
        let sym = Regex::new(r"'(\w+)' was not declared")
            .ok()?
            .captures(&plain)
            .map(|c| c[1].to_string())?;
        let def = Regex::new(&format!(
            r"^\s*(?:[\w:<>*&]+\s+)+[*&]?{}\s*\([^;]*\)\s*(?:const\s*)?\{{?\s*$",
            regex::escape(&sym)
        ))
        .ok()?;
        if let Some(d) = (r + 1..lines.len()).find(|&i| def.is_match(&lines[i])) {
            return Some(smell(
                d,
                format!(
                    "`{sym}` is defined here, below the line that calls it, and C++ reads a file from top to bottom: at the call it does not know `{sym}` yet. Move the function above its first use, or declare it before (a prototype such as the function's first line ending in `;`)"
                ),
                None,
            ));
        }
    }
    if lang == Lang::Javascript && out.contains("Unexpected token '-'") {
        re!(DASHED_KEY, r"^\s*(\w+-[\w-]+)\s*:");
        if let Some(d) = (0..lines.len()).find(|&i| DASHED_KEY.is_match(&lines[i])) {
            let key = DASHED_KEY.captures(&lines[d])?[1].to_string();
            return Some(smell(
                d,
                format!(
                    "the property name `{key}` contains a dash, which JavaScript reads as a minus; a name like that must be written in quotes (`\"{key}\": ...`), or written without the dash (`firstName`)"
                ),
                Some(key),
            ));
        }
    }
    if lang == Lang::Javascript && out.contains("Invalid or unexpected token") {
        let raw: Vec<&str> = code.lines().collect();
        if let Some(d) = raw.iter().position(|l| l.contains("/*"))
            && !raw[d..].iter().any(|l| l.contains("*/"))
        {
            return Some(smell(
                d,
                "the comment opened here with `/*` is never closed with `*/`, so everything after it, to the end of the file, is part of the comment".into(),
                Some("/*".into()),
            ));
        }
    }
    if lang == Lang::Javascript && out.contains("JSON") {
        // The string handed to JSON.parse, written with single quotes inside (string
        // contents are blanked in `lines`, so this reads the code itself).
        re!(SINGLE_QUOTED_JSON, r#"=\s*"\s*[\{\[].*'\w+'\s*:"#);
        if let Some(d) = code.lines().position(|l| SINGLE_QUOTED_JSON.is_match(l)) {
            return Some(smell(
                d,
                "the JSON text made here writes its names and texts in single quotes, and JSON only accepts double quotes (`{\"theme\": \"dark\"}`); `JSON.parse` fails on the first `'`".into(),
                None,
            ));
        }
    }
    None
}

/// A recursive call that passes exactly the parameters it received never gets closer to its
/// base case.
fn same_arguments(lang: Lang, lines: &[String]) -> Option<BugLine> {
    re!(PY_DEF, r"^\s*def\s+(\w+)\s*\(([^)]*)\)");
    re!(
        C_FN,
        r"^\s*(?:[\w:<>*&]+\s+)+[*&]?(\w+)\s*\(([^;]*)\)\s*(?:const\s*)?\{?\s*$"
    );
    re!(JS_FN, r"^\s*(?:async\s+)?function\s+(\w+)\s*\(([^)]*)\)");
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (i, l) in lines.iter().enumerate() {
        let c = match lang {
            Lang::Python => PY_DEF.captures(l),
            Lang::Javascript => JS_FN.captures(l),
            _ => C_FN.captures(l),
        };
        let Some(c) = c else { continue };
        let name = c[1].to_string();
        if ["if", "while", "for", "switch", "main"].contains(&name.as_str()) {
            continue;
        }
        let params: Vec<String> = c[2]
            .split(',')
            .filter_map(|p| {
                let p = p.split('=').next()?;
                // Python annotates with `name: type`; C++ types hold `::`.
                let p = if lang == Lang::Python {
                    p.split(':').next()?
                } else {
                    p
                }
                .trim();
                p.rsplit(|ch: char| ch.is_whitespace() || ch == '&' || ch == '*')
                    .next()
                    .map(str::to_string)
            })
            .filter(|p| !p.is_empty() && p != "self")
            .collect();
        if params.is_empty() {
            continue;
        }
        let call = format!("{name}({})", params.join(","));
        let body = lines[i + 1..]
            .iter()
            .enumerate()
            .take_while(|(_, b)| b.trim().is_empty() || indent(b) > indent(l) || b.trim() == "{");
        for (k, b) in body {
            if norm(b).contains(&call) && !b.trim_start().starts_with("def ") {
                return Some(BugLine {
                    line: (i + 1 + k) as u32 + 1,
                    reason: BugReason::Smell {
                        what: format!(
                            "this recursive call passes `{name}` exactly the values it received ({}), so every call is the same as the one before: it never gets closer to the base case, and the calls pile up until the stack overflows. Each recursive call must move towards the base case (for example `index + 1`)",
                            params.join(", ")
                        ),
                    },
                    spot: None,
                });
            }
        }
    }
    None
}

/// The value read on the reported line came from a lookup that found nothing: JavaScript's
/// `find` (undefined) or a Java `Map.get` (null), on that line or assigned earlier.
fn lookup_missed(lang: Lang, lines: &[String], reported: u32) -> Option<BugLine> {
    re!(
        JS_FIND,
        r"\b(?:const|let|var)\s+(\w+)\s*=\s*[\w.]+\.(find|get)\("
    );
    re!(JAVA_GET, r"\b(\w+)\.(get)\(");
    let at = (reported as usize).checked_sub(1)?;
    let here = lines.get(at)?;
    match lang {
        Lang::Javascript => (0..=at).rev().find_map(|i| {
            let c = JS_FIND.captures(&lines[i])?;
            let name = c[1].to_string();
            let used = Regex::new(&format!(r"\b{}\s*(?:\.|\[)", regex::escape(&name))).ok()?;
            used.is_match(here).then(|| BugLine {
                line: i as u32 + 1,
                reason: BugReason::LookupMissed {
                    name,
                    method: c[2].to_string(),
                },
                spot: Some(format!(".{}(", &c[2])),
            })
        }),
        Lang::Java => {
            let c = JAVA_GET.captures(here)?;
            let map = c[1].to_string();
            let declared_map = lines[..at]
                .iter()
                .any(|l| l.contains("Map<") && l.contains(&format!(" {map} ")));
            declared_map.then(|| BugLine {
                line: reported,
                reason: BugReason::LookupMissed {
                    name: map,
                    method: "get".into(),
                },
                spot: Some(".get(".into()),
            })
        }
        _ => None,
    }
}

/// `int fastest;` with no value, read later on a path where nothing assigned it.
fn declared_without_value(lines: &[String], reported: u32, sym: &str) -> Option<BugLine> {
    let decl = Regex::new(&format!(
        r"\b\w+(?:<[^>]*>)?(?:\[\])?\s+{}\s*;",
        regex::escape(sym)
    ))
    .ok()?;
    let at = (reported as usize).checked_sub(1)?;
    let i = (0..at).rev().find(|&i| decl.is_match(&lines[i]))?;
    Some(BugLine {
        line: i as u32 + 1,
        reason: BugReason::DeclaredWithoutValue { name: sym.into() },
        // The blank goes where the starting value belongs: `int best___`.
        spot: Some(";".into()),
    })
}

/// A method that ends (at the reported `}`) after an `if` / `else if` chain whose last link
/// still has a condition: when no condition holds, nothing is returned.
fn chain_without_else(lines: &[String], reported: u32) -> Option<BugLine> {
    re!(ELSE_IF, r"^\s*(?:\}\s*)?else\s+if\s*\(");
    re!(PLAIN_ELSE, r"^\s*(?:\}\s*)?else\s*\{");
    let end = (reported as usize).checked_sub(1)?.min(lines.len());
    // The method's body: back to the line that opened it (a line ending in `{` at a smaller
    // indentation than the chain).
    let last = (0..end)
        .rev()
        .find(|&i| ELSE_IF.is_match(&lines[i]) || PLAIN_ELSE.is_match(&lines[i]))?;
    if PLAIN_ELSE.is_match(&lines[last]) {
        return None;
    }
    let after_chain_returns = lines[last + 1..end]
        .iter()
        .any(|l| l.trim_start().starts_with("return") && indent(l) <= indent(&lines[last]));
    if after_chain_returns {
        return None;
    }
    Some(BugLine {
        line: last as u32 + 1,
        reason: BugReason::ChainWithoutElse,
        spot: Some("else if".into()),
    })
}

/// An object, array or call argument list whose previous line lacks its separating comma.
fn missing_comma(lines: &[String], reported: u32) -> Option<BugLine> {
    let at = (reported as usize).checked_sub(1)?;
    let here = lines.get(at)?.trim();
    let prev_i = (0..at).rev().find(|&i| !lines[i].trim().is_empty())?;
    let prev = lines[prev_i].trim_end();
    let item = |l: &str| {
        let t = l.trim();
        (t.contains(':')
            || t.starts_with('"')
            || t.starts_with('\'')
            || t.chars().next().is_some_and(|c| c.is_ascii_digit()))
            && !t.starts_with("case ")
    };
    let opens = prev.ends_with(['{', '[', '(', ',']);
    if !opens && item(prev) && item(here) && !prev.ends_with(';') {
        return Some(BugLine {
            line: prev_i as u32 + 1,
            reason: BugReason::MissingComma,
            spot: None,
        });
    }
    None
}

/// With more `{` than `}`, the first block whose body is followed by a line at or left of the
/// block's own indentation (that is not its `}`) is the one never closed.
fn unclosed_block(lines: &[String]) -> Option<BugLine> {
    let opens: usize = lines.iter().map(|l| l.matches('{').count()).sum();
    let closes: usize = lines.iter().map(|l| l.matches('}').count()).sum();
    if opens <= closes {
        return None;
    }
    // (line index, indentation of the line that opened it)
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        let ind = indent(l);
        if !t.starts_with('}')
            && let Some(&(open, open_ind)) = stack.last()
            && open < i
            && ind <= open_ind
            && !t.starts_with('{')
        {
            return Some(BugLine {
                line: open as u32 + 1,
                reason: BugReason::UnclosedBlock,
                spot: Some("{".into()),
            });
        }
        for c in t.chars() {
            match c {
                '{' => stack.push((i, ind)),
                '}' => {
                    stack.pop();
                }
                _ => {}
            }
        }
    }
    // Nothing out of place: the last block left open (usually the end of the file).
    stack.first().map(|&(open, _)| BugLine {
        line: open as u32 + 1,
        reason: BugReason::UnclosedBlock,
        spot: Some("{".into()),
    })
}

fn else_if(lines: &[String], reported: Option<u32>) -> Option<BugLine> {
    re!(ELSE_IF, r"^\s*else\s+if\b");
    let near = |i: usize| reported.is_none_or(|r| (i as i64 + 1 - r as i64).abs() <= 1);
    let i = lines
        .iter()
        .enumerate()
        .position(|(i, l)| ELSE_IF.is_match(l) && near(i))?;
    Some(BugLine {
        line: i as u32 + 1,
        reason: BugReason::ElseIf,
        spot: Some(
            ELSE_IF
                .find(&lines[i])
                .map(|m| m.as_str().trim().to_string())
                .unwrap_or_else(|| "else if".into()),
        ),
    })
}

/// The loop that encloses line `r` (1-based), as a 0-based index.
fn enclosing_loop(lang: Lang, lines: &[String], r: u32) -> Option<usize> {
    let at = (r as usize).checked_sub(1)?;
    let is_loop = |l: &str| {
        let t = l.trim_start();
        t.starts_with("for ")
            || t.starts_with("for(")
            || t.starts_with("while ")
            || t.starts_with("while(")
    };
    if lang == Lang::Python {
        let mut ind = indent(lines.get(at)?);
        for j in (0..at).rev() {
            let l = &lines[j];
            if l.trim().is_empty() {
                continue;
            }
            let li = indent(l);
            if li < ind {
                if is_loop(l) {
                    return Some(j);
                }
                ind = li;
            }
        }
        return None;
    }
    if is_loop(&lines[at]) {
        return Some(at);
    }
    let mut depth = 0i32;
    for j in (0..at).rev() {
        let l = &lines[j];
        depth += l.matches('}').count() as i32 - l.matches('{').count() as i32;
        if is_loop(l) && (depth < 0 || (!l.contains('{') && j + 1 == at)) {
            return Some(j);
        }
        if depth < 0 {
            depth = 0;
        }
    }
    None
}

fn loop_bound(lang: Lang, lines: &[String], reported: u32) -> Option<BugLine> {
    re!(
        LE_BOUND,
        r"<=\s*[\w.]*(?:length|size|len|count|Count|n\b|N\b)[\w.()]*"
    );
    re!(
        PLUS_ONE,
        r"\blen\s*\([^)]*\)\s*\+\s*1|\.(?:length|size\(\))\s*\+\s*1"
    );
    re!(LE_ANY, r"<=");
    re!(
        FROM_LENGTH,
        r"=\s*[\w.]+\.(?:length\(\)|size\(\)|length)\s*;|\brange\s*\(\s*len\s*\([^)]*\)\s*,"
    );
    let h = enclosing_loop(lang, lines, reported)?;
    let header = &lines[h];
    // Counting down from the length itself: the first index is already one past the end.
    if let Some(m) = FROM_LENGTH.find(header)
        && (header.contains("--") || header.contains("-= 1") || header.contains(", -1"))
    {
        let spot = m
            .as_str()
            .trim_start_matches('=')
            .trim()
            .trim_end_matches([';', ',']);
        return Some(BugLine {
            line: h as u32 + 1,
            reason: BugReason::LoopBound,
            spot: Some(spot.trim().to_string()),
        });
    }
    let spot = LE_BOUND
        .find(header)
        .or_else(|| PLUS_ONE.find(header))
        .or_else(|| {
            (lang != Lang::Python)
                .then(|| LE_ANY.find(header))
                .flatten()
        })?;
    Some(BugLine {
        line: h as u32 + 1,
        reason: BugReason::LoopBound,
        spot: Some(spot.as_str().trim().to_string()),
    })
}

/// A C++ `std::vector<T> name;` or Java/JS empty list indexed on the reported line before
/// anything adds to it: the declaration, not the index, is where the size was forgotten.
fn empty_container(lang: Lang, lines: &[String], reported: u32) -> Option<BugLine> {
    re!(
        CPP_EMPTY_VECTOR,
        r"\b(?:std::)?vector\s*<[^;]*>\s+(\w+)\s*(?:;|\{\s*\}\s*;)"
    );
    re!(INDEXED, r"\b(\w+)\s*\[");
    if lang != Lang::Cpp {
        return None;
    }
    let r = (reported as usize).checked_sub(1)?;
    let at = lines.get(r)?;
    for c in INDEXED.captures_iter(at) {
        let name = &c[1];
        let Some(d) = (0..r).rev().find(|&i| {
            CPP_EMPTY_VECTOR
                .captures(&lines[i])
                .is_some_and(|m| &m[1] == name)
        }) else {
            continue;
        };
        let grows = [
            ".push_back(",
            ".emplace_back(",
            ".resize(",
            ".assign(",
            ".insert(",
        ]
        .iter()
        .any(|g| {
            lines[d + 1..r]
                .iter()
                .any(|l| l.contains(&format!("{name}{g}")))
        }) || lines[d + 1..r]
            .iter()
            .any(|l| l.trim_start().starts_with(&format!("{name} =")));
        if !grows {
            return Some(BugLine {
                line: d as u32 + 1,
                reason: BugReason::EmptyContainer {
                    name: name.to_string(),
                },
                spot: Some(name.to_string()),
            });
        }
    }
    None
}

fn header_row(
    lang: Lang,
    lines: &[String],
    reported: Option<u32>,
    output: &str,
) -> Option<BugLine> {
    re!(
        WORD,
        r#"(?:base 10: |float: |For input string: |stoi)['"]?(?P<w>[A-Za-z][A-Za-z _]*)['"]?"#
    );
    let word = WORD
        .captures(output)
        .map(|c| c["w"].trim().to_string())
        .filter(|w| !w.is_empty() && w != "stoi");
    let r = reported.or_else(|| {
        // C++ prints no line: the conversion call itself.
        lines
            .iter()
            .position(|l| l.contains("stoi") || l.contains("stod") || l.contains("parseInt"))
            .map(|i| i as u32 + 1)
    })?;
    let h = enclosing_loop(lang, lines, r)?;
    let header = lines[h].trim();
    let reads_lines = header.contains(" in ")
        || header.contains("getline")
        || header.contains("hasNext")
        || header.contains(':')
        || header.contains(" of ");
    if !reads_lines {
        return None;
    }
    let word = word.unwrap_or_default();
    if word.is_empty() && lang == Lang::Python {
        return None;
    }
    re!(PY_ITER, r"\bin\s+(?P<it>[^:]+):");
    let spot = PY_ITER.captures(header).map(|c| c["it"].trim().to_string());
    Some(BugLine {
        line: h as u32 + 1,
        reason: BugReason::HeaderRow { word },
        spot,
    })
}

fn assigned_later(lang: Lang, lines: &[String], reported: u32, sym: &str) -> Option<BugLine> {
    let sym = sym.trim_matches(|c| c == '\'' || c == '"' || c == '`');
    if sym.is_empty() || !sym.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let assign = Regex::new(&format!(
        r"^\s*(?:(?:let|const|var|int|long|double|float|auto|String|string|bool|boolean|char)\s+)?{}\s*=[^=]|^\s*def\s+{}\b|^\s*(?:function|class)\s+{}\b",
        regex::escape(sym),
        regex::escape(sym),
        regex::escape(sym)
    ))
    .ok()?;
    let at = reported as usize - 1;
    let later = (at + 1..lines.len()).find(|&i| assign.is_match(&lines[i]));
    if let Some(i) = later {
        return Some(BugLine {
            line: i as u32 + 1,
            reason: BugReason::AssignedLater { name: sym.into() },
            spot: Some(sym.into()),
        });
    }
    // Declared earlier inside a block that has closed by the reported line (a loop's or an
    // `if`'s `{ }`): the declaration is where the name's life ends too soon.
    if lang != Lang::Python {
        let declare = Regex::new(&format!(
            r"(?:\b(?:let|const|var|int|long|double|float|auto|String|string|bool|boolean|char|size_t|std::size_t|std::string)\s+){}\s*[=;:,)]",
            regex::escape(sym)
        ))
        .ok()?;
        let ind_use = indent(lines.get(at)?);
        if let Some(earlier) = (0..at).rev().find(|&i| declare.is_match(&lines[i]))
            && (indent(&lines[earlier]) > ind_use
                || lines[earlier].trim_start().starts_with("for")
                    && indent(&lines[earlier]) >= ind_use)
        {
            return Some(BugLine {
                line: earlier as u32 + 1,
                reason: BugReason::DeclaredInBlock { name: sym.into() },
                spot: Some(sym.into()),
            });
        }
    }
    // Assigned earlier, but only inside a branch that did not run (Python).
    if lang == Lang::Python {
        let ind_use = indent(lines.get(at)?);
        let earlier = (0..at).rev().find(|&i| assign.is_match(&lines[i]))?;
        if indent(&lines[earlier]) > ind_use {
            return Some(BugLine {
                line: earlier as u32 + 1,
                reason: BugReason::AssignedLater { name: sym.into() },
                spot: Some(sym.into()),
            });
        }
    }
    None
}

fn assignment_re(name: &str) -> Option<Regex> {
    Regex::new(&format!(
        r"^\s*(?:(?:let|const|var|int|long|double|float|auto|String|string|bool|boolean|char)\s+)?{}\s*=[^=]",
        regex::escape(name)
    ))
    .ok()
}

fn identifiers(line: &str) -> Vec<String> {
    re!(ID, r"[A-Za-z_]\w*");
    let mut out: Vec<String> = Vec::new();
    for m in ID.find_iter(line) {
        let before = line[..m.start()].chars().next_back();
        if before == Some('.') {
            continue;
        }
        if !out.iter().any(|o| o == m.as_str()) {
            out.push(m.as_str().to_string());
        }
    }
    out
}

/// "'int' object is not callable" / "is not a function": the name called on the reported line
/// was assigned as a variable earlier, hiding the function.
fn shadowed(
    lang: Lang,
    lines: &[String],
    reported: u32,
    id: &str,
    output: &str,
) -> Option<BugLine> {
    let not_callable =
        id == "py-not-callable" || id == "js-not-function" || output.contains("is not callable");
    if !not_callable {
        return None;
    }
    re!(CALL, r"([A-Za-z_]\w*)\s*\(");
    let at = (reported as usize).checked_sub(1)?;
    let line = lines.get(at)?;
    for c in CALL.captures_iter(line) {
        let name = &c[1];
        if matches!(name, "if" | "while" | "for" | "print" | "return") {
            continue;
        }
        let assign = assignment_re(name)?;
        if let Some(i) = (0..at).find(|&i| assign.is_match(&lines[i])) {
            let _ = lang;
            return Some(BugLine {
                line: i as u32 + 1,
                reason: BugReason::Shadowed {
                    name: name.to_string(),
                },
                spot: Some(name.to_string()),
            });
        }
    }
    None
}

/// A text from `input()` used as a number on the reported line: the assignment that stored it.
fn input_is_text(lines: &[String], reported: u32) -> Option<BugLine> {
    re!(RAW_INPUT, r"=\s*input\s*\(");
    let at = (reported as usize).checked_sub(1)?;
    for name in identifiers(lines.get(at)?) {
        let Some(assign) = assignment_re(&name) else {
            continue;
        };
        if let Some(i) = (0..at).rev().find(|&i| assign.is_match(&lines[i]))
            && RAW_INPUT.is_match(&lines[i])
        {
            return Some(BugLine {
                line: i as u32 + 1,
                reason: BugReason::InputIsText { name: name.clone() },
                spot: Some("input(".into()),
            });
        }
    }
    None
}

/// A divisor or `range` step that is zero on the reported line, computed on an earlier line
/// (a floor division that rounds down to 0, a difference that comes out 0).
fn computed_zero(lang: Lang, lines: &[String], reported: u32, output: &str) -> Option<BugLine> {
    re!(
        RANGE_STEP,
        r"range\s*\([^,()]*(?:\([^()]*\))?[^,()]*,[^,()]*(?:\([^()]*\))?[^,()]*,\s*([A-Za-z_]\w*)\s*\)"
    );
    re!(DIVISOR, r"[/%]\s*\(?\s*([A-Za-z_]\w*)");
    re!(COMPUTED, r"//|[-+*/%]|\(");
    let at = (reported as usize).checked_sub(1)?;
    let line = lines.get(at)?;
    let names: Vec<String> = if output.contains("range()") {
        RANGE_STEP
            .captures(line)
            .map(|c| vec![c[1].to_string()])
            .unwrap_or_default()
    } else {
        DIVISOR
            .captures_iter(line)
            .map(|c| c[1].to_string())
            .collect()
    };
    let _ = lang;
    for name in names {
        let assign = assignment_re(&name)?;
        if let Some(i) = (0..at).rev().find(|&i| assign.is_match(&lines[i])) {
            let rhs = lines[i].split_once('=').map(|(_, r)| r).unwrap_or("");
            if COMPUTED.is_match(rhs) {
                return Some(BugLine {
                    line: i as u32 + 1,
                    reason: BugReason::ComputedHere { name },
                    spot: rhs.contains("//").then(|| "//".to_string()),
                });
            }
        }
    }
    None
}

/// The first `if` inside a function that calls itself: the base case that some calls miss.
fn base_case(lang: Lang, lines: &[String]) -> Option<BugLine> {
    re!(PY_DEF, r"^(\s*)def\s+(\w+)\s*\(");
    re!(
        C_FN,
        r"^\s*(?:[\w:<>*&]+\s+)+[*&]?(\w+)\s*\([^;]*\)\s*(?:const\s*)?\{?\s*$"
    );
    re!(
        JS_FN,
        r"^\s*(?:function\s+(\w+)|(?:const|let|var)\s+(\w+)\s*=\s*(?:function|\())"
    );
    for (i, l) in lines.iter().enumerate() {
        let (name, body): (String, Vec<usize>) = if lang == Lang::Python {
            let Some(c) = PY_DEF.captures(l) else {
                continue;
            };
            let ind = c[1].len();
            let body = (i + 1..lines.len())
                .take_while(|&j| lines[j].trim().is_empty() || indent(&lines[j]) > ind)
                .collect();
            (c[2].to_string(), body)
        } else {
            let name = match lang {
                Lang::Javascript => JS_FN
                    .captures(l)
                    .and_then(|c| c.get(1).or(c.get(2)).map(|m| m.as_str().to_string())),
                _ => C_FN.captures(l).map(|c| c[1].to_string()),
            };
            let Some(name) =
                name.filter(|n| !matches!(n.as_str(), "if" | "while" | "for" | "switch" | "main"))
            else {
                continue;
            };
            let mut depth = 0i32;
            let mut opened = false;
            let mut body = Vec::new();
            for (j, m) in lines.iter().enumerate().skip(i) {
                if j > i {
                    body.push(j);
                }
                depth += m.matches('{').count() as i32 - m.matches('}').count() as i32;
                opened |= m.contains('{');
                if opened && depth <= 0 {
                    break;
                }
            }
            (name, body)
        };
        let call = Regex::new(&format!(r"\b{}\s*\(", regex::escape(&name))).ok()?;
        if !body.iter().any(|&j| call.is_match(&lines[j])) {
            continue;
        }
        let cond = body.iter().copied().find(|&j| {
            let t = lines[j].trim_start();
            t.starts_with("if ") || t.starts_with("if(")
        });
        if let Some(j) = cond {
            re!(COND, r"if\s*\(?\s*(.*?)\s*\)?\s*[:{]?\s*$");
            let spot = COND
                .captures(lines[j].trim())
                .map(|c| c[1].trim().to_string())
                .filter(|c| !c.is_empty());
            return Some(BugLine {
                line: j as u32 + 1,
                reason: BugReason::BaseCase { function: name },
                spot,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err<'a>(
        id: &'a str,
        reported: Option<u32>,
        symbol: Option<&'a str>,
        output: &'a str,
    ) -> ErrorSignal<'a> {
        ErrorSignal {
            pattern_id: id,
            reported,
            symbol,
            output,
        }
    }

    #[test]
    fn the_block_whose_brace_never_closes_is_found_two_functions_up() {
        let code = "#include <iostream>\n\nint add(int a, int b) {\n    if (a > 0) {\n        return a + b;\n    return b;\n}\n\nint main() {\n    std::cout << add(1, 2);\n}\n";
        let b = locate_bug(
            Lang::Cpp,
            code,
            err(
                "cpp-expected-brace",
                Some(11),
                None,
                "main.cpp:11:2: error: expected '}' at end of input",
            ),
        )
        .unwrap();
        assert_eq!((b.line, b.reason), (4, BugReason::UnclosedBlock));
    }

    #[test]
    fn python_else_if_is_named() {
        let code = "x = 5\nif x > 10:\n    print('big')\nelse if x > 3:\n    print('mid')\n";
        let b = locate_bug(
            Lang::Python,
            code,
            err(
                "py-expected-colon",
                Some(4),
                None,
                "SyntaxError: expected ':'",
            ),
        )
        .unwrap();
        assert_eq!(
            (b.line, b.reason, b.spot.as_deref()),
            (4, BugReason::ElseIf, Some("else if"))
        );
    }

    #[test]
    fn an_index_error_in_a_loop_points_at_the_loop_bound() {
        let code = "scores = [90, 85, 77]\ntotal = 0\nfor i in range(len(scores) + 1):\n    total += scores[i]\n";
        let b = locate_bug(
            Lang::Python,
            code,
            err(
                "py-index-error",
                Some(4),
                None,
                "IndexError: list index out of range",
            ),
        )
        .unwrap();
        assert_eq!((b.line, b.spot.as_deref()), (3, Some("len(scores) + 1")));
        let java = "class Main {\n  public static void main(String[] a) {\n    int[] xs = {1, 2};\n    for (int i = 0; i <= xs.length; i++) {\n      System.out.println(xs[i]);\n    }\n  }\n}\n";
        let b = locate_bug(
            Lang::Java,
            java,
            err(
                "java-array-index",
                Some(5),
                None,
                "ArrayIndexOutOfBoundsException",
            ),
        )
        .unwrap();
        assert_eq!((b.line, b.spot.as_deref()), (4, Some("<= xs.length")));
    }

    #[test]
    fn a_header_row_parsed_as_a_number_points_at_the_loop() {
        let code = "lines = open(0).read().splitlines()\ntotal = 0\nfor line in lines:\n    name, age = line.split(',')\n    total += int(age)\n";
        let out = "ValueError: invalid literal for int() with base 10: 'age'";
        let b = locate_bug(
            Lang::Python,
            code,
            err("py-int-literal", Some(5), None, out),
        )
        .unwrap();
        assert_eq!(b.line, 3);
        assert_eq!(b.reason, BugReason::HeaderRow { word: "age".into() });
        assert_eq!(b.spot.as_deref(), Some("lines"));
    }

    #[test]
    fn a_name_assigned_only_after_its_use_points_at_the_assignment() {
        let code = "def show():\n    print(total)\n\nshow()\ntotal = 3\n";
        let b = locate_bug(
            Lang::Python,
            code,
            err("py-name-error", Some(2), Some("total"), "NameError"),
        )
        .unwrap();
        assert_eq!(b.line, 5);
    }

    #[test]
    fn a_builtin_hidden_by_a_variable_points_at_the_assignment() {
        let code =
            "prices = [1, 2]\nsum = 0\nfor p in prices:\n    sum += 1\ntotal = sum(prices)\n";
        let b = locate_bug(
            Lang::Python,
            code,
            err(
                "py-not-callable",
                Some(5),
                None,
                "TypeError: 'int' object is not callable",
            ),
        )
        .unwrap();
        assert_eq!(
            (b.line, b.reason),
            (2, BugReason::Shadowed { name: "sum".into() })
        );
    }

    #[test]
    fn text_from_input_compared_with_a_number_points_at_the_input_line() {
        let code = "name = input()\nage = input()\nlimit = 16\nif age >= limit:\n    print(name)\n";
        let out = "TypeError: '>=' not supported between instances of 'str' and 'int'";
        let b = locate_bug(Lang::Python, code, err("py-compare", Some(4), None, out)).unwrap();
        assert_eq!(
            (b.line, b.reason),
            (2, BugReason::InputIsText { name: "age".into() })
        );
    }

    #[test]
    fn a_zero_step_points_at_the_line_that_computed_it() {
        let code = "start = 0\nend = 5\nstep = (end - start) // 10\nfor c in range(start, end + 1, step):\n    print(c)\n";
        let out = "ValueError: range() arg 3 must not be zero";
        let b = locate_bug(
            Lang::Python,
            code,
            err("py-value-error", Some(4), None, out),
        )
        .unwrap();
        assert_eq!((b.line, b.spot.as_deref()), (3, Some("//")));
    }

    #[test]
    fn endless_recursion_points_at_the_base_case() {
        let code = "def fact(n):\n    if n == 1:\n        return 1\n    return n * fact(n - 1)\n\nprint(fact(0))\n";
        let b = locate_bug(
            Lang::Python,
            code,
            err("py-recursion", Some(4), None, "RecursionError"),
        )
        .unwrap();
        assert_eq!((b.line, b.spot.as_deref()), (2, Some("n == 1")));
    }

    #[test]
    fn balanced_code_with_the_error_on_its_own_line_has_no_other_bug_line() {
        let code = "x = [1]\nprint(x[3])\n";
        assert_eq!(
            locate_bug(
                Lang::Python,
                code,
                err("py-index-error", Some(2), None, "IndexError")
            ),
            None
        );
    }

    #[test]
    fn a_vector_indexed_before_anything_is_pushed_points_at_its_declaration() {
        let code = "#include <iostream>\n#include <vector>\n\nint main() {\n    std::vector<int> v;\n    for (int i = 0; i < 3; i++) {\n        v[i] = i * 10;\n    }\n    std::cout << v[0] << \"\\n\";\n}\n";
        let out = "Segmentation fault (core dumped)";
        let b = locate_bug(Lang::Cpp, code, err("cpp-segfault", Some(7), None, out)).unwrap();
        assert_eq!(
            (b.line, b.reason, b.spot.as_deref()),
            (5, BugReason::EmptyContainer { name: "v".into() }, Some("v"))
        );
    }

    #[test]
    fn a_vector_that_is_pushed_to_before_the_index_is_not_called_empty() {
        let code = "#include <iostream>\n#include <vector>\n\nint main() {\n    std::vector<int> v;\n    v.push_back(4);\n    std::cout << v[3] << \"\\n\";\n}\n";
        let out = "Segmentation fault (core dumped)";
        let b = locate_bug(Lang::Cpp, code, err("cpp-segfault", Some(7), None, out));
        assert!(
            !matches!(
                b,
                Some(BugLine {
                    reason: BugReason::EmptyContainer { .. },
                    ..
                })
            ),
            "{b:?}"
        );
    }

    #[test]
    fn a_variable_declared_inside_a_loop_and_used_after_it_points_at_the_declaration() {
        let cpp = "#include <iostream>\n\nint main() {\n    for (int i = 0; i < 3; i++) {\n        int square = i * i;\n    }\n    std::cout << square << \"\\n\";\n}\n";
        let out = "main.cpp:7:18: error: 'square' was not declared in this scope";
        let b = locate_bug(
            Lang::Cpp,
            cpp,
            err("cpp-not-declared", Some(7), Some("square"), out),
        )
        .unwrap();
        assert_eq!(
            (b.line, b.reason),
            (
                5,
                BugReason::DeclaredInBlock {
                    name: "square".into()
                }
            )
        );

        let java = "public class Main {\n    public static void main(String[] args) {\n        for (int i = 0; i < 3; i++) {\n            int total = i * 2;\n        }\n        System.out.println(total);\n    }\n}\n";
        let out = "Main.java:6: error: cannot find symbol\n        System.out.println(total);\n                           ^\n  symbol:   variable total\n  location: class Main";
        let b = locate_bug(
            Lang::Java,
            java,
            err("java-cannot-find-symbol", Some(6), Some("total"), out),
        )
        .unwrap();
        assert_eq!(
            (b.line, b.reason),
            (
                4,
                BugReason::DeclaredInBlock {
                    name: "total".into()
                }
            )
        );

        let js = "const items = [1, 2, 3];\nfor (let i = 0; i < items.length; i++) {\n  let last = items[i];\n}\nconsole.log(last);\n";
        let out = "ReferenceError: last is not defined";
        let b = locate_bug(
            Lang::Javascript,
            js,
            err("js-not-defined", Some(5), Some("last"), out),
        )
        .unwrap();
        assert_eq!(
            (b.line, b.reason),
            (
                3,
                BugReason::DeclaredInBlock {
                    name: "last".into()
                }
            )
        );
    }

    #[test]
    fn a_loop_counter_used_after_its_loop_points_at_the_loop_header() {
        let code = "#include <iostream>\n\nint main() {\n    for (int i = 0; i < 3; i++) {\n        std::cout << i << \"\\n\";\n    }\n    std::cout << i << \"\\n\";\n}\n";
        let out = "main.cpp:7:18: error: 'i' was not declared in this scope";
        let b = locate_bug(
            Lang::Cpp,
            code,
            err("cpp-not-declared", Some(7), Some("i"), out),
        )
        .unwrap();
        assert_eq!(
            (b.line, b.reason),
            (4, BugReason::DeclaredInBlock { name: "i".into() })
        );
    }

    #[test]
    fn a_variable_declared_at_the_same_level_as_its_use_is_not_blamed_on_a_block() {
        // Misspelled, not out of scope: `totl` is declared where it is used.
        let js =
            "let total = 0;\nfor (const p of [1, 2]) {\n  total += p;\n}\nconsole.log(totl);\n";
        let b = locate_bug(
            Lang::Javascript,
            js,
            err(
                "js-not-defined",
                Some(5),
                Some("totl"),
                "ReferenceError: totl is not defined",
            ),
        );
        assert_eq!(b, None);
    }

    #[test]
    fn a_java_variable_declared_without_a_value_points_at_the_declaration() {
        let code = "public class Main {\n    public static void main(String[] args) {\n        int[] scores = {4, 9, 2};\n        int best;\n        for (int s : scores) {\n            if (s > 5) {\n                best = s;\n            }\n        }\n        System.out.println(best);\n    }\n}\n";
        let out = "Main.java:10: error: variable best might not have been initialized\n        System.out.println(best);\n                           ^";
        let b = locate_bug(
            Lang::Java,
            code,
            err("java-not-initialized", Some(10), Some("best"), out),
        )
        .unwrap();
        assert_eq!(
            (b.line, b.reason, b.spot.as_deref()),
            (
                4,
                BugReason::DeclaredWithoutValue {
                    name: "best".into()
                },
                Some(";")
            )
        );
    }

    const GRADE_CHAIN: &str = "public class Main {\n    static String grade(int score) {\n        if (score >= 90) {\n            return \"A\";\n        } else if (score >= 80) {\n            return \"B\";\n        } else if (score >= 70) {\n            return \"C\";\n        }\n    }\n\n    public static void main(String[] args) {\n        System.out.println(grade(85));\n    }\n}\n";

    #[test]
    fn a_missing_return_after_an_else_if_chain_points_at_its_last_link() {
        let out = "Main.java:10: error: missing return statement\n    }\n    ^";
        let b = locate_bug(
            Lang::Java,
            GRADE_CHAIN,
            err("java-missing-return", Some(10), None, out),
        )
        .unwrap();
        assert_eq!(
            (b.line, b.reason, b.spot.as_deref()),
            (7, BugReason::ChainWithoutElse, Some("else if"))
        );
    }

    #[test]
    fn a_chain_that_ends_in_a_plain_else_is_not_blamed_for_a_missing_return() {
        let code = GRADE_CHAIN.replace(
            "} else if (score >= 70) {\n            return \"C\";",
            "} else {\n            System.out.println(\"low\");",
        );
        let out = "Main.java:10: error: missing return statement\n    }\n    ^";
        let b = locate_bug(
            Lang::Java,
            &code,
            err("java-missing-return", Some(10), None, out),
        );
        assert_eq!(b, None);
    }

    #[test]
    fn a_js_object_entry_reported_after_a_missing_comma_points_at_the_line_before() {
        let code = "const pet = {\n  name: \"Rex\",\n  age: 3\n  kind: \"dog\",\n};\nconsole.log(pet.name);\n";
        let out = "/sandbox/main.js:4\n  kind: \"dog\",\n  ^^^^\n\nSyntaxError: Unexpected identifier 'kind'";
        let b = locate_bug(
            Lang::Javascript,
            code,
            err("js-unexpected-identifier", Some(4), None, out),
        )
        .unwrap();
        assert_eq!((b.line, b.reason), (3, BugReason::MissingComma));
    }

    #[test]
    fn a_line_that_already_ends_in_a_comma_is_not_called_missing_one() {
        // Python reports the line that lacks the comma itself; the one before it is fine.
        let code = "pet = {\n    \"name\": \"Rex\",\n    \"age\": 3\n    \"kind\": \"dog\",\n}\nprint(pet[\"name\"])\n";
        let out = "  File \"/sandbox/main.py\", line 3\n    \"age\": 3\n           ^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?";
        let b = locate_bug(
            Lang::Python,
            code,
            err("py-missing-comma", Some(3), None, out),
        );
        assert_eq!(b, None);
    }

    #[test]
    fn a_number_with_a_space_read_in_a_loop_is_not_a_header_row() {
        let code = "import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n        int total = 0;\n        while (in.hasNextLine()) {\n            String[] parts = in.nextLine().split(\",\");\n            total += Integer.parseInt(parts[1]);\n        }\n        System.out.println(total);\n    }\n}\n";
        let spaced = "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \" 17\"\n\tat java.base/java.lang.Integer.parseInt(Integer.java:654)\n\tat Main.main(Main.java:9)";
        let b = locate_bug(
            Lang::Java,
            code,
            err("java-number-format-space", Some(9), None, spaced),
        );
        assert_eq!(b, None);
        // The same loop with a real header word is still one.
        let header = "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"age\"\n\tat Main.main(Main.java:9)";
        let b = locate_bug(
            Lang::Java,
            code,
            err("java-number-format", Some(9), None, header),
        )
        .unwrap();
        assert_eq!(
            (b.line, b.reason),
            (7, BugReason::HeaderRow { word: "age".into() })
        );
    }

    fn line_of(lang: Lang, code: &str, e: ErrorSignal<'_>) -> Option<u32> {
        locate_bug(lang, code, e).map(|b| b.line)
    }

    #[test]
    fn a_reassigned_const_is_traced_to_its_declaration() {
        let code = "const rounds = [1, 2];\nconst total = 0;\nfor (const r of rounds) {\n  total += r;\n}\n";
        let e = err(
            "js-type-error",
            Some(4),
            None,
            "TypeError: Assignment to constant variable.",
        );
        assert_eq!(line_of(Lang::Javascript, code, e), Some(2));
        let cpp = "void discount(const double price) {\n    price = price * 0.9;\n}\n";
        let e = err(
            "cpp-read-only",
            Some(2),
            Some("price"),
            "main.cpp:2:11: error: assignment of read-only parameter ‘price’",
        );
        assert_eq!(line_of(Lang::Cpp, cpp, e), Some(1));
    }

    #[test]
    fn an_instance_method_called_from_main_is_traced_to_its_declaration() {
        let code = "public class Main {\n    double average(int[] v) {\n        return 0;\n    }\n    public static void main(String[] a) {\n        System.out.println(average(new int[0]));\n    }\n}\n";
        let e = err(
            "java-non-static",
            Some(6),
            Some("average"),
            "Main.java:6: error: non-static method average(int[]) cannot be referenced from a static context",
        );
        assert_eq!(line_of(Lang::Java, code, e), Some(2));
    }

    #[test]
    fn an_await_outside_async_is_traced_to_its_function() {
        let code = "function wait(ms) {\n  return new Promise((r) => setTimeout(r, ms));\n}\n\nfunction countdown(n) {\n  for (let i = n; i > 0; i--) {\n    await wait(10);\n  }\n}\n";
        let e = err(
            "js-syntax",
            Some(7),
            None,
            "SyntaxError: await is only valid in async functions and the top level bodies of modules",
        );
        assert_eq!(line_of(Lang::Javascript, code, e), Some(5));
    }

    #[test]
    fn python_syntax_slips_away_from_the_caret_are_found() {
        let keyword = "# report\nclass = \"3B\"\nprint(class)\n";
        let e = err("py-syntax", Some(2), None, "SyntaxError: invalid syntax");
        assert_eq!(line_of(Lang::Python, keyword, e), Some(2));
        let dedented = "def average(values):\n    total = sum(values)\ncount = len(values)\n    return total / count\n";
        let e = err(
            "py-indentation",
            Some(4),
            None,
            "IndentationError: unexpected indent",
        );
        assert_eq!(line_of(Lang::Python, dedented, e), Some(3));
        let fine = "def f():\n    x = 1\n        y = 2\n";
        let e = err(
            "py-indentation",
            Some(3),
            None,
            "IndentationError: unexpected indent",
        );
        assert_eq!(
            line_of(Lang::Python, fine, e),
            None,
            "an over-indented line is its own bug"
        );
    }

    #[test]
    fn elif_outside_python_and_single_quoted_json_are_found() {
        let code = "let g;\nif (s >= 90) {\n  g = 'A';\n} elif (s >= 80) {\n  g = 'B';\n}\n";
        let e = err(
            "js-syntax",
            Some(4),
            None,
            "SyntaxError: Unexpected token '{'",
        );
        assert_eq!(line_of(Lang::Javascript, code, e), Some(4));
        let json =
            "// settings\nconst saved = \"{'theme': 'dark'}\";\nconst s = JSON.parse(saved);\n";
        let e = err(
            "js-syntax",
            Some(3),
            None,
            "SyntaxError: Expected property name or '}' in JSON at position 1",
        );
        assert_eq!(line_of(Lang::Javascript, json, e), Some(2));
    }

    #[test]
    fn a_recursive_call_with_the_same_arguments_is_the_bug() {
        let code = "void back(const std::vector<int>& v, std::size_t i) {\n    if (i == v.size()) {\n        return;\n    }\n    back(v, i);\n    std::cout << v[i];\n}\n";
        let e = err("cpp-segfault", Some(2), None, "Segmentation fault");
        assert_eq!(line_of(Lang::Cpp, code, e), Some(5));
        let moving = code.replace("back(v, i);", "back(v, i + 1);");
        let e = err("cpp-segfault", Some(2), None, "Segmentation fault");
        assert_ne!(line_of(Lang::Cpp, &moving, e), Some(5));
    }

    #[test]
    fn a_loop_counting_down_from_the_length_is_one_past_the_end() {
        let code = "String word = in.next();\nString r = \"\";\nfor (int i = word.length(); i >= 0; i--) {\n    r += word.charAt(i);\n}\n";
        let e = err(
            "java-string-index",
            Some(4),
            None,
            "java.lang.StringIndexOutOfBoundsException: index 8, length 8",
        );
        assert_eq!(line_of(Lang::Java, code, e), Some(3));
        let fixed = code.replace("word.length();", "word.length() - 1;");
        let e = err(
            "java-string-index",
            Some(4),
            None,
            "java.lang.StringIndexOutOfBoundsException: index 8, length 8",
        );
        assert_ne!(line_of(Lang::Java, &fixed, e), Some(3));
    }

    #[test]
    fn a_null_field_is_traced_to_its_declaration() {
        let code = "class Shop {\n    private List<String> items;\n\n    void add(String item) {\n        items.add(item);\n    }\n}\n";
        let e = err(
            "java-npe",
            Some(5),
            Some("items"),
            "Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"java.util.List.add(Object)\" because \"this.items\" is null",
        );
        assert_eq!(line_of(Lang::Java, code, e), Some(2));
    }

    #[test]
    fn declarations_behind_common_compile_errors_are_found() {
        let void = "public class Main {\n    static void area(double r) {\n        double a = r * r;\n        return a;\n    }\n}\n";
        let e = err(
            "java-incompatible",
            Some(4),
            None,
            "Main.java:4: error: incompatible types: unexpected return value",
        );
        assert_eq!(line_of(Lang::Java, void, e), Some(2));
        let import = "public class Main {\n    public static void main(String[] a) {\n        Scanner in = new Scanner(System.in);\n    }\n}\n";
        let e = err(
            "java-cannot-find-symbol",
            Some(3),
            Some("Scanner"),
            "Main.java:3: error: cannot find symbol\n  symbol:   class Scanner",
        );
        assert_eq!(line_of(Lang::Java, import, e), Some(1));
        let imported = format!("import java.util.Scanner;\n{import}");
        let e = err(
            "java-cannot-find-symbol",
            Some(4),
            Some("Scanner"),
            "Main.java:4: error: cannot find symbol\n  symbol:   class Scanner",
        );
        assert_ne!(line_of(Lang::Java, &imported, e), Some(1));
        let later = "#include <iostream>\n\nint main() {\n    std::cout << twice(2);\n}\n\nint twice(int n) {\n    return 2 * n;\n}\n";
        let e = err(
            "cpp-not-declared",
            Some(4),
            Some("twice"),
            "main.cpp:4:18: error: 'twice' was not declared in this scope",
        );
        assert_eq!(line_of(Lang::Cpp, later, e), Some(7));
        let dashed = "const s = {\n  first-name: \"Amira\",\n  age: 15,\n};\n";
        let e = err(
            "js-unexpected-token",
            Some(2),
            None,
            "SyntaxError: Unexpected token '-'",
        );
        assert_eq!(line_of(Lang::Javascript, dashed, e), Some(2));
        let comment = "let t = 0;\n/* TODO: later\nfor (const p of ps) {\n  t += p;\n}\n";
        let e = err(
            "js-invalid-token",
            Some(2),
            None,
            "SyntaxError: Invalid or unexpected token",
        );
        assert_eq!(line_of(Lang::Javascript, comment, e), Some(2));
        let closed = comment.replace("later\n", "later */\n");
        let e = err(
            "js-invalid-token",
            Some(2),
            None,
            "SyntaxError: Invalid or unexpected token",
        );
        assert_eq!(line_of(Lang::Javascript, &closed, e), None);
    }
}
