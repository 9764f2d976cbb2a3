//! The default glossaries in `glossaries/`, built into the binary so that Tandem recognises
//! countries, cities and their demonyms, nationalities, organisations, titles and names on day one. Each file's
//! header says where its data comes from and under which licence.

use super::{Glossary, tsv};
use std::sync::OnceLock;

/// (file name, contents), in the order they are consulted.
pub const FILES: [(&str, &str); 8] = [
    ("names.tsv", include_str!("../../glossaries/names.tsv")),
    (
        "organisations.tsv",
        include_str!("../../glossaries/organisations.tsv"),
    ),
    ("titles.tsv", include_str!("../../glossaries/titles.tsv")),
    (
        "nationalities.tsv",
        include_str!("../../glossaries/nationalities.tsv"),
    ),
    (
        "countries.tsv",
        include_str!("../../glossaries/countries.tsv"),
    ),
    ("cities.tsv", include_str!("../../glossaries/cities.tsv")),
    ("places.tsv", include_str!("../../glossaries/places.tsv")),
    (
        "demonyms.tsv",
        include_str!("../../glossaries/demonyms.tsv"),
    ),
];

/// The default glossaries, each named `defaults/<file>` (read once per process).
pub fn glossaries() -> Vec<Glossary> {
    static PARSED: OnceLock<Vec<Glossary>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            FILES
                .iter()
                .filter_map(|(name, text)| {
                    // The files are checked by the tests below; a broken one is left out
                    // rather than taking the program down.
                    tsv::read(text.as_bytes(), &format!("defaults/{name}"))
                        .ok()
                        .map(|read| read.glossary)
                })
                .collect()
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_file_parses_cleanly_and_says_where_it_comes_from() {
        for (name, text) in FILES {
            let read = tsv::read(text.as_bytes(), name).unwrap();
            assert!(
                read.diagnostics.is_empty(),
                "{name}: {:?}",
                read.diagnostics
            );
            assert!(read.glossary.terms.len() > 50, "{name}");
            assert!(
                text.contains("# Source: ") && text.contains("# Licence: "),
                "{name}"
            );
        }
    }
}
