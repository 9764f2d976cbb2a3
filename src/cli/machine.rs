//! `tandem mt` (machine translation suggestions for a project or an article) and the
//! machine half of `tandem pretranslate --mt`. Keys come from the environment variables the
//! engines document (`DEEPL_AUTH_KEY`, `OPENAI_API_KEY`, `LIBRETRANSLATE_API_KEY`) or the
//! key file in Tandem's data folder; answers are cached there like the window's.

use super::{CliResult, is_project, naming, project_or_article, report};
use crate::base::SegmentId;
use crate::model::Variant;
use crate::mt::{self, EngineConfig, EngineKind, MtCache, keys};
use crate::workbench::machine::{MtItem, Run, Translated, suggestions, translate_items};
use crate::workbench::memory::data_dir;
use crate::workbench::{PRETRANSLATE_PACE, Workbench};
use clap::Args;
use std::path::Path;
use std::time::Duration;

/// Which engine, and how to reach it.
#[derive(Args, Clone, Debug)]
pub struct EngineArgs {
    /// The service's base URL (Tandem appends the documented paths): e.g.
    /// https://api-free.deepl.com, http://localhost:11434/v1, http://localhost:5000.
    #[arg(long)]
    pub url: Option<String>,
    /// The model, for OpenAI-compatible endpoints (gpt-4o-mini, llama3.1, …).
    #[arg(long)]
    pub model: Option<String>,
    /// The program and its arguments, for `--engine command` (reads German lines on stdin,
    /// writes English lines on stdout).
    #[arg(long, value_name = "COMMAND")]
    pub command: Option<String>,
    /// Seconds to wait for an answer.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u32>,
    /// en-US or en-GB (default: the project's setting).
    #[arg(long)]
    pub variant: Option<String>,
}

fn engine_parser() -> impl clap::builder::TypedValueParser<Value = String> {
    clap::builder::PossibleValuesParser::new(EngineKind::ALL.map(EngineKind::name))
}

#[derive(Args, Clone, Debug)]
pub struct MtArgs {
    /// A project (.tandem) or an article.
    pub file: std::path::PathBuf,
    #[arg(long, value_parser = engine_parser())]
    pub engine: String,
    /// Only this segment.
    #[arg(long, value_name = "ID")]
    pub segment: Option<u64>,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub how: EngineArgs,
}

/// The engine's configuration from the command line.
pub fn config(kind: &str, args: &EngineArgs) -> Result<EngineConfig, String> {
    let kind = EngineKind::parse(kind).ok_or_else(|| format!("unknown engine {kind}"))?;
    Ok(EngineConfig {
        kind,
        url: args.url.clone().unwrap_or_default(),
        model: args.model.clone().unwrap_or_default(),
        command: args.command.clone().unwrap_or_default(),
        timeout_secs: args.timeout.unwrap_or(0),
    })
}

fn variant(args: &EngineArgs, workbench: &Workbench) -> Result<Variant, String> {
    match &args.variant {
        Some(tag) => {
            Variant::parse(tag).ok_or_else(|| format!("--variant {tag}: use en-US or en-GB"))
        }
        None => Ok(workbench.project().machine.variant),
    }
}

fn cache() -> MtCache {
    data_dir()
        .and_then(|dir| MtCache::open(&dir.join("mt-cache.sqlite")).ok())
        .unwrap_or_else(MtCache::in_memory)
}

fn build(config: &EngineConfig) -> Result<Box<dyn mt::Engine>, String> {
    let key_file = data_dir().map(|d| d.join("keys.json"));
    let key = keys::key_for(config.kind, key_file.as_deref()).map(|(k, _)| k);
    mt::engine(config, key).map_err(|e| e.to_string())
}

/// Translates `items` with the project's glossary for engines that keep one, through the
/// cache in Tandem's data folder; nothing to report to, never stopped.
fn translate(
    engine: &dyn mt::Engine,
    workbench: &mut Workbench,
    variant: Variant,
    items: &[MtItem],
    pace: Duration,
) -> Translated {
    let glossary = workbench.project_glossary();
    let cache = cache();
    translate_items(
        &Run {
            engine,
            variant,
            glossary: &glossary,
            cache: Some(&cache),
            pace,
            progress: &|_| {},
            cancelled: &|| false,
        },
        items,
    )
}

fn refuse_if_off(file: &Path, workbench: &Workbench) -> CliResult {
    if workbench.project().machine.enabled {
        Ok(())
    } else {
        Err(format!(
            "{}: machine translation is switched off for this project (confidential); nothing was sent",
            file.display()
        ))
    }
}

