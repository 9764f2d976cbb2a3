//! Machine translation on the workbench: what a segment is sent as ([`MtItem`]: the
//! sentence, its neighbours, the glossary entries in it, and the key its answer is cached
//! under), the project's glossary for engines that keep one, taking a suggestion (one undo
//! step, origin machine, the engine's name on the segment), filling drafts, and the loop
//! that translates items with one engine: cache first, a pace between requests, progress
//! and cancel, and a count of the characters actually sent. The session and the command
//! line both use it.

use super::{Workbench, WorkbenchError};
use crate::model::edit::Edit;
use crate::model::{Origin, SegmentId, Status, Variant};
use crate::mt::{self, Batch, Engine, Missing, MtCache, MtError, ProjectGlossary, Request, terms};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A segment as it goes to an engine.
#[derive(Clone, Debug)]
pub struct MtItem {
    pub id: SegmentId,
    pub request: Request,
    /// The version of the glossary entries in the request (part of the cache key).
    pub terms: u64,
    /// Changes when the source or its glossary entries change.
    pub print: u64,
}

/// One engine's answer for a segment, as the results panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MachineSuggestion {
    /// The engine's name (kept on the segment when the suggestion is taken).
    pub engine: String,
    /// The translation, or why there is none.
    pub result: Result<String, String>,
    /// Required glossary renderings the translation lacks.
    pub missing: Vec<Missing>,
}

impl MachineSuggestion {
    pub fn text(&self) -> Option<&str> {
        self.result.as_deref().ok()
    }
}

impl Workbench {
    /// What segment `id` is sent as (`None` if there is no such segment).
    pub fn mt_item(&mut self, id: SegmentId) -> Option<MtItem> {
        let at = self.project().segments().position(|s| s.id == id)?;
        self.mt_item_at(at)
    }

    fn mt_item_at(&mut self, at: usize) -> Option<MtItem> {
        let (id, source, before, after) = {
            let mut segments = self.project().segments().skip(at.saturating_sub(1));
            let before = if at > 0 {
                segments.next().map(|s| s.source.clone())
            } else {
                None
            };
            let segment = segments.next()?;
            let after = segments.next().map(|s| s.source.clone());
            (
                segment.id,
                segment.source.clone(),
                before.unwrap_or_default(),
                after.unwrap_or_default(),
            )
        };
        let (entries, version, print) = self.mt_terms(id, &source);
        Some(MtItem {
            id,
            request: Request {
                source,
                before: crate::formats::inline::to_plain(&before),
                after: crate::formats::inline::to_plain(&after),
                terms: entries,
            },
            terms: version,
            print,
        })
    }

    /// What changes when segment `id`'s request changes (cheap: no neighbours looked at).
    pub fn mt_print(&mut self, id: SegmentId) -> Option<u64> {
        let source = self.project().segment(id)?.source.clone();
        Some(self.mt_terms(id, &source).2)
    }

    /// The glossary entries in `source` (of segment `id`), their version, and the print of
    /// source and version together.
    fn mt_terms(&mut self, id: SegmentId, source: &str) -> (Vec<terms::TermEntry>, u64, u64) {
        let hits = self.hits(id);
        let entries = terms::entries(source, &hits);
        let version = terms::version(&entries);
        let print = crate::memory::text::hash_of((source, version));
        (entries, version, print)
    }

    /// Segment `id` and up to `ahead` segments after it.
    pub fn mt_items_from(&mut self, id: SegmentId, ahead: usize) -> Vec<MtItem> {
        let Some(at) = self.project().segments().position(|s| s.id == id) else {
            return Vec::new();
        };
        (at..at + ahead + 1)
            .filter_map(|i| self.mt_item_at(i))
            .collect()
    }

    /// Every segment without a translation that has German to translate.
    pub fn mt_untranslated(&mut self) -> Vec<MtItem> {
        let wanted: Vec<usize> = self
            .project()
            .segments()
            .enumerate()
            .filter(|(_, s)| s.target.trim().is_empty() && !s.source.trim().is_empty())
            .map(|(i, _)| i)
            .collect();
        wanted
            .into_iter()
            .filter_map(|i| self.mt_item_at(i))
            .collect()
    }

