//! Project file paths: relative, `/`-separated and normalised, so one file has one
//! spelling and no path can name anything outside the project (in an export, an
//! import or the sandbox).

pub const MAX_PATH_LEN: usize = 255;

/// The path in canonical form, or why it is refused (a learner-facing phrase).
pub fn normalise(raw: &str) -> Result<String, &'static str> {
    if raw.is_empty() {
        return Err("must not be empty");
    }
    if raw.len() > MAX_PATH_LEN {
        return Err("must be at most 255 characters");
    }
    if raw.chars().any(char::is_control) {
        return Err("must not contain control characters");
    }
    if raw.contains('\\') {
        return Err("use / to separate directories");
    }
    if raw.starts_with('/') {
        return Err("must be relative (no leading /)");
    }
    // A Windows drive letter would be absolute on extraction there.
    if raw.len() >= 2 && raw.as_bytes()[1] == b':' {
        return Err("must be relative (no drive letter)");
    }
    let mut segments = Vec::new();
    for segment in raw.split('/') {
        match segment {
            "" => return Err("must not contain empty segments (//) or end with /"),
            "." => continue,
            ".." => return Err("must not contain .."),
            s if s.trim() != s => return Err("names must not start or end with spaces"),
            s => segments.push(s),
        }
    }
    if segments.is_empty() {
        return Err("must name a file");
    }
    Ok(segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths_are_kept_and_dots_dropped() {
        assert_eq!(normalise("main.py").unwrap(), "main.py");
        assert_eq!(normalise("src/lib/a.js").unwrap(), "src/lib/a.js");
        assert_eq!(normalise("./src/./a.js").unwrap(), "src/a.js");
        assert_eq!(normalise("My Notes.md").unwrap(), "My Notes.md");
    }

    #[test]
    fn escaping_and_odd_paths_are_refused() {
        for bad in [
            "",
            "../x",
            "a/../../x",
            "a/..",
            "/etc/passwd",
            "C:/x",
            "a\\b",
            "a//b",
            "a/",
            ".",
            "nul\0x",
            "tab\tx",
            " lead",
            &"x".repeat(256),
        ] {
            assert!(normalise(bad).is_err(), "{bad:?}");
        }
    }
}
