//! Tutor conversations and their messages, with per-message ratings (the design's
//! ai_conversations).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("tutor_conversations")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string("title"))
                    .col(uuid_null("content_id"))
                    .col(string_null("language"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_tutor_conversations_user")
                            .from("tutor_conversations", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_tutor_conversations_user")
                    .table("tutor_conversations")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("tutor_messages")
                    .col(pk_uuid("id"))
                    .col(uuid("conversation_id"))
                    .col(uuid("user_id"))
                    .col(string("role"))
                    .col(text("content"))
                    .col(string_null("provider"))
                    .col(big_integer("tokens_used"))
                    .col(integer_null("rating"))
                    .col(text_null("feedback"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_tutor_messages_conversation")
                            .from("tutor_messages", "conversation_id")
                            .to("tutor_conversations", "id")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_tutor_messages_user_created")
                    .table("tutor_messages")
                    .col("user_id")
                    .col("created_at")
                    .to_owned(),
            )
            .await
    }
}
