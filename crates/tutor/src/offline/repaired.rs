//! Answers from a [`RepairFact`]: the server found a small edit that makes the program do what
//! was expected, so the line and the kind are known, not guessed. The answer names both, gives
//! the idea behind the kind, and asks about the exact token; the pointed rung says which token
//! to look at, the last rung shows the line with that token blanked. The edit itself is never
//! shown: the learner makes it.

use std::fmt::Write as _;

use crate::context::{HintRung, Lang};
use crate::facts::repair::{RepairFact, RepairKind};

/// What to say about a kind: the idea, and the question that leads to the change.
fn idea(kind: RepairKind, token: Option<&str>, lang: Lang) -> (String, String) {
    let t = token
        .map(|t| format!("`{t}`"))
        .unwrap_or_else(|| "this".into());
    let (idea, question) = match kind {
        RepairKind::Boundary => (
            "`<` leaves the limit itself out and `<=` takes it in (the same for `>` and `>=`). When a loop or a check is wrong only at the edge, by one value, the comparison at the boundary is usually the reason.".to_string(),
            format!("Should the value exactly at the limit count on this line? Try the comparison {t} by hand with that one value."),
        ),
        RepairKind::ReversedComparison => (
            "A comparison pointing the wrong way checks the opposite of what you mean: `a < b` is true exactly when `a > b` is not (apart from equal values).".to_string(),
            format!("Read {t} aloud with real numbers from your run: is it true when you want it to be?"),
        ),
        RepairKind::NegatedCondition => (
            "`==` is true when the two values are equal, `!=` when they differ; using one for the other runs the branch in exactly the wrong cases.".to_string(),
            format!("In which case should this branch run? Check {t} with one value where it should and one where it should not."),
        ),
        RepairKind::OffByOne => (
            match lang {
                Lang::Python => "A count, a bound or a position one too high or one too low is the commonest slip there is. `range(a, b)` stops *before* `b`, and the last index of a list of `n` items is `n - 1`.".to_string(),
                _ => "A count, a bound or a position one too high or one too low is the commonest slip there is: check where a loop starts and where it stops.".to_string(),
            },
            format!("Which is the last value this should reach, and does {t} give exactly that? Write down the values it takes."),
        ),
        RepairKind::IntegerDivision => (
            "In Python, `/` always gives a decimal number (`7 / 2` is `3.5`, and even `6 / 2` is `3.0`); `//` divides and keeps only the whole part.".to_string(),
            "Do you want a whole number or a decimal from this division?".to_string(),
        ),
        RepairKind::FloorDivision => (
            match lang {
                Lang::Java | Lang::Cpp => "Dividing two whole numbers (`int / int`) is integer division: the decimals are cut off (`7 / 2` is `3`), even when the result is stored in a `double`. Only when one side is already a decimal number does the division keep them.".to_string(),
                _ => "`//` divides and throws away the decimals (`7 // 2` is `3`); `/`, the normal division, keeps them (`3.5`).".to_string(),
            },
            "Should the result of this division keep its decimals?".to_string(),
        ),
        RepairKind::WrongOperator => (
            "The operator decides the calculation: one operator in place of another gives a result of the right shape but the wrong value.".to_string(),
            format!("Work this line out by hand with the values from your run: what should {t} do here?"),
        ),
        RepairKind::LogicalOperator => (
            match lang {
                Lang::Python => "`and` is true only when both sides are true; `or` is true when at least one is. Mixing them up makes a condition far too strict or far too loose.".to_string(),
                _ => "`&&` is true only when both sides are true; `||` is true when at least one is. Mixing them up makes a condition far too strict or far too loose: with `&&`, a value can never be below one limit and above a higher one at the same time.".to_string(),
            },
            format!("Should this condition need both parts, or just one of them? Look at {t}."),
        ),
        RepairKind::AccumulatorOverwritten => (
            "Inside a loop, `total = x` replaces what was there on every pass, so only the last value survives; `total += x` adds to it.".to_string(),
            "Should this line replace the value it stores, or add to what is already there?".to_string(),
        ),
        RepairKind::WrongCompoundOperator => (
            "`+=` adds to a variable, `-=` takes away, and `=` replaces it: each pass of the loop applies the one you wrote.".to_string(),
            format!("On each pass, should the value grow, shrink or be replaced? Compare with {t}."),
        ),
        RepairKind::IntoLoop => (
            match lang {
                Lang::Python => "In Python the indentation decides what belongs to a loop: a line at the same indentation as the `for`/`while` runs once, after the loop has finished.".to_string(),
                _ => "A line after the loop's closing brace runs once, after the loop has finished.".to_string(),
            },
            "Should this line run once at the end, or on every pass of the loop?".to_string(),
        ),
        RepairKind::OutOfLoop => (
            match lang {
                Lang::Python => "In Python the indentation decides what belongs to a block: an indented line under a `for`, `while` or `if` runs every time that block runs, not once after it.".to_string(),
                _ => "A line inside the loop's braces runs on every pass, not once after the loop.".to_string(),
            },
            "Should this line run on every pass, or only once after the loop (or the `if`) is done?".to_string(),
        ),
        RepairKind::ResetInsideLoop => (
            "A starting value set inside the loop is set again on every pass, so whatever the earlier passes collected is thrown away.".to_string(),
            "How many times should this starting value be set: once, or on every pass?".to_string(),
        ),
        RepairKind::InputNotConverted => (
            match lang {
                Lang::Javascript => "What a program reads (a line of input, a piece of `split`) is text, even when it holds digits: `\"3\" + \"4\"` is `\"34\"`, and text compares letter by letter (`\"10\" < \"9\"`). Text becomes a number with `Number(...)`.".to_string(),
                _ => "What a program reads (`input()`, a piece of `split()`) is text, even when it holds digits: `\"3\" + \"4\"` is `\"34\"`, and comparing text with numbers does not do what it looks like. Text becomes a number with `int(...)` or `float(...)`.".to_string(),
            },
            "Where does this value come from, and is it text or a number at this point?".to_string(),
        ),
        RepairKind::IntTruncates => (
            match lang {
                Lang::Javascript => "`parseInt(...)` reads only the whole part (`parseInt(\"2.5\")` is `2`); `parseFloat(...)` or `Number(...)` keep the decimals.".to_string(),
                _ => "`int(...)` cuts off everything after the decimal point (`int(\"2.5\")` even fails, and `int(2.9)` is `2`); `float(...)` keeps the decimals.".to_string(),
            },
            "Can this value have decimals? If it can, what keeps them?".to_string(),
        ),
        RepairKind::WrongVariable => (
            "With several variables holding similar things (a count and a total, an index and an item), using one where the other was meant gives a wrong value and no error.".to_string(),
            format!("Which value is meant here? Print the variables on this line and check whether {t} is the one you want."),
        ),
        RepairKind::IfInsteadOfElif => (
            match lang {
                Lang::Python => "A new `if` starts a new, separate check: it is tested even when the branch above already ran. `elif` (\"else if\") continues the same chain, so only one branch of it runs.".to_string(),
                _ => "A new `if` starts a new, separate check: it is tested even when the branch above already ran. `else if` continues the same chain, so only one branch of it runs.".to_string(),
            },
            "For one value, how many of these branches should run: one, or possibly several?".to_string(),
        ),
        RepairKind::ChecksInWrongOrder => (
            "An `if`/`elif` chain stops at the first condition that is true. When an earlier check is wider than a later one (`>= 50` before `>= 90`), the later branch can never be reached.".to_string(),
            "Take a value meant for the later branch: which condition catches it first?".to_string(),
        ),
        RepairKind::CaseOrSpaces => (
            "Text is compared exactly, letter by letter: `\"Yes\"`, `\"yes\"` and `\"yes \"` are three different texts. What the user types often has capitals or spaces you did not plan for.".to_string(),
            "What exactly does the text on the left hold when the user types their answer? Could its case or spaces differ?".to_string(),
        ),
        RepairKind::ForInOf => (
            "`for (const x in list)` gives the *positions* (as text: \"0\", \"1\", …); `for (const x of list)` gives the *items* themselves.".to_string(),
            "Do you want the positions or the items here? Print `x` inside the loop to see which you get.".to_string(),
        ),
        RepairKind::ReturnOnItsOwnLine => (
            "JavaScript ends a `return` at the end of its line when nothing follows on that line: the value on the next line is never returned, and the function gives `undefined`.".to_string(),
            "What does the function return when `return` is the last word on its line?".to_string(),
        ),
        RepairKind::DotForBracket => (
            "`obj.name` always looks up the key literally called \"name\"; `obj[name]` looks up the key whose name is stored in the variable `name`.".to_string(),
            format!("Which key do you want: the one literally called {t}, or the one held in that variable?"),
        ),
        RepairKind::PrintInsteadOfReturn => (
            "`print` shows a value on the screen; it does not give it back. The function then returns `None`, and whoever called it gets nothing to work with.".to_string(),
            "Should this function show the value, or hand it back to the line that called it?".to_string(),
        ),
        RepairKind::MissingReturn => (
            "A function gives back only what it `return`s; a result computed inside it and never returned is lost, and the call gives `None`.".to_string(),
            "What does the line that calls this function receive from it?".to_string(),
        ),
        RepairKind::RoundedTooEarly => (
            "Rounding (or cutting to a whole number) throws the decimals away; done too early, every later calculation works with the rounded value.".to_string(),
            format!("Are the decimals still needed after {t}?"),
        ),
        RepairKind::AssignedNone => (
            "List methods such as `append`, `sort` and `reverse` change the list itself and return `None`; `x = x.append(y)` replaces your list with `None`.".to_string(),
            "What does this method return, and what does the variable hold after this line?".to_string(),
        ),
        RepairKind::ResultNotKept => (
            "Strings never change in place: `name.upper()` returns a new string and does not change `name`, so the result must be stored (or used) right there.".to_string(),
            "After this line, what does the variable hold: the changed text or the original?".to_string(),
        ),
        RepairKind::AssignmentInCondition => (
            "A single `=` assigns: `if (count = 0)` sets `count` to 0 and then tests that value, so the condition is the same every time. Comparing needs `===`.".to_string(),
            "Does this condition compare `count` with a value, or change it?".to_string(),
        ),
        RepairKind::SwappedOperands => (
            "A subtraction is not symmetric: `a - b` and `b - a` have opposite signs, so a sort comparator written one way sorts ascending and the other way descending.".to_string(),
            format!("Which order do you want, and which way round should the two sides of {t} be for it?"),
        ),
        RepairKind::SplitOnOneSpace => (
            match lang {
                Lang::Javascript => "`split(\" \")` cuts at every single space, so two spaces in a row give an empty piece `\"\"`; splitting on runs of whitespace (`split(/\\s+/)` after `trim()`) gives only the words.".to_string(),
                _ => "`split(\" \")` cuts at every single space, so two spaces in a row (or a space at the end) give empty pieces `''`; `split()` with no argument splits on any run of whitespace and gives only the words.".to_string(),
            },
            "What pieces do you get from a line with two spaces between words?".to_string(),
        ),
    };
    (idea, question)
}

