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

mod rules;
pub mod srx;

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
            starts.retain(|&at| self.is_break(text, at));
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
        let quotes = quotation_spans(text);
        if !quotes.is_empty() {
            // A short quotation is one segment with its sentence ("Sie sagte: „Ich habe keine
            // Zeit. Und auch keine Lust.“"); breaks inside it are dropped.
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

    /// Decides whether a new sentence starts at `at`.
    fn is_break(&self, text: &str, at: usize) -> bool {
        let before = text[..at].trim_end();
        let core = before.trim_end_matches(is_closing);
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
            Some('.') => !next_is_lower && self.period_breaks(&core[..core.len() - 1], next),
            Some(';' | ':' | ',') => false,
            _ => {
                // No terminator: a line break, or a glued-in headline.
                self.rules.glue_starters.contains(next) && self.glue_applies(text, at)
            }
        }
    }

    /// Decides a period; `stem` is the text before it, `next` the word after it.
    fn period_breaks(&self, stem: &str, next: &str) -> bool {
        let token = last_token(stem);
        if token.is_empty() {
            return true;
        }
        let starter = self.rules.sentence_starters.contains(next);
        if let Some(abbreviation) = self.multi_part_abbreviation(stem) {
            return if self.rules.final_abbreviations.contains(&abbreviation) {
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
        if token.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return self.number_breaks(stem, token, next);
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
        let next = skip_whitespace(text, closed);
        if next > closed && next < text.len() {
            starts.push(next);
        }
    }
}

/// Whether `at` lies strictly inside one of the sorted, disjoint `spans`.
fn inside(spans: &[Range<usize>], at: usize) -> bool {
    let i = spans.partition_point(|s| s.start < at);
    i > 0 && at < spans[i - 1].end
}

/// Single letters joined by periods: "U.S", "z.B", "e.V".
fn is_initialism(token: &str) -> bool {
    token.contains('.')
        && token
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

/// Quotations that open and close within `text` and are short enough to keep whole:
/// „…“, »…«, «…», ‚…‘ and straight "…" pairs.
/// The spans come back sorted and merged, so they do not overlap.
fn quotation_spans(text: &str) -> Vec<Range<usize>> {
    const MAX_QUOTE_BYTES: usize = 400;
    const PAIRS: [(char, char); 4] = [('„', '“'), ('»', '«'), ('«', '»'), ('‚', '‘')];
    let mut spans = Vec::new();
    let any_quote = ['"', '„', '»', '«', '‚'].iter().any(|&q| text.contains(q));
    if !any_quote {
        return spans;
    }
    for (open, close) in PAIRS {
        let mut from = 0;
        while let Some(start) = text[from..].find(open).map(|i| i + from) {
            let inner = start + open.len_utf8();
            let Some(end) = text[inner..].find(close).map(|i| i + inner) else {
                break;
            };
            if end - start <= MAX_QUOTE_BYTES {
                spans.push(start..end + close.len_utf8());
            }
            from = end + close.len_utf8();
        }
    }
    let mut quotes = text.match_indices('"').map(|(i, _)| i);
    while let (Some(start), Some(end)) = (quotes.next(), quotes.next()) {
        if end - start <= MAX_QUOTE_BYTES {
            spans.push(start..end + 1);
        }
    }
    spans.sort_unstable_by_key(|s| s.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
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
