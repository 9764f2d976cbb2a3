//! [`Diagnostic`]: one type for everything Tandem has to tell about an input or a project: a
//! reader's warning about line 12, a glossary file that could not be read, a unit of an XLIFF
//! import that fits no segment, a repaired id. Readers create them without knowing the file's
//! name; the layer that opened the file adds it ([`Diagnostic::in_file`]).

use super::SegmentId;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing was lost ("3 ids were repaired").
    Info,
    /// Something was skipped or guessed; the result may not be what the file meant.
    Warning,
    /// The operation failed.
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file it is about, once known.
    pub file: Option<PathBuf>,
    pub position: Option<Position>,
    /// The segment it is about, for project-level diagnostics.
    pub segment: Option<SegmentId>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            file: None,
            position: None,
            segment: None,
            message: message.into(),
        }
    }

    pub fn info(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Info, message)
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, message)
    }

    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, message)
    }

    pub fn at_line(mut self, line: usize) -> Diagnostic {
        self.position = Some(Position { line, column: None });
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.position = Some(Position {
            line,
            column: Some(column),
        });
        self
    }

    /// Names the file, unless a file is named already (a diagnostic about an included file
    /// keeps its own).
    pub fn in_file(mut self, path: &Path) -> Diagnostic {
        if self.file.is_none() {
            self.file = Some(path.to_path_buf());
        }
        self
    }

    pub fn for_segment(mut self, id: SegmentId) -> Diagnostic {
        self.segment = Some(id);
        self
    }

    /// Where it is, as "file: line 3, column 4: s12" (the parts that are known), or "".
    pub fn location(&self) -> String {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.display().to_string());
        }
        match self.position {
            Some(Position {
                line,
                column: Some(column),
            }) => parts.push(format!("line {line}, column {column}")),
            Some(Position { line, column: None }) => parts.push(format!("line {line}")),
            None => {}
        }
        if let Some(segment) = self.segment {
            parts.push(format!("segment {segment}"));
        }
        parts.join(": ")
    }
}

impl fmt::Display for Diagnostic {
    /// `file: line 3: warning: message` (an info is written as a "note").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = self.location();
        if !location.is_empty() {
            write!(f, "{location}: ")?;
        }
        if self.severity != Severity::Error {
            write!(f, "{}: ", self.severity.name())?;
        }
        f.write_str(&self.message)
    }
}

/// The first `max_chars` characters of `text` with an ellipsis if there was more, for quoting
/// user input (a pattern, a field) in a message without printing a megabyte of it.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max_chars).collect();
    let more = chars.count();
    if more == 0 {
        head
    } else {
        format!("{head}… ({more} more characters)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_what_is_known() {
        let d = Diagnostic::warning("skipped")
            .at_line(3)
            .in_file(Path::new("g.tsv"));
        assert_eq!(d.to_string(), "g.tsv: line 3: warning: skipped");
        let d = Diagnostic::error("no target").for_segment(SegmentId(4));
        assert_eq!(d.to_string(), "segment s4: no target");
        let d = Diagnostic::info("repaired")
            .at(2, 7)
            .in_file(Path::new("a"))
            .in_file(Path::new("b"));
        assert_eq!(d.to_string(), "a: line 2, column 7: note: repaired");
    }

    #[test]
    fn excerpts_are_short() {
        assert_eq!(excerpt("abc", 5), "abc");
        assert_eq!(excerpt("abcdef", 3), "abc… (3 more characters)");
    }
}
