//! Counters that must not be raced: one row per user, counter and window, raised by an
//! atomic upsert before the counted work runs (the tutor's daily quota, see `quotas`).

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
                    .table("usage_counters")
                    .col(uuid("user_id"))
                    .col(string("counter"))
                    // The window's name, e.g. the UTC day `2026-12-02`.
                    .col(string("period"))
                    .col(big_integer("used"))
                    .primary_key(Index::create().col("user_id").col("counter").col("period"))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_usage_counters_user")
                            .from("usage_counters", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await
    }
}
