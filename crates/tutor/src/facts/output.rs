//! Wrong output with no error: compare what the program printed with what was expected, find the
//! first line that differs, and find the statement that printed it (from a trace when there is
//! one, otherwise from the print statements in the code) and the line that computed its value.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::TraceFacts;
use crate::context::Lang;

/// What the learner said they saw and wanted ("it prints 2 but I expected 2.5").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expectation {
    pub actual: Option<String>,
    pub expected: Option<String>,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid regex"));
    };
}

/// A value as a learner writes it in a sentence: quoted, back-ticked, or one bare token.
const VALUE: &str = r#"(?:`(?P<{n}q>[^`]+)`|"(?P<{n}d>[^"]+)"|'(?P<{n}s>[^']+)'|(?P<{n}w>[^\s,;!?]+(?:\s+[^\s,;!?]+)?))"#;

fn value(n: &str) -> String {
    VALUE.replace("{n}", n)
}

static EXPECT_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let a = value("a");
    let e = value("e");
    [
        // it prints X but I expected Y / it shows X, but it should be Y
        format!(r"(?i)\b(?:prints?|printed|shows?|showed|outputs?|gives?|gave|returns?|returned|got|get|says?)\s*:?\s+{a}\s*,?\s*(?:but|when|while|whereas|and)\s+(?:i\s+)?(?:expected|expect|wanted|want|it\s+should\s+(?:print|be|show|say|give|return)|should\s+(?:print|be|show|give|return)|was\s+expecting|am\s+expecting)\s*:?\s+{e}"),
        // expected Y but got X
        format!(r"(?i)\b(?:expected|wanted|should\s+(?:print|be|show|give|return))\s*:?\s+{e}\s*,?\s*(?:but|and)\s+(?:it\s+|i\s+)?(?:prints?|printed|shows?|showed|outputs?|gives?|gave|returns?|returned|got|get|says?)\s*:?\s+{a}"),
        // prints X instead of Y
        format!(r"(?i)\b(?:prints?|printed|shows?|outputs?|gives?|returns?|got|get)\s*:?\s+{a}\s+instead\s+of\s+{e}"),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid regex"))
    .collect()
});

fn pick(c: &regex::Captures<'_>, n: &str) -> Option<String> {
    ["q", "d", "s", "w"]
        .iter()
        .find_map(|k| c.name(&format!("{n}{k}")))
        .map(|m| m.as_str().trim().trim_end_matches(['.', ',']).to_string())
        .filter(|s| !s.is_empty())
}

/// Reads "it prints X but I expected Y" (and its usual variants) out of a question.
pub fn parse_expectation(question: &str) -> Option<Expectation> {
    EXPECT_PATTERNS.iter().find_map(|re| {
        let c = re.captures(question)?;
        let e = Expectation {
            actual: pick(&c, "a"),
            expected: pick(&c, "e"),
        };
        (e.actual.is_some() || e.expected.is_some()).then_some(e)
    })
}

/// The first output line that is not what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputDiff {
    /// 1-based line number in the output.
    pub line_no: usize,
    /// What the program printed there (None: it printed nothing more).
    pub actual: Option<String>,
    /// What should be there (None: nothing more was expected).
    pub expected: Option<String>,
    /// When the expected line is missing: an output line like it (made by the same statement).
    pub near: Option<String>,
}

/// Compares full outputs line by line, ignoring trailing spaces and a final newline.
pub fn compare_output(expected: &str, actual: &str) -> Option<OutputDiff> {
    let e: Vec<&str> = expected.trim_end().lines().map(str::trim_end).collect();
    let a: Vec<&str> = actual.trim_end().lines().map(str::trim_end).collect();
    let n = e.len().max(a.len());
    (0..n).find(|&i| e.get(i) != a.get(i)).map(|i| OutputDiff {
        line_no: i + 1,
        actual: a.get(i).map(|s| s.to_string()),
        expected: e.get(i).map(|s| s.to_string()),
        near: None,
    })
}

