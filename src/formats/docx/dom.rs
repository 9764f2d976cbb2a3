//! A faithful XML tree for rewriting the parts of a Word package: unlike
//! [`crate::base::xml`], which reads XLIFF and friends by local name, this one keeps qualified
//! names (`w:p`, `r:id`), every attribute in order (namespace declarations included), comments,
//! processing instructions and the XML declaration, so that a part written back differs from
//! the original only where Tandem changed it. Text is held unescaped.
//!
//! Both the reader and the writer walk this tree, so they number paragraphs the same way.
//! Nesting deeper than [`MAX_DEPTH`] is refused (the walks are recursive).

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use std::fmt::Write;

/// How deep elements may nest; Word's deepest real structures (tables in text boxes in tables)
/// stay far below.
pub const MAX_DEPTH: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The qualified name as written: `w:p`.
    pub name: String,
    /// Attributes as written, values unescaped.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
    /// A comment, processing instruction or CDATA section, written back as it was.
    Raw(String),
}

/// A parsed part: what came before the root (the XML declaration) and the root.
#[derive(Clone, Debug)]
pub struct Part {
    pub prolog: Vec<Node>,
    pub root: Element,
}

impl Element {
    pub fn new(name: &str) -> Element {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    pub fn with_attr(mut self, key: &str, value: &str) -> Element {
        self.attrs.push((key.to_string(), value.to_string()));
        self
    }

    pub fn with_child(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The local name, without the prefix.
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// The concatenated text below this element.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut stack: Vec<&Node> = self.children.iter().rev().collect();
        while let Some(node) = stack.pop() {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => stack.extend(e.children.iter().rev()),
                Node::Raw(_) => {}
            }
        }
        out
    }
}

/// Parses a part. Errors name the position.
pub fn parse(bytes: &[u8]) -> Result<Part, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "a part is not UTF-8".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut prolog = Vec::new();
    let mut root = None;
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| format!("byte {at}: {e}"))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("elements nest more than {MAX_DEPTH} deep"));
                }
                stack.push(element(&start)?);
            }
            Event::Empty(start) => {
                let e = element(&start)?;
                close(&mut stack, &mut root, e)?;
            }
            Event::End(_) => {
                let e = stack.pop().ok_or("a closing tag without opening tag")?;
                close(&mut stack, &mut root, e)?;
            }
            Event::Text(t) => push(
                &mut stack,
                &mut prolog,
                Node::Text(t.xml10_content().into_owned()),
            ),
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| e.to_string())?
                        .map(String::from)
                } else {
                    resolve_predefined_entity(&r.xml10_content()).map(str::to_string)
                };
                let resolved =
                    resolved.ok_or_else(|| format!("unknown entity &{};", r.xml10_content()))?;
                push(&mut stack, &mut prolog, Node::Text(resolved));
            }
            Event::CData(c) => {
                let raw = format!("<![CDATA[{}]]>", AsRef::<str>::as_ref(&*c));
                push(&mut stack, &mut prolog, Node::Raw(raw));
            }
            Event::Comment(c) => {
                let raw = format!("<!--{}-->", AsRef::<str>::as_ref(&*c));
                push(&mut stack, &mut prolog, Node::Raw(raw));
            }
            Event::Decl(d) => {
                let raw = format!("<?{}?>", AsRef::<str>::as_ref(&*d));
                push(&mut stack, &mut prolog, Node::Raw(raw));
            }
            Event::PI(p) => {
                let raw = format!("<?{}?>", AsRef::<str>::as_ref(&*p));
                push(&mut stack, &mut prolog, Node::Raw(raw));
            }
            Event::DocType(_) => return Err("a part declares a document type".into()),
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    let root = root.ok_or("a part has no root element")?;
    Ok(Part { prolog, root })
}

fn element(start: &BytesStart) -> Result<Element, String> {
    let name = start.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let key = attribute.key.as_ref().to_string();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

fn close(stack: &mut [Element], root: &mut Option<Element>, e: Element) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(e)),
        None if root.is_none() => *root = Some(e),
        None => return Err("a part has more than one root element".into()),
    }
    Ok(())
}

fn push(stack: &mut [Element], prolog: &mut Vec<Node>, node: Node) {
    match stack.last_mut() {
        Some(parent) => {
            // quick-xml reports a text with entities in pieces; keep them as one.
            if let (Node::Text(new), Some(Node::Text(last))) = (&node, parent.children.last_mut()) {
                last.push_str(new);
            } else {
                parent.children.push(node);
            }
        }
        None => {
            if !matches!(node, Node::Text(_)) {
                prolog.push(node);
            }
        }
    }
}

/// Writes a part back as UTF-8 XML.
pub fn write(part: &Part) -> Vec<u8> {
    let mut out = String::with_capacity(4096);
    for node in &part.prolog {
        if let Node::Raw(raw) = node {
            out.push_str(raw);
            if raw.starts_with("<?xml") {
                out.push_str("\r\n");
            }
        }
    }
    write_element(&part.root, &mut out);
    out.into_bytes()
}

fn write_element(element: &Element, out: &mut String) {
    // Iterative, so that a deep tree cannot overflow the stack.
    enum Step<'a> {
        Open(&'a Element),
        Text(&'a str),
        Raw(&'a str),
        Close(&'a Element),
    }
    let mut stack = vec![Step::Open(element)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(e) => {
                out.push('<');
                out.push_str(&e.name);
                for (k, v) in &e.attrs {
                    let _ = write!(out, " {k}=\"{}\"", escape_attr(v));
                }
                if e.children.is_empty() {
                    out.push_str("/>");
                    continue;
                }
                out.push('>');
                stack.push(Step::Close(e));
                for child in e.children.iter().rev() {
                    stack.push(match child {
                        Node::Element(c) => Step::Open(c),
                        Node::Text(t) => Step::Text(t),
                        Node::Raw(r) => Step::Raw(r),
                    });
                }
            }
            Step::Text(t) => out.push_str(&escape_text(t)),
            Step::Raw(r) => out.push_str(r),
            Step::Close(e) => {
                out.push_str("</");
                out.push_str(&e.name);
                out.push('>');
            }
        }
    }
}

fn escape_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>']) {
        return text.into();
    }
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .into()
}

fn escape_attr(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\n', '\r', '\t']) {
        return text.into();
    }
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
        .into()
}
