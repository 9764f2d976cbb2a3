//! Other tools' XLIFF files read as a translation job: the segments the file fixes (a
//! `trans-unit`'s source, the `<mrk mtype="seg">` segments of its `<seg-source>` as Trados and
//! Okapi write them, or XLIFF 2.0's `<segment>`s), their targets and states in the file's own
//! vocabulary (XLIFF's `state`, Trados's `sdl:seg conf`, memoQ's `mq:status`, Phrase's
//! `m:confirmed`), locks, and each inline code as a numbered tag placeholder
//! ([`crate::formats::inline::Tag`]).
//!
//! Besides what the project gets, the job keeps where everything sits in the file's text
//! (byte spans), so that [`super::back`] can write targets into the file and leave every other
//! byte as it was. Reading is deterministic: the writer reads the original again and finds
//! the same units in the same order.

use super::{XliffError, status_from_2, status_from_12};
use crate::base::decode::{Decoded, decode_raw};
use crate::base::excerpt;
use crate::base::sniff::{Sniffed, sniff};
use crate::base::xml::{self, Element, Node, Span};
use crate::formats::inline::{escape_markup, to_plain};
use crate::model::Status;
use std::collections::HashMap;
use std::ops::Range;

/// An XLIFF file read as a job, with its decoded text (the spans point into it).
pub struct Job {
    pub version: Version,
    pub flavor: Flavor,
    pub source_language: Option<String>,
    pub target_language: Option<String>,
    /// The units with something to translate, in document order.
    pub units: Vec<JobUnit>,
    pub decoded: Decoded,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

/// Which tool wrote the file: decides where states live and how they are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Plain,
    /// Trados Studio (SDLXLIFF, and the XLIFF Manager's exports): `sdl:seg conf`.
    Trados,
    /// memoQ (MQXLIFF): `mq:status` on the trans-unit.
    MemoQ,
    /// Phrase, formerly Memsource (MXLIFF): `m:confirmed` and `m:locked`.
    Phrase,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Plain => "XLIFF",
            Flavor::Trados => "Trados SDLXLIFF",
            Flavor::MemoQ => "memoQ XLIFF",
            Flavor::Phrase => "Phrase MXLIFF",
        }
    }
}

/// A `trans-unit` (1.2) or `unit` (2.0) with its segments and where its parts are.
pub struct JobUnit {
    pub id: String,
    /// The unit's notes, joined.
    pub note: String,
    pub segments: Vec<JobSegment>,
    /// The unit element.
    pub(super) element: Span,
    /// XLIFF 1.2: the `<source>`, `<seg-source>` and `<target>` of the unit.
    pub(super) source: Option<Span>,
    pub(super) seg_source: Option<Span>,
    pub(super) target: Option<Span>,
    /// Trados's `sdl:seg-defs`.
    pub(super) seg_defs: Option<Span>,
    /// Every `<mrk mtype="seg">` of the seg-source (also those with nothing to translate),
    /// by `mid`, in order; and those of the target.
    pub(super) marks: Vec<(String, Span)>,
    pub(super) target_marks: HashMap<String, Span>,
}

/// One segment: what the project shows, and where it goes back.
pub struct JobSegment {
    pub source: String,
    pub target: String,
    pub status: Status,
    pub locked: bool,
    pub(super) codes: Vec<Code>,
    pub(super) place: Place,
}

impl JobSegment {
    /// Whether this is the seg-source segment `mid`.
    pub(super) fn has_mid(&self, mid: &str) -> bool {
        matches!(&self.place, Place::Marked { mid: m, .. } if m == mid)
    }
}

pub(super) enum Place {
    /// XLIFF 1.2: the unit's whole source; XLIFF 2.0: a `<segment>` (its element given).
    Whole {
        segment: Option<Span>,
        source: Span,
        target: Option<Span>,
    },
    /// A `<mrk mtype="seg">` of the unit's seg-source.
    Marked { mid: String, sdl_seg: Option<Span> },
}

/// An inline code behind a tag placeholder: its kind's short name, and its XML as the file
/// has it (in the source, and in the target when the target had it).
pub(super) struct Code {
    key: String,
    pub(super) name: &'static str,
    pub(super) source: Option<Raw>,
    pub(super) target: Option<Raw>,
}

/// The text of a code: an opening tag and a closing one, or one whole element.
#[derive(Clone)]
pub(super) enum Raw {
    Paired(Range<usize>, Range<usize>),
    Whole(Range<usize>),
}

