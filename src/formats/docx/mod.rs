//! Word documents (.docx): reading an article from one ([`DOCX`]), and writing the translation
//! either back into the original package, in its shape ([`DocxWriter`] for a project made from
//! a Word file), or as a new, plainly styled document for articles that came as text.
//!
//! - [`package`]: the ZIP container, its parts and relationships, with limits;
//! - [`dom`]: a faithful XML tree of a part, so unchanged parts of it are written back as read;
//! - [`read`]: paragraphs, headings, lists, tables, text boxes and notes into blocks;
//! - [`write`]: the translation into the original's paragraphs;
//! - [`generate`]: a new document from any project;
//! - [`review`]: the bilingual review table for an editor, and reading it back.

mod dom;
mod generate;
mod package;
mod read;
pub mod review;
mod write;

use super::article::{ExportOptions, block_markup, check};
use super::{ExportError, ImportError, RawArticle, ReadOptions, Reader, Writer};
use crate::base::Diagnostic;
use crate::base::sniff::{Sniffed, sniff};
use crate::model::{Project, SourceFormat};
use package::Package;
use std::collections::HashMap;

/// The Word reader.
pub static DOCX: DocxReader = DocxReader;

pub struct DocxReader;

impl Reader for DocxReader {
    fn format(&self) -> SourceFormat {
        SourceFormat::Docx
    }

    fn read(
        &self,
        bytes: &[u8],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<RawArticle, ImportError> {
        self.read_with(bytes, ReadOptions::default(), diagnostics)
    }

    fn read_with(
        &self,
        bytes: &[u8],
        options: ReadOptions,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<RawArticle, ImportError> {
        let damaged = |why: String| ImportError::Damaged(why);
        let package = Package::read(bytes).map_err(damaged)?;
        let main = package.main_part().ok_or_else(|| {
            damaged("the Word document has no main document part (word/document.xml)".into())
        })?;
        let styles = read::Styles::read(&package, &main);
        let mut blocks = Vec::new();
        let mut parts = vec![main.clone()];
        parts.extend(package.related(&main, "/footnotes"));
        parts.extend(package.related(&main, "/endnotes"));
        if options.headers_footers {
            for relationship in package.relationships(&main) {
                let kind = &relationship.kind;
                if !relationship.external
                    && (kind.ends_with("/header") || kind.ends_with("/footer"))
                    && package.get(&relationship.target).is_some()
                    && !parts.contains(&relationship.target)
                {
                    parts.push(relationship.target);
                }
            }
        }
        for name in &parts {
            let Some(data) = package.get(name) else {
                continue;
            };
            let part = dom::parse(data).map_err(|e| damaged(format!("{name}: {e}")))?;
            for block in read::read_part(&package, name, &part, &styles, diagnostics) {
                super::push_block(&mut blocks, block)?;
            }
        }
        Ok(RawArticle {
            date: None,
            encoding: None,
            blocks,
            original: Some(bytes.to_vec()),
            languages: None,
        })
    }
}

/// Writes a project as a Word document: into its original when it was made from one.
pub struct DocxWriter;

impl Writer for DocxWriter {
    fn write(&self, project: &Project, options: ExportOptions) -> Result<Vec<u8>, ExportError> {
        check(project, options)?;
        let original = project
            .document
            .original
            .as_ref()
            .filter(|o| matches!(sniff(&o.bytes), Sniffed::Zip { word: true }));
        let language = english_tag(&project.languages.target);
        let Some(original) = original else {
            return generate::document(project, &language).map_err(ExportError::Docx);
        };
        let mut targets: HashMap<String, HashMap<u32, String>> = HashMap::new();
        for block in &project.document.blocks {
            let Some((part, number)) = block
                .anchor
                .as_deref()
                .and_then(|a| a.rsplit_once('#'))
                .and_then(|(p, n)| Some((p, n.parse::<u32>().ok()?)))
            else {
                continue;
            };
            if block.segments.is_empty() {
                continue;
            }
            let text = block_markup(block);
            targets
                .entry(part.to_string())
                .or_default()
                .entry(number)
                .and_modify(|t| {
                    t.push(' ');
                    t.push_str(&text);
                })
                .or_insert(text);
        }
        write::write_back(&original.bytes, &targets, &language).map_err(ExportError::Docx)
    }
}

/// Writes the bilingual review document of a project.
pub struct ReviewWriter;

impl Writer for ReviewWriter {
    fn write(&self, project: &Project, _options: ExportOptions) -> Result<Vec<u8>, ExportError> {
        let language = english_tag(&project.languages.target);
        review::document(project, &language).map_err(ExportError::Docx)
    }
}

/// A language tag for Word's `w:lang`: `en` alone becomes `en-GB`.
fn english_tag(target: &str) -> String {
    if target.contains('-') {
        target.to_string()
    } else if target.eq_ignore_ascii_case("en") || target.is_empty() {
        "en-GB".to_string()
    } else {
        target.to_string()
    }
}
