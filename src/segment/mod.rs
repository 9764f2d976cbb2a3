//! German sentence segmentation.
//!
//! [`Segmenter::split`] takes the text of one block and returns the byte ranges of its
//! sentences. Candidates are Unicode's sentence boundaries (UAX #29 rule SB11, found with a
//! byte scan and checked against `unicode-segmentation` in the tests) plus ellipses and
//! glued-in headlines; German rules kept as data
//! ([`RuleLists`], `assets/segmentation/de.toml`) decide which candidates are real, and SRX rules
//! a user imports ([`srx`]) override both.
//!
//! Invariants (property-tested): ranges are non-empty, in order, do not overlap, start and end
//! on non-whitespace, and only whitespace lies between and around them.

mod lines;
mod marks;
mod quotes;
mod rules;
pub mod srx;

pub use lines::line_structured;

pub use rules::{GERMAN_RULES_TOML, RuleLists, RulesError};

use rules::Rules;
use std::ops::Range;

/// A German sentence splitter. Cheap to share; build it once.
#[derive(Clone, Debug)]
pub struct Segmenter {
    rules: Rules,
    srx: Vec<srx::Rule>,
    /// False for a segmenter that follows SRX rules alone (to compare with other tools).
    builtin: bool,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::german()
    }
}

impl Segmenter {
    /// The built-in German rules.
    pub fn german() -> Segmenter {
        Segmenter::with_rules(&RuleLists::german())
    }

    pub fn with_rules(lists: &RuleLists) -> Segmenter {
        Segmenter {
            rules: Rules::compile(lists),
            srx: Vec::new(),
            builtin: true,
        }
    }

    /// A segmenter that breaks exactly where the SRX rules say, as an SRX-based tool would.
    pub fn srx_only(rules: Vec<srx::Rule>) -> Segmenter {
        Segmenter {
            rules: Rules::compile(&RuleLists::default()),
            srx: rules,
            builtin: false,
        }
    }

    /// Adds SRX rules; they are consulted before the built-in rules, first match wins.
    pub fn add_srx_rules(&mut self, rules: impl IntoIterator<Item = srx::Rule>) {
        self.srx.extend(rules);
    }

