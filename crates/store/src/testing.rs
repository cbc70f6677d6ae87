//! Test databases for the contract and API suites: a temporary SQLite file always, and
//! a fresh PostgreSQL database (created, then dropped) when `CODESTEAD_TEST_DATABASE_URL`
//! points at a server.

use std::path::Path;

use sea_orm::{ConnectionTrait, Database};

use crate::Backend;

pub const POSTGRES_ENV: &str = "CODESTEAD_TEST_DATABASE_URL";

/// A database that exists for one test and is removed afterwards.
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    /// For PostgreSQL: the server URL to drop the database from, and its name.
    drop_from: Option<(String, String)>,
}

impl TestDatabase {
    pub fn sqlite_in(dir: &Path) -> Self {
        Self {
            url: crate::sqlite_url_for_dir(dir),
            backend: Backend::Sqlite,
            drop_from: None,
        }
    }

    /// A fresh PostgreSQL database, if the env var names a server.
    pub async fn postgres() -> Option<Self> {
        let admin_url = std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty())?;
        let name = format!("codestead_test_{}", uuid::Uuid::now_v7().simple());
        let admin = Database::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV} is set but unreachable: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("creating test database");
        admin.close().await.ok();
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin_url);
        Some(Self {
            url: format!("{base}/{name}"),
            backend: Backend::Postgres,
            drop_from: Some((admin_url, name)),
        })
    }

    /// PostgreSQL when configured, else SQLite in `dir`: the API suite runs on either.
    pub async fn from_env_or_sqlite(dir: &Path) -> Self {
        match Self::postgres().await {
            Some(db) => db,
            None => Self::sqlite_in(dir),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.drop_from.take() else {
            return;
        };
        // Drop runs outside async context; use a private runtime on its own thread.
        let handle = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            let Ok(runtime) = runtime else { return };
            runtime.block_on(async move {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    let _ = admin.close().await;
                }
            });
        });
        let _ = handle.join();
    }
}
