//! The session's translation memories: which are open (the project's own, the translator's
//! main memory, read-only references), and the jobs that use them: lookups for the active
//! segment and the next ones (cached per segment until its source or the memories change;
//! typing in the target never looks anything up), writing confirmed segments, concordance,
//! pretranslation with progress and cancel, and importing files into the main memory.
//! Everything touching a memory runs off the window's thread and comes back through
//! [`Session::poll`].

use super::jobs::{JobId, Lane};
use super::memory::{
    Pretranslation, SegmentQuery, default_main_memory, lookup_all, plan_pretranslation,
    project_memory_path, queries_from, segment_queries,
};
use super::session::{Event, Outcome, Session};
use crate::memory::Match;
use crate::model::SegmentId;
use crate::stores::{self, Hit, ImportReport, MemoryStore, SqliteMemory};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The translator's memory settings (the window keeps them with its preferences).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryConfig {
    /// Whether to use the main memory at all.
    pub use_main: bool,
    /// Where the main memory is (`None`: the platform's place, see [`default_main_memory`]).
    pub main: Option<PathBuf>,
    /// Insert a 100% (or context) match into an untranslated segment on entering it.
    pub auto_insert: bool,
    /// The lowest score shown in the results panel.
    pub min: u8,
    /// A team's memory on a PostgreSQL server (`postgres://user@host/db`): read like the
    /// others, and every confirmed segment goes there at once.
    pub team: Option<String>,
    /// Tandem's own password file (`~/.pgpass` format, owner-only): asked for the team
    /// server's password after the address and `PGPASSWORD`, before `~/.pgpass`.
    pub password_file: Option<PathBuf>,
}

/// Without settings from the window, no main memory is used (tests and tools then never
/// touch the translator's own).
impl Default for MemoryConfig {
    fn default() -> Self {
        MemoryConfig {
            use_main: false,
            main: None,
            auto_insert: true,
            min: 60,
            team: None,
            password_file: None,
        }
    }
}

impl MemoryConfig {
    /// The team server's address as connections use it: with the password file.
    pub fn team_connection(&self) -> Option<String> {
        let url = self.team.as_ref()?;
        Some(match &self.password_file {
            Some(file) => crate::stores::server::with_password_file(url, file),
            None => url.clone(),
        })
    }

    /// Where writes for the team's server wait while it is away: beside the main memory.
    pub fn queue_dir(&self) -> Option<PathBuf> {
        self.main
            .as_ref()
            .and_then(|m| m.parent().map(Path::to_path_buf))
            .or_else(super::memory::data_dir)
    }

    pub fn main_path(&self) -> Option<PathBuf> {
        if !self.use_main {
            return None;
        }
        self.main.clone().or_else(default_main_memory)
    }
}

/// What a memory is to the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The project's own memory: every confirmed segment goes there.
    Project,
    /// The translator's main memory: confirmed segments go there too.
    Main,
    /// Attached for reference: read, never written.
    Reference,
    /// The team's memory on a server: confirmed segments go there too.
    Team,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Project => "project memory",
            Role::Main => "main memory",
            Role::Reference => "reference (read-only)",
            Role::Team => "team memory (server)",
        }
    }
}

/// An open memory and what it is.
#[derive(Clone)]
pub struct OpenMemory {
    pub role: Role,
    pub path: PathBuf,
    pub store: Arc<dyn MemoryStore>,
    /// Units, when last counted.
    pub units: usize,
}

#[derive(Default)]
pub struct Memories {
    pub config: MemoryConfig,
    pub open: Vec<OpenMemory>,
    /// Memories that could not be opened, with why.
    pub failed: Vec<(PathBuf, String)>,
    /// Whether the memories for the current project have been opened.
    ready: bool,
    /// Changes when a memory was written or the set changed: cached matches are stale.
    generation: u64,
    matches: HashMap<SegmentId, Cached>,
    pending: HashSet<(SegmentId, u64)>,
    /// Segments already given a memory match on entering, so it is not inserted again.
    auto_filled: HashSet<SegmentId>,
    writing: bool,
    pub concordance: Concordance,
    pub pretranslating: Option<JobId>,
    pub importing: Option<JobId>,
}

