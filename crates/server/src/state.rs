//! `AppState`: everything a request may need, built once at start-up from the config.
//! No globals; tests build their own with [`AppState::build`] and [`Overrides`].

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use secrecy::ExposeSecret;

use codestead_sandbox::{Sandbox, SandboxConfig};
use codestead_store::Store;

use crate::auth::password::PasswordHasher;
use crate::auth::service::{AccountService, AccountSettings};
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::config::ExecMode;
use crate::exec::ExecutionService;
use crate::exec::queue::{InProcessQueue, JobQueue};
use crate::exec::redis_queue::RedisStreamQueue;
use crate::learning::LearningService;
use crate::learning::insights::{InsightsService, sync_content_index};
use crate::platform::blobs::BlobStore;
use crate::platform::cache::{Cache, MokaCache, RedisCache};
use crate::platform::clock::{Clock, SystemClock};
use crate::platform::mail::{Mailer, OutboxMailer, SmtpMailer};
use crate::platform::ratelimit::{Bucket, InProcessRateLimiter, RateLimiter, RedisRateLimiter};
use crate::platform::redis_link::RedisLink;
use crate::platform::session_cache::{
    InProcessSessionCache, SeenEpoch, SessionCache, SharedSessionCache,
};
use crate::portfolio::PortfolioService;
use crate::projects::ProjectService;
use crate::tutor::lessons::CurriculumSearch;
use crate::tutor::{TokenPrices, TutorService};

/// Everything a request handler needs. Axum clones the state for every extractor and
/// middleware layer, so it is one `Arc`: a clone is one atomic increment, not one per
/// service (which showed up as a tenth of `/me`'s CPU time).
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

pub struct Services {
    pub config: Arc<Config>,
    pub store: Store,
    pub accounts: Arc<AccountService>,
    pub limiter: Arc<dyn RateLimiter>,
    pub clock: Arc<dyn Clock>,
    pub metrics: PrometheusHandle,
    pub executions: Arc<ExecutionService>,
    pub learning: Arc<LearningService>,
    pub tutor: Arc<TutorService>,
    pub portfolio: Arc<PortfolioService>,
    /// Large files, avatars, exports: local directory or S3 (see `platform::blobs`).
    pub blobs: BlobStore,
    pub insights: Arc<InsightsService>,
    /// Moka in-process, or Redis when `CODESTEAD_REDIS_URL` is set.
    pub cache: Arc<dyn Cache>,
    pub projects: Arc<ProjectService>,
    /// Collaborators and live documents (see `collab`).
    pub collab: Arc<crate::collab::CollabService>,
    pub classrooms: Arc<crate::classrooms::ClassroomService>,
    /// Which peers may name the client in `X-Forwarded-For` (`--trusted-proxies`).
    pub proxies: crate::client_ip::TrustedProxies,
    /// `/readyz`'s view of the dependencies, refreshed at most once a second.
    pub readiness: crate::platform::readiness::Readiness,
    /// LTI 1.3: platforms, launches, deep linking, grade passback (see `lti`).
    pub lti: Arc<crate::lti::LtiService>,
    /// The sessions epoch this server has acted on (see `platform::session_cache::watch_epoch`).
    pub sessions_epoch: crate::platform::session_cache::SeenEpoch,
    /// The session cache the accounts service uses; `spawn_tasks` watches the epoch for it.
    pub(crate) session_cache: Arc<dyn SessionCache>,
    /// The curriculum this server serves (the content index is synced from it).
    pub curriculum: Arc<codestead_curriculum::Curriculum>,
}

/// Replacements for tests (a manual clock, say).
#[derive(Default)]
pub struct Overrides {
    pub clock: Option<Arc<dyn Clock>>,
    /// A sandbox shared by many test apps (one per process keeps cgroup slots simple).
    pub sandbox: Option<Option<Sandbox>>,
}

/// The Prometheus recorder is process-wide by the `metrics` crate's design; every
/// `AppState` in the process (tests start many) shares the one handle.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                    10.0,
                ])
                .expect("static buckets")
                .build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (embedding); then ours only renders.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// The access-token secret: configured, or generated once and kept in the data dir.
