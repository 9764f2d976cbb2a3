//! Quality checks in the window: the *Quality checks* window (every issue of the project,
//! grouped by check, filterable, a click jumps to the segment; checks switched on and off),
//! the issue lines under the active segment's editor, and the look before an export (errors
//! can be reviewed, or the export made anyway). The issues come from the workbench.

use super::TandemApp;
use crate::formats::ExportFormat;
use crate::model::SegmentId;
use crate::qa::{Check, Issue, Severity};
use egui::Ui;
use std::collections::{BTreeMap, HashMap};

/// What a click on an issue asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum IssueAction {
    Jump(SegmentId),
    Fix(Issue),
    Ignore(Issue),
    SetCheck(Check, bool),
}

#[derive(Default)]
pub struct ChecksWindow {
    pub open: bool,
    filter: String,
    errors_only: bool,
    /// An export waiting for the translator's word after the checks found errors.
    pub export: Option<ExportFormat>,
}

/// Rows shown per check; the rest are counted.
const ROWS_PER_CHECK: usize = 300;

fn severity_text(ui: &Ui, severity: Severity) -> egui::RichText {
    match severity {
        Severity::Error => egui::RichText::new("error").color(ui.visuals().error_fg_color),
        Severity::Warning => egui::RichText::new("warning").color(ui.visuals().warn_fg_color),
    }
}

/// One issue: severity, (segment number), message, and its buttons.
pub fn issue_row(
    ui: &mut Ui,
    issue: &Issue,
    number: Option<usize>,
    actions: &mut Vec<IssueAction>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(severity_text(ui, issue.severity).small());
        if let Some(number) = number
            && ui
                .link(format!("{number}"))
                .on_hover_text("Go to the segment")
                .clicked()
        {
            actions.push(IssueAction::Jump(issue.segment));
        }
        ui.label(&issue.message);
        if let Some(fix) = &issue.fix {
            let label = if fix.replacement.is_empty() {
                "Fix: remove".to_string()
            } else {
                format!("Fix: “{}”", crate::base::excerpt(&fix.replacement, 30))
            };
            if ui.small_button(label).clicked() {
                actions.push(IssueAction::Fix(issue.clone()));
            }
        }
        if ui
            .small_button("Ignore")
            .on_hover_text("Leave this issue alone (kept in the project; Undo takes it back)")
            .clicked()
        {
            actions.push(IssueAction::Ignore(issue.clone()));
        }
    });
}

/// The issues of the active segment, under its editor.
pub fn segment_issues_ui(ui: &mut Ui, issues: &[Issue], actions: &mut Vec<IssueAction>) {
    for issue in issues.iter().filter(|i| i.check != Check::Spelling) {
        issue_row(ui, issue, None, actions);
    }
}

/// The status bar's count; a click opens the window.
pub fn status_count(ui: &mut Ui, app: &mut TandemApp) {
    let Some(issues) = app.workbench().and_then(|w| w.issues()) else {
        return;
    };
    // Untranslated segments are what the progress figure counts already.
    let (errors, warnings, _) = summary(&issues);
    ui.separator();
    let text = if errors + warnings == 0 {
        egui::RichText::new("✔ no issues")
    } else if errors > 0 {
        egui::RichText::new(format!(
            "⚠ {}, {}",
            counted(errors, "error"),
            counted(warnings, "warning")
        ))
        .color(ui.visuals().error_fg_color)
    } else {
        egui::RichText::new(counted(warnings, "warning"))
    };
    if ui
        .button(text)
        .on_hover_text("Quality checks: numbers, terms, punctuation, consistency, spelling…")
        .clicked()
    {
        app.checks.open = !app.checks.open;
    }
}

/// "1 error", "2 errors".
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Errors and warnings of the translated segments, and how many segments are untranslated.
fn summary(issues: &[Issue]) -> (usize, usize, usize) {
    let (mut errors, mut warnings, mut untranslated) = (0, 0, 0);
    for issue in issues {
        match (issue.check, issue.severity) {
            (Check::Untranslated, _) => untranslated += 1,
            (_, Severity::Error) => errors += 1,
            (_, Severity::Warning) => warnings += 1,
        }
    }
    (errors, warnings, untranslated)
}

