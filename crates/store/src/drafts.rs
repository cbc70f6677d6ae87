//! Drafts: the code a learner is still writing, one per (learner, key). Last write wins;
//! a draft carries no history (a project's saves do).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::entity::draft;
use crate::{Store, StoreError};

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

fn to_draft(m: draft::Model) -> Draft {
    Draft {
        key: m.key,
        language: m.language,
        code: m.code,
        updated_at: m.updated_at,
    }
}

impl Store {
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
        let model = draft::ActiveModel {
            user_id: Set(user_id),
            key: Set(key.to_owned()),
            language: Set(language.to_owned()),
            code: Set(code.to_owned()),
            updated_at: Set(now),
        };
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
            .exec_without_returning(self.conn())
            .await?;
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