fn jwt_secret(config: &Config) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &config.jwt_secret {
        let bytes = secret.expose_secret().as_bytes().to_vec();
        anyhow::ensure!(
            bytes.len() >= 32,
            "CODESTEAD_JWT_SECRET must be at least 32 bytes"
        );
        return Ok(bytes);
    }
    let path = config.data_dir.join("jwt.secret");
    if let Ok(existing) = std::fs::read(&path) {
        anyhow::ensure!(existing.len() >= 32, "{} is too short", path.display());
        return Ok(existing);
    }
    let secret: [u8; 32] = rand::random();
    let encoded = crate::auth::tokens::encode_secret(&secret);
    write_private(&path, encoded.as_bytes())?;
    Ok(encoded.into_bytes())
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

/// The file behind a `sqlite://PATH?…` URL (None for PostgreSQL and in-memory databases).
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://")?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && !path.contains(":memory:")).then(|| path.into())
}

/// The sandbox, or none (code execution then answers 503) when this machine cannot
/// isolate programs; the server still serves everything else.
pub fn start_sandbox(config: &Config) -> Option<Sandbox> {
    let sandbox_config = SandboxConfig {
        max_concurrent: config.exec_workers.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        }),
        insecure: config.sandbox_insecure,
        ..SandboxConfig::default()
    };
    if config.sandbox_insecure {
        tracing::warn!(
            "--sandbox-insecure: learner code may run without memory/PID limits or as the \
             server's own user; never use this on a shared or public server"
        );
    }
    match Sandbox::new(sandbox_config) {
        Ok(sandbox) => {
            let isolation = sandbox.isolation();
            tracing::info!(
                isolation = isolation.mode.id(),
                uids = isolation.uids.id(),
                cgroup = ?isolation.cgroup,
                cpu_quota = isolation.cpu_quota,
                workers = isolation.max_concurrent,
                "sandbox"
            );
            for l in sandbox.languages() {
                tracing::info!(language = l.id.id(), version = %l.version, available = l.available, "toolchain");
            }
            Some(sandbox)
        }
        Err(err) => {
            tracing::error!(
                %err,
                "code execution disabled: the sandbox could not start. Fix: run the server as \
                 root on a machine prepared by `sudo scripts/sandbox-setup.sh`, or pass \
                 --sandbox-insecure (CODESTEAD_SANDBOX_INSECURE=true) on a developer machine"
            );
            None
        }
    }
}

/// The configured tutor; a provider that cannot be built falls back to the offline
/// tutor (logged), so the tutor always answers.
fn start_tutor(
    config: &Config,
    curriculum: Arc<codestead_curriculum::Curriculum>,
) -> codestead_tutor::Tutor {
    let lookup = |key: &str| -> Option<String> {
        match key {
            "CODESTEAD_LLM_PROVIDER" => config.llm_provider.clone(),
            "CODESTEAD_LLM_BASE_URL" => config.llm_base_url.clone(),
            "CODESTEAD_LLM_API_KEY" => config
                .llm_api_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned()),
            "CODESTEAD_LLM_MODEL" => config.llm_model.clone(),
            "CODESTEAD_LLM_MAX_TOKENS" => config.llm_max_tokens.map(|n| n.to_string()),
            "CODESTEAD_LLM_TEMPERATURE" => config.llm_temperature.map(|t| t.to_string()),
            other => std::env::var(other).ok(),
        }
    };
    let tutor_config = codestead_tutor::TutorConfig::from_lookup(lookup).unwrap_or_else(|err| {
        tracing::error!(%err, "tutor configuration invalid; using the offline tutor");
        codestead_tutor::TutorConfig::default()
    });
    let (tutor, problem) = codestead_tutor::Tutor::new_or_offline(
        tutor_config,
        Arc::new(CurriculumSearch(curriculum)),
    );
    if let Some(err) = problem {
        tracing::error!(%err, "tutor provider unavailable; using the offline tutor");
    }
    tracing::info!(provider = tutor.provider_name(), "tutor ready");
    tutor
}

