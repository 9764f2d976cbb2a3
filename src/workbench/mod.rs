//! The workbench: the application layer between the engine and its two front ends. One open
//! project with its glossaries, undo history, active segment and save state, and every
//! command of the desktop window and of the command line as a plain method, so that a rule
//! exists once ("changing a confirmed segment makes it a draft", "never write over the source
//! article"). It knows nothing of egui; the GUI and the CLI call these methods, and tests drive
//! them directly.
//!
//! - [`Workbench`] (this file): editing, undo, suggestions, figures.
//! - `files`: opening (under the project's lock), creating, importing, attaching glossaries.
//! - `save`: saving and exporting as jobs that can run off the window's thread.
//! - `paths`: which paths a write must never touch; glossary names after a move.
//! - [`jobs`]: the background runner; [`Session`] uses it so that the window never waits
//!   for the disk.
//! - [`recovery`]: the autosave file and the restore offer.
//! - [`filter`]: which segments a view shows.
//! - [`checks`]: quality-check issues kept per segment, the project's list built in slices,
//!   ignoring and switching checks off, the translator's own dictionary.
//!
//! Undo covers the project and the glossary files: a [`Change`] is either a project [`Edit`]
//! or a [`TermEdit`] on one of the loaded glossary files; both return their inverse. The
//! typing of one visit to a segment is one undo step. Work per keystroke is proportional to
//! what changed: figures, suggestions and the change log follow the touched segments only.

mod change;
pub mod checks;
mod engines;
mod files;
pub mod filter;
mod find;
pub mod jobs;
pub mod machine;
pub mod memory;
mod paths;
mod recall;
pub mod recovery;
mod save;
mod session;
mod spelling;
mod stats;
mod team;
mod team_link;

pub use change::{Change, Documents};
pub use engines::{EngineTest, MachineConfig, PRETRANSLATE_PACE};
pub use files::{
    Access, ImportReport, NewProject, ReviewReport, create_project, load_glossary_file,
    read_article, read_article_with, read_review,
};
pub use filter::{Filter, StatusFilter};
pub use find::{Field, FindMatch, Search};
pub use machine::{MachineSuggestion, MtItem};
pub use paths::OutputGuard;
pub use recall::{Concordance, MemoryConfig, OpenMemory, Role};
pub use save::{ExportJob, ExportPolicy, ExportReport, GlossaryWrite, SaveJob, SaveOutcome};
pub use session::{Event, Session};
pub use team::TermConflict;

