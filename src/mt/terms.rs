//! Glossary entries for machine translation: the terms of a segment are sent to the engine
//! as required renderings ([`crate::glossary::required`]); their version keys the cache.

pub use crate::glossary::required::{Missing, TermEntry, entries, missing_terms};

/// What identifies a segment's entries in the cache: changes when a rendering changes.
pub fn version(entries: &[TermEntry]) -> u64 {
    let mut text = String::new();
    for entry in entries {
        text.push_str(&entry.base);
        text.push('\t');
        text.push_str(&entry.targets.join("\u{1f}"));
        text.push('\n');
    }
    crate::memory::text::hash_str(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(found: &str, targets: &[&str]) -> TermEntry {
        TermEntry::new(found, targets)
    }

    #[test]
    fn the_version_changes_with_a_rendering() {
        let a = [entry("Kreml", &["Kremlin"])];
        let b = [entry("Kreml", &["the Kremlin"])];
        assert_ne!(version(&a), version(&b));
        assert_eq!(version(&a), version(&a.clone()));
    }
}