    /// The glossary entries that occur anywhere in the project, German (as found and in its
    /// base form) → preferred English, for engines that keep a glossary of their own.
    pub fn project_glossary(&mut self) -> ProjectGlossary {
        let segments: Vec<(SegmentId, String)> = self
            .project()
            .segments()
            .map(|s| (s.id, s.source.clone()))
            .collect();
        let mut entries = Vec::new();
        for (id, source) in segments {
            let hits = self.hits(id);
            for entry in terms::entries(&source, &hits) {
                let target = entry.targets[0].clone();
                if entry.found != entry.base {
                    entries.push((entry.found.clone(), target.clone()));
                }
                entries.push((entry.base, target));
            }
        }
        ProjectGlossary::new(&self.memory_key(), entries)
    }

    /// Replaces the target of `id` with a machine translation: one undo step, origin
    /// machine, the engine named on the segment.
    pub fn take_machine(
        &mut self,
        id: SegmentId,
        target: &str,
        engine: &str,
    ) -> Result<(), WorkbenchError> {
        let Some(edit) = self.machine_edit(id, target, engine)? else {
            return Ok(());
        };
        self.activate(id);
        self.change(super::Change::Project(edit), false)
    }

    fn machine_edit(
        &self,
        id: SegmentId,
        target: &str,
        engine: &str,
    ) -> Result<Option<Edit>, WorkbenchError> {
        let segment = self.segment(id)?;
        if segment.target == target && segment.engine == engine {
            return Ok(None);
        }
        let mut edits = vec![Edit::SetTarget {
            id,
            target: target.to_string(),
            origin: Origin::Machine,
        }];
        if let Some(status) = segment.status_for_new_target(target) {
            edits.push(Edit::SetStatus { id, status });
        }
        if segment.engine != engine {
            edits.push(Edit::SetEngine {
                id,
                engine: engine.to_string(),
            });
        }
        Ok(Some(Edit::Batch(edits)))
    }

    /// Fills segments that are still empty with machine drafts, in one undo step; returns
    /// how many were filled.
    pub fn apply_machine_drafts(
        &mut self,
        fills: &[(SegmentId, String)],
        engine: &str,
    ) -> Result<usize, WorkbenchError> {
        let mut edits = Vec::new();
        for (id, target) in fills {
            let Ok(segment) = self.segment(*id) else {
                continue; // merged or split away meanwhile
            };
            if !segment.target.trim().is_empty() || target.trim().is_empty() {
                continue;
            }
            if let Some(Edit::Batch(mut batch)) = self.machine_edit(*id, target, engine)? {
                batch.retain(|e| !matches!(e, Edit::SetStatus { .. }));
                batch.push(Edit::SetStatus {
                    id: *id,
                    status: Status::Draft,
                });
                edits.push(Edit::Batch(batch));
            }
        }
        let filled = edits.len();
        if filled > 0 {
            self.apply(Edit::Batch(edits))?;
        }
        Ok(filled)
    }

    /// Whether the project allows machine translation, and into which English.
    pub fn set_machine_settings(
        &mut self,
        settings: crate::model::MachineSettings,
    ) -> Result<(), WorkbenchError> {
        if self.project().machine == settings {
            return Ok(());
        }
        self.apply(Edit::SetMachine(settings))
    }
}

/// What translating a list of items with one engine gave.
#[derive(Debug, Default)]
pub struct Translated {
    /// Per item, in order: the translation or why there is none.
    pub results: Vec<(SegmentId, Result<String, MtError>)>,
    /// Characters of German sent (cached answers send nothing).
    pub sent: usize,
    /// Answers that came from the cache.
    pub cached: usize,
}

impl Translated {
    /// The translations to fill in, and each different error once.
    pub fn into_drafts(self) -> (Vec<(SegmentId, String)>, Vec<String>) {
        let mut fills = Vec::new();
        let mut errors: Vec<String> = Vec::new();
        for (id, result) in self.results {
            match result {
                Ok(text) => fills.push((id, text)),
                Err(error) => {
                    let message = error.to_string();
                    if !errors.contains(&message) {
                        errors.push(message);
                    }
                }
            }
        }
        (fills, errors)
    }
}

