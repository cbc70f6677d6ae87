//! The portfolio side of the platform: public profiles (with the Open Graph tags of
//! `/u/` pages), a learner's own analytics and data export, and the purge of accounts
//! deleted more than 30 days ago.
//!
//! Visibility rule: a profile is public when its owner left `isPublic` on (the default)
//! *and* has verified the e-mail address; a deleted account is never visible. Anything
//! else answers exactly like an unknown username.

pub mod avatar;
pub mod export;
pub mod og;
pub mod outbox;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use codestead_curriculum::Curriculum;
use codestead_store::Store;
use codestead_store::accounts::User;
use codestead_store::portfolio::DayCount;

use crate::domain::{CommonError, DomainError, ErrorCode};
use crate::platform::blobs::{BlobError, BlobStore};
use crate::platform::clock::Clock;
use avatar::AvatarError;

/// How long a deleted account is kept before its data is purged.
pub const PURGE_AFTER: Duration = Duration::days(30);
/// Accounts purged per pass; the next pass takes the rest.
const PURGE_BATCH: u64 = 100;

pub struct PortfolioService {
    store: Store,
    curriculum: Arc<Curriculum>,
    clock: Arc<dyn Clock>,
    blobs: BlobStore,
    /// Avatar decodes running at once (see `avatar::DECODE_SLOTS`).
    decode_slots: Arc<tokio::sync::Semaphore>,
    /// How long an upload waits for a decode slot before it answers 503 `busy`.
    decode_wait: std::time::Duration,
}

/// How many avatar decodes run at once, and how long an upload waits for one of them
/// (`--avatar-decode-slots`, `--avatar-decode-wait-ms`).
#[derive(Clone, Copy, Debug)]
pub struct DecodeLimits {
    pub slots: usize,
    pub wait: std::time::Duration,
}

/// Where avatars are served from; the rest of the path is `{user_id}/{file}`.
pub const AVATAR_URL_PREFIX: &str = "/api/v1/avatars/";

/// The blob key behind one of our avatar URLs (None for anything else).
fn avatar_key(url: &str) -> Option<String> {
    let rest = url.strip_prefix(AVATAR_URL_PREFIX)?;
    let (user, file) = rest.split_once('/')?;
    let user = Uuid::parse_str(user).ok()?;
    valid_avatar_file(file).then(|| format!("avatars/{user}/{file}"))
}

/// Avatar file names are ours: 32 hex digits and `.png`.
pub fn valid_avatar_file(file: &str) -> bool {
    file.strip_suffix(".png")
        .is_some_and(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Why a portfolio request was refused; `http::error` decides the status.
#[derive(Debug, thiserror::Error)]
pub enum PortfolioError {
    /// Every avatar decode slot stayed taken (see `avatar::DECODE_SLOTS`).
    #[error("Too many images are being processed; retry in a moment.")]
    Busy,
    #[error("Avatars can be at most 4096×4096 pixels.")]
    ImageTooLarge,
    #[error("Avatars can be at most 2 MB.")]
    AvatarTooLarge,
    #[error("Upload a PNG, JPEG or WebP image.")]
    UnsupportedImage,
    /// A PNG, JPEG or WebP that does not decode.
    #[error("The image could not be read; upload a PNG, JPEG or WebP image.")]
    CorruptImage,
    #[error(transparent)]
    Common(#[from] CommonError),
}

pub type PortfolioResult<T> = Result<T, PortfolioError>;

impl PortfolioError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Busy => ErrorCode::Busy,
            Self::ImageTooLarge => ErrorCode::ImageTooLarge,
            Self::AvatarTooLarge => ErrorCode::FileTooLarge,
            Self::UnsupportedImage | Self::CorruptImage => ErrorCode::UnsupportedImage,
            Self::Common(e) => e.code(),
        }
    }
}

impl DomainError for PortfolioError {
    fn code(&self) -> ErrorCode {
        PortfolioError::code(self)
    }
}

impl From<codestead_store::StoreError> for PortfolioError {
    fn from(err: codestead_store::StoreError) -> Self {
        Self::Common(err.into())
    }
}

impl From<BlobError> for PortfolioError {
    fn from(err: BlobError) -> Self {
        Self::Common(err.into())
    }
}

fn not_found(what: &'static str) -> PortfolioError {
    CommonError::not_found(what).into()
}

fn blob_error(err: BlobError) -> PortfolioError {
    match err {
        BlobError::NotFound(_) | BlobError::InvalidKey(_) => not_found("No such image."),
        other => other.into(),
    }
}

