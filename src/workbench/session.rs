//! The window's side of the workbench: a [`Session`] holds the open [`Workbench`] (if any)
//! and runs everything that touches the disk or grows with the project as jobs
//! ([`super::jobs`]): opening (with the glossaries' compilation), saving, saving as,
//! exporting, autosaving to the recovery file, reading a glossary file to attach, writing an
//! edited glossary file back, looking whether recent projects still exist. Each result comes
//! back through [`Session::poll`], is applied to the workbench on the window's thread, and
//! turns into [`Event`]s the window shows.
//!
//! Results carry the ticket of the workbench they were made for; a result for a project that
//! has since been closed is not applied to another.

use super::files::load_glossary_file;
use super::jobs::{JobId, Jobs, Lane, Running};
use super::recall::{Looked, Memories, OpenMemory};
use super::recovery::{Offer, Recovery};
use super::save::{ExportPolicy, ExportReport, GlossaryWrite, SaveOutcome};
use super::{Access, Workbench, WorkbenchError};
use crate::base::Diagnostic;
use crate::formats::{ExportFormat, ReadOptions};
use crate::fsio::LockError;
use crate::project_file;
use crate::suggest::LoadedGlossary;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What the window should show or do after [`Session::poll`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A message for the status bar.
    Info(String),
    /// A failure to show prominently.
    Error(String),
    /// A project is open now (its file, once it has one).
    Opened(Option<PathBuf>),
    /// The project at `path` is open elsewhere; the translator may open it read-only.
    Locked { path: PathBuf, message: String },
    /// The project was saved at `path`.
    Saved(PathBuf),
    /// A save failed (what was waiting for it should not go on).
    SaveFailed,
    /// Unsaved work of an earlier run was found.
    RestoreOffer(Offer),
    /// A change of a team term lost to a colleague's: the translator chooses.
    TermConflict(Box<super::team::TermConflict>),
}

pub(super) enum Outcome {
    Opened {
        path: PathBuf,
        access: Access,
        result: Result<Workbench, WorkbenchError>,
    },
    Sample(Workbench),
    Restored(Result<Workbench, String>),
    Saved(SaveOutcome),
    Exported(Result<ExportReport, WorkbenchError>),
    Autosaved(Result<(), String>),
    RecoveryCleared(Result<(), String>),
    GlossaryLoaded(Result<(LoadedGlossary, Vec<Diagnostic>), WorkbenchError>),
    GlossaryWritten(Vec<(GlossaryWrite, Result<(), String>)>),
    RecentChecked(Vec<(PathBuf, bool)>),
    RecoveryFound(Option<Offer>),
    Closed,
    MemoriesOpened(Vec<(PathBuf, Result<OpenMemory, String>)>),
    Looked(Looked),
    MemoryWritten(Vec<String>),
    Searched {
        query: String,
        hits: Vec<crate::stores::Hit>,
        errors: Vec<String>,
    },
    Pretranslated(super::memory::Pretranslation),
    Suggested(super::engines::Suggested),
    Drafted(super::engines::Drafted),
    EngineTested {
        index: usize,
        generation: u64,
        result: Result<String, String>,
    },
    MemoryImported(PathBuf, Result<crate::stores::ImportReport, String>),
    ReviewRead(
        PathBuf,
        Result<Vec<crate::formats::docx::review::Row>, WorkbenchError>,
    ),
    Spelled(super::spelling::Spelled),
    Checked(super::checks::IssueList),
    TermsSent(Result<crate::stores::team_glossary::Sent, String>),
    /// The copy of the team glossary's terms on this computer, read (for the glossary at
    /// `url`) or kept.
    TeamCopyRead {
        url: String,
        copy: Result<Vec<crate::stores::team_glossary::CopiedTerm>, String>,
    },
    TeamCopyKept(Result<(), String>),
}

/// A finished job: its id, and the ticket and outcome (or why it failed).
type Finished = (JobId, Result<(u64, Outcome), String>);

