//! XLIFF 1.2 (valid against the strict XSD) and XLIFF 2.0 (valid against the OASIS core XSD)
//! export, and reading XLIFF back into a project as a batch of edits.
//!
//! One `group` (1.2) or `unit` (2.0) per block, one `trans-unit` or `segment` per segment with
//! id `s<N>`. Status maps to the formats' own states, both ways without loss:
//!
//! | Tandem     | XLIFF 1.2 `state`          | XLIFF 2.0 `state` (`subState`)   |
//! |------------|----------------------------|----------------------------------|
//! | new        | `new`                      | `initial`                        |
//! | draft      | `needs-review-translation` | `initial` (`tandem:draft`)       |
//! | translated | `translated`               | `translated`                     |
//! | reviewed   | `signed-off`               | `reviewed`                       |
//! | approved   | `final`                    | `final`                          |
//!
//! XLIFF 1.2 units of translated, reviewed and approved segments also carry `approved="yes"`,
//! which is what tools built on translate-toolkit (Pootle, Weblate) read as "not fuzzy".

pub mod back;
pub mod job;

use crate::base::sniff::{Sniffed, sniff};
use crate::base::xml::{self, Element, XmlError, escape};
use crate::base::{Diagnostic, excerpt};
use crate::model::edit::Edit;
use crate::model::{Origin, Project, SegmentId, Status};
use std::collections::HashSet;
use std::fmt::Write;
use thiserror::Error;

/// The reader of other tools' XLIFF files as projects ([`job`]).
pub static XLIFF: JobReader = JobReader;

pub struct JobReader;

impl super::Reader for JobReader {
    fn format(&self) -> crate::model::SourceFormat {
        crate::model::SourceFormat::Xliff
    }

    fn read(
        &self,
        bytes: &[u8],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<super::RawArticle, super::ImportError> {
        let job = job::read(bytes).map_err(|e| super::ImportError::Damaged(e.to_string()))?;
        let mut blocks = Vec::with_capacity(job.units.len());
        let (mut segments, mut locked) = (0usize, 0usize);
        for (index, unit) in job.units.iter().enumerate() {
            let mut list = Vec::with_capacity(unit.segments.len());
            for (k, read) in unit.segments.iter().enumerate() {
                let mut segment = crate::model::Segment::new(SegmentId(0), read.source.clone());
                segment.target = read.target.clone();
                segment.status = read.status;
                segment.locked = read.locked;
                if !segment.target.is_empty() {
                    segment.origin = Origin::Imported;
                }
                if k == 0 {
                    segment.note = unit.note.clone();
                }
                locked += usize::from(read.locked);
                list.push(segment);
            }
            segments += list.len();
            let mut block = super::RawBlock::new(crate::model::BlockKind::Paragraph, "");
            block.anchor = Some(back::anchor(index));
            block.segments = Some(list);
            super::push_block(&mut blocks, block)?;
        }
        let languages = job
            .source_language
            .as_ref()
            .zip(job.target_language.as_ref())
            .map(|(source, target)| crate::model::Languages {
                source: source.clone(),
                target: target.clone(),
            });
        diagnostics.push(Diagnostic::info(format!(
            "read as {} {}: {} units, {segments} segments{}; the translation is written back into it with export --to original",
            job.flavor.name(),
            match job.version {
                job::Version::V1 => "1.2",
                job::Version::V2 => "2.0",
            },
            job.units.len(),
            if locked > 0 {
                format!(", {locked} of them locked")
            } else {
                String::new()
            }
        )));
        if let Some(languages) = &languages {
            let german = languages.source.to_ascii_lowercase().starts_with("de");
            let english = languages.target.to_ascii_lowercase().starts_with("en");
            if !(german && english) {
                diagnostics.push(Diagnostic::warning(format!(
                    "the file is {} → {}; Tandem's glossaries, term suggestions and checks are made for German → English",
                    languages.source, languages.target
                )));
            }
        }
        Ok(super::RawArticle {
            date: None,
            encoding: Some(job.decoded.encoding),
            blocks,
            original: Some(bytes.to_vec()),
            languages,
        })
    }
}

/// XLIFF 1.2 as an export.
pub struct Xliff12Writer;
/// XLIFF 2.0 as an export.
pub struct Xliff2Writer;

impl super::Writer for Xliff12Writer {
    fn write(
        &self,
        project: &Project,
        _: super::article::ExportOptions,
    ) -> Result<Vec<u8>, super::ExportError> {
        Ok(to_xliff12(project).into_bytes())
    }
}

impl super::Writer for Xliff2Writer {
    fn write(
        &self,
        project: &Project,
        _: super::article::ExportOptions,
    ) -> Result<Vec<u8>, super::ExportError> {
        Ok(to_xliff2(project).into_bytes())
    }
}

fn state_12(status: Status) -> &'static str {
    match status {
        Status::New => "new",
        Status::Draft => "needs-review-translation",
        Status::Translated => "translated",
        Status::Reviewed => "signed-off",
        Status::Approved => "final",
    }
}

