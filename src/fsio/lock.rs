//! The lock that keeps two writers off one project, as office suites do it: a file
//! `.~lock.NAME#` beside the project, made with exclusive creation, naming the user, the host
//! and the process that holds it. A second writer is refused with that name; a lock whose
//! process no longer runs on this host is stale and taken over. Holding a lock is holding a
//! [`ProjectLock`]; dropping it removes the file (if it is still ours).

use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Who holds a lock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockOwner {
    pub user: String,
    pub host: String,
    pub pid: u32,
    /// Seconds since 1970 (UTC) when the lock was taken.
    pub since: u64,
    /// Tells this holder's lock from a later one by the same process.
    pub token: String,
}

impl LockOwner {
    fn me() -> LockOwner {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        LockOwner {
            user: user_name(),
            host: host_name(),
            pid: std::process::id(),
            since: crate::base::time::now_secs(),
            token: format!("{}-{nanos}", std::process::id()),
        }
    }

    /// "alice on laptop (process 4711) since 2026-11-29T10:42:00Z"
    pub fn describe(&self) -> String {
        format!(
            "{} on {} (process {}) since {}",
            self.user,
            self.host,
            self.pid,
            crate::base::time::utc(self.since, true)
        )
    }

    /// A lock of a process on this host that is not running any more.
    fn is_stale(&self) -> bool {
        self.host == host_name() && super::process_alive(self.pid) == Some(false)
    }
}

#[derive(Debug, Error)]
pub enum LockError {
    #[error(
        "{project} is open for writing by {}; close it there first (if no other Tandem has it open, delete {lock})",
        owner.describe(),
        project = project.display(),
        lock = lock.display()
    )]
    Held {
        project: PathBuf,
        lock: PathBuf,
        owner: Box<LockOwner>,
    },
    #[error("{path}: cannot lock the project: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// A held project lock; released when dropped.
#[derive(Debug)]
pub struct ProjectLock {
    path: PathBuf,
    owner: LockOwner,
    /// The stale lock this one replaced, if any.
    pub took_over: Option<LockOwner>,
}

/// Where the lock of `project` lives (beside the file a link points to).
pub fn lock_path(project: &Path) -> PathBuf {
    let target = super::write_target(project).unwrap_or_else(|_| project.to_path_buf());
    let name = target
        .file_name()
        .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
    let lock = format!(".~lock.{name}#");
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(lock),
        _ => PathBuf::from(lock),
    }
}

impl ProjectLock {
    /// Takes the lock of `project`, or says who holds it.
    pub fn acquire(project: &Path) -> Result<ProjectLock, LockError> {
        let path = lock_path(project);
        let io_error = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        let me = LockOwner::me();
        let mut took_over = None;
        for _ in 0..3 {
            match create_complete(&path, &me) {
                Ok(()) => {
                    return Ok(ProjectLock {
                        path,
                        owner: me,
                        took_over,
                    });
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    let owner = read_owner(&path);
                    match owner {
                        Some(owner) if owner.is_stale() => {
                            // Remove it only if it is still the stale one.
                            if read_owner(&path).as_ref() == Some(&owner) {
                                let _ = fs::remove_file(&path);
                            }
                            took_over = Some(owner);
                        }
                        Some(owner) => {
                            return Err(LockError::Held {
                                project: project.to_path_buf(),
                                lock: path,
                                owner: Box::new(owner),
                            });
                        }
                        None => {
                            // Unreadable: not Tandem's, or half-written by a Tandem that could
                            // not link (see `create_complete`) and was killed. Wait a moment,
                            // then judge it stale.
                            let age = fs::metadata(&path)
                                .and_then(|m| m.modified())
                                .ok()
                                .and_then(|t| t.elapsed().ok());
                            if age.is_some_and(|a| a.as_secs() >= 5) {
                                let _ = fs::remove_file(&path);
                            } else {
                                std::thread::sleep(std::time::Duration::from_millis(200));
                            }
                        }
                    }
                }
                Err(error) => return Err(io_error(error)),
            }
        }
        match read_owner(&path) {
            Some(owner) => Err(LockError::Held {
                project: project.to_path_buf(),
                lock: path,
                owner: Box::new(owner),
            }),
            None => Err(io_error(io::Error::other(
                "the lock file exists but cannot be read",
            ))),
        }
    }

