//! German segmentation: the test set in tests/data/segmentation-de.txt, a held-out check on the
//! German PUD treebank, a comparison with OmegaT's default SRX rules, and property tests of the
//! segmenter's invariants.

mod common;

use proptest::prelude::*;
use tandem::segment::{Segmenter, srx};

struct Case {
    source: String,
    input: String,
    expected: Vec<String>,
}

fn test_set() -> Vec<Case> {
    let text = std::fs::read_to_string(common::repo("tests/data/segmentation-de.txt")).unwrap();
    let mut cases = Vec::new();
    for chunk in text.split("\n\n") {
        let lines: Vec<&str> = chunk.lines().filter(|l| !l.starts_with('#')).collect();
        let Some(header) = lines.first().and_then(|l| l.strip_prefix("== ")) else {
            continue;
        };
        let body = &lines[1..];
        let input_lines = body.iter().take_while(|l| !l.starts_with("| ")).count();
        // An expected sentence may go on over the next line (a line break inside it).
        let mut expected: Vec<String> = Vec::new();
        for line in &body[input_lines..] {
            match line.strip_prefix("| ") {
                Some(sentence) => expected.push(sentence.to_string()),
                None => {
                    let last = expected.last_mut().expect("starts with a sentence");
                    last.push('\n');
                    last.push_str(line);
                }
            }
        }
        cases.push(Case {
            source: header.split(':').next().unwrap_or("").to_string(),
            input: body[..input_lines].join("\n"),
            expected,
        });
    }
    cases
}

/// Share of cases segmented exactly right, and the failures.
fn accuracy<'c>(segmenter: &Segmenter, cases: &'c [Case]) -> (f64, Vec<(&'c Case, Vec<String>)>) {
    let mut failures = Vec::new();
    for case in cases {
        let got: Vec<String> = segmenter
            .sentences(&case.input)
            .into_iter()
            .map(str::to_string)
            .collect();
        if got != case.expected {
            failures.push((case, got));
        }
    }
    let right = cases.len() - failures.len();
    (right as f64 / cases.len() as f64, failures)
}

#[test]
fn test_set_accuracy() {
    let cases = test_set();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let (score, failures) = accuracy(&Segmenter::german(), &cases);
    for (case, got) in &failures {
        eprintln!(
            "MISS [{}] {:?}\n  expected {:?}\n  got      {:?}",
            case.source, case.input, case.expected, got
        );
    }
    println!(
        "segmentation test set: {}/{} cases exactly right ({:.1}%)",
        cases.len() - failures.len(),
        cases.len(),
        score * 100.0
    );
    // The README claims every case: a miss is a regression (or a case to discuss).
    assert!(
        failures.is_empty(),
        "the README claims {}/{} on the own test set",
        cases.len(),
        cases.len()
    );
}

#[test]
fn the_issue_examples_are_all_right() {
    let cases = test_set();
    let issue: Vec<Case> = cases
        .into_iter()
        .filter(|c| c.source == "issue" || c.source == "omegat" || c.source == "sample")
        .collect();
    let (score, failures) = accuracy(&Segmenter::german(), &issue);
    assert!(
        failures.is_empty(),
        "{:?}",
        failures
            .iter()
            .map(|(c, got)| (&c.input, got))
            .collect::<Vec<_>>()
    );
    assert_eq!(score, 1.0);
}

/// Sentences of one PUD document joined with spaces; the treebank's sentence split is the gold.
fn pud_cases() -> Option<Vec<Case>> {
    let path = common::shared("corpus/parallel_de_en/ud_german_pud_de-en.tsv")?;
    let text = std::fs::read_to_string(path).unwrap();
    let mut docs: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [doc, _, de, ..] = fields[..] else {
            continue;
        };
        match docs.last_mut() {
            Some((id, sentences)) if id == doc => sentences.push(de.to_string()),
            _ => docs.push((doc.to_string(), vec![de.to_string()])),
        }
    }
    Some(
        docs.into_iter()
            .filter(|(_, s)| s.len() > 1)
            .map(|(doc, sentences)| Case {
                source: doc,
                input: sentences.join(" "),
                expected: sentences,
            })
            .collect(),
    )
}

#[test]
fn held_out_pud_accuracy_and_omegat_comparison() {
    let Some(pud) = pud_cases() else { return };
    let ours = Segmenter::german();
    let (score, failures) = accuracy(&ours, &pud);
    println!(
        "German PUD (held out, {} multi-sentence documents): {:.1}% exactly right",
        pud.len(),
        score * 100.0
    );
    for (case, got) in failures.iter().take(15) {
        eprintln!(
            "PUD MISS [{}] {:?}\n  expected {:?}\n  got {:?}",
            case.source, case.input, case.expected, got
        );
    }
    // The misses the README names (two questions the treebank keeps as one sentence, a
    // missing period, "begangenes 60. Jubiläumsjahr"), exactly: a new miss is a regression,
    // a fixed one is news for the README.
    let missed: Vec<&str> = failures.iter().map(|(c, _)| c.source.as_str()).collect();
    assert_eq!(missed, KNOWN_PUD_MISSES, "PUD misses changed");
    assert_eq!(format!("{:.1}", score * 100.0), "99.0");
    let own = test_set();
    if let Some(path) = common::shared("conformance/srx/omegat_defaultRules.srx") {
        let (rules, _) = srx::parse(&std::fs::read(path).unwrap(), "de-DE").unwrap();
        let omegat = Segmenter::srx_only(rules);
        let (pud_score, _) = accuracy(&omegat, &pud);
        let (own_score, _) = accuracy(&omegat, &own);
        println!(
            "OmegaT default rules (run by Tandem's SRX engine): PUD {:.1}%, Tandem test set {:.1}%",
            pud_score * 100.0,
            own_score * 100.0
        );
        // The figures the README quotes.
        assert_eq!(format!("{:.1}", pud_score * 100.0), "93.6");
        assert_eq!(format!("{:.1}", own_score * 100.0), "67.1");
    }
}

