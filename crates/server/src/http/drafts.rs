//! `/api/v1/drafts`: the code a learner is still writing — an exercise's, a playground
//! tab's — kept on the server so it follows them to any browser and survives logout.
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

use codestead_sandbox::Language;
use codestead_store::drafts::Draft;

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
    /// `python`, `javascript`, `java` or `cpp`.
    #[garde(custom(valid_language))]
    pub language: String,
    /// At most 65536 bytes, the bound on the code of one run.
    #[garde(length(max = 65536))]
    pub code: String,
}

fn valid_language(value: &str, _: &()) -> garde::Result {
    value
        .parse::<Language>()
        .map(|_| ())
        .map_err(|_| garde::Error::new("must be python, javascript, java or cpp"))
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

/// A draft key names what the code is for: `exercise:<slug>`, `playground:<language>` or
/// `project:<id>`: a kind, then 1 to 100 letters, digits, `.`, `_` or `-`, with no `..`.
/// Anything else is refused: keys stay names, never paths or markup.
fn checked_key(key: &str) -> ApiResult<&str> {
    let valid = key.split_once(':').is_some_and(|(kind, rest)| {
        matches!(kind, "exercise" | "playground" | "project")
            && !rest.is_empty()
            && rest.len() <= 100
            && !rest.contains("..")
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    });
    if valid {
        Ok(key)
    } else {
        Err(ApiError::field(
            "key",
            "must be exercise:, playground: or project: followed by 1 to 100 letters, digits, '.', '_' or '-'",
        ))
    }
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
    let key = checked_key(&key)?;
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
    responses((status = 200, body = DraftDto), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn put_draft(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(key): Path<String>,
    ValidJson(body): ValidJson<DraftRequest>,
) -> ApiResult<Json<DraftDto>> {
    let key = checked_key(&key)?;
    let exists = state.store.get_draft(me.user_id, key).await?.is_some();
    if !exists && state.store.count_drafts(me.user_id).await? >= MAX_DRAFTS_PER_LEARNER {
        return Err(ApiError::conflict(
            "draft_limit",
            "key",
            format!(
                "You have {MAX_DRAFTS_PER_LEARNER} drafts, the most one account keeps; delete one (or reset an exercise) first."
            ),
        ));
    }
    let draft = state
        .store
        .put_draft(
            me.user_id,
            key,
            &body.language,
            &body.code,
            state.clock.now(),
        )
        .await?;
    Ok(Json(draft.into()))
}

/// Deletes a draft (an exercise reset to its starter code).
#[utoipa::path(delete, path = "/api/v1/drafts/{key}", tag = "drafts", params(("key" = String, Path)),
    responses((status = 204), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn delete_draft(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(key): Path<String>,
) -> ApiResult<StatusCode> {
    let key = checked_key(&key)?;
    if !state.store.delete_draft(me.user_id, key).await? {
        return Err(ApiError::not_found("There is no draft under this key."));
    }
    Ok(StatusCode::NO_CONTENT)
}
