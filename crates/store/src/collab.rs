//! Collaboration: the people a project's owner let in (editor or viewer), and each
//! project file's live Yjs document, kept as one snapshot plus the updates appended since.
//! The store keeps the bytes; it never decodes them (the server's `collab` module does).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::entity::{collab_document, collab_update, project, project_collaborator};
use crate::projects::Project;
use crate::{Store, StoreError};

/// What a collaborator may do. The owner is not a collaborator: they may do anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CollaboratorRole {
    Editor,
    Viewer,
}

impl CollaboratorRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Editor => "editor",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "editor" => Some(Self::Editor),
            "viewer" => Some(Self::Viewer),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Collaborator {
    pub project_id: Uuid,
    pub user_id: Uuid,
    pub role: CollaboratorRole,
    pub created_at: DateTime<Utc>,
}

fn to_collaborator(m: project_collaborator::Model) -> Option<Collaborator> {
    Some(Collaborator {
        project_id: m.project_id,
        user_id: m.user_id,
        role: CollaboratorRole::parse(&m.role)?,
        created_at: m.created_at,
    })
}

/// A document as stored: the snapshot and the updates appended after it (any order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoredDocument {
    pub snapshot: Vec<u8>,
    pub updates: Vec<(Uuid, Vec<u8>)>,
}

impl Store {
    /// Adds `user_id` to the project or changes their role (one upsert).
    #[tracing::instrument(skip_all, err)]
    pub async fn put_collaborator(
        &self,
        project_id: Uuid,
        user_id: Uuid,
        role: CollaboratorRole,
        now: DateTime<Utc>,
    ) -> Result<Collaborator, StoreError> {
        let model = project_collaborator::ActiveModel {
            project_id: Set(project_id),
            user_id: Set(user_id),
            role: Set(role.as_str().to_owned()),
            created_at: Set(now),
        };
        project_collaborator::Entity::insert(model)
            .on_conflict(
                OnConflict::columns([
                    project_collaborator::Column::ProjectId,
                    project_collaborator::Column::UserId,
                ])
                .update_column(project_collaborator::Column::Role)
                .to_owned(),
            )
            .exec_without_returning(self.conn())
            .await?;
        project_collaborator::Entity::find_by_id((project_id, user_id))
            .one(self.conn())
            .await?
            .and_then(to_collaborator)
            .ok_or(StoreError::NotFound)
    }

    /// Whether there was such a collaborator.
    #[tracing::instrument(skip_all, err)]
    pub async fn delete_collaborator(
        &self,
        project_id: Uuid,
        user_id: Uuid,
    ) -> Result<bool, StoreError> {
        let result = project_collaborator::Entity::delete_many()
            .filter(project_collaborator::Column::ProjectId.eq(project_id))
            .filter(project_collaborator::Column::UserId.eq(user_id))
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// The project's collaborators, longest-standing first.
    pub async fn list_collaborators(
        &self,
        project_id: Uuid,
    ) -> Result<Vec<Collaborator>, StoreError> {
        Ok(project_collaborator::Entity::find()
            .filter(project_collaborator::Column::ProjectId.eq(project_id))
            .order_by_asc(project_collaborator::Column::CreatedAt)
            .all(self.conn())
            .await?
            .into_iter()
            .filter_map(to_collaborator)
            .collect())
    }

    pub async fn collaborator_role(
        &self,
        project_id: Uuid,
        user_id: Uuid,
    ) -> Result<Option<CollaboratorRole>, StoreError> {
        Ok(
            project_collaborator::Entity::find_by_id((project_id, user_id))
                .one(self.conn())
                .await?
                .and_then(to_collaborator)
                .map(|c| c.role),
        )
    }

    /// A project that is not in the trash, whoever owns it (the caller checks access).
    pub async fn find_live_project(&self, project_id: Uuid) -> Result<Option<Project>, StoreError> {
        Ok(project::Entity::find_by_id(project_id)
            .filter(project::Column::DeletedAt.is_null())
            .one(self.conn())
            .await?
            .map(crate::projects::to_project))
    }

    /// The live projects others shared with `user_id`, most recently active first.
    pub async fn list_shared_with(
        &self,
        user_id: Uuid,
    ) -> Result<Vec<(Project, CollaboratorRole)>, StoreError> {
        let rows = project_collaborator::Entity::find()
            .filter(project_collaborator::Column::UserId.eq(user_id))
            .all(self.conn())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let Some(c) = to_collaborator(row) else {
                continue;
            };
            if let Some(p) = self.find_live_project(c.project_id).await? {
                out.push((p, c.role));
            }
        }
        out.sort_by_key(|b| std::cmp::Reverse(b.0.last_activity_at));
        Ok(out)
    }

    /// The file's document, or `None` when it never had one.
    #[tracing::instrument(skip_all, err)]
    pub async fn load_document(&self, file_id: Uuid) -> Result<Option<StoredDocument>, StoreError> {
        let Some(doc) = collab_document::Entity::find_by_id(file_id)
            .one(self.conn())
            .await?
        else {
            return Ok(None);
        };
        let updates = collab_update::Entity::find()
            .filter(collab_update::Column::FileId.eq(file_id))
            .order_by_asc(collab_update::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(|u| (u.id, u.data))
            .collect();
        Ok(Some(StoredDocument {
            snapshot: doc.snapshot,
            updates,
        }))
    }

    /// Creates the file's document from `snapshot` unless one exists already; returns
    /// whether this call created it. Two servers opening a new document at once both
    /// call this; the loser loads the winner's (so the file's text is seeded once).
    #[tracing::instrument(skip_all, err)]
    pub async fn create_document(
        &self,
        file_id: Uuid,
        snapshot: Vec<u8>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let model = collab_document::ActiveModel {
            file_id: Set(file_id),
            snapshot: Set(snapshot),
            updated_at: Set(now),
        };
        let inserted = collab_document::Entity::insert(model)
            .on_conflict(
                OnConflict::column(collab_document::Column::FileId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(self.conn())
            .await?;
        Ok(inserted > 0)
    }

    /// Appends one update (durable when this returns: the server relays it only then).
    #[tracing::instrument(skip_all, err)]
    pub async fn append_update(
        &self,
        file_id: Uuid,
        data: Vec<u8>,
        user_id: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        collab_update::Entity::insert(collab_update::ActiveModel {
            id: Set(id),
            file_id: Set(file_id),
            data: Set(data),
            user_id: Set(user_id),
            created_at: Set(now),
        })
        .exec_without_returning(self.conn())
        .await?;
        Ok(id)
    }

    /// Replaces the snapshot with `snapshot` (which includes the updates `folded`) and
    /// deletes exactly those updates, in one transaction.
    #[tracing::instrument(skip_all, err)]
    pub async fn compact_document(
        &self,
        file_id: Uuid,
        snapshot: Vec<u8>,
        folded: &[Uuid],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        collab_document::Entity::update_many()
            .col_expr(
                collab_document::Column::Snapshot,
                sea_orm::sea_query::Expr::value(snapshot),
            )
            .col_expr(
                collab_document::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(collab_document::Column::FileId.eq(file_id))
            .exec(&txn)
            .await?;
        // Chunks keep the IN list within every backend's bound-parameter limit.
        for chunk in folded.chunks(500) {
            collab_update::Entity::delete_many()
                .filter(collab_update::Column::FileId.eq(file_id))
                .filter(collab_update::Column::Id.is_in(chunk.iter().copied()))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }
}
