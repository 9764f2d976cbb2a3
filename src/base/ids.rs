//! Stable identities: a segment's id survives split, merge, save and reload; a term's id names
//! it within its glossary. Both are never reused.

use serde::{Deserialize, Serialize};

/// The highest id Tandem hands out or accepts: 2^53 − 1, the largest integer every JSON reader
/// (JavaScript included) keeps exactly. Files with larger ids are repaired on load.
pub const MAX_ID: u64 = (1 << 53) - 1;

/// Stable identity of a segment: survives split, merge, save and reload, and is never reused
/// within a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SegmentId(pub u64);

impl std::fmt::Display for SegmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s{}", self.0)
    }
}

impl std::str::FromStr for SegmentId {
    type Err = ();
    fn from_str(text: &str) -> Result<Self, ()> {
        let digits = text.strip_prefix('s').unwrap_or(text);
        digits.parse().map(SegmentId).map_err(|_| ())
    }
}

/// Stable identity of a term within its glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TermId(pub u64);

impl std::fmt::Display for TermId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "t{}", self.0)
    }
}

/// An item whose id may need repairing: the id and how to name the item in a note.
pub struct Numbered<'a> {
    pub id: &'a mut u64,
    /// "segment “Eins.”", "glossary term “Kiew”"
    pub name: String,
}

/// Makes ids usable after reading a hand-edited or damaged file: every id unique, between 1
/// and [`MAX_ID`], and below the counter (the "next id" stored beside them). Items with a
/// missing, repeated or out-of-range id get fresh ids above the highest good one. Returns the
/// new counter and a note per repair (`what` names the counter in its note: "the project's
/// next segment id"; a counter of 0 is a missing one and not worth a note).
pub fn repair_ids(items: Vec<Numbered<'_>>, counter: u64, what: &str) -> (u64, Vec<String>) {
    let mut notes = Vec::new();
    let highest = items
        .iter()
        .map(|item| *item.id)
        .filter(|&id| id <= MAX_ID)
        .max()
        .unwrap_or(0);
    let mut next = highest + 1;
    if counter > next && counter <= MAX_ID {
        next = counter;
    } else if counter != next && counter != 0 {
        notes.push(format!(
            "{what} {counter} was not above the highest id; it is now {next}"
        ));
    }
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    for item in items {
        let id = *item.id;
        let why = if id == 0 || id > MAX_ID {
            "out of range"
        } else if !seen.insert(id) {
            "used twice"
        } else {
            continue;
        };
        notes.push(format!(
            "{}: id {id} was {why}; it is now {next}",
            item.name
        ));
        *item.id = next;
        next += 1;
    }
    (next, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_unique_in_range_and_below_the_counter() {
        let mut ids = [1, 1, u64::MAX, 0, 3];
        let items = ids
            .iter_mut()
            .enumerate()
            .map(|(i, id)| Numbered {
                id,
                name: format!("item {i}"),
            })
            .collect();
        let (next, notes) = repair_ids(items, 2, "the next id");
        assert_eq!(ids, [1, 4, 5, 6, 3]);
        assert_eq!(next, 7);
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert_eq!(notes[1], "item 1: id 1 was used twice; it is now 4");
    }
}
