//! A copy of the team's server memory on this computer ([`Replica`]): an SQLite memory of
//! Tandem's own beside the main memory, following the server's units by their change numbers.
//!
//! Lookups in the team memory go to the copy once it has caught up: the local memory's index
//! answers in milliseconds at a million units, where the server's candidate query takes tens
//! (hundreds for a sentence without a match), and the team's matches stay at hand while the
//! server cannot be reached. Before each lookup the copy asks the server for what changed
//! since (one indexed query, nothing when nothing changed), so a unit confirmed a moment ago
//! in another window is a match here at once. The first copy of a large memory is made on a
//! thread of its own, in batches; lookups go to the server until it is done.
//!
//! Units are written into the copy with the local memory's rules, which are the server's (a
//! keyed unit replaces the one with its key, a pair is kept once), so applying the server's
//! changes in order, some twice after a kill, gives the server's units. The number of the
//! last change taken is kept beside the copy (`….seq`, with the memory's identity), written
//! after the units. A copy of another memory (the address now names another database) or of
//! a server restored from a backup (its last change is older than the copy's) is started
//! again.

use super::server::ServerMemory;
use super::{MemoryStore, SqliteMemory, StoreError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Changes taken from the server in one step.
const BATCH: i64 = 10_000;

pub struct Replica {
    path: PathBuf,
    /// `None` only while the copy is being started again.
    memory: Mutex<Option<Arc<SqliteMemory>>>,
    seq_path: PathBuf,
    /// The server's identity and the number of its last change the copy has.
    seq: Mutex<(String, i64)>,
    /// The copy was checked against the server (same memory, not gone back in time).
    checked: AtomicBool,
    /// The last step reached the server's newest change.
    caught_up: AtomicBool,
    /// A step is under way (inline or on the catching-up thread).
    syncing: AtomicBool,
}

impl Replica {
    /// Opens (or starts) the copy at `path`.
    pub fn open(path: &Path) -> Result<Replica, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: dir.display().to_string(),
                message: e.to_string(),
            })?;
        }
        let memory = SqliteMemory::open(path)?;
        let seq_path = path.with_extension("seq");
        let seq = std::fs::read_to_string(&seq_path)
            .ok()
            .and_then(|text| {
                let (identity, seq) = text.trim().split_once(' ')?;
                Some((identity.to_string(), seq.parse().ok()?))
            })
            .unwrap_or_default();
        Ok(Replica {
            path: path.to_path_buf(),
            memory: Mutex::new(Some(Arc::new(memory))),
            seq_path,
            seq: Mutex::new(seq),
            checked: AtomicBool::new(false),
            caught_up: AtomicBool::new(false),
            syncing: AtomicBool::new(false),
        })
    }

    /// The copy's memory (`None` while it is being started again).
    pub fn memory(&self) -> Option<Arc<SqliteMemory>> {
        self.memory
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Starts the copy again, empty: it is of another memory, or of a server that has since
    /// been restored from a backup.
    fn start_again(&self, identity: String) -> Result<(), StoreError> {
        let mut memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        drop(memory.take());
        for extension in ["", "-wal", "-shm"] {
            let mut file = self.path.clone().into_os_string();
            file.push(extension);
            let _ = std::fs::remove_file(file);
        }
        *memory = Some(Arc::new(SqliteMemory::open(&self.path)?));
        *self.seq.lock().unwrap_or_else(|e| e.into_inner()) = (identity, 0);
        Ok(())
    }

    /// The copy had everything the server had at its last step.
    pub fn is_caught_up(&self) -> bool {
        self.caught_up.load(Ordering::Acquire)
    }

    /// Takes one batch of changes; whether more wait.
    fn step(&self, server: &ServerMemory) -> Result<bool, StoreError> {
        if !self.checked.load(Ordering::Acquire) {
            let (identity, last) = server.copy_check()?;
            let (known, seq) = self.seq.lock().unwrap_or_else(|e| e.into_inner()).clone();
            if known != identity || last < seq {
                self.start_again(identity)?;
            }
            self.checked.store(true, Ordering::Release);
        }
        let mut state = self.seq.lock().unwrap_or_else(|e| e.into_inner());
        let changes = server.changes_since(state.1, BATCH)?;
        let Some(last) = changes.last().map(|(n, _)| *n) else {
            return Ok(false);
        };
        let full = changes.len() as i64 == BATCH;
        let units: Vec<_> = changes.into_iter().map(|(_, unit)| unit).collect();
        let Some(memory) = self.memory() else {
            return Ok(false);
        };
        memory.write(&units)?;
        crate::fsio::write_atomic(
            &self.seq_path,
            format!("{} {last}\n", state.0).as_bytes(),
            crate::fsio::Backup::None,
        )
        .map_err(|e| StoreError::Write {
            path: self.seq_path.display().to_string(),
            message: e.to_string(),
        })?;
        state.1 = last;
        Ok(full)
    }

    /// Brings the copy up to the server: at once when it was up to date (what changed since
    /// is one batch at most), else on a thread of its own, batch after batch. Does nothing
    /// while another step is under way. Fails when the step made at once fails (the server
    /// went away).
    pub fn follow(self: &Arc<Self>, server: &Arc<ServerMemory>) -> Result<(), StoreError> {
        if self.syncing.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        if self.is_caught_up() {
            let stepped = self.step(server);
            match stepped {
                Ok(true) => self.caught_up.store(false, Ordering::Release),
                Ok(false) | Err(_) => {
                    self.syncing.store(false, Ordering::Release);
                    return stepped.map(|_| ());
                }
            }
        }
        let replica = self.clone();
        let server = server.clone();
        let spawned = std::thread::Builder::new()
            .name("team memory copy".into())
            .spawn(move || {
                let mut steps = 0;
                loop {
                    match replica.step(&server) {
                        Ok(true) => steps += 1,
                        Ok(false) => {
                            // Units added batch by batch leave part of the index unpacked.
                            if steps > 0
                                && let Some(memory) = replica.memory()
                            {
                                memory.compact();
                            }
                            replica.caught_up.store(true, Ordering::Release);
                            break;
                        }
                        // The server went away: the next lookup that reaches it goes on.
                        Err(_) => break,
                    }
                }
                replica.syncing.store(false, Ordering::Release);
            });
        if spawned.is_err() {
            self.syncing.store(false, Ordering::Release);
        }
        Ok(())
    }
}
