//! Tag placeholders of a bilingual file (`<g1>…</g1>`, `<x2/>`; see
//! `formats::inline::Tag`): each code of the source must be in the target once, none may be
//! added, and a pair must open before it closes and not overlap another pair. The file's
//! writer needs them all to give the codes back.

use super::{Check, Issue, Severity};
use crate::formats::inline::{TagKind, tags};
use std::collections::HashMap;

pub(super) fn check(source: &str, target: &str, out: &mut Vec<Issue>) {
    if !source.contains('<') && !target.contains('<') {
        return;
    }
    let count = |text: &str| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for (_, tag) in tags(text) {
            *counts.entry(tag.token()).or_default() += 1;
        }
        counts
    };
    let (s, t) = (count(source), count(target));
    // In the source's order.
    let mut missing: Vec<String> = Vec::new();
    for (_, tag) in tags(source) {
        let token = tag.token();
        if !t.contains_key(&token) && !missing.contains(&token) {
            missing.push(token);
        }
    }
    for token in &missing {
        out.push(Issue::new(
            Check::Tags,
            Severity::Error,
            token,
            format!("the tag {token} of the source is missing"),
        ));
    }
    let mut extra: Vec<(&String, usize)> = t
        .iter()
        .filter(|(k, n)| s.get(*k).is_none_or(|m| *n > m))
        .map(|(k, n)| (k, *n))
        .collect();
    extra.sort();
    for (token, n) in extra {
        let message = match s.get(token) {
            Some(m) => format!("the tag {token} is in the target {n} times, in the source {m}"),
            None => format!("the tag {token} is not in the source"),
        };
        out.push(Issue::new(
            Check::Tags,
            Severity::Error,
            &format!("+{token}"),
            message,
        ));
    }
    // Pairs: opened before closed, closed in the reverse order of opening.
    let mut open: Vec<String> = Vec::new();
    for (at, tag) in tags(target) {
        let code = tag.code();
        match tag.kind {
            TagKind::Open => open.push(code),
            TagKind::Close => match open.iter().rposition(|c| *c == code) {
                Some(i) if i + 1 == open.len() => {
                    open.pop();
                }
                Some(i) => {
                    open.remove(i);
                    out.push(
                        Issue::new(
                            Check::Tags,
                            Severity::Warning,
                            &format!("overlap:{code}"),
                            format!("the pair <{code}>…</{code}> overlaps another pair"),
                        )
                        .at(at..at + code.len() + 3),
                    );
                }
                None if t.contains_key(&format!("<{code}>")) => {
                    out.push(
                        Issue::new(
                            Check::Tags,
                            Severity::Error,
                            &format!("order:{code}"),
                            format!("</{code}> comes before <{code}>"),
                        )
                        .at(at..at + code.len() + 3),
                    );
                }
                None => {}
            },
            TagKind::Standalone => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(source: &str, target: &str) -> Vec<String> {
        let mut out = Vec::new();
        check(source, target, &mut out);
        out.into_iter().map(|i| i.key).collect()
    }

    #[test]
    fn every_code_once_in_order() {
        assert!(keys("Klick <g1>hier</g1>.<x2/>", "Click <g1>here</g1>.<x2/>").is_empty());
        // An escaped `<b1>` is text; typed unescaped in the target it is a tag.
        assert_eq!(keys("a \\<b1> c", "a <b1> c"), ["tags:+<b1>"]);
        assert_eq!(
            keys("Klick <g1>hier</g1>.<x2/>", "Click here</g1>."),
            ["tags:<g1>", "tags:<x2/>"]
        );
        assert_eq!(
            keys("Klick <g1>hier</g1>.", "Click <g1>here</g1>.<x2/><x2/>"),
            ["tags:+<x2/>"]
        );
        assert_eq!(keys("<g1>a</g1>", "</g1>a<g1>"), ["tags:order:g1"]);
        assert_eq!(
            keys("<g1>a <g2>b</g2></g1>", "<g1>a <g2>b</g1></g2>"),
            ["tags:overlap:g1"]
        );
    }
}
