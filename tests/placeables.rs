//! The placeables specification, `tests/data/placeables.tsv`: German phrasings (many from the
//! WMT newstest sets in ../shared/corpus, the rest written here for the forms the issue names)
//! with the English every placeable in them must become, in American and British English.
//! Every case must hold; the figure printed is the share of cases right in each variant.

mod common;

use tandem::model::Variant;
use tandem::placeables::find;

struct Case {
    line: usize,
    source: String,
    german: String,
    us: Vec<String>,
    gb: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(common::repo("tests/data/placeables.tsv")).unwrap();
    let list = |field: &str| -> Vec<String> {
        if field == "-" {
            Vec::new()
        } else {
            field.split(" | ").map(str::to_string).collect()
        }
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "line {}: {line}", i + 1);
            let us = list(fields[2]);
            let gb = if fields[3] == "=" {
                us.clone()
            } else {
                list(fields[3])
            };
            Case {
                line: i + 1,
                source: fields[0].to_string(),
                german: fields[1].to_string(),
                us,
                gb,
            }
        })
        .collect()
}

#[test]
fn the_specification_holds_in_both_variants() {
    let cases = cases();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let from_corpus = cases.iter().filter(|c| c.source.starts_with("wmt")).count();
    let mut failures = Vec::new();
    for variant in [Variant::American, Variant::British] {
        let mut right = 0;
        for case in &cases {
            let expected = match variant {
                Variant::American => &case.us,
                Variant::British => &case.gb,
            };
            let found: Vec<String> = find(&case.german, variant)
                .into_iter()
                .map(|p| p.english)
                .collect();
            if &found == expected {
                right += 1;
            } else {
                failures.push(format!(
                    "line {} ({}): {:?} → {found:?}, expected {expected:?}",
                    case.line,
                    variant.tag(),
                    case.german
                ));
            }
        }
        println!(
            "{}: {right} of {} cases right ({:.1}%), {from_corpus} of them from the WMT corpus",
            variant.tag(),
            cases.len(),
            100.0 * right as f64 / cases.len() as f64
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ranges_point_at_the_german_they_convert() {
    let text = "Am 15.03.2024 um 9:30 Uhr stiegen die Kosten um 2,5 Prozent auf 1,2 Mrd. Euro.";
    let found = find(text, Variant::British);
    let shown: Vec<(&str, &str)> = found
        .iter()
        .map(|p| (&text[p.range.clone()], p.english.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("Am 15.03.2024", "on 15 March 2024"),
            ("9:30 Uhr", "09:30"),
            ("2,5 Prozent", "2.5 per cent"),
            ("1,2 Mrd. Euro", "€1.2 billion"),
        ]
    );
}

#[test]
fn the_command_line_shows_what_is_recognised() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args([
            "placeables",
            "Am 19. Juni 2024 um 20.45 Uhr: 2,5 Prozent.",
            "--json",
            "--variant",
            "en-GB",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = &report[0]["placeables"];
    assert_eq!(found[0]["german"], "Am 19. Juni 2024");
    assert_eq!(found[0]["english"], "on 19 June 2024");
    assert_eq!(found[0]["kind"], "date");
    assert_eq!(found[1]["english"], "20:45");
    assert_eq!(found[2]["english"], "2.5 per cent");
    assert_eq!(
        (found[2]["start"].as_u64(), found[2]["end"].as_u64()),
        (Some(31), Some(42))
    );
}
