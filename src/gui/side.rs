//! The side panel for the active segment, below its memory matches: glossary suggestions
//! (click, or Ctrl+n numbered after the matches, to insert),
//! adding a term from the selection, and the segment's status, origin and note. It reads the
//! active segment in place (a hash lookup) and the suggestions from the workbench's cache:
//! nothing is cloned or recomputed per frame.

use super::command::UiCommand;
use super::table::EditorCursor;
use crate::glossary::{GlossaryId, Hit, Kind, Term, TermId, families};
use crate::model::{SegmentId, Status};
use crate::workbench::Workbench;
use egui::{RichText, Ui};

/// What the side panel asks the app to do.
pub enum SideAction {
    Insert(String),
    Command(UiCommand),
    SetStatus(SegmentId, Status),
    SetNote(SegmentId, String),
    AddTerm(GlossaryId, Term),
    UpdateTerm(GlossaryId, Term),
    RemoveTerm(GlossaryId, TermId),
}

/// The "add term" form, kept between frames.
#[derive(Default)]
pub struct TermForm {
    pub open: bool,
    pub source: String,
    pub target: String,
    pub kind: Kind,
    pub note: String,
    /// English renderings the quality check reports, comma-separated.
    pub forbidden: String,
    pub glossary: GlossaryId,
    /// The term being edited (in `glossary`); `None` while adding one.
    pub editing: Option<TermId>,
}

impl TermForm {
    /// Opens the form with the current selections.
    pub fn start(&mut self, cursor: &EditorCursor) {
        self.open = true;
        self.source = cursor.source_selection.trim().to_string();
        self.target = cursor.target_selection.trim().to_string();
        self.note.clear();
        self.forbidden.clear();
        self.kind = Kind::Other;
        self.glossary = GlossaryId::PROJECT;
        self.editing = None;
    }

    /// Opens the form on a term of `glossary`, to change or remove it.
    pub fn edit(&mut self, glossary: GlossaryId, term: &Term) {
        self.open = true;
        self.source = term.source.clone();
        self.target = term.targets.join("; ");
        self.kind = term.kind;
        self.note = term.note.clone();
        self.forbidden = term.forbidden.join(", ");
        self.glossary = glossary;
        self.editing = Some(term.id);
    }
}

/// The n-th glossary suggestion (1-based) of the active segment: its preferred English.
pub fn suggestion(hits: &[Hit], n: usize) -> Option<String> {
    hits.get(n.checked_sub(1)?)
        .map(|h| h.term.target().to_string())
}

