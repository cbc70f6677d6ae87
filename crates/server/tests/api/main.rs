//! API tests: the real router on a fresh database and port 0. The same suite runs on
//! SQLite and, with `CODESTEAD_TEST_DATABASE_URL` set, on PostgreSQL.

mod accounts;
mod admin;
mod bad_input;
mod executions;
mod helpers;
mod learning;
mod plumbing;
mod portfolio;
mod property;
mod sessions;
mod tutor;
