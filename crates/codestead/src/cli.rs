//! Subcommands: serve (default), migrate, admin, backup.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use codestead_server::config::LogFormat;
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
    /// Apply pending database migrations and exit.
    Migrate,
    /// Administrative tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Write a consistent online copy of the SQLite database.
    Backup {
        /// Destination file (must not exist).
        #[arg(long)]
        to: PathBuf,
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
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
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
            let state = AppState::build(config, Overrides::default()).await?;
            let user = state
                .accounts
                .create_user_as_operator(&email, password, admin)
                .await
                .map_err(|e| anyhow::anyhow!("{}: {}", e.code, e.detail))?;
            println!(
                "created {} ({}){}",
                user.email,
                user.username,
                if admin { " as admin" } else { "" }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { to } => {
            let store = Store::connect(&config.database_url()).await?;
            store.backup_sqlite(&to).await.context("backup failed")?;
            println!("backup written to {}", to.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let addr = config.addr;
    let state = AppState::build(config, Overrides::default()).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!(addr = %listener.local_addr()?, "codestead is serving");
    codestead_server::serve(
        listener,
        codestead_server::build_app(state),
        shutdown_signal(),
    )
    .await?;
    tracing::info!("shut down cleanly");
    Ok(ExitCode::SUCCESS)
}

/// Resolves on SIGTERM or Ctrl+C; the server then drains in-flight requests.
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
