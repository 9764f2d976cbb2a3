//! Hostile and broken input through the `tandem` binary, one test per family of what a
//! robustness probe found: every run ends in success or a clear refusal that names the file
//! (never a panic, an abort, a hang or lost work), and nothing the user owns is overwritten.
//!
//! Runs are bounded by a time limit (a hang guard, not a speed target: speed lives in
//! `cargo bench --bench robustness`) and, where memory is the question, by an address-space
//! limit set with `prlimit`.

mod common;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    timed_out: bool,
}

impl Run {
    fn ok(&self) -> bool {
        self.code == Some(0)
    }

    fn describe(&self) -> String {
        format!(
            "exit {:?}{}\nstderr: {}",
            self.code,
            if self.timed_out { " (timed out)" } else { "" },
            excerpt(&self.stderr)
        )
    }
}

fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(600).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Runs `tandem` with `args`, killed after `limit`; with `memory_mib`, under that address-space
/// limit.
fn cli_limited<S: AsRef<OsStr>>(args: &[S], limit: Duration, memory_mib: Option<u64>) -> Run {
    let binary = env!("CARGO_BIN_EXE_tandem");
    let mut command = match memory_mib {
        Some(mib) if Path::new("/usr/bin/prlimit").exists() => {
            let mut c = Command::new("/usr/bin/prlimit");
            c.arg(format!("--as={}", mib * 1024 * 1024))
                .arg("--")
                .arg(binary);
            c
        }
        _ => Command::new(binary),
    };
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    // Read the pipes on threads so a chatty child never blocks on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut s).ok();
        s
    });
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
        timed_out,
    }
}

fn cli<S: AsRef<OsStr>>(args: &[S]) -> Run {
    cli_limited(args, Duration::from_secs(60), None)
}

/// The run ended with exit code 1 and a `tandem:` message that names `file` and contains
/// `reason` (lower case).
#[track_caller]
fn assert_refused(run: &Run, file: &str, reason: &str) {
    assert!(
        !run.timed_out && run.code == Some(1),
        "expected a refusal about {file}: {}",
        run.describe()
    );
    let stderr = run.stderr.to_lowercase();
    assert!(
        run.stderr.starts_with("tandem: ") && run.stderr.contains(file),
        "the message must name {file}: {}",
        run.describe()
    );
    assert!(
        stderr.contains(reason),
        "the message must say {reason:?}: {}",
        run.describe()
    );
}

