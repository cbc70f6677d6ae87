//! Reading a content tree, given as `(relative path, bytes)` pairs, into a [`Curriculum`].
//!
//! The one parser behind both the directory loader and the embedded copy. It never fails: a file
//! it cannot read becomes a [`Problem`] and is left out, so a single typo does not hide the rest of
//! the report. File-level rules live here (front matter shape, file names, required files);
//! cross-item rules live in `validate`.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use uuid::Uuid;

use crate::language::{self, Language};
use crate::model::{
    Curriculum, Difficulty, Exercise, Item, ItemKind, Module, Problem, Question, TestCase, Track,
};

/// One file of a content tree: path relative to the content root and its bytes.
pub type ContentFile = (String, Vec<u8>);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackToml {
    slug: String,
    title: String,
    language: String,
    description: String,
    /// Where the track is listed; lower first (Python, the usual first language, is 1).
    #[serde(default)]
    order: Option<u32>,
    #[serde(default)]
    modules: Vec<Module>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FrontMatter {
    id: String,
    slug: String,
    title: String,
    #[serde(rename = "type")]
    kind: ItemKind,
    difficulty: Difficulty,
    category: String,
    #[serde(default)]
    tags: Vec<String>,
    estimated_minutes: u32,
    #[serde(default)]
    prerequisites: Vec<String>,
    #[serde(default)]
    quiz: Vec<Question>,
    #[serde(default)]
    hints: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestsToml {
    /// Grading stops at the first failing test (see [`Exercise::stop_at_first_failure`]).
    #[serde(default)]
    stop_at_first_failure: bool,
    #[serde(default)]
    test: Vec<TestCase>,
}

#[derive(Default)]
struct TrackFiles {
    track_toml: Option<Vec<u8>>,
    lessons: BTreeMap<String, Vec<u8>>,
    /// exercise slug -> path inside the exercise folder -> bytes
    exercises: BTreeMap<String, BTreeMap<String, Vec<u8>>>,
}

/// Parses a whole content tree. Paths may use `\` or `/`; hidden files, `__pycache__` and files
/// at the root of the tree (a README) are ignored.
pub fn parse(files: impl IntoIterator<Item = ContentFile>) -> Curriculum {
    let mut problems = Vec::new();
    let mut by_track: BTreeMap<String, TrackFiles> = BTreeMap::new();

    for (path, bytes) in files {
        let path = path.replace('\\', "/");
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if parts.len() < 2
            || parts
                .iter()
                .any(|p| p.starts_with('.') || *p == "__pycache__")
        {
            continue;
        }
        let track = by_track.entry(parts[0].to_string()).or_default();
        match parts[1..] {
            ["track.toml"] => track.track_toml = Some(bytes),
            ["lessons", file] if file.ends_with(".md") => {
                track.lessons.insert(file.to_string(), bytes);
            }
            ["exercises", slug, ref rest @ ..] if !rest.is_empty() => {
                track
                    .exercises
                    .entry(slug.to_string())
                    .or_default()
                    .insert(rest.join("/"), bytes);
            }
            _ => problems.push(Problem::new(
                &path,
                "unexpected file: a track holds track.toml, lessons/<slug>.md and exercises/<slug>/",
            )),
        }
    }

    let mut curriculum = Curriculum::default();
    for (dir, files) in by_track {
        parse_track(&dir, files, &mut curriculum, &mut problems);
    }
    // The authors' order, not the folders' alphabet; tracks without one come last, by slug.
    curriculum
        .tracks
        .sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    curriculum.load_problems = problems;
    curriculum
}

fn parse_track(dir: &str, files: TrackFiles, out: &mut Curriculum, problems: &mut Vec<Problem>) {
    let toml_path = format!("{dir}/track.toml");
    let Some(bytes) = files.track_toml else {
        problems.push(Problem::new(
            &toml_path,
            "missing: every track folder needs a track.toml",
        ));
        return;
    };
    let raw: TrackToml = match text(&toml_path, &bytes, problems).map(toml::from_str) {
        Some(Ok(raw)) => raw,
        Some(Err(e)) => {
            problems.push(Problem::new(&toml_path, format!("invalid TOML: {e}")));
            return;
        }
        None => return,
    };
    let language: Language = match parse_language(&raw.language) {
        Some(l) => l,
        None => {
            problems.push(Problem::new(
                &toml_path,
                format!(
                    "unknown language `{}`: use python, javascript, java or cpp",
                    raw.language
                ),
            ));
            return;
        }
    };
    if raw.slug != dir {
        problems.push(Problem::new(
            &toml_path,
            format!("slug `{}` must equal the folder name `{dir}`", raw.slug),
        ));
    }
    out.tracks.push(Track {
        slug: dir.to_string(),
        title: raw.title,
        language,
        description: raw.description,
        order: raw.order.unwrap_or(u32::MAX),
        modules: raw.modules,
    });

    for (file, bytes) in files.lessons {
        let path = format!("{dir}/lessons/{file}");
        let stem = file.trim_end_matches(".md");
        if let Some((item, _)) = parse_item(dir, &path, stem, ItemKind::Lesson, &bytes, problems) {
            out.items.push(item);
        }
    }
    for (slug, folder) in files.exercises {
        let base = format!("{dir}/exercises/{slug}");
        if let Some(item) = parse_exercise(dir, &base, &slug, language, folder, problems) {
            out.items.push(item);
        }
    }
}

fn parse_language(id: &str) -> Option<Language> {
    Language::ALL.into_iter().find(|l| l.id() == id)
}

fn text<'a>(path: &str, bytes: &'a [u8], problems: &mut Vec<Problem>) -> Option<&'a str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(_) => {
            problems.push(Problem::new(path, "not valid UTF-8"));
            None
        }
    }
}

