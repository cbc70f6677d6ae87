//! Slips that need more than one line to see: a `case` that falls into the next one, a running
//! maximum updated on the wrong comparison, a C++ local read before it is given a value, a
//! parameter changed inside a function that returns nothing (the caller keeps its copy), a
//! Python list changed while a `for` walks it, or a list method's `None` stored over the list.
//! Each is a classic beginner mistake that is wrong wherever it stands, so [`super::logic`]
//! treats them like its one-line smells.

use std::sync::LazyLock;

use regex::Regex;

use super::logic::Slip;
use crate::context::Lang;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid regex"));
    };
}

fn indent(l: &str) -> usize {
    l.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The line without its trailing comment (string contents are not parsed: good enough for
/// the patterns here, which never look inside strings).
fn code_part(lang: Lang, l: &str) -> &str {
    l.split(lang.comment()).next().unwrap_or(l)
}

fn word(name: &str) -> Regex {
    Regex::new(&format!(r"\b{}\b", regex::escape(name))).expect("escaped name")
}

/// Every program-wide slip, in line order.
pub fn slips(lang: Lang, code: &str) -> Vec<(u32, Slip)> {
    let lines: Vec<&str> = code.lines().map(|l| code_part(lang, l)).collect();
    let mut out = Vec::new();
    if lang != Lang::Python {
        out.extend(fallthrough(&lines));
    }
    out.extend(running_extreme(&lines));
    if lang == Lang::Cpp {
        out.extend(uninitialised_local(&lines));
    }
    out.extend(parameter_copy(lang, &lines));
    if lang == Lang::Python {
        out.extend(changed_while_iterated(&lines));
        out.extend(none_stored(&lines));
        out.extend(strings_run_together(&lines));
    }
    if lang == Lang::Java {
        out.extend(java_strings_compared(&lines));
    }
    if lang != Lang::Python {
        out.extend(mixed_letter_bases(&lines));
    }
    out.extend(decimal_equality(&lines));
    out.extend(decided_in_first_round(lang, &lines));
    if matches!(lang, Lang::Java | Lang::Javascript) {
        out.extend(text_before_sum(lang, &lines));
    }
    if lang == Lang::Javascript {
        out.extend(for_in_over_array(&lines));
        out.extend(bare_return(&lines));
    }
    out.sort_by_key(|(n, _)| *n);
    out
}

/// A `case` with statements but no `break` (or `return`, `throw`, `continue`) before the next
/// `case`: the program runs on into the next case's statements.
fn fallthrough(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(CASE, r"^\s*(?:case\b[^:]*|default\s*):(.*)$");
    re!(
        LEAVES,
        r"\b(?:break|return|throw|continue|exit|System\.exit)\b"
    );
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(c) = CASE.captures(l) else { continue };
        // The statements of this case: the rest of its line and the lines up to the next
        // `case`/`default` or the end of the switch.
        let mut body: Vec<(usize, &str)> = Vec::new();
        if !c[1].trim().is_empty() && c[1].trim() != "{" {
            body.push((i, &c[1]));
        }
        let mut next_is_case = false;
        for (j, b) in lines.iter().enumerate().skip(i + 1) {
            if CASE.is_match(b) {
                next_is_case = true;
                break;
            }
            if b.trim_start().starts_with('}') && indent(b) < indent(l) {
                break;
            }
            if !b.trim().is_empty() && b.trim() != "{" && b.trim() != "}" {
                body.push((j, b));
            }
        }
        let Some(&(last, _)) = body.last() else {
            continue; // `case 1: case 2:` share one body on purpose
        };
        if next_is_case && !body.iter().any(|(_, b)| LEAVES.is_match(b)) {
            out.push((
                last as u32 + 1,
                Slip {
                    spot: String::new(),
                    idea: "In a `switch`, a `case` does not end by itself: without a `break` at the end of its statements the program falls through and runs the next case's statements too, so a later assignment overwrites this one. Each case that should stop needs its own `break;` (or a `return`).",
                    hint: "Look at what comes right after the last statement of this case: what stops the program from running straight into the next `case`?".into(),
                    question: "After this line runs, which line runs next: the end of the `switch`, or the next case's statement?".into(),
                },
            ));
        }
    }
    out
}

/// `if (value < max) max = value;`: a running maximum that only ever takes smaller values (or
/// a minimum that takes larger ones), because the comparison points the wrong way.
fn running_extreme(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(
        COMPARE,
        r"\bif\s*\(?\s*([\w.\[\]]+)\s*(<=?|>=?)\s*([\w.\[\]]+)\s*\)?\s*(?:\{|:)?(.*)$"
    );
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(c) = COMPARE.captures(l) else {
            continue;
        };
        let (left, op, right) = (&c[1], &c[2], &c[3]);
        let extreme = |name: &str| {
            let n = name.to_lowercase();
            if [
                "max", "largest", "highest", "biggest", "longest", "hottest", "tallest",
            ]
            .iter()
            .any(|w| n.contains(w))
            {
                Some(true)
            } else if [
                "min", "smallest", "lowest", "shortest", "coldest", "cheapest",
            ]
            .iter()
            .any(|w| n.contains(w))
            {
                Some(false)
            } else {
                None
            }
        };
        // Which side is the running value, and is the other one stored into it?
        let (tracker, candidate, candidate_is_less) = match (extreme(left), extreme(right)) {
            (None, Some(_)) => (right, left, op.starts_with('<')),
            (Some(_), None) => (left, right, op.starts_with('>')),
            _ => continue,
        };
        let is_max = extreme(tracker) == Some(true);
        let store = Regex::new(&format!(
            r"\b{}\s*=\s*{}\s*;?\s*(?:\}}|$)",
            regex::escape(tracker),
            regex::escape(candidate)
        ))
        .expect("escaped names");
        let stored = store.is_match(c[4].trim())
            || lines
                .iter()
                .skip(i + 1)
                .take(2)
                .any(|n| store.is_match(n.trim()));
        // A maximum should take the candidate when it is larger; a minimum when smaller.
        if stored && candidate_is_less == is_max {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: op.to_string(),
                    idea: if is_max {
                        "A running maximum must take a new value when that value is *larger* than the maximum so far. With the comparison the other way round, it only ever takes smaller values, so it stays at its starting value or ends up holding a small one."
                    } else {
                        "A running minimum must take a new value when that value is *smaller* than the minimum so far. With the comparison the other way round, it only ever takes larger values, so it stays at its starting value or ends up holding a large one."
                    },
                    hint: format!("Read the condition on this line aloud: when does `{tracker}` take `{candidate}`, when it is larger or when it is smaller?"),
                    question: format!("Should `{tracker}` change when `{candidate}` is bigger than it, or when it is smaller?"),
                },
            ));
        }
    }
    out
}

