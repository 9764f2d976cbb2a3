//! The exports: [`ExportFormat`] lists them for the command line and the menus alike, and
//! each has a [`Writer`] that turns a project into bytes.

use super::{article, bilingual_html, docx, tmx, xliff};
use crate::model::{Project, SourceFormat};
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
    /// The translation written back into the file the project was made from (a Word
    /// document, another tool's XLIFF).
    Original,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 10] = [
        ExportFormat::Txt,
        ExportFormat::Md,
        ExportFormat::Html,
        ExportFormat::Docx,
        ExportFormat::BilingualHtml,
        ExportFormat::ReviewDocx,
        ExportFormat::Tmx,
        ExportFormat::Xliff12,
        ExportFormat::Xliff2,
        ExportFormat::Original,
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
            ExportFormat::Original => "original",
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
            ExportFormat::Original => "The original file, translated",
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
            ExportFormat::Original => "original",
        }
    }

    /// The export's file name after the project's name: [`ExportFormat::extension`], or for
    /// the original the target language and the original's own extension
    /// (`job.en-GB.sdlxliff`).
    pub fn file_extension(self, project: &Project) -> String {
        if self != ExportFormat::Original {
            return self.extension().to_string();
        }
        let original = project.document.original.as_ref().map(|o| o.name.as_str());
        let extension = original
            .and_then(|n| std::path::Path::new(n).extension())
            .and_then(|e| e.to_str())
            .unwrap_or("xlf");
        format!("{}.{extension}", project.languages.target)
    }

    /// Whether the project can be exported this way (the original needs one).
    pub fn applies_to(self, project: &Project) -> bool {
        self != ExportFormat::Original || project.document.original.is_some()
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
            ExportFormat::Original => &OriginalWriter,
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

/// Writes the translation back into the project's original file, in its own format.
pub struct OriginalWriter;

impl Writer for OriginalWriter {
    fn write(
        &self,
        project: &Project,
        options: article::ExportOptions,
    ) -> Result<Vec<u8>, ExportError> {
        let Some(original) = &project.document.original else {
            return Err(ExportError::NoOriginal(
                "the project was made from a text article and keeps no original file; export it as txt, md, html or docx".into(),
            ));
        };
        match project.document.metadata.format {
            SourceFormat::Xliff => xliff::back::write_back(&original.bytes, project),
            SourceFormat::Docx => docx::DocxWriter.write(project, options),
            other => Err(ExportError::NoOriginal(format!(
                "the project's original ({:?}) cannot be written back",
                other
            ))),
        }
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
    #[error("the XLIFF file cannot be written back: {0}")]
    Xliff(String),
    #[error("{0}")]
    NoOriginal(String),
}
