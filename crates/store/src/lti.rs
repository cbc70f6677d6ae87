//! LTI 1.3 persistence: registered platforms, OIDC login states and spent nonces (both
//! single use and expiring), the link from a platform's (issuer, subject) to a Codestead
//! account, the resource links a learner launched from, and the durable score outbox
//! that Assignment and Grade Services delivery drains. The protocol rules live in the
//! server's `lti` module; this one only keeps the records, race-free.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use uuid::Uuid;

use crate::entity::{
    lti_account, lti_login_state, lti_platform, lti_resource_link, lti_score, lti_used_nonce,
};
use crate::{Store, StoreError};

/// A platform (an LMS: Moodle, Canvas, …) an administrator registered.
#[derive(Clone, Debug, PartialEq)]
pub struct Platform {
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

#[derive(Clone, Debug)]
pub struct NewPlatform {
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    pub deployment_ids: Vec<String>,
    pub jwks_url: String,
    pub auth_url: String,
    pub token_url: String,
}

fn to_platform(m: lti_platform::Model) -> Platform {
    let deployment_ids = serde_json::from_value(m.deployment_ids).unwrap_or_default();
    Platform {
        id: m.id,
        name: m.name,
        issuer: m.issuer,
        client_id: m.client_id,
        deployment_ids,
        jwks_url: m.jwks_url,
        auth_url: m.auth_url,
        token_url: m.token_url,
        created_at: m.created_at,
    }
}

/// An OIDC login in flight: what the launch that answers it must match.
#[derive(Clone, Debug, PartialEq)]
pub struct LoginState {
    pub platform_id: Uuid,
    pub nonce: String,
    pub expires_at: DateTime<Utc>,
}

/// Where a learner launched from: the score for `content_id` goes to `lineitem_url`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceLink {
    pub id: Uuid,
    pub platform_id: Uuid,
    pub user_id: Uuid,
    pub resource_link_id: String,
    pub content_id: Uuid,
    pub subject: String,
    pub lineitem_url: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewResourceLink<'a> {
    pub platform_id: Uuid,
    pub user_id: Uuid,
    pub resource_link_id: &'a str,
    pub content_id: Uuid,
    pub subject: &'a str,
    pub lineitem_url: Option<&'a str>,
}

/// A score to send (or sent) to a platform's line item.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub id: Uuid,
    pub platform_id: Uuid,
    pub user_id: Uuid,
    pub lineitem_url: String,
    pub subject: String,
    pub score_given: f64,
    pub score_maximum: f64,
    pub scored_at: DateTime<Utc>,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub given_up_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewScore {
    pub platform_id: Uuid,
    pub user_id: Uuid,
    pub lineitem_url: String,
    pub subject: String,
    pub score_given: f64,
    pub score_maximum: f64,
    pub scored_at: DateTime<Utc>,
}

fn to_score(m: lti_score::Model) -> Score {
    Score {
        id: m.id,
        platform_id: m.platform_id,
        user_id: m.user_id,
        lineitem_url: m.lineitem_url,
        subject: m.subject,
        score_given: m.score_given,
        score_maximum: m.score_maximum,
        scored_at: m.scored_at,
        attempts: m.attempts,
        next_attempt_at: m.next_attempt_at,
        delivered_at: m.delivered_at,
        given_up_at: m.given_up_at,
        last_error: m.last_error,
    }
}

