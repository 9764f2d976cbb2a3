//! Finding glossary terms in German text: inflected ("Russlands", "nordkoreanischen",
//! "Vereinten Nationen"), in hyphenated compounds ("NATO-Staaten", "F-16-Flugzeugen"), and, for
//! titles and common nouns, in closed compounds ("Staatschefs", "Präsidentenwahl",
//! "Bundespräsident").
//!
//! How: the text is lower-cased (with a map back to the original byte offsets) and searched
//! with one Aho-Corasick automaton per glossary for the stem of each term's first word; every
//! occurrence is then checked against the term's rules:
//!
//! - left of it: the start of a word; after a hyphen, a compound ("US-Präsident"); inside a
//!   word only for titles of at least eight letters and common nouns of at least six
//!   ("Bundespräsident", "Friedensverträge"; not "General" in "Generalprobe");
//! - right of it, what is left of the word must be an ending the term's [`Kind`] allows:
//!   names take a genitive -s/-es (and -n after -e: "Niederlanden"); titles and common nouns
//!   the noun endings -e, -en, -n, -er, -ern, -s, -es and the female -in, -innen; adjectives
//!   -e, -en, -er, -es, -em; acronyms -s; declared forms -n;
//! - or a hyphen (a compound: "Nordkorea-Reise"), or, for titles and common nouns, a linking
//!   element and at least four more letters ("Präsident|en|wahl") that do not begin with a
//!   derivational suffix ("Minister|ial|rat", "Präsident|schaft" are single words);
//! - the words of multi-word terms follow one another, each with its own endings; words before
//!   the last that look like adjectives inflect as adjectives ("Vereinte" → "Vereinten");
//! - terms written in capitals (NATO, USA) match only text in capitals.
//!
//! Limits: names never match inside closed compounds ("Rom" does not hit "Roman", and neither
//! does it hit "Romreise"); umlaut plurals and irregular forms must be declared on the term; a
//! title inside an unrelated longer word with four or more letters left over
//! that does not start with a known derivational suffix is reported as a compound part.
//!
//! Where matches overlap, the longest wins; for the same span, the closer match (exact before
//! inflection, declared form, compound part), then the earlier glossary (the project's own
//! first) gives the hit, and the others are kept as alternatives.

use super::{Glossary, Kind, Term, TermEdit, TermEditError, TermId};
use aho_corasick::AhoCorasick;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

/// Why a hit matched, for the translator to see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The term as written (case aside).
    Exact,
    /// The term with a German ending ("Russlands", "russischen").
    Inflection,
    /// A form declared on the term (an umlaut plural, an irregular form).
    DeclaredForm,
    /// Part of a compound ("NATO-Staaten", "Präsidentenwahl").
    CompoundPart,
}

impl Reason {
    pub fn explain(self) -> &'static str {
        match self {
            Reason::Exact => "exact match",
            Reason::Inflection => "inflected form",
            Reason::DeclaredForm => "declared form of the term",
            Reason::CompoundPart => "part of a compound",
        }
    }
}

/// One term found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the searched text.
    pub range: Range<usize>,
    pub term: Arc<Term>,
    /// Name of the glossary the term comes from.
    pub glossary: Arc<str>,
    pub reason: Reason,
    /// The same span matched in later glossaries, in precedence order.
    pub alternatives: Vec<Alternative>,
}

/// A term from a later glossary for the same span: (glossary name, term).
pub type Alternative = (Arc<str>, Arc<Term>);

/// Glossaries compiled for matching, in precedence order.
#[derive(Default)]
pub struct Matcher {
    sets: Vec<Set>,
}

/// One glossary: a compiled base, plus a small overlay for edits made since, so that an edit
/// never rebuilds a large automaton.
struct Set {
    name: Arc<str>,
    base: Compiled,
    /// Base terms edited or removed since the base was built.
    hidden: HashSet<TermId>,
    overlay_terms: Vec<Term>,
    overlay: Compiled,
}

#[derive(Default)]
struct Compiled {
    automaton: Option<AhoCorasick>,
    /// Pattern id → (term index, variant index).
    patterns: Vec<(u32, u32)>,
    terms: Vec<CompiledTerm>,
}

struct CompiledTerm {
    term: Arc<Term>,
    /// Variant 0 is the term itself; the others are its declared forms.
    variants: Vec<Vec<Word>>,
    capitals: bool,
    compounds: bool,
}

