//! Property tests of the model: any sequence of edits undone in reverse gives back the project,
//! redo gives back the edited one, and save followed by load is the identity.

use proptest::prelude::*;
use tandem::model::edit::Edit;
use tandem::model::{Block, BlockKind, Document, Origin, Project, Segment, SegmentId, Status};
use tandem::project_file;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-ZäöüßÄÖÜ .,!?„“»«–€0-9]{1,40}",
        "\\PC{1,30}",
        Just("Größe „Test“ – 5 € \"quoted\" \\ back\nslash".to_string()),
    ]
    .prop_filter("segments hold text", |t| !t.trim().is_empty())
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn project() -> impl Strategy<Value = Project> {
    let segment = (
        text(),
        prop::option::of(text()),
        status(),
        prop::option::of(text()),
    );
    let block = (
        prop::sample::select(vec![
            BlockKind::Paragraph,
            BlockKind::Title,
            BlockKind::Heading { level: 2 },
            BlockKind::ListItem { marker: "-".into() },
            BlockKind::Quote,
        ]),
        prop::collection::vec(segment, 1..5),
    );
    (prop::collection::vec(block, 1..5), prop::option::of(text())).prop_map(|(blocks, credit)| {
        let mut blocks: Vec<Block> = blocks
            .into_iter()
            .map(|(kind, segments)| Block {
                kind,
                verbatim: None,
                segments: segments
                    .into_iter()
                    .map(|(source, target, status, note)| Segment {
                        target: target.unwrap_or_default(),
                        status,
                        note: note.unwrap_or_default(),
                        origin: Origin::Typed,
                        ..Segment::new(SegmentId(0), source.trim())
                    })
                    .collect(),
            })
            .collect();
        if let Some(credit) = credit {
            blocks.insert(
                1.min(blocks.len()),
                Block {
                    kind: BlockKind::Credit,
                    verbatim: Some(credit),
                    segments: Vec::new(),
                },
            );
        }
        Project::from_document(Document {
            metadata: Default::default(),
            blocks,
        })
    })
}

/// An edit description resolved against the project when it is applied.
#[derive(Clone, Debug)]
enum Op {
    Target(usize, String),
    Status(usize, Status),
    Note(usize, String),
    Split(usize, usize),
    Merge(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), text()).prop_map(|(i, t)| Op::Target(i, t)),
        (any::<usize>(), status()).prop_map(|(i, s)| Op::Status(i, s)),
        (any::<usize>(), text()).prop_map(|(i, t)| Op::Note(i, t)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, at)| Op::Split(i, at)),
        any::<usize>().prop_map(Op::Merge),
    ]
}

fn resolve(op: &Op, project: &Project) -> Edit {
    let ids: Vec<&Segment> = project.segments().collect();
    let pick = |i: usize| ids[i % ids.len()];
    match op.clone() {
        Op::Target(i, target) => Edit::SetTarget {
            id: pick(i).id,
            target,
            origin: Origin::Typed,
        },
        Op::Status(i, status) => Edit::SetStatus {
            id: pick(i).id,
            status,
        },
        Op::Note(i, note) => Edit::SetNote {
            id: pick(i).id,
            note,
        },
        Op::Split(i, at) => {
            let segment = pick(i);
            let boundary = |text: &str| {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            Edit::Split {
                id: segment.id,
                source_at: boundary(&segment.source),
                target_at: boundary(&segment.target),
            }
        }
        Op::Merge(i) => Edit::Merge { id: pick(i).id },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn undo_in_reverse_restores_and_redo_replays(
        original in project(),
        ops in prop::collection::vec(op(), 1..12),
    ) {
        let mut project = original.clone();
        let mut inverses = Vec::new();
        for op in &ops {
            let edit = resolve(op, &project);
            // Some edits are refused (a split with an empty half, a merge at a block end);
            // a refused edit must leave the project as it was.
            let before = project.clone();
            match edit.apply(&mut project) {
                Ok(inverse) => inverses.push(inverse),
                Err(_) => prop_assert_eq!(&project, &before),
            }
        }
        let edited = project.clone();
        let mut redos = Vec::new();
        for inverse in inverses.into_iter().rev() {
            redos.push(inverse.apply(&mut project).unwrap());
        }
        prop_assert_eq!(&project.document, &original.document);
        for redo in redos.into_iter().rev() {
            redo.apply(&mut project).unwrap();
        }
        prop_assert_eq!(&project.document, &edited.document);
        // Ids stay unique.
        let mut ids: Vec<u64> = project.segments().map(|s| s.id.0).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), count);
    }

    #[test]
    fn save_then_load_is_the_identity(project in project()) {
        let json = project_file::to_json(&project);
        let loaded = project_file::from_json(&json, std::path::Path::new("p.tandem")).unwrap();
        prop_assert_eq!(loaded.project, project);
    }

    #[test]
    fn truncated_project_files_are_refused_not_panicking(project in project(), cut in any::<prop::sample::Index>()) {
        let json = project_file::to_json(&project);
        let mut at = cut.index(json.len());
        while !json.is_char_boundary(at) {
            at -= 1;
        }
        let result = project_file::from_json(&json[..at], std::path::Path::new("p.tandem"));
        // Only whitespace after the closing brace may be cut without harm.
        prop_assert_eq!(result.is_ok(), json[at..].trim().is_empty());
    }
}
