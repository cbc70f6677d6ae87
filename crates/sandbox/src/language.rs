//! The supported languages and their stable ids (`python`, `javascript`, `java`, `cpp`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

    /// The stable id used in the API and the database.
    pub fn id(&self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Javascript => "javascript",
            Language::Java => "java",
            Language::Cpp => "cpp",
        }
    }

    /// Human-readable name.
    pub fn name(&self) -> &'static str {
        match self {
            Language::Python => "Python",
            Language::Javascript => "JavaScript",
            Language::Java => "Java",
            Language::Cpp => "C++",
        }
    }

    /// The entry file used when a request names none and has several files.
    pub fn default_entry(&self) -> &'static str {
        match self {
            Language::Python => "main.py",
            Language::Javascript => "main.js",
            Language::Java => "Main.java",
            Language::Cpp => "main.cpp",
        }
    }

    /// Whether the language has a separate compile step.
    pub fn is_compiled(&self) -> bool {
        matches!(self, Language::Java | Language::Cpp)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?} (expected python, javascript, java or cpp)")]
pub struct UnknownLanguage(pub String);

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::ALL
            .into_iter()
            .find(|l| l.id() == s)
            .ok_or_else(|| UnknownLanguage(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_round_trips_through_its_id() {
        for l in Language::ALL {
            assert_eq!(l.id().parse::<Language>(), Ok(l));
            assert_eq!(
                serde_json::to_string(&l).unwrap(),
                format!("\"{}\"", l.id())
            );
        }
    }

    #[test]
    fn an_unknown_id_is_rejected() {
        assert!("rust".parse::<Language>().is_err());
        assert!("Python".parse::<Language>().is_err());
    }
}
