//! Writing a project made from another tool's XLIFF back into that file: the original is
//! read again as a [`Job`], and only what the translation changed is replaced in its text:
//! a segment's target (or a new `<target>` after the source), its state in the file's own
//! vocabulary, and Trados's `sdl:seg` entries. Every other byte stays as it was: namespaces,
//! tool-specific elements and attributes, whitespace, the encoding and its byte-order mark.
//!
//! Tag placeholders in a target become the codes they stand for, as the source has them (or
//! as the target had them, for codes only the target had); a placeholder that names no code of the segment is written
//! as text (the tag check reports it before that).

use super::job::{
    Code, Flavor, Job, JobSegment, JobUnit, Place, Raw, Version, memoq_status, sdl_conf,
};
use super::{state_2, state_12};
use crate::base::xml::Span;
use crate::formats::ExportError;
use crate::formats::inline::{TagKind, tag_at, to_xml_with_tags};
use crate::model::{Block, Project, Segment, Status};
use std::ops::Range;

/// The anchor of the block made from the job's unit `index`.
pub(crate) fn anchor(index: usize) -> String {
    format!("xliff:{index}")
}

fn unit_index(block: &Block) -> Option<usize> {
    block
        .anchor
        .as_deref()?
        .strip_prefix("xliff:")?
        .parse()
        .ok()
}

/// A replacement of a byte range of the original's text.
struct Splice {
    range: Range<usize>,
    text: String,
}

