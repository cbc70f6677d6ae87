//! Functional behaviour per language: hello world, stdin, compile and runtime errors,
//! multi-file projects, compile-once batches, and submission validation.

use codestead_sandbox::{Language, RunRequest, SourceFile, Status};

use crate::support::*;

fn hello(language: Language) -> &'static str {
    match language {
        Language::Python => "print('hello, world')",
        Language::Javascript => "console.log('hello, world')",
        Language::Java => {
            "public class Main { public static void main(String[] a) { System.out.println(\"hello, world\"); } }"
        }
        Language::Cpp => "#include <iostream>\nint main() { std::cout << \"hello, world\\n\"; }",
    }
}

fn echo(language: Language) -> &'static str {
    match language {
        Language::Python => "import sys\nfor line in sys.stdin: print(line.strip().upper())",
        Language::Javascript => {
            "const lines = require('fs').readFileSync(0, 'utf8').trim().split('\\n');\nfor (const l of lines) console.log(l.toUpperCase());"
        }
        Language::Java => {
            "import java.util.Scanner;\npublic class Main { public static void main(String[] a) { Scanner s = new Scanner(System.in); while (s.hasNextLine()) System.out.println(s.nextLine().toUpperCase()); } }"
        }
        Language::Cpp => {
            "#include <iostream>\n#include <string>\n#include <cctype>\nint main() { std::string l; while (std::getline(std::cin, l)) { for (auto &c : l) c = std::toupper(c); std::cout << l << '\\n'; } }"
        }
    }
}

fn failing(language: Language) -> &'static str {
    match language {
        Language::Python => "import sys\nprint('before')\nraise ValueError('boom')",
        Language::Javascript => "console.log('before'); throw new Error('boom');",
        Language::Java => {
            "public class Main { public static void main(String[] a) { System.out.println(\"before\"); throw new IllegalStateException(\"boom\"); } }"
        }
        Language::Cpp => "#include <cstdio>\nint main() { std::puts(\"before\"); return 3; }",
    }
}

#[tokio::test]
async fn every_available_language_prints_hello_world() {
    for language in Language::ALL {
        if !have(language) {
            continue;
        }
        let out = run(language, hello(language)).await;
        assert_eq!(out.status, Status::Ok, "{language}: {out:?}");
        assert_eq!(out.stdout, "hello, world\n", "{language}");
        assert_eq!(out.exit_code, Some(0));
        assert_eq!(
            out.compile_output.is_some(),
            language.is_compiled(),
            "{language}"
        );
        assert!(out.memory_bytes > 0, "{language}: peak memory is measured");
    }
}

#[tokio::test]
async fn every_available_language_reads_stdin() {
    for language in Language::ALL {
        if !have(language) {
            continue;
        }
        let out = run_stdin(language, echo(language), "abc\nxyz\n").await;
        assert_eq!(out.status, Status::Ok, "{language}: {out:?}");
        assert_eq!(out.stdout, "ABC\nXYZ\n", "{language}");
    }
}

#[tokio::test]
async fn a_non_zero_exit_is_a_runtime_error_with_its_output() {
    for language in Language::ALL {
        if !have(language) {
            continue;
        }
        let out = run(language, failing(language)).await;
        assert_eq!(out.status, Status::RuntimeError, "{language}: {out:?}");
        assert_eq!(out.stdout, "before\n", "{language}");
        assert_ne!(out.exit_code, Some(0), "{language}");
        if language != Language::Cpp {
            assert!(out.stderr.contains("boom"), "{language}: {}", out.stderr);
        }
    }
}

#[tokio::test]
async fn a_compile_error_reports_the_compiler_output() {
    for (language, code, needle) in [
        (
            Language::Java,
            "public class Main { void f() { int x = \"s\"; } }",
            "incompatible types",
        ),
        (
            Language::Cpp,
            "int main() { undeclared_thing(); }",
            "undeclared_thing",
        ),
    ] {
        if !have(language) {
            continue;
        }
        let out = run(language, code).await;
        assert_eq!(out.status, Status::CompileError, "{language}: {out:?}");
        let compiler = out.compile_output.unwrap_or_default();
        assert!(compiler.contains(needle), "{language}: {compiler}");
        assert!(
            !compiler.contains("/dev/shm") && !compiler.contains("/runs"),
            "no host paths leak: {compiler}"
        );
        assert_eq!(out.stdout, "");
    }
}

#[tokio::test]
async fn python_imports_a_sibling_module_and_a_package() {
    if !have(Language::Python) {
        return;
    }
    let out = run_files(
        Language::Python,
        &[
            (
                "main.py",
                "import util\nfrom lib.names import NAME\nprint(util.double(21), NAME)",
            ),
            ("util.py", "def double(x):\n    return 2 * x"),
            ("lib/names.py", "NAME = 'ada'"),
        ],
        None,
    )
    .await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "42 ada\n");
}

