//! What the benchmarks share: the corpus folder and its German–English pairs, a
//! deterministic random generator, the median.

#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/corpus`, if it is there; without it a benchmark prints a notice and skips,
/// unless `CI` is set.
pub fn corpus_root() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if root.exists() {
        return Some(root);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is required when CI is set", root.display());
    }
    println!("notice: {} is absent; skipping", root.display());
    None
}

/// The German–English sentence pairs of `parallel_de_en` (WMT newstest 2019 and 2020, UD
/// German PUD): files of two columns (German, English) or four (document, sentence, German,
/// English, under a header row).
pub fn parallel_pairs(root: &std::path::Path) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for name in [
        "wmt19_newstest2019_de-en.tsv",
        "wmt20_newstest2020_de-en.tsv",
        "ud_german_pud_de-en.tsv",
    ] {
        let text = std::fs::read_to_string(root.join("parallel_de_en").join(name)).unwrap();
        for line in text.lines() {
            let columns: Vec<&str> = line.split('\t').collect();
            let (de, en) = match columns[..] {
                [de, en] => (de, en),
                [_, _, de, en] if de != "de" => (de, en),
                _ => continue,
            };
            if !de.trim().is_empty() && !en.trim().is_empty() {
                pairs.push((de.trim().to_string(), en.trim().to_string()));
            }
        }
    }
    pairs
}

/// A small deterministic generator (SplitMix64).
pub struct Random(pub u64);

impl Random {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The median of measurements.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The value below which a share `p` (0.0–1.0) of `values` lies.
pub fn percentile(mut values: Vec<f64>, p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * p).round() as usize]
}
