//! Placeables: what in a German sentence can be carried into English mechanically — numbers
//! (`1.000.000`, `2,5`, `-3,7`), percentages, amounts of money, dates, times, ordinals with
//! their noun, ranges — and what must stay exactly as it is (phone numbers, versions). Each is
//! found with its byte range and offered in English, American or British as the project
//! says: `1,000,000`, `2.5 percent` / `2.5 per cent`, `€1.2 billion`, `June 19, 2024` /
//! `19 June 2024`, `8:45 pm` / `20:45`, `20th century`.
//!
//! The words (months, scales, currencies, nouns after ordinals) are data,
//! `assets/placeables/de-en.toml`; the shapes are the patterns below. Recognition is one
//! pass of a few regular expressions over the sentence; where matches overlap, the one that
//! starts first wins, and of those the longest. Pure: text in, values out.

mod english;

use crate::model::Variant;
use english::{Number, ordinal_suffix};
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// What kind of placeable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Number,
    Percent,
    Money,
    Date,
    Time,
    Ordinal,
    Range,
    /// Phone numbers, versions: copied as they are.
    Verbatim,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Percent => "percent",
            Kind::Money => "money",
            Kind::Date => "date",
            Kind::Time => "time",
            Kind::Ordinal => "ordinal",
            Kind::Range => "range",
            Kind::Verbatim => "verbatim",
        }
    }
}

/// A placeable in a German text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeable {
    /// Byte range in the text.
    pub range: Range<usize>,
    pub kind: Kind,
    /// How it is written in English.
    pub english: String,
}

#[derive(Deserialize)]
struct Data {
    months: HashMap<String, String>,
    scales: HashMap<String, String>,
    currencies: Vec<Currency>,
    ordinal_nouns: HashMap<String, String>,
}

#[derive(Deserialize)]
struct Currency {
    german: Vec<String>,
    english: String,
    #[serde(default)]
    british: Option<String>,
    before: bool,
}

/// The data and the patterns built from it, once.
struct Rules {
    data: Data,
    /// German currency word or sign → index in `data.currencies`.
    currency: HashMap<String, usize>,
    patterns: Vec<(Shape, Regex)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Phone,
    DateWords,
    DateNumeric,
    IsoDate,
    Version,
    MonthYear,
    Time,
    MoneyBefore,
    MoneyAfter,
    Percent,
    Ordinal,
    YearRange,
    Range,
    Scaled,
    Number,
}

/// A German number: `1.000.000`, `2,5`, `-3,7`, `12 000` (a space, narrow or not), `1000`.
const NUMBER: &str = r"[-−]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[ \u{202F}\u{2009}\u{A0}]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)";