pub struct Session {
    pub workbench: Option<Workbench>,
    jobs: Jobs<(u64, Outcome)>,
    /// Names the current workbench; results carry the ticket they were made for.
    pub(super) ticket: u64,
    recovery: Recovery,
    recent: HashMap<PathBuf, bool>,
    opening: Option<JobId>,
    saving: usize,
    writing_glossaries: bool,
    /// After a glossary file could not be written: the revision at which to try again (the
    /// next change or save), instead of failing again on every frame.
    glossary_retry: Option<u64>,
    /// Jobs the translator stopped: their results are dropped.
    cancelled: std::collections::HashSet<JobId>,
    /// The translation memories in use and what is known from them.
    pub memories: Memories,
    /// Machine translation: engines, suggestions, pretranslation.
    pub machine: super::engines::Machine,
    /// Events raised outside a job's result, handed out with the next poll.
    pub(super) pending_events: Vec<Event>,
    /// Dictionaries and corrections for the spelling check.
    pub(super) spelling: super::spelling::Spelling,
    /// The team glossary on a server, when one is connected.
    pub(super) team: Option<super::team_link::TeamLink>,
}

impl Session {
    /// A session without a project; looks for unsaved work of an earlier run in `recovery_dir`.
    pub fn new(recovery_dir: PathBuf) -> Session {
        let mut session = Session {
            workbench: None,
            jobs: Jobs::new(),
            ticket: 0,
            recovery: Recovery::new(recovery_dir),
            recent: HashMap::new(),
            opening: None,
            saving: 0,
            writing_glossaries: false,
            glossary_retry: None,
            cancelled: Default::default(),
            memories: Memories::default(),
            machine: Default::default(),
            pending_events: Vec::new(),
            spelling: Default::default(),
            team: None,
        };
        let recovery = session.recovery.clone();
        session.spawn(Lane::Files, "looking for unsaved work", move |_| {
            Outcome::RecoveryFound(recovery.pending())
        });
        session
    }

    /// Called from a job's thread when a result is ready (the window asks for a frame).
    pub fn set_waker(&mut self, waker: impl Fn() + Send + Sync + 'static) {
        self.jobs.set_waker(waker);
    }

    /// What wakes the window when something arrives from another thread.
    pub(super) fn waker(&self) -> Option<super::jobs::Waker> {
        self.jobs.waker()
    }

    pub(super) fn spawn(
        &mut self,
        lane: Lane,
        label: impl Into<String>,
        work: impl FnOnce(&super::jobs::JobContext) -> Outcome + Send + 'static,
    ) -> JobId {
        let ticket = self.ticket;
        self.jobs.spawn(lane, label, move |ctx| (ticket, work(ctx)))
    }

    /// The jobs still running, for a progress display.
    pub fn running(&self) -> &[Running] {
        self.jobs.running()
    }

    /// Asks a job to stop. A cancelled opening's result is not applied, even if it finished.
    pub fn cancel(&mut self, id: JobId) {
        self.jobs.cancel(id);
        self.cancelled.insert(id);
        if self.memories.pretranslating == Some(id) {
            self.memories.pretranslating = None;
            self.machine.then_machine = None;
            self.pending_events.push(Event::Info(
                "Pretranslation stopped; nothing was changed.".into(),
            ));
        }
        if self.machine.pretranslating == Some(id) {
            self.machine.pretranslating = None;
            self.pending_events.push(Event::Info(
                "Machine pretranslation stopped; nothing was changed.".into(),
            ));
        }
        if self.memories.importing == Some(id) {
            self.memories.importing = None;
            self.pending_events.push(Event::Info(
                "Import stopped; the units imported so far stay in the main memory.".into(),
            ));
        }
        if self.opening == Some(id) {
            self.opening = None;
        }
    }

    pub fn is_idle(&self) -> bool {
        self.jobs.is_idle()
    }

    /// A project is being opened.
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// A save is under way.
    pub fn is_saving(&self) -> bool {
        self.saving > 0
    }

    pub fn recovery(&self) -> &Recovery {
        &self.recovery
    }