    /// What a background writer needs to check that the lock is still held.
    pub fn check(&self) -> LockCheck {
        LockCheck {
            path: self.path.clone(),
            owner: self.owner.clone(),
        }
    }

    /// Checks that the lock file still names this holder (no one removed it and took over).
    pub fn verify(&self, project: &Path) -> Result<(), LockError> {
        self.check().verify(project)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A held lock's identity, to verify from another thread that it is still held.
#[derive(Clone, Debug)]
pub struct LockCheck {
    path: PathBuf,
    owner: LockOwner,
}

impl LockCheck {
    /// Checks that the lock file still names this holder (no one removed it and took over).
    pub fn verify(&self, project: &Path) -> Result<(), LockError> {
        match read_owner(&self.path) {
            Some(owner) if owner == self.owner => Ok(()),
            Some(owner) => Err(LockError::Held {
                project: project.to_path_buf(),
                lock: self.path.clone(),
                owner: Box::new(owner),
            }),
            None => Err(LockError::Io {
                path: self.path.clone(),
                source: io::Error::new(
                    io::ErrorKind::NotFound,
                    "the project's lock file was removed while the project was open",
                ),
            }),
        }
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        if read_owner(&self.path).as_ref() == Some(&self.owner) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Creates the lock file with its whole content, or fails with `AlreadyExists`: the content
/// goes to a temporary file that is then hard-linked to the lock's name (which fails if the
/// name exists), so a lock file is never seen half-written, even by a process killed while
/// taking it. Where the file system has no hard links, exclusive creation and a write.
fn create_complete(path: &Path, owner: &LockOwner) -> io::Result<()> {
    let json = serde_json::to_vec(owner).map_err(io::Error::other)?;
    let mut tmp_name = path.as_os_str().to_owned();
    tmp_name.push(format!(".{}.tmp", owner.token));
    let tmp = PathBuf::from(tmp_name);
    let written = (|| {
        let mut file = fs::File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(&json)?;
        file.sync_all()
    })();
    let linked = written.and_then(|()| fs::hard_link(&tmp, path));
    let _ = fs::remove_file(&tmp);
    match linked {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
            let mut file = fs::File::options()
                .write(true)
                .create_new(true)
                .open(path)?;
            file.write_all(&json)
                .and_then(|()| file.sync_all())
                .inspect_err(|_| {
                    let _ = fs::remove_file(path);
                })
        }
        other => other,
    }
}

fn read_owner(path: &Path) -> Option<LockOwner> {
    let bytes = fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn user_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "someone".into())
}

fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| {
            ["HOSTNAME", "COMPUTERNAME"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        })
        .unwrap_or_else(|| "this computer".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tandem-lock-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_second_writer_is_refused_with_the_holders_name() {
        let dir = temp_dir("second");
        let project = dir.join("p.tandem");
        let lock = ProjectLock::acquire(&project).unwrap();
        assert!(dir.join(".~lock.p.tandem#").exists());
        let error = ProjectLock::acquire(&project).unwrap_err().to_string();
        assert!(
            error.contains("p.tandem is open for writing by") && error.contains("process"),
            "{error}"
        );
        lock.verify(&project).unwrap();
        drop(lock);
        assert!(!dir.join(".~lock.p.tandem#").exists());
        let again = ProjectLock::acquire(&project).unwrap();
        assert!(again.took_over.is_none());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_lock_of_a_dead_process_is_taken_over() {
        if super::super::process_alive(1).is_none() {
            return; // no /proc: staleness cannot be told
        }
        let dir = temp_dir("stale");
        let project = dir.join("p.tandem");
        let dead = LockOwner {
            pid: 999_999_999,
            host: host_name(),
            ..LockOwner::me()
        };
        fs::write(lock_path(&project), serde_json::to_vec(&dead).unwrap()).unwrap();
        let lock = ProjectLock::acquire(&project).unwrap();
        assert_eq!(lock.took_over.as_ref().map(|o| o.pid), Some(999_999_999));
        // Another host's lock cannot be judged from here: it holds.
        drop(lock);
        let elsewhere = LockOwner {
            host: "elsewhere".into(),
            ..dead
        };
        fs::write(lock_path(&project), serde_json::to_vec(&elsewhere).unwrap()).unwrap();
        assert!(ProjectLock::acquire(&project).is_err());
        fs::remove_dir_all(dir).unwrap();
    }
}