/// Success, or a refusal that names `file`; never a crash or a hang.
#[track_caller]
fn assert_handled(run: &Run, file: &str) {
    assert!(!run.timed_out, "{file}: did not finish: {}", run.describe());
    if run.ok() {
        return;
    }
    assert!(
        run.code == Some(1) && run.stderr.starts_with("tandem: ") && run.stderr.contains(file),
        "{file}: neither success nor a clear refusal: {}",
        run.describe()
    );
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn article(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const ARTICLE: &str = " date 2024-06 Titel\n\nErster Satz. Zweiter Satz.\n\n© Foto\n";

fn new_project(dir: &Path) -> (PathBuf, PathBuf) {
    let source = article(dir, "a.txt", ARTICLE);
    let project = dir.join("a.tandem");
    let made = cli(&["new", s(&source)]);
    assert!(made.ok(), "{}", made.describe());
    (source, project)
}

// --- data loss ---------------------------------------------------------------------------

#[test]
fn new_never_writes_over_its_article() {
    let dir = common::temp_dir("robust-new-input");
    let source = article(&dir, "a.txt", ARTICLE);
    for args in [
        vec!["new", s(&source), "-o", s(&source)],
        vec!["new", s(&source), "-o", s(&source), "--force"],
    ] {
        let run = cli(&args);
        assert_refused(&run, "a.txt", "article");
        assert_eq!(std::fs::read_to_string(&source).unwrap(), ARTICLE);
    }
    // The same file under another spelling.
    let other = dir.join(".").join("a.txt");
    let run = cli(&["new", s(&source), "-o", s(&other), "--force"]);
    assert_refused(&run, "a.txt", "article");
    assert_eq!(std::fs::read_to_string(&source).unwrap(), ARTICLE);

    // An article named *.tandem: its project would be the article itself.
    let named = article(&dir, "b.tandem", ARTICLE);
    for args in [vec!["new", s(&named)], vec!["new", s(&named), "--force"]] {
        let run = cli(&args);
        assert_refused(&run, "b.tandem", "article");
        assert_eq!(std::fs::read_to_string(&named).unwrap(), ARTICLE);
    }
}

#[test]
fn export_never_writes_over_the_project_or_its_article() {
    let dir = common::temp_dir("robust-export-input");
    let (source, project) = new_project(&dir);
    let before = std::fs::read(&project).unwrap();
    for (output, name) in [(&project, "a.tandem"), (&source, "a.txt")] {
        let run = cli(&[
            "export",
            s(&project),
            "--to",
            "txt",
            "--allow-incomplete",
            "-o",
            s(output),
        ]);
        assert_refused(&run, name, "refus");
    }
    assert_eq!(std::fs::read(&project).unwrap(), before);
    assert_eq!(std::fs::read_to_string(&source).unwrap(), ARTICLE);
    // A glossary converted onto itself.
    let glossary = article(&dir, "g.tsv", "Kiew\tKyiv\n");
    let run = cli(&["glossary", "convert", s(&glossary), s(&glossary)]);
    assert_refused(&run, "g.tsv", "refus");
    assert_eq!(std::fs::read_to_string(&glossary).unwrap(), "Kiew\tKyiv\n");
}

/// A project of about `segments` segments, half of them translated, and two XLIFF files that
/// change every target, so that importing them in turn always saves.
fn big_project_with_updates(dir: &Path, segments: usize) -> (PathBuf, [PathBuf; 2]) {
    let mut text = String::from(" date 2024-06 Titel\n\n");
    for n in 0..segments {
        let _ = write!(
            text,
            "Der Satz Nummer {n} handelt von der Ostsee und ihren Nachbarn. "
        );
        if n % 8 == 7 {
            text.push_str("\n\n");
        }
    }
    let source = article(dir, "big.txt", &text);
    let project = dir.join("big.tandem");
    let made = cli(&["new", s(&source)]);
    assert!(made.ok(), "{}", made.describe());
    let exported = dir.join("big.xlf");
    let run1 = cli(&["export", s(&project), "--to", "xliff12", "-o", s(&exported)]);
    assert!(run1.ok(), "{}", run1.describe());
    let xliff = std::fs::read_to_string(&exported).unwrap();
    let versions = ["first", "second"].map(|word| {
        let path = dir.join(format!("{word}.xlf"));
        let translated = xliff.replace(
            "<target state=\"new\"></target>",
            &format!("<target state=\"translated\">The {word} version.</target>"),
        );
        std::fs::write(&path, translated).unwrap();
        path
    });
    (project, versions)
}

#[test]
fn killed_saves_never_damage_the_project_or_its_backup() {
    let dir = common::temp_dir("robust-kill");
    let (project, versions) = big_project_with_updates(&dir, 12_000);
    let size = std::fs::metadata(&project).unwrap().len();
    assert!(size > 2_000_000, "{size}");
    let binary = env!("CARGO_BIN_EXE_tandem");
    // Pseudo-random kill times, spread over the whole import (load, apply, write, backup).
    let mut seed: u64 = 0x5eed_1234;
    for round in 0..25 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = Duration::from_millis(50 + (seed >> 33) % 1500);
        let mut child = Command::new(binary)
            .args(["import-xliff", s(&project), s(&versions[round % 2])])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let stats = cli(&["stats", s(&project)]);
        assert!(
            stats.ok(),
            "round {round}: project damaged: {}",
            stats.describe()
        );
        let backup = dir.join("big.tandem.bak");
        if backup.exists() {
            let stats = cli(&["stats", s(&backup)]);
            assert!(
                stats.ok(),
                "round {round}: backup damaged: {}",
                stats.describe()
            );
        }
    }
    // The next open for writing cleans up what the killed runs left behind.
    let last = cli(&["import-xliff", s(&project), s(&versions[0])]);
    assert!(last.ok(), "{}", last.describe());
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp") || n.contains("lock"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn two_writers_never_lose_work() {
    let dir = common::temp_dir("robust-two-writers");
    let first = article(&dir, "one.tsv", "Lagezentrale\tsituation centre\n");
    let second = article(&dir, "two.tsv", "Anrainer\tneighbour\n");
    let binary = env!("CARGO_BIN_EXE_tandem");
    let (mut refused, mut both) = (0, 0);
    for round in 0..20 {
        let sub = dir.join(format!("r{round}"));
        std::fs::create_dir_all(&sub).unwrap();
        let (_, project) = new_project(&sub);
        let spawn = |glossary: &Path| {
            Command::new(binary)
                .args(["glossary", "import", s(&project), s(glossary)])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(&first), spawn(&second));
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let json = std::fs::read_to_string(&project).unwrap();
        for (output, term) in [(&a, "Lagezentrale"), (&b, "Anrainer")] {
            if output.status.success() {
                assert!(
                    json.contains(term),
                    "round {round}: {term} reported added but lost"
                );
            } else {
                let stderr = String::from_utf8_lossy(&output.stderr);
                assert!(
                    stderr.contains("a.tandem") && stderr.contains("open"),
                    "round {round}: refusal must say who has it open: {stderr}"
                );
                refused += 1;
            }
        }
        if a.status.success() && b.status.success() {
            both += 1;
        }
    }
    println!("two writers: {both} rounds both succeeded in turn, {refused} refusals");
}

#[test]
fn saving_through_a_symbolic_link_writes_its_target() {
    let dir = common::temp_dir("robust-symlink");
    let real = dir.join("real");
    std::fs::create_dir_all(&real).unwrap();
    let (_, project) = new_project(&real);
    let link = dir.join("link.tandem");
    std::os::unix::fs::symlink(&project, &link).unwrap();
    let glossary = article(&dir, "g.tsv", "Lagezentrale\tsituation centre\n");
    let run = cli(&["glossary", "import", s(&link), s(&glossary)]);
    assert!(run.ok(), "{}", run.describe());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    assert!(
        std::fs::read_to_string(&project)
            .unwrap()
            .contains("Lagezentrale")
    );
}

#[test]
fn projects_with_inconsistent_ids_are_repaired_with_a_note() {
    let dir = common::temp_dir("robust-ids");
    let project = dir.join("p.tandem");
    let json = format!(
        r#"{{"format": "tandem-project", "version": 1, "next_id": 0,
        "glossary": {{"name": "project", "next_id": 0, "terms": [
            {{"id": 5, "source": "Kiew", "targets": ["Kyiv"]}},
            {{"id": 5, "source": "Moskau", "targets": ["Moscow"]}},
            {{"id": {max}, "source": "Rom", "targets": ["Rome"]}}]}},
        "document": {{"metadata": {{}}, "blocks": [{{"kind": "paragraph", "segments": [
            {{"id": 1, "source": "Eins."}}, {{"id": 1, "source": "Zwei."}},
            {{"id": {max}, "source": "Drei."}}]}}]}}}}"#,
        max = u64::MAX
    );
    std::fs::write(&project, json).unwrap();
    let stats = cli(&["stats", s(&project)]);
    assert!(stats.ok(), "{}", stats.describe());
    assert!(
        stats.stderr.contains("p.tandem") && stats.stderr.contains("id"),
        "the repair must be reported: {}",
        stats.describe()
    );
    // Writing saves the repaired ids: unique, and below next_id.
    let glossary = article(&dir, "g.tsv", "Anrainer\tneighbour\n");
    let import = cli(&["glossary", "import", s(&project), s(&glossary)]);
    assert!(import.ok(), "{}", import.describe());
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&project).unwrap()).unwrap();
    let ids = |list: &serde_json::Value| -> Vec<u64> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_u64().unwrap())
            .collect()
    };
    for (ids, next) in [
        (
            ids(&saved["document"]["blocks"][0]["segments"]),
            saved["next_id"].as_u64().unwrap(),
        ),
        (
            ids(&saved["glossary"]["terms"]),
            saved["glossary"]["next_id"].as_u64().unwrap(),
        ),
    ] {
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "duplicate ids saved: {ids:?}");
        assert!(
            ids.iter().all(|&id| id > 0 && id < next),
            "{ids:?} next {next}"
        );
        assert!(next < u64::MAX / 2, "{next}");
    }
}

