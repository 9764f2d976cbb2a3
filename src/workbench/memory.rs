//! The workbench's side of translation memory: which memories a project consults (its own,
//! the translator's main memory, read-only references), looking a segment up in all of them,
//! pretranslation planned off the window's thread and applied as one undo step, writing
//! confirmed segments back, and propagation of a confirmed translation to the project's
//! other segments with the same source.

use super::{Workbench, WorkbenchError};
use crate::memory::text::normalize;
use crate::memory::{Match, Unit, rank};
use crate::model::edit::Edit;
use crate::model::{Origin, Project, SegmentId, Status};
use crate::stores::{MemoryStore, Query, StoreError, unit_of_segment};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A name for a project's units in memories: its file name when it has one (so a project
/// saved before memories existed keeps a stable name), else a fresh one.
pub fn new_memory_id(path: Option<&Path>) -> String {
    if let Some(name) = path.and_then(Path::file_name) {
        return name.to_string_lossy().into_owned();
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mixed = crate::memory::text::hash_of((nanos, std::process::id()));
    format!("project-{mixed:016x}")
}

/// The project's own memory file: beside the project, `article.tandem` → `article.memory`.
pub fn project_memory_path(project: &Path) -> PathBuf {
    project.with_extension("memory")
}

/// Where Tandem keeps the translator's data (the main memory, settings): `TANDEM_DATA_DIR`
/// if set, else the platform's place for application data (`~/.local/share/tandem` on
/// Linux, `~/Library/Application Support/tandem` on macOS, `%APPDATA%\tandem` on Windows).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TANDEM_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(windows) {
        return var("APPDATA").map(|d| d.join("tandem"));
    }
    if cfg!(target_os = "macos") {
        return var("HOME").map(|h| h.join("Library/Application Support/tandem"));
    }
    var("XDG_DATA_HOME")
        .or_else(|| var("HOME").map(|h| h.join(".local/share")))
        .map(|d| d.join("tandem"))
}

/// Tandem's password file for team servers (`~/.pgpass` format, owner-only): `pgpass` in
/// [`data_dir`].
pub fn password_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("pgpass"))
}

/// A team server's address as Tandem connects to it: with its password file, if there is a
/// place for one.
pub fn team_connection(url: &str) -> String {
    match password_file() {
        Some(file) => crate::stores::server::with_password_file(url, &file),
        None => url.to_string(),
    }
}

/// The main memory's default place: `main.memory` in [`data_dir`].
pub fn default_main_memory() -> Option<PathBuf> {
    data_dir().map(|d| d.join("main.memory"))
}

/// What a segment is looked up with: its source and its neighbours' (for context matches).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentQuery {
    pub id: SegmentId,
    pub source: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// Lookup questions for segment `id` and the `ahead` segments after it.
pub fn queries_from(project: &Project, id: SegmentId, ahead: usize) -> Vec<SegmentQuery> {
    let Some(at) = project.segments().position(|s| s.id == id) else {
        return Vec::new();
    };
    let window: Vec<_> = project
        .segments()
        .skip(at.saturating_sub(1))
        .take(ahead + 3)
        .collect();
    let plain = |text: &str| crate::formats::inline::to_plain(text).trim().to_string();
    let first = usize::from(at > 0);
    (first..window.len().min(first + ahead + 1))
        .map(|i| SegmentQuery {
            id: window[i].id,
            source: plain(&window[i].source),
            previous: i.checked_sub(1).map(|p| plain(&window[p].source)),
            next: window.get(i + 1).map(|n| plain(&n.source)),
        })
        .collect()
}

/// Lookup questions for the segments of `project` (the untranslated ones only, if asked).
pub fn segment_queries(project: &Project, only_untranslated: bool) -> Vec<SegmentQuery> {
    let segments: Vec<_> = project.segments().collect();
    let plain = |text: &str| crate::formats::inline::to_plain(text).trim().to_string();
    segments
        .iter()
        .enumerate()
        .filter(|(_, s)| !only_untranslated || s.target.trim().is_empty())
        .map(|(i, s)| SegmentQuery {
            id: s.id,
            source: plain(&s.source),
            previous: i.checked_sub(1).map(|p| plain(&segments[p].source)),
            next: segments.get(i + 1).map(|n| plain(&n.source)),
        })
        .collect()
}

