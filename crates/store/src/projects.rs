//! Projects: a learner's multi-file programs, their files (by path), a bounded history of
//! versions per file, the trash, share tokens and the public view.
//!
//! Every learner-facing method takes the owner's id and answers [`StoreError::NotFound`]
//! for another learner's (or a trashed) project, so callers cannot leak existence.
//! Content is handed in already measured ([`Content`]): content too big to keep inline
//! is stored elsewhere by the caller and only its key is kept here. Methods that drop
//! rows return the blob keys that became unreferenced, for the caller to delete.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entity::{file_version, project, project_file, user};
use crate::{Store, StoreError};

/// `StoreError::Limit` names for the project quotas.
pub const LIMIT_FILES: &str = "files";
pub const LIMIT_BYTES: &str = "bytes";
/// The owner's storage across all their projects (trash included) is full.
pub const LIMIT_USER_BYTES: &str = "user_bytes";

#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub id: Uuid,
    pub user_id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub technology_stack: Vec<String>,
    pub language: Option<String>,
    pub entry_path: Option<String>,
    pub template_id: Option<String>,
    pub is_public: bool,
    pub file_count: i32,
    pub line_count: i64,
    pub total_bytes: i64,
    pub share_token: Option<String>,
    pub last_activity_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

pub(crate) fn to_project(m: project::Model) -> Project {
    Project {
        id: m.id,
        user_id: m.user_id,
        title: m.title,
        description: m.description,
        technology_stack: serde_json::from_value(m.technology_stack).unwrap_or_default(),
        language: m.language,
        entry_path: m.entry_path,
        template_id: m.template_id,
        is_public: m.is_public,
        file_count: m.file_count,
        line_count: m.line_count,
        total_bytes: m.total_bytes,
        share_token: m.share_token,
        last_activity_at: m.last_activity_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        deleted_at: m.deleted_at,
    }
}

