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
    /// Words for the spelling check, with the terminology generation they were made for.
    words: Option<(u64, Arc<Words>)>,
    /// What every segment's issues depend on besides the segment.
    settings_print: u64,
    segments: HashMap<SegmentId, (u64, Arc<[Issue]>)>,
    /// The revision the project-wide list is for, and the list.
    all: Option<(u64, u64, Arc<[Issue]>)>,
    /// Where the last slice of a refresh stopped.
    cursor: usize,
    last_full: Option<Instant>,
}

/// How often the project-wide list is rebuilt while the translator types.
const REBUILD_EVERY: Duration = Duration::from_millis(400);

impl Workbench {
    /// The dictionary for the spelling check (`None`: no spelling check).
    pub fn set_speller(&mut self, speller: Option<Arc<Speller>>) {
        self.checks.speller = speller;
        self.checks.segments.clear();
        self.checks.all = None;
    }

    pub fn speller(&self) -> Option<&Arc<Speller>> {
        self.checks.speller.as_ref()
    }

    /// The translator's own words, which the spelling check accepts.
    pub fn set_personal_words(&mut self, words: Vec<String>) {
        self.checks.personal = words;
        self.checks.words = None;
        self.checks.segments.clear();
        self.checks.all = None;
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
            self.checks.personal.len(),
            format!("{:?}", qa),
        ))
    }

    /// The issues of segment `id` on its own (consistency aside), computed once per text and
    /// settings.
    pub fn segment_issues(&mut self, id: SegmentId) -> Arc<[Issue]> {
        let settings = self.settings_print();
        if settings != self.checks.settings_print {
            self.checks.settings_print = settings;
            self.checks.segments.clear();
            self.checks.all = None;
        }
        let Some(segment) = self.docs.project.segment(id) else {
            return Arc::from(Vec::new());
        };
        let print = crate::memory::text::hash_of((&segment.source, &segment.target));
        if let Some((known, issues)) = self.checks.segments.get(&id)
            && *known == print
        {
            return issues.clone();
        }
        let hits = self.hits(id);
        let placeables = self.placeables(id);
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
        self.checks.segments.insert(id, (print, issues.clone()));
        issues
    }

    /// Brings the project-wide list up to date, spending about `budget`; `true` when the
    /// list ([`Workbench::issues`]) is complete for the project as it is now.
    pub fn refresh_checks(&mut self, budget: Duration) -> bool {
        let started = Instant::now();
        let settings = self.settings_print();
        if let Some((revision, print, _)) = &self.checks.all
            && *print == settings
        {
            if *revision == self.revision {
                return true;
            }
            if self
                .checks
                .last_full
                .is_some_and(|at| at.elapsed() < REBUILD_EVERY)
            {
                // A list a moment old stands while the translator types; a change of
                // settings (an issue ignored, a check switched off) shows at once.
                return false;
            }
        }
        let ids: Vec<SegmentId> = self.docs.project.segments().map(|s| s.id).collect();
        while self.checks.cursor < ids.len() {
            self.segment_issues(ids[self.checks.cursor]);
            self.checks.cursor += 1;
            if started.elapsed() >= budget {
                return false;
            }
        }
        self.checks.cursor = 0;
        let mut all: Vec<Issue> = Vec::new();
        for id in &ids {
            all.extend(self.segment_issues(*id).iter().cloned());
        }
        let qa_settings = &self.docs.project.qa;
        let mut more = qa::check_consistency(&self.docs.project);
        more.retain(|i| {
            !qa_settings.off.contains(i.check.name()) && !qa::is_ignored(qa_settings, i)
        });
        qa::merge_in_order(&self.docs.project, &mut all, more);
        self.checks
            .segments
            .retain(|id, _| self.docs.project.segment(*id).is_some());
        self.checks.all = Some((self.revision, settings, Arc::from(all)));
        self.checks.last_full = Some(Instant::now());
        true
    }

    /// The project's issues as of the last complete refresh (`None` before the first).
    pub fn issues(&self) -> Option<Arc<[Issue]>> {
        self.checks.all.as_ref().map(|(_, _, all)| all.clone())
    }

    /// Every issue of the project now, computed to the end (the command line, exports).
    pub fn check_all(&mut self) -> Arc<[Issue]> {
        self.checks.last_full = None;
        while !self.refresh_checks(Duration::from_secs(3600)) {}
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
    fn the_list_is_built_in_slices_and_follows_edits() {
        let mut workbench = workbench();
        let count = workbench.project().segment_count();
        assert!(!workbench.refresh_checks(Duration::ZERO));
        let mut rounds = 1;
        while !workbench.refresh_checks(Duration::ZERO) {
            rounds += 1;
        }
        assert!(rounds >= count / 2, "{rounds} rounds for {count} segments");
        let before = workbench.issues().unwrap().len();
        assert!(before > 0);
        let first = workbench.project().segments().next().unwrap().id;
        workbench.type_target(first, "").unwrap();
        let after = workbench.check_all();
        assert!(
            after
                .iter()
                .any(|i| i.segment == first && i.check == Check::Untranslated)
        );
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
