//! What the workbench's history undoes: a [`Change`] to the project or to one of the glossary
//! files it consults, applied to the [`Documents`] (project plus terminology). A glossary-file
//! change is written to the file at once, and taken back if the file cannot be written.

use super::WorkbenchError;
use crate::glossary::{self, Source, TermEdit, TermId, Terminology};
use crate::model::edit::Edit;
use crate::model::history::Undoable;
use crate::model::{Project, SegmentId};

/// What the workbench's history undoes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Project(Edit),
    /// A term edit in glossary `set` of the terminology (not the project's own, set 0).
    Glossary {
        set: usize,
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
                let inverse = edit.apply(&mut docs.project)?;
                // The inverse names the terms with their real ids (an added term gets its id
                // only when applied).
                let mut terms = Vec::new();
                term_ids(&inverse, &mut terms);
                if !terms.is_empty() {
                    let terminology = &mut docs.terminology;
                    terminology.glossaries[0] = docs.project.glossary.clone();
                    for id in terms {
                        terminology.matcher.refresh(0, &docs.project.glossary, id);
                    }
                }
                Ok(Change::Project(inverse))
            }
            Change::Glossary { set, edit } => {
                let terminology = &mut docs.terminology;
                let source = terminology.sources.get(set).cloned();
                let path = match source {
                    Some(Source::File(path, format)) => (path, format),
                    Some(Source::Default) => {
                        return Err(WorkbenchError::ReadOnlyGlossary(
                            terminology.glossaries[set].name.clone(),
                        ));
                    }
                    _ => return Err(WorkbenchError::ReadOnlyGlossary(format!("#{set}"))),
                };
                let glossary = &mut terminology.glossaries[set];
                let inverse = terminology.matcher.edit(set, glossary, edit)?;
                if let Err(error) = glossary::save(glossary, &path.0, path.1) {
                    // Keep memory and file in step: take the edit back.
                    let _ = terminology.matcher.edit(set, glossary, inverse);
                    return Err(WorkbenchError::File {
                        path: path.0,
                        message: error.to_string(),
                    });
                }
                Ok(Change::Glossary { set, edit: inverse })
            }
        }
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
