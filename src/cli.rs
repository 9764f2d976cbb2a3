//! The `tandem` command line: each command opens what it needs through the workbench (the
//! same application layer the window uses, so the same rules hold: the project's lock, the
//! paths no write may touch, the status rule for changed targets), and prints what it did.
//! Diagnostics go to stderr, prefixed `tandem:`; every refusal names the file and the reason.

use crate::base::Diagnostic;
use crate::base::decode::MAX_INPUT_BYTES;
use crate::base::sniff::{Sniffed, sniff};
use crate::formats::{ExportFormat, ReadOptions};
use crate::fsio;
use crate::glossary::{self, Format as GlossaryFormat};
use crate::model::{BlockKind, Project, Status};
use crate::project_file;
use crate::segment::{RuleLists, Segmenter, srx};
use crate::workbench::{Access, ExportPolicy, Workbench, create_project, read_article};
use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A refusal, already worded for the translator (naming the file).
type CliResult = Result<(), String>;

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

mod check;
mod machine;
mod memory;
mod placeables;
mod server;

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
    /// Make a project from a German article (news text, plain text, Markdown, HTML or a Word
    /// document) or from another tool's XLIFF file (Trados, memoQ, Phrase, Okapi…).
    New {
        /// The article; it is only read, never changed.
        article: PathBuf,
        /// The project file to write (default: the article's name with `.tandem`).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace an existing project file.
        #[arg(long)]
        force: bool,
        /// Also translate a Word document's headers and footers.
        #[arg(long)]
        headers_footers: bool,
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
    /// Write the English article or a bilingual file; `--to original` writes the translation
    /// back into the Word document or XLIFF file the project was made from.
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
    /// Take a reviewer's corrections back from a review table (export --to review-docx):
    /// changed English cells become targets, marked reviewed; comments become notes.
    ImportReview {
        project: PathBuf,
        file: PathBuf,
        /// Keep the segments' statuses instead of marking corrected ones reviewed.
        #[arg(long)]
        keep_status: bool,
    },
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
    /// Translation memories: import, export, statistics, concordance and fuzzy lookup.
    #[command(subcommand)]
    Memory(memory::MemoryCommand),
    /// A team's shared memory and glossary on a PostgreSQL server: create or migrate its schema,
    /// status.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// Fill untranslated segments from translation memories, as drafts.
    Pretranslate {
        project: PathBuf,
        /// Memories to use (default: the project's own memory and the main memory).
        #[arg(long = "memory", value_name = "MEMORY")]
        memories: Vec<PathBuf>,
        /// The lowest score used, in percent (101: context matches only).
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u8).range(1..=101))]
        min: u8,
        /// Then fill what is still empty with this machine translation engine.
        #[arg(long, value_name = "ENGINE", value_parser = clap::builder::PossibleValuesParser::new(crate::mt::EngineKind::ALL.map(crate::mt::EngineKind::name)))]
        mt: Option<String>,
        #[command(flatten)]
        how: machine::EngineArgs,
    },
    /// Machine translation suggestions for the segments of a project or an article.
    Mt(machine::MtArgs),
    /// Numbers, dates, times, amounts, ordinals and ranges in German text, an article or a
    /// project, and how they are written in English.
    Placeables {
        /// German text, or a file (article or project).
        input: String,
        #[arg(long)]
        json: bool,
        /// en-US or en-GB (default: the project's setting, else en-US).
        #[arg(long)]
        variant: Option<String>,
    },
    /// Quality checks of a project: numbers, terms, punctuation, consistency, spelling and
    /// more; exits with an error while an error-severity issue remains.
    Check {
        project: PathBuf,
        #[arg(long)]
        json: bool,
        /// Only these checks, comma-separated (names as in the output: numbers,terms,…).
        #[arg(long, value_name = "CHECK,…")]
        only: Option<String>,
        /// The translator's own dictionary (a word a line; default: words.txt in the data
        /// folder).
        #[arg(long, value_name = "FILE")]
        words: Option<PathBuf>,
    },
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

/// `--to` takes the export formats' names ([`ExportFormat::name`]).
fn export_format_parser() -> impl clap::builder::TypedValueParser<Value = ExportFormat> {
    let names = ExportFormat::ALL.map(ExportFormat::name);
    clap::builder::PossibleValuesParser::new(names)
        .map(|name| ExportFormat::from_name(&name).expect("a listed name"))
}

