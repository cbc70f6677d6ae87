//! Answers for logic bugs (a wrong output, no error): the first wrong output line, the statement
//! that printed it, the line that computed its value, and the kind of slip that line shows
//! (floor division, whole-number division, an assignment that should accumulate, ...). Values are
//! quoted only when the learner may see them (their own expectation or a visible test).

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;

use crate::context::{HintRung, Lang};
use crate::facts::output::{OutputDiff, PrintSite};
use crate::facts::{Divergence, DivergenceKind};

/// A slip visible on one line, with the spot to point at.
pub struct Slip {
    pub spot: String,
    pub idea: &'static str,
    pub hint: String,
    pub question: String,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid regex"));
    };
}

fn is_decimal(s: &str) -> bool {
    s.trim().parse::<f64>().is_ok() && s.contains('.')
}

fn is_whole(s: &str) -> bool {
    s.trim().parse::<i64>().is_ok()
}

/// Looks for a common slip on `text` (the line that computed the wrong value).
pub fn slip(lang: Lang, text: &str, expected: Option<&str>, actual: Option<&str>) -> Option<Slip> {
    re!(PY_FLOOR, r"//");
    re!(DIVIDE, r"[\w)\]]\s*/\s*[\w(]");
    re!(INT_CAST, r"\bint\s*\(");
    re!(
        PLAIN_ASSIGN,
        r"^\s*(?:(?:int|long|double|float|auto|let|var)\s+)?([A-Za-z_]\w*)\s*=\s*[^=]"
    );
    re!(RANGE, r"\brange\s*\(([^)]*)\)");
    let code = text.split(lang.comment()).next().unwrap_or(text);
    let frac_lost = match (expected, actual) {
        (Some(e), Some(a)) => {
            let e_num = e.split_whitespace().find(|w| is_decimal(w));
            let a_whole = a.split_whitespace().any(is_whole)
                || a.split_whitespace().any(|w| w.ends_with(".0"));
            e_num.is_some() && a_whole
        }
        _ => false,
    };
    if lang == Lang::Python && PY_FLOOR.is_match(code) {
        return Some(Slip {
            spot: "//".into(),
            idea: "In Python `//` is floor division: it rounds down to a whole number and drops the fractional part (`5 // 2` is `2`), while a single slash `/` is true division and gives a float (`5 / 2` is `2.5`).",
            hint: "Look at the division operator on this line: which kind of division does it do?"
                .into(),
            question: "What does `5 // 2` give in Python, and what does `5 / 2` give?".into(),
        });
    }
    // Two whole-number literals (`5 / 9`) divide as integers whatever the values printed.
    re!(
        INT_LITERALS_DIVIDED,
        r"(?:^|[^\w.])\d+\s*/\s*\d+(?:[^\w.]|$)"
    );
    if matches!(lang, Lang::Cpp | Lang::Java)
        && DIVIDE.is_match(code)
        && (frac_lost || expected.is_none() || INT_LITERALS_DIVIDED.is_match(code))
    {
        let spot = DIVIDE
            .find(code)
            .map(|_| "/".to_string())
            .unwrap_or_else(|| "/".into());
        return Some(Slip {
            spot,
            idea: "This is integer division: when both sides of `/` are whole numbers (`int`), the result is a whole number too, so `5 / 2` is `2` and `5 / 9` is `0`. The fraction is dropped before the result is stored, even in a `double` variable. Making one side a `double` first keeps it: a literal with a decimal point (`5.0`) or a cast such as `(double)`.",
            hint: "Look at the types of the two values divided on this line: are both whole numbers?".into(),
            question: "What type do the two sides of the `/` on this line have, and what does `5 / 2` give for that type?".into(),
        });
    }
    let frac_gained = match (expected, actual) {
        (Some(e), Some(a)) => {
            e.split_whitespace().any(is_whole)
                && !e.split_whitespace().any(is_decimal)
                && a.split_whitespace().any(is_decimal)
        }
        _ => false,
    };
    re!(PY_TRUE_DIV, r"[\w)\]]\s*/\s*[\w(]");
    if lang == Lang::Python && frac_gained && PY_TRUE_DIV.is_match(code) && !code.contains("//") {
        return Some(Slip {
            spot: "/".into(),
            idea: "In Python `/` always gives a float, a number with a decimal part: `123 / 10` is `12.3`, not `12`. Floor division `//` divides and drops the fraction, giving a whole number.",
            hint: "Look at the division on this line: does it keep a decimal part that should not be there?".into(),
            question: "What value does this line give for a number like 123? Print it (`print(...)` right after the line) and check whether it is a whole number.".into(),
        });
    }
    if lang == Lang::Python && frac_lost && INT_CAST.is_match(code) {
        return Some(Slip {
            spot: "int(".into(),
            idea: "`int(...)` cuts off the fractional part of a number: `int(2.9)` is `2`.",
            hint: "Look at the `int(...)` conversion on this line: does it keep the fraction?"
                .into(),
            question: "What does `int(2.5)` give?".into(),
        });
    }
    if let Some(c) = RANGE.captures(code)
        && (c[1].contains("- 1") || c[1].contains("-1") || c[1].trim_start().starts_with("1,"))
    {
        return Some(Slip {
            spot: c[1].trim().to_string(),
            idea: "`range(a, b)` starts at `a` and stops *before* `b`, its stop value (the second argument): `range(1, 4)` is 1, 2, 3 and `range(n - 1)` leaves out the last value, as the end value itself is never included. A loop that starts or stops one step off skips an item.",
            hint: "Look at the numbers inside `range(...)` on this line: which values does the loop really visit?".into(),
            question: "Which values does this `range(...)` produce, and which should the loop visit?".into(),
        });
    }
    // `range(a, b)` never reaches `b`: an expected line that shows `b` itself is past the end.
    if let Some(c) = RANGE.captures(code) {
        let stop = c[1].rsplit(',').next().unwrap_or("").trim().to_string();
        let shows_stop = !stop.is_empty()
            && expected
                .is_some_and(|e| e.split(|ch: char| !ch.is_alphanumeric()).any(|w| w == stop));
        if shows_stop || expected.is_none() && actual.is_none() {
            return Some(Slip {
                spot: c[1].trim().to_string(),
                idea: "`range(start, stop)` stops *before* its stop value (the second argument): the end value is not included. `range(1, 5)` is 1, 2, 3, 4. To include a last value, the stop value has to be one more than it.",
                hint: "Look at the stop value inside `range(...)` on this line: which is the last number the loop really visits?".into(),
                question: "Which is the last value this `range(...)` gives the loop variable, and which last value did you want?".into(),
            });
        }
    }
    re!(SPLIT_SPACE, r#"\.split\(\s*["'] ["']\s*\)"#);
    if let Some(m) = SPLIT_SPACE.find(code) {
        return Some(Slip {
            spot: m.as_str().trim_start_matches('.').to_string(),
            idea: "`text.split(\" \")` cuts at every single space, so two spaces in a row (or a space at the start or end) give an empty word `''`. `text.split()` with no argument splits on any run of whitespace and never gives empty words.",
            hint: "Look at the argument of `split` on this line: what does it give for a text with several spaces in a row?".into(),
            question: "What does `\"a  b\".split(\" \")` give, with two spaces between the words?".into(),
        });
    }
    if let Some(c) = PLAIN_ASSIGN.captures(code) {
        let name = &c[1];
        let rhs = &code[c.get(0).map_or(0, |m| m.end()) - 1..];
        let accumulates_word = ["total", "sum", "count", "acc", "result", "score"]
            .iter()
            .any(|w| name.to_lowercase().contains(w));
        if accumulates_word
            && !rhs.contains(name)
            && !rhs.trim().starts_with('0')
            && !rhs.trim().is_empty()
        {
            return Some(Slip {
                spot: "=".into(),
                idea: "`x = value` replaces what `x` held; `x += value` adds to it. A total built in a loop has to add each new value to what is already there.",
                hint: format!(
                    "Look at how `{name}` is updated on this line: does it keep what it already held?"
                ),
                question: format!(
                    "After this line runs twice, does `{name}` hold both values added together, or only the last one?"
                ),
            });
        }
    }
    None
}

fn indent(l: &str) -> usize {
    l.chars().take_while(|c| c.is_whitespace()).count()
}

fn is_loop_header(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with("for ")
        || t.starts_with("for(")
        || t.starts_with("while ")
        || t.starts_with("while(")
}

/// The loop header around line index `i` (Python by indentation, else by braces).
fn enclosing_loop(lang: Lang, lines: &[&str], i: usize) -> Option<usize> {
    if lang == Lang::Python {
        let mut ind = indent(lines.get(i)?);
        for j in (0..i).rev() {
            if lines[j].trim().is_empty() {
                continue;
            }
            let li = indent(lines[j]);
            if li < ind {
                if is_loop_header(lines[j]) {
                    return Some(j);
                }
                ind = li;
            }
        }
        return None;
    }
    let mut depth = 0i32;
    for j in (0..i).rev() {
        let l = lines[j];
        depth += l.matches('}').count() as i32 - l.matches('{').count() as i32;
        if is_loop_header(l) && (depth < 0 || (!l.contains('{') && j + 1 == i)) {
            return Some(j);
        }
        if depth < 0 {
            depth = 0;
        }
    }
    None
}

fn assigns(line: &str, name: &str) -> bool {
    let n = regex::escape(name);
    let Ok(re) = Regex::new(&format!(
        r"^\s*(?:(?:let|const|var|int|long|double|float|auto|String|string|bool|boolean|char)\s+)?{n}\s*(?:\[[^\]]*\])?\s*(?:[-+*/%]|//)?=[^=]|^\s*for\s*\(?\s*(?:(?:let|const|var|int|auto|String|char|double)\s+)?(?:\w+\s*,\s*)*{n}\b|{n}\s*(?:\+\+|--)"
    )) else {
        return false;
    };
    re.is_match(line)
}

fn read_names(line: &str) -> Vec<String> {
    re!(ID, r"[A-Za-z_]\w*");
    let rhs = match line.split_once(" in ") {
        Some((_, r)) if is_loop_header(line) => r,
        _ => line.split_once('=').map(|(_, r)| r).unwrap_or(""),
    };
    let mut out: Vec<String> = Vec::new();
    for m in ID.find_iter(rhs) {
        let before = rhs[..m.start()].chars().next_back();
        if before == Some('.') || before == Some('"') || before == Some('\'') {
            continue;
        }
        if !out.iter().any(|o| o == m.as_str()) {
            out.push(m.as_str().to_string());
        }
    }
    out
}

/// The lines (0-based) that feed `names` at `before`, nearest first, following what each of
/// those lines reads in turn: a small backward slice by text.
fn slice(lines: &[&str], before: usize, names: &[String]) -> Vec<usize> {
    let mut queue: std::collections::VecDeque<String> = names.iter().cloned().collect();
    let mut seen: Vec<String> = names.to_vec();
    let mut out = Vec::new();
    while let Some(name) = queue.pop_front() {
        for i in (0..before.min(lines.len())).rev() {
            if out.len() >= 16 {
                return out;
            }
            if assigns(lines[i], &name) && !out.contains(&i) {
                out.push(i);
                for n in read_names(lines[i]) {
                    if !seen.contains(&n) {
                        seen.push(n.clone());
                        queue.push_back(n);
                    }
                }
            }
        }
    }
    out
}

/// An accumulator set to a starting value inside the loop that adds to it: reset every pass.
fn reset_in_loop(lang: Lang, lines: &[&str], candidates: &[usize]) -> Option<(usize, Slip)> {
    re!(
        RESET,
        r#"^\s*(?:(?:int|long|double|float|auto|let|var)\s+)?([A-Za-z_]\w*)\s*=\s*(?:0|0\.0|\[\]|\{\}|""|'')\s*;?\s*$"#
    );
    for &i in candidates {
        let Some(c) = RESET.captures(lines[i]) else {
            continue;
        };
        let name = c[1].to_string();
        let Some(h) = enclosing_loop(lang, lines, i) else {
            continue;
        };
        let grows = candidates.iter().any(|&j| {
            j > i
                && enclosing_loop(lang, lines, j) == Some(h)
                && assigns(lines[j], &name)
                && (lines[j].contains("+=")
                    || lines[j].contains("append")
                    || lines[j].contains("++"))
        });
        if grows {
            return Some((
                i,
                Slip {
                    spot: format!("{name} ="),
                    idea: "A line inside a loop runs on every pass. A starting value set inside the loop (`= 0`) is reset each time, so the total starts over on every iteration and only the last pass counts. A starting value belongs before the loop.",
                    hint: format!(
                        "Look at where `{name}` gets its starting value: inside the loop, or before it?"
                    ),
                    question: format!(
                        "How many times does this line run, and what happens to `{name}` each time it does?"
                    ),
                },
            ));
        }
    }
    None
}

/// A comparison that decides a branch: `<=` and `>=` include the boundary, `<` and `>` do not.
fn boundary_slip(text: &str) -> Option<Slip> {
    re!(CMP, r"(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)");
    let c = CMP.captures(text)?;
    let (op, value) = (c[1].to_string(), c[2].to_string());
    let includes = op.ends_with('=');
    Some(Slip {
        spot: op.clone(),
        idea: if includes {
            "A boundary value is where a comparison's `=` matters: `<=` and `>=` include the boundary itself, `<` and `>` leave it out. Each exact boundary value must land in the branch the task asks for."
        } else {
            "A boundary value is where a comparison's `=` matters: `<` and `>` leave the boundary itself out, `<=` and `>=` include it. Each exact boundary value must land in the branch the task asks for."
        },
        hint: format!(
            "Look at the comparison `{op} {value}` on this line: what happens at exactly {value}?"
        ),
        question: format!(
            "Which branch should exactly {value} go to, and which one does `{op} {value}` send it to?"
        ),
    })
}

/// Slips that are wrong wherever they are, found anywhere in the code: a `;` right after an
/// `if (...)`, `=` inside a condition, strings compared with `==` in Java, JavaScript's default
/// `sort()`, `getline` after `>>`, `setprecision` without `fixed`.
pub fn smells(lang: Lang, code: &str) -> Vec<(u32, Slip)> {
    re!(
        STRAY_SEMI,
        r"^\s*(?:\}\s*else\s+)?(?:if|while|for)\s*\(.*\)\s*;\s*\{?\s*$"
    );
    re!(
        ASSIGN_IN_IF,
        r"\b(?:if|while)\s*\((?:[^()]|\([^()]*\))*?[^=!<>+\-*/%&|]=[^=](?:[^()]|\([^()]*\))*\)"
    );
    re!(JAVA_STR_EQ, r#"(?:"\s*[!=]=|[!=]=\s*")"#);
    re!(JS_SORT, r"\.sort\(\s*\)");
    re!(
        UNSIGNED_DOWN,
        r"\bfor\s*\(\s*(?:std::)?(?:size_t|unsigned(?:\s+int|\s+long)?)\s+(\w+)\s*=[^;]*;\s*(\w+)\s*>=\s*0\s*;"
    );
    re!(
        NEVER_BOTH_LT,
        r"\b(\w+)\s*<=?\s*(-?\d+(?:\.\d+)?)\s*&&\s*(\w+)\s*>=?\s*(-?\d+(?:\.\d+)?)"
    );
    re!(
        NEVER_BOTH_GT,
        r"\b(\w+)\s*>=?\s*(-?\d+(?:\.\d+)?)\s*(?:&&|\band\b)\s*(\w+)\s*<=?\s*(-?\d+(?:\.\d+)?)"
    );
    re!(
        PY_NEVER_BOTH,
        r"\b(\w+)\s*<=?\s*(-?\d+(?:\.\d+)?)\s+and\s+(\w+)\s*>=?\s*(-?\d+(?:\.\d+)?)"
    );
    re!(GETLINE, r"\bgetline\s*\(");
    re!(EXTRACT, r"\bcin\s*>>");
    re!(
        JS_ASYNC_FN,
        r"\basync\s+function\s+(\w+)|\b(?:const|let|var)\s+(\w+)\s*=\s*async\b"
    );
    let mut out = Vec::new();
    let lines: Vec<&str> = code.lines().collect();
    let first_extract = lines.iter().position(|l| EXTRACT.is_match(l));
    re!(JS_FN, r"^\s*function\s+(\w+)\s*\(");
    let async_fns: Vec<String> = if lang == Lang::Javascript {
        let mut found: Vec<String> = JS_ASYNC_FN
            .captures_iter(code)
            .filter_map(|c| c.get(1).or(c.get(2)).map(|m| m.as_str().to_string()))
            .collect();
        // A plain function whose body returns a Promise is awaited the same way.
        for (i, l) in lines.iter().enumerate() {
            if let Some(c) = JS_FN.captures(l) {
                let body = lines[i + 1..].iter().take_while(|b| !b.starts_with('}'));
                if body.clone().any(|b| b.contains("return new Promise")) {
                    found.push(c[1].to_string());
                }
            }
        }
        found
    } else {
        Vec::new()
    };
    for (i, raw) in lines.iter().enumerate() {
        let l = raw.split("//").next().unwrap_or(raw);
        let n = i as u32 + 1;
        let unawaited = async_fns.iter().find(|f| {
            let call = format!("{f}(");
            l.contains(&call)
                && !l.contains("await")
                && !l.contains(".then(")
                && !l.trim_start().starts_with("async")
                && !l.contains("function")
                && l.contains('=')
        });
        if let Some(f) = unawaited {
            out.push((n, Slip {
                spot: format!("{f}("),
                idea: "A function declared `async` returns a Promise, not its value: the value only arrives later. Storing the call's result gives you the Promise itself, which has no items, fields or length of the value. `await` in front of the call (inside an `async` function) waits for the value; `.then(...)` is the other way.",
                hint: format!("Look at how `{f}` is called on this line: what does an `async` function give back straight away?"),
                question: format!("What does `console.log` show for the result of `{f}()` on this line: the value, or a Promise?"),
            }));
            continue;
        }
        if lang != Lang::Python && STRAY_SEMI.is_match(l) {
            out.push((n, Slip {
                spot: ";".into(),
                idea: "A semicolon right after `if (...)` ends the `if` there: the `;` after the condition is an empty statement, the only thing the `if` controls, and the block below runs every time, whatever the condition says.",
                hint: "Look at the very end of this line, right after the closing parenthesis of the condition.".into(),
                question: "What does the `;` at the end of this line do to the `if`?".into(),
            }));
        } else if lang != Lang::Python && ASSIGN_IN_IF.is_match(l) && !l.contains("==") {
            out.push((n, Slip {
                spot: "=".into(),
                idea: "A single `=` assigns; `==` compares. Inside a condition, `x = 5` stores 5 in `x` and counts as true, so the branch runs every time.",
                hint: "Look at the operator inside the condition on this line: does it compare, or assign?".into(),
                question: "Does the `=` in this condition compare two values, or store one?".into(),
            }));
        } else if lang == Lang::Java && JAVA_STR_EQ.is_match(l) {
            out.push((n, Slip {
                spot: "==".into(),
                idea: "In Java `==` on two strings asks whether they are the same object in memory, not whether they hold the same text; two equal texts read from input are different objects. Text is compared with `.equals(...)`.",
                hint: "Look at how the two strings are compared on this line.".into(),
                question: "Does `==` compare the text of two strings in Java, or something else?".into(),
            }));
        } else if lang == Lang::Javascript && JS_SORT.is_match(l) {
            out.push((n, Slip {
                spot: ".sort()".into(),
                idea: "`array.sort()` with no compare function sorts the items as strings, letter by letter: `[10, 9, 1].sort()` gives `[1, 10, 9]`. Numbers need a compare function.",
                hint: "Look at how `sort` is called on this line: how does it compare two numbers?".into(),
                question: "What does `[10, 9, 1].sort()` give, and why?".into(),
            }));
        } else if lang == Lang::Cpp
            && GETLINE.is_match(l)
            && first_extract.is_some_and(|e| {
                // Skipped already: `std::ws` in the call, or an `ignore` after the `>>`.
                e < i && !l.contains("ws") && !lines[e..i].iter().any(|m| m.contains(".ignore("))
            })
        {
            out.push((n, Slip {
                spot: "getline".into(),
                idea: "`cin >> x` reads the number but leaves the newline after it in the input; a `getline` right after it reads that leftover, empty line. The leftover has to be skipped first: `ignore` the rest of that line, or skip whitespace with `std::ws`.",
                hint: "Look at what is still waiting in the input when this `getline` runs.".into(),
                question: "After `cin >>` read the number, what is left in the input for this `getline`?".into(),
            }));
        } else if lang == Lang::Cpp
            && let Some(c) = UNSIGNED_DOWN.captures(l)
            && c[1] == c[2]
        {
            out.push((n, Slip {
                spot: ">= 0".into(),
                idea: "An unsigned number (`std::size_t`, `unsigned`) can never be negative, so the condition `>= 0` is always true: when the counter is 0, the next `--` wraps it around to the largest possible value (18446744073709551615) instead of -1, and the loop never stops by itself.",
                hint: "Look at the type of the loop variable on this line: can it ever hold a value below 0, which is what would end this loop?".into(),
                question: "What value does an unsigned counter get when you subtract 1 from 0?".into(),
            }));
        } else if let Some((var, low, high)) =
            never_both(&NEVER_BOTH_LT, &NEVER_BOTH_GT, &PY_NEVER_BOTH, lang, l)
        {
            out.push((n, Slip {
                spot: if lang == Lang::Python { "and".into() } else { "&&".into() },
                idea: "`&&` (`and` in Python) is true only when both conditions are true at the same time, and no number is both below one bound and above a higher one, so this condition is never true. A value outside a range breaks either one of the two conditions: either side alone is enough.",
                hint: format!("Read the condition on this line aloud with one value, say {}: can `{var}` be below {low} and above {high} at once?", high_example(&high)),
                question: format!("Which value of `{var}` makes this whole condition true?"),
            }));
        } else if lang == Lang::Cpp && l.contains("setprecision") && !code.contains("fixed") {
            out.push((n, Slip {
                spot: "setprecision".into(),
                idea: "On its own `std::setprecision(n)` sets the number of significant digits, not digits after the decimal point; with `std::fixed` it counts the digits after the point.",
                hint: "Look at how the number is formatted on this line: digits in total, or after the point?".into(),
                question: "How many digits does `setprecision(2)` keep for 12.345 without `fixed`?".into(),
            }));
        }
    }
    // The slips that take more than one line to see come after the one-line ones.
    out.extend(super::program::slips(lang, code));
    out
}

/// `x < low && x > high` with `low <= high` (or the mirror): a range test that can never be
/// true. Returns the variable and the two bounds.
fn never_both(
    lt: &Regex,
    gt: &Regex,
    py: &Regex,
    lang: Lang,
    line: &str,
) -> Option<(String, String, String)> {
    let num = |s: &str| s.parse::<f64>().ok();
    let found = if lang == Lang::Python {
        py.captures(line)
    } else {
        lt.captures(line)
    };
    if let Some(c) = found
        && c[1] == c[3]
        && num(&c[2])? <= num(&c[4])?
    {
        return Some((c[1].to_string(), c[2].to_string(), c[4].to_string()));
    }
    if lang != Lang::Python
        && let Some(c) = gt.captures(line)
        && c[1] == c[3]
        && c.get(0).is_some_and(|m| m.as_str().contains("&&"))
        && num(&c[2])? >= num(&c[4])?
    {
        return Some((c[1].to_string(), c[4].to_string(), c[2].to_string()));
    }
    None
}

fn high_example(high: &str) -> String {
    match high.parse::<i64>() {
        Ok(h) => (h + 1).to_string(),
        Err(_) => format!("more than {high}"),
    }
}

/// The learner's line that produced the wrong value: from the print's backward slice, a slip
/// on one of its lines, or the line that last computed the value.
pub fn cause(
    lang: Lang,
    code: &str,
    site: &PrintSite,
    diff: &OutputDiff,
    visible_values: (Option<&str>, Option<&str>),
) -> (u32, Option<Slip>) {
    let lines: Vec<&str> = code.lines().collect();
    let p = (site.line as usize).saturating_sub(1);
    let (exp, act) = visible_values;
    let mut candidates: Vec<usize> = Vec::new();
    let missing = diff.actual.is_none() || diff.expected.is_none();
    if missing && let Some(h) = enclosing_loop(lang, &lines, p) {
        candidates.push(h);
    }
    candidates.push(p);
    for i in slice(&lines, p, &site.names) {
        if !candidates.contains(&i) {
            candidates.push(i);
        }
    }
    if let Some(h) = enclosing_loop(lang, &lines, p)
        && !candidates.contains(&h)
    {
        candidates.push(h);
    }
    if let Some((i, s)) = reset_in_loop(lang, &lines, &candidates) {
        return (i as u32 + 1, Some(s));
    }
    // A smell is wrong wherever it stands, so one on a line that feeds the print beats a
    // slip that only might be one (a division that may or may not lose a fraction).
    let mut found = smells(lang, code);
    // A smell about a variable the wrong line prints (a parameter changed only in the
    // function's copy) counts as on a feeding line too, wherever it stands.
    let about_printed = |s: &Slip| site.names.contains(&s.spot);
    if let Some(k) = found
        .iter()
        .position(|(n, s)| candidates.contains(&(*n as usize - 1)) || about_printed(s))
    {
        let (n, s) = found.swap_remove(k);
        return (n, Some(s));
    }
    for &i in &candidates {
        if let Some(s) = slip(lang, lines[i], exp, act) {
            return (i as u32 + 1, Some(s));
        }
    }
    if let Some((n, s)) = found.into_iter().next() {
        return (n, Some(s));
    }
    (site.origin.unwrap_or(site.line), None)
}

/// Without a print in the learner's code (a function the exercise's driver prints): the line
/// that produces the wrong value as a literal, and the condition that chose it.
pub fn literal_cause(lang: Lang, code: &str, diff: &OutputDiff) -> Option<(u32, Option<Slip>)> {
    let lines: Vec<&str> = code.lines().collect();
    let actual = diff.actual.as_deref()?;
    let words: Vec<&str> = actual
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| w.len() >= 2)
        .collect();
    let i = lines.iter().position(|l| {
        words
            .iter()
            .any(|w| l.contains(&format!("\"{w}\"")) || l.contains(&format!("'{w}'")))
    })?;
    // The `if`/`elif`/`else if` that guards it: the nearest one above at a smaller indentation.
    let ind = indent(lines[i]);
    let guard = (0..i).rev().find(|&j| {
        let t = lines[j].trim_start();
        (t.starts_with("if")
            || t.starts_with("elif")
            || t.starts_with("} else if")
            || t.starts_with("else if"))
            && indent(lines[j]) <= ind
    });
    let _ = lang;
    match guard {
        Some(j) => Some((j as u32 + 1, boundary_slip(lines[j]))),
        None => Some((i as u32 + 1, None)),
    }
}

/// With no output to compare (an exercise's failing test and nothing else): a slip anywhere in
/// the code, or the line whose words match the test's message.
pub fn failing_test_cause(
    lang: Lang,
    code: &str,
    messages: &[String],
) -> Option<(u32, Option<Slip>)> {
    if let Some((n, s)) = smells(lang, code).into_iter().next() {
        return Some((n, Some(s)));
    }
    let lines: Vec<&str> = code.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        if let Some(s) = slip(lang, l, None, None).filter(|s| s.spot != "/" && s.spot != "=") {
            return Some((i as u32 + 1, Some(s)));
        }
    }
    let n = messages.iter().find_map(|m| line_for_message(code, m))?;
    let text = lines.get(n as usize - 1).copied().unwrap_or("");
    Some((n, boundary_slip(text)))
}

