//! UI preferences that persist between runs through eframe's storage. Project data never lives
//! here: it is in the project file.

use crate::workbench::MemoryConfig;
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
    pub memory: MemoryPrefs,
}

/// The translator's memory settings (see [`MemoryConfig`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemoryPrefs {
    pub use_main: bool,
    /// The main memory's file; `None`: the platform's place for application data.
    pub main: Option<PathBuf>,
    pub auto_insert: bool,
    pub min: u8,
    /// The lowest score pretranslation uses.
    pub pretranslate_min: u8,
}

impl Default for MemoryPrefs {
    fn default() -> Self {
        MemoryPrefs {
            use_main: true,
            main: None,
            auto_insert: true,
            min: 60,
            pretranslate_min: 100,
        }
    }
}

impl MemoryPrefs {
    pub fn config(&self) -> MemoryConfig {
        MemoryConfig {
            use_main: self.use_main,
            main: self.main.clone(),
            auto_insert: self.auto_insert,
            min: self.min.clamp(30, 100),
        }
    }
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            dark: false,
            zoom: 1.0,
            side_panel: true,
            recent: Vec::new(),
            memory: MemoryPrefs::default(),
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
