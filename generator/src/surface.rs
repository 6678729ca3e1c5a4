//! The public API surface of one generated module, as a sorted, line-oriented text file.
//!
//! Every item a user of the generated crate touches gets one line: the default base URL, the auth
//! schemes (one builder setter each), every operation (its `Client` method and endpoint struct)
//! with its parameters, body and responses, and every model type with its fields and variants,
//! written as the Rust types that are emitted. Docs are kept as a short hash and their first line,
//! so a docs-only change still shows. Each line ends with the spec file and JSON pointer it came
//! from.
//!
//! The file is written to `api/<name>.txt` of the generated crate on every regeneration: its diff
//! in a pull request reads as the change list, and the next regeneration reads it back to compare
//! (see [`crate::diff`]). A line is `KEY = VALUE @ FILE#POINTER`; keys are made of Rust
//! identifiers, free text in values is JSON-quoted, and the location has no spaces, so a line
//! splits unambiguously.

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexSet;

use crate::emit::responses::is_success_side;
use crate::emit::ty::display_type;
use crate::emit::{endpoints, field_ident, type_ident};
use crate::ir::{
    Api, AuthKind, BodyKind, Field, Location, Operation, ParamLocation, ResponseBody, StatusMatch, TemplatePart, Ty,
    TypeKind,
};
use crate::naming;

/// The surface of one API: its module name and its lines by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    pub api: String,
    pub entries: BTreeMap<String, Entry>,
}

/// What one key of the surface says, and where in which spec file it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub value: String,
    /// `file#pointer`, with spaces percent-encoded as in a URI fragment.
    pub location: String,
}

/// How a surface file writes a place: `file#pointer`, spaces percent-encoded as in a URI fragment.
pub fn location_key(at: &Location) -> String {
    let mut key = String::with_capacity(at.file.len() + at.pointer.len() + 1);
    for (index, part) in [at.file.as_str(), at.pointer.as_str()].into_iter().enumerate() {
        if index == 1 {
            key.push('#');
        }
        for c in part.chars() {
            match c {
                '%' => key.push_str("%25"),
                ' ' => key.push_str("%20"),
                c => key.push(c),
            }
        }
    }
    key
}

/// The path of an API's surface file inside the generated crate.
pub fn file_path(api: &str) -> String {
    format!("api/{api}.txt")
}

