//! SRX 2.0 segmentation rules (the format of OmegaT, Okapi and Trados) imported as extra rules.
//!
//! [`parse`] reads the language rules that apply to a language code (honouring `cascade`);
//! Java regular expressions are translated where the `regex` crate can express them, and rules
//! it cannot (look-behind, possessive quantifiers) are skipped with a warning. At each position
//! the first matching SRX rule wins over Tandem's own decision.
//!
//! Rules are applied as OmegaT applies them: the before-break pattern's matches and the
//! after-break pattern's matches are each found left to right without overlap, and a rule
//! matches where a before-match ends exactly where an after-match starts (a rule without a
//! before-break pattern treats every character as one). Both searches only move forward, so a
//! rule costs time linear in the paragraph whatever its patterns (`.*`, `\w+`).
//!
//! Limits keep a hostile or mistaken rules file from stalling the window: at most
//! [`MAX_RULES`] rules per language, a compiled size per pattern, and a work budget per
//! paragraph; what is cut is reported, naming the rule.

use crate::base::excerpt;
use crate::base::xml::{self, Element, XmlError};
use regex::{Regex, RegexBuilder};
use std::collections::BTreeMap;
use thiserror::Error;

/// Rules read per language; OmegaT's default German rules are about 70.
pub const MAX_RULES: usize = 1_000;

/// Compiled size per pattern; a pattern like `(\w{100}){100}` goes far beyond.
const MAX_PATTERN_BYTES: usize = 512 * 1024;

#[derive(Clone, Debug)]
pub struct Rule {
    pub breaks: bool,
    before: Option<Regex>,
    after: Option<Regex>,
    /// The rule as written, shortened, for messages.
    pub source: String,
}

#[derive(Debug, Error)]
pub enum SrxError {
    #[error("not an SRX file: {0}")]
    Xml(#[from] XmlError),
    #[error("not an SRX file: the root element is <{0}>, not <srx>")]
    NotSrx(String),
}

fn build(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(MAX_PATTERN_BYTES)
        .dfa_size_limit(4 * MAX_PATTERN_BYTES)
        .build()
        .map_err(|error| match error {
            regex::Error::CompiledTooBig(_) => "is too large to run".to_string(),
            _ => "uses syntax Tandem cannot run".to_string(),
        })
}

/// Rules for `language` (e.g. "de-DE") and warnings about rules that could not be used.
pub fn parse(bytes: &[u8], language: &str) -> Result<(Vec<Rule>, Vec<String>), SrxError> {
    let root = xml::parse_bytes(bytes)?;
    if root.name != "srx" {
        return Err(SrxError::NotSrx(excerpt(&root.name, 40)));
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
    let mut skipped = 0usize;
    for map in maps {
        let pattern = map.attribute("languagepattern").unwrap_or(".*");
        let applies = match build(&format!("(?i)^(?:{})$", java_to_rust(pattern))) {
            Ok(re) => re.is_match(language),
            Err(why) => {
                warnings.push(format!("language pattern {:?} {why}", excerpt(pattern, 60)));
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
            warnings.push(format!(
                "language rule {:?} is mapped but not defined",
                excerpt(name, 60)
            ));
            continue;
        };
        for rule in set.children_named("rule") {
            if rules.len() >= MAX_RULES {
                skipped += 1;
                continue;
            }
            match compile(rule) {
                Ok(rule) => rules.push(rule),
                Err(warning) => {
                    if warnings.len() < 50 {
                        warnings.push(format!("{}: {warning}", excerpt(name, 60)));
                    }
                }
            }
        }
        if !cascade {
            break;
        }
    }
    if skipped > 0 {
        warnings.push(format!(
            "{} rules apply to {language}; only the first {MAX_RULES} are used",
            MAX_RULES + skipped
        ));
    }
    Ok((rules, warnings))
}

fn compile(rule: &Element) -> Result<Rule, String> {
    let breaks = rule.attribute("break").is_none_or(|b| b != "no");
    let pattern = |name| rule.child(name).map(|e| e.text()).filter(|p| !p.is_empty());
    let (before, after) = (pattern("beforebreak"), pattern("afterbreak"));
    let source = format!(
        "{} rule {:?} / {:?}",
        if breaks { "break" } else { "no-break" },
        excerpt(before.as_deref().unwrap_or(""), 60),
        excerpt(after.as_deref().unwrap_or(""), 60)
    );
    let regex = |p: &str| {
        build(&format!("(?:{})", java_to_rust(p)))
            .map_err(|why| format!("pattern {:?} {why}; the rule is skipped", excerpt(p, 60)))
    };
    Ok(Rule {
        breaks,
        before: before.as_deref().map(regex).transpose()?,
        after: after.as_deref().map(regex).transpose()?,
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

/// Positions examined per paragraph across all rules, as a multiple of its length, before
/// the remaining rules are skipped for that paragraph.
const WORK_PER_BYTE: usize = 64;

/// Applies SRX verdicts to `starts` (positions where a sentence begins, sorted). Returns a
/// notice naming the rule at which the work budget ran out, if it did.
pub(super) fn apply(rules: &[Rule], text: &str, starts: &mut Vec<usize>) -> Option<String> {
    let mut verdicts: BTreeMap<usize, bool> = BTreeMap::new();
    let budget = WORK_PER_BYTE * text.len() + 10_000;
    let mut work = 0usize;
    let mut notice = None;
    for (number, rule) in rules.iter().enumerate() {
        let mut next = NextNonSpace::default();
        let complete = rule_positions(rule, text, &mut work, budget, |position| {
            let start = next.find(text, position);
            if start > 0 && start < text.len() {
                verdicts.entry(start).or_insert(rule.breaks);
            }
        });
        if !complete {
            notice = Some(format!(
                "SRX rule {} ({}) and the rules after it were skipped for a paragraph of {} bytes: the rules together match too often to apply in reasonable time",
                number + 1,
                rule.source,
                text.len()
            ));
            break;
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
    notice
}

/// The first non-whitespace position at or after a position; positions asked for in
/// increasing order share the scan over a run of whitespace.
#[derive(Default)]
struct NextNonSpace {
    from: usize,
    to: usize,
}

impl NextNonSpace {
    fn find(&mut self, text: &str, at: usize) -> usize {
        if self.from <= at && at <= self.to && self.to > 0 {
            return self.to;
        }
        let to = at + (text[at..].len() - text[at..].trim_start().len());
        self.from = at;
        self.to = to;
        to
    }
}

/// Calls `found` with every position where `rule` matches (OmegaT's way, see the module
/// documentation); `false` when the work budget ran out first.
fn rule_positions(
    rule: &Rule,
    text: &str,
    work: &mut usize,
    budget: usize,
    mut found: impl FnMut(usize),
) -> bool {
    let mut after = rule.after.as_ref().map(|a| a.find_iter(text).peekable());
    if let Some(after) = &mut after
        && after.peek().is_none()
    {
        return true;
    }
    let mut before_ends: Box<dyn Iterator<Item = usize>> = match &rule.before {
        Some(before) => Box::new(before.find_iter(text).map(|m| m.end())),
        // Every character is a before-match.
        None => Box::new(text.char_indices().map(|(i, c)| i + c.len_utf8())),
    };
    for end in &mut before_ends {
        *work += 1;
        if *work > budget {
            return false;
        }
        match &mut after {
            None => found(end),
            Some(after) => {
                while after.peek().is_some_and(|m| m.start() < end) {
                    after.next();
                    *work += 1;
                }
                match after.peek() {
                    None => return true,
                    Some(m) if m.start() == end => found(end),
                    Some(_) => {}
                }
            }
        }
    }
    true
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
