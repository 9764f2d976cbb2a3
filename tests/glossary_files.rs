//! Glossary files and the glossary in use: other tools' files read cleanly, the default
//! glossaries survive every format, TBX output is valid TBX-Basic, edits take effect at once
//! and undo, and the user's sample has every name, place and organisation recognised.

mod common;

use proptest::prelude::*;
use std::process::Command;
use tandem::glossary::{
    self, Format, Glossary, GlossaryId, Kind, Matcher, Term, TermEdit, defaults,
};
use tandem::model::Project;
use tandem::model::edit::Edit;
use tandem::segment::Segmenter;
use tandem::suggest::Terminology;

#[test]
fn other_tools_glossary_files_read_without_errors() {
    let Some(root) = common::shared("conformance") else {
        return;
    };
    let mut files = Vec::new();
    for dir in ["glossary/omegat", "tbx/okapi", "tbx/ltac_tbx_basic_2019"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            files.push(entry.path());
        }
    }
    let mut read_count = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("tbx") => Format::Tbx,
            Some("csv") => Format::Csv,
            Some("tab" | "txt") => Format::Tsv,
            _ => continue,
        };
        let bytes = std::fs::read(&path).unwrap();
        let read = glossary::read(&bytes, format, &name)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        read_count += 1;
        println!(
            "{name}: {} terms, {} warnings",
            read.glossary.terms.len(),
            read.diagnostics.len()
        );
    }
    assert!(read_count >= 15, "{read_count}");
    // The OmegaT samples, with their languages.
    let tab = glossary::read(
        &std::fs::read(root.join("glossary/omegat/test.tab")).unwrap(),
        Format::Tsv,
        "t",
    )
    .unwrap();
    assert_eq!(tab.glossary.terms[2].source, "地球システム");
    assert_eq!(
        tab.glossary.terms[2].note,
        "https://fr.wikipedia.org/wiki/Science_du_syst%C3%A8me_Terre"
    );
    let utf16 = glossary::read(
        &std::fs::read(root.join("glossary/omegat/testUTF16LE.txt")).unwrap(),
        Format::Tsv,
        "t",
    )
    .unwrap();
    assert!(!utf16.glossary.terms.is_empty());
    let sdl = glossary::read(
        &std::fs::read(root.join("tbx/okapi/sdl_tbx.tbx")).unwrap(),
        Format::Tbx,
        "sdl",
    )
    .unwrap();
    assert!(
        sdl.glossary.terms.len() > 100,
        "{}",
        sdl.glossary.terms.len()
    );
    let astronomy =
        std::fs::read(root.join("tbx/ltac_tbx_basic_2019/Example_Astronomy_DCA_VALID.tbx"))
            .unwrap();
    let astronomy = glossary::tbx::read(&astronomy, "a", "en", "es").unwrap();
    assert!(astronomy.glossary.terms.len() >= 40);
}

#[test]
fn default_glossaries_survive_every_format() {
    for original in defaults::glossaries() {
        for format in [Format::Tsv, Format::Csv, Format::Tbx] {
            let bytes = glossary::write(&original, format).unwrap();
            let again = glossary::read(&bytes, format, &original.name).unwrap();
            assert!(
                again.diagnostics.is_empty(),
                "{format:?}: {:?}",
                again.diagnostics
            );
            assert_eq!(
                again.glossary.terms, original.terms,
                "{} as {format:?}",
                original.name
            );
        }
    }
}

