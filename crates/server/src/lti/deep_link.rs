//! Deep Linking 2.0: an instructor's LtiDeepLinkingRequest shows a picker of the
//! curriculum; the pick comes back as an LtiDeepLinkingResponse JWT signed with
//! Codestead's key, holding one `ltiResourceLink` that names the item in the
//! `codestead_content` custom parameter and asks for a line item (so AGS has a column).
//!
//! Between the two requests the picker's form carries a short-lived token Codestead
//! signed for itself (the platform, deployment, return URL and `data`), so no server-side
//! session is needed and a forged form cannot redirect the response anywhere else.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use codestead_curriculum::{Curriculum, Item, ItemKind};
use codestead_store::lti::Platform;

use super::claims::CONTENT_PARAM;

pub const CONTEXT_AUDIENCE: &str = "codestead:lti-deep-link";
pub const CONTEXT_TTL: chrono::Duration = chrono::Duration::minutes(15);

/// What the picker's form carries (signed) from the request to the response.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DeepLinkContext {
    pub aud: String,
    pub exp: i64,
    pub platform: Uuid,
    pub deployment_id: String,
    pub return_url: String,
    pub data: Option<String>,
}

#[derive(Clone, Debug)]
pub struct PickItem {
    pub id: Uuid,
    pub title: String,
    pub kind: ItemKind,
}

#[derive(Clone, Debug)]
pub struct PickGroup {
    pub track: String,
    pub items: Vec<PickItem>,
}

/// The picker page's content.
#[derive(Clone, Debug)]
pub struct Picker {
    pub context: String,
    pub platform_name: String,
    pub groups: Vec<PickGroup>,
    /// Origins that may frame the picker and receive its form (the platform's).
    pub platform_origins: Vec<String>,
}

/// The scheme, host and port of `url` (`https://lms.example`), if it has them.
pub fn origin_of(url: &str) -> Option<String> {
    let origin = reqwest::Url::parse(url).ok()?.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

impl Picker {
    pub fn new(
        curriculum: &Curriculum,
        context: String,
        platform: &Platform,
        return_url: &str,
    ) -> Self {
        let groups = curriculum
            .tracks
            .iter()
            .map(|track| PickGroup {
                track: track.title.clone(),
                items: curriculum
                    .track_items(track)
                    .map(|item| PickItem {
                        id: item.id,
                        title: item.title.clone(),
                        kind: item.kind,
                    })
                    .collect(),
            })
            .filter(|g| !g.items.is_empty())
            .collect();
        Self {
            context,
            platform_name: platform.name.clone(),
            groups,
            platform_origins: platform_origins(platform, return_url),
        }
    }
}

/// The origins of a platform's issuer, auth endpoint and deep-link return URL.
pub fn platform_origins(platform: &Platform, return_url: &str) -> Vec<String> {
    let mut origins: Vec<String> = [
        platform.issuer.as_str(),
        platform.auth_url.as_str(),
        return_url,
    ]
    .iter()
    .filter_map(|u| origin_of(u))
    .collect();
    origins.sort();
    origins.dedup();
    origins
}

/// The signed response and where the browser posts it.
#[derive(Clone, Debug)]
pub struct Response {
    pub return_url: String,
    pub jwt: String,
    /// Origins that may frame the page (the platform's).
    pub platform_origins: Vec<String>,
}

/// The LtiDeepLinkingResponse claims (Deep Linking 2.0 §4.2): from the tool (`iss` is
/// our client id) to the platform (`aud` its issuer), for the deployment that asked.
pub fn response_claims(
    platform: &Platform,
    context: &DeepLinkContext,
    item: &Item,
    launch_url: &str,
    now: DateTime<Utc>,
) -> Value {
    let mut claims = json!({
        "iss": platform.client_id,
        "aud": [platform.issuer],
        "iat": now.timestamp(),
        "exp": now.timestamp() + 300,
        "nonce": crate::auth::tokens::opaque_token(),
        "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiDeepLinkingResponse",
        "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
        "https://purl.imsglobal.org/spec/lti/claim/deployment_id": context.deployment_id,
        "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": [{
            "type": "ltiResourceLink",
            "title": item.title,
            "url": launch_url,
            "custom": { CONTENT_PARAM: item.slug },
            "lineItem": {
                "scoreMaximum": 1,
                "label": item.title,
                "resourceId": item.id.to_string(),
            },
        }],
    });
    if let Some(data) = &context.data {
        claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] = json!(data);
    }
    claims
}
