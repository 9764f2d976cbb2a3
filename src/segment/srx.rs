//! SRX 2.0 segmentation rules (the format of OmegaT, Okapi and Trados) imported as extra rules.
//!
//! [`parse`] reads the language rules that apply to a language code (honouring `cascade`);
//! Java regular expressions are translated where the `regex` crate can express them, and rules
//! it cannot (look-behind, possessive quantifiers) are skipped with a warning. At each position
//! the first matching SRX rule wins over Tandem's own decision.

use crate::formats::xml::{self, Element, XmlError};
use regex::Regex;
use thiserror::Error;

#[derive(Clone, Debug)]
pub struct Rule {
    pub breaks: bool,
    before: Option<Regex>,
    /// Anchored at the break position.
    after: Option<Regex>,
    pub source: String,
}

#[derive(Debug, Error)]
pub enum SrxError {
    #[error("not an SRX file: {0}")]
    Xml(#[from] XmlError),
    #[error("not an SRX file: the root element is <{0}>, not <srx>")]
    NotSrx(String),
}

/// Rules for `language` (e.g. "de-DE") and warnings about rules that could not be used.
pub fn parse(bytes: &[u8], language: &str) -> Result<(Vec<Rule>, Vec<String>), SrxError> {
    let root = xml::parse_bytes(bytes)?;
    if root.name != "srx" {
        return Err(SrxError::NotSrx(root.name));
    }
    let cascade = root
        .child("header")
        .and_then(|h| h.attribute("cascade"))
        .is_none_or(|c| c == "yes");
    let body = root.child("body");
    let rule_sets: Vec<&Element> = body
        .and_then(|b| b.child("languagerules"))
        .map(|l| l.children_named("languagerule").collect())
        .unwrap_or_default();
    let maps: Vec<&Element> = body
        .and_then(|b| b.child("maprules"))
        .map(|m| m.children_named("languagemap").collect())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    let mut rules = Vec::new();
    for map in maps {
        let pattern = map.attribute("languagepattern").unwrap_or(".*");
        let applies = match Regex::new(&format!("(?i)^(?:{})$", java_to_rust(pattern))) {
            Ok(re) => re.is_match(language),
            Err(_) => {
                warnings.push(format!("language pattern {pattern:?} is not usable"));
                false
            }
        };
        if !applies {
            continue;
        }
        let name = map.attribute("languagerulename").unwrap_or_default();
        let Some(set) = rule_sets
            .iter()
            .find(|r| r.attribute("languagerulename") == Some(name))
        else {
            warnings.push(format!("language rule {name:?} is mapped but not defined"));
            continue;
        };
        for rule in set.children_named("rule") {
            match compile(rule) {
                Ok(rule) => rules.push(rule),
                Err(warning) => warnings.push(format!("{name}: {warning}")),
            }
        }
        if !cascade {
            break;
        }
    }
    Ok((rules, warnings))
}

fn compile(rule: &Element) -> Result<Rule, String> {
    let breaks = rule.attribute("break").is_none_or(|b| b != "no");
    let pattern = |name| rule.child(name).map(|e| e.text()).filter(|p| !p.is_empty());
    let (before, after) = (pattern("beforebreak"), pattern("afterbreak"));
    let regex = |p: &str, anchored: bool| {
        let translated = java_to_rust(p);
        let full = if anchored {
            format!("^(?:{translated})")
        } else {
            format!("(?:{translated})")
        };
        Regex::new(&full).map_err(|_| format!("pattern {p:?} uses syntax Tandem cannot run"))
    };
    let source = format!(
        "{} {:?} / {:?}",
        if breaks { "break" } else { "no-break" },
        before.as_deref().unwrap_or(""),
        after.as_deref().unwrap_or("")
    );
    Ok(Rule {
        breaks,
        before: before.as_deref().map(|p| regex(p, false)).transpose()?,
        after: after.as_deref().map(|p| regex(p, true)).transpose()?,
        source,
    })
}

/// Java regex syntax the `regex` crate spells differently: `\uXXXX`, `\p{javaLowerCase}` etc.
fn java_to_rust(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push_str(&format!("\\x{{{hex}}}"));
            }
            Some(letter @ ('p' | 'P')) if chars.peek() == Some(&'{') => {
                out.push('\\');
                out.push(letter);
                chars.next(); // the '{'
                let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let name = match name.as_str() {
                    "javaLowerCase" | "IsLowercase" => "Ll",
                    "javaUpperCase" | "IsUppercase" => "Lu",
                    "IsAlphabetic" | "Alpha" => "Alphabetic",
                    other => other.strip_prefix("Is").unwrap_or(other),
                };
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push_str("\\\\"),
        }
    }
    out
}

