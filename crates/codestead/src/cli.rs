//! Subcommands: serve (default), migrate, admin, backup.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use codestead_server::config::LogFormat;
use codestead_server::domain::DomainError;
use codestead_server::state::{Sessions, build_accounts};
use codestead_server::{AppState, Config, Overrides};
use codestead_store::Store;

#[derive(Parser)]
#[command(
    name = "codestead",
    version,
    about = "Codestead: learn, code, get help, build a portfolio."
)]
pub struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and API (the default).
    Serve,
    /// Run programs for API servers in `--exec-mode redis`: take jobs from Redis Streams
    /// (`--redis-url`), run them in this host's sandbox with `--exec-workers` slots, and
    /// announce this worker with a heartbeat. Needs no database and no JWT secret.
    Worker {
        /// How long a job may go without its worker renewing the lease before another
        /// worker takes it over (milliseconds).
        #[arg(long, default_value_t = 3000)]
        lease_ms: u64,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Administrative tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Run one program in the sandbox and print its output; the exit code mirrors the program's.
    Run {
        /// Source file; its extension picks the language unless --lang is given.
        file: PathBuf,
        /// python, javascript, java or cpp.
        #[arg(long = "lang")]
        language: Option<String>,
        /// File whose contents become the program's standard input.
        #[arg(long)]
        stdin: Option<PathBuf>,
    },
    /// Curriculum tools.
    Content {
        #[command(subcommand)]
        command: ContentCommand,
    },
    /// Write a consistent online copy of the SQLite database.
    Backup {
        /// Destination file (must not exist).
        #[arg(long)]
        to: PathBuf,
    },
}

#[derive(Subcommand)]
enum ContentCommand {
    /// Validate a curriculum and prove every reference solution passes and every starter
    /// and known-wrong solution fails (default: the built-in curriculum).
    Check { dir: Option<PathBuf> },
    /// Validate DIR like `check`, then load it into the database (the content index that
    /// search, stats and recommendations read), so it is ready before the server starts.
    /// Serve the same folder with `--content-dir DIR` (CODESTEAD_CONTENT_DIR): the server
    /// re-syncs the index from the curriculum it serves at every start.
    Import {
        dir: PathBuf,
        /// Only validate the files; skip proving the solutions in the sandbox (for a
        /// machine without one; the import is then unproven).
        #[arg(long)]
        skip_grading: bool,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a verified user, optionally an administrator.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long, env = "CODESTEAD_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long)]
        admin: bool,
    },
    /// Set a user's role: `user`, `teacher` (may run classes) or `admin`.
    SetRole {
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = ["user", "teacher", "admin"])]
        role: String,
    },
    /// LTI 1.3: the learning platforms (Moodle, Canvas, …) whose launches are accepted.
    Lti {
        #[command(subcommand)]
        command: LtiCommand,
    },
}

#[derive(Subcommand)]
enum LtiCommand {
    /// Register a platform with the values it shows for Codestead's registration.
    AddPlatform {
        /// The platform's issuer (`iss`), e.g. the Moodle site URL.
        #[arg(long)]
        issuer: String,
        /// The client id the platform assigned to Codestead.
        #[arg(long)]
        client_id: String,
        /// A deployment id; repeat for several.
        #[arg(long = "deployment-id", required = true)]
        deployment_ids: Vec<String>,
        /// The platform's public keyset URL.
        #[arg(long)]
        jwks_url: String,
        /// The platform's OIDC authentication request URL.
        #[arg(long)]
        auth_url: String,
        /// The platform's OAuth 2 access token URL (for grade passback).
        #[arg(long)]
        token_url: String,
        /// A name for administrators (default: the issuer).
        #[arg(long)]
        name: Option<String>,
    },
    /// List the registered platforms and the URLs to give a platform for Codestead.
    ListPlatforms,
}

impl Cli {
    pub fn log_format(&self) -> LogFormat {
        self.config.log_format
    }
}

