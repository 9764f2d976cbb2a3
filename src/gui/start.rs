//! The start view, shown when no project is open: open an article or a project, recent
//! projects, the sample article, and a typed path for systems without file dialogs.

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
        if !app.prefs.recent.is_empty() {
            ui.label(RichText::new("Recent projects").strong());
            for path in app.prefs.recent.clone() {
                let exists = path.exists();
                let text = path.display().to_string();
                if ui.add_enabled(exists, egui::Link::new(text)).clicked() {
                    app.guard(Pending::Open(path));
                }
            }
        }
        ui.add_space(18.0);
        ui.weak("You can also drop an article or a project onto this window.");
    });
    commands
}
