//! Learning: per-learner progress on curriculum items, graded submissions (attempts are
//! kept) and bookmarks. Content itself lives in the curriculum (files in git); rows
//! refer to items by their permanent id.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn user_fk(table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_user"))
        .from(table, "user_id")
        .to("users", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("progress")
                    .col(uuid("user_id"))
                    .col(uuid("content_id"))
                    .col(integer("progress_percentage"))
                    .col(big_integer("time_spent_seconds"))
                    .col(timestamp_with_time_zone_null("completed_at"))
                    .col(timestamp_with_time_zone("started_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .primary_key(Index::create().col("user_id").col("content_id"))
                    .foreign_key(&mut user_fk("progress"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("submissions")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(uuid("content_id"))
                    .col(string("language"))
                    .col(text("code"))
                    .col(boolean("passed"))
                    .col(json("results"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut user_fk("submissions"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_submissions_user_content")
                    .table("submissions")
                    .col("user_id")
                    .col("content_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("bookmarks")
                    .col(uuid("user_id"))
                    .col(uuid("content_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("user_id").col("content_id"))
                    .foreign_key(&mut user_fk("bookmarks"))
                    .to_owned(),
            )
            .await
    }
}
