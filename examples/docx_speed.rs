//! How fast Word documents go in and out: a long article (the user's sample repeated to about
//! 2,000 paragraphs, written as a new Word document by Tandem itself) is read into a project,
//! translated by a rule, and written back into its original package and as a review table.
//! Prints the median of nine runs of each step and the file sizes.
//!
//! `cargo run --release --example docx_speed`

use std::time::{Duration, Instant};
use tandem::formats::article::ExportOptions;
use tandem::formats::{ExportFormat, import_article};
use tandem::model::edit::Edit;
use tandem::model::{Origin, Project};
use tandem::segment::Segmenter;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time<T>(runs: usize, mut step: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(step());
        times.push(start.elapsed());
    }
    (median(times), last.expect("at least one run"))
}

fn main() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples/putin-nordkorea.txt");
    let text = match std::fs::read_to_string(&sample) {
        Ok(text) => text,
        Err(_) => {
            eprintln!("notice: {} is absent", sample.display());
            return;
        }
    };
    let body: String = text.lines().skip(1).collect::<Vec<_>>().join("\n");
    let long = format!("Langer Artikel\n\n{}", vec![body; 130].join("\n\n"));
    let segmenter = Segmenter::german();
    let from_text = import_article(long.as_bytes(), Some("lang.txt"), &segmenter).unwrap();
    let mut project = Project::from_document(from_text.document);
    translate(&mut project);
    let docx = ExportFormat::Docx
        .export(&project, ExportOptions::default())
        .unwrap();

    let (read, imported) = time(9, || {
        import_article(&docx, Some("lang.docx"), &segmenter).unwrap()
    });
    let mut project = Project::from_document(imported.document);
    let paragraphs = project.document.blocks.len();
    let segments = project.segments().count();
    translate(&mut project);
    let (write, translated) = time(9, || {
        ExportFormat::Docx
            .export(&project, ExportOptions::default())
            .unwrap()
    });
    let (review, table) = time(9, || {
        ExportFormat::ReviewDocx
            .export(&project, ExportOptions::default())
            .unwrap()
    });
    let (rows, _) = time(9, || {
        tandem::formats::docx::review::read_rows(&table).unwrap()
    });
    println!(
        "Word document of {paragraphs} paragraphs, {segments} segments, {} KB",
        docx.len() / 1024
    );
    println!("read into a project:            {read:>10.2?} (median of 9)");
    println!(
        "written back into the original: {write:>10.2?} ({} KB)",
        translated.len() / 1024
    );
    println!(
        "review table written:           {review:>10.2?} ({} KB)",
        table.len() / 1024
    );
    println!("review table read back:         {rows:>10.2?}");
}

fn translate(project: &mut Project) {
    let edits: Vec<Edit> = project
        .segments()
        .map(|s| Edit::SetTarget {
            id: s.id,
            target: format!("EN {}", s.source),
            origin: Origin::Typed,
        })
        .collect();
    Edit::Batch(edits).apply(project).unwrap();
}
