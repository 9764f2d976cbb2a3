//! The file system, carefully: reading an input without being fooled by what the path really
//! is (a FIFO that would block forever, `/dev/zero`, a sparse 2 GB file), writing atomically
//! with a backup that is itself written atomically ([`atomic`]), recognising two paths as the
//! same file, and the lock that keeps two writers off one project ([`lock`]).
//!
//! Depends only on the standard library and `base`; nothing here knows what a project is.

pub mod atomic;
pub mod lock;

pub use atomic::{Backup, remove_stale_temporaries, write_atomic, write_atomic_with};
pub use lock::{LockCheck, LockError, LockOwner, ProjectLock, lock_path};

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum InputError {
    #[error("not a regular file ({0}); Tandem reads ordinary files only")]
    NotRegular(&'static str),
    #[error("the file is too large ({size} bytes; Tandem reads files of at most {max} bytes)")]
    TooLarge { size: u64, max: u64 },
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Reads a whole input file of at most `max` bytes. The size is checked before reading, and
/// no more than `max + 1` bytes are ever read (a file that grows meanwhile is still refused);
/// anything that is not a regular file (a FIFO, a device, a directory) is refused before it
/// is opened, so nothing blocks.
pub fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, InputError> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(InputError::NotRegular(file_kind(&metadata)));
    }
    if metadata.len() > max {
        return Err(InputError::TooLarge {
            size: metadata.len(),
            max,
        });
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(InputError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// The first `max` bytes of an input file (to tell what kind of file it is), with the same
/// checks as [`read_input`] except the size.
pub fn read_head(path: &Path, max: u64) -> Result<Vec<u8>, InputError> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(InputError::NotRegular(file_kind(&metadata)));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not an ordinary file"
}

/// Whether `a` and `b` name the same existing file (through links, `..` or another
/// spelling). A path that does not exist is the same as nothing.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// The file a write to `path` must change: the target of a symbolic link (followed through
/// chains of links, relative ones against their own folder), or `path` itself.
pub fn write_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// `path` without `.` and with `..` folded into its parent, lexically (the file system is not
/// asked; links are not followed).
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `file` relative to the folder `dir` ("../terms/g.tsv"), computed lexically on absolute
/// forms of both; `file` as it is when no relative path exists (another drive).
pub fn relative_to(file: &Path, dir: &Path) -> PathBuf {
    let (Ok(file_abs), Ok(dir_abs)) = (std::path::absolute(file), std::path::absolute(dir)) else {
        return file.to_path_buf();
    };
    let (file_abs, dir_abs) = (normalize(&file_abs), normalize(&dir_abs));
    let file_parts: Vec<_> = file_abs.components().collect();
    let dir_parts: Vec<_> = dir_abs.components().collect();
    if file_parts.first() != dir_parts.first() {
        return file.to_path_buf();
    }
    let common = file_parts
        .iter()
        .zip(&dir_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..dir_parts.len() {
        out.push("..");
    }
    for part in &file_parts[common..] {
        out.push(part);
    }
    out
}

/// Whether a process with this id runs on this machine. Without `/proc` there is no cheap
/// portable answer, and the caller is told `None`.
pub fn process_alive(pid: u32) -> Option<bool> {
    if pid == std::process::id() {
        return Some(true);
    }
    let proc_dir = Path::new("/proc");
    if !proc_dir.join("self").exists() {
        return None;
    }
    Some(proc_dir.join(pid.to_string()).exists())
}

/// Writes a file only its owner may read (settings with secrets in them): the content goes
/// to a temporary file created with owner-only permissions, then is renamed into place, so
/// the secret is never readable by others, not even for a moment, and a crash leaves the old
/// file or the new one. The folder is created if needed.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&tmp)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Whether a file can be read by others than its owner (always `false` where the platform
/// has no such permissions).
pub fn readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tandem-fsio-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn inputs_are_checked_before_they_are_read() {
        let dir = temp_dir("input");
        let file = dir.join("a.txt");
        std::fs::write(&file, "12345").unwrap();
        assert_eq!(read_input(&file, 5).unwrap(), b"12345");
        let error = read_input(&file, 4).unwrap_err().to_string();
        assert!(error.contains("too large (5 bytes"), "{error}");
        let error = read_input(&dir, 10).unwrap_err().to_string();
        assert!(error.contains("not a regular file (a folder)"), "{error}");
        #[cfg(unix)]
        {
            let error = read_input(Path::new("/dev/zero"), 10)
                .unwrap_err()
                .to_string();
            assert!(error.contains("a device"), "{error}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn relative_paths_between_folders() {
        let rel = |f: &str, d: &str| relative_to(Path::new(f), Path::new(d));
        assert_eq!(rel("/a/b/g.tsv", "/a/b"), PathBuf::from("g.tsv"));
        assert_eq!(
            rel("/a/terms/g.tsv", "/a/b/c"),
            PathBuf::from("../../terms/g.tsv")
        );
        assert_eq!(rel("/a/b/../g.tsv", "/a"), PathBuf::from("g.tsv"));
        assert_eq!(normalize(Path::new("x/./y/../z")), PathBuf::from("x/z"));
    }

    #[cfg(unix)]
    #[test]
    fn same_file_sees_through_spellings_and_links() {
        let dir = temp_dir("same");
        let file = dir.join("a.txt");
        std::fs::write(&file, "x").unwrap();
        let link = dir.join("link.txt");
        std::os::unix::fs::symlink("a.txt", &link).unwrap();
        assert!(same_file(&file, &dir.join(".").join("a.txt")));
        assert!(same_file(&file, &link));
        assert!(!same_file(&file, &dir.join("b.txt")));
        assert_eq!(write_target(&link).unwrap(), dir.join("a.txt"));
        assert_eq!(write_target(&file).unwrap(), file);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
