//! A large document served as a subset: Prism needs minutes to load Stripe's 4 MB, so the
//! contract test serves every k-th path in document order (k chosen so that at most
//! [`MAX_PATHS`] remain, the first path always included), with every component those paths
//! reach through `$ref`, transitively, and all security schemes. The choice depends only on the
//! document, so every run tests the same operations; spreading the picks over the whole document
//! covers its kinds of operations rather than one resource's.

use serde_json::{Map, Value};

/// The most paths a subset keeps.
pub const MAX_PATHS: usize = 40;

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
    let mut reached: Vec<(String, String)> = Vec::new();
    let mut queue: Vec<(String, String)> = Vec::new();
    collect(&Value::Object(kept.clone()), &mut queue);
    while let Some(target) = queue.pop() {
        if reached.contains(&target) {
            continue;
        }
        if let Some(value) = components.get(&target.0).and_then(|section| section.get(&target.1)) {
            collect(value, &mut queue);
        }
        reached.push(target);
    }
    // The original order of sections and entries, so the subset reads like the document.
    let mut out_components = Map::new();
    for (section, entries) in &components {
        let Value::Object(entries) = entries else { continue };
        let keep_all = section == "securitySchemes";
        let kept_entries: Map<String, Value> = entries
            .iter()
            .filter(|(name, _)| keep_all || reached.iter().any(|(s, n)| s == section && n == *name))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        if !kept_entries.is_empty() {
            out_components.insert(section.clone(), Value::Object(kept_entries));
        }
    }
    let kept_count = kept.len();
    document.insert("paths".to_owned(), Value::Object(kept));
    document.insert("components".to_owned(), Value::Object(out_components));
    let text = serde_json::to_string_pretty(&Value::Object(document)).map_err(|e| e.to_string())?;
    let rule = format!("every {step}th path in document order, with the {} components they reach", reached.len());
    Ok(Subset { text, kept: kept_count, total, rule })
}

/// Every `#/components/SECTION/NAME` reference inside `value`.
fn collect(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let mut parts = reference.strip_prefix("#/components/").unwrap_or("").splitn(2, '/');
                if let (Some(section), Some(name)) = (parts.next(), parts.next()) {
                    let name = name.replace("~1", "/").replace("~0", "~");
                    out.push((section.to_owned(), name));
                }
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}
