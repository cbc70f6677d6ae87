//! The content index and full-text search, the one place with backend-specific search SQL.
//!
//! `content_items` mirrors the curriculum (one row per item, keyed by its permanent id and
//! compared by a content hash); the server syncs it at start-up and `codestead content
//! import` fills it ahead of time. SQLite searches an FTS5 table (bm25 ranking, `snippet()`),
//! PostgreSQL a generated, weighted `tsvector` with a GIN index (`ts_rank`, `ts_headline`).
//! Both fall back to typo correction against `search_terms`, the index's vocabulary.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use uuid::Uuid;

use crate::{Backend, Store, StoreError};

/// One curriculum item as the index stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct ContentRecord {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub difficulty: String,
    pub category: String,
    pub track: String,
    pub tags: Vec<String>,
    /// Plain text (the Markdown body, as searched and quoted in snippets).
    pub body: String,
}

impl ContentRecord {
    /// A stable content hash (FNV-1a, 64 bit): unlike `DefaultHasher` it never changes
    /// between Rust releases, so a restart does not rewrite every row.
    pub fn hash(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let tags = self.tags.join(" ");
        for part in [
            self.slug.as_str(),
            &self.title,
            &self.kind,
            &self.difficulty,
            &self.category,
            &self.track,
            &tags,
            &self.body,
        ] {
            for b in (part.len() as u64)
                .to_le_bytes()
                .iter()
                .chain(part.as_bytes())
            {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }
}

/// What a sync changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
}

#[derive(Clone, Debug, Default)]
pub struct SearchQuery<'a> {
    pub text: &'a str,
    pub kind: Option<&'a str>,
    pub track: Option<&'a str>,
    pub difficulty: Option<&'a str>,
    /// From 1.
    pub page: u64,
    pub per_page: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub track: String,
    pub difficulty: String,
    /// HTML: the text is escaped, matches are wrapped in `<mark>…</mark>`, nothing else.
    pub snippet: String,
    /// Higher is better; comparable only within one backend.
    pub score: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub total: u64,
    /// Set when nothing matched as typed and a corrected spelling did.
    pub corrected: Option<String>,
}

/// An indexed item (the benchmark's primary-key baseline, and tools).
#[derive(Clone, Debug, PartialEq)]
pub struct ContentRow {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub track: String,
    pub hash: String,
}

/// Private-use characters mark matches inside the database; they become `<mark>` only
/// after the snippet is HTML-escaped, so lesson text can never inject markup.
const MARK_START: char = '\u{E000}';
const MARK_END: char = '\u{E001}';

/// Query words: lower-case alphanumeric runs. Everything else (quotes, operators) is
/// dropped, so no input can change the structure of an FTS5 or tsquery expression.
pub fn query_terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() <= 40)
        .take(8)
        .collect()
}

/// Words worth remembering for typo correction.
fn vocabulary_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| (3..=30).contains(&w.chars().count()))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
}

/// Edit distance between two words, with a swap of two neighbouring letters counted as one
/// edit (optimal string alignment): `whlie` is one slip from `while`, as a learner sees it.
/// Plain Levenshtein counted it as two, beyond the one edit a five-letter word may carry, so
/// the commonest typo of short words went uncorrected.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// How many edits a word of this length may carry and still be corrected.
fn allowed_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// The index's words with their document frequency, grouped by length in characters so a
/// correction only compares words that could be within reach.
#[derive(Debug, Default)]
pub struct Vocabulary {
    by_length: Vec<Vec<(String, i32)>>,
}

impl Vocabulary {
    pub fn new(terms: impl IntoIterator<Item = (String, i32)>) -> Self {
        let mut by_length: Vec<Vec<(String, i32)>> = Vec::new();
        for (term, df) in terms {
            let len = term.chars().count();
            if by_length.len() <= len {
                by_length.resize_with(len + 1, Vec::new);
            }
            by_length[len].push((term, df));
        }
        Self { by_length }
    }

    /// The closest known word: fewest edits, then the most common, then alphabetical,
    /// so the answer never depends on storage order. A known or hopeless word stays.
    pub fn correct(&self, term: &str) -> String {
        let len = term.chars().count();
        let edits = allowed_edits(len);
        if edits == 0 {
            return term.to_owned();
        }
        let lengths = len - edits..=(len + edits).min(self.by_length.len().saturating_sub(1));
        let mut best: Option<(usize, i32, &str)> = None;
        for (word, df) in lengths.flat_map(|l| &self.by_length[l]) {
            if word == term {
                return term.to_owned();
            }
            let d = edit_distance(term, word);
            if d > edits {
                continue;
            }
            let better = match best {
                None => true,
                Some((bd, bdf, bw)) => (d, -df, word.as_str()) < (bd, -bdf, bw),
            };
            if better {
                best = Some((d, *df, word));
            }
        }
        best.map_or_else(|| term.to_owned(), |(_, _, w)| w.to_owned())
    }
}