/// Finds the wrong line from whatever is known: the full expected output, or a fragment of the
/// wrong value the learner named ("it prints 2"), inside the program's real output.
pub fn locate_wrong_line(
    stdout: Option<&str>,
    expected: Option<&str>,
    actual_fragment: Option<&str>,
) -> Option<OutputDiff> {
    let out = stdout.unwrap_or("");
    if let Some(exp) = expected
        && !out.trim().is_empty()
    {
        // A full expected output (several lines, or one that starts like the output).
        let exp_lines = exp.trim_end().lines().count();
        let out_lines = out.trim_end().lines().count();
        if (exp_lines > 1 || out_lines == 1)
            && let Some(d) = compare_output(exp, out)
        {
            return Some(d);
        }
    }
    if let Some(exp) = expected.filter(|e| e.trim().lines().count() == 1)
        && !out.trim().is_empty()
    {
        // One expected line against a whole output: the output line most like it is the
        // wrong one; none alike means the line is missing.
        let e = exp.trim();
        let lines: Vec<&str> = out.lines().collect();
        if lines.iter().any(|l| l.trim() == e) && actual_fragment.is_none() {
            return None;
        }
        let alike: Vec<(f64, usize)> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.trim() != e)
            .map(|(i, l)| (similarity(l.trim(), e), i))
            .filter(|(sim, _)| *sim >= 0.5)
            .collect();
        let best = alike.iter().copied().max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            // One line like it: that line is the wrong one.
            Some((_, i)) if alike.len() == 1 => {
                return Some(OutputDiff {
                    line_no: i + 1,
                    actual: Some(lines[i].trim_end().to_string()),
                    expected: Some(e.to_string()),
                    near: None,
                });
            }
            // A family of lines like it (a loop's output): the expected one is missing.
            Some((_, i)) if actual_fragment.is_none() => {
                return Some(OutputDiff {
                    line_no: 0,
                    actual: None,
                    expected: Some(e.to_string()),
                    near: Some(lines[i].trim_end().to_string()),
                });
            }
            None if actual_fragment.is_none() => {
                return Some(OutputDiff {
                    line_no: 0,
                    actual: None,
                    expected: Some(e.to_string()),
                    near: None,
                });
            }
            _ => {}
        }
    }
    if let Some(frag) = actual_fragment.filter(|f| !f.trim().is_empty()) {
        let lines: Vec<&str> = out.lines().collect();
        if let Some(i) = lines.iter().position(|l| contains_token(l, frag)) {
            return Some(OutputDiff {
                line_no: i + 1,
                actual: Some(lines[i].trim_end().to_string()),
                expected: expected.map(str::to_string),
                near: None,
            });
        }
        return Some(OutputDiff {
            line_no: 0,
            actual: Some(frag.to_string()),
            expected: expected.map(str::to_string),
            near: None,
        });
    }
    None
}

/// How alike two output lines are: the share of the longer one's words (and the shorter's
/// leading text) they have in common, from 0 to 1.
fn similarity(a: &str, b: &str) -> f64 {
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let common = wa.iter().filter(|w| wb.contains(w)).count();
    let words = common as f64 / wa.len().max(wb.len()) as f64;
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let prefix = prefix as f64 / a.chars().count().max(b.chars().count()) as f64;
    words.max(prefix)
}

fn contains_token(line: &str, frag: &str) -> bool {
    let frag = frag.trim();
    let mut from = 0;
    while let Some(i) = line[from..].find(frag) {
        let start = from + i;
        let end = start + frag.len();
        let before = line[..start].chars().next_back();
        let after = line[end..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '.');
        if edge(before) && edge(after) {
            return true;
        }
        from = start + frag.len().max(1);
        if from >= line.len() {
            break;
        }
    }
    false
}

/// Where a wrong output line came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintSite {
    /// The statement that printed it.
    pub line: u32,
    /// The learner's locals when it ran (from a trace).
    pub locals: BTreeMap<String, String>,
    /// The names in the printed expression.
    pub names: Vec<String>,
    /// The line that last assigned the printed value before the print (the likely bug), when
    /// the print itself only shows a variable.
    pub origin: Option<u32>,
    /// Found from a trace (certain) rather than from the code (a guess).
    pub traced: bool,
}

re!(
    PRINT,
    r"\b(?:print\s*\(|console\.(?:log|info)\s*\(|System\.out\.(?:println|print|printf)\s*\(|(?:std::)?cout\s*<<|printf\s*\(|process\.stdout\.write\s*\()"
);
re!(
    STRING_LIT,
    r#""((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`"#
);
re!(IDENT, r"[A-Za-z_]\w*");
re!(FORMAT_HOLE, r"\{[^{}]*\}|\$\{[^{}]*\}|%[-\d.]*[sdfi]");

