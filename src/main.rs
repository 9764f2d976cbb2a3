//! The `tandem` binary: the command line (see `tandem --help`); without a command, the
//! desktop window.

use std::path::PathBuf;

fn main() -> std::process::ExitCode {
    tandem::cli::main(open_window)
}

#[cfg(feature = "gui")]
fn open_window(path: Option<PathBuf>) -> Result<(), String> {
    tandem::gui::run(path).map_err(|e| format!("cannot open the window: {e}"))
}

#[cfg(not(feature = "gui"))]
fn open_window(_: Option<PathBuf>) -> Result<(), String> {
    Err("this tandem was built without the window (cargo feature `gui`); use a command, see tandem --help".into())
}
