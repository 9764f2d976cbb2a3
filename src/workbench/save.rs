//! Saving and exporting, as values that can run anywhere: the workbench makes a [`SaveJob`]
//! or an [`ExportJob`] from a snapshot of the project (on the window's thread: a clone, no
//! file I/O), the job runs on the file lane (or at once, on the command line), and the
//! workbench takes in what it did ([`Workbench::saved`]). Glossary files edited in memory are
//! written the same way ([`GlossaryWrite`]); a write that fails keeps them unsaved.

use super::paths::OutputGuard;
use super::{Workbench, WorkbenchError};
use crate::base::Diagnostic;
use crate::formats::ExportFormat;
use crate::formats::article::{ExportOptions, missing_targets};
use crate::fsio::{self, LockCheck, ProjectLock};
use crate::glossary::{self, Format, GlossaryId};
use crate::model::Project;
use crate::project_file;
use crate::suggest::Source;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A glossary file to write back after it was edited.
#[derive(Clone, Debug)]
pub struct GlossaryWrite {
    pub id: GlossaryId,
    pub path: PathBuf,
    pub format: Format,
    pub glossary: glossary::Glossary,
}

impl GlossaryWrite {
    /// Writes the file atomically, keeping the previous version as `.bak`.
    pub fn run(&self) -> Result<(), String> {
        let bytes = glossary::write(&self.glossary, self.format).map_err(|e| e.to_string())?;
        fsio::write_atomic(&self.path, &bytes, fsio::Backup::Keep)
            .map_err(|e| format!("{}: {e}", self.path.display()))
    }
}

/// Everything a save needs, taken from the workbench so that it can run on another thread.
pub struct SaveJob {
    project: Project,
    path: PathBuf,
    revision: u64,
    /// The lock to check (saving to the project's own file) …
    lock: Option<LockCheck>,
    /// … or take (saving under a new name).
    take_lock: bool,
    guard: OutputGuard,
    glossaries: Vec<GlossaryWrite>,
}

/// What a save did, for [`Workbench::saved`].
pub struct SaveOutcome {
    pub path: PathBuf,
    revision: u64,
    lock: Option<ProjectLock>,
    pub result: Result<(), WorkbenchError>,
    glossaries: Vec<(GlossaryWrite, Result<(), String>)>,
}

