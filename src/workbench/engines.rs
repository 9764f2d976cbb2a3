//! The session's machine translation: which engines the translator chose (with keys from
//! the environment or the key file), suggestions for the active segment and the next few
//! (fetched in the background, cancelled when the translator has moved on, kept per segment
//! until its source or glossary entries change, and cached on disk by the engines' answers),
//! connection tests, and pretranslation with a pace, progress, Stop and a count of the
//! characters sent. Nothing here runs on the window's thread but bookkeeping.

use super::jobs::{JobId, Lane};
use super::machine::{MachineSuggestion, MtItem, Run, SharedEngine, suggestions, translate_items};
use super::session::{Event, Outcome, Session};
use crate::model::SegmentId;
use crate::mt::{self, EngineConfig, EngineKind, MtCache, ProjectGlossary, keys};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// The least time between two requests of a pretranslation (the translator's own rate
/// limit, below what the services allow).
pub const PRETRANSLATE_PACE: Duration = Duration::from_millis(200);

/// How many segments after the active one are translated ahead.
const AHEAD: usize = 2;

const ASKING: &str = "asking machine translation";
const TESTING: &str = "testing the connection";
const PRETRANSLATING: &str = "pretranslating with ";

/// Whether a job (by its label) only talks to an engine: nothing waits for it at exit.
pub(super) fn is_machine_job(label: &str) -> bool {
    label == ASKING || label == TESTING || label.starts_with(PRETRANSLATING)
}

/// The translator's machine translation settings (the window keeps them with its
/// preferences; keys are not among them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MachineConfig {
    /// The engines to ask, in the order their suggestions are shown.
    pub engines: Vec<EngineConfig>,
    /// The key file (see [`keys`]); `None`: keys from the environment only.
    pub key_file: Option<PathBuf>,
    /// Where answers are cached; `None`: for this session only.
    pub cache_file: Option<PathBuf>,
}

/// A connection test's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineTest {
    Running,
    Passed(String),
    Failed(String),
}

type Engines = Arc<Vec<Result<SharedEngine, String>>>;
type CacheCell = Arc<OnceLock<Option<Arc<MtCache>>>>;

#[derive(Default)]
pub struct Machine {
    pub config: MachineConfig,
    engines: Option<Engines>,
    cache: CacheCell,
    known: HashMap<SegmentId, Known>,
    pending: Vec<(JobId, Vec<SegmentId>)>,
    /// Changes with the configuration: older answers are not shown.
    generation: u64,
    glossary: Option<((u64, usize), Arc<ProjectGlossary>)>,
    pub pretranslating: Option<JobId>,
    /// Connection tests by engine (index in the configuration).
    pub tests: HashMap<usize, EngineTest>,
    /// After the memory pretranslation now running: machine translation with this engine.
    pub then_machine: Option<usize>,
}

struct Known {
    print: u64,
    generation: u64,
    suggestions: Arc<[MachineSuggestion]>,
    /// When an answer that was an error is asked for again (the network may be back).
    expires: Option<Instant>,
}

/// How long an error stands before the segment is asked for again.
const ERRORS_STAND: Duration = Duration::from_secs(30);

impl Known {
    fn valid(&self, print: u64, generation: u64) -> bool {
        self.print == print
            && self.generation == generation
            && self.expires.is_none_or(|at| Instant::now() < at)
    }
}

/// Suggestions that came back from a job.
pub(super) struct Suggested {
    generation: u64,
    results: Vec<(SegmentId, u64, Vec<MachineSuggestion>)>,
}

/// Drafts that came back from a pretranslation.
pub(super) struct Drafted {
    engine: String,
    fills: Vec<(SegmentId, String)>,
    errors: Vec<String>,
    sent: usize,
    cached: usize,
    asked: usize,
}

impl Session {
    /// Sets the engines and files machine translation uses; known suggestions are dropped
    /// when anything changed.
    pub fn configure_machine(&mut self, config: MachineConfig) {
        if self.machine.config == config {
            return;
        }
        self.machine.config = config;
        self.machine.engines = None;
        self.machine.cache = Arc::default();
        self.machine.generation += 1;
        self.machine.known.clear();
        self.machine.tests.clear();
        for (job, _) in std::mem::take(&mut self.machine.pending) {
            self.cancel(job);
        }
    }

