//! Projects: multi-file programs a learner keeps, with templates, a file tree, a bounded
//! version history per file, a 30-day trash, share links, zip export/import and runs in
//! the sandbox. Content over [`INLINE_MAX_BYTES`] goes to blob storage.

pub mod archive;
pub mod paths;
pub mod templates;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use codestead_sandbox::{Language, RunRequest, SourceFile};
use codestead_store::accounts::User;
use codestead_store::projects::{
    Content, FileVersion, LIMIT_BYTES, LIMIT_USER_BYTES, NewFile, NewProject, Project, ProjectFile,
    ProjectLimits, ProjectPatch, count_lines,
};
use codestead_store::{Store, StoreError};

use crate::domain::{CommonError, DomainError, ErrorCode};
use crate::exec::{ExecError, ExecutionService, RunReport};
use crate::platform::blobs::BlobStore;
use crate::platform::clock::Clock;

/// Larger content is kept in blob storage rather than in the database row.
pub const INLINE_MAX_BYTES: usize = 256 * 1024;
pub const FILE_MAX_BYTES: usize = 1024 * 1024;
pub const PROJECT_MAX_BYTES: i64 = 20 * 1024 * 1024;
pub const PROJECT_MAX_FILES: i32 = 200;
/// Default storage per learner across all projects (ten full projects).
pub const USER_MAX_BYTES: i64 = 10 * PROJECT_MAX_BYTES;
/// How long a deleted project stays in the trash.
pub const TRASH_DAYS: i64 = 30;
/// How often the purge task looks for expired trash.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// What a new project is made from.
#[derive(Clone, Debug, Default)]
pub struct CreateProject {
    pub title: String,
    pub description: Option<String>,
    pub technology_stack: Vec<String>,
    pub is_public: bool,
    pub template_id: Option<String>,
}

/// A shared project as a visitor sees it: the project, its owner and every file.
#[derive(Clone, Debug)]
pub struct Shared {
    pub project: Project,
    pub owner: User,
    pub files: Vec<LoadedFile>,
}

/// A file with its content read (from the row or from blob storage).
#[derive(Clone, Debug)]
pub struct LoadedFile {
    pub file: ProjectFile,
    pub content: String,
}

pub struct ProjectService {
    store: Store,
    blobs: BlobStore,
    clock: Arc<dyn Clock>,
    executions: Arc<ExecutionService>,
    versions_kept: u32,
    /// Bytes one learner may store across all projects (see `with_user_storage_quota`).
    user_max_bytes: i64,
}

/// Why a project request was refused; `http::error` decides the status. The wording
/// (`Display`) is what the learner reads.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("A file with this path already exists in the project.")]
    PathTaken,
    /// One file over [`FILE_MAX_BYTES`]; the text says which.
    #[error("{0}")]
    FileTooLarge(String),
    #[error("A project may hold at most {} MB in all.", PROJECT_MAX_BYTES / 1024 / 1024)]
    ProjectTooLarge,
    /// The learner's projects together are at the account's storage quota.
    #[error(
        "Your projects together hold as much as an account may store; \
         delete files or empty the trash first."
    )]
    StorageQuotaExceeded,
    #[error("A project may have at most {} files.", PROJECT_MAX_FILES)]
    TooManyFiles,
    /// An upload that is no zip archive, or one without files.
    #[error("{0}")]
    InvalidZip(String),
    /// Publishing needs a verified e-mail address.
    #[error("Verify your e-mail address before publishing a project.")]
    EmailUnverified,
    /// Running the project was refused.
    #[error(transparent)]
    Run(#[from] ExecError),
    #[error(transparent)]
    Common(#[from] CommonError),
}

pub type ProjectResult<T> = Result<T, ProjectError>;

impl ProjectError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::PathTaken => ErrorCode::PathTaken,
            Self::FileTooLarge(_) => ErrorCode::FileTooLarge,
            Self::ProjectTooLarge => ErrorCode::ProjectTooLarge,
            Self::StorageQuotaExceeded => ErrorCode::StorageQuotaExceeded,
            Self::TooManyFiles => ErrorCode::TooManyFiles,
            Self::InvalidZip(_) => ErrorCode::InvalidZip,
            Self::EmailUnverified => ErrorCode::EmailUnverified,
            Self::Run(e) => e.code(),
            Self::Common(e) => e.code(),
        }
    }

    /// Nothing the caller may see by that id (a project, file or version).
    fn is_not_found(&self) -> bool {
        matches!(
            self,
            Self::Common(CommonError::NotFound(_) | CommonError::Store(StoreError::NotFound))
        )
    }
}

