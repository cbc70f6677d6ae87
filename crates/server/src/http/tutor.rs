//! `/api/v1/tutor/*`: ask the tutor (JSON, or streamed as server-sent events), past
//! conversations, ratings and personalised suggestions.

use std::convert::Infallible;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use garde::Validate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use codestead_tutor::{CancellationToken, TutorEvent};

use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{CurrentUser, ValidJson};
use crate::state::AppState;
use crate::tutor::{Question, Usage};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tutor/messages", post(send_message))
        .route("/tutor/messages/{id}/rating", post(rate_message))
        .route("/tutor/conversations", get(list_conversations))
        .route("/tutor/conversations/{id}", get(get_conversation))
        .route("/tutor/suggestions", get(list_suggestions))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        send_message,
        rate_message,
        list_conversations,
        get_conversation,
        list_suggestions
    ),
    components(schemas(
        TutorRequest,
        TutorContextDto,
        TutorResponse,
        RatingRequest,
        ConversationSummary,
        ConversationDetail,
        TutorMessageDto,
        SuggestionDto,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Deserialize, Validate, ToSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TutorContextDto {
    #[garde(inner(length(max = 65536)))]
    pub code: Option<String>,
    #[garde(inner(custom(valid_language)))]
    pub language: Option<String>,
    /// A lesson or exercise id or slug.
    #[garde(inner(length(min = 1, max = 200)))]
    pub content_id: Option<String>,
    /// The last run's error or compiler output. Long output (a g++ template error, a deep
    /// stack trace) is accepted up to 1 MiB and trimmed server-side to the first error and the
    /// learner's own frames.
    #[garde(inner(length(max = 1048576)))]
    pub error_message: Option<String>,
    #[garde(inner(custom(valid_skill)))]
    pub skill_level: Option<String>,
    /// Failing exercise tests: their learner-facing messages, or `{name, message}` objects.
    #[garde(inner(length(max = 50)))]
    pub failing_tests: Option<Vec<FailingTestDto>>,
    /// What the learner expected the program to print (all of it, or the line that is wrong).
    #[garde(inner(length(max = 65536)))]
    pub expected_output: Option<String>,
    /// What the program printed.
    #[garde(inner(length(max = 262144)))]
    pub actual_output: Option<String>,
    /// The learner's stored execution (`POST /executions`) the question is about; its status,
    /// output and error are read from it.
    #[garde(skip)]
    pub execution_id: Option<Uuid>,
    /// The run's status, when the client knows it (`runtime_error`, `timeout`, ...).
    #[garde(inner(length(max = 40)))]
    pub status: Option<String>,
    #[garde(skip)]
    pub exit_code: Option<i32>,
    #[garde(skip)]
    pub signal: Option<i32>,
}

/// A failing test as the client sends it: its message alone, or its name and message.
#[derive(Debug, Deserialize, Clone, ToSchema)]
#[serde(untagged)]
pub enum FailingTestDto {
    /// The test's learner-facing message.
    Message(String),
    /// The test's name and message; the message is used when both are given.
    Named {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        message: Option<String>,
    },
}

impl FailingTestDto {
    /// The text the tutor sees: the message, else the name.
    fn text(self) -> Option<String> {
        let t = match self {
            FailingTestDto::Message(m) => m,
            FailingTestDto::Named { name, message } => message.or(name)?,
        };
        (!t.trim().is_empty()).then(|| t.chars().take(2000).collect())
    }
}

fn valid_language(v: &str, _: &()) -> garde::Result {
    if ["python", "javascript", "java", "cpp"].contains(&v) {
        Ok(())
    } else {
        Err(garde::Error::new("must be python, javascript, java or cpp"))
    }
}

fn valid_skill(v: &str, _: &()) -> garde::Result {
    if ["beginner", "intermediate", "advanced"].contains(&v) {
        Ok(())
    } else {
        Err(garde::Error::new(
            "must be beginner, intermediate or advanced",
        ))
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TutorRequest {
    #[garde(skip)]
    pub conversation_id: Option<Uuid>,
    #[garde(length(min = 1, max = 4000))]
    pub query: String,
    #[garde(dive)]
    #[serde(default)]
    pub context: TutorContextDto,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TutorResponse {
    pub conversation_id: Uuid,
    pub message_id: Uuid,
    /// Markdown.
    pub response: String,
    pub tokens_used: u64,
    /// `offline`, `openai` or `anthropic`.
    pub provider: String,
    pub cached: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingRequest {
    #[garde(range(min = 1, max = 5))]
    pub rating: i32,
    #[garde(inner(length(max = 2000)))]
    pub feedback: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationSummary {
    pub id: Uuid,
    pub title: String,
    pub language: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TutorMessageDto {
    pub id: Uuid,
    pub role: String,
    pub content: String,
    pub provider: Option<String>,
    pub rating: Option<i32>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationDetail {
    #[serde(flatten)]
    pub summary: ConversationSummary,
    pub messages: Vec<TutorMessageDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SuggestionDto {
    /// A question the learner could ask next.
    pub text: String,
    /// Why it is suggested.
    pub reason: String,
    pub language: Option<String>,
}

fn wants_stream(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/event-stream"))
}

/// Ask the tutor. With `Accept: text/event-stream` the answer streams as `delta` events
/// `{text}` and ends with `done` `{conversationId, messageId, tokensUsed, provider}`.
#[utoipa::path(post, path = "/api/v1/tutor/messages", tag = "tutor", request_body = TutorRequest,
    responses((status = 200, body = TutorResponse, description = "JSON, or an SSE stream with Accept: text/event-stream"),
              (status = 404, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem, description = "quota_exceeded")),
    security(("bearer" = [])))]
async fn send_message(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    headers: HeaderMap,
    ValidJson(body): ValidJson<TutorRequest>,
) -> ApiResult<Response> {
    let service = state.tutor.clone();
    let ctx = body.context;
    let question = Question {
        conversation_id: body.conversation_id,
        query: body.query,
        code: ctx.code,
        language: ctx.language,
        content_id: ctx.content_id,
        error_message: ctx.error_message,
        skill_level: ctx.skill_level,
        failing_tests: ctx
            .failing_tests
            .map(|t| t.into_iter().filter_map(FailingTestDto::text).collect()),
        expected_output: ctx.expected_output,
        actual_output: ctx.actual_output,
        execution_id: ctx.execution_id,
        status: ctx.status,
        exit_code: ctx.exit_code,
        signal: ctx.signal,
    };
    let prepared = service.prepare(&principal, question).await?;
    let cached = service.cached(&prepared);

    if !wants_stream(&headers) {
        let (text, provider, usage, from_cache) = match cached {
            Some(c) => (c.text, c.provider, Usage::default(), true),
            None => {
                let reply = service
                    .tutor()
                    .respond_text(prepared.turn.clone(), CancellationToken::new())
                    .await;
                let usage = Usage::of(&reply.summary);
                (reply.text, reply.summary.provider, usage, false)
            }
        };
        let tokens = usage.total();
        let stored = service
            .finish(&principal, &prepared, &text, provider, usage, from_cache)
            .await?;
        return Ok(Json(TutorResponse {
            conversation_id: stored.conversation_id,
            message_id: stored.message_id,
            response: text,
            tokens_used: tokens,
            provider: provider.to_owned(),
            cached: from_cache,
        })
        .into_response());
    }

    let (tx, rx) = tokio::sync::mpsc::channel::<Event>(32);
    let cancel = CancellationToken::new();
    tokio::spawn(async move {
        let delta = |text: &str| {
            Event::default()
                .event("delta")
                .data(json!({ "text": text }).to_string())
        };
        let mut answer = String::new();
        let (provider, usage, from_cache) = match cached {
            Some(c) => {
                let _ = tx.send(delta(&c.text)).await;
                answer = c.text;
                (c.provider, Usage::default(), true)
            }
            None => {
                let mut events = service
                    .tutor()
                    .respond(prepared.turn.clone(), cancel.clone());
                let mut summary = None;
                while let Some(event) = events.next().await {
                    match event {
                        TutorEvent::Delta(text) => {
                            answer.push_str(&text);
                            if tx.send(delta(&text)).await.is_err() {
                                // The learner went away: stop the provider too.
                                cancel.cancel();
                                return;
                            }
                        }
                        TutorEvent::Done(s) => summary = Some(s),
                    }
                }
                let Some(summary) = summary else { return };
                if summary.cancelled {
                    return;
                }
                (summary.provider, Usage::of(&summary), false)
            }
        };
        let tokens = usage.total();
        let done = match service
            .finish(&principal, &prepared, &answer, provider, usage, from_cache)
            .await
        {
            Ok(stored) => Event::default().event("done").data(
                json!({
                    "conversationId": stored.conversation_id,
                    "messageId": stored.message_id,
                    "tokensUsed": tokens,
                    "provider": provider,
                    "cached": from_cache,
                })
                .to_string(),
            ),
            Err(err) => Event::default()
                .event("error")
                .data(json!({ "code": err.code, "detail": err.detail }).to_string()),
        };
        let _ = tx.send(done).await;
    });
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|event| (Ok::<_, Infallible>(event), rx))
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// Rate one of your tutor's answers (1–5).
#[utoipa::path(post, path = "/api/v1/tutor/messages/{id}/rating", tag = "tutor", params(("id" = Uuid, Path)),
    request_body = RatingRequest, responses((status = 204), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn rate_message(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<Uuid>,
    ValidJson(body): ValidJson<RatingRequest>,
) -> ApiResult<StatusCode> {
    if !state
        .store
        .rate_message(principal.user_id, id, body.rating, body.feedback)
        .await?
    {
        return Err(ApiError::not_found("No such tutor answer."));
    }
    metrics::counter!("tutor_ratings_total", "rating" => body.rating.to_string()).increment(1);
    Ok(StatusCode::NO_CONTENT)
}

/// Your conversations, most recent first.
#[utoipa::path(get, path = "/api/v1/tutor/conversations", tag = "tutor",
    responses((status = 200, body = Vec<ConversationSummary>)), security(("bearer" = [])))]
async fn list_conversations(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> ApiResult<Json<Vec<ConversationSummary>>> {
    let list = state.store.list_conversations(principal.user_id).await?;
    Ok(Json(
        list.into_iter()
            .map(|c| ConversationSummary {
                id: c.id,
                title: c.title,
                language: c.language,
                created_at: c.created_at,
                updated_at: c.updated_at,
            })
            .collect(),
    ))
}

/// One conversation with its messages (another learner's id → 404).
#[utoipa::path(get, path = "/api/v1/tutor/conversations/{id}", tag = "tutor", params(("id" = Uuid, Path)),
    responses((status = 200, body = ConversationDetail), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn get_conversation(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ConversationDetail>> {
    let c = state
        .store
        .find_conversation(principal.user_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("No such conversation."))?;
    let messages = state.store.conversation_messages(c.id).await?;
    Ok(Json(ConversationDetail {
        summary: ConversationSummary {
            id: c.id,
            title: c.title,
            language: c.language,
            created_at: c.created_at,
            updated_at: c.updated_at,
        },
        messages: messages
            .into_iter()
            .map(|m| TutorMessageDto {
                id: m.id,
                role: m.role,
                content: m.content,
                provider: m.provider,
                rating: m.rating,
                created_at: m.created_at,
            })
            .collect(),
    }))
}

/// Questions worth asking, from your recent errors and what you are learning.
#[utoipa::path(get, path = "/api/v1/tutor/suggestions", tag = "tutor",
    responses((status = 200, body = Vec<SuggestionDto>)), security(("bearer" = [])))]
async fn list_suggestions(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> ApiResult<Json<Vec<SuggestionDto>>> {
    let mut suggestions = Vec::new();
    for run in state.store.list_executions(principal.user_id, 10).await? {
        if suggestions.len() >= 2 {
            break;
        }
        if matches!(
            run.status.as_str(),
            "runtime_error" | "compile_error" | "timeout" | "memory_limit"
        ) {
            let kind = run.status.replace('_', " ");
            suggestions.push(SuggestionDto {
                text: format!("Why did my {} program end with a {kind}?", run.language),
                reason: format!(
                    "Your run at {} ended with a {kind}.",
                    run.created_at.format("%H:%M")
                ),
                language: Some(run.language),
            });
        }
    }
    let progress = state.learning.progress_map(Some(principal.user_id)).await?;
    let mut started: Vec<_> = progress
        .values()
        .filter(|p| p.completed_at.is_none())
        .collect();
    started.sort_by_key(|p| std::cmp::Reverse(p.updated_at));
    for p in started.into_iter().take(2) {
        if let Ok(item) = state.learning.find_by_id(p.content_id) {
            suggestions.push(SuggestionDto {
                text: format!(
                    "Can you explain the main idea of \"{}\" with a small example?",
                    item.title
                ),
                reason: "You started this and have not finished it yet.".into(),
                language: Some(item.category.clone()),
            });
        }
    }
    if suggestions.is_empty() {
        suggestions.push(SuggestionDto {
            text: "What is a for loop, and when should I use one?".into(),
            reason: "A good first question.".into(),
            language: None,
        });
    }
    Ok(Json(suggestions))
}
