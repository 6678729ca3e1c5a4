//! `specs/apis.toml`: which source files make which API module.
//!
//! ```toml
//! [[api]]
//! name = "sendgrid"                 # the module name
//! sources = ["sendgrid.postman.json", "sendgrid.openapi.yaml"]  # in order of precedence
//! base_url = "https://api.sendgrid.com"                       # optional: overrides the spec's
//! [api.renames]                     # optional: emitted name -> the name you want
//! GetAllAccounts = "ListAccounts"
//! ```
//! Source paths are relative to the manifest's folder.

use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(rename = "api", default)]
    pub apis: Vec<ApiConfig>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiConfig {
    pub name: String,
    pub sources: Vec<String>,
    #[serde(flatten)]
    pub settings: ApiSettings,
}

/// Per-API settings that refine what the sources say.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApiSettings {
    /// The client's default base URL, when the sources have none or the wrong one.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Emitted name (operation, type) -> the name to emit instead.
    #[serde(default)]
    pub renames: IndexMap<String, String>,
}

impl Manifest {
    /// Parses the manifest text; the error names the line and what was wrong.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let manifest: Manifest = toml::from_str(text).map_err(|error| error.to_string())?;
        let mut seen = indexmap::IndexSet::new();
        for api in &manifest.apis {
            if crate::naming::snake(&api.name) != api.name {
                return Err(format!("api name `{}` is not a snake_case module name", api.name));
            }
            if !seen.insert(api.name.as_str()) {
                return Err(format!("api `{}` is listed twice", api.name));
            }
            if api.sources.is_empty() {
                return Err(format!("api `{}` has no sources", api.name));
            }
        }
        Ok(manifest)
    }
}
