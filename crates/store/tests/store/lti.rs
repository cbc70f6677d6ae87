use chrono::{Duration, Utc};
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::StoreError;
use codestead_store::accounts::{NewUser, Role};
use codestead_store::lti::{LoginState, NewPlatform, NewScore};

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

fn platform(client_id: &str) -> NewPlatform {
    NewPlatform {
        name: "LMS".into(),
        issuer: "https://lms.example".into(),
        client_id: client_id.into(),
        deployment_ids: vec!["1".into(), "2".into()],
        jwks_url: "https://lms.example/jwks".into(),
        auth_url: "https://lms.example/auth".into(),
        token_url: "https://lms.example/token".into(),
    }
}

#[tokio::test]
async fn an_lti_issuer_and_client_id_register_once_and_keep_their_deployments() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let first = store
            .create_lti_platform(platform("c1"), now)
            .await
            .unwrap();
        assert_eq!(first.deployment_ids, vec!["1", "2"]);
        let again = store.create_lti_platform(platform("c1"), now).await;
        assert!(
            matches!(again, Err(StoreError::Conflict { field: "client_id" })),
            "{again:?}"
        );
        store
            .create_lti_platform(platform("c2"), now)
            .await
            .unwrap();
        assert_eq!(
            store
                .lti_platforms_by_issuer("https://lms.example")
                .await
                .unwrap()
                .len(),
            2
        );
    })
    .await;
}

#[tokio::test]
async fn an_lti_state_and_a_nonce_are_spent_once_and_expire() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let p = store
            .create_lti_platform(platform("c1"), now)
            .await
            .unwrap();
        let state = LoginState {
            platform_id: p.id,
            nonce: "n1".into(),
            expires_at: now + Duration::minutes(10),
        };
        store
            .create_lti_login_state("h1", state.clone(), now)
            .await
            .unwrap();
        let found = store.find_lti_login_state("h1", now).await.unwrap();
        let found = found.expect("live");
        assert_eq!(
            (found.platform_id, found.nonce),
            (state.platform_id, state.nonce)
        );
        let later = now + Duration::minutes(11);
        assert_eq!(
            store.find_lti_login_state("h1", later).await.unwrap(),
            None,
            "expired"
        );
        assert!(!store.consume_lti_login_state("h1", later).await.unwrap());
        assert!(store.consume_lti_login_state("h1", now).await.unwrap());
        assert!(
            !store.consume_lti_login_state("h1", now).await.unwrap(),
            "spent"
        );

        let until = now + Duration::minutes(5);
        assert!(store.spend_lti_nonce(p.id, "n1", until).await.unwrap());
        assert!(
            !store.spend_lti_nonce(p.id, "n1", until).await.unwrap(),
            "replayed"
        );
        assert_eq!(
            store
                .purge_expired_lti(now + Duration::minutes(6))
                .await
                .unwrap(),
            1
        );
        assert!(
            store.spend_lti_nonce(p.id, "n1", until).await.unwrap(),
            "forgotten after expiry"
        );
    })
    .await;
}

#[tokio::test]
async fn an_lti_score_is_claimed_by_one_drainer_and_retried_when_due() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let p = store
            .create_lti_platform(platform("c1"), now)
            .await
            .unwrap();
        let ada = user(&store).await;
        let id = store
            .enqueue_lti_score(
                NewScore {
                    platform_id: p.id,
                    user_id: ada,
                    lineitem_url: "https://lms.example/li/1".into(),
                    subject: "sub-1".into(),
                    score_given: 1.0,
                    score_maximum: 1.0,
                    scored_at: now,
                },
                now,
            )
            .await
            .unwrap();
        let hold = now + Duration::seconds(60);
        let (a, b) = tokio::join!(
            store.claim_due_lti_scores(now, hold, 10),
            store.claim_due_lti_scores(now, hold, 10)
        );
        let claimed = a.unwrap().len() + b.unwrap().len();
        assert_eq!(claimed, 1, "two drainers, one claim");
        assert!(
            store
                .claim_due_lti_scores(now, hold, 10)
                .await
                .unwrap()
                .is_empty(),
            "held"
        );

        let retry = now + Duration::seconds(30);
        store
            .record_lti_score_failure(id, 1, "answered 503", Some(retry), now)
            .await
            .unwrap();
        assert!(
            store
                .claim_due_lti_scores(now, hold, 10)
                .await
                .unwrap()
                .is_empty(),
            "not yet due"
        );
        let due = store
            .claim_due_lti_scores(retry, retry + Duration::seconds(60), 10)
            .await
            .unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].attempts, 1);
        store.mark_lti_score_delivered(id, 2, retry).await.unwrap();
        let later = retry + Duration::hours(1);
        assert!(
            store
                .claim_due_lti_scores(later, later, 10)
                .await
                .unwrap()
                .is_empty(),
            "delivered"
        );
        let rows = store.list_lti_scores(p.id).await.unwrap();
        assert_eq!(rows[0].attempts, 2);
        assert!(rows[0].delivered_at.is_some() && rows[0].last_error.is_none());
    })
    .await;
}