impl Code {
    /// The code's XML: the source's, or the target's for a code only the target had (the
    /// target may hold a code emptied, `<g id="6"/>`, that the source has as a pair).
    pub(super) fn raw(&self) -> &Raw {
        self.source
            .as_ref()
            .or(self.target.as_ref())
            .expect("a code comes from the source or the target")
    }
}

/// Whether a root element names an XLIFF file this reader takes.
pub fn is_xliff(bytes: &[u8]) -> bool {
    matches!(sniff(bytes), Sniffed::Xml { root } if root == "xliff")
}

/// Reads an XLIFF 1.x or 2.x file from any tool as a job.
pub fn read(bytes: &[u8]) -> Result<Job, XliffError> {
    match sniff(bytes) {
        Sniffed::Xml { root } if root == "xliff" => {}
        Sniffed::Text | Sniffed::Xml { .. } | Sniffed::Html => {}
        other => return Err(XliffError::NotXliff(other.describe())),
    }
    let declared = xml::declared_encoding(bytes);
    let decoded = decode_raw(bytes, declared.as_deref()).map_err(xml::XmlError::from)?;
    let root = xml::parse(&decoded.text)?;
    if root.name != "xliff" {
        return Err(XliffError::NotXliff(
            Sniffed::Xml { root: root.name }.describe(),
        ));
    }
    let text = decoded.text.as_str();
    let head = &text[root.span.start..root.span.content];
    let flavor = if head.contains("sdl.com") {
        Flavor::Trados
    } else if head.contains("MQXliff") {
        Flavor::MemoQ
    } else if head.contains("memsource") {
        Flavor::Phrase
    } else {
        Flavor::Plain
    };
    let version_text = root.attribute("version").unwrap_or("1.2");
    let mut units = Vec::new();
    let (version, source_language, target_language);
    if version_text.starts_with('1') {
        version = Version::V1;
        let mut files = Vec::new();
        root.descendants("file", &mut files);
        let first = files.first();
        source_language = first.and_then(|f| f.attribute("source-language"));
        target_language = first.and_then(|f| f.attribute("target-language"));
        let mut found = Vec::new();
        root.descendants("trans-unit", &mut found);
        for unit in found {
            if let Some(unit) = unit_12(unit, flavor) {
                units.push(unit);
            }
        }
    } else if version_text.starts_with('2') {
        version = Version::V2;
        source_language = root.attribute("srcLang");
        target_language = root.attribute("trgLang");
        let mut found = Vec::new();
        root.descendants("unit", &mut found);
        for unit in found {
            if let Some(unit) = unit_2(unit) {
                units.push(unit);
            }
        }
    } else {
        return Err(XliffError::Version(excerpt(version_text, 20)));
    }
    Ok(Job {
        version,
        flavor,
        source_language: source_language.map(str::to_string),
        target_language: target_language.map(str::to_string),
        units,
        decoded,
    })
}

fn notes(unit: &Element) -> String {
    let mut notes: Vec<String> = unit
        .children_named("note")
        .map(|n| n.text().trim().to_string())
        .collect();
    if let Some(list) = unit.child("notes") {
        notes.extend(
            list.children_named("note")
                .map(|n| n.text().trim().to_string()),
        );
    }
    notes.retain(|n| !n.is_empty());
    notes.join("\n")
}

fn is_true(value: Option<&str>) -> bool {
    matches!(
        value.map(str::to_ascii_lowercase).as_deref(),
        Some("true" | "yes" | "1" | "locked")
    )
}

fn preserves_space(element: &Element) -> bool {
    element.attribute("xml:space") == Some("preserve")
}

/// Trados's confirmation levels.
fn status_from_sdl(conf: &str) -> Option<Status> {
    Some(match conf {
        "Draft" | "RejectedTranslation" | "RejectedSignOff" => Status::Draft,
        "Translated" => Status::Translated,
        "ApprovedTranslation" => Status::Reviewed,
        "ApprovedSignOff" => Status::Approved,
        _ => return None,
    })
}

pub(super) fn sdl_conf(status: Status) -> &'static str {
    match status {
        Status::New => "Unspecified",
        Status::Draft => "Draft",
        Status::Translated => "Translated",
        Status::Reviewed => "ApprovedTranslation",
        Status::Approved => "ApprovedSignOff",
    }
}

/// memoQ's row statuses.
fn status_from_memoq(status: &str) -> Option<Status> {
    Some(match status {
        "NotStarted" => Status::New,
        "ManuallyConfirmed" | "Confirmed" => Status::Translated,
        "Reviewer1Confirmed" => Status::Reviewed,
        "Reviewer2Confirmed" => Status::Approved,
        "" => return None,
        _ => Status::Draft,
    })
}