const NOT_NAMES: &[&str] = &[
    "print",
    "console",
    "log",
    "System",
    "out",
    "println",
    "printf",
    "std",
    "cout",
    "endl",
    "str",
    "int",
    "float",
    "len",
    "round",
    "format",
    "f",
    "sep",
    "end",
    "true",
    "false",
    "True",
    "False",
    "None",
    "null",
    "undefined",
    "String",
    "Math",
    "toFixed",
    "join",
    "map",
    "process",
    "stdout",
    "write",
    "setprecision",
    "fixed",
    "info",
];

/// Finds the print statement behind `diff`: from the trace (the step after which the wrong line
/// appeared), else by matching the printed text against each print statement's literal parts.
pub fn print_site(
    lang: Lang,
    code: &str,
    diff: &OutputDiff,
    trace: Option<&TraceFacts>,
) -> Option<PrintSite> {
    let lines: Vec<&str> = code.lines().collect();
    if let Some(t) = trace
        && diff.line_no > 0
        && let Some((line, locals)) = traced_print(t, diff.line_no)
    {
        let text = lines.get(line as usize - 1).copied().unwrap_or("");
        let names = printed_names(text);
        let origin = origin_of(&lines, line, &names);
        return Some(PrintSite {
            line,
            locals,
            names,
            origin,
            traced: true,
        });
    }
    let _ = lang;
    let prints: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| PRINT.is_match(l) && !is_comment(l))
        .map(|(i, _)| i)
        .collect();
    if prints.is_empty() {
        return None;
    }
    let actual = diff
        .actual
        .as_deref()
        .or(diff.near.as_deref())
        .or(diff.expected.as_deref())
        .unwrap_or("");
    let mut best: Option<(i64, usize)> = None;
    for (k, &i) in prints.iter().enumerate() {
        let lits = literal_parts(lines[i]);
        let mut score: i64 = 0;
        let mut misses = 0;
        for lit in &lits {
            if actual.contains(lit.as_str()) {
                score += lit.len() as i64 * 2;
            } else {
                misses += 1;
            }
        }
        if misses > 0 && !lits.is_empty() && score == 0 {
            score -= 50;
        }
        score -= misses * 5;
        if !printed_names(lines[i]).is_empty() {
            score += 3;
        }
        // With as many prints as output lines and no loop, the n-th print made the n-th line.
        if k + 1 == diff.line_no {
            score += 2;
        }
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    let (_, i) = best?;
    let line = i as u32 + 1;
    let names = printed_names(lines[i]);
    let origin = origin_of(&lines, line, &names);
    Some(PrintSite {
        line,
        locals: BTreeMap::new(),
        names,
        origin,
        traced: false,
    })
}

fn is_comment(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with('#') || t.starts_with("//")
}

/// The step after which the `n`-th output line was complete: its predecessor is the print.
fn traced_print(t: &TraceFacts, n: usize) -> Option<(u32, BTreeMap<String, String>)> {
    let has = |s: &str| s.lines().count() >= n && (s.ends_with('\n') || s.lines().count() > n);
    let k = t.steps.iter().position(|s| has(&s.stdout))?;
    let step = if k > 0 { &t.steps[k - 1] } else { &t.steps[k] };
    Some((step.line, step.locals.clone()))
}

