//! Where translation memories live, behind one trait: [`MemoryStore`]. A memory file of
//! Tandem's own is an SQLite database ([`SqliteMemory`]: crash-safe, shared by several
//! windows and processes); a TMX file can be used directly, read-only ([`TmxMemory`]); a
//! team's memory and glossary live on a PostgreSQL server ([`ServerMemory`],
//! [`server::ServerGlossary`]). The workbench and the
//! window know only the trait.
//!
//! Every store keeps an in-memory [`Index`](crate::memory::Index) over its units, so a
//! lookup never scans the memory; the store itself only fetches the few candidates' texts.

mod import;
mod queue;
mod replica;
pub mod server;
mod sqlite;
pub mod team;
pub mod team_glossary;
mod tmx_file;

pub use import::{ImportReport, import_file, unit_of_segment, units_of_project};
pub use server::{ServerMemory, is_server};
pub use sqlite::SqliteMemory;
pub use team::TeamMemory;
pub use team_glossary::TeamGlossary;
pub use tmx_file::TmxMemory;

use crate::memory::{Match, Unit, index::Found};
use serde::Serialize;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path}: {message}")]
    Open { path: String, message: String },
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("{0} is read-only")]
    ReadOnly(String),
    #[error("{path}: cannot write to the memory: {message}")]
    Write { path: String, message: String },
    /// A server that cannot be reached now (down, network gone): worth trying again.
    #[error("{path}: {message}")]
    Unreachable { path: String, message: String },
}

/// A fuzzy lookup: the segment's source, its neighbours (for context matches), the lowest
/// score wanted (percent) and how many matches at most.
#[derive(Clone, Copy, Debug)]
pub struct Query<'a> {
    pub source: &'a str,
    pub previous: Option<&'a str>,
    pub next: Option<&'a str>,
    pub min: u8,
    pub limit: usize,
}

impl<'a> Query<'a> {
    pub fn new(source: &'a str) -> Query<'a> {
        Query {
            source,
            previous: None,
            next: None,
            min: 50,
            limit: 5,
        }
    }
}

/// A concordance hit: a unit containing the searched words, and where.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub unit: Unit,
    pub memory: String,
    /// Byte ranges of the occurrences in the unit's source and target.
    pub in_source: Vec<Range<usize>>,
    pub in_target: Vec<Range<usize>>,
}

/// What writing units did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WriteReport {
    pub added: usize,
    pub updated: usize,
    /// Units the memory had already, word for word.
    pub unchanged: usize,
}

impl std::ops::AddAssign for WriteReport {
    fn add_assign(&mut self, other: WriteReport) {
        self.added += other.added;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// Counts and facts about a memory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub name: String,
    pub location: String,
    pub units: usize,
    pub read_only: bool,
    /// Bytes of the file.
    pub bytes: u64,
    /// Bytes the in-memory index holds.
    pub index_bytes: usize,
}

/// A translation memory: somewhere units are found, searched and (unless read-only) written.
pub trait MemoryStore: Send + Sync {
    /// A short name for the results panel ("main", "client-xyz").
    fn name(&self) -> &str;
    fn is_read_only(&self) -> bool;
    fn stats(&self) -> Result<Stats, StoreError>;
    /// Fuzzy matches at or above `query.min`, best first.
    fn lookup(&self, query: &Query) -> Result<Vec<Match>, StoreError>;
    /// Units containing `text` (a word or phrase, German or English; inflected German forms
    /// of its words count), newest first.
    fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>, StoreError>;
    /// Adds units, or updates those with the key of one already there; units without a key
    /// that the memory holds word for word are not added twice.
    fn write(&self, units: &[Unit]) -> Result<WriteReport, StoreError>;
    /// Every unit, oldest first, until `each` returns `false`.
    fn for_each(&self, each: &mut dyn FnMut(Unit) -> bool) -> Result<(), StoreError>;
}

/// Opens the memory at `path`: a server's address (`postgres://…`) is a team's memory on
/// PostgreSQL; a TMX file is used directly (read-only); anything else is a Tandem memory
/// file, created when absent.
pub fn open(path: &Path) -> Result<Arc<dyn MemoryStore>, StoreError> {
    if let Some(url) = path.to_str().filter(|p| is_server(p)) {
        return Ok(Arc::new(ServerMemory::open(url)?));
    }
    if is_tmx(path) {
        Ok(Arc::new(TmxMemory::open(path)?))
    } else {
        Ok(Arc::new(SqliteMemory::open(path)?))
    }
}

/// Whether `path` names a TMX file (by its content when it exists, else by its name).
pub fn is_tmx(path: &Path) -> bool {
    match crate::fsio::read_head(path, 1024) {
        Ok(head) => {
            let head = String::from_utf8_lossy(&head);
            head.contains("<tmx") || head.contains("t\0m\0x\0")
        }
        Err(_) => path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tmx")),
    }
}

/// Turns what an index found into matches, fetching each unit with `unit`.
pub(crate) fn matches(
    query: &Query,
    found: Vec<Found>,
    memory: &str,
    mut unit: impl FnMut(u32) -> Option<Unit>,
) -> Vec<Match> {
    let mut out: Vec<Match> = found
        .into_iter()
        .filter_map(|f| {
            let u = unit(f.doc)?;
            Some(Match::new(
                query.source,
                (query.previous, query.next),
                u,
                f.score,
                memory,
            ))
        })
        .collect();
    crate::memory::rank(&mut out);
    out
}

/// A concordance hit for a unit, if `text` really occurs in it.
pub(crate) fn hit(unit: Unit, text: &str, memory: &str) -> Option<Hit> {
    let in_source = crate::memory::occurrences(&unit.source, text);
    let in_target = crate::memory::occurrences(&unit.target, text);
    (!in_source.is_empty() || !in_target.is_empty()).then(|| Hit {
        unit,
        memory: memory.to_string(),
        in_source,
        in_target,
    })
}

/// Gives the heap memory freed while an index was built back to the system. Building leaves
/// many small freed blocks (the lists that grew, then were packed) that glibc keeps in its
/// heap; at a million units that is about 170 MB of resident memory nobody uses.
pub(crate) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim only returns free heap pages to the kernel; it takes no
        // pointers and is safe to call at any time from any thread.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// The name of a memory at `path`: its file name without extension.
pub(crate) fn name_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
