//! The quality checks against their specification, `tests/data/qa.tsv` (for every check,
//! cases that must fire and cases that must not), against a clean professional translation
//! of the user's sample article (`tests/data/putin-nordkorea.en.txt`: no error-severity
//! issue), and against the same translation with mistakes planted in it (exactly those are
//! reported). Consistency and `tandem check` are tested here too.

mod common;

use std::sync::OnceLock;
use tandem::glossary::{Kind, Term};
use tandem::model::{Project, QaSettings, Segment, SegmentId, Status, Variant};
use tandem::qa::{self, Check, Context, Severity, Speller, Words};
use tandem::suggest::Terminology;

fn speller() -> &'static Speller {
    static SPELLER: OnceLock<Speller> = OnceLock::new();
    SPELLER.get_or_init(|| Speller::new(Variant::American).unwrap())
}

/// The default glossaries and a project term with a rendering not to use.
fn terminology() -> Terminology {
    let mut project = Project::default();
    project.glossaries.use_defaults = true;
    let mut kyiv = Term::new("Kiew", "Kyiv", Kind::Place);
    kyiv.forbidden = vec!["Kiev".into()];
    project.glossary = tandem::glossary::Glossary::from_terms("project", vec![kyiv]);
    Terminology::new(&project, Vec::new())
}

fn issues_of(terminology: &Terminology, words: &Words, segment: &Segment) -> Vec<qa::Issue> {
    let hits = terminology.find(&segment.source);
    let placeables = tandem::placeables::find(&segment.source, Variant::American);
    let settings = QaSettings::default();
    let cx = Context {
        variant: Variant::American,
        hits: &hits,
        placeables: &placeables,
        speller: Some(speller()),
        words: Some(words),
        settings: &settings,
    };
    qa::check_segment(segment, &cx)
}

