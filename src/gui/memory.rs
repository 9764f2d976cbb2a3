//! The window's translation-memory parts: memory matches in the results panel (score, the
//! German with its differences to the segment marked, the English, where it comes from),
//! the concordance window (Ctrl+K), the pretranslate dialog and the memories window
//! (which memories are in use, the main memory's place, attaching and importing).

use super::TandemApp;
use super::command::UiCommand;
use crate::memory::{Change, Match};
use crate::workbench::Role;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, RichText, Stroke, Ui};

/// The concordance window's state.
#[derive(Default)]
pub struct ConcordanceWindow {
    pub open: bool,
    pub focus: bool,
    pub query: String,
}

/// A match's German with the differences marked: changed words underlined in orange, words
/// the segment does not have struck through in red, words the match lacks in green.
fn differences(ui: &Ui, found: &Match) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let normal = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    for piece in &found.differences {
        let mut format = TextFormat::simple(font.clone(), normal);
        match piece.change {
            Change::Same => {}
            Change::Changed => {
                format.background = Color32::from_rgba_unmultiplied(255, 165, 0, 60);
                format.underline = Stroke::new(1.5, Color32::from_rgb(230, 140, 0));
            }
            Change::Extra => {
                format.color = Color32::from_rgb(200, 60, 60);
                format.strikethrough = Stroke::new(1.0, Color32::from_rgb(200, 60, 60));
            }
            Change::Missing => {
                format.color = Color32::from_rgb(40, 150, 60);
                format.background = Color32::from_rgba_unmultiplied(60, 180, 90, 40);
            }
        }
        job.append(&piece.text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    job
}

/// The memory matches of the active segment, numbered from 1; a click (or Ctrl+n) takes one.
/// Returns the index of the match to take.
pub fn matches_ui(ui: &mut Ui, matches: Option<&[Match]>) -> Option<usize> {
    let mut take = None;
    ui.heading("Translation memory");
    let Some(matches) = matches else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Looking up…");
        });
        return None;
    };
    if matches.is_empty() {
        ui.weak("No match in the memories.");
        return None;
    }
    for (n, found) in matches.iter().enumerate() {
        ui.group(|ui| {
            ui.horizontal(|ui| {
                let score = if found.score > 100 {
                    "101% context".to_string()
                } else {
                    format!("{}%", found.score)
                };
                let color = match found.score {
                    100.. => Color32::from_rgb(40, 150, 60),
                    85..=99 => Color32::from_rgb(200, 140, 0),
                    _ => ui.visuals().weak_text_color(),
                };
                ui.label(RichText::new(score).strong().color(color));
                if n < 9 {
                    ui.label(RichText::new(format!("Ctrl+{}", n + 1)).weak().small());
                }
                if ui
                    .small_button("Use")
                    .on_hover_text("Replace the translation with this one")
                    .clicked()
                {
                    take = Some(n);
                }
            });
            ui.label(differences(ui, found));
            ui.label(RichText::new(&found.unit.target).strong());
            let origin = &found.unit.provenance;
            let about: Vec<&str> = [
                Some(found.memory.as_str()),
                origin.document.as_deref(),
                origin.changed.as_deref().map(|d| d.get(..8).unwrap_or(d)),
                origin.author.as_deref(),
                origin.tool.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect();
            ui.label(RichText::new(about.join(" · ")).weak().small());
        });
    }
    take
}

/// Text with the given byte ranges highlighted.
fn highlighted(ui: &Ui, text: &str, ranges: &[std::ops::Range<usize>]) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let normal = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    let mut at = 0;
    for range in ranges {
        job.append(
            &text[at..range.start],
            0.0,
            TextFormat::simple(font.clone(), normal),
        );
        let mut format = TextFormat::simple(font.clone(), normal);
        format.background = Color32::from_rgba_unmultiplied(255, 210, 0, 90);
        job.append(&text[range.clone()], 0.0, format);
        at = range.end;
    }
    job.append(&text[at..], 0.0, TextFormat::simple(font, normal));
    job
}

pub fn concordance_window(ctx: &egui::Context, app: &mut TandemApp) {
    if !app.concordance.open {
        return;
    }
    let mut open = true;
    let mut search = None;
    egui::Window::new("Concordance")
        .open(&mut open)
        .default_size([640.0, 420.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Find in the memories");
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut app.concordance.query)
                            .hint_text("a German or English word or phrase")
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                if app.concordance.focus {
                    response.request_focus();
                    app.concordance.focus = false;
                }
                let entered =
                    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Search").clicked() || entered)
                    && !app.concordance.query.trim().is_empty()
                {
                    search = Some(app.concordance.query.clone());
                }
            });
            let state = &app.session.memories.concordance;
            if state.searching {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.weak("Searching…");
                });
            } else if !state.query.is_empty() {
                ui.weak(format!(
                    "{} unit{} with “{}” (inflected German forms count)",
                    state.hits.len(),
                    if state.hits.len() == 1 { "" } else { "s" },
                    state.query
                ));
            }
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                egui::Grid::new("concordance")
                    .num_columns(2)
                    .striped(true)
                    .min_col_width(ui.available_width() / 2.0 - 12.0)
                    .max_col_width(ui.available_width() / 2.0 - 12.0)
                    .show(ui, |ui| {
                        for hit in &state.hits {
                            ui.label(highlighted(ui, &hit.unit.source, &hit.in_source));
                            ui.label(highlighted(ui, &hit.unit.target, &hit.in_target));
                            ui.end_row();
                        }
                    });
            });
        });
    if let Some(query) = search {
        app.session.search_memories(&query);
    }
    app.concordance.open = open;
}

