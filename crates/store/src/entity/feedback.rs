use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// None once the author's account is purged.
    pub user_id: Option<Uuid>,
    /// `bug`, `idea`, `content` or `other`.
    pub kind: String,
    pub message: String,
    pub page: Option<String>,
    /// `new`, `triaged`, `planned`, `done` or `wontfix`.
    pub status: String,
    pub admin_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
