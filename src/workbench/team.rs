//! The team's glossary in a workbench: a glossary of the [`Terminology`] (after the
//! project's own, before the files) whose terms come from the server and whose changes go to
//! it.
//!
//! - A change of a team term (added, edited, removed, undone) becomes a [`TermWrite`] on the
//!   revision of the term this workbench knows, with a fresh revision of its own; what the
//!   server's [`Listener`] hears is taken in unless it is this workbench's own change coming
//!   back or older than what it has; a conflict puts the other translator's term in place
//!   and says so. Terms taken from the server are not edits of this workbench: nothing to
//!   undo.
//! - The copy on this computer ([`CopiedTerm`]s) stands in until the server's whole
//!   glossary arrives; a conflict is kept ([`TermConflict`]) for the translator to settle.
//!
//! The session's side (the listener, the sending, the copy's file) is in `team_link.rs`.
//!
//! [`Terminology`]: crate::suggest::Terminology
//! [`Listener`]: crate::stores::server::Listener

use super::{Workbench, WorkbenchError};
use crate::glossary::{GlossaryId, Term, TermId};
use crate::stores::server::{RemoteTerm, TermWrite, Written, fresh_revision};
use crate::stores::team_glossary::CopiedTerm;
use std::collections::{HashMap, HashSet};

/// A change of this workbench that the team glossary did not take because a colleague's
/// came first: what the translator is told, and both versions, to choose between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermConflict {
    pub message: String,
    /// The term as it stands on the server now (`None`: removed there).
    pub theirs: Option<Term>,
    /// The term as this workbench's change made it (`None`: removed).
    pub mine: Option<Term>,
}

/// What a workbench knows of the team glossary beyond its terms.
pub(super) struct TeamTerms {
    id: GlossaryId,
    /// The revision of each term this workbench has (its own latest change, once made).
    revs: HashMap<TermId, i64>,
    /// Every revision this workbench made: what comes back with one of them is its own.
    own: HashSet<i64>,
    /// Changes made here that the server has not answered yet, by term.
    unanswered: HashMap<TermId, usize>,
    /// The server's change number of the version of each term this workbench has: news of
    /// an older change (heard after a newer answer) is stale.
    seqs: HashMap<TermId, i64>,
    /// Changes not yet handed to the session.
    outbox: Vec<TermWrite>,
    /// The server's whole glossary arrived (the copy is not needed any more).
    whole: bool,
    /// The terms changed since the copy was last kept.
    unsaved: bool,
    /// Conflicts not yet handed to the session.
    conflicts: Vec<TermConflict>,
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
            unanswered: HashMap::new(),
            seqs: HashMap::new(),
            outbox: Vec::new(),
            whole: false,
            unsaved: false,
            conflicts: Vec::new(),
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
        *team.unanswered.entry(term).or_default() += 1;
        team.unsaved = true;
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
    /// known and left. `whole`: these are all the server's terms (at the first connection,
    /// or after the server was restored from a backup), so a term here that is not among them
    /// is gone, unless this workbench changed it and has no answer yet (its change is on its
    /// way).
    /// Returns how many terms changed here.
    pub fn team_heard(&mut self, changed: Vec<RemoteTerm>, whole: bool) -> usize {
        let Some(team) = &mut self.team else { return 0 };
        let mut taken = Vec::new();
        if whole {
            // Change numbers start again after a restore: the server's own are the truth.
            team.seqs.clear();
        }
        let heard: HashSet<TermId> = changed.iter().map(|r| r.term.id).collect();
        for remote in changed {
            let id = remote.term.id;
            if team.seqs.get(&id).is_some_and(|seq| *seq >= remote.seq) {
                continue;
            }
            team.seqs.insert(id, remote.seq);
            if team.own.contains(&remote.rev) || team.revs.get(&id) == Some(&remote.rev) {
                continue;
            }
            team.revs.insert(id, remote.rev);
            taken.push((id, (!remote.deleted).then_some(remote.term)));
        }
        if whole {
            team.whole = true;
            let gone: Vec<TermId> = team
                .revs
                .keys()
                .copied()
                .filter(|id| !heard.contains(id) && !team.unanswered.contains_key(id))
                .collect();
            for id in gone {
                team.revs.remove(&id);
                taken.push((id, None));
            }
        }
        let count = taken.len();
        team.unsaved |= count > 0;
        let glossary = team.id;
        self.docs.terminology.apply_remote(glossary, taken);
        count
    }

