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
