//! How the memory sees a sentence: a sequence of [`Token`]s (words, numbers, punctuation and
//! inline placeholders), each with an index key that is coarse on purpose (a crude stem, the
//! same key for every number), and the normalisation that decides when two sources are "the
//! same sentence" for propagation.

use std::hash::{Hash, Hasher};
use std::ops::Range;

/// What a token is; the kind decides its weight in the score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    /// Punctuation, symbols and inline placeholders (`{1}`, `{/1}`, `{2/}`).
    Punct,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte range in the sentence.
    pub range: Range<usize>,
    /// Hashes of the lower-case form and of the crude stem (words only; for the others, of
    /// the text): computed once, so comparing tokens never allocates.
    pub folded: u64,
    pub stemmed: u64,
}

impl Token<'_> {
    /// Words and numbers: what the index counts.
    pub fn is_content(&self) -> bool {
        self.kind != Kind::Punct
    }

    /// The index key: a hash of the word's crude stem; one key for all numbers. Tokens that
    /// the score treats as (nearly) equal always share a key.
    pub fn key(&self) -> u64 {
        match self.kind {
            Kind::Number => NUMBER_KEY,
            Kind::Word | Kind::Punct => self.stemmed,
        }
    }

    fn new<'t>(kind: Kind, text: &'t str, range: Range<usize>, lower: &mut String) -> Token<'t> {
        let (folded, stemmed) = match kind {
            Kind::Word => {
                lower_into(text, lower);
                (hash_str(lower), hash_str(stem_of_lower(lower)))
            }
            Kind::Number | Kind::Punct => {
                let hash = hash_str(text);
                (hash, hash)
            }
        };
        Token {
            kind,
            text,
            range,
            folded,
            stemmed,
        }
    }
}

const NUMBER_KEY: u64 = 0x6e75_6d62_6572_0000;

/// A stable hash (FNV-1a, 64 bits): the same on every run and platform.
pub fn hash_str(text: &str) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    hasher.write(text.as_bytes());
    hasher.finish()
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Hashes any value stably (used for pairs of texts).
pub fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    value.hash(&mut hasher);
    hasher.finish()
}

/// Lower case with one common German or English inflection ending removed, so that
/// *Abkommen*, *Abkommens*; *Russland*, *Russlands*; *nordkoreanische*, *nordkoreanischen*;
/// *agreement*, *agreements* share a stem. Crude by design: it only decides which units are
/// looked at (every candidate is then scored exactly) and what concordance tolerates.
pub fn stem(word: &str) -> String {
    let mut lower = String::new();
    lower_into(word, &mut lower);
    stem_of_lower(&lower).to_string()
}

fn stem_of_lower(lower: &str) -> &str {
    const ENDINGS: [&str; 10] = ["ern", "ens", "ers", "em", "en", "er", "es", "e", "s", "n"];
    for ending in ENDINGS {
        if let Some(rest) = lower.strip_suffix(ending)
            && rest.chars().nth(3).is_some()
        {
            return rest;
        }
    }
    lower
}

fn is_placeholder_at(text: &str, at: usize) -> Option<usize> {
    // `{1}`, `{/1}`, `{1/}`: inline tags of imported memories.
    let rest = &text[at..];
    let inner = rest.strip_prefix('{')?;
    let close = inner.find('}')?;
    let body = &inner[..close];
    let digits = body.trim_start_matches('/').trim_end_matches('/');
    (!digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(close + 2)
}

/// Splits a sentence into tokens. Letters (with inner hyphens, apostrophes and digits) make
/// words; digits with inner `.`/`,` separators make numbers; every other visible character
/// is a punctuation token on its own; white space separates and is dropped.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut lower = String::new();
    scan(text, |kind, range| {
        out.push(Token::new(kind, &text[range.clone()], range, &mut lower));
    });
    out
}

/// The index keys of the words and numbers of `text` (what [`Token::key`] gives for each),
/// appended to `out`: the fast path for indexing, without building tokens. Returns the
/// counts of content tokens and of punctuation.
pub fn content_keys(text: &str, out: &mut Vec<u64>) -> (u32, u32) {
    let mut lower = String::new();
    let (mut content, mut punct) = (0, 0);
    scan(text, |kind, range| match kind {
        Kind::Word => {
            lower_into(&text[range], &mut lower);
            out.push(hash_str(stem_of_lower(&lower)));
            content += 1;
        }
        Kind::Number => {
            out.push(NUMBER_KEY);
            content += 1;
        }
        Kind::Punct => punct += 1,
    });
    (content, punct)
}

fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Finds the tokens of `text` (see [`tokens`]), handing each one's kind and range to `emit`.
fn scan(text: &str, mut emit: impl FnMut(Kind, Range<usize>)) {
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c == '{'
            && let Some(len) = is_placeholder_at(text, start)
        {
            while chars.peek().is_some_and(|(i, _)| *i < start + len) {
                chars.next();
            }
            emit(Kind::Punct, start..start + len);
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            let mut letters = c.is_alphabetic();
            while let Some(&(i, next)) = chars.peek() {
                if next.is_alphanumeric() {
                    letters |= next.is_alphabetic();
                    end = i + next.len_utf8();
                    chars.next();
                    continue;
                }
                // Inner joiners: a hyphen or apostrophe inside a word, a separator inside a
                // number, when followed by another letter or digit.
                let joins = matches!(next, '-' | '\'' | '’' | '.' | ',');
                if joins {
                    let after = text[i + next.len_utf8()..].chars().next();
                    let numeric_separator = matches!(next, '.' | ',') && !letters;
                    let word_joiner = matches!(next, '-' | '\'' | '’');
                    if after.is_some_and(|a| {
                        (numeric_separator && a.is_ascii_digit())
                            || (word_joiner && a.is_alphanumeric())
                    }) {
                        chars.next();
                        continue;
                    }
                }
                break;
            }
            let kind = if letters { Kind::Word } else { Kind::Number };
            emit(kind, start..end);
            continue;
        }
        emit(Kind::Punct, start..start + c.len_utf8());
    }
}

/// The form in which two sources count as the same sentence for propagation: white space
/// collapsed, typographic quotes and apostrophes made plain, dashes made one.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(match c {
            '„' | '“' | '”' | '»' | '«' | '″' => '"',
            '‚' | '‘' | '’' | '›' | '‹' | '′' => '\'',
            '–' | '—' | '‒' => '-',
            other => other,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Vec<(Kind, &str)> {
        tokens(text).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn words_numbers_punctuation_and_placeholders() {
        assert_eq!(
            shape("Am 19.06.2024 kamen 1.000,5 Gäste – {1}fett{/1}{2/}, z.B. Nord-Korea's."),
            vec![
                (Kind::Word, "Am"),
                (Kind::Number, "19.06.2024"),
                (Kind::Word, "kamen"),
                (Kind::Number, "1.000,5"),
                (Kind::Word, "Gäste"),
                (Kind::Punct, "–"),
                (Kind::Punct, "{1}"),
                (Kind::Word, "fett"),
                (Kind::Punct, "{/1}"),
                (Kind::Punct, "{2/}"),
                (Kind::Punct, ","),
                (Kind::Word, "z"),
                (Kind::Punct, "."),
                (Kind::Word, "B"),
                (Kind::Punct, "."),
                (Kind::Word, "Nord-Korea's"),
                (Kind::Punct, "."),
            ]
        );
        assert_eq!(
            shape("{x} {12345}"),
            vec![
                (Kind::Punct, "{"),
                (Kind::Word, "x"),
                (Kind::Punct, "}"),
                (Kind::Punct, "{"),
                (Kind::Number, "12345"),
                (Kind::Punct, "}"),
            ]
        );
    }

    #[test]
    fn the_fast_keys_are_the_tokens_keys() {
        let text =
            "Am 19.06.2024 trafen ÜBER 1.000 Gäste {1}Nord-Koreas{/1} Präsidenten – z.B. in Köln.";
        let mut fast = Vec::new();
        content_keys(text, &mut fast);
        let slow: Vec<u64> = tokens(text)
            .iter()
            .filter(|t| t.is_content())
            .map(Token::key)
            .collect();
        assert_eq!(fast, slow);
        assert_eq!(fast.len(), 12);
    }

    #[test]
    fn inflections_share_a_stem() {
        for (a, b) in [
            ("Abkommen", "Abkommens"),
            ("Russland", "Russlands"),
            ("nordkoreanische", "nordkoreanischen"),
            ("agreement", "agreements"),
            ("Präsident", "Präsidenten"),
            ("Außenminister", "Außenministers"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_ne!(stem("Kim"), stem("Kims-Haus"));
        assert_eq!(stem("USA"), "usa");
    }

    #[test]
    fn normalising_ignores_space_and_quote_style() {
        assert_eq!(
            normalize("  „Das  ist“ –\tgut. "),
            normalize("\"Das ist\" - gut.")
        );
        assert_ne!(normalize("Das ist gut."), normalize("Das ist gut!"));
    }
}
