//! The workbench: one open project with its glossaries, undo history, active segment and save
//! state, and every command the desktop window offers, as plain methods. It knows nothing of
//! egui; the GUI calls these methods, and tests drive them directly.
//!
//! Undo covers the project and the glossary files: a [`Change`] is either a project [`Edit`]
//! or a [`TermEdit`] on one of the loaded glossaries; both return their inverse. The typing of
//! one visit to a segment is one undo step.

mod change;
mod find;

pub use change::{Change, Documents};

pub use find::{Field, FindMatch};

use crate::formats::article::{ExportOptions, Incomplete};
use crate::formats::{ExportFormat, ImportError, import_article};
use crate::glossary::{self, Hit, Source, Term, TermEdit, TermEditError, Terminology};
use crate::model::edit::{Edit, EditError};
use crate::model::history::History;
use crate::model::{Origin, Project, SegmentId, Stats, Status};
use crate::project_file::{self, ProjectFileError};
use crate::segment::Segmenter;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WorkbenchError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Term(#[from] TermEditError),
    #[error(transparent)]
    ProjectFile(#[from] ProjectFileError),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("{0}")]
    Incomplete(#[from] Incomplete),
    #[error(
        "the glossary {0} is built in and cannot be changed; add the term to the project glossary"
    )]
    ReadOnlyGlossary(String),
    #[error("no project is saved yet; choose where to save it")]
    NoPath,
}

pub struct Workbench {
    docs: Documents,
    history: History<Change>,
    /// The project file, once it has one.
    pub path: Option<PathBuf>,
    active: Option<SegmentId>,
    /// Counts visits to segments; the typing of one visit is one undo step.
    visit: u64,
    revision: u64,
    saved_revision: u64,
    pub last_saved: Option<SystemTime>,
    hits: HashMap<SegmentId, Vec<Hit>>,
    hits_revision: u64,
    /// Things the translator should know about the opened project (shown once by the GUI).
    pub notes: Vec<String>,
    stats: RefCell<Option<(u64, Stats)>>,
    /// Words per segment, by source length (the source changes only on split and merge).
    words: RefCell<HashMap<SegmentId, (usize, usize)>>,
}

impl Workbench {
    pub fn new(project: Project, path: Option<PathBuf>) -> Workbench {
        let dir = path.as_deref().and_then(Path::parent);
        let terminology = Terminology::for_project(&project, dir);
        let terminology_notes = terminology.warnings.clone();
        let active = project.segments().next().map(|s| s.id);
        Workbench {
            docs: Documents {
                project,
                terminology,
            },
            history: History::default(),
            path,
            active,
            visit: 1,
            revision: 0,
            saved_revision: 0,
            last_saved: None,
            hits: HashMap::new(),
            hits_revision: 0,
            notes: terminology_notes,
            stats: RefCell::new(None),
            words: RefCell::new(HashMap::new()),
        }
    }

    /// Opens a project file, or an article: then the project beside it (`article.tandem`) is
    /// opened if it exists, and otherwise made and saved there.
    pub fn open(path: &Path) -> Result<Workbench, WorkbenchError> {
        if path
            .extension()
            .is_some_and(|e| e == project_file::EXTENSION)
        {
            let project = project_file::load(path)?;
            let mut workbench = Workbench::new(project, Some(path.to_path_buf()));
            workbench.last_saved = std::fs::metadata(path).and_then(|m| m.modified()).ok();
            return Ok(workbench);
        }
        let beside = path.with_extension(project_file::EXTENSION);
        if beside.exists() {
            return Workbench::open(&beside);
        }
        let mut workbench = Workbench::new(Workbench::import(path)?, Some(beside));
        if let Err(error) = workbench.save() {
            // A read-only folder: the project stays unsaved until the translator picks a place.
            workbench.path = None;
            workbench.mark_changed();
            workbench.notes.push(format!(
                "The project could not be created beside the article ({error}); save it somewhere else."
            ));
        }
        Ok(workbench)
    }

