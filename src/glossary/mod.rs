//! Terminology: glossaries of German terms with their English renderings, the formats they are
//! read from and written to, and the [`Matcher`] that finds them in German text, inflected and
//! compounded.
//!
//! A [`Glossary`] is a list of [`Term`]s with stable [`TermId`]s; changes to it are
//! [`TermEdit`] values whose application returns the inverse, like project edits.
//!
//! Terms are kept normalised ([`Term::normalized`]): trimmed, no control characters but tab
//! and line feed, distinct renderings, forms without commas. Every writer escapes or quotes
//! what its reader would misread, so that reading what was written gives back the same terms
//! (property-tested for TSV, CSV and TBX).
//!
//! This module is pure: readers take bytes, writers return bytes; the application layer does
//! the file system.

mod compass;
pub mod csv;
pub mod defaults;
pub mod families;
mod matcher;
pub mod required;
pub mod tbx;
pub mod tsv;

pub use crate::base::TermId;
pub use matcher::{GlossaryId, Hit, Matcher, Reason};

use crate::base::{Diagnostic, IdIndex, MAX_ID, sniff};
use serde::{Deserialize, Serialize};
use std::path::Path;
use thiserror::Error;

/// What a term names; it decides which German endings and compounds it matches in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Place,
    Organisation,
    /// Titles and offices ("Präsident", "Außenminister"): full noun endings, female forms
    /// (-in, -innen), and parts of closed compounds.
    Title,
    /// Written in its base form ("russisch"); matches with adjective endings.
    Adjective,
    /// Anything else; treated as a common noun.
    #[default]
    Other,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Person,
        Kind::Place,
        Kind::Organisation,
        Kind::Title,
        Kind::Adjective,
        Kind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organisation => "organisation",
            Kind::Title => "title",
            Kind::Adjective => "adjective",
            Kind::Other => "other",
        }
    }

    /// Reads the names Tandem writes and common synonyms (TBX parts of speech, OmegaT-style
    /// comments); unknown names are `None`.
    pub fn parse(name: &str) -> Option<Kind> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "person" | "people" | "name" => Kind::Person,
            "place" | "location" | "country" | "city" | "region" | "territory" => Kind::Place,
            "organisation" | "organization" | "org" => Kind::Organisation,
            "title" | "office" | "function" => Kind::Title,
            "adjective" | "adj" | "nationality" => Kind::Adjective,
            "other" | "noun" | "term" | "" => Kind::Other,
            _ => return None,
        })
    }
}

/// One glossary entry: a German term and its English renderings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub id: TermId,
    /// The German term in its base form: nominative singular, an adjective uninflected.
    pub source: String,
    /// English renderings, the preferred one first.
    pub targets: Vec<String>,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Extra German forms that endings do not produce (umlaut plurals, irregular forms).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
    /// English renderings that must not be used (an outdated spelling, a client's banned
    /// word): the quality check reports them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<String>,
}

impl Term {
    pub fn new(source: &str, target: &str, kind: Kind) -> Term {
        Term {
            id: TermId(0),
            source: source.to_string(),
            targets: vec![target.to_string()],
            kind,
            note: String::new(),
            forms: Vec::new(),
            forbidden: Vec::new(),
        }
    }

    /// The preferred English rendering.
    pub fn target(&self) -> &str {
        self.targets.first().map_or("", String::as_str)
    }

    /// The term as glossaries keep it: fields trimmed, line ends as `\n`, other control
    /// characters as spaces, empty and repeated renderings dropped, forms and renderings not to use split at commas.
    pub fn normalized(mut self) -> Term {
        self.source = clean_field(&self.source);
        let mut targets: Vec<String> = Vec::with_capacity(self.targets.len());
        for target in &self.targets {
            let target = clean_field(target);
            if !target.is_empty() && !targets.contains(&target) {
                targets.push(target);
            }
        }
        self.targets = targets;
        self.note = clean_field(&self.note);
        let mut forms: Vec<String> = Vec::new();
        for form in self.forms.iter().flat_map(|f| f.split(',')) {
            let form = clean_field(form).replace(['\t', '\n'], " ");
            if !form.is_empty() && !forms.contains(&form) {
                forms.push(form);
            }
        }
        self.forms = forms;
        let mut forbidden: Vec<String> = Vec::new();
        for word in self.forbidden.iter().flat_map(|f| f.split(',')) {
            let word = clean_field(word).replace(['\t', '\n'], " ");
            if !word.is_empty() && !forbidden.contains(&word) && !self.targets.contains(&word) {
                forbidden.push(word);
            }
        }
        self.forbidden = forbidden;
        self
    }
}