/// Looks `query` up in every memory, best first; identical translations found in several
/// memories are shown once (from the first memory, which takes precedence). Memories that
/// fail are reported beside the matches of the others.
pub fn lookup_all(
    memories: &[Arc<dyn MemoryStore>],
    query: &SegmentQuery,
    min: u8,
    limit: usize,
) -> (Vec<Match>, Vec<StoreError>) {
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for memory in memories {
        let question = Query {
            source: &query.source,
            previous: query.previous.as_deref(),
            next: query.next.as_deref(),
            min,
            limit,
        };
        match memory.lookup(&question) {
            Ok(found) => all.extend(found),
            Err(e) => errors.push(e),
        }
    }
    rank(&mut all);
    let mut seen = std::collections::HashSet::new();
    all.retain(|m| seen.insert((m.unit.source.clone(), m.unit.target.clone())));
    all.truncate(limit);
    (all, errors)
}

/// What pretranslation will fill: per segment, the translation, its score and memory.
#[derive(Clone, Debug, Default)]
pub struct Pretranslation {
    pub fills: Vec<Fill>,
    pub report: PretranslateReport,
    pub errors: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fill {
    pub id: SegmentId,
    pub target: String,
    pub score: u8,
    pub memory: String,
}

/// How many segments pretranslation filled, by score.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PretranslateReport {
    /// Segments that had no translation.
    pub untranslated: usize,
    /// Filled segments per score (101 = context match).
    pub by_score: BTreeMap<u8, usize>,
    /// Whether it was stopped before the end.
    pub stopped: bool,
}

impl PretranslateReport {
    pub fn filled(&self) -> usize {
        self.by_score.values().sum()
    }

    /// "12 segments filled (3 context, 8 at 100%, 1 at 92%); 4 left" as the status bar says it.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .by_score
            .iter()
            .rev()
            .map(|(score, n)| match score {
                101 => format!("{n} context"),
                s => format!("{n} at {s}%"),
            })
            .collect();
        let filled = self.filled();
        let mut text = format!(
            "{filled} segment{} filled from memory",
            if filled == 1 { "" } else { "s" }
        );
        if !parts.is_empty() {
            text.push_str(&format!(" ({})", parts.join(", ")));
        }
        text.push_str(&format!(
            "; {} left untranslated",
            self.untranslated - filled
        ));
        if self.stopped {
            text.push_str(" (stopped)");
        }
        text
    }
}

/// Finds, for each of `queries`, the best match at or above `min` in `memories`. Runs off
/// the window's thread; `progress` gets the fraction done, `stop` ends it early.
pub fn plan_pretranslation(
    queries: &[SegmentQuery],
    memories: &[Arc<dyn MemoryStore>],
    min: u8,
    progress: &dyn Fn(f32),
    stop: &dyn Fn() -> bool,
) -> Pretranslation {
    let mut plan = Pretranslation::default();
    plan.report.untranslated = queries.len();
    let total = queries.len().max(1) as f32;
    // Repeated sentences are looked up once.
    let mut answered: HashMap<(String, Option<String>, Option<String>), Option<Match>> =
        HashMap::new();
    for (i, query) in queries.iter().enumerate() {
        if i % 64 == 0 {
            progress(i as f32 / total);
            if stop() {
                plan.report.stopped = true;
                break;
            }
        }
        let key = (
            query.source.clone(),
            query.previous.clone(),
            query.next.clone(),
        );
        let best = answered.entry(key).or_insert_with(|| {
            let (found, errors) = lookup_all(memories, query, min, 1);
            plan.errors
                .extend(errors.into_iter().map(|e| e.to_string()));
            found.into_iter().next()
        });
        if let Some(found) = best {
            *plan.report.by_score.entry(found.score).or_default() += 1;
            plan.fills.push(Fill {
                id: query.id,
                target: found.unit.target.clone(),
                score: found.score,
                memory: found.memory.clone(),
            });
        }
    }
    plan.errors.dedup();
    progress(1.0);
    plan
}

