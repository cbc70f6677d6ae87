//! How each sandbox language lays out exercise files: the extension stored in `content/` and the
//! names the grader gives the entry and learner files (the table in docs/authoring.md).

// Temporary mirror of `codestead_sandbox::Language` until that crate builds; same ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    Javascript,
    Java,
    Cpp,
}

impl Language {
    pub const ALL: [Language; 4] = [
        Language::Python,
        Language::Javascript,
        Language::Java,
        Language::Cpp,
    ];
    pub fn id(&self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Javascript => "javascript",
            Language::Java => "java",
            Language::Cpp => "cpp",
        }
    }
}

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
