//! SeaORM entities. Private to the store: the rest of the program sees domain structs.

pub mod assignment;
pub mod audit_event;
pub mod bookmark;
pub mod certificate;
pub mod class;
pub mod class_member;
pub mod code_execution;
pub mod content_rating;
pub mod content_view_total;
pub mod draft;
pub mod email_token;
pub mod feedback;
pub mod file_version;
pub mod progress;
pub mod project;
pub mod project_file;
pub mod refresh_token;
pub mod session;
pub mod submission;
pub mod tutor_conversation;
pub mod tutor_message;
pub mod user;
