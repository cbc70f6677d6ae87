use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "submissions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub content_id: Uuid,
    pub language: String,
    pub code: String,
    pub passed: bool,
    /// Per-test results as shown to the learner.
    pub results: Json,
    pub created_at: DateTimeUtc,
    /// A teacher's re-grade's verdict on the same code (see `m0017_regrades`); the grid
    /// reads it over `passed`.
    pub regraded_passed: Option<bool>,
    pub regraded_results: Option<Json>,
    pub regraded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
