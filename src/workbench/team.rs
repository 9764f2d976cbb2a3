//! The team's glossary in a workbench and a session: a glossary of the [`Terminology`]
//! (after the project's own, before the files) whose terms come from the server and whose
//! changes go to it.
//!
//! - [`Workbench`] side: a change of a team term (added, edited, removed, undone) becomes a
//!   [`TermWrite`] on the revision of the term this workbench knows, with a fresh revision of
//!   its own; what the server's [`Listener`] hears is taken in unless it is this workbench's
//!   own change coming back; a conflict puts the other translator's term in place and says
//!   so. Terms taken from the server are not edits of this workbench: nothing to undo.
//! - [`Session`] side: the listener (its own thread and connection) and the sending of
//!   changes, one job at a time, through the durable queue of [`TeamGlossary`].
//!
//! [`Terminology`]: crate::suggest::Terminology

use super::Workbench;
use super::jobs::Lane;
use super::session::{Event, Outcome, Session};
use crate::glossary::{GlossaryId, TermId};
use crate::stores::TeamGlossary;
use crate::stores::server::{
    Heard, Listener, RemoteTerm, TermWrite, Written, database_name, fresh_revision, shown_location,
};
use crate::stores::team_glossary::Sent;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long after the server could not be reached waiting changes are sent again.
pub const RESEND: Duration = Duration::from_secs(10);

/// What a workbench knows of the team glossary beyond its terms.
pub(super) struct TeamTerms {
    id: GlossaryId,
    /// The revision of each term this workbench has (its own latest change, once made).
    revs: HashMap<TermId, i64>,
    /// Every revision this workbench made: what comes back with one of them is its own.
    own: HashSet<i64>,
    /// Changes not yet handed to the session.
    outbox: Vec<TermWrite>,
}

impl Workbench {
    /// Connects the team's glossary (empty until the server's terms arrive), read-only until
    /// the server says this user may change it.
    pub fn attach_team_glossary(&mut self, name: &str, shown: &str) -> GlossaryId {
        let id = self.docs.terminology.attach_server(name, shown, true);
        self.team = Some(TeamTerms {
            id,
            revs: HashMap::new(),
            own: HashSet::new(),
            outbox: Vec::new(),
        });
        id
    }

    /// Whether this user may change the team glossary.
    pub fn set_team_glossary_access(&mut self, read_only: bool) {
        self.docs.terminology.set_server_access(read_only);
    }

    /// Lets go of the team glossary.
    pub fn detach_team_glossary(&mut self) {
        self.docs.terminology.detach_server();
        self.team = None;
    }

    /// The team glossary, when one is connected.
    pub fn team_glossary(&self) -> Option<GlossaryId> {
        self.team.as_ref().map(|t| t.id)
    }

    /// A change of team term `term` was made here: it goes to the server.
    pub(super) fn team_term_changed(&mut self, term: TermId) {
        let Some(team) = &mut self.team else { return };
        let current = self
            .docs
            .terminology
            .glossary(team.id)
            .and_then(|g| g.term(term))
            .cloned();
        let base = team.revs.get(&term).copied();
        if current.is_none() && base.is_none() {
            return;
        }
        let rev = fresh_revision();
        team.revs.insert(term, rev);
        team.own.insert(rev);
        team.outbox.push(TermWrite {
            id: term,
            term: current,
            base,
            rev,
        });
    }

    /// The changes of team terms to send, in the order they were made.
    pub fn take_term_writes(&mut self) -> Vec<TermWrite> {
        self.team
            .as_mut()
            .map(|t| std::mem::take(&mut t.outbox))
            .unwrap_or_default()
    }

    /// Takes in terms the server changed; this workbench's own changes coming back are
    /// known and left. Returns how many terms changed here.
    pub fn team_heard(&mut self, changed: Vec<RemoteTerm>) -> usize {
        let Some(team) = &mut self.team else { return 0 };
        let mut taken = Vec::new();
        for remote in changed {
            let id = remote.term.id;
            if team.own.contains(&remote.rev) || team.revs.get(&id) == Some(&remote.rev) {
                continue;
            }
            team.revs.insert(id, remote.rev);
            taken.push((id, (!remote.deleted).then_some(remote.term)));
        }
        let count = taken.len();
        let glossary = team.id;
        self.docs.terminology.apply_remote(glossary, taken);
        count
    }

