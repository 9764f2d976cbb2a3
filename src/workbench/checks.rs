//! Quality checks in the workbench: each segment's issues kept until its source, target,
//! the glossaries, the settings or the dictionary change; the whole project's list rebuilt
//! a slice at a time ([`Workbench::refresh_checks`] with a time budget, so that a window
//! frame never waits for a 10,000-segment project); ignoring an issue and switching a check
//! off as undoable edits; the translator's own dictionary (a word a line, `words.txt` in the
//! data folder).

use super::{Workbench, WorkbenchError};
use crate::model::edit::Edit;
use crate::model::{Ignored, SegmentId};
use crate::qa::{self, Check, Context, Issue, Speller, Words};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The translator's own dictionary: `words.txt` in the data folder.
pub fn default_words_file() -> Option<PathBuf> {
    super::memory::data_dir().map(|d| d.join("words.txt"))
}

/// The words of a dictionary file, a word a line (`#` lines are comments); no file, no words.
pub fn read_words(path: &Path) -> Result<Vec<String>, String> {
    match crate::fsio::read_input(path, 16 * 1024 * 1024) {
        Ok(bytes) => {
            let text = crate::base::decode::decode_text(&bytes)
                .map(|d| d.text)
                .unwrap_or_default();
            Ok(text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect())
        }
        Err(crate::fsio::InputError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(Vec::new())
        }
        Err(error) => Err(format!("{}: {error}", path.display())),
    }
}

