use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "code_executions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub project_id: Option<Uuid>,
    pub language: String,
    /// `[{path, content}]` as submitted.
    pub files: Json,
    pub entry: Option<String>,
    pub stdin: String,
    pub status: String,
    pub stdout: String,
    pub stderr: String,
    pub compile_output: Option<String>,
    pub exit_code: Option<i32>,
    pub execution_time_ms: i64,
    pub cpu_time_ms: i64,
    pub memory_bytes: i64,
    pub cached: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
