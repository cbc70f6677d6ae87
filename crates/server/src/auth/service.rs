//! The account rules: registration, login with lockout, refresh-token rotation with reuse
//! detection, logout and revocation, e-mail verification, password reset and change.
//! Handlers call this; it calls the store, the mailer and the session cache.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use moka::sync::Cache;
use uuid::Uuid;

use codestead_store::Store;
use codestead_store::accounts::{
    AuditEvent, EmailTokenPurpose, NewSession, NewUser, Role, Rotation, Session, User,
};

use super::error::{AccountError, AccountResult};
use super::password::PasswordHasher;
use super::tokens::{Claims, TokenError, TokenKeys, opaque_token, token_hash};
use super::validate::{normalize_email, username_from_email};
use crate::platform::clock::Clock;
use crate::platform::mail::{Email, Mailer};
use crate::platform::ratelimit::{Bucket, RateLimiter};
use crate::platform::session_cache::{CachedSession, SessionCache};

/// Failed logins in a row before the account locks, and for how long.
pub const LOCK_THRESHOLD: i32 = 5;
pub const LOCK_DURATION: chrono::Duration = chrono::Duration::minutes(15);
const VERIFY_EMAIL_TTL: chrono::Duration = chrono::Duration::hours(24);
const RESET_PASSWORD_TTL: chrono::Duration = chrono::Duration::hours(1);
/// The longest one mail delivery may take before it is given up (and logged).
const MAIL_DEADLINE: Duration = Duration::from_secs(10);

/// Who is calling, for sessions and the audit log.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    /// The key the client's rate limits are counted under (an IPv6 address by its /64).
    pub rate_key: Option<String>,
    pub user_agent: Option<String>,
}

/// An authenticated caller, resolved from an access token whose session is live.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub email: String,
    pub role: Role,
}

pub struct Registration {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub username: Option<String>,
}

pub struct IssuedTokens {
    pub user: User,
    pub session: Session,
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_token_expires_at: DateTime<Utc>,
}

pub struct AccountService {
    store: Store,
    hasher: PasswordHasher,
    keys: TokenKeys,
    clock: Arc<dyn Clock>,
    mailer: Arc<dyn Mailer>,
    sessions: Arc<dyn SessionCache>,
    /// The per-account budget of sign-in, registration and reset (`Bucket::AuthAccount`);
    /// the per-address one is drawn by the rate-limit middleware before the body is read.
    limiter: Arc<dyn RateLimiter>,
    public_url: String,
    access_ttl: chrono::Duration,
    refresh_ttl: chrono::Duration,
    /// Failure counts for e-mails with no account, so that unknown addresses lock exactly
    /// like real ones and the lockout does not reveal who is registered.
    phantom_failures: Cache<String, i32>,
    /// Work finished after the response (reset mails); shutdown and tests wait for it.
    background: tokio_util::task::TaskTracker,
    /// Password hashes running at once (see `hash_slot`).
    hash_slots: Arc<tokio::sync::Semaphore>,
    hash_queue_wait: Duration,
}

pub struct AccountSettings {
    pub public_url: String,
    /// Password hashes that may run at once; memory is bounded by this × 19 MiB.
    pub hash_concurrency: usize,
    /// How long a sign-in may wait for a hashing slot before it gets 503 `busy`.
    pub hash_queue_wait: Duration,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
}