/// A next step in words, for kinds where a token swap is not the natural question.
fn next_step(kind: RepairKind, lang: Lang, n: u32) -> Option<String> {
    let s = match kind {
        RepairKind::ResultNotKept => "store the result: assign what the method returns back to the variable (or to a new one), then use that.".to_string(),
        RepairKind::AssignedNone => "call the method on its own line and keep using the list, without assigning what the method returns.".to_string(),
        RepairKind::PrintInsteadOfReturn => "make the function `return` the value instead of printing it, and print where you call it.".to_string(),
        RepairKind::MissingReturn => "add a `return` of the result at the end of the function.".to_string(),
        RepairKind::CaseOrSpaces => match lang {
            Lang::Javascript => "compare a cleaned-up copy of the text: lower-case it with `toLowerCase()` (and `trim()` the spaces) before the comparison.".to_string(),
            _ => "compare a cleaned-up copy of the text: lower-case it with `.lower()` (and `.strip()` the spaces) before the comparison.".to_string(),
        },
        RepairKind::ReturnOnItsOwnLine => "put the value on the same line as `return`.".to_string(),
        RepairKind::InputNotConverted => match lang {
            Lang::Javascript => "convert the text to a number with `Number(...)` where it is read, before calculating or comparing with it.".to_string(),
            _ => "convert the text to a number with `int(...)` (or `float(...)`) where it is read, before calculating with it.".to_string(),
        },
        RepairKind::IntoLoop => format!("indent line {n} into the loop body, so it runs on every pass."),
        RepairKind::OutOfLoop => format!("move line {n} out of the block (one level less indented, or after the closing brace), so it runs once, after it."),
        RepairKind::ResetInsideLoop => format!("set the starting value on line {n} once, before the loop begins."),
        RepairKind::ChecksInWrongOrder => "put the narrower check first, so every value reaches the branch meant for it.".to_string(),
        RepairKind::AccumulatorOverwritten => "add to the running value (`+=`) instead of replacing it.".to_string(),
        RepairKind::FloorDivision if matches!(lang, Lang::Java | Lang::Cpp) => "make one side of the division a decimal number before dividing (a cast to `double`), then run it again.".to_string(),
        _ => return None,
    };
    Some(s)
}

