//! One row counting changes to sessions and roles made by another process (the CLI's
//! `admin set-role`): every server watches it and drops its in-process session cache when
//! it moves, so such a change takes effect within about a second without Redis.

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
                    .table("session_epoch")
                    .col(integer("id").primary_key())
                    .col(big_integer("epoch"))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("INSERT INTO session_epoch (id, epoch) VALUES (1, 0)")
            .await?;
        Ok(())
    }
}