// --- stack overflows -----------------------------------------------------------------------

fn nested(open: &str, close: &str, depth: usize, inner: &str) -> String {
    let mut text = String::with_capacity((open.len() + close.len()) * depth + inner.len());
    for _ in 0..depth {
        text.push_str(open);
    }
    text.push_str(inner);
    for _ in 0..depth {
        text.push_str(close);
    }
    text
}

#[test]
fn deeply_nested_xml_is_refused_without_a_crash() {
    let dir = common::temp_dir("robust-nesting");
    let (_, project) = new_project(&dir);
    let groups = nested("<group>", "</group>", 150_000, "");
    let xliff = article(
        &dir,
        "groups.xlf",
        &format!("<xliff version=\"1.2\"><file><body>{groups}</body></file></xliff>"),
    );
    assert_refused(
        &cli(&["import-xliff", s(&project), s(&xliff)]),
        "groups.xlf",
        "nest",
    );
    let inline = nested("<g id=\"1\">", "</g>", 150_000, "x");
    let xliff = article(
        &dir,
        "inline.xlf",
        &format!(
            "<xliff version=\"1.2\"><file><body><trans-unit id=\"s2\"><source>Erster Satz.</source><target>{inline}</target></trans-unit></body></file></xliff>"
        ),
    );
    assert_refused(
        &cli(&["import-xliff", s(&project), s(&xliff)]),
        "inline.xlf",
        "nest",
    );
    let tbx = article(
        &dir,
        "deep.tbx",
        &format!(
            "<martif><text><body>{}</body></text></martif>",
            nested("<termEntry>", "</termEntry>", 150_000, "")
        ),
    );
    let out = dir.join("out.tsv");
    assert_refused(
        &cli(&["glossary", "convert", s(&tbx), s(&out)]),
        "deep.tbx",
        "nest",
    );
    let srx = article(
        &dir,
        "deep.srx",
        &format!(
            "<srx version=\"2.0\"><body>{}</body></srx>",
            nested("<languagerules>", "</languagerules>", 150_000, "")
        ),
    );
    let source = dir.join("a.txt");
    assert_refused(
        &cli(&["segment", s(&source), "--srx", s(&srx)]),
        "deep.srx",
        "nest",
    );
}

