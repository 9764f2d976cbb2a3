//! The one HTTP client the engines share: timeouts, no proxy for services on this machine,
//! `429`/`503` retried after the server's `Retry-After` (bounded, cancellable), and HTTP
//! errors turned into [`MtError`]s whose messages come from the server's JSON error body,
//! shortened and scrubbed of the key.

use super::keys::{Secret, scrub};
use super::{EngineKind, MtError};
use serde_json::Value;
use std::time::{Duration, Instant};
use ureq::Agent;

/// How often a rate-limited request is tried in all.
const ATTEMPTS: u32 = 4;
/// The longest single wait for `Retry-After`; a longer demand gives up at once.
const MAX_WAIT: Duration = Duration::from_secs(30);
/// Answers larger than this are not read (a translation is a sentence).
const MAX_ANSWER: u64 = 8 << 20;

/// A request body.
pub enum Body<'a> {
    None,
    Json(&'a Value),
    Form(&'a [(&'a str, String)]),
}

pub struct Http {
    agent: Agent,
    pub engine: &'static str,
    key_variable: &'static str,
    pub base: String,
    secret: Option<Secret>,
    timeout: Duration,
}

impl Http {
    pub fn new(kind: EngineKind, base: String, secret: Option<Secret>, timeout: Duration) -> Http {
        let local = is_local(&base);
        let mut config = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
            .user_agent(concat!("Tandem/", env!("CARGO_PKG_VERSION")));
        if local {
            config = config.proxy(None);
        }
        Http {
            agent: config.build().into(),
            engine: kind.label_short(),
            key_variable: kind.key_variable().unwrap_or(""),
            base,
            secret,
            timeout,
        }
    }

    pub fn secret(&self) -> Option<&Secret> {
        self.secret.as_ref()
    }

    /// Sends a request to `base + path` and returns the JSON answer of a 2xx response
    /// (`Value::Null` for an empty one). Rate limits are waited out (see the module
    /// documentation) unless `cancelled` says stop.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, String)],
        body: Body,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Result<Value, MtError> {
        let url = format!("{}{path}", self.base);
        let mut attempt = 0;
        loop {
            attempt += 1;
            if cancelled() {
                return Err(MtError::Cancelled);
            }
            let (status, retry_after, text) = self.send(method, &url, headers, &body)?;
            if (200..300).contains(&status) {
                if text.trim().is_empty() {
                    return Ok(Value::Null);
                }
                return serde_json::from_str(&text).map_err(|_| MtError::Malformed {
                    engine: self.engine,
                    why: format!("not JSON: {}", self.excerpt(&text)),
                });
            }
            let retry = matches!(status, 429 | 503) && !is_quota(&text);
            if retry && attempt < ATTEMPTS {
                let wait = retry_after.unwrap_or(Duration::from_millis(250 << attempt));
                if wait <= MAX_WAIT && sleep_unless_cancelled(wait, cancelled) {
                    continue;
                }
            }
            return Err(self.status_error(status, retry_after, &text));
        }
    }

    fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, String)],
        body: &Body,
    ) -> Result<(u16, Option<Duration>, String), MtError> {
        let result = match method {
            "GET" | "DELETE" => {
                let mut request = if method == "GET" {
                    self.agent.get(url)
                } else {
                    self.agent.delete(url)
                };
                for (name, value) in headers {
                    request = request.header(*name, value);
                }
                request.call()
            }
            _ => {
                let mut request = self.agent.post(url);
                for (name, value) in headers {
                    request = request.header(*name, value);
                }
                match body {
                    Body::None => request.send_empty(),
                    Body::Json(json) => request
                        .content_type("application/json")
                        .send(json.to_string()),
                    Body::Form(fields) => {
                        request.send_form(fields.iter().map(|(k, v)| (*k, v.as_str())))
                    }
                }
            }
        };
        let mut response = result.map_err(|e| self.transport_error(url, e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_string()
            .map_err(|e| self.transport_error(url, e))?;
        Ok((status, retry_after, text))
    }

    fn transport_error(&self, url: &str, error: ureq::Error) -> MtError {
        let url = strip_query(url);
        match error {
            ureq::Error::Timeout(_) => MtError::Timeout {
                engine: self.engine,
                seconds: self.timeout.as_secs(),
            },
            ureq::Error::BadUri(_) | ureq::Error::Http(_) => MtError::Config {
                engine: self.engine,
                why: format!("{url} is not a usable URL"),
            },
            ureq::Error::HostNotFound => MtError::Network {
                engine: self.engine,
                url,
                why: "the host name is not known (no network, or a typing error)".into(),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => MtError::Timeout {
                engine: self.engine,
                seconds: self.timeout.as_secs(),
            },
            ureq::Error::Io(io) if io.to_string().contains("lookup address") => MtError::Network {
                engine: self.engine,
                url,
                why: "the host name is not known (no network, or a typing error)".into(),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                MtError::Network {
                    engine: self.engine,
                    url,
                    why: "nothing answers there (is the server running?)".into(),
                }
            }
            ureq::Error::BodyExceedsLimit(_) => MtError::Malformed {
                engine: self.engine,
                why: "the answer is too large".into(),
            },
            other => MtError::Network {
                engine: self.engine,
                url,
                why: scrub(&other.to_string(), self.secret.as_ref()),
            },
        }
    }

    fn status_error(&self, status: u16, retry_after: Option<Duration>, body: &str) -> MtError {
        let message = self.excerpt(&error_message(body));
        match status {
            401 | 403 => MtError::Unauthorized {
                engine: self.engine,
                status,
                variable: self.key_variable,
            },
            456 => MtError::Quota {
                engine: self.engine,
                status,
            },
            429 if is_quota(body) => MtError::Quota {
                engine: self.engine,
                status,
            },
            429 => MtError::RateLimited {
                engine: self.engine,
                retry_after,
            },
            500..=599 => MtError::Server {
                engine: self.engine,
                status,
                message,
            },
            _ => MtError::Refused {
                engine: self.engine,
                status,
                message: if message.is_empty() {
                    "no reason given".into()
                } else {
                    message
                },
            },
        }
    }

    /// At most 200 characters of a server's text, on one line, without the key.
    pub fn excerpt(&self, text: &str) -> String {
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut short: String = one_line.chars().take(200).collect();
        if one_line.chars().count() > 200 {
            short.push('…');
        }
        scrub(&short, self.secret.as_ref())
    }
}

impl EngineKind {
    /// The short name errors carry.
    pub fn label_short(self) -> &'static str {
        match self {
            EngineKind::DeepL => "DeepL",
            EngineKind::OpenAi => "The language model",
            EngineKind::LibreTranslate => "LibreTranslate",
            EngineKind::Command => "The local command",
        }
    }
}

/// Whether `url` names this machine (no proxy is asked to reach it).
pub fn is_local(url: &str) -> bool {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    matches!(host, "localhost" | "::1") || host.starts_with("127.")
}

/// A URL without its query (which some services use for keys).
fn strip_query(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_string()
}

/// Whether an error body says the quota or the credit is used up (OpenAI answers 429
/// `insufficient_quota`).
fn is_quota(body: &str) -> bool {
    body.contains("insufficient_quota") || body.contains("Quota exceeded")
}

/// The message in a JSON error body as the providers write them: `{"message": …}` (DeepL),
/// `{"error": {"message": …}}` (OpenAI), `{"error": "…"}` (LibreTranslate, Ollama),
/// `{"detail": …}`; otherwise the text itself.
pub fn error_message(body: &str) -> String {
    let Ok(json) = serde_json::from_str::<Value>(body) else {
        return body.trim().to_string();
    };
    let pick = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("message").and_then(Value::as_str).map(str::to_string),
            _ => None,
        }
    };
    let mut message = ["message", "error", "detail"]
        .iter()
        .find_map(|k| json.get(k).and_then(pick))
        .unwrap_or_default();
    if let Some(detail) = json.get("detail").and_then(Value::as_str)
        && !message.contains(detail)
    {
        message = format!("{message} ({detail})");
    }
    message
}

/// Sleeps `wait` in short steps; `false` if cancelled meanwhile.
fn sleep_unless_cancelled(wait: Duration, cancelled: &(dyn Fn() -> bool + Sync)) -> bool {
    let until = Instant::now() + wait;
    while Instant::now() < until {
        if cancelled() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20).min(until - Instant::now()));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts_are_recognised() {
        for url in [
            "http://localhost:11434/v1",
            "http://127.0.0.1:5000",
            "http://[::1]:8080/v1",
        ] {
            assert!(is_local(url), "{url}");
        }
        for url in [
            "https://api-free.deepl.com",
            "http://127example.com",
            "http://10.0.0.1",
        ] {
            assert!(!is_local(url), "{url}");
        }
    }

    #[test]
    fn error_bodies_as_providers_write_them() {
        assert_eq!(
            error_message(r#"{"message":"Wrong endpoint"}"#),
            "Wrong endpoint"
        );
        assert_eq!(
            error_message(r#"{"error":{"message":"Invalid model","type":"x"}}"#),
            "Invalid model"
        );
        assert_eq!(
            error_message(r#"{"error":"Invalid API key"}"#),
            "Invalid API key"
        );
        assert_eq!(
            error_message(
                r#"{"message":"Bad request","detail":"Value for 'target_lang' not supported."}"#
            ),
            "Bad request (Value for 'target_lang' not supported.)"
        );
        assert_eq!(
            error_message("<html>Bad Gateway</html>"),
            "<html>Bad Gateway</html>"
        );
    }
}
