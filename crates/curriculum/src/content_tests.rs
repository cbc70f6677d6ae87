//! Parser and validator tests over small in-memory content trees: one valid tree, then one
//! mistake at a time, each of which must be reported at the right file.

use crate::{Curriculum, Difficulty, ItemKind, Language, MatchMode, Problem};

const LESSON_ID: &str = "6f1f4c34-9a57-4a52-8d1e-0c4d1f2a3b01";
const EXERCISE_ID: &str = "6f1f4c34-9a57-4a52-8d1e-0c4d1f2a3b02";

fn track_toml() -> String {
    r#"
slug = "python"
title = "Python"
language = "python"
description = "Test track."
[[modules]]
slug = "python-basics"
title = "Basics"
items = ["python-hello", "python-ex-echo"]
"#
    .to_string()
}

fn lesson() -> String {
    format!(
        r#"---
id: {LESSON_ID}
slug: python-hello
title: Hello
type: lesson
difficulty: beginner
category: python
tags: [basics]
estimatedMinutes: 5
prerequisites: []
quiz:
  - question: "What does print do?"
    options: ["Writes text", "Reads text"]
    answer: 0
    explanations: ["Right.", "That is input()."]
---
# Hello

Next: [the echo exercise](../exercises/python-ex-echo/).
"#
    )
}

fn exercise_md() -> String {
    format!(
        r#"---
id: {EXERCISE_ID}
slug: python-ex-echo
title: Echo
type: exercise
difficulty: beginner
category: python
tags: []
estimatedMinutes: 5
prerequisites: [python-hello]
hints: ["Read a line with input()."]
---
Print the line you read. See [the lesson](../../lessons/python-hello.md#hello).
"#
    )
}

fn tests_toml() -> String {
    r#"
[[test]]
name = "echoes a word"
stdin = "hi\n"
expected = "hi\n"
message = "Print exactly the line you read."
[[test]]
name = "echoes a sentence"
stdin = "a b c\n"
expected = "a b c"
match = "tokens"
message = "Print exactly the line you read."
[[test]]
name = "echoes an empty line"
stdin = "\n"
expected = ""
message = "An empty line should print an empty line."
"#
    .to_string()
}

type Files = Vec<(String, String)>;

fn valid_files() -> Files {
    let ex = "python/exercises/python-ex-echo";
    vec![
        ("python/track.toml".into(), track_toml()),
        ("python/lessons/python-hello.md".into(), lesson()),
        (format!("{ex}/exercise.md"), exercise_md()),
        (format!("{ex}/starter.py"), "# TODO\n".into()),
        (format!("{ex}/solution.py"), "print(input())\n".into()),
        (
            format!("{ex}/wrong/shouts.py"),
            "print(input().upper())\n".into(),
        ),
        (format!("{ex}/tests.toml"), tests_toml()),
    ]
}

fn load(files: Files) -> Curriculum {
    Curriculum::from_files(files.into_iter().map(|(p, s)| (p, s.into_bytes())))
}

fn edit(files: &mut Files, path_suffix: &str, from: &str, to: &str) {
    let file = files
        .iter_mut()
        .find(|(p, _)| p.ends_with(path_suffix))
        .expect("fixture file exists");
    assert!(
        file.1.contains(from),
        "fixture {path_suffix} contains {from:?}"
    );
    file.1 = file.1.replacen(from, to, 1);
}

fn problems_after(change: impl FnOnce(&mut Files)) -> Vec<Problem> {
    let mut files = valid_files();
    change(&mut files);
    load(files).validate()
}

fn assert_reported(problems: &[Problem], path_suffix: &str, words: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.path.ends_with(path_suffix) && p.message.contains(words)),
        "expected a problem at {path_suffix} mentioning {words:?}, got {problems:#?}"
    );
}

