//! SeaORM entities. Private to the store: the rest of the program sees domain structs.

pub mod audit_event;
pub mod bookmark;
pub mod code_execution;
pub mod email_token;
pub mod feedback;
pub mod progress;
pub mod refresh_token;
pub mod session;
pub mod submission;
pub mod tutor_conversation;
pub mod tutor_message;
pub mod user;
