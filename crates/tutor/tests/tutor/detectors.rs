//! The offline tutor's newer detectors end to end: real compiler and runtime messages for
//! beginner programs are matched to their knowledge-base rows, and the answers point at the line
//! that holds the bug (a declaration, a stray `;`, a comparison) rather than the one reported.

use std::sync::Arc;

use codestead_tutor::{
    Lang, Message, NoLessons, Tutor, TutorConfig, TutorContext, TutorTurn, diagnose,
};
use tokio_util::sync::CancellationToken;

fn turn(lang: &str, code: &str, error: &str, status: &str, history: Vec<Message>) -> TutorTurn {
    TutorTurn {
        query: "Why does this fail?".into(),
        context: TutorContext {
            code: Some(code.into()),
            language: Some(lang.into()),
            error_output: Some(error.into()),
            status: Some(status.into()),
            history,
            ..Default::default()
        },
    }
}

async fn answer(turn: TutorTurn) -> String {
    let tutor = Tutor::new(TutorConfig::default(), Arc::new(NoLessons)).unwrap();
    tutor
        .respond_text(turn, CancellationToken::new())
        .await
        .text
}

/// The answers to the same question, asked again after each answer, from the first rung up.
async fn ladder(lang: &str, code: &str, error: &str, status: &str, rungs: usize) -> Vec<String> {
    let mut history = Vec::new();
    let mut answers = Vec::new();
    for _ in 0..rungs {
        let a = answer(turn(lang, code, error, status, history.clone())).await;
        history.push(Message::user("Why does this fail?"));
        history.push(Message::assistant(a.clone()));
        answers.push(a);
    }
    answers
}

const CHAR_VS_STRING: &str = "#include <iostream>\n#include <string>\n\nint main() {\n    std::string word = \"hello\";\n    int count = 0;\n    for (int i = 0; i < 5; i++) {\n        if (word[i] == \"l\") {\n            count++;\n        }\n    }\n    std::cout << count << \"\\n\";\n}\n";
const CHAR_VS_STRING_ERR: &str = "main.cpp: In function 'int main()':\nmain.cpp:8:21: error: ISO C++ forbids comparison between pointer and integer [-fpermissive]\n    8 |         if (word[i] == \"l\") {\n      |             ~~~~~~~~^~~~~~\n";

const VOID_VALUE: &str = "#include <iostream>\n\nvoid greet(int n) {\n    std::cout << \"hi \" << n << \"\\n\";\n}\n\nint main() {\n    int x = greet(3);\n    std::cout << x << \"\\n\";\n}\n";
const VOID_VALUE_ERR: &str = "main.cpp: In function 'int main()':\nmain.cpp:8:18: error: void value not ignored as it ought to be\n    8 |     int x = greet(3);\n      |             ~~~~~^~~\n";

const STRING_LENGTH: &str = "public class Main {\n    public static void main(String[] args) {\n        String w = \"banana\";\n        int n = w.length;\n        System.out.println(n);\n    }\n}\n";
const STRING_LENGTH_ERR: &str = "Main.java:4: error: cannot find symbol\n        int n = w.length;\n                 ^\n  symbol:   variable length\n  location: variable w of type String\n1 error\n";

const ARRAY_SUM: &str =
    "const prices = [3, 4, 5];\nconst total = prices.sum();\nconsole.log(total);\n";
const ARRAY_SUM_ERR: &str = "/sandbox/main.js:2\nconst total = prices.sum();\n                     ^\n\nTypeError: prices.sum is not a function\n    at Object.<anonymous> (/sandbox/main.js:2:22)\n    at Module._compile (node:internal/modules/cjs/loader:1521:14)\n\nNode.js v20.20.2\n";

const RETURN_IN_ARROW: &str = "const nums = [1, 2, 3];\nconst doubled = nums.map(n => return n * 2);\nconsole.log(doubled);\n";
const RETURN_IN_ARROW_ERR: &str = "/sandbox/main.js:2\nconst doubled = nums.map(n => return n * 2);\n                              ^^^^^^\n\nSyntaxError: Unexpected token 'return'\n    at wrapSafe (node:internal/modules/cjs/loader:1464:18)\n\nNode.js v20.20.2\n";

const NUMBER_SPACE: &str = "public class Main {\n    public static void main(String[] args) {\n        String line = \"Ada, 17\";\n        String[] parts = line.split(\",\");\n        int age = Integer.parseInt(parts[1]);\n        System.out.println(age + 1);\n    }\n}\n";
const NUMBER_SPACE_ERR: &str = "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \" 17\"\n\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n\tat java.base/java.lang.Integer.parseInt(Integer.java:654)\n\tat java.base/java.lang.Integer.parseInt(Integer.java:786)\n\tat Main.main(Main.java:5)\n";

#[test]
fn each_new_compiler_and_runtime_message_finds_its_own_knowledge_base_row() {
    let cases = [
        (
            Lang::Cpp,
            CHAR_VS_STRING,
            CHAR_VS_STRING_ERR,
            "cpp-char-vs-string-literal",
            8,
        ),
        (
            Lang::Cpp,
            VOID_VALUE,
            VOID_VALUE_ERR,
            "cpp-void-value-used",
            8,
        ),
        (
            Lang::Java,
            STRING_LENGTH,
            STRING_LENGTH_ERR,
            "java-string-length-field",
            4,
        ),
        (
            Lang::Javascript,
            ARRAY_SUM,
            ARRAY_SUM_ERR,
            "js-no-array-sum",
            2,
        ),
        (
            Lang::Javascript,
            RETURN_IN_ARROW,
            RETURN_IN_ARROW_ERR,
            "js-return-in-arrow",
            2,
        ),
        (
            Lang::Java,
            NUMBER_SPACE,
            NUMBER_SPACE_ERR,
            "java-number-format-space",
            5,
        ),
    ];
    for (lang, code, err, id, line) in cases {
        let d = diagnose(lang, err, Some(1), None, Some(code)).unwrap_or_else(|| panic!("{id}"));
        assert_eq!((d.pattern_id, d.line), (id, Some(line)), "{err}");
    }
}