fn alternatives<'a>(words: impl Iterator<Item = &'a String>) -> String {
    let mut words: Vec<&String> = words.collect();
    // Longest first, so that "Millionen" is tried before "Million".
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let data: Data = toml::from_str(include_str!("../../assets/placeables/de-en.toml"))
            .expect("the bundled placeables data is valid");
        let mut currency = HashMap::new();
        for (i, c) in data.currencies.iter().enumerate() {
            for word in &c.german {
                currency.insert(word.clone(), i);
            }
        }
        let months = alternatives(data.months.keys());
        let scales = alternatives(data.scales.keys());
        let money = alternatives(currency.keys());
        // Before a figure only signs and codes ("€ 300", "CHF 120"): "Euro 2024" is a
        // tournament, not an amount.
        let signs = alternatives(currency.keys().filter(|w| {
            !w.chars().any(char::is_lowercase)
        }));
        let nouns = alternatives(data.ordinal_nouns.keys());
        let n = NUMBER;
        let pattern = |shape: Shape, text: String| {
            (
                shape,
                Regex::new(&text).unwrap_or_else(|e| panic!("{shape:?}: {e}")),
            )
        };
        const PREPOSITION: &str = "(?i:(am|vom|bis zum|zum|seit dem|ab dem) )?";
        let patterns = vec![
            pattern(
                Shape::Phone,
                r"(?:\+\d{1,3}[\s/-]?(?:\(0\)\s?)?\d{1,5}(?:[\s/-]?\d{2,}){1,4}|\b0\d{2,5}[/-]\s?\d{3,}(?:[\s-]\d+)*)".into(),
            ),
            pattern(
                Shape::DateWords,
                format!(r"{PREPOSITION}(\d{{1,2}})\.\s?({months})(?:\s(\d{{4}}))?"),
            ),
            pattern(
                Shape::DateNumeric,
                format!(r"{PREPOSITION}(\d{{1,2}})\.\s?(\d{{1,2}})\.(\d{{4}}|\d{{2}}(?:\D|$))?"),
            ),
            pattern(Shape::IsoDate, r"(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?\b".into()),
            pattern(Shape::Version, r"\bv?\d+\.\d+\.\d+(?:\.\d+)*\b".into()),
            pattern(Shape::MonthYear, format!(r"(?:(?i:(im)) )?({months})\s(\d{{4}})")),
            pattern(Shape::Time, r"(\d{1,2})(?:[.:](\d{2}))?\s?Uhr".into()),
            pattern(
                Shape::MoneyBefore,
                format!(r"({signs})\s?({n})(?:\s?({scales}))?"),
            ),
            pattern(
                Shape::MoneyAfter,
                format!(r"({n})(?:\s?({scales}))?\s?({money})"),
            ),
            pattern(
                Shape::Percent,
                format!(r"({n})\s?(Prozentpunkte[n]?|Prozent|%)"),
            ),
            pattern(Shape::Ordinal, format!(r"(\d{{1,4}})\.\s({nouns})\b")),
            pattern(
                Shape::YearRange,
                r"(?:(von) )?(\d{4})\s?(?:([-–/])|(bis))\s?(\d{4}|\d{2})\b".into(),
            ),
            pattern(
                Shape::Range,
                format!(
                    r"(?:(von|zwischen) )?({n})\s?(?:[-–]|(bis|und))\s?({n})(?:\s?(Prozent|%|{scales}))?"
                ),
            ),
            pattern(Shape::Scaled, format!(r"({n})\s?({scales})")),
            pattern(Shape::Number, n.to_string()),
        ];
        Rules {
            data,
            currency,
            patterns,
        }
    })
}

/// Every placeable in `text`, in order, none overlapping.
pub fn find(text: &str, variant: Variant) -> Vec<Placeable> {
    let rules = rules();
    let mut candidates: Vec<(usize, usize, usize, Placeable)> = Vec::new();
    for (priority, (shape, regex)) in rules.patterns.iter().enumerate() {
        for captures in regex.captures_iter(text) {
            let whole = captures.get(0).expect("a match has a whole");
            let mut range = whole.range();
            // A two-digit year pattern may have eaten the character after it.
            if *shape == Shape::DateNumeric
                && let Some(year) = captures.get(4)
                && year.as_str().len() > 2
                && !year.as_str().ends_with(|c: char| c.is_ascii_digit())
            {
                let last = year.as_str().chars().next_back().map_or(0, char::len_utf8);
                range.end -= last;
            }
            if !bounded(text, &range) {
                continue;
            }
            if let Some(english) = render(rules, *shape, &captures, &text[range.clone()], variant) {
                let kind = kind_of(*shape);
                candidates.push((
                    range.start,
                    usize::MAX - range.len(),
                    priority,
                    Placeable {
                        range,
                        kind,
                        english,
                    },
                ));
            }
        }
    }
    candidates.sort_by_key(|(start, longest, priority, _)| (*start, *longest, *priority));
    let mut out: Vec<Placeable> = Vec::new();
    for (_, _, _, placeable) in candidates {
        if out
            .last()
            .is_none_or(|last| placeable.range.start >= last.range.end)
        {
            out.push(placeable);
        }
    }
    out
}

/// A match must not start or end inside a word or a longer figure (`F-16`, `G7`, `COVID-19`,
/// `123456` inside `A123456`).
fn bounded(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let inside_before = match before {
        Some(c) if c.is_alphanumeric() => true,
        Some('-' | '/') => text[..range.start]
            .chars()
            .rev()
            .nth(1)
            .is_some_and(char::is_alphanumeric),
        Some(',' | '.') => text[..range.start]
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    let first = text[range.clone()].chars().next();
    let word_start = first.is_some_and(char::is_alphabetic);
    let inside_after = match after {
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if c.is_alphabetic() => {
            // "24-jährige" ends the figure at the hyphen; "3x" or "12a" continue it.
            !text[range.clone()].ends_with(|c: char| c.is_alphabetic() || c == '.' || c == '%')
        }
        Some(',' | '.' | ':' | '/') => text[range.end..]
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    (!inside_before || word_start) && !inside_after
}

fn kind_of(shape: Shape) -> Kind {
    match shape {
        Shape::Phone | Shape::Version => Kind::Verbatim,
        Shape::DateWords | Shape::DateNumeric | Shape::IsoDate | Shape::MonthYear => Kind::Date,
        Shape::Time => Kind::Time,
        Shape::MoneyBefore | Shape::MoneyAfter => Kind::Money,
        Shape::Percent => Kind::Percent,
        Shape::Ordinal => Kind::Ordinal,
        Shape::YearRange | Shape::Range => Kind::Range,
        Shape::Scaled | Shape::Number => Kind::Number,
    }
}

fn group<'t>(captures: &regex::Captures<'t>, i: usize) -> Option<&'t str> {
    captures.get(i).map(|m| m.as_str())
}

