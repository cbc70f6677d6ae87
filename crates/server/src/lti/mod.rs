//! LTI 1.3 tool (Core, Deep Linking 2.0, Assignment and Grade Services 2.0): platforms an
//! administrator registers, OIDC third-party login, verified launches that sign the
//! learner in and land them on the exercise, the deep-linking picker and its signed
//! response, and scores sent back through a durable outbox. Written on `jsonwebtoken`
//! and aws-lc-rs rather than `atomic-lti` (see docs/lti.md for why).
//!
//! The service never speaks HTTP: it returns [`LtiError`], which `http::lti` maps.

pub mod claims;
pub mod deep_link;
pub mod error;
pub mod grades;
pub mod keys;
pub mod platform_keys;

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::{Algorithm, Validation};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::sync::Notify;
use uuid::Uuid;

use codestead_curriculum::{Curriculum, Item};
use codestead_store::Store;
use codestead_store::lti::{LoginState, NewPlatform, NewResourceLink, NewScore, Platform};

use crate::auth::service::{AccountService, ClientInfo, IssuedTokens};
use crate::auth::tokens::opaque_token;
use crate::platform::clock::Clock;

use claims::{IdToken, MessageKind};
use deep_link::DeepLinkContext;
pub use error::LtiError;
use grades::ScoreSender;
use keys::ToolKeys;
use platform_keys::PlatformKeys;

/// How long a login initiation waits for its launch.
const LOGIN_TTL: chrono::Duration = chrono::Duration::minutes(10);
/// How often the outbox is drained when nothing wakes it.
const OUTBOX_POLL: Duration = Duration::from_secs(15);
/// The cookie that ties a launch to the browser that started its login.
pub const STATE_COOKIE_PREFIX: &str = "codestead_lti_";

/// A platform registration as an administrator (API or CLI) gives it.
#[derive(Clone, Debug)]
pub struct PlatformInput {
    pub name: Option<String>,
    pub issuer: String,
    pub client_id: String,
    pub deployment_ids: Vec<String>,
    pub jwks_url: String,
    pub auth_url: String,
    pub token_url: String,
}

/// The OIDC third-party login initiation's parameters (LTI Core §5.1.1).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct LoginInitiation {
    pub iss: Option<String>,
    pub login_hint: Option<String>,
    pub target_link_uri: Option<String>,
    pub lti_message_hint: Option<String>,
    pub client_id: Option<String>,
    pub lti_deployment_id: Option<String>,
}

/// Where to send the browser, and the state whose cookie binds it.
#[derive(Clone, Debug)]
pub struct LoginRedirect {
    pub url: String,
    pub state: String,
}

/// The platform's form post to the launch URL.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct LaunchForm {
    pub id_token: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// A verified launch's outcome.
pub enum Launched {
    /// A learner, signed in, to be sent to the item.
    Learner {
        tokens: Box<IssuedTokens>,
        item_slug: String,
    },
    /// An instructor picking content.
    DeepLink(deep_link::Picker),
}

/// The URLs a platform administrator types in when registering Codestead.
#[derive(Clone, Debug, Serialize)]
pub struct ToolUrls {
    pub login_url: String,
    pub launch_url: String,
    pub jwks_url: String,
    pub deep_link_url: String,
}

pub struct LtiService {
    store: Store,
    clock: Arc<dyn Clock>,
    keys: ToolKeys,
    platform_keys: PlatformKeys,
    sender: ScoreSender,
    curriculum: Arc<Curriculum>,
    accounts: Arc<AccountService>,
    public_url: String,
    wake: Arc<Notify>,
}

/// The cookie that proves a launch comes from the browser its login started in.
pub fn state_cookie_name(state: &str) -> String {
    format!("{STATE_COOKIE_PREFIX}{}", &hash(state)[..16])
}

