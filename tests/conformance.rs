//! Every XLIFF and SRX file in ../shared/conformance (other tools' real files, broken ones
//! included): every well-formed XLIFF file is read, every broken one is refused with an error
//! that says where (line and column) or what (an empty file), and none panics.

mod common;

use tandem::formats::xliff;
use tandem::segment::srx;

struct Entry {
    path: std::path::PathBuf,
    well_formed: bool,
    format: String,
}

fn inventory() -> Option<Vec<Entry>> {
    let root = common::shared("conformance")?;
    let text = std::fs::read_to_string(root.join("INVENTORY.tsv")).unwrap();
    let entries = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [path, _, _, well_formed, format, ..] = fields[..] else {
                return None;
            };
            Some(Entry {
                path: root.join(path),
                well_formed: well_formed == "yes",
                format: format.to_string(),
            })
        })
        .collect();
    Some(entries)
}

#[test]
fn every_xliff_file_reads_or_fails_cleanly() {
    let Some(entries) = inventory() else { return };
    let (mut read, mut units) = (0, 0);
    let mut problems = Vec::new();
    let xliff: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.format.starts_with("XLIFF"))
        .collect();
    for entry in &xliff {
        let bytes = std::fs::read(&entry.path).unwrap();
        match (xliff::read_units(&bytes), entry.well_formed) {
            (Ok(found), true) => {
                read += 1;
                units += found.len();
            }
            (Ok(_), false) => {
                problems.push(format!("{} is broken but was read", entry.path.display()))
            }
            (Err(error), true) => problems.push(format!(
                "{} is well-formed but was refused: {error}",
                entry.path.display()
            )),
            (Err(error), false) => {
                let message = error.to_string();
                let says_where = message.contains("line ") && message.contains("column ");
                if !(says_where || message.contains("empty file")) {
                    problems.push(format!(
                        "{}: the refusal does not say where: {message}",
                        entry.path.display()
                    ));
                }
            }
        }
    }
    println!("XLIFF conformance: {read} files read ({units} units)");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let well_formed = xliff.iter().filter(|e| e.well_formed).count();
    assert_eq!(read, well_formed);
    assert!(read >= 320, "only {read} XLIFF files in the inventory");
}

#[test]
fn every_srx_file_reads() {
    let Some(entries) = inventory() else { return };
    let mut total_rules = 0;
    for entry in entries.iter().filter(|e| e.format.starts_with("SRX")) {
        let bytes = std::fs::read(&entry.path).unwrap();
        let (rules, warnings) =
            srx::parse(&bytes, "de-DE").unwrap_or_else(|e| panic!("{}: {e}", entry.path.display()));
        println!(
            "{}: {} German rules, {} warnings",
            entry.path.display(),
            rules.len(),
            warnings.len()
        );
        total_rules += rules.len();
    }
    assert!(total_rules > 100, "{total_rules}");
}

#[test]
fn omegat_german_rules_load_almost_completely() {
    let Some(path) = common::shared("conformance/srx/omegat_defaultRules.srx") else {
        return;
    };
    let (rules, warnings) = srx::parse(&std::fs::read(path).unwrap(), "de-DE").unwrap();
    assert!(rules.len() > 50, "{}", rules.len());
    assert!(warnings.len() * 20 < rules.len(), "{warnings:?}");
}
