//! `/api/v1/classes…`, `/api/v1/assignments/{id}`, `/api/v1/me/assignments` and
//! `/api/v1/me/teacher`: classes, join codes, members, assignments, the teacher's grid
//! (JSON, or CSV with `Accept: text/csv` or `?format=csv`), "who is stuck", a student's
//! detail and the read of a student's attempt. The rules live in `classrooms`; this module
//! maps them to HTTP, and [`ClassroomError`] to problem details.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use codestead_store::accounts::Role;
use codestead_store::classrooms::{Assignment, AssignmentPatch, Class, Member, MemberRole};

use crate::classrooms::grid::{
    Cell, CellStatus, Grid, GridSort, Stuck, StuckRule, StudentDetail, grid_csv,
};
use crate::classrooms::regrade::RegradeView;
use crate::classrooms::{AssignmentSpec, ClassView, ClassroomError, StudentAssignment};
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{CurrentUser, ValidJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/classes", get(list_classes).post(create_class))
        .route("/classes/join", post(join_class))
        .route(
            "/classes/{id}",
            get(get_class).patch(update_class).delete(delete_class),
        )
        .route("/classes/{id}/members", get(list_members))
        .route("/classes/{id}/members/{user_id}", delete(remove_member))
        .route("/classes/{id}/teachers", post(add_teacher))
        .route(
            "/classes/{id}/assignments",
            get(list_assignments).post(create_assignment),
        )
        .route(
            "/assignments/{id}",
            get(get_assignment)
                .patch(update_assignment)
                .delete(delete_assignment),
        )
        .route(
            "/assignments/{id}/regrade",
            get(get_regrade).post(start_regrade),
        )
        .route("/classes/{id}/grid", get(get_grid))
        .route("/classes/{id}/stuck", get(list_stuck))
        .route("/classes/{id}/students/{user_id}", get(get_student))
        .route(
            "/classes/{id}/submissions/{submission_id}",
            get(get_class_submission),
        )
        .route("/me/assignments", get(my_assignments))
        .route("/me/teacher", post(become_teacher))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_classes,
        create_class,
        join_class,
        get_class,
        update_class,
        delete_class,
        list_members,
        remove_member,
        add_teacher,
        list_assignments,
        create_assignment,
        get_assignment,
        update_assignment,
        delete_assignment,
        start_regrade,
        get_regrade,
        get_grid,
        list_stuck,
        get_student,
        get_class_submission,
        my_assignments,
        become_teacher
    ),
    components(schemas(
        ClassDto,
        MemberDto,
        CreateClassRequest,
        UpdateClassRequest,
        JoinClassRequest,
        AddTeacherRequest,
        AssignmentDto,
        CreateAssignmentRequest,
        UpdateAssignmentRequest,
        MyAssignmentDto,
        RegradeDto,
        RegradeVerdictDto,
        GridDto,
        GridAssignmentDto,
        GridRowDto,
        CellDto,
        CellStatus,
        StuckDto,
        StudentDetailDto,
        StudentAssignmentDto,
        SubmissionDto,
        Problem
    ))
)]
pub struct Api;

impl From<ClassroomError> for ApiError {
    fn from(err: ClassroomError) -> Self {
        let code = err.code();
        match err {
            ClassroomError::NotFound(what) => {
                ApiError::not_found(format!("No such {what}, or not one you can see."))
            }
            ClassroomError::NotATeacher => ApiError::forbidden(
                code,
                "Only teachers create classes. Ask an administrator for the teacher role.",
            ),
            ClassroomError::NotClassTeacher => {
                ApiError::forbidden(code, "Only the class's teachers may do this.")
            }
            ClassroomError::SelfServiceOff => ApiError::forbidden(
                code,
                "This server does not let users make themselves teachers; ask an administrator.",
            ),
            ClassroomError::Field { field, message } => ApiError::field(field, message),
            ClassroomError::JoinCodeUnknown | ClassroomError::JoinCodeExpired => {
                let message = if matches!(err, ClassroomError::JoinCodeExpired) {
                    "this join code has expired; ask your teacher for a new one"
                } else {
                    "no class has this join code; check it with your teacher"
                };
                let mut e = ApiError::field("code", message);
                e.code = code;
                e
            }
            ClassroomError::LastTeacher => ApiError::conflict(
                code,
                "userId",
                "A class keeps at least one teacher; delete the class instead.",
            ),
            ClassroomError::Store(e) => e.into(),
        }
    }
}

