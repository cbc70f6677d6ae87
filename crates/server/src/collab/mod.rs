//! Collaboration: who may open a project besides its owner (collaborators as editor or
//! viewer, managed by the owner), and the project files open as live Yjs documents
//! ([`document::LiveDoc`]), one per file on this server while a socket holds it.
//!
//! Access is decided here, next to the data: the owner and editors write, viewers read.
//! A change of someone's access is announced on [`CollabService::access_changes`] so every
//! socket of that project re-reads its role before it handles another message (a revoked
//! collaborator's socket closes at once). See `docs/collaboration.md`.

pub mod document;

use std::collections::HashMap;
use std::sync::{Arc, Weak};

use tokio::sync::{Mutex, broadcast};
use uuid::Uuid;

use codestead_store::collab::{Collaborator, CollaboratorRole};
use codestead_store::projects::Project;
use codestead_store::{Store, StoreError};

use crate::domain::ErrorCode;
use crate::platform::clock::Clock;
use document::{LiveDoc, Refused};

/// What the caller may do with a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Owner,
    Editor,
    Viewer,
}

impl Access {
    pub fn may_write(self) -> bool {
        matches!(self, Self::Owner | Self::Editor)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Editor => "editor",
            Self::Viewer => "viewer",
        }
    }
}

impl From<CollaboratorRole> for Access {
    fn from(role: CollaboratorRole) -> Self {
        match role {
            CollaboratorRole::Editor => Self::Editor,
            CollaboratorRole::Viewer => Self::Viewer,
        }
    }
}

/// The collaboration domain's failures; `http::collab` maps them to problem details.
#[derive(Debug, thiserror::Error)]
pub enum CollabError {
    /// No such project (or file) that the caller may see: the same answer as for a
    /// project that does not exist, so ids cannot be probed.
    #[error("no such project or file")]
    NotFound,
    /// The caller may see the project but not do this (only its owner manages people).
    #[error("only the project's owner may do this")]
    NotOwner,
    #[error("no user is called {0}")]
    UnknownUser(String),
    #[error("the owner is not a collaborator of their own project")]
    SelfInvite,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CollabError {
    /// The stable problem code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotFound => ErrorCode::NotFound,
            Self::NotOwner => ErrorCode::NotOwner,
            Self::UnknownUser(_) => ErrorCode::UnknownUser,
            // A field error on the wire: `username` names the owner themself.
            Self::SelfInvite => ErrorCode::ValidationFailed,
            Self::Store(e) => crate::domain::store_code(e),
        }
    }
}

impl crate::domain::DomainError for CollabError {
    fn code(&self) -> ErrorCode {
        CollabError::code(self)
    }
}

/// A collaborator with the name others see.
#[derive(Clone, Debug)]
pub struct Member {
    pub username: String,
    pub name: String,
    pub role: CollaboratorRole,
    pub added_at: chrono::DateTime<chrono::Utc>,
}

pub struct CollabService {
    store: Store,
    clock: Arc<dyn Clock>,
    /// The open documents by file id. A document lives while a socket holds it; loading
    /// happens under this lock so two sockets never load the same file twice.
    docs: Mutex<HashMap<Uuid, Weak<LiveDoc>>>,
    /// Project ids whose access changed (see the module header).
    access: broadcast::Sender<Uuid>,
    /// The per-file size cap (the file API's).
    max_bytes: usize,
}

impl CollabService {
    pub fn new(store: Store, clock: Arc<dyn Clock>, max_bytes: usize) -> Self {
        let (access, _) = broadcast::channel(256);
        Self {
            store,
            clock,
            docs: Mutex::new(HashMap::new()),
            access,
            max_bytes,
        }
    }

    pub fn access_changes(&self) -> broadcast::Receiver<Uuid> {
        self.access.subscribe()
    }

    /// The project and what `user_id` may do with it; `None` when they may not see it
    /// (or it is in the trash).
    pub async fn access(
        &self,
        user_id: Uuid,
        project_id: Uuid,
    ) -> Result<Option<(Project, Access)>, CollabError> {
        let Some(project) = self.store.find_live_project(project_id).await? else {
            return Ok(None);
        };
        if project.user_id == user_id {
            return Ok(Some((project, Access::Owner)));
        }
        let role = self.store.collaborator_role(project_id, user_id).await?;
        Ok(role.map(|r| (project, r.into())))
    }

    /// The id the project services should act as for `user_id` on `project_id`: the
    /// owner's when `user_id` is a collaborator (an editor, if `write`), else `user_id`
    /// itself (whose own-project checks then answer as they always did).
    pub async fn acting_owner(
        &self,
        user_id: Uuid,
        project_id: Uuid,
        write: bool,
    ) -> Result<Uuid, CollabError> {
        match self.access(user_id, project_id).await? {
            Some((project, access)) if !write || access.may_write() => Ok(project.user_id),
            _ => Ok(user_id),
        }
    }

    async fn owned(&self, owner_id: Uuid, project_id: Uuid) -> Result<Project, CollabError> {
        match self.access(owner_id, project_id).await? {
            Some((project, Access::Owner)) => Ok(project),
            Some(_) => Err(CollabError::NotOwner),
            None => Err(CollabError::NotFound),
        }
    }

    async fn member(&self, c: Collaborator) -> Result<Option<Member>, CollabError> {
        Ok(self.store.find_user(c.user_id).await?.map(|u| Member {
            username: u.username,
            name: format!("{} {}", u.first_name, u.last_name)
                .trim()
                .to_owned(),
            role: c.role,
            added_at: c.created_at,
        }))
    }

