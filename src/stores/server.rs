//! A team's memory on a PostgreSQL server ([`ServerMemory`]): every translator's confirmed
//! segments in one table that all workbenches read and write at once.
//!
//! - The schema is Tandem's, created and migrated by [`init`] (`tandem server init URL`) in
//!   numbered steps ([`MIGRATIONS`]); its version is kept in `tandem_meta`, and a server
//!   whose schema is newer than this Tandem knows is refused, not written to.
//! - Fuzzy lookup finds candidates with a GIN index over each unit's word keys (the stems
//!   the local memory indexes, `keys bigint[]`) and scores them here with the local memory's
//!   score, so a match scores the same wherever it lives. Which keys it asks for is prefix
//!   filtering: a unit that reaches the lowest score wanted shares most of the sentence's
//!   words, so it holds at least one of the sentence's rarest few (`tandem_keys` counts the
//!   units of each key); asking for those alone finds it without touching the units that
//!   share only common words. (PostgreSQL's trigram index, `pg_trgm`, was tried first and
//!   measured: 1.9 s a lookup at 100,000 units of news German, every common trigram a long
//!   list; it serves the concordance's `ILIKE` instead.)
//! - Writes are upserts: a unit with a key (a project's segment) replaces the row with that
//!   key, one without is added unless the same pair is there; both hold under concurrent
//!   writers without duplicates (unique indexes, `ON CONFLICT`).
//! - Permissions are PostgreSQL's: `init` creates the group roles `tandem_translators` (read
//!   and write) and `tandem_readers` (read only); a refused write says so.
//! - The password comes from the URL, `PGPASSWORD`, or `~/.pgpass` (owner-only, as libpq
//!   requires), never from a project file. `sslmode=disable` and `prefer` connect without
//!   TLS; `require` is refused with a message, as this build has no TLS.

use super::{Hit, MemoryStore, Query, Stats, StoreError, WriteReport, hit};
use crate::memory::score::similarity;
use crate::memory::text::{content_keys, tokens};
use crate::memory::{Match, Provenance, Unit, rank};
use postgres::error::SqlState;
use postgres::{Client, Config, GenericClient, NoTls, Row};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The schema version this Tandem writes and reads.
pub const SCHEMA_VERSION: i32 = 1;

/// The schema's steps: `MIGRATIONS[n]` takes a database from version `n` to `n + 1`.
pub const MIGRATIONS: [&str; 1] = [r#"
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE tandem_meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO tandem_meta VALUES ('format', 'tandem-memory'), ('version', '0');
CREATE TABLE tandem_units (
    id bigserial PRIMARY KEY,
    source text NOT NULL,
    target text NOT NULL,
    previous text,
    next text,
    key text UNIQUE,
    document text,
    author text NOT NULL DEFAULT session_user,
    tool text,
    changed timestamptz NOT NULL DEFAULT now(),
    keys bigint[] NOT NULL DEFAULT '{}'
);
CREATE TABLE tandem_keys (key bigint PRIMARY KEY, units bigint NOT NULL);
CREATE INDEX tandem_units_keys ON tandem_units USING gin (keys);
CREATE UNIQUE INDEX tandem_units_pair ON tandem_units (md5(source || chr(31) || target))
    WHERE key IS NULL;
CREATE INDEX tandem_units_source_trgm ON tandem_units USING gin (source gin_trgm_ops);
CREATE INDEX tandem_units_target_trgm ON tandem_units USING gin (target gin_trgm_ops);
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem_translators') THEN
        CREATE ROLE tandem_translators NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem_readers') THEN
        CREATE ROLE tandem_readers NOLOGIN;
    END IF;
END $$;
GRANT SELECT ON tandem_meta, tandem_units, tandem_keys TO tandem_readers, tandem_translators;
GRANT INSERT, UPDATE ON tandem_units, tandem_keys TO tandem_translators;
GRANT USAGE ON SEQUENCE tandem_units_id_seq TO tandem_translators;
"#];

/// Candidates (those sharing the most words) scored per lookup.
const CANDIDATES: i64 = 40;
/// How many units the first round of a lookup may ask for, by the key counts.
const FIRST_ROUND_UNITS: i64 = 500;
/// How long connecting may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

const COLUMNS: &str = "id, source, target, previous, next, key, document, author, tool, \
    to_char(changed AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"')";

/// Whether a memory location names a server (`postgres://…` or `postgresql://…`).
pub fn is_server(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// A connection's settings with the password filled in from the environment or `~/.pgpass`,
/// and the location shown to people (without the password).
fn config(url: &str) -> Result<(Config, String), StoreError> {
    let shown = shown_location(url);
    let mut config: Config = url.parse().map_err(|e| StoreError::Open {
        path: shown.clone(),
        message: format!("not a usable server address: {e}"),
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_password().is_none() {
        if let Some(password) = std::env::var_os("PGPASSWORD") {
            config.password(password.to_string_lossy().as_bytes());
        } else if let Some(password) = pgpass(&config) {
            config.password(password.as_bytes());
        }
    }
    Ok((config, shown))
}

/// The URL without its password.
pub fn shown_location(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or(user);
            format!("{scheme}://{user}@{host}{path}")
        }
        None => url.to_string(),
    }
}

/// The password `~/.pgpass` (or `PGPASSFILE`) gives for a connection, as libpq reads it:
/// `host:port:database:user:password` lines, `*` for any, only from a file that only its
/// owner may read.
fn pgpass(config: &Config) -> Option<String> {
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return None;
        }
    }
    let text = String::from_utf8(crate::fsio::read_input(&file, 1 << 20).ok()?).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(_)) | None => "localhost".to_string(),
        #[cfg(not(unix))]
        None => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let database = config
        .get_dbname()
        .unwrap_or(config.get_user().unwrap_or(""));
    let user = config.get_user().unwrap_or("");
    let wanted = [host.as_str(), port.as_str(), database, user];
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            if fields.len() != 5 {
                return None;
            }
            let fits = fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, value)| field == "*" || field == value);
            fits.then(|| fields[4].clone())
        })
}

