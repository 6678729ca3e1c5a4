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
//!
//! [[api.params]]                    # parameters the description states only in prose
//! operations = ["get_all_*"]        # selected by name (glob), `path_prefix` and/or `method`
//! query = [{ name = "limit", type = "integer", docs = "Items per page." }]
//!
//! [[api.paging]]                    # how the selected operations page
//! operations = ["get_all_accounts"]
//! style = "cursor"                  # offset | page | cursor | link
//! cursor = "offset"                 # the query parameter the cursor is sent in
//! next = "pages.last"               # where the next cursor is in the body
//! items = "accounts"                # where the items are (absent: the body is the list)
//! ```
//! A top-level `package = "name"` names the generated crate (default `generated`).
//! Source paths are relative to the manifest's folder. Paths into a body are wire names joined
//! by dots. Unknown keys, selectors that match no operation and body paths the response type
//! does not have are errors located at the manifest's key path (`/api/1/paging/0/items`).

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The package name of the generated crate (default `generated`).
    #[serde(default)]
    pub package: Option<String>,
    #[serde(rename = "api", default)]
    pub apis: Vec<ApiConfig>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "RawApi")]
pub struct ApiConfig {
    pub name: String,
    pub sources: Vec<String>,
    pub settings: ApiSettings,
}

/// An `[[api]]` entry as written: every key in one struct (not a flattened one), so that an
/// unknown key is reported at its own line rather than at the entry's.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApi {
    name: String,
    sources: Vec<String>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    renames: IndexMap<String, String>,
    #[serde(default)]
    params: Vec<ParamRule>,
    #[serde(default)]
    paging: Vec<PagingRule>,
    #[serde(default)]
    infer_formats: Option<bool>,
}

impl From<RawApi> for ApiConfig {
    fn from(raw: RawApi) -> ApiConfig {
        let RawApi { name, sources, base_url, renames, params, paging, infer_formats } = raw;
        let settings = ApiSettings {
            base_url,
            renames,
            params,
            paging,
            infer_formats,
            previous_names: HashMap::new(),
            origin: Origin::default(),
        };
        ApiConfig { name, sources, settings }
    }
}

/// Per-API settings that refine what the sources say.
#[derive(Debug, Clone, Default)]
pub struct ApiSettings {
    /// The client's default base URL, when the sources have none or the wrong one.
    pub base_url: Option<String>,
    /// Emitted name (operation, type) -> the name to emit instead.
    pub renames: IndexMap<String, String>,
    /// Parameters added to a set of operations.
    pub params: Vec<ParamRule>,
    /// How a set of operations pages.
    pub paging: Vec<PagingRule>,
    /// Whether strings that are RFC 3339 date-times, dates or UUIDs in every example get chrono
    /// and uuid types (unset: yes); `false` keeps them `String`.
    pub infer_formats: Option<bool>,
    /// The names the last generation gave the API's types, by where each comes from
    /// ([`crate::surface::location_key`]), read from its surface file: a made-up name that the
    /// naming rules still allow stays, so that a new type elsewhere wanting the same words does
    /// not rename it. Empty for a first generation (and in `apis.toml`, which never sets it).
    pub previous_names: HashMap<String, String>,
    /// Where these settings are written, for diagnostics: the manifest file and the JSON-pointer
    /// style key path of the API entry (`/api/1`), set by [`Manifest::parse`] and
    /// [`Manifest::located`].
    pub origin: Origin,
}

impl ApiSettings {
    /// What these settings change about lowering.
    pub fn lower_options(&self) -> crate::lower::Options<'_> {
        crate::lower::Options {
            infer_formats: self.infer_formats.unwrap_or(true),
            previous_names: Some(&self.previous_names),
        }
    }
}

/// The manifest file and key path an API's settings come from.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub file: String,
    pub key_path: String,
}

/// Which operations a rule applies to: every given criterion must hold, and at least one must
/// be given. Name patterns are globs over the emitted operation names (`*` any run of
/// characters, `?` one); each must match at least one operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selector {
    #[serde(default)]
    pub operations: Vec<String>,
    #[serde(default)]
    pub path_prefix: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
}

