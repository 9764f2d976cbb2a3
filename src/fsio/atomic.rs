//! Atomic writes. The new content goes to a temporary file in the same folder and is flushed
//! to disk; the previous version becomes `NAME.bak` through a hard link made under a temporary
//! name and renamed into place (or, where the file system has no hard links, a copy written the
//! same way); then the temporary file is renamed over the original. Killed at any moment, the
//! file is either the old or the new version, and the backup is either the previous backup or
//! the complete old version, never a half-written file. A write through a symbolic link
//! changes the link's target, not the link.
//!
//! Temporaries are named `.NAME.tmp-PID-N` and `.NAME.bak.tmp-PID-N` (and, while a lock is
//! taken, `.~lock.NAME#.PID-….tmp`); [`remove_stale_temporaries`] clears those that a killed
//! process left behind.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Whether to keep the previous version as `NAME.bak`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backup {
    Keep,
    None,
}

/// The steps of a write, for tests that stop a write in the middle as a crash would.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    TempWritten,
    BackupStaged,
    BackupInPlace,
    Renamed,
}

/// Writes `bytes` to `path` atomically (see the module documentation).
pub fn write_atomic(path: &Path, bytes: &[u8], backup: Backup) -> io::Result<()> {
    write_atomic_stepped(path, bytes, backup, &mut |_| Ok(()))
}

/// Like [`write_atomic`], for content written piece by piece (a large export that should not
/// be built in memory first): `content` writes it to a buffered temporary file.
pub fn write_atomic_with(
    path: &Path,
    backup: Backup,
    content: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_inner(path, content, backup, &mut |_| Ok(()))
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_name(name: &std::ffi::OsStr, kind: &str) -> OsString {
    let mut tmp = OsString::from(".");
    tmp.push(name);
    tmp.push(format!(
        ".{kind}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    tmp
}

pub(crate) fn write_atomic_stepped(
    path: &Path,
    bytes: &[u8],
    backup: Backup,
    step: &mut dyn FnMut(Step) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_inner(path, &mut |out| out.write_all(bytes), backup, step)
}

fn write_atomic_inner(
    path: &Path,
    content: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    backup: Backup,
    step: &mut dyn FnMut(Step) -> io::Result<()>,
) -> io::Result<()> {
    let target = super::write_target(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?
        .to_owned();
    let tmp = dir.join(temp_name(&name, "tmp"));
    let mut bak_name = name.clone();
    bak_name.push(".bak");
    let bak_tmp = dir.join(temp_name(&bak_name, "tmp"));
    let result = (|| {
        let mut file = File::options().write(true).create_new(true).open(&tmp)?;
        {
            let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut file);
            content(&mut buffered)?;
            buffered.flush()?;
        }
        file.sync_all()?;
        drop(file);
        let existing = fs::metadata(&target).ok().filter(|m| m.is_file());
        if let Some(meta) = &existing {
            // Keep the file's permissions (a project shared read-only stays so).
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        step(Step::TempWritten)?;
        if backup == Backup::Keep && existing.is_some() {
            if fs::hard_link(&target, &bak_tmp).is_err() {
                fs::copy(&target, &bak_tmp)?;
                File::open(&bak_tmp)?.sync_all()?;
            }
            step(Step::BackupStaged)?;
            fs::rename(&bak_tmp, dir.join(&bak_name))?;
            // When the backup already was this very file (a write killed after linking it),
            // the rename does nothing and leaves the temporary name behind.
            let _ = fs::remove_file(&bak_tmp);
            step(Step::BackupInPlace)?;
        }
        fs::rename(&tmp, &target)?;
        step(Step::Renamed)?;
        // Make the renames themselves durable.
        if let Ok(dir) = File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(&bak_tmp);
    }
    result
}

/// Removes the temporaries that writes of `path` left behind when their process was killed
/// (those of live processes are kept); returns what was removed. Call it while holding the
/// file's lock, so that no other writer is at work.
pub fn remove_stale_temporaries(path: &Path) -> Vec<PathBuf> {
    let Ok(target) = super::write_target(path) else {
        return Vec::new();
    };
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = name.to_string_lossy();
    // Writes' temporaries, and those of a lock being taken (`.~lock.NAME#.PID-NANOS.tmp`).
    let prefixes = [
        format!(".{name}.tmp-"),
        format!(".{name}.bak.tmp-"),
        format!(".~lock.{name}#."),
    ];
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        // Without /proc, liveness is unknown (`None`); the lock says no one else writes, so
        // only this process's own temporaries can be in use.
        let stale = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) => super::process_alive(pid) != Some(true),
            None => true,
        };
        if stale && fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tandem-atomic-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_keep_a_backup_and_leave_nothing_behind() {
        let dir = temp_dir("backup");
        let path = dir.join("p.tandem");
        write_atomic(&path, b"one", Backup::Keep).unwrap();
        write_atomic(&path, b"two", Backup::Keep).unwrap();
        write_atomic(&path, b"three", Backup::Keep).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        assert_eq!(fs::read(dir.join("p.tandem.bak")).unwrap(), b"two");
        assert_eq!(names(&dir), ["p.tandem", "p.tandem.bak"]);
        fs::remove_dir_all(dir).unwrap();
    }

    /// A write killed after any step leaves the file old or new and the backup complete; the
    /// next write's cleanup removes the temporaries.
    #[test]
    fn a_write_killed_at_any_step_never_damages_file_or_backup() {
        for crash_at in [
            Step::TempWritten,
            Step::BackupStaged,
            Step::BackupInPlace,
            Step::Renamed,
        ] {
            let dir = temp_dir(&format!("crash-{crash_at:?}"));
            let path = dir.join("p.tandem");
            write_atomic(&path, b"first", Backup::Keep).unwrap();
            write_atomic(&path, b"second", Backup::Keep).unwrap();
            // A panic skips the cleanup, as a SIGKILL would.
            let crashed = std::panic::catch_unwind(|| {
                let mut hook = |step: Step| {
                    if step == crash_at {
                        panic!("killed");
                    }
                    Ok(())
                };
                let _ = write_atomic_stepped(&path, b"third", Backup::Keep, &mut hook);
            });
            assert!(crashed.is_err());
            let now = fs::read(&path).unwrap();
            assert!(now == b"second" || now == b"third", "{crash_at:?}: {now:?}");
            let backup = fs::read(dir.join("p.tandem.bak")).unwrap();
            assert!(
                backup == b"first" || backup == b"second",
                "{crash_at:?}: {backup:?}"
            );
            // The temporaries of a dead process are removed; ours are kept while we live, so
            // rename them as if another (dead) process had written them.
            for name in names(&dir) {
                if let Some(rest) = name.split_once(".tmp-") {
                    let dead = format!("{}.tmp-999999999-0", rest.0);
                    fs::rename(dir.join(&name), dir.join(dead)).unwrap();
                }
            }
            remove_stale_temporaries(&path);
            assert_eq!(names(&dir), ["p.tandem", "p.tandem.bak"], "{crash_at:?}");
            fs::remove_dir_all(dir).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn writing_through_a_link_changes_its_target() {
        let dir = temp_dir("link");
        fs::create_dir_all(dir.join("real")).unwrap();
        let real = dir.join("real/p.tandem");
        fs::write(&real, b"old").unwrap();
        let link = dir.join("p.tandem");
        std::os::unix::fs::symlink("real/p.tandem", &link).unwrap();
        write_atomic(&link, b"new", Backup::Keep).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert_eq!(fs::read(dir.join("real/p.tandem.bak")).unwrap(), b"old");
        fs::remove_dir_all(dir).unwrap();
    }
}
