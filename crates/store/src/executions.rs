//! Stored code executions: the learner's run history.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entity::code_execution;
use crate::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredFile {
    pub path: String,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    pub id: Uuid,
    pub user_id: Uuid,
    pub project_id: Option<Uuid>,
    pub language: String,
    pub files: Vec<StoredFile>,
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
    pub created_at: DateTime<Utc>,
}

fn to_execution(m: code_execution::Model) -> Execution {
    Execution {
        id: m.id,
        user_id: m.user_id,
        project_id: m.project_id,
        language: m.language,
        files: serde_json::from_value(m.files).unwrap_or_default(),
        entry: m.entry,
        stdin: m.stdin,
        status: m.status,
        stdout: m.stdout,
        stderr: m.stderr,
        compile_output: m.compile_output,
        exit_code: m.exit_code,
        execution_time_ms: m.execution_time_ms,
        cpu_time_ms: m.cpu_time_ms,
        memory_bytes: m.memory_bytes,
        cached: m.cached,
        created_at: m.created_at,
    }
}

impl Store {
    #[tracing::instrument(skip_all, err)]
    pub async fn insert_execution(&self, e: Execution) -> Result<Execution, StoreError> {
        let model = code_execution::ActiveModel {
            id: Set(e.id),
            user_id: Set(e.user_id),
            project_id: Set(e.project_id),
            language: Set(e.language),
            files: Set(serde_json::to_value(&e.files).unwrap_or_default()),
            entry: Set(e.entry),
            stdin: Set(e.stdin),
            status: Set(e.status),
            stdout: Set(e.stdout),
            stderr: Set(e.stderr),
            compile_output: Set(e.compile_output),
            exit_code: Set(e.exit_code),
            execution_time_ms: Set(e.execution_time_ms),
            cpu_time_ms: Set(e.cpu_time_ms),
            memory_bytes: Set(e.memory_bytes),
            cached: Set(e.cached),
            created_at: Set(e.created_at),
        }
        .insert(self.conn())
        .await?;
        Ok(to_execution(model))
    }

    /// The user's runs, newest first.
    pub async fn list_executions(
        &self,
        user_id: Uuid,
        limit: u64,
    ) -> Result<Vec<Execution>, StoreError> {
        Ok(code_execution::Entity::find()
            .filter(code_execution::Column::UserId.eq(user_id))
            .order_by_desc(code_execution::Column::CreatedAt)
            .order_by_desc(code_execution::Column::Id)
            .limit(limit)
            .all(self.conn())
            .await?
            .into_iter()
            .map(to_execution)
            .collect())
    }

    /// One of the user's runs (another user's id is simply not found).
    pub async fn find_execution(
        &self,
        user_id: Uuid,
        id: Uuid,
    ) -> Result<Option<Execution>, StoreError> {
        Ok(code_execution::Entity::find_by_id(id)
            .filter(code_execution::Column::UserId.eq(user_id))
            .one(self.conn())
            .await?
            .map(to_execution))
    }
}
