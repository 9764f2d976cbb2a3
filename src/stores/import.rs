//! Filling a memory from files: TMX (any version other tools write), XLIFF 1.2/2.0 with
//! targets (translated units only) and Tandem projects (confirmed segments). The kind is
//! told from the content, not the name. Units go to the store in batches, with progress and
//! a way to stop; a file that breaks off keeps what was valid before the fault.

use super::{MemoryStore, StoreError, WriteReport};
use crate::base::sniff::{Sniffed, sniff};
use crate::base::{Diagnostic, time::utc_now};
use crate::formats::xliff;
use crate::memory::{Provenance, Unit, tmx};
use crate::model::{Project, Status};
use serde::Serialize;
use std::path::Path;

/// What an import did.
#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    /// Units read from the file.
    pub read: usize,
    #[serde(flatten)]
    pub written: WriteReport,
    /// Units in other languages than German and English.
    pub other_languages: usize,
    /// Units without a translation (or an empty source).
    pub untranslated: usize,
    /// Whether the file broke off (the units before the fault were kept).
    pub broken: bool,
    /// Whether the import was stopped before the end.
    pub stopped: bool,
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

const BATCH: usize = 20_000;

/// The largest file imported (a million-unit TMX is about 400 MB).
pub const MAX_IMPORT_BYTES: u64 = 4 << 30;