    /// Takes in the copy of the team's terms this computer kept, for as long as the server
    /// has not sent its own: terms the server sent already stay as they are. Returns how many
    /// terms were taken.
    pub fn team_copy(&mut self, copied: Vec<CopiedTerm>) -> usize {
        let Some(team) = &mut self.team else { return 0 };
        if team.whole {
            return 0;
        }
        let mut taken = Vec::new();
        for CopiedTerm { term, rev } in copied {
            if team.revs.contains_key(&term.id) {
                continue;
            }
            team.revs.insert(term.id, rev);
            taken.push((term.id, Some(term)));
        }
        let count = taken.len();
        let glossary = team.id;
        self.docs.terminology.apply_remote(glossary, taken);
        count
    }

    /// The conflicts met since last asked, for the translator to settle.
    pub fn take_term_conflicts(&mut self) -> Vec<TermConflict> {
        self.team
            .as_mut()
            .map(|t| std::mem::take(&mut t.conflicts))
            .unwrap_or_default()
    }

    /// Settles a conflict with this workbench's version: made again on top of the standing
    /// one (an edit of it, its removal, or the term added again), sent like any change and
    /// undone like one.
    pub fn use_my_term(&mut self, conflict: &TermConflict) -> Result<(), WorkbenchError> {
        let Some(glossary) = self.team_glossary() else {
            return Ok(());
        };
        match (&conflict.mine, &conflict.theirs) {
            (Some(mine), Some(theirs)) => {
                let mut term = mine.clone();
                term.id = theirs.id;
                self.update_term(glossary, term)
            }
            (Some(mine), None) => self.add_term(glossary, mine.clone()),
            (None, Some(theirs)) => self.remove_term(glossary, theirs.id),
            (None, None) => Ok(()),
        }
    }

    /// The team's terms to keep on this computer, when they changed since last asked.
    pub fn take_team_copy(&mut self) -> Option<Vec<CopiedTerm>> {
        let team = self.team.as_mut().filter(|t| t.unsaved)?;
        team.unsaved = false;
        let glossary = self.docs.terminology.glossary(team.id)?;
        Some(
            glossary
                .terms
                .iter()
                .map(|term| CopiedTerm {
                    term: term.clone(),
                    rev: team.revs.get(&term.id).copied().unwrap_or_default(),
                })
                .collect(),
        )
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
            if let Some(count) = team.unanswered.get_mut(&write.id) {
                *count -= 1;
                if *count == 0 {
                    team.unanswered.remove(&write.id);
                }
            }
            // What the server holds now, from its answer.
            if let Ok(Written::Done(remote) | Written::Conflict(Some(remote))) = &answer {
                let seq = team.seqs.entry(remote.term.id).or_default();
                *seq = (*seq).max(remote.seq);
            }
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
                .or_else(|| match &answer {
                    // A removal: the German as the server has it.
                    Ok(Written::Conflict(Some(theirs))) => Some(theirs.term.source.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| format!("term {}", write.id.0));
            // What the translator is told, and for a conflict they can settle, the team's
            // version (`None`: removed there).
            let (message, theirs) = match answer {
                Ok(Written::Done(_)) => continue,
                // Sent twice (the first time's answer was lost): it was taken.
                Ok(Written::Conflict(Some(theirs))) if theirs.rev == write.rev => continue,
                // Removed by both: no quarrel.
                Ok(Written::Conflict(Some(theirs))) if theirs.deleted && write.term.is_none() => {
                    team.revs.insert(write.id, theirs.rev);
                    continue;
                }
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
                    taken.push((theirs.term.id, Some(theirs.term.clone())));
                    (message, Some(Some(theirs.term)))
                }
                Ok(Written::Conflict(Some(theirs))) => {
                    team.revs.insert(write.id, theirs.rev);
                    let (yours, again) = match write.term {
                        Some(_) => ("changed it", "change was not saved; make it again"),
                        None => ("removed it", "removal was not saved; remove it again"),
                    };
                    let message = if theirs.deleted {
                        format!(
                            "“{what}” was removed from the team glossary by {} ({}) while you {yours}; your change was not saved.",
                            theirs.author, theirs.changed
                        )
                    } else {
                        format!(
                            "“{what}” was changed in the team glossary by {} ({}) while you {yours}: it is now “{}” → “{}”. Your {again} if it should stand.",
                            theirs.author,
                            theirs.changed,
                            theirs.term.source,
                            theirs.term.targets.join("”, “")
                        )
                    };
                    let theirs = (!theirs.deleted).then_some(theirs.term);
                    taken.push((write.id, theirs.clone()));
                    (message, Some(theirs))
                }
                Ok(Written::Conflict(None)) => {
                    team.revs.remove(&write.id);
                    taken.push((write.id, None));
                    let message = format!(
                        "“{what}” is not in the team glossary (removed there before it was ever saved); your change was not saved."
                    );
                    // Only an added or changed term can be added again.
                    (message, write.term.is_some().then_some(None))
                }
                Err(why) => (
                    format!(
                        "The team glossary refused the change of “{what}”: {why}. It stays here only."
                    ),
                    None,
                ),
            };
            if messages.iter().any(|(id, _)| *id == write.id) {
                continue;
            }
            if let Some(theirs) = theirs {
                team.conflicts.push(TermConflict {
                    message: message.clone(),
                    theirs,
                    mine: write.term,
                });
            }
            messages.push((write.id, message));
        }
        team.unsaved |= !taken.is_empty();
        self.docs.terminology.apply_remote(glossary, taken);
        messages.into_iter().map(|(_, m)| m).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Kind, Term};

