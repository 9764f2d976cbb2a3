//! The desktop window driven like a translator would, headless through egui_kittest and
//! AccessKit: open the sample, type, confirm, insert a glossary suggestion, split and merge and
//! undo them, save and reopen, the unsaved-changes prompt (all three answers), find and
//! replace, filters, adding a term, attaching a glossary file, notes, the problems list,
//! autosave, restore, and a project someone else has open.
//!
//! Opening, saving and exporting run as background jobs; [`settle`] waits for them and lets
//! the window take in their results, as it would between frames.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::time::Duration;
use tandem::gui::TandemApp;
use tandem::model::{SegmentId, Status};
use tandem::workbench::Workbench;

type App = Harness<'static, TandemApp>;

fn app(path: Option<&Path>, dir: &Path) -> App {
    // Tests type paths instead of using native file dialogs.
    unsafe { std::env::set_var("TANDEM_NO_FILE_DIALOG", "1") };
    let path = path.map(Path::to_path_buf);
    let recovery = dir.join("recovery");
    // Each test has a main memory of its own, never the translator's.
    let main_memory = dir.join("main.memory");
    let words = dir.join("words.txt");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let mut app = TandemApp::new(cc, path.clone(), recovery.clone());
            app.prefs.memory.main = Some(main_memory.clone());
            app.prefs.words_file = Some(words.clone());
            app
        });
    settle(&mut harness);
    harness
}

/// Runs frames and waits for the background jobs until the window is still.
fn settle(harness: &mut App) {
    for _ in 0..50 {
        harness.state_mut().finish_jobs(Duration::from_secs(20));
        harness.step();
        if harness.state_mut().session_mut().is_idle()
            && harness.try_run().is_ok()
            && harness.state_mut().session_mut().is_idle()
        {
            return;
        }
    }
    panic!("background jobs did not finish");
}

fn workbench(harness: &App) -> &Workbench {
    harness.state().workbench().expect("a project is open")
}

fn open_sample(harness: &mut App) {
    click(harness, "Try the sample article");
    assert!(harness.state().workbench().is_some());
}

fn segment(harness: &App, id: u64) -> tandem::model::Segment {
    workbench(harness)
        .project()
        .segment(SegmentId(id))
        .unwrap()
        .clone()
}

fn active(harness: &App) -> Option<SegmentId> {
    workbench(harness).active()
}

fn activate(harness: &mut App, id: u64) {
    harness
        .state_mut()
        .workbench_mut()
        .unwrap()
        .activate(SegmentId(id));
    settle(harness);
}

