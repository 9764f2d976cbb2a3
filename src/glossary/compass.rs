//! Compass prefixes of closed compounds: a country or nationality adjective after "Nord",
//! "Süd", "Ost", "West", "Mittel" names its part ("Ostukraine" → eastern Ukraine,
//! "Nordirak" → northern Iraq, "nordfranzösisch" → northern French). Used by the matcher
//! for the default countries and nationalities only.

use super::Term;
use std::sync::Arc;

/// The glossaries whose countries and adjectives take compass prefixes: "Ostukraine" →
/// eastern Ukraine, "Nordirak" → northern Iraq, "nordfranzösisch" → northern French.
pub(super) const COMPASS_GLOSSARIES: [&str; 2] =
    ["defaults/countries.tsv", "defaults/nationalities.tsv"];

/// Compass prefixes of a closed compound (lower case, longest first) and their English.
const COMPASS: [(&str, &str); 10] = [
    ("nordost", "northeastern"),
    ("nordwest", "northwestern"),
    ("südost", "southeastern"),
    ("südwest", "southwestern"),
    ("zentral", "central"),
    ("mittel", "central"),
    ("nord", "northern"),
    ("west", "western"),
    ("süd", "southern"),
    ("ost", "eastern"),
];

/// The start of the word and the English of its compass prefix, when everything in the word
/// before `at` is one ("ost" in "ostukraine").
pub(super) fn compass_prefix(norm: &str, at: usize) -> Option<(usize, &'static str)> {
    let start = norm[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    let prefix = &norm[start..at];
    COMPASS
        .iter()
        .find(|(german, _)| *german == prefix)
        .map(|(_, english)| (start, *english))
}

/// "Osteuropa" already names a part: "Südosteuropa" is southeastern Europe, not southern
/// Eastern Europe.
pub(super) fn starts_with_compass(source: &str) -> bool {
    let source = source.to_lowercase();
    COMPASS.iter().any(|(german, _)| source.starts_with(german))
        || ["öst", "nörd", "südl"]
            .iter()
            .any(|d| source.starts_with(d))
        // A continent's parts have names of their own ("südamerikanisch": South American),
        // listed as terms; the rule would make them "southern American".
        || CONTINENT_ADJECTIVES.contains(&source.as_str())
}

const CONTINENT_ADJECTIVES: [&str; 4] = ["amerikanisch", "afrikanisch", "asiatisch", "europäisch"];

/// "Ostukraine": the country term with its part named.
pub(super) fn compass_term(term: &Term, written: &str, english: &str) -> Arc<Term> {
    let mut derived = Term::new(written, "", term.kind);
    derived.id = term.id;
    derived.targets = term
        .targets
        .iter()
        .map(|t| format!("{english} {t}"))
        .collect();
    derived.note = format!("{english} part of {}", term.target());
    Arc::new(derived)
}
