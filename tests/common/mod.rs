//! Helpers shared by the integration tests: paths to the shared corpus and conformance files.

#![allow(dead_code)]

pub mod pg;

use std::path::PathBuf;

/// `../shared/<rel>` if it exists. Without it the test prints a notice and is skipped, unless
/// `CI` is set, where the shared folder is required.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is required when CI is set", path.display());
    }
    eprintln!("notice: {} is absent; skipping", path.display());
    None
}

pub fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A fresh, empty temporary folder for one test, removed when the test passes (a failing
/// test leaves it behind to be looked at).
pub fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("tandem-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// A temporary folder that removes itself when dropped, unless the thread is panicking.
pub struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for TempDir {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Whether a peer tool is installed (`probe` succeeds); without it a check is skipped with a
/// notice (on CI it is required). A tool that is installed and rejects a file fails the test.
pub fn available(tool: &str, probe: &[&str]) -> bool {
    let found = std::process::Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is required on CI (.ci/run installs it)"
        );
        eprintln!("notice: {tool} is not available; skipping its check");
    }
    found
}

/// Runs the `tandem` binary: (success, stdout, stderr).
pub fn tandem(args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The parts of a Word (ZIP) file by name.
pub fn read_parts(docx: &[u8]) -> std::collections::HashMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = std::collections::HashMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut data).unwrap();
        out.insert(file.name().unwrap().into_owned(), data);
    }
    out
}

/// Replaces `from` by `to` in a Word file's main part, as an editor's changes would.
pub fn edit_document(docx: &[u8], edits: &[(&str, &str)]) -> Vec<u8> {
    let parts = read_parts(docx);
    let mut document = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    for (from, to) in edits {
        assert!(document.contains(from), "{from} not in\n{document}");
        document = document.replacen(from, to, 1);
    }
    let mut names: Vec<&String> = parts.keys().collect();
    names.sort();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in names {
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        let data = if name == "word/document.xml" {
            document.as_bytes()
        } else {
            &parts[name]
        };
        std::io::Write::write_all(&mut writer, data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

pub mod stand_in;
