//! The desktop window (egui/eframe). It shows the workbench's state and turns clicks and keys
//! into workbench calls; the work itself happens in [`crate::workbench`], and everything that
//! touches the disk runs as a job of the [`Session`], whose results come back between frames.
//! No file is read or written in a frame.
//!
//! One frame: take in finished jobs ([`Session::poll`]); collect [`UiCommand`]s from
//! shortcuts, menus and buttons; draw menus, bars, side panel and segment table (which report
//! edits and clicks); then run the commands and the reported actions once, in
//! [`TandemApp::run_command`] and friends.

mod actions;
mod bars;
mod checks;
mod command;
mod dialogs;
mod files;
mod heights;
mod machine;
mod memory;
mod menus;
mod modals;
mod prefs;
mod side;
mod start;
mod table;
mod theme;

pub use command::UiCommand;
pub use prefs::Prefs;

use crate::workbench::recovery::Offer;
use crate::workbench::{Event, Filter, Session, Workbench};
use dialogs::{FileDialogs, FilePurpose};
use side::TermForm;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use table::{SegmentTable, TableInput};

pub use crate::{SAMPLE, SAMPLE_NAME};

pub const APP_ID: &str = "Tandem";

const AUTOSAVE_EVERY: Duration = Duration::from_secs(60);

/// Opens the window; `path` (an article or a project) is opened at once.
pub fn run(path: Option<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Tandem")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| Ok(Box::new(TandemApp::new(cc, path, recovery_dir())))),
    )
}

/// `$TANDEM_RECOVERY_DIR`, or a `recovery` folder in eframe's storage folder.
pub fn recovery_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TANDEM_RECOVERY_DIR") {
        return PathBuf::from(dir);
    }
    eframe::storage_dir(APP_ID)
        .unwrap_or_else(std::env::temp_dir)
        .join("recovery")
}

/// Something that must wait for the unsaved-changes prompt (and, if the translator chose to
/// save, for the save to finish).
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    Ask(FilePurpose),
    Open(PathBuf),
    Sample,
    Close,
    Quit,
}

/// A message in the status bar.
struct Notice {
    text: String,
    error: bool,
    since: Instant,
}

pub struct TandemApp {
    pub prefs: Prefs,
    session: Session,
    table: SegmentTable,
    filter: Filter,
    files: FileDialogs,
    term_form: TermForm,
    note: String,
    note_for: Option<crate::model::SegmentId>,
    find: bars::FindBar,
    /// Waiting for the answer to "save changes?".
    unsaved_prompt: Option<Pending>,
    /// Waiting for a save to finish before going on.
    after_save: Option<Pending>,
    restore_prompt: Option<Offer>,
    /// A project someone else has open: (path, who).
    locked_prompt: Option<(PathBuf, String)>,
    /// Changes of team terms that lost to a colleague's, for the translator to settle.
    term_conflicts: Vec<crate::workbench::TermConflict>,
    show_shortcuts: bool,
    show_about: bool,
    show_problems: bool,
    show_pretranslate: bool,
    show_memories: bool,
    /// The team memory's address as being typed in the Memories window.
    team_draft: String,
    /// The team server's password as typed (kept in the password file on *Connect*).
    team_password: String,
    /// What became of the last *Connect* (the password kept, or why not).
    team_message: Option<String>,
    concordance: memory::ConcordanceWindow,
    machine_window: machine::SettingsWindow,
    checks: checks::ChecksWindow,
    notice: Option<Notice>,
    last_autosave: Instant,
    was_focused: bool,
    /// Frames left in which to scroll the active row into view.
    scroll_to_active: u8,
    focus_editor: bool,
    set_cursor: Option<usize>,
    allow_close: bool,
    /// The recent projects whose existence was asked for.
    recent_checked: Vec<PathBuf>,
}

