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
use std::path::{Path, PathBuf};
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
    let (url, passfile) = take_parameter(url, "passfile");
    let (url, tls) = tls::split(&url);
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
        } else if let Some(password) = passfile
            .map(|f| PathBuf::from(tls::percent_decode(&f)))
            .and_then(|file| pgpass(&config, &file))
            .or_else(|| pgpass(&config, &default_pgpass()?))
        {
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
    let path = UrlParts::of(url)?.rest.strip_prefix('/')?;
    let database = path.split('?').next()?;
    (!database.is_empty()).then(|| database.to_string())
}

/// `url` without the query parameter `name`, and that parameter's value.
fn take_parameter(url: &str, name: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut value = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| match pair.split_once('=') {
            Some((key, v)) if key == name => {
                value = Some(v.to_string());
                false
            }
            _ => !pair.is_empty(),
        })
        .collect();
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, value)
}

/// The password written in `url` (`postgres://anna:geheim@host/db`), if any.
pub fn url_password(url: &str) -> Option<String> {
    let (_, password) = UrlParts::of(url)?.user?.split_once(':')?;
    Some(tls::percent_decode(password))
}

/// An address's parts: `postgres`, `anna:geheim` (if any), `db:5432`, `/news?…`.
struct UrlParts<'a> {
    scheme: &'a str,
    user: Option<&'a str>,
    host: &'a str,
    rest: &'a str,
}

impl UrlParts<'_> {
    fn of(url: &str) -> Option<UrlParts<'_>> {
        let (scheme, after) = url.split_once("://")?;
        let (authority, rest) = after.split_at(after.find(['/', '?']).unwrap_or(after.len()));
        let (user, host) = match authority.rsplit_once('@') {
            Some((user, host)) => (Some(user), host),
            None => (None, authority),
        };
        Some(UrlParts {
            scheme,
            user,
            host,
            rest,
        })
    }
}

/// `url` with the password file Tandem keeps (`passfile`, as libpq calls it): asked for the
/// password after the URL and `PGPASSWORD`, before `~/.pgpass`.
pub fn with_password_file(url: &str, file: &Path) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!(
        "{url}{separator}passfile={}",
        tls::percent_encode(&file.to_string_lossy())
    )
}

/// The URL without its password (and without the password file's name).
pub fn shown_location(url: &str) -> String {
    let (url, _) = take_parameter(url, "passfile");
    match UrlParts::of(&url) {
        Some(UrlParts {
            scheme,
            user: Some(user),
            host,
            rest,
        }) => {
            let user = user.split(':').next().unwrap_or(user);
            format!("{scheme}://{user}@{host}{rest}")
        }
        _ => url,
    }
}

/// `PGPASSFILE`, else `~/.pgpass`.
fn default_pgpass() -> Option<PathBuf> {
    std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))
}

/// What a password file line names for a connection: host, port, database, user.
fn pgpass_key(config: &Config) -> [String; 4] {
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
    let user = config.get_user().unwrap_or("").to_string();
    let database = config.get_dbname().unwrap_or(&user).to_string();
    [host, port, database, user]
}

/// The password a password file (`~/.pgpass` format) gives for a connection, as libpq reads
/// it: `host:port:database:user:password` lines, `*` for any, only from a file that only its
/// owner may read.
fn pgpass(config: &Config, file: &Path) -> Option<String> {
    if crate::fsio::readable_by_others(file) {
        return None;
    }
    let text = String::from_utf8(crate::fsio::read_input(file, 1 << 20).ok()?).ok()?;
    let wanted = pgpass_key(config);
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            if fields.len() != 5 {
                return None;
            }
            let fits = fields[..4]
                .iter()
                .zip(&wanted)
                .all(|(field, value)| field == "*" || field == value);
            fits.then(|| fields[4].clone())
        })
}

/// Keeps `password` for the server and user of `url` in the password file `file` (or, with
/// `None`, forgets it), written owner-only; other lines stay.
pub fn store_password(file: &Path, url: &str, password: Option<&str>) -> Result<(), StoreError> {
    let failed = |message: String| StoreError::Write {
        path: file.display().to_string(),
        message,
    };
    let (bare, _) = tls::split(&shown_location(url));
    let config: Config = bare
        .parse()
        .map_err(|e| failed(format!("not a usable server address: {e}")))?;
    let key = pgpass_key(&config);
    let text = match std::fs::read(file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(failed(e.to_string())),
    };
    let escape = |field: &str| field.replace('\\', "\\\\").replace(':', "\\:");
    let mut lines: Vec<String> = text
        .lines()
        .filter(|line| {
            let fields = pgpass_fields(line);
            fields.len() != 5 || fields[..4] != key[..]
        })
        .map(str::to_string)
        .collect();
    if let Some(password) = password {
        let mut fields: Vec<String> = key.iter().map(|f| escape(f)).collect();
        fields.push(escape(password));
        lines.push(fields.join(":"));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    crate::fsio::write_private(file, out.as_bytes()).map_err(|e| failed(e.to_string()))
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
                "the server refused the login ({}); check the user name and the password (typed in Memory ▸ Translation memories, PGPASSWORD or ~/.pgpass)",
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
    if text.contains("password missing") {
        return "the server asks for a password and none was given; type it in Memory ▸ Translation memories, or set PGPASSWORD or ~/.pgpass".into();
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
        assert_eq!(
            url_password("postgres://anna:ge%40heim@db/news?sslmode=require").as_deref(),
            Some("ge@heim")
        );
        assert_eq!(url_password("postgres://anna@db/news"), None);
    }

    #[test]
    fn passwords_kept_in_tandems_password_file_are_found_for_their_server_only() {
        let dir = std::env::temp_dir().join(format!("tandem-passfile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("pg pass");
        std::fs::write(&file, "# kept\nother:5432:*:ben:b-pw\n").unwrap();
        let url = "postgres://anna@db.example/news?sslmode=prefer";
        store_password(&file, url, Some("ge:heim\\1")).unwrap();
        store_password(
            &file,
            "postgres://anna:typed@db.example/news",
            Some("neu:1"),
        )
        .unwrap();
        assert!(!crate::fsio::readable_by_others(&file));
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            text,
            "# kept\nother:5432:*:ben:b-pw\ndb.example:5432:news:anna:neu\\:1\n"
        );
        let connect = with_password_file(url, &file);
        assert!(
            connect.contains("passfile=") && connect.contains("pg%20pass"),
            "{connect}"
        );
        assert_eq!(shown_location(&connect), url);
        assert_eq!(
            shown_location(&with_password_file("postgres://h/d", &file)),
            "postgres://h/d"
        );
        let (settings, shown) = config(&connect).unwrap();
        assert_eq!(shown, url);
        assert_eq!(settings.config.get_password(), Some(&b"neu:1"[..]));
        // Another user of the server has none here (nor PGPASSWORD in these tests).
        if std::env::var_os("PGPASSWORD").is_none() && std::env::var_os("PGPASSFILE").is_none() {
            let (settings, _) = config(&with_password_file(
                "postgres://rita@db.example/news",
                &file,
            ))
            .unwrap();
            assert_eq!(settings.config.get_password(), None);
        }
        store_password(&file, url, None).unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "# kept\nother:5432:*:ben:b-pw\n"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
