//! English spelling with Hunspell dictionaries (`assets/dictionaries`, compiled in) read by
//! the `spellbook` crate. A word is accepted when the dictionary of the project's variant
//! knows it, when it occurs in the German source (names carried over: *Schoigu*), when it is
//! part of a glossary rendering, or when the translator added it to their own dictionary
//! ([`Words`]). Words with digits, words in capitals (*NATO*, *KCNA*) and addresses are not
//! checked.
//!
//! Reading a dictionary takes some 40 ms, suggestions for one word tens of milliseconds:
//! the workbench does both off the window's thread.

use super::{Check, Issue, Severity};
use crate::model::Variant;
use crate::suggest::Terminology;
use std::collections::HashSet;
use std::ops::Range;

const EN_US: (&str, &str) = (
    include_str!("../../assets/dictionaries/en_US.aff"),
    include_str!("../../assets/dictionaries/en_US.dic"),
);
const EN_GB: (&str, &str) = (
    include_str!("../../assets/dictionaries/en_GB.aff"),
    include_str!("../../assets/dictionaries/en_GB.dic"),
);

/// A spelling dictionary for one English variant.
pub struct Speller {
    variant: Variant,
    dictionary: spellbook::Dictionary,
}

impl std::fmt::Debug for Speller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Speller({})", self.variant.tag())
    }
}

impl Speller {
    /// The bundled dictionary of `variant`.
    pub fn new(variant: Variant) -> Result<Speller, String> {
        let (aff, dic) = match variant {
            Variant::American => EN_US,
            Variant::British => EN_GB,
        };
        let bom = |text: &'static str| text.trim_start_matches('\u{feff}');
        let dictionary = spellbook::Dictionary::new(bom(aff), bom(dic))
            .map_err(|e| format!("the {} dictionary cannot be read: {e}", variant.tag()))?;
        Ok(Speller {
            variant,
            dictionary,
        })
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// Whether the dictionary knows `word` (typographic apostrophes as straight ones), or the
    /// word is a known one after a prefix English forms words with freely (*multipolar*,
    /// *postwar*), or a possessive of a known word.
    pub fn knows(&self, word: &str) -> bool {
        let word = word.replace('’', "'");
        let known = |w: &str| {
            self.dictionary.check(w)
                || PREFIXES.iter().any(|prefix| {
                    w.get(..prefix.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
                        && w.len() >= prefix.len() + 4
                        && self.dictionary.check(&w[prefix.len()..])
                })
        };
        known(&word) || word.strip_suffix("'s").is_some_and(known)
    }

    /// Corrections for `word`, the likeliest first (tens of milliseconds: not on the window's
    /// thread).
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.dictionary.suggest(&word.replace('’', "'"), &mut out);
        out.truncate(8);
        out
    }

    /// Byte ranges of the misspelt words of `target`.
    pub fn misspelt(&self, source: &str, target: &str, words: &Words) -> Vec<Range<usize>> {
        let in_source: HashSet<String> = tokens(source).map(|r| source[r].to_lowercase()).collect();
        let skipped = addresses(target);
        tokens(target)
            .filter(|r| !skipped.iter().any(|s| s.start <= r.start && r.end <= s.end))
            .filter(|r| {
                let word = &target[r.clone()];
                !(worth_no_check(word)
                    || in_source.contains(&word.to_lowercase())
                    || words.contains(word)
                    || self.knows(word)
                    || word.contains('-')
                        && word.split('-').all(|part| {
                            part.is_empty()
                                || worth_no_check(part)
                                || in_source.contains(&part.to_lowercase())
                                || words.contains(part)
                                || self.knows(part)
                        }))
            })
            .collect()
    }

    pub(super) fn check(&self, source: &str, target: &str, words: &Words, out: &mut Vec<Issue>) {
        for range in self.misspelt(source, target, words) {
            let word = &target[range.clone()];
            out.push(
                Issue::new(
                    Check::Spelling,
                    Severity::Warning,
                    word,
                    format!("“{word}” is not in the {} dictionary", self.variant.tag()),
                )
                .at(range),
            );
        }
    }
}

/// Prefixes that make new words of known ones, as newspapers write them.
const PREFIXES: [&str; 14] = [
    "multi", "post", "pre", "anti", "counter", "inter", "non", "over", "under", "semi", "super",
    "trans", "cross", "re",
];

/// Words the spelling check accepts besides the dictionary's: the words of the glossaries'
/// renderings and the translator's own dictionary. Compared case aside.
#[derive(Clone, Debug, Default)]
pub struct Words {
    set: HashSet<String>,
}

impl Words {
    pub fn new(words: impl IntoIterator<Item = impl AsRef<str>>) -> Words {
        let mut set = HashSet::new();
        for word in words {
            add_words(&mut set, word.as_ref());
        }
        Words { set }
    }

