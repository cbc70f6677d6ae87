//! The share page's data and "Copy to my projects": who shared a project (a profile link
//! only when the profile is public), and a copy that is the copier's own, private,
//! independent of the original, within the copier's limits, and only through a live link.

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use codestead_server::platform::clock::Clock;

use crate::helpers::{Login, TestApp, assert_problem};
use crate::portfolio::{public_learner, username};

async fn json_of(response: Response, status: StatusCode) -> Value {
    let got = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "body {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

async fn new_project(app: &TestApp, who: &Login, title: &str) -> String {
    let project = json_of(
        app.post_as(
            &who.access,
            "/api/v1/projects",
            Some(json!({"title": title, "description": "Adds two numbers", "technologyStack": ["python"]})),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    project["id"].as_str().unwrap().to_owned()
}

async fn add_file(app: &TestApp, who: &Login, project: &str, path: &str, content: &str) -> String {
    let file = json_of(
        app.post_as(
            &who.access,
            &format!("/api/v1/projects/{project}/files"),
            Some(json!({"path": path, "content": content})),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    file["id"].as_str().unwrap().to_owned()
}

async fn share(app: &TestApp, who: &Login, project: &str) -> String {
    let link = json_of(
        app.post_as(
            &who.access,
            &format!("/api/v1/projects/{project}/share"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    link["token"].as_str().unwrap().to_owned()
}

async fn copy(app: &TestApp, who: &Login, token: &str) -> Response {
    app.post_as(&who.access, &format!("/api/v1/shared/{token}/copy"), None)
        .await
}

async fn visit(app: &TestApp, token: &str) -> Response {
    app.client
        .get(app.url(&format!("/api/v1/shared/{token}")))
        .send()
        .await
        .unwrap()
}

/// Every file's path and content, by path.
async fn files_of(app: &TestApp, who: &Login, project: &str) -> Vec<(String, String)> {
    let tree = json_of(
        app.get_as(&who.access, &format!("/api/v1/projects/{project}/files"))
            .await,
        StatusCode::OK,
    )
    .await;
    let mut out = Vec::new();
    for f in tree.as_array().unwrap() {
        let file = json_of(
            app.get_as(
                &who.access,
                &format!(
                    "/api/v1/projects/{project}/files/{}",
                    f["id"].as_str().unwrap()
                ),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        out.push((
            file["path"].as_str().unwrap().to_owned(),
            file["content"].as_str().unwrap().to_owned(),
        ));
    }
    out
}

async fn project_count(app: &TestApp, who: &Login) -> usize {
    json_of(
        app.get_as(&who.access, "/api/v1/projects").await,
        StatusCode::OK,
    )
    .await
    .as_array()
    .unwrap()
    .len()
}

/// Every blob file under the data dir.
fn blob_count(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        entries
            .flatten()
            .map(|e| {
                let path = e.path();
                if path.is_dir() { walk(&path) } else { 1 }
            })
            .sum()
    }
    walk(&app.data_dir.join("blobs"))
}

#[tokio::test]
async fn a_shared_project_names_its_author_without_a_profile_link_while_the_profile_is_private() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let pid = new_project(&app, &ada, "Calculator").await;
    add_file(&app, &ada, &pid, "main.py", "print(1 + 2)\n").await;
    let token = share(&app, &ada, &pid).await;
    let shared = json_of(visit(&app, &token).await, StatusCode::OK).await;
    assert_eq!(shared["project"]["title"], "Calculator");
    assert_eq!(shared["project"]["description"], "Adds two numbers");
    assert_eq!(shared["author"]["name"], "Ada Lovelace");
    assert_eq!(shared["author"]["username"], username(&app, &ada).await);
    assert!(
        shared["author"]["profileUrl"].is_null(),
        "a private profile is not linked: {}",
        shared["author"]
    );
    assert!(
        shared["author"].get("email").is_none() && shared["author"].get("bio").is_none(),
        "nothing else of the owner: {}",
        shared["author"]
    );
}

#[tokio::test]
async fn a_public_profile_is_linked_from_the_share_page() {
    let app = TestApp::spawn().await;
    let ada = public_learner(&app).await;
    let name = username(&app, &ada).await;
    let pid = new_project(&app, &ada, "Calculator").await;
    let token = share(&app, &ada, &pid).await;
    let shared = json_of(visit(&app, &token).await, StatusCode::OK).await;
    assert_eq!(shared["author"]["profileUrl"], format!("/u/{name}"));
    // The link is for the profile page that really opens.
    assert_eq!(
        app.client
            .get(app.url(&format!("/api/v1/users/{name}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_copy_is_the_copiers_private_project_and_independent_of_the_original() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let pid = new_project(&app, &ada, "Calculator").await;
    let main = add_file(&app, &ada, &pid, "main.py", "print(1 + 2)\n").await;
    // Over 256 KB: kept in blob storage, so the copy needs a blob of its own.
    let big = "d".repeat(300 * 1024);
    let data = add_file(&app, &ada, &pid, "data/big.txt", &big).await;
    let token = share(&app, &ada, &pid).await;
    let original = files_of(&app, &ada, &pid).await;
    let blobs_before = blob_count(&app);

    let created = json_of(copy(&app, &bob, &token).await, StatusCode::CREATED).await;
    let cid = created["id"].as_str().unwrap().to_owned();
    assert_ne!(cid, pid);
    assert_eq!(created["title"], "Calculator");
    assert_eq!(created["description"], "Adds two numbers");
    assert_eq!(created["technologyStack"], json!(["python"]));
    assert_eq!(created["language"], "python");
    assert_eq!(created["entryPath"], "main.py");
    assert_eq!(created["isPublic"], false, "a copy is private");
    assert_eq!(created["fileCount"], 2);
    assert!(created.get("shareUrl").is_none(), "the copy is not shared");
    assert_eq!(files_of(&app, &bob, &cid).await, original);
    assert_eq!(blob_count(&app), blobs_before + 1, "the copy's own blob");
    // Bob's, not Ada's.
    assert_problem(
        app.get_as(&ada.access, &format!("/api/v1/projects/{cid}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let tree = json_of(
        app.get_as(&bob.access, &format!("/api/v1/projects/{cid}/files"))
            .await,
        StatusCode::OK,
    )
    .await;
    let copied_main = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "main.py")
        .unwrap();
    assert_eq!(copied_main["version"], 1, "the copy starts its own history");
    let copied_main = copied_main["id"].as_str().unwrap().to_owned();

    // Bob edits the copy: Ada's file is unchanged.
    let saved = app
        .request(
            Method::PUT,
            &format!("/api/v1/projects/{cid}/files/{copied_main}"),
            Some(json!({"content": "print('bob was here')\n"})),
            Some(&bob.access),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(files_of(&app, &ada, &pid).await, original);
    // Ada edits, deletes a file and trashes the original: Bob's copy keeps everything.
    let saved = app
        .request(
            Method::PUT,
            &format!("/api/v1/projects/{pid}/files/{main}"),
            Some(json!({"content": "print('ada changed it')\n"})),
            Some(&ada.access),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let deleted = app
        .request(
            Method::DELETE,
            &format!("/api/v1/projects/{pid}/files/{data}"),
            None,
            Some(&ada.access),
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let trashed = app
        .request(
            Method::DELETE,
            &format!("/api/v1/projects/{pid}"),
            None,
            Some(&ada.access),
        )
        .await;
    assert_eq!(trashed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        files_of(&app, &bob, &cid).await,
        vec![
            ("data/big.txt".to_owned(), big),
            ("main.py".to_owned(), "print('bob was here')\n".to_owned()),
        ]
    );
}

#[tokio::test]
async fn only_a_live_link_can_be_copied_and_only_by_a_signed_in_learner() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let pid = new_project(&app, &ada, "Private").await;
    add_file(&app, &ada, &pid, "main.py", "print('mine')\n").await;

    // Without a link, another learner's private project cannot be copied: its id is no token.
    for token in [pid.clone(), "not-a-token".to_owned(), "A".repeat(43)] {
        assert_problem(
            copy(&app, &bob, &token).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    let token = share(&app, &ada, &pid).await;
    // A visitor is asked to sign in.
    let anonymous = app
        .request(
            Method::POST,
            &format!("/api/v1/shared/{token}/copy"),
            None,
            None,
        )
        .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // A revoked link refuses.
    let revoked = app
        .request(
            Method::DELETE,
            &format!("/api/v1/projects/{pid}/share"),
            None,
            Some(&ada.access),
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_problem(
        copy(&app, &bob, &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // A trashed project's link refuses.
    let token = share(&app, &ada, &pid).await;
    let trashed = app
        .request(
            Method::DELETE,
            &format!("/api/v1/projects/{pid}"),
            None,
            Some(&ada.access),
        )
        .await;
    assert_eq!(trashed.status(), StatusCode::NO_CONTENT);
    assert_problem(
        copy(&app, &bob, &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // A deleted account's link refuses.
    let eve = app.learner().await;
    let eves = new_project(&app, &eve, "Gone soon").await;
    let token = share(&app, &eve, &eves).await;
    assert_eq!(
        copy(&app, &bob, &token).await.status(),
        StatusCode::CREATED,
        "the link works while the account lives"
    );
    let deleted = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": crate::helpers::PASSWORD})),
            Some(&eve.access),
        )
        .await;
    assert!(deleted.status().is_success(), "{}", deleted.status());
    assert_problem(
        copy(&app, &bob, &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        project_count(&app, &bob).await,
        1,
        "only the copy made through a live link"
    );
}

#[tokio::test]
async fn a_copy_counts_against_the_copiers_storage_quota() {
    let app = TestApp::spawn_with(|c| c.user_storage_quota_bytes = 500 * 1024).await;
    let ada = app.learner().await;
    let bob = app.learner().await;
    let pid = new_project(&app, &ada, "Data").await;
    add_file(&app, &ada, &pid, "data.txt", &"a".repeat(300 * 1024)).await;
    let token = share(&app, &ada, &pid).await;
    // Bob already keeps 300 KB: another 300 KB would pass his 500 KB.
    let own = new_project(&app, &bob, "Own").await;
    add_file(&app, &bob, &own, "mine.txt", &"b".repeat(300 * 1024)).await;
    let blobs_before = blob_count(&app);

    let refused = copy(&app, &bob, &token).await;
    let problem = assert_problem(
        refused,
        StatusCode::PAYLOAD_TOO_LARGE,
        "storage_quota_exceeded",
    )
    .await;
    assert!(problem["fields"]["content"].is_string(), "{problem}");
    assert_eq!(project_count(&app, &bob).await, 1, "no copy was made");
    assert_eq!(
        blob_count(&app),
        blobs_before,
        "the refused copy left no blob behind"
    );
    // With room again, the same link copies.
    let trashed = app
        .request(
            Method::DELETE,
            &format!("/api/v1/projects/{own}"),
            None,
            Some(&bob.access),
        )
        .await;
    assert_eq!(trashed.status(), StatusCode::NO_CONTENT);
    app.state
        .projects
        .purge_expired_projects(app.clock.now() + chrono::Duration::days(31))
        .await
        .unwrap();
    assert_eq!(copy(&app, &bob, &token).await.status(), StatusCode::CREATED);
}
