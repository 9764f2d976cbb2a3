//! The fuzzy-match score and the differences shown beside a match.
//!
//! The score is a weighted word-level edit distance, the way the established tools grade
//! matches: each token has a weight (a word or a number 1, punctuation or an inline
//! placeholder 0.2); inserting or deleting a token costs its weight; replacing one costs
//!
//! - a word by a word: 0.1 if only the case differs, 0.5 if they share a stem
//!   (*Abkommen*/*Abkommens*), 1 otherwise;
//! - a number by another number: 0.2 (numbers are converted, not translated);
//! - punctuation by other punctuation: 0.2;
//! - anything by a token of another kind: both weights (it is a deletion and an insertion).
//!
//! `score = 1 − distance / max(weight(a), weight(b))`, shown as a whole percentage rounded
//! down; only identical token sequences (white space aside) score 100. One changed word in a
//! ten-word sentence scores 90; a changed number 98; two words swapped 80.
//!
//! [`upper_bound`] is what makes the index exact: from how many index keys two sentences
//! share, it bounds the distance from below, so candidates can be ranked by their best
//! possible score and scored exactly only until no better one can remain.

use super::text::{Kind, Token};

pub const WORD: f32 = 1.0;
pub const PUNCT: f32 = 0.2;

pub fn weight(kind: Kind) -> f32 {
    match kind {
        Kind::Word | Kind::Number => WORD,
        Kind::Punct => PUNCT,
    }
}

/// The total weight of a sentence with `content` words and numbers and `punct` punctuation.
pub fn total(content: u32, punct: u32) -> f32 {
    content as f32 * WORD + punct as f32 * PUNCT
}

fn substitution(a: &Token, b: &Token) -> f32 {
    if a.text == b.text {
        return 0.0;
    }
    match (a.kind, b.kind) {
        (Kind::Word, Kind::Word) => {
            if a.folded == b.folded {
                0.1
            } else if a.stemmed == b.stemmed {
                0.5
            } else {
                1.0
            }
        }
        (Kind::Number, Kind::Number) => 0.2,
        (Kind::Punct, Kind::Punct) => 0.2,
        (x, y) => weight(x) + weight(y),
    }
}