/// The original XLIFF file with the project's targets and states written into it.
pub fn write_back(original: &[u8], project: &Project) -> Result<Vec<u8>, ExportError> {
    let error = |message: String| ExportError::Xliff(message);
    let job = super::job::read(original).map_err(|e| error(e.to_string()))?;
    let text = job.decoded.text.as_str();
    let mut splices = Vec::new();
    for block in &project.document.blocks {
        let Some(index) = unit_index(block) else {
            continue;
        };
        let unit = job.units.get(index).ok_or_else(|| {
            error(format!(
                "the project has a unit ({index}) that the original file does not; was the project made from another file?"
            ))
        })?;
        let same = unit.segments.len() == block.segments.len()
            && unit
                .segments
                .iter()
                .zip(&block.segments)
                .all(|(a, b)| a.source == b.source);
        if !same {
            return Err(error(format!(
                "unit {:?}: the project's segments no longer match the original file's",
                crate::base::excerpt(&unit.id, 40)
            )));
        }
        unit_splices(text, &job, unit, &block.segments, &mut splices);
    }
    splices.sort_by_key(|s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut at = 0;
    for splice in &splices {
        if splice.range.start < at {
            return Err(error(
                "two changes overlap in the file; this is a bug in Tandem".into(),
            ));
        }
        out.push_str(&text[at..splice.range.start]);
        out.push_str(&splice.text);
        at = splice.range.end;
    }
    out.push_str(&text[at..]);
    Ok(encode(original, job.decoded.encoding, &out))
}

/// Whether the project changed a segment from what the file had.
fn changed(read: &JobSegment, now: &Segment) -> bool {
    !read.locked && (read.target != now.target || read.status != now.status)
}

fn unit_splices(
    text: &str,
    job: &Job,
    unit: &JobUnit,
    segments: &[Segment],
    out: &mut Vec<Splice>,
) {
    let changes: Vec<(&JobSegment, &Segment)> = unit
        .segments
        .iter()
        .zip(segments)
        .filter(|(read, now)| changed(read, now))
        .collect();
    if changes.is_empty() {
        return;
    }
    if job.version == Version::V2 {
        for (read, now) in &changes {
            let Place::Whole {
                segment: Some(element),
                source,
                target,
            } = &read.place
            else {
                continue;
            };
            let (state, sub_state) = state_2(now.status);
            let mut open = text[element.start..element.content].to_string();
            open = set_attribute(&open, "state", state);
            if let Some(sub_state) = sub_state {
                open = set_attribute(&open, "subState", sub_state);
            } else if open.contains("subState=\"tandem:") {
                open = remove_attribute(&open, "subState");
            }
            out.push(Splice {
                range: element.start..element.content,
                text: open,
            });
            let content = target_xml(text, &now.target, &read.codes);
            write_target(text, *source, *target, None, content, out);
        }
        return;
    }
    // XLIFF 1.2: the unit's status is its least advanced segment's.
    let least = segments
        .iter()
        .zip(&unit.segments)
        .map(|(now, read)| if read.locked { read.status } else { now.status })
        .min()
        .unwrap_or(Status::New);
    let state = (job.flavor != Flavor::Trados).then(|| state_12(least));
    let mut head = text[unit.element.start..unit.element.content].to_string();
    let before = head.clone();
    match job.flavor {
        Flavor::Trados if has_attribute(&head, "sdl:conf") => {
            head = set_attribute(&head, "sdl:conf", sdl_conf(least));
        }
        Flavor::MemoQ if has_attribute(&head, "mq:status") => {
            head = set_attribute(&head, "mq:status", memoq_status(least));
        }
        Flavor::Phrase if has_attribute(&head, "m:confirmed") => {
            let confirmed = if least.is_done() { "1" } else { "0" };
            head = set_attribute(&head, "m:confirmed", confirmed);
        }
        _ => {}
    }
    if has_attribute(&head, "approved") {
        head = set_attribute(
            &head,
            "approved",
            if least.is_done() { "yes" } else { "no" },
        );
    }
    if head != before {
        out.push(Splice {
            range: unit.element.start..unit.element.content,
            text: head,
        });
    }
    if unit.marks.is_empty() {
        let (read, now) = changes[0];
        if let Place::Whole { source, target, .. } = &read.place {
            let content = target_xml(text, &now.target, &read.codes);
            write_target(text, *source, *target, state, content, out);
        }
        return;
    }
    // Segments of a seg-source: each into its `<mrk>` of the target, or a target rebuilt
    // from the seg-source when it lacks one.
    let mut new_content: Vec<(&str, String)> = Vec::new();
    for (read, now) in &changes {
        if let Place::Marked { mid, sdl_seg } = &read.place {
            new_content.push((mid, target_xml(text, &now.target, &read.codes)));
            sdl_splice(text, unit, mid, *sdl_seg, now.status, out);
        }
    }
    let complete = unit.target.is_some()
        && new_content
            .iter()
            .all(|(mid, _)| unit.target_marks.contains_key(*mid));
    if complete {
        for (mid, content) in new_content {
            let mark = unit.target_marks[mid];
            out.push(fill(text, mark, content));
        }
        if let (Some(state), Some(target)) = (state, unit.target) {
            let open = set_attribute(&text[target.start..target.content], "state", state);
            if !target.is_empty_tag() {
                out.push(Splice {
                    range: target.start..target.content,
                    text: open,
                });
            }
        }
        return;
    }
    let Some(seg_source) = unit.seg_source else {
        return;
    };
    let mut rebuilt = String::new();
    let mut at = seg_source.content;
    for (mid, mark) in &unit.marks {
        let content = match new_content.iter().find(|(m, _)| m == mid) {
            Some((_, content)) => content.clone(),
            None => match unit.target_marks.get(mid) {
                Some(t) => text[t.content..t.content_end].to_string(),
                None if unit.segments.iter().any(|s| s.has_mid(mid)) => String::new(),
                // A segment with nothing to translate (codes only) keeps its source.
                None => text[mark.content..mark.content_end].to_string(),
            },
        };
        if mark.is_empty_tag() {
            // `<mrk …/>` has no content to put between tags: written as a pair.
            rebuilt.push_str(&text[at..mark.start]);
            rebuilt.push_str(&fill_with(*mark, &text[mark.start..mark.end], content).text);
            at = mark.end;
        } else {
            rebuilt.push_str(&text[at..mark.content]);
            rebuilt.push_str(&content);
            at = mark.content_end;
        }
    }
    rebuilt.push_str(&text[at..seg_source.content_end]);
    let source_end = seg_source.end.max(unit.source.map_or(0, |s| s.end));
    match unit.target {
        Some(target) if !target.is_empty_tag() => out.push(Splice {
            range: target.content..target.content_end,
            text: rebuilt,
        }),
        Some(target) => out.push(fill(text, target, rebuilt)),
        None => {
            let (open, close) = element_names(text, seg_source, "seg-source", "target");
            let state_attr = state.map_or_else(String::new, |s| format!(" state=\"{s}\""));
            out.push(Splice {
                range: source_end..source_end,
                text: format!(
                    "{}{open}{state_attr}>{rebuilt}{close}",
                    gap_before(text, seg_source.start)
                ),
            });
        }
    }
}

/// Writes a target's content: into the existing `<target>` (setting its state), or as a new
/// `<target>` after the source.
fn write_target(
    text: &str,
    source: Span,
    target: Option<Span>,
    state: Option<&str>,
    content: String,
    out: &mut Vec<Splice>,
) {
    match target {
        Some(target) => {
            let mut open = text[target.start..target.content].to_string();
            if let Some(state) = state {
                open = set_attribute(&open, "state", state);
            }
            if target.is_empty_tag() {
                out.push(fill_with(target, &open, content));
            } else {
                out.push(Splice {
                    range: target.start..target.content,
                    text: open,
                });
                out.push(Splice {
                    range: target.content..target.content_end,
                    text: content,
                });
            }
        }
        None => {
            let (open, close) = element_names(text, source, "source", "target");
            let state_attr = state.map_or_else(String::new, |s| format!(" state=\"{s}\""));
            out.push(Splice {
                range: source.end..source.end,
                text: format!(
                    "{}{open}{state_attr}>{content}{close}",
                    gap_before(text, source.start)
                ),
            });
        }
    }
}

/// Trados's confirmation level of segment `mid`: set on its `sdl:seg`, or a new `sdl:seg`.
fn sdl_splice(
    text: &str,
    unit: &JobUnit,
    mid: &str,
    seg: Option<Span>,
    status: Status,
    out: &mut Vec<Splice>,
) {
    match (seg, unit.seg_defs) {
        (Some(seg), _) => {
            let open = &text[seg.start..seg.content];
            out.push(Splice {
                range: seg.start..seg.content,
                text: set_attribute(open, "conf", sdl_conf(status)),
            });
        }
        (None, Some(defs)) if !defs.is_empty_tag() => {
            let head = &text[defs.start + 1..defs.content];
            let prefix = head
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .and_then(|name| name.strip_suffix("seg-defs"))
                .unwrap_or("");
            out.push(Splice {
                range: defs.content_end..defs.content_end,
                text: format!(
                    "<{prefix}seg id=\"{}\" conf=\"{}\"/>",
                    crate::base::xml::escape(mid),
                    sdl_conf(status)
                ),
            });
        }
        _ => {}
    }
}

/// A target's text as XML: text escaped, tag placeholders replaced with their codes.
fn target_xml(text: &str, target: &str, codes: &[Code]) -> String {
    let xml = to_xml_with_tags(target);
    let mut out = String::with_capacity(xml.len() + 32);
    let mut at = 0;
    while let Some(found) = xml[at..].find('<') {
        let start = at + found;
        out.push_str(&xml[at..start]);
        let Some((tag, len)) = tag_at(&xml, start) else {
            out.push_str("&lt;");
            at = start + 1;
            continue;
        };
        let code = codes
            .get(tag.number as usize - 1)
            .filter(|c| c.name == tag.name);
        match (code.map(Code::raw), tag.kind) {
            (Some(Raw::Paired(open, _)), TagKind::Open) => out.push_str(&text[open.clone()]),
            (Some(Raw::Paired(_, close)), TagKind::Close) => out.push_str(&text[close.clone()]),
            (Some(Raw::Paired(open, close)), TagKind::Standalone) => {
                out.push_str(&text[open.clone()]);
                out.push_str(&text[close.clone()]);
            }
            (Some(Raw::Whole(whole)), TagKind::Standalone | TagKind::Open) => {
                out.push_str(&text[whole.clone()]);
            }
            (Some(Raw::Whole(_)), TagKind::Close) => {}
            (None, _) => {
                out.push_str("&lt;");
                out.push_str(&xml[start + 1..start + len]);
            }
        }
        at = start + len;
    }
    out.push_str(&xml[at..]);
    out
}

/// An element written as `<x …/>` filled with content: `<x …>content</x>`.
fn fill(text: &str, span: Span, content: String) -> Splice {
    if !span.is_empty_tag() {
        return Splice {
            range: span.content..span.content_end,
            text: content,
        };
    }
    fill_with(span, &text[span.start..span.end], content)
}

fn fill_with(span: Span, open: &str, content: String) -> Splice {
    let open = open.trim_end();
    let (open, name) = match open.strip_suffix("/>") {
        Some(head) => (head.trim_end(), qualified_name(head)),
        None => (open.strip_suffix('>').unwrap_or(open), qualified_name(open)),
    };
    Splice {
        range: span.start..span.end,
        text: format!("{open}>{content}</{name}>"),
    }
}

/// `xlf:target` for a tag `<xlf:target state="x"`.
fn qualified_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The opening (without `>`) and closing tag of a new element named like a sibling: with
/// the same namespace prefix.
fn element_names(text: &str, sibling: Span, sibling_name: &str, name: &str) -> (String, String) {
    let qualified = qualified_name(&text[sibling.start..sibling.content]);
    let prefix = qualified.strip_suffix(sibling_name).unwrap_or("");
    (format!("<{prefix}{name}"), format!("</{prefix}{name}>"))
}

/// The line break and indentation before an element, to give a new sibling the same.
fn gap_before(text: &str, at: usize) -> &str {
    let before = &text[..at];
    let start = before.rfind(|c: char| !c.is_whitespace()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    &before[start..]
}

fn attribute_value(tag: &str, name: &str) -> Option<Range<usize>> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let preceded = at > 0 && bytes[at - 1].is_ascii_whitespace();
        let mut i = at + name.len();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if !preceded || bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *bytes.get(i)?;
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let end = tag[i + 1..].find(quote as char)? + i + 1;
        return Some(i + 1..end);
    }
    None
}

