//! Reading a Word document into blocks: paragraphs, headings (by outline level or heading
//! style), list items (by numbering, with their level), table cells, text boxes, footnotes and
//! endnotes, in document order. Runs are merged by their formatting, so the many runs Word
//! splits a word into (spelling marks, revision ids) give one piece of text; bold, italic,
//! underline, superscript, subscript and links become Tandem's inline markup (`**…**`, `_…_`,
//! `[…]{.underline}`, `^…^`, `~…~`, `[…](url)`).
//!
//! Tracked changes are accepted (inserted text read, deleted text skipped) and said so in a
//! warning. Comments, fields' codes, deleted text, headers and footers are not read. Every
//! paragraph is numbered in the order [`super::dom`]'s tree gives them (every `w:p` of a part,
//! counted depth first); a block's anchor names its part and number, which is how the writer
//! finds the paragraph again.

use super::dom::{Element, Part};
use super::package::{Package, links};
use crate::base::Diagnostic;
use crate::formats::RawBlock;
use crate::formats::inline::escape_markup;
use crate::model::BlockKind;
use std::collections::HashMap;

/// What a heading or list looks like, from `styles.xml` and `numbering.xml`.
#[derive(Default)]
pub(super) struct Styles {
    /// Style id → (name in lower case, outline level, based on).
    styles: HashMap<String, (String, Option<u8>, Option<String>)>,
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// (abstractNumId, level) → numFmt.
    formats: HashMap<(String, u8), String>,
}