#[test]
fn a_number_without_spaces_keeps_the_plain_number_format_row() {
    let err = NUMBER_SPACE_ERR.replace("\" 17\"", "\"seventeen\"");
    let d = diagnose(Lang::Java, &err, Some(1), None, Some(NUMBER_SPACE)).unwrap();
    assert_eq!(d.pattern_id, "java-number-format");
}

#[tokio::test]
async fn the_answers_for_the_new_rows_talk_about_their_own_mistake() {
    let cases = [
        (
            "cpp",
            CHAR_VS_STRING,
            CHAR_VS_STRING_ERR,
            "compile_error",
            &["line 8", "single quotes"][..],
        ),
        (
            "cpp",
            VOID_VALUE,
            VOID_VALUE_ERR,
            "compile_error",
            &["line 8", "void", "return"][..],
        ),
        (
            "java",
            STRING_LENGTH,
            STRING_LENGTH_ERR,
            "compile_error",
            &["line 4", "length()"][..],
        ),
        (
            "javascript",
            ARRAY_SUM,
            ARRAY_SUM_ERR,
            "runtime_error",
            &["line 2", "reduce"][..],
        ),
        (
            "javascript",
            RETURN_IN_ARROW,
            RETURN_IN_ARROW_ERR,
            "compile_error",
            &["line 2", "braces"][..],
        ),
        (
            "java",
            NUMBER_SPACE,
            NUMBER_SPACE_ERR,
            "runtime_error",
            &["line 5", "space", "trim"][..],
        ),
    ];
    for (lang, code, err, status, words) in cases {
        let a = answer(turn(lang, code, err, status, vec![])).await;
        for w in words {
            assert!(a.contains(w), "{lang}: expected {w:?} in\n{a}");
        }
    }
}

const NOT_INITIALIZED: &str = "public class Main {\n    public static void main(String[] args) {\n        int[] scores = {4, 9, 2};\n        int best;\n        for (int s : scores) {\n            if (s > 5) {\n                best = s;\n            }\n        }\n        System.out.println(best);\n    }\n}\n";
const NOT_INITIALIZED_ERR: &str = "Main.java:10: error: variable best might not have been initialized\n        System.out.println(best);\n                           ^\n1 error\n";

#[tokio::test]
async fn a_located_error_climbs_from_the_idea_to_a_hint_to_what_to_check_after_the_change() {
    let answers = ladder(
        "java",
        NOT_INITIALIZED,
        NOT_INITIALIZED_ERR,
        "compile_error",
        4,
    )
    .await;
    for a in &answers {
        assert!(
            a.contains("line 4"),
            "every rung names the declaration: {a}"
        );
    }
    assert!(
        answers[0].contains("**The idea:**") && !answers[0].contains("**Hint:**"),
        "{}",
        answers[0]
    );
    assert!(answers[1].contains("**Hint:**"), "{}", answers[1]);
    assert!(
        answers[2].contains("int best___"),
        "the blank is on the declaration, not the print: {}",
        answers[2]
    );
    assert!(
        answers[..3].iter().all(|a| !a.contains("After the change")),
        "only the last rung says what to do after the change"
    );
    let last = answers.last().unwrap();
    assert!(last.contains("After the change"), "{last}");
}

const STRINGS_COMPARED: &str = "import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n        int total = 0;\n        int yes = 0;\n        while (in.hasNext()) {\n            String answer = in.next();\n            total++;\n            if (answer == \"yes\") {\n                yes++;\n            }\n        }\n        System.out.println(\"people per yes: \" + total / yes);\n    }\n}\n";
const BY_ZERO_ERR: &str = "Exception in thread \"main\" java.lang.ArithmeticException: / by zero\n\tat Main.main(Main.java:15)\n";

#[tokio::test]
async fn a_division_by_zero_caused_by_strings_compared_with_equals_equals_names_the_comparison() {
    let a = answer(turn(
        "java",
        STRINGS_COMPARED,
        BY_ZERO_ERR,
        "runtime_error",
        vec![],
    ))
    .await;
    assert!(a.contains("line 11"), "names the comparison: {a}");
    assert!(a.contains("line 15"), "still says where it crashed: {a}");
    assert!(a.contains("equals"), "{a}");
}

const STRAY_SEMICOLON: &str = "#include <iostream>\n\nint main() {\n    int age = 20;\n    if (age >= 18);\n    {\n        std::cout << \"adult\\n\";\n    }\n    else {\n        std::cout << \"child\\n\";\n    }\n}\n";

#[tokio::test]
async fn an_else_without_an_if_names_the_if_with_the_stray_semicolon_in_either_quote_style() {
    let curly = "main.cpp: In function \u{2018}int main()\u{2019}:\nmain.cpp:9:5: error: \u{2018}else\u{2019} without a previous \u{2018}if\u{2019}\n    9 |     else {\n      |     ^~~~\n";
    let plain = curly.replace(['\u{2018}', '\u{2019}'], "'");
    for err in [curly.to_string(), plain] {
        let a = answer(turn("cpp", STRAY_SEMICOLON, &err, "compile_error", vec![])).await;
        assert!(a.contains("line 5"), "{err}\n{a}");
    }
}
