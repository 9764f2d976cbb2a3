//! API keys: from the environment (`DEEPL_AUTH_KEY`, `OPENAI_API_KEY`,
//! `LIBRETRANSLATE_API_KEY`) or from the translator's key file (`keys.json` in Tandem's data
//! folder), which is written with owner-only permissions. A key lives in a [`Secret`],
//! whose `Debug` shows only stars and which has no `Display`, so it cannot slip into a log,
//! an error message or a panic by formatting; project files, exports and the recovery file
//! never see the key store at all.

use super::EngineKind;
use crate::fsio;
use std::collections::BTreeMap;
use std::path::Path;

/// An API key. Shown only masked ([`Secret::masked`]); [`Secret::expose`] is for the one
/// place that puts it into a request header or body.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// `None` for an empty key.
    pub fn new(key: &str) -> Option<Secret> {
        let key = key.trim();
        (!key.is_empty()).then(|| Secret(key.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key as settings show it: dots, and the last four characters of a long key.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() >= 16 {
            let tail: String = chars[chars.len() - 4..].iter().collect();
            format!("••••••••{tail}")
        } else {
            "••••••••".to_string()
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(••••)")
    }
}

/// Where a key came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySource {
    Environment(&'static str),
    File,
}

impl KeySource {
    pub fn describe(self) -> String {
        match self {
            KeySource::Environment(variable) => format!("from {variable}"),
            KeySource::File => "from the key file".to_string(),
        }
    }
}

/// The key for `kind`: the environment variable first, then the key file (if any).
pub fn key_for(kind: EngineKind, file: Option<&Path>) -> Option<(Secret, KeySource)> {
    let variable = kind.key_variable()?;
    if let Some(key) = std::env::var(variable).ok().and_then(|k| Secret::new(&k)) {
        return Some((key, KeySource::Environment(variable)));
    }
    let keys = read_keys(file?).ok()?;
    let key = Secret::new(keys.get(kind.name())?)?;
    Some((key, KeySource::File))
}

/// The keys in a key file (engine name → key). A missing file has none; a file readable by
/// others is made owner-only first.
pub fn read_keys(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(BTreeMap::new());
        }
        Err(error) => return Err(format!("{}: {error}", path.display())),
    };
    if fsio::readable_by_others(path) {
        // Rewriting creates it owner-only.
        let _ = fsio::write_private(path, &bytes);
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{} is not a key file ({})",
            path.display(),
            e.classify_name()
        )
    })
}

trait Classify {
    fn classify_name(&self) -> &'static str;
}

impl Classify for serde_json::Error {
    // The parser's message may quote the file's text, which holds keys: only its kind.
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "unreadable",
            serde_json::error::Category::Syntax => "not valid JSON",
            serde_json::error::Category::Data => "not an object of names and keys",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}

/// Stores (or, with `None`, removes) the key for `kind` in the key file, owner-only.
pub fn store_key(path: &Path, kind: EngineKind, key: Option<&str>) -> Result<(), String> {
    let mut keys = read_keys(path).unwrap_or_default();
    match key.and_then(Secret::new) {
        Some(key) => keys.insert(kind.name().to_string(), key.0),
        None => keys.remove(kind.name()),
    };
    let json = serde_json::to_vec_pretty(&keys).map_err(|e| e.to_string())?;
    fsio::write_private(path, &json).map_err(|e| format!("{}: {e}", path.display()))
}

/// Replaces every occurrence of `secret` in `text` (an error body echoed back, say).
pub fn scrub(text: &str, secret: Option<&Secret>) -> String {
    match secret {
        Some(secret) if secret.0.len() >= 4 => text.replace(&secret.0, "••••"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_formats_in_full() {
        let key = Secret::new(" 0123456789abcdef-SECRET:fx ").unwrap();
        assert_eq!(key.expose(), "0123456789abcdef-SECRET:fx");
        assert!(!format!("{key:?}").contains("SECRET"));
        assert_eq!(key.masked(), "••••••••T:fx");
        assert_eq!(Secret::new("short").unwrap().masked(), "••••••••");
        assert!(Secret::new("  ").is_none());
        assert_eq!(
            scrub("bad key 0123456789abcdef-SECRET:fx!", Some(&key)),
            "bad key ••••!"
        );
    }

    #[test]
    fn the_key_file_is_owner_only_and_keys_are_found_in_it() {
        let dir = std::env::temp_dir().join(format!("tandem-keys-{}", std::process::id()));
        let path = dir.join("keys.json");
        store_key(&path, EngineKind::LibreTranslate, Some("lt-key-1234567890")).unwrap();
        assert!(!fsio::readable_by_others(&path));
        assert_eq!(
            read_keys(&path).unwrap().get("libretranslate").unwrap(),
            "lt-key-1234567890"
        );
        // The command engine has no key; an unknown file yields none.
        assert!(key_for(EngineKind::Command, Some(&path)).is_none());
        store_key(&path, EngineKind::LibreTranslate, None).unwrap();
        assert!(read_keys(&path).unwrap().is_empty());
        std::fs::write(&path, "{\"deepl\": oops-secret").unwrap();
        let error = read_keys(&path).unwrap_err();
        assert!(!error.contains("oops-secret"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
