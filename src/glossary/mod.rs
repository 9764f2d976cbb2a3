//! Terminology: glossaries of German terms with their English renderings, the formats they are
//! read from and written to, and the [`Matcher`] that finds them in German text, inflected and
//! compounded.
//!
//! A [`Glossary`] is a list of [`Term`]s with stable [`TermId`]s; changes to it are
//! [`TermEdit`] values whose application returns the inverse, like project edits.

pub mod csv;
pub mod defaults;
mod matcher;
mod project;
pub mod tbx;
pub mod tsv;

pub use matcher::{Hit, Matcher, Reason};
pub use project::{Source, Terminology};

use serde::{Deserialize, Serialize};
use std::path::Path;
use thiserror::Error;

/// Stable identity of a term within its glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TermId(pub u64);

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
        }
    }

    /// The preferred English rendering.
    pub fn target(&self) -> &str {
        self.targets.first().map_or("", String::as_str)
    }
}

/// A named list of terms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    pub name: String,
    pub terms: Vec<Term>,
    #[serde(default)]
    pub next_id: u64,
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
    #[error("the glossary has no term {0:?}")]
    NoSuchTerm(TermId),
    #[error("a term needs a German source and at least one English rendering")]
    Empty,
}

impl TermEdit {
    pub fn apply(self, glossary: &mut Glossary) -> Result<TermEdit, TermEditError> {
        match self {
            TermEdit::Add(mut term) => {
                check(&term)?;
                if term.id.0 == 0 || glossary.position(term.id).is_some() {
                    term.id = glossary.allocate_id();
                } else {
                    glossary.next_id = glossary.next_id.max(term.id.0 + 1);
                }
                let id = term.id;
                glossary.terms.push(term);
                Ok(TermEdit::Remove(id))
            }
            TermEdit::Update(term) => {
                check(&term)?;
                let at = glossary
                    .position(term.id)
                    .ok_or(TermEditError::NoSuchTerm(term.id))?;
                let old = std::mem::replace(&mut glossary.terms[at], term);
                Ok(TermEdit::Update(old))
            }
            TermEdit::Remove(id) => {
                let at = glossary.position(id).ok_or(TermEditError::NoSuchTerm(id))?;
                Ok(TermEdit::Insert(at, glossary.terms.remove(at)))
            }
            TermEdit::Insert(at, term) => {
                check(&term)?;
                let id = term.id;
                glossary.next_id = glossary.next_id.max(id.0 + 1);
                glossary.terms.insert(at.min(glossary.terms.len()), term);
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
        }
    }

    /// Builds a glossary from terms, numbering them 1, 2, …
    pub fn from_terms(name: impl Into<String>, terms: Vec<Term>) -> Glossary {
        let mut glossary = Glossary::new(name);
        for mut term in terms {
            term.id = glossary.allocate_id();
            glossary.terms.push(term);
        }
        glossary
    }

    pub fn term(&self, id: TermId) -> Option<&Term> {
        self.position(id).map(|at| &self.terms[at])
    }

    fn position(&self, id: TermId) -> Option<usize> {
        self.terms.iter().position(|t| t.id == id)
    }

    fn allocate_id(&mut self) -> TermId {
        let id = TermId(self.next_id.max(1));
        self.next_id = id.0 + 1;
        id
    }

    /// Makes sure `next_id` is above every id in use (after reading a hand-edited file).
    pub fn repair_next_id(&mut self) {
        let highest = self.terms.iter().map(|t| t.id.0).max().unwrap_or(0);
        self.next_id = self.next_id.max(highest + 1);
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
}

#[derive(Debug, Error)]
pub enum GlossaryError {
    #[error(transparent)]
    Decode(#[from] crate::formats::decode::DecodeError),
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("not a readable TBX file: {0}")]
    Xml(#[from] crate::formats::xml::XmlError),
    #[error("{0}")]
    Other(String),
}

/// A glossary read from a file, with warnings about lines or entries that were skipped.
#[derive(Debug)]
pub struct Read {
    pub glossary: Glossary,
    pub warnings: Vec<String>,
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
pub fn write(glossary: &Glossary, format: Format) -> String {
    match format {
        Format::Tsv => tsv::write(glossary),
        Format::Csv => csv::write(glossary),
        Format::Tbx => tbx::write(glossary, "de", "en"),
    }
}

/// Writes a glossary file atomically (temporary file, fsync, rename; the old file kept as
/// `.bak`).
pub fn save(glossary: &Glossary, path: &Path, format: Format) -> std::io::Result<()> {
    crate::project_file::write_atomic(path, write(glossary, format).as_bytes(), true)
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
