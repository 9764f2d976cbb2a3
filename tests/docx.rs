//! Word documents: reading a Word-like file (runs split by spelling marks and revision ids,
//! tracked changes, a footnote, a numbered list, a table, a link), writing the translation back
//! into the original package, a new document for a text article, every conformance file
//! round-tripped, and pandoc as an independent reader of what Tandem writes.

mod common;

use std::io::Write;
use std::process::Command;
use tandem::formats::article::ExportOptions;
use tandem::formats::inline::to_plain;
use tandem::formats::{ExportFormat, ImportError, import_article};
use tandem::model::edit::Edit;
use tandem::model::{BlockKind, Origin, Project};
use tandem::segment::Segmenter;

/// Whether pandoc can be run; required when `CI` is set.
fn pandoc() -> bool {
    if Command::new("pandoc").arg("--version").output().is_ok() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("pandoc is required when CI is set");
    }
    eprintln!("notice: pandoc is not installed; skipping the pandoc checks");
    false
}

/// pandoc's Markdown of a Word document.
fn pandoc_markdown(docx: &[u8]) -> String {
    let dir = common::temp_dir(&format!("docx-pandoc-{}", docx.len()));
    let path = dir.join("in.docx");
    std::fs::write(&path, docx).unwrap();
    let output = Command::new("pandoc")
        .arg(&path)
        .args(["-t", "markdown", "--wrap=none"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "pandoc cannot read it: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn import(bytes: &[u8], name: &str) -> Result<(Project, Vec<String>), ImportError> {
    let imported = import_article(bytes, Some(name), &Segmenter::german())?;
    let diagnostics = imported
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    Ok((Project::from_document(imported.document), diagnostics))
}

fn translate(project: &mut Project, english: impl Fn(&str) -> String) {
    let edits: Vec<Edit> = project
        .segments()
        .map(|s| Edit::SetTarget {
            id: s.id,
            target: english(&s.source),
            origin: Origin::Typed,
        })
        .collect();
    Edit::Batch(edits).apply(project).unwrap();
}

fn export(project: &Project) -> Vec<u8> {
    ExportFormat::Docx
        .export(project, ExportOptions::default())
        .unwrap()
}

fn sources(project: &Project) -> Vec<String> {
    project.segments().map(|s| s.source.clone()).collect()
}

fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A file as Word writes one: a heading style, a word split over three runs by a spelling
/// mark and revision ids, bold, a tracked insertion and deletion, a footnote, a numbered list,
/// a table and a link.
fn word_like() -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr><w:r><w:t>Putin in Pjöngjang</w:t></w:r></w:p>
<w:p w:rsidR="00A1"><w:r w:rsidR="00B2"><w:t xml:space="preserve">Der rus</w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00C3"><w:t>si</w:t></w:r><w:r w:rsidR="00D4"><w:t xml:space="preserve">sche Präsident ist </w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:rPr><w:b/></w:rPr><w:t>heute</w:t></w:r><w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve"> früh</w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText xml:space="preserve"> spät</w:delText></w:r></w:del><w:r><w:t xml:space="preserve"> angekommen.</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>Erster Punkt.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>Zweiter Punkt.</w:t></w:r></w:p>
<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>Moskau</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Russland</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t xml:space="preserve">Mehr bei der </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Agentur</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Der CO</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t>2</w:t></w:r><w:r><w:t xml:space="preserve">-Ausstoß stieg um 10</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>3</w:t></w:r><w:r><w:t xml:space="preserve"> Tonnen, </w:t></w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>sagt</w:t></w:r><w:r><w:t xml:space="preserve"> die Agentur.</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Laut KCNA.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}><w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style></w:styles>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    zip(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        ("word/document.xml", &document),
        ("word/footnotes.xml", &footnotes),
        ("word/styles.xml", &styles),
        ("word/numbering.xml", &numbering),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/kcna" TargetMode="External"/></Relationships>"#,
        ),
    ])
}

