//! Finding the line an error is about: from the location markers each toolchain prints
//! (traceback frames, `file:line:` prefixes, stack frames), and, for C++ crashes that print no
//! line at all, from the construct in the code that can cause that crash.

use std::sync::LazyLock;

use regex::Regex;

use super::kb::Locate;
use crate::context::Lang;

/// A place in the learner's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: Option<String>,
    pub line: u32,
    /// True when the line was inferred from the code rather than read from the output.
    pub inferred: bool,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid regex"));
    };
}

re!(
    PY_FRAME,
    r#"(?m)^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)"#
);
re!(
    JS_FRAME,
    r"(?m)^\s+at (?:.*?\()?(?P<file>[^\s()]+?\.(?:js|mjs|cjs)):(?P<line>\d+):\d+\)?\s*$"
);
re!(
    JS_HEADER,
    r"(?m)^(?P<file>\S+?\.(?:js|mjs|cjs)):(?P<line>\d+)\s*$"
);
re!(
    JAVAC_LOC,
    r"(?m)^(?P<file>\S+?\.java):(?P<line>\d+): error:"
);
re!(
    JAVA_FRAME,
    r"(?m)^\s+at (?P<fn>[\w$.<>/]+)\((?P<file>[\w$]+\.java):(?P<line>\d+)\)"
);
re!(
    CPP_LOC,
    r"(?m)(?P<file>[\w./-]+\.(?:cpp|cc|cxx|hpp|hh|h)):(?P<line>\d+):(?:\d+:)? "
);

fn is_user_file(path: &str) -> bool {
    !(path.contains("/lib/python")
        || path.contains("site-packages")
        || path.starts_with('<')
        || path.starts_with("node:")
        || path.contains("node_modules")
        || path.starts_with("/usr/"))
}

