//! Checks on the English text itself, with the source for comparison: German quotes,
//! decimal commas, thousands dots and abbreviations left in English; quotes and brackets
//! without their pair; double spaces, a space before punctuation, leading and trailing
//! spaces that differ from the source; final punctuation that differs; a word written twice;
//! a target much longer or shorter than German→English allows.

use super::{Check, Context, Issue, Severity};
use regex::Regex;
use std::sync::OnceLock;

pub(super) fn check(source: &str, target: &str, cx: &Context, out: &mut Vec<Issue>) {
    if cx.runs(Check::GermanPunctuation) {
        german_punctuation(target, out);
    }
    if cx.runs(Check::Pairs) {
        pairs(source, target, out);
    }
    if cx.runs(Check::Spaces) {
        spaces(source, target, out);
    }
    if cx.runs(Check::FinalPunctuation) {
        final_punctuation(source, target, out);
    }
    if cx.runs(Check::RepeatedWord) {
        repeated_word(target, out);
    }
    if cx.runs(Check::Length) {
        length(source, target, out);
    }
}

/// German abbreviations and what English writes instead.
const ABBREVIATIONS: [(&str, &str); 16] = [
    ("z. B.", "e.g."),
    ("z.B.", "e.g."),
    ("d. h.", "i.e."),
    ("d.h.", "i.e."),
    ("u. a.", "among others"),
    ("u.a.", "among others"),
    ("bzw.", "or"),
    ("usw.", "etc."),
    ("ca.", "approx."),
    ("Mio.", "million"),
    ("Mrd.", "billion"),
    ("Nr.", "No."),
    ("vgl.", "cf."),
    ("ggf.", "if necessary"),
    ("inkl.", "incl."),
    ("sog.", "so-called"),
];

fn german_punctuation(target: &str, out: &mut Vec<Issue>) {
    for (at, c) in target.char_indices() {
        let english = match c {
            '„' => "“",
            '‚' => "‘",
            '»' | '«' => "",
            _ => continue,
        };
        let range = at..at + c.len_utf8();
        let issue = Issue::new(
            Check::GermanPunctuation,
            Severity::Warning,
            &c.to_string(),
            format!("German quotation mark {c}"),
        )
        .at(range.clone());
        out.push(if english.is_empty() {
            issue
        } else {
            issue.fix(range, english)
        });
    }
    static NUMBERS: OnceLock<Regex> = OnceLock::new();
    let numbers = NUMBERS.get_or_init(|| Regex::new(r"\d+(?:[.,]\d+)+").expect("number pattern"));
    for found in numbers.find_iter(target) {
        let written = found.as_str();
        let before = target[..found.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '.') {
            continue;
        }
        let groups: Vec<&str> = written.split([',', '.']).collect();
        let separators: Vec<char> = written.chars().filter(|c| *c == ',' || *c == '.').collect();
        if separators == [','] && groups[1].len() != 3 {
            out.push(
                Issue::new(
                    Check::GermanPunctuation,
                    Severity::Error,
                    written,
                    format!("decimal comma in {written}"),
                )
                .at(found.range())
                .fix(found.range(), written.replace(',', ".")),
            );
        } else if separators.iter().all(|c| *c == '.')
            && groups.len() >= 2
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3)
            && (groups.len() > 2 || !target[found.end()..].starts_with('.'))
            && !looks_like_a_version(target, found.start())
        {
            let english = written.replace('.', ",");
            out.push(
                Issue::new(
                    Check::GermanPunctuation,
                    Severity::Warning,
                    written,
                    format!("German thousands separator in {written}"),
                )
                .at(found.range())
                .fix(found.range(), english),
            );
        } else if separators.len() >= 2
            && separators[0] == '.'
            && *separators.last().unwrap() == ','
        {
            // 1.234,5
            let english = written
                .replace('.', "\u{0}")
                .replace(',', ".")
                .replace('\u{0}', ",");
            out.push(
                Issue::new(
                    Check::GermanPunctuation,
                    Severity::Error,
                    written,
                    format!("German number format in {written}"),
                )
                .at(found.range())
                .fix(found.range(), english),
            );
        }
    }
    for (german, english) in ABBREVIATIONS {
        for (at, _) in target.match_indices(german) {
            let before = target[..at].chars().next_back();
            if before.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let range = at..at + german.len();
            out.push(
                Issue::new(
                    Check::GermanPunctuation,
                    Severity::Warning,
                    german,
                    format!("German abbreviation “{german}” (English: {english})"),
                )
                .at(range.clone())
                .fix(range, english),
            );
        }
    }
}

fn looks_like_a_version(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end().to_lowercase();
    before.ends_with("version") || before.ends_with('v')
}

/// Double quotes in a text: German and English, straight and curly.
fn double_quotes(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, '„' | '“' | '”' | '"' | '»' | '«'))
        .count()
}

fn pairs(source: &str, target: &str, out: &mut Vec<Issue>) {
    if double_quotes(target) % 2 != double_quotes(source) % 2 {
        out.push(Issue::new(
            Check::Pairs,
            Severity::Warning,
            "quotes",
            "a quotation mark without its pair".into(),
        ));
    }
    for (open, close) in [('(', ')'), ('[', ']')] {
        let balance = |text: &str| {
            text.chars().filter(|c| *c == open).count() as i64
                - text.chars().filter(|c| *c == close).count() as i64
        };
        if balance(target) != balance(source) {
            out.push(Issue::new(
                Check::Pairs,
                Severity::Warning,
                &format!("{open}{close}"),
                format!("a bracket {open} {close} without its pair"),
            ));
        }
    }
}