fn status_from_12(state: &str) -> Option<Status> {
    Some(match state {
        "new" | "needs-translation" => Status::New,
        "needs-review-translation"
        | "needs-adaptation"
        | "needs-l10n"
        | "needs-review-adaptation"
        | "needs-review-l10n" => Status::Draft,
        "translated" => Status::Translated,
        "signed-off" => Status::Reviewed,
        "final" => Status::Approved,
        _ => return None,
    })
}

fn state_2(status: Status) -> (&'static str, Option<&'static str>) {
    match status {
        Status::New => ("initial", None),
        Status::Draft => ("initial", Some("tandem:draft")),
        Status::Translated => ("translated", None),
        Status::Reviewed => ("reviewed", None),
        Status::Approved => ("final", None),
    }
}

fn status_from_2(state: &str, sub_state: Option<&str>) -> Option<Status> {
    Some(match (state, sub_state) {
        ("initial", Some("tandem:draft")) => Status::Draft,
        ("initial", _) => Status::New,
        ("translated", _) => Status::Translated,
        ("reviewed", _) => Status::Reviewed,
        ("final", _) => Status::Approved,
        _ => return None,
    })
}

fn original(project: &Project) -> String {
    let path = project.document.metadata.source_path.as_deref();
    let name = path
        .and_then(|p| std::path::Path::new(p).file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("article.txt");
    escape(name).into_owned()
}

pub fn to_xliff12(project: &Project) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"plaintext\" tool-id=\"tandem\">\n    <header>\n      <tool tool-id=\"tandem\" tool-name=\"Tandem\" tool-version=\"{}\"/>\n    </header>\n    <body>\n",
        original(project),
        escape(&project.languages.source),
        escape(&project.languages.target),
        env!("CARGO_PKG_VERSION"),
    );
    for (index, block) in project.document.blocks.iter().enumerate() {
        if block.segments.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "      <group id=\"b{}\" restype=\"x-{}\">",
            index + 1,
            block.kind.name()
        );
        for segment in &block.segments {
            let approved = if segment.status.is_done() {
                " approved=\"yes\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "        <trans-unit id=\"{}\" xml:space=\"preserve\"{approved}>",
                segment.id
            );
            let _ = writeln!(
                out,
                "          <source>{}</source>",
                escape(&segment.source)
            );
            // Where a draft came from, in XLIFF 1.2's own words, for tools that weigh it.
            let qualifier = match segment.origin {
                Origin::Machine if !segment.target.is_empty() => {
                    " state-qualifier=\"mt-suggestion\""
                }
                Origin::Memory if !segment.target.is_empty() => " state-qualifier=\"leveraged-tm\"",
                _ => "",
            };
            let _ = writeln!(
                out,
                "          <target state=\"{}\"{qualifier}>{}</target>",
                state_12(segment.status),
                escape(&segment.target)
            );
            if !segment.note.is_empty() {
                let _ = writeln!(out, "          <note>{}</note>", escape(&segment.note));
            }
            out.push_str("        </trans-unit>\n");
        }
        out.push_str("      </group>\n");
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