impl Styles {
    pub(super) fn read(package: &Package, main: &str) -> Styles {
        let mut styles = Styles::default();
        if let Some(part) = package
            .related(main, "/styles")
            .and_then(|p| package.get(&p))
            .and_then(|b| super::dom::parse(b).ok())
        {
            for style in part.root.elements().filter(|e| e.local() == "style") {
                let Some(id) = style.attr("w:styleId") else {
                    continue;
                };
                let name = style
                    .child("w:name")
                    .and_then(|n| n.attr("w:val"))
                    .unwrap_or("")
                    .to_lowercase();
                let outline = style
                    .child("w:pPr")
                    .and_then(|p| p.child("w:outlineLvl"))
                    .and_then(|o| o.attr("w:val"))
                    .and_then(|v| v.parse().ok());
                let based = style
                    .child("w:basedOn")
                    .and_then(|b| b.attr("w:val"))
                    .map(str::to_string);
                styles.styles.insert(id.to_string(), (name, outline, based));
            }
        }
        if let Some(part) = package
            .related(main, "/numbering")
            .and_then(|p| package.get(&p))
            .and_then(|b| super::dom::parse(b).ok())
        {
            for e in part.root.elements() {
                match e.local() {
                    "abstractNum" => {
                        let Some(id) = e.attr("w:abstractNumId") else {
                            continue;
                        };
                        for level in e.elements().filter(|l| l.local() == "lvl") {
                            let ilvl = level.attr("w:ilvl").and_then(|v| v.parse().ok());
                            let format = level.child("w:numFmt").and_then(|f| f.attr("w:val"));
                            if let (Some(ilvl), Some(format)) = (ilvl, format) {
                                styles
                                    .formats
                                    .insert((id.to_string(), ilvl), format.to_string());
                            }
                        }
                    }
                    "num" => {
                        if let (Some(num), Some(abs)) = (
                            e.attr("w:numId"),
                            e.child("w:abstractNumId").and_then(|a| a.attr("w:val")),
                        ) {
                            styles.nums.insert(num.to_string(), abs.to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        styles
    }

    /// A heading level (1 for the top) or `Title` for a paragraph of this style.
    fn heading(&self, style: &str) -> Option<BlockKind> {
        let mut id = style;
        for _ in 0..10 {
            let (name, outline, based) = self.styles.get(id)?;
            if name == "title" {
                return Some(BlockKind::Title);
            }
            if let Some(level) = outline.filter(|l| *l < 9) {
                return Some(BlockKind::Heading { level: level + 1 });
            }
            if let Some(level) = name
                .strip_prefix("heading ")
                .and_then(|n| n.trim().parse::<u8>().ok())
            {
                return Some(BlockKind::Heading {
                    level: level.clamp(1, 9),
                });
            }
            id = based.as_deref()?;
        }
        None
    }

    fn list_marker(&self, num_id: &str, level: u8) -> String {
        let format = self
            .nums
            .get(num_id)
            .and_then(|abs| self.formats.get(&(abs.clone(), level)))
            .map_or("bullet", String::as_str);
        let indent = "  ".repeat(usize::from(level.min(8)));
        if format == "bullet" || format == "none" {
            format!("{indent}-")
        } else {
            format!("{indent}1.")
        }
    }
}

/// The formatting that travels with a piece of text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Format {
    bold: bool,
    italic: bool,
    underline: bool,
    /// `w:vertAlign`: superscript or subscript.
    superscript: bool,
    subscript: bool,
    link: Option<String>,
}

/// Walks one part, numbering its paragraphs and collecting blocks.
struct Walker<'a> {
    part: &'a str,
    styles: &'a Styles,
    /// The part's hyperlink targets by relationship id.
    links: &'a HashMap<String, String>,
    ordinal: u32,
    blocks: Vec<RawBlock>,
    /// Tracked insertions and deletions seen (accepted).
    revisions: usize,
}

/// Reads the blocks of one part (the main document, the footnotes or the endnotes).
pub(super) fn read_part(
    package: &Package,
    part_name: &str,
    part: &Part,
    styles: &Styles,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawBlock> {
    let links = links(package, part_name);
    let mut walker = Walker {
        part: part_name,
        styles,
        links: &links,
        ordinal: 0,
        blocks: Vec::new(),
        revisions: 0,
    };
    walker.walk(&part.root);
    if walker.revisions > 0 {
        diagnostics.push(Diagnostic::warning(format!(
            "{part_name}: {} tracked change(s) were accepted: inserted text is read, deleted text is not",
            walker.revisions
        )));
    }
    walker.blocks
}

/// The text of one element of a part (a table cell) as inline markup, its paragraphs joined
/// by a space; `links` are the part's hyperlink targets.
pub(super) fn element_markup(
    element: &Element,
    part_name: &str,
    links: &HashMap<String, String>,
    styles: &Styles,
) -> String {
    let mut walker = Walker {
        part: part_name,
        styles,
        links,
        ordinal: 0,
        blocks: Vec::new(),
        revisions: 0,
    };
    walker.walk(element);
    let texts: Vec<String> = walker.blocks.into_iter().map(|b| b.text).collect();
    texts.join(" ")
}

impl Walker<'_> {
    fn walk(&mut self, e: &Element) {
        match e.name.as_str() {
            "w:p" => self.paragraph(e),
            // Separator "notes" of the notes parts hold no text of their own.
            "w:footnote" | "w:endnote"
                if matches!(
                    e.attr("w:type"),
                    Some("separator" | "continuationSeparator" | "continuationNotice")
                ) =>
            {
                self.skip(e)
            }
            "w:del" | "w:moveFrom" => {
                self.revisions += 1;
                self.skip(e);
            }
            "mc:AlternateContent" => self.alternate(e, None),
            _ => {
                for child in e.elements() {
                    self.walk(child);
                }
            }
        }
    }

    /// Counts the paragraphs of a subtree without reading them.
    fn skip(&mut self, e: &Element) {
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            if e.name == "w:p" {
                self.ordinal += 1;
            }
            stack.extend(e.elements().collect::<Vec<_>>().into_iter().rev());
        }
    }

    /// Markup Compatibility: the first choice is read (Word's modern drawing), the fallback
    /// (the same text box for old readers) only counted. With `pieces`, the choice holds runs
    /// of the paragraph being read.
    fn alternate(&mut self, e: &Element, pieces: Option<&mut Pieces>) {
        let mut pieces = pieces;
        let mut chosen = false;
        for child in e.elements() {
            if child.local() == "Choice" && !chosen {
                chosen = true;
                for c in child.elements() {
                    match pieces.as_deref_mut() {
                        Some(p) => self.inline(c, p, &Format::default()),
                        None => self.walk(c),
                    }
                }
            } else {
                self.skip(child);
            }
        }
    }

    fn paragraph(&mut self, p: &Element) {
        let ordinal = self.ordinal;
        self.ordinal += 1;
        let kind = self.kind(p.child("w:pPr"));
        let mut pieces = Pieces::default();
        for child in p.elements() {
            self.inline(child, &mut pieces, &Format::default());
        }
        let text = pieces.markup();
        if !text.trim().is_empty() {
            self.blocks.push(RawBlock {
                kind,
                text,
                anchor: Some(format!("{}#{ordinal}", self.part)),
                segments: None,
            });
        }
    }

    fn kind(&self, properties: Option<&Element>) -> BlockKind {
        let Some(properties) = properties else {
            return BlockKind::Paragraph;
        };
        if let Some(level) = properties
            .child("w:outlineLvl")
            .and_then(|o| o.attr("w:val"))
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|l| *l < 9)
        {
            return BlockKind::Heading { level: level + 1 };
        }
        let style = properties.child("w:pStyle").and_then(|s| s.attr("w:val"));
        if let Some(kind) = style.and_then(|s| self.styles.heading(s)) {
            return kind;
        }
        if let Some(numbering) = properties.child("w:numPr") {
            let num = numbering.child("w:numId").and_then(|n| n.attr("w:val"));
            let level = numbering
                .child("w:ilvl")
                .and_then(|l| l.attr("w:val"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            if let Some(num) = num.filter(|n| *n != "0") {
                return BlockKind::ListItem {
                    marker: self.styles.list_marker(num, level),
                };
            }
        }
        if style.is_some_and(|s| s.to_lowercase().contains("list")) {
            return BlockKind::ListItem { marker: "-".into() };
        }
        BlockKind::Paragraph
    }

    fn inline(&mut self, e: &Element, pieces: &mut Pieces, format: &Format) {
        match e.name.as_str() {
            "w:r" => self.run(e, pieces, format),
            "w:hyperlink" => {
                let url = e
                    .attr("r:id")
                    .and_then(|id| self.links.get(id).cloned())
                    .or_else(|| e.attr("w:anchor").map(|a| format!("#{a}")));
                let format = Format {
                    link: url.or_else(|| format.link.clone()),
                    ..format.clone()
                };
                for child in e.elements() {
                    self.inline(child, pieces, &format);
                }
            }
            "w:ins" | "w:moveTo" => {
                self.revisions += 1;
                for child in e.elements() {
                    self.inline(child, pieces, format);
                }
            }
            "w:smartTag" | "w:customXml" | "w:fldSimple" | "w:sdtContent" | "w:dir" | "w:bdo" => {
                for child in e.elements() {
                    self.inline(child, pieces, format);
                }
            }
            "w:sdt" => {
                for child in e.elements() {
                    if child.name == "w:sdtContent" {
                        self.inline(child, pieces, format);
                    } else {
                        self.skip(child);
                    }
                }
            }
            "w:del" | "w:moveFrom" => {
                self.revisions += 1;
                self.skip(e);
            }
            "mc:AlternateContent" => self.alternate(e, Some(pieces)),
            "w:p" => self.paragraph(e),
            "w:pPr" => {}
            _ => self.nested(e),
        }
    }

    /// Text boxes and other containers inside a run: their paragraphs are blocks of their own.
    fn nested(&mut self, e: &Element) {
        for child in e.elements() {
            match child.name.as_str() {
                "w:p" => self.paragraph(child),
                "mc:AlternateContent" => self.alternate(child, None),
                _ => self.nested(child),
            }
        }
    }

    fn run(&mut self, run: &Element, pieces: &mut Pieces, format: &Format) {
        let mut format = format.clone();
        if let Some(properties) = run.child("w:rPr") {
            if properties.child("w:vanish").is_some() {
                self.nested(run);
                return;
            }
            format.bold = on(properties.child("w:b")).unwrap_or(format.bold);
            format.italic = on(properties.child("w:i")).unwrap_or(format.italic);
            format.underline = on(properties.child("w:u")).unwrap_or(format.underline);
            if let Some(align) = properties
                .child("w:vertAlign")
                .and_then(|v| v.attr("w:val"))
            {
                format.superscript = align == "superscript";
                format.subscript = align == "subscript";
            }
        }
        for child in run.elements() {
            match child.name.as_str() {
                "w:t" => pieces.push(&child.text(), &format),
                "w:tab" | "w:br" | "w:cr" | "w:ptab" => pieces.push(" ", &format),
                "w:noBreakHyphen" => pieces.push("\u{2011}", &format),
                "w:ruby" => {
                    if let Some(base) = child.child("w:rubyBase") {
                        pieces.push(&base.text(), &format);
                    }
                }
                "w:rPr"
                | "w:softHyphen"
                | "w:delText"
                | "w:instrText"
                | "w:fldChar"
                | "w:footnoteReference"
                | "w:endnoteReference"
                | "w:commentReference"
                | "w:sym"
                | "w:lastRenderedPageBreak" => {}
                "mc:AlternateContent" => self.alternate(child, None),
                _ => self.nested(child),
            }
        }
    }
}

/// Whether a toggle property (`<w:b/>`, `<w:b w:val="0"/>`) is on; `None` when absent.
fn on(property: Option<&Element>) -> Option<bool> {
    property.map(|p| !matches!(p.attr("w:val"), Some("0" | "false" | "off" | "none")))
}

/// Text pieces with their formatting, merged as they come.
#[derive(Default)]
struct Pieces {
    pieces: Vec<(String, Format)>,
}

impl Pieces {
    fn push(&mut self, text: &str, format: &Format) {
        if text.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some((last, f)) if f == format => last.push_str(text),
            _ => self.pieces.push((text.to_string(), format.clone())),
        }
    }

    /// The pieces as inline markup: runs of one link become one link; inside it, runs of
    /// italic become one `_…_` and bold pieces `**…**` within, spaces outside the markers.
    fn markup(&self) -> String {
        let mut out = String::new();
        for (link, group) in groups(&self.pieces, |f| f.link.clone()) {
            let mut inner = String::new();
            for (italic, run) in groups(group, |f| f.italic) {
                let mut text = String::new();
                for (text_piece, format) in run {
                    let mut piece = escape_markup(text_piece);
                    // Pandoc's superscript and subscript allow no spaces inside.
                    let compact = !piece.trim().contains(char::is_whitespace);
                    if format.superscript && compact {
                        piece = wrap(&piece, "^", "^");
                    } else if format.subscript && compact {
                        piece = wrap(&piece, "~", "~");
                    }
                    if format.bold {
                        piece = wrap(&piece, "**", "**");
                    }
                    // Links are underlined by their style; only other underlining is kept.
                    if format.underline && link.is_none() {
                        piece = wrap(&piece, "[", "]{.underline}");
                    }
                    text.push_str(&piece);
                }
                inner.push_str(&if italic { wrap(&text, "_", "_") } else { text });
            }
            match link {
                Some(url) if !url.contains([' ', ')', '(']) => {
                    inner = wrap(&inner, "[", &format!("]({url})"));
                }
                _ => {}
            }
            out.push_str(&inner);
        }
        out
    }
}

/// Consecutive pieces with the same key.
fn groups<K: PartialEq>(
    pieces: &[(String, Format)],
    key: impl Fn(&Format) -> K,
) -> Vec<(K, &[(String, Format)])> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=pieces.len() {
        if i == pieces.len() || key(&pieces[i].1) != key(&pieces[start].1) {
            out.push((key(&pieces[start].1), &pieces[start..i]));
            start = i;
        }
    }
    out
}

/// `open` and `close` around the text, its leading and trailing spaces outside.
fn wrap(text: &str, open: &str, close: &str) -> String {
    let core = text.trim();
    if core.is_empty() {
        return text.to_string();
    }
    let lead = text.len() - text.trim_start().len();
    let trail = text.trim_end().len();
    format!("{}{open}{core}{close}{}", &text[..lead], &text[trail..])
}
