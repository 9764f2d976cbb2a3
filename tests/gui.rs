//! The desktop window driven like a translator would, headless through egui_kittest and
//! AccessKit: open the sample, type, confirm, insert a glossary suggestion, split and merge and
//! undo them, save and reopen, and the unsaved-changes prompt.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use tandem::gui::TandemApp;
use tandem::model::{SegmentId, Status};

fn app(path: Option<&Path>, dir: &Path) -> Harness<'static, TandemApp> {
    // Tests type paths instead of using native file dialogs.
    unsafe { std::env::set_var("TANDEM_NO_FILE_DIALOG", "1") };
    let path = path.map(Path::to_path_buf);
    let recovery = dir.join("recovery");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TandemApp::new(cc, path.clone(), recovery.clone()));
    harness.run();
    harness
}

fn open_sample(harness: &mut Harness<'static, TandemApp>) {
    harness.get_by_label("Try the sample article").click();
    harness.run();
    assert!(harness.state().workbench.is_some());
}

fn segment(harness: &Harness<'static, TandemApp>, id: u64) -> tandem::model::Segment {
    let workbench = harness.state().workbench.as_ref().unwrap();
    workbench.project().segment(SegmentId(id)).unwrap().clone()
}

fn active(harness: &Harness<'static, TandemApp>) -> Option<SegmentId> {
    harness.state().workbench.as_ref().unwrap().active()
}

fn activate(harness: &mut Harness<'static, TandemApp>, id: u64) {
    harness
        .state_mut()
        .workbench
        .as_mut()
        .unwrap()
        .activate(SegmentId(id));
    harness.run();
}

/// Focuses the field labelled `label` and types `text` into it.
fn type_into(harness: &mut Harness<'static, TandemApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

fn press(harness: &mut Harness<'static, TandemApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

#[test]
fn start_view_offers_the_ways_in() {
    let dir = common::temp_dir("gui-start");
    let harness = app(None, &dir);
    harness.get_by_label("Open an article…");
    harness.get_by_label("Open a project…");
    harness.get_by_label("Try the sample article");
}

#[test]
fn type_a_translation_and_confirm_moves_on() {
    let dir = common::temp_dir("gui-type");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    assert_eq!(active(&harness), Some(SegmentId(1)));
    let editor = harness.get_by_label("English 1");
    editor.focus();
    harness.run();
    harness
        .get_by_label("English 1")
        .type_text("Baltic neighbours want to protect undersea cables together");
    harness.run();
    assert_eq!(
        segment(&harness, 1).target,
        "Baltic neighbours want to protect undersea cables together"
    );
    assert_eq!(segment(&harness, 1).status, Status::Draft);
    press(&mut harness, Modifiers::COMMAND, Key::Enter);
    assert_eq!(segment(&harness, 1).status, Status::Translated);
    assert_eq!(active(&harness), Some(SegmentId(2)));
    // The editor follows: segment 2 now has the English field.
    harness.get_by_label("English 2");
    press(&mut harness, Modifiers::COMMAND, Key::ArrowUp);
    assert_eq!(active(&harness), Some(SegmentId(1)));
    press(&mut harness, Modifiers::COMMAND, Key::ArrowDown);
    assert_eq!(active(&harness), Some(SegmentId(2)));
}

#[test]
fn insert_a_glossary_suggestion_with_ctrl_1() {
    let dir = common::temp_dir("gui-insert");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    // Segment 11: "Nach Angaben aus Warschau …" — Warschau → Warsaw is its first suggestion.
    activate(&mut harness, 11);
    type_into(&mut harness, "English 11", "According to ");
    press(&mut harness, Modifiers::COMMAND, Key::Num1);
    assert_eq!(segment(&harness, 11).target, "According to Warsaw");
    // The suggestion is also a button in the side panel.
    harness.get_by_label("Warsaw").click();
    harness.run();
    assert!(segment(&harness, 11).target.matches("Warsaw").count() == 2);
}

#[test]
fn split_merge_and_undo_them() {
    let dir = common::temp_dir("gui-split");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    let count = |h: &Harness<'static, TandemApp>| {
        h.state()
            .workbench
            .as_ref()
            .unwrap()
            .project()
            .segment_count()
    };
    let before = count(&harness);
    let source = segment(&harness, 2).source.clone();
    // Put the cursor into the German text by clicking it, then split there.
    harness.get_by_label("German 1").focus();
    harness.run();
    activate(&mut harness, 2);
    harness.get_by_label("German 2").click();
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::T);
    assert_eq!(count(&harness), before + 1, "split");
    let project = harness
        .state()
        .workbench
        .as_ref()
        .unwrap()
        .project()
        .clone();
    let parts: Vec<&str> = project.document.blocks[1]
        .segments
        .iter()
        .map(|s| s.source.as_str())
        .collect();
    assert_eq!(parts[0..2].join(" "), source);
    press(&mut harness, Modifiers::COMMAND, Key::J);
    assert_eq!(count(&harness), before, "merge");
    assert_eq!(segment(&harness, 2).source, source);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(count(&harness), before + 1, "undo merge");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(count(&harness), before, "undo split");
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(count(&harness), before + 1, "redo split");
}

