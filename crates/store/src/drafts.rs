//! Drafts: the code a learner is still writing, one per (learner, key). Last write wins;
//! a draft carries no history (a project's saves do).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::entity::{draft, user};
use crate::{Backend, Store, StoreError};

/// `StoreError::Limit` name for the per-learner bound on drafts.
pub const LIMIT_DRAFTS: &str = "drafts";

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub key: String,
    pub language: String,
    pub code: String,
    pub updated_at: DateTime<Utc>,
}

/// A LIKE pattern matching what starts with `prefix`, its wildcards escaped with `\`.
/// (SQLite's LIKE ignores ASCII case; the keys this is used for are lower case.)
fn like_prefix(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

fn active(
    user_id: Uuid,
    key: &str,
    language: &str,
    code: &str,
    now: DateTime<Utc>,
) -> draft::ActiveModel {
    draft::ActiveModel {
        user_id: Set(user_id),
        key: Set(key.to_owned()),
        language: Set(language.to_owned()),
        code: Set(code.to_owned()),
        updated_at: Set(now),
    }
}

fn to_draft(m: draft::Model) -> Draft {
    Draft {
        key: m.key,
        language: m.language,
        code: m.code,
        updated_at: m.updated_at,
    }
}

/// The upsert every draft write shares.
async fn upsert<C: ConnectionTrait>(conn: &C, model: draft::ActiveModel) -> Result<(), StoreError> {
    draft::Entity::insert(model)
        .on_conflict(
            OnConflict::columns([draft::Column::UserId, draft::Column::Key])
                .update_columns([
                    draft::Column::Language,
                    draft::Column::Code,
                    draft::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

impl Store {
    /// Like [`Store::put_draft`], but a new key is refused with
    /// `StoreError::Limit { limit: LIMIT_DRAFTS }` once the learner holds `max_drafts`
    /// (replacing an existing draft always works). The count and the insert happen in one
    /// write transaction that cannot be raced: SQLite serialises write transactions
    /// (`BEGIN IMMEDIATE`); on PostgreSQL the learner's row is locked first, so two new
    /// keys saved at once by parallel requests are counted one after the other.
    pub async fn put_draft_bounded(
        &self,
        user_id: Uuid,
        key: &str,
        language: &str,
        code: &str,
        now: DateTime<Utc>,
        max_drafts: u64,
    ) -> Result<Draft, StoreError> {
        let txn = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            user::Entity::find_by_id(user_id)
                .lock_exclusive()
                .one(&txn)
                .await?;
        }
        let exists = draft::Entity::find_by_id((user_id, key.to_owned()))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            let held = draft::Entity::find()
                .filter(draft::Column::UserId.eq(user_id))
                .count(&txn)
                .await?;
            if held >= max_drafts {
                return Err(StoreError::Limit {
                    limit: LIMIT_DRAFTS,
                });
            }
        }
        upsert(&txn, active(user_id, key, language, code, now)).await?;
        txn.commit().await?;
        Ok(Draft {
            key: key.to_owned(),
            language: language.to_owned(),
            code: code.to_owned(),
            updated_at: now,
        })
    }

    /// Creates or replaces the draft under `key` (one upsert: two tabs saving at once
    /// leave one of the two, never an error).
    pub async fn put_draft(
        &self,
        user_id: Uuid,
        key: &str,
        language: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<Draft, StoreError> {
        upsert(self.conn(), active(user_id, key, language, code, now)).await?;
        Ok(Draft {
            key: key.to_owned(),
            language: language.to_owned(),
            code: code.to_owned(),
            updated_at: now,
        })
    }

    pub async fn get_draft(&self, user_id: Uuid, key: &str) -> Result<Option<Draft>, StoreError> {
        Ok(draft::Entity::find_by_id((user_id, key.to_owned()))
            .one(self.conn())
            .await?
            .map(to_draft))
    }

    /// Whether there was a draft to delete.
    pub async fn delete_draft(&self, user_id: Uuid, key: &str) -> Result<bool, StoreError> {
        let result = draft::Entity::delete_many()
            .filter(draft::Column::UserId.eq(user_id))
            .filter(draft::Column::Key.eq(key))
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Every draft of the learner, most recently changed first.
    pub async fn list_drafts(&self, user_id: Uuid) -> Result<Vec<Draft>, StoreError> {
        Ok(draft::Entity::find()
            .filter(draft::Column::UserId.eq(user_id))
            .order_by_desc(draft::Column::UpdatedAt)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_draft)
            .collect())
    }

    pub async fn count_drafts(&self, user_id: Uuid) -> Result<u64, StoreError> {
        Ok(draft::Entity::find()
            .filter(draft::Column::UserId.eq(user_id))
            .count(self.conn())
            .await?)
    }

    /// Removes the learner's drafts whose key starts with `prefix` (the drafts of a
    /// deleted file or project); returns how many went. `prefix` is matched literally:
    /// `%` and `_` in it are not wildcards.
    pub async fn delete_drafts_starting_with(
        &self,
        user_id: Uuid,
        prefix: &str,
    ) -> Result<u64, StoreError> {
        Ok(draft::Entity::delete_many()
            .filter(draft::Column::UserId.eq(user_id))
            .filter(
                Expr::col(draft::Column::Key).like(LikeExpr::new(like_prefix(prefix)).escape('\\')),
            )
            .exec(self.conn())
            .await?
            .rows_affected)
    }

    /// Removes every draft of the learner (account deletion).
    pub async fn delete_all_drafts(&self, user_id: Uuid) -> Result<u64, StoreError> {
        Ok(draft::Entity::delete_many()
            .filter(draft::Column::UserId.eq(user_id))
            .exec(self.conn())
            .await?
            .rows_affected)
    }
}
