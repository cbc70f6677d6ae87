//! The work root (`/dev/shm/codestead-sandbox` by default), created without following links.
//!
//! `/dev/shm` and `/tmp` are world-writable: any local user could plant the work root's name
//! there first, as a symlink to a directory the server would then chmod and fill (as root), or
//! as a directory of their own whose contents they control. So the last component is made with
//! `mkdirat`, opened with `O_NOFOLLOW | O_DIRECTORY`, and must then be owned by the server's
//! own uid; its mode is set through that descriptor. The parent path is trusted (it is the
//! operator's choice, `/dev/shm` by default) and may contain symlinks.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

fn cstr(bytes: &[u8]) -> io::Result<CString> {
    CString::new(bytes).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))
}

fn check(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

/// Creates (or adopts) `path` as the work root with `mode`, refusing a symlink, a non-directory,
/// or a directory owned by anyone but the calling user.
pub(crate) fn create_work_root(path: &Path, mode: libc::mode_t) -> io::Result<()> {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the work root needs a parent directory and a name",
        ));
    };
    let parent = cstr(parent.as_os_str().as_bytes())?;
    let name = cstr(name.as_bytes())?;
    // SAFETY: valid C strings; the descriptors returned are owned right away.
    let parent_fd = unsafe {
        OwnedFd::from_raw_fd(check(libc::open(
            parent.as_ptr(),
            libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC,
        ))?)
    };
    // SAFETY: as above.
    if unsafe { libc::mkdirat(parent_fd.as_raw_fd(), name.as_ptr(), mode) } != 0 {
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::AlreadyExists {
            return Err(e);
        }
    }
    // SAFETY: as above.
    let fd = unsafe {
        libc::openat(
            parent_fd.as_raw_fd(),
            name.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        let e = io::Error::last_os_error();
        return Err(match e.raw_os_error() {
            Some(libc::ELOOP) | Some(libc::ENOTDIR) => io::Error::other(
                "it exists and is a symlink or not a directory: refusing a pre-planted work root",
            ),
            _ => e,
        });
    }
    // SAFETY: fd is a fresh descriptor.
    let dir = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: fstat into a zeroed stat buffer.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    check(unsafe { libc::fstat(dir.as_raw_fd(), &mut st) })?;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if st.st_uid != me {
        return Err(io::Error::other(format!(
            "it exists and belongs to uid {}, not to this server (uid {me}): refusing a \
             pre-planted work root",
            st.st_uid
        )));
    }
    // SAFETY: fchmod on our own descriptor.
    check(unsafe { libc::fchmod(dir.as_raw_fd(), mode) })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn scratch(tag: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("codestead-workroot-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).unwrap();
        dir
    }

    #[test]
    fn a_fresh_work_root_is_created_with_the_mode_and_an_existing_one_is_adopted() {
        let dir = scratch("fresh");
        let root = dir.join("root");
        create_work_root(&root, 0o711).unwrap();
        let mode = std::fs::metadata(&root).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o711);
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o777)).unwrap();
        create_work_root(&root, 0o711).unwrap();
        let mode = std::fs::metadata(&root).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o711, "an adopted root gets its mode back");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_planted_symlink_is_refused_and_its_target_untouched() {
        let dir = scratch("symlink");
        let target = dir.join("target");
        std::fs::create_dir(&target).unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o700)).unwrap();
        let root = dir.join("root");
        std::os::unix::fs::symlink(&target, &root).unwrap();
        let err = create_work_root(&root, 0o711).unwrap_err();
        assert!(err.to_string().contains("pre-planted"), "{err}");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o700);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
