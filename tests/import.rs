//! Opening articles: the same article in every supported encoding and line-end style gives the
//! same document; real German news (../shared/corpus/news_de) imports, segments and exports;
//! bad input is refused with a clear error.

mod common;

use tandem::formats::article::{self, ExportOptions};
use tandem::formats::{ImportError, import_article, xliff};
use tandem::model::Project;
use tandem::segment::Segmenter;

fn import(bytes: &[u8], name: &str) -> Result<Project, ImportError> {
    import_article(bytes, Some(name), &Segmenter::german())
        .map(|imported| Project::from_document(imported.document))
}

fn sources(project: &Project) -> Vec<String> {
    project.segments().map(|s| s.source.clone()).collect()
}

#[test]
fn every_encoding_and_line_end_gives_the_same_document() {
    let text = std::fs::read_to_string(common::repo("assets/sample-ostsee.txt")).unwrap();
    let reference = import(text.as_bytes(), "a.txt").unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    // The sample has „“ quotes and –, which Windows-1252 has too (ISO-8859-1 does not).
    let (latin, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    let variants: Vec<(&str, Vec<u8>)> = vec![
        (
            "UTF-8 BOM",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
        ("UTF-16LE", utf16),
        ("UTF-16BE", utf16be),
        ("Windows-1252", latin.into_owned()),
        ("CRLF", text.replace('\n', "\r\n").into_bytes()),
        ("CR", text.replace('\n', "\r").into_bytes()),
    ];
    for (name, bytes) in variants {
        let project = import(&bytes, "a.txt").unwrap();
        assert_eq!(sources(&project), sources(&reference), "{name}");
        assert_eq!(
            project.document.metadata.date,
            reference.document.metadata.date
        );
    }
}

#[test]
fn latin1_umlauts_are_not_mojibake() {
    let project = import(b"Die Gr\xf6\xdfe z\xe4hlt. \xc4rger bleibt.", "a.txt").unwrap();
    assert_eq!(sources(&project), ["Die Größe zählt.", "Ärger bleibt."]);
    assert_eq!(
        project.document.metadata.source_encoding.as_deref(),
        Some("windows-1252")
    );
}

#[test]
fn bad_input_is_refused_clearly() {
    let error = import(b"", "a.txt").unwrap_err().to_string();
    assert_eq!(error, "the file is empty");
    let error = import(b"\x00\x01\x02\x03binary\xff", "a.txt")
        .unwrap_err()
        .to_string();
    assert!(error.contains("binary"), "{error}");
    let error = import(b"\n\n   \n", "a.txt").unwrap_err().to_string();
    assert!(error.contains("no text"), "{error}");
    let error = import(b"<html><script>x()</script></html>", "a.html").unwrap_err();
    assert!(matches!(error, ImportError::NoText));
}

#[test]
fn real_german_news_imports_segments_and_exports() {
    let Some(dir) = common::shared("corpus/news_de/10kGNAD") else {
        return;
    };
    let mut articles = 0;
    let mut segments = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let mut project = import(&bytes, "article.txt").unwrap();
        articles += 1;
        segments += project.segment_count();
        // Every sentence comes back in the incomplete export, flagged.
        let text = article::to_text(
            &project,
            ExportOptions {
                allow_incomplete: true,
            },
        )
        .unwrap();
        assert_eq!(
            text.matches("[[untranslated:").count(),
            project.segment_count()
        );
        // XLIFF 1.2 and 2.0 read back with every unit.
        for exported in [xliff::to_xliff12(&project), xliff::to_xliff2(&project)] {
            let units = xliff::read_units(exported.as_bytes()).unwrap();
            assert_eq!(units.len(), project.segment_count());
            let updates = xliff::updates(&project, &units);
            assert!(updates.diagnostics.is_empty(), "{:?}", updates.diagnostics);
            updates.edit.apply(&mut project).unwrap();
        }
    }
    println!("{articles} news articles, {segments} segments");
    assert_eq!(articles, 45);
    assert!(segments > 1000, "{segments}");
}
