//! Opening, saving and exporting from the window, and the unsaved-changes guard in front of
//! everything that would drop the open project. The work runs as jobs of the session; this
//! file only decides what to ask for and what waits for what.

use super::dialogs::FilePurpose;
use super::{Pending, TandemApp};
use crate::formats::ExportFormat;
use crate::project_file;
use crate::workbench::Access;
use std::path::{Path, PathBuf};

impl TandemApp {
    /// Opens an article or a project file (in the background).
    pub fn open_path(&mut self, path: &Path) {
        let options = crate::formats::ReadOptions {
            headers_footers: self.prefs.headers_footers,
        };
        self.session.open_with(path, Access::Write, options);
        self.tell(format!("Opening {}…", path.display()));
    }

    /// Runs `pending` now, or after asking to save unsaved changes.
    pub(super) fn guard(&mut self, pending: Pending) {
        if self.dirty() {
            self.unsaved_prompt = Some(pending);
        } else {
            self.proceed(pending);
        }
    }

    pub(super) fn proceed(&mut self, pending: Pending) {
        match pending {
            Pending::Ask(purpose) => self.files.ask(purpose, None),
            Pending::Open(path) => self.open_path(&path),
            Pending::Sample => self.session.open_sample(),
            Pending::Close => self.session.close(),
            Pending::Quit => {
                self.session.discard_recovery();
                self.allow_close = true;
            }
        }
    }

    /// "Save" in the unsaved-changes prompt: save, and go on with `pending` once the save has
    /// succeeded (after asking for a name if the project has none yet).
    pub(super) fn save_then(&mut self, pending: Pending) {
        self.after_save = Some(pending);
        // Without a name, the dialog asks first; cancelling it drops the pending action.
        self.save();
    }

    /// Saves to the project file, or asks where for a project without one. Returns whether a
    /// save was started.
    pub(super) fn save(&mut self) -> bool {
        let Some(workbench) = self.workbench() else {
            return false;
        };
        if workbench.path().is_none() || workbench.read_only().is_some() {
            let suggested = self.suggested_name();
            self.files.ask(FilePurpose::SaveAs, Some(suggested));
            return false;
        }
        match self.session.save() {
            Ok(()) => true,
            Err(error) => {
                self.after_save = None;
                self.fail(error);
                false
            }
        }
    }

    fn suggested_name(&self) -> PathBuf {
        let Some(workbench) = self.workbench() else {
            return PathBuf::from("project.tandem");
        };
        if let Some(path) = workbench.path() {
            return path.to_path_buf();
        }
        workbench
            .project()
            .document
            .metadata
            .source_path
            .as_deref()
            .map(|p| Path::new(p).with_extension(project_file::EXTENSION))
            .unwrap_or_else(|| PathBuf::from("sample-ostsee.tandem"))
    }

    pub(super) fn save_as(&mut self, path: &Path) {
        if let Err(error) = self.session.save_as(path) {
            self.after_save = None;
            self.fail(error);
        }
    }

    /// A file dialog (or the typed-path window) answered.
    pub(super) fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf) {
        match purpose {
            FilePurpose::OpenArticle | FilePurpose::OpenProject => self.open_path(&path),
            FilePurpose::SaveAs => self.save_as(&path),
            FilePurpose::Export(format) => self.export(format, &path),
            FilePurpose::ImportReview => {
                self.session.import_review(&path);
                self.tell(format!("Reading {}…", path.display()));
            }
            FilePurpose::UseGlossary => {
                self.session.attach_glossary(&path);
                self.tell(format!("Reading {}…", path.display()));
            }
            FilePurpose::UseMemory => {
                self.session.attach_memory(&path);
                self.tell(format!("Opening {}…", path.display()));
            }
            FilePurpose::ImportIntoMainMemory => {
                self.session.import_into_main(&path);
                self.tell(format!("Importing {}…", path.display()));
            }
            FilePurpose::MainMemory => {
                let path = if path.extension().is_none() {
                    path.with_extension("memory")
                } else {
                    path
                };
                self.prefs.memory.main = Some(path);
                self.prefs.memory.use_main = true;
            }
        }
    }

    /// A file dialog was cancelled.
    pub(super) fn file_cancelled(&mut self, purpose: FilePurpose) {
        if purpose == FilePurpose::SaveAs && self.after_save.take().is_some() {
            self.tell("Not saved; nothing else was done.");
        }
    }

    pub(super) fn export(&mut self, format: ExportFormat, path: &Path) {
        self.session.export(format, path);
        self.tell(format!("Exporting {}…", path.display()));
    }

    /// Opens a project someone else has open, read-only.
    pub(super) fn open_read_only(&mut self, path: &Path) {
        self.session.open(path, Access::ReadOnly);
    }
}