impl SaveJob {
    /// Writes the project (and the edited glossary files).
    pub fn run(self) -> SaveOutcome {
        let mut lock = None;
        let result = (|| {
            self.guard.check(&self.path)?;
            if self.take_lock {
                let taken = ProjectLock::acquire(&self.path)?;
                fsio::remove_stale_temporaries(&self.path);
                lock = Some(taken);
            } else if let Some(check) = &self.lock {
                check.verify(&self.path)?;
            }
            project_file::save(&self.project, &self.path)?;
            Ok(())
        })();
        let glossaries = if result.is_ok() {
            self.glossaries
                .into_iter()
                .map(|w| {
                    let result = w.run();
                    (w, result)
                })
                .collect()
        } else {
            Vec::new()
        };
        SaveOutcome {
            path: self.path,
            revision: self.revision,
            lock,
            result,
            glossaries,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// How an English-article export treats untranslated segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportPolicy {
    /// Refuse, listing them.
    Strict,
    /// Put the German source in their place, flagged.
    FlagUntranslated,
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportReport {
    pub path: PathBuf,
    /// Untranslated segments the German source stood in for (article formats).
    pub flagged: usize,
    /// Segments with a target that is not confirmed.
    pub drafts: usize,
}

impl ExportReport {
    /// What to tell the translator.
    pub fn describe(&self) -> String {
        let mut text = format!("Exported {}", self.path.display());
        if self.flagged > 0 {
            text.push_str(&format!(
                " — {} untranslated segment(s) kept in German, flagged",
                self.flagged
            ));
        }
        if self.drafts > 0 {
            text.push_str(&format!("; {} draft(s) not yet confirmed", self.drafts));
        }
        text
    }
}

/// An export, taken from the workbench so that it can run on another thread.
pub struct ExportJob {
    project: Project,
    format: ExportFormat,
    path: PathBuf,
    policy: ExportPolicy,
    guard: OutputGuard,
}

impl ExportJob {
    pub fn run(self) -> Result<ExportReport, WorkbenchError> {
        self.guard.check(&self.path)?;
        let article = self.format.is_article();
        let flagged = if article && self.policy == ExportPolicy::FlagUntranslated {
            missing_targets(&self.project).len()
        } else {
            0
        };
        let options = ExportOptions {
            allow_incomplete: self.policy == ExportPolicy::FlagUntranslated,
        };
        let bytes = self.format.export(&self.project, options)?;
        fsio::write_atomic(&self.path, &bytes, fsio::Backup::None).map_err(|e| {
            WorkbenchError::File {
                path: self.path.clone(),
                message: e.to_string(),
            }
        })?;
        let drafts = self
            .project
            .segments()
            .filter(|s| !s.target.is_empty() && !s.status.is_done())
            .count();
        Ok(ExportReport {
            path: self.path,
            flagged,
            drafts: if article { drafts } else { 0 },
        })
    }
}

impl Workbench {
    /// The save of the project to its own file, to run anywhere ([`SaveJob::run`]) and hand
    /// back to [`Workbench::saved`].
    pub fn save_job(&mut self) -> Result<SaveJob, WorkbenchError> {
        let path = self.path.clone().ok_or(WorkbenchError::NoPath)?;
        if let Some(why) = &self.read_only {
            return Err(WorkbenchError::ReadOnly {
                path,
                why: why.clone(),
            });
        }
        let guard = self.output_guard().allowing(&path);
        Ok(SaveJob {
            project: self.docs.project.clone(),
            lock: self.lock.as_ref().map(ProjectLock::check),
            take_lock: self.lock.is_none(),
            path,
            revision: self.revision,
            guard,
            glossaries: self.take_glossary_writes(),
        })
    }

    /// The save under a new name (the project's file from then on).
    pub fn save_as_job(&mut self, path: &Path) -> Result<SaveJob, WorkbenchError> {
        let same = self
            .path
            .as_deref()
            .is_some_and(|own| fsio::normalize(own) == fsio::normalize(path));
        if same && self.read_only.is_none() {
            return self.save_job();
        }
        Ok(SaveJob {
            project: self.docs.project.clone(),
            path: path.to_path_buf(),
            revision: self.revision,
            lock: None,
            take_lock: true,
            guard: self.output_guard(),
            glossaries: self.take_glossary_writes(),
        })
    }

    /// Takes in what a save did: on success the project's file, lock and saved state follow
    /// it; glossary files whose writing failed stay unsaved (and are tried again on the next
    /// save), each with a diagnostic.
    pub fn saved(&mut self, outcome: SaveOutcome) -> Result<(), WorkbenchError> {
        for (write, result) in outcome.glossaries {
            self.glossary_written(&write, result);
        }
        outcome.result?;
        if let Some(lock) = outcome.lock {
            // The old file's lock is let go of by whoever runs the jobs (not here: that is
            // file I/O on the caller's thread); see [`Workbench::take_released_locks`].
            if let Some(old) = self.lock.replace(lock) {
                self.released.push(old);
            }
            self.read_only = None;
        }
        self.path = Some(outcome.path);
        self.saved_revision = outcome.revision;
        self.last_saved = Some(SystemTime::now());
        Ok(())
    }

    /// Locks of files the project no longer lives in (after a save under a new name), to be
    /// dropped, which removes their lock files.
    pub fn take_released_locks(&mut self) -> Vec<ProjectLock> {
        std::mem::take(&mut self.released)
    }

    /// Saves to the project file now (on this thread).
    pub fn save(&mut self) -> Result<(), WorkbenchError> {
        let job = self.save_job()?;
        let outcome = job.run();
        self.saved(outcome)
    }

    /// Saves under a new name now (on this thread), letting go of the old file's lock.
    pub fn save_as(&mut self, path: &Path) -> Result<(), WorkbenchError> {
        let job = self.save_as_job(path)?;
        let outcome = job.run();
        let result = self.saved(outcome);
        drop(self.take_released_locks());
        result
    }

    /// The glossary files edited since they were last written, as writes to run; they count
    /// as unsaved until [`Workbench::glossary_written`] says they were written.
    pub fn take_glossary_writes(&mut self) -> Vec<GlossaryWrite> {
        let terminology = &self.docs.terminology;
        self.glossary_writes
            .iter()
            .filter_map(|id| {
                let entry = terminology.entry(*id)?;
                let Source::File { path, format, .. } = &entry.source else {
                    return None;
                };
                Some(GlossaryWrite {
                    id: *id,
                    path: path.clone(),
                    format: *format,
                    glossary: entry.glossary.clone(),
                })
            })
            .collect()
    }

    /// Takes in the result of a [`GlossaryWrite`] made from the current state of its glossary.
    pub fn glossary_written(&mut self, write: &GlossaryWrite, result: Result<(), String>) {
        match result {
            Ok(()) => {
                let current = self.docs.terminology.glossary(write.id);
                if current == Some(&write.glossary) {
                    self.glossary_writes.remove(&write.id);
                }
            }
            Err(error) => self.report([Diagnostic::error(format!(
                "the glossary file could not be written; its changes are kept and written with the next save: {error}"
            ))]),
        }
    }

    /// Writes the edited glossary files now (on this thread).
    pub fn write_glossaries(&mut self) {
        for write in self.take_glossary_writes() {
            let result = write.run();
            self.glossary_written(&write, result);
        }
    }

    /// The export `format` to `path`, to run anywhere.
    pub fn export_job(&self, format: ExportFormat, path: &Path, policy: ExportPolicy) -> ExportJob {
        ExportJob {
            project: self.docs.project.clone(),
            format,
            path: path.to_path_buf(),
            policy,
            guard: self.output_guard(),
        }
    }

    /// Writes an export now (on this thread).
    pub fn export(
        &self,
        format: ExportFormat,
        path: &Path,
        policy: ExportPolicy,
    ) -> Result<ExportReport, WorkbenchError> {
        self.export_job(format, path, policy).run()
    }

    /// Where an export goes by default: beside the project, named after it.
    pub fn default_export_path(&self, format: ExportFormat) -> Option<PathBuf> {
        Some(
            self.path
                .as_ref()?
                .with_extension(format.file_extension(self.project())),
        )
    }
}
