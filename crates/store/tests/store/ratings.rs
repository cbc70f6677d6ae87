use chrono::{Duration, TimeZone, Utc};
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::accounts::{NewUser, Role};
use codestead_store::certificates::NewCertificate;

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

#[tokio::test]
async fn the_average_counts_each_learner_once_and_a_new_rating_replaces_the_old() {
    on_every_backend(|store| async move {
        let lesson = Uuid::now_v7();
        let other = Uuid::now_v7();
        let (ada, bob, cy) = (user(&store).await, user(&store).await, user(&store).await);
        let now = Utc::now();
        store.put_rating(ada, lesson, 5, now).await.unwrap();
        store.put_rating(bob, lesson, 4, now).await.unwrap();
        store.put_rating(cy, lesson, 2, now).await.unwrap();
        store.put_rating(ada, other, 1, now).await.unwrap();
        let stats = store.item_stats(&[lesson, other]).await.unwrap();
        assert_eq!(stats[&lesson].rating_count, 3);
        assert_eq!(stats[&lesson].average(), Some(11.0 / 3.0));
        assert_eq!(stats[&other].average(), Some(1.0));

        // Cy changes their mind: still three ratings, the average follows.
        let later = now + Duration::minutes(5);
        let changed = store.put_rating(cy, lesson, 5, later).await.unwrap();
        assert_eq!(changed.rating, 5);
        assert_eq!(
            changed.created_at.timestamp(),
            now.timestamp(),
            "first rated"
        );
        assert_eq!(changed.updated_at.timestamp(), later.timestamp());
        let stats = store.item_stats(&[lesson]).await.unwrap();
        assert_eq!(stats[&lesson].rating_count, 3);
        assert_eq!(stats[&lesson].average(), Some(14.0 / 3.0));
        assert_eq!(
            store.get_rating(cy, lesson).await.unwrap().unwrap().rating,
            5
        );

        // Withdrawn: gone from the average; a second withdrawal finds nothing.
        assert!(store.delete_rating(bob, lesson).await.unwrap());
        assert!(!store.delete_rating(bob, lesson).await.unwrap());
        let stats = store.item_stats(&[lesson]).await.unwrap();
        assert_eq!(stats[&lesson].rating_count, 2);
        assert_eq!(stats[&lesson].average(), Some(5.0));
        assert_eq!(store.list_ratings(ada).await.unwrap().len(), 2);

        // Nobody rated or viewed it: absent, and no average.
        let unrated = Uuid::now_v7();
        assert!(
            !store
                .item_stats(&[unrated])
                .await
                .unwrap()
                .contains_key(&unrated)
        );
        assert_eq!(
            codestead_store::ratings::ItemStats::default().average(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn a_view_counts_once_per_learner_item_and_day() {
    on_every_backend(|store| async move {
        let lesson = Uuid::now_v7();
        let (ada, bob) = (user(&store).await, user(&store).await);
        let morning = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
        assert!(store.record_view(ada, lesson, morning).await.unwrap());
        // Reloading all day long counts nothing more.
        for minutes in [1, 30, 600] {
            assert!(
                !store
                    .record_view(ada, lesson, morning + Duration::minutes(minutes))
                    .await
                    .unwrap()
            );
        }
        assert!(store.record_view(bob, lesson, morning).await.unwrap());
        assert_eq!(
            store.item_stats(&[lesson]).await.unwrap()[&lesson].view_count,
            2
        );
        // The next UTC day is a new view.
        let tomorrow = Utc.with_ymd_and_hms(2026, 3, 3, 0, 0, 1).unwrap();
        assert!(store.record_view(ada, lesson, tomorrow).await.unwrap());
        assert!(!store.record_view(ada, lesson, tomorrow).await.unwrap());
        let stats = store.item_stats(&[lesson]).await.unwrap()[&lesson];
        assert_eq!(stats.view_count, 3);
        assert_eq!(stats.rating_count, 0);
        // Only today's views of a learner are kept to deduplicate with.
        assert_eq!(
            store
                .count_rows_of_user("content_views", ada)
                .await
                .unwrap(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn a_deleted_account_takes_its_ratings_out_of_the_average() {
    on_every_backend(|store| async move {
        let lesson = Uuid::now_v7();
        let (ada, bob) = (user(&store).await, user(&store).await);
        let now = Utc::now();
        store.put_rating(ada, lesson, 1, now).await.unwrap();
        store.put_rating(bob, lesson, 5, now).await.unwrap();
        store.record_view(ada, lesson, now).await.unwrap();
        store.soft_delete_user(ada, now).await.unwrap();
        let stats = store.item_stats(&[lesson]).await.unwrap()[&lesson];
        assert_eq!(stats.rating_count, 1);
        assert_eq!(stats.average(), Some(5.0));
        assert!(store.list_ratings(ada).await.unwrap().is_empty());
        assert_eq!(
            store
                .count_rows_of_user("content_views", ada)
                .await
                .unwrap(),
            0
        );
    })
    .await;
}

fn new_cert<'a>(user_id: Uuid, code: &'a str) -> NewCertificate<'a> {
    NewCertificate {
        user_id,
        track: "python",
        code,
        learner_name: "Ada Lovelace",
        track_title: "Python",
        completed_at: Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap(),
    }
}

#[tokio::test]
async fn a_certificate_is_issued_once_per_learner_and_track() {
    on_every_backend(|store| async move {
        let (ada, bob) = (user(&store).await, user(&store).await);
        let now = Utc::now();
        let (first, created) = store
            .issue_certificate(new_cert(ada, "code-one"), now)
            .await
            .unwrap();
        assert!(created);
        // Asking again (with another code) gives back the same certificate.
        let (again, created) = store
            .issue_certificate(new_cert(ada, "code-two"), now)
            .await
            .unwrap();
        assert!(!created);
        assert_eq!(again, first);
        assert_eq!(again.code, "code-one");
        assert!(
            store
                .certificate_by_code("code-two")
                .await
                .unwrap()
                .is_none()
        );
        // Two at once: one certificate, both answers name it.
        let (a, b) = tokio::join!(
            store.issue_certificate(new_cert(bob, "bob-a"), now),
            store.issue_certificate(new_cert(bob, "bob-b"), now),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.0, b.0);
        assert!(a.1 != b.1, "exactly one request created it");
        assert_eq!(store.list_certificates(bob).await.unwrap().len(), 1);

        let (found, live) = store
            .certificate_by_code("code-one")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found, first);
        assert!(live);
        assert_eq!(found.learner_name, "Ada Lovelace");
        assert!(store.certificate_by_code("forged").await.unwrap().is_none());

        // The account is deleted: the certificate is still found, but no longer live.
        store.soft_delete_user(ada, now).await.unwrap();
        let (_, live) = store
            .certificate_by_code("code-one")
            .await
            .unwrap()
            .unwrap();
        assert!(!live);
        // And the purge removes it.
        assert!(store.purge_user(ada).await.unwrap());
        assert!(
            store
                .certificate_by_code("code-one")
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}