/// A field as glossaries keep it (see [`Term::normalized`]).
fn clean_field(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' && c != '\n' {
                ' '
            } else {
                c
            }
        })
        .collect();
    text.trim().to_string()
}

/// A named list of terms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    pub name: String,
    pub terms: Vec<Term>,
    #[serde(default)]
    pub next_id: u64,
    /// Where each term is, by id (a cache; edits keep it up to date).
    #[serde(skip)]
    index: IdIndex<TermId, usize>,
}

/// A change to a glossary; [`TermEdit::apply`] returns the edit that undoes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermEdit {
    /// Adds the term (a fresh id is given if its id is 0 or taken).
    Add(Term),
    /// Replaces the term with the same id.
    Update(Term),
    Remove(TermId),
    /// Puts a term back at a position (the inverse of a removal).
    Insert(usize, Term),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum TermEditError {
    #[error("the glossary has no term {0}")]
    NoSuchTerm(TermId),
    #[error("a term needs a German source and at least one English rendering")]
    Empty,
    #[error("{0} is not a usable term id")]
    BadId(TermId),
    #[error("the glossary has used up its term ids")]
    IdsExhausted,
}

impl TermEdit {
    pub fn apply(self, glossary: &mut Glossary) -> Result<TermEdit, TermEditError> {
        match self {
            TermEdit::Add(term) => {
                let mut term = term.normalized();
                check(&term)?;
                // An id at or above the counter is free without a lookup (imports add terms
                // with fresh ids: no search per term).
                let free = term.id.0 != 0
                    && term.id.0 <= MAX_ID
                    && (term.id.0 >= glossary.next_id || glossary.position(term.id).is_none());
                if free {
                    glossary.next_id = glossary.next_id.max(term.id.0 + 1);
                } else {
                    term.id = glossary.allocate_id()?;
                }
                let id = term.id;
                glossary.terms.push(term);
                glossary.index.insert(id, glossary.terms.len() - 1);
                Ok(TermEdit::Remove(id))
            }
            TermEdit::Update(term) => {
                let term = term.normalized();
                check(&term)?;
                let at = glossary
                    .position(term.id)
                    .ok_or(TermEditError::NoSuchTerm(term.id))?;
                let old = std::mem::replace(&mut glossary.terms[at], term);
                Ok(TermEdit::Update(old))
            }
            TermEdit::Remove(id) => {
                let at = glossary.position(id).ok_or(TermEditError::NoSuchTerm(id))?;
                if at + 1 == glossary.terms.len() {
                    glossary.index.remove(id);
                } else {
                    glossary.index.invalidate();
                }
                Ok(TermEdit::Insert(at, glossary.terms.remove(at)))
            }
            TermEdit::Insert(at, term) => {
                let term = term.normalized();
                check(&term)?;
                let id = term.id;
                if id.0 == 0 || id.0 > MAX_ID {
                    return Err(TermEditError::BadId(id));
                }
                glossary.next_id = glossary.next_id.max(id.0 + 1);
                let at = at.min(glossary.terms.len());
                glossary.terms.insert(at, term);
                if at + 1 == glossary.terms.len() {
                    glossary.index.insert(id, at);
                } else {
                    glossary.index.invalidate();
                }
                Ok(TermEdit::Remove(id))
            }
        }
    }

    /// The term the edit is about.
    pub fn term_id(&self) -> TermId {
        match self {
            TermEdit::Add(term) | TermEdit::Update(term) | TermEdit::Insert(_, term) => term.id,
            TermEdit::Remove(id) => *id,
        }
    }
}

fn check(term: &Term) -> Result<(), TermEditError> {
    if term.source.trim().is_empty() || term.targets.iter().all(|t| t.trim().is_empty()) {
        Err(TermEditError::Empty)
    } else {
        Ok(())
    }
}

impl Glossary {
    pub fn new(name: impl Into<String>) -> Glossary {
        Glossary {
            name: name.into(),
            terms: Vec::new(),
            next_id: 1,
            index: IdIndex::default(),
        }
    }

