//! The in-memory index that finds fuzzy matches without scanning the memory, and the units
//! that contain a word or phrase (concordance).
//!
//! Every unit is a document (`DocId`, numbered in the order added); each source token's
//! index key ([`Token::key`](super::text::Token::key): a crude stem, one key for all
//! numbers) has a posting list of the documents that contain it, in document order. Posting
//! lists are kept compact (one sorted array for everything loaded at once) plus a small map
//! for units added since.
//!
//! A lookup is exact, not a heuristic: it returns what scoring every unit would return.
//! Query keys are taken from the rarest to the most common. A document that shares none of
//! the keys taken so far can share at most the remaining `r` of them, so its score is at most
//! [`best_possible`]`(query, r)`; once that falls below the
//! minimum, the common keys (*die*, *der*, *und*) only add to the counts of documents already
//! found, by binary search, instead of adding their long lists. Each candidate then gets an
//! [`upper_bound`] from its shared-key count and its own length,
//! and candidates are scored exactly in bound order until no remaining bound can beat the
//! results kept. Overcounting shared keys (a hash collision, a key counted as often as the
//! query has it) only makes bounds looser, never wrong.

use super::score::{best_possible, similarity, upper_bound};
use super::text::{Token, tokens};
use std::collections::HashMap;
use std::sync::Mutex;

pub type DocId = u32;

/// Index keys are hashes already: one multiplication spreads them for the map.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*byte) ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

type KeyMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Posting lists: a compact part for bulk loads and a map for later additions.
#[derive(Default)]
struct Postings {
    keys: Vec<u64>,
    starts: Vec<u32>,
    docs: Vec<u32>,
    fresh: KeyMap<Vec<DocId>>,
    fresh_len: usize,
}

impl Postings {
    fn add(&mut self, doc: DocId, keys: &mut Vec<u64>) {
        keys.sort_unstable();
        keys.dedup();
        for key in keys.iter() {
            self.fresh.entry(*key).or_default().push(doc);
        }
        self.fresh_len += keys.len();
    }

    /// The compact part and the fresh part of a key's list, each sorted.
    fn list(&self, key: u64) -> (&[DocId], &[DocId]) {
        let compact = match self.keys.binary_search(&key) {
            Ok(at) => {
                let start = self.starts[at] as usize;
                let end = self
                    .starts
                    .get(at + 1)
                    .map_or(self.docs.len(), |s| *s as usize);
                &self.docs[start..end]
            }
            Err(_) => &[],
        };
        let fresh = self.fresh.get(&key).map_or(&[][..], Vec::as_slice);
        (compact, fresh)
    }

    fn frequency(&self, key: u64) -> usize {
        let (a, b) = self.list(key);
        a.len() + b.len()
    }

    /// Moves the fresh lists into the compact arrays.
    fn compact(&mut self) {
        if self.fresh.is_empty() {
            return;
        }
        let mut merged: Vec<(u64, Vec<DocId>)> = Vec::with_capacity(self.keys.len());
        let mut fresh = std::mem::take(&mut self.fresh);
        for (at, key) in self.keys.iter().enumerate() {
            let start = self.starts[at] as usize;
            let end = self
                .starts
                .get(at + 1)
                .map_or(self.docs.len(), |s| *s as usize);
            let mut list = self.docs[start..end].to_vec();
            if let Some(more) = fresh.remove(key) {
                list.extend(more);
            }
            merged.push((*key, list));
        }
        merged.extend(fresh);
        merged.sort_unstable_by_key(|(key, _)| *key);
        let total: usize = merged.iter().map(|(_, l)| l.len()).sum();
        self.keys = Vec::with_capacity(merged.len());
        self.starts = Vec::with_capacity(merged.len());
        self.docs = Vec::with_capacity(total);
        for (key, list) in merged {
            self.keys.push(key);
            self.starts.push(self.docs.len() as u32);
            self.docs.extend(list);
        }
        self.fresh_len = 0;
    }

    fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8
            + self.starts.capacity() * 4
            + self.docs.capacity() * 4
            + self.fresh.capacity() * 40
            + self.fresh_len * 4
    }
}

/// A fuzzy match found by the index: a document and its score (0.0–1.0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found {
    pub doc: DocId,
    pub score: f32,
}

/// Which side of the units a concordance search looks in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

#[derive(Default)]
pub struct Index {
    /// Content (words, numbers) and punctuation counts of each document's source.
    counts: Vec<(u16, u16)>,
    alive: Vec<bool>,
    living: usize,
    source: Postings,
    target: Postings,
    scratch: Mutex<Vec<u16>>,
}

fn counts(tokens: &[Token]) -> (u32, u32) {
    let content = tokens.iter().filter(|t| t.is_content()).count() as u32;
    (content, tokens.len() as u32 - content)
}

fn keys_of(text: &str) -> Vec<u64> {
    let mut keys = Vec::new();
    super::text::content_keys(text, &mut keys);
    keys
}

fn content_keys(tokens: &[Token]) -> Vec<u64> {
    tokens
        .iter()
        .filter(|t| t.is_content())
        .map(Token::key)
        .collect()
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// Adds a unit; its document id is the number of units added before it.
    pub fn add(&mut self, source: &str, target: &str) -> DocId {
        self.add_prepared(prepare_unit(source, target))
    }

    /// Adds a unit whose keys were worked out already (perhaps on another thread).
    pub fn add_prepared(&mut self, mut unit: PreparedUnit) -> DocId {
        let doc = self.counts.len() as DocId;
        let (content, punct) = unit.counts;
        self.counts.push((
            content.min(u16::MAX as u32) as u16,
            punct.min(u16::MAX as u32) as u16,
        ));
        self.alive.push(true);
        self.living += 1;
        self.source.add(doc, &mut unit.source);
        self.target.add(doc, &mut unit.target);
        doc
    }

    /// Takes a document out of every answer (its unit was changed or removed).
    pub fn remove(&mut self, doc: DocId) {
        if let Some(alive) = self.alive.get_mut(doc as usize)
            && *alive
        {
            *alive = false;
            self.living -= 1;
        }
    }

    pub fn is_alive(&self, doc: DocId) -> bool {
        self.alive.get(doc as usize).copied().unwrap_or(false)
    }

    /// Units in the index (removed ones not counted).
    pub fn len(&self) -> usize {
        self.living
    }

    pub fn is_empty(&self) -> bool {
        self.living == 0
    }

    /// Packs the posting lists after a bulk load.
    pub fn compact(&mut self) {
        self.source.compact();
        self.target.compact();
    }

    /// Packs the posting lists when the units added since the last packing have grown to a
    /// quarter of the packed ones (so packing costs a constant share of the additions).
    pub fn compact_if_worthwhile(&mut self) {
        if self.source.fresh_len > 4096 + self.source.docs.len() / 4 {
            self.compact();
        }
    }

    /// Bytes held on the heap, roughly (for figures).
    pub fn heap_bytes(&self) -> usize {
        self.counts.capacity() * 4
            + self.alive.capacity()
            + self.source.heap_bytes()
            + self.target.heap_bytes()
    }

    /// The best `limit` documents scoring at least `min` (0.0–1.0) against `query`, best
    /// first (ties by document order), exactly as scoring every document would find them.
    /// `source` gives a document's source text (the index keeps none); documents it has no
    /// text for are skipped.
    pub fn lookup(
        &self,
        query: &str,
        min: f32,
        limit: usize,
        mut source: impl FnMut(DocId) -> Option<String>,
    ) -> Vec<Found> {
        if limit == 0 || self.living == 0 {
            return Vec::new();
        }
        let query = Prepared::new(query, self);
        if query.tokens.len() > MAX_QUERY_TOKENS {
            return Vec::new();
        }
        let mut known: HashMap<DocId, Option<f32>> = HashMap::new();
        let mut exact = |doc: DocId| -> Option<f32> {
            *known.entry(doc).or_insert_with(|| {
                source(doc).map(|text| similarity(&query.tokens, &tokens(&text)))
            })
        };
        // First, the documents of the rarest keys alone: their best `limit` scores give a
        // threshold that the rest must reach (often far above `min`), which spares gathering
        // the long lists of common words.
        let mut threshold = min;
        if query.keys.len() > 1 && query.keys[0].2 <= FIRST_ROUND_POSTINGS {
            let candidates = self.candidates(&query, min, Some(FIRST_ROUND_POSTINGS));
            let first = best(candidates, limit, min, &mut exact);
            if first.len() == limit {
                threshold = first[limit - 1].score.max(min);
            }
        }
        let candidates = self.candidates(&query, threshold, None);
        best(candidates, limit, threshold, &mut exact)
    }

    /// Documents that may score at least `threshold`, with their upper bounds, best bound
    /// first. With a `budget`, only the rarest keys' lists up to that many postings gather
    /// documents (a first round: some candidates, not all).
    fn candidates(
        &self,
        query: &Prepared,
        threshold: f32,
        budget: Option<usize>,
    ) -> Vec<(f32, DocId)> {
        let mut scratch = self.scratch.lock().unwrap_or_else(|e| e.into_inner());
        if scratch.len() < self.counts.len() {
            scratch.resize(self.counts.len(), 0);
        }
        let mut touched: Vec<DocId> = Vec::new();
        let mut remaining: u32 = query.counts.0;
        let mut gathered = 0usize;
        for (key, times, frequency) in &query.keys {
            let (compact, fresh) = self.source.list(*key);
            let within_budget = budget.is_none_or(|b| gathered == 0 || gathered + frequency <= b);
            let times = *times as u16;
            if best_possible(query.counts, remaining) >= threshold && within_budget {
                gathered += frequency;
                for &doc in compact.iter().chain(fresh) {
                    let count = &mut scratch[doc as usize];
                    if *count == 0 {
                        touched.push(doc);
                    }
                    *count = count.saturating_add(times);
                }
            } else if !touched.is_empty() {
                // Only documents already found count: search them in the list, or walk the
                // list, whichever is cheaper.
                let searches = touched.len() * (usize::BITS - frequency.leading_zeros()) as usize;
                if searches < *frequency {
                    for &doc in &touched {
                        if compact.binary_search(&doc).is_ok() || fresh.binary_search(&doc).is_ok()
                        {
                            let count = &mut scratch[doc as usize];
                            *count = count.saturating_add(times);
                        }
                    }
                } else {
                    for &doc in compact.iter().chain(fresh) {
                        let count = &mut scratch[doc as usize];
                        if *count > 0 {
                            *count = count.saturating_add(times);
                        }
                    }
                }
            }
            remaining -= u32::from(times);
        }
        // A document sharing no key at all may still qualify (a query made mostly of
        // punctuation): then every document is a candidate.
        let everyone = budget.is_none() && best_possible(query.counts, 0) >= threshold;
        let mut candidates: Vec<(f32, DocId)> = Vec::new();
        let mut consider = |doc: DocId, shared: u32| {
            if !self.alive[doc as usize] {
                return;
            }
            let (c, p) = self.counts[doc as usize];
            let bound = upper_bound(query.counts, (c as u32, p as u32), shared);
            if bound >= threshold {
                candidates.push((bound, doc));
            }
        };
        if everyone {
            for doc in 0..self.counts.len() as DocId {
                consider(doc, scratch[doc as usize] as u32);
            }
        } else {
            for &doc in &touched {
                consider(doc, scratch[doc as usize] as u32);
            }
        }
        for &doc in &touched {
            scratch[doc as usize] = 0;
        }
        candidates.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates
    }

    /// Documents whose source or target has every word and number of `query`, newest first:
    /// the candidates of a concordance search.
    pub fn containing_either(&self, query: &str) -> Vec<DocId> {
        let mut docs = self.containing(query, Side::Source);
        docs.extend(self.containing(query, Side::Target));
        docs.sort_unstable_by(|a, b| b.cmp(a));
        docs.dedup();
        docs
    }

    /// Documents whose `side` has every word and number of `query` (by stem), in document
    /// order: candidates for a concordance search, to be confirmed on their text with
    /// [`occurrences`].
    pub fn containing(&self, query: &str, side: Side) -> Vec<DocId> {
        let postings = match side {
            Side::Source => &self.source,
            Side::Target => &self.target,
        };
        let mut keys = keys_of(query);
        keys.sort_unstable();
        keys.dedup();
        let mut lists: Vec<Vec<DocId>> = keys
            .iter()
            .map(|key| {
                let (a, b) = postings.list(*key);
                let mut list = a.to_vec();
                list.extend_from_slice(b);
                list
            })
            .collect();
        lists.sort_by_key(Vec::len);
        let Some(first) = lists.first() else {
            return Vec::new();
        };
        first
            .iter()
            .copied()
            .filter(|doc| self.is_alive(*doc))
            .filter(|doc| lists[1..].iter().all(|l| l.binary_search(doc).is_ok()))
            .collect()
    }
}

