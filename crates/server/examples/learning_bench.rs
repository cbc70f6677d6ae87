//! Learning-insights benchmark (`scripts/bench/15-learning.sh`): search p95 over 10,000
//! generated items against a primary-key lookup in the same run, the dashboard of a
//! learner with 1,000 completions, recommendations in a school of 1,000 learners, and grading a Python exercise through the service.
//! Prints a Markdown table. Usage: `learning_bench [DATABASE_URL…]` (default: SQLite).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use uuid::Uuid;

use codestead_curriculum::Curriculum;
use codestead_server::config::PasswordHashing;
use codestead_server::learning::insights::InsightsService;
use codestead_server::platform::cache::MokaCache;
use codestead_server::platform::clock::{Clock, SystemClock};
use codestead_server::{AppState, Config, Overrides};
use codestead_store::Store;
use codestead_store::accounts::{NewUser, Role};
use codestead_store::learning::ProgressUpdate;
use codestead_store::search::SearchQuery;

const ITEMS: usize = 10_000;
const COMPLETIONS: usize = 1_000;
const SEARCHES: usize = 400;
const DASHBOARDS: usize = 200;
const SCHOOL: usize = 1_000;
const SCHOOL_SAMPLES: usize = 100;

const WORDS: &[&str] = &[
    "variable",
    "loop",
    "function",
    "recursion",
    "string",
    "list",
    "dictionary",
    "class",
    "object",
    "method",
    "exception",
    "iterator",
    "generator",
    "closure",
    "lambda",
    "array",
    "pointer",
    "reference",
    "template",
    "interface",
    "inheritance",
    "module",
    "package",
    "stream",
    "buffer",
    "parser",
    "compiler",
    "memory",
    "thread",
    "queue",
    "stack",
    "tree",
    "graph",
    "sorting",
    "searching",
    "binary",
    "hash",
    "set",
    "tuple",
    "vector",
    "map",
    "input",
    "output",
    "file",
    "error",
    "test",
    "debug",
    "format",
    "number",
    "integer",
];

/// A small deterministic generator (xorshift), so every run indexes the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn common(&mut self) -> &'static str {
        WORDS[(self.next() % WORDS.len() as u64) as usize]
    }
    /// One of 3,000 made-up words: a corpus needs a realistic vocabulary, or every query
    /// matches nearly every item.
    fn word(&mut self) -> String {
        const SYL: [&str; 20] = [
            "ka", "lo", "mi", "ru", "te", "sa", "no", "vi", "de", "po", "fa", "zu", "ge", "ri",
            "bo", "ne", "ta", "xi", "wo", "le",
        ];
        let k = (self.next() % 3_000) as usize;
        format!(
            "{}{}{}",
            SYL[k % 20],
            SYL[(k / 20) % 20],
            SYL[(k / 400) % 20]
        )
    }
    /// Body text: one word in five from the programming vocabulary.
    fn body_word(&mut self) -> String {
        if self.next().is_multiple_of(5) {
            self.common().to_owned()
        } else {
            self.word()
        }
    }
}