/// Output facts for one wrong output line.
pub struct WrongOutput<'a> {
    pub lang: Lang,
    pub code: &'a str,
    pub diff: &'a OutputDiff,
    pub site: Option<&'a PrintSite>,
    /// The learner may see the values (their own expectation, or a visible test).
    pub visible: bool,
    /// In an exercise, on its first failing test.
    pub in_test: bool,
}

fn quote_line(code: &str, n: u32) -> Option<String> {
    let l = code.lines().nth(n.checked_sub(1)? as usize)?;
    (!l.trim().is_empty()).then(|| format!("> line {n}: `{}`\n\n", l.trim().replace('`', "'")))
}

fn line_text(code: &str, n: u32) -> Option<&str> {
    code.lines().nth(n.checked_sub(1)? as usize)
}

/// The whole answer on `rung` for a wrong output.
pub fn answer(w: &WrongOutput<'_>, rung: HintRung) -> String {
    let mut s = String::new();
    let d = w.diff;
    let which = if d.line_no > 0 {
        format!(" (output line {})", d.line_no)
    } else {
        String::new()
    };
    s.push_str("**Wrong output**, no error message: the program runs to the end but prints something else than ");
    s.push_str(if w.in_test {
        "the test expects"
    } else {
        "you expected"
    });
    s.push('.');
    let tick = |v: &str| v.replace('`', "'");
    if w.visible {
        match (&d.actual, &d.expected) {
            (Some(a), Some(e)) => {
                let _ = write!(
                    s,
                    " It printed `{}` where `{}` was expected{which}.",
                    tick(a),
                    tick(e)
                );
            }
            (None, Some(e)) => {
                let _ = write!(s, " It never prints `{}`.", tick(e));
            }
            (Some(a), None) => {
                let _ = write!(
                    s,
                    " It printed `{}`{which}, which was not expected at all.",
                    tick(a)
                );
            }
            (None, None) => {}
        }
    } else if d.line_no > 0 {
        let _ = write!(
            s,
            " The first line that differs is output line {}.",
            d.line_no
        );
    }
    s.push_str("\n\n");
    let (exp, act) = if w.visible {
        (d.expected.as_deref(), d.actual.as_deref())
    } else {
        (None, None)
    };
    let (bug_line, found) = match w.site {
        Some(site) => {
            let lead = match (&d.actual, site.traced) {
                (None, _) => "Lines like it are printed by",
                (_, true) => "That line is printed by",
                (_, false) => "That line is printed by the statement whose text matches it,",
            };
            let _ = write!(s, "{lead} **line {}**:\n\n", site.line);
            if let Some(q) = quote_line(w.code, site.line) {
                s.push_str(&q);
            }
            if w.visible && !site.locals.is_empty() {
                let shown: Vec<String> = site
                    .locals
                    .iter()
                    .filter(|(k, _)| site.names.contains(k) || site.locals.len() <= 4)
                    .take(5)
                    .map(|(k, v)| format!("`{k} = {v}`"))
                    .collect();
                if !shown.is_empty() {
                    let _ = write!(s, "When line {} ran: {}.\n\n", site.line, shown.join(", "));
                }
            }
            cause(w.lang, w.code, site, d, (exp, act))
        }
        None => match literal_cause(w.lang, w.code, d) {
            Some(found) => found,
            None => {
                s.push_str(
                    "I cannot tell from the code alone which statement printed that line.\n\n",
                );
                if rung >= HintRung::Concept {
                    s.push_str("**The idea:** A wrong printed value was computed somewhere before it was printed. Follow it back: write down, line by line, what each variable holds (a trace table), and find the first line where the value is not what you expect.\n\n");
                }
                s.push_str("**Question:** Which line of your program prints that output, and what values do its variables hold at that moment?");
                return s;
            }
        },
    };
    if w.site.is_none_or(|site| site.line != bug_line) {
        let what = match (&found, w.site) {
            (Some(_), _) => "The cause is most likely on",
            (None, Some(_)) => "The value printed there is computed on",
            (None, None) => "The value comes from",
        };
        let _ = write!(s, "{what} **line {bug_line}**:\n\n");
        if let Some(q) = quote_line(w.code, bug_line) {
            s.push_str(&q);
        }
    }
    let text = line_text(w.code, bug_line).unwrap_or("");
    if let Some(f) = &found {
        // Rung 1 says what kind of slip it is, in a sentence, without the fix.
        let first = f
            .idea
            .split(". ")
            .next()
            .unwrap_or(f.idea)
            .trim_end_matches('.');
        if rung == HintRung::Nudge {
            let _ = write!(s, "{first}.\n\n");
        }
    }
    if rung >= HintRung::Concept {
        let idea = found.as_ref().map(|f| f.idea).unwrap_or(
            "The printed value is only as right as the line that computed it. Work that line by hand with the values the variables really hold at that moment, and compare each step with what you meant.",
        );
        let _ = write!(s, "**The idea:** {idea}\n\n");
    }
    if rung >= HintRung::PointedHint {
        let hint = found.as_ref().map(|f| f.hint.clone()).unwrap_or_else(|| {
            format!("Look at the right-hand side of line {bug_line}: which part of it makes the value differ from what you expect?")
        });
        let _ = write!(s, "**Hint:** On line {bug_line}: {hint}\n\n");
    }
    if rung >= HintRung::PartialCode && !text.trim().is_empty() {
        let blanked = match found.as_ref().filter(|f| text.contains(f.spot.as_str())) {
            Some(f) => format!(
                "{}   {} line {bug_line}: what belongs in ___ ?",
                text.replacen(f.spot.as_str(), "___", 1).trim_end(),
                w.lang.comment()
            ),
            None => format!(
                "{}   {} line {bug_line}: the change goes on this line",
                text.trim_end(),
                w.lang.comment()
            ),
        };
        let _ = write!(
            s,
            "In your own code, the spot to work on:\n\n```{}\n{blanked}\n```\n\n",
            w.lang.fence()
        );
    }
    let question = found.map(|f| f.question).unwrap_or_else(|| {
        format!("Work out line {bug_line} by hand with the values it had: what does it give, and what should it give?")
    });
    let _ = write!(s, "**Question:** {question}");
    s
}

