//! A team's memory on PostgreSQL, against a real server: each test starts its own throw-away
//! cluster (see `common::pg`). Covered: creating and migrating the schema, a newer schema
//! refused, two workbenches' memories seeing each other's units at once, concurrent writers
//! that lose and duplicate nothing, the same scores as a local memory, a read-only role, a
//! wrong password, the server going away in the middle of work, and TLS as `sslmode` says.

mod common;

use common::pg::Cluster;
use tandem::memory::Unit;
use tandem::stores::server::{self, SCHEMA_VERSION};
use tandem::stores::{MemoryStore, Query, ServerMemory, SqliteMemory};

fn unit(source: &str, target: &str, key: Option<&str>) -> Unit {
    let mut unit = Unit::new(source, target);
    unit.key = key.map(str::to_string);
    unit
}

#[test]
fn init_creates_and_migrates_the_schema_and_refuses_a_newer_one() {
    let Some(cluster) = Cluster::start("init") else {
        return;
    };
    let url = cluster.admin_url();
    let error = ServerMemory::open(&url).err().unwrap().to_string();
    assert!(error.contains("tandem server init"), "{error}");
    // A server of the first version (memory only) is brought to the current one.
    cluster.admin(server::MIGRATIONS[0], "tandem");
    cluster.admin(
        "UPDATE tandem_meta SET value = '1' WHERE key = 'version'",
        "tandem",
    );
    let error = ServerMemory::open(&url).err().unwrap().to_string();
    assert!(error.contains("bring it to"), "{error}");
    let first = server::init(&url).unwrap();
    assert_eq!((first.from, first.to), (1, SCHEMA_VERSION));
    server::ServerGlossary::open(&url).unwrap();
    let again = server::init(&url).unwrap();
    assert_eq!((again.from, again.to), (SCHEMA_VERSION, SCHEMA_VERSION));
    let status = server::status(&url).unwrap();
    assert_eq!(status.schema_version, SCHEMA_VERSION);
    assert!(status.can_write);
    assert!(
        !status.location.contains("admin-secret"),
        "{}",
        status.location
    );

    cluster.admin(
        &format!(
            "UPDATE tandem_meta SET value = '{}' WHERE key = 'version'",
            SCHEMA_VERSION + 1
        ),
        "tandem",
    );
    let error = ServerMemory::open(&url).err().unwrap().to_string();
    assert!(error.contains("newer than this Tandem"), "{error}");
    let error = server::init(&url).err().unwrap().to_string();
    assert!(error.contains("newer than this Tandem"), "{error}");
}

