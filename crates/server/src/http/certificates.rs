//! `/api/v1/me/certificates` (a learner's certificates; claim one for a finished track)
//! and `/api/v1/certificates/{code}`, the public verification of one, with no login. The
//! public view carries only what the certificate itself says: the name on it, the track
//! and the date. It answers whether or not the learner's profile is public (that is what a
//! verification URL is for), and stops naming anyone once the account is deleted.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use codestead_store::certificates::Certificate;

use crate::error::{ApiResult, Problem};
use crate::extract::{CurrentUser, ValidJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/me/certificates",
            get(list_certificates).post(claim_certificate),
        )
        .route("/certificates/{code}", get(verify_certificate))
}

#[derive(OpenApi)]
#[openapi(
    paths(list_certificates, claim_certificate, verify_certificate),
    components(schemas(
        CertificateClaimRequest,
        CertificateDto,
        CertificateVerificationDto,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificateClaimRequest {
    /// The track's slug.
    #[garde(length(min = 1, max = 100))]
    pub track: String,
}

/// One of the caller's certificates.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CertificateDto {
    /// The verification code.
    pub code: String,
    /// The web page anyone can open to check it: `/certificates/{code}`.
    pub url: String,
    /// The track's slug.
    pub track: String,
    pub track_title: String,
    /// The name on the certificate (the learner's, when it was issued).
    pub learner_name: String,
    /// When the last item of the track was completed.
    pub completed_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
}

impl From<Certificate> for CertificateDto {
    fn from(c: Certificate) -> Self {
        Self {
            url: format!("/certificates/{}", c.code),
            code: c.code,
            track: c.track,
            track_title: c.track_title,
            learner_name: c.learner_name,
            completed_at: c.completed_at,
            issued_at: c.issued_at,
        }
    }
}

/// What anyone holding the code may see.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CertificateVerificationDto {
    pub code: String,
    /// False once the learner's account is deleted; the other fields are then null.
    pub valid: bool,
    pub learner_name: Option<String>,
    pub track_title: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    pub issued_at: Option<DateTime<Utc>>,
}

/// The caller's certificates, newest first.
#[utoipa::path(get, path = "/api/v1/me/certificates", tag = "certificates",
    responses((status = 200, body = Vec<CertificateDto>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn list_certificates(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<CertificateDto>>> {
    let list = state.learning.certificates(me.user_id).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Claim the certificate of a finished track: 201 when issued now, 200 with the same
/// certificate when the caller already has it. An unfinished track is a 422 naming
/// `track` that says what is left (code `track_incomplete`).
#[utoipa::path(post, path = "/api/v1/me/certificates", tag = "certificates", request_body = CertificateClaimRequest,
    responses((status = 201, body = CertificateDto), (status = 200, body = CertificateDto),
        (status = 401, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn claim_certificate(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ValidJson(body): ValidJson<CertificateClaimRequest>,
) -> ApiResult<(StatusCode, Json<CertificateDto>)> {
    let (certificate, issued) = state
        .learning
        .claim_certificate(me.user_id, &body.track)
        .await?;
    let status = if issued {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(certificate.into())))
}

/// Verify a certificate (no login). Unknown codes are a 404.
#[utoipa::path(get, path = "/api/v1/certificates/{code}", tag = "certificates", params(("code" = String, Path)),
    responses((status = 200, body = CertificateVerificationDto), (status = 404, body = Problem)))]
async fn verify_certificate(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Json<CertificateVerificationDto>> {
    let (c, valid) = state.learning.verify_certificate(&code).await?;
    Ok(Json(if valid {
        CertificateVerificationDto {
            code: c.code,
            valid,
            learner_name: Some(c.learner_name),
            track_title: Some(c.track_title),
            completed_at: Some(c.completed_at),
            issued_at: Some(c.issued_at),
        }
    } else {
        CertificateVerificationDto {
            code: c.code,
            valid,
            learner_name: None,
            track_title: None,
            completed_at: None,
            issued_at: None,
        }
    }))
}