fn literal_parts(line: &str) -> Vec<String> {
    STRING_LIT
        .captures_iter(line)
        .flat_map(|c| {
            let s = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .map(|m| m.as_str())
                .unwrap_or("");
            FORMAT_HOLE
                .split(&s.replace("\\n", ""))
                .map(|p| p.trim().to_string())
                .filter(|p| p.len() >= 2)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Names read by a print statement: outside string literals, plus those inside f-string and
/// template holes.
pub fn printed_names(line: &str) -> Vec<String> {
    let Some(m) = PRINT.find(line) else {
        return Vec::new();
    };
    let rest = &line[m.end()..];
    let mut names = Vec::new();
    let mut push = |n: &str| {
        if !NOT_NAMES.contains(&n) && !names.iter().any(|x: &String| x == n) {
            names.push(n.to_string());
        }
    };
    for c in STRING_LIT.captures_iter(rest) {
        let whole = c.get(0).map(|m| m.as_str()).unwrap_or("");
        for hole in FORMAT_HOLE.find_iter(whole) {
            let h = hole.as_str();
            if h.starts_with('{') || h.starts_with("${") {
                let inner = h.trim_start_matches('$').trim_matches(['{', '}']);
                let inner = inner.split(':').next().unwrap_or("");
                for id in IDENT.find_iter(inner) {
                    push(id.as_str());
                }
            }
        }
    }
    let outside = STRING_LIT.replace_all(rest, "\"\"");
    for id in IDENT.find_iter(&outside) {
        let after = &outside[id.end()..];
        // A method call's name (`.toFixed(`) is not a value.
        let before = outside[..id.start()].chars().next_back();
        if before == Some('.') {
            continue;
        }
        let _ = after;
        push(id.as_str());
    }
    names
}

/// The last line before `print_line` that assigns one of `names` (by text; a guess at where the
/// printed value was computed).
fn origin_of(lines: &[&str], print_line: u32, names: &[String]) -> Option<u32> {
    let upto = (print_line as usize).saturating_sub(1).min(lines.len());
    for name in names {
        let assign = Regex::new(&format!(
            r"(?:^|[^\w.])(?:(?:let|const|var|int|long|double|float|auto|String|string|bool|boolean|char)\s+)?{}\s*(?:[-+*/%]|//)?=[^=]",
            regex::escape(name)
        ))
        .ok()?;
        if let Some(i) = (0..upto)
            .rev()
            .find(|&i| assign.is_match(lines[i]) && !is_comment(lines[i]))
        {
            return Some(i as u32 + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::TraceStep;

    #[test]
    fn the_usual_ways_of_saying_what_was_expected_are_understood() {
        let e = parse_expectation("It prints 2 but I expected 2.5").unwrap();
        assert_eq!(
            (e.actual.as_deref(), e.expected.as_deref()),
            (Some("2"), Some("2.5"))
        );
        let e = parse_expectation("expected `Hello, Ada!` but got `Hello, !`").unwrap();
        assert_eq!(
            (e.actual.as_deref(), e.expected.as_deref()),
            (Some("Hello, !"), Some("Hello, Ada!"))
        );
        let e = parse_expectation("why does it print \"9\" instead of \"10\"?").unwrap();
        assert_eq!(
            (e.actual.as_deref(), e.expected.as_deref()),
            (Some("9"), Some("10"))
        );
        assert_eq!(parse_expectation("why does my code crash?"), None);
    }

    #[test]
    fn the_first_differing_line_is_found() {
        let d = compare_output("a\nb\nc\n", "a\nB\nc\n").unwrap();
        assert_eq!(
            (d.line_no, d.actual.as_deref(), d.expected.as_deref()),
            (2, Some("B"), Some("b"))
        );
        assert_eq!(compare_output("a\n", "a  \n"), None);
        let d = compare_output("a\nb\n", "a\n").unwrap();
        assert_eq!((d.line_no, d.actual), (2, None));
    }

    #[test]
    fn without_a_trace_the_print_with_matching_text_is_chosen_and_its_value_traced_back() {
        let code = "nums = [2, 3]\ntotal = 0\nfor n in nums:\n    total += n\navg = total // len(nums)\nprint(\"Numbers:\", len(nums))\nprint(f\"Average: {avg}\")\n";
        let diff =
            locate_wrong_line(Some("Numbers: 3\nAverage: 2\n"), Some("2.5"), Some("2")).unwrap();
        assert_eq!(diff.line_no, 2);
        let site = print_site(Lang::Python, code, &diff, None).unwrap();
        assert_eq!((site.line, site.origin), (7, Some(5)));
        assert_eq!(site.names, vec!["avg".to_string()]);
    }

    #[test]
    fn with_a_trace_the_step_that_printed_the_line_and_its_locals_are_used() {
        let code = "a = 1\nb = 2\nprint(a)\nprint(a + b)\n";
        let step = |line: u32, out: &str, a: Option<&str>| TraceStep {
            line,
            function: None,
            locals: a
                .map(|v| BTreeMap::from([("a".to_string(), v.to_string())]))
                .unwrap_or_default(),
            stdout: out.into(),
        };
        let trace = TraceFacts {
            steps: vec![
                step(1, "", None),
                step(2, "", Some("1")),
                step(3, "", Some("1")),
                step(4, "1\n", Some("1")),
                step(4, "1\n3\n", Some("1")),
            ],
            truncated: false,
            exception: None,
        };
        let diff = compare_output("1\n4\n", "1\n3\n").unwrap();
        let site = print_site(Lang::Python, code, &diff, Some(&trace)).unwrap();
        assert!(site.traced);
        assert_eq!(site.line, 4);
        assert_eq!(site.locals.get("a").map(String::as_str), Some("1"));
    }
}
