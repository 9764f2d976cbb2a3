//! Progress figures of a project: segments and source words per status.

use super::{Project, Segment, Status};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatusCount {
    pub segments: usize,
    pub words: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Indexed like [`Status::ALL`].
    pub by_status: [StatusCount; 5],
    pub total: StatusCount,
}

impl Stats {
    pub fn of(project: &Project) -> Stats {
        Stats::of_with(project, |segment| word_count(&segment.source))
    }

    /// Like [`Stats::of`], with the words of each segment from `words` (a cache).
    pub fn of_with(project: &Project, mut words: impl FnMut(&Segment) -> usize) -> Stats {
        let mut stats = Stats::default();
        for segment in project.segments() {
            let words = words(segment);
            let slot = &mut stats.by_status[segment.status as usize];
            slot.segments += 1;
            slot.words += words;
            stats.total.segments += 1;
            stats.total.words += words;
        }
        stats
    }

    pub fn get(&self, status: Status) -> StatusCount {
        self.by_status[status as usize]
    }

    /// Segments and words whose status is translated or better.
    pub fn done(&self) -> StatusCount {
        let mut done = StatusCount::default();
        for status in Status::ALL.into_iter().filter(|s| s.is_done()) {
            done.segments += self.get(status).segments;
            done.words += self.get(status).words;
        }
        done
    }
}

/// Words as Unicode (UAX #29) defines them: "19.06.2024" and "F-16-Flugzeugen" count as
/// what a translator would count, punctuation not at all.
pub fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}