fn nullable<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// A class as one of its members sees it; the join code only for its teachers.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClassDto {
    pub id: Uuid,
    pub name: String,
    /// The caller's place in it: `teacher` or `student`.
    pub role: String,
    /// Teachers only.
    pub join_code: Option<String>,
    /// Teachers only: the page a student opens to join (`/classes/join?code=…`).
    pub join_url: Option<String>,
    pub join_code_expires_at: Option<DateTime<Utc>>,
    pub students: i64,
    pub teachers: Vec<MemberDto>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberDto {
    pub user_id: Uuid,
    pub username: String,
    pub name: String,
    pub role: String,
    pub joined_at: DateTime<Utc>,
}

impl From<Member> for MemberDto {
    fn from(m: Member) -> Self {
        Self {
            name: format!("{} {}", m.first_name, m.last_name)
                .trim()
                .to_owned(),
            user_id: m.user_id,
            username: m.username,
            role: m.role.as_str().to_owned(),
            joined_at: m.joined_at,
        }
    }
}

fn class_dto(
    state: &AppState,
    class: Class,
    role: MemberRole,
    students: i64,
    teachers: Vec<Member>,
) -> ClassDto {
    let teacher = role == MemberRole::Teacher;
    ClassDto {
        join_url: teacher.then(|| {
            format!(
                "{}/classes/join?code={}",
                state.config.public_url.trim_end_matches('/'),
                class.join_code
            )
        }),
        join_code: teacher.then_some(class.join_code),
        join_code_expires_at: if teacher {
            class.join_code_expires_at
        } else {
            None
        },
        id: class.id,
        name: class.name,
        role: role.as_str().to_owned(),
        students,
        teachers: teachers.into_iter().map(Into::into).collect(),
        created_at: class.created_at,
    }
}

