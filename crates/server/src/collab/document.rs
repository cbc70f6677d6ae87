//! One open project file as a live Yjs document: the `yrs::Doc` with its awareness (who
//! is here, their cursors), the sockets' relay, and the rule that an update reaches the
//! document and the other sockets only after it is in the database.

use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::{Mutex, broadcast};
use uuid::Uuid;
use yrs::sync::{Awareness, AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    ClientID, Doc, GetString, OffsetKind, Options, ReadTxn, StateVector, Text, Transact, Update,
};

use codestead_store::collab::StoredDocument;
use codestead_store::{Store, StoreError};

use crate::platform::clock::Clock;

/// The name of the shared text in every file's document (the web binding uses the same).
pub const TEXT_NAME: &str = "content";
/// After this many appended updates the document is folded into its snapshot.
pub const COMPACT_EVERY: usize = 200;
/// How many relayed messages a slow socket may fall behind before it is dropped.
const RELAY_CAPACITY: usize = 1024;

/// Why an update was not applied. Nothing was written and the document is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("malformed update: {0}")]
    Malformed(String),
    #[error("the file would exceed {0} bytes")]
    TooLarge(usize),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A message for every socket of the document but the one it came from.
#[derive(Clone, Debug)]
pub struct Relay {
    pub from: u64,
    pub message: Bytes,
}

struct Inner {
    awareness: Awareness,
    /// Updates appended since the snapshot was last rewritten.
    unfolded: Vec<Uuid>,
}

pub struct LiveDoc {
    pub file_id: Uuid,
    pub project_id: Uuid,
    max_bytes: usize,
    inner: Mutex<Inner>,
    relay: broadcast::Sender<Relay>,
    store: Store,
    clock: Arc<dyn Clock>,
}

fn new_doc() -> Doc {
    // Byte offsets on the server (its own edits index UTF-8 text); offsets are never in
    // the encoded updates, so browsers indexing UTF-16 interoperate.
    Doc::with_options(Options {
        offset_kind: OffsetKind::Bytes,
        ..Options::default()
    })
}

/// Applies `data` (a v1 update) to `doc`, or says why it cannot be.
fn apply(doc: &Doc, data: &[u8]) -> Result<(), Refused> {
    let update = Update::decode_v1(data).map_err(|e| Refused::Malformed(e.to_string()))?;
    let mut txn = doc.transact_mut();
    txn.apply_update(update)
        .map_err(|e| Refused::Malformed(e.to_string()))
}

/// Rebuilds a document from what the store holds.
pub fn rebuild(stored: &StoredDocument) -> Result<Doc, Refused> {
    let doc = new_doc();
    apply(&doc, &stored.snapshot)?;
    for (id, data) in &stored.updates {
        // A stored update was checked before it was appended; one that fails now is
        // skipped (logged) rather than making the whole file unreadable.
        if let Err(err) = apply(&doc, data) {
            tracing::error!(%id, %err, "skipping a stored update that no longer applies");
        }
    }
    Ok(doc)
}

/// The document's whole state as one v1 update.
fn state_of(doc: &Doc) -> Vec<u8> {
    doc.transact()
        .encode_state_as_update_v1(&StateVector::default())
}

pub fn text_of(doc: &Doc) -> String {
    let text = doc.get_or_insert_text(TEXT_NAME);
    text.get_string(&doc.transact())
}

/// A new document holding `text` (a file's content when it first goes live).
pub fn seed(text: &str) -> Vec<u8> {
    let doc = new_doc();
    let shared = doc.get_or_insert_text(TEXT_NAME);
    {
        let mut txn = doc.transact_mut();
        shared.insert(&mut txn, 0, text);
    }
    state_of(&doc)
}

pub fn encode(message: Message) -> Bytes {
    Bytes::from(message.encode_v1())
}