/// The last concordance search and its hits.
#[derive(Default)]
pub struct Concordance {
    pub query: String,
    pub hits: Vec<Hit>,
    pub searching: bool,
}

struct Cached {
    source: u64,
    generation: u64,
    matches: Arc<[Match]>,
}

/// The result of a lookup job.
pub(super) struct Looked {
    answers: Vec<(SegmentId, u64, Vec<Match>)>,
    generation: u64,
    errors: Vec<String>,
}

fn fingerprint(text: &str) -> u64 {
    crate::memory::text::hash_str(text)
}

/// How many segments after the active one are looked up ahead.
const AHEAD: usize = 2;
/// How many matches a segment shows at most.
const SHOWN: usize = 5;

/// Where writes to the team memory at `url` wait while the server is away: a file per
/// server in `dir` (beside the main memory).
pub fn team_queue(dir: &Path, url: &str) -> PathBuf {
    let shown = stores::server::shown_location(url);
    dir.join(format!(
        "team-queue-{:016x}.jsonl",
        crate::memory::text::hash_str(&shown)
    ))
}

fn open_one(role: Role, path: &Path, queue_dir: Option<&Path>) -> Result<OpenMemory, String> {
    if role == Role::Team {
        let url = path.to_string_lossy();
        let dir = queue_dir
            .ok_or("there is no place for application data to keep writes for the server in")?;
        let store =
            stores::TeamMemory::open(&url, &team_queue(dir, &url)).map_err(|e| e.to_string())?;
        let units = store.stats().map(|s| s.units).unwrap_or(0);
        return Ok(OpenMemory {
            role,
            path: path.to_path_buf(),
            store: Arc::new(store),
            units,
        });
    }
    if matches!(role, Role::Project | Role::Main)
        && let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let store: Arc<dyn MemoryStore> = if role == Role::Reference {
        stores::open(path).map_err(|e| e.to_string())?
    } else {
        Arc::new(SqliteMemory::open(path).map_err(|e| e.to_string())?)
    };
    let units = store.stats().map(|s| s.units).unwrap_or(0);
    Ok(OpenMemory {
        role,
        path: path.to_path_buf(),
        store,
        units,
    })
}

impl Session {
    /// Sets the translator's memory settings; the memories are opened again if they changed.
    pub fn configure_memories(&mut self, config: MemoryConfig) {
        if self.memories.config != config {
            let reopen = self.memories.config.main_path() != config.main_path()
                || self.memories.config.team_connection() != config.team_connection();
            self.memories.config = config;
            if reopen {
                self.open_memories();
            }
        }
    }

    /// Opens the memories of the current project in the background.
    pub(super) fn open_memories(&mut self) {
        self.memories.ready = false;
        self.memories.open.clear();
        self.memories.failed.clear();
        self.memories.matches.clear();
        self.memories.pending.clear();
        self.memories.auto_filled.clear();
        self.memories.generation += 1;
        self.connect_team_glossary();
        let Some(workbench) = &self.workbench else {
            return;
        };
        let mut wanted: Vec<(Role, PathBuf)> = Vec::new();
        if let Some(path) = workbench.path()
            && workbench.read_only().is_none()
        {
            wanted.push((Role::Project, project_memory_path(path)));
        }
        if let Some(main) = self.memories.config.main_path() {
            wanted.push((Role::Main, main));
        }
        if let Some(url) = self.memories.config.team_connection() {
            wanted.push((Role::Team, PathBuf::from(url)));
        }
        for file in &workbench.project().memory.files {
            wanted.push((Role::Reference, PathBuf::from(file)));
        }
        let queue_dir = self.memories.config.queue_dir();
        self.spawn(Lane::Work, "opening translation memories", move |_| {
            Outcome::MemoriesOpened(
                wanted
                    .into_iter()
                    .map(|(role, path)| {
                        let result = open_one(role, &path, queue_dir.as_deref());
                        (path, result)
                    })
                    .collect(),
            )
        });
    }

