//! The glossaries a project consults, in precedence order: its own glossary, the files its
//! settings name (relative to the project file), then the built-in defaults.

use super::{Format, Glossary, Matcher, defaults};
use crate::model::Project;
use std::path::{Path, PathBuf};

/// Where a glossary of a [`Terminology`] lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The project's own glossary, saved with the project.
    Project,
    /// A glossary file; edits are written back to it.
    File(PathBuf, Format),
    /// A built-in default glossary (read-only).
    Default,
}

/// The glossaries of a project and the matcher over them; `glossaries[i]` is matcher set `i`
/// (0 is the project's own glossary).
pub struct Terminology {
    pub glossaries: Vec<Glossary>,
    /// Where each glossary lives, parallel to `glossaries`.
    pub sources: Vec<Source>,
    pub matcher: Matcher,
    /// Files that could not be read, and lines that were skipped.
    pub warnings: Vec<String>,
}

impl Terminology {
    /// Loads the glossaries `project` uses; `project_dir` resolves relative file names.
    pub fn for_project(project: &Project, project_dir: Option<&Path>) -> Terminology {
        let mut glossaries = vec![project.glossary.clone()];
        let mut sources = vec![Source::Project];
        let mut warnings = Vec::new();
        for file in &project.glossaries.files {
            let path = match project_dir {
                Some(dir) => dir.join(file),
                None => Path::new(file).to_path_buf(),
            };
            let Some(format) = Format::from_path(&path) else {
                warnings.push(format!(
                    "{file}: unknown glossary format (use .tsv, .csv or .tbx)"
                ));
                continue;
            };
            let read = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| super::read(&bytes, format, file).map_err(|e| e.to_string()));
            match read {
                Ok(read) => {
                    warnings.extend(read.warnings.into_iter().map(|w| format!("{file}: {w}")));
                    glossaries.push(read.glossary);
                    sources.push(Source::File(path, format));
                }
                Err(error) => warnings.push(format!("{file}: {error}")),
            }
        }
        if project.glossaries.use_defaults {
            for glossary in defaults::glossaries() {
                glossaries.push(glossary);
                sources.push(Source::Default);
            }
        }
        let matcher = Matcher::from_glossaries(&glossaries);
        Terminology {
            glossaries,
            sources,
            matcher,
            warnings,
        }
    }
}