/// A `.pgpass` line's fields: `:` separates, `\` escapes.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

fn connect(config: &Config, shown: &str) -> Result<Client, StoreError> {
    config.connect(NoTls).map_err(|e| {
        let path = shown.to_string();
        let message = describe(&e);
        // The server said no (a login, a database): not a matter of trying again.
        if e.as_db_error().is_some() || message.contains("TLS") {
            StoreError::Open { path, message }
        } else {
            StoreError::Unreachable { path, message }
        }
    })
}

/// A server error as a translator can act on it.
fn describe(error: &postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            return format!(
                "the server refused the login ({}); check the user name and the password (PGPASSWORD or ~/.pgpass)",
                db.message()
            );
        }
        if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            return format!(
                "the server allows this user only to read ({}); writing needs membership in tandem_translators",
                db.message()
            );
        }
        return db.message().to_string();
    }
    let text = error.to_string();
    if text.contains("TLS") {
        return format!(
            "{text}: this Tandem connects without TLS; use sslmode=prefer or disable on a trusted network"
        );
    }
    if error.is_closed() || text.contains("error connecting") || text.contains("timed out") {
        return format!("the server cannot be reached ({text})");
    }
    text
}

/// The version of Tandem's schema in the database (0: none yet).
fn schema_version(client: &mut impl GenericClient) -> Result<i32, postgres::Error> {
    let exists: Option<String> = client
        .query_one("SELECT to_regclass('tandem_meta')::text", &[])?
        .get(0);
    if exists.is_none() {
        return Ok(0);
    }
    let row = client.query_opt("SELECT value FROM tandem_meta WHERE key = 'version'", &[])?;
    Ok(row
        .and_then(|r| r.get::<_, String>(0).parse().ok())
        .unwrap_or(0))
}

/// What [`init`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Migrated {
    pub from: i32,
    pub to: i32,
}

/// Creates Tandem's schema on a server, or brings it to [`SCHEMA_VERSION`]; refuses a
/// schema newer than that. Several at once are serialised by an advisory lock.
pub fn init(url: &str) -> Result<Migrated, StoreError> {
    let (config, shown) = config(url)?;
    let mut client = connect(&config, &shown)?;
    let fail = |e: postgres::Error| StoreError::Write {
        path: shown.clone(),
        message: describe(&e),
    };
    let mut transaction = client.transaction().map_err(fail)?;
    transaction
        .execute("SELECT pg_advisory_xact_lock(7204551002)", &[])
        .map_err(fail)?;
    let from = schema_version(&mut transaction).map_err(fail)?;
    if from > SCHEMA_VERSION {
        return Err(newer(&shown, from));
    }
    for step in MIGRATIONS.iter().skip(from as usize) {
        transaction.batch_execute(step).map_err(fail)?;
    }
    transaction
        .execute(
            "UPDATE tandem_meta SET value = $1 WHERE key = 'version'",
            &[&SCHEMA_VERSION.to_string()],
        )
        .map_err(fail)?;
    transaction.commit().map_err(fail)?;
    Ok(Migrated {
        from,
        to: SCHEMA_VERSION,
    })
}

