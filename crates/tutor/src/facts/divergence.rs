//! The first divergence between the learner's run and the reference solution's run on the same
//! (failing) test: the first variable, shared by name, whose sequence of values parts from the
//! reference's, or else the first output line that differs. Only the learner's side is located
//! (their line, their locals); the reference's code is never looked at, only its trace.

use std::collections::BTreeSet;

use super::{Divergence, DivergenceKind, TraceFacts, output::compare_output};

/// A variable's successive distinct values, each with the index of the step where it was first
/// seen. A JavaScript `let x;` or a hoisted `var` shows `undefined` until its first assignment:
/// that is "no value yet" (Python has no such state, the name is simply absent), so leading
/// `undefined`s are skipped and `let total; total = 0` matches a reference's `let total = 0`.
/// Reprs are compared as text: both runs come from the same language's tracer, which quotes a
/// given string the same way every time (`'abc'`, or `"it's"` in JavaScript).
fn history<'a>(t: &'a TraceFacts, name: &str) -> Vec<(usize, &'a str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    for (i, s) in t.steps.iter().enumerate() {
        if let Some(v) = s.locals.get(name)
            && !(out.is_empty() && v == "undefined")
            && out.last().is_none_or(|(_, last)| *last != v.as_str())
        {
            out.push((i, v.as_str()));
        }
    }
    out
}

/// The line whose execution produced the state seen at step `i`: the step before it.
fn producing_line(t: &TraceFacts, i: usize) -> Option<u32> {
    t.steps
        .get(i.saturating_sub(1))
        .or(t.steps.get(i))
        .map(|s| s.line)
}

