//! Translation memory figures: TMX import speed, fuzzy lookup at 100,000 and 1,000,000 units,
//! concordance, and the memory (RSS) a 1,000,000-unit memory takes once open.
//! `cargo bench --bench memory` (release build; prints medians).
//!
//! Units: the German–English pairs of `../shared/corpus/parallel_de_en` (about 3,800 news
//! sentences with human translations), then variations of them up to the size wanted: each
//! generated unit is a corpus pair with one to three German words replaced by words from
//! elsewhere in the corpus, or the start of one sentence joined to the end of another, so the
//! word frequencies stay those of real news (the common words are very common).
//!
//! Queries: 100 corpus sentences with one word replaced (they have fuzzy matches), and 100
//! sentences of the news articles in `../shared/corpus/news_de` (mostly without a match: the
//! index must prove that, which is the hard case).

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;
use tandem::memory::Unit;
use tandem::stores::{self, MemoryStore, Query, SqliteMemory};

use common::{Random, median, percentile};

/// German–English pairs, and German news sentences.
type Corpus = (Vec<(String, String)>, Vec<String>);

fn corpus() -> Option<Corpus> {
    let root = common::corpus_root()?;
    let pairs = common::parallel_pairs(&root);
    let mut news = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("news_de/10kGNAD"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for sentence in text.split_inclusive(['.', '?', '!']) {
            let sentence = sentence.trim();
            if sentence.split_whitespace().count() >= 6 {
                news.push(sentence.to_string());
            }
        }
    }
    Some((pairs, news))
}

fn vary(pairs: &[(String, String)], random: &mut Random) -> Unit {
    let (de, en) = &pairs[random.below(pairs.len())];
    if random.below(4) == 0 {
        // The start of one sentence and the end of another.
        let (other, other_en) = &pairs[random.below(pairs.len())];
        let a: Vec<&str> = de.split_whitespace().collect();
        let b: Vec<&str> = other.split_whitespace().collect();
        let source = [&a[..a.len().div_ceil(2)], &b[b.len() / 2..]]
            .concat()
            .join(" ");
        return Unit::new(source, format!("{en} {other_en}"));
    }
    let mut words: Vec<String> = de.split_whitespace().map(str::to_string).collect();
    for _ in 0..=random.below(3) {
        let (donor, _) = &pairs[random.below(pairs.len())];
        let donor: Vec<&str> = donor.split_whitespace().collect();
        let at = random.below(words.len());
        words[at] = donor[random.below(donor.len())].to_string();
    }
    Unit::new(words.join(" "), en.clone())
}

fn units(pairs: &[(String, String)], n: usize, seed: u64) -> Vec<Unit> {
    let mut random = Random(seed);
    let mut out: Vec<Unit> = pairs
        .iter()
        .take(n)
        .map(|(de, en)| Unit::new(de.clone(), en.clone()))
        .collect();
    while out.len() < n {
        out.push(vary(pairs, &mut random));
    }
    out
}

fn rss_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// In a child process: open the memory, print the time and the resident memory.
fn open_and_measure(path: &Path) {
    let before = rss_kib("VmRSS:");
    let started = Instant::now();
    let store = SqliteMemory::open(path).unwrap();
    let opened = started.elapsed().as_secs_f64();
    let units = store.stats().unwrap().units;
    let lookup = store.lookup(&Query::new("Der Präsident sprach gestern in Berlin."));
    assert!(lookup.is_ok());
    println!(
        "{units} {opened:.2} {} {} {}",
        before,
        rss_kib("VmRSS:"),
        rss_kib("VmHWM:")
    );
}

fn queries(pairs: &[(String, String)], news: &[String]) -> (Vec<String>, Vec<String>) {
    let mut random = Random(7);
    let fuzzy = (0..100)
        .map(|_| {
            let (de, _) = &pairs[random.below(pairs.len().min(3000))];
            let mut words: Vec<&str> = de.split_whitespace().collect();
            let at = random.below(words.len());
            words[at] = "Mittwoch";
            words.join(" ")
        })
        .collect();
    let step = (news.len() / 100).max(1);
    let unseen = news.iter().step_by(step).take(100).cloned().collect();
    (fuzzy, unseen)
}

