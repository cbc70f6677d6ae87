//! `/api/v1/auth/*`: registration, login, token refresh, logout, sessions, e-mail
//! verification and password reset/change.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use crate::auth::service::{ClientInfo, IssuedTokens, Registration};
use crate::auth::validate;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ACCESS_COOKIE, CurrentUser, REFRESH_COOKIE, ValidJson, parse_json};
use crate::http::dto::UserDto;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(register))
        .route("/auth/login", post(login))
        .route("/auth/refresh", post(refresh))
        .route("/auth/logout", post(logout))
        .route("/auth/sessions", get(list_sessions))
        .route("/auth/sessions/{id}", delete(revoke_session))
        .route("/auth/verify-email", post(verify_email))
        .route("/auth/resend-verification", post(resend_verification))
        .route("/auth/forgot-password", post(forgot_password))
        .route("/auth/reset-password", post(reset_password))
        .route("/auth/change-password", post(change_password))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        register,
        login,
        refresh,
        logout,
        list_sessions,
        revoke_session,
        verify_email,
        resend_verification,
        forgot_password,
        reset_password,
        change_password
    ),
    components(schemas(
        RegisterRequest,
        LoginRequest,
        RefreshRequest,
        TokenRequest,
        ForgotPasswordRequest,
        ResetPasswordRequest,
        ChangePasswordRequest,
        RegisterResponse,
        LoginResponse,
        SessionDto,
        UserDto,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterRequest {
    #[garde(email, length(max = 254))]
    #[schema(example = "ada@example.org")]
    pub email: String,
    #[garde(custom(validate::strong_password))]
    pub password: String,
    #[garde(custom(validate::name))]
    pub first_name: String,
    #[garde(custom(validate::name))]
    pub last_name: String,
    #[garde(inner(custom(validate::username)))]
    pub username: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterResponse {
    pub user: UserDto,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    #[garde(length(min = 1, max = 254))]
    pub email: String,
    #[garde(length(min = 1, max = 1024))]
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginResponse {
    pub user: UserDto,
    pub access_token: String,
    pub refresh_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token_expires_at: DateTime<Utc>,
    pub session_id: Uuid,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshRequest {
    /// Optional when the refresh cookie is sent.
    #[garde(inner(length(min = 1, max = 256)))]
    pub refresh_token: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct TokenRequest {
    #[garde(length(min = 1, max = 256))]
    pub token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ForgotPasswordRequest {
    #[garde(email, length(max = 254))]
    pub email: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResetPasswordRequest {
    #[garde(length(min = 1, max = 256))]
    pub token: String,
    #[garde(custom(validate::strong_password))]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    #[garde(length(min = 1, max = 1024))]
    pub current_password: String,
    #[garde(custom(validate::strong_password))]
    pub new_password: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionDto {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The session this request is made with.
    pub current: bool,
}

fn cookie(
    name: &'static str,
    value: String,
    path: &'static str,
    max_age: i64,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build((name, value))
        .path(path)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::seconds(max_age.max(0)))
        .build()
}

/// The refresh cookie is scoped to the auth endpoints: it never rides along elsewhere.
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

pub(crate) fn with_session_cookies(
    state: &AppState,
    jar: CookieJar,
    issued: &IssuedTokens,
) -> CookieJar {
    let secure = state.config.secure_cookies();
    let now = state.clock.now();
    jar.add(cookie(
        ACCESS_COOKIE,
        issued.access_token.clone(),
        "/",
        (issued.access_token_expires_at - now).num_seconds(),
        secure,
    ))
    .add(cookie(
        REFRESH_COOKIE,
        issued.refresh_token.clone(),
        REFRESH_COOKIE_PATH,
        (issued.refresh_token_expires_at - now).num_seconds(),
        secure,
    ))
}

fn without_session_cookies(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(ACCESS_COOKIE).path("/"))
        .remove(Cookie::build(REFRESH_COOKIE).path(REFRESH_COOKIE_PATH))
}

fn login_response(issued: IssuedTokens) -> LoginResponse {
    LoginResponse {
        session_id: issued.session.id,
        access_token: issued.access_token,
        refresh_token: issued.refresh_token,
        access_token_expires_at: issued.access_token_expires_at,
        refresh_token_expires_at: issued.refresh_token_expires_at,
        user: issued.user.into(),
    }
}

/// Create an account; a verification e-mail is sent.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = RegisterResponse), (status = 409, body = Problem, description = "email_taken"),
              (status = 422, body = Problem), (status = 429, body = Problem, description = "rate_limited")))]
#[tracing::instrument(skip_all, err(Debug))]
async fn register(
    State(state): State<AppState>,
    client: ClientInfo,
    ValidJson(body): ValidJson<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<RegisterResponse>)> {
    let user = state
        .accounts
        .register(
            Registration {
                email: body.email,
                password: body.password,
                first_name: body.first_name,
                last_name: body.last_name,
                username: body.username,
            },
            &client,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(RegisterResponse { user: user.into() }),
    ))
}

/// Sign in; returns tokens and sets HttpOnly cookies.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = Problem, description = "invalid_credentials"),
              (status = 429, body = Problem, description = "account_locked or rate_limited")))]
