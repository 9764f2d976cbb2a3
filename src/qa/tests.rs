use super::*;
use crate::model::{Ignored, Status};

fn segment(source: &str, target: &str) -> Segment {
    let mut segment = Segment::new(SegmentId(7), source);
    segment.target = target.into();
    segment.status = Status::Translated;
    segment
}

fn keys(segment: &Segment, settings: &QaSettings) -> Vec<String> {
    let placeables = crate::placeables::find(&segment.source, Variant::American);
    let cx = Context {
        variant: Variant::American,
        hits: &[],
        placeables: &placeables,
        speller: None,
        words: None,
        settings,
    };
    check_segment(segment, &cx)
        .into_iter()
        .map(|i| i.key)
        .collect()
}

#[test]
fn an_untranslated_segment_has_that_one_issue() {
    let settings = QaSettings::default();
    assert_eq!(
        keys(&segment("Er kam 2024.", " "), &settings),
        ["untranslated:"]
    );
}

#[test]
fn checks_switch_off_and_single_issues_are_ignored() {
    let bad = segment("Er kam am 3. Mai.", "He came on 4 May");
    let mut settings = QaSettings::default();
    assert_eq!(
        keys(&bad, &settings),
        [
            "numbers:am 3. Mai",
            "numbers:+4",
            "final-punctuation:“.”>none"
        ]
    );
    settings.off.insert("final-punctuation".into());
    assert_eq!(keys(&bad, &settings), ["numbers:am 3. Mai", "numbers:+4"]);
    settings.ignored.insert(Ignored {
        segment: SegmentId(7),
        key: "numbers:+4".into(),
    });
    assert_eq!(keys(&bad, &settings), ["numbers:am 3. Mai"]);
    // The same key on another segment is not ignored.
    let mut other = bad.clone();
    other.id = SegmentId(8);
    assert_eq!(keys(&other, &settings), ["numbers:am 3. Mai", "numbers:+4"]);
}

#[test]
fn check_names_read_back() {
    for check in Check::ALL {
        assert_eq!(Check::parse(check.name()), Some(check));
    }
}
