//! `/api/v1/admin/*`: platform statistics, feedback triage, the mail outbox and user roles.
//! Administrators only (`users.role = admin`); anyone else gets 403 `admin_only`.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::routing::{get, patch, put};
use axum::{Json, Router};
use chrono::{DateTime, Duration, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use codestead_store::portfolio::{FeedbackPatch, RunCount};

use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{AdminUser, ValidJson};
use crate::http::feedback::{FeedbackDto, STATUSES};
use crate::portfolio::{dense_days, outbox};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/stats", get(get_stats))
        .route("/admin/feedback", get(list_feedback))
        .route("/admin/feedback/{id}", patch(update_feedback))
        .route("/admin/outbox", get(list_outbox))
        .route("/admin/users/{id}/role", put(set_user_role))
}

#[derive(OpenApi)]
#[openapi(
    paths(get_stats, list_feedback, update_feedback, list_outbox, set_user_role),
    components(schemas(
        StatsDto,
        UserStatsDto,
        RunCountDto,
        DayCountDto,
        TutorStatsDto,
        CompletionStatsDto,
        FeedbackPage,
        FeedbackPatchRequest,
        OutboxDto,
        OutboxMailDto,
        RoleRequest,
        Problem
    ))
)]
pub struct Api;

/// Days covered by the per-day series.
const SERIES_DAYS: i64 = 30;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserStatsDto {
    pub total: i64,
    pub verified: i64,
    /// Signed-in users seen in the last 7 days.
    pub active7d: i64,
    pub active30d: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RunCountDto {
    pub language: String,
    pub status: String,
    pub count: i64,
}

impl From<RunCount> for RunCountDto {
    fn from(r: RunCount) -> Self {
        Self {
            language: r.language,
            status: r.status,
            count: r.count,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DayCountDto {
    /// `YYYY-MM-DD` (UTC).
    pub date: String,
    pub count: i64,
}

pub fn day_series(
    sparse: &[codestead_store::portfolio::DayCount],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<DayCountDto> {
    dense_days(sparse, from, to)
        .into_iter()
        .map(|d| DayCountDto {
            date: d.date,
            count: d.count,
        })
        .collect()
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TutorStatsDto {
    /// Questions asked.
    pub messages: i64,
    pub conversations: i64,
    /// Answers per provider (`offline`, `openai`, …).
    pub by_provider: BTreeMap<String, i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompletionStatsDto {
    pub total: i64,
    /// The last 30 days, one entry per day, oldest first.
    pub per_day: Vec<DayCountDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatsDto {
    pub users: UserStatsDto,
    /// All runs ever, per language and outcome.
    pub runs_by_language: Vec<RunCountDto>,
    /// The last 30 days, one entry per day, oldest first.
    pub runs_per_day: Vec<DayCountDto>,
    pub tutor: TutorStatsDto,
    pub completions: CompletionStatsDto,
}

/// Platform statistics, aggregated in the database.
// The operation id must differ from the learner's `/progress/stats` (`get_stats`): the generated
// web types (and any OpenAPI client) need unique ids.
#[utoipa::path(get, path = "/api/v1/admin/stats", tag = "admin", operation_id = "get_admin_stats",
    responses((status = 200, body = StatsDto), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn get_stats(State(state): State<AppState>, _: AdminUser) -> ApiResult<Json<StatsDto>> {
    let now = state.clock.now();
    let since = (now - Duration::days(SERIES_DAYS - 1))
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc();
    let stats = state.store.platform_stats(now, since).await?;
    Ok(Json(StatsDto {
        users: UserStatsDto {
            total: stats.users.total,
            verified: stats.users.verified,
            active7d: stats.users.active_7d,
            active30d: stats.users.active_30d,
        },
        runs_by_language: stats.runs_by_language.into_iter().map(Into::into).collect(),
        runs_per_day: day_series(&stats.runs_per_day, since, now),
        tutor: TutorStatsDto {
            messages: stats.tutor.messages,
            conversations: stats.tutor.conversations,
            by_provider: stats.tutor.by_provider,
        },
        completions: CompletionStatsDto {
            total: stats.completions_total,
            per_day: day_series(&stats.completions_per_day, since, now),
        },
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackQuery {
    /// Only this status.
    pub status: Option<String>,
    /// From 1.
    pub page: Option<u64>,
    /// 1 to 100, default 20.
    pub per_page: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackPage {
    pub items: Vec<FeedbackDto>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// Feedback, newest first.
#[utoipa::path(get, path = "/api/v1/admin/feedback", tag = "admin", params(FeedbackQuery),
    responses((status = 200, body = FeedbackPage), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn list_feedback(
    State(state): State<AppState>,
    _: AdminUser,
    Query(q): Query<FeedbackQuery>,
) -> ApiResult<Json<FeedbackPage>> {
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(20);
    if page == 0 {
        return Err(ApiError::field("page", "starts at 1"));
    }
    if !(1..=100).contains(&per_page) {
        return Err(ApiError::field("perPage", "must be between 1 and 100"));
    }
    if let Some(status) = &q.status
        && !STATUSES.contains(&status.as_str())
    {
        return Err(ApiError::field(
            "status",
            "must be new, triaged, planned, done or wontfix",
        ));
    }
    let (items, total) = state
        .store
        .list_feedback(q.status.as_deref(), page, per_page)
        .await?;
    Ok(Json(FeedbackPage {
        items: items
            .into_iter()
            .map(|f| FeedbackDto::new(f, state.learning.curriculum()))
            .collect(),
        total,
        page,
        per_page,
    }))
}

/// Absent fields stay; an empty `adminNote` clears the note.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeedbackPatchRequest {
    #[garde(inner(custom(valid_status)))]
    pub status: Option<String>,
    #[garde(inner(length(max = 5000)))]
    pub admin_note: Option<String>,
}

fn valid_status(value: &str, _: &()) -> garde::Result {
    if STATUSES.contains(&value) {
        Ok(())
    } else {
        Err(garde::Error::new(
            "must be new, triaged, planned, done or wontfix",
        ))
    }
}

/// Triage one piece of feedback.
#[utoipa::path(patch, path = "/api/v1/admin/feedback/{id}", tag = "admin", request_body = FeedbackPatchRequest,
    params(("id" = Uuid, Path)),
    responses((status = 200, body = FeedbackDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn update_feedback(
    State(state): State<AppState>,
    _: AdminUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<FeedbackPatchRequest>,
) -> ApiResult<Json<FeedbackDto>> {
    let patch = FeedbackPatch {
        status: body.status,
        admin_note: body.admin_note.map(|n| {
            let n = n.trim().to_owned();
            (!n.is_empty()).then_some(n)
        }),
    };
    state
        .store
        .update_feedback(id, patch, state.clock.now())
        .await?
        .map(|f| Json(FeedbackDto::new(f, state.learning.curriculum())))
        .ok_or_else(|| ApiError::not_found("No such feedback."))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OutboxQuery {
    /// At most this many mails (1 to 200, default 50).
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMailDto {
    /// The file name in the outbox directory.
    pub id: String,
    pub to: String,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    /// The text part.
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxDto {
    /// `outbox` (mail is written to files, listed here) or `smtp` (sent; nothing kept).
    pub mode: String,
    /// Newest first.
    pub items: Vec<OutboxMailDto>,
}

/// The mail the server wrote to its outbox directory (the default when no SMTP server
/// is configured).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", params(OutboxQuery),
    responses((status = 200, body = OutboxDto), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn list_outbox(
    State(state): State<AppState>,
    _: AdminUser,
    Query(q): Query<OutboxQuery>,
) -> ApiResult<Json<OutboxDto>> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::field("limit", "must be between 1 and 200"));
    }
    if state.config.smtp_url.is_some() {
        return Ok(Json(OutboxDto {
            mode: "smtp".into(),
            items: Vec::new(),
        }));
    }
    let mails = outbox::list(&state.config.data_dir.join("outbox"), limit)
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(OutboxDto {
        mode: "outbox".into(),
        items: mails
            .into_iter()
            .map(|m| OutboxMailDto {
                id: m.id,
                to: m.to,
                subject: m.subject,
                created_at: m.created_at,
                body: m.body,
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    /// `user`, `teacher` or `admin`.
    #[garde(custom(valid_role))]
    pub role: String,
}

fn valid_role(value: &str, _: &()) -> garde::Result {
    if ["user", "teacher", "admin"].contains(&value) {
        Ok(())
    } else {
        Err(garde::Error::new("must be user, teacher or admin"))
    }
}

/// Set a user's role (`teacher` lets them run classes). Takes effect on their next
/// request: their cached sessions are dropped.
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/role", tag = "admin", request_body = RoleRequest,
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn set_user_role(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<RoleRequest>,
) -> ApiResult<axum::http::StatusCode> {
    let role = codestead_store::accounts::Role::parse(&body.role);
    if id == admin.user_id && role != codestead_store::accounts::Role::Admin {
        // The last way back in would be the command line; refuse rather than lock out.
        return Err(ApiError::field(
            "role",
            "you cannot take your own admin role away",
        ));
    }
    if state.store.find_user(id).await?.is_none() {
        return Err(ApiError::not_found("No such user."));
    }
    state.accounts.set_role(id, role).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
