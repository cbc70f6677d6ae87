//! The concrete next step for an error: what to change, said in the learner's own names, and
//! where, when the message's line is not the one to change. Each rule reads one class of
//! compiler or runtime message together with the shape of the code around it (a g++ `note:`
//! that names the declaration, the `(` that never closes on the reported line, the `const`
//! declaration behind "Assignment to constant variable", ...). A step names the part to change
//! and the direction, never the corrected line.

use std::sync::LazyLock;

use regex::Regex;

use crate::context::Lang;

/// What the offline tutor adds to an explained error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Advice {
    /// The mistake in a learner's words, when the message's own name is generic or misleading.
    pub kind: Option<String>,
    /// The line to change, when it is not the reported one.
    pub line: Option<u32>,
    /// What happened, in one or two sentences.
    pub what: Option<String>,
    /// The message's own explanation would mislead (it guesses at other causes).
    pub replaces_what: bool,
    /// The part of the line to change, blanked on the last rung.
    pub spot: Option<String>,
    /// The next step: what to change, in the learner's names.
    pub step: String,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid regex"));
    };
}

/// The learner's code, line by line, 1-based.
struct Code<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Code<'a> {
    fn new(code: &'a str) -> Self {
        Self {
            lines: code.lines().collect(),
        }
    }

    fn line(&self, n: u32) -> Option<&'a str> {
        self.lines.get(n.checked_sub(1)? as usize).copied()
    }

    /// The last line at or before `upto` that matches `re`.
    fn last_before(&self, upto: u32, re: &Regex) -> Option<u32> {
        (1..=upto.min(self.lines.len() as u32))
            .rev()
            .find(|&n| self.line(n).is_some_and(|l| re.is_match(l)))
    }

    /// The first line that matches `re`.
    fn first(&self, re: &Regex) -> Option<u32> {
        (1..=self.lines.len() as u32).find(|&n| self.line(n).is_some_and(|l| re.is_match(l)))
    }
}

fn word(name: &str) -> String {
    format!(r"\b{}\b", regex::escape(name))
}