/// The built-in curriculum, or a school's own from `--content-dir`. Problems are logged;
/// `codestead content check` is the place to see them all.
fn load_curriculum(config: &Config) -> anyhow::Result<codestead_curriculum::Curriculum> {
    let curriculum = match &config.content_dir {
        Some(dir) => codestead_curriculum::Curriculum::load_dir(dir)
            .with_context(|| format!("loading curriculum from {}", dir.display()))?,
        None => codestead_curriculum::Curriculum::load_embedded(),
    };
    let problems = curriculum.validate();
    for problem in problems.iter().take(20) {
        tracing::warn!(%problem, "curriculum problem");
    }
    tracing::info!(
        tracks = curriculum.tracks.len(),
        items = curriculum.items.len(),
        problems = problems.len(),
        "curriculum loaded"
    );
    Ok(curriculum)
}

/// Purges accounts deleted more than 30 days ago, hourly, for as long as the service
/// lives. Several servers may run it at once: purging is idempotent.
fn spawn_purge(portfolio: &Arc<PortfolioService>) {
    let service = Arc::downgrade(portfolio);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(service) = service.upgrade() else {
                break;
            };
            let now = service.now();
            if let Err(err) = service.purge_deleted_accounts(now).await {
                tracing::error!(?err, "purging deleted accounts failed");
            }
        }
    });
}

/// Opens the data dir (kept private) and the database: where every build starts.
async fn open_store(config: &Config) -> anyhow::Result<Store> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data dir {}", config.data_dir.display()))?;
    // The data dir holds the database, the signing key, the outbox and blobs.
    crate::platform::private::restrict_dir(&config.data_dir)?;
    if let Some(file) = sqlite_file(&config.database_url()) {
        // Created 0600 before SQLite opens it; SQLite copies the mode to -wal/-shm.
        crate::platform::private::ensure_private_file(&file)?;
    }
    Store::connect(&config.database_url())
        .await
        .context("connecting to the database")
}

fn mailer(config: &Config) -> anyhow::Result<Arc<dyn Mailer>> {
    Ok(match &config.smtp_url {
        Some(url) => Arc::new(SmtpMailer::new(url.expose_secret(), &config.mail_from)?),
        None => Arc::new(OutboxMailer::new(
            config.data_dir.join("outbox"),
            &config.mail_from,
        )?),
    })
}

fn quotas(config: &Config) -> [(Bucket, u32); 5] {
    [
        (Bucket::Auth, config.auth_rate_per_address()),
        (Bucket::AuthAccount, config.auth_rate_per_account_per_min),
        (Bucket::ApiIp, config.api_rate_per_min),
        (Bucket::ApiUser, config.api_rate_per_min),
        (Bucket::Exec, config.exec_rate_per_min),
    ]
}

fn account_service(
    config: &Config,
    store: Store,
    clock: Arc<dyn Clock>,
    sessions: Arc<dyn SessionCache>,
    limiter: Arc<dyn RateLimiter>,
) -> anyhow::Result<AccountService> {
    Ok(AccountService::new(
        store,
        PasswordHasher::new(config.password_hashing),
        TokenKeys::new(&jwt_secret(config)?),
        clock,
        mailer(config)?,
        sessions,
        limiter,
        AccountSettings {
            public_url: config.public_url.clone(),
            hash_concurrency: match config.hash_concurrency {
                0 => std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(2),
                n => n,
            },
            hash_queue_wait: Duration::from_millis(config.hash_queue_wait_ms),
            access_ttl: Duration::from_secs(config.access_token_ttl_secs),
            refresh_ttl: Duration::from_secs(config.refresh_token_ttl_secs),
        },
    ))
}

/// Which session cache an accounts-only build needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sessions {
    /// The command ends no session (creating a user): an in-process cache, no Redis.
    Untouched,
    /// The command ends sessions (a role change): the servers' shared cache when Redis
    /// is configured, so every server forgets them at once.
    Shared,
}

/// Only what account administration needs (`codestead admin create-user`/`set-role`):
/// the database and the accounts service. No curriculum, no content-index sync, no
/// sandbox, no background loops, and Redis only for [`Sessions::Shared`].
pub async fn build_accounts(config: &Config, sessions: Sessions) -> anyhow::Result<AccountService> {
    let store = open_store(config).await?;
    let session_cache: Arc<dyn SessionCache> = match (&config.redis_url, sessions) {
        (Some(url), Sessions::Shared) => {
            let link = RedisLink::connect(url.expose_secret()).await?;
            Arc::new(SharedSessionCache::new(
                Arc::new(RedisCache::new(link, config.redis_prefix.clone())),
                store.clone(),
                SeenEpoch::unknown(),
            ))
        }
        _ => Arc::new(InProcessSessionCache::new()),
    };
    // A one-shot command has no request budget to sweep.
    let limiter = Arc::new(InProcessRateLimiter::new(&quotas(config)));
    account_service(config, store, Arc::new(SystemClock), session_cache, limiter)
}