#[test]
fn save_reopen_and_the_unsaved_changes_prompt() {
    let dir = common::temp_dir("gui-save");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    type_into(&mut harness, "English 1", "Cables under the Baltic");

    // Closing with unsaved changes asks first; Cancel keeps everything.
    press(&mut harness, Modifiers::COMMAND, Key::W);
    harness.get_by_label("Save changes?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.state().workbench.is_some());
    assert!(harness.query_by_label("Save changes?").is_none());

    // The sample has no file yet: Save asks where (typed path, no dialog in tests).
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let path = dir.join("ostsee.tandem");
    // The field (labelled "Save to path:") suggests a name; replace it with a full path.
    harness.get_by_label("Save to path:").focus();
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Save to path:")
        .type_text(path.to_str().unwrap());
    harness.run();
    harness.get_by_label("OK").click();
    harness.run();
    assert!(path.exists(), "saved to {}", path.display());
    assert!(!harness.state().workbench.as_ref().unwrap().is_dirty());

    // Nothing unsaved: closing needs no prompt.
    press(&mut harness, Modifiers::COMMAND, Key::W);
    assert!(harness.state().workbench.is_none());

    // Reopen: same content.
    let reopened = app(Some(&path), &dir);
    let workbench = reopened.state().workbench.as_ref().unwrap();
    assert_eq!(
        workbench.project().segment(SegmentId(1)).unwrap().target,
        "Cables under the Baltic"
    );
    assert!(
        reopened.state().prefs.recent.contains(&path)
            || workbench.path.as_deref() == Some(path.as_path())
    );
}

#[test]
fn discarding_changes_closes_the_project() {
    let dir = common::temp_dir("gui-discard");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    type_into(&mut harness, "English 1", "x");
    press(&mut harness, Modifiers::COMMAND, Key::W);
    harness.get_by_label("Discard changes").click();
    harness.run();
    assert!(harness.state().workbench.is_none());
    harness.get_by_label("Try the sample article");
}

#[test]
fn f1_lists_every_shortcut() {
    let dir = common::temp_dir("gui-help");
    let mut harness = app(None, &dir);
    press(&mut harness, Modifiers::NONE, Key::F1);
    assert!(harness.query_all_by_label("Keyboard shortcuts").count() >= 1);
    harness.get_by_label("Confirm segment and go to next");
    harness.get_by_label("Split segment at cursor");
    harness.get_by_label("Insert glossary suggestion 9");
}

#[test]
fn after_a_crash_the_next_start_offers_to_restore() {
    let dir = common::temp_dir("gui-restore");
    let recovery = dir.join("recovery");
    std::fs::create_dir_all(&recovery).unwrap();
    // What the autosave leaves behind: the project and where it belongs.
    let imported = tandem::formats::import_article(
        tandem::gui::SAMPLE,
        Some("sample.txt"),
        &tandem::segment::Segmenter::german(),
    )
    .unwrap();
    let mut project = tandem::model::Project::from_document(imported.document);
    project.document.blocks[0].segments[0].target = "Recovered title".into();
    std::fs::write(
        recovery.join("recovery.tandem"),
        tandem::project_file::to_json(&project),
    )
    .unwrap();
    std::fs::write(
        recovery.join("recovery.json"),
        r#"{"project_path": null, "written_secs": 0}"#,
    )
    .unwrap();
    let mut harness = app(None, &dir);
    harness.get_by_label("Restore unsaved work?");
    harness.get_by_label("Restore").click();
    harness.run();
    let workbench = harness.state().workbench.as_ref().unwrap();
    assert_eq!(
        workbench.project().segment(SegmentId(1)).unwrap().target,
        "Recovered title"
    );
    assert!(workbench.is_dirty(), "restored work still needs saving");
}

#[test]
fn export_from_the_file_menu() {
    let dir = common::temp_dir("gui-export");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export").hover();
    harness.run();
    harness.get_by_label("XLIFF 1.2…").click();
    harness.run();
    let path = dir.join("sample.xlf");
    type_into(&mut harness, "Save to path:", path.to_str().unwrap());
    harness.get_by_label("OK").click();
    harness.run();
    let units = tandem::formats::xliff::read_units(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(units.len(), 16);
}