/// Scores offered for pretranslation.
const THRESHOLDS: [u8; 8] = [101, 100, 95, 90, 85, 80, 75, 70];

pub fn pretranslate_window(ctx: &egui::Context, app: &mut TandemApp) {
    if !app.show_pretranslate {
        return;
    }
    let mut open = true;
    let mut start = false;
    egui::Window::new("Pretranslation")
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            let untranslated = app.workbench().map_or(0, |w| {
                w.project()
                    .segments()
                    .filter(|s| s.target.trim().is_empty())
                    .count()
            });
            ui.label(format!(
                "Fills the {untranslated} untranslated segment{} with the best memory match at or above:",
                if untranslated == 1 { "" } else { "s" }
            ));
            let min = &mut app.prefs.memory.pretranslate_min;
            let label = ui.label("Lowest score");
            egui::ComboBox::from_id_salt("pretranslate-min")
                .selected_text(threshold_name(*min))
                .show_ui(ui, |ui| {
                    for t in THRESHOLDS {
                        ui.selectable_value(min, t, threshold_name(t));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.weak("They become drafts from memory, in one undo step.");
            let memory_ready =
                app.session.memories_ready() && !app.session.memories.open.is_empty();
            if !memory_ready {
                ui.weak("No memory is open (see Memory → Translation memories…).");
            }
            let machine = machine_choice(ui, app);
            let busy = app.session.memories.pretranslating.is_some()
                || app.session.machine.pretranslating.is_some();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        !busy && (memory_ready || machine),
                        egui::Button::new("Pretranslate"),
                    )
                    .clicked()
                {
                    start = true;
                }
                if busy {
                    ui.spinner();
                    ui.weak("Working; Stop is in the status bar.");
                }
            });
        });
    if start {
        let min = app.prefs.memory.pretranslate_min;
        let machine = app.prefs.machine.after_memory && app.session.machine_enabled();
        let engine = app.prefs.machine.pretranslate_engine;
        let memory_ready = app.session.memories_ready() && !app.session.memories.open.is_empty();
        if memory_ready {
            app.session.machine.then_machine = machine.then_some(engine);
            app.session.pretranslate(min);
        } else if machine {
            app.session.pretranslate_machine(engine);
        }
        open = false;
    }
    app.show_pretranslate = open;
}

/// The machine half of the Pretranslate window: whether to use an engine for what memory
/// leaves empty, which, and how many characters that sends (before anything is sent).
fn machine_choice(ui: &mut Ui, app: &mut TandemApp) -> bool {
    ui.separator();
    if !app.session.machine_enabled() {
        ui.weak("Machine translation: none set up, or off for this project (Memory → Machine translation…).");
        return false;
    }
    let names = app.session.engine_names();
    let prefs = &mut app.prefs.machine;
    ui.checkbox(
        &mut prefs.after_memory,
        "Then machine translation for the segments still empty",
    );
    if !prefs.after_memory {
        return false;
    }
    if prefs.pretranslate_engine >= names.len() {
        prefs.pretranslate_engine = 0;
    }
    let label = ui.label("Engine");
    egui::ComboBox::from_id_salt("pretranslate-engine")
        .selected_text(names[prefs.pretranslate_engine].as_str())
        .show_ui(ui, |ui| {
            for (i, name) in names.iter().enumerate() {
                ui.selectable_value(&mut prefs.pretranslate_engine, i, name.as_str());
            }
        })
        .response
        .labelled_by(label.id);
    let (segments, characters, article) = app.session.machine_plan();
    ui.label(format!(
        "At most {segments} segments, {} characters, go to {} (answers already cached cost nothing); the article has {} characters.",
        crate::mt::deepl::thousands(characters as u64),
        names[prefs.pretranslate_engine],
        crate::mt::deepl::thousands(article as u64)
    ));
    ui.weak("Machine drafts come in one undo step; the memory's come first.");
    true
}

fn threshold_name(t: u8) -> String {
    match t {
        101 => "101% (context matches only)".into(),
        100 => "100% (exact matches)".into(),
        t => format!("{t}%"),
    }
}

