//! `/api/v1/search`, `/progress/stats`, `/achievements`, `/recommendations`, `/dashboard`:
//! what the learner has done and what to do next, and full-text search of the content.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use codestead_store::search::SearchQuery;

use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::CurrentUser;
use crate::learning::insights::{
    AchievementDto, ActivityDto, Dashboard, DayActivity, DayCompletions, InProgressDto, ItemRef,
    Recommendation, Stats, Streak,
};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/search", get(search_content))
        .route("/progress/stats", get(get_stats))
        .route("/achievements", get(list_achievements))
        .route("/recommendations", get(list_recommendations))
        .route("/dashboard", get(get_dashboard))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        search_content,
        get_stats,
        list_achievements,
        list_recommendations,
        get_dashboard
    ),
    components(schemas(
        SearchResults,
        SearchItem,
        Stats,
        Streak,
        AchievementDto,
        Recommendation,
        ItemRef,
        Dashboard,
        DashboardResponse,
        InProgressDto,
        ActivityDto,
        DayActivity,
        DayCompletions,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct SearchParams {
    /// The words to find (1–200 characters).
    pub q: Option<String>,
    /// `lesson` or `exercise`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// A track slug.
    pub track: Option<String>,
    /// `beginner`, `intermediate` or `advanced`.
    pub difficulty: Option<String>,
    /// From 1 (default 1).
    pub page: Option<u64>,
    /// 1–50 (default 20).
    pub per_page: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchItem {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// HTML: escaped text with the matched words in `<mark>…</mark>`, no other markup.
    pub snippet: String,
    /// Relevance, higher first; comparable within one response only.
    pub score: f64,
    pub track: Option<String>,
    pub difficulty: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    pub items: Vec<SearchItem>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// When the words as typed matched nothing: the corrected words that were searched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected_query: Option<String>,
}

/// A query-parameter problem: 400 with the parameter named in `fields`.
fn bad_param(field: &str, message: &str) -> ApiError {
    let mut err = ApiError::validation(BTreeMap::from([(field.to_owned(), message.to_owned())]));
    err.status = StatusCode::BAD_REQUEST;
    err
}

fn one_of(field: &str, value: &Option<String>, allowed: &[&str]) -> ApiResult<()> {
    match value {
        Some(v) if !allowed.contains(&v.as_str()) => Err(bad_param(
            field,
            &format!("must be one of: {}", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// Full-text search of lessons and exercises, best match first; tolerates typos.
#[utoipa::path(get, path = "/api/v1/search", tag = "learning", params(SearchParams),
    responses((status = 200, body = SearchResults), (status = 400, body = Problem)))]
async fn search_content(
    State(state): State<AppState>,
    Query(p): Query<SearchParams>,
) -> ApiResult<Json<SearchResults>> {
    let q = p.q.as_deref().map(str::trim).unwrap_or("");
    if q.is_empty() || q.chars().count() > 200 {
        return Err(bad_param("q", "must be 1 to 200 characters"));
    }
    one_of("type", &p.kind, &["lesson", "exercise"])?;
    one_of(
        "difficulty",
        &p.difficulty,
        &["beginner", "intermediate", "advanced"],
    )?;
    if let Some(t) = &p.track
        && state.learning.curriculum().track(t).is_none()
    {
        return Err(bad_param("track", "is not a track"));
    }
    let page = p.page.unwrap_or(1);
    if page == 0 || page > 1000 {
        return Err(bad_param("page", "must be between 1 and 1000"));
    }
    let per_page = p.per_page.unwrap_or(20);
    if !(1..=50).contains(&per_page) {
        return Err(bad_param("perPage", "must be between 1 and 50"));
    }
    let found = state
        .insights
        .search(&SearchQuery {
            text: q,
            kind: p.kind.as_deref(),
            track: p.track.as_deref(),
            difficulty: p.difficulty.as_deref(),
            page,
            per_page,
        })
        .await?;
    Ok(Json(SearchResults {
        items: found
            .hits
            .into_iter()
            .map(|h| SearchItem {
                id: h.id,
                slug: h.slug,
                title: h.title,
                kind: h.kind,
                snippet: h.snippet,
                score: h.score,
                track: Some(h.track),
                difficulty: Some(h.difficulty),
            })
            .collect(),
        total: found.total,
        page,
        per_page,
        corrected_query: found.corrected,
    }))
}

/// The caller's totals: completions by type and track, time, submissions, pass rate.
#[utoipa::path(get, path = "/api/v1/progress/stats", tag = "learning", operation_id = "get_progress_stats",
    responses((status = 200, body = Stats), (status = 401, body = Problem)), security(("bearer" = [])))]
async fn get_stats(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Stats>> {
    Ok(Json(state.insights.stats(me.user_id).await?))
}

/// Every achievement, with when the caller earned it (`earnedAt` null if not yet).
#[utoipa::path(get, path = "/api/v1/achievements", tag = "learning",
    responses((status = 200, body = Vec<AchievementDto>), (status = 401, body = Problem)), security(("bearer" = [])))]
async fn list_achievements(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<AchievementDto>>> {
    Ok(Json(state.insights.achievements(me.user_id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RecommendationParams {
    /// 1–50 (default 10).
    pub limit: Option<usize>,
}

/// What to learn next, each with the reason it is suggested.
#[utoipa::path(get, path = "/api/v1/recommendations", tag = "learning", params(RecommendationParams),
    responses((status = 200, body = Vec<Recommendation>), (status = 400, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn list_recommendations(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Query(p): Query<RecommendationParams>,
) -> ApiResult<Json<Vec<Recommendation>>> {
    let limit = p.limit.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(bad_param("limit", "must be between 1 and 50"));
    }
    Ok(Json(
        state.insights.recommendations(me.user_id, limit).await?,
    ))
}

/// The dashboard and, beside it, the caller's class assignments still to do.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DashboardResponse {
    #[serde(flatten)]
    pub dashboard: Dashboard,
    /// Assignments of the caller's classes not done yet (opened ones), soonest due first.
    /// Not cached with the rest: a teacher's new assignment shows at once.
    pub assignments: Vec<crate::http::classrooms::MyAssignmentDto>,
}

/// Streak, counts, work in progress, recommendations, recent activity, achievements and
/// activity charts, in the caller's time zone; and the class assignments still to do.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "learning",
    responses((status = 200, body = DashboardResponse), (status = 401, body = Problem)), security(("bearer" = [])))]
async fn get_dashboard(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<DashboardResponse>> {
    let dashboard = state.insights.dashboard(me.user_id).await?;
    let assignments = state
        .classrooms
        .my_assignments(me.user_id)
        .await?
        .into_iter()
        .filter(|a| a.status != crate::classrooms::grid::CellStatus::Done)
        .map(|a| crate::http::classrooms::my_assignment_dto(&state, a))
        .collect();
    Ok(Json(DashboardResponse {
        dashboard,
        assignments,
    }))
}
