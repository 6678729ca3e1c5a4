//! `cargo test` alone catches a stale or hand-edited file in `generated/`: this runs the same
//! check as `cargo xtask regen --check`.

use std::path::Path;

#[test]
fn generated_crate_matches_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let code = generator::cli::generate_config(&root.join("specs/apis.toml"), &root.join("generated"), true);
    assert_eq!(code, 0, "generated/ is stale: run `cargo xtask regen` and commit");
}

#[test]
fn fixture_crate_matches_its_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let code = generator::cli::generate_config(
        &root.join("tests/fixtures/apis.toml"),
        &root.join("tests/fixtures/generated"),
        true,
    );
    assert_eq!(code, 0, "tests/fixtures/generated/ is stale: run `cargo xtask regen` and commit");
}
