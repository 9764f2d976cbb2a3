//! The team's glossary as a workbench writes to it ([`TeamGlossary`]): the
//! [`ServerGlossary`] when the server can be reached, and a queue on disk for the changes
//! made while it cannot.
//!
//! A change is first appended to the queue file (and synced), then everything queued is
//! sent in order, each change on the revision of the term it was made on. The server's answer
//! to each (taken, or a conflict with somebody else's change) goes back to the workbench; a
//! change sent twice (sent, then killed before the queue was cut) comes back as a conflict
//! with itself, which the workbench recognises as taken. Reading the glossary and hearing of
//! others' changes is the [`super::server::Listener`]'s part.
//!
//! A copy of the team's terms as this computer last knew them ([`save_copy`], [`load_copy`],
//! beside the queue) lets a window opened while the server is away show them all the same.

use super::StoreError;
use super::queue::Queue;
use super::server::{ServerGlossary, TermWrite, Written, shown_location};
use crate::glossary::Term;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What became of the changes [`TeamGlossary::send`] was given and of those that waited.
#[derive(Debug, Default)]
pub struct Sent {
    /// The changes the server answered, in order: taken or in conflict; or refused (why).
    pub answered: Vec<(TermWrite, Result<Written, String>)>,
    /// Changes still waiting for the server.
    pub waiting: usize,
    /// Why the server could not be reached, when it could not.
    pub offline: Option<String>,
}

/// The team's server glossary with a durable queue for changes.
pub struct TeamGlossary {
    url: String,
    shown: String,
    queue: Queue<TermWrite>,
    server: Mutex<Option<Arc<ServerGlossary>>>,
}

impl TeamGlossary {
    /// The team glossary at `url`, queueing in `queue`; connects when first sending.
    pub fn new(url: &str, queue: &Path) -> TeamGlossary {
        TeamGlossary {
            url: url.to_string(),
            shown: shown_location(url),
            queue: Queue::new(queue),
            server: Mutex::new(None),
        }
    }

    /// The address without its password.
    pub fn location(&self) -> &str {
        &self.shown
    }

    /// The changes waiting for the server.
    pub fn queued(&self) -> Vec<TermWrite> {
        self.queue.read().0
    }

    fn server(&self) -> Result<Arc<ServerGlossary>, StoreError> {
        let mut server = self.server.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(server) = &*server {
            return Ok(server.clone());
        }
        let opened = Arc::new(ServerGlossary::open(&self.url)?);
        *server = Some(opened.clone());
        Ok(opened)
    }

    /// Queues `writes` (synced), then sends everything queued, in order, until the server
    /// cannot be reached. Fails only when the queue cannot be written: then nothing was sent.
    pub fn send(&self, writes: &[TermWrite]) -> Result<Sent, StoreError> {
        if !writes.is_empty() {
            self.queue.append(writes)?;
        }
        let (queued, length) = self.queue.read();
        let mut sent = Sent::default();
        if queued.is_empty() {
            return Ok(sent);
        }
        let server = match self.server() {
            Ok(server) => server,
            Err(error) => {
                sent.waiting = queued.len();
                sent.offline = Some(error.to_string());
                return Ok(sent);
            }
        };
        let mut rest = queued.into_iter();
        for write in rest.by_ref() {
            match server.write(&write) {
                Ok(written) => sent.answered.push((write, Ok(written))),
                Err(StoreError::Unreachable { message, .. }) => {
                    *self.server.lock().unwrap_or_else(|e| e.into_inner()) = None;
                    sent.offline = Some(message);
                    let waiting: Vec<TermWrite> = std::iter::once(write).chain(rest).collect();
                    sent.waiting = waiting.len();
                    self.queue.replace_front(length, &waiting)?;
                    return Ok(sent);
                }
                // Refused for good (a reader's login, a broken term): trying again would
                // hold up every later change.
                Err(other) => sent.answered.push((write, Err(other.to_string()))),
            }
        }
        self.queue.cut(length)?;
        Ok(sent)
    }
}

