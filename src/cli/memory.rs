//! `tandem memory …` and `tandem pretranslate`: translation memories from the command line.
//! A MEMORY argument is a Tandem memory file (created when absent) or a TMX file, used
//! directly and read-only.

use super::{CliResult, naming, report, write_project};
use crate::base::time::utc_now;
use crate::memory::{Change, Match, tmx};
use crate::stores::{self, Hit, MemoryStore, Query};
use crate::workbench::memory::{
    default_main_memory, plan_pretranslation, project_memory_path, segment_queries,
};
use clap::Subcommand;
use serde::Serialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Subcommand)]
pub enum MemoryCommand {
    /// Add the units of TMX, XLIFF (translated units) or Tandem project files to a memory.
    Import {
        memory: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write a memory as TMX 1.4b.
    Export { memory: PathBuf, output: PathBuf },
    /// How many units a memory holds, and its size.
    Stats {
        memory: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Concordance: units whose German or English contains a word or phrase (German
    /// inflections of its words count).
    Search {
        memory: PathBuf,
        text: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Fuzzy matches for a German sentence (or for each line of a file).
    Lookup {
        memory: PathBuf,
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        text: Option<String>,
        /// A file of German sentences, one per line.
        #[arg(long)]
        file: Option<PathBuf>,
        /// The lowest score shown, in percent.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(1..=100))]
        min: u8,
        /// At most this many matches per sentence.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

fn open(path: &Path) -> Result<Arc<dyn MemoryStore>, String> {
    // A server's password may be in Tandem's password file (kept by the window).
    let connection = match path.to_str().filter(|p| stores::is_server(p)) {
        Some(url) => std::path::PathBuf::from(crate::workbench::memory::team_connection(url)),
        None => path.to_path_buf(),
    };
    stores::open(&connection).map_err(|e| naming(path, e))
}

pub fn run(command: MemoryCommand) -> CliResult {
    match command {
        MemoryCommand::Import { memory, files } => import(&memory, &files),
        MemoryCommand::Export { memory, output } => export(&memory, &output),
        MemoryCommand::Stats { memory, json } => stats(&memory, json),
        MemoryCommand::Search {
            memory,
            text,
            limit,
            json,
        } => search(&memory, &text, limit, json),
        MemoryCommand::Lookup {
            memory,
            text,
            file,
            min,
            limit,
            json,
        } => lookup(&memory, text, file.as_deref(), min, limit, json),
    }
}

fn import(memory: &Path, files: &[PathBuf]) -> CliResult {
    let store = open(memory)?;
    let interactive = std::io::stderr().is_terminal();
    for file in files {
        let progress = |fraction: f32| {
            if interactive {
                eprint!("\r{}: {:>3.0}%", file.display(), fraction * 100.0);
            }
        };
        let started = std::time::Instant::now();
        let result = stores::import_file(&*store, file, &progress, &|| false);
        if interactive {
            eprint!("\r\x1b[K");
        }
        let imported = result.map_err(|e| naming(file, e))?;
        report(&imported.diagnostics);
        let mut line = format!(
            "{}: {} units read, {} added, {} already there",
            file.display(),
            imported.read,
            imported.written.added,
            imported.written.unchanged
        );
        if imported.written.updated > 0 {
            line.push_str(&format!(", {} updated", imported.written.updated));
        }
        if imported.other_languages > 0 {
            line.push_str(&format!(
                ", {} skipped (not German–English)",
                imported.other_languages
            ));
        }
        if imported.untranslated > 0 {
            line.push_str(&format!(
                ", {} skipped (no translation)",
                imported.untranslated
            ));
        }
        if imported.broken {
            line.push_str("; the file is damaged: units after the fault were not read");
        }
        line.push_str(&format!(" ({:.1} s)", started.elapsed().as_secs_f64()));
        outln!("{line}");
    }
    Ok(())
}

fn export(memory: &Path, output: &Path) -> CliResult {
    let store = open(memory)?;
    if crate::fsio::same_file(memory, output) {
        return Err(format!(
            "{}: the output would overwrite the memory itself",
            output.display()
        ));
    }
    let mut count = 0usize;
    let mut failure: Option<String> = None;
    crate::fsio::write_atomic_with(output, crate::fsio::Backup::None, &mut |out| {
        tmx::write_head(out, env!("CARGO_PKG_VERSION"), &utc_now(false))?;
        let mut io_error = None;
        let walked = store.for_each(&mut |unit| match tmx::write_unit(out, &unit) {
            Ok(()) => {
                count += 1;
                true
            }
            Err(e) => {
                io_error = Some(e);
                false
            }
        });
        if let Some(e) = io_error {
            return Err(e);
        }
        if let Err(e) = walked {
            failure = Some(e.to_string());
            return Err(std::io::Error::other("reading the memory failed"));
        }
        tmx::write_tail(out)
    })
    .map_err(|e| failure.clone().unwrap_or_else(|| naming(output, e)))?;
    outln!("{}: {count} units", output.display());
    Ok(())
}

fn stats(memory: &Path, json: bool) -> CliResult {
    let store = open(memory)?;
    let stats = store.stats().map_err(|e| e.to_string())?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&stats).unwrap_or_default()
        );
    } else {
        outln!("memory     {}", stats.name);
        outln!("file       {}", stats.location);
        outln!("units      {}", stats.units);
        outln!("file size  {:.1} MB", stats.bytes as f64 / 1e6);
        outln!(
            "index      {:.1} MB in memory",
            stats.index_bytes as f64 / 1e6
        );
        if stats.read_only {
            outln!("read-only  yes (a TMX file used directly)");
        }
    }
    Ok(())
}

/// Text with the given byte ranges in `[[…]]`.
fn marked(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for range in ranges {
        out.push_str(&text[at..range.start]);
        out.push_str("[[");
        out.push_str(&text[range.clone()]);
        out.push_str("]]");
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn search(memory: &Path, text: &str, limit: usize, json: bool) -> CliResult {
    let store = open(memory)?;
    let hits: Vec<Hit> = store.search(text, limit).map_err(|e| e.to_string())?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&hits).unwrap_or_default()
        );
        return Ok(());
    }
    if hits.is_empty() {
        outln!("no unit contains {text:?}");
    }
    for hit in &hits {
        outln!("de: {}", marked(&hit.unit.source, &hit.in_source));
        outln!("en: {}", marked(&hit.unit.target, &hit.in_target));
        outln!();
    }
    Ok(())
}

/// A match as `lookup --json` prints it.
#[derive(Serialize)]
struct MatchOut<'a> {
    score: u8,
    source: &'a str,
    target: &'a str,
    memory: &'a str,
    origin: &'a crate::memory::Provenance,
    differences: &'a [crate::memory::Piece],
}

#[derive(Serialize)]
struct LookupOut<'a> {
    query: &'a str,
    matches: Vec<MatchOut<'a>>,
}

