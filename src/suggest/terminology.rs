//! The glossaries a project consults, in precedence order: its own glossary, the team's
//! glossary on a server (when one is connected), the glossary files its settings name, then
//! the built-in defaults; and the matcher over them. Each has a
//! [`GlossaryId`] that stays the same while the terminology lives, so an undo step recorded
//! against a glossary file still names it after another file is attached.
//!
//! Pure: the application layer reads glossary files and hands them in as [`LoadedGlossary`]s;
//! writing an edited file back is its job too (see [`Terminology::edit`]).

use super::Provider;
use crate::glossary::{
    Format, Glossary, GlossaryId, Hit, Matcher, TermEdit, TermEditError, TermId, defaults,
};
use crate::model::{GlossarySettings, Project};
use std::path::PathBuf;

/// Where a glossary of a [`Terminology`] lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The project's own glossary, saved with the project.
    Project,
    /// A glossary file, as named in the project's settings (`stored`) and where it is.
    File {
        stored: String,
        path: PathBuf,
        format: Format,
    },
    /// The team's glossary on a server (`shown`: its address without the password); read
    /// only for a user who may not change it.
    Server { shown: String, read_only: bool },
    /// A built-in default glossary (read-only).
    Default,
}

/// A glossary file read by the application layer, ready to be attached.
#[derive(Clone, Debug)]
pub struct LoadedGlossary {
    /// The name in the project's settings (relative to the project file where possible).
    pub stored: String,
    pub path: PathBuf,
    pub format: Format,
    pub glossary: Glossary,
}

pub struct Entry {
    pub id: GlossaryId,
    pub source: Source,
    pub glossary: Glossary,
    /// Detached glossaries stay loaded (an undo may attach them again) but find nothing.
    pub enabled: bool,
}

pub struct Terminology {
    entries: Vec<Entry>,
    matcher: Matcher,
    next_id: u32,
    generation: u64,
}

impl Terminology {
    /// The project's own glossary, the given files (in the settings' order) and, if the
    /// settings ask for them, the defaults.
    pub fn new(project: &Project, files: Vec<LoadedGlossary>) -> Terminology {
        let mut terminology = Terminology {
            entries: Vec::new(),
            matcher: Matcher::new(),
            next_id: 0,
            generation: 1,
        };
        terminology.add(Source::Project, project.glossary.clone());
        for file in files {
            terminology.attach(file);
        }
        for glossary in defaults::glossaries() {
            terminology.add(Source::Default, glossary);
        }
        terminology.apply_settings(&project.glossaries);
        terminology
    }

    fn add(&mut self, source: Source, glossary: Glossary) -> GlossaryId {
        let id = GlossaryId(self.next_id);
        self.next_id += 1;
        self.matcher.push(id, &glossary);
        self.entries.push(Entry {
            id,
            source,
            glossary,
            enabled: true,
        });
        self.generation += 1;
        id
    }

    /// Adds a glossary file (or replaces the one with the same stored name), after the other
    /// files and before the defaults; [`Terminology::apply_settings`] decides whether it is
    /// consulted.
    pub fn attach(&mut self, file: LoadedGlossary) -> GlossaryId {
        let source = Source::File {
            stored: file.stored.clone(),
            path: file.path,
            format: file.format,
        };
        if let Some(entry) = self
            .entries
            .iter_mut()
            .find(|e| matches!(&e.source, Source::File { stored, .. } if *stored == file.stored))
        {
            entry.source = source;
            entry.glossary = file.glossary;
            let id = entry.id;
            self.matcher.rebuild(id, &self.entries_glossary(id));
            self.generation += 1;
            return id;
        }
        let id = self.add(source, file.glossary);
        self.order();
        id
    }

    fn entries_glossary(&self, id: GlossaryId) -> Glossary {
        self.glossary(id).cloned().unwrap_or_default()
    }

    /// Enables the files the settings name and disables the others; the defaults follow
    /// `use_defaults`. Returns the named files that are not loaded (to be read and attached).
    pub fn apply_settings(&mut self, settings: &GlossarySettings) -> Vec<String> {
        let mut missing = Vec::new();
        for entry in &mut self.entries {
            let enabled = match &entry.source {
                Source::Project => true,
                Source::File { stored, .. } => settings.files.contains(stored),
                Source::Server { .. } => entry.enabled,
                Source::Default => settings.use_defaults,
            };
            if entry.enabled != enabled {
                entry.enabled = enabled;
                self.matcher.set_enabled(entry.id, enabled);
                self.generation += 1;
            }
        }
        for file in &settings.files {
            let loaded = self
                .entries
                .iter()
                .any(|e| matches!(&e.source, Source::File { stored, .. } if stored == file));
            if !loaded {
                missing.push(file.clone());
            }
        }
        self.order_by(settings);
        missing
    }

    /// Precedence: project, files (in the settings' order, loaded order for the rest),
    /// defaults.
    fn order_by(&mut self, settings: &GlossarySettings) {
        let rank = |entry: &Entry| match &entry.source {
            Source::Project => (0, 0),
            Source::Server { .. } => (1, 0),
            Source::File { stored, .. } => (
                2,
                settings
                    .files
                    .iter()
                    .position(|f| f == stored)
                    .unwrap_or(usize::MAX),
            ),
            Source::Default => (3, 0),
        };
        self.entries.sort_by_key(rank);
        let order: Vec<GlossaryId> = self.entries.iter().map(|e| e.id).collect();
        self.matcher.set_order(&order);
    }

