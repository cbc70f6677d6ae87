use chrono::Utc;
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::accounts::{NewUser, Role};
use codestead_store::tutor::Exchange;

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

fn exchange<'a>(
    user_id: Uuid,
    conversation_id: Option<Uuid>,
    context: Option<&'a str>,
) -> Exchange<'a> {
    Exchange {
        user_id,
        conversation_id,
        title: "Why?",
        content_id: None,
        language: Some("python"),
        question: "Why?",
        answer: "Because.",
        provider: "offline",
        tokens_used: 0,
        context,
    }
}

#[tokio::test]
async fn a_conversation_keeps_its_last_context_until_a_new_one_is_sent() {
    on_every_backend(|store| async move {
        let ada = user(&store).await;
        let (id, _) = store
            .record_exchange(exchange(ada, None, Some(r#"{"code":"a"}"#)), Utc::now())
            .await
            .unwrap();
        let context = |store: Store| async move {
            store
                .find_conversation(ada, id)
                .await
                .unwrap()
                .unwrap()
                .context
        };
        assert_eq!(
            context(store.clone()).await.as_deref(),
            Some(r#"{"code":"a"}"#)
        );

        store
            .record_exchange(exchange(ada, Some(id), None), Utc::now())
            .await
            .unwrap();
        assert_eq!(
            context(store.clone()).await.as_deref(),
            Some(r#"{"code":"a"}"#),
            "a follow-up without context keeps the stored one"
        );

        store
            .record_exchange(exchange(ada, Some(id), Some(r#"{"code":"b"}"#)), Utc::now())
            .await
            .unwrap();
        assert_eq!(
            context(store.clone()).await.as_deref(),
            Some(r#"{"code":"b"}"#)
        );

        // Another learner naming this conversation changes nothing of it.
        let eve = user(&store).await;
        let _ = store
            .record_exchange(
                exchange(eve, Some(id), Some(r#"{"code":"eve"}"#)),
                Utc::now(),
            )
            .await;
        assert_eq!(
            context(store.clone()).await.as_deref(),
            Some(r#"{"code":"b"}"#)
        );
    })
    .await;
}
