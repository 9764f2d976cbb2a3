//! The news-article text format (and plain text, which is the same without its header):
//! a first line ` date YYYY-MM Title`, paragraphs separated by blank lines, a `©` credit line,
//! and a trailing "Mehr zum Thema – …" teaser that scraped articles glue onto the last paragraph.

use super::{ImportError, RawBlock, collapse_whitespace, push_block};
use crate::model::BlockKind;

/// The teaser that news sites append; it becomes its own block.
const RELATED_MARKER: &str = "Mehr zum Thema";

/// `(date, title)` if `line` is a ` date YYYY-MM Title` header.
pub fn parse_header(line: &str) -> Option<(String, String)> {
    let rest = line
        .trim_start_matches([' ', '\u{feff}'])
        .strip_prefix("date ")?;
    let (date, title) = rest
        .trim_start()
        .split_once(' ')
        .unwrap_or((rest.trim(), ""));
    let bytes = date.as_bytes();
    let shaped = bytes.len() >= 7
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit);
    shaped.then(|| (date.to_string(), title.trim().to_string()))
}

/// Reads news-format or plain text into blocks; returns the header's date, if any.
pub fn read(text: &str) -> Result<(Option<String>, Vec<RawBlock>), ImportError> {
    let mut lines = text.lines().peekable();
    let mut date = None;
    let mut blocks = Vec::new();
    if let Some((d, title)) = lines.peek().and_then(|l| parse_header(l)) {
        lines.next();
        date = Some(d);
        blocks.push(RawBlock::new(BlockKind::Title, title));
    }
    let rest: Vec<&str> = lines.collect();
    for paragraph in rest.split(|l| l.trim().is_empty()) {
        if paragraph.is_empty() {
            continue;
        }
        read_paragraph(paragraph, &mut blocks)?;
    }
    Ok((date, blocks))
}

fn read_paragraph(lines: &[&str], blocks: &mut Vec<RawBlock>) -> Result<(), ImportError> {
    let first = lines[0].trim();
    if first.starts_with('©') {
        return push_block(
            blocks,
            RawBlock::new(BlockKind::Credit, lines.join("\n").trim()),
        );
    }
    if list_marker(first).is_some() {
        for line in lines {
            match list_marker(line.trim()) {
                Some((marker, item)) => push_block(
                    blocks,
                    RawBlock::new(
                        BlockKind::ListItem {
                            marker: marker.to_string(),
                        },
                        item,
                    ),
                )?,
                None => {
                    if let Some(last) = blocks.last_mut() {
                        last.text.push(' ');
                        last.text.push_str(line.trim());
                    }
                }
            }
        }
        return Ok(());
    }
    if crate::segment::line_structured(lines.iter().copied()) {
        // A recipe, an exercise sheet, captions: every line a unit of its own.
        for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
            push_block(
                blocks,
                RawBlock::new(BlockKind::Line, collapse_whitespace(line)),
            )?;
        }
        return Ok(());
    }
    // Line breaks stay for the segmenter (a label line such as "Hinweis:" is a unit of its
    // own); segments come back with whitespace collapsed.
    let text: Vec<String> = lines
        .iter()
        .map(|l| collapse_whitespace(l))
        .filter(|l| !l.is_empty())
        .collect();
    let text = text.join("\n");
    let (body, related) = split_related(&text);
    if !body.is_empty() {
        let kind = if lines.len() == 1 && looks_like_heading(body) {
            if blocks.is_empty() {
                BlockKind::Title
            } else {
                BlockKind::Heading { level: 2 }
            }
        } else {
            BlockKind::Paragraph
        };
        push_block(blocks, RawBlock::new(kind, body))?;
    }
    if let Some(related) = related {
        push_block(blocks, RawBlock::new(BlockKind::Related, related))?;
    }
    Ok(())
}

/// Splits a trailing "Mehr zum Thema – …" off a paragraph.
fn split_related(text: &str) -> (&str, Option<&str>) {
    let Some(at) = text.rfind(RELATED_MARKER) else {
        return (text, None);
    };
    let before = text[..at].trim_end();
    let after_sentence =
        before.is_empty() || before.ends_with(['.', '!', '?', '"', '“', '”', '«', '»', ')']);
    let teaser = text[at + RELATED_MARKER.len()..].trim_start();
    if after_sentence && teaser.starts_with(['–', '-', '—', ':']) {
        (before, Some(&text[at..]))
    } else {
        (text, None)
    }
}

/// A short single line without final punctuation is a headline.
fn looks_like_heading(text: &str) -> bool {
    text.chars().count() <= 150
        && !text.ends_with(['.', '!', '?', ':', ';', ',', '"', '“', '”'])
        && !text.ends_with("...")
}

fn list_marker(line: &str) -> Option<(&str, &str)> {
    super::list_marker(line, &["- ", "* ", "• ", "– "])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(blocks: &[RawBlock]) -> Vec<(&str, &str)> {
        blocks
            .iter()
            .map(|b| (b.kind.name(), b.text.as_str()))
            .collect()
    }

    #[test]
    fn header_line_variants() {
        assert_eq!(
            parse_header(" date 2024-06 Putin: Russland"),
            Some(("2024-06".into(), "Putin: Russland".into()))
        );
        assert_eq!(parse_header("date 2024-06-19 T").unwrap().0, "2024-06-19");
        assert_eq!(parse_header("date: 2024"), None);
        assert_eq!(parse_header("dates 2024-06 x"), None);
    }

    #[test]
    fn news_article_shape() {
        let text = " date 2024-06 Titel hier\n\nErster Absatz.\nZweite Zeile.\n\n© Foto / AFP\n\nText. Mehr zum Thema – Anderes\n";
        let (date, blocks) = read(text).unwrap();
        assert_eq!(date.as_deref(), Some("2024-06"));
        assert_eq!(
            kinds(&blocks),
            [
                ("title", "Titel hier"),
                // Line breaks stay for the segmenter; segments collapse them.
                ("paragraph", "Erster Absatz.\nZweite Zeile."),
                ("credit", "© Foto / AFP"),
                ("paragraph", "Text."),
                ("related", "Mehr zum Thema – Anderes"),
            ]
        );
    }

    #[test]
    fn plain_text_headlines_and_lists() {
        let text = "Ein Titel\n\nText.\n\nZwischentitel\n\n- eins\n- zwei\n  weiter\n1. drei";
        let (date, blocks) = read(text).unwrap();
        assert_eq!(date, None);
        assert_eq!(
            kinds(&blocks),
            [
                ("title", "Ein Titel"),
                ("paragraph", "Text."),
                ("heading", "Zwischentitel"),
                ("list-item", "eins"),
                ("list-item", "zwei weiter"),
                ("list-item", "drei"),
            ]
        );
    }

    #[test]
    fn mehr_zum_thema_inside_a_sentence_stays() {
        let (_, blocks) = read("Er sagte, Mehr zum Thema – sei gut.").unwrap();
        assert_eq!(blocks.len(), 1);
    }
}
