//! Crash locations: a program that dies is located to the learner's own line, with the kind of
//! failure named, in every language.

use codestead_sandbox::{Crash, Language, RunRequest, Status};

use crate::support::*;

async fn crash_of(language: Language, code: &str, stdin: &str) -> Crash {
    let out = sandbox()
        .run_located(RunRequest::single(language, code).with_stdin(stdin))
        .await;
    assert_eq!(out.status, Status::RuntimeError, "{out:?}");
    match out.crash.clone() {
        Some(crash) => crash,
        None => panic!("not located: {out:?}"),
    }
}

#[tokio::test]
async fn a_cpp_out_of_range_index_is_located_to_its_line() {
    if !have(Language::Cpp) {
        return;
    }
    let code = "#include <iostream>\n#include <vector>\nint main() {\n    std::vector<int> v(3);\n    int i = 100000000;\n    std::cin >> i;\n    v[i] = 7;\n    std::cout << v[0] << std::endl;\n}\n";
    let crash = crash_of(Language::Cpp, code, "100000000").await;
    assert_eq!(crash.kind.id(), "index_out_of_range", "{crash:?}");
    assert_eq!(crash.line, Some(7), "{crash:?}");
    assert_eq!(crash.file.as_deref(), Some("main.cpp"));
    assert_eq!(crash.signal, Some(libc::SIGSEGV));
    assert_eq!(
        crash.message,
        "crashed: segmentation fault (index out of range) on line 7"
    );
}

#[tokio::test]
async fn a_cpp_null_dereference_is_located_to_its_line() {
    if !have(Language::Cpp) {
        return;
    }
    let code = "#include <iostream>\nstruct Node { int value; Node* next; };\nNode* find(Node* n, int k) {\n    while (n && n->value != k) n = n->next;\n    return n;\n}\nint main() {\n    int k; std::cin >> k;\n    Node b{2, nullptr}, a{1, &b};\n    Node* hit = find(&a, k);\n    std::cout << hit->value << std::endl;\n}\n";
    let crash = crash_of(Language::Cpp, code, "5").await;
    assert_eq!(crash.kind.id(), "null_dereference", "{crash:?}");
    assert_eq!(crash.line, Some(11), "{crash:?}");
    assert_eq!(
        crash.message,
        "crashed: segmentation fault (null pointer dereference) on line 11"
    );
}

#[tokio::test]
async fn a_cpp_division_by_zero_is_located_to_its_line() {
    if !have(Language::Cpp) {
        return;
    }
    let code = "#include <iostream>\nint average(int total, int n) {\n    return total / n;\n}\nint main() {\n    int n; std::cin >> n;\n    std::cout << average(10, n) << std::endl;\n}\n";
    let crash = crash_of(Language::Cpp, code, "0").await;
    assert_eq!(crash.kind.id(), "division_by_zero", "{crash:?}");
    assert_eq!(crash.line, Some(3), "{crash:?}");
    assert_eq!(crash.function.as_deref(), Some("average"));
}

#[tokio::test]
async fn a_cpp_stack_overflow_is_named() {
    if !have(Language::Cpp) {
        return;
    }
    let code = "#include <iostream>\nint depth(int n) {\n    volatile char pad[256];\n    pad[0] = n;\n    return depth(n + 1) + pad[0];\n}\nint main() {\n    std::cout << depth(0) << std::endl;\n}\n";
    let crash = crash_of(Language::Cpp, code, "").await;
    assert_eq!(crash.kind.id(), "stack_overflow", "{crash:?}");
    assert!(matches!(crash.line, Some(2..=5)), "{crash:?}");
}

#[tokio::test]
async fn a_cpp_program_that_exits_with_an_error_code_is_not_a_crash() {
    if !have(Language::Cpp) {
        return;
    }
    let out = sandbox()
        .run_located(RunRequest::single(
            Language::Cpp,
            "int main() { return 3; }",
        ))
        .await;
    assert_eq!(out.status, Status::RuntimeError);
    assert!(out.crash.is_none(), "{out:?}");
}

#[tokio::test]
async fn a_python_exception_is_located_to_the_learners_frame() {
    if !have(Language::Python) {
        return;
    }
    let code = "def mean(xs):\n    return sum(xs) / len(xs)\n\nprint(mean([]))\n";
    let crash = crash_of(Language::Python, code, "").await;
    assert_eq!(crash.kind.id(), "division_by_zero");
    assert_eq!(
        (crash.line, crash.function.as_deref()),
        (Some(2), Some("mean"))
    );
}

#[tokio::test]
async fn a_python_segfault_is_located_by_faulthandler() {
    if !have(Language::Python) {
        return;
    }
    let code = "import ctypes\n\ndef peek():\n    return ctypes.string_at(0)\n\npeek()\n";
    let crash = crash_of(Language::Python, code, "").await;
    assert_eq!(crash.kind.id(), "segmentation_fault", "{crash:?}");
    assert_eq!(crash.line, Some(4), "{crash:?}");
    assert_eq!(crash.message, "crashed: segmentation fault on line 4");
}

#[tokio::test]
async fn a_java_exception_is_located_to_the_learners_frame() {
    if !have(Language::Java) {
        return;
    }
    let code = "public class Main {\n    static int at(int[] xs, int i) {\n        return xs[i];\n    }\n    public static void main(String[] args) {\n        System.out.println(at(new int[3], 3));\n    }\n}\n";
    let crash = crash_of(Language::Java, code, "").await;
    assert_eq!(crash.kind.id(), "index_out_of_range", "{crash:?}");
    assert_eq!(
        (crash.line, crash.function.as_deref()),
        (Some(3), Some("at"))
    );
}

#[tokio::test]
async fn a_java_stack_overflow_is_named() {
    if !have(Language::Java) {
        return;
    }
    let code = "public class Main {\n    static int f(int n) { return f(n + 1) + 1; }\n    public static void main(String[] args) { System.out.println(f(0)); }\n}\n";
    let crash = crash_of(Language::Java, code, "").await;
    assert_eq!((crash.kind.id(), crash.line), ("stack_overflow", Some(2)));
}

#[tokio::test]
async fn a_node_error_is_located_to_the_learners_frame() {
    if !have(Language::Javascript) {
        return;
    }
    let code = "function name(user) {\n  return user.name;\n}\nconsole.log(name(null));\n";
    let crash = crash_of(Language::Javascript, code, "").await;
    assert_eq!(crash.kind.id(), "null_dereference", "{crash:?}");
    assert_eq!(
        (crash.line, crash.function.as_deref()),
        (Some(2), Some("name"))
    );
    let code = "function f(n) {\n  return f(n + 1) + 1;\n}\nf(0);\n";
    let crash = crash_of(Language::Javascript, code, "").await;
    assert_eq!((crash.kind.id(), crash.line), ("stack_overflow", Some(2)));
}