/// A file's current state. `content` is empty when `blob_key` is set.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectFile {
    pub id: Uuid,
    pub project_id: Uuid,
    pub path: String,
    pub content: String,
    pub blob_key: Option<String>,
    pub size_bytes: i64,
    pub line_count: i64,
    /// Number of the newest version.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn to_file(m: project_file::Model) -> ProjectFile {
    ProjectFile {
        id: m.id,
        project_id: m.project_id,
        path: m.path,
        content: m.content,
        blob_key: m.blob_key,
        size_bytes: m.size_bytes,
        line_count: m.line_count,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// One saved state of a file. `content` is empty when `blob_key` is set.
#[derive(Clone, Debug, PartialEq)]
pub struct FileVersion {
    pub id: Uuid,
    pub file_id: Uuid,
    pub version_number: i32,
    pub content: String,
    pub blob_key: Option<String>,
    pub size_bytes: i64,
    pub line_count: i64,
    pub change_description: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn to_version(m: file_version::Model) -> FileVersion {
    FileVersion {
        id: m.id,
        file_id: m.file_id,
        version_number: m.version_number,
        content: m.content,
        blob_key: m.blob_key,
        size_bytes: m.size_bytes,
        line_count: m.line_count,
        change_description: m.change_description,
        created_at: m.created_at,
    }
}

/// Content to store: inline text, or a blob the caller already wrote.
#[derive(Clone, Debug)]
pub struct Content {
    /// The text itself; empty when `blob_key` is set.
    pub inline: String,
    pub blob_key: Option<String>,
    pub size_bytes: i64,
    pub line_count: i64,
}

impl Content {
    /// Small content kept in the row.
    pub fn inline(text: impl Into<String>) -> Self {
        let inline = text.into();
        Self {
            size_bytes: inline.len() as i64,
            line_count: count_lines(&inline),
            inline,
            blob_key: None,
        }
    }
}

/// Lines as an editor shows them: a trailing newline does not start another line.
pub fn count_lines(text: &str) -> i64 {
    if text.is_empty() {
        return 0;
    }
    let newlines = text.bytes().filter(|&b| b == b'\n').count() as i64;
    newlines + i64::from(!text.ends_with('\n'))
}

/// Quotas enforced inside each write.
#[derive(Clone, Copy, Debug)]
pub struct ProjectLimits {
    pub max_files: i32,
    pub max_bytes: i64,
    /// Bytes one user may hold across all projects, trashed ones included (they come back).
    pub max_user_bytes: i64,
    /// Versions kept per file (at least 1: the current content is always a version).
    pub versions_kept: u32,
}

#[derive(Clone, Debug)]
pub struct NewProject {
    pub user_id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub technology_stack: Vec<String>,
    pub language: Option<String>,
    pub entry_path: Option<String>,
    pub template_id: Option<String>,
    pub is_public: bool,
}

#[derive(Clone, Debug)]
pub struct NewFile {
    pub path: String,
    pub content: Content,
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct ProjectPatch {
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub technology_stack: Option<Vec<String>>,
    pub is_public: Option<bool>,
    pub language: Option<Option<String>>,
    pub entry_path: Option<Option<String>>,
}

/// A save's result: the file as now stored and the blobs of versions pruned by it.
#[derive(Clone, Debug)]
pub struct Saved {
    pub file: ProjectFile,
    pub orphaned_blobs: Vec<String>,
}

/// The update that keeps a project's totals current: adds the deltas (negative to remove)
/// and stamps the activity. Callers add the filters (owner, quotas) that make it safe.
fn adjust_totals(
    files: i64,
    bytes: i64,
    lines: i64,
    now: DateTime<Utc>,
) -> sea_orm::UpdateMany<project::Entity> {
    project::Entity::update_many()
        .col_expr(
            project::Column::FileCount,
            Expr::col(project::Column::FileCount).add(files),
        )
        .col_expr(
            project::Column::TotalBytes,
            Expr::col(project::Column::TotalBytes).add(bytes),
        )
        .col_expr(
            project::Column::LineCount,
            Expr::col(project::Column::LineCount).add(lines),
        )
        .col_expr(project::Column::LastActivityAt, Expr::value(now))
        .col_expr(project::Column::UpdatedAt, Expr::value(now))
}

async fn owned_project<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    project_id: Uuid,
) -> Result<project::Model, StoreError> {
    project::Entity::find_by_id(project_id)
        .filter(project::Column::UserId.eq(user_id))
        .filter(project::Column::DeletedAt.is_null())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

fn new_version(
    file_id: Uuid,
    project_id: Uuid,
    number: i32,
    content: &Content,
    change_description: Option<String>,
    now: DateTime<Utc>,
) -> file_version::ActiveModel {
    file_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        file_id: Set(file_id),
        project_id: Set(project_id),
        version_number: Set(number),
        content: Set(content.inline.clone()),
        blob_key: Set(content.blob_key.clone()),
        size_bytes: Set(content.size_bytes),
        line_count: Set(content.line_count),
        change_description: Set(change_description),
        created_at: Set(now),
    }
}

/// Refuses the transaction's writes if the owner now holds more than the per-user
/// quota. Runs after the project totals are raised inside the same transaction, so the
/// sum includes this write. SQLite write transactions are serialised already (`BEGIN
/// IMMEDIATE`); on PostgreSQL the user row is locked first, so two writes to different
/// projects of one user cannot both pass.
async fn within_user_quota<C: ConnectionTrait>(
    conn: &C,
    backend: crate::Backend,
    user_id: Uuid,
    limits: ProjectLimits,
) -> Result<(), StoreError> {
    if backend == crate::Backend::Postgres {
        user::Entity::find_by_id(user_id)
            .lock_exclusive()
            .one(conn)
            .await?;
    }
    let total: Option<i64> = project::Entity::find()
        .select_only()
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(total_bytes), 0) AS BIGINT)"),
            "total",
        )
        .filter(project::Column::UserId.eq(user_id))
        .into_tuple()
        .one(conn)
        .await?;
    if total.unwrap_or(0) > limits.max_user_bytes {
        return Err(StoreError::Limit {
            limit: LIMIT_USER_BYTES,
        });
    }
    Ok(())
}