    fn replace(&mut self, workbench: Option<Workbench>) {
        self.ticket += 1;
        // Letting go of a project releases its lock file: done in the file lane, after the
        // saves already queued for it, not on the window's thread.
        if let Some(old) = std::mem::replace(&mut self.workbench, workbench) {
            self.spawn(Lane::Files, "closing the project", move |_| {
                drop(old);
                Outcome::Closed
            });
        }
        self.writing_glossaries = false;
        self.glossary_retry = None;
        self.saving = 0;
        self.open_memories();
    }

    /// Opens an article or a project in the background (see [`Workbench::open`]).
    pub fn open(&mut self, path: &Path, access: Access) {
        self.open_with(path, access, ReadOptions::default());
    }

    /// [`Session::open`], an article read with `options`.
    pub fn open_with(&mut self, path: &Path, access: Access, options: ReadOptions) {
        let path = path.to_path_buf();
        let label = format!("opening {}", path.display());
        let job = self.spawn(Lane::Work, label, move |ctx| Outcome::Opened {
            result: Workbench::open_with(&path, access, options, ctx),
            path,
            access,
        });
        self.opening = Some(job);
    }

    /// Opens the bundled sample article.
    pub fn open_sample(&mut self) {
        let job = self.spawn(Lane::Work, "opening the sample article", |_| {
            Outcome::Sample(Workbench::sample())
        });
        self.opening = Some(job);
    }

    /// Restores the unsaved work of an earlier run.
    pub fn restore(&mut self, offer: &Offer) {
        let recovery = self.recovery.clone();
        let path = offer.project_path();
        let job = self.spawn(Lane::Work, "restoring unsaved work", move |_| {
            Outcome::Restored(
                recovery
                    .load()
                    .map(|loaded| {
                        let mut workbench = Workbench::restore(loaded.project, path);
                        workbench.report(loaded.diagnostics);
                        workbench
                    })
                    .map_err(|e| e.to_string()),
            )
        });
        self.opening = Some(job);
    }

    /// Removes the recovery file (its work was saved or deliberately discarded).
    pub fn discard_recovery(&mut self) {
        let recovery = self.recovery.clone();
        self.spawn(Lane::Files, "removing the recovery file", move |_| {
            Outcome::RecoveryCleared(recovery.clear().map_err(|e| e.to_string()))
        });
    }

    /// Closes the project (its lock is released); its recovery file goes too.
    pub fn close(&mut self) {
        self.replace(None);
        self.discard_recovery();
    }

    /// Saves the project to its file; `Err(NoPath)` when it has none yet (ask for one, then
    /// [`Session::save_as`]).
    pub fn save(&mut self) -> Result<(), WorkbenchError> {
        let workbench = self.workbench.as_mut().ok_or(WorkbenchError::NoPath)?;
        let job = workbench.save_job()?;
        let label = format!("saving {}", job.path().display());
        self.saving += 1;
        self.spawn(Lane::Files, label, move |_| Outcome::Saved(job.run()));
        Ok(())
    }

    /// Saves the project under a new name, its file from then on.
    pub fn save_as(&mut self, path: &Path) -> Result<(), WorkbenchError> {
        let workbench = self.workbench.as_mut().ok_or(WorkbenchError::NoPath)?;
        let path = if path.extension().is_none() {
            path.with_extension(project_file::EXTENSION)
        } else {
            path.to_path_buf()
        };
        let job = workbench.save_as_job(&path)?;
        self.saving += 1;
        self.spawn(
            Lane::Files,
            format!("saving {}", path.display()),
            move |_| Outcome::Saved(job.run()),
        );
        Ok(())
    }

