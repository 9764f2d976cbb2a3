//! Line-structured blocks: exercise sheets, recipes, lists and captions where each line is a
//! unit of its own, often without final punctuation, as opposed to wrapped prose whose lines
//! end mid-sentence. Decided per block from the shape of its lines.

/// Prose is rarely wrapped narrower than this many characters.
const NARROWEST_WRAP: usize = 60;

/// A line this short is rarely a line of wrapped prose.
const SHORT_LINE: usize = 45;

/// Whether each line of a block is a unit of its own. Only line breaks after a line without
/// final punctuation decide (after a sentence end, a break is a break either way):
/// - such a break is *hard* when the line and the whole next line would have fitted on one
///   line (verse, lists, lyrics), or when the next line starts with a capital, a digit, a
///   bullet or a quote and its first word would still have fitted on the line before: a
///   program that wrapped the text would have put it there (the width is the block's longest
///   line, at least [`NARROWEST_WRAP`] characters);
/// - it is *soft* otherwise: the next line starts in lower case, the line ends with a hyphen,
///   or the next word would not have fitted.
///
/// The block is line-structured when hard breaks outnumber soft ones, or when it has four or
/// more lines and three quarters of them are short ([`SHORT_LINE`] characters at most).
pub fn line_structured<'l>(lines: impl IntoIterator<Item = &'l str>) -> bool {
    structured(&trimmed(lines))
}

/// [`line_structured`] for lines already trimmed, without empty ones.
fn structured(lines: &[&str]) -> bool {
    // Four or more lines, nearly all short: verse or a list, never prose wrapped by a program.
    let short = lines
        .iter()
        .filter(|l| l.chars().count() <= SHORT_LINE)
        .count();
    if lines.len() >= 4 && short * 4 >= lines.len() * 3 {
        return true;
    }
    let width = width(lines);
    let (mut hard, mut soft) = (0usize, 0usize);
    for pair in lines.windows(2) {
        let (line, next) = (pair[0], pair[1]);
        if ends_sentence(line) {
            continue;
        }
        if is_hard(line, next, width) {
            hard += 1;
        } else {
            soft += 1;
        }
    }
    hard > soft
}

fn trimmed<'l>(lines: impl IntoIterator<Item = &'l str>) -> Vec<&'l str> {
    lines
        .into_iter()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn width(lines: &[&str]) -> usize {
    lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(NARROWEST_WRAP)
}

fn is_hard(line: &str, next: &str, width: usize) -> bool {
    if line.ends_with(['-', '‐']) {
        return false; // hyphenated across the break
    }
    let length = line.chars().count();
    if length + 1 + next.chars().count() <= width {
        return true;
    }
    let first = next.chars().next().unwrap_or(' ');
    let first_word = next.split_whitespace().next().unwrap_or("");
    let fits = length + 1 + first_word.chars().count() <= width;
    fits && !first.is_lowercase()
}

/// A label on a line of its own ("Sicherheitshinweis:", "Frage an Radio Eriwan:") before a
/// capitalised line: a unit even in a block of prose, when the next word would have fitted.
fn is_label(line: &str, next: &str, width: usize) -> bool {
    let first = next.chars().next().unwrap_or(' ');
    let first_word = next.split_whitespace().next().unwrap_or("");
    line.ends_with(':')
        && line.chars().count() <= NARROWEST_WRAP
        && !first.is_lowercase()
        && line.chars().count() + 1 + first_word.chars().count() <= width
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(super::is_closing)
        .ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Adds line starts of `text` to `starts`: every line's when `text` is line-structured, else
/// the line after each label line.
pub(super) fn add_line_breaks(text: &str, starts: &mut Vec<usize>) {
    let lines = trimmed(text.lines());
    let (structured, width) = (structured(&lines), width(&lines));
    let before = starts.len();
    let mut previous_line: Option<&str> = None;
    let mut from = 0;
    for (newline, _) in text.match_indices('\n') {
        let line = text[from..newline].trim();
        from = newline + 1;
        if !line.is_empty() {
            previous_line = Some(line);
        }
        let at = super::skip_whitespace(text, newline + 1);
        let Some(previous) = previous_line.filter(|_| at < text.len()) else {
            continue;
        };
        let next = text[at..].lines().next().unwrap_or("").trim();
        if structured || is_label(previous, next, width) {
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
        let hand_wrapped = "Verschiedene Sprüche der Alten, die man sich öfters zu\n\
                            wiederholen pflegt, hatten eine ganz andere Bedeutung, als man";
        assert!(!line_structured(hand_wrapped.lines()));
    }

    #[test]
    fn verse_is_line_structured() {
        assert!(line_structured(
            "Der Hund bellt laut,\ndie Katze schweigt,\nund oben\nzieht der Mond".lines()
        ));
    }
}