/// Which quota a refused totals update hit, judged from the current totals.
async fn which_limit<C: ConnectionTrait>(
    conn: &C,
    project_id: Uuid,
    limits: ProjectLimits,
    added_bytes: i64,
) -> StoreError {
    match project::Entity::find_by_id(project_id).one(conn).await {
        Ok(Some(p)) if p.total_bytes + added_bytes > limits.max_bytes => {
            StoreError::Limit { limit: LIMIT_BYTES }
        }
        Ok(Some(_)) => StoreError::Limit { limit: LIMIT_FILES },
        Ok(None) => StoreError::NotFound,
        Err(e) => e.into(),
    }
}

impl Store {
    /// Creates a project with its first files (from a template or an import) at once;
    /// each file starts at version 1.
    #[tracing::instrument(skip_all, err)]
    pub async fn create_project(
        &self,
        new: NewProject,
        files: Vec<NewFile>,
        limits: ProjectLimits,
        now: DateTime<Utc>,
    ) -> Result<Project, StoreError> {
        if files.len() > limits.max_files as usize {
            return Err(StoreError::Limit { limit: LIMIT_FILES });
        }
        let total_bytes: i64 = files.iter().map(|f| f.content.size_bytes).sum();
        if total_bytes > limits.max_bytes {
            return Err(StoreError::Limit { limit: LIMIT_BYTES });
        }
        let line_count: i64 = files.iter().map(|f| f.content.line_count).sum();
        let txn = self.begin_write().await?;
        let project = project::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(new.user_id),
            title: Set(new.title),
            description: Set(new.description),
            technology_stack: Set(serde_json::to_value(&new.technology_stack)
                .unwrap_or(serde_json::Value::Array(Vec::new()))),
            language: Set(new.language),
            entry_path: Set(new.entry_path),
            template_id: Set(new.template_id),
            is_public: Set(new.is_public),
            file_count: Set(files.len() as i32),
            line_count: Set(line_count),
            total_bytes: Set(total_bytes),
            share_token: Set(None),
            last_activity_at: Set(now),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
        }
        .insert(&txn)
        .await?;
        for file in files {
            let id = Uuid::now_v7();
            project_file::ActiveModel {
                id: Set(id),
                project_id: Set(project.id),
                path: Set(file.path),
                content: Set(file.content.inline.clone()),
                blob_key: Set(file.content.blob_key.clone()),
                size_bytes: Set(file.content.size_bytes),
                line_count: Set(file.content.line_count),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(|e| StoreError::from_write(e, &["path"]))?;
            new_version(id, project.id, 1, &file.content, None, now)
                .insert(&txn)
                .await?;
        }
        if total_bytes > 0 {
            within_user_quota(&txn, self.backend(), project.user_id, limits).await?;
        }
        txn.commit().await?;
        Ok(to_project(project))
    }

    /// The owner's live projects, most recently active first.
    pub async fn list_projects(&self, user_id: Uuid) -> Result<Vec<Project>, StoreError> {
        Ok(project::Entity::find()
            .filter(project::Column::UserId.eq(user_id))
            .filter(project::Column::DeletedAt.is_null())
            .order_by_desc(project::Column::LastActivityAt)
            .order_by_desc(project::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_project)
            .collect())
    }

    /// One of the owner's live projects.
    pub async fn get_project(&self, user_id: Uuid, id: Uuid) -> Result<Project, StoreError> {
        owned_project(self.conn(), user_id, id)
            .await
            .map(to_project)
    }

    #[tracing::instrument(skip_all, err)]
    pub async fn update_project(
        &self,
        user_id: Uuid,
        id: Uuid,
        patch: ProjectPatch,
        now: DateTime<Utc>,
    ) -> Result<Project, StoreError> {
        let existing = owned_project(self.conn(), user_id, id).await?;
        let mut active = existing.into_active_model();
        if let Some(title) = patch.title {
            active.title = Set(title);
        }
        if let Some(description) = patch.description {
            active.description = Set(description);
        }
        if let Some(stack) = patch.technology_stack {
            active.technology_stack =
                Set(serde_json::to_value(stack).unwrap_or(serde_json::Value::Array(Vec::new())));
        }
        if let Some(is_public) = patch.is_public {
            active.is_public = Set(is_public);
        }
        if let Some(language) = patch.language {
            active.language = Set(language);
        }
        if let Some(entry) = patch.entry_path {
            active.entry_path = Set(entry);
        }
        active.updated_at = Set(now);
        active.last_activity_at = Set(now);
        Ok(to_project(active.update(self.conn()).await?))
    }

