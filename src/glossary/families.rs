//! Families of a country, its adjective and its people ("Brasilien", "brasilianisch",
//! "Brasilianer"), from `glossaries/families.tsv`: a suggestion for one member also offers the
//! others' English, so that "die Briten" can become "the British" or "Britain's", and
//! "brasilianische Regierung" "Brazil's government". The English comes from the default
//! glossaries, so it follows their rendering policy.

use super::defaults;
use std::collections::HashMap;
use std::sync::OnceLock;

const FAMILIES_TSV: &str = include_str!("../../glossaries/families.tsv");

/// Another member of a term's family: its German and preferred English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub source: String,
    pub target: String,
}

/// German member → the other members of its family, English resolved.
fn index() -> &'static HashMap<String, Vec<Related>> {
    static INDEX: OnceLock<HashMap<String, Vec<Related>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let glossaries = defaults::glossaries();
        let mut english: HashMap<&str, &str> = HashMap::new();
        for term in glossaries.iter().flat_map(|g| &g.terms) {
            english.entry(term.source.as_str()).or_insert(term.target());
        }
        let mut index: HashMap<String, Vec<Related>> = HashMap::new();
        for line in FAMILIES_TSV.lines().filter(|l| !l.starts_with('#')) {
            let members: Vec<Related> = line
                .split('\t')
                .filter(|m| !m.is_empty())
                .filter_map(|m| {
                    english.get(m).map(|target| Related {
                        source: m.to_string(),
                        target: target.to_string(),
                    })
                })
                .collect();
            for member in &members {
                let mut others: Vec<Related> = Vec::new();
                for other in &members {
                    let new = other.target != member.target
                        && !others.iter().any(|o| o.target == other.target);
                    if new {
                        others.push(other.clone());
                    }
                }
                if !others.is_empty() {
                    index.entry(member.source.clone()).or_insert(others);
                }
            }
        }
        index
    })
}

/// The other members of the family of the term written `source` (its German, as in the
/// glossary), with their English; empty for a term of no family.
pub fn related(source: &str) -> &'static [Related] {
    index().get(source).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(source: &str) -> Vec<&'static str> {
        related(source).iter().map(|r| r.target.as_str()).collect()
    }

    #[test]
    fn country_adjective_and_people_offer_each_other() {
        assert_eq!(targets("Brasilien"), ["Brazilian"]);
        assert_eq!(targets("brasilianisch"), ["Brazil"]);
        assert_eq!(targets("Briten"), ["Britain"]);
        assert_eq!(targets("britisch"), ["Britain"]);
        assert!(
            targets("Frankreich").contains(&"French"),
            "{:?}",
            targets("Frankreich")
        );
        assert!(targets("Frankreich").contains(&"Frenchman"));
        assert!(related("Präsident").is_empty());
    }

    #[test]
    fn every_family_member_is_a_default_term() {
        let glossaries = defaults::glossaries();
        let known: std::collections::HashSet<&str> = glossaries
            .iter()
            .flat_map(|g| &g.terms)
            .map(|t| t.source.as_str())
            .collect();
        let missing: Vec<&str> = FAMILIES_TSV
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.split('\t'))
            .filter(|m| !m.is_empty() && !known.contains(m))
            .collect();
        assert!(
            missing.is_empty(),
            "not in the default glossaries: {missing:?}"
        );
    }
}