/// The answer on `rung` (already lifted: a first answer gets the idea).
pub fn answer(lang: Lang, code: &str, fact: &RepairFact, rung: HintRung, in_test: bool) -> String {
    let n = fact.line;
    let line = code
        .lines()
        .nth(n.saturating_sub(1) as usize)
        .unwrap_or("")
        .trim();
    let token = fact.token.as_deref().filter(|t| line.contains(*t));
    let mut s = String::new();
    let context = if in_test {
        "the program fails a test with no error message"
    } else {
        "the program runs but prints something other than you expected"
    };
    let _ = write!(s, "**{}** on **line {n}**: {context}.", fact.kind.name());
    let (mut idea, mut question) = idea(fact.kind, token, lang);
    // At a boundary, the value at the limit is the one to try: the other side of the comparison.
    if fact.kind == RepairKind::Boundary
        && let Some(t) = token
        && let Some(p) = line.find(t)
    {
        let limit: String = line[p + t.len()..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        if !limit.is_empty() {
            question = format!(
                "What should happen at exactly {limit}? Try the comparison `{t}` by hand with that one value."
            );
        }
    }
    let loop_start = fact.kind == RepairKind::OffByOne
        && fact.replacement.as_deref() == Some("0")
        && line.trim_start().starts_with("for");
    if loop_start {
        idea.push_str(" The first item of a list or a string is at index 0, so a loop over all of them starts from 0.");
    }
    let where_ = match (fact.kind, token) {
        (RepairKind::IntoLoop | RepairKind::OutOfLoop | RepairKind::ResetInsideLoop, _) => {
            " Where this line stands decides how often it runs.".to_string()
        }
        (_, Some(t)) => format!(" The part to look at is `{t}`."),
        _ => String::new(),
    };
    s.push_str(&where_);
    s.push_str("\n\n");
    if !line.is_empty() {
        let _ = write!(s, "> line {n}: `{}`\n\n", line.replace('`', "'"));
    }
    if rung >= HintRung::Concept {
        let _ = write!(s, "**The idea:** {idea}\n\n");
        match (
            next_step(fact.kind, lang, n),
            token,
            fact.replacement.as_deref(),
        ) {
            (Some(step), _, _) => {
                let _ = write!(s, "**Next step:** {step}\n\n");
            }
            (None, Some(t), Some(r)) if line.contains(t) => {
                let _ = write!(
                    s,
                    "**Next step:** what happens if `{t}` on line {n} becomes `{r}`? Change it and run again.\n\n"
                );
            }
            _ => {}
        }
    }
    if rung >= HintRung::PointedHint {
        match (fact.kind, token) {
            (RepairKind::IntoLoop | RepairKind::OutOfLoop | RepairKind::ResetInsideLoop, _) => {
                let _ = write!(
                    s,
                    "**Hint:** The change is not in what line {n} says but in where it stands: its indentation (or its place before or after the loop).\n\n"
                );
            }
            (_, Some(t)) => {
                let _ = write!(
                    s,
                    "**Hint:** Only `{t}` on line {n} needs to change; everything else on that line can stay.\n\n"
                );
            }
            _ => {
                let _ = write!(s, "**Hint:** One small change on line {n} is enough.\n\n");
            }
        }
    }
    if rung >= HintRung::PartialCode
        && let Some(t) = token
        && let Some(pos) = line.find(t)
    {
        let blanked = format!("{}___{}", &line[..pos], &line[pos + t.len()..]);
        let _ = write!(
            s,
            "**Fill in the blank:**\n\n```{}\n{blanked}\n```\n\n",
            lang.id()
        );
    }
    let _ = write!(s, "**Question:** {question}");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(kind: RepairKind, token: Option<&str>) -> RepairFact {
        RepairFact {
            line: 2,
            kind,
            from: "while n <= 3:".into(),
            to: "while n < 3:".into(),
            token: token.map(str::to_string),
            replacement: token.map(|_| "<".to_string()),
        }
    }

    #[test]
    fn the_first_answer_names_kind_line_and_token_but_not_the_edit() {
        let code = "n = 0\nwhile n <= 3:\n    n += 1\n";
        let text = answer(
            Lang::Python,
            code,
            &fact(RepairKind::Boundary, Some("<=")),
            HintRung::Concept,
            false,
        );
        assert!(text.contains("line 2"), "{text}");
        assert!(text.contains("`<=`"), "{text}");
        assert!(text.contains("boundary"), "{text}");
        assert!(!text.contains("while n < 3"), "{text}");
        assert!(!text.contains("___"), "{text}");
    }

    #[test]
    fn a_compiled_language_gets_its_own_words_for_division_and_logic() {
        let code = "class A {\n    double avg = sum / n;\n}\n";
        let division = RepairFact {
            line: 2,
            kind: RepairKind::FloorDivision,
            from: "double avg = sum / n;".into(),
            to: "double avg = 1.0 * sum / n;".into(),
            token: Some("sum".into()),
            replacement: None,
        };
        let text = answer(Lang::Java, code, &division, HintRung::Concept, false);
        assert!(text.contains("int / int"), "{text}");
        assert!(!text.contains("//"), "no Python operator: {text}");
        assert!(!text.contains("1.0 * sum"), "never the edit: {text}");
        let py = answer(Lang::Python, code, &division, HintRung::Concept, false);
        assert!(py.contains("`//`"), "{py}");
        let logic = answer(
            Lang::Cpp,
            "int main() {\n    if (x < 0 && x > 9) {}\n}\n",
            &RepairFact {
                line: 2,
                kind: RepairKind::LogicalOperator,
                from: "if (x < 0 && x > 9) {}".into(),
                to: "if (x < 0 || x > 9) {}".into(),
                token: Some("&&".into()),
                replacement: Some("||".into()),
            },
            HintRung::Concept,
            false,
        );
        assert!(
            logic.contains("`&&`") && !logic.contains("`and`"),
            "{logic}"
        );
    }

    #[test]
    fn the_last_rung_blanks_the_token() {
        let code = "n = 0\nwhile n <= 3:\n    n += 1\n";
        let text = answer(
            Lang::Python,
            code,
            &fact(RepairKind::Boundary, Some("<=")),
            HintRung::PartialCode,
            false,
        );
        assert!(text.contains("while n ___ 3:"), "{text}");
        assert!(!text.contains("while n < 3"), "{text}");
    }

    #[test]
    fn a_moved_line_is_about_its_place() {
        let code = "for x in xs:\n    print(x)\n";
        let text = answer(
            Lang::Python,
            code,
            &fact(RepairKind::OutOfLoop, None),
            HintRung::PointedHint,
            true,
        );
        assert!(text.contains("indentation"), "{text}");
        assert!(text.contains("fails a test"), "{text}");
    }
}