use crate::base::Diagnostic;
use crate::formats::ExportError;
use crate::formats::article::Incomplete;
use crate::fsio::{LockError, ProjectLock};
use crate::glossary::{GlossaryId, Hit, Term, TermEdit, TermEditError, TermId};
use crate::model::edit::{Edit, EditError};
use crate::model::history::History;
use crate::model::{Origin, Project, SegmentId, Stats, Status};
use crate::project_file::ProjectFileError;
use crate::suggest::{Cache, EditRefused, Terminology};
use stats::StatsTracker;
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WorkbenchError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Term(#[from] TermEditError),
    #[error(transparent)]
    Glossary(#[from] EditRefused),
    #[error(transparent)]
    ProjectFile(#[from] ProjectFileError),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("{0}")]
    Export(#[from] ExportError),
    #[error("no project is saved yet; choose where to save it")]
    NoPath,
    #[error("stopped as asked")]
    Cancelled,
    #[error(transparent)]
    Locked(#[from] LockError),
    #[error("{path} is open read-only ({why}); save it under another name")]
    ReadOnly { path: PathBuf, why: String },
    #[error("{path}: refusing to write there: {why}")]
    Refused { path: PathBuf, why: String },
    #[error(
        "{error}; putting back the part already done failed as well ({rollback}), so the project may be partly changed: save it under another name and check it"
    )]
    RollbackFailed { error: String, rollback: String },
}

impl From<Incomplete> for WorkbenchError {
    fn from(incomplete: Incomplete) -> Self {
        WorkbenchError::Export(ExportError::Incomplete(incomplete))
    }
}

/// What changed since a revision, for views that keep per-segment state (row heights).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Segments were added, removed or moved: rebuild.
    pub structural: bool,
    /// The segments whose fields changed.
    pub segments: Vec<SegmentId>,
}

/// The last revisions' touched segments.
#[derive(Default)]
struct ChangeLog {
    entries: VecDeque<(u64, bool, Vec<SegmentId>)>,
    /// Revisions at or above this one are in the log.
    oldest: u64,
}

impl ChangeLog {
    const KEEP: usize = 128;

    fn record(&mut self, revision: u64, structural: bool, segments: Vec<SegmentId>) {
        self.entries.push_back((revision, structural, segments));
        while self.entries.len() > Self::KEEP {
            if let Some((dropped, ..)) = self.entries.pop_front() {
                self.oldest = dropped + 1;
            }
        }
    }

    fn since(&self, revision: u64) -> Option<Changes> {
        if revision + 1 < self.oldest {
            return None;
        }
        let mut changes = Changes::default();
        for (at, structural, segments) in &self.entries {
            if *at > revision {
                changes.structural |= *structural;
                changes.segments.extend(segments);
            }
        }
        changes.segments.sort_unstable();
        changes.segments.dedup();
        Some(changes)
    }
}

pub struct Workbench {
    docs: Documents,
    history: History<Change>,
    /// The project file, once it has one.
    path: Option<PathBuf>,
    /// Held while the project is open for writing.
    lock: Option<ProjectLock>,
    /// Locks of files the project has left (a save under a new name), to be dropped.
    released: Vec<ProjectLock>,
    /// Why the project is open read-only (another writer holds its lock), if it is.
    read_only: Option<String>,
    active: Option<SegmentId>,
    /// Counts visits to segments; the typing of one visit is one undo step.
    visit: u64,
    revision: u64,
    saved_revision: u64,
    last_saved: Option<SystemTime>,
    terms: Cache<Hit>,
    stats: StatsTracker,
    log: ChangeLog,
    /// Everything the translator should know about the project and what was done with it:
    /// repaired ids, unreadable glossary files, skipped import units.
    diagnostics: Vec<Diagnostic>,
    /// Glossary files edited in memory and not yet written.
    glossary_writes: BTreeSet<GlossaryId>,
    /// Confirmed segments whose units the memories have not been given yet.
    memory_writes: BTreeSet<SegmentId>,
    /// How many segments the last confirmation filled by propagation.
    propagated: usize,
    /// The active segment, if the translator went there (not undo or redo).
    entered: Option<SegmentId>,
    /// Placeables per segment, with a print of the source and variant they were found for.
    placeables: std::collections::HashMap<SegmentId, (u64, Arc<[crate::placeables::Placeable]>)>,
    /// Quality-check issues per segment and for the project.
    checks: checks::CheckState,
    /// The team's glossary on a server, when one is connected.
    team: Option<team::TeamTerms>,
}

impl Workbench {
    /// A workbench for `project`, whose file is `path` (if it has one). Glossary files named
    /// by the project are read (relative to the project file); what cannot be read becomes a
    /// diagnostic. No lock is taken: see [`Workbench::open`].
    pub fn new(mut project: Project, path: Option<PathBuf>) -> Workbench {
        if project.memory.id.is_empty() {
            project.memory.id = memory::new_memory_id(path.as_deref());
        }
        let dir = path.as_deref().and_then(Path::parent);
        let (files, diagnostics) = files::load_glossary_files(&project, dir);
        let terminology = Terminology::new(&project, files);
        let active = project.segments().next().map(|s| s.id);
        let stats = StatsTracker::new(&project);
        Workbench {
            docs: Documents {
                project,
                terminology,
            },
            history: History::default(),
            path,
            lock: None,
            released: Vec::new(),
            read_only: None,
            active,
            visit: 1,
            revision: 0,
            saved_revision: 0,
            last_saved: None,
            terms: Cache::default(),
            stats,
            log: ChangeLog::default(),
            diagnostics,
            glossary_writes: BTreeSet::new(),
            memory_writes: BTreeSet::new(),
            propagated: 0,
            entered: active,
            placeables: Default::default(),
            checks: Default::default(),
            team: None,
        }
    }

    /// The bundled sample article as an unsaved project.
    pub fn sample() -> Workbench {
        let imported = crate::formats::import_article(
            crate::SAMPLE,
            Some(crate::SAMPLE_NAME),
            &crate::segment::Segmenter::german(),
        );
        // The sample is checked by the tests; should it ever fail, an empty project opens.
        let project = imported
            .map(|i| Project::from_document(i.document))
            .unwrap_or_default();
        Workbench::new(project, None)
    }

    pub fn project(&self) -> &Project {
        &self.docs.project
    }

    pub fn terminology(&self) -> &Terminology {
        &self.docs.terminology
    }

    /// The project file, once the project has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Why the project is open read-only, if it is.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn last_saved(&self) -> Option<SystemTime> {
        self.last_saved
    }

    /// Bumps with every change; caches compare against it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// What changed after `revision`, or `None` if that is too long ago to tell (rebuild).
    pub fn changes_since(&self, revision: u64) -> Option<Changes> {
        self.log.since(revision)
    }

    /// Marks the project as changed since it was saved (a project restored after a crash).
    pub fn mark_changed(&mut self) {
        self.bump(false, Vec::new());
    }

    fn bump(&mut self, structural: bool, segments: Vec<SegmentId>) {
        self.revision += 1;
        self.log.record(self.revision, structural, segments);
    }

    /// Unsaved changes to the project or to a glossary file.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision || !self.glossary_writes.is_empty()
    }

    /// Segments and words per status, kept up to date by each change.
    pub fn stats(&self) -> Stats {
        self.stats.stats().clone()
    }

    /// Everything reported about the project so far, oldest first.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn report(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    pub fn clear_diagnostics(&mut self) {
        self.diagnostics.clear();
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
            self.entered = Some(id);
            self.visit += 1;
            self.history.seal();
        }
    }

    fn change(&mut self, change: Change, grouped: bool) -> Result<(), WorkbenchError> {
        let change = match change {
            Change::Project(edit) => Change::Project(edit.respecting_locks(&self.docs.project)?),
            other => other,
        };
        let group = grouped.then_some(self.visit);
        let structural = change::is_structural(&change);
        let mut touched = Vec::new();
        change::touched(&change, &mut touched);
        // The inverse names what the change itself could not (the segment a merge removed,
        // the id an added term got).
        let inverse = self.history.apply(&mut self.docs, change, group)?;
        change::touched(inverse, &mut touched);
        let term = change::glossary_term(inverse);
        self.after_change(structural, touched, term);
        Ok(())
    }

    /// Bookkeeping after any change (done, undone or redone).
    fn after_change(
        &mut self,
        structural: bool,
        touched: Vec<SegmentId>,
        term: Option<(GlossaryId, TermId)>,
    ) {
        self.stats.update(&self.docs.project, &touched);
        for id in &touched {
            if self
                .docs
                .project
                .segment(*id)
                .is_some_and(|s| s.status.is_done() && !s.target.trim().is_empty())
            {
                self.memory_writes.insert(*id);
            }
        }
        if let Some((glossary, term)) = term {
            self.glossary_changed(glossary, term);
        }
        self.bump(structural, touched);
    }

    /// Applies a project edit as its own undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), WorkbenchError> {
        self.change(Change::Project(edit), false)
    }

    /// The translator typed: the target becomes `text`; a new segment becomes a draft.
    pub fn type_target(&mut self, id: SegmentId, text: &str) -> Result<(), WorkbenchError> {
        self.set_target(id, text, Origin::Typed)
    }

    /// Sets a target the way every change of a target goes: with the status rule of
    /// [`crate::model::Segment::status_for_new_target`].
    fn target_edit(
        &self,
        id: SegmentId,
        text: &str,
        origin: Origin,
    ) -> Result<Option<Edit>, WorkbenchError> {
        let segment = self.segment(id)?;
        if segment.target == text {
            return Ok(None);
        }
        let mut edits = vec![Edit::SetTarget {
            id,
            target: text.to_string(),
            origin,
        }];
        if let Some(status) = segment.status_for_new_target(text) {
            edits.push(Edit::SetStatus { id, status });
        }
        // The engine's name stays only on a machine translation.
        if !segment.engine.is_empty() {
            edits.push(Edit::SetEngine {
                id,
                engine: String::new(),
            });
        }
        Ok(Some(Edit::Batch(edits)))
    }

    fn set_target(
        &mut self,
        id: SegmentId,
        text: &str,
        origin: Origin,
    ) -> Result<(), WorkbenchError> {
        let Some(edit) = self.target_edit(id, text, origin)? else {
            return Ok(());
        };
        self.activate(id);
        self.change(Change::Project(edit), true)
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

    /// Confirms the active segment (status translated), offers its translation to the other
    /// untranslated segments with the same source (a separate undo step; see
    /// [`Workbench::propagated`]) and moves to the next segment that is not yet translated;
    /// returns the new active segment.
    pub fn confirm(&mut self) -> Result<Option<SegmentId>, WorkbenchError> {
        let Some(id) = self.active else {
            return Ok(None);
        };
        self.propagated = 0;
        let segment = self.segment(id)?;
        if !segment.target.trim().is_empty() {
            if segment.status < Status::Translated {
                self.change(
                    Change::Project(Edit::SetStatus {
                        id,
                        status: Status::Translated,
                    }),
                    false,
                )?;
            }
            self.propagated = self.propagate(id)?;
        }
        if let Some(next) = self.next_unconfirmed(id) {
            self.activate(next);
        }
        Ok(self.active)
    }

    /// The next segment after `id` (wrapping around) whose status is below translated.
    fn next_unconfirmed(&self, id: SegmentId) -> Option<SegmentId> {
        let project = &self.docs.project;
        let ids: Vec<(SegmentId, Status)> = project.segments().map(|s| (s.id, s.status)).collect();
        let at = ids.iter().position(|(s, _)| *s == id)?;
        ids[at + 1..]
            .iter()
            .chain(&ids[..at])
            .find(|(_, status)| !status.is_done())
            .map(|(s, _)| *s)
    }

    /// Moves to the next (`forward`) or previous segment.
    pub fn step(&mut self, forward: bool) -> Option<SegmentId> {
        let project = &self.docs.project;
        let next = match self.active.and_then(|id| project.locate(id)) {
            None => project.segments().next().map(|s| s.id),
            Some(at) => {
                let blocks = &project.document.blocks;
                if forward {
                    blocks[at.block]
                        .segments
                        .get(at.index + 1)
                        .or_else(|| {
                            blocks[at.block + 1..]
                                .iter()
                                .find_map(|b| b.segments.first())
                        })
                        .map(|s| s.id)
                } else if at.index > 0 {
                    Some(blocks[at.block].segments[at.index - 1].id)
                } else {
                    blocks[..at.block]
                        .iter()
                        .rev()
                        .find_map(|b| b.segments.last())
                        .map(|s| s.id)
                }
            }
        };
        if let Some(next) = next {
            self.activate(next);
        }
        self.active
    }

    pub fn set_status(&mut self, id: SegmentId, status: Status) -> Result<(), WorkbenchError> {
        if self.segment(id)?.status == status {
            return Ok(());
        }
        self.apply(Edit::SetStatus { id, status })
    }

    pub fn set_note(&mut self, id: SegmentId, note: &str) -> Result<(), WorkbenchError> {
        if self.segment(id)?.note == note {
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
        let undone = self.history.undo(&mut self.docs)?.map(summarize);
        self.after_history(undone)
    }

    pub fn redo(&mut self) -> Result<bool, WorkbenchError> {
        let redone = self.history.redo(&mut self.docs)?.map(summarize);
        self.after_history(redone)
    }

    fn after_history(&mut self, done: Option<Summary>) -> Result<bool, WorkbenchError> {
        let Some(done) = done else { return Ok(false) };
        self.visit += 1;
        for (glossary, term) in &done.terms {
            self.glossary_changed(*glossary, *term);
        }
        self.after_change(done.structural, done.touched, None);
        if let Some(id) = done
            .focus
            .filter(|id| self.docs.project.segment(*id).is_some())
        {
            if self.active != Some(id) {
                // Undo and redo show where they changed something; that is not entering it.
                self.entered = None;
            }
            self.active = Some(id);
        } else if self
            .active
            .is_none_or(|id| self.docs.project.segment(id).is_none())
        {
            self.active = self.docs.project.segments().next().map(|s| s.id);
        }
        Ok(true)
    }

    /// Glossary hits in the source of `id`, computed once per source text and glossary state
    /// (typing in the target never recomputes them).
    pub fn hits(&mut self, id: SegmentId) -> Arc<[Hit]> {
        let Some(segment) = self.docs.project.segment(id) else {
            return Arc::from(Vec::new());
        };
        self.terms.get(id, &segment.source, &self.docs.terminology)
    }

    /// The numbers, dates, times, amounts, ordinals and ranges in the source of `id`, with
    /// their English in the project's variant; computed once per source text and variant.
    pub fn placeables(&mut self, id: SegmentId) -> Arc<[crate::placeables::Placeable]> {
        let Some(segment) = self.docs.project.segment(id) else {
            return Arc::from(Vec::new());
        };
        let variant = self.docs.project.machine.variant;
        let print = crate::memory::text::hash_of((&segment.source, variant));
        if let Some((known, found)) = self.placeables.get(&id)
            && *known == print
        {
            return found.clone();
        }
        let found: Arc<[crate::placeables::Placeable]> =
            Arc::from(crate::placeables::find(&segment.source, variant));
        if self.placeables.len() > 4096 {
            self.placeables.clear();
        }
        self.placeables.insert(id, (print, found.clone()));
        found
    }

    /// Adds a term to a glossary: the project's own ([`GlossaryId::PROJECT`]), the team's
    /// (sent to the server, see [`Workbench::take_term_writes`]) or an attached file, which is
    /// then written back (see [`Workbench::take_glossary_writes`]).
    pub fn add_term(&mut self, glossary: GlossaryId, mut term: Term) -> Result<(), WorkbenchError> {
        if self.team_glossary() == Some(glossary) {
            term.id = crate::stores::server::fresh_id();
        }
        self.term_edit(glossary, TermEdit::Add(term))
    }

    /// Replaces a term of a glossary (the one with the same id) with `term`.
    pub fn update_term(&mut self, glossary: GlossaryId, term: Term) -> Result<(), WorkbenchError> {
        self.term_edit(glossary, TermEdit::Update(term))
    }

    /// Removes a term from a glossary.
    pub fn remove_term(&mut self, glossary: GlossaryId, id: TermId) -> Result<(), WorkbenchError> {
        self.term_edit(glossary, TermEdit::Remove(id))
    }

    fn term_edit(&mut self, glossary: GlossaryId, edit: TermEdit) -> Result<(), WorkbenchError> {
        let change = if glossary == GlossaryId::PROJECT {
            Change::Project(Edit::Term(edit))
        } else {
            Change::Glossary { glossary, edit }
        };
        self.change(change, false)
    }

    /// After a change of a term of glossary `glossary` (done, undone or redone): a file is
    /// written back, the team's glossary is sent the term.
    fn glossary_changed(&mut self, glossary: GlossaryId, term: TermId) {
        if self.team_glossary() == Some(glossary) {
            self.team_term_changed(term);
        } else {
            self.glossary_writes.insert(glossary);
        }
    }

    /// Glossaries a term can be added to.
    pub fn writable_glossaries(&self) -> Vec<(GlossaryId, String)> {
        self.docs.terminology.writable()
    }

    /// Replaces every occurrence of `find` in the targets with `replace`, as one undo step;
    /// changed segments follow the rule for changed targets (a confirmed one becomes a draft).
    /// Returns how many occurrences were replaced.
    pub fn replace_all(
        &mut self,
        find: &str,
        replace: &str,
        match_case: bool,
    ) -> Result<usize, WorkbenchError> {
        let (replaced, count) = find::replace_all(&self.docs.project, find, replace, match_case);
        if count == 0 {
            return Ok(0);
        }
        let mut edits = Vec::with_capacity(replaced.len());
        for (id, target) in replaced {
            if let Some(edit) = self.target_edit(id, &target, Origin::Typed)? {
                edits.push(edit);
            }
        }
        self.apply(Edit::Batch(edits))?;
        Ok(count)
    }

    pub fn find(&self, query: &str, match_case: bool) -> Vec<FindMatch> {
        find::find(&self.docs.project, query, match_case)
    }

    /// The segments a filter shows, in document order; with [`Filter::issues`], those with
    /// issues in the last complete list of the quality checks.
    pub fn filtered(&self, filter: &Filter) -> Vec<SegmentId> {
        let mut shown = filter.apply(&self.docs.project);
        if filter.issues {
            let with: std::collections::HashSet<SegmentId> = self
                .issues()
                .map(|all| all.iter().map(|i| i.segment).collect())
                .unwrap_or_default();
            shown.retain(|id| with.contains(id));
        }
        shown
    }
}

/// What an undo or redo step did.
struct Summary {
    focus: Option<SegmentId>,
    touched: Vec<SegmentId>,
    structural: bool,
    terms: Vec<(GlossaryId, TermId)>,
}

fn summarize(changes: &[Change]) -> Summary {
    let mut touched = Vec::new();
    for change in changes {
        change::touched(change, &mut touched);
    }
    Summary {
        focus: changes.iter().find_map(change::focus),
        touched,
        structural: changes.iter().any(change::is_structural),
        terms: changes.iter().filter_map(change::glossary_term).collect(),
    }
}

#[cfg(test)]
mod tests;
