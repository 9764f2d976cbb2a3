//! The spelling check's resources in a session: the dictionary of the project's English
//! (read in the background, some 40 ms, once per variant), the translator's own dictionary
//! file (read once, written in the background when a word is added), and corrections for a
//! word (tens of milliseconds each: asked for in the background, kept once known).

use super::checks::{default_words_file, read_words, write_words};
use super::jobs::Lane;
use super::session::{Event, Outcome, Session};
use crate::model::Variant;
use crate::qa::Speller;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Default)]
pub struct Spelling {
    enabled: bool,
    spellers: HashMap<Variant, Arc<Speller>>,
    loading: Option<Variant>,
    /// The translator's dictionary file and its words, once read.
    file: Option<PathBuf>,
    words: Option<Vec<String>>,
    reading_words: bool,
    corrections: HashMap<String, Vec<String>>,
    asking: HashSet<String>,
}

pub(super) enum Spelled {
    Speller(Variant, Result<Arc<Speller>, String>),
    Words(Result<Vec<String>, String>),
    Corrections(String, Vec<String>),
    WordsWritten(Result<(), String>),
}

impl Session {
    /// Whether to check spelling, and the translator's dictionary file (`None`: `words.txt`
    /// in the data folder). Called every frame; starts what is missing in the background.
    pub fn configure_spelling(&mut self, enabled: bool, file: Option<PathBuf>) {
        let file = file.or_else(default_words_file);
        let spelling = &mut self.spelling;
        if spelling.file != file {
            spelling.file = file.clone();
            spelling.words = None;
        }
        spelling.enabled = enabled;
        let Some(workbench) = &mut self.workbench else {
            return;
        };
        if !enabled {
            if workbench.speller().is_some() {
                workbench.set_speller(None);
            }
            return;
        }
        let variant = workbench.project().machine.variant;
        if workbench.speller().map(|s| s.variant()) != Some(variant) {
            if let Some(speller) = spelling.spellers.get(&variant) {
                workbench.set_speller(Some(speller.clone()));
            } else if spelling.loading.is_none() {
                spelling.loading = Some(variant);
                self.spawn(Lane::Work, "reading the spelling dictionary", move |_| {
                    Outcome::Spelled(Spelled::Speller(
                        variant,
                        Speller::new(variant).map(Arc::new),
                    ))
                });
                return;
            }
        }
        let spelling = &mut self.spelling;
        match (&spelling.words, &mut self.workbench) {
            (Some(words), Some(workbench)) if workbench.personal_words() != words.as_slice() => {
                workbench.set_personal_words(words.clone());
            }
            (None, _) if !spelling.reading_words => {
                spelling.reading_words = true;
                let file = spelling.file.clone();
                self.spawn(Lane::Files, "reading your dictionary", move |_| {
                    Outcome::Spelled(Spelled::Words(match file {
                        Some(path) => read_words(&path),
                        None => Ok(Vec::new()),
                    }))
                });
            }
            _ => {}
        }
    }

    /// Brings the quality checks up to date: the segments whose issues may be stale are
    /// checked for about `budget` on this thread, and the project's list is made off it when
    /// due. Returns whether work is left (the window asks for another frame).
    pub fn refresh_checks(&mut self, budget: std::time::Duration) -> bool {
        let Some(workbench) = &mut self.workbench else {
            return false;
        };
        if !workbench.refresh_segments(budget) {
            return true;
        }
        if let Some(input) = workbench.issue_list_input() {
            self.spawn(Lane::Work, "checking the project", move |_| {
                Outcome::Checked(input.run())
            });
        }
        !self
            .workbench
            .as_ref()
            .is_some_and(|w| w.issues_are_current())
    }

    /// Corrections for `word`, once known; asks for them in the background the first time.
    pub fn corrections(&mut self, word: &str) -> Option<&[String]> {
        if !self.spelling.corrections.contains_key(word) && !self.spelling.asking.contains(word) {
            let speller = self.workbench.as_ref().and_then(|w| w.speller().cloned())?;
            self.spelling.asking.insert(word.to_string());
            let word = word.to_string();
            self.spawn(Lane::Work, "looking for corrections", move |_| {
                let found = speller.suggest(&word);
                Outcome::Spelled(Spelled::Corrections(word, found))
            });
        }
        self.spelling.corrections.get(word).map(Vec::as_slice)
    }

    /// Adds `word` to the translator's dictionary: the checks accept it at once, the file is
    /// written in the background.
    pub fn add_word(&mut self, word: &str) {
        let word = word.trim().to_string();
        if word.is_empty() {
            return;
        }
        let words = self.spelling.words.get_or_insert_with(Vec::new);
        if !words.contains(&word) {
            words.push(word);
        }
        let words = words.clone();
        if let Some(workbench) = &mut self.workbench {
            workbench.set_personal_words(words.clone());
        }
        let Some(path) = self.spelling.file.clone() else {
            self.pending_events.push(Event::Error(
                "No data folder to keep your dictionary in; the word counts for this session only"
                    .into(),
            ));
            return;
        };
        self.spawn(Lane::Files, "writing your dictionary", move |_| {
            Outcome::Spelled(Spelled::WordsWritten(write_words(&path, &words)))
        });
    }

    pub(super) fn spelled(&mut self, spelled: Spelled, events: &mut Vec<Event>) {
        let spelling = &mut self.spelling;
        match spelled {
            Spelled::Speller(variant, result) => {
                spelling.loading = None;
                match result {
                    Ok(speller) => {
                        spelling.spellers.insert(variant, speller);
                    }
                    Err(error) => {
                        spelling.enabled = false;
                        events.push(Event::Error(error));
                    }
                }
            }
            Spelled::Words(result) => {
                spelling.reading_words = false;
                match result {
                    Ok(words) => spelling.words = Some(words),
                    Err(error) => {
                        spelling.words = Some(Vec::new());
                        events.push(Event::Error(format!("Your dictionary: {error}")));
                    }
                }
            }
            Spelled::Corrections(word, found) => {
                spelling.asking.remove(&word);
                spelling.corrections.insert(word, found);
            }
            Spelled::WordsWritten(Err(error)) => {
                events.push(Event::Error(format!(
                    "Your dictionary was not saved: {error}"
                )));
            }
            Spelled::WordsWritten(Ok(())) => {}
        }
    }
}
