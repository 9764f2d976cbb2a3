//! What the workbench's history undoes: a [`Change`] to the project or to one of the glossary
//! files it consults, applied to the [`Documents`] (project plus terminology). Applying a
//! change only changes memory; writing an edited glossary file back is scheduled by the
//! workbench afterwards (see `Workbench::take_glossary_writes`), off the window's thread.

use super::WorkbenchError;
use crate::glossary::{GlossaryId, TermEdit, TermId};
use crate::model::edit::Edit;
use crate::model::history::Undoable;
use crate::model::{Project, SegmentId};
use crate::suggest::Terminology;

/// What the workbench's history undoes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Project(Edit),
    /// A term edit in a glossary file of the terminology (not the project's own glossary:
    /// that changes through [`Edit::Term`]).
    Glossary {
        glossary: GlossaryId,
        edit: TermEdit,
    },
}

/// What changes apply to: the project and the glossaries it consults.
pub struct Documents {
    pub project: Project,
    pub terminology: Terminology,
}

impl Undoable for Change {
    type Target = Documents;
    type Error = WorkbenchError;

    fn apply_to(self, docs: &mut Documents) -> Result<Change, WorkbenchError> {
        match self {
            Change::Project(edit) => {
                let settings_change = has_settings(&edit);
                let inverse = edit.apply(&mut docs.project)?;
                // The inverse names the terms with their real ids (an added term gets its id
                // only when applied).
                let mut terms = Vec::new();
                term_ids(&inverse, &mut terms);
                if !terms.is_empty() {
                    docs.terminology
                        .project_glossary_changed(&docs.project.glossary, &terms);
                }
                if settings_change {
                    docs.terminology.apply_settings(&docs.project.glossaries);
                }
                Ok(Change::Project(inverse))
            }
            Change::Glossary { glossary, edit } => {
                let inverse = docs.terminology.edit(glossary, edit)?;
                Ok(Change::Glossary {
                    glossary,
                    edit: inverse,
                })
            }
        }
    }

    fn rollback_failed(error: WorkbenchError, rollback: WorkbenchError) -> WorkbenchError {
        WorkbenchError::RollbackFailed {
            error: error.to_string(),
            rollback: rollback.to_string(),
        }
    }
}

fn has_settings(edit: &Edit) -> bool {
    match edit {
        Edit::SetGlossaries(_) => true,
        Edit::Batch(edits) => edits.iter().any(has_settings),
        _ => false,
    }
}

fn term_ids(edit: &Edit, out: &mut Vec<TermId>) {
    match edit {
        Edit::Term(term) => out.push(term.term_id()),
        Edit::Batch(edits) => edits.iter().for_each(|e| term_ids(e, out)),
        _ => {}
    }
}

/// The segment a change is about, for the view to follow after undo or redo.
pub(super) fn focus(change: &Change) -> Option<SegmentId> {
    match change {
        Change::Project(edit) => edit.focus(),
        Change::Glossary { .. } => None,
    }
}

/// The segments a change touched.
pub(super) fn touched(change: &Change, out: &mut Vec<SegmentId>) {
    if let Change::Project(edit) = change {
        edit.touched(out);
    }
}

/// Whether a change adds, removes or moves segments.
pub(super) fn is_structural(change: &Change) -> bool {
    matches!(change, Change::Project(edit) if edit.is_structural())
}

/// The glossary (not the project's own) and the term a change edited; the inverse of a
/// change names the term by its real id (an added term gets its id only when applied).
pub(super) fn glossary_term(change: &Change) -> Option<(GlossaryId, TermId)> {
    match change {
        Change::Glossary { glossary, edit } => Some((*glossary, edit.term_id())),
        Change::Project(_) => None,
    }
}