pub fn to_xliff2(project: &Project) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n  <file id=\"f1\" original=\"{}\">\n",
        escape(&project.languages.source),
        escape(&project.languages.target),
        original(project),
    );
    for (index, block) in project.document.blocks.iter().enumerate() {
        if block.segments.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "    <unit id=\"b{}\" type=\"tandem:{}\">",
            index + 1,
            block.kind.name()
        );
        let notes: Vec<_> = block
            .segments
            .iter()
            .filter(|s| !s.note.is_empty())
            .collect();
        if !notes.is_empty() {
            out.push_str("      <notes>\n");
            for segment in notes {
                let _ = writeln!(
                    out,
                    "        <note id=\"n{}\" category=\"{}\">{}</note>",
                    segment.id.0,
                    segment.id,
                    escape(&segment.note)
                );
            }
            out.push_str("      </notes>\n");
        }
        for (position, segment) in block.segments.iter().enumerate() {
            if position > 0 {
                out.push_str(
                    "      <ignorable><source xml:space=\"preserve\"> </source></ignorable>\n",
                );
            }
            let (state, sub_state) = state_2(segment.status);
            let sub_state = sub_state
                .map(|s| format!(" subState=\"{s}\""))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "      <segment id=\"{}\" state=\"{state}\"{sub_state}>",
                segment.id
            );
            let _ = writeln!(
                out,
                "        <source xml:space=\"preserve\">{}</source>",
                escape(&segment.source)
            );
            if !segment.target.is_empty() {
                let _ = writeln!(
                    out,
                    "        <target xml:space=\"preserve\">{}</target>",
                    escape(&segment.target)
                );
            }
            out.push_str("      </segment>\n");
        }
        out.push_str("    </unit>\n");
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

/// One translation unit as read from any XLIFF file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub source: String,
    pub target: Option<String>,
    pub status: Option<Status>,
    pub note: Option<String>,
}