    /// Reads an article into a new project (not saved anywhere yet).
    pub fn import(path: &Path) -> Result<Project, WorkbenchError> {
        let file_error = |message: String| WorkbenchError::File {
            path: path.to_path_buf(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| file_error(e.to_string()))?;
        let name = path.file_name().and_then(|n| n.to_str());
        let imported = import_article(&bytes, name, &Segmenter::german())
            .map_err(|e: ImportError| file_error(e.to_string()))?;
        let mut project = Project::from_document(imported.document);
        project.document.metadata.source_path = Some(path.display().to_string());
        Ok(project)
    }

    pub fn project(&self) -> &Project {
        &self.docs.project
    }

    pub fn terminology(&self) -> &Terminology {
        &self.docs.terminology
    }

    /// Bumps with every change; caches compare against it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Marks the project as changed since it was saved (a project restored after a crash).
    pub fn mark_changed(&mut self) {
        self.revision += 1;
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Segments and words per status (counted once per revision: counting words in 10,000
    /// segments on every frame would cost more than the rest of the frame).
    pub fn stats(&self) -> Stats {
        let mut cache = self.stats.borrow_mut();
        match &*cache {
            Some((revision, stats)) if *revision == self.revision => stats.clone(),
            _ => {
                let mut words = self.words.borrow_mut();
                let stats = Stats::of_with(&self.docs.project, |segment| {
                    let entry = words.entry(segment.id).or_insert((usize::MAX, 0));
                    if entry.0 != segment.source.len() {
                        *entry = (
                            segment.source.len(),
                            crate::model::word_count(&segment.source),
                        );
                    }
                    entry.1
                });
                *cache = Some((self.revision, stats.clone()));
                stats
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    pub fn active(&self) -> Option<SegmentId> {
        self.active
    }

    fn segment(&self, id: SegmentId) -> Result<&crate::model::Segment, WorkbenchError> {
        Ok(self
            .docs
            .project
            .segment(id)
            .ok_or(EditError::NoSuchSegment(id))?)
    }

    /// Makes `id` the active segment; typing there starts a new undo step.
    pub fn activate(&mut self, id: SegmentId) {
        if self.active != Some(id) && self.docs.project.segment(id).is_some() {
            self.active = Some(id);
            self.visit += 1;
            self.history.seal();
        }
    }

    fn change(&mut self, change: Change, grouped: bool) -> Result<(), WorkbenchError> {
        let group = grouped.then_some(self.visit);
        self.history.apply(&mut self.docs, change, group)?;
        self.revision += 1;
        Ok(())
    }

    /// Applies a project edit as its own undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), WorkbenchError> {
        self.change(Change::Project(edit), false)
    }

    /// The translator typed: the target becomes `text`; a new segment becomes a draft.
    pub fn type_target(&mut self, id: SegmentId, text: &str) -> Result<(), WorkbenchError> {
        self.set_target(id, text, Origin::Typed)
    }

    fn set_target(
        &mut self,
        id: SegmentId,
        text: &str,
        origin: Origin,
    ) -> Result<(), WorkbenchError> {
        let segment = self.segment(id)?;
        if segment.target == text {
            return Ok(());
        }
        let mut edits = vec![Edit::SetTarget {
            id,
            target: text.to_string(),
            origin,
        }];
        // A new segment with text becomes a draft; so does a confirmed one that is changed,
        // until it is confirmed again.
        let becomes_draft =
            (segment.status == Status::New && !text.trim().is_empty()) || segment.status.is_done();
        if becomes_draft {
            edits.push(Edit::SetStatus {
                id,
                status: Status::Draft,
            });
        }
        self.activate(id);
        self.change(Change::Project(Edit::Batch(edits)), true)
    }

    /// Copies the source into the active segment's target.
    pub fn copy_source(&mut self) -> Result<(), WorkbenchError> {
        let Some(id) = self.active else { return Ok(()) };
        let source = self.docs.project.segment(id).map(|s| s.source.clone());
        match source {
            Some(source) => self.set_target(id, &source, Origin::Source),
            None => Ok(()),
        }
    }

    /// Inserts `text` into the target of `id` at character `at` (a cursor position); returns
    /// the cursor position after the inserted text.
    pub fn insert_text(
        &mut self,
        id: SegmentId,
        at: usize,
        text: &str,
        origin: Origin,
    ) -> Result<usize, WorkbenchError> {
        let target = self.segment(id)?.target.clone();
        let byte = target
            .char_indices()
            .nth(at)
            .map_or(target.len(), |(b, _)| b);
        let mut new = target.clone();
        new.insert_str(byte, text);
        let origin = if target.trim().is_empty() {
            origin
        } else {
            Origin::Typed
        };
        self.set_target(id, &new, origin)?;
        Ok(at + text.chars().count())
    }

    /// Confirms the active segment (status translated) and moves to the next segment that is
    /// not yet translated; returns the new active segment.
    pub fn confirm(&mut self) -> Result<Option<SegmentId>, WorkbenchError> {
        let Some(id) = self.active else {
            return Ok(None);
        };
        let segment = self.segment(id)?;
        if !segment.target.trim().is_empty() && segment.status < Status::Translated {
            self.change(
                Change::Project(Edit::SetStatus {
                    id,
                    status: Status::Translated,
                }),
                false,
            )?;
        }
        if let Some(next) = self.next_unconfirmed(id) {
            self.activate(next);
        }
        Ok(self.active)
    }

    /// The next segment after `id` (wrapping around) whose status is below translated.
    fn next_unconfirmed(&self, id: SegmentId) -> Option<SegmentId> {
        let ids: Vec<(SegmentId, Status)> = self
            .docs
            .project
            .segments()
            .map(|s| (s.id, s.status))
            .collect();
        let at = ids.iter().position(|(s, _)| *s == id)?;
        ids[at + 1..]
            .iter()
            .chain(&ids[..at])
            .find(|(_, status)| !status.is_done())
            .map(|(s, _)| *s)
    }

    /// Moves to the next (`forward`) or previous segment.
    pub fn step(&mut self, forward: bool) -> Option<SegmentId> {
        let ids: Vec<SegmentId> = self.docs.project.segments().map(|s| s.id).collect();
        let at = self.active.and_then(|id| ids.iter().position(|s| *s == id));
        let next = match (at, forward) {
            (None, _) => ids.first(),
            (Some(at), true) => ids.get(at + 1),
            (Some(at), false) => at.checked_sub(1).and_then(|a| ids.get(a)),
        };
        if let Some(&next) = next {
            self.activate(next);
        }
        self.active
    }

    pub fn set_status(&mut self, id: SegmentId, status: Status) -> Result<(), WorkbenchError> {
        self.apply(Edit::SetStatus { id, status })
    }

    pub fn set_note(&mut self, id: SegmentId, note: &str) -> Result<(), WorkbenchError> {
        if self
            .docs
            .project
            .segment(id)
            .is_some_and(|s| s.note == note)
        {
            return Ok(());
        }
        self.change(
            Change::Project(Edit::SetNote {
                id,
                note: note.to_string(),
            }),
            true,
        )
    }

    /// Splits segment `id` at character positions in its source and target. A position inside
    /// a word moves to the start of that word: segments are split between words.
    pub fn split(
        &mut self,
        id: SegmentId,
        source_char: usize,
        target_char: usize,
    ) -> Result<(), WorkbenchError> {
        let segment = self.segment(id)?;
        let byte = |text: &str, at: usize| {
            let mut byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
            let inside_word = |b: usize| {
                text[..b]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && text[b..].chars().next().is_some_and(char::is_alphanumeric)
            };
            while byte > 0 && inside_word(byte) {
                byte -= text[..byte].chars().next_back().map_or(1, char::len_utf8);
            }
            byte
        };
        let edit = Edit::Split {
            id,
            source_at: byte(&segment.source, source_char),
            target_at: byte(&segment.target, target_char),
        };
        self.apply(edit)
    }

    /// Merges segment `id` with the next one of its paragraph.
    pub fn merge_with_next(&mut self, id: SegmentId) -> Result<(), WorkbenchError> {
        self.apply(Edit::Merge { id })
    }

    pub fn undo(&mut self) -> Result<bool, WorkbenchError> {
        let focus = self
            .history
            .undo(&mut self.docs)?
            .map(|c| c.iter().find_map(change::focus));
        self.after_history(focus)
    }

    pub fn redo(&mut self) -> Result<bool, WorkbenchError> {
        let focus = self
            .history
            .redo(&mut self.docs)?
            .map(|c| c.iter().find_map(change::focus));
        self.after_history(focus)
    }

    fn after_history(&mut self, focus: Option<Option<SegmentId>>) -> Result<bool, WorkbenchError> {
        let Some(focus) = focus else { return Ok(false) };
        self.revision += 1;
        self.visit += 1;
        if let Some(id) = focus.filter(|id| self.docs.project.segment(*id).is_some()) {
            self.active = Some(id);
        } else if self
            .active
            .is_none_or(|id| self.docs.project.segment(id).is_none())
        {
            self.active = self.docs.project.segments().next().map(|s| s.id);
        }
        Ok(true)
    }

    /// Glossary hits in the source of `id` (cached until the glossaries or the project change).
    pub fn hits(&mut self, id: SegmentId) -> &[Hit] {
        if self.hits_revision != self.revision {
            self.hits.clear();
            self.hits_revision = self.revision;
        }
        let docs = &self.docs;
        self.hits.entry(id).or_insert_with(|| {
            docs.project
                .segment(id)
                .map(|s| docs.terminology.matcher.find(&s.source))
                .unwrap_or_default()
        })
    }

    /// Adds a term to glossary `set` (0: the project's own; a file glossary is written back).
    pub fn add_term(&mut self, set: usize, term: Term) -> Result<(), WorkbenchError> {
        let change = if set == 0 {
            Change::Project(Edit::Term(TermEdit::Add(term)))
        } else {
            Change::Glossary {
                set,
                edit: TermEdit::Add(term),
            }
        };
        self.change(change, false)
    }

    /// Makes the project consult a glossary file (TSV, CSV or TBX) after its own glossary;
    /// terms added to it from the workbench are written back to the file.
    pub fn use_glossary_file(&mut self, path: &Path) -> Result<(), WorkbenchError> {
        let file_error = |message: String| WorkbenchError::File {
            path: path.to_path_buf(),
            message,
        };
        glossary::Format::from_path(path)
            .ok_or_else(|| file_error("unknown glossary format (use .tsv, .csv or .tbx)".into()))?;
        std::fs::metadata(path).map_err(|e| file_error(e.to_string()))?;
        let dir = self.path.as_deref().and_then(Path::parent);
        let stored = match dir.and_then(|d| path.strip_prefix(d).ok()) {
            Some(relative) => relative.display().to_string(),
            None => path.display().to_string(),
        };
        if !self.docs.project.glossaries.files.contains(&stored) {
            self.docs.project.glossaries.files.push(stored);
        }
        self.docs.terminology = Terminology::for_project(&self.docs.project, dir);
        self.notes = self.docs.terminology.warnings.clone();
        // Term edits recorded against the old glossary list no longer fit it.
        self.history = History::default();
        self.revision += 1;
        Ok(())
    }

    /// Glossaries a term can be added to: (set, name).
    pub fn writable_glossaries(&self) -> Vec<(usize, String)> {
        let terminology = &self.docs.terminology;
        terminology
            .sources
            .iter()
            .enumerate()
            .filter(|(_, s)| !matches!(s, Source::Default))
            .map(|(i, _)| (i, terminology.glossaries[i].name.clone()))
            .collect()
    }

    /// Replaces every occurrence of `find` in the targets with `replace`, as one undo step;
    /// returns how many were replaced.
    pub fn replace_all(
        &mut self,
        find: &str,
        replace: &str,
        match_case: bool,
    ) -> Result<usize, WorkbenchError> {
        let (edits, count) = find::replace_all(&self.docs.project, find, replace, match_case);
        if count > 0 {
            self.apply(Edit::Batch(edits))?;
        }
        Ok(count)
    }

    pub fn find(&self, query: &str, match_case: bool) -> Vec<FindMatch> {
        find::find(&self.docs.project, query, match_case)
    }

    /// Saves to the project file (atomically, keeping a backup).
    pub fn save(&mut self) -> Result<(), WorkbenchError> {
        let path = self.path.clone().ok_or(WorkbenchError::NoPath)?;
        project_file::save(&self.docs.project, &path)?;
        self.saved_revision = self.revision;
        self.last_saved = Some(SystemTime::now());
        Ok(())
    }

    pub fn save_as(&mut self, path: &Path) -> Result<(), WorkbenchError> {
        let previous = self.path.replace(path.to_path_buf());
        let result = self.save();
        if result.is_err() {
            self.path = previous;
        }
        result
    }

    /// Writes an export; the article formats refuse untranslated segments unless allowed.
    pub fn export(
        &self,
        format: ExportFormat,
        path: &Path,
        allow_incomplete: bool,
    ) -> Result<(), WorkbenchError> {
        let text = format.export(&self.docs.project, ExportOptions { allow_incomplete })?;
        project_file::write_atomic(path, text.as_bytes(), false).map_err(|e| WorkbenchError::File {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Where an export goes by default: beside the project, named after it.
    pub fn default_export_path(&self, format: ExportFormat) -> Option<PathBuf> {
        Some(self.path.as_ref()?.with_extension(format.extension()))
    }
}

#[cfg(test)]
mod tests;
