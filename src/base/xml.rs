//! A small XML tree for the XML formats Tandem reads (XLIFF, TBX, SRX, later TMX), built on
//! quick-xml. Files are decoded first (UTF-8, UTF-16 with BOM, or the declared encoding), and
//! every error carries a line and column.
//!
//! Hostile input is refused, not followed: elements nested deeper than [`MAX_DEPTH`] (a file
//! of 150,000 nested groups would otherwise overflow the stack of every recursive walk),
//! undeclared namespace prefixes (as a namespace-aware parser such as libxml2 does), entities
//! other than the predefined ones and character references (no external entities, no entity
//! bombs). Walks over the tree ([`Element::descendants`], [`Element::text`]) are iterative.
//!
//! Writing is done with [`escape`] and plain string building in each format's module: the
//! output shapes are small and fixed.

use super::decode::{DecodeError, decode_raw};
use super::excerpt;
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
    /// Where the element sits in the text it was parsed from (byte offsets), for formats
    /// that write a file back with only some elements changed.
    pub span: Span,
}

/// Byte offsets of an element in its text: `start..content` is the opening tag,
/// `content..content_end` what is between the tags, `content_end..end` the closing tag (all
/// equal to `end` for an empty element such as `<x/>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub content: usize,
    pub content_end: usize,
    pub end: usize,
}

impl Span {
    /// Written as one empty-element tag (`<x/>`).
    pub fn is_empty_tag(&self) -> bool {
        self.content == self.end
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// How deep elements may nest. Real XLIFF, TBX and SRX files stay below 30.
pub const MAX_DEPTH: usize = 512;

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
        self.walk(|node| {
            if let Node::Element(e) = node
                && e.name == name
            {
                out.push(e);
            }
        });
    }

