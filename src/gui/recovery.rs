//! Crash recovery: unsaved work is written to a recovery file every minute and when the window
//! loses focus; the next start offers to restore it. The recovery file is removed when the work
//! is saved or deliberately discarded.

use crate::model::Project;
use crate::project_file;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub struct Recovery {
    dir: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecoveryInfo {
    /// The project file the work belongs to, if it had one.
    pub project_path: Option<PathBuf>,
    pub written_secs: u64,
}

impl RecoveryInfo {
    pub fn describe(&self) -> String {
        let age = SystemTime::now()
            .duration_since(UNIX_EPOCH + Duration::from_secs(self.written_secs))
            .map_or(0, |d| d.as_secs() / 60);
        let name = self
            .project_path
            .as_deref()
            .and_then(Path::file_name)
            .map_or("an unsaved project".to_string(), |n| {
                n.to_string_lossy().into_owned()
            });
        format!("Unsaved work on {name} from {age} minute(s) ago was recovered.")
    }
}

impl Recovery {
    pub fn new(dir: PathBuf) -> Recovery {
        Recovery { dir }
    }

    /// `$TANDEM_RECOVERY_DIR`, or a `recovery` folder in eframe's storage folder.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("TANDEM_RECOVERY_DIR") {
            return PathBuf::from(dir);
        }
        eframe::storage_dir(super::APP_ID)
            .unwrap_or_else(std::env::temp_dir)
            .join("recovery")
    }

    fn project_file(&self) -> PathBuf {
        self.dir.join("recovery.tandem")
    }

    fn info_file(&self) -> PathBuf {
        self.dir.join("recovery.json")
    }

    pub fn write(&self, project: &Project, project_path: Option<&Path>) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let info = RecoveryInfo {
            project_path: project_path.map(Path::to_path_buf),
            written_secs: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        let json = project_file::to_json(project);
        project_file::write_atomic(&self.project_file(), json.as_bytes(), false)?;
        let info = serde_json::to_string(&info).unwrap_or_default();
        project_file::write_atomic(&self.info_file(), info.as_bytes(), false)
    }

    pub fn pending(&self) -> Option<RecoveryInfo> {
        if !self.project_file().exists() {
            return None;
        }
        let info = std::fs::read_to_string(self.info_file()).ok()?;
        serde_json::from_str(&info).ok()
    }

    pub fn load(&self) -> Result<Project, project_file::ProjectFileError> {
        project_file::load(&self.project_file())
    }

    pub fn clear(&self) {
        let _ = std::fs::remove_file(self.project_file());
        let _ = std::fs::remove_file(self.info_file());
    }
}
