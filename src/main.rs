//! The `tandem` binary: the command line (see `tandem --help`).

fn main() -> std::process::ExitCode {
    tandem::cli::main()
}
