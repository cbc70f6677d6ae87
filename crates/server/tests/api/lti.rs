//! LTI 1.3 against a platform that follows the specification, run in this process: its
//! own RSA key and JWKS, an OIDC auth endpoint that answers Codestead's login request
//! with a signed id_token, a token endpoint that checks Codestead's client assertion
//! against Codestead's published JWKS, and a score endpoint recording what it received.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::Notify;

use codestead_server::lti::keys::ToolKeys;

use crate::admin::admin;
use crate::helpers::{TestApp, assert_problem};

const CLIENT_ID: &str = "codestead-client-7";
const DEPLOYMENT: &str = "deployment-1";
const EXERCISE: &str = "python-ex-greeting";
const AGS_SCORE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

fn reference_solution(slug: &str) -> String {
    let path = format!(
        "{}/../../content/python/exercises/{slug}/solution.py",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("reference solution")
}

/// What the platform's score endpoint received.
#[derive(Clone, Debug)]
struct ReceivedScore {
    lineitem: String,
    content_type: String,
    bearer: String,
    body: Value,
}

#[derive(Default)]
struct Recorded {
    scores: Vec<ReceivedScore>,
    /// Every score POST, answered or failed.
    score_attempts: u32,
    /// Access tokens the token endpoint issued, with the verified assertion's claims.
    issued: Vec<(String, Value)>,
    token_scopes: Vec<String>,
    /// Score POSTs still to fail with 503 (an outage).
    fail_next_scores: u32,
    /// The deep-linked content item, as a real platform would store it for the link.
    custom: Option<Value>,
}

struct PlatformState {
    issuer: String,
    keys: ToolKeys,
    tool_jwks_url: String,
    recorded: Mutex<Recorded>,
    event: Notify,
}

/// The test platform. Its issuer is its own base URL.
struct TestPlatform {
    base: String,
    state: Arc<PlatformState>,
    /// A key the platform never published (for forged tokens).
    rogue: ToolKeys,
    _dir: tempfile::TempDir,
}

impl PlatformState {
    fn id_token(&self, sub: &str, nonce: &str, hint: &str) -> String {
        let now = chrono::Utc::now().timestamp();
        let mut claims = json!({
            "iss": self.issuer,
            "sub": sub,
            "aud": CLIENT_ID,
            "azp": CLIENT_ID,
            "exp": now + 300,
            "iat": now,
            "nonce": nonce,
            "given_name": "Grace",
            "family_name": "Hopper",
            "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
            "https://purl.imsglobal.org/spec/lti/claim/deployment_id": DEPLOYMENT,
            "https://purl.imsglobal.org/spec/lti/claim/context": {"id": "course-1", "title": "CS 101"},
        });
        match hint {
            "deep-link" | "student-deep-link" => {
                claims["https://purl.imsglobal.org/spec/lti/claim/message_type"] =
                    json!("LtiDeepLinkingRequest");
                claims["https://purl.imsglobal.org/spec/lti/claim/roles"] =
                    json!([if hint == "deep-link" {
                        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
                    } else {
                        "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
                    }]);
                claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = json!({
                    "deep_link_return_url": format!("{}/deep-link-return", self.issuer),
                    "accept_types": ["ltiResourceLink"],
                    "accept_presentation_document_targets": ["iframe", "window"],
                    "data": "opaque-platform-data",
                });
            }
            _ => {
                claims["https://purl.imsglobal.org/spec/lti/claim/message_type"] =
                    json!("LtiResourceLinkRequest");
                claims["https://purl.imsglobal.org/spec/lti/claim/roles"] =
                    json!(["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]);
                claims["https://purl.imsglobal.org/spec/lti/claim/resource_link"] =
                    json!({"id": "resource-link-1", "title": "Greeting"});
                claims["https://purl.imsglobal.org/spec/lti/claim/target_link_uri"] =
                    json!("https://codestead.test/lti/launch");
                let custom = self.recorded.lock().unwrap().custom.clone();
                claims["https://purl.imsglobal.org/spec/lti/claim/custom"] =
                    custom.unwrap_or_else(|| json!({"codestead_content": EXERCISE}));
                claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = json!({
                    "scope": [AGS_SCORE, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"],
                    "lineitems": format!("{}/lineitems", self.issuer),
                    "lineitem": format!("{}/lineitems/1?course=101", self.issuer),
                });
            }
        }
        self.keys.sign(&claims).unwrap()
    }
}

/// The OIDC auth endpoint (LTI Core §5.1.1.2): checks Codestead's authentication request
/// and answers with what its form post would carry.
async fn auth_endpoint(
    State(platform): State<Arc<PlatformState>>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    let expect = [
        ("scope", "openid"),
        ("response_type", "id_token"),
        ("response_mode", "form_post"),
        ("prompt", "none"),
        ("client_id", CLIENT_ID),
    ];
    for (k, v) in expect {
        if q.get(k).map(String::as_str) != Some(v) {
            return (AxumStatus::BAD_REQUEST, format!("bad {k}")).into_response();
        }
    }
    let (Some(state), Some(nonce), Some(sub), Some(redirect)) = (
        q.get("state"),
        q.get("nonce"),
        q.get("login_hint"),
        q.get("redirect_uri"),
    ) else {
        return (AxumStatus::BAD_REQUEST, "missing parameter").into_response();
    };
    if !redirect.ends_with("/lti/launch") {
        return (AxumStatus::BAD_REQUEST, "unregistered redirect_uri").into_response();
    }
    let hint = q
        .get("lti_message_hint")
        .map(String::as_str)
        .unwrap_or("launch");
    Json(json!({
        "state": state,
        "nonce": nonce,
        "id_token": platform.id_token(sub, nonce, hint),
    }))
    .into_response()
}

/// The token endpoint (1EdTech Security Framework §4.1): the client assertion must be
/// signed by a key in Codestead's JWKS, from and about our client id, for this endpoint.
async fn token_endpoint(
    State(platform): State<Arc<PlatformState>>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    if form.get("grant_type").map(String::as_str) != Some("client_credentials")
        || form.get("client_assertion_type").map(String::as_str)
            != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        return (AxumStatus::BAD_REQUEST, "unsupported grant").into_response();
    }
    let Some(assertion) = form.get("client_assertion") else {
        return (AxumStatus::BAD_REQUEST, "no assertion").into_response();
    };
    let Ok(claims) = verify_tool_jwt(&platform.tool_jwks_url, assertion).await else {
        return (AxumStatus::UNAUTHORIZED, "assertion does not verify").into_response();
    };
    let token_url = format!("{}/token", platform.issuer);
    if claims["iss"] != CLIENT_ID || claims["sub"] != CLIENT_ID || claims["aud"] != token_url {
        return (AxumStatus::UNAUTHORIZED, "assertion claims").into_response();
    }
    let access = format!("at-{}", uuid::Uuid::now_v7().simple());
    let mut recorded = platform.recorded.lock().unwrap();
    recorded.issued.push((access.clone(), claims));
    recorded
        .token_scopes
        .push(form.get("scope").cloned().unwrap_or_default());
    Json(json!({"access_token": access, "token_type": "Bearer", "expires_in": 3600, "scope": AGS_SCORE}))
        .into_response()
}

async fn score_endpoint(
    State(platform): State<Arc<PlatformState>>,
    Path(id): Path<String>,
    Query(q): Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> axum::response::Response {
    let answer = {
        let mut recorded = platform.recorded.lock().unwrap();
        recorded.score_attempts += 1;
        let bearer = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default()
            .to_owned();
        if recorded.fail_next_scores > 0 {
            recorded.fail_next_scores -= 1;
            AxumStatus::SERVICE_UNAVAILABLE
        } else if !recorded.issued.iter().any(|(t, _)| *t == bearer) {
            AxumStatus::UNAUTHORIZED
        } else {
            recorded.scores.push(ReceivedScore {
                lineitem: format!(
                    "{id}?course={}",
                    q.get("course").cloned().unwrap_or_default()
                ),
                content_type: headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned(),
                bearer,
                body: serde_json::from_str(&body).unwrap_or(Value::Null),
            });
            AxumStatus::OK
        }
    };
    platform.event.notify_waiters();
    answer.into_response()
}

/// Verifies a JWT Codestead signed, against Codestead's published JWKS.
async fn verify_tool_jwt(jwks_url: &str, token: &str) -> Result<Value, String> {
    let header = jsonwebtoken::decode_header(token).map_err(|e| e.to_string())?;
    let set: jsonwebtoken::jwk::JwkSet = reqwest::get(jwks_url)
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let jwk = set
        .find(header.kid.as_deref().ok_or("no kid")?)
        .ok_or("kid not published")?;
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).map_err(|e| e.to_string())?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.validate_aud = false;
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .map(|d| d.claims)
        .map_err(|e| e.to_string())
}

impl TestPlatform {
    async fn start(app: &TestApp) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let keys = ToolKeys::load_or_generate(&dir.path().join("platform.pem")).unwrap();
        let rogue = ToolKeys::load_or_generate(&dir.path().join("rogue.pem")).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(PlatformState {
            issuer: base.clone(),
            keys,
            tool_jwks_url: app.url("/lti/jwks"),
            recorded: Mutex::new(Recorded::default()),
            event: Notify::new(),
        });
        let jwks = state.keys.jwks();
        let router = Router::new()
            .route("/jwks", get(move || async move { Json(jwks) }))
            .route("/auth", get(auth_endpoint))
            .route("/token", post(token_endpoint))
            .route("/lineitems/{id}/scores", post(score_endpoint))
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self {
            base,
            state,
            rogue,
            _dir: dir,
        }
    }

    fn registration(&self) -> Value {
        json!({
            "name": "Test Moodle",
            "issuer": self.base,
            "clientId": CLIENT_ID,
            "deploymentIds": [DEPLOYMENT],
            "jwksUrl": format!("{}/jwks", self.base),
            "authUrl": format!("{}/auth", self.base),
            "tokenUrl": format!("{}/token", self.base),
        })
    }

    async fn register(&self, app: &TestApp) {
        let root = admin(app).await;
        let response = app
            .post_as(
                &root.access,
                "/api/v1/admin/lti/platforms",
                Some(self.registration()),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }

    /// Waits (bounded) until the score endpoint has seen `attempts` POSTs.
    async fn wait_for_score_attempts(&self, attempts: u32) {
        tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                let notified = self.state.event.notified();
                if self.state.recorded.lock().unwrap().score_attempts >= attempts {
                    return;
                }
                notified.await;
            }
        })
        .await
        .expect("the score did not reach the platform in 30 s");
    }

    fn scores(&self) -> Vec<ReceivedScore> {
        self.state.recorded.lock().unwrap().scores.clone()
    }
}