    /// After a save under a new name (or a first save), the project's own memory is the
    /// one beside the new file: the memories are opened again if it is not.
    pub(super) fn project_memory_moved(&mut self) {
        let Some(path) = self.workbench.as_ref().and_then(|w| w.path()) else {
            return;
        };
        let wanted = project_memory_path(path);
        let open = self
            .memories
            .open
            .iter()
            .find(|m| m.role == Role::Project)
            .map(|m| m.path.clone());
        let failed = self.memories.failed.iter().any(|(p, _)| *p == wanted);
        if self.memories.ready && !failed && open.as_deref() != Some(wanted.as_path()) {
            self.open_memories();
        }
    }

    pub(super) fn memories_opened(
        &mut self,
        opened: Vec<(PathBuf, Result<OpenMemory, String>)>,
        events: &mut Vec<Event>,
    ) {
        for (path, result) in opened {
            match result {
                Ok(memory) => self.memories.open.push(memory),
                Err(error) => {
                    events.push(Event::Error(format!("Memory not available: {error}")));
                    self.memories.failed.push((path, error));
                }
            }
        }
        self.memories.ready = true;
        self.memories.generation += 1;
    }

    fn stores(&self) -> Vec<Arc<dyn MemoryStore>> {
        self.memories.open.iter().map(|m| m.store.clone()).collect()
    }

    /// The memory matches for segment `id`, best first, once looked up; asks for them (and
    /// for the next segments') when they are not known for its current source. `None`
    /// while looking.
    pub fn matches(&mut self, id: SegmentId) -> Option<Arc<[Match]>> {
        let workbench = self.workbench.as_ref()?;
        let print = fingerprint(&workbench.project().segment(id)?.source);
        let generation = self.memories.generation;
        if let Some(cached) = self.memories.matches.get(&id)
            && cached.source == print
            && cached.generation == generation
        {
            return Some(cached.matches.clone());
        }
        if !self.memories.ready {
            return None;
        }
        if self.memories.open.is_empty() {
            return Some(Arc::from(Vec::new()));
        }
        if self.memories.pending.contains(&(id, generation)) {
            return None;
        }
        // This segment and the next few, in one job.
        let wanted: Vec<SegmentQuery> = queries_from(workbench.project(), id, AHEAD)
            .into_iter()
            .filter(|q| {
                let known = self.memories.matches.get(&q.id).is_some_and(|c| {
                    c.generation == generation
                        && workbench
                            .project()
                            .segment(q.id)
                            .is_some_and(|s| fingerprint(&s.source) == c.source)
                });
                q.id == id || (!known && !self.memories.pending.contains(&(q.id, generation)))
            })
            .collect();
        let prints: Vec<u64> = wanted
            .iter()
            .map(|q| {
                workbench
                    .project()
                    .segment(q.id)
                    .map_or(0, |s| fingerprint(&s.source))
            })
            .collect();
        for q in &wanted {
            self.memories.pending.insert((q.id, generation));
        }
        let stores = self.stores();
        let min = self.memories.config.min;
        self.spawn(Lane::Work, "looking up the memories", move |_| {
            let mut errors = Vec::new();
            let answers = wanted
                .iter()
                .zip(prints)
                .map(|(query, print)| {
                    let (found, failed) = lookup_all(&stores, query, min, SHOWN);
                    errors.extend(failed.into_iter().map(|e| e.to_string()));
                    (query.id, print, found)
                })
                .collect();
            Outcome::Looked(Looked {
                answers,
                generation,
                errors,
            })
        });
        None
    }

    pub(super) fn looked(&mut self, looked: Looked, current: bool, events: &mut Vec<Event>) {
        for (id, _, _) in &looked.answers {
            self.memories.pending.remove(&(*id, looked.generation));
        }
        if !current {
            return;
        }
        for error in looked.errors {
            events.push(Event::Error(format!("Memory lookup failed: {error}")));
        }
        for (id, source, matches) in looked.answers {
            self.memories.matches.insert(
                id,
                Cached {
                    source,
                    generation: looked.generation,
                    matches: Arc::from(matches),
                },
            );
        }
        self.auto_insert(events);
    }

