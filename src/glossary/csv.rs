//! CSV glossaries. With a header row, columns are found by name (source/term/german/de,
//! target/translation/english/en, alternatives, kind/type, note/comment, forms); without one,
//! OmegaT's layout is assumed: German, English, comment. Tandem writes a header row.

use super::{Glossary, GlossaryError, Kind, Read, Term};
use crate::formats::decode::decode_text;

const SOURCE: &[&str] = &["source", "term", "german", "de", "deutsch", "source term"];
const TARGET: &[&str] = &[
    "target",
    "translation",
    "english",
    "en",
    "englisch",
    "target term",
];

pub fn read(bytes: &[u8], name: &str) -> Result<Read, GlossaryError> {
    let text = match decode_text(bytes) {
        Ok(decoded) => decoded.text,
        Err(crate::formats::decode::DecodeError::Empty) => String::new(),
        Err(error) => return Err(error.into()),
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows = reader.records();
    let mut warnings = Vec::new();
    let mut terms = Vec::new();
    let mut columns = Columns::omegat();
    let mut first = true;
    for row in rows {
        let row = row.map_err(|e| GlossaryError::Line {
            line: e.position().map_or(0, |p| p.line() as usize),
            message: e.to_string(),
        })?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        if first {
            first = false;
            if let Some(header) = Columns::from_header(&row) {
                columns = header;
                continue;
            }
        }
        let cell =
            |index: Option<usize>| index.and_then(|i| row.get(i)).map(str::trim).unwrap_or("");
        let (source, target) = (cell(Some(columns.source)), cell(Some(columns.target)));
        if source.is_empty() || target.is_empty() {
            warnings.push(format!(
                "line {line}: needs a term and a translation; skipped"
            ));
            continue;
        }
        let mut term = Term::new(source, target, Kind::Other);
        let alternatives = cell(columns.alternatives);
        term.targets.extend(
            alternatives
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string),
        );
        let kind = cell(columns.kind);
        term.kind = Kind::parse(kind).unwrap_or_else(|| {
            warnings.push(format!("line {line}: unknown kind {kind:?}, read as other"));
            Kind::Other
        });
        term.note = cell(columns.note).to_string();
        term.forms = cell(columns.forms)
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect();
        terms.push(term);
    }
    Ok(Read {
        glossary: Glossary::from_terms(name, terms),
        warnings,
    })
}

struct Columns {
    source: usize,
    target: usize,
    alternatives: Option<usize>,
    kind: Option<usize>,
    note: Option<usize>,
    forms: Option<usize>,
}

impl Columns {
    fn omegat() -> Columns {
        Columns {
            source: 0,
            target: 1,
            alternatives: None,
            kind: None,
            note: Some(2),
            forms: None,
        }
    }

    fn from_header(row: &::csv::StringRecord) -> Option<Columns> {
        let names: Vec<String> = row.iter().map(|c| c.trim().to_lowercase()).collect();
        let find = |options: &[&str]| names.iter().position(|n| options.contains(&n.as_str()));
        Some(Columns {
            source: find(SOURCE)?,
            target: find(TARGET)?,
            alternatives: find(&["alternatives", "alternative", "synonyms"]),
            kind: find(&["kind", "type", "category", "pos", "part of speech"]),
            note: find(&["note", "notes", "comment", "comments", "description"]),
            forms: find(&["forms"]),
        })
    }
}

pub fn write(glossary: &Glossary) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["source", "target", "alternatives", "kind", "note", "forms"]);
    for term in &glossary.terms {
        let alternatives = term.targets.get(1..).unwrap_or_default().join(" | ");
        let _ = writer.write_record([
            term.source.as_str(),
            term.target(),
            &alternatives,
            term.kind.name(),
            &term.note,
            &term.forms.join(", "),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headerless_omegat_csv_with_quotes() {
        let text = "kde,csv kde\n\"kde, qu\",comma dot\n\"\"\"kde\"\",\"\"q\"\"\",cdk\n";
        let read = read(text.as_bytes(), "g").unwrap();
        let sources: Vec<&str> = read
            .glossary
            .terms
            .iter()
            .map(|t| t.source.as_str())
            .collect();
        assert_eq!(sources, ["kde", "kde, qu", "\"kde\",\"q\""]);
    }

    #[test]
    fn header_row_and_round_trip() {
        let text =
            "German,English,Type,Comment\nKiew,Kyiv,place,capital\nrussisch,Russian,adjective,\n";
        let first = read(text.as_bytes(), "g").unwrap();
        assert!(first.warnings.is_empty(), "{:?}", first.warnings);
        let terms = &first.glossary.terms;
        assert_eq!(terms[0].kind, Kind::Place);
        assert_eq!(terms[0].note, "capital");
        let mut glossary = first.glossary.clone();
        glossary.terms[0].targets.push("Kiev".into());
        glossary.terms[1].forms = vec!["russ.".into()];
        let again = read(write(&glossary).as_bytes(), "g").unwrap().glossary;
        assert_eq!(again.terms, glossary.terms);
    }
}