fn read_error(path: &Path, message: impl std::fmt::Display) -> StoreError {
    StoreError::Read {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

/// Imports `path` into `store`. `progress` gets the fraction done; when `stop` says so, the
/// import ends after the current batch (what was written stays).
pub fn import_file(
    store: &dyn MemoryStore,
    path: &Path,
    progress: &dyn Fn(f32),
    stop: &dyn Fn() -> bool,
) -> Result<ImportReport, StoreError> {
    if store.is_read_only() {
        return Err(StoreError::ReadOnly(store.name().to_string()));
    }
    let bytes = crate::fsio::read_input(path, MAX_IMPORT_BYTES).map_err(|e| read_error(path, e))?;
    let mut report = ImportReport::default();
    let document = path.file_name().map(|n| n.to_string_lossy().into_owned());
    match sniff(&bytes[..bytes.len().min(4096)]) {
        Sniffed::Xml { root } if root == "tmx" => {
            let text = tmx::xml_text(bytes).map_err(|e| read_error(path, e))?;
            let total = text.len().max(1) as f32;
            // The file is read on this thread while another writes the batches read before.
            let (read, written) = std::thread::scope(|scope| {
                let (to_writer, batches) = std::sync::mpsc::sync_channel::<Vec<Unit>>(1);
                let writer = scope.spawn(move || {
                    let mut written = WriteReport::default();
                    for batch in batches {
                        written += store.write(&batch)?;
                    }
                    Ok::<_, StoreError>(written)
                });
                let mut batch: Vec<Unit> = Vec::with_capacity(BATCH);
                let mut consumed = 0usize;
                let read = tmx::read(&text, path, |mut unit| {
                    consumed += unit.source.len() + unit.target.len();
                    if unit.provenance.document.is_none() {
                        unit.provenance.document = document.clone();
                    }
                    batch.push(unit);
                    if batch.len() >= BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if to_writer.send(full).is_err() {
                            return false; // the writer failed; its error is reported
                        }
                        // Text is roughly a third of a TMX file's bytes.
                        progress((consumed as f32 * 3.0 / total).min(0.99));
                        if stop() {
                            report.stopped = true;
                            return false;
                        }
                    }
                    true
                });
                if !batch.is_empty() {
                    let _ = to_writer.send(batch);
                }
                drop(to_writer);
                let written = writer.join().unwrap_or_else(|_| {
                    Err(StoreError::Write {
                        path: store.name().to_string(),
                        message: "the writing thread failed".into(),
                    })
                });
                (read, written)
            });
            report.written = written?;
            report.read = read.units;
            report.other_languages = read.other_languages;
            report.untranslated = read.empty;
            report.broken = read.broken;
            report.diagnostics = read.diagnostics;
        }
        Sniffed::Xml { root } if root == "xliff" => {
            let units = xliff::read_units(&bytes).map_err(|e| read_error(path, e))?;
            let mut batch = Vec::new();
            for unit in units {
                let target = unit.target.as_deref().map(str::trim).unwrap_or("");
                let translated = !matches!(unit.status, Some(Status::New | Status::Draft));
                if unit.source.trim().is_empty() || target.is_empty() || !translated {
                    report.untranslated += 1;
                    continue;
                }
                report.read += 1;
                batch.push(Unit {
                    source: unit.source.trim().to_string(),
                    target: target.to_string(),
                    provenance: Provenance {
                        document: document.clone(),
                        ..Provenance::default()
                    },
                    ..Unit::default()
                });
            }
            report.written = write_in_batches(store, &batch, progress, stop, &mut report.stopped)?;
        }
        Sniffed::Json { project: true } => {
            let loaded = crate::project_file::load(path).map_err(|e| read_error(path, e))?;
            let name = document.clone().unwrap_or_default();
            let units = units_of_project(&loaded.project, &name, None);
            report.read = units.len();
            report.untranslated = loaded.project.segments().count() - units.len();
            report.written = write_in_batches(store, &units, progress, stop, &mut report.stopped)?;
        }
        other => {
            return Err(read_error(
                path,
                format!(
                    "Tandem imports TMX, XLIFF and Tandem projects into a memory; this is {}",
                    other.describe()
                ),
            ));
        }
    }
    progress(1.0);
    Ok(report)
}

fn write_in_batches(
    store: &dyn MemoryStore,
    units: &[Unit],
    progress: &dyn Fn(f32),
    stop: &dyn Fn() -> bool,
    stopped: &mut bool,
) -> Result<WriteReport, StoreError> {
    let mut written = WriteReport::default();
    let total = units.len().max(1) as f32;
    for (i, chunk) in units.chunks(BATCH).enumerate() {
        written += store.write(chunk)?;
        progress(((i + 1) * BATCH) as f32 / total);
        if stop() {
            *stopped = true;
            break;
        }
    }
    Ok(written)
}

/// The units a project gives a memory: every confirmed segment (translated, reviewed or
/// approved) with a target, with its neighbours' sources as context and a key
/// (`KEY#segment`) so that writing it again updates it. `author` is recorded when given.
pub fn units_of_project(project: &Project, key: &str, author: Option<&str>) -> Vec<Unit> {
    let segments: Vec<_> = project.segments().collect();
    let now = utc_now(false);
    segments
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.status >= Status::Translated
                && !s.target.trim().is_empty()
                && !s.source.trim().is_empty()
        })
        .map(|(i, _)| unit_of_segment(&segments, i, key, author, &now))
        .collect()
}

/// The unit for segment `i` of `segments` (see [`units_of_project`]).
pub fn unit_of_segment(
    segments: &[&crate::model::Segment],
    i: usize,
    key: &str,
    author: Option<&str>,
    now: &str,
) -> Unit {
    let segment = segments[i];
    let plain = |text: &str| crate::formats::inline::to_plain(text).trim().to_string();
    Unit {
        source: plain(&segment.source),
        target: plain(&segment.target),
        previous: i
            .checked_sub(1)
            .and_then(|p| segments.get(p))
            .map(|s| plain(&s.source)),
        next: segments.get(i + 1).map(|s| plain(&s.source)),
        key: Some(format!("{key}#{}", segment.id)),
        provenance: Provenance {
            document: Some(key.to_string()),
            author: author.map(str::to_string),
            tool: Some("Tandem".into()),
            changed: Some(now.to_string()),
        },
        ..Unit::default()
    }
}
