//! Files holding secrets or learners' data are created private to the server's user:
//! directories 0700, files 0600. A shared host's other users (or a web server with a
//! wrong root) must not read reset links, the signing key, the database or blobs.

use std::path::Path;

use anyhow::Context;

/// Makes `dir` 0700 (it must exist).
pub fn restrict_dir(dir: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("making {} private", dir.display()))?;
    }
    Ok(())
}

/// Makes `file` 0600 (it must exist).
pub fn restrict_file(file: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("making {} private", file.display()))?;
    }
    Ok(())
}

/// Creates `file` empty with mode 0600 if it does not exist, and makes it 0600 if it
/// does: SQLite then gives its `-wal` and `-shm` files the same mode.
pub fn ensure_private_file(file: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(file)
        .with_context(|| format!("creating {}", file.display()))?;
    restrict_file(file)
}

/// Writes a new file with mode 0600 from the start (never briefly world-readable).
pub fn create_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
