//! UI preferences that persist between runs through eframe's storage. Project data never lives
//! here: it is in the project file.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

const MAX_RECENT: usize = 10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    /// Multiplies the default text sizes.
    pub zoom: f32,
    pub side_panel: bool,
    pub recent: Vec<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            dark: false,
            zoom: 1.0,
            side_panel: true,
            recent: Vec::new(),
        }
    }
}

impl Prefs {
    pub const KEY: &'static str = "tandem-prefs";

    /// Puts `path` at the top of the recent projects.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    pub fn zoom_by(&mut self, factor: f32) {
        self.zoom = (self.zoom * factor).clamp(0.6, 2.5);
    }
}
