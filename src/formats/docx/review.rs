//! The bilingual review document: a Word table of every segment (id, German, English, status,
//! an empty comment column) for an editor who does not use translation tools, and reading the
//! corrected table back.
//!
//! The document is protected for editing with exceptions for everyone in the English and
//! comment cells (Word's "restrict editing": the ids and the German cannot be changed by
//! accident; the protection has no password, so it can be lifted on purpose). The id and German
//! columns are shaded as well, so the rule shows in any reader and on paper; the page is A4
//! landscape and the header row repeats on every page.
//!
//! Reading back ([`read_rows`]) takes every row of the tables that open with the header row; the
//! English cell is read like any Word paragraph (runs merged, tracked changes accepted, bold,
//! italic and links as inline markup). [`updates`] turns the rows into one batch of edits and
//! reports rows that are broken, unknown or repeated, and segments whose row is missing.

use super::dom::{self, Element};
use super::generate::{Links, markup_runs, package, text_run};
use super::package::Package;
use crate::base::{Diagnostic, SegmentId, excerpt};
use crate::model::edit::Edit;
use crate::model::{Origin, Project, Status};
use std::collections::HashSet;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Column widths in twentieths of a point on landscape A4 (15,398 wide, less margins).
const WIDTHS: [u32; 5] = [900, 5200, 5200, 1100, 2000];
const HEADERS: [&str; 5] = ["ID", "German", "English", "Status", "Comment"];

/// The review document's bytes.
pub(super) fn document(project: &Project, language: &str) -> Result<Vec<u8>, String> {
    let mut body = Element::new("w:body");
    let title = match &project.document.original {
        Some(original) => format!("Review: {}", original.name),
        None => "Review of the English translation".to_string(),
    };
    body = body.with_child(
        Element::new("w:p")
            .with_child(
                Element::new("w:pPr")
                    .with_child(Element::new("w:pStyle").with_attr("w:val", "Title")),
            )
            .with_child(text_run(&title, false, false, None)),
    );
    body = body.with_child(Element::new("w:p").with_child(text_run(
        "Correct the English column and write remarks in the Comment column. The ID and German columns are locked; do not delete or reorder rows.",
        false,
        true,
        None,
    )));
    let mut table = Element::new("w:tbl").with_child(
        Element::new("w:tblPr")
            .with_child(Element::new("w:tblStyle").with_attr("w:val", "TableGrid"))
            .with_child(
                Element::new("w:tblW")
                    .with_attr("w:w", "0")
                    .with_attr("w:type", "auto"),
            )
            .with_child(borders())
            .with_child(Element::new("w:tblLayout").with_attr("w:type", "fixed")),
    );
    let mut grid = Element::new("w:tblGrid");
    for width in WIDTHS {
        grid = grid.with_child(Element::new("w:gridCol").with_attr("w:w", &width.to_string()));
    }
    table = table.with_child(grid);
    let mut header = Element::new("w:tr").with_child(
        Element::new("w:trPr")
            .with_child(Element::new("w:tblHeader"))
            .with_child(Element::new("w:cantSplit")),
    );
    for (k, name) in HEADERS.iter().enumerate() {
        header = header.with_child(cell(
            k,
            Some("D9D9D9"),
            vec![text_run(name, true, false, None)],
            None,
        ));
    }
    table = table.with_child(header);
    let mut links = Links::default();
    let mut permission = 0u32;
    for segment in project.segments() {
        let mut row = Element::new("w:tr")
            .with_child(Element::new("w:trPr").with_child(Element::new("w:cantSplit")));
        row = row.with_child(cell(
            0,
            Some("D9D9D9"),
            vec![text_run(&segment.id.to_string(), false, false, None)],
            None,
        ));
        row = row.with_child(cell(
            1,
            Some("F2F2F2"),
            markup_runs(&segment.source, Some("de-DE"), &mut links),
            None,
        ));
        permission += 1;
        row = row.with_child(cell(
            2,
            None,
            markup_runs(&segment.target, Some(language), &mut links),
            Some(permission),
        ));
        row = row.with_child(cell(
            3,
            Some("F2F2F2"),
            vec![text_run(segment.status.name(), false, false, None)],
            None,
        ));
        permission += 1;
        row = row.with_child(cell(4, None, Vec::new(), Some(permission)));
        table = table.with_child(row);
    }
    body = body.with_child(table);
    body = body.with_child(Element::new("w:p"));
    body = body.with_child(
        Element::new("w:sectPr")
            .with_child(
                Element::new("w:pgSz")
                    .with_attr("w:w", "16838")
                    .with_attr("w:h", "11906")
                    .with_attr("w:orient", "landscape"),
            )
            .with_child(
                Element::new("w:pgMar")
                    .with_attr("w:top", "1000")
                    .with_attr("w:right", "720")
                    .with_attr("w:bottom", "1000")
                    .with_attr("w:left", "720")
                    .with_attr("w:header", "500")
                    .with_attr("w:footer", "500")
                    .with_attr("w:gutter", "0"),
            ),
    );
    let settings = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:documentProtection w:edit="readOnly" w:enforcement="1"/></w:settings>"#
    );
    package(body, language, &links, Some(settings))
}

