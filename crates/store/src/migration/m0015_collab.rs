//! Real-time collaboration: who else may open a project (editor or viewer), and each
//! project file's live Yjs document — a snapshot plus the updates appended since it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn cascade(name: &str, from: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.to_owned(), column.to_owned())
        .to(to.to_owned(), "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("project_collaborators")
                    .col(uuid("project_id"))
                    .col(uuid("user_id"))
                    // `editor` or `viewer`; the owner is never a row here.
                    .col(string_len("role", 10))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("project_id").col("user_id"))
                    .foreign_key(&mut cascade(
                        "fk_project_collaborators_project",
                        "project_collaborators",
                        "project_id",
                        "projects",
                    ))
                    .foreign_key(&mut cascade(
                        "fk_project_collaborators_user",
                        "project_collaborators",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        // "Projects shared with me" reads by user.
        manager
            .create_index(
                Index::create()
                    .name("idx_project_collaborators_user")
                    .table("project_collaborators")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("collab_documents")
                    .col(uuid("file_id").primary_key())
                    // A Yjs v1 update holding the whole document as of the last compaction.
                    .col(blob("snapshot"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut cascade(
                        "fk_collab_documents_file",
                        "collab_documents",
                        "file_id",
                        "project_files",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("collab_updates")
                    // UUIDv7: Yjs updates commute, so their order on load does not matter;
                    // compaction deletes the exact ids it folded in, so an update another
                    // server appends meanwhile is never lost.
                    .col(pk_uuid("id"))
                    .col(uuid("file_id"))
                    .col(blob("data"))
                    .col(uuid_null("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut cascade(
                        "fk_collab_updates_document",
                        "collab_updates",
                        "file_id",
                        "project_files",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_collab_updates_file")
                    .table("collab_updates")
                    .col("file_id")
                    .to_owned(),
            )
            .await
    }
}
