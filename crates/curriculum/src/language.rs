//! How each sandbox language lays out exercise files: the extension stored in `content/` and the
//! names the grader gives the entry and learner files (the table in docs/authoring.md).

pub use codestead_sandbox::Language;

/// Extension of the files stored in an exercise folder (`starter.py`, `wrong/x.java`).
pub fn extension(language: Language) -> &'static str {
    match language {
        Language::Python => "py",
        Language::Javascript => "js",
        Language::Java => "java",
        Language::Cpp => "cpp",
    }
}

/// The program's entry file; also the learner file when there is no driver.
pub fn entry_file(language: Language) -> &'static str {
    match language {
        Language::Python => "main.py",
        Language::Javascript => "main.js",
        Language::Java => "Main.java",
        Language::Cpp => "main.cpp",
    }
}

/// Where the learner's code goes when a driver is the entry.
pub fn learner_file_beside_driver(language: Language) -> &'static str {
    match language {
        Language::Python => "solution.py",
        Language::Javascript => "solution.js",
        Language::Java => "Solution.java",
        Language::Cpp => "solution.hpp",
    }
}
