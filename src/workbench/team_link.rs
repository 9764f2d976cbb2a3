//! The session's link to the team glossary: the [`Listener`] (its own thread and
//! connection) whose news the workbench takes in each frame, the sending of the workbench's
//! changes (one job at a time, through the durable queue of [`TeamGlossary`]), and the copy
//! of the terms on this computer (read when the link is made, written when they change).
//! The workbench's side is in `team.rs`.

use super::jobs::Lane;
use super::session::{Event, Outcome, Session};
use crate::stores::TeamGlossary;
use crate::stores::server::{Heard, Listener, database_name, shown_location};
use crate::stores::team_glossary::{self, CopiedTerm, Sent};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long after the server could not be reached waiting changes are sent again.
pub const RESEND: Duration = Duration::from_secs(10);

/// Where changes to the team glossary at `url` wait while the server is away: a file per
/// server in `dir` (beside the main memory).
pub fn team_terms_queue(dir: &Path, url: &str) -> PathBuf {
    let shown = shown_location(url);
    dir.join(format!(
        "team-terms-{:016x}.jsonl",
        crate::memory::text::hash_str(&shown)
    ))
}

/// The glossary's name in the window: its database's.
fn glossary_name(url: &str) -> String {
    let database = database_name(url).unwrap_or_else(|| "server".to_string());
    format!("team glossary ({database})")
}

/// The session's link to the team glossary.
pub(super) struct TeamLink {
    url: String,
    /// The session's ticket (the workbench) the link was made for.
    ticket: u64,
    glossary: Arc<TeamGlossary>,
    heard: Arc<Mutex<Vec<Heard>>>,
    _listener: Listener,
    sending: bool,
    /// After the server could not be reached: when to send what waits again.
    resend_at: Option<Instant>,
    /// The server was reported lost (said once until it is back).
    lost: bool,
    /// The listener's next report holds the whole glossary.
    whole_next: bool,
    /// Where the copy of the terms is kept, and whether it is being written.
    copy: PathBuf,
    keeping: bool,
}

impl Session {
    /// Connects the current project to the team glossary of the memory settings (or lets go
    /// of it): the terms arrive from the listener, changes waiting from an earlier run go.
    pub(super) fn connect_team_glossary(&mut self) {
        let url = self.memories.config.team_connection();
        let queue_dir = self.memories.config.queue_dir();
        // The same project and server (the memories opened again after a save under a new
        // name): the link stays, with the changes on their way.
        if let Some(team) = &self.team
            && team.ticket == self.ticket
            && url.as_deref() == Some(team.url.as_str())
            && self.workbench.is_some()
        {
            return;
        }
        self.team = None;
        let waker = self.waker();
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        let (Some(url), Some(dir)) = (url, queue_dir) else {
            workbench.detach_team_glossary();
            return;
        };
        workbench.attach_team_glossary(&glossary_name(&url), &shown_location(&url));
        let heard: Arc<Mutex<Vec<Heard>>> = Arc::default();
        let inbox = heard.clone();
        let listener = Listener::start(&url, 0, move |news| {
            inbox.lock().unwrap_or_else(|e| e.into_inner()).push(news);
            if let Some(waker) = &waker {
                waker();
            }
        });
        let listener = match listener {
            Ok(listener) => listener,
            Err(error) => {
                self.pending_events
                    .push(Event::Error(format!("The team glossary: {error}")));
                workbench.detach_team_glossary();
                return;
            }
        };
        let queue = team_terms_queue(&dir, &url);
        let copy = team_glossary::copy_path(&queue);
        // The terms as this computer last knew them, shown until the server's arrive (or
        // while it cannot be reached).
        let (read_url, read_from) = (url.clone(), copy.clone());
        self.spawn(Lane::Work, "reading the team glossary's copy", move |_| {
            Outcome::TeamCopyRead {
                url: read_url,
                copy: team_glossary::load_copy(&read_from).map_err(|e| e.to_string()),
            }
        });
        self.team = Some(TeamLink {
            glossary: Arc::new(TeamGlossary::new(&url, &queue)),
            url,
            ticket: self.ticket,
            heard,
            _listener: listener,
            sending: false,
            // What waited from an earlier run goes at once.
            resend_at: Some(Instant::now()),
            lost: false,
            whole_next: false,
            copy,
            keeping: false,
        });
    }

    /// The team glossary's address (without its password), when one is connected.
    pub fn team_glossary_location(&self) -> Option<String> {
        self.team.as_ref().map(|t| shown_location(&t.url))
    }