#[tracing::instrument(skip_all, err(Debug))]
async fn login(
    State(state): State<AppState>,
    client: ClientInfo,
    jar: CookieJar,
    ValidJson(body): ValidJson<LoginRequest>,
) -> ApiResult<(CookieJar, Json<LoginResponse>)> {
    let issued = state
        .accounts
        .login(&body.email, body.password, &client)
        .await?;
    let jar = with_session_cookies(&state, jar, &issued);
    Ok((jar, Json(login_response(issued))))
}

/// Exchange a refresh token (body or cookie) for a new pair; the old one is spent.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body(content = Option<RefreshRequest>, description = "optional when the refresh cookie is sent"),
    responses((status = 200, body = LoginResponse), (status = 401, body = Problem)))]
#[tracing::instrument(skip_all, err(Debug))]
async fn refresh(
    State(state): State<AppState>,
    client: ClientInfo,
    jar: CookieJar,
    body: Bytes,
) -> ApiResult<Response> {
    let from_body = if body.iter().any(|b| !b.is_ascii_whitespace()) {
        let request: RefreshRequest = parse_json(&body)?;
        request
            .validate()
            .map_err(|_| ApiError::field("refreshToken", "must be 1 to 256 characters"))?;
        request.refresh_token
    } else {
        None
    };
    let Some(presented) =
        from_body.or_else(|| jar.get(REFRESH_COOKIE).map(|c| c.value().to_owned()))
    else {
        return Err(ApiError::field(
            "refreshToken",
            "is required (in the body or the refresh cookie)",
        ));
    };
    match state.accounts.refresh(&presented, &client).await {
        Ok(issued) => {
            let jar = with_session_cookies(&state, jar, &issued);
            Ok((jar, Json(login_response(issued))).into_response())
        }
        // A dead refresh token should also clear the browser's cookies.
        Err(err) => Ok((without_session_cookies(jar), ApiError::from(err)).into_response()),
    }
}

/// End the current session; both its tokens stop working at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204), (status = 401, body = Problem)), security(("bearer" = [])))]
async fn logout(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    state.accounts.logout(&principal, &client).await?;
    Ok((StatusCode::NO_CONTENT, without_session_cookies(jar)))
}

/// The caller's live sessions.
#[utoipa::path(get, path = "/api/v1/auth/sessions", tag = "auth",
    responses((status = 200, body = Vec<SessionDto>)), security(("bearer" = [])))]
async fn list_sessions(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> ApiResult<Json<Vec<SessionDto>>> {
    let sessions = state.accounts.list_sessions(principal.user_id).await?;
    Ok(Json(
        sessions
            .into_iter()
            .map(|s| SessionDto {
                current: s.id == principal.session_id,
                id: s.id,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                expires_at: s.expires_at,
                user_agent: s.user_agent,
                ip: s.ip,
            })
            .collect(),
    ))
}

/// Revoke one of the caller's sessions (another user's id → 404).
#[utoipa::path(delete, path = "/api/v1/auth/sessions/{id}", tag = "auth",
    params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn revoke_session(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    state
        .accounts
        .revoke_session(&principal, id, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Confirm an e-mail address with the token from the verification mail.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth", request_body = TokenRequest,
    responses((status = 204), (status = 400, body = Problem, description = "invalid_token")))]
async fn verify_email(
    State(state): State<AppState>,
    client: ClientInfo,
    ValidJson(body): ValidJson<TokenRequest>,
) -> ApiResult<StatusCode> {
    state.accounts.verify_email(&body.token, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send the verification mail again.
#[utoipa::path(post, path = "/api/v1/auth/resend-verification", tag = "auth",
    responses((status = 202), (status = 409, body = Problem)), security(("bearer" = [])))]
async fn resend_verification(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> ApiResult<StatusCode> {
    state
        .accounts
        .resend_verification(principal.user_id)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

/// Ask for a password-reset mail. Always 202, registered or not.
#[utoipa::path(post, path = "/api/v1/auth/forgot-password", tag = "auth", request_body = ForgotPasswordRequest,
    responses((status = 202), (status = 429, body = Problem, description = "rate_limited")))]
async fn forgot_password(
    State(state): State<AppState>,
    client: ClientInfo,
    ValidJson(body): ValidJson<ForgotPasswordRequest>,
) -> ApiResult<StatusCode> {
    state.accounts.forgot_password(&body.email, client).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Set a new password with a reset token (1 h, single use); every session is revoked.
#[utoipa::path(post, path = "/api/v1/auth/reset-password", tag = "auth", request_body = ResetPasswordRequest,
    responses((status = 204), (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn reset_password(
    State(state): State<AppState>,
    client: ClientInfo,
    ValidJson(body): ValidJson<ResetPasswordRequest>,
) -> ApiResult<StatusCode> {
    state
        .accounts
        .reset_password(&body.token, body.password, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change the password; other sessions are signed out, this device gets fresh tokens.
#[utoipa::path(post, path = "/api/v1/auth/change-password", tag = "auth", request_body = ChangePasswordRequest,
    responses((status = 200, body = LoginResponse), (status = 422, body = Problem)), security(("bearer" = [])))]
async fn change_password(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    jar: CookieJar,
    ValidJson(body): ValidJson<ChangePasswordRequest>,
) -> ApiResult<(CookieJar, Json<LoginResponse>)> {
    let issued = state
        .accounts
        .change_password(
            &principal,
            body.current_password,
            body.new_password,
            &client,
        )
        .await?;
    let jar = with_session_cookies(&state, jar, &issued);
    Ok((jar, Json(login_response(issued))))
}