fn has_attribute(tag: &str, name: &str) -> bool {
    attribute_value(tag, name).is_some()
}

/// An opening tag with attribute `name` set to `value` (added before the `>` if missing).
fn set_attribute(tag: &str, name: &str, value: &str) -> String {
    let value = crate::base::xml::escape(value);
    if let Some(range) = attribute_value(tag, name) {
        return format!("{}{value}{}", &tag[..range.start], &tag[range.end..]);
    }
    let end = if tag.ends_with("/>") {
        tag.len() - 2
    } else {
        tag.len() - usize::from(tag.ends_with('>'))
    };
    let head = tag[..end].trim_end();
    format!("{head} {name}=\"{value}\"{}", &tag[end..])
}

fn remove_attribute(tag: &str, name: &str) -> String {
    let Some(range) = attribute_value(tag, name) else {
        return tag.to_string();
    };
    let start = tag[..range.start].rfind(name).unwrap_or(range.start);
    let start = tag[..start].trim_end().len();
    format!("{}{}", &tag[..start], &tag[range.end + 1..])
}

/// The text in the original's encoding, with its byte-order mark.
fn encode(original: &[u8], encoding: &str, text: &str) -> Vec<u8> {
    let bom: &[u8] = if original.starts_with(&[0xEF, 0xBB, 0xBF]) {
        &[0xEF, 0xBB, 0xBF]
    } else if original.starts_with(&[0xFF, 0xFE]) {
        &[0xFF, 0xFE]
    } else if original.starts_with(&[0xFE, 0xFF]) {
        &[0xFE, 0xFF]
    } else {
        &[]
    };
    // An ASCII file that declares another encoding (`windows-1252`) is read as UTF-8, but
    // its readers take the declaration: new text must be written in that encoding.
    let declared = crate::base::xml::declared_encoding(original)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8 && e.output_encoding() == *e);
    let encoding = match declared {
        Some(declared) if encoding == "UTF-8" && original.is_ascii() => declared.name(),
        _ => encoding,
    };
    let mut out = bom.to_vec();
    match encoding {
        "UTF-16LE" => out.extend(text.encode_utf16().flat_map(u16::to_le_bytes)),
        "UTF-16BE" => out.extend(text.encode_utf16().flat_map(u16::to_be_bytes)),
        _ => match encoding_rs::Encoding::for_label(encoding.as_bytes()) {
            Some(e) if e != encoding_rs::UTF_8 => {
                out.extend_from_slice(&e.encode(text).0);
            }
            _ => out.extend_from_slice(text.as_bytes()),
        },
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_set_in_place_or_added() {
        assert_eq!(
            set_attribute("<target state=\"new\">", "state", "final"),
            "<target state=\"final\">"
        );
        assert_eq!(
            set_attribute("<target xml:lang='en'>", "state", "translated"),
            "<target xml:lang='en' state=\"translated\">"
        );
        assert_eq!(
            set_attribute("<sdl:seg id=\"1\"/>", "conf", "Draft"),
            "<sdl:seg id=\"1\" conf=\"Draft\"/>"
        );
        assert_eq!(
            set_attribute("<x substate=\"a\" state=\"b\">", "state", "c"),
            "<x substate=\"a\" state=\"c\">"
        );
        assert_eq!(
            remove_attribute(
                "<segment state=\"initial\" subState=\"tandem:draft\">",
                "subState"
            ),
            "<segment state=\"initial\">"
        );
        assert_eq!(gap_before("<a>\n    <b>", 8), "\n    ");
    }
}