pub(super) fn memoq_status(status: Status) -> &'static str {
    match status {
        Status::New => "NotStarted",
        Status::Draft => "PartiallyEdited",
        Status::Translated => "ManuallyConfirmed",
        Status::Reviewed => "Reviewer1Confirmed",
        Status::Approved => "Reviewer2Confirmed",
    }
}

/// A status the file did not state follows the project's rule: a target makes a draft.
fn implied(status: Option<Status>, target: &str) -> Status {
    status.unwrap_or(if target.trim().is_empty() {
        Status::New
    } else {
        Status::Draft
    })
}

fn unit_12(unit: &Element, flavor: Flavor) -> Option<JobUnit> {
    if unit.attribute("translate") == Some("no") {
        return None;
    }
    let source = unit.child("source")?;
    let seg_source = unit.child("seg-source");
    let target = unit.child("target");
    let seg_defs = unit.child("seg-defs");
    let preserve = preserves_space(unit) || preserves_space(source);
    let unit_locked = is_true(unit.attribute("locked"));
    // A status said for the whole unit, in the tool's own vocabulary.
    let unit_status = match flavor {
        Flavor::Trados => unit.attribute("conf").and_then(status_from_sdl),
        Flavor::MemoQ => unit.attribute("status").and_then(status_from_memoq),
        Flavor::Phrase => (unit.attribute("confirmed") == Some("1")).then_some(Status::Translated),
        Flavor::Plain => None,
    }
    .or_else(|| {
        target
            .and_then(|t| t.attribute("state"))
            .and_then(status_from_12)
    })
    .or_else(|| (unit.attribute("approved") == Some("yes")).then_some(Status::Translated));
    let mut marks = Vec::new();
    if let Some(seg_source) = seg_source {
        segment_marks(seg_source, &mut marks);
    }
    let mut target_marks = Vec::new();
    if let Some(target) = target {
        segment_marks(target, &mut target_marks);
    }
    let mut job_unit = JobUnit {
        id: unit.attribute("id").unwrap_or_default().to_string(),
        note: notes(unit),
        segments: Vec::new(),
        element: unit.span,
        source: Some(source.span),
        seg_source: seg_source.map(|s| s.span),
        target: target.map(|t| t.span),
        seg_defs: seg_defs.map(|s| s.span),
        marks: marks
            .iter()
            .map(|m| (m.attribute("mid").unwrap_or_default().to_string(), m.span))
            .collect(),
        target_marks: target_marks
            .iter()
            .map(|m| (m.attribute("mid").unwrap_or_default().to_string(), m.span))
            .collect(),
    };
    if marks.is_empty() {
        let mut codes = Codes::default();
        let source_text = codes.convert(source, false, preserve);
        let target_text = target.map_or_else(String::new, |t| {
            codes.convert(t, true, preserve || preserves_space(t))
        });
        if to_plain(&source_text).trim().is_empty() {
            return None;
        }
        job_unit.segments.push(JobSegment {
            status: implied(unit_status, &target_text),
            source: source_text,
            target: target_text,
            locked: unit_locked,
            codes: codes.list,
            place: Place::Whole {
                segment: None,
                source: source.span,
                target: target.map(|t| t.span),
            },
        });
    } else {
        let mut sdl_segs: HashMap<&str, &Element> = HashMap::new();
        if let Some(defs) = seg_defs {
            for seg in defs.children_named("seg") {
                sdl_segs.insert(seg.attribute("id").unwrap_or_default(), seg);
            }
        }
        let target_by_mid: HashMap<&str, &Element> = target_marks
            .iter()
            .map(|m| (m.attribute("mid").unwrap_or_default(), *m))
            .collect();
        for mark in &marks {
            let mid = mark.attribute("mid").unwrap_or_default();
            let mut codes = Codes::default();
            let source_text = codes.convert(mark, false, preserve);
            if to_plain(&source_text).trim().is_empty() {
                continue;
            }
            let target_text = target_by_mid
                .get(mid)
                .map_or_else(String::new, |t| codes.convert(t, true, preserve));
            let sdl_seg = sdl_segs.get(mid);
            let status = sdl_seg
                .and_then(|s| s.attribute("conf"))
                .and_then(status_from_sdl)
                .or(unit_status);
            let locked = unit_locked || sdl_seg.is_some_and(|s| is_true(s.attribute("locked")));
            job_unit.segments.push(JobSegment {
                status: implied(status, &target_text),
                source: source_text,
                target: target_text,
                locked,
                codes: codes.list,
                place: Place::Marked {
                    mid: mid.to_string(),
                    sdl_seg: sdl_seg.map(|s| s.span),
                },
            });
        }
    }
    (!job_unit.segments.is_empty()).then_some(job_unit)
}