/// Finds where the learner's run first differs from the reference's. `learner_stdout` and
/// `expected_stdout` are the two programs' full outputs on the test, when known.
pub fn first_divergence(
    learner: &TraceFacts,
    reference: &TraceFacts,
    learner_stdout: Option<&str>,
    expected_stdout: Option<&str>,
) -> Option<Divergence> {
    let names = |t: &TraceFacts| -> BTreeSet<String> {
        t.steps
            .iter()
            .flat_map(|s| s.locals.keys().cloned())
            .collect()
    };
    let shared: Vec<String> = names(learner)
        .intersection(&names(reference))
        .cloned()
        .collect();
    // (learner step index, divergence) of the earliest variable that parts ways.
    let mut earliest: Option<(usize, Divergence)> = None;
    for name in &shared {
        let mine = history(learner, name);
        let theirs = history(reference, name);
        let parted = mine
            .iter()
            .zip(theirs.iter())
            .position(|((_, a), (_, b))| a != b);
        let found = match parted {
            Some(j) => {
                let (step, value) = mine[j];
                Some((
                    step,
                    Divergence {
                        kind: DivergenceKind::Variable,
                        line: producing_line(learner, step),
                        output_line: None,
                        actual: Some(value.to_string()),
                        expected: Some(theirs[j].1.to_string()),
                        variable: Some(name.clone()),
                        locals: learner.steps[step].locals.clone(),
                        iterations: None,
                    },
                ))
            }
            None if mine.len() != theirs.len() && !mine.is_empty() && !learner.truncated => {
                // Same values, but one run went on further: a loop ran too often or too rarely.
                let step = if mine.len() > theirs.len() {
                    mine[theirs.len()].0
                } else {
                    mine.last().map(|(s, _)| *s).unwrap_or(0)
                };
                Some((
                    step,
                    Divergence {
                        kind: DivergenceKind::LoopCount,
                        line: producing_line(learner, step),
                        output_line: None,
                        actual: mine.last().map(|(_, v)| v.to_string()),
                        expected: theirs.last().map(|(_, v)| v.to_string()),
                        variable: Some(name.clone()),
                        locals: learner.steps[step].locals.clone(),
                        iterations: Some((mine.len(), theirs.len())),
                    },
                ))
            }
            None => None,
        };
        if let Some((step, d)) = found
            && earliest.as_ref().is_none_or(|(s, _)| step < *s)
        {
            earliest = Some((step, d));
        }
    }
    let output = match (learner_stdout, expected_stdout) {
        (Some(a), Some(e)) => compare_output(e, a),
        _ => None,
    };
    let output_div = output.map(|d| {
        let printed_at = learner.steps.iter().position(|s| {
            s.stdout.lines().count() >= d.line_no
                && (s.stdout.ends_with('\n') || s.stdout.lines().count() > d.line_no)
        });
        let kind = match (&d.actual, &d.expected) {
            (None, _) => DivergenceKind::MissingOutput,
            (_, None) => DivergenceKind::ExtraOutput,
            _ => DivergenceKind::Output,
        };
        let step = printed_at.unwrap_or(learner.steps.len());
        (
            step,
            Divergence {
                kind,
                line: printed_at.and_then(|i| producing_line(learner, i)),
                output_line: Some(d.line_no),
                actual: d.actual,
                expected: d.expected,
                variable: None,
                locals: printed_at
                    .and_then(|i| learner.steps.get(i.saturating_sub(1)))
                    .map(|s| s.locals.clone())
                    .unwrap_or_default(),
                iterations: None,
            },
        )
    });
    match (earliest, output_div) {
        // A variable that went wrong before the first wrong output is closer to the cause.
        (Some((vs, v)), Some((os, _))) if vs <= os => Some(v),
        (_, Some((_, o))) => Some(o),
        (Some((_, v)), None) => Some(v),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::facts::TraceStep;

    type Step<'a> = (u32, &'a [(&'a str, &'a str)], &'a str);

    fn trace(steps: &[Step<'_>]) -> TraceFacts {
        TraceFacts {
            steps: steps
                .iter()
                .map(|(line, locals, out)| TraceStep {
                    line: *line,
                    function: None,
                    locals: locals
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect::<BTreeMap<_, _>>(),
                    stdout: out.to_string(),
                })
                .collect(),
            truncated: false,
            exception: None,
        }
    }

    #[test]
    fn the_first_variable_that_takes_a_different_value_is_named_on_the_learners_line() {
        // total = 0; for n in [2, 3]: total += n * n (learner) vs total += n (reference)
        let learner = trace(&[
            (1, &[], ""),
            (2, &[("total", "0")], ""),
            (3, &[("total", "0"), ("n", "2")], ""),
            (2, &[("total", "4"), ("n", "2")], ""),
            (4, &[("total", "13"), ("n", "3")], ""),
        ]);
        let reference = trace(&[
            (1, &[], ""),
            (2, &[("total", "0")], ""),
            (3, &[("total", "0"), ("x", "2"), ("n", "2")], ""),
            (2, &[("total", "2"), ("n", "2")], ""),
            (7, &[("total", "5"), ("n", "3")], ""),
        ]);
        let d = first_divergence(&learner, &reference, Some("13\n"), Some("5\n")).unwrap();
        assert_eq!(d.kind, DivergenceKind::Variable);
        assert_eq!(d.variable.as_deref(), Some("total"));
        assert_eq!(
            (d.actual.as_deref(), d.expected.as_deref()),
            (Some("4"), Some("2"))
        );
        assert_eq!(
            d.line,
            Some(3),
            "the line that ran just before the wrong value appeared"
        );
    }

    #[test]
    fn with_no_shared_variable_the_first_wrong_output_line_is_used() {
        let learner = trace(&[
            (1, &[("a", "1")], ""),
            (2, &[("a", "1")], "1\n"),
            (3, &[], "1\n3\n"),
        ]);
        let reference = trace(&[(1, &[("b", "1")], ""), (2, &[], "1\n4\n")]);
        let d = first_divergence(&learner, &reference, Some("1\n3\n"), Some("1\n4\n")).unwrap();
        assert_eq!(d.kind, DivergenceKind::Output);
        assert_eq!((d.output_line, d.line), (Some(2), Some(2)));
    }

    #[test]
    fn a_javascript_variable_declared_before_its_value_does_not_part_at_the_declaration() {
        // let total; total = 0; for (…) total += n (learner: n * n) vs let total = 0; …
        let learner = trace(&[
            (1, &[], ""),
            (2, &[("total", "undefined")], ""),
            (3, &[("total", "0")], ""),
            (4, &[("total", "0"), ("n", "2")], ""),
            (3, &[("total", "4"), ("n", "2")], ""),
        ]);
        let reference = trace(&[
            (1, &[], ""),
            (2, &[("total", "0")], ""),
            (3, &[("total", "0"), ("n", "2")], ""),
            (2, &[("total", "2"), ("n", "2")], ""),
        ]);
        let d = first_divergence(&learner, &reference, None, None).unwrap();
        assert_eq!(d.variable.as_deref(), Some("total"));
        assert_eq!(
            (d.actual.as_deref(), d.expected.as_deref(), d.line),
            (Some("4"), Some("2"), Some(4))
        );
        // A value that becomes undefined later (a function that forgot to return) still counts.
        let learner = trace(&[
            (1, &[("word", "'abc'")], ""),
            (2, &[("word", "undefined")], ""),
        ]);
        let reference = trace(&[(1, &[("word", "'abc'")], ""), (2, &[("word", "'ABC'")], "")]);
        let d = first_divergence(&learner, &reference, None, None).unwrap();
        assert_eq!(
            (d.actual.as_deref(), d.expected.as_deref()),
            (Some("undefined"), Some("'ABC'"))
        );
    }

    #[test]
    fn a_loop_that_runs_once_too_often_is_a_loop_count_divergence() {
        let learner = trace(&[
            (2, &[("i", "0")], ""),
            (3, &[("i", "1")], ""),
            (3, &[("i", "2")], ""),
            (3, &[("i", "3")], ""),
        ]);
        let reference = trace(&[
            (2, &[("i", "0")], ""),
            (3, &[("i", "1")], ""),
            (3, &[("i", "2")], ""),
        ]);
        let d = first_divergence(&learner, &reference, None, None).unwrap();
        assert_eq!(d.kind, DivergenceKind::LoopCount);
        assert_eq!(d.iterations, Some((4, 3)));
    }
}