#[test]
fn a_valid_tree_parses_into_typed_items_with_no_problems() {
    let c = load(valid_files());
    assert_eq!(c.validate(), vec![]);
    assert_eq!(c.tracks.len(), 1);
    assert_eq!(c.tracks[0].language, Language::Python);
    assert_eq!(c.tracks[0].modules[0].items.len(), 2);

    let lesson = c.item("python-hello").unwrap();
    assert_eq!(lesson.kind, ItemKind::Lesson);
    assert_eq!(lesson.id.to_string(), LESSON_ID);
    assert_eq!(lesson.difficulty, Difficulty::Beginner);
    assert_eq!(lesson.estimated_minutes, 5);
    assert!(lesson.body.starts_with("# Hello"));
    assert_eq!(lesson.quiz[0].answer, 0);
    assert!(lesson.exercise.is_none());

    let ex = c.item("python-ex-echo").unwrap();
    let exercise = ex.exercise.as_ref().unwrap();
    assert_eq!(ex.prerequisites, vec!["python-hello"]);
    assert_eq!(exercise.solution, "print(input())\n");
    assert_eq!(exercise.wrong[0].0, "shouts");
    assert_eq!(exercise.hints.len(), 1);
    assert_eq!(exercise.tests.len(), 3);
    assert_eq!(exercise.tests[0].match_mode, MatchMode::Lines);
    assert_eq!(exercise.tests[1].match_mode, MatchMode::Tokens);
    assert!(exercise.driver.is_none());
}

#[test]
fn a_quiz_answer_is_checked_with_the_chosen_options_explanation() {
    let c = load(valid_files());
    let q = &c.item("python-hello").unwrap().quiz[0];
    assert!(q.check(0).unwrap().correct);
    let wrong = q.check(1).unwrap();
    assert!(!wrong.correct);
    assert_eq!(wrong.explanation, "That is input().");
    assert!(q.check(2).is_none());
}

#[test]
fn ignored_files_do_not_count_as_content() {
    let mut files = valid_files();
    files.push(("README.md".into(), "# content".into()));
    files.push((
        "python/exercises/python-ex-echo/__pycache__/solution.cpython-311.pyc".into(),
        "\0".into(),
    ));
    files.push(("python/lessons/.python-hello.md.swp".into(), "x".into()));
    assert_eq!(load(files).validate(), vec![]);
}

#[test]
fn broken_yaml_front_matter_is_reported_at_its_file() {
    let p = problems_after(|f| edit(f, "python-hello.md", "tags: [basics]", "tags: [basics"));
    assert_reported(&p, "lessons/python-hello.md", "invalid front matter");
}

#[test]
fn a_missing_front_matter_fence_is_reported() {
    let p = problems_after(|f| edit(f, "python-hello.md", "---\n#", "\n#"));
    assert_reported(&p, "lessons/python-hello.md", "front matter");
}

#[test]
fn an_unknown_difficulty_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "python-hello.md",
            "difficulty: beginner",
            "difficulty: easy",
        )
    });
    assert_reported(&p, "lessons/python-hello.md", "unknown variant `easy`");
}

#[test]
fn a_misspelt_field_is_reported_rather_than_ignored() {
    let p = problems_after(|f| {
        edit(
            f,
            "python-hello.md",
            "estimatedMinutes",
            "estimated_minutes",
        )
    });
    assert_reported(&p, "lessons/python-hello.md", "estimated_minutes");
}

#[test]
fn an_id_that_is_not_a_uuid_is_reported() {
    let p = problems_after(|f| edit(f, "python-hello.md", LESSON_ID, "__UUID__"));
    assert_reported(&p, "lessons/python-hello.md", "not a UUID");
}

#[test]
fn two_items_with_one_id_are_reported() {
    let p = problems_after(|f| edit(f, "exercise.md", EXERCISE_ID, LESSON_ID));
    assert_reported(
        &p,
        "exercise.md",
        "also used by python/lessons/python-hello.md",
    );
}

#[test]
fn a_slug_that_differs_from_the_file_name_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "python-hello.md",
            "slug: python-hello",
            "slug: python-hi",
        )
    });
    assert_reported(&p, "lessons/python-hello.md", "must equal the file name");
}

#[test]
fn a_lesson_typed_as_an_exercise_is_reported() {
    let p = problems_after(|f| edit(f, "python-hello.md", "type: lesson", "type: exercise"));
    assert_reported(&p, "lessons/python-hello.md", "type is `exercise`");
}

#[test]
fn a_category_other_than_the_track_language_is_reported() {
    let p = problems_after(|f| edit(f, "python-hello.md", "category: python", "category: java"));
    assert_reported(&p, "lessons/python-hello.md", "category `java`");
}

