//! What the benchmarks share: the corpus folder and its German–English pairs.

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