fn preposition(german: Option<&str>) -> &'static str {
    match german.map(str::to_lowercase).as_deref() {
        Some("am") => "on ",
        Some("vom" | "seit dem" | "ab dem") => "from ",
        Some("bis zum") => "until ",
        Some("zum") => "by ",
        Some("im") => "in ",
        _ => "",
    }
}

fn date(month: &str, day: Option<u32>, year: Option<&str>, variant: Variant) -> String {
    match (day, year, variant) {
        (Some(day), Some(year), Variant::American) => format!("{month} {day}, {year}"),
        (Some(day), Some(year), Variant::British) => format!("{day} {month} {year}"),
        (Some(day), None, Variant::American) => format!("{month} {day}"),
        (Some(day), None, Variant::British) => format!("{day} {month}"),
        (None, Some(year), _) => format!("{month} {year}"),
        (None, None, _) => month.to_string(),
    }
}

/// The English months.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn render(
    rules: &Rules,
    shape: Shape,
    c: &regex::Captures,
    whole: &str,
    variant: Variant,
) -> Option<String> {
    let number = |i: usize| group(c, i).and_then(Number::parse);
    let scale = |i: usize| group(c, i).and_then(|s| rules.data.scales.get(s)).cloned();
    Some(match shape {
        Shape::Phone => whole.to_string(),
        Shape::Version => {
            // `1.000.000` is a number and `13.13.2020` a date that cannot be; neither is a
            // version.
            let parts: Vec<&str> = whole.trim_start_matches('v').split('.').collect();
            let thousands = parts.len() > 1 && parts[1..].iter().all(|p| p.len() == 3);
            let date_like = parts.len() == 3
                && parts[0].len() <= 2
                && parts[1].len() <= 2
                && (parts[2].len() == 2 || parts[2].len() == 4);
            if !whole.starts_with('v') && (thousands || date_like) {
                return None;
            }
            whole.to_string()
        }
        Shape::DateWords => {
            let day: u32 = group(c, 2)?.parse().ok()?;
            if !(1..=31).contains(&day) {
                return None;
            }
            let month = rules.data.months.get(group(c, 3)?)?;
            format!(
                "{}{}",
                preposition(group(c, 1)),
                date(month, Some(day), group(c, 4), variant)
            )
        }
        Shape::DateNumeric => {
            let day: u32 = group(c, 2)?.parse().ok()?;
            let month: usize = group(c, 3)?.parse().ok()?;
            if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
                return None;
            }
            let year = group(c, 4).map(|y| y.trim_end_matches(|c: char| !c.is_ascii_digit()));
            let year = match year {
                Some(y) if y.len() == 2 => {
                    let two: u32 = y.parse().ok()?;
                    Some(if two < 50 { 2000 + two } else { 1900 + two }.to_string())
                }
                Some(y) => Some(y.to_string()),
                None => None,
            };
            format!(
                "{}{}",
                preposition(group(c, 1)),
                date(MONTHS[month - 1], Some(day), year.as_deref(), variant)
            )
        }
        Shape::IsoDate => {
            let month: usize = group(c, 2)?.parse().ok()?;
            // "2011-12" is a season or a range as often as December 2011.
            if month >= 10 && group(c, 3).is_none() {
                return None;
            }
            let day = match group(c, 3) {
                Some(d) => {
                    let d: u32 = d.parse().ok()?;
                    (1..=31).contains(&d).then_some(d)?;
                    Some(d)
                }
                None => None,
            };
            date(MONTHS[month - 1], day, group(c, 1), variant)
        }
        Shape::MonthYear => {
            let month = rules.data.months.get(group(c, 2)?)?;
            format!("{}{month} {}", preposition(group(c, 1)), group(c, 3)?)
        }
        Shape::Time => {
            let hour: u32 = group(c, 1)?.parse().ok()?;
            let minute: u32 = group(c, 2).map_or(Some(0), |m| m.parse().ok())?;
            if hour > 24 || minute > 59 {
                return None;
            }
            match variant {
                Variant::British => format!("{hour:02}:{minute:02}"),
                Variant::American => {
                    let (h12, half) = match hour % 24 {
                        0 => (12, "am"),
                        h @ 1..=11 => (h, "am"),
                        12 => (12, "pm"),
                        h => (h - 12, "pm"),
                    };
                    if minute == 0 {
                        format!("{h12} {half}")
                    } else {
                        format!("{h12}:{minute:02} {half}")
                    }
                }
            }
        }
        Shape::MoneyBefore | Shape::MoneyAfter => {
            let (money, figure, scale_at) = if shape == Shape::MoneyBefore {
                (group(c, 1)?, number(2)?, 3)
            } else {
                (group(c, 3)?, number(1)?, 2)
            };
            let currency = &rules.data.currencies[*rules.currency.get(money)?];
            let amount = match scale(scale_at) {
                Some(scale) => format!("{} {scale}", figure.english()),
                None => figure.english(),
            };
            let word = match (variant, &currency.british) {
                (Variant::British, Some(british)) => british,
                _ => &currency.english,
            };
            if currency.before {
                let (sign, amount) = match amount.strip_prefix('-') {
                    Some(rest) => ("-", rest.to_string()),
                    None => ("", amount),
                };
                format!("{sign}{word}{amount}")
            } else {
                format!("{amount} {word}")
            }
        }
        Shape::Percent => {
            let figure = number(1)?.english();
            match group(c, 2)? {
                "%" => format!("{figure}%"),
                "Prozent" => match variant {
                    Variant::American => format!("{figure} percent"),
                    Variant::British => format!("{figure} per cent"),
                },
                _ => format!("{figure} percentage points"),
            }
        }
        Shape::Ordinal => {
            let n: u32 = group(c, 1)?.parse().ok()?;
            let noun = rules.data.ordinal_nouns.get(group(c, 2)?)?;
            format!("{n}{} {noun}", ordinal_suffix(n))
        }
        Shape::YearRange => {
            let (from, to) = (group(c, 2)?, group(c, 5)?);
            match (group(c, 1), group(c, 3), group(c, 4)) {
                (Some(_), _, Some(_)) => format!("from {from} to {to}"),
                (None, _, Some(_)) => format!("{from} to {to}"),
                (_, Some("/"), _) => format!("{from}/{to}"),
                (None, Some(_), None) => format!("{from}–{to}"),
                _ => return None,
            }
        }
        Shape::Range => {
            let (from, to) = (number(2)?.english(), number(4)?.english());
            let range = match (group(c, 1), group(c, 3)) {
                (Some("zwischen"), Some("und")) => format!("between {from} and {to}"),
                (_, Some("und")) => return None,
                (Some("von"), _) => format!("from {from} to {to}"),
                (Some(_), _) => return None,
                (None, Some(_)) => format!("{from} to {to}"),
                (None, None) => format!("{from}–{to}"),
            };
            match group(c, 5) {
                None => range,
                Some("%") => format!("{range}%"),
                Some("Prozent") => match variant {
                    Variant::American => format!("{range} percent"),
                    Variant::British => format!("{range} per cent"),
                },
                Some(scale) => format!("{range} {}", rules.data.scales.get(scale)?),
            }
        }
        Shape::Scaled => format!("{} {}", number(1)?.english(), scale(2)?),
        Shape::Number => number(0)?.english(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(text: &str) -> Vec<String> {
        find(text, Variant::American)
            .into_iter()
            .map(|p| p.english)
            .collect()
    }

    #[test]
    fn ranges_are_byte_ranges_of_the_source() {
        let text = "Am 19. Juni 2024 stiegen die Preise um 2,5 Prozent.";
        let found = find(text, Variant::American);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(&text[found[0].range.clone()], "Am 19. Juni 2024");
        assert_eq!(&text[found[1].range.clone()], "2,5 Prozent");
    }

    #[test]
    fn names_with_figures_are_not_numbers() {
        assert!(english("Die F-16-Flugzeuge und die G7 sowie COVID-19.").is_empty());
    }
}
