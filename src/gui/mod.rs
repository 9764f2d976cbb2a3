//! The desktop window (egui/eframe). It shows the workbench's state and turns clicks and keys
//! into workbench calls; the work itself happens in [`crate::workbench`].
//!
//! One frame: collect [`UiCommand`]s from shortcuts, menus and buttons; draw menus, status bar,
//! side panel and segment table (which report edits and clicks); then run the commands and the
//! reported actions once, in [`TandemApp::run_command`] and friends.

mod actions;
mod command;
mod dialogs;
mod files;
mod menus;
mod prefs;
mod recovery;
mod side;
mod start;
mod table;
mod theme;

pub use command::UiCommand;
pub use prefs::Prefs;

use crate::workbench::Workbench;
use dialogs::{FileDialogs, FilePurpose};
use recovery::{Recovery, RecoveryInfo};
use side::TermForm;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use table::{Filter, SegmentTable, TableInput};

pub const APP_ID: &str = "Tandem";

/// The bundled sample article, offered on the start view.
pub const SAMPLE_NAME: &str = "sample-ostsee.txt";
pub const SAMPLE: &[u8] = include_bytes!("../../assets/sample-ostsee.txt");

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
        Box::new(move |cc| Ok(Box::new(TandemApp::new(cc, path, Recovery::default_dir())))),
    )
}

/// Something that must wait for the unsaved-changes prompt.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    Ask(FilePurpose),
    Open(PathBuf),
    Sample,
    Close,
    Quit,
}

/// A message in the status bar or a modal.
struct Notice {
    text: String,
    error: bool,
    since: Instant,
}

pub struct TandemApp {
    pub prefs: Prefs,
    pub workbench: Option<Workbench>,
    table: SegmentTable,
    filter: Filter,
    files: FileDialogs,
    term_form: TermForm,
    note: String,
    note_for: Option<crate::model::SegmentId>,
    find: menus::FindBar,
    /// Waiting for the answer to "save changes?".
    unsaved_prompt: Option<Pending>,
    restore_prompt: Option<RecoveryInfo>,
    show_shortcuts: bool,
    show_about: bool,
    notice: Option<Notice>,
    recovery: Recovery,
    last_autosave: Instant,
    was_focused: bool,
    scroll_to_active: bool,
    focus_editor: bool,
    set_cursor: Option<usize>,
    allow_close: bool,
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
        app.apply_prefs(&cc.egui_ctx);
        if let Some(path) = path {
            app.open_path(&path);
        }
        app
    }

    /// An app without a window context (tests build it through kittest's eframe harness).
    pub fn with_prefs(prefs: Prefs, recovery_dir: PathBuf) -> TandemApp {
        let recovery = Recovery::new(recovery_dir);
        let restore_prompt = recovery.pending();
        TandemApp {
            prefs,
            workbench: None,
            table: SegmentTable::default(),
            filter: Filter::default(),
            files: FileDialogs::default(),
            term_form: TermForm::default(),
            note: String::new(),
            note_for: None,
            find: menus::FindBar::default(),
            unsaved_prompt: None,
            restore_prompt,
            show_shortcuts: false,
            show_about: false,
            notice: None,
            recovery,
            last_autosave: Instant::now(),
            was_focused: true,
            scroll_to_active: true,
            focus_editor: true,
            set_cursor: None,
            allow_close: false,
        }
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
        self.workbench.as_ref().is_some_and(Workbench::is_dirty)
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
        let Some(workbench) = &self.workbench else {
            return;
        };
        if workbench.is_dirty()
            && let Err(error) = self
                .recovery
                .write(workbench.project(), workbench.path.as_deref())
        {
            self.fail(format!("Could not write the recovery file: {error}"));
        }
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
        let Some(workbench) = &self.workbench else {
            return;
        };
        let active = workbench.active();
        if self.note_for != active {
            self.note_for = active;
            self.note = active
                .and_then(|id| workbench.project().segment(id))
                .map(|s| s.note.clone())
                .unwrap_or_default();
        }
    }
}

impl eframe::App for TandemApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        ctx.set_zoom_factor(1.0);
        self.handle_close_request(&ctx);
        self.dropped_files(&ctx);
        let mut commands = if self.unsaved_prompt.is_none() && self.files.typed.is_none() {
            UiCommand::consume_shortcuts(&ctx)
        } else {
            Vec::new()
        };
        if let Some((purpose, path)) = self.files.poll() {
            self.file_chosen(purpose, path);
        }
        if self.files.is_waiting() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        commands.extend(menus::menu_bar(ui, self));
        menus::status_bar(ui, self);
        if self.workbench.is_some() {
            menus::filter_bar(ui, &mut self.filter);
            if self.find.open
                && let Some(workbench) = &mut self.workbench
            {
                let before = workbench.active();
                let message = self.find.ui(ui, workbench);
                if workbench.active() != before {
                    self.scroll_to_active = true;
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
                            if let Some(workbench) = &mut self.workbench {
                                actions =
                                    side::ui(ui, workbench, &mut self.term_form, &mut self.note);
                            }
                        });
                    });
                self.side_actions(&ctx, actions);
            }
            let mut actions = Vec::new();
            egui::CentralPanel::default_margins().show(ui, |ui| {
                if let Some(workbench) = &mut self.workbench {
                    let input = TableInput {
                        filter: &self.filter,
                        zoom: self.prefs.zoom,
                        scroll_to_active: self.scroll_to_active,
                        focus_editor: self.focus_editor,
                        set_cursor: self.set_cursor,
                    };
                    actions = self.table.ui(ui, workbench, &input);
                }
            });
            self.scroll_to_active = false;
            self.focus_editor = false;
            self.set_cursor = None;
            self.table_actions(actions);
        } else {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                commands.extend(start::ui(ui, self));
            });
        }
        for command in commands {
            self.run_command(&ctx, command);
        }
        menus::modals(&ctx, self);
        if let Some((purpose, path)) = self.files.typed_ui(&ctx) {
            self.file_chosen(purpose, path);
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
}
