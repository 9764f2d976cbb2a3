//! The user's sample end to end: import, segment, translate, save, reload, every export,
//! schema validation with xmllint, XLIFF round trip; and the same through the `tandem` binary.

mod common;

use std::path::Path;
use std::process::Command;
use tandem::formats::article::{self, ExportOptions};
use tandem::formats::{bilingual_html, import_article, tmx, xliff};
use tandem::model::edit::Edit;
use tandem::model::{BlockKind, Origin, Project, SegmentId, Status};
use tandem::project_file;
use tandem::segment::Segmenter;

fn sample_project() -> Option<Project> {
    let path = common::shared("samples/putin-nordkorea.txt")?;
    let bytes = std::fs::read(&path).unwrap();
    let imported =
        import_article(&bytes, Some("putin-nordkorea.txt"), &Segmenter::german()).unwrap();
    assert!(
        imported.diagnostics.is_empty(),
        "{:?}",
        imported.diagnostics
    );
    Some(Project::from_document(imported.document))
}

fn translate(project: &mut Project, id: u64, english: &str, status: Status) {
    let id = SegmentId(id);
    Edit::Batch(vec![
        Edit::SetTarget {
            id,
            target: english.into(),
            origin: Origin::Typed,
        },
        Edit::SetStatus { id, status },
    ])
    .apply(project)
    .unwrap();
}