/// HTML-escapes `raw` and turns the private match markers into `<mark>` tags.
pub fn render_snippet(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    let mut open = false;
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            MARK_START if !open => {
                out.push_str("<mark>");
                open = true;
            }
            MARK_END if open => {
                out.push_str("</mark>");
                open = false;
            }
            MARK_START | MARK_END => {}
            c => out.push(c),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

impl Store {
    pub(crate) fn db_backend(&self) -> DbBackend {
        match self.backend {
            Backend::Sqlite => DbBackend::Sqlite,
            Backend::Postgres => DbBackend::Postgres,
        }
    }

    /// A raw statement with `$1…` placeholders (sqlx's SQLite driver reads them too).
    pub(crate) fn stmt<I>(&self, sql: &str, values: I) -> Statement
    where
        I: IntoIterator<Item = Value>,
    {
        Statement::from_sql_and_values(self.db_backend(), sql, values)
    }

    /// Makes the index match `items`: new and changed items (by hash) are written,
    /// items no longer present are removed. Learner data refers to permanent ids and is
    /// untouched. The search structures are rebuilt only when something changed.
    #[tracing::instrument(skip_all, err)]
    pub async fn sync_content(
        &self,
        items: &[ContentRecord],
        now: DateTime<Utc>,
    ) -> Result<SyncReport, StoreError> {
        let txn = self.begin_write().await?;
        let existing: HashMap<Uuid, String> = txn
            .query_all_raw(self.stmt("SELECT id, hash FROM content_items", []))
            .await?
            .into_iter()
            .map(|r| Ok((r.try_get_by::<Uuid, _>("id")?, r.try_get_by("hash")?)))
            .collect::<Result<_, StoreError>>()?;
        let wanted: HashSet<Uuid> = items.iter().map(|i| i.id).collect();
        let mut report = SyncReport::default();
        let mut to_write = Vec::new();
        for item in items {
            let hash = item.hash();
            match existing.get(&item.id) {
                Some(old) if *old == hash => report.unchanged += 1,
                Some(_) => {
                    report.updated += 1;
                    to_write.push((item, hash));
                }
                None => {
                    report.added += 1;
                    to_write.push((item, hash));
                }
            }
        }
        let gone: Vec<Uuid> = existing
            .keys()
            .filter(|id| !wanted.contains(id))
            .copied()
            .collect();
        report.removed = gone.len();
        // Changed rows are deleted and re-inserted, so two items swapping slugs in one
        // sync never trip the unique slug index half-way.
        for id in gone.iter().chain(
            to_write
                .iter()
                .map(|(i, _)| &i.id)
                .filter(|id| existing.contains_key(id)),
        ) {
            txn.execute_raw(self.stmt(
                "DELETE FROM content_items WHERE id = $1",
                [Value::from(*id)],
            ))
            .await?;
        }
        for chunk in to_write.chunks(200) {
            let mut sql = String::from(
                "INSERT INTO content_items (id, slug, title, kind, difficulty, category, track, tags, body, hash, updated_at) VALUES ",
            );
            let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 11);
            for (n, (item, hash)) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(',');
                }
                let base = n * 11;
                sql.push('(');
                sql.push_str(
                    &(1..=11)
                        .map(|k| format!("${}", base + k))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                sql.push(')');
                values.extend([
                    Value::from(item.id),
                    item.slug.clone().into(),
                    item.title.clone().into(),
                    item.kind.clone().into(),
                    item.difficulty.clone().into(),
                    item.category.clone().into(),
                    item.track.clone().into(),
                    item.tags.join(" ").into(),
                    item.body.clone().into(),
                    hash.clone().into(),
                    now.into(),
                ]);
            }
            txn.execute_raw(self.stmt(&sql, values)).await?;
        }
        if !to_write.is_empty() || !gone.is_empty() {
            if self.backend == Backend::Sqlite {
                txn.execute_unprepared("DELETE FROM content_fts").await?;
                txn.execute_unprepared(
                    "INSERT INTO content_fts (slug, title, tags, body) \
                     SELECT slug, title, tags, body FROM content_items ORDER BY slug",
                )
                .await?;
            }
            // The vocabulary is small (distinct words), so it is recomputed whole.
            let mut df: BTreeMap<String, i32> = BTreeMap::new();
            for item in items {
                let tags = item.tags.join(" ");
                let words: HashSet<String> = vocabulary_words(&item.title)
                    .chain(vocabulary_words(&tags))
                    .chain(vocabulary_words(&item.body))
                    .collect();
                for w in words {
                    *df.entry(w).or_default() += 1;
                }
            }
            txn.execute_unprepared("DELETE FROM search_terms").await?;
            let df: Vec<(String, i32)> = df.into_iter().collect();
            for chunk in df.chunks(500) {
                let mut sql = String::from("INSERT INTO search_terms (term, df) VALUES ");
                let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 2);
                for (n, (term, count)) in chunk.iter().enumerate() {
                    if n > 0 {
                        sql.push(',');
                    }
                    sql.push_str(&format!("(${},${})", n * 2 + 1, n * 2 + 2));
                    values.push(term.clone().into());
                    values.push((*count).into());
                }
                txn.execute_raw(self.stmt(&sql, values)).await?;
            }
        }
        txn.commit().await?;
        self.vocabulary.invalidate_all();
        let changed = report.added + report.updated + report.removed > 0;
        if changed && self.backend == Backend::Postgres {
            // Fresh statistics at once: until autovacuum gets to a bulk import, the planner
            // guesses at the table and can pick a plan that reads all of it per search.
            // The sync itself is committed, so a failure here only costs plan quality.
            if let Err(err) = self
                .conn()
                .execute_unprepared("ANALYZE content_items")
                .await
            {
                tracing::warn!(%err, "analyzing the content index failed");
            }
        }
        Ok(report)
    }

    /// An indexed item by permanent id.
    pub async fn content_item(&self, id: Uuid) -> Result<Option<ContentRow>, StoreError> {
        let row = self
            .conn()
            .query_one_raw(self.stmt(
                "SELECT id, slug, title, kind, track, hash FROM content_items WHERE id = $1",
                [Value::from(id)],
            ))
            .await?;
        row.map(|r| -> Result<ContentRow, StoreError> {
            Ok(ContentRow {
                id: r.try_get_by("id")?,
                slug: r.try_get_by("slug")?,
                title: r.try_get_by("title")?,
                kind: r.try_get_by("kind")?,
                track: r.try_get_by("track")?,
                hash: r.try_get_by("hash")?,
            })
        })
        .transpose()
    }

    /// Ranked full-text search with filters and pages; when the words as typed match
    /// nothing, every unknown word of the query (each of `whlie lopp`, not only a lone
    /// word) is replaced by the closest vocabulary word and the search runs once more;
    /// `corrected` then says what was searched for.
    #[tracing::instrument(skip_all, err)]
    pub async fn search_content(&self, q: &SearchQuery<'_>) -> Result<SearchPage, StoreError> {
        let terms = query_terms(q.text);
        if terms.is_empty() {
            return Ok(SearchPage::default());
        }
        let page = self.run_search(q, &terms, true).await?;
        if page.total > 0 {
            return Ok(page);
        }
        let corrected = self.correct_terms(&terms).await?;
        if corrected == terms {
            return Ok(page);
        }
        // A last word that needed no correction may still be half typed: it stays a prefix.
        let last_as_typed = corrected.last() == terms.last();
        let mut page = self.run_search(q, &corrected, last_as_typed).await?;
        if page.total > 0 {
            page.corrected = Some(corrected.join(" "));
        }
        Ok(page)
    }

    /// Each unknown word replaced by its closest vocabulary word.
    async fn correct_terms(&self, terms: &[String]) -> Result<Vec<String>, StoreError> {
        let vocabulary = self.vocabulary().await?;
        Ok(terms.iter().map(|t| vocabulary.correct(t)).collect())
    }

    /// The vocabulary, read from `search_terms` once and then held in memory: a typo
    /// would otherwise read thousands of rows per search. A sync on this server drops
    /// it at once; the TTL bounds how long another server's import goes unseen.
    async fn vocabulary(&self) -> Result<Arc<Vocabulary>, StoreError> {
        if let Some(v) = self.vocabulary.get(&()) {
            return Ok(v);
        }
        let rows = self
            .conn()
            .query_all_raw(self.stmt("SELECT term, df FROM search_terms", []))
            .await?;
        let terms = rows
            .into_iter()
            .map(|r| {
                Ok((
                    r.try_get_by::<String, _>("term")?,
                    r.try_get_by::<i32, _>("df")?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let vocabulary = Arc::new(Vocabulary::new(terms));
        self.vocabulary.insert((), vocabulary.clone());
        Ok(vocabulary)
    }

    async fn run_search(
        &self,
        q: &SearchQuery<'_>,
        terms: &[String],
        prefix_last: bool,
    ) -> Result<SearchPage, StoreError> {
        let per_page = q.per_page.max(1) as i64;
        let offset = (q.page.max(1) - 1) as i64 * per_page;
        let filtered = q.kind.is_some() || q.track.is_some() || q.difficulty.is_some();
        // $1 the match expression, $2 limit, $3 offset, $4–$6 filters, then the
        // backend's highlighting options.
        let mut values = vec![
            Value::from(match_expression(self.backend, terms, prefix_last)),
            Value::from(per_page),
            Value::from(offset),
            Value::from(q.kind.map(str::to_owned)),
            Value::from(q.track.map(str::to_owned)),
            Value::from(q.difficulty.map(str::to_owned)),
        ];
        let sql = match self.backend {
            Backend::Sqlite => {
                values.extend([
                    Value::from(MARK_START.to_string()),
                    Value::from(MARK_END.to_string()),
                ]);
                sqlite_search_sql(filtered)
            }
            Backend::Postgres => {
                values.push(Value::from(format!(
                    "StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, ShortWord=2"
                )));
                POSTGRES_SEARCH_SQL.to_owned()
            }
        };
        let rows = self
            .conn()
            .query_all_raw(self.stmt(&sql, values.clone()))
            .await?;
        let Some(first) = rows.first() else {
            // Past the last page the total is still wanted; on page one it is zero.
            let total = if offset > 0 {
                self.count_matches(&sql, values).await?
            } else {
                0
            };
            return Ok(SearchPage {
                total,
                ..SearchPage::default()
            });
        };
        let total: i64 = first.try_get_by("total")?;
        let hits = rows
            .iter()
            .map(|r| {
                Ok(SearchHit {
                    id: r.try_get_by("id")?,
                    slug: r.try_get_by("slug")?,
                    title: r.try_get_by("title")?,
                    kind: r.try_get_by("kind")?,
                    track: r.try_get_by("track")?,
                    difficulty: r.try_get_by("difficulty")?,
                    snippet: render_snippet(&r.try_get_by::<String, _>("snippet")?),
                    score: r.try_get_by("score")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(SearchPage {
            hits,
            total: total as u64,
            corrected: None,
        })
    }

    /// The match count alone, for a page past the last one: the same query, first page.
    async fn count_matches(&self, sql: &str, mut values: Vec<Value>) -> Result<u64, StoreError> {
        values[1] = Value::from(1_i64);
        values[2] = Value::from(0_i64);
        let rows = self.conn().query_all_raw(self.stmt(sql, values)).await?;
        let total = rows
            .first()
            .map(|r| r.try_get_by::<i64, _>("total"))
            .transpose()?
            .unwrap_or(0);
        Ok(total as u64)
    }
}

/// The match expression for the backend: all words required, the last one as a prefix
/// so results appear while the learner is still typing. FTS5 gets each word quoted (never
/// an operator); tsquery gets them bare, which is safe because [`query_terms`] keeps only
/// alphanumeric words.
fn match_expression(backend: Backend, terms: &[String], prefix_last: bool) -> String {
    let last = terms.len() - 1;
    type Render = fn(&str) -> String;
    let (joiner, word, prefix): (&str, Render, Render) = match backend {
        Backend::Sqlite => (" AND ", |t| format!("\"{t}\""), |t| format!("\"{t}\"*")),
        Backend::Postgres => (" & ", str::to_owned, |t| format!("{t}:*")),
    };
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if prefix_last && i == last {
                prefix(t)
            } else {
                word(t)
            }
        })
        .collect::<Vec<_>>()
        .join(joiner)
}

/// SQLite: rank every match but build snippets for one page only (`snippet()` is most of
/// a query's cost), and join `content_items` for all matches only when a filter needs it.
/// Ties fall back to the FTS rowid, which follows the slug (the index is filled in slug
/// order). The count rides along as a scalar subquery, so a page is one round trip.
fn sqlite_search_sql(filtered: bool) -> String {
    let (join, filter) = if filtered {
        (
            "JOIN content_items fc ON fc.slug = content_fts.slug",
            "AND ($4 IS NULL OR fc.kind = $4) AND ($5 IS NULL OR fc.track = $5) \
             AND ($6 IS NULL OR fc.difficulty = $6)",
        )
    } else {
        ("", "")
    };
    // bm25 is lower-is-better; weights per column: slug, title, tags, body.
    format!(
        "WITH m AS MATERIALIZED (\
           SELECT content_fts.rowid AS rid, -bm25(content_fts, 0.0, 10.0, 4.0, 1.0) AS score \
           FROM content_fts {join} WHERE content_fts MATCH $1 {filter} \
           ORDER BY score DESC, content_fts.rowid LIMIT $2 OFFSET $3) \
         SELECT c.id, c.slug, c.title, c.kind, c.track, c.difficulty, \
           snippet(content_fts, 3, $7, $8, '…', 24) AS snippet, m.score AS score, \
           (SELECT count(*) FROM content_fts {join} WHERE content_fts MATCH $1 {filter}) AS total \
         FROM m JOIN content_fts ON content_fts.rowid = m.rid \
         JOIN content_items c ON c.slug = content_fts.slug \
         WHERE content_fts MATCH $1 ORDER BY m.score DESC, m.rid"
    )
}

/// PostgreSQL: rank and count in one pass over the GIN matches (the window runs before
/// the limit), then build headlines for the page only.
const POSTGRES_SEARCH_SQL: &str = "SELECT c.id, c.slug, c.title, c.kind, c.track, c.difficulty, \
       ts_headline('english', c.body, to_tsquery('english', $1), $7) AS snippet, \
       r.score AS score, r.total AS total \
     FROM (SELECT c.id, c.slug, ts_rank(c.search, to_tsquery('english', $1))::float8 AS score, \
             count(*) OVER () AS total \
           FROM content_items c \
           WHERE c.search @@ to_tsquery('english', $1) AND ($4::text IS NULL OR c.kind = $4) \
             AND ($5::text IS NULL OR c.track = $5) AND ($6::text IS NULL OR c.difficulty = $6) \
           ORDER BY score DESC, c.slug LIMIT $2 OFFSET $3) r \
     JOIN content_items c ON c.id = r.id \
     ORDER BY r.score DESC, r.slug";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_escape_everything_but_the_marks() {
        let raw = format!("a <b>{MARK_START}loop{MARK_END} & \"x\"");
        assert_eq!(
            render_snippet(&raw),
            "a &lt;b&gt;<mark>loop</mark> &amp; &quot;x&quot;"
        );
        assert_eq!(
            render_snippet(&format!("{MARK_END}x{MARK_START}y")),
            "x<mark>y</mark>"
        );
    }

    #[test]
    fn query_terms_drop_operators() {
        assert_eq!(
            query_terms("\"for\" OR loop*  NEAR(x)"),
            ["for", "or", "loop", "near", "x"]
        );
        assert!(query_terms("*** ---").is_empty());
    }

    #[test]
    fn edit_distance_counts_a_swap_of_neighbours_as_one() {
        assert_eq!(edit_distance("recursoin", "recursion"), 1);
        assert_eq!(edit_distance("whlie", "while"), 1);
        assert_eq!(edit_distance("loop", "loops"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn corrections_prefer_fewer_edits_then_common_words_then_the_alphabet() {
        let v = Vocabulary::new(
            [
                ("recursion", 3),
                ("strings", 1),
                ("string", 9),
                ("bake", 2),
                ("cake", 7),
                ("look", 5),
                ("lock", 5),
            ]
            .map(|(w, df)| (w.to_owned(), df)),
        );
        assert_eq!(v.correct("recursoin"), "recursion");
        // A swap in a five-letter word is one edit, within its allowance.
        let short = Vocabulary::new([("while".to_owned(), 4), ("whole".to_owned(), 1)]);
        assert_eq!(short.correct("whlie"), "while");
        // One edit from "strings", two from the commoner "string": fewer edits win.
        assert_eq!(v.correct("strinks"), "strings");
        // One edit from both: the more common word wins.
        assert_eq!(v.correct("fake"), "cake");
        // Equal edits and frequency: alphabetical, whatever the stored order.
        assert_eq!(v.correct("loak"), "lock");
        // Known words, short words and words out of reach stay as typed.
        assert_eq!(v.correct("string"), "string");
        assert_eq!(v.correct("bak"), "bak");
        assert_eq!(v.correct("zzzzqqqq"), "zzzzqqqq");
        assert_eq!(Vocabulary::default().correct("anything"), "anything");
    }
}
