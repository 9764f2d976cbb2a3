//! Machine translation against stand-ins of the providers' documented APIs on 127.0.0.1
//! (no test reaches the internet): what Tandem sends (key headers, context, glossary
//! entries, markup, variant), what it makes of the answers, the errors each provider
//! documents, the cache, the session's prefetching and the command line.

mod common;

use common::stand_in::{Recorded, Reply, StandIn};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tandem::model::{Origin, Project, SegmentId, Status, Variant};
use tandem::mt::{
    self, Batch, EngineConfig, EngineKind, MtCache, MtError, ProjectGlossary, Request, Secret,
    TermEntry,
};
use tandem::workbench::machine::{Run, translate_items};
use tandem::workbench::{MachineConfig, Session, Workbench};

const KEY: &str = "0123456789abcdef-very-secret:fx";

fn config(kind: EngineKind, url: &str) -> EngineConfig {
    EngineConfig {
        url: url.to_string(),
        timeout_secs: 5,
        ..EngineConfig::new(kind)
    }
}

fn request(source: &str) -> Request {
    Request {
        source: source.into(),
        ..Request::default()
    }
}

fn pjongjang() -> TermEntry {
    TermEntry {
        found: "Pjöngjang".into(),
        base: "Pjöngjang".into(),
        targets: vec!["Pyongyang".into()],
    }
}

fn translate(
    engine: &dyn mt::Engine,
    requests: &[Request],
    variant: Variant,
    glossary: &ProjectGlossary,
) -> Result<Vec<String>, MtError> {
    engine.translate(&Batch {
        requests,
        variant,
        glossary,
        cancelled: &|| false,
    })
}

/// One sentence, American English, no project glossary.
fn plain(engine: &dyn mt::Engine, source: &str) -> Result<Vec<String>, MtError> {
    translate(
        engine,
        &[request(source)],
        Variant::American,
        &ProjectGlossary::default(),
    )
}

/// German → English as the stand-ins "translate": a few known sentences.
fn english(text: &str, glossary: bool) -> String {
    match text {
        "Putin reist nach Pjöngjang." if glossary => "Putin travels to Pyongyang.".into(),
        "Putin reist nach Pjöngjang." => "Putin travels to Pjöngjang.".into(),
        "Das ist <em>sehr</em> wichtig." => "That is <em>very</em> important.".into(),
        "Der Kreml bestätigte das Treffen." => "The Kremlin confirmed the meeting.".into(),
        other => format!("[EN] {}", other.len()),
    }
}

/// The stand-in's glossaries: (id, name, entries).
type Glossaries = Arc<Mutex<Vec<(String, String, String)>>>;

/// A DeepL stand-in with glossaries kept as the API keeps them.
fn deepl() -> (StandIn, Glossaries) {
    deepl_taking(Duration::ZERO)
}

/// A DeepL stand-in that takes `delay` for each translation.
fn deepl_taking(delay: Duration) -> (StandIn, Glossaries) {
    let glossaries: Glossaries = Arc::default();
    let kept = glossaries.clone();
    let made = std::sync::atomic::AtomicUsize::new(0);
    let server = StandIn::start(move |r: &Recorded| {
        if r.header("authorization") != Some(&format!("DeepL-Auth-Key {KEY}")) {
            return Reply::json(403, json!({"message": "Forbidden"}));
        }
        let mut glossaries = kept.lock().unwrap();
        match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/v2/usage") => Reply::json(
                200,
                json!({"character_count": 1234, "character_limit": 500000}),
            ),
            ("GET", "/v2/glossaries") => Reply::json(
                200,
                json!({"glossaries": glossaries.iter().map(|(id, name, _)| json!({
                    "glossary_id": id, "name": name, "ready": true, "source_lang": "de",
                    "target_lang": "en", "creation_time": "2026-11-30T08:00:00Z", "entry_count": 1
                })).collect::<Vec<_>>()}),
            ),
            ("POST", "/v2/glossaries") => {
                let body = r.json();
                let id = format!(
                    "g-{}",
                    made.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
                );
                glossaries.push((
                    id.clone(),
                    body["name"].as_str().unwrap().to_string(),
                    body["entries"].as_str().unwrap().to_string(),
                ));
                Reply::json(
                    201,
                    json!({"glossary_id": id, "ready": true, "name": body["name"]}),
                )
            }
            ("DELETE", path) if path.starts_with("/v2/glossaries/") => {
                let id = &path["/v2/glossaries/".len()..];
                glossaries.retain(|(g, _, _)| g != id);
                Reply::text(204, "")
            }
            ("POST", "/v2/translate") => {
                let body = r.json();
                let with_glossary = body.get("glossary_id").is_some();
                if let Some(id) = body.get("glossary_id").and_then(Value::as_str)
                    && !glossaries.iter().any(|(g, _, _)| g == id)
                {
                    return Reply::json(404, json!({"message": "Glossary not found"}));
                }
                let texts: Vec<Value> = body["text"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| json!({"detected_source_language": "DE", "text": english(t.as_str().unwrap(), with_glossary)}))
                    .collect();
                Reply::json(200, json!({"translations": texts})).after(delay)
            }
            _ => Reply::json(404, json!({"message": "Not found"})),
        }
    });
    (server, glossaries)
}

