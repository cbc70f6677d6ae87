use chrono::{Duration, Utc};
use uuid::Uuid;

use codestead_store::accounts::{
    EmailTokenPurpose, NewSession, NewUser, Role, Rotation, UserPatch,
};
use codestead_store::{Backend, Store, StoreError};

use crate::on_every_backend;

fn new_user(email: &str, username: &str) -> NewUser {
    NewUser {
        email: email.into(),
        password_hash: "$argon2id$stub".into(),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        username: username.into(),
        role: Role::User,
        email_verified: false,
    }
}

async fn session_for(
    store: &Store,
    user_id: Uuid,
    refresh_hash: &str,
) -> codestead_store::accounts::Session {
    let now = Utc::now();
    store
        .create_session(
            NewSession {
                user_id,
                user_agent: Some("test".into()),
                ip: Some("127.0.0.1".into()),
                expires_at: now + Duration::days(7),
                refresh_token_hash: refresh_hash.into(),
                refresh_expires_at: now + Duration::days(7),
            },
            now,
        )
        .await
        .expect("session")
}

#[tokio::test]
async fn a_second_account_with_the_same_email_is_a_conflict_on_email() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        store
            .create_user(new_user("ada@example.org", "ada"), now)
            .await
            .unwrap();
        let err = store
            .create_user(new_user("ada@example.org", "other"), now)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Conflict { field: "email" }),
            "{err:?}"
        );
        assert_eq!(store.count_users().await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn usernames_are_unique_regardless_of_case() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        store
            .create_user(new_user("a@example.org", "Ada"), now)
            .await
            .unwrap();
        let err = store
            .create_user(new_user("b@example.org", "ada"), now)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Conflict { field: "username" }),
            "{err:?}"
        );
        let found = store
            .find_user_by_username("ADA")
            .await
            .unwrap()
            .expect("case-insensitive lookup");
        assert_eq!(found.username, "Ada");
    })
    .await;
}

#[tokio::test]
async fn a_profile_update_changes_only_the_given_fields() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let user = store
            .create_user(new_user("a@example.org", "ada"), now)
            .await
            .unwrap();
        assert_eq!(store.find_user(user.id).await.unwrap().unwrap().bio, None);
        let patch = UserPatch {
            bio: Some(Some("Hi".into())),
            ..Default::default()
        };
        let updated = store.update_user(user.id, patch, now).await.unwrap();
        let read_back = store.find_user(user.id).await.unwrap().unwrap();
        assert_eq!(
            read_back.bio.as_deref(),
            Some("Hi"),
            "a write invalidates the cached copy"
        );
        assert_eq!(updated.bio.as_deref(), Some("Hi"));
        assert_eq!(updated.first_name, user.first_name);
        let cleared = store
            .update_user(
                user.id,
                UserPatch {
                    bio: Some(None),
                    ..Default::default()
                },
                now,
            )
            .await
            .unwrap();
        assert_eq!(cleared.bio, None);
    })
    .await;
}

#[tokio::test]
async fn the_fifth_failure_in_a_row_locks_the_account() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let user = store
            .create_user(new_user("a@example.org", "ada"), now)
            .await
            .unwrap();
        for _ in 0..4 {
            let locked = store
                .record_login_failure(user.id, 5, Duration::minutes(15), now)
                .await
                .unwrap();
            assert_eq!(locked, None);
        }
        let locked = store
            .record_login_failure(user.id, 5, Duration::minutes(15), now)
            .await
            .unwrap();
        assert_eq!(locked, Some(now + Duration::minutes(15)));
        let credentials = store
            .find_credentials("a@example.org")
            .await
            .unwrap()
            .unwrap();
        assert!(credentials.locked_until.unwrap() > now);
        store.record_login_success(user.id, now).await.unwrap();
        let credentials = store
            .find_credentials("a@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(credentials.locked_until, None);
        assert_eq!(credentials.failed_login_count, 0);
    })
    .await;
}

#[tokio::test]
async fn a_refresh_token_rotates_once_and_its_reuse_revokes_the_session() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let user = store
            .create_user(new_user("a@example.org", "ada"), now)
            .await
            .unwrap();
        let session = session_for(&store, user.id, "h1").await;
        let later = now + Duration::days(7);
        let first = store
            .rotate_refresh_token("h1", "h2".into(), later, now)
            .await
            .unwrap();
        assert!(matches!(first, Rotation::Rotated { ref session } if session.user_id == user.id));
        let reuse = store
            .rotate_refresh_token("h1", "h3".into(), later, now)
            .await
            .unwrap();
        assert_eq!(
            reuse,
            Rotation::ReuseDetected {
                session_id: session.id,
                user_id: user.id
            }
        );
        assert!(
            store
                .find_session(session.id)
                .await
                .unwrap()
                .unwrap()
                .revoked
        );
        // The legitimately rotated token dies with its session.
        let after = store
            .rotate_refresh_token("h2", "h4".into(), later, now)
            .await
            .unwrap();
        assert_eq!(after, Rotation::Invalid);
        assert_eq!(
            store
                .rotate_refresh_token("nope", "h5".into(), later, now)
                .await
                .unwrap(),
            Rotation::Invalid
        );
    })
    .await;
}

