//! Every change to a project is an [`Edit`] value. [`Edit::apply`] performs it and returns the
//! edit that undoes it, so undo and redo are just "apply what the last apply returned".
//!
//! Structural edits (split, merge) are expressed through [`Edit::Replace`], which swaps a run of
//! consecutive segments of one block for others; that keeps ids stable across undo and redo.

use super::{
    GlossarySettings, MachineSettings, Origin, Project, QaSettings, Segment, SegmentId, Status,
};
use crate::glossary::{TermEdit, TermEditError};
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    SetTarget {
        id: SegmentId,
        target: String,
        origin: Origin,
    },
    SetStatus {
        id: SegmentId,
        status: Status,
    },
    SetNote {
        id: SegmentId,
        note: String,
    },
    /// The machine translation engine named on a segment (empty: none).
    SetEngine {
        id: SegmentId,
        engine: String,
    },
    /// Split a segment at byte offsets into its source and target. Whitespace at the cut is
    /// dropped from both halves; the second half gets a fresh id.
    Split {
        id: SegmentId,
        source_at: usize,
        target_at: usize,
    },
    /// Merge a segment with the next one in the same block.
    Merge {
        id: SegmentId,
    },
    /// Replace the consecutive segments `remove` (all in one block, in order) with `insert`.
    Replace {
        remove: Vec<SegmentId>,
        insert: Vec<Segment>,
    },
    /// A change to the project's own glossary.
    Term(TermEdit),
    /// Which glossary files the project consults (attaching or detaching one).
    SetGlossaries(GlossarySettings),
    /// Whether the project may use machine translation, and into which English.
    SetMachine(MachineSettings),
    /// Which quality checks run and which issues are ignored.
    SetQa(QaSettings),
    /// Several edits as one step; the inverse undoes them in reverse order.
    Batch(Vec<Edit>),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    #[error("no segment {0}")]
    NoSuchSegment(SegmentId),
    #[error("cannot split {id} at byte {at}: {why}")]
    BadSplit {
        id: SegmentId,
        at: usize,
        why: &'static str,
    },
    #[error("{0} is the last segment of its block; segments merge only within a paragraph")]
    NothingToMerge(SegmentId),
    #[error("segments to replace must be consecutive in one block")]
    NotConsecutive,
    #[error("the project has used up its segment ids")]
    IdsExhausted,
    #[error("{0} is locked by the file it came from; its translation cannot change")]
    LockedSegment(SegmentId),
    #[error(
        "the segments of a bilingual file are the file's own: they cannot be split, merged or resegmented"
    )]
    FixedSegments,
    #[error(transparent)]
    Term(#[from] TermEditError),
    /// Undoing the applied part of a failed batch failed too: a bug, reported rather than
    /// hidden, because the project may now be partly changed.
    #[error(
        "{error}; undoing the part already applied failed as well ({rollback}), so the project may be partly changed"
    )]
    RollbackFailed {
        error: Box<EditError>,
        rollback: Box<EditError>,
    },
}

