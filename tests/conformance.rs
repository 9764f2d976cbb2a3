//! Every XLIFF and SRX file in ../shared/conformance (other tools' real files, broken ones
//! included) is read without a panic; the files that are not well-formed are refused with an
//! error.

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
    let (mut read, mut refused, mut units) = (0, 0, 0);
    for entry in entries.iter().filter(|e| e.format.starts_with("XLIFF")) {
        let bytes = std::fs::read(&entry.path).unwrap();
        match xliff::read_units(&bytes) {
            Ok(found) => {
                assert!(
                    entry.well_formed,
                    "{} is broken but was read",
                    entry.path.display()
                );
                read += 1;
                units += found.len();
            }
            Err(error) => {
                assert!(!error.to_string().is_empty());
                refused += 1;
                if !entry.well_formed {
                    continue;
                }
                // Well-formed files may still be refused for a clear reason (e.g. an XLIFF
                // version we do not read); print them so a regression is visible.
                eprintln!("refused {}: {error}", entry.path.display());
            }
        }
    }
    println!("XLIFF conformance: {read} files read ({units} units), {refused} refused");
    assert!(read >= 250, "only {read} XLIFF files read");
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
