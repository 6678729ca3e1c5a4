//! `specs/apis.toml`: which source files make which API module.
//!
//! ```toml
//! [[api]]
//! name = "sendgrid"                 # the module name
//! sources = ["sendgrid.postman.json", "sendgrid.openapi.yaml"]  # in order of precedence
//! base_url = "https://api.sendgrid.com"                       # optional: overrides the spec's
//! infer_formats = false             # optional: keep date-time/date/UUID examples as `String`
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
    /// Whether strings that are RFC 3339 date-times, dates or UUIDs in every example get chrono
    /// and uuid types (unset: yes); `false` keeps them `String`.
    #[serde(default)]
    pub infer_formats: Option<bool>,
}

impl ApiSettings {
    /// What these settings change about lowering.
    pub fn lower_options(&self) -> crate::lower::Options {
        crate::lower::Options { infer_formats: self.infer_formats.unwrap_or(true) }
    }
}

/// Why `name` cannot name an API module of the generated crate, if it cannot: it must be a
/// snake_case identifier and must not be taken by the crate's shared `runtime` module.
pub fn module_name_problem(name: &str) -> Option<&'static str> {
    if crate::naming::snake(name) != name {
        Some("is not a snake_case module name")
    } else if name == "runtime" {
        Some("is the generated crate's shared `runtime` module; choose another name")
    } else {
        None
    }
}

impl Manifest {
    /// Parses the manifest text; the error names the line and what was wrong.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let manifest: Manifest = toml::from_str(text).map_err(|error| error.to_string())?;
        let mut seen = indexmap::IndexSet::new();
        for api in &manifest.apis {
            if let Some(problem) = module_name_problem(&api.name) {
                return Err(format!("api name `{}` {problem}", api.name));
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

#[cfg(test)]
mod tests {
    use super::Manifest;

    fn error(text: &str) -> String {
        match Manifest::parse(text) {
            Ok(manifest) => panic!("accepted: {manifest:?}"),
            Err(error) => error,
        }
    }

    #[test]
    fn accepts_apis_with_settings() {
        let text = "[[api]]\nname = \"shop\"\nsources = [\"a.json\", \"b.yaml\"]\nbase_url = \"https://x.test\"\ninfer_formats = false\n[api.renames]\nA = \"B\"\n";
        let manifest = Manifest::parse(text).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(manifest.apis[0].sources, ["a.json", "b.yaml"]);
        assert_eq!(manifest.apis[0].settings.base_url.as_deref(), Some("https://x.test"));
        assert_eq!(manifest.apis[0].settings.renames["A"], "B");
        assert!(!manifest.apis[0].settings.lower_options().infer_formats);
    }

    #[test]
    fn refuses_names_and_lists_that_cannot_work() {
        let api = |name: &str, sources: &str| format!("[[api]]\nname = \"{name}\"\nsources = {sources}\n");
        assert!(error(&api("Shop-API", "[\"a.json\"]")).contains("not a snake_case module name"));
        assert!(error(&api("runtime", "[\"a.json\"]")).contains("shared `runtime` module"));
        assert!(error(&api("shop", "[]")).contains("has no sources"));
        assert!(error(&[api("shop", "[\"a.json\"]"), api("shop", "[\"b.json\"]")].concat()).contains("listed twice"));
        assert!(error("[[api]]\nname = \"shop\"\nsources = []\nsorces = 1\n").contains("sorces"));
    }
}
