//! Learners' ratings of curriculum items (one per learner and item), the views that give
//! an item its view count, and feedback tied to the item it is about with a rating.
//!
//! A view is counted once per learner, item and UTC day: `content_views` remembers only
//! today's views of each learner (older rows are pruned as new ones arrive), and
//! `content_view_totals` keeps the running count per item. The totals are not in
//! `content_items`: the content sync deletes and re-inserts a changed item's row.

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
                    .table("content_ratings")
                    .col(uuid("user_id"))
                    .col(uuid("content_id"))
                    .col(integer("rating"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .primary_key(Index::create().col("user_id").col("content_id"))
                    .foreign_key(&mut user_fk("content_ratings"))
                    .to_owned(),
            )
            .await?;
        // The averages are computed per item from this index alone.
        manager
            .create_index(
                Index::create()
                    .name("idx_content_ratings_content")
                    .table("content_ratings")
                    .col("content_id")
                    .col("rating")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("content_views")
                    .col(uuid("user_id"))
                    .col(uuid("content_id"))
                    // The UTC day, `YYYY-MM-DD`.
                    .col(string_len("day", 10))
                    .primary_key(Index::create().col("user_id").col("content_id").col("day"))
                    .foreign_key(&mut user_fk("content_views"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("content_view_totals")
                    .col(uuid("content_id").primary_key())
                    .col(big_integer("views"))
                    .to_owned(),
            )
            .await?;
        // SQLite alters one column per statement.
        for column in [
            ColumnDef::new("rating").integer().null().to_owned(),
            ColumnDef::new("related_type")
                .string_len(20)
                .null()
                .to_owned(),
            ColumnDef::new("related_id").uuid().null().to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("feedback")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