    fn term(id: u64, source: &str, target: &str) -> Term {
        let mut term = Term::new(source, target, Kind::Place);
        term.id = TermId(id);
        term
    }

    fn remote(term: Term, rev: i64, deleted: bool) -> RemoteTerm {
        RemoteTerm {
            term,
            deleted,
            rev,
            author: "ben".into(),
            changed: "2026-12-01 09:00".into(),
            seq: rev,
        }
    }

    fn terms(workbench: &Workbench) -> Vec<(String, String)> {
        let id = workbench.team_glossary().unwrap();
        let mut out: Vec<(String, String)> = workbench
            .terminology()
            .glossary(id)
            .unwrap()
            .terms
            .iter()
            .map(|t| (t.source.clone(), t.target().to_string()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn the_copy_stands_in_until_the_servers_whole_glossary_arrives() {
        let mut workbench = Workbench::sample();
        workbench.attach_team_glossary("team glossary (news)", "postgres://host/news");
        workbench.set_team_glossary_access(false);
        // The server's first terms came before the copy was read: they stand.
        workbench.team_heard(
            vec![remote(term(1 << 40, "Kreml", "the Kremlin"), 5, false)],
            false,
        );
        let copied = vec![
            CopiedTerm {
                term: term(1 << 40, "Kreml", "Kremlin"),
                rev: 4,
            },
            CopiedTerm {
                term: term(2 << 40, "Duma", "State Duma"),
                rev: 3,
            },
            CopiedTerm {
                term: term(3 << 40, "Pjöngjang", "Pyongyang"),
                rev: 2,
            },
        ];
        assert_eq!(workbench.team_copy(copied.clone()), 2);
        assert_eq!(
            terms(&workbench),
            [
                ("Duma".into(), "State Duma".into()),
                ("Kreml".into(), "the Kremlin".into()),
                ("Pjöngjang".into(), "Pyongyang".into())
            ]
        );
        // A copied term edited here is this workbench's change, not the copy's.
        let id = workbench.team_glossary().unwrap();
        workbench
            .update_term(id, term(3 << 40, "Pjöngjang", "P'yŏngyang"))
            .unwrap();
        let kept = workbench.take_team_copy().unwrap();
        assert_eq!(kept.len(), 3);
        assert!(
            workbench.take_team_copy().is_none(),
            "nothing changed since"
        );
        // The whole glossary: Duma is not on the server (any more), so it goes; the term
        // changed here stays for its change to be sent.
        workbench.team_heard(
            vec![
                remote(term(1 << 40, "Kreml", "the Kremlin"), 5, false),
                remote(term(4 << 40, "Moskau", "Moscow"), 6, false),
            ],
            true,
        );
        assert_eq!(
            terms(&workbench),
            [
                ("Kreml".into(), "the Kremlin".into()),
                ("Moskau".into(), "Moscow".into()),
                ("Pjöngjang".into(), "P'yŏngyang".into())
            ]
        );
        assert_eq!(workbench.take_team_copy().unwrap().len(), 3);
        // A copy read after the server's whole glossary arrived is not needed.
        assert_eq!(workbench.team_copy(copied), 0);
        assert_eq!(terms(&workbench).len(), 3);
    }

    #[test]
    fn a_server_restored_from_a_backup_is_taken_as_it_is() {
        let mut workbench = Workbench::sample();
        workbench.attach_team_glossary("team glossary (news)", "postgres://host/news");
        workbench.set_team_glossary_access(false);
        workbench.team_heard(
            vec![
                remote(term(1 << 40, "Kreml", "the Kremlin"), 10, false),
                remote(term(2 << 40, "Duma", "State Duma"), 11, false),
                remote(term(3 << 40, "Moskau", "Moscow"), 12, false),
            ],
            true,
        );
        // The backup is older: Duma was added after it, Kreml changed; its change numbers
        // are lower than those heard before.
        let older = |remote: RemoteTerm, seq: i64| RemoteTerm { seq, ..remote };
        workbench.team_heard(
            vec![
                older(remote(term(1 << 40, "Kreml", "Kremlin"), 3, false), 2),
                older(remote(term(3 << 40, "Moskau", "Moscow"), 12, false), 3),
            ],
            true,
        );
        assert_eq!(
            terms(&workbench),
            [
                ("Kreml".into(), "Kremlin".into()),
                ("Moskau".into(), "Moscow".into())
            ]
        );
        // And the news after it is taken.
        workbench.team_heard(
            vec![older(remote(term(2 << 40, "Duma", "Duma"), 20, false), 4)],
            false,
        );
        assert_eq!(terms(&workbench).len(), 3);
    }

    #[test]
    fn a_lost_removal_names_the_term_and_a_removal_by_both_is_no_conflict() {
        let mut workbench = Workbench::sample();
        workbench.attach_team_glossary("team glossary (news)", "postgres://host/news");
        workbench.set_team_glossary_access(false);
        let kreml = term(1 << 40, "Kreml", "Kremlin");
        let duma = term(2 << 40, "Duma", "State Duma");
        workbench.team_heard(
            vec![
                remote(kreml.clone(), 5, false),
                remote(duma.clone(), 6, false),
            ],
            true,
        );
        let id = workbench.team_glossary().unwrap();
        workbench.remove_term(id, kreml.id).unwrap();
        workbench.remove_term(id, duma.id).unwrap();
        let writes = workbench.take_term_writes();
        assert_eq!(writes.len(), 2);
        let changed = term(1 << 40, "Kreml", "the Kremlin");
        let answers = vec![
            (
                writes[0].clone(),
                Ok(Written::Conflict(Some(remote(changed.clone(), 7, false)))),
            ),
            (
                writes[1].clone(),
                Ok(Written::Conflict(Some(remote(duma, 8, true)))),
            ),
        ];
        let told = workbench.term_answers(answers);
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(
            told[0].starts_with("“Kreml” was changed") && told[0].contains("while you removed it")
        );
        let conflicts = workbench.take_term_conflicts();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(
            (conflicts[0].theirs.as_ref(), conflicts[0].mine.as_ref()),
            (Some(&changed), None)
        );
        assert_eq!(terms(&workbench), [("Kreml".into(), "the Kremlin".into())]);
        // Removing it after all: on top of the standing revision.
        workbench.use_my_term(&conflicts[0]).unwrap();
        let again = workbench.take_term_writes();
        assert_eq!(
            (again[0].id, again[0].term.as_ref(), again[0].base),
            (kreml.id, None, Some(7))
        );
        assert!(terms(&workbench).is_empty());
    }
}