    /// A job has come back: it is no longer pending, whatever its result.
    pub(super) fn machine_job_finished(&mut self, job: JobId) {
        self.machine.pending.retain(|(pending, _)| *pending != job);
        if self.machine.pretranslating == Some(job) {
            self.machine.pretranslating = None;
        }
    }

    /// Stops every request to an engine (closing the window).
    pub(super) fn cancel_machine_jobs(&mut self) {
        for (job, _) in std::mem::take(&mut self.machine.pending) {
            self.cancel(job);
        }
        if let Some(job) = self.machine.pretranslating {
            self.cancel(job);
        }
    }

    /// Whether suggestions are asked for: a project is open, allows machine translation,
    /// and the translator chose an engine.
    pub fn machine_enabled(&self) -> bool {
        self.workbench
            .as_ref()
            .is_some_and(|w| w.project().machine.enabled)
            && !self.machine.config.engines.is_empty()
    }

    fn engines(&mut self) -> Engines {
        if let Some(engines) = &self.machine.engines {
            return engines.clone();
        }
        let key_file = self.machine.config.key_file.clone();
        let built: Vec<Result<SharedEngine, String>> = self
            .machine
            .config
            .engines
            .iter()
            .map(|config| {
                let key = keys::key_for(config.kind, key_file.as_deref()).map(|(k, _)| k);
                mt::engine(config, key)
                    .map(SharedEngine::from)
                    .map_err(|e| e.to_string())
            })
            .collect();
        let engines = Arc::new(built);
        self.machine.engines = Some(engines.clone());
        engines
    }

    /// The engines' names, in order (for menus and labels).
    pub fn engine_names(&mut self) -> Vec<String> {
        let configs = self.machine.config.engines.clone();
        self.engines()
            .iter()
            .zip(configs)
            .map(|(engine, config)| match engine {
                Ok(engine) => engine.name(),
                Err(_) => config.kind.label().to_string(),
            })
            .collect()
    }

    /// The project's glossary entries, recomputed only when glossaries or segments change,
    /// and only if an engine keeps glossaries (DeepL).
    fn machine_glossary(&mut self) -> Arc<ProjectGlossary> {
        let wanted = self
            .machine
            .config
            .engines
            .iter()
            .any(|e| e.kind == EngineKind::DeepL);
        let Some(workbench) = &mut self.workbench else {
            return Arc::default();
        };
        if !wanted {
            return Arc::default();
        }
        let key = (
            workbench.terminology().generation(),
            workbench.project().segments().count(),
        );
        if let Some((known, glossary)) = &self.machine.glossary
            && *known == key
        {
            return glossary.clone();
        }
        let glossary = Arc::new(workbench.project_glossary());
        self.machine.glossary = Some((key, glossary.clone()));
        glossary
    }

    fn cache(&self) -> (CacheCell, Option<PathBuf>) {
        (
            self.machine.cache.clone(),
            self.machine.config.cache_file.clone(),
        )
    }

    /// The machine suggestions for segment `id`, one per engine, once they are known; asks
    /// for them (and for the next segments') otherwise. `None` while asking. Empty when
    /// machine translation is off.
    pub fn machine_suggestions(&mut self, id: SegmentId) -> Option<Arc<[MachineSuggestion]>> {
        if !self.machine_enabled() {
            return Some(Arc::from(Vec::new()));
        }
        let generation = self.machine.generation;
        let print = self.workbench.as_mut()?.mt_print(id)?;
        if let Some(known) = self.machine.known.get(&id)
            && known.valid(print, generation)
        {
            return Some(known.suggestions.clone());
        }
        // Asked already: nothing to build (this runs on every frame while an answer is out).
        if self
            .machine
            .pending
            .iter()
            .any(|(_, ids)| ids.contains(&id))
        {
            return None;
        }
        let items = self.workbench.as_mut()?.mt_items_from(id, AHEAD);
        // What is asked for no segment of this window any more is no longer needed.
        let window: Vec<SegmentId> = items.iter().map(|i| i.id).collect();
        let (keep, stale): (Vec<_>, Vec<_>) = std::mem::take(&mut self.machine.pending)
            .into_iter()
            .partition(|(_, ids)| ids.iter().any(|i| window.contains(i)));
        self.machine.pending = keep;
        for (job, _) in stale {
            self.cancel(job);
        }
        let known = |item: &MtItem| {
            self.machine
                .known
                .get(&item.id)
                .is_some_and(|k| k.valid(item.print, generation))
        };
        let (active, ahead): (Vec<MtItem>, Vec<MtItem>) = items
            .into_iter()
            .filter(|item| item.id == id || !known(item))
            .filter(|item| {
                item.id == id
                    || !self
                        .machine
                        .pending
                        .iter()
                        .any(|(_, ids)| ids.contains(&item.id))
            })
            .partition(|item| item.id == id);
        // The active segment on its own, so its answer does not wait for the others'.
        self.ask(active);
        self.ask(ahead);
        None
    }