/// A term of the team glossary as this computer last knew it, with its revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopiedTerm {
    pub term: Term,
    pub rev: i64,
}

#[derive(Serialize, Deserialize)]
struct CopyFile {
    version: u32,
    terms: Vec<CopiedTerm>,
}

const COPY_VERSION: u32 = 1;

/// Where the copy of the terms of the glossary queueing in `queue` is kept: beside it.
pub fn copy_path(queue: &Path) -> PathBuf {
    queue.with_extension("copy.json")
}

/// Keeps `terms` as the copy at `path` (written whole, then put in place).
pub fn save_copy(path: &Path, terms: Vec<CopiedTerm>) -> Result<(), StoreError> {
    let file = CopyFile {
        version: COPY_VERSION,
        terms,
    };
    let bytes = serde_json::to_vec(&file).map_err(|e| StoreError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    crate::fsio::write_atomic(path, &bytes, crate::fsio::Backup::None).map_err(|e| {
        StoreError::Write {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    })
}

/// The copy at `path`: nothing when there is none; an error for a file that is not one
/// (broken, or written by a newer Tandem).
pub fn load_copy(path: &Path) -> Result<Vec<CopiedTerm>, StoreError> {
    let failed = |message: String| StoreError::Open {
        path: path.display().to_string(),
        message,
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(failed(e.to_string())),
    };
    let file: CopyFile = serde_json::from_slice(&bytes)
        .map_err(|e| failed(format!("not a copy of a team glossary ({e})")))?;
    if file.version > COPY_VERSION {
        return Err(failed(format!(
            "written by a newer Tandem (copy version {})",
            file.version
        )));
    }
    Ok(file.terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Kind;

    #[test]
    fn the_copy_reads_back_what_was_kept_and_refuses_a_broken_file() {
        let dir = std::env::temp_dir().join(format!("tandem-term-copy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = copy_path(&dir.join("team-terms-1.jsonl"));
        assert_eq!(path, dir.join("team-terms-1.copy.json"));
        assert_eq!(load_copy(&path).unwrap(), []);
        let mut term = Term::new("Kreml", "Kremlin", Kind::Place);
        term.id = crate::glossary::TermId(1 << 40);
        let terms = vec![CopiedTerm { term, rev: 42 }];
        save_copy(&path, terms.clone()).unwrap();
        assert_eq!(load_copy(&path).unwrap(), terms);
        std::fs::write(&path, b"{\"version\": 1, \"ter").unwrap();
        let error = load_copy(&path).unwrap_err().to_string();
        assert!(error.contains("not a copy of a team glossary"), "{error}");
        std::fs::write(&path, b"{\"version\": 9, \"terms\": []}").unwrap();
        let error = load_copy(&path).unwrap_err().to_string();
        assert!(error.contains("newer Tandem"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn changes_wait_in_the_queue_while_the_server_is_away() {
        let dir = std::env::temp_dir().join(format!("tandem-term-queue-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let queue = dir.join("terms.jsonl");
        // Nothing listens on port 1: the server cannot be reached.
        let team = TeamGlossary::new("postgres://anna:pw@127.0.0.1:1/news", &queue);
        assert_eq!(team.location(), "postgres://anna@127.0.0.1:1/news");
        let mut term = Term::new("Kreml", "Kremlin", Kind::Place);
        term.id = crate::glossary::TermId(1 << 40);
        let write = TermWrite {
            id: term.id,
            term: Some(term),
            base: None,
            rev: 7,
        };
        let sent = team.send(std::slice::from_ref(&write)).unwrap();
        assert_eq!(sent.waiting, 1);
        assert!(sent.answered.is_empty());
        assert!(!sent.offline.unwrap().contains("pw"));
        let sent = team.send(&[]).unwrap();
        assert_eq!(sent.waiting, 1);
        assert_eq!(team.queued(), [write]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
