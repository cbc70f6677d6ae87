//! `/api/v1/projects`, `/api/v1/templates`, `/api/v1/shared/{token}`: a learner's
//! multi-file projects with their file tree, versions, trash, share links, zip export
//! and import, and runs. Every project route needs the owner; another learner's ids
//! answer 404 exactly like ids that do not exist.

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use codestead_store::accounts::User;
use codestead_store::projects::{FileVersion, Project, ProjectFile, ProjectPatch};

use crate::collab::Access;
use crate::domain::ErrorCode;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{CurrentUser, ValidJson};
use crate::http::executions::ExecutionResponse;
use crate::projects::{
    CreateProject, FILE_MAX_BYTES, LoadedFile, PROJECT_MAX_BYTES, ProjectService,
};
use crate::state::AppState;

/// Largest body for a file write: a 1 MB file whose every character JSON escapes as
/// `\uXXXX` is six times longer on the wire; the file limit proper is checked after parsing.
const FILE_BODY_MAX: usize = 6 * FILE_MAX_BYTES + 64 * 1024;

/// Largest accepted import upload: the uncompressed limit plus zip overhead.
const IMPORT_MAX_UPLOAD: usize = PROJECT_MAX_BYTES as usize + 4 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/templates", get(list_templates))
        .route("/projects", get(list_projects).post(create_project))
        .route("/projects/trash", get(list_trash))
        .route(
            "/projects/import",
            post(import_project).layer(DefaultBodyLimit::max(IMPORT_MAX_UPLOAD)),
        )
        .route(
            "/projects/{id}",
            get(get_project)
                .patch(update_project)
                .delete(delete_project),
        )
        .route("/projects/{id}/restore", post(restore_project))
        .route(
            "/projects/{id}/files",
            get(list_files)
                .post(create_file)
                .layer(DefaultBodyLimit::max(FILE_BODY_MAX)),
        )
        .route(
            "/projects/{id}/files/{file_id}",
            get(get_file)
                .put(save_file)
                .patch(rename_file)
                .delete(delete_file)
                .layer(DefaultBodyLimit::max(FILE_BODY_MAX)),
        )
        .route(
            "/projects/{id}/files/{file_id}/versions",
            get(list_versions),
        )
        .route(
            "/projects/{id}/files/{file_id}/versions/{number}",
            get(get_version),
        )
        .route(
            "/projects/{id}/files/{file_id}/versions/{number}/diff",
            get(diff_version),
        )
        .route(
            "/projects/{id}/files/{file_id}/versions/{number}/restore",
            post(restore_version),
        )
        .route("/projects/{id}/run", post(run_project))
        .route(
            "/projects/{id}/share",
            post(share_project).delete(unshare_project),
        )
        .route("/projects/{id}/export", get(export_project))
        .route("/shared/{token}", get(get_shared))
        .route("/shared/{token}/copy", post(copy_shared))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_templates,
        list_projects,
        create_project,
        list_trash,
        import_project,
        get_project,
        update_project,
        delete_project,
        restore_project,
        list_files,
        create_file,
        get_file,
        save_file,
        rename_file,
        delete_file,
        list_versions,
        get_version,
        diff_version,
        restore_version,
        run_project,
        share_project,
        unshare_project,
        export_project,
        get_shared,
        copy_shared
    ),
    components(schemas(
        TemplateDto,
        TemplateFileDto,
        ProjectDto,
        CreateProjectRequest,
        UpdateProjectRequest,
        ProjectFileDto,
        CreateFileRequest,
        SaveFileRequest,
        RenameFileRequest,
        VersionDto,
        DiffDto,
        RunProjectRequest,
        ShareDto,
        SharedProjectDto,
        SharedAuthorDto,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateFileDto {
    pub path: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateDto {
    /// Pass as `templateId` when creating a project.
    pub id: String,
    pub name: String,
    pub language: String,
    pub description: String,
    /// The file a run starts from.
    pub entry: String,
    pub files: Vec<TemplateFileDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectDto {
    pub id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub technology_stack: Vec<String>,
    /// `python`, `javascript`, `java` or `cpp`; from the template or the first source file.
    pub language: Option<String>,
    /// The file a run starts from (unless the run names another).
    pub entry_path: Option<String>,
    pub template_id: Option<String>,
    pub is_public: bool,
    pub file_count: i32,
    pub line_count: i64,
    pub total_bytes: i64,
    /// The active share link (`/s/{token}`), owner's view only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_url: Option<String>,
    pub last_activity_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set for projects in the trash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<DateTime<Utc>>,
    /// When a trashed project is deleted for good.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_at: Option<DateTime<Utc>>,
    /// Set on a project someone else owns and shared with the caller: `editor` or
    /// `viewer` (see `docs/collaboration.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_role: Option<String>,
}

fn share_url(token: &str) -> String {
    format!("/s/{token}")
}

impl ProjectDto {
    fn owner(p: Project) -> Self {
        let share = p.share_token.as_deref().map(share_url);
        Self {
            share_url: share,
            ..Self::public(p)
        }
    }

    /// Without anything only the owner should see (the share link).
    fn public(p: Project) -> Self {
        Self {
            id: p.id,
            title: p.title,
            description: p.description,
            technology_stack: p.technology_stack,
            language: p.language,
            entry_path: p.entry_path,
            template_id: p.template_id,
            is_public: p.is_public,
            file_count: p.file_count,
            line_count: p.line_count,
            total_bytes: p.total_bytes,
            share_url: None,
            last_activity_at: p.last_activity_at,
            created_at: p.created_at,
            updated_at: p.updated_at,
            deleted_at: p.deleted_at,
            purge_at: p.deleted_at.map(ProjectService::purge_at),
            shared_role: None,
        }
    }
}

/// `technologyStack` as a list, or as one comma-separated string.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum StackInput {
    List(Vec<String>),
    Text(String),
}

impl StackInput {
    fn into_list(self) -> ApiResult<Vec<String>> {
        let items: Vec<String> = match self {
            StackInput::List(items) => items,
            StackInput::Text(text) => text.split(',').map(str::to_owned).collect(),
        };
        let items: Vec<String> = items
            .into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if items.len() > 20 || items.iter().any(|s| s.chars().count() > 40) {
            return Err(ApiError::field(
                "technologyStack",
                "at most 20 entries of at most 40 characters",
            ));
        }
        Ok(items)
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateProjectRequest {
    #[garde(length(chars, min = 1, max = 100))]
    pub title: String,
    #[garde(inner(length(chars, max = 2000)))]
    pub description: Option<String>,
    /// A list of strings, or one comma-separated string.
    #[garde(skip)]
    #[schema(value_type = Option<Vec<String>>)]
    pub technology_stack: Option<StackInput>,
    /// Publishing needs a verified e-mail address (403 `email_unverified`).
    #[garde(skip)]
    pub is_public: Option<bool>,
    /// One of `GET /templates`; none: an empty project.
    #[garde(inner(length(min = 1, max = 50)))]
    pub template_id: Option<String>,
}

/// Distinguishes an absent field (leave as is) from `null` (clear it).
fn nullable<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateProjectRequest {
    #[garde(inner(length(chars, min = 1, max = 100)))]
    pub title: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[garde(inner(inner(length(chars, max = 2000))))]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[garde(skip)]
    #[schema(value_type = Option<Vec<String>>)]
    pub technology_stack: Option<StackInput>,
    #[garde(skip)]
    pub is_public: Option<bool>,
    /// Must name a file of the project; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[garde(skip)]
    #[schema(value_type = Option<String>)]
    pub entry_path: Option<Option<String>>,
    /// `python`, `javascript`, `java` or `cpp`.
    #[serde(default, deserialize_with = "nullable")]
    #[garde(skip)]
    #[schema(value_type = Option<String>)]
    pub language: Option<Option<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectFileDto {
    pub id: Uuid,
    /// Relative, `/`-separated, normalised.
    pub path: String,
    pub size_bytes: i64,
    pub line_count: i64,
    /// Number of the newest version (the current content).
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Present when a single file (or a shared project) is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

impl ProjectFileDto {
    fn meta(f: ProjectFile) -> Self {
        Self {
            id: f.id,
            path: f.path,
            size_bytes: f.size_bytes,
            line_count: f.line_count,
            version: f.version,
            created_at: f.created_at,
            updated_at: f.updated_at,
            content: None,
        }
    }

    fn loaded(f: LoadedFile) -> Self {
        Self {
            content: Some(f.content),
            ..Self::meta(f.file)
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateFileRequest {
    /// Relative, `/`-separated; no `..`, no leading `/`, no `\`, at most 255 characters.
    #[garde(skip)]
    pub path: String,
    /// UTF-8 text, at most 1 MB (413 `file_too_large`).
    #[garde(skip)]
    #[serde(default)]
    pub content: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SaveFileRequest {
    /// UTF-8 text, at most 1 MB (413 `file_too_large`).
    #[garde(skip)]
    pub content: String,
    #[garde(inner(length(chars, max = 200)))]
    pub change_description: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameFileRequest {
    /// The new path (rename and move are the same thing).
    #[garde(skip)]
    pub path: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VersionDto {
    pub version_number: i32,
    pub size_bytes: i64,
    pub line_count: i64,
    pub change_description: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Present when one version is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

impl From<FileVersion> for VersionDto {
    fn from(v: FileVersion) -> Self {
        Self {
            version_number: v.version_number,
            size_bytes: v.size_bytes,
            line_count: v.line_count,
            change_description: v.change_description,
            created_at: v.created_at,
            content: None,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DiffDto {
    pub version_number: i32,
    /// The version compared against (0: the empty file).
    pub against: i32,
    /// A unified diff from `against` to `versionNumber` (empty when equal).
    pub diff: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DiffQuery {
    /// Version to compare with; default: the one before.
    pub against: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RunProjectRequest {
    /// The file to run; default: the project's entry.
    pub entry: Option<String>,
    /// At most 64 KiB.
    pub stdin: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShareDto {
    /// 32 random bytes, base64url.
    pub token: String,
    /// The web app's page for the link: `/s/{token}`; the API view is `/api/v1/shared/{token}`.
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SharedProjectDto {
    pub project: ProjectDto,
    /// Who shared it.
    pub author: SharedAuthorDto,
    /// Every file with its content.
    pub files: Vec<ProjectFileDto>,
}

/// The owner of a shared project, as the link's visitors see them: the name and username
/// the owner shows with their work. Nothing else of a private profile is revealed.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SharedAuthorDto {
    pub username: String,
    /// First and last name.
    pub name: String,
    /// The web page of the owner's public profile (`/u/{username}`); `null` unless the
    /// profile is public (and so viewable at all).
    pub profile_url: Option<String>,
}

impl From<&User> for SharedAuthorDto {
    fn from(owner: &User) -> Self {
        Self {
            username: owner.username.clone(),
            name: format!("{} {}", owner.first_name, owner.last_name)
                .trim()
                .to_owned(),
            profile_url: crate::portfolio::is_visible(owner)
                .then(|| format!("/u/{}", owner.username)),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// Title for a raw `application/zip` upload (default "Imported project").
    pub title: Option<String>,
}

/// Starter projects to create from (`templateId`).
#[utoipa::path(get, path = "/api/v1/templates", tag = "projects", responses((status = 200, body = Vec<TemplateDto>)))]
async fn list_templates(State(state): State<AppState>) -> Json<Vec<TemplateDto>> {
    Json(
        state
            .projects
            .templates()
            .iter()
            .map(|t| TemplateDto {
                id: t.id.to_owned(),
                name: t.name.to_owned(),
                language: t.language.to_owned(),
                description: t.description.to_owned(),
                entry: t.entry.to_owned(),
                files: t
                    .files
                    .iter()
                    .map(|(path, _)| TemplateFileDto {
                        path: (*path).to_owned(),
                    })
                    .collect(),
            })
            .collect(),
    )
}

/// The caller's projects (not those in the trash), most recently active first.
#[utoipa::path(get, path = "/api/v1/projects", tag = "projects",
    responses((status = 200, body = Vec<ProjectDto>)), security(("bearer" = [])))]
async fn list_projects(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<ProjectDto>>> {
    let projects = state.projects.list(me.user_id).await?;
    let mut out: Vec<ProjectDto> = projects.into_iter().map(ProjectDto::owner).collect();
    // Projects others shared with the caller follow their own, marked with the role.
    for (project, role) in state.collab.shared_with(me.user_id).await? {
        out.push(ProjectDto {
            shared_role: Some(role.as_str().to_owned()),
            ..ProjectDto::public(project)
        });
    }
    Ok(Json(out))
}

/// Create a project, empty or from a template.
#[utoipa::path(post, path = "/api/v1/projects", tag = "projects", request_body = CreateProjectRequest,
    responses((status = 201, body = ProjectDto), (status = 422, body = Problem),
              (status = 403, body = Problem, description = "email_unverified (isPublic without a verified address)")),
    security(("bearer" = [])))]
async fn create_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ValidJson(body): ValidJson<CreateProjectRequest>,
) -> ApiResult<(StatusCode, Json<ProjectDto>)> {
    let title = body.title.trim().to_owned();
    if title.is_empty() {
        return Err(ApiError::field("title", "must not be blank"));
    }
    let technology_stack = match body.technology_stack {
        Some(stack) => stack.into_list()?,
        None => Vec::new(),
    };
    let project = state
        .projects
        .create(
            me.user_id,
            CreateProject {
                title,
                description: body.description,
                technology_stack,
                is_public: body.is_public.unwrap_or(false),
                template_id: body.template_id,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(ProjectDto::owner(project))))
}

/// Projects in the trash, with when each is purged (30 days after deletion).
#[utoipa::path(get, path = "/api/v1/projects/trash", tag = "projects",
    responses((status = 200, body = Vec<ProjectDto>)), security(("bearer" = [])))]
async fn list_trash(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<ProjectDto>>> {
    let projects = state.projects.list_trash(me.user_id).await?;
    Ok(Json(projects.into_iter().map(ProjectDto::owner).collect()))
}

/// Create a project from a zip: `multipart/form-data` with the archive in the field `file`
/// (and an optional `title` field), or the archive itself as the body with
/// `Content-Type: application/zip` (title in `?title=`). At most 200 files, 1 MB each and
/// 20 MB in all (counted while inflating); paths must be relative without `..`; symbolic
/// links and non-UTF-8 files are refused; a single folder wrapping everything is removed.
#[utoipa::path(post, path = "/api/v1/projects/import", tag = "projects", params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/zip", description = "or multipart/form-data with `file` and `title`"),
    responses((status = 201, body = ProjectDto), (status = 400, body = Problem, description = "invalid_zip"),
              (status = 413, body = Problem, description = "file_too_large, project_too_large, too_many_files"),
              (status = 422, body = Problem, description = "a bad entry path, a link or a binary file (field `file`)")),
    security(("bearer" = [])))]
async fn import_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Query(query): Query<ImportQuery>,
    request: Request,
) -> ApiResult<(StatusCode, Json<ProjectDto>)> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let too_large = |status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                "The upload is too large.",
            )
        } else {
            ApiError::bad_request(ErrorCode::UnreadableBody, "The upload could not be read.")
        }
    };
    let (title, zip) = match content_type.as_str() {
        "multipart/form-data" => {
            let mut multipart = Multipart::from_request(request, &state)
                .await
                .map_err(|e| too_large(e.status()))?;
            let mut title = query.title;
            let mut zip: Option<Bytes> = None;
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|e| too_large(e.status()))?
            {
                match field.name() {
                    Some("file") => {
                        zip = Some(field.bytes().await.map_err(|e| too_large(e.status()))?)
                    }
                    Some("title") => {
                        title = Some(field.text().await.map_err(|e| too_large(e.status()))?)
                    }
                    _ => {}
                }
            }
            let zip = zip.ok_or_else(|| ApiError::field("file", "attach the zip as `file`"))?;
            (title, zip)
        }
        "application/zip" | "application/x-zip-compressed" | "application/octet-stream" => {
            let zip = Bytes::from_request(request, &state)
                .await
                .map_err(|e| too_large(e.status()))?;
            (query.title, zip)
        }
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "Send the zip as multipart/form-data (field `file`) or as application/zip.",
            ));
        }
    };
    let project = state.projects.import_zip(me.user_id, title, zip).await?;
    Ok((StatusCode::CREATED, Json(ProjectDto::owner(project))))
}

/// One of the caller's projects.
#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "projects", params(("id" = Uuid, Path)),
    responses((status = 200, body = ProjectDto), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn get_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ProjectDto>> {
    if let Some((project, access)) = state.collab.access(me.user_id, id).await?
        && access != Access::Owner
    {
        return Ok(Json(ProjectDto {
            shared_role: Some(access.as_str().to_owned()),
            ..ProjectDto::public(project)
        }));
    }
    Ok(Json(ProjectDto::owner(
        state.projects.get(me.user_id, id).await?,
    )))
}

/// Change a project's title, description, stack, visibility, entry or language.
#[utoipa::path(patch, path = "/api/v1/projects/{id}", tag = "projects", params(("id" = Uuid, Path)),
    request_body = UpdateProjectRequest,
    responses((status = 200, body = ProjectDto), (status = 404, body = Problem), (status = 422, body = Problem),
              (status = 403, body = Problem, description = "email_unverified")),
    security(("bearer" = [])))]
async fn update_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<UpdateProjectRequest>,
) -> ApiResult<Json<ProjectDto>> {
    let technology_stack = body
        .technology_stack
        .map(StackInput::into_list)
        .transpose()?;
    let title = body.title.map(|t| t.trim().to_owned());
    if title.as_deref() == Some("") {
        return Err(ApiError::field("title", "must not be blank"));
    }
    let patch = ProjectPatch {
        title,
        description: body.description,
        technology_stack,
        is_public: body.is_public,
        language: body.language,
        entry_path: body.entry_path,
    };
    Ok(Json(ProjectDto::owner(
        state.projects.update(me.user_id, id, patch).await?,
    )))
}

/// Move a project to the trash (purged after 30 days; `POST …/restore` brings it back).
#[utoipa::path(delete, path = "/api/v1/projects/{id}", tag = "projects", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn delete_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    state.projects.trash(me.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Take a project out of the trash.
#[utoipa::path(post, path = "/api/v1/projects/{id}/restore", tag = "projects", params(("id" = Uuid, Path)),
    responses((status = 200, body = ProjectDto), (status = 404, body = Problem, description = "not in the trash")),
    security(("bearer" = [])))]
async fn restore_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ProjectDto>> {
    Ok(Json(ProjectDto::owner(
        state.projects.restore(me.user_id, id).await?,
    )))
}

/// The file tree: every file by path, without content.
#[utoipa::path(get, path = "/api/v1/projects/{id}/files", tag = "projects", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ProjectFileDto>), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn list_files(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<ProjectFileDto>>> {
    let owner = state.collab.acting_owner(me.user_id, id, false).await?;
    let files = state.projects.files(owner, id).await?;
    Ok(Json(files.into_iter().map(ProjectFileDto::meta).collect()))
}

/// Add a file (its version 1).
#[utoipa::path(post, path = "/api/v1/projects/{id}/files", tag = "projects", params(("id" = Uuid, Path)),
    request_body = CreateFileRequest,
    responses((status = 201, body = ProjectFileDto), (status = 404, body = Problem),
              (status = 409, body = Problem, description = "path_taken"),
              (status = 413, body = Problem, description = "file_too_large, project_too_large, too_many_files"),
              (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_file(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<CreateFileRequest>,
) -> ApiResult<(StatusCode, Json<ProjectFileDto>)> {
    let file = state
        .projects
        .create_file(me.user_id, id, &body.path, body.content)
        .await?;
    Ok((StatusCode::CREATED, Json(ProjectFileDto::meta(file))))
}

/// A file with its content.
#[utoipa::path(get, path = "/api/v1/projects/{id}/files/{fileId}", tag = "projects",
    params(("id" = Uuid, Path), ("fileId" = Uuid, Path)),
    responses((status = 200, body = ProjectFileDto), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn get_file(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<ProjectFileDto>> {
    let owner = state.collab.acting_owner(me.user_id, id, false).await?;
    let mut file = state.projects.file(owner, id, file_id).await?;
    // A file that went live reads as its document's text (the row catches up on save).
    if let Some(text) = state.collab.current_text(file_id).await? {
        file.content = text;
    }
    Ok(Json(ProjectFileDto::loaded(file)))
}

/// Save a file: the content becomes the next version (the newest 10 are kept).
#[utoipa::path(put, path = "/api/v1/projects/{id}/files/{fileId}", tag = "projects",
    params(("id" = Uuid, Path), ("fileId" = Uuid, Path)), request_body = SaveFileRequest,
    responses((status = 200, body = ProjectFileDto), (status = 404, body = Problem),
              (status = 413, body = Problem, description = "file_too_large, project_too_large")),
    security(("bearer" = [])))]
async fn save_file(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
    ValidJson(body): ValidJson<SaveFileRequest>,
) -> ApiResult<Json<ProjectFileDto>> {
    let owner = state.collab.acting_owner(me.user_id, id, true).await?;
    let text = body.content;
    let file = state
        .projects
        .save_file(owner, id, file_id, text.clone(), body.change_description)
        .await?;
    // The saved text becomes the live document's too, so the two never disagree.
    state
        .collab
        .saved_through_file_api(id, file_id, &text, me.user_id)
        .await?;
    Ok(Json(ProjectFileDto::meta(file)))
}

/// Rename or move a file.
#[utoipa::path(patch, path = "/api/v1/projects/{id}/files/{fileId}", tag = "projects",
    params(("id" = Uuid, Path), ("fileId" = Uuid, Path)), request_body = RenameFileRequest,
    responses((status = 200, body = ProjectFileDto), (status = 404, body = Problem),
              (status = 409, body = Problem, description = "path_taken"), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn rename_file(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
    ValidJson(body): ValidJson<RenameFileRequest>,
) -> ApiResult<Json<ProjectFileDto>> {
    let file = state
        .projects
        .rename_file(me.user_id, id, file_id, &body.path)
        .await?;
    Ok(Json(ProjectFileDto::meta(file)))
}

/// Delete a file and its versions.
#[utoipa::path(delete, path = "/api/v1/projects/{id}/files/{fileId}", tag = "projects",
    params(("id" = Uuid, Path), ("fileId" = Uuid, Path)),
    responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn delete_file(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    state.projects.delete_file(me.user_id, id, file_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A file's kept versions, newest first (without content).
#[utoipa::path(get, path = "/api/v1/projects/{id}/files/{fileId}/versions", tag = "projects",
    params(("id" = Uuid, Path), ("fileId" = Uuid, Path)),
    responses((status = 200, body = Vec<VersionDto>), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn list_versions(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Vec<VersionDto>>> {
    let versions = state.projects.versions(me.user_id, id, file_id).await?;
    Ok(Json(versions.into_iter().map(VersionDto::from).collect()))
}

/// One version with its content.
#[utoipa::path(get, path = "/api/v1/projects/{id}/files/{fileId}/versions/{versionNumber}", tag = "projects",
    params(("id" = Uuid, Path), ("fileId" = Uuid, Path), ("versionNumber" = i32, Path)),
    responses((status = 200, body = VersionDto), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn get_version(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, file_id, number)): Path<(Uuid, Uuid, i32)>,
) -> ApiResult<Json<VersionDto>> {
    let (version, content) = state
        .projects
        .version(me.user_id, id, file_id, number)
        .await?;
    Ok(Json(VersionDto {
        content: Some(content),
        ..version.into()
    }))
}

/// A unified diff between two kept versions.
#[utoipa::path(get, path = "/api/v1/projects/{id}/files/{fileId}/versions/{versionNumber}/diff", tag = "projects",
    params(("id" = Uuid, Path), ("fileId" = Uuid, Path), ("versionNumber" = i32, Path), DiffQuery),
    responses((status = 200, body = DiffDto), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn diff_version(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, file_id, number)): Path<(Uuid, Uuid, i32)>,
    Query(query): Query<DiffQuery>,
) -> ApiResult<Json<DiffDto>> {
    let (against, diff) = state
        .projects
        .diff(me.user_id, id, file_id, number, query.against)
        .await?;
    Ok(Json(DiffDto {
        version_number: number,
        against,
        diff,
    }))
}

/// Restore a version: its content is saved as a new version (so this can be undone).
#[utoipa::path(post, path = "/api/v1/projects/{id}/files/{fileId}/versions/{versionNumber}/restore", tag = "projects",
    params(("id" = Uuid, Path), ("fileId" = Uuid, Path), ("versionNumber" = i32, Path)),
    responses((status = 200, body = ProjectFileDto), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn restore_version(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, file_id, number)): Path<(Uuid, Uuid, i32)>,
) -> ApiResult<Json<ProjectFileDto>> {
    let file = state
        .projects
        .restore_version(me.user_id, id, file_id, number)
        .await?;
    Ok(Json(ProjectFileDto::meta(file)))
}

/// Run the project in the sandbox from its entry (or `entry`).
#[utoipa::path(post, path = "/api/v1/projects/{id}/run", tag = "projects", params(("id" = Uuid, Path)),
    request_body = RunProjectRequest,
    responses((status = 200, body = ExecutionResponse), (status = 404, body = Problem), (status = 422, body = Problem),
              (status = 429, body = Problem, description = "rate_limited"), (status = 503, body = Problem)),
    security(("bearer" = [])))]
async fn run_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    body: Bytes,
) -> ApiResult<Json<ExecutionResponse>> {
    // The body is optional: `{}` and nothing at all both run the entry without input.
    let body: RunProjectRequest = if body.iter().all(u8::is_ascii_whitespace) {
        RunProjectRequest::default()
    } else {
        crate::extract::parse_json(&body)?
    };
    if body.stdin.as_ref().is_some_and(|s| s.len() > 65536) {
        return Err(ApiError::field("stdin", "must be at most 64 KiB"));
    }
    let report = state
        .projects
        .run(me.user_id, id, body.entry, body.stdin.unwrap_or_default())
        .await?;
    Ok(Json(report.into()))
}

/// Create a read-only share link (a new token each time; the old one stops working).
#[utoipa::path(post, path = "/api/v1/projects/{id}/share", tag = "projects", params(("id" = Uuid, Path)),
    responses((status = 200, body = ShareDto), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn share_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ShareDto>> {
    let token = state.projects.share(me.user_id, id).await?;
    Ok(Json(ShareDto {
        url: share_url(&token),
        token,
    }))
}

/// Revoke the share link.
#[utoipa::path(delete, path = "/api/v1/projects/{id}/share", tag = "projects", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn unshare_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    state.projects.unshare(me.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn zip_name(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "project.zip".to_owned()
    } else {
        format!("{}.zip", &slug[..slug.len().min(60)])
    }
}

/// The project's files as a zip download.
#[utoipa::path(get, path = "/api/v1/projects/{id}/export", tag = "projects", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn export_project(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let (project, zip) = state.projects.export_zip(me.user_id, id).await?;
    let disposition = format!("attachment; filename=\"{}\"", zip_name(&project.title));
    let mut response = zip.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// A shared project, read-only, with its author and every file's content. No login
/// needed; a revoked or unknown token, a project in the trash or a deleted account's
/// project is 404.
#[utoipa::path(get, path = "/api/v1/shared/{token}", tag = "projects", params(("token" = String, Path)),
    responses((status = 200, body = SharedProjectDto), (status = 404, body = Problem)))]
