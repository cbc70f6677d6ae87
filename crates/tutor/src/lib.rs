//! Codestead's AI tutor: a streaming [`Provider`] abstraction with thin clients for
//! OpenAI-compatible and Anthropic APIs, the Socratic prompt and hint ladder built from the
//! learner's context, the guard that keeps solutions out of answers, and the offline tutor that
//! works with no network and no key. No web framework here: the server wires [`Tutor`] into HTTP.

pub mod anthropic;
pub mod config;
pub mod context;
pub mod error;
pub mod facts;
pub mod guard;
pub mod offline;
pub mod openai;
pub mod provider;
pub mod search;
pub mod service;
pub mod wire;

pub use anthropic::AnthropicProvider;
pub use config::{ProviderKind, RetryPolicy, TutorConfig};
pub use context::{HintRung, Lang, LessonContext, TutorContext, TutorTurn};
pub use error::TutorError;
pub use facts::{
    CrashFact, CrashKind, Divergence, DivergenceKind, RunFacts, TraceFacts, TraceStep,
};
pub use offline::{Diagnosis, OfflineProvider, OfflineTutor, diagnose};
pub use openai::OpenAiProvider;
pub use provider::{ChatRequest, Chunk, ChunkStream, Message, Provider, Role};
pub use search::{LessonHit, LessonSearch, NoLessons};
pub use service::{Tutor, TutorEvent, TutorReply, TutorSummary};
pub use tokio_util::sync::CancellationToken;
