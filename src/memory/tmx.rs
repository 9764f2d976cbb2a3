//! TMX in and out for memories.
//!
//! Reading streams through the file once (a 100,000-unit TMX is tens of megabytes) and hands
//! each German–English unit to a callback. TMX 1.4b, and 1.1/1.2 as older tools write them
//! (`lang` instead of `xml:lang`), are read alike. Inline codes (`<bpt>`, `<ept>`, `<ph>`,
//! `<it>`, `<ut>`, `<hi>`) become placeholders in the text (`{1}`…`{/1}` for a pair, `{2/}`
//! for a lone code) and are kept as they were, to be written back on export. Units in other
//! languages are skipped and counted. A file that breaks off or turns invalid keeps every unit
//! read before the fault; the report says where it was and how many units were read.
//!
//! Writing produces TMX 1.4b that validates against the TMX 1.4 DTD.

use super::{Language, Provenance, Unit};
use crate::base::xml::{XmlError, declared_encoding, escape, line_column};
use crate::base::{Diagnostic, excerpt};
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use std::io::Write;
use std::path::Path;

/// What reading a TMX file found besides its units.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TmxReport {
    /// German–English units handed over.
    pub units: usize,
    /// Units without both a German and an English variant.
    pub other_languages: usize,
    /// Units whose German or English was empty.
    pub empty: usize,
    /// Problems, with positions; an error ends the reading.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether reading stopped at a fault before the end of the file.
    pub broken: bool,
}

/// Text of an XML file: UTF-8 (with or without BOM) as it is, UTF-16 with a BOM decoded.
pub fn xml_text(bytes: Vec<u8>) -> Result<String, XmlError> {
    let without_bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes[3..].to_vec()
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let encoding = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _, bad) = encoding.decode(&bytes);
        if bad {
            return Err(XmlError::Syntax {
                line: 1,
                column: 1,
                message: "the file is not valid UTF-16".into(),
            });
        }
        return Ok(text.into_owned());
    } else {
        bytes
    };
    match String::from_utf8(without_bom) {
        Ok(text) => Ok(text),
        Err(error) => {
            // Another declared encoding (ISO-8859-1 files exist): the general decoder.
            let bytes = error.into_bytes();
            if let Some(name) = declared_encoding(&bytes)
                && let Some(encoding) = encoding_rs::Encoding::for_label(name.as_bytes())
                && encoding != encoding_rs::UTF_8
            {
                let (text, _, _) = encoding.decode(&bytes);
                return Ok(text.into_owned());
            }
            let at = std::str::from_utf8(&bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            let text = String::from_utf8_lossy(&bytes[..at]);
            let (line, column) = line_column(&text, at);
            Err(XmlError::Syntax {
                line,
                column,
                message: "the file is not valid UTF-8 and declares no other encoding".into(),
            })
        }
    }
}

/// A `<tuv>` being read.
#[derive(Default)]
struct Variant {
    language: String,
    text: String,
    markup: String,
    has_codes: bool,
    /// Depth inside `<seg>` elements whose text is code, not content (`<bpt>`…`</bpt>`).
    in_code: usize,
    next_lone: u32,
    open_hi: Vec<u32>,
}

#[derive(Default)]
struct TuState {
    variants: Vec<Variant>,
    provenance: Provenance,
    previous: Option<String>,
    next: Option<String>,
    prop: Option<String>,
    prop_text: String,
    in_seg: bool,
}