async fn get_shared(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Json<SharedProjectDto>> {
    let shared = state.projects.shared(&token).await?;
    Ok(Json(SharedProjectDto {
        author: SharedAuthorDto::from(&shared.owner),
        project: ProjectDto::public(shared.project),
        files: shared
            .files
            .into_iter()
            .map(ProjectFileDto::loaded)
            .collect(),
    }))
}

/// Copy a shared project into a new private project of the caller, with every file
/// (each at version 1). The caller's limits apply as to any project they create; a
/// revoked or unknown token, a trashed project or a deleted account is 404.
#[utoipa::path(post, path = "/api/v1/shared/{token}/copy", tag = "projects", params(("token" = String, Path)),
    responses((status = 201, body = ProjectDto), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 413, body = Problem, description = "project_too_large, too_many_files, storage_quota_exceeded")),
    security(("bearer" = [])))]
async fn copy_shared(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(token): Path<String>,
) -> ApiResult<(StatusCode, Json<ProjectDto>)> {
    let project = state.projects.copy_shared(me.user_id, &token).await?;
    Ok((StatusCode::CREATED, Json(ProjectDto::owner(project))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_names_are_safe() {
        assert_eq!(zip_name("My Project!"), "my-project.zip");
        assert_eq!(zip_name("../../"), "project.zip");
    }
}
