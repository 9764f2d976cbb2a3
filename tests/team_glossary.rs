//! A team's glossary on PostgreSQL, against a real server (each test starts its own
//! throw-away cluster, see `common::pg`): two workbenches seeing each other's terms through
//! the server's notifications, two translators changing one term (a conflict, never a silent
//! overwrite), a reader who may not change terms, changes made while the server is away
//! (kept on disk, sent once when it is back), and the listener finding a restarted server.

mod common;

use common::pg::Cluster;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};
use tandem::glossary::{GlossaryId, Kind, Term};
use tandem::stores::TeamGlossary;
use tandem::stores::server::{self, Heard, Listener, ServerGlossary};
use tandem::workbench::{MemoryConfig, Session, Workbench};

/// A workbench on the sample article with the team glossary at `url`, and what its listener
/// hears.
struct Desk {
    workbench: Workbench,
    team: TeamGlossary,
    heard: Receiver<Heard>,
    /// The listener's next report holds the whole glossary.
    whole_next: bool,
    _listener: Listener,
}

impl Desk {
    fn new(url: &str, queue: &std::path::Path) -> Desk {
        let mut workbench = Workbench::sample();
        workbench.attach_team_glossary("team glossary (tandem)", &server::shown_location(url));
        let (send, heard) = channel();
        let listener = Listener::start(url, 0, move |news| {
            let _ = send.send(news);
        })
        .unwrap();
        let mut desk = Desk {
            workbench,
            team: TeamGlossary::new(url, queue),
            heard,
            whole_next: false,
            _listener: listener,
        };
        // Connected, then the glossary as it is.
        desk.hear_until(|_| true);
        desk
    }

    fn id(&self) -> GlossaryId {
        self.workbench.team_glossary().unwrap()
    }

    /// Sends what the workbench changed; returns what the translator is told.
    fn send(&mut self) -> Vec<String> {
        let writes = self.workbench.take_term_writes();
        let sent = self.team.send(&writes).unwrap();
        assert_eq!(sent.waiting, 0, "{:?}", sent.offline);
        self.workbench.term_answers(sent.answered)
    }

    /// Takes in what the listener hears until `done` holds (at most 10 s).
    fn hear_until(&mut self, done: impl Fn(&Workbench) -> bool) -> Duration {
        let start = Instant::now();
        loop {
            let left = Duration::from_secs(10).saturating_sub(start.elapsed());
            match self.heard.recv_timeout(left) {
                Ok(Heard::Connected { read_only, whole }) => {
                    self.workbench.set_team_glossary_access(read_only);
                    self.whole_next = whole;
                }
                Ok(Heard::Changed(changed)) => {
                    let whole = std::mem::take(&mut self.whole_next);
                    self.workbench.team_heard(changed, whole);
                    if done(&self.workbench) {
                        return start.elapsed();
                    }
                }
                Ok(Heard::Lost(why)) => panic!("the listener lost the server: {why}"),
                Err(_) => panic!("nothing arrived within 10 s"),
            }
        }
    }

    fn terms(&self) -> Vec<(String, Vec<String>)> {
        let mut terms: Vec<(String, Vec<String>)> = self
            .workbench
            .terminology()
            .glossary(self.id())
            .unwrap()
            .terms
            .iter()
            .map(|t| (t.source.clone(), t.targets.clone()))
            .collect();
        terms.sort();
        terms
    }

    fn term(&self, source: &str) -> Term {
        self.workbench
            .terminology()
            .glossary(self.id())
            .unwrap()
            .terms
            .iter()
            .find(|t| t.source == source)
            .unwrap_or_else(|| panic!("no term {source}"))
            .clone()
    }
}

fn has(source: &'static str, target: &'static str) -> impl Fn(&Workbench) -> bool {
    move |w: &Workbench| {
        let id = w.team_glossary().unwrap();
        w.terminology()
            .glossary(id)
            .unwrap()
            .terms
            .iter()
            .any(|t| t.source == source && t.targets.first().is_some_and(|x| x == target))
    }
}

fn lacks(source: &'static str) -> impl Fn(&Workbench) -> bool {
    move |w: &Workbench| {
        let id = w.team_glossary().unwrap();
        !w.terminology()
            .glossary(id)
            .unwrap()
            .terms
            .iter()
            .any(|t| t.source == source)
    }
}

