//! The driver: one binary crate in `target/contract/driver` that depends on every generated
//! crate and drives each through the engine in `xtask/driver/drive.rs`, so that all of them
//! build once, in one `cargo build` with one target dir.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use proc_macro2::Ident;
use quote::{format_ident, quote};

use super::Document;

/// Writes and builds the driver; returns the binary.
pub fn build(root: &Path, work: &Path, documents: &[Document]) -> Result<PathBuf, String> {
    let dir = work.join("driver");
    let src = dir.join("src");
    fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let mut manifest = String::from(
        "[package]\nname = \"contract-driver\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\
         tokio = { version = \"1\", features = [\"rt\", \"time\", \"net\"] }\n",
    );
    for document in documents {
        let crate_dir = work.join("crates").join(&document.name);
        let generated = fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap_or_default();
        // Enables the examples module when the generated crate puts it behind a feature.
        let features = if has_feature(&generated, "examples") { ", features = [\"examples\"]" } else { "" };
        manifest.push_str(&format!(
            "{} = {{ package = \"{}\", path = \"../crates/{}\"{features} }}\n",
            document.name,
            document.name.replace('_', "-"),
            document.name
        ));
    }
    manifest.push_str("\n[workspace]\n");
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    write_if_changed(&src.join("drive.rs"), include_str!("../../driver/drive.rs"))?;
    write_if_changed(&src.join("main.rs"), &main_rs(documents)?)?;
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(root.join("Cargo.lock"), &lock).map_err(|e| format!("{}: {e}", lock.display()))?;
    }
    eprintln!("building the driver ({} generated crate(s)) ...", documents.len());
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/contract-target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the driver does not build".to_owned());
    }
    Ok(root.join("target/contract-target/debug/contract-driver"))
}

/// Runs the driver on one document in one mode; returns its result lines.
pub fn run(
    driver: &Path,
    document: &str,
    base_url: &str,
    credentials: &Path,
    mode: &str,
) -> Result<Vec<serde_json::Value>, String> {
    let output = Command::new(driver)
        .args([document, base_url])
        .arg(credentials)
        .arg(mode)
        .output()
        .map_err(|e| format!("cannot run the driver: {e}"))?;
    if !output.status.success() {
        return Err(format!("the driver failed on {document}: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().map(|line| serde_json::from_str(line).map_err(|e| format!("driver output {line:?}: {e}"))).collect()
}

fn has_feature(manifest: &str, feature: &str) -> bool {
    let Some(section) = manifest.split("[features]").nth(1) else { return false };
    let section = section.split("\n[").next().unwrap_or("");
    section.lines().any(|line| {
        line.trim_start().starts_with(&format!("{feature} =")) || line.trim_start().starts_with(&format!("{feature}="))
    })
}

fn main_rs(documents: &[Document]) -> Result<String, String> {
    let idents: Vec<Ident> = documents.iter().map(|d| format_ident!("{}", d.name)).collect();
    let locals: Vec<Ident> = documents.iter().map(|d| format_ident!("doc_{}", d.name)).collect();
    let names: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
    let tokens = quote! {
        //! Drives every generated crate against a mock server; see `drive.rs`.
        mod drive;

        #(driver!(#idents, #idents, #locals);)*

        fn main() -> std::process::ExitCode {
            let args: Vec<String> = std::env::args().skip(1).collect();
            let [document, base_url, credentials, mode] = args.as_slice() else {
                eprintln!("usage: contract-driver DOCUMENT BASE-URL CREDENTIALS.json static|dynamic");
                return std::process::ExitCode::from(2);
            };
            let credentials: Vec<drive::CredentialSpec> = match std::fs::read_to_string(credentials)
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
            {
                Ok(credentials) => credentials,
                Err(error) => {
                    eprintln!("{credentials}: {error}");
                    return std::process::ExitCode::from(2);
                }
            };
            let mode: &'static str = if mode == "dynamic" { "dynamic" } else { "static" };
            let result = match document.as_str() {
                #(#names => #locals::run(base_url, &credentials, mode),)*
                other => Err(format!("unknown document {other}")),
            };
            match result {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("{error}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
    };
    generator::render::rust_file(tokens, "cargo xtask contract")
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
