//! CSV glossaries. With a header row, columns are found by name (source/term/german/de,
//! target/translation/english/en, alternatives, kind/type, note/comment, forms); without one,
//! OmegaT's layout is assumed: German, English, comment. Tandem writes a header row, and
//! further renderings in an `alternatives` column separated by ` | ` (a `|` or `\` inside a
//! rendering is escaped with a backslash).
//!
//! What the reader cannot make sense of is reported, not guessed: a header row that names a
//! German column but no English one is refused (its rows would otherwise be read as terms), a
//! quoted field that is never closed is refused with the line it opened on, and text right
//! after a closing quote (the sign of a quote that paired with the wrong one, swallowing the
//! rows between) gets a warning naming both lines.

use super::{Glossary, GlossaryError, Kind, Read, Term};
use crate::base::Diagnostic;
use crate::base::decode::{DecodeError, decode_text};

const SOURCE: &[&str] = &["source", "term", "german", "de", "deutsch", "source term"];
const TARGET: &[&str] = &[
    "target",
    "translation",
    "english",
    "en",
    "englisch",
    "target term",
];
const ALTERNATIVES: &[&str] = &["alternatives", "alternative", "synonyms"];
const KIND: &[&str] = &["kind", "type", "category", "pos", "part of speech"];
const NOTE: &[&str] = &["note", "notes", "comment", "comments", "description"];
const FORMS: &[&str] = &["forms"];
const FORBIDDEN: &[&str] = &["forbidden", "not to use", "do not use", "deprecated"];

pub fn read(bytes: &[u8], name: &str) -> Result<Read, GlossaryError> {
    let (text, mut diagnostics) = match decode_text(bytes) {
        Ok(decoded) => (decoded.text, decoded.diagnostics),
        Err(DecodeError::Empty) => (String::new(), Vec::new()),
        Err(error) => return Err(error.into()),
    };
    let quotes = check_quotes(&text);
    if let Some(line) = quotes.unclosed {
        return Err(GlossaryError::Line {
            line,
            message: "a quoted field opened here is never closed (an unbalanced \")".into(),
        });
    }
    if let Some((opened, closed)) = quotes.text_after_close {
        diagnostics.push(
            Diagnostic::warning(format!(
                "the quoted field opened on line {opened} closes on line {closed} with text after its closing quote; a quote is probably unbalanced and the rows between were read as one field"
            ))
            .at_line(opened),
        );
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut terms = Vec::new();
    let mut columns = Columns::omegat();
    let mut first = true;
    for row in reader.records() {
        let row = row.map_err(|e| GlossaryError::Line {
            line: e.position().map_or(0, |p| p.line() as usize),
            message: e.to_string(),
        })?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        if first {
            first = false;
            if let Some(header) = Columns::from_header(&row)? {
                columns = header;
                continue;
            }
        }
        let cell =
            |index: Option<usize>| index.and_then(|i| row.get(i)).map(str::trim).unwrap_or("");
        let (source, target) = (cell(Some(columns.source)), cell(Some(columns.target)));
        if source.is_empty() || target.is_empty() {
            diagnostics
                .push(Diagnostic::warning("needs a term and a translation; skipped").at_line(line));
            continue;
        }
        let mut term = Term::new(source, target, Kind::Other);
        term.targets
            .extend(split_alternatives(cell(columns.alternatives)));
        let kind = cell(columns.kind);
        term.kind = Kind::parse(kind).unwrap_or_else(|| {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "unknown kind {:?}, read as other",
                    crate::base::excerpt(kind, 40)
                ))
                .at_line(line),
            );
            Kind::Other
        });
        term.note = cell(columns.note).to_string();
        term.forbidden = split_alternatives(cell(columns.forbidden));
        term.forms = cell(columns.forms)
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect();
        terms.push(term);
    }
    Ok(Read {
        glossary: Glossary::from_read_terms(name, terms, &mut diagnostics),
        diagnostics,
    })
}

/// What is wrong with a file's quotes, read as the `csv` crate reads them (a quote opens a
/// field only at its start; `""` inside is a quote).
#[derive(Debug, Default, PartialEq, Eq)]
struct Quotes {
    /// The line where a quoted field opens that is never closed.
    unclosed: Option<usize>,
    /// The first quoted field followed by text after its closing quote: (opened, closed).
    text_after_close: Option<(usize, usize)>,
}

fn check_quotes(text: &str) -> Quotes {
    let mut found = Quotes::default();
    let mut line = 1;
    let mut field_start = true;
    let mut quoted_since = None;
    let mut just_closed = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(opened) = quoted_since {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => {
                    quoted_since = None;
                    just_closed = Some(opened);
                    continue;
                }
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        if let Some(opened) = just_closed.take()
            && !matches!(c, ',' | '\n' | '\r')
            && found.text_after_close.is_none()
        {
            found.text_after_close = Some((opened, line));
        }
        match c {
            '"' if field_start => quoted_since = Some(line),
            ',' => {
                field_start = true;
                continue;
            }
            '\n' => {
                line += 1;
                field_start = true;
                continue;
            }
            _ => {}
        }
        field_start = false;
    }
    found.unclosed = quoted_since;
    found
}

