//! `POST /api/v1/feedback`: a signed-in learner reports a bug, an idea or a content
//! problem; admins triage it under `/api/v1/admin/feedback`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use codestead_store::portfolio::{Feedback, NewFeedback};

use crate::error::{ApiResult, Problem};
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
    components(schemas(FeedbackRequest, FeedbackDto, Problem))
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
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Feedback> for FeedbackDto {
    fn from(f: Feedback) -> Self {
        Self {
            id: f.id,
            user_id: f.user_id,
            kind: f.kind,
            message: f.message,
            page: f.page,
            status: f.status,
            admin_note: f.admin_note,
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
            },
            state.clock.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}
