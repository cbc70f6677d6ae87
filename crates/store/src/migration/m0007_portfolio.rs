//! Portfolio and platform administration: learner feedback triaged by admins. The
//! author of a feedback row may be purged later; the row stays (anonymised).

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
                    .table("feedback")
                    .col(pk_uuid("id"))
                    .col(uuid_null("user_id"))
                    .col(string("kind"))
                    .col(text("message"))
                    .col(string_null("page"))
                    .col(string("status"))
                    .col(text_null("admin_note"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_feedback_user")
                            .from("feedback", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_feedback_status_created")
                    .table("feedback")
                    .col("status")
                    .col("created_at")
                    .to_owned(),
            )
            .await?;
        // The purge looks for accounts deleted before a cutoff.
        manager
            .create_index(
                Index::create()
                    .name("idx_users_deleted_at")
                    .table("users")
                    .col("deleted_at")
                    .to_owned(),
            )
            .await
    }
}
