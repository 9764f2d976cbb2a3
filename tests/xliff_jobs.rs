//! Other tools' XLIFF files as projects: every real XLIFF file of ../shared/conformance is
//! opened, every segment translated by a rule, written back with `--to original`, read
//! again and compared with the original (everything but targets and states must be the
//! same); the results are checked by xmllint against the official schemas (where the
//! original was valid) and by translate-toolkit.

mod common;

use regex::Regex;
use std::path::{Path, PathBuf};
use std::process::Command;
use tandem::formats::xliff::job;
use tandem::formats::{ExportFormat, article::ExportOptions, import_article};
use tandem::model::edit::Edit;
use tandem::model::{Origin, Project, SourceFormat, Status};
use tandem::segment::Segmenter;

fn xliff_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            xliff_files(&path, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["xlf", "xliff", "sdlxliff", "mxliff", "mqxliff"]
                .contains(&e.to_ascii_lowercase().as_str())
        }) {
            out.push(path);
        }
    }
}

/// The rule every segment is translated by: a marker and the source, tags and all.
fn rule(source: &str) -> String {
    format!("Ü→ {source}")
}

/// Translates every segment that is not locked, as translated.
fn translate_all(project: &mut Project) -> usize {
    let mut edits = Vec::new();
    for segment in project.segments() {
        if segment.locked {
            continue;
        }
        edits.push(Edit::SetTarget {
            id: segment.id,
            target: rule(&segment.source),
            origin: Origin::Typed,
        });
        edits.push(Edit::SetStatus {
            id: segment.id,
            status: Status::Translated,
        });
    }
    let count = edits.len() / 2;
    Edit::Batch(edits).apply(project).unwrap();
    count
}

/// A file without its targets and states: what must not change.
fn without_targets(text: &str) -> String {
    static PATTERNS: std::sync::OnceLock<Vec<Regex>> = std::sync::OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            r"(?s)\s*<(\w+:)?target\b[^>]*/>",
            r"(?s)\s*<(\w+:)?target\b[^>]*>.*?</(\w+:)?target\s*>",
            r#"\s(state|subState|conf|mq:status|m:confirmed|approved|sdl:conf)="[^"]*""#,
            r"<sdl:seg id=[^>]*/>",
        ]
        .iter()
        .map(|p| Regex::new(p).unwrap())
        .collect()
    });
    let mut text = text.to_string();
    for pattern in patterns {
        text = pattern.replace_all(&text, "").into_owned();
    }
    text
}

