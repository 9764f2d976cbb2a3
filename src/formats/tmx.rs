//! TMX 1.4b export: one translation unit per segment that has a target, status as a property.
//! Valid against the TMX 1.4 DTD.

use super::inline::to_plain;
use crate::base::time::utc_now;
use crate::base::xml::escape;
use crate::model::Project;
use std::fmt::Write;

/// TMX as an export.
pub struct TmxWriter;

impl super::Writer for TmxWriter {
    fn write(
        &self,
        project: &Project,
        _: super::article::ExportOptions,
    ) -> Result<Vec<u8>, super::ExportError> {
        Ok(to_tmx(project).into_bytes())
    }
}

pub fn to_tmx(project: &Project) -> String {
    let (src, trg) = (&project.languages.source, &project.languages.target);
    let now = utc_now(false);
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n  <header creationtool=\"Tandem\" creationtoolversion=\"{}\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"{}\" o-tmf=\"Tandem\" creationdate=\"{now}\"/>\n  <body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(src),
    );
    for segment in project.segments().filter(|s| !s.target.trim().is_empty()) {
        let _ = writeln!(out, "    <tu tuid=\"{}\">", segment.id);
        let _ = writeln!(
            out,
            "      <prop type=\"x-tandem-status\">{}</prop>",
            segment.status.name()
        );
        if !segment.note.is_empty() {
            let _ = writeln!(out, "      <note>{}</note>", escape(&segment.note));
        }
        for (lang, text) in [(src, &segment.source), (trg, &segment.target)] {
            let _ = writeln!(
                out,
                "      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>",
                escape(lang),
                escape(&to_plain(text))
            );
        }
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}
