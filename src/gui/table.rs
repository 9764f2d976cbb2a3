//! The segment table: number, status, German source, English target, one row per segment,
//! with the article's shape kept (title and headings styled, gaps between paragraphs, credits
//! shown but locked).
//!
//! Work per frame and per keystroke is proportional to what is visible and what changed:
//! rows are rebuilt only when segments are added, removed or moved or the filter changes;
//! a change to a segment's text re-measures that row only; row heights start as estimates
//! from the text's length and are measured exactly when a row comes into view (so resizing
//! the window lays out the visible rows, not all of them); tops come from a Fenwick tree
//! ([`Heights`]).

use super::heights::Heights;
use super::theme;
use crate::glossary::Hit;
use crate::model::{BlockKind, Origin, Project, SegmentId, Status};
use crate::qa::{Issue, Severity};
use crate::workbench::{Filter, Workbench};
use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Color32, FontId, Id, Label, Rect, Sense, TextEdit, Ui, UiBuilder, vec2};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Row {
    Segment {
        block: usize,
        index: usize,
        id: SegmentId,
        number: usize,
    },
    Verbatim {
        block: usize,
    },
}

/// What the translator did in the table this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum TableAction {
    Activate(SegmentId),
    Type(SegmentId, String),
    /// A misspelt word's replacement: byte range in the target, and the new text.
    Replace(SegmentId, std::ops::Range<usize>, String),
    /// Corrections for a word are wanted (the menu shows them once they are known).
    AskCorrections(String),
    AddWord(String),
    Issue(super::checks::IssueAction),
}

/// Cursor and selection of the active segment's source and target, for split, insert and
/// "add term".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditorCursor {
    pub target_cursor: Option<usize>,
    pub source_cursor: Option<usize>,
    pub source_selection: String,
    pub target_selection: String,
}

/// Per-frame inputs the table needs besides the workbench.
pub struct TableInput<'a> {
    pub filter: &'a Filter,
    pub zoom: f32,
    /// Scroll the active row into view this frame.
    pub scroll_to_active: bool,
    /// Give the target editor keyboard focus this frame.
    pub focus_editor: bool,
    /// Put the target cursor here (characters) this frame.
    pub set_cursor: Option<usize>,
}

/// What the table reports besides actions.
#[derive(Default)]
pub struct TableOutput {
    pub actions: Vec<TableAction>,
    /// Rows in view changed height while scrolling to the active row: scroll again next
    /// frame, now that they are measured.
    pub scroll_again: bool,
}

const NUMBER_WIDTH: f32 = 42.0;
const STATUS_WIDTH: f32 = 86.0;
const BLOCK_GAP: f32 = 14.0;
const ROW_PADDING: f32 = 10.0;

#[derive(Default)]
pub struct SegmentTable {
    rows: Vec<Row>,
    /// Row of each shown segment.
    row_of: HashMap<SegmentId, usize>,
    heights: Heights,
    /// Whether each row's height is measured (else estimated) for the current layout.
    measured: Vec<bool>,
    /// Characters of each row's source and target (verbatim text), for estimates.
    lengths: Vec<(f32, f32)>,
    /// The workbench revision, filter and layout the rows and heights are for.
    revision: u64,
    filter: Option<Filter>,
    layout: (u32, u32),
    /// Rows built at least once.
    built: bool,
    pub cursor: EditorCursor,
    /// Segments with issues (worst severity, count), for the list they were taken from.
    marks: HashMap<SegmentId, (Severity, usize)>,
    marks_of: Option<Arc<[Issue]>>,
    /// The misspelt word the context menu is for: byte range in the target and the word.
    menu_word: Option<(std::ops::Range<usize>, String)>,
    /// Corrections of the menu's word, once the app has them.
    pub corrections: Option<(String, Vec<String>)>,
    /// The row grown past its measured height (the active one).
    grown: Option<usize>,
}

fn font_for(kind: &BlockKind, zoom: f32) -> FontId {
    let base = 15.0 * zoom;
    match kind {
        BlockKind::Title => FontId::proportional(base * 1.3),
        BlockKind::Heading { .. } => FontId::proportional(base * 1.12),
        BlockKind::Credit | BlockKind::Code => FontId::proportional(base * 0.88),
        _ => FontId::proportional(base),
    }
}