impl AccountService {
    /// Each argument is one collaborator built once at start-up (see `AppState::build`);
    /// a builder would only rename them.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Store,
        hasher: PasswordHasher,
        keys: TokenKeys,
        clock: Arc<dyn Clock>,
        mailer: Arc<dyn Mailer>,
        sessions: Arc<dyn SessionCache>,
        limiter: Arc<dyn RateLimiter>,
        settings: AccountSettings,
    ) -> Self {
        Self {
            store,
            hasher,
            keys,
            clock,
            mailer,
            sessions,
            limiter,
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
            access_ttl: chrono::Duration::from_std(settings.access_ttl).expect("access ttl"),
            refresh_ttl: chrono::Duration::from_std(settings.refresh_ttl).expect("refresh ttl"),
            phantom_failures: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(LOCK_DURATION.to_std().expect("lock duration"))
                .build(),
            background: tokio_util::task::TaskTracker::new(),
            hash_slots: Arc::new(tokio::sync::Semaphore::new(
                settings.hash_concurrency.max(1),
            )),
            hash_queue_wait: settings.hash_queue_wait,
        }
    }

    /// Waits until every background task started so far has finished.
    pub async fn settle(&self) {
        self.background.close();
        self.background.wait().await;
        self.background.reopen();
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Waits for one of the hashing slots. argon2id with the OWASP cost takes 19 MiB and a
    /// core for tens of milliseconds; without a bound a burst of logins would take all the
    /// memory and starve every other request of CPU. Past `hash_queue_wait` (`--hash-queue-wait-ms`) the caller
    /// gets 503 with `Retry-After` instead of waiting on.
    async fn hash_slot(&self) -> AccountResult<tokio::sync::OwnedSemaphorePermit> {
        match tokio::time::timeout(
            self.hash_queue_wait,
            self.hash_slots.clone().acquire_owned(),
        )
        .await
        {
            Ok(Ok(permit)) => Ok(permit),
            _ => {
                metrics::counter!("password_hash_busy_total").increment(1);
                Err(AccountError::Busy)
            }
        }
    }

    async fn hash_password(&self, password: String) -> AccountResult<String> {
        let permit = self.hash_slot().await?;
        let hasher = self.hasher.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            hasher.hash(&password)
        })
        .await
        .map_err(AccountError::internal)?
        .map_err(AccountError::internal)
    }

    async fn verify_password(
        &self,
        password: String,
        stored: Option<String>,
    ) -> AccountResult<(bool, bool)> {
        let permit = self.hash_slot().await?;
        Ok(self.verify_holding(permit, password, stored).await)
    }

    /// Verifies with a hashing slot the caller already holds (see `login`).
    async fn verify_holding(
        &self,
        permit: tokio::sync::OwnedSemaphorePermit,
        password: String,
        stored: Option<String>,
    ) -> (bool, bool) {
        let hasher = self.hasher.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let v = hasher.verify(&password, stored.as_deref());
            (v.valid, v.needs_rehash)
        })
        .await
        .unwrap_or((false, false))
    }

    async fn audit(&self, user_id: Option<Uuid>, event: &'static str, client: &ClientInfo) {
        let record = AuditEvent {
            user_id,
            event,
            ip: client.ip.clone(),
            user_agent: client.user_agent.clone(),
            detail: None,
        };
        // The audit log must not turn a successful action into a failed response.
        if let Err(err) = self.store.audit(record, self.now()).await {
            tracing::warn!(%err, event, "audit write failed");
        }
    }

    async fn send_mail(&self, to: String, subject: &str, text: String) {
        let email = Email {
            to,
            subject: subject.to_owned(),
            text,
        };
        // A registration waits for its verification mail: a hung mail server must cost it
        // seconds, not lettre's default minute per step.
        match tokio::time::timeout(MAIL_DEADLINE, self.mailer.send(email)).await {
            Ok(Ok(())) => {}
            Ok(Err(err)) => tracing::error!(%err, subject, "mail delivery failed"),
            Err(_) => tracing::error!(subject, "mail delivery timed out"),
        }
    }

    async fn send_verification(&self, user: &User) -> AccountResult<()> {
        let token = opaque_token();
        let now = self.now();
        self.store
            .create_email_token(
                user.id,
                EmailTokenPurpose::VerifyEmail,
                token_hash(&token),
                now + VERIFY_EMAIL_TTL,
                now,
            )
            .await?;
        let link = format!("{}/verify-email?token={token}", self.public_url);
        let text = format!(
            "Hello {},\n\nwelcome to Codestead! Confirm your e-mail address by opening this link \
             within 24 hours:\n\n{link}\n\nIf you did not sign up, ignore this message.\n",
            user.first_name
        );
        self.send_mail(user.email.clone(), "Confirm your e-mail address", text)
            .await;
        Ok(())
    }

    /// Draws one request from the account's own budget (`Bucket::AuthAccount`). The key is
    /// the normalised address whether or not it is registered, so a refusal reveals nothing
    /// about who has an account.
    async fn draw_account_budget(&self, email: &str) -> AccountResult<()> {
        self.limiter
            .check(Bucket::AuthAccount, email)
            .await
            .map_err(|wait| {
                metrics::counter!("rate_limited_total", "budget" => "auth-account").increment(1);
                AccountError::RateLimited(wait)
            })
    }

    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn register(&self, input: Registration, client: &ClientInfo) -> AccountResult<User> {
        let email = normalize_email(&input.email);
        let password_hash = self.hash_password(input.password).await?;
        let explicit_username = input.username.is_some();
        let mut username = input
            .username
            .unwrap_or_else(|| username_from_email(&email));
        let base = username.clone();
        let mut attempt = 0;
        let user = loop {
            let new = NewUser {
                email: email.clone(),
                password_hash: password_hash.clone(),
                first_name: input.first_name.trim().to_owned(),
                last_name: input.last_name.trim().to_owned(),
                username: username.clone(),
                role: Role::User,
                email_verified: false,
            };
            match self.store.create_user(new, self.now()).await {
                Ok(user) => break user,
                Err(codestead_store::StoreError::Conflict { field: "username" })
                    if !explicit_username && attempt < 8 =>
                {
                    attempt += 1;
                    username = format!("{base}{}", rand::random_range(10..10_000));
                }
                Err(err) => return Err(err.into()),
            }
        };
        self.audit(Some(user.id), "user.registered", client).await;
        self.send_verification(&user).await?;
        Ok(user)
    }

    /// Creates a user directly (the `admin create-user` command): verified, optional admin.
    pub async fn create_user_as_operator(
        &self,
        email: &str,
        password: String,
        admin: bool,
    ) -> AccountResult<User> {
        let email = normalize_email(email);
        let password_hash = self.hash_password(password).await?;
        let username = format!(
            "{}{}",
            username_from_email(&email),
            rand::random_range(10..100)
        );
        let new = NewUser {
            email,
            password_hash,
            first_name: if admin {
                "Admin".into()
            } else {
                "Learner".into()
            },
            last_name: String::new(),
            username,
            role: if admin { Role::Admin } else { Role::User },
            email_verified: true,
        };
        Ok(self.store.create_user(new, self.now()).await?)
    }

    /// Creates the account for someone who arrives through an external sign-in (an LTI
    /// launch): no password (the stored hash parses as none, so password sign-in always
    /// fails) and an address under `.invalid` (RFC 2606), which can receive no mail, so
    /// neither a reset link nor a platform's claim about an address can take it over.
    pub async fn create_external_user(
        &self,
        first_name: &str,
        last_name: &str,
    ) -> AccountResult<User> {
        let id = Uuid::now_v7().simple().to_string();
        let first = first_name.trim();
        let base = username_from_email(&format!(
            "{}@x",
            if first.is_empty() { "learner" } else { first }
        ));
        let mut username = base.clone();
        for attempt in 0..8 {
            let new = NewUser {
                email: format!("lti-{id}@lti.invalid"),
                password_hash: "!external".into(),
                first_name: if first.is_empty() { "Learner" } else { first }.to_owned(),
                last_name: last_name.trim().to_owned(),
                username: username.clone(),
                role: Role::User,
                email_verified: false,
            };
            match self.store.create_user(new, self.now()).await {
                Ok(user) => return Ok(user),
                Err(codestead_store::StoreError::Conflict { field: "username" }) if attempt < 7 => {
                    username = format!("{base}{}", rand::random_range(10..100_000));
                }
                Err(err) => return Err(err.into()),
            }
        }
        Err(AccountError::internal("no free username"))
    }

    /// Opens a session for a user an external sign-in (an LTI launch) vouched for.
    pub async fn sign_in_external(
        &self,
        user_id: Uuid,
        client: &ClientInfo,
    ) -> AccountResult<IssuedTokens> {
        let Some(user) = self.store.find_user(user_id).await? else {
            return Err(AccountError::AccountDeleted);
        };
        self.store.record_login_success(user.id, self.now()).await?;
        let issued = self.open_session(user, client).await?;
        self.audit(Some(issued.user.id), "login.lti", client).await;
        Ok(issued)
    }

    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn login(
        &self,
        email: &str,
        password: String,
        client: &ClientInfo,
    ) -> AccountResult<IssuedTokens> {
        let email = normalize_email(email);
        self.draw_account_budget(&email).await?;
        let now = self.now();
        let credentials = self.store.find_credentials(&email).await?;
        // The hashing slot comes first: a sign-in refused as `busy` (503) must not have
        // spent one of the account's attempts, or load alone would lock accounts.
        let permit = self.hash_slot().await?;
        // An attempt is claimed (atomically) before the hash: of N parallel guesses only
        // those below the threshold are evaluated; the rest are refused as locked, even
        // with the right password, without spending a hash.
        let claim = match &credentials {
            Some(c) => {
                self.store
                    .reserve_login_attempt(c.user.id, LOCK_THRESHOLD, LOCK_DURATION, now)
                    .await?
            }
            None => self.reserve_phantom_attempt(&email, now),
        };
        if let Err(until) = claim {
            return Err(locked(until - now));
        }
        let stored = credentials.as_ref().map(|c| c.password_hash.clone());
        let (valid, needs_rehash) = self.verify_holding(permit, password.clone(), stored).await;
        let known_user = credentials.as_ref().map(|c| c.user.id);
        let Some(credentials) = credentials.filter(|_| valid) else {
            self.record_failure(known_user, client).await?;
            return Err(AccountError::InvalidCredentials);
        };
        let user = credentials.user;
        self.store.record_login_success(user.id, now).await?;
        if needs_rehash {
            let hash = self.hash_password(password).await?;
            self.store.set_password_hash(user.id, hash, now).await?;
        }
        let issued = self.open_session(user, client).await?;
        self.audit(Some(issued.user.id), "login.succeeded", client)
            .await;
        Ok(issued)
    }

    /// The same claim as `reserve_login_attempt`, for an address with no account, so that
    /// unknown addresses lock exactly like real ones. The upsert is atomic per key.
    fn reserve_phantom_attempt(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DateTime<Utc>> {
        let entry = self
            .phantom_failures
            .entry(email.to_owned())
            .and_upsert_with(|old| old.map_or(1, |e| e.into_value().saturating_add(1)));
        if entry.into_value() > LOCK_THRESHOLD {
            // The cache entry lives for the lock duration, so the lock ends within it.
            Err(now + LOCK_DURATION)
        } else {
            Ok(())
        }
    }

    /// A claimed attempt failed (it is already counted): lock once the threshold is met.
    async fn record_failure(
        &self,
        user_id: Option<Uuid>,
        client: &ClientInfo,
    ) -> AccountResult<()> {
        if let Some(id) = user_id {
            let locked = self
                .store
                .lock_after_failures(id, LOCK_THRESHOLD, LOCK_DURATION, self.now())
                .await?;
            self.audit(Some(id), "login.failed", client).await;
            if locked.is_some() {
                self.audit(Some(id), "account.locked", client).await;
            }
        }
        Ok(())
    }

    async fn open_session(&self, user: User, client: &ClientInfo) -> AccountResult<IssuedTokens> {
        let now = self.now();
        let refresh_token = opaque_token();
        let refresh_expires_at = now + self.refresh_ttl;
        let session = self
            .store
            .create_session(
                NewSession {
                    user_id: user.id,
                    user_agent: client.user_agent.clone(),
                    ip: client.ip.clone(),
                    expires_at: refresh_expires_at,
                    refresh_token_hash: token_hash(&refresh_token),
                    refresh_expires_at,
                },
                now,
            )
            .await?;
        Ok(self
            .issue(user, session, refresh_token, refresh_expires_at)
            .await)
    }

    async fn issue(
        &self,
        user: User,
        session: Session,
        refresh_token: String,
        refresh_token_expires_at: DateTime<Utc>,
    ) -> IssuedTokens {
        let now = self.now();
        let access_token_expires_at = now + self.access_ttl;
        let claims = Claims {
            sub: user.id,
            user_id: user.id,
            email: user.email.clone(),
            role: user.role,
            sid: session.id,
            iat: now.timestamp(),
            exp: access_token_expires_at.timestamp(),
        };
        self.sessions
            .put(session.id, cached(&session, user.role))
            .await;
        IssuedTokens {
            access_token: self.keys.sign(&claims),
            access_token_expires_at,
            refresh_token,
            refresh_token_expires_at,
            user,
            session,
        }
    }

    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn refresh(
        &self,
        presented: &str,
        client: &ClientInfo,
    ) -> AccountResult<IssuedTokens> {
        let now = self.now();
        let next = opaque_token();
        let next_expires_at = now + self.refresh_ttl;
        let rotation = self
            .store
            .rotate_refresh_token(
                &token_hash(presented),
                token_hash(&next),
                next_expires_at,
                now,
            )
            .await?;
        match rotation {
            Rotation::Rotated { session } => {
                let Some(user) = self.store.find_user(session.user_id).await? else {
                    return Err(invalid_refresh());
                };
                // The refresh token's lifetime slides; the session ends with its last token.
                Ok(self.issue(user, session, next, next_expires_at).await)
            }
            Rotation::ReuseDetected {
                session_id,
                user_id,
            } => {
                self.sessions.invalidate(session_id).await;
                self.audit(Some(user_id), "refresh.reuse_detected", client)
                    .await;
                Err(AccountError::RefreshTokenReused)
            }
            Rotation::Invalid => Err(invalid_refresh()),
        }
    }

    /// The user id of a correctly signed, unexpired access token, without the session
    /// check: enough to pick a rate-limit bucket, never to authorise.
    pub fn peek_user(&self, access_token: &str) -> Option<Uuid> {
        self.keys
            .verify(access_token, self.now().timestamp())
            .ok()
            .map(|c| c.sub)
    }

    /// Resolves an access token to a caller whose session is still live. Revocation is
    /// visible at once: the session cache is invalidated on every revoke.
    pub async fn authenticate(&self, access_token: &str) -> AccountResult<Principal> {
        let claims = self
            .keys
            .verify(access_token, self.now().timestamp())
            .map_err(|e| match e {
                TokenError::Expired => AccountError::AccessTokenExpired,
                TokenError::Invalid => AccountError::InvalidAccessToken,
            })?;
        let session = match self.sessions.get(claims.sid).await {
            Some(s) => s,
            None => {
                let Some(s) = self.store.find_session(claims.sid).await? else {
                    return Err(session_ended());
                };
                // The role comes from the user row (a deleted user has none: the session ends).
                let Some(user) = self.store.find_user(s.user_id).await? else {
                    return Err(session_ended());
                };
                let c = cached(&s, user.role);
                self.sessions.put(s.id, c).await;
                c
            }
        };
        if session.revoked || session.expires_at <= self.now() || session.user_id != claims.sub {
            return Err(session_ended());
        }
        Ok(Principal {
            user_id: claims.sub,
            session_id: claims.sid,
            email: claims.email,
            role: session.role,
        })
    }

    pub async fn logout(&self, principal: &Principal, client: &ClientInfo) -> AccountResult<()> {
        self.store
            .revoke_session(principal.user_id, principal.session_id, self.now())
            .await?;
        self.sessions.invalidate(principal.session_id).await;
        self.audit(Some(principal.user_id), "logout", client).await;
        Ok(())
    }

    pub async fn list_sessions(&self, user_id: Uuid) -> AccountResult<Vec<Session>> {
        Ok(self.store.list_sessions(user_id, self.now()).await?)
    }

    pub async fn revoke_session(
        &self,
        principal: &Principal,
        session_id: Uuid,
        client: &ClientInfo,
    ) -> AccountResult<()> {
        if !self
            .store
            .revoke_session(principal.user_id, session_id, self.now())
            .await?
        {
            return Err(AccountError::NoSuchSession);
        }
        self.sessions.invalidate(session_id).await;
        self.audit(Some(principal.user_id), "session.revoked", client)
            .await;
        Ok(())
    }

    async fn revoke_all(&self, user_id: Uuid) -> AccountResult<()> {
        for id in self.store.revoke_all_sessions(user_id, self.now()).await? {
            self.sessions.invalidate(id).await;
        }
        Ok(())
    }

    pub async fn verify_email(&self, token: &str, client: &ClientInfo) -> AccountResult<()> {
        let now = self.now();
        let Some(user_id) = self
            .store
            .consume_email_token(EmailTokenPurpose::VerifyEmail, &token_hash(token), now)
            .await?
        else {
            return Err(AccountError::InvalidVerificationLink);
        };
        self.store.mark_email_verified(user_id, now).await?;
        self.audit(Some(user_id), "email.verified", client).await;
        Ok(())
    }

    /// Sends a verification mail again to a signed-in, still unverified user.
    pub async fn resend_verification(&self, user_id: Uuid) -> AccountResult<()> {
        let Some(user) = self.store.find_user(user_id).await? else {
            return Err(AccountError::NoSuchUser);
        };
        if user.email_verified {
            return Err(AccountError::AlreadyVerified);
        }
        self.send_verification(&user).await
    }

    /// Always succeeds from the caller's view. The lookup and mail run after the
    /// response so its timing does not reveal whether the address is registered.
    /// Only the account's request budget can refuse it (429), and that is drawn for
    /// unregistered addresses alike.
    pub async fn forgot_password(
        self: &Arc<Self>,
        email: &str,
        client: ClientInfo,
    ) -> AccountResult<()> {
        let email = normalize_email(email);
        self.draw_account_budget(&email).await?;
        let service = Arc::clone(self);
        self.background.spawn(async move {
            if let Err(err) = service.send_reset(&email, &client).await {
                tracing::error!(?err, "password reset mail failed");
            }
        });
        Ok(())
    }

    async fn send_reset(&self, email: &str, client: &ClientInfo) -> AccountResult<()> {
        let Some(credentials) = self.store.find_credentials(email).await? else {
            return Ok(());
        };
        let user = credentials.user;
        let token = opaque_token();
        let now = self.now();
        // Only the newest reset link works: an older one (in a mailbox someone else may
        // read, or a mail archive) is spent by this request.
        self.store
            .revoke_email_tokens(user.id, EmailTokenPurpose::ResetPassword, now)
            .await?;
        self.store
            .create_email_token(
                user.id,
                EmailTokenPurpose::ResetPassword,
                token_hash(&token),
                now + RESET_PASSWORD_TTL,
                now,
            )
            .await?;
        let link = format!("{}/reset-password?token={token}", self.public_url);
        let text = format!(
            "Hello {},\n\nsomeone asked to reset the password of your Codestead account. \
             Choose a new password within one hour here:\n\n{link}\n\nIf it was not you, \
             ignore this message: your password stays as it is.\n",
            user.first_name
        );
        self.send_mail(user.email.clone(), "Reset your password", text)
            .await;
        self.audit(Some(user.id), "password.reset_requested", client)
            .await;
        Ok(())
    }

    pub async fn reset_password(
        &self,
        token: &str,
        password: String,
        client: &ClientInfo,
    ) -> AccountResult<()> {
        let now = self.now();
        let Some(user_id) = self
            .store
            .consume_email_token(EmailTokenPurpose::ResetPassword, &token_hash(token), now)
            .await?
        else {
            return Err(AccountError::InvalidResetLink);
        };
        let hash = self.hash_password(password).await?;
        self.store.set_password_hash(user_id, hash, now).await?;
        // Any other reset link sent before this one is spent with it.
        self.store
            .revoke_email_tokens(user_id, EmailTokenPurpose::ResetPassword, now)
            .await?;
        // Whoever knew the old password (or held a session) is locked out now.
        self.revoke_all(user_id).await?;
        // Proving control of the mailbox ends a lockout too.
        self.store.clear_login_lock(user_id).await?;
        self.audit(Some(user_id), "password.reset", client).await;
        Ok(())
    }

    /// Changes the password and signs out every other session; returns fresh tokens
    /// for the caller's device.
    pub async fn change_password(
        &self,
        principal: &Principal,
        current: String,
        new: String,
        client: &ClientInfo,
    ) -> AccountResult<IssuedTokens> {
        self.draw_account_budget(&principal.email).await?;
        let Some(credentials) = self.store.find_credentials_by_id(principal.user_id).await? else {
            return Err(session_ended());
        };
        let (valid, _) = self
            .verify_password(current, Some(credentials.password_hash))
            .await?;
        if !valid {
            return Err(AccountError::Field {
                field: "currentPassword",
                message: "is not your current password",
            });
        }
        let hash = self.hash_password(new).await?;
        self.store
            .set_password_hash(principal.user_id, hash, self.now())
            .await?;
        // A reset link sent before the change (perhaps requested by whoever the change is
        // meant to lock out) must not undo it.
        self.store
            .revoke_email_tokens(
                principal.user_id,
                EmailTokenPurpose::ResetPassword,
                self.now(),
            )
            .await?;
        self.revoke_all(principal.user_id).await?;
        self.audit(Some(principal.user_id), "password.changed", client)
            .await;
        self.open_session(credentials.user, client).await
    }

    /// An operator's role change by e-mail address (`codestead admin set-role`).
    pub async fn set_role_by_email(&self, email: &str, role: Role) -> AccountResult<User> {
        let Some(credentials) = self.store.find_credentials(&normalize_email(email)).await? else {
            return Err(AccountError::NoUserWithEmail(email.to_owned()));
        };
        self.set_role(credentials.user.id, role).await?;
        Ok(credentials.user)
    }

    /// Changes a user's role. Every live session's cache entry is dropped, so the next
    /// request of that user is authorised with the new role (the access token's `role`
    /// claim is informational only). The sessions epoch is raised too: when this runs in
    /// another process (the CLI), a running server's own cache learns of it within a second.
    pub async fn set_role(&self, user_id: Uuid, role: Role) -> AccountResult<()> {
        self.store.set_role(user_id, role).await?;
        for s in self.store.list_sessions(user_id, self.now()).await? {
            self.sessions.invalidate(s.id).await;
        }
        self.store.bump_session_epoch().await?;
        Ok(())
    }

    /// Soft-deletes the caller's account once `password` proves it is its owner; a wrong
    /// one is a field error and deletes nothing. Draws from the account's request budget,
    /// so a stolen session cannot guess the password quickly.
    pub async fn delete_account(
        &self,
        principal: &Principal,
        password: String,
        client: &ClientInfo,
    ) -> AccountResult<()> {
        self.draw_account_budget(&principal.email).await?;
        let Some(credentials) = self.store.find_credentials_by_id(principal.user_id).await? else {
            return Err(session_ended());
        };
        let (valid, _) = self
            .verify_password(password, Some(credentials.password_hash))
            .await?;
        if !valid {
            return Err(AccountError::Field {
                field: "password",
                message: "is not your password",
            });
        }
        let ids = self
            .store
            .list_sessions(principal.user_id, self.now())
            .await?;
        self.store
            .soft_delete_user(principal.user_id, self.now())
            .await?;
        for s in ids {
            self.sessions.invalidate(s.id).await;
        }
        self.audit(Some(principal.user_id), "account.deleted", client)
            .await;
        Ok(())
    }
}

fn cached(session: &Session, role: Role) -> CachedSession {
    CachedSession {
        user_id: session.user_id,
        role,
        expires_at: session.expires_at,
        revoked: session.revoked,
    }
}

fn locked(remaining: chrono::Duration) -> AccountError {
    let wait = remaining.to_std().unwrap_or(Duration::from_secs(1));
    AccountError::Locked(wait)
}

fn invalid_refresh() -> AccountError {
    AccountError::InvalidRefreshToken
}

fn session_ended() -> AccountError {
    AccountError::SessionEnded
}
