//! HTTP resources, one module each, merged under `/api/v1`.

pub mod admin;
pub mod auth;
pub mod certificates;
pub mod classrooms;
pub mod collab;
pub mod docs;
pub mod drafts;
pub mod dto;
pub mod error;
pub mod executions;
pub mod feedback;
pub mod insights;
pub mod interactive;
pub mod learning;
pub mod lti;
pub mod me;
pub mod ops;
pub mod portfolio;
pub mod profiles;
pub mod projects;
pub mod review;
pub mod tutor;
pub mod web;