#[test]
fn a_word_like_file_reads_as_an_article() {
    let (project, diagnostics) = import(&word_like(), "artikel.docx").unwrap();
    assert_eq!(
        sources(&project),
        vec![
            "Putin in Pjöngjang",
            "Der russische Präsident ist **heute** früh angekommen.",
            "Erster Punkt.",
            "Zweiter Punkt.",
            "Moskau",
            "Russland",
            "Mehr bei der [Agentur](https://example.org/kcna).",
            "Der CO~2~-Ausstoß stieg um 10^3^ Tonnen, [sagt]{.underline} die Agentur.",
            "Laut KCNA.",
        ]
    );
    let kinds: Vec<BlockKind> = project
        .document
        .blocks
        .iter()
        .map(|b| b.kind.clone())
        .collect();
    assert_eq!(kinds[0], BlockKind::Heading { level: 1 });
    assert_eq!(
        kinds[2],
        BlockKind::ListItem {
            marker: "1.".into()
        }
    );
    assert!(
        diagnostics.iter().any(|d| d.contains("tracked change")),
        "{diagnostics:?}"
    );
}

#[test]
fn the_translation_goes_back_into_the_original_package() {
    let (mut project, _) = import(&word_like(), "artikel.docx").unwrap();
    let english = [
        ("Putin in Pjöngjang", "Putin in Pyongyang"),
        (
            "Der russische Präsident ist **heute** früh angekommen.",
            "The Russian president arrived early **today**.",
        ),
        ("Erster Punkt.", "First point."),
        ("Zweiter Punkt.", "Second point."),
        ("Moskau", "Moscow"),
        ("Russland", "Russia"),
        (
            "Mehr bei der [Agentur](https://example.org/kcna).",
            "More from the [agency](https://example.org/kcna) and [KCNA](https://kcna.kp).",
        ),
        (
            "Der CO~2~-Ausstoß stieg um 10^3^ Tonnen, [sagt]{.underline} die Agentur.",
            "CO~2~ emissions rose by 10^3^ tonnes, [says]{.underline} the agency.",
        ),
        ("Laut KCNA.", "According to KCNA."),
    ];
    translate(&mut project, |source| {
        english
            .iter()
            .find(|(de, _)| *de == source)
            .map(|(_, en)| en.to_string())
            .unwrap()
    });
    let docx = export(&project);
    // Read back by Tandem: the English, in the same structure.
    let (again, _) = import(&docx, "artikel.en.docx").unwrap();
    let expected: Vec<&str> = english.iter().map(|(_, en)| *en).collect();
    assert_eq!(sources(&again), expected);
    assert_eq!(
        again.document.blocks[2].kind,
        BlockKind::ListItem {
            marker: "1.".into()
        }
    );
    // The parts Tandem did not touch are byte for byte the original's.
    let original = common::read_parts(&word_like());
    let written = common::read_parts(&docx);
    for name in [
        "word/styles.xml",
        "word/numbering.xml",
        "[Content_Types].xml",
    ] {
        assert_eq!(original[name], written[name], "{name}");
    }
    let document = String::from_utf8(written["word/document.xml"].clone()).unwrap();
    assert!(
        document.contains(r#"<w:lang w:val="en-GB"/>"#),
        "{document}"
    );
    assert!(document.contains(r#"<w:footnoteReference w:id="1"/>"#));
    assert!(!document.contains("w:del "), "the deletion is accepted");
    let rels = String::from_utf8(written["word/_rels/document.xml.rels"].clone()).unwrap();
    assert!(rels.contains("https://kcna.kp"), "{rels}");
    // Read back by pandoc: heading, emphasis, list, table, links and the footnote.
    if pandoc() {
        let markdown = pandoc_markdown(&docx);
        for expected in [
            "# Putin in Pyongyang",
            "The Russian president arrived early **today**.[^1]",
            "1.  First point.",
            "Moscow",
            "Russia",
            "[agency](https://example.org/kcna)",
            "[KCNA](https://kcna.kp)",
            "CO~2~ emissions rose by 10^3^ tonnes, [says]{.underline} the agency.",
            "[^1]: According to KCNA.",
        ] {
            assert!(markdown.contains(expected), "{expected:?} in\n{markdown}");
        }
    }
}

#[test]
fn a_text_article_exports_a_new_word_document() {
    let Some(path) = common::shared("samples/putin-nordkorea.txt") else {
        return;
    };
    let (mut project, _) = import(&std::fs::read(path).unwrap(), "putin-nordkorea.txt").unwrap();
    translate(&mut project, |source| format!("EN {source}"));
    let docx = export(&project);
    let (again, _) = import(&docx, "putin-nordkorea.en.docx").unwrap();
    let first = &again.document.blocks[0];
    assert_eq!(first.kind, BlockKind::Title);
    // Every block in order: the translations, and the credit as it was.
    let translated: Vec<String> = project
        .document
        .blocks
        .iter()
        .flat_map(|b| match &b.verbatim {
            Some(text) => vec![text.clone()],
            None => b.segments.iter().map(|s| s.target.clone()).collect(),
        })
        .collect();
    let squash = |texts: &[String]| -> String { texts.concat().split_whitespace().collect() };
    assert_eq!(squash(&sources(&again)), squash(&translated));
    if pandoc() {
        let markdown = pandoc_markdown(&docx);
        assert!(markdown.contains(&translated[1]), "{markdown}");
    }
}

/// Every Word document of `../shared/conformance/docx` that has text: read, translate every
/// segment by a rule, write back, read again, and compare; pandoc must read each result.
#[test]
fn every_conformance_document_round_trips() {
    let Some(dir) = common::shared("conformance/docx") else {
        return;
    };
    let check_pandoc = pandoc();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    names.sort();
    let mut round_tripped = 0;
    let mut failures = Vec::new();
    for path in &names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let mut project = match import(&bytes, &name) {
            Ok((project, _)) => project,
            Err(ImportError::NoText) => continue,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        translate(&mut project, |source| format!("EN {source}"));
        let docx = export(&project);
        let (again, _) = match import(&docx, &name) {
            Ok(read) => read,
            Err(e) => {
                failures.push(format!("{name}: written file unreadable: {e}"));
                continue;
            }
        };
        let squash = |texts: Vec<String>| -> String {
            texts
                .iter()
                .map(|t| to_plain(t))
                .collect::<String>()
                .split_whitespace()
                .collect()
        };
        let expected = squash(project.segments().map(|s| s.target.clone()).collect());
        let read = squash(sources(&again));
        if expected != read {
            failures.push(format!(
                "{name}: read back\n  {read}\nexpected\n  {expected}"
            ));
        }
        if check_pandoc {
            let dir = common::temp_dir("docx-conformance");
            let out = dir.join("out.docx");
            std::fs::write(&out, &docx).unwrap();
            let status = Command::new("pandoc")
                .arg(&out)
                .args(["-t", "plain", "-o", "/dev/null"])
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap();
            if !status.success() {
                failures.push(format!("{name}: pandoc cannot read the translation"));
            }
        }
        round_tripped += 1;
    }
    eprintln!(
        "{round_tripped} of {} Word documents round-tripped",
        names.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(round_tripped >= 60, "{round_tripped}");
}

#[test]
fn broken_word_files_are_refused_with_a_reason() {
    // A ZIP that claims to be Word but has no document part.
    let bytes = zip(&[("word/documentX.txt", "nothing")]);
    let error = import(&bytes, "x.docx").err().unwrap().to_string();
    assert!(error.contains("main document"), "{error}");
    // A truncated Word file.
    let mut truncated = word_like();
    truncated.truncate(truncated.len() / 2);
    let error = import(&truncated, "x.docx").err().unwrap().to_string();
    assert!(!error.is_empty());
    // A part that is not well-formed XML.
    let bytes = zip(&[
        ("_rels/.rels", ""),
        ("word/document.xml", "<w:document><w:body><w:p>"),
    ]);
    let error = import(&bytes, "x.docx").err().unwrap().to_string();
    assert!(error.contains("word/document.xml"), "{error}");
}

/// The row of segment `id` in a review document's XML.
fn row_of(document: &str, id: &str) -> String {
    let at = document.find(&format!(">{id}</w:t>")).unwrap();
    let start = document[..at].rfind("<w:tr>").unwrap();
    let end = at + document[at..].find("</w:tr>").unwrap() + "</w:tr>".len();
    document[start..end].to_string()
}

#[test]
fn a_review_table_goes_out_and_its_corrections_come_back() {
    let (mut project, _) = import(&word_like(), "artikel.docx").unwrap();
    translate(&mut project, |source| match source {
        "Erster Punkt." => "First point.".into(),
        "Zweiter Punkt." => "Second point.".into(),
        "Moskau" => "Moscow".into(),
        _ => format!("EN {source}"),
    });
    let review = ExportFormat::ReviewDocx
        .export(&project, ExportOptions::default())
        .unwrap();
    let document =
        String::from_utf8(common::read_parts(&review)["word/document.xml"].clone()).unwrap();
    // Ids and German are locked, English and comments open for editing.
    assert_eq!(document.matches(r#"w:edGrp="everyone""#).count(), 18);
    let settings =
        String::from_utf8(common::read_parts(&review)["word/settings.xml"].clone()).unwrap();
    assert!(settings.contains(r#"w:edit="readOnly" w:enforcement="1""#));
    if pandoc() {
        let markdown = pandoc_markdown(&review);
        for expected in [
            "**ID**",
            "**German**",
            "**English**",
            "s2",
            "First point.",
            "new",
        ] {
            assert!(markdown.contains(expected), "{expected:?} in\n{markdown}");
        }
    }
    // The editor: corrects s3 with tracked changes on, corrects s2's bold word, comments on
    // s4, deletes the row of s8 and breaks the row of s6 (a merged cell).
    let s6 = row_of(&document, "s6");
    let broken_s6 = s6.replacen("<w:tc>", "", 1).replacen("</w:tc>", "", 1);
    let s8 = row_of(&document, "s8");
    let edited = common::edit_document(
        &review,
        &[
            (
                r#"<w:t xml:space="preserve">First point.</w:t></w:r>"#,
                r#"<w:t xml:space="preserve">The </w:t></w:r><w:del w:id="90" w:author="Ed"><w:r><w:delText>First</w:delText></w:r></w:del><w:ins w:id="91" w:author="Ed"><w:r><w:t>first</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> point.</w:t></w:r>"#,
            ),
            (
                r#"<w:b/><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">heute</w:t>"#,
                r#"<w:b/><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">today</w:t>"#,
            ),
            (
                r#"<w:permStart w:id="8" w:edGrp="everyone"/>"#,
                r#"<w:permStart w:id="8" w:edGrp="everyone"/><w:r><w:t>Is this a numbered list?</w:t></w:r>"#,
            ),
            (&s6, &broken_s6),
            (&s8, ""),
        ],
    );
    let rows = tandem::formats::docx::review::read_rows(&edited).unwrap();
    assert_eq!(rows.len(), 8);
    let updates = tandem::formats::docx::review::updates(
        &project,
        &rows,
        Some(tandem::model::Status::Reviewed),
    );
    assert_eq!(
        (updates.corrected, updates.notes, updates.skipped),
        (2, 1, 1)
    );
    let messages: Vec<String> = updates
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("row 7") && m.contains("4 cells")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("no row") && m.contains("s6, s8")),
        "{messages:?}"
    );
    let before = project.clone();
    let undo = updates.edit.apply(&mut project).unwrap();
    let segment = |id: u64| {
        project
            .segment(tandem::model::SegmentId(id))
            .unwrap()
            .clone()
    };
    assert_eq!(segment(3).target, "The first point.");
    assert_eq!(segment(3).status, tandem::model::Status::Reviewed);
    assert_eq!(
        segment(2).target,
        "EN Der russische Präsident ist **today** früh angekommen."
    );
    assert_eq!(segment(4).note, "Review: Is this a numbered list?");
    assert_eq!(
        segment(5).target,
        "Moscow",
        "unchanged rows stay as they were"
    );
    assert_eq!(segment(5).status, tandem::model::Status::New);
    // One step: undoing it gives the project back.
    undo.apply(&mut project).unwrap();
    assert_eq!(project, before);
}

#[test]
fn the_command_line_opens_word_and_takes_a_review_back() {
    let dir = common::temp_dir("docx-cli");
    let article = dir.join("artikel.docx");
    std::fs::write(&article, word_like()).unwrap();
    let s = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let (ok, out, err) = common::tandem(&["new", &s(&article)]);
    assert!(ok, "{out}{err}");
    let project = dir.join("artikel.tandem");
    let (ok, _, err) = common::tandem(&["export", &s(&project), "--to", "review-docx"]);
    assert!(ok, "{err}");
    let review = dir.join("artikel.review.docx");
    let returned = common::edit_document(
        &std::fs::read(&review).unwrap(),
        &[(
            r#"<w:permStart w:id="1" w:edGrp="everyone"/>"#,
            r#"<w:permStart w:id="1" w:edGrp="everyone"/><w:r><w:t>Putin in Pyongyang</w:t></w:r>"#,
        )],
    );
    std::fs::write(&review, returned).unwrap();
    let (ok, out, err) = common::tandem(&["import-review", &s(&project), &s(&review)]);
    assert!(ok, "{err}");
    assert!(out.contains("1 translations corrected"), "{out}");
    // The word file with one translation: the rest is refused until translated, or flagged.
    let (ok, _, err) = common::tandem(&["export", &s(&project), "--to", "docx"]);
    assert!(!ok && err.contains("no translation"), "{err}");
    let (ok, _, err) =
        common::tandem(&["export", &s(&project), "--to", "docx", "--allow-incomplete"]);
    assert!(ok, "{err}");
    let (again, _) = import(
        &std::fs::read(dir.join("artikel.en.docx")).unwrap(),
        "artikel.en.docx",
    )
    .unwrap();
    assert_eq!(sources(&again)[0], "Putin in Pyongyang");
    // A file that is no review table is refused with a reason.
    let (ok, _, err) = common::tandem(&["import-review", &s(&project), &s(&article)]);
    assert!(!ok, "{err}");
}

/// Damaged Word files, byte by byte and part by part: every one is read or refused with a
/// message, never a panic; whatever is read can be exported.
#[test]
fn damaged_word_files_never_panic() {
    let original = word_like();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let try_one = |bytes: &[u8]| {
        let result = std::panic::catch_unwind(|| {
            if let Ok((mut project, _)) = import(bytes, "x.docx") {
                translate(&mut project, |s| format!("EN {s}"));
                let _ = ExportFormat::Docx.export(&project, ExportOptions::default());
                let _ = ExportFormat::ReviewDocx.export(&project, ExportOptions::default());
            }
            let _ = tandem::formats::docx::review::read_rows(bytes);
        });
        assert!(result.is_ok(), "a damaged file made Tandem panic");
    };
    // Flipped bytes anywhere in the (compressed) package.
    for _ in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() as usize) % bytes.len();
            bytes[at] ^= 1 << (next() % 8);
        }
        try_one(&bytes);
    }
    // Parts cut short or stuffed with odd XML, inside a valid package.
    let parts = common::read_parts(&original);
    let document = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    let odd = [
        "<w:p><w:hyperlink r:id=\"nope\"><w:r><w:t>x</w:t></w:r></w:hyperlink></w:p>",
        "<w:p><w:r><w:t>&#0;</w:t></w:r></w:p>",
        "<w:p><mc:AlternateContent><mc:Fallback><w:p/></mc:Fallback></mc:AlternateContent></w:p>",
        "<w:p><w:del><w:p><w:r><w:t>x</w:t></w:r></w:p></w:del></w:p>",
        "<w:p><w:r><w:t>^~[</w:t></w:r><w:r><w:rPr><w:vertAlign w:val=\"superscript\"/><w:u/></w:rPr><w:t>]{.underline}</w:t></w:r></w:p>",
    ];
    for cut in (0..document.len()).step_by(97) {
        if !document.is_char_boundary(cut) {
            continue;
        }
        try_one(&common::edit_document(
            &original,
            &[(&document, &document[..cut])],
        ));
    }
    for stuffing in odd {
        try_one(&common::edit_document(
            &original,
            &[("<w:sectPr/>", &format!("{stuffing}<w:sectPr/>"))],
        ));
    }
    // Deeply nested elements are refused, not followed down the stack.
    let deep = format!(
        "{}{}",
        "<w:sdt><w:sdtContent>".repeat(5_000),
        "</w:sdtContent></w:sdt>".repeat(5_000)
    );
    let bytes = common::edit_document(&original, &[("<w:sectPr/>", &format!("{deep}<w:sectPr/>"))]);
    let error = import(&bytes, "deep.docx").err().unwrap().to_string();
    assert!(error.contains("deep"), "{error}");
}

/// The Word-like file with a header: read only when asked, and then written back.
#[test]
fn headers_and_footers_are_read_when_asked() {
    let mut parts = common::read_parts(&word_like());
    parts.insert(
        "word/header1.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {W}><w:p><w:r><w:t>Nachrichten aus Moskau</w:t></w:r></w:p></w:hdr>"#
        )
        .into_bytes(),
    );
    let rels = String::from_utf8(parts["word/_rels/document.xml.rels"].clone()).unwrap();
    parts.insert(
        "word/_rels/document.xml.rels".into(),
        rels.replace(
            "</Relationships>",
            r#"<Relationship Id="rId20" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#,
        )
        .into_bytes(),
    );
    let mut names: Vec<&String> = parts.keys().collect();
    names.sort();
    let pairs: Vec<(&str, &str)> = names
        .iter()
        .map(|n| (n.as_str(), std::str::from_utf8(&parts[*n]).unwrap()))
        .collect();
    let docx = zip(&pairs);
    let (default, _) = import(&docx, "kopf.docx").unwrap();
    assert!(!sources(&default).iter().any(|s| s.contains("Nachrichten")));
    let options = tandem::formats::ReadOptions {
        headers_footers: true,
    };
    let read = |bytes: &[u8]| {
        let imported = tandem::formats::import_article_with(
            bytes,
            Some("kopf.docx"),
            &Segmenter::german(),
            options,
        )
        .unwrap();
        Project::from_document(imported.document)
    };
    let mut project = read(&docx);
    assert_eq!(
        sources(&project).last().map(String::as_str),
        Some("Nachrichten aus Moskau")
    );
    translate(&mut project, |s| match s {
        "Nachrichten aus Moskau" => "News from Moscow".into(),
        other => format!("EN {other}"),
    });
    let written = export(&project);
    let header =
        String::from_utf8(common::read_parts(&written)["word/header1.xml"].clone()).unwrap();
    assert!(
        header.contains("News from Moscow") && header.contains(r#"w:val="en-GB""#),
        "{header}"
    );
    assert_eq!(
        sources(&read(&written)).last().map(String::as_str),
        Some("News from Moscow")
    );
}
