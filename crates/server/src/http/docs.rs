//! The OpenAPI document (`/api/v1/openapi.json`) assembled from every resource module,
//! and the Swagger UI at `/api/docs`, served from files vendored into the binary.

use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Codestead API", version = "1", description = "Learn, code, get help, build a portfolio."),
    // Every problem's `code` is one of these (the web app's types get the union).
    components(schemas(crate::domain::ErrorCode)),
    modifiers(&BearerAuth)
)]
struct Root;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = Root::openapi();
    doc.merge(super::auth::Api::openapi());
    doc.merge(super::me::Api::openapi());
    doc.merge(super::executions::Api::openapi());
    doc.merge(super::interactive::Api::openapi());
    doc.merge(super::learning::Api::openapi());
    doc.merge(super::insights::Api::openapi());
    doc.merge(super::projects::Api::openapi());
    doc.merge(super::collab::Api::openapi());
    doc.merge(super::tutor::Api::openapi());
    doc.merge(super::drafts::Api::openapi());
    doc.merge(super::certificates::Api::openapi());
    doc.merge(super::classrooms::Api::openapi());
    doc.merge(super::review::Api::openapi());
    doc.merge(super::feedback::Api::openapi());
    doc.merge(super::admin::Api::openapi());
    doc.merge(super::profiles::Api::openapi());
    doc.merge(super::portfolio::Api::openapi());
    doc.merge(super::lti::Api::openapi());
    doc
}

pub fn router() -> Router<AppState> {
    Router::new().merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", openapi()))
}
