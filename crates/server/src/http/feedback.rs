//! `POST /api/v1/feedback`: a signed-in learner reports a bug, an idea or a content
//! problem, optionally about one lesson or exercise and with a 1–5 rating; admins triage
//! it under `/api/v1/admin/feedback`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use codestead_curriculum::Curriculum;
use codestead_store::portfolio::{Feedback, NewFeedback, RelatedEntity};

use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{CurrentUser, ValidJson};
use crate::state::AppState;

pub const KINDS: [&str; 4] = ["bug", "idea", "content", "other"];
pub const STATUSES: [&str; 5] = ["new", "triaged", "planned", "done", "wontfix"];

pub fn router() -> Router<AppState> {
    Router::new().route("/feedback", post(create_feedback))
}

#[derive(OpenApi)]
#[openapi(
    paths(create_feedback),
    components(schemas(
        FeedbackRequest,
        RelatedEntityRequest,
        FeedbackDto,
        RelatedEntityDto,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeedbackRequest {
    /// `bug`, `idea`, `content` or `other`.
    #[garde(custom(valid_kind))]
    pub kind: String,
    /// 1 to 5000 characters (not only white space).
    #[garde(custom(valid_message))]
    pub message: String,
    /// The app page or URL the feedback is about.
    #[garde(inner(length(max = 500)))]
    pub page: Option<String>,
    /// 1 to 5.
    #[garde(inner(range(min = 1, max = 5)))]
    #[schema(minimum = 1, maximum = 5)]
    pub rating: Option<i32>,
    /// The lesson or exercise the feedback is about.
    #[garde(skip)]
    pub related_entity: Option<RelatedEntityRequest>,
}

/// A curriculum item: `type` is `lesson` or `exercise`, `id` its id (or slug).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedEntityRequest {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
}

/// The item a request names, checked against the curriculum: an unknown type or item, or
/// an item of another type, is a 422 naming the field.
fn related_entity(
    curriculum: &Curriculum,
    request: &RelatedEntityRequest,
) -> ApiResult<RelatedEntity> {
    if !["lesson", "exercise"].contains(&request.kind.as_str()) {
        return Err(ApiError::field(
            "relatedEntity.type",
            "must be lesson or exercise",
        ));
    }
    let id = request.id.trim();
    let item = uuid::Uuid::parse_str(id)
        .ok()
        .and_then(|id| curriculum.item_by_id(id))
        .or_else(|| curriculum.item(id))
        .filter(|item| item.kind.id() == request.kind)
        .ok_or_else(|| {
            ApiError::field(
                "relatedEntity.id",
                format!("there is no {} with this id", request.kind),
            )
        })?;
    Ok(RelatedEntity {
        kind: request.kind.clone(),
        id: item.id,
    })
}

fn valid_kind(value: &str, _: &()) -> garde::Result {
    if KINDS.contains(&value) {
        Ok(())
    } else {
        Err(garde::Error::new("must be bug, idea, content or other"))
    }
}

fn valid_message(value: &str, _: &()) -> garde::Result {
    let chars = value.trim().chars().count();
    if chars == 0 {
        Err(garde::Error::new("must not be empty"))
    } else if value.chars().count() > 5000 {
        Err(garde::Error::new("must be at most 5000 characters"))
    } else {
        Ok(())
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackDto {
    pub id: Uuid,
    /// The author; null once their account is purged.
    pub user_id: Option<Uuid>,
    pub kind: String,
    pub message: String,
    pub page: Option<String>,
    /// `new`, `triaged`, `planned`, `done` or `wontfix`.
    pub status: String,
    pub admin_note: Option<String>,
    /// 1 to 5, when the author gave one.
    pub rating: Option<i32>,
    pub related_entity: Option<RelatedEntityDto>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The item feedback is about, with what a link to it needs.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RelatedEntityDto {
    /// `lesson` or `exercise`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Uuid,
    /// Null when the item is no longer in the curriculum.
    pub slug: Option<String>,
    pub title: Option<String>,
}

impl FeedbackDto {
    pub fn new(f: Feedback, curriculum: &Curriculum) -> Self {
        let related_entity = f.related.map(|r| {
            let item = curriculum.item_by_id(r.id);
            RelatedEntityDto {
                kind: r.kind,
                id: r.id,
                slug: item.map(|i| i.slug.clone()),
                title: item.map(|i| i.title.clone()),
            }
        });
        Self {
            id: f.id,
            user_id: f.user_id,
            kind: f.kind,
            message: f.message,
            page: f.page,
            status: f.status,
            admin_note: f.admin_note,
            rating: f.rating,
            related_entity,
            created_at: f.created_at,
            updated_at: f.updated_at,
        }
    }
}

/// Send feedback to the operators.
#[utoipa::path(post, path = "/api/v1/feedback", tag = "feedback", request_body = FeedbackRequest,
    responses((status = 201, body = FeedbackDto), (status = 401, body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)),
    security(("bearer" = [])))]
async fn create_feedback(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    ValidJson(body): ValidJson<FeedbackRequest>,
) -> ApiResult<(StatusCode, Json<FeedbackDto>)> {
    let related = body
        .related_entity
        .as_ref()
        .map(|r| related_entity(state.learning.curriculum(), r))
        .transpose()?;
    let page = body
        .page
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    let created = state
        .store
        .create_feedback(
            NewFeedback {
                user_id: Some(principal.user_id),
                kind: body.kind,
                message: body.message.trim().to_owned(),
                page,
                rating: body.rating,
                related,
            },
            state.clock.now(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(FeedbackDto::new(created, state.learning.curriculum())),
    ))
}