    fn order(&mut self) {
        let rank = |entry: &Entry| match &entry.source {
            Source::Project => 0,
            Source::Server { .. } => 1,
            Source::File { .. } => 2,
            Source::Default => 3,
        };
        self.entries.sort_by_key(rank);
        let order: Vec<GlossaryId> = self.entries.iter().map(|e| e.id).collect();
        self.matcher.set_order(&order);
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: GlossaryId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn glossary(&self, id: GlossaryId) -> Option<&Glossary> {
        self.entry(id).map(|e| &e.glossary)
    }

    /// The glossaries a term can be added to: the project's, the team's (for a user who may
    /// change it) and the attached files.
    pub fn writable(&self) -> Vec<(GlossaryId, String)> {
        self.entries
            .iter()
            .filter(|e| e.enabled && e.is_writable())
            .map(|e| (e.id, e.glossary.name.clone()))
            .collect()
    }

    /// The terms found in `text`.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.matcher.find(text)
    }

    /// Bumps whenever what [`Terminology::find`] returns may have changed.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Follows a change of the project's own glossary (made by a project edit): terms `ids`
    /// changed.
    pub fn project_glossary_changed(&mut self, glossary: &Glossary, ids: &[TermId]) {
        if let Some(entry) = self
            .entries
            .iter_mut()
            .find(|e| e.id == GlossaryId::PROJECT)
        {
            entry.glossary = glossary.clone();
        }
        self.matcher.refresh(GlossaryId::PROJECT, glossary, ids);
        self.generation += 1;
    }

    /// Applies a term edit to glossary `id` (a file glossary; the project's own changes
    /// through project edits). Returns the inverse. The file itself is not written here.
    pub fn edit(&mut self, id: GlossaryId, edit: TermEdit) -> Result<TermEdit, EditRefused> {
        let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) else {
            return Err(EditRefused::NoSuchGlossary(id));
        };
        if !matches!(entry.source, Source::File { .. } | Source::Server { .. })
            || !entry.is_writable()
        {
            return Err(EditRefused::ReadOnly(entry.glossary.name.clone()));
        }
        let inverse = self.matcher.edit(id, &mut entry.glossary, edit)?;
        self.generation += 1;
        Ok(inverse)
    }

    /// Connects the team's glossary (empty until the server's terms arrive, see
    /// [`Terminology::apply_remote`]); one connected before is replaced.
    pub fn attach_server(&mut self, name: &str, shown: &str, read_only: bool) -> GlossaryId {
        let source = Source::Server {
            shown: shown.to_string(),
            read_only,
        };
        if let Some(entry) = self
            .entries
            .iter_mut()
            .find(|e| matches!(e.source, Source::Server { .. }))
        {
            entry.source = source;
            entry.glossary = Glossary::new(name);
            entry.enabled = true;
            let id = entry.id;
            self.matcher.rebuild(id, &self.entries_glossary(id));
            self.matcher.set_enabled(id, true);
            self.generation += 1;
            return id;
        }
        let id = self.add(source, Glossary::new(name));
        self.order();
        id
    }

    /// Whether this user may change the team's glossary.
    pub fn set_server_access(&mut self, read_only: bool) {
        for entry in &mut self.entries {
            if let Source::Server { read_only: was, .. } = &mut entry.source {
                *was = read_only;
            }
        }
    }

    /// Lets go of the team's glossary: it stays loaded (an undo may name it) but finds
    /// nothing and takes no terms.
    pub fn detach_server(&mut self) {
        for entry in &mut self.entries {
            if matches!(entry.source, Source::Server { .. }) && entry.enabled {
                entry.enabled = false;
                self.matcher.set_enabled(entry.id, false);
                self.generation += 1;
            }
        }
    }

    /// Takes terms as another writer left them (the server's terms): `None` removes the term.
    /// Not an edit of this workbench: nothing to undo.
    pub fn apply_remote(
        &mut self,
        id: GlossaryId,
        changes: impl IntoIterator<Item = (TermId, Option<crate::glossary::Term>)>,
    ) {
        let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) else {
            return;
        };
        let mut changed = Vec::new();
        for (term_id, term) in changes {
            let edit = match (term, entry.glossary.term(term_id).is_some()) {
                (Some(term), true) => TermEdit::Update(term),
                (Some(term), false) => TermEdit::Add(term),
                (None, true) => TermEdit::Remove(term_id),
                (None, false) => continue,
            };
            // A term the server holds but this Tandem would not take (empty after
            // normalising) is left out, as a glossary file's would be.
            if edit.apply(&mut entry.glossary).is_ok() {
                changed.push(term_id);
            }
        }
        if !changed.is_empty() {
            self.matcher.refresh(id, &entry.glossary, &changed);
            self.generation += 1;
        }
    }

    /// Rewrites the stored names of the files (after the project moved: relative names are
    /// relative to the project file).
    pub fn restore_names(&mut self, renamed: &[(String, String)]) {
        for entry in &mut self.entries {
            if let Source::File { stored, .. } = &mut entry.source
                && let Some((_, new)) = renamed.iter().find(|(old, _)| old == stored)
            {
                *stored = new.clone();
            }
        }
    }
}

impl Entry {
    /// Whether this workbench may change the glossary.
    pub fn is_writable(&self) -> bool {
        match &self.source {
            Source::Project | Source::File { .. } => true,
            Source::Server { read_only, .. } => !read_only,
            Source::Default => false,
        }
    }
}

impl Provider for Terminology {
    type Item = Hit;

    fn generation(&self) -> u64 {
        self.generation
    }

    fn suggest(&self, source: &str) -> Vec<Hit> {
        self.find(source)
    }
}

/// Why a term edit on a glossary was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditRefused {
    #[error("there is no glossary {0:?} in this project")]
    NoSuchGlossary(GlossaryId),
    #[error(
        "the glossary {0} is built in and cannot be changed; add the term to the project glossary"
    )]
    ReadOnly(String),
    #[error(transparent)]
    Term(#[from] TermEditError),
}
