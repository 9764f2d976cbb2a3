//! The team's glossary on the server ([`ServerGlossary`]) and the [`Listener`] that brings
//! every change to the open workbenches.
//!
//! - Each term is a row with a revision (`rev`, chosen by its last writer). A write names the
//!   revision it was made on ([`TermWrite`]); the server takes it only if the row is still at
//!   that revision, so two
//!   translators changing one term get a conflict ([`Written::Conflict`], with the term as
//!   the other made it), never a silent overwrite. Removing a term marks its row deleted (an
//!   undo can bring it back, and the others learn that it went).
//! - Term ids are chosen by the writer at random among 2^53 (no round trip before an add;
//!   the primary key turns the unlikely clash into a conflict). A term whose German is in the
//!   glossary already is a conflict too: the team gets one entry, not two.
//! - A trigger numbers every change (`seq`) and announces it (`NOTIFY tandem_terms`); a
//!   [`Listener`] on its own connection waits for those and fetches the rows changed since
//!   the last it saw, so a change reaches every listening workbench within milliseconds, and
//!   one that came while a workbench was cut off arrives when it is back.

use super::{Connection, RETRY_LISTEN, config, connect};
use crate::glossary::{Kind, Term, TermId};
use crate::stores::StoreError;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{GenericClient, Row};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const COLUMNS: &str = "id, source, targets, kind, note, forms, forbidden, deleted, rev, \
    author, to_char(changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'), seq";

/// A term as the server has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteTerm {
    pub term: Term,
    /// Names the term's last change (a [`TermWrite::rev`]); a write names the revision
    /// it was made on.
    pub rev: i64,
    /// Removed from the glossary (kept as a row so that others learn it).
    pub deleted: bool,
    /// Who made the last change (the database user), and when.
    pub author: String,
    pub changed: String,
    /// The change's place in the server's order of term changes.
    pub seq: i64,
}

/// A change to a term of the team glossary, made on a known revision of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermWrite {
    pub id: TermId,
    /// The term as it should be; `None` removes it.
    pub term: Option<Term>,
    /// The revision the change was made on; `None` adds a term the server does not have.
    pub base: Option<i64>,
    /// The revision this change makes (chosen by the writer, see [`fresh_revision`]).
    pub rev: i64,
}

/// What the server made of a [`TermWrite`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// Taken: the term's row now.
    Done(RemoteTerm),
    /// Refused: somebody changed the term since `base` (or added one with the same German);
    /// the term as they left it (`None`: the server has no such term).
    Conflict(Option<RemoteTerm>),
}

/// A glossary on a PostgreSQL server.
pub struct ServerGlossary {
    name: String,
    connection: Connection,
    read_only: bool,
}

impl ServerGlossary {
    /// Connects to the glossary at `url`; refuses a server without Tandem's schema, or with
    /// another version of it.
    pub fn open(url: &str) -> Result<ServerGlossary, StoreError> {
        let connection = Connection::open(url)?;
        let read_only = !connection.with_client(connection.read_error(), |client| {
            Ok(client
                .query_one("SELECT has_table_privilege('tandem_terms', 'UPDATE')", &[])?
                .get::<_, bool>(0))
        })?;
        Ok(ServerGlossary {
            name: format!("team glossary ({})", connection.database()),
            connection,
            read_only,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The address without its password.
    pub fn location(&self) -> &str {
        self.connection.location()
    }

    /// This user may only read (a member of `tandem_readers`).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Every term changed after `seq`, removed ones included, in the order of the changes
    /// (0: the whole glossary).
    pub fn changes_since(&self, seq: i64) -> Result<Vec<RemoteTerm>, StoreError> {
        self.connection
            .with_client(self.connection.read_error(), |client| {
                changes_since(client, seq)
            })
    }

    /// Sends one change; see [`Written`].
    pub fn write(&self, write: &TermWrite) -> Result<Written, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly(format!(
                "{} (this user may only read the team glossary; changing it needs membership in tandem_translators)",
                self.location()
            )));
        }
        let error = |message| StoreError::Write {
            path: self.location().to_string(),
            message,
        };
        self.connection.with_client(error, |client| {
            let mut transaction = client.transaction()?;
            let written = write_term(&mut transaction, write)?;
            transaction.commit()?;
            Ok(written)
        })
    }
}

