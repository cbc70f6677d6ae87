//! The sandbox's one integration-test binary: functional tests per language and the
//! hostile-input security suite. Run with `cargo test -p codestead-sandbox --test security`
//! (as root on a machine prepared by `scripts/sandbox-setup.sh`).

#[path = "security/crash.rs"]
mod crash;
#[path = "security/functional.rs"]
mod functional;
#[path = "security/hardening.rs"]
mod hardening;
#[path = "security/hostile.rs"]
mod hostile;
#[path = "security/interactive.rs"]
mod interactive;
#[path = "security/support.rs"]
mod support;
#[path = "security/trace.rs"]
mod trace;
#[path = "security/zygote.rs"]
mod zygote;