impl Store {
    /// Registers a platform; the same (issuer, client id) twice is a `client_id` conflict.
    #[tracing::instrument(skip_all, err)]
    pub async fn create_lti_platform(
        &self,
        new: NewPlatform,
        now: DateTime<Utc>,
    ) -> Result<Platform, StoreError> {
        let model = lti_platform::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(new.name),
            issuer: Set(new.issuer),
            client_id: Set(new.client_id),
            deployment_ids: Set(serde_json::json!(new.deployment_ids)),
            jwks_url: Set(new.jwks_url),
            auth_url: Set(new.auth_url),
            token_url: Set(new.token_url),
            created_at: Set(now),
        }
        .insert(self.conn())
        .await
        .map_err(|e| StoreError::from_write(e, &["client_id"]))?;
        Ok(to_platform(model))
    }

    pub async fn list_lti_platforms(&self) -> Result<Vec<Platform>, StoreError> {
        Ok(lti_platform::Entity::find()
            .order_by_asc(lti_platform::Column::CreatedAt)
            .order_by_asc(lti_platform::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_platform)
            .collect())
    }

    pub async fn find_lti_platform(&self, id: Uuid) -> Result<Option<Platform>, StoreError> {
        Ok(lti_platform::Entity::find_by_id(id)
            .one(self.conn())
            .await?
            .map(to_platform))
    }

    /// The platforms registered for an issuer (one per client id).
    pub async fn lti_platforms_by_issuer(&self, issuer: &str) -> Result<Vec<Platform>, StoreError> {
        Ok(lti_platform::Entity::find()
            .filter(lti_platform::Column::Issuer.eq(issuer))
            .order_by_asc(lti_platform::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_platform)
            .collect())
    }

    /// Removes a platform with its logins, links and undelivered scores (the accounts
    /// its learners signed in to stay). False when there was none.
    pub async fn delete_lti_platform(&self, id: Uuid) -> Result<bool, StoreError> {
        let result = lti_platform::Entity::delete_by_id(id)
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected == 1)
    }

    pub async fn create_lti_login_state(
        &self,
        state_hash: &str,
        state: LoginState,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        lti_login_state::ActiveModel {
            state_hash: Set(state_hash.to_owned()),
            platform_id: Set(state.platform_id),
            nonce: Set(state.nonce),
            expires_at: Set(state.expires_at),
            created_at: Set(now),
        }
        .insert(self.conn())
        .await?;
        Ok(())
    }

    /// The login a state belongs to, while it is unexpired and unspent.
    pub async fn find_lti_login_state(
        &self,
        state_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<LoginState>, StoreError> {
        Ok(lti_login_state::Entity::find_by_id(state_hash.to_owned())
            .filter(lti_login_state::Column::ExpiresAt.gt(now))
            .one(self.conn())
            .await?
            .map(|m| LoginState {
                platform_id: m.platform_id,
                nonce: m.nonce,
                expires_at: m.expires_at,
            }))
    }

    /// Spends a state: true for exactly one caller, however many race for it.
    pub async fn consume_lti_login_state(
        &self,
        state_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let result = lti_login_state::Entity::delete_many()
            .filter(lti_login_state::Column::StateHash.eq(state_hash))
            .filter(lti_login_state::Column::ExpiresAt.gt(now))
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Records a launch's nonce as spent until `expires_at` (the id_token's expiry).
    /// False when it was spent already: the primary key decides, with no race.
    pub async fn spend_lti_nonce(
        &self,
        platform_id: Uuid,
        nonce: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = lti_used_nonce::ActiveModel {
            platform_id: Set(platform_id),
            nonce: Set(nonce.to_owned()),
            expires_at: Set(expires_at),
        }
        .insert(self.conn())
        .await
        .map_err(|e| StoreError::from_write(e, &["nonce"]));
        match inserted {
            Ok(_) => Ok(true),
            Err(StoreError::Conflict { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Forgets login states and spent nonces past their expiry (a spent nonce only has
    /// to be remembered while a token carrying it could still be accepted).
    pub async fn purge_expired_lti(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let states = lti_login_state::Entity::delete_many()
            .filter(lti_login_state::Column::ExpiresAt.lte(now))
            .exec(self.conn())
            .await?;
        let nonces = lti_used_nonce::Entity::delete_many()
            .filter(lti_used_nonce::Column::ExpiresAt.lte(now))
            .exec(self.conn())
            .await?;
        Ok(states.rows_affected + nonces.rows_affected)
    }

    /// The Codestead account linked to a platform user.
    pub async fn find_lti_account(
        &self,
        issuer: &str,
        subject: &str,
    ) -> Result<Option<Uuid>, StoreError> {
        Ok(lti_account::Entity::find()
            .filter(lti_account::Column::Issuer.eq(issuer))
            .filter(lti_account::Column::Subject.eq(subject))
            .one(self.conn())
            .await?
            .map(|m| m.user_id))
    }

    /// Links (issuer, subject) to `user_id`. When a concurrent launch linked it first,
    /// that link wins and its account is returned.
    pub async fn link_lti_account(
        &self,
        platform_id: Uuid,
        issuer: &str,
        subject: &str,
        user_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let inserted = lti_account::ActiveModel {
            id: Set(Uuid::now_v7()),
            platform_id: Set(platform_id),
            issuer: Set(issuer.to_owned()),
            subject: Set(subject.to_owned()),
            user_id: Set(user_id),
            created_at: Set(now),
        }
        .insert(self.conn())
        .await
        .map_err(|e| StoreError::from_write(e, &["subject"]));
        match inserted {
            Ok(_) => Ok(user_id),
            Err(StoreError::Conflict { .. }) => self
                .find_lti_account(issuer, subject)
                .await?
                .ok_or(StoreError::NotFound),
            Err(e) => Err(e),
        }
    }

    /// Records (or refreshes) the resource link a learner launched from: the latest
    /// launch decides the exercise and line item.
    pub async fn upsert_lti_resource_link(
        &self,
        new: NewResourceLink<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let existing = lti_resource_link::Entity::find()
            .filter(lti_resource_link::Column::PlatformId.eq(new.platform_id))
            .filter(lti_resource_link::Column::ResourceLinkId.eq(new.resource_link_id))
            .filter(lti_resource_link::Column::UserId.eq(new.user_id))
            .one(self.conn())
            .await?;
        if let Some(found) = existing {
            let mut model: lti_resource_link::ActiveModel = found.into();
            model.content_id = Set(new.content_id);
            model.subject = Set(new.subject.to_owned());
            model.lineitem_url = Set(new.lineitem_url.map(str::to_owned));
            model.updated_at = Set(now);
            model.update(self.conn()).await?;
            return Ok(());
        }
        let inserted = lti_resource_link::ActiveModel {
            id: Set(Uuid::now_v7()),
            platform_id: Set(new.platform_id),
            user_id: Set(new.user_id),
            resource_link_id: Set(new.resource_link_id.to_owned()),
            content_id: Set(new.content_id),
            subject: Set(new.subject.to_owned()),
            lineitem_url: Set(new.lineitem_url.map(str::to_owned)),
            updated_at: Set(now),
        }
        .insert(self.conn())
        .await
        .map_err(|e| StoreError::from_write(e, &["resource_link_id"]));
        match inserted {
            // Two first launches at once: the other one recorded the same link.
            Ok(_) | Err(StoreError::Conflict { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The resource links with a line item that a learner launched `content_id` from.
    pub async fn lti_score_targets(
        &self,
        user_id: Uuid,
        content_id: Uuid,
    ) -> Result<Vec<ResourceLink>, StoreError> {
        Ok(lti_resource_link::Entity::find()
            .filter(lti_resource_link::Column::UserId.eq(user_id))
            .filter(lti_resource_link::Column::ContentId.eq(content_id))
            .filter(lti_resource_link::Column::LineitemUrl.is_not_null())
            .order_by_asc(lti_resource_link::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(|m| ResourceLink {
                id: m.id,
                platform_id: m.platform_id,
                user_id: m.user_id,
                resource_link_id: m.resource_link_id,
                content_id: m.content_id,
                subject: m.subject,
                lineitem_url: m.lineitem_url,
            })
            .collect())
    }

    /// Puts a score in the outbox, due at once.
    pub async fn enqueue_lti_score(
        &self,
        new: NewScore,
        now: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        lti_score::ActiveModel {
            id: Set(id),
            platform_id: Set(new.platform_id),
            user_id: Set(new.user_id),
            lineitem_url: Set(new.lineitem_url),
            subject: Set(new.subject),
            score_given: Set(new.score_given),
            score_maximum: Set(new.score_maximum),
            scored_at: Set(new.scored_at),
            attempts: Set(0),
            next_attempt_at: Set(now),
            claimed_until: Set(None),
            delivered_at: Set(None),
            given_up_at: Set(None),
            last_error: Set(None),
            created_at: Set(now),
        }
        .insert(self.conn())
        .await?;
        Ok(id)
    }

    /// Claims up to `limit` due scores for delivery until `hold_until`. A row is claimed by
    /// a conditional update on the claim it was read with, so two servers draining the
    /// outbox at once never both send it; a crashed server's claim simply runs out.
    pub async fn claim_due_lti_scores(
        &self,
        now: DateTime<Utc>,
        hold_until: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<Score>, StoreError> {
        let due = lti_score::Entity::find()
            .filter(lti_score::Column::DeliveredAt.is_null())
            .filter(lti_score::Column::GivenUpAt.is_null())
            .filter(lti_score::Column::NextAttemptAt.lte(now))
            .filter(
                Condition::any()
                    .add(lti_score::Column::ClaimedUntil.is_null())
                    .add(lti_score::Column::ClaimedUntil.lte(now)),
            )
            .order_by_asc(lti_score::Column::NextAttemptAt)
            .order_by_asc(lti_score::Column::Id)
            .limit(limit)
            .all(self.conn())
            .await?;
        let mut claimed = Vec::with_capacity(due.len());
        for row in due {
            let previous = match row.claimed_until {
                Some(at) => lti_score::Column::ClaimedUntil.eq(at),
                None => lti_score::Column::ClaimedUntil.is_null(),
            };
            let result = lti_score::Entity::update_many()
                .col_expr(lti_score::Column::ClaimedUntil, Expr::value(hold_until))
                .filter(lti_score::Column::Id.eq(row.id))
                .filter(lti_score::Column::DeliveredAt.is_null())
                .filter(previous)
                .exec(self.conn())
                .await?;
            if result.rows_affected == 1 {
                claimed.push(to_score(row));
            }
        }
        Ok(claimed)
    }

    pub async fn mark_lti_score_delivered(
        &self,
        id: Uuid,
        attempts: i32,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        lti_score::Entity::update_many()
            .col_expr(lti_score::Column::DeliveredAt, Expr::value(now))
            .col_expr(lti_score::Column::Attempts, Expr::value(attempts))
            .col_expr(
                lti_score::Column::ClaimedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                lti_score::Column::LastError,
                Expr::value(Option::<String>::None),
            )
            .filter(lti_score::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    /// A delivery failed: due again at `retry_at`, or given up (`retry_at` None).
    pub async fn record_lti_score_failure(
        &self,
        id: Uuid,
        attempts: i32,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut update = lti_score::Entity::update_many()
            .col_expr(lti_score::Column::Attempts, Expr::value(attempts))
            .col_expr(lti_score::Column::LastError, Expr::value(error.to_owned()))
            .col_expr(
                lti_score::Column::ClaimedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            );
        update = match retry_at {
            Some(at) => update.col_expr(lti_score::Column::NextAttemptAt, Expr::value(at)),
            None => update.col_expr(lti_score::Column::GivenUpAt, Expr::value(now)),
        };
        update
            .filter(lti_score::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    /// Every score in the outbox for a platform, oldest first (the admin view, tests).
    pub async fn list_lti_scores(&self, platform_id: Uuid) -> Result<Vec<Score>, StoreError> {
        Ok(lti_score::Entity::find()
            .filter(lti_score::Column::PlatformId.eq(platform_id))
            .order_by_asc(lti_score::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_score)
            .collect())
    }
}
