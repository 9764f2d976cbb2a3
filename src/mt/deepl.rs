//! DeepL API (v2), Free and Pro. Documented contract used here
//! (<https://developers.deepl.com/docs/api-reference>):
//!
//! - `Authorization: DeepL-Auth-Key KEY`; Free keys end in `:fx` and use
//!   `https://api-free.deepl.com`, Pro keys `https://api.deepl.com`.
//! - `POST /v2/translate`, JSON `{"text": [...], "source_lang": "DE", "target_lang":
//!   "EN-US"|"EN-GB", "context": "...", "tag_handling": "html", "glossary_id": "..."}` →
//!   `{"translations": [{"detected_source_language": "DE", "text": "..."}]}`. Context is not
//!   billed; inline markup goes as HTML so emphasis and links survive.
//! - Glossaries: `GET /v2/glossaries` → `{"glossaries": [{"glossary_id", "name", "ready",
//!   ...}]}`; `POST /v2/glossaries` JSON `{"name", "source_lang": "de", "target_lang": "en",
//!   "entries": "de\ten\n…", "entries_format": "tsv"}` → `201 {"glossary_id", …}`;
//!   `DELETE /v2/glossaries/{id}` → `204`. Tandem names its glossaries `tandem PROJECT
//!   VERSION`: one is created per version of the project's entries, found again after a
//!   restart, and older versions of the same project are deleted.
//! - `GET /v2/usage` → `{"character_count", "character_limit"}` (the connection test).
//! - Errors: 403 wrong key, 456 quota exceeded, 429 too many requests, 413 request too
//!   large, 5xx; bodies `{"message": "..."}`.

use super::http::{Body, Http};
use super::keys::Secret;
use super::{Batch, Engine, EngineConfig, EngineKind, MtError, ProjectGlossary, Wire, answer};
use crate::formats::inline;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Mutex;

pub const FREE: &str = "https://api-free.deepl.com";
pub const PRO: &str = "https://api.deepl.com";

/// Free keys end in `:fx`.
pub fn default_url(key: Option<&Secret>) -> &'static str {
    match key {
        Some(key) if key.expose().ends_with(":fx") => FREE,
        _ => PRO,
    }
}

pub struct DeepL {
    http: Http,
    /// The glossary in use per project: (entries version, DeepL's glossary id).
    glossaries: Mutex<HashMap<String, (u64, String)>>,
}

impl DeepL {
    pub fn new(config: &EngineConfig, key: Option<Secret>) -> Result<DeepL, MtError> {
        let Some(key) = key else {
            return Err(MtError::NoKey {
                engine: "DeepL",
                variable: "DEEPL_AUTH_KEY",
            });
        };
        let base = config.base_url(Some(&key));
        Ok(DeepL {
            http: Http::new(EngineKind::DeepL, base, Some(key), config.timeout()),
            glossaries: Mutex::new(HashMap::new()),
        })
    }

    fn auth(&self) -> Vec<(&'static str, String)> {
        let key = self.http.secret().map(Secret::expose).unwrap_or_default();
        vec![("Authorization", format!("DeepL-Auth-Key {key}"))]
    }

    /// The DeepL glossary for the project's entries, created if needed (`None` without
    /// entries).
    fn glossary(
        &self,
        glossary: &ProjectGlossary,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<String>, MtError> {
        if glossary.entries.is_empty() {
            return Ok(None);
        }
        // Held while a glossary is looked for or made, so that two requests at once (the
        // active segment's and the prefetch) do not both create one.
        let mut known = self
            .glossaries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((version, id)) = known.get(&glossary.project)
            && *version == glossary.version
        {
            return Ok(Some(id.clone()));
        }
        let prefix = format!("tandem {} ", glossary.project);
        let name = format!("{prefix}{:016x}", glossary.version);
        let listed =
            self.http
                .request("GET", "/v2/glossaries", &self.auth(), Body::None, cancelled)?;
        let mut found = None;
        for entry in listed
            .get("glossaries")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(entry_name), Some(id)) = (
                entry.get("name").and_then(Value::as_str),
                entry.get("glossary_id").and_then(Value::as_str),
            ) else {
                continue;
            };
            if entry_name == name && found.is_none() {
                found = Some(id.to_string());
            } else if entry_name.starts_with(&prefix) {
                // A stale version of this project's glossary.
                self.http.request(
                    "DELETE",
                    &format!("/v2/glossaries/{id}"),
                    &self.auth(),
                    Body::None,
                    cancelled,
                )?;
            }
        }
        let id = match found {
            Some(id) => id,
            None => {
                let entries: String = glossary
                    .entries
                    .iter()
                    .map(|(de, en)| format!("{}\t{}\n", field(de), field(en)))
                    .collect();
                let body = json!({
                    "name": name,
                    "source_lang": "de",
                    "target_lang": "en",
                    "entries": entries,
                    "entries_format": "tsv",
                });
                let created = self.http.request(
                    "POST",
                    "/v2/glossaries",
                    &self.auth(),
                    Body::Json(&body),
                    cancelled,
                )?;
                created
                    .get("glossary_id")
                    .and_then(Value::as_str)
                    .ok_or_else(|| MtError::Malformed {
                        engine: "DeepL",
                        why: "the new glossary has no id".into(),
                    })?
                    .to_string()
            }
        };
        known.insert(glossary.project.clone(), (glossary.version, id.clone()));
        Ok(Some(id))
    }
}

