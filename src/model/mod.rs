//! The document model: a [`Project`] holds one [`Document`] (metadata plus [`Block`]s), and each
//! translatable block holds its [`Segment`]s (source sentence, target, status, note, origin).
//!
//! Changes to a project are values ([`edit::Edit`]); applying one returns its inverse, which is
//! what undo and redo rest on. Nothing in here touches the file system or a UI.
//!
//! Finding a segment by id is a hash lookup ([`Project::locate`]), not a scan: imports and
//! batch edits touch every segment, and a scan per segment made them quadratic.

pub mod edit;
pub mod history;
mod index;
mod stats;

pub use crate::base::SegmentId;
pub use stats::{Stats, StatusCount, word_count};

use crate::base::MAX_ID;
use crate::glossary::Glossary;
use index::SegmentIndex;
use serde::{Deserialize, Serialize};

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

impl Origin {
    pub const ALL: [Origin; 7] = [
        Origin::None,
        Origin::Typed,
        Origin::Source,
        Origin::Glossary,
        Origin::Memory,
        Origin::Machine,
        Origin::Imported,
    ];

    /// The name in the project file.
    pub fn name(self) -> &'static str {
        match self {
            Origin::None => "none",
            Origin::Typed => "typed",
            Origin::Source => "source",
            Origin::Glossary => "glossary",
            Origin::Memory => "memory",
            Origin::Machine => "machine",
            Origin::Imported => "imported",
        }
    }

    /// How to tell a translator where the target came from.
    pub fn label(self) -> &'static str {
        match self {
            Origin::None => "no translation yet",
            Origin::Typed => "typed by the translator",
            Origin::Source => "copied from the source",
            Origin::Glossary => "inserted from the glossary",
            Origin::Memory => "from the translation memory",
            Origin::Machine => "machine translation",
            Origin::Imported => "imported from another tool",
        }
    }
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
    /// The engine that gave the target, while its origin is [`Origin::Machine`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub engine: String,
    /// Locked by the file it came from (a bilingual file's locked or signed-off unit): its
    /// target and status do not change.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
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
            engine: String::new(),
            locked: false,
        }
    }

    /// The status the segment must take when its target becomes `target` by anything but a
    /// confirmation (typing, replacing, inserting, importing without a state): a new segment
    /// with text becomes a draft, and so does a confirmed one that changes, until it is
    /// confirmed again. `None`: the status stays. This rule lives here once; every way of
    /// changing a target goes through it.
    pub fn status_for_new_target(&self, target: &str) -> Option<Status> {
        if self.target == target {
            return None;
        }
        let becomes_draft =
            (self.status == Status::New && !target.trim().is_empty()) || self.status.is_done();
        becomes_draft.then_some(Status::Draft)
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
    /// One line of a line-structured paragraph (a recipe, an exercise sheet, a list of
    /// captions): exported on a line of its own, without a blank line after the line before.
    Line,
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
            BlockKind::Line => "line",
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
    /// Where the block came from in the original file ([`Document::original`]): the part and
    /// the paragraph's number in it (`word/document.xml#12`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

impl Block {
    /// A translatable block of `kind` holding `segments`.
    pub fn of(kind: BlockKind, segments: Vec<Segment>) -> Block {
        Block {
            kind,
            verbatim: None,
            segments,
            anchor: None,
        }
    }
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
    /// A Word document (.docx); exports to Word write back into its package.
    Docx,
    /// A bilingual XLIFF file from another tool (Trados, memoQ, Phrase, Okapi…): its
    /// segments are the file's, and the translation is written back into it.
    Xliff,
}

impl SourceFormat {
    /// The file fixes the segments (a bilingual file): they are not split or merged, since
    /// each must go back to its place in the file.
    pub fn fixed_segments(self) -> bool {
        self == SourceFormat::Xliff
    }
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
    /// The file the document was read from, when exports write back into it (a Word
    /// document's package).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Original>,
}

/// A source file kept whole inside the project, so that the translation can be written back
/// into the original's shape. Stored as base64 in the project file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Original {
    /// The file's name, as it was opened (`article.docx`).
    pub name: String,
    #[serde(with = "base64_bytes")]
    pub bytes: std::sync::Arc<[u8]>,
}

mod base64_bytes {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(bytes: &Arc<[u8]>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::base::base64::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<[u8]>, D::Error> {
        let text = String::deserialize(d)?;
        crate::base::base64::decode(&text)
            .map(Arc::from)
            .map_err(serde::de::Error::custom)
    }
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

/// Which translation memories a project uses besides its own and the translator's main
/// memory, and the name its units carry in memories.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemorySettings {
    /// Names this project's units in memories (`ID#segment`), so that a segment confirmed
    /// again updates its unit wherever the project file moves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Read-only memories (TMX or memory files), as glossary files are named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
}

/// Which English a project is translated into (machine translation and, later, number and
/// date conventions follow it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Variant {
    #[default]
    #[serde(rename = "en-US")]
    American,
    #[serde(rename = "en-GB")]
    British,
}