fn changes_since(
    client: &mut impl GenericClient,
    seq: i64,
) -> Result<Vec<RemoteTerm>, postgres::Error> {
    let rows = client.query(
        &format!("SELECT {COLUMNS} FROM tandem_terms WHERE seq > $1 ORDER BY seq"),
        &[&seq],
    )?;
    Ok(rows.iter().map(remote_term).collect())
}

fn write_term(
    client: &mut impl GenericClient,
    write: &TermWrite,
) -> Result<Written, postgres::Error> {
    let id = write.id.0 as i64;
    let row = match (&write.term, write.base) {
        (Some(term), None) => {
            // One entry per German term: an add of a term the team has is a conflict.
            let same: Option<Row> = client.query_opt(
                &format!(
                    "SELECT {COLUMNS} FROM tandem_terms \
                     WHERE lower(source) = lower($1) AND NOT deleted AND id <> $2 LIMIT 1"
                ),
                &[&term.source, &id],
            )?;
            if let Some(same) = same {
                return Ok(Written::Conflict(Some(remote_term(&same))));
            }
            client.query_opt(
                &format!(
                    "INSERT INTO tandem_terms \
                     (id, source, targets, kind, note, forms, forbidden, rev, seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0) ON CONFLICT (id) DO NOTHING \
                     RETURNING {COLUMNS}"
                ),
                &[
                    &id,
                    &term.source,
                    &term.targets,
                    &term.kind.name(),
                    &term.note,
                    &term.forms,
                    &term.forbidden,
                    &write.rev,
                ],
            )?
        }
        (Some(term), Some(base)) => client.query_opt(
            &format!(
                "UPDATE tandem_terms SET source = $4, targets = $5, kind = $6, note = $7, \
                 forms = $8, forbidden = $9, deleted = false, rev = $3 \
                 WHERE id = $1 AND rev = $2 RETURNING {COLUMNS}"
            ),
            &[
                &id,
                &base,
                &write.rev,
                &term.source,
                &term.targets,
                &term.kind.name(),
                &term.note,
                &term.forms,
                &term.forbidden,
            ],
        )?,
        (None, base) => client.query_opt(
            &format!(
                "UPDATE tandem_terms SET deleted = true, rev = $3 \
                 WHERE id = $1 AND rev = $2 RETURNING {COLUMNS}"
            ),
            &[&id, &base.unwrap_or(0), &write.rev],
        )?,
    };
    Ok(match row {
        Some(row) => Written::Done(remote_term(&row)),
        None => {
            let theirs = client.query_opt(
                &format!("SELECT {COLUMNS} FROM tandem_terms WHERE id = $1"),
                &[&id],
            )?;
            Written::Conflict(theirs.as_ref().map(remote_term))
        }
    })
}

fn remote_term(row: &Row) -> RemoteTerm {
    let kind: String = row.get(3);
    RemoteTerm {
        term: Term {
            id: TermId(row.get::<_, i64>(0) as u64),
            source: row.get(1),
            targets: row.get(2),
            kind: Kind::parse(&kind).unwrap_or_default(),
            note: row.get(4),
            forms: row.get(5),
            forbidden: row.get(6),
        }
        .normalized(),
        deleted: row.get(7),
        rev: row.get(8),
        author: row.get(9),
        changed: row.get(10),
        seq: row.get(11),
    }
}

/// A number no other writer is likely to choose: random, from the process's hash keys, the
/// clock and the process id.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// A fresh term id for the team glossary: random in `1 << 32 .. 1 << 53` (above the ids
/// glossary files use, within those a project file keeps exactly).
pub fn fresh_id() -> TermId {
    let span = (1u64 << 53) - (1u64 << 32);
    TermId((1 << 32) + random() % span)
}