struct Word {
    stem: String,
    endings: Endings,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Endings {
    Name,
    NameAfterE,
    Acronym,
    Noun,
    Title,
    Adjective,
    Form,
    Fixed,
}

impl Endings {
    fn allows(self, rest: &str) -> bool {
        let list: &[&str] = match self {
            Endings::Name => &["", "s", "es"],
            Endings::NameAfterE => &["", "s", "n"],
            Endings::Acronym => &["", "s"],
            Endings::Noun => &["", "s", "es", "e", "en", "n", "er", "ern", "ns"],
            // No -e: "Premiere" is not a form of "Premier".
            Endings::Title => &["", "s", "es", "en", "n", "ns", "in", "innen"],
            Endings::Adjective => &["", "e", "en", "er", "es", "em"],
            Endings::Form => &["", "n"],
            Endings::Fixed => &[""],
        };
        list.contains(&rest)
    }
}

/// Lower-cases `text`; `map[i]` is the byte offset in `text` of normalised byte `i`
/// (with one extra entry for the end).
fn normalize(text: &str) -> (String, Vec<usize>) {
    let mut norm = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let before = norm.len();
        if c.is_ascii() {
            norm.push(c.to_ascii_lowercase());
        } else {
            norm.extend(c.to_lowercase());
        }
        map.extend(std::iter::repeat_n(at, norm.len() - before));
    }
    map.push(text.len());
    (norm, map)
}

fn lower(text: &str) -> String {
    normalize(text).0
}

fn is_capitals(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

fn compile_term(term: Arc<Term>) -> Option<CompiledTerm> {
    let words: Vec<&str> = term.source.split_whitespace().collect();
    let capitals = words.len() == 1 && is_capitals(words[0]) && words[0].chars().count() >= 2;
    let mut variant = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let lowered = lower(word);
        let word = if last {
            let endings = if capitals {
                Endings::Acronym
            } else {
                match term.kind {
                    Kind::Person | Kind::Place | Kind::Organisation if lowered.ends_with('e') => {
                        Endings::NameAfterE
                    }
                    Kind::Person | Kind::Place | Kind::Organisation => Endings::Name,
                    Kind::Title => Endings::Title,
                    Kind::Adjective => Endings::Adjective,
                    Kind::Other => Endings::Noun,
                }
            };
            Word {
                stem: lowered,
                endings,
            }
        } else {
            adjective_like(&lowered, term.kind).unwrap_or(Word {
                stem: lowered,
                endings: Endings::Fixed,
            })
        };
        variant.push(word);
    }
    if variant.first().is_none_or(|w| w.stem.is_empty()) {
        return None;
    }
    // Short titles start many unrelated words ("General|probe", "General|direktor"); the
    // limits come from reviewing the hits in the news corpus.
    let min_letters = match term.kind {
        Kind::Title => 8,
        _ => 6,
    };
    let compounds = matches!(term.kind, Kind::Title | Kind::Other)
        && !capitals
        && variant.len() == 1
        && variant[0].stem.chars().count() >= min_letters;
    let mut variants = vec![variant];
    for form in &term.forms {
        let words: Vec<Word> = form
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| Word {
                stem: lower(w),
                endings: if i + 1 == form.split_whitespace().count() {
                    Endings::Form
                } else {
                    Endings::Fixed
                },
            })
            .collect();
        if !words.is_empty() {
            variants.push(words);
        }
    }
    Some(CompiledTerm {
        term,
        variants,
        capitals,
        compounds,
    })
}

/// A word before the last of a multi-word name that inflects like an adjective
/// ("Vereinte", "Europäische", "Naher"): its stem, with adjective endings.
fn adjective_like(word: &str, kind: Kind) -> Option<Word> {
    if kind == Kind::Person || word.chars().count() < 4 {
        return None;
    }
    ["en", "er", "es", "em", "e"].iter().find_map(|ending| {
        let stem = word.strip_suffix(ending)?;
        Some(Word {
            stem: stem.to_string(),
            endings: Endings::Adjective,
        })
    })
}

impl Compiled {
    fn build(terms: impl IntoIterator<Item = Arc<Term>>) -> Compiled {
        let terms: Vec<CompiledTerm> = terms.into_iter().filter_map(compile_term).collect();
        let mut patterns = Vec::new();
        let mut keys: Vec<&str> = Vec::new();
        for (t, term) in terms.iter().enumerate() {
            for (v, variant) in term.variants.iter().enumerate() {
                keys.push(&variant[0].stem);
                patterns.push((t as u32, v as u32));
            }
        }
        let automaton = if keys.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(&keys).expect("glossary patterns fit an automaton"))
        };
        Compiled {
            automaton,
            patterns,
            terms,
        }
    }
}

