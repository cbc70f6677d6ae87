//! The LTI 1.3 id_token as Codestead reads it, and the checks every launch passes
//! (LTI Core 1.3 §5.1, OIDC Core §3.1.3.7): RS256 only, the registered issuer, `aud`
//! naming our client id (and `azp` when there are several audiences), unexpired,
//! not issued in the future, a registered deployment, version 1.3.0, a known message type.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use codestead_store::lti::Platform;

use super::LtiError;

pub const MESSAGE_TYPE: &str = "https://purl.imsglobal.org/spec/lti/claim/message_type";
pub const VERSION: &str = "https://purl.imsglobal.org/spec/lti/claim/version";
pub const DEPLOYMENT_ID: &str = "https://purl.imsglobal.org/spec/lti/claim/deployment_id";
pub const TARGET_LINK_URI: &str = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri";
pub const RESOURCE_LINK: &str = "https://purl.imsglobal.org/spec/lti/claim/resource_link";
pub const ROLES: &str = "https://purl.imsglobal.org/spec/lti/claim/roles";
pub const CUSTOM: &str = "https://purl.imsglobal.org/spec/lti/claim/custom";
pub const AGS_ENDPOINT: &str = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
pub const DEEP_LINKING_SETTINGS: &str =
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
pub const AGS_SCORE_SCOPE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

/// The custom parameter a deep link sets to name the exercise or lesson (its slug).
pub const CONTENT_PARAM: &str = "codestead_content";

/// How far the platform's clock may be from ours.
pub const LEEWAY_SECS: i64 = 60;

#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, id: &str) -> bool {
        match self {
            Self::One(a) => a == id,
            Self::Many(all) => all.iter().any(|a| a == id),
        }
    }
    fn len(&self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Many(all) => all.len(),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct ResourceLinkClaim {
    pub id: String,
    pub title: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AgsClaim {
    #[serde(default)]
    pub scope: Vec<String>,
    pub lineitem: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DeepLinkingSettings {
    pub deep_link_return_url: String,
    #[serde(default)]
    pub accept_types: Vec<String>,
    pub data: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct IdToken {
    pub iss: String,
    pub sub: Option<String>,
    pub aud: Audience,
    pub azp: Option<String>,
    pub exp: i64,
    pub iat: i64,
    pub nonce: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/message_type")]
    pub message_type: Option<String>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/version")]
    pub version: Option<String>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/deployment_id")]
    pub deployment_id: Option<String>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri")]
    pub target_link_uri: Option<String>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/resource_link")]
    pub resource_link: Option<ResourceLinkClaim>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/roles", default)]
    pub roles: Vec<String>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti/claim/custom", default)]
    pub custom: HashMap<String, Value>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint")]
    pub ags: Option<AgsClaim>,
    #[serde(rename = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings")]
    pub deep_linking: Option<DeepLinkingSettings>,
}

/// The two messages Codestead acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageKind {
    ResourceLink,
    DeepLinking,
}

impl IdToken {
    /// Parses verified claims, naming the claim that does not fit.
    pub fn from_claims(claims: Value) -> Result<Self, LtiError> {
        serde_path_to_error::deserialize::<_, IdToken>(claims).map_err(|e| {
            let path = e.path().to_string();
            LtiError::claim(
                if path == "." { "id_token" } else { &path },
                e.inner().to_string(),
            )
        })
    }

    /// The checks of LTI Core §5.1.3 that need no database: who it is for, when, which
    /// deployment and message. `now` is Unix seconds.
    pub fn check(&self, platform: &Platform, now: i64) -> Result<MessageKind, LtiError> {
        if self.iss != platform.issuer {
            return Err(LtiError::UnknownPlatform);
        }
        if !self.aud.contains(&platform.client_id) {
            return Err(LtiError::WrongAudience);
        }
        match &self.azp {
            Some(azp) if azp != &platform.client_id => return Err(LtiError::WrongAudience),
            None if self.aud.len() > 1 => return Err(LtiError::WrongAudience),
            _ => {}
        }
        if now > self.exp + LEEWAY_SECS {
            return Err(LtiError::Expired);
        }
        if self.iat > now + LEEWAY_SECS {
            return Err(LtiError::claim("iat", "is in the future"));
        }
        let Some(deployment) = &self.deployment_id else {
            return Err(LtiError::claim(DEPLOYMENT_ID, "is required"));
        };
        if !platform.deployment_ids.iter().any(|d| d == deployment) {
            return Err(LtiError::UnknownDeployment);
        }
        if self.version.as_deref() != Some("1.3.0") {
            return Err(LtiError::claim(VERSION, "must be 1.3.0"));
        }
        if self.nonce.as_deref().is_none_or(str::is_empty) {
            return Err(LtiError::claim("nonce", "is required"));
        }
        let kind = match self.message_type.as_deref() {
            Some("LtiResourceLinkRequest") => MessageKind::ResourceLink,
            Some("LtiDeepLinkingRequest") => MessageKind::DeepLinking,
            Some(_) => {
                return Err(LtiError::claim(
                    MESSAGE_TYPE,
                    "must be LtiResourceLinkRequest or LtiDeepLinkingRequest",
                ));
            }
            None => return Err(LtiError::claim(MESSAGE_TYPE, "is required")),
        };
        match kind {
            MessageKind::ResourceLink => {
                if self.resource_link.as_ref().is_none_or(|r| r.id.is_empty()) {
                    return Err(LtiError::claim(RESOURCE_LINK, "is required"));
                }
                if self.sub.as_deref().is_none_or(str::is_empty) {
                    return Err(LtiError::claim("sub", "is required for a launch"));
                }
            }
            MessageKind::DeepLinking => {
                if self.deep_linking.is_none() {
                    return Err(LtiError::claim(DEEP_LINKING_SETTINGS, "is required"));
                }
            }
        }
        Ok(kind)
    }

    /// The exercise or lesson a launch names: the `codestead_content` custom parameter
    /// a deep link set, else a `content=` query parameter of the target link URI.
    pub fn content_ref(&self) -> Option<String> {
        if let Some(v) = self.custom.get(CONTENT_PARAM).and_then(Value::as_str) {
            return Some(v.to_owned());
        }
        let target = reqwest::Url::parse(self.target_link_uri.as_deref()?).ok()?;
        target
            .query_pairs()
            .find(|(k, _)| k == "content")
            .map(|(_, v)| v.into_owned())
    }

    /// The AGS line item scores go to, when the platform granted the score scope.
    pub fn score_lineitem(&self) -> Option<&str> {
        let ags = self.ags.as_ref()?;
        if !ags.scope.iter().any(|s| s == AGS_SCORE_SCOPE) {
            return None;
        }
        ags.lineitem.as_deref().filter(|l| !l.is_empty())
    }

    /// Instructors, content developers and administrators may pick content (LTI Core
    /// §A.2: context and institution roles, full URIs or the short forms).
    pub fn may_deep_link(&self) -> bool {
        self.roles.iter().any(|role| {
            let name = role.rsplit(['#', '/']).next().unwrap_or(role);
            matches!(
                name,
                "Instructor" | "ContentDeveloper" | "Administrator" | "TeachingAssistant"
            )
        })
    }
}
