//! Cross-cutting behaviour: errors for unknown paths, request ids, security headers,
//! CSRF, rate limits, health, metrics, OpenAPI and the web app's fallback.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};

#[tokio::test]
async fn an_unknown_api_path_is_a_problem_404() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_wrong_method_is_a_problem_405() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/api/v1/auth/login"))
        .send()
        .await
        .unwrap();
    assert_problem(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-123");
    let fresh = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    let id = fresh.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36);
    for header in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
    ] {
        assert!(fresh.headers().contains_key(header), "{header}");
    }
    assert!(
        fresh.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    let body: Value = fresh.json().await.unwrap();
    assert_eq!(
        body["requestId"],
        id.as_str(),
        "problems quote the request id"
    );
}

#[tokio::test]
async fn a_cross_site_cookie_request_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let cookie = format!("codestead_access={}", ada.access);
    let attack = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_problem(attack, StatusCode::FORBIDDEN, "csrf_rejected").await;
    let fetch_metadata = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_problem(fetch_metadata, StatusCode::FORBIDDEN, "csrf_rejected").await;
    assert_eq!(
        app.get_as(&ada.access, "/api/v1/me").await.status(),
        StatusCode::OK,
        "still signed in"
    );

    let same_origin = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_cookie_signs_the_browser_in_for_reads() {
    let app = TestApp::spawn().await;
    let ada = app.learner().await;
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("codestead_access={}", ada.access))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
}

#[tokio::test]
async fn too_many_auth_requests_from_one_address_are_limited() {
    let app = TestApp::spawn_with(|c| c.auth_rate_per_address_per_min = Some(3)).await;
    for _ in 0..3 {
        let r = app
            .post(
                "/api/v1/auth/login",
                json!({"email": "a@example.org", "password": "whatever-really"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = app
        .post(
            "/api/v1/auth/login",
            json!({"email": "a@example.org", "password": "whatever-really"}),
        )
        .await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Health checks are never limited.
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn each_user_has_their_own_request_budget() {
    let app = TestApp::spawn_with(|c| c.api_rate_per_min = 20).await;
    let ada = app.learner().await;
    let mut limited = None;
    for _ in 0..25 {
        let r = app.get_as(&ada.access, "/api/v1/me").await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(r);
            break;
        }
    }
    let limited = limited.expect("the 21st request within a minute is limited");
    assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

/// A class behind one address loads the web app cold: its files and pages are never
/// refused, while the API budget of that address still holds.
#[tokio::test]
async fn the_web_apps_files_are_not_counted_against_the_addresss_api_budget() {
    let app = TestApp::spawn_with(|c| c.api_rate_per_min = 20).await;
    for path in ["/", "/learn", "/playground", "/favicon.svg"]
        .iter()
        .cycle()
        .take(60)
    {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_ne!(
            r.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "{path} was rate-limited"
        );
    }
    let mut limited = None;
    for _ in 0..25 {
        let r = app
            .client
            .get(app.url("/api/v1/tracks"))
            .send()
            .await
            .unwrap();
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(r);
            break;
        }
    }
    let limited = limited.expect("the address's API budget still holds");
    assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    let app = TestApp::spawn().await;
    let health: Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let ready: Value = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["checks"]["database"], "ok");
    app.register("ada@example.org").await;
    let metrics = app.metrics().await;
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(
        metrics.contains(r#"route="/api/v1/auth/register""#),
        "{metrics}"
    );
    assert!(metrics.contains("http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn the_openapi_document_lists_the_contract_and_the_docs_ui_works_offline() {
    let app = TestApp::spawn().await;
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/me",
        "/api/v1/auth/sessions/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["LoginResponse"].is_object());
    // Generated clients name their functions after operationIds, and openapi-typescript refuses
    // a document where two handlers of the same name (admin and learner stats) collide.
    let mut seen = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                assert!(
                    seen.insert(id.to_owned()),
                    "operationId {id} is used twice (again by {method} {path})"
                );
            }
        }
    }
    let ui = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(ui.status(), StatusCode::OK);
    let html = ui.text().await.unwrap();
    assert!(html.contains("swagger"), "swagger UI page");
    assert!(
        !html.contains("https://"),
        "the docs UI loads nothing from elsewhere"
    );
}

#[tokio::test]
async fn the_openapi_document_lists_every_error_code_as_the_problems_code() {
    let app = TestApp::spawn().await;
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Problem"]["properties"]["code"]["$ref"], "#/components/schemas/ErrorCode",
        "{}",
        schemas["Problem"]
    );
    let listed: Vec<&str> = schemas["ErrorCode"]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("ErrorCode is an enum: {}", schemas["ErrorCode"]))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let registry: Vec<&str> = codestead_server::domain::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(listed, registry);
    // Codes the server really sends are among them.
    for code in [
        "validation_failed",
        "email_taken",
        "not_found",
        "rate_limited",
    ] {
        assert!(listed.contains(&code), "{code} missing");
    }
}

#[tokio::test]
async fn deep_links_fall_back_to_the_web_app() {
    let app = TestApp::spawn().await;
    let page = app
        .client
        .get(app.url("/playground/some/deep/link"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-cache");
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn the_service_worker_is_javascript_revalidated_on_every_update_check() {
    let app = TestApp::spawn().await;
    let worker = app.client.get(app.url("/sw.js")).send().await.unwrap();
    assert_eq!(worker.status(), StatusCode::OK);
    // A browser refuses to register a worker served as HTML (the SPA fallback would be).
    assert_eq!(
        worker.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    // Never "immutable" like the hashed assets: a deploy's new worker must be seen at once.
    assert_eq!(worker.headers()["cache-control"], "no-cache");
    assert_eq!(worker.headers()["x-content-type-options"], "nosniff");
    // At the root its scope is the whole app, so it needs no Service-Worker-Allowed header.
    assert!(!worker.headers().contains_key("service-worker-allowed"));
    let body = worker.text().await.unwrap();
    assert!(
        body.contains("addEventListener"),
        "a worker script, whether or not the web app was built: {body:.200}"
    );

    // The path is exact: a client-side route is still the app shell.
    let page = app.client.get(app.url("/sw.js/x")).send().await.unwrap();
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}