impl Workbench {
    /// Applies a pretranslation as one undo step: each planned segment that is still
    /// without a translation becomes a draft from memory. Returns how many were filled.
    pub fn apply_pretranslation(&mut self, plan: &Pretranslation) -> Result<usize, WorkbenchError> {
        let mut edits = Vec::new();
        for fill in &plan.fills {
            let Ok(segment) = self.segment(fill.id) else {
                continue; // merged or split away meanwhile
            };
            if !segment.target.trim().is_empty() {
                continue;
            }
            edits.push(Edit::SetTarget {
                id: fill.id,
                target: fill.target.clone(),
                origin: Origin::Memory,
            });
            edits.push(Edit::SetStatus {
                id: fill.id,
                status: Status::Draft,
            });
        }
        let filled = edits.len() / 2;
        if filled > 0 {
            self.apply(Edit::Batch(edits))?;
        }
        Ok(filled)
    }

    /// Offers the translation of `id` to every other segment with the same source (white
    /// space and quote style aside) that has no translation yet: they become drafts from
    /// memory, in one undo step. Returns how many were filled.
    pub fn propagate(&mut self, id: SegmentId) -> Result<usize, WorkbenchError> {
        let segment = self.segment(id)?;
        if segment.target.trim().is_empty() {
            return Ok(0);
        }
        let (source, target) = (normalize(&segment.source), segment.target.clone());
        let edits: Vec<Edit> = self
            .project()
            .segments()
            .filter(|s| s.id != id && s.target.trim().is_empty() && normalize(&s.source) == source)
            .flat_map(|s| {
                [
                    Edit::SetTarget {
                        id: s.id,
                        target: target.clone(),
                        origin: Origin::Memory,
                    },
                    Edit::SetStatus {
                        id: s.id,
                        status: Status::Draft,
                    },
                ]
            })
            .collect();
        let filled = edits.len() / 2;
        if filled > 0 {
            self.apply(Edit::Batch(edits))?;
        }
        Ok(filled)
    }

    /// Fills the target of `id` with a memory match's translation, replacing what was there:
    /// one undo step of its own (not merged with the typing around it); origin memory.
    pub fn take_match(&mut self, id: SegmentId, target: &str) -> Result<(), WorkbenchError> {
        let Some(edit) = self.target_edit(id, target, Origin::Memory)? else {
            return Ok(());
        };
        self.activate(id);
        self.change(super::Change::Project(edit), false)
    }

    /// The unit a confirmed segment gives the memories (`None` if it is not confirmed or has
    /// no translation). `key` names the project (see [`Workbench::memory_key`]).
    pub fn unit_for(&self, id: SegmentId) -> Option<Unit> {
        let segments: Vec<_> = self.project().segments().collect();
        let at = segments.iter().position(|s| s.id == id)?;
        let segment = segments[at];
        if segment.status < Status::Translated
            || segment.target.trim().is_empty()
            || segment.source.trim().is_empty()
        {
            return None;
        }
        let now = crate::base::time::utc_now(false);
        Some(unit_of_segment(
            &segments,
            at,
            &self.memory_key(),
            None,
            &now,
        ))
    }

    /// What names this project's units in memories (see [`MemorySettings`]).
    ///
    /// [`MemorySettings`]: crate::model::MemorySettings
    pub fn memory_key(&self) -> String {
        self.project().memory.id.clone()
    }

    /// The units of the segments confirmed since the last call, for the memories.
    pub fn take_memory_writes(&mut self) -> Vec<Unit> {
        let ids = std::mem::take(&mut self.memory_writes);
        ids.into_iter().filter_map(|id| self.unit_for(id)).collect()
    }

    /// Sets the read-only memories the project consults (the session opens them).
    pub fn set_memory_files(&mut self, files: Vec<String>) {
        if self.docs.project.memory.files != files {
            self.docs.project.memory.files = files;
            self.mark_changed();
        }
    }

    /// The active segment when the translator went there; `None` when undo or redo moved
    /// there (an automatic insertion must not undo an undo).
    pub fn entered(&self) -> Option<SegmentId> {
        self.entered.filter(|id| self.active() == Some(*id))
    }

