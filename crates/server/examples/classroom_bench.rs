//! Classroom grid benchmark (`scripts/bench/70-classrooms.sh`): the teacher's grid for a
//! class of 200 students × 40 assignments through `ClassroomService::grid`, against a
//! primary-key lookup of the class in the same run. Prints a Markdown table.
//! Usage: `classroom_bench [DATABASE_URL…]` (default: SQLite in a temp dir).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use codestead_curriculum::{Curriculum, ItemKind};
use codestead_server::classrooms::ClassroomService;
use codestead_server::classrooms::grid::{GridSort, StuckRule};
use codestead_server::platform::clock::SystemClock;
use codestead_store::Store;
use codestead_store::accounts::{NewUser, Role};
use codestead_store::classrooms::{MemberRole, NewAssignment};
use codestead_store::learning::{NewSubmission, ProgressUpdate};

const STUDENTS: usize = 200;
const ASSIGNMENTS: usize = 40;
const SAMPLES: usize = 200;

/// xorshift: the same class every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn pct(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
    samples[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn user(store: &Store, name: &str, role: Role) -> Uuid {
    store
        .create_user(
            NewUser {
                email: format!("{name}@example.org"),
                password_hash: "x".into(),
                first_name: "B".into(),
                last_name: name.into(),
                username: name.into(),
                role,
                email_verified: true,
            },
            Utc::now(),
        )
        .await
        .expect("user")
        .id
}

/// A class of `STUDENTS` with `ASSIGNMENTS` one-item assignments and a spread of work:
/// about a third done (an exercise after a failed try or two), a fifth failing, a fifth
/// in progress, the rest not started. Returns the teacher and the class, and the rows seeded.
async fn seed(store: &Store, curriculum: &Curriculum, tag: &str) -> (Uuid, Uuid, usize, usize) {
    let teacher = user(store, &format!("t{tag}"), Role::Teacher).await;
    let now = Utc::now();
    let class = store
        .create_class("Bench class", &format!("B{tag:0>7}"), None, teacher, now)
        .await
        .expect("class");
    let items: Vec<_> = curriculum
        .items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Lesson | ItemKind::Exercise))
        .take(ASSIGNMENTS)
        .collect();
    assert_eq!(
        items.len(),
        ASSIGNMENTS,
        "the built-in curriculum has enough items"
    );
    for (n, item) in items.iter().enumerate() {
        store
            .create_assignment(
                NewAssignment {
                    class_id: class.id,
                    kind: "item".into(),
                    target: item.id.to_string(),
                    title: item.title.clone(),
                    content_ids: vec![item.id],
                    opens_at: None,
                    due_at: Some(now + chrono::Duration::days(n as i64 - 20)),
                    allow_late: n % 3 != 0,
                    allowed_languages: Vec::new(),
                    created_by: teacher,
                },
                now,
            )
            .await
            .expect("assignment");
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut progress_rows, mut submissions) = (0, 0);
    for s in 0..STUDENTS {
        let student = user(store, &format!("s{tag}-{s:03}"), Role::User).await;
        store
            .add_member(class.id, student, MemberRole::Student, now)
            .await
            .expect("member");
        for item in &items {
            let roll = rng.next() % 100;
            let exercise = item.kind == ItemKind::Exercise;
            let (fails, passes, percent) = match roll {
                0..=34 => (rng.next() % 3, 1, 100),
                35..=54 => (1 + rng.next() % 6, 0, 0),
                55..=74 => (0, 0, 50),
                _ => continue,
            };
            if exercise {
                for k in 0..fails + passes {
                    let passed = k >= fails;
                    store
                        .insert_submission(
                            NewSubmission {
                                user_id: student,
                                content_id: item.id,
                                language: "python",
                                code: "print('x')",
                                passed,
                                results: json!([{"name": "t", "passed": passed, "message": "m"}]),
                            },
                            now,
                        )
                        .await
                        .expect("submission");
                    submissions += 1;
                }
            }
            if percent > 0 || passes > 0 {
                store
                    .record_progress(
                        student,
                        item.id,
                        ProgressUpdate {
                            progress_percentage: percent,
                            time_spent_seconds: 60,
                            complete: passes > 0,
                        },
                        now,
                    )
                    .await
                    .expect("progress");
                progress_rows += 1;
            }
        }
    }
    (teacher, class.id, progress_rows, submissions)
}

async fn bench(label: &str, url: &str, curriculum: Arc<Curriculum>) {
    let store = Store::connect(url).await.expect("connect");
    let tag = format!("{:x}", std::process::id());
    let started = Instant::now();
    let (teacher, class, progress_rows, submissions) = seed(&store, &curriculum, &tag).await;
    let seeded = started.elapsed();
    let service = ClassroomService::new(store.clone(), curriculum, Arc::new(SystemClock), false);
    // Warm the pool and the statement caches.
    for _ in 0..5 {
        service
            .grid(class, teacher, StuckRule::default(), GridSort::Name)
            .await
            .expect("grid");
    }
    let mut grid = Vec::with_capacity(SAMPLES);
    let mut pk = Vec::with_capacity(SAMPLES);
    let mut cells = 0;
    for _ in 0..SAMPLES {
        let t = Instant::now();
        let g = service
            .grid(class, teacher, StuckRule::default(), GridSort::Name)
            .await
            .expect("grid");
        grid.push(t.elapsed());
        cells = g.rows.iter().map(|r| r.cells.len()).sum();
        std::hint::black_box(g);
        let t = Instant::now();
        std::hint::black_box(store.find_class(class).await.expect("pk"));
        pk.push(t.elapsed());
    }
    let (g50, g95) = (pct(&mut grid, 0.5), pct(&mut grid, 0.95));
    let pk95 = pct(&mut pk, 0.95);
    println!(
        "| {label} | {cells} | {progress_rows} | {submissions} | {:.1} s | {} | **{}** | {} | {:.1}× | {} |",
        seeded.as_secs_f64(),
        ms(g50),
        ms(g95),
        ms(pk95),
        g95.as_secs_f64() / pk95.as_secs_f64(),
        if g95 <= Duration::from_millis(50) {
            "met"
        } else {
            "missed"
        },
    );
    store.close().await.ok();
}

#[tokio::main]
async fn main() {
    let curriculum = Arc::new(Curriculum::load_embedded());
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
        "| backend | cells | progress rows | attempts | seeding | grid p50 | grid p95 | PK lookup p95 (baseline) | grid p95 / baseline | goal ≤ 50 ms p95 |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (label, url) in &targets {
        bench(label, url, curriculum.clone()).await;
    }
}
