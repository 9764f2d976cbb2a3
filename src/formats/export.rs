//! The exports: [`ExportFormat`] lists them for the command line and the menus alike, and
//! each has a [`Writer`] that turns a project into bytes.

use super::{article, bilingual_html, docx, tmx, xliff};
use crate::model::Project;
use thiserror::Error;

/// Every export Tandem writes, for the command line and the menus alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Txt,
    Md,
    Html,
    BilingualHtml,
    Tmx,
    Xliff12,
    Xliff2,
    Docx,
    ReviewDocx,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 9] = [
        ExportFormat::Txt,
        ExportFormat::Md,
        ExportFormat::Html,
        ExportFormat::Docx,
        ExportFormat::BilingualHtml,
        ExportFormat::ReviewDocx,
        ExportFormat::Tmx,
        ExportFormat::Xliff12,
        ExportFormat::Xliff2,
    ];

    /// The name on the command line (`--to xliff12`).
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Txt => "txt",
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
            ExportFormat::BilingualHtml => "bilingual-html",
            ExportFormat::Tmx => "tmx",
            ExportFormat::Xliff12 => "xliff12",
            ExportFormat::Xliff2 => "xliff2",
            ExportFormat::Docx => "docx",
            ExportFormat::ReviewDocx => "review-docx",
        }
    }

    pub fn from_name(name: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Txt => "English article (.txt)",
            ExportFormat::Md => "English article (Markdown)",
            ExportFormat::Html => "English article (HTML)",
            ExportFormat::BilingualHtml => "Bilingual review document (HTML)",
            ExportFormat::Tmx => "Translation memory (TMX 1.4)",
            ExportFormat::Xliff12 => "XLIFF 1.2",
            ExportFormat::Xliff2 => "XLIFF 2.0",
            ExportFormat::Docx => "English article (Word)",
            ExportFormat::ReviewDocx => "Bilingual review table (Word)",
        }
    }

    /// What goes after the project's name: `article.en.txt`, `article.xlf`, …
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Txt => "en.txt",
            ExportFormat::Md => "en.md",
            ExportFormat::Html => "en.html",
            ExportFormat::BilingualHtml => "bilingual.html",
            ExportFormat::Tmx => "tmx",
            ExportFormat::Xliff12 => "xlf",
            ExportFormat::Xliff2 => "xliff2.xlf",
            ExportFormat::Docx => "en.docx",
            ExportFormat::ReviewDocx => "review.docx",
        }
    }

    /// The English article formats refuse untranslated segments unless allowed.
    pub fn is_article(self) -> bool {
        matches!(
            self,
            ExportFormat::Txt | ExportFormat::Md | ExportFormat::Html | ExportFormat::Docx
        )
    }

    /// The writer of this format.
    pub fn writer(self) -> &'static dyn Writer {
        match self {
            ExportFormat::Txt => &article::TextWriter,
            ExportFormat::Md => &article::MarkdownWriter,
            ExportFormat::Html => &article::HtmlWriter,
            ExportFormat::BilingualHtml => &bilingual_html::BilingualHtmlWriter,
            ExportFormat::Tmx => &tmx::TmxWriter,
            ExportFormat::Xliff12 => &xliff::Xliff12Writer,
            ExportFormat::Xliff2 => &xliff::Xliff2Writer,
            ExportFormat::Docx => &docx::DocxWriter,
            ExportFormat::ReviewDocx => &docx::ReviewWriter,
        }
    }

    /// The export's bytes.
    pub fn export(
        self,
        project: &Project,
        options: article::ExportOptions,
    ) -> Result<Vec<u8>, ExportError> {
        self.writer().write(project, options)
    }
}

/// Writes a project in one export format.
pub trait Writer: Sync {
    fn write(
        &self,
        project: &Project,
        options: article::ExportOptions,
    ) -> Result<Vec<u8>, ExportError>;
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ExportError {
    #[error(transparent)]
    Incomplete(#[from] article::Incomplete),
    #[error("the Word document cannot be written: {0}")]
    Docx(String),
}