#[derive(serde::Serialize)]
struct Printed<'a> {
    segment: SegmentId,
    source: &'a str,
    engine: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    missing_terms: Vec<String>,
}

pub fn run(args: &MtArgs) -> CliResult {
    let config = config(&args.engine, &args.how)?;
    let project = project_or_article(
        &args.file,
        &super::RuleArgs {
            rules: None,
            srx: None,
        },
    )?;
    let path = is_project(&args.file).then(|| args.file.clone());
    let mut workbench = Workbench::new(project, path);
    report(workbench.diagnostics());
    refuse_if_off(&args.file, &workbench)?;
    let variant = variant(&args.how, &workbench)?;
    let items = match args.segment {
        Some(id) => {
            let item = workbench
                .mt_item(SegmentId(id))
                .ok_or_else(|| format!("{}: no segment {id}", args.file.display()))?;
            vec![item]
        }
        None => {
            let ids: Vec<SegmentId> = workbench
                .project()
                .segments()
                .filter(|s| !s.source.trim().is_empty())
                .map(|s| s.id)
                .collect();
            ids.into_iter()
                .filter_map(|id| workbench.mt_item(id))
                .collect()
        }
    };
    let engine = build(&config)?;
    let translated = translate(
        engine.as_ref(),
        &mut workbench,
        variant,
        &items,
        Duration::ZERO,
    );
    let (sent, cached) = (translated.sent, translated.cached);
    let name = engine.name();
    let mut failures = 0;
    if args.json {
        outln!("[");
    }
    let list = suggestions(&name, &items, translated);
    for (n, ((id, suggestion), item)) in list.iter().zip(&items).enumerate() {
        let missing: Vec<String> = suggestion.missing.iter().map(|m| m.describe()).collect();
        if suggestion.result.is_err() {
            failures += 1;
        }
        if args.json {
            let printed = Printed {
                segment: *id,
                source: &item.request.source,
                engine: &name,
                translation: suggestion.result.as_deref().ok(),
                error: suggestion.result.as_ref().err().map(String::as_str),
                missing_terms: missing,
            };
            let comma = if n + 1 < list.len() { "," } else { "" };
            outln!(
                "  {}{comma}",
                serde_json::to_string(&printed).expect("a report serialises")
            );
        } else {
            match &suggestion.result {
                Ok(text) => outln!("{id}\t{text}"),
                Err(error) => outln!("{id}\t! {error}"),
            }
            for warning in missing {
                outln!("{id}\t  warning: glossary term {warning}");
            }
        }
    }
    if args.json {
        outln!("]");
    }
    eprintln!(
        "tandem: {name}: {} segments, {} characters sent, {cached} answers from the cache",
        items.len(),
        mt::deepl::thousands(sent as u64)
    );
    if let Some(first) = list.iter().find_map(|(_, s)| s.result.as_ref().err()) {
        return Err(format!(
            "{failures} of {} segments got no translation: {first}",
            items.len()
        ));
    }
    Ok(())
}

/// Fills the segments still without a translation with the engine's drafts (after the
/// memory pretranslation); prints what it sent.
pub fn pretranslate(
    file: &Path,
    workbench: &mut Workbench,
    kind: &str,
    args: &EngineArgs,
) -> Result<usize, String> {
    refuse_if_off(file, workbench)?;
    let config = config(kind, args)?;
    let variant = variant(args, workbench)?;
    let items = workbench.mt_untranslated();
    if items.is_empty() {
        return Ok(0);
    }
    let engine = build(&config)?;
    let characters = mt::characters(&items.iter().map(|i| i.request.clone()).collect::<Vec<_>>());
    eprintln!(
        "tandem: sending up to {} characters in {} segments to {}",
        mt::deepl::thousands(characters as u64),
        items.len(),
        engine.name()
    );
    let translated = translate(
        engine.as_ref(),
        workbench,
        variant,
        &items,
        PRETRANSLATE_PACE,
    );
    let (sent, cached) = (translated.sent, translated.cached);
    let (fills, errors) = translated.into_drafts();
    for error in &errors {
        eprintln!("tandem: {error}");
    }
    let filled = workbench
        .apply_machine_drafts(&fills, &engine.name())
        .map_err(|e| naming(file, e))?;
    eprintln!(
        "tandem: {}: {filled} drafts; {} characters sent, {cached} answers from the cache",
        engine.name(),
        mt::deepl::thousands(sent as u64)
    );
    if filled == 0 && !errors.is_empty() {
        return Err(errors.join("; "));
    }
    Ok(filled)
}