#[test]
fn two_workbenches_see_each_others_terms_and_a_conflict_is_never_silent() {
    let Some(cluster) = Cluster::start("team-terms") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    let dir = common::temp_dir("team-terms");
    let mut anna = Desk::new(&url, &dir.join("anna.jsonl"));
    let mut ben = Desk::new(&url, &dir.join("ben.jsonl"));
    assert!(anna.terms().is_empty());

    // Anna adds a term: Ben's workbench finds it in the German text without a restart.
    let id = anna.id();
    assert!(
        anna.workbench
            .writable_glossaries()
            .iter()
            .any(|(g, _)| *g == id)
    );
    anna.workbench
        .add_term(id, Term::new("Pjöngjang", "Pyongyang", Kind::Place))
        .unwrap();
    assert_eq!(anna.send(), Vec::<String>::new());
    let took = ben.hear_until(has("Pjöngjang", "Pyongyang"));
    eprintln!("a term reached the other workbench in {took:?}");
    let segment = ben
        .workbench
        .project()
        .segments()
        .find(|s| s.source.contains("Pjöngjang"))
        .map(|s| s.id);
    if let Some(segment) = segment {
        assert!(
            ben.workbench
                .hits(segment)
                .iter()
                .any(|h| h.term.target() == "Pyongyang"),
            "the team's term is found in the text"
        );
    }

    // Ben corrects it; Anna sees the correction.
    let mut term = ben.term("Pjöngjang");
    term.targets = vec!["Pyongyang (capital)".into()];
    let ben_id = ben.id();
    ben.workbench.update_term(ben_id, term).unwrap();
    assert!(ben.send().is_empty());
    anna.hear_until(has("Pjöngjang", "Pyongyang (capital)"));

    // Both change it at once, from the same revision: the first to arrive stands, the
    // other is told and gets the standing term.
    let mut hers = anna.term("Pjöngjang");
    hers.targets = vec!["P'yŏngyang".into()];
    anna.workbench.update_term(id, hers).unwrap();
    let mut his = ben.term("Pjöngjang");
    his.targets = vec!["Pyongyang City".into()];
    ben.workbench.update_term(ben_id, his).unwrap();
    assert!(anna.send().is_empty());
    let told = ben.send();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].contains("while you changed it") && told[0].contains("P'yŏngyang"),
        "{told:?}"
    );
    assert!(has("Pjöngjang", "P'yŏngyang")(&ben.workbench));
    let server_terms = ServerGlossary::open(&url)
        .unwrap()
        .changes_since(0)
        .unwrap();
    assert_eq!(server_terms.len(), 1);
    assert_eq!(server_terms[0].term.targets, ["P'yŏngyang"]);
    // Ben has both versions to choose from, and makes his again on top of hers.
    let conflicts = ben.workbench.take_term_conflicts();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        conflicts[0].theirs.as_ref().unwrap().targets,
        ["P'yŏngyang"]
    );
    assert_eq!(
        conflicts[0].mine.as_ref().unwrap().targets,
        ["Pyongyang City"]
    );
    ben.workbench.use_my_term(&conflicts[0]).unwrap();
    assert!(ben.send().is_empty(), "made on the standing revision");
    anna.hear_until(has("Pjöngjang", "Pyongyang City"));

    // Both add the same German term: one entry for the team.
    anna.workbench
        .add_term(id, Term::new("Kreml", "Kremlin", Kind::Place))
        .unwrap();
    ben.workbench
        .add_term(ben_id, Term::new("kreml", "the Kremlin", Kind::Place))
        .unwrap();
    assert!(anna.send().is_empty());
    let told = ben.send();
    assert!(told[0].contains("has “Kreml” already"), "{told:?}");
    assert!(has("Kreml", "Kremlin")(&ben.workbench));
    assert!(lacks("kreml")(&ben.workbench));

    // A removal reaches the other, and so does its undo.
    anna.workbench
        .remove_term(id, anna.term("Kreml").id)
        .unwrap();
    assert!(anna.send().is_empty());
    ben.hear_until(lacks("Kreml"));
    anna.workbench.undo().unwrap();
    assert!(anna.send().is_empty());
    ben.hear_until(has("Kreml", "Kremlin"));
    // Ben's workbench heard its own changes too, and took none of them twice.
    assert_eq!(ben.terms(), anna.terms());
}

