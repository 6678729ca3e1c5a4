//! Maps: objects whose members are entries of a collection rather than fields of a record.
//!
//! An object is a map when every key is an id (`{"4f1c…-uuid": {...}, "8a2e…-uuid": {...}}`),
//! or when it has at least [`MANY_ALIKE`] keys whose values are all objects with the same set of
//! members (`{"en": {...}, "de": {...}, ...}`). A position (a path of JSON keys from the body
//! root, array levels left out) is a map when every non-empty object seen there is one; its type
//! is `IndexMap<String, T>`, `T` inferred from all values, instead of one struct (and one type per
//! key) for what the example happened to hold.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::Slot;
use super::formats::is_uuid;

/// How many keys holding objects of one shape make an object a map when its keys are not ids.
const MANY_ALIKE: usize = 4;

/// One step of a path from the body root: a member key, or the values of a map.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Step {
    Key(String),
    Values,
}

/// `42`, a UUID (also with a numeric owner prefix, as Postman's `12345-<uuid>` uids), or a long
/// hexadecimal string (`5f1d7c...`, a database object id or a hash).
pub(super) fn is_id(key: &str) -> bool {
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let lower = key.to_ascii_lowercase();
    let uuid = is_uuid(&lower) || lower.split_once('-').is_some_and(|(owner, rest)| digits(owner) && is_uuid(rest));
    digits(key) || uuid || (key.len() >= 16 && key.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether one object, on its own, looks like a map.
fn map_like(object: &Map<String, Value>) -> bool {
    if object.is_empty() {
        return false;
    }
    if object.keys().all(|key| is_id(key)) {
        return true;
    }
    if object.len() < MANY_ALIKE {
        return false;
    }
    let mut shapes = object.values().map(member_set);
    let first = shapes.next().flatten();
    first.is_some() && shapes.all(|other| other == first)
}

/// The sorted member names of a non-empty object value.
fn member_set(value: &Value) -> Option<Vec<&str>> {
    match value {
        Value::Object(inner) if !inner.is_empty() => {
            let mut keys: Vec<&str> = inner.keys().map(String::as_str).collect();
            keys.sort_unstable();
            Some(keys)
        }
        _ => None,
    }
}

/// The positions of every slot that hold maps, by slot and path.
#[derive(Default)]
pub(super) struct MapPositions(HashSet<(usize, Vec<Step>)>);

impl MapPositions {
    pub fn find(slots: &[Slot]) -> MapPositions {
        // Per position: how many objects looked like maps, and how many like records.
        let mut census: HashMap<(usize, Vec<Step>), (usize, usize)> = HashMap::new();
        for (index, slot) in slots.iter().enumerate() {
            for (value, _) in &slot.examples {
                count(value, index, &mut Vec::new(), &mut census);
            }
        }
        MapPositions(
            census.into_iter().filter(|(_, (maps, records))| *maps > 0 && *records == 0).map(|(at, _)| at).collect(),
        )
    }

    pub fn contains(&self, slot: usize, path: &[Step]) -> bool {
        // A lookup key must own its path; most bodies have no maps, so skip the copy then.
        !self.0.is_empty() && self.0.contains(&(slot, path.to_vec()))
    }
}

fn count(value: &Value, slot: usize, path: &mut Vec<Step>, census: &mut HashMap<(usize, Vec<Step>), (usize, usize)>) {
    match value {
        Value::Object(object) if !object.is_empty() => {
            let map = map_like(object);
            let entry = census.entry((slot, path.clone())).or_default();
            if map {
                entry.0 += 1;
                path.push(Step::Values);
                object.values().for_each(|inner| count(inner, slot, path, census));
                path.pop();
            } else {
                entry.1 += 1;
                for (key, inner) in object {
                    path.push(Step::Key(key.clone()));
                    count(inner, slot, path, census);
                    path.pop();
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| count(item, slot, path, census)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for id in [
            "42",
            "0b2f6c1e-5d1a-4c3b-9a7e-2f1d0c9b8a76",
            "12345-0B2F6C1E-5D1A-4C3B-9A7E-2F1D0C9B8A76",
            "5f1d7c2a9b3e4d5f6a7b8c9d",
        ] {
            assert!(is_id(id), "{id}");
        }
        for key in ["name", "address2", "", "deadbeef", "12-34", "-0b2f6c1e-5d1a-4c3b-9a7e-2f1d0c9b8a76"] {
            assert!(!is_id(key), "{key}");
        }
    }

    #[test]
    fn objects() {
        let object = |text: &str| match serde_json::from_str(text) {
            Ok(Value::Object(map)) => map,
            other => panic!("not an object: {other:?}"),
        };
        assert!(map_like(&object(r#"{"1": "a", "2": "b"}"#)));
        let alike = r#"{"en": {"t": 1}, "de": {"t": 2}, "fr": {"t": 3}, "it": {"t": 4}}"#;
        assert!(map_like(&object(alike)));
        assert!(!map_like(&object(r#"{"en": {"t": 1}, "de": {"t": 2}, "fr": {"t": 3}}"#)));
        assert!(!map_like(&object(r#"{"a": {"t": 1}, "b": {"t": 2}, "c": {"u": 3}, "d": {"t": 4}}"#)));
        assert!(!map_like(&object(r#"{"a": 1, "b": 2, "c": 3, "d": 4}"#)));
        assert!(!map_like(&object("{}")));
    }
}
