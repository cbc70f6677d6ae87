//! Outgoing e-mail. Default: RFC 5322 `.eml` files in `<data-dir>/outbox/` (readable by
//! admins and tests); with `CODESTEAD_SMTP_URL`: SMTP through lettre.

use std::path::PathBuf;

use async_trait::async_trait;
use lettre::message::{Mailbox, Message, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

#[derive(Clone, Debug)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("address: {0}")]
    Address(String),
    #[error("build: {0}")]
    Build(String),
    #[error("delivery: {0}")]
    Delivery(String),
}

#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    async fn send(&self, email: Email) -> Result<(), MailError>;
}

fn build(from: &Mailbox, email: &Email) -> Result<Message, MailError> {
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|e| MailError::Address(format!("{e}")))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&email.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(email.text.clone())
        .map_err(|e| MailError::Build(e.to_string()))
}

/// Writes each mail as `<uuidv7>.eml`; the name sorts by time.
pub struct OutboxMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl OutboxMailer {
    pub fn new(dir: PathBuf, from: &str) -> Result<Self, MailError> {
        let from = from
            .parse()
            .map_err(|e| MailError::Address(format!("{e}")))?;
        // An outbox left by an older version may be world-readable.
        if dir.exists() {
            crate::platform::private::restrict_dir(&dir)
                .map_err(|e| MailError::Delivery(format!("{e:#}")))?;
        }
        Ok(Self { dir, from })
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, email: Email) -> Result<(), MailError> {
        let message = build(&self.from, &email)?.formatted();
        let dir = self.dir.clone();
        // The mails hold live verification and reset links: anyone who can read them can
        // take the account over. Directory 0700, files 0600 from their creation on.
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(&dir)?;
            let name = format!("{}.eml", uuid::Uuid::now_v7());
            // Write then rename, so a reader never sees half a mail.
            let tmp = dir.join(format!(".{name}.tmp"));
            crate::platform::private::create_private(&tmp, &message)?;
            std::fs::rename(&tmp, dir.join(name))
        })
        .await
        .map_err(|e| MailError::Delivery(e.to_string()))?
        .map_err(|e| MailError::Delivery(e.to_string()))
    }
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(url: &str, from: &str) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Build(e.to_string()))?
            // Each SMTP step (connect, greeting, each command) gives up after this; the
            // caller bounds the whole delivery too (see `AccountService::send_mail`).
            .timeout(Some(std::time::Duration::from_secs(5)))
            .build();
        let from = from
            .parse()
            .map_err(|e| MailError::Address(format!("{e}")))?;
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, email: Email) -> Result<(), MailError> {
        let message = build(&self.from, &email)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| MailError::Delivery(e.to_string()))
    }
}