    /// On an untranslated active segment with a 100% or context match: the match goes in
    /// as a draft from memory, once per segment.
    fn auto_insert(&mut self, events: &mut Vec<Event>) {
        if !self.memories.config.auto_insert {
            return;
        }
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let Some(id) = workbench.entered() else {
            return;
        };
        let Some(segment) = workbench.project().segment(id) else {
            return;
        };
        if !segment.target.trim().is_empty() || self.memories.auto_filled.contains(&id) {
            return;
        }
        let print = fingerprint(&segment.source);
        let Some(cached) = self.memories.matches.get(&id) else {
            return;
        };
        if cached.source != print {
            return;
        }
        let Some(best) = cached.matches.first().filter(|m| m.score >= 100) else {
            return;
        };
        let (target, score) = (best.unit.target.clone(), best.score);
        self.memories.auto_filled.insert(id);
        match workbench.take_match(id, &target) {
            Ok(()) => events.push(Event::Info(if score > 100 {
                "Context match (101%) inserted from memory as a draft".into()
            } else {
                "100% match inserted from memory as a draft".into()
            })),
            Err(error) => events.push(Event::Error(error.to_string())),
        }
    }

    /// Asks for the active segment's matches, so that an auto-insertion can happen without
    /// the side panel being shown.
    pub fn look_up_active(&mut self) {
        if let Some(id) = self.workbench.as_ref().and_then(|w| w.active()) {
            let _ = self.matches(id);
            let mut events = Vec::new();
            self.auto_insert(&mut events);
            self.pending_events.extend(events);
        }
    }

    /// Sends the units of newly confirmed segments to the project, main and team memories.
    pub(super) fn write_memories(&mut self) {
        if !self.memories.ready || self.memories.writing {
            return;
        }
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let writable: Vec<Arc<dyn MemoryStore>> = self
            .memories
            .open
            .iter()
            .filter(|m| m.role != Role::Reference)
            .map(|m| m.store.clone())
            .collect();
        if writable.is_empty() {
            let _ = workbench.take_memory_writes();
            return;
        }
        let units = workbench.take_memory_writes();
        if units.is_empty() {
            return;
        }
        self.memories.writing = true;
        self.spawn(Lane::Work, "writing to the memories", move |_| {
            let mut errors = Vec::new();
            for store in writable {
                if let Err(error) = store.write(&units) {
                    errors.push(error.to_string());
                }
            }
            Outcome::MemoryWritten(errors)
        });
    }

    pub(super) fn memory_written(&mut self, errors: Vec<String>, events: &mut Vec<Event>) {
        self.memories.writing = false;
        self.memories.generation += 1;
        for error in errors {
            events.push(Event::Error(format!("Not written to the memory: {error}")));
        }
    }

    /// Searches every memory for a word or phrase (concordance).
    pub fn search_memories(&mut self, text: &str) {
        let query = text.trim().to_string();
        self.memories.concordance.query = query.clone();
        self.memories.concordance.searching = true;
        let stores = self.stores();
        self.spawn(Lane::Work, "searching the memories", move |_| {
            let mut hits = Vec::new();
            let mut errors = Vec::new();
            for store in stores {
                match store.search(&query, 100) {
                    Ok(found) => hits.extend(found),
                    Err(error) => errors.push(error.to_string()),
                }
            }
            Outcome::Searched {
                query,
                hits,
                errors,
            }
        });
    }

    pub(super) fn searched(
        &mut self,
        query: String,
        hits: Vec<Hit>,
        errors: Vec<String>,
        events: &mut Vec<Event>,
    ) {
        if query != self.memories.concordance.query {
            return; // an older search
        }
        self.memories.concordance.searching = false;
        self.memories.concordance.hits = hits;
        for error in errors {
            events.push(Event::Error(format!("Search failed: {error}")));
        }
    }

