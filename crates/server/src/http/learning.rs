//! `/api/v1/tracks`, `/content`, `/progress`, `/exercises/*/submissions`, `/bookmarks`:
//! the curriculum with the caller's progress, graded exercises and bookmarks.
//! Responses never carry a hidden test's input or expected output, or a reference solution; a
//! failed visible test shows its expected and actual output.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use codestead_curriculum::{Item, ItemKind, NotRunReason};
use codestead_store::learning::{Progress, ProgressUpdate};
use codestead_store::ratings::ItemStats;

use crate::domain::ErrorCode;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{CurrentUser, MaybeUser, ValidJson};
use crate::learning::LearningService;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tracks", get(list_tracks))
        .route("/tracks/{slug}", get(get_track))
        .route("/content", get(list_content))
        .route("/content/{id_or_slug}", get(get_content))
        .route("/content/{id_or_slug}/next", get(next_content))
        .route("/content/{id_or_slug}/quiz", post(answer_quiz))
        .route(
            "/content/{id_or_slug}/rating",
            put(rate_content).delete(unrate_content),
        )
        .route("/progress", get(list_progress))
        .route("/progress/{content_id}", put(update_progress))
        .route("/progress/{content_id}/complete", post(complete_content))
        .route(
            "/exercises/{id_or_slug}/submissions",
            post(submit_exercise).get(list_submissions),
        )
        .route("/bookmarks", get(list_bookmarks))
        .route(
            "/bookmarks/{content_id}",
            put(add_bookmark).delete(remove_bookmark),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_tracks,
        get_track,
        list_content,
        get_content,
        next_content,
        answer_quiz,
        rate_content,
        unrate_content,
        list_progress,
        update_progress,
        complete_content,
        submit_exercise,
        list_submissions,
        list_bookmarks,
        add_bookmark,
        remove_bookmark
    ),
    components(schemas(
        TrackSummary,
        TrackDetail,
        ModuleDto,
        ItemSummary,
        ContentPage,
        ContentDetail,
        QuizQuestionDto,
        QuizRequest,
        QuizFeedbackDto,
        ContentRatingRequest,
        ContentRatingDto,
        ProgressDto,
        ProgressRequest,
        SubmissionRequest,
        SubmissionResponse,
        TestResultDto,
        DidNotRunDto,
        RunLayoutDto,
        SubmissionExecution,
        AttemptDto,
        BookmarkDto,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrackSummary {
    pub slug: String,
    pub title: String,
    pub language: String,
    pub description: String,
    pub item_count: usize,
    pub completed_count: usize,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ItemSummary {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub difficulty: String,
    pub category: String,
    pub tags: Vec<String>,
    pub estimated_minutes: u32,
    pub track: String,
    /// The caller's progress (0 when anonymous or not started).
    pub progress_percentage: i32,
    pub completed: bool,
    /// A prerequisite is not completed yet.
    pub locked: bool,
    /// Slugs of the prerequisites still to complete.
    pub missing_prerequisites: Vec<String>,
    /// The mean of the learners' 1–5 ratings; null while nobody rated it (shown from the
    /// first rating, always with `ratingCount` beside it).
    pub average_rating: Option<f64>,
    pub rating_count: i64,
    /// Signed-in learners who opened it, once per learner and UTC day.
    pub view_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModuleDto {
    pub slug: String,
    pub title: String,
    pub items: Vec<ItemSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrackDetail {
    pub slug: String,
    pub title: String,
    pub language: String,
    pub description: String,
    pub modules: Vec<ModuleDto>,
    pub item_count: usize,
    pub completed_count: usize,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContentPage {
    pub items: Vec<ItemSummary>,
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuizQuestionDto {
    pub question: String,
    pub options: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContentDetail {
    #[serde(flatten)]
    pub summary: ItemSummary,
    pub prerequisites: Vec<String>,
    /// Markdown.
    pub body: String,
    pub quiz: Vec<QuizQuestionDto>,
    /// For exercises: `{language: source}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starter_code: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hints: Option<Vec<String>>,
    /// For exercises: the names of the tests (never their inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_names: Option<Vec<String>>,
    /// For exercises: how a submission lays out the files, so Run can run the learner's code
    /// the way the tests do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_layout: Option<RunLayoutDto>,
    pub bookmarked: bool,
    /// The caller's own rating, 1–5; null when anonymous or not rated.
    pub my_rating: Option<i32>,
}

/// The files of an exercise's program besides the learner's own. With a driver, the driver is
/// the entry and the learner's code goes in `learnerFile`; without one the learner's file is the
/// entry and `files` is empty. The driver is no secret: the learner's code runs beside it and
/// could print it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunLayoutDto {
    pub entry: String,
    pub learner_file: String,
    pub files: Vec<crate::http::executions::FileDto>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuizRequest {
    /// The chosen option per question, in order.
    #[garde(length(min = 1, max = 20))]
    pub answers: Vec<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuizFeedbackDto {
    pub correct: bool,
    pub explanation: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentRatingRequest {
    /// A whole number from 1 to 5.
    #[garde(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub rating: i32,
}

/// The caller's rating and the item's figures after it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContentRatingDto {
    pub content_id: Uuid,
    /// Null once withdrawn.
    pub my_rating: Option<i32>,
    pub average_rating: Option<f64>,
    pub rating_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProgressDto {
    pub content_id: Uuid,
    pub slug: String,
    pub progress_percentage: i32,
    pub time_spent_seconds: i64,
    pub completed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgressRequest {
    #[garde(range(min = 0, max = 100))]
    pub progress_percentage: i32,
    /// Total seconds spent on the item so far (the larger of stored and sent is kept).
    #[garde(range(min = 0, max = 10_000_000))]
    pub time_spent_seconds: i64,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionRequest {
    #[garde(length(min = 1, max = 20))]
    pub language: String,
    #[garde(length(max = 65536))]
    pub code: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestResultDto {
    pub name: String,
    pub passed: bool,
    /// Why the test failed; null when it passed or did not run.
    pub message: Option<String>,
    /// The program did not run (the submission's `didNotRun` says why), so neither did this
    /// test. Absent (false) in attempts stored before it existed.
    #[serde(default)]
    pub not_run: bool,
    /// A failed visible test's expected output, at most 4 KiB. Never set for a hidden test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What the program printed on a failed visible test, at most 4 KiB. Never set for a
    /// hidden test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// `expected` or `actual` was cut at 4 KiB.
    #[serde(default)]
    pub clipped: bool,
}

/// Why the program did not run at all, said once instead of under every test.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DidNotRunDto {
    /// `compile_error` or `syntax_error`.
    pub reason: String,
    /// "Your program did not run: it has a syntax error on line 3, …".
    pub message: String,
    /// The error's first line, as the compiler or runtime wrote it.
    pub error: String,
    /// 1-based line in the learner's code, when the error is there.
    pub line: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionExecution {
    pub status: String,
    pub stdout: String,
    pub stderr: String,
    pub compile_output: Option<String>,
    pub exit_code: Option<i32>,
    pub execution_time_ms: u64,
    pub memory_bytes: u64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionResponse {
    pub id: Uuid,
    pub passed: bool,
    pub tests: Vec<TestResultDto>,
    /// Set when the program did not run at all (it did not compile, or has a syntax error):
    /// every test is then `notRun`.
    pub did_not_run: Option<DidNotRunDto>,
    pub execution: SubmissionExecution,
    /// This attempt completed the item for the first time.
    pub completed: bool,
    pub next: Option<ItemSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttemptDto {
    pub id: Uuid,
    pub passed: bool,
    pub code: String,
    pub created_at: DateTime<Utc>,
    #[schema(value_type = Vec<TestResultDto>)]
    pub tests: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookmarkDto {
    pub created_at: DateTime<Utc>,
    pub item: ItemSummary,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct ContentQuery {
    pub category: Option<String>,
    pub difficulty: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub track: Option<String>,
    pub page: Option<usize>,
    pub per_page: Option<usize>,
}

fn summary(
    item: &Item,
    progress: &HashMap<Uuid, Progress>,
    completed: &std::collections::HashSet<String>,
    stats: &HashMap<Uuid, ItemStats>,
) -> ItemSummary {
    let p = progress.get(&item.id);
    let s = stats.get(&item.id).copied().unwrap_or_default();
    ItemSummary {
        id: item.id,
        slug: item.slug.clone(),
        title: item.title.clone(),
        kind: item.kind.id().to_owned(),
        difficulty: item.difficulty.id().to_owned(),
        category: item.category.clone(),
        tags: item.tags.clone(),
        estimated_minutes: item.estimated_minutes,
        track: item.track.clone(),
        progress_percentage: p.map_or(0, |p| p.progress_percentage),
        completed: p.is_some_and(|p| p.completed_at.is_some()),
        locked: LearningService::is_locked(item, completed),
        missing_prerequisites: item
            .prerequisites
            .iter()
            .filter(|p| !completed.contains(*p))
            .cloned()
            .collect(),
        average_rating: s.average(),
        rating_count: s.rating_count,
        view_count: s.view_count,
    }
}

fn user_id(user: &MaybeUser) -> Option<Uuid> {
    user.0.as_ref().map(|p| p.user_id)
}

/// Every track with the caller's completion counts.
#[utoipa::path(get, path = "/api/v1/tracks", tag = "learning", responses((status = 200, body = Vec<TrackSummary>)))]
async fn list_tracks(
    State(state): State<AppState>,
    user: MaybeUser,
) -> ApiResult<Json<Vec<TrackSummary>>> {
    let learning = &state.learning;
    let progress = learning.progress_map(user_id(&user)).await?;
    let curriculum = learning.curriculum();
    Ok(Json(
        curriculum
            .tracks
            .iter()
            .map(|t| {
                let items: Vec<&Item> = curriculum.track_items(t).collect();
                TrackSummary {
                    slug: t.slug.clone(),
                    title: t.title.clone(),
                    language: t.language.id().to_owned(),
                    description: t.description.clone(),
                    item_count: items.len(),
                    completed_count: items
                        .iter()
                        .filter(|i| {
                            progress
                                .get(&i.id)
                                .is_some_and(|p| p.completed_at.is_some())
                        })
                        .count(),
                }
            })
            .collect(),
    ))
}

/// A track's modules and items in path order, with progress and locks.
#[utoipa::path(get, path = "/api/v1/tracks/{slug}", tag = "learning", params(("slug" = String, Path)),
    responses((status = 200, body = TrackDetail), (status = 404, body = Problem)))]
async fn get_track(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(slug): Path<String>,
) -> ApiResult<Json<TrackDetail>> {
    let learning = &state.learning;
    let track = learning.track(&slug)?;
    let progress = learning.progress_map(user_id(&user)).await?;
    let completed = learning.completed_slugs(&progress);
    let curriculum = learning.curriculum();
    let stats = learning.stats(curriculum.track_items(track)).await?;
    let modules: Vec<ModuleDto> = track
        .modules
        .iter()
        .map(|m| ModuleDto {
            slug: m.slug.clone(),
            title: m.title.clone(),
            items: m
                .items
                .iter()
                .filter_map(|s| curriculum.item(s))
                .map(|i| summary(i, &progress, &completed, &stats))
                .collect(),
        })
        .collect();
    let item_count = modules.iter().map(|m| m.items.len()).sum();
    let completed_count = modules
        .iter()
        .flat_map(|m| &m.items)
        .filter(|i| i.completed)
        .count();
    Ok(Json(TrackDetail {
        slug: track.slug.clone(),
        title: track.title.clone(),
        language: track.language.id().to_owned(),
        description: track.description.clone(),
        modules,
        item_count,
        completed_count,
    }))
}

/// Filtered, paginated content.
#[utoipa::path(get, path = "/api/v1/content", tag = "learning", params(ContentQuery),
    responses((status = 200, body = ContentPage), (status = 422, body = Problem)))]
async fn list_content(
    State(state): State<AppState>,
    user: MaybeUser,
    Query(q): Query<ContentQuery>,
) -> ApiResult<Json<ContentPage>> {
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(20);
    if page == 0 {
        return Err(ApiError::field("page", "starts at 1"));
    }
    if !(1..=100).contains(&per_page) {
        return Err(ApiError::field("perPage", "must be between 1 and 100"));
    }
    if let Some(d) = &q.difficulty
        && !["beginner", "intermediate", "advanced"].contains(&d.as_str())
    {
        return Err(ApiError::field(
            "difficulty",
            "must be beginner, intermediate or advanced",
        ));
    }
    if let Some(k) = &q.kind
        && !["lesson", "exercise", "quiz"].contains(&k.as_str())
    {
        return Err(ApiError::field("type", "must be lesson, exercise or quiz"));
    }
    let learning = &state.learning;
    let progress = learning.progress_map(user_id(&user)).await?;
    let completed = learning.completed_slugs(&progress);
    let matching: Vec<&Item> = learning
        .curriculum()
        .items
        .iter()
        .filter(|i| q.category.as_ref().is_none_or(|c| &i.category == c))
        .filter(|i| q.difficulty.as_ref().is_none_or(|d| i.difficulty.id() == d))
        .filter(|i| q.kind.as_ref().is_none_or(|k| i.kind.id() == k))
        .filter(|i| q.tag.as_ref().is_none_or(|t| i.tags.contains(t)))
        .filter(|i| q.track.as_ref().is_none_or(|t| &i.track == t))
        .collect();
    let total = matching.len();
    let shown: Vec<&Item> = matching
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let stats = learning.stats(shown.iter().copied()).await?;
    let items = shown
        .into_iter()
        .map(|i| summary(i, &progress, &completed, &stats))
        .collect();
    Ok(Json(ContentPage {
        items,
        total,
        page,
        per_page,
    }))
}

/// The submission's layout of `exercise` without the learner's file (which is last in it).
fn run_layout(exercise: &codestead_curriculum::Exercise) -> RunLayoutDto {
    let mut request = codestead_curriculum::submission_request(exercise, "");
    let learner = request.files.pop().map(|f| f.path).unwrap_or_default();
    RunLayoutDto {
        entry: request.entry.unwrap_or_else(|| learner.clone()),
        learner_file: learner,
        files: request
            .files
            .into_iter()
            .map(|f| crate::http::executions::FileDto {
                path: f.path,
                content: f.content,
            })
            .collect(),
    }
}

/// A lesson or exercise by id or slug. Never the tests' source or the reference solution.
#[utoipa::path(get, path = "/api/v1/content/{idOrSlug}", tag = "learning", params(("idOrSlug" = String, Path)),
    responses((status = 200, body = ContentDetail), (status = 404, body = Problem)))]
async fn get_content(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id_or_slug): Path<String>,
) -> ApiResult<Json<ContentDetail>> {
    let learning = &state.learning;
    let item = learning.find(&id_or_slug)?;
    let progress = learning.progress_map(user_id(&user)).await?;
    let completed = learning.completed_slugs(&progress);
    let bookmarked = match user_id(&user) {
        Some(u) => learning
            .bookmarks(u)
            .await?
            .iter()
            .any(|(i, _)| i.id == item.id),
        None => false,
    };
    if let Some(u) = user_id(&user) {
        learning.record_view(u, item).await;
    }
    let stats = learning.stats([item]).await?;
    let my_rating = learning.my_rating(user_id(&user), item).await?;
    let exercise = item
        .exercise
        .as_ref()
        .filter(|_| item.kind == ItemKind::Exercise);
    Ok(Json(ContentDetail {
        summary: summary(item, &progress, &completed, &stats),
        prerequisites: item.prerequisites.clone(),
        body: item.body.clone(),
        quiz: item
            .quiz
            .iter()
            .map(|q| QuizQuestionDto {
                question: q.question.clone(),
                options: q.options.clone(),
            })
            .collect(),
        starter_code: exercise
            .map(|e| BTreeMap::from([(e.language.id().to_owned(), e.starter.clone())])),
        hints: exercise.map(|e| e.hints.clone()),
        test_names: exercise.map(|e| e.tests.iter().map(|t| t.name.clone()).collect()),
        run_layout: exercise.map(run_layout),
        bookmarked,
        my_rating,
    }))
}

/// The next item in the item's track.
#[utoipa::path(get, path = "/api/v1/content/{idOrSlug}/next", tag = "learning", params(("idOrSlug" = String, Path)),
    responses((status = 200, body = ItemSummary), (status = 404, body = Problem, description = "unknown item or end of the track")))]
async fn next_content(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id_or_slug): Path<String>,
) -> ApiResult<Json<ItemSummary>> {
    let learning = &state.learning;
    let item = learning.find(&id_or_slug)?;
    let next = learning.next_after(item).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::EndOfTrack,
            "This is the last item of the track.",
        )
    })?;
    let progress = learning.progress_map(user_id(&user)).await?;
    let completed = learning.completed_slugs(&progress);
    let stats = learning.stats([next]).await?;
    Ok(Json(summary(next, &progress, &completed, &stats)))
}

/// Check quiz answers; explanations come back for each question.
#[utoipa::path(post, path = "/api/v1/content/{idOrSlug}/quiz", tag = "learning", params(("idOrSlug" = String, Path)),
    request_body = QuizRequest, responses((status = 200, body = Vec<QuizFeedbackDto>), (status = 422, body = Problem)))]
async fn answer_quiz(
    State(state): State<AppState>,
    Path(id_or_slug): Path<String>,
    ValidJson(body): ValidJson<QuizRequest>,
) -> ApiResult<Json<Vec<QuizFeedbackDto>>> {
    let item = state.learning.find(&id_or_slug)?;
    if item.quiz.is_empty() {
        return Err(ApiError::not_found("This item has no quiz."));
    }
    if body.answers.len() != item.quiz.len() {
        return Err(ApiError::field(
            "answers",
            format!("answer all {} questions", item.quiz.len()),
        ));
    }
    let mut feedback = Vec::new();
    for (i, (question, chosen)) in item.quiz.iter().zip(body.answers).enumerate() {
        let f = question.check(chosen).ok_or_else(|| {
            ApiError::field(&format!("answers[{i}]"), "is not one of the options")
        })?;
        feedback.push(QuizFeedbackDto {
            correct: f.correct,
            explanation: f.explanation,
        });
    }
    Ok(Json(feedback))
}

async fn rating_dto(
    learning: &LearningService,
    item: &Item,
    mine: Option<i32>,
) -> ApiResult<ContentRatingDto> {
    let stats = learning.stats([item]).await?;
    let s = stats.get(&item.id).copied().unwrap_or_default();
    Ok(ContentRatingDto {
        content_id: item.id,
        my_rating: mine,
        average_rating: s.average(),
        rating_count: s.rating_count,
    })
}

/// Rate a lesson or exercise 1–5; rating again replaces the caller's earlier rating.
#[utoipa::path(put, path = "/api/v1/content/{idOrSlug}/rating", tag = "learning", params(("idOrSlug" = String, Path)),
    request_body = ContentRatingRequest,
    responses((status = 200, body = ContentRatingDto), (status = 401, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn rate_content(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id_or_slug): Path<String>,
    ValidJson(body): ValidJson<ContentRatingRequest>,
) -> ApiResult<Json<ContentRatingDto>> {
    let learning = &state.learning;
    let item = learning.find(&id_or_slug)?;
    let rating = learning.rate(me.user_id, item, body.rating).await?;
    Ok(Json(rating_dto(learning, item, Some(rating.rating)).await?))
}

/// Withdraw the caller's rating.
#[utoipa::path(delete, path = "/api/v1/content/{idOrSlug}/rating", tag = "learning", params(("idOrSlug" = String, Path)),
    responses((status = 200, body = ContentRatingDto), (status = 401, body = Problem), (status = 404, body = Problem, description = "unknown item, or not rated")),
    security(("bearer" = [])))]
async fn unrate_content(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id_or_slug): Path<String>,
) -> ApiResult<Json<ContentRatingDto>> {
    let learning = &state.learning;
    let item = learning.find(&id_or_slug)?;
    if !learning.unrate(me.user_id, item).await? {
        return Err(ApiError::not_found("You have not rated this item."));
    }
    Ok(Json(rating_dto(learning, item, None).await?))
}

