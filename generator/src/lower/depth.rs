//! The depth budget of a document: how deep its schemas nest once every local `$ref` is followed.
//!
//! Lowering walks schemas recursively, and the crate it emits nests types as deeply as the
//! schemas do; both have limits (the generator's stack, rustc's recursion limit). A document
//! whose `$ref`, alias or `oneOf` chains go deeper than [`MAX_DEPTH`] is refused here, before
//! lowering, with the place where the deepest chain starts. This pass itself uses explicit
//! stacks, so no input can overflow it, and it visits each value once: linear in the document.
//!
//! Real documents stay far below the budget (Stripe's deepest chain is a few dozen levels); a
//! chain of 10,000 links is refused in milliseconds.

use indexmap::IndexMap;
use serde_json::Value;

/// The deepest nesting accepted, counted in JSON levels (an object or array inside another, or a
/// `$ref` to another schema). Nested structs cost three levels each (`properties`, the member,
/// the `$ref`), so this allows about 80 nested structs: below rustc's default recursion limit of
/// 128, which deeper types hit when their traits are derived.
pub const MAX_DEPTH: usize = 256;

/// Where the deepest chain starts and how deep it goes, when it is deeper than [`MAX_DEPTH`].
pub fn too_deep(document: &Value) -> Option<(String, usize)> {
    let mut depths: IndexMap<String, usize> = IndexMap::new();
    let mut worst: Option<(String, usize)> = None;
    let starts: Vec<String> = starting_points(document);
    for start in starts {
        let depth = depth_of(document, &start, &mut depths);
        if depth > MAX_DEPTH && worst.as_ref().is_none_or(|(_, d)| depth > *d) {
            worst = Some((start, depth));
        }
    }
    worst
}

/// Every component and every path item: a chain is reported where it starts.
fn starting_points(document: &Value) -> Vec<String> {
    let mut starts = Vec::new();
    for (section, under) in [("components", true), ("paths", false)] {
        let Some(object) = document.get(section).and_then(Value::as_object) else { continue };
        for (key, value) in object {
            let key_pointer = format!("/{section}/{}", escape(key));
            match (under, value.as_object()) {
                (true, Some(members)) => {
                    starts.extend(members.keys().map(|name| format!("{key_pointer}/{}", escape(name))))
                }
                _ => starts.push(key_pointer),
            }
        }
    }
    starts
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The local `$ref`s inside `value`, each with how deep below `value` it sits (counting the
/// `$ref` itself), and the deepest plain nesting of `value`.
fn refs_of(value: &Value) -> (Vec<(usize, String)>, usize) {
    let mut refs = Vec::new();
    let mut deepest = 0;
    let mut stack = vec![(value, 1_usize)];
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match value {
            Value::Object(members) => {
                if let Some(target) = members.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                    refs.push((depth, target.to_owned()));
                }
                stack.extend(members.values().map(|member| (member, depth + 1)));
            }
            Value::Array(items) => stack.extend(items.iter().map(|item| (item, depth + 1))),
            _ => {}
        }
    }
    (refs, deepest)
}

/// How deep the value at `pointer` goes, following references; memoized in `depths`. A
/// reference back into a chain being measured (a recursive type) adds nothing: it is boxed, not
/// nested.
fn depth_of(document: &Value, pointer: &str, depths: &mut IndexMap<String, usize>) -> usize {
    if let Some(depth) = depths.get(pointer) {
        return *depth;
    }
    // Each frame: a pointer, its references and how far through them it is, its depth so far.
    struct Frame {
        pointer: String,
        refs: Vec<(usize, String)>,
        next: usize,
        depth: usize,
    }
    let frame = |pointer: &str| {
        let (refs, deepest) = document.pointer(pointer).map(refs_of).unwrap_or_default();
        Frame { pointer: pointer.to_owned(), refs, next: 0, depth: deepest }
    };
    let mut on_stack: IndexMap<String, ()> = IndexMap::new();
    on_stack.insert(pointer.to_owned(), ());
    let mut stack = vec![frame(pointer)];
    while let Some(top) = stack.last_mut() {
        if let Some((at, target)) = top.refs.get(top.next).cloned() {
            top.next += 1;
            if let Some(known) = depths.get(&target) {
                top.depth = top.depth.max(at + known);
            } else if !on_stack.contains_key(&target) {
                on_stack.insert(target.clone(), ());
                stack.push(frame(&target));
            }
            continue;
        }
        let Some(done) = stack.pop() else { break };
        on_stack.shift_remove(&done.pointer);
        depths.insert(done.pointer.clone(), done.depth);
        if let Some(parent) = stack.last_mut() {
            let at = parent.refs[parent.next - 1].0;
            parent.depth = parent.depth.max(at + done.depth);
        }
    }
    depths.get(pointer).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(links: usize) -> Value {
        let mut schemas = serde_json::Map::new();
        for i in 0..links {
            schemas.insert(format!("S{i}"), serde_json::json!({"$ref": format!("#/components/schemas/S{}", i + 1)}));
        }
        schemas.insert(format!("S{links}"), serde_json::json!({"type": "string"}));
        serde_json::json!({"openapi": "3.1.0", "components": {"schemas": schemas}})
    }

    #[test]
    fn measures_chains_and_ignores_cycles() {
        assert_eq!(too_deep(&chain(100)), None);
        assert_eq!(too_deep(&chain(10_000)).map(|(at, _)| at), Some("/components/schemas/S0".to_owned()));
        let cycle = serde_json::json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
        }}});
        assert_eq!(too_deep(&cycle), None);
    }
}