#[test]
fn two_workbenches_see_each_others_units_and_score_like_a_local_memory() {
    let Some(cluster) = Cluster::start("share") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    let anna = ServerMemory::open(&url).unwrap();
    let ben = ServerMemory::open(&url).unwrap();
    let units = [
        unit(
            "Putin ist am Dienstag in Pjöngjang eingetroffen.",
            "Putin arrived in Pyongyang on Tuesday.",
            Some("a/1"),
        ),
        unit(
            "Der Kreml bestätigte das Treffen.",
            "The Kremlin confirmed the meeting.",
            None,
        ),
        unit(
            "Die Regierung in Berlin schwieg dazu.",
            "The government in Berlin remained silent.",
            None,
        ),
    ];
    let report = anna.write(&units).unwrap();
    assert_eq!(report.added, 3);
    // Ben sees them at once, with the author the server knows.
    let query = Query::new("Putin ist am Mittwoch in Pjöngjang eingetroffen.");
    let found = ben.lookup(&query).unwrap();
    assert_eq!(
        found[0].unit.target,
        "Putin arrived in Pyongyang on Tuesday."
    );
    assert_eq!(
        found[0].unit.provenance.author.as_deref(),
        Some(common::pg::ADMIN)
    );
    // The same units in a local memory score the same.
    let dir = common::temp_dir("server-share");
    let local = SqliteMemory::open(&dir.join("local.memory")).unwrap();
    local.write(&units).unwrap();
    for sentence in [
        "Putin ist am Mittwoch in Pjöngjang eingetroffen.",
        "Der Kreml bestätigte das Treffen am Montag.",
        "Die Regierung in Berlin schwieg.",
        "Der Kreml bestätigte das Treffen.",
    ] {
        let query = Query::new(sentence);
        let scores = |m: Vec<tandem::memory::Match>| {
            m.into_iter()
                .map(|m| (m.unit.source, m.score))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            scores(ben.lookup(&query).unwrap()),
            scores(local.lookup(&query).unwrap()),
            "{sentence}"
        );
    }
    // Ben changes the keyed unit; Anna sees the change; writing it again changes nothing.
    let changed = unit(
        "Putin ist am Dienstag in Pjöngjang eingetroffen.",
        "Putin arrived in Pyongyang on Tuesday night.",
        Some("a/1"),
    );
    assert_eq!(
        ben.write(std::slice::from_ref(&changed)).unwrap().updated,
        1
    );
    assert_eq!(ben.write(&[changed]).unwrap().unchanged, 1);
    let found = anna
        .lookup(&Query::new(
            "Putin ist am Dienstag in Pjöngjang eingetroffen.",
        ))
        .unwrap();
    assert_eq!(found[0].score, 100);
    assert_eq!(
        found[0].unit.target,
        "Putin arrived in Pyongyang on Tuesday night."
    );
    let hits = anna.search("Kreml", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(anna.stats().unwrap().units, 3);
    let mut all = Vec::new();
    anna.for_each(&mut |u| {
        all.push(u.source);
        true
    })
    .unwrap();
    assert_eq!(all.len(), 3);
}

#[test]
fn concurrent_writers_lose_nothing_and_duplicate_nothing() {
    let Some(cluster) = Cluster::start("concurrent") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    const WRITERS: usize = 4;
    const EACH: usize = 200;
    std::thread::scope(|scope| {
        for writer in 0..WRITERS {
            let url = url.clone();
            scope.spawn(move || {
                let memory = ServerMemory::open(&url).unwrap();
                for n in 0..EACH {
                    // Every writer writes its own keyed units, and the same unkeyed ones as
                    // every other writer.
                    let own = unit(
                        &format!("Satz {n} von Schreiber {writer}."),
                        &format!("Sentence {n} by writer {writer}."),
                        Some(&format!("w{writer}/{n}")),
                    );
                    let shared = unit(
                        &format!("Gemeinsamer Satz {n}."),
                        &format!("Shared sentence {n}."),
                        None,
                    );
                    memory.write(&[own, shared]).unwrap();
                }
            });
        }
    });
    let memory = ServerMemory::open(&url).unwrap();
    assert_eq!(memory.stats().unwrap().units, WRITERS * EACH + EACH);
}

#[test]
fn a_reader_may_not_write_and_a_wrong_password_is_named() {
    let Some(cluster) = Cluster::start("roles") else {
        return;
    };
    server::init(&cluster.admin_url()).unwrap();
    cluster.admin(
        "CREATE ROLE anna LOGIN PASSWORD 'anna-pw' IN ROLE tandem_translators;
         CREATE ROLE rita LOGIN PASSWORD 'rita-pw' IN ROLE tandem_readers;",
        "tandem",
    );
    let anna = ServerMemory::open(&cluster.url("anna", "anna-pw")).unwrap();
    assert!(!anna.is_read_only());
    anna.write(&[unit("Guten Tag.", "Good day.", None)])
        .unwrap();
    let rita = ServerMemory::open(&cluster.url("rita", "rita-pw")).unwrap();
    assert!(rita.is_read_only());
    assert_eq!(rita.lookup(&Query::new("Guten Tag.")).unwrap().len(), 1);
    let error = rita
        .write(&[unit("Hallo.", "Hello.", None)])
        .unwrap_err()
        .to_string();
    assert!(error.contains("tandem_translators"), "{error}");
    let error = ServerMemory::open(&cluster.url("anna", "wrong"))
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("refused the login"), "{error}");
    assert!(
        !error.contains("wrong"),
        "the password is not shown: {error}"
    );
    // Through the command line, with the password from the environment.
    let url = format!(
        "postgres://anna@127.0.0.1:{}/tandem?sslmode=disable",
        cluster.port
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["server", "status", &url])
        .env("PGPASSWORD", "anna-pw")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("units       1"), "{stdout}");
    assert!(stdout.contains("reads and writes"), "{stdout}");
    // With the password kept in Tandem's password file (as the window keeps a typed one):
    // the memory, and the command line without PGPASSWORD.
    let data = common::temp_dir("roles-data");
    let file = data.join("pgpass");
    server::store_password(&file, &url, Some("anna-pw")).unwrap();
    let kept = ServerMemory::open(&server::with_password_file(&url, &file)).unwrap();
    assert_eq!(kept.lookup(&Query::new("Guten Tag.")).unwrap().len(), 1);
    // Neither PGPASSWORD nor ~/.pgpass: only Tandem's data folder.
    let status = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args(["server", "status", &url])
            .env_remove("PGPASSWORD")
            .env("PGPASSFILE", data.join("none"))
            .env("TANDEM_DATA_DIR", data.join(""))
            .output()
            .unwrap()
    };
    let output = status();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    server::store_password(&file, &url, None).unwrap();
    let output = status();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success() && stderr.contains("asks for a password"),
        "{stderr}"
    );
}