#[test]
fn a_missing_prerequisite_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "exercise.md",
            "[python-hello]",
            "[python-hello, python-nope]",
        )
    });
    assert_reported(
        &p,
        "exercise.md",
        "prerequisite `python-nope` is not an item",
    );
}

#[test]
fn a_prerequisite_cycle_is_reported_once_with_its_path() {
    let p = problems_after(|f| {
        edit(
            f,
            "python-hello.md",
            "prerequisites: []",
            "prerequisites: [python-ex-echo]",
        )
    });
    let cycles: Vec<_> = p.iter().filter(|p| p.message.contains("cycle")).collect();
    assert_eq!(cycles.len(), 1, "{p:#?}");
    assert!(cycles[0].message.contains("python-hello"));
    assert!(cycles[0].message.contains("python-ex-echo"));
}

#[test]
fn an_item_in_no_module_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "track.toml",
            r#"["python-hello", "python-ex-echo"]"#,
            r#"["python-hello"]"#,
        )
    });
    assert_reported(&p, "exercises/python-ex-echo/exercise.md", "in no module");
}

#[test]
fn an_item_in_two_modules_is_reported() {
    let p = problems_after(|f| {
        let toml = &mut f[0].1;
        toml.push_str(
            "[[modules]]\nslug = \"python-more\"\ntitle = \"More\"\nitems = [\"python-hello\"]\n",
        );
    });
    assert_reported(&p, "python/track.toml", "exactly one module");
}

#[test]
fn a_module_listing_an_unknown_item_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "track.toml",
            "\"python-hello\",",
            "\"python-hello\", \"python-ghost\",",
        )
    });
    assert_reported(
        &p,
        "python/track.toml",
        "`python-ghost`, which is not an item",
    );
}

#[test]
fn a_link_to_a_missing_item_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "python-hello.md",
            "python-ex-echo/)",
            "python-ex-ghost/)",
        )
    });
    assert_reported(&p, "lessons/python-hello.md", "does not lead to an item");
}

#[test]
fn external_links_are_not_checked() {
    let p = problems_after(|f| {
        edit(
            f,
            "python-hello.md",
            "# Hello",
            "# Hello\n\nSee [the docs](https://docs.python.org/3/).",
        )
    });
    assert_eq!(p, vec![]);
}

#[test]
fn a_quiz_answer_out_of_range_is_reported() {
    let p = problems_after(|f| edit(f, "python-hello.md", "answer: 0", "answer: 2"));
    assert_reported(&p, "lessons/python-hello.md", "out of range");
}

#[test]
fn a_quiz_without_one_explanation_per_option_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "python-hello.md",
            r#"["Right.", "That is input()."]"#,
            r#"["Right."]"#,
        )
    });
    assert_reported(
        &p,
        "lessons/python-hello.md",
        "1 explanations for 2 options",
    );
}

#[test]
fn an_exercise_without_a_wrong_solution_is_reported() {
    let p = problems_after(|f| f.retain(|(p, _)| !p.contains("/wrong/")));
    assert_reported(&p, "exercise.md", "known-wrong solution");
}

#[test]
fn an_exercise_without_a_solution_file_is_reported() {
    let p = problems_after(|f| f.retain(|(p, _)| !p.ends_with("solution.py")));
    assert_reported(&p, "python-ex-echo/solution.py", "missing");
}

#[test]
fn an_exercise_with_too_few_tests_is_reported() {
    let p = problems_after(|f| {
        let tests = &mut f
            .iter_mut()
            .find(|(p, _)| p.ends_with("tests.toml"))
            .unwrap()
            .1;
        let cut = tests.rfind("[[test]]").unwrap();
        tests.truncate(cut);
    });
    assert_reported(&p, "tests.toml", "has 2 tests");
}

#[test]
fn an_exercise_without_hints_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "exercise.md",
            "hints: [\"Read a line with input().\"]",
            "hints: []",
        )
    });
    assert_reported(&p, "exercise.md", "at least one hint");
}

#[test]
fn hints_on_a_lesson_are_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "python-hello.md",
            "tags: [basics]",
            "tags: [basics]\nhints: [\"x\"]",
        )
    });
    assert_reported(&p, "lessons/python-hello.md", "hints belong to exercises");
}

