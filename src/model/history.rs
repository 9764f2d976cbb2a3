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
    /// The error to report when putting back a partly applied step failed as well.
    fn rollback_failed(error: Self::Error, rollback: Self::Error) -> Self::Error;
}

impl Undoable for Edit {
    type Target = Project;
    type Error = EditError;
    fn apply_to(self, project: &mut Project) -> Result<Edit, EditError> {
        self.apply(project)
    }

    fn rollback_failed(error: EditError, rollback: EditError) -> EditError {
        EditError::RollbackFailed {
            error: Box::new(error),
            rollback: Box::new(rollback),
        }
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
    /// Inverses in the order their changes were applied; undoing applies them backwards.
    inverses: Vec<C>,
}

impl<C: Undoable> History<C> {
    /// Applies `change`, records its inverse (returned, for the caller to see what it
    /// touched), and clears the redo stack. With `group` equal to that of the previous step,
    /// the change joins that step.
    pub fn apply(
        &mut self,
        target: &mut C::Target,
        change: C,
        group: Option<u64>,
    ) -> Result<&C, C::Error> {
        let inverse = change.apply_to(target)?;
        self.redo.clear();
        let joins = self
            .undo
            .last()
            .is_some_and(|step| group.is_some() && step.group == group);
        if !joins {
            self.undo.push(Step {
                group,
                inverses: Vec::new(),
            });
        }
        let step = self.undo.last_mut().expect("a step is there");
        step.inverses.push(inverse);
        Ok(step.inverses.last().expect("just pushed"))
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
        for change in step.inverses.into_iter().rev() {
            match change.apply_to(target) {
                Ok(inverse) => applied.push(inverse),
                Err(error) => {
                    // Put back what was applied, so the target is as it was. The step that
                    // failed is dropped: it no longer fits the target.
                    for inverse in applied.into_iter().rev() {
                        if let Err(rollback) = inverse.apply_to(target) {
                            return Err(C::rollback_failed(error, rollback));
                        }
                    }
                    return Err(error);
                }
            }
        }
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
            original: None,
            metadata: Default::default(),
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                verbatim: None,
                anchor: None,
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

    /// A change whose undo fails and whose rollback fails too: the error says both, instead
    /// of the rollback failure being dropped.
    #[derive(Debug)]
    enum Op {
        /// Adds, and is undone by `Fail`.
        AddUndoneByFail(i32),
        /// Adds, and is undone by `AddRedoneByPoison`.
        AddUndoneByAdd(i32),
        AddRedoneByPoison(i32),
        Fail,
        Poison,
    }

    impl Undoable for Op {
        type Target = i32;
        type Error = String;
        fn apply_to(self, target: &mut i32) -> Result<Op, String> {
            match self {
                Op::AddUndoneByFail(n) => {
                    *target += n;
                    Ok(Op::Fail)
                }
                Op::AddUndoneByAdd(n) => {
                    *target += n;
                    Ok(Op::AddRedoneByPoison(-n))
                }
                Op::AddRedoneByPoison(n) => {
                    *target += n;
                    Ok(Op::Poison)
                }
                Op::Fail => Err("undo failed".into()),
                Op::Poison => Err("rollback failed".into()),
            }
        }
        fn rollback_failed(error: String, rollback: String) -> String {
            format!("{error}; {rollback}")
        }
    }

    #[test]
    fn a_failed_rollback_is_reported_not_dropped() {
        let mut value = 0;
        let mut h: History<Op> = History::default();
        h.apply(&mut value, Op::AddUndoneByFail(1), Some(1))
            .unwrap();
        h.apply(&mut value, Op::AddUndoneByAdd(2), Some(1)).unwrap();
        assert_eq!(value, 3);
        let error = h.undo(&mut value).unwrap_err();
        assert_eq!(error, "undo failed; rollback failed");
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
