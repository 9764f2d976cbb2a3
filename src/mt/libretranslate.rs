//! LibreTranslate, the open-source engine translators host themselves. Documented contract
//! used here (<https://docs.libretranslate.com>, `/docs` of any instance):
//!
//! - `POST {base}/translate`, JSON `{"q": "...", "source": "de", "target": "en", "format":
//!   "text"|"html", "api_key": "..."}` → `{"translatedText": "..."}`; the key is optional
//!   (instances may require one).
//! - `GET {base}/languages` → `[{"code": "de", "name": "German", "targets": ["en", …]}]`
//!   (the connection test).
//! - Errors `{"error": "..."}`: 400 bad request, 403 banned or wrong key, 429 slow down,
//!   500 translation failed.

use super::http::{Body, Http};
use super::keys::Secret;
use super::{Batch, Engine, EngineConfig, EngineKind, MtError, Wire, answer};
use serde_json::{Value, json};

pub struct LibreTranslate {
    http: Http,
}

impl LibreTranslate {
    pub fn new(config: &EngineConfig, key: Option<Secret>) -> Result<LibreTranslate, MtError> {
        let base = config.base_url(key.as_ref());
        Ok(LibreTranslate {
            http: Http::new(EngineKind::LibreTranslate, base, key, config.timeout()),
        })
    }
}

impl Engine for LibreTranslate {
    fn name(&self) -> String {
        "LibreTranslate".into()
    }

    fn signature(&self) -> String {
        format!("libretranslate|{}", self.http.base)
    }

    fn translate(&self, batch: &Batch) -> Result<Vec<String>, MtError> {
        let mut out = Vec::with_capacity(batch.requests.len());
        for request in batch.requests {
            let wire = Wire::of(&request.source);
            let mut body = json!({
                "q": wire.text,
                "source": "de",
                "target": "en",
                "format": if wire.html { "html" } else { "text" },
            });
            if let Some(key) = self.http.secret() {
                body["api_key"] = json!(key.expose());
            }
            let reply = self.http.request(
                "POST",
                "/translate",
                &[],
                Body::Json(&body),
                batch.cancelled,
            )?;
            let text = reply
                .get("translatedText")
                .and_then(Value::as_str)
                .ok_or_else(|| MtError::Malformed {
                    engine: "LibreTranslate",
                    why: "no translatedText in the answer".into(),
                })?;
            out.push(answer::check(
                "LibreTranslate",
                &request.source,
                &wire.back(text),
            )?);
        }
        Ok(out)
    }

    fn check(&self) -> Result<String, MtError> {
        let languages = self
            .http
            .request("GET", "/languages", &[], Body::None, &|| false)?;
        let german = languages
            .as_array()
            .into_iter()
            .flatten()
            .find(|l| l.get("code").and_then(Value::as_str) == Some("de"));
        let to_english = german
            .and_then(|l| l.get("targets"))
            .and_then(Value::as_array)
            .is_some_and(|t| t.iter().any(|c| c.as_str() == Some("en")));
        if to_english {
            Ok(format!(
                "LibreTranslate at {} translates German into English",
                self.http.base
            ))
        } else {
            Err(MtError::Config {
                engine: "LibreTranslate",
                why: format!(
                    "the instance at {} has no German → English model installed",
                    self.http.base
                ),
            })
        }
    }
}
