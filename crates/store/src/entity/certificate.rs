use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// The track's slug.
    pub track: String,
    /// The random verification code of the public URL.
    pub code: String,
    /// The learner's name as it was when the certificate was issued.
    pub learner_name: String,
    pub track_title: String,
    pub completed_at: DateTimeUtc,
    pub issued_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
