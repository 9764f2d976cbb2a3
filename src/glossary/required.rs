//! Required renderings: the glossary terms that occur in a segment with their English (sent
//! to a machine translation engine, checked in the translator's target) and, for a given
//! English text, the terms none of whose renderings it contains.

use super::Hit;

/// A glossary term found in a segment: its German as it stands there, its base form, and
/// the English renderings (the preferred one first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermEntry {
    pub found: String,
    pub base: String,
    pub targets: Vec<String>,
}

impl TermEntry {
    /// An entry for a term that stands in its base form.
    pub fn new(term: &str, targets: &[&str]) -> TermEntry {
        TermEntry {
            found: term.to_string(),
            base: term.to_string(),
            targets: targets.iter().map(|t| t.to_string()).collect(),
        }
    }
}

/// The entries for the glossary hits in `source`, each term once.
pub fn entries(source: &str, hits: &[Hit]) -> Vec<TermEntry> {
    let mut out: Vec<TermEntry> = Vec::new();
    for hit in hits {
        let Some(found) = source.get(hit.range.clone()) else {
            continue;
        };
        if hit.term.targets.is_empty() || out.iter().any(|e| e.base == hit.term.source) {
            continue;
        }
        out.push(TermEntry {
            found: found.to_string(),
            base: hit.term.source.clone(),
            targets: hit.term.targets.clone(),
        });
    }
    out
}

/// A term whose required English is not in a suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub term: String,
    pub targets: Vec<String>,
}

impl Missing {
    pub fn describe(&self) -> String {
        format!("{} → {} missing", self.term, self.targets.join(" / "))
    }
}

/// The entries none of whose renderings occur in `translation` (ignoring case, and allowing
/// English endings: *Russia's*, *Ukrainians*).
pub fn missing_terms(entries: &[TermEntry], translation: &str) -> Vec<Missing> {
    let text = fold(translation);
    entries
        .iter()
        .filter(|entry| {
            !entry
                .targets
                .iter()
                .any(|target| contains_word(&text, &fold(target)))
        })
        .map(|entry| Missing {
            term: entry.found.clone(),
            targets: entry.targets.clone(),
        })
        .collect()
}

/// Where `word` stands in `text` as a word of its own (case aside): the byte range of the
/// first occurrence.
pub fn find_word(text: &str, word: &str) -> Option<std::ops::Range<usize>> {
    let word = word.trim();
    if word.is_empty() {
        return None;
    }
    let pattern = format!(r"(?i)(?:^|[^\w])({})(?:$|[^\w])", regex::escape(word));
    let found = regex::Regex::new(&pattern).ok()?.captures(text)?.get(1)?;
    Some(found.range())
}

/// Lower case, typographic apostrophes and dashes as ASCII, runs of spaces as one.
fn fold(text: &str) -> String {
    let lowered: String = text
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '–' | '—' | '‑' => '-',
            '\u{a0}' => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `needle` in `haystack` starting at a word boundary (the end may run on: endings).
fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    haystack.match_indices(needle).any(|(at, _)| {
        haystack[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(found: &str, targets: &[&str]) -> TermEntry {
        TermEntry::new(found, targets)
    }

    #[test]
    fn a_word_is_found_only_as_a_word() {
        assert_eq!(find_word("Troops left Kiev.", "kiev"), Some(12..16));
        assert_eq!(find_word("Kievan Rus", "Kiev"), None);
        assert_eq!(find_word("(Kiev)", "Kiev"), Some(1..5));
        assert_eq!(find_word("anything", " "), None);
    }

    #[test]
    fn renderings_are_found_with_english_endings_and_any_case() {
        let entries = [
            entry("Russlands", &["Russia"]),
            entry("Pjöngjang", &["Pyongyang"]),
            entry("Kreml", &["Kremlin"]),
            entry(
                "Außenministerin",
                &["Foreign Minister", "foreign secretary"],
            ),
        ];
        let missing = missing_terms(
            &entries,
            "Russia’s  foreign secretary went to the kremlin; Pyongyang waited.",
        );
        assert!(missing.is_empty(), "{missing:?}");
        let missing = missing_terms(&entries, "Moscow's envoy arrived in North Korea.");
        let names: Vec<&str> = missing.iter().map(|m| m.term.as_str()).collect();
        assert_eq!(
            names,
            ["Russlands", "Pjöngjang", "Kreml", "Außenministerin"]
        );
        assert_eq!(missing[0].describe(), "Russlands → Russia missing");
        // Inside another word does not count.
        assert_eq!(
            missing_terms(&[entry("EU", &["EU"])], "The FEU met.").len(),
            1
        );
    }
}
