//! Request extractors: validated JSON bodies, the caller's identity, client info.
//! Authentication lives here so handlers simply ask for a `CurrentUser`.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use serde::de::DeserializeOwned;

use crate::auth::service::{ClientInfo, Principal};
use crate::client_ip::TrustedProxies;
use crate::domain::ErrorCode;
use crate::error::ApiError;
use crate::state::AppState;

pub const ACCESS_COOKIE: &str = "codestead_access";
pub const REFRESH_COOKIE: &str = "codestead_refresh";

/// A JSON body that parsed and passed its garde rules. Malformed JSON → 400
/// `malformed_json`; a missing field or wrong type → 422 naming the field; a rule
/// failure → 422 with every bad field.
pub struct ValidJson<T>(pub T);

impl<S, T> FromRequest<S> for ValidJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned + garde::Validate<Context = ()>,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let mime = v.split(';').next().unwrap_or_default().trim();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "Send the body as JSON with `Content-Type: application/json`.",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::PayloadTooLarge,
                    "The request body is too large.",
                )
            } else {
                ApiError::bad_request(ErrorCode::UnreadableBody, rejection.body_text())
            }
        })?;
        let value: T = parse_json(&bytes)?;
        Ok(ValidJson(validated(value)?))
    }
}

/// `value` if it passes its garde rules; otherwise a 422 naming every bad field in camelCase
/// (the rules of [`ValidJson`], for JSON that arrives other than as a body: WebSocket frames).
pub fn validated<T: garde::Validate<Context = ()>>(value: T) -> Result<T, ApiError> {
    value.validate().map_err(|report| {
        let fields: BTreeMap<String, String> = report
            .iter()
            .map(|(path, error)| (camel_path(&path.to_string()), error.message().to_string()))
            .collect();
        ApiError::validation(fields)
    })?;
    Ok(value)
}

/// Deserialises JSON, naming the offending field on type errors.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => Ok(value),
        Err(err) => {
            let inner = err.inner();
            if inner.is_syntax() || inner.is_eof() {
                return Err(ApiError::bad_request(
                    ErrorCode::MalformedJson,
                    format!("The body is not valid JSON: {inner}"),
                ));
            }
            let message = inner.to_string();
            let mut field = err.path().to_string();
            // serde reports a missing field at its parent; name the field itself.
            if let Some(missing) = message.strip_prefix("missing field `") {
                let name = missing.split('`').next().unwrap_or_default();
                field = if field == "." {
                    name.to_owned()
                } else {
                    format!("{field}.{name}")
                };
            }
            if field == "." {
                field = "body".into();
            }
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_owned();
            Err(ApiError::field(&field, message))
        }
    }
}

/// garde reports Rust field names; the API speaks camelCase.
fn camel_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut upper = false;
    for c in path.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

impl<S> FromRequestParts<S> for ClientInfo
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        Ok(client_info(parts, &state.proxies))
    }
}

/// The caller's address (see `client_ip` for whom `X-Forwarded-For` is believed from).
pub fn client_info(parts: &Parts, proxies: &TrustedProxies) -> ClientInfo {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let ip = proxies.client(peer, &forwarded);
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(300).collect());
    ClientInfo {
        ip: ip.map(|ip| ip.to_string()),
        rate_key: ip.map(crate::client_ip::rate_key),
        user_agent,
    }
}

/// Where the access token came from; cookie requests get the CSRF check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    Bearer,
    Cookie,
}

pub fn access_token(parts: &Parts) -> Option<(String, TokenSource)> {
    if let Some(value) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))?;
        return Some((token.trim().to_owned(), TokenSource::Bearer));
    }
    let jar = CookieJar::from_headers(&parts.headers);
    jar.get(ACCESS_COOKIE)
        .map(|c| (c.value().to_owned(), TokenSource::Cookie))
}

/// The signed-in caller. Rejects with 401 problem details.
#[derive(Clone, Debug)]
pub struct CurrentUser(pub Principal);

impl<S> FromRequestParts<S> for CurrentUser
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(principal) = parts.extensions.get::<Principal>() {
            return Ok(CurrentUser(principal.clone()));
        }
        let state = AppState::from_ref(state);
        let Some((token, _)) = access_token(parts) else {
            return Err(ApiError::unauthorized(
                ErrorCode::Unauthenticated,
                "Sign in to do this.",
            ));
        };
        let principal = state.accounts.authenticate(&token).await?;
        parts.extensions.insert(principal.clone());
        Ok(CurrentUser(principal))
    }
}

/// The caller if signed in; anonymous otherwise (a bad token is still an error).
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<Principal>);

impl<S> FromRequestParts<S> for MaybeUser
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if access_token(parts).is_none() {
            return Ok(MaybeUser(None));
        }
        CurrentUser::from_request_parts(parts, state)
            .await
            .map(|CurrentUser(p)| MaybeUser(Some(p)))
    }
}

/// A signed-in administrator; others get 403.
#[derive(Clone, Debug)]
pub struct AdminUser(pub Principal);

impl<S> FromRequestParts<S> for AdminUser
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let CurrentUser(principal) = CurrentUser::from_request_parts(parts, state).await?;
        if principal.role != codestead_store::accounts::Role::Admin {
            return Err(ApiError::forbidden(
                ErrorCode::AdminOnly,
                "Only administrators may do this.",
            ));
        }
        Ok(AdminUser(principal))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Body {
        email: String,
        age: u8,
    }

    #[test]
    fn a_missing_field_is_named() {
        let err = parse_json::<Body>(br#"{"email":"a@b.c"}"#).unwrap_err();
        assert!(err.fields.unwrap().contains_key("age"));
    }

    #[test]
    fn a_wrong_type_is_named() {
        let err = parse_json::<Body>(br#"{"email":"a@b.c","age":"old"}"#).unwrap_err();
        assert!(err.fields.unwrap().contains_key("age"));
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        let err = parse_json::<Body>(br#"{"email":"#).unwrap_err();
        assert_eq!(err.code.as_str(), "malformed_json");
    }

    #[test]
    fn snake_case_paths_become_camel_case() {
        assert_eq!(camel_path("first_name"), "firstName");
        assert_eq!(
            camel_path("files[0].change_description"),
            "files[0].changeDescription"
        );
    }
}
