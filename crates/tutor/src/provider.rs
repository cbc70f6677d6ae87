//! The streaming provider abstraction every backend implements (OpenAI-compatible, Anthropic,
//! offline), and the request/chunk types that cross it.

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::stream::BoxStream;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::{
    TutorError,
    context::{HintRung, TutorTurn},
};

/// Who said a message in the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

impl Role {
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn user(content: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            content: content.into(),
        }
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        Self {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// One request to a provider: the rendered prompt, and (for the offline tutor, which reasons over
/// structure rather than prose) the structured turn it was rendered from.
#[derive(Clone, Debug)]
pub struct ChatRequest {
    pub system: String,
    /// Alternating user/assistant messages, ending with the learner's question.
    pub messages: Vec<Message>,
    pub max_tokens: u32,
    pub temperature: Option<f32>,
    /// The rung this answer should stand on.
    pub rung: HintRung,
    pub turn: Option<Arc<TutorTurn>>,
}

/// A piece of a streamed answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunk {
    Delta(String),
    Usage {
        input_tokens: u64,
        output_tokens: u64,
    },
    Done,
}

pub type ChunkStream = BoxStream<'static, Result<Chunk, TutorError>>;

/// A backend that streams an answer. Dropping the stream or cancelling the token closes the
/// underlying connection.
#[async_trait]
pub trait Provider: Send + Sync {
    /// Stable id for metrics and the API's `provider` field: `offline`, `openai`, `anthropic`.
    fn name(&self) -> &'static str;
    /// Starts an answer. Errors before the first chunk (status, quota, timeout) come back here;
    /// errors after it come through the stream.
    async fn stream(
        &self,
        req: ChatRequest,
        cancel: CancellationToken,
    ) -> Result<ChunkStream, TutorError>;
}
