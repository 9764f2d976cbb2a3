//! What the workbench does with files, for the command line and the window alike: opening a
//! project (under its lock) or an article, making a project from an article, importing XLIFF
//! and glossary files, attaching glossary files. Saving and exporting are in `save.rs`.
//!
//! Every input is read through [`fsio::read_input`] (size checked first, nothing but regular
//! files), and every write goes through an [`OutputGuard`] first: nothing Tandem writes may
//! land on the project itself, its backup or lock, the source article, or a glossary file it
//! reads.

use super::jobs::Progress;
use super::paths::OutputGuard;
use super::{Change, Workbench, WorkbenchError};
use crate::base::decode::MAX_INPUT_BYTES;
use crate::base::sniff::{Sniffed, sniff};
use crate::base::{Diagnostic, excerpt};
use crate::formats::{ReadOptions, xliff};
use crate::fsio::{self, InputError, ProjectLock};
use crate::glossary::{self, Format, TermEdit, TermId};
use crate::model::edit::Edit;
use crate::model::{GlossarySettings, Project, Stats};
use crate::project_file;
use crate::segment::Segmenter;
use crate::suggest::LoadedGlossary;
use std::path::{Path, PathBuf};

/// How a project is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Take the project's lock; refuse if someone else holds it.
    Write,
    /// No lock; saving needs another name.
    ReadOnly,
}