/// Writes the dictionary file with `words` (sorted, each once).
pub fn write_words(path: &Path, words: &[String]) -> Result<(), String> {
    let mut sorted: Vec<&String> = words.iter().collect();
    sorted.sort_by_key(|w| w.to_lowercase());
    sorted.dedup();
    let mut text = String::from("# Words the spelling check accepts, a word a line (Tandem)\n");
    for word in sorted {
        text.push_str(word);
        text.push('\n');
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    crate::fsio::write_atomic(path, text.as_bytes(), crate::fsio::Backup::Keep)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The issues of the segments and of the project, as far as they are known.
#[derive(Default)]
pub(super) struct CheckState {
    speller: Option<Arc<Speller>>,
    personal: Vec<String>,
    /// Counts changes of `personal`.
    personal_generation: u64,
    /// Words for the spelling check, with the terminology generation they were made for.
    words: Option<(u64, Arc<Words>)>,
    /// What every segment's issues depend on besides the segment.
    settings_print: u64,
    segments: HashMap<SegmentId, Checked>,
    /// Segments whose issues may be out of date, and the revision that set follows.
    pending: Vec<SegmentId>,
    seen: Option<u64>,
    /// The project's list, and when it was made.
    list: Option<IssueList>,
    listed_at: Option<Instant>,
    /// The (revision, settings) of a list being made off the window's thread.
    asked: Option<(u64, u64)>,
    /// Every segment's issues and text in document order, shared with the job that makes
    /// the list: an edit replaces its segment's entry, so that handing the list's input to a
    /// job copies nothing. Rebuilt after segments were added, removed or moved.
    order: Arc<Vec<Checked>>,
    position: HashMap<SegmentId, usize>,
    order_stale: bool,
}

/// One segment's issues, with the print of its text and the text for the consistency check
/// (shared with the job that makes the project's list, so that taking its input copies no
/// text).
#[derive(Clone)]
struct Checked {
    id: SegmentId,
    print: u64,
    issues: Arc<[Issue]>,
    source: Arc<str>,
    target: Arc<str>,
}

/// The project's issues for one revision and settings print.
pub struct IssueList {
    revision: u64,
    settings: u64,
    issues: Arc<[Issue]>,
}

/// What making the project's list needs, taken from the workbench so that the work (the
/// consistency check over every segment, the merge) can run on another thread.
pub struct ListInput {
    revision: u64,
    settings: u64,
    order: Arc<Vec<Checked>>,
    qa: crate::model::QaSettings,
}

impl ListInput {
    pub fn run(self) -> IssueList {
        let mut per_segment = Vec::new();
        let mut rows = Vec::new();
        for (i, checked) in self.order.iter().enumerate() {
            if !checked.issues.is_empty() {
                per_segment.push((i + 1, checked.issues.clone()));
            }
            if !checked.target.trim().is_empty() {
                rows.push(qa::Row {
                    number: i + 1,
                    id: checked.id,
                    source: checked.source.clone(),
                    target: checked.target.clone(),
                });
            }
        }
        IssueList {
            revision: self.revision,
            settings: self.settings,
            issues: Arc::from(qa::project_list(&per_segment, &rows, &self.qa)),
        }
    }
}

/// How often the project-wide list is remade while the translator types.
const REBUILD_EVERY: Duration = Duration::from_millis(400);

impl Workbench {
    /// The dictionary for the spelling check (`None`: no spelling check).
    pub fn set_speller(&mut self, speller: Option<Arc<Speller>>) {
        self.checks.speller = speller;
    }

    pub fn speller(&self) -> Option<&Arc<Speller>> {
        self.checks.speller.as_ref()
    }

    /// The translator's own words, which the spelling check accepts.
    pub fn set_personal_words(&mut self, words: Vec<String>) {
        self.checks.personal = words;
        self.checks.personal_generation += 1;
        self.checks.words = None;
    }

    pub fn personal_words(&self) -> &[String] {
        &self.checks.personal
    }

    /// The dictionary and the words it must accept, when spelling is checked.
    pub fn spelling(&mut self) -> Option<(Arc<Speller>, Arc<Words>)> {
        let speller = self.checks.speller.clone()?;
        Some((speller, self.words()))
    }

    fn words(&mut self) -> Arc<Words> {
        let generation = self.docs.terminology.generation();
        if let Some((known, words)) = &self.checks.words
            && *known == generation
        {
            return words.clone();
        }
        let words = Arc::new(Words::from_terminology(
            &self.docs.terminology,
            &self.checks.personal,
        ));
        self.checks.words = Some((generation, words.clone()));
        words
    }

    /// What a segment's issues depend on besides its own text.
    fn settings_print(&self) -> u64 {
        let qa = &self.docs.project.qa;
        crate::memory::text::hash_of((
            self.docs.terminology.generation(),
            self.docs.project.machine.variant,
            self.checks.speller.as_ref().map(|s| s.variant()),
            self.checks.personal_generation,
            qa,
        ))
    }

    /// Follows the edits since the last look: touched segments are checked again, and every
    /// segment when segments moved or the settings, glossaries or dictionary changed.
    fn track(&mut self) {
        let settings = self.settings_print();
        let all = |workbench: &Workbench| -> Vec<SegmentId> {
            workbench.docs.project.segments().map(|s| s.id).collect()
        };
        if settings != self.checks.settings_print {
            self.checks.settings_print = settings;
            self.checks.segments.clear();
            self.checks.pending = all(self);
            self.checks.order_stale = true;
        } else if self.checks.seen != Some(self.revision) {
            match self.checks.seen.and_then(|seen| self.changes_since(seen)) {
                Some(changes) if !changes.structural => {
                    self.checks.pending.extend(changes.segments);
                }
                _ => {
                    self.checks.pending = all(self);
                    let project = &self.docs.project;
                    self.checks
                        .segments
                        .retain(|id, _| project.segment(*id).is_some());
                    self.checks.order_stale = true;
                }
            }
        }
        self.checks.seen = Some(self.revision);
    }

    /// The issues of segment `id` on its own (consistency aside), computed once per text and
    /// settings.
    pub fn segment_issues(&mut self, id: SegmentId) -> Arc<[Issue]> {
        self.track();
        self.issues_now(id)
    }

    fn issues_now(&mut self, id: SegmentId) -> Arc<[Issue]> {
        let Some(segment) = self.docs.project.segment(id) else {
            return Arc::from(Vec::new());
        };
        let print = crate::memory::text::hash_of((&segment.source, &segment.target));
        if let Some(known) = self.checks.segments.get(&id)
            && known.print == print
        {
            return known.issues.clone();
        }
        // An untranslated segment has that one issue: nothing about its source is needed.
        let untranslated = segment.target.trim().is_empty();
        let (hits, placeables) = if untranslated {
            (Arc::from(Vec::new()), Arc::from(Vec::new()))
        } else {
            (self.hits(id), self.placeables(id))
        };
        let words = self.words();
        let Some(segment) = self.docs.project.segment(id) else {
            return Arc::from(Vec::new());
        };
        let cx = Context {
            variant: self.docs.project.machine.variant,
            hits: &hits,
            placeables: &placeables,
            speller: self.checks.speller.as_deref(),
            words: Some(&words),
            settings: &self.docs.project.qa,
        };
        let issues: Arc<[Issue]> = Arc::from(qa::check_segment(segment, &cx));
        let checked = Checked {
            id,
            print,
            issues: issues.clone(),
            source: Arc::from(segment.source.as_str()),
            target: Arc::from(segment.target.as_str()),
        };
        if !self.checks.order_stale
            && let Some(&at) = self.checks.position.get(&id)
            && let Some(slot) = Arc::make_mut(&mut self.checks.order).get_mut(at)
        {
            *slot = checked.clone();
        }
        self.checks.segments.insert(id, checked);
        issues
    }

    /// Checks the segments whose issues may be out of date, spending about `budget`; `true`
    /// when every segment's issues are known.
    pub fn refresh_segments(&mut self, budget: Duration) -> bool {
        let started = Instant::now();
        self.track();
        while let Some(id) = self.checks.pending.pop() {
            self.issues_now(id);
            if started.elapsed() >= budget {
                break;
            }
        }
        self.checks.pending.is_empty()
    }

    /// Whether the project's list is the one for the project as it is now.
    pub fn issues_are_current(&self) -> bool {
        self.checks.list.as_ref().is_some_and(|l| {
            l.revision == self.revision && l.settings == self.checks.settings_print
        }) && self.checks.pending.is_empty()
    }

    /// What remaking the project's list needs, when it is due: every segment's issues known,
    /// the list out of date, none being made, and (while the translator types) the last one
    /// at least a moment old. A change of settings (an issue ignored) is due at once.
    pub fn issue_list_input(&mut self) -> Option<ListInput> {
        self.track();
        let now = (self.revision, self.checks.settings_print);
        if !self.checks.pending.is_empty()
            || self.issues_are_current()
            || self.checks.asked == Some(now)
        {
            return None;
        }
        let same_settings = self
            .checks
            .list
            .as_ref()
            .is_some_and(|l| l.settings == self.checks.settings_print);
        if same_settings
            && self
                .checks
                .listed_at
                .is_some_and(|at| at.elapsed() < REBUILD_EVERY)
        {
            return None;
        }
        self.checks.asked = Some(now);
        Some(self.list_input())
    }

    /// The input for the list now, whatever is due (every segment's issues known).
    fn list_input(&mut self) -> ListInput {
        if self.checks.order_stale {
            let segments = &self.checks.segments;
            let order: Vec<Checked> = self
                .docs
                .project
                .segments()
                .filter_map(|s| segments.get(&s.id).cloned())
                .collect();
            self.checks.position = order.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
            self.checks.order = Arc::new(order);
            self.checks.order_stale = false;
        }
        ListInput {
            revision: self.revision,
            settings: self.checks.settings_print,
            order: self.checks.order.clone(),
            qa: self.docs.project.qa.clone(),
        }
    }

    /// Takes a list made from [`Workbench::issue_list_input`]; shown even when the project
    /// has changed since (a newer one follows).
    pub fn take_issue_list(&mut self, list: IssueList) {
        if self.checks.asked == Some((list.revision, list.settings)) {
            self.checks.asked = None;
        }
        self.checks.list = Some(list);
        self.checks.listed_at = Some(Instant::now());
    }

    /// The project's issues as of the last list made (`None` before the first).
    pub fn issues(&self) -> Option<Arc<[Issue]>> {
        self.checks.list.as_ref().map(|l| l.issues.clone())
    }

    /// Every issue of the project now, computed to the end on this thread (the command
    /// line, tests, benchmarks).
    pub fn check_all(&mut self) -> Arc<[Issue]> {
        self.track();
        if !self.issues_are_current() {
            while !self.refresh_segments(Duration::from_secs(3600)) {}
            let list = self.list_input().run();
            self.take_issue_list(list);
        }
        self.issues().unwrap_or_else(|| Arc::from(Vec::new()))
    }

    /// The issues of segment `id`: its own, and those of the project-wide list (consistency)
    /// that concern it.
    pub fn issues_of(&mut self, id: SegmentId) -> Vec<Issue> {
        let mut out: Vec<Issue> = self.segment_issues(id).to_vec();
        if let Some(all) = self.issues() {
            out.extend(
                all.iter()
                    .filter(|i| {
                        i.segment == id
                            && matches!(
                                i.check,
                                Check::InconsistentSource | Check::InconsistentTarget
                            )
                    })
                    .cloned(),
            );
        }
        out
    }

    /// Leaves `issue` alone from now on (one undo step).
    pub fn ignore_issue(&mut self, issue: &Issue) -> Result<(), WorkbenchError> {
        let mut settings = self.docs.project.qa.clone();
        settings.ignored.insert(Ignored {
            segment: issue.segment,
            key: issue.key.clone(),
        });
        self.apply(Edit::SetQa(settings))
    }

    /// Switches a check on or off for the project (one undo step).
    pub fn set_check(&mut self, check: Check, on: bool) -> Result<(), WorkbenchError> {
        let mut settings = self.docs.project.qa.clone();
        if on {
            settings.off.remove(check.name());
        } else {
            settings.off.insert(check.name().to_string());
        }
        if settings == self.docs.project.qa {
            return Ok(());
        }
        self.apply(Edit::SetQa(settings))
    }

    /// Applies an issue's fix to the target (one undo step, like typing).
    pub fn apply_fix(&mut self, issue: &Issue) -> Result<bool, WorkbenchError> {
        let Some(fix) = &issue.fix else {
            return Ok(false);
        };
        let Some(segment) = self.docs.project.segment(issue.segment) else {
            return Ok(false);
        };
        let target = &segment.target;
        if fix.range.end > target.len()
            || !target.is_char_boundary(fix.range.start)
            || !target.is_char_boundary(fix.range.end)
        {
            return Ok(false);
        }
        let mut fixed = target.clone();
        fixed.replace_range(fix.range.clone(), &fix.replacement);
        let Some(edit) = self.target_edit(issue.segment, &fixed, segment.origin)? else {
            return Ok(false);
        };
        self.apply(edit)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn workbench() -> Workbench {
        let mut workbench = Workbench::sample();
        let ids: Vec<SegmentId> = workbench.project().segments().map(|s| s.id).collect();
        for id in ids {
            let source = workbench.project().segment(id).unwrap().source.clone();
            workbench.type_target(id, &source).unwrap();
        }
        workbench
    }

    #[test]
    fn segments_are_checked_in_slices_and_the_list_follows_edits() {
        let mut workbench = workbench();
        let count = workbench.project().segment_count();
        // A budget of nothing checks one segment a call.
        let mut rounds = 1;
        while !workbench.refresh_segments(Duration::ZERO) {
            rounds += 1;
        }
        assert_eq!(rounds, count);
        assert!(workbench.issues().is_none());
        let input = workbench.issue_list_input().expect("a list is due");
        // Asked once: not again while it is being made.
        assert!(workbench.issue_list_input().is_none());
        workbench.take_issue_list(input.run());
        assert!(workbench.issues_are_current());
        assert!(!workbench.issues().unwrap().is_empty());
        // An edit: that one segment is checked again.
        let first = workbench.project().segments().next().unwrap().id;
        workbench.type_target(first, "").unwrap();
        assert!(workbench.refresh_segments(Duration::ZERO));
        assert!(!workbench.issues_are_current());
        let after = workbench.check_all();
        assert!(
            after
                .iter()
                .any(|i| i.segment == first && i.check == Check::Untranslated)
        );
        // Ignoring an issue makes a new list due at once.
        let issue = after[0].clone();
        workbench.ignore_issue(&issue).unwrap();
        assert!(workbench.refresh_segments(Duration::from_secs(1)));
        let input = workbench.issue_list_input().expect("due at once");
        workbench.take_issue_list(input.run());
        assert!(!workbench.issues().unwrap().contains(&issue));
    }

    #[test]
    fn ignoring_and_switching_off_are_undoable() {
        let mut workbench = workbench();
        let first = workbench.project().segments().next().unwrap().id;
        workbench.type_target(first, "").unwrap();
        workbench.set_status(first, Status::Draft).unwrap();
        let issue = workbench
            .issues_of(first)
            .into_iter()
            .find(|i| i.check == Check::Untranslated)
            .unwrap();
        workbench.ignore_issue(&issue).unwrap();
        assert!(
            workbench
                .issues_of(first)
                .iter()
                .all(|i| i.check != Check::Untranslated)
        );
        workbench.undo().unwrap();
        assert!(
            workbench
                .issues_of(first)
                .iter()
                .any(|i| i.check == Check::Untranslated)
        );
        let total = workbench.check_all().len();
        workbench.set_check(Check::SameAsSource, false).unwrap();
        let fewer = workbench.check_all().len();
        assert!(fewer < total, "{fewer} < {total}");
        workbench.undo().unwrap();
        assert_eq!(workbench.check_all().len(), total);
    }

    #[test]
    fn a_fix_is_one_edit() {
        let mut workbench = workbench();
        let first = workbench.project().segments().next().unwrap().id;
        workbench.type_target(first, "He  came.").unwrap();
        let issue = workbench
            .issues_of(first)
            .into_iter()
            .find(|i| i.check == Check::Spaces)
            .unwrap();
        assert!(workbench.apply_fix(&issue).unwrap());
        assert_eq!(
            workbench.project().segment(first).unwrap().target,
            "He came."
        );
    }

    #[test]
    fn the_personal_dictionary_round_trips() {
        let dir = std::env::temp_dir().join(format!("tandem-words-{}", std::process::id()));
        let path = dir.join("words.txt");
        assert!(read_words(&path).unwrap().is_empty());
        write_words(&path, &["Schoigu".into(), "Lawrow".into(), "Lawrow".into()]).unwrap();
        assert_eq!(read_words(&path).unwrap(), ["Lawrow", "Schoigu"]);
        let _ = std::fs::remove_dir_all(dir);
    }
}
