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
    /// 1 to 5, when the author gave one.
    pub rating: Option<i32>,
    /// What the feedback is about: `lesson` or `exercise` (with `related_id`).
    pub related_type: Option<String>,
    /// The curriculum item's permanent id.
    pub related_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
