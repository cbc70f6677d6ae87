//! Certificates for a finished track. Every item of a track is required (tracks have no
//! optional items): a learner who has completed them all may claim a certificate. It is
//! claimed, never issued behind the learner's back, because it is a public page that
//! carries their name. Claiming again returns the same certificate.
//!
//! A certificate keeps the learner's name and the track's title as they were on the day
//! it was issued, and the date the last of the track's items was completed. Items added to
//! the track later do not take it away. Its verification code is 32 random bytes
//! (base64url): the public URL cannot be guessed. Verification works whether or not the
//! learner's profile is public: showing the certificate is what the URL is for, and it
//! shows only what the certificate says. Once the account is deleted it is no longer valid.

use std::collections::HashMap;

use base64::Engine;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use codestead_curriculum::{Item, Track};
use codestead_store::certificates::{Certificate, NewCertificate};
use codestead_store::learning::Progress;

use super::{LearningError, LearningResult, LearningService, invalid, not_found};

/// Where the learner stands in a track.
pub struct TrackCompletion<'a> {
    pub total: usize,
    /// Required items not completed yet, in path order.
    pub missing: Vec<&'a Item>,
    /// When the last item was completed; None until every one is.
    pub completed_at: Option<DateTime<Utc>>,
}

/// 32 random bytes, base64url: unguessable and safe in a URL path.
fn new_code() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A code as `new_code` makes them: anything else cannot be a certificate, and is refused
/// before it reaches the database.
pub fn is_code_shaped(code: &str) -> bool {
    code.len() == 43
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl LearningService {
    pub fn completion<'a>(
        &'a self,
        track: &'a Track,
        progress: &HashMap<Uuid, Progress>,
    ) -> TrackCompletion<'a> {
        let items: Vec<&Item> = self.curriculum.track_items(track).collect();
        let done = |i: &Item| progress.get(&i.id).and_then(|p| p.completed_at);
        let missing: Vec<&Item> = items
            .iter()
            .copied()
            .filter(|i| done(i).is_none())
            .collect();
        let completed_at = if missing.is_empty() && !items.is_empty() {
            items.iter().filter_map(|i| done(i)).max()
        } else {
            None
        };
        TrackCompletion {
            total: items.len(),
            missing,
            completed_at,
        }
    }

    /// Issues the learner's certificate for `track` if they completed all of it, or
    /// returns the one they have. `true` when this call issued it.
    #[tracing::instrument(skip_all, fields(track = %track_slug), err(Debug))]
    pub async fn claim_certificate(
        &self,
        user: Uuid,
        track_slug: &str,
    ) -> LearningResult<(Certificate, bool)> {
        let Some(track) = self.curriculum.track(track_slug) else {
            return Err(invalid("track", "there is no such track"));
        };
        if let Some(existing) = self.store.certificate_for_track(user, &track.slug).await? {
            return Ok((existing, false));
        }
        // Read from the database, not the progress cache: this decides what a public
        // page will claim.
        let progress: HashMap<Uuid, Progress> = self
            .store
            .list_progress(user)
            .await?
            .into_iter()
            .map(|p| (p.content_id, p))
            .collect();
        let completion = self.completion(track, &progress);
        let Some(completed_at) = completion.completed_at else {
            return Err(incomplete(&completion));
        };
        let learner = self
            .store
            .find_user(user)
            .await?
            .ok_or_else(|| not_found("No such account."))?;
        let name = format!("{} {}", learner.first_name, learner.last_name)
            .trim()
            .to_owned();
        let code = new_code();
        let issued = self
            .store
            .issue_certificate(
                NewCertificate {
                    user_id: user,
                    track: &track.slug,
                    code: &code,
                    learner_name: &name,
                    track_title: &track.title,
                    completed_at,
                },
                self.clock.now(),
            )
            .await?;
        if issued.1 {
            metrics::counter!("certificates_issued_total").increment(1);
        }
        Ok(issued)
    }

    pub async fn certificates(&self, user: Uuid) -> LearningResult<Vec<Certificate>> {
        Ok(self.store.list_certificates(user).await?)
    }

    /// The certificate behind a verification code and whether it is still valid; a code
    /// that names no certificate is a 404, like any code that was never issued.
    pub async fn verify_certificate(&self, code: &str) -> LearningResult<(Certificate, bool)> {
        let unknown = || not_found("No certificate has this verification code.");
        if !is_code_shaped(code) {
            return Err(unknown());
        }
        self.store
            .certificate_by_code(code)
            .await?
            .ok_or_else(unknown)
    }
}

/// The refusal naming `track` (a 422), saying how much is left and what.
fn incomplete(completion: &TrackCompletion<'_>) -> LearningError {
    const SHOWN: usize = 5;
    let n = completion.missing.len();
    let mut list: Vec<String> = completion
        .missing
        .iter()
        .take(SHOWN)
        .map(|i| format!("{} ({})", i.title, i.slug))
        .collect();
    if n > SHOWN {
        list.push(format!("and {} more", n - SHOWN));
    }
    let message = if completion.total == 0 {
        "this track has no items to complete".to_owned()
    } else {
        format!(
            "{n} of {} items are not completed yet: {}",
            completion.total,
            list.join(", ")
        )
    };
    LearningError::TrackIncomplete(message)
}
