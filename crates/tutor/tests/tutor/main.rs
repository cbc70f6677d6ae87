//! The tutor's integration tests, one binary: recorded provider streams through the parsers, a
//! scripted protocol server, the offline accuracy suite over real erroneous programs, the ladder
//! and concept answers, and the guardrail.

mod accuracy;
mod facts;
mod guardrail;
mod helpers;
mod ladder;
mod protocol;
mod streams;
