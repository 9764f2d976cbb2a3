//! Find in sources and targets, and replace in targets.

use crate::model::edit::Edit;
use crate::model::{Origin, Project, SegmentId};
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

pub fn find(project: &Project, query: &str, match_case: bool) -> Vec<FindMatch> {
    let mut matches = Vec::new();
    for segment in project.segments() {
        for (field, text) in [
            (Field::Source, &segment.source),
            (Field::Target, &segment.target),
        ] {
            for range in occurrences(text, query, match_case) {
                matches.push(FindMatch {
                    id: segment.id,
                    field,
                    range,
                });
            }
        }
    }
    matches
}

/// The edits that replace `find` by `replace` in every target, and the number of
/// replacements.
pub fn replace_all(
    project: &Project,
    find: &str,
    replace: &str,
    match_case: bool,
) -> (Vec<Edit>, usize) {
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
        edits.push(Edit::SetTarget {
            id: segment.id,
            target,
            origin: Origin::Typed,
        });
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