/// The answer for a divergence from the reference run on an exercise's failing test.
pub fn divergence_answer(
    lang: Lang,
    code: &str,
    d: &Divergence,
    visible: bool,
    rung: HintRung,
) -> String {
    let mut s = String::new();
    let line = d.line;
    let var = d.variable.as_deref().unwrap_or("a value");
    match d.kind {
        DivergenceKind::Variable => {
            let _ = write!(
                s,
                "**Wrong value**, no error message: on the first failing test, `{var}` first takes a different value than it should"
            );
            if let Some(n) = line {
                let _ = write!(s, " on **line {n}**");
            }
            s.push('.');
            if visible && let (Some(a), Some(e)) = (&d.actual, &d.expected) {
                let _ = write!(s, " It becomes `{a}` where `{e}` was expected.");
            }
        }
        DivergenceKind::LoopCount => {
            let _ = write!(
                s,
                "**Wrong number of repetitions**: on the first failing test, the loop that changes `{var}`"
            );
            if let Some(n) = line {
                let _ = write!(s, " (around **line {n}**)");
            }
            match d.iterations {
                Some((a, e)) if a > e => s.push_str(" runs more often than it should."),
                Some(_) => s.push_str(" stops earlier than it should."),
                None => s.push_str(" runs a different number of times than it should."),
            }
        }
        DivergenceKind::ReturnValue => {
            let _ = write!(
                s,
                "**Wrong return value**: on the first failing test, `{var}` returns something else than it should"
            );
            if let Some(n) = line {
                let _ = write!(s, " (the `return` on **line {n}**)");
            }
            s.push('.');
        }
        DivergenceKind::Output | DivergenceKind::MissingOutput | DivergenceKind::ExtraOutput => {
            s.push_str("**Wrong output**, no error message: on the first failing test");
            if let Some(o) = d.output_line {
                let _ = write!(s, ", output line {o} is the first that differs");
            }
            if let Some(n) = line {
                let _ = write!(s, "; it is printed by **line {n}**");
            }
            s.push('.');
            if visible && let (Some(a), Some(e)) = (&d.actual, &d.expected) {
                let _ = write!(s, " It printed `{a}` where `{e}` was expected.");
            }
        }
    }
    s.push_str("\n\n");
    if let Some(q) = line.and_then(|n| quote_line(code, n)) {
        s.push_str(&q);
    }
    if visible && !d.locals.is_empty() {
        let shown: Vec<String> = d
            .locals
            .iter()
            .take(5)
            .map(|(k, v)| format!("`{k} = {v}`"))
            .collect();
        let _ = write!(s, "Your variables at that point: {}.\n\n", shown.join(", "));
    }
    // A slip on the line where the value parts, or on a line that feeds it (the value of a
    // `for x in items` comes from where `items` was made). The two values are used to tell
    // slips apart even on a hidden test; they are not quoted there.
    let (exp, act) = (d.expected.as_deref(), d.actual.as_deref());
    let mut line = line;
    let mut text = line.and_then(|n| line_text(code, n)).unwrap_or("");
    let mut found = slip(lang, text, exp, act);
    if found.is_none()
        && let Some(n) = line
    {
        let lines: Vec<&str> = code.lines().collect();
        let fed_by = slice(&lines, n as usize - 1, &read_names(text));
        if let Some((i, f)) = fed_by
            .into_iter()
            .find_map(|i| slip(lang, lines[i], exp, act).map(|f| (i, f)))
        {
            let k = i as u32 + 1;
            let _ = write!(s, "That value comes from **line {k}**:\n\n");
            if let Some(q) = quote_line(code, k) {
                s.push_str(&q);
            }
            line = Some(k);
            text = lines[i];
            found = Some(f);
        }
    }
    // A wrong literal (`return "cold"`, `print("A")`) is chosen by the condition above it: the
    // comparison there, at its boundary, is where to look.
    if found.is_none()
        && let Some(n) = line
        && (text.contains('"') || text.contains('\''))
    {
        let lines: Vec<&str> = code.lines().collect();
        let i = n as usize - 1;
        let ind = indent(lines[i]);
        let guard = (0..i).rev().find(|&j| {
            let t = lines[j].trim_start();
            (t.starts_with("if")
                || t.starts_with("elif")
                || t.starts_with("} else if")
                || t.starts_with("else if"))
                && indent(lines[j]) < ind
        });
        if let Some(j) = guard
            && let Some(b) = boundary_slip(lines[j])
        {
            let k = j as u32 + 1;
            let _ = write!(
                s,
                "That line runs because of the condition on **line {k}**:\n\n"
            );
            if let Some(q) = quote_line(code, k) {
                s.push_str(&q);
            }
            line = Some(k);
            text = lines[j];
            found = Some(b);
        }
    }
    if rung >= HintRung::Concept {
        let idea = found.as_ref().map(|f| f.idea).unwrap_or(match d.kind {
            DivergenceKind::LoopCount => "A loop's header decides how many times it runs: check where it starts, where it stops and whether the last value is included.",
            _ => "The first place where a value goes wrong is where to look: everything after it only carries the mistake along.",
        });
        let _ = write!(s, "**The idea:** {idea}\n\n");
    }
    if rung >= HintRung::PointedHint
        && let Some(n) = line
    {
        let hint = found
            .as_ref()
            .map(|f| f.hint.clone())
            .unwrap_or_else(|| format!("Look at how `{var}` is computed on line {n}."));
        let _ = write!(s, "**Hint:** On line {n}: {hint}\n\n");
    }
    if rung >= HintRung::PartialCode
        && let Some(n) = line
        && !text.trim().is_empty()
    {
        let blanked = match found.as_ref().filter(|f| text.contains(f.spot.as_str())) {
            Some(f) => text.replacen(f.spot.as_str(), "___", 1),
            None => text.to_string(),
        };
        let _ = write!(
            s,
            "In your own code, the spot to work on:\n\n```{}\n{}   {} line {n}: what belongs here?\n```\n\n",
            lang.fence(),
            blanked.trim_end(),
            lang.comment()
        );
    }
    let question = found.map(|f| f.question).unwrap_or_else(|| match (line, &d.variable) {
        (Some(n), Some(_)) => format!(
            "What should `{var}` be right after line {n} runs, and what does your code make it?"
        ),
        (Some(n), None) => format!(
            "What should line {n} produce on the failing test, and what does your code make it produce?"
        ),
        (None, _) => format!("What should `{var}` be at that point, and what does your code make it?"),
    });
    let _ = write!(s, "**Question:** {question}");
    s
}