fn progress_dto(learning: &LearningService, p: Progress) -> Option<ProgressDto> {
    let item = learning.curriculum().item_by_id(p.content_id)?;
    Some(ProgressDto {
        content_id: p.content_id,
        slug: item.slug.clone(),
        progress_percentage: p.progress_percentage,
        time_spent_seconds: p.time_spent_seconds,
        completed_at: p.completed_at,
        updated_at: p.updated_at,
    })
}

/// The caller's progress on every item started.
#[utoipa::path(get, path = "/api/v1/progress", tag = "learning", responses((status = 200, body = Vec<ProgressDto>)),
    security(("bearer" = [])))]
async fn list_progress(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<ProgressDto>>> {
    let map = state.learning.progress_map(Some(me.user_id)).await?;
    let mut list: Vec<ProgressDto> = map
        .into_values()
        .filter_map(|p| progress_dto(&state.learning, p))
        .collect();
    list.sort_by_key(|p| std::cmp::Reverse(p.updated_at));
    Ok(Json(list))
}

/// Record reading progress and time spent (monotonic; completion is never undone).
#[utoipa::path(put, path = "/api/v1/progress/{contentId}", tag = "learning", params(("contentId" = Uuid, Path)),
    request_body = ProgressRequest, responses((status = 200, body = ProgressDto), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn update_progress(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(content_id): Path<Uuid>,
    ValidJson(body): ValidJson<ProgressRequest>,
) -> ApiResult<Json<ProgressDto>> {
    let item = state.learning.find_by_id(content_id)?;
    let update = ProgressUpdate {
        progress_percentage: body.progress_percentage,
        time_spent_seconds: body.time_spent_seconds,
        complete: false,
    };
    let (p, _) = state
        .learning
        .record_progress(me.user_id, item, update)
        .await?;
    progress_dto(&state.learning, p)
        .map(Json)
        .ok_or_else(|| ApiError::internal("progress for unknown item"))
}

/// Mark a lesson complete. Exercises complete by passing their tests.
#[utoipa::path(post, path = "/api/v1/progress/{contentId}/complete", tag = "learning", params(("contentId" = Uuid, Path)),
    responses((status = 200, body = ProgressDto), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
async fn complete_content(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(content_id): Path<Uuid>,
) -> ApiResult<Json<ProgressDto>> {
    let item = state.learning.find_by_id(content_id)?;
    if item.kind == ItemKind::Exercise {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::ExerciseNeedsSubmission,
            "An exercise is completed by passing its tests.",
        ));
    }
    let update = ProgressUpdate {
        progress_percentage: 100,
        time_spent_seconds: 0,
        complete: true,
    };
    let (p, _) = state
        .learning
        .record_progress(me.user_id, item, update)
        .await?;
    progress_dto(&state.learning, p)
        .map(Json)
        .ok_or_else(|| ApiError::internal("progress for unknown item"))
}

/// Grade code against the exercise's tests; passing completes the exercise.
#[utoipa::path(post, path = "/api/v1/exercises/{idOrSlug}/submissions", tag = "learning", params(("idOrSlug" = String, Path)),
    request_body = SubmissionRequest,
    responses((status = 200, body = SubmissionResponse), (status = 404, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)),
    security(("bearer" = [])))]