/// A match's German with the differences marked as wdiff does: `[-extra-]`, `{+missing+}`,
/// and `~changed~`.
fn shown(m: &Match) -> String {
    m.differences
        .iter()
        .map(|piece| match piece.change {
            Change::Same => piece.text.clone(),
            Change::Changed => format!("~{}~", piece.text),
            Change::Extra => format!("[-{}-]", piece.text),
            Change::Missing => format!("{{+{}+}}", piece.text),
        })
        .collect()
}

fn lookup(
    memory: &Path,
    text: Option<String>,
    file: Option<&Path>,
    min: u8,
    limit: usize,
    json: bool,
) -> CliResult {
    let store = open(memory)?;
    let queries: Vec<String> = match (text, file) {
        (Some(text), _) => vec![text],
        (None, Some(file)) => {
            let bytes = crate::fsio::read_input(file, crate::base::decode::MAX_INPUT_BYTES as u64)
                .map_err(|e| naming(file, e))?;
            let decoded = crate::base::decode::decode_text(&bytes).map_err(|e| naming(file, e))?;
            decoded
                .text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        }
        (None, None) => Vec::new(),
    };
    let mut answers = Vec::new();
    for query in &queries {
        let found = store
            .lookup(&Query {
                min,
                limit,
                ..Query::new(query)
            })
            .map_err(|e| e.to_string())?;
        answers.push((query, found));
    }
    if json {
        let out: Vec<LookupOut> = answers
            .iter()
            .map(|(query, found)| LookupOut {
                query,
                matches: found
                    .iter()
                    .map(|m| MatchOut {
                        score: m.score,
                        source: &m.unit.source,
                        target: &m.unit.target,
                        memory: &m.memory,
                        origin: &m.unit.provenance,
                        differences: &m.differences,
                    })
                    .collect(),
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(());
    }
    for (query, found) in &answers {
        if queries.len() > 1 {
            outln!("> {query}");
        }
        if found.is_empty() {
            outln!("no match at {min}% or above");
        }
        for m in found {
            let origin = &m.unit.provenance;
            let about: Vec<&str> = [&origin.document, &origin.changed, &origin.author]
                .into_iter()
                .filter_map(|v| v.as_deref())
                .collect();
            outln!("{:>3}%  {}  {}", m.score, m.memory, about.join(", "));
            outln!("  de: {}", shown(m));
            outln!("  en: {}", m.unit.target);
        }
        if queries.len() > 1 {
            outln!();
        }
    }
    Ok(())
}

/// `tandem pretranslate`: fills untranslated segments from memories, as drafts.
pub fn pretranslate(
    project: &Path,
    memories: &[PathBuf],
    min: u8,
    mt: Option<&str>,
    how: &super::machine::EngineArgs,
) -> CliResult {
    let mut workbench = write_project(project)?;
    let mut paths: Vec<PathBuf> = memories.to_vec();
    if paths.is_empty() {
        paths.push(project_memory_path(project));
        paths.extend(default_main_memory());
        paths.retain(|p| p.exists());
        if paths.is_empty() && mt.is_none() {
            return Err(format!(
                "{}: no memory to pretranslate from (the project has none yet; name one with --memory)",
                project.display()
            ));
        }
    }
    let stores: Vec<Arc<dyn MemoryStore>> =
        paths.iter().map(|p| open(p)).collect::<Result<_, _>>()?;
    let mut filled = 0;
    if !stores.is_empty() {
        let queries = segment_queries(workbench.project(), true);
        let plan = plan_pretranslation(&queries, &stores, min, &|_| {}, &|| false);
        for error in &plan.errors {
            eprintln!("tandem: {error}");
        }
        filled += workbench
            .apply_pretranslation(&plan)
            .map_err(|e| naming(project, e))?;
        outln!("{}: {}", project.display(), plan.report.summary());
    }
    let machine = match mt {
        Some(kind) => super::machine::pretranslate(project, &mut workbench, kind, how),
        None => Ok(0),
    };
    if let Ok(drafted) = &machine {
        filled += drafted;
        if mt.is_some() {
            outln!(
                "{}: {drafted} segments drafted by machine translation",
                project.display()
            );
        }
    }
    if filled > 0 {
        workbench.save().map_err(|e| naming(project, e))?;
    }
    machine.map(|_| ())
}