/// Runs xmllint; the schemas come from ../shared/conformance/schemas.
fn xmllint(args: &[&str], file: &Path, catalog: Option<&Path>) {
    if !common::available("xmllint", &["--version"]) {
        return;
    }
    let mut command = Command::new("xmllint");
    command.args(["--noout", "--nonet"]).args(args).arg(file);
    if let Some(catalog) = catalog {
        command.env("XML_CATALOG_FILES", catalog);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{} is not valid:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_users_sample_segments_as_a_translator_expects() {
    let Some(project) = sample_project() else {
        return;
    };
    let doc = &project.document;
    assert_eq!(doc.metadata.date.as_deref(), Some("2024-06"));
    let kinds: Vec<&str> = doc.blocks.iter().map(|b| b.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "title",
            "paragraph",
            "credit",
            "paragraph",
            "heading",
            "paragraph",
            "related"
        ]
    );
    assert_eq!(
        doc.blocks[2].verbatim.as_deref(),
        Some("© Kristina Kormilitsyna / POOL / AFP")
    );
    let sources: Vec<&str> = project.segments().map(|s| s.source.as_str()).collect();
    assert_eq!(sources.len(), 15);
    assert_eq!(
        sources[0],
        "Putin: Russland und Nordkorea vereinbaren gegenseitigen Beistand gegen Aggression"
    );
    assert!(
        sources.contains(
            &"Putin in Nordkorea: Abkommen über strategische Partnerschaft abgeschlossen"
        )
    );
    assert!(
        sources
            .iter()
            .any(|s| s.starts_with("Das neue Abkommen schließe"))
    );
    assert!(
        sources
            .iter()
            .any(|s| s.starts_with("\"Dies ist nicht nur") && s.ends_with("mit Kim."))
    );
    assert_eq!(
        *sources.last().unwrap(),
        "Mehr zum Thema – Putin auf dem Weg zu seinen Waffenbrüdern"
    );
    // The headline the website glued into the paragraph is a heading of its own.
    assert_eq!(doc.blocks[4].kind, BlockKind::Heading { level: 2 });
    assert_eq!(
        doc.blocks[4].segments[0].source,
        "Putin in Nordkorea: Abkommen über strategische Partnerschaft abgeschlossen"
    );
    assert_eq!(doc.blocks[6].kind, BlockKind::Related);
}

#[test]
fn sample_through_save_reload_every_export_and_xliff_round_trip() {
    let Some(mut project) = sample_project() else {
        return;
    };
    let dir = common::temp_dir("library");
    translate(
        &mut project,
        1,
        "Putin: Russia and North Korea agree on mutual assistance against aggression",
        Status::Translated,
    );
    translate(
        &mut project,
        2,
        "Vladimir Putin has visited North Korea for the first time in 24 years.",
        Status::Reviewed,
    );
    translate(
        &mut project,
        3,
        "The Russian president held talks with Kim Jong-un & signed <an> agreement.",
        Status::Draft,
    );
    Edit::SetNote {
        id: SegmentId(2),
        note: "Check the number of years.".into(),
    }
    .apply(&mut project)
    .unwrap();
    // Segment 3 is a machine draft: the engine's name travels with it, and XLIFF 1.2 says so.
    Edit::Batch(vec![
        Edit::SetTarget {
            id: SegmentId(3),
            target: "The Russian president held talks with Kim Jong-un & signed <an> agreement."
                .into(),
            origin: Origin::Machine,
        },
        Edit::SetEngine {
            id: SegmentId(3),
            engine: "DeepL".into(),
        },
    ])
    .apply(&mut project)
    .unwrap();
    assert!(xliff::to_xliff12(&project).contains("state-qualifier=\"mt-suggestion\""));

    let path = dir.join("putin.tandem");
    project_file::save(&project, &path).unwrap();
    let reloaded = project_file::load(&path).unwrap();
    assert_eq!(reloaded.project, project);
    assert!(reloaded.diagnostics.is_empty());

    // The English article refuses while segments are untranslated, then falls back, flagged.
    let error = article::to_text(&project, ExportOptions::default()).unwrap_err();
    assert_eq!(error.0.len(), 12);
    let incomplete = ExportOptions {
        allow_incomplete: true,
    };
    let text = article::to_text(&project, incomplete).unwrap();
    assert!(text.starts_with(
        " date 2024-06 Putin: Russia and North Korea agree on mutual assistance against aggression\n\n"
    ));
    assert!(text.contains("\n\n© Kristina Kormilitsyna / POOL / AFP\n\n"));
    assert!(text.contains("[[untranslated: Dies kündigte Wladimir Putin"));
    let html = article::to_html_document(&project, incomplete).unwrap();
    assert!(html.contains("&amp; signed &lt;an&gt; agreement."));
    assert!(html.contains("<p class=\"credit\">"));
    let md = article::to_markdown(&project, incomplete).unwrap();
    assert!(md.starts_with("# Putin: Russia"));

    let bilingual = bilingual_html::to_bilingual_html(&project);
    assert!(bilingual.contains("<td class=\"st\">reviewed</td>"));
    assert!(bilingual.contains("Check the number of years."));
    assert_eq!(bilingual.matches("class=\"break\"").count(), 6);

    // Round trip: another tool translates segment 4 and approves it; both versions import.
    // (Always run: it needs nothing from outside.)
    let xliff12_path = dir.join("putin.xlf");
    let xliff2_path = dir.join("putin.xliff2.xlf");
    let tmx_path = dir.join("putin.tmx");
    std::fs::write(&tmx_path, tmx::to_tmx(&project)).unwrap();
    std::fs::write(&xliff12_path, xliff::to_xliff12(&project)).unwrap();
    std::fs::write(&xliff2_path, xliff::to_xliff2(&project)).unwrap();
    for (file, exported) in [
        (&xliff12_path, xliff::to_xliff12(&project)),
        (&xliff2_path, xliff::to_xliff2(&project)),
    ] {
        let mut copy = project.clone();
        let units = xliff::read_units(exported.as_bytes()).unwrap();
        assert_eq!(units.len(), 15, "{}", file.display());
        let unchanged = xliff::updates(&copy, &units);
        assert_eq!(unchanged.edit, Edit::Batch(vec![]), "{}", file.display());
        assert!(unchanged.diagnostics.is_empty());

        let translated = if exported.contains("version=\"1.2\"") {
            exported.replace(
                "<trans-unit id=\"s4\" xml:space=\"preserve\">",
                "<trans-unit id=\"s4\" xml:space=\"preserve\" approved=\"yes\">",
            )
            .replacen("<target state=\"new\"></target>", "<target state=\"final\">The new treaty on strategic partnership between Moscow and Pyongyang provides for mutual assistance.</target>", 1)
        } else {
            exported.replacen(
                "<segment id=\"s4\" state=\"initial\">\n        <source xml:space=\"preserve\">Der neue Vertrag über strategische Partnerschaft zwischen Moskau und Pjöngjang sieht gegenseitigen Beistand im Falle einer Aggression gegen einen der Staaten vor.</source>\n",
                "<segment id=\"s4\" state=\"final\">\n        <source xml:space=\"preserve\">Der neue Vertrag über strategische Partnerschaft zwischen Moskau und Pjöngjang sieht gegenseitigen Beistand im Falle einer Aggression gegen einen der Staaten vor.</source>\n        <target>The new treaty on strategic partnership between Moscow and Pyongyang provides for mutual assistance.</target>\n",
                1,
            )
        };
        assert_ne!(
            translated,
            exported,
            "{}: the test edit did not apply",
            file.display()
        );
        let units = xliff::read_units(translated.as_bytes()).unwrap();
        let updates = xliff::updates(&copy, &units);
        assert!(updates.diagnostics.is_empty(), "{:?}", updates.diagnostics);
        let undo = updates.edit.apply(&mut copy).unwrap();
        let s4 = copy.segment(SegmentId(4)).unwrap();
        assert_eq!(s4.status, Status::Approved, "{}", file.display());
        assert!(s4.target.starts_with("The new treaty"));
        assert_eq!(s4.origin, Origin::Imported);
        // Other segments keep their state; the import is one undoable step.
        assert_eq!(copy.segment(SegmentId(3)).unwrap().status, Status::Draft);
        undo.apply(&mut copy).unwrap();
        assert_eq!(copy, project);
    }

    // Peers: the official schemas and translate-toolkit read what we wrote.
    translate_toolkit_reads(&xliff12_path, &tmx_path);
    let Some(schemas) = common::shared("conformance/schemas") else {
        return;
    };
    xmllint(
        &[
            "--dtdvalid",
            schemas.join("omegat/tmx14.dtd").to_str().unwrap(),
        ],
        &tmx_path,
        None,
    );
    xmllint(
        &[
            "--schema",
            schemas
                .join("xliff12/xliff-core-1.2-strict.xsd")
                .to_str()
                .unwrap(),
        ],
        &xliff12_path,
        Some(&schemas.join("catalog.xml")),
    );
    xmllint(
        &[
            "--schema",
            schemas
                .join("xliff2_oasis/xliff_core_2.0.xsd")
                .to_str()
                .unwrap(),
        ],
        &xliff2_path,
        Some(&schemas.join("xliff2_oasis/catalog.xml")),
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// translate-toolkit (a Python library many CAT pipelines use) reads our XLIFF 1.2 and TMX.
fn translate_toolkit_reads(xliff: &Path, tmx: &Path) {
    const SCRIPT: &str = r#"
import json, sys
from translate.storage import tmx, xliff
x = xliff.xlifffile.parsefile(sys.argv[1])
t = tmx.tmxfile.parsefile(sys.argv[2])
print(json.dumps({
    "xliff": [[u.getid(), u.source, u.target, u.is_approved() if hasattr(u, "is_approved") else u.isapproved(),
               u.isfuzzy(), u.istranslated()] for u in x.units],
    "tmx": [[u.source, u.target] for u in t.units],
}))
"#;
    if !common::available(
        "/usr/bin/python3",
        &["-c", "import translate.storage.xliff"],
    ) {
        return;
    }
    let output = Command::new("/usr/bin/python3")
        .args(["-c", SCRIPT])
        .arg(xliff)
        .arg(tmx)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "translate-toolkit rejected our files: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let units = read["xliff"].as_array().unwrap();
    assert_eq!(units.len(), 15);
    assert!(
        units[1][0].as_str().unwrap().ends_with("s2"),
        "{}",
        units[1][0]
    );
    assert_eq!(
        units[1][2],
        "Vladimir Putin has visited North Korea for the first time in 24 years."
    );
    assert_eq!(units[1][5], true, "a reviewed segment is translated");
    assert_eq!(units[2][4], true, "a draft is fuzzy (needs review)");
    assert_eq!(units[4][5], false, "a new segment is untranslated");
    let tmx_units = read["tmx"].as_array().unwrap();
    assert_eq!(tmx_units.len(), 3);
    assert_eq!(
        tmx_units[0][1],
        "Putin: Russia and North Korea agree on mutual assistance against aggression"
    );
}

#[test]
fn command_line_end_to_end() {
    let dir = common::temp_dir("cli");
    let article = common::repo("assets/sample-ostsee.txt");
    let project = dir.join("ostsee.tandem");
    let (ok, out, err) = common::tandem(&[
        "new",
        article.to_str().unwrap(),
        "-o",
        project.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("17 segments"), "{out}");
    let original = std::fs::read(&article).unwrap();

    // Never overwrite a project by accident.
    let (ok, _, err) = common::tandem(&[
        "new",
        article.to_str().unwrap(),
        "-o",
        project.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("exists already"), "{err}");

    let (ok, _, err) = common::tandem(&["export", project.to_str().unwrap(), "--to", "txt"]);
    assert!(!ok, "an incomplete export must fail");
    assert!(err.contains("17 segment(s) have no translation"), "{err}");
    let out_txt = dir.join("out.txt");
    let (ok, _, err) = common::tandem(&[
        "export",
        project.to_str().unwrap(),
        "--to",
        "txt",
        "--allow-incomplete",
        "-o",
        out_txt.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("17 segment(s) untranslated"), "{err}");
    let text = std::fs::read_to_string(&out_txt).unwrap();
    assert!(
        text.starts_with(" date 2025-03 [[untranslated: Ostsee-Anrainer"),
        "{text}"
    );

    for format in ["md", "html", "bilingual-html", "tmx", "xliff12", "xliff2"] {
        let (ok, out, err) = common::tandem(&[
            "export",
            project.to_str().unwrap(),
            "--to",
            format,
            "--allow-incomplete",
        ]);
        assert!(ok, "{format}: {err}");
        assert!(Path::new(out.trim()).exists(), "{format}: {out}");
    }

    // Translate one unit in the exported XLIFF and import it back.
    let xlf = dir.join("ostsee.xlf");
    let exported = std::fs::read_to_string(&xlf).unwrap();
    let edited = exported.replacen(
        "<target state=\"new\"></target>",
        "<target state=\"translated\">Baltic neighbours want to protect undersea cables together</target>",
        1,
    );
    std::fs::write(&xlf, edited).unwrap();
    let (ok, out, err) = common::tandem(&[
        "import-xliff",
        project.to_str().unwrap(),
        xlf.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("2 changes applied"), "{out}");
    let (ok, out, _) = common::tandem(&["stats", project.to_str().unwrap()]);
    assert!(ok);
    assert!(out.contains("translated           1"), "{out}");
    let (ok, out, _) = common::tandem(&["stats", project.to_str().unwrap(), "--json"]);
    assert!(ok);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["total"]["segments"], 17);

    let (ok, out, _) = common::tandem(&["segment", article.to_str().unwrap(), "--json"]);
    assert!(ok);
    let blocks: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(blocks[0]["kind"], "title");

    // The article itself is never touched.
    assert_eq!(std::fs::read(&article).unwrap(), original);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn command_line_errors_are_clear_and_non_zero() {
    let dir = common::temp_dir("cli-errors");
    let binary = dir.join("photo.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let (ok, _, err) = common::tandem(&["new", binary.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("photo.txt") && err.contains("PNG image"),
        "{err}"
    );

    let broken = dir.join("broken.tandem");
    std::fs::write(
        &broken,
        "{\"format\": \"tandem-project\", \"version\": 1, \"document\": {",
    )
    .unwrap();
    let (ok, _, err) = common::tandem(&["stats", broken.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("broken.tandem: line 1, column"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "{\"format\": \"tandem-project\", \"version\": 1, \"document\": {",
        "a damaged project must never be overwritten"
    );

    let (ok, _, err) = common::tandem(&["stats", dir.join("missing.tandem").to_str().unwrap()]);
    assert!(!ok && err.contains("missing.tandem"), "{err}");
    let (ok, out, _) = common::tandem(&["--help"]);
    assert!(ok && out.contains("export"), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}
