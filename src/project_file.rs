//! The project file: one JSON document (`*.tandem`) with a format tag and version.
//!
//! Saving is atomic ([`crate::fsio::write_atomic`]): the JSON goes to a temporary file in the
//! same folder, is flushed to disk, the previous file becomes `*.bak` (itself atomically), and
//! the temporary file is renamed over the project.
//!
//! Loading checks the format tag and version before reading the rest, and every error names
//! the file and, for JSON errors, the line and column. A byte-order mark is accepted. Ids that
//! a hand edit or damage made inconsistent (duplicates, ids beyond [`MAX_ID`], a counter
//! behind the ids) are repaired, and the repairs come back as diagnostics. Loading never
//! writes.

use crate::base::{Diagnostic, MAX_ID};
use crate::fsio::{self, Backup, InputError};
use crate::glossary::Glossary;
use crate::model::{
    Document, GlossarySettings, Languages, MachineSettings, MemorySettings, Project, QaSettings,
};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};
use thiserror::Error;

pub const FORMAT: &str = "tandem-project";
pub const VERSION: u32 = 1;
pub const EXTENSION: &str = "tandem";

/// Largest project file Tandem loads; a project of the largest article is a tenth of it.
pub const MAX_PROJECT_BYTES: u64 = 1024 * 1024 * 1024;

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
    #[error(
        "{path}: project version {found} does not exist (versions start at 1); the file is damaged"
    )]
    BadVersion { path: PathBuf, found: u64 },
}

/// A project read from a file, with what loading repaired.
#[derive(Debug)]
pub struct Loaded {
    pub project: Project,
    pub diagnostics: Vec<Diagnostic>,
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
    #[serde(skip_serializing_if = "is_default")]
    memory: MemorySettings,
    #[serde(skip_serializing_if = "is_default")]
    machine: MachineSettings,
    #[serde(skip_serializing_if = "QaSettings::is_empty")]
    qa: &'a QaSettings,
    next_id: u64,
    document: &'a Document,
}

fn is_default<T: Default + PartialEq>(settings: &T) -> bool {
    *settings == T::default()
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
    memory: MemorySettings,
    #[serde(default)]
    machine: MachineSettings,
    #[serde(default)]
    qa: QaSettings,
    #[serde(default)]
    next_id: u64,
    document: Document,
}

/// The project as JSON, glossary file names as they are in memory.
pub fn to_json(project: &Project) -> String {
    to_json_with(project, &project.glossaries, project.memory.clone())
}

/// The project as JSON for the file `path`: glossary file names relative to its folder, as
/// the format keeps them (in memory they are absolute, so a project can move).
pub fn to_json_at(project: &Project, path: &Path) -> String {
    let dir = path.parent().unwrap_or(Path::new(""));
    let relative = |files: &[String]| -> Vec<String> {
        files
            .iter()
            .map(|file| {
                fsio::relative_to(Path::new(file), dir)
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    };
    let settings = GlossarySettings {
        files: relative(&project.glossaries.files),
        use_defaults: project.glossaries.use_defaults,
    };
    let memory = MemorySettings {
        id: project.memory.id.clone(),
        files: relative(&project.memory.files),
    };
    to_json_with(project, &settings, memory)
}

fn to_json_with(
    project: &Project,
    glossaries: &GlossarySettings,
    memory: MemorySettings,
) -> String {
    let file = FileOut {
        format: FORMAT,
        version: VERSION,
        languages: &project.languages,
        glossaries,
        glossary: &project.glossary,
        memory,
        machine: project.machine.clone(),
        qa: &project.qa,
        next_id: project.next_id,
        document: &project.document,
    };
    let mut json = serde_json::to_string_pretty(&file).expect("a project always serialises");
    json.push('\n');
    json
}

/// Parses project JSON; `path` is only used in error messages and diagnostics.
pub fn from_json(text: &str, path: &Path) -> Result<Loaded, ProjectFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
                found: crate::base::excerpt(other.unwrap_or("missing"), 60),
            });
        }
    }
    match header.version {
        Some(0) => {
            return Err(ProjectFileError::BadVersion {
                path: path.to_path_buf(),
                found: 0,
            });
        }
        Some(v) if v <= u64::from(VERSION) => {}
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
    let mut file: FileIn = serde_json::from_str(text).map_err(json_error)?;
    // Glossary files are named relative to the project file; in memory they are not.
    let dir = path.parent().unwrap_or(Path::new(""));
    for name in file
        .glossaries
        .files
        .iter_mut()
        .chain(file.memory.files.iter_mut())
    {
        let resolved = fsio::normalize(&dir.join(&*name));
        *name = resolved.to_string_lossy().into_owned();
    }
    let mut project = Project::from_parts(
        file.languages,
        file.document,
        file.glossaries,
        file.glossary,
        file.next_id,
    );
    project.memory = file.memory;
    project.machine = file.machine;
    project.qa = file.qa;
    let diagnostics = project
        .repair_ids()
        .into_iter()
        .map(|note| {
            Diagnostic::info(format!(
                "{note} (repaired; ids must be unique and at most {MAX_ID})"
            ))
            .in_file(path)
        })
        .collect();
    Ok(Loaded {
        project,
        diagnostics,
    })
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

pub fn load(path: &Path) -> Result<Loaded, ProjectFileError> {
    let io_error = |source| ProjectFileError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = fsio::read_input(path, MAX_PROJECT_BYTES).map_err(|e| match e {
        InputError::Io(e) => io_error(e),
        other => io_error(io::Error::other(other.to_string())),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        io_error(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        ))
    })?;
    from_json(&text, path)
}