impl SegmentTable {
    /// Forgets everything (another project).
    pub fn reset(&mut self) {
        *self = SegmentTable::default();
    }

    /// Shows the table in the remaining space; returns what the translator did.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        workbench: &mut Workbench,
        input: &TableInput,
    ) -> TableOutput {
        let width = ui.available_width();
        let text_width = ((width - NUMBER_WIDTH - STATUS_WIDTH - 36.0) / 2.0).max(80.0);
        self.refresh(workbench, input, text_width);
        self.refresh_marks(workbench);
        let mut output = TableOutput::default();
        let active = workbench.active();
        let active_row = active.and_then(|id| self.row_of.get(&id).copied());
        if let Some(at) = self.grown
            && Some(at) != active_row
        {
            self.grown = None;
            if let Some(measured) = self.measured.get_mut(at) {
                *measured = false;
            }
        }
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .id_salt("segments")
            .show_viewport(ui, |ui, viewport| {
                ui.set_height(self.heights.total() as f32);
                let origin = ui.min_rect().min;
                let mut changed = false;
                if input.scroll_to_active
                    && let Some(at) = active_row
                {
                    // Measure the active row first, so that the jump lands on its real size.
                    changed |= self.measure(ui, workbench.project(), at, input.zoom, text_width);
                    let top = self.heights.top(at) as f32;
                    let rect = Rect::from_min_size(
                        origin + vec2(0.0, top),
                        vec2(width, self.heights.get(at) as f32),
                    );
                    ui.scroll_to_rect(rect, None);
                }
                if self.rows.is_empty() {
                    return;
                }
                let first = self.heights.row_at(f64::from(viewport.min.y));
                let mut top = self.heights.top(first) as f32;
                for at in first..self.rows.len() {
                    if top > viewport.max.y {
                        break;
                    }
                    changed |= self.measure(ui, workbench.project(), at, input.zoom, text_width);
                    let height = self.heights.get(at) as f32;
                    let rect = Rect::from_min_size(origin + vec2(0.0, top), vec2(width, height));
                    let row = self.rows[at];
                    let mut row_ui =
                        ui.new_child(UiBuilder::new().max_rect(rect).id_salt(("row", at)));
                    row_ui.add_space(self.gap_before(at));
                    match row {
                        Row::Verbatim { block } => verbatim_row(
                            &mut row_ui,
                            workbench.project(),
                            block,
                            input.zoom,
                            text_width,
                        ),
                        Row::Segment { .. } => self.segment_row(
                            &mut row_ui,
                            workbench,
                            row,
                            input,
                            text_width,
                            &mut output.actions,
                        ),
                    }
                    // The active row may hold more than its text (issue lines under the
                    // editor): it grows to what it holds, and is measured afresh once another
                    // row is active.
                    if Some(at) == active_row {
                        let used = row_ui.min_rect().height() + ROW_PADDING;
                        if used > height + 0.5 {
                            self.heights.set(at, f64::from(used));
                            self.grown = Some(at);
                            changed = true;
                        }
                    }
                    top += height;
                }
                if changed {
                    ui.ctx().request_repaint();
                    output.scroll_again = input.scroll_to_active;
                }
            });
        output
    }

    fn gap_before(&self, at: usize) -> f32 {
        if at == 0 {
            return 0.0;
        }
        let block = |row: &Row| match row {
            Row::Segment { block, .. } | Row::Verbatim { block } => *block,
        };
        if block(&self.rows[at]) != block(&self.rows[at - 1]) {
            BLOCK_GAP
        } else {
            0.0
        }
    }

    /// Brings rows and heights up to date with the workbench, the filter and the layout,
    /// doing only what changed.
    fn refresh(&mut self, workbench: &Workbench, input: &TableInput, text_width: f32) {
        let layout = (text_width.to_bits(), input.zoom.to_bits());
        let changes = if self.built {
            workbench.changes_since(self.revision)
        } else {
            None
        };
        let filter_changed = self.filter.as_ref() != Some(input.filter);
        match changes {
            Some(changes) if !changes.structural && !filter_changed => {
                let project = workbench.project();
                for id in changes.segments {
                    if let Some(&at) = self.row_of.get(&id) {
                        self.measured[at] = false;
                        self.lengths[at] = self.length(project, at);
                        let estimate = self.estimate(project, at, input.zoom, text_width);
                        self.heights.set(at, estimate);
                    }
                }
                if layout != self.layout {
                    self.reestimate(project, input.zoom, text_width);
                }
            }
            _ => self.rebuild(workbench, input, text_width),
        }
        self.layout = layout;
        self.revision = workbench.revision();
    }

    /// The issue marks follow the workbench's latest complete list.
    fn refresh_marks(&mut self, workbench: &Workbench) {
        let issues = workbench.issues();
        let same = match (&issues, &self.marks_of) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if same {
            return;
        }
        self.marks.clear();
        // Untranslated segments show as such in the status column already.
        for issue in issues
            .iter()
            .flat_map(|all| all.iter())
            .filter(|i| i.check != crate::qa::Check::Untranslated)
        {
            let mark = self
                .marks
                .entry(issue.segment)
                .or_insert((issue.severity, 0));
            mark.0 = mark.0.min(issue.severity);
            mark.1 += 1;
        }
        self.marks_of = issues;
    }

    fn rebuild(&mut self, workbench: &Workbench, input: &TableInput, text_width: f32) {
        let project = workbench.project();
        let shown: std::collections::HashSet<SegmentId> = if input.filter.is_empty() {
            std::collections::HashSet::new()
        } else {
            workbench.filtered(input.filter).into_iter().collect()
        };
        self.rows.clear();
        self.row_of.clear();
        let mut number = 0;
        for (b, block) in project.document.blocks.iter().enumerate() {
            if block.verbatim.is_some() {
                if input.filter.is_empty() {
                    self.rows.push(Row::Verbatim { block: b });
                }
                continue;
            }
            for (index, segment) in block.segments.iter().enumerate() {
                number += 1;
                if input.filter.is_empty() || shown.contains(&segment.id) {
                    self.row_of.insert(segment.id, self.rows.len());
                    self.rows.push(Row::Segment {
                        block: b,
                        index,
                        id: segment.id,
                        number,
                    });
                }
            }
        }
        self.filter = Some(input.filter.clone());
        self.built = true;
        self.lengths = (0..self.rows.len())
            .map(|at| self.length(project, at))
            .collect();
        self.reestimate(project, input.zoom, text_width);
    }

    fn length(&self, project: &Project, at: usize) -> (f32, f32) {
        let count = |text: &str| text.chars().count() as f32;
        match self.rows[at] {
            Row::Verbatim { block } => (
                count(
                    project.document.blocks[block]
                        .verbatim
                        .as_deref()
                        .unwrap_or(""),
                ),
                0.0,
            ),
            Row::Segment { block, index, .. } => {
                let segment = &project.document.blocks[block].segments[index];
                (count(&segment.source), count(&segment.target))
            }
        }
    }

    /// Estimates every row's height (after a rebuild or a change of width or text size);
    /// arithmetic only, no text layout.
    fn reestimate(&mut self, project: &Project, zoom: f32, text_width: f32) {
        let values = (0..self.rows.len())
            .map(|at| self.estimate(project, at, zoom, text_width))
            .collect();
        self.heights = Heights::from_values(values);
        self.measured = vec![false; self.rows.len()];
    }

    /// A row's height from its text lengths: what a row of that many characters takes at the
    /// font's average character width.
    fn estimate(&self, project: &Project, at: usize, zoom: f32, width: f32) -> f64 {
        let lines = |chars: f32, font: &FontId, width: f32| {
            let per_line = (width / (font.size * 0.55)).max(1.0);
            (chars / per_line).ceil().max(1.0) * font.size * 1.25
        };
        let (source, target) = self.lengths[at];
        let height = match self.rows[at] {
            Row::Verbatim { block } => {
                let font = font_for(&project.document.blocks[block].kind, zoom);
                lines(source, &font, width * 2.0) + ROW_PADDING
            }
            Row::Segment { block, .. } => {
                let font = font_for(&project.document.blocks[block].kind, zoom);
                lines(source, &font, width).max(lines(target, &font, width) + 8.0) + ROW_PADDING
            }
        };
        f64::from(self.gap_before(at) + height)
    }

    /// Lays out row `at` and stores its exact height, unless it is measured already; returns
    /// whether its height changed.
    fn measure(&mut self, ui: &Ui, project: &Project, at: usize, zoom: f32, width: f32) -> bool {
        if self.measured[at] {
            return false;
        }
        self.measured[at] = true;
        let line = |text: &str, font: FontId, width: f32| {
            ui.fonts_mut(|f| f.layout(text.to_string(), font, Color32::WHITE, width))
                .size()
                .y
        };
        let height = match self.rows[at] {
            Row::Verbatim { block } => {
                let block = &project.document.blocks[block];
                let text = block.verbatim.as_deref().unwrap_or("");
                line(text, font_for(&block.kind, zoom), width * 2.0) + ROW_PADDING
            }
            Row::Segment { block, index, .. } => {
                let kind = &project.document.blocks[block].kind;
                let segment = &project.document.blocks[block].segments[index];
                let font = font_for(kind, zoom);
                let source = line(&segment.source, font.clone(), width);
                let target = line(&segment.target, font.clone(), width).max(font.size * 1.2);
                // The editor adds a frame and margins around the target.
                source.max(target + 8.0) + ROW_PADDING
            }
        };
        let height = f64::from(self.gap_before(at) + height);
        let changed = (self.heights.get(at) - height).abs() > 0.5;
        self.heights.set(at, height);
        changed
    }

    fn segment_row(
        &mut self,
        ui: &mut Ui,
        workbench: &mut Workbench,
        row: Row,
        input: &TableInput,
        text_width: f32,
        actions: &mut Vec<TableAction>,
    ) {
        let Row::Segment {
            block,
            index,
            id,
            number,
        } = row
        else {
            return;
        };
        let is_active = workbench.active() == Some(id);
        let hits = workbench.hits(id);
        let (spelling, segment_issues) = if is_active {
            (workbench.spelling(), workbench.issues_of(id))
        } else {
            (None, Vec::new())
        };
        let project = workbench.project();
        let kind = &project.document.blocks[block].kind;
        let segment = &project.document.blocks[block].segments[index];
        let font = font_for(kind, input.zoom);
        let row_rect = ui.max_rect().with_min_y(ui.cursor().min.y);
        if is_active {
            ui.painter()
                .rect_filled(row_rect, 3.0, theme::active_row(ui.visuals()));
            let bar = Rect::from_min_size(row_rect.min, vec2(3.0, row_rect.height()));
            ui.painter()
                .rect_filled(bar, 0.0, ui.visuals().selection.stroke.color);
        }
        let background = ui.interact(row_rect, Id::unique(("row-click", id)), Sense::click());
        if background.clicked() && !is_active {
            actions.push(TableAction::Activate(id));
        }
        let (source, target, status) = (&segment.source, &segment.target, segment.status);
        let mark = self.marks.get(&id).copied();
        ui.horizontal_top(|ui| {
            ui.add_space(6.0);
            let number_text = match mark {
                Some((severity, _)) => egui::RichText::new(format!("⚠{number}"))
                    .size(font.size * 0.8)
                    .color(match severity {
                        Severity::Error => ui.visuals().error_fg_color,
                        Severity::Warning => ui.visuals().warn_fg_color,
                    }),
                None => egui::RichText::new(number.to_string())
                    .weak()
                    .size(font.size * 0.8),
            };
            let number_label =
                ui.add_sized([NUMBER_WIDTH - 6.0, font.size], Label::new(number_text));
            if let Some((_, count)) = mark
                && let Some(all) = &self.marks_of
            {
                number_label.on_hover_ui(|ui| {
                    ui.label(format!("{count} issue(s):"));
                    for issue in all.iter().filter(|i| i.segment == id).take(12) {
                        ui.label(format!("{}: {}", issue.check.label(), issue.message));
                    }
                });
            }
            let from = match segment.origin {
                _ if segment.locked => "locked",
                _ if status >= Status::Translated => "",
                Origin::Memory => "TM",
                Origin::Machine => "MT",
                _ => "",
            };
            let status_text = if segment.locked {
                theme::locked_text(status, font.size * 0.8, ui.visuals())
            } else {
                theme::status_text(status, from, font.size * 0.8, ui.visuals())
            };
            let label = ui.add_sized([STATUS_WIDTH, font.size], Label::new(status_text));
            match from {
                "TM" => {
                    label.on_hover_text("A draft from translation memory: check it, then confirm");
                }
                "MT" => {
                    label.on_hover_text(format!(
                        "A draft from machine translation ({}): check it, then confirm",
                        segment.engine
                    ));
                }
                "locked" => {
                    label.on_hover_text(format!(
                        "Locked by the file it came from ({}): the translation stays as the file has it",
                        status.name()
                    ));
                }
                _ => {}
            }
            // Source: highlighted terms; in the active row a read-only editor, for a cursor
            // (split) and a selection (add term).
            ui.allocate_ui(vec2(text_width, 0.0), |ui| {
                ui.set_width(text_width);
                let job = highlighted(
                    source,
                    &hits,
                    font.clone(),
                    ui.visuals().text_color(),
                    theme::term_background(ui.visuals()),
                    text_width,
                );
                if is_active {
                    let mut layouter = |ui: &Ui, _: &dyn egui::TextBuffer, _: f32| {
                        ui.fonts_mut(|f| f.layout_job(job.clone()))
                    };
                    let mut text = source.as_str();
                    let output = TextEdit::multiline(&mut text)
                        .id(Id::unique(("source", id)))
                        .frame(egui::Frame::NONE)
                        .desired_width(text_width)
                        .desired_rows(1)
                        .layouter(&mut layouter)
                        .show(ui);
                    ui.ctx().accesskit_node_builder(output.response.id, |node| {
                        node.set_label(format!("German {number}"));
                    });
                    if let Some(range) = output.cursor_range {
                        self.cursor.source_cursor = Some(range.primary.index.0);
                        self.cursor.source_selection = selected(source, range);
                    }
                    term_tooltips(
                        &output.response,
                        &output.galley,
                        output.galley_pos,
                        source,
                        &hits,
                    );
                } else {
                    let (pos, galley, response) = Label::new(job)
                        .wrap()
                        .sense(Sense::click())
                        .layout_in_ui(ui);
                    ui.painter()
                        .galley(pos, galley.clone(), ui.visuals().text_color());
                    if response.clicked() {
                        actions.push(TableAction::Activate(id));
                    }
                    term_tooltips(&response, &galley, pos, source, &hits);
                }
            });
            ui.add_space(8.0);
            // Top-down: the issue lines go under the editor.
            let column = egui::Layout::top_down(egui::Align::Min);
            ui.allocate_ui_with_layout(vec2(text_width, 0.0), column, |ui| {
                ui.set_width(text_width);
                if is_active {
                    let editor_id = Id::unique(("target", id));
                    if let Some(at) = input.set_cursor
                        && let Some(mut state) =
                            egui::text_edit::TextEditState::load(ui.ctx(), editor_id)
                    {
                        let cursor = CCursorRange::one(CCursor::new(egui::text::CharIndex(at)));
                        state.cursor.set_char_range(Some(cursor));
                        state.store(ui.ctx(), editor_id);
                    }
                    let mut text = target.clone();
                    let source_text = source.clone();
                    let misspelt = |text: &str| -> Vec<std::ops::Range<usize>> {
                        spelling
                            .as_ref()
                            .map(|(speller, words)| speller.misspelt(&source_text, text, words))
                            .unwrap_or_default()
                    };
                    let text_color = ui.visuals().text_color();
                    let error_color = ui.visuals().error_fg_color;
                    let mut layouter = |ui: &Ui, buffer: &dyn egui::TextBuffer, width: f32| {
                        let text = buffer.as_str();
                        let job = underlined(
                            text,
                            &misspelt(text),
                            font.clone(),
                            text_color,
                            error_color,
                            width,
                        );
                        ui.fonts_mut(|f| f.layout_job(job))
                    };
                    let output = TextEdit::multiline(&mut text)
                        .id(editor_id)
                        .font(font.clone())
                        .desired_width(text_width)
                        .desired_rows(1)
                        .hint_text("English translation")
                        .interactive(!segment.locked)
                        .layouter(&mut layouter)
                        .show(ui);
                    if output.response.secondary_clicked() {
                        self.menu_word = output.response.interact_pointer_pos().and_then(|pos| {
                            let at = output
                                .galley
                                .cursor_from_pos(pos - output.galley_pos)
                                .index
                                .0;
                            let byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
                            misspelt(&text)
                                .into_iter()
                                .find(|r| r.start <= byte && byte <= r.end)
                                .map(|r| (r.clone(), text[r].to_string()))
                        });
                    }
                    if let Some((range, word)) = self.menu_word.clone() {
                        let corrections = self
                            .corrections
                            .as_ref()
                            .filter(|(w, _)| *w == word)
                            .map(|(_, list)| list.clone());
                        output.response.context_menu(|ui| {
                            match &corrections {
                                None => {
                                    actions.push(TableAction::AskCorrections(word.clone()));
                                    ui.weak("Looking for corrections…");
                                }
                                Some(list) if list.is_empty() => {
                                    ui.weak("No corrections");
                                }
                                Some(list) => {
                                    for correction in list {
                                        if ui.button(correction).clicked() {
                                            actions.push(TableAction::Replace(
                                                id,
                                                range.clone(),
                                                correction.clone(),
                                            ));
                                            ui.close();
                                        }
                                    }
                                }
                            }
                            ui.separator();
                            if ui
                                .button(format!("Add “{word}” to my dictionary"))
                                .clicked()
                            {
                                actions.push(TableAction::AddWord(word.clone()));
                                ui.close();
                            }
                        });
                    }
                    let response = &output.response;
                    ui.ctx().accesskit_node_builder(response.id, |node| {
                        node.set_label(format!("English {number}"));
                        if segment.locked {
                            node.set_read_only();
                        }
                    });
                    if input.focus_editor {
                        response.request_focus();
                    }
                    if let Some(range) = output.cursor_range {
                        self.cursor.target_cursor = Some(range.primary.index.0);
                        self.cursor.target_selection = selected(&text, range);
                    }
                    if response.changed() {
                        actions.push(TableAction::Type(id, text));
                    }
                    if status.is_done() {
                        let mut issue_actions = Vec::new();
                        super::checks::segment_issues_ui(ui, &segment_issues, &mut issue_actions);
                        actions.extend(issue_actions.into_iter().map(TableAction::Issue));
                    }
                } else {
                    let shown: egui::WidgetText = if target.is_empty() {
                        egui::RichText::new("—").weak().font(font.clone()).into()
                    } else if target.contains('<') {
                        let color = ui.visuals().text_color();
                        underlined(target, &[], font.clone(), color, color, text_width).into()
                    } else {
                        egui::RichText::new(target).font(font.clone()).into()
                    };
                    if ui
                        .add(Label::new(shown).wrap().sense(Sense::click()))
                        .clicked()
                    {
                        actions.push(TableAction::Activate(id));
                    }
                }
            });
        });
    }
}