#[test]
fn the_server_going_away_is_an_error_and_coming_back_works_again() {
    let Some(cluster) = Cluster::start("restart") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    let memory = ServerMemory::open(&url).unwrap();
    memory.write(&[unit("Eins.", "One.", None)]).unwrap();
    cluster.stop();
    let error = memory.lookup(&Query::new("Eins.")).unwrap_err().to_string();
    assert!(error.contains("cannot be reached"), "{error}");
    let error = memory
        .write(&[unit("Zwei.", "Two.", None)])
        .unwrap_err()
        .to_string();
    assert!(!error.is_empty());
    cluster.start_again();
    memory.write(&[unit("Zwei.", "Two.", None)]).unwrap();
    assert_eq!(memory.lookup(&Query::new("Zwei.")).unwrap()[0].score, 100);
    assert_eq!(memory.stats().unwrap().units, 2);
}

#[test]
fn the_command_line_imports_a_tmx_into_the_server() {
    let Some(cluster) = Cluster::start("cli") else {
        return;
    };
    let url = cluster.admin_url();
    let tandem = common::tandem;
    let (ok, out, err) = tandem(&["server", "init", &url]);
    assert!(ok, "{err}");
    assert!(out.contains("created"), "{out}");
    let dir = common::temp_dir("server-cli");
    let tmx = dir.join("a.tmx");
    std::fs::write(
        &tmx,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="de" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="de"><seg>Der Gipfel endete am Abend.</seg></tuv><tuv xml:lang="en"><seg>The summit ended in the evening.</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>Niemand kam.</seg></tuv><tuv xml:lang="en"><seg>Nobody came.</seg></tuv></tu>
</body></tmx>"#,
    )
    .unwrap();
    let (ok, out, err) = tandem(&["memory", "import", &url, tmx.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = tandem(&["memory", "lookup", &url, "Der Gipfel endete am Morgen."]);
    assert!(ok, "{err}");
    assert!(out.contains("The summit ended in the evening."), "{out}");
    assert!(!out.contains("admin-secret") && !err.contains("admin-secret"));
}

#[test]
fn writes_made_while_the_server_is_away_wait_on_disk_and_go_once() {
    use std::time::Duration;
    use tandem::stores::TeamMemory;
    let Some(cluster) = Cluster::start("offline") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    let dir = common::temp_dir("server-offline");
    let queue = dir.join("queue.jsonl");
    let open = || {
        TeamMemory::open(&url, &queue)
            .unwrap()
            .with_retry(Duration::ZERO)
    };
    let team = open();
    team.write(&[unit("Eins.", "One.", Some("p/1"))]).unwrap();
    assert_eq!(team.queued(), 0);

    cluster.stop();
    let error = team
        .write(&[
            unit("Zwei.", "Two.", Some("p/2")),
            unit("Drei.", "Three.", None),
        ])
        .unwrap_err()
        .to_string();
    assert!(error.contains("go when the server is back"), "{error}");
    assert_eq!(team.queued(), 2);
    // Tandem killed now: the queue is on disk, a half-written line at its end.
    drop(team);
    let mut text = std::fs::read_to_string(&queue).unwrap();
    text.push_str("{\"source\":\"Vier");
    std::fs::write(&queue, text).unwrap();
    // Started again while the server is still away: opening works; lookups answer from the
    // copy on this computer, which never had a lookup to fill it: nothing.
    let team = open();
    assert!(team.offline().is_some());
    assert!(team.lookup(&Query::new("Eins.")).unwrap().is_empty());

    cluster.start_again();
    assert_eq!(team.lookup(&Query::new("Zwei.")).unwrap()[0].score, 100);
    assert_eq!(
        std::fs::read_to_string(&queue).unwrap(),
        "",
        "the queue is empty"
    );
    let server = ServerMemory::open(&url).unwrap();
    assert_eq!(server.stats().unwrap().units, 3);
    // Sent, then killed before the queue was emptied: sent again, written once.
    std::fs::write(
        &queue,
        "{\"source\":\"Zwei.\",\"target\":\"Two.\",\"key\":\"p/2\"}\n{\"source\":\"Drei.\",\"target\":\"Three.\"}\n",
    )
    .unwrap();
    let team = open();
    assert_eq!(team.queued(), 0, "sent on connecting");
    assert_eq!(server.stats().unwrap().units, 3);
}

#[test]
fn connections_are_encrypted_as_sslmode_says() {
    let Some(cluster) = Cluster::start("tls") else {
        return;
    };
    server::init(&cluster.admin_url()).unwrap();
    let base = format!(
        "postgres://{}:{}@127.0.0.1:{}/tandem",
        common::pg::ADMIN,
        common::pg::ADMIN_PASSWORD,
        cluster.port
    );
    let status = |query: &str| server::status(&format!("{base}?{query}"));
    // A server without TLS: `prefer` goes on in the clear, `require` says why it cannot.
    assert!(!status("sslmode=prefer").unwrap().encrypted);
    let error = status("sslmode=require").unwrap_err().to_string();
    assert!(error.contains("offers no TLS"), "{error}");

    if !common::available("openssl", &["version"]) {
        return;
    }
    let ca = cluster.use_tls();
    let ca = ca.to_str().unwrap();
    assert!(!status("sslmode=disable").unwrap().encrypted);
    assert!(status("sslmode=prefer").unwrap().encrypted);
    assert!(status("").unwrap().encrypted, "prefer is the default");
    assert!(status("sslmode=require").unwrap().encrypted);
    assert!(
        status(&format!("sslmode=verify-full&sslrootcert={ca}"))
            .unwrap()
            .encrypted
    );
    assert!(
        status(&format!("sslmode=verify-ca&sslrootcert={ca}"))
            .unwrap()
            .encrypted
    );
    // Checked against the public roots, the test's CA is nobody.
    let error = status("sslmode=verify-full").unwrap_err().to_string();
    assert!(error.contains("certificate was not accepted"), "{error}");
    assert!(!error.contains(common::pg::ADMIN_PASSWORD), "{error}");
    // The memory and the glossary connect the same way.
    let url = format!("{base}?sslmode=verify-full&sslrootcert={ca}");
    ServerMemory::open(&url).unwrap();
    server::ServerGlossary::open(&url).unwrap();
}

#[test]
fn a_team_memory_answers_from_its_copy_and_keeps_it_up_to_date() {
    use std::time::{Duration, Instant};
    use tandem::stores::TeamMemory;
    let Some(cluster) = Cluster::start("copy") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    let dir = common::temp_dir("server-copy");
    let anna = TeamMemory::open(&url, &dir.join("anna/queue.jsonl")).unwrap();
    let units: Vec<Unit> = (0..25_000)
        .map(|n| {
            unit(
                &format!("Satz Nummer {n} über die Ostsee."),
                &format!("Sentence {n}."),
                None,
            )
        })
        .collect();
    anna.write(&units).unwrap();

    let ben = TeamMemory::open(&url, &dir.join("ben/queue.jsonl"))
        .unwrap()
        .with_retry(Duration::ZERO);
    // The first lookup is the server's, while the copy is made (three batches) beside it.
    let query = Query::new("Satz Nummer 24999 über die Ostsee.");
    assert_eq!(ben.lookup(&query).unwrap()[0].score, 100);
    let start = Instant::now();
    while !ben.is_copied() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the copy is made"
        );
        std::thread::sleep(Duration::from_millis(20));
        let _ = ben.lookup(&query);
    }
    // The copy answers as a local memory of the same units does (exactly: the server's own
    // lookup scores only its 40 best candidates and misses "Sentence 12." here).
    let local = SqliteMemory::open(&dir.join("local.memory")).unwrap();
    local.write(&units).unwrap();
    let fuzzy = Query::new("Satz Nummer 12 über die Nordsee.");
    let from_copy = ben.lookup(&fuzzy).unwrap();
    let from_server = local.lookup(&fuzzy).unwrap();
    let scores = |found: &[tandem::memory::Match]| -> Vec<(u8, String)> {
        found
            .iter()
            .map(|m| (m.score, m.unit.target.clone()))
            .collect()
    };
    assert_eq!(scores(&from_copy), scores(&from_server));
    assert_eq!(from_copy[0].memory, ben.name());

    // A segment Anna confirms now is a 100% match for Ben at his next lookup, and one she
    // confirms again replaces it there too.
    anna.write(&[unit(
        "Die Kabel liegen am Meeresgrund.",
        "The cables lie on the seabed.",
        Some("p/7"),
    )])
    .unwrap();
    let cables = Query::new("Die Kabel liegen am Meeresgrund.");
    assert_eq!(
        ben.lookup(&cables).unwrap()[0].unit.target,
        "The cables lie on the seabed."
    );
    anna.write(&[unit(
        "Die Kabel liegen am Meeresgrund.",
        "The cables rest on the seabed.",
        Some("p/7"),
    )])
    .unwrap();
    let found = ben.lookup(&cables).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].unit.target, "The cables rest on the seabed.");

    // With the server away, the copy still answers, the concordance too.
    cluster.stop();
    assert_eq!(ben.lookup(&cables).unwrap()[0].score, 100);
    let hits = ben.search("Meeresgrund", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].unit.target, "The cables rest on the seabed.");
    assert_eq!(hits[0].memory, ben.name());
    // Opened again later (the server still away), it answers from what it had.
    drop(ben);
    let ben = TeamMemory::open(&url, &dir.join("ben/queue.jsonl")).unwrap();
    assert_eq!(ben.lookup(&query).unwrap()[0].score, 100);
    drop(ben);

    // The address names another memory now: the copy starts again and holds only its units.
    cluster.start_again();
    cluster.admin("CREATE DATABASE other", "postgres");
    let other = url.replace("/tandem?", "/other?");
    server::init(&other).unwrap();
    let ben = TeamMemory::open(&other, &dir.join("ben/queue.jsonl"))
        .unwrap()
        .with_retry(Duration::ZERO);
    let _ = ben.lookup(&query);
    let start = Instant::now();
    while !ben.is_copied() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the copy is made"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(ben.lookup(&query).unwrap().is_empty());
}