/// `int count;` inside a function, then `count++` (or any read) before anything stores a value:
/// a C++ local starts with whatever was in that memory.
fn uninitialised_local(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(
        DECL,
        r"^\s+(?:int|long|long long|short|double|float|char|bool|unsigned|unsigned int|std::size_t|size_t)\s+([A-Za-z_]\w*)\s*;"
    );
    re!(OPENS_TYPE, r"^\s*(?:struct|class|union)\b");
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(c) = DECL.captures(l) else { continue };
        let name = &c[1];
        // A field of a struct or class is not a local: its opening line is the nearest one
        // above at a smaller indentation.
        let opener = (0..i)
            .rev()
            .find(|&j| !lines[j].trim().is_empty() && indent(lines[j]) < indent(l));
        if opener.is_some_and(|j| OPENS_TYPE.is_match(lines[j])) {
            continue;
        }
        let w = word(name);
        let Some(j) = (i + 1..lines.len()).find(|&j| w.is_match(lines[j])) else {
            continue;
        };
        let first = lines[j];
        let stores = Regex::new(&format!(
            r"(?:^|[^\w.])\s*{n}\s*=[^=]|>>\s*{n}\b|&\s*{n}\b|\bgetline\s*\([^,]*,\s*{n}\b",
            n = regex::escape(name)
        ))
        .expect("escaped name");
        if !stores.is_match(first) {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: ";".into(),
                    idea: "In C++ a local variable declared without a value (`int count;`) is not 0: it holds whatever happened to be in that memory, so `count++` or `count += ...` starts from garbage and the result changes from run to run. Give it a starting value where it is declared (`int count = 0;`).",
                    hint: format!("Look at how `{name}` is declared on this line: what value does it hold before the first `{name}` below changes it?"),
                    question: format!("What is in `{name}` right after this line, before anything is stored in it?"),
                },
            ));
        }
    }
    out
}

