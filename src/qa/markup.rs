//! Inline markup: the target should carry the source's links (same addresses) and as much
//! emphasis (`*…*`, `**…**`, `_…_`, `` `…` ``) as the source; see `formats::inline`.

use super::{Check, Issue, Severity};
use regex::Regex;
use std::sync::OnceLock;

struct Markup {
    links: Vec<String>,
    strong: usize,
    emphasis: usize,
    code: usize,
}

fn markup(text: &str) -> Markup {
    static LINK: OnceLock<Regex> = OnceLock::new();
    let link = LINK.get_or_init(|| Regex::new(r"\]\(([^)\s]*)\)").expect("link pattern"));
    // Escaped characters are text, not markup.
    let mut plain = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            plain.push(' ');
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else {
            plain.push(c);
        }
    }
    let mut links: Vec<String> = link
        .captures_iter(&plain)
        .map(|c| c[1].to_string())
        .collect();
    links.sort();
    let without_links = link.replace_all(&plain, "]");
    let strong = without_links.matches("**").count();
    let rest = without_links.replace("**", "");
    let chars: Vec<char> = rest.chars().collect();
    // An underscore inside a word (snake_case) is not emphasis.
    let emphasis = chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            **c == '*'
                || **c == '_'
                    && !(i.checked_sub(1).is_some_and(|p| chars[p].is_alphanumeric())
                        && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()))
        })
        .count();
    Markup {
        links,
        strong,
        emphasis,
        code: rest.matches('`').count(),
    }
}

pub(super) fn check(source: &str, target: &str, out: &mut Vec<Issue>) {
    if !source.contains(['*', '_', '`', '[', ']']) && !target.contains(['*', '_', '`', ']']) {
        return;
    }
    let (s, t) = (markup(source), markup(target));
    for url in &s.links {
        if !t.links.contains(url) {
            out.push(Issue::new(
                Check::Markup,
                Severity::Error,
                &format!("link:{url}"),
                format!("the link to {url} is missing"),
            ));
        }
    }
    for url in &t.links {
        if !s.links.contains(url) {
            out.push(Issue::new(
                Check::Markup,
                Severity::Error,
                &format!("+link:{url}"),
                format!("a link to {url} that the source does not have"),
            ));
        }
    }
    for (what, a, b) in [
        ("strong emphasis (**)", s.strong, t.strong),
        ("emphasis (* or _)", s.emphasis, t.emphasis),
        ("code (`)", s.code, t.code),
    ] {
        if a != b {
            out.push(Issue::new(
                Check::Markup,
                Severity::Warning,
                what,
                format!("{what}: {a} marks in the source, {b} in the target"),
            ));
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
    fn links_and_emphasis_must_match() {
        assert!(
            keys(
                "Er sagte *nein* [hier](https://a.de).",
                "He said *no* [here](https://a.de)."
            )
            .is_empty()
        );
        assert!(keys("Der snake_case-Name", "The snake_case name").is_empty());
        assert!(keys("Preis: 5 \\* 3", "Price: 5 \\* 3").is_empty());
        assert_eq!(
            keys("Siehe [hier](https://a.de).", "See here."),
            ["markup:link:https://a.de"]
        );
        assert_eq!(
            keys("Er sagte **nein**.", "He said no."),
            ["markup:strong emphasis (**)"]
        );
        assert_eq!(
            keys("Siehe [hier](https://a.de).", "See [here](https://b.de)."),
            ["markup:link:https://a.de", "markup:+link:https://b.de"]
        );
    }
}
