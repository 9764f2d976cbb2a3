//! Markdown articles: ATX and setext headings, paragraphs, list items, block quotes and fenced
//! code (kept verbatim). Inline markup (emphasis, links) stays in the segment text, where
//! [`super::inline`] knows how to render it for each export.

use super::{ImportError, MAX_BLOCKS, RawBlock, collapse_whitespace};
use crate::model::BlockKind;

pub fn read(text: &str) -> Result<Vec<RawBlock>, ImportError> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut quote = false;
    let mut lines = text.lines().peekable();
    let flush = |paragraph: &mut Vec<&str>, quote: bool, blocks: &mut Vec<RawBlock>| {
        if paragraph.is_empty() {
            return;
        }
        let text = collapse_whitespace(&paragraph.join("\n"));
        let kind = if quote {
            BlockKind::Quote
        } else if text.starts_with('©') {
            BlockKind::Credit
        } else {
            BlockKind::Paragraph
        };
        blocks.push(RawBlock::new(kind, text));
        paragraph.clear();
    };
    while let Some(line) = lines.next() {
        if blocks.len() > MAX_BLOCKS {
            return Err(ImportError::TooManyBlocks);
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut paragraph, quote, &mut blocks);
            continue;
        }
        if let Some(fence) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            flush(&mut paragraph, quote, &mut blocks);
            let mut code = vec![line];
            for inner in lines.by_ref() {
                code.push(inner);
                if inner.trim().starts_with(fence) {
                    break;
                }
            }
            blocks.push(RawBlock::new(BlockKind::Code, code.join("\n")));
            continue;
        }
        let (line_quote, content) = match trimmed.strip_prefix('>') {
            Some(rest) => (true, rest.trim()),
            None => (false, trimmed),
        };
        if line_quote != quote {
            flush(&mut paragraph, quote, &mut blocks);
            quote = line_quote;
        }
        if content.is_empty() {
            flush(&mut paragraph, quote, &mut blocks);
            continue;
        }
        if let Some((level, heading)) = atx_heading(content) {
            flush(&mut paragraph, quote, &mut blocks);
            blocks.push(RawBlock::new(heading_kind(level, &blocks), heading));
            continue;
        }
        if !quote
            && paragraph.len() == 1
            && let Some(level) = setext_level(content)
        {
            let heading = collapse_whitespace(paragraph[0]);
            paragraph.clear();
            blocks.push(RawBlock::new(heading_kind(level, &blocks), heading));
            continue;
        }
        if let Some((marker, item)) = list_item(content) {
            flush(&mut paragraph, quote, &mut blocks);
            let marker = marker.to_string();
            let kind = BlockKind::ListItem { marker };
            blocks.push(RawBlock::new(kind, item));
            // Lazy continuation lines belong to the item.
            while let Some(next) = lines.peek() {
                let next = next.trim();
                if next.is_empty() || list_item(next).is_some() || atx_heading(next).is_some() {
                    break;
                }
                let last = blocks.last_mut().expect("just pushed");
                last.text.push(' ');
                last.text.push_str(next);
                lines.next();
            }
            continue;
        }
        paragraph.push(content);
    }
    flush(&mut paragraph, quote, &mut blocks);
    if blocks.len() > MAX_BLOCKS {
        return Err(ImportError::TooManyBlocks);
    }
    Ok(blocks)
}

/// The first level-1 heading of a document is its title.
fn heading_kind(level: u8, blocks: &[RawBlock]) -> BlockKind {
    if level == 1 && blocks.is_empty() {
        BlockKind::Title
    } else {
        BlockKind::Heading { level }
    }
}

fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((level as u8, text))
}

fn setext_level(line: &str) -> Option<u8> {
    if line.len() >= 2 && line.bytes().all(|b| b == b'=') {
        Some(1)
    } else if line.len() >= 2 && line.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

fn list_item(line: &str) -> Option<(&str, &str)> {
    super::list_marker(line, &["- ", "* ", "+ "])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, String)> {
        crate::formats::describe(read(text).unwrap())
    }

    #[test]
    fn markdown_blocks() {
        let text = "# Titel\n\nEin *Absatz* mit\n[Link](https://x.de).\n\n## Teil ##\n\n- eins\n- zwei\n  weiter\n\n1. erst\n\n> Zitat hier.\n> Weiter.\n\nUnter\n-----\n\n```\ncode\n```\n";
        let got = kinds(text);
        let want = [
            ("title", "Titel"),
            ("paragraph", "Ein *Absatz* mit [Link](https://x.de)."),
            ("h2", "Teil"),
            ("li-", "eins"),
            ("li-", "zwei weiter"),
            ("li1.", "erst"),
            ("quote", "Zitat hier. Weiter."),
            ("h2", "Unter"),
            ("code", "```\ncode\n```"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }
}
