//! The in-memory index that finds fuzzy matches without scanning the memory, and the units
//! that contain a word or phrase (concordance).
//!
//! Every unit is a document (`DocId`, numbered in the order added); each source token's
//! index key ([`Token::key`](super::text::Token::key): a crude stem, one key for all
//! numbers) has a posting list of the documents that contain it, in document order. Posting
//! lists are kept compact (one sorted array for everything loaded at once) plus a small map
//! for units added since; a key in at least one unit of every 32 also has a bitmap of them.
//!
//! A lookup is exact, not a heuristic: it returns what scoring every unit would return.
//! Query keys are taken from the rarest to the most common. A document that shares none of
//! the keys taken so far can share at most the remaining `r` of them, so its score is at most
//! [`best_possible`]`(query, r)`; once that falls below the minimum, no document outside
//! those found so far can qualify. From then on the documents found are the only ones in the
//! running, each with the number of keys its own length makes it need ([`upper_bound`]):
//! the common keys (*die*, *der*, *und*) only add to their counts (a bit of the key's bitmap,
//! a search in its list or a walk along it), and a document that cannot reach its number
//! even with every key still to come drops out, so the longest lists are asked about a few
//! documents. The candidates left are scored exactly in bound order until no remaining bound
//! can beat the results kept. Overcounting shared keys (a hash collision, a key counted as
//! often as the query has it) only makes bounds looser, never wrong.

use super::score::{PUNCT, WORD, best_possible, similarity, total, upper_bound};
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

/// Posting lists: a compact part for bulk loads and a map for later additions. A key in
/// many documents (a common word) also gets a bitmap over the compact part's documents, so
/// that whether a document has it is one bit, not a search in a long list.
#[derive(Default)]
struct Postings {
    keys: Vec<u64>,
    starts: Vec<u32>,
    docs: Vec<u32>,
    /// Each key's bitmap in `bits` (`NO_BITMAP`: none), and the words a bitmap takes.
    bitmap_of: Vec<u32>,
    bits: Vec<u64>,
    bitmap_words: usize,
    /// The documents the bitmaps cover (those of the compact part: all before this one).
    covered: DocId,
    fresh: KeyMap<Vec<DocId>>,
    fresh_len: usize,
}

const NO_BITMAP: u32 = u32::MAX;

/// One key's documents: the compact part, then the documents added since (all later ones),
/// and the compact part as a bitmap when the key is common.
struct List<'a> {
    compact: &'a [DocId],
    fresh: &'a [DocId],
    bits: &'a [u64],
    covered: DocId,
}

impl List<'_> {
    fn len(&self) -> usize {
        self.compact.len() + self.fresh.len()
    }

    fn iter(&self) -> impl Iterator<Item = DocId> + '_ {
        self.compact.iter().chain(self.fresh).copied()
    }

    /// Whether `doc` is in the list, by its bitmap (the caller checked there is one).
    fn has(&self, doc: DocId) -> bool {
        if doc < self.covered {
            self.bits[doc as usize / 64] & (1 << (doc % 64)) != 0
        } else {
            self.fresh.binary_search(&doc).is_ok()
        }
    }
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

    /// A key's documents, in document order.
    fn list(&self, key: u64) -> List<'_> {
        let (compact, bits) = match self.keys.binary_search(&key) {
            Ok(at) => {
                let start = self.starts[at] as usize;
                let end = self
                    .starts
                    .get(at + 1)
                    .map_or(self.docs.len(), |s| *s as usize);
                let bits = match self.bitmap_of[at] {
                    NO_BITMAP => &[][..],
                    map => {
                        let from = map as usize * self.bitmap_words;
                        &self.bits[from..from + self.bitmap_words]
                    }
                };
                (&self.docs[start..end], bits)
            }
            Err(_) => (&[][..], &[][..]),
        };
        let fresh = self.fresh.get(&key).map_or(&[][..], Vec::as_slice);
        List {
            compact,
            fresh,
            bits,
            covered: self.covered,
        }
    }

    fn frequency(&self, key: u64) -> usize {
        self.list(key).len()
    }

    /// Moves the fresh lists into the compact arrays; keys in at least one of every
    /// `dense` of the `documents` get a bitmap (`None`: no key does).
    fn compact(&mut self, documents: usize, dense: Option<usize>) {
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
        self.bitmap_of = Vec::with_capacity(merged.len());
        self.bits = Vec::new();
        self.bitmap_words = documents.div_ceil(64);
        self.covered = documents as DocId;
        let mut maps = 0;
        for (key, list) in merged {
            self.keys.push(key);
            self.starts.push(self.docs.len() as u32);
            let common = dense.is_some_and(|d| list.len().saturating_mul(d) >= documents);
            if common && !list.is_empty() {
                let from = self.bits.len();
                self.bits.resize(from + self.bitmap_words, 0);
                for doc in &list {
                    self.bits[from + *doc as usize / 64] |= 1 << (doc % 64);
                }
                self.bitmap_of.push(maps);
                maps += 1;
            } else {
                self.bitmap_of.push(NO_BITMAP);
            }
            self.docs.extend(list);
        }
        self.fresh_len = 0;
    }

    fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8
            + self.starts.capacity() * 4
            + self.docs.capacity() * 4
            + self.bitmap_of.capacity() * 4
            + self.bits.capacity() * 8
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