fn time_lookups(store: &dyn MemoryStore, queries: &[String]) -> (f64, f64, usize) {
    let mut times = Vec::new();
    let mut with_match = 0;
    for _ in 0..3 {
        for query in queries {
            let started = Instant::now();
            let found = store.lookup(&Query::new(query)).unwrap();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            with_match += usize::from(!found.is_empty());
        }
    }
    (
        median(times.clone()),
        percentile(times, 0.95),
        with_match / 3,
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--open-and-measure") {
        open_and_measure(Path::new(&args[at + 1]));
        return;
    }
    let Some((pairs, news)) = corpus() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("tandem-bench-memory-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "corpus: {} sentence pairs, {} news sentences",
        pairs.len(),
        news.len()
    );

    // TMX import: 100,000 units.
    let tmx = dir.join("100k.tmx");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmx).unwrap());
        tandem::memory::tmx::write_head(&mut out, "bench", "20260101T000000Z").unwrap();
        for unit in units(&pairs, 100_000, 1) {
            tandem::memory::tmx::write_unit(&mut out, &unit).unwrap();
        }
        tandem::memory::tmx::write_tail(&mut out).unwrap();
    }
    let mut import_rates = Vec::new();
    for run in 0..3 {
        let path = dir.join(format!("import-{run}.memory"));
        let store = SqliteMemory::open(&path).unwrap();
        let started = Instant::now();
        let report = stores::import_file(&store, &tmx, &|_| {}, &|| false).unwrap();
        let seconds = started.elapsed().as_secs_f64();
        import_rates.push(report.read as f64 / seconds);
    }
    let tmx_bytes = std::fs::metadata(&tmx).unwrap().len();
    println!(
        "TMX import, 100,000 units ({:.0} MB): median {:.0} units/s",
        tmx_bytes as f64 / 1e6,
        median(import_rates)
    );

    let (fuzzy, unseen) = queries(&pairs, &news);
    // TANDEM_BENCH_MAX_UNITS=100000 stops after the smaller memory (for quick runs).
    let max: usize = std::env::var("TANDEM_BENCH_MAX_UNITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    for size in [100_000usize, 1_000_000].into_iter().filter(|s| *s <= max) {
        let path = dir.join(format!("{size}.memory"));
        let store = SqliteMemory::open(&path).unwrap();
        let started = Instant::now();
        for chunk in units(&pairs, size, 2).chunks(50_000) {
            store.write(chunk).unwrap();
        }
        let built = started.elapsed().as_secs_f64();
        let (fuzzy_median, fuzzy_p95, fuzzy_found) = time_lookups(&store, &fuzzy);
        let (unseen_median, unseen_p95, unseen_found) = time_lookups(&store, &unseen);
        let mut concordance = Vec::new();
        for word in ["Abkommen", "Regierung", "Polizei", "sagte", "Millionen"] {
            let started = Instant::now();
            let hits = store.search(word, 50).unwrap();
            concordance.push(started.elapsed().as_secs_f64() * 1000.0);
            assert!(!hits.is_empty(), "{word}");
        }
        println!(
            "{size} units (written in {built:.1} s): lookup median {fuzzy_median:.3} ms, p95 {fuzzy_p95:.3} ms with a fuzzy match ({fuzzy_found}/100 found); median {unseen_median:.3} ms, p95 {unseen_p95:.3} ms for unseen news sentences ({unseen_found}/100 with a match ≥ 50%); concordance median {:.2} ms",
            median(concordance)
        );
        drop(store);
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--open-and-measure")
            .arg(&path)
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&output.stdout);
        let fields: Vec<&str> = printed.split_whitespace().collect();
        if fields.len() == 5 {
            let kib = |s: &str| s.parse::<f64>().unwrap_or(0.0) / 1024.0;
            println!(
                "{size} units opened in another process: {} s to read and index; RSS {:.0} MiB before, {:.0} MiB open (peak {:.0} MiB); file {:.0} MB",
                fields[1],
                kib(fields[2]),
                kib(fields[3]),
                kib(fields[4]),
                std::fs::metadata(&path).map_or(0, |m| m.len()) as f64 / 1e6
            );
        } else {
            println!(
                "measuring the open memory failed: {printed} {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
