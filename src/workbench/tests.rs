use super::*;
use crate::glossary::Kind;

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

#[test]
fn terms_added_to_the_project_glossary_match_at_once_and_undo() {
    let mut w = workbench("Die Lagezentrale in Rostock.");
    let before = w.hits(SegmentId(1)).len();
    w.add_term(
        0,
        Term::new("Lagezentrale", "situation centre", Kind::Other),
    )
    .unwrap();
    let hits = w.hits(SegmentId(1)).to_vec();
    assert_eq!(hits.len(), before + 1);
    assert_eq!(hits[0].term.target(), "situation centre");
    w.undo().unwrap();
    assert_eq!(w.hits(SegmentId(1)).len(), before);
    assert!(w.project().glossary.terms.is_empty());
    // The defaults are read-only.
    let error = w.add_term(3, Term::new("x", "y", Kind::Other)).unwrap_err();
    assert!(
        matches!(error, WorkbenchError::ReadOnlyGlossary(_)),
        "{error}"
    );
}

#[test]
fn terms_added_to_a_glossary_file_are_written_back_and_undo() {
    let dir = std::env::temp_dir().join(format!("tandem-wb-file-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("mine.tsv");
    std::fs::write(&file, "Rostock\tRostock (port)\t\tplace\n").unwrap();
    let mut w = workbench("Die Lagezentrale in Rostock.");
    w.use_glossary_file(&file).unwrap();
    assert_eq!(w.hits(SegmentId(1))[0].term.target(), "Rostock (port)");
    let set = w.writable_glossaries()[1].0;
    w.add_term(
        set,
        Term::new("Lagezentrale", "situation centre", Kind::Other),
    )
    .unwrap();
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains("Lagezentrale\tsituation centre"),
        "{written}"
    );
    assert_eq!(w.hits(SegmentId(1)).len(), 2);
    w.undo().unwrap();
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("Lagezentrale")
    );
    assert_eq!(w.hits(SegmentId(1)).len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn open_an_article_makes_the_project_beside_it_and_reopens_it() {
    let dir = std::env::temp_dir().join(format!("tandem-wb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let article = dir.join("a.txt");
    std::fs::write(&article, "Titel\n\nEins. Zwei.\n").unwrap();
    let mut w = Workbench::open(&article).unwrap();
    assert_eq!(w.path.as_deref(), Some(dir.join("a.tandem").as_path()));
    assert!(!w.is_dirty());
    w.type_target(SegmentId(2), "One.").unwrap();
    w.save().unwrap();
    let again = Workbench::open(&article).unwrap();
    assert_eq!(target(&again, 2), "One.");
    w.export(ExportFormat::Xliff12, &dir.join("a.xlf"), false)
        .unwrap();
    assert!(
        w.export(ExportFormat::Txt, &dir.join("a.en.txt"), false)
            .is_err()
    );
    std::fs::remove_dir_all(dir).unwrap();
}