pub fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_env("CODESTEAD_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Pretty => builder.compact().init(),
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = cli.config.with_derived_defaults();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Worker { lease_ms } => worker(config, lease_ms).await,
        Command::Migrate => {
            std::fs::create_dir_all(&config.data_dir)?;
            let store = Store::connect(&config.database_url()).await?;
            store.close().await?;
            println!("migrations applied");
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin {
            command:
                AdminCommand::CreateUser {
                    email,
                    password,
                    admin,
                },
        } => {
            // Inserting one user needs the database and the password hasher, nothing more.
            let accounts = build_accounts(&config, Sessions::Untouched).await?;
            let user = accounts
                .create_user_as_operator(&email, password, admin)
                .await
                .map_err(problem)?;
            println!(
                "created {} ({}){}",
                user.email,
                user.username,
                if admin { " as admin" } else { "" }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin {
            command: AdminCommand::Lti { command },
        } => lti_admin(config, command).await,
        Command::Admin {
            command: AdminCommand::SetRole { email, role },
        } => {
            // A role change ends the user's sessions, on every server when Redis is shared.
            let accounts = build_accounts(&config, Sessions::Shared).await?;
            let user = accounts
                .set_role_by_email(&email, codestead_store::accounts::Role::parse(&role))
                .await
                .map_err(problem)?;
            println!("{} is now {role}", user.email);
            Ok(ExitCode::SUCCESS)
        }
        Command::Run {
            file,
            language,
            stdin,
        } => run_file(file, language, stdin, config.sandbox_insecure).await,
        Command::Content {
            command: ContentCommand::Check { dir },
        } => content_check(dir, config.sandbox_insecure).await,
        Command::Content {
            command: ContentCommand::Import { dir, skip_grading },
        } => content_import(config, dir, skip_grading).await,
        Command::Backup { to } => {
            let store = Store::connect(&config.database_url()).await?;
            store.backup_sqlite(&to).await.context("backup failed")?;
            println!("backup written to {}", to.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A domain's refusal as an operator reads it: the stable code, then the domain's words.
fn problem(e: impl DomainError) -> anyhow::Error {
    anyhow::anyhow!("{}: {e}", e.code())
}

async fn lti_admin(config: Config, command: LtiCommand) -> anyhow::Result<ExitCode> {
    // The services without their background work (no content sync, no loops).
    let state = AppState::build_state(config, Overrides::default()).await?;
    // The domain's own error: its code, and each bad field by name.
    let problem = |e: codestead_server::lti::LtiError| {
        if let codestead_server::lti::LtiError::Invalid(fields) = &e {
            let fields: Vec<String> = fields.iter().map(|(k, v)| format!("{k} {v}")).collect();
            return anyhow::anyhow!("{}: {}", e.code(), fields.join("; "));
        }
        problem(e)
    };
    match command {
        LtiCommand::AddPlatform {
            issuer,
            client_id,
            deployment_ids,
            jwks_url,
            auth_url,
            token_url,
            name,
        } => {
            let platform = state
                .lti
                .register_platform(codestead_server::lti::PlatformInput {
                    name,
                    issuer,
                    client_id,
                    deployment_ids,
                    jwks_url,
                    auth_url,
                    token_url,
                })
                .await
                .map_err(problem)?;
            println!(
                "registered {} ({}, client id {}) as {}",
                platform.name, platform.issuer, platform.client_id, platform.id
            );
        }
        LtiCommand::ListPlatforms => {
            for p in state.lti.platforms().await.map_err(problem)? {
                println!(
                    "{}  {}  issuer={}  client_id={}  deployments={}",
                    p.id,
                    p.name,
                    p.issuer,
                    p.client_id,
                    p.deployment_ids.join(",")
                );
            }
        }
    }
    let urls = state.lti.tool_urls();
    println!(
        "Codestead's tool URLs: login {}  launch/redirect {}  JWKS {}",
        urls.login_url, urls.launch_url, urls.jwks_url
    );
    Ok(ExitCode::SUCCESS)
}

async fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let addr = config.addr;
    let state = AppState::build(config, Overrides::default()).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!(addr = %listener.local_addr()?, "codestead is serving");
    if let Some(metrics_addr) = state.config.metrics_addr {
        let metrics = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .with_context(|| format!("binding the metrics address {metrics_addr}"))?;
        tracing::info!(addr = %metrics.local_addr()?, "metrics are served here");
        let app = codestead_server::http::ops::metrics_router(state.clone());
        tokio::spawn(async move {
            if let Err(err) = codestead_server::serve(metrics, app, std::future::pending()).await {
                tracing::error!(%err, "the metrics listener stopped");
            }
        });
    }
    codestead_server::serve(
        listener,
        codestead_server::build_app(state.clone()),
        shutdown_signal(),
    )
    .await?;
    tracing::info!("shut down cleanly");
    Ok(ExitCode::SUCCESS)
}

/// Resolves on SIGTERM or Ctrl+C; the server then drains in-flight requests.
/// `codestead worker`: no database, no JWT secret, only Redis and the sandbox.
async fn worker(config: Config, lease_ms: u64) -> anyhow::Result<ExitCode> {
    use codestead_server::exec::worker::{WorkerConfig, run};
    let mut worker = WorkerConfig::from_config(&config)?;
    worker.lease = std::time::Duration::from_millis(lease_ms.max(100));
    let Some(sandbox) = codestead_server::state::start_sandbox(&config) else {
        anyhow::bail!("the sandbox could not start on this host (see the log above)");
    };
    if let Some(addr) = config.metrics_addr {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding the metrics address {addr}"))?;
        let app = codestead_server::http::ops::worker_metrics_router();
        tokio::spawn(async move {
            let _ = codestead_server::serve(listener, app, std::future::pending()).await;
        });
    }
    let languages = sandbox.languages();
    run(
        worker,
        std::sync::Arc::new(sandbox),
        languages,
        shutdown_signal(),
    )
    .await?;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// `insecure`: `--sandbox-insecure`, for a developer machine without root or cgroups.
fn sandbox(insecure: bool) -> anyhow::Result<codestead_sandbox::Sandbox> {
    codestead_sandbox::Sandbox::new(codestead_sandbox::SandboxConfig {
        insecure,
        ..codestead_sandbox::SandboxConfig::default()
    })
    .context(
        "the sandbox could not start (run as root after `sudo scripts/sandbox-setup.sh`, or \
         pass --sandbox-insecure on a developer machine)",
    )
}

async fn run_file(
    file: PathBuf,
    language: Option<String>,
    stdin: Option<PathBuf>,
    insecure: bool,
) -> anyhow::Result<ExitCode> {
    use codestead_sandbox::{Language, RunRequest, SourceFile, Status};
    let language: Language = match language {
        Some(l) => l.parse().map_err(|_| {
            anyhow::anyhow!("unknown language {l:?}: use python, javascript, java or cpp")
        })?,
        None => match file.extension().and_then(|e| e.to_str()) {
            Some("py") => Language::Python,
            Some("js" | "cjs" | "mjs") => Language::Javascript,
            Some("java") => Language::Java,
            Some("cpp" | "cc" | "cxx") => Language::Cpp,
            _ => anyhow::bail!(
                "cannot tell the language of {}; pass --lang",
                file.display()
            ),
        },
    };
    let code =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let input = match stdin {
        Some(path) => {
            std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?
        }
        None => String::new(),
    };
    // Java needs the file name to match its public class; keep the learner's own name.
    let name = match language {
        Language::Java => file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("Main.java")
            .to_owned(),
        other => other.default_entry().to_owned(),
    };
    let request = RunRequest {
        language,
        files: vec![SourceFile::new(name, code)],
        entry: None,
        stdin: input,
    };
    let outcome = sandbox(insecure)?.run(request).await;
    use std::io::Write;
    if let Some(compile) = outcome.compile_output.as_deref().filter(|c| !c.is_empty()) {
        eprint!("{compile}");
    }
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    std::io::stdout().flush().ok();
    eprintln!(
        "[{}] exit {} · {} ms wall · {} ms cpu · {:.1} MiB",
        outcome.status.id(),
        outcome
            .exit_code
            .map_or_else(|| "-".to_owned(), |c| c.to_string()),
        outcome.wall_ms,
        outcome.cpu_ms,
        outcome.memory_bytes as f64 / (1024.0 * 1024.0)
    );
    let code = match outcome.status {
        Status::Ok => 0,
        Status::RuntimeError => outcome.exit_code.unwrap_or(1).clamp(1, 255),
        Status::CompileError => 2,
        Status::Timeout => 124,
        Status::MemoryLimit => 137,
        Status::OutputLimit => 3,
        Status::InternalError => 70,
    };
    Ok(ExitCode::from(code as u8))
}

async fn content_check(dir: Option<PathBuf>, insecure: bool) -> anyhow::Result<ExitCode> {
    use codestead_curriculum::Curriculum;
    let curriculum = match &dir {
        Some(dir) => {
            Curriculum::load_dir(dir).with_context(|| format!("loading {}", dir.display()))?
        }
        None => Curriculum::load_embedded(),
    };
    let report = codestead_curriculum::check(&curriculum, &sandbox(insecure)?).await;
    println!("{report}");
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn content_import(
    config: Config,
    dir: PathBuf,
    skip_grading: bool,
) -> anyhow::Result<ExitCode> {
    use codestead_curriculum::Curriculum;
    let curriculum =
        Curriculum::load_dir(&dir).with_context(|| format!("loading {}", dir.display()))?;
    if skip_grading {
        let problems = curriculum.validate();
        for problem in &problems {
            println!("{problem}");
        }
        if !problems.is_empty() {
            eprintln!("{} problem(s): nothing imported", problems.len());
            return Ok(ExitCode::FAILURE);
        }
    } else {
        let report =
            codestead_curriculum::check(&curriculum, &sandbox(config.sandbox_insecure)?).await;
        println!("{report}");
        if !report.ok() {
            eprintln!("the content check failed: nothing imported");
            return Ok(ExitCode::FAILURE);
        }
    }
    use codestead_server::platform::clock::{Clock, SystemClock};
    std::fs::create_dir_all(&config.data_dir)?;
    let store = Store::connect(&config.database_url()).await?;
    let report = codestead_server::learning::insights::sync_content_index(
        &store,
        &curriculum,
        SystemClock.now(),
    )
    .await
    .context("writing the content index")?;
    store.close().await?;
    println!(
        "imported {} items from {}: {} added, {} updated, {} removed, {} unchanged",
        curriculum.items.len(),
        dir.display(),
        report.added,
        report.updated,
        report.removed,
        report.unchanged
    );
    Ok(ExitCode::SUCCESS)
}
