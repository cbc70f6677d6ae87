//! The sessions epoch: a counter in one row, raised whenever sessions or roles change in a
//! way another process's session cache must learn about (a role set by the CLI). Servers
//! read it at most once a second and drop their in-process session cache when it moved.

use sea_orm::ConnectionTrait;

use crate::{Store, StoreError};

impl Store {
    /// The current epoch.
    pub async fn session_epoch(&self) -> Result<i64, StoreError> {
        let row = self
            .conn()
            .query_one_raw(self.stmt("SELECT epoch FROM session_epoch WHERE id = 1", []))
            .await?;
        Ok(match row {
            Some(r) => r.try_get_by("epoch")?,
            None => 0,
        })
    }

    /// Raises the epoch by one (a single atomic update: two processes raising it at once
    /// both count).
    pub async fn bump_session_epoch(&self) -> Result<(), StoreError> {
        self.conn()
            .execute_raw(self.stmt(
                "UPDATE session_epoch SET epoch = epoch + 1 WHERE id = 1",
                [],
            ))
            .await?;
        Ok(())
    }
}