/// A function that returns nothing and changes one of its value parameters: the change is
/// made to the function's own copy, and the caller's variable keeps its old value.
fn parameter_copy(lang: Lang, lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(
        C_LIKE,
        r"^\s*(?:(?:public|private|protected|static|inline)\s+)*void\s+(\w+)\s*\(([^)]*)\)\s*\{?\s*$"
    );
    re!(PY_DEF, r"^\s*def\s+(\w+)\s*\(([^)]*)\)\s*:");
    re!(
        VALUE_TYPE,
        r"^(?:const\s+)?(?:int|long|short|double|float|char|bool|boolean|String|std::string|string|unsigned)\s+(\w+)$"
    );
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let (params, is_py): (Vec<String>, bool) = if lang == Lang::Python {
            let Some(c) = PY_DEF.captures(l) else {
                continue;
            };
            let ps = c[2]
                .split(',')
                .map(|p| p.split([':', '=']).next().unwrap_or("").trim().to_string())
                .filter(|p| !p.is_empty() && p != "self")
                .collect();
            (ps, true)
        } else {
            let Some(c) = C_LIKE.captures(l) else {
                continue;
            };
            let ps = c[2]
                .split(',')
                .filter_map(|p| {
                    VALUE_TYPE
                        .captures(p.trim())
                        .filter(|_| !p.contains("const"))
                        .map(|m| m[1].to_string())
                })
                .collect();
            (ps, false)
        };
        // The body: the lines indented deeper than the header, up to the first that is not.
        let body: Vec<&str> = lines[i + 1..]
            .iter()
            .take_while(|b| b.trim().is_empty() || indent(b) > indent(l))
            .copied()
            .collect();
        if is_py
            && body.iter().any(|b| {
                let t = b.trim_start();
                t.starts_with("return ") && t.trim() != "return"
                    || t.starts_with("global ")
                    || t.starts_with("nonlocal ")
            })
        {
            continue;
        }
        for p in params {
            let changed = Regex::new(&format!(
                r"^\s*{n}\s*(?:\+=|-=|\*=|/=|=[^=]|\+\+|--)|(?:\+\+|--){n}\b",
                n = regex::escape(&p)
            ))
            .expect("escaped name");
            // In Python `items += [...]` changes a list in place; only a new value bound to
            // the name (`score = ...`, `score += 10`) is lost, so lists are left out.
            let py_number_or_text = |b: &str| {
                !is_py || {
                    let rhs = b.split('=').nth(1).unwrap_or("").trim();
                    !rhs.starts_with('[') && !rhs.starts_with('{')
                }
            };
            if body
                .iter()
                .any(|b| changed.is_match(b) && py_number_or_text(b))
            {
                out.push((
                    i as u32 + 1,
                    Slip {
                        spot: p.clone(),
                        idea: match lang {
                            Lang::Cpp => "A parameter receives a copy of the caller's value (pass by value): changing it inside the function changes only that copy, and the caller's variable keeps its old value. Either return the new value and store it where the function is called, or take the parameter by reference (`int& score`) so the function works on the caller's variable itself.",
                            _ => "A parameter receives a copy of the caller's value: changing it inside the function changes only the function's own copy, and the caller's variable keeps its old value. Return the new value and store it where the function is called (`score = addBonus(score, ...)`).",
                        },
                        hint: format!("Look at what happens to `{p}` inside this function: does the caller's variable change too, or only the function's copy?"),
                        question: format!("After the call, where is the new value of `{p}`: in the caller's variable, or lost with the function's copy?"),
                    },
                ));
                break;
            }
        }
    }
    out
}