fn verbatim_row(ui: &mut Ui, project: &Project, block: usize, zoom: f32, text_width: f32) {
    let block = &project.document.blocks[block];
    ui.horizontal_top(|ui| {
        ui.add_space(NUMBER_WIDTH);
        ui.add_sized(
            [STATUS_WIDTH, 14.0 * zoom],
            Label::new(
                egui::RichText::new("locked")
                    .weak()
                    .italics()
                    .size(12.0 * zoom),
            ),
        );
        ui.allocate_ui(vec2(text_width * 2.0 + 8.0, 0.0), |ui| {
            let text = block.verbatim.as_deref().unwrap_or("");
            ui.add(
                Label::new(
                    egui::RichText::new(text)
                        .italics()
                        .weak()
                        .font(font_for(&block.kind, zoom)),
                )
                .wrap(),
            );
        });
    });
}

/// The selected text of a cursor range.
fn selected(text: &str, range: CCursorRange) -> String {
    let (a, b) = (range.primary.index.0, range.secondary.index.0);
    let (start, end) = (a.min(b), a.max(b));
    text.chars().skip(start).take(end - start).collect()
}

/// The source with glossary hits on a tinted background.
fn highlighted(
    text: &str,
    hits: &[Hit],
    font: FontId,
    color: Color32,
    term_background: Color32,
    width: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    let plain = TextFormat::simple(font.clone(), color);
    let term = TextFormat {
        background: term_background,
        underline: egui::Stroke::new(1.0, color.gamma_multiply(0.5)),
        ..TextFormat::simple(font, color)
    };
    let tag = tag_format(&plain);
    let mut at = 0;
    for hit in hits {
        if hit.range.start < at || hit.range.end > text.len() {
            continue;
        }
        append_with_tags(&mut job, &text[at..hit.range.start], &plain, &tag);
        job.append(&text[hit.range.clone()], 0.0, term.clone());
        at = hit.range.end;
    }
    append_with_tags(&mut job, &text[at..], &plain, &tag);
    job
}

