//! Duplicated keys in a JSON document.
//!
//! A JSON object that names a key twice is legal to parse, and `serde_json` keeps the last
//! value: an OpenAPI path or a Postman item written twice would lose the first one without a
//! word. This pass reads the text once more, keeps nothing but the places where a key repeats,
//! and the caller warns about each (the document was already parsed, so its nesting is within
//! `serde_json`'s recursion limit and this pass is too).

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

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
    fn nothing_for_clean_or_broken_text() {
        assert!(duplicate_keys(r#"{"a": {"a": 1}, "b": [1, 2, {"c": null}]}"#).is_empty());
        assert!(duplicate_keys("{not json").is_empty());
    }
}
