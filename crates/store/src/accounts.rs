//! Accounts: users, sessions, refresh-token rotation, e-mail tokens and the audit log.
//! Every method speaks domain structs; entities never leave this module.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entity::{audit_event, email_token, refresh_token, session, user};
use crate::{Store, StoreError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    /// May create and run classes (see the server's `classrooms`).
    Teacher,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Teacher => "teacher",
            Role::Admin => "admin",
        }
    }
    /// Unknown values read as `user`: a role never grants more than it says.
    pub fn parse(value: &str) -> Self {
        match value {
            "admin" => Role::Admin,
            "teacher" => Role::Teacher,
            _ => Role::User,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Free,
    Pro,
}

impl Plan {
    fn parse(value: &str) -> Self {
        if value == "pro" {
            Plan::Pro
        } else {
            Plan::Free
        }
    }
}

/// A user as the rest of the program sees it (no password hash).
#[derive(Clone, Debug, PartialEq)]
pub struct User {
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
    pub learning_preferences: Option<serde_json::Value>,
    pub timezone: String,
    pub role: Role,
    pub plan: Plan,
    /// The owner wants a public profile (shown only once the address is verified).
    pub is_public: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

/// What login needs beyond [`User`]: the hash and the lock state.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub failed_login_count: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

fn to_user(m: user::Model) -> User {
    User {
        id: m.id,
        email: m.email,
        email_verified: m.email_verified_at.is_some(),
        first_name: m.first_name,
        last_name: m.last_name,
        username: m.username,
        bio: m.bio,
        avatar_url: m.avatar_url,
        github_username: m.github_username,
        linkedin_url: m.linkedin_url,
        skill_level: m.skill_level,
        learning_preferences: m.learning_preferences,
        timezone: m.timezone,
        role: Role::parse(&m.role),
        plan: Plan::parse(&m.plan),
        is_public: m.is_public,
        created_at: m.created_at,
        updated_at: m.updated_at,
        last_login_at: m.last_login_at,
    }
}

#[derive(Clone, Debug)]
pub struct NewUser {
    /// Already normalised (trimmed, lower-cased) by the caller's `Email` type.
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub username: String,
    pub role: Role,
    pub email_verified: bool,
}

/// A partial update of the profile; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Clone, Debug, Default)]
pub struct UserPatch {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub bio: Option<Option<String>>,
    pub github_username: Option<Option<String>>,
    pub linkedin_url: Option<Option<String>>,
    pub skill_level: Option<String>,
    pub learning_preferences: Option<Option<serde_json::Value>>,
    pub timezone: Option<String>,
    pub is_public: Option<bool>,
    pub avatar_url: Option<Option<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub id: Uuid,
    pub user_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub revoked: bool,
}

impl Session {
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        !self.revoked && self.expires_at > now
    }
}

fn to_session(m: session::Model) -> Session {
    Session {
        id: m.id,
        user_id: m.user_id,
        created_at: m.created_at,
        last_seen_at: m.last_seen_at,
        expires_at: m.expires_at,
        user_agent: m.user_agent,
        ip: m.ip,
        revoked: m.revoked_at.is_some(),
    }
}

#[derive(Clone, Debug)]
pub struct NewSession {
    pub user_id: Uuid,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub refresh_token_hash: String,
    pub refresh_expires_at: DateTime<Utc>,
}

/// What happened to a presented refresh token.
#[derive(Clone, Debug, PartialEq)]
pub enum Rotation {
    /// The token was live; it is now spent and the new one is stored.
    Rotated { session: Session },
    /// The token had already been spent: a thief or a replay. The whole session is now revoked.
    ReuseDetected { session_id: Uuid, user_id: Uuid },
    /// Unknown, expired, or its session is revoked/expired.
    Invalid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailTokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl EmailTokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            EmailTokenPurpose::VerifyEmail => "verify_email",
            EmailTokenPurpose::ResetPassword => "reset_password",
        }
    }
}

#[derive(Clone, Debug)]
pub struct AuditEvent {
    pub user_id: Option<Uuid>,
    pub event: &'static str,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub detail: Option<serde_json::Value>,
}

#[derive(Clone, Debug)]
pub struct AuditRecord {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub event: String,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
}

const USER_UNIQUE_FIELDS: &[&str] = &["email", "username"];

