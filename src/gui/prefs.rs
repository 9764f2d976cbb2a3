//! UI preferences that persist between runs through eframe's storage. Project data never lives
//! here: it is in the project file.

use crate::mt::EngineConfig;
use crate::workbench::{MachineConfig, MemoryConfig};
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
    pub machine: MachinePrefs,
    /// Check English spelling (misspelt words underlined, issues in the quality checks).
    pub spelling: bool,
    /// The translator's own dictionary; `None`: `words.txt` in the platform's data folder.
    pub words_file: Option<PathBuf>,
    /// Read a Word document's headers and footers too when opening it.
    pub headers_footers: bool,
}

/// The translator's machine translation settings (see [`MachineConfig`]). Keys are not
/// here: they live in the environment or the owner-only key file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MachinePrefs {
    /// Every engine set up, in the order suggestions are shown.
    pub engines: Vec<EngineConfig>,
    /// Which of them are asked.
    pub enabled: Vec<bool>,
    /// After a memory pretranslation, machine translation for the rest.
    pub after_memory: bool,
    /// The engine pretranslation uses (index in `engines`).
    pub pretranslate_engine: usize,
    /// The key file; `None`: `keys.json` in the platform's place for application data.
    pub key_file: Option<PathBuf>,
    /// The answers' cache; `None`: `mt-cache.sqlite` beside the key file.
    pub cache_file: Option<PathBuf>,
}

impl MachinePrefs {
    /// The key file in use.
    pub fn key_path(&self) -> Option<PathBuf> {
        self.key_file
            .clone()
            .or_else(|| crate::workbench::memory::data_dir().map(|d| d.join("keys.json")))
    }

    pub fn config(&self) -> MachineConfig {
        let engines = self
            .engines
            .iter()
            .enumerate()
            .filter(|(i, _)| self.enabled.get(*i).copied().unwrap_or(true))
            .map(|(_, e)| e.clone())
            .collect();
        MachineConfig {
            engines,
            key_file: self.key_path(),
            cache_file: self.cache_file.clone().or_else(|| {
                crate::workbench::memory::data_dir().map(|d| d.join("mt-cache.sqlite"))
            }),
        }
    }
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
    /// The team's memory on a PostgreSQL server (empty: none). The password is not here:
    /// it comes from PGPASSWORD, Tandem's own password file (see [`MemoryPrefs::password_path`])
    /// or ~/.pgpass.
    pub team: String,
    /// Tandem's password file; `None`: `pgpass` in the platform's place for application data.
    pub password_file: Option<PathBuf>,
}

impl Default for MemoryPrefs {
    fn default() -> Self {
        MemoryPrefs {
            use_main: true,
            main: None,
            auto_insert: true,
            min: 60,
            pretranslate_min: 100,
            team: String::new(),
            password_file: None,
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
            team: Some(self.team.trim().to_string()).filter(|t| !t.is_empty()),
            password_file: self.password_path(),
        }
    }

    /// Tandem's password file for team servers in use.
    pub fn password_path(&self) -> Option<PathBuf> {
        self.password_file
            .clone()
            .or_else(crate::workbench::memory::password_file)
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
            machine: MachinePrefs::default(),
            spelling: true,
            words_file: None,
            headers_footers: false,
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
