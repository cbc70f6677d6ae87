//! The content index and full-text search, the one place with backend-specific search SQL.
//!
//! `content_items` mirrors the curriculum (one row per item, keyed by its permanent id and
//! compared by a content hash); the server syncs it at start-up and `codestead content
//! import` fills it ahead of time. SQLite searches an FTS5 table (bm25 ranking, `snippet()`),
//! PostgreSQL a generated, weighted `tsvector` with a GIN index (`ts_rank`, `ts_headline`).
//! Both fall back to typo correction against `search_terms`, the index's vocabulary.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait, Value};
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

/// Levenshtein distance between two words (a swap of two letters counts as two edits).
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// How many edits a word of this length may carry and still be corrected.
fn allowed_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
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
        let txn = self.conn().begin().await?;
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
                     SELECT slug, title, tags, body FROM content_items",
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
    /// nothing, each unknown word is replaced by the closest vocabulary word and the
    /// search runs once more.
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
        let mut page = self.run_search(q, &corrected, false).await?;
        if page.total > 0 {
            page.corrected = Some(corrected.join(" "));
        }
        Ok(page)
    }

    async fn correct_terms(&self, terms: &[String]) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::with_capacity(terms.len());
        for term in terms {
            let len = term.chars().count();
            let edits = allowed_edits(len);
            if edits == 0 {
                out.push(term.clone());
                continue;
            }
            let rows = self
                .conn()
                .query_all_raw(self.stmt(
                    "SELECT term, df FROM search_terms WHERE length(term) BETWEEN $1 AND $2",
                    [
                        Value::from((len - edits) as i32),
                        Value::from((len + edits) as i32),
                    ],
                ))
                .await?;
            let mut best: Option<(usize, i32, String)> = None;
            for r in rows {
                let word: String = r.try_get_by("term")?;
                let df: i32 = r.try_get_by("df")?;
                if word == *term {
                    best = Some((0, df, word));
                    break;
                }
                let d = edit_distance(term, &word);
                if d > edits {
                    continue;
                }
                // Fewest edits, then the most common word, then alphabetical: deterministic.
                let better = match &best {
                    None => true,
                    Some((bd, bdf, bw)) => (d, -df, &word) < (*bd, -*bdf, bw),
                };
                if better {
                    best = Some((d, df, word));
                }
            }
            out.push(best.map_or_else(|| term.clone(), |(_, _, w)| w));
        }
        Ok(out)
    }

    async fn run_search(
        &self,
        q: &SearchQuery<'_>,
        terms: &[String],
        prefix_last: bool,
    ) -> Result<SearchPage, StoreError> {
        let last = terms.len() - 1;
        let filters = [
            Value::from(q.kind.map(str::to_owned)),
            Value::from(q.track.map(str::to_owned)),
            Value::from(q.difficulty.map(str::to_owned)),
        ];
        let per_page = q.per_page.max(1) as i64;
        let offset = (q.page.max(1) - 1) as i64 * per_page;
        let (count_sql, page_sql, expr, options) = match self.backend {
            Backend::Sqlite => {
                // Each word quoted (so it is never an FTS5 operator); the last one as a
                // prefix, so results appear while the learner is still typing.
                let expr = terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        if prefix_last && i == last {
                            format!("\"{t}\"*")
                        } else {
                            format!("\"{t}\"")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" AND ");
                (
                    "SELECT count(*) AS n FROM content_fts JOIN content_items c ON c.slug = content_fts.slug \
                     WHERE content_fts MATCH $1 AND ($2 IS NULL OR c.kind = $2) \
                     AND ($3 IS NULL OR c.track = $3) AND ($4 IS NULL OR c.difficulty = $4)",
                    // bm25 is lower-is-better; weights per column: slug, title, tags, body.
                    "SELECT c.id, c.slug, c.title, c.kind, c.track, c.difficulty, \
                     snippet(content_fts, 3, $5, $6, '…', 24) AS snippet, \
                     -bm25(content_fts, 0.0, 10.0, 4.0, 1.0) AS score \
                     FROM content_fts JOIN content_items c ON c.slug = content_fts.slug \
                     WHERE content_fts MATCH $1 AND ($2 IS NULL OR c.kind = $2) \
                     AND ($3 IS NULL OR c.track = $3) AND ($4 IS NULL OR c.difficulty = $4) \
                     ORDER BY score DESC, c.slug LIMIT $7 OFFSET $8",
                    expr,
                    None,
                )
            }
            Backend::Postgres => {
                let expr = terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        if prefix_last && i == last {
                            format!("{t}:*")
                        } else {
                            t.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" & ");
                (
                    "SELECT count(*) AS n FROM content_items c \
                     WHERE c.search @@ to_tsquery('english', $1) AND ($2::text IS NULL OR c.kind = $2) \
                     AND ($3::text IS NULL OR c.track = $3) AND ($4::text IS NULL OR c.difficulty = $4)",
                    "SELECT c.id, c.slug, c.title, c.kind, c.track, c.difficulty, \
                     ts_headline('english', c.body, to_tsquery('english', $1), $5) AS snippet, \
                     ts_rank(c.search, to_tsquery('english', $1))::float8 AS score \
                     FROM content_items c \
                     WHERE c.search @@ to_tsquery('english', $1) AND ($2::text IS NULL OR c.kind = $2) \
                     AND ($3::text IS NULL OR c.track = $3) AND ($4::text IS NULL OR c.difficulty = $4) \
                     ORDER BY score DESC, c.slug LIMIT $6 OFFSET $7",
                    expr,
                    Some(format!(
                        "StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, ShortWord=2"
                    )),
                )
            }
        };
        let mut count_values = vec![Value::from(expr.clone())];
        count_values.extend(filters.iter().cloned());
        let total: i64 = self
            .conn()
            .query_one_raw(self.stmt(count_sql, count_values))
            .await?
            .map(|r| r.try_get_by::<i64, _>("n"))
            .transpose()?
            .unwrap_or(0);
        if total == 0 {
            return Ok(SearchPage::default());
        }
        let mut values = vec![Value::from(expr)];
        values.extend(filters);
        match options {
            None => values.extend([
                Value::from(MARK_START.to_string()),
                Value::from(MARK_END.to_string()),
            ]),
            Some(o) => values.push(o.into()),
        }
        values.extend([Value::from(per_page), Value::from(offset)]);
        let rows = self
            .conn()
            .query_all_raw(self.stmt(page_sql, values))
            .await?;
        let hits = rows
            .into_iter()
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
}

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
    fn edit_distance_counts_swaps_as_two() {
        assert_eq!(edit_distance("recursoin", "recursion"), 2);
        assert_eq!(edit_distance("loop", "loops"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
