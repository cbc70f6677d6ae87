//! The tutor's integration tests, one binary: recorded provider streams through the parsers, a
//! scripted protocol server, the offline accuracy suite over real erroneous programs, the ladder
//! and concept answers, the guardrail, and (with `make test-llm`) a real local model server.

mod accuracy;
mod detectors;
mod facts;
mod guardrail;
mod helpers;
mod ladder;
mod local_model;
mod protocol;
mod streams;