/// Where a lookup's ways of counting shared keys change over: fixed in use, varied by the
/// tests so that every way is checked against scoring every document.
#[derive(Clone, Copy, Debug)]
struct Tuning {
    /// Keys in at least one of every `dense` documents get a bitmap (`None`: no key does).
    dense: Option<usize>,
    /// A list this many times longer than the documents still in the running is searched
    /// for them rather than walked.
    walk: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            dense: Some(32),
            walk: 4,
        }
    }
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
    tuning: Tuning,
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
        let documents = self.counts.len();
        self.source.compact(documents, self.tuning.dense);
        self.target.compact(documents, None);
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
    ///
    /// Keys are taken rarest first. While a document sharing none of the keys so far could
    /// still reach the threshold, a key's list gathers documents; after that, the documents
    /// gathered are the only ones in the running, each with the number of keys it needs.
    /// Each further key adds to the count of those that have it (a bit of its bitmap, a
    /// search in its list, or a walk along it, whichever is cheapest), and a document that
    /// cannot reach its number even with every key still to come drops out.
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
        let mut next = 0;
        while let Some(&(key, times, frequency)) = query.keys.get(next) {
            let within_budget = budget.is_none_or(|b| gathered == 0 || gathered + frequency <= b);
            if best_possible(query.counts, remaining) < threshold || !within_budget {
                break;
            }
            gathered += frequency;
            let times = times as u16;
            for doc in self.source.list(key).iter() {
                let count = &mut scratch[doc as usize];
                if *count == 0 {
                    touched.push(doc);
                }
                *count = count.saturating_add(times);
            }
            remaining -= times as u32;
            next += 1;
        }
        let bound = |doc: DocId, shared: u32| {
            let (c, p) = self.counts[doc as usize];
            upper_bound(query.counts, (c.into(), p.into()), shared)
        };
        let mut candidates: Vec<(f32, DocId)> = Vec::new();
        // A document sharing no key at all may still qualify (a query made mostly of
        // punctuation): then every document is a candidate.
        if budget.is_none() && best_possible(query.counts, 0) >= threshold {
            for doc in 0..self.counts.len() as DocId {
                let shared = scratch[doc as usize] as u32;
                if self.alive[doc as usize] && bound(doc, shared) >= threshold {
                    candidates.push((bound(doc, shared), doc));
                }
            }
            for &doc in &touched {
                scratch[doc as usize] = 0;
            }
        } else {
            // The documents in the running and the number of keys each needs; the keys each
            // shares so far stay in `scratch` (0 for every other document).
            let mut live: Vec<(DocId, u16)> = Vec::with_capacity(touched.len());
            // What a document needs depends on its counts only: worked out once for each
            // (sentence-sized) pair of counts.
            let mut known = vec![u16::MAX; NEEDS_TABLE.0 * NEEDS_TABLE.1];
            for &doc in &touched {
                let shared = u32::from(scratch[doc as usize]) + remaining;
                let (c, p) = self.counts[doc as usize];
                let needs = if !self.alive[doc as usize] {
                    u32::MAX
                } else if (c as usize) < NEEDS_TABLE.0 && (p as usize) < NEEDS_TABLE.1 {
                    let slot = &mut known[c as usize * NEEDS_TABLE.1 + p as usize];
                    if *slot == u16::MAX {
                        *slot = needed(query.counts, (c.into(), p.into()), threshold) as u16;
                    }
                    u32::from(*slot)
                } else {
                    needed(query.counts, (c.into(), p.into()), threshold)
                };
                if shared >= needs {
                    live.push((doc, needs as u16));
                } else {
                    scratch[doc as usize] = 0;
                }
            }
            let mut sorted = false;
            for &(key, times, frequency) in &query.keys[next..] {
                if live.is_empty() {
                    break;
                }
                let list = self.source.list(key);
                let times = times as u16;
                let add = |count: &mut u16| *count = count.saturating_add(times);
                if !list.bits.is_empty() {
                    for &(doc, _) in &live {
                        if list.has(doc) {
                            add(&mut scratch[doc as usize]);
                        }
                    }
                } else if live.len().saturating_mul(self.tuning.walk) >= frequency {
                    for doc in list.iter() {
                        let count = &mut scratch[doc as usize];
                        if *count > 0 {
                            add(count);
                        }
                    }
                } else {
                    // Searched in document order, each search starting where the last ended.
                    if !sorted {
                        live.sort_unstable_by_key(|(doc, _)| *doc);
                        sorted = true;
                    }
                    for part in [list.compact, list.fresh] {
                        let mut rest = part;
                        for &(doc, _) in &live {
                            rest = &rest[gallop(rest, doc)..];
                            match rest.first() {
                                None => break,
                                Some(&first) if first == doc => add(&mut scratch[doc as usize]),
                                Some(_) => {}
                            }
                        }
                    }
                }
                remaining -= u32::from(times);
                live.retain(|&(doc, needs)| {
                    let count = &mut scratch[doc as usize];
                    let keep = u32::from(*count) + remaining >= u32::from(needs);
                    if !keep {
                        *count = 0;
                    }
                    keep
                });
            }
            for (doc, _) in live {
                let shared = std::mem::take(&mut scratch[doc as usize]);
                let bound = bound(doc, shared.into());
                if bound >= threshold {
                    candidates.push((bound, doc));
                }
            }
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
            .map(|key| postings.list(*key).iter().collect::<Vec<_>>())
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

/// The first position in sorted `list` holding `doc` or a later document: galloping from
/// the start, so a document near the start costs a few comparisons.
fn gallop(list: &[DocId], doc: DocId) -> usize {
    let mut bound = 1;
    while bound < list.len() && list[bound] < doc {
        bound *= 2;
    }
    let low = bound / 2;
    let high = (bound + 1).min(list.len());
    low + list[low..high].partition_point(|d| *d < doc)
}

/// The unit counts (words and numbers, punctuation) below which a lookup keeps what a unit
/// needs in a table.
const NEEDS_TABLE: (usize, usize) = (128, 32);

/// The fewest keys a unit of `unit` counts must share with a query of `query` counts for its
/// [`upper_bound`] to reach `threshold` (`query.0 + 1`: no number does).
fn needed(query: (u32, u32), unit: (u32, u32), threshold: f32) -> u32 {
    let reaches = |shared: u32| upper_bound(query, unit, shared) >= threshold;
    // The bound's formula solved for `shared`, then made exact with the bound itself (it is
    // monotone in `shared`), so that rounding never drops a document.
    let largest = total(query.0, query.1).max(total(unit.0, unit.1));
    let punct = query.1.abs_diff(unit.1) as f32 * PUNCT;
    let slack = ((1.0 + 1e-4 - threshold) * largest - punct) / WORD;
    let estimate = query.0.max(unit.0) as f32 - slack;
    let mut shared = (estimate.ceil().max(0.0) as u32).min(query.0 + 1);
    while shared > 0 && reaches(shared - 1) {
        shared -= 1;
    }
    while shared <= query.0 && !reaches(shared) {
        shared += 1;
    }
    shared
}

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
            dense in prop_oneof![Just(None), (1usize..8).prop_map(Some)],
            walk in prop_oneof![Just(0usize), Just(4), Just(usize::MAX)],
        ) {
            let mut index = Index::new();
            index.tuning = Tuning { dense, walk };
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
    fn lookups_in_thousands_of_units_find_what_scoring_everything_finds() {
        // Common and rare words as in news (a few in most sentences, most in few), so that
        // every way of counting shared keys is taken: bitmaps, walks and searches.
        let words: Vec<String> = (0..400).map(|n| format!("wort{n}")).collect();
        struct XorShift(u64);
        impl XorShift {
            fn below(&mut self, n: usize) -> usize {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                (self.0 % n as u64) as usize
            }
        }
        let mut random = XorShift(0x2545_f491_4f6c_dd1d);
        let sentence = |random: &mut XorShift| {
            let length = 4 + random.below(14);
            let mut out: Vec<&str> = (0..length)
                .map(|_| {
                    let a = random.below(400) + 1;
                    let b = random.below(a) + 1;
                    words[random.below(b)].as_str()
                })
                .collect();
            out.push(".");
            out.join(" ")
        };
        let units: Vec<String> = (0..4000).map(|_| sentence(&mut random)).collect();
        let mut index = Index::new();
        for (i, unit) in units.iter().enumerate() {
            index.add(unit, "");
            if i == 3000 {
                index.compact();
            }
        }
        for doc in (0..4000).step_by(97) {
            index.remove(doc);
        }
        for n in 0..60 {
            let query = if n % 2 == 0 {
                sentence(&mut random)
            } else {
                let mut tokens: Vec<&str> = units[random.below(4000)].split(' ').collect();
                let at = random.below(tokens.len());
                tokens[at] = "anders";
                tokens.join(" ")
            };
            for min in [0.5, 0.75] {
                let got = index.lookup(&query, min, 5, |doc| Some(units[doc as usize].clone()));
                let mut expected: Vec<Found> = brute_force(&units, &query, min, units.len())
                    .into_iter()
                    .filter(|f| f.doc % 97 != 0)
                    .collect();
                expected.truncate(5);
                assert_eq!(got, expected, "{query}");
            }
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
