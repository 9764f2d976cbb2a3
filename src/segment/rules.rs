//! The German segmentation rules as data: lists of abbreviations, sentence starters and
//! ordinal contexts, read from TOML (`assets/segmentation/de.toml` is built in) and turned into
//! fast lookup sets.

use serde::Deserialize;
use std::collections::HashSet;
use thiserror::Error;

/// The built-in German rules.
pub const GERMAN_RULES_TOML: &str = include_str!("../../assets/segmentation/de.toml");

/// Rule lists as written in a rules file. Every list is optional, so a user's file can add to
/// just one of them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleLists {
    pub abbreviations: Vec<String>,
    pub final_abbreviations: Vec<String>,
    pub closing_abbreviations: Vec<String>,
    pub final_suffixes: Vec<String>,
    pub sentence_starters: Vec<String>,
    pub question_words: Vec<String>,
    pub intertitle_nouns: Vec<String>,
    pub ordinal_context: Vec<String>,
    pub ordinal_nouns: Vec<String>,
    pub glue_starters: Vec<String>,
    pub glue_blockers: Vec<String>,
    pub glue_exceptions: Vec<String>,
}

#[derive(Debug, Error)]
#[error("segmentation rules{}: {message}", origin.as_deref().map(|o| format!(" in {o}")).unwrap_or_default())]
pub struct RulesError {
    pub origin: Option<String>,
    pub message: String,
}

impl RuleLists {
    pub fn german() -> RuleLists {
        RuleLists::parse(GERMAN_RULES_TOML, None).expect("the built-in rules parse")
    }

    /// Parses a rules file; `origin` names it in error messages.
    /// Parses a rules file; `origin` names it in error messages, which say where (line and
    /// column) and quote at most a short excerpt of the text there.
    pub fn parse(text: &str, origin: Option<&str>) -> Result<RuleLists, RulesError> {
        toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            let message = match e.span() {
                Some(span) => {
                    let at = span.start.min(text.len());
                    let (line, column) = crate::base::xml::line_column(text, at);
                    let end = span.end.clamp(at, text.len());
                    let quoted = text.get(at..end).unwrap_or_default();
                    let quoted = quoted.lines().next().unwrap_or_default();
                    let at_text = if quoted.trim().is_empty() {
                        String::new()
                    } else {
                        format!(" (at “{}”)", crate::base::excerpt(quoted, 40))
                    };
                    format!(
                        "line {line}, column {column}: {}{at_text}",
                        crate::base::excerpt(&message, 200)
                    )
                }
                None => crate::base::excerpt(&message, 200),
            };
            RulesError {
                origin: origin.map(str::to_string),
                message,
            }
        })
    }

    /// Adds every entry of `other` to these lists.
    pub fn extend(&mut self, other: RuleLists) {
        self.abbreviations.extend(other.abbreviations);
        self.final_abbreviations.extend(other.final_abbreviations);
        self.closing_abbreviations
            .extend(other.closing_abbreviations);
        self.final_suffixes.extend(other.final_suffixes);
        self.sentence_starters.extend(other.sentence_starters);
        self.question_words.extend(other.question_words);
        self.intertitle_nouns.extend(other.intertitle_nouns);
        self.ordinal_context.extend(other.ordinal_context);
        self.ordinal_nouns.extend(other.ordinal_nouns);
        self.glue_starters.extend(other.glue_starters);
        self.glue_blockers.extend(other.glue_blockers);
        self.glue_exceptions.extend(other.glue_exceptions);
    }
}

/// The rule lists compiled into sets. Abbreviations match as written (a capitalised "Vgl" only
/// at the start of a sentence, see [`Rules::is_abbreviation`]); the word lists also match
/// with a capitalised first letter.
#[derive(Clone, Debug)]
pub(super) struct Rules {
    pub abbreviations: HashSet<String>,
    pub final_abbreviations: HashSet<String>,
    pub closing_abbreviations: HashSet<String>,
    pub final_suffixes: Vec<String>,
    pub sentence_starters: HashSet<String>,
    pub question_words: HashSet<String>,
    pub intertitle_nouns: HashSet<String>,
    pub ordinal_context: HashSet<String>,
    pub ordinal_nouns: HashSet<String>,
    pub glue_starters: HashSet<String>,
    pub glue_blockers: HashSet<String>,
    pub glue_exceptions: Vec<String>,
    /// First bytes of glue starters, to skip most words without a lookup.
    pub glue_first_bytes: [bool; 256],
}