/// Focuses the field labelled `label` and types `text` into it.
fn type_into(harness: &mut App, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    settle(harness);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

/// Replaces the text of the field labelled `label`.
fn replace_in(harness: &mut App, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    settle(harness);
    press(harness, Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

fn press(harness: &mut App, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    settle(harness);
}

/// Clicks the widget labelled `label` and lets the window settle.
fn click(harness: &mut App, label: &str) {
    harness.get_by_label(label).click();
    settle(harness);
}

/// Answers the typed-path window with `path`.
fn give_path(harness: &mut App, label: &str, path: &Path) {
    replace_in(harness, label, path.to_str().unwrap());
    click(harness, "OK");
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
    type_into(
        &mut harness,
        "English 1",
        "Baltic neighbours want to protect undersea cables together",
    );
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
fn a_country_offers_its_adjective_and_people_in_the_side_panel() {
    let dir = common::temp_dir("gui-related");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    // Segment 5 lists countries: Finnland → Finland, also Finnish (finnisch) and Finn (Finne).
    activate(&mut harness, 5);
    click(&mut harness, "also: Finnish");
    assert_eq!(segment(&harness, 5).target, "Finnish");
}

#[test]
fn insert_a_glossary_suggestion_with_ctrl_1() {
    let dir = common::temp_dir("gui-insert");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    // Segment 12: "Nach Angaben aus Warschau …" — Warschau → Warsaw is its first suggestion.
    activate(&mut harness, 12);
    type_into(&mut harness, "English 12", "According to ");
    press(&mut harness, Modifiers::COMMAND, Key::Num1);
    assert_eq!(segment(&harness, 12).target, "According to Warsaw");
    // The suggestion is also a button in the side panel.
    click(&mut harness, "Warsaw");
    assert_eq!(segment(&harness, 12).target.matches("Warsaw").count(), 2);
}

#[test]
fn split_merge_and_undo_them() {
    let dir = common::temp_dir("gui-split");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    let count = |h: &App| workbench(h).project().segment_count();
    let before = count(&harness);
    let source = segment(&harness, 2).source.clone();
    // Put the cursor into the German text by clicking it, then split there.
    activate(&mut harness, 2);
    click(&mut harness, "German 2");
    press(&mut harness, Modifiers::COMMAND, Key::T);
    assert_eq!(count(&harness), before + 1, "split");
    let project = workbench(&harness).project().clone();
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
    click(&mut harness, "Cancel");
    assert!(harness.state().workbench().is_some());
    assert!(harness.query_by_label("Save changes?").is_none());

    // The sample has no file yet: Save asks where (typed path, no dialog in tests).
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let path = dir.join("ostsee.tandem");
    give_path(&mut harness, "Save to path:", &path);
    assert!(path.exists(), "saved to {}", path.display());
    assert!(!workbench(&harness).is_dirty());

    // Nothing unsaved: closing needs no prompt.
    press(&mut harness, Modifiers::COMMAND, Key::W);
    settle(&mut harness);
    assert!(harness.state().workbench().is_none());
    // The saved project is remembered, and offered on the start view.
    assert_eq!(harness.state().prefs.recent.first(), Some(&path));
    harness.get_by_label(path.to_str().unwrap());

    // Reopen: same content.
    let reopened = app(Some(&path), &dir);
    assert_eq!(segment(&reopened, 1).target, "Cables under the Baltic");
    assert_eq!(workbench(&reopened).path(), Some(path.as_path()));
}

/// Defect: "Save" in the unsaved-changes prompt lost the pending action when the project had
/// no file yet.
#[test]
fn saving_from_the_unsaved_prompt_then_does_what_was_asked() {
    let dir = common::temp_dir("gui-save-then");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    type_into(&mut harness, "English 1", "Cables");
    press(&mut harness, Modifiers::COMMAND, Key::W);
    click(&mut harness, "Save");
    // No file yet: it asks where, saves, and then closes as asked.
    let path = dir.join("first.tandem");
    give_path(&mut harness, "Save to path:", &path);
    assert!(path.exists());
    assert!(
        harness.state().workbench().is_none(),
        "the close waiting for the save did not happen"
    );
    // Cancelling the name drops the close: nothing is lost, nothing closes.
    open_sample(&mut harness);
    type_into(&mut harness, "English 1", "Cables");
    press(&mut harness, Modifiers::COMMAND, Key::W);
    click(&mut harness, "Save");
    click(&mut harness, "Cancel");
    assert!(harness.state().workbench().is_some());
    // And with a file: Save, then the close.
    press(&mut harness, Modifiers::COMMAND, Key::S);
    give_path(&mut harness, "Save to path:", &dir.join("second.tandem"));
    type_into(&mut harness, "English 1", " again");
    press(&mut harness, Modifiers::COMMAND, Key::W);
    click(&mut harness, "Save");
    assert!(harness.state().workbench().is_none());
    let saved = std::fs::read_to_string(dir.join("second.tandem")).unwrap();
    assert!(saved.contains("Cables again"), "{saved}");
}

#[test]
fn discarding_changes_closes_the_project() {
    let dir = common::temp_dir("gui-discard");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    type_into(&mut harness, "English 1", "x");
    press(&mut harness, Modifiers::COMMAND, Key::W);
    click(&mut harness, "Discard changes");
    assert!(harness.state().workbench().is_none());
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
    harness.get_by_label("Use result 9 (memory match, machine translation or term)");
    harness.get_by_label("Search the memories (concordance)…");
}

fn write_recovery(dir: &Path, info: &str) {
    let recovery = dir.join("recovery");
    std::fs::create_dir_all(&recovery).unwrap();
    let imported = tandem::formats::import_article(
        tandem::SAMPLE,
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
    std::fs::write(recovery.join("recovery.json"), info).unwrap();
}

#[test]
fn after_a_crash_the_next_start_offers_to_restore() {
    let dir = common::temp_dir("gui-restore");
    write_recovery(&dir, r#"{"project_path": null, "written_secs": 0}"#);
    let mut harness = app(None, &dir);
    harness.get_by_label("Restore unsaved work?");
    click(&mut harness, "Restore");
    assert_eq!(segment(&harness, 1).target, "Recovered title");
    assert!(
        workbench(&harness).is_dirty(),
        "restored work still needs saving"
    );
}

/// Defect: an unreadable recovery description silently cancelled the restore offer.
#[test]
fn a_damaged_recovery_description_still_offers_the_work() {
    let dir = common::temp_dir("gui-restore-damaged");
    write_recovery(&dir, "{ not json");
    let mut harness = app(None, &dir);
    harness.get_by_label("Restore unsaved work?");
    click(&mut harness, "Restore");
    assert_eq!(segment(&harness, 1).target, "Recovered title");
}

#[test]
fn autosave_writes_the_recovery_file_when_the_window_loses_focus() {
    let dir = common::temp_dir("gui-autosave");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    type_into(&mut harness, "English 1", "Unsaved work");
    let recovery = dir.join("recovery/recovery.tandem");
    assert!(!recovery.exists());
    harness.event(egui::Event::WindowFocused(false));
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .focused = Some(false);
    settle(&mut harness);
    let written = std::fs::read_to_string(&recovery).expect("the recovery file");
    assert!(written.contains("Unsaved work"));
}

#[test]
fn export_from_the_file_menu() {
    let dir = common::temp_dir("gui-export");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    click(&mut harness, "File");
    harness.get_by_label("Export").hover();
    settle(&mut harness);
    click(&mut harness, "XLIFF 1.2…");
    let path = dir.join("sample.xlf");
    give_path(&mut harness, "Save to path:", &path);
    let units = tandem::formats::xliff::read_units(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(units.len(), 17);
}

#[test]
fn find_and_replace_in_targets() {
    let dir = common::temp_dir("gui-find");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    type_into(&mut harness, "English 1", "the kremlin and the kremlin");
    press(&mut harness, Modifiers::COMMAND, Key::Enter);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_into(&mut harness, "Find:", "kremlin");
    harness.get_by_label("2 found (2 in targets)");
    type_into(&mut harness, "Replace with:", "Kremlin");
    click(&mut harness, "Replace all in targets");
    assert_eq!(segment(&harness, 1).target, "the Kremlin and the Kremlin");
    assert_eq!(
        segment(&harness, 1).status,
        Status::Draft,
        "changed: a draft again"
    );
    // "Next" goes to the segment with the match.
    replace_in(&mut harness, "Find:", "Helsinki");
    click(&mut harness, "Next");
    assert!(
        segment(&harness, active(&harness).unwrap().0)
            .source
            .contains("Helsinki")
    );
}

#[test]
fn filters_show_only_matching_segments() {
    let dir = common::temp_dir("gui-filter");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    type_into(&mut harness, "English 1", "Title");
    press(&mut harness, Modifiers::COMMAND, Key::Enter);
    click(&mut harness, "Translated");
    assert!(harness.query_by_label("English 2").is_none());
    click(&mut harness, "All");
    type_into(&mut harness, "Filter:", "Helsinki");
    assert!(harness.query_by_label("German 1").is_none());
    click(&mut harness, "✖");
}

#[test]
fn add_a_term_from_the_form_and_use_it() {
    let dir = common::temp_dir("gui-term");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    click(&mut harness, "Add term from selection…");
    type_into(&mut harness, "German", "Ostsee-Anrainer");
    type_into(&mut harness, "English", "Baltic states");
    click(&mut harness, "Add term");
    let glossary = &workbench(&harness).project().glossary;
    assert_eq!(glossary.terms.len(), 1);
    assert_eq!(glossary.terms[0].target(), "Baltic states");
    // It is the first suggestion of segment 1 at once.
    type_into(&mut harness, "English 1", "The ");
    press(&mut harness, Modifiers::COMMAND, Key::Num1);
    assert!(segment(&harness, 1).target.contains("Baltic states"));
}

#[test]
fn attach_a_glossary_file_from_the_file_menu() {
    let dir = common::temp_dir("gui-attach");
    let file = dir.join("mine.tsv");
    std::fs::write(&file, "Lagezentrale\tsituation centre\t\tother\n").unwrap();
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    click(&mut harness, "File");
    click(&mut harness, "Use a glossary file…");
    give_path(&mut harness, "Path:", &file);
    assert_eq!(workbench(&harness).project().glossaries.files.len(), 1);
    let id = workbench(&harness)
        .project()
        .segments()
        .find(|s| s.source.contains("Lagezentrale"))
        .unwrap()
        .id;
    let hits = harness.state_mut().workbench_mut().unwrap().hits(id);
    assert!(hits.iter().any(|h| h.term.target() == "situation centre"));
}

#[test]
fn a_returned_review_table_is_taken_back_as_one_step() {
    let dir = common::temp_dir("gui-review");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    let review = tandem::formats::ExportFormat::ReviewDocx
        .export(
            workbench(&harness).project(),
            tandem::formats::article::ExportOptions::default(),
        )
        .unwrap();
    // The editor fills in the English of the first segment and comments on the second.
    let returned = common::edit_document(
        &review,
        &[
            (
                r#"<w:permStart w:id="1" w:edGrp="everyone"/>"#,
                r#"<w:permStart w:id="1" w:edGrp="everyone"/><w:r><w:t>Putin visits North Korea</w:t></w:r>"#,
            ),
            (
                r#"<w:permStart w:id="4" w:edGrp="everyone"/>"#,
                r#"<w:permStart w:id="4" w:edGrp="everyone"/><w:r><w:t>Date?</w:t></w:r>"#,
            ),
        ],
    );
    let file = dir.join("article.review.docx");
    std::fs::write(&file, returned).unwrap();
    click(&mut harness, "File");
    click(&mut harness, "Take back a review (Word)…");
    give_path(&mut harness, "Path:", &file);
    assert_eq!(segment(&harness, 1).target, "Putin visits North Korea");
    assert_eq!(segment(&harness, 1).status, tandem::model::Status::Reviewed);
    assert_eq!(segment(&harness, 2).note, "Review: Date?");
    // One step: one undo takes both back (the reviewed English went to the project memory
    // at once, so the emptied segment is offered it again as a draft from the memory).
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(segment(&harness, 2).note, "");
    assert_ne!(segment(&harness, 1).status, tandem::model::Status::Reviewed);
    assert_ne!(segment(&harness, 1).origin, tandem::model::Origin::Imported);
}

#[test]
fn notes_and_the_origin_shown_in_words() {
    let dir = common::temp_dir("gui-note");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::Insert);
    // Defect: the origin was shown as Rust debug formatting.
    harness.get_by_label("copied from the source");
    type_into(&mut harness, "Note on this segment", "check the date");
    assert_eq!(segment(&harness, 1).note, "check the date");
}

/// Defect: import warnings were dropped, and only the last warning ever shown.
#[test]
fn the_problems_window_lists_every_diagnostic() {
    let dir = common::temp_dir("gui-problems");
    let article = dir.join("broken.html");
    let mut text = "<p>Erster Satz. Zweiter Satz.</p>".to_string().into_bytes();
    text.insert(5, 0xFF);
    text.extend_from_slice("ü ä ö <p>Kaputt <a href=\"x".as_bytes());
    std::fs::write(&article, &text).unwrap();
    let mut harness = app(Some(&article), &dir);
    let count = workbench(&harness).diagnostics().len();
    assert_eq!(count, 2, "{:?}", workbench(&harness).diagnostics());
    click(&mut harness, "⚠ 2 problem(s)");
    harness.get_by_label("Problems");
    for diagnostic in workbench(&harness).diagnostics().to_vec() {
        harness.get_by_label(&diagnostic.message);
    }
}

#[test]
fn a_project_open_elsewhere_opens_read_only_on_request() {
    let dir = common::temp_dir("gui-locked");
    let article = dir.join("a.txt");
    std::fs::write(&article, "Eins. Zwei.\n").unwrap();
    let holder = Workbench::open(&article, tandem::workbench::Access::Write).expect("first writer");
    let project = dir.join("a.tandem");
    let mut harness = app(Some(&project), &dir);
    harness.get_by_label("The project is open elsewhere");
    click(&mut harness, "Open read-only");
    assert!(workbench(&harness).read_only().is_some());
    drop(holder);
}

#[test]
fn the_status_box_sets_a_segments_status() {
    let dir = common::temp_dir("gui-status");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    type_into(&mut harness, "English 1", "Cables");
    assert_eq!(segment(&harness, 1).status, Status::Draft);
    click(&mut harness, "Status");
    click(&mut harness, "reviewed");
    assert_eq!(segment(&harness, 1).status, Status::Reviewed);
    // One undo step puts it back.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(segment(&harness, 1).status, Status::Draft);
}

/// Writes units into the test's main memory before the window opens it.
fn main_memory(dir: &Path, units: &[(&str, &str)]) {
    let memory = tandem::stores::SqliteMemory::open(&dir.join("main.memory")).unwrap();
    let units: Vec<tandem::memory::Unit> = units
        .iter()
        .map(|(de, en)| tandem::memory::Unit::new(*de, *en))
        .collect();
    use tandem::stores::MemoryStore;
    memory.write(&units).unwrap();
}

const PARTICIPANTS_FUZZY: &str =
    "Beteiligt sind Deutschland, Finnland, Schweden, Dänemark, Polen, Estland und Litauen.";
const PARTICIPANTS_EN: &str =
    "The participants are Germany, Finland, Sweden, Denmark, Poland, Estonia and Lithuania.";

#[test]
fn memory_matches_show_in_the_results_panel_and_ctrl_1_takes_one() {
    let dir = common::temp_dir("gui-memory-matches");
    main_memory(
        &dir,
        &[
            (PARTICIPANTS_FUZZY, PARTICIPANTS_EN),
            (
                "Nach Angaben aus Warschau geht es zunächst um ca. 20 Einheiten.",
                "According to Warsaw, about 20 units are involved at first.",
            ),
        ],
    );
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    // Segment 5: "Beteiligt sind … Estland, Lettland und Litauen." A fuzzy match, with the
    // word the match lacks shown.
    activate(&mut harness, 5);
    harness.get_by_label("90%");
    harness.get_by_label(PARTICIPANTS_EN);
    // The panel shows the match's German with the segment's missing words put in (marked).
    let shown = workbench(&harness)
        .project()
        .segment(SegmentId(5))
        .unwrap()
        .source
        .clone();
    harness.get_by_label(&shown);
    let matches = harness
        .state_mut()
        .session_mut()
        .matches(SegmentId(5))
        .unwrap();
    let missing: Vec<&str> = matches[0]
        .differences
        .iter()
        .filter(|p| p.change == tandem::memory::Change::Missing)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(missing, [", Lettland"]);
    harness.get_by_label("main");
    press(&mut harness, Modifiers::COMMAND, Key::Num1);
    let taken = segment(&harness, 5);
    assert_eq!(taken.target, PARTICIPANTS_EN);
    assert_eq!(taken.origin, tandem::model::Origin::Memory);
    // Glossary terms are numbered after the matches.
    harness.get_by_label("Ctrl+2");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(segment(&harness, 5).target, "");

    // Entering an untranslated segment with a 100% match fills it, as a draft from memory.
    activate(&mut harness, 12);
    let filled = segment(&harness, 12);
    assert_eq!(
        filled.target,
        "According to Warsaw, about 20 units are involved at first."
    );
    assert_eq!(filled.status, Status::Draft);
    assert_eq!(filled.origin, tandem::model::Origin::Memory);
}

#[test]
fn confirming_fills_the_same_sentence_elsewhere_and_the_memory_keeps_it() {
    let dir = common::temp_dir("gui-memory-propagate");
    let article = dir.join("kurz.txt");
    std::fs::write(
        &article,
        "Putin traf Kim. Das war wichtig. Putin  traf Kim.\n",
    )
    .unwrap();
    let mut harness = app(Some(&article), &dir);
    activate(&mut harness, 1);
    type_into(&mut harness, "English 1", "Putin met Kim.");
    press(&mut harness, Modifiers::COMMAND, Key::Enter);
    let twin = segment(&harness, 3);
    assert_eq!(twin.target, "Putin met Kim.");
    assert_eq!(twin.status, Status::Draft);
    assert_eq!(twin.origin, tandem::model::Origin::Memory);
    harness.get_by_label_contains("filled as draft");
    // The confirmed segment went to the main memory (and the project's own).
    let memory = tandem::stores::SqliteMemory::open(&dir.join("main.memory")).unwrap();
    use tandem::stores::MemoryStore;
    let found = memory
        .lookup(&tandem::stores::Query::new("Putin traf Kim."))
        .unwrap();
    assert_eq!(found[0].unit.target, "Putin met Kim.");
    assert_eq!(found[0].score, 100);
    // One undo takes the filled twin back; the confirmation stays.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(segment(&harness, 3).target, "");
    assert_eq!(segment(&harness, 1).status, Status::Translated);
}

#[test]
fn concordance_finds_inflected_forms_with_ctrl_k() {
    let dir = common::temp_dir("gui-memory-concordance");
    main_memory(
        &dir,
        &[
            (
                "Das Abkommen wurde unterzeichnet.",
                "The agreement was signed.",
            ),
            (
                "Der Text des Abkommens ist geheim.",
                "The text of the agreement is secret.",
            ),
            ("Putin traf Kim.", "Putin met Kim."),
        ],
    );
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::K);
    type_into(&mut harness, "Find in the memories", "Abkommen");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label_contains("2 units with “Abkommen”");
    harness.get_by_label("Der Text des Abkommens ist geheim.");
    harness.get_by_label("The agreement was signed.");
    assert!(harness.query_by_label("Putin met Kim.").is_none());
    // English words are found too.
    replace_in(&mut harness, "Find in the memories", "secret");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label_contains("1 unit with “secret”");
}

#[test]
fn pretranslate_from_the_memory_menu_is_one_undo_step() {
    let dir = common::temp_dir("gui-memory-pretranslate");
    main_memory(
        &dir,
        &[
            (
                "Beteiligt sind Deutschland, Finnland, Schweden, Dänemark, Polen, Estland, Lettland und Litauen.",
                "The participants are Germany, Finland, Sweden, Denmark, Poland, Estonia, Latvia and Lithuania.",
            ),
            (
                "Nach Angaben aus Warschau geht es zunächst um ca. 20 Einheiten.",
                "According to Warsaw, about 20 units are involved at first.",
            ),
            (PARTICIPANTS_FUZZY, PARTICIPANTS_EN),
        ],
    );
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    click(&mut harness, "Memory");
    click(&mut harness, "Pretranslate…");
    click(&mut harness, "Pretranslate");
    for id in [5, 12] {
        let filled = segment(&harness, id);
        assert_eq!(filled.status, Status::Draft, "{id}");
        assert_eq!(filled.origin, tandem::model::Origin::Memory, "{id}");
    }
    assert!(
        segment(&harness, 5)
            .target
            .starts_with("The participants are")
    );
    harness.get_by_label_contains("2 segments filled from memory (2 at 100%)");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(segment(&harness, 5).target, "");
    assert_eq!(segment(&harness, 12).target, "");
}

#[test]
fn ctrl_k_searches_the_memories_for_the_german_selection() {
    let dir = common::temp_dir("gui-memory-selection");
    main_memory(
        &dir,
        &[(
            "Beteiligt sind Deutschland, Finnland, Schweden und Norwegen.",
            "The participants are Germany, Finland, Sweden and Norway.",
        )],
    );
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    // Select all of segment 5's German ("Beteiligt sind Deutschland, Finnland, …"), then
    // Ctrl+K: the concordance searches for the selection.
    activate(&mut harness, 5);
    click(&mut harness, "German 5");
    press(&mut harness, Modifiers::COMMAND, Key::A);
    press(&mut harness, Modifiers::COMMAND, Key::K);
    let source = segment(&harness, 5).source;
    assert_eq!(
        harness
            .get_by_label("Find in the memories")
            .value()
            .as_deref(),
        Some(source.as_str())
    );
    harness.get_by_label_contains("0 units with “Beteiligt sind");
    // A shorter phrase finds the unit.
    replace_in(
        &mut harness,
        "Find in the memories",
        "Deutschland, Finnland",
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label("The participants are Germany, Finland, Sweden and Norway.");
}

#[test]
fn a_machine_suggestion_arrives_while_typing_and_leaves_the_typing_alone() {
    use common::stand_in::{Reply, StandIn};
    const MACHINE: &str = "Baltic states want to protect their undersea cables together";
    let dir = common::temp_dir("gui-machine");
    // A LibreTranslate stand-in that takes its time.
    let server = StandIn::start(|_| {
        Reply::json(200, serde_json::json!({ "translatedText": MACHINE }))
            .after(Duration::from_millis(1500))
    });
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    harness.get_by_label("English 1").focus();
    harness.step();
    let machine = &mut harness.state_mut().prefs.machine;
    machine.engines = vec![tandem::mt::EngineConfig {
        url: server.url.clone(),
        ..tandem::mt::EngineConfig::new(tandem::mt::EngineKind::LibreTranslate)
    }];
    machine.enabled = vec![true];
    machine.key_file = Some(dir.join("keys.json"));
    machine.cache_file = Some(dir.join("mt-cache.sqlite"));
    harness.step();
    // The translator types while the engine is still working.
    harness.get_by_label("English 1").type_text("Baltic ");
    harness.step();
    harness.get_by_label("English 1").type_text("neighbours");
    harness.step();
    assert!(
        harness
            .state_mut()
            .session_mut()
            .machine_suggestions(SegmentId(1))
            .is_none(),
        "the answer is still on its way"
    );
    harness.get_by_label("Translating…");
    settle(&mut harness);
    // It arrived; what was typed is as it was, and typing goes on where it was.
    harness.get_by_label(MACHINE);
    harness.get_by_label("LibreTranslate");
    assert_eq!(segment(&harness, 1).target, "Baltic neighbours");
    harness.get_by_label("English 1").type_text(" want");
    settle(&mut harness);
    assert_eq!(segment(&harness, 1).target, "Baltic neighbours want");
    // Ctrl+1 (no memory match here) takes it: origin machine, the engine named, one undo step.
    press(&mut harness, Modifiers::COMMAND, Key::Num1);
    let taken = segment(&harness, 1);
    assert_eq!(taken.target, MACHINE);
    assert_eq!(taken.origin, tandem::model::Origin::Machine);
    assert_eq!(taken.engine, "LibreTranslate");
    harness.get_by_label("◐ MT draft");
    harness.get_by_label("machine translation (LibreTranslate)");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(segment(&harness, 1).target, "Baltic neighbours want");
}

#[test]
fn the_machine_translation_window_switches_a_project_off() {
    let dir = common::temp_dir("gui-machine-settings");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    harness.state_mut().prefs.machine.key_file = Some(dir.join("keys.json"));
    harness.state_mut().prefs.machine.cache_file = Some(dir.join("mt-cache.sqlite"));
    click(&mut harness, "Memory");
    click(&mut harness, "Machine translation…");
    click(&mut harness, "Local command");
    assert_eq!(harness.state().prefs.machine.engines.len(), 1);
    replace_in(&mut harness, "Command", "sed s/Hallo/Hello/");
    assert_eq!(
        harness.state().prefs.machine.engines[0].command,
        "sed s/Hallo/Hello/"
    );
    click(&mut harness, "Use machine translation for this project");
    assert!(!workbench(&harness).project().machine.enabled);
    assert!(!harness.state_mut().session_mut().machine_enabled());
    // Switching it off is an edit like any other: undone, it is on again.
    harness.state_mut().workbench_mut().unwrap().undo().unwrap();
    assert!(workbench(&harness).project().machine.enabled);
}

#[test]
fn numbers_and_dates_are_offered_in_english_and_ctrl_n_inserts_them() {
    let dir = common::temp_dir("gui-placeables");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    let id = workbench(&harness)
        .project()
        .segments()
        .find(|s| s.source.contains("2,4 Mrd. Euro"))
        .expect("the sample has an amount")
        .id;
    activate(&mut harness, id.0);
    harness.get_by_label("Numbers and dates");
    let label = format!("English {}", id.0);
    type_into(&mut harness, &label, "By the end of 2026, around ");
    click(&mut harness, "€2.4 billion");
    assert_eq!(
        segment(&harness, id.0).target,
        "By the end of 2026, around €2.4 billion"
    );
    // The same by keyboard: numbered after the glossary terms.
    let hits = harness.state_mut().workbench_mut().unwrap().hits(id).len();
    let placeables = harness.state_mut().workbench_mut().unwrap().placeables(id);
    let at = placeables
        .iter()
        .position(|p| p.english == "€2.4 billion")
        .unwrap();
    let n = hits + at + 1;
    assert!(n <= 9, "{n}");
    let key = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ][n - 1];
    type_into(&mut harness, &label, " and ");
    press(&mut harness, Modifiers::COMMAND, key);
    assert_eq!(
        segment(&harness, id.0).target,
        "By the end of 2026, around €2.4 billion and €2.4 billion"
    );
}

/// Runs frames until a widget labelled `label` shows (at most two seconds).
fn wait_for(harness: &mut App, label: &str) {
    for _ in 0..40 {
        if harness.query_by_label(label).is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
        settle(harness);
    }
    harness.get_by_label(label);
}

#[test]
fn quality_checks_window_lists_issues_jumps_and_ignores() {
    let dir = common::temp_dir("gui-checks");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    type_into(
        &mut harness,
        "English 1",
        "Baltic neighbours want to protect the the cables",
    );
    press(&mut harness, Modifiers::COMMAND, Key::Enter);
    activate(&mut harness, 5);
    press(&mut harness, Modifiers::NONE, Key::F8);
    // The project's list is rebuilt at most a few times a second while the translator works.
    wait_for(&mut harness, "Repeated word (1)");
    assert!(harness.query_by_label("Untranslated (16)").is_some());
    type_into(&mut harness, "Find issues:", "written twice");
    assert!(harness.query_by_label("Untranslated (16)").is_none());
    // The segment number jumps there.
    click(&mut harness, "1");
    assert_eq!(active(&harness), Some(SegmentId(1)));
    // The issue is under the confirmed segment's editor too; its fix is one click.
    assert_eq!(
        harness
            .get_all_by_label("“the the”: a word written twice")
            .count(),
        2,
        "in the window and under the editor"
    );
    // The Ignore button on the issue's own line in the window (drawn over the table).
    let lines: Vec<egui::Rect> = harness
        .get_all_by_label("“the the”: a word written twice")
        .map(|n| n.rect())
        .collect();
    let line = lines[lines.len() - 1];
    harness
        .get_all_by_label("Ignore")
        .find(|b| {
            (b.rect().center().y - line.center().y).abs() < 10.0 && b.rect().min.x >= line.max.x
        })
        .expect("an Ignore button on the line")
        .click();
    settle(&mut harness);
    assert_eq!(workbench(&harness).project().qa.ignored.len(), 1);
    assert!(harness.query_by_label("Repeated word (1)").is_none());
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    wait_for(&mut harness, "Repeated word (1)");
    assert!(workbench(&harness).project().qa.ignored.is_empty());
    // Switching the check off empties its group.
    click(&mut harness, "Checks to run");
    click(&mut harness, "Repeated word");
    assert!(harness.query_by_label("Repeated word (1)").is_none());
    assert!(
        workbench(&harness)
            .project()
            .qa
            .off
            .contains("repeated-word")
    );
    // The table shows only segments with issues when asked.
    click(&mut harness, "With issues");
    assert!(harness.query_by_label("German 1").is_some());
}

#[test]
fn misspelt_words_offer_corrections_and_join_the_dictionary() {
    let dir = common::temp_dir("gui-spelling");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    let word = "Qwrtzuiopqwrtzuiopqwrtzuiopqwrtzuiopqwrtzuiopqwrtzuiopqwrtzuiopqwrtzuiop";
    type_into(&mut harness, "English 1", word);
    let misspelt = {
        let workbench = harness.state_mut().workbench_mut().unwrap();
        let (speller, words) = workbench.spelling().expect("the dictionary is read");
        let source = workbench
            .project()
            .segment(SegmentId(1))
            .unwrap()
            .source
            .clone();
        speller.misspelt(&source, word, &words)
    };
    assert_eq!(
        misspelt,
        vec![(0..word.len())],
        "the editor underlines these"
    );
    harness.get_by_label("English 1").click_secondary();
    settle(&mut harness);
    settle(&mut harness);
    click(&mut harness, &format!("Add “{word}” to my dictionary"));
    let written = std::fs::read_to_string(dir.join("words.txt")).unwrap();
    assert!(written.lines().any(|l| l == word), "{written}");
    let issues = harness
        .state_mut()
        .workbench_mut()
        .unwrap()
        .segment_issues(SegmentId(1));
    assert!(
        issues
            .iter()
            .all(|i| i.check != tandem::qa::Check::Spelling),
        "{issues:?}"
    );
}

#[test]
fn export_with_errors_asks_first() {
    let dir = common::temp_dir("gui-export-check");
    let mut harness = app(None, &dir);
    open_sample(&mut harness);
    click(&mut harness, "File");
    harness.get_by_label("Export").hover();
    settle(&mut harness);
    click(&mut harness, "English article (.txt)…");
    harness.get_by_label("Export with errors?");
    click(&mut harness, "Review the issues");
    harness.get_by_label("Quality checks");
    press(&mut harness, Modifiers::NONE, Key::F8);
    assert!(harness.query_by_label("Quality checks").is_none());
    click(&mut harness, "File");
    harness.get_by_label("Export").hover();
    settle(&mut harness);
    click(&mut harness, "English article (.txt)…");
    click(&mut harness, "Export anyway");
    harness.get_by_label("Save to path:");
}

#[test]
fn an_agencys_xliff_opens_with_locks_and_tags_and_goes_back_translated() {
    let dir = common::temp_dir("gui-xliff");
    let file = dir.join("job.sdlxliff");
    std::fs::write(
        &file,
        r#"<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="a.docx" source-language="de-DE" target-language="en-GB" datatype="x-sdlfilterframework2"><body>
<trans-unit id="u1"><source>Er sagte: Ja. Dann ging er.<x id="3"/></source>
<seg-source><mrk mtype="seg" mid="1">Er sagte: Ja.</mrk> <mrk mtype="seg" mid="2">Dann ging er.<x id="3"/></mrk></seg-source>
<target><mrk mtype="seg" mid="1">He said: yes.</mrk> <mrk mtype="seg" mid="2"/></target>
<sdl:seg-defs><sdl:seg id="1" conf="ApprovedSignOff" locked="true"/><sdl:seg id="2"/></sdl:seg-defs>
</trans-unit></body></file></xliff>"#,
    )
    .unwrap();
    let mut harness = app(Some(&file), &dir);
    assert_eq!(segment(&harness, 1).target, "He said: yes.");
    // The locked segment's English cannot be typed into.
    activate(&mut harness, 1);
    harness.get_by_label("English 1").type_text(" Changed");
    settle(&mut harness);
    assert_eq!(segment(&harness, 1).target, "He said: yes.");
    harness.get_by_label_contains("locked");
    // F9 puts the source's tag into the target; then the translation goes before it.
    activate(&mut harness, 2);
    harness.get_by_label("English 2").focus();
    settle(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::F9);
    assert_eq!(segment(&harness, 2).target, "<x1/>");
    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("English 2")
        .type_text("Then he left.<x1/>");
    settle(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::Enter);
    click(&mut harness, "File");
    harness.get_by_label("Export").hover();
    settle(&mut harness);
    click(&mut harness, "The original file, translated…");
    let out = dir.join("job.en-GB.sdlxliff");
    give_path(&mut harness, "Save to path:", &out);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(
        written.contains(r#"<mrk mtype="seg" mid="2">Then he left.<x id="3"/></mrk>"#),
        "{written}"
    );
    assert!(
        written.contains(r#"<sdl:seg id="2" conf="Translated"/>"#),
        "{written}"
    );
    assert!(written.contains(r#"<mrk mtype="seg" mid="1">He said: yes.</mrk>"#));
}

#[test]
fn word_headers_and_footers_are_read_when_the_file_menu_says_so() {
    let Some(docx) = common::shared("conformance/docx/sample-docx.docx") else {
        return;
    };
    let dir = common::temp_dir("gui-headers");
    let file = dir.join("sample.docx");
    std::fs::copy(&docx, &file).unwrap();
    let mut harness = app(None, &dir);
    let has_header = |harness: &App| {
        workbench(harness)
            .project()
            .segments()
            .any(|s| s.source.contains("My header"))
    };
    let open = |harness: &mut App| {
        click(harness, "File");
        harness.get_by_label_contains("New from article").click();
        settle(harness);
        give_path(harness, "Path:", &file);
    };
    open(&mut harness);
    assert!(!has_header(&harness), "off by default");
    click(&mut harness, "File");
    click(&mut harness, "Read Word headers and footers");
    assert!(harness.state().prefs.headers_footers);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    // The first opening made a project beside the file; a new one reads the file again.
    std::fs::remove_file(dir.join("sample.tandem")).ok();
    open(&mut harness);
    assert!(has_header(&harness));
}

#[test]
fn a_team_memory_on_a_server_gets_every_confirmed_segment() {
    use tandem::stores::MemoryStore;
    let Some(cluster) = common::pg::Cluster::start("gui-team") else {
        return;
    };
    tandem::stores::server::init(&cluster.admin_url()).unwrap();
    // The password typed beside the address is kept in Tandem's password file, owner-only,
    // never in the settings.
    let dir = common::temp_dir("gui-team");
    let mut harness = app(None, &dir);
    let password_file = dir.join("pgpass");
    harness.state_mut().prefs.memory.password_file = Some(password_file.clone());
    open_sample(&mut harness);
    click(&mut harness, "Memory");
    click(&mut harness, "Translation memories…");
    let address = format!(
        "postgres://{}@127.0.0.1:{}/tandem?sslmode=disable",
        common::pg::ADMIN,
        cluster.port
    );
    replace_in(&mut harness, "Team memory:", &address);
    replace_in(&mut harness, "Password:", common::pg::ADMIN_PASSWORD);
    click(&mut harness, "Connect");
    let team = harness.state().prefs.memory.team.clone();
    assert_eq!(team, address);
    let kept = std::fs::read_to_string(&password_file).unwrap();
    assert!(
        kept.ends_with(&format!(":{}\n", common::pg::ADMIN_PASSWORD)),
        "{kept}"
    );
    assert!(!tandem::fsio::readable_by_others(&password_file));
    harness.get_by_label_contains("The password is kept in");
    harness.get_by_label("team memory (server)");
    activate(&mut harness, 1);
    type_into(
        &mut harness,
        "English 1",
        "Baltic neighbours protect undersea cables",
    );
    press(&mut harness, Modifiers::COMMAND, Key::Enter);
    let server = tandem::stores::ServerMemory::open(&cluster.admin_url()).unwrap();
    let found = server
        .lookup(&tandem::stores::Query::new(&segment(&harness, 1).source))
        .unwrap();
    assert_eq!(found[0].score, 100);
    assert_eq!(
        found[0].unit.target,
        "Baltic neighbours protect undersea cables"
    );

    // The team glossary came with it: a term added there reaches the server, and so does
    // a change made with the suggestion's Edit button.
    let server = tandem::stores::server::ServerGlossary::open(&cluster.admin_url()).unwrap();
    let on_server = |harness: &mut App, target: &str| {
        for _ in 0..100 {
            settle(harness);
            let terms = server.changes_since(0).unwrap();
            if terms
                .iter()
                .any(|t| t.term.targets.first().is_some_and(|x| x == target))
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{target} did not reach the server");
    };
    activate(&mut harness, 1);
    click(&mut harness, "Add term from selection…");
    type_into(&mut harness, "German", "Ostsee-Anrainer");
    type_into(&mut harness, "English", "Baltic states");
    let mut chosen = false;
    for _ in 0..100 {
        harness
            .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Glossary")
            .click();
        settle(&mut harness);
        if let Some(team) = harness.query_by_label("team glossary (tandem)") {
            team.click();
            settle(&mut harness);
            chosen = true;
            break;
        }
        // The server has not yet said that this user may change the glossary.
        press(&mut harness, Modifiers::NONE, Key::Escape);
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(chosen, "the team glossary is offered");
    click(&mut harness, "Add term");
    on_server(&mut harness, "Baltic states");
    assert!(workbench(&harness).project().glossary.terms.is_empty());
    click(&mut harness, "Edit term");
    replace_in(&mut harness, "English", "Baltic Sea states; Baltic states");
    click(&mut harness, "Save term");
    on_server(&mut harness, "Baltic Sea states");

    // A colleague changes the term while this window changes it too (from the revision it
    // knew): the window shows both versions, and "Use mine" makes this translator's stand.
    use tandem::stores::server::{TermWrite, fresh_revision};
    let standing = server
        .changes_since(0)
        .unwrap()
        .into_iter()
        .find(|t| t.term.source == "Ostsee-Anrainer")
        .unwrap();
    let mut theirs = standing.term.clone();
    theirs.targets = vec!["Baltic littoral states".into()];
    server
        .write(&TermWrite {
            id: theirs.id,
            term: Some(theirs),
            base: Some(standing.rev),
            rev: fresh_revision(),
        })
        .unwrap();
    let team = workbench(&harness).team_glossary().unwrap();
    let mut mine = standing.term.clone();
    mine.targets = vec!["Baltic coastal states".into()];
    harness
        .state_mut()
        .workbench_mut()
        .unwrap()
        .update_term(team, mine)
        .unwrap();
    for _ in 0..100 {
        settle(&mut harness);
        if harness.query_by_label("Use mine").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    harness.get_by_label("Keep the team's");
    click(&mut harness, "Use mine");
    on_server(&mut harness, "Baltic coastal states");
    assert!(harness.query_by_label("Use mine").is_none());
}
