//! The desktop window (egui/eframe). It shows the workbench's state and turns clicks and keys
//! into workbench calls; the work itself happens in [`crate::workbench`].
//!
//! One frame: collect [`UiCommand`]s from shortcuts, menus and buttons; draw menus, status bar,
//! side panel and segment table (which report edits and clicks); then run the commands and the
//! reported actions once, in [`TandemApp::run_command`] and friends.

mod command;
mod dialogs;
mod menus;
mod prefs;
mod recovery;
mod side;
mod start;
mod table;
mod theme;

pub use command::UiCommand;
pub use prefs::Prefs;

use crate::formats::ExportFormat;
use crate::model::Origin;
use crate::project_file;
use crate::workbench::Workbench;
use dialogs::{FileDialogs, FilePurpose};
use recovery::{Recovery, RecoveryInfo};
use side::{SideAction, TermForm};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use table::{Filter, SegmentTable, TableAction, TableInput};

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

    fn open_sample(&mut self) {
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

    fn set_workbench(&mut self, workbench: Workbench) {
        self.workbench = Some(workbench);
        self.table = SegmentTable::default();
        self.filter = Filter::default();
        self.note_for = None;
        self.term_form.open = false;
        self.scroll_to_active = true;
        self.focus_editor = true;
    }

    /// Runs `pending` now, or after asking to save unsaved changes.
    fn guard(&mut self, pending: Pending) {
        if self.dirty() {
            self.unsaved_prompt = Some(pending);
        } else {
            self.proceed(pending);
        }
    }

    fn proceed(&mut self, pending: Pending) {
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

    fn save(&mut self) -> bool {
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

    fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf) {
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

    fn export(&mut self, format: ExportFormat, path: &Path) {
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

    /// Runs one command of the menus, the keyboard or a button.
    pub fn run_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        let result = match command {
            UiCommand::NewFromArticle => {
                self.guard(Pending::Ask(FilePurpose::OpenArticle));
                Ok(())
            }
            UiCommand::OpenProject => {
                self.guard(Pending::Ask(FilePurpose::OpenProject));
                Ok(())
            }
            UiCommand::TrySample => {
                self.guard(Pending::Sample);
                Ok(())
            }
            UiCommand::Save => {
                self.save();
                Ok(())
            }
            UiCommand::SaveAs => {
                let suggested = self.workbench.as_ref().and_then(|w| w.path.clone());
                self.files.ask(FilePurpose::SaveAs, suggested);
                Ok(())
            }
            UiCommand::Export(format) => {
                let suggested = self
                    .workbench
                    .as_ref()
                    .and_then(|w| w.default_export_path(format));
                self.files.ask(FilePurpose::Export(format), suggested);
                Ok(())
            }
            UiCommand::UseGlossary => {
                self.files.ask(FilePurpose::UseGlossary, None);
                Ok(())
            }
            UiCommand::CloseProject => {
                self.guard(Pending::Close);
                Ok(())
            }
            UiCommand::Quit => {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                Ok(())
            }
            UiCommand::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                self.apply_prefs(ctx);
                Ok(())
            }
            UiCommand::ZoomIn => {
                self.prefs.zoom_by(1.1);
                Ok(())
            }
            UiCommand::ZoomOut => {
                self.prefs.zoom_by(1.0 / 1.1);
                Ok(())
            }
            UiCommand::ToggleSidePanel => {
                self.prefs.side_panel = !self.prefs.side_panel;
                Ok(())
            }
            UiCommand::Shortcuts => {
                self.show_shortcuts = !self.show_shortcuts;
                Ok(())
            }
            UiCommand::About => {
                self.show_about = true;
                Ok(())
            }
            UiCommand::Find => {
                self.find.open = true;
                self.find.focus = true;
                Ok(())
            }
            UiCommand::AddTerm => {
                self.prefs.side_panel = true;
                self.term_form.start(&self.table.cursor);
                Ok(())
            }
            _ => self.segment_command(command),
        };
        if let Err(error) = result {
            self.fail(error);
        }
    }

    /// Commands on the active segment.
    fn segment_command(
        &mut self,
        command: UiCommand,
    ) -> Result<(), crate::workbench::WorkbenchError> {
        let Some(workbench) = &mut self.workbench else {
            return Ok(());
        };
        let active = workbench.active();
        match command {
            UiCommand::Undo => {
                workbench.undo()?;
            }
            UiCommand::Redo => {
                workbench.redo()?;
            }
            UiCommand::Confirm => {
                workbench.confirm()?;
            }
            UiCommand::NextSegment => {
                workbench.step(true);
            }
            UiCommand::PreviousSegment => {
                workbench.step(false);
            }
            UiCommand::CopySource => workbench.copy_source()?,
            UiCommand::InsertTerm(n) => {
                if let Some(id) = active {
                    let hits = workbench.hits(id).to_vec();
                    match side::suggestion(&hits, n) {
                        Some(text) => self.insert(&text)?,
                        None => self.tell(format!(
                            "There is no glossary suggestion {n} for this segment."
                        )),
                    }
                }
            }
            UiCommand::Split => {
                let Some(id) = active else { return Ok(()) };
                match self.table.cursor.source_cursor {
                    Some(at) => {
                        let target_at = self.table.cursor.target_cursor.unwrap_or(usize::MAX);
                        workbench.split(id, at, target_at)?;
                    }
                    None => self.tell(
                        "Click in the German text where the segment should be split, then split.",
                    ),
                }
            }
            UiCommand::Merge => {
                if let Some(id) = active {
                    workbench.merge_with_next(id)?;
                }
            }
            _ => {}
        }
        if self.workbench.as_ref().map(Workbench::active) != Some(active) {
            self.scroll_to_active = true;
            self.focus_editor = true;
            self.table.cursor = Default::default();
        }
        Ok(())
    }

    /// Inserts text at the target cursor of the active segment.
    fn insert(&mut self, text: &str) -> Result<(), crate::workbench::WorkbenchError> {
        let Some(workbench) = &mut self.workbench else {
            return Ok(());
        };
        let Some(id) = workbench.active() else {
            return Ok(());
        };
        let length = workbench
            .project()
            .segment(id)
            .map_or(0, |s| s.target.chars().count());
        let at = self
            .table
            .cursor
            .target_cursor
            .unwrap_or(length)
            .min(length);
        let cursor = workbench.insert_text(id, at, text, Origin::Glossary)?;
        self.set_cursor = Some(cursor);
        self.table.cursor.target_cursor = Some(cursor);
        self.focus_editor = true;
        Ok(())
    }

    fn table_actions(&mut self, actions: Vec<TableAction>) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        for action in actions {
            let result = match action {
                TableAction::Activate(id) => {
                    workbench.activate(id);
                    self.table.cursor = Default::default();
                    self.focus_editor = true;
                    Ok(())
                }
                TableAction::Type(id, text) => workbench.type_target(id, &text),
            };
            if let Err(error) = result {
                self.notice = Some(Notice {
                    text: error.to_string(),
                    error: true,
                    since: Instant::now(),
                });
            }
        }
    }

    fn side_actions(&mut self, ctx: &egui::Context, actions: Vec<SideAction>) {
        for action in actions {
            let result = match action {
                SideAction::Insert(text) => self.insert(&text),
                SideAction::Command(command) => {
                    self.run_command(ctx, command);
                    Ok(())
                }
                SideAction::SetStatus(id, status) => match &mut self.workbench {
                    Some(w) => w.set_status(id, status),
                    None => Ok(()),
                },
                SideAction::SetNote(id, note) => match &mut self.workbench {
                    Some(w) => w.set_note(id, &note),
                    None => Ok(()),
                },
                SideAction::AddTerm(set, term) => {
                    let source = term.source.clone();
                    match &mut self.workbench {
                        Some(w) => w
                            .add_term(set, term)
                            .map(|()| self.tell(format!("Added “{source}” to the glossary"))),
                        None => Ok(()),
                    }
                }
            };
            if let Err(error) = result {
                self.fail(error);
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
