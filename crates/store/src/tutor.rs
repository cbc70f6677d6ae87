//! Tutor conversations: messages, ratings and the daily count behind the quota.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::entity::{tutor_conversation, tutor_message};
use crate::{Store, StoreError};

#[derive(Clone, Debug, PartialEq)]
pub struct Conversation {
    pub id: Uuid,
    pub title: String,
    pub content_id: Option<Uuid>,
    pub language: Option<String>,
    /// The conversation's last context as the tutor service stored it (JSON), if any.
    pub context: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TutorMessage {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub role: String,
    pub content: String,
    pub provider: Option<String>,
    pub tokens_used: i64,
    pub rating: Option<i32>,
    pub feedback: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn to_conversation(m: tutor_conversation::Model) -> Conversation {
    Conversation {
        id: m.id,
        title: m.title,
        content_id: m.content_id,
        language: m.language,
        context: m.context,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

fn to_message(m: tutor_message::Model) -> TutorMessage {
    TutorMessage {
        id: m.id,
        conversation_id: m.conversation_id,
        role: m.role,
        content: m.content,
        provider: m.provider,
        tokens_used: m.tokens_used,
        rating: m.rating,
        feedback: m.feedback,
        created_at: m.created_at,
    }
}

/// One exchange to store: the learner's question and the tutor's answer.
pub struct Exchange<'a> {
    pub user_id: Uuid,
    /// Existing conversation, or None to start one with `title`.
    pub conversation_id: Option<Uuid>,
    pub title: &'a str,
    pub content_id: Option<Uuid>,
    pub language: Option<&'a str>,
    pub question: &'a str,
    pub answer: &'a str,
    pub provider: &'a str,
    pub tokens_used: i64,
    /// Replaces the conversation's stored context when set; `None` keeps the stored one.
    pub context: Option<&'a str>,
}

impl Store {
    /// A conversation of this user (another user's id is simply not found).
    pub async fn find_conversation(
        &self,
        user_id: Uuid,
        id: Uuid,
    ) -> Result<Option<Conversation>, StoreError> {
        Ok(tutor_conversation::Entity::find_by_id(id)
            .filter(tutor_conversation::Column::UserId.eq(user_id))
            .one(self.conn())
            .await?
            .map(to_conversation))
    }

    pub async fn list_conversations(&self, user_id: Uuid) -> Result<Vec<Conversation>, StoreError> {
        Ok(tutor_conversation::Entity::find()
            .filter(tutor_conversation::Column::UserId.eq(user_id))
            .order_by_desc(tutor_conversation::Column::UpdatedAt)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_conversation)
            .collect())
    }

    pub async fn conversation_messages(
        &self,
        conversation_id: Uuid,
    ) -> Result<Vec<TutorMessage>, StoreError> {
        Ok(tutor_message::Entity::find()
            .filter(tutor_message::Column::ConversationId.eq(conversation_id))
            .order_by_asc(tutor_message::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_message)
            .collect())
    }

    /// Stores a question and its answer in one transaction; returns (conversation id,
    /// answer message id).
    #[tracing::instrument(skip_all, err)]
    pub async fn record_exchange(
        &self,
        exchange: Exchange<'_>,
        now: DateTime<Utc>,
    ) -> Result<(Uuid, Uuid), StoreError> {
        let txn = self.begin_write().await?;
        let conversation_id = match exchange.conversation_id {
            Some(id) => {
                let mut update = tutor_conversation::Entity::update_many()
                    .col_expr(tutor_conversation::Column::UpdatedAt, Expr::value(now));
                if let Some(context) = exchange.context {
                    update = update.col_expr(
                        tutor_conversation::Column::Context,
                        Expr::value(context.to_owned()),
                    );
                }
                update
                    .filter(tutor_conversation::Column::Id.eq(id))
                    .filter(tutor_conversation::Column::UserId.eq(exchange.user_id))
                    .exec(&txn)
                    .await?;
                id
            }
            None => {
                tutor_conversation::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    user_id: Set(exchange.user_id),
                    title: Set(exchange.title.chars().take(120).collect()),
                    content_id: Set(exchange.content_id),
                    language: Set(exchange.language.map(str::to_owned)),
                    context: Set(exchange.context.map(str::to_owned)),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await?
                .id
            }
        };
        let message = |role: &str, content: &str, provider: Option<&str>, tokens: i64| {
            tutor_message::ActiveModel {
                id: Set(Uuid::now_v7()),
                conversation_id: Set(conversation_id),
                user_id: Set(exchange.user_id),
                role: Set(role.to_owned()),
                content: Set(content.to_owned()),
                provider: Set(provider.map(str::to_owned)),
                tokens_used: Set(tokens),
                rating: Set(None),
                feedback: Set(None),
                created_at: Set(now),
            }
        };
        message("user", exchange.question, None, 0)
            .insert(&txn)
            .await?;
        let answer = message(
            "assistant",
            exchange.answer,
            Some(exchange.provider),
            exchange.tokens_used,
        )
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok((conversation_id, answer.id))
    }

    /// Rates one of the user's own tutor answers. False when there is no such answer.
    pub async fn rate_message(
        &self,
        user_id: Uuid,
        message_id: Uuid,
        rating: i32,
        feedback: Option<String>,
    ) -> Result<bool, StoreError> {
        let result = tutor_message::Entity::update_many()
            .col_expr(tutor_message::Column::Rating, Expr::value(rating))
            .col_expr(tutor_message::Column::Feedback, Expr::value(feedback))
            .filter(tutor_message::Column::Id.eq(message_id))
            .filter(tutor_message::Column::UserId.eq(user_id))
            .filter(tutor_message::Column::Role.eq("assistant"))
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Questions the user asked since `since` (the daily quota's count).
    pub async fn count_questions_since(
        &self,
        user_id: Uuid,
        since: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        Ok(tutor_message::Entity::find()
            .filter(tutor_message::Column::UserId.eq(user_id))
            .filter(tutor_message::Column::Role.eq("user"))
            .filter(tutor_message::Column::CreatedAt.gte(since))
            .count(self.conn())
            .await?)
    }
}
