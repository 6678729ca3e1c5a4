//! Project automation: `cargo xtask regen [--check]`.
//!
//! `regen` rewrites `generated/` from `specs/apis.toml`; `--check` writes nothing and fails when a
//! generated file is stale or was edited by hand.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    match args.as_slice() {
        ["regen"] => code(regen(&root, false)),
        ["regen", "--check"] => code(regen(&root, true)),
        _ => {
            eprintln!("usage: cargo xtask regen [--check]");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}

/// Runs the generator on the manifest with paths relative to the root, so diagnostics read
/// `specs/outseta.postman.json#/item/...` wherever the command was started.
fn regen(root: &std::path::Path, check: bool) -> i32 {
    if let Err(error) = std::env::set_current_dir(root) {
        eprintln!("error: cannot enter {}: {error}", root.display());
        return 2;
    }
    generator::cli::generate_config("specs/apis.toml".as_ref(), "generated".as_ref(), check)
}

fn code(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