#[test]
fn every_case_of_the_specification_holds() {
    let text = std::fs::read_to_string(common::repo("tests/data/qa.tsv")).unwrap();
    let terminology = terminology();
    let words = Words::from_terminology(&terminology, &[]);
    let mut cases = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "line {}: {line:?}", number + 1);
        let check = Check::parse(fields[0]).unwrap_or_else(|| panic!("line {}", number + 1));
        let mut segment = Segment::new(SegmentId(1), fields[1]);
        segment.target = fields[2].to_string();
        segment.status = Status::Translated;
        let got: Vec<String> = issues_of(&terminology, &words, &segment)
            .into_iter()
            .filter(|i| i.check == check)
            .map(|i| i.key)
            .collect();
        let expected: Vec<String> = match fields[3] {
            "-" => Vec::new(),
            keys => keys.split('|').map(str::to_string).collect(),
        };
        let counts = cases.entry(fields[0]).or_default();
        if expected.is_empty() {
            counts.1 += 1;
        } else {
            counts.0 += 1;
        }
        if got != expected {
            failures.push(format!(
                "line {}: {} → {}: expected {expected:?}, got {got:?}",
                number + 1,
                fields[1],
                fields[2]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every check that looks at one segment has cases that fire and cases that do not.
    for check in Check::ALL {
        if matches!(check, Check::InconsistentSource | Check::InconsistentTarget) {
            continue;
        }
        let (fire, quiet) = cases.get(check.name()).copied().unwrap_or_default();
        assert!(
            fire > 0 && quiet > 0,
            "{}: {fire} cases that fire, {quiet} that do not",
            check.name()
        );
    }
}

/// The sample article with the clean translation; `None` without ../shared.
fn translated_sample() -> Option<Project> {
    let path = common::shared("samples/putin-nordkorea.txt")?;
    let bytes = std::fs::read(path).unwrap();
    let imported = tandem::formats::import_article(
        &bytes,
        Some("putin-nordkorea.txt"),
        &tandem::segment::Segmenter::german(),
    )
    .unwrap();
    let mut project = Project::from_document(imported.document);
    let english =
        std::fs::read_to_string(common::repo("tests/data/putin-nordkorea.en.txt")).unwrap();
    let lines: Vec<&str> = english.lines().collect();
    assert_eq!(lines.len(), project.segment_count());
    for (block, line) in project
        .document
        .blocks
        .iter_mut()
        .flat_map(|b| b.segments.iter_mut())
        .zip(lines)
    {
        block.target = line.to_string();
        block.status = Status::Translated;
    }
    Some(project)
}

fn check(project: &Project) -> Vec<(usize, String, Severity)> {
    let terminology = Terminology::new(project, Vec::new());
    let numbers: std::collections::HashMap<SegmentId, usize> = project
        .segments()
        .enumerate()
        .map(|(i, s)| (s.id, i + 1))
        .collect();
    qa::check_project(project, &terminology, Some(speller()))
        .into_iter()
        .map(|i| (numbers[&i.segment], i.key, i.severity))
        .collect()
}

#[test]
fn a_clean_translation_of_the_sample_has_no_error() {
    let Some(project) = translated_sample() else {
        return;
    };
    let issues = check(&project);
    let errors: Vec<_> = issues.iter().filter(|i| i.2 == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    println!(
        "clean translation of the sample: {} segments, {} warnings: {issues:?}",
        project.segment_count(),
        issues.len()
    );
    assert!(issues.is_empty(), "false alarms: {issues:?}");
}

#[test]
fn planted_mistakes_are_found_and_nothing_else() {
    let Some(mut project) = translated_sample() else {
        return;
    };
    let plant = |project: &mut Project, number: usize, from: &str, to: &str| {
        let segment = project
            .document
            .blocks
            .iter_mut()
            .flat_map(|b| b.segments.iter_mut())
            .nth(number - 1)
            .unwrap();
        assert!(segment.target.contains(from), "{number}: {from}");
        segment.target = segment.target.replacen(from, to, 1);
    };
    plant(&mut project, 2, "24 years", "42 years");
    plant(&mut project, 3, "years to come.", "years to come");
    plant(&mut project, 4, "Pyongyang", "Pjöngjang");
    plant(&mut project, 7, "with Kim.", "with Kim .");
    plant(&mut project, 9, "between Russia", "between the the Russia");
    plant(
        &mut project,
        10,
        "The two states pursue an independent foreign policy and therefore cannot \"accept the language of blackmail and diktat\".",
        "",
    );
    plant(&mut project, 11, "Kim stated that", "Kim stated  that");
    plant(&mut project, 12, "\"I have", "„I have");
    plant(&mut project, 13, "hegemony", "hegemoney");
    plant(&mut project, 14, "1961", "1991");
    let got = check(&project);
    let expected: Vec<(usize, String, Severity)> = [
        (2, "numbers:24", Severity::Error),
        (2, "numbers:+42", Severity::Warning),
        (3, "final-punctuation:“.”>none", Severity::Warning),
        (4, "terms:Pjöngjang", Severity::Warning),
        (7, "spaces:before .", Severity::Warning),
        (9, "repeated-word:the", Severity::Warning),
        (10, "untranslated:", Severity::Error),
        (11, "spaces:double", Severity::Warning),
        (12, "german-punctuation:„", Severity::Warning),
        (13, "spelling:hegemoney", Severity::Warning),
        (14, "numbers:1961", Severity::Error),
        (14, "numbers:+1991", Severity::Warning),
    ]
    .into_iter()
    .map(|(n, k, s)| (n, k.to_string(), s))
    .collect();
    assert_eq!(got, expected);
}

#[test]
fn one_source_two_translations_and_one_translation_two_sources() {
    let mut project = Project::default();
    project.document.blocks.push(tandem::model::Block {
        kind: tandem::model::BlockKind::Paragraph,
        verbatim: None,
        anchor: None,
        segments: vec![
            Segment::new(SegmentId(1), "Der Kreml schweigt."),
            Segment::new(SegmentId(2), "Der Kreml schweigt."),
            Segment::new(SegmentId(3), "Moskau schweigt dazu."),
            Segment::new(SegmentId(4), "Ja."),
            Segment::new(SegmentId(5), "Jawohl."),
            Segment::new(SegmentId(6), "Der Kreml  schweigt."),
        ],
    });
    project.reindex();
    let targets = [
        "The Kremlin is silent.",
        "The Kremlin says nothing.",
        "The Kremlin is silent.",
        "Yes.",
        "Yes.",
        "The Kremlin is silent.",
    ];
    for (i, target) in targets.iter().enumerate() {
        project.segment_mut(SegmentId(i as u64 + 1)).unwrap().target = target.to_string();
    }
    let issues = qa::check_consistency(&project);
    let got: Vec<(u64, &str)> = issues
        .iter()
        .map(|i| (i.segment.0, i.check.name()))
        .collect();
    assert_eq!(
        got,
        [
            (1, "inconsistent-translation"),
            (1, "inconsistent-source"),
            (2, "inconsistent-translation"),
            (3, "inconsistent-source"),
            (6, "inconsistent-translation"),
            (6, "inconsistent-source"),
        ]
    );
    assert!(
        issues[2].message.contains("segment 1, 6"),
        "{}",
        issues[2].message
    );
}

#[test]
fn tandem_check_fails_on_errors_and_passes_a_clean_project() {
    let Some(mut project) = translated_sample() else {
        return;
    };
    let dir = common::temp_dir("qa-check");
    let path = dir.join("sample.tandem");
    let words = dir.join("words.txt");
    let write = |project: &Project| {
        std::fs::write(&path, tandem::project_file::to_json(project)).unwrap();
    };
    write(&project);
    let path_str = path.to_str().unwrap();
    let words_str = words.to_str().unwrap();
    let (ok, out, err) = common::tandem(&["check", path_str, "--words", words_str]);
    assert!(ok, "{out}\n{err}");
    assert!(
        out.contains("0 errors, 0 warnings in 0 of 15 segments"),
        "{out}"
    );
    let second = project.segments().nth(1).unwrap().id;
    project.segment_mut(second).unwrap().target =
        "Vladimir Putin has visited North Korea for the first time in 42 years.".into();
    write(&project);
    let (ok, out, err) = common::tandem(&["check", path_str, "--words", words_str]);
    assert!(!ok);
    assert!(out.contains("   2  error    numbers"), "{out}");
    assert!(err.contains("1 error to fix"), "{err}");
    let (ok, out, _) = common::tandem(&[
        "check", path_str, "--json", "--only", "spelling", "--words", words_str,
    ]);
    assert!(ok, "only spelling: no error");
    assert_eq!(out.trim(), "[]");
    let (ok, out, _) = common::tandem(&["check", path_str, "--json", "--words", words_str]);
    assert!(!ok);
    let issues: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(issues[0]["number"], 2);
    assert_eq!(issues[0]["check"], "numbers");
    assert_eq!(issues[0]["severity"], "error");
    // The translator's own word silences the spelling check.
    project.segment_mut(second).unwrap().target =
        "Vladimir Putin has visited Nort Korea for the first time in 24 years.".into();
    write(&project);
    let (_, out, _) = common::tandem(&[
        "check", path_str, "--only", "spelling", "--words", words_str,
    ]);
    assert!(out.contains("spelling"), "{out}");
    std::fs::write(&words, "Nort\n").unwrap();
    let (_, out, _) = common::tandem(&[
        "check", path_str, "--only", "spelling", "--words", words_str,
    ]);
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
}