    /// Builds a glossary from what a reader read: like [`Glossary::from_terms`], and terms
    /// whose German is longer than [`MAX_TERM_CHARS`] (no term is; such a field is a broken
    /// file) are left out with a diagnostic.
    pub fn from_read_terms(
        name: impl Into<String>,
        terms: Vec<Term>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Glossary {
        let mut kept = Vec::with_capacity(terms.len());
        let mut skipped = 0usize;
        for term in terms {
            if term.source.chars().nth(MAX_TERM_CHARS).is_some() {
                if skipped < 10 {
                    diagnostics.push(Diagnostic::warning(format!(
                        "a term of more than {MAX_TERM_CHARS} characters (“{}”) is not a term; skipped",
                        crate::base::excerpt(&term.source, 40)
                    )));
                }
                skipped += 1;
            } else {
                kept.push(term);
            }
        }
        if skipped > 10 {
            diagnostics.push(Diagnostic::warning(format!(
                "{} more over-long terms skipped",
                skipped - 10
            )));
        }
        Glossary::from_terms(name, kept)
    }

    /// Builds a glossary from terms, normalised and numbered 1, 2, …; terms that are empty
    /// once normalised are left out.
    pub fn from_terms(name: impl Into<String>, terms: Vec<Term>) -> Glossary {
        let mut glossary = Glossary::new(name);
        for term in terms {
            let mut term = term.normalized();
            if check(&term).is_err() {
                continue;
            }
            term.id = TermId(glossary.terms.len() as u64 + 1);
            glossary.terms.push(term);
        }
        glossary.next_id = glossary.terms.len() as u64 + 1;
        glossary
    }

    pub fn term(&self, id: TermId) -> Option<&Term> {
        self.position(id).map(|at| &self.terms[at])
    }

    /// Where term `id` is: a hash lookup. (Terms are a public list, so an id the index does
    /// not know is looked for in the list before it is declared absent.)
    fn position(&self, id: TermId) -> Option<usize> {
        let terms = &self.terms;
        self.index.get(
            id,
            false,
            |at| terms.get(at).is_some_and(|t| t.id == id),
            || terms.iter().enumerate().map(|(i, t)| (t.id, i)).collect(),
        )
    }

    fn allocate_id(&mut self) -> Result<TermId, TermEditError> {
        let id = self.next_id.max(1);
        if id > MAX_ID {
            return Err(TermEditError::IdsExhausted);
        }
        self.next_id = id + 1;
        Ok(TermId(id))
    }

    /// Makes the ids usable after reading a hand-edited or damaged file: every id unique,
    /// between 1 and [`MAX_ID`], and below `next_id`. Terms with a missing, duplicate or
    /// out-of-range id get a fresh one; returns what was repaired, for the translator.
    pub fn repair_ids(&mut self) -> Vec<String> {
        let items = self
            .terms
            .iter_mut()
            .map(|t| crate::base::Numbered {
                name: format!("glossary term “{}”", crate::base::excerpt(&t.source, 40)),
                id: &mut t.id.0,
            })
            .collect();
        let (next, notes) =
            crate::base::repair_ids(items, self.next_id, "the glossary's next term id");
        self.next_id = next;
        self.index.invalidate();
        notes
    }
}

/// The glossary file formats Tandem reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// OmegaT's tab-separated glossary (`source<TAB>target<TAB>comment`), with Tandem's
    /// optional kind and forms columns.
    Tsv,
    Csv,
    Tbx,
}

impl Format {
    /// The format for a file name, by extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "tsv" | "tab" | "txt" | "utf8" => Format::Tsv,
            "csv" => Format::Csv,
            "tbx" | "xml" => Format::Tbx,
            _ => return None,
        })
    }

    /// The format of a glossary file's bytes: TBX by its XML root whatever the extension,
    /// else the extension, else tabs (TSV) or commas (CSV) in the first line. Files of other
    /// kinds (an XLIFF file, a Word document) are refused by name.
    pub fn detect(bytes: &[u8], path: &Path) -> Result<Format, GlossaryError> {
        match sniff::sniff(bytes) {
            sniff::Sniffed::Xml { root } if root == "martif" || root == "tbx" => Ok(Format::Tbx),
            sniff::Sniffed::Text | sniff::Sniffed::Empty => match Format::from_path(path) {
                Some(Format::Tbx) | None => {
                    let head = &bytes[..bytes.len().min(4096)];
                    let first_line = head.split(|&b| b == b'\n').find(|l| {
                        let l = String::from_utf8_lossy(l);
                        !l.trim().is_empty() && !l.trim_start().starts_with('#')
                    });
                    let tabs = first_line.is_some_and(|l| l.contains(&b'\t'));
                    if tabs || memchr::memchr(b',', head).is_none() {
                        Ok(Format::Tsv)
                    } else {
                        Ok(Format::Csv)
                    }
                }
                Some(format) => Ok(format),
            },
            other => Err(GlossaryError::Other(format!(
                "this is {}, not a glossary (TSV, CSV or TBX)",
                other.describe()
            ))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Tsv => "TSV",
            Format::Csv => "CSV",
            Format::Tbx => "TBX",
        }
    }
}

