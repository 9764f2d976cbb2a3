//! The menu bar, the status bar, the filter and find bars, and the modal windows (unsaved
//! changes, restore after a crash, shortcuts, about).

use super::command::UiCommand;
use super::table::{Filter, StatusFilter};
use super::{Pending, TandemApp};
use crate::formats::ExportFormat;
use crate::workbench::{Field, Workbench};
use egui::{Button, Ui};

/// Menu entries for `entries` (command, enabled); clicked ones go to `commands`.
fn items(ui: &mut Ui, entries: &[(UiCommand, bool)], commands: &mut Vec<UiCommand>) {
    for &(command, enabled) in entries {
        if item(ui, command, enabled) {
            commands.push(command);
        }
    }
}

fn item(ui: &mut Ui, command: UiCommand, enabled: bool) -> bool {
    let mut button = Button::new(command.label());
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    ui.add_enabled(enabled, button).clicked()
}

pub fn menu_bar(ui: &mut Ui, app: &mut TandemApp) -> Vec<UiCommand> {
    let mut commands = Vec::new();
    let open = app.workbench.is_some();
    let (can_undo, can_redo) = app
        .workbench
        .as_ref()
        .map_or((false, false), |w| (w.can_undo(), w.can_redo()));
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                items(
                    ui,
                    &[UiCommand::NewFromArticle, UiCommand::OpenProject].map(|c| (c, true)),
                    &mut commands,
                );
                ui.menu_button("Open recent", |ui| {
                    if app.prefs.recent.is_empty() {
                        ui.weak("No recent projects");
                    }
                    for path in app.prefs.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            app.guard(Pending::Open(path));
                        }
                    }
                });
                items(
                    ui,
                    &[
                        (UiCommand::TrySample, true),
                        (UiCommand::Save, open),
                        (UiCommand::SaveAs, open),
                        (UiCommand::UseGlossary, open),
                    ],
                    &mut commands,
                );
                ui.menu_button("Export", |ui| {
                    let exports = ExportFormat::ALL.map(|f| (UiCommand::Export(f), open));
                    items(ui, &exports, &mut commands);
                });
                ui.separator();
                items(
                    ui,
                    &[(UiCommand::CloseProject, open), (UiCommand::Quit, true)],
                    &mut commands,
                );
            });
            ui.menu_button("Edit", |ui| {
                items(
                    ui,
                    &[
                        (UiCommand::Undo, can_undo),
                        (UiCommand::Redo, can_redo),
                        (UiCommand::Confirm, open),
                        (UiCommand::NextSegment, open),
                        (UiCommand::PreviousSegment, open),
                        (UiCommand::CopySource, open),
                        (UiCommand::Split, open),
                        (UiCommand::Merge, open),
                        (UiCommand::Find, open),
                        (UiCommand::AddTerm, open),
                    ],
                    &mut commands,
                );
            });
            ui.menu_button("View", |ui| {
                items(
                    ui,
                    &[
                        UiCommand::ToggleTheme,
                        UiCommand::ZoomIn,
                        UiCommand::ZoomOut,
                        UiCommand::ToggleSidePanel,
                    ]
                    .map(|c| (c, true)),
                    &mut commands,
                );
            });
            ui.menu_button("Help", |ui| {
                items(
                    ui,
                    &[UiCommand::Shortcuts, UiCommand::About].map(|c| (c, true)),
                    &mut commands,
                );
            });
        });
    });
    commands
}

pub fn status_bar(ui: &mut Ui, app: &TandemApp) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(workbench) = &app.workbench {
                let stats = workbench.stats();
                let done = stats.done();
                let percent = if stats.total.words == 0 {
                    0.0
                } else {
                    100.0 * done.words as f64 / stats.total.words as f64
                };
                ui.label(format!(
                    "{}/{} segments · {}/{} words translated ({percent:.0}%)",
                    done.segments, stats.total.segments, done.words, stats.total.words
                ));
                ui.separator();
                let name = workbench
                    .path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map_or("not saved yet".to_string(), |n| {
                        n.to_string_lossy().into_owned()
                    });
                if workbench.is_dirty() {
                    ui.label(egui::RichText::new(format!("● {name} — unsaved changes")).strong());
                } else {
                    ui.label(name);
                }
                if let Some(saved) = workbench.last_saved {
                    let minutes = saved.elapsed().map_or(0, |d| d.as_secs() / 60);
                    ui.weak(format!("saved {minutes} min ago"));
                }
            } else {
                ui.label("No project open");
            }
            if let Some(notice) = &app.notice
                && notice.since.elapsed().as_secs() < 8
            {
                ui.separator();
                let text = egui::RichText::new(&notice.text);
                ui.label(if notice.error {
                    text.color(ui.visuals().error_fg_color)
                } else {
                    text
                });
            }
        });
    });
}