impl Surface {
    /// The surface of a checked API.
    pub fn of(api: &Api) -> Surface {
        let mut surface = Surface { api: api.name.clone(), entries: BTreeMap::new() };
        // The base URL and the schemes have no place of their own in the IR: they are reported at
        // the first operation, which is in the file that declared them in every reader.
        let api_at =
            api.operations.first().map(|op| &op.location).or_else(|| api.types.types.first().map(|t| &t.location));
        let api_at = api_at.cloned().unwrap_or_default();
        if let Some(url) = &api.base_url {
            surface.add("api base_url", quoted(url), &api_at);
        }
        for scheme in &api.auth_schemes {
            let at = api
                .operations
                .iter()
                .find(|op| op.auth.iter().any(|i| api.auth_schemes.get(*i) == Some(scheme)))
                .map_or(&api_at, |op| &op.location);
            surface.add(&format!("auth {}", field_ident(&scheme.name)), auth_kind(&scheme.kind), at);
        }
        let mut taken: IndexSet<String> = api.operations.iter().map(endpoints::struct_name).collect();
        for op in &api.operations {
            surface.operation(api, op, &mut taken);
        }
        for def in &api.types.types {
            let key = format!("type {}", type_ident(&def.name));
            let at = &def.location;
            let kind = match &def.kind {
                TypeKind::Struct(_) => "struct".to_owned(),
                // As emitted by `emit::models`: model structs are exhaustive (users build them
                // with literals), string enums are open and `#[non_exhaustive]`.
                TypeKind::Enum(_) => "enum open non_exhaustive".to_owned(),
                TypeKind::Union(union) => match &union.discriminator {
                    Some(tag) => format!("union tagged {}", quoted(tag)),
                    None => "union untagged".to_owned(),
                },
                TypeKind::Alias(ty) => format!("alias {}", display_type(ty, &api.types)),
            };
            surface.add(&key, kind, at);
            surface.docs(&key, def.docs.as_deref(), at);
            match &def.kind {
                TypeKind::Struct(s) => {
                    let mut names: IndexSet<String> = IndexSet::new();
                    for field in &s.fields {
                        let name = field_ident(&naming::unique(field.name.clone(), &mut names)).to_string();
                        let field_key = format!("{key} field {name}");
                        surface.add(&field_key, field_value(field, api), at);
                        surface.docs(&field_key, field.docs.as_deref(), at);
                    }
                    if let Some(additional) = &s.additional {
                        // The emitter picks the first free name of these for the flattened map.
                        let name = ["additional_properties", "extra", "unknown_members"]
                            .into_iter()
                            .find(|candidate| !names.contains(*candidate))
                            .map(str::to_owned)
                            .unwrap_or_else(|| naming::unique("additional_properties".to_owned(), &mut names));
                        let ty = display_type(additional, &api.types);
                        surface.add(&format!("{key} field {name}"), format!("IndexMap<String, {ty}> flatten"), at);
                    }
                }
                TypeKind::Enum(e) => {
                    // The variant names as `emit::models` makes them: one per wire value, unique,
                    // and the catch-all under the first free name of three.
                    let mut names: IndexSet<String> = IndexSet::new();
                    let mut wires: IndexSet<&str> = IndexSet::new();
                    for variant in e.variants.iter().filter(|v| wires.insert(v.wire_name.as_str())) {
                        let name = naming::unique(naming::pascal(&variant.name), &mut names);
                        let variant_key = format!("{key} variant {}", type_ident(&name));
                        surface.add(&variant_key, quoted(&variant.wire_name), at);
                        surface.docs(&variant_key, variant.docs.as_deref(), at);
                    }
                    let other = ["Other", "Unknown", "UnknownValue"]
                        .into_iter()
                        .find(|candidate| !names.contains(*candidate))
                        .map(str::to_owned)
                        .unwrap_or_else(|| naming::unique("Other".to_owned(), &mut names));
                    surface.add(
                        &format!("{key} variant {}", type_ident(&other)),
                        "(String) any other value".to_owned(),
                        at,
                    );
                }
                TypeKind::Union(u) => {
                    for variant in &u.variants {
                        let ty = display_type(&variant.ty, &api.types);
                        let value = match &variant.tag {
                            Some(tag) => format!("{ty} tag {}", quoted(tag)),
                            None => ty,
                        };
                        surface.add(&format!("{key} variant {}", type_ident(&variant.name)), value, at);
                    }
                }
                TypeKind::Alias(_) => {}
            }
        }
        surface
    }