impl TandemApp {
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        path: Option<PathBuf>,
        recovery_dir: PathBuf,
    ) -> TandemApp {
        theme::install_fonts(&cc.egui_ctx);
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, Prefs::KEY))
            .unwrap_or_default();
        let mut app = TandemApp::with_prefs(prefs, recovery_dir);
        let ctx = cc.egui_ctx.clone();
        app.session.set_waker(move || ctx.request_repaint());
        app.apply_prefs(&cc.egui_ctx);
        if let Some(path) = path {
            app.open_path(&path);
        }
        app
    }

    /// An app without a window context (tests build it through kittest's eframe harness).
    pub fn with_prefs(prefs: Prefs, recovery_dir: PathBuf) -> TandemApp {
        let team_draft = prefs.memory.team.clone();
        TandemApp {
            prefs,
            session: Session::new(recovery_dir),
            table: SegmentTable::default(),
            filter: Filter::default(),
            files: FileDialogs::default(),
            term_form: TermForm::default(),
            note: String::new(),
            note_for: None,
            find: bars::FindBar::default(),
            unsaved_prompt: None,
            after_save: None,
            restore_prompt: None,
            locked_prompt: None,
            term_conflicts: Vec::new(),
            show_shortcuts: false,
            show_about: false,
            show_problems: false,
            show_pretranslate: false,
            show_memories: false,
            team_draft,
            team_password: String::new(),
            team_message: None,
            concordance: memory::ConcordanceWindow::default(),
            machine_window: machine::SettingsWindow::default(),
            checks: checks::ChecksWindow::default(),
            notice: None,
            last_autosave: Instant::now(),
            was_focused: true,
            scroll_to_active: 1,
            focus_editor: true,
            set_cursor: None,
            allow_close: false,
            recent_checked: Vec::new(),
        }
    }

    /// The open project's workbench.
    pub fn workbench(&self) -> Option<&Workbench> {
        self.session.workbench.as_ref()
    }

    pub fn workbench_mut(&mut self) -> Option<&mut Workbench> {
        self.session.workbench.as_mut()
    }

    /// Puts a workbench in the window directly (benchmarks, tests).
    pub fn set_workbench(&mut self, workbench: Workbench) {
        self.session.workbench = Some(workbench);
        self.after_open();
    }

    /// The session, for tests that wait for its jobs.
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    /// Waits for background jobs and takes in their results (tests).
    pub fn finish_jobs(&mut self, timeout: Duration) {
        let events = self.session.wait(timeout);
        self.handle_events(events);
    }

    fn apply_prefs(&self, ctx: &egui::Context) {
        ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
    }

    fn tell(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: false,
            since: Instant::now(),
        });
    }

    fn fail(&mut self, text: impl std::fmt::Display) {
        self.notice = Some(Notice {
            text: text.to_string(),
            error: true,
            since: Instant::now(),
        });
    }

    fn dirty(&self) -> bool {
        self.workbench().is_some_and(Workbench::is_dirty)
    }

    /// A project was opened or replaced: the view starts over.
    fn after_open(&mut self) {
        self.table.reset();
        self.filter = Filter::default();
        self.note_for = None;
        self.term_form.open = false;
        self.scroll_to_active = 2;
        self.focus_editor = true;
    }

    /// Takes in what the session's jobs did.
    fn handle_events(&mut self, events: Vec<Event>) {
        for event in events {
            match event {
                Event::Info(text) => self.tell(text),
                Event::Error(text) => self.fail(text),
                Event::Opened(path) => {
                    if let Some(path) = path {
                        self.prefs.remember(path);
                    }
                    self.after_open();
                }
                Event::Locked { path, message } => {
                    self.tell(format!("{} is open elsewhere", path.display()));
                    self.locked_prompt = Some((path, message));
                }
                Event::Saved(path) => {
                    self.prefs.remember(path);
                    if !self.dirty()
                        && let Some(pending) = self.after_save.take()
                    {
                        self.proceed(pending);
                    }
                }
                Event::SaveFailed => {
                    if self.after_save.take().is_some() {
                        self.fail(
                            "Not saved, so nothing else was done; try again or choose Discard.",
                        );
                    }
                }
                Event::RestoreOffer(offer) => self.restore_prompt = Some(offer),
                Event::TermConflict(conflict) => {
                    self.fail(&conflict.message);
                    self.term_conflicts.push(*conflict);
                }
            }
        }
    }

    /// Autosave to the recovery file every minute and when the window loses focus.
    fn autosave(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.viewport().focused.unwrap_or(true));
        let lost_focus = self.was_focused && !focused;
        self.was_focused = focused;
        if !(lost_focus || self.last_autosave.elapsed() >= AUTOSAVE_EVERY) {
            return;
        }
        self.last_autosave = Instant::now();
        self.session.autosave();
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.unsaved_prompt = Some(Pending::Quit);
        }
        if self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.guard(Pending::Open(path));
        }
    }

    fn sync_note(&mut self) {
        let Some(workbench) = self.workbench() else {
            return;
        };
        let active = workbench.active();
        if self.note_for != active {
            let note = active
                .and_then(|id| workbench.project().segment(id))
                .map(|s| s.note.clone())
                .unwrap_or_default();
            self.note_for = active;
            self.note = note;
        }
    }

    /// Asks the session whether the recent projects still exist, when the list changed.
    fn check_recent(&mut self) {
        if self.recent_checked != self.prefs.recent {
            self.recent_checked = self.prefs.recent.clone();
            self.session.check_recent(self.prefs.recent.clone());
        }
    }

    fn file_answered(&mut self, answer: dialogs::Answer) {
        match answer {
            dialogs::Answer::Chosen(purpose, path) => self.file_chosen(purpose, path),
            dialogs::Answer::Cancelled(purpose) => self.file_cancelled(purpose),
        }
    }

    fn modal_open(&self) -> bool {
        self.unsaved_prompt.is_some()
            || self.files.typed.is_some()
            || self.restore_prompt.is_some()
            || self.locked_prompt.is_some()
    }
}