    /// Moves a project to the trash; it disappears from every view but the trash.
    pub async fn trash_project(
        &self,
        user_id: Uuid,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let result = project::Entity::update_many()
            .col_expr(project::Column::DeletedAt, Expr::value(now))
            .col_expr(project::Column::UpdatedAt, Expr::value(now))
            .filter(project::Column::Id.eq(id))
            .filter(project::Column::UserId.eq(user_id))
            .filter(project::Column::DeletedAt.is_null())
            .exec(self.conn())
            .await?;
        if result.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The owner's trashed projects, most recently deleted first.
    pub async fn list_trash(&self, user_id: Uuid) -> Result<Vec<Project>, StoreError> {
        Ok(project::Entity::find()
            .filter(project::Column::UserId.eq(user_id))
            .filter(project::Column::DeletedAt.is_not_null())
            .order_by_desc(project::Column::DeletedAt)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_project)
            .collect())
    }

    /// Takes a project out of the trash; a project not in the trash is not found.
    pub async fn restore_project(
        &self,
        user_id: Uuid,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Project, StoreError> {
        let result = project::Entity::update_many()
            .col_expr(
                project::Column::DeletedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(project::Column::UpdatedAt, Expr::value(now))
            .col_expr(project::Column::LastActivityAt, Expr::value(now))
            .filter(project::Column::Id.eq(id))
            .filter(project::Column::UserId.eq(user_id))
            .filter(project::Column::DeletedAt.is_not_null())
            .exec(self.conn())
            .await?;
        if result.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        self.get_project(user_id, id).await
    }

    /// Deletes, with their files and versions, the projects trashed before `cutoff`.
    /// Returns the purged project ids and the blob keys they referenced.
    #[tracing::instrument(skip_all, err)]
    pub async fn purge_trashed_before(
        &self,
        cutoff: DateTime<Utc>,
    ) -> Result<(Vec<Uuid>, Vec<String>), StoreError> {
        let txn = self.begin_write().await?;
        let ids: Vec<Uuid> = project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .filter(project::Column::DeletedAt.lt(cutoff))
            .into_tuple()
            .all(&txn)
            .await?;
        if ids.is_empty() {
            return Ok((ids, Vec::new()));
        }
        let mut blobs: Vec<String> = project_file::Entity::find()
            .select_only()
            .column(project_file::Column::BlobKey)
            .filter(project_file::Column::ProjectId.is_in(ids.clone()))
            .filter(project_file::Column::BlobKey.is_not_null())
            .into_tuple::<Option<String>>()
            .all(&txn)
            .await?
            .into_iter()
            .flatten()
            .collect();
        blobs.extend(
            file_version::Entity::find()
                .select_only()
                .column(file_version::Column::BlobKey)
                .filter(file_version::Column::ProjectId.is_in(ids.clone()))
                .filter(file_version::Column::BlobKey.is_not_null())
                .into_tuple::<Option<String>>()
                .all(&txn)
                .await?
                .into_iter()
                .flatten(),
        );
        // Explicit child deletes: the cascade would do it, but this does not depend on
        // SQLite's per-connection foreign-key switch.
        file_version::Entity::delete_many()
            .filter(file_version::Column::ProjectId.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        project_file::Entity::delete_many()
            .filter(project_file::Column::ProjectId.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        project::Entity::delete_many()
            .filter(project::Column::Id.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        blobs.sort();
        blobs.dedup();
        Ok((ids, blobs))
    }

    /// Files of one of the owner's live projects, by path.
    pub async fn list_files(
        &self,
        user_id: Uuid,
        project_id: Uuid,
    ) -> Result<Vec<ProjectFile>, StoreError> {
        owned_project(self.conn(), user_id, project_id).await?;
        self.files_of(project_id).await
    }

    async fn files_of(&self, project_id: Uuid) -> Result<Vec<ProjectFile>, StoreError> {
        Ok(project_file::Entity::find()
            .filter(project_file::Column::ProjectId.eq(project_id))
            .order_by_asc(project_file::Column::Path)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_file)
            .collect())
    }

    pub async fn get_file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
    ) -> Result<ProjectFile, StoreError> {
        owned_project(self.conn(), user_id, project_id).await?;
        project_file::Entity::find_by_id(file_id)
            .filter(project_file::Column::ProjectId.eq(project_id))
            .one(self.conn())
            .await?
            .map(to_file)
            .ok_or(StoreError::NotFound)
    }

    /// Adds a file (version 1). A taken path → `Conflict { field: "path" }`; a quota →
    /// `Limit`.
    #[tracing::instrument(skip_all, err)]
    pub async fn create_file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        path: &str,
        content: Content,
        limits: ProjectLimits,
        now: DateTime<Utc>,
    ) -> Result<ProjectFile, StoreError> {
        let txn = self.begin_write().await?;
        // Quotas are checked by the update itself, so parallel writers cannot both pass.
        let updated = adjust_totals(1, content.size_bytes, content.line_count, now)
            .filter(project::Column::Id.eq(project_id))
            .filter(project::Column::UserId.eq(user_id))
            .filter(project::Column::DeletedAt.is_null())
            .filter(Expr::col(project::Column::FileCount).lt(limits.max_files))
            .filter(
                Expr::col(project::Column::TotalBytes)
                    .add(content.size_bytes)
                    .lte(limits.max_bytes),
            )
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            owned_project(&txn, user_id, project_id).await?;
            return Err(which_limit(&txn, project_id, limits, content.size_bytes).await);
        }
        if content.size_bytes > 0 {
            within_user_quota(&txn, self.backend(), user_id, limits).await?;
        }
        let id = Uuid::now_v7();
        let file = project_file::ActiveModel {
            id: Set(id),
            project_id: Set(project_id),
            path: Set(path.to_owned()),
            content: Set(content.inline.clone()),
            blob_key: Set(content.blob_key.clone()),
            size_bytes: Set(content.size_bytes),
            line_count: Set(content.line_count),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::from_write(e, &["path"]))?;
        new_version(id, project_id, 1, &content, None, now)
            .insert(&txn)
            .await?;
        txn.commit().await?;
        Ok(to_file(file))
    }

    /// Saves new content as the next version and drops versions beyond the kept count.
    /// The caller deletes `orphaned_blobs` (after this returns, so a failed save never
    /// loses content that is still referenced).
    #[tracing::instrument(skip_all, err)]
    #[allow(clippy::too_many_arguments)]
    pub async fn save_file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
        content: Content,
        change_description: Option<String>,
        limits: ProjectLimits,
        now: DateTime<Utc>,
    ) -> Result<Saved, StoreError> {
        let txn = self.begin_write().await?;
        // Writing first takes the write lock at once (SQLite) / locks the row (PostgreSQL):
        // concurrent saves of one file are serialised and get distinct version numbers.
        let bumped = project_file::Entity::update_many()
            .col_expr(
                project_file::Column::Version,
                Expr::col(project_file::Column::Version).add(1),
            )
            .filter(project_file::Column::Id.eq(file_id))
            .filter(project_file::Column::ProjectId.eq(project_id))
            .exec(&txn)
            .await?;
        if bumped.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        let old = project_file::Entity::find_by_id(file_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let added_bytes = content.size_bytes - old.size_bytes;
        let added_lines = content.line_count - old.line_count;
        let mut totals = adjust_totals(0, added_bytes, added_lines, now)
            .filter(project::Column::Id.eq(project_id))
            .filter(project::Column::UserId.eq(user_id))
            .filter(project::Column::DeletedAt.is_null());
        if added_bytes > 0 {
            totals = totals.filter(
                Expr::col(project::Column::TotalBytes)
                    .add(added_bytes)
                    .lte(limits.max_bytes),
            );
        }
        if totals.exec(&txn).await?.rows_affected == 0 {
            owned_project(&txn, user_id, project_id).await?;
            return Err(StoreError::Limit { limit: LIMIT_BYTES });
        }
        if added_bytes > 0 {
            within_user_quota(&txn, self.backend(), user_id, limits).await?;
        }
        let number = old.version;
        let mut active = old.into_active_model();
        active.content = Set(content.inline.clone());
        active.blob_key = Set(content.blob_key.clone());
        active.size_bytes = Set(content.size_bytes);
        active.line_count = Set(content.line_count);
        active.updated_at = Set(now);
        let file = active.update(&txn).await?;
        new_version(
            file_id,
            project_id,
            number,
            &content,
            change_description,
            now,
        )
        .insert(&txn)
        .await?;
        let kept = i32::try_from(Ord::max(limits.versions_kept, 1)).unwrap_or(i32::MAX);
        let prune = sea_orm::Condition::all()
            .add(file_version::Column::FileId.eq(file_id))
            .add(file_version::Column::VersionNumber.lte(number.saturating_sub(kept)));
        let orphaned_blobs: Vec<String> = file_version::Entity::find()
            .select_only()
            .column(file_version::Column::BlobKey)
            .filter(prune.clone())
            .filter(file_version::Column::BlobKey.is_not_null())
            .into_tuple::<Option<String>>()
            .all(&txn)
            .await?
            .into_iter()
            .flatten()
            .collect();
        file_version::Entity::delete_many()
            .filter(prune)
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(Saved {
            file: to_file(file),
            orphaned_blobs,
        })
    }

    /// Moves a file to `new_path` (the project's entry follows it).
    #[tracing::instrument(skip_all, err)]
    pub async fn rename_file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
        new_path: &str,
        now: DateTime<Utc>,
    ) -> Result<ProjectFile, StoreError> {
        let txn = self.begin_write().await?;
        let project = owned_project(&txn, user_id, project_id).await?;
        let file = project_file::Entity::find_by_id(file_id)
            .filter(project_file::Column::ProjectId.eq(project_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let old_path = file.path.clone();
        let mut active = file.into_active_model();
        active.path = Set(new_path.to_owned());
        active.updated_at = Set(now);
        let file = active
            .update(&txn)
            .await
            .map_err(|e| StoreError::from_write(e, &["path"]))?;
        let mut project = project.into_active_model();
        if project.entry_path.as_ref().as_deref() == Some(old_path.as_str()) {
            project.entry_path = Set(Some(new_path.to_owned()));
        }
        project.last_activity_at = Set(now);
        project.updated_at = Set(now);
        project.update(&txn).await?;
        txn.commit().await?;
        Ok(to_file(file))
    }

    /// Deletes a file with its versions; returns the blob keys no longer referenced.
    #[tracing::instrument(skip_all, err)]
    pub async fn delete_file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let txn = self.begin_write().await?;
        let project = owned_project(&txn, user_id, project_id).await?;
        let file = project_file::Entity::find_by_id(file_id)
            .filter(project_file::Column::ProjectId.eq(project_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut blobs: Vec<String> = file_version::Entity::find()
            .select_only()
            .column(file_version::Column::BlobKey)
            .filter(file_version::Column::FileId.eq(file_id))
            .filter(file_version::Column::BlobKey.is_not_null())
            .into_tuple::<Option<String>>()
            .all(&txn)
            .await?
            .into_iter()
            .flatten()
            .collect();
        blobs.extend(file.blob_key.clone());
        file_version::Entity::delete_many()
            .filter(file_version::Column::FileId.eq(file_id))
            .exec(&txn)
            .await?;
        project_file::Entity::delete_by_id(file_id)
            .exec(&txn)
            .await?;
        let mut totals = adjust_totals(-1, -file.size_bytes, -file.line_count, now);
        if project.entry_path.as_deref() == Some(file.path.as_str()) {
            totals = totals.col_expr(
                project::Column::EntryPath,
                Expr::value(Option::<String>::None),
            );
        }
        totals
            .filter(project::Column::Id.eq(project_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        blobs.sort();
        blobs.dedup();
        Ok(blobs)
    }

    /// A file's kept versions, newest first.
    pub async fn list_versions(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
    ) -> Result<Vec<FileVersion>, StoreError> {
        self.get_file(user_id, project_id, file_id).await?;
        Ok(file_version::Entity::find()
            .filter(file_version::Column::FileId.eq(file_id))
            .order_by_desc(file_version::Column::VersionNumber)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_version)
            .collect())
    }

    pub async fn get_version(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
        version_number: i32,
    ) -> Result<FileVersion, StoreError> {
        self.get_file(user_id, project_id, file_id).await?;
        file_version::Entity::find()
            .filter(file_version::Column::FileId.eq(file_id))
            .filter(file_version::Column::VersionNumber.eq(version_number))
            .one(self.conn())
            .await?
            .map(to_version)
            .ok_or(StoreError::NotFound)
    }

    /// Sets (a new token replaces the old one) or revokes (`None`) the share token.
    pub async fn set_share_token(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        token: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let result = project::Entity::update_many()
            .col_expr(project::Column::ShareToken, Expr::value(token))
            .col_expr(project::Column::UpdatedAt, Expr::value(now))
            .filter(project::Column::Id.eq(project_id))
            .filter(project::Column::UserId.eq(user_id))
            .filter(project::Column::DeletedAt.is_null())
            .exec(self.conn())
            .await
            .map_err(|e| StoreError::from_write(e, &["share_token"]))?;
        if result.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The live project a share token points at, with its files (no login needed).
    pub async fn shared_project(
        &self,
        token: &str,
    ) -> Result<Option<(Project, Vec<ProjectFile>)>, StoreError> {
        let Some(project) = project::Entity::find()
            .filter(project::Column::ShareToken.eq(token))
            .filter(project::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?
        else {
            return Ok(None);
        };
        // A deleted account's links end with it, not at the purge 30 days later.
        let owner_live = user::Entity::find_by_id(project.user_id)
            .filter(user::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?
            .is_some();
        if !owner_live {
            return Ok(None);
        }
        let files = self.files_of(project.id).await?;
        Ok(Some((to_project(project), files)))
    }

    /// A user's public, live projects, most recently active first (for the public
    /// profile). Says nothing about whether the user's profile itself is public.
    pub async fn list_public_projects(&self, user_id: Uuid) -> Result<Vec<Project>, StoreError> {
        Ok(project::Entity::find()
            .filter(project::Column::UserId.eq(user_id))
            .filter(project::Column::IsPublic.eq(true))
            .filter(project::Column::DeletedAt.is_null())
            .order_by_desc(project::Column::LastActivityAt)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_project)
            .collect())
    }

    /// A public, live project of the user named `username` (case-insensitive, as
    /// usernames are unique), with its files; `None` when there is no such user, no such
    /// project of theirs, or it is private or trashed. Files with a `blob_key` have empty
    /// `content`: read the blob for them.
    pub async fn public_project(
        &self,
        username: &str,
        project_id: Uuid,
    ) -> Result<Option<(Project, Vec<ProjectFile>)>, StoreError> {
        let Some(owner) = user::Entity::find()
            .filter(user::Column::UsernameKey.eq(username.to_lowercase()))
            .filter(user::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?
        else {
            return Ok(None);
        };
        let Some(project) = project::Entity::find_by_id(project_id)
            .filter(project::Column::UserId.eq(owner.id))
            .filter(project::Column::IsPublic.eq(true))
            .filter(project::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?
        else {
            return Ok(None);
        };
        let files = self.files_of(project.id).await?;
        Ok(Some((to_project(project), files)))
    }
}

#[cfg(test)]
mod tests {
    use super::count_lines;

    #[test]
    fn lines_are_counted_like_an_editor() {
        assert_eq!(count_lines(""), 0);
        assert_eq!(count_lines("a"), 1);
        assert_eq!(count_lines("a\n"), 1);
        assert_eq!(count_lines("a\nb"), 2);
        assert_eq!(count_lines("\n\n"), 2);
    }
}
