//! Property tests of the model: any sequence of edits (of every kind) undone in reverse gives
//! back the project, redo gives back the edited one, and save followed by load is the
//! identity for the whole project: languages, metadata, glossary settings, the project's own
//! glossary, every block kind and every segment field.

use proptest::prelude::*;
use tandem::glossary::{Glossary, Kind, Term, TermEdit, TermId};
use tandem::model::edit::Edit;
use tandem::model::{
    Block, BlockKind, Document, GlossarySettings, Languages, Metadata, Origin, Project, Segment,
    SegmentId, SourceFormat, Status,
};
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

fn origin() -> impl Strategy<Value = Origin> {
    prop::sample::select(Origin::ALL.to_vec())
}

fn kind() -> impl Strategy<Value = BlockKind> {
    prop_oneof![
        Just(BlockKind::Paragraph),
        Just(BlockKind::Title),
        (1u8..=6).prop_map(|level| BlockKind::Heading { level }),
        prop::sample::select(vec!["-", "*", "1.", "12)"])
            .prop_map(|m| BlockKind::ListItem { marker: m.into() }),
        Just(BlockKind::Quote),
        Just(BlockKind::Related),
    ]
}

fn term() -> impl Strategy<Value = Term> {
    (
        text(),
        prop::collection::vec(text(), 1..3),
        prop::sample::select(tandem::glossary::Kind::ALL.to_vec()),
        prop::option::of(text()),
        prop::collection::vec("[a-zäöü]{2,8}", 0..2),
    )
        .prop_map(|(source, targets, kind, note, forms)| Term {
            targets,
            note: note.unwrap_or_default(),
            forms,
            ..Term::new(&source, "", kind)
        })
}

fn metadata() -> impl Strategy<Value = Metadata> {
    (
        prop::option::of("20[0-9]{2}-[01][0-9]"),
        prop::sample::select(vec![
            SourceFormat::News,
            SourceFormat::Text,
            SourceFormat::Markdown,
            SourceFormat::Html,
        ]),
        prop::option::of(prop::sample::select(vec![
            "/home/a/artikel.txt",
            "relative/artikel.md",
            "C:\\Texte\\x.html",
        ])),
        prop::option::of(prop::sample::select(vec![
            "UTF-8",
            "windows-1252",
            "UTF-16LE",
        ])),
    )
        .prop_map(|(date, format, source, encoding)| Metadata {
            date,
            format,
            source_path: source.map(str::to_string),
            source_encoding: encoding.map(str::to_string),
        })
}

fn project() -> impl Strategy<Value = Project> {
    let segment = (
        text(),
        prop::option::of(text()),
        status(),
        prop::option::of(text()),
        origin(),
    );
    let block = (kind(), prop::collection::vec(segment, 1..5));
    let verbatim = (
        prop::sample::select(vec![BlockKind::Credit, BlockKind::Code]),
        text(),
    );
    (
        prop::collection::vec(block, 1..5),
        prop::option::of(verbatim),
        metadata(),
        prop::collection::vec(term(), 0..4),
        prop::collection::vec(
            prop::sample::select(vec!["terms/a.tsv", "../shared/b.tbx", "/abs/c.csv"]),
            0..3,
        ),
        any::<bool>(),
        prop::sample::select(vec![("de", "en"), ("de-AT", "en-GB")]),
    )
        .prop_map(
            |(blocks, verbatim, metadata, terms, files, use_defaults, (source, target))| {
                let mut blocks: Vec<Block> = blocks
                    .into_iter()
                    .enumerate()
                    .map(|(k, (kind, segments))| Block {
                        kind,
                        verbatim: None,
                        // Blocks read from a Word file name their paragraph there.
                        anchor: (k % 2 == 1).then(|| format!("word/document.xml#{k}")),
                        segments: segments
                            .into_iter()
                            .map(|(source, target, status, note, origin)| Segment {
                                target: target.unwrap_or_default(),
                                status,
                                note: note.unwrap_or_default(),
                                origin,
                                ..Segment::new(SegmentId(0), source.trim())
                            })
                            .collect(),
                    })
                    .collect();
                if let Some((kind, text)) = verbatim {
                    blocks.insert(
                        1.min(blocks.len()),
                        Block {
                            kind,
                            verbatim: Some(text),
                            segments: Vec::new(),
                            anchor: None,
                        },
                    );
                }
                // Every other project keeps the (binary) file it was read from.
                let original = (blocks.len() % 2 == 1).then(|| tandem::model::Original {
                    name: "artikel.docx".into(),
                    bytes: (0..=255u8).cycle().take(blocks.len() * 7).collect(),
                });
                let mut project = Project::from_document(Document {
                    metadata,
                    blocks,
                    original,
                });
                project.languages = Languages {
                    source: source.into(),
                    target: target.into(),
                };
                let mut files: Vec<String> = files.into_iter().map(str::to_string).collect();
                files.dedup();
                project.glossaries = GlossarySettings {
                    files,
                    use_defaults,
                };
                project.glossary = Glossary::from_terms("project", terms);
                project
            },
        )
}