#[test]
fn tbx_output_is_valid_tbx_basic() {
    let Some(schemas) = common::shared("conformance/schemas/tbx_basic_2019") else {
        return;
    };
    let dir = common::temp_dir("tbx");
    let path = dir.join("titles.tbx");
    let mut titles = defaults::glossaries().remove(2);
    titles.terms[0].note = "Notes & <markup> survive".into();
    std::fs::write(&path, glossary::write(&titles, Format::Tbx).unwrap()).unwrap();
    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--relaxng"])
        .arg(schemas.join("TBXcoreStructV03_TBX-Basic_integrated_v1.2.rng"))
        .arg(&path)
        .output();
    match output {
        Ok(output) => assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("notice: xmllint is not installed; skipping TBX validation")
        }
        Err(e) => panic!("xmllint is required on CI: {e}"),
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// What a translator must see in the user's sample: every person, place, country, nationality
/// adjective and organisation, in each form it takes there.
#[test]
fn users_sample_has_every_name_place_and_organisation_recognised() {
    let Some(path) = common::shared("samples/putin-nordkorea.txt") else {
        return;
    };
    let imported =
        tandem::formats::import_article(&std::fs::read(path).unwrap(), None, &Segmenter::german())
            .unwrap();
    let project = Project::from_document(imported.document);
    let terminology = Terminology::new(&project, Vec::new());
    let mut found: Vec<(String, String)> = Vec::new();
    for segment in project.segments() {
        for hit in terminology.find(&segment.source) {
            found.push((
                segment.source[hit.range.clone()].to_string(),
                hit.term.target().to_string(),
            ));
        }
    }
    let expected = [
        ("Putin", "Putin"),
        ("Wladimir Putin", "Vladimir Putin"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Kim", "Kim"),
        ("Russland", "Russia"),
        ("Russlands", "Russia"),
        ("Nordkorea", "North Korea"),
        ("Moskau", "Moscow"),
        ("Pjöngjang", "Pyongyang"),
        ("USA", "US"),
        ("NATO", "NATO"),
        ("Westen", "the West"),
        ("russische", "Russian"),
        ("nordkoreanischen", "North Korean"),
        ("nordkoreanische", "North Korean"),
        ("westlichen", "Western"),
        ("Präsident", "president"),
        ("Staatschef", "head of state"),
    ];
    for (text, english) in expected {
        assert!(
            found.iter().any(|(t, e)| t == text && e == english),
            "{text} → {english} not found; found {found:?}"
        );
    }
    // Every occurrence of the names is found, not just one.
    let putins = project
        .segments()
        .map(|s| s.source.matches("Putin").count())
        .sum::<usize>();
    let putin_hits = found.iter().filter(|(t, _)| t.contains("Putin")).count();
    assert_eq!(putin_hits, putins);
    println!("{} hits in the user's sample", found.len());
}

#[test]
fn project_glossary_edits_match_at_once_and_undo() {
    let imported = tandem::formats::import_article(
        "Die Pressekonferenz in Warnemünde fand im Kanzleramt statt.".as_bytes(),
        None,
        &Segmenter::german(),
    )
    .unwrap();
    let mut project = Project::from_document(imported.document);
    let mut terminology = Terminology::new(&project, Vec::new());
    let text = project.segments().next().unwrap().source.clone();
    let targets = |t: &Terminology| -> Vec<String> {
        t.find(&text)
            .iter()
            .map(|h| h.term.target().to_string())
            .collect()
    };
    assert_eq!(targets(&terminology), ["press conference", "Chancellery"]);

    // The project glossary comes first: it overrides a default rendering and adds a place.
    let mut added = Vec::new();
    for term in [
        Term::new("Warnemünde", "Warnemünde (Baltic resort)", Kind::Place),
        Term::new("Kanzleramt", "Federal Chancellery", Kind::Organisation),
    ] {
        let inverse = Edit::Term(TermEdit::Add(term)).apply(&mut project).unwrap();
        let Edit::Term(inverse) = &inverse else {
            unreachable!()
        };
        terminology.project_glossary_changed(&project.glossary, &[inverse.term_id()]);
        added.push(inverse.clone());
    }
    assert_eq!(
        targets(&terminology),
        [
            "press conference",
            "Warnemünde (Baltic resort)",
            "Federal Chancellery"
        ]
    );
    let hits = terminology.find(&text);
    assert_eq!(&*hits[2].glossary, "project");
    assert_eq!(hits[2].alternatives[0].2.target(), "Chancellery");

    for inverse in added.into_iter().rev() {
        let id = inverse.term_id();
        Edit::Term(inverse).apply(&mut project).unwrap();
        terminology.project_glossary_changed(&project.glossary, &[id]);
    }
    assert_eq!(targets(&terminology), ["press conference", "Chancellery"]);
}

#[test]
fn editing_a_large_file_glossary_without_a_rebuild() {
    let mut file = Glossary::from_terms(
        "file",
        (0..20_000)
            .map(|n| {
                Term::new(
                    &format!("Ortschaft{n}"),
                    &format!("Village {n}"),
                    Kind::Place,
                )
            })
            .collect(),
    );
    let mut matcher = Matcher::from_glossaries([&file]);
    assert_eq!(matcher.find("in Ortschaft7")[0].term.target(), "Village 7");
    let mut changed = file.terms[7].clone();
    changed.targets = vec!["Hamlet 7".into()];
    let id = GlossaryId(0);
    let undo = matcher
        .edit(id, &mut file, TermEdit::Update(changed))
        .unwrap();
    assert_eq!(matcher.find("in Ortschaft7")[0].term.target(), "Hamlet 7");
    let redo = matcher.edit(id, &mut file, undo).unwrap();
    assert_eq!(matcher.find("in Ortschaft7")[0].term.target(), "Village 7");
    matcher.edit(id, &mut file, redo).unwrap();
    let remove = TermEdit::Remove(file.terms[7].id);
    matcher.edit(id, &mut file, remove).unwrap();
    assert!(matcher.find("in Ortschaft7").is_empty());
    matcher.rebuild(id, &file);
    assert!(matcher.find("in Ortschaft7").is_empty());
    assert_eq!(matcher.find("in Ortschaft8")[0].term.target(), "Village 8");
}

#[test]
fn command_line_terms_and_glossary_conversion() {
    let dir = common::temp_dir("glossary-cli");
    let article = common::repo("assets/sample-ostsee.txt");
    let (ok, out, err) = common::tandem(&["terms", article.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("Helsinki → Helsinki"), "{out}");
    assert!(out.contains("Warschau → Warsaw"), "{out}");
    assert!(
        out.contains("finnischen → Finnish  (inflected form"),
        "{out}"
    );
    let (ok, out, _) = common::tandem(&["terms", article.to_str().unwrap(), "--json"]);
    assert!(ok);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report.as_array().unwrap().len(), 17);

    // Convert TSV → CSV → TBX → TSV; the terms stay the same.
    let tsv = dir.join("mine.tsv");
    std::fs::write(&tsv, "Ostsee-Anrainer\tBaltic states\tcountries on the Baltic\tplace\nLagezentrale\tsituation centre\t\tother\tLagezentralen\n").unwrap();
    let csv = dir.join("mine.csv");
    let tbx = dir.join("mine.tbx");
    let back = dir.join("back.tsv");
    for (from, to) in [(&tsv, &csv), (&csv, &tbx), (&tbx, &back)] {
        let (ok, out, err) = common::tandem(&[
            "glossary",
            "convert",
            from.to_str().unwrap(),
            to.to_str().unwrap(),
        ]);
        assert!(ok, "{err}");
        assert!(out.contains("2 terms"), "{out}");
    }
    let first = glossary::read(&std::fs::read(&tsv).unwrap(), Format::Tsv, "g").unwrap();
    let last = glossary::read(&std::fs::read(&back).unwrap(), Format::Tsv, "g").unwrap();
    assert_eq!(first.glossary.terms, last.glossary.terms);

    // Import into a project: its terms are found at once.
    let project = dir.join("ostsee.tandem");
    let (ok, _, err) = common::tandem(&[
        "new",
        article.to_str().unwrap(),
        "-o",
        project.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = common::tandem(&[
        "glossary",
        "import",
        project.to_str().unwrap(),
        tsv.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let (ok, out, _) = common::tandem(&["terms", project.to_str().unwrap()]);
    assert!(ok);
    assert!(
        out.contains("Lagezentrale → situation centre  (exact match, project)"),
        "{out}"
    );
    let exported = dir.join("exported.tbx");
    let (ok, out, err) = common::tandem(&[
        "glossary",
        "export",
        project.to_str().unwrap(),
        exported.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("2 terms"));

    let (ok, _, err) = common::tandem(&[
        "glossary",
        "convert",
        tsv.to_str().unwrap(),
        dir.join("x.doc").to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("unknown glossary format"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A field a translator might type: anything printable, plus tabs, line breaks, `#`, `\`,
/// quotes, `|`, commas and the words Tandem's formats use as markers.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,20}",
        "[a-zA-ZäöüßÄÖÜ#\\|\",;:\t\n\r &<>]{1,20}",
        Just("#MeToo".to_string()),
        Just("kind: person".to_string()),
        Just("forms: x, y".to_string()),
        Just("note: keep".to_string()),
        Just("C:\\temp\\n".to_string()),
    ]
}

fn term() -> impl Strategy<Value = Term> {
    (
        field(),
        prop::collection::vec(field(), 1..4),
        prop::sample::select(Kind::ALL.to_vec()),
        prop::option::of(field()),
        prop::collection::vec("[a-zA-Zäöü ]{1,12}", 0..3),
        prop::collection::vec("[a-zA-Z ]{1,12}", 0..2),
    )
        .prop_map(|(source, targets, kind, note, forms, forbidden)| Term {
            targets,
            note: note.unwrap_or_default(),
            forms,
            forbidden,
            ..Term::new(&source, "", kind)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever a glossary holds, each format reads back what it wrote (the terms as
    /// glossaries keep them: normalised).
    #[test]
    fn every_format_reads_back_what_it_wrote(terms in prop::collection::vec(term(), 1..8)) {
        let original = Glossary::from_terms("g", terms);
        for format in [Format::Tsv, Format::Csv, Format::Tbx] {
            let bytes = glossary::write(&original, format).unwrap();
            let again = glossary::read(&bytes, format, "g").unwrap();
            prop_assert!(again.diagnostics.is_empty(), "{:?}: {:?}", format, again.diagnostics);
            prop_assert_eq!(&again.glossary.terms, &original.terms, "{:?}", format);
        }
    }
}