impl Rules {
    pub fn compile(lists: &RuleLists) -> Rules {
        let closing_abbreviations: HashSet<String> =
            lists.closing_abbreviations.iter().cloned().collect();
        let mut final_abbreviations: HashSet<String> =
            lists.final_abbreviations.iter().cloned().collect();
        final_abbreviations.retain(|a| !closing_abbreviations.contains(a));
        let mut abbreviations: HashSet<String> = lists.abbreviations.iter().cloned().collect();
        // An abbreviation that may end a sentence is decided by the stricter rule.
        abbreviations
            .retain(|a| !final_abbreviations.contains(a) && !closing_abbreviations.contains(a));
        let glue_starters: HashSet<String> = lists.glue_starters.iter().cloned().collect();
        let mut glue_first_bytes = [false; 256];
        for word in &glue_starters {
            if let Some(&b) = word.as_bytes().first() {
                glue_first_bytes[b as usize] = true;
            }
        }
        Rules {
            abbreviations,
            final_abbreviations,
            closing_abbreviations,
            final_suffixes: lists.final_suffixes.clone(),
            sentence_starters: lists.sentence_starters.iter().cloned().collect(),
            question_words: lists.question_words.iter().cloned().collect(),
            intertitle_nouns: lists.intertitle_nouns.iter().cloned().collect(),
            ordinal_context: with_capitals(&lists.ordinal_context),
            ordinal_nouns: with_capitals(&lists.ordinal_nouns),
            glue_starters,
            glue_blockers: with_capitals(&lists.glue_blockers),
            glue_exceptions: lists.glue_exceptions.clone(),
            glue_first_bytes,
        }
    }
}

impl Rules {
    /// Whether `token` is in `set`; at the start of a sentence "Vgl" also matches "vgl".
    pub fn is_in(set: &HashSet<String>, token: &str, sentence_initial: bool) -> bool {
        if set.contains(token) {
            return true;
        }
        let mut chars = token.chars();
        match chars.next() {
            Some(first) if sentence_initial && first.is_uppercase() => {
                let lowered: String = first.to_lowercase().chain(chars).collect();
                set.contains(&lowered)
            }
            _ => false,
        }
    }
}

fn with_capitals(words: &[String]) -> HashSet<String> {
    let mut set = HashSet::with_capacity(words.len() * 2);
    for word in words {
        set.insert(word.clone());
        let mut chars = word.chars();
        if let Some(first) = chars.next().filter(|c| c.is_lowercase()) {
            set.insert(first.to_uppercase().chain(chars).collect());
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_rules_parse_and_are_substantial() {
        let lists = RuleLists::german();
        assert!(
            lists.abbreviations.len() > 200,
            "{}",
            lists.abbreviations.len()
        );
        assert!(lists.closing_abbreviations.contains(&"usw".to_string()));
    }

    #[test]
    fn a_user_file_extends_the_lists() {
        let mut lists = RuleLists::german();
        let extra = RuleLists::parse("abbreviations = [\"Bsp.-Nr\"]", Some("x.toml")).unwrap();
        lists.extend(extra);
        let rules = Rules::compile(&lists);
        assert!(rules.abbreviations.contains("Bsp.-Nr"));
    }

    #[test]
    fn a_broken_rules_file_names_itself() {
        let error = RuleLists::parse("abbreviations = [", Some("mine.toml")).unwrap_err();
        assert!(error.to_string().contains("mine.toml"), "{error}");
        let error = RuleLists::parse("abbrevations = []", None).unwrap_err();
        assert!(error.to_string().contains("abbrevations"), "{error}");
        assert!(error.to_string().contains("line 1"), "{error}");
        // A huge line is quoted, not printed.
        let huge = format!("abbreviations = [\"{}\" 7]", "x".repeat(100_000));
        let error = RuleLists::parse(&huge, None).unwrap_err().to_string();
        assert!(error.len() < 600, "{}", error.len());
    }

    #[test]
    fn lower_case_abbreviations_match_capitalised_only_at_a_sentence_start() {
        let rules = Rules::compile(&RuleLists::german());
        assert!(Rules::is_in(&rules.abbreviations, "Vgl", true));
        assert!(Rules::is_in(&rules.abbreviations, "vgl", false));
        // "schweiz." abbreviates "schweizerisch"; "Schweiz." is the country.
        assert!(Rules::is_in(&rules.abbreviations, "schweiz", false));
        assert!(!Rules::is_in(&rules.abbreviations, "Schweiz", false));
    }
}
