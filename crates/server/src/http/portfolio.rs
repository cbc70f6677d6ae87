//! The caller's own portfolio data: `/api/v1/me/avatar`, `/api/v1/me/analytics` (how
//! they learn) and `/api/v1/me/export` (a zip of everything stored about them).

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use bytes::Bytes;
use chrono::Duration;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::domain::ErrorCode;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::CurrentUser;
use crate::http::admin::{DayCountDto, RunCountDto, day_series};
use crate::http::dto::UserDto;
use crate::portfolio::avatar::MAX_AVATAR_BYTES;
use crate::state::AppState;

/// Room for the multipart framing around a 2 MB image.
const AVATAR_BODY_LIMIT: usize = MAX_AVATAR_BYTES + 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/me/avatar",
            put(upload_avatar)
                .delete(delete_avatar)
                .layer(DefaultBodyLimit::max(AVATAR_BODY_LIMIT)),
        )
        .route("/me/analytics", get(get_analytics))
        .route("/me/export", get(export_data))
}

#[derive(OpenApi)]
#[openapi(
    paths(upload_avatar, delete_avatar, get_analytics, export_data),
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
    let stats = state
        .portfolio
        .learner_stats(principal.user_id, since)
        .await?;
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
    let export = state.portfolio.export(principal.user_id).await?;
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
            (header::CONTENT_LENGTH, HeaderValue::from(export.len)),
        ],
        axum::body::Body::from_stream(file_chunks(export.file)),
    )
        .into_response())
}

/// The file in 64 KiB chunks, so a download holds one chunk in memory at a time.
fn file_chunks(
    file: tokio::fs::File,
) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    use tokio::io::AsyncReadExt;
    futures::stream::try_unfold(file, |mut file| async move {
        let mut buf = vec![0; 64 * 1024];
        let n = file.read(&mut buf).await?;
        if n == 0 {
            return Ok::<_, std::io::Error>(None);
        }
        buf.truncate(n);
        Ok(Some((Bytes::from(buf), file)))
    })
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::FileTooLarge,
        "Avatars can be at most 2 MB.",
    )
}

/// The uploaded image: the `avatar` field of a multipart form, or the raw body.
async fn avatar_bytes(state: &AppState, request: Request) -> ApiResult<Bytes> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        return Bytes::from_request(request, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::bad_request(ErrorCode::UnreadableBody, r.body_text())
            }
        });
    }
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(|r| ApiError::bad_request(ErrorCode::MalformedMultipart, r.body_text()))?;
    loop {
        let field = form.next_field().await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::bad_request(ErrorCode::MalformedMultipart, e.body_text())
            }
        })?;
        let Some(field) = field else {
            return Err(ApiError::field("avatar", "the form has no `avatar` file"));
        };
        if field.name() == Some("avatar") {
            return field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    ApiError::bad_request(ErrorCode::MalformedMultipart, e.body_text())
                }
            });
        }
    }
}

/// Upload an avatar: a PNG, JPEG or WebP image of at most 2 MB, as the `avatar` field
/// of a multipart form or as the raw body. It is cropped to a square and stored as a
/// 256×256 PNG; `avatarUrl` in the answer points at it.
#[utoipa::path(put, path = "/api/v1/me/avatar", tag = "me",
    request_body(content = Vec<u8>, content_type = "multipart/form-data"),
    responses((status = 200, body = UserDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem)),
    security(("bearer" = [])))]
async fn upload_avatar(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    request: Request,
) -> ApiResult<Json<UserDto>> {
    let upload = avatar_bytes(&state, request).await?;
    if upload.len() > MAX_AVATAR_BYTES {
        return Err(too_large());
    }
    let user = state
        .portfolio
        .set_avatar(principal.user_id, upload)
        .await?;
    Ok(Json(user.into()))
}

/// Remove the avatar.
#[utoipa::path(delete, path = "/api/v1/me/avatar", tag = "me",
    responses((status = 200, body = UserDto), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn delete_avatar(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> ApiResult<Json<UserDto>> {
    let user = state.portfolio.remove_avatar(principal.user_id).await?;
    Ok(Json(user.into()))
}
