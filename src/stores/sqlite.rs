//! A memory file of Tandem's own: an SQLite database in WAL mode with full syncs, so a
//! crash or a kill in the middle of a write leaves either the old or the new state, and
//! several windows (or a window and the command line) can use one memory at once: each sees
//! the others' writes at its next lookup (SQLite's `data_version` tells that another
//! connection wrote; the rows with a newer change number are then read into the index).
//!
//! Schema (version 1): `meta(key, value)`, with `format = tandem-memory`, `version` and
//! `seq`, the last change number; `units(id, source, target, previous, next, key,
//! document, author, tool, changed, source_markup, target_markup, pair, seq)`, with `key`
//! unique where set (units from a project's segments) and `pair` a hash of source and
//! target (so an import does not add a unit twice).

use super::{Hit, MemoryStore, Query, Stats, StoreError, WriteReport, hit, matches, name_of};

use crate::memory::text::hash_of;
use crate::memory::{DocId, Index, Match, PreparedUnit, Provenance, Unit, prepare_unit};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

const FORMAT: &str = "tandem-memory";
/// Rows per batch handed to the thread that works out index keys while a memory is read.
const LOAD_BATCH: usize = 4096;
const VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    previous TEXT,
    next TEXT,
    key TEXT,
    document TEXT,
    author TEXT,
    tool TEXT,
    changed TEXT,
    source_markup TEXT,
    target_markup TEXT,
    pair INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS units_key ON units(key) WHERE key IS NOT NULL;
CREATE INDEX IF NOT EXISTS units_pair ON units(pair);
CREATE INDEX IF NOT EXISTS units_seq ON units(seq);
";

const COLUMNS: &str = "source, target, previous, next, key, document, author, tool, changed, source_markup, target_markup";

/// The in-memory side: the index and which row each document is.
#[derive(Default)]
struct Loaded {
    index: Index,
    rows: Vec<i64>,
    /// The document of each row id (row ids are dense: SQLite numbers them in order).
    docs: Vec<DocId>,
    /// The highest change number read.
    seq: i64,
    /// SQLite's `data_version` when last read.
    version: Option<i64>,
}

impl Loaded {
    fn put(&mut self, row: i64, source: &str, target: &str) {
        self.put_prepared(row, prepare_unit(source, target));
    }

    fn put_prepared(&mut self, row: i64, unit: PreparedUnit) {
        let Ok(at) = usize::try_from(row) else {
            return; // SQLite never numbers rows below 1
        };
        if let Some(old) = self.docs.get(at).filter(|d| **d != DocId::MAX) {
            self.index.remove(*old);
        }
        let doc = self.index.add_prepared(unit);
        debug_assert_eq!(doc as usize, self.rows.len());
        self.rows.push(row);
        if self.docs.len() <= at {
            self.docs.resize(at + 1, DocId::MAX);
        }
        self.docs[at] = doc;
    }
}

pub struct SqliteMemory {
    path: PathBuf,
    name: String,
    connection: Mutex<Connection>,
    loaded: RwLock<Loaded>,
}