    fn ask(&mut self, items: Vec<MtItem>) {
        if items.is_empty() {
            return;
        }
        let engines = self.engines();
        let glossary = self.machine_glossary();
        let variant = self
            .workbench
            .as_ref()
            .map(|w| w.project().machine.variant)
            .unwrap_or_default();
        let (cache, cache_file) = self.cache();
        let generation = self.machine.generation;
        let ids: Vec<SegmentId> = items.iter().map(|i| i.id).collect();
        let job = self.spawn(Lane::Work, ASKING, move |ctx| {
            let cache = open_cache(&cache, cache_file);
            let mut per_segment: HashMap<SegmentId, Vec<MachineSuggestion>> = HashMap::new();
            for engine in engines.iter() {
                match engine {
                    Ok(engine) => {
                        let run = Run {
                            engine: engine.as_ref(),
                            variant,
                            glossary: &glossary,
                            cache: cache.as_deref(),
                            pace: Duration::ZERO,
                            progress: &|_| {},
                            cancelled: &|| ctx.is_cancelled(),
                        };
                        let translated = translate_items(&run, &items);
                        for (id, suggestion) in suggestions(&engine.name(), &items, translated) {
                            per_segment.entry(id).or_default().push(suggestion);
                        }
                    }
                    Err(why) => {
                        for item in &items {
                            per_segment
                                .entry(item.id)
                                .or_default()
                                .push(MachineSuggestion {
                                    engine: String::new(),
                                    result: Err(why.clone()),
                                    missing: Vec::new(),
                                });
                        }
                    }
                }
            }
            let results = items
                .iter()
                .map(|item| {
                    (
                        item.id,
                        item.print,
                        per_segment.remove(&item.id).unwrap_or_default(),
                    )
                })
                .collect();
            Outcome::Suggested(Suggested {
                generation,
                results,
            })
        });
        self.machine.pending.push((job, ids));
    }

    pub(super) fn suggested(&mut self, suggested: Suggested, current: bool) {
        if !current || suggested.generation != self.machine.generation {
            return;
        }
        for (id, print, list) in suggested.results {
            // A cancelled request is asked again when its segment is wanted.
            if list
                .iter()
                .any(|s| s.result.as_ref().err().is_some_and(|e| e == "cancelled"))
            {
                continue;
            }
            let failed = list.iter().any(|s| s.result.is_err());
            self.machine.known.insert(
                id,
                Known {
                    print,
                    generation: suggested.generation,
                    suggestions: Arc::from(list),
                    expires: failed.then(|| Instant::now() + ERRORS_STAND),
                },
            );
        }
    }

    /// Forgets what the engines said for `id`, so that it is asked again (after an error).
    pub fn retry_machine(&mut self, id: SegmentId) {
        self.machine.known.remove(&id);
    }

    /// Tests engine `index` of the configuration in the background.
    pub fn test_engine(&mut self, index: usize) {
        let Some(config) = self.machine.config.engines.get(index).cloned() else {
            return;
        };
        let key = keys::key_for(config.kind, self.machine.config.key_file.as_deref());
        self.machine.tests.insert(index, EngineTest::Running);
        let generation = self.machine.generation;
        self.spawn(Lane::Work, TESTING, move |_| {
            let result = mt::engine(&config, key.map(|(k, _)| k))
                .and_then(|engine| engine.check())
                .map_err(|e| e.to_string());
            Outcome::EngineTested {
                index,
                generation,
                result,
            }
        });
    }

