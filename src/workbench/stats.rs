//! Progress figures kept up to date by the changes themselves: each change names the segments
//! it touched, and only their contributions are taken out and put back. A keystroke costs the
//! words of one segment, not a count over the whole project.

use crate::model::{Project, SegmentId, Stats, Status, word_count};
use std::collections::HashMap;

pub(super) struct StatsTracker {
    /// What each segment contributes now: status and words of its source.
    each: HashMap<SegmentId, (Status, usize)>,
    totals: Stats,
}

impl StatsTracker {
    pub fn new(project: &Project) -> StatsTracker {
        let mut tracker = StatsTracker {
            each: HashMap::with_capacity(project.segment_count()),
            totals: Stats::default(),
        };
        for segment in project.segments() {
            let entry = (segment.status, word_count(&segment.source));
            tracker.add(entry);
            tracker.each.insert(segment.id, entry);
        }
        tracker
    }

    fn add(&mut self, (status, words): (Status, usize)) {
        let slot = &mut self.totals.by_status[status as usize];
        slot.segments += 1;
        slot.words += words;
        self.totals.total.segments += 1;
        self.totals.total.words += words;
    }

    fn remove(&mut self, (status, words): (Status, usize)) {
        let slot = &mut self.totals.by_status[status as usize];
        slot.segments -= 1;
        slot.words -= words;
        self.totals.total.segments -= 1;
        self.totals.total.words -= words;
    }

    /// Takes the segments `ids` as they are now in `project` (gone, new or changed).
    pub fn update(&mut self, project: &Project, ids: &[SegmentId]) {
        for &id in ids {
            if let Some(old) = self.each.remove(&id) {
                self.remove(old);
            }
            if let Some(segment) = project.segment(id) {
                let entry = (segment.status, word_count(&segment.source));
                self.add(entry);
                self.each.insert(id, entry);
            }
        }
    }

    pub fn stats(&self) -> &Stats {
        &self.totals
    }
}