/// One entry of a fortunes-de file as the held-out set counts it: split at "%" lines, trailing
/// attribution lines ("-- Goethe", "(Lichtenberg)") dropped.
fn fortune(text: &str, number: usize) -> Option<String> {
    let entry = text.split("\n%\n").nth(number)?;
    let mut lines: Vec<&str> = entry.trim_end_matches('\n').split('\n').collect();
    while lines.last().is_some_and(|l| {
        let l = l.trim_start();
        l.starts_with("--") || l.starts_with('―') || l.starts_with('—') || l.starts_with('(')
    }) {
        lines.pop();
    }
    let body: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    Some(body.join("\n").trim_matches('\n').to_string())
}

/// The held-out check on German text from the fortunes-de package (sayings, jokes, dialogue,
/// chat logs, verse), annotated by hand; see the file's header for how it was kept unseen.
#[test]
fn held_out_fortunes_accuracy() {
    let root = std::path::Path::new("/usr/share/games/fortunes/de");
    if !root.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is required when CI is set (Debian package fortunes-de)",
            root.display()
        );
        eprintln!("notice: {} is absent; skipping", root.display());
        return;
    }
    let gold =
        std::fs::read_to_string(common::repo("tests/data/segmentation-heldout-fortunes.tsv"))
            .unwrap();
    let segmenter = Segmenter::german();
    let mut files = std::collections::HashMap::new();
    let mut results: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut missed = Vec::new();
    for line in gold
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (set, file, number) = (cols[0], cols[1], cols[2].parse::<usize>().unwrap());
        let text = files.entry(file).or_insert_with(|| {
            let bytes = std::fs::read(root.join(format!("{file}.u8"))).unwrap();
            String::from_utf8_lossy(&bytes).into_owned()
        });
        let body = fortune(text, number).unwrap();
        let normal: Vec<char> = body
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .collect();
        let mut starts: Vec<usize> = vec![0];
        starts.extend(
            cols[3]
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| c.parse::<usize>().unwrap()),
        );
        starts.push(normal.len() + 1);
        let expected: Vec<String> = starts
            .windows(2)
            .map(|w| normal[w[0]..w[1] - 1].iter().collect())
            .collect();
        let imported =
            tandem::formats::import_article(body.as_bytes(), Some("x.txt"), &segmenter).unwrap();
        let got: Vec<String> = imported
            .document
            .blocks
            .iter()
            .flat_map(|b| &b.segments)
            .map(|s| s.source.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let tally = results.entry(set).or_default();
        tally.1 += 1;
        if got == expected {
            tally.0 += 1;
        } else {
            eprintln!(
                "FORTUNE MISS [{set} {file} {number}]\n  expected {expected:?}\n  got      {got:?}"
            );
            missed.push(format!("{file} {number}"));
        }
    }
    for (set, (right, all)) in &results {
        println!(
            "fortunes-de held-out set {set}: {right}/{all} exactly right ({:.1}%)",
            *right as f64 * 100.0 / *all as f64
        );
    }
    // The figures the README quotes; the one miss of the unseen set B is a two-line block
    // wrapped by hand narrower than prose usually is.
    assert_eq!(results.get("A"), Some(&(110, 110)));
    assert_eq!(results.get("B"), Some(&(59, 60)));
    assert_eq!(missed, ["linuxtag 409"]);
}

/// The PUD documents Tandem splits wrongly (document ids of the treebank).
const KNOWN_PUD_MISSES: [&str; 3] = ["n01116", "w01066", "w01070"];

fn check_invariants(text: &str) -> Result<(), TestCaseError> {
    let ranges = Segmenter::german().split(text);
    let mut at = 0;
    for range in &ranges {
        prop_assert!(range.start < range.end, "empty segment in {text:?}");
        prop_assert!(
            text[at..range.start].trim().is_empty(),
            "text lost before {range:?}"
        );
        let segment = &text[range.clone()];
        prop_assert_eq!(segment.trim(), segment);
        at = range.end;
    }
    prop_assert!(
        text[at..].trim().is_empty(),
        "text lost at the end of {text:?}"
    );
    Ok(())
}

fn german_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Dr.",
        "z. B.",
        "am",
        "19.",
        "Juni",
        "2024.",
        "Das",
        "Der",
        "er",
        "kam",
        "„Ja.“",
        "»Nein!«",
        "…",
        "...",
        "usw.",
        "Mio.",
        "Euro",
        "(",
        ")",
        "?",
        "!",
        ".",
        " ",
        "\n",
        "Größe",
        "ß",
        "–",
        "1.000.000",
        "2,5",
        "Prozent",
        "abgeschlossen",
        "Die",
        "Linke",
        "u.",
        "a.",
        "\"",
        "'",
        "J.",
        "©",
        "Es",
        "Wir",
        "\u{a0}",
        "\t",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.join(" ").replace("  ", " "))
}

proptest! {
    #[test]
    fn segments_cover_the_text_in_order(text in german_text()) {
        check_invariants(&text)?;
    }

    #[test]
    fn arbitrary_unicode_never_breaks_the_invariants(text in "\\PC{0,200}") {
        check_invariants(&text)?;
    }
}
