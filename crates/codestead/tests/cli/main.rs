//! The `codestead` binary as an operator runs it: `content import` checks a school's
//! curriculum (grading its exercises in the real sandbox) before writing anything.

mod admin;
mod collab_crash;
mod crash;
mod fleet;
mod lti;
mod metrics;
mod roles;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codestead_store::Store;
use codestead_store::search::SearchQuery;

fn builtin(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../content")
        .join(path)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A one-track curriculum: the first Python lesson and the graded exercise after it,
/// plus a lesson of the school's own.
fn school_curriculum(root: &Path, extra_lesson: &str) {
    let track = root.join("python");
    fs::create_dir_all(track.join("lessons")).unwrap();
    fs::copy(
        builtin("python/lessons/python-hello-world.md"),
        track.join("lessons/python-hello-world.md"),
    )
    .unwrap();
    copy_dir(
        &builtin("python/exercises/python-ex-greeting"),
        &track.join("exercises/python-ex-greeting"),
    );
    fs::write(track.join("lessons/python-school-welcome.md"), extra_lesson).unwrap();
    fs::write(
        track.join("track.toml"),
        "slug = \"python\"\ntitle = \"Python at our school\"\nlanguage = \"python\"\n\
         description = \"Our own course.\"\n\n[[modules]]\nslug = \"school-start\"\n\
         title = \"Start\"\nitems = [\"python-hello-world\", \"python-ex-greeting\", \"python-school-welcome\"]\n",
    )
    .unwrap();
}

fn lesson(prerequisite: &str) -> String {
    format!(
        "---\nid: 5c0f4a1e-8d3b-4c2a-9e1f-0a7b6c5d4e3f\nslug: python-school-welcome\ntitle: Welcome to the quokka club\n\
         type: lesson\ndifficulty: beginner\ncategory: python\ntags: [welcome]\nestimatedMinutes: 3\n\
         prerequisites: [{prerequisite}]\n---\n\nEvery Friday the quokka club writes one small program together.\n"
    )
}

fn import(dir: &Path, data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codestead"))
        .args(["content", "import"])
        .arg(dir)
        .env("CODESTEAD_DATA_DIR", data)
        .env_remove("CODESTEAD_DATABASE_URL")
        .env("CODESTEAD_LOG", "warn")
        .output()
        .expect("the codestead binary runs")
}

async fn search_total(data: &Path, text: &str) -> u64 {
    let store = Store::connect(&codestead_store::sqlite_url_for_dir(data))
        .await
        .unwrap();
    let page = store
        .search_content(&SearchQuery {
            text,
            page: 1,
            per_page: 10,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    store.close().await.unwrap();
    page.total
}

#[tokio::test]
async fn import_loads_a_checked_curriculum_and_refuses_a_broken_one() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");

    let good = tmp.path().join("good");
    school_curriculum(&good, &lesson("python-hello-world"));
    let out = import(&good, &data);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("3 added"), "{stdout}");
    assert_eq!(search_total(&data, "quokka").await, 1);

    // Importing the same folder again changes nothing.
    let again = import(&good, &data);
    assert!(again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("3 unchanged"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );

    // A prerequisite that does not exist fails the check; the index keeps the old text.
    let broken = tmp.path().join("broken");
    school_curriculum(
        &broken,
        &lesson("no-such-lesson").replace("quokka", "wombat"),
    );
    let refused = import(&broken, &data);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("nothing imported"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(search_total(&data, "wombat").await, 0);
    assert_eq!(search_total(&data, "quokka").await, 1);
}