fn borders() -> Element {
    let mut borders = Element::new("w:tblBorders");
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        borders = borders.with_child(
            Element::new(side)
                .with_attr("w:val", "single")
                .with_attr("w:sz", "4")
                .with_attr("w:space", "0")
                .with_attr("w:color", "808080"),
        );
    }
    borders
}

/// A cell of column `k`; `editable` wraps its content in an editing exception for everyone.
fn cell(k: usize, shade: Option<&str>, runs: Vec<Element>, editable: Option<u32>) -> Element {
    let mut properties = Element::new("w:tcPr").with_child(
        Element::new("w:tcW")
            .with_attr("w:w", &WIDTHS[k].to_string())
            .with_attr("w:type", "dxa"),
    );
    if let Some(fill) = shade {
        properties = properties.with_child(
            Element::new("w:shd")
                .with_attr("w:val", "clear")
                .with_attr("w:color", "auto")
                .with_attr("w:fill", fill),
        );
    }
    let mut paragraph = Element::new("w:p").with_child(
        Element::new("w:pPr").with_child(Element::new("w:spacing").with_attr("w:after", "0")),
    );
    if let Some(id) = editable {
        paragraph = paragraph.with_child(
            Element::new("w:permStart")
                .with_attr("w:id", &id.to_string())
                .with_attr("w:edGrp", "everyone"),
        );
    }
    for run in runs {
        paragraph = paragraph.with_child(run);
    }
    if let Some(id) = editable {
        paragraph =
            paragraph.with_child(Element::new("w:permEnd").with_attr("w:id", &id.to_string()));
    }
    Element::new("w:tc")
        .with_child(properties)
        .with_child(paragraph)
}

/// One row of a returned review table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The row's number in its table, counting the header (for messages).
    pub number: usize,
    pub id: String,
    pub cells: usize,
    /// The English cell, as inline markup.
    pub english: String,
    pub comment: String,
}

/// The rows of every table of a returned review document.
pub fn read_rows(bytes: &[u8]) -> Result<Vec<Row>, String> {
    let package = Package::read(bytes)?;
    let main = package
        .main_part()
        .ok_or("the review document has no main document part")?;
    let data = package.get(&main).ok_or("the main part is missing")?;
    let part = dom::parse(data).map_err(|e| format!("{main}: {e}"))?;
    let styles = super::read::Styles::default();
    let links = super::package::links(&package, &main);
    let mut rows = Vec::new();
    let mut tables = Vec::new();
    collect(&part.root, "w:tbl", &mut tables);
    for table in tables {
        // A review table opens with the header row Tandem wrote ("ID", "German", …); other
        // tables (an article's own) are not read.
        let mut is_review = false;
        for (number, tr) in table.elements().filter(|e| e.name == "w:tr").enumerate() {
            let mut cells = Vec::new();
            collect(tr, "w:tc", &mut cells);
            let text = |k: usize| {
                cells.get(k).map_or(String::new(), |cell| {
                    super::read::element_markup(cell, &main, &links, &styles)
                })
            };
            let id = crate::formats::inline::to_plain(&text(0))
                .trim()
                .to_string();
            if number == 0 {
                is_review = id.eq_ignore_ascii_case("id");
                continue;
            }
            if !is_review {
                break;
            }
            rows.push(Row {
                number: number + 1,
                id,
                cells: cells.len(),
                english: text(2),
                comment: crate::formats::inline::to_plain(&text(4))
                    .trim()
                    .to_string(),
            });
        }
    }
    Ok(rows)
}