fn basename(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

/// Reads the location from the output. `at` is where the matched error message starts.
pub fn from_output(lang: Lang, output: &str, at: usize, compile_error: bool) -> Option<Location> {
    let found = |file: &str, line: &str| {
        Some(Location {
            file: Some(basename(file)),
            line: line.parse().ok()?,
            inferred: false,
        })
    };
    let before = &output[..at];
    match lang {
        Lang::Python => {
            let frames: Vec<_> = PY_FRAME.captures_iter(before).collect();
            let c = frames
                .iter()
                .rev()
                .find(|c| is_user_file(&c["file"]))
                .or(frames.last())?;
            found(&c["file"], &c["line"])
        }
        Lang::Javascript => {
            let after = &output[at..];
            if let Some(c) = JS_FRAME
                .captures_iter(after)
                .find(|c| is_user_file(&c["file"]))
            {
                return found(&c["file"], &c["line"]);
            }
            let c = JS_HEADER
                .captures_iter(output)
                .find(|c| is_user_file(&c["file"]))?;
            found(&c["file"], &c["line"])
        }
        Lang::Java if compile_error => {
            let line_end = output[at..].find('\n').map_or(output.len(), |i| at + i);
            let c = JAVAC_LOC.captures_iter(&output[..line_end]).last()?;
            found(&c["file"], &c["line"])
        }
        Lang::Java => {
            let after = &output[at..];
            let c = JAVA_FRAME
                .captures_iter(after)
                .find(|c| !c["fn"].contains('/'))?;
            found(&c["file"], &c["line"])
        }
        Lang::Cpp => {
            // The marker is on the error's own line (`main.cpp:5:3: error:`, `main.cpp:6: int main(): Assertion`).
            let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
            let line_end = output[at..]
                .find('\n')
                .map(|i| at + i)
                .unwrap_or(output.len());
            let c = CPP_LOC
                .captures_iter(&output[line_start..line_end])
                .last()?;
            found(&c["file"], &c["line"])
        }
    }
}

/// Strips `//` and `#` line comments and string contents well enough for pattern search.
fn code_lines(code: &str) -> Vec<String> {
    static STRINGS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""(?:[^"\\]|\\.)*""#).expect("valid"));
    code.lines()
        .map(|l| {
            let l = STRINGS.replace_all(l, "\"\"");
            match l.find("//") {
                Some(i) => l[..i].to_string(),
                None => l.to_string(),
            }
        })
        .collect()
}

fn first_line(lines: &[String], pred: impl Fn(&str) -> bool) -> Option<usize> {
    lines.iter().position(|l| pred(l))
}

/// Index of the loop header enclosing line `i` (by indentation-insensitive brace counting).
fn enclosing_loop(lines: &[String], i: usize) -> Option<usize> {
    let mut depth = 0i32;
    for j in (0..i).rev() {
        let l = &lines[j];
        depth += l.matches('}').count() as i32 - l.matches('{').count() as i32;
        let is_loop = l.trim_start().starts_with("for") || l.trim_start().starts_with("while");
        if is_loop && (depth < 0 || !l.contains('{')) {
            return Some(j);
        }
        if depth < 0 {
            depth = 0;
        }
    }
    None
}

fn prefer_off_by_one(lines: &[String], candidates: Vec<usize>) -> Option<usize> {
    candidates
        .iter()
        .copied()
        .find(|&i| enclosing_loop(lines, i).is_some_and(|h| lines[h].contains("<=")))
        .or_else(|| candidates.first().copied())
}

/// Infers the crash line of a C++ program from its code.
pub fn infer(how: Locate, code: &str, symbol: Option<&str>) -> Option<Location> {
    let lines = code_lines(code);
    let pick = |i: Option<usize>| {
        i.map(|i| Location {
            file: None,
            line: i as u32 + 1,
            inferred: true,
        })
    };
    let with = |needle: &str| -> Vec<usize> {
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .map(|(i, _)| i)
            .collect()
    };
    match how {
        Locate::Output => None,
        Locate::CppAt => pick(prefer_off_by_one(&lines, with(".at("))),
        Locate::CppSubstr => {
            let mut c = with(".substr(");
            c.extend(with(".erase("));
            pick(prefer_off_by_one(&lines, c))
        }
        Locate::CppStoi => {
            static STO: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"\bsto(?:i|l|ll|ul|ull|f|d|ld)\s*\(").expect("valid"));
            pick(first_line(&lines, |l| STO.is_match(l)))
        }
        Locate::CppAlloc => {
            static ALLOC: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"\bnew\b|\.resize\(|\.reserve\(|vector<[^>]+>\s+\w+\s*\(")
                    .expect("valid")
            });
            pick(first_line(&lines, |l| ALLOC.is_match(l)))
        }
        Locate::CppDivide => infer_divide(&lines).map(|i| Location {
            file: None,
            line: i as u32 + 1,
            inferred: true,
        }),
        Locate::CppCallOf => {
            let sym = symbol?.rsplit("::").next()?.trim();
            let call = Regex::new(&format!(r"\b{}\s*\(", regex::escape(sym))).ok()?;
            let decl = Regex::new(&format!(
                r"^\s*(?:[\w:<>*&,]+\s+)+[*&]?{}\s*\(",
                regex::escape(sym)
            ))
            .ok()?;
            pick(first_line(&lines, |l| {
                call.is_match(l) && !decl.is_match(l)
            }))
        }
        Locate::CppDelete => {
            static DEL: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"\bdelete(?:\s*\[\])?\s+(\w+)").expect("valid"));
            let dels: Vec<(usize, String)> = lines
                .iter()
                .enumerate()
                .filter_map(|(i, l)| DEL.captures(l).map(|c| (i, c[1].to_string())))
                .collect();
            let second = dels
                .iter()
                .enumerate()
                .find(|(k, (_, n))| dels[..*k].iter().any(|(_, m)| m == n));
            pick(
                second
                    .map(|(_, (i, _))| *i)
                    .or(dels.first().map(|(i, _)| *i)),
            )
        }
        Locate::CppNullOrIndex => infer_segfault(&lines).map(|i| Location {
            file: None,
            line: i as u32 + 1,
            inferred: true,
        }),
    }
}