#[test]
fn a_reader_may_not_change_the_team_glossary() {
    let Some(cluster) = Cluster::start("team-reader") else {
        return;
    };
    server::init(&cluster.admin_url()).unwrap();
    cluster.admin(
        "CREATE ROLE rita LOGIN PASSWORD 'rita-pw' IN ROLE tandem_readers;",
        "tandem",
    );
    let dir = common::temp_dir("team-reader");
    let mut rita = Desk::new(&cluster.url("rita", "rita-pw"), &dir.join("rita.jsonl"));
    let id = rita.id();
    assert!(
        !rita
            .workbench
            .writable_glossaries()
            .iter()
            .any(|(g, _)| *g == id)
    );
    let error = rita
        .workbench
        .add_term(id, Term::new("Kreml", "Kremlin", Kind::Place))
        .unwrap_err()
        .to_string();
    assert!(error.contains("cannot be changed"), "{error}");
    let reader = ServerGlossary::open(&cluster.url("rita", "rita-pw")).unwrap();
    assert!(reader.is_read_only());
    let write = server::TermWrite {
        id: server::fresh_id(),
        term: Some(Term::new("Kreml", "Kremlin", Kind::Place)),
        base: None,
        rev: server::fresh_revision(),
    };
    let error = reader.write(&write).unwrap_err().to_string();
    assert!(error.contains("tandem_translators"), "{error}");
    // The project's own glossary is not harmed.
    rita.workbench
        .add_term(
            GlossaryId::PROJECT,
            Term::new("Kreml", "Kremlin", Kind::Place),
        )
        .unwrap();
}

#[test]
fn changes_made_while_the_server_is_away_wait_on_disk_and_go_once() {
    let Some(cluster) = Cluster::start("team-offline") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    let dir = common::temp_dir("team-offline");
    let queue = dir.join("anna.jsonl");
    let mut anna = Desk::new(&url, &queue);
    let id = anna.id();
    anna.workbench
        .add_term(id, Term::new("Kreml", "Kremlin", Kind::Place))
        .unwrap();
    assert!(anna.send().is_empty());

    cluster.stop();
    let mut term = anna.term("Kreml");
    term.targets = vec!["the Kremlin".into()];
    anna.workbench.update_term(id, term).unwrap();
    anna.workbench
        .add_term(id, Term::new("Duma", "State Duma", Kind::Organisation))
        .unwrap();
    let writes = anna.workbench.take_term_writes();
    let sent = anna.team.send(&writes).unwrap();
    assert_eq!(sent.waiting, 2);
    assert!(sent.offline.is_some());
    // The listener loses the server (after the echo of what was sent before).
    loop {
        match anna.heard.recv_timeout(Duration::from_secs(10)).unwrap() {
            Heard::Lost(_) => break,
            Heard::Changed(changed) => assert_eq!(anna.workbench.team_heard(changed, false), 0),
            Heard::Connected { .. } => {}
        }
    }
    // Tandem is killed here: what waits is on disk, in order.
    let waiting = anna.team.queued();
    assert_eq!(waiting, writes);
    drop(anna.team);

    cluster.start_again();
    let team = TeamGlossary::new(&url, &queue);
    let sent = team.send(&[]).unwrap();
    assert_eq!((sent.answered.len(), sent.waiting), (2, 0));
    assert!(anna.workbench.term_answers(sent.answered).is_empty());
    // Sent once more (as if killed before the queue was cut): taken once, nobody told.
    let again = ServerGlossary::open(&url).unwrap();
    let answers: Vec<_> = waiting
        .iter()
        .map(|w| (w.clone(), Ok(again.write(w).unwrap())))
        .collect();
    assert!(anna.workbench.term_answers(answers).is_empty());
    let rows = again.changes_since(0).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .any(|r| r.term.source == "Kreml" && r.term.targets == ["the Kremlin"])
    );
    // The listener found the server again and hears changes.
    let mut other = Desk::new(&url, &dir.join("ben.jsonl"));
    let duma = other.term("Duma");
    let mut changed = duma.clone();
    changed.targets = vec!["Russian State Duma".into()];
    let other_id = other.id();
    other.workbench.update_term(other_id, changed).unwrap();
    assert!(other.send().is_empty());
    loop {
        match anna.heard.recv_timeout(Duration::from_secs(10)).unwrap() {
            Heard::Changed(changed) => {
                anna.workbench.team_heard(changed, false);
                if has("Duma", "Russian State Duma")(&anna.workbench) {
                    break;
                }
            }
            Heard::Connected { .. } | Heard::Lost(_) => {}
        }
    }
}