fn attribute(start: &BytesStart, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn raw_start(start: &BytesStart, empty: bool) -> String {
    let mut out = String::from("<");
    out.push_str(start.name().as_ref());
    for attribute in start.attributes().flatten() {
        out.push(' ');
        out.push_str(attribute.key.as_ref());
        out.push_str("=\"");
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_default();
        out.push_str(&escape(&value));
        out.push('"');
    }
    out.push_str(if empty { "/>" } else { ">" });
    out
}

const CODES: [&str; 6] = ["bpt", "ept", "ph", "it", "ut", "sub"];

/// Reads the German–English units of a TMX document, handing each to `unit`. `file` names
/// the file in diagnostics. Stops early (reporting it) if `unit` returns `false`.
pub fn read(text: &str, file: &Path, mut unit: impl FnMut(Unit) -> bool) -> TmxReport {
    let mut report = TmxReport::default();
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = true;
    let mut header_tool: Option<String> = None;
    let mut tu: Option<TuState> = None;
    let mut saw_root = false;
    let fault = |report: &mut TmxReport, at: u64, message: String| {
        let (line, column) = line_column(text, at as usize);
        report.diagnostics.push(
            Diagnostic::error(format!(
                "{message}; {} units before it were read",
                report.units
            ))
            .in_file(file)
            .at(line, column),
        );
        report.broken = true;
    };
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                fault(&mut report, reader.error_position(), error.to_string());
                break;
            }
        };
        let at = reader.buffer_position();
        match event {
            Event::Start(start) | Event::Empty(start) if tu.is_none() => {
                let name = start.local_name();
                match name.as_ref() {
                    "tmx" => saw_root = true,
                    "header" => {
                        header_tool = attribute(&start, "creationtool");
                    }
                    "tu" => {
                        let mut state = TuState::default();
                        state.provenance.tool =
                            attribute(&start, "creationtool").or_else(|| header_tool.clone());
                        state.provenance.author = attribute(&start, "changeid")
                            .or_else(|| attribute(&start, "creationid"));
                        state.provenance.changed = attribute(&start, "changedate")
                            .or_else(|| attribute(&start, "creationdate"));
                        tu = Some(state);
                    }
                    _ if !saw_root => {
                        fault(
                            &mut report,
                            at,
                            format!(
                                "this is not a TMX file (its root element is <{}>)",
                                excerpt(name.as_ref(), 40)
                            ),
                        );
                        break;
                    }
                    _ => {}
                }
            }
            Event::Start(start) => {
                let state = tu.as_mut().expect("inside a unit");
                let name = start.local_name();
                let name = name.as_ref();
                if state.in_seg {
                    let variant = state.variants.last_mut().expect("a variant");
                    variant.start_codes();
                    variant.markup.push_str(&raw_start(&start, false));
                    match name {
                        "bpt" | "ept" | "ph" | "it" | "ut" => {
                            if variant.in_code == 0 {
                                push_placeholder(variant, name, &start);
                            }
                            variant.in_code += 1;
                        }
                        "sub" => {
                            // Translatable text inside a code: content again.
                            variant.in_code = variant.in_code.saturating_sub(1);
                        }
                        "hi" => {
                            variant.next_lone += 1;
                            let n = attribute(&start, "x")
                                .and_then(|x| x.parse().ok())
                                .unwrap_or(variant.next_lone);
                            variant.open_hi.push(n);
                            variant.text.push_str(&format!("{{{n}}}"));
                        }
                        _ => {}
                    }
                    continue;
                }
                match name {
                    "tuv" => {
                        let language = attribute(&start, "xml:lang")
                            .or_else(|| attribute(&start, "lang"))
                            .unwrap_or_default();
                        state.variants.push(Variant {
                            language,
                            ..Variant::default()
                        });
                    }
                    "seg" if !state.variants.is_empty() => state.in_seg = true,
                    "prop" => {
                        state.prop = attribute(&start, "type");
                        state.prop_text.clear();
                    }
                    _ => {}
                }
            }
            Event::Empty(start) => {
                let state = tu.as_mut().expect("inside a unit");
                if state.in_seg {
                    let variant = state.variants.last_mut().expect("a variant");
                    variant.start_codes();
                    variant.markup.push_str(&raw_start(&start, true));
                    let name = start.local_name();
                    if CODES.contains(&name.as_ref()) && variant.in_code == 0 {
                        push_placeholder(variant, name.as_ref(), &start);
                    }
                } else if start.local_name().as_ref() == "tuv" {
                    state.variants.push(Variant::default());
                }
            }
            Event::End(end) => {
                let name = end.local_name();
                let name = name.as_ref();
                let Some(state) = tu.as_mut() else {
                    continue;
                };
                if state.in_seg && name != "seg" {
                    let variant = state.variants.last_mut().expect("a variant");
                    variant
                        .markup
                        .push_str(&format!("</{}>", end.name().as_ref()));
                    match name {
                        "bpt" | "ept" | "ph" | "it" | "ut" => {
                            variant.in_code = variant.in_code.saturating_sub(1)
                        }
                        "sub" => variant.in_code += 1,
                        "hi" => {
                            if let Some(n) = variant.open_hi.pop() {
                                variant.text.push_str(&format!("{{/{n}}}"));
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                match name {
                    "seg" => state.in_seg = false,
                    "prop" => {
                        let value = std::mem::take(&mut state.prop_text);
                        match state.prop.take().as_deref() {
                            Some("x-context-prev" | "prev") => state.previous = Some(value),
                            Some("x-context-next" | "next") => state.next = Some(value),
                            Some("x-document" | "file" | "x-file") => {
                                state.provenance.document = Some(value)
                            }
                            _ => {}
                        }
                    }
                    "tu" => {
                        let state = tu.take().expect("inside a unit");
                        if !finish(state, &mut report, &mut unit) {
                            report.diagnostics.push(
                                Diagnostic::warning(format!(
                                    "reading stopped after {} units",
                                    report.units
                                ))
                                .in_file(file),
                            );
                            return report;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                text_to(&mut tu, &content);
            }
            Event::CData(t) => {
                let content = t.xml10_content();
                text_to(&mut tu, &content);
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    resolve_predefined_entity(&r.xml10_content()).map(str::to_string)
                };
                let Some(resolved) = resolved else {
                    fault(
                        &mut report,
                        at,
                        format!("unknown entity &{};", excerpt(&r.xml10_content(), 40)),
                    );
                    break;
                };
                text_to(&mut tu, &resolved);
            }
            Event::Eof => {
                if tu.is_some() {
                    fault(
                        &mut report,
                        text.len() as u64,
                        "the file ends inside a <tu>".into(),
                    );
                } else if !saw_root {
                    fault(&mut report, 0, "this is not a TMX file".into());
                }
                break;
            }
            _ => {}
        }
    }
    report
}

impl Variant {
    /// The first inline code: the markup so far is the text so far.
    fn start_codes(&mut self) {
        if !self.has_codes {
            self.has_codes = true;
            self.markup = escape(&self.text).into_owned();
        }
    }
}

fn push_placeholder(variant: &mut Variant, name: &str, start: &BytesStart) {
    let number = |key: &str| attribute(start, key).and_then(|v| v.parse::<u32>().ok());
    let text = match name {
        "bpt" => format!("{{{}}}", number("i").unwrap_or(0)),
        "ept" => format!("{{/{}}}", number("i").unwrap_or(0)),
        _ => {
            variant.next_lone += 1;
            format!("{{{}/}}", number("x").unwrap_or(variant.next_lone))
        }
    };
    variant.text.push_str(&text);
}

fn text_to(tu: &mut Option<TuState>, content: &str) {
    let Some(state) = tu.as_mut() else { return };
    if state.in_seg {
        let variant = state.variants.last_mut().expect("a variant");
        // The markup is kept only once a code appears (most segments have none).
        if variant.has_codes {
            variant.markup.push_str(&escape(content));
        }
        if variant.in_code == 0 {
            variant.text.push_str(content);
        }
    } else if state.prop.is_some() {
        state.prop_text.push_str(content);
    }
}

fn finish(state: TuState, report: &mut TmxReport, unit: &mut impl FnMut(Unit) -> bool) -> bool {
    let german = state
        .variants
        .iter()
        .find(|v| Language::of(&v.language) == Language::German);
    let english = state
        .variants
        .iter()
        .find(|v| Language::of(&v.language) == Language::English);
    let (Some(german), Some(english)) = (german, english) else {
        report.other_languages += 1;
        return true;
    };
    let source = german.text.trim();
    let target = english.text.trim();
    if source.is_empty() || target.is_empty() {
        report.empty += 1;
        return true;
    }
    report.units += 1;
    unit(Unit {
        source: source.to_string(),
        target: target.to_string(),
        previous: state.previous,
        next: state.next,
        key: None,
        provenance: state.provenance,
        source_markup: german.has_codes.then(|| german.markup.clone()),
        target_markup: english.has_codes.then(|| english.markup.clone()),
    })
}

/// Writes the head of a TMX 1.4b file.
pub fn write_head(out: &mut dyn Write, tool_version: &str, now: &str) -> std::io::Result<()> {
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n  <header creationtool=\"Tandem\" creationtoolversion=\"{tool_version}\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"de\" o-tmf=\"Tandem\" creationdate=\"{now}\"/>\n  <body>\n"
    )
}

fn tmx_date(date: &str) -> Option<&str> {
    // TMX dates are exactly YYYYMMDDThhmmssZ; anything else is left out.
    let ok = date.len() == 16
        && date.as_bytes()[8] == b'T'
        && date.ends_with('Z')
        && date[..8].bytes().all(|b| b.is_ascii_digit())
        && date[9..15].bytes().all(|b| b.is_ascii_digit());
    ok.then_some(date)
}

/// Writes one unit.
pub fn write_unit(out: &mut dyn Write, unit: &Unit) -> std::io::Result<()> {
    out.write_all(b"    <tu")?;
    if let Some(date) = unit.provenance.changed.as_deref().and_then(tmx_date) {
        write!(out, " changedate=\"{date}\"")?;
    }
    if let Some(author) = &unit.provenance.author {
        write!(out, " changeid=\"{}\"", escape(author))?;
    }
    if let Some(tool) = &unit.provenance.tool {
        write!(out, " creationtool=\"{}\"", escape(tool))?;
    }
    out.write_all(b">\n")?;
    for (kind, value) in [
        ("x-document", &unit.provenance.document),
        ("x-context-prev", &unit.previous),
        ("x-context-next", &unit.next),
        ("x-tandem-key", &unit.key),
    ] {
        if let Some(value) = value {
            writeln!(out, "      <prop type=\"{kind}\">{}</prop>", escape(value))?;
        }
    }
    for (lang, text, markup) in [
        ("de", &unit.source, &unit.source_markup),
        ("en", &unit.target, &unit.target_markup),
    ] {
        let seg = match markup {
            Some(markup) => std::borrow::Cow::Borrowed(markup.as_str()),
            None => escape(text),
        };
        writeln!(out, "      <tuv xml:lang=\"{lang}\"><seg>{seg}</seg></tuv>")?;
    }
    out.write_all(b"    </tu>\n")
}

pub fn write_tail(out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"  </body>\n</tmx>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> (Vec<Unit>, TmxReport) {
        let mut units = Vec::new();
        let report = read(text, Path::new("test.tmx"), |u| {
            units.push(u);
            true
        });
        (units, report)
    }

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="Trados" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="de-DE" datatype="plaintext"/>
<body>
<tu changedate="20240619T104500Z" changeid="anna">
  <prop type="x-context-prev">Der Gipfel begann.</prop>
  <tuv xml:lang="de-DE"><seg>Putin traf <bpt i="1">&lt;b&gt;</bpt>Kim<ept i="1">&lt;/b&gt;</ept> in Pjöngjang.<ph x="2">&lt;br/&gt;</ph></seg></tuv>
  <tuv xml:lang="en-GB"><seg>Putin met <bpt i="1">&lt;b&gt;</bpt>Kim<ept i="1">&lt;/b&gt;</ept> in Pyongyang.<ph x="2">&lt;br/&gt;</ph></seg></tuv>
</tu>
<tu><tuv xml:lang="de"><seg>Hallo &amp; <hi>Welt</hi></seg></tuv><tuv lang="EN-US"><seg>Hello &amp; world</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>Bonjour</seg></tuv><tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg> </seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>
</body></tmx>"#;

    #[test]
    fn units_codes_languages_and_provenance_are_read() {
        let (units, report) = read_all(SAMPLE);
        assert_eq!(report.units, 2);
        assert_eq!(report.other_languages, 1);
        assert_eq!(report.empty, 1);
        assert!(!report.broken, "{:?}", report.diagnostics);
        let first = &units[0];
        assert_eq!(first.source, "Putin traf {1}Kim{/1} in Pjöngjang.{2/}");
        assert_eq!(first.target, "Putin met {1}Kim{/1} in Pyongyang.{2/}");
        assert_eq!(first.previous.as_deref(), Some("Der Gipfel begann."));
        assert_eq!(first.provenance.author.as_deref(), Some("anna"));
        assert_eq!(first.provenance.tool.as_deref(), Some("Trados"));
        assert_eq!(
            first.provenance.changed.as_deref(),
            Some("20240619T104500Z")
        );
        assert!(
            first
                .source_markup
                .as_deref()
                .unwrap()
                .contains("<bpt i=\"1\">&lt;b&gt;</bpt>")
        );
        assert_eq!(units[1].source, "Hallo & {1}Welt{/1}");
        assert_eq!(units[1].target, "Hello & world");
        assert_eq!(units[1].target_markup, None);
    }

    #[test]
    fn a_broken_file_keeps_what_came_before_the_fault() {
        let cut = &SAMPLE[..SAMPLE
            .find("<tu><tuv xml:lang=\"de\"><seg>Bonjour")
            .unwrap()];
        let broken = format!("{cut}<tu><tuv xml:lang=\"de\"><seg>kaputt</tuv></tu>");
        let (units, report) = read_all(&broken);
        assert_eq!(units.len(), 2);
        assert!(report.broken);
        let message = report.diagnostics[0].to_string();
        assert!(
            message.contains("test.tmx") && message.contains("line 11"),
            "{message}"
        );
        assert!(message.contains("2 units before it were read"), "{message}");
        let half = SAMPLE.find("<seg>Hallo").unwrap();
        let (units, report) = read_all(&SAMPLE[..half]);
        assert_eq!(units.len(), 1);
        assert!(report.broken);
        let (_, report) = read_all("<xliff version=\"1.2\"></xliff>");
        assert!(report.broken && report.diagnostics[0].to_string().contains("not a TMX"));
    }

    #[test]
    fn written_units_read_back_the_same() {
        let (units, _) = read_all(SAMPLE);
        let mut out = Vec::new();
        write_head(&mut out, "1", "20260101T000000Z").unwrap();
        for unit in &units {
            write_unit(&mut out, unit).unwrap();
        }
        write_tail(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (again, report) = read_all(&text);
        assert!(!report.broken, "{:?}", report.diagnostics);
        // The header's tool differs (Tandem wrote the file) unless the unit named one.
        let strip = |u: &Unit| Unit {
            provenance: Provenance {
                tool: None,
                ..u.provenance.clone()
            },
            ..u.clone()
        };
        assert_eq!(
            again.iter().map(strip).collect::<Vec<_>>(),
            units.iter().map(strip).collect::<Vec<_>>()
        );
    }
}
