//! Reading articles into a [`Document`] and writing exports, one file per format, each behind
//! one of two traits: a [`Reader`] takes a file's bytes and returns raw blocks plus
//! diagnostics; a [`Writer`] takes a project and returns bytes.
//!
//! [`import_article`] first asks [`crate::base::sniff`] what the bytes are, before decoding
//! any text: a Word document, an XLIFF file or a Tandem project given as an article is named
//! as such instead of being refused as "binary" or read as text. Then the reader for the
//! format reads blocks, and [`build_document`] segments them.
//!
//! Readers never fail on odd content: they return diagnostics with the document. They fail
//! on input that is not an article, and on input too large to be one (more than
//! [`MAX_BLOCKS`] blocks or [`MAX_SEGMENTS`] segments), which they stop reading as soon as
//! the limit is passed so that memory stays bounded.

pub mod article;
pub mod bilingual_html;
pub mod docx;
mod export;
mod html;
pub mod inline;
mod markdown;
mod news;
pub mod tmx;
pub mod xliff;

use crate::base::Diagnostic;
use crate::base::decode::{DecodeError, decode_text};
use crate::base::sniff::{Sniffed, sniff};
use crate::model::{
    Block, BlockKind, Document, Languages, Metadata, Original, Segment, SegmentId, SourceFormat,
};
use crate::segment::Segmenter;
use std::ops::Range;
use std::path::Path;
use thiserror::Error;

pub use export::{ExportError, ExportFormat, Writer};

/// Blocks an article may have (paragraphs, headings, list items); a book has a few thousand.
pub const MAX_BLOCKS: usize = 200_000;
/// Segments a document may have.
pub const MAX_SEGMENTS: usize = 200_000;

/// A block as a reader sees it, before segmentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
    /// Where it sits in the original file, for formats written back into it.
    pub anchor: Option<String>,
    /// Segments the file fixes (a bilingual file's): taken as they are instead of segmenting
    /// `text`.
    pub segments: Option<Vec<Segment>>,
}

impl RawBlock {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> RawBlock {
        RawBlock {
            kind,
            text: text.into(),
            anchor: None,
            segments: None,
        }
    }
}

/// What a reader makes of a file: its blocks, the header's date and the text's encoding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawArticle {
    pub date: Option<String>,
    pub encoding: Option<&'static str>,
    pub blocks: Vec<RawBlock>,
    /// The file itself, for formats whose exports write back into it.
    pub original: Option<Vec<u8>>,
    /// The languages the file says it is in (a bilingual file).
    pub languages: Option<Languages>,
}

/// A document read from an article, with what the reader had to say about it.
#[derive(Debug)]
pub struct Imported {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
    /// The languages the file says it is in, when it says (a bilingual file).
    pub languages: Option<Languages>,
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{0}")]
    Decode(#[from] DecodeError),
    #[error("the article contains no text to translate")]
    NoText,
    #[error("{0}")]
    Damaged(String),
    #[error("this is {kind}, not an article; {hint}")]
    NotAnArticle { kind: String, hint: &'static str },
    #[error(
        "the article has more than {MAX_BLOCKS} paragraphs, headings and list items; Tandem reads articles, not whole archives: split the file"
    )]
    TooManyBlocks,
    #[error("the article has more than {MAX_SEGMENTS} sentences; split the file")]
    TooManySegments,
}

/// What a reader may read besides the article's text, when asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// A Word document's headers and footers (off by default: they are mostly page numbers
    /// and letterheads).
    pub headers_footers: bool,
}

