//! Machine translation: the engines a translator drafts with, behind one small trait.
//!
//! An [`Engine`] turns German segments ([`Request`]: the sentence, its neighbours as context,
//! the glossary entries that occur in it) into English. Each provider is one file:
//! [`deepl`] (DeepL API, with DeepL glossaries), [`openai`] (any OpenAI-compatible
//! chat-completions endpoint: OpenAI, Ollama, llama.cpp, vLLM, LM Studio), [`libretranslate`]
//! and [`command`] (a local program reading German lines on stdin). The workbench and the
//! window know only the trait and [`EngineConfig`].
//!
//! Around the engines: [`http`] (one careful HTTP client: timeouts, `Retry-After`, errors
//! that never carry a key), [`answer`] (cleaning what a model says, spotting an answer in
//! the wrong language), [`terms`] (the glossary entries a segment needs and the required
//! renderings a suggestion lacks), [`cache`] (answers per engine, source and glossary
//! version, on disk) and [`keys`] (API keys from the environment or an owner-only file,
//! never shown in full).

pub mod answer;
pub mod cache;
pub mod command;
pub mod deepl;
pub mod http;
pub mod keys;
pub mod libretranslate;
pub mod openai;
pub mod terms;

pub use cache::MtCache;
pub use keys::Secret;
pub use terms::{Missing, TermEntry, missing_terms};

use crate::model::Variant;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use thiserror::Error;

/// The kinds of engine Tandem speaks to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    #[default]
    DeepL,
    OpenAi,
    LibreTranslate,
    Command,
}

impl EngineKind {
    pub const ALL: [EngineKind; 4] = [
        EngineKind::DeepL,
        EngineKind::OpenAi,
        EngineKind::LibreTranslate,
        EngineKind::Command,
    ];

    /// The name on the command line and in settings files.
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::DeepL => "deepl",
            EngineKind::OpenAi => "openai",
            EngineKind::LibreTranslate => "libretranslate",
            EngineKind::Command => "command",
        }
    }

    pub fn parse(name: &str) -> Option<EngineKind> {
        EngineKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name.trim()))
    }

    /// What the translator reads.
    pub fn label(self) -> &'static str {
        match self {
            EngineKind::DeepL => "DeepL",
            EngineKind::OpenAi => "Language model (OpenAI-compatible)",
            EngineKind::LibreTranslate => "LibreTranslate",
            EngineKind::Command => "Local command",
        }
    }

    /// The environment variable an API key is read from.
    pub fn key_variable(self) -> Option<&'static str> {
        match self {
            EngineKind::DeepL => Some("DEEPL_AUTH_KEY"),
            EngineKind::OpenAi => Some("OPENAI_API_KEY"),
            EngineKind::LibreTranslate => Some("LIBRETRANSLATE_API_KEY"),
            EngineKind::Command => None,
        }
    }

    /// The base URL used when none is configured (`None`: DeepL picks Free or Pro by key).
    pub fn default_url(self) -> Option<&'static str> {
        match self {
            EngineKind::DeepL | EngineKind::Command => None,
            EngineKind::OpenAi => Some("https://api.openai.com/v1"),
            EngineKind::LibreTranslate => Some("http://localhost:5000"),
        }
    }
}

/// How to reach one engine. Keys are not part of it (see [`keys`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EngineConfig {
    pub kind: EngineKind,
    /// The service's base URL (`https://api-free.deepl.com`, `http://localhost:11434/v1`);
    /// empty for the default.
    pub url: String,
    /// The model, for chat-completions endpoints (`gpt-4o-mini`, `llama3.1`).
    pub model: String,
    /// The program and its arguments, for a local command.
    pub command: String,
    /// Seconds before a request is given up; 0 for the default.
    pub timeout_secs: u32,
}

impl EngineConfig {
    pub fn new(kind: EngineKind) -> EngineConfig {
        EngineConfig {
            kind,
            ..EngineConfig::default()
        }
    }

    pub fn timeout(&self) -> Duration {
        let default = match self.kind {
            EngineKind::OpenAi | EngineKind::Command => 120,
            _ => 30,
        };
        Duration::from_secs(u64::from(if self.timeout_secs == 0 {
            default
        } else {
            self.timeout_secs
        }))
    }

    /// The base URL in use, without a trailing slash.
    pub fn base_url(&self, key: Option<&Secret>) -> String {
        let url = self.url.trim().trim_end_matches('/');
        if !url.is_empty() {
            return url.to_string();
        }
        match self.kind {
            EngineKind::DeepL => deepl::default_url(key).to_string(),
            kind => kind.default_url().unwrap_or_default().to_string(),
        }
    }
}

/// One segment to translate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// The German sentence, inline markup as Tandem keeps it (`*em*`, `[text](url)`).
    pub source: String,
    /// The sentence before and after, for context (empty at the ends).
    pub before: String,
    pub after: String,
    /// Glossary entries that occur in the sentence.
    pub terms: Vec<TermEntry>,
}

