//! Line-structured blocks: exercise sheets, recipes, lists and captions where each line is a
//! unit of its own, often without final punctuation, as opposed to wrapped prose whose lines
//! end mid-sentence. Decided per block from the shape of its lines.

/// Prose is rarely wrapped narrower than this many characters.
const NARROWEST_WRAP: usize = 60;

/// Whether each line of a block is a unit of its own. Only line breaks after a line without
/// final punctuation decide (after a sentence end, a break is a break either way):
/// - such a break is *hard* when the next line starts with a capital, a digit, a bullet or a
///   quote and its first word would still have fitted on the line before: a program that
///   wrapped the text would have put it there (the width is the block's longest line, at
///   least [`NARROWEST_WRAP`] characters);
/// - it is *soft* when the next line starts in lower case, the line ends with a hyphen or a
///   comma, or the next word would not have fitted.
///
/// The block is line-structured when hard breaks outnumber soft ones.
pub fn line_structured<'l>(lines: impl IntoIterator<Item = &'l str>) -> bool {
    let lines: Vec<&str> = lines
        .into_iter()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() < 2 {
        return false;
    }
    let width = lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(NARROWEST_WRAP);
    let (mut hard, mut soft) = (0usize, 0usize);
    for pair in lines.windows(2) {
        let (line, next) = (pair[0], pair[1]);
        if ends_sentence(line) {
            continue;
        }
        let first = next.chars().next().unwrap_or(' ');
        let first_word = next.split_whitespace().next().unwrap_or("");
        let fits = line.chars().count() + 1 + first_word.chars().count() <= width;
        let continues = first.is_lowercase() || line.ends_with(['-', ',', '‐']);
        if continues || !fits {
            soft += 1;
        } else {
            hard += 1;
        }
    }
    hard > soft
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(super::is_closing)
        .ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Adds the start of every line of `text` to `starts` when `text` is line-structured.
pub(super) fn add_line_breaks(text: &str, starts: &mut Vec<usize>) {
    if !line_structured(text.lines()) {
        return;
    }
    let before = starts.len();
    for (newline, _) in text.match_indices('\n') {
        let at = super::skip_whitespace(text, newline + 1);
        if at < text.len() && !text[..newline].trim().is_empty() {
            starts.push(at);
        }
    }
    if starts.len() > before {
        starts.sort_unstable();
        starts.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::line_structured;

    #[test]
    fn lists_and_recipes_are_line_structured() {
        assert!(line_structured(
            "Zutaten\n200 g Mehl\n2 Eier\n1 Prise Salz".lines()
        ));
        assert!(line_structured(
            "Aufgabe 1\nLies den Text\nBeantworte die Fragen".lines()
        ));
    }

    #[test]
    fn wrapped_prose_is_not() {
        let prose = "Die Regierung hat am Montag einen neuen Plan vorgestellt, der die\n\
                     Verwaltung vereinfachen soll. Kritiker halten die Vorschläge für\n\
                     unzureichend und fordern weitere Schritte von der Koalition";
        assert!(!line_structured(prose.lines()));
        assert!(!line_structured("Nur eine Zeile".lines()));
        assert!(!line_structured("Er kam\nund ging".lines()));
    }
}