#[tokio::test]
async fn javascript_requires_a_sibling_module() {
    if !have(Language::Javascript) {
        return;
    }
    let out = run_files(
        Language::Javascript,
        &[
            (
                "main.js",
                "const { double } = require('./util');\nconsole.log(double(21));",
            ),
            ("util.js", "module.exports = { double: (x) => 2 * x };"),
        ],
        None,
    )
    .await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "42\n");
}

#[tokio::test]
async fn java_compiles_two_classes_and_a_package() {
    if !have(Language::Java) {
        return;
    }
    let out = run_files(
        Language::Java,
        &[
            (
                "Main.java",
                "import shapes.Square;\npublic class Main { public static void main(String[] a) { System.out.println(new Helper().greet() + \" \" + new Square(3).area()); } }",
            ),
            ("Helper.java", "public class Helper { String greet() { return \"hi\"; } }"),
            (
                "shapes/Square.java",
                "package shapes;\npublic class Square { private final int s; public Square(int s) { this.s = s; } public int area() { return s * s; } }",
            ),
        ],
        None,
    )
    .await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "hi 9\n");
}

#[tokio::test]
async fn java_runs_the_entry_files_class_inside_its_package() {
    if !have(Language::Java) {
        return;
    }
    let out = run_files(
        Language::Java,
        &[(
            "app/Hello.java",
            "package app;\npublic class Hello { public static void main(String[] a) { System.out.println(\"pkg\"); } }",
        )],
        None,
    )
    .await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "pkg\n");
}

#[tokio::test]
async fn cpp_compiles_two_translation_units_and_a_header() {
    if !have(Language::Cpp) {
        return;
    }
    let out = run_files(
        Language::Cpp,
        &[
            ("main.cpp", "#include <iostream>\n#include \"lib/math.h\"\nint main() { std::cout << twice(21) << '\\n'; }"),
            ("lib/math.h", "#pragma once\nint twice(int x);"),
            ("lib/math.cpp", "#include \"math.h\"\nint twice(int x) { return 2 * x; }"),
        ],
        None,
    )
    .await;
    assert_eq!(out.status, Status::Ok, "{out:?}");
    assert_eq!(out.stdout, "42\n");
}

#[tokio::test]
async fn run_many_compiles_once_and_runs_once_per_stdin() {
    if !have(Language::Cpp) {
        return;
    }
    let batch = sandbox()
        .run_many(
            RunRequest::single(Language::Cpp, echo(Language::Cpp)),
            vec!["a\n".into(), "b\n".into(), "c\n".into()],
        )
        .await;
    let compile = batch.compile.expect("compiled language");
    assert_eq!(compile.status, Status::Ok);
    let outs: Vec<&str> = batch.runs.iter().map(|r| r.stdout.as_str()).collect();
    assert_eq!(outs, ["A\n", "B\n", "C\n"]);

    let failed = sandbox()
        .run_many(
            RunRequest::single(Language::Cpp, "int main( {"),
            vec!["x".into(), "y".into()],
        )
        .await;
    assert_eq!(failed.compile.map(|c| c.status), Some(Status::CompileError));
    assert!(failed.runs.is_empty());
}

#[tokio::test]
async fn languages_are_listed_with_versions() {
    let langs = sandbox().languages();
    assert_eq!(
        langs.iter().map(|l| l.id).collect::<Vec<_>>(),
        Language::ALL
    );
    for l in langs {
        assert_eq!(l.available, !l.version.is_empty(), "{l:?}");
        if l.available {
            assert!(l.version.chars().next().unwrap().is_ascii_digit(), "{l:?}");
        }
    }
}

#[tokio::test]
async fn escaping_paths_are_refused_before_anything_runs() {
    for path in [
        "../evil.py",
        "/etc/evil.py",
        "a/../../evil.py",
        "./main.py",
        "a\\..\\b.py",
    ] {
        let out = sandbox()
            .run(RunRequest {
                language: Language::Python,
                files: vec![SourceFile::new(path, "print('ran')")],
                entry: None,
                stdin: String::new(),
            })
            .await;
        assert_eq!(out.status, Status::InternalError, "{path}");
        assert!(
            out.stderr.contains("not allowed") || out.stderr.contains("use /"),
            "{path}: {}",
            out.stderr
        );
        assert_eq!(out.stdout, "");
    }
}

#[tokio::test]
async fn an_entry_that_is_not_submitted_is_refused() {
    let out = run_files(Language::Python, &[("a.py", "print(1)")], Some("../a.py")).await;
    assert_eq!(out.status, Status::InternalError);
    assert!(out.stderr.contains("not among"), "{}", out.stderr);
}

#[tokio::test]
async fn java_compiles_on_a_warm_javac_that_keeps_nothing_between_submissions() {
    if !have(Language::Java) {
        return;
    }
    let first = run_files(
        Language::Java,
        &[
            ("Main.java", "public class Main { public static void main(String[] a) { System.out.println(Helper.value()); } }"),
            ("Helper.java", "public class Helper { static int value() { return 7; } }"),
        ],
        None,
    )
    .await;
    assert_eq!(first.status, Status::Ok, "{first:?}");
    assert_eq!(first.stdout, "7\n");
    assert!(
        !crate::support::host_processes_with("CompileServer").is_empty(),
        "a warm javac server is running"
    );
    // A second submission must not see the first one's Helper.
    let second = run_files(
        Language::Java,
        &[("Main.java", "public class Main { public static void main(String[] a) { System.out.println(Helper.value()); } }")],
        None,
    )
    .await;
    assert_eq!(second.status, Status::CompileError, "{second:?}");
    let compiler = second.compile_output.unwrap_or_default();
    assert!(compiler.contains("Main.java:1: error"), "{compiler}");
    assert!(
        !compiler.contains("/runs") && !compiler.contains("/dev/shm"),
        "{compiler}"
    );
}