/// What every engine is asked for at once.
pub struct Batch<'a> {
    pub requests: &'a [Request],
    pub variant: Variant,
    /// The glossary entries occurring anywhere in the project, for engines that keep a
    /// glossary of their own (DeepL), with a version that changes when they change.
    pub glossary: &'a ProjectGlossary,
    /// Asked between requests; `true` stops the batch with [`MtError::Cancelled`].
    pub cancelled: &'a (dyn Fn() -> bool + Sync),
}

/// The project's glossary entries as one list, for engines with glossaries of their own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectGlossary {
    /// Names the project (the engine's glossary is named after it, so stale ones can go).
    pub project: String,
    /// German → English, sources unique.
    pub entries: Vec<(String, String)>,
    pub version: u64,
}

impl ProjectGlossary {
    pub fn new(project: &str, mut entries: Vec<(String, String)>) -> ProjectGlossary {
        entries.sort();
        entries.dedup_by(|a, b| a.0 == b.0);
        let mut text = String::new();
        for (source, target) in &entries {
            text.push_str(source);
            text.push('\t');
            text.push_str(target);
            text.push('\n');
        }
        ProjectGlossary {
            project: project.to_string(),
            version: crate::memory::text::hash_str(&text),
            entries,
        }
    }
}

/// A machine translation engine.
pub trait Engine: Send + Sync {
    /// The engine's name as the translator sees it and as segments keep it ("DeepL",
    /// "llama3.1 via localhost:11434").
    fn name(&self) -> String;

    /// What identifies the engine's answers in the cache: kind, URL and model (never a key).
    fn signature(&self) -> String;

    /// One English translation per request, in order.
    fn translate(&self, batch: &Batch) -> Result<Vec<String>, MtError>;

    /// Tests the connection and the key; says what it found ("DeepL Free: 12,000 of 500,000
    /// characters used this month").
    fn check(&self) -> Result<String, MtError>;
}

/// Builds the engine `config` describes.
pub fn engine(config: &EngineConfig, key: Option<Secret>) -> Result<Box<dyn Engine>, MtError> {
    Ok(match config.kind {
        EngineKind::DeepL => Box::new(deepl::DeepL::new(config, key)?),
        EngineKind::OpenAi => Box::new(openai::OpenAi::new(config, key)?),
        EngineKind::LibreTranslate => Box::new(libretranslate::LibreTranslate::new(config, key)?),
        EngineKind::Command => Box::new(command::Command::new(config)?),
    })
}

/// Why a translation did not come back. Messages name the engine and what to do; none
/// carries a key.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum MtError {
    #[error("{engine} needs an API key: set {variable} or enter it in the settings")]
    NoKey {
        engine: &'static str,
        variable: &'static str,
    },
    #[error("{engine} refused the key (HTTP {status}): check it in the settings or in {variable}")]
    Unauthorized {
        engine: &'static str,
        status: u16,
        variable: &'static str,
    },
    #[error(
        "{engine}: the quota is used up (HTTP {status}); no more characters can be translated this period"
    )]
    Quota { engine: &'static str, status: u16 },
    #[error("{engine}: too many requests (HTTP 429); gave up after waiting{}", retry_after.map(|d| format!(" ({} s asked for)", d.as_secs())).unwrap_or_default())]
    RateLimited {
        engine: &'static str,
        retry_after: Option<Duration>,
    },
    #[error("{engine}: the request was refused (HTTP {status}): {message}")]
    Refused {
        engine: &'static str,
        status: u16,
        message: String,
    },
    #[error("{engine}: server error (HTTP {status}){}", if message.is_empty() { String::new() } else { format!(": {message}") })]
    Server {
        engine: &'static str,
        status: u16,
        message: String,
    },
    #[error("{engine} did not answer within {} s", seconds)]
    Timeout { engine: &'static str, seconds: u64 },
    #[error("{engine} cannot be reached at {url}: {why}")]
    Network {
        engine: &'static str,
        url: String,
        why: String,
    },
    #[error("{engine} gave an answer Tandem cannot read: {why}")]
    Malformed { engine: &'static str, why: String },
    #[error("{engine} answered in German, not English; the suggestion was dropped")]
    WrongLanguage { engine: &'static str },
    #[error("{engine} answered with much more than a translation; the suggestion was dropped")]
    Rambling { engine: &'static str },
    #[error("{engine}: {why}")]
    Config { engine: &'static str, why: String },
    #[error("{engine}: the command failed: {why}")]
    Command { engine: &'static str, why: String },
    #[error("cancelled")]
    Cancelled,
}

/// A sentence as the engines that translate HTML (DeepL, LibreTranslate) take it: inline
/// markup as HTML tags, or the text as it is when it has none; and their answer back in
/// Tandem's markup.
pub struct Wire {
    pub text: String,
    pub html: bool,
}

impl Wire {
    pub fn of(source: &str) -> Wire {
        let html = crate::formats::inline::to_plain(source) != source;
        Wire {
            text: if html {
                crate::formats::inline::to_html(source)
            } else {
                source.to_string()
            },
            html,
        }
    }

    pub fn back(&self, answer: &str) -> String {
        if self.html {
            crate::formats::inline::from_html(answer)
        } else {
            answer.to_string()
        }
    }
}

/// Characters a batch sends (DeepL bills by character of source text).
pub fn characters(requests: &[Request]) -> usize {
    requests.iter().map(|r| r.source.chars().count()).sum()
}