/// Elements named `name` below `e`, not looking inside the ones found (a nested table's rows
/// belong to it).
fn collect<'a>(e: &'a Element, name: &str, out: &mut Vec<&'a Element>) {
    for child in e.elements() {
        if child.name == name {
            out.push(child);
        } else {
            collect(child, name, out);
        }
    }
}

/// The edits a returned review asks for, as one batch, and what did not fit.
pub struct Updates {
    pub edit: Edit,
    pub diagnostics: Vec<Diagnostic>,
    /// Segments whose English changed.
    pub corrected: usize,
    /// Comments that became notes.
    pub notes: usize,
    /// Rows that were not used.
    pub skipped: usize,
}

/// Turns review rows into edits: a changed English cell sets the target (and the status to
/// `status`, unless `None`: keep it), a comment is added to the segment's note. Rows without
/// five cells, with an unknown or repeated id, and segments without a row are reported, never
/// guessed at.
pub fn updates(project: &Project, rows: &[Row], status: Option<Status>) -> Updates {
    let mut edits = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen = HashSet::new();
    let (mut corrected, mut notes, mut skipped) = (0, 0, 0);
    for row in rows {
        let where_ = format!("row {} ({})", row.number, excerpt(&row.id, 20));
        if row.cells < HEADERS.len() {
            skipped += 1;
            diagnostics.push(Diagnostic::warning(format!(
                "{where_} has {} cells instead of {}: the table was changed there; skipped",
                row.cells,
                HEADERS.len()
            )));
            continue;
        }
        let Some(segment) = row
            .id
            .parse::<SegmentId>()
            .ok()
            .and_then(|id| project.segment(id))
        else {
            skipped += 1;
            diagnostics.push(Diagnostic::warning(format!(
                "{where_}: no segment of the project has this id; skipped"
            )));
            continue;
        };
        if !seen.insert(segment.id) {
            skipped += 1;
            diagnostics.push(Diagnostic::warning(format!(
                "{where_}: segment {} has a row already; skipped",
                segment.id
            )));
            continue;
        }
        let id = segment.id;
        let english = row.english.trim();
        if english != segment.target.trim() {
            if english.is_empty() {
                diagnostics.push(Diagnostic::warning(format!(
                    "{where_}: the English of {id} was emptied; left as it was"
                )));
            } else {
                corrected += 1;
                edits.push(Edit::SetTarget {
                    id,
                    target: english.to_string(),
                    origin: Origin::Imported,
                });
                if let Some(status) = status.filter(|s| *s != segment.status) {
                    edits.push(Edit::SetStatus { id, status });
                }
            }
        }
        let comment = row.comment.trim();
        if !comment.is_empty() && !segment.note.contains(comment) {
            notes += 1;
            let note = if segment.note.trim().is_empty() {
                format!("Review: {comment}")
            } else {
                format!("{}\nReview: {comment}", segment.note.trim_end())
            };
            edits.push(Edit::SetNote { id, note });
        }
    }
    let missing: Vec<String> = project
        .segments()
        .filter(|s| !seen.contains(&s.id))
        .map(|s| s.id.to_string())
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(20).map(String::as_str).collect();
        diagnostics.push(Diagnostic::warning(format!(
            "{} segment(s) have no row in the review (deleted rows?): {}{}",
            missing.len(),
            shown.join(", "),
            if missing.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        )));
    }
    Updates {
        edit: Edit::Batch(edits),
        diagnostics,
        corrected,
        notes,
        skipped,
    }
}
