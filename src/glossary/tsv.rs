//! OmegaT's tab-separated glossary: `German<TAB>English<TAB>comment`, UTF-8 or UTF-16 with BOM,
//! `#` comment lines. Tandem adds two optional columns, kind and forms (comma-separated), which
//! OmegaT ignores. Lines with the same German term become one term with several renderings.

use super::{Glossary, GlossaryError, Kind, Read, Term};
use crate::formats::decode::decode_text;
use std::collections::HashMap;

pub fn read(bytes: &[u8], name: &str) -> Result<Read, GlossaryError> {
    let text = match decode_text(bytes) {
        Ok(decoded) => decoded.text,
        Err(crate::formats::decode::DecodeError::Empty) => String::new(),
        Err(error) => return Err(error.into()),
    };
    let mut terms: Vec<Term> = Vec::new();
    let mut by_source: HashMap<String, usize> = HashMap::new();
    let mut warnings = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').map(str::trim).collect();
        let (source, target) = (columns[0], columns.get(1).copied().unwrap_or(""));
        if source.is_empty() || target.is_empty() {
            warnings.push(format!(
                "line {number}: needs a term and a translation; skipped"
            ));
            continue;
        }
        let note = columns.get(2).copied().unwrap_or("");
        let kind = match columns.get(3).copied().filter(|k| !k.is_empty()) {
            Some(name) => Kind::parse(name).unwrap_or_else(|| {
                warnings.push(format!(
                    "line {number}: unknown kind {name:?}, read as other"
                ));
                Kind::Other
            }),
            None => Kind::Other,
        };
        let forms = columns
            .get(4)
            .map(|f| {
                f.split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        match by_source.get(source) {
            Some(&at) => {
                let term: &mut Term = &mut terms[at];
                if !term.targets.iter().any(|t| t == target) {
                    term.targets.push(target.to_string());
                }
                if term.note.is_empty() {
                    term.note = note.to_string();
                }
            }
            None => {
                by_source.insert(source.to_string(), terms.len());
                terms.push(Term {
                    note: note.to_string(),
                    forms,
                    ..Term::new(source, target, kind)
                });
            }
        }
    }
    Ok(Read {
        glossary: Glossary::from_terms(name, terms),
        warnings,
    })
}

pub fn write(glossary: &Glossary) -> String {
    let mut out = format!(
        "# {}: German<TAB>English<TAB>note<TAB>kind<TAB>forms (written by Tandem)\n",
        clean(&glossary.name)
    );
    for term in &glossary.terms {
        for (i, target) in term.targets.iter().enumerate() {
            let (note, kind, forms) = if i == 0 {
                (clean(&term.note), term.kind.name(), term.forms.join(", "))
            } else {
                (String::new(), term.kind.name(), String::new())
            };
            out.push_str(&format!(
                "{}\t{}\t{note}\t{kind}\t{}\n",
                clean(&term.source),
                clean(target),
                clean(&forms)
            ));
        }
    }
    out
}

/// Tabs and line breaks would break the line structure.
fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_omegat_lines_and_merges_renderings() {
        let text = "# comment\nKiew\tKyiv\tcapital of Ukraine\tplace\nKiew\tKiev\nBank\tbank\t\tother\tBänke, Banken\nnur eins\n";
        let read = read(text.as_bytes(), "g").unwrap();
        assert_eq!(read.warnings.len(), 1, "{:?}", read.warnings);
        let terms = &read.glossary.terms;
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].targets, ["Kyiv", "Kiev"]);
        assert_eq!(terms[0].kind, Kind::Place);
        assert_eq!(terms[0].note, "capital of Ukraine");
        assert_eq!(terms[1].forms, ["Bänke", "Banken"]);
    }

    #[test]
    fn round_trip() {
        let text =
            "Kiew\tKyiv\tcapital\tplace\nKiew\tKiev\t\tplace\nrussisch\tRussian\t\tadjective\n";
        let first = read(text.as_bytes(), "g").unwrap().glossary;
        let again = read(write(&first).as_bytes(), "g").unwrap().glossary;
        assert_eq!(again.terms, first.terms);
    }
}