    /// The sentences of `text` as slices.
    pub fn sentences<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.split(text).into_iter().map(|r| &text[r]).collect()
    }

    /// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace.
    pub fn split(&self, text: &str) -> Vec<Range<usize>> {
        self.split_checked(text).0
    }

    /// Like [`Segmenter::split`], with a notice when imported SRX rules were too expensive
    /// for this text and some were skipped (naming the rule).
    pub fn split_checked(&self, text: &str) -> (Vec<Range<usize>>, Option<String>) {
        let mut starts = Vec::new();
        if self.builtin {
            starts = self.candidates(text);
            // Nothing but marks before ("... Eines der tollsten Abenteuer") is no sentence.
            let first_word = text.find(char::is_alphanumeric).unwrap_or(text.len());
            starts.retain(|&at| at > first_word && self.is_break(text, at));
            if text.contains('\n') {
                lines::add_line_breaks(text, &mut starts);
            }
            self.add_intertitle_breaks(text, &mut starts);
        }
        let mut notice = None;
        if !self.srx.is_empty() {
            notice = srx::apply(&self.srx, text, &mut starts);
        }
        (ranges_from_starts(text, &starts), notice)
    }

    /// Positions where a new sentence might start (always at a non-whitespace character).
    fn candidates(&self, text: &str) -> Vec<usize> {
        let mut starts = Vec::with_capacity(text.len() / 64);
        terminator_candidates(text, &mut starts);
        self.glue_candidates(text, &mut starts);
        starts.sort_unstable();
        starts.dedup();
        let quotes = quotes::embedded_quotations(text);
        if !quotes.is_empty() {
            // A short quotation inside a sentence is one segment with it ("Sie sagte: „Ich habe
            // keine Zeit. Und auch keine Lust.“"); breaks inside it are dropped.
            starts.retain(|&at| !inside(&quotes, at));
        }
        starts
    }

    /// Capitalised sentence starters right after a lower-case word with no punctuation.
    fn glue_candidates(&self, text: &str, starts: &mut Vec<usize>) {
        let bytes = text.as_bytes();
        for (space, _) in text.match_indices(' ') {
            let at = space + 1;
            let Some(&first) = bytes.get(at) else { break };
            if !self.rules.glue_first_bytes[first as usize] {
                continue;
            }
            let word = word_at(text, at);
            if self.rules.glue_starters.contains(word) && self.glue_applies(text, at) {
                starts.push(at);
            }
        }
    }

    fn glue_applies(&self, text: &str, at: usize) -> bool {
        let before = text[..at].trim_end_matches(' ');
        if before.len() + 1 != at {
            return false; // exactly one space, no line break games
        }
        let previous = last_word(before);
        let all_lower = !previous.is_empty()
            && previous
                .chars()
                .all(|c| c.is_alphabetic() && c.is_lowercase());
        if !all_lower || self.rules.glue_blockers.contains(previous) {
            return false;
        }
        let rest = &text[at..];
        !self
            .rules
            .glue_exceptions
            .iter()
            .any(|name| rest.starts_with(name.as_str()))
    }

    /// Intertitles glued into a scraped paragraph: "… bei Zenit St. Petersburg. Leise Kritik
    /// Bei PSG drehte sich …". At the start of the block and after every break, a short phrase
    /// (at most six words, no punctuation, not opening with an article) whose last word is
    /// capitalised, followed by a word that is never capitalised inside a sentence (a starter
    /// such as "Bei", "Der", "Er"), and that by a sentence of three words or more, is split off.
    fn add_intertitle_breaks(&self, text: &str, starts: &mut Vec<usize>) {
        let mut added = Vec::new();
        let first = skip_whitespace(text, 0);
        let bounds: Vec<usize> = std::iter::once(first)
            .chain(starts.iter().copied())
            .collect();
        for (k, &start) in bounds.iter().enumerate() {
            let end = bounds.get(k + 1).copied().unwrap_or(text.len()).max(start);
            if let Some(at) = self.intertitle_end(&text[..end], start) {
                added.push(at);
            }
        }
        if !added.is_empty() {
            starts.extend(added);
            starts.sort_unstable();
            starts.dedup();
        }
    }

    /// The start of the sentence after an intertitle that opens the sentence at `start`.
    fn intertitle_end(&self, sentence: &str, start: usize) -> Option<usize> {
        const ARTICLES: [&str; 12] = [
            "Der", "Die", "Das", "Dem", "Den", "Des", "Ein", "Eine", "Einem", "Einen", "Einer",
            "Eines",
        ];
        let mut at = start;
        let mut previous: Option<&str> = None;
        for count in 0..7 {
            let rest = &sentence[at..];
            let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..len];
            if word.is_empty() {
                return None;
            }
            let plain = word.chars().all(|c| c.is_alphanumeric() || c == '-');
            if count == 0 && (ARTICLES.contains(&word) || !plain) {
                return None;
            }
            // Cheap tests first: both words capitalised.
            if let Some(previous) = previous
                && word.starts_with(char::is_uppercase)
                && previous.starts_with(char::is_uppercase)
                && (self.rules.glue_starters.contains(word)
                    || self.rules.sentence_starters.contains(word))
                && !NOT_INTERTITLE_STARTERS.contains(&word)
                && !self.rules.intertitle_nouns.contains(previous)
                && !self
                    .rules
                    .glue_exceptions
                    .iter()
                    .any(|n| rest.starts_with(n.as_str()))
                && rest.split_whitespace().count() >= 4
            {
                return Some(at);
            }
            if !plain
                || !rest[len..].starts_with(' ')
                || rest[len + 1..].starts_with(char::is_whitespace)
            {
                return None; // punctuation, a line break or the end: not a glued intertitle
            }
            previous = Some(word);
            at += len + 1;
        }
        None
    }

    /// Decides whether a new sentence starts at `at`.
    fn is_break(&self, text: &str, at: usize) -> bool {
        let before = text[..at].trim_end();
        let core = marks::sentence_end(before);
        let run = core.trim_end_matches(['.', '!', '?', '…']);
        if run.len() < core.len() && run.ends_with(['(', '[']) {
            return false; // "Er hat es (!) geschafft": punctuation inside brackets
        }
        let next = next_word(text, at);
        // "iPhone" and "eBay" start sentences as they are.
        let next_is_lower = next.chars().next().is_some_and(char::is_lowercase)
            && !next.chars().skip(1).any(char::is_uppercase);
        let starter = self.rules.sentence_starters.contains(next);
        if core.ends_with("...") || core.ends_with('…') {
            // "Und dann… Nichts." breaks; an omission "[…]" or " … " inside a quote does not,
            // unless a sentence clearly begins.
            let stem = core.trim_end_matches(['.', '…']);
            let attached = stem.ends_with(|c: char| c.is_alphanumeric());
            return !next_is_lower && (attached || starter);
        }
        match core.chars().next_back() {
            Some('!' | '?') => !next_is_lower,
            Some('.') => {
                let quote =
                    text[at..].starts_with(['„', '»', '"', '“']) || text[at..].starts_with(",,");
                !next_is_lower && self.period_breaks(&core[..core.len() - 1], next, quote)
            }
            Some(';' | ':' | ',') => false,
            _ => {
                // No terminator: a line break, or a glued-in headline.
                self.rules.glue_starters.contains(next) && self.glue_applies(text, at)
            }
        }
    }

    /// Decides a period; `stem` is the text before it, `next` the word after it.
    /// `quote`: the next sentence opens with a quotation mark.
    fn period_breaks(&self, stem: &str, next: &str, quote: bool) -> bool {
        let token = last_token(stem);
        if token.is_empty() {
            return true;
        }
        // A known starter, a question word or an opening quote after the period.
        let starter = quote
            || self.rules.sentence_starters.contains(next)
            || self.rules.question_words.contains(next);
        if let Some(abbreviation) = self.multi_part_abbreviation(stem) {
            return if self.rules.closing_abbreviations.contains(&abbreviation) {
                true // the next word is not lower case: "… u. v. m. Danach …"
            } else if self.rules.final_abbreviations.contains(&abbreviation) {
                starter
            } else {
                false
            };
        }
        // "Dipl.-Ing.": the part after the last hyphen decides.
        let word = token.rsplit('-').next().unwrap_or(token);
        let before_token = stem[..stem.len() - token.len()].trim_end();
        let initial = before_token.is_empty()
            || before_token.ends_with(['.', '!', '?', ':', '“', '"', '»', '«']);
        let rules = &self.rules;
        if Rules::is_in(&rules.abbreviations, token, initial)
            || Rules::is_in(&rules.abbreviations, word, false)
        {
            return false;
        }
        if Rules::is_in(&rules.closing_abbreviations, token, initial) {
            return true; // "… Birnen usw. Danach …", "… etc. Warum …?"
        }
        if Rules::is_in(&rules.final_abbreviations, token, initial)
            || Rules::is_in(&rules.final_abbreviations, word, false)
            || rules
                .final_suffixes
                .iter()
                .any(|s| word.len() > s.len() && word.ends_with(s.as_str()))
        {
            return starter;
        }
        if is_initialism(token) {
            // "U.S.", "U.S.A.": letters and periods only.
            return starter;
        }
        // "im 18. -19. Jahrhundert": the second number of a range.
        let number = token.trim_start_matches(['-', '–']);
        if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return self.number_breaks(stem, number, next);
        }
        if is_roman_numeral(token) {
            // "Karl V. dankte ab", "nach dem II. Vatikanischen Konzil", "Heinrich VIII."
            return self.number_breaks(stem, token, next) && starter;
        }
        let mut chars = token.chars();
        if let (Some(letter), None) = (chars.next(), chars.next())
            && letter.is_alphabetic()
        {
            // An initial ("J. F. Kennedy") or a one-letter abbreviation ("S. 12").
            return letter.is_uppercase() && starter;
        }
        true
    }

    /// "am 19. Juni" and "zum 3. Mal" are ordinals; "im Jahr 2024. Danach" ends a sentence.
    fn number_breaks(&self, stem: &str, number: &str, next: &str) -> bool {
        if self.rules.ordinal_nouns.contains(next) {
            return false;
        }
        let before_number = stem[..stem.len() - number.len()].trim_end();
        if before_number.is_empty() {
            return false; // list numbering: "1. Der Vertrag …"
        }
        let digits = number.bytes().filter(u8::is_ascii_digit).count();
        let previous = last_word(before_number);
        if digits <= 3 && self.rules.ordinal_context.contains(previous) {
            return self.rules.glue_starters.contains(next);
        }
        true
    }

    /// "z. B." / "z.B." / "u. a." before the period at the end of `stem`, normalised to
    /// "z.B", if the rules know it.
    fn multi_part_abbreviation(&self, stem: &str) -> Option<String> {
        // Collect up to four short parts going backwards: "i. d. R" → ["R", "d", "i"].
        let mut parts: Vec<&str> = Vec::new();
        let mut rest = stem;
        loop {
            let part = last_token(rest);
            if part.is_empty() || part.chars().count() > 4 || part.contains('.') {
                // A part written without spaces ("z.B") is handled as one token.
                if parts.is_empty() && part.contains('.') {
                    let joined = part.to_string();
                    return (self.rules.abbreviations.contains(&joined)
                        || self.rules.final_abbreviations.contains(&joined))
                    .then_some(joined);
                }
                break;
            }
            parts.push(part);
            rest = &rest[..rest.len() - part.len()];
            let Some(trimmed) = rest.strip_suffix(". ").or_else(|| rest.strip_suffix('.')) else {
                break;
            };
            rest = trimmed;
            if parts.len() == 4 {
                break;
            }
        }
        for count in (2..=parts.len()).rev() {
            let joined = parts[..count]
                .iter()
                .rev()
                .copied()
                .collect::<Vec<_>>()
                .join(".");
            if self.rules.abbreviations.contains(&joined)
                || self.rules.final_abbreviations.contains(&joined)
            {
                return Some(joined);
            }
        }
        None
    }
}