pub fn memories_window(ctx: &egui::Context, app: &mut TandemApp) -> Vec<UiCommand> {
    let mut commands = Vec::new();
    if !app.show_memories {
        return commands;
    }
    let mut open = true;
    let mut detach = None;
    egui::Window::new("Translation memories")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            let memories = &app.session.memories;
            if app.workbench().is_none() {
                ui.weak("Open a project to see the memories it uses.");
            } else if !app.session.memories_ready() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.weak("Opening…");
                });
            }
            egui::Grid::new("memories")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    for memory in &memories.open {
                        ui.label(memory.role.label());
                        ui.label(format!("{} units", memory.units));
                        ui.label(shown(&memory.path));
                        if memory.role == Role::Reference && ui.small_button("Detach").clicked() {
                            detach = Some(memory.path.clone());
                        }
                        ui.end_row();
                    }
                    for (path, error) in &memories.failed {
                        ui.label(RichText::new("not available").color(ui.visuals().error_fg_color));
                        ui.label("");
                        ui.label(shown(path)).on_hover_text(error);
                        ui.end_row();
                    }
                });
            ui.weak(
                "Every confirmed segment goes to the project memory, the main memory and the team memory.",
            );
            ui.separator();
            let prefs = &mut app.prefs.memory;
            ui.horizontal(|ui| {
                let label = ui.label("Team memory:");
                ui.add(
                    egui::TextEdit::singleline(&mut app.team_draft)
                        .hint_text("postgres://user@host/database")
                        .desired_width(300.0),
                )
                .labelled_by(label.id)
                .on_hover_text(
                    "A PostgreSQL server the team shares (see the README).",
                );
                let label = ui.label("Password:");
                ui.add(
                    egui::TextEdit::singleline(&mut app.team_password)
                        .password(true)
                        .hint_text("if needed")
                        .desired_width(110.0),
                )
                .labelled_by(label.id)
                .on_hover_text(
                    "Kept in Tandem's password file, readable only by you (never in a project or the settings). Empty: the one kept before, PGPASSWORD or ~/.pgpass.",
                );
                if ui.button("Connect").clicked() {
                    let typed = app.team_draft.trim().to_string();
                    prefs.team = crate::stores::server::shown_location(&typed);
                    app.team_draft = prefs.team.clone();
                    let password = crate::stores::server::url_password(&typed)
                        .or_else(|| Some(std::mem::take(&mut app.team_password)))
                        .filter(|p| !p.is_empty());
                    app.team_password.clear();
                    app.team_message = match (password, prefs.password_path()) {
                        (Some(password), Some(file)) => Some(
                            match crate::stores::server::store_password(
                                &file,
                                &prefs.team,
                                Some(&password),
                            ) {
                                Ok(()) => format!(
                                    "The password is kept in {} (readable only by you).",
                                    file.display()
                                ),
                                Err(error) => format!("The password could not be kept: {error}"),
                            },
                        ),
                        (Some(_), None) => Some(
                            "There is no place for Tandem's data on this computer: set PGPASSWORD or use ~/.pgpass.".into(),
                        ),
                        (None, _) => None,
                    };
                }
                if !prefs.team.is_empty() && ui.button("Disconnect").clicked() {
                    prefs.team.clear();
                    app.team_draft.clear();
                    app.team_message = None;
                }
            });
            if let Some(message) = &app.team_message {
                ui.weak(message);
            }
            if let Some(location) = app.session.team_glossary_location() {
                ui.weak(format!(
                    "The team glossary on {location} is consulted after the project's own; terms added to it reach everyone's window within a second."
                ));
            }
            ui.checkbox(
                &mut prefs.use_main,
                "Use my main memory (shared by all my projects)",
            );
            let main = prefs
                .main
                .clone()
                .or_else(crate::workbench::memory::default_main_memory)
                .map_or("(no place for application data)".into(), |p| {
                    p.display().to_string()
                });
            ui.horizontal(|ui| {
                ui.label("Main memory:");
                ui.monospace(main);
            });
            ui.horizontal(|ui| {
                if ui.button("Choose another file…").clicked() {
                    app.files
                        .ask(super::dialogs::FilePurpose::MainMemory, prefs.main.clone());
                }
                if prefs.main.is_some() && ui.button("Back to the usual place").clicked() {
                    prefs.main = None;
                }
            });
            ui.checkbox(
                &mut prefs.auto_insert,
                "Insert a 100% match on entering an untranslated segment (as a draft)",
            );
            ui.horizontal(|ui| {
                let label = ui.label("Show matches from");
                ui.add(
                    egui::Slider::new(&mut prefs.min, 30..=100)
                        .suffix("%")
                        .show_value(false),
                )
                .labelled_by(label.id);
                ui.label(format!("{}%", prefs.min));
            });
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(UiCommand::UseMemory.label()).clicked() {
                    commands.push(UiCommand::UseMemory);
                }
                if ui.button(UiCommand::ImportIntoMainMemory.label()).clicked() {
                    commands.push(UiCommand::ImportIntoMainMemory);
                }
            });
        });
    if let Some(path) = detach {
        app.session.detach_memory(&path);
    }
    app.show_memories = open;
    commands
}

/// A memory's place as shown: a server's address without its password.
fn shown(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    if crate::stores::is_server(&text) {
        crate::stores::server::shown_location(&text)
    } else {
        text
    }
}
