//! The menu bar: every command with its shortcut shown; recent projects.

use super::command::UiCommand;
use super::{Pending, TandemApp};
use crate::formats::ExportFormat;
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
    let open = app.workbench().is_some();
    // A bilingual file's segments are the file's: no splitting or merging.
    let fixed = app
        .workbench()
        .is_some_and(|w| w.project().document.metadata.format.fixed_segments());
    let (can_undo, can_redo) = app
        .workbench()
        .map_or((false, false), |w| (w.can_undo(), w.can_redo()));
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                items(
                    ui,
                    &[UiCommand::NewFromArticle, UiCommand::OpenProject].map(|c| (c, true)),
                    &mut commands,
                );
                ui.checkbox(
                    &mut app.prefs.headers_footers,
                    "Read Word headers and footers",
                )
                .on_hover_text(
                    "When opening a Word document, translate its headers and footers too (off: they are mostly page numbers and letterheads)",
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
                    let exports = ExportFormat::ALL.map(|f| {
                        let applies = app.workbench().is_some_and(|w| f.applies_to(w.project()));
                        (UiCommand::Export(f), applies)
                    });
                    items(ui, &exports, &mut commands);
                });
                items(ui, &[(UiCommand::ImportReview, open)], &mut commands);
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
                        (UiCommand::InsertTag, open),
                        (UiCommand::Split, open && !fixed),
                        (UiCommand::Merge, open && !fixed),
                        (UiCommand::Find, open),
                        (UiCommand::AddTerm, open),
                        (UiCommand::QualityChecks, open),
                    ],
                    &mut commands,
                );
            });
            ui.menu_button("Memory", |ui| {
                items(
                    ui,
                    &[
                        (UiCommand::Concordance, open),
                        (UiCommand::Pretranslate, open),
                        (UiCommand::UseMemory, open),
                        (UiCommand::ImportIntoMainMemory, open),
                        (UiCommand::Memories, true),
                        (UiCommand::MachineSettings, true),
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
                        UiCommand::Problems,
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
