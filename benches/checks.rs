//! Quality-check figures: how long a full check of a 10,000-segment project takes, and what
//! the checks say about professional translations they were not built on.
//! `cargo bench --bench checks` (release build; prints medians of 5 runs).
//!
//! Segments: the German–English pairs of `../shared/corpus/parallel_de_en` (WMT newstest
//! 2019 and 2020, UD German PUD: news sentences with human translations), repeated up to
//! 10,000 segments. The checks' rules were written from the specification in
//! `tests/data/qa.tsv` and the sample article, not from these pairs, so the issues they raise
//! on them are a measure of false alarms on unseen, professionally translated news.
//! `TANDEM_SHOW_WORDS=1` also lists the words the spelling check flagged most often.

mod common;

use common::median;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;
use tandem::model::{Block, BlockKind, Document, Project, Segment, SegmentId, Status, Variant};
use tandem::qa::{Severity, Speller};
use tandem::workbench::Workbench;

fn pairs() -> Option<Vec<(String, String)>> {
    Some(common::parallel_pairs(&common::corpus_root()?))
}

fn project(pairs: &[(String, String)], count: usize) -> Project {
    let segments = (0..count)
        .map(|i| {
            let (de, en) = &pairs[i % pairs.len()];
            let mut segment = Segment::new(SegmentId(0), de.as_str());
            segment.target = en.clone();
            segment.status = Status::Translated;
            segment
        })
        .collect();
    Project::from_document(Document {
        metadata: Default::default(),
        blocks: vec![Block {
            kind: BlockKind::Paragraph,
            verbatim: None,
            anchor: None,
            segments,
        }],
        original: None,
    })
}

fn main() {
    let Some(pairs) = pairs() else {
        return;
    };
    let started = Instant::now();
    let speller = Arc::new(Speller::new(Variant::American).unwrap());
    println!(
        "reading the en-US dictionary: {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..5 {
        let mut workbench = Workbench::new(project(&pairs, 10_000), None);
        workbench.set_speller(Some(speller.clone()));
        let started = Instant::now();
        found = workbench.check_all().len();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "full check of 10,000 segments (every check, spelling included): median {:.0} ms ({found} issues)",
        median(times)
    );
    // After one edit, as the window does it: on its thread, the edited segment checked and
    // the input for the list taken; on a worker thread, the list made (consistency, merge).
    let mut workbench = Workbench::new(project(&pairs, 10_000), None);
    workbench.set_speller(Some(speller.clone()));
    workbench.check_all();
    let (mut window, mut worker) = (Vec::new(), Vec::new());
    for i in 0..5 {
        // The list is remade at most every 400 ms while the translator types.
        std::thread::sleep(std::time::Duration::from_millis(450));
        let id = workbench.project().segments().nth(i * 100).unwrap().id;
        workbench.type_target(id, "An edited translation.").unwrap();
        let started = Instant::now();
        assert!(workbench.refresh_segments(std::time::Duration::from_secs(1)));
        let input = workbench.issue_list_input().expect("a list is due");
        window.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        workbench.take_issue_list(input.run());
        worker.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "after one edit (10,000 segments): median {:.1} ms on the window's thread, {:.1} ms on a worker",
        median(window),
        median(worker)
    );
    // What the checks say about the professional translations, each pair once.
    let mut workbench = Workbench::new(project(&pairs, pairs.len()), None);
    workbench.set_speller(Some(speller));
    let issues = workbench.check_all();
    let mut by_check: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut with_error = std::collections::HashSet::new();
    let mut with_any = std::collections::HashSet::new();
    for issue in issues.iter() {
        let entry = by_check.entry(issue.check.name()).or_default();
        match issue.severity {
            Severity::Error => {
                entry.0 += 1;
                with_error.insert(issue.segment);
            }
            Severity::Warning => entry.1 += 1,
        }
        with_any.insert(issue.segment);
    }
    let n = pairs.len() as f64;
    println!(
        "{} professional translations: {:.1}% with an error-severity issue, {:.1}% with any issue",
        pairs.len(),
        100.0 * with_error.len() as f64 / n,
        100.0 * with_any.len() as f64 / n
    );
    if std::env::var_os("TANDEM_SHOW_WORDS").is_some() {
        let mut words: BTreeMap<&str, usize> = BTreeMap::new();
        for issue in issues.iter().filter(|i| i.check.name() == "spelling") {
            *words.entry(issue.key.as_str()).or_default() += 1;
        }
        let mut top: Vec<_> = words.into_iter().collect();
        top.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        println!("{:?}", &top[..top.len().min(60)]);
    }
    for (check, (errors, warnings)) in by_check {
        println!("  {check:<26} {errors:>5} errors {warnings:>5} warnings");
    }
}
