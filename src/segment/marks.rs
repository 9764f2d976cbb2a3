//! What may follow a sentence's final punctuation and still belong to the sentence: footnote
//! and reference marks ("gegründet.²", "ernannt.[12]", "ernannt.12"), emoji ("Super! 🎉")
//! and text emoticons ("Windows. ;-)").

use super::{is_closing, skip_whitespace};

/// A footnote or reference mark right after a sentence's final punctuation: the position
/// after it, or `at` when there is none.
pub(super) fn skip_footnote(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let superscripts = rest.len() - rest.trim_start_matches(is_superscript_digit).len();
    if superscripts > 0 {
        return at + superscripts;
    }
    if let Some(inner) = rest.strip_prefix('[')
        && let Some(n) = inner.find(']').filter(|&n| is_reference_mark(&inner[..n]))
    {
        return at + n + 2;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) && after_word_period(&text[..at]) {
        return at + digits;
    }
    at
}

/// The position after the emoji and emoticons (and the whitespace after them) at `at`.
pub(super) fn skip_emoji(text: &str, mut at: usize) -> usize {
    loop {
        if let Some(c) = text[at..].chars().next().filter(|&c| is_emoji(c)) {
            at = skip_whitespace(text, at + c.len_utf8());
        } else if let Some(len) = emoticon_at(&text[at..]) {
            at = skip_whitespace(text, at + len);
        } else {
            return at;
        }
    }
}

/// `before` (the text up to a sentence start) without what may follow the final
/// punctuation: whitespace, emoji, emoticons, footnote marks and closing quotes or brackets.
pub(super) fn sentence_end(before: &str) -> &str {
    let mut end = before;
    loop {
        let mut trimmed = end
            .trim_end()
            .trim_end_matches(|c: char| is_emoji(c) || is_superscript_digit(c));
        if let Some(e) = EMOTICONS.iter().find(|e| trimmed.ends_with(*e)) {
            let stem = &trimmed[..trimmed.len() - e.len()];
            if stem.ends_with(char::is_whitespace) {
                trimmed = stem;
            }
        }
        let trimmed = strip_reference(trimmed).trim_end_matches(is_closing);
        if trimmed.len() == end.len() {
            return end;
        }
        end = trimmed;
    }
}

/// "ernannt.[12]" → "ernannt.", "ernannt.12" → "ernannt."; anything else unchanged.
fn strip_reference(text: &str) -> &str {
    if let Some(inner) = text.strip_suffix(']')
        && let Some(open) = inner.rfind('[')
    {
        let before = &inner[..open];
        if is_reference_mark(&inner[open + 1..]) && before.ends_with(['.', '!', '?', '…']) {
            return before;
        }
    }
    let digits = text.len() - text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let before = &text[..text.len() - digits];
    if (1..=3).contains(&digits) && after_word_period(before) {
        return before;
    }
    text
}

/// "12", "a": what stands between the brackets of a reference mark.
fn is_reference_mark(mark: &str) -> bool {
    (1..=4).contains(&mark.len()) && mark.chars().all(char::is_alphanumeric)
}

/// Whether `before` ends with a word's period ("ernannt."), so that digits after it are a
/// footnote; after a number ("2.5") they are not.
fn after_word_period(before: &str) -> bool {
    before
        .strip_suffix('.')
        .and_then(|stem| stem.chars().next_back())
        .is_some_and(char::is_alphabetic)
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁰' | '⁴'..='⁹')
}

/// Pictographs and symbols that close a sentence like punctuation.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F | 0x200D)
}

/// Text emoticons that close a sentence like emoji.
const EMOTICONS: [&str; 16] = [
    ":-)", ";-)", ":)", ";)", ":-(", ":(", ":-D", ":D", ";-D", ":-P", ":P", ":-p", ":'(", ":-/",
    "^^", "<3",
];

/// The length of the emoticon `text` starts with, when it stands as a word of its own.
fn emoticon_at(text: &str) -> Option<usize> {
    EMOTICONS.iter().find_map(|e| {
        let rest = text.strip_prefix(e)?;
        rest.chars()
            .next()
            .is_none_or(char::is_whitespace)
            .then_some(e.len())
    })
}
