//! Crash recovery: unsaved work is written to a recovery file (by the window every minute and
//! when it loses focus, off its thread); the next start offers to restore it. The recovery
//! file is removed when the work is saved or deliberately discarded. A recovery file whose
//! description cannot be read is still offered, with the problem said, never silently dropped.

use crate::base::time::now_secs;
use crate::fsio::{self, Backup};
use crate::model::Project;
use crate::project_file::{self, Loaded, ProjectFileError};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct Recovery {
    dir: PathBuf,
}

/// What the recovery file belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryInfo {
    /// The project file the work belongs to, if it had one.
    pub project_path: Option<PathBuf>,
    pub written_secs: u64,
}

/// Unsaved work found at start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub info: Option<RecoveryInfo>,
    /// Why the description could not be read, if it could not.
    pub problem: Option<String>,
}

impl Offer {
    pub fn describe(&self) -> String {
        let Some(info) = &self.info else {
            return format!(
                "Unsaved work was recovered, but where it belongs is unknown ({}). Restore it and save it under a name.",
                self.problem.as_deref().unwrap_or("no description")
            );
        };
        let age = now_secs().saturating_sub(info.written_secs) / 60;
        let name = info
            .project_path
            .as_deref()
            .and_then(Path::file_name)
            .map_or("an unsaved project".to_string(), |n| {
                n.to_string_lossy().into_owned()
            });
        format!("Unsaved work on {name} from {age} minute(s) ago was recovered.")
    }

    /// The project file the work belongs to.
    pub fn project_path(&self) -> Option<PathBuf> {
        self.info.as_ref().and_then(|i| i.project_path.clone())
    }
}

impl Recovery {
    pub fn new(dir: PathBuf) -> Recovery {
        Recovery { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn project_file(&self) -> PathBuf {
        self.dir.join("recovery.tandem")
    }

    fn info_file(&self) -> PathBuf {
        self.dir.join("recovery.json")
    }

    /// Writes `project` (belonging to `project_path`) as the recovery file.
    pub fn write(&self, project: &Project, project_path: Option<&Path>) -> io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let info = RecoveryInfo {
            project_path: project_path.map(Path::to_path_buf),
            written_secs: now_secs(),
        };
        let json = project_file::to_json(project);
        fsio::write_atomic(&self.project_file(), json.as_bytes(), Backup::None)?;
        let info = serde_json::to_vec(&info).map_err(io::Error::other)?;
        fsio::write_atomic(&self.info_file(), &info, Backup::None)
    }

    /// The unsaved work of an earlier run, if there is any.
    pub fn pending(&self) -> Option<Offer> {
        if !self.project_file().exists() {
            return None;
        }
        let info = std::fs::read(self.info_file())
            .map_err(|e| format!("{}: {e}", self.info_file().display()))
            .and_then(|bytes| {
                serde_json::from_slice::<RecoveryInfo>(&bytes)
                    .map_err(|e| format!("{}: {e}", self.info_file().display()))
            });
        Some(match info {
            Ok(info) => Offer {
                info: Some(info),
                problem: None,
            },
            Err(problem) => Offer {
                info: None,
                problem: Some(problem),
            },
        })
    }

    pub fn load(&self) -> Result<Loaded, ProjectFileError> {
        project_file::load(&self.project_file())
    }

    /// Removes the recovery file (the work was saved or discarded).
    pub fn clear(&self) -> io::Result<()> {
        for file in [self.project_file(), self.info_file()] {
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", file.display()))),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tandem-recovery-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn written_work_is_offered_and_cleared() {
        let recovery = Recovery::new(dir("offer"));
        assert_eq!(recovery.pending(), None);
        let project = Project::from_document(Default::default());
        recovery
            .write(&project, Some(Path::new("/x/a.tandem")))
            .unwrap();
        let offer = recovery.pending().unwrap();
        assert!(
            offer.describe().contains("a.tandem"),
            "{}",
            offer.describe()
        );
        assert_eq!(recovery.load().unwrap().project, project);
        recovery.clear().unwrap();
        assert_eq!(recovery.pending(), None);
        std::fs::remove_dir_all(recovery.dir()).unwrap();
    }

    #[test]
    fn an_unreadable_description_still_offers_the_work() {
        let recovery = Recovery::new(dir("unreadable"));
        recovery.write(&Project::default(), None).unwrap();
        std::fs::write(recovery.info_file(), "{ damaged").unwrap();
        let offer = recovery.pending().unwrap();
        assert!(offer.info.is_none());
        assert!(
            offer.describe().contains("recovery.json"),
            "{}",
            offer.describe()
        );
        std::fs::remove_dir_all(recovery.dir()).unwrap();
    }
}
