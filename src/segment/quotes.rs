//! Quotations in a block of text: where each one opens and closes, and whether it is embedded
//! in a sentence ("Sie sagte: „Ich komme. Und zwar gleich.“", kept whole as one segment) or
//! stands alone as dialogue („Kommst du?“ „Gleich!“, split like any other text).

use std::ops::Range;

/// A quotation longer than this is not kept whole: it is a passage, not a quote.
const MAX_QUOTE_BYTES: usize = 400;

/// The quotations of `text` that are embedded in a sentence and short enough to keep whole,
/// sorted and disjoint. Quotes are scanned left to right: an opening mark („ ,, » « ‚ " “)
/// is closed by its nearest closing mark (“ ” « » ‘ ") within [`MAX_QUOTE_BYTES`]; other
/// quote marks inside are nested quotes and ignored. An opening mark that is never closed
/// in time, or that opens again before it closes, opens nothing.
pub(super) fn embedded_quotations(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut openers = Openers::new(text);
    let mut at = 0;
    while let Some((start, opener)) = openers.next(at) {
        let inner = start + opener.len();
        let window_end = floor_boundary(text, (start + MAX_QUOTE_BYTES).min(text.len()));
        let window = &text[inner..window_end.max(inner)];
        let reopen = opener
            .chars()
            .next()
            .filter(|&c| opener.len() == c.len_utf8() && c != '"');
        let found = window.find(|c: char| closers(opener).contains(&c) || Some(c) == reopen);
        match found {
            // The same mark opening again: the first one was never closed.
            Some(i) if reopen.is_some() && window[i..].starts_with(opener) => at = inner + i,
            Some(i) => {
                let close_at = inner + i;
                let close_len = text[close_at..].chars().next().map_or(1, char::len_utf8);
                let span = start..close_at + close_len;
                if !stands_alone(text, &span) {
                    spans.push(span.clone());
                }
                at = span.end;
            }
            None => at = inner,
        }
    }
    spans
}

/// Finds opening quote marks left to right.
struct Openers<'t> {
    text: &'t str,
    /// The next ",," at or after the search position (`usize::MAX`: none).
    commas: usize,
}

impl<'t> Openers<'t> {
    fn new(text: &'t str) -> Self {
        let mut openers = Openers { text, commas: 0 };
        openers.find_commas(0);
        openers
    }

    fn find_commas(&mut self, from: usize) {
        self.commas = memchr::memmem::find(&self.text.as_bytes()[from..], b",,")
            .map_or(usize::MAX, |i| from + i);
    }

    /// The next opening mark at or after `from`: its position and the mark.
    fn next(&mut self, mut from: usize) -> Option<(usize, &'static str)> {
        let bytes = self.text.as_bytes();
        loop {
            if self.commas < from {
                self.find_commas(from);
            }
            // Every other mark starts with '"' or the lead byte of „ “ ‚ (E2) or » « (C2).
            let mark = memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[from..]).map(|i| from + i);
            if self.commas != usize::MAX && mark.is_none_or(|m| self.commas < m) {
                return Some((self.commas, ",,"));
            }
            let at = mark?;
            let found = &self.text[at..];
            match OPENERS.iter().copied().find(|o| found.starts_with(o)) {
                Some(opener) => return Some((at, opener)),
                None => from = at + found.chars().next().map_or(1, char::len_utf8),
            }
        }
    }
}

const OPENERS: [&str; 6] = ["\"", "„", "»", "«", "‚", "“"];

fn closers(opener: &str) -> &'static [char] {
    match opener {
        "„" | ",," => &['“', '”'],
        "»" => &['«'],
        "«" => &['»'],
        "‚" => &['‘'],
        "“" => &['”'],
        _ => &['"'],
    }
}

/// A quotation that begins a sentence and is followed by the end of the block or by the start
/// of another sentence is dialogue, not a quote inside a sentence.
fn stands_alone(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].trim_end();
    let before_core = before.trim_end_matches(super::is_closing);
    let starts_sentence =
        before.is_empty() || before_core.ends_with(['.', '!', '?', '…']) || before.ends_with('\n');
    if !starts_sentence {
        return false;
    }
    let inner = text[..span.end].trim_end_matches(super::is_closing);
    if !inner.ends_with(['.', '!', '?', '…']) {
        return false;
    }
    match text[span.end..].trim_start().chars().next() {
        None => true,
        Some(c) => c.is_uppercase() || c.is_numeric() || super::is_opening(c) && c != '-',
    }
}

/// The largest char boundary at or below `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        embedded_quotations(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn embedded_quotes_are_kept_and_dialogue_is_not() {
        assert_eq!(
            quoted("Sie sagte: „Ich komme. Gleich.“ Wir gingen."),
            ["„Ich komme. Gleich.“"]
        );
        assert_eq!(
            quoted("„Wir sind da. Endlich“, sagte er."),
            ["„Wir sind da. Endlich“"]
        );
        assert!(quoted("Er nickte. „Das Paket kommt. Morgen.“ Dann ging er.").is_empty());
        assert!(quoted("„Kommst du?“ „Gleich!“ »Wann?« »Jetzt!«").is_empty());
    }

    #[test]
    fn marks_pair_in_order_and_unclosed_ones_open_nothing() {
        assert_eq!(
            quoted("Er rief »Hallo« und «Tschüss» laut."),
            ["»Hallo«", "«Tschüss»"]
        );
        assert_eq!(
            quoted("Der „Deal” und ,,der Plan“ gelten."),
            ["„Deal”", ",,der Plan“"]
        );
        assert_eq!(
            quoted("Ein „offenes Zitat. Dann der „Rest“ hier."),
            ["„Rest“"]
        );
        let long = format!("Er sagte „{}“ laut.", "x".repeat(500));
        assert!(quoted(&long).is_empty());
    }
}
