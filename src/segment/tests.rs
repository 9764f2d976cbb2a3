use super::*;

fn check(text: &str, expected: &[&str]) {
    let segmenter = Segmenter::german();
    assert_eq!(segmenter.sentences(text), expected, "\ntext: {text}");
}

#[test]
fn basic() {
    check("Dr. Müller kam. Er ging.", &["Dr. Müller kam.", "Er ging."]);
}