#[derive(Debug, Error)]
pub enum GlossaryError {
    #[error(transparent)]
    Decode(#[from] crate::base::decode::DecodeError),
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("not a readable TBX file: {0}")]
    Xml(#[from] crate::base::xml::XmlError),
    #[error("{0}")]
    Other(String),
}

/// The longest German term a glossary file may hold, in characters.
pub const MAX_TERM_CHARS: usize = 1_000;

/// A glossary read from a file, with what the reader had to say about lines or entries it
/// skipped or guessed.
#[derive(Debug)]
pub struct Read {
    pub glossary: Glossary,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a glossary file's bytes in `format`; `name` names the glossary.
pub fn read(bytes: &[u8], format: Format, name: &str) -> Result<Read, GlossaryError> {
    match format {
        Format::Tsv => tsv::read(bytes, name),
        Format::Csv => csv::read(bytes, name),
        Format::Tbx => tbx::read(bytes, name, "de", "en"),
    }
}

/// Writes a glossary in `format`.
pub fn write(glossary: &Glossary, format: Format) -> Result<Vec<u8>, GlossaryError> {
    match format {
        Format::Tsv => Ok(tsv::write(glossary).into_bytes()),
        Format::Csv => csv::write(glossary),
        Format::Tbx => Ok(tbx::write(glossary, "de", "en").into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_edits_invert() {
        let mut glossary = Glossary::from_terms("g", vec![Term::new("Kiew", "Kyiv", Kind::Place)]);
        let before = glossary.clone();
        let undo_add = TermEdit::Add(Term::new("Moskau", "Moscow", Kind::Place))
            .apply(&mut glossary)
            .unwrap();
        assert_eq!(glossary.terms.len(), 2);
        let mut changed = glossary.terms[0].clone();
        changed.targets = vec!["Kyiv".into(), "Kiev".into()];
        let undo_update = TermEdit::Update(changed).apply(&mut glossary).unwrap();
        let undo_remove = TermEdit::Remove(TermId(1)).apply(&mut glossary).unwrap();
        assert!(glossary.term(TermId(1)).is_none());
        undo_remove.apply(&mut glossary).unwrap();
        undo_update.apply(&mut glossary).unwrap();
        undo_add.apply(&mut glossary).unwrap();
        assert_eq!(glossary.terms, before.terms);
    }

    #[test]
    fn terms_are_normalised_on_the_way_in() {
        let mut term = Term::new("  Kiew\r\n", " Kyiv ", Kind::Place);
        term.targets
            .extend(["Kyiv".into(), "".into(), "Kiev\u{1}".into()]);
        term.forms = vec!["Kiews, Kiewer ".into(), "Kiews".into()];
        let term = term.normalized();
        assert_eq!(term.source, "Kiew");
        assert_eq!(term.targets, ["Kyiv", "Kiev"]);
        assert_eq!(term.forms, ["Kiews", "Kiewer"]);
    }

    #[test]
    fn ids_are_repaired_with_notes() {
        let mut glossary = Glossary::from_terms(
            "g",
            vec![
                Term::new("a", "a", Kind::Other),
                Term::new("b", "b", Kind::Other),
                Term::new("c", "c", Kind::Other),
            ],
        );
        glossary.terms[1].id = TermId(1);
        glossary.terms[2].id = TermId(u64::MAX);
        glossary.next_id = 0;
        let notes = glossary.repair_ids();
        assert_eq!(notes.len(), 2, "{notes:?}");
        let ids: Vec<u64> = glossary.terms.iter().map(|t| t.id.0).collect();
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(glossary.next_id, 4);
        assert!(glossary.repair_ids().is_empty());
        // Adding after a repair never reuses an id.
        TermEdit::Add(Term::new("d", "d", Kind::Other))
            .apply(&mut glossary)
            .unwrap();
        assert_eq!(glossary.terms[3].id, TermId(4));
    }

    #[test]
    fn empty_terms_are_refused() {
        let mut glossary = Glossary::new("g");
        let error = TermEdit::Add(Term::new(" ", "x", Kind::Other)).apply(&mut glossary);
        assert_eq!(error, Err(TermEditError::Empty));
        assert_eq!(
            TermEdit::Remove(TermId(5)).apply(&mut glossary),
            Err(TermEditError::NoSuchTerm(TermId(5)))
        );
    }
}
