//! Typed configuration: one clap struct, every option also a `CODESTEAD_…` env var,
//! defaults that run with zero set-up. Secrets are wrapped so `Debug` never prints them.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use secrecy::SecretString;

/// Authentication requests per minute from one client address unless configured: a class
/// of 30 signing in at once uses a tenth of it.
pub const DEFAULT_AUTH_RATE_PER_ADDRESS_PER_MIN: u32 = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Where programs run: `local` (this server's sandbox, through the in-process queue) or
/// `redis` (Redis Streams, run by `codestead worker` processes; needs `--redis-url`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExecMode {
    Local,
    Redis,
}

#[derive(Clone, Debug, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_ADDR",
        default_value = "127.0.0.1:8080"
    )]
    pub addr: SocketAddr,

    /// Directory for the SQLite database, the outbox, secrets and local files.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_DATA_DIR",
        default_value = "./data"
    )]
    pub data_dir: PathBuf,

    /// Database URL; default: SQLite file `codestead.db` in the data dir.
    /// PostgreSQL: `postgres://user:pass@host/db`.
    #[arg(long, global = true, env = "CODESTEAD_DATABASE_URL")]
    pub database_url: Option<String>,

    /// Public URL of the site, used in e-mail links and to decide on `Secure` cookies.
    /// Default: `http://` + `--addr` (with `localhost` for an unspecified address).
    #[arg(long, global = true, env = "CODESTEAD_PUBLIC_URL", default_value = "")]
    pub public_url: String,

    #[arg(
        long,
        global = true,
        env = "CODESTEAD_LOG_FORMAT",
        value_enum,
        default_value = "pretty"
    )]
    pub log_format: LogFormat,

    /// HMAC secret for access tokens. Default: generated once and kept in
    /// `<data-dir>/jwt.secret`. Every server of a scale-out deployment must share it.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_JWT_SECRET",
        hide_env_values = true
    )]
    pub jwt_secret: Option<SecretString>,

    /// Access-token lifetime in seconds (see README for why this is short).
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_ACCESS_TOKEN_TTL_SECS",
        default_value_t = 900
    )]
    pub access_token_ttl_secs: u64,

    /// Refresh-token (and session) lifetime in seconds.
    #[arg(long, global = true, env = "CODESTEAD_REFRESH_TOKEN_TTL_SECS", default_value_t = 7 * 24 * 3600)]
    pub refresh_token_ttl_secs: u64,

    /// SMTP URL (`smtps://user:pass@host:465` or `smtp://host:25?tls=required`).
    /// Unset: mails are written as .eml files to `<data-dir>/outbox/`.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_SMTP_URL",
        hide_env_values = true
    )]
    pub smtp_url: Option<SecretString>,

    /// Sender address for outgoing mail.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_MAIL_FROM",
        default_value = "Codestead <no-reply@codestead.local>"
    )]
    pub mail_from: String,

    /// Requests per minute from one client address (an IPv6 address by its /64) on the
    /// authentication endpoints (sign-in, registration, password reset, refresh)
    /// [default: 300]. Sized for a class of 30 behind one school NAT signing in at once
    /// (with room for typos, refreshes and a second try), yet a bound on one address
    /// spraying thousands of accounts.
    #[arg(long, global = true, env = "CODESTEAD_AUTH_RATE_PER_ADDRESS_PER_MIN")]
    pub auth_rate_per_address_per_min: Option<u32>,

    /// The older name of `--auth-rate-per-address-per-min`, still honoured when the new
    /// one is not set.
    #[arg(long, global = true, env = "CODESTEAD_AUTH_RATE_PER_MIN", hide = true)]
    pub auth_rate_per_min: Option<u32>,

    /// Sign-in, registration and password-reset requests per minute for one account
    /// (e-mail address), from any number of client addresses.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_AUTH_RATE_PER_ACCOUNT_PER_MIN",
        default_value_t = 10
    )]
    pub auth_rate_per_account_per_min: u32,

    /// Requests per minute per client IP, and separately per user, on every other endpoint.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_API_RATE_PER_MIN",
        default_value_t = 1200
    )]
    pub api_rate_per_min: u32,

    /// Code executions per minute per user.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_EXEC_RATE_PER_MIN",
        default_value_t = 10
    )]
    pub exec_rate_per_min: u32,

    /// Programs running at once in the sandbox (default: number of cores).
    #[arg(long, global = true, env = "CODESTEAD_EXEC_WORKERS")]
    pub exec_workers: Option<usize>,

    /// Where programs run: `local` (default: this server's sandbox) or `redis` (queued on
    /// Redis Streams for `codestead worker` processes; needs `--redis-url`).
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_EXEC_MODE",
        value_enum,
        default_value_t = ExecMode::Local
    )]
    pub exec_mode: ExecMode,

    /// Longest a program may wait for a free runner; a job not started by then is dropped
    /// unrun and answered 503 `queue_timeout`.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_EXEC_MAX_WAIT_MS",
        default_value_t = 20_000
    )]
    pub exec_max_wait_ms: u64,

    /// Run learner code even where the sandbox cannot isolate it properly (no working cgroup
    /// memory and PID limits, or the server is not root so programs share its uid). For a
    /// developer's machine only: logged loudly at start-up and reported as
    /// `"isolation": "insecure"` by `/readyz` and `/api/v1/languages`.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_SANDBOX_INSECURE",
        default_value_t = false
    )]
    pub sandbox_insecure: bool,

    /// Programs that may wait for a worker before new ones get 503 (in redis mode: jobs each
    /// priority lane may hold across the fleet, waiting or running).
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_EXEC_QUEUE_CAPACITY",
        default_value_t = 64
    )]
    pub exec_queue_capacity: usize,

    /// How long an identical run (language, files, stdin) is answered from the cache.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_EXEC_CACHE_TTL_SECS",
        default_value_t = 600
    )]
    pub exec_cache_ttl_secs: u64,

    /// Serve this curriculum directory instead of the built-in one (see docs/authoring.md).
    #[arg(long, global = true, env = "CODESTEAD_CONTENT_DIR")]
    pub content_dir: Option<PathBuf>,

    /// PEM file (PKCS#8) with Codestead's RSA key for LTI 1.3: it signs deep-linking
    /// responses and AGS client assertions; its public half is served at `/lti/jwks`.
    /// Default: `<data-dir>/lti-key.pem`, generated on first start. Every server of a
    /// scale-out deployment must read the same key. See docs/lti.md for rotation.
    #[arg(long, global = true, env = "CODESTEAD_LTI_KEY_FILE")]
    pub lti_key_file: Option<PathBuf>,

    /// Redis for the shared cache of a scale-out deployment (`redis://host:6379/0`);
    /// without it each server caches in its own memory.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_REDIS_URL",
        hide_env_values = true
    )]
    pub redis_url: Option<SecretString>,

    /// Prefix of every Redis key this installation writes.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_REDIS_PREFIX",
        default_value = "codestead:"
    )]
    pub redis_prefix: String,

    /// How long one Redis command may take before Redis is treated as unreachable for the
    /// rest of the request (and, when a PING beside it goes unanswered too, for every
    /// request until it answers again).
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_REDIS_DEADLINE_MS",
        default_value_t = 150
    )]
    pub redis_deadline_ms: u64,

    /// Tutor provider: `offline` (default, no network), `openai` (any OpenAI-compatible
    /// endpoint: OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or `anthropic`.
    #[arg(long, global = true, env = "CODESTEAD_LLM_PROVIDER")]
    pub llm_provider: Option<String>,

    /// Base URL of the provider's API (e.g. `http://127.0.0.1:11434/v1` for Ollama).
    #[arg(long, global = true, env = "CODESTEAD_LLM_BASE_URL")]
    pub llm_base_url: Option<String>,

    #[arg(
        long,
        global = true,
        env = "CODESTEAD_LLM_API_KEY",
        hide_env_values = true
    )]
    pub llm_api_key: Option<SecretString>,

    #[arg(long, global = true, env = "CODESTEAD_LLM_MODEL")]
    pub llm_model: Option<String>,

    /// Longest answer asked of the provider, in tokens (default 700).
    #[arg(long, global = true, env = "CODESTEAD_LLM_MAX_TOKENS")]
    pub llm_max_tokens: Option<u32>,

    /// Sampling temperature sent to the provider, 0 to 2 (default 0.3). 0 is greedy: a local
    /// model then gives the same answer to the same question.
    #[arg(long, global = true, env = "CODESTEAD_LLM_TEMPERATURE")]
    pub llm_temperature: Option<f32>,

    /// Provider price in US dollars per million input (prompt) tokens, for the
    /// `tutor_cost_microusd_total` metric. 0 (the default) for local models.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_LLM_PRICE_INPUT_PER_MTOK",
        default_value_t = 0.0
    )]
    pub llm_price_input_per_mtok: f64,

    /// Provider price in US dollars per million output (completion) tokens.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_LLM_PRICE_OUTPUT_PER_MTOK",
        default_value_t = 0.0
    )]
    pub llm_price_output_per_mtok: f64,

    /// Tutor messages per day for free accounts.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_TUTOR_DAILY_QUOTA",
        default_value_t = 50
    )]
    pub tutor_daily_quota: u32,

    /// Largest accepted request body, in bytes.
    #[arg(long, global = true, env = "CODESTEAD_MAX_BODY_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Per-request time limit in seconds.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_REQUEST_TIMEOUT_SECS",
        default_value_t = 30
    )]
    pub request_timeout_secs: u64,

    /// Deprecated: use `--trusted-proxies`. Trusts whatever peer connects as one proxy
    /// hop and takes the client from the rightmost `X-Forwarded-For` entry.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_TRUST_PROXY",
        default_value_t = false
    )]
    pub trust_proxy: bool,

    /// Address ranges of this deployment's reverse proxies (`10.0.0.0/8,fd00::/8`). The
    /// client is the rightmost `X-Forwarded-For` address that is not one of them; a peer
    /// outside them is the client whatever it sends. Empty: `X-Forwarded-For` is ignored.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<crate::client_ip::Cidr>,

    /// Serve `/metrics` on this separate address (keep it off the public network) instead
    /// of the main one.
    #[arg(long, global = true, env = "CODESTEAD_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// Bearer token that unlocks `/metrics` on the main address. Without it (and without
    /// `--metrics-addr`) the main address does not serve metrics.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_METRICS_TOKEN",
        hide_env_values = true
    )]
    pub metrics_token: Option<SecretString>,

    /// argon2id cost: `owasp` (19 MiB, 2 passes) or `test` (cheap; for test suites only).
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_PASSWORD_HASHING",
        default_value = "owasp"
    )]
    pub password_hashing: PasswordHashing,

    /// Password hashes that may run at once (each argon2id hash takes 19 MiB and a core);
    /// 0 means one per core.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_HASH_CONCURRENCY",
        default_value_t = 0
    )]
    pub hash_concurrency: usize,

    /// How long a sign-in waits for a hashing slot before it answers 503 `busy`.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_HASH_QUEUE_WAIT_MS",
        default_value_t = 5000
    )]
    pub hash_queue_wait_ms: u64,

    /// Avatar decodes that may run at once (each may hold up to 80 MiB while it runs).
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_AVATAR_DECODE_SLOTS",
        default_value_t = crate::portfolio::avatar::DECODE_SLOTS
    )]
    pub avatar_decode_slots: usize,

    /// How long an avatar upload waits for a decode slot before it answers 503 `busy`.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_AVATAR_DECODE_WAIT_MS",
        default_value_t = 5000
    )]
    pub avatar_decode_wait_ms: u64,

    /// S3 bucket for blobs (large project files, avatars, exports). Unset: blobs are
    /// files under `<data-dir>/blobs`.
    #[arg(long, global = true, env = "CODESTEAD_S3_BUCKET")]
    pub s3_bucket: Option<String>,

    /// S3 endpoint for S3-compatible services (MinIO, Garage); unset: AWS.
    #[arg(long, global = true, env = "CODESTEAD_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,

    /// S3 region (default `us-east-1`).
    #[arg(long, global = true, env = "CODESTEAD_S3_REGION")]
    pub s3_region: Option<String>,

    #[arg(long, global = true, env = "CODESTEAD_S3_ACCESS_KEY_ID")]
    pub s3_access_key_id: Option<String>,

    #[arg(
        long,
        global = true,
        env = "CODESTEAD_S3_SECRET_ACCESS_KEY",
        hide_env_values = true
    )]
    pub s3_secret_access_key: Option<SecretString>,

    /// Bytes one learner may store across all projects, trash included (default 200 MiB).
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_USER_STORAGE_QUOTA_BYTES",
        default_value_t = 200 * 1024 * 1024
    )]
    pub user_storage_quota_bytes: u64,

    /// Saved versions kept per project file; older ones are deleted on save.
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_PROJECT_VERSIONS_KEPT",
        default_value_t = 10
    )]
    pub project_versions_kept: u32,

    /// Let any signed-in user make themself a teacher (`POST /api/v1/me/teacher`), for a
    /// server where everyone is trusted to run a class. Off: an administrator grants the
    /// role (`codestead admin set-role`, `PUT /api/v1/admin/users/{id}/role`).
    #[arg(
        long,
        global = true,
        env = "CODESTEAD_TEACHER_SELF_SERVICE",
        default_value_t = false
    )]
    pub teacher_self_service: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PasswordHashing {
    Owasp,
    Test,
}

