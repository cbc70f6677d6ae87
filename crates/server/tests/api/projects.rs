//! Projects: templates that run, the file tree, versions, limits and blobs, trash and
//! purge, share links, zip export/import, and another learner's ids answering 404.

use std::io::{Cursor, Read, Write};

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use codestead_server::platform::clock::Clock;

use crate::helpers::{Login, TestApp, assert_problem, shared_sandbox};

const MB: usize = 1024 * 1024;

async fn send(
    app: &TestApp,
    who: &Login,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Response {
    app.request(method, path, body, Some(&who.access)).await
}

async fn ok_json(response: Response, status: StatusCode) -> Value {
    let got = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "body {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

async fn new_project(app: &TestApp, who: &Login, body: Value) -> Value {
    ok_json(
        send(app, who, Method::POST, "/api/v1/projects", Some(body)).await,
        StatusCode::CREATED,
    )
    .await
}

async fn add_file(app: &TestApp, who: &Login, project: &str, path: &str, content: &str) -> Value {
    ok_json(
        send(
            app,
            who,
            Method::POST,
            &format!("/api/v1/projects/{project}/files"),
            Some(json!({"path": path, "content": content})),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

async fn save(app: &TestApp, who: &Login, project: &str, file: &str, content: &str) -> Response {
    send(
        app,
        who,
        Method::PUT,
        &format!("/api/v1/projects/{project}/files/{file}"),
        Some(json!({"content": content})),
    )
    .await
}

async fn get_json(app: &TestApp, who: &Login, path: &str) -> Value {
    ok_json(app.get_as(&who.access, path).await, StatusCode::OK).await
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (path, content) in entries {
        writer.start_file(*path, options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        out.push((entry.name().unwrap().into_owned(), text));
    }
    out.sort();
    out
}

async fn import_raw(app: &TestApp, who: &Login, zip: Vec<u8>, title: &str) -> Response {
    app.client
        .post(app.url("/api/v1/projects/import"))
        .query(&[("title", title)])
        .bearer_auth(&who.access)
        .header("content-type", "application/zip")
        .body(zip)
        .send()
        .await
        .unwrap()
}

/// Deletes one file of a project.
async fn delete_file(app: &TestApp, who: &Login, project: &str, file: &str) {
    let deleted = send(
        app,
        who,
        Method::DELETE,
        &format!("/api/v1/projects/{project}/files/{file}"),
        None,
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
}

/// Moves a project to the trash.
async fn trash(app: &TestApp, who: &Login, project: &str) {
    let deleted = send(
        app,
        who,
        Method::DELETE,
        &format!("/api/v1/projects/{project}"),
        None,
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
}

/// Runs the hourly trash purge now (at the test clock's time); returns how many went.
async fn purge(app: &TestApp) -> usize {
    app.state
        .projects
        .purge_expired_projects(app.clock.now())
        .await
        .unwrap()
}

/// Every blob file under the data dir, as (relative path, bytes).
fn blob_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&app.data_dir.join("blobs"), &mut out);
    out
}

#[tokio::test]
async fn every_template_runs_as_created() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let templates: Vec<Value> = get_json(&app, &ada, "/api/v1/templates")
        .await
        .as_array()
        .unwrap()
        .clone();
    let ids: Vec<&str> = templates
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    for wanted in ["python-cli", "node-script", "java-app", "cpp-program"] {
        assert!(ids.contains(&wanted), "{wanted} in {ids:?}");
    }
    for t in &templates {
        let files: Vec<&str> = t["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        assert!(files.contains(&"README.md"), "{t}");
        assert!(files.contains(&t["entry"].as_str().unwrap()), "{t}");
    }
    if shared_sandbox().is_none() {
        crate::fixtures::missing("the sandbox is unavailable: template runs");
        return;
    }
    for t in &templates {
        let project = new_project(
            &app,
            &ada,
            json!({"title": t["name"], "templateId": t["id"]}),
        )
        .await;
        assert_eq!(project["language"], t["language"]);
        assert_eq!(project["entryPath"], t["entry"]);
        assert_eq!(project["fileCount"], t["files"].as_array().unwrap().len());
        assert!(project["lineCount"].as_i64().unwrap() > 5);
        // A name the sandbox would refuse does not stop the run (it is left out).
        add_file(&app, &ada, &id(&project), "My notes.md", "- todo\n").await;
        let run = ok_json(
            send(
                &app,
                &ada,
                Method::POST,
                &format!("/api/v1/projects/{}/run", id(&project)),
                Some(json!({"stdin": "Ada\nGrace\n"})),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(run["status"], "ok", "{} run: {run}", t["id"]);
        assert_eq!(run["stdout"], "Hello, Ada!\nHello, Grace!\n", "{}", t["id"]);
    }
    // POST /executions with projectId runs the project's files and files the run under it.
    let projects = get_json(&app, &ada, "/api/v1/projects").await;
    let python = projects
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["templateId"] == "python-cli")
        .unwrap();
    let run = ok_json(
        send(
            &app,
            &ada,
            Method::POST,
            "/api/v1/executions",
            Some(json!({"language": "python", "projectId": python["id"]})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(run["stdout"], "Hello, world!\n");
}

#[tokio::test]
async fn the_file_tree_is_created_renamed_and_deleted_with_totals_kept() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let project = new_project(
        &app,
        &ada,
        json!({"title": "Scratch", "technologyStack": "python, cli"}),
    )
    .await;
    let pid = id(&project);
    assert_eq!(project["technologyStack"], json!(["python", "cli"]));
    assert_eq!(project["fileCount"], 0);
    assert_eq!(project["language"], Value::Null);

    let main = add_file(&app, &ada, &pid, "main.py", "import util\nprint(util.X)\n").await;
    let util = add_file(&app, &ada, &pid, "./util.py", "X = 1\n").await;
    assert_eq!(util["path"], "util.py", "normalised");
    assert_eq!(main["version"], 1);
    let project = get_json(&app, &ada, &format!("/api/v1/projects/{pid}")).await;
    assert_eq!(project["language"], "python", "learned from the first file");
    assert_eq!(project["entryPath"], "main.py");
    assert_eq!(project["fileCount"], 2);
    assert_eq!(project["lineCount"], 3);
    assert_eq!(project["totalBytes"], 26 + 6);

    let taken = send(
        &app,
        &ada,
        Method::POST,
        &format!("/api/v1/projects/{pid}/files"),
        Some(json!({"path": "util.py", "content": "again"})),
    )
    .await;
    let problem = assert_problem(taken, StatusCode::CONFLICT, "path_taken").await;
    assert!(problem["fields"]["path"].is_string());

    let tree = get_json(&app, &ada, &format!("/api/v1/projects/{pid}/files")).await;
    let paths: Vec<&str> = tree
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["main.py", "util.py"]);
    assert!(tree[0].get("content").is_none(), "the tree has no content");
    let file = get_json(
        &app,
        &ada,
        &format!("/api/v1/projects/{pid}/files/{}", id(&main)),
    )
    .await;
    assert_eq!(file["content"], "import util\nprint(util.X)\n");

    // Moving the entry moves the project's entry with it.
    let moved = ok_json(
        send(
            &app,
            &ada,
            Method::PATCH,
            &format!("/api/v1/projects/{pid}/files/{}", id(&main)),
            Some(json!({"path": "src/app.py"})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["path"], "src/app.py");
    let project = get_json(&app, &ada, &format!("/api/v1/projects/{pid}")).await;
    assert_eq!(project["entryPath"], "src/app.py");
    let clash = send(
        &app,
        &ada,
        Method::PATCH,
        &format!("/api/v1/projects/{pid}/files/{}", id(&main)),
        Some(json!({"path": "util.py"})),
    )
    .await;
    assert_problem(clash, StatusCode::CONFLICT, "path_taken").await;

    delete_file(&app, &ada, &pid, &id(&util)).await;
    let project = get_json(&app, &ada, &format!("/api/v1/projects/{pid}")).await;
    assert_eq!(project["fileCount"], 1);
    assert_eq!(project["lineCount"], 2);
    assert_eq!(project["totalBytes"], 26);
    let gone = app
        .get_as(
            &ada.access,
            &format!("/api/v1/projects/{pid}/files/{}", id(&util)),
        )
        .await;
    assert_problem(gone, StatusCode::NOT_FOUND, "not_found").await;

    // Activity moves with every change.
    let before = project["lastActivityAt"].as_str().unwrap().to_owned();
    app.clock.advance(chrono::Duration::minutes(5));
    assert_eq!(
        save(&app, &ada, &pid, &id(&main), "print(2)\n")
            .await
            .status(),
        StatusCode::OK
    );
    let project = get_json(&app, &ada, &format!("/api/v1/projects/{pid}")).await;
    assert_ne!(project["lastActivityAt"].as_str().unwrap(), before);
    assert_eq!(project["lineCount"], 1);
}

#[tokio::test]
async fn unsafe_paths_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let pid = id(&new_project(&app, &ada, json!({"title": "Paths"})).await);
    let file = add_file(&app, &ada, &pid, "ok.py", "x").await;
    let long = "a/".repeat(130) + "b";
    for bad in [
        "../escape.py",
        "a/../../x.py",
        "/etc/passwd",
        "a\\b.py",
        "a//b.py",
        "dir/",
        "",
        "nul\u{0}.py",
        "tab\t.py",
        long.as_str(),
    ] {
        let created = send(
            &app,
            &ada,
            Method::POST,
            &format!("/api/v1/projects/{pid}/files"),
            Some(json!({"path": bad, "content": "x"})),
        )
        .await;
        let problem = assert_problem(
            created,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(problem["fields"]["path"].is_string(), "{bad:?}: {problem}");
        let renamed = send(
            &app,
            &ada,
            Method::PATCH,
            &format!("/api/v1/projects/{pid}/files/{}", id(&file)),
            Some(json!({"path": bad})),
        )
        .await;
        assert_problem(
            renamed,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
    let tree = get_json(&app, &ada, &format!("/api/v1/projects/{pid}/files")).await;
    assert_eq!(tree.as_array().unwrap().len(), 1);
    assert_eq!(tree[0]["path"], "ok.py");
}

#[tokio::test]
async fn eleven_saves_keep_ten_versions_and_a_restore_is_a_new_version() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let pid = id(&new_project(&app, &ada, json!({"title": "History"})).await);
    let fid = id(&add_file(&app, &ada, &pid, "main.py", "v1\n").await);
    for n in 2..=12 {
        let saved = ok_json(
            save(&app, &ada, &pid, &fid, &format!("v{n}\n")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(saved["version"], n);
    }
    let base = format!("/api/v1/projects/{pid}/files/{fid}/versions");
    let versions = get_json(&app, &ada, &base).await;
    let numbers: Vec<i64> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["versionNumber"].as_i64().unwrap())
        .collect();
    assert_eq!(
        numbers,
        (3..=12).rev().collect::<Vec<_>>(),
        "newest first, oldest two gone"
    );
    let v3 = get_json(&app, &ada, &format!("{base}/3")).await;
    assert_eq!(v3["content"], "v3\n");
    let gone = app.get_as(&ada.access, &format!("{base}/2")).await;
    assert_problem(gone, StatusCode::NOT_FOUND, "not_found").await;

    let restored = ok_json(
        send(&app, &ada, Method::POST, &format!("{base}/5/restore"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["version"], 13);
    let file = get_json(&app, &ada, &format!("/api/v1/projects/{pid}/files/{fid}")).await;
    assert_eq!(file["content"], "v5\n");
    let newest = get_json(&app, &ada, &base).await;
    assert_eq!(newest[0]["versionNumber"], 13);
    assert_eq!(newest[0]["changeDescription"], "Restored version 5");
    assert_eq!(newest.as_array().unwrap().len(), 10);

    let diff = get_json(&app, &ada, &format!("{base}/13/diff?against=12")).await;
    let text = diff["diff"].as_str().unwrap();
    assert!(text.contains("-v12\n") && text.contains("+v5\n"), "{text}");
    assert_eq!(diff["against"], 12);
    let unknown = app
        .get_as(&ada.access, &format!("{base}/13/diff?against=1"))
        .await;
    assert_problem(
        unknown,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn the_number_of_kept_versions_is_configurable() {
    let app = TestApp::spawn_with(|c| c.project_versions_kept = 3).await;
    let ada = app.learner().await;
    let pid = id(&new_project(&app, &ada, json!({"title": "Short"})).await);
    let fid = id(&add_file(&app, &ada, &pid, "a.py", "1").await);
    for n in 2..=6 {
        assert_eq!(
            save(&app, &ada, &pid, &fid, &n.to_string()).await.status(),
            StatusCode::OK
        );
    }
    let versions = get_json(
        &app,
        &ada,
        &format!("/api/v1/projects/{pid}/files/{fid}/versions"),
    )
    .await;
    let numbers: Vec<i64> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["versionNumber"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [6, 5, 4]);
}

#[tokio::test]
async fn large_files_go_to_blob_storage_and_limits_are_enforced() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let pid = id(&new_project(&app, &ada, json!({"title": "Big"})).await);

    // Over 256 KB: stored as a blob, read back byte for byte.
    let big: String = (0..300_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect::<String>()
        + "\nend\n";
    let file = add_file(&app, &ada, &pid, "data.txt", &big).await;
    assert_eq!(blob_files(&app).len(), 1, "one blob written");
    let read = get_json(
        &app,
        &ada,
        &format!("/api/v1/projects/{pid}/files/{}", id(&file)),
    )
    .await;
    assert_eq!(read["content"].as_str().unwrap(), big);
    assert_eq!(read["sizeBytes"], big.len());
    let small = add_file(&app, &ada, &pid, "small.txt", "tiny").await;
    assert_eq!(blob_files(&app).len(), 1, "small content stays inline");

    // Exactly 1 MB is accepted even when JSON escaping doubles it on the wire.
    let quotes = "\"".repeat(MB);
    let edge = add_file(&app, &ada, &pid, "quotes.txt", &quotes).await;
    assert_eq!(edge["sizeBytes"], MB);
    delete_file(&app, &ada, &pid, &id(&edge)).await;

    // One byte over 1 MB: refused on create and on save, naming `content`.
    let too_big = "x".repeat(MB + 1);
    let created = send(
        &app,
        &ada,
        Method::POST,
        &format!("/api/v1/projects/{pid}/files"),
        Some(json!({"path": "huge.txt", "content": too_big})),
    )
    .await;
    let problem = assert_problem(created, StatusCode::PAYLOAD_TOO_LARGE, "file_too_large").await;
    assert!(problem["fields"]["content"].is_string());
    let saved = save(&app, &ada, &pid, &id(&small), &too_big).await;
    assert_problem(saved, StatusCode::PAYLOAD_TOO_LARGE, "file_too_large").await;
    let unchanged = get_json(
        &app,
        &ada,
        &format!("/api/v1/projects/{pid}/files/{}", id(&small)),
    )
    .await;
    assert_eq!(unchanged["content"], "tiny");
    assert_eq!(unchanged["version"], 1);

    // Fill up to exactly 20 MB, then one more byte is refused.
    let one_mb = "y".repeat(MB);
    let used = get_json(&app, &ada, &format!("/api/v1/projects/{pid}")).await["totalBytes"]
        .as_i64()
        .unwrap() as usize;
    let mut remaining = 20 * MB - used;
    let mut n = 0;
    while remaining > 0 {
        let chunk = remaining.min(MB);
        add_file(&app, &ada, &pid, &format!("fill{n}.txt"), &one_mb[..chunk]).await;
        remaining -= chunk;
        n += 1;
    }
    let project = get_json(&app, &ada, &format!("/api/v1/projects/{pid}")).await;
    assert_eq!(project["totalBytes"], 20 * MB);
    let over = send(
        &app,
        &ada,
        Method::POST,
        &format!("/api/v1/projects/{pid}/files"),
        Some(json!({"path": "last.txt", "content": "z"})),
    )
    .await;
    let problem = assert_problem(over, StatusCode::PAYLOAD_TOO_LARGE, "project_too_large").await;
    assert!(problem["fields"]["content"].is_string());
    let grow = save(&app, &ada, &pid, &id(&small), "tiny!").await;
    assert_problem(grow, StatusCode::PAYLOAD_TOO_LARGE, "project_too_large").await;
    // Shrinking is always allowed.
    assert_eq!(
        save(&app, &ada, &pid, &id(&small), "t").await.status(),
        StatusCode::OK
    );
    let project = get_json(&app, &ada, &format!("/api/v1/projects/{pid}")).await;
    assert_eq!(project["totalBytes"], 20 * MB - 3);
    let blobs_before = blob_files(&app).len();
    assert!(blobs_before > 1);

    // Deleting the big file deletes its blob.
    delete_file(&app, &ada, &pid, &id(&file)).await;
    assert_eq!(blob_files(&app).len(), blobs_before - 1);
}

#[tokio::test]
async fn trashed_projects_are_restorable_and_purged_after_thirty_days() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let keep = id(&new_project(&app, &ada, json!({"title": "Keep"})).await);
    let pid = id(&new_project(&app, &ada, json!({"title": "Bin"})).await);
    add_file(&app, &ada, &pid, "big.txt", &"b".repeat(300 * 1024)).await;
    assert_eq!(blob_files(&app).len(), 1);

    trash(&app, &ada, &pid).await;
    assert_problem(
        app.get_as(&ada.access, &format!("/api/v1/projects/{pid}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        app.get_as(&ada.access, &format!("/api/v1/projects/{pid}/files"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let list = get_json(&app, &ada, "/api/v1/projects").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let trash = get_json(&app, &ada, "/api/v1/projects/trash").await;
    assert_eq!(trash.as_array().unwrap().len(), 1);
    assert_eq!(trash[0]["id"], pid.as_str());
    assert!(trash[0]["purgeAt"].is_string());

    let restored = ok_json(
        send(
            &app,
            &ada,
            Method::POST,
            &format!("/api/v1/projects/{pid}/restore"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["deletedAt"], Value::Null);
    let again = send(
        &app,
        &ada,
        Method::POST,
        &format!("/api/v1/projects/{pid}/restore"),
        None,
    )
    .await;
    assert_problem(again, StatusCode::NOT_FOUND, "not_found").await;

    send(
        &app,
        &ada,
        Method::DELETE,
        &format!("/api/v1/projects/{pid}"),
        None,
    )
    .await;
    app.clock.advance(chrono::Duration::days(29));
    let ada = app.login(&ada.email).await;
    let purged = purge(&app).await;
    assert_eq!(purged, 0, "29 days: still in the trash");
    assert_eq!(
        get_json(&app, &ada, "/api/v1/projects/trash")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    app.clock.advance(chrono::Duration::days(2));
    let ada = app.login(&ada.email).await;
    let purged = purge(&app).await;
    assert_eq!(purged, 1);
    assert!(
        get_json(&app, &ada, "/api/v1/projects/trash")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    let restore = send(
        &app,
        &ada,
        Method::POST,
        &format!("/api/v1/projects/{pid}/restore"),
        None,
    )
    .await;
    assert_problem(restore, StatusCode::NOT_FOUND, "not_found").await;
    assert!(blob_files(&app).is_empty(), "the purge deleted the blob");
    // The live project is untouched.
    get_json(&app, &ada, &format!("/api/v1/projects/{keep}")).await;
}

#[tokio::test]
async fn a_share_link_works_logged_out_until_revoked() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let pid = id(&new_project(&app, &ada, json!({"title": "Shared"})).await);
    add_file(&app, &ada, &pid, "main.py", "print('hi')\n").await;
    let big = "q".repeat(300 * 1024);
    add_file(&app, &ada, &pid, "big.txt", &big).await;

    let share = ok_json(
        send(
            &app,
            &ada,
            Method::POST,
            &format!("/api/v1/projects/{pid}/share"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let token = share["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 43);
    assert_eq!(share["url"], format!("/s/{token}"));
    let shared = app
        .client
        .get(app.url(&format!("/api/v1/shared/{token}")))
        .send()
        .await
        .unwrap();
    let shared = ok_json(shared, StatusCode::OK).await;
    assert_eq!(shared["project"]["title"], "Shared");
    assert!(
        shared["project"].get("shareUrl").is_none(),
        "the link itself is the owner's"
    );
    let files = shared["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["content"].as_str().unwrap(), big);
    assert_eq!(files[1]["content"], "print('hi')\n");

    // A new link replaces the old one.
    let second = ok_json(
        send(
            &app,
            &ada,
            Method::POST,
            &format!("/api/v1/projects/{pid}/share"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let second = second["token"].as_str().unwrap().to_owned();
    assert_ne!(second, token);
    let old = app
        .client
        .get(app.url(&format!("/api/v1/shared/{token}")))
        .send()
        .await
        .unwrap();
    assert_problem(old, StatusCode::NOT_FOUND, "not_found").await;

    let revoked = send(
        &app,
        &ada,
        Method::DELETE,
        &format!("/api/v1/projects/{pid}/share"),
        None,
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let after = app
        .client
        .get(app.url(&format!("/api/v1/shared/{second}")))
        .send()
        .await
        .unwrap();
    assert_problem(after, StatusCode::NOT_FOUND, "not_found").await;

    // A trashed project's link stops too.
    let third = ok_json(
        send(
            &app,
            &ada,
            Method::POST,
            &format!("/api/v1/projects/{pid}/share"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    send(
        &app,
        &ada,
        Method::DELETE,
        &format!("/api/v1/projects/{pid}"),
        None,
    )
    .await;
    let trashed = app
        .client
        .get(app.url(&format!(
            "/api/v1/shared/{}",
            third["token"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_problem(trashed, StatusCode::NOT_FOUND, "not_found").await;
    let garbage = app
        .client
        .get(app.url("/api/v1/shared/not-a-token"))
        .send()
        .await
        .unwrap();
    assert_problem(garbage, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn an_export_holds_exactly_the_files_and_imports_back() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let project = new_project(
        &app,
        &ada,
        json!({"title": "Java Thing", "templateId": "java-app"}),
    )
    .await;
    let pid = id(&project);
    let big = "z".repeat(270 * 1024);
    add_file(&app, &ada, &pid, "data/big.txt", &big).await;

    let response = app
        .get_as(&ada.access, &format!("/api/v1/projects/{pid}/export"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("java-thing.zip")
    );
    let zip = response.bytes().await.unwrap().to_vec();
    let exported = unzip(&zip);

    let tree = get_json(&app, &ada, &format!("/api/v1/projects/{pid}/files")).await;
    let mut expected = Vec::new();
    for f in tree.as_array().unwrap() {
        let file = get_json(
            &app,
            &ada,
            &format!("/api/v1/projects/{pid}/files/{}", id(f)),
        )
        .await;
        expected.push((
            file["path"].as_str().unwrap().to_owned(),
            file["content"].as_str().unwrap().to_owned(),
        ));
    }
    expected.sort();
    assert_eq!(exported, expected);
    assert!(
        exported
            .iter()
            .any(|(p, c)| p == "data/big.txt" && c == &big)
    );

    // The export imports back as an equal project (raw application/zip body).
    let imported = ok_json(
        import_raw(&app, &ada, zip, "Copy").await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(imported["title"], "Copy");
    assert_eq!(imported["language"], "java");
    assert_eq!(imported["entryPath"], "Main.java");
    assert_eq!(imported["fileCount"], expected.len());
    let again = app
        .get_as(
            &ada.access,
            &format!("/api/v1/projects/{}/export", id(&imported)),
        )
        .await;
    assert_eq!(unzip(&again.bytes().await.unwrap()), expected);
}

#[tokio::test]
async fn a_multipart_import_strips_a_wrapping_folder() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let zip = zip_of(&[
        ("repo-main/main.py", b"print(1)\n"),
        ("repo-main/pkg/util.py", b"X = 2\n"),
    ]);
    let form = reqwest::multipart::Form::new()
        .text("title", "From GitHub")
        .part(
            "file",
            reqwest::multipart::Part::bytes(zip).file_name("repo.zip"),
        );
    let response = app
        .client
        .post(app.url("/api/v1/projects/import"))
        .bearer_auth(&ada.access)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let project = ok_json(response, StatusCode::CREATED).await;
    assert_eq!(project["title"], "From GitHub");
    assert_eq!(project["language"], "python");
    assert_eq!(project["entryPath"], "main.py");
    assert_eq!(project["lineCount"], 2);
    let tree = get_json(
        &app,
        &ada,
        &format!("/api/v1/projects/{}/files", id(&project)),
    )
    .await;
    let paths: Vec<&str> = tree
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["main.py", "pkg/util.py"]);
}

#[tokio::test]
async fn bad_archives_are_refused_and_create_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let traversal: &[&[(&str, &[u8])]] = &[
        &[("ok.py", b"1"), ("../evil.py", b"x")],
        &[("a/../../evil.py", b"x")],
        &[("/etc/cron.d/evil", b"x")],
        &[("C:/evil.py", b"x")],
        &[("a\\..\\evil.py", b"x")],
    ];
    for entries in traversal {
        let response = import_raw(&app, &ada, zip_of(entries), "bad").await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(
            problem["fields"]["file"].is_string(),
            "{entries:?}: {problem}"
        );
    }
    // A symbolic link entry.
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .add_symlink(
            "link",
            "/etc/passwd",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    let link = writer.finish().unwrap().into_inner();
    assert_problem(
        import_raw(&app, &ada, link, "link").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Not a zip at all, and binary content.
    assert_problem(
        import_raw(&app, &ada, b"PK but not really".to_vec(), "x").await,
        StatusCode::BAD_REQUEST,
        "invalid_zip",
    )
    .await;
    assert_problem(
        import_raw(&app, &ada, zip_of(&[("a.bin", &[0, 159, 146, 150])]), "x").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Over the limits: 201 files; one file over 1 MB; a small zip inflating past 20 MB.
    let names: Vec<String> = (0..201).map(|i| format!("f{i}.txt")).collect();
    let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    assert_problem(
        import_raw(&app, &ada, zip_of(&many), "many").await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_many_files",
    )
    .await;
    let big = vec![b'a'; MB + 1];
    assert_problem(
        import_raw(&app, &ada, zip_of(&[("big.txt", &big)]), "big").await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
    )
    .await;
    let chunk = vec![b'0'; MB];
    let bomb_names: Vec<String> = (0..21).map(|i| format!("z{i}.txt")).collect();
    let bomb: Vec<(&str, &[u8])> = bomb_names
        .iter()
        .map(|n| (n.as_str(), chunk.as_slice()))
        .collect();
    let bomb = zip_of(&bomb);
    assert!(bomb.len() < MB, "compresses small");
    assert_problem(
        import_raw(&app, &ada, bomb, "bomb").await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "project_too_large",
    )
    .await;

    assert!(
        get_json(&app, &ada, "/api/v1/projects")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(blob_files(&app).is_empty(), "no blob left behind");
}

#[tokio::test]
async fn publishing_needs_a_verified_address() {
    let app = TestApp::spawn().await;
    let email = "publisher@example.org";
    assert_eq!(app.register(email).await.status(), StatusCode::CREATED);
    let ada = app.login(email).await;
    let refused = send(
        &app,
        &ada,
        Method::POST,
        "/api/v1/projects",
        Some(json!({"title": "P", "isPublic": true})),
    )
    .await;
    assert_problem(refused, StatusCode::FORBIDDEN, "email_unverified").await;
    assert!(
        get_json(&app, &ada, "/api/v1/projects")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    let pid = id(&new_project(&app, &ada, json!({"title": "P"})).await);
    let patch = send(
        &app,
        &ada,
        Method::PATCH,
        &format!("/api/v1/projects/{pid}"),
        Some(json!({"isPublic": true})),
    )
    .await;
    assert_problem(patch, StatusCode::FORBIDDEN, "email_unverified").await;

    let token = app.token_from_mail(email, "/verify-email?token=").await;
    assert!(
        app.post("/api/v1/auth/verify-email", json!({"token": token}))
            .await
            .status()
            .is_success()
    );
    let public = ok_json(
        send(
            &app,
            &ada,
            Method::PATCH,
            &format!("/api/v1/projects/{pid}"),
            Some(json!({"isPublic": true, "description": "Mine"})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["isPublic"], true);
    assert_eq!(public["description"], "Mine");
    // The public view for profiles: by username, public projects only.
    let user: Value = get_json(&app, &ada, "/api/v1/me").await;
    let (project, files) = app
        .state
        .projects
        .public_project(user["username"].as_str().unwrap(), pid.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(project.title, "P");
    assert!(files.is_empty());
    let cleared = ok_json(
        send(
            &app,
            &ada,
            Method::PATCH,
            &format!("/api/v1/projects/{pid}"),
            Some(json!({"isPublic": false, "description": null})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cleared["description"], Value::Null);
    assert!(
        app.state
            .projects
            .public_project(user["username"].as_str().unwrap(), pid.parse().unwrap())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn bad_project_fields_are_named() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    for (body, field) in [
        (json!({"title": ""}), "title"),
        (json!({"title": "   "}), "title"),
        (json!({"title": "x".repeat(101)}), "title"),
        (
            json!({"title": "ok", "templateId": "cobol-app"}),
            "templateId",
        ),
        (
            json!({"title": "ok", "technologyStack": ["x".repeat(41)]}),
            "technologyStack",
        ),
        (json!({}), "title"),
    ] {
        let response = send(
            &app,
            &ada,
            Method::POST,
            "/api/v1/projects",
            Some(body.clone()),
        )
        .await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(problem["fields"][field].is_string(), "{body}: {problem}");
    }
    assert!(
        get_json(&app, &ada, "/api/v1/projects")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    let pid = id(&new_project(&app, &ada, json!({"title": "ok"})).await);
    for (body, field) in [
        (json!({"entryPath": "missing.py"}), "entryPath"),
        (json!({"language": "cobol"}), "language"),
        (json!({"title": ""}), "title"),
    ] {
        let response = send(
            &app,
            &ada,
            Method::PATCH,
            &format!("/api/v1/projects/{pid}"),
            Some(body.clone()),
        )
        .await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(problem["fields"][field].is_string(), "{body}: {problem}");
    }
    assert_eq!(
        get_json(&app, &ada, &format!("/api/v1/projects/{pid}")).await["title"],
        "ok"
    );
}

#[tokio::test]
async fn another_learners_ids_are_not_found_everywhere() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let project = new_project(
        &app,
        &ada,
        json!({"title": "Ada's", "templateId": "python-cli"}),
    )
    .await;
    let pid = id(&project);
    let tree = get_json(&app, &ada, &format!("/api/v1/projects/{pid}/files")).await;
    let fid = id(&tree[0]);
    assert_eq!(
        save(&app, &ada, &pid, &fid, "changed\n").await.status(),
        StatusCode::OK
    );
    let trashed = id(&new_project(&app, &ada, json!({"title": "Ada's trash"})).await);
    send(
        &app,
        &ada,
        Method::DELETE,
        &format!("/api/v1/projects/{trashed}"),
        None,
    )
    .await;
    let big = "b".repeat(300 * 1024);

    let p = format!("/api/v1/projects/{pid}");
    let f = format!("{p}/files/{fid}");
    let calls: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, p.clone(), None),
        (
            Method::PATCH,
            p.clone(),
            Some(json!({"title": "Bob's now"})),
        ),
        (Method::DELETE, p.clone(), None),
        (
            Method::POST,
            format!("/api/v1/projects/{trashed}/restore"),
            None,
        ),
        (Method::GET, format!("{p}/files"), None),
        (
            Method::POST,
            format!("{p}/files"),
            Some(json!({"path": "bob.py", "content": "x"})),
        ),
        (
            Method::POST,
            format!("{p}/files"),
            Some(json!({"path": "bob.txt", "content": big})),
        ),
        (Method::GET, f.clone(), None),
        (Method::PUT, f.clone(), Some(json!({"content": "bob"}))),
        (Method::PUT, f.clone(), Some(json!({"content": big}))),
        (Method::PATCH, f.clone(), Some(json!({"path": "bob.py"}))),
        (Method::DELETE, f.clone(), None),
        (Method::GET, format!("{f}/versions"), None),
        (Method::GET, format!("{f}/versions/1"), None),
        (Method::GET, format!("{f}/versions/2/diff"), None),
        (Method::POST, format!("{f}/versions/1/restore"), None),
        (Method::POST, format!("{p}/run"), Some(json!({}))),
        (Method::POST, format!("{p}/share"), None),
        (Method::DELETE, format!("{p}/share"), None),
        (Method::GET, format!("{p}/export"), None),
    ];
    for (method, path, body) in calls {
        let response = send(&app, &bob, method.clone(), &path, body).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
        assert_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    // Bob's own project with Ada's file id.
    let bobs = id(&new_project(&app, &bob, json!({"title": "Bob's"})).await);
    let mixed = app
        .get_as(&bob.access, &format!("/api/v1/projects/{bobs}/files/{fid}"))
        .await;
    assert_problem(mixed, StatusCode::NOT_FOUND, "not_found").await;
    let mixed = save(&app, &bob, &bobs, &fid, "x").await;
    assert_problem(mixed, StatusCode::NOT_FOUND, "not_found").await;
    // POST /executions with Ada's project id is a bad field for Bob.
    let run = send(
        &app,
        &bob,
        Method::POST,
        "/api/v1/executions",
        Some(json!({"language": "python", "projectId": pid})),
    )
    .await;
    let problem = assert_problem(run, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(problem["fields"]["projectId"].is_string());
    assert!(
        get_json(&app, &bob, "/api/v1/projects/trash")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        get_json(&app, &bob, "/api/v1/projects")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let import = app
        .client
        .get(app.url(&format!("{p}/export")))
        .send()
        .await
        .unwrap();
    assert_problem(import, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    // Nothing of Ada's changed, and Bob wrote no blob.
    let after = get_json(&app, &ada, &p).await;
    assert_eq!(after["title"], "Ada's");
    assert_eq!(after["fileCount"], project["fileCount"]);
    let file = get_json(&app, &ada, &f).await;
    assert_eq!(file["content"], "changed\n");
    assert_eq!(file["version"], 2);
    assert_eq!(
        get_json(&app, &ada, "/api/v1/projects/trash")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(blob_files(&app).is_empty());
}

/// Scale-out storage: with a bucket configured, large files live in S3 (an S3 emulator
/// speaking the real protocol when `CODESTEAD_TEST_S3_ENDPOINT` is set; `make test` starts
/// one), nothing lands on the server's disk, and the trash purge empties the bucket.
#[tokio::test]
async fn large_files_live_in_the_s3_bucket_when_one_is_configured() {
    let Some(endpoint) = std::env::var("CODESTEAD_TEST_S3_ENDPOINT")
        .ok()
        .filter(|e| !e.is_empty())
    else {
        eprintln!("note: CODESTEAD_TEST_S3_ENDPOINT unset; the S3 run is skipped");
        return;
    };
    let bucket = format!("codestead-test-{}", uuid::Uuid::now_v7().simple());
    let http = reqwest::Client::new();
    let created = http
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{}", created.status());
    let keys = || async {
        let listing = http
            .get(format!("{endpoint}/{bucket}?list-type=2"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        listing
            .split("<Key>")
            .skip(1)
            .map(|k| k.split("</Key>").next().unwrap().to_owned())
            .collect::<Vec<_>>()
    };

    let app = TestApp::spawn_with(|c| {
        c.s3_bucket = Some(bucket.clone());
        c.s3_endpoint = Some(endpoint.clone());
        c.s3_region = Some("us-east-1".into());
        c.s3_access_key_id = Some("codestead-test".into());
        c.s3_secret_access_key = Some("codestead-test-secret".to_owned().into());
    })
    .await;
    let ada = app.learner().await;
    let pid = id(&new_project(&app, &ada, json!({"title": "Big"})).await);
    let big = "0123456789abcdef\n".repeat(20_000);
    let file = add_file(&app, &ada, &pid, "data.txt", &big).await;
    let stored = keys().await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(
        stored[0].starts_with(&format!("projects/{pid}/")),
        "{stored:?}"
    );
    assert!(blob_files(&app).is_empty(), "nothing on the server's disk");
    let read = get_json(
        &app,
        &ada,
        &format!("/api/v1/projects/{pid}/files/{}", id(&file)),
    )
    .await;
    assert_eq!(read["content"].as_str().unwrap(), big);

    trash(&app, &ada, &pid).await;
    app.clock.advance(chrono::Duration::days(31));
    let purged = purge(&app).await;
    assert_eq!(purged, 1);
    assert!(keys().await.is_empty(), "the purge emptied the bucket");
}