/// A curriculum of `n` lessons in one track, as files.
fn generated_curriculum(n: usize) -> Curriculum {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut files = Vec::new();
    let mut slugs = Vec::new();
    for i in 0..n {
        let slug = format!("bench-{i:05}");
        let title = format!("{} and {} {i}", rng.common(), rng.word());
        let body: Vec<String> = (0..120).map(|_| rng.body_word()).collect();
        let md = format!(
            "---\nid: {}\nslug: {slug}\ntitle: {title}\ntype: lesson\ndifficulty: beginner\ncategory: bench\ntags: [{}, {}]\nestimatedMinutes: 5\n---\n{}\n",
            Uuid::from_u128(0xbe4c_0000_0000_0000_0000_0000_0000_0000 + i as u128),
            rng.word(),
            rng.word(),
            body.join(" ")
        );
        files.push((format!("bench/lessons/{slug}.md"), md.into_bytes()));
        slugs.push(slug);
    }
    let modules: String = slugs
        .chunks(100)
        .enumerate()
        .map(|(m, chunk)| {
            format!(
                "[[modules]]\nslug = \"bench-m{m}\"\ntitle = \"Module {m}\"\nitems = [{}]\n\n",
                chunk
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    let track = format!(
        "slug = \"bench\"\ntitle = \"Bench\"\nlanguage = \"python\"\ndescription = \"Generated.\"\n\n{modules}"
    );
    files.push(("bench/track.toml".into(), track.into_bytes()));
    Curriculum::from_files(files)
}

fn pct(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
    samples[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn user(store: &Store, name: &str) -> Uuid {
    store
        .create_user(
            NewUser {
                email: format!("{name}@example.org"),
                password_hash: "x".into(),
                first_name: "B".into(),
                last_name: "M".into(),
                username: name.into(),
                role: Role::User,
                email_verified: true,
            },
            Utc::now(),
        )
        .await
        .expect("user")
        .id
}

/// The insights service as the server builds it, over an in-process cache.
fn insights_for(store: &Store, curriculum: &Arc<Curriculum>) -> InsightsService {
    InsightsService::new(
        curriculum.clone(),
        store.clone(),
        Arc::new(SystemClock),
        Arc::new(MokaCache::default()),
    )
}

/// Completes the first `count` items of the curriculum, the i-th at `at(i)`.
async fn complete_path(
    store: &Store,
    learner: Uuid,
    curriculum: &Curriculum,
    count: usize,
    at: impl Fn(usize) -> chrono::DateTime<Utc>,
) {
    for (i, item) in curriculum.items.iter().take(count).enumerate() {
        let update = ProgressUpdate {
            progress_percentage: 100,
            time_spent_seconds: 60,
            complete: true,
        };
        store
            .record_progress(learner, item.id, update, at(i))
            .await
            .expect("progress");
    }
}

async fn bench_backend(label: &str, url: &str, curriculum: Arc<Curriculum>) {
    let store = Store::connect(url).await.expect("connect");
    let started = Instant::now();
    let report =
        codestead_server::learning::insights::sync_content_index(&store, &curriculum, Utc::now())
            .await
            .expect("sync");
    let sync = started.elapsed();
    assert_eq!(report.added, ITEMS);

    // Search: one- and two-word queries from the corpus vocabulary, and a typo.
    let mut rng = Rng(42);
    let mut search = Vec::with_capacity(SEARCHES);
    let mut pk = Vec::with_capacity(SEARCHES);
    for i in 0..SEARCHES {
        let text = match i % 3 {
            0 => rng.word(),
            1 => format!("{} {}", rng.common(), rng.word()),
            _ => {
                let mut w: Vec<char> = rng.word().chars().collect();
                let k = w.len() / 2;
                w.swap(k - 1, k);
                w.into_iter().collect()
            }
        };
        let t = Instant::now();
        let page = store
            .search_content(&SearchQuery {
                text: &text,
                page: 1,
                per_page: 20,
                ..SearchQuery::default()
            })
            .await
            .expect("search");
        search.push(t.elapsed());
        std::hint::black_box(page);
        let id = curriculum.items[(rng.next() % ITEMS as u64) as usize].id;
        let t = Instant::now();
        let row = store.content_item(id).await.expect("pk");
        pk.push(t.elapsed());
        assert!(row.is_some());
    }
    let (s50, s95, k95) = (
        pct(&mut search, 0.5),
        pct(&mut search, 0.95),
        pct(&mut pk, 0.95),
    );

    // Dashboard: 1,000 completions spread over 60 days.
    let learner = user(&store, &format!("bench{}", Uuid::now_v7().simple())[..20]).await;
    let now = Utc::now();
    complete_path(&store, learner, &curriculum, COMPLETIONS, |i| {
        now - chrono::Duration::minutes((i as i64) * 86)
    })
    .await;
    let insights = insights_for(&store, &curriculum);
    let mut cold = Vec::with_capacity(DASHBOARDS);
    let mut warm = Vec::with_capacity(DASHBOARDS);
    for _ in 0..DASHBOARDS {
        insights.invalidate(learner).await;
        let t = Instant::now();
        let d = insights.dashboard(learner).await.expect("dashboard");
        cold.push(t.elapsed());
        assert_eq!(d.completed_count, COMPLETIONS as i64);
        let t = Instant::now();
        std::hint::black_box(insights.dashboard(learner).await.expect("dashboard"));
        warm.push(t.elapsed());
    }
    println!(
        "| {label} | {} | {} | {} | {} | {:.1}× | {} | {} | {} |",
        ms(sync),
        ms(s50),
        ms(s95),
        ms(k95),
        s95.as_secs_f64() / k95.as_secs_f64(),
        ms(pct(&mut cold, 0.5)),
        ms(pct(&mut cold, 0.95)),
        ms(pct(&mut warm, 0.5)),
    );
    store.close().await.ok();
}

/// A school: many learners along one path, so the similar-learner query has real
/// neighbours to rank.
async fn bench_school(label: &str, url: &str, curriculum: Arc<Curriculum>) {
    use codestead_server::learning::insights::similar_key;
    use futures::StreamExt;
    let store = Store::connect(url).await.expect("connect");
    let mut rng = Rng(7);
    let now = Utc::now();
    let mut learners = Vec::with_capacity(SCHOOL);
    for n in 0..SCHOOL {
        let done = 5 + (rng.next() % 96) as usize;
        learners.push((
            user(
                &store,
                &format!("school{n:04}{}", &Uuid::now_v7().simple().to_string()[24..]),
            )
            .await,
            done,
        ));
    }
    futures::stream::iter(learners.iter().copied())
        .for_each_concurrent(8, |(learner, done)| {
            let store = store.clone();
            let curriculum = curriculum.clone();
            async move {
                complete_path(&store, learner, &curriculum, done, |i| {
                    now - chrono::Duration::minutes(((done - i) * 30) as i64)
                })
                .await;
            }
        })
        .await;
    let insights = insights_for(&store, &curriculum);
    let (mut query, mut cold, mut after_write) = (Vec::new(), Vec::new(), Vec::new());
    for &(learner, _) in learners.iter().step_by(SCHOOL / SCHOOL_SAMPLES) {
        let t = Instant::now();
        std::hint::black_box(store.also_completed(learner, 50).await.expect("similar"));
        query.push(t.elapsed());
        insights.invalidate(learner).await;
        insights
            .cache()
            .delete(&similar_key(learner))
            .await
            .expect("cache");
        let t = Instant::now();
        std::hint::black_box(insights.dashboard(learner).await.expect("dashboard"));
        cold.push(t.elapsed());
        // A progress write drops the dashboard but keeps the similar-learner picks.
        insights.invalidate(learner).await;
        let t = Instant::now();
        std::hint::black_box(insights.dashboard(learner).await.expect("dashboard"));
        after_write.push(t.elapsed());
    }
    println!(
        "| {label} | {} | {} | {} | {} | {} | {} |",
        ms(pct(&mut query, 0.5)),
        ms(pct(&mut query, 0.95)),
        ms(pct(&mut cold, 0.5)),
        ms(pct(&mut cold, 0.95)),
        ms(pct(&mut after_write, 0.5)),
        ms(pct(&mut after_write, 0.95)),
    );
    store.close().await.ok();
}

async fn bench_grading() -> Option<(Duration, Duration, usize)> {
    let dir = tempfile::tempdir().ok()?;
    let mut config = Config::for_data_dir(dir.path().to_path_buf());
    config.password_hashing = PasswordHashing::Test;
    config.exec_rate_per_min = 1_000_000;
    let state = AppState::build(config, Overrides::default()).await.ok()?;
    state.executions.sandbox()?;
    let learner = user(&state.store, "grader").await;
    let item = state.learning.find("python-ex-greeting").ok()?;
    let solution = item.exercise.as_ref()?.solution.clone();
    let mut samples = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let graded = state
            .learning
            .submit(learner, item, "python", &solution)
            .await
            .ok()?;
        samples.push(t.elapsed());
        assert!(graded.report.passed);
    }
    let tests = item.exercise.as_ref()?.tests.len();
    Some((pct(&mut samples, 0.5), pct(&mut samples, 0.95), tests))
}

#[tokio::main]
async fn main() {
    let _ = SystemClock.now();
    let curriculum = Arc::new(generated_curriculum(ITEMS));
    assert_eq!(curriculum.items.len(), ITEMS);
    let mut targets: Vec<(String, String)> = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    targets.push((
        "sqlite".into(),
        codestead_store::sqlite_url_for_dir(dir.path()),
    ));
    for url in std::env::args().skip(1) {
        targets.push(("postgresql".into(), url));
    }
    println!(
        "| backend | index 10,000 items | search p50 | search p95 | PK lookup p95 (baseline) | search p95 / baseline | dashboard p50 (uncached) | dashboard p95 (uncached) | dashboard p50 (cached) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (label, url) in &targets {
        bench_backend(label, url, curriculum.clone()).await;
    }
    println!();
    println!(
        "Recommendations in a school: {SCHOOL} learners who each completed the first 5–100 items of one path \
         (about {} completions), measured for {SCHOOL_SAMPLES} of them. The similar-learner query alone; the dashboard \
         with nothing cached; and the dashboard after a progress write, which keeps the cached similar-learner picks.",
        SCHOOL * 52
    );
    println!();
    println!(
        "| backend | similar learners p50 | similar learners p95 | dashboard p50 (nothing cached) | dashboard p95 (nothing cached) | dashboard p50 (after a progress write) | dashboard p95 (after a progress write) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (label, url) in &targets {
        bench_school(label, url, curriculum.clone()).await;
    }
    println!();
    match bench_grading().await {
        Some((p50, p95, tests)) => println!(
            "Grading `python-ex-greeting` (reference solution, {tests} tests) through `LearningService::submit`, 20 runs: **p50 {}**, p95 {}.",
            ms(p50),
            ms(p95)
        ),
        None => println!("Grading: the sandbox is not available on this machine."),
    }
}
