//! The window's cost per frame with 10,000 segments, headless (egui_kittest, no GPU): the egui
//! pass of the whole window (menus, side panel, the visible rows of the table) as the app runs
//! it each frame. `cargo bench --bench frame`.
//!
//! - `idle`: a frame in which nothing changes;
//! - `typing`: one character typed into the active segment, with the row heights, undo step
//!   and glossary hits that follow;
//! - `scroll_far`: jumping to the middle of the project (Ctrl+Down from segment 5,000);
//! - `resize`: the window a little wider or narrower each frame, as while dragging its edge
//!   (only the rows in view are laid out again);
//! - `typing_with_machine`: `typing` with a machine translation engine set up (a local
//!   command) and its suggestion for the active segment shown in the results panel.

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use tandem::gui::TandemApp;
use tandem::model::{Block, BlockKind, Document, Project, Segment, SegmentId};
use tandem::workbench::Workbench;

fn main() {
    divan::main();
}

fn big_project() -> Project {
    let sentences = [
        "Der russische Präsident Wladimir Putin führte in Pjöngjang Gespräche mit Kim Jong-un.",
        "Die NATO-Staaten kündigten die Lieferung von F-16-Flugzeugen an, so das Weiße Haus.",
        "Am 19. Juni unterzeichneten beide Seiten ein Abkommen über strategische Partnerschaft.",
        "Kritik kam aus Berlin, Warschau und Brüssel, wo die EU-Kommission tagte.",
        "„Wir werden das nicht hinnehmen“, sagte die Außenministerin am Abend in Moskau.",
    ];
    let blocks = (0..2_000)
        .map(|b| Block {
            kind: if b % 25 == 0 {
                BlockKind::Heading { level: 2 }
            } else {
                BlockKind::Paragraph
            },
            verbatim: None,
            anchor: None,
            segments: (0..5)
                .map(|s| Segment::new(SegmentId(0), sentences[(b + s) % sentences.len()]))
                .collect(),
        })
        .collect();
    Project::from_document(Document {
        metadata: Default::default(),
        blocks,
        original: None,
    })
}

fn harness() -> Harness<'static, TandemApp> {
    harness_with(|_, _| {})
}

fn harness_with(
    configure: impl Fn(&mut TandemApp, &std::path::Path) + 'static,
) -> Harness<'static, TandemApp> {
    let recovery =
        std::env::temp_dir().join(format!("tandem-bench-recovery-{}", std::process::id()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let mut app = TandemApp::new(cc, None, recovery.clone());
            // An empty main memory of the benchmark's own, never the translator's.
            app.prefs.memory.main = Some(recovery.join("main.memory"));
            configure(&mut app, &recovery);
            app.set_workbench(Workbench::new(big_project(), None));
            app
        });
    harness.run();
    // The steady state: the spelling dictionary read and every segment checked (the first
    // check of a project runs a few milliseconds a frame until it is done).
    for _ in 0..2_000 {
        harness
            .state_mut()
            .finish_jobs(std::time::Duration::from_secs(10));
        harness.step();
        let app = harness.state_mut();
        let checked = app.workbench().is_some_and(|w| w.issues_are_current())
            && app.workbench().is_some_and(|w| w.speller().is_some());
        if checked && app.session_mut().is_idle() {
            break;
        }
    }
    harness
}

#[divan::bench(sample_count = 60)]
fn idle(bencher: divan::Bencher) {
    let mut harness = harness();
    bencher.bench_local(|| harness.step());
}

#[divan::bench(sample_count = 60)]
fn typing(bencher: divan::Bencher) {
    let mut harness = harness();
    type_into_segment_1(bencher, &mut harness);
}

#[divan::bench(sample_count = 60)]
fn typing_with_machine(bencher: divan::Bencher) {
    let mut harness = harness_with(|app, dir| {
        let machine = &mut app.prefs.machine;
        machine.engines = vec![tandem::mt::EngineConfig {
            command: "sh -c 'while read l; do echo The sentence in English.; done'".into(),
            ..tandem::mt::EngineConfig::new(tandem::mt::EngineKind::Command)
        }];
        machine.enabled = vec![true];
        machine.key_file = Some(dir.join("keys.json"));
        machine.cache_file = Some(dir.join("mt-cache.sqlite"));
    });
    for _ in 0..20 {
        harness
            .state_mut()
            .finish_jobs(std::time::Duration::from_secs(10));
        harness.step();
    }
    let shown = harness
        .state_mut()
        .session_mut()
        .machine_suggestions(SegmentId(1))
        .expect("the suggestion arrived");
    assert_eq!(shown[0].text(), Some("The sentence in English."));
    type_into_segment_1(bencher, &mut harness);
}

/// One character typed into segment 1 per sample.
fn type_into_segment_1(bencher: divan::Bencher, harness: &mut Harness<'static, TandemApp>) {
    harness.get_by_label_focus();
    bencher.bench_local(|| {
        harness.event(Event::Text("a".into()));
        harness.step();
    });
    let typed = harness
        .state()
        .workbench()
        .unwrap()
        .project()
        .segment(SegmentId(1))
        .unwrap()
        .target
        .len();
    assert!(typed > 0, "typing reached the segment");
}

#[divan::bench(sample_count = 30)]
fn scroll_far(bencher: divan::Bencher) {
    let mut harness = harness();
    let mut target = 5_000;
    bencher.bench_local(|| {
        harness
            .state_mut()
            .workbench_mut()
            .unwrap()
            .activate(SegmentId(target));
        target = if target == 5_000 { 20 } else { 5_000 };
        harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowDown);
        harness.step();
    });
}

#[divan::bench(sample_count = 30)]
fn resize(bencher: divan::Bencher) {
    let mut harness = harness();
    let mut width = 1280.0;
    bencher.bench_local(|| {
        width = if width > 1200.0 { width - 7.0 } else { 1280.0 };
        harness.set_size(egui::vec2(width, 800.0));
        harness.step();
    });
}

trait FocusEditor {
    fn get_by_label_focus(&mut self);
}

impl FocusEditor for Harness<'static, TandemApp> {
    fn get_by_label_focus(&mut self) {
        use egui_kittest::kittest::Queryable;
        self.get_by_label("English 1").focus();
        self.run();
    }
}
