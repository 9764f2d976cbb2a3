//! Any OpenAI-compatible chat-completions endpoint: OpenAI itself and the servers
//! translators run on their own machines (Ollama at `http://localhost:11434/v1`, llama.cpp's
//! `llama-server` at `http://localhost:8080/v1`, vLLM, LM Studio at
//! `http://localhost:1234/v1`). Documented contract used here
//! (<https://platform.openai.com/docs/api-reference/chat>):
//!
//! - `POST {base}/chat/completions`, `Authorization: Bearer KEY` (local servers need none),
//!   JSON `{"model", "messages": [{"role": "system"|"user", "content"}], "temperature"}` →
//!   `{"choices": [{"message": {"role": "assistant", "content": "..."}}]}`.
//! - `GET {base}/models` → `{"data": [{"id": "..."}]}` (the connection test).
//! - Errors `{"error": {"message", "type", "code"}}`: 401 wrong key, 429 rate limit or
//!   `insufficient_quota`, 404 unknown model, 5xx.
//!
//! The prompt carries the sentence, the one before and after as context, and the glossary
//! entries that occur in it as required renderings; the answer is cleaned of anything but
//! the translation ([`answer::clean_model_answer`]).

use super::http::{Body, Http};
use super::keys::Secret;
use super::{Batch, Engine, EngineConfig, EngineKind, MtError, Request, answer};
use crate::model::Variant;
use serde_json::{Value, json};

pub struct OpenAi {
    http: Http,
    model: String,
}

impl OpenAi {
    pub fn new(config: &EngineConfig, key: Option<Secret>) -> Result<OpenAi, MtError> {
        let model = config.model.trim().to_string();
        if model.is_empty() {
            return Err(MtError::Config {
                engine: "The language model",
                why: "no model is chosen (for example gpt-4o-mini, or llama3.1 in Ollama)".into(),
            });
        }
        let base = config.base_url(key.as_ref());
        Ok(OpenAi {
            http: Http::new(EngineKind::OpenAi, base, key, config.timeout()),
            model,
        })
    }

    fn headers(&self) -> Vec<(&'static str, String)> {
        match self.http.secret() {
            Some(key) => vec![("Authorization", format!("Bearer {}", key.expose()))],
            None => Vec::new(),
        }
    }
}

/// The system and user messages for one sentence.
pub fn prompt(request: &Request, variant: Variant) -> (String, String) {
    let system = format!(
        "You are a professional translator of news articles from German into {}. \
         Translate the German sentence the user gives you. Keep its meaning, names, numbers \
         and inline Markdown markup (*emphasis*, **strong**, `code`, [text](url)) exactly. \
         Where a glossary is given, use its English renderings. Reply with the English \
         translation only: no quotation marks around it, no notes, no explanations.",
        variant.label()
    );
    let mut user = String::new();
    if !request.terms.is_empty() {
        user.push_str("Glossary (German → required English):\n");
        for term in &request.terms {
            user.push_str(&format!("- {} → {}\n", term.found, term.targets[0]));
        }
        user.push('\n');
    }
    if !request.before.trim().is_empty() {
        user.push_str(&format!(
            "Previous sentence (context only, do not translate): {}\n",
            request.before.trim()
        ));
    }
    if !request.after.trim().is_empty() {
        user.push_str(&format!(
            "Next sentence (context only, do not translate): {}\n",
            request.after.trim()
        ));
    }
    if !user.is_empty() {
        user.push('\n');
    }
    user.push_str("Translate this sentence:\n");
    user.push_str(request.source.trim());
    (system, user)
}

impl Engine for OpenAi {
    fn name(&self) -> String {
        let host = self
            .http
            .base
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or(&self.http.base);
        if host == "api.openai.com" {
            self.model.clone()
        } else {
            format!("{} via {host}", self.model)
        }
    }

    fn signature(&self) -> String {
        format!("openai|{}|{}", self.http.base, self.model)
    }

    fn translate(&self, batch: &Batch) -> Result<Vec<String>, MtError> {
        let mut out = Vec::with_capacity(batch.requests.len());
        for request in batch.requests {
            let (system, user) = prompt(request, batch.variant);
            let body = json!({
                "model": self.model,
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
                "temperature": 0,
                "stream": false,
            });
            let reply = self.http.request(
                "POST",
                "/chat/completions",
                &self.headers(),
                Body::Json(&body),
                batch.cancelled,
            )?;
            let content = reply
                .get("choices")
                .and_then(|c| c.get(0))
                .and_then(|c| c.get("message"))
                .and_then(|m| m.get("content"))
                .and_then(Value::as_str)
                .ok_or_else(|| MtError::Malformed {
                    engine: self.http.engine,
                    why: "no choices[0].message.content in the answer".into(),
                })?;
            let cleaned = answer::clean_model_answer(content, &request.source);
            out.push(answer::check(self.http.engine, &request.source, &cleaned)?);
        }
        Ok(out)
    }

    fn check(&self) -> Result<String, MtError> {
        let listed = self
            .http
            .request("GET", "/models", &self.headers(), Body::None, &|| false)?;
        let models: Vec<&str> = listed
            .get("data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| m.get("id").and_then(Value::as_str))
            .collect();
        let offered = |m: &&str| *m == self.model || m.split(':').next() == Some(&self.model);
        if models.is_empty() || models.iter().any(offered) {
            Ok(format!(
                "{} answers; model {} is available",
                self.http.base, self.model
            ))
        } else {
            let some: Vec<&str> = models.iter().take(8).copied().collect();
            Err(MtError::Config {
                engine: self.http.engine,
                why: format!(
                    "{} does not offer the model {}; it offers {}",
                    self.http.base,
                    self.model,
                    some.join(", ")
                ),
            })
        }
    }
}