/// How a tag placeholder of a bilingual file looks: set apart from the words around it.
fn tag_format(plain: &TextFormat) -> TextFormat {
    TextFormat {
        color: Color32::from_rgb(150, 60, 150),
        background: Color32::from_rgba_unmultiplied(150, 60, 150, 30),
        font_id: FontId::new(plain.font_id.size * 0.85, egui::FontFamily::Monospace),
        valign: egui::Align::Center,
        ..plain.clone()
    }
}

/// Appends text with its tag placeholders (`<g1>`, `<x2/>`) set apart.
fn append_with_tags(job: &mut LayoutJob, text: &str, plain: &TextFormat, tag: &TextFormat) {
    let mut at = 0;
    if text.contains('<') {
        for (start, found) in crate::formats::inline::tags(text) {
            let end = start + found.token().len();
            job.append(&text[at..start], 0.0, plain.clone());
            job.append(&text[start..end], 0.0, tag.clone());
            at = end;
        }
    }
    job.append(&text[at..], 0.0, plain.clone());
}

/// The target with misspelt words underlined.
fn underlined(
    text: &str,
    misspelt: &[std::ops::Range<usize>],
    font: FontId,
    color: Color32,
    mark: Color32,
    width: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    let plain = TextFormat::simple(font.clone(), color);
    let wrong = TextFormat {
        underline: egui::Stroke::new(1.5, mark),
        ..TextFormat::simple(font, color)
    };
    let tag = tag_format(&plain);
    let mut at = 0;
    for range in misspelt {
        if range.start < at || range.end > text.len() {
            continue;
        }
        append_with_tags(&mut job, &text[at..range.start], &plain, &tag);
        job.append(&text[range.clone()], 0.0, wrong.clone());
        at = range.end;
    }
    append_with_tags(&mut job, &text[at..], &plain, &tag);
    job
}

