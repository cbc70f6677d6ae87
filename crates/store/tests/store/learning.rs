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

#[tokio::test]
async fn similar_learners_are_the_nearest_ones_and_vote_on_what_is_left() {
    use codestead_store::insights::SIMILAR_LEARNERS;
    on_every_backend(|store| async move {
        let now = Utc::now();
        let [x, y, z, w, q] = [(); 5].map(|_| Uuid::now_v7());
        let complete = |who: Uuid, items: Vec<Uuid>| {
            let store = store.clone();
            async move {
                for item in items {
                    store
                        .record_progress(who, item, update(100, 60, true), now)
                        .await
                        .unwrap();
                }
            }
        };
        let ada = user(&store).await;
        complete(ada, vec![x, y]).await;
        // All but one of the voters share both of Ada's items and completed z.
        for _ in 1..SIMILAR_LEARNERS {
            let twin = user(&store).await;
            complete(twin, vec![x, y, z]).await;
        }
        // The last voter shares both too; what it only started is no recommendation.
        let twin = user(&store).await;
        complete(twin, vec![x, y]).await;
        store
            .record_progress(twin, q, update(50, 60, false), now)
            .await
            .unwrap();
        // A learner sharing less (only x) is not among the nearest: w gets no vote.
        let distant = user(&store).await;
        complete(distant, vec![x, w]).await;
        // One sharing nothing never counts.
        let stranger = user(&store).await;
        complete(stranger, vec![q]).await;

        let picks = store.also_completed(ada, 10).await.unwrap();
        assert_eq!(picks, vec![(z, SIMILAR_LEARNERS - 1)]);
        // What Ada completed herself is never offered back.
        let zed = user(&store).await;
        complete(zed, vec![x, y, z]).await;
        assert!(store.also_completed(zed, 10).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn concurrent_writers_wait_for_each_other_instead_of_failing() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let items: Vec<Uuid> = (0..25).map(|_| Uuid::now_v7()).collect();
        let mut learners = Vec::new();
        for _ in 0..8 {
            learners.push(user(&store).await);
        }
        // Each write reads the row, then writes it: the pattern SQLite refuses with
        // "database is locked" when two deferred transactions both upgrade.
        let writers = learners.iter().map(|&who| {
            let store = store.clone();
            let items = items.clone();
            tokio::spawn(async move {
                for item in items {
                    store
                        .record_progress(who, item, update(50, 10, false), now)
                        .await?;
                    store
                        .record_progress(who, item, update(100, 10, true), now)
                        .await?;
                }
                Ok::<_, codestead_store::StoreError>(())
            })
        });
        for writer in writers.collect::<Vec<_>>() {
            writer.await.unwrap().unwrap();
        }
        for who in learners {
            let done = store.list_progress(who).await.unwrap();
            assert_eq!(done.len(), items.len());
            assert!(done.iter().all(|p| p.completed_at.is_some()));
        }
    })
    .await;
}

#[tokio::test]
async fn in_progress_means_something_done_and_not_completed() {
    on_every_backend(|store| async move {
        let ada = user(&store).await;
        let grace = user(&store).await;
        let now = Utc::now();
        let opened = Uuid::now_v7();
        let read = Uuid::now_v7();
        let attempted = Uuid::now_v7();
        let done = Uuid::now_v7();
        // Merely opened: a row at 0 %, no attempt.
        store
            .record_progress(ada, opened, update(0, 3, false), now)
            .await
            .unwrap();
        store
            .record_progress(ada, read, update(30, 60, false), now + Duration::seconds(1))
            .await
            .unwrap();
        // Opened at 0 %, then checked once (and failed).
        store
            .record_progress(
                ada,
                attempted,
                update(0, 0, false),
                now + Duration::seconds(2),
            )
            .await
            .unwrap();
        store
            .insert_submission(
                NewSubmission {
                    user_id: ada,
                    content_id: attempted,
                    language: "python",
                    code: "print(1)",
                    passed: false,
                    results: serde_json::json!([]),
                },
                now,
            )
            .await
            .unwrap();
        store
            .record_progress(ada, done, update(100, 60, true), now + Duration::seconds(3))
            .await
            .unwrap();
        // Another learner's attempt at the opened item does not put it in Ada's list.
        store
            .insert_submission(
                NewSubmission {
                    user_id: grace,
                    content_id: opened,
                    language: "python",
                    code: "print(2)",
                    passed: false,
                    results: serde_json::json!([]),
                },
                now,
            )
            .await
            .unwrap();
        let listed: Vec<Uuid> = store
            .list_in_progress(ada, 10)
            .await
            .unwrap()
            .iter()
            .map(|p| p.content_id)
            .collect();
        // Most recently touched first; neither the merely opened nor the completed item.
        assert_eq!(listed, vec![attempted, read]);
        assert!(store.list_in_progress(grace, 10).await.unwrap().is_empty());
    })
    .await;
}
