//! Quality checks: what a reviewer would catch before an article leaves the workbench. Each
//! check is a pure function from a segment (and what is known about it: glossary hits,
//! placeables, the project's English variant, a spelling dictionary) to [`Issue`]s; the
//! window, the command line and the export only show them.
//!
//! - this file: the vocabulary ([`Check`], [`Severity`], [`Issue`], [`Fix`]), one segment's
//!   checks ([`check_segment`]), the whole project ([`check_project`]) and what is ignored.
//! - `numbers`: numbers, dates and times of the source missing in the target, and the other
//!   way round.
//! - `text`: German punctuation left in English, pairs, spaces, final punctuation, repeated
//!   words, length.
//! - `markup`: emphasis and links of the source and the target.
//! - `tags`: the tag placeholders of a bilingual file's inline codes.
//! - `consistency`: one source translated two ways, one target for two sources.
//! - [`spelling`]: English spelling with Hunspell dictionaries.

mod consistency;
mod markup;
mod numbers;
pub mod spelling;
mod tags;
mod text;

use crate::glossary::Hit;
use crate::glossary::required;
use crate::model::{Project, QaSettings, Segment, SegmentId, Variant};
use crate::placeables::Placeable;
use crate::suggest::Terminology;
use std::ops::Range;

pub use consistency::{Row, check_consistency, consistency_of, rows};
pub use spelling::{Speller, Words};

/// How bad an issue is: errors stop an export until they are fixed, ignored or overridden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The checks, each of which can be switched off in a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    Untranslated,
    SameAsSource,
    Numbers,
    Terms,
    ForbiddenTerms,
    InconsistentTarget,
    InconsistentSource,
    GermanPunctuation,
    Pairs,
    Spaces,
    FinalPunctuation,
    RepeatedWord,
    Markup,
    Tags,
    Length,
    Spelling,
}

impl Check {
    pub const ALL: [Check; 16] = [
        Check::Untranslated,
        Check::SameAsSource,
        Check::Numbers,
        Check::Terms,
        Check::ForbiddenTerms,
        Check::InconsistentTarget,
        Check::InconsistentSource,
        Check::GermanPunctuation,
        Check::Pairs,
        Check::Spaces,
        Check::FinalPunctuation,
        Check::RepeatedWord,
        Check::Markup,
        Check::Tags,
        Check::Length,
        Check::Spelling,
    ];

    /// The name in project files, on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Check::Untranslated => "untranslated",
            Check::SameAsSource => "same-as-source",
            Check::Numbers => "numbers",
            Check::Terms => "terms",
            Check::ForbiddenTerms => "forbidden-terms",
            Check::InconsistentTarget => "inconsistent-translation",
            Check::InconsistentSource => "inconsistent-source",
            Check::GermanPunctuation => "german-punctuation",
            Check::Pairs => "quotes-and-brackets",
            Check::Spaces => "spaces",
            Check::FinalPunctuation => "final-punctuation",
            Check::RepeatedWord => "repeated-word",
            Check::Markup => "markup",
            Check::Tags => "tags",
            Check::Length => "length",
            Check::Spelling => "spelling",
        }
    }

    /// How a translator reads it.
    pub fn label(self) -> &'static str {
        match self {
            Check::Untranslated => "Untranslated",
            Check::SameAsSource => "Target same as source",
            Check::Numbers => "Numbers, dates and times",
            Check::Terms => "Glossary terms",
            Check::ForbiddenTerms => "Forbidden terms",
            Check::InconsistentTarget => "Same source, other translation",
            Check::InconsistentSource => "Same translation, other source",
            Check::GermanPunctuation => "German punctuation",
            Check::Pairs => "Quotes and brackets",
            Check::Spaces => "Spaces",
            Check::FinalPunctuation => "Final punctuation",
            Check::RepeatedWord => "Repeated word",
            Check::Markup => "Emphasis and links",
            Check::Tags => "Tags (inline codes)",
            Check::Length => "Length",
            Check::Spelling => "Spelling",
        }
    }

    pub fn parse(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.name() == name.trim())
    }
}

/// A change that would resolve an issue: replace `range` of the target with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub range: Range<usize>,
    pub replacement: String,
}

/// One thing wrong (or probably wrong) with a segment's translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub segment: SegmentId,
    /// Byte range in the target, when the issue is at a place in it.
    pub range: Option<Range<usize>>,
    pub check: Check,
    pub severity: Severity,
    pub message: String,
    pub fix: Option<Fix>,
    /// What the issue is about (`numbers:2024`, `spelling:teh`): ignoring an issue stores this
    /// with the segment, so that the decision lasts as long as the issue does.
    pub key: String,
}

impl Issue {
    fn new(check: Check, severity: Severity, what: &str, message: String) -> Issue {
        Issue {
            segment: SegmentId(0),
            range: None,
            check,
            severity,
            message,
            fix: None,
            key: format!("{}:{}", check.name(), what),
        }
    }

    fn at(mut self, range: Range<usize>) -> Issue {
        self.range = Some(range);
        self
    }

    fn fix(mut self, range: Range<usize>, replacement: impl Into<String>) -> Issue {
        self.fix = Some(Fix {
            range,
            replacement: replacement.into(),
        });
        self
    }
}

/// What the checks of one segment know besides the segment.
pub struct Context<'a> {
    pub variant: Variant,
    /// Glossary hits in the source.
    pub hits: &'a [Hit],
    /// Placeables in the source, in the project's variant.
    pub placeables: &'a [Placeable],
    /// The spelling dictionary with the words it must accept; `None`: no spelling check.
    pub speller: Option<&'a Speller>,
    pub words: Option<&'a Words>,
    pub settings: &'a QaSettings,
}

