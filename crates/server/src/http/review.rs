//! `/api/v1/comments` (line comments on a student's attempt, in threads),
//! `/api/v1/submissions/{id}` (the attempt under them, for whoever may read the thread),
//! `/api/v1/classes/{id}/review-pairs` (peer review) and `/api/v1/notifications`.
//! Rules in `classrooms::review`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use codestead_store::review::{Comment, Notification, ReviewPair};

use crate::classrooms::review::{Target, Thread};
use crate::error::{ApiResult, Problem};
use crate::extract::{CurrentUser, ValidJson};
use crate::http::classrooms::SubmissionDto;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/comments", get(list_comments).post(create_comment))
        .route("/comments/{id}", patch(update_comment))
        .route("/submissions/{id}", get(get_submission))
        .route(
            "/classes/{id}/review-pairs",
            get(list_pairs).post(create_pair),
        )
        .route(
            "/classes/{id}/review-pairs/{reviewer_id}/{reviewee_id}",
            delete(delete_pair),
        )
        .route("/notifications", get(list_notifications))
        .route("/notifications/count", get(count_notifications))
        .route("/notifications/read", post(read_notifications))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_comments,
        create_comment,
        update_comment,
        get_submission,
        list_pairs,
        create_pair,
        delete_pair,
        list_notifications,
        count_notifications,
        read_notifications
    ),
    components(schemas(
        CommentDto,
        ThreadDto,
        CreateCommentRequest,
        UpdateCommentRequest,
        ReviewPairDto,
        CreatePairRequest,
        NotificationDto,
        NotificationsDto,
        UnreadDto,
        ReadNotificationsRequest,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommentDto {
    pub id: Uuid,
    /// `submission:<id>`.
    pub target: String,
    pub author_id: Uuid,
    pub author_username: String,
    pub parent_id: Option<Uuid>,
    pub start_line: i32,
    pub end_line: i32,
    pub body: String,
    pub resolved: bool,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Comment> for CommentDto {
    fn from(c: Comment) -> Self {
        Self {
            target: format!("{}:{}", c.target_kind, c.target_id),
            id: c.id,
            author_id: c.author_id,
            author_username: c.author_username,
            parent_id: c.parent_id,
            start_line: c.start_line,
            end_line: c.end_line,
            body: c.body,
            resolved: c.resolved_at.is_some(),
            resolved_at: c.resolved_at,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// A thread: its first comment (which carries the lines and the resolved state) and the
/// replies, oldest first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThreadDto {
    #[serde(flatten)]
    pub root: CommentDto,
    pub replies: Vec<CommentDto>,
}

impl From<Thread> for ThreadDto {
    fn from(t: Thread) -> Self {
        Self {
            root: t.root.into(),
            replies: t.replies.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CommentsQuery {
    /// `submission:<id>`.
    pub target: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCommentRequest {
    /// `submission:<id>`.
    #[garde(length(min = 1, max = 100))]
    pub target: String,
    /// First line (1-based); a reply takes its thread's lines.
    #[serde(default)]
    #[garde(skip)]
    pub start_line: i32,
    #[serde(default)]
    #[garde(skip)]
    pub end_line: i32,
    #[garde(length(chars, min = 1, max = 5000))]
    pub body: String,
    /// Reply to this thread.
    #[garde(skip)]
    pub parent_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCommentRequest {
    #[garde(skip)]
    pub resolved: Option<bool>,
    #[garde(inner(length(chars, min = 1, max = 5000)))]
    pub body: Option<String>,
}

/// The threads on a target, oldest first (the author, the class's teachers and paired
/// reviewers; anyone else 404).
#[utoipa::path(get, path = "/api/v1/comments", tag = "review", params(CommentsQuery),
    responses((status = 200, body = Vec<ThreadDto>), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn list_comments(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Query(q): Query<CommentsQuery>,
) -> ApiResult<Json<Vec<ThreadDto>>> {
    let target = Target::parse(&q.target)?;
    let threads = state.classrooms.threads(me.user_id, target).await?;
    Ok(Json(threads.into_iter().map(Into::into).collect()))
}

/// Comment on lines of a student's attempt (teachers and paired reviewers), or reply to a
/// thread (`parentId`; also the author). The other side gets a notification.
#[utoipa::path(post, path = "/api/v1/comments", tag = "review", request_body = CreateCommentRequest,
    responses((status = 201, body = CommentDto), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_comment(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ValidJson(body): ValidJson<CreateCommentRequest>,
) -> ApiResult<(StatusCode, Json<CommentDto>)> {
    let target = Target::parse(&body.target)?;
    let username = state
        .store
        .find_user(me.user_id)
        .await?
        .map(|u| u.username)
        .unwrap_or_default();
    let c = state
        .classrooms
        .comment(
            me.user_id,
            &username,
            target,
            (body.start_line, body.end_line),
            &body.body,
            body.parent_id,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}

/// Resolve or reopen a thread, or edit your own comment.
#[utoipa::path(patch, path = "/api/v1/comments/{id}", tag = "review", params(("id" = Uuid, Path)),
    request_body = UpdateCommentRequest,
    responses((status = 200, body = CommentDto), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn update_comment(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<UpdateCommentRequest>,
) -> ApiResult<Json<CommentDto>> {
    let c = state
        .classrooms
        .update_comment(me.user_id, id, body.body.as_deref(), body.resolved)
        .await?;
    Ok(Json(c.into()))
}

/// An attempt, for whoever may read its threads (its author, the class's teachers,
/// paired reviewers).
#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "review", params(("id" = Uuid, Path)),
    responses((status = 200, body = SubmissionDto), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn get_submission(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<SubmissionDto>> {
    let access = state
        .classrooms
        .access(me.user_id, Target::Submission(id))
        .await?;
    let s = access.submission;
    Ok(Json(super::classrooms::submission_dto(access.subject, s)))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewPairDto {
    pub reviewer_id: Uuid,
    pub reviewee_id: Uuid,
    pub created_at: DateTime<Utc>,
}

impl From<ReviewPair> for ReviewPairDto {
    fn from(p: ReviewPair) -> Self {
        Self {
            reviewer_id: p.reviewer_id,
            reviewee_id: p.reviewee_id,
            created_at: p.created_at,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePairRequest {
    #[garde(skip)]
    pub reviewer_id: Uuid,
    #[garde(skip)]
    pub reviewee_id: Uuid,
}

/// The class's peer-review pairs (teachers).
#[utoipa::path(get, path = "/api/v1/classes/{id}/review-pairs", tag = "review", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ReviewPairDto>), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn list_pairs(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<ReviewPairDto>>> {
    let list = state.classrooms.pairs(id, me.user_id).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Pair two students: the reviewer may read and comment on the reviewee's attempts at
/// the class's assignments (teachers).
#[utoipa::path(post, path = "/api/v1/classes/{id}/review-pairs", tag = "review", params(("id" = Uuid, Path)),
    request_body = CreatePairRequest,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_pair(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<CreatePairRequest>,
) -> ApiResult<StatusCode> {
    state
        .classrooms
        .pair(id, me.user_id, body.reviewer_id, body.reviewee_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/classes/{id}/review-pairs/{reviewer_id}/{reviewee_id}", tag = "review",
    params(("id" = Uuid, Path), ("reviewer_id" = Uuid, Path), ("reviewee_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn delete_pair(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, reviewer, reviewee)): Path<(Uuid, Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    state
        .classrooms
        .unpair(id, me.user_id, reviewer, reviewee)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationDto {
    pub id: Uuid,
    /// `review_comment`.
    pub kind: String,
    pub message: String,
    /// The web page to open, e.g. `/review/submission:<id>`.
    pub link: String,
    pub read: bool,
    pub created_at: DateTime<Utc>,
}

impl From<Notification> for NotificationDto {
    fn from(n: Notification) -> Self {
        Self {
            id: n.id,
            kind: n.kind,
            message: n.message,
            link: n.link,
            read: n.read_at.is_some(),
            created_at: n.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationsDto {
    /// The newest 50.
    pub items: Vec<NotificationDto>,
    pub unread: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadDto {
    pub unread: i64,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadNotificationsRequest {
    /// These (the caller's own; others match nothing); absent: all.
    #[garde(inner(length(max = 200)))]
    pub ids: Option<Vec<Uuid>>,
}

/// The caller's notifications, newest first, and how many are unread.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "review",
    responses((status = 200, body = NotificationsDto), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn list_notifications(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<NotificationsDto>> {
    let (items, unread) = state.classrooms.notifications(me.user_id).await?;
    Ok(Json(NotificationsDto {
        items: items.into_iter().map(Into::into).collect(),
        unread,
    }))
}

/// How many notifications are unread (the shell's badge).
#[utoipa::path(get, path = "/api/v1/notifications/count", tag = "review",
    responses((status = 200, body = UnreadDto), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn count_notifications(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<UnreadDto>> {
    Ok(Json(UnreadDto {
        unread: state.classrooms.unread(me.user_id).await?,
    }))
}

/// Mark notifications read: the given ids, or all.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "review", request_body = ReadNotificationsRequest,
    responses((status = 200, body = UnreadDto), (status = 401, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn read_notifications(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ValidJson(body): ValidJson<ReadNotificationsRequest>,
) -> ApiResult<Json<UnreadDto>> {
    state
        .classrooms
        .mark_read(me.user_id, body.ids.as_deref())
        .await?;
    Ok(Json(UnreadDto {
        unread: state.classrooms.unread(me.user_id).await?,
    }))
}
