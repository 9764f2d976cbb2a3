//! Inline markup inside segment text. Tandem keeps emphasis and links in a small Markdown
//! subset (`*em*`, `**strong**`, `_em_`, `` `code` ``, `[text](url)`, backslash escapes) so
//! they survive translation as ordinary characters; the HTML and Word readers write the same
//! subset. For Word's other character formatting it takes pandoc's extensions: `^sup^` and
//! `~sub~` (no spaces inside) and `[text]{.underline}`.
//! Exports render it: as is for Markdown, as tags for HTML, stripped for plain text.
//!
//! Bilingual files from other tools (XLIFF) carry inline codes that are not Tandem's to
//! interpret (`<g id="3">`, `<x id="4"/>`, `<ph>`): segment text shows them as numbered tag
//! placeholders, `<g1>…</g1>` and `<x2/>` ([`Tag`]), which the translator moves but does not
//! change, and which the file's writer turns back into the original codes.
//!
//! Rendering is one pass from left to right with explicit stacks, never recursion, and every
//! look-ahead ("is there a closing `*`?", "where does this link's URL end?") is answered by a
//! cursor that only moves forward: linear time and constant stack depth whatever the text
//! holds (300,000 unclosed `[`, 200,000 nested links).

use std::collections::HashMap;
use std::fmt::Write;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Html,
    Plain,
    /// Plain text escaped for XML, tag placeholders kept as they are.
    Xml,
}

/// Whether a tag placeholder opens, closes or stands alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TagKind {
    Open,
    Close,
    Standalone,
}

/// A tag placeholder in segment text: `<g1>`, `</g1>`, `<x2/>`: a short lowercase name
/// (the code's kind) and the code's number in its segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tag<'t> {
    pub kind: TagKind,
    pub name: &'t str,
    pub number: u32,
}

impl Tag<'_> {
    /// The placeholder as written in segment text.
    pub fn token(&self) -> String {
        match self.kind {
            TagKind::Open => format!("<{}{}>", self.name, self.number),
            TagKind::Close => format!("</{}{}>", self.name, self.number),
            TagKind::Standalone => format!("<{}{}/>", self.name, self.number),
        }
    }

    /// The same code whatever its kind: `g1` for both `<g1>` and `</g1>`.
    pub fn code(&self) -> String {
        format!("{}{}", self.name, self.number)
    }
}

/// The tag placeholder starting at byte `at`, and its length.
pub fn tag_at(text: &str, at: usize) -> Option<(Tag<'_>, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'<') {
        return None;
    }
    let mut i = at + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && bytes[i].is_ascii_lowercase() && i - name_start < 4 {
        i += 1;
    }
    let name_end = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() && i - name_end < 5 {
        i += 1;
    }
    if name_end == name_start || i == name_end || bytes[name_end] == b'0' {
        return None;
    }
    let number: u32 = text[name_end..i].parse().ok()?;
    let standalone = !closing && bytes.get(i) == Some(&b'/');
    if standalone {
        i += 1;
    }
    if bytes.get(i) != Some(&b'>') {
        return None;
    }
    let kind = match (closing, standalone) {
        (true, _) => TagKind::Close,
        (false, true) => TagKind::Standalone,
        (false, false) => TagKind::Open,
    };
    let name = &text[name_start..name_end];
    Some((Tag { kind, name, number }, i + 1 - at))
}

/// Every tag placeholder in a text with its byte offset (escaped ones, `\<g1>`, are text).
pub fn tags(text: &str) -> Vec<(usize, Tag<'_>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = memchr::memchr2(b'<', b'\\', &bytes[at..]) {
        at += found;
        if bytes[at] == b'\\' {
            at += if is_escape(bytes, at) { 2 } else { 1 };
            continue;
        }
        match tag_at(text, at) {
            Some((tag, len)) => {
                out.push((at, tag));
                at += len;
            }
            None => at += 1,
        }
    }
    out
}

