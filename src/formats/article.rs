//! The finished English article in the source's shape: `.txt` (news header line when the source
//! had one), `.md` and `.html`. Segments without a target make the export fail with the list
//! of them, or, when allowed, fall back to the German source, visibly flagged.

use super::inline::{escape_html, to_html, to_plain};
use crate::model::{Block, BlockKind, Project, Segment, SegmentId, SourceFormat, join_sentences};
use std::fmt::Write;
use thiserror::Error;

#[derive(Clone, Copy, Debug, Default)]
pub struct ExportOptions {
    /// Use the German source (flagged) where a target is missing, instead of failing.
    pub allow_incomplete: bool,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error("{} segment(s) have no translation: {}", .0.len(), list_missing(.0))]
pub struct Incomplete(pub Vec<(SegmentId, String)>);

fn list_missing(missing: &[(SegmentId, String)]) -> String {
    let shown: Vec<String> = missing
        .iter()
        .take(10)
        .map(|(id, source)| format!("{id} “{}”", preview(source)))
        .collect();
    let more = missing.len().saturating_sub(10);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{}{tail}", shown.join(", "))
}

fn preview(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Segments without a target, in document order.
pub fn missing_targets(project: &Project) -> Vec<(SegmentId, String)> {
    project
        .segments()
        .filter(|s| s.target.trim().is_empty())
        .map(|s| (s.id, s.source.clone()))
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Text,
    Markdown,
    Html,
}

/// What goes into the English article for one segment.
fn english(segment: &Segment, flavor: Flavor) -> String {
    let target = segment.target.trim();
    if !target.is_empty() {
        return match flavor {
            Flavor::Text => to_plain(target),
            Flavor::Markdown => target.to_string(),
            Flavor::Html => to_html(target),
        };
    }
    match flavor {
        Flavor::Text => format!("[[untranslated: {}]]", to_plain(&segment.source)),
        Flavor::Markdown => format!("[[untranslated: {}]]", segment.source),
        Flavor::Html => format!(
            "<span class=\"untranslated\" lang=\"de\" title=\"untranslated\">{}</span>",
            to_html(&segment.source)
        ),
    }
}

/// A block's English as inline markup (verbatim blocks as they are).
pub(crate) fn block_markup(block: &Block) -> String {
    block_english(block, Flavor::Markdown)
}

fn block_english(block: &Block, flavor: Flavor) -> String {
    if let Some(verbatim) = &block.verbatim {
        return match flavor {
            Flavor::Html => escape_html(verbatim),
            _ => verbatim.clone(),
        };
    }
    let parts: Vec<String> = block.segments.iter().map(|s| english(s, flavor)).collect();
    join_sentences(parts.iter().map(String::as_str))
}

pub(crate) fn check(project: &Project, options: ExportOptions) -> Result<(), Incomplete> {
    let missing = missing_targets(project);
    if missing.is_empty() || options.allow_incomplete {
        Ok(())
    } else {
        Err(Incomplete(missing))
    }
}

/// Plain text; a news article gets its ` date YYYY-MM Title` header back.
pub fn to_text(project: &Project, options: ExportOptions) -> Result<String, Incomplete> {
    check(project, options)?;
    let doc = &project.document;
    let mut out = String::new();
    let mut blocks = doc.blocks.iter().peekable();
    if doc.metadata.format == SourceFormat::News || doc.metadata.date.is_some() {
        let title = blocks
            .next_if(|b| b.kind == BlockKind::Title)
            .map(|b| block_english(b, Flavor::Text))
            .unwrap_or_default();
        let date = doc.metadata.date.as_deref().unwrap_or("");
        let _ = write!(out, " date {date} {title}");
    }
    let mut previous: Option<&BlockKind> = None;
    for block in blocks {
        let text = block_english(block, Flavor::Text);
        if !out.is_empty() {
            out.push_str(separator(previous, &block.kind, "\n"));
        }
        match &block.kind {
            BlockKind::ListItem { marker } => {
                let _ = write!(out, "{marker} {text}");
            }
            BlockKind::Quote => {
                let _ = write!(out, "> {text}");
            }
            _ => out.push_str(&text),
        }
        previous = Some(&block.kind);
    }
    out.push('\n');
    Ok(out)
}

/// What goes between two blocks: a line break between list items and between the lines of a
/// line-structured paragraph (`line_break`), else a blank line.
fn separator(
    previous: Option<&BlockKind>,
    kind: &BlockKind,
    line_break: &'static str,
) -> &'static str {
    match (previous, kind) {
        (Some(BlockKind::ListItem { .. }), BlockKind::ListItem { .. }) => "\n",
        (Some(BlockKind::Line), BlockKind::Line) => line_break,
        _ => "\n\n",
    }
}