fn open_error(path: &Path, message: impl std::fmt::Display) -> StoreError {
    StoreError::Open {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

fn unit_from(row: &rusqlite::Row) -> rusqlite::Result<Unit> {
    Ok(Unit {
        source: row.get(0)?,
        target: row.get(1)?,
        previous: row.get(2)?,
        next: row.get(3)?,
        key: row.get(4)?,
        provenance: Provenance {
            document: row.get(5)?,
            author: row.get(6)?,
            tool: row.get(7)?,
            changed: row.get(8)?,
        },
        source_markup: row.get(9)?,
        target_markup: row.get(10)?,
    })
}

impl SqliteMemory {
    /// Opens the memory file at `path`, creating it when absent. A file that is not a
    /// Tandem memory (another SQLite database, a text file) is refused, never changed.
    pub fn open(path: &Path) -> Result<SqliteMemory, StoreError> {
        let exists = path.exists();
        if exists {
            let head = crate::fsio::read_head(path, 16).map_err(|e| open_error(path, e))?;
            if !head.is_empty() && !head.starts_with(b"SQLite format 3\0") {
                return Err(open_error(
                    path,
                    "not a Tandem memory (give a .tmx file to use a TMX memory directly)",
                ));
            }
        } else if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
            && !parent.is_dir()
        {
            return Err(open_error(path, "its folder does not exist"));
        }
        let connection = Connection::open(path).map_err(|e| open_error(path, e))?;
        connection
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| open_error(path, e))?;
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
            .map_err(|e| open_error(path, e))?;
        let format: Option<String> = connection
            .query_row("SELECT value FROM meta WHERE key = 'format'", [], |row| {
                row.get(0)
            })
            .optional()
            .or_else(|e| match e {
                rusqlite::Error::SqliteFailure(_, Some(ref m)) if m.contains("no such table") => {
                    Ok(None)
                }
                e => Err(e),
            })
            .map_err(|e| open_error(path, e))?;
        match format.as_deref() {
            Some(FORMAT) => {
                let version: i64 = connection
                    .query_row(
                        "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'version'",
                        [],
                        |row| row.get(0),
                    )
                    .map_err(|e| open_error(path, e))?;
                if version > VERSION {
                    return Err(open_error(
                        path,
                        format!(
                            "written by a newer Tandem (memory version {version}; this one reads up to {VERSION})"
                        ),
                    ));
                }
            }
            Some(other) => {
                return Err(open_error(
                    path,
                    format!(
                        "an SQLite database of another program ({other:?}), not a Tandem memory"
                    ),
                ));
            }
            None => {
                let tables: i64 = connection
                    .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
                    .map_err(|e| open_error(path, e))?;
                if tables > 0 {
                    return Err(open_error(
                        path,
                        "an SQLite database of another program, not a Tandem memory",
                    ));
                }
                connection
                    .execute_batch(&format!(
                        "BEGIN; {SCHEMA}
                         INSERT INTO meta VALUES ('format', '{FORMAT}'), ('version', '{VERSION}'), ('seq', '0');
                         COMMIT;"
                    ))
                    .map_err(|e| open_error(path, e))?;
            }
        }
        let memory = SqliteMemory {
            path: path.to_path_buf(),
            name: name_of(path),
            connection: Mutex::new(connection),
            loaded: RwLock::new(Loaded::default()),
        };
        memory.refresh()?;
        Ok(memory)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Packs the index after many units were written in batches (as after a bulk load), so
    /// that lookups run at the speed of a memory read from its file.
    pub fn compact(&self) {
        let mut loaded = self.loaded.write().unwrap_or_else(|e| e.into_inner());
        loaded.index.compact();
    }

    fn read_error(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError::Read {
            path: self.path.display().to_string(),
            message: e.to_string(),
        }
    }

    fn write_error(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError::Write {
            path: self.path.display().to_string(),
            message: e.to_string(),
        }
    }

    /// Reads into the index whatever was written since it was last read (by this or another
    /// connection).
    fn refresh(&self) -> Result<(), StoreError> {
        self.catch_up(false)
    }

    /// [`refresh`](Self::refresh), also when only this connection wrote (SQLite's
    /// `data_version` counts other connections' writes only).
    fn catch_up(&self, forced: bool) -> Result<(), StoreError> {
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let version: i64 = connection
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|e| self.read_error(e))?;
        {
            let loaded = self.loaded.read().unwrap_or_else(|e| e.into_inner());
            if loaded.version == Some(version) && !forced {
                return Ok(());
            }
        }
        let mut loaded = self.loaded.write().unwrap_or_else(|e| e.into_inner());
        let first = loaded.rows.is_empty();
        // The first reading takes the whole table in row order; later ones what changed.
        let sql = if first {
            "SELECT id, source, target, seq FROM units WHERE seq > ?1 OR ?1 = 0"
        } else {
            "SELECT id, source, target, seq FROM units WHERE seq > ?1 ORDER BY seq"
        };
        let mut statement = connection
            .prepare_cached(sql)
            .map_err(|e| self.read_error(e))?;
        let mut rows = statement
            .query([loaded.seq])
            .map_err(|e| self.read_error(e))?;
        // Rows are read here while another thread works out their index keys.
        type Row = (i64, i64, String, String);
        let loaded = &mut *loaded;
        let failure = std::thread::scope(|scope| {
            let (to_worker, from_reader) = std::sync::mpsc::sync_channel::<Vec<Row>>(4);
            let (to_reader, from_worker) =
                std::sync::mpsc::sync_channel::<Vec<(i64, i64, PreparedUnit)>>(4);
            scope.spawn(move || {
                for batch in from_reader {
                    let prepared = batch
                        .into_iter()
                        .map(|(id, seq, source, target)| (id, seq, prepare_unit(&source, &target)))
                        .collect();
                    if to_reader.send(prepared).is_err() {
                        break;
                    }
                }
            });
            let mut take = |done: Vec<(i64, i64, PreparedUnit)>| {
                for (id, seq, prepared) in done {
                    loaded.put_prepared(id, prepared);
                    loaded.seq = loaded.seq.max(seq);
                }
            };
            let mut batch: Vec<Row> = Vec::with_capacity(LOAD_BATCH);
            let mut failure = None;
            loop {
                let row = match rows.next() {
                    Ok(Some(row)) => row,
                    Ok(None) => break,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                };
                let values = (|| -> rusqlite::Result<Row> {
                    Ok((row.get(0)?, row.get(3)?, row.get(1)?, row.get(2)?))
                })();
                match values {
                    Ok(values) => batch.push(values),
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
                if batch.len() == LOAD_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(LOAD_BATCH));
                    if to_worker.send(full).is_err() {
                        break;
                    }
                    while let Ok(done) = from_worker.try_recv() {
                        take(done);
                    }
                }
            }
            if failure.is_none() && !batch.is_empty() {
                let _ = to_worker.send(batch);
            }
            drop(to_worker);
            for done in from_worker {
                take(done);
            }
            failure
        });
        if let Some(e) = failure {
            return Err(self.read_error(e));
        }
        if first {
            loaded.index.compact();
            loaded.rows.shrink_to_fit();
            // Reading every row filled the page cache; lookups need few pages.
            drop(rows);
            drop(statement);
            let _ = connection.execute_batch("PRAGMA shrink_memory;");
            super::release_freed_memory();
        } else {
            loaded.index.compact_if_worthwhile();
        }
        loaded.version = Some(version);
        Ok(())
    }

    fn fetch(connection: &Connection, row: i64) -> rusqlite::Result<Option<Unit>> {
        connection
            .prepare_cached(&format!("SELECT {COLUMNS} FROM units WHERE id = ?1"))?
            .query_row([row], unit_from)
            .optional()
    }
    /// Writes `units` (see [`MemoryStore::write`]); `keys` gives their index keys once the
    /// rows are written.
    fn write_with(
        &self,
        units: &[Unit],
        keys: impl FnOnce() -> Vec<Option<PreparedUnit>>,
    ) -> Result<WriteReport, StoreError> {
        let mut report = WriteReport::default();
        {
            let mut connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
            // A large write (an import) gets a larger page cache while it runs (its index
            // updates touch pages all over the file) and fewer checkpoints of the
            // write-ahead log. Both go back to the usual afterwards.
            if units.len() >= 1000 {
                let _ = connection.execute_batch(
                    "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;",
                );
            }
            let transaction = connection
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| self.write_error(e))?;
            let mut seq: i64 = transaction
                .query_row(
                    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'seq'",
                    [],
                    |row| row.get(0),
                )
                .map_err(|e| self.write_error(e))?;
            let first_seq = seq;
            // The rows written, for the index: (row id, unit).
            let mut written: Vec<(i64, usize)> = Vec::new();
            {
                let mut by_key = transaction
                    .prepare_cached("SELECT id, source, target FROM units WHERE key = ?1")
                    .map_err(|e| self.write_error(e))?;
                let mut by_pair = transaction
                    .prepare_cached(
                        "SELECT id FROM units WHERE pair = ?1 AND source = ?2 AND target = ?3 LIMIT 1",
                    )
                    .map_err(|e| self.write_error(e))?;
                let mut insert = transaction
                    .prepare_cached(&format!(
                        "INSERT INTO units ({COLUMNS}, pair, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                    ))
                    .map_err(|e| self.write_error(e))?;
                let mut update = transaction
                    .prepare_cached(
                        "UPDATE units SET source = ?1, target = ?2, previous = ?3, next = ?4, key = ?5, document = ?6, author = ?7, tool = ?8, changed = ?9, source_markup = ?10, target_markup = ?11, pair = ?12, seq = ?13 WHERE id = ?14",
                    )
                    .map_err(|e| self.write_error(e))?;
                for (at, unit) in units.iter().enumerate() {
                    let pair = hash_of((&unit.source, &unit.target)) as i64;
                    let p = &unit.provenance;
                    let next = seq + 1;
                    // The columns of COLUMNS, then pair and seq: for an insert or an update.
                    let values: [&dyn rusqlite::ToSql; 13] = [
                        &unit.source,
                        &unit.target,
                        &unit.previous,
                        &unit.next,
                        &unit.key,
                        &p.document,
                        &p.author,
                        &p.tool,
                        &p.changed,
                        &unit.source_markup,
                        &unit.target_markup,
                        &pair,
                        &next,
                    ];
                    if let Some(key) = &unit.key {
                        let existing: Option<(i64, String, String)> = by_key
                            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                            .optional()
                            .map_err(|e| self.write_error(e))?;
                        if let Some((id, source, target)) = existing {
                            if source == unit.source && target == unit.target {
                                report.unchanged += 1;
                                continue;
                            }
                            seq = next;
                            let mut with_id = values.to_vec();
                            with_id.push(&id);
                            update
                                .execute(&with_id[..])
                                .map_err(|e| self.write_error(e))?;
                            report.updated += 1;
                            written.push((id, at));
                            continue;
                        }
                    } else {
                        let existing: Option<i64> = by_pair
                            .query_row(params![pair, unit.source, unit.target], |r| r.get(0))
                            .optional()
                            .map_err(|e| self.write_error(e))?;
                        if existing.is_some() {
                            report.unchanged += 1;
                            continue;
                        }
                    }
                    seq = next;
                    insert
                        .execute(&values[..])
                        .map_err(|e| self.write_error(e))?;
                    report.added += 1;
                    written.push((transaction.last_insert_rowid(), at));
                }
            }
            transaction
                .execute(
                    "UPDATE meta SET value = ?1 WHERE key = 'seq'",
                    [seq.to_string()],
                )
                .map_err(|e| self.write_error(e))?;
            transaction.commit().map_err(|e| self.write_error(e))?;
            // If nobody else wrote since the index was last read, it takes these rows as
            // they are, without reading them back.
            let version: i64 = connection
                .query_row("PRAGMA data_version", [], |row| row.get(0))
                .map_err(|e| self.read_error(e))?;
            let mut loaded = self.loaded.write().unwrap_or_else(|e| e.into_inner());
            if loaded.seq == first_seq && loaded.version.is_some() {
                let mut keys = keys();
                for (row, at) in written {
                    match keys.get_mut(at).and_then(Option::take) {
                        Some(prepared) => loaded.put_prepared(row, prepared),
                        None => loaded.put(row, &units[at].source, &units[at].target),
                    }
                }
                loaded.seq = seq;
                loaded.version = Some(version);
                loaded.index.compact_if_worthwhile();
            } else {
                loaded.version = None;
            }
        }
        let caught_up = self.catch_up(false);
        if units.len() >= 1000 {
            let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
            let _ = connection.execute_batch(
                "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000; PRAGMA shrink_memory;",
            );
        }
        caught_up?;
        Ok(report)
    }
}

impl MemoryStore for SqliteMemory {
    fn name(&self) -> &str {
        &self.name
    }

    fn is_read_only(&self) -> bool {
        false
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        self.refresh()?;
        let loaded = self.loaded.read().unwrap_or_else(|e| e.into_inner());
        Ok(Stats {
            name: self.name.clone(),
            location: self.path.display().to_string(),
            units: loaded.index.len(),
            read_only: false,
            bytes: std::fs::metadata(&self.path).map_or(0, |m| m.len()),
            index_bytes: loaded.index.heap_bytes()
                + loaded.rows.capacity() * 8
                + loaded.docs.capacity() * 4,
        })
    }

    fn lookup(&self, query: &Query) -> Result<Vec<Match>, StoreError> {
        self.refresh()?;
        let loaded = self.loaded.read().unwrap_or_else(|e| e.into_inner());
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let mut failure = None;
        let min = (f32::from(query.min.min(100)) - 1e-3) / 100.0;
        let found = loaded.index.lookup(query.source, min, query.limit, |doc| {
            let row = loaded.rows[doc as usize];
            let source = connection
                .prepare_cached("SELECT source FROM units WHERE id = ?1")
                .and_then(|mut s| s.query_row([row], |r| r.get(0)).optional());
            source.unwrap_or_else(|e| {
                failure = Some(e);
                None
            })
        });
        if let Some(e) = failure {
            return Err(self.read_error(e));
        }
        let mut failure = None;
        let out = matches(query, found, &self.name, |doc| {
            Self::fetch(&connection, loaded.rows[doc as usize]).unwrap_or_else(|e| {
                failure = Some(e);
                None
            })
        });
        match failure {
            Some(e) => Err(self.read_error(e)),
            None => Ok(out),
        }
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        self.refresh()?;
        let loaded = self.loaded.read().unwrap_or_else(|e| e.into_inner());
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let docs = loaded.index.containing_either(text);
        let mut out = Vec::new();
        for doc in docs {
            if out.len() >= limit {
                break;
            }
            let unit = Self::fetch(&connection, loaded.rows[doc as usize])
                .map_err(|e| self.read_error(e))?;
            if let Some(found) = unit.and_then(|u| hit(u, text, &self.name)) {
                out.push(found);
            }
        }
        Ok(out)
    }

    fn write(&self, units: &[Unit]) -> Result<WriteReport, StoreError> {
        // The index keys are worked out on another thread while SQLite writes.
        std::thread::scope(|scope| {
            let keys = scope.spawn(|| {
                units
                    .iter()
                    .map(|u| Some(prepare_unit(&u.source, &u.target)))
                    .collect::<Vec<_>>()
            });
            self.write_with(units, || keys.join().unwrap_or_default())
        })
    }

    fn for_each(&self, each: &mut dyn FnMut(Unit) -> bool) -> Result<(), StoreError> {
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let mut statement = connection
            .prepare(&format!("SELECT {COLUMNS} FROM units ORDER BY id"))
            .map_err(|e| self.read_error(e))?;
        let mut rows = statement.query([]).map_err(|e| self.read_error(e))?;
        while let Some(row) = rows.next().map_err(|e| self.read_error(e))? {
            if !each(unit_from(row).map_err(|e| self.read_error(e))?) {
                break;
            }
        }
        Ok(())
    }
}