fn xmllint_valid(file: &Path, schema: &Path, catalog: &Path) -> Result<(), String> {
    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .arg(file)
        .env("XML_CATALOG_FILES", catalog)
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn real_xliff_files_round_trip_through_a_project() {
    let Some(root) = common::shared("conformance/xliff") else {
        return;
    };
    let schemas = common::shared("conformance/schemas").unwrap();
    let mut files = Vec::new();
    xliff_files(&root, &mut files);
    assert!(files.len() > 100, "{} XLIFF files", files.len());
    let dir = common::temp_dir("xliff-jobs");
    let segmenter = Segmenter::german();
    let xmllint = common::available("xmllint", &["--version"]);
    let (mut opened, mut refused, mut segments_total, mut locked_total) = (0, 0, 0, 0);
    let mut validated = 0;
    let mut written_12 = Vec::new();
    let mut refusals = Vec::new();
    for (n, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let imported = match import_article(&bytes, Some(name), &segmenter) {
            Ok(imported) => imported,
            Err(error) => {
                refused += 1;
                refusals.push(format!("{}: {error}", path.display()));
                continue;
            }
        };
        assert_eq!(
            imported.document.metadata.format,
            SourceFormat::Xliff,
            "{}",
            path.display()
        );
        opened += 1;
        let mut project = Project::from_document(imported.document);
        let before: Vec<String> = project.segments().map(|s| s.source.clone()).collect();
        locked_total += project.segments().filter(|s| s.locked).count();
        segments_total += before.len();
        translate_all(&mut project);
        let out = ExportFormat::Original
            .export(&project, ExportOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));

        // Read again: the same sources, the targets written, the states kept.
        let again = job::read(&out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let read: Vec<&job::JobSegment> =
            again.units.iter().flat_map(|u| u.segments.iter()).collect();
        assert_eq!(read.len(), before.len(), "{}", path.display());
        for (segment, back) in project.segments().zip(&read) {
            assert_eq!(segment.source, back.source, "{}", path.display());
            assert_eq!(
                segment.target,
                back.target,
                "{}: {}",
                path.display(),
                segment.source
            );
            if !segment.locked {
                assert!(
                    back.status >= Status::Translated,
                    "{}: {:?}",
                    path.display(),
                    back.status
                );
            }
        }
        // Everything but targets and states is as it was.
        let original_text = String::from_utf8_lossy(&bytes);
        let written_text = String::from_utf8_lossy(&out);
        let (a, b) = (
            without_targets(&original_text),
            without_targets(&written_text),
        );
        if a != b {
            let at = a
                .bytes()
                .zip(b.bytes())
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            panic!(
                "{}: the file changed outside targets and states at byte {at}:\n{}\n---\n{}",
                path.display(),
                &a[a.floor_char_boundary(at.saturating_sub(200))
                    ..a.floor_char_boundary((at + 200).min(a.len()))],
                &b[b.floor_char_boundary(at.saturating_sub(200))
                    ..b.floor_char_boundary((at + 200).min(b.len()))]
            );
        }
        let written = dir.join(format!("{n}-{name}"));
        std::fs::write(&written, &out).unwrap();
        if again.version == job::Version::V1 {
            written_12.push((written.clone(), read.len()));
        }
        // The schema: a file that was valid stays valid.
        if xmllint {
            let (schema, catalog) = match again.version {
                job::Version::V1 => (
                    schemas.join("xliff12/xliff-core-1.2-transitional.xsd"),
                    schemas.join("catalog.xml"),
                ),
                job::Version::V2 => (
                    schemas.join("xliff2_oasis/xliff_core_2.0.xsd"),
                    schemas.join("xliff2_oasis/catalog.xml"),
                ),
            };
            if xmllint_valid(path, &schema, &catalog).is_ok() {
                validated += 1;
                if let Err(error) = xmllint_valid(&written, &schema, &catalog) {
                    panic!(
                        "{} was valid, the translation is not:\n{error}",
                        path.display()
                    );
                }
            }
        }
    }
    println!(
        "{} XLIFF files: {opened} opened and round-tripped ({segments_total} segments, {locked_total} locked), {validated} valid before and after, {refused} refused",
        files.len()
    );
    for refusal in &refusals {
        println!("  refused: {refusal}");
    }
    assert!(opened >= 250, "only {opened} opened");
    assert!(!xmllint || validated >= 200, "only {validated} validated");
    translate_toolkit_reads(&written_12);
}

/// translate-toolkit reads every XLIFF 1.2 file written back and finds the targets.
fn translate_toolkit_reads(files: &[(PathBuf, usize)]) {
    const SCRIPT: &str = r#"
import json, sys
from translate.storage import xliff
out = []
for path in sys.argv[1:]:
    try:
        store = xliff.xlifffile.parsefile(path)
        out.append([path, sum(1 for u in store.units if u.target and "Ü→" in u.target), None])
    except Exception as e:
        out.append([path, 0, repr(e)])
print(json.dumps(out))
"#;
    if files.is_empty()
        || !common::available(
            "/usr/bin/python3",
            &["-c", "import translate.storage.xliff"],
        )
    {
        return;
    }
    let output = Command::new("/usr/bin/python3")
        .args(["-c", SCRIPT])
        .args(files.iter().map(|(p, _)| p))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read: Vec<(String, usize, Option<String>)> =
        serde_json::from_slice(&output.stdout).unwrap();
    let mut failures = Vec::new();
    let mut with_targets = 0;
    for (path, found, error) in &read {
        match error {
            Some(error) => failures.push(format!("{path}: {error}")),
            None if *found > 0 => with_targets += 1,
            None => println!("  translate-toolkit found no translated target in {path}"),
        }
    }
    println!(
        "translate-toolkit read {} of {} XLIFF 1.2 files written back; {with_targets} show the translated targets",
        read.len() - failures.len(),
        read.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        with_targets,
        read.len(),
        "translated targets missing in some files"
    );
}

/// A project made from an XLIFF file's text.
fn job_project(text: &[u8], name: &str) -> Project {
    let imported = import_article(text, Some(name), &Segmenter::german())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut project = Project::from_document(imported.document);
    if let Some(languages) = imported.languages {
        project.languages = languages;
    }
    project
}

fn set(project: &mut Project, n: usize, target: &str, status: Status) {
    let id = project.segments().nth(n).unwrap().id;
    Edit::Batch(vec![
        Edit::SetTarget {
            id,
            target: target.into(),
            origin: Origin::Typed,
        },
        Edit::SetStatus { id, status },
    ])
    .apply(project)
    .unwrap();
}

fn original(project: &Project) -> String {
    let bytes = ExportFormat::Original
        .export(project, ExportOptions::default())
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn xliff_12_gets_new_targets_with_codes_and_states_and_nothing_else_changes() {
    let file = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:x="urn:x">
  <file original="a.txt" source-language="de" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="1" x:custom='keep'>
        <source>Der <g id="b1" ctype="bold">Kanzler</g> kommt.<x id="br"/></source>
        <note>Headline</note>
      </trans-unit>
      <trans-unit id="2" approved="no">
        <source>Zweiter   Satz &amp; mehr</source>
        <target state="needs-translation"/>
      </trans-unit>
      <trans-unit id="3" translate="no"><source>Code</source></trans-unit>
      <trans-unit id="4"><source>Bleibt.</source><target state="translated">Stays.</target></trans-unit>
    </body>
  </file>
</xliff>
"#;
    let mut project = job_project(file.as_bytes(), "a.xlf");
    assert_eq!(project.document.metadata.format, SourceFormat::Xliff);
    assert_eq!(project.languages.target, "en");
    let segments: Vec<_> = project.segments().cloned().collect();
    assert_eq!(segments.len(), 3, "translate=\"no\" is not for translation");
    assert_eq!(segments[0].source, "Der <g1>Kanzler</g1> kommt.<x2/>");
    assert_eq!(segments[0].note, "Headline");
    assert_eq!(segments[1].source, "Zweiter   Satz & mehr");
    assert_eq!(segments[2].target, "Stays.");
    assert_eq!(segments[2].status, Status::Translated);
    assert_eq!(original(&project), file, "nothing changed, nothing written");

    set(
        &mut project,
        0,
        "The <g1>chancellor</g1> is coming.<x2/>",
        Status::Translated,
    );
    set(
        &mut project,
        1,
        "Second sentence & <more>",
        Status::Reviewed,
    );
    let expected = file
        .replace(
            "kommt.<x id=\"br\"/></source>",
            "kommt.<x id=\"br\"/></source>\n        <target state=\"translated\">The <g id=\"b1\" ctype=\"bold\">chancellor</g> is coming.<x id=\"br\"/></target>",
        )
        .replace(
            "<trans-unit id=\"2\" approved=\"no\">",
            "<trans-unit id=\"2\" approved=\"yes\">",
        )
        .replace(
            "<target state=\"needs-translation\"/>",
            "<target state=\"signed-off\">Second sentence &amp; &lt;more&gt;</target>",
        );
    assert_eq!(original(&project), expected);
}

const SDL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2" sdl:version="1.0">
<file original="a.docx" source-language="de-DE" target-language="en-GB" datatype="x-sdlfilterframework2">
<body>
<trans-unit id="u1">
<source><g id="1">Er sagte: <g id="2">Ja</g>.</g> Dann ging er.<x id="3"/></source>
<seg-source><g id="1"><mrk mtype="seg" mid="1">Er sagte: <g id="2">Ja</g>.</mrk></g> <mrk mtype="seg" mid="2">Dann ging er.<x id="3"/></mrk></seg-source>
<target><g id="1"><mrk mtype="seg" mid="1">He said: <g id="2">yes</g>.</mrk></g> <mrk mtype="seg" mid="2"/></target>
<sdl:seg-defs><sdl:seg id="1" conf="ApprovedSignOff" locked="true"/><sdl:seg id="2" origin="source"/></sdl:seg-defs>
</trans-unit>
<trans-unit id="u2">
<source>Eins. Zwei.</source>
<seg-source><mrk mtype="seg" mid="3">Eins.</mrk> <mrk mtype="seg" mid="4">Zwei.</mrk></seg-source>
<sdl:seg-defs><sdl:seg id="3"/></sdl:seg-defs>
</trans-unit>
</body></file></xliff>"#;

#[test]
fn trados_segments_go_into_their_mrk_and_confirmation_levels_into_sdl_seg() {
    let mut project = job_project(SDL.as_bytes(), "a.sdlxliff");
    let segments: Vec<_> = project.segments().cloned().collect();
    assert_eq!(segments.len(), 4);
    assert!(segments[0].locked);
    assert_eq!(segments[0].status, Status::Approved);
    set(&mut project, 1, "Then he left.<x1/>", Status::Translated);
    set(&mut project, 2, "One.", Status::Draft);
    set(&mut project, 3, "Two.", Status::Reviewed);
    let expected = SDL
        .replace(
            "<mrk mtype=\"seg\" mid=\"2\"/></target>",
            "<mrk mtype=\"seg\" mid=\"2\">Then he left.<x id=\"3\"/></mrk></target>",
        )
        .replace(
            "<sdl:seg id=\"2\" origin=\"source\"/>",
            "<sdl:seg id=\"2\" origin=\"source\" conf=\"Translated\"/>",
        )
        .replace(
            "<mrk mtype=\"seg\" mid=\"4\">Zwei.</mrk></seg-source>",
            "<mrk mtype=\"seg\" mid=\"4\">Zwei.</mrk></seg-source>\n<target><mrk mtype=\"seg\" mid=\"3\">One.</mrk> <mrk mtype=\"seg\" mid=\"4\">Two.</mrk></target>",
        )
        .replace(
            "<sdl:seg id=\"3\"/></sdl:seg-defs>",
            "<sdl:seg id=\"3\" conf=\"Draft\"/><sdl:seg id=\"4\" conf=\"ApprovedTranslation\"/></sdl:seg-defs>",
        );
    assert_eq!(original(&project), expected);
}

#[test]
fn xliff_2_states_memoq_and_phrase_statuses_and_utf16() {
    let two = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en">
 <file id="f">
  <unit id="1">
   <segment id="s1">
    <source>Hallo <pc id="1">Welt</pc></source>
   </segment>
   <segment id="s2" state="final"><source>Fertig.</source><target>Done.</target></segment>
  </unit>
 </file>
</xliff>"#;
    let mut project = job_project(two.as_bytes(), "b.xlf");
    set(&mut project, 0, "Hello <pc1>world</pc1>", Status::Draft);
    let expected = two.replace(
        "<segment id=\"s1\">\n    <source>Hallo <pc id=\"1\">Welt</pc></source>",
        "<segment id=\"s1\" state=\"initial\" subState=\"tandem:draft\">\n    <source>Hallo <pc id=\"1\">Welt</pc></source>\n    <target>Hello <pc id=\"1\">world</pc></target>",
    );
    assert_eq!(original(&project), expected);

    let memoq = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff"><file source-language="de" target-language="en" datatype="x-memoq" original="m"><body>
<trans-unit id="1" mq:status="NotStarted"><source>Eins.</source><target></target></trans-unit></body></file></xliff>"#;
    let mut project = job_project(memoq.as_bytes(), "c.mqxliff");
    set(&mut project, 0, "One.", Status::Translated);
    assert_eq!(
        original(&project),
        memoq
            .replace(
                "mq:status=\"NotStarted\"",
                "mq:status=\"ManuallyConfirmed\""
            )
            .replace(
                "<target></target>",
                "<target state=\"translated\">One.</target>"
            )
    );

    let phrase = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:m="http://www.memsource.com/mxlf/2.0"><file source-language="de" target-language="en" datatype="x-undefined" original="p"><body>
<trans-unit id="1" m:confirmed="0" m:locked="false"><source>Eins.</source><target/></trans-unit>
<trans-unit id="2" m:confirmed="1" m:locked="true"><source>Zwei.</source><target>Two.</target></trans-unit></body></file></xliff>"#;
    let mut project = job_project(phrase.as_bytes(), "d.mxliff");
    assert!(project.segments().nth(1).unwrap().locked);
    assert_eq!(
        project.segments().nth(1).unwrap().status,
        Status::Translated
    );
    set(&mut project, 0, "One.", Status::Translated);
    assert_eq!(
        original(&project),
        phrase
            .replace("m:confirmed=\"0\"", "m:confirmed=\"1\"")
            .replace("<target/>", "<target state=\"translated\">One.</target>")
    );

    // UTF-16 with its byte-order mark comes back as UTF-16 with it.
    let utf16 = |text: &str| {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let file = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<xliff version=\"1.2\"><file source-language=\"de\" target-language=\"en\"><body><trans-unit id=\"1\"><source>Grüße</source></trans-unit></body></file></xliff>";
    let mut project = job_project(&utf16(file), "e.xlf");
    set(&mut project, 0, "Greetings", Status::Translated);
    let out = ExportFormat::Original
        .export(&project, ExportOptions::default())
        .unwrap();
    assert_eq!(
        out,
        utf16(&file.replace(
            "</source>",
            "</source><target state=\"translated\">Greetings</target>"
        ))
    );
}

#[test]
fn locked_segments_and_the_files_segmentation_hold_in_the_workbench() {
    use tandem::workbench::Workbench;
    let project = job_project(SDL.as_bytes(), "a.sdlxliff");
    let ids: Vec<_> = project.segments().map(|s| s.id).collect();
    let mut workbench = Workbench::new(project, None);
    let error = workbench.type_target(ids[0], "Changed").unwrap_err();
    assert!(error.to_string().contains("locked"), "{error}");
    let error = workbench.split(ids[2], 2, 0).unwrap_err();
    assert!(error.to_string().contains("cannot be split"), "{error}");
    assert!(workbench.merge_with_next(ids[2]).is_err());
    // A batch over every segment (a pretranslation) leaves the locked one alone.
    let batch = Edit::Batch(
        ids.iter()
            .map(|&id| Edit::SetTarget {
                id,
                target: "X".into(),
                origin: Origin::Memory,
            })
            .collect(),
    );
    workbench.apply(batch).unwrap();
    let targets: Vec<&str> = workbench
        .project()
        .segments()
        .map(|s| s.target.as_str())
        .collect();
    assert_eq!(targets, ["He said: <g1>yes</g1>.", "X", "X", "X"]);
    // The tag check names what the target lacks.
    let mut project = workbench.project().clone();
    set(&mut project, 1, "Then he left.", Status::Translated);
    let terminology = tandem::suggest::Terminology::new(&project, Vec::new());
    let issues = tandem::qa::check_project(&project, &terminology, None);
    assert!(
        issues.iter().any(|i| i.key == "tags:<x1/>"),
        "{:?}",
        issues.iter().map(|i| &i.key).collect::<Vec<_>>()
    );
    assert!(
        issues
            .iter()
            .all(|i| i.segment != project.segments().next().unwrap().id)
    );
}

#[test]
fn the_command_line_opens_a_job_and_returns_it_translated() {
    let dir = common::temp_dir("xliff-cli");
    let file = dir.join("job.sdlxliff");
    std::fs::write(&file, SDL).unwrap();
    let (ok, _, err) = common::tandem(&["new", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(err.contains("Trados SDLXLIFF"), "{err}");
    assert!(err.contains("1 of them locked"), "{err}");
    let project = dir.join("job.tandem");
    let (ok, _, err) = common::tandem(&["export", project.to_str().unwrap(), "--to", "original"]);
    assert!(ok, "{err}");
    let written = std::fs::read_to_string(dir.join("job.en-GB.sdlxliff")).unwrap();
    assert_eq!(
        written, SDL,
        "nothing translated: the file comes back as it was"
    );
    let (ok, _, err) = common::tandem(&["export", project.to_str().unwrap(), "--to", "docx"]);
    assert!(!ok);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn damaged_xliff_files_are_read_or_refused_never_a_panic() {
    let mut seed: u64 = 0x5eed_1234;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let segmenter = Segmenter::german();
    let (mut read, mut refused) = (0, 0);
    for round in 0..400 {
        let mut bytes = SDL.as_bytes().to_vec();
        match round % 4 {
            0 => {
                let at = next(bytes.len());
                bytes[at] = b"<>/\"&= x\x00\xff"[next(10)];
            }
            1 => bytes.truncate(next(bytes.len())),
            2 => {
                let at = next(bytes.len());
                let len = next(40);
                bytes.drain(at..(at + len).min(bytes.len()));
            }
            _ => {
                let at = next(bytes.len());
                let from = next(bytes.len() - 20);
                let piece = bytes[from..from + 20].to_vec();
                bytes.splice(at..at, piece);
            }
        }
        match import_article(&bytes, Some("job.sdlxliff"), &segmenter) {
            Ok(imported) => {
                read += 1;
                let mut project = Project::from_document(imported.document);
                translate_all(&mut project);
                // What could be read is written back readable.
                if let Ok(out) = ExportFormat::Original.export(&project, ExportOptions::default()) {
                    job::read(&out)
                        .unwrap_or_else(|e| panic!("{e}:\n{}", String::from_utf8_lossy(&out)));
                }
            }
            Err(error) => {
                refused += 1;
                assert!(!error.to_string().is_empty());
            }
        }
    }
    println!("damaged SDLXLIFF: {read} read, {refused} refused");
    assert!(read > 0 && refused > 0);
}
