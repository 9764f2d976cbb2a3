//! The windows over the workbench: the unsaved-changes prompt, the restore offer after a
//! crash, the prompt for a project someone else has open, the team glossary's conflicts, the
//! problems list (every diagnostic of the project, not just the last one), the shortcuts and
//! the about box.

use super::TandemApp;
use super::command::UiCommand;
use crate::base::Severity;

pub fn show(ctx: &egui::Context, app: &mut TandemApp) {
    unsaved_prompt(ctx, app);
    restore_prompt(ctx, app);
    locked_prompt(ctx, app);
    term_conflicts(ctx, app);
    problems(ctx, app);
    shortcuts(ctx, app);
    about(ctx, app);
}

fn unsaved_prompt(ctx: &egui::Context, app: &mut TandemApp) {
    let Some(pending) = app.unsaved_prompt.clone() else {
        return;
    };
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
            app.save_then(pending);
        }
        Some(1) => {
            app.unsaved_prompt = None;
            app.proceed(pending);
        }
        Some(2) => app.unsaved_prompt = None,
        _ => {}
    }
}

fn restore_prompt(ctx: &egui::Context, app: &mut TandemApp) {
    let Some(offer) = app.restore_prompt.clone() else {
        return;
    };
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("restore")).show(ctx, |ui| {
        ui.heading("Restore unsaved work?");
        ui.label(offer.describe());
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
            app.session.restore(&offer);
        }
        Some(false) => {
            app.restore_prompt = None;
            app.session.discard_recovery();
        }
        None => {}
    }
}

fn locked_prompt(ctx: &egui::Context, app: &mut TandemApp) {
    let Some((path, message)) = app.locked_prompt.clone() else {
        return;
    };
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("locked")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("The project is open elsewhere");
        ui.label(&message);
        ui.label("You can open it read-only and save your work under another name.");
        ui.horizontal(|ui| {
            if ui.button("Open read-only").clicked() {
                choice = Some(true);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(false);
            }
        });
    });
    match choice {
        Some(true) => {
            app.locked_prompt = None;
            app.open_read_only(&path);
        }
        Some(false) => app.locked_prompt = None,
        None => {}
    }
}

/// A term as a conflict shows it: German → English renderings, or that it is removed.
fn term_text(term: Option<&crate::glossary::Term>) -> String {
    match term {
        Some(term) => format!("{} → {}", term.source, term.targets.join("; ")),
        None => "(removed)".to_string(),
    }
}

/// Changes of team terms that a colleague's came before: each with both versions, kept as
/// the server has it or made again with this translator's.
fn term_conflicts(ctx: &egui::Context, app: &mut TandemApp) {
    if app.term_conflicts.is_empty() {
        return;
    }
    let mut settled: Option<(usize, bool)> = None;
    let mut open = true;
    egui::Window::new("Team glossary conflicts")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            for (at, conflict) in app.term_conflicts.iter().enumerate() {
                ui.label(&conflict.message);
                egui::Grid::new(("conflict", at))
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.weak("the team's");
                        ui.label(term_text(conflict.theirs.as_ref()));
                        ui.end_row();
                        ui.weak("yours");
                        ui.label(term_text(conflict.mine.as_ref()));
                        ui.end_row();
                    });
                ui.horizontal(|ui| {
                    if ui.button("Keep the team's").clicked() {
                        settled = Some((at, false));
                    }
                    if ui.button("Use mine").clicked() {
                        settled = Some((at, true));
                    }
                });
                ui.separator();
            }
        });
    if !open {
        app.term_conflicts.clear();
    }
    if let Some((at, mine)) = settled {
        let conflict = app.term_conflicts.remove(at);
        if mine
            && let Some(workbench) = app.workbench_mut()
            && let Err(error) = workbench.use_my_term(&conflict)
        {
            app.fail(error);
        }
    }
}

fn problems(ctx: &egui::Context, app: &mut TandemApp) {
    if !app.show_problems {
        return;
    }
    let mut open = true;
    let mut clear = false;
    egui::Window::new("Problems")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            let Some(workbench) = app.workbench() else {
                ui.weak("No project is open.");
                return;
            };
            let diagnostics = workbench.diagnostics();
            if diagnostics.is_empty() {
                ui.weak("Nothing to report.");
                return;
            }
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    egui::Grid::new("problems").striped(true).show(ui, |ui| {
                        for diagnostic in diagnostics {
                            let (mark, color) = match diagnostic.severity {
                                Severity::Error => ("error", ui.visuals().error_fg_color),
                                Severity::Warning => ("warning", ui.visuals().warn_fg_color),
                                Severity::Info => ("note", ui.visuals().weak_text_color()),
                            };
                            ui.colored_label(color, mark);
                            ui.label(diagnostic.location());
                            ui.label(&diagnostic.message);
                            ui.end_row();
                        }
                    });
                });
            if ui.button("Clear the list").clicked() {
                clear = true;
            }
        });
    if clear && let Some(workbench) = app.workbench_mut() {
        workbench.clear_diagnostics();
    }
    app.show_problems = open && !clear;
}

fn shortcuts(ctx: &egui::Context, app: &mut TandemApp) {
    if !app.show_shortcuts {
        return;
    }
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

fn about(ctx: &egui::Context, app: &mut TandemApp) {
    if !app.show_about {
        return;
    }
    let mut open = true;
    egui::Window::new("About Tandem")
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.heading(format!("Tandem {}", env!("CARGO_PKG_VERSION")));
            ui.label("German → English, sentence by sentence.");
            ui.label(
                "Country and city names from Unicode CLDR (Unicode License v3); font DejaVu Sans.",
            );
        });
    app.show_about = open;
}
