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
//! - terms written in capitals (NATO, USA) match only text in capitals;
//! - "ß" and Swiss "ss" are the same letters ("Weisses Haus" hits "Weißes Haus").
//!
//! Limits: names never match inside closed compounds ("Rom" does not hit "Roman", and neither
//! does it hit "Romreise"); umlaut plurals and irregular forms must be declared on the term; a
//! title inside an unrelated longer word with four or more letters left over
//! that does not start with a known derivational suffix is reported as a compound part.
//!
//! Where matches overlap, the longest wins; for the same span, the closer match (exact before
//! inflection, declared form, compound part), then the earlier glossary (the project's own
//! first) gives the hit, and the others are kept as alternatives.
//!
//! Cost: near-linear in the text and the number of occurrences, also on hostile text (a
//! megabyte-long word made of one term, hundreds of thousands of hits in one segment): the end
//! of the word around an occurrence is found once per word, not once per occurrence, and
//! overlaps are resolved with an ordered map instead of comparing every pair.

use super::{Glossary, Kind, Term, TermEdit, TermEditError, TermId, compass};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// Which glossary of a [`Matcher`] (and of the terminology that owns it) a term or hit
/// belongs to. Ids are never reused while the matcher lives, so a recorded edit keeps naming
/// the right glossary when others are attached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GlossaryId(pub u32);

impl GlossaryId {
    /// The project's own glossary.
    pub const PROJECT: GlossaryId = GlossaryId(0);
}

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
    /// Which glossary that is.
    pub glossary_id: GlossaryId,
    pub reason: Reason,
    /// The same span matched in later glossaries, in precedence order.
    pub alternatives: Vec<Alternative>,
}

/// A term from a later glossary for the same span: (glossary name, glossary, term).
pub type Alternative = (Arc<str>, GlossaryId, Arc<Term>);

/// Glossaries compiled for matching, in precedence order.
#[derive(Default)]
pub struct Matcher {
    sets: Vec<Set>,
}

/// Edits folded into an overlay before the glossary's automaton is rebuilt in full.
const MAX_OVERLAY: usize = 2_000;

/// One glossary: a compiled base, plus a small overlay for edits made since, so that an edit
/// never rebuilds a large automaton.
struct Set {
    id: GlossaryId,
    /// A disabled set (a glossary detached from the project) finds nothing.
    enabled: bool,
    name: Arc<str>,
    base: Compiled,
    /// Base terms edited or removed since the base was built.
    hidden: HashSet<TermId>,
    overlay_terms: Vec<Term>,
    overlay: Compiled,
}

#[derive(Default)]
struct Compiled {
    /// Automata over the stems, each for at most [`PATTERNS_PER_AUTOMATON`] patterns, with
    /// the index of its first pattern in `patterns`.
    automata: Vec<(AhoCorasick, usize)>,
    /// Pattern index → (term index, variant index).
    patterns: Vec<(u32, u32)>,
    terms: Vec<CompiledTerm>,
}

/// Patterns per automaton. Building one automaton is quadratic in its match states in the
/// worst case (aho-corasick 1.1 remaps long swap chains: 200,000 stems sharing a prefix take
/// 12 s, in pieces of 20,000 a quarter of a second); a glossary larger than this is searched
/// in a few passes instead.
const PATTERNS_PER_AUTOMATON: usize = 50_000;

struct CompiledTerm {
    term: Arc<Term>,
    /// Variant 0 is the term itself; the others are its declared forms.
    variants: Vec<Vec<Word>>,
    capitals: bool,
    compounds: bool,
    /// A long place name may open a closed compound ("Mittelmeer|raum", "Russland|politik"),
    /// never end one ("Ost|europa" is not Europe).
    leading_compounds: bool,
    /// A country or adjective that may follow a compass prefix ("Ost|ukraine"), in a glossary
    /// that allows it.
    takes_compass: bool,
    /// A name written with capitals ("Die Linke", "Grüne"): outside compounds, each of its
    /// capitalised words must be capitalised in the text too ("die linke Seite" is no party).
    name_case: bool,
}

