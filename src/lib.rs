//! Tandem: a workbench for translating German articles into English, sentence by sentence.
//!
//! Code map (the README's *Architecture* section tells the same story at more length):
//!
//! - [`model`]: the project, its document (blocks) and segments; edits as invertible values;
//!   undo history. Pure data, no I/O.
//! - [`segment`]: German sentence segmentation (rules as data, SRX import).
//! - [`glossary`]: glossaries (TSV, CSV, TBX), the default ones in `glossaries/`, and the
//!   matcher that finds terms in inflected and compounded German.
//! - [`formats`]: reading articles (news text, plain text, Markdown, HTML) into a document,
//!   and writing exports (English article, bilingual HTML, TMX, XLIFF 1.2 and 2.x); XLIFF
//!   import back into a project.
//! - [`project_file`]: the versioned JSON project file, saved atomically.
//! - [`workbench`]: one open project with its glossaries, history and active segment, and
//!   every command of the desktop window as a method; no egui in here.
//! - [`cli`]: the `tandem` command line on top of all that.
//! - [`gui`]: the desktop window (egui/eframe), a thin layer that calls the workbench.
//!
//! Invariants: nothing here knows about a window; the core returns errors and warnings as data
//! and panics only on bugs; segment ids are stable and never reused.

pub mod cli;
pub mod formats;
pub mod glossary;
pub mod gui;
pub mod model;
pub mod project_file;
pub mod segment;
pub mod workbench;
