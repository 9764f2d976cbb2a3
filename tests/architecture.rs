//! The layering the code map in `src/lib.rs` promises, checked on the source (as
//! rust-analyzer's tidy tests do): each module uses only the modules below it, nothing but
//! the window mentions egui, and the pure core does not touch the file system. A change that
//! breaks a rule fails here with the file and the line.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

/// Modules by layer; a module may use modules of lower layers only.
const LAYERS: [(&str, u8); 17] = [
    ("base", 0),
    ("fsio", 1),
    ("glossary", 2),
    ("model", 3),
    ("segment", 3),
    ("formats", 4),
    ("memory", 4),
    ("placeables", 4),
    ("project_file", 5),
    ("suggest", 5),
    ("stores", 6),
    ("mt", 6),
    ("qa", 6),
    ("workbench", 7),
    ("cli", 8),
    ("gui", 9),
    ("main", 10),
];

/// Modules that must not touch the file system: they take and give bytes and values.
const PURE: [&str; 9] = [
    "base",
    "glossary",
    "model",
    "segment",
    "formats",
    "memory",
    "suggest",
    "placeables",
    "qa",
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// Every `.rs` file under `src`, with the top-level module it belongs to.
fn sources() -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![common::repo("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(common::repo("src")).unwrap();
                let first = relative.components().next().unwrap();
                let module = Path::new(first.as_os_str())
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((module, path));
            }
        }
    }
    out
}

/// The modules a line names as `crate::module`.
fn uses(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.push(name);
        }
        rest = after;
    }
    // `use crate::{a, b::c}`
    if let Some(group) = line.trim().strip_prefix("use crate::{") {
        for part in group.split([',', '}']) {
            let name: String = part
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

fn code_lines(path: &Path) -> Vec<(usize, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start();
            !l.starts_with("//")
        })
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let mut broken = Vec::new();
    let mut edges: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (module, path) in sources() {
        if module == "lib" {
            continue;
        }
        let own = layer(&module).unwrap_or_else(|| {
            panic!(
                "{}: module {module} has no layer in tests/architecture.rs",
                path.display()
            )
        });
        for (number, line) in code_lines(&path) {
            for used in uses(&line) {
                let Some(theirs) = layer(&used) else {
                    continue; // an item of the crate root (SAMPLE) or a macro
                };
                *edges.entry((module.clone(), used.clone())).or_default() += 1;
                if used != module && theirs >= own {
                    broken.push(format!(
                        "{}:{number}: {module} uses {used}: {}",
                        path.display(),
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
    assert!(edges.contains_key(&("workbench".into(), "formats".into())));
}

#[test]
fn only_the_window_knows_egui() {
    let mut broken = Vec::new();
    for (module, path) in sources() {
        if module == "gui" {
            continue;
        }
        for (number, line) in code_lines(&path) {
            if ["egui", "eframe", "rfd::"].iter().any(|name| {
                line.contains(&format!("{name}::")) || line.contains(&format!("use {name}"))
            }) {
                broken.push(format!("{}:{number}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_pure_core_does_not_touch_the_file_system() {
    let mut broken = Vec::new();
    for (module, path) in sources() {
        if !PURE.contains(&module.as_str()) {
            continue;
        }
        for (number, line) in code_lines(&path) {
            // Tests may make temporary files.
            if line.contains("mod tests") {
                break;
            }
            if ["std::fs", "fs::", "File::", "crate::fsio"]
                .iter()
                .any(|needle| line.contains(needle))
            {
                broken.push(format!("{}:{number}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
