//! Classrooms: classes with a join code, their members (teachers and students) and
//! assignments. An assignment keeps the content ids it covers as they were when it was
//! made (a module's items are resolved then), so the grid does not shift when a module
//! later gains an item. Deleting a class deletes its memberships and assignments; the
//! students' own progress and attempts are theirs and stay.
//!
//! Review: line comments on a student's attempt (a submission, which never changes, so a
//! comment stays anchored to the code it was written on), threaded by `parent_id`; the
//! peer-review pairs a teacher makes; and in-app notifications.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    name: &str,
    from: &'static str,
    col: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from, col)
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
                    .table("classes")
                    .col(pk_uuid("id"))
                    .col(string_len("name", 120))
                    .col(string_len("join_code", 16))
                    .col(timestamp_with_time_zone_null("join_code_expires_at"))
                    .col(uuid("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_classes_creator",
                        "classes",
                        "created_by",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        // Index names carry the field they guard (see `StoreError::from_write`).
        manager
            .create_index(
                Index::create()
                    .name("idx_classes_join_code")
                    .table("classes")
                    .col("join_code")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("class_members")
                    .col(uuid("class_id"))
                    .col(uuid("user_id"))
                    // `teacher` or `student`.
                    .col(string_len("role", 16))
                    .col(timestamp_with_time_zone("joined_at"))
                    .primary_key(Index::create().col("class_id").col("user_id"))
                    .foreign_key(&mut fk(
                        "fk_class_members_class",
                        "class_members",
                        "class_id",
                        "classes",
                    ))
                    .foreign_key(&mut fk(
                        "fk_class_members_user",
                        "class_members",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_class_members_user")
                    .table("class_members")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("assignments")
                    .col(pk_uuid("id"))
                    .col(uuid("class_id"))
                    // `item` (a lesson or an exercise) or `module`.
                    .col(string_len("kind", 16))
                    // The item's permanent id, or the module's slug.
                    .col(string_len("target", 200))
                    .col(string_len("title", 200))
                    // The content ids the assignment covers, resolved when it was made.
                    .col(json("content_ids"))
                    .col(timestamp_with_time_zone_null("opens_at"))
                    .col(timestamp_with_time_zone_null("due_at"))
                    .col(boolean("allow_late"))
                    // Language ids; empty = any.
                    .col(json("allowed_languages"))
                    .col(uuid("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_assignments_class",
                        "assignments",
                        "class_id",
                        "classes",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_assignments_class")
                    .table("assignments")
                    .col("class_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("review_pairs")
                    .col(uuid("class_id"))
                    .col(uuid("reviewer_id"))
                    .col(uuid("reviewee_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(
                        Index::create()
                            .col("class_id")
                            .col("reviewer_id")
                            .col("reviewee_id"),
                    )
                    .foreign_key(&mut fk(
                        "fk_review_pairs_class",
                        "review_pairs",
                        "class_id",
                        "classes",
                    ))
                    .foreign_key(&mut fk(
                        "fk_review_pairs_reviewer",
                        "review_pairs",
                        "reviewer_id",
                        "users",
                    ))
                    .foreign_key(&mut fk(
                        "fk_review_pairs_reviewee",
                        "review_pairs",
                        "reviewee_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("review_comments")
                    .col(pk_uuid("id"))
                    // `submission` (later also `file-version`).
                    .col(string_len("target_kind", 16))
                    .col(uuid("target_id"))
                    // Whose code it is: the one notified, and the one who may always read.
                    .col(uuid("subject_id"))
                    .col(uuid("author_id"))
                    .col(uuid_null("parent_id"))
                    .col(integer("start_line"))
                    .col(integer("end_line"))
                    .col(text("body"))
                    .col(timestamp_with_time_zone_null("resolved_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_review_comments_author",
                        "review_comments",
                        "author_id",
                        "users",
                    ))
                    .foreign_key(&mut fk(
                        "fk_review_comments_subject",
                        "review_comments",
                        "subject_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_review_comments_target")
                    .table("review_comments")
                    .col("target_kind")
                    .col("target_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("notifications")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string_len("kind", 32))
                    .col(text("message"))
                    // Where the web app takes the reader (a path).
                    .col(string_len("link", 500))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .foreign_key(&mut fk(
                        "fk_notifications_user",
                        "notifications",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_user")
                    .table("notifications")
                    .col("user_id")
                    .col("read_at")
                    .to_owned(),
            )
            .await
    }
}
