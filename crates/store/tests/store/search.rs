use chrono::Utc;
use uuid::Uuid;

use codestead_store::search::{ContentRecord, SearchQuery};

use crate::on_every_backend;

fn record(slug: &str, title: &str, kind: &str, body: &str) -> ContentRecord {
    ContentRecord {
        id: Uuid::now_v7(),
        slug: slug.into(),
        title: title.into(),
        kind: kind.into(),
        difficulty: "beginner".into(),
        category: "basics".into(),
        track: "python".into(),
        tags: vec!["functions".into()],
        body: body.into(),
    }
}

fn corpus() -> Vec<ContentRecord> {
    vec![
        record(
            "recursion-intro",
            "Recursion",
            "lesson",
            "A function that calls itself. Every recursive call needs a base case.",
        ),
        record(
            "loops",
            "Loops",
            "lesson",
            "Repeat work with for and while. Recursion is another way to repeat, covered later.",
        ),
        record(
            "ex-factorial",
            "Factorial",
            "exercise",
            "Write factorial recursively: <script>alert(1)</script> is not the answer when n < 2 && n > 0.",
        ),
        record(
            "strings",
            "Strings",
            "lesson",
            "Text values & their methods.",
        ),
    ]
}

fn query(text: &str) -> SearchQuery<'_> {
    SearchQuery {
        text,
        page: 1,
        per_page: 20,
        ..SearchQuery::default()
    }
}

#[tokio::test]
async fn a_title_match_outranks_a_body_match() {
    on_every_backend(|store| async move {
        store.sync_content(&corpus(), Utc::now()).await.unwrap();
        let page = store.search_content(&query("recursion")).await.unwrap();
        let slugs: Vec<&str> = page.hits.iter().map(|h| h.slug.as_str()).collect();
        assert_eq!(slugs[0], "recursion-intro", "{slugs:?}");
        assert!(slugs.contains(&"loops"), "{slugs:?}");
        assert_eq!(page.total as usize, page.hits.len());
        assert!(page.hits[0].score > page.hits[1].score);
    })
    .await;
}

#[tokio::test]
async fn snippets_mark_the_match_and_escape_the_rest() {
    on_every_backend(|store| async move {
        store.sync_content(&corpus(), Utc::now()).await.unwrap();
        let page = store.search_content(&query("answer")).await.unwrap();
        assert_eq!(page.hits.len(), 1);
        let snippet = &page.hits[0].snippet;
        assert!(snippet.contains("<mark>answer</mark>"), "{snippet}");
        // SQLite quotes the tag escaped; PostgreSQL's parser drops tags: never raw.
        assert!(!snippet.contains("<script>"), "{snippet}");
        assert!(
            snippet.contains("n &lt; 2 &amp;&amp; n &gt; 0"),
            "{snippet}"
        );
        let without_marks = snippet.replace("<mark>", "").replace("</mark>", "");
        assert!(!without_marks.contains('<'), "{snippet}");
    })
    .await;
}

#[tokio::test]
async fn a_misspelt_word_finds_the_right_lessons() {
    on_every_backend(|store| async move {
        store.sync_content(&corpus(), Utc::now()).await.unwrap();
        let page = store.search_content(&query("recursoin")).await.unwrap();
        assert_eq!(page.corrected.as_deref(), Some("recursion"));
        assert_eq!(page.hits[0].slug, "recursion-intro");
        let nothing = store.search_content(&query("zzzzqqqq")).await.unwrap();
        assert_eq!(nothing.total, 0);
        assert!(nothing.corrected.is_none());
    })
    .await;
}

#[tokio::test]
async fn every_word_of_a_query_is_corrected_and_the_page_says_what_was_searched() {
    on_every_backend(|store| async move {
        let mut items = corpus();
        items.push(record(
            "while-loops",
            "While loops",
            "lesson",
            "A while loop repeats its body as long as its condition holds.",
        ));
        store.sync_content(&items, Utc::now()).await.unwrap();
        // A swap inside the first of two words; the second as typed (and half typed).
        for typed in ["whlie loop", "whlie lo", "whlie lopp"] {
            let page = store.search_content(&query(typed)).await.unwrap();
            assert!(page.total > 0, "{typed}: nothing found");
            assert_eq!(page.hits[0].slug, "while-loops", "{typed}: {:?}", page.hits);
            let searched = page.corrected.as_deref().unwrap_or_default();
            assert!(
                searched.starts_with("while lo"),
                "{typed}: searched {searched:?}"
            );
        }
        let both = store.search_content(&query("whlie lopp")).await.unwrap();
        assert_eq!(both.corrected.as_deref(), Some("while loop"));
        // Spelt right, nothing is said to be corrected.
        let right = store.search_content(&query("while loop")).await.unwrap();
        assert_eq!(right.hits[0].slug, "while-loops");
        assert!(right.corrected.is_none());
    })
    .await;
}