/// The weighted edit distance between two token sequences.
pub fn distance(a: &[Token], b: &[Token]) -> f32 {
    let mut previous: Vec<f32> = Vec::with_capacity(b.len() + 1);
    let mut sum = 0.0;
    previous.push(0.0);
    for token in b {
        sum += weight(token.kind);
        previous.push(sum);
    }
    let mut current = vec![0.0f32; b.len() + 1];
    for x in a {
        let wx = weight(x.kind);
        current[0] = previous[0] + wx;
        for (j, y) in b.iter().enumerate() {
            let replace = previous[j] + substitution(x, y);
            let delete = previous[j + 1] + wx;
            let insert = current[j] + weight(y.kind);
            current[j + 1] = replace.min(delete).min(insert);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

fn weight_of(tokens: &[Token]) -> f32 {
    tokens.iter().map(|t| weight(t.kind)).sum()
}

/// The score of two token sequences, from 0.0 to 1.0.
pub fn similarity(a: &[Token], b: &[Token]) -> f32 {
    let largest = weight_of(a).max(weight_of(b));
    if largest == 0.0 {
        return 1.0;
    }
    (1.0 - distance(a, b) / largest).max(0.0)
}

/// A score as the whole percentage shown: rounded down, and 100 only for identical tokens.
pub fn percent(score: f32, identical: bool) -> u8 {
    if identical {
        return 100;
    }
    ((score * 100.0 + 1e-3).floor() as u8).min(99)
}

/// The highest score a sentence can reach against the query, knowing the counts of both
/// (`content` words and numbers, `punct`uation) and how many content tokens they share by
/// index key at most (`shared`). Never below the true score.
pub fn upper_bound(query: (u32, u32), unit: (u32, u32), shared: u32) -> f32 {
    let (qc, qp) = query;
    let (uc, up) = unit;
    let largest = total(qc, qp).max(total(uc, up));
    if largest == 0.0 {
        return 1.0;
    }
    let unmatched = qc.max(uc).saturating_sub(shared) as f32 * WORD;
    let punct = qp.abs_diff(up) as f32 * PUNCT;
    // A hair above, so that rounding never makes the bound fall below a true score.
    (1.0 - (unmatched + punct) / largest + 1e-4).clamp(0.0, 1.0)
}

/// The best score any sentence can reach that shares at most `shared` keys with a query of
/// the given counts, whatever its own counts (see the proof in `index.rs`).
pub fn best_possible(query: (u32, u32), shared: u32) -> f32 {
    let (qc, qp) = query;
    let largest = total(qc, qp);
    if largest == 0.0 {
        return 1.0;
    }
    (1.0 - qc.saturating_sub(shared) as f32 * WORD / largest + 1e-4).clamp(0.0, 1.0)
}

/// The largest table [`differences`] fills (a sentence pair needs a few thousand cells).
const MAX_DIFFERENCE_CELLS: usize = 250_000;

/// How a piece of a match's German relates to the segment being translated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// The same in both.
    Same,
    /// There in both, but different (another form, number, case or punctuation).
    Changed,
    /// In the match only: its translation has something the segment does not say.
    Extra,
    /// In the segment only (the text shown is the segment's): the translation lacks it.
    Missing,
}

/// One piece of a match's German, for display; pieces in order make the match's German with
/// the segment's missing words put where they belong.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Piece {
    pub change: Change,
    pub text: String,
}

/// The differences between the segment's source (`query`) and a match's source (`unit`), as
/// pieces of the match's text (with white space kept) and the segment's missing tokens.
pub fn differences(query: &str, unit: &str) -> Vec<Piece> {
    let a = super::text::tokens(unit);
    let b = super::text::tokens(query);
    let n = a.len();
    let m = b.len();
    if (n + 1).saturating_mul(m + 1) > MAX_DIFFERENCE_CELLS {
        // Far beyond a sentence: not worth a table of this size.
        return vec![Piece {
            change: Change::Changed,
            text: unit.to_string(),
        }];
    }
    // Full table for the path back; sentences are short, and this runs for shown matches only.
    let mut table = vec![0.0f32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in 1..=n {
        table[at(i, 0)] = table[at(i - 1, 0)] + weight(a[i - 1].kind);
    }
    for j in 1..=m {
        table[at(0, j)] = table[at(0, j - 1)] + weight(b[j - 1].kind);
    }
    for i in 1..=n {
        for j in 1..=m {
            let replace = table[at(i - 1, j - 1)] + substitution(&a[i - 1], &b[j - 1]);
            let delete = table[at(i - 1, j)] + weight(a[i - 1].kind);
            let insert = table[at(i, j - 1)] + weight(b[j - 1].kind);
            table[at(i, j)] = replace.min(delete).min(insert);
        }
    }
    // Walk back, collecting (change, token of a or b).
    enum Step {
        A(usize, Change),
        B(usize),
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = table[at(i, j)];
        if i > 0 && j > 0 {
            let cost = substitution(&a[i - 1], &b[j - 1]);
            if (table[at(i - 1, j - 1)] + cost - here).abs() < 1e-4 {
                let change = if cost == 0.0 {
                    Change::Same
                } else {
                    Change::Changed
                };
                steps.push(Step::A(i - 1, change));
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && (table[at(i - 1, j)] + weight(a[i - 1].kind) - here).abs() < 1e-4 {
            steps.push(Step::A(i - 1, Change::Extra));
            i -= 1;
            continue;
        }
        steps.push(Step::B(j - 1));
        j -= 1;
    }
    steps.reverse();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut written = 0; // bytes of `unit` written
    for step in steps {
        match step {
            Step::A(index, change) => {
                let token = &a[index];
                // The white space before the token goes with the piece before it.
                if token.range.start > written {
                    // Space between two pieces of one kind belongs to them.
                    let joins = pieces.last().is_some_and(|p| p.change == change);
                    let kind = if joins { change } else { Change::Same };
                    push(&mut pieces, kind, &unit[written..token.range.start]);
                }
                push(&mut pieces, change, token.text);
                written = token.range.end;
            }
            Step::B(index) => {
                let token = &b[index];
                let space = if written > 0 && token.kind != Kind::Punct {
                    " "
                } else {
                    ""
                };
                push(
                    &mut pieces,
                    Change::Missing,
                    &format!("{space}{}", token.text),
                );
            }
        }
    }
    if written < unit.len() {
        push(&mut pieces, Change::Same, &unit[written..]);
    }
    pieces
}

fn push(pieces: &mut Vec<Piece>, change: Change, text: &str) {
    match pieces.last_mut() {
        Some(last) if last.change == change => last.text.push_str(text),
        _ => pieces.push(Piece {
            change,
            text: text.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

    fn score(a: &str, b: &str) -> u8 {
        let (x, y) = (tokens(a), tokens(b));
        percent(
            similarity(&x, &y),
            x.len() == y.len() && distance(&x, &y) == 0.0,
        )
    }

    const TEN: &str = "Der Präsident traf gestern in Moskau den Außenminister aus Pjöngjang.";

    #[test]
    fn the_documented_figures_hold() {
        assert_eq!(score(TEN, TEN), 100);
        assert_eq!(score(TEN, &format!("  {TEN} ")), 100);
        // One word of ten replaced.
        assert_eq!(
            score(
                TEN,
                "Der Präsident traf heute in Moskau den Außenminister aus Pjöngjang."
            ),
            90
        );
        // Two words swapped.
        assert_eq!(
            score(
                TEN,
                "Der Präsident traf in gestern Moskau den Außenminister aus Pjöngjang."
            ),
            80
        );
        // Numbers and punctuation: high, below 100.
        let a = "Am 19. Juni kamen 300 Gäste aus 12 Ländern nach Berlin.";
        let b = "Am 20. Juni kamen 250 Gäste aus 12 Ländern nach Berlin.";
        let s = score(a, b);
        assert!((95..100).contains(&s), "{s}");
        let s = score(a, "Am 19. Juni kamen 300 Gäste aus 12 Ländern nach Berlin!");
        assert!((97..100).contains(&s), "{s}");
        let s = score("„Das ist gut“, sagte er.", "\"Das ist gut\", sagte er.");
        assert!((90..100).contains(&s), "{s}");
        // Case and inflection weigh less than another word.
        assert!(score(TEN, &TEN.replace("Der", "der")) > 95);
        let inflected = score(TEN, &TEN.replace("Außenminister", "Außenministers"));
        let other = score(TEN, &TEN.replace("Außenminister", "Botschafter"));
        assert!(inflected > other && inflected < 100, "{inflected} {other}");
        assert_eq!(score("", ""), 100);
        assert_eq!(score("Hallo", "Tschüss"), 0);
    }

    #[test]
    fn the_bound_is_never_below_the_score() {
        let sentences = [
            TEN,
            "Der Präsident traf in gestern Moskau den Außenminister.",
            "Moskau, Moskau, Moskau!!!",
            "...",
            "12 13 14",
            "Der der der der.",
            "{1}Putin{/1} traf Kim.",
            "Putin traf Kim in Pjöngjang am 19. Juni 2024.",
        ];
        for a in sentences {
            for b in sentences {
                let (x, y) = (tokens(a), tokens(b));
                let count = |t: &[Token]| {
                    let c = t.iter().filter(|t| t.is_content()).count() as u32;
                    (c, t.len() as u32 - c)
                };
                let mut shared = 0;
                let mut keys: Vec<u64> = y
                    .iter()
                    .filter(|t| t.is_content())
                    .map(|t| t.key())
                    .collect();
                for t in x.iter().filter(|t| t.is_content()) {
                    if let Some(at) = keys.iter().position(|k| *k == t.key()) {
                        keys.swap_remove(at);
                        shared += 1;
                    }
                }
                let truth = similarity(&x, &y);
                assert!(
                    upper_bound(count(&x), count(&y), shared) >= truth,
                    "{a} / {b}"
                );
                assert!(best_possible(count(&x), shared) >= truth, "{a} / {b}");
            }
        }
    }

    #[test]
    fn differences_mark_changed_extra_and_missing_words() {
        let pieces = differences(
            "Putin traf gestern Kim in Pjöngjang.",
            "Putin traf Kim in Pjöngjang, sagte er.",
        );
        let shown: Vec<(Change, &str)> =
            pieces.iter().map(|p| (p.change, p.text.as_str())).collect();
        assert_eq!(
            shown,
            vec![
                (Change::Same, "Putin traf"),
                (Change::Missing, " gestern"),
                (Change::Same, " Kim in Pjöngjang"),
                (Change::Extra, ", sagte er"),
                (Change::Same, "."),
            ]
        );
        let pieces = differences("Putin traf Kim.", "Putin traf Kims.");
        assert_eq!(pieces[1].change, Change::Changed);
        let all: String = differences(TEN, TEN)
            .iter()
            .map(|p| p.text.clone())
            .collect();
        assert_eq!(all, TEN);
    }
}