impl Store {
    #[tracing::instrument(skip_all, err)]
    pub async fn create_user(&self, new: NewUser, now: DateTime<Utc>) -> Result<User, StoreError> {
        let model = user::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(new.email),
            email_verified_at: Set(new.email_verified.then_some(now)),
            password_hash: Set(new.password_hash),
            first_name: Set(new.first_name),
            last_name: Set(new.last_name),
            username_key: Set(new.username.to_lowercase()),
            username: Set(new.username),
            bio: Set(None),
            avatar_url: Set(None),
            github_username: Set(None),
            linkedin_url: Set(None),
            skill_level: Set("beginner".into()),
            learning_preferences: Set(None),
            timezone: Set("UTC".into()),
            role: Set(new.role.as_str().into()),
            plan: Set("free".into()),
            // Private by default: a learner (often a minor) opts in to a public profile.
            is_public: Set(false),
            failed_login_count: Set(0),
            locked_until: Set(None),
            last_login_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
        };
        let inserted = model
            .insert(self.conn())
            .await
            .map_err(|e| StoreError::from_write(e, USER_UNIQUE_FIELDS))?;
        Ok(to_user(inserted))
    }

    /// A live (not deleted) user by id.
    #[tracing::instrument(skip_all, err)]
    pub async fn find_user(&self, id: Uuid) -> Result<Option<User>, StoreError> {
        if let Some(cached) = self.users.get(&id) {
            return Ok(Some(cached));
        }
        let found = user::Entity::find_by_id(id)
            .filter(user::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?
            .map(to_user);
        if let Some(user) = &found {
            self.users.insert(id, user.clone());
        }
        Ok(found)
    }

    /// Drops a user's cached copy; called by every write to the user's row.
    fn forget_user(&self, id: Uuid) {
        self.users.invalidate(&id);
    }

    /// A live user by username, case-insensitively.
    pub async fn find_user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        Ok(user::Entity::find()
            .filter(user::Column::UsernameKey.eq(username.to_lowercase()))
            .filter(user::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?
            .map(to_user))
    }

    /// Login material for a live user, by normalised e-mail.
    #[tracing::instrument(skip_all, err)]
    pub async fn find_credentials(&self, email: &str) -> Result<Option<Credentials>, StoreError> {
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .filter(user::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?;
        Ok(found.map(credentials))
    }

    pub async fn find_credentials_by_id(
        &self,
        id: Uuid,
    ) -> Result<Option<Credentials>, StoreError> {
        let found = user::Entity::find_by_id(id)
            .filter(user::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?;
        Ok(found.map(credentials))
    }

    #[tracing::instrument(skip_all, err)]
    pub async fn update_user(
        &self,
        id: Uuid,
        patch: UserPatch,
        now: DateTime<Utc>,
    ) -> Result<User, StoreError> {
        let existing = user::Entity::find_by_id(id)
            .filter(user::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut model = existing.into_active_model();
        if let Some(v) = patch.first_name {
            model.first_name = Set(v);
        }
        if let Some(v) = patch.last_name {
            model.last_name = Set(v);
        }
        if let Some(v) = patch.username {
            model.username_key = Set(v.to_lowercase());
            model.username = Set(v);
        }
        if let Some(v) = patch.bio {
            model.bio = Set(v);
        }
        if let Some(v) = patch.github_username {
            model.github_username = Set(v);
        }
        if let Some(v) = patch.linkedin_url {
            model.linkedin_url = Set(v);
        }
        if let Some(v) = patch.skill_level {
            model.skill_level = Set(v);
        }
        if let Some(v) = patch.learning_preferences {
            model.learning_preferences = Set(v);
        }
        if let Some(v) = patch.timezone {
            model.timezone = Set(v);
        }
        if let Some(v) = patch.is_public {
            model.is_public = Set(v);
        }
        if let Some(v) = patch.avatar_url {
            model.avatar_url = Set(v);
        }
        model.updated_at = Set(now);
        let updated = model
            .update(self.conn())
            .await
            .map_err(|e| StoreError::from_write(e, USER_UNIQUE_FIELDS))?;
        self.forget_user(id);
        Ok(to_user(updated))
    }

    pub async fn set_password_hash(
        &self,
        id: Uuid,
        hash: String,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        self.forget_user(id);
        Ok(())
    }

    pub async fn set_role(&self, id: Uuid, role: Role) -> Result<(), StoreError> {
        user::Entity::update_many()
            .col_expr(user::Column::Role, Expr::value(role.as_str()))
            .filter(user::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        self.forget_user(id);
        Ok(())
    }

    pub async fn mark_email_verified(
        &self,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::EmailVerifiedAt.is_null())
            .exec(self.conn())
            .await?;
        self.forget_user(id);
        Ok(())
    }

    /// Claims one login attempt *before* the password is checked, so parallel guesses
    /// cannot all be evaluated: the counter is raised in one conditional UPDATE, and only
    /// attempts that raised it below `threshold` may go on to the (expensive) hash. A
    /// failure then only decides the lock ([`Store::record_login_failure`]); a success
    /// resets the counter. Returns `Err(until)` when the account is locked or its
    /// remaining attempts are all in flight (then it locks now: this is the sixth guess).
    #[tracing::instrument(skip_all, err)]
    pub async fn reserve_login_attempt(
        &self,
        id: Uuid,
        threshold: i32,
        lock: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<Result<(), DateTime<Utc>>, StoreError> {
        let claimed = user::Entity::update_many()
            .col_expr(
                user::Column::FailedLoginCount,
                Expr::col(user::Column::FailedLoginCount).add(1),
            )
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::FailedLoginCount.lt(threshold))
            .filter(
                user::Column::LockedUntil
                    .is_null()
                    .or(user::Column::LockedUntil.lte(now)),
            )
            .exec(self.conn())
            .await?;
        if claimed.rows_affected > 0 {
            return Ok(Ok(()));
        }
        let until = user::Entity::find_by_id(id)
            .one(self.conn())
            .await?
            .and_then(|u| u.locked_until)
            .filter(|until| *until > now);
        if let Some(until) = until {
            return Ok(Err(until));
        }
        // No lock yet, but every allowed attempt is taken: lock from now.
        let until = now + lock;
        user::Entity::update_many()
            .col_expr(user::Column::LockedUntil, Expr::value(until))
            .col_expr(user::Column::FailedLoginCount, Expr::value(0))
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::FailedLoginCount.gte(threshold))
            .exec(self.conn())
            .await?;
        Ok(Err(until))
    }

    /// A reserved attempt ([`Store::reserve_login_attempt`]) failed: it is already
    /// counted, so this only locks the account once `threshold` failures are reached.
    /// Returns the lock's end, if this call locked it.
    #[tracing::instrument(skip_all, err)]
    pub async fn lock_after_failures(
        &self,
        id: Uuid,
        threshold: i32,
        lock: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let until = now + lock;
        let locked = user::Entity::update_many()
            .col_expr(user::Column::LockedUntil, Expr::value(until))
            .col_expr(user::Column::FailedLoginCount, Expr::value(0))
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::FailedLoginCount.gte(threshold))
            .exec(self.conn())
            .await?;
        Ok((locked.rows_affected > 0).then_some(until))
    }

    /// Counts a failed login atomically; once `threshold` failures in a row are reached the
    /// account is locked until `now + lock`. Returns the lock's end, if locked.
    #[tracing::instrument(skip_all, err)]
    pub async fn record_login_failure(
        &self,
        id: Uuid,
        threshold: i32,
        lock: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        // Increment in SQL, not read-modify-write, so parallel guesses all count.
        user::Entity::update_many()
            .col_expr(
                user::Column::FailedLoginCount,
                Expr::col(user::Column::FailedLoginCount).add(1),
            )
            .filter(user::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        let until = now + lock;
        let locked = user::Entity::update_many()
            .col_expr(user::Column::LockedUntil, Expr::value(until))
            .col_expr(user::Column::FailedLoginCount, Expr::value(0))
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::FailedLoginCount.gte(threshold))
            .exec(self.conn())
            .await?;
        Ok((locked.rows_affected > 0).then_some(until))
    }

    pub async fn record_login_success(
        &self,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        user::Entity::update_many()
            .col_expr(user::Column::FailedLoginCount, Expr::value(0))
            .col_expr(
                user::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(user::Column::LastLoginAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        self.forget_user(id);
        Ok(())
    }

    pub async fn clear_login_lock(&self, id: Uuid) -> Result<(), StoreError> {
        user::Entity::update_many()
            .col_expr(user::Column::FailedLoginCount, Expr::value(0))
            .col_expr(
                user::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(user::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        self.forget_user(id);
        Ok(())
    }

    /// Soft-deletes a user: login is refused and every session revoked at once.
    pub async fn soft_delete_user(&self, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        user::Entity::update_many()
            .col_expr(user::Column::DeletedAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(now))
            .filter(session::Column::UserId.eq(id))
            .filter(session::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        // Drafts are the learner's unsaved code: nothing to keep until the purge.
        crate::entity::draft::Entity::delete_many()
            .filter(crate::entity::draft::Column::UserId.eq(id))
            .exec(&txn)
            .await?;
        // Ratings go with the account (the averages stop counting them at once); so do
        // today's views (the view totals stay: they name nobody).
        crate::entity::content_rating::Entity::delete_many()
            .filter(crate::entity::content_rating::Column::UserId.eq(id))
            .exec(&txn)
            .await?;
        txn.execute_raw(self.stmt("DELETE FROM content_views WHERE user_id = $1", [id.into()]))
            .await?;
        txn.commit().await?;
        self.forget_user(id);
        Ok(())
    }

    pub async fn count_users(&self) -> Result<u64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(user::Entity::find()
            .filter(user::Column::DeletedAt.is_null())
            .count(self.conn())
            .await?)
    }

    // ---- sessions -------------------------------------------------------------------

    /// Opens a session together with its first refresh token, in one transaction.
    #[tracing::instrument(skip_all, err)]
    pub async fn create_session(
        &self,
        new: NewSession,
        now: DateTime<Utc>,
    ) -> Result<Session, StoreError> {
        let txn = self.begin_write().await?;
        let created = session::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(new.user_id),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(new.expires_at),
            user_agent: Set(new.user_agent),
            ip: Set(new.ip),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await?;
        refresh_token::ActiveModel {
            id: Set(Uuid::now_v7()),
            session_id: Set(created.id),
            token_hash: Set(new.refresh_token_hash),
            created_at: Set(now),
            expires_at: Set(new.refresh_expires_at),
            spent_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(to_session(created))
    }

    pub async fn find_session(&self, id: Uuid) -> Result<Option<Session>, StoreError> {
        Ok(session::Entity::find_by_id(id)
            .one(self.conn())
            .await?
            .map(to_session))
    }

    pub async fn touch_session(&self, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    /// The user's live sessions, newest first.
    pub async fn list_sessions(
        &self,
        user_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<Session>, StoreError> {
        Ok(session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::RevokedAt.is_null())
            .filter(session::Column::ExpiresAt.gt(now))
            .order_by_desc(session::Column::CreatedAt)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_session)
            .collect())
    }

    /// Revokes one of `user_id`'s sessions. Returns false when no such live session of
    /// that user exists, so another user's session id is indistinguishable from a missing one.
    pub async fn revoke_session(
        &self,
        user_id: Uuid,
        session_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let result = session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(now))
            .filter(session::Column::Id.eq(session_id))
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::RevokedAt.is_null())
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Revokes every live session of the user; returns their ids (for cache invalidation).
    pub async fn revoke_all_sessions(
        &self,
        user_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>, StoreError> {
        let txn = self.begin_write().await?;
        let ids: Vec<Uuid> = session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::RevokedAt.is_null())
            .all(&txn)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(now))
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(ids)
    }

    /// Spends `presented_hash` and stores `next_hash` in its place. A token presented a
    /// second time revokes its whole session (refresh-token reuse detection, RFC 6819 5.2.2.3).
    #[tracing::instrument(skip_all, err)]
    pub async fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        next_hash: String,
        next_expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Rotation, StoreError> {
        let txn = self.begin_write().await?;
        let Some(token) = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(presented_hash))
            .one(&txn)
            .await?
        else {
            return Ok(Rotation::Invalid);
        };
        let Some(owner) = session::Entity::find_by_id(token.session_id)
            .one(&txn)
            .await?
        else {
            return Ok(Rotation::Invalid);
        };
        // Spend it with a conditional update: of two concurrent refreshes only one wins,
        // the other is treated as reuse.
        let spent = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::SpentAt, Expr::value(now))
            .filter(refresh_token::Column::Id.eq(token.id))
            .filter(refresh_token::Column::SpentAt.is_null())
            .exec(&txn)
            .await?;
        if spent.rows_affected == 0 {
            session::Entity::update_many()
                .col_expr(session::Column::RevokedAt, Expr::value(now))
                .filter(session::Column::Id.eq(owner.id))
                .filter(session::Column::RevokedAt.is_null())
                .exec(&txn)
                .await?;
            txn.commit().await?;
            return Ok(Rotation::ReuseDetected {
                session_id: owner.id,
                user_id: owner.user_id,
            });
        }
        if token.expires_at <= now || owner.revoked_at.is_some() || owner.expires_at <= now {
            txn.commit().await?;
            return Ok(Rotation::Invalid);
        }
        refresh_token::ActiveModel {
            id: Set(Uuid::now_v7()),
            session_id: Set(owner.id),
            token_hash: Set(next_hash),
            created_at: Set(now),
            expires_at: Set(next_expires_at),
            spent_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let mut active = owner.into_active_model();
        active.last_seen_at = Set(now);
        let owner = active.update(&txn).await?;
        txn.commit().await?;
        Ok(Rotation::Rotated {
            session: to_session(owner),
        })
    }

    // ---- e-mail tokens --------------------------------------------------------------

    pub async fn create_email_token(
        &self,
        user_id: Uuid,
        purpose: EmailTokenPurpose,
        token_hash: String,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        email_token::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            purpose: Set(purpose.as_str().into()),
            token_hash: Set(token_hash),
            created_at: Set(now),
            expires_at: Set(expires_at),
            used_at: Set(None),
        }
        .insert(self.conn())
        .await?;
        Ok(())
    }

    /// Spends every unused token of `purpose` for the user: a newer reset link replaces
    /// the older ones, and a changed password ends every reset link sent before it.
    #[tracing::instrument(skip_all, err)]
    pub async fn revoke_email_tokens(
        &self,
        user_id: Uuid,
        purpose: EmailTokenPurpose,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let revoked = email_token::Entity::update_many()
            .col_expr(email_token::Column::UsedAt, Expr::value(now))
            .filter(email_token::Column::UserId.eq(user_id))
            .filter(email_token::Column::Purpose.eq(purpose.as_str()))
            .filter(email_token::Column::UsedAt.is_null())
            .exec(self.conn())
            .await?;
        Ok(revoked.rows_affected)
    }

    /// Uses a single-use token: returns its user only if the token exists, has this
    /// purpose, is unexpired and was not used before. The conditional update makes a
    /// token usable once even under concurrent requests.
    #[tracing::instrument(skip_all, err)]
    pub async fn consume_email_token(
        &self,
        purpose: EmailTokenPurpose,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Uuid>, StoreError> {
        let txn = self.begin_write().await?;
        let Some(token) = email_token::Entity::find()
            .filter(email_token::Column::TokenHash.eq(token_hash))
            .filter(email_token::Column::Purpose.eq(purpose.as_str()))
            .one(&txn)
            .await?
        else {
            return Ok(None);
        };
        let used = email_token::Entity::update_many()
            .col_expr(email_token::Column::UsedAt, Expr::value(now))
            .filter(email_token::Column::Id.eq(token.id))
            .filter(email_token::Column::UsedAt.is_null())
            .filter(email_token::Column::ExpiresAt.gt(now))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok((used.rows_affected > 0).then_some(token.user_id))
    }

    // ---- audit log ------------------------------------------------------------------

    pub async fn audit(&self, event: AuditEvent, now: DateTime<Utc>) -> Result<(), StoreError> {
        audit_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(event.user_id),
            event: Set(event.event.into()),
            ip: Set(event.ip),
            user_agent: Set(event.user_agent),
            detail: Set(event.detail),
            created_at: Set(now),
        }
        .insert(self.conn())
        .await?;
        Ok(())
    }

    pub async fn audit_events_for(&self, user_id: Uuid) -> Result<Vec<AuditRecord>, StoreError> {
        Ok(audit_event::Entity::find()
            .filter(audit_event::Column::UserId.eq(user_id))
            .order_by_asc(audit_event::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(|m| AuditRecord {
                id: m.id,
                user_id: m.user_id,
                event: m.event,
                ip: m.ip,
                created_at: m.created_at,
            })
            .collect())
    }
}

fn credentials(m: user::Model) -> Credentials {
    Credentials {
        password_hash: m.password_hash.clone(),
        failed_login_count: m.failed_login_count,
        locked_until: m.locked_until,
        user: to_user(m),
    }
}
