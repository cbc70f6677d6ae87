//! `/api/v1/users/{username}`: public profiles, built from the learner's own work.
//! A profile is public when its owner keeps `isPublic` on and has verified the e-mail
//! address; unknown, private and deleted accounts all answer the same 404.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use crate::error::{ApiResult, Problem};
use crate::http::admin::DayCountDto;
use crate::portfolio::Skills;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/{username}", get(get_profile))
        .route("/avatars/{user_id}/{file}", get(get_avatar))
}

#[derive(OpenApi)]
#[openapi(
    paths(get_profile, get_avatar),
    components(schemas(
        ProfileDto,
        LinkDto,
        SkillsDto,
        TrackSkillDto,
        CategorySkillDto,
        LanguageSkillDto,
        ProfileProjectDto,
        Problem
    ))
)]
pub struct Api;

#[derive(Debug, Serialize, ToSchema)]
pub struct LinkDto {
    /// `github` or `linkedin`.
    pub kind: String,
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrackSkillDto {
    pub track: String,
    pub title: String,
    /// Items of the track completed.
    pub completed: usize,
    pub total: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategorySkillDto {
    pub category: String,
    pub completed: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LanguageSkillDto {
    pub language: String,
    /// Programs run in this language.
    pub runs: i64,
    /// Public projects in this language.
    pub projects: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SkillsDto {
    pub tracks: Vec<TrackSkillDto>,
    /// Most completed first.
    pub categories: Vec<CategorySkillDto>,
    /// Most used first.
    pub languages: Vec<LanguageSkillDto>,
}

/// A public project as listed on its owner's profile.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileProjectDto {
    pub id: uuid::Uuid,
    pub title: String,
    pub description: Option<String>,
    pub technology_stack: Vec<String>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDto {
    pub username: String,
    /// First and last name.
    pub name: String,
    pub bio: Option<String>,
    pub links: Vec<LinkDto>,
    pub avatar_url: Option<String>,
    pub skills: SkillsDto,
    /// Public projects only, most recently updated first.
    pub projects: Vec<ProfileProjectDto>,
    #[schema(value_type = Vec<Object>)]
    pub achievements: Vec<serde_json::Value>,
    /// The last 365 days of activity (runs, graded attempts, completions); days without
    /// activity are left out.
    pub activity: Vec<DayCountDto>,
}

pub fn skills_dto(skills: Skills, projects: &[ProfileProjectDto]) -> SkillsDto {
    let mut categories: Vec<CategorySkillDto> = skills
        .categories
        .into_iter()
        .map(|(category, completed)| CategorySkillDto {
            category,
            completed,
        })
        .collect();
    categories.sort_by_key(|c| std::cmp::Reverse(c.completed));
    let mut languages: Vec<LanguageSkillDto> = skills
        .languages
        .iter()
        .map(|(language, runs)| LanguageSkillDto {
            language: language.clone(),
            runs: *runs,
            projects: 0,
        })
        .collect();
    for project in projects {
        for tech in &project.technology_stack {
            let tech = tech.to_lowercase();
            match languages.iter_mut().find(|l| l.language == tech) {
                Some(l) => l.projects += 1,
                None if ["python", "javascript", "java", "cpp"].contains(&tech.as_str()) => {
                    languages.push(LanguageSkillDto {
                        language: tech,
                        runs: 0,
                        projects: 1,
                    })
                }
                None => {}
            }
        }
    }
    languages.sort_by_key(|l| std::cmp::Reverse((l.runs, l.projects)));
    SkillsDto {
        tracks: skills
            .tracks
            .into_iter()
            .map(|t| TrackSkillDto {
                track: t.track,
                title: t.title,
                completed: t.completed,
                total: t.total,
            })
            .collect(),
        categories,
        languages,
    }
}

/// A learner's public profile.
#[utoipa::path(get, path = "/api/v1/users/{username}", tag = "profiles",
    params(("username" = String, Path)),
    responses((status = 200, body = ProfileDto), (status = 404, body = Problem)))]
async fn get_profile(
    State(state): State<AppState>,
    Path(username): Path<String>,
) -> ApiResult<Json<ProfileDto>> {
    let profile = state.portfolio.public_profile(&username).await?;
    let user = profile.user;
    let mut links = Vec::new();
    if let Some(github) = &user.github_username {
        links.push(LinkDto {
            kind: "github".into(),
            url: format!("https://github.com/{github}"),
        });
    }
    if let Some(linkedin) = &user.linkedin_url {
        links.push(LinkDto {
            kind: "linkedin".into(),
            url: linkedin.clone(),
        });
    }
    let projects: Vec<ProfileProjectDto> = Vec::new();
    Ok(Json(ProfileDto {
        name: format!("{} {}", user.first_name, user.last_name)
            .trim()
            .to_owned(),
        username: user.username,
        bio: user.bio,
        links,
        avatar_url: user.avatar_url,
        skills: skills_dto(profile.skills, &projects),
        projects,
        achievements: Vec::new(),
        activity: profile
            .activity
            .into_iter()
            .map(|d| DayCountDto {
                date: d.date,
                count: d.count,
            })
            .collect(),
    }))
}

/// An avatar image (public). File names change with every upload, so the image is
/// cached for good.
#[utoipa::path(get, path = "/api/v1/avatars/{user_id}/{file}", tag = "profiles",
    params(("user_id" = Uuid, Path), ("file" = String, Path)),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 404, body = Problem)))]
async fn get_avatar(
    State(state): State<AppState>,
    Path((user_id, file)): Path<(Uuid, String)>,
) -> ApiResult<Response> {
    let bytes = state.portfolio.avatar(user_id, &file).await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response())
}
