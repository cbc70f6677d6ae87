//! The offline tutor answering from facts: the bug line when it is not the reported one, wrong
//! output located from an expectation, silent crashes, divergences on hidden tests, lessons only
//! in the learner's language, and no placeholder in any answer.

use std::sync::Arc;

use codestead_tutor::{
    Divergence, DivergenceKind, HintRung, LessonHit, LessonSearch, NoLessons, OfflineTutor,
    RunFacts, TutorContext, TutorTurn,
};
use proptest::prelude::*;

fn turn(language: &str, code: &str, error: Option<&str>, query: &str) -> TutorTurn {
    TutorTurn {
        query: query.into(),
        context: TutorContext {
            language: Some(language.into()),
            code: Some(code.into()),
            error_output: error.map(str::to_string),
            ..Default::default()
        },
    }
}

fn offline() -> OfflineTutor {
    OfflineTutor::new(Arc::new(NoLessons))
}

#[test]
fn a_missing_brace_two_functions_up_is_pointed_at_and_blanked_on_its_own_line() {
    let code = "#include <iostream>\nusing namespace std;\n\nint twice(int x) {\n    if (x > 0) {\n        return 2 * x;\n    return 0;\n}\n\nint main() {\n    cout << twice(3) << endl;\n    return 0;\n}\n";
    let error = "main.cpp: In function 'int twice(int)':\nmain.cpp:10:12: error: a function-definition is not allowed here before '{' token\n   10 | int main() {\n      |            ^\nmain.cpp:13:2: error: expected '}' at end of input\n";
    let t = turn("cpp", code, Some(error), "why?");
    let first = offline().answer(&t, HintRung::Nudge);
    assert!(first.contains("line 5"), "names the bug line: {first}");
    let last = offline().answer(&t, HintRung::PartialCode);
    assert!(
        last.contains("    if (x > 0) {   // line 5: this block opens here")
            && last.contains("___"),
        "the last rung shows the learner's own bug line: {last}"
    );
    assert!(
        !last.contains("int main() {   //"),
        "not the reported line: {last}"
    );
}

#[test]
fn python_else_if_is_explained_as_else_if_not_as_a_missing_colon() {
    let code = "x = 4\nif x > 5:\n    print('big')\nelse if x > 2:\n    print('mid')\n";
    let error = "  File \"/box/main.py\", line 4\n    else if x > 2:\n         ^^\nSyntaxError: expected ':'\n";
    let a = offline().answer(&turn("python", code, Some(error), "?"), HintRung::Nudge);
    assert!(a.contains("line 4") && a.contains("else if"), "{a}");
    assert!(
        !a.contains("does not end with a colon"),
        "nothing false: {a}"
    );
}

#[test]
fn an_index_error_points_at_the_loop_bound_and_the_last_rung_blanks_the_bound() {
    let code =
        "scores = [1, 2, 3]\ntotal = 0\nfor i in range(len(scores) + 1):\n    total += scores[i]\n";
    let error = "Traceback (most recent call last):\n  File \"/box/main.py\", line 4, in <module>\n    total += scores[i]\nIndexError: list index out of range\n";
    let t = turn("python", code, Some(error), "?");
    let a = offline().answer(&t, HintRung::PartialCode);
    assert!(a.contains("line 3"), "{a}");
    assert!(
        a.contains("for i in range(___):"),
        "the bound is blanked, not the index: {a}"
    );
    assert!(!a.contains("scores[___]"), "{a}");
}

#[test]
fn a_playground_expectation_in_the_question_locates_the_line_that_computed_the_value() {
    let code = "nums = [2, 3]\ntotal = nums[0] + nums[1]\navg = total // len(nums)\nprint(\"Average:\", avg)\n";
    let a = offline().answer(
        &turn("python", code, None, "it prints 2 but I expected 2.5"),
        HintRung::Nudge,
    );
    assert!(a.contains("line 4") && a.contains("line 3"), "{a}");
    assert!(a.contains("floor division"), "names the slip: {a}");
    assert!(!a.contains("the example in the statement"), "{a}");
    assert!(a.trim_end().ends_with('?'), "ends with its question: {a}");
}

#[test]
fn a_cpp_crash_with_only_a_status_is_explained_from_the_code() {
    let code = "#include <iostream>\nint main() {\n    int* p = nullptr;\n    int x = 3;\n    *p = x;\n    std::cout << x;\n}\n";
    let a = offline().answer(
        &turn(
            "cpp",
            code,
            Some("Status: runtime_error"),
            "it just crashes",
        ),
        HintRung::Nudge,
    );
    assert!(
        a.contains("segmentation fault") && a.contains("line 5"),
        "{a}"
    );
    assert!(!a.contains("I don't see an error"), "{a}");
}

