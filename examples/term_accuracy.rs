//! How well the default glossaries' term suggestions fit real translations: every German
//! sentence of the professionally translated news pairs in `../shared/corpus/parallel_de_en`
//! (WMT newstest 2019 and 2020, the German PUD treebank) is searched for terms, and each
//! suggestion is checked against the English reference: *confirmed* when one of its renderings
//! (or an alternative's) appears there, else *unconfirmed* (a wrong suggestion, or a
//! paraphrase the reference chose; `--sample N` prints N of them, drawn at random, to judge by
//! hand). `--names` prints, for a random sample of pairs, the capitalised words of the
//! reference that its German lacks (candidate names whose English differs) with whether a
//! suggestion covers them, for judging recall by hand.
//!
//! `cargo run --release --example term_accuracy -- [--set dev|test|news|pud|all] [--sample 100]
//! [--names 300] [--seed N]`

use std::path::PathBuf;
use tandem::glossary::{Hit, Matcher, defaults, families};

/// The pairs of `set`: `dev` (WMT 2019, looked at while building the glossaries), `test`
/// (WMT 2020 and PUD, only measured), its parts `news` (WMT 2020) and `pud` (the German PUD
/// treebank: Wikipedia and news), or `all`.
fn pairs(set: &str) -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/parallel_de_en");
    let mut pairs = Vec::new();
    let files: &[&str] = match set {
        "dev" => &["wmt19_newstest2019_de-en.tsv"],
        "test" => &["wmt20_newstest2020_de-en.tsv", "ud_german_pud_de-en.tsv"],
        "news" => &["wmt20_newstest2020_de-en.tsv"],
        "pud" => &["ud_german_pud_de-en.tsv"],
        _ => &[
            "wmt19_newstest2019_de-en.tsv",
            "wmt20_newstest2020_de-en.tsv",
            "ud_german_pud_de-en.tsv",
        ],
    };
    for file in files {
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            eprintln!("notice: {} is absent", root.join(file).display());
            continue;
        };
        for line in text.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            let (de, en) = match cols.len() {
                2 => (cols[0], cols[1]),
                4 if cols[0] != "doc_id" => (cols[2], cols[3]),
                _ => continue,
            };
            pairs.push((de.to_string(), en.to_string()));
        }
    }
    pairs
}

/// Lower case without the diacritics English texts often drop ("Erdoğan", "Mönchengladbach").
fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ı' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' | 'č' | 'ć' => 'c',
            'ğ' => 'g',
            'ş' | 'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ñ' | 'ń' => 'n',
            'ł' => 'l',
            '’' => '\'',
            c => c,
        })
        .collect()
}

