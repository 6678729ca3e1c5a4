//! Duplicated keys in a JSON document.
//!
//! A JSON object that names a key twice is legal to parse, and `serde_json` keeps the last
//! value: an OpenAPI path or a Postman item written twice would lose the first one without a
//! word. This pass reads the text once more, keeps nothing but the places where a key repeats,
//! and the caller warns about each (the document was already parsed, so its nesting is within
//! `serde_json`'s recursion limit and this pass is too). The parse itself ([`parse`]) notes
//! whether any key repeats, so this pass runs only for a document that has one.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// `text` parsed as JSON (what `serde_json::from_str::<Value>` gives: a repeated key keeps its
/// first position and its last value), and whether any object repeats a key.
pub fn parse(text: &str) -> serde_json::Result<(Value, bool)> {
    let mut repeated = false;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Build { repeated: &mut repeated }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok((value, repeated))
}

/// Builds one value, setting `repeated` when one of its objects names a key twice.
struct Build<'a> {
    repeated: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for Build<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Build<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // JSON text holds no NaN or infinity, which are all `from_f64` refuses.
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(value) = seq.next_element_seed(Build { repeated: &mut *self.repeated })? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Build { repeated: &mut *self.repeated })?;
            if object.insert(key, value).is_some() {
                *self.repeated = true;
            }
        }
        Ok(Value::Object(object))
    }
}

/// A key written twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// JSON pointer of the object.
    pub object: String,
    pub key: String,
    /// Positions (0-based) of the two members among the object's members.
    pub first: usize,
    pub second: usize,
}

/// Every repeated key of `text`, in document order; empty when `text` is not JSON.
pub fn duplicate_keys(text: &str) -> Vec<Duplicate> {
    let mut found = Vec::new();
    let mut pointer = String::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // Text that is not JSON is reported by the parser proper; this pass has nothing to add.
    let _ = Scan { pointer: &mut pointer, found: &mut found }.deserialize(&mut deserializer);
    found
}

/// Walks one value, extending `pointer` for each child and restoring it after.
struct Scan<'a> {
    pointer: &'a mut String,
    found: &'a mut Vec<Duplicate>,
}

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let length = self.pointer.len();
        let mut index = 0usize;
        loop {
            self.pointer.truncate(length);
            self.pointer.push('/');
            self.pointer.push_str(&index.to_string());
            let child = Scan { pointer: &mut *self.pointer, found: &mut *self.found };
            if seq.next_element_seed(child)?.is_none() {
                break;
            }
            index += 1;
        }
        self.pointer.truncate(length);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let length = self.pointer.len();
        let mut keys: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if let Some(first) = keys.iter().position(|seen| *seen == key) {
                let object = self.pointer.clone();
                self.found.push(Duplicate { object, key: key.clone(), first, second: keys.len() });
            }
            self.pointer.push('/');
            self.pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            map.next_value_seed(Scan { pointer: &mut *self.pointer, found: &mut *self.found })?;
            self.pointer.truncate(length);
            keys.push(key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeated_keys_with_their_object_and_positions() {
        let text = r#"{"paths": {"/a/b": {"get": 1, "put": [{"x": 1, "x": 2}], "get": 3}}, "ok": {"get": 1}}"#;
        assert_eq!(
            duplicate_keys(text),
            [
                Duplicate { object: "/paths/~1a~1b/put/0".into(), key: "x".into(), first: 0, second: 1 },
                Duplicate { object: "/paths/~1a~1b".into(), key: "get".into(), first: 0, second: 2 },
            ]
        );
    }

    #[test]
    fn the_parse_notes_repeated_keys_and_reads_what_serde_json_reads() {
        for (text, repeats) in [
            (r#"{"a": {"b": 1, "c": [1, 2.5, -3, 18446744073709551615], "b": {"x": null}}, "s": "\u00e9"}"#, true),
            (r#"[{"a": 1}, {"a": true}, "t", null, {"b": {"a": 1, "c": 2}}]"#, false),
        ] {
            let (value, repeated) = parse(text).expect("valid JSON");
            assert_eq!(repeated, repeats, "{text}");
            let expected: Value = serde_json::from_str(text).expect("valid JSON");
            // Same values in the same order (an object's order is its first keys' order).
            assert_eq!(value.to_string(), expected.to_string());
        }
        assert!(parse("{\"a\": 1} x").is_err());
        assert!(parse("[".repeat(200).as_str()).is_err());
    }

    #[test]
    fn nothing_for_clean_or_broken_text() {
        assert!(duplicate_keys(r#"{"a": {"a": 1}, "b": [1, 2, {"c": null}]}"#).is_empty());
        assert!(duplicate_keys("{not json").is_empty());
    }
}
