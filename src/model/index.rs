//! Where each segment of a project is: a map from id to (block, position), built on first use.
//! A found location is checked against the blocks, so a stale index costs a rebuild but never
//! gives a wrong answer. An id the index does not know is taken as absent without a scan
//! (importing another project's XLIFF asks for thousands of absent ids); so code that moves,
//! adds or renumbers segments outside [`super::edit::Edit::apply`] calls
//! [`super::Project::reindex`].

use super::{Block, Location, SegmentId};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub(super) struct SegmentIndex {
    map: Mutex<Option<HashMap<SegmentId, Location>>>,
}

impl SegmentIndex {
    pub fn locate(&self, blocks: &[Block], id: SegmentId) -> Option<Location> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let holds = |at: &Location| {
            blocks
                .get(at.block)
                .and_then(|b| b.segments.get(at.index))
                .is_some_and(|s| s.id == id)
        };
        match map.as_ref().map(|m| m.get(&id)) {
            Some(Some(at)) if holds(at) => return Some(*at),
            Some(None) => return None,
            _ => {}
        }
        let mut rebuilt = HashMap::new();
        for (block, b) in blocks.iter().enumerate() {
            for (index, segment) in b.segments.iter().enumerate() {
                rebuilt
                    .entry(segment.id)
                    .or_insert(Location { block, index });
            }
        }
        let found = rebuilt.get(&id).copied();
        *map = Some(rebuilt);
        found
    }

    /// Forgets the index; the next lookup rebuilds it.
    pub fn invalidate(&mut self) {
        *self.map.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl Clone for SegmentIndex {
    /// A clone starts without an index (it is rebuilt on first use).
    fn clone(&self) -> Self {
        SegmentIndex::default()
    }
}

impl PartialEq for SegmentIndex {
    /// The index is a cache: it never makes two projects different.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for SegmentIndex {}

impl std::fmt::Debug for SegmentIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SegmentIndex")
    }
}