    pub(super) fn engine_tested(
        &mut self,
        index: usize,
        generation: u64,
        result: Result<String, String>,
    ) {
        if generation != self.machine.generation {
            return;
        }
        self.machine.tests.insert(
            index,
            match result {
                Ok(message) => EngineTest::Passed(message),
                Err(message) => EngineTest::Failed(message),
            },
        );
    }

    /// What a machine pretranslation would send now: segments without a translation, their
    /// characters, and the characters of the whole article (for comparison).
    pub fn machine_plan(&mut self) -> (usize, usize, usize) {
        let Some(workbench) = &self.workbench else {
            return (0, 0, 0);
        };
        let mut segments = 0;
        let mut characters = 0;
        let mut article = 0;
        for segment in workbench.project().segments() {
            let count = segment.source.chars().count();
            article += count;
            if segment.target.trim().is_empty() && !segment.source.trim().is_empty() {
                segments += 1;
                characters += count;
            }
        }
        (segments, characters, article)
    }

    /// Fills every segment without a translation with engine `index`'s draft, in the
    /// background (progress and Stop through [`Session::running`] and [`Session::cancel`]).
    pub fn pretranslate_machine(&mut self, index: usize) {
        if !self.machine_enabled() {
            self.pending_events.push(Event::Error(
                "Machine translation is switched off for this project.".into(),
            ));
            return;
        }
        let engines = self.engines();
        let engine = match engines.get(index) {
            Some(Ok(engine)) => engine.clone(),
            Some(Err(why)) => {
                self.pending_events.push(Event::Error(why.clone()));
                return;
            }
            None => return,
        };
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let items = workbench.mt_untranslated();
        let variant = workbench.project().machine.variant;
        let glossary = self.machine_glossary();
        let (cache, cache_file) = self.cache();
        let name = engine.name();
        let job = self.spawn(Lane::Work, format!("{PRETRANSLATING}{name}"), move |ctx| {
            let cache = open_cache(&cache, cache_file);
            let run = Run {
                engine: engine.as_ref(),
                variant,
                glossary: &glossary,
                cache: cache.as_deref(),
                pace: PRETRANSLATE_PACE,
                progress: &|f| ctx.progress(f),
                cancelled: &|| ctx.is_cancelled(),
            };
            let translated = translate_items(&run, &items);
            let (sent, cached) = (translated.sent, translated.cached);
            let (fills, errors) = translated.into_drafts();
            Outcome::Drafted(Drafted {
                engine: name,
                fills,
                errors,
                sent,
                cached,
                asked: items.len(),
            })
        });
        self.machine.pretranslating = Some(job);
    }

    pub(super) fn drafted(&mut self, drafted: Drafted, current: bool, events: &mut Vec<Event>) {
        self.machine.pretranslating = None;
        let (Some(workbench), true) = (&mut self.workbench, current) else {
            return;
        };
        for error in &drafted.errors {
            events.push(Event::Error(error.clone()));
        }
        match workbench.apply_machine_drafts(&drafted.fills, &drafted.engine) {
            Ok(filled) => events.push(Event::Info(format!(
                "{}: {filled} of {} segments drafted; {} characters sent, {} answers from the cache",
                drafted.engine,
                drafted.asked,
                crate::mt::deepl::thousands(drafted.sent as u64),
                drafted.cached
            ))),
            Err(error) => events.push(Event::Error(error.to_string())),
        }
    }
}

/// The cache, opened once per configuration (on the first job that needs it, never on the
/// window's thread). A cache that cannot be opened costs only repeated requests.
fn open_cache(cell: &CacheCell, file: Option<PathBuf>) -> Option<Arc<MtCache>> {
    cell.get_or_init(|| match file {
        Some(path) => MtCache::open(&path).ok().map(Arc::new),
        None => Some(Arc::new(MtCache::in_memory())),
    })
    .clone()
}
