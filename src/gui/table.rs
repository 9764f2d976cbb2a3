//! The segment table: number, status, German source, English target, one row per segment,
//! with the article's shape kept (title and headings styled, gaps between paragraphs, credits
//! shown but locked). Only the rows in view are laid out and drawn; row heights are measured
//! once per text and cached, so thousands of segments scroll smoothly.

use super::theme;
use crate::glossary::Hit;
use crate::model::{BlockKind, Project, SegmentId, Status};
use crate::workbench::Workbench;
use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Color32, FontId, Id, Label, Rect, Sense, TextEdit, Ui, UiBuilder, vec2};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Which segments the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    #[default]
    All,
    Untranslated,
    Draft,
    Translated,
    Reviewed,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 5] = [
        StatusFilter::All,
        StatusFilter::Untranslated,
        StatusFilter::Draft,
        StatusFilter::Translated,
        StatusFilter::Reviewed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "All",
            StatusFilter::Untranslated => "Untranslated",
            StatusFilter::Draft => "Draft",
            StatusFilter::Translated => "Translated",
            StatusFilter::Reviewed => "Reviewed",
        }
    }

    fn accepts(self, status: Status) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Untranslated => status == Status::New,
            StatusFilter::Draft => status == Status::Draft,
            StatusFilter::Translated => status == Status::Translated,
            StatusFilter::Reviewed => status >= Status::Reviewed,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    pub status: StatusFilter,
    pub text: String,
}

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

const NUMBER_WIDTH: f32 = 42.0;
const STATUS_WIDTH: f32 = 86.0;
const BLOCK_GAP: f32 = 14.0;
const ROW_PADDING: f32 = 10.0;

#[derive(Default)]
pub struct SegmentTable {
    rows: Vec<Row>,
    tops: Vec<f32>,
    heights: Vec<f32>,
    total: f32,
    key: u64,
    /// Measured height per segment: (hash of its texts and the layout width, height).
    measured: HashMap<SegmentId, (u64, f32)>,
    pub cursor: EditorCursor,
}

