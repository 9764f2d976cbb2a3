//! The team's translation memory on the server ([`ServerMemory`]).
//!
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

use super::Connection;
use crate::memory::score::similarity;
use crate::memory::text::{content_keys, tokens};
use crate::memory::{Match, Provenance, Unit, rank};
use crate::stores::{Hit, MemoryStore, Query, Stats, StoreError, WriteReport, hit};
use postgres::{Client, Row};
use std::collections::HashMap;

/// Candidates (those sharing the most words) scored per lookup.
const CANDIDATES: i64 = 40;
/// How many units the first round of a lookup may ask for, by the key counts.
const FIRST_ROUND_UNITS: i64 = 500;

const COLUMNS: &str = "id, source, target, previous, next, key, document, author, tool, \
    to_char(changed AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"')";

/// A memory on a PostgreSQL server.
pub struct ServerMemory {
    name: String,
    connection: Connection,
    read_only: bool,
}

impl ServerMemory {
    /// Connects to the memory at `url`; refuses a server without Tandem's schema (run
    /// [`super::init`]), or with an older or newer one.
    pub fn open(url: &str) -> Result<ServerMemory, StoreError> {
        let connection = Connection::open(url)?;
        let read_only = !connection.with_client(connection.read_error(), |client| {
            Ok(client
                .query_one("SELECT has_table_privilege('tandem_units', 'INSERT')", &[])?
                .get::<_, bool>(0))
        })?;
        Ok(ServerMemory {
            name: connection.database(),
            connection,
            read_only,
        })
    }

    /// Units written after change `seq` (0: from the first), in the order of their changes,
    /// at most `limit`, each with its change's number.
    pub fn changes_since(&self, seq: i64, limit: i64) -> Result<Vec<(i64, Unit)>, StoreError> {
        let rows = self.with_client(self.read_error(), |client| {
            client.query(
                &format!(
                    "SELECT {COLUMNS}, seq FROM tandem_units WHERE seq > $1 ORDER BY seq LIMIT $2"
                ),
                &[&seq, &limit],
            )
        })?;
        Ok(rows.iter().map(|r| (r.get(10), unit_from(r))).collect())
    }

    /// What a copy of this memory checks before following it: the memory's identity (made by
    /// `init`; another database has another) and the number of its last change (lower than
    /// a copy's after the server was restored from a backup).
    pub fn copy_check(&self) -> Result<(String, i64), StoreError> {
        self.with_client(self.read_error(), |client| {
            let row = client.query_one(
                "SELECT (SELECT value FROM tandem_meta WHERE key = 'id'), \
                 (SELECT coalesce(max(seq), 0) FROM tandem_units)",
                &[],
            )?;
            Ok((
                row.get::<_, Option<String>>(0).unwrap_or_default(),
                row.get(1),
            ))
        })
    }

    fn with_client<T>(
        &self,
        error: impl Fn(String) -> StoreError,
        work: impl FnMut(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        self.connection.with_client(error, work)
    }

    fn read_error(&self) -> impl Fn(String) -> StoreError + '_ {
        self.connection.read_error()
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
            location: self.connection.location().to_string(),
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
                self.connection.location()
            )));
        }
        let error = |message| StoreError::Write {
            path: self.connection.location().to_string(),
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
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_a"), "%50\\%\\_a%");
    }
}
