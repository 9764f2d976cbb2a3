//! Where each segment of a project is: an [`IdIndex`] from segment id to (block, position).
//! An id the index does not know is taken as absent without a scan (importing another
//! project's XLIFF asks for thousands of absent ids); so code that moves, adds or renumbers
//! segments outside [`super::edit::Edit::apply`] calls [`super::Project::reindex`].

use super::{Block, Location, SegmentId};
use crate::base::IdIndex;

#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub(super) struct SegmentIndex(IdIndex<SegmentId, Location>);

impl SegmentIndex {
    pub fn locate(&self, blocks: &[Block], id: SegmentId) -> Option<Location> {
        let holds = |at: Location| {
            blocks
                .get(at.block)
                .and_then(|b| b.segments.get(at.index))
                .is_some_and(|s| s.id == id)
        };
        let build = || {
            let mut map = std::collections::HashMap::new();
            for (block, b) in blocks.iter().enumerate() {
                for (index, segment) in b.segments.iter().enumerate() {
                    map.entry(segment.id).or_insert(Location { block, index });
                }
            }
            map
        };
        self.0.get(id, true, holds, build)
    }

    /// Forgets the index; the next lookup rebuilds it.
    pub fn invalidate(&mut self) {
        self.0.invalidate();
    }
}
