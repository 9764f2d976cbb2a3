//! A small XML tree for the XML formats Tandem reads (XLIFF, SRX, later TMX and TBX), built on
//! quick-xml. Files are decoded first (UTF-8, UTF-16 with BOM, or the declared encoding), and
//! every error carries a line and column.
//!
//! Writing is done with [`escape`] and plain string building in each format's module: the
//! output shapes are small and fixed.

use super::decode::{DecodeError, decode_raw};
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The local name, without namespace prefix.
    pub name: String,
    /// Attributes by qualified name (`xml:lang` keeps its prefix, others lose theirs).
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum XmlError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the document has no root element")]
    NoRoot,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.name == name)
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// All elements named `name` below this one, in document order.
    pub fn descendants<'a>(&'a self, name: &'a str, out: &mut Vec<&'a Element>) {
        for child in self.elements() {
            if child.name == name {
                out.push(child);
            }
            child.descendants(name, out);
        }
    }

    /// The text of this element and its descendants, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Parses an XML file's bytes into its root element.
pub fn parse_bytes(bytes: &[u8]) -> Result<Element, XmlError> {
    let declared = declared_encoding(bytes);
    let decoded = decode_raw(bytes, declared.as_deref())?;
    parse(&decoded.text)
}

/// Parses XML text into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    // quick-xml does not check characters; XML 1.0 forbids most control characters.
    if let Some(at) = text.find(|c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r')) {
        let (line, column) = line_column(text, at);
        let code = text[at..].chars().next().map_or(0, u32::from);
        return Err(XmlError::Syntax {
            line,
            column,
            message: format!("control character U+{code:04X} is not allowed in XML"),
        });
    }
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    let syntax = |at: u64, message: String| {
        let (line, column) = line_column(text, at as usize);
        XmlError::Syntax {
            line,
            column,
            message,
        }
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position(), e.to_string()))?;
        let at = reader.buffer_position();
        match event {
            Event::Start(start) => stack.push(element(&start).map_err(|m| syntax(at, m))?),
            Event::Empty(start) => {
                let e = element(&start).map_err(|m| syntax(at, m))?;
                close(&mut stack, &mut root, e).map_err(|m| syntax(at, m))?;
            }
            Event::End(_) => {
                let e = stack
                    .pop()
                    .ok_or_else(|| syntax(at, "closing tag without opening tag".into()))?;
                close(&mut stack, &mut root, e).map_err(|m| syntax(at, m))?;
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| syntax(at, e.to_string()))?
                        .map(String::from)
                } else {
                    resolve_predefined_entity(&r.xml10_content()).map(str::to_string)
                };
                let resolved = resolved
                    .ok_or_else(|| syntax(at, format!("unknown entity &{};", r.xml10_content())))?;
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        let at = text.len() as u64;
        return Err(syntax(at, format!("<{}> is never closed", open.name)));
    }
    root.ok_or(XmlError::NoRoot)
}

fn element(start: &BytesStart) -> Result<Element, String> {
    let name = start.local_name().as_ref().to_string();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let key = attribute.key;
        let key = if key.as_ref().starts_with("xml:") {
            key.as_ref().to_string()
        } else if key.as_ref().starts_with("xmlns") {
            continue;
        } else {
            key.local_name().as_ref().to_string()
        };
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
    })
}

fn close(stack: &mut [Element], root: &mut Option<Element>, e: Element) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(e)),
        None if root.is_none() => *root = Some(e),
        None => return Err("more than one root element".into()),
    }
    Ok(())
}

fn push_text(stack: &mut [Element], text: &str) {
    let Some(parent) = stack.last_mut() else {
        return; // whitespace between prolog and root
    };
    if let Some(Node::Text(last)) = parent.children.last_mut() {
        last.push_str(text);
    } else {
        parent.children.push(Node::Text(text.to_string()));
    }
}

/// `encoding="…"` from an XML declaration at the start of 8-bit text.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    let head = String::from_utf8_lossy(head);
    let declaration = head.strip_prefix("<?xml")?;
    let declaration = &declaration[..declaration.find("?>")?];
    let at = declaration.find("encoding")?;
    let rest = declaration[at + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(rest[..rest.find(quote)?].to_string())
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Escapes text for element content and attribute values.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entities_namespaces_and_xml_lang() {
        let root = parse(
            r#"<?xml version="1.0"?><x:a xmlns:x="urn:x" xml:lang="de" k="1 &amp; 2"><b>Gr&#246;&#xDF;e &lt;3</b><c/></x:a>"#,
        )
        .unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.attribute("xml:lang"), Some("de"));
        assert_eq!(root.attribute("k"), Some("1 & 2"));
        assert_eq!(root.child("b").unwrap().text(), "Größe <3");
        assert!(root.child("c").is_some());
    }

    #[test]
    fn errors_carry_line_and_column() {
        let error = parse("<a>\n  <b>\n</a>").unwrap_err();
        let XmlError::Syntax { line, .. } = error else {
            panic!("{error:?}")
        };
        assert_eq!(line, 3);
        assert!(parse("<a>").is_err());
        assert!(parse("").is_err());
        assert!(parse("<a/><b/>").is_err());
        let error = parse("<a>\n<b>\u{8}</b></a>").unwrap_err().to_string();
        assert!(
            error.contains("line 2, column 4") && error.contains("U+0008"),
            "{error}"
        );
    }

    #[test]
    fn declared_latin1_is_honoured() {
        let root =
            parse_bytes(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Gr\xf6\xdfe</a>")
                .unwrap();
        assert_eq!(root.text(), "Größe");
    }
}
