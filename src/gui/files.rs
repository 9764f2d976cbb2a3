//! Opening, saving and exporting from the window: files chosen in dialogs or typed, the
//! unsaved-changes guard in front of everything that would drop the open project.

use super::dialogs::FilePurpose;
use super::table::{Filter, SegmentTable};
use super::{Pending, SAMPLE, SAMPLE_NAME, TandemApp};
use crate::formats::ExportFormat;
use crate::project_file;
use crate::workbench::Workbench;
use std::path::{Path, PathBuf};

impl TandemApp {
    /// Opens an article or a project file.
    pub fn open_path(&mut self, path: &Path) {
        match Workbench::open(path) {
            Ok(workbench) => {
                if let Some(project) = &workbench.path {
                    self.prefs.remember(project.clone());
                }
                let name = workbench.path.clone().unwrap_or_else(|| path.to_path_buf());
                let notes = workbench.notes.clone();
                self.set_workbench(workbench);
                self.tell(format!("Opened {}", name.display()));
                if let Some(note) = notes.last() {
                    self.fail(note);
                }
            }
            Err(error) => self.fail(error),
        }
    }

    pub(super) fn open_sample(&mut self) {
        let imported = crate::formats::import_article(
            SAMPLE,
            Some(SAMPLE_NAME),
            &crate::segment::Segmenter::german(),
        );
        match imported {
            Ok(imported) => {
                let project = crate::model::Project::from_document(imported.document);
                self.set_workbench(Workbench::new(project, None));
                self.tell("The sample article is open; save it to keep your work.");
            }
            Err(error) => self.fail(error),
        }
    }

    pub(super) fn set_workbench(&mut self, workbench: Workbench) {
        self.workbench = Some(workbench);
        self.table = SegmentTable::default();
        self.filter = Filter::default();
        self.note_for = None;
        self.term_form.open = false;
        self.scroll_to_active = true;
        self.focus_editor = true;
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
            Pending::Sample => self.open_sample(),
            Pending::Close => {
                self.recovery.clear();
                self.workbench = None;
            }
            Pending::Quit => {
                self.recovery.clear();
                self.allow_close = true;
            }
        }
    }

    pub(super) fn save(&mut self) -> bool {
        let Some(workbench) = &mut self.workbench else {
            return false;
        };
        if workbench.path.is_none() {
            let suggested = workbench
                .project()
                .document
                .metadata
                .source_path
                .as_deref()
                .and_then(|p| Path::new(p).file_name())
                .map(|n| PathBuf::from(n).with_extension(project_file::EXTENSION))
                .unwrap_or_else(|| PathBuf::from("sample-ostsee.tandem"));
            self.files.ask(FilePurpose::SaveAs, Some(suggested));
            return false;
        }
        match workbench.save() {
            Ok(()) => {
                let path = workbench.path.clone();
                self.recovery.clear();
                if let Some(path) = path {
                    self.prefs.remember(path.clone());
                    self.tell(format!("Saved {}", path.display()));
                }
                true
            }
            Err(error) => {
                self.fail(error);
                false
            }
        }
    }

    pub(super) fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf) {
        match purpose {
            FilePurpose::OpenArticle | FilePurpose::OpenProject => self.open_path(&path),
            FilePurpose::SaveAs => {
                let path = if path.extension().is_none() {
                    path.with_extension(project_file::EXTENSION)
                } else {
                    path
                };
                let Some(workbench) = &mut self.workbench else {
                    return;
                };
                match workbench.save_as(&path) {
                    Ok(()) => {
                        self.recovery.clear();
                        self.prefs.remember(path.clone());
                        self.tell(format!("Saved {}", path.display()));
                    }
                    Err(error) => self.fail(error),
                }
            }
            FilePurpose::Export(format) => self.export(format, &path),
            FilePurpose::UseGlossary => {
                let Some(workbench) = &mut self.workbench else {
                    return;
                };
                match workbench.use_glossary_file(&path) {
                    Ok(()) => {
                        let notes = workbench.notes.clone();
                        self.tell(format!("Using {}", path.display()));
                        if let Some(note) = notes.last() {
                            self.fail(note);
                        }
                    }
                    Err(error) => self.fail(error),
                }
            }
        }
    }

    pub(super) fn export(&mut self, format: ExportFormat, path: &Path) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        let strict = workbench.export(format, path, false);
        let result = match strict {
            Err(crate::workbench::WorkbenchError::Incomplete(missing)) => {
                let count = missing.0.len();
                workbench.export(format, path, true).map(|()| {
                    format!(
                        "Exported {} — {count} untranslated segment(s) kept in German, flagged",
                        path.display()
                    )
                })
            }
            other => other.map(|()| format!("Exported {}", path.display())),
        };
        match result {
            Ok(message) => self.tell(message),
            Err(error) => self.fail(error),
        }
    }
}