fn newer(shown: &str, version: i32) -> StoreError {
    StoreError::Open {
        path: shown.to_string(),
        message: format!(
            "the server's memory has schema version {version}, newer than this Tandem knows ({SCHEMA_VERSION}); update Tandem"
        ),
    }
}

/// Counts and facts for `tandem server status`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    pub location: String,
    pub server_version: String,
    pub schema_version: i32,
    pub units: i64,
    pub user: String,
    pub can_write: bool,
}

/// What a server holds, without changing it.
pub fn status(url: &str) -> Result<Status, StoreError> {
    let (config, shown) = config(url)?;
    let mut client = connect(&config, &shown)?;
    let fail = |e: postgres::Error| StoreError::Read {
        path: shown.clone(),
        message: describe(&e),
    };
    let server_version: String = client
        .query_one("SHOW server_version", &[])
        .map_err(fail)?
        .get(0);
    let user: String = client
        .query_one("SELECT session_user::text", &[])
        .map_err(fail)?
        .get(0);
    let schema_version = schema_version(&mut client).map_err(fail)?;
    let (units, can_write) = if schema_version > 0 {
        let row = client
            .query_one(
                "SELECT count(*), has_table_privilege('tandem_units', 'INSERT') FROM tandem_units",
                &[],
            )
            .map_err(fail)?;
        (row.get(0), row.get(1))
    } else {
        (0, false)
    };
    Ok(Status {
        location: shown,
        server_version,
        schema_version,
        units,
        user,
        can_write,
    })
}

/// A memory on a PostgreSQL server.
pub struct ServerMemory {
    name: String,
    location: String,
    config: Config,
    client: Mutex<Client>,
    read_only: bool,
}

