//! What the learner has done, seen from above: search, stats, streaks in the learner's
//! time zone, achievements (awarded by [`InsightsService::on_event`], which the learning,
//! execution and tutor services call after every run, submission, completion, progress
//! write and tutor question), recommendations and the dashboard. Per-user results go
//! through the cache and are invalidated by `on_event`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use codestead_curriculum::{Curriculum, Item};
use codestead_store::Store;
use codestead_store::insights::{BUCKET_SECONDS, LearnerTotals};
use codestead_store::search::{ContentRecord, SearchPage, SearchQuery, SyncReport};

use super::LearningResult;
use crate::platform::cache::{self, Cache};
use crate::platform::clock::Clock;

/// Something that may change a learner's stats, streak or achievements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Run,
    Submission { passed: bool },
    Progress { completed: bool },
    Question,
}

/// One kind of achievement.
pub struct AchievementKind {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub icon: &'static str,
}

/// Every achievement there is, in display order.
pub const ACHIEVEMENTS: &[AchievementKind] = &[
    AchievementKind {
        id: "first-run",
        title: "Hello, world",
        description: "Run a program in the playground.",
        icon: "play",
    },
    AchievementKind {
        id: "first-lesson",
        title: "First lesson",
        description: "Complete a lesson.",
        icon: "book-open",
    },
    AchievementKind {
        id: "first-exercise",
        title: "First exercise passed",
        description: "Pass every test of an exercise.",
        icon: "check-circle",
    },
    AchievementKind {
        id: "exercises-10",
        title: "Ten exercises",
        description: "Pass 10 exercises.",
        icon: "award",
    },
    AchievementKind {
        id: "exercises-50",
        title: "Fifty exercises",
        description: "Pass 50 exercises.",
        icon: "trophy",
    },
    AchievementKind {
        id: "streak-3",
        title: "Three days in a row",
        description: "Learn on 3 days in a row.",
        icon: "flame",
    },
    AchievementKind {
        id: "streak-7",
        title: "A week in a row",
        description: "Learn on 7 days in a row.",
        icon: "flame",
    },
    AchievementKind {
        id: "streak-30",
        title: "A month in a row",
        description: "Learn on 30 days in a row.",
        icon: "flame",
    },
    AchievementKind {
        id: "track-finished",
        title: "Track finished",
        description: "Complete every lesson and exercise of a track.",
        icon: "flag",
    },
    AchievementKind {
        id: "polyglot",
        title: "Polyglot",
        description: "Use Python, JavaScript, Java and C++.",
        icon: "globe",
    },
    AchievementKind {
        id: "first-question",
        title: "Curious mind",
        description: "Ask the tutor a question.",
        icon: "message-circle",
    },
    AchievementKind {
        id: "night-owl",
        title: "Night owl",
        description: "Learn between midnight and 4 a.m. your time.",
        icon: "moon",
    },
];

/// How long a cached dashboard or progress list may live without an invalidation (it
/// bounds staleness if an invalidation is lost, e.g. Redis briefly unreachable).
const USER_CACHE_TTL: Duration = Duration::from_secs(300);

pub fn dashboard_key(user: Uuid) -> String {
    format!("dashboard:{user}")
}

pub fn progress_key(user: Uuid) -> String {
    format!("progress:{user}")
}

pub fn similar_key(user: Uuid) -> String {
    format!("similar:{user}")
}

/// Other learners' completions move the similar-learner picks only slowly; the learner's
/// own completions drop the entry at once.
const SIMILAR_CACHE_TTL: Duration = Duration::from_secs(600);

// ---- response types (serialisable, so cached responses are the responses) ----

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ItemRef {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub track: String,
    pub difficulty: String,
    pub category: String,
    pub estimated_minutes: u32,
}