/// A browser's login initiation: the state cookie Codestead set, and the platform's
/// answer to the auth request Codestead redirected to.
struct Login {
    cookie: String,
    state: String,
    nonce: String,
    id_token: String,
}

async fn initiate(app: &TestApp, platform: &TestPlatform, sub: &str, hint: &str) -> Login {
    let response = app
        .client
        .get(app.url("/lti/login"))
        .query(&[
            ("iss", platform.base.as_str()),
            ("login_hint", sub),
            ("target_link_uri", "https://codestead.test/lti/launch"),
            ("lti_message_hint", hint),
            ("client_id", CLIENT_ID),
            ("lti_deployment_id", DEPLOYMENT),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_redirection(),
        "login initiation: {}",
        response.status()
    );
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("codestead_lti_"))
        .expect("state cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{}/auth?", platform.base)),
        "{location}"
    );
    let answer: Value = reqwest::get(&location).await.unwrap().json().await.unwrap();
    Login {
        cookie,
        state: answer["state"].as_str().unwrap().into(),
        nonce: answer["nonce"].as_str().unwrap().into(),
        id_token: answer["id_token"].as_str().unwrap().into(),
    }
}

async fn post_launch(
    app: &TestApp,
    cookie: Option<&str>,
    id_token: &str,
    state: &str,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/lti/launch"))
        .form(&[("id_token", id_token), ("state", state)]);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

fn access_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("codestead_access="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

/// `value="…"` of the input named `name` in a page.
fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
}

async fn content_id(app: &TestApp, slug: &str) -> String {
    let item: Value = app
        .client
        .get(app.url(&format!("/api/v1/content/{slug}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    item["id"].as_str().unwrap().to_owned()
}

async fn linked_account(app: &TestApp, platform: &TestPlatform, sub: &str) -> Option<uuid::Uuid> {
    app.state
        .store
        .find_lti_account(&platform.base, sub)
        .await
        .unwrap()
}

#[tokio::test]
async fn lti_deep_link_then_launch_then_pass_sends_the_score_to_the_platform() {
    let app = TestApp::spawn().await;
    let platform = TestPlatform::start(&app).await;
    platform.register(&app).await;

    // Codestead publishes its key.
    let jwks: Value = reqwest::get(app.url("/lti/jwks"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
    assert_eq!(jwks["keys"][0]["alg"], "RS256");

    // An instructor deep-links: the picker lists the exercise …
    let login = initiate(&app, &platform, "teacher-1", "deep-link").await;
    let picker = post_launch(&app, Some(&login.cookie), &login.id_token, &login.state).await;
    assert_eq!(picker.status(), StatusCode::OK);
    let policy = picker.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains(&format!("frame-ancestors {}", platform.base)),
        "{policy}"
    );
    let html = picker.text().await.unwrap();
    let exercise_id = content_id(&app, EXERCISE).await;
    assert!(
        html.contains(&format!("value=\"{exercise_id}\"")),
        "exercise not offered"
    );
    let context = input_value(&html, "context");

    // … and the pick comes back as a signed LtiDeepLinkingResponse.
    let back = app
        .client
        .post(app.url("/lti/deep-link"))
        .form(&[
            ("context", context.as_str()),
            ("contentId", exercise_id.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), StatusCode::OK);
    let html = back.text().await.unwrap();
    assert!(
        html.contains(&format!("action=\"{}/deep-link-return\"", platform.base)),
        "{html}"
    );
    let jwt = input_value(&html, "JWT");
    let response = verify_tool_jwt(&app.url("/lti/jwks"), &jwt)
        .await
        .expect("signed by Codestead");
    assert_eq!(response["iss"], CLIENT_ID);
    assert_eq!(response["aud"], json!([platform.base]));
    assert_eq!(
        response["https://purl.imsglobal.org/spec/lti/claim/message_type"],
        "LtiDeepLinkingResponse"
    );
    assert_eq!(
        response["https://purl.imsglobal.org/spec/lti/claim/version"],
        "1.3.0"
    );
    assert_eq!(
        response["https://purl.imsglobal.org/spec/lti/claim/deployment_id"],
        DEPLOYMENT
    );
    assert_eq!(
        response["https://purl.imsglobal.org/spec/lti-dl/claim/data"],
        "opaque-platform-data"
    );
    let item = &response["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"][0];
    assert_eq!(item["type"], "ltiResourceLink");
    assert!(
        item["url"].as_str().unwrap().ends_with("/lti/launch"),
        "{item}"
    );
    assert_eq!(item["custom"]["codestead_content"], EXERCISE);
    assert_eq!(item["lineItem"]["scoreMaximum"], 1);
    // The platform keeps the item's custom parameters for the link it made.
    platform.state.recorded.lock().unwrap().custom = Some(item["custom"].clone());

    // A learner launches the link: signed in (created and linked), on the exercise.
    let login = initiate(&app, &platform, "student-42", "launch").await;
    let landed = post_launch(&app, Some(&login.cookie), &login.id_token, &login.state).await;
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    assert_eq!(landed.headers()["location"], format!("/learn/{EXERCISE}"));
    let access = access_cookie(&landed).expect("a session cookie as at login");
    let me: Value = app
        .get_as(&access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["firstName"], "Grace");
    let user_id = linked_account(&app, &platform, "student-42")
        .await
        .expect("linked");
    assert_eq!(me["id"], user_id.to_string());

    // The learner passes; the score arrives with the right fields and a valid token.
    let passed: Value = app
        .post_as(
            &access,
            &format!("/api/v1/exercises/{EXERCISE}/submissions"),
            Some(json!({"language": "python", "code": reference_solution(EXERCISE)})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(passed["passed"], true, "{passed}");
    platform.wait_for_score_attempts(1).await;
    let scores = platform.scores();
    assert_eq!(scores.len(), 1, "{scores:?}");
    let score = &scores[0];
    assert_eq!(
        score.lineitem, "1?course=101",
        "posted to {{lineitem}}/scores"
    );
    assert_eq!(score.content_type, "application/vnd.ims.lis.v1.score+json");
    assert_eq!(score.body["userId"], "student-42");
    assert_eq!(score.body["scoreGiven"], 1.0);
    assert_eq!(score.body["scoreMaximum"], 1.0);
    assert_eq!(score.body["activityProgress"], "Completed");
    assert_eq!(score.body["gradingProgress"], "FullyGraded");
    let at = score.body["timestamp"].as_str().unwrap();
    chrono::DateTime::parse_from_rfc3339(at).expect("an ISO 8601 timestamp");
    {
        let recorded = platform.state.recorded.lock().unwrap();
        assert!(recorded.issued.iter().any(|(t, _)| *t == score.bearer));
        assert!(recorded.token_scopes.iter().all(|s| s.contains(AGS_SCORE)));
    }

    // The next launch of the same platform user signs in the same account.
    let again = initiate(&app, &platform, "student-42", "launch").await;
    let landed = post_launch(&app, Some(&again.cookie), &again.id_token, &again.state).await;
    let access = access_cookie(&landed).expect("signed in again");
    let me: Value = app
        .get_as(&access, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["id"], user_id.to_string());
}

#[tokio::test]
async fn lti_a_score_survives_a_platform_outage_and_is_retried_from_the_outbox() {
    let app = TestApp::spawn().await;
    let platform = TestPlatform::start(&app).await;
    platform.register(&app).await;
    let login = initiate(&app, &platform, "student-7", "launch").await;
    let landed = post_launch(&app, Some(&login.cookie), &login.id_token, &login.state).await;
    let access = access_cookie(&landed).expect("signed in");
    platform.state.recorded.lock().unwrap().fail_next_scores = 1;

    let passed: Value = app
        .post_as(
            &access,
            &format!("/api/v1/exercises/{EXERCISE}/submissions"),
            Some(json!({"language": "python", "code": reference_solution(EXERCISE)})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(passed["passed"], true);
    platform.wait_for_score_attempts(1).await;
    assert!(platform.scores().is_empty(), "the outage answered 503");

    // The row stays in the outbox, rescheduled; when it is due it is sent.
    let platform_id = app.state.store.list_lti_platforms().await.unwrap()[0].id;
    let pending = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let rows = app.state.store.list_lti_scores(platform_id).await.unwrap();
            if rows.first().is_some_and(|r| r.attempts == 1) {
                return rows;
            }
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the failure is recorded");
    assert!(pending[0].delivered_at.is_none());
    assert!(
        pending[0]
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("503")
    );
    assert!(
        pending[0].next_attempt_at > app.state.clock.now(),
        "not due at once"
    );

    app.clock.advance(chrono::Duration::seconds(31));
    app.state.lti.wake();
    platform.wait_for_score_attempts(2).await;
    let scores = platform.scores();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].body["userId"], "student-7");
}

/// A token like the platform's, with `change` applied to its claims, signed by `keys`.
fn variant(
    platform: &TestPlatform,
    keys: &ToolKeys,
    nonce: &str,
    change: impl FnOnce(&mut Value),
) -> String {
    let token = platform.state.id_token("mallory", nonce, "launch");
    let payload = token.split('.').nth(1).unwrap();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    change(&mut claims);
    keys.sign(&claims).unwrap()
}

/// Posts a launch for a fresh login and checks it is refused with `code`, signing nobody
/// in and linking nothing.
async fn refused(
    app: &TestApp,
    platform: &TestPlatform,
    status: StatusCode,
    code: &str,
    make: impl FnOnce(&Login) -> String,
) {
    let login = initiate(app, platform, "mallory", "launch").await;
    let token = make(&login);
    let response = post_launch(app, Some(&login.cookie), &token, &login.state).await;
    assert!(access_cookie(&response).is_none(), "{code}: signed in");
    assert_problem(response, status, code).await;
    assert!(
        linked_account(app, platform, "mallory").await.is_none(),
        "{code}: linked"
    );
}

#[tokio::test]
async fn lti_forged_expired_misaddressed_and_replayed_launches_are_refused() {
    let app = TestApp::spawn().await;
    let platform = TestPlatform::start(&app).await;
    platform.register(&app).await;

    // Signed by a key the platform does not publish.
    refused(
        &app,
        &platform,
        StatusCode::UNAUTHORIZED,
        "lti_invalid_signature",
        |l| variant(&platform, &platform.rogue, &l.nonce, |_| {}),
    )
    .await;
    // The platform's key id on another key's signature.
    refused(
        &app,
        &platform,
        StatusCode::UNAUTHORIZED,
        "lti_invalid_signature",
        |l| {
            let forged = variant(&platform, &platform.rogue, &l.nonce, |_| {});
            let header = URL_SAFE_NO_PAD.encode(
                json!({"alg": "RS256", "typ": "JWT", "kid": platform.state.keys.kid()}).to_string(),
            );
            let mut parts = forged.split('.');
            let (_, payload, signature) =
                (parts.next(), parts.next().unwrap(), parts.next().unwrap());
            format!("{header}.{payload}.{signature}")
        },
    )
    .await;
    // Not RS256.
    refused(
        &app,
        &platform,
        StatusCode::UNAUTHORIZED,
        "lti_invalid_signature",
        |l| {
            jsonwebtoken::encode(
                &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
                &json!({"iss": platform.base, "aud": CLIENT_ID, "nonce": l.nonce}),
                &jsonwebtoken::EncodingKey::from_secret(b"guessable"),
            )
            .unwrap()
        },
    )
    .await;
    refused(
        &app,
        &platform,
        StatusCode::UNAUTHORIZED,
        "lti_wrong_audience",
        |l| {
            variant(&platform, &platform.state.keys, &l.nonce, |c| {
                c["aud"] = json!("someone-else");
                c["azp"] = json!("someone-else");
            })
        },
    )
    .await;
    refused(
        &app,
        &platform,
        StatusCode::UNAUTHORIZED,
        "lti_unknown_deployment",
        |l| {
            variant(&platform, &platform.state.keys, &l.nonce, |c| {
                c["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] =
                    json!("deployment-9");
            })
        },
    )
    .await;
    refused(
        &app,
        &platform,
        StatusCode::UNAUTHORIZED,
        "lti_token_expired",
        |l| {
            let past = chrono::Utc::now().timestamp() - 3600;
            variant(&platform, &platform.state.keys, &l.nonce, |c| {
                c["iat"] = json!(past - 300);
                c["exp"] = json!(past);
            })
        },
    )
    .await;
    refused(
        &app,
        &platform,
        StatusCode::UNAUTHORIZED,
        "lti_nonce_mismatch",
        |_| {
            variant(
                &platform,
                &platform.state.keys,
                "not-the-login-nonce",
                |_| {},
            )
        },
    )
    .await;
    let wrong_version = {
        let login = initiate(&app, &platform, "mallory", "launch").await;
        let token = variant(&platform, &platform.state.keys, &login.nonce, |c| {
            c["https://purl.imsglobal.org/spec/lti/claim/version"] = json!("1.1");
        });
        post_launch(&app, Some(&login.cookie), &token, &login.state).await
    };
    let body = assert_problem(wrong_version, StatusCode::BAD_REQUEST, "lti_invalid_claim").await;
    assert!(
        body["fields"]["https://purl.imsglobal.org/spec/lti/claim/version"].is_string(),
        "{body}"
    );

    // State: unknown, or not this browser's (no cookie), or spent by an earlier launch.
    let login = initiate(&app, &platform, "mallory", "launch").await;
    let response = post_launch(&app, Some(&login.cookie), &login.id_token, "made-up-state").await;
    assert_problem(response, StatusCode::BAD_REQUEST, "lti_state_mismatch").await;
    let response = post_launch(&app, None, &login.id_token, &login.state).await;
    assert_problem(response, StatusCode::BAD_REQUEST, "lti_state_mismatch").await;
    assert!(linked_account(&app, &platform, "mallory").await.is_none());

    let first = post_launch(&app, Some(&login.cookie), &login.id_token, &login.state).await;
    assert_eq!(
        first.status(),
        StatusCode::SEE_OTHER,
        "the genuine launch works"
    );
    let replay = post_launch(&app, Some(&login.cookie), &login.id_token, &login.state).await;
    assert_problem(replay, StatusCode::BAD_REQUEST, "lti_state_mismatch").await;
    // The same id_token under a fresh login: its nonce is spent.
    let fresh = initiate(&app, &platform, "mallory", "launch").await;
    let replay = post_launch(&app, Some(&fresh.cookie), &login.id_token, &fresh.state).await;
    assert_problem(replay, StatusCode::UNAUTHORIZED, "lti_nonce_replayed").await;
}

#[tokio::test]
async fn lti_login_and_deep_linking_refuse_strangers() {
    let app = TestApp::spawn().await;
    let platform = TestPlatform::start(&app).await;
    platform.register(&app).await;

    let unknown = app
        .client
        .get(app.url("/lti/login"))
        .query(&[
            ("iss", "https://lms.nowhere.example"),
            ("login_hint", "x"),
            ("target_link_uri", "https://codestead.test/lti/launch"),
        ])
        .send()
        .await
        .unwrap();
    assert_problem(unknown, StatusCode::BAD_REQUEST, "lti_unknown_platform").await;
    let incomplete = app
        .client
        .post(app.url("/lti/login"))
        .form(&[("iss", platform.base.as_str())])
        .send()
        .await
        .unwrap();
    let body = assert_problem(
        incomplete,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["login_hint"].is_string(), "{body}");
    assert!(body["fields"]["target_link_uri"].is_string(), "{body}");

    // A learner's deep-linking request gets no picker.
    let login = initiate(&app, &platform, "student-1", "student-deep-link").await;
    let response = post_launch(&app, Some(&login.cookie), &login.id_token, &login.state).await;
    assert_problem(response, StatusCode::FORBIDDEN, "lti_not_instructor").await;

    // A picker form that Codestead did not sign.
    let forged = app
        .client
        .post(app.url("/lti/deep-link"))
        .form(&[("context", "not-a-token"), ("contentId", EXERCISE)])
        .send()
        .await
        .unwrap();
    let body = assert_problem(
        forged,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["context"].is_string(), "{body}");
}

#[tokio::test]
async fn lti_platforms_are_registered_by_administrators_only_and_validated() {
    let app = TestApp::spawn().await;
    let platform = TestPlatform::start(&app).await;
    let root = admin(&app).await;
    let learner = app.learner().await;
    let path = "/api/v1/admin/lti/platforms";

    let response = app
        .post_as(&learner.access, path, Some(platform.registration()))
        .await;
    assert_problem(response, StatusCode::FORBIDDEN, "admin_only").await;
    assert_problem(
        app.get_as(&learner.access, path).await,
        StatusCode::FORBIDDEN,
        "admin_only",
    )
    .await;

    let mut bad = platform.registration();
    bad["jwksUrl"] = json!("not a url");
    bad["deploymentIds"] = json!([""]);
    let response = app.post_as(&root.access, path, Some(bad)).await;
    let body = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["jwksUrl"].is_string(), "{body}");
    assert!(body["fields"]["deploymentIds"].is_string(), "{body}");
    let listed: Value = app.get_as(&root.access, path).await.json().await.unwrap();
    assert_eq!(listed, json!([]), "nothing registered");

    let created: Value = app
        .post_as(&root.access, path, Some(platform.registration()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["clientId"], CLIENT_ID);
    assert_eq!(created["deploymentIds"], json!([DEPLOYMENT]));
    let again = app
        .post_as(&root.access, path, Some(platform.registration()))
        .await;
    assert_problem(again, StatusCode::CONFLICT, "lti_platform_taken").await;

    let tool: Value = app
        .get_as(&root.access, "/api/v1/admin/lti/tool")
        .await
        .json()
        .await
        .unwrap();
    assert!(tool["jwksUrl"].as_str().unwrap().ends_with("/lti/jwks"));
    let id = created["id"].as_str().unwrap();
    let one = format!("{path}/{id}");
    let response = app
        .request(reqwest::Method::DELETE, &one, None, Some(&learner.access))
        .await;
    assert_problem(response, StatusCode::FORBIDDEN, "admin_only").await;
    let response = app
        .request(reqwest::Method::DELETE, &one, None, Some(&root.access))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .request(reqwest::Method::DELETE, &one, None, Some(&root.access))
        .await;
    assert_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    // A removed platform's launches are not accepted.
    let login = app
        .client
        .get(app.url("/lti/login"))
        .query(&[
            ("iss", platform.base.as_str()),
            ("login_hint", "x"),
            ("target_link_uri", "https://codestead.test/lti/launch"),
        ])
        .send()
        .await
        .unwrap();
    assert_problem(login, StatusCode::BAD_REQUEST, "lti_unknown_platform").await;
}

#[tokio::test]
async fn lti_a_lesson_link_is_graded_when_the_lesson_is_completed() {
    let app = TestApp::spawn().await;
    let platform = TestPlatform::start(&app).await;
    platform.register(&app).await;
    let lessons: Value = app
        .client
        .get(app.url("/api/v1/content?type=lesson&perPage=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lesson = lessons["items"][0]["slug"].as_str().unwrap().to_owned();
    platform.state.recorded.lock().unwrap().custom = Some(json!({"codestead_content": lesson}));

    let login = initiate(&app, &platform, "student-9", "launch").await;
    let landed = post_launch(&app, Some(&login.cookie), &login.id_token, &login.state).await;
    assert_eq!(landed.headers()["location"], format!("/learn/{lesson}"));
    let access = access_cookie(&landed).expect("signed in");
    assert!(
        platform.scores().is_empty(),
        "nothing is graded before completion"
    );

    let id = content_id(&app, &lesson).await;
    let response = app
        .post_as(&access, &format!("/api/v1/progress/{id}/complete"), None)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    platform.wait_for_score_attempts(1).await;
    let scores = platform.scores();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].body["userId"], "student-9");
    assert_eq!(scores[0].body["scoreGiven"], 1.0);
}

#[tokio::test]
async fn lti_a_launch_naming_no_item_of_this_server_is_refused() {
    let app = TestApp::spawn().await;
    let platform = TestPlatform::start(&app).await;
    platform.register(&app).await;
    platform.state.recorded.lock().unwrap().custom =
        Some(json!({"codestead_content": "no-such-exercise"}));
    refused(
        &app,
        &platform,
        StatusCode::NOT_FOUND,
        "lti_unknown_content",
        |l| l.id_token.clone(),
    )
    .await;

    // The tool's routes are in the OpenAPI document.
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/lti/login",
        "/lti/launch",
        "/lti/jwks",
        "/lti/deep-link",
        "/api/v1/admin/lti/platforms",
        "/api/v1/admin/lti/platforms/{id}",
        "/api/v1/admin/lti/tool",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
}
