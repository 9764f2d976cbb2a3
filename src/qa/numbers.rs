//! Numbers, dates and times: every placeable of the source must be in the target in some
//! English form (`2,5 Prozent` → `2.5 percent`, `2.5%`, `2.5 per cent`; `19. Juni` → `June 19`,
//! `19 June`; `20.45 Uhr` → `8:45 pm`, `20:45`; `3. Mal` → `3rd`, `third`; `1.000.000` →
//! `1,000,000`, `one million`), and every number written in digits in the target must come
//! from the source.
//!
//! Forms are compared by value, not by spelling: a number matches another when their values
//! are equal, or their values after a scale word (`1.2 billion` = `1,200 million`).

use super::{Check, Issue, Severity};
use crate::model::Variant;
use crate::placeables::{self, Kind, MONTHS, Placeable};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A number as written and after its scale word: `1.2 billion` is 1.2 and 1.2e9.
#[derive(Clone, Copy, Debug)]
struct Value {
    raw: f64,
    scaled: f64,
}

impl Value {
    fn plain(raw: f64) -> Value {
        Value { raw, scaled: raw }
    }

    fn is_scaled(self) -> bool {
        !same(self.raw, self.scaled)
    }

    /// Equal values; two numbers with scale words must be equal after them (`1.2 billion`
    /// is not `1.2 million`).
    fn matches(self, other: Value) -> bool {
        if self.is_scaled() && other.is_scaled() {
            same(self.scaled, other.scaled)
        } else {
            same(self.raw, other.raw) || same(self.scaled, other.scaled)
        }
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

pub(super) fn check(source: &str, target: &str, found: &[Placeable], out: &mut Vec<Issue>) {
    let in_target = english_values(target);
    let lower_target = target.to_lowercase();
    let mut both: Option<Vec<Placeable>> = None;
    for placeable in found {
        let german = &source[placeable.range.clone()];
        if placeable.kind == Kind::Verbatim {
            if !target.contains(german) {
                out.push(Issue::new(
                    Check::Numbers,
                    Severity::Error,
                    german,
                    format!("“{german}” must stand in the target as it is"),
                ));
            }
            continue;
        }
        if present(&placeable.english, &lower_target, &in_target) {
            continue;
        }
        // Both variants' forms of every placeable, found only if one is needed.
        let both = both.get_or_insert_with(|| {
            Variant::ALL
                .iter()
                .flat_map(|variant| placeables::find(source, *variant))
                .collect()
        });
        let alternative = both
            .iter()
            .filter(|p| p.range == placeable.range)
            .any(|p| present(&p.english, &lower_target, &in_target));
        if !alternative {
            out.push(Issue::new(
                Check::Numbers,
                Severity::Error,
                german,
                if placeable.english == german {
                    format!("{} “{german}” is not in the target", placeable.kind.name())
                } else {
                    format!(
                        "{} “{german}” ({}) is not in the target",
                        placeable.kind.name(),
                        placeable.english
                    )
                },
            ));
        }
    }
    let mut in_source: Vec<Value> = Vec::new();
    for placeable in found {
        in_source.extend(
            english_values(&placeable.english)
                .into_iter()
                .map(|(_, v)| v),
        );
    }
    in_source.extend(german_values(source));
    if let Some(both) = &both {
        for placeable in both {
            in_source.extend(
                english_values(&placeable.english)
                    .into_iter()
                    .map(|(_, v)| v),
            );
        }
    }
    for (range, value) in in_target {
        if range.is_empty() || !target[range.clone()].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if !in_source.iter().any(|v| v.matches(value)) {
            let written = &target[range.clone()];
            out.push(
                Issue::new(
                    Check::Numbers,
                    Severity::Warning,
                    &format!("+{written}"),
                    format!("{written} is not in the source"),
                )
                .at(range),
            );
        }
    }
}

/// Whether the English form `english` is in the target: as written, or by its values (and
/// its month, if it names one).
fn present(english: &str, lower_target: &str, in_target: &[(Range<usize>, Value)]) -> bool {
    if lower_target.contains(&english.to_lowercase()) {
        return true;
    }
    let needed = english_values(english);
    let values_there = needed
        .iter()
        .all(|(_, n)| in_target.iter().any(|(_, t)| n.matches(*t)));
    let month_there = MONTHS
        .iter()
        .find(|m| english.contains(*m))
        .is_none_or(|m| {
            lower_target.contains(&m.to_lowercase())
                || abbreviation_there(lower_target, &m.to_lowercase()[..3])
        });
    !needed.is_empty() && values_there && month_there
}

fn abbreviation_there(text: &str, short: &str) -> bool {
    text.match_indices(short).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + short.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphabetic()) && after.is_none_or(|c| !c.is_alphabetic())
            || after == Some('t') && text[at..].starts_with("sept")
    })
}