impl Config {
    /// A configuration with every default, rooted at `data_dir` (tests and tools).
    pub fn for_data_dir(data_dir: PathBuf) -> Self {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            config: Config,
        }
        let mut config = Wrapper::parse_from(["codestead"])
            .config
            .with_derived_defaults();
        config.data_dir = data_dir;
        config
    }

    /// Fills in the settings whose default follows another one; call once after parsing.
    /// The public URL follows `--addr`, so the links in mail work for a server started on
    /// another port without a second flag.
    pub fn with_derived_defaults(mut self) -> Self {
        if self.public_url.trim().is_empty() {
            let host = if self.addr.ip().is_unspecified() {
                "localhost".to_owned()
            } else {
                match self.addr.ip() {
                    std::net::IpAddr::V6(ip) => format!("[{ip}]"),
                    ip => ip.to_string(),
                }
            };
            self.public_url = format!("http://{host}:{}", self.addr.port());
        }
        self
    }

    /// The per-address budget of the authentication endpoints: the new setting, else its
    /// older name (`CODESTEAD_AUTH_RATE_PER_MIN`), else the classroom-sized default.
    pub fn auth_rate_per_address(&self) -> u32 {
        self.auth_rate_per_address_per_min
            .or(self.auth_rate_per_min)
            .unwrap_or(DEFAULT_AUTH_RATE_PER_ADDRESS_PER_MIN)
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| codestead_store::sqlite_url_for_dir(&self.data_dir))
    }

    /// Which peers may tell us the client's address (`--trusted-proxies`, `--trust-proxy`).
    pub fn proxies(&self) -> crate::client_ip::TrustedProxies {
        crate::client_ip::TrustedProxies::new(self.trusted_proxies.clone(), self.trust_proxy)
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
mod derived_defaults {
    use super::Config;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        config: Config,
    }

    fn parse(args: &[&str]) -> Config {
        let argv = std::iter::once("codestead").chain(args.iter().copied());
        Wrapper::parse_from(argv).config.with_derived_defaults()
    }

    #[test]
    fn the_public_url_follows_the_listening_address_unless_given() {
        assert_eq!(parse(&[]).public_url, "http://127.0.0.1:8080");
        assert_eq!(
            parse(&["--addr", "127.0.0.1:9123"]).public_url,
            "http://127.0.0.1:9123"
        );
        assert_eq!(
            parse(&["--addr", "0.0.0.0:8000"]).public_url,
            "http://localhost:8000"
        );
        assert_eq!(parse(&["--addr", "[::1]:81"]).public_url, "http://[::1]:81");
        assert_eq!(
            parse(&[
                "--addr",
                "127.0.0.1:9123",
                "--public-url",
                "https://learn.school.org"
            ])
            .public_url,
            "https://learn.school.org"
        );
    }

    #[test]
    fn the_auth_address_budget_has_a_classroom_default_and_honours_its_older_name() {
        assert_eq!(parse(&[]).auth_rate_per_address(), 300);
        assert_eq!(
            parse(&["--auth-rate-per-min", "50"]).auth_rate_per_address(),
            50
        );
        assert_eq!(
            parse(&[
                "--auth-rate-per-min",
                "50",
                "--auth-rate-per-address-per-min",
                "120"
            ])
            .auth_rate_per_address(),
            120
        );
        assert_eq!(parse(&[]).auth_rate_per_account_per_min, 10);
    }
}
