//! Learning insights: the content index (one row per curriculum item, synced from the
//! curriculum at start-up), the full-text search structures of each backend, the search
//! vocabulary used for typo tolerance, earned achievements, and the activity log that
//! streaks are computed from.

use sea_orm::{ConnectionTrait, DbBackend};
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
                    .table("content_items")
                    .col(pk_uuid("id"))
                    .col(string("slug"))
                    .col(string("title"))
                    .col(string("kind"))
                    .col(string("difficulty"))
                    .col(string("category"))
                    .col(string("track"))
                    // Space-separated: searchable as words and cheap to compare.
                    .col(text("tags"))
                    .col(text("body"))
                    .col(string("hash"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_content_items_slug")
                    .table("content_items")
                    .col("slug")
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                // Title outweighs tags, tags outweigh the body (ts_rank weights A > B > C).
                db.execute_unprepared(
                    "ALTER TABLE content_items ADD COLUMN search tsvector GENERATED ALWAYS AS (\
                     setweight(to_tsvector('english', title), 'A') || \
                     setweight(to_tsvector('english', tags), 'B') || \
                     setweight(to_tsvector('english', body), 'C')) STORED",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_content_items_search ON content_items USING GIN (search)",
                )
                .await?;
            }
            _ => {
                // A standalone FTS5 table rebuilt by the content sync; `slug` joins it back.
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE content_fts USING fts5(\
                     slug UNINDEXED, title, tags, body, \
                     tokenize = 'porter unicode61 remove_diacritics 2')",
                )
                .await?;
            }
        }
        manager
            .create_table(
                Table::create()
                    .table("search_terms")
                    .col(string("term").primary_key())
                    .col(integer("df"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("achievements")
                    .col(uuid("user_id"))
                    .col(string("kind"))
                    .col(timestamp_with_time_zone("earned_at"))
                    .primary_key(Index::create().col("user_id").col("kind"))
                    .foreign_key(&mut user_fk("achievements"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("learning_activity")
                    .col(uuid("user_id"))
                    // UTC quarter-hours since the epoch: every real time zone's offset is
                    // a multiple of 15 minutes, so a bucket falls in one local day anywhere.
                    .col(big_integer("bucket"))
                    .primary_key(Index::create().col("user_id").col("bucket"))
                    .foreign_key(&mut user_fk("learning_activity"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_progress_user_completed")
                    .table("progress")
                    .col("user_id")
                    .col("completed_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_progress_content_user")
                    .table("progress")
                    .col("content_id")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_submissions_user_created")
                    .table("submissions")
                    .col("user_id")
                    .col("created_at")
                    .to_owned(),
            )
            .await
    }
}
