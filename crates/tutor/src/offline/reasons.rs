//! The words for a bug that sits away from the reported line (see [`crate::facts::bug`]): what
//! happened, the idea, where to look and the one question, for each reason.

use crate::context::Lang;
use crate::facts::bug::{BugLine, BugReason};

/// The texts for one bug reason. `replaces_kb` is true when the error message's usual
/// explanation would be wrong (an `else if` is not a missing colon).
pub struct ReasonText {
    pub what: String,
    pub concept: String,
    pub hint: String,
    pub question: String,
    pub replaces_kb: bool,
    /// The error kind to name instead of the message's, when the message misleads.
    pub kind: Option<&'static str>,
}

pub fn text(lang: Lang, bug: &BugLine, reported: Option<u32>) -> ReasonText {
    let m = bug.line;
    let at_reported = match reported {
        Some(r) if r != m => format!(
            "The error is reported on line {r}, but that is only where the compiler noticed. "
        ),
        _ => String::new(),
    };
    let spot = bug.spot.as_deref().unwrap_or("");
    match &bug.reason {
        BugReason::UnclosedBlock => ReasonText {
            what: format!(
                "{at_reported}The real cause is on **line {m}**: the `{{` there opens a block that is never closed with its own `}}`, so everything after it is read as part of that block."
            ),
            concept: "Every `{` opens a block that needs a matching `}`. When one is missing, the compiler only notices much later (at the next function or at the end of the file), so the line in the message is not where the mistake is. Lining up each `}` under the line that opened its block shows which one is missing.".into(),
            hint: format!("Look at the block that starts on line {m} and find the line where it should end: which `}}` belongs to it?"),
            question: format!("Where should the block opened on line {m} end, and is there a `}}` there?"),
            replaces_kb: true,
            kind: Some("missing closing brace"),
        },
        BugReason::ElseIf => ReasonText {
            what: format!(
                "On **line {m}** you wrote `{spot}`. Python does not have `else if`: after `else` it expects a colon straight away, which is why it complains here."
            ),
            concept: "Python chains extra conditions with its own keyword, `elif`, which is short for \"else if\". A plain `else:` takes no condition at all.".into(),
            hint: format!("The two words `{spot}` on line {m} must become Python's single keyword for \"else if\"."),
            question: "Which keyword does Python use for a second condition after an `if`?".into(),
            replaces_kb: true,
            kind: Some("SyntaxError (`else if` is not Python)"),
        },
        BugReason::AssignedLater { name } => ReasonText {
            what: format!(
                "`{name}` gets its value on **line {m}**, but the line that reads it runs before that (or the assignment sits in a branch that did not run)."
            ),
            concept: "A program runs from top to bottom: a name exists only after the line that assigns it has run. An assignment inside an `if` happens only when that condition is true.".into(),
            hint: format!("Compare the order: where is `{name}` read, and where, on line {m}, is it first given a value?"),
            question: format!("At the moment `{name}` is read, has line {m} already run?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::LoopBound => ReasonText {
            what: format!(
                "The index comes from the loop on **line {m}**, and its bound `{spot}` lets it go one step past the last position: an off-by-one error, because the last valid index is one less than the length."
            ),
            concept: match lang {
                Lang::Python => "Positions in a list or string go from 0 to `len(...) - 1`; `range(n)` already stops before `n`. Going up to the length itself is one step too far.".into(),
                _ => "Positions go from 0 to length − 1. A loop that runs while `i <= length` (or up to `length + 1`) reaches one position past the end.".into(),
            },
            hint: format!("Look at the bound `{spot}` in the loop header on line {m}: what is the last value the index takes?"),
            question: format!("In the loop on line {m}, what is the last value of the index, and what is the last valid position?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::HeaderRow { word } => ReasonText {
            what: if word.is_empty() {
                format!("The loop on **line {m}** also converts the first line of the input, which is a header with column names, not data.")
            } else {
                format!("The text `{word}` is a column name: the loop on **line {m}** also converts the first (header) line of the input, not only the data lines.")
            },
            concept: "Input files often start with a header line that names the columns. Converting that line as a number fails; the data starts on the next line, so the header has to be skipped.".into(),
            hint: format!("Look at what the loop on line {m} goes over (`{}`): does it start at the header or at the first data line?", if spot.is_empty() { "its input" } else { spot }),
            question: format!("What is on the very first line the loop on line {m} reads, and should it be converted?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::Shadowed { name } => ReasonText {
            what: format!(
                "The cause is on **line {m}**: it makes `{name}` a variable, and from then on the name `{name}` means that value. It hides the built-in function `{name}()`, so the later call tries to call a value that is no longer the function."
            ),
            concept: "A variable with the same name as a function (`sum`, `max`, `list`, `input`, or one of your own) replaces it: after the assignment the name refers to your value, not to the function. A variable needs a name of its own: rename it to a different name, and the function works again.".into(),
            hint: format!("Give the variable on line {m} a different name of its own, and use that name wherever it means the count."),
            question: format!("After line {m} runs, what does the name `{name}` refer to: the function, or your value?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::InputIsText { name } => ReasonText {
            what: format!(
                "`{name}` comes from `input()` on **line {m}**, and `input()` always returns a string (text), even when the learner types digits. So `{name}` is a str, not a number."
            ),
            concept: "`input()` returns a string, always. To do arithmetic or compare with a number, convert the text first with `int(...)` or `float(...)`.".into(),
            hint: format!("Convert the text that `input()` returns on line {m} into a number before `{name}` is used as one."),
            question: format!("What type does `input()` return on line {m}, and what type does the comparison need?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::ComputedHere { name } => ReasonText {
            what: format!(
                "The zero comes from **line {m}**, where `{name}` is computed{}.",
                if spot == "//" { ": floor division `//` rounds down, so a result below 1 becomes 0" } else { "" }
            ),
            concept: "When a value is wrong where it is used, the mistake is usually where it was computed. Floor division (`//`) rounds down to a whole number: `5 // 10` is 0.".into(),
            hint: format!("Print `{name}` right after line {m} (`print({name})`) and work that line out by hand with your values."),
            question: format!("What is the value of `{name}` right after line {m} runs?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::BaseCase { function } => ReasonText {
            what: format!(
                "`{function}` calls itself, and the only thing that stops it is the base case on **line {m}**{}. For some arguments that condition is never true, so the calls never stop.",
                if spot.is_empty() { String::new() } else { format!(" (`{spot}`)") }
            ),
            concept: "Recursion needs a base case that every chain of calls reaches: each call must bring the argument closer to the base case. If the argument can step past the value the base case checks for (start at 0 when it waits for 1, or go negative), the function calls itself forever, until the stack runs out. Trace the calls by hand for the smallest values to see which one never stops.".into(),
            hint: format!("Follow `{function}` by hand for the smallest value your program calls it with (try 0): does the condition on line {m} ever become true?"),
            question: format!("What happens when `{function}` is called with 0: is the base case on line {m} ever reached?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::DeclaredInBlock { name } => ReasonText {
            what: format!(
                "`{name}` is declared on **line {m}**, inside a block (the `{{ }}` of a loop or an `if`). A variable only exists inside the block it is declared in, so after that block's `}}` the line that uses it cannot see it: it is out of scope."
            ),
            concept: "A variable's scope is the block it is declared in, from its declaration to that block's closing `}`. To use a value after a loop or an `if`, declare the variable before the block starts (outside the loop), give it a starting value there, and only assign to it inside.".into(),
            hint: format!("Move where `{name}` is declared: it has to be declared before the block that starts near line {m}, so that it still exists after that block ends."),
            question: format!("Where does the block that line {m} is in end, and is the line that uses `{name}` inside or outside it?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::DeclaredWithoutValue { name } => ReasonText {
            what: format!(
                "`{name}` is declared on **line {m}** without a starting value, and on the first pass nothing has been assigned to it yet when it is read."
            ),
            concept: "Java will not read a local variable that might not have been initialized. A variable that keeps a best-so-far value (the smallest, the largest) needs a starting value that the first comparison can use: the first value of the data, or a value every real one beats.".into(),
            hint: format!("Give `{name}` a starting value on line {m}: which value should the first comparison be made against?"),
            question: format!("What should `{name}` hold before the loop looks at the first value?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::ChainWithoutElse => ReasonText {
            what: format!(
                "The compiler cannot be sure every path returns a value: the `if` / `else if` chain ends on **line {m}** with another condition, and when none of the conditions is true the method falls off its end without a `return`."
            ),
            concept: "Java checks that every path through a method that returns a value ends in a `return`. It does not work out that your conditions cover every case; only a final plain `else` (one without a condition), or a `return` after the whole `if`, covers all paths.".into(),
            hint: format!("Look at the last branch, on line {m}: does it need its condition, or is it the case left over when all the others are false?"),
            question: "If none of the conditions in the chain is true, which `return` runs?".into(),
            replaces_kb: false,
            kind: None,
        },
        BugReason::MissingComma => ReasonText {
            what: format!(
                "The line reported is fine; the line before it, **line {m}**, ends without the comma that separates one entry from the next, so the two run together."
            ),
            concept: "In a list of entries (an object's properties, an array's items, a dictionary's pairs) every entry is separated from the next by a comma; only the last one may go without. A missing comma is reported on the line after it, where the next entry begins.".into(),
            hint: format!("Look at the very end of line {m}: what separates it from the entry on the next line?"),
            question: format!("What character should come at the end of line {m}, between this entry and the next?"),
            replaces_kb: false,
            kind: Some("missing comma"),
        },
        BugReason::LookupMissed { name, method } if lang == Lang::Java => ReasonText {
            what: format!(
                "`{name}.{method}(...)` on **line {m}** returns `null` when the key is not in the map, and a `null` cannot become an `int`. Keys must match exactly: they are case sensitive, so `\"Pears\"` and `\"pears\"` are different keys."
            ),
            concept: "A `Map` answers `get(key)` with the value stored under exactly that key, or with `null` when there is no entry for it. Before using the value, check that the key is there (`containsKey`), or ask for a default with `getOrDefault`; and make sure the key is spelled the way it was put in (same case).".into(),
            hint: format!("On line {m}: print the key and the map's keys (`System.out.println({name}.keySet())`): is the key you ask for really in the map?"),
            question: format!("Which keys does `{name}` hold, and is the key asked for on line {m} exactly one of them?"),
            replaces_kb: false,
            kind: Some("NullPointerException (the key is not in the map)"),
        },
        BugReason::LookupMissed { name, method } => ReasonText {
            what: format!(
                "`{name}` comes from the `{method}` on **line {m}**, which gives `undefined` when no item matches, and nothing checks whether it found one. Comparisons with `===` are case sensitive: `\"Banana\"` does not match `\"banana\"`."
            ),
            concept: format!("`array.find(...)` returns the first item for which the test is true, or `undefined` when none is found (a `Map`'s `get` does the same for a missing key). Reading a property of that `undefined` throws. Check whether something was found (`if (!{name})`) before using it, and compare text in the same case (`toLowerCase()` on both sides)."),
            hint: format!("On line {m}: log `{name}` right after it (`console.log({name})`) and look at what the test inside `{method}` compares."),
            question: format!("Which item should the `{method}` on line {m} find, and does its test really match it, letter case included?"),
            replaces_kb: false,
            kind: Some("TypeError (the lookup found nothing)"),
        },
        BugReason::EmptyContainer { name } => ReasonText {
            what: format!(
                "`{name}` is declared empty on **line {m}**: a vector made without a size has no elements at all (its size is 0), and nothing adds any before it is indexed, so every `{name}[i]` is a position that does not exist."
            ),
            concept: "A `std::vector` declared without a size is empty. `v[i]` never creates an element; it only reads or writes one that is already there, and past the end it touches memory the vector does not own. Elements are added with `push_back`, or room is made by giving the size when the vector is created.".into(),
            hint: format!("Look at how `{name}` is created on line {m}: how many elements does it have when the loop starts writing into it?"),
            question: format!("What is `{name}.size()` right after line {m}, and which positions can `{name}[i]` then use?"),
            replaces_kb: false,
            kind: None,
        },
        BugReason::Smell { what } => ReasonText {
            what: format!("The cause is on **line {m}**: {what}."),
            concept: what.clone(),
            hint: format!("Look at line {m}."),
            question: format!("What does line {m} really do?"),
            replaces_kb: false,
            kind: None,
        },
    }
}

/// The learner's bug line with the spot blanked, plus, for an unclosed block, the lines up to
/// where its `}` should be.
pub fn partial(lang: Lang, code: &str, bug: &BugLine) -> Option<String> {
    let lines: Vec<&str> = code.lines().collect();
    let i = bug.line.checked_sub(1)? as usize;
    let text = *lines.get(i)?;
    let c = lang.comment();
    let body = match &bug.reason {
        BugReason::UnclosedBlock => {
            let ind = text.chars().take_while(|c| c.is_whitespace()).count();
            let mut out = vec![format!(
                "{}   {c} line {}: this block opens here",
                text.trim_end(),
                bug.line
            )];
            for l in lines.iter().skip(i + 1).take(8) {
                let li = l.chars().take_while(|c| c.is_whitespace()).count();
                if !l.trim().is_empty() && li <= ind {
                    break;
                }
                out.push(l.trim_end().to_string());
            }
            out.push(format!(
                "{}___   {c} what ends the block from line {}?",
                " ".repeat(ind),
                bug.line
            ));
            out.join("\n")
        }
        _ => {
            let spot = bug
                .spot
                .as_deref()
                .filter(|s| !s.is_empty() && text.contains(*s));
            match spot {
                Some(s) => format!(
                    "{}   {c} line {}: what belongs in ___ ?",
                    text.replacen(s, "___", 1).trim_end(),
                    bug.line
                ),
                None => format!(
                    "{}   {c} line {}: the change goes on this line",
                    text.trim_end(),
                    bug.line
                ),
            }
        }
    };
    Some(format!(
        "In your own code, the spot to work on:\n\n```{}\n{body}\n```\n\n",
        lang.fence()
    ))
}