pub fn to_markdown(project: &Project, options: ExportOptions) -> Result<String, Incomplete> {
    check(project, options)?;
    let mut out = String::new();
    let mut previous: Option<&BlockKind> = None;
    for block in &project.document.blocks {
        let text = block_english(block, Flavor::Markdown);
        if !out.is_empty() {
            // A backslash before the line break is a hard line break in CommonMark.
            out.push_str(separator(previous, &block.kind, "\\\n"));
        }
        match &block.kind {
            BlockKind::Title => {
                let _ = write!(out, "# {text}");
                if let Some(date) = &project.document.metadata.date {
                    let _ = write!(out, "\n\n*{date}*");
                }
            }
            BlockKind::Heading { level } => {
                let _ = write!(out, "{} {text}", "#".repeat(usize::from(*level)));
            }
            BlockKind::ListItem { marker } => {
                let _ = write!(out, "{marker} {text}");
            }
            BlockKind::Quote => {
                let _ = write!(out, "> {text}");
            }
            BlockKind::Credit => {
                let _ = write!(out, "*{}*", super::inline::escape_markup(&text));
            }
            _ => out.push_str(&text),
        }
        previous = Some(&block.kind);
    }
    out.push('\n');
    Ok(out)
}

pub fn to_html_document(project: &Project, options: ExportOptions) -> Result<String, Incomplete> {
    check(project, options)?;
    let doc = &project.document;
    let title = doc
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Title)
        .map(|b| to_plain(&block_english(b, Flavor::Markdown)))
        .unwrap_or_default();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<article>\n",
        escape_html(&project.languages.target),
        escape_html(&title),
        ARTICLE_CSS
    );
    let mut open_list: Option<&'static str> = None;
    for block in &doc.blocks {
        let text = block_english(block, Flavor::Html);
        let list = match &block.kind {
            BlockKind::ListItem { marker } if marker.ends_with(['.', ')']) => Some("ol"),
            BlockKind::ListItem { .. } => Some("ul"),
            _ => None,
        };
        if open_list != list {
            if let Some(tag) = open_list {
                let _ = writeln!(out, "</{tag}>");
            }
            if let Some(tag) = list {
                let _ = writeln!(out, "<{tag}>");
            }
            open_list = list;
        }
        let _ = match &block.kind {
            BlockKind::Title => {
                let _ = writeln!(out, "<h1>{text}</h1>");
                match &doc.metadata.date {
                    Some(date) => writeln!(out, "<p class=\"date\">{}</p>", escape_html(date)),
                    None => Ok(()),
                }
            }
            BlockKind::Heading { level } => {
                writeln!(out, "<h{0}>{text}</h{0}>", level.clamp(&2, &6))
            }
            BlockKind::Paragraph => writeln!(out, "<p>{text}</p>"),
            BlockKind::ListItem { .. } => writeln!(out, "<li>{text}</li>"),
            BlockKind::Quote => writeln!(out, "<blockquote><p>{text}</p></blockquote>"),
            BlockKind::Credit => writeln!(out, "<p class=\"credit\">{text}</p>"),
            BlockKind::Related => writeln!(out, "<p class=\"related\">{text}</p>"),
            BlockKind::Line => writeln!(out, "<p class=\"line\">{text}</p>"),
            BlockKind::Code => writeln!(out, "<pre>{text}</pre>"),
        };
    }
    if let Some(tag) = open_list {
        let _ = writeln!(out, "</{tag}>");
    }
    out.push_str("</article>\n</body>\n</html>\n");
    Ok(out)
}

/// `.txt` export.
pub struct TextWriter;
/// `.md` export.
pub struct MarkdownWriter;
/// `.html` export.
pub struct HtmlWriter;

impl super::Writer for TextWriter {
    fn write(
        &self,
        project: &Project,
        options: ExportOptions,
    ) -> Result<Vec<u8>, super::ExportError> {
        Ok(to_text(project, options)?.into_bytes())
    }
}

impl super::Writer for MarkdownWriter {
    fn write(
        &self,
        project: &Project,
        options: ExportOptions,
    ) -> Result<Vec<u8>, super::ExportError> {
        Ok(to_markdown(project, options)?.into_bytes())
    }
}

impl super::Writer for HtmlWriter {
    fn write(
        &self,
        project: &Project,
        options: ExportOptions,
    ) -> Result<Vec<u8>, super::ExportError> {
        Ok(to_html_document(project, options)?.into_bytes())
    }
}

