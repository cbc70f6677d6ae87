//! `/api/v1/drafts`: the code a learner is still writing — an exercise's, a playground
//! tab's, a project file's unsaved edits — kept on the server so it follows them to any
//! browser and survives logout.
//! The browser keeps a copy only as a cache. Drafts are private to their learner, go
//! into the data export, and are deleted with the account.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use codestead_sandbox::Language;
use codestead_store::StoreError;
use codestead_store::drafts::Draft;

use crate::domain::ErrorCode;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{CurrentUser, ValidJson};
use crate::state::AppState;

/// Enough for every exercise and playground tab a learner keeps; a bound on what one
/// account can store this way.
pub const MAX_DRAFTS_PER_LEARNER: u64 = 500;

pub fn router() -> Router<AppState> {
    Router::new().route("/drafts", get(list_drafts)).route(
        "/drafts/{key}",
        get(get_draft).put(put_draft).delete(delete_draft),
    )
}

#[derive(OpenApi)]
#[openapi(
    paths(list_drafts, get_draft, put_draft, delete_draft),
    components(schemas(DraftRequest, DraftDto, Problem))
)]
pub struct Api;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DraftRequest {
    /// `python`, `javascript`, `java` or `cpp`; for a project file's draft also `text`
    /// (a README, a data file).
    #[garde(custom(valid_language))]
    pub language: String,
    /// At most 65536 bytes (the bound on the code of one run); a project file's draft
    /// at most 262144 bytes.
    #[garde(length(max = PROJECT_DRAFT_MAX_BYTES))]
    pub code: String,
}

/// The most code an exercise or playground draft holds: the bound on one run's code.
pub const DRAFT_MAX_BYTES: usize = 65536;
/// The most a project file's draft holds: what a project keeps inline in its row
/// (larger files go to blob storage, drafts do not). The editor keeps no draft of a
/// larger file and says so.
pub const PROJECT_DRAFT_MAX_BYTES: usize = crate::projects::INLINE_MAX_BYTES;

fn valid_language(value: &str, _: &()) -> garde::Result {
    if value == "text" || value.parse::<Language>().is_ok() {
        Ok(())
    } else {
        Err(garde::Error::new(
            "must be python, javascript, java or cpp (or text, for a project file)",
        ))
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DraftDto {
    pub key: String,
    pub language: String,
    pub code: String,
    pub updated_at: DateTime<Utc>,
}

impl From<Draft> for DraftDto {
    fn from(d: Draft) -> Self {
        Self {
            key: d.key,
            language: d.language,
            code: d.code,
            updated_at: d.updated_at,
        }
    }
}

/// A checked draft key.
enum DraftKey<'a> {
    /// `exercise:<slug>` or `playground:<language>`: names only, nothing to own.
    Named(&'a str),
    /// `project:<projectId>.<fileId>`: a file of one of the caller's projects.
    ProjectFile {
        key: &'a str,
        project_id: Uuid,
        file_id: Uuid,
    },
}

impl<'a> DraftKey<'a> {
    fn as_str(&self) -> &'a str {
        match self {
            DraftKey::Named(key) | DraftKey::ProjectFile { key, .. } => key,
        }
    }
}

const KEY_RULE: &str = "must be exercise: or playground: followed by 1 to 100 letters, digits, '.', '_' or '-', \
     or project:<projectId>.<fileId> (two ids in lower-case hyphenated form)";

/// A draft key names what the code is for: `exercise:<slug>`, `playground:<language>`
/// (a kind, then 1 to 100 letters, digits, `.`, `_` or `-`, with no `..`) or
/// `project:<projectId>.<fileId>` (a project file's unsaved edits, one canonical spelling
/// per file so two spellings cannot hold two drafts of it). Anything else is refused:
/// keys stay names, never paths or markup.
fn checked_key(key: &str) -> ApiResult<DraftKey<'_>> {
    let refused = || ApiError::field("key", KEY_RULE);
    let (kind, rest) = key.split_once(':').ok_or_else(refused)?;
    match kind {
        "exercise" | "playground" => {
            let valid = !rest.is_empty()
                && rest.len() <= 100
                && !rest.contains("..")
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
            valid.then_some(DraftKey::Named(key)).ok_or_else(refused)
        }
        "project" => {
            let (project, file) = rest.split_once('.').ok_or_else(refused)?;
            let project_id = Uuid::try_parse(project).map_err(|_| refused())?;
            let file_id = Uuid::try_parse(file).map_err(|_| refused())?;
            if key != crate::projects::file_draft_key(project_id, file_id) {
                return Err(refused());
            }
            Ok(DraftKey::ProjectFile {
                key,
                project_id,
                file_id,
            })
        }
        _ => Err(refused()),
    }
}

