//! `tandem server …`: a team's shared memory and glossary on a PostgreSQL server.

use super::CliResult;
use crate::stores::server::{self, SCHEMA_VERSION};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum ServerCommand {
    /// Create Tandem's schema on a server (needs a user that may create tables and roles),
    /// or migrate it to this Tandem's version; refuses a newer one.
    Init {
        /// `postgres://user@host/database` (the password from PGPASSWORD or ~/.pgpass).
        url: String,
    },
    /// The server's version, the schema's version, the units and terms held and what this user may do.
    Status {
        url: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: ServerCommand) -> CliResult {
    match command {
        ServerCommand::Init { url } => {
            let url = crate::workbench::memory::team_connection(&url);
            let migrated = server::init(&url).map_err(|e| e.to_string())?;
            if migrated.from == migrated.to {
                outln!("the schema is at version {} already", migrated.to);
            } else if migrated.from == 0 {
                outln!("created Tandem's schema, version {}", migrated.to);
            } else {
                outln!(
                    "migrated the schema from version {} to {}",
                    migrated.from,
                    migrated.to
                );
            }
            Ok(())
        }
        ServerCommand::Status { url, json } => {
            let url = crate::workbench::memory::team_connection(&url);
            let status = server::status(&url).map_err(|e| e.to_string())?;
            if json {
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&status).map_err(|e| e.to_string())?
                );
                return Ok(());
            }
            outln!(
                "server      {} (PostgreSQL {})",
                status.location,
                status.server_version
            );
            match status.schema_version {
                0 => outln!("schema      none yet: run `tandem server init URL`"),
                v if v > SCHEMA_VERSION => {
                    outln!("schema      version {v}, newer than this Tandem ({SCHEMA_VERSION})")
                }
                v => outln!("schema      version {v}"),
            }
            outln!("units       {}", status.units);
            outln!("terms       {}", status.terms);
            outln!(
                "user        {} ({})",
                status.user,
                if status.can_write {
                    "reads and writes"
                } else {
                    "reads only"
                }
            );
            outln!(
                "connection  {}",
                if status.encrypted {
                    "encrypted (TLS)"
                } else {
                    "not encrypted"
                }
            );
            Ok(())
        }
    }
}