const ARTICLE_CSS: &str = "body { font-family: Georgia, serif; max-width: 42em; margin: 2em auto; line-height: 1.5; padding: 0 1em; }
.credit { font-size: 0.85em; color: #555; }
.date { color: #555; }
.related { font-style: italic; }
.line { margin: 0; }
.untranslated { background: #fde2e2; }
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::import_article;
    use crate::model::{Origin, edit::Edit};
    use crate::segment::Segmenter;

    fn project(text: &str, name: &str) -> Project {
        let imported = import_article(text.as_bytes(), Some(name), &Segmenter::german()).unwrap();
        Project::from_document(imported.document)
    }

    fn translate_all(project: &mut Project) {
        let ids: Vec<_> = project
            .segments()
            .map(|s| (s.id, s.source.clone()))
            .collect();
        for (id, source) in ids {
            Edit::SetTarget {
                id,
                target: format!("EN {source}"),
                origin: Origin::Typed,
            }
            .apply(project)
            .unwrap();
        }
    }

    #[test]
    fn line_structured_paragraphs_and_glued_intertitles_keep_their_own_lines() {
        let text = "Titel\n\nZutaten\n200 g Mehl\n2 Eier\n\nDas Spiel endete 1:0. Leise Kritik Bei PSG drehte sich alles um ihn.";
        let mut p = project(text, "a.txt");
        let kinds: Vec<&str> = p.document.blocks.iter().map(|b| b.kind.name()).collect();
        assert_eq!(
            kinds,
            [
                "title",
                "line",
                "line",
                "line",
                "paragraph",
                "heading",
                "paragraph"
            ]
        );
        translate_all(&mut p);
        let out = to_text(&p, ExportOptions::default()).unwrap();
        assert_eq!(
            out,
            "EN Titel\n\nEN Zutaten\nEN 200 g Mehl\nEN 2 Eier\n\nEN Das Spiel endete 1:0.\n\nEN Leise Kritik\n\nEN Bei PSG drehte sich alles um ihn.\n"
        );
        let md = to_markdown(&p, ExportOptions::default()).unwrap();
        assert!(
            md.contains("EN Zutaten\\\nEN 200 g Mehl\\\nEN 2 Eier\n\n"),
            "{md}"
        );
        let html = to_html_document(&p, ExportOptions::default()).unwrap();
        assert!(html.contains("<p class=\"line\">EN 2 Eier</p>"), "{html}");
        assert!(html.contains("<h2>EN Leise Kritik</h2>"), "{html}");
    }

    #[test]
    fn a_text_file_opening_with_angle_brackets_is_text() {
        let p = project(
            "<Joey> Du bist zu grün.\n<Benny> Ich weiß.\n<Joey> Gut so.",
            "chat.txt",
        );
        let sources: Vec<&str> = p.segments().map(|s| s.source.as_str()).collect();
        assert_eq!(
            sources,
            [
                "<Joey> Du bist zu grün.",
                "<Benny> Ich weiß.",
                "<Joey> Gut so."
            ]
        );
    }

    #[test]
    fn refuses_and_lists_untranslated_segments() {
        let p = project("Titel\n\nEins. Zwei.", "a.txt");
        let error = to_text(&p, ExportOptions::default()).unwrap_err();
        assert_eq!(error.0.len(), 3);
        assert!(error.to_string().contains("s2 “Eins.”"), "{error}");
        let text = to_text(
            &p,
            ExportOptions {
                allow_incomplete: true,
            },
        )
        .unwrap();
        assert!(text.contains("[[untranslated: Eins.]]"), "{text}");
    }

    #[test]
    fn news_text_gets_its_header_back() {
        let mut p = project(" date 2024-06 Titel\n\nEins. Zwei.\n\n© AFP\n", "a.txt");
        translate_all(&mut p);
        let text = to_text(&p, ExportOptions::default()).unwrap();
        assert_eq!(
            text,
            " date 2024-06 EN Titel\n\nEN Eins. EN Zwei.\n\n© AFP\n"
        );
    }

    #[test]
    fn markdown_and_html_keep_shape_and_inline_markup() {
        let md = "# Titel\n\nDer *Text* mit [Link](https://x.de).\n\n- eins\n- zwei\n\n> Zitat.\n";
        let mut p = project(md, "a.md");
        translate_all(&mut p);
        let out = to_markdown(&p, ExportOptions::default()).unwrap();
        assert_eq!(
            out,
            "# EN Titel\n\nEN Der *Text* mit [Link](https://x.de).\n\n- EN eins\n- EN zwei\n\n> EN Zitat.\n"
        );
        let html = to_html_document(&p, ExportOptions::default()).unwrap();
        assert!(html.contains("<h1>EN Titel</h1>"), "{html}");
        assert!(html.contains("<em>Text</em>"));
        assert!(html.contains("<a href=\"https://x.de\">Link</a>"));
        assert!(html.contains("<ul>\n<li>EN eins</li>\n<li>EN zwei</li>\n</ul>"));
        assert!(html.contains("<blockquote><p>EN Zitat.</p></blockquote>"));
    }
}