/// For a C++ crash that left no message and no signal: true when the code divides by a value
/// that is zero (or read from input) and holds nothing pointer-like that could segfault instead.
pub fn likely_division_crash(code: &str) -> bool {
    static DIV_BY_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[\w)\]]\s*[/%]=?\s*\(?\s*([A-Za-z_]\w*|0)\b").expect("valid")
    });
    let lines = code_lines(code);
    let divides = lines
        .iter()
        .any(|l| !l.trim_start().starts_with('#') && DIV_BY_NAME.is_match(l));
    let pointerish = lines.iter().any(|l| {
        l.contains("nullptr") || l.contains("NULL") || l.contains("->") || l.contains('[')
    }) || !recursive_calls(&lines).is_empty();
    divides && !pointerish
}

fn infer_divide(lines: &[String]) -> Option<usize> {
    static DIV: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[\w)\]]\s*[/%]=?\s*\(?\s*([A-Za-z_]\w*|\d+)").expect("valid")
    });
    let zero_vars: Vec<String> = {
        static ZERO: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\b([A-Za-z_]\w*)\s*=\s*0\s*[;,)]").expect("valid"));
        lines
            .iter()
            .flat_map(|l| {
                ZERO.captures_iter(l)
                    .map(|c| c[1].to_string())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let divisions: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .flat_map(|(i, l)| {
            DIV.captures_iter(l)
                .map(move |c| (i, c[1].to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    divisions
        .iter()
        .find(|(_, d)| d == "0" || zero_vars.contains(d))
        .or_else(|| divisions.iter().find(|(_, d)| d.parse::<u64>().is_err()))
        .or(divisions.first())
        .map(|(i, _)| *i)
}

fn infer_segfault(lines: &[String]) -> Option<usize> {
    // 1. A pointer that starts as null and is dereferenced before it is given an object.
    static NULL_PTR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\*\s*(\w+)\s*=\s*(?:nullptr|NULL|0)\s*;").expect("valid"));
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = NULL_PTR.captures(l) {
            let name = regex::escape(&c[1]);
            let deref =
                Regex::new(&format!(r"(?:\*\s*{name}\b|\b{name}\s*->|\b{name}\s*\[)")).ok()?;
            let assign = Regex::new(&format!(r"^\s*{name}\s*=[^=]")).ok()?;
            for (j, m) in lines.iter().enumerate().skip(i + 1) {
                if assign.is_match(m) {
                    break;
                }
                if deref.is_match(m) {
                    return Some(j);
                }
            }
        }
    }
    // 2. A function that calls itself with no `if` anywhere in it: endless recursion.
    let recursive = recursive_calls(lines);
    if let Some((call, _)) = recursive.iter().find(|(_, has_if)| !has_if) {
        return Some(*call);
    }
    // 3. Indexing past the end: an empty vector written by index, a `<=` loop bound, a constant
    //    index beyond a fixed array's size.
    static EMPTY_VEC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"vector<[^>]+>\s+(\w+)\s*;").expect("valid"));
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = EMPTY_VEC.captures(l) {
            let name = regex::escape(&c[1]);
            let grow = Regex::new(&format!(
                r"\b{name}\s*\.\s*(?:push_back|emplace_back|resize|assign|insert)|\b{name}\s*=[^=]"
            ))
            .ok()?;
            let index = Regex::new(&format!(r"\b{name}\s*\[")).ok()?;
            for m in lines.iter().skip(i + 1) {
                if grow.is_match(m) {
                    break;
                }
                if index.is_match(m) {
                    return lines.iter().position(|x| std::ptr::eq(x, m));
                }
            }
        }
    }
    static INDEXED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b\w+\s*\[[^\]]+\]").expect("valid"));
    let indexed: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| INDEXED.is_match(l) && !l.contains("int main") && !l.contains("argv"))
        .map(|(i, _)| i)
        .collect();
    if let Some(i) = indexed
        .iter()
        .copied()
        .find(|&i| enclosing_loop(lines, i).is_some_and(|h| lines[h].contains("<=")))
    {
        return Some(i);
    }
    static ARRAY_DECL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b\w+\s+(\w+)\s*\[\s*(\d+)\s*\]").expect("valid"));
    for l in lines {
        if let Some(c) = ARRAY_DECL.captures(l) {
            let (name, size): (&str, u64) = (&c[1], c[2].parse().unwrap_or(u64::MAX));
            let idx =
                Regex::new(&format!(r"\b{}\s*\[\s*(-?\d+)\s*\]", regex::escape(name))).ok()?;
            for (j, m) in lines.iter().enumerate() {
                if std::ptr::eq(m, l) {
                    continue;
                }
                if let Some(k) = idx.captures(m).and_then(|k| k[1].parse::<i64>().ok())
                    && (k < 0 || k as u64 >= size)
                {
                    return Some(j);
                }
            }
        }
    }
    // 4. Recursion that may be too deep, then any index inside a loop.
    if let Some((call, _)) = recursive.first() {
        return Some(*call);
    }
    indexed
        .iter()
        .copied()
        .find(|&i| enclosing_loop(lines, i).is_some())
}

