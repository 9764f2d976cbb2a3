//! Inline markup inside segment text. Tandem keeps emphasis and links in a small Markdown
//! subset (`*em*`, `**strong**`, `_em_`, `` `code` ``, `[text](url)`, backslash escapes) so
//! they survive translation as ordinary characters; the HTML reader writes the same subset.
//! Exports render it: as is for Markdown, as tags for HTML, stripped for plain text.

use std::fmt::Write;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Html,
    Plain,
}

/// Inline markup as HTML, with text escaped.
pub fn to_html(text: &str) -> String {
    render(text, Mode::Html)
}

/// Inline markup removed: link text stays, the URL goes.
pub fn to_plain(text: &str) -> String {
    render(text, Mode::Plain)
}

/// Escapes characters the inline syntax would read as markup.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '`' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn render(text: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open: Vec<&'static str> = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        match c {
            '\\' if rest[1..].starts_with(|n: char| n.is_ascii_punctuation()) => {
                push_text(&mut out, &rest[1..2], mode);
                rest = &rest[2..];
            }
            '`' => match rest[1..].find('`') {
                Some(end) => {
                    let code = &rest[1..1 + end];
                    if mode == Mode::Html {
                        let _ = write!(out, "<code>{}</code>", escape_html(code));
                    } else {
                        out.push_str(code);
                    }
                    rest = &rest[end + 2..];
                }
                None => {
                    push_text(&mut out, "`", mode);
                    rest = &rest[1..];
                }
            },
            '[' => match link(rest) {
                Some((label, url, used)) => {
                    let label = render(label, mode);
                    if mode == Mode::Html {
                        let _ = write!(out, "<a href=\"{}\">{label}</a>", escape_html(url));
                    } else {
                        out.push_str(&label);
                    }
                    rest = &rest[used..];
                }
                None => {
                    push_text(&mut out, "[", mode);
                    rest = &rest[1..];
                }
            },
            '*' | '_' => {
                let marker: &'static str = match (c, rest.starts_with("**"), rest.starts_with("__"))
                {
                    ('*', true, _) => "**",
                    ('*', false, _) => "*",
                    (_, _, true) => "__",
                    _ => "_",
                };
                let after = &rest[marker.len()..];
                let before_is_word = out.chars().next_back().is_some_and(char::is_alphanumeric);
                if open.last() == Some(&marker) {
                    open.pop();
                    if mode == Mode::Html {
                        out.push_str(close_tag(marker));
                    }
                } else if after.starts_with(|n: char| !n.is_whitespace())
                    && after.contains(marker)
                    && !(c == '_' && before_is_word)
                {
                    open.push(marker);
                    if mode == Mode::Html {
                        out.push_str(open_tag(marker));
                    }
                } else {
                    push_text(&mut out, marker, mode);
                }
                rest = after;
            }
            _ => {
                push_text(&mut out, &rest[..len], mode);
                rest = &rest[len..];
            }
        }
    }
    if mode == Mode::Html {
        for marker in open.into_iter().rev() {
            out.push_str(close_tag(marker));
        }
    }
    out
}

fn open_tag(marker: &str) -> &'static str {
    if marker.len() == 2 {
        "<strong>"
    } else {
        "<em>"
    }
}

fn close_tag(marker: &str) -> &'static str {
    if marker.len() == 2 {
        "</strong>"
    } else {
        "</em>"
    }
}

fn push_text(out: &mut String, text: &str, mode: Mode) {
    match mode {
        Mode::Html => out.push_str(&escape_html(text)),
        Mode::Plain => out.push_str(text),
    }
}

/// `[label](url)` at the start of `text`: label, url and bytes used.
fn link(text: &str) -> Option<(&str, &str, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let after = text[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let url = after[..end].trim();
    if url.contains(char::is_whitespace) {
        return None;
    }
    Some((&text[1..close], url, close + 2 + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_rendering() {
        assert_eq!(
            to_html("Die **NATO** und *die* [EU](https://eu.int?a=1&b=2) <jetzt>."),
            "Die <strong>NATO</strong> und <em>die</em> <a href=\"https://eu.int?a=1&amp;b=2\">EU</a> &lt;jetzt&gt;."
        );
        assert_eq!(to_html("3 * 4 = 12"), "3 * 4 = 12");
        assert_eq!(to_html("snake_case_name"), "snake_case_name");
        assert_eq!(to_html(r"\*kein\* Stern"), "*kein* Stern");
        assert_eq!(to_html("`a*b`"), "<code>a*b</code>");
    }

    #[test]
    fn plain_rendering_keeps_link_text() {
        assert_eq!(
            to_plain("Siehe [den **Bericht**](http://x.de)."),
            "Siehe den Bericht."
        );
    }

    #[test]
    fn escaped_text_renders_back_to_itself() {
        let text = "a*b [c] _d_ `e` \\f";
        assert_eq!(to_plain(&escape_markup(text)), text);
    }
}