/// After each run of sentence-final punctuation (". ! ? …", then closing quotes or brackets)
/// that is followed by whitespace: the position of the next character. This is Unicode's
/// sentence-break rule SB11 (UAX #29) for the characters German text uses, done with `memchr`
/// instead of a full UAX #29 pass, which alone would run at about 25 MB/s; the German rules in
/// [`Segmenter::is_break`] then decide. A test checks the scan against `unicode-segmentation`.
fn terminator_candidates(text: &str, starts: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    // '…' is E2 80 A6 in UTF-8.
    let ellipses =
        memchr::memchr_iter(0xA6, bytes).filter(|&at| at >= 2 && bytes[at - 2..at] == [0xE2, 0x80]);
    for at in memchr::memchr3_iter(b'.', b'!', b'?', bytes).chain(ellipses) {
        let after = at + 1;
        if bytes
            .get(after)
            .is_some_and(|b| matches!(b, b'.' | b'!' | b'?'))
        {
            continue; // only the last of "...", "?!"
        }
        let rest = &text[after..];
        let closed = after + (rest.len() - rest.trim_start_matches(is_closing).len());
        let closed = marks::skip_footnote(text, closed);
        let mut next = skip_whitespace(text, closed);
        if next == closed {
            continue;
        }
        // Emoji and emoticons after the sentence belong to it: "Super! 🎉 Bis morgen!"
        next = marks::skip_emoji(text, next);
        if next < text.len() {
            starts.push(next);
        }
    }
}