/// With only the failing test's message and the code, the line whose words match the message
/// best (a condition or computation about the same thing), if any line clearly does.
pub fn line_for_message(code: &str, message: &str) -> Option<u32> {
    re!(WORD, r"[A-Za-z]+|\d+");
    const STOP: &[&str] = &[
        "the", "and", "for", "with", "that", "this", "must", "your", "you", "are", "not", "but",
        "its", "from", "into", "than", "then", "when", "each", "all", "any", "should", "program",
        "print", "prints", "output", "line", "lines", "test", "value", "values", "one", "only",
        "also", "both", "has", "have", "was", "were", "will", "can", "does", "did", "too", "what",
        "which", "there", "their", "them", "they", "like", "same", "just", "still", "make",
    ];
    let stem = |w: &str| -> String {
        let w = w.to_lowercase();
        for suf in ["ing", "ed", "es", "s"] {
            if w.len() > suf.len() + 3 && w.ends_with(suf) {
                return w[..w.len() - suf.len()].to_string();
            }
        }
        w
    };
    let split_ident = |w: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        for ch in w.chars() {
            if (ch == '_' || ch.is_uppercase()) && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if ch != '_' {
                cur.push(ch);
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    };
    let wanted: Vec<String> = WORD
        .find_iter(message)
        .map(|m| m.as_str())
        .filter(|w| w.len() >= 3 || w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !STOP.contains(&w.to_lowercase().as_str()))
        .map(stem)
        .collect();
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(usize, usize)> = None;
    for (i, l) in code.lines().enumerate() {
        let t = l.trim();
        if t.is_empty()
            || t.starts_with('#')
            || t.starts_with("//")
            || t.starts_with("import")
            || t.starts_with("#include")
        {
            continue;
        }
        let words: Vec<String> = WORD
            .find_iter(l)
            .flat_map(|m| split_ident(m.as_str()))
            .map(|w| stem(&w))
            .collect();
        let mut score = wanted.iter().filter(|w| words.contains(w)).count() * 2;
        if score == 0 {
            continue;
        }
        if t.starts_with("if")
            || t.contains(" if ")
            || t.starts_with("elif")
            || t.starts_with("} else if")
            || t.contains("return")
        {
            score += 1;
        }
        if t.contains(['<', '>', '+', '-', '*', '/', '%']) {
            score += 1;
        }
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    best.filter(|(s, _)| *s >= 3).map(|(_, i)| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_is_spotted_on_the_line_that_computed_the_value() {
        let s = slip(Lang::Python, "avg = total // count", Some("2.5"), Some("2")).unwrap();
        assert_eq!(s.spot, "//");
        let s = slip(Lang::Cpp, "double avg = sum / n;", Some("2.5"), Some("2")).unwrap();
        assert_eq!(s.spot, "/");
        assert!(slip(Lang::Python, "print(avg)", None, None).is_none());
    }

    #[test]
    fn a_test_message_points_at_the_condition_about_the_same_thing() {
        let code = "class Account:\n    def deposit(self, amount):\n        self.balance += amount\n    def withdraw(self, amount):\n        if amount > self.balance:\n            print('refused')\n";
        assert_eq!(
            line_for_message(code, "A withdrawal larger than the balance is refused."),
            Some(5)
        );
        assert_eq!(line_for_message(code, "Check the spelling."), None);
    }

    fn smell_lines(lang: Lang, code: &str) -> Vec<(u32, String)> {
        smells(lang, code)
            .into_iter()
            .map(|(n, s)| (n, s.spot))
            .collect()
    }

    #[test]
    fn an_unsigned_counter_counting_down_to_zero_is_a_smell() {
        let code = "#include <iostream>\n#include <vector>\n\nint main() {\n    std::vector<int> v = {1, 2, 3};\n    for (std::size_t i = v.size() - 1; i >= 0; i--) {\n        std::cout << v[i] << \"\\n\";\n    }\n}\n";
        assert_eq!(smell_lines(Lang::Cpp, code), vec![(6, ">= 0".to_string())]);
        let signed = code.replace("std::size_t i", "int i");
        assert!(smell_lines(Lang::Cpp, &signed).is_empty());
    }

    #[test]
    fn a_range_test_that_can_never_be_true_is_a_smell() {
        let cpp = "int main() {\n    int x = 150;\n    if (x < 0 && x > 100) {\n        return 1;\n    }\n}\n";
        assert_eq!(smell_lines(Lang::Cpp, cpp), vec![(3, "&&".to_string())]);
        let py = "x = int(input())\nif x < 0 and x > 100:\n    print('out of range')\n";
        assert_eq!(smell_lines(Lang::Python, py), vec![(2, "and".to_string())]);
        let mirrored = cpp.replace("x < 0 && x > 100", "x > 100 && x < 0");
        assert_eq!(
            smell_lines(Lang::Cpp, &mirrored),
            vec![(3, "&&".to_string())]
        );
    }

    #[test]
    fn a_range_test_for_inside_the_range_is_not_a_smell() {
        let cpp = "int main() {\n    int x = 50;\n    if (x > 0 && x < 100) {\n        return 1;\n    }\n}\n";
        assert!(smell_lines(Lang::Cpp, cpp).is_empty());
        let upper_first = cpp.replace("x > 0 && x < 100", "x < 100 && x > 0");
        assert!(smell_lines(Lang::Cpp, &upper_first).is_empty());
        let py = "x = int(input())\nif x > 0 and x < 100:\n    print('in range')\n";
        assert!(smell_lines(Lang::Python, py).is_empty());
    }

    #[test]
    fn an_async_call_stored_without_await_is_a_smell() {
        let code = "async function loadScores() {\n  return [3, 5];\n}\n\nasync function main() {\n  const scores = loadScores();\n  console.log(scores.length);\n}\nmain();\n";
        assert_eq!(
            smell_lines(Lang::Javascript, code),
            vec![(6, "loadScores(".to_string())]
        );
        let awaited = code.replace("= loadScores()", "= await loadScores()");
        assert!(smell_lines(Lang::Javascript, &awaited).is_empty());
    }

    #[test]
    fn a_call_of_a_function_that_returns_a_new_promise_stored_without_await_is_a_smell() {
        let code = "function wait(ms) {\n  return new Promise((resolve) => setTimeout(() => resolve(ms), ms));\n}\n\nconst waited = wait(10);\nconsole.log(waited + 1);\n";
        assert_eq!(
            smell_lines(Lang::Javascript, code),
            vec![(5, "wait(".to_string())]
        );
        let plain = "function twice(n) {\n  return n * 2;\n}\n\nconst t = twice(10);\nconsole.log(t + 1);\n";
        assert!(smell_lines(Lang::Javascript, plain).is_empty());
    }

    #[test]
    fn a_getline_after_cin_is_a_smell_only_when_the_newline_is_not_skipped() {
        let code = "int main() {\n    int k;\n    std::cin >> k;\n    std::string m;\n    std::getline(std::cin, m);\n}\n";
        assert_eq!(
            smell_lines(Lang::Cpp, code),
            vec![(5, "getline".to_string())]
        );
        let ws = code.replace("getline(std::cin, m)", "getline(std::cin >> std::ws, m)");
        assert!(smell_lines(Lang::Cpp, &ws).is_empty());
        let ignored = code.replace(
            "    std::string m;\n",
            "    std::cin.ignore(1000, '\\n');\n    std::string m;\n",
        );
        assert!(smell_lines(Lang::Cpp, &ignored).is_empty());
    }

    #[test]
    fn a_semicolon_right_after_an_if_condition_is_a_smell() {
        let code =
            "int main() {\n    int age = 12;\n    if (age >= 18); {\n        return 1;\n    }\n}\n";
        assert_eq!(smell_lines(Lang::Cpp, code), vec![(3, ";".to_string())]);
        let fixed = code.replace("(age >= 18);", "(age >= 18)");
        assert!(smell_lines(Lang::Cpp, &fixed).is_empty());
    }

    #[test]
    fn two_whole_number_literals_divided_are_a_slip_even_when_the_values_look_whole() {
        // 212 F printed as 0 where 100 was expected: no decimals on either side.
        let line = "    double c = (f - 32) * (5 / 9);";
        for lang in [Lang::Cpp, Lang::Java] {
            let s = slip(lang, line, Some("100"), Some("0")).expect("integer division");
            assert_eq!(s.spot, "/", "{lang:?}");
        }
        let decimal = "    double c = (f - 32) * (5.0 / 9);";
        assert!(slip(Lang::Cpp, decimal, Some("100"), Some("99")).is_none());
    }
}