    /// The renderings of every enabled glossary, and `personal`.
    pub fn from_terminology(terminology: &Terminology, personal: &[String]) -> Words {
        let mut words = Words::new(personal);
        for entry in terminology.entries().iter().filter(|e| e.enabled) {
            for term in &entry.glossary.terms {
                for target in &term.targets {
                    add_words(&mut words.set, target);
                }
            }
        }
        words
    }

    pub fn contains(&self, word: &str) -> bool {
        let lower = word.replace('’', "'").to_lowercase();
        self.set.contains(&lower)
            || lower
                .strip_suffix("'s")
                .is_some_and(|stem| self.set.contains(stem))
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

fn add_words(set: &mut HashSet<String>, text: &str) {
    set.insert(text.trim().replace('’', "'").to_lowercase());
    for range in tokens(text) {
        let word = text[range].replace('’', "'").to_lowercase();
        for part in word.split('-') {
            set.insert(part.to_string());
        }
        set.insert(word);
    }
}

/// Words: letters with apostrophes and hyphens inside.
fn tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = &text[at..];
        let start = at + rest.find(|c: char| c.is_alphanumeric())?;
        let mut end = start;
        let mut chars = text[start..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let inner = matches!(c, '\'' | '’' | '-')
                && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || inner {
                end = start + i + c.len_utf8();
            } else {
                break;
            }
        }
        at = end;
        Some(start..end)
    })
}

/// Words the check leaves alone: with digits, in capitals, a single letter.
fn worth_no_check(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || word.chars().count() < 2
        || word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Web and mail addresses, and link targets of inline markup.
fn addresses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        if word.contains("://")
            || word.contains("www.")
            || word.contains('@')
            || word.contains("](")
        {
            out.push(at..at + word.len());
        }
        at += piece.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn american() -> &'static Speller {
        static SPELLER: OnceLock<Speller> = OnceLock::new();
        SPELLER.get_or_init(|| Speller::new(Variant::American).unwrap())
    }

    fn misspelt(source: &str, target: &str, words: &Words) -> Vec<String> {
        american()
            .misspelt(source, target, words)
            .into_iter()
            .map(|r| target[r].to_string())
            .collect()
    }

    #[test]
    fn misspelt_words_are_found_and_names_are_not() {
        let none = Words::default();
        assert_eq!(
            misspelt(
                "",
                "Teh president recieved Putin’s well-knwon envoy.",
                &none
            ),
            ["Teh", "recieved", "well-knwon"]
        );
        // Names from the source, capitals, digits, addresses.
        assert!(
            misspelt(
                "Schoigu traf Lawrow.",
                "Schoigu met NATO's KCNA at 5pm, see https://kcna.kp/xyzzy.",
                &none
            )
            .is_empty()
        );
        // Glossary renderings and the translator's own words.
        let words = Words::new(["Shoigu", "Lavrov"]);
        assert!(misspelt("", "Shoigu's deputy met Lavrov.", &words).is_empty());
        assert_eq!(
            misspelt("", "Shoigu met Lavrov.", &none),
            ["Shoigu", "Lavrov"]
        );
    }

    #[test]
    fn the_variant_decides() {
        let british = Speller::new(Variant::British).unwrap();
        assert!(british.knows("colour"));
        assert!(!american().knows("colour"));
        assert!(
            american()
                .suggest("recieve")
                .contains(&"receive".to_string())
        );
    }
}