pub fn filter_bar(ui: &mut Ui, filter: &mut Filter) {
    egui::Panel::top("filter").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label("Show:");
            for status in StatusFilter::ALL {
                ui.selectable_value(&mut filter.status, status, status.label());
            }
            ui.separator();
            let label = ui.label("Filter:");
            ui.add(
                egui::TextEdit::singleline(&mut filter.text)
                    .hint_text("text in source or target")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            if !filter.text.is_empty() && ui.button("✖").on_hover_text("Clear the filter").clicked()
            {
                filter.text.clear();
            }
        });
    });
}

/// Find in source and target, replace in targets.
#[derive(Default)]
pub struct FindBar {
    pub open: bool,
    pub focus: bool,
    query: String,
    replacement: String,
    match_case: bool,
    current: usize,
    /// Matches of the last search: (query, match case, workbench revision, matches).
    cache: Option<(String, bool, u64, Vec<crate::workbench::FindMatch>)>,
}

impl FindBar {
    /// Returns a message for the status bar, if any.
    pub fn ui(&mut self, ui: &mut Ui, workbench: &mut Workbench) -> Option<String> {
        let mut message = None;
        egui::Panel::top("find").show(ui, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Find:");
                let response = ui
                    .add(egui::TextEdit::singleline(&mut self.query).desired_width(200.0))
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus) {
                    response.request_focus();
                }
                let label = ui.label("Replace with:");
                ui.add(egui::TextEdit::singleline(&mut self.replacement).desired_width(200.0))
                    .labelled_by(label.id);
                ui.checkbox(&mut self.match_case, "Match case");
                let fresh = self.cache.as_ref().is_some_and(|(q, c, r, _)| {
                    *q == self.query && *c == self.match_case && *r == workbench.revision()
                });
                if !fresh {
                    let found = workbench.find(&self.query, self.match_case);
                    self.cache = Some((
                        self.query.clone(),
                        self.match_case,
                        workbench.revision(),
                        found,
                    ));
                }
                let matches = self
                    .cache
                    .as_ref()
                    .map(|(_, _, _, m)| m.clone())
                    .unwrap_or_default();
                let next = ui.button("Next").clicked()
                    || (response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
                if next && !matches.is_empty() {
                    self.current = (self.current + 1) % matches.len();
                    workbench.activate(matches[self.current].id);
                }
                if ui.button("Replace all in targets").clicked() {
                    message = Some(
                        match workbench.replace_all(&self.query, &self.replacement, self.match_case)
                        {
                            Ok(count) => format!("Replaced {count} occurrence(s)"),
                            Err(error) => error.to_string(),
                        },
                    );
                }
                let in_targets = matches.iter().filter(|m| m.field == Field::Target).count();
                ui.weak(format!(
                    "{} found ({} in targets)",
                    matches.len(),
                    in_targets
                ));
                if ui.button("✖").on_hover_text("Close").clicked() {
                    self.open = false;
                }
            });
        });
        message
    }
}

pub fn modals(ctx: &egui::Context, app: &mut TandemApp) {
    if let Some(pending) = app.unsaved_prompt.clone() {
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.heading("Save changes?");
            ui.label("This project has changes that are not saved.");
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(0);
                }
                if ui.button("Discard changes").clicked() {
                    choice = Some(1);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(2);
                }
            });
        });
        match choice {
            Some(0) => {
                app.unsaved_prompt = None;
                if app.save() {
                    app.proceed(pending);
                }
            }
            Some(1) => {
                app.unsaved_prompt = None;
                app.proceed(pending);
            }
            Some(2) => app.unsaved_prompt = None,
            _ => {}
        }
    }
    if let Some(info) = app.restore_prompt.clone() {
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("restore")).show(ctx, |ui| {
            ui.heading("Restore unsaved work?");
            ui.label(info.describe());
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    choice = Some(true);
                }
                if ui.button("Discard it").clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                app.restore_prompt = None;
                match app.recovery.load() {
                    Ok(project) => {
                        let mut workbench = Workbench::new(project, info.project_path.clone());
                        workbench.mark_changed();
                        app.set_workbench(workbench);
                        app.tell("Restored; save to keep it.");
                    }
                    Err(error) => app.fail(error),
                }
            }
            Some(false) => {
                app.restore_prompt = None;
                app.recovery.clear();
            }
            None => {}
        }
    }
    if app.show_shortcuts {
        let mut open = true;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for command in UiCommand::with_shortcuts() {
                        if let Some(shortcut) = command.shortcut() {
                            ui.label(ctx.format_shortcut(&shortcut));
                            ui.label(command.label());
                            ui.end_row();
                        }
                    }
                    ui.label(ctx.format_shortcut(&egui::KeyboardShortcut::new(
                        egui::Modifiers::COMMAND,
                        egui::Key::Y,
                    )));
                    ui.label("Redo");
                    ui.end_row();
                });
            });
        app.show_shortcuts = open;
    }
    if app.show_about {
        let mut open = true;
        egui::Window::new("About Tandem").open(&mut open).collapsible(false).show(ctx, |ui| {
            ui.heading(format!("Tandem {}", env!("CARGO_PKG_VERSION")));
            ui.label("German → English, sentence by sentence.");
            ui.label("Country and city names from Unicode CLDR (Unicode License v3); font DejaVu Sans.");
        });
        app.show_about = open;
    }
}