/// Whether `at` lies strictly inside one of the sorted, disjoint `spans`.
fn inside(spans: &[Range<usize>], at: usize) -> bool {
    let i = spans.partition_point(|s| s.start < at);
    i > 0 && at < spans[i - 1].end
}

/// Starters that are also capitalised inside a sentence (the polite "Sie", nouns like "Morgen",
/// "Laut", "Sein", the river "Seine"), so they never mark the end of an intertitle.
const NOT_INTERTITLE_STARTERS: [&str; 8] = [
    "Sie", "Ihr", "Ihre", "Ihnen", "Morgen", "Laut", "Sein", "Seine",
];

/// "II", "VIII", "XIV": a Roman numeral up to 39 written in capitals.
fn is_roman_numeral(token: &str) -> bool {
    if token.is_empty() || token.len() > 6 || !token.bytes().all(|b| b"IVX".contains(&b)) {
        return false;
    }
    let value_of = |b: u8| match b {
        b'I' => 1,
        b'V' => 5,
        _ => 10,
    };
    let bytes = token.as_bytes();
    let mut value = 0i32;
    for (i, &b) in bytes.iter().enumerate() {
        let v = value_of(b);
        if bytes.get(i + 1).is_some_and(|&n| value_of(n) > v) {
            value -= v;
        } else {
            value += v;
        }
    }
    // Only the canonical spelling: "IIII" and "VX" are not numerals.
    (1..40).contains(&value) && to_roman(value) == token
}

fn to_roman(mut value: i32) -> String {
    let mut out = String::new();
    for (v, s) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while value >= v {
            out.push_str(s);
            value -= v;
        }
    }
    out
}

/// Single letters joined by periods: "U.S", "z.B", "e.V".
fn is_initialism(token: &str) -> bool {
    token.contains('.')
        && token
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

fn ranges_from_starts(text: &str, starts: &[usize]) -> Vec<Range<usize>> {
    let mut ranges = Vec::with_capacity(starts.len() + 1);
    let mut from = skip_whitespace(text, 0);
    for &at in starts.iter().chain(std::iter::once(&text.len())) {
        let end = from + text[from..at].trim_end().len();
        if end > from {
            ranges.push(from..end);
        }
        from = at.max(from);
    }
    ranges
}

fn skip_whitespace(text: &str, at: usize) -> usize {
    at + (text[at..].len() - text[at..].trim_start().len())
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '‹' | '›' | ')' | ']' | '}'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '„'
            | '“'
            | '‚'
            | '‘'
            | '»'
            | '«'
            | '›'
            | '‹'
            | '('
            | '['
            | '{'
            | '-'
            | '–'
    )
}

/// The word starting at `at` (letters, digits, hyphens).
fn word_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The first word at or after `at`, past opening quotes and brackets.
fn next_word(text: &str, at: usize) -> &str {
    let rest = text[at..].trim_start_matches(|c: char| is_opening(c) || c.is_whitespace());
    word_at(rest, 0)
}

/// The last whitespace-delimited token of `text`, without opening quotes or brackets.
fn last_token(text: &str) -> &str {
    let start = text
        .rfind(|c: char| c.is_whitespace() || is_opening(c) && c != '-')
        .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    &text[start..]
}

/// The last word of `text` (letters and digits only).
fn last_word(text: &str) -> &str {
    let start = text
        .rfind(|c: char| !c.is_alphanumeric())
        .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    &text[start..]
}

#[cfg(test)]
mod tests;