/// Writes the project atomically; the previous version of the file is kept as `<name>.bak`.
/// Through a symbolic link, the link's target is written.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    fsio::write_atomic(path, to_json_at(project, path).as_bytes(), Backup::Keep).map_err(|source| {
        ProjectFileError::Io {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::import_article;
    use crate::segment::Segmenter;
    use std::fs;

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
        assert_eq!(load(&path).unwrap().project, project);
        project.document.blocks[1].segments[0].target = "One.".into();
        save(&project, &path).unwrap();
        assert_eq!(load(&path).unwrap().project, project);
        let backup = load(&dir.join("a.tandem.bak")).unwrap().project;
        assert_eq!(backup.document.blocks[1].segments[0].target, "");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
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
        let zero = json.replace("\"version\": 1", "\"version\": 0");
        let error = from_json(&zero, path).unwrap_err().to_string();
        assert!(
            error.contains("does not exist") && !error.contains("newer"),
            "{error}"
        );
        let wrong = json.replace("\"status\": \"new\"", "\"status\": \"perfect\"");
        let error = from_json(&wrong, path).unwrap_err().to_string();
        assert!(
            error.contains("perfect") && error.contains("line"),
            "{error}"
        );
    }

    #[test]
    fn glossary_files_are_relative_to_the_project_file_on_disk_only() {
        let dir = temp_dir("relative");
        let mut project = sample();
        let glossary = dir.join("terms").join("g.tsv");
        project.glossaries.files = vec![glossary.display().to_string()];
        let path = dir.join("sub").join("a.tandem");
        fs::create_dir_all(dir.join("sub")).unwrap();
        save(&project, &path).unwrap();
        let json = fs::read_to_string(&path).unwrap();
        assert!(json.contains("\"../terms/g.tsv\""), "{json}");
        let loaded = load(&path).unwrap().project;
        assert_eq!(loaded.glossaries.files, [glossary.display().to_string()]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let json = format!("\u{feff}{}", to_json(&sample()));
        assert_eq!(
            from_json(&json, Path::new("x.tandem")).unwrap().project,
            sample()
        );
    }

    #[test]
    fn inconsistent_ids_are_repaired_and_reported() {
        let mut project = sample();
        project.document.blocks[1].segments[1].id = project.document.blocks[1].segments[0].id;
        project.next_id = 1;
        let loaded = from_json(&to_json(&project), Path::new("x.tandem")).unwrap();
        let ids: Vec<u64> = loaded.project.segments().map(|s| s.id.0).collect();
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(loaded.project.next_id, 4);
        assert_eq!(loaded.diagnostics.len(), 2, "{:?}", loaded.diagnostics);
        assert!(
            loaded.diagnostics[1]
                .to_string()
                .starts_with("x.tandem: note: segment")
        );
    }

    #[test]
    fn a_file_that_does_not_exist_names_itself() {
        let error = load(Path::new("/nonexistent/p.tandem")).unwrap_err();
        assert!(error.to_string().starts_with("/nonexistent/p.tandem: "));
    }
}