impl AppState {
    /// [`build_state`](Self::build_state) then [`spawn_tasks`](Self::spawn_tasks): what
    /// `serve` and the API tests run.
    pub async fn build(config: Config, overrides: Overrides) -> anyhow::Result<Self> {
        let state = Self::build_state(config, overrides).await?;
        state.spawn_tasks().await;
        Ok(state)
    }

    /// Starts the background work of a serving process: the content-index sync (awaited,
    /// so search answers from the served curriculum), the sessions-epoch watch, the hourly
    /// account and trash purges, and the LTI score outbox. Call once per state.
    pub async fn spawn_tasks(&self) {
        // The search index follows the curriculum this server serves. A failure (say two
        // servers syncing at once) is logged; the next start retries.
        match sync_content_index(&self.store, &self.curriculum, self.clock.now()).await {
            Ok(r) => tracing::info!(
                added = r.added,
                updated = r.updated,
                removed = r.removed,
                unchanged = r.unchanged,
                "content index synced"
            ),
            Err(err) => tracing::error!(%err, "content index sync failed; search may be stale"),
        }
        crate::platform::session_cache::watch_epoch(
            self.store.clone(),
            &self.session_cache,
            &self.sessions_epoch,
        );
        self.lti.spawn_outbox();
        spawn_purge(&self.portfolio);
        self.projects.spawn_purge_task();
    }