/// Reads the blocks of one article format from a file's bytes.
pub trait Reader: Sync {
    fn format(&self) -> SourceFormat;
    fn read(
        &self,
        bytes: &[u8],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<RawArticle, ImportError>;

    /// [`Reader::read`] with options; readers without any ignore them.
    fn read_with(
        &self,
        bytes: &[u8],
        _options: ReadOptions,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<RawArticle, ImportError> {
        self.read(bytes, diagnostics)
    }
}

/// Pushes a block, refusing past [`MAX_BLOCKS`].
pub(crate) fn push_block(blocks: &mut Vec<RawBlock>, block: RawBlock) -> Result<(), ImportError> {
    if blocks.len() >= MAX_BLOCKS {
        return Err(ImportError::TooManyBlocks);
    }
    blocks.push(block);
    Ok(())
}

/// What a text format's reader makes of decoded text: the header's date and the blocks.
type TextBlocks = Result<(Option<String>, Vec<RawBlock>), ImportError>;

/// A reader of a text format: decode the bytes, then read blocks from the text.
struct TextReader {
    format: SourceFormat,
    blocks: fn(&str, &mut Vec<Diagnostic>) -> TextBlocks,
}

impl Reader for TextReader {
    fn format(&self) -> SourceFormat {
        self.format
    }

    fn read(
        &self,
        bytes: &[u8],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<RawArticle, ImportError> {
        let decoded = decode_text(bytes)?;
        diagnostics.extend(decoded.diagnostics);
        let (date, blocks) = (self.blocks)(&decoded.text, diagnostics)?;
        Ok(RawArticle {
            date,
            encoding: Some(decoded.encoding),
            blocks,
            original: None,
            languages: None,
        })
    }
}

static NEWS: TextReader = TextReader {
    format: SourceFormat::Text,
    blocks: |text, _| news::read(text),
};

static MARKDOWN: TextReader = TextReader {
    format: SourceFormat::Markdown,
    blocks: |text, _| Ok((None, markdown::read(text)?)),
};

static HTML: TextReader = TextReader {
    format: SourceFormat::Html,
    blocks: |text, diagnostics| Ok((None, html::read(text, diagnostics)?)),
};

/// The reader for a file, from its content first and its name second.
pub fn reader_for(
    bytes: &[u8],
    file_name: Option<&str>,
) -> Result<&'static dyn Reader, ImportError> {
    let not = |kind: &Sniffed, hint| {
        Err(ImportError::NotAnArticle {
            kind: kind.describe(),
            hint,
        })
    };
    let sniffed = sniff(bytes);
    match &sniffed {
        Sniffed::Empty => return Err(ImportError::Decode(DecodeError::Empty)),
        Sniffed::Zip { word: true } => return Ok(&docx::DOCX),
        Sniffed::Zip { word: false } | Sniffed::Binary { .. } => {
            return not(&sniffed, "open a text, Markdown or HTML article");
        }
        Sniffed::Json { project: true } => {
            return not(&sniffed, "open it as a project instead");
        }
        Sniffed::Xml { root } => match root.as_str() {
            "xliff" => return Ok(&xliff::XLIFF),
            "tmx" => return not(&sniffed, "Tandem reads TMX as a memory, not as an article"),
            "martif" | "tbx" => {
                return not(&sniffed, "attach it to a project as a glossary");
            }
            "srx" => return not(&sniffed, "pass it with --srx when making a project"),
            // A `.txt` file that merely opens with something in angle brackets ("<Joey> Du
            // bist …", a chat log) is text, unless that is an HTML element.
            other if !plain_text_name(file_name) || is_html_element(other) => {
                return Ok(&HTML);
            }
            _ => {}
        },
        Sniffed::Html => return Ok(&HTML),
        Sniffed::Json { project: false } | Sniffed::Text => {}
    }
    let extension = file_name
        .and_then(|n| Path::new(n).extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    Ok(match extension.as_deref() {
        Some("html" | "htm" | "xhtml") => &HTML,
        Some("md" | "markdown") => &MARKDOWN,
        _ => &NEWS,
    })
}

/// Reads an article: the content decides the kind of file (see [`reader_for`]); for text,
/// `file_name`'s extension picks Markdown or HTML, and a ` date YYYY-MM` header makes it a
/// news article.
pub fn import_article(
    bytes: &[u8],
    file_name: Option<&str>,
    segmenter: &Segmenter,
) -> Result<Imported, ImportError> {
    import_article_with(bytes, file_name, segmenter, ReadOptions::default())
}

/// [`import_article`] with options for what to read besides the text.
pub fn import_article_with(
    bytes: &[u8],
    file_name: Option<&str>,
    segmenter: &Segmenter,
    options: ReadOptions,
) -> Result<Imported, ImportError> {
    let reader = reader_for(bytes, file_name)?;
    let mut diagnostics = Vec::new();
    let raw = reader.read_with(bytes, options, &mut diagnostics)?;
    let format = match reader.format() {
        SourceFormat::Text if raw.date.is_some() => SourceFormat::News,
        other => other,
    };
    let metadata = Metadata {
        date: raw.date,
        format,
        source_path: None,
        source_encoding: raw.encoding.map(str::to_string),
    };
    let languages = raw.languages;
    let mut document = build_document(metadata, raw.blocks, segmenter, &mut diagnostics)?;
    document.original = raw.original.map(|bytes| Original {
        name: file_name
            .and_then(|n| Path::new(n).file_name())
            .map_or_else(
                || "original".to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        bytes: bytes.into(),
    });
    if document.blocks.iter().all(|b| b.segments.is_empty()) {
        if format == SourceFormat::Xliff {
            return Err(ImportError::Damaged(
                "the XLIFF file has no segment with text to translate (its units are empty, marked translate=\"no\", or hold only codes)".into(),
            ));
        }
        return Err(ImportError::NoText);
    }
    Ok(Imported {
        document,
        diagnostics,
        languages,
    })
}

/// Segments the translatable blocks; credits (and code) stay verbatim. Segment ids are left
/// at 0 for [`crate::model::Project::from_document`] to number. Refuses past
/// [`MAX_SEGMENTS`]; a notice from the segmenter (imported rules too expensive for a
/// paragraph) becomes a diagnostic, once.
pub fn build_document(
    metadata: Metadata,
    blocks: Vec<RawBlock>,
    segmenter: &Segmenter,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Document, ImportError> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut count = 0usize;
    let mut noticed = false;
    for raw in blocks
        .into_iter()
        .filter(|b| b.segments.is_some() || !b.text.trim().is_empty())
    {
        if let Some(segments) = raw.segments {
            count += segments.len();
            if count > MAX_SEGMENTS {
                return Err(ImportError::TooManySegments);
            }
            let mut block = Block::of(raw.kind, segments);
            block.anchor = raw.anchor;
            out.push(block);
            continue;
        }
        if !raw.kind.is_translatable() {
            out.push(Block {
                kind: raw.kind,
                verbatim: Some(raw.text),
                segments: Vec::new(),
                anchor: raw.anchor,
            });
            continue;
        }
        let (ranges, notice) = segmenter.split_checked(&raw.text);
        if let Some(notice) = notice
            && !noticed
        {
            noticed = true;
            diagnostics.push(Diagnostic::warning(notice));
        }
        count += ranges.len();
        if count > MAX_SEGMENTS {
            return Err(ImportError::TooManySegments);
        }
        // A headline glued into a paragraph becomes a heading of its own, so that exports
        // give it its own line.
        let mut segments = Vec::with_capacity(ranges.len());
        for (k, range) in ranges.iter().enumerate() {
            let source = &raw.text[range.clone()];
            if source.contains('\n') {
                segments.push(Segment::new(SegmentId(0), collapse_whitespace(source)));
            } else {
                segments.push(Segment::new(SegmentId(0), source));
            }
            let glued = raw.kind == BlockKind::Paragraph
                && ranges
                    .get(k + 1)
                    .is_some_and(|next| is_glued_headline(&raw.text, range, next));
            if glued {
                let headline = segments.pop().expect("just pushed");
                if !segments.is_empty() {
                    let mut block = Block::of(BlockKind::Paragraph, std::mem::take(&mut segments));
                    block.anchor = raw.anchor.clone();
                    out.push(block);
                }
                let mut heading = Block::of(BlockKind::Heading { level: 2 }, vec![headline]);
                heading.anchor = raw.anchor.clone();
                out.push(heading);
            }
        }
        if !segments.is_empty() {
            let mut block = Block::of(raw.kind, segments);
            block.anchor = raw.anchor;
            out.push(block);
        }
    }
    Ok(Document {
        metadata,
        blocks: out,
        original: None,
    })
}

fn plain_text_name(file_name: Option<&str>) -> bool {
    file_name
        .and_then(|n| Path::new(n).extension())
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("text"))
}

fn is_html_element(name: &str) -> bool {
    const ELEMENTS: [&str; 24] = [
        "html", "head", "body", "main", "article", "section", "div", "p", "span", "header",
        "footer", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "meta",
        "title",
    ];
    ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name))
}

/// A segment the segmenter split off without final punctuation, on the same line as the next
/// one: a teaser or intertitle a website glued into the paragraph.
fn is_glued_headline(text: &str, range: &Range<usize>, next: &Range<usize>) -> bool {
    let segment = text[range.clone()].trim_end_matches(|c: char| {
        matches!(c, '"' | '“' | '”' | '«' | '»' | ')' | ']' | '\'' | '’')
    });
    // A clause cut off by a quotation the source lost ("Sie habe Er hat nichts getan!
    // geschrien") is no headline.
    const CLAUSE_OPENERS: [&str; 15] = [
        "Sie", "Er", "Es", "Ich", "Wir", "Ihr", "Du", "Man", "Und", "Aber", "Oder", "Doch", "Denn",
        "Sondern", "Dann",
    ];
    let first = segment.split_whitespace().next().unwrap_or("");
    !segment.ends_with(['.', '!', '?', '…', ':', ';', ','])
        && !CLAUSE_OPENERS.contains(&first)
        && !text[range.end..next.start].contains('\n')
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

    fn reader(bytes: &[u8], name: Option<&str>) -> Result<SourceFormat, String> {
        reader_for(bytes, name)
            .map(|r| r.format())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn format_detection() {
        assert_eq!(reader(b"x", Some("a.MD")), Ok(SourceFormat::Markdown));
        assert_eq!(reader(b"<!DOCTYPE html><p>x", None), Ok(SourceFormat::Html));
        assert_eq!(
            reader(b" date 2024-06 Titel\n", None),
            Ok(SourceFormat::Text)
        );
        assert_eq!(
            reader(b"Titel\n\nText.", Some("a.txt")),
            Ok(SourceFormat::Text)
        );
        assert_eq!(
            reader(b"PK\x03\x04 word/document.xml", Some("a.txt")),
            Ok(SourceFormat::Docx)
        );
        assert_eq!(
            reader(
                b"<?xml version=\"1.0\"?><xliff version=\"1.2\"/>",
                Some("a.txt"),
            ),
            Ok(SourceFormat::Xliff)
        );
        let project = reader(b"{\"format\": \"tandem-project\"}", Some("a.txt")).unwrap_err();
        assert!(project.contains("Tandem project"), "{project}");
    }

    #[test]
    fn a_news_header_makes_a_news_article() {
        let imported =
            import_article(b" date 2024-06 Titel\n\nText.", None, &Segmenter::german()).unwrap();
        assert_eq!(imported.document.metadata.format, SourceFormat::News);
        assert_eq!(imported.document.metadata.date.as_deref(), Some("2024-06"));
    }

    #[test]
    fn too_many_blocks_or_segments_are_refused() {
        let items = "- x\n".repeat(MAX_BLOCKS + 1);
        let error = import_article(items.as_bytes(), None, &Segmenter::german()).unwrap_err();
        assert!(matches!(error, ImportError::TooManyBlocks), "{error}");
        let dots = "Ja. ".repeat(MAX_SEGMENTS + 1);
        let error = import_article(dots.as_bytes(), None, &Segmenter::german()).unwrap_err();
        assert!(matches!(error, ImportError::TooManySegments), "{error}");
    }
}