#[tokio::test]
async fn filters_and_pages_narrow_the_results() {
    on_every_backend(|store| async move {
        store.sync_content(&corpus(), Utc::now()).await.unwrap();
        let exercises = store
            .search_content(&SearchQuery {
                kind: Some("exercise"),
                ..query("factorial")
            })
            .await
            .unwrap();
        assert_eq!(exercises.total, 1);
        assert!(exercises.hits.iter().all(|h| h.kind == "exercise"));
        let none = store
            .search_content(&SearchQuery {
                kind: Some("lesson"),
                ..query("factorial")
            })
            .await
            .unwrap();
        assert_eq!(none.total, 0);
        let lessons = store
            .search_content(&SearchQuery {
                kind: Some("lesson"),
                per_page: 1,
                page: 2,
                ..query("recursion")
            })
            .await
            .unwrap();
        assert_eq!(lessons.total, 2);
        assert_eq!(lessons.hits.len(), 1);
        assert_eq!(lessons.hits[0].slug, "loops");
        // Operator characters are words, never syntax.
        let odd = store
            .search_content(&query("\"loops\" OR * NEAR("))
            .await
            .unwrap();
        assert_eq!(odd.total, 0);
    })
    .await;
}

#[tokio::test]
async fn a_sync_updates_changed_items_and_removes_missing_ones() {
    on_every_backend(|store| async move {
        let mut items = corpus();
        let first = store.sync_content(&items, Utc::now()).await.unwrap();
        assert_eq!((first.added, first.updated, first.removed), (4, 0, 0));
        let again = store.sync_content(&items, Utc::now()).await.unwrap();
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 4));
        // Same permanent id, new slug and text; one item gone.
        items[1].slug = "loops-and-repetition".into();
        items[1].body = "Iteration with for and while.".into();
        let gone = items.pop().unwrap();
        let report = store.sync_content(&items, Utc::now()).await.unwrap();
        assert_eq!(
            (
                report.added,
                report.updated,
                report.removed,
                report.unchanged
            ),
            (0, 1, 1, 2)
        );
        assert!(store.content_item(gone.id).await.unwrap().is_none());
        assert_eq!(
            store.content_item(items[1].id).await.unwrap().unwrap().slug,
            "loops-and-repetition"
        );
        let page = store.search_content(&query("iteration")).await.unwrap();
        assert_eq!(page.hits[0].slug, "loops-and-repetition");
        assert_eq!(
            store.search_content(&query("strings")).await.unwrap().total,
            0
        );
    })
    .await;
}

#[tokio::test]
async fn a_word_added_by_a_sync_is_found_even_misspelt() {
    on_every_backend(|store| async move {
        let mut items = corpus();
        store.sync_content(&items, Utc::now()).await.unwrap();
        // Warms the in-memory vocabulary before the new word exists.
        let before = store.search_content(&query("generatro")).await.unwrap();
        assert_eq!(before.total, 0);
        items.push(record(
            "generators",
            "Generators",
            "lesson",
            "A generator yields values one at a time.",
        ));
        store.sync_content(&items, Utc::now()).await.unwrap();
        let after = store.search_content(&query("generatro")).await.unwrap();
        assert_eq!(after.corrected.as_deref(), Some("generator"));
        assert_eq!(after.hits[0].slug, "generators");
    })
    .await;
}

#[tokio::test]
async fn equal_scores_come_in_slug_order_and_a_late_page_keeps_its_total() {
    on_every_backend(|store| async move {
        let items: Vec<ContentRecord> = ["delta", "alpha", "charlie", "bravo"]
            .into_iter()
            .map(|slug| record(slug, "Same title", "lesson", "Identical body text."))
            .collect();
        store.sync_content(&items, Utc::now()).await.unwrap();
        let page = store.search_content(&query("identical")).await.unwrap();
        let slugs: Vec<&str> = page.hits.iter().map(|h| h.slug.as_str()).collect();
        assert_eq!(slugs, ["alpha", "bravo", "charlie", "delta"]);
        let past_the_end = store
            .search_content(&SearchQuery {
                page: 9,
                per_page: 2,
                ..query("identical")
            })
            .await
            .unwrap();
        assert!(past_the_end.hits.is_empty());
        assert_eq!(past_the_end.total, 4);
    })
    .await;
}
