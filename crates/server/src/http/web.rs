//! The web app, embedded in the binary: hashed assets are cached forever, `index.html`
//! never, and any other non-API path falls back to `index.html` (client-side routes).
//! Public profile pages (`/u/{username}[/{project}]`) get Open Graph tags in the head.
//! The service worker (`/sw.js`, docs/offline.md) is JavaScript revalidated on every check, so a
//! deploy reaches learners' browsers; a build without one serves a worker that removes itself.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use crate::portfolio::og::{self, PageMeta};
use crate::state::AppState;

#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/../../web/dist"]
struct Assets;

pub async fn serve_asset(State(state): State<AppState>, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return StatusCode::NOT_FOUND.into_response();
    }
    if path == SERVICE_WORKER {
        return service_worker();
    }
    if let Some(file) = (!path.is_empty()).then(|| Assets::get(path)).flatten() {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_str(mime.as_ref())
                        .unwrap_or(HeaderValue::from_static("application/octet-stream")),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            ],
            file.data,
        )
            .into_response();
    }
    let meta = match profile_path(path) {
        Some((username, project)) => page_meta(&state, username, project).await,
        None => None,
    };
    index_html(meta.as_ref())
}

/// The service worker's path. At the root, so its scope is the whole app without a
/// `Service-Worker-Allowed` header (a worker may control only its own directory and below).
const SERVICE_WORKER: &str = "sw.js";

/// Served instead of the real worker by a binary whose web app has none (built without it, or
/// from before it): a browser that installed a worker from an earlier build must not keep serving
/// that build's shell forever, so this one deletes Codestead's caches and unregisters itself: the
/// next page load comes from the server. (It does not reload open tabs under a learner's work.)
const RETIRING_WORKER: &str = "\
// No offline support in this build: remove the worker an earlier build installed, and its caches.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('codestead-') || key.startsWith('workbox-')) await caches.delete(key);
    }
    await self.registration.unregister();
  })());
});
";

/// `/sw.js`: JavaScript (a browser refuses a worker served as anything else) and `no-cache`, so
/// every update check asks the server and a deploy's new worker is found at once. Browsers also
/// cap a worker script's HTTP caching at 24 hours, but `no-cache` makes that moot.
fn service_worker() -> Response {
    let body = match Assets::get(SERVICE_WORKER) {
        Some(file) => file.data,
        None => std::borrow::Cow::Borrowed(RETIRING_WORKER.as_bytes()),
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// `u/{username}` or `u/{username}/{project}`.
fn profile_path(path: &str) -> Option<(&str, Option<&str>)> {
    let rest = path.strip_prefix("u/")?.trim_end_matches('/');
    let mut parts = rest.split('/');
    let username = parts.next().filter(|u| !u.is_empty())?;
    let project = parts.next();
    parts.next().is_none().then_some((username, project))
}

/// Preview data for a public profile; None (a plain page) for anything not public.
/// A failed lookup only costs the preview, never the page.
async fn page_meta(state: &AppState, username: &str, project: Option<&str>) -> Option<PageMeta> {
    let user = state.portfolio.visible_user(username).await.ok()?;
    let base = state.config.public_url.trim_end_matches('/');
    let name = format!("{} {}", user.first_name, user.last_name)
        .trim()
        .to_owned();
    let mut meta = PageMeta {
        title: format!("{name} (@{}) · Codestead", user.username),
        description: user
            .bio
            .clone()
            .unwrap_or_else(|| format!("{name} learns to code on Codestead.")),
        url: format!("{base}/u/{}", user.username),
        image: user.avatar_url.as_ref().map(|a| format!("{base}{a}")),
    };
    if let Some(project) = project {
        let (title, description) = state.portfolio.public_project_meta(&user, project).await?;
        meta.url = format!("{base}/u/{}/{project}", user.username);
        meta.title = format!("{title} by {name} · Codestead");
        if let Some(description) = description {
            meta.description = description;
        }
    }
    Some(meta)
}

const NO_APP: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Codestead</title>\
     </head><body><p>The web app is not built into this binary. Run <code>make build</code>.</p>\
     </body></html>";

fn index_html(meta: Option<&PageMeta>) -> Response {
    let (status, html) = match Assets::get("index.html") {
        Some(file) => (StatusCode::OK, file.data),
        None => (
            StatusCode::OK,
            std::borrow::Cow::Borrowed(NO_APP.as_bytes()),
        ),
    };
    let body = match meta {
        Some(meta) => og::inject(&String::from_utf8_lossy(&html), meta).into_bytes(),
        None => html.into_owned(),
    };
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}