/// `for r in readings:` with `readings.remove(r)` inside: removing shifts the items left, so
/// the loop skips the one after each removed item.
fn changed_while_iterated(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(FOR_IN, r"^\s*for\s+\w+\s+in\s+(\w+)\s*:");
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(c) = FOR_IN.captures(l) else {
            continue;
        };
        let list = &c[1];
        let changes = Regex::new(&format!(
            r"\b{n}\.(?:remove|pop|insert|append)\(|\bdel\s+{n}\[",
            n = regex::escape(list)
        ))
        .expect("escaped name");
        let inside = lines[i + 1..]
            .iter()
            .take_while(|b| b.trim().is_empty() || indent(b) > indent(l));
        if inside.clone().any(|b| changes.is_match(b)) {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: format!("in {list}"),
                    idea: "Changing a list while a `for` loop walks over it confuses the loop: after a `remove`, every later item moves one place to the left, so the loop's next step skips the item that moved into the removed one's place. Loop over a copy (`for r in readings[:]`) or build a new list of the items to keep (`[r for r in readings if r >= 0]`).",
                    hint: format!("Follow the loop by hand when it removes an item from `{list}`: which item does the next step look at?"),
                    question: format!("When the loop removes an item from `{list}`, which item does it look at next, and which one did it skip?"),
                },
            ));
        }
    }
    out
}

/// `students = students.sort()`: the list methods that change a list in place return `None`.
fn none_stored(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(
        STORED,
        r"^\s*(\w+)\s*=\s*\w+\.(sort|append|reverse|extend|insert|remove|clear)\("
    );
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(c) = STORED.captures(l) else {
            continue;
        };
        let (name, method) = (&c[1], &c[2]);
        out.push((
            i as u32 + 1,
            Slip {
                spot: format!("{name} = "),
                idea: "List methods such as `sort()`, `append()` and `reverse()` change the list in place and return `None`. Storing their result (`names = names.sort()`) replaces the list with `None`. Call the method on its own line (`names.sort()`), or use `sorted(names)`, which returns a new sorted list.",
                hint: format!("What does `.{method}()` return? Print it on its own to see."),
                question: format!("After this line, what does `{name}` hold: the list, or what `.{method}()` returned?"),
            },
        ));
    }
    out
}

/// Two string literals on consecutive lines of a list with no comma between them: Python joins
/// them into one string, so the list has one item fewer.
fn strings_run_together(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(LONE_STRING, r#"^\s*(?:"[^"]*"|'[^']*')\s*$"#);
    re!(STARTS_STRING, r#"^\s*["']"#);
    let mut out = Vec::new();
    for i in 0..lines.len().saturating_sub(1) {
        let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
        if LONE_STRING.is_match(lines[i])
            && let Some(j) = next
            && STARTS_STRING.is_match(lines[j])
        {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: String::new(),
                    idea: "Two strings written next to each other with nothing between them are joined into one (`\"Ben\" \"Cleo\"` is `\"BenCleo\"`). In a list, a missing comma after an item therefore merges it with the next one, and the list has one item fewer.",
                    hint: "Look at the end of this line: what separates this item from the next one?".into(),
                    question: "How many items does Python see in this part of the list, and what is the item on this line joined with?".into(),
                },
            ));
        }
    }
    out
}