impl DomainError for ProjectError {
    fn code(&self) -> ErrorCode {
        ProjectError::code(self)
    }
}

impl From<StoreError> for ProjectError {
    fn from(err: StoreError) -> Self {
        Self::Common(err.into())
    }
}

impl From<crate::platform::blobs::BlobError> for ProjectError {
    fn from(err: crate::platform::blobs::BlobError) -> Self {
        Self::Common(err.into())
    }
}

/// Maps store outcomes to this resource's refusals.
fn store_error(err: StoreError) -> ProjectError {
    match err {
        StoreError::NotFound => not_found("No such project or file."),
        StoreError::Conflict { field: "path" } => ProjectError::PathTaken,
        StoreError::Limit { limit } if limit == LIMIT_BYTES => ProjectError::ProjectTooLarge,
        StoreError::Limit { limit } if limit == LIMIT_USER_BYTES => {
            ProjectError::StorageQuotaExceeded
        }
        StoreError::Limit { .. } => ProjectError::TooManyFiles,
        other => other.into(),
    }
}

fn file_too_large() -> ProjectError {
    ProjectError::FileTooLarge(format!(
        "A file may hold at most {} KB.",
        FILE_MAX_BYTES / 1024
    ))
}

fn not_found(what: &'static str) -> ProjectError {
    CommonError::not_found(what).into()
}

fn invalid(
    field: &'static str,
    message: impl Into<std::borrow::Cow<'static, str>>,
) -> ProjectError {
    CommonError::field(field, message).into()
}

fn internal(cause: impl std::fmt::Display) -> ProjectError {
    CommonError::internal(cause).into()
}

fn path_error(field: &'static str, reason: &'static str) -> ProjectError {
    invalid(field, reason)
}

/// The language a file's extension suggests.
fn language_of(path: &str) -> Option<Language> {
    let ext = path.rsplit_once('.')?.1;
    match ext {
        "py" => Some(Language::Python),
        "js" | "mjs" | "cjs" => Some(Language::Javascript),
        "java" => Some(Language::Java),
        "cpp" | "cc" | "cxx" | "hpp" | "hh" | "h" => Some(Language::Cpp),
        _ => None,
    }
}

/// Language and entry for files that came without a template: the language of the
/// first source file; its default entry if present, else the first file of it.
fn guess_language_and_entry<'a>(
    paths: impl IntoIterator<Item = &'a str>,
) -> (Option<Language>, Option<String>) {
    let paths: Vec<&str> = paths.into_iter().collect();
    let Some(language) = paths.iter().copied().find_map(language_of) else {
        return (None, None);
    };
    let default = language.default_entry();
    let candidates: Vec<&str> = paths
        .into_iter()
        .filter(|p| language_of(p) == Some(language) && !p.ends_with(".h") && !p.ends_with(".hpp"))
        .collect();
    let entry = if candidates.contains(&default) {
        Some(default.to_owned())
    } else {
        candidates.first().map(|p| (*p).to_owned())
    };
    (Some(language), entry)
}

/// The draft key under which the editor keeps a file's unsaved edits
/// (`project:<projectId>.<fileId>`; see `http::drafts`).
pub fn file_draft_key(project_id: Uuid, file_id: Uuid) -> String {
    format!("{}{file_id}", project_draft_prefix(project_id))
}

/// What every draft key of one project's files starts with.
fn project_draft_prefix(project_id: Uuid) -> String {
    format!("project:{project_id}.")
}

