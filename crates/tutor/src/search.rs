//! The seam to the curriculum: the offline tutor links lessons and answers concept questions
//! through a search the server implements over its content store.

/// One lesson or exercise found by a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonHit {
    pub slug: String,
    pub title: String,
    /// A short plain-text or Markdown excerpt that matches the query.
    pub snippet: String,
}

/// Full-text search over the curriculum, best hit first.
pub trait LessonSearch: Send + Sync {
    /// `language` is a track language id (`python`, ...) to prefer, when known.
    fn search(&self, query: &str, language: Option<&str>) -> Vec<LessonHit>;
}

/// A search that finds nothing (no curriculum loaded).
pub struct NoLessons;

impl LessonSearch for NoLessons {
    fn search(&self, _query: &str, _language: Option<&str>) -> Vec<LessonHit> {
        Vec::new()
    }
}

/// Where the web app shows a lesson; the offline tutor links there.
pub const LESSON_LINK_PREFIX: &str = "/learn/";
