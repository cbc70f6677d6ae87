//! `codestead admin` builds only what account administration needs: creating a user
//! opens the database and nothing else (no Redis, no curriculum, no content index, no
//! LTI keys), while a role change, which ends sessions, uses the servers' shared cache.

use std::path::Path;
use std::process::{Command, Output};

use codestead_store::Store;

/// Nothing listens here: a command that tries to use this Redis fails.
const DEAD_REDIS: &str = "redis://127.0.0.1:1/0";

fn admin(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codestead"))
        .arg("admin")
        .args(args)
        .env("CODESTEAD_DATA_DIR", data)
        .env("CODESTEAD_REDIS_URL", DEAD_REDIS)
        .env("CODESTEAD_ADMIN_PASSWORD", "a long enough passphrase")
        .env_remove("CODESTEAD_DATABASE_URL")
        .env("CODESTEAD_LOG", "warn")
        .output()
        .expect("the codestead binary runs")
}

#[tokio::test]
async fn create_user_opens_only_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");

    let out = admin(
        &data,
        &["create-user", "--email", "Ada@Example.com", "--admin"],
    );
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ada@example.com"));

    let store = Store::connect(&codestead_store::sqlite_url_for_dir(&data))
        .await
        .unwrap();
    let user = store
        .find_credentials("ada@example.com")
        .await
        .unwrap()
        .expect("the user was created")
        .user;
    assert!(user.email_verified);
    // The content index was not synced and the LTI service was not built.
    let page = store
        .search_content(&codestead_store::search::SearchQuery {
            text: "hello",
            page: 1,
            per_page: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 0, "create-user synced the content index");
    store.close().await.unwrap();
    assert!(!data.join("lti-key.pem").exists(), "create-user built LTI");

    // A role change ends sessions, so it goes to the configured (here dead) Redis: the
    // same configuration that create-user ignored is honoured where it matters.
    let refused = admin(
        &data,
        &[
            "set-role",
            "--email",
            "ada@example.com",
            "--role",
            "teacher",
        ],
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Redis"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}
