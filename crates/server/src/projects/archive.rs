//! Zip export and import. Import trusts nothing in the archive: entry count, declared
//! sizes and actual inflated sizes are all bounded (a zip bomb stops at the limit, not
//! when memory runs out), and every name goes through the project path rules, so no
//! entry can name anything outside the project.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::paths;

#[derive(Clone, Copy, Debug)]
pub struct ImportLimits {
    pub max_files: usize,
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Not a readable zip (or encrypted, or an unsupported method).
    Invalid(String),
    TooManyFiles(usize),
    FileTooLarge(String),
    TooLarge,
    BadPath {
        path: String,
        reason: &'static str,
    },
    Symlink(String),
    NotText(String),
    Empty,
}

/// Names some tools add that are not part of a project.
fn is_junk(name: &str) -> bool {
    name.starts_with("__MACOSX/") || name.rsplit('/').next() == Some(".DS_Store")
}

/// Files of a zip as (path, text), directory entries skipped. A single top-level folder
/// wrapping everything (as in GitHub's downloads) is removed.
pub fn read_zip(bytes: &[u8], limits: ImportLimits) -> Result<Vec<(String, String)>, ImportError> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Invalid(e.to_string()))?;
    // The central directory's count, before reading anything: directories are counted
    // too, with room for a handful of them.
    if archive.len() > limits.max_files * 2 + 16 {
        return Err(ImportError::TooManyFiles(archive.len()));
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|e| ImportError::Invalid(e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| ImportError::Invalid(e.to_string()))?
            .into_owned();
        if entry.is_dir() || is_junk(&name) {
            continue;
        }
        if entry.is_symlink() {
            return Err(ImportError::Symlink(name));
        }
        let path = paths::normalise(&name).map_err(|reason| ImportError::BadPath {
            path: name.clone(),
            reason,
        })?;
        if files.len() == limits.max_files {
            return Err(ImportError::TooManyFiles(files.len() + 1));
        }
        if entry.size() > limits.max_file_bytes {
            return Err(ImportError::FileTooLarge(path));
        }
        if total + entry.size() > limits.max_total_bytes {
            return Err(ImportError::TooLarge);
        }
        // The declared size may lie: read at most one byte past the limit and count.
        let mut content = Vec::new();
        (&mut entry)
            .take(limits.max_file_bytes + 1)
            .read_to_end(&mut content)
            .map_err(|e| ImportError::Invalid(e.to_string()))?;
        let size = content.len() as u64;
        if size > limits.max_file_bytes {
            return Err(ImportError::FileTooLarge(path));
        }
        total += size;
        if total > limits.max_total_bytes {
            return Err(ImportError::TooLarge);
        }
        let text = String::from_utf8(content).map_err(|_| ImportError::NotText(path.clone()))?;
        files.push((path, text));
    }
    if files.is_empty() {
        return Err(ImportError::Empty);
    }
    strip_common_folder(&mut files);
    let mut seen = std::collections::HashSet::new();
    for (path, _) in &files {
        if !seen.insert(path.as_str()) {
            return Err(ImportError::BadPath {
                path: path.clone(),
                reason: "appears twice in the archive",
            });
        }
    }
    Ok(files)
}

fn strip_common_folder(files: &mut [(String, String)]) {
    let Some(first) = files[0].0.split_once('/').map(|(dir, _)| dir.to_owned()) else {
        return;
    };
    let prefix = format!("{first}/");
    if files.iter().all(|(p, _)| p.starts_with(&prefix)) {
        for (path, _) in files.iter_mut() {
            *path = path[prefix.len()..].to_owned();
        }
    }
}

/// A deflated zip of `files` (path, content), in the given order.
pub fn write_zip<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for (path, content) in files {
        writer.start_file(path, options)?;
        writer.write_all(content)?;
    }
    Ok(writer.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ImportLimits = ImportLimits {
        max_files: 3,
        max_file_bytes: 100,
        max_total_bytes: 150,
    };

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        write_zip(entries.iter().map(|(p, c)| (*p, *c))).unwrap()
    }

    #[test]
    fn a_round_trip_keeps_paths_and_contents() {
        let bytes = zip_of(&[("main.py", b"print(1)\n"), ("lib/a.py", b"x = 1\n")]);
        let files = read_zip(&bytes, LIMITS).unwrap();
        assert_eq!(
            files,
            vec![
                ("main.py".to_owned(), "print(1)\n".to_owned()),
                ("lib/a.py".to_owned(), "x = 1\n".to_owned())
            ]
        );
    }

    #[test]
    fn a_wrapping_folder_is_removed() {
        let bytes = zip_of(&[("repo-main/a.py", b"1"), ("repo-main/b/c.py", b"2")]);
        let files = read_zip(&bytes, LIMITS).unwrap();
        assert_eq!(files[0].0, "a.py");
        assert_eq!(files[1].0, "b/c.py");
    }

    #[test]
    fn limits_and_bad_names_are_refused() {
        assert!(matches!(
            read_zip(&zip_of(&[("../evil.py", b"x")]), LIMITS),
            Err(ImportError::BadPath { .. })
        ));
        assert!(matches!(
            read_zip(&zip_of(&[("/etc/passwd", b"x")]), LIMITS),
            Err(ImportError::BadPath { .. })
        ));
        assert_eq!(
            read_zip(&zip_of(&[("a", &[b'x'; 101])]), LIMITS),
            Err(ImportError::FileTooLarge("a".into()))
        );
        assert_eq!(
            read_zip(&zip_of(&[("a", &[b'x'; 80]), ("b", &[b'x'; 80])]), LIMITS),
            Err(ImportError::TooLarge)
        );
        assert!(matches!(
            read_zip(
                &zip_of(&[("a", b""), ("b", b""), ("c", b""), ("d", b"")]),
                LIMITS
            ),
            Err(ImportError::TooManyFiles(_))
        ));
        assert_eq!(
            read_zip(&zip_of(&[("a.bin", &[0xff, 0xfe])]), LIMITS),
            Err(ImportError::NotText("a.bin".into()))
        );
        assert!(matches!(
            read_zip(b"not a zip", LIMITS),
            Err(ImportError::Invalid(_))
        ));
    }
}