/// `a == b` where both are `String` variables: compares the objects, not the text.
fn java_strings_compared(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(STRING_VAR, r"\bString\s+(\w+)\s*[=;,)]");
    re!(COMPARED, r"\b(\w+)\s*[!=]=\s*(\w+)\b");
    let strings: Vec<String> = lines
        .iter()
        .flat_map(|l| STRING_VAR.captures_iter(l).map(|c| c[1].to_string()))
        .collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let both = COMPARED
            .captures_iter(l)
            .any(|c| strings.contains(&c[1].to_string()) && strings.contains(&c[2].to_string()));
        if both {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: "==".into(),
                    idea: "In Java `==` on two strings asks whether they are the same object in memory, not whether they hold the same text; a string built at run time (read, reversed, joined) is a new object even when its text is equal. Text is compared with `.equals(...)`.",
                    hint: "Look at how the two strings are compared on this line.".into(),
                    question: "Does `==` compare the text of two strings in Java, or something else?".into(),
                },
            ));
        }
    }
    out
}

/// `if (change == 0.30)`: a computed decimal compared exactly; binary fractions are rarely exact.
fn decimal_equality(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(
        EQ_DECIMAL,
        r"(?:[\w)\]]\s*[!=]==?\s*-?\d+\.\d+|-?\d+\.\d+\s*[!=]==?\s*[\w(])"
    );
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let condition = t.starts_with("if")
            || t.starts_with("while")
            || t.starts_with("} else if")
            || t.starts_with("elif");
        if condition && EQ_DECIMAL.is_match(l) {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: if l.contains("===") { "===".into() } else { "==".into() },
                    idea: "Decimal numbers are stored in binary and most of them only approximately (`0.1 + 0.2` is `0.30000000000000004`), so a computed value is rarely *exactly* equal to a decimal literal, even when it prints the same. Compare with a tolerance instead (`abs(a - b) < 0.001`), or count in whole units such as cents.",
                    hint: "Print the value with all its digits just before this line: is it exactly the number it is compared with?".into(),
                    question: "Is the value on the left of `==` exactly equal to the decimal on the right, to every digit?".into(),
                },
            ));
        }
    }
    out
}

/// A loop whose body returns on both branches of an `if`/`else`: it decides on its first item
/// and never looks at the rest.
fn decided_in_first_round(lang: Lang, lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(LOOP, r"^\s*(?:for|while)\b");
    re!(ELSE, r"^\s*(?:\}\s*)?else\b\s*(?:\{|:)?\s*$");
    re!(RETURNS, r"^\s*return\b");
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !LOOP.is_match(l) {
            continue;
        }
        let body: Vec<(usize, &str)> = lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .take_while(|(_, b)| {
                b.trim().is_empty()
                    || indent(b) > indent(l)
                    || (lang != Lang::Python && b.trim() == "{")
            })
            .map(|(j, b)| (j, *b))
            .collect();
        for (k, &(_, b)) in body.iter().enumerate() {
            if !ELSE.is_match(b) {
                continue;
            }
            // The `else` branch's first statement returns, and so does the branch above it.
            let next = body[k + 1..].iter().find(|(_, n)| !n.trim().is_empty());
            let before = body[..k]
                .iter()
                .rev()
                .find(|(_, n)| !n.trim().is_empty() && n.trim() != "}");
            if let (Some(&(rn, r)), Some((_, p))) = (next, before)
                && RETURNS.is_match(r)
                && RETURNS.is_match(p)
            {
                out.push((
                    rn as u32 + 1,
                    Slip {
                        spot: "return".into(),
                        idea: "A `return` ends the whole function at once. With a `return` in both the `if` and the `else` inside the loop, the function decides on the very first item and the loop never gets to the others. The answer that needs every item checked (\"no divisor found\", \"all passed\") belongs *after* the loop.",
                        hint: "Follow the loop by hand for its first item: does it ever reach the second one?".into(),
                        question: "How many times does this loop run before the function returns?".into(),
                    },
                ));
                break;
            }
        }
    }
    out
}

