//! Code a learner is still writing (an exercise's, a playground tab's), kept on the server
//! so it follows them to another browser and survives logout. Gone with the account.

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
                    .table("drafts")
                    .col(uuid("user_id"))
                    .col(string_len("key", 120))
                    .col(string_len("language", 20))
                    .col(text("code"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .primary_key(Index::create().col("user_id").col("key"))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_drafts_user")
                            .from("drafts", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await
    }
}
