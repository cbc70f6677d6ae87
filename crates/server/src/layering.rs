//! The one-way rule, checked: services never know HTTP. Outside the HTTP boundary
//! (`http/`, the extractors, the middleware and the start-up in `lib.rs`) no file may
//! name `axum`, `axum_extra` or `http`, nor the boundary's `ApiError`/`ApiResult`; a
//! domain returns its own error enum and `http::error` maps it to a status.

use std::path::{Path, PathBuf};

/// The HTTP boundary: these may speak HTTP.
const BOUNDARY: &[&str] = &[
    "http/",
    "extract.rs",
    "middleware.rs",
    "lib.rs",
    "layering.rs",
];

/// Domains still on `ApiResult` (issue #17 not finished for them). Each entry is a debt:
/// remove it when the domain gets its own error enum. `tutor/` is changed by another
/// branch in flight and waits for it.
const NOT_YET: &[&str] = &["tutor/mod.rs"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The HTTP names `line` uses, comments and string literals aside.
fn http_names(line: &str) -> Vec<&'static str> {
    let code = match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    };
    // Drop string literals (a URL's `http://` is no import, nor is a message).
    let mut bare = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in code.chars() {
        if in_string {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => escaped = false,
            }
        } else if c == '"' {
            in_string = true;
        } else {
            bare.push(c);
        }
    }
    let mut found = Vec::new();
    for name in ["axum::", "axum_extra::", "http::", "ApiError", "ApiResult"] {
        let mut from = 0;
        while let Some(i) = bare[from..].find(name) {
            let at = from + i;
            let before = bare[..at].chars().next_back();
            // `crate::http::…` and `super::http` name our own module, not the crate.
            let path_segment = before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
            if !path_segment {
                found.push(name);
            }
            from = at + name.len();
        }
    }
    found
}

#[test]
fn no_service_speaks_http() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut offences = Vec::new();
    let mut paid = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if BOUNDARY
            .iter()
            .any(|b| rel == *b || (b.ends_with('/') && rel.starts_with(b)))
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let hits: Vec<String> = text
            .lines()
            .enumerate()
            .filter_map(|(n, line)| {
                let names = http_names(line);
                (!names.is_empty()).then(|| format!("{rel}:{}: {}", n + 1, names.join(", ")))
            })
            .collect();
        if NOT_YET.contains(&rel.as_str()) {
            if hits.is_empty() {
                paid.push(rel);
            }
        } else {
            offences.extend(hits);
        }
    }
    assert!(
        offences.is_empty(),
        "HTTP outside the boundary (give the domain its own error enum):\n{}",
        offences.join("\n")
    );
    assert!(
        paid.is_empty(),
        "no longer speaks HTTP; remove from NOT_YET: {paid:?}"
    );
}

#[test]
fn the_scan_sees_imports_and_ignores_comments_strings_and_our_own_module() {
    assert_eq!(http_names("use axum::http::StatusCode;"), ["axum::"]);
    assert_eq!(http_names("use http::HeaderMap;"), ["http::"]);
    assert_eq!(http_names("fn f() -> ApiResult<()> {"), ["ApiResult"]);
    assert!(http_names("//! `http::error` maps it").is_empty());
    assert!(http_names(r#"let u = "http://x"; // axum::Router"#).is_empty());
    assert!(http_names("use crate::http::dto::Page;").is_empty());
}
