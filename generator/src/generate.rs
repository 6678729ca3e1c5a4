//! The whole pipeline for one API or one crate, on in-memory sources.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::ir::{self, Location};
use crate::manifest::ApiSettings;
use crate::{check, emit, lower, render};

/// One input file: its path as it should appear in diagnostics, and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
}

/// The files of a generated crate, by path relative to the crate root, plus what was found on
/// the way. When `diagnostics` has errors, `files` is empty: nothing must be written.
#[derive(Debug, Default)]
pub struct GeneratedFiles {
    pub files: BTreeMap<String, String>,
    pub diagnostics: Diagnostics,
}

/// Reads, lowers, merges and checks one API made of `sources` (in order of precedence).
/// Returns `None` when nothing usable could be read; the reasons are in `diags`.
pub fn lower_api(name: &str, sources: &[Source], settings: &ApiSettings, diags: &mut Diagnostics) -> Option<ir::Api> {
    let mut merged: Option<ir::Api> = None;
    for source in sources {
        let Some(api) = lower::lower_source(source, diags) else {
            continue;
        };
        merged = Some(match merged {
            None => api,
            Some(base) => lower::merge::merge(base, api, diags),
        });
    }
    let mut api = merged?;
    api.name = name.to_owned();
    if let Some(base_url) = &settings.base_url {
        api.base_url = Some(base_url.clone());
    }
    apply_renames(&mut api, settings, sources, diags);
    check::check(&mut api, diags);
    Some(api)
}

fn apply_renames(api: &mut ir::Api, settings: &ApiSettings, sources: &[Source], diags: &mut Diagnostics) {
    for (from, to) in &settings.renames {
        let mut found = false;
        for operation in api.operations.iter_mut().filter(|op| &op.name == from) {
            operation.name = to.clone();
            found = true;
        }
        for def in api.types.types.iter_mut().filter(|def| &def.name == from) {
            def.name = to.clone();
            found = true;
        }
        if !found {
            let at = Location::new(sources.first().map(|s| s.path.as_str()).unwrap_or("apis.toml"), "");
            diags.warning("unused-rename", &at, format!("rename `{from}` -> `{to}` matches no operation or type"));
        }
    }
}

/// The workspace's `generated` crate: one module per `(name, sources, settings)`.
pub fn generate_workspace_crate(apis: &[(String, Vec<Source>, ApiSettings)], command: &str) -> GeneratedFiles {
    let mut out = GeneratedFiles::default();
    let mut lowered = Vec::new();
    for (name, sources, settings) in apis {
        if let Some(api) = lower_api(name, sources, settings, &mut out.diagnostics) {
            lowered.push(api);
        }
    }
    if out.diagnostics.has_errors() {
        return out;
    }
    out.files.insert("Cargo.toml".into(), emit::cargo_toml("generated", command));
    render_crate(&lowered, command, &mut out);
    out
}

/// A standalone crate for one API made of ad-hoc files.
pub fn generate_api_crate(name: &str, sources: &[Source], command: &str) -> GeneratedFiles {
    let mut out = GeneratedFiles::default();
    let api = lower_api(name, sources, &ApiSettings::default(), &mut out.diagnostics);
    let Some(api) = api.filter(|_| !out.diagnostics.has_errors()) else {
        return out;
    };
    let manifest = emit::cargo_toml(&name.replace('_', "-"), command);
    // Its own workspace root, so that it builds wherever it is written.
    out.files.insert("Cargo.toml".into(), format!("{manifest}\n[workspace]\n"));
    render_crate(std::slice::from_ref(&api), command, &mut out);
    out
}

fn render_crate(apis: &[ir::Api], command: &str, out: &mut GeneratedFiles) {
    let names: Vec<String> = apis.iter().map(|api| api.name.clone()).collect();
    let mut rendered = vec![("src/lib.rs".to_owned(), render::rust_file(emit::lib_rs(&names), command))];
    for (file, text) in emit::runtime_files() {
        rendered.push((format!("src/runtime/{file}"), render::rust_source(text, command)));
    }
    for api in apis {
        let tokens = emit::api(api);
        let dir = format!("src/{}", api.name);
        rendered.push((format!("{dir}/mod.rs"), render::rust_file(tokens.module, command)));
        rendered.push((format!("{dir}/models.rs"), render::rust_file(tokens.models, command)));
        rendered.push((format!("{dir}/endpoints.rs"), render::rust_file(tokens.endpoints, command)));
        rendered.push((format!("{dir}/examples.rs"), render::rust_file(tokens.examples, command)));
    }
    for (path, result) in rendered {
        match result {
            Ok(text) => {
                out.files.insert(path, text);
            }
            Err(message) => {
                let at = Location::new(path.clone(), "");
                out.diagnostics.error(
                    "internal-emit",
                    &at,
                    format!("{message} (a generator bug: please report it with the spec)"),
                );
            }
        }
    }
    if out.diagnostics.has_errors() {
        out.files.clear();
    }
}
