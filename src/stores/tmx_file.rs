//! A TMX file used directly as a read-only memory (a client's memory attached as it came):
//! read once into memory and indexed; never written.

use super::{Hit, MemoryStore, Query, Stats, StoreError, WriteReport, hit, matches, name_of};
use crate::base::Diagnostic;
use crate::memory::{Index, Match, Unit, tmx};
use std::path::{Path, PathBuf};

/// TMX files larger than this are refused (import them into a memory file instead).
pub const MAX_TMX_BYTES: u64 = 2 << 30;

pub struct TmxMemory {
    path: PathBuf,
    name: String,
    units: Vec<Unit>,
    index: Index,
    bytes: u64,
    /// What reading the file reported (units skipped, a fault).
    pub diagnostics: Vec<Diagnostic>,
}

impl TmxMemory {
    /// Reads and indexes a TMX file. A file that breaks off part-way keeps the units before
    /// the fault (the diagnostics say so); a file with no unit at all is refused.
    pub fn open(path: &Path) -> Result<TmxMemory, StoreError> {
        let bytes = crate::fsio::read_input(path, MAX_TMX_BYTES).map_err(|e| StoreError::Open {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let size = bytes.len() as u64;
        let text = tmx::xml_text(bytes).map_err(|e| StoreError::Open {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let mut units = Vec::new();
        let mut index = Index::new();
        let report = tmx::read(&text, path, |unit| {
            index.add(&unit.source, &unit.target);
            units.push(unit);
            true
        });
        index.compact();
        drop(text);
        super::release_freed_memory();
        if units.is_empty()
            && let Some(error) = report.diagnostics.first()
        {
            return Err(StoreError::Open {
                path: path.display().to_string(),
                message: error.message.clone(),
            });
        }
        Ok(TmxMemory {
            path: path.to_path_buf(),
            name: name_of(path),
            units,
            index,
            bytes: size,
            diagnostics: report.diagnostics,
        })
    }
}

impl MemoryStore for TmxMemory {
    fn name(&self) -> &str {
        &self.name
    }

    fn is_read_only(&self) -> bool {
        true
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        Ok(Stats {
            name: self.name.clone(),
            location: self.path.display().to_string(),
            units: self.units.len(),
            read_only: true,
            bytes: self.bytes,
            index_bytes: self.index.heap_bytes(),
        })
    }

    fn lookup(&self, query: &Query) -> Result<Vec<Match>, StoreError> {
        let min = (f32::from(query.min.min(100)) - 1e-3) / 100.0;
        let found = self.index.lookup(query.source, min, query.limit, |doc| {
            self.units.get(doc as usize).map(|u| u.source.clone())
        });
        Ok(matches(query, found, &self.name, |doc| {
            self.units.get(doc as usize).cloned()
        }))
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        Ok(self
            .index
            .containing_either(text)
            .into_iter()
            .filter_map(|doc| hit(self.units[doc as usize].clone(), text, &self.name))
            .take(limit)
            .collect())
    }

    fn write(&self, _: &[Unit]) -> Result<WriteReport, StoreError> {
        Err(StoreError::ReadOnly(self.path.display().to_string()))
    }

    fn for_each(&self, each: &mut dyn FnMut(Unit) -> bool) -> Result<(), StoreError> {
        for unit in &self.units {
            if !each(unit.clone()) {
                break;
            }
        }
        Ok(())
    }
}
