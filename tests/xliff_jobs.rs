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

fn tool(name: &str, probe: &[&str]) -> bool {
    let found = Command::new(name)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is required on CI (.ci/run installs it)"
        );
        eprintln!("notice: {name} is not available; skipping its check");
    }
    found
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
    let xmllint = tool("xmllint", &["--version"]);
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
        || !tool(
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
            None => {}
        }
    }
    println!(
        "translate-toolkit read {} of {} XLIFF 1.2 files written back; {with_targets} show the translated targets",
        read.len() - failures.len(),
        read.len()
    );
    for failure in &failures {
        println!("  translate-toolkit: {failure}");
    }
}
