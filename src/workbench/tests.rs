use super::*;
use crate::formats::{ExportFormat, import_article};
use crate::glossary::Kind;
use crate::segment::Segmenter;

fn workbench(text: &str) -> Workbench {
    let imported = import_article(text.as_bytes(), None, &Segmenter::german()).unwrap();
    Workbench::new(Project::from_document(imported.document), None)
}

fn target(w: &Workbench, id: u64) -> &str {
    &w.project().segment(SegmentId(id)).unwrap().target
}

fn status(w: &Workbench, id: u64) -> Status {
    w.project().segment(SegmentId(id)).unwrap().status
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-wb-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The glossary id of the first attached file.
fn file_glossary(w: &Workbench) -> GlossaryId {
    w.writable_glossaries()
        .into_iter()
        .find(|(id, _)| *id != GlossaryId::PROJECT)
        .unwrap()
        .0
}

#[test]
fn typing_makes_a_draft_and_one_visit_is_one_undo_step() {
    let mut w = workbench("Eins. Zwei. Drei.");
    assert_eq!(w.active(), Some(SegmentId(1)));
    for text in ["O", "On", "One."] {
        w.type_target(SegmentId(1), text).unwrap();
    }
    assert_eq!(status(&w, 1), Status::Draft);
    assert!(w.is_dirty());
    w.activate(SegmentId(2));
    w.type_target(SegmentId(2), "Two.").unwrap();
    w.undo().unwrap();
    assert_eq!(target(&w, 2), "");
    assert_eq!(target(&w, 1), "One.");
    w.undo().unwrap();
    assert_eq!(target(&w, 1), "");
    assert_eq!(status(&w, 1), Status::New);
    assert_eq!(w.active(), Some(SegmentId(1)));
    w.redo().unwrap();
    assert_eq!(target(&w, 1), "One.");
}

#[test]
fn confirm_sets_translated_and_moves_to_the_next_unconfirmed() {
    let mut w = workbench("Eins. Zwei. Drei.");
    w.activate(SegmentId(2));
    w.type_target(SegmentId(2), "Two.").unwrap();
    w.confirm().unwrap();
    assert_eq!(status(&w, 2), Status::Translated);
    assert_eq!(w.active(), Some(SegmentId(3)));
    w.activate(SegmentId(2));
    w.type_target(SegmentId(2), "Two!").unwrap();
    assert_eq!(
        status(&w, 2),
        Status::Draft,
        "a changed confirmed segment is a draft again"
    );
    w.confirm().unwrap();
    assert_eq!(status(&w, 2), Status::Translated);
    w.confirm().unwrap(); // empty target: stays new, moves on (wrapping)
    assert_eq!(status(&w, 3), Status::New);
    assert_eq!(w.active(), Some(SegmentId(1)));
    assert_eq!(w.step(false), Some(SegmentId(1)));
    assert_eq!(w.step(true), Some(SegmentId(2)));
}

#[test]
fn step_crosses_blocks_both_ways() {
    let mut w = workbench("Titel\n\nEins. Zwei.\n\nDrei.");
    assert_eq!(w.step(true), Some(SegmentId(2)));
    assert_eq!(w.step(true), Some(SegmentId(3)));
    assert_eq!(w.step(true), Some(SegmentId(4)));
    assert_eq!(w.step(true), Some(SegmentId(4)));
    assert_eq!(w.step(false), Some(SegmentId(3)));
    assert_eq!(w.step(false), Some(SegmentId(2)));
    assert_eq!(w.step(false), Some(SegmentId(1)));
    assert_eq!(w.step(false), Some(SegmentId(1)));
}

#[test]
fn copy_source_and_insert_text_at_the_cursor() {
    let mut w = workbench("Putin kam.");
    w.copy_source().unwrap();
    assert_eq!(target(&w, 1), "Putin kam.");
    assert_eq!(
        w.project().segment(SegmentId(1)).unwrap().origin,
        Origin::Source
    );
    w.type_target(SegmentId(1), "He came.").unwrap();
    let cursor = w
        .insert_text(SegmentId(1), 0, "Putin: ", Origin::Glossary)
        .unwrap();
    assert_eq!(cursor, 7);
    assert_eq!(target(&w, 1), "Putin: He came.");
}

#[test]
fn split_and_merge_keep_ids_and_undo() {
    let mut w = workbench("Er kam und sie ging.");
    w.split(SegmentId(1), 7, 0).unwrap();
    let sources: Vec<&str> = w.project().segments().map(|s| s.source.as_str()).collect();
    assert_eq!(sources, ["Er kam", "und sie ging."]);
    w.merge_with_next(SegmentId(1)).unwrap();
    assert_eq!(w.project().segment_count(), 1);
    w.undo().unwrap();
    assert_eq!(w.project().segment_count(), 2);
    assert!(w.project().segment(SegmentId(2)).is_some());
    w.undo().unwrap();
    assert_eq!(w.project().segment_count(), 1);
    assert!(w.split(SegmentId(1), 0, 0).is_err());
    // A cursor inside a word splits before the word.
    w.split(SegmentId(1), 9, 0).unwrap();
    let sources: Vec<&str> = w.project().segments().map(|s| s.source.as_str()).collect();
    assert_eq!(sources, ["Er kam", "und sie ging."]);
}

#[test]
fn replace_all_is_one_step() {
    let mut w = workbench("Eins. Zwei.");
    w.type_target(SegmentId(1), "the Kremlin said").unwrap();
    w.activate(SegmentId(2));
    w.type_target(SegmentId(2), "THE KREMLIN").unwrap();
    assert_eq!(w.find("kremlin", false).len(), 2);
    assert_eq!(w.replace_all("kremlin", "Kremlin", false).unwrap(), 2);
    assert_eq!(target(&w, 2), "THE Kremlin");
    w.undo().unwrap();
    assert_eq!(target(&w, 1), "the Kremlin said");
    assert_eq!(target(&w, 2), "THE KREMLIN");
}

/// Defect: Replace all left confirmed segments "translated" after changing them.
#[test]
fn replace_all_makes_changed_confirmed_segments_drafts() {
    let mut w = workbench("Eins. Zwei. Drei.");
    for (id, text) in [(1, "the Kremlin"), (2, "Moscow"), (3, "the Kremlin again")] {
        w.activate(SegmentId(id));
        w.type_target(SegmentId(id), text).unwrap();
        w.confirm().unwrap();
    }
    w.set_status(SegmentId(3), Status::Approved).unwrap();
    assert_eq!(
        w.replace_all("Kremlin", "Kremlin (Moscow)", true).unwrap(),
        2
    );
    assert_eq!(status(&w, 1), Status::Draft);
    assert_eq!(status(&w, 2), Status::Translated, "unchanged: stays");
    assert_eq!(status(&w, 3), Status::Draft);
    w.undo().unwrap();
    assert_eq!(status(&w, 1), Status::Translated);
    assert_eq!(status(&w, 3), Status::Approved);
}

#[test]
fn terms_added_to_the_project_glossary_match_at_once_and_undo() {
    let mut w = workbench("Die Lagezentrale in Rostock.");
    let before = w.hits(SegmentId(1)).len();
    w.add_term(
        GlossaryId::PROJECT,
        Term::new("Lagezentrale", "situation centre", Kind::Other),
    )
    .unwrap();
    let hits = w.hits(SegmentId(1));
    assert_eq!(hits.len(), before + 1);
    assert_eq!(hits[0].term.target(), "situation centre");
    w.undo().unwrap();
    assert_eq!(w.hits(SegmentId(1)).len(), before);
    assert!(w.project().glossary.terms.is_empty());
}

/// Defect: a missing glossary was reported as "built in".
#[test]
fn adding_to_a_default_or_missing_glossary_says_which() {
    let mut w = workbench("Die Lagezentrale in Rostock.");
    let default = w
        .terminology()
        .entries()
        .iter()
        .find(|e| e.source == crate::suggest::Source::Default)
        .unwrap()
        .id;
    let error = w
        .add_term(default, Term::new("x", "y", Kind::Other))
        .unwrap_err()
        .to_string();
    assert!(error.contains("built in"), "{error}");
    let error = w
        .add_term(GlossaryId(999), Term::new("x", "y", Kind::Other))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("no glossary") && !error.contains("built in"),
        "{error}"
    );
}