#[test]
fn deepl_sends_key_context_variant_markup_and_a_glossary_it_creates_once() {
    let (server, glossaries) = deepl();
    let engine = mt::engine(&config(EngineKind::DeepL, &server.url), Secret::new(KEY)).unwrap();
    let glossary = ProjectGlossary::new(
        "p1",
        vec![
            ("Pjöngjang".into(), "Pyongyang".into()),
            ("Kreml".into(), "Kremlin".into()),
        ],
    );
    let mut first = request("Putin reist nach Pjöngjang.");
    first.before = "Der Kreml bestätigte das Treffen.".into();
    first.after = "Er bleibt zwei Tage.".into();
    let out = translate(
        engine.as_ref(),
        &[first, request("Das ist *sehr* wichtig.")],
        Variant::British,
        &glossary,
    )
    .unwrap();
    assert_eq!(
        out,
        ["Putin travels to Pyongyang.", "That is *very* important."]
    );
    let sent = server.to("POST", "/v2/translate");
    assert_eq!(sent.len(), 2);
    let body = sent[0].json();
    assert_eq!(body["source_lang"], "DE");
    assert_eq!(body["target_lang"], "EN-GB");
    assert_eq!(body["glossary_id"], "g-1");
    assert_eq!(
        body["context"],
        "Der Kreml bestätigte das Treffen. Er bleibt zwei Tage."
    );
    assert!(body.get("tag_handling").is_none());
    let body = sent[1].json();
    assert_eq!(body["tag_handling"], "html");
    assert_eq!(body["text"][0], "Das ist <em>sehr</em> wichtig.");
    // One glossary, entries as TSV.
    let made = glossaries.lock().unwrap().clone();
    assert_eq!(made.len(), 1);
    assert!(made[0].1.starts_with("tandem p1 "));
    assert_eq!(made[0].2, "Kreml\tKremlin\nPjöngjang\tPyongyang\n");
    let create = &server.to("POST", "/v2/glossaries")[0].json();
    assert_eq!(
        (
            create["source_lang"].as_str(),
            create["target_lang"].as_str()
        ),
        (Some("de"), Some("en"))
    );
    assert_eq!(create["entries_format"], "tsv");

    // Reused by the same engine without asking, and found again by a new one (a restart).
    translate(
        engine.as_ref(),
        &[request("Putin reist nach Pjöngjang.")],
        Variant::American,
        &glossary,
    )
    .unwrap();
    assert_eq!(server.to("GET", "/v2/glossaries").len(), 1);
    let again = mt::engine(&config(EngineKind::DeepL, &server.url), Secret::new(KEY)).unwrap();
    translate(
        again.as_ref(),
        &[request("Putin reist nach Pjöngjang.")],
        Variant::American,
        &glossary,
    )
    .unwrap();
    assert_eq!(server.to("POST", "/v2/glossaries").len(), 1);
    assert_eq!(
        server.to("POST", "/v2/translate").last().unwrap().json()["target_lang"],
        "EN-US"
    );

    // A new version replaces the stale one.
    let changed = ProjectGlossary::new("p1", vec![("Pjöngjang".into(), "Pyongyang".into())]);
    translate(
        again.as_ref(),
        &[request("Putin reist nach Pjöngjang.")],
        Variant::American,
        &changed,
    )
    .unwrap();
    let now = glossaries.lock().unwrap().clone();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].0, "g-2");
    assert_eq!(server.to("DELETE", "/v2/glossaries/g-1").len(), 1);

    // Deleted on DeepL's side (the account's web page): made again, the sentence still comes.
    glossaries.lock().unwrap().clear();
    let out = translate(
        again.as_ref(),
        &[request("Putin reist nach Pjöngjang.")],
        Variant::American,
        &changed,
    )
    .unwrap();
    assert_eq!(out, ["Putin travels to Pyongyang."]);
    assert_eq!(glossaries.lock().unwrap().len(), 1);

    // The connection test reads the usage.
    let checked = engine.check().unwrap();
    assert!(checked.contains("1,234 of 500,000 characters"), "{checked}");
}

