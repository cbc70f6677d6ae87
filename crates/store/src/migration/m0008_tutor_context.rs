//! The tutor remembers each conversation's last context (code, error, expected output, facts)
//! and where its hint ladder started, so a follow-up sent without context is answered against
//! the stored one. Stored as JSON text: the same column type on SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("tutor_conversations")
                    .add_column(ColumnDef::new("context").text().null())
                    .to_owned(),
            )
            .await
    }
}
