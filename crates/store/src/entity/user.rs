use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub email_verified_at: Option<DateTimeUtc>,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub username: String,
    /// Lower-cased username: the unique key, so `Ada` and `ada` cannot both exist.
    pub username_key: String,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    pub github_username: Option<String>,
    pub linkedin_url: Option<String>,
    pub skill_level: String,
    pub learning_preferences: Option<Json>,
    pub timezone: String,
    pub role: String,
    pub plan: String,
    pub is_public: bool,
    pub failed_login_count: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
