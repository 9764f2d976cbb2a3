//! Translation memories as a translator and other tools meet them: every TMX file of the
//! conformance set read (each unit accounted for), memory files that survive two writers, a
//! kill in the middle of an import and foreign files, TMX that the DTD and translate-toolkit
//! accept, and the `tandem memory` and `tandem pretranslate` commands.

mod common;

use std::path::Path;
use std::process::Command;
use tandem::memory::Unit;
use tandem::stores::{self, MemoryStore, Query, SqliteMemory, TmxMemory};

fn inventory() -> Option<Vec<(String, bool, usize)>> {
    let path = common::shared("conformance/INVENTORY.tsv")?;
    let text = std::fs::read_to_string(path).unwrap();
    Some(
        text.lines()
            .skip(1)
            .filter_map(|line| {
                let fields: Vec<&str> = line.split('\t').collect();
                let count = fields.get(5)?.strip_prefix("tu=")?.parse().ok()?;
                fields[0]
                    .ends_with(".tmx")
                    .then(|| (fields[0].to_string(), fields[3] == "yes", count))
            })
            .collect(),
    )
}

#[test]
fn every_conformance_tmx_is_read_and_every_unit_accounted_for() {
    let Some(files) = inventory() else { return };
    let root = common::shared("conformance").unwrap();
    assert!(files.len() > 60, "{} TMX files listed", files.len());
    let mut german_english = 0;
    for (rel, well_formed, units) in &files {
        let path = root.join(rel);
        let bytes = std::fs::read(&path).unwrap();
        let text = tandem::memory::tmx::xml_text(bytes).unwrap();
        let mut read = Vec::new();
        let report = tandem::memory::tmx::read(&text, &path, |u| {
            read.push(u);
            true
        });
        assert_eq!(
            report.broken, !well_formed,
            "{rel}: {:?}",
            report.diagnostics
        );
        if *well_formed {
            assert_eq!(
                report.units + report.other_languages + report.empty,
                *units,
                "{rel}: {report:?}"
            );
        }
        for unit in &read {
            assert!(
                !unit.source.contains('<') || unit.source_markup.is_none(),
                "{rel}: raw markup in {:?}",
                unit.source
            );
            assert!(!unit.source.trim().is_empty() && !unit.target.trim().is_empty());
        }
        german_english += report.units;
    }
    // Okapi, OmegaT, the compliance kit and the Trados files hold German–English units.
    assert!(german_english >= 180, "{german_english}");
}

#[test]
fn a_trados_workbench_memory_in_utf16_with_english_as_source_is_read_by_language() {
    let Some(path) =
        common::shared("conformance/tmx/tools/trados-workbench/Master English - German.tmx")
    else {
        return;
    };
    let memory = TmxMemory::open(&path).unwrap();
    assert_eq!(memory.stats().unwrap().units, 111);
    let mut first = None;
    memory
        .for_each(&mut |u| {
            first = Some(u);
            false
        })
        .unwrap();
    let first = first.unwrap();
    // German is the source whatever the file's srclang says.
    assert!(first.provenance.tool.is_some());
    let found = memory
        .lookup(&Query {
            min: 100,
            ..Query::new(&first.source)
        })
        .unwrap();
    assert!(
        found
            .iter()
            .any(|m| m.unit.target == first.target && m.score >= 100)
    );
}

fn units(n: usize) -> Vec<Unit> {
    (0..n)
        .map(|i| {
            Unit::new(
                format!("Der Minister sprach am {i}. Tag über das Abkommen Nummer {i}."),
                format!("The minister spoke about agreement number {i} on day {i}."),
            )
        })
        .collect()
}

