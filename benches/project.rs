//! Saving and loading a project of 10,000 segments (about 40 articles' worth), half of them
//! translated: JSON serialisation plus the atomic write (fsync, rename) and the load with its
//! format check. `cargo bench --bench project`.

use tandem::model::{Block, BlockKind, Document, Origin, Project, Segment, SegmentId, Status};
use tandem::project_file;

fn main() {
    let json = project_file::to_json(&big_project());
    println!("project file of 10,000 segments: {} KiB", json.len() / 1024);
    divan::main();
}

fn big_project() -> Project {
    let blocks = (0..2_000)
        .map(|b| Block {
            kind: BlockKind::Paragraph,
            verbatim: None,
            anchor: None,
            segments: (0..5)
                .map(|s| {
                    let n = b * 5 + s;
                    let mut segment = Segment::new(
                        SegmentId(0),
                        format!(
                            "Der russische Präsident Wladimir Putin führte am {}. Juni Gespräche über „strategische Partnerschaft“ in Satz {n}.",
                            n % 28 + 1
                        ),
                    );
                    if n % 2 == 0 {
                        segment.target = format!(
                            "Russian President Vladimir Putin held talks on “strategic partnership” on June {} in sentence {n}.",
                            n % 28 + 1
                        );
                        segment.status = Status::Translated;
                        segment.origin = Origin::Typed;
                    }
                    segment
                })
                .collect(),
        })
        .collect();
    Project::from_document(Document {
        metadata: Default::default(),
        blocks,
        original: None,
    })
}

fn temp_path() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("tandem-bench-{}.tandem", std::process::id()))
}

#[divan::bench]
fn save_10k_segments(bencher: divan::Bencher) {
    let project = big_project();
    assert_eq!(project.segment_count(), 10_000);
    let path = temp_path();
    bencher.bench(|| project_file::save(&project, &path).unwrap());
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("tandem.bak"));
}

#[divan::bench]
fn load_10k_segments(bencher: divan::Bencher) {
    let project = big_project();
    let path = temp_path().with_extension("load.tandem");
    project_file::save(&project, &path).unwrap();
    bencher.bench(|| project_file::load(&path).unwrap());
    let _ = std::fs::remove_file(&path);
}
