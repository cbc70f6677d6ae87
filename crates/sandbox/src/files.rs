//! Validation of submitted files before anything touches the disk: count, size, and safe
//! relative paths. This is the cheap pre-check the HTTP layer also calls; security itself rests
//! on the sandbox (the files are only ever visible inside it), not on these rules.

use std::collections::BTreeSet;

use crate::{Language, SourceFile};

/// Largest accepted file, in bytes of UTF-8.
pub const MAX_FILE_BYTES: usize = 64 * 1024;
/// Most files in one submission.
pub const MAX_FILES: usize = 20;
const MAX_PATH_BYTES: usize = 200;
const MAX_DEPTH: usize = 8;

/// Why a submission was refused. `Display` is a learner-facing sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("a submission needs at least one file")]
    NoFiles,
    #[error("too many files: {0} (at most {MAX_FILES})")]
    TooManyFiles(usize),
    #[error("file {path:?} is {bytes} bytes (at most {MAX_FILE_BYTES})")]
    TooLarge { path: String, bytes: usize },
    #[error("file path {path:?} is not allowed: {reason}")]
    BadPath { path: String, reason: &'static str },
    #[error("file {0:?} appears twice")]
    Duplicate(String),
    #[error("file {0:?} clashes with a directory of the same name")]
    FileDirClash(String),
    #[error("entry file {0:?} is not among the submitted files")]
    UnknownEntry(String),
    #[error("cannot tell which file to run: name it {0} or set the entry")]
    NoEntry(&'static str),
}

impl FileError {
    /// The offending path, if the error is about one file (for a `fields` map).
    pub fn path(&self) -> Option<&str> {
        match self {
            FileError::TooLarge { path, .. } | FileError::BadPath { path, .. } => Some(path),
            FileError::Duplicate(p) | FileError::FileDirClash(p) | FileError::UnknownEntry(p) => {
                Some(p)
            }
            _ => None,
        }
    }
}

fn check_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Err("it is empty");
    }
    if path.len() > MAX_PATH_BYTES {
        return Err("it is too long");
    }
    if path.starts_with('/') {
        return Err("absolute paths are not allowed");
    }
    if path.contains('\\') {
        return Err("use / to separate directories");
    }
    let components: Vec<&str> = path.split('/').collect();
    if components.len() > MAX_DEPTH {
        return Err("it is nested too deeply");
    }
    for c in components {
        match c {
            "" => return Err("it has an empty component"),
            "." | ".." => return Err("`.` and `..` are not allowed"),
            _ => {}
        }
        if c.starts_with('-') {
            return Err("a name may not start with `-`");
        }
        if !c
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
            return Err("only letters, digits, `.`, `_`, `-` and `/` are allowed");
        }
    }
    Ok(())
}

/// Checks count (1..=20), size (64 KiB each), and paths (relative, no `.`/`..`, no empty
/// components, a conservative character set, no duplicates, no file that is also a directory).
/// Contents are `String`, so UTF-8 is guaranteed by the type.
pub fn check_source_files(files: &[SourceFile]) -> Result<(), FileError> {
    if files.is_empty() {
        return Err(FileError::NoFiles);
    }
    if files.len() > MAX_FILES {
        return Err(FileError::TooManyFiles(files.len()));
    }
    let mut seen = BTreeSet::new();
    for f in files {
        check_path(&f.path).map_err(|reason| FileError::BadPath {
            path: f.path.clone(),
            reason,
        })?;
        if f.content.len() > MAX_FILE_BYTES {
            return Err(FileError::TooLarge {
                path: f.path.clone(),
                bytes: f.content.len(),
            });
        }
        if !seen.insert(f.path.as_str()) {
            return Err(FileError::Duplicate(f.path.clone()));
        }
    }
    for f in files {
        let dir_prefix = format!("{}/", f.path);
        if seen.iter().any(|p| p.starts_with(&dir_prefix)) {
            return Err(FileError::FileDirClash(f.path.clone()));
        }
    }
    Ok(())
}

/// The file to run: the named entry, else the language's default name, else the only file.
pub(crate) fn resolve_entry(
    language: Language,
    files: &[SourceFile],
    entry: Option<&str>,
) -> Result<String, FileError> {
    if let Some(e) = entry {
        return if files.iter().any(|f| f.path == e) {
            Ok(e.to_owned())
        } else {
            Err(FileError::UnknownEntry(e.to_owned()))
        };
    }
    let default = language.default_entry();
    if files.iter().any(|f| f.path == default) {
        return Ok(default.to_owned());
    }
    match files {
        [only] => Ok(only.path.clone()),
        _ => Err(FileError::NoEntry(default)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> Vec<SourceFile> {
        paths.iter().map(|p| SourceFile::new(*p, "x")).collect()
    }

    #[test]
    fn ordinary_relative_paths_are_accepted() {
        assert_eq!(
            check_source_files(&files(&["main.py", "lib/util.py", "a-b/c_d.e"])),
            Ok(())
        );
    }

    #[test]
    fn escaping_and_odd_paths_are_rejected() {
        for bad in [
            "../x.py",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "./a",
            "a/",
            "",
            "a\\b",
            "-rf",
            "sp ace.py",
            "nul\0.py",
            "ünï.py",
        ] {
            let err = check_source_files(&files(&[bad])).unwrap_err();
            assert!(matches!(err, FileError::BadPath { .. }), "{bad:?}: {err}");
        }
    }

    #[test]
    fn counts_sizes_duplicates_and_clashes_are_rejected() {
        assert_eq!(check_source_files(&[]), Err(FileError::NoFiles));
        let many: Vec<String> = (0..21).map(|i| format!("f{i}.py")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            check_source_files(&files(&many)),
            Err(FileError::TooManyFiles(21))
        );
        let big = vec![SourceFile::new("a.py", "x".repeat(MAX_FILE_BYTES + 1))];
        assert!(matches!(
            check_source_files(&big),
            Err(FileError::TooLarge { .. })
        ));
        assert_eq!(
            check_source_files(&files(&["a.py", "a.py"])),
            Err(FileError::Duplicate("a.py".into()))
        );
        assert_eq!(
            check_source_files(&files(&["a", "a/b.py"])),
            Err(FileError::FileDirClash("a".into()))
        );
    }

    #[test]
    fn the_entry_defaults_to_the_language_name_or_the_only_file() {
        let two = files(&["util.py", "main.py"]);
        assert_eq!(
            resolve_entry(Language::Python, &two, None).unwrap(),
            "main.py"
        );
        let one = files(&["prog.py"]);
        assert_eq!(
            resolve_entry(Language::Python, &one, None).unwrap(),
            "prog.py"
        );
        let ambiguous = files(&["a.py", "b.py"]);
        assert!(resolve_entry(Language::Python, &ambiguous, None).is_err());
        assert!(resolve_entry(Language::Python, &two, Some("nope.py")).is_err());
    }
}