    /// Invites `username` (or changes their role). Only the owner may.
    pub async fn put_collaborator(
        &self,
        owner_id: Uuid,
        project_id: Uuid,
        username: &str,
        role: CollaboratorRole,
    ) -> Result<Member, CollabError> {
        let project = self.owned(owner_id, project_id).await?;
        let user = self
            .store
            .find_user_by_username(username)
            .await?
            .ok_or_else(|| CollabError::UnknownUser(username.to_owned()))?;
        if user.id == project.user_id {
            return Err(CollabError::SelfInvite);
        }
        let c = self
            .store
            .put_collaborator(project_id, user.id, role, self.clock.now())
            .await?;
        // A downgrade to viewer takes effect on open sockets at once.
        let _ = self.access.send(project_id);
        self.member(c).await?.ok_or(CollabError::NotFound)
    }

    /// Revokes `username`'s access; their open sockets close. Only the owner may.
    pub async fn remove_collaborator(
        &self,
        owner_id: Uuid,
        project_id: Uuid,
        username: &str,
    ) -> Result<(), CollabError> {
        self.owned(owner_id, project_id).await?;
        let user = self
            .store
            .find_user_by_username(username)
            .await?
            .ok_or_else(|| CollabError::UnknownUser(username.to_owned()))?;
        if !self.store.delete_collaborator(project_id, user.id).await? {
            return Err(CollabError::UnknownUser(username.to_owned()));
        }
        let _ = self.access.send(project_id);
        Ok(())
    }

    /// Everyone let into the project; anyone who may open it may see who else can.
    pub async fn collaborators(
        &self,
        user_id: Uuid,
        project_id: Uuid,
    ) -> Result<Vec<Member>, CollabError> {
        if self.access(user_id, project_id).await?.is_none() {
            return Err(CollabError::NotFound);
        }
        let mut out = Vec::new();
        for c in self.store.list_collaborators(project_id).await? {
            if let Some(m) = self.member(c).await? {
                out.push(m);
            }
        }
        Ok(out)
    }

    /// Projects others shared with `user_id`, with the role they have.
    pub async fn shared_with(
        &self,
        user_id: Uuid,
    ) -> Result<Vec<(Project, CollaboratorRole)>, CollabError> {
        Ok(self.store.list_shared_with(user_id).await?)
    }

    /// The live document of `file_id` (of `project_id`), loading it, or creating it from
    /// `content` (the file's current text) when the file never went live before.
    pub async fn open(
        &self,
        project_id: Uuid,
        file_id: Uuid,
        content: &str,
    ) -> Result<Arc<LiveDoc>, CollabError> {
        let mut docs = self.docs.lock().await;
        if let Some(doc) = docs.get(&file_id).and_then(Weak::upgrade) {
            return Ok(doc);
        }
        docs.retain(|_, d| d.strong_count() > 0);
        let stored = match self.store.load_document(file_id).await? {
            Some(stored) => stored,
            None => {
                self.store
                    .create_document(file_id, document::seed(content), self.clock.now())
                    .await?;
                // Whoever won the insert, the stored document is now the truth.
                self.store
                    .load_document(file_id)
                    .await?
                    .ok_or(CollabError::NotFound)?
            }
        };
        let doc = document::rebuild(&stored).map_err(|e| match e {
            Refused::Store(e) => CollabError::Store(e),
            other => CollabError::Store(StoreError::Config(other.to_string())),
        })?;
        let unfolded = stored.updates.iter().map(|(id, _)| *id).collect();
        let live = Arc::new(LiveDoc::new(
            file_id,
            project_id,
            doc,
            unfolded,
            self.max_bytes,
            self.store.clone(),
            self.clock.clone(),
        ));
        if stored.updates.len() >= document::COMPACT_EVERY {
            live.compact_now().await;
        }
        docs.insert(file_id, Arc::downgrade(&live));
        Ok(live)
    }

    /// The document's text when the file has one (live here, or stored), else `None`:
    /// the file API then serves the row's content as before.
    pub async fn current_text(&self, file_id: Uuid) -> Result<Option<String>, CollabError> {
        let live = self.docs.lock().await.get(&file_id).and_then(Weak::upgrade);
        if let Some(doc) = live {
            return Ok(Some(doc.text().await));
        }
        let Some(stored) = self.store.load_document(file_id).await? else {
            return Ok(None);
        };
        Ok(document::rebuild(&stored)
            .ok()
            .map(|doc| document::text_of(&doc)))
    }

    /// A save through the file API: when the file has a document, its text becomes
    /// `text` (as the fewest edits, relayed to every open socket).
    pub async fn saved_through_file_api(
        &self,
        project_id: Uuid,
        file_id: Uuid,
        text: &str,
        user_id: Uuid,
    ) -> Result<(), CollabError> {
        let live = self.docs.lock().await.get(&file_id).and_then(Weak::upgrade);
        let doc = match live {
            Some(doc) => doc,
            None if self.store.load_document(file_id).await?.is_some() => {
                self.open(project_id, file_id, text).await?
            }
            None => return Ok(()),
        };
        doc.replace_text(text, Some(user_id))
            .await
            .map_err(|e| match e {
                Refused::Store(e) => CollabError::Store(e),
                other => CollabError::Store(StoreError::Config(other.to_string())),
            })
    }
}