#[test]
fn typing_in_the_target_never_recomputes_the_terms() {
    let mut w = workbench("Putin traf Kim in Pjöngjang.");
    let first = w.hits(SegmentId(1));
    w.type_target(SegmentId(1), "Putin met").unwrap();
    let again = w.hits(SegmentId(1));
    assert!(Arc::ptr_eq(&first, &again), "recomputed after typing");
    // A change of the source (split) or of a glossary recomputes.
    w.add_term(GlossaryId::PROJECT, Term::new("traf", "met", Kind::Other))
        .unwrap();
    let after_term = w.hits(SegmentId(1));
    assert!(!Arc::ptr_eq(&first, &after_term));
    assert_eq!(after_term.len(), first.len() + 1);
}

#[test]
fn figures_follow_every_change_and_undo() {
    let mut w = workbench("Titel\n\nEins zwei drei. Vier fünf.\n\nSechs.");
    let check = |w: &Workbench| assert_eq!(w.stats(), w.project().stats());
    check(&w);
    w.activate(SegmentId(2));
    w.type_target(SegmentId(2), "One two three.").unwrap();
    w.confirm().unwrap();
    check(&w);
    w.merge_with_next(SegmentId(2)).unwrap();
    check(&w);
    w.split(SegmentId(2), 5, 0).unwrap();
    check(&w);
    w.replace_all("two", "2", false).unwrap();
    check(&w);
    while w.can_undo() {
        w.undo().unwrap();
        check(&w);
    }
    while w.can_redo() {
        w.redo().unwrap();
        check(&w);
    }
}

