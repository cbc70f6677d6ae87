//! Projects: a learner's multi-file programs (the design's projects, project_files and
//! file_versions). Content over the inline limit lives in blob storage and the row keeps
//! its key; totals on the project row are kept current by every file write.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn cascade(
    name: &'static str,
    from: &'static str,
    column: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("projects")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string("title"))
                    .col(text_null("description"))
                    .col(json("technology_stack"))
                    .col(string_null("language"))
                    .col(string_null("entry_path"))
                    .col(string_null("template_id"))
                    .col(boolean("is_public"))
                    .col(integer("file_count"))
                    .col(big_integer("line_count"))
                    .col(big_integer("total_bytes"))
                    .col(string_null("share_token"))
                    .col(timestamp_with_time_zone("last_activity_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("deleted_at"))
                    .foreign_key(&mut cascade(
                        "fk_projects_user",
                        "projects",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_projects_user_activity")
                    .table("projects")
                    .col("user_id")
                    .col("last_activity_at")
                    .to_owned(),
            )
            .await?;
        // Named after the field it guards (see StoreError::from_write).
        manager
            .create_index(
                Index::create()
                    .name("idx_projects_share_token")
                    .table("projects")
                    .col("share_token")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_projects_deleted_at")
                    .table("projects")
                    .col("deleted_at")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("project_files")
                    .col(pk_uuid("id"))
                    .col(uuid("project_id"))
                    .col(string("path"))
                    .col(text("content"))
                    .col(string_null("blob_key"))
                    .col(big_integer("size_bytes"))
                    .col(big_integer("line_count"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut cascade(
                        "fk_project_files_project",
                        "project_files",
                        "project_id",
                        "projects",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_project_files_path")
                    .table("project_files")
                    .col("project_id")
                    .col("path")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("file_versions")
                    .col(pk_uuid("id"))
                    .col(uuid("file_id"))
                    .col(uuid("project_id"))
                    .col(integer("version_number"))
                    .col(text("content"))
                    .col(string_null("blob_key"))
                    .col(big_integer("size_bytes"))
                    .col(big_integer("line_count"))
                    .col(string_null("change_description"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut cascade(
                        "fk_file_versions_file",
                        "file_versions",
                        "file_id",
                        "project_files",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_file_versions_number")
                    .table("file_versions")
                    .col("file_id")
                    .col("version_number")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_file_versions_project")
                    .table("file_versions")
                    .col("project_id")
                    .to_owned(),
            )
            .await
    }
}
