//! Ratings and views of curriculum items. A signed-in learner rates an item 1–5 (one rating
//! each; rating again replaces it). An item's average is shown from its first rating, always
//! with the number of ratings beside it. A view is counted when a signed-in learner opens an
//! item's page, once per learner, item and UTC day, so reloading never inflates it;
//! anonymous visits are not counted (there is nothing to tell two of them apart with that
//! does not track the visitor).

use std::collections::HashMap;

use uuid::Uuid;

use codestead_curriculum::Item;
use codestead_store::ratings::{ItemStats, Rating, view_day};

use super::LearningService;
use super::{LearningResult, invalid};

impl LearningService {
    /// Sets the learner's rating of `item`; `rating` must be 1 to 5.
    pub async fn rate(&self, user: Uuid, item: &Item, rating: i32) -> LearningResult<Rating> {
        if !(1..=5).contains(&rating) {
            return Err(invalid("rating", "must be a whole number from 1 to 5"));
        }
        Ok(self
            .store
            .put_rating(user, item.id, rating, self.clock.now())
            .await?)
    }

    /// Withdraws the learner's rating; false when there was none.
    pub async fn unrate(&self, user: Uuid, item: &Item) -> LearningResult<bool> {
        Ok(self.store.delete_rating(user, item.id).await?)
    }

    pub async fn my_rating(&self, user: Option<Uuid>, item: &Item) -> LearningResult<Option<i32>> {
        let Some(user) = user else { return Ok(None) };
        Ok(self
            .store
            .get_rating(user, item.id)
            .await?
            .map(|r| r.rating))
    }

    /// Ratings and view counts of `items` (absent items have none).
    pub async fn stats<'a>(
        &self,
        items: impl IntoIterator<Item = &'a Item>,
    ) -> LearningResult<HashMap<Uuid, ItemStats>> {
        // While the database is known to be down, lessons are served from the embedded
        // curriculum (see `middleware::database_gate`): without ratings, not after a wait.
        if self.store.is_unavailable() {
            return Ok(HashMap::new());
        }
        let ids: Vec<Uuid> = items.into_iter().map(|i| i.id).collect();
        Ok(self.store.item_stats(&ids).await?)
    }

    /// Counts the learner's view of `item` (once a day). The first view of the day on
    /// this server writes; later ones are answered from memory. A failed write is logged
    /// and the page still shows: a view count is not worth an error page.
    pub async fn record_view(&self, user: Uuid, item: &Item) {
        let day = view_day(self.clock.now());
        let key = (user, item.id, day);
        if self.viewed.contains_key(&key) {
            return;
        }
        match self
            .store
            .record_view(user, item.id, self.clock.now())
            .await
        {
            Ok(_) => self.viewed.insert(key, ()),
            Err(err) => tracing::warn!(%err, item = %item.slug, "view not counted"),
        }
    }
}
