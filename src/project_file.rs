//! The project file: one JSON document (`*.tandem`) with a format tag and version.
//!
//! Saving is atomic: the JSON goes to a temporary file in the same folder, is flushed to disk,
//! the previous file is kept as `*.bak`, and the temporary file is renamed over the project.
//! Loading checks the format tag and version before reading the rest, and every error names
//! the file and, for JSON errors, the line and column. Loading never writes.

use crate::glossary::Glossary;
use crate::model::{Document, GlossarySettings, Languages, Project};
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

pub const FORMAT: &str = "tandem-project";
pub const VERSION: u32 = 1;
pub const EXTENSION: &str = "tandem";

#[derive(Debug, Error)]
pub enum ProjectFileError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: line {line}, column {column}: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: not a Tandem project (format is {found:?}, expected \"{FORMAT}\")")]
    Foreign { path: PathBuf, found: String },
    #[error(
        "{path}: written by a newer Tandem (project version {found}; this version reads up to {VERSION})"
    )]
    TooNew { path: PathBuf, found: u64 },
}

/// The file's fields, written out rather than flattened: serde's `flatten` buffers the whole
/// document and would make loading several times slower.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    languages: &'a Languages,
    glossaries: &'a GlossarySettings,
    glossary: &'a Glossary,
    next_id: u64,
    document: &'a Document,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
}

#[derive(Deserialize)]
struct FileIn {
    #[serde(default)]
    languages: Languages,
    #[serde(default)]
    glossaries: GlossarySettings,
    #[serde(default)]
    glossary: Glossary,
    #[serde(default)]
    next_id: u64,
    document: Document,
}

pub fn to_json(project: &Project) -> String {
    let file = FileOut {
        format: FORMAT,
        version: VERSION,
        languages: &project.languages,
        glossaries: &project.glossaries,
        glossary: &project.glossary,
        next_id: project.next_id,
        document: &project.document,
    };
    let mut json = serde_json::to_string_pretty(&file).expect("a project always serialises");
    json.push('\n');
    json
}

/// Parses project JSON; `path` is only used in error messages.
pub fn from_json(text: &str, path: &Path) -> Result<Project, ProjectFileError> {
    let json_error = |e: serde_json::Error| ProjectFileError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    };
    let header: Header = serde_json::from_str(text).map_err(json_error)?;
    match header.format.as_deref() {
        Some(FORMAT) => {}
        other => {
            return Err(ProjectFileError::Foreign {
                path: path.to_path_buf(),
                found: other.unwrap_or("missing").to_string(),
            });
        }
    }
    match header.version {
        Some(v) if v <= u64::from(VERSION) && v >= 1 => {}
        Some(found) => {
            return Err(ProjectFileError::TooNew {
                path: path.to_path_buf(),
                found,
            });
        }
        None => {
            return Err(ProjectFileError::Foreign {
                path: path.to_path_buf(),
                found: format!("{FORMAT} without a version"),
            });
        }
    }
    let file: FileIn = serde_json::from_str(text).map_err(json_error)?;
    let mut project = Project {
        languages: file.languages,
        document: file.document,
        glossaries: file.glossaries,
        glossary: file.glossary,
        next_id: file.next_id,
    };
    // A hand-edited file may carry a counter behind its ids; never hand out an id twice.
    let highest = project.segments().map(|s| s.id.0).max().unwrap_or(0);
    project.next_id = project.next_id.max(highest + 1);
    project.glossary.repair_next_id();
    Ok(project)
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

pub fn load(path: &Path) -> Result<Project, ProjectFileError> {
    let io_error = |source| ProjectFileError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = fs::read(path).map_err(io_error)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        io_error(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        ))
    })?;
    from_json(&text, path)
}

/// Writes the project atomically; the previous version of the file is kept as `<name>.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    write_atomic(path, to_json(project).as_bytes(), true).map_err(|source| ProjectFileError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `bytes` to `path` through a temporary file in the same folder, fsync and rename.
/// With `keep_backup`, an existing file is copied to `<path>.bak` first.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        if keep_backup && path.exists() {
            let mut bak = path.as_os_str().to_owned();
            bak.push(".bak");
            fs::copy(path, PathBuf::from(bak))?;
        }
        fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        if let Ok(dir) = File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::import_article;
    use crate::segment::Segmenter;

    fn sample() -> Project {
        let text = " date 2024-06 Titel\n\nEins. Zwei.\n\n© AFP\n";
        let imported = import_article(text.as_bytes(), None, &Segmenter::german()).unwrap();
        Project::from_document(imported.document)
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tandem-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn save_and_load_round_trip_and_keep_a_backup() {
        let dir = temp_dir("roundtrip");
        let path = dir.join("a.tandem");
        let mut project = sample();
        save(&project, &path).unwrap();
        assert_eq!(load(&path).unwrap(), project);
        project.document.blocks[1].segments[0].target = "One.".into();
        save(&project, &path).unwrap();
        assert_eq!(load(&path).unwrap(), project);
        let backup = load(&dir.join("a.tandem.bak")).unwrap();
        assert_eq!(backup.document.blocks[1].segments[0].target, "");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn damaged_foreign_and_newer_files_are_refused_with_a_position() {
        let path = Path::new("x.tandem");
        let json = to_json(&sample());
        let cut = &json[..json.len() / 2];
        let error = from_json(cut, path).unwrap_err().to_string();
        assert!(error.starts_with("x.tandem: line "), "{error}");
        let error = from_json("{\"format\": \"other\"}", path).unwrap_err();
        assert!(matches!(error, ProjectFileError::Foreign { .. }), "{error}");
        let newer = json.replace("\"version\": 1", "\"version\": 2");
        let error = from_json(&newer, path).unwrap_err();
        assert!(matches!(error, ProjectFileError::TooNew { found: 2, .. }));
        let wrong = json.replace("\"status\": \"new\"", "\"status\": \"perfect\"");
        let error = from_json(&wrong, path).unwrap_err().to_string();
        assert!(
            error.contains("perfect") && error.contains("line"),
            "{error}"
        );
    }

    #[test]
    fn a_file_that_does_not_exist_names_itself() {
        let error = load(Path::new("/nonexistent/p.tandem")).unwrap_err();
        assert!(error.to_string().starts_with("/nonexistent/p.tandem: "));
    }
}
