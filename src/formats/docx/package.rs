//! The ZIP package of a Word document: its parts by name, read with limits (a ZIP bomb is
//! refused, not unpacked), the relationships that name the main document, its notes and its
//! links, and writing the package back with some parts replaced.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

/// Parts a package may have; Word documents have a few dozen.
const MAX_PARTS: usize = 10_000;
/// Uncompressed bytes of all parts together.
const MAX_TOTAL: u64 = 512 * 1024 * 1024;

/// The parts of a package, in the archive's order.
#[derive(Clone, Debug, Default)]
pub struct Package {
    pub parts: Vec<(String, Vec<u8>)>,
}

/// A relationship of a part: `rId7` → `footnotes.xml` (internal) or a URL (external).
#[derive(Clone, Debug)]
pub struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

impl Package {
    pub fn read(bytes: &[u8]) -> Result<Package, String> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("the Word document's ZIP container is damaged ({e})"))?;
        if archive.len() > MAX_PARTS {
            return Err(format!(
                "the Word document has {} parts; Tandem reads at most {MAX_PARTS}",
                archive.len()
            ));
        }
        let mut total = 0u64;
        let mut parts = Vec::with_capacity(archive.len());
        for i in 0..archive.len() {
            let mut file = archive
                .by_index(i)
                .map_err(|e| format!("the Word document's ZIP container is damaged ({e})"))?;
            if file.is_dir() {
                continue;
            }
            let name = file
                .name()
                .map_err(|e| format!("the Word document's ZIP container is damaged ({e})"))?
                .into_owned();
            let mut data = Vec::new();
            // Read at most what is left of the budget plus one byte, whatever the header
            // claims, so that a lying header cannot make us unpack gigabytes.
            let budget = MAX_TOTAL - total;
            (&mut file)
                .take(budget + 1)
                .read_to_end(&mut data)
                .map_err(|e| format!("part {name} of the Word document cannot be read ({e})"))?;
            total += data.len() as u64;
            if total > MAX_TOTAL {
                return Err(format!(
                    "the Word document unpacks to more than {} MB; Tandem does not open it",
                    MAX_TOTAL / 1024 / 1024
                ));
            }
            parts.push((name, data));
        }
        Ok(Package { parts })
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_slice())
    }

    /// Replaces a part's bytes, or adds the part.
    pub fn set(&mut self, name: &str, data: Vec<u8>) {
        match self.parts.iter_mut().find(|(n, _)| n == name) {
            Some((_, d)) => *d = data,
            None => self.parts.push((name.to_string(), data)),
        }
    }

    /// The relationships of `part` (`""` for the package's own), with internal targets
    /// resolved to part names.
    pub fn relationships(&self, part: &str) -> Vec<Relationship> {
        let rels_name = rels_name(part);
        let Some(bytes) = self.get(&rels_name) else {
            return Vec::new();
        };
        let Ok(parsed) = super::dom::parse(bytes) else {
            return Vec::new();
        };
        let base = part.rsplit_once('/').map_or("", |(dir, _)| dir);
        parsed
            .root
            .elements()
            .filter(|e| e.local() == "Relationship")
            .filter_map(|e| {
                let external = e.attr("TargetMode") == Some("External");
                let target = e.attr("Target")?;
                let target = if external {
                    target.to_string()
                } else {
                    resolve(base, target)
                };
                Some(Relationship {
                    id: e.attr("Id")?.to_string(),
                    kind: e.attr("Type").unwrap_or("").to_string(),
                    target,
                    external,
                })
            })
            .collect()
    }

    /// The main document part (`word/document.xml` in nearly every file).
    pub fn main_part(&self) -> Option<String> {
        let main = self
            .relationships("")
            .into_iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map(|r| r.target)
            .filter(|t| self.get(t).is_some());
        main.or_else(|| {
            self.get("word/document.xml")
                .map(|_| "word/document.xml".to_string())
        })
    }

    /// The part a relationship of `part` of this kind points to (`…/footnotes`).
    pub fn related(&self, part: &str, kind_suffix: &str) -> Option<String> {
        self.relationships(part)
            .into_iter()
            .find(|r| !r.external && r.kind.ends_with(kind_suffix))
            .map(|r| r.target)
            .filter(|t| self.get(t).is_some())
    }

    /// Writes the package, compressed; `[Content_Types].xml` first, as readers expect.
    pub fn write(&self) -> Result<Vec<u8>, String> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut order: Vec<&(String, Vec<u8>)> = self.parts.iter().collect();
        order.sort_by_key(|(n, _)| n != "[Content_Types].xml");
        for (name, data) in order {
            writer
                .start_file(name.as_str(), options)
                .map_err(|e| e.to_string())?;
            writer.write_all(data).map_err(|e| e.to_string())?;
        }
        let cursor = writer.finish().map_err(|e| e.to_string())?;
        Ok(cursor.into_inner())
    }
}

/// `word/document.xml` → `word/_rels/document.xml.rels`; `""` → `_rels/.rels`.
pub fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relative target against a folder: `word` + `../media/a.png` → `media/a.png`.
fn resolve(base: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Hyperlink targets of a part's relationships, by id.
pub fn links(package: &Package, part: &str) -> HashMap<String, String> {
    package
        .relationships(part)
        .into_iter()
        .filter(|r| r.kind.ends_with("/hyperlink"))
        .map(|r| (r.id, r.target))
        .collect()
}
