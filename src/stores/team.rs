//! The team's memory as a workbench uses it ([`TeamMemory`]): the [`ServerMemory`] when the
//! server can be reached, and a queue on disk for the writes made while it cannot.
//!
//! A write is first appended to the queue file (and synced), then everything queued is sent
//! in one transaction and the queue emptied. While the server is away the units stay in the
//! queue, and go with the next write or lookup that reaches it. A kill at any moment loses
//! nothing: a unit is in the queue before anything is sent, and one sent twice (sent, then
//! killed before the queue was emptied) is written once, since the server's upserts are keyed
//! (a segment's unit) or unique by pair. A half-written last line (a kill while appending)
//! was never acknowledged and is dropped.
//!
//! Lookups are answered by the copy of the server's units on this computer ([`Replica`])
//! once it has caught up, and by the server until then. Connecting is tried at most every
//! [`RETRY`]; in between, lookups answer from the copy (what it had) rather than wait.

use super::queue::Queue;
use super::replica::Replica;
use super::server::{ServerMemory, database_name, shown_location};
use super::{Hit, MemoryStore, Query, Stats, StoreError, WriteReport};
use crate::memory::{Match, Provenance, Unit};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long after a failed attempt the server is tried again.
pub const RETRY: Duration = Duration::from_secs(10);

/// A unit as the queue file holds it, one JSON object a line.
#[derive(Serialize, Deserialize)]
struct Queued {
    source: String,
    target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tool: Option<String>,
}

impl Queued {
    fn of(unit: &Unit) -> Queued {
        Queued {
            source: unit.source.clone(),
            target: unit.target.clone(),
            previous: unit.previous.clone(),
            next: unit.next.clone(),
            key: unit.key.clone(),
            document: unit.provenance.document.clone(),
            author: unit.provenance.author.clone(),
            tool: unit.provenance.tool.clone(),
        }
    }

    fn unit(self) -> Unit {
        Unit {
            source: self.source,
            target: self.target,
            previous: self.previous,
            next: self.next,
            key: self.key,
            provenance: Provenance {
                document: self.document,
                author: self.author,
                tool: self.tool,
                changed: None,
            },
            source_markup: None,
            target_markup: None,
        }
    }
}

struct State {
    server: Option<Arc<ServerMemory>>,
    last_attempt: Option<Instant>,
    last_error: Option<String>,
}

/// The team's server memory with a durable queue for writes.
pub struct TeamMemory {
    url: String,
    shown: String,
    name: String,
    queue: Queue<Queued>,
    retry: Duration,
    state: Mutex<State>,
    /// The copy of the server's units on this computer that lookups use once it has caught
    /// up (`None` when it cannot be kept: lookups then go to the server).
    replica: Option<Arc<Replica>>,
}

impl TeamMemory {
    /// The team memory at `url`, queueing in `queue`. Tries to connect once; a server that
    /// cannot be reached now is tried again later (a server without Tandem's schema, or
    /// with another version of it, is refused at once).
    pub fn open(url: &str, queue: &Path) -> Result<TeamMemory, StoreError> {
        let shown = shown_location(url);
        let name = database_name(url).unwrap_or_else(|| "team".to_string());
        let team = TeamMemory {
            url: url.to_string(),
            shown,
            name,
            queue: Queue::new(queue),
            retry: RETRY,
            state: Mutex::new(State {
                server: None,
                last_attempt: None,
                last_error: None,
            }),
            replica: Replica::open(&replica_path(queue)).ok().map(Arc::new),
        };
        match team.connected(true) {
            Ok(_) | Err(StoreError::Unreachable { .. }) => Ok(team),
            Err(other) => Err(other),
        }
    }

    /// Lookups are answered by the copy on this computer (it has caught up with the server).
    pub fn is_copied(&self) -> bool {
        self.replica.as_ref().is_some_and(|r| r.is_caught_up())
    }

    /// The same, trying the server again `retry` after a failure (instead of [`RETRY`]).
    pub fn with_retry(mut self, retry: Duration) -> TeamMemory {
        self.retry = retry;
        self
    }

    /// Units waiting in the queue for the server.
    pub fn queued(&self) -> usize {
        self.queue.count()
    }

    /// Why the server could not be used last, while it cannot.
    pub fn offline(&self) -> Option<String> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state
            .server
            .is_none()
            .then(|| state.last_error.clone())
            .flatten()
    }

    /// The server, connecting (and sending the queue) when it was away and the last
    /// attempt is long enough ago (or `now`).
    fn connected(&self, now: bool) -> Result<Arc<ServerMemory>, StoreError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(server) = &state.server {
            return Ok(server.clone());
        }
        let due = now || state.last_attempt.is_none_or(|t| t.elapsed() >= self.retry);
        if !due {
            return Err(StoreError::Unreachable {
                path: self.shown.clone(),
                message: state
                    .last_error
                    .clone()
                    .unwrap_or_else(|| "the server cannot be reached".into()),
            });
        }
        state.last_attempt = Some(Instant::now());
        match ServerMemory::open(&self.url) {
            Ok(server) => {
                let server = Arc::new(server);
                state.server = Some(server.clone());
                state.last_error = None;
                drop(state);
                // What waited goes now; if that fails, it waits for the next time.
                let _ = self.flush(&server);
                Ok(server)
            }
            Err(error) => {
                state.last_error = Some(error.to_string());
                Err(error)
            }
        }
    }

    /// Forgets the connection after an error that says the server went away.
    fn failed<T>(&self, result: Result<T, StoreError>) -> Result<T, StoreError> {
        if let Err(StoreError::Unreachable { message, .. }) = &result {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.server = None;
            state.last_error = Some(message.clone());
        }
        result
    }

    /// Sends everything queued; empties the queue when the server has it.
    fn flush(&self, server: &ServerMemory) -> Result<WriteReport, StoreError> {
        let (queued, length) = self.queue.read();
        if queued.is_empty() && length == 0 {
            return Ok(WriteReport::default());
        }
        let units: Vec<Unit> = queued.into_iter().map(Queued::unit).collect();
        let report = server.write(&units)?;
        self.queue.cut(length)?;
        Ok(report)
    }

    fn read_queue(&self) -> Vec<Unit> {
        self.queue.read().0.into_iter().map(Queued::unit).collect()
    }
}

