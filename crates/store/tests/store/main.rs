//! Store contract tests: every test runs on SQLite, and on PostgreSQL as well when
//! `CODESTEAD_TEST_DATABASE_URL` is set (each on a fresh database dropped afterwards).

mod accounts;
mod drafts;
mod learning;
mod lti;
mod portfolio;
mod projects;
mod ratings;
mod search;
mod tutor;

use std::future::Future;

use codestead_store::Store;
use codestead_store::testing::TestDatabase;

/// Runs `check` against a freshly migrated store on each available backend.
pub async fn on_every_backend<F, Fut>(check: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let mut databases = vec![TestDatabase::sqlite_in(dir.path())];
    match TestDatabase::postgres().await {
        Some(pg) => databases.push(pg),
        None => {
            eprintln!("note: CODESTEAD_TEST_DATABASE_URL unset; PostgreSQL contract run skipped")
        }
    }
    for db in databases {
        let store = Store::connect(&db.url).await.expect("connect + migrate");
        check(store.clone()).await;
        store.close().await.expect("close");
        drop(db);
    }
}
