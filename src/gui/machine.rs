//! Machine translation in the window: the suggestions in the results panel (after the
//! memory matches, numbered on from them, each with its engine and a warning for every
//! required glossary rendering it lacks) and the settings window (the project's switch and
//! English variant; the engines, their URLs, models and commands; keys shown masked; a
//! connection test with a clear answer).

use super::TandemApp;
use crate::model::{MachineSettings, Variant};
use crate::mt::{EngineConfig, EngineKind, keys};
use crate::workbench::{EngineTest, MachineSuggestion};
use egui::{Color32, RichText, Ui};
use std::collections::HashMap;

const WARNING: Color32 = Color32::from_rgb(200, 110, 0);
const ERROR: Color32 = Color32::from_rgb(190, 40, 40);

/// What the translator did in the machine translation part of the results panel.
pub enum MachineAction {
    /// Take the n-th usable suggestion.
    Take(usize),
    /// Ask the engines again (after an error).
    Retry,
}

/// The machine suggestions of the active segment, numbered on from `numbered_from`; a click
/// (or Ctrl+n) takes one.
pub fn suggestions_ui(
    ui: &mut Ui,
    suggestions: Option<&[MachineSuggestion]>,
    numbered_from: usize,
) -> Option<MachineAction> {
    ui.heading("Machine translation");
    let Some(suggestions) = suggestions else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Translating…");
        });
        return None;
    };
    let mut take = None;
    let mut usable = 0;
    for suggestion in suggestions {
        ui.group(|ui| match &suggestion.result {
            Ok(text) => {
                let n = usable;
                usable += 1;
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&suggestion.engine).strong());
                    if numbered_from + n < 9 {
                        ui.label(
                            RichText::new(format!("Ctrl+{}", numbered_from + n + 1))
                                .weak()
                                .small(),
                        );
                    }
                    if ui
                        .small_button("Use")
                        .on_hover_text("Replace the translation with this one")
                        .clicked()
                    {
                        take = Some(MachineAction::Take(n));
                    }
                });
                ui.label(RichText::new(text).strong());
                for missing in &suggestion.missing {
                    ui.label(
                        RichText::new(format!("⚠ Glossary: {}", missing.describe())).color(WARNING),
                    );
                }
            }
            Err(error) => {
                if !suggestion.engine.is_empty() {
                    ui.label(RichText::new(&suggestion.engine).strong());
                }
                ui.label(RichText::new(error).color(ERROR));
                if ui.small_button("Try again").clicked() {
                    take = Some(MachineAction::Retry);
                }
            }
        });
    }
    take
}

/// The settings window's own state.
#[derive(Default)]
pub struct SettingsWindow {
    pub open: bool,
    /// What each kind's key is ("••••abcd from DEEPL_AUTH_KEY"), read when the window
    /// opens and after a change, not on every frame.
    keys: Option<HashMap<EngineKind, String>>,
    /// A key being typed, per kind.
    typed: HashMap<EngineKind, String>,
    message: Option<String>,
}

impl SettingsWindow {
    fn key_status(
        &mut self,
        app_key_file: Option<&std::path::Path>,
    ) -> &HashMap<EngineKind, String> {
        self.keys.get_or_insert_with(|| {
            EngineKind::ALL
                .into_iter()
                .filter(|k| k.key_variable().is_some())
                .map(|kind| {
                    let status = match keys::key_for(kind, app_key_file) {
                        Some((key, source)) => format!("{} {}", key.masked(), source.describe()),
                        None => "no key".to_string(),
                    };
                    (kind, status)
                })
                .collect()
        })
    }
}

