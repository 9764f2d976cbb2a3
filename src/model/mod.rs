//! The document model: a [`Project`] holds one [`Document`] (metadata plus [`Block`]s), and each
//! translatable block holds its [`Segment`]s (source sentence, target, status, note, origin).
//!
//! Changes to a project are values ([`edit::Edit`]); applying one returns its inverse, which is
//! what undo and redo rest on. Nothing in here touches the file system or a UI.

pub mod edit;
pub mod history;
mod stats;

pub use stats::{Stats, StatusCount, word_count};

use crate::glossary::Glossary;
use serde::{Deserialize, Serialize};

/// Stable identity of a segment: survives split, merge, save and reload, and is never reused
/// within a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SegmentId(pub u64);

impl std::fmt::Display for SegmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s{}", self.0)
    }
}

impl std::str::FromStr for SegmentId {
    type Err = ();
    fn from_str(text: &str) -> Result<Self, ()> {
        let digits = text.strip_prefix('s').unwrap_or(text);
        digits.parse().map(SegmentId).map_err(|_| ())
    }
}

/// How far a segment's translation has come, in the order a translation moves through them.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    New,
    Draft,
    Translated,
    Reviewed,
    Approved,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::New,
        Status::Draft,
        Status::Translated,
        Status::Reviewed,
        Status::Approved,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Draft => "draft",
            Status::Translated => "translated",
            Status::Reviewed => "reviewed",
            Status::Approved => "approved",
        }
    }

    /// Translated, reviewed or approved: the target may go into the finished article.
    pub fn is_done(self) -> bool {
        self >= Status::Translated
    }
}

/// Where the current target text came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    #[default]
    None,
    Typed,
    Source,
    Glossary,
    Memory,
    Machine,
    Imported,
}

/// One sentence (or headline, or list item) of the source and its translation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub id: SegmentId,
    pub source: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default)]
    pub origin: Origin,
}

impl Segment {
    pub fn new(id: SegmentId, source: impl Into<String>) -> Segment {
        Segment {
            id,
            source: source.into(),
            target: String::new(),
            status: Status::New,
            note: String::new(),
            origin: Origin::None,
        }
    }
}

/// The role a block plays in the article; exports rebuild the same shape from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BlockKind {
    Title,
    Heading {
        level: u8,
    },
    Paragraph,
    /// `marker` is the source's list marker (`-`, `*`, `1.`), reused by the Markdown export.
    ListItem {
        marker: String,
    },
    Quote,
    /// Photo or author credit: kept verbatim, never translated.
    Credit,
    /// A trailing "Mehr zum Thema – …" line of a news site.
    Related,
    /// Preformatted text (a Markdown code fence): kept verbatim, never translated.
    Code,
}

impl BlockKind {
    pub fn name(&self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Heading { .. } => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem { .. } => "list-item",
            BlockKind::Quote => "quote",
            BlockKind::Credit => "credit",
            BlockKind::Related => "related",
            BlockKind::Code => "code",
        }
    }

    /// Credits and code are carried over verbatim; everything else is translated.
    pub fn is_translatable(&self) -> bool {
        !matches!(self, BlockKind::Credit | BlockKind::Code)
    }
}

/// A structural unit of the article. Translatable blocks hold segments; a credit holds its
/// verbatim text instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    #[serde(flatten)]
    pub kind: BlockKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbatim: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
}

/// Which reader produced the document; exports to the source's own format use it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// The ` date YYYY-MM Title` news-article text format.
    News,
    #[default]
    Text,
    Markdown,
    Html,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// `YYYY-MM` (or whatever the header line held) of a news article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default)]
    pub format: SourceFormat,
    /// Path of the source article as given when the project was made; the article is never
    /// written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_path: Option<String>,
    /// The character encoding the source was read in (`UTF-8`, `windows-1252`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_encoding: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub metadata: Metadata,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Languages {
    pub source: String,
    pub target: String,
}

impl Default for Languages {
    fn default() -> Self {
        Languages {
            source: "de".into(),
            target: "en".into(),
        }
    }
}

/// Which glossary files a project consults after its own glossary, in order of precedence
/// (paths relative to the project file), and whether the built-in defaults come last.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossarySettings {
    #[serde(default)]
    pub files: Vec<String>,
    #[serde(default = "default_true")]
    pub use_defaults: bool,
}

fn default_true() -> bool {
    true
}

/// A translation project: the document with its segments, languages and settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub languages: Languages,
    pub document: Document,
    #[serde(default)]
    pub glossaries: GlossarySettings,
    /// The project's own glossary; it takes precedence over every other.
    #[serde(default)]
    pub glossary: Glossary,
    /// The next id a new segment gets; ids are never reused.
    pub next_id: u64,
}

/// Where a segment sits: block index and position within the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub block: usize,
    pub index: usize,
}

impl Project {
    /// Builds a project from a document whose segments have not been numbered yet
    /// (ids are assigned in document order, starting at 1).
    pub fn from_document(mut document: Document) -> Project {
        let mut next_id = 1;
        for block in &mut document.blocks {
            for segment in &mut block.segments {
                segment.id = SegmentId(next_id);
                next_id += 1;
            }
        }
        Project {
            languages: Languages::default(),
            document,
            glossaries: GlossarySettings {
                files: Vec::new(),
                use_defaults: true,
            },
            glossary: Glossary::new("project"),
            next_id,
        }
    }

    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.document.blocks.iter().flat_map(|b| b.segments.iter())
    }

    pub fn segment_count(&self) -> usize {
        self.document.blocks.iter().map(|b| b.segments.len()).sum()
    }

    pub fn locate(&self, id: SegmentId) -> Option<Location> {
        self.document
            .blocks
            .iter()
            .enumerate()
            .find_map(|(block, b)| {
                let index = b.segments.iter().position(|s| s.id == id)?;
                Some(Location { block, index })
            })
    }

    pub fn segment(&self, id: SegmentId) -> Option<&Segment> {
        let at = self.locate(id)?;
        Some(&self.document.blocks[at.block].segments[at.index])
    }

    pub fn segment_mut(&mut self, id: SegmentId) -> Option<&mut Segment> {
        let at = self.locate(id)?;
        Some(&mut self.document.blocks[at.block].segments[at.index])
    }

    /// The title block's segments joined, if the document has a title.
    pub fn title_source(&self) -> Option<String> {
        let block = self
            .document
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)?;
        Some(join_sentences(
            block.segments.iter().map(|s| s.source.as_str()),
        ))
    }

    pub fn stats(&self) -> Stats {
        Stats::of(self)
    }

    pub(crate) fn allocate_id(&mut self) -> SegmentId {
        let id = SegmentId(self.next_id);
        self.next_id += 1;
        id
    }
}

/// Joins sentences of one block with single spaces, the way exports rebuild a paragraph.
pub fn join_sentences<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts.filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}
