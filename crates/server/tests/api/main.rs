//! API tests: the real router on a fresh database and port 0. The same suite runs on
//! SQLite and, with `CODESTEAD_TEST_DATABASE_URL` set, on PostgreSQL.

mod abuse;
mod accounts;
mod admin;
mod auth_budgets;
mod bad_input;
mod cache;
mod certificates;
mod classrooms;
mod collab;
mod drafts;
mod executions;
mod faults;
mod fixtures;
mod fleet;
mod helpers;
mod interactive;
mod learning;
mod learning_insights;
mod lti;
mod plumbing;
mod portfolio;
mod project_drafts;
mod projects;
mod property;
mod ratings;
mod regrade;
mod scale_out;
mod sessions;
mod share_copy;
mod tutor;
mod tutor_local_model;