    fn operation(&mut self, api: &Api, op: &Operation, taken: &mut IndexSet<String>) {
        let key = format!("op {}", field_ident(&op.name));
        let at = &op.location;
        // The names the endpoints module gives this operation's response enums are taken in
        // operation order, so they are computed here in the same order as the emitter does.
        let (types, _) = endpoints::names(api, op, taken);
        let value = format!("{} {} {}", op.method, quoted(&op.path), type_ident(&endpoints::struct_name(op)));
        self.add(&key, value, at);
        self.add(&format!("{key} output"), type_text(&types.output), at);
        self.add(&format!("{key} error"), type_text(&types.error), at);
        let variants: BTreeMap<StatusMatch, String> = types
            .statuses
            .iter()
            .filter_map(|shape| Some((shape.status, type_text(&shape.variant.as_ref()?.0))))
            .collect();
        let docs: Vec<&str> = op
            .summary
            .iter()
            .chain(op.docs.iter().filter(|d| Some(*d) != op.summary.as_ref()))
            .map(String::as_str)
            .collect();
        self.docs(&key, Some(&docs.join("\n\n")), at);
        let auth: Vec<String> =
            op.auth.iter().filter_map(|i| api.auth_schemes.get(*i)).map(|s| field_ident(&s.name).to_string()).collect();
        if !auth.is_empty() {
            self.add(&format!("{key} auth"), auth.join(" "), at);
        }
        let (idents, body_ident) = endpoints::field_idents(op);
        let mut argument = 0;
        for (param, ident) in op.params.iter().zip(idents) {
            let place = match param.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            let ty = display_type(&param.ty, &api.types);
            let value = if param.required {
                argument += 1;
                format!("{ty} required argument {argument} {place} {}", quoted(&param.wire_name))
            } else {
                format!("Option<{ty}> optional {place} {}", quoted(&param.wire_name))
            };
            let param_key = format!("{key} param {ident}");
            self.add(&param_key, value, at);
            self.docs(&param_key, param.docs.as_deref(), at);
        }
        if let (Some(body), Some(ident)) = (&op.body, body_ident) {
            let shape = match &body.kind {
                BodyKind::Json { content_type, ty } => {
                    format!("{} json {}", display_type(ty, &api.types), quoted(content_type))
                }
                BodyKind::Form { ty, .. } => format!("{} form", display_type(ty, &api.types)),
                BodyKind::Multipart { fields } => {
                    let parts: Vec<String> = fields
                        .iter()
                        .map(|f| {
                            let kind = if f.file { "file" } else { "text" };
                            let required = if f.required { " required" } else { "" };
                            format!("{}:{kind}{required}", quoted(&f.wire_name))
                        })
                        .collect();
                    format!("multipart [{}]", parts.join(", "))
                }
                BodyKind::Binary { content_type } => format!("Vec<u8> binary {}", quoted(content_type)),
                BodyKind::Text { content_type } => format!("String text {}", quoted(content_type)),
            };
            let value = if body.required {
                argument += 1;
                format!("{shape} required argument {argument}")
            } else {
                format!("{shape} optional")
            };
            let body_key = format!("{key} body {ident}");
            self.add(&body_key, value, at);
            self.docs(&body_key, body.docs.as_deref(), at);
        }
        // A status listed twice is parsed as its first listing, as the emitter does.
        let mut seen = IndexSet::new();
        for response in op.responses.iter().filter(|response| seen.insert(response.status)) {
            let status = match response.status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Range(class) => format!("{class}XX"),
                StatusMatch::Default => "default".to_owned(),
            };
            let side = if is_success_side(response.status) { "success" } else { "error" };
            let body = match &response.body {
                None => "()".to_owned(),
                Some(ResponseBody::Json { ty, .. }) => display_type(ty, &api.types),
                Some(ResponseBody::Text { content_type }) => format!("String text {}", quoted(content_type)),
                Some(ResponseBody::Binary { content_type }) => format!("Bytes binary {}", quoted(content_type)),
            };
            let value = match variants.get(&response.status) {
                Some(variant) => format!("{side} {body} variant {variant}"),
                None => format!("{side} {body}"),
            };
            let response_key = format!("{key} response {status}");
            self.add(&response_key, value, at);
            self.docs(&response_key, response.docs.as_deref(), at);
        }
    }

    fn add(&mut self, key: &str, value: String, at: &Location) {
        self.entries.insert(key.to_owned(), Entry { value, location: location_key(at) });
    }

    /// The name of every type, by where it comes from ([`location_key`]).
    pub fn type_names(&self) -> HashMap<String, String> {
        self.entries
            .iter()
            .filter_map(|(key, entry)| {
                let name = key.strip_prefix("type ").filter(|name| !name.contains(' '))?;
                Some((entry.location.clone(), name.to_owned()))
            })
            .collect()
    }

    fn docs(&mut self, key: &str, docs: Option<&str>, at: &Location) {
        let Some(docs) = docs.map(str::trim).filter(|docs| !docs.is_empty()) else {
            return;
        };
        self.add(&format!("{key} docs"), docs_digest(docs), at);
    }

    /// The file text, under the generator's header.
    pub fn render(&self, command: &str) -> String {
        let mut out = crate::render::header("#", command);
        out.push_str(&format!(
            "# The public API of the `{}` module, one line per item: KEY = VALUE @ SPEC#POINTER\n",
            self.api
        ));
        out.push_str("# (the place is left out where it is the operation's or type's). Its diff is what a\n");
        out.push_str("# regeneration changed; the regeneration prints it classified, as `generator diff` does.\n");
        for (key, entry) in &self.entries {
            let inherited = parent(key).and_then(|parent| self.entries.get(parent)).map(|p| &p.location);
            for part in [key.as_str(), " = ", entry.value.as_str()] {
                out.push_str(part);
            }
            if inherited != Some(&entry.location) {
                out.push_str(" @ ");
                out.push_str(&entry.location);
            }
            out.push('\n');
        }
        out
    }

    /// Reads a surface file back. Comment lines are skipped; a line that is not
    /// `KEY = VALUE @ LOCATION` is an error naming its line number.
    pub fn parse(api: &str, text: &str) -> Result<Surface, String> {
        let mut entries = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, rest)) = line.split_once(" = ") else {
                return Err(format!("line {} is not `KEY = VALUE @ LOCATION`: {line}", index + 1));
            };
            // Values never hold an `@` (quoted text escapes it), so the first ` @ ` starts the place.
            let (value, location) = match rest.split_once(" @ ") {
                Some((value, location)) => (value, Some(location)),
                None => (rest, None),
            };
            let location = match location {
                Some(location) => location.to_owned(),
                // Sorted keys put an operation or type before its members.
                None => match parent(key).and_then(|parent| entries.get(parent)) {
                    Some(Entry { location, .. }) => location.clone(),
                    None => return Err(format!("line {} has no place and no parent line: {line}", index + 1)),
                },
            };
            entries.insert(key.to_owned(), Entry { value: value.to_owned(), location });
        }
        Ok(Surface { api: api.to_owned(), entries })
    }
}

