//! Cross-item rules of the content format: unique ids and slugs, modules that cover every item
//! exactly once, prerequisites that exist and form no cycle, links that resolve, well-formed
//! quizzes and complete exercises. File-level problems found while parsing are reported too.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Parser, Tag};
use uuid::Uuid;

use crate::matcher::{MatchMode, whole_output_regex};
use crate::model::{Curriculum, Item, ItemKind, Problem};

const MIN_TESTS: usize = 3;

impl Curriculum {
    /// Every problem with the content, sorted by path; empty means the content is valid.
    /// Does not run any code: see [`crate::check`] for that.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = self.load_problems.clone();
        check_tracks(self, &mut problems);
        check_items(self, &mut problems);
        check_prerequisite_cycles(self, &mut problems);
        problems.sort();
        problems.dedup();
        problems
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_tracks(c: &Curriculum, problems: &mut Vec<Problem>) {
    let mut module_slugs = HashSet::new();
    for track in &c.tracks {
        let path = format!("{}/track.toml", track.slug);
        if !is_slug(&track.slug) {
            problems.push(Problem::new(
                &path,
                format!(
                    "track slug `{}` must be lowercase letters, digits and hyphens",
                    track.slug
                ),
            ));
        }
        if track.title.trim().is_empty() {
            problems.push(Problem::new(&path, "title is empty"));
        }
        if track.modules.is_empty() {
            problems.push(Problem::new(
                &path,
                "a track needs at least one [[modules]]",
            ));
        }
        let mut placed: HashMap<&str, &str> = HashMap::new();
        for module in &track.modules {
            if !module_slugs.insert(module.slug.as_str()) {
                problems.push(Problem::new(
                    &path,
                    format!("module slug `{}` is used twice", module.slug),
                ));
            }
            if !is_slug(&module.slug) {
                problems.push(Problem::new(
                    &path,
                    format!(
                        "module slug `{}` must be lowercase letters, digits and hyphens",
                        module.slug
                    ),
                ));
            }
            if module.items.is_empty() {
                problems.push(Problem::new(
                    &path,
                    format!("module `{}` has no items", module.slug),
                ));
            }
            for slug in &module.items {
                match c.item(slug) {
                    None => problems.push(Problem::new(
                        &path,
                        format!(
                            "module `{}` lists `{slug}`, which is not an item of this track",
                            module.slug
                        ),
                    )),
                    Some(item) if item.track != track.slug => problems.push(Problem::new(
                        &path,
                        format!(
                            "module `{}` lists `{slug}`, which belongs to track `{}`",
                            module.slug, item.track
                        ),
                    )),
                    Some(_) => {
                        if let Some(first) = placed.insert(slug, &module.slug) {
                            problems.push(Problem::new(
                                &path,
                                format!(
                                    "`{slug}` is listed in module `{first}` and again in `{}`: an item belongs to exactly one module",
                                    module.slug
                                ),
                            ));
                        }
                    }
                }
            }
        }
        for item in c.items.iter().filter(|i| i.track == track.slug) {
            if !placed.contains_key(item.slug.as_str()) {
                problems.push(Problem::new(
                    &item.path,
                    format!(
                        "`{}` is in no module: add it to a module's items in {path}",
                        item.slug
                    ),
                ));
            }
        }
    }
}

fn check_items(c: &Curriculum, problems: &mut Vec<Problem>) {
    let mut ids: HashMap<Uuid, &str> = HashMap::new();
    let mut slugs: HashMap<&str, &str> = HashMap::new();
    let item_paths = item_link_targets(c);

    for item in &c.items {
        let path = item.path.as_str();
        if !item.id.is_nil()
            && let Some(other) = ids.insert(item.id, path)
        {
            problems.push(Problem::new(
                path,
                format!("id {} is also used by {other}", item.id),
            ));
        }
        if let Some(other) = slugs.insert(&item.slug, path) {
            problems.push(Problem::new(
                path,
                format!("slug `{}` is also used by {other}", item.slug),
            ));
        }
        if !is_slug(&item.slug) || !item.slug.starts_with(&format!("{}-", item.track)) {
            problems.push(Problem::new(
                path,
                format!(
                    "slug `{}` must be lowercase letters, digits and hyphens, starting with `{}-`",
                    item.slug, item.track
                ),
            ));
        }
        if let Some(track) = c.track(&item.track)
            && item.category != track.language.id()
        {
            problems.push(Problem::new(
                path,
                format!(
                    "category `{}` must be the track's language `{}`",
                    item.category,
                    track.language.id()
                ),
            ));
        }
        if item.title.trim().is_empty() {
            problems.push(Problem::new(path, "title is empty"));
        }
        if item.estimated_minutes == 0 {
            problems.push(Problem::new(path, "estimatedMinutes must be at least 1"));
        }
        if item.body.trim().is_empty() {
            problems.push(Problem::new(path, "the body is empty"));
        }
        for prerequisite in &item.prerequisites {
            if prerequisite == &item.slug {
                problems.push(Problem::new(path, "an item cannot be its own prerequisite"));
            } else if c.item(prerequisite).is_none() {
                problems.push(Problem::new(
                    path,
                    format!("prerequisite `{prerequisite}` is not an item"),
                ));
            }
        }
        check_links(item, &item_paths, problems);
        check_quiz(item, problems);
        check_exercise(item, problems);
    }
}

/// Content-relative paths a Markdown link may point at to reach an item.
fn item_link_targets(c: &Curriculum) -> HashSet<String> {
    let mut targets = HashSet::new();
    for item in &c.items {
        targets.insert(item.path.clone());
        if item.kind == ItemKind::Exercise
            && let Some(folder) = item.path.strip_suffix("/exercise.md")
        {
            targets.insert(folder.to_string());
        }
    }
    targets
}

fn check_links(item: &Item, targets: &HashSet<String>, problems: &mut Vec<Problem>) {
    let base_dir = item.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    for event in Parser::new(&item.body) {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let Some(relative) = relative_link(dest) else {
            continue;
        };
        let resolved = resolve(base_dir, relative);
        if !resolved.as_ref().is_some_and(|r| targets.contains(r)) {
            problems.push(Problem::new(
                &item.path,
                format!(
                    "link `{dest}` does not lead to an item (link to ../lessons/<slug>.md or ../exercises/<slug>/)"
                ),
            ));
        }
    }
}

/// The path part of a relative link, or `None` for URLs, absolute paths and in-page anchors.
fn relative_link(dest: &str) -> Option<&str> {
    let has_scheme = dest
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains('/'));
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('/') || has_scheme {
        return None;
    }
    let end = dest.find(['#', '?']).unwrap_or(dest.len());
    Some(&dest[..end])
}

