use chrono::{Duration, Utc};
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::accounts::{NewUser, Role};

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
async fn a_draft_is_replaced_not_duplicated_and_belongs_to_its_learner() {
    on_every_backend(|store| async move {
        let ada = user(&store).await;
        let bob = user(&store).await;
        let t0 = Utc::now();
        store
            .put_draft(ada, "exercise:py-greet", "python", "print(1)", t0)
            .await
            .unwrap();
        let later = t0 + Duration::seconds(5);
        store
            .put_draft(ada, "exercise:py-greet", "python", "print(2)", later)
            .await
            .unwrap();
        let got = store
            .get_draft(ada, "exercise:py-greet")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.code, "print(2)");
        assert_eq!(got.updated_at.timestamp(), later.timestamp());
        assert_eq!(store.count_drafts(ada).await.unwrap(), 1);
        assert!(
            store
                .get_draft(bob, "exercise:py-greet")
                .await
                .unwrap()
                .is_none()
        );
        assert!(!store.delete_draft(bob, "exercise:py-greet").await.unwrap());
        store
            .put_draft(
                ada,
                "playground:cpp",
                "cpp",
                "int main(){}",
                later + Duration::seconds(1),
            )
            .await
            .unwrap();
        let keys: Vec<_> = store
            .list_drafts(ada)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.key)
            .collect();
        assert_eq!(keys, ["playground:cpp", "exercise:py-greet"]);
        assert!(store.delete_draft(ada, "exercise:py-greet").await.unwrap());
        assert!(
            store
                .get_draft(ada, "exercise:py-greet")
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn deleting_the_account_deletes_its_drafts() {
    on_every_backend(|store| async move {
        let ada = user(&store).await;
        store
            .put_draft(ada, "playground:python", "python", "x = 1", Utc::now())
            .await
            .unwrap();
        store.soft_delete_user(ada, Utc::now()).await.unwrap();
        assert!(store.list_drafts(ada).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn drafts_are_deleted_by_a_literal_key_prefix_of_one_learner() {
    on_every_backend(|store| async move {
        let ada = user(&store).await;
        let bob = user(&store).await;
        let now = Utc::now();
        for key in [
            "project:p1.f1",
            "project:p1.f2",
            "project:p10.f1",
            "project:pX1.f1",
            "playground:python",
        ] {
            store.put_draft(ada, key, "python", "x", now).await.unwrap();
        }
        store
            .put_draft(bob, "project:p1.f1", "python", "x", now)
            .await
            .unwrap();
        // `_` would match any one character in a LIKE pattern: here it matches only itself.
        assert_eq!(
            store
                .delete_drafts_starting_with(ada, "project:p_.")
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            store
                .delete_drafts_starting_with(ada, "project:p1.")
                .await
                .unwrap(),
            2
        );
        let mut left: Vec<_> = store
            .list_drafts(ada)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.key)
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["playground:python", "project:p10.f1", "project:pX1.f1"]
        );
        assert_eq!(
            store.list_drafts(bob).await.unwrap().len(),
            1,
            "another learner's drafts stay"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_new_drafts_never_pass_the_bound_together() {
    on_every_backend(|store| async move {
        let ada = user(&store).await;
        const BOUND: u64 = 5;
        store
            .put_draft_bounded(ada, "exercise:kept", "python", "1", Utc::now(), BOUND)
            .await
            .unwrap();
        // Twenty new keys at once, each counting the learner's drafts before inserting:
        // with a count-then-insert race several would see room for themselves.
        let mut writes = tokio::task::JoinSet::new();
        for i in 0..20 {
            let store = store.clone();
            writes.spawn(async move {
                store
                    .put_draft_bounded(
                        ada,
                        &format!("exercise:k{i}"),
                        "python",
                        "x",
                        Utc::now(),
                        BOUND,
                    )
                    .await
            });
        }
        let mut accepted = 0;
        while let Some(r) = writes.join_next().await {
            match r.unwrap() {
                Ok(_) => accepted += 1,
                Err(codestead_store::StoreError::Limit { limit }) => {
                    assert_eq!(limit, codestead_store::drafts::LIMIT_DRAFTS)
                }
                Err(other) => panic!("unexpected {other}"),
            }
        }
        assert_eq!(accepted, BOUND - 1);
        assert_eq!(store.count_drafts(ada).await.unwrap(), BOUND);
        // At the bound, replacing an existing draft still works.
        store
            .put_draft_bounded(ada, "exercise:kept", "python", "2", Utc::now(), BOUND)
            .await
            .unwrap();
    })
    .await;
}