fn hash_of(parts: impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
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
    /// Shows the table in the remaining space; returns what the translator did.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        workbench: &mut Workbench,
        input: &TableInput,
    ) -> Vec<TableAction> {
        let width = ui.available_width();
        let text_width = ((width - NUMBER_WIDTH - STATUS_WIDTH - 36.0) / 2.0).max(80.0);
        self.refresh(ui, workbench, input, text_width);
        let mut actions = Vec::new();
        let active = workbench.active();
        let active_row = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Segment { id, .. } if Some(*id) == active));
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .id_salt("segments")
            .show_viewport(ui, |ui, viewport| {
                ui.set_height(self.total);
                let origin = ui.min_rect().min;
                if input.scroll_to_active
                    && let Some(at) = active_row
                {
                    let rect = Rect::from_min_size(
                        origin + vec2(0.0, self.tops[at]),
                        vec2(width, self.heights[at]),
                    );
                    ui.scroll_to_rect(rect, None);
                }
                let first = self
                    .tops
                    .partition_point(|top| *top < viewport.min.y)
                    .saturating_sub(1);
                for at in first..self.rows.len() {
                    if self.tops[at] > viewport.max.y {
                        break;
                    }
                    let rect = Rect::from_min_size(
                        origin + vec2(0.0, self.tops[at]),
                        vec2(width, self.heights[at]),
                    );
                    let row = self.rows[at];
                    let gap = self.gap_before(at);
                    let mut row_ui =
                        ui.new_child(UiBuilder::new().max_rect(rect).id_salt(("row", at)));
                    row_ui.add_space(gap);
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
                            &mut actions,
                        ),
                    }
                }
            });
        actions
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

    /// Rebuilds the row list and row positions when the project, filter, width or text size
    /// changed; heights of unchanged segments come from the cache.
    fn refresh(&mut self, ui: &Ui, workbench: &Workbench, input: &TableInput, text_width: f32) {
        let key = hash_of((
            workbench.revision(),
            input.filter,
            text_width.to_bits(),
            input.zoom.to_bits(),
        ));
        if key == self.key && !self.rows.is_empty() {
            return;
        }
        self.key = key;
        let project = workbench.project();
        let query = input.filter.text.to_lowercase();
        self.rows.clear();
        let mut number = 0;
        for (b, block) in project.document.blocks.iter().enumerate() {
            if block.verbatim.is_some() {
                if input.filter.status == StatusFilter::All && query.is_empty() {
                    self.rows.push(Row::Verbatim { block: b });
                }
                continue;
            }
            for (index, segment) in block.segments.iter().enumerate() {
                number += 1;
                let text_ok = query.is_empty()
                    || segment.source.to_lowercase().contains(&query)
                    || segment.target.to_lowercase().contains(&query);
                if input.filter.status.accepts(segment.status) && text_ok {
                    self.rows.push(Row::Segment {
                        block: b,
                        index,
                        id: segment.id,
                        number,
                    });
                }
            }
        }
        self.tops.clear();
        self.heights.clear();
        let mut top = 0.0;
        for at in 0..self.rows.len() {
            let height = self.gap_before(at)
                + self.measure(ui, project, self.rows[at], input.zoom, text_width);
            self.tops.push(top);
            self.heights.push(height);
            top += height;
        }
        self.total = top;
    }

    fn measure(&mut self, ui: &Ui, project: &Project, row: Row, zoom: f32, width: f32) -> f32 {
        let line = |text: &str, font: FontId, width: f32| {
            ui.fonts_mut(|f| f.layout(text.to_string(), font, Color32::WHITE, width))
                .size()
                .y
        };
        match row {
            Row::Verbatim { block } => {
                let block = &project.document.blocks[block];
                let text = block.verbatim.as_deref().unwrap_or("");
                line(text, font_for(&block.kind, zoom), width * 2.0) + ROW_PADDING
            }
            Row::Segment {
                block, index, id, ..
            } => {
                let kind = &project.document.blocks[block].kind;
                let segment = &project.document.blocks[block].segments[index];
                let key = hash_of((
                    &segment.source,
                    &segment.target,
                    width.to_bits(),
                    zoom.to_bits(),
                    kind.name(),
                ));
                if let Some((hash, height)) = self.measured.get(&id)
                    && *hash == key
                {
                    return *height;
                }
                let font = font_for(kind, zoom);
                let source = line(&segment.source, font.clone(), width);
                let target = line(&segment.target, font.clone(), width).max(font.size * 1.2);
                // The editor adds a frame and margins around the target.
                let height = source.max(target + 8.0) + ROW_PADDING;
                self.measured.insert(id, (key, height));
                height
            }
        }
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
        let hits: Vec<Hit> = workbench.hits(id).to_vec();
        let project = workbench.project();
        let kind = project.document.blocks[block].kind.clone();
        let segment = &project.document.blocks[block].segments[index];
        let font = font_for(&kind, input.zoom);
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
        let (source, target, status) = (
            segment.source.clone(),
            segment.target.clone(),
            segment.status,
        );
        ui.horizontal_top(|ui| {
            ui.add_space(6.0);
            ui.add_sized(
                [NUMBER_WIDTH - 6.0, font.size],
                Label::new(
                    egui::RichText::new(number.to_string())
                        .weak()
                        .size(font.size * 0.8),
                ),
            );
            ui.add_sized(
                [STATUS_WIDTH, font.size],
                Label::new(theme::status_text(status, font.size * 0.8, ui.visuals())),
            );
            // Source: highlighted terms; in the active row a read-only editor, for a cursor
            // (split) and a selection (add term).
            ui.allocate_ui(vec2(text_width, 0.0), |ui| {
                ui.set_width(text_width);
                let job = highlighted(
                    &source,
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
                        self.cursor.source_selection = selected(&source, range);
                    }
                    term_tooltips(
                        &output.response,
                        &output.galley,
                        output.galley_pos,
                        &source,
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
                    term_tooltips(&response, &galley, pos, &source, &hits);
                }
            });
            ui.add_space(8.0);
            ui.allocate_ui(vec2(text_width, 0.0), |ui| {
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
                    let output = TextEdit::multiline(&mut text)
                        .id(editor_id)
                        .font(font.clone())
                        .desired_width(text_width)
                        .desired_rows(1)
                        .hint_text("English translation")
                        .show(ui);
                    let response = &output.response;
                    ui.ctx().accesskit_node_builder(response.id, |node| {
                        node.set_label(format!("English {number}"));
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
                } else {
                    let shown = if target.is_empty() {
                        egui::RichText::new("—").weak().font(font.clone())
                    } else {
                        egui::RichText::new(&target).font(font.clone())
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
    let mut at = 0;
    for hit in hits {
        if hit.range.start < at || hit.range.end > text.len() {
            continue;
        }
        job.append(&text[at..hit.range.start], 0.0, plain.clone());
        job.append(&text[hit.range.clone()], 0.0, term.clone());
        at = hit.range.end;
    }
    job.append(&text[at..], 0.0, plain);
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
        for (glossary, term) in &hit.alternatives {
            ui.weak(format!("also: {} ({glossary})", term.targets.join(" | ")));
        }
    });
}
