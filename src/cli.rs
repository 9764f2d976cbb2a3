//! The `tandem` command line: thin wrappers that read files, call the core, and write files.

use crate::formats::article::{self, ExportOptions};
use crate::formats::{ExportFormat, import_article, xliff};
use crate::glossary::{Format as GlossaryFormat, TermEdit, Terminology};
use crate::model::edit::Edit;
use crate::model::{BlockKind, Project, Status};
use crate::project_file::{self, write_atomic};
use crate::segment::{RuleLists, Segmenter, srx};
use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

type CliResult = Result<(), Box<dyn Error>>;

/// `println!` that ends the program quietly when the reader of its output has gone away
/// (`tandem terms … | head`), instead of panicking on the broken pipe.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(error) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if error.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("tandem: cannot write to standard output: {error}");
            std::process::exit(1);
        }
    }};
}

#[derive(Parser)]
#[command(
    name = "tandem",
    version,
    about = "Translate German articles into English, sentence by sentence.",
    long_about = "Translate German articles into English, sentence by sentence.\n\n\
        Without a command, `tandem [ARTICLE|PROJECT]` opens the desktop window. On the command \
        line, `tandem new article.txt` makes article.tandem beside the article; translate it \
        (or export XLIFF for another tool and import it back); then \
        `tandem export article.tandem --to txt` writes the English article."
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    /// An article or a project to open in the window (without a command, the window opens).
    path: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Make a project from a German article (news text, plain text, Markdown or HTML).
    New {
        /// The article; it is only read, never changed.
        article: PathBuf,
        /// The project file to write (default: the article's name with `.tandem`).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace an existing project file.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Show how a file splits into segments.
    Segment {
        file: PathBuf,
        /// Print JSON (blocks with their sentences) instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Write the English article or a bilingual file.
    Export {
        project: PathBuf,
        #[arg(long, value_parser = export_format_parser())]
        to: ExportFormat,
        /// Output file (default: beside the project, with a fitting extension).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Use the German source, flagged, where a segment has no translation.
        #[arg(long)]
        allow_incomplete: bool,
    },
    /// Read targets and statuses back from an XLIFF file (1.2 or 2.x) made from this project.
    ImportXliff { project: PathBuf, file: PathBuf },
    /// The glossary terms found in each segment of a project or an article.
    Terms {
        /// A project (.tandem) or an article.
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Glossary files: import into a project, export from it, convert between formats.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    /// Segments and words per status.
    Stats {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum GlossaryCommand {
    /// Add the terms of a glossary file (.tsv, .csv, .tbx) to the project's own glossary.
    Import { project: PathBuf, file: PathBuf },
    /// Write the project's own glossary to a file; the extension picks the format.
    Export { project: PathBuf, output: PathBuf },
    /// Convert a glossary file to another format (by the extensions).
    Convert { input: PathBuf, output: PathBuf },
}

#[derive(clap::Args)]
struct RuleArgs {
    /// Extra segmentation rules (TOML, like assets/segmentation/de.toml); added to the built-in ones.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// SRX 2.0 rules (e.g. from OmegaT); their German rules take precedence.
    #[arg(long, value_name = "FILE")]
    srx: Option<PathBuf>,
}

/// `--to` takes the export formats' names: txt, md, html, bilingual-html, tmx, xliff12, xliff2.
fn export_format_parser() -> impl clap::builder::TypedValueParser<Value = ExportFormat> {
    let names = ExportFormat::ALL.map(ExportFormat::name);
    clap::builder::PossibleValuesParser::new(names)
        .map(|name| ExportFormat::from_name(&name).expect("a listed name"))
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => run(command),
        None => {
            crate::gui::run(cli.path).map_err(|e| format!("cannot open the window: {e}").into())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tandem: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> CliResult {
    match command {
        Command::New {
            article,
            output,
            force,
            rules,
        } => new_project(&article, output, force, &rules),
        Command::Segment { file, json, rules } => segment(&file, json, &rules),
        Command::Export {
            project,
            to,
            output,
            allow_incomplete,
        } => export(&project, to, output, allow_incomplete),
        Command::ImportXliff { project, file } => import_xliff(&project, &file),
        Command::Stats { project, json } => stats(&project, json),
        Command::Terms { file, json } => terms(&file, json),
        Command::Glossary(command) => glossary(command),
    }
}

fn load_or_open(file: &Path) -> Result<Project, Box<dyn Error>> {
    if file
        .extension()
        .is_some_and(|e| e == project_file::EXTENSION)
    {
        Ok(project_file::load(file)?)
    } else {
        open_article(
            file,
            &RuleArgs {
                rules: None,
                srx: None,
            },
        )
    }
}

fn terms(file: &Path, json: bool) -> CliResult {
    let project = load_or_open(file)?;
    let terminology = Terminology::for_project(&project, file.parent());
    for warning in &terminology.warnings {
        eprintln!("tandem: {warning}");
    }
    let mut report = Vec::new();
    let mut total = 0;
    for segment in project.segments() {
        let hits = terminology.matcher.find(&segment.source);
        total += hits.len();
        if json {
            let hits: Vec<serde_json::Value> = hits
                .iter()
                .map(|h| {
                    serde_json::json!({
                        "start": h.range.start,
                        "end": h.range.end,
                        "text": &segment.source[h.range.clone()],
                        "term": h.term.source,
                        "targets": h.term.targets,
                        "kind": h.term.kind.name(),
                        "note": h.term.note,
                        "glossary": &*h.glossary,
                        "reason": h.reason.explain(),
                        "alternatives": h.alternatives.iter().map(|(g, t)| serde_json::json!({
                            "glossary": &**g, "targets": t.targets
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            report.push(serde_json::json!({ "segment": segment.id, "source": segment.source, "hits": hits }));
            continue;
        }
        if hits.is_empty() {
            continue;
        }
        outln!("{:>4} {}", segment.id.0, segment.source);
        for hit in hits {
            outln!(
                "       {} → {}  ({}, {})",
                &segment.source[hit.range.clone()],
                hit.term.targets.join(" | "),
                hit.reason.explain(),
                hit.glossary
            );
        }
    }
    if json {
        outln!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        outln!("{total} term hits in {} segments", project.segment_count());
    }
    Ok(())
}

fn glossary_format(path: &Path) -> Result<GlossaryFormat, Box<dyn Error>> {
    GlossaryFormat::from_path(path).ok_or_else(|| {
        format!(
            "{}: unknown glossary format; use .tsv (or .tab, .txt), .csv or .tbx",
            path.display()
        )
        .into()
    })
}

fn read_glossary(path: &Path) -> Result<crate::glossary::Glossary, Box<dyn Error>> {
    let format = glossary_format(path)?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let read = crate::glossary::read(&read(path)?, format, &name)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    for warning in &read.warnings {
        eprintln!("tandem: {}: {warning}", path.display());
    }
    Ok(read.glossary)
}

fn glossary(command: GlossaryCommand) -> CliResult {
    match command {
        GlossaryCommand::Import {
            project: path,
            file,
        } => {
            let mut project = project_file::load(&path)?;
            let glossary = read_glossary(&file)?;
            let count = glossary.terms.len();
            let edits = glossary
                .terms
                .into_iter()
                .map(|term| Edit::Term(TermEdit::Add(term)))
                .collect();
            Edit::Batch(edits).apply(&mut project)?;
            project_file::save(&project, &path)?;
            outln!(
                "{}: {count} terms added to the project glossary",
                path.display()
            );
        }
        GlossaryCommand::Export { project, output } => {
            let format = glossary_format(&output)?;
            let project = project_file::load(&project)?;
            crate::glossary::save(&project.glossary, &output, format)
                .map_err(|e| format!("{}: {e}", output.display()))?;
            outln!(
                "{}: {} terms",
                output.display(),
                project.glossary.terms.len()
            );
        }
        GlossaryCommand::Convert { input, output } => {
            let format = glossary_format(&output)?;
            let glossary = read_glossary(&input)?;
            crate::glossary::save(&glossary, &output, format)
                .map_err(|e| format!("{}: {e}", output.display()))?;
            outln!("{}: {} terms", output.display(), glossary.terms.len());
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, Box<dyn Error>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn segmenter(args: &RuleArgs) -> Result<Segmenter, Box<dyn Error>> {
    let mut lists = RuleLists::german();
    if let Some(path) = &args.rules {
        let text = String::from_utf8(read(path)?)
            .map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
        lists.extend(RuleLists::parse(&text, Some(&path.display().to_string()))?);
    }
    let mut segmenter = Segmenter::with_rules(&lists);
    if let Some(path) = &args.srx {
        let (rules, warnings) =
            srx::parse(&read(path)?, "de-DE").map_err(|e| format!("{}: {e}", path.display()))?;
        for warning in warnings {
            eprintln!("tandem: {}: {warning}", path.display());
        }
        segmenter.add_srx_rules(rules);
    }
    Ok(segmenter)
}

fn open_article(path: &Path, args: &RuleArgs) -> Result<Project, Box<dyn Error>> {
    let segmenter = segmenter(args)?;
    let name = path.file_name().and_then(|n| n.to_str());
    let imported = import_article(&read(path)?, name, &segmenter)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    for warning in &imported.warnings {
        eprintln!("tandem: {}: {warning}", path.display());
    }
    let mut project = Project::from_document(imported.document);
    project.document.metadata.source_path = Some(path.display().to_string());
    Ok(project)
}

fn new_project(
    article: &Path,
    output: Option<PathBuf>,
    force: bool,
    rules: &RuleArgs,
) -> CliResult {
    let output = output.unwrap_or_else(|| article.with_extension(project_file::EXTENSION));
    if output.exists() && !force {
        return Err(format!(
            "{} exists already; use --force to replace it",
            output.display()
        )
        .into());
    }
    let project = open_article(article, rules)?;
    project_file::save(&project, &output)?;
    let stats = project.stats();
    outln!(
        "{}: {} segments, {} words",
        output.display(),
        stats.total.segments,
        stats.total.words
    );
    Ok(())
}

fn segment(file: &Path, json: bool, rules: &RuleArgs) -> CliResult {
    let project = if file
        .extension()
        .is_some_and(|e| e == project_file::EXTENSION)
    {
        project_file::load(file)?
    } else {
        open_article(file, rules)?
    };
    if json {
        let blocks: Vec<serde_json::Value> = project
            .document
            .blocks
            .iter()
            .map(|b| {
                serde_json::json!({
                    "kind": b.kind.name(),
                    "verbatim": b.verbatim,
                    "segments": b.segments.iter().map(|s| serde_json::json!({
                        "id": s.id, "source": s.source
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&blocks)?);
        return Ok(());
    }
    print_segments(&project);
    Ok(())
}

fn print_segments(project: &Project) {
    if let Some(date) = &project.document.metadata.date {
        outln!("date: {date}");
    }
    for block in &project.document.blocks {
        let kind = match &block.kind {
            BlockKind::Heading { level } => format!("heading {level}"),
            other => other.name().to_string(),
        };
        outln!("[{kind}]");
        if let Some(verbatim) = &block.verbatim {
            outln!("     {verbatim}  (kept as is)");
        }
        for segment in &block.segments {
            outln!("{:>4} {}", segment.id.0, segment.source);
        }
    }
}

fn export(
    path: &Path,
    to: ExportFormat,
    output: Option<PathBuf>,
    allow_incomplete: bool,
) -> CliResult {
    let project = project_file::load(path)?;
    let options = ExportOptions { allow_incomplete };
    let text = to.export(&project, options)?;
    let is_article = to.is_article();
    let missing = article::missing_targets(&project);
    if is_article && allow_incomplete && !missing.is_empty() {
        eprintln!(
            "tandem: {} segment(s) untranslated; the German source stands in for them, flagged",
            missing.len()
        );
    }
    let drafts = project
        .segments()
        .filter(|s| !s.target.is_empty() && !s.status.is_done())
        .count();
    if is_article && drafts > 0 {
        eprintln!("tandem: note: {drafts} segment(s) are drafts, not yet confirmed");
    }
    let output = output.unwrap_or_else(|| path.with_extension(to.extension()));
    write_atomic(&output, text.as_bytes(), false)
        .map_err(|e| format!("{}: {e}", output.display()))?;
    outln!("{}", output.display());
    Ok(())
}

fn import_xliff(path: &Path, file: &Path) -> CliResult {
    let mut project = project_file::load(path)?;
    let units = xliff::read_units(&read(file)?).map_err(|e| format!("{}: {e}", file.display()))?;
    let (edit, warnings) = xliff::updates(&project, &units);
    for warning in &warnings {
        eprintln!("tandem: {}: {warning}", file.display());
    }
    let Edit::Batch(edits) = &edit else {
        unreachable!("updates returns a batch")
    };
    let changes = edits.len();
    edit.apply(&mut project)?;
    if changes > 0 {
        project_file::save(&project, path)?;
    }
    outln!(
        "{}: {} units read, {changes} changes applied, {} skipped",
        path.display(),
        units.len(),
        warnings.len()
    );
    Ok(())
}

fn stats(path: &Path, json: bool) -> CliResult {
    let project = project_file::load(path)?;
    let stats = project.stats();
    if json {
        let by_status: serde_json::Map<String, serde_json::Value> = Status::ALL
            .iter()
            .map(|s| {
                (
                    s.name().to_string(),
                    serde_json::to_value(stats.get(*s)).unwrap_or_default(),
                )
            })
            .collect();
        let value = serde_json::json!({ "by_status": by_status, "total": stats.total });
        outln!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    outln!("{:<12} {:>9} {:>7}", "status", "segments", "words");
    for status in Status::ALL {
        let count = stats.get(status);
        outln!(
            "{:<12} {:>9} {:>7}",
            status.name(),
            count.segments,
            count.words
        );
    }
    outln!(
        "{:<12} {:>9} {:>7}",
        "total",
        stats.total.segments,
        stats.total.words
    );
    let done = stats.done();
    let percent = |part: usize, all: usize| {
        if all == 0 {
            0.0
        } else {
            100.0 * part as f64 / all as f64
        }
    };
    outln!(
        "done: {:.0}% of segments, {:.0}% of words",
        percent(done.segments, stats.total.segments),
        percent(done.words, stats.total.words)
    );
    Ok(())
}
