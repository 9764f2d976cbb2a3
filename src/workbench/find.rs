//! Find in sources and targets, and replace in targets. A [`Search`] keeps its matches up to
//! date as the project changes, searching again only the segments that changed.

use super::Workbench;
use crate::model::{Location, Project, SegmentId};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Source,
    Target,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindMatch {
    pub id: SegmentId,
    pub field: Field,
    /// Byte range in the field's text.
    pub range: Range<usize>,
}

fn occurrences(text: &str, query: &str, match_case: bool) -> Vec<Range<usize>> {
    if query.is_empty() {
        return Vec::new();
    }
    if match_case {
        return text
            .match_indices(query)
            .map(|(at, m)| at..at + m.len())
            .collect();
    }
    // Case-insensitive, with ranges in the original text.
    let query: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut q = 0;
        let mut j = i;
        let mut lowered = Vec::new();
        while q < query.len() && j < chars.len() {
            lowered.clear();
            lowered.extend(chars[j].1.to_lowercase());
            if query[q..].starts_with(&lowered) {
                q += lowered.len();
                j += 1;
            } else {
                break;
            }
        }
        if q == query.len() {
            let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
            found.push(chars[i].0..end);
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

fn find_in(
    segment: &crate::model::Segment,
    query: &str,
    match_case: bool,
    out: &mut Vec<FindMatch>,
) {
    for (field, text) in [
        (Field::Source, &segment.source),
        (Field::Target, &segment.target),
    ] {
        for range in occurrences(text, query, match_case) {
            out.push(FindMatch {
                id: segment.id,
                field,
                range,
            });
        }
    }
}

pub fn find(project: &Project, query: &str, match_case: bool) -> Vec<FindMatch> {
    let mut matches = Vec::new();
    for segment in project.segments() {
        find_in(segment, query, match_case, &mut matches);
    }
    matches
}

/// A search kept up to date with the project: after a change, only the changed segments are
/// searched again.
#[derive(Default)]
pub struct Search {
    query: String,
    match_case: bool,
    revision: Option<u64>,
    matches: Vec<FindMatch>,
}

impl Search {
    /// The matches of `query` in the workbench's project, in document order.
    pub fn matches(
        &mut self,
        workbench: &Workbench,
        query: &str,
        match_case: bool,
    ) -> &[FindMatch] {
        let project = workbench.project();
        let same_search = self.query == query && self.match_case == match_case;
        let changes = match self.revision {
            Some(revision) if same_search => {
                if revision == workbench.revision() {
                    return &self.matches;
                }
                workbench.changes_since(revision).filter(|c| !c.structural)
            }
            _ => None,
        };
        match changes {
            Some(changes) => {
                let order =
                    |id: SegmentId| project.locate(id).map(|l: Location| (l.block, l.index));
                for id in changes.segments {
                    self.matches.retain(|m| m.id != id);
                    let Some(segment) = project.segment(id) else {
                        continue;
                    };
                    let mut found = Vec::new();
                    find_in(segment, query, match_case, &mut found);
                    let key = order(id);
                    let at = self.matches.partition_point(|m| order(m.id) < key);
                    self.matches.splice(at..at, found);
                }
            }
            None => {
                self.query = query.to_string();
                self.match_case = match_case;
                self.matches = find(project, query, match_case);
            }
        }
        self.revision = Some(workbench.revision());
        &self.matches
    }
}

/// The new targets after replacing `find` by `replace` in every target, and the number of
/// replacements. (The workbench turns them into edits with the status rule for changed
/// targets.)
pub fn replace_all(
    project: &Project,
    find: &str,
    replace: &str,
    match_case: bool,
) -> (Vec<(SegmentId, String)>, usize) {
    let mut edits = Vec::new();
    let mut count = 0;
    for segment in project.segments() {
        let ranges = occurrences(&segment.target, find, match_case);
        if ranges.is_empty() {
            continue;
        }
        count += ranges.len();
        let mut target = String::with_capacity(segment.target.len());
        let mut at = 0;
        for range in ranges {
            target.push_str(&segment.target[at..range.start]);
            target.push_str(replace);
            at = range.end;
        }
        target.push_str(&segment.target[at..]);
        edits.push((segment.id, target));
    }
    (edits, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_occurrences_keep_original_ranges() {
        let text = "Größe und GRÖSSE, größe";
        let found = occurrences(text, "größe", false);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].clone()], "Größe");
        assert_eq!(&text[found[1].clone()], "größe");
        assert_eq!(occurrences(text, "Größe", true).len(), 1);
        assert!(occurrences(text, "", false).is_empty());
    }
}