#[test]
fn deepl_free_and_pro_endpoints_follow_the_key() {
    let free = EngineConfig::new(EngineKind::DeepL);
    assert_eq!(
        free.base_url(Secret::new("abc:fx").as_ref()),
        "https://api-free.deepl.com"
    );
    assert_eq!(
        free.base_url(Secret::new("abc").as_ref()),
        "https://api.deepl.com"
    );
    assert!(matches!(
        mt::engine(&free, None).err().unwrap(),
        MtError::NoKey {
            variable: "DEEPL_AUTH_KEY",
            ..
        }
    ));
}

/// A server answering every request with the replies in turn (the last one repeats).
fn scripted(replies: Vec<Reply>) -> StandIn {
    let replies = Mutex::new(replies);
    StandIn::start(move |_| {
        let mut replies = replies.lock().unwrap();
        if replies.len() > 1 {
            replies.remove(0)
        } else {
            let last = &replies[0];
            Reply {
                status: last.status,
                headers: last.headers.clone(),
                body: last.body.clone(),
                delay: last.delay,
            }
        }
    })
}

fn deepl_error(replies: Vec<Reply>) -> (MtError, StandIn) {
    let server = scripted(replies);
    let engine = mt::engine(&config(EngineKind::DeepL, &server.url), Secret::new(KEY)).unwrap();
    let error = plain(engine.as_ref(), "Der Kreml bestätigte das Treffen.").unwrap_err();
    assert!(!error.to_string().contains(KEY), "{error}");
    assert!(!format!("{error:?}").contains(KEY), "{error:?}");
    (error, server)
}

#[test]
fn deepl_errors_are_clear_and_never_carry_the_key() {
    let (error, _) = deepl_error(vec![Reply::json(403, json!({"message": "Wrong key"}))]);
    assert!(matches!(error, MtError::Unauthorized { status: 403, .. }));
    assert!(error.to_string().contains("DEEPL_AUTH_KEY"), "{error}");
    let (error, _) = deepl_error(vec![Reply::json(456, json!({"message": "Quota exceeded"}))]);
    assert!(
        matches!(error, MtError::Quota { status: 456, .. }),
        "{error}"
    );
    let (error, server) = deepl_error(vec![
        Reply::json(429, json!({"message": "Too many requests"})).with_header("Retry-After", "0"),
    ]);
    assert!(matches!(error, MtError::RateLimited { .. }), "{error}");
    assert_eq!(server.requests().len(), 4, "tried four times in all");
    let (error, _) = deepl_error(vec![Reply::text(503, "unavailable")]);
    assert!(
        matches!(error, MtError::Server { status: 503, .. }),
        "{error}"
    );
    let (error, _) = deepl_error(vec![Reply::text(200, "<html>proxy login</html>")]);
    assert!(matches!(error, MtError::Malformed { .. }), "{error}");
    let (error, _) = deepl_error(vec![Reply::json(200, json!({"translations": []}))]);
    assert!(matches!(error, MtError::Malformed { .. }), "{error}");
    let (error, _) = deepl_error(vec![Reply::json(
        200,
        json!({"translations": [{"text": "Der Kreml bestätigte das Treffen nicht und die Reise."}]}),
    )]);
    assert!(matches!(error, MtError::WrongLanguage { .. }), "{error}");
    // A server that echoes the key back in its message does not get it shown.
    let (error, _) = deepl_error(vec![Reply::json(
        400,
        json!({"message": format!("Key {KEY} is malformed")}),
    )]);
    assert!(
        matches!(error, MtError::Refused { status: 400, .. }),
        "{error}"
    );

    // 429 with Retry-After: waited for, then answered.
    let server = scripted(vec![
        Reply::json(429, json!({"message": "slow down"})).with_header("Retry-After", "1"),
        Reply::json(
            200,
            json!({"translations": [{"text": "The Kremlin confirmed the meeting."}]}),
        ),
    ]);
    let engine = mt::engine(&config(EngineKind::DeepL, &server.url), Secret::new(KEY)).unwrap();
    let started = std::time::Instant::now();
    let out = plain(engine.as_ref(), "Der Kreml bestätigte das Treffen.").unwrap();
    assert_eq!(out, ["The Kremlin confirmed the meeting."]);
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[test]
fn timeouts_and_unreachable_servers_are_reported() {
    let server = scripted(vec![
        Reply::json(200, json!({"translatedText": "late"})).after(Duration::from_secs(3)),
    ]);
    let mut slow = config(EngineKind::LibreTranslate, &server.url);
    slow.timeout_secs = 1;
    let engine = mt::engine(&slow, None).unwrap();
    let error = plain(engine.as_ref(), "Hallo.").unwrap_err();
    assert!(
        matches!(error, MtError::Timeout { seconds: 1, .. }),
        "{error}"
    );
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let engine = mt::engine(&config(EngineKind::LibreTranslate, &url), None).unwrap();
    let error = engine.check().unwrap_err();
    assert!(matches!(error, MtError::Network { .. }), "{error}");
    assert!(
        error.to_string().contains("is the server running"),
        "{error}"
    );
}

#[test]
fn openai_compatible_prompt_carries_context_and_glossary_and_the_answer_is_cleaned() {
    let server = StandIn::start(|r: &Recorded| match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/v1/models") => Reply::json(
            200,
            json!({"object": "list", "data": [{"id": "llama3.1:latest", "object": "model"}]}),
        ),
        ("POST", "/v1/chat/completions") => Reply::json(
            200,
            json!({"id": "c1", "object": "chat.completion", "choices": [{"index": 0,
                "message": {"role": "assistant",
                    "content": "Translation: \"Putin travels to Pyongyang.\"\n\nNote: Pjöngjang is Pyongyang."},
                "finish_reason": "stop"}]}),
        ),
        _ => Reply::json(404, json!({"error": {"message": "not found"}})),
    });
    let mut ollama = config(EngineKind::OpenAi, &format!("{}/v1", server.url));
    ollama.model = "llama3.1".into();
    // A local server needs no key: no Authorization header goes out.
    let engine = mt::engine(&ollama, None).unwrap();
    let mut asked = request("Putin reist nach Pjöngjang.");
    asked.before = "Der Kreml bestätigte das Treffen.".into();
    asked.after = "Er bleibt zwei Tage.".into();
    asked.terms = vec![pjongjang()];
    let out = translate(
        engine.as_ref(),
        &[asked],
        Variant::British,
        &ProjectGlossary::default(),
    )
    .unwrap();
    assert_eq!(out, ["Putin travels to Pyongyang."]);
    let sent = &server.to("POST", "/v1/chat/completions")[0];
    assert!(sent.header("authorization").is_none());
    let body = sent.json();
    assert_eq!(body["model"], "llama3.1");
    assert_eq!(body["temperature"], 0);
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("British English"), "{system}");
    let user = body["messages"][1]["content"].as_str().unwrap();
    for part in [
        "Pjöngjang → Pyongyang",
        "Previous sentence (context only, do not translate): Der Kreml bestätigte das Treffen.",
        "Next sentence (context only, do not translate): Er bleibt zwei Tage.",
        "Translate this sentence:\nPutin reist nach Pjöngjang.",
    ] {
        assert!(user.contains(part), "{part} not in {user}");
    }
    assert!(
        engine.name().contains("llama3.1 via 127.0.0.1"),
        "{}",
        engine.name()
    );
    assert!(engine.check().unwrap().contains("llama3.1"));
    ollama.model = "mistral".into();
    let error = mt::engine(&ollama, None).unwrap().check().unwrap_err();
    assert!(error.to_string().contains("llama3.1:latest"), "{error}");

    // With a key (OpenAI itself): the bearer header.
    let engine = mt::engine(
        &EngineConfig {
            model: "gpt-4o-mini".into(),
            ..ollama.clone()
        },
        Secret::new("sk-test-0123456789abcdef"),
    )
    .unwrap();
    plain(engine.as_ref(), "Putin reist nach Pjöngjang.").unwrap();
    let sent = server.to("POST", "/v1/chat/completions");
    assert_eq!(
        sent.last().unwrap().header("authorization"),
        Some("Bearer sk-test-0123456789abcdef")
    );
}

