//! Native file dialogs (rfd, on a thread so the window stays responsive) with a typed-path
//! fallback when no dialog backend is available, and the modal prompts of the window.

use crate::formats::ExportFormat;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What a chosen path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    OpenArticle,
    OpenProject,
    SaveAs,
    Export(ExportFormat),
    UseGlossary,
    ImportReview,
    UseMemory,
    ImportIntoMainMemory,
    MainMemory,
}

impl FilePurpose {
    pub fn title(self) -> &'static str {
        match self {
            FilePurpose::OpenArticle => "Open a German article",
            FilePurpose::OpenProject => "Open a project",
            FilePurpose::SaveAs => "Save the project as",
            FilePurpose::Export(_) => "Export to",
            FilePurpose::UseGlossary => "Use a glossary file",
            FilePurpose::ImportReview => "Take back a review table (Word)",
            FilePurpose::UseMemory => "Attach a translation memory (TMX or memory file)",
            FilePurpose::ImportIntoMainMemory => {
                "Import into the main memory (TMX, XLIFF, project)"
            }
            FilePurpose::MainMemory => "Where to keep the main memory",
        }
    }

    fn saves(self) -> bool {
        matches!(
            self,
            FilePurpose::SaveAs | FilePurpose::Export(_) | FilePurpose::MainMemory
        )
    }
}

/// How a file dialog ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Chosen(FilePurpose, PathBuf),
    Cancelled(FilePurpose),
}

/// A dialog answered faster than this found no backend to show a window.
const NO_BACKEND_WITHIN: Duration = Duration::from_millis(300);

pub struct TypedPath {
    pub purpose: FilePurpose,
    pub text: String,
    pub message: Option<String>,
}

#[derive(Default)]
pub struct FileDialogs {
    pending: Option<(FilePurpose, Receiver<Option<PathBuf>>, Instant)>,
    /// The typed-path fallback, when open.
    pub typed: Option<TypedPath>,
}

impl FileDialogs {
    /// Asks for a path; `suggested` prefills the name (save) or folder (open).
    pub fn ask(&mut self, purpose: FilePurpose, suggested: Option<PathBuf>) {
        if std::env::var_os("TANDEM_NO_FILE_DIALOG").is_some() {
            self.typed_fallback(purpose, suggested, None);
            return;
        }
        let (sender, receiver) = channel();
        let title = purpose.title();
        let suggested_for_thread = suggested.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new().set_title(title);
                if let Some(path) = &suggested_for_thread {
                    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                        dialog = dialog.set_directory(dir);
                    }
                    if let Some(name) = path.file_name() {
                        dialog = dialog.set_file_name(name.to_string_lossy());
                    }
                }
                let chosen = match purpose {
                    FilePurpose::OpenArticle => dialog
                        .add_filter(
                            "Articles and bilingual files",
                            &[
                                "txt", "md", "markdown", "html", "htm", "docx", "xlf", "xliff",
                                "sdlxliff", "mqxliff", "mxliff",
                            ],
                        )
                        .add_filter("All files", &["*"])
                        .pick_file(),
                    FilePurpose::OpenProject => dialog
                        .add_filter("Tandem projects", &["tandem"])
                        .pick_file(),
                    FilePurpose::ImportReview => dialog
                        .add_filter("Word review tables", &["docx"])
                        .add_filter("All files", &["*"])
                        .pick_file(),
                    FilePurpose::UseGlossary => dialog
                        .add_filter("Glossaries", &["tsv", "tab", "txt", "csv", "tbx"])
                        .pick_file(),
                    FilePurpose::UseMemory => dialog
                        .add_filter("Memories", &["tmx", "memory"])
                        .add_filter("All files", &["*"])
                        .pick_file(),
                    FilePurpose::ImportIntoMainMemory => dialog
                        .add_filter("TMX, XLIFF, projects", &["tmx", "xlf", "xliff", "tandem"])
                        .add_filter("All files", &["*"])
                        .pick_file(),
                    FilePurpose::SaveAs | FilePurpose::Export(_) | FilePurpose::MainMemory => {
                        dialog.save_file()
                    }
                };
                let _ = sender.send(chosen);
            });
        match spawned {
            Ok(_) => self.pending = Some((purpose, receiver, Instant::now())),
            Err(error) => self.typed_fallback(purpose, suggested, Some(error.to_string())),
        }
    }

    pub fn typed_fallback(
        &mut self,
        purpose: FilePurpose,
        suggested: Option<PathBuf>,
        message: Option<String>,
    ) {
        self.typed = Some(TypedPath {
            purpose,
            text: suggested
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            message,
        });
    }

    pub fn is_waiting(&self) -> bool {
        self.pending.is_some()
    }

    /// How a dialog ended this frame, if one did.
    pub fn poll(&mut self) -> Option<Answer> {
        let (purpose, receiver, started) = self.pending.as_ref()?;
        let (purpose, started) = (*purpose, *started);
        match receiver.try_recv() {
            Ok(Some(path)) => {
                self.pending = None;
                Some(Answer::Chosen(purpose, path))
            }
            Ok(None) => {
                self.pending = None;
                if started.elapsed() < NO_BACKEND_WITHIN {
                    let message = "No file dialog is available on this system (no desktop portal or zenity). Type the path instead.";
                    self.typed_fallback(purpose, None, Some(message.into()));
                    return None;
                }
                Some(Answer::Cancelled(purpose))
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.pending = None;
                self.typed_fallback(purpose, None, Some("The file dialog failed.".into()));
                None
            }
        }
    }

    /// Shows the typed-path window; returns how it ended, once it did.
    pub fn typed_ui(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let typed = self.typed.as_mut()?;
        let mut chosen = None;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("typed-path")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading(typed.purpose.title());
            if let Some(message) = &typed.message {
                ui.label(message);
            }
            let label = ui.label(if typed.purpose.saves() {
                "Save to path:"
            } else {
                "Path:"
            });
            let response =
                ui.add(egui::TextEdit::singleline(&mut typed.text).desired_width(f32::INFINITY));
            let response = response.labelled_by(label.id);
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if (ui.button("OK").clicked() || entered) && !typed.text.trim().is_empty() {
                    chosen = Some((typed.purpose, PathBuf::from(typed.text.trim())));
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
        let purpose = typed.purpose;
        if chosen.is_some() || cancel {
            self.typed = None;
        }
        match chosen {
            Some((purpose, path)) => Some(Answer::Chosen(purpose, path)),
            None if cancel => Some(Answer::Cancelled(purpose)),
            None => None,
        }
    }
}