#[test]
fn changes_since_names_the_touched_segments() {
    let mut w = workbench("Eins. Zwei. Drei.");
    let start = w.revision();
    w.type_target(SegmentId(2), "Two").unwrap();
    let changes = w.changes_since(start).unwrap();
    assert_eq!(changes.segments, [SegmentId(2)]);
    assert!(!changes.structural);
    w.merge_with_next(SegmentId(2)).unwrap();
    assert!(w.changes_since(start).unwrap().structural);
    for n in 0..200 {
        w.type_target(SegmentId(1), &n.to_string()).unwrap();
    }
    assert_eq!(w.changes_since(start), None, "too long ago: rebuild");
}

#[test]
fn terms_added_to_a_glossary_file_are_written_back_and_undo() {
    let dir = temp_dir("file");
    let file = dir.join("mine.tsv");
    std::fs::write(&file, "Rostock\tRostock (port)\t\tplace\n").unwrap();
    let mut w = workbench("Die Lagezentrale in Rostock.");
    w.attach_glossary(&file).unwrap();
    assert_eq!(w.hits(SegmentId(1))[0].term.target(), "Rostock (port)");
    let glossary = file_glossary(&w);
    w.add_term(
        glossary,
        Term::new("Lagezentrale", "situation centre", Kind::Other),
    )
    .unwrap();
    assert_eq!(w.hits(SegmentId(1)).len(), 2);
    // Written when the writes are run (off the window's thread), not in the edit.
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("Lagezentrale")
    );
    assert!(w.is_dirty());
    w.write_glossaries();
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains("Lagezentrale\tsituation centre"),
        "{written}"
    );
    w.undo().unwrap();
    w.write_glossaries();
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("Lagezentrale")
    );
    assert_eq!(w.hits(SegmentId(1)).len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Defect: attaching a glossary file silently erased the undo history.
#[test]
fn attaching_a_glossary_file_keeps_the_undo_history_and_can_be_undone() {
    let dir = temp_dir("attach-history");
    let file = dir.join("mine.tsv");
    std::fs::write(&file, "Rostock\tRostock (port)\t\tplace\n").unwrap();
    let mut w = workbench("Die Lagezentrale in Rostock.");
    w.type_target(SegmentId(1), "The situation centre").unwrap();
    w.attach_glossary(&file).unwrap();
    assert_eq!(w.project().glossaries.files.len(), 1);
    w.undo().unwrap();
    assert!(w.project().glossaries.files.is_empty(), "attach undone");
    assert_ne!(w.hits(SegmentId(1))[0].term.target(), "Rostock (port)");
    w.undo().unwrap();
    assert_eq!(
        target(&w, 1),
        "",
        "the typing before the attach is still undoable"
    );
    w.redo().unwrap();
    w.redo().unwrap();
    assert_eq!(w.hits(SegmentId(1))[0].term.target(), "Rostock (port)");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Defect: a glossary file that cannot be written lost the edit or wrote an empty file.
#[test]
fn a_glossary_file_that_cannot_be_written_keeps_its_changes_unsaved() {
    let dir = temp_dir("unwritable");
    let file = dir.join("mine.tsv");
    std::fs::write(&file, "Rostock\tRostock (port)\n").unwrap();
    let mut w = workbench("Die Lagezentrale in Rostock.");
    w.attach_glossary(&file).unwrap();
    w.save_as(&dir.join("p.tandem")).unwrap();
    let glossary = file_glossary(&w);
    w.add_term(
        glossary,
        Term::new("Lagezentrale", "situation centre", Kind::Other),
    )
    .unwrap();
    // The folder disappears: the write fails, the change stays in memory, unsaved.
    let moved = dir.with_extension("moved");
    std::fs::rename(&dir, &moved).unwrap();
    w.write_glossaries();
    assert!(w.is_dirty());
    assert!(
        w.diagnostics()
            .iter()
            .any(|d| d.message.contains("could not be written")),
        "{:?}",
        w.diagnostics()
    );
    assert_eq!(w.hits(SegmentId(1)).len(), 2);
    std::fs::rename(&moved, &dir).unwrap();
    w.save().unwrap();
    assert!(!w.is_dirty());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Lagezentrale")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Defect: Save As to another folder broke relative glossary-file paths.
#[test]
fn save_as_to_another_folder_keeps_glossary_files_found() {
    let dir = temp_dir("save-as-move");
    std::fs::create_dir_all(dir.join("terms")).unwrap();
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::create_dir_all(dir.join("b/c")).unwrap();
    let file = dir.join("terms/mine.tsv");
    std::fs::write(&file, "Rostock\tRostock (port)\t\tplace\n").unwrap();
    let mut w = workbench("Die Lagezentrale in Rostock.");
    w.attach_glossary(&file).unwrap();
    w.save_as(&dir.join("a/p.tandem")).unwrap();
    let json = std::fs::read_to_string(dir.join("a/p.tandem")).unwrap();
    assert!(json.contains("\"../terms/mine.tsv\""), "{json}");
    w.save_as(&dir.join("b/c/p.tandem")).unwrap();
    let json = std::fs::read_to_string(dir.join("b/c/p.tandem")).unwrap();
    assert!(json.contains("\"../../terms/mine.tsv\""), "{json}");
    assert!(
        !dir.join("a/.~lock.p.tandem#").exists(),
        "the old lock is released"
    );
    drop(w);
    let mut reopened = Workbench::open(&dir.join("b/c/p.tandem"), Access::Write).unwrap();
    assert!(
        reopened.diagnostics().is_empty(),
        "{:?}",
        reopened.diagnostics()
    );
    assert_eq!(
        reopened.hits(SegmentId(1))[0].term.target(),
        "Rostock (port)"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn open_an_article_makes_the_project_beside_it_and_reopens_it() {
    let dir = temp_dir("open");
    let article = dir.join("a.txt");
    std::fs::write(&article, "Titel\n\nEins. Zwei.\n").unwrap();
    let mut w = Workbench::open(&article, Access::Write).unwrap();
    assert_eq!(w.path(), Some(dir.join("a.tandem").as_path()));
    assert!(!w.is_dirty());
    w.type_target(SegmentId(2), "One.").unwrap();
    w.save().unwrap();
    drop(w);
    let again = Workbench::open(&article, Access::Write).unwrap();
    assert_eq!(target(&again, 2), "One.");
    again
        .export(
            ExportFormat::Xliff12,
            &dir.join("a.xlf"),
            ExportPolicy::Strict,
        )
        .unwrap();
    assert!(
        again
            .export(
                ExportFormat::Txt,
                &dir.join("a.en.txt"),
                ExportPolicy::Strict
            )
            .is_err()
    );
    let report = again
        .export(
            ExportFormat::Txt,
            &dir.join("a.en.txt"),
            ExportPolicy::FlagUntranslated,
        )
        .unwrap();
    assert_eq!((report.flagged, report.drafts), (2, 1));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_project_open_for_writing_is_refused_to_a_second_writer() {
    let dir = temp_dir("locked");
    let article = dir.join("a.txt");
    std::fs::write(&article, "Eins. Zwei.\n").unwrap();
    let first = Workbench::open(&article, Access::Write).unwrap();
    let project = dir.join("a.tandem");
    let error = Workbench::open(&project, Access::Write)
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("open for writing by"), "{error}");
    // Read-only works, and saving it needs another name.
    let mut reader = Workbench::open(&project, Access::ReadOnly).unwrap();
    reader.type_target(SegmentId(1), "One.").unwrap();
    let error = reader.save().unwrap_err().to_string();
    assert!(error.contains("read-only"), "{error}");
    reader.save_as(&dir.join("copy.tandem")).unwrap();
    assert!(reader.read_only().is_none());
    drop(first);
    assert!(Workbench::open(&project, Access::Write).is_ok());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn writes_never_land_on_the_project_its_article_or_its_glossaries() {
    let dir = temp_dir("guard");
    let article = dir.join("a.txt");
    std::fs::write(&article, "Eins. Zwei.\n").unwrap();
    let glossary = dir.join("g.tsv");
    std::fs::write(&glossary, "Eins\tOne\n").unwrap();
    let mut w = Workbench::open(&article, Access::Write).unwrap();
    w.attach_glossary(&glossary).unwrap();
    w.save().unwrap();
    for (path, what) in [
        (dir.join("a.tandem"), "the project itself"),
        (dir.join("sub/../a.tandem"), "the project itself"),
        (dir.join("a.tandem.bak"), "the project's backup"),
        (dir.join(".~lock.a.tandem#"), "the project's lock file"),
        (article.clone(), "the source article"),
        (glossary.clone(), "a glossary file the project reads"),
    ] {
        let error = w
            .export(ExportFormat::Txt, &path, ExportPolicy::FlagUntranslated)
            .unwrap_err()
            .to_string();
        assert!(error.contains(what), "{}: {error}", path.display());
        if what == "the project itself" {
            continue; // saving as its own file is saving
        }
        let error = w.save_as(&path).unwrap_err().to_string();
        assert!(error.contains(what), "{}: {error}", path.display());
    }
    assert_eq!(std::fs::read_to_string(&article).unwrap(), "Eins. Zwei.\n");
    assert_eq!(std::fs::read_to_string(&glossary).unwrap(), "Eins\tOne\n");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_save_killed_after_linking_the_backup_does_not_block_the_next_save() {
    let dir = temp_dir("guard-linked-backup");
    let article = dir.join("a.txt");
    std::fs::write(&article, "Eins. Zwei.\n").unwrap();
    let project = dir.join("a.tandem");
    Workbench::open(&article, Access::Write)
        .unwrap()
        .save()
        .unwrap();
    // The moment a kill can leave: the backup made as a link, the new version not yet
    // renamed over the project.
    let backup = dir.join("a.tandem.bak");
    let _ = std::fs::remove_file(&backup);
    std::fs::hard_link(&project, &backup).unwrap();
    let mut w = Workbench::open(&project, Access::Write).unwrap();
    w.type_target(SegmentId(1), "One.").unwrap();
    w.save().unwrap();
    let error = w
        .export(ExportFormat::Txt, &backup, ExportPolicy::FlagUntranslated)
        .unwrap_err()
        .to_string();
    assert!(error.contains("the project's backup"), "{error}");
    drop(w);
    let reopened = Workbench::open(&project, Access::ReadOnly).unwrap();
    assert_eq!(target(&reopened, 1), "One.");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.tandem", "a.tandem.bak", "a.txt"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_diagnostics_are_kept_not_dropped() {
    let dir = temp_dir("import-diagnostics");
    let article = dir.join("a.html");
    std::fs::write(&article, "<p>Eins. Zwei.</p><p>Kaputt <a href=\"x").unwrap();
    let mut w = Workbench::open(&article, Access::Write).unwrap();
    let reader_warning = w
        .diagnostics()
        .iter()
        .find(|d| d.message.contains("ends inside a tag"))
        .unwrap_or_else(|| panic!("{:?}", w.diagnostics()));
    assert_eq!(reader_warning.file.as_deref(), Some(article.as_path()));
    let xlf = dir.join("other.xlf");
    std::fs::write(
        &xlf,
        r#"<xliff version="1.2"><file><body><trans-unit id="s9"><source>x</source><target>y</target></trans-unit><trans-unit id="s1"><source>Anders.</source><target>z</target></trans-unit></body></file></xliff>"#,
    )
    .unwrap();
    let report = w.import_xliff(&xlf).unwrap();
    assert_eq!((report.units, report.changes, report.skipped), (2, 0, 2));
    let from_import: Vec<_> = w
        .diagnostics()
        .iter()
        .filter(|d| d.file.as_deref() == Some(xlf.as_path()))
        .collect();
    assert_eq!(from_import.len(), 2, "{:?}", w.diagnostics());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_xliff_import_follows_the_status_rule_and_is_one_step() {
    let mut w = workbench("Eins. Zwei.");
    w.type_target(SegmentId(1), "One.").unwrap();
    w.confirm().unwrap();
    let mut copy = w.project().clone();
    copy.document.blocks[0].segments[0].target = "One!".into();
    copy.document.blocks[0].segments[1].target = "Two.".into();
    let exported = crate::formats::xliff::to_xliff2(&copy)
        .replace(" state=\"translated\"", "")
        .replace(" state=\"initial\"", "");
    let dir = temp_dir("xliff-rule");
    let xlf = dir.join("a.xlf");
    std::fs::write(&xlf, exported).unwrap();
    w.import_xliff(&xlf).unwrap();
    assert_eq!(target(&w, 1), "One!");
    assert_eq!(status(&w, 1), Status::Draft, "a changed confirmed segment");
    assert_eq!(status(&w, 2), Status::Draft, "a new segment with text");
    w.undo().unwrap();
    assert_eq!(target(&w, 1), "One.");
    assert_eq!(status(&w, 1), Status::Translated);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn filters_and_incremental_search() {
    let mut w = workbench("Kiew liegt am Dnipro. Moskau schweigt. Kiew wartet.");
    let mut search = Search::default();
    assert_eq!(search.matches(&w, "kiew", false).len(), 2);
    w.type_target(SegmentId(2), "Kyiv? No: Moscow").unwrap();
    assert_eq!(search.matches(&w, "kiew", false).len(), 2);
    w.type_target(SegmentId(2), "Kiew, that is").unwrap();
    let found: Vec<SegmentId> = search
        .matches(&w, "kiew", false)
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(found, [SegmentId(1), SegmentId(2), SegmentId(3)]);
    let filter = Filter {
        status: StatusFilter::Draft,
        text: String::new(),
        issues: false,
    };
    assert_eq!(w.filtered(&filter), [SegmentId(2)]);
}

#[test]
fn a_session_opens_saves_and_reports_in_the_background() {
    let dir = temp_dir("session");
    let article = dir.join("a.txt");
    std::fs::write(&article, "Eins. Zwei.\n").unwrap();
    let mut session = Session::new(dir.join("recovery"));
    session.open(&article, Access::Write);
    assert!(session.is_opening());
    let events = session.wait(std::time::Duration::from_secs(20));
    assert!(
        events.contains(&Event::Opened(Some(dir.join("a.tandem")))),
        "{events:?}"
    );
    let workbench = session.workbench.as_mut().unwrap();
    workbench.type_target(SegmentId(1), "One.").unwrap();
    session.autosave();
    session.save().unwrap();
    let events = session.wait(std::time::Duration::from_secs(20));
    assert!(
        events.contains(&Event::Saved(dir.join("a.tandem"))),
        "{events:?}"
    );
    assert!(!session.workbench.as_ref().unwrap().is_dirty());
    // Saved work needs no recovery file.
    assert_eq!(session.recovery().pending(), None);
    // Saving under another name moves the lock with the project.
    session.save_as(&dir.join("b")).unwrap();
    let events = session.wait(std::time::Duration::from_secs(20));
    assert!(
        events.contains(&Event::Saved(dir.join("b.tandem"))),
        "{events:?}"
    );
    assert!(dir.join(".~lock.b.tandem#").exists());
    assert!(!dir.join(".~lock.a.tandem#").exists());
    session.close();
    session.wait(std::time::Duration::from_secs(20));
    assert!(
        !dir.join(".~lock.a.tandem#").exists(),
        "closing releases the lock"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_stopped_opening_is_not_applied() {
    let dir = temp_dir("session-cancel");
    let article = dir.join("a.txt");
    std::fs::write(&article, "Eins. Zwei.\n").unwrap();
    let mut session = Session::new(dir.join("recovery"));
    session.open(&article, Access::Write);
    let job = session
        .running()
        .iter()
        .find(|j| j.label.starts_with("opening"))
        .unwrap()
        .id;
    session.cancel(job);
    let events = session.wait(std::time::Duration::from_secs(20));
    assert!(session.workbench.is_none(), "{events:?}");
    assert!(!session.is_opening());
    assert!(!dir.join(".~lock.a.tandem#").exists());
    std::fs::remove_dir_all(dir).unwrap();
}
