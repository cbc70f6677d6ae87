//! Re-grades: a teacher re-runs a class's attempts at an assignment after its exercise
//! changed. The new verdict is kept beside the original on the attempt (`regraded_*`), so
//! the attempt still shows what the learner was told then, and the grid reads the newer
//! verdict. `regrades` records each re-grade as a job any API server can report on.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in [
            boolean_null("regraded_passed"),
            json_null("regraded_results"),
            timestamp_with_time_zone_null("regraded_at"),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table("submissions")
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("regrades")
                    .col(pk_uuid("id"))
                    .col(uuid("assignment_id"))
                    .col(uuid("requested_by"))
                    // `running` or `done` (a running one nobody updates is reported
                    // `interrupted` by the service).
                    .col(string_len("status", 16))
                    .col(integer("total"))
                    .col(integer("graded"))
                    .col(integer("passed"))
                    .col(integer("failed"))
                    .col(integer("errors"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_regrades_assignment")
                            .from("regrades", "assignment_id")
                            .to("assignments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_regrades_requester")
                            .from("regrades", "requested_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_regrades_assignment")
                    .table("regrades")
                    .col("assignment_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("regrades").to_owned())
            .await?;
        for column in ["regraded_passed", "regraded_results", "regraded_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("submissions")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
