//! The typed curriculum: tracks, modules, items, quizzes and exercises as loaded from `content/`.
//!
//! These types deliberately do not implement `Serialize`: an [`Item`] carries quiz answers and an
//! [`Exercise`] carries the reference solution and the tests, none of which may reach a learner.
//! The server maps them into its own response types.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::matcher::MatchMode;

pub use crate::language::Language;

/// A whole curriculum: every track and every item, in file order.
#[derive(Clone, Debug, Default)]
pub struct Curriculum {
    pub tracks: Vec<Track>,
    pub items: Vec<Item>,
    /// Problems found while reading files (bad front matter, missing files); see
    /// [`Curriculum::validate`], which reports these together with the cross-item checks.
    pub(crate) load_problems: Vec<Problem>,
}

/// A learning path for one language, from `<track>/track.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Track {
    pub slug: String,
    pub title: String,
    pub language: Language,
    pub description: String,
    /// Listing position from `order` in `track.toml` (`u32::MAX` when absent); the curriculum
    /// keeps its tracks sorted by it.
    pub order: u32,
    /// In path order.
    pub modules: Vec<Module>,
}

/// A group of items inside a track.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Module {
    pub slug: String,
    pub title: String,
    /// Item slugs in learning order.
    pub items: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Lesson,
    Exercise,
}

impl ItemKind {
    pub fn id(&self) -> &'static str {
        match self {
            ItemKind::Lesson => "lesson",
            ItemKind::Exercise => "exercise",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub fn id(&self) -> &'static str {
        match self {
            Difficulty::Beginner => "beginner",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// A lesson or an exercise.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Permanent identity: progress is keyed on it, so it survives renames of the slug.
    pub id: Uuid,
    pub slug: String,
    /// Slug of the track folder the item was found in.
    pub track: String,
    /// Path of the item's Markdown file relative to the content root, with `/` separators
    /// (`python/lessons/python-loops.md`, `python/exercises/python-ex-sum/exercise.md`).
    pub path: String,
    pub title: String,
    pub kind: ItemKind,
    pub difficulty: Difficulty,
    pub category: String,
    pub tags: Vec<String>,
    pub estimated_minutes: u32,
    pub prerequisites: Vec<String>,
    /// Markdown: the lesson text, or the exercise statement.
    pub body: String,
    pub quiz: Vec<Question>,
    pub exercise: Option<Exercise>,
}

/// A multiple-choice question at the end of a lesson.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub question: String,
    pub options: Vec<String>,
    /// Index into `options`.
    pub answer: usize,
    /// One per option: why it is right, or which misconception picking it shows.
    pub explanations: Vec<String>,
}

/// The learner's result for one quiz question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuizFeedback {
    pub correct: bool,
    /// The explanation of the option the learner picked.
    pub explanation: String,
}

impl Question {
    /// Checks one chosen option; `None` if the index is out of range.
    pub fn check(&self, chosen: usize) -> Option<QuizFeedback> {
        let explanation = self.explanations.get(chosen)?.clone();
        Some(QuizFeedback {
            correct: chosen == self.answer,
            explanation,
        })
    }
}

/// The graded part of an exercise item. Holds the solution and the tests: never send it as is.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    pub language: Language,
    pub starter: String,
    pub solution: String,
    /// Known-wrong solutions as `(name, source)`, the name being the file stem under `wrong/`.
    pub wrong: Vec<(String, String)>,
    /// Entry program for function-style exercises; the learner's code becomes the learner file.
    pub driver: Option<String>,
    pub hints: Vec<String>,
    pub tests: Vec<TestCase>,
    /// `stop_at_first_failure = true` in `tests.toml`: grading stops at the first failing
    /// test and reports the rest as not run (a later test's hint would only repeat the
    /// first failure, or the tests build on one another).
    pub stop_at_first_failure: bool,
}

/// One run of the learner's program, from `tests.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// Shown to the learner.
    pub name: String,
    #[serde(default)]
    pub stdin: String,
    pub expected: String,
    #[serde(default, rename = "match")]
    pub match_mode: MatchMode,
    /// Shown to the learner when the test fails; explains without revealing stdin or expected.
    #[serde(default)]
    pub message: String,
    /// A visible test: the learner may see their program's output (and error text) on it.
    /// Tests are hidden unless marked: then only the name, pass/fail and `message` are shown.
    #[serde(default)]
    pub visible: bool,
}

/// Something wrong with the content, located by file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// Relative to the content root, `/`-separated.
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl Curriculum {
    pub fn track(&self, slug: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.slug == slug)
    }

    pub fn item(&self, slug: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.slug == slug)
    }

    pub fn item_by_id(&self, id: Uuid) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Items of a track in path order (module order, then order within the module).
    pub fn track_items<'a>(&'a self, track: &'a Track) -> impl Iterator<Item = &'a Item> + 'a {
        track
            .modules
            .iter()
            .flat_map(|m| m.items.iter())
            .filter_map(|slug| self.item(slug))
    }
}