/// A checked key the caller may use: a project file's key must name a file of one of
/// their own live projects (another learner's ids, a deleted file or a trashed project
/// answer 404, like every project route).
async fn owned_key<'a>(state: &AppState, user_id: Uuid, key: &'a str) -> ApiResult<DraftKey<'a>> {
    let key = checked_key(key)?;
    if let DraftKey::ProjectFile {
        project_id,
        file_id,
        ..
    } = key
    {
        state
            .projects
            .file_meta(user_id, project_id, file_id)
            .await?;
    }
    Ok(key)
}

/// The caller's drafts, most recently changed first.
#[utoipa::path(get, path = "/api/v1/drafts", tag = "drafts",
    responses((status = 200, body = Vec<DraftDto>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn list_drafts(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<DraftDto>>> {
    let drafts = state.store.list_drafts(me.user_id).await?;
    Ok(Json(drafts.into_iter().map(DraftDto::from).collect()))
}

/// One draft of the caller.
#[utoipa::path(get, path = "/api/v1/drafts/{key}", tag = "drafts", params(("key" = String, Path)),
    responses((status = 200, body = DraftDto), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn get_draft(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(key): Path<String>,
) -> ApiResult<Json<DraftDto>> {
    let key = owned_key(&state, me.user_id, &key).await?.as_str();
    let draft = state
        .store
        .get_draft(me.user_id, key)
        .await?
        .ok_or_else(|| ApiError::not_found("There is no draft under this key."))?;
    Ok(Json(draft.into()))
}

/// Creates or replaces a draft (the last write wins).
#[utoipa::path(put, path = "/api/v1/drafts/{key}", tag = "drafts", params(("key" = String, Path)),
    request_body = DraftRequest,
    responses((status = 200, body = DraftDto), (status = 404, body = Problem, description = "a project key naming no file of the caller's"),
              (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn put_draft(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(key): Path<String>,
    ValidJson(body): ValidJson<DraftRequest>,
) -> ApiResult<Json<DraftDto>> {
    let key = owned_key(&state, me.user_id, &key).await?;
    let (max_bytes, text_allowed) = match key {
        DraftKey::Named(_) => (DRAFT_MAX_BYTES, false),
        DraftKey::ProjectFile { .. } => (PROJECT_DRAFT_MAX_BYTES, true),
    };
    if body.language == "text" && !text_allowed {
        return Err(ApiError::field(
            "language",
            "must be python, javascript, java or cpp",
        ));
    }
    if body.code.len() > max_bytes {
        return Err(ApiError::field(
            "code",
            format!("must be at most {max_bytes} bytes"),
        ));
    }
    let draft = state
        .store
        .put_draft_bounded(
            me.user_id,
            key.as_str(),
            &body.language,
            &body.code,
            state.clock.now(),
            MAX_DRAFTS_PER_LEARNER,
        )
        .await
        .map_err(|err| match err {
            StoreError::Limit { .. } => ApiError::conflict(
                ErrorCode::DraftLimit,
                "key",
                format!(
                    "You have {MAX_DRAFTS_PER_LEARNER} drafts, the most one account keeps; delete one (or reset an exercise) first."
                ),
            ),
            other => other.into(),
        })?;
    Ok(Json(draft.into()))
}

/// Deletes a draft (an exercise reset to its starter code, a project file's edits
/// discarded). Saving a project file deletes its draft by itself.
#[utoipa::path(delete, path = "/api/v1/drafts/{key}", tag = "drafts", params(("key" = String, Path)),
    responses((status = 204), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn delete_draft(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(key): Path<String>,
) -> ApiResult<StatusCode> {
    let key = owned_key(&state, me.user_id, &key).await?.as_str();
    if !state.store.delete_draft(me.user_id, key).await? {
        return Err(ApiError::not_found("There is no draft under this key."));
    }
    Ok(StatusCode::NO_CONTENT)
}