/// `"Total: " + apples + pears`: once the text is on the left, `+` joins text, so the numbers
/// are written side by side instead of added.
fn text_before_sum(lang: Lang, lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(JAVA_NUM, r"\b(?:int|long|double|float|short)\s+(\w+)\s*=");
    re!(JS_NUM, r"\b(?:let|const|var)\s+(\w+)\s*=\s*-?\d");
    re!(TEXT_THEN_TWO, r#""[^"]*"\s*\+\s*(\w+)\s*\+\s*(\w+)\b"#);
    let decl: &Regex = if lang == Lang::Java {
        &JAVA_NUM
    } else {
        &JS_NUM
    };
    let numbers: Vec<String> = lines
        .iter()
        .flat_map(|l| decl.captures_iter(l).map(|c| c[1].to_string()))
        .collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(c) = TEXT_THEN_TWO.captures(l) else {
            continue;
        };
        let rest = &l[c.get(0).map_or(0, |m| m.end())..];
        if numbers.contains(&c[1].to_string())
            && numbers.contains(&c[2].to_string())
            && !rest.trim_start().starts_with(['*', '/'])
        {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: format!("{} + {}", &c[1], &c[2]),
                    idea: "`+` works from left to right: `\"Total: \" + 12` is already the text `\"Total: 12\"`, and adding `5` to a text joins it, giving `\"Total: 125\"`. Numbers that should be added first go in parentheses: `\"Total: \" + (apples + pears)`.",
                    hint: "Work out this line from left to right: what is the first `+` joining, and what does the second one get?".into(),
                    question: format!("What is `\"Total: \" + {}` on its own, and what happens when you then add `{}` to it?", &c[1], &c[2]),
                },
            ));
        }
    }
    out
}

/// `for (const c in cups)` over an array: `in` gives the indexes, as strings.
fn for_in_over_array(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(
        FOR_IN,
        r"\bfor\s*\(\s*(?:const|let|var)\s+\w+\s+in\s+(\w+)\s*\)"
    );
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(c) = FOR_IN.captures(l) else {
            continue;
        };
        let arr = Regex::new(&format!(
            r"\b(?:const|let|var)\s+{}\s*=\s*\[",
            regex::escape(&c[1])
        ))
        .expect("escaped name");
        if lines.iter().any(|d| arr.is_match(d)) {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: "in".into(),
                    idea: "`for (x in array)` goes over the array's *indexes*, as strings (`\"0\"`, `\"1\"`, ...), not its items. `for (x of array)` goes over the items themselves.",
                    hint: "Log the loop variable inside the loop: is it an item, or a position?".into(),
                    question: "What values does the loop variable take on this line: the items, or `\"0\"`, `\"1\"`, ...?".into(),
                },
            ));
        }
    }
    out
}

/// `return` alone on its line: JavaScript ends the statement there and returns `undefined`.
fn bare_return(lines: &[&str]) -> Vec<(u32, Slip)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let next = lines.get(i + 1).map(|n| n.trim()).unwrap_or("");
        if l.trim() == "return" && !next.is_empty() && !next.starts_with('}') {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: "return".into(),
                    idea: "JavaScript ends a `return` at the end of its line when nothing follows it there, so the function returns `undefined` and the expression on the next line never runs. The value has to start on the same line as `return` (or an opening parenthesis must).",
                    hint: "Look at what is on the same line as this `return`.".into(),
                    question: "What does this `return` give back, when nothing follows it on its line?".into(),
                },
            ));
        }
    }
    out
}