    /// The text of this element and its descendants, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.walk(|node| {
            if let Node::Text(text) = node {
                out.push_str(text);
            }
        });
        out
    }

    /// Visits every node below this element in document order, without recursion.
    fn walk<'a>(&'a self, mut visit: impl FnMut(&'a Node)) {
        let mut stack: Vec<std::slice::Iter<'a, Node>> = vec![self.children.iter()];
        while let Some(top) = stack.last_mut() {
            match top.next() {
                Some(node) => {
                    visit(node);
                    if let Node::Element(e) = node {
                        stack.push(e.children.iter());
                    }
                }
                None => {
                    stack.pop();
                }
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
    let mut namespaces = Namespaces::default();
    let mut root = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position(), e.to_string()))?;
        let at = reader.buffer_position();
        let after = at as usize;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(syntax(
                        at,
                        format!(
                            "elements are nested more than {MAX_DEPTH} deep; Tandem does not read files nested this deeply"
                        ),
                    ));
                }
                namespaces
                    .open(&start, stack.len())
                    .map_err(|m| syntax(at, m))?;
                let mut e = element(&start).map_err(|m| syntax(at, m))?;
                e.span.start = before;
                e.span.content = after;
                stack.push(e);
            }
            Event::Empty(start) => {
                namespaces
                    .open(&start, stack.len())
                    .map_err(|m| syntax(at, m))?;
                namespaces.close(stack.len());
                let mut e = element(&start).map_err(|m| syntax(at, m))?;
                e.span = Span {
                    start: before,
                    content: after,
                    content_end: after,
                    end: after,
                };
                close(&mut stack, &mut root, e).map_err(|m| syntax(at, m))?;
            }
            Event::End(_) => {
                let mut e = stack
                    .pop()
                    .ok_or_else(|| syntax(at, "closing tag without opening tag".into()))?;
                e.span.content_end = before;
                e.span.end = after;
                namespaces.close(stack.len());
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
                let resolved = resolved.ok_or_else(|| {
                    syntax(
                        at,
                        format!("unknown entity &{};", excerpt(&r.xml10_content(), 40)),
                    )
                })?;
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

/// The namespace prefixes declared on the open elements, to refuse undeclared ones.
#[derive(Default)]
struct Namespaces {
    /// (prefix, depth of the element that declared it)
    declared: Vec<(String, usize)>,
}

impl Namespaces {
    fn open(&mut self, start: &BytesStart, depth: usize) -> Result<(), String> {
        for attribute in start.attributes().flatten() {
            if let Some(prefix) = attribute.key.as_ref().strip_prefix("xmlns:") {
                self.declared.push((prefix.to_string(), depth));
            }
        }
        let name = start.name();
        if let Some(prefix) = name.prefix() {
            self.check(prefix.as_ref(), name.as_ref())?;
        }
        for attribute in start.attributes().flatten() {
            let key = attribute.key;
            if let Some(prefix) = key.prefix()
                && prefix.as_ref() != "xmlns"
            {
                self.check(prefix.as_ref(), key.as_ref())?;
            }
        }
        Ok(())
    }

    fn check(&self, prefix: &str, name: &str) -> Result<(), String> {
        if prefix == "xml" || self.declared.iter().any(|(p, _)| p == prefix) {
            return Ok(());
        }
        Err(format!(
            "the namespace prefix {:?} of {:?} is not declared",
            excerpt(prefix, 40),
            excerpt(name, 60)
        ))
    }

    /// Forgets the declarations of the element at `depth`.
    fn close(&mut self, depth: usize) {
        while self.declared.last().is_some_and(|(_, d)| *d >= depth) {
            self.declared.pop();
        }
    }
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
        span: Span::default(),
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
pub fn declared_encoding(bytes: &[u8]) -> Option<String> {
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
    fn spans_cover_tags_and_content() {
        let text = "<?xml version=\"1.0\"?>\n<a x=\"1\">one &amp; <b>two</b><c/></a>";
        let root = parse(text).unwrap();
        let s = root.span;
        assert_eq!(&text[s.start..s.content], "<a x=\"1\">");
        assert_eq!(&text[s.content..s.content_end], "one &amp; <b>two</b><c/>");
        assert_eq!(&text[s.content_end..s.end], "</a>");
        let b = root.child("b").unwrap().span;
        assert_eq!(&text[b.start..b.end], "<b>two</b>");
        let c = root.child("c").unwrap().span;
        assert_eq!(&text[c.start..c.end], "<c/>");
        assert!(c.is_empty_tag() && !b.is_empty_tag());
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
    fn deep_nesting_and_undeclared_prefixes_are_refused() {
        let deep = format!(
            "{}{}",
            "<g>".repeat(MAX_DEPTH + 1),
            "</g>".repeat(MAX_DEPTH + 1)
        );
        let error = parse(&deep).unwrap_err().to_string();
        assert!(error.contains("nested more than"), "{error}");
        let fine = format!("{}{}", "<g>".repeat(MAX_DEPTH), "</g>".repeat(MAX_DEPTH));
        let root = parse(&fine).unwrap();
        let mut found = Vec::new();
        root.descendants("g", &mut found);
        assert_eq!(found.len(), MAX_DEPTH - 1);
        let error = parse("<a><iws:x v=\"1\"/></a>").unwrap_err().to_string();
        assert!(
            error.contains("\"iws\" of \"iws:x\" is not declared"),
            "{error}"
        );
        let error = parse("<a><b k:v=\"1\"/></a>").unwrap_err().to_string();
        assert!(error.contains("not declared"), "{error}");
        assert!(parse("<a xmlns:k=\"urn:k\"><k:b k:v=\"1\"/></a>").is_ok());
        // A declaration ends with its element.
        assert!(parse("<a><b xmlns:k=\"urn:k\"/><k:c/></a>").is_err());
    }

    #[test]
    fn declared_latin1_is_honoured() {
        let root =
            parse_bytes(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Gr\xf6\xdfe</a>")
                .unwrap();
        assert_eq!(root.text(), "Größe");
    }
}
