//! Undo and redo. Each step stores the inverses returned by applying changes; consecutive
//! changes with the same group key (say, the typing of one visit to a segment) collapse into
//! one step. Undo state lives in memory only, never in a project file.
//!
//! The history is generic over what it undoes ([`Undoable`]): project [`Edit`]s here, and the
//! workbench's changes that also cover glossary files.

use super::Project;
use super::edit::{Edit, EditError};

/// A change that can be applied to a target and returns its inverse.
pub trait Undoable: Sized {
    type Target;
    type Error;
    fn apply_to(self, target: &mut Self::Target) -> Result<Self, Self::Error>;
}

impl Undoable for Edit {
    type Target = Project;
    type Error = EditError;
    fn apply_to(self, project: &mut Project) -> Result<Edit, EditError> {
        self.apply(project)
    }
}

#[derive(Debug)]
pub struct History<C = Edit> {
    undo: Vec<Step<C>>,
    redo: Vec<Step<C>>,
}

impl<C> Default for History<C> {
    fn default() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }
}

#[derive(Debug)]
struct Step<C> {
    group: Option<u64>,
    /// Inverses in the order they must be applied to undo the step.
    inverses: Vec<C>,
}

impl<C: Undoable> History<C> {
    /// Applies `change`, records its inverse, and clears the redo stack. With `group` equal to
    /// that of the previous step, the change joins that step.
    pub fn apply(
        &mut self,
        target: &mut C::Target,
        change: C,
        group: Option<u64>,
    ) -> Result<(), C::Error> {
        let inverse = change.apply_to(target)?;
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

    /// Ends the current group, so the next change starts a new step even with the same key.
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

    /// Undoes the last step; returns the inverses applied (for the caller to follow the
    /// segment they touched), or `None` if there was nothing to undo.
    pub fn undo(&mut self, target: &mut C::Target) -> Result<Option<&[C]>, C::Error> {
        Self::transfer(&mut self.undo, &mut self.redo, target)
    }

    pub fn redo(&mut self, target: &mut C::Target) -> Result<Option<&[C]>, C::Error> {
        Self::transfer(&mut self.redo, &mut self.undo, target)
    }

    fn transfer<'h>(
        from: &mut Vec<Step<C>>,
        to: &'h mut Vec<Step<C>>,
        target: &mut C::Target,
    ) -> Result<Option<&'h [C]>, C::Error> {
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        let mut applied: Vec<C> = Vec::with_capacity(step.inverses.len());
        for change in step.inverses {
            match change.apply_to(target) {
                Ok(inverse) => applied.push(inverse),
                Err(error) => {
                    // Put back what was applied, so the target is as it was.
                    for inverse in applied.into_iter().rev() {
                        let _ = inverse.apply_to(target);
                    }
                    return Err(error);
                }
            }
        }
        applied.reverse();
        to.push(Step {
            group: None,
            inverses: applied,
        });
        Ok(to.last().map(|s| s.inverses.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind, Document, Origin, Segment, SegmentId};

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
    fn a_new_change_clears_redo_and_seal_splits_a_group() {
        let mut p = project();
        let mut h = History::default();
        h.apply(&mut p, typed(1, "One."), None).unwrap();
        h.undo(&mut p).unwrap();
        h.apply(&mut p, typed(2, "Two."), Some(1)).unwrap();
        assert!(!h.can_redo());
        h.seal();
        h.apply(&mut p, typed(2, "Two!"), Some(1)).unwrap();
        h.undo(&mut p).unwrap();
        assert_eq!(p.segment(SegmentId(2)).unwrap().target, "Two.");
    }
}