/// Parameters declared once for a set of operations (`[[api.params]]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamRule {
    #[serde(default)]
    pub operations: Vec<String>,
    #[serde(default)]
    pub path_prefix: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub query: Vec<ParamSpec>,
    #[serde(default)]
    pub header: Vec<ParamSpec>,
}

/// One declared parameter: its wire name, type and docs. It is optional, with a setter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    pub name: String,
    #[serde(rename = "type", default)]
    pub ty: ParamType,
    #[serde(default)]
    pub docs: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    #[default]
    String,
    Integer,
    Number,
    Boolean,
}

/// How a set of operations pages (`[[api.paging]]`). Which keys apply depends on `style`:
/// `offset` (`offset`, `limit`, `total`), `page` (`page`, `first` (default 1), `size`, `total`,
/// `total_pages`), `cursor` (`cursor`, `next`, `has_more`), `link` (none). `items` applies to all.
/// Parameter keys name query parameters the operations take (declared by the description or by
/// `[[api.params]]`); `items`, `total`, `total_pages`, `next` and `has_more` are dotted paths of
/// wire names into the success body, checked against its type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingRule {
    #[serde(default)]
    pub operations: Vec<String>,
    #[serde(default)]
    pub path_prefix: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    pub style: PagingStyleName,
    #[serde(default)]
    pub items: Option<String>,
    #[serde(default)]
    pub offset: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
    #[serde(default)]
    pub page: Option<String>,
    #[serde(default)]
    pub first: Option<u64>,
    #[serde(default)]
    pub size: Option<String>,
    #[serde(default)]
    pub total: Option<String>,
    #[serde(default)]
    pub total_pages: Option<String>,
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub has_more: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PagingStyleName {
    Offset,
    Page,
    Cursor,
    Link,
}

impl ParamRule {
    pub fn selector(&self) -> Selector {
        Selector {
            operations: self.operations.clone(),
            path_prefix: self.path_prefix.clone(),
            method: self.method.clone(),
        }
    }
}

impl PagingRule {
    pub fn selector(&self) -> Selector {
        Selector {
            operations: self.operations.clone(),
            path_prefix: self.path_prefix.clone(),
            method: self.method.clone(),
        }
    }
}

/// Whether `name` matches the glob `pattern` (`*` any run of characters, `?` one character).
pub fn glob_matches(pattern: &str, name: &str) -> bool {
    let (pattern, name): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // Classic two-pointer matching with backtracking to the last `*`.
    let (mut p, mut n, mut star, mut mark) = (0, 0, None, 0);
    while n < name.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == name[n]) {
            p += 1;
            n += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            mark = n;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            n = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
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
        let mut manifest: Manifest = toml::from_str(text).map_err(|error| error.to_string())?;
        for (index, api) in manifest.apis.iter_mut().enumerate() {
            api.settings.origin = Origin { file: "apis.toml".to_owned(), key_path: format!("/api/{index}") };
        }
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

    /// Names the file the manifest was read from, for the diagnostics of its settings.
    pub fn located(mut self, file: &str) -> Manifest {
        for api in &mut self.apis {
            api.settings.origin.file = file.to_owned();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::{Manifest, glob_matches};

    #[test]
    fn globs_match_whole_names() {
        assert!(glob_matches("get_all_*", "get_all_people"));
        assert!(glob_matches("*_people", "get_all_people"));
        assert!(glob_matches("get_?ll_*e", "get_all_people"));
        assert!(!glob_matches("get_all_*", "send_get_all_people"));
        assert!(!glob_matches("get_all", "get_all_people"));
    }

    #[test]
    fn reads_params_and_paging() {
        let text = "[[api]]\nname = \"shop\"\nsources = [\"a.json\"]\n[[api.params]]\noperations = [\"list_*\"]\nquery = [{ name = \"orderBy\" }]\n[[api.paging]]\noperations = [\"list_*\"]\nstyle = \"link\"\n";
        let manifest = Manifest::parse(text).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(manifest.apis[0].settings.params[0].query[0].name, "orderBy");
        assert_eq!(manifest.apis[0].settings.origin.key_path, "/api/0");
        let unknown =
            "[[api]]\nname = \"shop\"\nsources = [\"a.json\"]\n[[api.paging]]\nstyle = \"link\"\nnxt = \"a\"\n";
        assert!(error(unknown).contains("nxt"));
    }

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