fn spaces(source: &str, target: &str, out: &mut Vec<Issue>) {
    let mut at = 0;
    while let Some(found) = target[at..].find("  ") {
        let start = at + found;
        let end = start + target[start..].len() - target[start..].trim_start_matches(' ').len();
        if start > 0 && end < target.len() {
            out.push(
                Issue::new(
                    Check::Spaces,
                    Severity::Warning,
                    "double",
                    "double space".into(),
                )
                .at(start..end)
                .fix(start..end, " "),
            );
        }
        at = end;
    }
    for (at, c) in target.char_indices() {
        if matches!(c, ',' | '.' | ';' | ':' | '!' | '?') && at > 0 && target[..at].ends_with(' ') {
            let start = at - (target[..at].len() - target[..at].trim_end_matches(' ').len());
            if start == 0 || target[at..].starts_with("..") || target[..start].ends_with('.') {
                continue;
            }
            out.push(
                Issue::new(
                    Check::Spaces,
                    Severity::Warning,
                    &format!("before {c}"),
                    format!("space before “{c}”"),
                )
                .at(start..at)
                .fix(start..at, ""),
            );
        }
    }
    let leading = |t: &str| t.len() - t.trim_start().len();
    let trailing = |t: &str| t.len() - t.trim_end().len();
    if (leading(source) > 0) != (leading(target) > 0) {
        let n = leading(target);
        let source_space = &source[..leading(source)];
        out.push(
            Issue::new(
                Check::Spaces,
                Severity::Warning,
                "leading",
                "spaces at the start differ from the source".into(),
            )
            .fix(0..n, source_space),
        );
    }
    if (trailing(source) > 0) != (trailing(target) > 0) {
        let n = trailing(target);
        let source_space = &source[source.len() - trailing(source)..];
        out.push(
            Issue::new(
                Check::Spaces,
                Severity::Warning,
                "trailing",
                "spaces at the end differ from the source".into(),
            )
            .fix(target.len() - n..target.len(), source_space),
        );
    }
}

/// The sentence's final punctuation, closing quotes and brackets aside: `.`, `!`, `?`, `:`,
/// `;`, `…` (or three dots), or none.
fn final_mark(text: &str) -> Option<char> {
    let core = text
        .trim_end()
        .trim_end_matches(['“', '”', '"', '»', '«', '’', '\'', ')', ']', '*', '_']);
    if core.ends_with("...") {
        return Some('…');
    }
    core.chars()
        .next_back()
        .filter(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '…'))
}

fn final_punctuation(source: &str, target: &str, out: &mut Vec<Issue>) {
    let (s, t) = (final_mark(source), final_mark(target));
    if s == t {
        return;
    }
    let name = |m: Option<char>| m.map_or("none".to_string(), |c| format!("“{c}”"));
    out.push(Issue::new(
        Check::FinalPunctuation,
        Severity::Warning,
        &format!("{}>{}", name(s), name(t)),
        format!(
            "the source ends with {}, the target with {}",
            name(s),
            name(t)
        ),
    ));
}

fn repeated_word(target: &str, out: &mut Vec<Issue>) {
    let mut previous: Option<(usize, &str)> = None;
    let mut at = 0;
    for piece in target.split_inclusive(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’') {
        let word_len = piece
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric() && *c != '\'' && *c != '’')
            .map_or(piece.len(), |(i, _)| i);
        let word = &piece[..word_len];
        let separator = &piece[word_len..];
        if !word.is_empty() {
            if let Some((start, before)) = previous
                && before.to_lowercase() == word.to_lowercase()
                && word.chars().any(char::is_alphabetic)
                && !matches!(word.to_lowercase().as_str(), "had" | "that")
            {
                let range = start..at + word_len;
                let repeated = &target[range.clone()];
                out.push(
                    Issue::new(
                        Check::RepeatedWord,
                        Severity::Warning,
                        &word.to_lowercase(),
                        format!("“{repeated}”: a word written twice"),
                    )
                    .at(range.clone())
                    .fix(range, before),
                );
            }
            previous = (separator == " " || separator.is_empty()).then_some((at, word));
        } else if separator != " " {
            previous = None;
        }
        at += piece.len();
    }
}

/// English is usually a little shorter than German; a target under half or over 1.8 times
/// the source's length (for sources of 30 characters or more) is probably missing something
/// or carrying something extra.
fn length(source: &str, target: &str, out: &mut Vec<Issue>) {
    let (s, t) = (source.trim().chars().count(), target.trim().chars().count());
    if s < 30 {
        return;
    }
    let ratio = t as f64 / s as f64;
    let how = if ratio < LENGTH_RANGE.0 {
        "shorter"
    } else if ratio > LENGTH_RANGE.1 {
        "longer"
    } else {
        return;
    };
    out.push(Issue::new(
        Check::Length,
        Severity::Warning,
        how,
        format!(
            "the target is much {how} than the source ({t} characters to {s}, {}%)",
            (ratio * 100.0).round()
        ),
    ));
}

/// Shortest and longest target for a source, as a share of its length.
pub(super) const LENGTH_RANGE: (f64, f64) = (0.5, 1.8);