fn view_dto(state: &AppState, v: ClassView) -> ClassDto {
    class_dto(state, v.class, v.role, v.students, v.teachers)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateClassRequest {
    #[garde(length(chars, min = 1, max = 120))]
    pub name: String,
    /// When the join code stops working; none = never.
    #[garde(skip)]
    pub join_code_expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateClassRequest {
    #[garde(inner(length(chars, min = 1, max = 120)))]
    pub name: Option<String>,
    /// `true` draws a new join code; the old one stops working at once.
    #[serde(default)]
    #[garde(skip)]
    pub rotate_join_code: bool,
    /// `null` makes the code never expire.
    #[serde(default, deserialize_with = "nullable")]
    #[garde(skip)]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub join_code_expires_at: Option<Option<DateTime<Utc>>>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinClassRequest {
    /// The class's join code (case and dashes do not matter).
    #[garde(length(min = 1, max = 32))]
    pub code: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddTeacherRequest {
    /// A user who holds the teacher role.
    #[garde(length(min = 1, max = 64))]
    pub username: String,
}

/// The caller's classes (taught and attended), newest first.
#[utoipa::path(get, path = "/api/v1/classes", tag = "classes",
    responses((status = 200, body = Vec<ClassDto>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn list_classes(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<ClassDto>>> {
    let list = state.classrooms.my_classes(me.user_id).await?;
    Ok(Json(
        list.into_iter()
            .map(|m| class_dto(&state, m.class, m.role, m.students, Vec::new()))
            .collect(),
    ))
}

/// Create a class (teachers and admins); the caller becomes its first teacher.
#[utoipa::path(post, path = "/api/v1/classes", tag = "classes", request_body = CreateClassRequest,
    responses((status = 201, body = ClassDto), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "`teacher_only`"), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_class(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ValidJson(body): ValidJson<CreateClassRequest>,
) -> ApiResult<(StatusCode, Json<ClassDto>)> {
    let class = state
        .classrooms
        .create_class(&me, &body.name, body.join_code_expires_at)
        .await?;
    let view = state.classrooms.class(class.id, me.user_id).await?;
    Ok((StatusCode::CREATED, Json(view_dto(&state, view))))
}

/// Join a class with its code, as a student. Joining again is a 200 with no change.
/// A wrong code is a 422 `join_code_invalid`, an expired one `join_code_expired`, both
/// naming `code`.
#[utoipa::path(post, path = "/api/v1/classes/join", tag = "classes", request_body = JoinClassRequest,
    responses((status = 201, body = ClassDto), (status = 200, body = ClassDto),
        (status = 401, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn join_class(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ValidJson(body): ValidJson<JoinClassRequest>,
) -> ApiResult<(StatusCode, Json<ClassDto>)> {
    let (class, joined) = state.classrooms.join(me.user_id, &body.code).await?;
    let view = state.classrooms.class(class.id, me.user_id).await?;
    let status = if joined {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view_dto(&state, view))))
}

/// A class the caller is a member of; anyone else gets 404.
#[utoipa::path(get, path = "/api/v1/classes/{id}", tag = "classes", params(("id" = Uuid, Path)),
    responses((status = 200, body = ClassDto), (status = 401, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn get_class(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ClassDto>> {
    let view = state.classrooms.class(id, me.user_id).await?;
    Ok(Json(view_dto(&state, view)))
}

/// Rename, rotate the join code, or set its expiry (teachers).
#[utoipa::path(patch, path = "/api/v1/classes/{id}", tag = "classes", params(("id" = Uuid, Path)),
    request_body = UpdateClassRequest,
    responses((status = 200, body = ClassDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn update_class(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<UpdateClassRequest>,
) -> ApiResult<Json<ClassDto>> {
    state
        .classrooms
        .update_class(
            id,
            me.user_id,
            body.name.as_deref(),
            body.rotate_join_code,
            body.join_code_expires_at,
        )
        .await?;
    let view = state.classrooms.class(id, me.user_id).await?;
    Ok(Json(view_dto(&state, view)))
}

/// Delete a class with its memberships and assignments (teachers). The students' own
/// progress stays theirs.
#[utoipa::path(delete, path = "/api/v1/classes/{id}", tag = "classes", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn delete_class(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    state.classrooms.delete_class(id, me.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The class's teachers and students (teachers of the class only).
#[utoipa::path(get, path = "/api/v1/classes/{id}/members", tag = "classes", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<MemberDto>), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn list_members(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<MemberDto>>> {
    let list = state.classrooms.members(id, me.user_id).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// A teacher removes a member; a student removes themself (leaves). The last teacher
/// cannot leave (409 `last_teacher`).
#[utoipa::path(delete, path = "/api/v1/classes/{id}/members/{user_id}", tag = "classes",
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
async fn remove_member(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    state
        .classrooms
        .remove_member(id, me.user_id, user_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a co-teacher by username (they must hold the teacher role).
#[utoipa::path(post, path = "/api/v1/classes/{id}/teachers", tag = "classes", params(("id" = Uuid, Path)),
    request_body = AddTeacherRequest,
    responses((status = 201, body = MemberDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn add_teacher(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<AddTeacherRequest>,
) -> ApiResult<(StatusCode, Json<MemberDto>)> {
    let member = state
        .classrooms
        .add_teacher(id, me.user_id, &body.username)
        .await?;
    Ok((StatusCode::CREATED, Json(member.into())))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AssignmentDto {
    pub id: Uuid,
    pub class_id: Uuid,
    /// `item` (a lesson or an exercise) or `module`.
    pub kind: String,
    /// The item's permanent id, or the module's slug.
    pub target: String,
    pub title: String,
    /// The content items it covers, in order (their ids).
    pub content_ids: Vec<Uuid>,
    /// The slug of the first item, for a link to it.
    pub first_item_slug: Option<String>,
    pub opens_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    /// Work finished after the due date counts (marked late). When false it does not count.
    pub allow_late: bool,
    /// Language ids; empty means any.
    pub allowed_languages: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn assignment_dto(state: &AppState, a: Assignment) -> AssignmentDto {
    let first_item_slug = a
        .content_ids
        .first()
        .and_then(|id| state.classrooms.curriculum().item_by_id(*id))
        .map(|i| i.slug.clone());
    AssignmentDto {
        id: a.id,
        class_id: a.class_id,
        kind: a.kind,
        target: a.target,
        title: a.title,
        content_ids: a.content_ids,
        first_item_slug,
        opens_at: a.opens_at,
        due_at: a.due_at,
        allow_late: a.allow_late,
        allowed_languages: a.allowed_languages,
        created_at: a.created_at,
        updated_at: a.updated_at,
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAssignmentRequest {
    /// `item` (a lesson or an exercise) or `module`.
    #[garde(length(min = 1, max = 16))]
    pub kind: String,
    /// An item's id or slug, or a module's slug.
    #[garde(length(min = 1, max = 200))]
    pub target: String,
    /// Defaults to the item's or module's title.
    #[garde(inner(length(chars, max = 200)))]
    pub title: Option<String>,
    #[garde(skip)]
    pub opens_at: Option<DateTime<Utc>>,
    #[garde(skip)]
    pub due_at: Option<DateTime<Utc>>,
    /// Default true: late work is marked, not refused.
    #[serde(default = "yes")]
    #[garde(skip)]
    pub allow_late: bool,
    #[serde(default)]
    #[garde(length(max = 4))]
    pub allowed_languages: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAssignmentRequest {
    #[garde(inner(length(chars, min = 1, max = 200)))]
    pub title: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[garde(skip)]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub opens_at: Option<Option<DateTime<Utc>>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[garde(skip)]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub due_at: Option<Option<DateTime<Utc>>>,
    #[garde(skip)]
    pub allow_late: Option<bool>,
    #[garde(inner(length(max = 4)))]
    pub allowed_languages: Option<Vec<String>>,
}

/// The class's assignments by due date: all of them for teachers, the opened ones for
/// students.
#[utoipa::path(get, path = "/api/v1/classes/{id}/assignments", tag = "classes", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<AssignmentDto>), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn list_assignments(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<AssignmentDto>>> {
    let (_, list) = state.classrooms.assignments(id, me.user_id).await?;
    Ok(Json(
        list.into_iter()
            .map(|a| assignment_dto(&state, a))
            .collect(),
    ))
}

/// Assign a lesson, an exercise or a whole module (teachers).
#[utoipa::path(post, path = "/api/v1/classes/{id}/assignments", tag = "classes", params(("id" = Uuid, Path)),
    request_body = CreateAssignmentRequest,
    responses((status = 201, body = AssignmentDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_assignment(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<CreateAssignmentRequest>,
) -> ApiResult<(StatusCode, Json<AssignmentDto>)> {
    let a = state
        .classrooms
        .create_assignment(
            id,
            me.user_id,
            AssignmentSpec {
                kind: body.kind,
                target: body.target,
                title: body.title,
                opens_at: body.opens_at,
                due_at: body.due_at,
                allow_late: body.allow_late,
                allowed_languages: body.allowed_languages,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(assignment_dto(&state, a))))
}

#[utoipa::path(get, path = "/api/v1/assignments/{id}", tag = "classes", params(("id" = Uuid, Path)),
    responses((status = 200, body = AssignmentDto), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn get_assignment(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AssignmentDto>> {
    let (a, _) = state.classrooms.assignment(id, me.user_id).await?;
    Ok(Json(assignment_dto(&state, a)))
}

#[utoipa::path(patch, path = "/api/v1/assignments/{id}", tag = "classes", params(("id" = Uuid, Path)),
    request_body = UpdateAssignmentRequest,
    responses((status = 200, body = AssignmentDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn update_assignment(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<UpdateAssignmentRequest>,
) -> ApiResult<Json<AssignmentDto>> {
    let a = state
        .classrooms
        .update_assignment(
            id,
            me.user_id,
            AssignmentPatch {
                title: body.title,
                opens_at: body.opens_at,
                due_at: body.due_at,
                allow_late: body.allow_late,
                allowed_languages: body.allowed_languages,
            },
        )
        .await?;
    Ok(Json(assignment_dto(&state, a)))
}

#[utoipa::path(delete, path = "/api/v1/assignments/{id}", tag = "classes", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn delete_assignment(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    state.classrooms.delete_assignment(id, me.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A re-grade of an assignment for the whole class, and where it stands.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegradeDto {
    pub id: Uuid,
    pub assignment_id: Uuid,
    /// `running`, `done`, or `interrupted` (its server stopped; start it again).
    pub status: &'static str,
    /// Attempts to grade: each student's newest at each exercise, and those that passed.
    pub total: i32,
    pub graded: i32,
    pub passed: i32,
    pub failed: i32,
    /// Attempts that could not be graded (no sandbox, the queue refused); they keep
    /// their previous verdict.
    pub errors: i32,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn regrade_dto(v: RegradeView) -> RegradeDto {
    let r = v.regrade;
    RegradeDto {
        id: r.id,
        assignment_id: r.assignment_id,
        status: v.state.as_str(),
        total: r.total,
        graded: r.graded,
        passed: r.passed,
        failed: r.failed,
        errors: r.errors,
        created_at: r.created_at,
        finished_at: r.finished_at,
    }
}

/// The longest a caller may ask the re-grade request to wait (`Prefer: wait=N`, RFC 7240).
const MAX_PREFER_WAIT: u64 = 120;

/// `Prefer: wait=N` → N seconds (capped); absent or unreadable → no wait.
fn prefer_wait(headers: &HeaderMap) -> Option<std::time::Duration> {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|p| p.trim().strip_prefix("wait=")?.trim().parse::<u64>().ok())
        .map(|n| std::time::Duration::from_secs(n.min(MAX_PREFER_WAIT)))
}

/// Starts a re-grade (202) and answers with where it stands; one already running is
/// returned instead of starting another. With `Prefer: wait=N` the answer waits up to N
/// seconds for the re-grade to finish (200 when it did).
#[utoipa::path(post, path = "/api/v1/assignments/{id}/regrade", tag = "classes", params(("id" = Uuid, Path),
        ("Prefer" = Option<String>, Header, description = "`wait=N`: wait up to N seconds (at most 120) for the re-grade to finish")),
    responses((status = 202, body = RegradeDto, description = "started (or already running)"),
        (status = 200, body = RegradeDto, description = "finished within the `Prefer: wait`"),
        (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn start_regrade(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> ApiResult<(StatusCode, Json<RegradeDto>)> {
    let started = state.classrooms.start_regrade(id, me.user_id).await?;
    if let (Some(task), Some(wait)) = (started.task, prefer_wait(&headers))
        && tokio::time::timeout(wait, task).await.is_ok()
    {
        let view = state.classrooms.regrade_status(id, me.user_id).await?;
        return Ok((StatusCode::OK, Json(regrade_dto(view))));
    }
    Ok((StatusCode::ACCEPTED, Json(regrade_dto(started.view))))
}

/// The assignment's newest re-grade (404 before the first).
#[utoipa::path(get, path = "/api/v1/assignments/{id}/regrade", tag = "classes", params(("id" = Uuid, Path)),
    responses((status = 200, body = RegradeDto), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn get_regrade(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<RegradeDto>> {
    let view = state.classrooms.regrade_status(id, me.user_id).await?;
    Ok(Json(regrade_dto(view)))
}

/// One of the caller's assignments with where they stand.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyAssignmentDto {
    #[serde(flatten)]
    pub assignment: AssignmentDto,
    pub class_name: String,
    pub status: CellStatus,
    pub late: bool,
    pub completed_items: usize,
    pub total_items: usize,
}

pub fn my_assignment_dto(state: &AppState, s: StudentAssignment) -> MyAssignmentDto {
    MyAssignmentDto {
        total_items: s.assignment.content_ids.len(),
        assignment: assignment_dto(state, s.assignment),
        class_name: s.class_name,
        status: s.status,
        late: s.late,
        completed_items: s.completed_items,
    }
}

/// The caller's assignments across their classes (opened ones), by due date.
#[utoipa::path(get, path = "/api/v1/me/assignments", tag = "classes",
    responses((status = 200, body = Vec<MyAssignmentDto>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn my_assignments(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<MyAssignmentDto>>> {
    let list = state.classrooms.my_assignments(me.user_id).await?;
    Ok(Json(
        list.into_iter()
            .map(|s| my_assignment_dto(&state, s))
            .collect(),
    ))
}

/// Make the caller a teacher, where the operator allows it (`--teacher-self-service`);
/// otherwise 403 `teacher_self_service_off`.
#[utoipa::path(post, path = "/api/v1/me/teacher", tag = "classes",
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn become_teacher(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<StatusCode> {
    if me.role == Role::User {
        state.classrooms.check_self_service()?;
        state.accounts.set_role(me.user_id, Role::Teacher).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct GridQuery {
    /// `name` (default), `done` (most done first) or `activity` (least recently active first).
    pub sort: Option<String>,
    /// `csv` for a download (as `Accept: text/csv`).
    pub format: Option<String>,
    /// Failed attempts at one unfinished item that make a student stuck (default 5).
    pub stuck_attempts: Option<i64>,
    /// Days without activity on unfinished work that make a student stuck (default 7).
    pub stuck_days: Option<i64>,
}

impl GridQuery {
    fn rule(&self) -> ApiResult<StuckRule> {
        let mut rule = StuckRule::default();
        if let Some(n) = self.stuck_attempts {
            if !(1..=1000).contains(&n) {
                return Err(ApiError::field("stuckAttempts", "must be 1 to 1000"));
            }
            rule.failed_attempts = n;
        }
        if let Some(d) = self.stuck_days {
            if !(1..=365).contains(&d) {
                return Err(ApiError::field("stuckDays", "must be 1 to 365"));
            }
            rule.idle_days = d;
        }
        Ok(rule)
    }

    fn sort(&self) -> ApiResult<GridSort> {
        match self.sort.as_deref() {
            None | Some("name") => Ok(GridSort::Name),
            Some("done") => Ok(GridSort::Done),
            Some("activity") => Ok(GridSort::Activity),
            Some(_) => Err(ApiError::field("sort", "must be name, done or activity")),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GridAssignmentDto {
    pub id: Uuid,
    pub title: String,
    pub kind: String,
    pub due_at: Option<DateTime<Utc>>,
    pub total_items: usize,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CellDto {
    pub assignment_id: Uuid,
    pub status: CellStatus,
    pub late: bool,
    pub completed_items: usize,
    pub attempts: i64,
    pub failed_attempts: i64,
    pub time_spent_seconds: i64,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

fn cell_dto(assignment: Uuid, c: &Cell) -> CellDto {
    CellDto {
        assignment_id: assignment,
        status: c.status,
        late: c.late,
        completed_items: c.completed_items,
        attempts: c.attempts,
        failed_attempts: c.failed_attempts,
        time_spent_seconds: c.time_spent_seconds,
        last_activity_at: c.last_activity_at,
        completed_at: c.completed_at,
    }
}

/// Why a student is stuck.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StuckDto {
    /// `failed_attempts` or `idle`.
    pub reason: String,
    /// For `failed_attempts`: the most failed attempts at one unfinished item.
    pub failed_attempts: Option<i64>,
    /// For `idle`: the last activity on unfinished work (or when they joined).
    pub since: Option<DateTime<Utc>>,
}

fn stuck_dto(s: &Stuck) -> StuckDto {
    match s {
        Stuck::FailedAttempts(n) => StuckDto {
            reason: "failed_attempts".into(),
            failed_attempts: Some(*n),
            since: None,
        },
        Stuck::Idle { since } => StuckDto {
            reason: "idle".into(),
            failed_attempts: None,
            since: Some(*since),
        },
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GridRowDto {
    pub student: MemberDto,
    /// One per assignment, in the grid's assignment order.
    pub cells: Vec<CellDto>,
    pub done: usize,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub stuck: Option<StuckDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GridDto {
    pub assignments: Vec<GridAssignmentDto>,
    pub rows: Vec<GridRowDto>,
}

fn grid_dto(grid: Grid) -> GridDto {
    let ids: Vec<Uuid> = grid.assignments.iter().map(|a| a.id).collect();
    GridDto {
        rows: grid
            .rows
            .into_iter()
            .map(|r| GridRowDto {
                cells: r
                    .cells
                    .iter()
                    .zip(&ids)
                    .map(|(c, id)| cell_dto(*id, c))
                    .collect(),
                done: r.done,
                last_activity_at: r.last_activity_at,
                stuck: r.stuck.as_ref().map(stuck_dto),
                student: r.student.into(),
            })
            .collect(),
        assignments: grid
            .assignments
            .into_iter()
            .map(|a| GridAssignmentDto {
                total_items: a.content_ids.len(),
                id: a.id,
                title: a.title,
                kind: a.kind,
                due_at: a.due_at,
            })
            .collect(),
    }
}

fn wants_csv(headers: &HeaderMap, q: &GridQuery) -> bool {
    q.format.as_deref() == Some("csv")
        || headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/csv"))
}

/// The grid of students × assignments (teachers of the class). JSON, or CSV with
/// `Accept: text/csv` or `?format=csv`.
#[utoipa::path(get, path = "/api/v1/classes/{id}/grid", tag = "classes",
    params(("id" = Uuid, Path), GridQuery),
    responses((status = 200, body = GridDto, description = "JSON, or text/csv"),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn get_grid(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<GridQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let grid = state
        .classrooms
        .grid(id, me.user_id, q.rule()?, q.sort()?)
        .await?;
    if wants_csv(&headers, &q) {
        let body = grid_csv(&grid).map_err(ApiError::internal)?;
        let mut response = body.into_response();
        let h = response.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        );
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"grid.csv\""),
        );
        return Ok(response);
    }
    Ok(Json(grid_dto(grid)).into_response())
}

/// Who is stuck: the grid's rows with a reason, most failed attempts first.
#[utoipa::path(get, path = "/api/v1/classes/{id}/stuck", tag = "classes",
    params(("id" = Uuid, Path), GridQuery),
    responses((status = 200, body = Vec<GridRowDto>), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn list_stuck(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<GridQuery>,
) -> ApiResult<Json<Vec<GridRowDto>>> {
    let grid = state
        .classrooms
        .grid(id, me.user_id, q.rule()?, GridSort::Name)
        .await?;
    let mut rows: Vec<GridRowDto> = grid_dto(grid)
        .rows
        .into_iter()
        .filter(|r| r.stuck.is_some())
        .collect();
    rows.sort_by_key(|r| {
        std::cmp::Reverse(
            r.stuck
                .as_ref()
                .and_then(|s| s.failed_attempts)
                .unwrap_or(0),
        )
    });
    Ok(Json(rows))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StudentAssignmentDto {
    pub assignment_id: Uuid,
    pub title: String,
    pub due_at: Option<DateTime<Utc>>,
    pub cell: CellDto,
    /// The newest failed attempt at an unfinished item (readable by the class's teachers
    /// at `/classes/{id}/submissions/{submissionId}`).
    pub last_failed_submission_id: Option<Uuid>,
    /// Its first failing test: the name and the learner-facing message.
    pub last_failing_message: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StudentDetailDto {
    pub student: MemberDto,
    pub assignments: Vec<StudentAssignmentDto>,
    /// Time on the assigned items.
    pub time_spent_seconds: i64,
    pub attempts: i64,
    /// How many questions they asked the tutor (never the conversations).
    pub tutor_questions: i64,
    pub stuck: Option<StuckDto>,
}

fn detail_dto(d: StudentDetail) -> StudentDetailDto {
    StudentDetailDto {
        stuck: d.stuck.as_ref().map(stuck_dto),
        assignments: d
            .assignments
            .into_iter()
            .map(|a| StudentAssignmentDto {
                cell: cell_dto(a.assignment.id, &a.cell),
                assignment_id: a.assignment.id,
                title: a.assignment.title,
                due_at: a.assignment.due_at,
                last_failed_submission_id: a.last_failed_submission,
                last_failing_message: a.last_failing_message,
            })
            .collect(),
        student: d.student.into(),
        time_spent_seconds: d.time_spent_seconds,
        attempts: d.attempts,
        tutor_questions: d.tutor_questions,
    }
}

/// One student of the class in detail (teachers of the class).
#[utoipa::path(get, path = "/api/v1/classes/{id}/students/{user_id}", tag = "classes",
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path), GridQuery),
    responses((status = 200, body = StudentDetailDto), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn get_student(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
    Query(q): Query<GridQuery>,
) -> ApiResult<Json<StudentDetailDto>> {
    let d = state
        .classrooms
        .student_detail(id, me.user_id, user_id, q.rule()?)
        .await?;
    Ok(Json(detail_dto(d)))
}

/// A student's attempt at an assigned item, as its teachers read it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionDto {
    pub id: Uuid,
    pub user_id: Uuid,
    pub content_id: Uuid,
    pub language: String,
    pub code: String,
    pub passed: bool,
    /// Per-test results as the learner saw them.
    #[schema(value_type = Object)]
    pub results: serde_json::Value,
    pub created_at: DateTime<Utc>,
    /// A teacher's re-grade of this code against the exercise as it is now; the grid
    /// counts it over `passed`.
    pub regrade: Option<RegradeVerdictDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegradeVerdictDto {
    pub passed: bool,
    #[schema(value_type = Object)]
    pub results: serde_json::Value,
    pub regraded_at: DateTime<Utc>,
}

pub fn submission_dto(owner: Uuid, s: codestead_store::learning::Submission) -> SubmissionDto {
    SubmissionDto {
        id: s.id,
        user_id: owner,
        content_id: s.content_id,
        language: s.language,
        code: s.code,
        passed: s.passed,
        results: s.results,
        created_at: s.created_at,
        regrade: s.regrade.map(|r| RegradeVerdictDto {
            passed: r.passed,
            results: r.results,
            regraded_at: r.at,
        }),
    }
}

/// Read a student's attempt (teachers of a class whose assignments cover the item).
#[utoipa::path(get, path = "/api/v1/classes/{id}/submissions/{submission_id}", tag = "classes",
    params(("id" = Uuid, Path), ("submission_id" = Uuid, Path)),
    responses((status = 200, body = SubmissionDto), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn get_class_submission(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path((id, submission_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<SubmissionDto>> {
    let (owner, s) = state
        .classrooms
        .submission(id, me.user_id, submission_id)
        .await?;
    Ok(Json(submission_dto(owner, s)))
}
