//! Reading articles into a [`Document`] and writing exports, one file per format.
//!
//! Readers turn decoded text into [`RawBlock`]s (kind + text); [`build_document`] segments the
//! translatable ones. Readers never fail on odd content: they return warnings with the
//! document. They fail only on input that is not text at all.

pub mod article;
pub mod bilingual_html;
pub mod decode;
mod html;
pub mod inline;
mod markdown;
mod news;
pub mod tmx;
pub mod xliff;
pub mod xml;

use crate::model::{Block, BlockKind, Document, Metadata, Segment, SegmentId, SourceFormat};
use crate::segment::Segmenter;
use decode::{DecodeError, decode_text};
use std::path::Path;
use thiserror::Error;

/// A block as a reader sees it, before segmentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
}

impl RawBlock {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> RawBlock {
        RawBlock {
            kind,
            text: text.into(),
        }
    }
}

/// A document read from an article, with what the reader had to say about it.
#[derive(Debug)]
pub struct Imported {
    pub document: Document,
    pub warnings: Vec<String>,
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{0}")]
    Decode(#[from] DecodeError),
    #[error("the article contains no text to translate")]
    NoText,
}

/// Reads an article. `file_name` (if any) picks the format by extension; otherwise the content
/// decides (HTML markup, a ` date YYYY-MM` header, or plain text).
pub fn import_article(
    bytes: &[u8],
    file_name: Option<&str>,
    segmenter: &Segmenter,
) -> Result<Imported, ImportError> {
    let decoded = decode_text(bytes)?;
    let text = decoded.text;
    let format = detect_format(&text, file_name);
    let mut warnings = Vec::new();
    let (date, blocks) = match format {
        SourceFormat::Html => (None, html::read(&text, &mut warnings)),
        SourceFormat::Markdown => (None, markdown::read(&text)),
        SourceFormat::News | SourceFormat::Text => news::read(&text),
    };
    let metadata = Metadata {
        date,
        format,
        source_path: None,
        source_encoding: Some(decoded.encoding.to_string()),
    };
    let document = build_document(metadata, blocks, segmenter);
    if document.blocks.iter().all(|b| b.segments.is_empty()) {
        return Err(ImportError::NoText);
    }
    Ok(Imported { document, warnings })
}

/// Which reader suits `text`.
pub fn detect_format(text: &str, file_name: Option<&str>) -> SourceFormat {
    let extension = file_name
        .and_then(|n| Path::new(n).extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm" | "xhtml") => return SourceFormat::Html,
        Some("md" | "markdown") => return SourceFormat::Markdown,
        _ => {}
    }
    let head = text.trim_start().get(..200.min(text.trim_start().len()));
    let head = head.unwrap_or_default().to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        SourceFormat::Html
    } else if news::parse_header(text.lines().next().unwrap_or_default()).is_some() {
        SourceFormat::News
    } else {
        SourceFormat::Text
    }
}

/// Segments the translatable blocks; credits (and code) stay verbatim. Segment ids are left
/// at 0 for [`crate::model::Project::from_document`] to number.
pub fn build_document(
    metadata: Metadata,
    blocks: Vec<RawBlock>,
    segmenter: &Segmenter,
) -> Document {
    let blocks = blocks
        .into_iter()
        .filter(|b| !b.text.trim().is_empty())
        .map(|raw| {
            if !raw.kind.is_translatable() {
                return Block {
                    kind: raw.kind,
                    verbatim: Some(raw.text),
                    segments: Vec::new(),
                };
            }
            let segments = segmenter
                .sentences(&raw.text)
                .into_iter()
                .map(|s| Segment::new(SegmentId(0), s))
                .collect();
            Block {
                kind: raw.kind,
                verbatim: None,
                segments,
            }
        })
        .collect();
    Document { metadata, blocks }
}

/// `("-", "rest")` for "- rest" with one of `bullets`; numbered items ("1. ", "2) ") keep
/// their number as the marker ("1.").
pub(crate) fn list_marker<'l>(
    line: &'l str,
    bullets: &[&'static str],
) -> Option<(&'l str, &'l str)> {
    for bullet in bullets {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((&line[..bullet.trim_end().len()], rest.trim()));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let after = &line[digits..];
        if let Some(rest) = after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(") "))
        {
            return Some((&line[..digits + 1], rest.trim()));
        }
    }
    None
}