#[tokio::test]
async fn a_user_cannot_revoke_another_users_session() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let ada = store
            .create_user(new_user("a@example.org", "ada"), now)
            .await
            .unwrap();
        let bob = store
            .create_user(new_user("b@example.org", "bob"), now)
            .await
            .unwrap();
        let bobs = session_for(&store, bob.id, "hb").await;
        assert!(!store.revoke_session(ada.id, bobs.id, now).await.unwrap());
        assert!(!store.find_session(bobs.id).await.unwrap().unwrap().revoked);
        assert!(store.revoke_session(bob.id, bobs.id, now).await.unwrap());
        assert!(store.list_sessions(bob.id, now).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn an_email_token_works_once_and_not_after_expiry() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let user = store
            .create_user(new_user("a@example.org", "ada"), now)
            .await
            .unwrap();
        let purpose = EmailTokenPurpose::ResetPassword;
        store
            .create_email_token(user.id, purpose, "t1".into(), now + Duration::hours(1), now)
            .await
            .unwrap();
        store
            .create_email_token(user.id, purpose, "t2".into(), now + Duration::hours(1), now)
            .await
            .unwrap();
        // Wrong purpose does not consume it.
        assert_eq!(
            store
                .consume_email_token(EmailTokenPurpose::VerifyEmail, "t1", now)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store.consume_email_token(purpose, "t1", now).await.unwrap(),
            Some(user.id)
        );
        assert_eq!(
            store.consume_email_token(purpose, "t1", now).await.unwrap(),
            None
        );
        let too_late = now + Duration::hours(1) + Duration::seconds(1);
        assert_eq!(
            store
                .consume_email_token(purpose, "t2", too_late)
                .await
                .unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn a_deleted_user_is_gone_and_their_sessions_revoked() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let user = store
            .create_user(new_user("a@example.org", "ada"), now)
            .await
            .unwrap();
        let session = session_for(&store, user.id, "h").await;
        assert!(
            store.find_user(user.id).await.unwrap().is_some(),
            "cached while live"
        );
        store.soft_delete_user(user.id, now).await.unwrap();
        assert!(store.find_user(user.id).await.unwrap().is_none());
        assert!(
            store
                .find_credentials("a@example.org")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .find_session(session.id)
                .await
                .unwrap()
                .unwrap()
                .revoked
        );
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_keeps_security_events_in_order() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let user = store
            .create_user(new_user("a@example.org", "ada"), now)
            .await
            .unwrap();
        for event in ["login.failed", "account.locked", "login.succeeded"] {
            let record = codestead_store::accounts::AuditEvent {
                user_id: Some(user.id),
                event,
                ip: Some("10.0.0.1".into()),
                user_agent: None,
                detail: None,
            };
            store.audit(record, now).await.unwrap();
        }
        let events: Vec<String> = store
            .audit_events_for(user.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect();
        assert_eq!(
            events,
            ["login.failed", "account.locked", "login.succeeded"]
        );
    })
    .await;
}

#[tokio::test]
async fn an_acknowledged_write_survives_reopening_without_a_clean_close() {
    let dir = tempfile::tempdir().unwrap();
    let url = codestead_store::sqlite_url_for_dir(dir.path());
    let id = {
        let store = Store::connect(&url).await.unwrap();
        let user = store
            .create_user(new_user("a@example.org", "ada"), Utc::now())
            .await
            .unwrap();
        // Dropped without close(): the pool vanishes as in a crash; WAL must hold the write.
        std::mem::forget(store);
        user.id
    };
    let reopened = Store::connect(&url).await.unwrap();
    assert!(reopened.find_user(id).await.unwrap().is_some());
}

#[tokio::test]
async fn an_online_backup_is_a_readable_copy() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&codestead_store::sqlite_url_for_dir(dir.path()))
        .await
        .unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    let user = store
        .create_user(new_user("a@example.org", "ada"), Utc::now())
        .await
        .unwrap();
    let backup_dir = tempfile::tempdir().unwrap();
    let target = backup_dir.path().join("codestead.db");
    store.backup_sqlite(&target).await.unwrap();
    assert!(
        store.backup_sqlite(&target).await.is_err(),
        "never overwrites"
    );
    let copy = Store::connect(&codestead_store::sqlite_url_for_dir(backup_dir.path()))
        .await
        .unwrap();
    assert_eq!(
        copy.find_user(user.id).await.unwrap().unwrap().email,
        "a@example.org"
    );
}

/// Twenty guesses at once: only the five the lockout allows are claimed (and so hashed),
/// on both databases; the account ends up locked.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_login_attempts_claim_no_more_than_the_threshold() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let user = store
            .create_user(new_user("ada@example.org", "ada"), now)
            .await
            .unwrap();
        let claims = (0..20).map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .reserve_login_attempt(user.id, 5, Duration::minutes(15), now)
                    .await
                    .unwrap()
            })
        });
        let mut claimed = 0;
        for claim in claims.collect::<Vec<_>>() {
            if claim.await.unwrap().is_ok() {
                claimed += 1;
            }
        }
        assert_eq!(claimed, 5, "attempts claimed");
        let later = store
            .reserve_login_attempt(user.id, 5, Duration::minutes(15), now)
            .await
            .unwrap();
        assert!(later.is_err(), "locked: {later:?}");
    })
    .await;
}

/// The tutor's quota counter: parallel reservations never take more than the limit, and
/// another window (the next day) starts again.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_usage_reservations_never_exceed_the_limit() {
    on_every_backend(|store| async move {
        let user = store
            .create_user(new_user("ada@example.org", "ada"), Utc::now())
            .await
            .unwrap();
        let reservations: Vec<_> = (0..12)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .reserve_usage(user.id, "tutor", "2026-12-03", 3)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut taken = 0;
        for r in reservations {
            if r.await.unwrap() {
                taken += 1;
            }
        }
        assert_eq!(taken, 3);
        assert_eq!(
            store.usage(user.id, "tutor", "2026-12-03").await.unwrap(),
            3
        );
        assert!(
            store
                .reserve_usage(user.id, "tutor", "2026-12-04", 3)
                .await
                .unwrap()
        );
    })
    .await;
}
