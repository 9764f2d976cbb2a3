//! A team's memory and glossary on PostgreSQL, on a throw-away cluster on this machine
//! (`cargo bench --bench server`; prints medians): how soon a glossary change made by one
//! workbench is in another's (through `LISTEN/NOTIFY`), how long a glossary of 5,000 terms
//! takes to arrive, memory writes per second, and fuzzy lookup at 100,000 and 1,000,000
//! units. Units and queries are made as in `benches/memory.rs`: corpus pairs and
//! variations of them, queries with one word changed (they have matches) and sentences of
//! unseen news articles (mostly without one). `--small` stops at 100,000 units;
//! `--glossary` after the glossary's figures.

mod common;
#[path = "../tests/common/pg.rs"]
mod pg;

use std::time::Instant;
use tandem::memory::Unit;
use tandem::stores::server;
use tandem::stores::{MemoryStore, Query, ServerMemory, TeamMemory};

use common::{Random, median, percentile};

fn vary(pairs: &[(String, String)], random: &mut Random) -> Unit {
    let (de, en) = &pairs[random.below(pairs.len())];
    let mut words: Vec<String> = de.split_whitespace().map(str::to_string).collect();
    for _ in 0..=random.below(3) {
        let (donor, _) = &pairs[random.below(pairs.len())];
        let donor: Vec<&str> = donor.split_whitespace().collect();
        let at = random.below(words.len());
        words[at] = donor[random.below(donor.len())].to_string();
    }
    Unit::new(words.join(" "), en.clone())
}

