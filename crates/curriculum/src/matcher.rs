//! Output comparison for exercise tests: the `match` modes of `tests.toml`.
//!
//! Modes are lenient where learners legitimately differ (trailing spaces, a missing final newline,
//! `2.50` versus `2.5`) so that tests accept every valid answer, and strict everywhere else.

use regex::Regex;
use serde::{Deserialize, Serialize};

/// How a test compares the program's stdout with `expected`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Line by line, ignoring trailing whitespace on each line and trailing blank lines.
    #[default]
    Lines,
    /// Byte for byte.
    Exact,
    /// The same whitespace-separated tokens.
    Tokens,
    /// `expected` occurs somewhere in the output.
    Contains,
    /// `expected` is a regex that must match the whole output (trailing whitespace removed).
    Regex,
    /// Tokens, where tokens that both parse as numbers may differ by 1e-6 (absolute or relative).
    Number,
}

const NUMBER_TOLERANCE: f64 = 1e-6;

/// Whether `actual` (the program's stdout) satisfies `expected` under `mode`.
/// An invalid regex never matches; the validator reports it before content ships.
pub fn output_matches(mode: MatchMode, expected: &str, actual: &str) -> bool {
    match mode {
        MatchMode::Lines => normalised_lines(expected) == normalised_lines(actual),
        MatchMode::Exact => expected == actual,
        MatchMode::Tokens => expected.split_whitespace().eq(actual.split_whitespace()),
        MatchMode::Contains => actual.contains(expected),
        MatchMode::Regex => match whole_output_regex(expected) {
            Ok(re) => re.is_match(actual.trim_end()),
            Err(_) => false,
        },
        MatchMode::Number => {
            let mut want = expected.split_whitespace();
            let mut got = actual.split_whitespace();
            loop {
                match (want.next(), got.next()) {
                    (None, None) => return true,
                    (Some(w), Some(g)) if tokens_equal_as_numbers(w, g) => {}
                    _ => return false,
                }
            }
        }
    }
}

/// Compiles a `regex`-mode pattern anchored to the whole output.
pub fn whole_output_regex(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&format!(r"\A(?:{pattern})\z"))
}