/// A match before overlaps are resolved (offsets in the normalised text).
struct Candidate {
    start: usize,
    end: usize,
    set: usize,
    term: Arc<Term>,
    reason: Reason,
}

impl Matcher {
    pub fn new() -> Matcher {
        Matcher::default()
    }

    /// Adds a glossary after the ones already added (lower precedence).
    pub fn push(&mut self, glossary: &Glossary) {
        let terms = glossary.terms.iter().cloned().map(Arc::new);
        self.sets.push(Set {
            name: Arc::from(glossary.name.as_str()),
            base: Compiled::build(terms),
            hidden: HashSet::new(),
            overlay_terms: Vec::new(),
            overlay: Compiled::default(),
        });
    }

    /// Builds a matcher over glossaries in precedence order.
    pub fn from_glossaries<'g>(glossaries: impl IntoIterator<Item = &'g Glossary>) -> Matcher {
        let mut matcher = Matcher::new();
        for glossary in glossaries {
            matcher.push(glossary);
        }
        matcher
    }

    pub fn glossary_count(&self) -> usize {
        self.sets.len()
    }

    /// Applies an edit to glossary number `set` (as passed to [`Matcher::push`]) and to
    /// `glossary`, its data; matching sees the change at once. Only the edited glossary's small
    /// overlay is rebuilt; returns the inverse edit.
    pub fn edit(
        &mut self,
        set: usize,
        glossary: &mut Glossary,
        edit: TermEdit,
    ) -> Result<TermEdit, TermEditError> {
        let inverse = edit.apply(glossary)?;
        self.refresh(set, glossary, inverse.term_id());
        Ok(inverse)
    }

    /// Makes matching see the current state of term `id` of glossary `set` (after an edit made
    /// elsewhere, e.g. an undo of a project edit).
    pub fn refresh(&mut self, set: usize, glossary: &Glossary, id: TermId) {
        let set = &mut self.sets[set];
        set.hidden.insert(id);
        set.overlay_terms.retain(|t| t.id != id);
        if let Some(term) = glossary.term(id) {
            set.overlay_terms.push(term.clone());
        }
        set.overlay = Compiled::build(set.overlay_terms.iter().cloned().map(Arc::new));
    }

    /// Rebuilds glossary `set` from `glossary` in full, folding its overlay into the base.
    pub fn rebuild(&mut self, set: usize, glossary: &Glossary) {
        let terms = glossary.terms.iter().cloned().map(Arc::new);
        let set = &mut self.sets[set];
        set.name = Arc::from(glossary.name.as_str());
        set.base = Compiled::build(terms);
        set.hidden.clear();
        set.overlay_terms.clear();
        set.overlay = Compiled::default();
    }

    /// The terms found in `text`, in text order, without overlaps.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let (norm, map) = normalize(text);
        let mut candidates = Vec::new();
        for (s, set) in self.sets.iter().enumerate() {
            set.base
                .candidates(&norm, text, &map, s, Some(&set.hidden), &mut candidates);
            set.overlay
                .candidates(&norm, text, &map, s, None, &mut candidates);
        }
        resolve(candidates, &self.sets, &map)
    }
}

impl Compiled {
    fn candidates(
        &self,
        norm: &str,
        text: &str,
        map: &[usize],
        set: usize,
        hidden: Option<&HashSet<TermId>>,
        out: &mut Vec<Candidate>,
    ) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        for m in automaton.find_overlapping_iter(norm) {
            let (t, v) = self.patterns[m.pattern().as_usize()];
            let term = &self.terms[t as usize];
            if hidden.is_some_and(|h| !h.is_empty() && h.contains(&term.term.id)) {
                continue;
            }
            if let Some((end, reason)) = term.check(norm, text, map, m.start(), m.end(), v as usize)
            {
                out.push(Candidate {
                    start: m.start(),
                    end,
                    set,
                    term: term.term.clone(),
                    reason,
                });
            }
        }
    }
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Linking elements between the parts of a closed compound ("Präsident|en|wahl").
const LINKS: [&str; 8] = ["ens", "en", "es", "er", "ns", "e", "n", "s"];