/// Segments longer than this many tokens (a paragraph that never split into sentences) are
/// not looked up: exact scoring is quadratic in length, and no memory holds such a unit.
pub const MAX_QUERY_TOKENS: usize = 1000;

/// How many postings the first round of a lookup gathers at most.
const FIRST_ROUND_POSTINGS: usize = 4096;

/// A unit's index keys, worked out before it is added (see [`Index::add_prepared`]).
pub struct PreparedUnit {
    counts: (u32, u32),
    source: Vec<u64>,
    target: Vec<u64>,
}

/// The keys of a unit, for [`Index::add_prepared`].
pub fn prepare_unit(source: &str, target: &str) -> PreparedUnit {
    let mut source_keys = Vec::with_capacity(32);
    let counts = super::text::content_keys(source, &mut source_keys);
    let mut target_keys = Vec::with_capacity(32);
    super::text::content_keys(target, &mut target_keys);
    PreparedUnit {
        counts,
        source: source_keys,
        target: target_keys,
    }
}

/// A query tokenised once: its tokens, counts and index keys (key, times, list length) from
/// the rarest to the most common.
struct Prepared<'a> {
    tokens: Vec<Token<'a>>,
    counts: (u32, u32),
    keys: Vec<(u64, u32, usize)>,
}

impl<'a> Prepared<'a> {
    fn new(query: &'a str, index: &Index) -> Prepared<'a> {
        let tokens = tokens(query);
        let counts = counts(&tokens);
        let mut keys: KeyMap<u32> = KeyMap::default();
        for key in content_keys(&tokens) {
            *keys.entry(key).or_default() += 1;
        }
        let mut keys: Vec<(u64, u32, usize)> = keys
            .into_iter()
            .map(|(key, times)| (key, times, index.source.frequency(key)))
            .collect();
        keys.sort_unstable_by_key(|(key, _, frequency)| (*frequency, *key));
        Prepared {
            tokens,
            counts,
            keys,
        }
    }
}

/// The best `limit` of `candidates` (sorted by bound) scoring at least `threshold`, scored
/// exactly in bound order until no remaining bound can beat the results kept.
fn best(
    candidates: Vec<(f32, DocId)>,
    limit: usize,
    threshold: f32,
    exact: &mut impl FnMut(DocId) -> Option<f32>,
) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for (bound, doc) in candidates {
        if found.len() >= limit && bound < found[limit - 1].score {
            break;
        }
        let Some(score) = exact(doc) else { continue };
        if score < threshold {
            continue;
        }
        let at = found.partition_point(|f| f.score > score || (f.score == score && f.doc < doc));
        if at < limit {
            found.insert(at, Found { doc, score });
            found.truncate(limit);
        }
    }
    found
}

