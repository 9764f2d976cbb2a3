//! OmegaT's tab-separated glossary: `German<TAB>English<TAB>comment`, UTF-8 or UTF-16 with BOM,
//! `#` comment lines. Tandem adds three optional columns, kind, forms and renderings not to
//! use (both comma-separated), which OmegaT ignores.
//!
//! Several lines with the same German term and nothing but a rendering are one term with
//! several renderings (OmegaT's reading); a line with its own kind, note or forms starts a
//! term of its own, so that two terms with the same German ("Bank": bank, bench) survive.
//!
//! The format has no quoting, so Tandem's files declare backslash escapes in a comment line
//! (`# tandem-escapes: …`): `\t`, `\n`, `\\`, and `\#` for a term that starts with `#`
//! ("#MeToo", which would otherwise read as a comment). Files without that line (OmegaT's, older
//! ones) are read literally.

use super::{Glossary, GlossaryError, Kind, Read, Term};
use crate::base::Diagnostic;
use crate::base::decode::{DecodeError, decode_text};
use std::collections::HashMap;

/// The comment line that turns escapes on.
const ESCAPES_LINE: &str =
    "# tandem-escapes: \\t tab, \\n line break, \\\\ backslash, \\# a leading #";

pub fn read(bytes: &[u8], name: &str) -> Result<Read, GlossaryError> {
    let (text, mut diagnostics) = match decode_text(bytes) {
        Ok(decoded) => (decoded.text, decoded.diagnostics),
        Err(DecodeError::Empty) => (String::new(), Vec::new()),
        Err(error) => return Err(error.into()),
    };
    let mut terms: Vec<Term> = Vec::new();
    // The last term started for each German source.
    let mut by_source: HashMap<String, usize> = HashMap::new();
    let mut escapes = false;
    let mut seen_data = false;
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            if !seen_data && trimmed.starts_with("# tandem-escapes:") {
                escapes = true;
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        seen_data = true;
        let columns: Vec<String> = line
            .split('\t')
            .take(6)
            .map(|c| {
                if escapes {
                    unescape(c.trim())
                } else {
                    c.trim().to_string()
                }
            })
            .collect();
        let cell = |i: usize| columns.get(i).map_or("", String::as_str);
        let (source, target) = (cell(0), cell(1));
        if source.is_empty() || target.is_empty() {
            diagnostics.push(
                Diagnostic::warning("needs a term and a translation; skipped").at_line(number),
            );
            continue;
        }
        let (note, kind_name, forms) = (cell(2), cell(3), cell(4));
        let forbidden = list(cell(5));
        let kind = match kind_name {
            "" => Kind::Other,
            name => Kind::parse(name).unwrap_or_else(|| {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "unknown kind {:?}, read as other",
                        crate::base::excerpt(name, 40)
                    ))
                    .at_line(number),
                );
                Kind::Other
            }),
        };
        let forms = list(forms);
        let adds_rendering_only = kind_name.is_empty() && forms.is_empty() && forbidden.is_empty();
        if adds_rendering_only && let Some(&at) = by_source.get(source) {
            let term: &mut Term = &mut terms[at];
            if note.is_empty() || term.note.is_empty() || term.note == note {
                if !term.targets.iter().any(|t| t == target) {
                    term.targets.push(target.to_string());
                }
                if term.note.is_empty() {
                    term.note = note.to_string();
                }
                continue;
            }
        }
        by_source.insert(source.to_string(), terms.len());
        terms.push(Term {
            note: note.to_string(),
            forms,
            forbidden,
            ..Term::new(source, target, kind)
        });
    }
    Ok(Read {
        glossary: Glossary::from_read_terms(name, terms, &mut diagnostics),
        diagnostics,
    })
}

pub fn write(glossary: &Glossary) -> String {
    let mut out = format!(
        "# {}: German<TAB>English<TAB>note<TAB>kind<TAB>forms<TAB>not to use (written by Tandem)\n{ESCAPES_LINE}\n",
        escape(&glossary.name, false)
    );
    for term in &glossary.terms {
        let source = escape(&term.source, true);
        for (i, target) in term.targets.iter().enumerate() {
            if i == 0 {
                let forms = term.forms.join(", ");
                let mut line = format!(
                    "{source}\t{}\t{}\t{}\t{}",
                    escape(target, false),
                    escape(&term.note, false),
                    term.kind.name(),
                    escape(&forms, false)
                );
                if !term.forbidden.is_empty() {
                    line.push('\t');
                    line.push_str(&escape(&term.forbidden.join(", "), false));
                }
                out.push_str(&line);
                out.push('\n');
            } else {
                // A further rendering of the same term: nothing but source and target.
                out.push_str(&format!("{source}\t{}\n", escape(target, false)));
            }
        }
    }
    out
}

/// A comma-separated cell as its items.
fn list(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// Escapes what would break the line and column structure; `first` also a leading `#`.
fn escape(text: &str, first: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '#' if first && i == 0 => out.push_str("\\#"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('#') => out.push('#'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_omegat_lines_and_merges_renderings() {
        let text = "# comment\nKiew\tKyiv\tcapital of Ukraine\tplace\nKiew\tKiev\nBank\tbank\t\tother\tBänke, Banken\nnur eins\n";
        let read = read(text.as_bytes(), "g").unwrap();
        assert_eq!(read.diagnostics.len(), 1, "{:?}", read.diagnostics);
        assert_eq!(read.diagnostics[0].position.map(|p| p.line), Some(5));
        let terms = &read.glossary.terms;
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].targets, ["Kyiv", "Kiev"]);
        assert_eq!(terms[0].kind, Kind::Place);
        assert_eq!(terms[0].note, "capital of Ukraine");
        assert_eq!(terms[1].forms, ["Bänke", "Banken"]);
    }

    #[test]
    fn round_trip_keeps_what_the_format_cannot_say_plainly() {
        let mut glossary = Glossary::from_terms(
            "g",
            vec![
                Term::new("#MeToo", "#MeToo", Kind::Other),
                Term::new("Bank", "bank", Kind::Other),
                Term::new("Bank", "bench", Kind::Other),
                Term::new("C:\\tmp", "a\tb", Kind::Other),
            ],
        );
        glossary.terms[1].note = "line one\nline two\twith a tab".into();
        glossary.terms[0].targets.push("# me too".into());
        let again = read(write(&glossary).as_bytes(), "g").unwrap();
        assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
        assert_eq!(again.glossary.terms, glossary.terms);
    }

    #[test]
    fn files_without_the_escapes_line_are_read_literally() {
        let read = read(b"C:\\temp\tpath\\n\n", "g").unwrap();
        assert_eq!(read.glossary.terms[0].source, "C:\\temp");
        assert_eq!(read.glossary.terms[0].targets, ["path\\n"]);
    }
}
