//! A durable queue of writes waiting for a server ([`Queue`]): one JSON object a line in a
//! file, appended and synced before anything is sent, and cut from the front once the
//! server has what was read.
//!
//! A kill at any moment loses nothing that was acknowledged: an item is in the file before
//! it is sent. A half-written last line (a kill while appending) was never acknowledged and
//! is skipped; the next append starts on a line of its own.

use crate::stores::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::Write as _;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Queue<T> {
    path: PathBuf,
    /// Serialises appending to, reading and cutting the file.
    file: Mutex<()>,
    items: PhantomData<fn() -> T>,
}

impl<T: Serialize + DeserializeOwned> Queue<T> {
    pub fn new(path: &Path) -> Queue<T> {
        Queue {
            path: path.to_path_buf(),
            file: Mutex::new(()),
            items: PhantomData,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.file.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds `items` at the end, synced to the disk before it returns.
    pub fn append(&self, items: &[T]) -> Result<(), StoreError> {
        let error = |e: std::io::Error| StoreError::Write {
            path: self.path.display().to_string(),
            message: format!("cannot keep the writes for the server: {e}"),
        };
        let _file = self.lock();
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(error)?;
        }
        let mut text = String::new();
        for item in items {
            let line = serde_json::to_string(item).map_err(|e| error(e.into()))?;
            text.push_str(&line);
            text.push('\n');
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&self.path)
            .map_err(error)?;
        // After a line a kill cut short, the next one starts on a line of its own.
        let length = file.metadata().map_err(error)?.len();
        if length > 0 {
            use std::io::{Read as _, Seek as _, SeekFrom};
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(length - 1)).map_err(error)?;
            file.read_exact(&mut last).map_err(error)?;
            if last[0] != b'\n' {
                text.insert(0, '\n');
            }
        }
        file.write_all(text.as_bytes()).map_err(error)?;
        file.sync_data().map_err(error)
    }

    /// The items waiting, and how many bytes of the file they were read from (to
    /// [`Queue::cut`] them once sent).
    pub fn read(&self) -> (Vec<T>, usize) {
        let _file = self.lock();
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return (Vec::new(), 0);
        };
        let items = text
            .lines()
            .filter_map(|line| serde_json::from_str::<T>(line).ok())
            .collect();
        (items, text.len())
    }

    /// How many items wait.
    pub fn count(&self) -> usize {
        self.read().0.len()
    }

    /// Removes the first `length` bytes (what [`Queue::read`] read and the server now has);
    /// items appended meanwhile stay.
    pub fn cut(&self, length: usize) -> Result<(), StoreError> {
        self.replace_front(length, &[])
    }

    /// Replaces the first `length` bytes with `items` (those of what was read that still
    /// wait); items appended meanwhile stay after them.
    pub fn replace_front(&self, length: usize, items: &[T]) -> Result<(), StoreError> {
        let error = |message: String| StoreError::Write {
            path: self.path.display().to_string(),
            message,
        };
        let _file = self.lock();
        let text = std::fs::read(&self.path).unwrap_or_default();
        let mut out = Vec::new();
        for item in items {
            out.extend(serde_json::to_vec(item).map_err(|e| error(e.to_string()))?);
            out.push(b'\n');
        }
        out.extend_from_slice(text.get(length..).unwrap_or_default());
        crate::fsio::write_atomic(&self.path, &out, crate::fsio::Backup::None)
            .map_err(|e| error(e.to_string()))
    }

    /// Moves a queue the server refuses out of the way (beside it, `.refused.jsonl`), so
    /// that later writes are not refused with it; returns where it went.
    pub fn set_aside(&self) -> PathBuf {
        let _file = self.lock();
        let aside = self.path.with_extension("refused.jsonl");
        if let Ok(text) = std::fs::read(&self.path) {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&aside);
            if let Ok(file) = &mut file
                && file.write_all(&text).and_then(|_| file.sync_data()).is_ok()
            {
                let _ = std::fs::remove_file(&self.path);
            }
        }
        aside
    }
}