/// An edit description resolved against the project when it is applied.
#[derive(Clone, Debug)]
enum Op {
    Target(usize, String, Origin),
    Status(usize, Status),
    Note(usize, String),
    Split(usize, usize),
    Merge(usize),
    /// Replace segment i with two new ones.
    Replace(usize, String),
    AddTerm(Term),
    UpdateTerm(usize, String),
    RemoveTerm(usize),
    Glossaries(Vec<String>, bool),
    Batch(Vec<Op>),
}

fn simple_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), text(), origin()).prop_map(|(i, t, o)| Op::Target(i, t, o)),
        (any::<usize>(), status()).prop_map(|(i, s)| Op::Status(i, s)),
        (any::<usize>(), text()).prop_map(|(i, t)| Op::Note(i, t)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, at)| Op::Split(i, at)),
        any::<usize>().prop_map(Op::Merge),
        (any::<usize>(), text()).prop_map(|(i, t)| Op::Replace(i, t)),
        term().prop_map(Op::AddTerm),
        (any::<usize>(), text()).prop_map(|(i, t)| Op::UpdateTerm(i, t)),
        any::<usize>().prop_map(Op::RemoveTerm),
        (
            prop::collection::vec("[a-z]{1,6}\\.tsv", 0..3),
            any::<bool>()
        )
            .prop_map(|(f, d)| Op::Glossaries(f, d)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => simple_op(),
        1 => prop::collection::vec(simple_op(), 1..4).prop_map(Op::Batch),
    ]
}

fn resolve(op: &Op, project: &Project, fresh: &mut u64) -> Edit {
    let ids: Vec<&Segment> = project.segments().collect();
    let pick = |i: usize| ids[i % ids.len()];
    let term_id = |i: usize| {
        let terms = &project.glossary.terms;
        if terms.is_empty() {
            TermId(999_999)
        } else {
            terms[i % terms.len()].id
        }
    };
    match op.clone() {
        Op::Target(i, target, origin) => Edit::SetTarget {
            id: pick(i).id,
            target,
            origin,
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
        Op::Replace(i, source) => {
            *fresh += 2;
            Edit::Replace {
                remove: vec![pick(i).id],
                insert: vec![
                    Segment::new(SegmentId(*fresh), source.trim()),
                    Segment::new(SegmentId(*fresh + 1), "Neu."),
                ],
            }
        }
        Op::AddTerm(term) => Edit::Term(TermEdit::Add(term)),
        Op::UpdateTerm(i, target) => {
            let id = term_id(i);
            let mut term = project
                .glossary
                .term(id)
                .cloned()
                .unwrap_or_else(|| Term::new("x", "y", Kind::Other));
            term.id = id;
            term.targets = vec![target];
            Edit::Term(TermEdit::Update(term))
        }
        Op::RemoveTerm(i) => Edit::Term(TermEdit::Remove(term_id(i))),
        Op::Glossaries(files, use_defaults) => Edit::SetGlossaries(GlossarySettings {
            files,
            use_defaults,
        }),
        Op::Batch(ops) => Edit::Batch(ops.iter().map(|o| resolve(o, project, fresh)).collect()),
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
        let mut fresh = 1_000_000;
        for op in &ops {
            let edit = resolve(op, &project, &mut fresh);
            // Some edits are refused (a split with an empty half, a merge at a block end, a
            // term that is not there); a refused edit must leave the project as it was.
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
        prop_assert_eq!(&project.glossary.terms, &original.glossary.terms);
        prop_assert_eq!(&project.glossaries, &original.glossaries);
        for redo in redos.into_iter().rev() {
            redo.apply(&mut project).unwrap();
        }
        prop_assert_eq!(&project.document, &edited.document);
        prop_assert_eq!(&project.glossary.terms, &edited.glossary.terms);
        // Ids stay unique, and every segment can be found by its id.
        let mut ids: Vec<u64> = project.segments().map(|s| s.id.0).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), count);
        for segment in project.segments() {
            prop_assert_eq!(project.segment(segment.id).map(|s| &s.source), Some(&segment.source));
        }
    }

    #[test]
    fn save_then_load_is_the_identity(project in project()) {
        let json = project_file::to_json(&project);
        let loaded = project_file::from_json(&json, std::path::Path::new("p.tandem")).unwrap();
        prop_assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        prop_assert_eq!(loaded.project, project);
    }

    #[test]
    fn saved_at_a_path_then_loaded_is_the_identity(project in project()) {
        // On disk, glossary files are relative to the project file; in memory they come
        // back as they were.
        let mut project = project;
        project.glossaries.files = project
            .glossaries
            .files
            .iter()
            .map(|f| if f.starts_with('/') { f.clone() } else { format!("/work/projects/{f}") })
            .map(|f| tandem::fsio::normalize(std::path::Path::new(&f)).display().to_string())
            .collect();
        let path = std::path::Path::new("/work/projects/p.tandem");
        let json = project_file::to_json_at(&project, path);
        let loaded = project_file::from_json(&json, path).unwrap();
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
