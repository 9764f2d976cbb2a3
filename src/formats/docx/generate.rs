//! A new Word document for an article that did not come as one: title, headings, paragraphs,
//! list items, quotations and the credit, with Word's built-in style names (Title, Heading 1…,
//! Quote), so Word, LibreOffice and pandoc see the structure. Bold, italic and links of the
//! inline markup become runs and hyperlinks; the text is tagged English.

use super::dom::{self, Element, Node};
use super::package::Package;
use super::write::Span;
use crate::formats::article::block_markup;
use crate::model::{BlockKind, Project};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#;

const SETTINGS_TYPE: &str = r#"<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A paragraph style: id, name, outline level, size in half points, bold, italic.
type Style = (&'static str, &'static str, Option<u8>, u32, bool, bool);

const STYLES: [Style; 7] = [
    ("Title", "Title", None, 40, true, false),
    ("Heading1", "heading 1", Some(0), 32, true, false),
    ("Heading2", "heading 2", Some(1), 28, true, false),
    ("Heading3", "heading 3", Some(2), 24, true, false),
    ("Quote", "Quote", None, 22, false, true),
    ("ListParagraph", "List Paragraph", None, 22, false, false),
    ("Caption", "Caption", None, 18, false, true),
];

pub(super) fn styles(language: &str) -> String {
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="{language}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#
    );
    for (id, name, outline, size, bold, italic) in STYLES {
        out.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="{}" w:after="120"/>{}</w:pPr><w:rPr>{}{}<w:sz w:val="{size}"/></w:rPr></w:style>"#,
            if outline.is_some() { 240 } else { 0 },
            outline.map_or(String::new(), |l| format!(r#"<w:outlineLvl w:val="{l}"/>"#)),
            if bold { "<w:b/>" } else { "" },
            if italic { "<w:i/>" } else { "" },
        ));
    }
    out.push_str(r#"<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style></w:styles>"#);
    out
}

/// The document's bytes.
pub(super) fn document(project: &Project, language: &str) -> Result<Vec<u8>, String> {
    let mut body = Element::new("w:body");
    let mut links = Links::default();
    for block in &project.document.blocks {
        let markup = match &block.verbatim {
            Some(text) => crate::formats::inline::escape_markup(text),
            None => block_markup(block),
        };
        if markup.trim().is_empty() {
            continue;
        }
        let (style, prefix) = match &block.kind {
            BlockKind::Title => (Some("Title"), String::new()),
            BlockKind::Heading { level } => (
                Some(["Heading1", "Heading2", "Heading3"][usize::from(level.clamp(&1, &3) - 1)]),
                String::new(),
            ),
            BlockKind::Quote => (Some("Quote"), String::new()),
            BlockKind::Credit => (Some("Caption"), String::new()),
            BlockKind::ListItem { marker } => {
                let depth = marker.len() - marker.trim_start().len();
                let bullet = if marker
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit())
                {
                    marker.trim_start().to_string()
                } else {
                    "•".to_string()
                };
                (
                    Some("ListParagraph"),
                    format!("{}{bullet}\t", "\t".repeat(depth / 2)),
                )
            }
            _ => (None, String::new()),
        };
        let mut p = Element::new("w:p");
        if let Some(style) = style {
            p = p.with_child(
                Element::new("w:pPr")
                    .with_child(Element::new("w:pStyle").with_attr("w:val", style)),
            );
        }
        if !prefix.is_empty() {
            p = p.with_child(text_run(&prefix, false, false, None));
        }
        for run in markup_runs(&markup, None, &mut links) {
            p = p.with_child(run);
        }
        body = body.with_child(p);
    }
    body = body.with_child(
        Element::new("w:sectPr").with_child(
            Element::new("w:pgSz")
                .with_attr("w:w", "11906")
                .with_attr("w:h", "16838"),
        ),
    );
    package(body, language, &links, None)
}

/// The external links of a new document, numbered as they first appear (`rIdLink1`, …).
#[derive(Default)]
pub(super) struct Links(Vec<String>);

impl Links {
    fn id(&mut self, url: &str) -> String {
        let index = self.0.iter().position(|u| u == url).unwrap_or_else(|| {
            self.0.push(url.to_string());
            self.0.len() - 1
        });
        format!("rIdLink{}", index + 1)
    }
}