#[derive(Debug, Error)]
pub enum XliffError {
    #[error("not a readable XLIFF file: {0}")]
    Xml(#[from] XmlError),
    #[error("not an XLIFF file: this is {0}")]
    NotXliff(String),
    #[error("XLIFF version {0:?} is not supported (1.x and 2.x are)")]
    Version(String),
}

/// Reads the translation units of an XLIFF 1.x or 2.x file (any tool's).
pub fn read_units(bytes: &[u8]) -> Result<Vec<Unit>, XliffError> {
    match sniff(bytes) {
        Sniffed::Xml { root } if root == "xliff" => {}
        Sniffed::Text | Sniffed::Xml { .. } | Sniffed::Html => {}
        other => return Err(XliffError::NotXliff(other.describe())),
    }
    let root = xml::parse_bytes(bytes)?;
    if root.name != "xliff" {
        return Err(XliffError::NotXliff(
            Sniffed::Xml { root: root.name }.describe(),
        ));
    }
    let version = root.attribute("version").unwrap_or("1.2");
    let mut units = Vec::new();
    if version.starts_with('1') {
        let mut found = Vec::new();
        root.descendants("trans-unit", &mut found);
        for unit in found {
            let target = unit.child("target");
            let approved = unit.attribute("approved") == Some("yes");
            let state = target.and_then(|t| t.attribute("state"));
            units.push(Unit {
                id: unit.attribute("id").unwrap_or_default().to_string(),
                source: unit.child("source").map(Element::text).unwrap_or_default(),
                target: target.map(Element::text),
                status: match state {
                    Some(state) => status_from_12(state),
                    None => approved.then_some(Status::Translated),
                },
                note: unit.child("note").map(Element::text),
            });
        }
    } else if version.starts_with('2') {
        let mut found = Vec::new();
        root.descendants("unit", &mut found);
        for unit in found {
            let notes: Vec<&Element> = unit
                .child("notes")
                .map(|n| n.children_named("note").collect())
                .unwrap_or_default();
            for segment in unit.children_named("segment") {
                let id = segment.attribute("id").unwrap_or_default().to_string();
                let note = notes
                    .iter()
                    .find(|n| n.attribute("category") == Some(id.as_str()))
                    .map(|n| n.text());
                units.push(Unit {
                    source: segment
                        .child("source")
                        .map(Element::text)
                        .unwrap_or_default(),
                    target: segment.child("target").map(Element::text),
                    // Without a state, the tool said nothing about it (the spec's default,
                    // "initial", would contradict a target it wrote).
                    status: segment
                        .attribute("state")
                        .and_then(|state| status_from_2(state, segment.attribute("subState"))),
                    note,
                    id,
                });
            }
        }
    } else {
        return Err(XliffError::Version(excerpt(version, 20)));
    }
    Ok(units)
}

/// What [`updates`] found: the edit to apply, and the units that did not fit.
#[derive(Debug)]
pub struct Updates {
    /// One batch: apply it as one undoable step.
    pub edit: Edit,
    pub diagnostics: Vec<Diagnostic>,
    /// Units skipped (no such segment, another source, a repeated unit).
    pub skipped: usize,
}

/// The edits that bring `project` in line with `units` (targets, statuses, notes), and
/// diagnostics for units that do not fit it. Apply the edit (one undoable step) to import.
///
/// A target that changes without a state in the file follows the project's rule for changed
/// targets ([`crate::model::Segment::status_for_new_target`]): a confirmed segment becomes a
/// draft again. Linear in the number of units.
pub fn updates(project: &Project, units: &[Unit]) -> Updates {
    let mut edits = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen = HashSet::with_capacity(units.len());
    const SHOWN: usize = 200;
    let mut unshown = 0usize;
    let mut skipped = 0usize;
    let mut warn = |diagnostics: &mut Vec<Diagnostic>, message: String| {
        skipped += 1;
        if diagnostics.len() < SHOWN {
            diagnostics.push(Diagnostic::warning(message));
        } else {
            unshown += 1;
        }
    };
    for unit in units {
        let id_text = excerpt(&unit.id, 40);
        let segment = unit
            .id
            .parse::<SegmentId>()
            .ok()
            .and_then(|id| project.segment(id));
        let Some(segment) = segment else {
            warn(
                &mut diagnostics,
                format!("unit {id_text:?} matches no segment of the project; skipped"),
            );
            continue;
        };
        if unit.source.trim() != segment.source.trim() {
            warn(
                &mut diagnostics,
                format!("unit {id_text:?}: the source differs from the project's; skipped"),
            );
            continue;
        }
        if !seen.insert(segment.id) {
            warn(
                &mut diagnostics,
                format!("unit {id_text:?} appears more than once; the later one is skipped"),
            );
            continue;
        }
        let id = segment.id;
        let mut status = unit.status;
        if let Some(target) = &unit.target
            && *target != segment.target
        {
            edits.push(Edit::SetTarget {
                id,
                target: target.clone(),
                origin: Origin::Imported,
            });
            if status.is_none() {
                status = segment.status_for_new_target(target);
            }
        }
        if let Some(status) = status
            && status != segment.status
        {
            edits.push(Edit::SetStatus { id, status });
        }
        if let Some(note) = &unit.note
            && *note != segment.note
        {
            edits.push(Edit::SetNote {
                id,
                note: note.clone(),
            });
        }
    }
    if unshown > 0 {
        diagnostics.push(Diagnostic::warning(format!(
            "{unshown} more units were skipped for the same reasons"
        )));
    }
    Updates {
        edit: Edit::Batch(edits),
        diagnostics,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_maps_round_trip_in_both_versions() {
        for status in Status::ALL {
            assert_eq!(status_from_12(state_12(status)), Some(status));
            let (state, sub) = state_2(status);
            assert_eq!(status_from_2(state, sub), Some(status));
        }
    }

    #[test]
    fn refuses_what_is_not_xliff() {
        assert!(matches!(
            read_units(b"<tmx/>"),
            Err(XliffError::NotXliff(_))
        ));
        assert!(matches!(
            read_units(b"<xliff version=\"3.0\"/>"),
            Err(XliffError::Version(_))
        ));
        assert!(read_units(b"<xliff><file>").is_err());
    }
}
