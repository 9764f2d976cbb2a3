//! German figures read and written the English way: `1.000.000` → `1,000,000`, `2,5` → `2.5`,
//! `-3,7` → `-3.7`; four-digit figures without a separator (`2024`, `1300`) are left as they
//! are, since they are years as often as not.

/// A figure as German writes it, taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    negative: bool,
    integer: String,
    fraction: Option<String>,
    /// Whether the German grouped the thousands.
    grouped: bool,
}

impl Number {
    pub fn parse(german: &str) -> Option<Number> {
        let (negative, rest) = match german.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest),
            None => (false, german),
        };
        let (integer, fraction) = match rest.split_once(',') {
            Some((i, f)) => (i, Some(f.to_string())),
            None => (rest, None),
        };
        let grouped = integer.contains(['.', '\u{202F}', '\u{2009}', '\u{A0}']);
        let integer: String = integer.chars().filter(char::is_ascii_digit).collect();
        if integer.is_empty() || fraction.as_ref().is_some_and(|f| f.is_empty()) {
            return None;
        }
        Some(Number {
            negative,
            integer,
            fraction,
            grouped,
        })
    }

    pub fn english(&self) -> String {
        let mut out = String::new();
        if self.negative {
            out.push('-');
        }
        let digits = self.integer.trim_start_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        let keep = digits.len() <= 3 || (digits.len() == 4 && !self.grouped);
        if keep {
            out.push_str(&self.integer);
        } else {
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
        }
        if let Some(fraction) = &self.fraction {
            out.push('.');
            out.push_str(fraction);
        }
        out
    }
}

/// `st`, `nd`, `rd` or `th`.
pub fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}
