//! What comes back from an engine, checked before it reaches the translator: a language
//! model's extras stripped (reasoning blocks, code fences, "Translation:" labels, quotes
//! around the whole answer, notes after it), and answers refused that are empty, much
//! longer than a translation can be, or still German.

use super::MtError;

/// A model's answer reduced to the translation.
pub fn clean_model_answer(answer: &str, source: &str) -> String {
    let mut text = answer.trim().to_string();
    // Reasoning models (DeepSeek-R1, Qwen3 through Ollama) put their thinking first.
    while let Some(start) = text.find("<think>") {
        match text[start..].find("</think>") {
            Some(end) => text.replace_range(start..start + end + "</think>".len(), ""),
            None => text.truncate(start),
        }
    }
    let mut text = text.trim();
    // A fenced block: its content.
    if let Some(inner) = text.strip_prefix("```") {
        let inner = inner.split_once('\n').map_or("", |(_, rest)| rest);
        text = inner
            .rsplit_once("```")
            .map_or(inner, |(body, _)| body)
            .trim();
    }
    // A label before the translation.
    let lower = text.to_lowercase();
    for label in [
        "here is the translation:",
        "here's the translation:",
        "translation:",
        "english translation:",
        "english:",
        "translated text:",
    ] {
        if lower.starts_with(label) {
            text = text[label.len()..].trim();
            break;
        }
    }
    // Notes after a blank line ("Note: …"): a sentence translates into one paragraph.
    if !source.contains("\n\n")
        && let Some((first, _notes)) = text.split_once("\n\n")
        && !first.trim().is_empty()
    {
        text = first.trim();
    }
    strip_quotes(text, source).to_string()
}

/// Quotes around the whole answer that the source does not have.
fn strip_quotes<'a>(text: &'a str, source: &str) -> &'a str {
    for (open, close) in [('"', '"'), ('“', '”'), ('„', '“'), ('«', '»'), ('\'', '\'')] {
        let source = source.trim();
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close))
            && !inner.contains(open)
            && !inner.contains(close)
            && !(source.starts_with(['"', '„', '“', '»', '«', '\'', '‚'])
                && source.ends_with(['"', '“', '”', '«', '»', '\'', '‘']))
        {
            return inner.trim();
        }
    }
    text
}

/// Checks an engine's translation of `source`; the translation as it should be used.
pub fn check(engine: &'static str, source: &str, translation: &str) -> Result<String, MtError> {
    let translation = translation.trim();
    if translation.is_empty() && !source.trim().is_empty() {
        return Err(MtError::Malformed {
            engine,
            why: "the translation is empty".into(),
        });
    }
    let (source_len, target_len) = (source.chars().count(), translation.chars().count());
    if target_len > source_len * 3 + 60 {
        return Err(MtError::Rambling { engine });
    }
    if is_german(translation) {
        return Err(MtError::WrongLanguage { engine });
    }
    Ok(translation.to_string())
}

const GERMAN: [&str; 28] = [
    "der", "die", "das", "und", "ist", "nicht", "mit", "für", "ein", "eine", "auf", "den", "dem",
    "des", "sich", "von", "zu", "wird", "wurde", "sind", "auch", "nach", "bei", "aus", "einer",
    "einen", "über", "werden",
];
const ENGLISH: [&str; 24] = [
    "the", "and", "is", "not", "with", "for", "a", "an", "on", "of", "to", "was", "were", "are",
    "also", "after", "at", "from", "by", "in", "that", "has", "have", "will",
];

/// Whether a text reads as German rather than English: German function words clearly
/// outnumber English ones (names and numbers count for neither). Short texts are never
/// judged.
pub fn is_german(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 5 {
        return false;
    }
    let german = words
        .iter()
        .filter(|w| GERMAN.contains(&w.as_str()))
        .count();
    let english = words
        .iter()
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .count();
    german >= 2 && german > english * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_extras_are_stripped() {
        let source = "Putin reist nach Pjöngjang.";
        for answer in [
            "Putin travels to Pyongyang.",
            "\"Putin travels to Pyongyang.\"",
            "Translation: Putin travels to Pyongyang.",
            "Here is the translation: “Putin travels to Pyongyang.”",
            "<think>Pjöngjang is Pyongyang.</think>\nPutin travels to Pyongyang.",
            "```\nPutin travels to Pyongyang.\n```",
            "Putin travels to Pyongyang.\n\nNote: Pjöngjang is the German name of Pyongyang.",
        ] {
            assert_eq!(
                clean_model_answer(answer, source),
                "Putin travels to Pyongyang.",
                "{answer}"
            );
        }
        // Quotes the source has stay.
        assert_eq!(
            clean_model_answer("\"We are ready.\"", "„Wir sind bereit.“"),
            "\"We are ready.\""
        );
    }

    #[test]
    fn empty_long_and_german_answers_are_refused() {
        let source = "Der Kreml bestätigte das Treffen am Dienstag.";
        assert!(check("X", source, "The Kremlin confirmed the meeting on Tuesday.").is_ok());
        assert!(matches!(
            check("X", source, "  "),
            Err(MtError::Malformed { .. })
        ));
        assert!(matches!(
            check("X", source, &"The Kremlin confirmed. ".repeat(20)),
            Err(MtError::Rambling { .. })
        ));
        assert!(matches!(
            check("X", source, source),
            Err(MtError::WrongLanguage { .. })
        ));
        // Names and numbers alone are not German.
        assert!(check("X", "Wladimir Putin (71)", "Vladimir Putin (71)").is_ok());
    }
}