impl From<&Item> for ItemRef {
    fn from(i: &Item) -> Self {
        Self {
            id: i.id,
            slug: i.slug.clone(),
            title: i.title.clone(),
            kind: i.kind.id().to_owned(),
            track: i.track.clone(),
            difficulty: i.difficulty.id().to_owned(),
            category: i.category.clone(),
            estimated_minutes: i.estimated_minutes,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    #[serde(flatten)]
    pub item: ItemRef,
    /// Why this item, in words for the learner.
    pub reason: String,
    /// `next_in_track`, `similar_learners` or `skill_level`.
    pub source: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Streak {
    /// Consecutive local days with activity, ending today (or yesterday, until today ends).
    pub current: u32,
    pub longest: u32,
    pub active_today: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AchievementDto {
    pub id: String,
    pub title: String,
    pub description: String,
    pub icon: String,
    pub earned_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InProgressDto {
    #[serde(flatten)]
    pub item: ItemRef,
    pub progress_percentage: i32,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivityDto {
    /// `completed`, `submitted` or `ran`.
    pub kind: String,
    pub at: DateTime<Utc>,
    pub item: Option<ItemRef>,
    pub language: Option<String>,
    pub passed: Option<bool>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayActivity {
    /// The learner's local date.
    pub date: NaiveDate,
    pub completions: i64,
    pub submissions: i64,
    pub runs: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayCompletions {
    pub date: NaiveDate,
    pub completed: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub streak: Streak,
    pub completed_count: i64,
    /// Started and not completed, most recently touched first (at most 5).
    pub in_progress: Vec<InProgressDto>,
    /// The top recommendations (at most 3).
    pub recommended: Vec<Recommendation>,
    /// The newest completions, submissions and runs (at most 10).
    pub recent_activity: Vec<ActivityDto>,
    /// Earned achievements, oldest first.
    pub achievements: Vec<AchievementDto>,
    /// The last 7 local days, oldest first, today last.
    pub weekly_activity: Vec<DayActivity>,
    /// Completions per local day over the last 30 days, oldest first.
    pub progress_over_time: Vec<DayCompletions>,
    /// The IANA zone the days are counted in.
    pub timezone: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub completed_count: i64,
    pub started_count: i64,
    /// `{lesson: n, exercise: n}`.
    pub completed_by_type: BTreeMap<String, i64>,
    /// `{track slug: n}`.
    pub completed_by_track: BTreeMap<String, i64>,
    pub time_spent_seconds: i64,
    pub submissions: i64,
    pub passed_submissions: i64,
    /// Passed / all submissions, 0 when there are none.
    pub pass_rate: f64,
    pub runs: i64,
    pub tutor_questions: i64,
    pub languages: Vec<String>,
    pub streak: Streak,
}

/// What is cached for a dashboard: the answer, and what it was computed for (a new day
/// or a new time zone makes it stale even without an invalidation).
#[derive(Serialize, Deserialize)]
struct CachedDashboard {
    date: NaiveDate,
    timezone: String,
    dashboard: Dashboard,
}

// ---- pure parts ----

/// The local dates of activity buckets.
pub fn local_days(buckets: &[i64], tz: Tz) -> BTreeSet<NaiveDate> {
    buckets
        .iter()
        .filter_map(|b| DateTime::from_timestamp(b * BUCKET_SECONDS, 0))
        .map(|t| t.with_timezone(&tz).date_naive())
        .collect()
}

/// Current and longest runs of consecutive days. A streak still counts on a day with no
/// activity yet: it is broken only once a whole day passes without any.
pub fn streaks(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> Streak {
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut prev: Option<NaiveDate> = None;
    for &d in days {
        run = match prev {
            Some(p) if p.succ_opt() == Some(d) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        prev = Some(d);
    }
    let active_today = days.contains(&today);
    let mut current = 0;
    let mut day = if active_today {
        Some(today)
    } else {
        today.pred_opt().filter(|y| days.contains(y))
    };
    while let Some(d) = day.filter(|d| days.contains(d)) {
        current += 1;
        day = d.pred_opt();
    }
    Streak {
        current,
        longest,
        active_today,
    }
}

/// The learner's zone; an unknown name (stored before validation existed) means UTC.
pub fn parse_zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The curriculum as the search index stores it.
pub fn content_records(curriculum: &Curriculum) -> Vec<ContentRecord> {
    curriculum
        .items
        .iter()
        .map(|i| ContentRecord {
            id: i.id,
            slug: i.slug.clone(),
            title: i.title.clone(),
            kind: i.kind.id().to_owned(),
            difficulty: i.difficulty.id().to_owned(),
            category: i.category.clone(),
            track: i.track.clone(),
            tags: i.tags.clone(),
            body: plain_text(&i.body),
        })
        .collect()
}

/// Markdown without its markup characters: what snippets quote.
fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            continue;
        }
        let line = line.trim_start_matches(['#', '>', '-', ' ']);
        for c in line.chars() {
            if !matches!(c, '*' | '`' | '|') {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

/// Brings the search index in line with the served curriculum.
pub async fn sync_content_index(
    store: &Store,
    curriculum: &Curriculum,
    now: DateTime<Utc>,
) -> Result<SyncReport, codestead_store::StoreError> {
    store.sync_content(&content_records(curriculum), now).await
}

pub struct InsightsService {
    curriculum: Arc<Curriculum>,
    store: Store,
    clock: Arc<dyn Clock>,
    cache: Arc<dyn Cache>,
    /// Item index by permanent id, and each track's path as item indexes: the curriculum's
    /// own lookups are linear scans, which made a 10,000-item dashboard quadratic.
    by_id: HashMap<Uuid, usize>,
    paths: Vec<Vec<usize>>,
}

impl InsightsService {
    pub fn new(
        curriculum: Arc<Curriculum>,
        store: Store,
        clock: Arc<dyn Clock>,
        cache: Arc<dyn Cache>,
    ) -> Self {
        let by_id: HashMap<Uuid, usize> = curriculum
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| (i.id, n))
            .collect();
        let by_slug: HashMap<&str, usize> = curriculum
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| (i.slug.as_str(), n))
            .collect();
        let paths = curriculum
            .tracks
            .iter()
            .map(|t| {
                t.modules
                    .iter()
                    .flat_map(|m| &m.items)
                    .filter_map(|slug| by_slug.get(slug.as_str()).copied())
                    .collect()
            })
            .collect();
        Self {
            curriculum,
            store,
            clock,
            cache,
            by_id,
            paths,
        }
    }

    fn item(&self, id: Uuid) -> Option<&Item> {
        self.by_id.get(&id).map(|&n| &self.curriculum.items[n])
    }

    /// A track's items in path order.
    fn path(&self, track: usize) -> impl Iterator<Item = &Item> + '_ {
        self.paths[track].iter().map(|&n| &self.curriculum.items[n])
    }

    pub fn cache(&self) -> &dyn Cache {
        self.cache.as_ref()
    }

    async fn zone(&self, user: Uuid) -> LearningResult<Tz> {
        Ok(self
            .store
            .find_user(user)
            .await?
            .map_or(Tz::UTC, |u| parse_zone(&u.timezone)))
    }

    /// Drops the learner's cached dashboard and progress (after any change to them).
    pub async fn invalidate(&self, user: Uuid) {
        cache::invalidate(self.cache.as_ref(), &dashboard_key(user)).await;
        cache::invalidate(self.cache.as_ref(), &progress_key(user)).await;
    }

    /// Called after every run, submission, progress write and tutor question: drops the
    /// learner's cached views and awards what the event earned. Returns the ids of newly
    /// earned achievements. Never fails the action that caused it (failures are logged).
    pub async fn on_event(&self, user: Uuid, event: Event) -> Vec<String> {
        self.invalidate(user).await;
        if matches!(
            event,
            Event::Submission { passed: true } | Event::Progress { completed: true }
        ) {
            cache::invalidate(self.cache.as_ref(), &similar_key(user)).await;
        }
        match self.award(user, event).await {
            Ok(new) => {
                for kind in &new {
                    metrics::counter!("achievements_awarded_total", "kind" => kind.clone())
                        .increment(1);
                }
                new
            }
            Err(err) => {
                tracing::warn!(?err, ?event, "achievement check failed");
                Vec::new()
            }
        }
    }

    async fn award(&self, user: Uuid, event: Event) -> LearningResult<Vec<String>> {
        let now = self.clock.now();
        let earned: HashSet<String> = self
            .store
            .list_achievements(user)
            .await?
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        if earned.len() == ACHIEVEMENTS.len() {
            return Ok(Vec::new());
        }
        let tz = self.zone(user).await?;
        let totals = self.store.learner_totals(user).await?;
        let streak = self.streak_in(user, tz, now).await?;
        let exercises: i64 = kind_count(&totals, "exercise");
        let lessons: i64 = kind_count(&totals, "lesson");
        let local_hour = now.with_timezone(&tz).hour();
        let track_done = self.curriculum.tracks.iter().enumerate().any(|(n, t)| {
            let size = self.paths[n].len() as i64;
            let done: i64 = totals
                .completed_by
                .iter()
                .filter(|g| g.track == t.slug)
                .map(|g| g.count)
                .sum();
            size > 0 && done >= size
        });
        let all_languages = ["cpp", "java", "javascript", "python"]
            .iter()
            .all(|l| totals.languages.iter().any(|x| x == l));
        let rules: [(&str, bool); 12] = [
            ("first-run", totals.runs >= 1),
            ("first-lesson", lessons >= 1),
            ("first-exercise", exercises >= 1),
            ("exercises-10", exercises >= 10),
            ("exercises-50", exercises >= 50),
            ("streak-3", streak.longest >= 3),
            ("streak-7", streak.longest >= 7),
            ("streak-30", streak.longest >= 30),
            ("track-finished", track_done),
            ("polyglot", all_languages),
            ("first-question", totals.questions >= 1),
            // Only for the event happening now, at night where the learner is.
            ("night-owl", local_hour < 4 && event != Event::Question),
        ];
        let due: Vec<&str> = rules
            .iter()
            .filter(|(kind, ok)| *ok && !earned.contains(*kind))
            .map(|(kind, _)| *kind)
            .collect();
        if due.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.store.award_achievements(user, &due, now).await?)
    }

    async fn streak_in(&self, user: Uuid, tz: Tz, now: DateTime<Utc>) -> LearningResult<Streak> {
        let buckets = self.store.activity_buckets(user).await?;
        Ok(streaks(
            &local_days(&buckets, tz),
            now.with_timezone(&tz).date_naive(),
        ))
    }

    pub async fn streak(&self, user: Uuid) -> LearningResult<Streak> {
        let tz = self.zone(user).await?;
        self.streak_in(user, tz, self.clock.now()).await
    }

    /// Every achievement kind, with when the learner earned it (or null).
    pub async fn achievements(&self, user: Uuid) -> LearningResult<Vec<AchievementDto>> {
        let earned: HashMap<String, DateTime<Utc>> = self
            .store
            .list_achievements(user)
            .await?
            .into_iter()
            .collect();
        Ok(ACHIEVEMENTS
            .iter()
            .map(|k| achievement_dto(k, earned.get(k.id).copied()))
            .collect())
    }

    pub async fn stats(&self, user: Uuid) -> LearningResult<Stats> {
        let totals = self.store.learner_totals(user).await?;
        let streak = self.streak(user).await?;
        let mut by_type = BTreeMap::new();
        let mut by_track = BTreeMap::new();
        for g in &totals.completed_by {
            *by_type.entry(g.kind.clone()).or_insert(0) += g.count;
            *by_track.entry(g.track.clone()).or_insert(0) += g.count;
        }
        Ok(Stats {
            completed_count: totals.completed,
            started_count: totals.started,
            completed_by_type: by_type,
            completed_by_track: by_track,
            time_spent_seconds: totals.time_spent_seconds,
            submissions: totals.submissions,
            passed_submissions: totals.passed_submissions,
            pass_rate: if totals.submissions == 0 {
                0.0
            } else {
                totals.passed_submissions as f64 / totals.submissions as f64
            },
            runs: totals.runs,
            tutor_questions: totals.questions,
            languages: totals.languages,
            streak,
        })
    }

    pub async fn search(&self, query: &SearchQuery<'_>) -> LearningResult<SearchPage> {
        Ok(self.store.search_content(query).await?)
    }

    /// Items to do next, each with a reason: the next unlocked item of every track the
    /// learner has started, then what similar learners completed, then items at the
    /// learner's skill level. Only items whose prerequisites are met and that are not
    /// completed; deterministic order.
    pub async fn recommendations(
        &self,
        user: Uuid,
        limit: usize,
    ) -> LearningResult<Vec<Recommendation>> {
        let progress = self.store.list_progress(user).await?;
        let level = self
            .store
            .find_user(user)
            .await?
            .map_or_else(|| "beginner".to_owned(), |u| u.skill_level);
        let completed_ids: HashSet<Uuid> = progress
            .iter()
            .filter(|p| p.completed_at.is_some())
            .map(|p| p.content_id)
            .collect();
        let started_ids: HashSet<Uuid> = progress.iter().map(|p| p.content_id).collect();
        let completed_slugs: HashSet<&str> = self
            .curriculum
            .items
            .iter()
            .filter(|i| completed_ids.contains(&i.id))
            .map(|i| i.slug.as_str())
            .collect();
        let open = |i: &Item| {
            !completed_ids.contains(&i.id)
                && i.prerequisites
                    .iter()
                    .all(|p| completed_slugs.contains(p.as_str()))
        };
        let mut picked: Vec<Recommendation> = Vec::new();
        let mut seen: HashSet<Uuid> = HashSet::new();
        let mut push =
            |item: &Item, reason: String, source: &str, picked: &mut Vec<Recommendation>| {
                if seen.insert(item.id) {
                    picked.push(Recommendation {
                        item: item.into(),
                        reason,
                        source: source.to_owned(),
                    });
                }
            };
        for (n, track) in self.curriculum.tracks.iter().enumerate() {
            let path: Vec<&Item> = self.path(n).collect();
            if !path.iter().any(|i| started_ids.contains(&i.id)) {
                continue;
            }
            let Some(pos) = path.iter().position(|i| open(i)) else {
                continue;
            };
            let reason = match pos.checked_sub(1).map(|p| path[p]) {
                Some(prev) if completed_ids.contains(&prev.id) => {
                    format!("Next in the {} track, after “{}”.", track.title, prev.title)
                }
                _ => format!("Continue the {} track where you left off.", track.title),
            };
            push(path[pos], reason, "next_in_track", &mut picked);
        }
        let similar = if completed_ids.is_empty() {
            Vec::new()
        } else {
            self.also_completed(user).await?
        };
        for (id, learners) in similar {
            let Some(item) = self.item(id) else {
                continue;
            };
            if !open(item) {
                continue;
            }
            let reason = if learners == 1 {
                "A learner who completed what you recently completed also completed this."
                    .to_owned()
            } else {
                format!(
                    "{learners} learners who completed what you recently completed also completed this."
                )
            };
            push(item, reason, "similar_learners", &mut picked);
        }
        // Interleave the tracks (first open item of each, then the second…), so a new
        // learner sees every language rather than one track's whole path.
        let per_track: Vec<Vec<&Item>> = (0..self.paths.len())
            .map(|n| {
                self.path(n)
                    .filter(|i| open(i) && i.difficulty.id() == level)
                    .collect()
            })
            .collect();
        let longest = per_track.iter().map(Vec::len).max().unwrap_or(0);
        'outer: for n in 0..longest {
            for items in &per_track {
                if picked.len() >= limit {
                    break 'outer;
                }
                if let Some(item) = items.get(n) {
                    push(
                        item,
                        format!("Matches your level ({level}) and its prerequisites are done."),
                        "skill_level",
                        &mut picked,
                    );
                }
            }
        }
        picked.truncate(limit);
        Ok(picked)
    }

    /// What the learners most like this one completed and this one has not, through the
    /// cache (the query reads other learners' progress, so it is the costly part).
    async fn also_completed(&self, user: Uuid) -> LearningResult<Vec<(Uuid, i64)>> {
        let key = similar_key(user);
        if let Some(hit) = cache::get_json(self.cache.as_ref(), &key).await {
            return Ok(hit);
        }
        let picks = self.store.also_completed(user, 50).await?;
        cache::set_json(self.cache.as_ref(), &key, &picks, SIMILAR_CACHE_TTL).await;
        Ok(picks)
    }

    /// The dashboard, from the cache when nothing changed since it was computed.
    pub async fn dashboard(&self, user: Uuid) -> LearningResult<Dashboard> {
        let tz = self.zone(user).await?;
        let now = self.clock.now();
        let today = now.with_timezone(&tz).date_naive();
        let key = dashboard_key(user);
        if let Some(hit) = cache::get_json::<CachedDashboard>(self.cache.as_ref(), &key).await
            && hit.date == today
            && hit.timezone == tz.name()
        {
            return Ok(hit.dashboard);
        }
        let dashboard = self.compute_dashboard(user, tz, now).await?;
        cache::set_json(
            self.cache.as_ref(),
            &key,
            &CachedDashboard {
                date: today,
                timezone: tz.name().to_owned(),
                dashboard: dashboard.clone(),
            },
            USER_CACHE_TTL,
        )
        .await;
        Ok(dashboard)
    }

    async fn compute_dashboard(
        &self,
        user: Uuid,
        tz: Tz,
        now: DateTime<Utc>,
    ) -> LearningResult<Dashboard> {
        let today = now.with_timezone(&tz).date_naive();
        let streak = self.streak_in(user, tz, now).await?;
        let completed_count = self.store.completed_count(user).await?;
        // Locked items (prerequisites not completed) are not in progress even with
        // something done in them: the learner cannot finish them yet. The store's rows are
        // over-fetched so dropping them still leaves five.
        let completed: HashSet<String> = self
            .store
            .list_progress(user)
            .await?
            .iter()
            .filter(|p| p.completed_at.is_some())
            .filter_map(|p| self.item(p.content_id))
            .map(|i| i.slug.clone())
            .collect();
        let in_progress = self
            .store
            .list_in_progress(user, 50)
            .await?
            .into_iter()
            .filter_map(|p| {
                let item = self.item(p.content_id)?;
                if crate::learning::LearningService::is_locked(item, &completed) {
                    return None;
                }
                Some(InProgressDto {
                    item: item.into(),
                    progress_percentage: p.progress_percentage,
                    updated_at: p.updated_at,
                })
            })
            .take(5)
            .collect();
        let recommended = self.recommendations(user, 3).await?;
        let recent_activity = self
            .store
            .recent_activity(user, 10)
            .await?
            .into_iter()
            .map(|e| ActivityDto {
                item: e.content_id.and_then(|id| self.item(id)).map(ItemRef::from),
                kind: e.kind,
                at: e.at,
                language: e.language,
                passed: e.passed,
            })
            .collect();
        let earned = self.store.list_achievements(user).await?;
        let achievements = earned
            .iter()
            .filter_map(|(kind, at)| {
                ACHIEVEMENTS
                    .iter()
                    .find(|k| k.id == kind)
                    .map(|k| achievement_dto(k, Some(*at)))
            })
            .collect();
        // One aggregate query for both charts; a few extra days cover any offset.
        let counts = self
            .store
            .activity_counts_since(user, now - chrono::Duration::days(32))
            .await?;
        let mut per_day: BTreeMap<NaiveDate, DayActivity> = BTreeMap::new();
        for c in counts {
            let Some(at) = DateTime::from_timestamp(c.bucket * BUCKET_SECONDS, 0) else {
                continue;
            };
            let date = at.with_timezone(&tz).date_naive();
            let day = per_day.entry(date).or_insert_with(|| DayActivity {
                date,
                ..DayActivity::default()
            });
            day.completions += c.completions;
            day.submissions += c.submissions;
            day.runs += c.runs;
        }
        let days_back = |n: u64| -> Vec<NaiveDate> {
            (0..n)
                .rev()
                .filter_map(|k| today.checked_sub_days(chrono::Days::new(k)))
                .collect()
        };
        let weekly_activity = days_back(7)
            .into_iter()
            .map(|date| {
                per_day.get(&date).cloned().unwrap_or(DayActivity {
                    date,
                    ..DayActivity::default()
                })
            })
            .collect();
        let progress_over_time = days_back(30)
            .into_iter()
            .map(|date| DayCompletions {
                date,
                completed: per_day.get(&date).map_or(0, |d| d.completions),
            })
            .collect();
        Ok(Dashboard {
            streak,
            completed_count,
            in_progress,
            recommended,
            recent_activity,
            achievements,
            weekly_activity,
            progress_over_time,
            timezone: tz.name().to_owned(),
        })
    }
}

fn kind_count(totals: &LearnerTotals, kind: &str) -> i64 {
    totals
        .completed_by
        .iter()
        .filter(|g| g.kind == kind)
        .map(|g| g.count)
        .sum()
}

fn achievement_dto(k: &AchievementKind, earned_at: Option<DateTime<Utc>>) -> AchievementDto {
    AchievementDto {
        id: k.id.to_owned(),
        title: k.title.to_owned(),
        description: k.description.to_owned(),
        icon: k.icon.to_owned(),
        earned_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_streak_survives_until_a_whole_day_is_missed() {
        let days: BTreeSet<NaiveDate> = [
            "2026-03-01",
            "2026-03-02",
            "2026-03-03",
            "2026-03-05",
            "2026-03-06",
        ]
        .into_iter()
        .map(d)
        .collect();
        assert_eq!(streaks(&days, d("2026-03-06")).current, 2);
        assert_eq!(
            streaks(&days, d("2026-03-07")).current,
            2,
            "today not over yet"
        );
        assert_eq!(streaks(&days, d("2026-03-08")).current, 0);
        assert_eq!(streaks(&days, d("2026-03-08")).longest, 3);
        assert_eq!(
            streaks(&BTreeSet::new(), d("2026-03-08")),
            Streak::default()
        );
    }

    #[test]
    fn buckets_fall_on_the_local_day() {
        // 23:30 and 00:30 in Berlin (UTC+1 in winter) are 22:30 and 23:30 UTC: one UTC
        // day, two local days.
        let a = DateTime::parse_from_rfc3339("2026-01-10T22:30:00Z")
            .unwrap()
            .timestamp()
            / 900;
        let b = DateTime::parse_from_rfc3339("2026-01-10T23:30:00Z")
            .unwrap()
            .timestamp()
            / 900;
        let berlin = local_days(&[a, b], "Europe/Berlin".parse().unwrap());
        assert_eq!(berlin.len(), 2);
        assert_eq!(local_days(&[a, b], Tz::UTC).len(), 1);
    }

    #[test]
    fn markdown_markup_is_not_quoted() {
        assert_eq!(
            plain_text("# Loops\n```python\nfor x in y:\n```\n**bold** `code`"),
            "Loops\nfor x in y:\nbold code\n"
        );
    }
}
