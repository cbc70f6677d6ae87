//! The caller's own portfolio data: `/api/v1/me/analytics` (how they learn) and
//! `/api/v1/me/export` (a zip of everything stored about them).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::Duration;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::error::{ApiResult, Problem};
use crate::extract::CurrentUser;
use crate::http::admin::{DayCountDto, RunCountDto, day_series};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/analytics", get(get_analytics))
        .route("/me/export", get(export_data))
}

#[derive(OpenApi)]
#[openapi(
    paths(get_analytics, export_data),
    components(schemas(AnalyticsDto, TutorUseDto, CompletionsDto, Problem))
)]
pub struct Api;

const SERIES_DAYS: i64 = 30;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TutorUseDto {
    /// Questions asked, ever.
    pub messages: i64,
    /// Questions per day, the last 30 days, oldest first.
    pub per_day: Vec<DayCountDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompletionsDto {
    pub total: i64,
    /// The last 30 days, oldest first.
    pub per_day: Vec<DayCountDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsDto {
    /// Time spent on lessons and exercises, as reported by the app.
    pub time_spent_seconds: i64,
    /// Runs per language and outcome.
    pub runs: Vec<RunCountDto>,
    pub tutor: TutorUseDto,
    pub completions: CompletionsDto,
}

/// The caller's learning analytics.
#[utoipa::path(get, path = "/api/v1/me/analytics", tag = "me",
    responses((status = 200, body = AnalyticsDto), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn get_analytics(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> ApiResult<Json<AnalyticsDto>> {
    let now = state.clock.now();
    let since = (now - Duration::days(SERIES_DAYS - 1))
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc();
    let stats = state.store.learner_stats(principal.user_id, since).await?;
    Ok(Json(AnalyticsDto {
        time_spent_seconds: stats.time_spent_seconds,
        runs: stats.runs.into_iter().map(Into::into).collect(),
        tutor: TutorUseDto {
            messages: stats.tutor_messages,
            per_day: day_series(&stats.tutor_per_day, since, now),
        },
        completions: CompletionsDto {
            total: stats.completions_total,
            per_day: day_series(&stats.completions_per_day, since, now),
        },
    }))
}

/// Download everything stored about the caller as a zip: `profile.json`,
/// `progress.json`, `submissions.json`, `executions.json`, `tutor/conversations.json`,
/// and `projects/<title>/…` with each project's files and `versions.json`.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "me",
    responses((status = 200, content_type = "application/zip", body = Vec<u8>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn export_data(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> ApiResult<Response> {
    let bytes = state.portfolio.export(principal.user_id).await?;
    let name = format!(
        "attachment; filename=\"codestead-export-{}.zip\"",
        state.clock.now().format("%Y-%m-%d")
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&name).unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}
