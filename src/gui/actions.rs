//! Running commands: the [`UiCommand`]s of menus and keys, and what the table and the side
//! panel report, each turned into one workbench call.

use super::command::UiCommand;
use super::dialogs::FilePurpose;
use super::side::{self, SideAction};
use super::table::TableAction;
use super::{Pending, TandemApp};
use crate::model::Origin;
use crate::workbench::{Workbench, WorkbenchError};

impl TandemApp {
    /// Runs one command of the menus, the keyboard or a button.
    pub fn run_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        let result = match command {
            UiCommand::NewFromArticle => {
                self.guard(Pending::Ask(FilePurpose::OpenArticle));
                Ok(())
            }
            UiCommand::OpenProject => {
                self.guard(Pending::Ask(FilePurpose::OpenProject));
                Ok(())
            }
            UiCommand::TrySample => {
                self.guard(Pending::Sample);
                Ok(())
            }
            UiCommand::Save => {
                self.save();
                Ok(())
            }
            UiCommand::SaveAs => {
                let suggested = self.workbench().and_then(|w| w.path().map(Into::into));
                self.files.ask(FilePurpose::SaveAs, suggested);
                Ok(())
            }
            UiCommand::Export(format) => {
                self.export_asked(format);
                Ok(())
            }
            UiCommand::UseGlossary => {
                self.files.ask(FilePurpose::UseGlossary, None);
                Ok(())
            }
            UiCommand::ImportReview => {
                self.files.ask(FilePurpose::ImportReview, None);
                Ok(())
            }
            UiCommand::CloseProject => {
                self.guard(Pending::Close);
                Ok(())
            }
            UiCommand::Quit => {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                Ok(())
            }
            UiCommand::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                self.apply_prefs(ctx);
                Ok(())
            }
            UiCommand::ZoomIn => {
                self.prefs.zoom_by(1.1);
                Ok(())
            }
            UiCommand::ZoomOut => {
                self.prefs.zoom_by(1.0 / 1.1);
                Ok(())
            }
            UiCommand::ToggleSidePanel => {
                self.prefs.side_panel = !self.prefs.side_panel;
                Ok(())
            }
            UiCommand::Shortcuts => {
                self.show_shortcuts = !self.show_shortcuts;
                Ok(())
            }
            UiCommand::About => {
                self.show_about = true;
                Ok(())
            }
            UiCommand::QualityChecks => {
                self.checks.open = !self.checks.open;
                Ok(())
            }
            UiCommand::Problems => {
                self.show_problems = !self.show_problems;
                Ok(())
            }
            UiCommand::Find => {
                self.find.open = true;
                self.find.focus = true;
                Ok(())
            }
            UiCommand::AddTerm => {
                self.prefs.side_panel = true;
                self.term_form.start(&self.table.cursor);
                Ok(())
            }
            UiCommand::Concordance => {
                let selected = self.table.cursor.source_selection.trim().to_string();
                let selected = if selected.is_empty() {
                    self.table.cursor.target_selection.trim().to_string()
                } else {
                    selected
                };
                self.concordance.open = true;
                self.concordance.focus = true;
                if !selected.is_empty() {
                    self.concordance.query = selected.clone();
                    self.session.search_memories(&selected);
                }
                Ok(())
            }
            UiCommand::Pretranslate => {
                self.show_pretranslate = true;
                Ok(())
            }
            UiCommand::Memories => {
                self.show_memories = true;
                Ok(())
            }
            UiCommand::MachineSettings => {
                self.machine_window.open = true;
                Ok(())
            }
            UiCommand::UseMemory => {
                self.files.ask(FilePurpose::UseMemory, None);
                Ok(())
            }
            UiCommand::ImportIntoMainMemory => {
                self.files.ask(FilePurpose::ImportIntoMainMemory, None);
                Ok(())
            }
            _ => self.segment_command(command),
        };
        if let Err(error) = result {
            self.fail(error);
        }
    }

    /// Commands on the active segment.
    pub(super) fn segment_command(&mut self, command: UiCommand) -> Result<(), WorkbenchError> {
        let Some(workbench) = &mut self.session.workbench else {
            return Ok(());
        };
        let active = workbench.active();
        match command {
            UiCommand::Undo => {
                workbench.undo()?;
            }
            UiCommand::Redo => {
                workbench.redo()?;
            }
            UiCommand::Confirm => {
                workbench.confirm()?;
                let filled = workbench.propagated();
                if filled > 0 {
                    self.tell(format!(
                        "The same sentence occurs {filled} more time{}: filled as draft{} from this translation",
                        if filled == 1 { "" } else { "s" },
                        if filled == 1 { "" } else { "s" },
                    ));
                }
            }
            UiCommand::NextSegment => {
                workbench.step(true);
            }
            UiCommand::PreviousSegment => {
                workbench.step(false);
            }
            UiCommand::CopySource => workbench.copy_source()?,
            UiCommand::InsertTag => {
                let next = active
                    .and_then(|id| workbench.project().segment(id))
                    .and_then(|s| crate::formats::inline::next_missing_tag(&s.source, &s.target));
                match next {
                    Some(tag) => self.insert_as(&tag, Origin::Typed)?,
                    None => self.tell("Every tag of the source is in the target".to_string()),
                }
            }
            UiCommand::UseResult(n) => {
                if let Some(id) = active {
                    let matches = self
                        .session
                        .matches(id)
                        .unwrap_or_else(|| Vec::new().into());
                    let machine = self
                        .session
                        .machine_suggestions(id)
                        .unwrap_or_else(|| Vec::new().into());
                    let usable: Vec<_> = machine.iter().filter(|s| s.text().is_some()).collect();
                    let Some(workbench) = &mut self.session.workbench else {
                        return Ok(());
                    };
                    if let Some(found) = matches.get(n - 1) {
                        workbench.take_match(id, &found.unit.target)?;
                        self.set_cursor = Some(found.unit.target.chars().count());
                        self.focus_editor = true;
                        self.tell(format!(
                            "Used the {}% match from {}",
                            found.score, found.memory
                        ));
                    } else if let Some(suggestion) = usable.get(n - 1 - matches.len()) {
                        let text = suggestion.text().unwrap_or_default();
                        workbench.take_machine(id, text, &suggestion.engine)?;
                        self.set_cursor = Some(text.chars().count());
                        self.focus_editor = true;
                        self.tell(format!(
                            "Used the machine translation from {}",
                            suggestion.engine
                        ));
                    } else {
                        let hits = workbench.hits(id);
                        let k = n - matches.len() - usable.len();
                        let placeable = k.checked_sub(hits.len() + 1).and_then(|i| {
                            workbench.placeables(id).get(i).map(|p| p.english.clone())
                        });
                        match side::suggestion(&hits, k).or(placeable) {
                            Some(text) => self.insert(&text)?,
                            None => self.tell(format!("There is no result {n} for this segment.")),
                        }
                    }
                }
            }
            UiCommand::Split => {
                let Some(id) = active else { return Ok(()) };
                match self.table.cursor.source_cursor {
                    Some(at) => {
                        let target_at = self.table.cursor.target_cursor.unwrap_or(usize::MAX);
                        workbench.split(id, at, target_at)?;
                    }
                    None => self.tell(
                        "Click in the German text where the segment should be split, then split.",
                    ),
                }
            }
            UiCommand::Merge => {
                if let Some(id) = active {
                    workbench.merge_with_next(id)?;
                }
            }
            _ => {}
        }
        if self.workbench().map(Workbench::active) != Some(active) {
            self.scroll_to_active = 2;
            self.focus_editor = true;
            self.table.cursor = Default::default();
        }
        Ok(())
    }

    /// Inserts text at the target cursor of the active segment.
    pub(super) fn insert(&mut self, text: &str) -> Result<(), WorkbenchError> {
        self.insert_as(text, Origin::Glossary)
    }

    /// [`Self::insert`] with the origin an empty target takes from it.
    fn insert_as(&mut self, text: &str, origin: Origin) -> Result<(), WorkbenchError> {
        let Some(workbench) = &mut self.session.workbench else {
            return Ok(());
        };
        let Some(id) = workbench.active() else {
            return Ok(());
        };
        let length = workbench
            .project()
            .segment(id)
            .map_or(0, |s| s.target.chars().count());
        let at = self
            .table
            .cursor
            .target_cursor
            .unwrap_or(length)
            .min(length);
        let cursor = workbench.insert_text(id, at, text, origin)?;
        self.set_cursor = Some(cursor);
        self.table.cursor.target_cursor = Some(cursor);
        self.focus_editor = true;
        Ok(())
    }

    pub(super) fn table_actions(&mut self, actions: Vec<TableAction>) {
        for action in actions {
            let Some(workbench) = &mut self.session.workbench else {
                return;
            };
            let result = match action {
                TableAction::Activate(id) => {
                    workbench.activate(id);
                    self.table.cursor = Default::default();
                    self.focus_editor = true;
                    Ok(())
                }
                TableAction::Type(id, text) => workbench.type_target(id, &text),
                TableAction::Replace(id, range, text) => {
                    let target = workbench
                        .project()
                        .segment(id)
                        .map(|s| s.target.clone())
                        .unwrap_or_default();
                    match target.get(range.clone()) {
                        Some(_) => {
                            let mut fixed = target;
                            fixed.replace_range(range, &text);
                            workbench.type_target(id, &fixed)
                        }
                        None => Ok(()),
                    }
                }
                TableAction::AskCorrections(word) => {
                    if let Some(list) = self.session.corrections(&word) {
                        self.table.corrections = Some((word, list.to_vec()));
                    }
                    Ok(())
                }
                TableAction::AddWord(word) => {
                    self.session.add_word(&word);
                    self.tell(format!("Added “{word}” to your dictionary"));
                    Ok(())
                }
                TableAction::Issue(action) => {
                    self.issue_actions(vec![action]);
                    Ok(())
                }
            };
            if let Err(error) = result {
                self.fail(error);
            }
        }
    }

    pub(super) fn side_actions(&mut self, ctx: &egui::Context, actions: Vec<SideAction>) {
        for action in actions {
            let result = match action {
                SideAction::Insert(text) => self.insert(&text),
                SideAction::Command(command) => {
                    self.run_command(ctx, command);
                    Ok(())
                }
                SideAction::SetStatus(id, status) => match &mut self.session.workbench {
                    Some(w) => w.set_status(id, status),
                    None => Ok(()),
                },
                SideAction::SetNote(id, note) => match &mut self.session.workbench {
                    Some(w) => w.set_note(id, &note),
                    None => Ok(()),
                },
                SideAction::UpdateTerm(glossary, term) => {
                    let source = term.source.clone();
                    match &mut self.session.workbench {
                        Some(w) => w
                            .update_term(glossary, term)
                            .map(|()| self.tell(format!("Changed “{source}” in the glossary"))),
                        None => Ok(()),
                    }
                }
                SideAction::RemoveTerm(glossary, id) => match &mut self.session.workbench {
                    Some(w) => {
                        let source = w
                            .terminology()
                            .glossary(glossary)
                            .and_then(|g| g.term(id))
                            .map(|t| t.source.clone())
                            .unwrap_or_default();
                        w.remove_term(glossary, id).map(|()| {
                            self.tell(format!(
                                "Removed “{source}” from the glossary (Ctrl+Z brings it back)"
                            ))
                        })
                    }
                    None => Ok(()),
                },
                SideAction::AddTerm(glossary, term) => {
                    let source = term.source.clone();
                    match &mut self.session.workbench {
                        Some(w) => w
                            .add_term(glossary, term)
                            .map(|()| self.tell(format!("Added “{source}” to the glossary"))),
                        None => Ok(()),
                    }
                }
            };
            if let Err(error) = result {
                self.fail(error);
            }
        }
    }
}
