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
    let t = token.map(|t| format!("`{t}`")).unwrap_or_else(|| "this".into());
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
            "`//` divides and throws away the decimals (`7 // 2` is `3`); `/` keeps them (`3.5`).".to_string(),
            "Should the result of this division keep its decimals?".to_string(),
        ),
        RepairKind::WrongOperator => (
            "The operator decides the calculation: one operator in place of another gives a result of the right shape but the wrong value.".to_string(),
            format!("Work this line out by hand with the values from your run: what should {t} do here?"),
        ),
        RepairKind::LogicalOperator => (
            "`and` is true only when both sides are true; `or` is true when at least one is. Mixing them up makes a condition far too strict or far too loose.".to_string(),
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
    };
    (idea, question)
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
    let (idea, question) = idea(fact.kind, token, lang);
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
        }
    }

    #[test]
    fn the_first_answer_names_kind_line_and_token_but_not_the_edit() {
        let code = "n = 0\nwhile n <= 3:\n    n += 1\n";
        let text = answer(Lang::Python, code, &fact(RepairKind::Boundary, Some("<=")), HintRung::Concept, false);
        assert!(text.contains("line 2"), "{text}");
        assert!(text.contains("`<=`"), "{text}");
        assert!(text.contains("boundary"), "{text}");
        assert!(!text.contains("while n < 3"), "{text}");
        assert!(!text.contains("___"), "{text}");
    }

    #[test]
    fn the_last_rung_blanks_the_token() {
        let code = "n = 0\nwhile n <= 3:\n    n += 1\n";
        let text = answer(Lang::Python, code, &fact(RepairKind::Boundary, Some("<=")), HintRung::PartialCode, false);
        assert!(text.contains("while n ___ 3:"), "{text}");
        assert!(!text.contains("while n < 3"), "{text}");
    }

    #[test]
    fn a_moved_line_is_about_its_place() {
        let code = "for x in xs:\n    print(x)\n";
        let text = answer(Lang::Python, code, &fact(RepairKind::OutOfLoop, None), HintRung::PointedHint, true);
        assert!(text.contains("indentation"), "{text}");
        assert!(text.contains("fails a test"), "{text}");
    }
}