/// 32 random bytes, base64url: unguessable and safe in a URL path.
fn new_share_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl ProjectService {
    pub fn new(
        store: Store,
        blobs: BlobStore,
        clock: Arc<dyn Clock>,
        executions: Arc<ExecutionService>,
        versions_kept: u32,
    ) -> Self {
        Self {
            store,
            blobs,
            clock,
            executions,
            versions_kept: versions_kept.max(1),
            user_max_bytes: USER_MAX_BYTES,
        }
    }

    /// Sets the per-learner storage quota across projects (default [`USER_MAX_BYTES`]):
    /// without it, the per-project limit times any number of projects is no limit.
    pub fn with_user_storage_quota(mut self, bytes: u64) -> Self {
        self.user_max_bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
        self
    }

    fn limits(&self) -> ProjectLimits {
        ProjectLimits {
            max_files: PROJECT_MAX_FILES,
            max_bytes: PROJECT_MAX_BYTES,
            max_user_bytes: self.user_max_bytes,
            versions_kept: self.versions_kept,
        }
    }

    /// Measures `text`; large content is written to blob storage first (the row will
    /// only hold its key). Over the per-file limit → 413 `file_too_large`.
    async fn prepare(&self, project_id: Uuid, text: String) -> ProjectResult<Content> {
        if text.len() > FILE_MAX_BYTES {
            return Err(file_too_large());
        }
        if text.len() <= INLINE_MAX_BYTES {
            return Ok(Content::inline(text));
        }
        // A fresh key per save: versions never share a blob, so pruning one is safe.
        let key = format!("projects/{project_id}/{}", Uuid::now_v7());
        let size_bytes = text.len() as i64;
        let line_count = count_lines(&text);
        self.blobs.put(&key, Bytes::from(text)).await?;
        Ok(Content {
            inline: String::new(),
            blob_key: Some(key),
            size_bytes,
            line_count,
        })
    }

    /// Deletes blobs no row references any more. Failures are only logged: a leftover
    /// blob costs disk space, never correctness.
    async fn forget_blobs(&self, keys: impl IntoIterator<Item = String>) {
        for key in keys {
            if let Err(err) = self.blobs.delete(&key).await {
                tracing::warn!(%err, key, "could not delete blob");
            }
        }
    }

    /// Undoes `prepare` after the write that was to reference the blob failed.
    async fn discard(&self, content: &Content) {
        if let Some(key) = &content.blob_key {
            self.forget_blobs([key.clone()]).await;
        }
    }

    async fn read(&self, inline: &str, blob_key: Option<&str>) -> ProjectResult<String> {
        let Some(key) = blob_key else {
            return Ok(inline.to_owned());
        };
        let bytes = self.blobs.get(key).await?;
        String::from_utf8(bytes.to_vec()).map_err(internal)
    }

    async fn load(&self, file: ProjectFile) -> ProjectResult<LoadedFile> {
        let content = self.read(&file.content, file.blob_key.as_deref()).await?;
        Ok(LoadedFile { file, content })
    }

    async fn load_all(&self, files: Vec<ProjectFile>) -> ProjectResult<Vec<LoadedFile>> {
        let mut loaded = Vec::with_capacity(files.len());
        for file in files {
            loaded.push(self.load(file).await?);
        }
        Ok(loaded)
    }

    /// Publishing needs a verified e-mail address (so public pages have a reachable owner).
    async fn check_may_publish(&self, user_id: Uuid) -> ProjectResult<()> {
        let user = self
            .store
            .find_user(user_id)
            .await?
            .ok_or_else(|| not_found("No such user."))?;
        if !user.email_verified {
            return Err(ProjectError::EmailUnverified);
        }
        Ok(())
    }

    pub fn templates(&self) -> &'static [templates::Template] {
        templates::TEMPLATES
    }

    pub async fn create(&self, user_id: Uuid, new: CreateProject) -> ProjectResult<Project> {
        if new.is_public {
            self.check_may_publish(user_id).await?;
        }
        let template =
            match &new.template_id {
                Some(id) => Some(templates::find(id).ok_or_else(|| {
                    invalid("templateId", "no such template (see GET /templates)")
                })?),
                None => None,
            };
        let files = template
            .map(|t| {
                t.files
                    .iter()
                    .map(|(path, content)| NewFile {
                        path: (*path).to_owned(),
                        content: Content::inline(*content),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let now = self.clock.now();
        self.store
            .create_project(
                NewProject {
                    user_id,
                    title: new.title,
                    description: new.description,
                    technology_stack: new.technology_stack,
                    language: template.map(|t| t.language.to_owned()),
                    entry_path: template.map(|t| t.entry.to_owned()),
                    template_id: template.map(|t| t.id.to_owned()),
                    is_public: new.is_public,
                },
                files,
                self.limits(),
                now,
            )
            .await
            .map_err(store_error)
    }

    pub async fn list(&self, user_id: Uuid) -> ProjectResult<Vec<Project>> {
        Ok(self.store.list_projects(user_id).await?)
    }

    pub async fn get(&self, user_id: Uuid, id: Uuid) -> ProjectResult<Project> {
        self.store
            .get_project(user_id, id)
            .await
            .map_err(store_error)
    }

    /// Changes project fields. An entry must name an existing file; the language must be
    /// one the sandbox knows.
    pub async fn update(
        &self,
        user_id: Uuid,
        id: Uuid,
        patch: ProjectPatch,
    ) -> ProjectResult<Project> {
        let current = self.get(user_id, id).await?;
        if patch.is_public == Some(true) && !current.is_public {
            self.check_may_publish(user_id).await?;
        }
        if let Some(Some(language)) = &patch.language
            && language.parse::<Language>().is_err()
        {
            return Err(invalid(
                "language",
                "must be one of python, javascript, java, cpp",
            ));
        }
        let mut patch = patch;
        if let Some(Some(entry)) = &patch.entry_path {
            let entry = paths::normalise(entry).map_err(|r| path_error("entryPath", r))?;
            let files = self.store.list_files(user_id, id).await?;
            if !files.iter().any(|f| f.path == entry) {
                return Err(invalid("entryPath", "must name a file of the project"));
            }
            patch.entry_path = Some(Some(entry));
        }
        self.store
            .update_project(user_id, id, patch, self.clock.now())
            .await
            .map_err(store_error)
    }

    /// Moves the project to the trash. Its files' drafts go at once: a draft is
    /// unsaved work in an editor the learner just closed for good.
    pub async fn trash(&self, user_id: Uuid, id: Uuid) -> ProjectResult<()> {
        self.store
            .trash_project(user_id, id, self.clock.now())
            .await
            .map_err(store_error)?;
        self.forget_drafts(user_id, &project_draft_prefix(id)).await;
        Ok(())
    }

    /// Deletes the drafts whose key starts with `prefix` (a file's key is a prefix of
    /// nothing else). Failures are only logged: the write they follow is done, and a
    /// leftover draft of a gone file can no longer be read (its key names a file the
    /// learner does not have).
    async fn forget_drafts(&self, user_id: Uuid, prefix: &str) {
        if let Err(err) = self
            .store
            .delete_drafts_starting_with(user_id, prefix)
            .await
        {
            tracing::warn!(%err, prefix, "could not delete drafts");
        }
    }

    /// The file's metadata if it is one of `user_id`'s (the check before a draft of it is
    /// read or written); anything else → 404.
    pub async fn file_meta(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
    ) -> ProjectResult<ProjectFile> {
        self.store
            .get_file(user_id, project_id, file_id)
            .await
            .map_err(store_error)
    }

    pub async fn list_trash(&self, user_id: Uuid) -> ProjectResult<Vec<Project>> {
        Ok(self.store.list_trash(user_id).await?)
    }

    pub async fn restore(&self, user_id: Uuid, id: Uuid) -> ProjectResult<Project> {
        self.store
            .restore_project(user_id, id, self.clock.now())
            .await
            .map_err(store_error)
    }

    /// When a trashed project is purged.
    pub fn purge_at(deleted_at: DateTime<Utc>) -> DateTime<Utc> {
        deleted_at + chrono::Duration::days(TRASH_DAYS)
    }

    /// Deletes projects that have been in the trash for more than [`TRASH_DAYS`] as of
    /// `now`, blobs included. Returns how many were purged. The background task calls
    /// this hourly; tests call it with their manual clock's time.
    pub async fn purge_expired_projects(&self, now: DateTime<Utc>) -> ProjectResult<usize> {
        let cutoff = now - chrono::Duration::days(TRASH_DAYS);
        let (ids, blobs) = self.store.purge_trashed_before(cutoff).await?;
        self.forget_blobs(blobs).await;
        if !ids.is_empty() {
            tracing::info!(count = ids.len(), "purged projects from the trash");
        }
        Ok(ids.len())
    }

    /// Runs [`Self::purge_expired_projects`] every hour until the service is dropped.
    pub fn spawn_purge_task(self: &Arc<Self>) {
        let weak = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(PURGE_EVERY);
            loop {
                tick.tick().await;
                let Some(service) = weak.upgrade() else {
                    break;
                };
                if let Err(err) = service.purge_expired_projects(service.clock.now()).await {
                    tracing::error!(?err, "trash purge failed");
                }
            }
        });
    }

    /// The file tree (metadata only; content is not read).
    pub async fn files(&self, user_id: Uuid, project_id: Uuid) -> ProjectResult<Vec<ProjectFile>> {
        self.store
            .list_files(user_id, project_id)
            .await
            .map_err(store_error)
    }

    pub async fn file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
    ) -> ProjectResult<LoadedFile> {
        let file = self
            .store
            .get_file(user_id, project_id, file_id)
            .await
            .map_err(store_error)?;
        self.load(file).await
    }

    pub async fn create_file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        path: &str,
        text: String,
    ) -> ProjectResult<ProjectFile> {
        let path = paths::normalise(path).map_err(|r| path_error("path", r))?;
        // Ownership first, so a stranger's id never gets as far as writing a blob.
        let project = self.get(user_id, project_id).await?;
        let content = self.prepare(project_id, text).await?;
        let created = self
            .store
            .create_file(
                user_id,
                project_id,
                &path,
                content.clone(),
                self.limits(),
                self.clock.now(),
            )
            .await;
        let file = match created {
            Ok(file) => file,
            Err(err) => {
                self.discard(&content).await;
                return Err(store_error(err));
            }
        };
        // A project started from scratch learns its language and entry from its files.
        if project.language.is_none() || project.entry_path.is_none() {
            let (language, entry) = guess_language_and_entry([path.as_str()]);
            let patch = ProjectPatch {
                language: project
                    .language
                    .is_none()
                    .then(|| language.map(|l| l.id().to_owned()))
                    .flatten()
                    .map(Some),
                entry_path: project
                    .entry_path
                    .is_none()
                    .then_some(entry)
                    .flatten()
                    .filter(|_| {
                        project.language.is_none()
                            || project.language.as_deref() == language.map(|l| l.id())
                    })
                    .map(Some),
                ..ProjectPatch::default()
            };
            if patch.language.is_some() || patch.entry_path.is_some() {
                self.store
                    .update_project(user_id, project_id, patch, self.clock.now())
                    .await
                    .map_err(store_error)?;
            }
        }
        Ok(file)
    }

    /// Saves new content as the next version; versions beyond the kept count go.
    pub async fn save_file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
        text: String,
        change_description: Option<String>,
    ) -> ProjectResult<ProjectFile> {
        if text.len() > INLINE_MAX_BYTES {
            // Check ownership before writing a blob for a stranger's id.
            self.store
                .get_file(user_id, project_id, file_id)
                .await
                .map_err(store_error)?;
        }
        let content = self.prepare(project_id, text).await?;
        let saved = self
            .store
            .save_file(
                user_id,
                project_id,
                file_id,
                content.clone(),
                change_description,
                self.limits(),
                self.clock.now(),
            )
            .await;
        match saved {
            Ok(saved) => {
                self.forget_blobs(saved.orphaned_blobs).await;
                // The edits the draft kept are now a version.
                self.forget_drafts(user_id, &file_draft_key(project_id, file_id))
                    .await;
                Ok(saved.file)
            }
            Err(err) => {
                self.discard(&content).await;
                Err(store_error(err))
            }
        }
    }

    pub async fn rename_file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
        path: &str,
    ) -> ProjectResult<ProjectFile> {
        let path = paths::normalise(path).map_err(|r| path_error("path", r))?;
        self.store
            .rename_file(user_id, project_id, file_id, &path, self.clock.now())
            .await
            .map_err(store_error)
    }

    pub async fn delete_file(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
    ) -> ProjectResult<()> {
        let blobs = self
            .store
            .delete_file(user_id, project_id, file_id, self.clock.now())
            .await
            .map_err(store_error)?;
        self.forget_blobs(blobs).await;
        self.forget_drafts(user_id, &file_draft_key(project_id, file_id))
            .await;
        Ok(())
    }

    pub async fn versions(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
    ) -> ProjectResult<Vec<FileVersion>> {
        self.store
            .list_versions(user_id, project_id, file_id)
            .await
            .map_err(store_error)
    }

    /// A kept version with its content.
    pub async fn version(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
        number: i32,
    ) -> ProjectResult<(FileVersion, String)> {
        let version = self
            .store
            .get_version(user_id, project_id, file_id, number)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => not_found("No such version (only the newest are kept)."),
                other => store_error(other),
            })?;
        let content = self
            .read(&version.content, version.blob_key.as_deref())
            .await?;
        Ok((version, content))
    }

    /// Restoring saves the old content as a new version, so a restore can be undone too.
    pub async fn restore_version(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
        number: i32,
    ) -> ProjectResult<ProjectFile> {
        let (_, content) = self.version(user_id, project_id, file_id, number).await?;
        self.save_file(
            user_id,
            project_id,
            file_id,
            content,
            Some(format!("Restored version {number}")),
        )
        .await
    }

    /// A unified diff from version `against` (default: the one before `number`) to
    /// version `number`.
    pub async fn diff(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        file_id: Uuid,
        number: i32,
        against: Option<i32>,
    ) -> ProjectResult<(i32, String)> {
        let (new_version, new_text) = self.version(user_id, project_id, file_id, number).await?;
        let against = against.unwrap_or(number - 1);
        let old_text = if against == 0 {
            String::new()
        } else {
            self.version(user_id, project_id, file_id, against)
                .await
                .map_err(|e| {
                    if e.is_not_found() {
                        invalid("against", "no such version (only the newest are kept)")
                    } else {
                        e
                    }
                })?
                .1
        };
        let file = self
            .store
            .get_file(user_id, project_id, new_version.file_id)
            .await
            .map_err(store_error)?;
        let diff = similar::TextDiff::from_lines(&old_text, &new_text)
            .unified_diff()
            .context_radius(3)
            .header(
                &format!("a/{} (version {against})", file.path),
                &format!("b/{} (version {number})", file.path),
            )
            .to_string();
        Ok((against, diff))
    }

    /// A new share token (any previous one stops working).
    pub async fn share(&self, user_id: Uuid, project_id: Uuid) -> ProjectResult<String> {
        let token = new_share_token();
        self.store
            .set_share_token(user_id, project_id, Some(token.clone()), self.clock.now())
            .await
            .map_err(store_error)?;
        Ok(token)
    }

    pub async fn unshare(&self, user_id: Uuid, project_id: Uuid) -> ProjectResult<()> {
        self.store
            .set_share_token(user_id, project_id, None, self.clock.now())
            .await
            .map_err(store_error)
    }

    /// The project behind a share link, with its owner and contents; a revoked or unknown
    /// token, a trashed project or a deleted account → 404.
    pub async fn shared(&self, token: &str) -> ProjectResult<Shared> {
        // Tokens are fixed-length base64url; anything else cannot match, skip the query.
        if token.len() != 43
            || !token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(not_found("This share link does not exist or was revoked."));
        }
        let gone = || not_found("This share link does not exist or was revoked.");
        let (project, files) = self.store.shared_project(token).await?.ok_or_else(gone)?;
        let owner = self
            .store
            .find_user(project.user_id)
            .await?
            .ok_or_else(gone)?;
        Ok(Shared {
            project,
            owner,
            files: self.load_all(files).await?,
        })
    }

    /// Copies the project behind a share link into a new private project of `user_id`:
    /// the same title, description, stack, language, entry and files (each a fresh
    /// version 1, large ones in blobs of their own, so neither project's saves or
    /// deletions touch the other). The copier's limits apply as to any new project:
    /// files and bytes per project and the storage quota across their projects.
    pub async fn copy_shared(&self, user_id: Uuid, token: &str) -> ProjectResult<Project> {
        let Shared { project, files, .. } = self.shared(token).await?;
        // Blobs are keyed by a batch id: the new project's id is not known yet.
        let batch = Uuid::now_v7();
        let mut new_files = Vec::with_capacity(files.len());
        for file in files {
            match self.prepare(batch, file.content).await {
                Ok(content) => new_files.push(NewFile {
                    path: file.file.path,
                    content,
                }),
                Err(err) => {
                    for f in &new_files {
                        self.discard(&f.content).await;
                    }
                    return Err(err);
                }
            }
        }
        let contents: Vec<Content> = new_files.iter().map(|f| f.content.clone()).collect();
        let created = self
            .store
            .create_project(
                NewProject {
                    user_id,
                    title: project.title,
                    description: project.description,
                    technology_stack: project.technology_stack,
                    language: project.language,
                    entry_path: project.entry_path,
                    template_id: project.template_id,
                    // A copy is private whatever the original is: publishing is the
                    // copier's own decision.
                    is_public: false,
                },
                new_files,
                self.limits(),
                self.clock.now(),
            )
            .await;
        match created {
            Ok(project) => Ok(project),
            Err(err) => {
                for content in &contents {
                    self.discard(content).await;
                }
                Err(store_error(err))
            }
        }
    }

    /// A public project of `username` with contents (for the public profile); private,
    /// trashed or unknown → 404.
    pub async fn public_project(
        &self,
        username: &str,
        project_id: Uuid,
    ) -> ProjectResult<(Project, Vec<LoadedFile>)> {
        let (project, files) = self
            .store
            .public_project(username, project_id)
            .await?
            .ok_or_else(|| not_found("No such public project."))?;
        Ok((project, self.load_all(files).await?))
    }

    /// The project's files as a zip.
    pub async fn export_zip(
        &self,
        user_id: Uuid,
        project_id: Uuid,
    ) -> ProjectResult<(Project, Vec<u8>)> {
        let project = self.get(user_id, project_id).await?;
        let files = self
            .load_all(self.files(user_id, project_id).await?)
            .await?;
        let zip = tokio::task::spawn_blocking(move || {
            archive::write_zip(
                files
                    .iter()
                    .map(|f| (f.file.path.as_str(), f.content.as_bytes())),
            )
        })
        .await
        .map_err(internal)?
        .map_err(internal)?;
        Ok((project, zip))
    }

    /// A new project from a zip's files (checked: count, sizes, paths, text only).
    pub async fn import_zip(
        &self,
        user_id: Uuid,
        title: Option<String>,
        zip: Bytes,
    ) -> ProjectResult<Project> {
        use archive::ImportError as E;
        let limits = archive::ImportLimits {
            max_files: PROJECT_MAX_FILES as usize,
            max_file_bytes: FILE_MAX_BYTES as u64,
            max_total_bytes: PROJECT_MAX_BYTES as u64,
        };
        let files = tokio::task::spawn_blocking(move || archive::read_zip(&zip, limits))
            .await
            .map_err(internal)?
            .map_err(|e| match e {
                E::Invalid(why) => ProjectError::InvalidZip(format!(
                    "The upload is not a readable zip archive: {why}"
                )),
                E::Empty => ProjectError::InvalidZip("The archive holds no files.".into()),
                E::TooManyFiles(_) => ProjectError::TooManyFiles,
                E::FileTooLarge(path) => ProjectError::FileTooLarge(format!(
                    "{path} is larger than {} KB.",
                    FILE_MAX_BYTES / 1024
                )),
                E::TooLarge => ProjectError::ProjectTooLarge,
                E::BadPath { path, reason } => {
                    invalid("file", format!("entry {path:?}: path {reason}"))
                }
                E::Symlink(path) => invalid(
                    "file",
                    format!("entry {path:?} is a symbolic link; links are not imported"),
                ),
                E::NotText(path) => invalid("file", format!("entry {path:?} is not UTF-8 text")),
            })?;

        let title = match title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) {
            Some(t) if t.chars().count() > 100 => {
                return Err(invalid("title", "must be at most 100 characters"));
            }
            Some(t) => t,
            None => "Imported project".to_owned(),
        };
        let (language, entry) = guess_language_and_entry(files.iter().map(|(p, _)| p.as_str()));
        // The project id is not known yet; blobs are keyed by an import id instead.
        let batch = Uuid::now_v7();
        let mut new_files = Vec::with_capacity(files.len());
        for (path, text) in files {
            match self.prepare(batch, text).await {
                Ok(content) => new_files.push(NewFile { path, content }),
                Err(err) => {
                    for f in &new_files {
                        self.discard(&f.content).await;
                    }
                    return Err(err);
                }
            }
        }
        let blob_contents: Vec<Content> = new_files.iter().map(|f| f.content.clone()).collect();
        let created = self
            .store
            .create_project(
                NewProject {
                    user_id,
                    title,
                    description: None,
                    technology_stack: Vec::new(),
                    language: language.map(|l| l.id().to_owned()),
                    entry_path: entry,
                    template_id: None,
                    is_public: false,
                },
                new_files,
                self.limits(),
                self.clock.now(),
            )
            .await;
        match created {
            Ok(project) => Ok(project),
            Err(err) => {
                for content in &blob_contents {
                    self.discard(content).await;
                }
                Err(store_error(err))
            }
        }
    }

    /// The sandbox request for a project: its files (source files of its language only,
    /// when there are more than the sandbox takes) and the entry.
    pub async fn run_request(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        language: Option<Language>,
        entry: Option<String>,
        stdin: String,
    ) -> ProjectResult<RunRequest> {
        let project = self.get(user_id, project_id).await?;
        let language = match language {
            Some(l) => l,
            None => project
                .language
                .as_deref()
                .and_then(|l| l.parse().ok())
                .ok_or_else(|| {
                    invalid(
                        "language",
                        "the project has no language yet; add a source file or set it",
                    )
                })?,
        };
        let entry = match entry {
            Some(e) => Some(paths::normalise(&e).map_err(|r| path_error("entry", r))?),
            None => project.entry_path.clone(),
        };
        let mut files = self
            .load_all(self.files(user_id, project_id).await?)
            .await?;
        let is_source = |f: &LoadedFile| {
            language_of(&f.file.path) == Some(language)
                || entry.as_deref() == Some(f.file.path.as_str())
        };
        // The sandbox is stricter than projects (names, sizes, count). Other files it
        // would refuse (`My notes.md`, a large data file) are left out of the run rather
        // than failing it; a refused source file is still reported.
        files.retain(|f| {
            is_source(f)
                || codestead_sandbox::check_source_files(&[SourceFile::new(
                    f.file.path.clone(),
                    f.content.clone(),
                )])
                .is_ok()
        });
        if files.len() > codestead_sandbox::MAX_FILES {
            files.retain(is_source);
        }
        if let Some(e) = &entry
            && !files.iter().any(|f| &f.file.path == e)
        {
            return Err(invalid("entry", "must name a file of the project"));
        }
        Ok(RunRequest {
            language,
            files: files
                .into_iter()
                .map(|f| SourceFile::new(f.file.path, f.content))
                .collect(),
            entry,
            stdin,
        })
    }

    /// Runs the project in the sandbox; the run is recorded with the project's id.
    pub async fn run(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        entry: Option<String>,
        stdin: String,
    ) -> ProjectResult<RunReport> {
        let request = self
            .run_request(user_id, project_id, None, entry, stdin)
            .await?;
        Ok(self
            .executions
            .execute(user_id, request, Some(project_id))
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_entry_come_from_the_files() {
        assert_eq!(
            guess_language_and_entry(["README.md", "lib/x.py", "main.py"]),
            (Some(Language::Python), Some("main.py".into()))
        );
        assert_eq!(
            guess_language_and_entry(["util.h", "app.cpp"]),
            (Some(Language::Cpp), Some("app.cpp".into()))
        );
        assert_eq!(guess_language_and_entry(["notes.txt"]), (None, None));
    }

    #[test]
    fn share_tokens_are_long_and_url_safe() {
        let a = new_share_token();
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(a, new_share_token());
    }
}
