//! A printable side-by-side review document: one row per segment (number, status, German,
//! English), a visible break between blocks, credits shown across both columns.

use super::inline::{escape_html, to_html};
use crate::model::{BlockKind, Project};
use std::fmt::Write;

pub fn to_bilingual_html(project: &Project) -> String {
    let stats = project.stats();
    let done = stats.done();
    let title = project.title_source().unwrap_or_default();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{src}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title} ({src} → {trg})</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"summary\">{src} → {trg} · {done_s} of {all_s} segments translated · {done_w} of {all_w} words</p>\n<table>\n<thead><tr><th>#</th><th>Status</th><th lang=\"{src}\">German</th><th lang=\"{trg}\">English</th></tr></thead>\n<tbody>\n",
        src = escape_html(&project.languages.source),
        trg = escape_html(&project.languages.target),
        title = to_html(&title),
        done_s = done.segments,
        all_s = stats.total.segments,
        done_w = done.words,
        all_w = stats.total.words,
    );
    let mut number = 0;
    for (index, block) in project.document.blocks.iter().enumerate() {
        let class = block.kind.name();
        if index > 0 {
            let _ = writeln!(
                out,
                "<tr class=\"break\"><td colspan=\"4\">{}</td></tr>",
                label(&block.kind)
            );
        }
        if let Some(verbatim) = &block.verbatim {
            let _ = writeln!(
                out,
                "<tr class=\"{class}\"><td></td><td>locked</td><td colspan=\"2\">{}</td></tr>",
                escape_html(verbatim)
            );
            continue;
        }
        for segment in &block.segments {
            number += 1;
            let status = segment.status.name();
            let _ = writeln!(
                out,
                "<tr class=\"{class} {status}\" id=\"{id}\"><td class=\"n\">{number}</td><td class=\"st\">{status}</td><td lang=\"de\">{}</td><td lang=\"en\">{}</td></tr>",
                to_html(&segment.source),
                to_html(&segment.target),
                id = segment.id,
            );
            if !segment.note.is_empty() {
                let _ = writeln!(
                    out,
                    "<tr class=\"note\"><td></td><td>note</td><td colspan=\"2\">{}</td></tr>",
                    escape_html(&segment.note)
                );
            }
        }
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

/// The bilingual review document as an export.
pub struct BilingualHtmlWriter;

impl super::Writer for BilingualHtmlWriter {
    fn write(
        &self,
        project: &Project,
        _: super::article::ExportOptions,
    ) -> Result<Vec<u8>, super::ExportError> {
        Ok(to_bilingual_html(project).into_bytes())
    }
}

fn label(kind: &BlockKind) -> String {
    match kind {
        BlockKind::Heading { level } => format!("heading {level}"),
        other => other.name().replace('-', " "),
    }
}

const CSS: &str = "body { font-family: sans-serif; margin: 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
td.n, td.st { white-space: nowrap; color: #555; font-size: 0.85em; }
tr { page-break-inside: avoid; }
tr.break td { border: none; height: 0.8em; padding: 0; font-size: 0.7em; color: #888; }
tr.title td, tr.heading td { font-weight: bold; }
tr.credit td, tr.code td { color: #666; font-style: italic; }
tr.new td:last-child { background: #fdecea; }
tr.draft td:last-child { background: #fff6d5; }
tr.note td { font-size: 0.85em; color: #444; }
.summary { color: #444; }
@media print { body { margin: 0; } th { background: #eee; } }
";