#[test]
fn deeply_nested_html_and_inline_markup_do_not_crash() {
    let dir = common::temp_dir("robust-nested-html");
    let html = article(
        &dir,
        "deep.html",
        &format!(
            "<html><body><p>{}</p></body></html>",
            nested("<a href=\"https://x.de\">", "</a>", 50_000, "Text.")
        ),
    );
    assert_handled(&cli(&["segment", s(&html)]), "deep.html");
    let markdown = article(
        &dir,
        "deep.md",
        &format!("{}Zitat.\n", "> ".repeat(100_000)),
    );
    assert_handled(&cli(&["segment", s(&markdown)]), "deep.md");
    // A translation with 200,000 nested links, exported as HTML.
    let (_, project) = new_project(&dir);
    let target = nested("[", "](https://x.de)", 200_000, "x");
    set_target(&project, &target);
    let out = dir.join("out.html");
    let run = cli(&[
        "export",
        s(&project),
        "--to",
        "html",
        "--allow-incomplete",
        "-o",
        s(&out),
    ]);
    assert_handled(&run, "a.tandem");
}

/// Puts `target` into the project's second segment by editing its JSON.
fn set_target(project: &Path, target: &str) {
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(project).unwrap()).unwrap();
    json["document"]["blocks"][1]["segments"][0]["target"] = target.into();
    json["document"]["blocks"][1]["segments"][0]["status"] = "translated".into();
    std::fs::write(project, serde_json::to_string(&json).unwrap()).unwrap();
}

// --- hangs -----------------------------------------------------------------------------------

#[test]
fn unclosed_inline_markup_exports_in_linear_time() {
    let dir = common::temp_dir("robust-brackets");
    let (_, project) = new_project(&dir);
    for (name, target) in [
        ("brackets", "[".repeat(300_000)),
        ("stars", "*a ".repeat(200_000)),
        ("backticks", "`a ".repeat(200_000)),
        ("links", "[a](".repeat(100_000)),
    ] {
        set_target(&project, &target);
        let out = dir.join(format!("{name}.html"));
        let run = cli_limited(
            &[
                "export",
                s(&project),
                "--to",
                "html",
                "--allow-incomplete",
                "-o",
                s(&out),
            ],
            Duration::from_secs(20),
            None,
        );
        assert!(run.ok(), "{name}: {}", run.describe());
    }
}

fn srx_with(rules: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="yes"/><body>
<languagerules><languagerule languagerulename="X">{rules}</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>"#
    )
}

