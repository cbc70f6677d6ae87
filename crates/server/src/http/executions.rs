//! `/api/v1/executions` and `/api/v1/languages`: run code in the sandbox, see history.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use codestead_sandbox::{Crash, Language, RunRequest, SourceFile, Trace};
use codestead_store::executions::Execution;

use crate::error::{ApiError, ApiResult, Problem};
use crate::exec::RunReport;
use crate::extract::{CurrentUser, ValidJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/executions", post(create_execution).get(list_executions))
        .route("/languages", get(list_languages))
}

#[derive(OpenApi)]
#[openapi(
    paths(create_execution, list_executions, list_languages),
    components(schemas(
        ExecutionRequest,
        FileDto,
        ExecutionResponse,
        TraceDto,
        TraceStepDto,
        TraceExceptionDto,
        CrashDto,
        LanguageDto,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Deserialize, Serialize, Validate, ToSchema, Clone)]
pub struct FileDto {
    #[garde(length(min = 1, max = 200))]
    pub path: String,
    #[garde(length(max = 65536))]
    pub content: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExecutionRequest {
    /// `python`, `javascript`, `java` or `cpp`.
    #[garde(length(min = 1, max = 20))]
    pub language: String,
    /// A single-file program (the language's default file name).
    #[garde(inner(length(max = 65536)))]
    pub code: Option<String>,
    /// A multi-file program.
    #[garde(dive)]
    pub files: Option<Vec<FileDto>>,
    #[garde(inner(length(min = 1, max = 200)))]
    pub entry: Option<String>,
    #[garde(inner(length(max = 65536)))]
    pub stdin: Option<String>,
    /// Without `code`/`files`: run this project's files; with them: file the run under it.
    #[garde(skip)]
    pub project_id: Option<Uuid>,
    /// Record an execution trace (Python and JavaScript; Java and C++ run normally, without one).
    #[garde(skip)]
    pub trace: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionResponse {
    pub id: Uuid,
    /// `ok`, `compile_error`, `runtime_error`, `timeout`, `memory_limit`, `output_limit`, `internal_error`.
    pub status: String,
    pub language: String,
    pub stdout: String,
    pub stderr: String,
    pub compile_output: Option<String>,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    pub execution_time_ms: i64,
    pub cpu_time_ms: i64,
    pub memory_bytes: i64,
    pub cached: bool,
    pub created_at: DateTime<Utc>,
    /// With `trace: true`, for a language with a tracer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<TraceDto>,
    /// For a `runtime_error`: what failed and on which of the learner's lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crash: Option<CrashDto>,
}

/// An execution trace: one step per line run in the learner's files, capped at 10,000 steps.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceDto {
    pub steps: Vec<TraceStepDto>,
    /// A cap was reached (steps, size, tracing time) or the run was killed: a prefix of the run.
    pub truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<TraceExceptionDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceStepDto {
    /// The line about to run (`line` event), returning (`return`) or raising (`exception`).
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// The submission's file, when not the entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Variables in scope, each as a repr of at most 200 characters.
    pub locals: BTreeMap<String, String>,
    /// Output printed since the previous step; the output so far is the concatenation over
    /// the steps up to this one.
    pub stdout: String,
    /// `line`, `return` or `exception`.
    pub event: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_value: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceExceptionDto {
    /// `Type: message`.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrashDto {
    /// `segmentation_fault`, `null_dereference`, `index_out_of_range`, `division_by_zero`,
    /// `stack_overflow`, `use_after_free`, `undefined_behavior`, `abort`, `bus_error`,
    /// `illegal_instruction`, `syntax_error`, `uncaught_exception` or `signal`.
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    /// The exception or sanitizer report, `Type: message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
    /// For the learner: "crashed: segmentation fault on line 11".
    pub message: String,
}

impl From<Trace> for TraceDto {
    fn from(t: Trace) -> Self {
        Self {
            steps: t
                .steps
                .into_iter()
                .map(|s| TraceStepDto {
                    line: s.line,
                    function: s.function,
                    file: s.file,
                    locals: s.locals,
                    stdout: s.stdout,
                    event: match s.event {
                        codestead_sandbox::StepEvent::Line => "line",
                        codestead_sandbox::StepEvent::Return => "return",
                        codestead_sandbox::StepEvent::Exception => "exception",
                    }
                    .to_owned(),
                    exception: s.exception,
                    return_value: s.return_value,
                })
                .collect(),
            truncated: t.truncated,
            exception: t.exception.map(|e| TraceExceptionDto {
                message: e.message,
                line: e.line,
            }),
        }
    }
}

impl From<Crash> for CrashDto {
    fn from(c: Crash) -> Self {
        Self {
            kind: c.kind.id().to_owned(),
            line: c.line,
            file: c.file,
            function: c.function,
            signal: c.signal,
            exception: c.exception,
            message: c.message,
        }
    }
}

impl ExecutionResponse {
    pub(crate) fn from_execution(e: Execution, signal: Option<i32>) -> Self {
        Self {
            id: e.id,
            status: e.status,
            language: e.language,
            stdout: e.stdout,
            stderr: e.stderr,
            compile_output: e.compile_output,
            exit_code: e.exit_code,
            signal,
            execution_time_ms: e.execution_time_ms,
            cpu_time_ms: e.cpu_time_ms,
            memory_bytes: e.memory_bytes,
            cached: e.cached,
            created_at: e.created_at,
            trace: None,
            crash: None,
        }
    }
}

impl From<RunReport> for ExecutionResponse {
    fn from(report: RunReport) -> Self {
        let mut response = Self::from_execution(report.execution, report.outcome.signal);
        response.trace = report.outcome.trace.map(Into::into);
        response.crash = report.outcome.crash.map(Into::into);
        response
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LanguageDto {
    pub id: String,
    pub name: String,
    pub version: String,
    pub available: bool,
    /// How programs are isolated: `strict`, `insecure` (the server runs with
    /// `--sandbox-insecure` on a machine that cannot isolate fully) or `unavailable`.
    pub isolation: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct HistoryQuery {
    /// 1–100, default 20.
    pub limit: Option<u64>,
}

/// Turns the wire request into a sandbox request, naming the field at fault.
pub fn run_request(body: ExecutionRequest) -> ApiResult<RunRequest> {
    let language: Language = body
        .language
        .parse()
        .map_err(|_| ApiError::field("language", "must be one of python, javascript, java, cpp"))?;
    let files = match (body.code, body.files) {
        (Some(code), None) => vec![SourceFile::new(language.default_entry(), code)],
        (None, Some(files)) if !files.is_empty() => files
            .into_iter()
            .map(|f| SourceFile::new(f.path, f.content))
            .collect(),
        (None, Some(_)) => return Err(ApiError::field("files", "must contain at least one file")),
        (None, None) => return Err(ApiError::field("code", "send `code` or `files`")),
        (Some(_), Some(_)) => {
            return Err(ApiError::field(
                "files",
                "send either `code` or `files`, not both",
            ));
        }
    };
    Ok(RunRequest {
        language,
        files,
        entry: body.entry,
        stdin: body.stdin.unwrap_or_default(),
    })
}

/// Run a program in the sandbox.
#[utoipa::path(post, path = "/api/v1/executions", tag = "executions", request_body = ExecutionRequest,
    responses((status = 200, body = ExecutionResponse), (status = 422, body = Problem),
              (status = 429, body = Problem, description = "rate_limited"), (status = 503, body = Problem, description = "queue_full")),
    security(("bearer" = [])))]
async fn create_execution(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    ValidJson(body): ValidJson<ExecutionRequest>,
) -> ApiResult<Json<ExecutionResponse>> {
    let trace = body.trace.unwrap_or(false);
    let (request, project_id) = resolve_request(&state, principal.user_id, body).await?;
    let report = state
        .executions
        .execute_with(principal.user_id, request, project_id, trace)
        .await?;
    Ok(Json(report.into()))
}

/// The sandbox request a body describes: its own code or files, or with only `projectId` (and
/// `language`, `entry`, `stdin`) the project's files; a project that is not the caller's is a
/// bad field. Shared by interactive runs.
pub async fn resolve_request(
    state: &AppState,
    user_id: Uuid,
    body: ExecutionRequest,
) -> ApiResult<(RunRequest, Option<Uuid>)> {
    let project_id = body.project_id;
    let request = match project_id {
        // Only `language` (and `entry`/`stdin`): run the project's own files.
        Some(project_id) if body.code.is_none() && body.files.is_none() => {
            let language = body.language.parse().map_err(|_| {
                ApiError::field("language", "must be one of python, javascript, java, cpp")
            })?;
            state
                .projects
                .run_request(
                    user_id,
                    project_id,
                    Some(language),
                    body.entry,
                    body.stdin.unwrap_or_default(),
                )
                .await
                .map_err(unknown_project)?
        }
        // Code sent along: run it, filed under the project (which must be the caller's).
        Some(project_id) => {
            state
                .projects
                .get(user_id, project_id)
                .await
                .map_err(unknown_project)?;
            run_request(body)?
        }
        None => run_request(body)?,
    };
    Ok((request, project_id))
}

/// A project id in the body that is not the caller's is a bad field, not a missing page.
fn unknown_project(err: crate::projects::ProjectError) -> ApiError {
    let err = ApiError::from(err);
    if err.status == axum::http::StatusCode::NOT_FOUND {
        ApiError::field("projectId", "no such project")
    } else {
        err
    }
}

/// The caller's runs, newest first.
#[utoipa::path(get, path = "/api/v1/executions", tag = "executions", params(HistoryQuery),
    responses((status = 200, body = Vec<ExecutionResponse>)), security(("bearer" = [])))]
async fn list_executions(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Query(query): Query<HistoryQuery>,
) -> ApiResult<Json<Vec<ExecutionResponse>>> {
    let limit = query.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::field("limit", "must be between 1 and 100"));
    }
    let runs = state.executions.history(principal.user_id, limit).await?;
    Ok(Json(
        runs.into_iter()
            .map(|e| ExecutionResponse::from_execution(e, None))
            .collect(),
    ))
}

/// Languages and whether this server can run them.
#[utoipa::path(get, path = "/api/v1/languages", tag = "executions", responses((status = 200, body = Vec<LanguageDto>)))]
async fn list_languages(State(state): State<AppState>) -> Json<Vec<LanguageDto>> {
    let isolation = state
        .executions
        .sandbox()
        .map_or("unavailable", |s| s.isolation().mode.id());
    Json(
        state
            .executions
            .languages()
            .into_iter()
            .map(|l| LanguageDto {
                id: l.id.id().to_owned(),
                name: l.name,
                version: l.version,
                available: l.available,
                isolation: isolation.to_owned(),
            })
            .collect(),
    )
}