fn resolve(base_dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn check_quiz(item: &Item, problems: &mut Vec<Problem>) {
    for (n, q) in item.quiz.iter().enumerate() {
        let at = format!("quiz question {}", n + 1);
        if q.question.trim().is_empty() {
            problems.push(Problem::new(
                &item.path,
                format!("{at}: the question is empty"),
            ));
        }
        if q.options.len() < 2 {
            problems.push(Problem::new(
                &item.path,
                format!("{at}: needs at least 2 options"),
            ));
        }
        if q.answer >= q.options.len() {
            problems.push(Problem::new(
                &item.path,
                format!(
                    "{at}: answer {} is out of range (options are numbered from 0 to {})",
                    q.answer,
                    q.options.len().saturating_sub(1)
                ),
            ));
        }
        if q.explanations.len() != q.options.len() {
            problems.push(Problem::new(
                &item.path,
                format!(
                    "{at}: has {} explanations for {} options; write one per option",
                    q.explanations.len(),
                    q.options.len()
                ),
            ));
        }
        let distinct: HashSet<&str> = q.options.iter().map(|o| o.trim()).collect();
        if distinct.len() != q.options.len() {
            problems.push(Problem::new(
                &item.path,
                format!("{at}: two options are the same"),
            ));
        }
    }
}

fn check_exercise(item: &Item, problems: &mut Vec<Problem>) {
    let Some(ex) = &item.exercise else {
        if item.kind == ItemKind::Exercise {
            problems.push(Problem::new(&item.path, "an exercise item has no exercise"));
        }
        return;
    };
    let path = item.path.as_str();
    let folder = path.strip_suffix("/exercise.md").unwrap_or(path);
    if ex.solution.trim().is_empty() {
        problems.push(Problem::new(path, "the reference solution is empty"));
    }
    if ex.wrong.is_empty() {
        problems.push(Problem::new(
            path,
            "needs at least one known-wrong solution in wrong/",
        ));
    }
    if ex.hints.is_empty() || ex.hints.iter().any(|h| h.trim().is_empty()) {
        problems.push(Problem::new(
            path,
            "needs at least one hint, none of them empty (hints: [\"...\"])",
        ));
    }
    let tests_path = format!("{folder}/tests.toml");
    if ex.tests.len() < MIN_TESTS {
        problems.push(Problem::new(
            &tests_path,
            format!(
                "has {} tests; an exercise needs at least {MIN_TESTS}, including an edge case",
                ex.tests.len()
            ),
        ));
    }
    let mut names = HashSet::new();
    for test in &ex.tests {
        if test.name.trim().is_empty() {
            problems.push(Problem::new(&tests_path, "a test has an empty name"));
        } else if !names.insert(test.name.as_str()) {
            problems.push(Problem::new(
                &tests_path,
                format!("test name `{}` is used twice", test.name),
            ));
        }
        if test.message.trim().is_empty() {
            problems.push(Problem::new(
                &tests_path,
                format!(
                    "test `{}` needs a learner-facing `message` explaining a failure",
                    test.name
                ),
            ));
        }
        if test.match_mode == MatchMode::Regex
            && let Err(e) = whole_output_regex(&test.expected)
        {
            problems.push(Problem::new(
                &tests_path,
                format!("test `{}`: invalid regex: {e}", test.name),
            ));
        }
    }
}

fn check_prerequisite_cycles(c: &Curriculum, problems: &mut Vec<Problem>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Unseen,
        OnPath,
        Done,
    }
    let index: HashMap<&str, usize> = c
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.slug.as_str(), i))
        .collect();
    let mut marks = vec![Mark::Unseen; c.items.len()];

    // Iterative depth-first search so a long prerequisite chain cannot overflow the stack.
    for start in 0..c.items.len() {
        if marks[start] != Mark::Unseen {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        marks[start] = Mark::OnPath;
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            let prereqs = &c.items[node].prerequisites;
            if next < prereqs.len() {
                top.1 += 1;
                let target = index.get(prereqs[next].as_str()).copied();
                let Some(target) = target else { continue };
                match marks[target] {
                    Mark::Unseen => {
                        marks[target] = Mark::OnPath;
                        stack.push((target, 0));
                    }
                    Mark::OnPath if target != node => {
                        let from = stack.iter().position(|&(n, _)| n == target).unwrap_or(0);
                        let mut cycle: Vec<&str> = stack[from..]
                            .iter()
                            .map(|&(n, _)| c.items[n].slug.as_str())
                            .collect();
                        cycle.push(&c.items[target].slug);
                        problems.push(Problem::new(
                            &c.items[target].path,
                            format!("prerequisites form a cycle: {}", cycle.join(" -> ")),
                        ));
                    }
                    _ => {}
                }
            } else {
                marks[node] = Mark::Done;
                stack.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_are_resolved_against_the_item_folder() {
        assert_eq!(
            resolve("python/lessons", "../exercises/python-ex-sum/").as_deref(),
            Some("python/exercises/python-ex-sum")
        );
        assert_eq!(
            resolve("python/lessons", "python-loops.md").as_deref(),
            Some("python/lessons/python-loops.md")
        );
        assert_eq!(resolve("python", "../../x.md"), None);
    }

    #[test]
    fn urls_anchors_and_absolute_paths_are_not_item_links() {
        assert_eq!(relative_link("https://docs.python.org/3/"), None);
        assert_eq!(relative_link("mailto:a@b.c"), None);
        assert_eq!(relative_link("#loops"), None);
        assert_eq!(relative_link("/tracks/python"), None);
        assert_eq!(
            relative_link("python-loops.md#while"),
            Some("python-loops.md")
        );
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_hyphens() {
        assert!(is_slug("python-ex-fizz-buzz2"));
        assert!(!is_slug("Python-loops"));
        assert!(!is_slug("python--loops"));
        assert!(!is_slug("python_loops"));
        assert!(!is_slug("-python"));
    }
}