struct Word {
    stem: String,
    endings: Endings,
    /// Written with a capital initial in the glossary.
    capital: bool,
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

/// Lower-cases `text` and writes "ß" as "ss"; `map[i]` is the byte offset in `text` of
/// normalised byte `i` (with one extra entry for the end).
fn normalize(text: &str) -> (String, Vec<usize>) {
    let mut norm = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let before = norm.len();
        if c.is_ascii() {
            norm.push(c.to_ascii_lowercase());
        } else if c == 'ß' || c == 'ẞ' {
            // Swiss spelling writes "ss" for "ß" ("Weisses Haus", "Strasse").
            norm.push_str("ss");
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

/// "Nato": a capital, then lower case only.
fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

fn compile_term(term: Arc<Term>) -> Option<CompiledTerm> {
    let words: Vec<&str> = term.source.split_whitespace().collect();
    let capitals = words.len() == 1 && is_capitals(words[0]) && words[0].chars().count() >= 2;
    let mut variant = Vec::with_capacity(words.len());
    for (i, written) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let lowered = lower(written);
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
                capital: false,
            }
        } else {
            adjective_like(&lowered, term.kind).unwrap_or(Word {
                stem: lowered,
                endings: Endings::Fixed,
                capital: false,
            })
        };
        let capital = written.starts_with(char::is_uppercase);
        variant.push(Word { capital, ..word });
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
                capital: w.starts_with(char::is_uppercase),
            })
            .collect();
        if !words.is_empty() {
            variants.push(words);
        }
    }
    let leading_compounds = term.kind == Kind::Place
        && !capitals
        && variants[0].len() == 1
        && variants[0][0].stem.chars().count() >= 6;
    let name_case = matches!(term.kind, Kind::Person | Kind::Place | Kind::Organisation)
        && !capitals
        && term.source.starts_with(char::is_uppercase);
    let takes_compass = (term.kind == Kind::Place && name_case || term.kind == Kind::Adjective)
        && !compass::starts_with_compass(&term.source);
    Some(CompiledTerm {
        term,
        variants,
        capitals,
        compounds,
        leading_compounds,
        takes_compass,
        name_case,
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
            capital: false,
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
        let automata = keys
            .chunks(PATTERNS_PER_AUTOMATON)
            .enumerate()
            .filter_map(|(i, chunk)| {
                // A DFA is fastest for small sets but costs time and memory in proportion to
                // states × alphabet: past a few hundred kilobytes of patterns, an NFA.
                let bytes: usize = chunk.iter().map(|k| k.len()).sum();
                let kind = (bytes > 256 * 1024).then_some(AhoCorasickKind::ContiguousNFA);
                // Building fails only past 2^31 states; input size limits keep far below.
                AhoCorasick::builder()
                    .kind(kind)
                    .build(chunk)
                    .ok()
                    .map(|a| (a, i * PATTERNS_PER_AUTOMATON))
            })
            .collect();
        Compiled {
            automata,
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

    /// Adds a glossary after the ones already added (lower precedence). An id already in the
    /// matcher is replaced in place instead.
    pub fn push(&mut self, id: GlossaryId, glossary: &Glossary) {
        let terms = glossary.terms.iter().cloned().map(Arc::new);
        let set = Set {
            id,
            enabled: true,
            name: Arc::from(glossary.name.as_str()),
            base: Compiled::build(terms),
            hidden: HashSet::new(),
            overlay_terms: Vec::new(),
            overlay: Compiled::default(),
        };
        match self.sets.iter_mut().find(|s| s.id == id) {
            Some(existing) => *existing = set,
            None => self.sets.push(set),
        }
    }

    /// Builds a matcher over glossaries in precedence order, numbered 0, 1, 2, …
    pub fn from_glossaries<'g>(glossaries: impl IntoIterator<Item = &'g Glossary>) -> Matcher {
        let mut matcher = Matcher::new();
        for (i, glossary) in glossaries.into_iter().enumerate() {
            matcher.push(GlossaryId(i as u32), glossary);
        }
        matcher
    }

    pub fn glossary_count(&self) -> usize {
        self.sets.len()
    }

    /// Puts the glossaries in this order of precedence; ids not named keep their relative
    /// order after the named ones.
    pub fn set_order(&mut self, order: &[GlossaryId]) {
        let rank = |id: GlossaryId| order.iter().position(|o| *o == id).unwrap_or(usize::MAX);
        self.sets.sort_by_key(|s| rank(s.id));
    }

    fn set_mut(&mut self, id: GlossaryId) -> Option<&mut Set> {
        self.sets.iter_mut().find(|s| s.id == id)
    }

    /// Turns a glossary's matching off (detached) or on again, keeping it compiled.
    pub fn set_enabled(&mut self, id: GlossaryId, enabled: bool) {
        if let Some(set) = self.set_mut(id) {
            set.enabled = enabled;
        }
    }

    /// Applies an edit to glossary `id` and to `glossary`, its data; matching sees the change
    /// at once. Only the edited glossary's small overlay is rebuilt; returns the inverse edit.
    pub fn edit(
        &mut self,
        id: GlossaryId,
        glossary: &mut Glossary,
        edit: TermEdit,
    ) -> Result<TermEdit, TermEditError> {
        let inverse = edit.apply(glossary)?;
        self.refresh(id, glossary, &[inverse.term_id()]);
        Ok(inverse)
    }

    /// Makes matching see the current state of terms `ids` of glossary `id` (after edits
    /// made elsewhere, e.g. an undo of a project edit). Many changed terms rebuild the
    /// glossary once instead of growing the overlay.
    pub fn refresh(&mut self, id: GlossaryId, glossary: &Glossary, ids: &[TermId]) {
        let Some(set) = self.set_mut(id) else { return };
        if set.overlay_terms.len() + ids.len() > MAX_OVERLAY {
            self.rebuild(id, glossary);
            return;
        }
        let changed: HashSet<TermId> = ids.iter().copied().collect();
        set.hidden.extend(changed.iter().copied());
        set.overlay_terms.retain(|t| !changed.contains(&t.id));
        let index: HashMap<TermId, &Term> = if changed.len() > 8 {
            glossary.terms.iter().map(|t| (t.id, t)).collect()
        } else {
            HashMap::new()
        };
        for term_id in &changed {
            let term = if index.is_empty() {
                glossary.term(*term_id)
            } else {
                index.get(term_id).copied()
            };
            if let Some(term) = term {
                set.overlay_terms.push(term.clone());
            }
        }
        set.overlay = Compiled::build(set.overlay_terms.iter().cloned().map(Arc::new));
    }

    /// Rebuilds glossary `id` from `glossary` in full, folding its overlay into the base.
    pub fn rebuild(&mut self, id: GlossaryId, glossary: &Glossary) {
        let terms = glossary.terms.iter().cloned().map(Arc::new);
        let Some(set) = self.set_mut(id) else { return };
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
        let mut words = WordEnds::default();
        for (s, set) in self.sets.iter().enumerate() {
            if !set.enabled {
                continue;
            }
            let hidden = Some(&set.hidden);
            let scan = Scan {
                norm: &norm,
                text,
                map: &map,
                set: s,
                compass: compass::COMPASS_GLOSSARIES.contains(&&*set.name),
            };
            set.base
                .candidates(&scan, hidden, &mut words, &mut candidates);
            set.overlay
                .candidates(&scan, None, &mut words, &mut candidates);
        }
        resolve(candidates, &self.sets, &map)
    }
}

/// What one search looks at.
struct Scan<'a> {
    norm: &'a str,
    text: &'a str,
    map: &'a [usize],
    set: usize,
    /// Countries of this glossary also match after a compass prefix ("Ostukraine").
    compass: bool,
}

