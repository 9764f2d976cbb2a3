//! Tandem: a workbench for translating German articles into English, sentence by sentence.
//!
//! Code map, bottom layer first; each layer uses only those above it in this list (checked
//! by `tests/architecture.rs`). The README's *Architecture* section tells the same story at
//! more length.
//!
//! - [`base`]: ids, diagnostics, bytes to text, what kind a file is, a small XML tree. No
//!   Tandem concepts.
//! - [`fsio`]: the file system, carefully: guarded reads, atomic writes with atomic backups,
//!   the project lock.
//! - [`glossary`]: glossaries (TSV, CSV, TBX), the default ones, and the matcher that finds
//!   terms in inflected and compounded German. Pure.
//! - [`model`]: the project, its document and segments; edits as invertible values; undo
//!   history. Pure.
//! - [`segment`]: German sentence segmentation (rules as data, SRX import). Pure.
//! - [`formats`]: article readers and export writers, bytes in and bytes out. Pure.
//! - [`memory`]: translation memory units, the fuzzy score and differences, the index, TMX.
//!   Pure.
//! - [`placeables`]: numbers, dates, times, amounts, ordinals and ranges in German text, and
//!   their English (American or British). Pure.
//! - [`project_file`]: the versioned JSON project file.
//! - [`suggest`]: suggestion providers for a segment (glossary terms today) and their cache.
//! - [`qa`]: quality checks of translations (numbers, terms, punctuation, consistency,
//!   markup, length, spelling), one `Issue` type. Pure.
//! - [`stores`]: where translation memories live (SQLite files, TMX files).
//! - [`mt`]: machine translation engines behind one trait, their HTTP client, keys and cache.
//! - [`workbench`]: the application layer: one open project and every command of the window
//!   and the command line as a method; background jobs; recovery. No egui.
//! - [`cli`]: the `tandem` command line.
//! - `gui` (feature `gui`, on by default): the desktop window (egui/eframe), a thin layer that
//!   calls the workbench.
//!
//! Invariants: nothing but `gui` knows about a window; the core returns errors and
//! diagnostics as data and panics only on bugs; segment ids are stable and never reused;
//! nothing Tandem writes lands on a file it reads.

pub mod base;
pub mod cli;
pub mod formats;
pub mod fsio;
pub mod glossary;
#[cfg(feature = "gui")]
pub mod gui;
pub mod memory;
pub mod model;
pub mod mt;
pub mod placeables;
pub mod project_file;
pub mod qa;
pub mod segment;
pub mod stores;
pub mod suggest;
pub mod workbench;

/// The bundled sample article, offered on the start view.
pub const SAMPLE_NAME: &str = "sample-ostsee.txt";
pub const SAMPLE: &[u8] = include_bytes!("../assets/sample-ostsee.txt");
