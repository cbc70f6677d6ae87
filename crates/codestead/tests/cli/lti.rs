//! `codestead admin lti …`: an operator registers a platform from the shell; bad values are
//! named and register nothing.

use std::path::Path;
use std::process::{Command, Output};

fn lti(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codestead"))
        .args(["--data-dir", data.to_str().unwrap(), "admin", "lti"])
        .args(args)
        .env_remove("CODESTEAD_DATABASE_URL")
        .env("CODESTEAD_LOG", "error")
        .output()
        .expect("run codestead")
}

const PLATFORM: &[&str] = &[
    "add-platform",
    "--name",
    "School Moodle",
    "--issuer",
    "https://moodle.school.example",
    "--client-id",
    "client-1",
    "--deployment-id",
    "1",
    "--deployment-id",
    "2",
    "--jwks-url",
    "https://moodle.school.example/mod/lti/certs.php",
    "--auth-url",
    "https://moodle.school.example/mod/lti/auth.php",
    "--token-url",
    "https://moodle.school.example/mod/lti/token.php",
];

#[test]
fn an_operator_registers_an_lti_platform_and_a_bad_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let added = lti(dir.path(), PLATFORM);
    let out = String::from_utf8_lossy(&added.stdout);
    assert!(
        added.status.success(),
        "{out} {}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(out.contains("registered School Moodle"), "{out}");
    assert!(
        out.contains("/lti/jwks"),
        "the tool URLs are printed: {out}"
    );
    assert!(
        dir.path().join("lti-key.pem").exists(),
        "the key is made on first start"
    );

    let mut bad: Vec<&str> = PLATFORM.to_vec();
    let at = bad.iter().position(|a| *a == "--jwks-url").unwrap();
    bad[at + 1] = "certs.php";
    let client = bad.iter().position(|a| *a == "client-1").unwrap();
    bad[client] = "client-2";
    let refused = lti(dir.path(), &bad);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("jwksUrl"), "the bad field is named: {err}");

    let again = lti(dir.path(), PLATFORM);
    assert!(
        !again.status.success(),
        "the same issuer and client id twice"
    );

    let listed = lti(dir.path(), &["list-platforms"]);
    let out = String::from_utf8_lossy(&listed.stdout);
    assert_eq!(out.matches("issuer=").count(), 1, "{out}");
    assert!(
        out.contains("client_id=client-1") && out.contains("deployments=1,2"),
        "{out}"
    );
}