#[test]
fn expensive_srx_rules_finish_or_are_named() {
    let dir = common::temp_dir("robust-srx");
    let mut paragraph = String::new();
    while paragraph.len() < 1_000_000 {
        paragraph.push_str("Das ist ein Satz ohne Ende und mit vielen Wörtern ");
    }
    let source = article(&dir, "long.txt", &paragraph);
    let cases = [
        (
            "dotstar",
            srx_with(r#"<rule break="yes"><beforebreak>.*</beforebreak><afterbreak>\s</afterbreak></rule>"#),
        ),
        (
            "words",
            srx_with(r#"<rule break="no"><beforebreak>\w+</beforebreak><afterbreak>\w+</afterbreak></rule>"#),
        ),
        (
            "afteronly",
            srx_with(r#"<rule break="yes"><afterbreak>[^x]*y</afterbreak></rule>"#),
        ),
        (
            "many",
            srx_with(&(0..20_000).map(|n| format!(r#"<rule break="no"><beforebreak>w{n}\.</beforebreak><afterbreak>\s</afterbreak></rule>"#)).collect::<String>()),
        ),
        (
            "huge",
            srx_with(r#"<rule break="yes"><beforebreak>(\w{100}){100}</beforebreak><afterbreak>\s</afterbreak></rule>"#),
        ),
    ];
    for (name, srx) in cases {
        let file = article(&dir, &format!("{name}.srx"), &srx);
        let run = cli_limited(
            &["segment", s(&source), "--srx", s(&file)],
            Duration::from_secs(30),
            None,
        );
        assert_handled(&run, &format!("{name}.srx"));
        assert!(
            run.stderr.len() < 4_000,
            "{name}: message too long: {}",
            run.stderr.len()
        );
    }
    // A pattern that cannot be used is quoted briefly, not in full.
    let long = format!(
        r#"<rule break="yes"><beforebreak>(?&lt;=x){}</beforebreak></rule>"#,
        "a".repeat(1_000_000)
    );
    let file = article(&dir, "long.srx", &srx_with(&long));
    let run = cli(&["segment", s(&source), "--srx", s(&file)]);
    assert_handled(&run, "long.srx");
    assert!(run.stderr.len() < 2_000, "{}", excerpt(&run.stderr));
    // The same for a rules file whose error sits in a megabyte-long line.
    let rules = article(
        &dir,
        "long.toml",
        &format!("abbreviations = [\"{}\" 7]\n", "x".repeat(1_000_000)),
    );
    let run = cli(&["segment", s(&source), "--rules", s(&rules)]);
    assert_refused(&run, "long.toml", "line 1");
    assert!(run.stderr.len() < 2_000, "{}", excerpt(&run.stderr));
}

#[test]
fn long_lines_and_odd_shapes_read_in_time() {
    let dir = common::temp_dir("robust-shapes");
    let words = "Wort ".repeat(1_600_000);
    let cases = [
        ("line.txt", words.clone()),
        ("line.md", words.clone()),
        ("line.html", format!("<p>{words}</p>")),
        ("lt.html", "<".repeat(2_000_000) + ">"),
        ("amp.html", "&".repeat(2_000_000) + ";"),
        ("quote.html", "<a \"".repeat(500_000)),
        ("heads.md", "#".repeat(1_000_000)),
        ("fence.md", "```\n".repeat(300_000)),
        ("stars.md", "* ".repeat(1_000_000)),
    ];
    for (name, text) in cases {
        let file = article(&dir, name, &text);
        let run = cli_limited(&["segment", s(&file)], Duration::from_secs(30), Some(2048));
        assert_handled(&run, name);
    }
}

#[test]
fn huge_and_odd_glossary_files_read_in_time() {
    let dir = common::temp_dir("robust-glossary-shapes");
    let long = "x".repeat(10_000_000);
    let columns = vec!["a"; 100_000].join("\t");
    let (_, project) = new_project(&dir);
    let cases = [
        ("field.tsv", format!("{long}\tY\n")),
        ("words.tsv", format!("{}\tY\n", vec!["Wort"; 1_000_000].join(" "))),
        ("columns.tsv", format!("{columns}\n")),
        ("field.csv", format!("source,target\n{long},y\n")),
        ("columns.csv", format!("{}\n", vec!["a"; 100_000].join(","))),
        ("quotes.csv", "\"".repeat(1_000_001)),
        ("lines.tsv", "a\tb\n".repeat(500_000)),
        (
            "entries.tbx",
            format!(
                "<martif><text><body>{}</body></text></martif>",
                "<termEntry><langSet xml:lang=\"de\"><tig><term>a</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>b</term></tig></langSet></termEntry>".repeat(50_000)
            ),
        ),
    ];
    for (name, text) in cases {
        let file = article(&dir, name, &text);
        let out = dir.join(format!("{name}.out.tsv"));
        let run = cli_limited(
            &["glossary", "convert", s(&file), s(&out)],
            Duration::from_secs(30),
            Some(2048),
        );
        assert_handled(&run, name);
        // Into a project: the terms are compiled for matching, and the project saved.
        let run = cli_limited(
            &["glossary", "import", s(&project), s(&file)],
            Duration::from_secs(30),
            Some(2048),
        );
        assert_handled(&run, name);
    }
}

#[test]
fn a_fifo_or_device_is_refused_at_once() {
    let dir = common::temp_dir("robust-fifo");
    let fifo = dir.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let run1 = cli_limited(&["new", s(&fifo)], Duration::from_secs(10), None);
    assert_refused(&run1, "pipe.txt", "not a regular file");
    let run2 = cli_limited(
        &["segment", "/dev/zero"],
        Duration::from_secs(10),
        Some(512),
    );
    assert_refused(&run2, "/dev/zero", "not a regular file");
    let (_, project) = new_project(&dir);
    let run3 = cli_limited(
        &["import-xliff", s(&project), s(&fifo)],
        Duration::from_secs(10),
        None,
    );
    assert_refused(&run3, "pipe.txt", "not a regular file");
}

// --- memory ----------------------------------------------------------------------------------

#[test]
fn huge_files_are_refused_before_they_are_read() {
    let dir = common::temp_dir("robust-sparse");
    let sparse = dir.join("sparse.txt");
    let file = std::fs::File::create(&sparse).unwrap();
    file.set_len(2 * 1024 * 1024 * 1024).unwrap();
    let run = cli_limited(&["new", s(&sparse)], Duration::from_secs(10), Some(512));
    assert_refused(&run, "sparse.txt", "too large");
    std::fs::remove_file(&sparse).unwrap();
}

#[test]
fn millions_of_tiny_segments_stay_within_memory() {
    let dir = common::temp_dir("robust-tiny");
    for (name, text) in [
        ("dots.txt", ". ".repeat(4_000_000)),
        ("items.txt", "- x\n".repeat(4_000_000)),
        ("paragraphs.txt", "x\n\n".repeat(4_000_000)),
    ] {
        let file = article(&dir, name, &text);
        let run = cli_limited(&["new", s(&file)], Duration::from_secs(60), Some(1536));
        assert_handled(&run, name);
    }
}

// --- quadratic work --------------------------------------------------------------------------

#[test]
fn term_matching_is_near_linear_in_text_and_hits() {
    let dir = common::temp_dir("robust-terms");
    for (name, text) in [
        ("word.txt", "Präsident".repeat(110_000)),
        ("putin.txt", "Putin ".repeat(350_000)),
        ("compound.txt", "Staatschefs".repeat(90_000)),
    ] {
        let file = article(&dir, name, &text);
        let run = cli_limited(
            &["terms", s(&file), "--json"],
            Duration::from_secs(60),
            None,
        );
        assert!(run.ok(), "{name}: {}", run.describe());
    }
}

#[test]
fn large_imports_are_linear() {
    let dir = common::temp_dir("robust-imports");
    let (project, versions) = big_project_with_updates(&dir, 58_000);
    let run1 = cli_limited(
        &["import-xliff", s(&project), s(&versions[0])],
        Duration::from_secs(60),
        None,
    );
    assert!(run1.ok(), "{}", run1.describe());
    let mut terms = String::new();
    for n in 0..200_000 {
        let _ = writeln!(terms, "Begriff{n}\tterm {n}");
    }
    let glossary = article(&dir, "many.tsv", &terms);
    let run2 = cli_limited(
        &["glossary", "import", s(&project), s(&glossary)],
        Duration::from_secs(60),
        None,
    );
    assert!(run2.ok(), "{}", run2.describe());
    assert!(run2.stdout.contains("200000 terms"), "{}", run2.stdout);
}

// --- silent corruption and messages ----------------------------------------------------------

#[test]
fn one_stray_byte_does_not_turn_utf8_into_mojibake() {
    let dir = common::temp_dir("robust-stray");
    let mut bytes = "Die Größe zählt. Ärger bleibt.\n\nZweiter Absatz über Übergrößen.\n"
        .as_bytes()
        .to_vec();
    bytes.insert(20, 0xFF);
    let file = dir.join("stray.txt");
    std::fs::write(&file, &bytes).unwrap();
    let run = cli(&["segment", s(&file)]);
    assert!(run.ok(), "{}", run.describe());
    assert!(run.stdout.contains("Übergrößen"), "{}", run.stdout);
    assert!(!run.stdout.contains("Ã"), "{}", run.stdout);
    assert!(
        run.stderr.contains("stray.txt") && run.stderr.contains("byte"),
        "the bad byte must be reported: {}",
        run.describe()
    );
}

#[test]
fn csv_glossaries_report_what_they_cannot_read() {
    let dir = common::temp_dir("robust-csv");
    let out = dir.join("out.tsv");
    let unbalanced = article(
        &dir,
        "quote.csv",
        "source,target\nKiew,\"Kyiv\nMoskau,Moscow\nRom,Rome\n",
    );
    let run1 = cli(&["glossary", "convert", s(&unbalanced), s(&out)]);
    assert!(
        run1.stderr.contains("quote.csv") && run1.stderr.contains("line 2"),
        "the unbalanced quote must be reported with its line: {}",
        run1.describe()
    );
    let no_target = article(&dir, "header.csv", "source,comment\nKiew,capital\n");
    let run2 = cli(&["glossary", "convert", s(&no_target), s(&out)]);
    assert_refused(&run2, "header.csv", "target");
}

#[test]
fn a_project_with_a_byte_order_mark_loads() {
    let dir = common::temp_dir("robust-bom");
    let (_, project) = new_project(&dir);
    let json = std::fs::read(&project).unwrap();
    std::fs::write(&project, [b"\xEF\xBB\xBF".as_slice(), &json].concat()).unwrap();
    let run = cli(&["stats", s(&project)]);
    assert!(run.ok(), "{}", run.describe());
}

#[test]
fn segment_refuses_rules_it_cannot_apply() {
    let dir = common::temp_dir("robust-segment-options");
    let (_, project) = new_project(&dir);
    let run1 = cli(&["segment", s(&project), "--srx", "missing.srx"]);
    assert_refused(&run1, "a.tandem", "--srx");
    let run2 = cli(&["segment", s(&project), "--rules", "missing.toml"]);
    assert_refused(&run2, "a.tandem", "--rules");
}

#[test]
fn html_is_detected_whatever_character_sits_at_byte_200() {
    let dir = common::temp_dir("robust-detect");
    // No extension: the content decides. Byte 200 falls inside an "ä".
    let mut text = String::from("<!DOCTYPE html><html><body><p>");
    while text.len() < 199 {
        text.push('x');
    }
    text.push_str("ää Text.</p></body></html>");
    assert!(!text.is_char_boundary(200));
    let file = article(&dir, "page", &text);
    let run = cli(&["segment", s(&file), "--json"]);
    assert!(run.ok(), "{}", run.describe());
    assert!(
        !run.stdout.contains("<p>"),
        "read as plain text: {}",
        run.stdout
    );
}

#[test]
fn huge_numbers_in_input_neither_panic_nor_wrap() {
    let dir = common::temp_dir("robust-numbers");
    let html = article(
        &dir,
        "list.html",
        "<ol start=\"4294967295\"><li>Eins.</li><li>Zwei.</li></ol>",
    );
    let run = cli(&["segment", s(&html), "--json"]);
    assert!(run.ok(), "{}", run.describe());
}

#[test]
fn a_damaged_word_document_is_refused_as_such() {
    let dir = common::temp_dir("robust-docx");
    // A ZIP with word/document.xml is a Word document, not "binary"; this one is damaged.
    let mut zip = Vec::new();
    zip.extend_from_slice(b"PK\x03\x04");
    zip.extend_from_slice(&[0u8; 26]);
    zip.extend_from_slice(b"word/document.xml");
    zip.extend_from_slice(&[0u8; 64]);
    let file = dir.join("brief.docx");
    std::fs::write(&file, &zip).unwrap();
    let run = cli(&["new", s(&file)]);
    assert_refused(&run, "brief.docx", "word");
}