/// Where the copy of the team memory whose writes wait in `queue` is kept: beside it.
fn replica_path(queue: &Path) -> std::path::PathBuf {
    queue.with_extension("copy.memory")
}

impl MemoryStore for TeamMemory {
    fn name(&self) -> &str {
        &self.name
    }

    fn is_read_only(&self) -> bool {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.server.as_ref().is_some_and(|s| s.is_read_only())
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        let server = self.connected(false)?;
        self.failed(server.stats())
    }

    fn lookup(&self, query: &Query) -> Result<Vec<Match>, StoreError> {
        let mut server = self.connected(false).ok();
        if let Some(replica) = &self.replica {
            if let Some(connected) = &server
                && self.failed(replica.follow(connected)).is_err()
            {
                server = None;
            }
            // The copy once it has caught up; while the server is away, what it has.
            if let Some(copy) = replica.memory()
                && (replica.is_caught_up() || server.is_none())
            {
                let mut found = copy.lookup(query)?;
                for found in &mut found {
                    found.memory = self.name.clone();
                }
                return Ok(found);
            }
        }
        match server {
            Some(server) => self.failed(server.lookup(query)),
            None => Ok(Vec::new()),
        }
    }

    /// On the server (its trigram index); while the server is away, in the copy.
    fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        let away = match self.connected(false) {
            Ok(server) => match self.failed(server.search(text, limit)) {
                Err(away @ StoreError::Unreachable { .. }) => away,
                answered => return answered,
            },
            Err(away) => away,
        };
        match self.replica.as_ref().and_then(|r| r.memory()) {
            Some(copy) => {
                let mut hits = copy.search(text, limit)?;
                for hit in &mut hits {
                    hit.memory = self.name.clone();
                }
                Ok(hits)
            }
            None => Err(away),
        }
    }

    fn write(&self, units: &[Unit]) -> Result<WriteReport, StoreError> {
        if units.is_empty() {
            return Ok(WriteReport::default());
        }
        if self.is_read_only() {
            return Err(StoreError::ReadOnly(format!(
                "{} (this user may only read it; writing needs membership in tandem_translators)",
                self.shown
            )));
        }
        self.queue
            .append(&units.iter().map(Queued::of).collect::<Vec<_>>())?;
        let waiting = |why: String| StoreError::Unreachable {
            path: self.shown.clone(),
            message: format!(
                "{why}; {} unit(s) wait in {} and go when the server is back",
                self.read_queue().len(),
                self.queue.path().display()
            ),
        };
        let server = match self.connected(false) {
            Ok(server) => server,
            Err(error) => return Err(waiting(error.to_string())),
        };
        match self.failed(self.flush(&server)) {
            Ok(report) => Ok(report),
            Err(StoreError::ReadOnly(message)) => {
                self.queue.set_aside();
                Err(StoreError::ReadOnly(message))
            }
            Err(StoreError::Write { path, message }) => {
                // Refused by the server, not for being away: trying again would refuse every
                // later write as well.
                let kept = self.queue.set_aside();
                Err(StoreError::Write {
                    path,
                    message: format!("{message}; the units are kept in {}", kept.display()),
                })
            }
            Err(StoreError::Unreachable { message, .. }) => Err(waiting(message)),
            Err(other) => Err(other),
        }
    }

    fn for_each(&self, each: &mut dyn FnMut(Unit) -> bool) -> Result<(), StoreError> {
        let server = self.connected(false)?;
        self.failed(server.for_each(each))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_wait_in_the_queue_and_a_cut_line_spoils_nothing() {
        let dir = std::env::temp_dir().join(format!("tandem-team-queue-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let queue = dir.join("queue.jsonl");
        // Nothing listens on port 1: the server cannot be reached.
        let team = TeamMemory::open("postgres://anna:pw@127.0.0.1:1/news", &queue).unwrap();
        assert_eq!(team.name(), "news");
        assert!(team.offline().is_some());
        let error = team.write(&[Unit::new("Eins.", "One.")]).unwrap_err();
        assert!(matches!(error, StoreError::Unreachable { .. }), "{error}");
        assert!(!error.to_string().contains("pw"), "{error}");
        let mut text = std::fs::read_to_string(&queue).unwrap();
        text.push_str("{\"source\":\"Zw");
        std::fs::write(&queue, text).unwrap();
        let _ = team.write(&[Unit::new("Drei.", "Three.")]);
        let sources: Vec<String> = team.read_queue().into_iter().map(|u| u.source).collect();
        assert_eq!(sources, ["Eins.", "Drei."]);
        assert!(team.lookup(&Query::new("Eins.")).unwrap().is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