fn normalised_lines(text: &str) -> Vec<&str> {
    // `lines()` already drops a final "\n" and strips "\r" before it; trim_end covers both.
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

fn tokens_equal_as_numbers(want: &str, got: &str) -> bool {
    if want == got {
        return true;
    }
    match (want.parse::<f64>(), got.parse::<f64>()) {
        (Ok(w), Ok(g)) if w.is_finite() && g.is_finite() => {
            let diff = (w - g).abs();
            diff <= NUMBER_TOLERANCE || diff <= NUMBER_TOLERANCE * w.abs().max(g.abs())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lines_ignores_trailing_spaces_and_a_missing_final_newline() {
        assert!(output_matches(MatchMode::Lines, "a\nb\n", "a  \nb"));
        assert!(output_matches(MatchMode::Lines, "a\nb\n", "a\r\nb\r\n\n\n"));
    }

    #[test]
    fn lines_keeps_leading_spaces_and_inner_blank_lines_significant() {
        assert!(!output_matches(MatchMode::Lines, "a\nb\n", " a\nb\n"));
        assert!(!output_matches(MatchMode::Lines, "a\nb\n", "a\n\nb\n"));
        assert!(!output_matches(MatchMode::Lines, "a\n", ""));
    }

    #[test]
    fn exact_rejects_a_missing_newline() {
        assert!(output_matches(MatchMode::Exact, "ok\n", "ok\n"));
        assert!(!output_matches(MatchMode::Exact, "ok\n", "ok"));
    }

    #[test]
    fn tokens_ignore_how_whitespace_is_laid_out() {
        assert!(output_matches(MatchMode::Tokens, "1 2 3", "1\n2\t 3\n"));
        assert!(!output_matches(MatchMode::Tokens, "1 2 3", "1 2"));
        assert!(!output_matches(MatchMode::Tokens, "1 2 3", "1 2 3 4"));
    }

    #[test]
    fn contains_finds_a_substring_anywhere() {
        assert!(output_matches(
            MatchMode::Contains,
            "42",
            "The answer is 42.\n"
        ));
        assert!(!output_matches(
            MatchMode::Contains,
            "43",
            "The answer is 42.\n"
        ));
    }

    #[test]
    fn regex_must_match_the_whole_output() {
        assert!(output_matches(
            MatchMode::Regex,
            r"Total: \d+",
            "Total: 17\n"
        ));
        assert!(!output_matches(
            MatchMode::Regex,
            r"Total: \d+",
            "Total: 17 apples\n"
        ));
        assert!(!output_matches(MatchMode::Regex, r"\d+", "x 17"));
    }

    #[test]
    fn an_invalid_regex_never_matches() {
        assert!(!output_matches(MatchMode::Regex, "(", "("));
    }

    #[test]
    fn number_accepts_equivalent_spellings_and_tiny_float_error() {
        assert!(output_matches(MatchMode::Number, "2.5 3", "2.50\n3.0\n"));
        assert!(output_matches(
            MatchMode::Number,
            "0.3",
            "0.30000000000000004"
        ));
        assert!(output_matches(
            MatchMode::Number,
            "average 2.5",
            "average 2.5000001"
        ));
        assert!(!output_matches(MatchMode::Number, "2.5", "2.6"));
        assert!(!output_matches(
            MatchMode::Number,
            "average 2.5",
            "mean 2.5"
        ));
        assert!(!output_matches(MatchMode::Number, "nan", "NaN"));
    }

    fn line_text() -> impl Strategy<Value = String> {
        // Lines that end in a visible character, so trailing whitespace is what we add.
        "[ -~]{0,12}[!-~]"
    }

    proptest! {
        #[test]
        fn lines_ignores_any_trailing_whitespace_on_any_line(
            lines in proptest::collection::vec(line_text(), 0..6),
            pads in proptest::collection::vec("[ \t]{0,3}", 6),
            trailing_newlines in 0usize..4,
        ) {
            let expected = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
            let mut actual = lines
                .iter()
                .zip(&pads)
                .map(|(l, p)| format!("{l}{p}"))
                .collect::<Vec<_>>()
                .join("\n");
            actual.push_str(&"\n".repeat(trailing_newlines));
            prop_assert!(output_matches(MatchMode::Lines, &expected, &actual));
        }

        #[test]
        fn lines_notices_any_changed_visible_character(
            lines in proptest::collection::vec(line_text(), 1..6),
            which in any::<proptest::sample::Index>(),
        ) {
            let expected = lines.join("\n");
            let mut changed = lines.clone();
            let i = which.index(changed.len());
            changed[i].push('#');
            prop_assert!(!output_matches(MatchMode::Lines, &expected, &changed.join("\n")));
        }

        #[test]
        fn every_mode_accepts_the_expected_output_itself(text in "[a-z0-9 \n]{0,40}") {
            for mode in [MatchMode::Lines, MatchMode::Exact, MatchMode::Tokens, MatchMode::Contains, MatchMode::Number] {
                prop_assert!(output_matches(mode, &text, &text), "{mode:?}");
            }
        }

        #[test]
        fn tokens_ignores_any_whitespace_between_tokens(
            tokens in proptest::collection::vec("[a-z0-9]{1,5}", 0..8),
            seps in proptest::collection::vec("[ \t\n]{1,3}", 8),
        ) {
            let expected = tokens.join(" ");
            let actual: String = tokens.iter().zip(&seps).map(|(t, s)| format!("{s}{t}")).collect();
            prop_assert!(output_matches(MatchMode::Tokens, &expected, &actual));
        }

        #[test]
        fn number_accepts_any_float_printed_with_rounding(x in -1e6f64..1e6) {
            let expected = format!("{x}");
            let actual = format!("{x:.9}");
            prop_assert!(output_matches(MatchMode::Number, &expected, &actual));
        }
    }
}
