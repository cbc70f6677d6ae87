//! The curriculum: the `content/` format (tracks, modules, lessons, exercises) parsed into typed
//! structs, validated, and graded in the sandbox.
//!
//! Loading goes through one parser over `(path, bytes)` pairs, fed either from a directory
//! ([`Curriculum::load_dir`], for `codestead content check|import DIR`) or from the copy of
//! `content/` embedded in the binary ([`Curriculum::load_embedded`]).

mod check;
mod grade;
mod language;
mod matcher;
mod model;
mod parse;
mod validate;

#[cfg(test)]
mod content_tests;

use std::path::{Path, PathBuf};

pub use check::{CheckOutcome, CheckReport, ExerciseCheck, check};
pub use grade::{
    DidNotRun, Expectation, GradeReport, MAX_SHOWN_OUTPUT, NotRunReason, TestResult, grade,
    judge_batch, stop_expectations, submission_request, test_stdins,
};
pub use language::{Language, entry_file, extension, learner_file_beside_driver};
pub use matcher::{MatchMode, output_matches};
pub use model::{
    Curriculum, Difficulty, Exercise, Item, ItemKind, Module, Problem, Question, QuizFeedback,
    TestCase, Track,
};
pub use parse::ContentFile;

/// The built-in curriculum, compiled into the binary from the repository's `content/`.
#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../../content"]
struct EmbeddedContent;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}: not a directory")]
    NotADirectory(PathBuf),
}

impl Curriculum {
    /// Reads a content tree from disk. Only I/O fails here; content problems are reported by
    /// [`Curriculum::validate`].
    pub fn load_dir(root: impl AsRef<Path>) -> Result<Curriculum, LoadError> {
        let root = root.as_ref();
        if !root.is_dir() {
            return Err(LoadError::NotADirectory(root.to_path_buf()));
        }
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.map_err(|e| LoadError::Io {
                path: e.path().unwrap_or(root).to_path_buf(),
                source: e.into(),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(root)
                .expect("walkdir yields paths under its root");
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(entry.path()).map_err(|source| LoadError::Io {
                path: entry.path().to_path_buf(),
                source,
            })?;
            files.push((relative, bytes));
        }
        Ok(Curriculum::from_files(files))
    }

    /// The curriculum embedded at build time.
    pub fn load_embedded() -> Curriculum {
        let files = EmbeddedContent::iter().filter_map(|path| {
            let file = EmbeddedContent::get(&path)?;
            Some((path.into_owned(), file.data.into_owned()))
        });
        Curriculum::from_files(files)
    }

    /// Parses `(path relative to the content root, bytes)` pairs: the loader behind both of the
    /// above, public so tests and importers can feed files from anywhere.
    pub fn from_files(files: impl IntoIterator<Item = ContentFile>) -> Curriculum {
        parse::parse(files)
    }
}
