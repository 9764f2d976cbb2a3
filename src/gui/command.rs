//! Every action of the window as one [`UiCommand`] value with its label and shortcut: the
//! menus, the keyboard, the F1 overview and the tests all use this list. The commands are
//! collected during a frame and run once after it ([`super::TandemApp::run_command`]).

use crate::formats::ExportFormat;
use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    NewFromArticle,
    OpenProject,
    TrySample,
    Save,
    SaveAs,
    Export(ExportFormat),
    ImportReview,
    UseGlossary,
    CloseProject,
    Quit,
    Undo,
    Redo,
    Confirm,
    NextSegment,
    PreviousSegment,
    CopySource,
    /// Insert the next tag of the source that the target lacks (a bilingual file's codes).
    InsertTag,
    /// Take the n-th result of the results panel (memory matches, machine translations,
    /// then glossary terms).
    UseResult(usize),
    Concordance,
    Pretranslate,
    Memories,
    MachineSettings,
    UseMemory,
    ImportIntoMainMemory,
    Find,
    Split,
    Merge,
    AddTerm,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ToggleSidePanel,
    Shortcuts,
    About,
    Problems,
    QualityChecks,
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

impl UiCommand {
    pub fn label(self) -> String {
        match self {
            UiCommand::NewFromArticle => "New from article…".into(),
            UiCommand::OpenProject => "Open project…".into(),
            UiCommand::TrySample => "Try the sample article".into(),
            UiCommand::Save => "Save".into(),
            UiCommand::SaveAs => "Save as…".into(),
            UiCommand::Export(format) => format!("{}…", format.label()),
            UiCommand::ImportReview => "Take back a review (Word)…".into(),
            UiCommand::UseGlossary => "Use a glossary file…".into(),
            UiCommand::CloseProject => "Close project".into(),
            UiCommand::Quit => "Quit".into(),
            UiCommand::Undo => "Undo".into(),
            UiCommand::Redo => "Redo".into(),
            UiCommand::Confirm => "Confirm segment and go to next".into(),
            UiCommand::NextSegment => "Next segment".into(),
            UiCommand::PreviousSegment => "Previous segment".into(),
            UiCommand::CopySource => "Copy source to target".into(),
            UiCommand::InsertTag => "Insert the next missing tag".into(),
            UiCommand::UseResult(n) => {
                format!("Use result {n} (memory match, machine translation or term)")
            }
            UiCommand::Concordance => "Search the memories (concordance)…".into(),
            UiCommand::Pretranslate => "Pretranslate…".into(),
            UiCommand::MachineSettings => "Machine translation…".into(),
            UiCommand::Memories => "Translation memories…".into(),
            UiCommand::UseMemory => "Attach a memory for reference (TMX)…".into(),
            UiCommand::ImportIntoMainMemory => "Import into the main memory…".into(),
            UiCommand::Find => "Find and replace…".into(),
            UiCommand::Split => "Split segment at cursor".into(),
            UiCommand::Merge => "Merge with next segment".into(),
            UiCommand::AddTerm => "Add term from selection…".into(),
            UiCommand::ToggleTheme => "Light / dark theme".into(),
            UiCommand::ZoomIn => "Larger text".into(),
            UiCommand::ZoomOut => "Smaller text".into(),
            UiCommand::ToggleSidePanel => "Show / hide side panel".into(),
            UiCommand::Shortcuts => "Keyboard shortcuts".into(),
            UiCommand::About => "About Tandem".into(),
            UiCommand::Problems => "Problems…".into(),
            UiCommand::QualityChecks => "Quality checks…".into(),
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let key = |modifiers, key| Some(KeyboardShortcut::new(modifiers, key));
        match self {
            UiCommand::NewFromArticle => key(CTRL, Key::N),
            UiCommand::OpenProject => key(CTRL, Key::O),
            UiCommand::Save => key(CTRL, Key::S),
            UiCommand::SaveAs => key(CTRL_SHIFT, Key::S),
            UiCommand::CloseProject => key(CTRL, Key::W),
            UiCommand::Quit => key(CTRL, Key::Q),
            UiCommand::Undo => key(CTRL, Key::Z),
            UiCommand::Redo => key(CTRL_SHIFT, Key::Z),
            UiCommand::Confirm => key(CTRL, Key::Enter),
            UiCommand::NextSegment => key(CTRL, Key::ArrowDown),
            UiCommand::PreviousSegment => key(CTRL, Key::ArrowUp),
            UiCommand::CopySource => key(CTRL, Key::Insert),
            UiCommand::InsertTag => key(Modifiers::NONE, Key::F9),
            UiCommand::UseResult(n) => key(CTRL, digit(n)?),
            UiCommand::Concordance => key(CTRL, Key::K),
            UiCommand::Find => key(CTRL, Key::F),
            UiCommand::Split => key(CTRL, Key::T),
            UiCommand::Merge => key(CTRL, Key::J),
            UiCommand::AddTerm => key(CTRL, Key::G),
            UiCommand::ZoomIn => key(CTRL, Key::Plus),
            UiCommand::ZoomOut => key(CTRL, Key::Minus),
            UiCommand::Shortcuts => key(Modifiers::NONE, Key::F1),
            UiCommand::QualityChecks => key(Modifiers::NONE, Key::F8),
            _ => None,
        }
    }

    /// Every command that has a shortcut, most specific first (Ctrl+Shift+Z before Ctrl+Z).
    pub fn with_shortcuts() -> Vec<UiCommand> {
        let mut all = vec![
            UiCommand::Redo,
            UiCommand::SaveAs,
            UiCommand::NewFromArticle,
            UiCommand::OpenProject,
            UiCommand::Save,
            UiCommand::CloseProject,
            UiCommand::Quit,
            UiCommand::Undo,
            UiCommand::Confirm,
            UiCommand::NextSegment,
            UiCommand::PreviousSegment,
            UiCommand::CopySource,
            UiCommand::InsertTag,
            UiCommand::Find,
            UiCommand::Split,
            UiCommand::Merge,
            UiCommand::AddTerm,
            UiCommand::Concordance,
            UiCommand::ZoomIn,
            UiCommand::ZoomOut,
            UiCommand::Shortcuts,
            UiCommand::QualityChecks,
        ];
        all.extend((1..=9).map(UiCommand::UseResult));
        all
    }

    /// The commands whose shortcuts were pressed this frame; the key events are consumed so
    /// that text fields do not also act on them (their own undo, say).
    pub fn consume_shortcuts(ctx: &egui::Context) -> Vec<UiCommand> {
        let mut pressed = Vec::new();
        ctx.input_mut(|input| {
            for command in UiCommand::with_shortcuts() {
                if let Some(shortcut) = command.shortcut()
                    && input.consume_shortcut(&shortcut)
                {
                    pressed.push(command);
                }
            }
            // Ctrl+Y is redo too, as in most editors; Ctrl+= zooms in where "+" needs Shift.
            if input.consume_shortcut(&KeyboardShortcut::new(CTRL, Key::Y)) {
                pressed.push(UiCommand::Redo);
            }
            if input.consume_shortcut(&KeyboardShortcut::new(CTRL, Key::Equals)) {
                pressed.push(UiCommand::ZoomIn);
            }
        });
        pressed
    }
}

fn digit(n: usize) -> Option<Key> {
    Some(match n {
        1 => Key::Num1,
        2 => Key::Num2,
        3 => Key::Num3,
        4 => Key::Num4,
        5 => Key::Num5,
        6 => Key::Num6,
        7 => Key::Num7,
        8 => Key::Num8,
        9 => Key::Num9,
        _ => return None,
    })
}
