//! Lesson search for the tutor's links and concept answers: keyword scoring over the
//! curriculum held in memory (titles weigh most, then tags, then the text).

use std::sync::Arc;

use codestead_curriculum::Curriculum;
use codestead_tutor::{LessonHit, LessonSearch};

pub struct CurriculumSearch(pub Arc<Curriculum>);

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect()
}

impl LessonSearch for CurriculumSearch {
    fn search(&self, query: &str, language: Option<&str>) -> Vec<LessonHit> {
        let terms = words(query);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(u32, &codestead_curriculum::Item)> = self
            .0
            .items
            .iter()
            // A lesson in another language is no help (a Java lesson for a C++ `stoi` error):
            // with the learner's language known, only its track is searched.
            .filter(|item| language.is_none_or(|l| item.category == l))
            .filter_map(|item| {
                let title = item.title.to_lowercase();
                let body = item.body.to_lowercase();
                let mut score = 0;
                for t in &terms {
                    if title.contains(t.as_str()) {
                        score += 5;
                    }
                    if item.tags.iter().any(|tag| tag.to_lowercase() == *t) {
                        score += 3;
                    }
                    if body.contains(t.as_str()) {
                        score += 1;
                    }
                }
                (score > 2).then_some((score, item))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.slug.cmp(&b.1.slug)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, item)| LessonHit {
                slug: item.slug.clone(),
                title: item.title.clone(),
                snippet: item
                    .body
                    .lines()
                    .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
                    .unwrap_or_default()
                    .chars()
                    .take(160)
                    .collect(),
            })
            .collect()
    }
}