/// Suffixes that continue a word rather than start a second one.
const DERIVATIONS: [&str; 17] = [
    "ial", "ium", "ien", "isch", "iell", "ell", "ität", "lich", "ung", "schaft", "tum", "heit",
    "keit", "ismus", "ist", "ik", "ie",
];

impl CompiledTerm {
    /// Checks an occurrence of the first stem at `start..stem_end`; returns where the match ends
    /// and why it matched.
    fn check(
        &self,
        norm: &str,
        text: &str,
        map: &[usize],
        start: usize,
        stem_end: usize,
        variant: usize,
    ) -> Option<(usize, Reason)> {
        let form = variant > 0;
        let words = &self.variants[variant];
        let mut compound = false;
        match char_before(norm, start) {
            Some(c) if c.is_alphanumeric() => {
                if !self.compounds {
                    return None;
                }
                compound = true;
            }
            Some('-') => {
                compound = char_before(norm, start - 1).is_some_and(char::is_alphanumeric);
            }
            _ => {}
        }
        if self.capitals && !is_capitals(&text[map[start]..map[stem_end]]) {
            return None;
        }
        let mut inflected = false;
        let mut at = stem_end;
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                let gap = norm[at..].len() - norm[at..].trim_start().len();
                if gap == 0 || !norm[at + gap..].starts_with(&word.stem) {
                    return None;
                }
                at += gap + word.stem.len();
            }
            let rest_len = norm[at..]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(norm.len() - at);
            let rest = &norm[at..at + rest_len];
            if word.endings.allows(rest) {
                inflected |= !rest.is_empty();
                at += rest_len;
                continue;
            }
            let last = i + 1 == words.len();
            if !(last && self.compounds && !form) {
                return None;
            }
            // A closed compound with the term in front: a linking element, then a word.
            let link = LINKS
                .iter()
                .copied()
                .chain(std::iter::once(""))
                .find(|link| rest.starts_with(link) && rest[link.len()..].chars().count() >= 4)?;
            let head = &rest[link.len()..];
            if DERIVATIONS
                .iter()
                .any(|d| rest.starts_with(d) || head.starts_with(d))
            {
                return None; // "Minister|ialrat", "Präsident|schaft": one word, not a compound
            }
            compound = true;
            at += link.len();
            break;
        }
        if norm[at..].starts_with('-') && char_at(norm, at + 1).is_some_and(char::is_alphanumeric) {
            compound = true;
        }
        let reason = if compound {
            Reason::CompoundPart
        } else if form {
            Reason::DeclaredForm
        } else if inflected {
            Reason::Inflection
        } else {
            Reason::Exact
        };
        Some((at, reason))
    }
}

fn resolve(mut candidates: Vec<Candidate>, sets: &[Set], map: &[usize]) -> Vec<Hit> {
    // Longest first; for equal spans the closer match ("Polen" the country before "Polen"
    // the plural of "Pole"; "deutscher" the adjective before the declared noun form), then
    // the earlier glossary.
    let rank = |reason: Reason| match reason {
        Reason::Exact => 0,
        Reason::Inflection => 1,
        Reason::DeclaredForm => 2,
        Reason::CompoundPart => 3,
    };
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
            .then(rank(a.reason).cmp(&rank(b.reason)))
            .then(a.set.cmp(&b.set))
    });
    let mut accepted: Vec<(Candidate, Vec<Alternative>)> = Vec::new();
    for candidate in candidates {
        if let Some((first, alternatives)) = accepted
            .iter_mut()
            .find(|(a, _)| a.start == candidate.start && a.end == candidate.end)
        {
            let duplicate = Arc::ptr_eq(&first.term, &candidate.term)
                || alternatives
                    .iter()
                    .any(|(_, t)| Arc::ptr_eq(t, &candidate.term));
            if !duplicate {
                alternatives.push((sets[candidate.set].name.clone(), candidate.term));
            }
            continue;
        }
        let overlaps = accepted
            .iter()
            .any(|(a, _)| candidate.start < a.end && a.start < candidate.end);
        if !overlaps {
            accepted.push((candidate, Vec::new()));
        }
    }
    accepted.sort_by_key(|(c, _)| c.start);
    accepted
        .into_iter()
        .map(|(c, alternatives)| Hit {
            range: map[c.start]..map[c.end],
            glossary: sets[c.set].name.clone(),
            term: c.term,
            reason: c.reason,
            alternatives,
        })
        .collect()
}