async fn submit_exercise(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id_or_slug): Path<String>,
    ValidJson(body): ValidJson<SubmissionRequest>,
) -> ApiResult<Json<SubmissionResponse>> {
    let learning = &state.learning;
    let item = learning.find(&id_or_slug)?;
    let graded = learning
        .submit(me.user_id, item, &body.language, &body.code)
        .await?;
    let outcome = &graded.report.execution;
    // The run's output is the learner's program talking about its test's input: it is shown
    // only for a visible test (or a failed compilation, which ran no test). A hidden test's
    // run shows its status alone; its name, verdict and message are in `tests`.
    // A program that did not run failed the same way on every test, whatever its input.
    let shown = graded.report.compile_error.is_some()
        || graded.report.did_not_run.is_some()
        || learning
            .run_test(item, &graded.report)
            .is_some_and(|t| t.visible);
    let next = if graded.report.passed {
        let progress = learning.progress_map(Some(me.user_id)).await?;
        let completed = learning.completed_slugs(&progress);
        match learning.next_after(item) {
            Some(n) => Some(summary(
                n,
                &progress,
                &completed,
                &learning.stats([n]).await?,
            )),
            None => None,
        }
    } else {
        None
    };
    Ok(Json(SubmissionResponse {
        id: graded.attempt,
        passed: graded.report.passed,
        tests: graded
            .report
            .tests
            .iter()
            .map(|t| TestResultDto {
                name: t.name.clone(),
                passed: t.passed,
                message: t.message.clone(),
                not_run: t.not_run,
                expected: t.expected.clone(),
                actual: t.actual.clone(),
                clipped: t.clipped,
            })
            .collect(),
        did_not_run: graded.report.did_not_run.as_ref().map(|d| DidNotRunDto {
            reason: match d.reason {
                NotRunReason::CompileError => "compile_error",
                NotRunReason::SyntaxError => "syntax_error",
            }
            .to_owned(),
            message: d.message.clone(),
            error: d.error.clone(),
            line: d.line,
        }),
        execution: SubmissionExecution {
            status: outcome.status.id().to_owned(),
            stdout: if shown {
                outcome.stdout.clone()
            } else {
                String::new()
            },
            stderr: if shown {
                outcome.stderr.clone()
            } else {
                String::new()
            },
            compile_output: graded
                .report
                .compile_error
                .clone()
                .or_else(|| outcome.compile_output.clone()),
            exit_code: if shown { outcome.exit_code } else { None },
            execution_time_ms: outcome.wall_ms,
            memory_bytes: outcome.memory_bytes,
        },
        completed: graded.completed,
        next,
    }))
}