/// Whether `user`'s profile may be shown to anyone.
pub fn is_visible(user: &User) -> bool {
    user.is_public && user.email_verified
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrackSkill {
    pub track: String,
    pub title: String,
    pub completed: usize,
    pub total: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skills {
    pub tracks: Vec<TrackSkill>,
    /// Completed items per curriculum category.
    pub categories: BTreeMap<String, usize>,
    /// Runs per language.
    pub languages: BTreeMap<String, i64>,
}

impl PortfolioService {
    pub fn new(
        store: Store,
        curriculum: Arc<Curriculum>,
        clock: Arc<dyn Clock>,
        blobs: BlobStore,
        decode: DecodeLimits,
    ) -> Self {
        Self {
            store,
            curriculum,
            clock,
            blobs,
            decode_slots: Arc::new(tokio::sync::Semaphore::new(decode.slots.max(1))),
            decode_wait: decode.wait,
        }
    }

    /// Occupies `n` decode slots for as long as the permit lives, as `n` slow decodes
    /// would (None if fewer are free). For tests of the bound: a real decode's length
    /// cannot be held still.
    pub fn hold_decode_slots(&self, n: u32) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.decode_slots.clone().try_acquire_many_owned(n).ok()
    }

    /// Checks, resizes and stores a new avatar; the previous one is deleted afterwards
    /// (so a failure leaves the old avatar in place).
    pub async fn set_avatar(&self, user_id: Uuid, upload: bytes::Bytes) -> PortfolioResult<User> {
        // Decodes are bounded in number (each may hold tens of MiB; see `avatar`); a
        // caller that cannot get a slot soon is told to retry rather than queued forever.
        let permit =
            tokio::time::timeout(self.decode_wait, self.decode_slots.clone().acquire_owned())
                .await
                .ok()
                .and_then(Result::ok)
                .ok_or(PortfolioError::Busy)?;
        let png = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            avatar::process(&upload)
        })
        .await
        .map_err(CommonError::internal)?
        .map_err(|err| match err {
            AvatarError::TooManyPixels => PortfolioError::ImageTooLarge,
            AvatarError::TooLarge => PortfolioError::AvatarTooLarge,
            AvatarError::Unsupported => PortfolioError::UnsupportedImage,
            AvatarError::Corrupt(_) => PortfolioError::CorruptImage,
        })?;
        let old = self
            .store
            .find_user(user_id)
            .await?
            .ok_or_else(|| not_found("No such account."))?
            .avatar_url;
        let file = format!("{}.png", Uuid::new_v4().simple());
        self.blobs
            .put(&format!("avatars/{user_id}/{file}"), png.into())
            .await?;
        let url = format!("{AVATAR_URL_PREFIX}{user_id}/{file}");
        let user = self.set_avatar_url(user_id, Some(url)).await?;
        self.delete_avatar_blob(old.as_deref()).await;
        Ok(user)
    }

    pub async fn remove_avatar(&self, user_id: Uuid) -> PortfolioResult<User> {
        let old = self
            .store
            .find_user(user_id)
            .await?
            .ok_or_else(|| not_found("No such account."))?
            .avatar_url;
        let user = self.set_avatar_url(user_id, None).await?;
        self.delete_avatar_blob(old.as_deref()).await;
        Ok(user)
    }

    async fn set_avatar_url(&self, user_id: Uuid, url: Option<String>) -> PortfolioResult<User> {
        let patch = codestead_store::accounts::UserPatch {
            avatar_url: Some(url),
            ..Default::default()
        };
        Ok(self.store.update_user(user_id, patch, self.now()).await?)
    }

    /// Best effort: a leftover file is harmless (its URL is no longer referenced).
    async fn delete_avatar_blob(&self, url: Option<&str>) {
        if let Some(key) = url.and_then(avatar_key)
            && let Err(err) = self.blobs.delete(&key).await
        {
            tracing::warn!(%err, key, "old avatar not deleted");
        }
    }

    /// The stored avatar image of a live account.
    pub async fn avatar(&self, user_id: Uuid, file: &str) -> PortfolioResult<bytes::Bytes> {
        if !valid_avatar_file(file) || self.store.find_user(user_id).await?.is_none() {
            return Err(not_found("No such image."));
        }
        self.blobs
            .get(&format!("avatars/{user_id}/{file}"))
            .await
            .map_err(blob_error)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The visible owner of `username`, or 404 for unknown, private and deleted alike.
    pub async fn visible_user(&self, username: &str) -> PortfolioResult<User> {
        match self.store.find_user_by_username(username).await? {
            Some(user) if is_visible(&user) => Ok(user),
            _ => Err(not_found("No such profile.")),
        }
    }

    /// What the learner has achieved in the curriculum and the languages they use.
    pub async fn skills(&self, user_id: Uuid) -> PortfolioResult<Skills> {
        let (progress, languages) = tokio::try_join!(
            self.store.list_progress(user_id),
            self.store.languages_used(user_id)
        )?;
        let mut per_track: BTreeMap<&str, usize> = BTreeMap::new();
        let mut categories = BTreeMap::new();
        for p in progress.iter().filter(|p| p.completed_at.is_some()) {
            if let Some(item) = self.curriculum.item_by_id(p.content_id) {
                *per_track.entry(item.track.as_str()).or_default() += 1;
                *categories.entry(item.category.clone()).or_default() += 1;
            }
        }
        let tracks = self
            .curriculum
            .tracks
            .iter()
            .filter_map(|t| {
                let completed = per_track.get(t.slug.as_str()).copied()?;
                Some(TrackSkill {
                    track: t.slug.clone(),
                    title: t.title.clone(),
                    completed,
                    total: t.modules.iter().map(|m| m.items.len()).sum(),
                })
            })
            .collect();
        let languages = languages.into_iter().collect();
        Ok(Skills {
            tracks,
            categories,
            languages,
        })
    }

    /// The learner's own analytics from `since` on (time spent, runs, tutor use, completions).
    pub async fn learner_stats(
        &self,
        user_id: Uuid,
        since: DateTime<Utc>,
    ) -> PortfolioResult<codestead_store::portfolio::LearnerStats> {
        Ok(self.store.learner_stats(user_id, since).await?)
    }

    /// Activity per day over the last 365 days (sparse).
    pub async fn activity(&self, user_id: Uuid) -> PortfolioResult<Vec<DayCount>> {
        Ok(self
            .store
            .activity_heatmap(user_id, self.now() - Duration::days(365))
            .await?)
    }

    /// Everything stored about the learner, as a zip: `profile.json`, `progress.json`,
    /// `submissions.json`, `executions.json`, `tutor/conversations.json`, `drafts.json`,
    /// `ratings.json`, `certificates.json` and each project's files under `projects/<slug>/` with `versions.json`. Written to a
    /// temporary file as it is gathered (see `export::ZipSink`) and streamed from there.
    pub async fn export(&self, user_id: Uuid) -> PortfolioResult<export::ExportFile> {
        let user = self
            .store
            .find_user(user_id)
            .await?
            .ok_or_else(|| not_found("No such account."))?;
        let mut zip = export::ZipSink::start()?;
        zip.json("profile.json", &export::profile(&user)).await?;
        let progress = self.store.list_progress(user_id).await?;
        zip.json(
            "progress.json",
            &export::progress(&progress, &self.curriculum),
        )
        .await?;
        drop(progress);
        let submissions = self.store.all_submissions(user_id).await?;
        zip.json(
            "submissions.json",
            &export::submissions(&submissions, &self.curriculum),
        )
        .await?;
        drop(submissions);
        let executions = self
            .store
            .list_executions(user_id, export::MAX_EXECUTIONS)
            .await?;
        zip.json("executions.json", &export::executions(&executions))
            .await?;
        drop(executions);
        let mut conversations = Vec::new();
        for conversation in self.store.list_conversations(user_id).await? {
            let messages = self.store.conversation_messages(conversation.id).await?;
            conversations.push(export::conversation(&conversation, &messages));
        }
        zip.json("tutor/conversations.json", &conversations).await?;
        drop(conversations);
        let drafts = self.store.list_drafts(user_id).await?;
        zip.json("drafts.json", &export::drafts(&drafts)).await?;
        let ratings = self.store.list_ratings(user_id).await?;
        zip.json("ratings.json", &export::ratings(&ratings, &self.curriculum))
            .await?;
        let certificates = self.store.list_certificates(user_id).await?;
        zip.json("certificates.json", &export::certificates(&certificates))
            .await?;
        self.export_projects(user_id, &mut zip).await?;
        Ok(zip.finish().await?)
    }

    /// Title and description of a public project of `user`, by id (None when there is
    /// no such public project).
    pub async fn public_project_meta(
        &self,
        user: &User,
        project: &str,
    ) -> Option<(String, Option<String>)> {
        let id = Uuid::parse_str(project).ok()?;
        let projects = self.store.list_public_projects(user.id).await.ok()?;
        let project = projects.into_iter().find(|p| p.id == id)?;
        Some((project.title, project.description))
    }

    /// The user's public projects (most recently active first).
    pub async fn public_projects(
        &self,
        user_id: Uuid,
    ) -> PortfolioResult<Vec<codestead_store::projects::Project>> {
        Ok(self.store.list_public_projects(user_id).await?)
    }

    async fn text_of(&self, inline: &str, blob_key: Option<&str>) -> PortfolioResult<String> {
        let Some(key) = blob_key else {
            return Ok(inline.to_owned());
        };
        let bytes = self.blobs.get(key).await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Adds `projects/<title-slug>/<path>` for every file of the user's live projects,
    /// plus `versions.json` per project: the version history, with the text of versions
    /// kept in the database (large versions stored as blobs are listed without text,
    /// which bounds the export by the projects' own size limit).
    async fn export_projects(
        &self,
        user_id: Uuid,
        zip: &mut export::ZipSink,
    ) -> PortfolioResult<()> {
        let mut index = Vec::new();
        for project in self.store.list_projects(user_id).await? {
            let mut folder = format!("projects/{}", export::slug(&project.title));
            let mut n = 2;
            while index.iter().any(|(f, _): &(String, Uuid)| *f == folder) {
                folder = format!("projects/{}-{n}", export::slug(&project.title));
                n += 1;
            }
            index.push((folder.clone(), project.id));
            let files = self.store.list_files(user_id, project.id).await?;
            let mut versions = Vec::new();
            for file in &files {
                let text = self
                    .text_of(&file.content, file.blob_key.as_deref())
                    .await?;
                zip.file(&format!("{folder}/{}", file.path), text.into_bytes())
                    .await?;
                let kept = self
                    .store
                    .list_versions(user_id, project.id, file.id)
                    .await?;
                versions.push(serde_json::json!({
                    "path": file.path,
                    "versions": kept.iter().map(|v| serde_json::json!({
                        "versionNumber": v.version_number,
                        "changeDescription": v.change_description,
                        "createdAt": v.created_at,
                        "sizeBytes": v.size_bytes,
                        "content": v.blob_key.is_none().then_some(&v.content),
                    })).collect::<Vec<_>>(),
                }));
            }
            zip.json(
                &format!("{folder}/versions.json"),
                &serde_json::json!({
                    "id": project.id,
                    "title": project.title,
                    "description": project.description,
                    "technologyStack": project.technology_stack,
                    "isPublic": project.is_public,
                    "createdAt": project.created_at,
                    "updatedAt": project.updated_at,
                    "files": versions,
                }),
            )
            .await?;
        }
        Ok(())
    }

    /// Purges accounts deleted more than [`PURGE_AFTER`] before `now`: their rows (by
    /// cascade) and their stored files. Returns how many were purged. Blobs go first, so
    /// a crash in between leaves a row to retry rather than orphaned files.
    pub async fn purge_deleted_accounts(&self, now: DateTime<Utc>) -> PortfolioResult<usize> {
        let mut purged = 0;
        loop {
            let due = self
                .store
                .accounts_deleted_before(now - PURGE_AFTER, PURGE_BATCH)
                .await?;
            if due.is_empty() {
                break;
            }
            let batch = due.len();
            for account in due {
                let mut keys = self.store.project_blob_keys_of_user(account.id).await?;
                keys.extend(account.avatar_url.as_deref().and_then(avatar_key));
                for key in keys {
                    self.blobs
                        .delete(&key)
                        .await
                        .map_err(CommonError::internal)?;
                }
                if self.store.purge_user(account.id).await? {
                    purged += 1;
                    tracing::info!(user_id = %account.id, "deleted account purged");
                }
            }
            if (batch as u64) < PURGE_BATCH {
                break;
            }
        }
        Ok(purged)
    }
}

/// Fills a sparse day series into one entry per day from `from` to `to` inclusive.
pub fn dense_days(sparse: &[DayCount], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DayCount> {
    let by_day: BTreeMap<&str, i64> = sparse.iter().map(|d| (d.date.as_str(), d.count)).collect();
    let mut out = Vec::new();
    let mut day = from.date_naive();
    let last = to.date_naive();
    while day <= last {
        let date = day.format("%Y-%m-%d").to_string();
        let count = by_day.get(date.as_str()).copied().unwrap_or(0);
        out.push(DayCount { date, count });
        day = day.succ_opt().expect("date in range");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_days_fills_gaps_with_zero() {
        let to = "2026-03-05T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let from = to - Duration::days(4);
        let sparse = vec![
            DayCount {
                date: "2026-03-02".into(),
                count: 3,
            },
            DayCount {
                date: "2026-03-05".into(),
                count: 1,
            },
        ];
        let dense = dense_days(&sparse, from, to);
        let counts: Vec<i64> = dense.iter().map(|d| d.count).collect();
        assert_eq!(counts, [0, 3, 0, 0, 1]);
        assert_eq!(dense[0].date, "2026-03-01");
    }
}
