//! `/api/v1/me`: the signed-in user's own account — read, edit, delete.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use garde::Validate;
use serde::Deserialize;
use utoipa::{OpenApi, ToSchema};

use codestead_store::accounts::UserPatch;

use crate::auth::service::ClientInfo;
use crate::auth::validate;
use crate::domain::ErrorCode;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ACCESS_COOKIE, CurrentUser, ValidJson, parse_json};
use crate::http::dto::UserDto;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/me", get(get_me).patch(update_me).delete(delete_me))
}

#[derive(OpenApi)]
#[openapi(
    paths(get_me, update_me, delete_me),
    components(schemas(UpdateMeRequest, DeleteMeRequest, UserDto, Problem))
)]
pub struct Api;

/// Deleting the account needs the password again: a session left open on a shared
/// computer must not be enough to erase someone's work.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteMeRequest {
    /// The account's current password.
    #[garde(length(min = 1, max = 1024))]
    pub password: String,
}

/// Fields to change; absent fields stay as they are, an empty string clears an optional one.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateMeRequest {
    #[garde(inner(custom(validate::name)))]
    pub first_name: Option<String>,
    #[garde(inner(custom(validate::name)))]
    pub last_name: Option<String>,
    #[garde(inner(custom(validate::username)))]
    pub username: Option<String>,
    #[garde(inner(length(max = 500)))]
    pub bio: Option<String>,
    #[garde(inner(custom(valid_github_username)))]
    pub github_username: Option<String>,
    #[garde(inner(custom(valid_linkedin_url)))]
    pub linkedin_url: Option<String>,
    #[garde(inner(custom(valid_skill_level)))]
    pub skill_level: Option<String>,
    #[garde(inner(custom(valid_preferences)))]
    #[schema(value_type = Option<Object>)]
    pub learning_preferences: Option<serde_json::Value>,
    #[garde(inner(custom(valid_timezone)))]
    pub timezone: Option<String>,
    /// Show the profile at `/u/{username}`; turning it on needs a verified address.
    #[garde(skip)]
    pub is_public: Option<bool>,
}

fn valid_github_username(value: &str, _: &()) -> garde::Result {
    if value.is_empty() {
        return Ok(());
    }
    let ok = value.len() <= 39
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !value.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(garde::Error::new("is not a GitHub username"))
    }
}

fn valid_linkedin_url(value: &str, _: &()) -> garde::Result {
    if value.is_empty() {
        return Ok(());
    }
    let ok = value.len() <= 200
        && ["https://www.linkedin.com/", "https://linkedin.com/"]
            .iter()
            .any(|p| value.starts_with(p))
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<');
    if ok {
        Ok(())
    } else {
        Err(garde::Error::new(
            "must be an https://www.linkedin.com/ link",
        ))
    }
}

fn valid_skill_level(value: &str, _: &()) -> garde::Result {
    if ["beginner", "intermediate", "advanced"].contains(&value) {
        Ok(())
    } else {
        Err(garde::Error::new(
            "must be beginner, intermediate or advanced",
        ))
    }
}

fn valid_preferences(value: &serde_json::Value, _: &()) -> garde::Result {
    if !value.is_object() {
        return Err(garde::Error::new("must be an object"));
    }
    if value.to_string().len() > 4096 {
        return Err(garde::Error::new("must be at most 4 KB of JSON"));
    }
    Ok(())
}

/// IANA names like `Europe/Berlin` or `UTC`, checked against the tz database (streaks
/// and the dashboard count days in this zone).
fn valid_timezone(value: &str, _: &()) -> garde::Result {
    let ok = value.len() <= 64 && value.parse::<chrono_tz::Tz>().is_ok();
    if ok {
        Ok(())
    } else {
        Err(garde::Error::new("is not a time-zone name"))
    }
}

fn clearable(value: Option<String>) -> Option<Option<String>> {
    value.map(|v| {
        let v = v.trim().to_owned();
        (!v.is_empty()).then_some(v)
    })
}

/// The caller's account.
#[utoipa::path(get, path = "/api/v1/me", tag = "me", responses((status = 200, body = UserDto), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn get_me(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> ApiResult<Json<UserDto>> {
    let user = state
        .store
        .find_user(principal.user_id)
        .await?
        .ok_or_else(|| {
            ApiError::unauthorized(ErrorCode::SessionRevoked, "This account no longer exists.")
        })?;
    Ok(Json(user.into()))
}

/// Edit profile fields.
#[utoipa::path(patch, path = "/api/v1/me", tag = "me", request_body = UpdateMeRequest,
    responses((status = 200, body = UserDto), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn update_me(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    ValidJson(body): ValidJson<UpdateMeRequest>,
) -> ApiResult<Json<UserDto>> {
    if body.is_public == Some(true) {
        let verified = state
            .store
            .find_user(principal.user_id)
            .await?
            .is_some_and(|u| u.email_verified);
        if !verified {
            return Err(ApiError::forbidden(
                ErrorCode::EmailUnverified,
                "Verify your e-mail address before making your profile public.",
            ));
        }
    }
    let patch = UserPatch {
        first_name: body.first_name.map(|v| v.trim().to_owned()),
        last_name: body.last_name.map(|v| v.trim().to_owned()),
        username: body.username,
        bio: clearable(body.bio),
        github_username: clearable(body.github_username),
        linkedin_url: clearable(body.linkedin_url),
        skill_level: body.skill_level,
        learning_preferences: body.learning_preferences.map(Some),
        timezone: body.timezone,
        is_public: body.is_public,
        avatar_url: None,
    };
    let user = state
        .store
        .update_user(principal.user_id, patch, state.clock.now())
        .await?;
    // Skill level and time zone shape the dashboard and recommendations.
    state.insights.invalidate(principal.user_id).await;
    Ok(Json(user.into()))
}

/// Delete the account, confirmed with its password: sign-in is refused and the profile
/// disappears at once; the data is purged after 30 days. A missing or wrong password is
/// 422 naming `password`, and nothing is deleted.
#[utoipa::path(delete, path = "/api/v1/me", tag = "me", request_body = DeleteMeRequest,
    responses((status = 204), (status = 401, body = Problem),
              (status = 422, body = Problem, description = "`password` missing or wrong"),
              (status = 429, body = Problem, description = "rate_limited")),
    security(("bearer" = [])))]
async fn delete_me(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    jar: CookieJar,
    body: Bytes,
) -> ApiResult<(StatusCode, CookieJar)> {
    // An older client sends no body at all: name the field it lacks, as for any other.
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::field(
            "password",
            "is required: deleting the account needs your password",
        ));
    }
    let request: DeleteMeRequest = parse_json(&body)?;
    request
        .validate()
        .map_err(|_| ApiError::field("password", "must be 1 to 1024 characters"))?;
    state
        .accounts
        .delete_account(&principal, request.password, &client)
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.remove(Cookie::build(ACCESS_COOKIE).path("/")),
    ))
}
