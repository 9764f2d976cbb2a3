//! The worst shapes of input the robustness probe found, timed: each must stay near-linear.
//! `cargo bench --bench robustness`. The hang guards in `tests/robustness.rs` check that they
//! finish at all; these are the figures.
//!
//! - inline markup: 300,000 unclosed `[`, 200,000 nested links, rendered as HTML;
//! - HTML reader: 2 MB of `<`, 2 MB of `&`;
//! - terms: a 1 MB word made of "Präsident", 350,000 hits of "Putin" in one segment;
//! - XLIFF import of 58,000 segments (reading, matching units, applying the batch);
//! - glossary import of 200,000 terms into a project;
//! - an SRX rule `.*` before a break, on a 1 MB paragraph.

use std::fmt::Write;
use tandem::formats::{import_article, inline, xliff};
use tandem::glossary::{self, Format, Matcher, TermEdit};
use tandem::model::edit::Edit;
use tandem::model::{Block, BlockKind, Document, Project, Segment, SegmentId};
use tandem::segment::{Segmenter, srx};

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn inline_unclosed_brackets(bencher: divan::Bencher) {
    let text = "[".repeat(300_000);
    bencher.bench(|| inline::to_html(&text));
}

#[divan::bench(sample_count = 10)]
fn inline_nested_links(bencher: divan::Bencher) {
    let text = format!("{}x{}", "[".repeat(200_000), "](u)".repeat(200_000));
    bencher.bench(|| inline::to_html(&text));
}

#[divan::bench(sample_count = 10, args = ["<", "&"])]
fn html_reader(bencher: divan::Bencher, c: &str) {
    let text = format!("<p>{}</p>", c.repeat(2_000_000));
    bencher.bench(|| import_article(text.as_bytes(), Some("a.html"), &Segmenter::german()));
}

fn default_matcher() -> Matcher {
    Matcher::from_glossaries(&glossary::defaults::glossaries())
}

#[divan::bench(sample_count = 10)]
fn terms_in_a_long_word(bencher: divan::Bencher) {
    let matcher = default_matcher();
    let text = "Präsident".repeat(110_000);
    bencher.bench(|| matcher.find(&text).len());
}

#[divan::bench(sample_count = 10)]
fn terms_with_many_hits(bencher: divan::Bencher) {
    let matcher = default_matcher();
    let text = "Putin ".repeat(350_000);
    bencher.bench(|| matcher.find(&text).len());
}

fn project(segments: usize) -> Project {
    let blocks = (0..segments / 8)
        .map(|b| Block {
            kind: BlockKind::Paragraph,
            verbatim: None,
            anchor: None,
            segments: (0..8)
                .map(|s| Segment::new(SegmentId(0), format!("Satz {} der Ostsee.", b * 8 + s)))
                .collect(),
        })
        .collect();
    Project::from_document(Document {
        metadata: Default::default(),
        blocks,
        original: None,
    })
}

#[divan::bench(sample_count = 10)]
fn xliff_import_58k(bencher: divan::Bencher) {
    let project = project(58_000);
    let exported = xliff::to_xliff12(&project).replace(
        "<target state=\"new\"></target>",
        "<target state=\"translated\">Done.</target>",
    );
    bencher
        .with_inputs(|| project.clone())
        .bench_local_values(|mut project| {
            let units = xliff::read_units(exported.as_bytes()).unwrap();
            let updates = xliff::updates(&project, &units);
            updates.edit.apply(&mut project).unwrap();
            project
        });
}

#[divan::bench(sample_count = 10)]
fn glossary_import_200k(bencher: divan::Bencher) {
    let mut text = String::new();
    for n in 0..200_000 {
        let _ = writeln!(text, "Begriff{n}\tterm {n}");
    }
    let project = project(80);
    bencher
        .with_inputs(|| project.clone())
        .bench_local_values(|mut project| {
            let read = glossary::read(text.as_bytes(), Format::Tsv, "many").unwrap();
            let edits = read
                .glossary
                .terms
                .into_iter()
                .map(|mut t| {
                    t.id = glossary::TermId(0);
                    Edit::Term(TermEdit::Add(t))
                })
                .collect();
            Edit::Batch(edits).apply(&mut project).unwrap();
            project
        });
}

#[divan::bench(sample_count = 10)]
fn srx_dot_star_on_a_megabyte(bencher: divan::Bencher) {
    let rules = r#"<srx version="2.0"><header cascade="yes"/><body><languagerules><languagerule languagerulename="X"><rule break="yes"><beforebreak>.*</beforebreak><afterbreak>\s</afterbreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>"#;
    let (rules, _) = srx::parse(rules.as_bytes(), "de-DE").unwrap();
    let segmenter = Segmenter::srx_only(rules);
    let mut paragraph = String::new();
    while paragraph.len() < 1_000_000 {
        paragraph.push_str("Das ist ein Satz ohne Ende und mit vielen Wörtern ");
    }
    bencher.bench(|| segmenter.split(&paragraph).len());
}
