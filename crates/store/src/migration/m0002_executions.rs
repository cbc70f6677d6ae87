//! Code executions: every run a learner makes, with its outcome (the design's
//! code_executions table).

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
                    .table("code_executions")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(uuid_null("project_id"))
                    .col(string("language"))
                    .col(json("files"))
                    .col(string_null("entry"))
                    .col(text("stdin"))
                    .col(string("status"))
                    .col(text("stdout"))
                    .col(text("stderr"))
                    .col(text_null("compile_output"))
                    .col(integer_null("exit_code"))
                    .col(big_integer("execution_time_ms"))
                    .col(big_integer("cpu_time_ms"))
                    .col(big_integer("memory_bytes"))
                    .col(boolean("cached"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_code_executions_user")
                            .from("code_executions", "user_id")
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
                    .name("idx_code_executions_user_created")
                    .table("code_executions")
                    .col("user_id")
                    .col("created_at")
                    .to_owned(),
            )
            .await
    }
}
