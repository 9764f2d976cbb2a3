//! Writing the translation back into the original Word package: every part, style,
//! numbering, table, image, header and section setting stays as it was; only the text of the
//! paragraphs Tandem read changes. A translated paragraph keeps its properties and everything
//! in it that is not text (images, text boxes, note references, bookmarks, comment ranges,
//! equations, page breaks); its text runs are replaced by new runs made from the target's
//! inline markup, formatted like the paragraph's first text run (or the link's) plus the
//! markup's bold, italic, underline, superscript and subscript, and tagged English (`w:lang`) so Word checks their spelling as
//! English. Tracked changes inside a translated paragraph are accepted. A field keeps its code
//! and its place in the run sequence (fields may span paragraphs, and an unbalanced one
//! damages the file); its shown text is part of the translation, so a field in mid-paragraph
//! ends up with its result before it.
//!
//! Non-text items between two pieces of text (a footnote reference after the first sentence)
//! move to the paragraph's end: the translation has no place to put them.

use super::dom::{self, Element, Node};
use super::package::{Package, links, rels_name};
use crate::formats::inline::to_html;
use std::collections::HashMap;

const HYPERLINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const R_NAMESPACE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The order of run properties the schema requires (`CT_RPr`).
const RPR_ORDER: [&str; 39] = [
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
];

/// Writes `targets` (part → paragraph number → inline markup) into the package.
pub(super) fn write_back(
    original: &[u8],
    targets: &HashMap<String, HashMap<u32, String>>,
    language: &str,
) -> Result<Vec<u8>, String> {
    let mut package = Package::read(original)?;
    for (part_name, paragraphs) in targets {
        let bytes = package
            .get(part_name)
            .ok_or_else(|| format!("the original has no part {part_name}"))?;
        let mut part = dom::parse(bytes).map_err(|e| format!("{part_name}: {e}"))?;
        let url_ids: HashMap<String, String> = links(&package, part_name)
            .into_iter()
            .map(|(id, url)| (url, id))
            .collect();
        let mut rewriter = Rewriter {
            targets: paragraphs,
            counter: 0,
            url_ids,
            new_links: Vec::new(),
            language,
        };
        rewriter.visit(&mut part.root);
        if !rewriter.new_links.is_empty() {
            if part.root.attr("xmlns:r").is_none() {
                part.root
                    .attrs
                    .push(("xmlns:r".to_string(), R_NAMESPACE.to_string()));
            }
            add_links(&mut package, part_name, &rewriter.new_links)?;
        }
        package.set(part_name, dom::write(&part));
    }
    package.write()
}

fn add_links(package: &mut Package, part: &str, new: &[(String, String)]) -> Result<(), String> {
    let name = rels_name(part);
    let mut rels = match package.get(&name) {
        Some(bytes) => dom::parse(bytes).map_err(|e| format!("{name}: {e}"))?,
        None => dom::Part {
            prolog: vec![Node::Raw(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#.into(),
            )],
            root: Element::new("Relationships").with_attr("xmlns", RELATIONSHIPS),
        },
    };
    for (id, url) in new {
        rels.root.children.push(Node::Element(
            Element::new("Relationship")
                .with_attr("Id", id)
                .with_attr("Type", HYPERLINK)
                .with_attr("Target", url)
                .with_attr("TargetMode", "External"),
        ));
    }
    package.set(&name, dom::write(&rels));
    Ok(())
}

struct Rewriter<'a> {
    targets: &'a HashMap<u32, String>,
    counter: u32,
    url_ids: HashMap<String, String>,
    new_links: Vec<(String, String)>,
    language: &'a str,
}

/// What a translated paragraph keeps, in order.
#[derive(Default)]
struct Kept {
    properties: Option<Element>,
    before: Vec<Node>,
    after: Vec<Node>,
    seen_text: bool,
    base: Option<Element>,
    link_base: HashMap<String, Element>,
}

