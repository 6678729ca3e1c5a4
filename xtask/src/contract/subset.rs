//! A large document served as a subset: Prism needs many minutes to load Stripe's 4 MB, so the
//! contract test serves every k-th path in document order (k chosen so that at most
//! [`MAX_PATHS`] remain, the first path always included), with the schemas those paths name
//! directly ([`MAX_DEPTH`] levels of `$ref`), every other component they reach (parameters,
//! responses, ...), and all security schemes. A schema reference beyond that depth becomes `{}`
//! (any value) in both the served document and the generated client, which read the same file:
//! Stripe's schemas reach one another through expandable fields, so without a cut any path
//! reaches almost all of them. Inline request bodies (Stripe's form bodies with arrays and
//! objects) are kept whole. The choice depends only on the document, so every run tests the
//! same operations; spreading the picks over the whole document covers its kinds of operations
//! rather than one resource's.

use serde_json::{Map, Value};

/// The most paths a subset keeps.
pub const MAX_PATHS: usize = 40;

/// How many schema references deep a subset follows from its paths.
pub const MAX_DEPTH: usize = 1;

pub struct Subset {
    pub text: String,
    pub kept: usize,
    pub total: usize,
    pub rule: String,
}

pub fn subset(text: &str) -> Result<Subset, String> {
    let document: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(mut document) = document else { return Err("not a JSON object".to_owned()) };
    let paths = match document.remove("paths") {
        Some(Value::Object(paths)) => paths,
        _ => return Err("no `paths` object".to_owned()),
    };
    let total = paths.len();
    let step = total.div_ceil(MAX_PATHS).max(1);
    let kept: Map<String, Value> =
        paths.into_iter().enumerate().filter(|(index, _)| index % step == 0).map(|(_, entry)| entry).collect();
    let components = match document.remove("components") {
        Some(Value::Object(components)) => components,
        _ => Map::new(),
    };
    // Breadth first, one level of schema references at a time; other components (parameters,
    // responses, ...) are followed within a level, since cutting them would break the document.
    let mut reached: Vec<(String, String)> = Vec::new();
    let mut level: Vec<(String, String)> = Vec::new();
    collect(&Value::Object(kept.clone()), &mut level);
    let mut depth = 0;
    while !level.is_empty() && depth < MAX_DEPTH {
        let mut next = Vec::new();
        while let Some(target) = level.pop() {
            if reached.contains(&target) {
                continue;
            }
            let found = components.get(&target.0).and_then(|section| section.get(&target.1));
            if let Some(value) = found {
                if target.0 == "schemas" {
                    collect(value, &mut next);
                } else {
                    collect(value, &mut level);
                }
            }
            reached.push(target);
        }
        level = next;
        depth += 1;
    }
    // The original order of sections and entries, so the subset reads like the document.
    let mut out_components = Map::new();
    for (section, entries) in &components {
        let Value::Object(entries) = entries else { continue };
        let keep_all = section == "securitySchemes";
        let kept_entries: Map<String, Value> = entries
            .iter()
            .filter(|(name, _)| keep_all || reached.iter().any(|(s, n)| s == section && n == *name))
            .map(|(name, value)| {
                let mut value = value.clone();
                cut(&mut value, &reached);
                (name.clone(), value)
            })
            .collect();
        if !kept_entries.is_empty() {
            out_components.insert(section.clone(), Value::Object(kept_entries));
        }
    }
    let kept_count = kept.len();
    let mut kept = Value::Object(kept);
    cut(&mut kept, &reached);
    document.insert("paths".to_owned(), kept);
    document.insert("components".to_owned(), Value::Object(out_components));
    let text = serde_json::to_string_pretty(&Value::Object(document)).map_err(|e| e.to_string())?;
    let rule = format!(
        "every {step}th path in document order, with the {} components they reach within {MAX_DEPTH} schema references",
        reached.len()
    );
    Ok(Subset { text, kept: kept_count, total, rule })
}

/// Replaces every reference to a schema outside `kept` by `{}`.
fn cut(value: &mut Value, kept: &[(String, String)]) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if let Some(target) = target(reference) {
                    if target.0 == "schemas" && !kept.contains(&target) {
                        *value = Value::Object(Map::new());
                        return;
                    }
                }
            }
            map.values_mut().for_each(|v| cut(v, kept));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| cut(v, kept)),
        _ => {}
    }
}

fn target(reference: &str) -> Option<(String, String)> {
    let mut parts = reference.strip_prefix("#/components/")?.splitn(2, '/');
    let (section, name) = (parts.next()?, parts.next()?);
    Some((section.to_owned(), name.replace("~1", "/").replace("~0", "~")))
}

/// Every `#/components/SECTION/NAME` reference inside `value`.
fn collect(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str).and_then(target) {
                out.push(target);
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}