fn unit_2(unit: &Element) -> Option<JobUnit> {
    if unit.attribute("translate") == Some("no") {
        return None;
    }
    let preserve = preserves_space(unit);
    let mut job_unit = JobUnit {
        id: unit.attribute("id").unwrap_or_default().to_string(),
        note: notes(unit),
        segments: Vec::new(),
        element: unit.span,
        source: None,
        seg_source: None,
        target: None,
        seg_defs: None,
        marks: Vec::new(),
        target_marks: HashMap::new(),
    };
    // Codes are numbered per unit in 2.0 (ids are unique in the unit), per segment here.
    for segment in unit.children_named("segment") {
        let Some(source) = segment.child("source") else {
            continue;
        };
        let target = segment.child("target");
        let preserve = preserve || preserves_space(source);
        let mut codes = Codes::default();
        let source_text = codes.convert(source, false, preserve);
        if to_plain(&source_text).trim().is_empty() {
            continue;
        }
        let target_text = target.map_or_else(String::new, |t| {
            codes.convert(t, true, preserve || preserves_space(t))
        });
        let status = segment
            .attribute("state")
            .and_then(|state| status_from_2(state, segment.attribute("subState")));
        job_unit.segments.push(JobSegment {
            status: implied(status, &target_text),
            source: source_text,
            target: target_text,
            locked: false,
            codes: codes.list,
            place: Place::Whole {
                segment: Some(segment.span),
                source: source.span,
                target: target.map(|t| t.span),
            },
        });
    }
    (!job_unit.segments.is_empty()).then_some(job_unit)
}

/// The `<mrk mtype="seg">` elements below an element, in document order (not inside one
/// another).
fn segment_marks<'e>(element: &'e Element, out: &mut Vec<&'e Element>) {
    let mut stack: Vec<std::slice::Iter<'e, Node>> = vec![element.children.iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            Some(Node::Element(e)) if e.name == "mrk" && e.attribute("mtype") == Some("seg") => {
                out.push(e);
            }
            Some(Node::Element(e)) => stack.push(e.children.iter()),
            Some(Node::Text(_)) => {}
            None => {
                stack.pop();
            }
        }
    }
}

/// The short name of an inline code's placeholder.
fn code_name(element: &str) -> &'static str {
    match element {
        "g" => "g",
        "x" => "x",
        "bx" => "bx",
        "ex" => "ex",
        "ph" => "ph",
        "bpt" => "bpt",
        "ept" => "ept",
        "it" => "it",
        "pc" => "pc",
        "sc" => "sc",
        "ec" => "ec",
        "sm" => "sm",
        "em" => "em",
        "cp" => "cp",
        "mrk" => "m",
        _ => "t",
    }
}

/// The codes of one segment, numbered in the order the source has them; the target's are
/// matched to the source's by kind and id.
#[derive(Default)]
struct Codes {
    list: Vec<Code>,
    /// How often a key was seen so far, per side (two `<x/>` without ids are two codes).
    seen: HashMap<(bool, String), usize>,
}

impl Codes {
    /// An element's content as segment text: text escaped for the inline syntax, codes as
    /// tag placeholders.
    fn convert(&mut self, element: &Element, target: bool, preserve: bool) -> String {
        let mut out = String::new();
        self.content(element, target, &mut out);
        if !preserve {
            // Whitespace that only lays out the file (a line break and indentation).
            if out.contains('\n') {
                out = collapse(&out);
            }
        }
        out
    }

    fn content(&mut self, element: &Element, target: bool, out: &mut String) {
        for child in &element.children {
            match child {
                Node::Text(t) => out.push_str(&escape_markup(t)),
                Node::Element(e) => {
                    let name = code_name(&e.name);
                    let paired =
                        matches!(e.name.as_str(), "g" | "pc" | "mrk") && !e.span.is_empty_tag();
                    let span = e.span;
                    let raw = if paired {
                        Raw::Paired(span.start..span.content, span.content_end..span.end)
                    } else {
                        Raw::Whole(span.start..span.end)
                    };
                    let id = e
                        .attribute("id")
                        .or(e.attribute("mid"))
                        .or(e.attribute("startRef"))
                        .unwrap_or("");
                    let number = self.number(format!("{}:{id}", e.name), name, raw, target);
                    if paired {
                        out.push_str(&format!("<{name}{number}>"));
                        self.content(e, target, out);
                        out.push_str(&format!("</{name}{number}>"));
                    } else {
                        out.push_str(&format!("<{name}{number}/>"));
                    }
                }
            }
        }
    }