    /// How many segments the last [`confirm`](Workbench::confirm) filled by propagation.
    pub fn propagated(&self) -> usize {
        self.propagated
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stores::SqliteMemory;

    fn workbench(sentences: &[&str]) -> Workbench {
        let text = sentences.join(" ");
        let imported = crate::formats::import_article(
            text.as_bytes(),
            None,
            &crate::segment::Segmenter::german(),
        )
        .unwrap();
        Workbench::new(Project::from_document(imported.document), None)
    }

    #[test]
    fn confirming_propagates_to_the_same_source_in_one_undo_step() {
        let mut w = workbench(&[
            "Putin traf Kim.",
            "Das war „wichtig“.",
            "Putin  traf Kim.",
            "Das war \"wichtig\".",
        ]);
        let ids: Vec<SegmentId> = w.project().segments().map(|s| s.id).collect();
        w.activate(ids[1]);
        w.type_target(ids[1], "That was important.").unwrap();
        w.confirm().unwrap();
        assert_eq!(w.propagated(), 1);
        let third = w.project().segment(ids[3]).unwrap();
        assert_eq!(third.target, "That was important.");
        assert_eq!(third.status, Status::Draft);
        assert_eq!(third.origin, Origin::Memory);
        assert!(w.project().segment(ids[0]).unwrap().target.is_empty());
        // The confirmed segment goes to the memories; the filled ones are drafts and do not.
        let units = w.take_memory_writes();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].target, "That was important.");
        assert_eq!(units[0].previous.as_deref(), Some("Putin traf Kim."));
        assert!(
            units[0]
                .key
                .as_deref()
                .unwrap()
                .ends_with(&format!("#{}", ids[1]))
        );
        assert!(w.take_memory_writes().is_empty());
        w.undo().unwrap();
        assert!(w.project().segment(ids[3]).unwrap().target.is_empty());
        assert_eq!(
            w.project().segment(ids[1]).unwrap().status,
            Status::Translated
        );
    }

    #[test]
    fn taking_a_match_is_an_undo_step_of_its_own() {
        let mut w = workbench(&["Putin traf Kim."]);
        let id = w.project().segments().next().unwrap().id;
        w.activate(id);
        w.type_target(id, "Putin").unwrap();
        w.take_match(id, "Putin met Kim.").unwrap();
        assert_eq!(w.project().segment(id).unwrap().origin, Origin::Memory);
        w.undo().unwrap();
        assert_eq!(w.project().segment(id).unwrap().target, "Putin");
        w.undo().unwrap();
        assert_eq!(w.project().segment(id).unwrap().target, "");
    }

    #[test]
    fn queries_around_a_segment_carry_their_neighbours() {
        let w = workbench(&[
            "Eins ist hier.",
            "Zwei ist da.",
            "Drei ist dort.",
            "Vier ist weg.",
        ]);
        let ids: Vec<SegmentId> = w.project().segments().map(|s| s.id).collect();
        let all = segment_queries(w.project(), false);
        for (at, id) in ids.iter().enumerate() {
            let around = queries_from(w.project(), *id, 2);
            let expected: Vec<SegmentQuery> = all[at..].iter().take(3).cloned().collect();
            assert_eq!(around, expected, "{at}");
        }
    }

    #[test]
    fn pretranslation_fills_untranslated_segments_as_drafts_in_one_step() {
        let dir = std::env::temp_dir().join(format!("tandem-pretranslate-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let memory = SqliteMemory::open(&dir.join("m.memory")).unwrap();
        memory
            .write(&[
                Unit::new("Putin traf Kim.", "Putin met Kim."),
                Unit::new(
                    "Das Abkommen gilt ab heute.",
                    "The agreement applies from today.",
                ),
            ])
            .unwrap();
        let memories: Vec<Arc<dyn MemoryStore>> = vec![Arc::new(memory)];
        let mut w = workbench(&[
            "Putin traf Kim.",
            "Das Abkommen gilt ab morgen.",
            "Niemand weiß es.",
        ]);
        let queries = segment_queries(w.project(), true);
        let plan = plan_pretranslation(&queries, &memories, 100, &|_| {}, &|| false);
        assert_eq!(plan.fills.len(), 1);
        let plan_low = plan_pretranslation(&queries, &memories, 70, &|_| {}, &|| false);
        assert_eq!(plan_low.fills.len(), 2);
        assert_eq!(plan_low.report.by_score.get(&100), Some(&1));
        assert!(
            plan_low
                .report
                .summary()
                .starts_with("2 segments filled from memory")
        );
        assert_eq!(w.apply_pretranslation(&plan_low).unwrap(), 2);
        let first = w.project().segments().next().unwrap();
        assert_eq!(
            (first.target.as_str(), first.status, first.origin),
            ("Putin met Kim.", Status::Draft, Origin::Memory)
        );
        assert!(w.undo().unwrap());
        assert!(w.project().segments().all(|s| s.target.is_empty()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