/// Whether `rendering` occurs in `english` as whole words, also with an English plural or
/// possessive ending, ignoring case, diacritics and a leading article.
fn occurs(rendering: &str, english: &str) -> bool {
    let rendering = rendering.trim();
    let rendering = fold(rendering.strip_prefix("the ").unwrap_or(rendering));
    if rendering.is_empty() {
        return false;
    }
    let english = fold(english);
    let mut from = 0;
    while let Some(i) = english[from..].find(&rendering) {
        let at = from + i;
        let before_ok = english[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let rest = &english[at + rendering.len()..];
        let rest = ["'s", "es", "s", "n", ""].iter().find_map(|e| {
            rest.strip_prefix(e)
                .filter(|r| r.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        });
        if before_ok && rest.is_some() {
            return true;
        }
        from = at + rendering.len().max(1);
    }
    false
}

/// What a suggestion offers: the term's renderings, other glossaries' for the same span, and
/// the English of its family (country, adjective, people).
fn renderings(hit: &Hit) -> Vec<String> {
    let mut all: Vec<String> = hit.term.targets.clone();
    for (_, _, term) in &hit.alternatives {
        all.extend(term.targets.iter().cloned());
    }
    all.extend(
        families::related(&hit.term.source)
            .iter()
            .map(|r| r.target.clone()),
    );
    all
}

fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A small deterministic generator, so that samples can be drawn again.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let option = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<usize>().ok())
    };
    let set = args
        .iter()
        .position(|a| a == "--set")
        .and_then(|i| args.get(i + 1))
        .map_or("all", String::as_str);
    let pairs = pairs(set);
    if pairs.is_empty() {
        eprintln!("no pairs: ../shared/corpus is required");
        return;
    }
    let matcher = Matcher::from_glossaries(&defaults::glossaries());
    let (mut suggestions, mut confirmed) = (0usize, 0usize);
    let mut unconfirmed: Vec<(usize, String, Vec<String>, std::ops::Range<usize>)> = Vec::new();
    let mut by_term: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (i, (de, en)) in pairs.iter().enumerate() {
        for hit in matcher.find(de) {
            suggestions += 1;
            let found = renderings(&hit).iter().any(|r| occurs(r, en));
            let entry = by_term.entry(hit.term.source.clone()).or_default();
            entry.0 += 1;
            if found {
                confirmed += 1;
                entry.1 += 1;
            } else {
                let matched = de[hit.range.clone()].to_string();
                unconfirmed.push((i, matched, renderings(&hit), hit.range.clone()));
            }
        }
    }
    println!(
        "{set}: {} pairs, {suggestions} suggestions: {confirmed} confirmed by the reference ({:.1}%), {} unconfirmed ({:.1}%)",
        pairs.len(),
        confirmed as f64 * 100.0 / suggestions as f64,
        unconfirmed.len(),
        unconfirmed.len() as f64 * 100.0 / suggestions as f64
    );
    let mut worst: Vec<(&String, &(usize, usize))> = by_term.iter().collect();
    worst.sort_by_key(|(_, (all, ok))| std::cmp::Reverse(all - ok));
    println!("terms unconfirmed most often (German: unconfirmed/all):");
    for (term, (all, ok)) in worst.iter().take(25) {
        println!("  {term}: {}/{all}", all - ok);
    }
    // `--seed` draws other samples than the ones already judged.
    let mut rng = Lcg(option("--seed").map_or(0x7e_57, |s| s as u64));
    if let Some(n) = option("--sample") {
        println!("\n{n} unconfirmed suggestions drawn at random (German around the match):");
        for k in 0..n.min(unconfirmed.len()) {
            let (i, matched, renderings, at) = &unconfirmed[rng.next(unconfirmed.len())];
            let de = &pairs[*i].0;
            let from = floor(de, at.start.saturating_sub(80));
            let to = floor(de, (at.end + 80).min(de.len()));
            println!(
                "[{k}] {matched} → {}\n    DE: …{}…\n    EN: {}",
                renderings.join(" | "),
                &de[from..to],
                pairs[*i].1
            );
        }
    }
    if let Some(n) = option("--names") {
        println!(
            "\nCapitalised reference words missing from the German, {n} pairs drawn at random:"
        );
        for _ in 0..n {
            let i = rng.next(pairs.len());
            let (de, en) = &pairs[i];
            let hits = matcher.find(de);
            let covered: Vec<String> = hits.iter().flat_map(renderings).collect();
            let mut words = Vec::new();
            for (k, word) in en.split_whitespace().enumerate() {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                let word = word.strip_suffix("'s").unwrap_or(word);
                if k == 0 || !word.starts_with(char::is_uppercase) || de.contains(word) {
                    continue;
                }
                // A plural in the reference ("Americans") is covered by a singular rendering.
                // Case aside ("prince" covers "Prince Henry").
                let lower = word.to_lowercase();
                let hit = covered.iter().any(|r| {
                    r.to_lowercase().split_whitespace().any(|w| {
                        w == lower
                            || lower.strip_suffix('s') == Some(w)
                            || lower.strip_suffix("es") == Some(w)
                    })
                });
                words.push(format!("{word}{}", if hit { "+" } else { "-" }));
            }
            if !words.is_empty() {
                println!("#{i} {}\n    DE: {de}\n    EN: {en}", words.join(" "));
            }
        }
    }
}
