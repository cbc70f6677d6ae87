//! Ratings of curriculum items by learners (one per learner and item; rating again
//! replaces it) and the views behind an item's view count (one per learner, item and UTC
//! day). Averages are computed from the ratings themselves on every read, so they are
//! always exact; view counts are a running total per item, since the per-learner rows
//! that deduplicate them are kept for the current day only.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entity::{content_rating, content_view_total};
use crate::{Store, StoreError};

#[derive(Clone, Debug, PartialEq)]
pub struct Rating {
    pub content_id: Uuid,
    pub rating: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn to_rating(m: content_rating::Model) -> Rating {
    Rating {
        content_id: m.content_id,
        rating: m.rating,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// What every learner together thinks of an item, and how often it was looked at.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ItemStats {
    pub rating_count: i64,
    pub rating_sum: i64,
    pub view_count: i64,
}

impl ItemStats {
    /// The mean rating; None while nobody rated the item.
    pub fn average(&self) -> Option<f64> {
        (self.rating_count > 0).then(|| self.rating_sum as f64 / self.rating_count as f64)
    }
}

/// The UTC calendar day a view is counted in.
pub fn view_day(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

impl Store {
    /// Sets the learner's rating of an item, replacing an earlier one (one upsert: two
    /// requests at once leave one of the two ratings, never two rows or an error).
    #[tracing::instrument(skip_all, err)]
    pub async fn put_rating(
        &self,
        user_id: Uuid,
        content_id: Uuid,
        rating: i32,
        now: DateTime<Utc>,
    ) -> Result<Rating, StoreError> {
        let model = content_rating::ActiveModel {
            user_id: Set(user_id),
            content_id: Set(content_id),
            rating: Set(rating),
            created_at: Set(now),
            updated_at: Set(now),
        };
        content_rating::Entity::insert(model)
            .on_conflict(
                OnConflict::columns([
                    content_rating::Column::UserId,
                    content_rating::Column::ContentId,
                ])
                .update_columns([
                    content_rating::Column::Rating,
                    content_rating::Column::UpdatedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(self.conn())
            .await?;
        self.get_rating(user_id, content_id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn get_rating(
        &self,
        user_id: Uuid,
        content_id: Uuid,
    ) -> Result<Option<Rating>, StoreError> {
        Ok(content_rating::Entity::find_by_id((user_id, content_id))
            .one(self.conn())
            .await?
            .map(to_rating))
    }

    /// Whether there was a rating to withdraw.
    pub async fn delete_rating(&self, user_id: Uuid, content_id: Uuid) -> Result<bool, StoreError> {
        let result = content_rating::Entity::delete_many()
            .filter(content_rating::Column::UserId.eq(user_id))
            .filter(content_rating::Column::ContentId.eq(content_id))
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Every rating of the learner, most recently changed first (data export).
    pub async fn list_ratings(&self, user_id: Uuid) -> Result<Vec<Rating>, StoreError> {
        Ok(content_rating::Entity::find()
            .filter(content_rating::Column::UserId.eq(user_id))
            .order_by_desc(content_rating::Column::UpdatedAt)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_rating)
            .collect())
    }

    /// Ratings and views of the given items; an item nobody rated or viewed is absent.
    /// Two grouped reads over indexes, however many learners there are.
    #[tracing::instrument(skip_all, err)]
    pub async fn item_stats(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, ItemStats>, StoreError> {
        let mut stats: HashMap<Uuid, ItemStats> = HashMap::new();
        if ids.is_empty() {
            return Ok(stats);
        }
        let ratings: Vec<(Uuid, i64, i64)> = content_rating::Entity::find()
            .select_only()
            .column(content_rating::Column::ContentId)
            .column_as(Expr::col(content_rating::Column::Rating).count(), "n")
            // SUM of an integer column is a BIGINT on PostgreSQL: cast on both for one type.
            .column_as(
                Expr::cust("CAST(COALESCE(SUM(rating), 0) AS BIGINT)"),
                "total",
            )
            .filter(content_rating::Column::ContentId.is_in(ids.iter().copied()))
            .group_by(content_rating::Column::ContentId)
            .into_tuple()
            .all(self.conn())
            .await?;
        for (id, count, sum) in ratings {
            let entry = stats.entry(id).or_default();
            entry.rating_count = count;
            entry.rating_sum = sum;
        }
        let views = content_view_total::Entity::find()
            .filter(content_view_total::Column::ContentId.is_in(ids.iter().copied()))
            .all(self.conn())
            .await?;
        for v in views {
            stats.entry(v.content_id).or_default().view_count = v.views;
        }
        Ok(stats)
    }

    /// Counts a view of the item by the learner, once per UTC day: returns whether this
    /// one counted. The learner's rows of earlier days go, so only today's are kept.
    #[tracing::instrument(skip_all, err)]
    pub async fn record_view(
        &self,
        user_id: Uuid,
        content_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let day = view_day(now);
        let txn = self.begin_write().await?;
        let inserted = txn
            .execute_raw(self.stmt(
                "INSERT INTO content_views (user_id, content_id, day) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
                [user_id.into(), content_id.into(), day.clone().into()],
            ))
            .await?
            .rows_affected()
            == 1;
        if inserted {
            txn.execute_raw(self.stmt(
                "INSERT INTO content_view_totals (content_id, views) VALUES ($1, 1) \
                 ON CONFLICT (content_id) DO UPDATE SET views = content_view_totals.views + 1",
                [content_id.into()],
            ))
            .await?;
            txn.execute_raw(self.stmt(
                "DELETE FROM content_views WHERE user_id = $1 AND day < $2",
                [user_id.into(), day.into()],
            ))
            .await?;
        }
        txn.commit().await?;
        Ok(inserted)
    }
}
