//! Which segments a view shows: by status, and by text in the source or the target.

use crate::model::{Project, Segment, SegmentId, Status};

/// Which segments the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    #[default]
    All,
    Untranslated,
    Draft,
    Translated,
    Reviewed,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 5] = [
        StatusFilter::All,
        StatusFilter::Untranslated,
        StatusFilter::Draft,
        StatusFilter::Translated,
        StatusFilter::Reviewed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "All",
            StatusFilter::Untranslated => "Untranslated",
            StatusFilter::Draft => "Draft",
            StatusFilter::Translated => "Translated",
            StatusFilter::Reviewed => "Reviewed",
        }
    }

    pub fn accepts(self, status: Status) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Untranslated => status == Status::New,
            StatusFilter::Draft => status == Status::Draft,
            StatusFilter::Translated => status == Status::Translated,
            StatusFilter::Reviewed => status >= Status::Reviewed,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    pub status: StatusFilter,
    /// Text in the source or the target, case aside.
    pub text: String,
    /// Only segments with quality-check issues (see [`crate::workbench::Workbench::filtered`]).
    pub issues: bool,
}

impl Filter {
    /// Everything is shown.
    pub fn is_empty(&self) -> bool {
        self.status == StatusFilter::All && self.text.trim().is_empty() && !self.issues
    }

    /// Whether `segment` is shown; `query` is the filter text lower-cased.
    fn accepts(&self, segment: &Segment, query: &str) -> bool {
        self.status.accepts(segment.status)
            && (query.is_empty()
                || segment.source.to_lowercase().contains(query)
                || segment.target.to_lowercase().contains(query))
    }

    /// The segments shown, in document order.
    pub fn apply(&self, project: &Project) -> Vec<SegmentId> {
        let query = self.text.trim().to_lowercase();
        project
            .segments()
            .filter(|s| self.accepts(s, &query))
            .map(|s| s.id)
            .collect()
    }

    /// Whether one segment is shown.
    pub fn shows(&self, segment: &Segment) -> bool {
        self.accepts(segment, &self.text.trim().to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind, Document};

    #[test]
    fn status_and_text_filters() {
        let mut project = Project::from_document(Document {
            original: None,
            metadata: Default::default(),
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                verbatim: None,
                anchor: None,
                segments: vec![
                    Segment::new(SegmentId(0), "Kiew liegt am Dnipro."),
                    Segment::new(SegmentId(0), "Moskau schweigt."),
                ],
            }],
        });
        project.document.blocks[0].segments[1].status = Status::Reviewed;
        project.document.blocks[0].segments[1].target = "Moscow is silent.".into();
        let filter = |status, text: &str| Filter {
            status,
            text: text.into(),
            issues: false,
        };
        assert_eq!(filter(StatusFilter::All, "").apply(&project).len(), 2);
        assert_eq!(
            filter(StatusFilter::Untranslated, "").apply(&project),
            [SegmentId(1)]
        );
        assert_eq!(
            filter(StatusFilter::Reviewed, "").apply(&project),
            [SegmentId(2)]
        );
        assert_eq!(
            filter(StatusFilter::All, "MOSCOW").apply(&project),
            [SegmentId(2)]
        );
        assert!(filter(StatusFilter::Draft, "").apply(&project).is_empty());
    }
}