    /// Takes in what the listener heard and sends the workbench's changes (one job at a
    /// time, so that they reach the server in order).
    pub(super) fn schedule_team(&mut self) {
        let (Some(team), Some(workbench)) = (&mut self.team, &mut self.workbench) else {
            return;
        };
        let heard = std::mem::take(&mut *team.heard.lock().unwrap_or_else(|e| e.into_inner()));
        for news in heard {
            match news {
                Heard::Connected { read_only, whole } => {
                    workbench.set_team_glossary_access(read_only);
                    team.whole_next = whole;
                    if team.lost {
                        team.lost = false;
                        team.resend_at = Some(Instant::now());
                        self.pending_events
                            .push(Event::Info("The team glossary's server is back.".into()));
                    }
                }
                Heard::Changed(changed) => {
                    workbench.team_heard(changed, std::mem::take(&mut team.whole_next));
                }
                Heard::Lost(why) => {
                    team.lost = true;
                    self.pending_events.push(Event::Info(format!(
                        "The team glossary's server cannot be reached ({why}); its terms stay as they were, and changes wait on this computer until it is back."
                    )));
                }
            }
        }
        if !team.keeping
            && let Some(terms) = workbench.take_team_copy()
        {
            team.keeping = true;
            let path = team.copy.clone();
            self.spawn(Lane::Files, "keeping the team glossary's copy", move |_| {
                Outcome::TeamCopyKept(
                    team_glossary::save_copy(&path, terms).map_err(|e| e.to_string()),
                )
            });
        }
        let (Some(team), Some(workbench)) = (&mut self.team, &mut self.workbench) else {
            return;
        };
        if team.sending {
            return;
        }
        let writes = workbench.take_term_writes();
        let due = team.resend_at.is_some_and(|at| Instant::now() >= at);
        if writes.is_empty() && !due {
            return;
        }
        team.sending = true;
        team.resend_at = None;
        let glossary = team.glossary.clone();
        self.spawn(
            Lane::Work,
            "sending glossary changes to the team server",
            move |_| Outcome::TermsSent(glossary.send(&writes).map_err(|e| e.to_string())),
        );
    }

    /// The copy of the terms, read: shown until the server's terms arrive.
    pub(super) fn team_copy_read(
        &mut self,
        url: &str,
        copy: Result<Vec<CopiedTerm>, String>,
        events: &mut Vec<Event>,
    ) {
        let (Some(team), Some(workbench)) = (&self.team, &mut self.workbench) else {
            return;
        };
        if team.url != url {
            return;
        }
        match copy {
            Ok(terms) => {
                workbench.team_copy(terms);
            }
            Err(error) => events.push(Event::Error(format!(
                "The team glossary's copy on this computer could not be read ({error}); its terms come from the server."
            ))),
        }
    }

    /// A writing of the copy ended (for this project's link when `current`).
    pub(super) fn team_copy_kept(
        &mut self,
        result: Result<(), String>,
        current: bool,
        events: &mut Vec<Event>,
    ) {
        if current && let Some(team) = &mut self.team {
            team.keeping = false;
        }
        if let Err(error) = result {
            events.push(Event::Error(format!(
                "The team glossary's copy on this computer could not be written: {error}"
            )));
        }
    }

    /// The answer of a sending job.
    pub(super) fn terms_sent(&mut self, sent: Result<Sent, String>, events: &mut Vec<Event>) {
        let Some(team) = &mut self.team else { return };
        team.sending = false;
        let sent = match sent {
            Ok(sent) => sent,
            Err(error) => {
                events.push(Event::Error(format!(
                    "Glossary changes could not be kept for the team server: {error}"
                )));
                return;
            }
        };
        if sent.waiting > 0 {
            team.resend_at = Some(Instant::now() + RESEND);
            events.push(Event::Info(format!(
                "{} glossary change(s) wait for the team server ({}); they go when it is back.",
                sent.waiting,
                sent.offline.unwrap_or_default()
            )));
        }
        if let Some(workbench) = &mut self.workbench {
            let messages = workbench.term_answers(sent.answered);
            let conflicts = workbench.take_term_conflicts();
            for message in messages {
                // A conflict is shown with both versions to choose from; a refusal is told.
                match conflicts.iter().find(|c| c.message == message) {
                    Some(conflict) => events.push(Event::TermConflict(Box::new(conflict.clone()))),
                    None => events.push(Event::Error(message)),
                }
            }
        }
    }
}
