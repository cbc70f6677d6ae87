//! Certificates for a finished track: one per learner and track, found by its random
//! verification code. Whether the track really is finished is the server's rule; the
//! store keeps issuing idempotent (the unique index decides, with no check-then-insert
//! race) and says whether the certificate's owner still has an account.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::entity::{certificate, user};
use crate::{Store, StoreError};

#[derive(Clone, Debug, PartialEq)]
pub struct Certificate {
    pub id: Uuid,
    pub user_id: Uuid,
    pub track: String,
    pub code: String,
    pub learner_name: String,
    pub track_title: String,
    pub completed_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
}

fn to_certificate(m: certificate::Model) -> Certificate {
    Certificate {
        id: m.id,
        user_id: m.user_id,
        track: m.track,
        code: m.code,
        learner_name: m.learner_name,
        track_title: m.track_title,
        completed_at: m.completed_at,
        issued_at: m.issued_at,
    }
}

#[derive(Clone, Debug)]
pub struct NewCertificate<'a> {
    pub user_id: Uuid,
    pub track: &'a str,
    pub code: &'a str,
    pub learner_name: &'a str,
    pub track_title: &'a str,
    pub completed_at: DateTime<Utc>,
}

impl Store {
    /// Issues the learner's certificate for a track, or returns the one they already have
    /// (then `false`). Two requests at once get the same certificate.
    #[tracing::instrument(skip_all, err)]
    pub async fn issue_certificate(
        &self,
        new: NewCertificate<'_>,
        now: DateTime<Utc>,
    ) -> Result<(Certificate, bool), StoreError> {
        if let Some(existing) = self.certificate_for_track(new.user_id, new.track).await? {
            return Ok((existing, false));
        }
        let inserted = certificate::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(new.user_id),
            track: Set(new.track.to_owned()),
            code: Set(new.code.to_owned()),
            learner_name: Set(new.learner_name.to_owned()),
            track_title: Set(new.track_title.to_owned()),
            completed_at: Set(new.completed_at),
            issued_at: Set(now),
        }
        .insert(self.conn())
        .await
        .map_err(|e| StoreError::from_write(e, &["code", "track"]));
        match inserted {
            Ok(model) => Ok((to_certificate(model), true)),
            // A concurrent request issued it first: that one is the certificate.
            Err(StoreError::Conflict { field: "track" }) => self
                .certificate_for_track(new.user_id, new.track)
                .await?
                .map(|c| (c, false))
                .ok_or(StoreError::NotFound),
            Err(e) => Err(e),
        }
    }

    pub async fn certificate_for_track(
        &self,
        user_id: Uuid,
        track: &str,
    ) -> Result<Option<Certificate>, StoreError> {
        Ok(certificate::Entity::find()
            .filter(certificate::Column::UserId.eq(user_id))
            .filter(certificate::Column::Track.eq(track))
            .one(self.conn())
            .await?
            .map(to_certificate))
    }

    /// The learner's certificates, newest first.
    pub async fn list_certificates(&self, user_id: Uuid) -> Result<Vec<Certificate>, StoreError> {
        Ok(certificate::Entity::find()
            .filter(certificate::Column::UserId.eq(user_id))
            .order_by_desc(certificate::Column::IssuedAt)
            .order_by_desc(certificate::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_certificate)
            .collect())
    }

    /// The certificate with this verification code, and whether its owner's account is
    /// live (a deleted account's certificates stop being valid at once, not at the purge).
    #[tracing::instrument(skip_all, err)]
    pub async fn certificate_by_code(
        &self,
        code: &str,
    ) -> Result<Option<(Certificate, bool)>, StoreError> {
        let Some(found) = certificate::Entity::find()
            .filter(certificate::Column::Code.eq(code))
            .one(self.conn())
            .await?
        else {
            return Ok(None);
        };
        let owner_live = user::Entity::find_by_id(found.user_id)
            .filter(user::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?
            .is_some();
        Ok(Some((to_certificate(found), owner_live)))
    }
}