impl Rewriter<'_> {
    /// Numbers paragraphs depth first, as the reader does, and rewrites the translated ones.
    fn visit(&mut self, e: &mut Element) {
        let number = (e.name == "w:p").then(|| {
            self.counter += 1;
            self.counter - 1
        });
        for child in &mut e.children {
            if let Node::Element(c) = child {
                self.visit(c);
            }
        }
        if let Some(markup) = number.and_then(|n| self.targets.get(&n)) {
            let markup = markup.clone();
            self.rebuild(e, &markup);
        }
    }

    fn rebuild(&mut self, p: &mut Element, markup: &str) {
        let mut kept = Kept::default();
        let children = std::mem::take(&mut p.children);
        self.collect(children, None, &mut kept);
        let mut children = Vec::new();
        if let Some(properties) = kept.properties {
            children.push(Node::Element(properties));
        }
        children.extend(kept.before);
        for span in spans(markup) {
            let base = span
                .link
                .as_ref()
                .and_then(|url| kept.link_base.get(url))
                .or(kept.base.as_ref());
            let run = self.run(&span, base);
            match &span.link {
                Some(url) => {
                    let mut link = Element::new("w:hyperlink");
                    if let Some(anchor) = url.strip_prefix('#') {
                        link = link.with_attr("w:anchor", anchor);
                    } else {
                        let id = self.link_id(url);
                        link = link.with_attr("r:id", &id).with_attr("w:history", "1");
                    }
                    children.push(Node::Element(link.with_child(run)));
                }
                None => children.push(Node::Element(run)),
            }
        }
        children.extend(kept.after);
        p.children = children;
    }

    fn link_id(&mut self, url: &str) -> String {
        if let Some(id) = self.url_ids.get(url) {
            return id.clone();
        }
        let id = format!("rIdTandem{}", self.new_links.len() + 1);
        self.new_links.push((id.clone(), url.to_string()));
        self.url_ids.insert(url.to_string(), id.clone());
        id
    }

    fn collect(&self, children: Vec<Node>, link: Option<&str>, kept: &mut Kept) {
        for child in children {
            let Node::Element(c) = child else {
                continue;
            };
            match c.name.as_str() {
                "w:pPr" => kept.properties = Some(c),
                "w:r" => self.collect_run(c, link, kept),
                "w:hyperlink" => {
                    let url = c
                        .attr("r:id")
                        .and_then(|id| {
                            self.url_ids
                                .iter()
                                .find(|(_, i)| i.as_str() == id)
                                .map(|(u, _)| u.clone())
                        })
                        .or_else(|| c.attr("w:anchor").map(|a| format!("#{a}")));
                    self.collect(c.children, url.as_deref().or(link), kept);
                }
                "w:ins" | "w:moveTo" | "w:smartTag" | "w:customXml" | "w:fldSimple" | "w:dir"
                | "w:bdo" | "w:sdtContent" => self.collect(c.children, link, kept),
                "w:sdt" => {
                    for inner in c.children {
                        if let Node::Element(e) = inner
                            && e.name == "w:sdtContent"
                        {
                            self.collect(e.children, link, kept);
                        }
                    }
                }
                "w:del" | "w:moveFrom" | "w:proofErr" => {}
                "mc:AlternateContent" if has_text(&c) => {
                    if let Some(choice) = c.children.into_iter().find_map(|n| match n {
                        Node::Element(e) if e.local() == "Choice" => Some(e),
                        _ => None,
                    }) {
                        self.collect(choice.children, link, kept);
                    }
                }
                _ => keep(kept, Node::Element(c)),
            }
        }
    }

    fn collect_run(&self, run: Element, link: Option<&str>, kept: &mut Kept) {
        let properties = run.child("w:rPr").cloned();
        if properties
            .as_ref()
            .is_some_and(|p| p.child("w:vanish").is_some())
        {
            // Hidden text was not read: it stays as it was.
            keep(kept, Node::Element(run));
            return;
        }
        let textual = run.elements().any(is_textual);
        if textual {
            kept.seen_text = true;
            if let Some(properties) = &properties {
                if kept.base.is_none() {
                    kept.base = Some(properties.clone());
                }
                if let Some(url) = link {
                    kept.link_base
                        .entry(url.to_string())
                        .or_insert_with(|| properties.clone());
                }
            }
        }
        let Element {
            name,
            attrs,
            children,
        } = run;
        let rest: Vec<Node> = children
            .into_iter()
            .filter(|n| matches!(n, Node::Element(e) if !is_textual(e)))
            .collect();
        if rest
            .iter()
            .any(|n| matches!(n, Node::Element(e) if e.name != "w:rPr"))
        {
            keep(
                kept,
                Node::Element(Element {
                    name,
                    attrs,
                    children: rest,
                }),
            );
        }
    }

    fn run(&self, span: &Span, base: Option<&Element>) -> Element {
        let mut properties: Vec<Element> = base
            .map(|b| {
                b.elements()
                    .filter(|e| {
                        !matches!(
                            e.name.as_str(),
                            "w:b"
                                | "w:bCs"
                                | "w:i"
                                | "w:iCs"
                                | "w:u"
                                | "w:vertAlign"
                                | "w:lang"
                                | "w:rPrChange"
                        )
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        if span.bold {
            properties.push(Element::new("w:b"));
            properties.push(Element::new("w:bCs"));
        }
        if span.italic {
            properties.push(Element::new("w:i"));
            properties.push(Element::new("w:iCs"));
        }
        if span.underline {
            properties.push(Element::new("w:u").with_attr("w:val", "single"));
        }
        if span.superscript || span.subscript {
            let align = if span.superscript {
                "superscript"
            } else {
                "subscript"
            };
            properties.push(Element::new("w:vertAlign").with_attr("w:val", align));
        }
        let mut lang = base
            .and_then(|b| b.child("w:lang"))
            .cloned()
            .unwrap_or_else(|| Element::new("w:lang"));
        lang.attrs.retain(|(k, _)| k != "w:val");
        lang.attrs.insert(0, ("w:val".into(), self.language.into()));
        properties.push(lang);
        properties.sort_by_key(|e| {
            RPR_ORDER
                .iter()
                .position(|n| *n == e.name)
                .unwrap_or(RPR_ORDER.len())
        });
        let mut rpr = Element::new("w:rPr");
        rpr.children = properties.into_iter().map(Node::Element).collect();
        let mut text = Element::new("w:t").with_attr("xml:space", "preserve");
        text.children.push(Node::Text(span.text.clone()));
        Element::new("w:r").with_child(rpr).with_child(text)
    }
}

fn keep(kept: &mut Kept, node: Node) {
    if kept.seen_text {
        kept.after.push(node);
    } else {
        kept.before.push(node);
    }
}

/// Run content the reader took as text (or as nothing): replaced by the translation. A page
/// or column break is layout and stays.
fn is_textual(e: &Element) -> bool {
    match e.name.as_str() {
        "w:br" => !matches!(e.attr("w:type"), Some("page" | "column")),
        "w:t"
        | "w:tab"
        | "w:cr"
        | "w:ptab"
        | "w:noBreakHyphen"
        | "w:softHyphen"
        | "w:ruby"
        | "w:sym"
        | "w:delText"
        | "w:lastRenderedPageBreak" => true,
        _ => false,
    }
}

fn has_text(e: &Element) -> bool {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        if e.name == "w:t" {
            return true;
        }
        if e.local() == "Fallback" || e.name == "w:txbxContent" {
            continue;
        }
        stack.extend(e.elements());
    }
    false
}

/// A stretch of the translation with one formatting.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub superscript: bool,
    pub subscript: bool,
    pub link: Option<String>,
}

/// The target's inline markup as formatted spans, read from its HTML rendering (which has
/// only `<strong>`, `<em>`, `<u>`, `<sup>`, `<sub>`, `<code>`, `<a href>` and four escaped
/// characters).
pub(super) fn spans(markup: &str) -> Vec<Span> {
    const TAGS: [&str; 5] = ["strong", "em", "u", "sup", "sub"];
    let html = to_html(markup);
    let mut out: Vec<Span> = Vec::new();
    // How many of each of TAGS are open.
    let mut open = [0usize; 5];
    let mut links: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut rest = html.as_str();
    let flush =
        |text: &mut String, out: &mut Vec<Span>, open: &[usize; 5], link: Option<&String>| {
            if text.is_empty() {
                return;
            }
            let span = Span {
                text: std::mem::take(text),
                bold: open[0] > 0,
                italic: open[1] > 0,
                underline: open[2] > 0,
                superscript: open[3] > 0,
                subscript: open[4] > 0,
                link: link.cloned(),
            };
            match out.last_mut() {
                Some(last) if last.same_format(&span) => last.text.push_str(&span.text),
                _ => out.push(span),
            }
        };
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let tag = &rest[1..end];
            flush(&mut text, &mut out, &open, links.last());
            let closing = tag.starts_with('/');
            match TAGS.iter().position(|t| *t == tag.trim_start_matches('/')) {
                Some(k) if closing => open[k] = open[k].saturating_sub(1),
                Some(k) => open[k] += 1,
                None if tag == "/a" => {
                    links.pop();
                }
                None if tag.starts_with("a href=\"") => {
                    let url = tag["a href=\"".len()..].trim_end_matches('"');
                    links.push(unescape(url));
                }
                None => {}
            }
            rest = &rest[end + 1..];
            continue;
        }
        if c == '&' {
            let (decoded, len) = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
            ]
            .iter()
            .find(|(e, _)| rest.starts_with(e))
            .map_or(('&', 1), |(e, ch)| (*ch, e.len()));
            text.push(decoded);
            rest = &rest[len..];
            continue;
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut text, &mut out, &open, links.last());
    out
}

impl Span {
    fn same_format(&self, other: &Span) -> bool {
        (
            self.bold,
            self.italic,
            self.underline,
            self.superscript,
            self.subscript,
        ) == (
            other.bold,
            other.italic,
            other.underline,
            other.superscript,
            other.subscript,
        ) && self.link == other.link
    }
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_spans() {
        let spans = spans("A **bold** and *it* [link](https://x.org/?a=1&b=2) end & <x>");
        let texts: Vec<(&str, bool, bool, Option<&str>)> = spans
            .iter()
            .map(|s| (s.text.as_str(), s.bold, s.italic, s.link.as_deref()))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("A ", false, false, None),
                ("bold", true, false, None),
                (" and ", false, false, None),
                ("it", false, true, None),
                (" ", false, false, None),
                ("link", false, false, Some("https://x.org/?a=1&b=2")),
                (" end & <x>", false, false, None),
            ]
        );
    }
}