fn file_error(path: &Path, message: impl std::fmt::Display) -> WorkbenchError {
    WorkbenchError::File {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Reports progress; stops (with [`WorkbenchError::Cancelled`]) when asked to.
fn step(progress: &dyn Progress, fraction: f32) -> Result<(), WorkbenchError> {
    progress.report(fraction);
    if progress.cancelled() {
        Err(WorkbenchError::Cancelled)
    } else {
        Ok(())
    }
}

/// Reads an input file (see [`fsio::read_input`]), naming it in the error.
pub(crate) fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, WorkbenchError> {
    fsio::read_input(path, max).map_err(|e| match e {
        InputError::Io(e) => file_error(path, e),
        other => file_error(path, other),
    })
}

/// Reads an article into a new project (not saved anywhere yet), with what the reader said.
/// The article's path is kept, absolute, as the project's source.
pub fn read_article(
    path: &Path,
    segmenter: &Segmenter,
) -> Result<(Project, Vec<Diagnostic>), WorkbenchError> {
    read_article_with(path, segmenter, ReadOptions::default())
}

/// [`read_article`] with options for what to read besides the text.
pub fn read_article_with(
    path: &Path,
    segmenter: &Segmenter,
    options: ReadOptions,
) -> Result<(Project, Vec<Diagnostic>), WorkbenchError> {
    let bytes = read_file(path, MAX_INPUT_BYTES as u64)?;
    let name = path.file_name().and_then(|n| n.to_str());
    let imported = crate::formats::import_article_with(&bytes, name, segmenter, options)
        .map_err(|e| file_error(path, e))?;
    let mut project = Project::from_document(imported.document);
    if let Some(languages) = imported.languages {
        project.languages = languages;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    project.document.metadata.source_path = Some(absolute.display().to_string());
    let diagnostics = imported
        .diagnostics
        .into_iter()
        .map(|d| d.in_file(path))
        .collect();
    Ok((project, diagnostics))
}

/// A project made from an article by [`create_project`].
pub struct NewProject {
    pub path: PathBuf,
    pub stats: Stats,
    pub diagnostics: Vec<Diagnostic>,
}

/// Makes the project of `article` and saves it at `output` (default: beside the article, with
/// the extension `.tandem`). Never writes over the article (whatever the arguments), over a
/// file that is not a Tandem project, or over an existing project without `force`; holds the
/// output's lock while writing.
pub fn create_project(
    article: &Path,
    output: Option<&Path>,
    force: bool,
    segmenter: &Segmenter,
    options: ReadOptions,
) -> Result<NewProject, WorkbenchError> {
    let output = output.map_or_else(
        || article.with_extension(project_file::EXTENSION),
        Path::to_path_buf,
    );
    let refuse = |why: String| WorkbenchError::Refused {
        path: output.clone(),
        why,
    };
    if fsio::same_file(article, &output) || fsio::normalize(article) == fsio::normalize(&output) {
        return Err(refuse(format!(
            "the project would replace the article {} itself; choose another name with -o",
            article.display()
        )));
    }
    if output.exists() {
        if !force {
            return Err(refuse(
                "it exists already; use --force to replace it".into(),
            ));
        }
        let head = fsio::read_head(&output, 8 * 1024).map_err(|e| file_error(&output, e))?;
        if sniff(&head) != (Sniffed::Json { project: true }) {
            return Err(refuse(
                "it is not a Tandem project, and --force only replaces projects".into(),
            ));
        }
    }
    let (project, diagnostics) = read_article_with(article, segmenter, options)?;
    let _lock = ProjectLock::acquire(&output)?;
    project_file::save(&project, &output)?;
    Ok(NewProject {
        path: output,
        stats: project.stats(),
        diagnostics,
    })
}

/// Reads a glossary file to attach it: the format from its content (TBX) or name.
pub fn load_glossary_file(
    path: &Path,
) -> Result<(LoadedGlossary, Vec<Diagnostic>), WorkbenchError> {
    let bytes = read_file(path, MAX_INPUT_BYTES as u64)?;
    let format = Format::detect(&bytes, path).map_err(|e| file_error(path, e))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let read = glossary::read(&bytes, format, &name).map_err(|e| file_error(path, e))?;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let loaded = LoadedGlossary {
        stored: fsio::normalize(&absolute).display().to_string(),
        path: absolute,
        format,
        glossary: read.glossary,
    };
    let diagnostics = read
        .diagnostics
        .into_iter()
        .map(|d| d.in_file(path))
        .collect();
    Ok((loaded, diagnostics))
}

/// Reads the glossary files a project names; what cannot be read becomes a diagnostic.
pub(super) fn load_glossary_files(
    project: &Project,
    dir: Option<&Path>,
) -> (Vec<LoadedGlossary>, Vec<Diagnostic>) {
    let mut loaded = Vec::new();
    let mut diagnostics = Vec::new();
    for stored in &project.glossaries.files {
        let path = match dir {
            Some(dir) => dir.join(stored),
            None => PathBuf::from(stored),
        };
        match load_glossary_file(&path) {
            Ok((mut file, notes)) => {
                file.stored = stored.clone();
                diagnostics.extend(notes);
                loaded.push(file);
            }
            Err(error) => diagnostics.push(Diagnostic::warning(format!(
                "the glossary file cannot be read and is not used: {error}"
            ))),
        }
    }
    (loaded, diagnostics)
}

/// What an import changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportReport {
    pub units: usize,
    pub changes: usize,
    pub skipped: usize,
}

/// Reads the rows of a returned review document (a Word file made by the review export).
pub fn read_review(path: &Path) -> Result<Vec<crate::formats::docx::review::Row>, WorkbenchError> {
    let bytes = read_file(path, MAX_INPUT_BYTES as u64)?;
    if !matches!(sniff(&bytes), Sniffed::Zip { word: true }) {
        return Err(file_error(
            path,
            format!(
                "this is {}, not a Word review document",
                sniff(&bytes).describe()
            ),
        ));
    }
    let rows = crate::formats::docx::review::read_rows(&bytes).map_err(|e| file_error(path, e))?;
    if rows.is_empty() {
        return Err(file_error(
            path,
            "the document has no review table (a table whose first row reads ID, German, English, …)",
        ));
    }
    Ok(rows)
}

/// What a returned review changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewReport {
    pub rows: usize,
    pub corrected: usize,
    pub notes: usize,
    pub skipped: usize,
}

impl Workbench {
    /// Opens a project file, or an article: then the project beside it (`article.tandem`) is
    /// opened if it exists, and otherwise made and saved there. With [`Access::Write`] the
    /// project's lock is taken (a project someone else has open is refused, naming them), and
    /// temporaries of an earlier save that was killed are cleared.
    pub fn open(path: &Path, access: Access) -> Result<Workbench, WorkbenchError> {
        Workbench::open_with(path, access, ReadOptions::default(), &())
    }

    /// [`Workbench::open`], reading an article with `options`, reporting progress and
    /// stopping between its steps when asked.
    pub fn open_with(
        path: &Path,
        access: Access,
        options: ReadOptions,
        progress: &dyn Progress,
    ) -> Result<Workbench, WorkbenchError> {
        let step = |fraction| step(progress, fraction);
        let head = fsio::read_head(path, 8 * 1024).map_err(|e| file_error(path, e))?;
        let is_project = sniff(&head) == (Sniffed::Json { project: true })
            || path
                .extension()
                .is_some_and(|e| e == project_file::EXTENSION);
        step(0.05)?;
        if is_project {
            return Workbench::open_project(path, access, progress);
        }
        let beside = path.with_extension(project_file::EXTENSION);
        if beside.exists() {
            return Workbench::open_project(&beside, access, progress);
        }
        let (project, diagnostics) = read_article_with(path, &Segmenter::german(), options)?;
        step(0.4)?;
        let mut workbench = Workbench::new(project, None);
        workbench.report(diagnostics);
        step(0.8)?;
        if access == Access::ReadOnly {
            workbench.mark_changed();
            return Ok(workbench);
        }
        match workbench.save_as(&beside) {
            Ok(()) => {}
            Err(error) => {
                // A read-only folder: the project stays unsaved until the translator picks a
                // place.
                workbench.mark_changed();
                workbench.report([Diagnostic::warning(format!(
                    "the project could not be made beside the article ({error}); save it somewhere else"
                ))]);
            }
        }
        Ok(workbench)
    }

    fn open_project(
        path: &Path,
        access: Access,
        progress: &dyn Progress,
    ) -> Result<Workbench, WorkbenchError> {
        let step = |fraction| step(progress, fraction);
        let lock = match access {
            Access::Write => Some(ProjectLock::acquire(path)?),
            Access::ReadOnly => None,
        };
        let mut notes = Vec::new();
        if let Some(lock) = &lock {
            if let Some(stale) = &lock.took_over {
                notes.push(
                    Diagnostic::info(format!(
                        "the project's lock of {} was left behind by a process that no longer runs; it was taken over",
                        stale.describe()
                    ))
                    .in_file(path),
                );
            }
            for removed in fsio::remove_stale_temporaries(path) {
                notes.push(
                    Diagnostic::info(format!(
                        "removed {}, left behind by a save that was interrupted",
                        removed.display()
                    ))
                    .in_file(path),
                );
            }
        }
        step(0.1)?;
        let loaded = project_file::load(path)?;
        step(0.5)?;
        let mut workbench = Workbench::new(loaded.project, Some(path.to_path_buf()));
        step(0.95)?;
        workbench.diagnostics.splice(0..0, loaded.diagnostics);
        workbench.diagnostics.splice(0..0, notes);
        workbench.lock = lock;
        if access == Access::ReadOnly {
            workbench.read_only = Some("opened read-only".into());
        }
        workbench.last_saved = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        Ok(workbench)
    }

    /// A project restored from the recovery file: it belongs to `path` (if it had one), whose
    /// lock is taken if it can be; otherwise it opens read-only (save it under another name).
    pub fn restore(project: Project, path: Option<PathBuf>) -> Workbench {
        let mut workbench = Workbench::new(project, path.clone());
        if let Some(path) = &path {
            match ProjectLock::acquire(path) {
                Ok(lock) => workbench.lock = Some(lock),
                Err(error) => workbench.read_only = Some(error.to_string()),
            }
        }
        workbench.mark_changed();
        workbench
    }

    /// What a write must not touch: this project's files and the files it reads.
    pub fn output_guard(&self) -> OutputGuard {
        OutputGuard::for_workbench(self)
    }

    /// Opens the project read-only after someone else took its lock, or read-write again.
    pub fn set_read_only(&mut self, why: Option<String>) {
        self.read_only = why;
    }

    /// Reads targets, statuses and notes from an XLIFF file made from this project (or
    /// another tool's translation of it) as one undoable step.
    pub fn import_xliff(&mut self, path: &Path) -> Result<ImportReport, WorkbenchError> {
        let bytes = read_file(path, MAX_INPUT_BYTES as u64)?;
        let units = xliff::read_units(&bytes).map_err(|e| file_error(path, e))?;
        drop(bytes);
        let updates = xliff::updates(&self.docs.project, &units);
        let changes = match &updates.edit {
            Edit::Batch(edits) => edits.len(),
            _ => 1,
        };
        if changes > 0 {
            self.apply(updates.edit)?;
        }
        self.report(updates.diagnostics.into_iter().map(|d| d.in_file(path)));
        Ok(ImportReport {
            units: units.len(),
            changes,
            skipped: updates.skipped,
        })
    }

    /// Takes a reviewer's corrections back from a returned review document
    /// ([`crate::formats::docx::review`]) as one undoable step; see [`Workbench::apply_review`].
    pub fn import_review(
        &mut self,
        path: &Path,
        status: Option<crate::model::Status>,
    ) -> Result<ReviewReport, WorkbenchError> {
        let rows = read_review(path)?;
        self.apply_review(path, &rows, status)
    }

    /// Applies the rows of a returned review as one undoable step: changed English cells
    /// become targets (with `status`, or keeping theirs when `None`), comments become notes;
    /// rows that do not fit and segments without a row are reported.
    pub fn apply_review(
        &mut self,
        path: &Path,
        rows: &[crate::formats::docx::review::Row],
        status: Option<crate::model::Status>,
    ) -> Result<ReviewReport, WorkbenchError> {
        let updates = crate::formats::docx::review::updates(&self.docs.project, rows, status);
        let changes = match &updates.edit {
            Edit::Batch(edits) => edits.len(),
            _ => 1,
        };
        if changes > 0 {
            self.apply(updates.edit)?;
        }
        self.report(updates.diagnostics.into_iter().map(|d| d.in_file(path)));
        Ok(ReviewReport {
            rows: rows.len(),
            corrected: updates.corrected,
            notes: updates.notes,
            skipped: updates.skipped,
        })
    }

    /// Adds the terms of a glossary file to the project's own glossary, as one step; returns
    /// how many were added.
    pub fn import_glossary(&mut self, path: &Path) -> Result<usize, WorkbenchError> {
        let (loaded, diagnostics) = load_glossary_file(path)?;
        self.report(diagnostics);
        let edits: Vec<Edit> = loaded
            .glossary
            .terms
            .into_iter()
            .map(|mut term| {
                term.id = TermId(0);
                Edit::Term(TermEdit::Add(term))
            })
            .collect();
        let count = edits.len();
        if count > 0 {
            self.apply(Edit::Batch(edits))?;
        }
        Ok(count)
    }

    /// Makes the project consult a glossary file after its own glossary (reading it now).
    pub fn attach_glossary(&mut self, path: &Path) -> Result<(), WorkbenchError> {
        let (loaded, diagnostics) = load_glossary_file(path)?;
        self.report(diagnostics);
        self.attach_loaded(loaded)
    }

    /// Attaches a glossary file read elsewhere (a background job), as an undoable change of
    /// the project's glossary settings; the undo history is kept.
    pub fn attach_loaded(&mut self, loaded: LoadedGlossary) -> Result<(), WorkbenchError> {
        let stored = loaded.stored.clone();
        self.docs.terminology.attach(loaded);
        let mut settings: GlossarySettings = self.docs.project.glossaries.clone();
        if settings.files.contains(&stored) {
            // Attached again: re-read, nothing to change in the settings.
            self.docs.terminology.apply_settings(&settings);
            self.mark_changed();
            return Ok(());
        }
        settings.files.push(stored);
        self.change(Change::Project(Edit::SetGlossaries(settings)), false)
    }

    /// Detaches glossary file `stored` (as named in the settings), as an undoable change.
    pub fn detach_glossary(&mut self, stored: &str) -> Result<(), WorkbenchError> {
        let mut settings = self.docs.project.glossaries.clone();
        let before = settings.files.len();
        settings.files.retain(|f| f != stored);
        if settings.files.len() == before {
            return Ok(());
        }
        self.change(Change::Project(Edit::SetGlossaries(settings)), false)
    }

    /// A short description of where the project is, for messages.
    pub fn describe(&self) -> String {
        self.path.as_ref().map_or_else(
            || "the unsaved project".to_string(),
            |p| excerpt(&p.display().to_string(), 200),
        )
    }
}
