//! Which paths a write must never touch. Every export, save-as and project creation checks
//! its target against the project's own file, backup and lock, the source article and the
//! glossary files the project reads, whatever way the path is spelled (another relative
//! form, `..`, a symbolic link), before writing anything.

use super::{Workbench, WorkbenchError};
use crate::fsio;
use crate::suggest::Source;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct OutputGuard {
    /// (path, what it is, compared by name only)
    protected: Vec<(PathBuf, &'static str, bool)>,
}

impl OutputGuard {
    pub(super) fn for_workbench(workbench: &Workbench) -> OutputGuard {
        let mut guard = OutputGuard::default();
        if let Some(path) = workbench.path() {
            guard.protect(path.to_path_buf(), "the project itself");
            let mut backup = path.as_os_str().to_owned();
            backup.push(".bak");
            // The backup is made as a hard link to the project, and a save killed between
            // linking it and renaming the new version over the project leaves both names on
            // one file: the next save to the project must still go through. The backup and
            // the lock are therefore recognised by their name, not by the file they hold.
            guard.protect_name(PathBuf::from(backup), "the project's backup");
            guard.protect_name(fsio::lock_path(path), "the project's lock file");
        }
        let project = workbench.project();
        if let Some(source) = &project.document.metadata.source_path {
            let source = Path::new(source);
            guard.protect(source.to_path_buf(), "the source article");
            if source.is_relative()
                && let Some(dir) = workbench.path().and_then(Path::parent)
            {
                guard.protect(dir.join(source), "the source article");
            }
        }
        for entry in workbench.terminology().entries() {
            if let Source::File { path, .. } = &entry.source {
                guard.protect(path.clone(), "a glossary file the project reads");
            }
        }
        guard
    }

    fn protect(&mut self, path: PathBuf, what: &'static str) {
        self.protected.push((path, what, false));
    }

    fn protect_name(&mut self, path: PathBuf, what: &'static str) {
        self.protected.push((path, what, true));
    }

    /// The same guard without `path` (the project saving to its own file).
    pub fn allowing(mut self, path: &Path) -> OutputGuard {
        self.protected
            .retain(|(p, what, _)| !(*what == "the project itself" && same(p, path)));
        self
    }

    /// Refuses `output` if it is one of the protected files.
    pub fn check(&self, output: &Path) -> Result<(), WorkbenchError> {
        for (path, what, by_name) in &self.protected {
            let hit = if *by_name {
                same_name(path, output)
            } else {
                same(path, output)
            };
            if hit {
                return Err(WorkbenchError::Refused {
                    path: output.to_path_buf(),
                    why: format!("it is {what}"),
                });
            }
        }
        Ok(())
    }
}

/// The same file, or the same path once made absolute and normalised (for files that do not
/// exist yet).
fn same(a: &Path, b: &Path) -> bool {
    fsio::same_file(a, b) || same_name(a, b)
}

/// The same name in the same folder: equal once made absolute and normalised, or once the
/// folders are resolved through links (the files themselves need not exist).
fn same_name(a: &Path, b: &Path) -> bool {
    match (std::path::absolute(a), std::path::absolute(b)) {
        (Ok(a), Ok(b)) => {
            let (a, b) = (fsio::normalize(&a), fsio::normalize(&b));
            if a == b {
                return true;
            }
            let resolved = |p: &Path| {
                let folder = std::fs::canonicalize(p.parent()?).ok()?;
                Some(folder.join(p.file_name()?))
            };
            a.file_name() == b.file_name() && resolved(&a).is_some_and(|r| Some(r) == resolved(&b))
        }
        _ => false,
    }
}
