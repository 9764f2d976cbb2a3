//! Undo and redo over [`Edit`]s. Each step stores the inverse returned by [`Edit::apply`];
//! consecutive edits with the same group key (say, the typing of one visit to a segment)
//! collapse into one step. Undo state lives in memory only, never in the project file.

use super::edit::{Edit, EditError};
use super::{Project, SegmentId};

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

#[derive(Debug)]
struct Step {
    group: Option<u64>,
    /// Inverses in the order they must be applied to undo the step.
    inverses: Vec<Edit>,
}

impl History {
    /// Applies `edit`, records its inverse, and clears the redo stack. With `group` equal to
    /// that of the previous step, the edit joins that step.
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        group: Option<u64>,
    ) -> Result<(), EditError> {
        let inverse = edit.apply(project)?;
        self.redo.clear();
        match self.undo.last_mut() {
            Some(step) if group.is_some() && step.group == group => {
                step.inverses.insert(0, inverse)
            }
            _ => self.undo.push(Step {
                group,
                inverses: vec![inverse],
            }),
        }
        Ok(())
    }

    /// Ends the current group, so the next edit starts a new step even with the same key.
    pub fn seal(&mut self) {
        if let Some(step) = self.undo.last_mut() {
            step.group = None;
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last step; returns the segment it touched, for the view to follow.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<SegmentId>, EditError> {
        Self::transfer(&mut self.undo, &mut self.redo, project)
    }

    pub fn redo(&mut self, project: &mut Project) -> Result<Option<SegmentId>, EditError> {
        Self::transfer(&mut self.redo, &mut self.undo, project)
    }

    fn transfer(
        from: &mut Vec<Step>,
        to: &mut Vec<Step>,
        project: &mut Project,
    ) -> Result<Option<SegmentId>, EditError> {
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        // A batch's inverse lists its parts in the order that undoes them.
        let inverse = Edit::Batch(step.inverses).apply(project)?;
        let focus = inverse.focus();
        let Edit::Batch(inverses) = inverse else {
            unreachable!("a batch inverts to a batch")
        };
        to.push(Step {
            group: None,
            inverses,
        });
        Ok(focus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind, Document, Origin, Segment};

    fn project() -> Project {
        Project::from_document(Document {
            metadata: Default::default(),
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                verbatim: None,
                segments: vec![
                    Segment::new(SegmentId(0), "Eins."),
                    Segment::new(SegmentId(0), "Zwei."),
                ],
            }],
        })
    }

    fn typed(id: u64, text: &str) -> Edit {
        Edit::SetTarget {
            id: SegmentId(id),
            target: text.into(),
            origin: Origin::Typed,
        }
    }

    #[test]
    fn typing_in_one_visit_is_one_step() {
        let mut p = project();
        let mut h = History::default();
        for text in ["O", "On", "One."] {
            h.apply(&mut p, typed(1, text), Some(7)).unwrap();
        }
        h.apply(&mut p, typed(2, "Two."), Some(8)).unwrap();
        h.undo(&mut p).unwrap();
        assert_eq!(p.segment(SegmentId(1)).unwrap().target, "One.");
        assert_eq!(p.segment(SegmentId(2)).unwrap().target, "");
        h.undo(&mut p).unwrap();
        assert_eq!(p, project());
        assert!(!h.can_undo());
        h.redo(&mut p).unwrap();
        assert_eq!(p.segment(SegmentId(1)).unwrap().target, "One.");
        h.redo(&mut p).unwrap();
        assert_eq!(p.segment(SegmentId(2)).unwrap().target, "Two.");
        assert!(!h.can_redo());
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut p = project();
        let mut h = History::default();
        h.apply(&mut p, typed(1, "One."), None).unwrap();
        h.undo(&mut p).unwrap();
        h.apply(&mut p, typed(2, "Two."), None).unwrap();
        assert!(!h.can_redo());
    }
}