/// Runs, and hyperlinks in Word's Hyperlink style, for inline markup; with `language`, each
/// run is tagged with it.
pub(super) fn markup_runs(markup: &str, language: Option<&str>, links: &mut Links) -> Vec<Element> {
    let mut out = Vec::new();
    for span in super::write::spans(markup) {
        let external = span.link.as_deref().filter(|url| !url.starts_with('#'));
        let mut run = span_run(&span, external.map(|_| "Hyperlink"));
        if let Some(language) = language {
            tag_language(&mut run, language);
        }
        match external {
            Some(url) => out.push(
                Element::new("w:hyperlink")
                    .with_attr("r:id", &links.id(url))
                    .with_child(run),
            ),
            None => out.push(run),
        }
    }
    out
}

fn tag_language(run: &mut Element, language: &str) {
    let lang = Element::new("w:lang").with_attr("w:val", language);
    if let Some(Node::Element(rpr)) = run.children.first_mut()
        && rpr.name == "w:rPr"
    {
        rpr.children.push(Node::Element(lang));
        return;
    }
    run.children
        .insert(0, Node::Element(Element::new("w:rPr").with_child(lang)));
}

/// A new package around a document `body`: content types, relationships, Tandem's styles,
/// the links, and `settings` as `word/settings.xml` when given.
pub(super) fn package(
    body: Element,
    language: &str,
    links: &Links,
    settings: Option<String>,
) -> Result<Vec<u8>, String> {
    let root = Element::new("w:document")
        .with_attr("xmlns:w", W)
        .with_attr("xmlns:r", R)
        .with_child(body);
    let part = dom::Part {
        prolog: vec![Node::Raw(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#.into(),
        )],
        root,
    };
    let mut types = CONTENT_TYPES.to_string();
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    if settings.is_some() {
        types.push_str(SETTINGS_TYPE);
        rels.push_str(r#"<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#);
    }
    types.push_str("</Types>");
    for (i, url) in links.0.iter().enumerate() {
        rels.push_str(&format!(
            r#"<Relationship Id="rIdLink{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External"/>"#,
            i + 1,
            crate::base::xml::escape(url)
        ));
    }
    rels.push_str("</Relationships>");
    let mut parts = vec![
        ("[Content_Types].xml".to_string(), types.into_bytes()),
        ("_rels/.rels".into(), PACKAGE_RELS.as_bytes().to_vec()),
        ("word/document.xml".into(), dom::write(&part)),
        ("word/styles.xml".into(), styles(language).into_bytes()),
    ];
    if let Some(settings) = settings {
        parts.push(("word/settings.xml".into(), settings.into_bytes()));
    }
    parts.push(("word/_rels/document.xml.rels".into(), rels.into_bytes()));
    Package { parts }.write()
}

pub(super) fn text_run(text: &str, bold: bool, italic: bool, style: Option<&str>) -> Element {
    span_run(
        &Span {
            text: text.to_string(),
            bold,
            italic,
            underline: false,
            superscript: false,
            subscript: false,
            link: None,
        },
        style,
    )
}

/// A run for a span of the inline markup, its properties in the schema's order.
pub(super) fn span_run(span: &Span, style: Option<&str>) -> Element {
    let text = span.text.as_str();
    let mut rpr = Element::new("w:rPr");
    if let Some(style) = style {
        rpr = rpr.with_child(Element::new("w:rStyle").with_attr("w:val", style));
    }
    if span.bold {
        rpr = rpr.with_child(Element::new("w:b"));
    }
    if span.italic {
        rpr = rpr.with_child(Element::new("w:i"));
    }
    if span.underline {
        rpr = rpr.with_child(Element::new("w:u").with_attr("w:val", "single"));
    }
    if span.superscript || span.subscript {
        let align = if span.superscript {
            "superscript"
        } else {
            "subscript"
        };
        rpr = rpr.with_child(Element::new("w:vertAlign").with_attr("w:val", align));
    }
    let mut t = Element::new("w:t").with_attr("xml:space", "preserve");
    t.children.push(Node::Text(text.to_string()));
    let mut run = Element::new("w:r");
    if !rpr.children.is_empty() {
        run = run.with_child(rpr);
    }
    run.with_child(t)
}