/// Collapses runs of whitespace (line breaks included) into single spaces and trims.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The current time as `YYYYMMDDThhmmssZ` (TMX) or, with `iso`, `YYYY-MM-DDThh:mm:ssZ`.
pub fn utc_now(iso: bool) -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    if iso {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
    } else {
        format!("{y:04}{mo:02}{d:02}T{h:02}{m:02}{s:02}Z")
    }
}

/// Blocks as (kind, text) pairs, headings as "h2" and list items as "li-", for reader tests.
#[cfg(test)]
pub(crate) fn describe(blocks: Vec<RawBlock>) -> Vec<(String, String)> {
    blocks
        .into_iter()
        .map(|b| {
            let kind = match &b.kind {
                BlockKind::Heading { level } => format!("h{level}"),
                BlockKind::ListItem { marker } => format!("li{marker}"),
                other => other.name().to_string(),
            };
            (kind, b.text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_detection() {
        assert_eq!(detect_format("x", Some("a.MD")), SourceFormat::Markdown);
        assert_eq!(
            detect_format("<!DOCTYPE html><p>x", None),
            SourceFormat::Html
        );
        assert_eq!(
            detect_format(" date 2024-06 Titel\n", None),
            SourceFormat::News
        );
        assert_eq!(
            detect_format("Titel\n\nText.", Some("a.txt")),
            SourceFormat::Text
        );
    }

    #[test]
    fn utc_now_has_the_tmx_shape() {
        let now = utc_now(false);
        assert_eq!(now.len(), 16, "{now}");
        assert!(now.starts_with("20") && now.ends_with('Z'));
        assert_eq!(utc_now(true).len(), 20);
    }
}

/// Every export Tandem writes, for the command line and the menus alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Txt,
    Md,
    Html,
    BilingualHtml,
    Tmx,
    Xliff12,
    Xliff2,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Txt,
        ExportFormat::Md,
        ExportFormat::Html,
        ExportFormat::BilingualHtml,
        ExportFormat::Tmx,
        ExportFormat::Xliff12,
        ExportFormat::Xliff2,
    ];

    /// The name on the command line (`--to xliff12`).
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Txt => "txt",
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
            ExportFormat::BilingualHtml => "bilingual-html",
            ExportFormat::Tmx => "tmx",
            ExportFormat::Xliff12 => "xliff12",
            ExportFormat::Xliff2 => "xliff2",
        }
    }

    pub fn from_name(name: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Txt => "English article (.txt)",
            ExportFormat::Md => "English article (Markdown)",
            ExportFormat::Html => "English article (HTML)",
            ExportFormat::BilingualHtml => "Bilingual review document (HTML)",
            ExportFormat::Tmx => "Translation memory (TMX 1.4)",
            ExportFormat::Xliff12 => "XLIFF 1.2",
            ExportFormat::Xliff2 => "XLIFF 2.0",
        }
    }

    /// What goes after the project's name: `article.en.txt`, `article.xlf`, …
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Txt => "en.txt",
            ExportFormat::Md => "en.md",
            ExportFormat::Html => "en.html",
            ExportFormat::BilingualHtml => "bilingual.html",
            ExportFormat::Tmx => "tmx",
            ExportFormat::Xliff12 => "xlf",
            ExportFormat::Xliff2 => "xliff2.xlf",
        }
    }

    /// The English article formats refuse untranslated segments unless allowed.
    pub fn is_article(self) -> bool {
        matches!(
            self,
            ExportFormat::Txt | ExportFormat::Md | ExportFormat::Html
        )
    }

    pub fn export(
        self,
        project: &crate::model::Project,
        options: article::ExportOptions,
    ) -> Result<String, article::Incomplete> {
        Ok(match self {
            ExportFormat::Txt => article::to_text(project, options)?,
            ExportFormat::Md => article::to_markdown(project, options)?,
            ExportFormat::Html => article::to_html_document(project, options)?,
            ExportFormat::BilingualHtml => bilingual_html::to_bilingual_html(project),
            ExportFormat::Tmx => tmx::to_tmx(project),
            ExportFormat::Xliff12 => xliff::to_xliff12(project),
            ExportFormat::Xliff2 => xliff::to_xliff2(project),
        })
    }
}