/// A fresh revision for a [`TermWrite`] (never 0).
pub fn fresh_revision() -> i64 {
    (random() >> 1).max(1) as i64
}

/// What a [`Listener`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Heard {
    /// Connected (again); whether this user may only read the glossary, and whether the
    /// next [`Heard::Changed`] holds the whole glossary (no change was heard before, or the
    /// server was restored from a backup since).
    Connected { read_only: bool, whole: bool },
    /// Terms changed on the server (the first report after connecting has them all).
    Changed(Vec<RemoteTerm>),
    /// The server cannot be reached (why); the listener tries again.
    Lost(String),
}

/// Waits on its own connection for the server's announcements of term changes and reports
/// the changed terms; reconnects when the server was away, catching up on what it missed.
/// Stops when dropped.
pub struct Listener {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    /// Listens to the glossary at `url`, reporting every term changed after `seq` (0: all)
    /// to `report`, on the listener's thread.
    pub fn start(
        url: &str,
        seq: i64,
        report: impl Fn(Heard) + Send + 'static,
    ) -> Result<Listener, StoreError> {
        let (config, shown) = config(url)?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::Builder::new()
            .name("team glossary listener".into())
            .spawn(move || {
                let mut seq = seq;
                let mut lost = false;
                while !stopped.load(Ordering::Relaxed) {
                    let result = connect(&config, &shown).and_then(|client| {
                        lost = false;
                        listen(client, &mut seq, &stopped, &report, &shown)
                    });
                    if stopped.load(Ordering::Relaxed) {
                        return;
                    }
                    if let Err(error) = result
                        && !lost
                    {
                        report(Heard::Lost(error.to_string()));
                        lost = true;
                    }
                    let until = Instant::now() + RETRY_LISTEN;
                    while Instant::now() < until && !stopped.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
            })
            .map_err(|e| StoreError::Open {
                path: url.to_string(),
                message: format!("cannot start listening: {e}"),
            })?;
        Ok(Listener {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // The thread notices within one wait; not joined, so that dropping never blocks
        // the window on a server that does not answer.
        self.thread.take();
    }
}

/// Listens on `client` until the connection fails or `stop` is set.
fn listen(
    mut client: postgres::Client,
    seq: &mut i64,
    stop: &AtomicBool,
    report: &impl Fn(Heard),
    shown: &str,
) -> Result<(), StoreError> {
    let lost = |e: postgres::Error| StoreError::Unreachable {
        path: shown.to_string(),
        message: super::describe(&e),
    };
    client.batch_execute("LISTEN tandem_terms").map_err(lost)?;
    let writable: bool = client
        .query_one("SELECT has_table_privilege('tandem_terms', 'UPDATE')", &[])
        .map_err(lost)?
        .get(0);
    // A server restored from a backup numbers its changes from an earlier point: its whole
    // glossary is fetched again.
    let newest: i64 = client
        .query_one("SELECT coalesce(max(seq), 0) FROM tandem_terms", &[])
        .map_err(lost)?
        .get(0);
    if newest < *seq {
        *seq = 0;
    }
    report(Heard::Connected {
        read_only: !writable,
        whole: *seq == 0,
    });
    // What changed before listening began (or while the connection was gone).
    let mut pending = true;
    loop {
        if pending {
            let changed = changes_since(&mut client, *seq).map_err(lost)?;
            if let Some(last) = changed.last() {
                *seq = last.seq;
            }
            report(Heard::Changed(changed));
            pending = false;
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let mut notifications = client.notifications();
        let first = notifications
            .timeout_iter(Duration::from_millis(250))
            .next()
            .map_err(lost)?;
        if first.is_some() {
            pending = true;
            // The announcements that came with it are fetched together.
            let mut more = notifications.iter();
            while more.next().map_err(lost)?.is_some() {}
        }
        drop(notifications);
        if client.is_closed() {
            return Err(StoreError::Unreachable {
                path: shown.to_string(),
                message: "the server closed the connection".into(),
            });
        }
    }
}
