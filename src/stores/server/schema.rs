//! Tandem's tables on a server: the numbered migrations that create them, [`init`] that
//! applies them, [`status`] that shows what a server holds, and the check every connection
//! makes that the schema is the one this Tandem writes.

use super::{config, connect, describe};
use crate::stores::StoreError;
use postgres::GenericClient;

/// The schema version this Tandem writes and reads.
pub const SCHEMA_VERSION: i32 = 3;

/// The schema's steps: `MIGRATIONS[n]` takes a database from version `n` to `n + 1`.
pub const MIGRATIONS: [&str; 3] = [
    r#"
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
"#,
    r#"
CREATE TABLE tandem_terms (
    id bigint PRIMARY KEY,
    source text NOT NULL,
    targets text[] NOT NULL,
    kind text NOT NULL DEFAULT 'other',
    note text NOT NULL DEFAULT '',
    forms text[] NOT NULL DEFAULT '{}',
    forbidden text[] NOT NULL DEFAULT '{}',
    deleted boolean NOT NULL DEFAULT false,
    rev bigint NOT NULL,
    author text NOT NULL DEFAULT session_user,
    changed timestamptz NOT NULL DEFAULT now(),
    seq bigint NOT NULL
);
CREATE SEQUENCE tandem_term_changes;
CREATE INDEX tandem_terms_seq ON tandem_terms (seq);
CREATE FUNCTION tandem_term_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.seq := nextval('tandem_term_changes');
    NEW.changed := now();
    NEW.author := session_user;
    PERFORM pg_notify('tandem_terms', NEW.seq::text);
    RETURN NEW;
END $$;
CREATE TRIGGER tandem_term_changed BEFORE INSERT OR UPDATE ON tandem_terms
    FOR EACH ROW EXECUTE FUNCTION tandem_term_changed();
GRANT SELECT ON tandem_terms TO tandem_readers, tandem_translators;
GRANT INSERT, UPDATE ON tandem_terms TO tandem_translators;
GRANT USAGE ON SEQUENCE tandem_term_changes TO tandem_translators;
"#,
    r#"
INSERT INTO tandem_meta VALUES ('id', md5(random()::text || clock_timestamp()::text));
CREATE SEQUENCE tandem_unit_changes;
ALTER TABLE tandem_units ADD COLUMN seq bigint;
UPDATE tandem_units SET seq = nextval('tandem_unit_changes');
ALTER TABLE tandem_units ALTER COLUMN seq SET NOT NULL;
CREATE INDEX tandem_units_seq ON tandem_units (seq);
CREATE FUNCTION tandem_unit_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.seq := nextval('tandem_unit_changes');
    RETURN NEW;
END $$;
CREATE TRIGGER tandem_unit_changed BEFORE INSERT OR UPDATE ON tandem_units
    FOR EACH ROW EXECUTE FUNCTION tandem_unit_changed();
GRANT USAGE ON SEQUENCE tandem_unit_changes TO tandem_translators;
"#,
];

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
    /// Terms in the team glossary (0 before schema version 2).
    pub terms: i64,
    pub user: String,
    pub can_write: bool,
    /// The connection is encrypted (TLS).
    pub encrypted: bool,
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
    let encrypted: bool = client
        .query_opt(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .map_err(fail)?
        .is_some_and(|row| row.get(0));
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
    let terms = if schema_version >= 2 {
        client
            .query_one("SELECT count(*) FROM tandem_terms WHERE NOT deleted", &[])
            .map_err(fail)?
            .get(0)
    } else {
        0
    };
    Ok(Status {
        location: shown,
        server_version,
        schema_version,
        units,
        terms,
        user,
        can_write,
        encrypted,
    })
}

/// Refuses a server without Tandem's schema (run [`init`]), or with an older or newer one.
pub(super) fn check(client: &mut impl GenericClient, shown: &str) -> Result<(), StoreError> {
    let version = schema_version(client).map_err(|e| StoreError::Open {
        path: shown.to_string(),
        message: describe(&e),
    })?;
    let open = |message: String| StoreError::Open {
        path: shown.to_string(),
        message,
    };
    if version == 0 {
        return Err(open(
            "the server has no Tandem memory yet; create it with `tandem server init URL`".into(),
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(newer(shown, version));
    }
    if version < SCHEMA_VERSION {
        return Err(open(format!(
            "the server's memory has schema version {version}; bring it to {SCHEMA_VERSION} with `tandem server init URL`"
        )));
    }
    Ok(())
}