/// Runs the command line; without a command, `open_window` gets the path to open (the
/// binary passes the window, which sits above this layer).
pub fn main(open_window: impl FnOnce(Option<PathBuf>) -> Result<(), String>) -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => run(command),
        None => open_window(cli.path),
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
            headers_footers,
            rules,
        } => new_project(
            &article,
            output.as_deref(),
            force,
            ReadOptions { headers_footers },
            &rules,
        ),
        Command::Segment { file, json, rules } => segment(&file, json, &rules),
        Command::Export {
            project,
            to,
            output,
            allow_incomplete,
        } => export(&project, to, output, allow_incomplete),
        Command::ImportXliff { project, file } => import_xliff(&project, &file),
        Command::ImportReview {
            project,
            file,
            keep_status,
        } => import_review(&project, &file, keep_status),
        Command::Stats { project, json } => stats(&project, json),
        Command::Check {
            project,
            json,
            only,
            words,
        } => check::run(&project, json, only.as_deref(), words.as_deref()),
        Command::Terms { file, json } => terms(&file, json),
        Command::Glossary(command) => glossary(command),
        Command::Memory(command) => memory::run(command),
        Command::Server(command) => server::run(command),
        Command::Pretranslate {
            project,
            memories,
            min,
            mt,
            how,
        } => memory::pretranslate(&project, &memories, min, mt.as_deref(), &how),
        Command::Mt(args) => machine::run(&args),
        Command::Placeables {
            input,
            json,
            variant,
        } => placeables::run(&input, json, variant.as_deref()),
    }
}

/// An error's message, with `path` in front unless it already names it.
fn naming(path: &Path, error: impl std::fmt::Display) -> String {
    let message = error.to_string();
    // A server's address may hold a password: its errors name it without.
    if path.to_str().is_some_and(crate::stores::is_server) {
        return message;
    }
    let shown = path.display().to_string();
    if message.contains(&shown) {
        message
    } else {
        format!("{shown}: {message}")
    }
}

fn report(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("tandem: {diagnostic}");
    }
}

/// Whether `path` is a Tandem project (by its content, or its extension when unreadable).
fn is_project(path: &Path) -> bool {
    let named = path
        .extension()
        .is_some_and(|e| e == project_file::EXTENSION);
    match fsio::read_head(path, 8 * 1024) {
        Ok(bytes) => match sniff(&bytes) {
            Sniffed::Json { project } => project || named,
            _ => false,
        },
        Err(_) => named,
    }
}

fn open_project(path: &Path, access: Access) -> Result<Workbench, String> {
    if !is_project(path) {
        if let Err(error) = fsio::read_head(path, 1) {
            return Err(naming(path, error));
        }
        return Err(format!(
            "{}: not a Tandem project; make one from an article with `tandem new`",
            path.display()
        ));
    }
    let workbench = Workbench::open(path, access).map_err(|e| naming(path, e))?;
    report(workbench.diagnostics());
    Ok(workbench)
}

/// Opens a project to read it (no lock: another writer may have it open).
fn read_project(path: &Path) -> Result<Workbench, String> {
    open_project(path, Access::ReadOnly)
}

/// Opens a project to change it: its lock is held until the workbench is dropped.
fn write_project(path: &Path) -> Result<Workbench, String> {
    open_project(path, Access::Write)
}

/// A project or, for an article, the project it would make (not saved).
fn project_or_article(file: &Path, rules: &RuleArgs) -> Result<Project, String> {
    if is_project(file) {
        if rules.rules.is_some() || rules.srx.is_some() {
            let option = if rules.srx.is_some() {
                "--srx"
            } else {
                "--rules"
            };
            return Err(format!(
                "{}: {option} applies to articles; a project's segments are made already (make a new project from the article to use other rules)",
                file.display()
            ));
        }
        return Ok(read_project(file)?.project().clone());
    }
    let (project, diagnostics) =
        read_article(file, &segmenter(rules)?).map_err(|e| naming(file, e))?;
    report(&diagnostics);
    Ok(project)
}

/// A term hit as `tandem terms --json` prints it.
#[derive(serde::Serialize)]
struct HitReport<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    term: &'a str,
    targets: &'a [String],
    kind: &'static str,
    note: &'a str,
    glossary: &'a str,
    reason: &'static str,
    alternatives: Vec<AlternativeReport<'a>>,
    /// The country, adjective or people of the same family, with their English.
    related: Vec<RelatedReport<'a>>,
}