struct Columns {
    source: usize,
    target: usize,
    alternatives: Option<usize>,
    kind: Option<usize>,
    note: Option<usize>,
    forms: Option<usize>,
    forbidden: Option<usize>,
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
            forbidden: None,
        }
    }

    /// The columns named by a header row; `None` if the row is not a header (no cell is a
    /// known column name), an error if it is one without a German or an English column.
    fn from_header(row: &::csv::StringRecord) -> Result<Option<Columns>, GlossaryError> {
        let names: Vec<String> = row
            .iter()
            .take(1000)
            .map(|c| c.trim().to_lowercase())
            .collect();
        let find = |options: &[&str]| names.iter().position(|n| options.contains(&n.as_str()));
        let known = [SOURCE, TARGET, ALTERNATIVES, KIND, NOTE, FORMS, FORBIDDEN]
            .iter()
            .filter(|options| find(options).is_some())
            .count();
        let (source, target) = (find(SOURCE), find(TARGET));
        // One name alone ("term", "en") may be data; two or a source/target pair are a header.
        let is_header = known >= 2
            || (known == 1 && (source.is_some() != target.is_some()) && names.len() == 1);
        if !(is_header || source.is_some() && target.is_some()) {
            return Ok(None);
        }
        let missing = |what: &str, options: &[&str]| GlossaryError::Line {
            line: 1,
            message: format!(
                "the header row names no {what} column (expected one of: {})",
                options.join(", ")
            ),
        };
        Ok(Some(Columns {
            source: source.ok_or_else(|| missing("German (source)", SOURCE))?,
            target: target.ok_or_else(|| missing("English (target)", TARGET))?,
            alternatives: find(ALTERNATIVES),
            kind: find(KIND),
            note: find(NOTE),
            forms: find(FORMS),
            forbidden: find(FORBIDDEN),
        }))
    }
}

fn split_alternatives(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next @ ('|' | '\\')) => current.push(next),
                Some(other) => {
                    current.push('\\');
                    current.push(other);
                }
                None => current.push('\\'),
            },
            '|' => out.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    out.push(current);
    out.into_iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

fn escape_alternative(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|")
}

pub fn write(glossary: &Glossary) -> Result<Vec<u8>, GlossaryError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let failed = |e: ::csv::Error| GlossaryError::Other(format!("cannot write CSV: {e}"));
    writer
        .write_record([
            "source",
            "target",
            "alternatives",
            "kind",
            "note",
            "forms",
            "forbidden",
        ])
        .map_err(failed)?;
    for term in &glossary.terms {
        let alternatives: Vec<String> = term
            .targets
            .get(1..)
            .unwrap_or_default()
            .iter()
            .map(|a| escape_alternative(a))
            .collect();
        let forbidden: Vec<String> = term
            .forbidden
            .iter()
            .map(|a| escape_alternative(a))
            .collect();
        writer
            .write_record([
                term.source.as_str(),
                term.target(),
                &alternatives.join(" | "),
                term.kind.name(),
                &term.note,
                &term.forms.join(", "),
                &forbidden.join(" | "),
            ])
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| GlossaryError::Other(format!("cannot write CSV: {}", e.error())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(read: &Read) -> Vec<&str> {
        read.glossary
            .terms
            .iter()
            .map(|t| t.source.as_str())
            .collect()
    }

    #[test]
    fn headerless_omegat_csv_with_quotes() {
        let text = "kde,csv kde\n\"kde, qu\",comma dot\n\"\"\"kde\"\",\"\"q\"\"\",cdk\n";
        let read = read(text.as_bytes(), "g").unwrap();
        assert_eq!(sources(&read), ["kde", "kde, qu", "\"kde\",\"q\""]);
    }

    #[test]
    fn header_row_and_round_trip() {
        let text =
            "German,English,Type,Comment\nKiew,Kyiv,place,capital\nrussisch,Russian,adjective,\n";
        let first = read(text.as_bytes(), "g").unwrap();
        assert!(first.diagnostics.is_empty(), "{:?}", first.diagnostics);
        let terms = &first.glossary.terms;
        assert_eq!(terms[0].kind, Kind::Place);
        assert_eq!(terms[0].note, "capital");
        let mut glossary = first.glossary.clone();
        glossary.terms[0].targets.push("Kiev | old".into());
        glossary.terms[0].targets.push("back\\slash".into());
        glossary.terms[1].forms = vec!["russ.".into()];
        glossary.terms[1].note = "two\nlines, \"quoted\"".into();
        let again = read(&write(&glossary).unwrap(), "g").unwrap().glossary;
        assert_eq!(again.terms, glossary.terms);
    }

    #[test]
    fn an_unclosed_quote_is_refused_with_its_line() {
        let error = read(b"source,target\nKiew,\"Kyiv\nMoskau,Moscow\n", "g")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("line 2: a quoted field"), "{error}");
        // Closed quotes over lines are fine; quotes inside a field are literal.
        let read1 = read(b"a,\"b\nc\"\nx,y \"z\n", "g").unwrap();
        assert_eq!(sources(&read1), ["a", "x"]);
        // A quote that closes far away swallows rows: warned, with both lines.
        let read2 = read(
            b"source,target\nKiew,\"Kyiv\nMoskau,Moscow\nRom,\"Rome\n",
            "g",
        )
        .unwrap();
        assert_eq!(read2.diagnostics.len(), 1, "{:?}", read2.diagnostics);
        let warning = read2.diagnostics[0].to_string();
        assert!(
            warning.contains("line 2") && warning.contains("line 4"),
            "{warning}"
        );
        // Fields over several lines, commas included, are fine.
        let read3 = read(b"source,target,note\nKiew,Kyiv,\"a, b\nc, d, e\"\n", "g").unwrap();
        assert!(read3.diagnostics.is_empty(), "{:?}", read3.diagnostics);
    }

    #[test]
    fn a_header_without_a_target_column_is_refused() {
        let error = read(b"source,comment\nKiew,capital\n", "g")
            .unwrap_err()
            .to_string();
        assert!(error.contains("no English (target) column"), "{error}");
        // Data that happens to use a column name is still data.
        let read = read(b"Term,Begriff\n", "g").unwrap();
        assert_eq!(sources(&read), ["Term"]);
    }
}
