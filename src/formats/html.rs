//! HTML articles: title, h1–h6, p, li, blockquote become blocks; script, style, nav, footer
//! and similar page furniture are dropped; em/strong/a survive as inline markup
//! ([`super::inline`]). A tolerant hand-written tokenizer: real pages are rarely valid XML.
//!
//! The tokenizer is linear on any input: a `<` that cannot start a tag is text at once
//! (without looking for a `>`), an unterminated tag ends the reading with a warning, and an
//! entity is looked for only within the longest entity name's reach.

use super::inline::escape_markup;
use super::{ImportError, MAX_BLOCKS, RawBlock, collapse_whitespace};
use crate::base::Diagnostic;
use crate::model::BlockKind;
use quick_xml::escape::resolve_html5_entity;

/// Elements whose whole content is dropped.
const SKIPPED: &[&str] = &[
    "script", "style", "nav", "footer", "noscript", "template", "svg", "iframe", "form", "button",
    "select", "aside",
];

/// Elements that end the current block.
const BLOCK_BREAKS: &[&str] = &[
    "div",
    "section",
    "article",
    "main",
    "header",
    "table",
    "tr",
    "td",
    "th",
    "ul",
    "ol",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "body",
    "pre",
];

pub fn read(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<RawBlock>, ImportError> {
    let mut reader = Reader {
        blocks: Vec::new(),
        buffer: String::new(),
        kind: BlockKind::Paragraph,
        quote_depth: 0,
        list_stack: Vec::new(),
        links: Vec::new(),
    };
    let mut rest = text;
    let mut skipping: Option<String> = None;
    while !rest.is_empty() {
        if reader.blocks.len() > MAX_BLOCKS {
            return Err(ImportError::TooManyBlocks);
        }
        let Some(lt) = rest.find('<') else {
            if skipping.is_none() {
                reader.text(rest);
            }
            break;
        };
        if skipping.is_none() {
            reader.text(&rest[..lt]);
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        if !could_start_tag(rest) {
            // A stray "<" in text ("a < b"): keep it and read on after it.
            if skipping.is_none() {
                reader.text("<");
            }
            rest = &rest[1..];
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            let line = text[..text.len() - rest.len()].matches('\n').count() + 1;
            diagnostics.push(
                Diagnostic::warning("the HTML ends inside a tag; the rest is not read")
                    .at_line(line),
            );
            break;
        };
        let inner = &rest[1..gt];
        if inner.starts_with(['!', '?']) {
            rest = &rest[gt + 1..]; // doctype, CDATA or processing instruction
            continue;
        }
        let Some(tag) = Tag::parse(inner) else {
            // A stray "<" in text ("a < b"): keep it and read on after it.
            if skipping.is_none() {
                reader.text("<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[gt + 1..];
        if let Some(skipped) = &skipping {
            if tag.closing && &tag.name == skipped {
                skipping = None;
            }
            continue;
        }
        if !tag.closing && !tag.self_closing && SKIPPED.contains(&tag.name.as_str()) {
            skipping = Some(tag.name.clone());
            continue;
        }
        if matches!(tag.name.as_str(), "script" | "style") {
            continue;
        }
        reader.tag(&tag);
    }
    reader.flush();
    if reader.blocks.len() > MAX_BLOCKS {
        return Err(ImportError::TooManyBlocks);
    }
    let mut blocks = reader.blocks;
    // A page's <title> usually repeats its <h1>: keep one.
    if let [first, second, ..] = blocks.as_slice()
        && first.kind == BlockKind::Title
        && second.kind == (BlockKind::Heading { level: 1 })
        && first.text == second.text
    {
        blocks.remove(1);
    }
    Ok(blocks)
}

/// Whether `text` (starting with `<`) could open a tag, a doctype, a comment or a closing tag:
/// a letter, `!`, `?` or `/` and a letter must follow.
fn could_start_tag(text: &str) -> bool {
    let mut chars = text[1..].chars();
    match chars.next() {
        Some('!' | '?') => true,
        Some('/') => chars.next().is_some_and(|c| c.is_ascii_alphabetic()),
        Some(c) => c.is_ascii_alphabetic(),
        None => false,
    }
}

struct Reader {
    blocks: Vec<RawBlock>,
    buffer: String,
    kind: BlockKind,
    quote_depth: usize,
    /// For each open list: the next number (ordered) or None (bulleted).
    list_stack: Vec<Option<u64>>,
    /// For each open `<a>`: its href, if it is written as a link.
    links: Vec<Option<String>>,
}

impl Reader {
    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        self.buffer.push_str(&escape_markup(&decoded));
    }

    fn flush(&mut self) {
        let text = collapse_whitespace(&self.buffer);
        self.buffer.clear();
        if text.is_empty() {
            return;
        }
        let kind = match &self.kind {
            BlockKind::Paragraph if self.quote_depth > 0 => BlockKind::Quote,
            BlockKind::Paragraph if text.starts_with('©') => BlockKind::Credit,
            other => other.clone(),
        };
        let text = if kind.is_translatable() {
            text
        } else {
            // Verbatim blocks keep the characters, not the markup escapes.
            super::inline::to_plain(&text)
        };
        self.blocks.push(RawBlock::new(kind, text));
    }

    fn start_block(&mut self, kind: BlockKind) {
        self.flush();
        self.kind = kind;
    }

    fn end_block(&mut self) {
        self.flush();
        self.kind = BlockKind::Paragraph;
    }

    fn tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        let heading_level = match name.as_bytes() {
            [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
            _ => None,
        };
        match (name, tag.closing) {
            ("title", false) => self.start_block(BlockKind::Title),
            ("p", false) => self.start_block(BlockKind::Paragraph),
            ("blockquote", false) => {
                self.end_block();
                self.quote_depth += 1;
            }
            ("blockquote", true) => {
                self.end_block();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            ("ul", false) => {
                self.end_block();
                self.list_stack.push(None);
            }
            ("ol", false) => {
                self.end_block();
                let start = tag.attribute("start").and_then(|s| s.parse().ok());
                self.list_stack.push(Some(start.unwrap_or(1)));
            }
            ("ul" | "ol", true) => {
                self.end_block();
                self.list_stack.pop();
            }
            ("li", false) => {
                let marker = match self.list_stack.last_mut() {
                    Some(Some(n)) => {
                        let number = *n;
                        *n = n.saturating_add(1);
                        format!("{number}.")
                    }
                    _ => "-".to_string(),
                };
                self.start_block(BlockKind::ListItem { marker });
            }
            ("br", _) => self.buffer.push(' '),
            ("em" | "i", _) => self.buffer.push('*'),
            ("strong" | "b", _) => self.buffer.push_str("**"),
            ("a", false) => match tag.attribute("href") {
                Some(href) if !href.contains(char::is_whitespace) => {
                    self.buffer.push('[');
                    self.links.push(Some(href.to_string()));
                }
                _ => self.links.push(None),
            },
            ("a", true) => {
                if let Some(Some(href)) = self.links.pop() {
                    self.buffer.push_str("](");
                    self.buffer.push_str(&href);
                    self.buffer.push(')');
                }
            }
            (_, false) if heading_level.is_some() => {
                let level = heading_level.unwrap_or(2);
                self.start_block(BlockKind::Heading { level });
            }
            ("title" | "p" | "li", true) => self.end_block(),
            (_, true) if heading_level.is_some() => self.end_block(),
            _ if BLOCK_BREAKS.contains(&name) => self.end_block(),
            _ => {}
        }
    }
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    attributes: Vec<(String, String)>,
}

impl Tag {
    /// Parses the inside of `<…>`; `None` for `<!doctype>`, `<?xml?>` and stray `<`.
    fn parse(inner: &str) -> Option<Tag> {
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        Some(Tag {
            name,
            closing,
            self_closing,
            attributes: parse_attributes(&inner[name_end..]),
        })
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn parse_attributes(mut rest: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start();
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        if key_end == 0 {
            break;
        }
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, used) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    (&after[1..end], (end + 1).min(after.len()))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], end)
                }
            };
            rest = &after[used..];
            decode_entities(value)
        } else {
            String::new()
        };
        attributes.push((key, value));
    }
    attributes
}