pub fn checks_window(ctx: &egui::Context, app: &mut TandemApp) {
    if !app.checks.open {
        return;
    }
    let Some(workbench) = app.session.workbench.as_ref() else {
        return;
    };
    let issues = workbench.issues();
    let numbers: HashMap<SegmentId, usize> = workbench
        .project()
        .segments()
        .enumerate()
        .map(|(i, s)| (s.id, i + 1))
        .collect();
    let off = workbench.project().qa.off.clone();
    let ignored = workbench.project().qa.ignored.len();
    let mut actions = Vec::new();
    let mut open = app.checks.open;
    let window = &mut app.checks;
    egui::Window::new("Quality checks")
        .open(&mut open)
        .default_pos([560.0, 90.0])
        .default_size([560.0, 480.0])
        .show(ctx, |ui| {
            let Some(issues) = issues else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Checking the project…");
                });
                return;
            };
            let (errors, warnings, untranslated) = summary(&issues);
            ui.label(format!(
                "{}, {} in translated segments; {untranslated} untranslated{}",
                counted(errors, "error"),
                counted(warnings, "warning"),
                if ignored > 0 {
                    format!(" ({ignored} ignored)")
                } else {
                    String::new()
                }
            ));
            ui.horizontal(|ui| {
                let label = ui.label("Find issues:");
                ui.add(
                    egui::TextEdit::singleline(&mut window.filter)
                        .hint_text("text in the message")
                        .desired_width(200.0),
                )
                .labelled_by(label.id);
                ui.checkbox(&mut window.errors_only, "Errors only");
            });
            ui.collapsing("Checks to run", |ui| {
                for check in Check::ALL {
                    let mut on = !off.contains(check.name());
                    if ui.checkbox(&mut on, check.label()).changed() {
                        actions.push(IssueAction::SetCheck(check, on));
                    }
                }
            });
            ui.separator();
            let query = window.filter.trim().to_lowercase();
            let mut groups: BTreeMap<Check, Vec<&Issue>> = BTreeMap::new();
            for issue in issues.iter() {
                if window.errors_only && issue.severity != Severity::Error {
                    continue;
                }
                if !query.is_empty() && !issue.message.to_lowercase().contains(&query) {
                    continue;
                }
                groups.entry(issue.check).or_default().push(issue);
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                if groups.is_empty() {
                    ui.weak("Nothing to show.");
                }
                for (check, list) in groups {
                    egui::CollapsingHeader::new(format!("{} ({})", check.label(), list.len()))
                        .id_salt(check.name())
                        .default_open(check != Check::Untranslated)
                        .show(ui, |ui| {
                            for issue in list.iter().take(ROWS_PER_CHECK) {
                                issue_row(
                                    ui,
                                    issue,
                                    numbers.get(&issue.segment).copied(),
                                    &mut actions,
                                );
                            }
                            if list.len() > ROWS_PER_CHECK {
                                ui.weak(format!("… and {} more", list.len() - ROWS_PER_CHECK));
                            }
                        });
                }
            });
        });
    app.checks.open = open;
    app.issue_actions(actions);
}

/// Before an export: the count of errors, and the choice to review them or export anyway.
pub fn export_review(ctx: &egui::Context, app: &mut TandemApp) {
    let Some(format) = app.checks.export else {
        return;
    };
    // The checks catch up off the window's thread first (at once, unless the project is big
    // and was just changed).
    let current = app.workbench().is_some_and(|w| w.issues_are_current());
    let issues = app.workbench().and_then(|w| w.issues());
    let Some(issues) = issues.filter(|_| current) else {
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("export-checking")).show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Checking the translation before the export…");
            });
            cancel = ui.button("Cancel").clicked();
        });
        if cancel {
            app.checks.export = None;
        }
        return;
    };
    if crate::qa::count(&issues).0 == 0 {
        app.checks.export = None;
        app.export_checked(format);
        return;
    }
    let (errors, warnings, untranslated) = summary(&issues);
    #[derive(Clone, Copy)]
    enum Choice {
        Review,
        Export,
        Cancel,
    }
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("export-review")).show(ctx, |ui| {
        ui.heading("Export with errors?");
        ui.label(format!(
            "The quality checks found {} and {} in the translated segments; {}.",
            counted(errors, "error"),
            counted(warnings, "warning"),
            match untranslated {
                0 => "every segment is translated".to_string(),
                1 => "1 segment is not translated".to_string(),
                n => format!("{n} segments are not translated"),
            }
        ));
        ui.horizontal(|ui| {
            if ui.button("Review the issues").clicked() {
                choice = Some(Choice::Review);
            }
            if ui.button("Export anyway").clicked() {
                choice = Some(Choice::Export);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(Choice::Cancel);
            }
        });
    });
    match choice {
        Some(Choice::Review) => {
            app.checks.export = None;
            app.checks.open = true;
        }
        Some(Choice::Export) => {
            app.checks.export = None;
            app.export_checked(format);
        }
        Some(Choice::Cancel) => app.checks.export = None,
        None => {}
    }
}

impl TandemApp {
    pub(super) fn issue_actions(&mut self, actions: Vec<IssueAction>) {
        for action in actions {
            let Some(workbench) = &mut self.session.workbench else {
                return;
            };
            let result = match action {
                IssueAction::Jump(id) => {
                    workbench.activate(id);
                    self.scroll_to_active = 2;
                    self.focus_editor = true;
                    Ok(())
                }
                IssueAction::Fix(issue) => workbench.apply_fix(&issue).map(|_| ()),
                IssueAction::Ignore(issue) => workbench.ignore_issue(&issue),
                IssueAction::SetCheck(check, on) => workbench.set_check(check, on),
            };
            if let Err(error) = result {
                self.fail(error);
            }
        }
    }

    /// An export asked for: the English is exported once the checks have looked at it, and
    /// with errors only if the translator says so ([`export_review`]); exchange files
    /// (XLIFF, TMX) carry unfinished work on purpose and go at once.
    pub(super) fn export_asked(&mut self, format: ExportFormat) {
        if needs_targets(format) {
            self.checks.export = Some(format);
        } else {
            self.export_checked(format);
        }
    }

    pub(super) fn export_checked(&mut self, format: ExportFormat) {
        let suggested = self.workbench().and_then(|w| w.default_export_path(format));
        self.files
            .ask(super::dialogs::FilePurpose::Export(format), suggested);
    }
}

/// Exports of the English (not bilingual exchange files, which carry unfinished work on
/// purpose).
fn needs_targets(format: ExportFormat) -> bool {
    !matches!(
        format,
        ExportFormat::Xliff12
            | ExportFormat::Xliff2
            | ExportFormat::Tmx
            | ExportFormat::ReviewDocx
            | ExportFormat::Original
    )
}