#[derive(serde::Serialize)]
struct RelatedReport<'a> {
    term: &'a str,
    target: &'a str,
}

#[derive(serde::Serialize)]
struct AlternativeReport<'a> {
    glossary: &'a str,
    targets: &'a [String],
}

#[derive(serde::Serialize)]
struct SegmentReport<'a> {
    segment: crate::model::SegmentId,
    source: &'a str,
    hits: Vec<HitReport<'a>>,
}

fn terms(file: &Path, json: bool) -> CliResult {
    let no_rules = RuleArgs {
        rules: None,
        srx: None,
    };
    let project = project_or_article(file, &no_rules)?;
    let path = is_project(file).then(|| file.to_path_buf());
    let mut workbench = Workbench::new(project, path);
    report(workbench.diagnostics());
    let ids: Vec<_> = workbench.project().segments().map(|s| s.id).collect();
    let mut total = 0;
    if json {
        outln!("[");
    }
    for (n, id) in ids.iter().enumerate() {
        let hits = workbench.hits(*id);
        let Some(segment) = workbench.project().segment(*id) else {
            continue;
        };
        total += hits.len();
        if json {
            // One segment at a time: a segment with 350,000 hits is printed, not held twice.
            let report = SegmentReport {
                segment: segment.id,
                source: &segment.source,
                hits: hits
                    .iter()
                    .map(|h| HitReport {
                        start: h.range.start,
                        end: h.range.end,
                        text: &segment.source[h.range.clone()],
                        term: &h.term.source,
                        targets: &h.term.targets,
                        kind: h.term.kind.name(),
                        note: &h.term.note,
                        glossary: &h.glossary,
                        reason: h.reason.explain(),
                        alternatives: h
                            .alternatives
                            .iter()
                            .map(|(g, _, t)| AlternativeReport {
                                glossary: g,
                                targets: &t.targets,
                            })
                            .collect(),
                        related: glossary::families::related(&h.term.source)
                            .iter()
                            .map(|r| RelatedReport {
                                term: &r.source,
                                target: &r.target,
                            })
                            .collect(),
                    })
                    .collect(),
            };
            let comma = if n + 1 < ids.len() { "," } else { "" };
            outln!(
                "{}{comma}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
            continue;
        }
        if hits.is_empty() {
            continue;
        }
        outln!("{:>4} {}", segment.id.0, segment.source);
        for hit in hits.iter() {
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
        outln!("]");
    } else {
        outln!(
            "{total} term hits in {} segments",
            workbench.project().segment_count()
        );
    }
    Ok(())
}

fn read_glossary(path: &Path) -> Result<glossary::Glossary, String> {
    let (loaded, diagnostics) =
        crate::workbench::load_glossary_file(path).map_err(|e| naming(path, e))?;
    report(&diagnostics);
    Ok(loaded.glossary)
}

fn output_format(path: &Path) -> Result<GlossaryFormat, String> {
    GlossaryFormat::from_path(path).ok_or_else(|| {
        format!(
            "{}: unknown glossary format; use .tsv (or .tab, .txt), .csv or .tbx",
            path.display()
        )
    })
}

fn write_glossary(glossary: &glossary::Glossary, output: &Path) -> CliResult {
    let format = output_format(output)?;
    let bytes = glossary::write(glossary, format).map_err(|e| naming(output, e))?;
    fsio::write_atomic(output, &bytes, fsio::Backup::Keep).map_err(|e| naming(output, e))
}

fn glossary(command: GlossaryCommand) -> CliResult {
    match command {
        GlossaryCommand::Import {
            project: path,
            file,
        } => {
            let mut workbench = write_project(&path)?;
            let count = workbench
                .import_glossary(&file)
                .map_err(|e| naming(&file, e))?;
            report(workbench.diagnostics());
            workbench.save().map_err(|e| naming(&path, e))?;
            outln!(
                "{}: {count} terms added to the project glossary",
                path.display()
            );
        }
        GlossaryCommand::Export { project, output } => {
            output_format(&output)?;
            let workbench = read_project(&project)?;
            workbench
                .output_guard()
                .check(&output)
                .map_err(|e| naming(&output, e))?;
            let glossary = &workbench.project().glossary;
            write_glossary(glossary, &output)?;
            outln!("{}: {} terms", output.display(), glossary.terms.len());
        }
        GlossaryCommand::Convert { input, output } => {
            output_format(&output)?;
            if fsio::same_file(&input, &output) {
                return Err(format!(
                    "{}: refusing to write the converted glossary over its input",
                    output.display()
                ));
            }
            let glossary = read_glossary(&input)?;
            write_glossary(&glossary, &output)?;
            outln!("{}: {} terms", output.display(), glossary.terms.len());
        }
    }
    Ok(())
}

fn segmenter(args: &RuleArgs) -> Result<Segmenter, String> {
    let mut lists = RuleLists::german();
    if let Some(path) = &args.rules {
        let bytes = fsio::read_input(path, MAX_INPUT_BYTES as u64).map_err(|e| naming(path, e))?;
        let text =
            String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
        lists.extend(
            RuleLists::parse(&text, Some(&path.display().to_string()))
                .map_err(|e| e.to_string())?,
        );
    }
    let mut segmenter = Segmenter::with_rules(&lists);
    if let Some(path) = &args.srx {
        let bytes = fsio::read_input(path, MAX_INPUT_BYTES as u64).map_err(|e| naming(path, e))?;
        let (rules, warnings) = srx::parse(&bytes, "de-DE").map_err(|e| naming(path, e))?;
        for warning in warnings {
            eprintln!("tandem: {}: {warning}", path.display());
        }
        segmenter.add_srx_rules(rules);
    }
    Ok(segmenter)
}

fn new_project(
    article: &Path,
    output: Option<&Path>,
    force: bool,
    options: ReadOptions,
    rules: &RuleArgs,
) -> CliResult {
    let segmenter = segmenter(rules)?;
    let made = create_project(article, output, force, &segmenter, options)
        .map_err(|e| naming(article, e))?;
    report(&made.diagnostics);
    outln!(
        "{}: {} segments, {} words",
        made.path.display(),
        made.stats.total.segments,
        made.stats.total.words
    );
    Ok(())
}

fn segment(file: &Path, json: bool, rules: &RuleArgs) -> CliResult {
    let project = project_or_article(file, rules)?;
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
        outln!(
            "{}",
            serde_json::to_string_pretty(&blocks).unwrap_or_default()
        );
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
    let workbench = read_project(path)?;
    let output =
        output.unwrap_or_else(|| path.with_extension(to.file_extension(workbench.project())));
    let policy = if allow_incomplete {
        ExportPolicy::FlagUntranslated
    } else {
        ExportPolicy::Strict
    };
    let report = workbench
        .export(to, &output, policy)
        .map_err(|e| naming(path, e))?;
    if report.flagged > 0 {
        eprintln!(
            "tandem: {} segment(s) untranslated; the German source stands in for them, flagged",
            report.flagged
        );
    }
    if report.drafts > 0 {
        eprintln!(
            "tandem: note: {} segment(s) are drafts, not yet confirmed",
            report.drafts
        );
    }
    outln!("{}", output.display());
    Ok(())
}

fn import_xliff(path: &Path, file: &Path) -> CliResult {
    let mut workbench = write_project(path)?;
    let before = workbench.diagnostics().len();
    let report_ = workbench.import_xliff(file).map_err(|e| naming(file, e))?;
    report(&workbench.diagnostics()[before..]);
    if report_.changes > 0 {
        workbench.save().map_err(|e| naming(path, e))?;
    }
    outln!(
        "{}: {} units read, {} changes applied, {} skipped",
        path.display(),
        report_.units,
        report_.changes,
        report_.skipped
    );
    Ok(())
}

fn import_review(path: &Path, file: &Path, keep_status: bool) -> CliResult {
    let mut workbench = write_project(path)?;
    let before = workbench.diagnostics().len();
    let status = (!keep_status).then_some(Status::Reviewed);
    let report_ = workbench
        .import_review(file, status)
        .map_err(|e| naming(file, e))?;
    report(&workbench.diagnostics()[before..]);
    if report_.corrected + report_.notes > 0 {
        workbench.save().map_err(|e| naming(path, e))?;
    }
    outln!(
        "{}: {} rows read, {} translations corrected, {} comments added as notes, {} rows skipped",
        path.display(),
        report_.rows,
        report_.corrected,
        report_.notes,
        report_.skipped
    );
    Ok(())
}

fn stats(path: &Path, json: bool) -> CliResult {
    let workbench = read_project(path)?;
    let stats = workbench.stats();
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
        outln!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
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