/// How a batch of items is translated.
pub struct Run<'a> {
    pub engine: &'a dyn Engine,
    pub variant: Variant,
    pub glossary: &'a ProjectGlossary,
    pub cache: Option<&'a MtCache>,
    /// The least time between two requests (a rate limit of the translator's own).
    pub pace: Duration,
    pub progress: &'a (dyn Fn(f32) + Sync),
    pub cancelled: &'a (dyn Fn() -> bool + Sync),
}

/// The cache key of an engine's answers in a variant.
pub fn cache_key(engine: &dyn Engine, variant: Variant) -> String {
    format!("{}|{}", engine.signature(), variant.tag())
}

/// Translates `items` one by one: the cache first, then the engine. An error that would
/// repeat for every item (a wrong key, no quota, no connection, a stop) ends the run, and
/// the remaining items carry it without being sent.
pub fn translate_items(run: &Run, items: &[MtItem]) -> Translated {
    let key = cache_key(run.engine, run.variant);
    let mut out = Translated::default();
    let mut last: Option<Instant> = None;
    let mut fatal: Option<MtError> = None;
    for (n, item) in items.iter().enumerate() {
        (run.progress)(n as f32 / items.len().max(1) as f32);
        if let Some(error) = &fatal {
            out.results.push((item.id, Err(error.clone())));
            continue;
        }
        if let Some(found) = run
            .cache
            .and_then(|c| c.get(&key, item.terms, &item.request.source))
        {
            out.cached += 1;
            out.results.push((item.id, Ok(found)));
            continue;
        }
        if let Some(last) = last {
            let wait = run.pace.saturating_sub(last.elapsed());
            if !wait.is_zero() {
                std::thread::sleep(wait);
            }
        }
        if (run.cancelled)() {
            fatal = Some(MtError::Cancelled);
            out.results.push((item.id, Err(MtError::Cancelled)));
            continue;
        }
        last = Some(Instant::now());
        let batch = Batch {
            requests: std::slice::from_ref(&item.request),
            variant: run.variant,
            glossary: run.glossary,
            cancelled: run.cancelled,
        };
        out.sent += mt::characters(batch.requests);
        let result = run.engine.translate(&batch).and_then(|mut answers| {
            answers.pop().ok_or(MtError::Malformed {
                engine: "The engine",
                why: "no translation came back".into(),
            })
        });
        match &result {
            Ok(text) => {
                if let Some(cache) = run.cache {
                    cache.put(&key, item.terms, &item.request.source, text);
                }
            }
            Err(error) if ends_the_run(error) => fatal = Some(error.clone()),
            Err(_) => {}
        }
        out.results.push((item.id, result));
    }
    (run.progress)(1.0);
    out
}

/// Errors that would come back for every further request.
fn ends_the_run(error: &MtError) -> bool {
    matches!(
        error,
        MtError::NoKey { .. }
            | MtError::Unauthorized { .. }
            | MtError::Quota { .. }
            | MtError::RateLimited { .. }
            | MtError::Network { .. }
            | MtError::Config { .. }
            | MtError::Cancelled
    )
}

/// An engine's answers as suggestions for the results panel.
pub fn suggestions(
    engine: &str,
    items: &[MtItem],
    translated: Translated,
) -> Vec<(SegmentId, MachineSuggestion)> {
    items
        .iter()
        .zip(translated.results)
        .map(|(item, (id, result))| {
            let missing = match &result {
                Ok(text) => mt::missing_terms(&item.request.terms, text),
                Err(_) => Vec::new(),
            };
            (
                id,
                MachineSuggestion {
                    engine: engine.to_string(),
                    result: result.map_err(|e| e.to_string()),
                    missing,
                },
            )
        })
        .collect()
}

/// An engine, built or not, shared with jobs.
pub type SharedEngine = Arc<dyn Engine>;