#[test]
fn a_server_restored_from_a_backup_is_read_whole_again() {
    let Some(cluster) = Cluster::start("team-restore") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    let dir = common::temp_dir("team-restore");
    let mut anna = Desk::new(&url, &dir.join("anna.jsonl"));
    let id = anna.id();
    for (source, target) in [("Kreml", "Kremlin"), ("Duma", "State Duma")] {
        anna.workbench
            .add_term(id, Term::new(source, target, Kind::Place))
            .unwrap();
    }
    assert!(anna.send().is_empty());
    // The server goes back to a backup from before Duma and before its changes were
    // numbered this far (quietly), and its connections are cut, as a restore does.
    cluster.admin(
        "ALTER TABLE tandem_terms DISABLE TRIGGER USER;
         DELETE FROM tandem_terms WHERE source = 'Duma';
         UPDATE tandem_terms SET seq = 1;
         ALTER TABLE tandem_terms ENABLE TRIGGER USER;
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE pid <> pg_backend_pid() AND datname = 'tandem';",
        "tandem",
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while !lacks("Duma")(&anna.workbench) {
        let left = deadline.saturating_duration_since(Instant::now());
        match anna.heard.recv_timeout(left) {
            Ok(Heard::Connected { whole, .. }) => anna.whole_next = whole,
            Ok(Heard::Changed(changed)) => {
                let whole = std::mem::take(&mut anna.whole_next);
                anna.workbench.team_heard(changed, whole);
            }
            Ok(Heard::Lost(_)) => {}
            Err(_) => panic!("the restored glossary was not read again"),
        }
    }
    assert!(has("Kreml", "Kremlin")(&anna.workbench));
}

#[test]
fn a_session_connects_the_team_glossary_with_the_team_memory() {
    let Some(cluster) = Cluster::start("team-session") else {
        return;
    };
    let url = cluster.admin_url();
    server::init(&url).unwrap();
    let dir = common::temp_dir("team-session");
    let session = |name: &str| {
        let mut session = Session::new(dir.join(name).join("recovery"));
        session.configure_memories(MemoryConfig {
            use_main: true,
            main: Some(dir.join(name).join("main.memory")),
            team: Some(url.clone()),
            ..MemoryConfig::default()
        });
        session.open_sample();
        session.wait(Duration::from_secs(20));
        session
    };
    let mut anna = session("anna");
    let mut ben = session("ben");
    assert!(ben.team_glossary_location().is_some());
    // Both windows poll (as each frame does): Anna's sends, Ben's hears.
    let poll_until = |sessions: &mut [&mut Session], done: &dyn Fn(&Workbench) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            for session in sessions.iter_mut() {
                for event in session.poll() {
                    eprintln!("{event:?}");
                }
            }
            if sessions[0].workbench.as_ref().is_some_and(done) {
                return;
            }
            assert!(Instant::now() < deadline, "not in time");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    // The listener says whether this user may write; then the glossary takes terms.
    poll_until(&mut [&mut anna], &|w: &Workbench| {
        let id = w.team_glossary().unwrap();
        w.writable_glossaries().iter().any(|(g, _)| *g == id)
    });
    let workbench = anna.workbench.as_mut().unwrap();
    let id = workbench.team_glossary().unwrap();
    workbench
        .add_term(id, Term::new("Pjöngjang", "Pyongyang", Kind::Place))
        .unwrap();
    poll_until(&mut [&mut ben, &mut anna], &has("Pjöngjang", "Pyongyang"));

    // Ben's window keeps the team's terms on his computer: opened again while the server
    // is away, it shows them all the same.
    let copy_of_ben = || {
        std::fs::read_dir(dir.join("ben"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(".copy.json"))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !copy_of_ben().contains("Pyongyang") {
        ben.poll();
        assert!(Instant::now() < deadline, "the copy was not kept");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(ben);
    cluster.stop();
    let mut ben = session("ben");
    poll_until(&mut [&mut ben], &has("Pjöngjang", "Pyongyang"));
}
