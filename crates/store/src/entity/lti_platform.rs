use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lti_platforms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub issuer: String,
    pub client_id: String,
    /// A JSON array of deployment id strings.
    pub deployment_ids: Json,
    #[sea_orm(column_type = "Text")]
    pub jwks_url: String,
    #[sea_orm(column_type = "Text")]
    pub auth_url: String,
    #[sea_orm(column_type = "Text")]
    pub token_url: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
