//! A team's memory and glossary on a PostgreSQL server: every translator's confirmed segments
//! and terms in tables that all workbenches read and write at once.
//!
//! - [`schema`]: Tandem's tables, created and migrated by [`init`] (`tandem server init
//!   URL`) in numbered steps; a server whose schema is newer than this Tandem knows is
//!   refused, not written to. [`status`] shows what a server holds.
//! - [`memory`]: [`ServerMemory`], the translation memory.
//! - [`glossary`]: [`ServerGlossary`], the team's terms with a version each (two translators
//!   changing one term get a conflict, never a silent overwrite) and the notifications
//!   (`LISTEN/NOTIFY`) that bring one translator's change to every open workbench.
//! - This file: addresses, passwords and connections.
//!
//! Permissions are PostgreSQL's: `init` creates the group roles `tandem_translators` (read
//! and write) and `tandem_readers` (read only); a refused write says so. The password comes
//! from the URL, `PGPASSWORD`, or `~/.pgpass` (owner-only, as libpq requires), never from a
//! project file. Connections are encrypted with TLS as libpq's `sslmode` says ([`tls`]:
//! `prefer` by default, `verify-full` to check the server's certificate and name).

pub mod glossary;
pub mod memory;
pub mod schema;
mod tls;

pub use glossary::{
    Heard, Listener, RemoteTerm, ServerGlossary, TermWrite, Written, fresh_id, fresh_revision,
};
pub use memory::ServerMemory;
pub use schema::{MIGRATIONS, Migrated, SCHEMA_VERSION, Status, init, status};

use super::StoreError;
use postgres::error::SqlState;
use postgres::{Client, Config};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long a [`Listener`] waits before trying a lost server again.
const RETRY_LISTEN: Duration = Duration::from_secs(2);

/// How long connecting may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether a memory location names a server (`postgres://…` or `postgresql://…`).
pub fn is_server(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// A connection's settings with the password filled in from the environment or `~/.pgpass`,
/// and the location shown to people (without the password).
fn config(url: &str) -> Result<(Settings, String), StoreError> {
    let shown = shown_location(url);
    let (url, tls) = tls::split(url);
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
    Ok((Settings { config, tls }, shown))
}

/// What a connection is made with: the driver's settings and the TLS ones.
pub(crate) struct Settings {
    config: Config,
    tls: tls::Tls,
}

/// The database an address names (`news` in `postgres://anna@db/news?sslmode=require`).
pub fn database_name(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let (_, path) = rest.split_once('/')?;
    let database = path.split('?').next()?;
    (!database.is_empty()).then(|| database.to_string())
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

fn connect(settings: &Settings, shown: &str) -> Result<Client, StoreError> {
    let connector = tls::connector(&settings.tls).map_err(|message| StoreError::Open {
        path: shown.to_string(),
        message,
    })?;
    settings.config.connect(connector).map_err(|e| {
        let path = shown.to_string();
        let message = describe(&e);
        // The server said no (a login, a database): not a matter of trying again.
        if e.as_db_error().is_some() || message.contains("TLS") || message.contains("certificate") {
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
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        text = format!("{text}: {inner}");
        cause = inner.source();
    }
    if text.contains("does not support TLS") {
        return format!(
            "the server offers no TLS ({text}); ask its administrator to switch ssl on, or use sslmode=prefer on a trusted network"
        );
    }
    if text.contains("TLS") || text.contains("certificate") {
        return format!(
            "the server's certificate was not accepted ({text}); name the root certificate that signed it with sslrootcert=FILE in the address, or use sslmode=require to encrypt without checking the server"
        );
    }
    if error.is_closed() || text.contains("error connecting") || text.contains("timed out") {
        return format!("the server cannot be reached ({text})");
    }
    text
}

/// A connection to a server with Tandem's schema, made again when the server dropped it.
pub(crate) struct Connection {
    location: String,
    config: Settings,
    client: Mutex<Client>,
}

impl Connection {
    /// Connects to `url` and checks that its schema is the one this Tandem writes.
    pub(crate) fn open(url: &str) -> Result<Connection, StoreError> {
        let (config, shown) = config(url)?;
        let mut client = connect(&config, &shown)?;
        schema::check(&mut client, &shown)?;
        Ok(Connection {
            location: shown,
            config,
            client: Mutex::new(client),
        })
    }

    /// The address without its password.
    pub(crate) fn location(&self) -> &str {
        &self.location
    }

    /// The database's name (the memory's and glossary's name in the window).
    pub(crate) fn database(&self) -> String {
        self.config
            .config
            .get_dbname()
            .map_or_else(|| "server".to_string(), str::to_string)
    }

    /// The connection, made again when the server dropped it (restarted, network back).
    pub(crate) fn client(&self) -> Result<MutexGuard<'_, Client>, StoreError> {
        let mut client = self.client.lock().unwrap_or_else(|e| e.into_inner());
        if client.is_closed() {
            *client = connect(&self.config, &self.location)?;
        }
        Ok(client)
    }

    /// Runs `work` on the connection; once more on a fresh connection if the old one turns
    /// out to be gone.
    pub(crate) fn with_client<T>(
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

    pub(crate) fn read_error(&self) -> impl Fn(String) -> StoreError + '_ {
        |message| StoreError::Read {
            path: self.location.clone(),
            message,
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
        assert!(is_server("postgres://x/y") && !is_server("main.memory"));
        assert_eq!(
            database_name("postgres://anna:pw@db:5432/news?sslmode=require").as_deref(),
            Some("news")
        );
        assert_eq!(database_name("postgres://anna@db:5432"), None);
    }
}