    /// Exports; an English article with untranslated segments keeps them in German, flagged.
    pub fn export(&mut self, format: ExportFormat, path: &Path) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        let job = workbench.export_job(format, path, ExportPolicy::FlagUntranslated);
        self.spawn(
            Lane::Files,
            format!("exporting {}", path.display()),
            move |_| Outcome::Exported(job.run()),
        );
    }

    /// Reads a glossary file in the background and attaches it to the project.
    pub fn attach_glossary(&mut self, path: &Path) {
        let path = path.to_path_buf();
        self.spawn(
            Lane::Work,
            format!("reading {}", path.display()),
            move |_| Outcome::GlossaryLoaded(load_glossary_file(&path)),
        );
    }

    /// Reads a returned review document in the background; its corrections are then applied
    /// as one undoable step, corrected segments marked reviewed.
    pub fn import_review(&mut self, path: &Path) {
        let path = path.to_path_buf();
        self.spawn(
            Lane::Work,
            format!("reading {}", path.display()),
            move |_| {
                let rows = super::read_review(&path);
                Outcome::ReviewRead(path, rows)
            },
        );
    }

    /// Writes unsaved work to the recovery file, if there is any.
    pub fn autosave(&mut self) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        if !workbench.is_dirty() {
            return;
        }
        let recovery = self.recovery.clone();
        let project = workbench.project().clone();
        let path = workbench.path().map(Path::to_path_buf);
        self.spawn(Lane::Files, "writing the recovery file", move |_| {
            Outcome::Autosaved(
                recovery
                    .write(&project, path.as_deref())
                    .map_err(|e| e.to_string()),
            )
        });
    }

    /// Looks in the background whether these (recent) projects still exist.
    pub fn check_recent(&mut self, paths: Vec<PathBuf>) {
        self.spawn(Lane::Work, "looking at recent projects", move |_| {
            Outcome::RecentChecked(
                paths
                    .into_iter()
                    .map(|p| {
                        let exists = p.is_file();
                        (p, exists)
                    })
                    .collect(),
            )
        });
    }

    /// Whether a recent project exists, once known.
    pub fn recent_exists(&self, path: &Path) -> Option<bool> {
        self.recent.get(path).copied()
    }

    /// Lets go of the project (its lock) and waits for every job under way, saves first:
    /// what the translator asked for is done before the process ends.
    pub fn shut_down(&mut self, timeout: Duration) {
        if let Some(workbench) = self.workbench.take() {
            self.spawn(Lane::Files, "closing the project", move |_| {
                drop(workbench);
                Outcome::Closed
            });
        }
        // Machine translation is not waited for: a model may take minutes to answer, and
        // nothing of the project depends on it.
        self.cancel_machine_jobs();
        self.jobs
            .wait_for(timeout, |job| !super::engines::is_machine_job(&job.label));
    }

    /// Waits for the running jobs and applies their results (tests; shutting down).
    pub fn wait(&mut self, timeout: Duration) -> Vec<Event> {
        let mut events = Vec::new();
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let finished = self
                .jobs
                .wait(deadline.saturating_duration_since(std::time::Instant::now()));
            events.extend(self.apply_all(finished));
            self.schedule();
            events.append(&mut self.pending_events);
            if self.jobs.is_idle() || std::time::Instant::now() >= deadline {
                return events;
            }
        }
    }

    /// Applies the results of finished jobs; returns what the window should show.
    pub fn poll(&mut self) -> Vec<Event> {
        let finished = self.jobs.poll();
        let mut events = std::mem::take(&mut self.pending_events);
        events.extend(self.apply_all(finished));
        self.schedule();
        events
    }

    /// Starts the writes of edited glossary files.
    fn schedule(&mut self) {
        self.write_memories();
        self.schedule_team();
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        if self.writing_glossaries
            || self
                .glossary_retry
                .is_some_and(|after| workbench.revision() <= after)
        {
            return;
        }
        let writes = workbench.take_glossary_writes();
        if writes.is_empty() {
            return;
        }
        self.writing_glossaries = true;
        self.spawn(Lane::Files, "writing glossary files", move |_| {
            Outcome::GlossaryWritten(
                writes
                    .into_iter()
                    .map(|w| {
                        let result = w.run();
                        (w, result)
                    })
                    .collect(),
            )
        });
    }

    fn apply_all(&mut self, finished: Vec<Finished>) -> Vec<Event> {
        let mut events = Vec::new();
        for (id, result) in finished {
            if self.opening == Some(id) {
                self.opening = None;
            }
            // Whatever came back (even a job that failed), it is no longer on its way.
            self.machine_job_finished(id);
            if self.cancelled.remove(&id) {
                // What the stopped job made (a project opened after all, with its lock) is let
                // go of in the file lane.
                if let Ok((_, outcome)) = result {
                    self.spawn(Lane::Files, "closing the project", move |_| {
                        drop(outcome);
                        Outcome::Closed
                    });
                }
                continue;
            }
            match result {
                Ok((ticket, outcome)) => self.apply(ticket, outcome, &mut events),
                Err(panic) => events.push(Event::Error(panic)),
            }
        }
        events
    }

    fn apply(&mut self, ticket: u64, outcome: Outcome, events: &mut Vec<Event>) {
        let current = ticket == self.ticket;
        match outcome {
            Outcome::Opened {
                path,
                access,
                result,
            } => match result {
                Ok(workbench) => {
                    let opened = workbench.path().map(Path::to_path_buf);
                    let read_only = workbench.read_only().map(str::to_string);
                    self.replace(Some(workbench));
                    events.push(Event::Opened(opened.clone()));
                    let name = opened.unwrap_or(path);
                    events.push(Event::Info(match (access, read_only) {
                        (Access::ReadOnly, _) | (_, Some(_)) => {
                            format!("Opened {} read-only", name.display())
                        }
                        _ => format!("Opened {}", name.display()),
                    }));
                }
                Err(WorkbenchError::Locked(error @ LockError::Held { .. })) => {
                    events.push(Event::Locked {
                        path,
                        message: error.to_string(),
                    });
                }
                Err(WorkbenchError::Cancelled) => {}
                Err(error) => events.push(Event::Error(error.to_string())),
            },
            Outcome::Sample(workbench) => {
                self.replace(Some(workbench));
                events.push(Event::Opened(None));
                events.push(Event::Info(
                    "The sample article is open; save it to keep your work.".into(),
                ));
            }
            Outcome::Restored(result) => match result {
                Ok(workbench) => {
                    let path = workbench.path().map(Path::to_path_buf);
                    let read_only = workbench.read_only().map(str::to_string);
                    self.replace(Some(workbench));
                    events.push(Event::Opened(path));
                    events.push(Event::Info(match read_only {
                        Some(why) => {
                            format!("Restored, read-only ({why}); save it under another name.")
                        }
                        None => "Restored; save to keep it.".into(),
                    }));
                }
                Err(error) => events.push(Event::Error(format!(
                    "The unsaved work could not be restored: {error}"
                ))),
            },
            Outcome::Saved(outcome) => {
                self.saving = self.saving.saturating_sub(1);
                let path = outcome.path.clone();
                let applied = match (&mut self.workbench, current) {
                    (Some(workbench), true) => {
                        let applied = workbench.saved(outcome);
                        let released = workbench.take_released_locks();
                        if !released.is_empty() {
                            self.spawn(Lane::Files, "letting go of the old file", move |_| {
                                drop(released);
                                Outcome::Closed
                            });
                        }
                        applied
                    }
                    _ => outcome.result,
                };
                match applied {
                    Ok(()) => {
                        if current {
                            self.glossary_retry = None;
                            self.discard_recovery();
                            self.project_memory_moved();
                        }
                        events.push(Event::Saved(path.clone()));
                        events.push(Event::Info(format!("Saved {}", path.display())));
                    }
                    Err(error) => {
                        events.push(Event::SaveFailed);
                        events.push(Event::Error(format!("Not saved: {error}")));
                    }
                }
            }
            Outcome::Exported(result) => match result {
                Ok(report) => events.push(Event::Info(report.describe())),
                Err(error) => events.push(Event::Error(format!("Not exported: {error}"))),
            },
            Outcome::Autosaved(result) => {
                if let Err(error) = result {
                    events.push(Event::Error(format!(
                        "Could not write the recovery file: {error}"
                    )));
                }
            }
            Outcome::RecoveryCleared(result) => {
                if let Err(error) = result {
                    events.push(Event::Error(format!(
                        "Could not remove the recovery file: {error}"
                    )));
                }
            }
            Outcome::GlossaryLoaded(result) => match (result, &mut self.workbench) {
                (Ok((loaded, diagnostics)), Some(workbench)) if current => {
                    let path = loaded.path.clone();
                    let count = loaded.glossary.terms.len();
                    let problems = diagnostics.len();
                    workbench.report(diagnostics);
                    match workbench.attach_loaded(loaded) {
                        Ok(()) => {
                            let mut text = format!("Using {} ({count} terms)", path.display());
                            if problems > 0 {
                                text.push_str(&format!(", {problems} problem(s) reported"));
                            }
                            events.push(Event::Info(text));
                        }
                        Err(error) => events.push(Event::Error(error.to_string())),
                    }
                }
                (Err(error), _) => events.push(Event::Error(error.to_string())),
                _ => {}
            },
            Outcome::ReviewRead(path, result) => match (result, &mut self.workbench) {
                (Ok(rows), Some(workbench)) if current => {
                    match workbench.apply_review(&path, &rows, Some(crate::model::Status::Reviewed))
                    {
                        Ok(report) => events.push(Event::Info(format!(
                            "Review {}: {} translations corrected, {} comments added as notes, {} rows skipped",
                            path.display(),
                            report.corrected,
                            report.notes,
                            report.skipped
                        ))),
                        Err(error) => events.push(Event::Error(error.to_string())),
                    }
                }
                (Err(error), _) => events.push(Event::Error(error.to_string())),
                _ => {}
            },
            Outcome::GlossaryWritten(results) => {
                if current {
                    self.writing_glossaries = false;
                }
                for (write, result) in results {
                    if let Err(error) = &result {
                        events.push(Event::Error(format!(
                            "Could not write the glossary file: {error}"
                        )));
                        if let (Some(workbench), true) = (&self.workbench, current) {
                            self.glossary_retry = Some(workbench.revision());
                        }
                    }
                    if let (Some(workbench), true) = (&mut self.workbench, current) {
                        workbench.glossary_written(&write, result);
                    }
                }
            }
            Outcome::RecentChecked(found) => self.recent.extend(found),
            Outcome::MemoriesOpened(opened) => {
                if current {
                    self.memories_opened(opened, events);
                }
            }
            Outcome::Looked(looked) => self.looked(looked, current, events),
            Outcome::MemoryWritten(errors) => self.memory_written(errors, events),
            Outcome::Searched {
                query,
                hits,
                errors,
            } => self.searched(query, hits, errors, events),
            Outcome::Pretranslated(plan) => self.pretranslated(plan, current, events),
            Outcome::Suggested(suggested) => self.suggested(suggested, current),
            Outcome::Drafted(drafted) => self.drafted(drafted, current, events),
            Outcome::EngineTested {
                index,
                generation,
                result,
            } => self.engine_tested(index, generation, result),
            Outcome::MemoryImported(path, result) => self.memory_imported(path, result, events),
            Outcome::Spelled(spelled) => self.spelled(spelled, events),
            Outcome::Checked(list) => {
                if current && let Some(workbench) = &mut self.workbench {
                    workbench.take_issue_list(list);
                }
            }
            Outcome::TermsSent(sent) => {
                // Answers for a project since closed: its changes were sent (or wait in the
                // queue for the next project's link); the link is a new one.
                if current {
                    self.terms_sent(sent, events);
                }
            }
            Outcome::TeamCopyRead { url, copy } => {
                if current {
                    self.team_copy_read(&url, copy, events);
                }
            }
            Outcome::TeamCopyKept(result) => self.team_copy_kept(result, current, events),
            Outcome::Closed => {}
            Outcome::RecoveryFound(offer) => {
                if let Some(offer) = offer {
                    events.push(Event::RestoreOffer(offer));
                }
            }
        }
    }
}
