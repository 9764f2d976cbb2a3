//! Unit tests of the segmenter's mechanics; the German behaviour is specified by the test set
//! in tests/data/segmentation-de.txt (see tests/segmentation.rs).

use super::*;
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn check(text: &str, expected: &[&str]) {
    let segmenter = Segmenter::german();
    assert_eq!(segmenter.sentences(text), expected, "\ntext: {text}");
}

#[test]
fn basic_split_and_trimming() {
    check(
        "  Dr. Müller kam.  Er ging.\n",
        &["Dr. Müller kam.", "Er ging."],
    );
    check("", &[]);
    check("   ", &[]);
    check("Ohne Punkt", &["Ohne Punkt"]);
}

#[test]
fn a_user_rule_file_changes_decisions() {
    let text = "Das kostet 5 Sfr. Mehr nicht.";
    check(text, &["Das kostet 5 Sfr.", "Mehr nicht."]);
    let mut lists = RuleLists::german();
    lists.extend(RuleLists::parse("abbreviations = [\"Sfr\"]", None).unwrap());
    let segmenter = Segmenter::with_rules(&lists);
    assert_eq!(segmenter.sentences(text), [text]);
}

/// Where Unicode's sentence rules see a boundary after ". ! ? …" followed by an upper-case
/// letter, the byte scan finds the same candidate.
fn uax29_boundaries_are_candidates(text: &str) -> Result<(), TestCaseError> {
    let candidates = {
        let mut starts = Vec::new();
        terminator_candidates(text, &mut starts);
        starts
    };
    for (at, _) in text.split_sentence_bound_indices().skip(1) {
        let before = text[..at].trim_end().trim_end_matches(is_closing);
        let next_upper = text[at..].chars().next().is_some_and(char::is_uppercase);
        if next_upper && before.ends_with(['.', '!', '?']) && at > before.len() {
            prop_assert!(
                candidates.contains(&at),
                "UAX #29 boundary at {at} missing in {text:?}"
            );
        }
    }
    Ok(())
}

#[test]
fn scan_agrees_with_unicode_segmentation_on_the_test_set_texts() {
    for text in [
        "Er kam. Sie ging! Wer? Dann „Ja.“ Nein.) Doch…",
        "Dr. Müller kam am 3. Oktober. Er blieb. (Wirklich.) Ende.",
    ] {
        uax29_boundaries_are_candidates(text).unwrap();
    }
}

proptest! {
    #[test]
    fn scan_agrees_with_unicode_segmentation(
        words in prop::collection::vec(
            prop::sample::select(vec![
                "Er", "kam.", "Sie", "ging!", "Wer?", "„Ja.“", "(So.)", "Ende…", "»Nein!«",
                "und", "Dr.", "19.", "Juni", "Das", "\"Gut.\"", "A.", "?!", "...", "x",
            ]),
            0..30,
        )
    ) {
        uax29_boundaries_are_candidates(&words.join(" "))?;
    }
}
