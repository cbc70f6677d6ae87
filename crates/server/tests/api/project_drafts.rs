//! A project file's unsaved edits as a draft (`project:<projectId>.<fileId>`): kept until
//! the file is saved or the edits discarded, gone with the file or the project, refused
//! for another learner's ids, and checked like every other draft key.

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Login, TestApp, assert_problem};

async fn json_of(response: Response, status: StatusCode) -> Value {
    let got = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "body {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

/// A project of `who` with one file per path; returns the project id and the file ids.
async fn project_with(app: &TestApp, who: &Login, paths: &[&str]) -> (String, Vec<String>) {
    let project = json_of(
        app.post_as(
            &who.access,
            "/api/v1/projects",
            Some(json!({"title": "Drafty"})),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let pid = project["id"].as_str().unwrap().to_owned();
    let mut ids = Vec::new();
    for path in paths {
        let file = json_of(
            app.post_as(
                &who.access,
                &format!("/api/v1/projects/{pid}/files"),
                Some(json!({"path": path, "content": "print('saved')\n"})),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        ids.push(file["id"].as_str().unwrap().to_owned());
    }
    (pid, ids)
}

fn key(project: &str, file: &str) -> String {
    format!("project:{project}.{file}")
}

async fn put_draft(app: &TestApp, who: &Login, key: &str, body: Value) -> Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/drafts/{key}"),
        Some(body),
        Some(&who.access),
    )
    .await
}

async fn get_draft(app: &TestApp, who: &Login, key: &str) -> Response {
    app.get_as(&who.access, &format!("/api/v1/drafts/{key}"))
        .await
}

async fn draft_keys(app: &TestApp, who: &Login) -> Vec<String> {
    json_of(
        app.get_as(&who.access, "/api/v1/drafts").await,
        StatusCode::OK,
    )
    .await
    .as_array()
    .unwrap()
    .iter()
    .map(|d| d["key"].as_str().unwrap().to_owned())
    .collect()
}

#[tokio::test]
async fn a_project_files_unsaved_edits_follow_the_learner_until_the_file_is_saved() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let (pid, files) = project_with(&app, &ada, &["main.py", "README.md"]).await;
    let main = key(&pid, &files[0]);
    let readme = key(&pid, &files[1]);
    let saved = json_of(
        put_draft(
            &app,
            &ada,
            &main,
            json!({"language": "python", "code": "print('unsaved')\n"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["key"], main);
    // A file that is not code keeps its draft as text.
    json_of(
        put_draft(
            &app,
            &ada,
            &readme,
            json!({"language": "text", "code": "# Notes\n"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    // Another session (another browser, after logout) reads the edits back.
    let again = app.login(&ada.email).await;
    let read = json_of(get_draft(&app, &again, &main).await, StatusCode::OK).await;
    assert_eq!(read["code"], "print('unsaved')\n");
    assert_eq!(read["language"], "python");

    // Saving the file makes the edits a version and the draft goes.
    let file = json_of(
        app.request(
            Method::PUT,
            &format!("/api/v1/projects/{pid}/files/{}", files[0]),
            Some(json!({"content": "print('unsaved')\n"})),
            Some(&again.access),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(file["version"], 2);
    assert_problem(
        get_draft(&app, &again, &main).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        draft_keys(&app, &again).await,
        vec![readme.clone()],
        "only the saved file's draft went"
    );

    // Discarding deletes the other one.
    let discarded = app
        .request(
            Method::DELETE,
            &format!("/api/v1/drafts/{readme}"),
            None,
            Some(&again.access),
        )
        .await;
    assert_eq!(discarded.status(), StatusCode::NO_CONTENT);
    assert!(draft_keys(&app, &again).await.is_empty());
}

#[tokio::test]
async fn deleting_a_file_or_trashing_its_project_drops_the_drafts() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let (pid, files) = project_with(&app, &ada, &["a.py", "b.py", "c.py"]).await;
    let (other, other_files) = project_with(&app, &ada, &["keep.py"]).await;
    for (p, f) in [
        (&pid, &files[0]),
        (&pid, &files[1]),
        (&pid, &files[2]),
        (&other, &other_files[0]),
    ] {
        json_of(
            put_draft(
                &app,
                &ada,
                &key(p, f),
                json!({"language": "python", "code": "x = 1"}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    json_of(
        put_draft(
            &app,
            &ada,
            "playground:python",
            json!({"language": "python", "code": "y = 2"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    let deleted = app
        .request(
            Method::DELETE,
            &format!("/api/v1/projects/{pid}/files/{}", files[0]),
            None,
            Some(&ada.access),
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let mut keys = draft_keys(&app, &ada).await;
    keys.sort();
    let mut expected = vec![
        key(&pid, &files[1]),
        key(&pid, &files[2]),
        key(&other, &other_files[0]),
        "playground:python".to_owned(),
    ];
    expected.sort();
    assert_eq!(keys, expected, "the deleted file's draft went, no other");

    let trashed = app
        .request(
            Method::DELETE,
            &format!("/api/v1/projects/{pid}"),
            None,
            Some(&ada.access),
        )
        .await;
    assert_eq!(trashed.status(), StatusCode::NO_CONTENT);
    let mut keys = draft_keys(&app, &ada).await;
    keys.sort();
    let mut expected = vec![key(&other, &other_files[0]), "playground:python".to_owned()];
    expected.sort();
    assert_eq!(
        keys, expected,
        "the trashed project's drafts went, no other"
    );
    // A trashed project's file takes no new draft either.
    assert_problem(
        put_draft(
            &app,
            &ada,
            &key(&pid, &files[1]),
            json!({"language": "python", "code": "x = 3"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn another_learners_project_in_a_draft_key_is_refused() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let (pid, files) = project_with(&app, &ada, &["main.py"]).await;
    let (bobs, bobs_files) = project_with(&app, &bob, &["main.py"]).await;
    let adas_key = key(&pid, &files[0]);
    json_of(
        put_draft(
            &app,
            &ada,
            &adas_key,
            json!({"language": "python", "code": "secret = 1"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Ada's ids, and Ada's file under Bob's own project, are not Bob's to use.
    for k in [adas_key.clone(), key(&bobs, &files[0])] {
        assert_problem(
            put_draft(
                &app,
                &bob,
                &k,
                json!({"language": "python", "code": "mine now"}),
            )
            .await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_problem(
            get_draft(&app, &bob, &k).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        let r = app
            .request(
                Method::DELETE,
                &format!("/api/v1/drafts/{k}"),
                None,
                Some(&bob.access),
            )
            .await;
        assert_problem(r, StatusCode::NOT_FOUND, "not_found").await;
    }
    assert!(
        draft_keys(&app, &bob).await.is_empty(),
        "Bob stored nothing"
    );
    let read = json_of(get_draft(&app, &ada, &adas_key).await, StatusCode::OK).await;
    assert_eq!(read["code"], "secret = 1", "Ada's draft is untouched");
    // Bob's own file works for Bob.
    json_of(
        put_draft(
            &app,
            &bob,
            &key(&bobs, &bobs_files[0]),
            json!({"language": "python", "code": "mine"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn a_bad_project_draft_key_or_body_names_the_field_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let (pid, files) = project_with(&app, &ada, &["main.py"]).await;
    let fid = &files[0];
    let good = key(&pid, fid);
    let python = json!({"language": "python", "code": "x"});
    let simple = |id: &str| id.replace('-', "");
    for (k, body, field) in [
        ("project:".to_owned(), python.clone(), "key"),
        ("project:abc".to_owned(), python.clone(), "key"),
        // The project alone names no file.
        (format!("project:{pid}"), python.clone(), "key"),
        (format!("project:{pid}."), python.clone(), "key"),
        (format!("project:{pid}.{fid}.x"), python.clone(), "key"),
        (format!("project:{pid}%2F{fid}"), python.clone(), "key"),
        // One spelling per file: no upper case, no other uuid forms.
        (
            format!("project:{}.{fid}", pid.to_uppercase()),
            python.clone(),
            "key",
        ),
        (
            format!("project:{}.{fid}", simple(&pid)),
            python.clone(),
            "key",
        ),
        (format!("project-{pid}-{fid}"), python.clone(), "key"),
        // `text` is for project files; exercises and the playground run code.
        (
            "exercise:python-ex-greeting".to_owned(),
            json!({"language": "text", "code": "x"}),
            "language",
        ),
        (
            good.clone(),
            json!({"language": "cobol", "code": "x"}),
            "language",
        ),
        // A project draft holds at most 256 KiB; an exercise's still 64 KiB.
        (
            good.clone(),
            json!({"language": "python", "code": "x".repeat(256 * 1024 + 1)}),
            "code",
        ),
        (
            "playground:python".to_owned(),
            json!({"language": "python", "code": "x".repeat(65537)}),
            "code",
        ),
    ] {
        let r = put_draft(&app, &ada, &k, body).await;
        let problem =
            assert_problem(r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(
            problem["fields"].get(field).is_some(),
            "{k}: {problem} names {field}"
        );
    }
    assert!(
        draft_keys(&app, &ada).await.is_empty(),
        "nothing was stored"
    );
    // The bounds themselves are accepted.
    json_of(
        put_draft(
            &app,
            &ada,
            &good,
            json!({"language": "python", "code": "x".repeat(256 * 1024)}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
}
