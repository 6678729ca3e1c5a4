//! Project automation.
//!
//! - `cargo xtask regen [--check]` rewrites `generated/` from `specs/apis.toml`; `--check` writes
//!   nothing and fails when a generated file is stale or was edited by hand.
//! - `cargo xtask corpus` generates a standalone crate for every document in `../shared/corpus/`
//!   (as `generator generate --spec FILE --name NAME --out DIR` does) and runs clippy on each one,
//!   all sharing one target dir so the dependencies build once.
//! - `cargo xtask hostile` generates the hostile fixtures and deep inputs: each is refused with a
//!   located error or gives code that passes clippy, rustdoc and the doctests (see [`hostile`]).

mod corpus;
mod hostile;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    let code = match args.as_slice() {
        ["regen"] => regen(&root, false),
        ["regen", "--check"] => regen(&root, true),
        ["corpus", filters @ ..] => corpus::run(&root, filters),
        ["hostile"] => hostile::run(&root),
        _ => {
            eprintln!(
                "usage: cargo xtask regen [--check]\n       cargo xtask corpus [NAME-FILTER ...]\n       cargo xtask hostile"
            );
            2
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}

fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}

/// Runs the generator on the manifest with paths relative to the root, so diagnostics read
/// `specs/outseta.postman.json#/item/...` wherever the command was started.
fn regen(root: &Path, check: bool) -> i32 {
    if let Err(error) = std::env::set_current_dir(root) {
        eprintln!("error: cannot enter {}: {error}", root.display());
        return 2;
    }
    generator::cli::generate_config("specs/apis.toml".as_ref(), "generated".as_ref(), check)
}