/// Splits `---\n<yaml>\n---\n<body>`; `None` if the file does not open with front matter.
fn split_front_matter(source: &str) -> Option<(&str, &str)> {
    let rest = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

fn parse_item(
    track: &str,
    path: &str,
    expected_slug: &str,
    expected_kind: ItemKind,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> Option<(Item, Vec<String>)> {
    let source = text(path, bytes, problems)?;
    let Some((yaml, body)) = split_front_matter(source) else {
        problems.push(Problem::new(
            path,
            "missing front matter: the file must start with a `---` line, the YAML fields, and another `---` line",
        ));
        return None;
    };
    let fm: FrontMatter = match serde_norway::from_str(yaml) {
        Ok(fm) => fm,
        Err(e) => {
            problems.push(Problem::new(path, format!("invalid front matter: {e}")));
            return None;
        }
    };
    let id = match Uuid::parse_str(&fm.id) {
        Ok(id) => id,
        Err(_) => {
            problems.push(Problem::new(
                path,
                format!(
                    "id `{}` is not a UUID (generate one with python3 -c 'import uuid;print(uuid.uuid4())')",
                    fm.id
                ),
            ));
            Uuid::nil()
        }
    };
    if fm.slug != expected_slug {
        problems.push(Problem::new(
            path,
            format!(
                "slug `{}` must equal the {} name `{expected_slug}`",
                fm.slug,
                if expected_kind == ItemKind::Lesson {
                    "file"
                } else {
                    "folder"
                }
            ),
        ));
    }
    if fm.kind != expected_kind {
        problems.push(Problem::new(
            path,
            format!(
                "type is `{}` but the file is where {}s live",
                fm.kind.id(),
                expected_kind.id()
            ),
        ));
    }
    let hints = match (expected_kind, fm.hints) {
        (ItemKind::Lesson, Some(_)) => {
            problems.push(Problem::new(path, "hints belong to exercises, not lessons"));
            Vec::new()
        }
        (_, hints) => hints.unwrap_or_default(),
    };
    let item = Item {
        id,
        slug: expected_slug.to_string(),
        track: track.to_string(),
        path: path.to_string(),
        title: fm.title,
        kind: expected_kind,
        difficulty: fm.difficulty,
        category: fm.category,
        tags: fm.tags,
        estimated_minutes: fm.estimated_minutes,
        prerequisites: fm.prerequisites,
        body: body.to_string(),
        quiz: fm.quiz,
        exercise: None,
    };
    Some((item, hints))
}

fn parse_exercise(
    track: &str,
    base: &str,
    slug: &str,
    language: Language,
    mut folder: BTreeMap<String, Vec<u8>>,
    problems: &mut Vec<Problem>,
) -> Option<Item> {
    let ext = language::extension(language);
    let statement_path = format!("{base}/exercise.md");
    let Some(statement) = folder.remove("exercise.md") else {
        problems.push(Problem::new(
            &statement_path,
            "missing: an exercise folder needs exercise.md",
        ));
        return None;
    };
    let (mut item, hints) = parse_item(
        track,
        &statement_path,
        slug,
        ItemKind::Exercise,
        &statement,
        problems,
    )?;

    let mut take_source = |name: &str, required: bool, problems: &mut Vec<Problem>| {
        let file = format!("{name}.{ext}");
        match folder.remove(&file) {
            Some(bytes) => text(&format!("{base}/{file}"), &bytes, problems).map(str::to_string),
            None => {
                if required {
                    problems.push(Problem::new(format!("{base}/{file}"), "missing"));
                }
                None
            }
        }
    };
    let starter = take_source("starter", true, problems).unwrap_or_default();
    let solution = take_source("solution", true, problems).unwrap_or_default();
    let driver = take_source("driver", false, problems);

    let (tests, stop_at_first_failure) = match folder.remove("tests.toml") {
        Some(bytes) => {
            let path = format!("{base}/tests.toml");
            match text(&path, &bytes, problems).map(toml::from_str::<TestsToml>) {
                Some(Ok(t)) => (t.test, t.stop_at_first_failure),
                Some(Err(e)) => {
                    problems.push(Problem::new(&path, format!("invalid tests: {e}")));
                    (Vec::new(), false)
                }
                None => (Vec::new(), false),
            }
        }
        None => {
            problems.push(Problem::new(format!("{base}/tests.toml"), "missing"));
            (Vec::new(), false)
        }
    };

    let mut wrong = Vec::new();
    let mut seen = HashSet::new();
    for (file, bytes) in folder {
        let path = format!("{base}/{file}");
        let wrong_name = file
            .strip_prefix("wrong/")
            .and_then(|f| f.strip_suffix(&format!(".{ext}")))
            .filter(|n| !n.is_empty() && !n.contains('/'));
        match wrong_name {
            Some(name) if seen.insert(name.to_string()) => {
                if let Some(source) = text(&path, &bytes, problems) {
                    wrong.push((name.to_string(), source.to_string()));
                }
            }
            _ => problems.push(Problem::new(
                &path,
                format!(
                    "unexpected file: an exercise folder holds exercise.md, tests.toml, starter.{ext}, solution.{ext}, driver.{ext} (optional) and wrong/<name>.{ext}"
                ),
            )),
        }
    }

    item.exercise = Some(Exercise {
        language,
        starter,
        solution,
        wrong,
        driver,
        hints,
        tests,
        stop_at_first_failure,
    });
    Some(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (yaml, body) = split_front_matter("---\na: 1\n---\n# Title\n").unwrap();
        assert_eq!(yaml, "a: 1\n");
        assert_eq!(body, "# Title\n");
    }

    #[test]
    fn front_matter_accepts_windows_line_endings() {
        let (yaml, body) = split_front_matter("---\r\na: 1\r\n---\r\nbody").unwrap();
        assert_eq!(yaml, "a: 1\r\n");
        assert_eq!(body, "body");
    }

    #[test]
    fn a_file_without_a_closing_fence_has_no_front_matter() {
        assert!(split_front_matter("---\na: 1\n").is_none());
        assert!(split_front_matter("# just markdown\n").is_none());
    }
}