    /// Takes in the server's answers to sent changes; returns what the translator must be
    /// told (conflicts and refusals), a message per term.
    pub fn term_answers(
        &mut self,
        answered: Vec<(TermWrite, Result<Written, String>)>,
    ) -> Vec<String> {
        let Some(team) = &mut self.team else {
            return Vec::new();
        };
        let glossary = team.id;
        let mut messages: Vec<(TermId, String)> = Vec::new();
        let mut taken = Vec::new();
        for (write, answer) in answered {
            let what = write
                .term
                .as_ref()
                .map(|t| t.source.clone())
                .or_else(|| {
                    self.docs
                        .terminology
                        .glossary(glossary)
                        .and_then(|g| g.term(write.id))
                        .map(|t| t.source.clone())
                })
                .unwrap_or_else(|| format!("term {}", write.id.0));
            let message = match answer {
                Ok(Written::Done(_)) => continue,
                // Sent twice (the first time's answer was lost): it was taken.
                Ok(Written::Conflict(Some(theirs))) if theirs.rev == write.rev => continue,
                Ok(Written::Conflict(Some(theirs))) if theirs.term.id != write.id => {
                    // The team has the German term already: theirs stands, ours goes.
                    team.revs.remove(&write.id);
                    taken.push((write.id, None));
                    team.revs.insert(theirs.term.id, theirs.rev);
                    let message = format!(
                        "The team glossary has “{}” already (“{}”, by {}, {}); yours was not added.",
                        theirs.term.source,
                        theirs.term.targets.join("”, “"),
                        theirs.author,
                        theirs.changed
                    );
                    taken.push((theirs.term.id, Some(theirs.term)));
                    message
                }
                Ok(Written::Conflict(Some(theirs))) => {
                    team.revs.insert(write.id, theirs.rev);
                    let message = if theirs.deleted {
                        format!(
                            "“{what}” was removed from the team glossary by {} ({}) while you changed it; your change was not saved.",
                            theirs.author, theirs.changed
                        )
                    } else {
                        format!(
                            "“{what}” was changed in the team glossary by {} ({}) while you changed it: it is now “{}” → “{}”. Your change was not saved; make it again if it should stand.",
                            theirs.author,
                            theirs.changed,
                            theirs.term.source,
                            theirs.term.targets.join("”, “")
                        )
                    };
                    taken.push((write.id, (!theirs.deleted).then_some(theirs.term)));
                    message
                }
                Ok(Written::Conflict(None)) => {
                    team.revs.remove(&write.id);
                    taken.push((write.id, None));
                    format!(
                        "“{what}” is not in the team glossary (removed there before it was ever saved); your change was not saved."
                    )
                }
                Err(why) => format!(
                    "The team glossary refused the change of “{what}”: {why}. It stays here only."
                ),
            };
            if !messages.iter().any(|(id, _)| *id == write.id) {
                messages.push((write.id, message));
            }
        }
        self.docs.terminology.apply_remote(glossary, taken);
        messages.into_iter().map(|(_, m)| m).collect()
    }
}

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
}

impl Session {
    /// Connects the current project to the team glossary of the memory settings (or lets go
    /// of it): the terms arrive from the listener, changes waiting from an earlier run go.
    pub(super) fn connect_team_glossary(&mut self) {
        let url = self.memories.config.team.clone();
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
        self.team = Some(TeamLink {
            glossary: Arc::new(TeamGlossary::new(&url, &team_terms_queue(&dir, &url))),
            url,
            ticket: self.ticket,
            heard,
            _listener: listener,
            sending: false,
            // What waited from an earlier run goes at once.
            resend_at: Some(Instant::now()),
            lost: false,
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
                Heard::Connected { read_only } => {
                    workbench.set_team_glossary_access(read_only);
                    if team.lost {
                        team.lost = false;
                        team.resend_at = Some(Instant::now());
                        self.pending_events
                            .push(Event::Info("The team glossary's server is back.".into()));
                    }
                }
                Heard::Changed(changed) => {
                    workbench.team_heard(changed);
                }
                Heard::Lost(why) => {
                    team.lost = true;
                    self.pending_events.push(Event::Info(format!(
                        "The team glossary's server cannot be reached ({why}); its terms stay as they were, and changes wait on this computer until it is back."
                    )));
                }
            }
        }
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
            for message in workbench.term_answers(sent.answered) {
                events.push(Event::Error(message));
            }
        }
    }
}