/// (line of a self-call, whether the function body has an `if`) for each recursive function.
fn recursive_calls(lines: &[String]) -> Vec<(usize, bool)> {
    static FN_HEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:[\w:<>*&]+\s+)+[*&]?(\w+)\s*\([^;]*\)\s*(?:const\s*)?\{?\s*$")
            .expect("valid")
    });
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(c) = FN_HEAD.captures(l) else {
            continue;
        };
        let name = &c[1];
        if matches!(name, "if" | "while" | "for" | "switch" | "main") {
            continue;
        }
        let Ok(call) = Regex::new(&format!(r"\b{}\s*\(", regex::escape(name))) else {
            continue;
        };
        let mut depth = 0i32;
        let mut opened = false;
        let mut has_if = false;
        let mut self_call = None;
        for (j, m) in lines.iter().enumerate().skip(i) {
            if j > i {
                if m.contains("if") {
                    has_if = true;
                }
                if self_call.is_none() && call.is_match(m) {
                    self_call = Some(j);
                }
            }
            depth += m.matches('{').count() as i32 - m.matches('}').count() as i32;
            opened |= m.contains('{');
            if opened && depth <= 0 {
                break;
            }
        }
        if let Some(j) = self_call {
            out.push((j, has_if));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_null_pointer_dereference_is_found_on_the_line_that_uses_it() {
        let code = "int main() {\n  int* p = nullptr;\n  int x = 3;\n  *p = x;\n  return 0;\n}\n";
        assert_eq!(infer(Locate::CppNullOrIndex, code, None).unwrap().line, 4);
    }

    #[test]
    fn a_division_by_a_variable_set_to_zero_is_preferred() {
        let code = "int main() {\n  int a = 10 / 2;\n  int count = 0;\n  int avg = a / count;\n}\n";
        assert_eq!(infer(Locate::CppDivide, code, None).unwrap().line, 4);
    }

    #[test]
    fn python_tracebacks_point_at_the_last_frame_in_the_learners_file() {
        let out = "Traceback (most recent call last):\n  File \"/box/main.py\", line 7, in <module>\n    f()\n  File \"/box/main.py\", line 3, in f\n    return x\nNameError: name 'x' is not defined\n";
        let at = out.find("NameError").unwrap();
        let loc = from_output(Lang::Python, out, at, false).unwrap();
        assert_eq!((loc.line, loc.file.as_deref()), (3, Some("main.py")));
    }
}