fn news(root: &std::path::Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(root.join("news_de/10kGNAD"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files.iter().take(400) {
        let text = std::fs::read_to_string(file).unwrap();
        for sentence in text.split_inclusive(['.', '?', '!']) {
            let sentence = sentence.trim();
            if sentence.split_whitespace().count() >= 6 {
                out.push(sentence.to_string());
            }
        }
    }
    out
}

/// Three rounds of lookups: the median and p95 in ms, and how many queries found a match.
fn time_lookups(store: &dyn MemoryStore, queries: &[String]) -> (f64, f64, usize) {
    let mut times = Vec::new();
    let mut with_match = 0;
    for round in 0..3 {
        for query in queries {
            let started = Instant::now();
            let found = store.lookup(&Query::new(query)).unwrap();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            if round == 0 {
                with_match += usize::from(!found.is_empty());
            }
        }
    }
    (median(times.clone()), percentile(times, 0.95), with_match)
}

/// The matches of a local memory holding the same units, against the server's: the
/// server's candidate search must not lose what the local index finds.
fn recall(memory: &ServerMemory, queries: &[String]) {
    let dir = std::env::temp_dir().join(format!("tandem-bench-recall-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let local = tandem::stores::SqliteMemory::open(&dir.join("local.memory")).unwrap();
    let mut units = Vec::new();
    memory
        .for_each(&mut |u| {
            units.push(Unit::new(u.source, u.target));
            true
        })
        .unwrap();
    for chunk in units.chunks(20_000) {
        local.write(chunk).unwrap();
    }
    // Compared by score: many units tie (variations of one sentence), and which of a tie
    // makes the first five may differ.
    let (mut same, mut worse) = (0, 0);
    for query in queries {
        let query = Query::new(query);
        let scores =
            |m: Vec<tandem::memory::Match>| m.into_iter().map(|m| m.score).collect::<Vec<_>>();
        let a = scores(local.lookup(&query).unwrap());
        let b = scores(memory.lookup(&query).unwrap());
        if a == b {
            same += 1;
        } else if b < a {
            worse += 1;
        }
    }
    println!(
        "against a local memory of the same {} units: {same}/{} queries get the same scores, {worse} worse ones",
        units.len(),
        queries.len()
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// A term change written by one workbench, until another's listener has it.
fn glossary_visibility(url: &str) {
    use server::{Heard, Listener, ServerGlossary, TermWrite, fresh_id, fresh_revision};
    use std::sync::mpsc::channel;
    use tandem::glossary::{Kind, Term};
    let writer = ServerGlossary::open(url).unwrap();
    let write = |source: String| {
        let mut term = Term::new(&source, "term", Kind::Other);
        term.id = fresh_id();
        writer
            .write(&TermWrite {
                id: term.id,
                term: Some(term),
                base: None,
                rev: fresh_revision(),
            })
            .unwrap();
    };
    for n in 0..5_000 {
        write(format!("Begriff {n}"));
    }
    let (send, heard) = channel();
    let started = Instant::now();
    let _listener = Listener::start(url, 0, move |news| {
        let _ = send.send(news);
    })
    .unwrap();
    let count = |news: Heard| match news {
        Heard::Changed(changed) => changed.len(),
        _ => 0,
    };
    let mut arrived = 0;
    while arrived < 5_000 {
        arrived += count(heard.recv().unwrap());
    }
    println!(
        "a team glossary of 5,000 terms arrived in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut times = Vec::new();
    for n in 0..200 {
        let started = Instant::now();
        write(format!("Neuer Begriff {n}"));
        while count(heard.recv().unwrap()) == 0 {}
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "a term added by one workbench is in another's: median {:.2} ms (written, announced, fetched)",
        median(times)
    );
}

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let Some(cluster) = pg::Cluster::start("bench") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    glossary_visibility(&url);
    if std::env::args().any(|a| a == "--glossary") {
        return;
    }
    let Some(root) = common::corpus_root() else {
        return;
    };
    let memory = ServerMemory::open(&url).unwrap();
    let pairs = common::parallel_pairs(&root);
    let unseen: Vec<String> = {
        let news = news(&root);
        let step = (news.len() / 100).max(1);
        news.into_iter().step_by(step).take(100).collect()
    };
    let mut random = Random(7);
    let fuzzy: Vec<String> = (0..100)
        .map(|_| {
            let (de, _) = &pairs[random.below(pairs.len().min(3000))];
            let mut words: Vec<&str> = de.split_whitespace().collect();
            let at = random.below(words.len());
            words[at] = "Mittwoch";
            words.join(" ")
        })
        .collect();
    let mut random = Random(42);
    let mut written = 0usize;
    let mut write_seconds = 0.0;
    let targets: &[usize] = if small {
        &[100_000]
    } else {
        &[100_000, 1_000_000]
    };
    for &size in targets {
        while written < size {
            let batch: Vec<Unit> = if written == 0 {
                pairs
                    .iter()
                    .map(|(de, en)| Unit::new(de.clone(), en.clone()))
                    .collect()
            } else {
                (0..10_000.min(size - written))
                    .map(|_| vary(&pairs, &mut random))
                    .collect()
            };
            let started = Instant::now();
            let report = memory.write(&batch).unwrap();
            write_seconds += started.elapsed().as_secs_f64();
            written += batch.len();
            let _ = report;
        }
        cluster.admin("VACUUM ANALYZE tandem_units", "tandem");
        if let Ok(seconds) = std::env::var("TANDEM_BENCH_KEEP") {
            // Keeps the server for a look from outside (EXPLAIN), then goes on.
            println!("server kept at {url} for {seconds} s");
            std::thread::sleep(std::time::Duration::from_secs(
                seconds.parse().unwrap_or(60),
            ));
        }
        if size == 100_000 {
            recall(&memory, &fuzzy);
        }
        let units = memory.stats().unwrap().units;
        let (fuzzy_ms, fuzzy_p95, fuzzy_found) = time_lookups(&memory, &fuzzy);
        let (unseen_ms, unseen_p95, unseen_found) = time_lookups(&memory, &unseen);
        println!(
            "{units} units on the server: lookup median {fuzzy_ms:.2} ms (p95 {fuzzy_p95:.2}) for sentences with a match ({fuzzy_found}/100 found one), {unseen_ms:.2} ms (p95 {unseen_p95:.2}) for unseen news sentences ({unseen_found}/100 found one)"
        );
        // The team memory as a window uses it: its copy on this computer, made once, then
        // asked after the server's changes before each lookup.
        let dir =
            std::env::temp_dir().join(format!("tandem-bench-copy-{size}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let team = TeamMemory::open(&url, &dir.join("queue.jsonl")).unwrap();
        let started = Instant::now();
        let _ = team.lookup(&Query::new(&fuzzy[0]));
        while !team.is_copied() {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let copied = started.elapsed().as_secs_f64();
        let (fuzzy_ms, fuzzy_p95, fuzzy_found) = time_lookups(&team, &fuzzy);
        let (unseen_ms, unseen_p95, unseen_found) = time_lookups(&team, &unseen);
        println!(
            "the team memory's copy on this computer: made in {copied:.1} s; lookup median {fuzzy_ms:.2} ms (p95 {fuzzy_p95:.2}) for sentences with a match ({fuzzy_found}/100 found one), {unseen_ms:.2} ms (p95 {unseen_p95:.2}) for unseen news sentences ({unseen_found}/100 found one), each after asking the server for changes"
        );
        drop(team);
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "writes: {written} units in {write_seconds:.1} s, {:.0} units per second (batches of 10,000, one transaction each)",
        written as f64 / write_seconds
    );
    // One confirmed segment at a time, as the window writes them.
    let mut times = Vec::new();
    for n in 0..200 {
        let mut unit = Unit::new(
            format!("Ein bestätigter Satz Nummer {n}."),
            format!("A confirmed sentence number {n}."),
        );
        unit.key = Some(format!("bench/{n}"));
        let started = Instant::now();
        memory.write(&[unit]).unwrap();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "one confirmed segment written: median {:.2} ms",
        median(times)
    );
}