impl LiveDoc {
    pub fn new(
        file_id: Uuid,
        project_id: Uuid,
        doc: Doc,
        unfolded: Vec<Uuid>,
        max_bytes: usize,
        store: Store,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let (relay, _) = broadcast::channel(RELAY_CAPACITY);
        Self {
            file_id,
            project_id,
            max_bytes,
            inner: Mutex::new(Inner {
                awareness: Awareness::new(doc),
                unfolded,
            }),
            relay,
            store,
            clock,
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Relay> {
        self.relay.subscribe()
    }

    /// What the server sends first: its state vector (the client answers with what the
    /// server lacks, e.g. offline edits) and everyone's presence.
    pub async fn greeting(&self) -> Vec<Bytes> {
        let inner = self.inner.lock().await;
        let sv = inner.awareness.doc().transact().state_vector();
        let mut out = vec![encode(Message::Sync(SyncMessage::SyncStep1(sv)))];
        if let Ok(update) = inner.awareness.update()
            && !update.clients.is_empty()
        {
            out.push(encode(Message::Awareness(update)));
        }
        out
    }

    /// Sync step 2: what a client with state vector `sv` is missing.
    pub async fn missing_for(&self, sv: &StateVector) -> Bytes {
        let inner = self.inner.lock().await;
        let update = inner
            .awareness
            .doc()
            .transact()
            .encode_state_as_update_v1(sv);
        encode(Message::Sync(SyncMessage::SyncStep2(update)))
    }

    pub async fn text(&self) -> String {
        text_of(self.inner.lock().await.awareness.doc())
    }

    pub async fn awareness_message(&self) -> Option<Bytes> {
        let inner = self.inner.lock().await;
        let update = inner.awareness.update().ok()?;
        Some(encode(Message::Awareness(update)))
    }

    /// Checks `data` on a copy of the document (decodes, applies, stays within the size
    /// cap), appends it to the database, then applies it and relays it. Holding the lock
    /// throughout keeps the database's order of appends and the document's in step.
    pub async fn apply_update(
        &self,
        from: u64,
        user_id: Option<Uuid>,
        data: Vec<u8>,
    ) -> Result<(), Refused> {
        let mut inner = self.inner.lock().await;
        {
            // The trial runs on a copy so that a bad update (one yrs rejects halfway, or
            // one that makes the file too large) never touches the live document.
            let trial = new_doc();
            apply(&trial, &state_of(inner.awareness.doc()))?;
            apply(&trial, &data)?;
            if text_of(&trial).len() > self.max_bytes {
                return Err(Refused::TooLarge(self.max_bytes));
            }
        }
        let id = self
            .store
            .append_update(self.file_id, data.clone(), user_id, self.clock.now())
            .await?;
        apply(inner.awareness.doc(), &data)?;
        inner.unfolded.push(id);
        if inner.unfolded.len() >= COMPACT_EVERY {
            self.compact(&mut inner).await;
        }
        let _ = self.relay.send(Relay {
            from,
            message: encode(Message::Sync(SyncMessage::Update(data))),
        });
        Ok(())
    }

    async fn compact(&self, inner: &mut Inner) {
        let snapshot = state_of(inner.awareness.doc());
        let folded = std::mem::take(&mut inner.unfolded);
        if let Err(err) = self
            .store
            .compact_document(self.file_id, snapshot, &folded, self.clock.now())
            .await
        {
            // The updates are still stored; the next compaction folds them in.
            tracing::warn!(%err, file_id = %self.file_id, "compaction failed");
            inner.unfolded = folded;
        }
    }

    /// Folds the appended updates into the snapshot now (on load, and when the last
    /// socket leaves).
    pub async fn compact_now(&self) {
        let mut inner = self.inner.lock().await;
        if !inner.unfolded.is_empty() {
            self.compact(&mut inner).await;
        }
    }

    /// Applies a presence update and relays it; returns the client ids it spoke for.
    pub async fn apply_awareness(
        &self,
        from: u64,
        update: AwarenessUpdate,
    ) -> Result<Vec<ClientID>, Refused> {
        let ids: Vec<ClientID> = update.clients.keys().copied().collect();
        let message = encode(Message::Awareness(update.clone()));
        self.inner
            .lock()
            .await
            .awareness
            .apply_update(update)
            .map_err(|e| Refused::Malformed(e.to_string()))?;
        let _ = self.relay.send(Relay { from, message });
        Ok(ids)
    }

    /// A socket left: its cursors go for everyone else.
    pub async fn forget_clients(&self, from: u64, ids: &[ClientID]) {
        if ids.is_empty() {
            return;
        }
        let mut inner = self.inner.lock().await;
        for id in ids {
            inner.awareness.remove_state(*id);
        }
        if let Ok(update) = inner.awareness.update_with_clients(ids.iter().copied()) {
            let _ = self.relay.send(Relay {
                from,
                message: encode(Message::Awareness(update)),
            });
        }
    }

    /// Makes the document's text `new` with the fewest edits (a save through the file
    /// API while the file is live): computed on a copy, then applied like any update.
    pub async fn replace_text(&self, new: &str, user_id: Option<Uuid>) -> Result<(), Refused> {
        let data = {
            let inner = self.inner.lock().await;
            let trial = new_doc();
            apply(&trial, &state_of(inner.awareness.doc()))?;
            let text = trial.get_or_insert_text(TEXT_NAME);
            let old = text.get_string(&trial.transact());
            if old == new {
                return Ok(());
            }
            let mut txn = trial.transact_mut();
            // Byte offsets (the server's documents index UTF-8); applied back to front
            // so earlier offsets stay valid.
            let diff = similar::TextDiff::from_chars(old.as_str(), new);
            let mut ops = Vec::new();
            for op in diff.ops() {
                let old_range = op.old_range();
                let new_range = op.new_range();
                let old_start = byte_offset(&old, old_range.start);
                let old_end = byte_offset(&old, old_range.end);
                let new_start = byte_offset(new, new_range.start);
                let new_end = byte_offset(new, new_range.end);
                if op.tag() != similar::DiffTag::Equal {
                    ops.push((old_start, old_end, &new[new_start..new_end]));
                }
            }
            for (start, end, insert) in ops.into_iter().rev() {
                if end > start {
                    text.remove_range(&mut txn, start as u32, (end - start) as u32);
                }
                if !insert.is_empty() {
                    text.insert(&mut txn, start as u32, insert);
                }
            }
            txn.encode_update_v1()
        };
        self.apply_update(0, user_id, data).await
    }
}

/// The byte offset of the `chars`-th character of `s`.
fn byte_offset(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seeded_document_holds_the_text() {
        let data = seed("héllo\nworld");
        let doc = new_doc();
        apply(&doc, &data).unwrap();
        assert_eq!(text_of(&doc), "héllo\nworld");
    }

    #[test]
    fn garbage_is_refused_as_malformed() {
        let doc = new_doc();
        assert!(matches!(
            apply(&doc, &[0xff, 0xff, 0xff, 0x01]),
            Err(Refused::Malformed(_))
        ));
        assert_eq!(text_of(&doc), "");
    }

    #[test]
    fn byte_offsets_count_characters() {
        assert_eq!(byte_offset("héllo", 2), 3);
        assert_eq!(byte_offset("héllo", 5), 6);
    }

    mod convergence {
        use proptest::prelude::*;
        use uuid::Uuid;
        use yrs::{Doc, ReadTxn, StateVector, Text, Transact};

        use super::super::*;

        /// One client's edit: where (a fraction of the current length), what.
        #[derive(Clone, Debug)]
        enum Edit {
            Insert(f64, String),
            Delete(f64, u32),
            /// The client catches up with everything sent so far before its next edit.
            Sync,
        }

        fn edit() -> impl Strategy<Value = Edit> {
            prop_oneof![
                4 => (0.0..=1.0f64, "[a-zé ]{1,4}").prop_map(|(at, s)| Edit::Insert(at, s)),
                2 => (0.0..=1.0f64, 1u32..4).prop_map(|(at, n)| Edit::Delete(at, n)),
                1 => Just(Edit::Sync),
            ]
        }

        /// Runs three clients' edits, round-robin, from the seeded document; returns
        /// the updates in the order they were made.
        fn run(seed_state: &[u8], clients: &[Vec<Edit>; 3]) -> Vec<Vec<u8>> {
            let docs: Vec<Doc> = (0..3)
                .map(|_| {
                    let d = new_doc();
                    apply(&d, seed_state).unwrap();
                    d
                })
                .collect();
            let mut sent: Vec<Vec<u8>> = Vec::new();
            let longest = clients.iter().map(Vec::len).max().unwrap_or(0);
            for step in 0..longest {
                for (c, edits) in clients.iter().enumerate() {
                    let Some(e) = edits.get(step) else { continue };
                    let doc = &docs[c];
                    let text = doc.get_or_insert_text(TEXT_NAME);
                    match e {
                        Edit::Sync => {
                            for u in &sent {
                                apply(doc, u).unwrap();
                            }
                        }
                        Edit::Insert(at, chunk) => {
                            let mut txn = doc.transact_mut();
                            let current = text.get_string(&txn);
                            let chars = current.chars().count();
                            let index = byte_offset(&current, (at * chars as f64) as usize);
                            text.insert(&mut txn, index as u32, chunk);
                            sent.push(txn.encode_update_v1());
                        }
                        Edit::Delete(at, n) => {
                            let mut txn = doc.transact_mut();
                            let current = text.get_string(&txn);
                            let chars = current.chars().count();
                            if chars == 0 {
                                continue;
                            }
                            let start_char = ((at * chars as f64) as usize).min(chars - 1);
                            let end_char = (start_char + *n as usize).min(chars);
                            let start = byte_offset(&current, start_char);
                            let end = byte_offset(&current, end_char);
                            text.remove_range(&mut txn, start as u32, (end - start) as u32);
                            sent.push(txn.encode_update_v1());
                        }
                    }
                }
            }
            sent
        }

        fn stored(seed_state: &[u8], updates: &[Vec<u8>]) -> StoredDocument {
            StoredDocument {
                snapshot: seed_state.to_vec(),
                updates: updates
                    .iter()
                    .map(|u| (Uuid::now_v7(), u.clone()))
                    .collect(),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Whatever order the server receives (or reloads) concurrent updates in,
            /// the document's text is the same, and the same as a client that saw all.
            #[test]
            fn concurrent_edits_converge_in_any_delivery_order(
                a in proptest::collection::vec(edit(), 0..12),
                b in proptest::collection::vec(edit(), 0..12),
                c in proptest::collection::vec(edit(), 0..12),
                order in any::<u64>(),
            ) {
                let seed_state = seed("shared start\n");
                let updates = run(&seed_state, &[a, b, c]);
                let in_order = text_of(&rebuild(&stored(&seed_state, &updates)).unwrap());

                let mut shuffled = updates.clone();
                // A deterministic shuffle from the case's seed (so failures reproduce).
                let mut state = order | 1;
                for i in (1..shuffled.len()).rev() {
                    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                    shuffled.swap(i, (state % (i as u64 + 1)) as usize);
                }
                let other_order = text_of(&rebuild(&stored(&seed_state, &shuffled)).unwrap());
                let mut reversed = updates.clone();
                reversed.reverse();
                let backwards = text_of(&rebuild(&stored(&seed_state, &reversed)).unwrap());

                prop_assert_eq!(&in_order, &other_order);
                prop_assert_eq!(&in_order, &backwards);

                // A compacted snapshot of the document rebuilds to the same text.
                let doc = rebuild(&stored(&seed_state, &shuffled)).unwrap();
                let snapshot = doc.transact().encode_state_as_update_v1(&StateVector::default());
                let compacted = text_of(&rebuild(&stored(&snapshot, &updates[updates.len() / 2..])).unwrap());
                prop_assert_eq!(&in_order, &compacted);
            }
        }
    }
}
