use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub class_id: Uuid,
    /// `item` or `module`.
    pub kind: String,
    /// The item's permanent id or the module's slug.
    pub target: String,
    pub title: String,
    /// The covered content ids (a JSON array of UUID strings).
    pub content_ids: Json,
    pub opens_at: Option<DateTimeUtc>,
    pub due_at: Option<DateTimeUtc>,
    pub allow_late: bool,
    /// Language ids (a JSON array); empty means any.
    pub allowed_languages: Json,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
