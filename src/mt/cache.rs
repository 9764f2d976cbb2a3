//! Every machine translation, kept: per engine (its kind, URL, model and English variant),
//! source text and glossary version, in an SQLite file in Tandem's data folder, so moving
//! back and forth or reopening a project never pays for a sentence twice. Context sentences
//! are not part of the key: the same sentence elsewhere reuses its translation.

use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::Mutex;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    terms INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (engine, terms, source)
);
";

pub struct MtCache {
    connection: Mutex<Connection>,
}

impl MtCache {
    /// Opens (or creates) the cache file.
    pub fn open(path: &Path) -> Result<MtCache, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let connection = Connection::open(path)
            .and_then(|c| {
                c.busy_timeout(std::time::Duration::from_secs(5))?;
                c.pragma_update(None, "journal_mode", "WAL")?;
                c.execute_batch(SCHEMA)?;
                Ok(c)
            })
            .map_err(|e| format!("machine translation cache {}: {e}", path.display()))?;
        Ok(MtCache {
            connection: Mutex::new(connection),
        })
    }

    /// A cache that lives as long as the process (tests, the command line without a data
    /// folder).
    pub fn in_memory() -> MtCache {
        let connection = Connection::open_in_memory().expect("an in-memory database opens");
        connection
            .execute_batch(SCHEMA)
            .expect("the schema is valid");
        MtCache {
            connection: Mutex::new(connection),
        }
    }

    pub fn get(&self, engine: &str, terms: u64, source: &str) -> Option<String> {
        let connection = self.connection.lock().ok()?;
        connection
            .query_row(
                "SELECT target FROM translations WHERE engine = ?1 AND terms = ?2 AND source = ?3",
                params![engine, terms as i64, source],
                |row| row.get(0),
            )
            .optional()
            .ok()
            .flatten()
    }

    /// Keeps a translation; a failure to write only costs a later request.
    pub fn put(&self, engine: &str, terms: u64, source: &str, target: &str) {
        if let Ok(connection) = self.connection.lock() {
            let _ = connection.execute(
                "INSERT OR REPLACE INTO translations (engine, terms, source, target, created) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    engine,
                    terms as i64,
                    source,
                    target,
                    crate::base::time::utc_now(false)
                ],
            );
        }
    }

    /// How many translations are kept.
    pub fn len(&self) -> usize {
        self.connection
            .lock()
            .ok()
            .and_then(|c| {
                c.query_row("SELECT COUNT(*) FROM translations", [], |r| {
                    r.get::<_, i64>(0)
                })
                .ok()
            })
            .unwrap_or(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_survive_reopening_and_are_keyed_by_engine_and_terms() {
        let dir = std::env::temp_dir().join(format!("tandem-mtcache-{}", std::process::id()));
        let path = dir.join("mt-cache.sqlite");
        {
            let cache = MtCache::open(&path).unwrap();
            cache.put("deepl|x|en-US", 7, "Hallo.", "Hello.");
        }
        let cache = MtCache::open(&path).unwrap();
        assert_eq!(
            cache.get("deepl|x|en-US", 7, "Hallo.").as_deref(),
            Some("Hello.")
        );
        assert_eq!(cache.get("deepl|x|en-US", 8, "Hallo."), None);
        assert_eq!(cache.get("deepl|x|en-GB", 7, "Hallo."), None);
        assert_eq!(cache.len(), 1);
        drop(cache);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