/// The first tag placeholder of `source` (in its order) that `target` lacks.
pub fn next_missing_tag(source: &str, target: &str) -> Option<String> {
    let mut present: HashMap<String, usize> = HashMap::new();
    for (_, tag) in tags(target) {
        *present.entry(tag.token()).or_default() += 1;
    }
    tags(source)
        .into_iter()
        .map(|(_, t)| t.token())
        .find(|token| match present.get_mut(token) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
}

/// Inline markup as plain text escaped for XML, with tag placeholders left in place for a
/// bilingual file's writer to replace with its codes (every `<` left is one).
pub fn to_xml_with_tags(text: &str) -> String {
    render(text, Mode::Xml)
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
    for (at, c) in text.char_indices() {
        if matches!(c, '*' | '_' | '[' | ']' | '`' | '\\' | '^' | '~')
            || (c == '<' && tag_at(text, at).is_some())
        {
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

/// A backslash followed by ASCII punctuation escapes it.
fn is_escape(bytes: &[u8], at: usize) -> bool {
    bytes[at] == b'\\' && bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation)
}

/// A link: `[label](url)` with its label ending at `close` (the `]`) and the whole link
/// ending at `end` (after the `)`).
#[derive(Clone, Copy)]
struct Link {
    close: usize,
    url: (usize, usize),
    end: usize,
    /// `[text]{.underline}`: an underlined span, not a link.
    underline: bool,
}

const UNDERLINE: &str = "{.underline}";

/// Every `[` that opens a link, with where its label closes and where its URL is. Brackets
/// pair up with a stack; URLs are checked in order of their position with one forward cursor.
fn links(text: &str) -> HashMap<usize, Link> {
    let bytes = text.as_bytes();
    let mut stack = Vec::new();
    let mut pairs = Vec::new();
    let mut underlines = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            _ if is_escape(bytes, at) => at += 1,
            b'[' => stack.push(at),
            b']' => {
                if let Some(open) = stack.pop() {
                    if bytes.get(at + 1) == Some(&b'(') {
                        pairs.push((open, at));
                    } else if text[at + 1..].starts_with(UNDERLINE) {
                        underlines.push((open, at));
                    }
                }
            }
            _ => {}
        }
        at += 1;
    }
    pairs.sort_unstable_by_key(|&(_, close)| close);
    let mut stops = ForwardSearch::default();
    let mut found = HashMap::with_capacity(pairs.len() + underlines.len());
    for (open, close) in underlines {
        found.insert(
            open,
            Link {
                close,
                url: (close, close),
                end: close + 1 + UNDERLINE.len(),
                underline: true,
            },
        );
    }
    for (open, close) in pairs {
        let url_start = close + 2;
        let stop = stops.next(text, url_start, |c| c == ')' || c.is_whitespace());
        if stop < text.len() && bytes[stop] == b')' {
            found.insert(
                open,
                Link {
                    close,
                    url: (url_start, stop),
                    end: stop + 1,
                    underline: false,
                },
            );
        }
    }
    found
}

/// The next position at or after a position where a predicate or a pattern holds, for
/// positions asked in increasing order: each byte is looked at once.
#[derive(Default)]
struct ForwardSearch {
    /// Nothing between `from` and `found` matches; `found` does (or is the text's end).
    from: usize,
    found: Option<usize>,
}

impl ForwardSearch {
    fn next(&mut self, text: &str, at: usize, stop: impl Fn(char) -> bool) -> usize {
        if let Some(found) = self.found
            && self.from <= at
            && at <= found
        {
            return found;
        }
        let found = text[at..]
            .char_indices()
            .find(|&(_, c)| stop(c))
            .map_or(text.len(), |(i, _)| at + i);
        self.from = at;
        self.found = Some(found);
        found
    }

    fn next_str(&mut self, text: &str, at: usize, pattern: &str) -> usize {
        if let Some(found) = self.found
            && self.from <= at
            && at <= found
        {
            return found;
        }
        let found = memchr::memmem::find(&text.as_bytes()[at..], pattern.as_bytes())
            .map_or(text.len(), |i| at + i);
        self.from = at;
        self.found = Some(found);
        found
    }
}

/// What is open while rendering.
enum Open {
    Emphasis(&'static str),
    Link(Link),
}

fn render(text: &str, mode: Mode) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let links = if memchr::memchr(b'[', bytes).is_some() {
        links(text)
    } else {
        HashMap::new()
    };
    let mut open: Vec<Open> = Vec::new();
    // Where the open links' labels end, innermost last: look-aheads stop there.
    let mut limits: Vec<usize> = Vec::new();
    // Forward cursors for "is there another `x` before the limit?".
    let mut markers: [ForwardSearch; 4] = Default::default();
    let mut backticks = ForwardSearch::default();
    let mut at = 0;
    while at < text.len() {
        let limit = limits.last().copied().unwrap_or(text.len());
        if at >= limit {
            // The label ends: close what it opened, then the link; go on after the URL.
            limits.pop();
            while let Some(top) = open.pop() {
                match top {
                    Open::Emphasis(marker) => {
                        if mode == Mode::Html {
                            out.push_str(close_tag(marker));
                        }
                    }
                    Open::Link(link) => {
                        if mode == Mode::Html {
                            out.push_str(if link.underline { "</u>" } else { "</a>" });
                        }
                        at = at.max(link.end);
                        break;
                    }
                }
            }
            continue;
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        match c {
            '<' if let Some((tag, len)) = tag_at(text, at) => {
                match mode {
                    Mode::Html => match tag.kind {
                        TagKind::Open => {
                            let _ = write!(out, "<span data-tag=\"{}\">", tag.code());
                        }
                        TagKind::Close => out.push_str("</span>"),
                        TagKind::Standalone => {
                            let _ = write!(out, "<span data-tag=\"{}/\"></span>", tag.code());
                        }
                    },
                    Mode::Xml => out.push_str(&text[at..at + len]),
                    Mode::Plain => {}
                }
                at += len;
            }
            '\\' if is_escape(bytes, at) => {
                push_text(&mut out, &text[at + 1..at + 2], mode);
                at += 2;
            }
            '`' => {
                let close = backticks.next_str(text, at + 1, "`");
                if close < limit {
                    let code = &text[at + 1..close];
                    if mode == Mode::Html {
                        let _ = write!(out, "<code>{}</code>", escape_html(code));
                    } else {
                        out.push_str(code);
                    }
                    at = close + 1;
                } else {
                    push_text(&mut out, "`", mode);
                    at += 1;
                }
            }
            '[' => match links.get(&at) {
                Some(&link) if link.close <= limit => {
                    if mode == Mode::Html {
                        if link.underline {
                            out.push_str("<u>");
                        } else {
                            let url = &text[link.url.0..link.url.1];
                            let _ = write!(out, "<a href=\"{}\">", escape_html(url));
                        }
                    }
                    open.push(Open::Link(link));
                    limits.push(link.close);
                    at += 1;
                }
                _ => {
                    push_text(&mut out, "[", mode);
                    at += 1;
                }
            },
            '^' | '~' => {
                // Pandoc's superscript and subscript: no whitespace inside, not empty. The
                // scan stops at the next marker, so each stretch is looked at once.
                let close = text[at + 1..limit]
                    .find(|n: char| n == c || n.is_whitespace())
                    .map(|i| at + 1 + i)
                    .filter(|&i| i > at + 1 && text[i..].starts_with(c));
                match close {
                    Some(close) => {
                        let inner = &text[at + 1..close];
                        let tag = if c == '^' { "sup" } else { "sub" };
                        if mode == Mode::Html {
                            let _ = write!(out, "<{tag}>");
                        }
                        push_unescaped(&mut out, inner, mode);
                        if mode == Mode::Html {
                            let _ = write!(out, "</{tag}>");
                        }
                        at = close + 1;
                    }
                    None => {
                        push_text(&mut out, &text[at..at + 1], mode);
                        at += 1;
                    }
                }
            }
            '*' | '_' => {
                let double = bytes.get(at + 1) == Some(&(c as u8));
                let (marker, slot): (&'static str, usize) = match (c, double) {
                    ('*', true) => ("**", 0),
                    ('*', false) => ("*", 1),
                    (_, true) => ("__", 2),
                    _ => ("_", 3),
                };
                let after = at + marker.len();
                let before_is_word = out.chars().next_back().is_some_and(char::is_alphanumeric);
                let top_is_marker = matches!(open.last(), Some(Open::Emphasis(m)) if *m == marker);
                if top_is_marker {
                    open.pop();
                    if mode == Mode::Html {
                        out.push_str(close_tag(marker));
                    }
                } else if text[after..].starts_with(|n: char| !n.is_whitespace())
                    && markers[slot].next_str(text, after, marker) < limit
                    && !(c == '_' && before_is_word)
                {
                    open.push(Open::Emphasis(marker));
                    if mode == Mode::Html {
                        out.push_str(open_tag(marker));
                    }
                } else {
                    push_text(&mut out, marker, mode);
                }
                at = after;
            }
            _ => {
                let len = c.len_utf8();
                push_text(&mut out, &text[at..at + len], mode);
                at += len;
            }
        }
    }
    if mode == Mode::Html {
        for o in open.into_iter().rev() {
            match o {
                Open::Emphasis(marker) => out.push_str(close_tag(marker)),
                Open::Link(link) => out.push_str(if link.underline { "</u>" } else { "</a>" }),
            }
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

/// Text with its backslash escapes resolved.
fn push_unescaped(out: &mut String, text: &str, mode: Mode) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        if is_escape(bytes, at) {
            push_text(out, &text[at + 1..at + 2], mode);
            at += 2;
        } else {
            let len = text[at..].chars().next().map_or(1, char::len_utf8);
            push_text(out, &text[at..at + len], mode);
            at += len;
        }
    }
}

fn push_text(out: &mut String, text: &str, mode: Mode) {
    match mode {
        Mode::Html => out.push_str(&escape_html(text)),
        Mode::Plain => out.push_str(text),
        Mode::Xml => {
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    _ => out.push(c),
                }
            }
        }
    }
}

/// Reads HTML inline markup back into Tandem's subset: the inverse of [`to_html`] for what
/// it writes (`<em>`/`<i>`, `<strong>`/`<b>`, `<code>`, `<a href>`, entities). Other tags are
/// dropped, their text kept; text that the subset would read as markup is escaped. For
/// engines that translate HTML (DeepL's and LibreTranslate's tag handling).
pub fn from_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut links: Vec<String> = Vec::new();
    // Open spans: the tag placeholder each one stands for, if any.
    let mut spans: Vec<Option<String>> = Vec::new();
    let mut in_code = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            match (name.as_str(), closing) {
                ("em" | "i", _) => out.push('*'),
                ("sup", _) => out.push('^'),
                ("sub", _) => out.push('~'),
                ("u", false) => out.push('['),
                ("u", true) => out.push_str("]{.underline}"),
                ("strong" | "b", _) => out.push_str("**"),
                ("code", closing) => {
                    in_code = !closing;
                    out.push('`');
                }
                ("span", false) => {
                    let token = attribute(tag, "data-tag").map(|code| format!("<{code}>"));
                    match token.as_deref().and_then(|t| Some((t, tag_at(t, 0)?))) {
                        Some((token, (found, len))) if len == token.len() => {
                            out.push_str(token);
                            spans.push((found.kind == TagKind::Open).then(|| found.code()));
                        }
                        _ => spans.push(None),
                    }
                }
                ("span", true) => {
                    if let Some(Some(code)) = spans.pop() {
                        let _ = write!(out, "</{code}>");
                    }
                }
                ("a", false) => {
                    links.push(attribute(tag, "href").unwrap_or_default());
                    out.push('[');
                }
                ("a", true) => {
                    if let Some(url) = links.pop() {
                        out.push_str("](");
                        out.push_str(&url);
                        out.push(')');
                    }
                }
                _ => {}
            }
            continue;
        }
        if c == '&'
            && let Some((end, _)) = rest.char_indices().take(12).find(|(_, c)| *c == ';')
            && let Some(decoded) = entity(&rest[1..end])
        {
            push_markup_char(&mut out, decoded, in_code);
            rest = &rest[end + 1..];
            continue;
        }
        push_markup_char(&mut out, c, in_code);
        rest = &rest[c.len_utf8()..];
    }
    // Links the HTML left open.
    for url in links.into_iter().rev() {
        out.push_str("](");
        out.push_str(&url);
        out.push(')');
    }
    out
}