/// English numbers in `text` with their byte ranges: digits (`1,000,000`, `2.5`, `3rd`,
/// `8:45` as 8 and 45) and words (`three`, `third`, `a million`), each with a scale word
/// after it if there is one.
fn english_values(text: &str) -> Vec<(Range<usize>, Value)> {
    static DIGITS: OnceLock<Regex> = OnceLock::new();
    let digits = DIGITS.get_or_init(|| {
        Regex::new(
            r"(?i)\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|a|an)\b",
        )
        .expect("number pattern")
    });
    let mut out = Vec::new();
    for found in digits.find_iter(text) {
        let written = found.as_str();
        let before = text[..found.start()].chars().next_back();
        let range = found.range();
        let raw = if written.starts_with(|c: char| c.is_ascii_digit()) {
            // Part of a word or code (G7, F-16, A320): not a number of the sentence.
            if before.is_some_and(|c| c.is_alphabetic() || c == '_')
                || before == Some('-') && preceded_by_letter(text, found.start() - 1)
            {
                continue;
            }
            // "8.45 pm": a time, hours and minutes.
            if let Some(time) = time_with_dot(text, &range) {
                out.extend(time);
                continue;
            }
            match written.replace(',', "").parse::<f64>() {
                Ok(value) => value,
                Err(_) => continue,
            }
        } else {
            match word_value(&written.to_lowercase()) {
                Some(value) => value,
                None => continue,
            }
        };
        let scale = scale_after(&text[range.end..]);
        if matches!(written.to_lowercase().as_str(), "a" | "an") {
            // "a million": a number only before a scale word.
            match scale {
                Some(scale) => out.push((
                    range,
                    Value {
                        raw: 1.0,
                        scaled: scale,
                    },
                )),
                None => continue,
            }
            continue;
        }
        out.push((
            range,
            Value {
                raw,
                scaled: raw * scale.unwrap_or(1.0),
            },
        ));
    }
    out
}

fn preceded_by_letter(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic)
}

/// `8.45 pm` / `8.45pm`: hours and minutes.
fn time_with_dot(text: &str, range: &Range<usize>) -> Option<[(Range<usize>, Value); 2]> {
    let written = &text[range.clone()];
    let (hours, minutes) = written.split_once('.')?;
    if hours.len() > 2 || minutes.len() != 2 {
        return None;
    }
    let after = text[range.end..].trim_start().to_lowercase();
    if !(after.starts_with("am")
        || after.starts_with("pm")
        || after.starts_with("a.m")
        || after.starts_with("p.m"))
    {
        return None;
    }
    let at = range.start + hours.len() + 1;
    Some([
        (range.start..at - 1, Value::plain(hours.parse().ok()?)),
        (at..range.end, Value::plain(minutes.parse().ok()?)),
    ])
}

fn scale_after(rest: &str) -> Option<f64> {
    let word: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    if rest.starts_with(|c: char| c.is_alphabetic()) && !matches!(word.as_str(), "bn" | "m" | "k") {
        // "3rd", "1990s": a suffix, not a scale.
        return None;
    }
    Some(match word.as_str() {
        "thousand" | "k" => 1e3,
        "million" | "millions" | "m" | "mn" => 1e6,
        "billion" | "billions" | "bn" => 1e9,
        "trillion" | "trillions" => 1e12,
        _ => return None,
    })
}