impl ServerMemory {
    /// Connects to the memory at `url`; refuses a server without Tandem's schema (run
    /// [`init`]), or with an older or newer one.
    pub fn open(url: &str) -> Result<ServerMemory, StoreError> {
        let (config, shown) = config(url)?;
        let mut client = connect(&config, &shown)?;
        let fail = |e: postgres::Error| StoreError::Open {
            path: shown.clone(),
            message: describe(&e),
        };
        let version = schema_version(&mut client).map_err(fail)?;
        if version == 0 {
            return Err(StoreError::Open {
                path: shown,
                message:
                    "the server has no Tandem memory yet; create it with `tandem server init URL`"
                        .into(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(newer(&shown, version));
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::Open {
                path: shown,
                message: format!(
                    "the server's memory has schema version {version}; bring it to {SCHEMA_VERSION} with `tandem server init URL`"
                ),
            });
        }
        let read_only = !client
            .query_one("SELECT has_table_privilege('tandem_units', 'INSERT')", &[])
            .map_err(fail)?
            .get::<_, bool>(0);
        let name = config
            .get_dbname()
            .map_or_else(|| "server".to_string(), str::to_string);
        Ok(ServerMemory {
            name,
            location: shown,
            config,
            client: Mutex::new(client),
            read_only,
        })
    }

    /// The connection, made again when the server dropped it (restarted, network back).
    fn client(&self) -> Result<MutexGuard<'_, Client>, StoreError> {
        let mut client = self.client.lock().unwrap_or_else(|e| e.into_inner());
        if client.is_closed() {
            *client = connect(&self.config, &self.location)?;
        }
        Ok(client)
    }

    /// Runs `work` on the connection; once more on a fresh connection if the old one turns
    /// out to be gone.
    fn with_client<T>(
        &self,
        error: impl Fn(String) -> StoreError,
        mut work: impl FnMut(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let mut client = self.client()?;
        let gone = |e: &postgres::Error, client: &Client| e.is_closed() || client.is_closed();
        match work(&mut client) {
            Ok(value) => Ok(value),
            Err(e) if gone(&e, &client) => {
                *client = connect(&self.config, &self.location)?;
                work(&mut client).map_err(|e| {
                    if gone(&e, &client) {
                        StoreError::Unreachable {
                            path: self.location.clone(),
                            message: describe(&e),
                        }
                    } else {
                        error(describe(&e))
                    }
                })
            }
            Err(e) => Err(error(describe(&e))),
        }
    }

    fn read_error(&self) -> impl Fn(String) -> StoreError + '_ {
        |message| StoreError::Read {
            path: self.location.clone(),
            message,
        }
    }
}

fn unit_from(row: &Row) -> Unit {
    Unit {
        source: row.get(1),
        target: row.get(2),
        previous: row.get(3),
        next: row.get(4),
        key: row.get(5),
        provenance: Provenance {
            document: row.get(6),
            author: row.get(7),
            tool: row.get(8),
            changed: row.get(9),
        },
        source_markup: None,
        target_markup: None,
    }
}

/// The distinct word keys of a German sentence, as the local memory's index has them.
fn keys_of(text: &str) -> Vec<i64> {
    let mut keys = Vec::new();
    content_keys(text, &mut keys);
    let mut keys: Vec<i64> = keys.into_iter().map(|k| k as i64).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// `text` as a `LIKE` pattern that matches it anywhere.
fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl MemoryStore for ServerMemory {
    fn name(&self) -> &str {
        &self.name
    }

    fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        let (units, bytes) = self.with_client(self.read_error(), |client| {
            let row = client.query_one(
                "SELECT count(*), pg_total_relation_size('tandem_units') FROM tandem_units",
                &[],
            )?;
            Ok((row.get::<_, i64>(0), row.get::<_, i64>(1)))
        })?;
        Ok(Stats {
            name: self.name.clone(),
            location: self.location.clone(),
            units: units as usize,
            read_only: self.read_only,
            bytes: bytes as u64,
            index_bytes: 0,
        })
    }

    fn lookup(&self, query: &Query) -> Result<Vec<Match>, StoreError> {
        if query.limit == 0 || query.source.trim().is_empty() {
            return Ok(Vec::new());
        }
        let keys = keys_of(query.source);
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        // A unit at score `min` shares at least about min × n of the n keys, so it has one
        // of any n − that + 1 of them: the rarest ones.
        let n = keys.len();
        let needed = |min: f32| {
            let shared = ((n as f32) * min.min(1.0)).floor() as usize;
            (n + 1).saturating_sub(shared).clamp(1, n)
        };
        let min = f32::from(query.min) / 100.0;
        let wanted = tokens(query.source);
        let score = |rows: &[Row]| -> Vec<Match> {
            let mut out: Vec<Match> = rows
                .iter()
                .filter_map(|row| {
                    let unit = unit_from(row);
                    let score = similarity(&wanted, &tokens(&unit.source));
                    (score + 1e-6 >= min).then(|| {
                        Match::new(
                            query.source,
                            (query.previous, query.next),
                            unit,
                            score,
                            &self.name,
                        )
                    })
                })
                .filter(|m| m.score >= query.min)
                .collect();
            rank(&mut out);
            out
        };
        let candidates = |client: &mut Client, rare: &[i64]| {
            client.query(
                &format!(
                    "SELECT {COLUMNS} FROM tandem_units WHERE keys && $1 \
                     ORDER BY (SELECT count(*) FROM unnest(keys) k WHERE k = ANY($2)) DESC, id DESC \
                     LIMIT $3"
                ),
                &[&rare, &keys, &CANDIDATES],
            )
        };
        // First the rarest keys alone (a few hundred units at most): the matches they find
        // give a threshold, often far above `min`, that leaves fewer keys to ask for.
        let (rare, first_keys, first) = self.with_client(self.read_error(), |client| {
            let counts: HashMap<i64, i64> = client
                .query(
                    "SELECT key, units FROM tandem_keys WHERE key = ANY($1)",
                    &[&keys],
                )?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let mut rare = keys.clone();
            rare.sort_by_key(|k| (counts.get(k).copied().unwrap_or(0), *k));
            let mut units = 0;
            let mut first_keys = 0;
            for key in &rare {
                let count = counts.get(key).copied().unwrap_or(0);
                if first_keys > 0 && units + count > FIRST_ROUND_UNITS {
                    break;
                }
                units += count;
                first_keys += 1;
            }
            let first_keys = first_keys.min(needed(min));
            let rows = candidates(client, &rare[..first_keys])?;
            Ok((rare, first_keys, rows))
        })?;
        let found = score(&first);
        let threshold = match found.get(query.limit.saturating_sub(1)) {
            Some(last) if found.len() >= query.limit => (f32::from(last.score) / 100.0).max(min),
            _ => min,
        };
        let all_keys = needed(threshold);
        let mut out = if all_keys > first_keys {
            let rows = self.with_client(self.read_error(), |client| {
                candidates(client, &rare[..all_keys])
            })?;
            score(&rows)
        } else {
            found
        };
        out.truncate(query.limit);
        Ok(out)
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        let text = text.trim();
        if text.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let pattern = like_pattern(text);
        let fetch = (limit * 4).min(2_000) as i64;
        let rows = self.with_client(self.read_error(), |client| {
            client.query(
                &format!(
                    "SELECT {COLUMNS} FROM tandem_units WHERE source ILIKE $1 OR target ILIKE $1 \
                     ORDER BY changed DESC, id DESC LIMIT $2"
                ),
                &[&pattern, &fetch],
            )
        })?;
        Ok(rows
            .iter()
            .filter_map(|row| hit(unit_from(row), text, &self.name))
            .take(limit)
            .collect())
    }

    fn write(&self, units: &[Unit]) -> Result<WriteReport, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly(format!(
                "{} (this user may only read it; writing needs membership in tandem_translators)",
                self.location
            )));
        }
        let error = |message| StoreError::Write {
            path: self.location.clone(),
            message,
        };
        self.with_client(error, |client| {
            let mut report = WriteReport::default();
            let mut transaction = client.transaction()?;
            let keyed = transaction.prepare(
                "INSERT INTO tandem_units (source, target, previous, next, key, document, author, tool, keys) \
                 VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, session_user), $8, $9) \
                 ON CONFLICT (key) DO UPDATE SET source = EXCLUDED.source, target = EXCLUDED.target, \
                 previous = EXCLUDED.previous, next = EXCLUDED.next, document = EXCLUDED.document, \
                 author = EXCLUDED.author, tool = EXCLUDED.tool, changed = now(), keys = EXCLUDED.keys \
                 WHERE (tandem_units.source, tandem_units.target) \
                 IS DISTINCT FROM (EXCLUDED.source, EXCLUDED.target) \
                 RETURNING (xmax = 0)",
            )?;
            let plain = transaction.prepare(
                "INSERT INTO tandem_units (source, target, previous, next, key, document, author, tool, keys) \
                 VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, session_user), $8, $9) \
                 ON CONFLICT (md5(source || chr(31) || target)) WHERE key IS NULL DO NOTHING \
                 RETURNING true",
            )?;
            // Units per key among the rows written, added to the counts at the end, in the
            // keys' order (two writers then lock the counts' rows in the same order).
            let mut counted: HashMap<i64, i64> = HashMap::new();
            for unit in units {
                let p = &unit.provenance;
                let keys = keys_of(&unit.source);
                let statement = if unit.key.is_some() { &keyed } else { &plain };
                let row = transaction.query_opt(
                    statement,
                    &[
                        &unit.source,
                        &unit.target,
                        &unit.previous,
                        &unit.next,
                        &unit.key,
                        &p.document,
                        &p.author,
                        &p.tool,
                        &keys,
                    ],
                )?;
                match row.map(|r| r.get::<_, bool>(0)) {
                    Some(true) => report.added += 1,
                    Some(false) => report.updated += 1,
                    None => {
                        report.unchanged += 1;
                        continue;
                    }
                }
                for key in keys {
                    *counted.entry(key).or_default() += 1;
                }
            }
            if !counted.is_empty() {
                let mut counted: Vec<(i64, i64)> = counted.into_iter().collect();
                counted.sort_unstable();
                let (keys, counts): (Vec<i64>, Vec<i64>) = counted.into_iter().unzip();
                transaction.execute(
                    "INSERT INTO tandem_keys (key, units) \
                     SELECT * FROM unnest($1::bigint[], $2::bigint[]) ORDER BY 1 \
                     ON CONFLICT (key) DO UPDATE SET units = tandem_keys.units + EXCLUDED.units",
                    &[&keys, &counts],
                )?;
            }
            transaction.commit()?;
            Ok(report)
        })
    }

    fn for_each(&self, each: &mut dyn FnMut(Unit) -> bool) -> Result<(), StoreError> {
        let mut after: i64 = 0;
        loop {
            let rows = self.with_client(self.read_error(), |client| {
                client.query(
                    &format!(
                        "SELECT {COLUMNS} FROM tandem_units WHERE id > $1 ORDER BY id LIMIT 5000"
                    ),
                    &[&after],
                )
            })?;
            let Some(last) = rows.last() else {
                return Ok(());
            };
            after = last.get(0);
            for row in &rows {
                if !each(unit_from(row)) {
                    return Ok(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_hide_the_password_and_pgpass_lines_split() {
        assert_eq!(
            shown_location("postgres://anna:geheim@db.example:5432/news?sslmode=prefer"),
            "postgres://anna@db.example:5432/news?sslmode=prefer"
        );
        assert_eq!(
            shown_location("postgresql://db.example/news"),
            "postgresql://db.example/news"
        );
        assert_eq!(
            pgpass_fields(r"db:5432:*:anna:ge\:heim"),
            ["db", "5432", "*", "anna", "ge:heim"]
        );
        assert_eq!(like_pattern("50%_a"), "%50\\%\\_a%");
        assert!(is_server("postgres://x/y") && !is_server("main.memory"));
    }
}
