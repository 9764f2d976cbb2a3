//! What kind of file a byte string is, decided from its content before any text decoding: a
//! Word document is a ZIP (and would otherwise be refused as "binary"), an XLIFF file may be
//! UTF-16, a project file is JSON. The article, XLIFF, TMX and glossary readers all start here,
//! so that each can say "this is a Word document" or "this is a TBX file, not an XLIFF file"
//! instead of failing on what it cannot parse.

/// A file's kind as its first bytes show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Empty,
    /// A ZIP archive; `word` when it holds `word/document.xml` (a .docx).
    Zip {
        word: bool,
    },
    /// A known binary format that is not text (PDF, an image, an old Word or Excel file).
    Binary {
        kind: &'static str,
    },
    /// XML with this root element (local name, without prefix): `xliff`, `tmx`, `martif`,
    /// `tbx`, `srx`, `html`, …
    Xml {
        root: String,
    },
    /// HTML (a doctype or `<html>` start, not well-formed XML necessarily).
    Html,
    /// JSON; `project` when it is a Tandem project file.
    Json {
        project: bool,
    },
    /// Anything else: text of some encoding (or binary data the decoder will refuse).
    Text,
}

impl Sniffed {
    /// How to name the kind to a translator ("a Word document").
    pub fn describe(&self) -> String {
        match self {
            Sniffed::Empty => "an empty file".into(),
            Sniffed::Zip { word: true } => "a Word document (.docx)".into(),
            Sniffed::Zip { word: false } => "a ZIP archive".into(),
            Sniffed::Binary { kind } => format!("a {kind} file"),
            Sniffed::Xml { root } => match root.as_str() {
                "xliff" => "an XLIFF file".into(),
                "tmx" => "a TMX translation memory".into(),
                "martif" | "tbx" => "a TBX glossary".into(),
                "srx" => "an SRX rules file".into(),
                "html" => "an HTML page".into(),
                other => format!("an XML file (root element <{other}>)"),
            },
            Sniffed::Html => "an HTML page".into(),
            Sniffed::Json { project: true } => "a Tandem project".into(),
            Sniffed::Json { project: false } => "a JSON file".into(),
            Sniffed::Text => "a text file".into(),
        }
    }
}

/// How much of the start of a file the XML and JSON checks look at.
const HEAD_BYTES: usize = 8 * 1024;

pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.is_empty() {
        return Sniffed::Empty;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let word = memchr::memmem::find(bytes, b"word/document").is_some();
        return Sniffed::Zip { word };
    }
    const MAGIC: [(&[u8], &str); 7] = [
        (b"%PDF-", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "Word 97–2003 or Excel (OLE)",
        ),
        (b"{\\rtf", "RTF"),
        (b"\x1F\x8B", "gzip"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Sniffed::Binary { kind };
    }
    let head = decode_head(&bytes[..bytes.len().min(HEAD_BYTES)]);
    let rest = head.trim_start();
    if rest.starts_with('{') {
        let project = rest.contains("\"format\"") && rest.contains("\"tandem-project\"");
        return Sniffed::Json { project };
    }
    if !rest.starts_with('<') {
        return Sniffed::Text;
    }
    let lower = rest.get(..rest.len().min(64)).unwrap_or(rest);
    let lower = lower.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Sniffed::Html;
    }
    match root_element(rest) {
        Some(root) if root.eq_ignore_ascii_case("html") => Sniffed::Html,
        Some(root) => Sniffed::Xml { root },
        None => Sniffed::Text,
    }
}

/// The start of a file as text: UTF-16 by BOM (or by its zero bytes), else UTF-8 with
/// replacement characters (the markup that matters here is ASCII).
fn decode_head(head: &[u8]) -> String {
    let utf16 = |big: bool, body: &[u8]| {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .map(|p| {
                if big {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match head {
        [0xFF, 0xFE, body @ ..] => utf16(false, body),
        [0xFE, 0xFF, body @ ..] => utf16(true, body),
        [0xEF, 0xBB, 0xBF, body @ ..] => String::from_utf8_lossy(body).into_owned(),
        [b'<', 0, ..] => utf16(false, head),
        [0, b'<', ..] => utf16(true, head),
        _ => String::from_utf8_lossy(head).into_owned(),
    }
}

/// The root element's local name, skipping the XML declaration, processing instructions,
/// comments and a doctype.
fn root_element(text: &str) -> Option<String> {
    let mut rest = text.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>")?.1.trim_start();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->")?.1.trim_start();
        } else if rest.starts_with("<!") {
            rest = skip_doctype(rest)?.trim_start();
        } else {
            break;
        }
    }
    let name = rest.strip_prefix('<')?;
    let end = name
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(name.len());
    let name = &name[..end];
    let local = name.rsplit(':').next().unwrap_or(name);
    let valid = local
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_');
    valid.then(|| local.to_string())
}

/// Skips `<!DOCTYPE … [ … ]>`.
fn skip_doctype(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '>' if depth == 0 => return Some(&text[i + 1..]),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_content() {
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(
            sniff(b"PK\x03\x04....word/document.xml...."),
            Sniffed::Zip { word: true }
        );
        assert_eq!(sniff(b"PK\x03\x04...."), Sniffed::Zip { word: false });
        assert_eq!(sniff(b"%PDF-1.7"), Sniffed::Binary { kind: "PDF" });
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE tmx SYSTEM \"x\" [<!ENTITY a \"b\">]>\n<tmx version=\"1.4\">"),
            Sniffed::Xml { root: "tmx".into() }
        );
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<x:xliff xmlns:x=\"u\">"),
            Sniffed::Xml {
                root: "xliff".into()
            }
        );
        assert_eq!(sniff(b"  <!DOCTYPE html><p>"), Sniffed::Html);
        assert_eq!(sniff(b"<HTML lang=de>"), Sniffed::Html);
        assert_eq!(
            sniff(b"{\n  \"format\": \"tandem-project\",\n  \"version\": 1"),
            Sniffed::Json { project: true }
        );
        assert_eq!(sniff(" date 2024-06 Titel".as_bytes()), Sniffed::Text);
        assert_eq!(sniff(b"a < b"), Sniffed::Text);
    }

    #[test]
    fn utf16_xml_is_recognised() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><martif type=\"TBX\">";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            sniff(&bytes),
            Sniffed::Xml {
                root: "martif".into()
            }
        );
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            sniff(&bytes),
            Sniffed::Xml {
                root: "martif".into()
            }
        );
    }

    #[test]
    fn multibyte_characters_anywhere_in_the_head_are_fine() {
        let mut text = String::from("<!DOCTYPE html><p>");
        while text.len() < 63 {
            text.push('x');
        }
        text.push_str("äää");
        assert_eq!(sniff(text.as_bytes()), Sniffed::Html);
        let cut = "ä".repeat(HEAD_BYTES);
        assert_eq!(sniff(cut.as_bytes()), Sniffed::Text);
    }
}
