use chrono::{Duration, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::accounts::{NewUser, Role};
use codestead_store::learning::{NewSubmission, ProgressUpdate};

use crate::on_every_backend;

async fn user(store: &Store) -> Uuid {
    let id = Uuid::now_v7().simple().to_string();
    store
        .create_user(
            NewUser {
                email: format!("{id}@example.org"),
                password_hash: "x".into(),
                first_name: "A".into(),
                last_name: "B".into(),
                username: format!("u{}", &id[20..]),
                role: Role::User,
                email_verified: false,
            },
            Utc::now(),
        )
        .await
        .unwrap()
        .id
}

fn update(progress_percentage: i32, time_spent_seconds: i64, complete: bool) -> ProgressUpdate {
    ProgressUpdate {
        progress_percentage,
        time_spent_seconds,
        complete,
    }
}

#[tokio::test]
async fn completion_is_reported_once_and_never_undone() {
    on_every_backend(|store| async move {
        let ada = user(&store).await;
        let item = Uuid::now_v7();
        let now = Utc::now();
        let (p, first) = store
            .record_progress(ada, item, update(40, 60, false), now)
            .await
            .unwrap();
        assert_eq!((p.progress_percentage, first), (40, false));
        let (p, first) = store
            .record_progress(ada, item, update(0, 0, true), now)
            .await
            .unwrap();
        assert!(first);
        assert_eq!(p.progress_percentage, 100);
        let (p, again) = store
            .record_progress(ada, item, update(10, 5, true), now + Duration::minutes(1))
            .await
            .unwrap();
        assert!(!again, "completing twice is not a new completion");
        let (p2, _) = store
            .record_progress(ada, item, update(5, 1, false), now + Duration::minutes(2))
            .await
            .unwrap();
        assert_eq!(p2.completed_at, p.completed_at);
        assert_eq!(p2.progress_percentage, 100);
        assert_eq!(p2.time_spent_seconds, 60);
    })
    .await;
}

#[tokio::test]
async fn bookmarks_are_idempotent_and_private() {
    on_every_backend(|store| async move {
        let ada = user(&store).await;
        let bob = user(&store).await;
        let item = Uuid::now_v7();
        let now = Utc::now();
        store.add_bookmark(ada, item, now).await.unwrap();
        store.add_bookmark(ada, item, now).await.unwrap();
        assert_eq!(store.list_bookmarks(ada).await.unwrap().len(), 1);
        assert!(store.list_bookmarks(bob).await.unwrap().is_empty());
        assert!(!store.remove_bookmark(bob, item).await.unwrap());
        assert!(store.remove_bookmark(ada, item).await.unwrap());
        assert!(store.list_bookmarks(ada).await.unwrap().is_empty());
    })
    .await;
}

fn attempt(user_id: Uuid, content_id: Uuid, code: &str, passed: bool) -> NewSubmission<'_> {
    NewSubmission {
        user_id,
        content_id,
        language: "python",
        code,
        passed,
        results: serde_json::json!([]),
    }
}

#[tokio::test]
async fn every_attempt_is_kept_newest_first() {
    on_every_backend(|store| async move {
        let ada = user(&store).await;
        let item = Uuid::now_v7();
        let now = Utc::now();
        store
            .insert_submission(attempt(ada, item, "print(1)", false), now)
            .await
            .unwrap();
        let second = store
            .insert_submission(attempt(ada, item, "print(2)", true), now)
            .await
            .unwrap();
        let attempts = store.list_submissions(ada, item).await.unwrap();
        assert_eq!(attempts.len(), 2);
        assert_eq!(attempts[0].id, second.id);
    })
    .await;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// Whatever sequence of writes arrives, the stored percentage stays in 0–100, never
    /// decreases, and a completion is never undone.
    #[test]
    fn progress_is_monotonic_for_any_sequence_of_writes(
        writes in proptest::collection::vec((0..=100i32, 0..100_000i64, proptest::bool::weighted(0.2)), 1..12)
    ) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::connect(&codestead_store::sqlite_url_for_dir(dir.path())).await.unwrap();
            let ada = user(&store).await;
            let item = Uuid::now_v7();
            let mut last = (0, 0, false);
            for (i, (pct, time, complete)) in writes.into_iter().enumerate() {
                let now = Utc::now() + Duration::seconds(i as i64);
                let (p, _) = store.record_progress(ada, item, update(pct, time, complete), now).await.unwrap();
                prop_assert!((0..=100).contains(&p.progress_percentage));
                prop_assert!(p.progress_percentage >= last.0);
                prop_assert!(p.time_spent_seconds >= last.1);
                prop_assert!(!last.2 || p.completed_at.is_some(), "completion undone");
                if p.completed_at.is_some() {
                    prop_assert_eq!(p.progress_percentage, 100);
                }
                last = (p.progress_percentage, p.time_spent_seconds, p.completed_at.is_some());
            }
            Ok(())
        })?;
    }
}
