//! LTI 1.3 over HTTP: the tool endpoints a platform calls (`/lti/login`, `/lti/launch`,
//! `/lti/jwks`, `/lti/deep-link`) and the administrator's platform registry
//! (`/api/v1/admin/lti/*`). The protocol lives in `crate::lti`; this module maps its
//! errors to problem details and renders the two small HTML pages deep linking needs.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use codestead_curriculum::ItemKind;
use codestead_store::lti::Platform;

use crate::auth::service::ClientInfo;
use crate::domain::ErrorCode;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{AdminUser, ValidJson};
use crate::http::auth::with_session_cookies;
use crate::lti::{
    LaunchForm, Launched, LoginInitiation, LtiError, PlatformInput, deep_link, state_cookie_name,
};
use crate::state::AppState;

/// The tool endpoints, outside `/api/v1`: their paths are what platforms are configured with.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/lti/jwks", get(get_jwks))
        .route("/lti/login", get(login_get).post(login_post))
        .route("/lti/launch", post(launch))
        .route("/lti/deep-link", post(deep_link_return))
}

/// The administrator's registry, merged under `/api/v1`.
pub fn admin_router() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/lti/platforms",
            get(list_platforms).post(create_platform),
        )
        .route("/admin/lti/platforms/{id}", delete(delete_platform))
        .route("/admin/lti/tool", get(get_tool))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        get_jwks,
        login_get,
        login_post,
        launch,
        deep_link_return,
        list_platforms,
        create_platform,
        delete_platform,
        get_tool
    ),
    components(schemas(PlatformDto, CreatePlatformRequest, ToolDto, Problem))
)]
pub struct Api;

impl From<LtiError> for ApiError {
    fn from(err: LtiError) -> Self {
        let code = err.code();
        match err {
            LtiError::Invalid(fields) => ApiError::validation(fields),
            LtiError::PlatformTaken => ApiError::conflict(
                code,
                "clientId",
                "A platform with this issuer and client id is registered already.",
            ),
            LtiError::PlatformNotFound => ApiError::not_found("No such LTI platform."),
            LtiError::UnknownPlatform => ApiError::bad_request(
                code,
                "No LTI platform with this issuer (and client id) is registered here.",
            ),
            LtiError::StateMismatch => ApiError::bad_request(
                code,
                "This launch does not answer a login started in this browser (the state is \
                 unknown, expired or used). Start again from the course.",
            ),
            LtiError::InvalidSignature(why) => {
                ApiError::unauthorized(code, format!("The id_token is not trusted: {why}."))
            }
            LtiError::WrongAudience => ApiError::unauthorized(
                code,
                "The id_token is not addressed to Codestead's client id (aud/azp).",
            ),
            LtiError::Expired => ApiError::unauthorized(code, "The id_token has expired."),
            LtiError::UnknownDeployment => ApiError::unauthorized(
                code,
                "The deployment id is not registered for this platform.",
            ),
            LtiError::NonceReplayed => ApiError::unauthorized(
                code,
                "This id_token's nonce was used before: a launch is accepted once.",
            ),
            LtiError::NonceMismatch => {
                ApiError::unauthorized(code, "The id_token's nonce is not the one this login sent.")
            }
            LtiError::InvalidClaim { claim, message } => {
                let mut problem =
                    ApiError::bad_request(code, format!("The LTI claim `{claim}` {message}."));
                problem.fields = Some([(claim, message)].into());
                problem
            }
            LtiError::UnknownContent => ApiError::new(
                StatusCode::NOT_FOUND,
                code,
                "The launch names no exercise or lesson of this server.",
            ),
            LtiError::NotInstructor => ApiError::forbidden(
                code,
                "Only a course's instructors may choose Codestead content.",
            ),
            LtiError::PlatformUnavailable(why) => {
                tracing::warn!(%why, "LTI platform unreachable");
                ApiError::unavailable(
                    code,
                    "The learning platform's keys could not be fetched just now; retry shortly.",
                    std::time::Duration::from_secs(10),
                )
            }
            LtiError::Store(e) => e.into(),
            LtiError::Account(e) => e.into(),
            LtiError::Internal(why) => ApiError::internal(why),
        }
    }
}