/// Where `query` occurs in `text` as a phrase: its tokens in order, words compared by stem
/// (so *Abkommen* finds *Abkommens*) and case-insensitively, numbers and punctuation as they
/// are. Byte ranges in `text`, from the first to the last token of each occurrence.
pub fn occurrences(text: &str, query: &str) -> Vec<std::ops::Range<usize>> {
    let wanted: Vec<Token> = tokens(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let have = tokens(text);
    let same = |a: &Token, b: &Token| a.kind == b.kind && a.key() == b.key();
    let mut out = Vec::new();
    let mut at = 0;
    while at + wanted.len() <= have.len() {
        if wanted.iter().zip(&have[at..]).all(|(w, h)| same(w, h)) {
            out.push(have[at].range.start..have[at + wanted.len() - 1].range.end);
            at += wanted.len();
        } else {
            at += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute_force(units: &[String], query: &str, min: f32, limit: usize) -> Vec<Found> {
        let q = tokens(query);
        let mut all: Vec<Found> = units
            .iter()
            .enumerate()
            .map(|(doc, text)| Found {
                doc: doc as DocId,
                score: similarity(&q, &tokens(text)),
            })
            .filter(|f| f.score >= min)
            .collect();
        all.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        all.truncate(limit);
        all
    }

    const WORDS: [&str; 16] = [
        "die",
        "der",
        "und",
        "Putin",
        "Kim",
        "traf",
        "Abkommen",
        "Abkommens",
        "in",
        "Moskau",
        "Pjöngjang",
        "12",
        "2024",
        ",",
        ".",
        "„",
    ];

    fn sentence() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(&WORDS[..]), 0..12)
            .prop_map(|words| words.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn lookups_find_what_scoring_everything_finds(
            units in proptest::collection::vec(sentence(), 0..80),
            removed in proptest::collection::vec(any::<bool>(), 80),
            query in sentence(),
            min in 0.3f32..1.0,
            limit in 1usize..8,
            compact_after in 0usize..80,
        ) {
            let mut index = Index::new();
            for (i, unit) in units.iter().enumerate() {
                index.add(unit, "");
                if i == compact_after {
                    index.compact();
                }
            }
            for (i, gone) in removed.iter().enumerate().take(units.len()) {
                if *gone {
                    index.remove(i as DocId);
                }
            }
            let got = index.lookup(&query, min, limit, |doc| Some(units[doc as usize].clone()));
            let mut expected: Vec<Found> = brute_force(&units, &query, min, units.len())
                .into_iter()
                .filter(|f| !removed[f.doc as usize])
                .collect();
            expected.truncate(limit);
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn inflected_words_are_found_by_concordance() {
        let mut index = Index::new();
        index.add(
            "Das Abkommen wurde unterzeichnet.",
            "The agreement was signed.",
        );
        index.add(
            "Der Text des Abkommens ist geheim.",
            "The text of the agreement is secret.",
        );
        index.add("Putin traf Kim.", "Putin met Kim.");
        assert_eq!(index.containing("Abkommen", Side::Source), vec![0, 1]);
        assert_eq!(index.containing("agreements", Side::Target), vec![0, 1]);
        assert_eq!(
            index.containing("Abkommen Kim", Side::Source),
            Vec::<DocId>::new()
        );
        index.remove(0);
        assert_eq!(index.containing("Abkommen", Side::Source), vec![1]);
        assert_eq!(
            occurrences("Der Text des Abkommens ist geheim.", "des abkommen"),
            vec![9..22]
        );
        assert!(occurrences("Der Text.", "").is_empty());
    }

    #[test]
    fn a_rare_word_finds_its_sentence_among_thousands_of_similar_ones() {
        let mut index = Index::new();
        for i in 0..2000 {
            index.add(&format!("die Sache {i} ist die Sache"), "");
        }
        index.add("die Sache mit Pjöngjang ist die Sache", "");
        let found = index.lookup("die Sache mit Pjöngjang ist die Sache", 0.9, 5, |doc| {
            Some(if doc == 2000 {
                "die Sache mit Pjöngjang ist die Sache".into()
            } else {
                format!("die Sache {doc} ist die Sache")
            })
        });
        assert_eq!(found[0].doc, 2000);
        assert_eq!(found[0].score, 1.0);
    }
}
