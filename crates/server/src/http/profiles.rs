//! `/api/v1/users/{username}`: public profiles, built from the learner's own work.
//! A profile is public when its owner keeps `isPublic` on and has verified the e-mail
//! address; unknown, private and deleted accounts all answer the same 404.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use codestead_sandbox::{RunRequest, SourceFile};

use crate::auth::service::ClientInfo;
use crate::error::{ApiError, ApiResult, Problem};
use crate::http::admin::DayCountDto;
use crate::http::executions::ExecutionResponse;
use crate::learning::insights::AchievementDto;
use crate::portfolio::Skills;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/{username}", get(get_profile))
        .route("/users/{username}/projects/{project_id}", get(get_showcase))
        .route(
            "/users/{username}/projects/{project_id}/run",
            post(run_showcase),
        )
        .route("/avatars/{user_id}/{file}", get(get_avatar))
}

#[derive(OpenApi)]
#[openapi(
    paths(get_profile, get_showcase, run_showcase, get_avatar),
    components(schemas(
        ProfileDto,
        LinkDto,
        SkillsDto,
        TrackSkillDto,
        CategorySkillDto,
        LanguageSkillDto,
        ProfileProjectDto,
        ShowcaseDto,
        ShowcaseOwnerDto,
        ShowcaseFileDto,
        ShowcaseRunRequest,
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
    /// `python`, `javascript`, `java` or `cpp`, when known.
    pub language: Option<String>,
    pub file_count: i32,
    pub line_count: i64,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<codestead_store::projects::Project> for ProfileProjectDto {
    fn from(p: codestead_store::projects::Project) -> Self {
        Self {
            id: p.id,
            title: p.title,
            description: p.description,
            technology_stack: p.technology_stack,
            language: p.language,
            file_count: p.file_count,
            line_count: p.line_count,
            updated_at: p.last_activity_at,
        }
    }
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
    /// Earned achievements only.
    pub achievements: Vec<AchievementDto>,
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
        let techs = project
            .technology_stack
            .iter()
            .chain(project.language.iter());
        let mut seen = Vec::new();
        for tech in techs {
            if seen.contains(&tech) {
                continue;
            }
            seen.push(tech);
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
    let user = state.portfolio.visible_user(&username).await?;
    // Independent reads: on PostgreSQL each is a round trip, so they overlap. Two
    // domains answer, so each failure becomes the boundary's error first.
    use futures::TryFutureExt;
    let (skills, activity, projects, achievements) = tokio::try_join!(
        state.portfolio.skills(user.id).map_err(ApiError::from),
        state.portfolio.activity(user.id).map_err(ApiError::from),
        state
            .portfolio
            .public_projects(user.id)
            .map_err(ApiError::from),
        state.insights.achievements(user.id).map_err(ApiError::from)
    )?;
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
    let projects: Vec<ProfileProjectDto> = projects.into_iter().map(Into::into).collect();
    let achievements = achievements
        .into_iter()
        .filter(|a| a.earned_at.is_some())
        .collect();
    Ok(Json(ProfileDto {
        name: format!("{} {}", user.first_name, user.last_name)
            .trim()
            .to_owned(),
        username: user.username,
        bio: user.bio,
        links,
        avatar_url: user.avatar_url,
        skills: skills_dto(skills, &projects),
        projects,
        achievements,
        activity: activity
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

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ShowcaseOwnerDto {
    pub username: String,
    pub name: String,
    pub avatar_url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShowcaseFileDto {
    pub path: String,
    pub content: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ShowcaseDto {
    #[serde(flatten)]
    pub project: ProfileProjectDto,
    pub entry_path: Option<String>,
    pub owner: ShowcaseOwnerDto,
    /// The text of the project's root `README.md` (any case), if it has one.
    pub readme: Option<String>,
    /// Every file with its content, by path.
    pub files: Vec<ShowcaseFileDto>,
}

/// A public project of a public profile, with its files (no login needed).
#[utoipa::path(get, path = "/api/v1/users/{username}/projects/{project_id}", tag = "profiles",
    params(("username" = String, Path), ("project_id" = Uuid, Path)),
    responses((status = 200, body = ShowcaseDto), (status = 404, body = Problem)))]
async fn get_showcase(
    State(state): State<AppState>,
    Path((username, project_id)): Path<(String, Uuid)>,
) -> ApiResult<Json<ShowcaseDto>> {
    let owner = state.portfolio.visible_user(&username).await?;
    let (project, files) = state
        .projects
        .public_project(&owner.username, project_id)
        .await?;
    let readme = files
        .iter()
        .find(|f| f.file.path.eq_ignore_ascii_case("readme.md"))
        .map(|f| f.content.clone());
    Ok(Json(ShowcaseDto {
        entry_path: project.entry_path.clone(),
        project: project.into(),
        owner: ShowcaseOwnerDto {
            name: format!("{} {}", owner.first_name, owner.last_name)
                .trim()
                .to_owned(),
            username: owner.username,
            avatar_url: owner.avatar_url,
        },
        readme,
        files: files
            .into_iter()
            .map(|f| ShowcaseFileDto {
                path: f.file.path,
                content: f.content,
            })
            .collect(),
    }))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowcaseRunRequest {
    /// The file to run; the project's own entry when absent. Must be one of its files.
    pub entry: Option<String>,
    /// Input for the program (at most 64 KiB).
    pub stdin: Option<String>,
}

/// Run a public project as its owner published it, for any visitor. Limited per
/// client address; the run is not recorded in anyone's history.
#[utoipa::path(post, path = "/api/v1/users/{username}/projects/{project_id}/run", tag = "profiles",
    params(("username" = String, Path), ("project_id" = Uuid, Path)),
    request_body(content = ShowcaseRunRequest, description = "Optional"),
    responses((status = 200, body = ExecutionResponse), (status = 404, body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem), (status = 503, body = Problem)))]
async fn run_showcase(
    State(state): State<AppState>,
    Path((username, project_id)): Path<(String, Uuid)>,
    client: ClientInfo,
    body: Bytes,
) -> ApiResult<Json<ExecutionResponse>> {
    let body: ShowcaseRunRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ShowcaseRunRequest::default()
    } else {
        crate::extract::parse_json(&body)?
    };
    let stdin = body.stdin.unwrap_or_default();
    if stdin.len() > 64 * 1024 {
        return Err(ApiError::field("stdin", "must be at most 64 KiB"));
    }
    let owner = state.portfolio.visible_user(&username).await?;
    let (project, files) = state
        .projects
        .public_project(&owner.username, project_id)
        .await?;
    let language = project
        .language
        .as_deref()
        .and_then(|l| l.parse().ok())
        .ok_or_else(|| ApiError::field("language", "this project has no runnable language"))?;
    if let Some(entry) = &body.entry
        && !files.iter().any(|f| &f.file.path == entry)
    {
        return Err(ApiError::field("entry", "is not a file of this project"));
    }
    let request = RunRequest {
        language,
        files: files
            .into_iter()
            .map(|f| SourceFile::new(f.file.path, f.content))
            .collect(),
        entry: body.entry.or_else(|| project.entry_path.clone()),
        stdin,
    };
    // Visitors share the per-run budget by address, separately from signed-in users.
    let rate_key = format!("visitor:{}", client.ip.as_deref().unwrap_or("unknown"));
    let report = state
        .executions
        .execute_anonymous(request, &rate_key, Some(project.id), owner.id)
        .await?;
    Ok(Json(report.into()))
}