fn word_value(word: &str) -> Option<f64> {
    const CARDINALS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const ORDINALS: [&str; 21] = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    const TENS: [(&str, f64); 9] = [
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("seventy", 70.0),
        ("eighty", 80.0),
        ("ninety", 90.0),
        ("hundred", 100.0),
        ("thirtieth", 30.0),
    ];
    if word == "dozen" {
        return Some(12.0);
    }
    if let Some(i) = CARDINALS.iter().position(|w| *w == word) {
        return Some(i as f64);
    }
    if let Some(i) = ORDINALS.iter().skip(1).position(|w| *w == word) {
        return Some(i as f64 + 1.0);
    }
    TENS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// Numbers in the German source as written there, and each run of digits on its own (so
/// that `19.06.2024` accounts for 19, 6 and 2024), and German number words.
fn german_values(source: &str) -> Vec<Value> {
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let number = NUMBER.get_or_init(|| {
        Regex::new(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+").expect("number pattern")
    });
    let mut out = Vec::new();
    for found in number.find_iter(source) {
        let german = found.as_str().replace('.', "").replace(',', ".");
        if let Ok(value) = german.parse::<f64>() {
            out.push(Value::plain(value));
        }
    }
    for run in source.split(|c: char| !c.is_ascii_digit()) {
        if let Ok(value) = run.parse::<f64>() {
            out.push(Value::plain(value));
        }
    }
    for word in source.split(|c: char| !c.is_alphabetic()) {
        if let Some(value) = german_word_value(&word.to_lowercase()) {
            out.push(Value::plain(value));
        }
    }
    out
}

fn german_word_value(word: &str) -> Option<f64> {
    const STEMS: [(&str, f64); 24] = [
        ("eins", 1.0),
        ("erst", 1.0),
        ("zwei", 2.0),
        ("drei", 3.0),
        ("dritt", 3.0),
        ("vier", 4.0),
        ("fünf", 5.0),
        ("sechs", 6.0),
        ("sieben", 7.0),
        ("sieb", 7.0),
        ("acht", 8.0),
        ("neun", 9.0),
        ("zehn", 10.0),
        ("elf", 11.0),
        ("zwölf", 12.0),
        ("zwanzig", 20.0),
        ("dreißig", 30.0),
        ("vierzig", 40.0),
        ("fünfzig", 50.0),
        ("sechzig", 60.0),
        ("siebzig", 70.0),
        ("achtzig", 80.0),
        ("neunzig", 90.0),
        ("hundert", 100.0),
    ];
    STEMS.iter().find_map(|(stem, value)| {
        let rest = word.strip_prefix(stem)?;
        matches!(
            rest,
            "" | "e"
                | "en"
                | "er"
                | "es"
                | "em"
                | "te"
                | "ten"
                | "ter"
                | "tes"
                | "tem"
                | "ste"
                | "sten"
                | "ster"
                | "stes"
                | "stem"
                | "mal"
        )
        .then_some(*value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues(source: &str, target: &str) -> Vec<String> {
        let found = placeables::find(source, Variant::American);
        let mut out = Vec::new();
        check(source, target, &found, &mut out);
        out.into_iter().map(|i| i.key).collect()
    }

    #[test]
    fn english_forms_of_the_source_numbers_pass() {
        let clean = [
            (
                "Die Inflation lag bei 2,5 Prozent.",
                "Inflation was 2.5 percent.",
            ),
            (
                "Die Inflation lag bei 2,5 Prozent.",
                "Inflation stood at 2.5%.",
            ),
            (
                "Die Inflation lag bei 2,5 Prozent.",
                "Inflation was 2.5 per cent.",
            ),
            ("Das kostet 1,2 Mrd. Euro.", "That costs €1.2 billion."),
            ("Das kostet 1,2 Mrd. Euro.", "That costs 1.2 billion euros."),
            ("Das kostet 1,2 Mrd. Euro.", "That costs €1,200 million."),
            ("Am 19. Juni 2024 kam er.", "He came on 19 June 2024."),
            ("Am 19. Juni 2024 kam er.", "He came on June 19, 2024."),
            ("Er kam am 19.06.2024.", "He came on 19 June 2024."),
            ("Um 20.45 Uhr begann es.", "It began at 8:45 pm."),
            ("Um 20.45 Uhr begann es.", "It began at 20:45."),
            ("Um 20.45 Uhr begann es.", "It began at 8.45pm."),
            ("Zum 3. Mal siegte er.", "He won for the third time."),
            ("Im 20. Jahrhundert.", "In the 20th century."),
            ("1.000.000 Menschen", "One million people"),
            ("1.000.000 Menschen", "1,000,000 people"),
            ("Zwei Millionen Menschen", "2 million people"),
            ("Von 1961–2024 galt es.", "It applied from 1961 to 2024."),
            ("Es waren 3 bis 5 Tage.", "It took three to five days."),
            ("Die G7 traf sich.", "The G7 met."),
            ("Die 1990er Jahre", "The 1990s"),
        ];
        for (source, target) in clean {
            assert!(
                issues(source, target).is_empty(),
                "{source} → {target}: {:?}",
                issues(source, target)
            );
        }
    }

    #[test]
    fn missing_and_extra_numbers_are_reported() {
        assert_eq!(
            issues(
                "Die Inflation lag bei 2,5 Prozent.",
                "Inflation was 25 percent."
            ),
            ["numbers:2,5 Prozent", "numbers:+25"]
        );
        assert_eq!(
            issues("Am 19. Juni 2024 kam er.", "He came on 19 July 2024."),
            ["numbers:Am 19. Juni 2024"]
        );
        assert_eq!(
            issues("Um 20.45 Uhr begann es.", "It began at 9:45 pm."),
            ["numbers:20.45 Uhr", "numbers:+9"]
        );
        assert_eq!(issues("Er kam.", "He came in 2024."), ["numbers:+2024"]);
        assert_eq!(
            issues("Die Version 2.4.1 ist da.", "Version 2.41 is out."),
            ["numbers:2.4.1", "numbers:+2.41"]
        );
    }
}