/// Applies SRX verdicts to `starts` (positions where a sentence begins, sorted).
pub(super) fn apply(rules: &[Rule], text: &str, starts: &mut Vec<usize>) {
    use std::collections::BTreeMap;
    let mut verdicts: BTreeMap<usize, bool> = BTreeMap::new();
    for rule in rules {
        for position in rule_positions(rule, text) {
            let start = position + (text[position..].len() - text[position..].trim_start().len());
            if start == 0 || start >= text.len() {
                continue;
            }
            verdicts.entry(start).or_insert(rule.breaks);
        }
    }
    starts.retain(|at| verdicts.get(at) != Some(&false));
    for (at, breaks) in verdicts {
        if breaks {
            starts.push(at);
        }
    }
    starts.sort_unstable();
    starts.dedup();
}

/// Byte positions where `rule` matches: `before` ends there and `after` starts there.
fn rule_positions(rule: &Rule, text: &str) -> Vec<usize> {
    let after_matches = |at: usize| rule.after.as_ref().is_none_or(|a| a.is_match(&text[at..]));
    match &rule.before {
        Some(before) => {
            let mut positions = Vec::new();
            let mut from = 0;
            while let Some(m) = before.find_at(text, from) {
                if after_matches(m.end()) {
                    positions.push(m.end());
                }
                // Go on one character past the match start, so overlapping matches count too.
                let step = text[m.start()..].chars().next().map_or(1, char::len_utf8);
                from = m.start() + step;
                if from > text.len() {
                    break;
                }
            }
            positions
        }
        None => (0..=text.len())
            .filter(|&at| text.is_char_boundary(at) && after_matches(at))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segmenter;

    const SRX: &str = r#"<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Mine">
        <rule break="no"><beforebreak>\bSz\.</beforebreak><afterbreak>\s</afterbreak></rule>
        <rule break="yes"><beforebreak>;</beforebreak><afterbreak>\s\p{Lu}</afterbreak></rule>
      </languagerule>
      <languagerule languagerulename="French">
        <rule break="yes"><beforebreak>,</beforebreak><afterbreak>\s</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="DE.*" languagerulename="Mine"/>
      <languagemap languagepattern="FR.*" languagerulename="French"/>
    </maprules>
  </body>
</srx>"#;

    #[test]
    fn srx_rules_override_the_built_in_ones() {
        let (rules, warnings) = parse(SRX.as_bytes(), "de-DE").unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(rules.len(), 2);
        let mut segmenter = Segmenter::german();
        let text = "Siehe Sz. Drei im Buch; Danach, sagte er, kam er.";
        assert_eq!(
            segmenter.sentences(text),
            ["Siehe Sz.", "Drei im Buch; Danach, sagte er, kam er."]
        );
        segmenter.add_srx_rules(rules);
        assert_eq!(
            segmenter.sentences(text),
            ["Siehe Sz. Drei im Buch;", "Danach, sagte er, kam er."]
        );
    }

    #[test]
    fn unusable_patterns_become_warnings() {
        let srx = SRX.replace(r"\bSz\.", r"(?&lt;=x)Sz\.");
        let (rules, warnings) = parse(srx.as_bytes(), "de").unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn non_srx_xml_is_refused() {
        assert!(matches!(parse(b"<tmx/>", "de"), Err(SrxError::NotSrx(_))));
        assert!(parse(b"<srx><body>", "de").is_err());
    }
}