/// Hovering a highlighted term shows its entry and why it matched.
fn term_tooltips(
    response: &egui::Response,
    galley: &Arc<egui::Galley>,
    pos: egui::Pos2,
    text: &str,
    hits: &[Hit],
) {
    let Some(pointer) = response.hover_pos() else {
        return;
    };
    let cursor = galley.cursor_from_pos(pointer - pos);
    let byte = text
        .char_indices()
        .nth(cursor.index.0)
        .map_or(text.len(), |(b, _)| b);
    let Some(hit) = hits.iter().find(|h| h.range.contains(&byte)) else {
        return;
    };
    response.clone().on_hover_ui_at_pointer(|ui| {
        ui.strong(format!(
            "{} → {}",
            hit.term.source,
            hit.term.targets.join(" | ")
        ));
        ui.label(format!(
            "{} · {}",
            hit.term.kind.name(),
            hit.reason.explain()
        ));
        if !hit.term.note.is_empty() {
            ui.label(&hit.term.note);
        }
        ui.weak(format!("from {}", hit.glossary));
        for (glossary, _, term) in &hit.alternatives {
            ui.weak(format!("also: {} ({glossary})", term.targets.join(" | ")));
        }
        for related in crate::glossary::families::related(&hit.term.source) {
            ui.weak(format!("related: {} ({})", related.target, related.source));
        }
    });
}