/// A glossary field as DeepL's TSV takes it: one line, no tabs, trimmed.
fn field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ").trim().to_string()
}

impl Engine for DeepL {
    fn name(&self) -> String {
        "DeepL".into()
    }

    fn signature(&self) -> String {
        format!("deepl|{}", self.http.base)
    }

    fn translate(&self, batch: &Batch) -> Result<Vec<String>, MtError> {
        match self.translate_with_glossary(batch) {
            // The glossary was deleted on DeepL's side (another tool, the account's web page):
            // forget it and make it again, once.
            Err(MtError::Refused {
                status, message, ..
            }) if matches!(status, 400 | 404) && message.to_lowercase().contains("glossary") => {
                if let Ok(mut known) = self.glossaries.lock() {
                    known.remove(&batch.glossary.project);
                }
                self.translate_with_glossary(batch)
            }
            other => other,
        }
    }

    fn check(&self) -> Result<String, MtError> {
        self.usage()
    }
}

impl DeepL {
    fn translate_with_glossary(&self, batch: &Batch) -> Result<Vec<String>, MtError> {
        let glossary_id = self.glossary(batch.glossary, batch.cancelled)?;
        let target = match batch.variant {
            crate::model::Variant::American => "EN-US",
            crate::model::Variant::British => "EN-GB",
        };
        let mut out = Vec::with_capacity(batch.requests.len());
        for request in batch.requests {
            let wire = Wire::of(&request.source);
            let mut body = json!({
                "text": [wire.text],
                "source_lang": "DE",
                "target_lang": target,
            });
            let context = [request.before.as_str(), request.after.as_str()]
                .iter()
                .filter(|c| !c.trim().is_empty())
                .map(|c| inline::to_plain(c))
                .collect::<Vec<_>>()
                .join(" ");
            if !context.is_empty() {
                body["context"] = json!(context);
            }
            if wire.html {
                body["tag_handling"] = json!("html");
            }
            if let Some(id) = &glossary_id {
                body["glossary_id"] = json!(id);
            }
            let answer = self.http.request(
                "POST",
                "/v2/translate",
                &self.auth(),
                Body::Json(&body),
                batch.cancelled,
            )?;
            let translated = answer
                .get("translations")
                .and_then(|t| t.get(0))
                .and_then(|t| t.get("text"))
                .and_then(Value::as_str)
                .ok_or_else(|| MtError::Malformed {
                    engine: "DeepL",
                    why: "no translations[0].text in the answer".into(),
                })?;
            out.push(answer::check(
                "DeepL",
                &request.source,
                &wire.back(translated),
            )?);
        }
        Ok(out)
    }

    fn usage(&self) -> Result<String, MtError> {
        let usage = self
            .http
            .request("GET", "/v2/usage", &self.auth(), Body::None, &|| false)?;
        let count = usage.get("character_count").and_then(Value::as_u64);
        let limit = usage.get("character_limit").and_then(Value::as_u64);
        let plan = if self.http.base == FREE {
            "DeepL API Free"
        } else if self.http.base == PRO {
            "DeepL API Pro"
        } else {
            "DeepL"
        };
        Ok(match (count, limit) {
            (Some(count), Some(limit)) => format!(
                "{plan} answers: {} of {} characters used this billing period",
                thousands(count),
                thousands(limit)
            ),
            _ => format!("{plan} answers; the key is accepted"),
        })
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
