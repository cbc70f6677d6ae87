//! Certificates for a finished track. Each carries a random verification code for its
//! public URL, and the learner's name and the track's title as they were when it was
//! issued (a certificate says what it said on the day). One per learner and track.

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
                    .table("certificates")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string("track"))
                    .col(string_len("code", 64))
                    .col(string("learner_name"))
                    .col(string("track_title"))
                    .col(timestamp_with_time_zone("completed_at"))
                    .col(timestamp_with_time_zone("issued_at"))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_certificates_user")
                            .from("certificates", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        // Index names carry the field they guard (see `StoreError::from_write`).
        manager
            .create_index(
                Index::create()
                    .name("idx_certificates_code")
                    .table("certificates")
                    .col("code")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_certificates_user_track")
                    .table("certificates")
                    .col("user_id")
                    .col("track")
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