/// A type as a reader writes it, without paths: `::std::vec::Vec<crate::api::models::Offering>`
/// becomes `Vec<Offering>`.
fn type_text(tokens: &proc_macro2::TokenStream) -> String {
    let text: String = tokens.to_string().chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = String::new();
    let mut segment = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            // A path segment followed by `::` is a module: only the last segment is kept.
            chars.next();
            segment.clear();
        } else if c.is_alphanumeric() || c == '_' {
            segment.push(c);
        } else {
            out.push_str(&segment);
            segment.clear();
            out.push(c);
            if c == ',' {
                out.push(' ');
            }
        }
    }
    out.push_str(&segment);
    out
}

/// The key of the operation or type a member line belongs to: `op get_offerings` for
/// `op get_offerings param limit`.
fn parent(key: &str) -> Option<&str> {
    let mut words = key.match_indices(' ');
    let (_, _) = words.next()?;
    let (end, _) = words.next()?;
    matches!(key.split(' ').next(), Some("op" | "type")).then(|| &key[..end])
}

/// Free text as a JSON string, with `@` escaped so that it never looks like the place of a line.
fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string().replace('@', "\\u0040")
}

fn field_value(field: &Field, api: &Api) -> String {
    let mut ty = display_type(&field.ty, &api.types);
    if field.boxed && matches!(field.ty, Ty::Named(_)) {
        ty = format!("Box<{ty}>");
    }
    let wire = quoted(&field.wire_name);
    match (field.optional, field.nullable) {
        (false, false) => format!("{ty} required {wire}"),
        (true, false) => format!("Option<{ty}> optional {wire}"),
        (false, true) => format!("Option<{ty}> nullable {wire}"),
        (true, true) => format!("Option<{ty}> optional nullable {wire}"),
    }
}

fn auth_kind(kind: &AuthKind) -> String {
    match kind {
        AuthKind::Bearer => "bearer".to_owned(),
        AuthKind::Basic => "basic".to_owned(),
        AuthKind::ApiKeyHeader { header } => format!("api_key header {}", quoted(header)),
        AuthKind::ApiKeyQuery { param } => format!("api_key query {}", quoted(param)),
        AuthKind::OAuth2 { flows } => format!("oauth2 {}", flows.join(" ")).trim_end().to_owned(),
        AuthKind::OpenIdConnect { url } => format!("openid_connect {}", quoted(url)),
        AuthKind::HeaderTemplate { header, parts } => {
            let template: String = parts
                .iter()
                .map(|part| match part {
                    TemplatePart::Literal(text) => text.clone(),
                    TemplatePart::Secret(name) => format!("{{{name}}}"),
                })
                .collect();
            format!("template header {} {}", quoted(header), quoted(&template))
        }
    }
}

/// Docs as a short content hash and the start of their first line: the hash shows any change,
/// the line tells a reader which text it is.
fn docs_digest(docs: &str) -> String {
    const FIRST_LINE: usize = 60;
    let first = docs.lines().next().unwrap_or("").trim();
    let mut first: String = first.chars().take(FIRST_LINE).collect();
    if docs.lines().next().is_some_and(|line| line.trim().chars().count() > FIRST_LINE) || docs.lines().nth(1).is_some()
    {
        first.push('…');
    }
    format!("#{:08x} {}", fnv1a(docs) as u32, quoted(&first))
}

/// FNV-1a, 64 bits: stable across Rust versions and machines (the std hasher promises neither).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::location_key;
    use crate::ir::Location;

    #[test]
    fn locations_percent_encode_spaces_and_percents() {
        let at = Location::new("my spec%.json", "/paths/~1a b");
        assert_eq!(location_key(&at), "my%20spec%25.json#/paths/~1a%20b");
    }
}