#[test]
fn a_memory_file_keeps_units_once_and_updates_by_key() {
    let dir = common::temp_dir("memory-file");
    let path = dir.join("main.memory");
    let memory = SqliteMemory::open(&path).unwrap();
    let report = memory.write(&units(3)).unwrap();
    assert_eq!(report.added, 3);
    let report = memory.write(&units(3)).unwrap();
    assert_eq!((report.added, report.unchanged), (0, 3));

    let mut keyed = Unit::new("Putin traf Kim.", "Putin met Kim.");
    keyed.key = Some("article.tandem#4".into());
    assert_eq!(memory.write(std::slice::from_ref(&keyed)).unwrap().added, 1);
    keyed.target = "Putin met Kim Jong Un.".into();
    assert_eq!(
        memory.write(std::slice::from_ref(&keyed)).unwrap().updated,
        1
    );
    keyed.source = "Putin traf gestern Kim.".into();
    assert_eq!(
        memory.write(std::slice::from_ref(&keyed)).unwrap().updated,
        1
    );
    assert_eq!(memory.stats().unwrap().units, 4);
    // The old source is no longer found; the new one is.
    let old = memory
        .lookup(&Query {
            min: 100,
            ..Query::new("Putin traf Kim.")
        })
        .unwrap();
    assert!(old.is_empty(), "{old:?}");
    let new = memory
        .lookup(&Query::new("Putin traf gestern Kim."))
        .unwrap();
    assert_eq!(new[0].unit.target, "Putin met Kim Jong Un.");
    assert_eq!(new[0].score, 100);

    // Reopened, it holds the same.
    drop(memory);
    let memory = SqliteMemory::open(&path).unwrap();
    assert_eq!(memory.stats().unwrap().units, 4);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn two_windows_on_one_memory_see_each_others_writes() {
    let dir = common::temp_dir("memory-two");
    let path = dir.join("shared.memory");
    let first = SqliteMemory::open(&path).unwrap();
    let second = SqliteMemory::open(&path).unwrap();
    first.write(&units(2)).unwrap();
    let found = second.lookup(&Query::new(&units(2)[1].source)).unwrap();
    assert_eq!(found[0].score, 100);
    let mut changed = Unit::new("Ein neuer Satz.", "A new sentence.");
    changed.key = Some("p#1".into());
    second.write(std::slice::from_ref(&changed)).unwrap();
    changed.target = "A fresh sentence.".into();
    first.write(std::slice::from_ref(&changed)).unwrap();
    let found = second.lookup(&Query::new("Ein neuer Satz.")).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].unit.target, "A fresh sentence.");
    assert_eq!(second.stats().unwrap().units, 3);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn files_that_are_not_memories_are_refused_untouched() {
    let dir = common::temp_dir("memory-foreign");
    let text = dir.join("notes.memory");
    std::fs::write(&text, "Einkaufsliste\n").unwrap();
    let error = SqliteMemory::open(&text).err().unwrap().to_string();
    assert!(
        error.contains("notes.memory") && error.contains("not a Tandem memory"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "Einkaufsliste\n");

    let foreign = dir.join("other.sqlite");
    foreign_database(&foreign);
    let before = std::fs::read(&foreign).unwrap();
    let error = SqliteMemory::open(&foreign).err().unwrap().to_string();
    assert!(error.contains("another program"), "{error}");
    assert_eq!(std::fs::read(&foreign).unwrap(), before);

    let missing = dir.join("no/such/folder/x.memory");
    let error = SqliteMemory::open(&missing).err().unwrap().to_string();
    assert!(error.contains("folder does not exist"), "{error}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Makes an SQLite database of some other program: a Tandem memory whose format marker is
/// overwritten in place (same length, so the database stays valid).
fn foreign_database(path: &Path) {
    let memory = SqliteMemory::open(path).unwrap();
    drop(memory);
    let bytes = std::fs::read(path).unwrap();
    let marker = b"tandem-memory";
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("the marker is stored in the file");
    let mut patched = bytes.clone();
    patched[at..at + marker.len()].copy_from_slice(b"someone-else!");
    std::fs::write(path, patched).unwrap();
}

fn write_tmx(path: &Path, units: &[Unit]) {
    let mut out = Vec::new();
    tandem::memory::tmx::write_head(&mut out, "test", "20260101T000000Z").unwrap();
    for unit in units {
        tandem::memory::tmx::write_unit(&mut out, unit).unwrap();
    }
    tandem::memory::tmx::write_tail(&mut out).unwrap();
    std::fs::write(path, out).unwrap();
}

fn big_tmx(path: &Path, n: usize) {
    write_tmx(path, &units(n));
}

#[test]
fn an_import_killed_midway_leaves_a_memory_that_opens_with_whole_batches() {
    let dir = common::temp_dir("memory-kill");
    let tmx = dir.join("big.tmx");
    big_tmx(&tmx, 80_000);
    let memory = dir.join("m.memory");
    // Killed once the memory holds at least 1, 2, 3 batches: a batch is all there or not at all.
    for batches in 1..=3usize {
        let _ = std::fs::remove_file(&memory);
        let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args(["memory", "import"])
            .arg(&memory)
            .arg(&tmx)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut seen = 0;
        while child.try_wait().unwrap().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(20));
            if let Ok(store) = SqliteMemory::open(&memory) {
                seen = store.stats().unwrap().units;
                if seen >= batches * 20_000 {
                    break;
                }
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        let store = SqliteMemory::open(&memory).unwrap();
        let count = store.stats().unwrap().units;
        assert_eq!(count % 20_000, 0, "a batch was half written: {count}");
        assert!(count >= seen, "{count} < {seen}");
        // And the memory still takes writes.
        store.write(&units(1)).unwrap();
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_broken_tmx_keeps_its_valid_units_and_says_where_it_broke() {
    let dir = common::temp_dir("memory-broken");
    let tmx = dir.join("cut.tmx");
    big_tmx(&tmx, 50);
    let text = std::fs::read_to_string(&tmx).unwrap();
    let cut = text.find("Nummer 30.").unwrap();
    std::fs::write(&tmx, &text[..cut]).unwrap();
    let memory = dir.join("m.memory");
    let (ok, out, err) = common::tandem(&[
        "memory",
        "import",
        memory.to_str().unwrap(),
        tmx.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("30 units read, 30 added"), "{out}");
    assert!(out.contains("damaged"), "{out}");
    assert!(err.contains("cut.tmx") && err.contains("line "), "{err}");
    // A file that is no TMX at all is refused with its name.
    let (ok, _, err) = common::tandem(&[
        "memory",
        "import",
        memory.to_str().unwrap(),
        common::repo("Cargo.toml").to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("Cargo.toml"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

fn available(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program).args(args).output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is required on CI (.ci/run installs it)"
        );
        eprintln!("notice: {program} is not installed; skipping that check");
    }
    ok
}

#[test]
fn exported_memories_are_valid_tmx_that_translate_toolkit_reads() {
    let dir = common::temp_dir("memory-export");
    let memory = dir.join("m.memory");
    let store = SqliteMemory::open(&memory).unwrap();
    let mut with_codes = Vec::new();
    if let Some(path) = common::shared("conformance/tmx/okapi/Paragraph_TM.tmx") {
        let imported = stores::import_file(&store, &path, &|_| {}, &|| false).unwrap();
        assert_eq!(imported.read, 7);
        store
            .for_each(&mut |u| {
                with_codes.push(u);
                true
            })
            .unwrap();
    }
    let mut context = Unit::new("Putin traf Kim & Co.", "Putin met Kim & co.");
    context.previous = Some("Der Gipfel <begann>.".into());
    context.key = Some("a.tandem#2".into());
    context.provenance.author = Some("anna".into());
    context.provenance.changed = Some("20240619T104500Z".into());
    store.write(&[context]).unwrap();
    drop(store);
    let out = dir.join("out.tmx");
    let (ok, stdout, err) = common::tandem(&[
        "memory",
        "export",
        memory.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(stdout.contains("units"), "{stdout}");
    if let Some(schemas) = common::shared("conformance/schemas")
        && available("xmllint", &["--version"])
    {
        let output = Command::new("xmllint")
            .args(["--noout", "--nonet", "--dtdvalid"])
            .arg(schemas.join("omegat/tmx14.dtd"))
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Read back by Tandem: the same units, codes and all.
    let again = TmxMemory::open(&out).unwrap();
    let mut read = Vec::new();
    again
        .for_each(&mut |u| {
            read.push(u);
            true
        })
        .unwrap();
    assert_eq!(read.len(), with_codes.len() + 1);
    for (a, b) in read.iter().zip(&with_codes) {
        assert_eq!((&a.source, &a.target), (&b.source, &b.target));
        assert_eq!(a.source_markup, b.source_markup);
    }
    let last = read.last().unwrap();
    assert_eq!(last.previous.as_deref(), Some("Der Gipfel <begann>."));
    assert_eq!(
        last.key.as_deref(),
        None,
        "keys are the memory's business, not exported"
    );
    if available("/usr/bin/python3", &["-c", "import translate.storage.tmx"]) {
        let output = Command::new("/usr/bin/python3")
            .args([
                "-c",
                "import sys; from translate.storage import tmx; t = tmx.tmxfile.parsefile(sys.argv[1]); print(len(t.units)); print(t.units[-1].source); print(t.units[-1].target)",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let printed = String::from_utf8_lossy(&output.stdout);
        assert!(
            printed.starts_with(&format!("{}\n", read.len())),
            "{printed}"
        );
        assert!(
            printed.contains("Putin traf Kim & Co.\nPutin met Kim & co."),
            "{printed}"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn lookup_search_and_stats_from_the_command_line() {
    let dir = common::temp_dir("memory-cli");
    let memory = dir.join("news.memory");
    let store = SqliteMemory::open(&memory).unwrap();
    store
        .write(&[
            Unit::new(
                "Russland und Nordkorea haben ein Abkommen über strategische Partnerschaft unterzeichnet.",
                "Russia and North Korea have signed a strategic partnership agreement.",
            ),
            Unit::new(
                "Der Text des Abkommens wurde nicht veröffentlicht.",
                "The text of the agreement was not published.",
            ),
        ])
        .unwrap();
    drop(store);
    let m = memory.to_str().unwrap();
    let (ok, out, err) = common::tandem(&[
        "memory",
        "lookup",
        m,
        "Russland und Nordkorea haben ein Abkommen über militärische Partnerschaft unterzeichnet.",
        "--json",
    ]);
    assert!(ok, "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &value[0]["matches"][0];
    assert_eq!(first["score"], 90);
    assert_eq!(
        first["target"],
        "Russia and North Korea have signed a strategic partnership agreement."
    );
    assert_eq!(first["memory"], "news");
    let changed: Vec<&str> = first["differences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["change"] != "same")
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["strategische"]);

    let queries = dir.join("queries.txt");
    std::fs::write(
        &queries,
        "Der Text des Abkommens wurde nicht veröffentlicht.\nGanz etwas anderes hier.\n",
    )
    .unwrap();
    let (ok, out, _) = common::tandem(&[
        "memory",
        "lookup",
        m,
        "--file",
        queries.to_str().unwrap(),
        "--min",
        "70",
    ]);
    assert!(ok);
    assert!(out.contains("100%  news"), "{out}");
    assert!(out.contains("no match at 70% or above"), "{out}");

    let (ok, out, _) = common::tandem(&["memory", "search", m, "Abkommen"]);
    assert!(ok);
    assert!(out.contains("ein [[Abkommen]] über"), "{out}");
    assert!(out.contains("des [[Abkommens]] wurde"), "{out}");
    let (ok, out, _) = common::tandem(&["memory", "search", m, "agreement", "--json"]);
    assert!(ok);
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 2);

    let (ok, out, _) = common::tandem(&["memory", "stats", m, "--json"]);
    assert!(ok);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["units"], 2);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn pretranslate_fills_a_project_from_a_memory() {
    let dir = common::temp_dir("memory-pretranslate");
    let article = dir.join("a.txt");
    std::fs::write(
        &article,
        "Putin traf Kim in Pjöngjang. Das Abkommen gilt ab morgen. Niemand weiß mehr.\n",
    )
    .unwrap();
    let (ok, _, err) = common::tandem(&["new", article.to_str().unwrap()]);
    assert!(ok, "{err}");
    let project = dir.join("a.tandem");
    let (ok, _, err) = common::tandem(&["pretranslate", project.to_str().unwrap()]);
    assert!(!ok && err.contains("no memory"), "{err}");

    let tmx = dir.join("client.tmx");
    write_tmx(
        &tmx,
        &[
            Unit::new(
                "Putin traf Kim in Pjöngjang.",
                "Putin met Kim in Pyongyang.",
            ),
            Unit::new(
                "Das Abkommen gilt ab heute.",
                "The agreement applies from today.",
            ),
        ],
    );

    let p = project.to_str().unwrap();
    let (ok, out, err) = common::tandem(&["pretranslate", p, "--memory", tmx.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(
        out.contains("1 segment filled from memory (1 at 100%); 2 left untranslated"),
        "{out}"
    );
    let (ok, out, err) = common::tandem(&[
        "pretranslate",
        p,
        "--memory",
        tmx.to_str().unwrap(),
        "--min",
        "70",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("1 segment filled from memory (1 at 8"),
        "{out}"
    );
    let (ok, out, _) = common::tandem(&["stats", p, "--json"]);
    assert!(ok);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["by_status"]["draft"]["segments"], 2);
    std::fs::remove_dir_all(dir).unwrap();
}