#[test]
fn openai_quota_wrong_key_rate_limit_and_rambling() {
    type Expected = fn(&MtError) -> bool;
    let cases: Vec<(Reply, Expected)> = vec![
        (
            Reply::json(
                401,
                json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}}),
            ),
            |e| matches!(e, MtError::Unauthorized { status: 401, .. }),
        ),
        (
            Reply::json(
                429,
                json!({"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}}),
            ),
            |e| matches!(e, MtError::Quota { .. }),
        ),
        (
            Reply::json(
                404,
                json!({"error": {"message": "The model `gpt-9` does not exist", "type": "invalid_request_error"}}),
            ),
            |e| matches!(e, MtError::Refused { status: 404, message, .. } if message.contains("gpt-9")),
        ),
        (
            Reply::json(
                200,
                json!({"choices": [{"message": {"role": "assistant", "content": "Sure! ".repeat(80)}}]}),
            ),
            |e| matches!(e, MtError::Rambling { .. }),
        ),
        (Reply::json(200, json!({"choices": []})), |e| {
            matches!(e, MtError::Malformed { .. })
        }),
    ];
    for (reply, expected) in cases {
        let server = scripted(vec![reply]);
        let mut openai = config(EngineKind::OpenAi, &format!("{}/v1", server.url));
        openai.model = "gpt-9".into();
        let engine = mt::engine(&openai, Secret::new("sk-0123456789abcdefghij")).unwrap();
        let error = plain(engine.as_ref(), "Der Kreml bestätigte das Treffen.").unwrap_err();
        assert!(expected(&error), "{error:?}");
        assert!(!error.to_string().contains("sk-0123456789abcdefghij"));
    }
    assert!(matches!(
        mt::engine(&EngineConfig::new(EngineKind::OpenAi), None)
            .err()
            .unwrap(),
        MtError::Config { .. }
    ));
}