pub fn ui(
    ui: &mut Ui,
    workbench: &mut Workbench,
    form: &mut TermForm,
    note: &mut String,
    numbered_from: usize,
) -> Vec<SideAction> {
    let mut actions = Vec::new();
    let Some(id) = workbench.active() else {
        ui.weak("No segment is active.");
        return actions;
    };
    let hits = workbench.hits(id);
    let Some(segment) = workbench.project().segment(id) else {
        return actions;
    };

    let writable: Vec<GlossaryId> = workbench
        .writable_glossaries()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    ui.heading("Glossary");
    if hits.is_empty() {
        ui.weak("No terms recognised in this segment.");
    }
    egui::Grid::new("suggestions")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (n, hit) in hits.iter().enumerate() {
                let n = n + numbered_from;
                let key = if n < 9 {
                    format!("Ctrl+{}", n + 1)
                } else {
                    String::new()
                };
                ui.label(RichText::new(key).weak().small());
                ui.vertical(|ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(&segment.source[hit.range.clone()]).strong());
                        ui.label("→");
                        for target in &hit.term.targets {
                            if ui
                                .button(target)
                                .on_hover_text("Insert at the cursor")
                                .clicked()
                            {
                                actions.push(SideAction::Insert(target.clone()));
                            }
                        }
                        // The country, adjective or people of the same family ("die Briten":
                        // also Britain), for a sentence the translation turns around.
                        for related in families::related(&hit.term.source) {
                            if hit.term.targets.contains(&related.target) {
                                continue;
                            }
                            if ui
                                .small_button(format!("also: {}", related.target))
                                .on_hover_text(format!(
                                    "From “{}”; insert at the cursor",
                                    related.source
                                ))
                                .clicked()
                            {
                                actions.push(SideAction::Insert(related.target.clone()));
                            }
                        }
                    });
                    let mut details = format!(
                        "{} · {} · {}",
                        hit.term.kind.name(),
                        hit.reason.explain(),
                        hit.glossary
                    );
                    if !hit.term.note.is_empty() {
                        details = format!("{} — {details}", hit.term.note);
                    }
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(details).weak().small());
                        if writable.contains(&hit.glossary_id)
                            && ui
                                .small_button("Edit term")
                                .on_hover_text(format!(
                                    "Change or remove “{}” in {}",
                                    hit.term.source, hit.glossary
                                ))
                                .clicked()
                        {
                            form.edit(hit.glossary_id, &hit.term);
                        }
                    });
                });
                ui.end_row();
            }
        });
    let details_of = segment.id;
    let placeables = workbench.placeables(id);
    if !placeables.is_empty()
        && let Some(segment) = workbench.project().segment(details_of)
    {
        ui.add_space(6.0);
        ui.heading("Numbers and dates");
        egui::Grid::new("placeables")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                for (n, found) in placeables.iter().enumerate() {
                    let n = n + numbered_from + hits.len();
                    let key = if n < 9 {
                        format!("Ctrl+{}", n + 1)
                    } else {
                        String::new()
                    };
                    ui.label(RichText::new(key).weak().small());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(&segment.source[found.range.clone()]).strong());
                        ui.label("→");
                        if ui
                            .button(&found.english)
                            .on_hover_text(format!("{}: insert at the cursor", found.kind.name()))
                            .clicked()
                        {
                            actions.push(SideAction::Insert(found.english.clone()));
                        }
                    });
                    ui.end_row();
                }
            });
    }
    ui.add_space(6.0);
    if !form.open {
        if ui.button(UiCommand::AddTerm.label()).clicked() {
            actions.push(SideAction::Command(UiCommand::AddTerm));
        }
    } else {
        term_form(ui, workbench, form, &mut actions);
    }
    let Some(segment) = workbench.project().segment(details_of) else {
        return actions;
    };

    ui.separator();
    ui.heading("Segment");
    egui::Grid::new("details").num_columns(2).show(ui, |ui| {
        let label = ui.label("Status");
        let mut status = segment.status;
        ui.add_enabled_ui(!segment.locked, |ui| {
            egui::ComboBox::from_id_salt("status")
                .selected_text(if segment.locked {
                    format!("{} (locked by the file)", status.name())
                } else {
                    status.name().to_string()
                })
                .show_ui(ui, |ui| {
                    for s in Status::ALL {
                        ui.selectable_value(&mut status, s, s.name());
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if status != segment.status {
            actions.push(SideAction::SetStatus(id, status));
        }
        ui.end_row();
        ui.label("Target from");
        if segment.engine.is_empty() {
            ui.label(segment.origin.label());
        } else {
            ui.label(format!("{} ({})", segment.origin.label(), segment.engine));
        }
        ui.end_row();
        ui.label("Id");
        ui.label(segment.id.to_string());
        ui.end_row();
    });
    let note_label = ui.label("Note on this segment");
    let response = ui.add(
        egui::TextEdit::multiline(note)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .hint_text("A note for yourself or the reviewer"),
    );
    let response = response.labelled_by(note_label.id);
    if response.changed() {
        actions.push(SideAction::SetNote(id, note.clone()));
    }
    actions
}

fn term_form(
    ui: &mut Ui,
    workbench: &Workbench,
    form: &mut TermForm,
    actions: &mut Vec<SideAction>,
) {
    ui.group(|ui| {
        ui.strong(if form.editing.is_some() {
            "Edit term"
        } else {
            "New term"
        });
        egui::Grid::new("term-form").num_columns(2).show(ui, |ui| {
            let label = ui.label("German");
            ui.text_edit_singleline(&mut form.source)
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("English");
            ui.text_edit_singleline(&mut form.target)
                .on_hover_text("Several renderings: separate them with “;”, the preferred first")
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Kind");
            egui::ComboBox::from_id_salt("term-kind")
                .selected_text(form.kind.name())
                .show_ui(ui, |ui| {
                    for kind in Kind::ALL {
                        ui.selectable_value(&mut form.kind, kind, kind.name());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Note");
            ui.text_edit_singleline(&mut form.note)
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Not to use");
            ui.add(
                egui::TextEdit::singleline(&mut form.forbidden)
                    .hint_text("e.g. Kiev (comma-separated)"),
            )
            .on_hover_text("English the quality check reports as an error for this term")
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Glossary");
            let glossaries = workbench.writable_glossaries();
            let selected = glossaries
                .iter()
                .find(|(i, _)| *i == form.glossary)
                .map_or("project".to_string(), |(_, n)| n.clone());
            let selected = crate::base::excerpt(&selected, 40);
            if form.editing.is_some() {
                ui.label(selected).labelled_by(label.id);
            } else {
                egui::ComboBox::from_id_salt("term-glossary")
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for (i, name) in glossaries {
                            ui.selectable_value(&mut form.glossary, i, name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
            }
            ui.end_row();
        });
        ui.horizontal(|ui| {
            let ready = !form.source.trim().is_empty() && !form.target.trim().is_empty();
            let label = if form.editing.is_some() {
                "Save term"
            } else {
                "Add term"
            };
            if ui.add_enabled(ready, egui::Button::new(label)).clicked() {
                let mut term = Term::new(form.source.trim(), "", form.kind);
                // Renderings are separated by semicolons, the preferred one first.
                term.targets = form.target.split(';').map(str::to_string).collect();
                term.note = form.note.trim().to_string();
                term.forbidden = vec![form.forbidden.clone()];
                match form.editing {
                    Some(id) => {
                        term.id = id;
                        if let Some(old) = workbench
                            .terminology()
                            .glossary(form.glossary)
                            .and_then(|g| g.term(id))
                        {
                            term.forms = old.forms.clone();
                        }
                        actions.push(SideAction::UpdateTerm(form.glossary, term.normalized()));
                    }
                    None => actions.push(SideAction::AddTerm(form.glossary, term.normalized())),
                }
                form.open = false;
            }
            if let Some(id) = form.editing
                && ui.button("Remove term").clicked()
            {
                actions.push(SideAction::RemoveTerm(form.glossary, id));
                form.open = false;
            }
            if ui.button("Cancel").clicked() {
                form.open = false;
            }
        });
        if form.source.is_empty() {
            ui.weak("Tip: select the term in the German text first.");
        }
    });
}