/// Remembers the last word end found, so that the many occurrences inside one long word
/// ("PräsidentPräsidentPräsident…") do not each scan to its end.
#[derive(Default)]
struct WordEnds {
    /// Every byte in `from..end` is alphanumeric and `end` is the word's end.
    from: usize,
    end: usize,
}

impl WordEnds {
    /// The end of the run of alphanumeric characters that starts at or continues through `at`.
    fn end(&mut self, norm: &str, at: usize) -> usize {
        if self.from <= at && at <= self.end && self.end > 0 {
            return self.end;
        }
        let end = at
            + norm[at..]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(norm.len() - at);
        self.from = at;
        self.end = end;
        end
    }
}

impl Compiled {
    fn candidates(
        &self,
        scan: &Scan,
        hidden: Option<&HashSet<TermId>>,
        words: &mut WordEnds,
        out: &mut Vec<Candidate>,
    ) {
        for (automaton, offset) in &self.automata {
            self.candidates_of(automaton, *offset, scan, hidden, words, out);
        }
    }

    fn candidates_of(
        &self,
        automaton: &AhoCorasick,
        offset: usize,
        scan: &Scan,
        hidden: Option<&HashSet<TermId>>,
        words: &mut WordEnds,
        out: &mut Vec<Candidate>,
    ) {
        for m in automaton.find_overlapping_iter(scan.norm) {
            let (t, v) = self.patterns[offset + m.pattern().as_usize()];
            let term = &self.terms[t as usize];
            if hidden.is_some_and(|h| !h.is_empty() && h.contains(&term.term.id)) {
                continue;
            }
            if let Some((end, reason)) =
                term.check(scan, words, m.start(), m.end(), v as usize, false)
            {
                out.push(Candidate {
                    start: m.start(),
                    end,
                    set: scan.set,
                    term: term.term.clone(),
                    reason,
                });
            } else if scan.compass
                && term.takes_compass
                && let Some((start, english)) = compass::compass_prefix(scan.norm, m.start())
                // Countries capitalised; adjectives in lower case (a capitalised one inside a
                // sentence is part of a name: "die Südkoreanische Regierung").
                && char_at(scan.text, scan.map[start])
                    .is_some_and(|c| c.is_uppercase() == (term.term.kind == Kind::Place))
                && let Some((end, _)) =
                    term.check(scan, words, m.start(), m.end(), v as usize, true)
            {
                let written = &scan.text[scan.map[start]..scan.map[end]];
                out.push(Candidate {
                    start,
                    end,
                    set: scan.set,
                    term: compass::compass_term(&term.term, written, english),
                    reason: Reason::CompoundPart,
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

/// Whether `at` starts a sentence: nothing before it but opening marks, or a sentence end.
fn sentence_initial(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '„' | '"' | '“' | '»' | '«' | '(' | '‚' | '\'')
    });
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '…', '–', '—'])
}

/// Whether the word after `at` (past spaces) starts with a capital letter.
fn next_word_capitalised(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches(' ');
    trimmed.len() < rest.len() && trimmed.starts_with(char::is_uppercase)
}

/// Common German first names that are also the genitive of a short name ("Nils": "Nil").
const FIRST_NAMES: [&str; 24] = [
    "Nils", "Niels", "Jens", "Hans", "Lars", "Mats", "Klaus", "Claus", "Jonas", "Elias", "Andreas",
    "Markus", "Thomas", "Tobias", "Lukas", "Linus", "Matthias", "Agnes", "Ines", "Iris", "Doris",
    "Janis", "Kilians", "Marcos",
];

fn is_first_name(word: &str) -> bool {
    FIRST_NAMES.contains(&word)
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
        scan: &Scan,
        word_ends: &mut WordEnds,
        start: usize,
        stem_end: usize,
        variant: usize,
        prefixed: bool,
    ) -> Option<(usize, Reason)> {
        let (norm, text, map) = (scan.norm, scan.text, scan.map);
        let form = variant > 0;
        let words = &self.variants[variant];
        let mut compound = false;
        match char_before(norm, start) {
            // After a compass prefix the caller checked ("Ost|ukraine").
            _ if prefixed => {}
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
        if self.capitals {
            // "NATO", and for four letters or more also "Nato", "Fifa": German news writes
            // pronounceable acronyms so; "who" is never "WHO".
            let written = &text[map[start]..map[stem_end]];
            let title_case = written.chars().count() >= 4 && is_title_case(written);
            if !is_capitals(written) && !title_case {
                return None;
            }
        }
        let capital_at = |at: usize| char_at(text, map[at]).is_some_and(char::is_uppercase);
        let mut inflected = false;
        let mut at = stem_end;
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                let gap = norm[at..].len() - norm[at..].trim_start().len();
                if gap == 0 || !norm[at + gap..].starts_with(&word.stem) {
                    return None;
                }
                if self.name_case && word.capital && !capital_at(at + gap) {
                    return None; // "Die linke Seite" is not "Die Linke"
                }
                at += gap + word.stem.len();
            } else if self.name_case && !compound && !prefixed && word.capital && !capital_at(start)
            {
                return None; // "die grünen Wälle" are not the Greens
            }
            let rest_len = word_ends.end(norm, at) - at;
            let rest = &norm[at..at + rest_len];
            if word.endings.allows(rest) {
                inflected |= !rest.is_empty();
                at += rest_len;
                continue;
            }
            let last = i + 1 == words.len();
            if !(last && (self.compounds || self.leading_compounds) && !form) {
                return None;
            }
            // A closed compound with the term in front: a linking element, then a word.
            let link = LINKS
                .iter()
                .copied()
                .chain(std::iter::once(""))
                .find(|link| {
                    rest.starts_with(link) && rest[link.len()..].chars().nth(3).is_some()
                })?;
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
        if self.name_case && !compound && inflected && is_first_name(&text[map[start]..map[at]]) {
            return None; // "Nils" is a first name, not the genitive of "Nil"
        }
        if self.term.kind == Kind::Adjective
            && self.term.source.starts_with(char::is_lowercase)
            && !compound
            && capital_at(start)
            && !sentence_initial(text, map[start])
            && next_word_capitalised(text, map[at])
        {
            // A capitalised adjective inside a sentence before a capitalised noun is part of a
            // name: "die Deutsche Bahn", "der Russische Bär".
            return None;
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
    // Accepted spans: by exact span, and start → end (they never overlap, so only the span
    // starting last before a candidate's end can overlap it).
    let mut by_span: HashMap<(usize, usize), usize> = HashMap::new();
    let mut spans: BTreeMap<usize, usize> = BTreeMap::new();
    for candidate in candidates {
        if let Some(&at) = by_span.get(&(candidate.start, candidate.end)) {
            let (first, alternatives) = &mut accepted[at];
            let duplicate = Arc::ptr_eq(&first.term, &candidate.term)
                || alternatives
                    .iter()
                    .any(|(_, _, t)| Arc::ptr_eq(t, &candidate.term));
            if !duplicate {
                let set = &sets[candidate.set];
                alternatives.push((set.name.clone(), set.id, candidate.term));
            }
            continue;
        }
        let overlaps = spans
            .range(..candidate.end)
            .next_back()
            .is_some_and(|(_, &end)| end > candidate.start);
        if !overlaps {
            by_span.insert((candidate.start, candidate.end), accepted.len());
            spans.insert(candidate.start, candidate.end);
            accepted.push((candidate, Vec::new()));
        }
    }
    accepted.sort_by_key(|(c, _)| c.start);
    accepted
        .into_iter()
        .map(|(c, alternatives)| Hit {
            range: map[c.start]..map[c.end],
            glossary: sets[c.set].name.clone(),
            glossary_id: sets[c.set].id,
            term: c.term,
            reason: c.reason,
            alternatives,
        })
        .collect()
}