/// A form that did not parse, as the API's validation error.
fn form_problem(rejection: FormRejection) -> ApiError {
    ApiError::bad_request(ErrorCode::MalformedForm, rejection.body_text())
}

// ---- tool endpoints ----

/// Codestead's public keys, for the platform to verify deep-linking responses and AGS
/// client assertions.
#[utoipa::path(get, path = "/lti/jwks", tag = "lti",
    responses((status = 200, description = "a JWK set (RS256)")))]
async fn get_jwks(State(state): State<AppState>) -> Response {
    let mut response = Json(state.lti.jwks()).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

fn login_response(
    state: &AppState,
    jar: CookieJar,
    redirect: crate::lti::LoginRedirect,
) -> Response {
    let secure = state.config.secure_cookies();
    // The platform posts the launch back cross-site: only a `SameSite=None; Secure`
    // cookie rides along. On plain http (development) browsers refuse `None` without
    // `Secure`, so Lax is the best there is (a same-site platform still works).
    let cookie = Cookie::build((state_cookie_name(&redirect.state), redirect.state.clone()))
        .path("/lti")
        .http_only(true)
        .secure(secure)
        .same_site(if secure {
            SameSite::None
        } else {
            SameSite::Lax
        })
        .max_age(time::Duration::minutes(10))
        .build();
    (jar.add(cookie), Redirect::to(&redirect.url)).into_response()
}

/// OIDC third-party login initiation (LTI Core §5.1.1), as a GET.
#[utoipa::path(get, path = "/lti/login", tag = "lti",
    params(("iss" = String, Query), ("login_hint" = String, Query), ("target_link_uri" = String, Query),
           ("lti_message_hint" = Option<String>, Query), ("client_id" = Option<String>, Query),
           ("lti_deployment_id" = Option<String>, Query)),
    responses((status = 303, description = "to the platform's auth endpoint, with state and nonce"),
              (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn login_get(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(params): Query<LoginInitiation>,
) -> ApiResult<Response> {
    let redirect = state.lti.begin_login(params).await?;
    Ok(login_response(&state, jar, redirect))
}

/// OIDC third-party login initiation, as a form POST.
#[utoipa::path(post, path = "/lti/login", tag = "lti",
    request_body(content_type = "application/x-www-form-urlencoded", description = "iss, login_hint, target_link_uri, lti_message_hint?, client_id?, lti_deployment_id?"),
    responses((status = 303, description = "to the platform's auth endpoint, with state and nonce"),
              (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn login_post(
    State(state): State<AppState>,
    jar: CookieJar,
    form: Result<Form<LoginInitiation>, FormRejection>,
) -> ApiResult<Response> {
    let Form(params) = form.map_err(form_problem)?;
    let redirect = state.lti.begin_login(params).await?;
    Ok(login_response(&state, jar, redirect))
}

/// The launch (the platform's form post of the `id_token`): a resource link signs the
/// learner in and lands them on the item; a deep-linking request shows the picker.
#[utoipa::path(post, path = "/lti/launch", tag = "lti",
    request_body(content_type = "application/x-www-form-urlencoded", description = "id_token, state"),
    responses((status = 303, description = "signed in; to the exercise or lesson page"),
              (status = 200, description = "the deep-linking picker (HTML)", content_type = "text/html"),
              (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 503, body = Problem)))]
async fn launch(
    State(state): State<AppState>,
    client: ClientInfo,
    jar: CookieJar,
    form: Result<Form<LaunchForm>, FormRejection>,
) -> ApiResult<Response> {
    let Form(form) = form.map_err(form_problem)?;
    let cookie_name = form.state.as_deref().map(state_cookie_name);
    let browser_has_state = match (&cookie_name, &form.state) {
        (Some(name), Some(value)) => jar.get(name).is_some_and(|c| c.value() == value),
        _ => false,
    };
    let launched = state.lti.launch(form, browser_has_state, &client).await?;
    let jar = match cookie_name {
        Some(name) => jar.remove(Cookie::build(name).path("/lti")),
        None => jar,
    };
    Ok(match launched {
        Launched::Learner { tokens, item_slug } => {
            let jar = with_session_cookies(&state, jar, &tokens);
            (jar, Redirect::to(&format!("/learn/{item_slug}"))).into_response()
        }
        Launched::DeepLink(picker) => (jar, picker_page(&picker)).into_response(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeepLinkForm {
    context: Option<String>,
    content_id: Option<String>,
}

/// The picker's choice: answers with a page that posts the signed LtiDeepLinkingResponse
/// to the platform's return URL.
#[utoipa::path(post, path = "/lti/deep-link", tag = "lti",
    request_body(content_type = "application/x-www-form-urlencoded", description = "context (from the picker), contentId"),
    responses((status = 200, description = "an auto-submitting form posting `JWT` to the platform", content_type = "text/html"),
              (status = 422, body = Problem)))]
async fn deep_link_return(
    State(state): State<AppState>,
    form: Result<Form<DeepLinkForm>, FormRejection>,
) -> ApiResult<Response> {
    let Form(form) = form.map_err(form_problem)?;
    let (Some(context), Some(content)) = (form.context, form.content_id) else {
        return Err(ApiError::field("contentId", "choose an exercise or lesson"));
    };
    let response = state.lti.deep_link_response(&context, &content).await?;
    Ok(return_page(&response))
}

// ---- the two HTML pages ----

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const PAGE_STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;padding:1rem;line-height:1.5;\
color:#1a1a1a;background:#fff}main{max-width:42rem;margin:auto}fieldset{border:1px solid #888;\
border-radius:.5rem;margin:0 0 1rem;padding:.5rem 1rem}legend{font-weight:600}label{display:block;\
padding:.35rem 0}small{color:#555}button{font:inherit;padding:.5rem 1.25rem;border-radius:.4rem;\
border:2px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}button:focus-visible,\
input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}";

/// The page's own CSP: the site-wide one forbids framing and cross-origin forms, both of
/// which deep linking needs, for the platform's origins only.
fn with_policy(
    body: String,
    form_action: &str,
    script_nonce: Option<&str>,
    frame: &[String],
) -> Response {
    let frame_ancestors = if frame.is_empty() {
        "'none'".to_owned()
    } else {
        frame.join(" ")
    };
    let script = script_nonce
        .map(|n| format!("script-src 'nonce-{n}'; "))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'none'; style-src 'unsafe-inline'; {script}form-action {form_action}; \
         frame-ancestors {frame_ancestors}; base-uri 'none'"
    );
    let mut response = Html(body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    // Superseded by `frame-ancestors` in every current browser; set so the site-wide
    // DENY is not added on top.
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn picker_page(picker: &deep_link::Picker) -> Response {
    let mut groups = String::new();
    for group in &picker.groups {
        groups.push_str(&format!(
            "<fieldset><legend>{}</legend>",
            escape(&group.track)
        ));
        for item in &group.items {
            let kind = match item.kind {
                ItemKind::Exercise => "exercise",
                ItemKind::Lesson => "lesson",
            };
            groups.push_str(&format!(
                "<label><input type=\"radio\" name=\"contentId\" value=\"{}\" required> {} <small>({kind})</small></label>",
                item.id,
                escape(&item.title)
            ));
        }
        groups.push_str("</fieldset>");
    }
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Choose Codestead content</title><style>{PAGE_STYLE}</style></head><body><main>\
<h1>Add Codestead content to your course</h1>\
<p>Choose one exercise or lesson for {platform}. Learners who pass it get full marks in the gradebook.</p>\
<form method=\"post\" action=\"/lti/deep-link\">\
<input type=\"hidden\" name=\"context\" value=\"{context}\">{groups}\
<button type=\"submit\">Add to the course</button></form></main></body></html>",
        platform = escape(&picker.platform_name),
        context = escape(&picker.context),
    );
    with_policy(body, "'self'", None, &picker.platform_origins)
}

fn return_page(response: &deep_link::Response) -> Response {
    let nonce = crate::auth::tokens::opaque_token();
    let target = deep_link::origin_of(&response.return_url).unwrap_or_else(|| "'none'".into());
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Returning to your course</title><style>{PAGE_STYLE}</style></head><body><main>\
<form id=\"lti-return\" method=\"post\" action=\"{action}\">\
<input type=\"hidden\" name=\"JWT\" value=\"{jwt}\">\
<p>Returning to your course…</p><button type=\"submit\">Return to the course</button></form>\
<script nonce=\"{nonce}\">document.getElementById('lti-return').submit();</script>\
</main></body></html>",
        action = escape(&response.return_url),
        jwt = escape(&response.jwt),
    );
    with_policy(body, &target, Some(&nonce), &response.platform_origins)
}

// ---- the administrator's registry ----

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlatformDto {
    pub id: Uuid,
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    pub deployment_ids: Vec<String>,
    pub jwks_url: String,
    pub auth_url: String,
    pub token_url: String,
    pub created_at: DateTime<Utc>,
}

impl From<Platform> for PlatformDto {
    fn from(p: Platform) -> Self {
        Self {
            id: p.id,
            name: p.name,
            issuer: p.issuer,
            client_id: p.client_id,
            deployment_ids: p.deployment_ids,
            jwks_url: p.jwks_url,
            auth_url: p.auth_url,
            token_url: p.token_url,
            created_at: p.created_at,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatePlatformRequest {
    /// Shown to administrators; default: the issuer.
    #[garde(inner(length(max = 100)))]
    pub name: Option<String>,
    /// The platform's `iss` (Moodle: its site URL; Canvas: `https://canvas.instructure.com`).
    #[garde(length(min = 1, max = 2048))]
    pub issuer: String,
    /// The client id the platform gave Codestead.
    #[garde(length(min = 1, max = 255))]
    pub client_id: String,
    #[garde(length(min = 1, max = 100))]
    pub deployment_ids: Vec<String>,
    /// The platform's public keys.
    #[garde(length(min = 1, max = 2048))]
    pub jwks_url: String,
    /// The platform's OIDC authorization endpoint.
    #[garde(length(min = 1, max = 2048))]
    pub auth_url: String,
    /// The platform's OAuth 2 token endpoint (for AGS).
    #[garde(length(min = 1, max = 2048))]
    pub token_url: String,
}

/// The registered platforms, oldest first.
#[utoipa::path(get, path = "/api/v1/admin/lti/platforms", tag = "admin",
    responses((status = 200, body = Vec<PlatformDto>), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list_platforms(
    State(state): State<AppState>,
    _admin: AdminUser,
) -> ApiResult<Json<Vec<PlatformDto>>> {
    let platforms = state.lti.platforms().await?;
    Ok(Json(platforms.into_iter().map(Into::into).collect()))
}

/// Registers a platform (an LMS) whose launches Codestead accepts.
#[utoipa::path(post, path = "/api/v1/admin/lti/platforms", tag = "admin", request_body = CreatePlatformRequest,
    responses((status = 201, body = PlatformDto), (status = 403, body = Problem),
              (status = 409, body = Problem, description = "lti_platform_taken"), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_platform(
    State(state): State<AppState>,
    _admin: AdminUser,
    ValidJson(body): ValidJson<CreatePlatformRequest>,
) -> ApiResult<(StatusCode, Json<PlatformDto>)> {
    let platform = state
        .lti
        .register_platform(PlatformInput {
            name: body.name,
            issuer: body.issuer,
            client_id: body.client_id,
            deployment_ids: body.deployment_ids,
            jwks_url: body.jwks_url,
            auth_url: body.auth_url,
            token_url: body.token_url,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(platform.into())))
}

/// Removes a platform: its launches stop being accepted and undelivered scores are
/// dropped; the accounts its learners used stay.
#[utoipa::path(delete, path = "/api/v1/admin/lti/platforms/{id}", tag = "admin", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn delete_platform(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    state.lti.remove_platform(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToolDto {
    /// OIDC login initiation URL.
    pub login_url: String,
    /// Target link / redirect URI.
    pub launch_url: String,
    /// Codestead's public keyset URL.
    pub jwks_url: String,
    /// Deep-linking URL (the launch URL; the message type tells them apart).
    pub deep_link_url: String,
    /// The current signing key's id.
    pub key_id: String,
}

/// What to type into the platform when registering Codestead there.
#[utoipa::path(get, path = "/api/v1/admin/lti/tool", tag = "admin",
    responses((status = 200, body = ToolDto), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn get_tool(State(state): State<AppState>, _admin: AdminUser) -> Json<ToolDto> {
    let urls = state.lti.tool_urls();
    Json(ToolDto {
        login_url: urls.login_url,
        launch_url: urls.launch_url,
        jwks_url: urls.jwks_url,
        deep_link_url: urls.deep_link_url,
        key_id: state.lti.key_id().to_owned(),
    })
}
