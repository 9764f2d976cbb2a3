//! The bars around the table: the status bar (progress, project, save state, background jobs,
//! problems, the last message), the filter bar and the find-and-replace bar.

use super::TandemApp;
use super::command::UiCommand;
use crate::workbench::{Field, Filter, Search, StatusFilter, Workbench};
use egui::Ui;

pub fn status_bar(ui: &mut Ui, app: &mut TandemApp) {
    let mut commands = Vec::new();
    let mut cancel = None;
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(workbench) = app.workbench() {
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
                    .path()
                    .and_then(|p| p.file_name())
                    .map_or("not saved yet".to_string(), |n| {
                        n.to_string_lossy().into_owned()
                    });
                if workbench.read_only().is_some() {
                    ui.label(egui::RichText::new(format!("{name} (read-only)")).italics())
                        .on_hover_text(workbench.read_only().unwrap_or_default());
                } else if workbench.is_dirty() {
                    ui.label(egui::RichText::new(format!("● {name} — unsaved changes")).strong());
                } else {
                    ui.label(name);
                }
                if let Some(saved) = workbench.last_saved() {
                    let minutes = saved.elapsed().map_or(0, |d| d.as_secs() / 60);
                    ui.weak(format!("saved {minutes} min ago"));
                }
                let problems = workbench.diagnostics().len();
                if problems > 0 {
                    ui.separator();
                    let text = format!("⚠ {problems} problem(s)");
                    if ui
                        .button(text)
                        .on_hover_text("What Tandem had to say about the files of this project")
                        .clicked()
                    {
                        commands.push(UiCommand::Problems);
                    }
                }
                super::checks::status_count(ui, app);
            } else {
                ui.label("No project open");
            }
            // Jobs show once they take long enough to notice (no flicker for quick ones).
            let slow = app
                .session
                .running()
                .iter()
                .filter(|job| job.started.elapsed().as_millis() >= 300);
            for job in slow {
                ui.separator();
                ui.spinner();
                match job.progress() {
                    Some(fraction) => {
                        ui.add(
                            egui::ProgressBar::new(fraction)
                                .desired_width(80.0)
                                .text(&job.label),
                        );
                    }
                    None => {
                        ui.label(&job.label);
                    }
                }
                let stoppable = ["opening", "pretranslating", "importing"]
                    .iter()
                    .any(|start| job.label.starts_with(start));
                if stoppable && !job.is_cancelled() && ui.small_button("Stop").clicked() {
                    cancel = Some(job.id);
                }
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
    if let Some(id) = cancel {
        app.session.cancel(id);
        app.tell("Stopped opening.");
    }
    for command in commands {
        app.run_command(ui.ctx(), command);
    }
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
            ui.separator();
            ui.checkbox(&mut filter.issues, "With issues")
                .on_hover_text("Only segments the quality checks found something in");
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
    search: Search,
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
                let matches = self.search.matches(workbench, &self.query, self.match_case);
                let count = matches.len();
                let in_targets = matches.iter().filter(|m| m.field == Field::Target).count();
                let next = ui.button("Next").clicked()
                    || (response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
                if next && count > 0 {
                    self.current = (self.current + 1) % count;
                    let id = matches[self.current].id;
                    workbench.activate(id);
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
                ui.weak(format!("{count} found ({in_targets} in targets)"));
                if ui.button("✖").on_hover_text("Close").clicked() {
                    self.open = false;
                }
            });
        });
        message
    }
}
