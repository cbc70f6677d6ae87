//! Wire types shared by several resources.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use codestead_store::accounts::{Plan, Role, User};

/// The signed-in user's own view of their account.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserDto {
    pub id: Uuid,
    pub email: String,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub username: String,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    pub github_username: Option<String>,
    pub linkedin_url: Option<String>,
    pub skill_level: String,
    #[schema(value_type = Option<Object>)]
    pub learning_preferences: Option<serde_json::Value>,
    pub timezone: String,
    #[schema(value_type = String, example = "user")]
    pub role: Role,
    #[schema(value_type = String, example = "free")]
    pub plan: Plan,
    /// The profile at `/u/{username}` is public (shown once the address is verified).
    pub is_public: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

impl From<User> for UserDto {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            email: u.email,
            email_verified: u.email_verified,
            first_name: u.first_name,
            last_name: u.last_name,
            username: u.username,
            bio: u.bio,
            avatar_url: u.avatar_url,
            github_username: u.github_username,
            linkedin_url: u.linkedin_url,
            skill_level: u.skill_level,
            learning_preferences: u.learning_preferences,
            timezone: u.timezone,
            role: u.role,
            plan: u.plan,
            is_public: u.is_public,
            created_at: u.created_at,
            last_login_at: u.last_login_at,
        }
    }
}
