//! OmegaT, a real peer, reads Tandem's TMX: a project's translations, exported as TMX and put
//! in an OmegaT project's `tm/auto`, come out in the document OmegaT translates headless.

mod common;

use std::process::Command;
use tandem::model::{SegmentId, Status};
use tandem::segment::Segmenter;
use tandem::workbench::{ExportPolicy, Workbench, read_article};

const OMEGAT_PROJECT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>DE</source_lang>
    <target_lang>EN</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneGermanTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"#;

/// Whether OmegaT can be run (required on CI, a notice elsewhere).
fn omegat_available() -> bool {
    if Command::new("omegat").arg("--help").output().is_ok() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("omegat is required on CI (.ci/run installs it)");
    }
    eprintln!("notice: omegat is not installed; skipping the OmegaT check");
    false
}

/// A fresh OmegaT project folder (German to English) named after the test.
fn omegat_project(name: &str) -> common::TempDir {
    let dir = common::temp_dir(name);
    for sub in ["source", "target", "tm/auto", "glossary", "omegat"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(dir.join("omegat.project"), OMEGAT_PROJECT).unwrap();
    dir
}

/// Lets OmegaT translate the project headless; its documents land in `target/`.
fn translate(dir: &std::path::Path) {
    let output = Command::new("omegat")
        .arg("--mode=console-translate")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn omegat_uses_our_tmx_as_a_translation_memory() {
    if !omegat_available() {
        return;
    }
    let dir = omegat_project("omegat");
    let article = dir.join("source/ostsee.txt");
    std::fs::copy(common::repo("assets/sample-ostsee.txt"), &article).unwrap();

    // Translate two sentences of our sample in a project of its own.
    let (project, _) = read_article(&article, &Segmenter::german()).unwrap();
    let mut workbench = Workbench::new(project, None);
    let english = [
        (
            2,
            "The defence ministers of eight Baltic states have agreed in Helsinki to protect undersea cables together.",
        ),
        (
            5,
            "The participants are Germany, Finland, Sweden, Denmark, Poland, Estonia, Latvia and Lithuania.",
        ),
    ];
    for (id, text) in english {
        workbench.type_target(SegmentId(id), text).unwrap();
        workbench
            .set_status(SegmentId(id), Status::Translated)
            .unwrap();
    }
    workbench
        .export(
            tandem::formats::ExportFormat::Tmx,
            &dir.join("tm/auto/tandem.tmx"),
            ExportPolicy::Strict,
        )
        .unwrap();
    translate(&dir);
    let translated = std::fs::read_to_string(dir.join("target/ostsee.txt")).unwrap();
    for (_, text) in english {
        assert!(
            translated.contains(text),
            "OmegaT did not use {text:?}:\n{translated}"
        );
    }
    // Untranslated sentences stay German.
    assert!(translated.contains("Bis Ende 2026 sollen rund 2,4 Mrd. Euro"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// A Tandem memory exported with `tandem memory export` is a memory OmegaT uses: its units
/// come out in the document OmegaT translates headless.
#[test]
fn omegat_uses_an_exported_memory() {
    if !omegat_available() {
        return;
    }
    let dir = omegat_project("omegat-memory");
    std::fs::write(
        dir.join("source/kurz.txt"),
        "Putin traf Kim in Pjöngjang. Das Abkommen gilt ab heute. Niemand weiß mehr.\n",
    )
    .unwrap();
    let memory = dir.join("main.memory");
    {
        use tandem::stores::MemoryStore;
        let store = tandem::stores::SqliteMemory::open(&memory).unwrap();
        let mut unit = tandem::memory::Unit::new(
            "Putin traf Kim in Pjöngjang.",
            "Putin met Kim in Pyongyang.",
        );
        unit.previous = Some("Ein anderer Satz.".into());
        unit.provenance.author = Some("anna".into());
        store
            .write(&[
                unit,
                tandem::memory::Unit::new(
                    "Das Abkommen gilt ab heute.",
                    "The agreement applies from today.",
                ),
            ])
            .unwrap();
    }
    let (ok, _, err) = common::tandem(&[
        "memory",
        "export",
        memory.to_str().unwrap(),
        dir.join("tm/auto/main.tmx").to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    translate(&dir);
    let translated = std::fs::read_to_string(dir.join("target/kurz.txt")).unwrap();
    assert!(
        translated.contains("Putin met Kim in Pyongyang.")
            && translated.contains("The agreement applies from today."),
        "OmegaT did not use the memory:\n{translated}"
    );
    assert!(translated.contains("Niemand weiß mehr."));
    std::fs::remove_dir_all(dir).unwrap();
}