impl Context<'_> {
    fn runs(&self, check: Check) -> bool {
        !self.settings.off.contains(check.name())
    }
}

/// The issues of one segment that do not depend on other segments, in the order of the
/// checks, ignored ones left out. Segments that are not translated yet have only the one
/// issue of being untranslated; locked segments have none.
pub fn check_segment(segment: &Segment, cx: &Context) -> Vec<Issue> {
    let mut out = Vec::new();
    // A segment the file locked is not the translator's to change.
    if segment.locked {
        return out;
    }
    let (source, target) = (segment.source.as_str(), segment.target.as_str());
    if target.trim().is_empty() {
        if cx.runs(Check::Untranslated) {
            out.push(Issue::new(
                Check::Untranslated,
                Severity::Error,
                "",
                "not translated".into(),
            ));
        }
    } else {
        if cx.runs(Check::SameAsSource) && target.trim() == source.trim() && !all_names(source) {
            out.push(Issue::new(
                Check::SameAsSource,
                Severity::Warning,
                "",
                "the target is the German source".into(),
            ));
        }
        if cx.runs(Check::Numbers) {
            numbers::check(source, target, cx.placeables, &mut out);
        }
        if cx.runs(Check::Terms) {
            terms(source, target, cx.hits, &mut out);
        }
        if cx.runs(Check::ForbiddenTerms) {
            forbidden(target, cx.hits, &mut out);
        }
        text::check(source, target, cx, &mut out);
        if cx.runs(Check::Markup) {
            markup::check(source, target, &mut out);
        }
        if cx.runs(Check::Tags) {
            tags::check(source, target, &mut out);
        }
        if cx.runs(Check::Spelling)
            && let (Some(speller), Some(words)) = (cx.speller, cx.words)
        {
            speller.check(source, target, words, &mut out);
        }
    }
    for issue in &mut out {
        issue.segment = segment.id;
    }
    out.retain(|issue| !is_ignored(cx.settings, issue));
    out
}

/// Whether the translator chose to ignore `issue`.
pub fn is_ignored(settings: &QaSettings, issue: &Issue) -> bool {
    settings
        .ignored
        .iter()
        .any(|i| i.segment == issue.segment && i.key == issue.key)
}

/// Every issue of the project: each segment's, then consistency, in document order.
pub fn check_project(
    project: &Project,
    terminology: &Terminology,
    speller: Option<&Speller>,
) -> Vec<Issue> {
    let words = speller.map(|_| Words::from_terminology(terminology, &[]));
    let variant = project.machine.variant;
    let mut per_segment = Vec::new();
    for (i, segment) in project.segments().enumerate() {
        let hits = terminology.find(&segment.source);
        let placeables = crate::placeables::find(&segment.source, variant);
        let cx = Context {
            variant,
            hits: &hits,
            placeables: &placeables,
            speller,
            words: words.as_ref(),
            settings: &project.qa,
        };
        per_segment.push((i + 1, std::sync::Arc::from(check_segment(segment, &cx))));
    }
    project_list(&per_segment, &rows(project), &project.qa)
}

/// The project's list: each segment's own issues (with its number, in document order) and the
/// consistency issues of `rows`, merged in document order; switched-off checks and ignored
/// issues left out. Pure, and linear in the project: it runs off the window's thread.
pub fn project_list(
    per_segment: &[(usize, std::sync::Arc<[Issue]>)],
    rows: &[Row],
    settings: &QaSettings,
) -> Vec<Issue> {
    let mut consistency = consistency_of(rows)
        .into_iter()
        .filter(|(_, i)| !settings.off.contains(i.check.name()) && !is_ignored(settings, i))
        .peekable();
    let mut out = Vec::new();
    for (number, issues) in per_segment {
        out.extend(issues.iter().cloned());
        while let Some((_, issue)) = consistency.next_if(|(n, _)| n <= number) {
            out.push(issue);
        }
    }
    out.extend(consistency.map(|(_, issue)| issue));
    out
}

/// How many errors and warnings.
pub fn count(issues: &[Issue]) -> (usize, usize) {
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    (errors, issues.len() - errors)
}

/// A source made only of names, numbers and symbols (every word capitalised, at most four
/// words): "Wladimir Putin", "Kim Jong Un", "G7", which may well stay as they are.
fn all_names(source: &str) -> bool {
    let words: Vec<&str> = source
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    words.len() <= 4
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
}

fn terms(source: &str, target: &str, hits: &[Hit], out: &mut Vec<Issue>) {
    let entries = required::entries(source, hits);
    for missing in required::missing_terms(&entries, target) {
        out.push(Issue::new(
            Check::Terms,
            Severity::Warning,
            &missing.term,
            format!(
                "glossary: {} → {} missing",
                missing.term,
                missing.targets.join(" / ")
            ),
        ));
    }
}

fn forbidden(target: &str, hits: &[Hit], out: &mut Vec<Issue>) {
    let mut seen = Vec::new();
    for hit in hits {
        for word in &hit.term.forbidden {
            if word.trim().is_empty() || seen.contains(&word) {
                continue;
            }
            seen.push(word);
            if let Some(range) = required::find_word(target, word) {
                let preferred = hit.term.target();
                let mut issue = Issue::new(
                    Check::ForbiddenTerms,
                    Severity::Error,
                    word,
                    format!(
                        "glossary: “{}” is not to be used for {}{}",
                        &target[range.clone()],
                        hit.term.source,
                        if preferred.is_empty() {
                            String::new()
                        } else {
                            format!("; use “{preferred}”")
                        }
                    ),
                )
                .at(range.clone());
                if !preferred.is_empty() {
                    issue = issue.fix(range, preferred);
                }
                out.push(issue);
            }
        }
    }
}

#[cfg(test)]
mod tests;