impl eframe::App for TandemApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        ctx.set_zoom_factor(1.0);
        self.session.configure_memories(self.prefs.memory.config());
        self.session.configure_machine(self.prefs.machine.config());
        self.session.look_up_active();
        self.session
            .configure_spelling(self.prefs.spelling, self.prefs.words_file.clone());
        if self.session.refresh_checks(Duration::from_millis(4)) {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        let events = self.session.poll();
        self.handle_events(events);
        self.check_recent();
        self.handle_close_request(&ctx);
        self.dropped_files(&ctx);
        let mut commands = if self.modal_open() {
            Vec::new()
        } else {
            UiCommand::consume_shortcuts(&ctx)
        };
        if let Some(answer) = self.files.poll() {
            self.file_answered(answer);
        }
        if self.files.is_waiting() || !self.session.is_idle() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        commands.extend(menus::menu_bar(ui, self));
        bars::status_bar(ui, self);
        if self.session.workbench.is_some() {
            bars::filter_bar(ui, &mut self.filter);
            if self.find.open
                && let Some(workbench) = &mut self.session.workbench
            {
                let before = workbench.active();
                let message = self.find.ui(ui, workbench);
                if workbench.active() != before {
                    self.scroll_to_active = 2;
                }
                if let Some(message) = message {
                    self.tell(message);
                }
            }
            self.sync_note();
            if self.prefs.side_panel {
                let mut actions = Vec::new();
                egui::Panel::right("side")
                    .resizable(true)
                    .default_size(330.0)
                    .min_size(220.0)
                    .show(ui, |ui| {
                        egui::ScrollArea::vertical().show(ui, |ui| {
                            let active = self.session.workbench.as_ref().and_then(|w| w.active());
                            let matches = active.and_then(|id| self.session.matches(id));
                            if let Some(n) = memory::matches_ui(ui, matches.as_deref()) {
                                actions
                                    .push(side::SideAction::Command(UiCommand::UseResult(n + 1)));
                            }
                            ui.separator();
                            let mut offset = matches.as_ref().map_or(0, |m| m.len());
                            if self.session.machine_enabled() {
                                let machine =
                                    active.and_then(|id| self.session.machine_suggestions(id));
                                match machine::suggestions_ui(ui, machine.as_deref(), offset) {
                                    Some(machine::MachineAction::Take(n)) => {
                                        actions.push(side::SideAction::Command(
                                            UiCommand::UseResult(offset + n + 1),
                                        ));
                                    }
                                    Some(machine::MachineAction::Retry) => {
                                        if let Some(id) = active {
                                            self.session.retry_machine(id);
                                        }
                                    }
                                    None => {}
                                }
                                offset += machine
                                    .as_ref()
                                    .map_or(0, |m| m.iter().filter(|s| s.text().is_some()).count());
                                ui.separator();
                            }
                            if let Some(workbench) = &mut self.session.workbench {
                                actions.extend(side::ui(
                                    ui,
                                    workbench,
                                    &mut self.term_form,
                                    &mut self.note,
                                    offset,
                                ));
                            }
                        });
                    });
                self.side_actions(&ctx, actions);
            }
            let mut output = table::TableOutput::default();
            egui::CentralPanel::default_margins().show(ui, |ui| {
                if let Some(workbench) = &mut self.session.workbench {
                    let input = TableInput {
                        filter: &self.filter,
                        zoom: self.prefs.zoom,
                        scroll_to_active: self.scroll_to_active > 0,
                        focus_editor: self.focus_editor,
                        set_cursor: self.set_cursor,
                    };
                    output = self.table.ui(ui, workbench, &input);
                }
            });
            self.scroll_to_active = if output.scroll_again {
                self.scroll_to_active.saturating_sub(1)
            } else {
                0
            };
            self.focus_editor = false;
            self.set_cursor = None;
            self.table_actions(output.actions);
        } else {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                commands.extend(start::ui(ui, self));
            });
        }
        for command in commands {
            self.run_command(&ctx, command);
        }
        modals::show(&ctx, self);
        memory::concordance_window(&ctx, self);
        memory::pretranslate_window(&ctx, self);
        machine::settings_window(&ctx, self);
        checks::checks_window(&ctx, self);
        checks::export_review(&ctx, self);
        for command in memory::memories_window(&ctx, self) {
            self.run_command(&ctx, command);
        }
        if let Some(answer) = self.files.typed_ui(&ctx) {
            self.file_answered(answer);
        }
        self.autosave(&ctx);
        if self
            .notice
            .as_ref()
            .is_some_and(|n| n.since.elapsed() < Duration::from_secs(8))
        {
            ctx.request_repaint_after(Duration::from_secs(1));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Prefs::KEY, &self.prefs);
    }

    /// The window is going: saves and exports under way finish (and the project's lock is let
    /// go of) before the process ends.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.session.shut_down(Duration::from_secs(60));
    }
}
