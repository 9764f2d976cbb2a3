//! Segmentation throughput on real German news: the 45 DER STANDARD articles of
//! ../shared/corpus/news_de and the German side of WMT newstest 2019/2020 (paragraphs of the
//! 2020 set, sentences of 2019), each text segmented as one block.
//!
//! `cargo bench --bench segment`; divan reports the time per pass over the corpus and the
//! throughput in bytes per second.

use std::path::PathBuf;
use tandem::segment::Segmenter;

fn main() {
    divan::main();
}

fn corpus() -> Vec<String> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut texts = Vec::new();
    if let Ok(dir) = std::fs::read_dir(shared.join("news_de/10kGNAD")) {
        for entry in dir.flatten() {
            if entry.path().extension().is_some_and(|e| e == "txt") {
                texts.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    for file in [
        "wmt19_newstest2019_de-en.tsv",
        "wmt20_newstest2020_de-en.tsv",
    ] {
        if let Ok(text) = std::fs::read_to_string(shared.join("parallel_de_en").join(file)) {
            texts.extend(
                text.lines()
                    .filter_map(|l| l.split('\t').next())
                    .map(str::to_string),
            );
        }
    }
    if texts.is_empty() {
        if std::env::var_os("CI").is_some() {
            panic!("../shared/corpus is required when CI is set");
        }
        eprintln!("notice: ../shared/corpus is absent; benchmarking the bundled sample instead");
        let sample = include_str!("../assets/sample-ostsee.txt");
        texts = std::iter::repeat_n(sample.to_string(), 200).collect();
    }
    texts
}

#[divan::bench]
fn segment_corpus(bencher: divan::Bencher) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let segmenter = Segmenter::german();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| {
            let mut count = 0;
            for text in &texts {
                count += segmenter.split(divan::black_box(text)).len();
            }
            count
        });
}