/// `'a' + (c - 'A' + k)`: a letter shifted from one alphabet's start and put back on the
/// other's, so capitals come out as small letters (or the reverse).
fn mixed_letter_bases(lines: &[&str]) -> Vec<(u32, Slip)> {
    re!(SHIFT, r"'([aA])'\s*\+\s*\(?\s*\(?\s*\w+\s*-\s*'([aA])'");
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = SHIFT.captures(l)
            && c[1] != c[2]
        {
            out.push((
                i as u32 + 1,
                Slip {
                    spot: format!("'{}'", &c[1]),
                    idea: "A letter's position in the alphabet is found by subtracting the first letter of *its own* alphabet (`c - 'A'` for capitals), and the shifted letter is made by adding that same first letter back. Taking the position from `'A'` and adding it to `'a'` turns every capital into a small letter (and the other way round).",
                    hint: "Look at the two letters on this line: is the position taken from the same alphabet it is put back into?".into(),
                    question: "For the capital `'C'`, what does this line give: a capital letter or a small one?".into(),
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(lang: Lang, code: &str) -> Vec<u32> {
        slips(lang, code).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn a_case_without_break_falls_into_the_next_one() {
        let java = "switch (day) {\n    case 1:\n        name = \"Mon\";\n        break;\n    case 2:\n        name = \"Tue\";\n    case 3:\n        name = \"Wed\";\n        break;\n}\n";
        assert_eq!(found(Lang::Java, java), vec![6]);
        let fixed = java.replace("\"Tue\";\n", "\"Tue\";\n        break;\n");
        assert!(found(Lang::Java, &fixed).is_empty());
        let grouped = "switch (c) {\n    case 'a':\n    case 'e':\n        vowels++;\n        break;\n    default:\n        others++;\n}\n";
        assert!(
            found(Lang::Cpp, grouped).is_empty(),
            "shared cases and a last default are fine"
        );
    }

    #[test]
    fn a_running_maximum_on_the_wrong_comparison_is_a_slip() {
        let java =
            "for (int value : values) {\n    if (value < max) {\n        max = value;\n    }\n}\n";
        assert_eq!(found(Lang::Java, java), vec![2]);
        assert!(found(Lang::Java, &java.replace("value < max", "value > max")).is_empty());
        assert!(found(Lang::Java, &java.replace("value < max", "max < value")).is_empty());
        let py = "for t in temps:\n    if t > coldest:\n        coldest = t\n";
        assert_eq!(found(Lang::Python, py), vec![2]);
        assert!(found(Lang::Python, &py.replace("t > coldest", "t < coldest")).is_empty());
    }

    #[test]
    fn a_cpp_local_counted_up_from_no_value_is_a_slip() {
        let code = "int main() {\n    int hot;\n    for (int t : temps) {\n        if (t > 30) hot++;\n    }\n}\n";
        assert_eq!(found(Lang::Cpp, code), vec![2]);
        let read_in = "int main() {\n    int n;\n    std::cin >> n;\n    n++;\n}\n";
        assert!(found(Lang::Cpp, read_in).is_empty());
        let assigned = "int main() {\n    int hot;\n    hot = 0;\n}\n";
        assert!(found(Lang::Cpp, assigned).is_empty());
        let field = "struct Point {\n    int x;\n    int y;\n};\nint main() {\n    Point p{1, 2};\n    p.x++;\n}\n";
        assert!(found(Lang::Cpp, field).is_empty());
    }

    #[test]
    fn a_value_parameter_changed_in_a_void_function_is_a_slip() {
        let cpp = "void addBonus(int score, int seconds) {\n    if (seconds < 60) {\n        score += 10;\n    }\n}\n";
        assert_eq!(found(Lang::Cpp, cpp), vec![1]);
        assert!(found(Lang::Cpp, &cpp.replace("int score", "int& score")).is_empty());
        let py = "def add_bonus(score):\n    score += 10\n\nscore = 85\nadd_bonus(score)\n";
        assert_eq!(found(Lang::Python, py), vec![1]);
        let returned = py.replace("    score += 10\n", "    score += 10\n    return score\n");
        assert!(found(Lang::Python, &returned).is_empty());
        let list = "def add(items):\n    items += ['x']\n";
        assert!(
            found(Lang::Python, list).is_empty(),
            "a list is changed in place"
        );
    }

    #[test]
    fn python_list_slips_are_found() {
        let removing = "readings = [1, -2, -3, 4]\nfor r in readings:\n    if r < 0:\n        readings.remove(r)\n";
        assert_eq!(found(Lang::Python, removing), vec![2]);
        let copy = removing.replace("in readings:", "in readings[:]:");
        assert!(found(Lang::Python, &copy).is_empty());
        let sorted = "names = ['b', 'a']\nnames = names.sort()\nprint(names)\n";
        assert_eq!(found(Lang::Python, sorted), vec![2]);
        assert!(
            found(
                Lang::Python,
                &sorted.replace("names = names.sort()", "names.sort()")
            )
            .is_empty()
        );
        let joined = "players = [\n    \"Ana\",\n    \"Ben\"\n    \"Cleo\",\n]\n";
        assert_eq!(found(Lang::Python, joined), vec![3]);
        assert!(found(Lang::Python, &joined.replace("\"Ben\"\n", "\"Ben\",\n")).is_empty());
    }

    #[test]
    fn a_letter_shift_that_mixes_the_two_alphabets_is_a_slip() {
        let code = "if (c >= 'A' && c <= 'Z') {\n    c = 'a' + (c - 'A' + k) % 26;\n}\n";
        assert_eq!(found(Lang::Cpp, code), vec![2]);
        assert!(found(Lang::Cpp, &code.replace("'a' + (c", "'A' + (c")).is_empty());
    }

    #[test]
    fn classic_slips_of_the_second_split_are_found_and_fixed_code_is_left_alone() {
        let money =
            "double change = paid - price;\nif (change == 0.30) {\n    std::cout << \"ok\";\n}\n";
        assert_eq!(found(Lang::Cpp, money), vec![2]);
        assert!(
            found(
                Lang::Cpp,
                &money.replace("change == 0.30", "std::abs(change - 0.30) < 1e-9")
            )
            .is_empty()
        );
        let prime = "static boolean isPrime(int n) {\n    for (int d = 2; d < n; d++) {\n        if (n % d == 0) {\n            return false;\n        } else {\n            return true;\n        }\n    }\n    return true;\n}\n";
        assert_eq!(found(Lang::Java, prime), vec![6]);
        let after = "static boolean isPrime(int n) {\n    for (int d = 2; d < n; d++) {\n        if (n % d == 0) {\n            return false;\n        }\n    }\n    return true;\n}\n";
        assert!(found(Lang::Java, after).is_empty());
        let fruit =
            "int apples = 12;\nint pears = 5;\nSystem.out.println(\"Fruit: \" + apples + pears);\n";
        assert_eq!(found(Lang::Java, fruit), vec![3]);
        assert!(
            found(
                Lang::Java,
                &fruit.replace("+ apples + pears", "+ (apples + pears)")
            )
            .is_empty()
        );
        let cups =
            "const cups = [5, 8, 9];\nlet total = 0;\nfor (const c in cups) {\n  total += c;\n}\n";
        assert_eq!(found(Lang::Javascript, cups), vec![3]);
        assert!(found(Lang::Javascript, &cups.replace(" in cups", " of cups")).is_empty());
        let area = "function area(r) {\n  return\n    r.w * r.h;\n}\n";
        assert_eq!(found(Lang::Javascript, area), vec![2]);
        assert!(
            found(
                Lang::Javascript,
                &area.replace("return\n    r.w", "return r.w")
            )
            .is_empty()
        );
    }

    #[test]
    fn java_strings_compared_with_double_equals_are_a_slip() {
        let code = "String cleaned = s.trim();\nString reversed = new StringBuilder(cleaned).reverse().toString();\nreturn cleaned == reversed;\n";
        assert_eq!(found(Lang::Java, code), vec![3]);
        assert!(
            found(
                Lang::Java,
                &code.replace("cleaned == reversed", "cleaned.equals(reversed)")
            )
            .is_empty()
        );
        let ints = "int a = 1;\nint b = 2;\nboolean same = a == b;\n";
        assert!(found(Lang::Java, ints).is_empty());
    }
}
