//! Colours and text styles of the workbench, for light and dark mode, and the bundled font.

use crate::model::Status;
use egui::{Color32, FontData, FontDefinitions, FontFamily, RichText, Visuals};
use std::sync::Arc;

/// DejaVu Sans (assets/fonts, licence beside it): full Latin coverage (ẞ, „“, –, €, →), so
/// German typography renders the same everywhere, with or without system fonts.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu".into(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family.clone()).or_default();
        if family == FontFamily::Proportional {
            list.insert(0, "dejavu".into());
        } else {
            list.push("dejavu".into());
        }
    }
    ctx.set_fonts(fonts);
}

pub fn status_color(status: Status, visuals: &Visuals) -> Color32 {
    let dark = visuals.dark_mode;
    match status {
        Status::New => visuals.weak_text_color(),
        Status::Draft => {
            if dark {
                Color32::from_rgb(230, 190, 90)
            } else {
                Color32::from_rgb(160, 110, 0)
            }
        }
        Status::Translated => {
            if dark {
                Color32::from_rgb(120, 200, 120)
            } else {
                Color32::from_rgb(30, 120, 40)
            }
        }
        Status::Reviewed => {
            if dark {
                Color32::from_rgb(120, 170, 240)
            } else {
                Color32::from_rgb(30, 80, 170)
            }
        }
        Status::Approved => {
            if dark {
                Color32::from_rgb(190, 140, 240)
            } else {
                Color32::from_rgb(100, 50, 160)
            }
        }
    }
}

/// The status as the table shows it; a draft from memory or machine translation says so
/// ("TM draft", "MT draft"): `from` is "TM", "MT" or empty.
pub fn status_text(status: Status, from: &str, size: f32, visuals: &Visuals) -> RichText {
    let mark = match status {
        Status::New => "○",
        Status::Draft => "◐",
        Status::Translated => "●",
        Status::Reviewed => "✔",
        Status::Approved => "★",
    };
    let from = if from.is_empty() {
        String::new()
    } else {
        format!("{from} ")
    };
    RichText::new(format!("{mark} {from}{}", status.name()))
        .size(size)
        .color(status_color(status, visuals))
}

/// The status box of a segment the file locked: its mark, then "locked".
pub fn locked_text(status: Status, size: f32, visuals: &Visuals) -> RichText {
    let mark = status_text(status, "", size, visuals).text().chars().next();
    RichText::new(format!("{} locked", mark.unwrap_or(' ')))
        .size(size)
        .italics()
        .color(status_color(status, visuals))
}

pub fn active_row(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgba_unmultiplied(90, 120, 170, 40)
    } else {
        Color32::from_rgba_unmultiplied(80, 130, 220, 28)
    }
}

pub fn term_background(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgba_unmultiplied(160, 130, 40, 70)
    } else {
        Color32::from_rgb(255, 243, 196)
    }
}
