//! The start view, shown when no project is open: open an article or a project, recent
//! projects (whether each still exists is asked of the session in the background, never
//! looked up in a frame), the sample article; and what is being opened, with a way to stop.

use super::command::UiCommand;
use super::{Pending, TandemApp};
use egui::{RichText, Ui};

pub fn ui(ui: &mut Ui, app: &mut TandemApp) -> Vec<UiCommand> {
    let mut commands = Vec::new();
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.12);
        ui.label(RichText::new("Tandem").size(34.0).strong());
        ui.label(
            RichText::new("German → English, sentence by sentence")
                .size(16.0)
                .weak(),
        );
        ui.add_space(24.0);
        for command in [
            UiCommand::NewFromArticle,
            UiCommand::OpenProject,
            UiCommand::TrySample,
        ] {
            let label = match command {
                UiCommand::NewFromArticle => "Open an article…",
                UiCommand::OpenProject => "Open a project…",
                _ => "Try the sample article",
            };
            if ui
                .add_sized(
                    [260.0, 32.0],
                    egui::Button::new(RichText::new(label).size(15.0)),
                )
                .clicked()
            {
                commands.push(command);
            }
            ui.add_space(6.0);
        }
        ui.add_space(18.0);
        if app.session.is_opening() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Opening…");
            });
            ui.add_space(12.0);
        }
        if !app.prefs.recent.is_empty() {
            ui.label(RichText::new("Recent projects").strong());
            for path in app.prefs.recent.clone() {
                // Unknown until the session has looked: offered; known missing: greyed.
                let exists = app.session.recent_exists(&path) != Some(false);
                let text = path.display().to_string();
                let link = ui
                    .add_enabled(exists, egui::Link::new(text))
                    .on_disabled_hover_text("This project is not there any more.");
                if link.clicked() {
                    app.guard(Pending::Open(path));
                }
            }
        }
        ui.add_space(18.0);
        ui.weak("You can also drop an article or a project onto this window.");
    });
    commands
}