/// A character of text: escaped where the subset would read it as markup (not in code).
fn push_markup_char(out: &mut String, c: char, in_code: bool) {
    if !in_code && matches!(c, '*' | '_' | '[' | ']' | '`' | '\\' | '^' | '~') {
        out.push('\\');
    }
    out.push(c);
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The value of attribute `name` in a tag's text, entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let value = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value.split(char::is_whitespace).next()?,
    };
    let mut out = String::new();
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if c == '&'
            && let Some(end) = rest.find(';')
            && let Some(decoded) = entity(&rest[1..end])
        {
            out.push(decoded);
            rest = &rest[end + 1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_placeholders() {
        let text = "Klick <g1>hier</g1><x2/> und \\<b3> a<b";
        let found: Vec<String> = tags(text).iter().map(|(_, t)| t.token()).collect();
        assert_eq!(found, ["<g1>", "</g1>", "<x2/>"]);
        assert_eq!(to_plain(text), "Klick hier und <b3> a<b");
        assert_eq!(
            to_xml_with_tags(text),
            "Klick <g1>hier</g1><x2/> und &lt;b3&gt; a&lt;b"
        );
        assert_eq!(escape_markup("a <g1> b < c"), "a \\<g1> b < c");
        for no in ["<g0>", "<g>", "<1>", "</x2/>", "<G1>", "<abcde1>"] {
            assert!(tag_at(no, 0).is_none(), "{no}");
        }
        let html = to_html(text);
        assert_eq!(
            html,
            "Klick <span data-tag=\"g1\">hier</span><span data-tag=\"x2/\"></span> und &lt;b3&gt; a&lt;b"
        );
        assert_eq!(from_html(&html), "Klick <g1>hier</g1><x2/> und <b3> a<b");
        assert_eq!(next_missing_tag(text, "Click <g1>"), Some("</g1>".into()));
        assert_eq!(next_missing_tag(text, "<x2/><g1>here</g1>"), None);
        assert_eq!(
            from_html("<span data-tag=\"bad one\">x</span><span>y</span>"),
            "xy"
        );
    }

    #[test]
    fn html_comes_back_as_the_markup_it_was_written_from() {
        for text in [
            "Die **NATO** und *die* [EU](https://eu.int?a=1&b=2) <jetzt>.",
            "Ein `a*b` und \\*kein\\* Stern.",
            "[**a** b](u) c",
            "H~2~O, x^2^, [unterstrichen]{.underline} und [**fett**]{.underline}",
            "ca. \\~5 und 2\\^10",
        ] {
            assert_eq!(from_html(&to_html(text)), text, "{text}");
        }
        assert_eq!(
            from_html("<i>Kursiv</i> &amp; <b>fett</b> <span>x</span> &#8364;"),
            "*Kursiv* & **fett** x €"
        );
        assert_eq!(from_html("<a href='u'>offen"), "[offen](u)");
        assert_eq!(from_html("a < b & c"), "a < b & c");
        // An ampersand before letters of two bytes: no entity, and no cut inside a letter.
        assert_eq!(from_html("&5ß!ßßßßßß; x"), "&5ß!ßßßßßß; x");
    }

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
    fn links_nest_and_close_what_their_label_opened() {
        assert_eq!(
            to_html("[a [b](u) c](v)"),
            "<a href=\"v\">a <a href=\"u\">b</a> c</a>"
        );
        assert_eq!(to_html("[*a](u)*"), "<a href=\"u\">*a</a>*");
        assert_eq!(
            to_html("[**a** b](u)"),
            "<a href=\"u\"><strong>a</strong> b</a>"
        );
        assert_eq!(to_html("[a](b c)"), "[a](b c)");
        assert_eq!(to_html("[a] (b)"), "[a] (b)");
        assert_eq!(to_html(r"[a\](b)"), "[a](b)");
        assert_eq!(to_html("[`x]`](u)"), "[<code>x]</code>](u)");
        assert_eq!(to_html("[a]()"), "<a href=\"\">a</a>");
    }

    #[test]
    fn word_formatting_in_pandoc_syntax() {
        assert_eq!(
            to_html("H~2~O und x^2^ und [u]{.underline}"),
            "H<sub>2</sub>O und x<sup>2</sup> und <u>u</u>"
        );
        // Spaces inside, nothing inside or no closing marker: the characters themselves.
        assert_eq!(to_html("ca. ~5 bis ~6"), "ca. ~5 bis ~6");
        assert_eq!(to_html("a ^^ b ^x"), "a ^^ b ^x");
        assert_eq!(to_plain("H~2~O [u]{.underline}"), "H2O u");
        let text = "5^3 ~ 125";
        assert_eq!(to_plain(&escape_markup(text)), text);
        // A megabyte of markers stays linear.
        let hostile = "^a".repeat(300_000);
        assert_eq!(to_plain(&hostile).len(), hostile.len() - 300_000);
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

    #[test]
    fn hostile_shapes_render_without_recursion() {
        let deep = format!("{}x{}", "[".repeat(200_000), "](u)".repeat(200_000));
        let html = to_html(&deep);
        assert_eq!(html.matches("<a href").count(), 200_000);
        assert_eq!(to_plain(&deep), "x");
        let unclosed = "[".repeat(300_000);
        assert_eq!(to_plain(&unclosed), unclosed);
        let stars = "*a ".repeat(100_000);
        assert_eq!(to_html(&stars).matches("<em>").count(), 50_000);
        let mixed = "*a **a ".repeat(50_000);
        assert!(to_html(&mixed).contains("<strong>"));
    }
}
