//! Turning the bytes of a file into text: BOM detection (UTF-8, UTF-16 LE/BE), UTF-8
//! validation, a Windows-1252 fallback for legacy German text, line-end normalisation, and a
//! clear refusal of binary data.
//!
//! Text that is UTF-8 but for a few stray bytes (a damaged download, one pasted Latin-1
//! character) stays UTF-8: the bad bytes become U+FFFD and a diagnostic names where they were,
//! instead of the whole article turning into mojibake ("GrÃ¶ÃŸe") as a Windows-1252 reading
//! would make it.

use super::Diagnostic;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use thiserror::Error;

/// Files larger than this are refused: no article is this long, and a mistaken pick of a video
/// file should fail fast, not fill memory.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is too large ({size} bytes; Tandem reads files of at most {max} bytes)")]
    TooLarge { size: usize, max: usize },
    #[error("this looks like a binary file, not text (byte {offset:#04x} at offset {at})")]
    Binary { offset: u8, at: usize },
    #[error("the text is not valid {encoding}")]
    Malformed { encoding: &'static str },
}

/// Decoded text, the name of the encoding it was read in, and what the reader had to say
/// (bytes that were not valid in it).
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes a text file. Line ends become `\n`; a BOM is dropped.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let decoded = decode_raw(bytes, None)?;
    let text = normalize_line_ends(decoded.text);
    check_text(&text)?;
    Ok(Decoded { text, ..decoded })
}

/// Decodes bytes using a BOM, then UTF-8 (also when a few bytes are not valid in it), then
/// `declared` (e.g. from an XML declaration), then Windows-1252. Line ends are left as they
/// are.
pub fn decode_raw(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(DecodeError::TooLarge {
            size: bytes.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..]);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return decode_with(encoding, bytes);
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(DecodeError::Binary { offset: 0, at });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            diagnostics: Vec::new(),
        });
    }
    let declared = declared
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .filter(|e| *e != UTF_8);
    if declared.is_none()
        && let Some(decoded) = mostly_utf8(bytes)
    {
        return Ok(decoded);
    }
    // ISO-8859-1 text is Windows-1252 text (the WHATWG mapping treats them as one).
    decode_with(declared.unwrap_or(WINDOWS_1252), bytes)
}

/// UTF-8 with a few invalid bytes: more valid non-ASCII characters than invalid sequences
/// (Latin-1 German has no valid multi-byte sequences at all, so it never qualifies).
fn mostly_utf8(bytes: &[u8]) -> Option<Decoded> {
    let mut valid_non_ascii = 0usize;
    let mut invalid = Vec::new();
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        valid_non_ascii += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid.push(at);
            at += chunk.invalid().len();
        }
    }
    if valid_non_ascii <= invalid.len() {
        return None;
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    let line_of = |offset: usize| bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    let shown: Vec<String> = invalid
        .iter()
        .take(5)
        .map(|&offset| format!("byte {offset:#x} (line {})", line_of(offset)))
        .collect();
    let more = invalid.len().saturating_sub(shown.len());
    let message = format!(
        "{} byte sequence(s) are not valid UTF-8 and were replaced by U+FFFD: {}{}",
        invalid.len(),
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
    Some(Decoded {
        text,
        encoding: UTF_8.name(),
        diagnostics: vec![Diagnostic::warning(message).at_line(line_of(invalid[0]))],
    })
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Malformed {
            encoding: encoding.name(),
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        diagnostics: Vec::new(),
    })
}

/// UTF-16 without a BOM shows as a NUL in every other byte of ASCII-heavy text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 <= pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// CRLF and lone CR become LF.
pub fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Text files do not contain control characters other than tab, line feed and form feed.
fn check_text(text: &str) -> Result<(), DecodeError> {
    let binary = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\t' | '\x0c'));
    match binary {
        Some((at, c)) => Err(DecodeError::Binary {
            offset: c as u32 as u8,
            at,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let units = bom
            .then_some(0xFEFFu16)
            .into_iter()
            .chain(text.encode_utf16());
        for unit in units {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend(pair);
        }
        bytes
    }

    #[test]
    fn every_supported_encoding_gives_the_same_text() {
        let text = "Größe „Test“ – 5 €\nzweite Zeile";
        let (latin, _, _) = WINDOWS_1252.encode(text);
        let inputs: Vec<(Vec<u8>, &str)> = vec![
            (text.as_bytes().to_vec(), "UTF-8"),
            (
                [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                "UTF-8",
            ),
            (utf16(text, false, true), "UTF-16LE"),
            (utf16(text, true, true), "UTF-16BE"),
            (utf16(text, false, false), "UTF-16LE"),
            (latin.into_owned(), "windows-1252"),
            (text.replace('\n', "\r\n").into_bytes(), "UTF-8"),
            (text.replace('\n', "\r").into_bytes(), "UTF-8"),
        ];
        for (bytes, encoding) in inputs {
            let decoded = decode_text(&bytes).unwrap();
            assert_eq!(decoded.text, text, "{encoding}");
            assert_eq!(decoded.encoding, encoding);
        }
    }

    #[test]
    fn latin1_german_is_not_mojibake() {
        let decoded = decode_text(b"Gr\xf6\xdfe und \xc4rger").unwrap();
        assert_eq!(decoded.text, "Größe und Ärger");
        assert!(decoded.diagnostics.is_empty());
    }

    #[test]
    fn one_stray_byte_in_utf8_text_keeps_it_utf8_with_a_warning() {
        let mut bytes = "Größe zählt.\nÄrger \"bleibt\".".as_bytes().to_vec();
        bytes.insert(16, 0xFF);
        let decoded = decode_text(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, "Größe zählt.\n\u{FFFD}Ärger \"bleibt\".");
        let warning = decoded.diagnostics[0].to_string();
        assert!(
            warning.contains("line 2") && warning.contains("0x10"),
            "{warning}"
        );
    }

    #[test]
    fn binary_and_empty_input_are_refused() {
        assert_eq!(decode_text(b""), Err(DecodeError::Empty));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(matches!(decode_text(png), Err(DecodeError::Binary { .. })));
        assert!(matches!(
            decode_text(b"text\x01more"),
            Err(DecodeError::Binary { at: 4, .. })
        ));
    }
}