/// One rule: the error text, the code and the reported line in, the advice out.
type Rule = fn(&str, &Code<'_>, Option<u32>) -> Option<Advice>;

/// The concrete next step for the first error in `error` (the trimmed error text), if a rule
/// knows its class. `reported` is the line the message names.
pub fn advise(lang: Lang, error: &str, code: &str, reported: Option<u32>) -> Option<Advice> {
    let error = error.replace(['\u{2018}', '\u{2019}'], "'");
    let code = Code::new(code);
    let rules: &[Rule] = match lang {
        Lang::Cpp => &[
            cpp_case_crosses_initialization,
            cpp_lambda_not_captured,
            cpp_read_only,
            cpp_semicolon_after_type,
            cpp_member_function_not_called,
            cpp_member_of_plain_array,
            cpp_void_value_used,
            cpp_npos,
            cpp_too_few_arguments,
            semicolon_after_condition,
            condition_without_parentheses,
            unclosed_parenthesis,
            divided_by_zero,
        ],
        Lang::Java => &[
            java_non_static,
            java_lossy,
            java_uninitialized,
            java_return_type_required,
            java_void_returns_value,
            java_char_vs_string,
            missing_semicolon,
            java_parse_decimal,
            java_substring_too_long,
            java_immutable_list,
            java_null_field,
            semicolon_after_condition,
            condition_without_parentheses,
            unclosed_parenthesis,
            divided_by_zero,
        ],
        Lang::Javascript => &[
            js_arrow_without_arrow,
            condition_without_parentheses,
            for_header_commas,
            unclosed_parenthesis,
            js_const_reassigned,
            js_used_before_declaration,
            js_declared_twice,
            mismatched_quotes,
            apostrophe_in_single_quotes,
            semicolon_after_condition,
            py_base_case_equals,
            missing_comma,
        ],
        Lang::Python => &[
            py_empty_block,
            py_unclosed_docstring,
            py_fstring_brace,
            py_missing_colon,
            py_key_case,
            py_function_not_called,
            py_base_case_equals,
            py_unterminated_string,
            missing_comma,
            divided_by_zero,
        ],
    };
    rules.iter().find_map(|rule| rule(&error, &code, reported))
}

// ----------------------------------------------------------------------------------------- C++

re!(
    GXX_CROSSES,
    r"(?m)jump to case label[\s\S]*?:(\d+):\d+: note:\s+crosses initialization of '[^']*?(\w+)'"
);
re!(CASE_LABEL, r"^\s*(?:case\s+[^:]+|default)\s*:");

/// g++ "jump to case label" with its note "crosses initialization of 'int change'": the
/// variable is declared inside a `case` without braces, so its scope runs into the next label.
fn cpp_case_crosses_initialization(
    error: &str,
    code: &Code<'_>,
    _reported: Option<u32>,
) -> Option<Advice> {
    let c = GXX_CROSSES.captures(error)?;
    let at: u32 = c[1].parse().ok()?;
    let name = &c[2];
    let label = code
        .last_before(at, &CASE_LABEL)
        .and_then(|n| code.line(n))
        .map(|l| l.trim().trim_end_matches(':').trim().to_string());
    // Never the label and its brace together: that is the corrected line.
    let wrap = match &label {
        Some(l) => format!("(the ones after `{l}:`) in `{{ }}`, ending after its `break`"),
        None => "in `{ }`, ending after its `break`".to_string(),
    };
    Some(Advice {
        kind: Some("a variable declared inside a `case` (the jump to the next label crosses its initialization)".into()),
        line: Some(at),
        what: Some(format!(
            "`{name}` is declared on line {at}, inside a `case` that has no braces of its own, so its scope runs on past the next `case` label. Jumping to that label would skip `{name}`'s initialization, which C++ forbids."
        )),
        replaces_what: true,
        spot: None,
        step: format!(
            "Wrap the statements of that case {wrap}, in their own curly braces, so `{name}` ends with its case (or declare `{name}` before the `switch`)."
        ),
    })
}

re!(GXX_NOT_CAPTURED, r"error: '(\w+)' is not captured");
re!(
    GXX_NO_CAPTURE_DEFAULT,
    r":(\d+):\d+: note: the lambda has no capture-default"
);
re!(LAMBDA_INTRO, r"\[\s*\]\s*\(");

/// g++ "'limit' is not captured": the lambda's empty capture list `[]` does not let it see
/// the outer variable.
fn cpp_lambda_not_captured(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    let name = GXX_NOT_CAPTURED.captures(error)?[1].to_string();
    let at = GXX_NO_CAPTURE_DEFAULT
        .captures(error)
        .and_then(|c| c[1].parse().ok())
        .or_else(|| code.last_before(reported?, &LAMBDA_INTRO));
    Some(Advice {
        kind: Some("a variable the lambda has not captured".into()),
        line: at,
        what: Some(format!(
            "A lambda sees only the outer variables listed in its capture list, the `[ ]` in front of its parameters{}. Its list is empty, so `{name}` is not captured: the lambda cannot see it.",
            at.map(|n| format!(" (line {n})")).unwrap_or_default()
        )),
        replaces_what: false,
        spot: Some("[]".into()),
        step: format!(
            "Put `{name}` in the lambda's capture list: `[{name}]` (or `[&]` to capture what it uses by reference)."
        ),
    })
}

re!(
    GXX_READ_ONLY,
    r"error: (?:increment|decrement|assignment) of read-only (?:variable|location) '(\w+)'"
);

/// g++ "decrement of read-only variable 'x'": `x` is declared `const`.
fn cpp_read_only(error: &str, code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    let name = GXX_READ_ONLY.captures(error)?[1].to_string();
    let decl = Regex::new(&format!(r"\bconst\b[^;=]*{}\s*(?:=|\{{|;)", word(&name))).ok()?;
    let at = code.first(&decl);
    Some(Advice {
        kind: Some("changing a `const` (read-only) variable".into()),
        line: at,
        what: Some(format!(
            "`{name}` is declared `const`{}, so it is read-only: it cannot change after its first value.",
            at.map(|n| format!(" on line {n}")).unwrap_or_default()
        )),
        replaces_what: false,
        spot: Some("const".into()),
        step: format!(
            "If `{name}` has to change, remove `const` from its declaration; declared without const, it can be counted down."
        ),
    })
}

re!(
    GXX_SEMI_AFTER_TYPE,
    r"error: expected ';' after (struct|class|enum) definition"
);

fn cpp_semicolon_after_type(
    error: &str,
    _code: &Code<'_>,
    reported: Option<u32>,
) -> Option<Advice> {
    let what = GXX_SEMI_AFTER_TYPE.captures(error)?[1].to_string();
    Some(Advice {
        kind: Some(format!("missing semicolon after the {what} definition")),
        line: None,
        what: Some(format!(
            "A {what} definition is a declaration, and like every declaration it ends with a semicolon, after its closing brace."
        )),
        replaces_what: false,
        spot: None,
        step: format!(
            "Add a `;` right after the closing brace `}}`{} that ends the {what}.",
            reported
                .map(|n| format!(" on line {n}"))
                .unwrap_or_default()
        ),
    })
}

re!(
    GXX_MEMBER_FN_VALUE,
    r"error: (?:cannot convert '[^']*?::(\w+)' from type '[^']*\([^()']*::\*?\)\(|invalid use of (?:non-static )?member function '[^']*?(\w+)\()"
);

/// g++ names a member function's type (`bool (std::vector<...>::)() const`) where a value was
/// needed: the function is named, not called.
fn cpp_member_function_not_called(
    error: &str,
    code: &Code<'_>,
    reported: Option<u32>,
) -> Option<Advice> {
    let c = GXX_MEMBER_FN_VALUE.captures(error)?;
    let method = c.get(1).or(c.get(2))?.as_str().to_string();
    let line = reported.and_then(|n| code.line(n)).unwrap_or("");
    let recv = Regex::new(&format!(
        r"(\w+)\s*\.\s*{}\b(?:\s*[^\s(]|\s*$)",
        regex::escape(&method)
    ))
    .ok()?
    .captures(line)
    .map(|c| c[1].to_string());
    let call = match &recv {
        Some(r) => format!("`{r}.{method}()`"),
        None => format!("`{method}()`"),
    };
    Some(Advice {
        kind: Some("a member function used without calling it (missing parentheses)".into()),
        line: None,
        what: Some(format!(
            "`{method}` is a member function. Without `()` its name means the function itself, not the answer it gives, and a function is not a `bool` or a number."
        )),
        replaces_what: true,
        spot: Some(method.clone()),
        step: format!("Call it, with parentheses: {call}."),
    })
}

re!(
    GXX_MEMBER_OF_ARRAY,
    r"error: request for member '(\w+)' in '(\w+)', which is of non-class type '[^']*\[\d*\]'"
);

fn cpp_member_of_plain_array(
    error: &str,
    _code: &Code<'_>,
    _reported: Option<u32>,
) -> Option<Advice> {
    let c = GXX_MEMBER_OF_ARRAY.captures(error)?;
    let (member, name) = (&c[1], &c[2]);
    let step = if member == "size" || member == "length" {
        format!(
            "For its length use `std::size({name})` (C++17), or make `{name}` a `std::vector` (or `std::array`), which has `.size()`."
        )
    } else {
        format!("Make `{name}` a `std::vector` (or `std::array`) if you need `.{member}`.")
    };
    Some(Advice {
        kind: Some("a plain (C-style) array, which has no member functions".into()),
        line: None,
        what: Some(format!(
            "`{name}` is a plain C array, not a class: it has no member functions, so `{name}.{member}` does not exist."
        )),
        replaces_what: false,
        spot: Some(format!(".{member}()")),
        step,
    })
}

re!(
    GXX_VOID_VALUE,
    r"error: void value not ignored as it ought to be"
);
re!(
    ASSIGNED_FROM_CALL,
    r"^\s*(?:[\w:<>]+\s+)?(\w+)\s*=\s*(\w+)\s*\("
);

fn cpp_void_value_used(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    GXX_VOID_VALUE.find(error)?;
    let line = code.line(reported?)?;
    let c = ASSIGNED_FROM_CALL.captures(line)?;
    let (var, func) = (&c[1], &c[2]);
    Some(Advice {
        kind: Some(format!(
            "using the result of `{func}`, a `void` function that returns nothing"
        )),
        line: None,
        what: Some(format!(
            "`{func}` is declared `void`: it does its work (prints) but gives no value back, so there is nothing to store in `{var}`."
        )),
        replaces_what: true,
        spot: None,
        step: format!(
            "Either just call `{func}(...)` on its own line, without `{var} =` in front, or, if you need the value, make `{func}` return it (a return type instead of `void`)."
        ),
    })
}

re!(
    NPOS_POS,
    r"__pos \(which is 18446744073709551615\)|which is 4294967295\)"
);
re!(
    FIND_CALL,
    r"(\w+)\s*=\s*[\w.]+\s*\.\s*(?:find|rfind|find_first_of|find_last_of)\s*\("
);

/// `substr` given `std::string::npos` (18446744073709551615): a `find` found nothing.
fn cpp_npos(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    NPOS_POS.find(error)?;
    let at = code.last_before(reported.unwrap_or(u32::MAX), &FIND_CALL);
    let name = at
        .and_then(|n| code.line(n))
        .and_then(|l| FIND_CALL.captures(l))
        .map(|c| c[1].to_string());
    let var = name.as_deref().unwrap_or("the position");
    Some(Advice {
        kind: Some("std::string::npos: the `find` found nothing".into()),
        line: at,
        what: Some(format!(
            "18446744073709551615 is `std::string::npos`, the value `find` returns when it does not find what it looks for (not found). `{var}` holds it{}, and `substr` cannot start there.",
            at.map(|n| format!(" from line {n}")).unwrap_or_default()
        )),
        replaces_what: false,
        spot: None,
        step: format!(
            "Check whether `{var} == std::string::npos` before calling `substr`, and decide what the program should do when there is no match."
        ),
    })
}

// ---------------------------------------------------------------------------------------- Java

re!(
    JAVA_NON_STATIC,
    r"error: non-static method (\w+)\([^)]*\) cannot be referenced from a static context"
);

fn java_non_static(error: &str, code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    let name = JAVA_NON_STATIC.captures(error)?[1].to_string();
    let decl = Regex::new(&format!(
        r"^\s*(?:public\s+|private\s+|protected\s+)?[\w<>\[\]]+\s+{}\s*\(",
        regex::escape(&name)
    ))
    .ok()?;
    let at = code.first(&decl);
    Some(Advice {
        kind: None,
        line: None,
        what: None,
        replaces_what: false,
        spot: None,
        step: format!(
            "Make it static: add `static` to the declaration of `{name}`{}, at its start, or call it on an object, `new Main().{name}(...)`.",
            at.map(|n| format!(" on line {n}")).unwrap_or_default()
        ),
    })
}

re!(
    JAVA_LOSSY,
    r"error: incompatible types: possible lossy conversion from (\w+) to (\w+)"
);
re!(DECLARED_AS, r"^\s*(?:final\s+)?(\w+)\s+(\w+)\s*=");

fn java_lossy(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    let c = JAVA_LOSSY.captures(error)?;
    let (from, to) = (c[1].to_string(), c[2].to_string());
    let line = reported.and_then(|n| code.line(n)).unwrap_or("");
    let step = match DECLARED_AS.captures(line).filter(|d| d[1] == to) {
        Some(d) => format!(
            "If `{v}` should keep the decimals, change the type: declare it as `{from} {v}`. If you really want a whole number, convert on purpose with a cast, `({to})`.",
            v = &d[2]
        ),
        None => format!(
            "Change the type of the variable that receives the value to `{from}`, or convert on purpose with a cast, `({to})`."
        ),
    };
    Some(Advice {
        step,
        ..Advice::default()
    })
}

re!(
    JAVA_UNINIT,
    r"error: variable (\w+) might not have been initialized"
);

fn java_uninitialized(error: &str, code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    let name = JAVA_UNINIT.captures(error)?[1].to_string();
    let decl = Regex::new(&format!(
        r"^\s*(?:final\s+)?[\w<>\[\]]+\s+{}\s*;",
        regex::escape(&name)
    ))
    .ok()?;
    let at = code.first(&decl);
    let accumulates = code.lines.iter().any(|l| {
        Regex::new(&format!(r"{}\s*(?:\+=|-=|\+\+|\*=)", word(&name))).is_ok_and(|r| r.is_match(l))
    });
    let value = if accumulates {
        " (`= 0` for a total or a count that starts from nothing)"
    } else {
        ""
    };
    Some(Advice {
        step: format!(
            "Give `{name}` a starting value where it is declared{}{value}.",
            at.map(|n| format!(" on line {n}")).unwrap_or_default()
        ),
        ..Advice::default()
    })
}

re!(
    JAVA_RETURN_TYPE,
    r"error: invalid method declaration; return type required"
);
re!(RETURN_EXPR, r"^\s*return\s+(.+?);");

/// The type a method's `return` expression has, guessed from the code: a declared variable's
/// type, a cast, a decimal or text literal, a comparison.
fn returned_type(code: &Code<'_>, from: u32) -> Option<String> {
    let ret = (from..from + 40)
        .filter_map(|n| code.line(n))
        .find_map(|l| RETURN_EXPR.captures(l).map(|c| c[1].to_string()))?;
    static CAST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\((\w+)\)").expect("valid"));
    if let Some(c) = CAST.captures(&ret) {
        return Some(c[1].to_string());
    }
    if ret.starts_with('"') {
        return Some("String".into());
    }
    if ret.contains("==")
        || ret.contains("<")
        || ret.contains(">")
        || ret == "true"
        || ret == "false"
    {
        return Some("boolean".into());
    }
    if Regex::new(r"\d\.\d").is_ok_and(|r| r.is_match(&ret)) || ret.contains('/') {
        return Some("double".into());
    }
    let first = Regex::new(r"^\w+").ok()?.find(&ret)?.as_str().to_string();
    let decl = Regex::new(&format!(
        r"\b(int|long|double|float|String|boolean|char)\s+{}\b",
        regex::escape(&first)
    ))
    .ok()?;
    code.lines
        .iter()
        .find_map(|l| decl.captures(l).map(|c| c[1].to_string()))
}

fn java_return_type_required(
    error: &str,
    code: &Code<'_>,
    reported: Option<u32>,
) -> Option<Advice> {
    JAVA_RETURN_TYPE.find(error)?;
    let n = reported?;
    let line = code.line(n)?;
    let name = Regex::new(r"(\w+)\s*\(").ok()?.captures(line)?[1].to_string();
    let step = match returned_type(code, n) {
        Some(t) => format!(
            "Write the type of the value `{name}` returns in front of its name on line {n}: its `return` gives a `{t}`, so the method is declared as returning `{t}` (`void` is for a method that returns nothing)."
        ),
        None => format!(
            "Write the return type in front of `{name}` on line {n}: `int`, `double`, `String`, `boolean`… whatever its `return` gives, or `void` if it returns nothing."
        ),
    };
    Some(Advice {
        kind: Some("missing return type".into()),
        line: None,
        what: Some(format!(
            "Every method declaration names the type it returns before the method's name; `{name}` has none."
        )),
        replaces_what: true,
        spot: None,
        step,
    })
}

re!(
    JAVA_UNEXPECTED_RETURN,
    r"error: incompatible types: unexpected return value"
);

fn java_void_returns_value(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    JAVA_UNEXPECTED_RETURN.find(error)?;
    static VOID_DECL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bvoid\s+(\w+)\s*\(").expect("valid"));
    let at = code.last_before(reported?, &VOID_DECL)?;
    let name = VOID_DECL.captures(code.line(at)?)?[1].to_string();
    let t = returned_type(code, at).unwrap_or_else(|| "the type of that value".into());
    Some(Advice {
        kind: Some("a `void` method that returns a value".into()),
        line: Some(at),
        what: Some(format!(
            "`{name}` is declared `void` on line {at}, which means it returns nothing, yet its `return` gives a value."
        )),
        replaces_what: false,
        spot: Some("void".into()),
        step: format!(
            "Change `void` in the declaration of `{name}` to the type it returns ({t} instead of void)."
        ),
    })
}

re!(
    JAVA_BAD_OPERANDS,
    r"error: bad operand types for binary operator '(==|!=)'[\s\S]*?first type:\s*(\w+)[\s\S]*?second type:\s*(\w+)"
);
re!(DOUBLE_QUOTED_CHAR, r#""(.)""#);

fn java_char_vs_string(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    let c = JAVA_BAD_OPERANDS.captures(error)?;
    let (a, b) = (&c[2], &c[3]);
    if !((a == "char" && b == "String") || (a == "String" && b == "char")) {
        return None;
    }
    let lit = reported
        .and_then(|n| code.line(n))
        .and_then(|l| DOUBLE_QUOTED_CHAR.captures(l))
        .map(|c| c[1].to_string());
    let step = match lit {
        Some(ch) => format!(
            "Compare the `char` with a character literal, in single quotes: `'{ch}'` is a char, `\"{ch}\"` is a String."
        ),
        None => "Compare the `char` with a character literal in single quotes (`'a'`), not a String in double quotes.".into(),
    };
    Some(Advice {
        kind: Some("a `char` compared with a `String`".into()),
        line: None,
        what: Some("One side of the comparison is a single character (`char`), the other a `String` in double quotes; Java cannot compare the two with `==`.".into()),
        replaces_what: true,
        spot: None,
        step,
    })
}

re!(
    SEMICOLON_EXPECTED,
    r"error: ';' expected|error: expected ';' before"
);

fn missing_semicolon(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    SEMICOLON_EXPECTED.find(error)?;
    let n = reported?;
    let line = code.line(n)?.trim_end();
    if line.ends_with(';') || line.ends_with('{') || line.ends_with('}') || line.is_empty() {
        return None;
    }
    let last = line.split_whitespace().last().unwrap_or("");
    Some(Advice {
        step: format!(
            "Add a `;` at the end of line {n}, after `{}`: every statement ends with one.",
            last.replace('`', "'")
        ),
        ..Advice::default()
    })
}

re!(
    JAVA_PARSE_DECIMAL,
    r#"NumberFormatException: For input string: "(-?\d*\.\d+)""#
);

fn java_parse_decimal(error: &str, _code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    let v = JAVA_PARSE_DECIMAL.captures(error)?[1].to_string();
    Some(Advice {
        kind: Some("a decimal number read as an int".into()),
        line: None,
        what: Some(format!(
            "`\"{v}\"` has a decimal point: it is not a whole number, and `Integer.parseInt` only reads whole numbers."
        )),
        replaces_what: false,
        spot: None,
        step: "Read it with `Double.parseDouble` instead, into a `double` variable (or, if the values really are whole numbers, fix the data).".into(),
    })
}

re!(
    JAVA_SUBSTRING_END,
    r"StringIndexOutOfBoundsException: (?:begin (\d+), end (\d+), length (\d+)|Range \[(\d+), (\d+)\) out of bounds for length (\d+))"
);
re!(SUBSTRING_CALL, r"(\w+)\s*\.\s*substring\s*\(");

fn java_substring_too_long(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    let c = JAVA_SUBSTRING_END.captures(error)?;
    let end: usize = c.get(2).or(c.get(5))?.as_str().parse().ok()?;
    let len: usize = c.get(3).or(c.get(6))?.as_str().parse().ok()?;
    if end <= len {
        return None;
    }
    let recv = reported
        .and_then(|n| code.line(n))
        .and_then(|l| SUBSTRING_CALL.captures(l))
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| "the string".into());
    Some(Advice {
        kind: None,
        line: None,
        what: Some(format!(
            "`{recv}` is too short here: it has only {len} characters (length {len}), and `substring` asks for them up to position {end}."
        )),
        replaces_what: false,
        spot: None,
        step: format!(
            "Check the length first: take the substring only when `{recv}.length()` is at least {end}, or end it at `Math.min({end}, {recv}.length())`."
        ),
    })
}

re!(
    JAVA_UNSUPPORTED,
    r"java\.lang\.UnsupportedOperationException"
);
re!(
    CALL_ON,
    r"(\w+)\s*\.\s*(?:add|remove|set|put|clear|addAll|removeIf|sort)\s*\("
);

fn java_immutable_list(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    JAVA_UNSUPPORTED.find(error)?;
    let recv = CALL_ON.captures(code.line(reported?)?)?[1].to_string();
    let decl = Regex::new(&format!(
        r"{}\s*=\s*(List\.of|Set\.of|Map\.of|Arrays\.asList|Collections\.unmodifiable\w+)\s*\(",
        word(&recv)
    ))
    .ok()?;
    let at = code.first(&decl)?;
    let maker = decl.captures(code.line(at)?)?[1].to_string();
    let copy = if maker.starts_with("Set") {
        "new HashSet<>(...)"
    } else if maker.starts_with("Map") {
        "new HashMap<>(...)"
    } else {
        "new ArrayList<>(...)"
    };
    Some(Advice {
        kind: Some(format!(
            "an immutable (unmodifiable) collection from `{maker}`"
        )),
        line: Some(at),
        what: Some(format!(
            "`{recv}` is made by `{maker}` on line {at}, which gives a fixed, unmodifiable collection: it can be read, but it cannot be changed."
        )),
        replaces_what: false,
        spot: Some(maker.clone()),
        step: format!(
            "Make `{recv}` a changeable copy: wrap what `{maker}` gives in `{copy}` (an `ArrayList` can grow), importing the class from `java.util`."
        ),
    })
}

// ---------------------------------------------------------------------------------- JavaScript

re!(ARROW_WITHOUT_ARROW, r"=\s*(?:async\s+)?(\([^()]*\))\s*\{");

fn js_arrow_without_arrow(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    if !error.contains("Unexpected token '{'") {
        return None;
    }
    let params = ARROW_WITHOUT_ARROW.captures(code.line(reported?)?)?[1].to_string();
    Some(Advice {
        kind: Some("an arrow function without its `=>`".into()),
        line: None,
        what: Some(format!(
            "`{params}` followed straight by `{{` is not a function: an arrow function needs the arrow `=>` between its parameters and its body."
        )),
        replaces_what: true,
        spot: None,
        step: format!("Add the arrow between the parameters and the `{{`: `{params} => {{`."),
    })
}

re!(
    IF_WITHOUT_PARENS,
    r"\b(if|while)\s+([^\s(][^{]*?)\s*\{?\s*$"
);

/// `if score >= 50 {` in a language whose conditions need parentheses.
fn condition_without_parentheses(
    _error: &str,
    code: &Code<'_>,
    reported: Option<u32>,
) -> Option<Advice> {
    let c = IF_WITHOUT_PARENS.captures(code.line(reported?)?)?;
    let (kw, cond) = (&c[1], c[2].trim());
    Some(Advice {
        kind: Some(format!("an `{kw}` condition without parentheses")),
        line: None,
        what: Some(format!(
            "In this language the condition of an `{kw}` goes inside round brackets (parentheses); without them `{cond}` is read as stray words."
        )),
        replaces_what: true,
        spot: None,
        step: format!("Put the condition in parentheses: `{kw} ({cond})`."),
    })
}

re!(FOR_COMMAS, r"\bfor\s*\(([^;()]*,[^;()]*,[^;()]*)\)");

fn for_header_commas(_error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    let n = reported?;
    let at = (n.saturating_sub(1)..=n)
        .find(|&m| code.line(m).is_some_and(|l| FOR_COMMAS.is_match(l)))?;
    Some(Advice {
        kind: Some("commas instead of semicolons in the `for` header".into()),
        line: Some(at),
        what: Some("A `for` header has three parts, the start, the condition and the step, and they are separated by semicolons, not commas.".into()),
        replaces_what: true,
        spot: None,
        step: format!("Replace the commas between the three parts on line {at} with `;` (semicolons): start; condition; step."),
    })
}

re!(
    CLOSE_PAREN_MISSING,
    r"missing \) after argument list|Unexpected token '\{'|expected '\)'|'\)' expected"
);

/// A line with more `(` than `)`: the closing parenthesis is missing, before the `{` or `;`.
fn unclosed_parenthesis(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    CLOSE_PAREN_MISSING.find(error)?;
    let n = reported?;
    let line = code.line(n)?;
    let bare = STRING_LITERAL.replace_all(line, "\"\"");
    let open = bare.matches('(').count();
    let close = bare.matches(')').count();
    if open <= close {
        return None;
    }
    let t = bare.trim_end();
    let before = if t.ends_with('{') {
        " before the `{`"
    } else if t.ends_with(';') {
        " before the `;`"
    } else {
        " at the end of the expression"
    };
    let what = if Regex::new(r"^\s*(?:\}\s*else\s+)?(?:if|while|for)\s*\(")
        .is_ok_and(|r| r.is_match(&bare))
    {
        "close the condition"
    } else {
        "close the call"
    };
    Some(Advice {
        kind: Some("a closing parenthesis `)` is missing".into()),
        line: None,
        what: Some(format!(
            "Line {n} opens {open} round brackets and closes only {close}: one `(` is never closed."
        )),
        replaces_what: false,
        spot: None,
        step: format!("Add `)` to {what}{before}."),
    })
}

re!(
    STRING_LITERAL,
    r#""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`"#
);

re!(
    JS_CONST_ASSIGN,
    r"TypeError: Assignment to constant variable"
);
re!(
    ASSIGNED_NAME,
    r"(\w+)\s*(?:\+\+|--|[-+*/%]?=[^=])|(?:\+\+|--)\s*(\w+)"
);

fn js_const_reassigned(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    JS_CONST_ASSIGN.find(error)?;
    let line = code.line(reported?)?;
    let c = ASSIGNED_NAME.captures(line)?;
    let name = c.get(1).or(c.get(2))?.as_str().to_string();
    Some(Advice {
        step: format!(
            "Use `let` instead of `const` where `{name}` is declared (`let {name}`): `let` makes a variable that can change."
        ),
        ..Advice::default()
    })
}

re!(
    JS_TDZ,
    r"ReferenceError: Cannot access '(\w+)' before initialization"
);

fn js_used_before_declaration(
    error: &str,
    code: &Code<'_>,
    reported: Option<u32>,
) -> Option<Advice> {
    let name = JS_TDZ.captures(error)?[1].to_string();
    let decl = Regex::new(&format!(
        r"\b(?:let|const|class)\s+{}\b",
        regex::escape(&name)
    ))
    .ok()?;
    let at = code.first(&decl)?;
    let used = reported.unwrap_or(0);
    Some(Advice {
        kind: Some(format!(
            "`{name}` used before initialization (declared after its use)"
        )),
        line: None,
        what: Some(format!(
            "`{name}` is declared on line {at}, after line {used} uses it. A `let`/`const` exists from its declaration on; before that, in its \"temporal dead zone\", it cannot be read."
        )),
        replaces_what: false,
        spot: None,
        step: format!(
            "Change the order: move the declaration of `{name}` (line {at}) above the code that uses it, to the top, or make that code run after line {at}."
        ),
    })
}

// -------------------------------------------------------------------------------------- Python

re!(
    PY_EXPECTED_BLOCK,
    r"IndentationError: expected an indented block after (.+?) on line (\d+)"
);

fn py_empty_block(error: &str, code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    let c = PY_EXPECTED_BLOCK.captures(error)?;
    let what = c[1].to_string();
    let at: u32 = c[2].parse().ok()?;
    let head = code.line(at)?;
    let ind = head.len() - head.trim_start().len();
    // The lines after the header up to the next one at its level: only comments or blanks?
    let only_comments = (at + 1..)
        .map_while(|n| code.line(n))
        .take_while(|l| {
            l.trim().is_empty()
                || l.len() - l.trim_start().len() > ind
                || l.trim_start().starts_with('#')
        })
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    let kind = if only_comments {
        format!("an empty block after the {what} (a comment does not count as a body)")
    } else {
        format!("the block after the {what} is not indented")
    };
    let step = if only_comments {
        "Give the block at least one real statement, indented under it: the `return` you plan, or `pass` as a placeholder for now.".to_string()
    } else {
        format!(
            "Indent the lines that belong to the block of line {at} (4 spaces more than line {at})."
        )
    };
    Some(Advice {
        kind: Some(kind),
        line: Some(at),
        what: Some(format!(
            "The message names line {at} itself: the {what} there ends with `:`, so Python needs an indented body under it{}.",
            if only_comments {
                ", and comments are not code: a body made only of comments is empty"
            } else {
                ""
            }
        )),
        replaces_what: true,
        spot: None,
        step,
    })
}

re!(
    PY_UNTERMINATED_TRIPLE,
    r"unterminated triple-quoted string literal"
);
re!(TWO_QUOTES_END, r#"[^"]""\s*$|[^']''\s*$"#);

fn py_unclosed_docstring(error: &str, code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    PY_UNTERMINATED_TRIPLE.find(error)?;
    let at = code.first(&TWO_QUOTES_END);
    Some(Advice {
        kind: Some("a triple-quoted string (docstring) that is never closed".into()),
        line: at,
        what: Some(format!(
            "A string opened with three quotes ends only at the next three quotes{}; everything until then, the rest of the file, is part of the string.",
            at.map(|n| format!(". Line {n} ends with only two")).unwrap_or_default()
        )),
        replaces_what: true,
        spot: None,
        step: "Close the string with three quotes, `\"\"\"`, exactly like it opens: add the third quote.".into(),
    })
}

re!(PY_FSTRING_BRACE, r"f-string: expecting '\}'");
re!(OPEN_BRACE_NAME, r"\{(\w+)\s+[^}]*$|\{(\w+)\W*$");

fn py_fstring_brace(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    PY_FSTRING_BRACE.find(error)?;
    let line = code.line(reported?)?;
    let name = OPEN_BRACE_NAME
        .captures(line)
        .and_then(|c| c.get(1).or(c.get(2)))
        .map(|m| m.as_str().to_string());
    let step = match &name {
        Some(v) => {
            format!("Close the brace right after the name: `{{{v}}}`, then the text goes on.")
        }
        None => {
            "Close the placeholder's curly brace `}` right after the expression inside it.".into()
        }
    };
    Some(Advice {
        kind: Some("an f-string placeholder whose curly brace `{` is never closed".into()),
        line: None,
        what: Some("In an f-string each `{` starts a placeholder that must be closed by a `}` before the text goes on.".into()),
        replaces_what: true,
        spot: None,
        step,
    })
}

re!(PY_EXPECTED_COLON, r"SyntaxError: expected ':'");

fn py_missing_colon(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    PY_EXPECTED_COLON.find(error)?;
    let n = reported?;
    let line = code.line(n)?.trim_end();
    if line.ends_with(':') {
        return None;
    }
    Some(Advice {
        step: format!(
            "Add a colon `:` at the end of line {n}: a line that starts a block (`if`, `while`, `for`, `def`) ends with one."
        ),
        ..Advice::default()
    })
}

re!(PY_KEY_ERROR, r"KeyError: '([^']+)'");

/// `KeyError: 'Banana'` while the dictionary has `'banana'`: keys are case-sensitive.
fn py_key_case(error: &str, code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    let key = PY_KEY_ERROR.captures(error)?[1].to_string();
    let lower = key.to_lowercase();
    let other = STRING_LITERAL
        .find_iter(&code.lines.join("\n"))
        .map(|m| m.as_str()[1..m.as_str().len() - 1].to_string())
        .find(|s| s != &key && s.to_lowercase() == lower)?;
    let quoted = Regex::new(&format!(r#"["']{}["']"#, regex::escape(&key))).ok()?;
    let at = code.first(&quoted);
    Some(Advice {
        kind: Some("a key spelled with different capital letters (keys are case-sensitive)".into()),
        line: at,
        what: Some(format!(
            "The dictionary's key is `'{other}'`, but the key looked up is `'{key}'`{}. Keys are case-sensitive: a capital letter makes it a different key.",
            at.map(|n| format!(", written on line {n}"))
                .unwrap_or_default()
        )),
        replaces_what: false,
        spot: Some(key.clone()),
        step: format!(
            "Use exactly the same spelling as the dictionary, capital letters included (`\"{other}\"`), or compare in one case by looking up `item.lower()`."
        ),
    })
}

re!(
    PY_FUNCTION_OPERAND,
    r"TypeError: unsupported operand type\(s\) for \S+: '(?:function|method)' and|and '(?:function|method)'"
);

/// An arithmetic error about a `'function'` value: somewhere a function was named, not called.
fn py_function_not_called(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    PY_FUNCTION_OPERAND.find(error)?;
    static DEF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*def\s+(\w+)\s*\(").expect("valid"));
    let functions: Vec<String> = code
        .lines
        .iter()
        .filter_map(|l| DEF.captures(l).map(|c| c[1].to_string()))
        .collect();
    let n = reported?;
    // A name on the reported line bound to a bare function name (`bill = subtotal`), or the
    // function's own name used without `()`.
    let line = code.line(n)?;
    for f in &functions {
        let bare = Regex::new(&format!(r"{}(?:\s*[^\s(\w]|\s*$)", word(f))).ok()?;
        if bare.is_match(line) && !line.trim_start().starts_with("def ") {
            return Some(function_not_called(f, None));
        }
    }
    static BOUND: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(\w+)\s*=\s*(\w+)\s*(?:#.*)?$").expect("valid"));
    for m in (1..n).rev() {
        if let Some(c) = code.line(m).and_then(|l| BOUND.captures(l))
            && functions.iter().any(|f| f == &c[2])
            && Regex::new(&word(&c[1])).is_ok_and(|r| r.is_match(line))
        {
            return Some(function_not_called(&c[2], Some((m, c[1].to_string()))));
        }
    }
    None
}

fn function_not_called(f: &str, bound: Option<(u32, String)>) -> Advice {
    let (line, what) = match &bound {
        Some((m, var)) => (
            Some(*m),
            format!(
                "On line {m}, `{var}` is given the function `{f}` itself, not its result: without parentheses the function is never called, so `{var}` holds a function, not a number."
            ),
        ),
        None => (
            None,
            format!(
                "`{f}` without parentheses is the function itself; it is never called, so there is no number to compute with."
            ),
        ),
    };
    Advice {
        kind: Some(format!(
            "the function `{f}` is not called (missing parentheses)"
        )),
        line,
        what: Some(what),
        replaces_what: false,
        spot: Some(f.to_string()),
        step: format!("Call the function, with parentheses: `{f}()`."),
    }
}

re!(
    PY_RECURSION,
    r"RecursionError: maximum recursion depth exceeded|RangeError: Maximum call stack size exceeded"
);
re!(
    BASE_CASE_EQ,
    r"^\s*(?:if|elif)\s*\(?\s*(\w+)\s*===?\s*(-?\d+)\s*\)?\s*[:{]"
);

/// A recursion that never stops, with a base case tested by `==`: an argument that jumps over
/// the value (odd steps, negative starts) never meets it; `<=` catches them all.
fn py_base_case_equals(error: &str, code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    PY_RECURSION.find(error)?;
    let at = code.first(&BASE_CASE_EQ)?;
    let c = BASE_CASE_EQ.captures(code.line(at)?)?;
    let (var, val) = (c[1].to_string(), c[2].to_string());
    Some(Advice {
        step: format!(
            "Test the base case on line {at} with `<=` instead of `==` (`{var} <= {val}`), so an argument that jumps past {val} stops too."
        ),
        ..Advice::default()
    })
}

// ------------------------------------------------------------------------------- all languages

re!(
    DIVIDED_BY_ZERO,
    r"ZeroDivisionError|division by zero|ArithmeticException: / by zero|floating point exception|killed by signal 8|SIGFPE|Floating point exception"
);
re!(DIVISOR, r"[/%]\s*([A-Za-z_]\w*(?:\.\w+(?:\(\))?)?)");

fn divided_by_zero(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    DIVIDED_BY_ZERO.find(error)?;
    let line = code.line(reported?)?;
    let bare = STRING_LITERAL.replace_all(line, "\"\"");
    let divisor = DIVISOR.captures(&bare)?[1].to_string();
    Some(Advice {
        step: format!(
            "Check `{divisor}` before dividing: only divide when it is not 0 (`if ({divisor} > 0)` or `!= 0`), and decide what to print when it is 0 (or make sure it is at least 1)."
        ),
        ..Advice::default()
    })
}

// ------------------------------------------------------------------------------ more classes

re!(
    JS_DECLARED_TWICE,
    r"SyntaxError: Identifier '(\w+)' has already been declared"
);

fn js_declared_twice(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    let name = JS_DECLARED_TWICE.captures(error)?[1].to_string();
    let n = reported?;
    let decl = Regex::new(&format!(
        r"\b(?:let|const|var)\s+{}\b",
        regex::escape(&name)
    ))
    .ok()?;
    let first = code.first(&decl).filter(|&f| f != n);
    Some(Advice {
        kind: Some(format!("`{name}` declared twice (it is already declared)")),
        line: None,
        what: Some(format!(
            "`{name}` is already declared{}; line {n} declares it again with `let`/`const`, and one scope can hold a name only once.",
            first.map(|f| format!(" on line {f}")).unwrap_or_default()
        )),
        replaces_what: false,
        spot: None,
        step: format!(
            "To change the existing `{name}`, remove the `let` (or `const`) on line {n} and assign without let; if you meant a new variable, give it a different name."
        ),
    })
}

re!(BACKTICK_CLOSED_OTHERWISE, r#"`[^`]*['"]\s*[;,)]*\s*$"#);
re!(QUOTE_CLOSED_BY_BACKTICK, r#"['"][^'"]*`\s*[;,)]*\s*$"#);

/// A string opened with one kind of quote and closed with another: the error is reported
/// on a later line, where the string finally ends.
fn mismatched_quotes(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    if !error.contains("SyntaxError") {
        return None;
    }
    let n = reported?;
    let at = (n.saturating_sub(3).max(1)..=n).find(|&m| {
        code.line(m).is_some_and(|l| {
            l.matches('`').count() % 2 == 1
                && (BACKTICK_CLOSED_OTHERWISE.is_match(l) || QUOTE_CLOSED_BY_BACKTICK.is_match(l))
        })
    })?;
    let opens_with_backtick = code.line(at)?.find('`') < code.line(at)?.find(['\'', '"']);
    let (open, close) = if opens_with_backtick {
        ("a backtick `` ` ``", "a different quote")
    } else {
        ("a quote", "a backtick")
    };
    Some(Advice {
        kind: Some("a string whose quotes do not match (mismatch)".into()),
        line: Some(at),
        what: Some(format!(
            "The string on line {at} starts with {open} but closes with {close}, so it does not end there: it runs on into the next lines, which is where JavaScript finally complains."
        )),
        replaces_what: true,
        spot: None,
        step: "End the string with the same quote it starts with (a backtick for a template string with `${...}`).".into(),
    })
}

re!(APOSTROPHE_WORD, r"\w'\w");

fn apostrophe_in_single_quotes(
    error: &str,
    code: &Code<'_>,
    reported: Option<u32>,
) -> Option<Advice> {
    if !error.contains("SyntaxError") {
        return None;
    }
    let n = reported?;
    let line = code.line(n)?;
    if line.matches('\'').count() % 2 == 0 || !APOSTROPHE_WORD.is_match(line) || line.contains('"')
    {
        return None;
    }
    Some(Advice {
        kind: Some("an apostrophe inside a single-quoted string".into()),
        line: None,
        what: Some("The apostrophe in the text is the same character as the single quote around it, so it ends the string early, and the rest of the words are read as code.".into()),
        replaces_what: true,
        spot: None,
        step: "Put the text in double quotes (or backticks) instead, or escape the apostrophe as `\\'`.".into(),
    })
}

re!(
    SEMI_AFTER_CONDITION,
    r"\b(?:if|while|for)\s*\(.*\)\s*;\s*\{?\s*$"
);

/// `if (...);` — the `;` ends the `if`, so the block after it always runs and a later `else`
/// has no `if`.
fn semicolon_after_condition(
    error: &str,
    code: &Code<'_>,
    reported: Option<u32>,
) -> Option<Advice> {
    if !error.contains("else") {
        return None;
    }
    let n = reported?;
    let at = code.last_before(n, &SEMI_AFTER_CONDITION)?;
    Some(Advice {
        kind: None,
        line: Some(at),
        what: Some(format!(
            "On line {at} a semicolon right after the condition's `)` ends the `if` there, as an empty statement; the block after it runs every time, and the `else` no longer belongs to any `if`."
        )),
        replaces_what: false,
        spot: Some(";".into()),
        step: format!("Remove the semicolon after the `)` on line {at}."),
    })
}

re!(
    GXX_TOO_FEW,
    r"error: too few arguments to function '[^']*?(\w+)\(([^)]*)\)'"
);

fn cpp_too_few_arguments(error: &str, _code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    let c = GXX_TOO_FEW.captures(error)?;
    let name = c[1].to_string();
    let params = c[2].split(',').filter(|p| !p.trim().is_empty()).count();
    let ordinal = match params {
        1 => "first",
        2 => "second",
        3 => "third",
        4 => "fourth",
        5 => "fifth",
        _ => "last",
    };
    Some(Advice {
        step: format!(
            "Pass {params} values, one per parameter of `{name}`, in the order of its declaration: the call is missing at least the {ordinal} argument."
        ),
        ..Advice::default()
    })
}

re!(JAVA_NULL_FIELD, r#"because "(?:this\.)?(\w+)" is null"#);

fn java_null_field(error: &str, code: &Code<'_>, _reported: Option<u32>) -> Option<Advice> {
    let name = JAVA_NULL_FIELD.captures(error)?[1].to_string();
    let decl = Regex::new(&format!(
        r"^\s*(?:private|public|protected)?\s*(?:static\s+)?(List|ArrayList|Map|HashMap|Set|HashSet|StringBuilder|\w+)(<[^>]*>)?\s+{}\s*;",
        regex::escape(&name)
    ))
    .ok()?;
    let at = code.first(&decl)?;
    let c = decl.captures(code.line(at)?)?;
    let make = match &c[1] {
        "List" | "ArrayList" => "new ArrayList<>()".to_string(),
        "Map" | "HashMap" => "new HashMap<>()".to_string(),
        "Set" | "HashSet" => "new HashSet<>()".to_string(),
        t => format!("new {t}(...)"),
    };
    Some(Advice {
        kind: None,
        line: Some(at),
        what: Some(format!(
            "`{name}` is declared on line {at} but never initialized: no object is ever created for it, so it stays `null`."
        )),
        replaces_what: false,
        spot: None,
        step: format!(
            "Create the object for `{name}`: give it `= {make}` where it is declared on line {at}, or in the constructor."
        ),
    })
}

re!(PY_UNTERMINATED, r"SyntaxError: unterminated string literal");

fn py_unterminated_string(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    PY_UNTERMINATED.find(error)?;
    let line = code.line(reported?)?.trim_end();
    let before = if line.ends_with(')') {
        " before the `)`"
    } else {
        " where the text ends"
    };
    Some(Advice {
        step: format!(
            "Close the string: add the closing quote{before}, the same kind of quote that opens it."
        ),
        ..Advice::default()
    })
}

re!(
    ENTRY_LINE,
    r#"^\s*(?:["'\w][^:]*:\s*\S.*|["'\d].*|\{.*\}|\[.*\])$"#
);

/// "invalid syntax" (or "Unexpected token/string") on an entry of a list, dictionary or
/// object whose previous entry ends without a comma.
fn missing_comma(error: &str, code: &Code<'_>, reported: Option<u32>) -> Option<Advice> {
    if !(error.contains("invalid syntax")
        || error.contains("Unexpected token")
        || error.contains("Unexpected string")
        || error.contains("Unexpected identifier"))
    {
        return None;
    }
    let n = reported?;
    let here = code.line(n)?;
    let prev_n = (1..n)
        .rev()
        .find(|&m| code.line(m).is_some_and(|l| !l.trim().is_empty()))?;
    let prev = code.line(prev_n)?.trim_end();
    let before_prev = (1..prev_n)
        .rev()
        .find_map(|m| code.line(m).filter(|l| !l.trim().is_empty()))?
        .trim_end();
    let entries = ENTRY_LINE.is_match(here) && ENTRY_LINE.is_match(prev);
    let in_a_run =
        before_prev.ends_with(',') || before_prev.ends_with('{') || before_prev.ends_with('[');
    if !entries || !in_a_run || prev.ends_with(',') || prev.ends_with('{') || prev.ends_with('[') {
        return None;
    }
    let last = prev
        .split_whitespace()
        .last()
        .unwrap_or("")
        .replace('`', "'");
    Some(Advice {
        kind: Some("missing comma".into()),
        line: Some(prev_n),
        what: Some(format!(
            "Line {n} is fine; the entry before it, on line {prev_n}, ends without the comma that separates it from the next one, so the two run together."
        )),
        replaces_what: true,
        spot: None,
        step: format!("Add a comma at the end of line {prev_n}, after {last}."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advise_on(lang: Lang, error: &str, code: &str, line: u32) -> Advice {
        advise(lang, error, code, Some(line)).expect("a rule applies")
    }

    #[test]
    fn a_case_that_crosses_an_initialization_points_at_the_declaration_and_the_braces() {
        let code = "int main() {\n    int c = 2;\n    switch (c) {\n        case 2:\n            int change = 20;\n            break;\n        case 3:\n            break;\n    }\n}\n";
        let err = "main.cpp:7:14: error: jump to case label\n    7 |         case 3:\n main.cpp:5:17: note:   crosses initialization of ‘int change’\n";
        let a = advise_on(Lang::Cpp, err, code, 7);
        assert_eq!(a.line, Some(5));
        assert!(a.step.contains("`case 2:`"), "{}", a.step);
        // The label and its brace together would be the corrected line.
        assert!(!a.step.contains("case 2: {"), "{}", a.step);
        assert!(a.step.contains("braces"));
    }

    #[test]
    fn a_lambda_without_capture_points_at_its_capture_list() {
        let code = "int main() {\n    int limit = 50;\n    auto f = [](int s) {\n        return s > limit;\n    };\n}\n";
        let err = "main.cpp:4:20: error: ‘limit’ is not captured\nmain.cpp:3:15: note: the lambda has no capture-default\n";
        let a = advise_on(Lang::Cpp, err, code, 4);
        assert_eq!(a.line, Some(3));
        assert!(a.step.contains("`[limit]`"));
    }

    #[test]
    fn a_read_only_variable_points_at_its_const_declaration() {
        let code = "int main() {\n    const int tries = 3;\n    tries--;\n}\n";
        let a = advise_on(
            Lang::Cpp,
            "main.cpp:3:5: error: decrement of read-only variable 'tries'",
            code,
            3,
        );
        assert_eq!(a.line, Some(2));
        assert!(a.step.contains("remove `const`"));
    }

    #[test]
    fn a_member_function_named_without_parentheses_is_called() {
        let code =
            "#include <vector>\nint main() {\n    std::vector<int> v;\n    if (v.empty) {}\n}\n";
        let err = "main.cpp:4:11: error: cannot convert ‘std::vector<int>::empty’ from type ‘bool (std::vector<int>::)() const noexcept’ to type ‘bool’";
        let a = advise_on(Lang::Cpp, err, code, 4);
        assert!(a.step.contains("`v.empty()`"), "{}", a.step);
        assert!(a.kind.unwrap().contains("parentheses"));
    }

    #[test]
    fn size_on_a_plain_array_suggests_std_size_or_a_vector() {
        let err = "main.cpp:3:25: error: request for member ‘size’ in ‘temps’, which is of non-class type ‘int [5]’";
        let a = advise_on(Lang::Cpp, err, "a\nb\nc\n", 3);
        assert!(a.step.contains("std::size(temps)"));
        assert!(a.kind.unwrap().contains("plain"));
    }

    #[test]
    fn a_void_result_stored_is_called_on_its_own() {
        let code = "void show(int a) {}\nint main() {\n    int shown = show(2);\n}\n";
        let a = advise_on(
            Lang::Cpp,
            "main.cpp:3:21: error: void value not ignored as it ought to be",
            code,
            3,
        );
        assert!(a.step.contains("without `shown =`"), "{}", a.step);
    }

    #[test]
    fn substr_from_npos_points_at_the_find() {
        let code = "std::string ext(std::string f) {\n    std::size_t dot = f.find('.');\n    return f.substr(dot);\n}\n";
        let err = "terminate called after throwing an instance of 'std::out_of_range'\n  what():  basic_string::substr: __pos (which is 18446744073709551615) > this->size() (which is 6)";
        let a = advise_on(Lang::Cpp, err, code, 3);
        assert_eq!(a.line, Some(2));
        assert!(a.step.contains("dot == std::string::npos"));
    }

    #[test]
    fn a_struct_without_its_semicolon_gets_one_after_the_brace() {
        let a = advise_on(
            Lang::Cpp,
            "main.cpp:4:2: error: expected ‘;’ after struct definition",
            "struct P {\n int x;\n}\n",
            3,
        );
        assert!(a.step.contains("after the closing brace"));
        assert!(a.kind.unwrap().contains("semicolon"));
    }

    #[test]
    fn a_non_static_method_is_made_static() {
        let code = "public class Main {\n    void greet(String n) {}\n    public static void main(String[] a) { greet(\"x\"); }\n}\n";
        let err = "Main.java:3: error: non-static method greet(String) cannot be referenced from a static context";
        let a = advise_on(Lang::Java, err, code, 3);
        assert!(a.step.contains("Make it static") && a.step.contains("line 2"));
    }

    #[test]
    fn a_lossy_conversion_names_the_variable_and_the_type() {
        let code = "class M {\n  void f(double b, int p) {\n    int each = b / p;\n  }\n}\n";
        let err =
            "Main.java:3: error: incompatible types: possible lossy conversion from double to int";
        let a = advise_on(Lang::Java, err, code, 3);
        assert!(a.step.contains("`double each`") && a.step.contains("change the type"));
    }

    #[test]
    fn an_uninitialized_total_starts_at_zero() {
        let code = "class M {\n  int f(int[] a) {\n    int total;\n    for (int x : a) total += x;\n    return total;\n  }\n}\n";
        let err = "Main.java:4: error: variable total might not have been initialized";
        let a = advise_on(Lang::Java, err, code, 4);
        assert!(a.step.contains("line 3") && a.step.contains("`= 0`"));
    }

    #[test]
    fn a_missing_return_type_is_inferred_from_the_return() {
        let code = "public class Main {\n    static average(int[] m) {\n        int sum = 0;\n        return (double) sum / m.length;\n    }\n}\n";
        let err = "Main.java:2: error: invalid method declaration; return type required";
        let a = advise_on(Lang::Java, err, code, 2);
        assert!(a.step.contains("`double`"), "{}", a.step);
    }

    #[test]
    fn a_void_method_returning_a_value_changes_void() {
        let code = "class M {\n  static void area(double r) {\n    return 3.14 * r * r;\n  }\n}\n";
        let err = "Main.java:3: error: incompatible types: unexpected return value";
        let a = advise_on(Lang::Java, err, code, 3);
        assert_eq!(a.line, Some(2));
        assert!(a.step.contains("double instead of void"), "{}", a.step);
    }

    #[test]
    fn a_char_compared_with_a_string_gets_single_quotes() {
        let code = "class M {\n  void f(char c) {\n    if (c == \"a\") {}\n  }\n}\n";
        let err = "Main.java:3: error: bad operand types for binary operator '=='\n    if (c == \"a\") {}\n          ^\n  first type:  char\n  second type: String\n";
        let a = advise_on(Lang::Java, err, code, 3);
        assert!(a.step.contains("`'a'`"));
    }

    #[test]
    fn a_missing_semicolon_is_added_at_the_end_of_the_line() {
        let code = "class M {\n  void f() {\n    int seats = 40\n  }\n}\n";
        let a = advise_on(Lang::Java, "Main.java:3: error: ';' expected", code, 3);
        assert!(a.step.contains("at the end of line 3"));
    }

    #[test]
    fn a_decimal_parsed_as_int_uses_parse_double() {
        let err = "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"4.99\"";
        let a = advise_on(Lang::Java, err, "x\n", 1);
        assert!(a.step.contains("Double.parseDouble"));
    }

    #[test]
    fn a_substring_past_the_end_checks_the_length() {
        let code =
            "class M {\n  void f(String first) {\n    String a = first.substring(0, 3);\n  }\n}\n";
        let err = "Exception in thread \"main\" java.lang.StringIndexOutOfBoundsException: begin 0, end 3, length 2";
        let a = advise_on(Lang::Java, err, code, 3);
        assert!(a.step.contains("first.length()") && a.step.contains("Math.min"));
    }

    #[test]
    fn adding_to_list_of_points_at_the_immutable_declaration() {
        let code = "import java.util.*;\nclass M {\n  void f() {\n    List<String> t = List.of(\"a\");\n    t.add(\"b\");\n  }\n}\n";
        let err = "Exception in thread \"main\" java.lang.UnsupportedOperationException\n\tat java.base/java.util.ImmutableCollections.uoe(ImmutableCollections.java:142)\n\tat Main.main(Main.java:5)";
        let a = advise_on(Lang::Java, err, code, 5);
        assert_eq!(a.line, Some(4));
        assert!(a.step.contains("ArrayList"));
    }

    #[test]
    fn an_arrow_function_missing_its_arrow() {
        let code = "const double = (n) {\n  return n * 2;\n};\n";
        let a = advise_on(
            Lang::Javascript,
            "SyntaxError: Unexpected token '{'",
            code,
            1,
        );
        assert!(a.step.contains("`(n) => {`"));
    }

    #[test]
    fn a_condition_without_parentheses_gets_them() {
        let code = "if (a) {\n} else if score >= 50 {\n}\n";
        let a = advise_on(
            Lang::Javascript,
            "SyntaxError: Unexpected identifier 'score'",
            code,
            2,
        );
        assert!(a.step.contains("`if (score >= 50)`"), "{}", a.step);
        assert!(a.replaces_what);
    }

    #[test]
    fn commas_in_a_for_header_become_semicolons() {
        let code = "for (let d = 5, d > 0, d--) {\n}\n";
        let a = advise_on(
            Lang::Javascript,
            "SyntaxError: Unexpected token '>'",
            code,
            1,
        );
        assert!(a.step.contains("semicolons"));
    }

    #[test]
    fn an_unclosed_parenthesis_is_closed_before_the_semicolon_or_brace() {
        let a = advise_on(
            Lang::Javascript,
            "SyntaxError: missing ) after argument list",
            "console.log(\"n: \" + t.length;\n",
            1,
        );
        assert!(a.step.contains("Add `)`") && a.step.contains("before the `;`"));
        let b = advise_on(
            Lang::Javascript,
            "SyntaxError: Unexpected token '{'",
            "if (d[i] > 3 {\n}\n",
            1,
        );
        assert!(b.step.contains("close the condition before the `{`"));
    }

    #[test]
    fn a_const_reassigned_becomes_let() {
        let code = "const count = 0;\nfor (const x of [1]) {\n  count++;\n}\n";
        let a = advise_on(
            Lang::Javascript,
            "TypeError: Assignment to constant variable.",
            code,
            3,
        );
        assert!(a.step.contains("`let count`"));
    }

    #[test]
    fn a_name_used_before_its_let_is_moved_up() {
        let code = "function f() {\n  return 2 * RATE;\n}\nconsole.log(f());\nconst RATE = 0.2;\n";
        let err = "ReferenceError: Cannot access 'RATE' before initialization";
        let a = advise_on(Lang::Javascript, err, code, 2);
        assert!(a.what.unwrap().contains("before"));
        assert!(a.step.contains("after line 5"));
    }

    #[test]
    fn a_body_of_only_comments_is_an_empty_block() {
        let code = "def average(n):\n    # TODO later\n\ndef report(n):\n    print(n)\n";
        let err =
            "IndentationError: expected an indented block after function definition on line 1";
        let a = advise_on(Lang::Python, err, code, 4);
        assert_eq!(a.line, Some(1));
        assert!(a.step.contains("`pass`"));
    }

    #[test]
    fn a_docstring_closed_with_two_quotes_gets_a_third() {
        let code = "def f():\n    \"\"\"Print it.\n    More text.\"\"\n    print(1)\n";
        let err = "SyntaxError: unterminated triple-quoted string literal (detected at line 4)";
        let a = advise_on(Lang::Python, err, code, 2);
        assert_eq!(a.line, Some(3));
        assert!(a.step.contains("third quote"));
    }

    #[test]
    fn an_fstring_brace_is_closed_after_the_name() {
        let a = advise_on(
            Lang::Python,
            "SyntaxError: f-string: expecting '}'",
            "print(f\"You are {age years\")\n",
            1,
        );
        assert!(a.step.contains("`{age}`"));
    }

    #[test]
    fn a_missing_colon_is_added() {
        let a = advise_on(
            Lang::Python,
            "SyntaxError: expected ':'",
            "x = 3\nwhile x > 0\n    x -= 1\n",
            2,
        );
        assert!(a.step.contains("at the end of line 2"));
    }

    #[test]
    fn a_key_error_with_other_capitals_points_at_the_spelling() {
        let code = "prices = {\"banana\": 2}\nbasket = [\"Banana\"]\nfor i in basket:\n    print(prices[i])\n";
        let a = advise_on(Lang::Python, "KeyError: 'Banana'", code, 4);
        assert_eq!(a.line, Some(2));
        assert!(a.step.contains(".lower()"));
    }

    #[test]
    fn a_function_bound_without_a_call_is_called() {
        let code = "def subtotal():\n    return 3.0\n\nbill = subtotal\nvat = bill * 0.2\n";
        let err = "TypeError: unsupported operand type(s) for *: 'function' and 'float'";
        let a = advise_on(Lang::Python, err, code, 5);
        assert_eq!(a.line, Some(4));
        assert!(a.step.contains("`subtotal()`"));
    }

    #[test]
    fn a_base_case_tested_with_equals_is_widened() {
        let code = "def down(n):\n    if n == 0:\n        return\n    down(n - 2)\n";
        let a = advise_on(
            Lang::Python,
            "RecursionError: maximum recursion depth exceeded",
            code,
            4,
        );
        assert!(a.step.contains("`n <= 0`"));
    }

    #[test]
    fn a_division_by_zero_checks_the_divisor() {
        let code = "int main() {\n  int t = 0;\n  return 10 / t;\n}\n";
        let a = advise_on(Lang::Cpp, "[codestead: killed by signal 8]", code, 3);
        assert!(a.step.contains("Check `t` before dividing"));
    }

    #[test]
    fn a_second_let_is_removed() {
        let code = "let total = 0;\nfor (const x of [1]) {}\nlet total = 5;\n";
        let a = advise_on(
            Lang::Javascript,
            "SyntaxError: Identifier 'total' has already been declared",
            code,
            3,
        );
        assert!(a.step.contains("remove the `let`") && a.kind.unwrap().contains("declared twice"));
    }

    #[test]
    fn a_template_string_closed_with_a_quote_points_at_its_line() {
        let code = "const name = 'A';\nconst g = `Hello ${name}!';\nconst s = 'This week';\n";
        let a = advise_on(
            Lang::Javascript,
            "SyntaxError: Unexpected identifier 'This'",
            code,
            3,
        );
        assert_eq!(a.line, Some(2));
        assert!(a.step.contains("same quote"));
    }

    #[test]
    fn an_apostrophe_in_single_quotes_gets_double_quotes() {
        let code = "let m;\nm = 'It's raining';\n";
        let a = advise_on(
            Lang::Javascript,
            "SyntaxError: Unexpected identifier 's'",
            code,
            2,
        );
        assert!(a.step.contains("double quotes"));
    }

    #[test]
    fn a_semicolon_after_if_is_removed_when_the_else_is_orphaned() {
        let code = "int main() {\n    if (t > 25); {\n        f();\n    } else {\n    }\n}\n";
        let err = "main.cpp:4:7: error: 'else' without a previous 'if'";
        let a = advise_on(Lang::Cpp, err, code, 4);
        assert_eq!(a.line, Some(2));
        assert!(a.step.contains("Remove the semicolon"));
    }

    #[test]
    fn too_few_arguments_names_the_missing_one() {
        let err = "main.cpp:9:30: error: too few arguments to function ‘double cost(double, double, double)’";
        let a = advise_on(Lang::Cpp, err, "a\n", 1);
        assert!(a.step.contains("Pass 3") && a.step.contains("third argument"));
    }

    #[test]
    fn a_null_field_gets_its_object_created() {
        let code = "import java.util.*;\nclass Cart {\n    private List<String> items;\n    void add(String i) { items.add(i); }\n}\n";
        let err = "Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"java.util.List.add(Object)\" because \"this.items\" is null";
        let a = advise_on(Lang::Java, err, code, 4);
        assert_eq!(a.line, Some(3));
        assert!(a.step.contains("= new ArrayList<>()"));
    }

    #[test]
    fn an_unterminated_string_is_closed_before_the_parenthesis() {
        let a = advise_on(
            Lang::Python,
            "SyntaxError: unterminated string literal (detected at line 1)",
            "print(\"Hi \" + name + \"!)\n",
            1,
        );
        assert!(a.step.contains("closing quote before the `)`"));
    }

    #[test]
    fn a_missing_comma_is_reported_on_the_entry_before() {
        let code = "hours = {\n    \"monday\": \"9-17\",\n    \"tuesday\": \"9-17\"\n    \"wednesday\": \"9-20\",\n}\n";
        let a = advise_on(Lang::Python, "SyntaxError: invalid syntax", code, 4);
        assert_eq!(a.line, Some(3));
        assert!(a.step.contains("end of line 3"));
    }

    #[test]
    fn a_javascript_base_case_with_triple_equals_is_widened() {
        let code = "function fib(n) {\n  if (n === 1) {\n    return 1;\n  }\n  return fib(n - 1) + fib(n - 2);\n}\n";
        let a = advise_on(
            Lang::Javascript,
            "RangeError: Maximum call stack size exceeded",
            code,
            5,
        );
        assert!(a.step.contains("`n <= 1`"));
    }

    #[test]
    fn an_unknown_message_gets_no_advice() {
        assert_eq!(
            advise(Lang::Python, "SomethingError: odd", "x = 1\n", Some(1)),
            None
        );
    }
}