#[test]
fn libretranslate_sends_text_or_html_and_its_key() {
    let server = StandIn::start(|r: &Recorded| match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/languages") => Reply::json(
            200,
            json!([{"code": "de", "name": "German", "targets": ["en", "fr"]}, {"code": "en", "name": "English", "targets": ["de"]}]),
        ),
        ("POST", "/translate") => {
            let body = r.json();
            if body["api_key"] != "lt-0123456789abcdef" {
                return Reply::json(403, json!({"error": "Invalid API key"}));
            }
            Reply::json(
                200,
                json!({"translatedText": english(body["q"].as_str().unwrap(), false)}),
            )
        }
        _ => Reply::json(404, json!({"error": "Not Found"})),
    });
    let lt = config(EngineKind::LibreTranslate, &server.url);
    let engine = mt::engine(&lt, Secret::new("lt-0123456789abcdef")).unwrap();
    let out = translate(
        engine.as_ref(),
        &[
            request("Der Kreml bestätigte das Treffen."),
            request("Das ist *sehr* wichtig."),
        ],
        Variant::American,
        &ProjectGlossary::default(),
    )
    .unwrap();
    assert_eq!(
        out,
        [
            "The Kremlin confirmed the meeting.",
            "That is *very* important."
        ]
    );
    let sent = server.to("POST", "/translate");
    let (first, second) = (sent[0].json(), sent[1].json());
    assert_eq!(
        (
            first["source"].as_str(),
            first["target"].as_str(),
            first["format"].as_str()
        ),
        (Some("de"), Some("en"), Some("text"))
    );
    assert_eq!(second["format"], "html");
    assert!(engine.check().unwrap().contains("German into English"));
    let wrong = mt::engine(&lt, Secret::new("lt-wrong-key-123456")).unwrap();
    let error = plain(wrong.as_ref(), "Hallo.").unwrap_err();
    assert!(
        matches!(error, MtError::Unauthorized { status: 403, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("LIBRETRANSLATE_API_KEY"));
}

#[cfg(unix)]
#[test]
fn a_local_command_reads_lines_and_is_stopped_when_it_hangs() {
    let command = |line: &str, timeout: u32| EngineConfig {
        command: line.into(),
        timeout_secs: timeout,
        ..EngineConfig::new(EngineKind::Command)
    };
    let engine = mt::engine(
        &command("sed -e 's/^Hallo/Hello/' -e 's/Welt/world/'", 10),
        None,
    )
    .unwrap();
    let out = translate(
        engine.as_ref(),
        &[request("Hallo Welt."), request("Hallo\nWelt!")],
        Variant::American,
        &ProjectGlossary::default(),
    )
    .unwrap();
    assert_eq!(out, ["Hello world.", "Hello world!"]);
    assert!(engine.check().unwrap().contains("Guten Morgen"));
    let hung = mt::engine(&command("sleep 30", 1), None).unwrap();
    let started = std::time::Instant::now();
    let error = plain(hung.as_ref(), "Hallo.").unwrap_err();
    assert!(matches!(error, MtError::Timeout { .. }), "{error}");
    assert!(started.elapsed() < Duration::from_secs(10));
    let failing = mt::engine(&command("sh -c 'echo model missing >&2; exit 3'", 5), None).unwrap();
    let error = plain(failing.as_ref(), "Hallo.").unwrap_err();
    assert!(error.to_string().contains("model missing"), "{error}");
    let extra = mt::engine(&command("sh -c 'cat; echo one more line'", 5), None).unwrap();
    let error = plain(extra.as_ref(), "Hallo.").unwrap_err();
    assert!(matches!(error, MtError::Malformed { .. }), "{error}");
    let missing = mt::engine(&command("/nonexistent/translate-de-en", 5), None).unwrap();
    let error = missing.check().unwrap_err();
    assert!(error.to_string().contains("cannot be started"), "{error}");
}

fn project(text: &str) -> Workbench {
    let segmenter = tandem::segment::Segmenter::german();
    let dir = common::temp_dir("mt-article");
    let path = dir.join("article.txt");
    std::fs::write(&path, text).unwrap();
    let (project, _) = tandem::workbench::read_article(&path, &segmenter).unwrap();
    let mut workbench = Workbench::new(project, None);
    workbench
        .add_term(
            tandem::glossary::GlossaryId::PROJECT,
            tandem::glossary::Term::new("Pjöngjang", "Pyongyang", tandem::glossary::Kind::Place),
        )
        .unwrap();
    workbench
}

const ARTICLE: &str = "Putin reist nach Pjöngjang.\n\nDer Kreml bestätigte das Treffen. Das ist *sehr* wichtig.\n\nEr bleibt zwei Tage.\n";

#[test]
fn answers_are_cached_per_engine_source_and_glossary_version() {
    let (server, _) = deepl();
    let engine = mt::engine(&config(EngineKind::DeepL, &server.url), Secret::new(KEY)).unwrap();
    let mut workbench = project(ARTICLE);
    let items = workbench.mt_untranslated();
    assert_eq!(items.len(), 4);
    assert!(items[0].request.terms.contains(&pjongjang()));
    assert_eq!(items[1].request.before, "Putin reist nach Pjöngjang.");
    let glossary = workbench.project_glossary();
    let cache = MtCache::in_memory();
    let run = |variant| Run {
        engine: engine.as_ref(),
        variant,
        glossary: &glossary,
        cache: Some(&cache),
        pace: Duration::ZERO,
        progress: &|_| {},
        cancelled: &|| false,
    };
    let first = translate_items(&run(Variant::American), &items);
    assert_eq!(first.cached, 0);
    assert_eq!(
        first.sent,
        items
            .iter()
            .map(|i| i.request.source.chars().count())
            .sum::<usize>()
    );
    let sent = server.to("POST", "/v2/translate").len();
    let second = translate_items(&run(Variant::American), &items);
    assert_eq!((second.cached, second.sent), (4, 0));
    assert_eq!(
        server.to("POST", "/v2/translate").len(),
        sent,
        "nothing sent twice"
    );
    // Another variant is another answer.
    translate_items(&run(Variant::British), &items[..1]);
    assert_eq!(server.to("POST", "/v2/translate").len(), sent + 1);
    // A changed rendering asks again for the segments it occurs in.
    workbench
        .add_term(
            tandem::glossary::GlossaryId::PROJECT,
            tandem::glossary::Term::new("Treffen", "summit", tandem::glossary::Kind::Other),
        )
        .unwrap();
    let changed = workbench.mt_untranslated();
    assert_ne!(changed[1].terms, items[1].terms);
    assert_eq!(changed[0].terms, items[0].terms);
    let third = translate_items(&run(Variant::American), &changed);
    assert_eq!(third.cached, 3);
    // A missing required rendering is named.
    let suggestions = tandem::workbench::machine::suggestions(
        "X",
        &items[..1],
        tandem::workbench::machine::Translated {
            results: vec![(items[0].id, Ok("Putin travels to Pjöngjang.".into()))],
            ..Default::default()
        },
    );
    assert_eq!(
        suggestions[0].1.missing[0].describe(),
        "Pjöngjang → Pyongyang missing"
    );
}

fn session_with(dir: &std::path::Path, url: &str) -> Session {
    session_using(dir, config(EngineKind::DeepL, url))
}

fn session_using(dir: &std::path::Path, engine: EngineConfig) -> Session {
    let key_file = dir.join("keys.json");
    tandem::mt::keys::store_key(&key_file, EngineKind::DeepL, Some(KEY)).unwrap();
    let mut session = Session::new(dir.join("recovery"));
    session.wait(Duration::from_secs(10));
    session.workbench = Some(project(ARTICLE));
    session.configure_machine(MachineConfig {
        engines: vec![engine],
        key_file: Some(key_file),
        cache_file: Some(dir.join("mt-cache.sqlite")),
    });
    session
}

fn wait_for(session: &mut Session, id: SegmentId) -> Arc<[tandem::workbench::MachineSuggestion]> {
    for _ in 0..100 {
        if let Some(found) = session.machine_suggestions(id) {
            return found;
        }
        session.wait(Duration::from_secs(10));
    }
    panic!("no suggestions for {id}");
}

#[test]
fn the_session_fetches_ahead_keeps_answers_across_restarts_and_takes_one_as_an_undo_step() {
    let dir = common::temp_dir("mt-session");
    let (server, _) = deepl();
    let mut session = session_with(&dir, &server.url);
    let first = SegmentId(1);
    assert!(
        session.machine_suggestions(first).is_none(),
        "asked in the background"
    );
    let found = wait_for(&mut session, first);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].engine, "DeepL");
    assert_eq!(found[0].text(), Some("Putin travels to Pyongyang."));
    assert!(found[0].missing.is_empty());
    // The next two segments were asked for too.
    let sent: Vec<String> = server
        .to("POST", "/v2/translate")
        .iter()
        .map(|r| r.json()["text"][0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert!(session.machine_suggestions(SegmentId(2)).is_some());

    // Taking it: one undo step, origin machine, the engine named.
    let workbench = session.workbench.as_mut().unwrap();
    workbench
        .take_machine(first, found[0].text().unwrap(), &found[0].engine)
        .unwrap();
    let segment = workbench.project().segment(first).unwrap().clone();
    assert_eq!(
        (segment.origin, segment.engine.as_str(), segment.status),
        (Origin::Machine, "DeepL", Status::Draft)
    );
    let json = tandem::project_file::to_json(workbench.project());
    assert!(json.contains("\"engine\": \"DeepL\""));
    assert!(!json.contains(KEY));
    workbench.undo().unwrap();
    let segment = workbench.project().segment(first).unwrap().clone();
    assert_eq!((segment.target.as_str(), segment.engine.as_str()), ("", ""));

    // A new session (a restart) answers from the cache on disk: nothing is sent.
    drop(session);
    let before = server.to("POST", "/v2/translate").len();
    let mut session = session_with(&dir, &server.url);
    assert_eq!(
        wait_for(&mut session, first)[0].text(),
        Some("Putin travels to Pyongyang.")
    );
    assert_eq!(server.to("POST", "/v2/translate").len(), before);

    // A project with machine translation off sends nothing and shows nothing.
    let workbench = session.workbench.as_mut().unwrap();
    workbench
        .set_machine_settings(tandem::model::MachineSettings {
            enabled: false,
            variant: Variant::British,
        })
        .unwrap();
    assert!(!session.machine_enabled());
    assert_eq!(session.machine_suggestions(SegmentId(4)).unwrap().len(), 0);
    session.wait(Duration::from_secs(10));
    assert_eq!(server.to("POST", "/v2/translate").len(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pretranslation_with_an_engine_fills_only_empty_segments_as_one_undo_step() {
    let dir = common::temp_dir("mt-pretranslate");
    let (server, _) = deepl();
    let mut session = session_with(&dir, &server.url);
    let workbench = session.workbench.as_mut().unwrap();
    workbench
        .type_target(SegmentId(2), "The Kremlin has confirmed it.")
        .unwrap();
    assert_eq!(session.machine_plan().0, 3);
    session.pretranslate_machine(0);
    let events = session.wait(Duration::from_secs(30));
    let report = format!("{events:?}");
    assert!(report.contains("3 of 3 segments drafted"), "{report}");
    let workbench = session.workbench.as_mut().unwrap();
    let segments: Vec<_> = workbench.project().segments().cloned().collect();
    assert_eq!(segments[1].target, "The Kremlin has confirmed it.");
    assert_eq!(segments[0].target, "Putin travels to Pyongyang.");
    assert!(
        segments
            .iter()
            .filter(|s| s.id != SegmentId(2))
            .all(|s| s.origin == Origin::Machine && s.status == Status::Draft)
    );
    workbench.undo().unwrap();
    assert_eq!(
        workbench
            .project()
            .segments()
            .filter(|s| !s.target.is_empty())
            .count(),
        1
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_command_line_prints_suggestions_and_pretranslates_without_showing_the_key() {
    let dir = common::temp_dir("mt-cli");
    let server = StandIn::start(|r: &Recorded| {
        let body = r.json();
        if body["api_key"] != "lt-0123456789abcdef" {
            return Reply::json(403, json!({"error": "Invalid API key"}));
        }
        Reply::json(
            200,
            json!({"translatedText": english(body["q"].as_str().unwrap(), false)}),
        )
    });
    let article = dir.join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let tandem = |args: &[&str], key: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args(args)
            .env("TANDEM_DATA_DIR", dir.join("data"))
            .env("LIBRETRANSLATE_API_KEY", key)
            .output()
            .unwrap()
    };
    let out = tandem(
        &[
            "mt",
            article.to_str().unwrap(),
            "--engine",
            "libretranslate",
            "--url",
            &server.url,
            "--segment",
            "1",
            "--json",
        ],
        "lt-0123456789abcdef",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let printed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(printed[0]["translation"], "Putin travels to Pjöngjang.");
    assert_eq!(
        printed[0]["missing_terms"][0],
        "Pjöngjang → Pyongyang missing"
    );
    assert!(!stdout.contains("lt-0123") && !stderr.contains("lt-0123"));
    // A wrong key: a clear refusal, the key not shown, a failing exit.
    let out = tandem(
        &[
            "mt",
            article.to_str().unwrap(),
            "--engine",
            "libretranslate",
            "--url",
            &server.url,
        ],
        "lt-wrong-0123456789",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("refused the key"), "{stderr}");
    assert!(!stderr.contains("lt-wrong"));

    let project = dir.join("article.tandem");
    let made = tandem(&["new", article.to_str().unwrap()], "");
    assert!(made.status.success());
    let out = tandem(
        &[
            "pretranslate",
            project.to_str().unwrap(),
            "--mt",
            "libretranslate",
            "--url",
            &server.url,
        ],
        "lt-0123456789abcdef",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = std::fs::read_to_string(&project).unwrap();
    let loaded = tandem::project_file::from_json(&saved, &project)
        .unwrap()
        .project;
    assert!(
        loaded
            .segments()
            .all(|s| s.origin == Origin::Machine && s.engine == "LibreTranslate")
    );
    assert!(!saved.contains("lt-0123"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_project_file_keeps_the_machine_settings() {
    let mut project = Project::default();
    project.machine.enabled = false;
    project.machine.variant = Variant::British;
    let json = tandem::project_file::to_json(&project);
    assert!(json.contains("\"en-GB\""), "{json}");
    let loaded = tandem::project_file::from_json(&json, std::path::Path::new("x.tandem")).unwrap();
    assert_eq!(loaded.project.machine, project.machine);
    // Older files without the setting allow machine translation.
    let plain = tandem::project_file::to_json(&Project::default());
    assert!(!plain.contains("machine"));
}

#[test]
fn leaving_a_segment_cancels_what_is_no_longer_needed() {
    let dir = common::temp_dir("mt-cancel");
    let (slow, _) = deepl_taking(Duration::from_millis(700));
    let mut session = session_with(&dir, &slow.url);
    assert!(session.machine_suggestions(SegmentId(1)).is_none());
    // Segment 1 alone, then 2 and 3 together: 1 and 2 are on their way when the translator
    // jumps to segment 4, which makes both jobs stale; segment 3 is never sent.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while slow.to("POST", "/v2/translate").len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(session.machine_suggestions(SegmentId(4)).is_none());
    let found = wait_for(&mut session, SegmentId(4));
    assert!(found[0].text().is_some(), "{found:?}");
    session.wait(Duration::from_secs(10));
    let sent: Vec<String> = slow
        .to("POST", "/v2/translate")
        .iter()
        .map(|r| r.json()["text"][0].as_str().unwrap().to_string())
        .collect();
    assert!(
        !sent.contains(&"Das ist <em>sehr</em> wichtig.".to_string()),
        "{sent:?}"
    );
    assert!(
        sent.contains(&"Er bleibt zwei Tage.".to_string()),
        "{sent:?}"
    );
    assert_eq!(sent.len(), 3, "{sent:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn closing_does_not_wait_for_a_slow_engine() {
    let dir = common::temp_dir("mt-shutdown");
    let (slow, _) = deepl_taking(Duration::from_secs(4));
    let mut session = session_with(&dir, &slow.url);
    assert!(session.machine_suggestions(SegmentId(1)).is_none());
    std::thread::sleep(Duration::from_millis(200));
    let started = std::time::Instant::now();
    session.shut_down(Duration::from_secs(60));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_error_is_shown_then_asked_again() {
    let dir = common::temp_dir("mt-retry");
    let failed = std::sync::atomic::AtomicBool::new(false);
    let server = StandIn::start(move |r: &Recorded| {
        // The first request for segment 1 fails, as a server that is still starting does.
        if r.json()["q"] == "Putin reist nach Pjöngjang."
            && !failed.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            Reply::json(
                500,
                json!({"error": "Translation failed: model not loaded"}),
            )
        } else {
            Reply::json(
                200,
                json!({"translatedText": "Putin travels to Pyongyang."}),
            )
        }
    });
    let mut session = session_using(&dir, config(EngineKind::LibreTranslate, &server.url));
    let first = wait_for(&mut session, SegmentId(1));
    let error = first[0].result.as_ref().unwrap_err();
    assert!(error.contains("model not loaded"), "{error}");
    assert!(error.contains("LibreTranslate"), "{error}");
    session.retry_machine(SegmentId(1));
    let again = wait_for(&mut session, SegmentId(1));
    assert_eq!(again[0].text(), Some("Putin travels to Pyongyang."));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_stopped_pretranslation_changes_nothing_and_sends_no_more() {
    let dir = common::temp_dir("mt-pretranslate-stop");
    let (slow, _) = deepl_taking(Duration::from_millis(400));
    let mut session = session_with(&dir, &slow.url);
    let before = session.workbench.as_ref().unwrap().project().clone();
    session.pretranslate_machine(0);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while slow.to("POST", "/v2/translate").is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let job = session
        .running()
        .iter()
        .find(|j| j.label.starts_with("pretranslating with DeepL"))
        .map(|j| j.id)
        .expect("the pretranslation is running");
    session.cancel(job);
    let events = session.wait(Duration::from_secs(10));
    assert!(
        format!("{events:?}").contains("stopped; nothing was changed"),
        "{events:?}"
    );
    assert_eq!(session.workbench.as_ref().unwrap().project(), &before);
    assert_eq!(
        slow.to("POST", "/v2/translate").len(),
        1,
        "the request in flight only"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
