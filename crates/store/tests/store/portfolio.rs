use chrono::{Duration, TimeZone, Utc};
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::accounts::{NewUser, Role};
use codestead_store::executions::Execution;
use codestead_store::portfolio::{FeedbackPatch, NewFeedback};

use crate::on_every_backend;

async fn user(store: &Store, name: &str) -> Uuid {
    store
        .create_user(
            NewUser {
                email: format!("{name}@example.org"),
                password_hash: "$argon2id$stub".into(),
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                username: name.into(),
                role: Role::User,
                email_verified: false,
            },
            Utc::now(),
        )
        .await
        .unwrap()
        .id
}

async fn run_at(store: &Store, user_id: Uuid, at: chrono::DateTime<Utc>) {
    store
        .insert_execution(Execution {
            id: Uuid::now_v7(),
            user_id,
            project_id: None,
            language: "python".into(),
            files: vec![],
            entry: None,
            stdin: String::new(),
            status: "ok".into(),
            stdout: String::new(),
            stderr: String::new(),
            compile_output: None,
            exit_code: Some(0),
            execution_time_ms: 1,
            cpu_time_ms: 1,
            memory_bytes: 1,
            cached: false,
            created_at: at,
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn runs_are_bucketed_by_utc_day() {
    on_every_backend(|store| async move {
        let ada = user(&store, "ada").await;
        let day = Utc.with_ymd_and_hms(2026, 3, 10, 0, 0, 0).unwrap();
        // Just after midnight, late the same day, and one second before the next day.
        run_at(&store, ada, day + Duration::seconds(1)).await;
        run_at(&store, ada, day + Duration::hours(23)).await;
        run_at(&store, ada, day + Duration::days(1) - Duration::seconds(1)).await;
        run_at(&store, ada, day + Duration::days(1)).await;
        run_at(&store, ada, day - Duration::days(5)).await;
        let stats = store
            .platform_stats(day + Duration::days(2), day)
            .await
            .unwrap();
        let per_day: Vec<(String, i64)> = stats
            .runs_per_day
            .iter()
            .map(|d| (d.date.clone(), d.count))
            .collect();
        assert_eq!(
            per_day,
            [("2026-03-10".to_owned(), 3), ("2026-03-11".to_owned(), 1)]
        );
        assert_eq!(stats.runs_by_language[0].count, 5);
        let heat = store.activity_heatmap(ada, day).await.unwrap();
        assert_eq!(heat.iter().map(|d| d.count).sum::<i64>(), 4);
    })
    .await;
}

#[tokio::test]
async fn feedback_is_filtered_paged_and_triaged() {
    on_every_backend(|store| async move {
        let ada = user(&store, "ada").await;
        let now = Utc::now();
        let mut ids = Vec::new();
        for i in 0..3 {
            let f = store
                .create_feedback(
                    NewFeedback {
                        user_id: Some(ada),
                        kind: "bug".into(),
                        message: format!("bug {i}"),
                        page: None,
                        rating: None,
                        related: None,
                    },
                    now + Duration::seconds(i),
                )
                .await
                .unwrap();
            ids.push(f.id);
        }
        let updated = store
            .update_feedback(
                ids[0],
                FeedbackPatch {
                    status: Some("done".into()),
                    admin_note: Some(Some("fixed".into())),
                },
                now,
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (updated.status.as_str(), updated.admin_note.as_deref()),
            ("done", Some("fixed"))
        );
        assert!(
            store
                .update_feedback(Uuid::now_v7(), FeedbackPatch::default(), now)
                .await
                .unwrap()
                .is_none()
        );
        let (new, total) = store.list_feedback(Some("new"), 1, 10).await.unwrap();
        assert_eq!(total, 2);
        assert_eq!(new[0].message, "bug 2", "newest first");
        let (page2, total) = store.list_feedback(None, 2, 2).await.unwrap();
        assert_eq!((page2.len(), total), (1, 3));
    })
    .await;
}

#[tokio::test]
async fn only_soft_deleted_accounts_can_be_purged() {
    on_every_backend(|store| async move {
        let ada = user(&store, "ada").await;
        let now = Utc::now();
        assert!(
            !store.purge_user(ada).await.unwrap(),
            "a live account stays"
        );
        store.soft_delete_user(ada, now).await.unwrap();
        assert!(
            store
                .accounts_deleted_before(now, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let due = store
            .accounts_deleted_before(now + Duration::seconds(1), 10)
            .await
            .unwrap();
        assert_eq!(due.len(), 1);
        assert!(store.purge_user(ada).await.unwrap());
        assert!(!store.user_row_exists(ada).await.unwrap());
    })
    .await;
}
