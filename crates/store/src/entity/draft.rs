use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// What the draft is of: `exercise:<slug>`, `playground:<language>`, … (the server
    /// checks the shape; the store keeps any key).
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub language: String,
    #[sea_orm(column_type = "Text")]
    pub code: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