    /// Fills every untranslated segment from the memories at `min` percent or more, in the
    /// background (progress and Stop through [`Session::running`] and [`Session::cancel`]).
    pub fn pretranslate(&mut self, min: u8) {
        let Some(workbench) = &self.workbench else {
            return;
        };
        let queries = segment_queries(workbench.project(), true);
        let stores = self.stores();
        let job = self.spawn(Lane::Work, "pretranslating from memory", move |ctx| {
            Outcome::Pretranslated(plan_pretranslation(
                &queries,
                &stores,
                min,
                &|f| ctx.progress(f),
                &|| ctx.is_cancelled(),
            ))
        });
        self.memories.pretranslating = Some(job);
    }

    pub(super) fn pretranslated(
        &mut self,
        plan: Pretranslation,
        current: bool,
        events: &mut Vec<Event>,
    ) {
        self.memories.pretranslating = None;
        let (Some(workbench), true) = (&mut self.workbench, current) else {
            return;
        };
        for error in &plan.errors {
            events.push(Event::Error(error.clone()));
        }
        match workbench.apply_pretranslation(&plan) {
            Ok(_) => events.push(Event::Info(plan.report.summary())),
            Err(error) => events.push(Event::Error(error.to_string())),
        }
        if let Some(engine) = self.machine.then_machine.take() {
            self.pretranslate_machine(engine);
        }
    }

    /// Imports a TMX, XLIFF or project file into the main memory, in the background.
    pub fn import_into_main(&mut self, path: &Path) {
        let Some(main) = self
            .memories
            .open
            .iter()
            .find(|m| m.role == Role::Main)
            .map(|m| m.store.clone())
        else {
            self.pending_events.push(Event::Error(
                "There is no main memory to import into (see Memories…)".into(),
            ));
            return;
        };
        let path = path.to_path_buf();
        let label = format!("importing {}", path.display());
        let job = self.spawn(Lane::Work, label, move |ctx| {
            Outcome::MemoryImported(
                path.clone(),
                stores::import_file(&*main, &path, &|f| ctx.progress(f), &|| ctx.is_cancelled())
                    .map_err(|e| e.to_string()),
            )
        });
        self.memories.importing = Some(job);
    }

    pub(super) fn memory_imported(
        &mut self,
        path: PathBuf,
        result: Result<ImportReport, String>,
        events: &mut Vec<Event>,
    ) {
        self.memories.importing = None;
        self.memories.generation += 1;
        match result {
            Ok(report) => {
                let mut text = format!(
                    "{}: {} units read, {} added to the main memory",
                    path.display(),
                    report.read,
                    report.written.added
                );
                if report.other_languages > 0 {
                    text.push_str(&format!(
                        ", {} in other languages skipped",
                        report.other_languages
                    ));
                }
                if report.broken {
                    text.push_str("; the file is damaged, see Problems");
                }
                if report.stopped {
                    text.push_str(" (stopped)");
                }
                if let Some(workbench) = &mut self.workbench {
                    workbench.report(report.diagnostics);
                }
                for memory in &mut self.memories.open {
                    if memory.role == Role::Main {
                        memory.units = memory.store.stats().map_or(memory.units, |s| s.units);
                    }
                }
                events.push(Event::Info(text));
            }
            Err(error) => events.push(Event::Error(format!("Not imported: {error}"))),
        }
    }

    /// Attaches a memory file (TMX or a memory) to the project for reference.
    pub fn attach_memory(&mut self, path: &Path) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let name = path.to_string_lossy().into_owned();
        if workbench.project().memory.files.contains(&name) {
            return;
        }
        let mut files = workbench.project().memory.files.clone();
        files.push(name);
        workbench.set_memory_files(files);
        self.open_memories();
    }

    /// Detaches a reference memory from the project.
    pub fn detach_memory(&mut self, path: &Path) {
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let name = path.to_string_lossy();
        let files: Vec<String> = workbench
            .project()
            .memory
            .files
            .iter()
            .filter(|f| **f != *name)
            .cloned()
            .collect();
        workbench.set_memory_files(files);
        self.open_memories();
    }

    /// Whether the memories are open (and how many).
    pub fn memories_ready(&self) -> bool {
        self.memories.ready
    }
}
