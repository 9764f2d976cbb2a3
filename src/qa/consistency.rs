//! Consistency across the project: the same source translated in different ways, and the
//! same translation given to different sources. Segments are compared with their spaces
//! collapsed; a translation shared by different sources counts only when it has three words
//! or more ("Yes." may well answer "Ja." and "Jawohl.").

use super::{Check, Issue, Severity};
use crate::model::{Project, SegmentId};
use std::collections::HashMap;

fn normal(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A translated segment as the consistency check sees it: its number in the document, id,
/// source and target.
#[derive(Clone, Debug)]
pub struct Row {
    pub number: usize,
    pub id: SegmentId,
    pub source: std::sync::Arc<str>,
    pub target: std::sync::Arc<str>,
}

/// The rows of the project's translated segments.
pub fn rows(project: &Project) -> Vec<Row> {
    project
        .segments()
        .enumerate()
        .filter(|(_, s)| !s.target.trim().is_empty())
        .map(|(i, s)| Row {
            number: i + 1,
            id: s.id,
            source: std::sync::Arc::from(s.source.as_str()),
            target: std::sync::Arc::from(s.target.as_str()),
        })
        .collect()
}

/// The consistency issues of the project, each on every segment concerned, naming the other
/// segments by their number in the document.
pub fn check_consistency(project: &Project) -> Vec<Issue> {
    consistency_of(&rows(project))
        .into_iter()
        .map(|(_, issue)| issue)
        .collect()
}

/// The consistency issues of `rows`, with the number of the segment each is on, in document
/// order.
pub fn consistency_of(rows: &[Row]) -> Vec<(usize, Issue)> {
    // (number, id, source, target) of every translated segment, spaces collapsed.
    let rows: Vec<(usize, SegmentId, String, String)> = rows
        .iter()
        .map(|r| (r.number, r.id, normal(&r.source), normal(&r.target)))
        .collect();
    let mut out = Vec::new();
    let mut by_source: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_target: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, _, source, target)) in rows.iter().enumerate() {
        by_source.entry(source).or_default().push(i);
        if target.split(' ').count() >= 3 {
            by_target.entry(target).or_default().push(i);
        }
    }
    let mut report = |group: &[usize], same_source: bool| {
        for &i in group {
            let (number, id, source, target) = &rows[i];
            let others: Vec<&(usize, SegmentId, String, String)> = group
                .iter()
                .map(|&j| &rows[j])
                .filter(|r| {
                    if same_source {
                        &r.3 != target
                    } else {
                        &r.2 != source
                    }
                })
                .collect();
            let Some(first) = others.first() else {
                continue;
            };
            let numbers: Vec<String> = others.iter().map(|r| r.0.to_string()).collect();
            let (check, message, key) = if same_source {
                (
                    Check::InconsistentTarget,
                    format!(
                        "the same source is translated as “{}” in segment {}",
                        crate::base::excerpt(&first.3, 80),
                        numbers.join(", ")
                    ),
                    first.3.clone(),
                )
            } else {
                (
                    Check::InconsistentSource,
                    format!(
                        "the same translation stands for “{}” in segment {}",
                        crate::base::excerpt(&first.2, 80),
                        numbers.join(", ")
                    ),
                    first.2.clone(),
                )
            };
            let mut issue = Issue::new(check, Severity::Warning, &key, message);
            issue.segment = *id;
            out.push((*number, issue));
        }
    };
    for group in by_source.values().filter(|g| g.len() > 1) {
        report(group, true);
    }
    for group in by_target.values().filter(|g| g.len() > 1) {
        report(group, false);
    }
    out.sort_by_key(|(number, issue)| (*number, issue.check));
    out
}