#[tokio::test]
async fn two_sandboxes_in_one_process_run_side_by_side() {
    if !have(Language::Python) {
        return;
    }
    let a = sandbox();
    let b = fast_sandbox();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let s = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            s.run(RunRequest::single(Language::Python, format!("print({i})")))
                .await
        }));
    }
    for (i, t) in tasks.into_iter().enumerate() {
        let out = t.await.unwrap();
        assert_eq!(out.status, Status::Ok, "{i}: {out:?}");
        assert_eq!(out.stdout, format!("{i}\n"));
    }
}

#[tokio::test]
async fn java_works_with_a_single_concurrency_slot() {
    if !have(Language::Java) {
        return;
    }
    let sandbox = codestead_sandbox::Sandbox::new(codestead_sandbox::SandboxConfig {
        require_cgroups: true,
        max_concurrent: 1,
        ..Default::default()
    })
    .unwrap();
    let out = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        sandbox.run(RunRequest::single(Language::Java, hello(Language::Java))),
    )
    .await
    .expect("no deadlock between the warm javac's start-up and the concurrency bound");
    assert_eq!(out.status, Status::Ok, "{out:?}");
}

/// C++ compiles against a precompiled image of the standard headers the file includes first
/// (see pch.rs): the same output as without it, a compile error still names the learner's
/// line, nothing of one submission reaches the next (the image holds standard headers only),
/// and a file that defines a macro before its includes does not use an image.
#[tokio::test]
async fn cpp_compiles_on_precompiled_headers_exactly_as_without_them() {
    if !have(Language::Cpp) {
        return;
    }
    // A sandbox of its own: the shared one's image-use count moves with other tests.
    let sandbox = codestead_sandbox::Sandbox::new(codestead_sandbox::SandboxConfig {
        require_cgroups: true,
        warm_javac: false,
        python_zygote: false,
        ..Default::default()
    })
    .expect("sandbox");
    let first = "#include <iostream>\n#include <string>\n\
                 #define SECRET 41\nint leaked() { return SECRET; }\n\
                 int main() { std::string s = \"pch\"; std::cout << s << ' ' << leaked() + 1 << '\\n'; }\n";
    let before = sandbox.precompiled_header_uses();
    let plain = sandbox.run(RunRequest::single(Language::Cpp, first)).await;
    assert_eq!(
        (plain.status, plain.stdout.as_str()),
        (Status::Ok, "pch 42\n"),
        "{plain:?}"
    );
    assert!(sandbox.precompile_headers(first).await, "the image builds");
    let used = sandbox.run(RunRequest::single(Language::Cpp, first)).await;
    assert_eq!(
        (used.status, used.stdout.as_str()),
        (Status::Ok, "pch 42\n"),
        "{used:?}"
    );
    assert_eq!(sandbox.precompiled_header_uses(), before + 1);

    // Same headers, later submission: the first one's macro and function are not there.
    let second = "#include <iostream>\n#include <string>\n\
                  int main() { std::cout << SECRET << leaked() << '\\n';\n}\n";
    let out = sandbox.run(RunRequest::single(Language::Cpp, second)).await;
    assert_eq!(out.status, Status::CompileError, "{out:?}");
    let diagnostics = out.compile_output.unwrap_or_default();
    assert!(diagnostics.contains("main.cpp:3:"), "{diagnostics}");
    assert!(diagnostics.contains("SECRET"), "{diagnostics}");
    assert_eq!(sandbox.precompiled_header_uses(), before + 2);

    // Only the headers the file names: <vector> is not in the image, so it is not visible.
    let missing = "#include <iostream>\n#include <string>\n\
                   int main() { std::vector<int> v{1}; std::cout << v.size() << '\\n'; }\n";
    let out = sandbox
        .run(RunRequest::single(Language::Cpp, missing))
        .await;
    assert_eq!(out.status, Status::CompileError, "{out:?}");

    // Something before the includes: compiled without an image.
    let defined = "#define _GLIBCXX_ASSERTIONS\n#include <iostream>\n#include <string>\n\
                   int main() { std::cout << \"ok\\n\"; }\n";
    let uses = sandbox.precompiled_header_uses();
    let out = sandbox
        .run(RunRequest::single(Language::Cpp, defined))
        .await;
    assert_eq!(
        (out.status, out.stdout.as_str()),
        (Status::Ok, "ok\n"),
        "{out:?}"
    );
    assert_eq!(sandbox.precompiled_header_uses(), uses);
}
