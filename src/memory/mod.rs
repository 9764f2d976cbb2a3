//! Translation memory, the pure part: what a memory unit is, how a sentence is tokenised
//! ([`text`]), the fuzzy-match score and the differences shown with a match ([`score`]), the
//! index that finds matches and concordance hits without scanning ([`index`]), and TMX in and
//! out ([`tmx`]). Where memories are kept (SQLite files, TMX files used directly) is the
//! `stores` module's business; this one touches no file.

pub mod index;
pub mod score;
pub mod text;
pub mod tmx;

pub use index::{DocId, Found, Index, PreparedUnit, Side, occurrences, prepare_unit};
pub use score::{Change, Piece, differences};

use serde::Serialize;

/// One translation unit: a German sentence and its English translation, with where it came
/// from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub source: String,
    pub target: String,
    /// The source sentences before and after it where it was translated: a 100% match in
    /// the same context is a context match (101%).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Names a unit written from a project's segment (`project/segment`): writing a unit
    /// with the same key again updates it instead of adding another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(flatten)]
    pub provenance: Provenance,
    /// Inline markup of an imported unit as its file had it (TMX `<bpt>`, `<ph>`…), for
    /// exporting it unchanged; `source`/`target` show it as placeholders (`{1}`, `{/1}`,
    /// `{2/}`).
    #[serde(skip)]
    pub source_markup: Option<String>,
    #[serde(skip)]
    pub target_markup: Option<String>,
}

/// Where a unit comes from, as far as its file says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The document or project it was translated in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The tool that wrote it (from the TMX header or unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// When it was last changed, as TMX writes dates (`20240619T104500Z`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
}

impl Unit {
    pub fn new(source: impl Into<String>, target: impl Into<String>) -> Unit {
        Unit {
            source: source.into(),
            target: target.into(),
            ..Unit::default()
        }
    }
}

/// Language tags as the memory sides: any German variant is the source, any English one the
/// target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    German,
    English,
    Other,
}

impl Language {
    /// `de`, `de-DE`, `de_AT`, `DE-CH` are German; `en`, `en-US`, `en-GB` English.
    pub fn of(tag: &str) -> Language {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "de" | "deu" | "ger" => Language::German,
            "en" | "eng" => Language::English,
            _ => Language::Other,
        }
    }
}

/// A fuzzy match for a segment, as shown to the translator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Match {
    /// 0–100; 101 for a 100% match in the same context.
    pub score: u8,
    pub unit: Unit,
    /// The name of the memory it was found in.
    pub memory: String,
    /// The match's German with the differences to the segment marked.
    pub differences: Vec<Piece>,
}

impl Match {
    /// Builds a match for `query` from a found unit: score as a percentage, 101 when the
    /// neighbours given match the unit's context, and the differences.
    pub fn new(
        query: &str,
        context: (Option<&str>, Option<&str>),
        unit: Unit,
        score: f32,
        memory: &str,
    ) -> Match {
        let query_tokens = text::tokens(query);
        let unit_tokens = text::tokens(&unit.source);
        let identical = query_tokens.len() == unit_tokens.len()
            && score::distance(&query_tokens, &unit_tokens) == 0.0;
        let mut percent = score::percent(score, identical);
        let same = |a: Option<&str>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => text::normalize(a) == text::normalize(b),
            _ => false,
        };
        if identical
            && (context.0.is_some() || context.1.is_some())
            && (same(context.0, &unit.previous) || context.0.is_none() && unit.previous.is_none())
            && (same(context.1, &unit.next) || context.1.is_none() && unit.next.is_none())
        {
            percent = 101;
        }
        Match {
            score: percent,
            differences: differences(query, &unit.source),
            unit,
            memory: memory.to_string(),
        }
    }
}

/// Orders matches as the results panel shows them: context matches, then by score; ties keep
/// their order (memories in precedence order, then the newest).
pub fn rank(matches: &mut [Match]) {
    matches.sort_by_key(|m| std::cmp::Reverse(m.score));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_variants_map_to_the_two_sides() {
        for tag in ["de", "de-DE", "de-AT", "de_CH", "DE-ch", "deu"] {
            assert_eq!(Language::of(tag), Language::German, "{tag}");
        }
        for tag in ["en", "en-US", "EN-GB", "en_IE"] {
            assert_eq!(Language::of(tag), Language::English, "{tag}");
        }
        for tag in ["fr-FR", "", "dee", "x-de"] {
            assert_eq!(Language::of(tag), Language::Other, "{tag}");
        }
    }

    #[test]
    fn a_full_match_in_the_same_context_is_a_context_match() {
        let mut unit = Unit::new("Putin traf Kim.", "Putin met Kim.");
        unit.previous = Some("Der Gipfel begann.".into());
        unit.next = Some("Sie sprachen lange.".into());
        let score = 1.0;
        let same = Match::new(
            "Putin traf Kim.",
            (Some("Der  Gipfel begann."), Some("Sie sprachen lange.")),
            unit.clone(),
            score,
            "main",
        );
        assert_eq!(same.score, 101);
        let elsewhere = Match::new(
            "Putin traf Kim.",
            (Some("Etwas anderes."), Some("Sie sprachen lange.")),
            unit.clone(),
            score,
            "main",
        );
        assert_eq!(elsewhere.score, 100);
        let fuzzy = Match::new(
            "Putin traf Kim!",
            (Some("Der Gipfel begann."), Some("Sie sprachen lange.")),
            unit,
            0.98,
            "main",
        );
        assert_eq!(fuzzy.score, 98);
    }
}