/// The `>` that ends the tag starting at `text[0] == '<'`, skipping quoted attribute values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Entity names are at most 32 characters: look no further for the ";".
        let window = &rest.as_bytes()[1..rest.len().min(34)];
        let end = memchr::memchr(b';', window).map(|e| e + 1);
        let resolved = end.and_then(|end| {
            let name = &rest[1..end];
            let c = if let Some(number) = name.strip_prefix('#') {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                code.and_then(char::from_u32).map(String::from)
            } else {
                resolve_html5_entity(name).map(str::to_string)
            };
            c.map(|c| (c, end + 1))
        });
        match resolved {
            Some((c, used)) => {
                out.push_str(&c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(html: &str) -> Vec<(String, String)> {
        crate::formats::describe(read(html, &mut Vec::new()).unwrap())
    }

    #[test]
    fn html_article() {
        let html = r#"<!DOCTYPE html><html><head><title>Gipfel in Berlin</title>
<style>p { color: red }</style><script>var a = "<p>nein</p>";</script></head>
<body><nav><a href="/">Start</a></nav><h1>Gipfel in Berlin</h1>
<p>Der <em>Kanzler</em> sprach mit <a href="https://x.de/a?b=1&amp;c=2">Journalisten</a>.<br>
Gr&ouml;&szlig;e &#8222;zählt&#8220; &amp; mehr.</p>
<!-- <p>Kommentar</p> -->
<h2>Hintergrund</h2><ul><li>Erstens</li><li><strong>Zweitens</strong></li></ul>
<ol start="3"><li>Drei</li></ol>
<blockquote><p>Ein Zitat.</p></blockquote><p>&copy; Foto / dpa</p>
<footer><p>Impressum</p></footer></body></html>"#;
        let got = kinds(html);
        let want = [
            ("title", "Gipfel in Berlin"),
            (
                "paragraph",
                "Der *Kanzler* sprach mit [Journalisten](https://x.de/a?b=1&c=2). Größe „zählt“ & mehr.",
            ),
            ("h2", "Hintergrund"),
            ("li-", "Erstens"),
            ("li-", "**Zweitens**"),
            ("li3.", "Drei"),
            ("quote", "Ein Zitat."),
            ("credit", "© Foto / dpa"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn broken_html_still_reads() {
        let mut warnings = Vec::new();
        let blocks = read("<p>Text ohne Ende <b>fett", &mut warnings).unwrap();
        assert_eq!(blocks[0].text, "Text ohne Ende **fett");
        let blocks = read("<p>Kaputt\n<a href=\"x", &mut warnings).unwrap();
        assert_eq!(blocks[0].text, "Kaputt");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].position.map(|p| p.line), Some(2));
        let blocks = read("<p>a < b <3 </ p> &amp c &#x;</p>", &mut warnings).unwrap();
        assert_eq!(blocks[0].text, "a < b <3 </ p> &amp c &#x;");
    }

    #[test]
    fn list_numbers_near_the_integer_limit_do_not_overflow() {
        let blocks = kinds("<ol start=\"18446744073709551615\"><li>a</li><li>b</li></ol>");
        assert_eq!(blocks[0].0, "li18446744073709551615.");
        assert_eq!(blocks[1].0, "li18446744073709551615.");
    }
}