/// The caller's attempts at an exercise, newest first.
#[utoipa::path(get, path = "/api/v1/exercises/{idOrSlug}/submissions", tag = "learning", params(("idOrSlug" = String, Path)),
    responses((status = 200, body = Vec<AttemptDto>), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn list_submissions(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id_or_slug): Path<String>,
) -> ApiResult<Json<Vec<AttemptDto>>> {
    let item = state.learning.find(&id_or_slug)?;
    let attempts = state.learning.attempts(me.user_id, item).await?;
    Ok(Json(
        attempts
            .into_iter()
            .map(|a| AttemptDto {
                id: a.id,
                passed: a.passed,
                code: a.code,
                created_at: a.created_at,
                tests: a.results,
            })
            .collect(),
    ))
}

/// The caller's bookmarks, newest first.
#[utoipa::path(get, path = "/api/v1/bookmarks", tag = "learning", responses((status = 200, body = Vec<BookmarkDto>)),
    security(("bearer" = [])))]
async fn list_bookmarks(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<BookmarkDto>>> {
    let learning = &state.learning;
    let progress = learning.progress_map(Some(me.user_id)).await?;
    let completed = learning.completed_slugs(&progress);
    let bookmarks = learning.bookmarks(me.user_id).await?;
    let stats = learning.stats(bookmarks.iter().map(|(i, _)| *i)).await?;
    Ok(Json(
        bookmarks
            .into_iter()
            .map(|(item, at)| BookmarkDto {
                created_at: at,
                item: summary(item, &progress, &completed, &stats),
            })
            .collect(),
    ))
}

/// Bookmark an item (idempotent).
#[utoipa::path(put, path = "/api/v1/bookmarks/{contentId}", tag = "learning", params(("contentId" = Uuid, Path)),
    responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn add_bookmark(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(content_id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let item = state.learning.find_by_id(content_id)?;
    state.learning.bookmark(me.user_id, item).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a bookmark.
#[utoipa::path(delete, path = "/api/v1/bookmarks/{contentId}", tag = "learning", params(("contentId" = Uuid, Path)),
    responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn remove_bookmark(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(content_id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let item = state.learning.find_by_id(content_id)?;
    if !state.learning.unbookmark(me.user_id, item).await? {
        return Err(ApiError::not_found("This item is not bookmarked."));
    }
    Ok(StatusCode::NO_CONTENT)
}