#[test]
fn a_divergence_on_a_hidden_test_names_the_line_but_no_value() {
    let code =
        "n = int(input())\ntotal = 0\nfor i in range(n):\n    total += i * i\nprint(total)\n";
    let mut t = turn("python", code, None, "why does the test fail?");
    t.context.facts = Some(RunFacts {
        hidden: true,
        divergence: Some(Divergence {
            kind: DivergenceKind::Variable,
            line: Some(4),
            output_line: None,
            actual: Some("SECRET-ACTUAL".into()),
            expected: Some("SECRET-EXPECTED".into()),
            variable: Some("total".into()),
            locals: [("n".to_string(), "SECRET-N".to_string())].into(),
            iterations: None,
        }),
        ..Default::default()
    });
    for rung in [HintRung::Nudge, HintRung::PartialCode] {
        let a = offline().answer(&t, rung);
        assert!(a.contains("line 4") && a.contains("total"), "{a}");
        assert!(!a.contains("SECRET"), "no value of a hidden test: {a}");
    }
}

struct EveryLanguage;

impl LessonSearch for EveryLanguage {
    fn search(&self, _query: &str, _language: Option<&str>) -> Vec<LessonHit> {
        vec![LessonHit {
            slug: "java-exceptions".into(),
            title: "Exceptions in Java".into(),
            snippet: "".into(),
        }]
    }
}

#[test]
fn a_lesson_from_another_language_is_never_linked() {
    let tutor = OfflineTutor::new(Arc::new(EveryLanguage));
    let code = "#include <string>\nint main() {\n    int n = std::stoi(\"abc\");\n}\n";
    let error =
        "terminate called after throwing an instance of 'std::invalid_argument'\n  what():  stoi\n";
    let a = tutor.answer(&turn("cpp", code, Some(error), "?"), HintRung::Nudge);
    assert!(!a.contains("/learn/java-"), "{a}");
}

const ERRORS: &[&str] = &[
    "Traceback (most recent call last):\n  File \"/box/main.py\", line 2, in <module>\n    {X}\nNameError: name '{N}' is not defined\n",
    "TypeError: unsupported operand type(s) for +: 'int' and 'str'\n",
    "TypeError: can only concatenate str (not \"int\") to str\n",
    "  File \"/box/main.py\", line 1\n    {X}\nSyntaxError: invalid syntax\n",
    "main.cpp:2:5: error: '{N}' was not declared in this scope\n",
    "main.cpp:3:1: error: expected ';' before '}' token\n",
    "Main.java:3: error: cannot find symbol\n  symbol:   variable {N}\n",
    "Exception in thread \"main\" java.lang.NullPointerException\n\tat Main.main(Main.java:2)\n",
    "/box/main.js:2\n{X}\nReferenceError: {N} is not defined\n    at Object.<anonymous> (/box/main.js:2:1)\n",
    "Status: runtime_error",
    "Segmentation fault",
    "",
    "ValueError: invalid literal for int() with base 10: '{N}'\n",
    "error: something odd happened\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn no_answer_ever_contains_an_unfilled_placeholder(
        lang in prop::sample::select(vec!["python", "javascript", "java", "cpp"]),
        error in prop::sample::select(ERRORS.to_vec()),
        name in "[a-z]{1,8}",
        line in "[a-z =+();\\[\\]0-9]{0,30}",
        rung in 0usize..5,
        query in prop::sample::select(vec!["why?", "it prints 3 but I expected 4", "give me the full solution", "what is a list?", ""]),
        expected in prop::option::of("[a-z0-9 ]{1,10}"),
        tests in prop::collection::vec("[a-z ]{0,30}", 0..3),
    ) {
        let code = format!("{line}\n{name} = 1\nprint({name})\n{line}\n");
        let error = error.replace("{X}", &line).replace("{N}", &name);
        let mut t = turn(lang, &code, Some(&error), query);
        t.context.expected_output = expected;
        t.context.failing_tests = tests;
        let a = offline().answer(&t, HintRung::from_index(rung));
        let unfenced = a.replace("```", "");
        for token in ["{sym}", "{a}", "{b}", "{c}", "{detail}", "{recv}", "{b_hint}"] {
            prop_assert!(!a.contains(token), "{token} in {a}");
        }
        prop_assert!(!unfenced.contains("``"), "an empty code span in {a}");
        prop_assert!(a.contains("**Question:**") || a.contains('?'), "no question in {a}");
        let paragraphs: Vec<&str> = a.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
        for (i, p) in paragraphs.iter().enumerate() {
            prop_assert!(!paragraphs[..i].contains(p), "printed twice: {p}");
        }
    }
}
