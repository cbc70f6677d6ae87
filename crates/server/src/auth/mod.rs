//! Accounts and sessions: password hashing, tokens, and the account service that holds
//! the rules (lockout, rotation, revocation, e-mail verification, resets).

pub mod error;
pub mod password;
pub mod service;
pub mod tokens;
pub mod validate;