#[test]
fn an_unknown_match_mode_and_a_bad_regex_are_reported() {
    let p = problems_after(|f| edit(f, "tests.toml", "match = \"tokens\"", "match = \"fuzzy\""));
    assert_reported(&p, "tests.toml", "invalid tests");

    let p = problems_after(|f| {
        edit(
            f,
            "tests.toml",
            "expected = \"a b c\"\nmatch = \"tokens\"",
            "expected = \"(a\"\nmatch = \"regex\"",
        )
    });
    assert_reported(&p, "tests.toml", "invalid regex");
}

#[test]
fn a_test_without_a_learner_message_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "tests.toml",
            "message = \"An empty line should print an empty line.\"",
            "",
        )
    });
    assert_reported(&p, "tests.toml", "learner-facing `message`");
}

#[test]
fn a_stray_file_in_an_exercise_folder_is_reported() {
    let p = problems_after(|f| {
        f.push((
            "python/exercises/python-ex-echo/solutions.py".into(),
            "x".into(),
        ))
    });
    assert_reported(&p, "python-ex-echo/solutions.py", "unexpected file");
}

#[test]
fn a_track_without_track_toml_is_reported() {
    let p = problems_after(|f| f.retain(|(p, _)| !p.ends_with("track.toml")));
    assert_reported(&p, "python/track.toml", "missing");
}

#[test]
fn an_unknown_track_language_is_reported() {
    let p = problems_after(|f| {
        edit(
            f,
            "track.toml",
            "language = \"python\"",
            "language = \"cobol\"",
        )
    });
    assert_reported(&p, "python/track.toml", "unknown language `cobol`");
}

#[test]
fn the_same_slug_in_two_tracks_is_reported() {
    let p = problems_after(|f| {
        let copies: Files = f
            .iter()
            .map(|(p, s)| {
                let s = s
                    .replace(LESSON_ID, "6f1f4c34-9a57-4a52-8d1e-0c4d1f2a3b03")
                    .replace(EXERCISE_ID, "6f1f4c34-9a57-4a52-8d1e-0c4d1f2a3b04")
                    .replace("slug = \"python\"", "slug = \"python2\"")
                    .replace("slug = \"python-basics\"", "slug = \"python2-basics\"");
                (p.replacen("python/", "python2/", 1), s)
            })
            .collect();
        f.extend(copies);
    });
    assert_reported(
        &p,
        "python2/lessons/python-hello.md",
        "slug `python-hello` is also used",
    );
}

#[test]
fn loading_a_directory_that_does_not_exist_is_an_error() {
    let missing = std::env::temp_dir().join("codestead-no-such-content-dir");
    assert!(matches!(
        Curriculum::load_dir(&missing),
        Err(crate::LoadError::NotADirectory(_))
    ));
}

#[test]
fn loading_a_directory_reads_the_same_tree_as_in_memory_files() {
    let root = std::env::temp_dir().join(format!("codestead-content-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in valid_files() {
        let file = root.join(&path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let from_disk = Curriculum::load_dir(&root).unwrap();
    std::fs::remove_dir_all(&root).unwrap();

    let in_memory = load(valid_files());
    assert_eq!(from_disk.validate(), vec![]);
    assert_eq!(from_disk.tracks, in_memory.tracks);
    assert_eq!(from_disk.items, in_memory.items);
}

#[test]
fn tracks_are_listed_in_the_authors_order_not_the_alphabets() {
    let track = |slug: &str, order: Option<u32>| {
        let order = order.map(|o| format!("order = {o}\n")).unwrap_or_default();
        (
            format!("{slug}/track.toml"),
            format!(
                "slug = \"{slug}\"\ntitle = \"{slug}\"\nlanguage = \"python\"\ndescription = \"d\"\n{order}"
            ),
        )
    };
    let c = load(vec![
        track("alpha", None),
        track("zeta", Some(1)),
        track("beta", None),
        track("mid", Some(2)),
    ]);
    let slugs: Vec<&str> = c.tracks.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, ["zeta", "mid", "alpha", "beta"]);
}

#[test]
fn the_built_in_tracks_start_with_python() {
    let c = Curriculum::load_embedded();
    let slugs: Vec<&str> = c.tracks.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, ["python", "javascript", "java", "cpp"]);
}
