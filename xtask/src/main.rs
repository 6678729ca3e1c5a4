//! Project automation.
//!
//! - `cargo xtask regen [--check] [--report FILE]` rewrites `generated/` from `specs/apis.toml`
//!   (and the tests' fixture crate `tests/fixtures/generated/` from `tests/fixtures/apis.toml`)
//!   and prints what changed in each generated API; `--check` writes nothing and fails when a generated file is
//!   stale or was edited by hand; `--report` also writes the report as Markdown (for a pull
//!   request description).
//! - `cargo xtask corpus` generates a standalone crate for every document in `../shared/corpus/`
//!   (as `generator generate --spec FILE --name NAME --out DIR` does) and runs clippy on each one,
//!   all sharing one target dir so the dependencies build once.
//! - `cargo xtask compare [SPEC]` sets our output beside progenitor's for one OpenAPI document:
//!   lines of code and `cargo build` time after a touch, paired (not run by CI).
//! - `cargo xtask types` prints the type-space figures (types, structural copies, numbered and
//!   long names) of every corpus document and every API of `specs/`, without compiling anything.
//! - `cargo xtask contract [NAME-FILTER ...]` drives every operation of every OpenAPI document
//!   through its generated client against Prism, a validating mock server (see `contract`).
//! - `cargo xtask hostile` generates the hostile fixtures and deep inputs: each is refused with a
//!   located error or gives code that passes clippy, rustdoc and the doctests (see `hostile`).

mod compare;
mod contract;
mod corpus;
mod hostile;
mod types;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    let code = match args.as_slice() {
        ["regen"] => regen(&root, false, None),
        ["regen", "--check"] => regen(&root, true, None),
        ["regen", "--report", file] => regen(&root, false, Some(file)),
        ["regen", "--check", "--report", file] | ["regen", "--report", file, "--check"] => {
            regen(&root, true, Some(file))
        }
        ["corpus", filters @ ..] => corpus::run(&root, filters),
        ["compare", args @ ..] => compare::run(&root, args),
        ["types", filters @ ..] => types::run(&root, filters),
        ["contract", filters @ ..] => contract::run(&root, filters),
        ["hostile"] => hostile::run(&root),
        _ => {
            eprintln!(
                "usage: cargo xtask regen [--check] [--report FILE]\n       cargo xtask corpus [NAME-FILTER ...]\n       cargo xtask types [NAME-FILTER ...]\n       cargo xtask contract [NAME-FILTER ...]\n       cargo xtask hostile\n       cargo xtask compare [OPENAPI-FILE]"
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
/// A relative `--report` path is taken from where the command was started.
fn regen(root: &Path, check: bool, report: Option<&str>) -> i32 {
    let report =
        report.map(|file| std::env::current_dir().map(|dir| dir.join(file)).unwrap_or_else(|_| PathBuf::from(file)));
    if let Err(error) = std::env::set_current_dir(root) {
        eprintln!("error: cannot enter {}: {error}", root.display());
        return 2;
    }
    // As the `generator` binary does; `regen` runs nothing after it.
    generator::cli::without_huge_pages();
    let generated = generator::cli::generate_config_reporting(
        "specs/apis.toml".as_ref(),
        "generated".as_ref(),
        check,
        report.as_deref(),
    );
    // The test-only fixture APIs (paging styles the real APIs do not use), in their own crate.
    let fixtures = generator::cli::generate_config(
        "tests/fixtures/apis.toml".as_ref(),
        "tests/fixtures/generated".as_ref(),
        check,
    );
    generated.max(fixtures)
}
