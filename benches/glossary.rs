//! Term matching against a glossary of 100,000 entries: the default glossaries plus generated
//! German-looking names, places, titles and adjectives. `cargo bench --bench glossary`.
//!
//! - `one_sentence`: the longest sentence of the user's sample (or of the bundled sample);
//! - `whole_sample`: every segment of that article;
//! - `edit_term`: changing one term of the 100,000, matching included, as the GUI would.

use std::sync::OnceLock;
use tandem::glossary::{Glossary, GlossaryId, Kind, Matcher, Term, TermEdit, defaults};
use tandem::segment::Segmenter;

fn main() {
    let started = std::time::Instant::now();
    let glossary = big_glossary();
    let _matcher = Matcher::from_glossaries([&glossary]);
    println!(
        "glossary of {} terms compiled in {:.0} ms",
        glossary.terms.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    divan::main();
}

const SYLLABLES: [&str; 24] = [
    "ber", "tan", "wol", "kra", "mis", "len", "dor", "fa", "gu", "ho", "ste", "rin", "al", "bo",
    "ze", "nu", "pit", "sch", "ka", "lo", "mer", "vi", "das", "ek",
];

fn word(mut n: usize, parts: usize) -> String {
    let mut out = String::new();
    for _ in 0..parts {
        out.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    let mut chars = out.chars();
    let first = chars.next().unwrap().to_uppercase().collect::<String>();
    first + chars.as_str()
}

fn big_glossary() -> Glossary {
    let mut terms: Vec<Term> = defaults::glossaries()
        .into_iter()
        .flat_map(|g| g.terms)
        .collect();
    let mut n = 0;
    while terms.len() < 100_000 {
        let term = match n % 5 {
            0 => Term::new(
                &format!("{} {}", word(n, 2), word(n / 7 + 3, 3)),
                "person",
                Kind::Person,
            ),
            1 => Term::new(&word(n, 4), "place", Kind::Place),
            2 => Term::new(&format!("{}minister", word(n, 3)), "minister", Kind::Title),
            3 => Term::new(
                &format!("{}isch", word(n, 3).to_lowercase()),
                "adjective",
                Kind::Adjective,
            ),
            _ => Term::new(
                &format!("{}-Gruppe", word(n, 3)),
                "group",
                Kind::Organisation,
            ),
        };
        terms.push(term);
        n += 1;
    }
    Glossary::from_terms("big", terms)
}

fn sample() -> &'static (Vec<String>, Matcher) {
    static SAMPLE: OnceLock<(Vec<String>, Matcher)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/samples/putin-nordkorea.txt");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            eprintln!(
                "notice: {} is absent; using the bundled sample",
                path.display()
            );
            include_str!("../assets/sample-ostsee.txt").to_string()
        });
        let imported =
            tandem::formats::import_article(text.as_bytes(), None, &Segmenter::german()).unwrap();
        let sentences = imported
            .document
            .blocks
            .iter()
            .flat_map(|b| b.segments.iter().map(|s| s.source.clone()))
            .collect();
        (sentences, Matcher::from_glossaries([&big_glossary()]))
    })
}

#[divan::bench]
fn one_sentence(bencher: divan::Bencher) {
    let (sentences, matcher) = sample();
    let longest = sentences.iter().max_by_key(|s| s.len()).unwrap();
    bencher.bench(|| matcher.find(divan::black_box(longest)));
}

#[divan::bench]
fn whole_sample(bencher: divan::Bencher) {
    let (sentences, matcher) = sample();
    bencher.bench(|| {
        sentences
            .iter()
            .map(|s| matcher.find(divan::black_box(s)).len())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 30)]
fn edit_term(bencher: divan::Bencher) {
    let mut glossary = big_glossary();
    let mut matcher = Matcher::from_glossaries([&glossary]);
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        let mut term = glossary.terms[n % 1000].clone();
        term.targets = vec![format!("rendering {n}")];
        matcher
            .edit(GlossaryId(0), &mut glossary, TermEdit::Update(term))
            .unwrap()
    });
}