    fn number(&mut self, key: String, name: &'static str, raw: Raw, target: bool) -> usize {
        let seen = self.seen.entry((target, key.clone())).or_default();
        *seen += 1;
        let key = format!("{key}#{seen}");
        if target && let Some(at) = self.list.iter().position(|c| c.key == key) {
            self.list[at].target = Some(raw);
            return at + 1;
        }
        let (source, target) = if target {
            (None, Some(raw))
        } else {
            (Some(raw), None)
        };
        self.list.push(Code {
            key,
            name,
            source,
            target,
        });
        self.list.len()
    }
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="a.docx" source-language="de-DE" target-language="en-GB" datatype="x-sdlfilterframework2">
<body>
<trans-unit id="u1">
<source><g id="1">Er sagte: <g id="2">Ja</g>.</g> Dann ging er.<x id="3"/></source>
<seg-source><g id="1"><mrk mtype="seg" mid="1">Er sagte: <g id="2">Ja</g>.</mrk></g> <mrk mtype="seg" mid="2">Dann ging er.<x id="3"/></mrk></seg-source>
<target><g id="1"><mrk mtype="seg" mid="1">He said: <g id="2">yes</g>.</mrk></g> <mrk mtype="seg" mid="2"/></target>
<sdl:seg-defs><sdl:seg id="1" conf="ApprovedSignOff" locked="true"/><sdl:seg id="2"/></sdl:seg-defs>
</trans-unit>
<trans-unit id="u2" translate="no"><source>Nicht</source></trans-unit>
</body></file></xliff>"#;

    #[test]
    fn trados_segments_codes_states_and_locks() {
        let job = read(SDL.as_bytes()).unwrap();
        assert_eq!(job.flavor, Flavor::Trados);
        assert_eq!(job.source_language.as_deref(), Some("de-DE"));
        assert_eq!(job.units.len(), 1);
        let segments = &job.units[0].segments;
        assert_eq!(segments.len(), 2);
        assert_eq!(segments[0].source, "Er sagte: <g1>Ja</g1>.");
        assert_eq!(segments[0].target, "He said: <g1>yes</g1>.");
        assert_eq!(segments[0].status, Status::Approved);
        assert!(segments[0].locked);
        assert_eq!(segments[1].source, "Dann ging er.<x1/>");
        assert_eq!(segments[1].target, "");
        assert_eq!(segments[1].status, Status::New);
        assert!(!segments[1].locked);
    }

    #[test]
    fn xliff_2_segments_and_plain_units() {
        let two = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en">
<file id="f"><unit id="1"><segment state="translated"><source>Hallo <pc id="1">Welt</pc><ph id="2"/></source><target>Hello <pc id="1">world</pc><ph id="2"/></target></segment>
<ignorable><source> </source></ignorable><segment><source>Zwei *Sterne*</source></segment></unit></file></xliff>"#;
        let job = read(two.as_bytes()).unwrap();
        assert_eq!(job.version, Version::V2);
        let s = &job.units[0].segments;
        assert_eq!(s[0].source, "Hallo <pc1>Welt</pc1><ph2/>");
        assert_eq!(s[0].target, "Hello <pc1>world</pc1><ph2/>");
        assert_eq!(s[0].status, Status::Translated);
        assert_eq!(s[1].source, "Zwei \\*Sterne\\*");
        let one = r#"<xliff version="1.2"><file source-language="de" target-language="en"><body>
<trans-unit id="a"><source>Ein
            Satz</source><target state="needs-review-translation">A sentence</target></trans-unit>
<trans-unit id="b"><source><x id="1"/></source></trans-unit></body></file></xliff>"#;
        let job = read(one.as_bytes()).unwrap();
        assert_eq!(
            job.units.len(),
            1,
            "a unit of codes only has nothing to translate"
        );
        assert_eq!(job.units[0].segments[0].source, "Ein Satz");
        assert_eq!(job.units[0].segments[0].status, Status::Draft);
    }

    #[test]
    fn codes_the_target_adds_get_their_own_numbers() {
        let one = r#"<xliff version="1.2"><file><body><trans-unit id="a"><source>A<x id="1"/>B<x id="1"/></source><target>a<x id="1"/><bx id="7"/>b</target></trans-unit></body></file></xliff>"#;
        let job = read(one.as_bytes()).unwrap();
        let s = &job.units[0].segments[0];
        assert_eq!(s.source, "A<x1/>B<x2/>");
        assert_eq!(s.target, "a<x1/><bx3/>b");
    }
}