    /// Every service, connected to its backends, with no background work started (see
    /// [`spawn_tasks`](Self::spawn_tasks)).
    pub async fn build_state(config: Config, overrides: Overrides) -> anyhow::Result<Self> {
        let store = open_store(&config).await?;
        let blobs = BlobStore::from_config(&config)?;
        let clock: Arc<dyn Clock> = overrides.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let quotas = quotas(&config);
        // With Redis every server shares the cache, sessions (a logout ends the session
        // everywhere at once) and rate-limit budgets, over one connection; without it all
        // three stay in this process.
        let mut redis_link = None;
        let sessions_epoch = SeenEpoch::unknown();
        let (cache, sessions, limiter): (
            Arc<dyn Cache>,
            Arc<dyn SessionCache>,
            Arc<dyn RateLimiter>,
        ) = match &config.redis_url {
            Some(url) => {
                let link = RedisLink::connect_with_deadline(
                    url.expose_secret(),
                    Duration::from_millis(config.redis_deadline_ms.max(1)),
                )
                .await?;
                let cache: Arc<dyn Cache> =
                    Arc::new(RedisCache::new(link.clone(), config.redis_prefix.clone()));
                redis_link = Some(link.clone());
                (
                    cache.clone(),
                    Arc::new(SharedSessionCache::new(
                        cache,
                        store.clone(),
                        sessions_epoch.clone(),
                    )),
                    Arc::new(RedisRateLimiter::new(
                        link,
                        config.redis_prefix.clone(),
                        &quotas,
                    )),
                )
            }
            None => (
                Arc::new(MokaCache::default()),
                Arc::new(InProcessSessionCache::new()),
                InProcessRateLimiter::with_sweeper(&quotas),
            ),
        };
        tracing::info!(cache = cache.name(), "cache ready");
        let accounts = Arc::new(account_service(
            &config,
            store.clone(),
            clock.clone(),
            sessions.clone(),
            limiter.clone(),
        )?);
        let sandbox = match overrides.sandbox {
            Some(sandbox) => sandbox,
            None => start_sandbox(&config),
        };
        let workers = config.exec_workers.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        });
        let max_wait = Duration::from_millis(config.exec_max_wait_ms);
        let queue: Arc<dyn JobQueue> = match config.exec_mode {
            ExecMode::Local => {
                let runner = sandbox
                    .clone()
                    .map(|s| Arc::new(s) as Arc<dyn crate::exec::queue::Runner>);
                Arc::new(InProcessQueue::with_max_wait(
                    runner,
                    workers,
                    config.exec_queue_capacity,
                    max_wait,
                ))
            }
            ExecMode::Redis => {
                let (Some(url), Some(link)) = (&config.redis_url, &redis_link) else {
                    anyhow::bail!("--exec-mode redis needs --redis-url (CODESTEAD_REDIS_URL)");
                };
                let queue = RedisStreamQueue::start(
                    url.expose_secret(),
                    link.clone(),
                    &config.redis_prefix,
                    config.exec_queue_capacity,
                    max_wait,
                )
                .await?;
                tracing::info!(
                    workers = queue.fleet().map_or(0, |f| f.workers),
                    "code execution on the worker fleet (Redis Streams)"
                );
                Arc::new(queue)
            }
        };
        let curriculum = Arc::new(load_curriculum(&config)?);
        let insights = Arc::new(InsightsService::new(
            curriculum.clone(),
            store.clone(),
            clock.clone(),
            cache.clone(),
        ));
        let lti_key_file = config
            .lti_key_file
            .clone()
            .unwrap_or_else(|| config.data_dir.join("lti-key.pem"));
        let lti = Arc::new(crate::lti::LtiService::new(
            store.clone(),
            clock.clone(),
            crate::lti::keys::ToolKeys::load_or_generate(&lti_key_file)?,
            curriculum.clone(),
            accounts.clone(),
            &config.public_url,
        )?);
        let learning = Arc::new(
            LearningService::new(
                curriculum.clone(),
                store.clone(),
                queue.clone(),
                limiter.clone(),
                clock.clone(),
                insights.clone(),
            )
            .with_listener(lti.clone()),
        );
        let classrooms = Arc::new(
            crate::classrooms::ClassroomService::new(
                store.clone(),
                curriculum.clone(),
                clock.clone(),
                config.teacher_self_service,
            )
            .with_queue(queue.clone()),
        );
        let portfolio = Arc::new(PortfolioService::new(
            store.clone(),
            curriculum.clone(),
            clock.clone(),
            blobs.clone(),
            crate::portfolio::DecodeLimits {
                slots: config.avatar_decode_slots,
                wait: Duration::from_millis(config.avatar_decode_wait_ms),
            },
        ));
        let tutor = Arc::new(TutorService::new(
            start_tutor(&config, curriculum.clone()),
            store.clone(),
            learning.clone(),
            clock.clone(),
            config.tutor_daily_quota,
            TokenPrices {
                input_per_mtok: config.llm_price_input_per_mtok,
                output_per_mtok: config.llm_price_output_per_mtok,
            },
            crate::tutor::facts::FactFinder::new(sandbox.clone()),
        ));
        let queue_for_readiness = queue.clone();
        let mut executions = ExecutionService::new(
            sandbox,
            queue.clone(),
            store.clone(),
            limiter.clone(),
            clock.clone(),
            Duration::from_secs(config.exec_cache_ttl_secs),
            insights.clone(),
        );
        // In redis mode interactive runs go to a worker too, relayed over Redis.
        if let (ExecMode::Redis, Some(url), Some(link)) =
            (&config.exec_mode, &config.redis_url, &redis_link)
        {
            let relay = crate::exec::relay::RedisRelay::new(
                queue.clone(),
                link.clone(),
                url.expose_secret(),
                &config.redis_prefix,
            )?;
            executions = executions.with_interactive_runner(Arc::new(relay));
        }
        let executions = Arc::new(executions);
        let projects = Arc::new(
            ProjectService::new(
                store.clone(),
                blobs.clone(),
                clock.clone(),
                executions.clone(),
                config.project_versions_kept,
            )
            .with_user_storage_quota(config.user_storage_quota_bytes),
        );
        let collab = Arc::new(crate::collab::CollabService::new(
            store.clone(),
            clock.clone(),
            crate::projects::FILE_MAX_BYTES,
        ));
        Ok(Self(Arc::new(Services {
            proxies: config.proxies(),
            sessions_epoch,
            session_cache: sessions,
            readiness: crate::platform::readiness::Readiness::new(
                store.clone(),
                redis_link,
                queue_for_readiness,
            ),
            blobs,
            projects,
            collab,
            classrooms,
            executions,
            learning,
            tutor,
            portfolio,
            insights,
            cache,
            config: Arc::new(config),
            store,
            accounts,
            limiter,
            clock,
            metrics: metrics_handle(),
            lti,
            curriculum,
        })))
    }
}