pub fn settings_window(ctx: &egui::Context, app: &mut TandemApp) {
    if !app.machine_window.open {
        app.machine_window.keys = None;
        return;
    }
    let mut open = true;
    let key_file = app.prefs.machine.key_path();
    let mut test: Option<usize> = None;
    egui::Window::new("Machine translation")
        .open(&mut open)
        .resizable(true)
        .default_width(520.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                project_section(ui, app);
                ui.separator();
                ui.heading("Engines");
                ui.weak(
                    "Suggestions come from every engine ticked here, in this order. Only the \
                     segment, its neighbours and the glossary entries in it are sent, and only \
                     to the URL given.",
                );
                if let Some(message) = &app.machine_window.message {
                    ui.label(RichText::new(message).strong());
                }
                let statuses = app.machine_window.key_status(key_file.as_deref()).clone();
                let mut remove = None;
                let mut raise = None;
                let mut config_index = 0;
                let machine = &mut app.prefs.machine;
                machine.enabled.resize(machine.engines.len(), true);
                for i in 0..machine.engines.len() {
                    let enabled = machine.enabled[i];
                    ui.group(|ui| {
                        ui.horizontal(|ui| {
                            ui.checkbox(&mut machine.enabled[i], "")
                                .on_hover_text("Ask this engine");
                            ui.label(RichText::new(machine.engines[i].kind.label()).strong());
                            if ui.small_button("Remove").clicked() {
                                remove = Some(i);
                            }
                            if i > 0
                                && ui
                                    .small_button("⬆")
                                    .on_hover_text("Show this engine's suggestions earlier")
                                    .clicked()
                            {
                                raise = Some(i);
                            }
                        });
                        engine_fields(ui, &mut machine.engines[i], i);
                        let kind = machine.engines[i].kind;
                        if let Some(status) = statuses.get(&kind) {
                            ui.horizontal(|ui| {
                                ui.label(format!("Key: {status}"));
                            });
                            ui.horizontal(|ui| {
                                let typed = app.machine_window.typed.entry(kind).or_default();
                                ui.add(
                                    egui::TextEdit::singleline(typed)
                                        .password(true)
                                        .hint_text("paste a new key")
                                        .desired_width(220.0),
                                );
                                if ui.button("Save key").clicked()
                                    && let Some(path) = &key_file
                                {
                                    let key = std::mem::take(typed);
                                    app.machine_window.message =
                                        Some(match keys::store_key(path, kind, Some(&key)) {
                                            Ok(()) => format!(
                                                "Key saved in {} (readable only by you)",
                                                path.display()
                                            ),
                                            Err(error) => error,
                                        });
                                    app.machine_window.keys = None;
                                    app.session.configure_machine(Default::default());
                                }
                                if ui.button("Forget key").clicked()
                                    && let Some(path) = &key_file
                                {
                                    app.machine_window.message =
                                        keys::store_key(path, kind, None).err();
                                    app.machine_window.keys = None;
                                    app.session.configure_machine(Default::default());
                                }
                            });
                        }
                        if enabled {
                            let index = config_index;
                            ui.horizontal(|ui| {
                                let running = matches!(
                                    app.session.machine.tests.get(&index),
                                    Some(EngineTest::Running)
                                );
                                if ui
                                    .add_enabled(!running, egui::Button::new("Test connection"))
                                    .clicked()
                                {
                                    test = Some(index);
                                }
                                match app.session.machine.tests.get(&index) {
                                    Some(EngineTest::Running) => {
                                        ui.spinner();
                                    }
                                    Some(EngineTest::Passed(message)) => {
                                        ui.label(
                                            RichText::new(format!("✔ {message}"))
                                                .color(Color32::from_rgb(40, 150, 60)),
                                        );
                                    }
                                    Some(EngineTest::Failed(message)) => {
                                        ui.label(
                                            RichText::new(format!("✘ {message}")).color(ERROR),
                                        );
                                    }
                                    None => {}
                                }
                            });
                        }
                    });
                    if enabled {
                        config_index += 1;
                    }
                }
                if let Some(i) = remove {
                    machine.engines.remove(i);
                    machine.enabled.remove(i);
                }
                if let Some(i) = raise {
                    machine.engines.swap(i - 1, i);
                    machine.enabled.swap(i - 1, i);
                }
                ui.horizontal(|ui| {
                    ui.label("Add:");
                    for kind in EngineKind::ALL {
                        if ui.button(kind.label()).clicked() {
                            let mut config = EngineConfig::new(kind);
                            if kind == EngineKind::OpenAi {
                                config.url = "http://localhost:11434/v1".into();
                                config.model = "llama3.1".into();
                            }
                            machine.engines.push(config);
                            machine.enabled.push(true);
                        }
                    }
                });
            });
        });
    if let Some(index) = test {
        app.session.configure_machine(app.prefs.machine.config());
        app.session.test_engine(index);
    }
    app.machine_window.open = open;
}

fn project_section(ui: &mut Ui, app: &mut TandemApp) {
    ui.heading("This project");
    let Some(workbench) = app.session.workbench.as_mut() else {
        ui.weak("No project is open.");
        return;
    };
    let mut settings: MachineSettings = workbench.project().machine.clone();
    ui.checkbox(
        &mut settings.enabled,
        "Use machine translation for this project",
    )
    .on_hover_text("Off for confidential texts: no segment of this project is sent anywhere");
    ui.horizontal(|ui| {
        let label = ui.label("English:");
        egui::ComboBox::from_id_salt("mt-variant")
            .selected_text(settings.variant.label())
            .show_ui(ui, |ui| {
                for variant in Variant::ALL {
                    ui.selectable_value(&mut settings.variant, variant, variant.label());
                }
            })
            .response
            .labelled_by(label.id);
    });
    if settings != workbench.project().machine
        && let Err(error) = workbench.set_machine_settings(settings)
    {
        app.machine_window.message = Some(error.to_string());
    }
}

fn engine_fields(ui: &mut Ui, config: &mut EngineConfig, i: usize) {
    egui::Grid::new(("mt-engine", i))
        .num_columns(2)
        .show(ui, |ui| {
            if config.kind != EngineKind::Command {
                let label = ui.label("URL");
                let hint = match config.kind {
                    EngineKind::DeepL => "Free or Pro, by the key",
                    kind => kind.default_url().unwrap_or(""),
                };
                ui.add(
                    egui::TextEdit::singleline(&mut config.url)
                        .hint_text(hint)
                        .desired_width(300.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
            if config.kind == EngineKind::OpenAi {
                let label = ui.label("Model");
                ui.add(
                    egui::TextEdit::singleline(&mut config.model)
                        .hint_text("gpt-4o-mini, llama3.1, …")
                        .desired_width(300.0),
                )
                .labelled_by(label.id);
                ui.end_row();
                ui.label("");
                ui.horizontal(|ui| {
                    for (name, url) in [
                        ("Ollama", "http://localhost:11434/v1"),
                        ("llama.cpp", "http://localhost:8080/v1"),
                        ("LM Studio", "http://localhost:1234/v1"),
                        ("OpenAI", "https://api.openai.com/v1"),
                    ] {
                        if ui.small_button(name).clicked() {
                            config.url = url.to_string();
                        }
                    }
                });
                ui.end_row();
            }
            if config.kind == EngineKind::Command {
                let label = ui.label("Command");
                ui.add(
                    egui::TextEdit::singleline(&mut config.command)
                        .hint_text("argos-translate --from de --to en")
                        .desired_width(300.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
        });
}