fn hash(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An absolute http(s) URL, or the message saying why not.
fn check_url(value: &str) -> Result<(), &'static str> {
    match reqwest::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "https" | "http") && u.host().is_some() => Ok(()),
        _ => Err("must be an absolute http(s) URL"),
    }
}

impl LtiService {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        keys: ToolKeys,
        curriculum: Arc<Curriculum>,
        accounts: Arc<AccountService>,
        public_url: &str,
    ) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(grades::HTTP_TIMEOUT)
            .user_agent(concat!(
                "Codestead/",
                env!("CARGO_PKG_VERSION"),
                " (LTI 1.3)"
            ))
            .build()?;
        Ok(Self {
            store,
            clock,
            keys,
            platform_keys: PlatformKeys::new(http.clone()),
            sender: ScoreSender::new(http),
            curriculum,
            accounts,
            public_url: public_url.trim_end_matches('/').to_owned(),
            wake: Arc::new(Notify::new()),
        })
    }

    pub fn tool_urls(&self) -> ToolUrls {
        ToolUrls {
            login_url: format!("{}/lti/login", self.public_url),
            launch_url: format!("{}/lti/launch", self.public_url),
            jwks_url: format!("{}/lti/jwks", self.public_url),
            deep_link_url: format!("{}/lti/launch", self.public_url),
        }
    }

    pub fn key_id(&self) -> &str {
        self.keys.kid()
    }

    /// Codestead's public keys (`/lti/jwks`).
    pub fn jwks(&self) -> Value {
        self.keys.jwks()
    }

    // ---- platforms ----

    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn register_platform(&self, input: PlatformInput) -> Result<Platform, LtiError> {
        let mut fields = std::collections::BTreeMap::new();
        let issuer = input.issuer.trim().to_owned();
        if let Err(why) = check_url(&issuer) {
            fields.insert("issuer".into(), why.into());
        }
        let client_id = input.client_id.trim().to_owned();
        if client_id.is_empty() || client_id.len() > 255 {
            fields.insert("clientId".into(), "must be 1 to 255 characters".into());
        }
        let deployment_ids: Vec<String> = input
            .deployment_ids
            .iter()
            .map(|d| d.trim().to_owned())
            .collect();
        if deployment_ids.is_empty()
            || deployment_ids.len() > 100
            || deployment_ids.iter().any(|d| d.is_empty() || d.len() > 255)
        {
            fields.insert(
                "deploymentIds".into(),
                "must list 1 to 100 deployment ids of 1 to 255 characters".into(),
            );
        }
        for (field, value) in [
            ("jwksUrl", &input.jwks_url),
            ("authUrl", &input.auth_url),
            ("tokenUrl", &input.token_url),
        ] {
            if let Err(why) = check_url(value.trim()) {
                fields.insert(field.into(), why.into());
            }
        }
        let name = input
            .name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| issuer.clone());
        if name.chars().count() > 100 {
            fields.insert("name".into(), "must be at most 100 characters".into());
        }
        if !fields.is_empty() {
            return Err(LtiError::Invalid(fields));
        }
        let new = NewPlatform {
            name,
            issuer,
            client_id,
            deployment_ids,
            jwks_url: input.jwks_url.trim().to_owned(),
            auth_url: input.auth_url.trim().to_owned(),
            token_url: input.token_url.trim().to_owned(),
        };
        match self.store.create_lti_platform(new, self.clock.now()).await {
            Ok(p) => Ok(p),
            Err(codestead_store::StoreError::Conflict { .. }) => Err(LtiError::PlatformTaken),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn platforms(&self) -> Result<Vec<Platform>, LtiError> {
        Ok(self.store.list_lti_platforms().await?)
    }

    pub async fn remove_platform(&self, id: Uuid) -> Result<(), LtiError> {
        if self.store.delete_lti_platform(id).await? {
            Ok(())
        } else {
            Err(LtiError::PlatformNotFound)
        }
    }

    // ---- OIDC login initiation ----

    /// Starts a login: remembers a fresh state and nonce (single use, 10 minutes) and
    /// names the platform's auth endpoint to send the browser to.
    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn begin_login(&self, params: LoginInitiation) -> Result<LoginRedirect, LtiError> {
        let mut fields = std::collections::BTreeMap::new();
        for (name, value) in [
            ("iss", &params.iss),
            ("login_hint", &params.login_hint),
            ("target_link_uri", &params.target_link_uri),
        ] {
            if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                fields.insert(name.to_owned(), "is required".to_owned());
            }
        }
        if !fields.is_empty() {
            return Err(LtiError::Invalid(fields));
        }
        let issuer = params.iss.as_deref().unwrap_or_default();
        let candidates = self.store.lti_platforms_by_issuer(issuer).await?;
        let platform = match params.client_id.as_deref() {
            Some(id) => candidates.into_iter().find(|p| p.client_id == id),
            // Without a client id the issuer must name one registration.
            None if candidates.len() == 1 => candidates.into_iter().next(),
            None if candidates.is_empty() => None,
            None => {
                return Err(LtiError::field(
                    "client_id",
                    "is required: this issuer has several registrations",
                ));
            }
        }
        .ok_or(LtiError::UnknownPlatform)?;
        if let Some(deployment) = &params.lti_deployment_id
            && !platform.deployment_ids.contains(deployment)
        {
            return Err(LtiError::UnknownDeployment);
        }
        let now = self.clock.now();
        let state = opaque_token();
        let nonce = opaque_token();
        self.store
            .create_lti_login_state(
                &hash(&state),
                LoginState {
                    platform_id: platform.id,
                    nonce: nonce.clone(),
                    expires_at: now + LOGIN_TTL,
                },
                now,
            )
            .await?;
        let mut url = reqwest::Url::parse(&platform.auth_url)
            .map_err(|e| LtiError::Internal(format!("stored auth URL: {e}")))?;
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("scope", "openid")
                .append_pair("response_type", "id_token")
                .append_pair("response_mode", "form_post")
                .append_pair("prompt", "none")
                .append_pair("client_id", &platform.client_id)
                .append_pair("redirect_uri", &self.tool_urls().launch_url)
                .append_pair(
                    "login_hint",
                    params.login_hint.as_deref().unwrap_or_default(),
                )
                .append_pair("state", &state)
                .append_pair("nonce", &nonce);
            if let Some(hint) = &params.lti_message_hint {
                query.append_pair("lti_message_hint", hint);
            }
        }
        Ok(LoginRedirect {
            url: url.into(),
            state,
        })
    }

    // ---- launch ----

    /// Verifies a launch (LTI Core §5.1.3) and acts on it. `browser_has_state` says
    /// whether the request carried the state cookie set at login initiation: a launch
    /// posted from another browser (login CSRF) is refused.
    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn launch(
        &self,
        form: LaunchForm,
        browser_has_state: bool,
        client: &ClientInfo,
    ) -> Result<Launched, LtiError> {
        if let Some(error) = &form.error {
            return Err(LtiError::claim(
                "error",
                format!(
                    "the platform refused the login: {error} {}",
                    form.error_description.as_deref().unwrap_or_default()
                ),
            ));
        }
        let (Some(id_token), Some(state)) = (form.id_token.as_deref(), form.state.as_deref())
        else {
            let mut fields = std::collections::BTreeMap::new();
            if form.id_token.is_none() {
                fields.insert("id_token".to_owned(), "is required".to_owned());
            }
            if form.state.is_none() {
                fields.insert("state".to_owned(), "is required".to_owned());
            }
            return Err(LtiError::Invalid(fields));
        };
        let now = self.clock.now();
        let state_hash = hash(state);
        let Some(login) = self.store.find_lti_login_state(&state_hash, now).await? else {
            return Err(LtiError::StateMismatch);
        };
        if !browser_has_state {
            return Err(LtiError::StateMismatch);
        }
        let platform = self
            .store
            .find_lti_platform(login.platform_id)
            .await?
            .ok_or(LtiError::UnknownPlatform)?;
        let token = self
            .verify_id_token(&platform, id_token, now.timestamp())
            .await?;
        let kind = token.check(&platform, now.timestamp())?;
        // What the launch acts on is checked before anything is spent or written.
        let item = match kind {
            MessageKind::ResourceLink => Some(self.launched_item(&token)?),
            MessageKind::DeepLinking if !token.may_deep_link() => {
                return Err(LtiError::NotInstructor);
            }
            MessageKind::DeepLinking => None,
        };
        let nonce = token.nonce.as_deref().unwrap_or_default();
        let remember_until = chrono::DateTime::from_timestamp(token.exp, 0).unwrap_or(now)
            + chrono::Duration::seconds(claims::LEEWAY_SECS);
        if !self
            .store
            .spend_lti_nonce(platform.id, nonce, remember_until.max(now + LOGIN_TTL))
            .await?
        {
            return Err(LtiError::NonceReplayed);
        }
        if nonce != login.nonce {
            return Err(LtiError::NonceMismatch);
        }
        if !self.store.consume_lti_login_state(&state_hash, now).await? {
            // A second launch raced this one for the same state and won.
            return Err(LtiError::StateMismatch);
        }
        match item {
            Some(item) => {
                let tokens = self
                    .sign_in_learner(&platform, &token, item, client)
                    .await?;
                Ok(Launched::Learner {
                    tokens: Box::new(tokens),
                    item_slug: item.slug.clone(),
                })
            }
            None => Ok(Launched::DeepLink(self.picker(&platform, &token, now)?)),
        }
    }

    async fn verify_id_token(
        &self,
        platform: &Platform,
        id_token: &str,
        _now: i64,
    ) -> Result<IdToken, LtiError> {
        let header = jsonwebtoken::decode_header(id_token)
            .map_err(|_| LtiError::InvalidSignature("the id_token is not a JWT".into()))?;
        if header.alg != Algorithm::RS256 {
            return Err(LtiError::InvalidSignature(
                "only RS256-signed id_tokens are accepted".into(),
            ));
        }
        let key = self
            .platform_keys
            .key(&platform.jwks_url, header.kid.as_deref())
            .await?;
        let mut validation = Validation::new(Algorithm::RS256);
        // Time and audience are checked by `IdToken::check`, on the service's clock and
        // with an error that names what is wrong.
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        let data = jsonwebtoken::decode::<Value>(id_token, &key, &validation).map_err(|e| {
            LtiError::InvalidSignature(format!("the id_token does not verify: {e}"))
        })?;
        IdToken::from_claims(data.claims)
    }

    fn find_item(&self, reference: &str) -> Option<&Item> {
        Uuid::parse_str(reference)
            .ok()
            .and_then(|id| self.curriculum.item_by_id(id))
            .or_else(|| self.curriculum.item(reference))
    }

    fn launched_item(&self, token: &IdToken) -> Result<&Item, LtiError> {
        token
            .content_ref()
            .and_then(|r| self.find_item(&r))
            .ok_or(LtiError::UnknownContent)
    }

    /// Signs in the Codestead account linked to (issuer, sub), creating and linking one
    /// on the first launch, and remembers the resource link for grade passback.
    async fn sign_in_learner(
        &self,
        platform: &Platform,
        token: &IdToken,
        item: &Item,
        client: &ClientInfo,
    ) -> Result<IssuedTokens, LtiError> {
        let now = self.clock.now();
        let subject = token.sub.as_deref().unwrap_or_default();
        let user_id = match self
            .store
            .find_lti_account(&platform.issuer, subject)
            .await?
        {
            Some(id) => id,
            None => {
                let (first, last) = match (&token.given_name, &token.family_name, &token.name) {
                    (Some(g), f, _) => (g.clone(), f.clone().unwrap_or_default()),
                    (None, _, Some(n)) => (n.clone(), String::new()),
                    _ => (String::new(), String::new()),
                };
                let user = self
                    .accounts
                    .create_external_user(&first, &last)
                    .await
                    .map_err(LtiError::Account)?;
                // A concurrent first launch may have linked another account first: that
                // link wins (the spare account has no sessions and no way to sign in).
                self.store
                    .link_lti_account(platform.id, &platform.issuer, subject, user.id, now)
                    .await?
            }
        };
        let resource_link = token
            .resource_link
            .as_ref()
            .map(|r| r.id.as_str())
            .unwrap_or_default();
        self.store
            .upsert_lti_resource_link(
                NewResourceLink {
                    platform_id: platform.id,
                    user_id,
                    resource_link_id: resource_link,
                    content_id: item.id,
                    subject,
                    lineitem_url: token.score_lineitem(),
                },
                now,
            )
            .await?;
        self.accounts
            .sign_in_external(user_id, client)
            .await
            .map_err(LtiError::Account)
    }

    // ---- deep linking ----

    fn picker(
        &self,
        platform: &Platform,
        token: &IdToken,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<deep_link::Picker, LtiError> {
        let settings = token
            .deep_linking
            .as_ref()
            .ok_or_else(|| LtiError::claim(claims::DEEP_LINKING_SETTINGS, "is required"))?;
        if check_url(&settings.deep_link_return_url).is_err() {
            return Err(LtiError::claim(
                claims::DEEP_LINKING_SETTINGS,
                "deep_link_return_url must be an absolute URL",
            ));
        }
        if !settings.accept_types.is_empty()
            && !settings.accept_types.iter().any(|t| t == "ltiResourceLink")
        {
            return Err(LtiError::claim(
                claims::DEEP_LINKING_SETTINGS,
                "the platform does not accept ltiResourceLink items",
            ));
        }
        let context = DeepLinkContext {
            aud: deep_link::CONTEXT_AUDIENCE.into(),
            exp: (now + deep_link::CONTEXT_TTL).timestamp(),
            platform: platform.id,
            deployment_id: token.deployment_id.clone().unwrap_or_default(),
            return_url: settings.deep_link_return_url.clone(),
            data: settings.data.clone(),
        };
        let signed = self
            .keys
            .sign(&context)
            .map_err(|e| LtiError::Internal(format!("signing the picker context: {e}")))?;
        Ok(deep_link::Picker::new(
            &self.curriculum,
            signed,
            platform,
            &settings.deep_link_return_url,
        ))
    }

    /// The signed LtiDeepLinkingResponse for the picked item, and where to post it.
    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn deep_link_response(
        &self,
        context: &str,
        content: &str,
    ) -> Result<deep_link::Response, LtiError> {
        let now = self.clock.now();
        let Some(context) = self.keys.verify_own::<DeepLinkContext>(
            context,
            deep_link::CONTEXT_AUDIENCE,
            now.timestamp(),
        ) else {
            return Err(LtiError::field(
                "context",
                "is not a valid deep-linking session (it expires after 15 minutes); \
                 start again from the course",
            ));
        };
        let platform = self
            .store
            .find_lti_platform(context.platform)
            .await?
            .ok_or(LtiError::UnknownPlatform)?;
        let Some(item) = self.find_item(content) else {
            return Err(LtiError::field("contentId", "names no exercise or lesson"));
        };
        let claims = deep_link::response_claims(
            &platform,
            &context,
            item,
            &self.tool_urls().launch_url,
            now,
        );
        let jwt = self
            .keys
            .sign(&claims)
            .map_err(|e| LtiError::Internal(format!("signing the deep link: {e}")))?;
        Ok(deep_link::Response {
            platform_origins: deep_link::platform_origins(&platform, &context.return_url),
            return_url: context.return_url,
            jwt,
        })
    }

    // ---- grades ----

    /// A learner completed an item: a score for every resource link with a line item they
    /// launched it from goes into the outbox, and the outbox is woken.
    pub async fn item_completed(&self, user: Uuid, content_id: Uuid) -> Result<usize, LtiError> {
        let targets = self.store.lti_score_targets(user, content_id).await?;
        let now = self.clock.now();
        for target in &targets {
            let Some(lineitem) = target.lineitem_url.clone() else {
                continue;
            };
            self.store
                .enqueue_lti_score(
                    NewScore {
                        platform_id: target.platform_id,
                        user_id: user,
                        lineitem_url: lineitem,
                        subject: target.subject.clone(),
                        score_given: 1.0,
                        score_maximum: 1.0,
                        scored_at: now,
                    },
                    now,
                )
                .await?;
        }
        if !targets.is_empty() {
            self.wake.notify_one();
        }
        Ok(targets.len())
    }

    /// Wakes the outbox drain (after a score is enqueued, or in tests after the clock moved).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// One pass over the due scores: each is sent once (bounded by the HTTP timeouts),
    /// then marked delivered or rescheduled. Returns how many were delivered.
    pub async fn deliver_due(&self) -> Result<usize, LtiError> {
        let now = self.clock.now();
        let claimed = self
            .store
            .claim_due_lti_scores(now, now + grades::CLAIM_HOLD, 50)
            .await?;
        let mut delivered = 0;
        for score in claimed {
            let attempts = score.attempts + 1;
            let Some(platform) = self.store.find_lti_platform(score.platform_id).await? else {
                continue;
            };
            match self.sender.send(&platform, &self.keys, &score, now).await {
                Ok(()) => {
                    self.store
                        .mark_lti_score_delivered(score.id, attempts, self.clock.now())
                        .await?;
                    metrics::counter!("lti_scores_total", "outcome" => "delivered").increment(1);
                    delivered += 1;
                }
                Err(err) => {
                    let retry_at =
                        (attempts < grades::MAX_ATTEMPTS).then(|| now + grades::backoff(attempts));
                    if retry_at.is_none() {
                        tracing::error!(score = %score.id, platform = %platform.name, %err, attempts, "LTI score given up");
                        metrics::counter!("lti_scores_total", "outcome" => "given_up").increment(1);
                    } else {
                        tracing::warn!(score = %score.id, platform = %platform.name, %err, attempts, "LTI score delivery failed; will retry");
                        metrics::counter!("lti_scores_total", "outcome" => "retry").increment(1);
                    }
                    self.store
                        .record_lti_score_failure(
                            score.id,
                            attempts,
                            &err.to_string(),
                            retry_at,
                            self.clock.now(),
                        )
                        .await?;
                }
            }
        }
        Ok(delivered)
    }

    /// Drains the outbox whenever woken, and every `OUTBOX_POLL` (retries come due, another
    /// server's claims run out); forgets expired login states and nonces on the way.
    /// Stops when the service is dropped.
    pub fn spawn_outbox(self: &Arc<Self>) {
        let service = Arc::downgrade(self);
        let wake = self.wake.clone();
        tokio::spawn(async move {
            loop {
                let timed_out = tokio::select! {
                    () = wake.notified() => false,
                    () = tokio::time::sleep(OUTBOX_POLL) => true,
                };
                let Some(service) = service.upgrade() else {
                    break;
                };
                if let Err(err) = service.deliver_due().await {
                    tracing::warn!(%err, "draining the LTI score outbox failed");
                }
                if timed_out
                    && let Err(err) = service.store.purge_expired_lti(service.clock.now()).await
                {
                    tracing::warn!(%err, "purging expired LTI logins failed");
                }
            }
        });
    }
}

#[async_trait::async_trait]
impl crate::learning::CompletionListener for LtiService {
    async fn completed(&self, user: Uuid, item: &Item) {
        // The pass is recorded already; a failure here is logged, not the learner's.
        if let Err(err) = self.item_completed(user, item.id).await {
            tracing::error!(%err, item = %item.slug, "enqueueing the LTI score failed");
        }
    }
}