impl Edit {
    /// Applies the edit and returns its inverse. On error the project is unchanged.
    pub fn apply(self, project: &mut Project) -> Result<Edit, EditError> {
        match self {
            Edit::SetTarget { id, target, origin } => {
                let segment = find(project, id)?;
                let old_target = std::mem::replace(&mut segment.target, target);
                let old_origin = std::mem::replace(&mut segment.origin, origin);
                Ok(Edit::SetTarget {
                    id,
                    target: old_target,
                    origin: old_origin,
                })
            }
            Edit::SetStatus { id, status } => {
                let segment = find(project, id)?;
                let old = std::mem::replace(&mut segment.status, status);
                Ok(Edit::SetStatus { id, status: old })
            }
            Edit::SetNote { id, note } => {
                let segment = find(project, id)?;
                let old = std::mem::replace(&mut segment.note, note);
                Ok(Edit::SetNote { id, note: old })
            }
            Edit::SetEngine { id, engine } => {
                let segment = find(project, id)?;
                let old = std::mem::replace(&mut segment.engine, engine);
                Ok(Edit::SetEngine { id, engine: old })
            }
            Edit::Split {
                id,
                source_at,
                target_at,
            } => {
                let segment = find(project, id)?.clone();
                let (first, second) = split_segment(&segment, source_at, target_at, SegmentId(0))?;
                let second = Segment {
                    id: project.allocate_id().ok_or(EditError::IdsExhausted)?,
                    ..second
                };
                Edit::Replace {
                    remove: vec![id],
                    insert: vec![first, second],
                }
                .apply(project)
            }
            Edit::Merge { id } => {
                let at = project.locate(id).ok_or(EditError::NoSuchSegment(id))?;
                let block = &project.document.blocks[at.block];
                let next = block
                    .segments
                    .get(at.index + 1)
                    .ok_or(EditError::NothingToMerge(id))?;
                let merged = merge_segments(&block.segments[at.index], next);
                let remove = vec![id, next.id];
                Edit::Replace {
                    remove,
                    insert: vec![merged],
                }
                .apply(project)
            }
            Edit::Replace { remove, insert } => {
                let first = *remove.first().ok_or(EditError::NotConsecutive)?;
                let at = project
                    .locate(first)
                    .ok_or(EditError::NoSuchSegment(first))?;
                let segments = &mut project.document.blocks[at.block].segments;
                let end = at.index + remove.len();
                if end > segments.len()
                    || segments[at.index..end]
                        .iter()
                        .zip(&remove)
                        .any(|(s, id)| s.id != *id)
                {
                    return Err(EditError::NotConsecutive);
                }
                let inserted_ids = insert.iter().map(|s| s.id).collect();
                let removed: Vec<Segment> = segments.splice(at.index..end, insert).collect();
                project.reindex();
                Ok(Edit::Replace {
                    remove: inserted_ids,
                    insert: removed,
                })
            }
            Edit::Term(edit) => Ok(Edit::Term(edit.apply(&mut project.glossary)?)),
            Edit::SetGlossaries(settings) => Ok(Edit::SetGlossaries(std::mem::replace(
                &mut project.glossaries,
                settings,
            ))),
            Edit::SetQa(settings) => Ok(Edit::SetQa(std::mem::replace(&mut project.qa, settings))),
            Edit::SetMachine(settings) => Ok(Edit::SetMachine(std::mem::replace(
                &mut project.machine,
                settings,
            ))),
            Edit::Batch(edits) => {
                let counters = (project.next_id, project.glossary.next_id);
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(project) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(error) => {
                            // Roll back what was applied so the project is unchanged; the ids
                            // handed out meanwhile went with it, so the counters go back too.
                            for inverse in inverses.into_iter().rev() {
                                if let Err(rollback) = inverse.apply(project) {
                                    return Err(EditError::RollbackFailed {
                                        error: Box::new(error),
                                        rollback: Box::new(rollback),
                                    });
                                }
                            }
                            (project.next_id, project.glossary.next_id) = counters;
                            return Err(error);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }

    /// The edit without what locks forbid: a change of a locked segment's target, status or
    /// engine is refused on its own (and so is a batch of nothing else) and left out of a
    /// batch (a pretranslation skips locked segments); splitting, merging or replacing segments is refused in a document whose
    /// segments the file fixes ([`crate::model::SourceFormat::fixed_segments`]).
    pub fn respecting_locks(self, project: &Project) -> Result<Edit, EditError> {
        match self {
            Edit::SetTarget { id, .. }
            | Edit::SetStatus { id, .. }
            | Edit::SetEngine { id, .. }
                if project.segment(id).is_some_and(|s| s.locked) =>
            {
                Err(EditError::LockedSegment(id))
            }
            Edit::Split { .. } | Edit::Merge { .. } | Edit::Replace { .. }
                if project.document.metadata.format.fixed_segments() =>
            {
                Err(EditError::FixedSegments)
            }
            Edit::Batch(edits) => {
                let mut kept = Vec::with_capacity(edits.len());
                let mut locked = None;
                for edit in edits {
                    match edit.respecting_locks(project) {
                        Ok(edit) => kept.push(edit),
                        Err(EditError::LockedSegment(id)) => locked = locked.or(Some(id)),
                        Err(error) => return Err(error),
                    }
                }
                // A batch that was all about locked segments (typing into one) is refused.
                match locked {
                    Some(id) if kept.is_empty() => Err(EditError::LockedSegment(id)),
                    _ => Ok(Edit::Batch(kept)),
                }
            }
            other => Ok(other),
        }
    }

    /// Every segment the edit names (for a merge, the first of the two), in order, for
    /// caches that follow changes: figures, row heights, suggestions.
    pub fn touched(&self, out: &mut Vec<SegmentId>) {
        match self {
            Edit::SetTarget { id, .. }
            | Edit::SetStatus { id, .. }
            | Edit::SetNote { id, .. }
            | Edit::SetEngine { id, .. }
            | Edit::Split { id, .. }
            | Edit::Merge { id } => out.push(*id),
            Edit::Replace { remove, insert } => {
                out.extend(remove);
                out.extend(insert.iter().map(|s| s.id));
            }
            Edit::Term(_) | Edit::SetGlossaries(_) | Edit::SetMachine(_) | Edit::SetQa(_) => {}
            Edit::Batch(edits) => edits.iter().for_each(|e| e.touched(out)),
        }
    }

    /// Whether the edit adds, removes or moves segments (not just changes their fields).
    pub fn is_structural(&self) -> bool {
        match self {
            Edit::Split { .. } | Edit::Merge { .. } | Edit::Replace { .. } => true,
            Edit::Batch(edits) => edits.iter().any(Edit::is_structural),
            _ => false,
        }
    }

    /// The segment the edit is about, for the UI to follow after undo or redo.
    pub fn focus(&self) -> Option<SegmentId> {
        match self {
            Edit::SetTarget { id, .. }
            | Edit::SetStatus { id, .. }
            | Edit::SetNote { id, .. }
            | Edit::SetEngine { id, .. }
            | Edit::Split { id, .. }
            | Edit::Merge { id } => Some(*id),
            Edit::Replace { remove, insert } => {
                insert.first().map(|s| s.id).or(remove.first().copied())
            }
            Edit::Term(_) | Edit::SetGlossaries(_) | Edit::SetMachine(_) | Edit::SetQa(_) => None,
            Edit::Batch(edits) => edits.iter().find_map(Edit::focus),
        }
    }
}

fn find(project: &mut Project, id: SegmentId) -> Result<&mut Segment, EditError> {
    project.segment_mut(id).ok_or(EditError::NoSuchSegment(id))
}

fn split_segment(
    segment: &Segment,
    source_at: usize,
    target_at: usize,
    new_id: SegmentId,
) -> Result<(Segment, Segment), EditError> {
    let bad = |at, why| EditError::BadSplit {
        id: segment.id,
        at,
        why,
    };
    if !segment.source.is_char_boundary(source_at) || source_at > segment.source.len() {
        return Err(bad(source_at, "not a character boundary of the source"));
    }
    if !segment.target.is_char_boundary(target_at) || target_at > segment.target.len() {
        return Err(bad(target_at, "not a character boundary of the target"));
    }
    let (source_a, source_b) = segment.source.split_at(source_at);
    let (source_a, source_b) = (source_a.trim_end(), source_b.trim_start());
    if source_a.is_empty() || source_b.is_empty() {
        return Err(bad(source_at, "both halves need source text"));
    }
    let (target_a, target_b) = segment.target.split_at(target_at);
    let status_of = |target: &str| {
        if target.trim().is_empty() {
            Status::New
        } else {
            segment.status.min(Status::Draft)
        }
    };
    let first = Segment {
        id: segment.id,
        source: source_a.to_string(),
        target: target_a.trim_end().to_string(),
        status: status_of(target_a),
        note: segment.note.clone(),
        origin: segment.origin,
        engine: segment.engine.clone(),
        locked: false,
    };
    let second = Segment {
        id: new_id,
        source: source_b.to_string(),
        target: target_b.trim_start().to_string(),
        status: status_of(target_b),
        note: String::new(),
        origin: if target_b.trim().is_empty() {
            Origin::None
        } else {
            segment.origin
        },
        engine: if target_b.trim().is_empty() {
            String::new()
        } else {
            segment.engine.clone()
        },
        locked: false,
    };
    Ok((first, second))
}

fn merge_segments(first: &Segment, second: &Segment) -> Segment {
    let join = |a: &str, b: &str| super::join_sentences([a, b].into_iter());
    let note = join(&first.note, &second.note);
    Segment {
        id: first.id,
        source: join(&first.source, &second.source),
        target: join(&first.target, &second.target),
        status: if first.target.is_empty() && second.target.is_empty() {
            Status::New
        } else {
            first.status.min(second.status).min(Status::Draft)
        },
        note,
        origin: first.origin,
        engine: first.engine.clone(),
        locked: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind, Document};

    fn project(sentences: &[&[&str]]) -> Project {
        let blocks = sentences
            .iter()
            .map(|block| Block {
                kind: BlockKind::Paragraph,
                verbatim: None,
                anchor: None,
                segments: block
                    .iter()
                    .map(|s| Segment::new(SegmentId(0), *s))
                    .collect(),
            })
            .collect();
        Project::from_document(Document {
            original: None,
            metadata: Default::default(),
            blocks,
        })
    }

    fn sources(project: &Project) -> Vec<&str> {
        project.segments().map(|s| s.source.as_str()).collect()
    }

    #[test]
    fn set_target_returns_the_old_target() {
        let mut p = project(&[&["Er kam."]]);
        let undo = Edit::SetTarget {
            id: SegmentId(1),
            target: "He came.".into(),
            origin: Origin::Typed,
        }
        .apply(&mut p)
        .unwrap();
        assert_eq!(p.segment(SegmentId(1)).unwrap().target, "He came.");
        undo.apply(&mut p).unwrap();
        assert_eq!(p, project(&[&["Er kam."]]));
    }

    #[test]
    fn split_gives_a_fresh_id_and_undo_redo_keep_it() {
        let mut p = project(&[&["Er kam. Sie ging.", "Dann nichts."]]);
        let undo = Edit::Split {
            id: SegmentId(1),
            source_at: 8,
            target_at: 0,
        }
        .apply(&mut p)
        .unwrap();
        assert_eq!(sources(&p), ["Er kam.", "Sie ging.", "Dann nichts."]);
        let ids: Vec<_> = p.segments().map(|s| s.id.0).collect();
        assert_eq!(ids, [1, 3, 2]);
        let redo = undo.apply(&mut p).unwrap();
        assert_eq!(sources(&p), ["Er kam. Sie ging.", "Dann nichts."]);
        redo.apply(&mut p).unwrap();
        let ids: Vec<_> = p.segments().map(|s| s.id.0).collect();
        assert_eq!(ids, [1, 3, 2]);
    }

    #[test]
    fn split_refuses_an_empty_half_and_a_cut_inside_a_character() {
        let mut p = project(&[&["Größe zählt."]]);
        let split = |at| Edit::Split {
            id: SegmentId(1),
            source_at: at,
            target_at: 0,
        };
        assert!(split(0).apply(&mut p).is_err());
        assert!(split(3).apply(&mut p).is_err()); // inside "ö"
        assert_eq!(p, project(&[&["Größe zählt."]]));
    }

    #[test]
    fn merge_joins_within_a_block_only_and_undo_restores_both() {
        let mut p = project(&[&["Er kam.", "Sie ging."], &["Neu."]]);
        Edit::SetStatus {
            id: SegmentId(2),
            status: Status::Approved,
        }
        .apply(&mut p)
        .unwrap();
        let before = p.clone();
        assert_eq!(
            Edit::Merge { id: SegmentId(2) }.apply(&mut p),
            Err(EditError::NothingToMerge(SegmentId(2)))
        );
        let undo = Edit::Merge { id: SegmentId(1) }.apply(&mut p).unwrap();
        assert_eq!(sources(&p), ["Er kam. Sie ging.", "Neu."]);
        undo.apply(&mut p).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn a_failing_batch_leaves_the_project_unchanged() {
        let mut p = project(&[&["Er kam."]]);
        let before = p.clone();
        let batch = Edit::Batch(vec![
            Edit::SetNote {
                id: SegmentId(1),
                note: "check".into(),
            },
            Edit::SetNote {
                id: SegmentId(9),
                note: "x".into(),
            },
        ]);
        assert!(batch.apply(&mut p).is_err());
        assert_eq!(p, before);
    }
}