impl Variant {
    pub const ALL: [Variant; 2] = [Variant::American, Variant::British];

    /// The language tag (`en-US`, `en-GB`).
    pub fn tag(self) -> &'static str {
        match self {
            Variant::American => "en-US",
            Variant::British => "en-GB",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Variant::American => "American English",
            Variant::British => "British English",
        }
    }

    pub fn parse(tag: &str) -> Option<Variant> {
        match tag.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "en-us" | "us" | "american" => Some(Variant::American),
            "en-gb" | "gb" | "uk" | "british" => Some(Variant::British),
            _ => None,
        }
    }
}

/// The project's machine translation settings (which engines is the translator's choice;
/// whether the text may leave the machine at all is the project's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineSettings {
    /// `false` for confidential texts: no segment of this project goes to any engine.
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub variant: Variant,
}

fn yes() -> bool {
    true
}

impl Default for MachineSettings {
    fn default() -> Self {
        MachineSettings {
            enabled: true,
            variant: Variant::default(),
        }
    }
}

/// A translation project: the document with its segments, languages and settings.
/// One quality-check issue the translator has decided to leave: the segment and the issue's
/// key (its check and what it is about, e.g. `numbers:2024`), so that the decision holds until
/// the issue itself changes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ignored {
    pub segment: SegmentId,
    pub key: String,
}

/// Which quality checks run (by name) and which single issues are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QaSettings {
    /// Checks switched off, by name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub off: std::collections::BTreeSet<String>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub ignored: std::collections::BTreeSet<Ignored>,
}

impl QaSettings {
    pub fn is_empty(&self) -> bool {
        self.off.is_empty() && self.ignored.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub languages: Languages,
    pub document: Document,
    #[serde(default)]
    pub glossaries: GlossarySettings,
    /// The project's own glossary; it takes precedence over every other.
    #[serde(default)]
    pub glossary: Glossary,
    #[serde(default)]
    pub memory: MemorySettings,
    #[serde(default)]
    pub machine: MachineSettings,
    #[serde(default, skip_serializing_if = "QaSettings::is_empty")]
    pub qa: QaSettings,
    /// The next id a new segment gets; ids are never reused.
    pub next_id: u64,
    /// Where each segment is; rebuilt when it turns out stale.
    #[serde(skip)]
    index: SegmentIndex,
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
            memory: MemorySettings::default(),
            machine: MachineSettings::default(),
            qa: QaSettings::default(),
            next_id,
            index: SegmentIndex::default(),
        }
    }

    /// A project from its parts (a loaded file); call [`Project::repair_ids`] before use.
    pub fn from_parts(
        languages: Languages,
        document: Document,
        glossaries: GlossarySettings,
        glossary: Glossary,
        next_id: u64,
    ) -> Project {
        Project {
            languages,
            document,
            glossaries,
            glossary,
            memory: MemorySettings::default(),
            machine: MachineSettings::default(),
            qa: QaSettings::default(),
            next_id,
            index: SegmentIndex::default(),
        }
    }

    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.document.blocks.iter().flat_map(|b| b.segments.iter())
    }

    pub fn segment_count(&self) -> usize {
        self.document.blocks.iter().map(|b| b.segments.len()).sum()
    }

    /// Where segment `id` is (a hash lookup; the index is rebuilt when it turns out stale).
    pub fn locate(&self, id: SegmentId) -> Option<Location> {
        self.index.locate(&self.document.blocks, id)
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

    /// Rebuilds the segment index on next use; for code that changed the blocks' segments
    /// directly rather than through an edit.
    pub fn reindex(&mut self) {
        self.index.invalidate();
    }

    /// A fresh segment id, or `None` when the project has used up [`MAX_ID`] ids.
    pub(crate) fn allocate_id(&mut self) -> Option<SegmentId> {
        let id = self.next_id.max(1);
        if id > MAX_ID {
            return None;
        }
        self.next_id = id + 1;
        Some(SegmentId(id))
    }

    /// Makes the ids usable after reading a hand-edited or damaged file: every segment id
    /// unique, between 1 and [`MAX_ID`], and below `next_id`; the same for the project
    /// glossary's terms. Returns what was repaired, for the translator.
    pub fn repair_ids(&mut self) -> Vec<String> {
        let items = self
            .document
            .blocks
            .iter_mut()
            .flat_map(|b| &mut b.segments)
            .map(|s| crate::base::Numbered {
                name: format!("segment “{}”", crate::base::excerpt(&s.source, 40)),
                id: &mut s.id.0,
            })
            .collect();
        let (next, mut notes) =
            crate::base::repair_ids(items, self.next_id, "the project's next segment id");
        if self.next_id == 0 && next > 1 {
            notes.push(format!(
                "the project's next segment id was missing; it is now {next}"
            ));
        }
        self.next_id = next;
        self.reindex();
        notes.extend(self.glossary.repair_ids());
        notes
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
