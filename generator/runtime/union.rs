//! Decoding of `oneOf`/`anyOf` without a discriminator, so that no variant silently drops data.
//!
//! The rule: a value decodes as the first variant, in the description's order, that keeps
//! every member of the value in a declared field; failing that, as the first that keeps every
//! member at all (some in its map of undeclared members); failing that, as the first that keeps
//! every member of the value itself and drops only members nested deeper that its field types do
//! not declare (as any model struct does: a vendor adding a member deep inside must not make the
//! union undecodable); and when every variant would drop a member of the value itself, decoding
//! fails and names what each variant would lose.
//!
//! "Keeps" is checked by writing the decoded variant back to JSON: a member of the input (at any
//! depth) that is missing from the output was dropped. `null` members count as absent, since the
//! models write `None` by leaving the member out.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The candidates tried for one value of the union `T`.
pub struct Untagged<T> {
    union: &'static str,
    value: Value,
    exact: Option<T>,
    kept: Option<T>,
    shallow: Option<T>,
    rejected: Vec<String>,
}

impl<T> Untagged<T> {
    /// Starts decoding `value` as the union named `union`.
    pub fn new(union: &'static str, value: Value) -> Untagged<T> {
        Untagged { union, value, exact: None, kept: None, shallow: None, rejected: Vec::new() }
    }

    /// Tries the variant `name` holding a `V`. `declared` lists the member names a struct
    /// variant declares (`None` for anything else): a member outside it that the struct keeps
    /// in its map makes the fit second-best.
    pub fn variant<V: DeserializeOwned + Serialize>(
        &mut self,
        name: &str,
        declared: Option<&[&str]>,
        wrap: fn(V) -> T,
    ) -> &mut Self {
        if self.exact.is_some() {
            return self;
        }
        let decoded = match V::deserialize(&self.value) {
            Ok(decoded) => decoded,
            Err(error) => {
                self.rejected.push(format!("{name}: {error}"));
                return self;
            }
        };
        let written = match serde_json::to_value(&decoded) {
            Ok(written) => written,
            Err(error) => {
                self.rejected.push(format!("{name}: {error}"));
                return self;
            }
        };
        if let Some(path) = dropped(&self.value, &written, String::new()) {
            self.rejected.push(format!("{name}: would drop `{path}`"));
            if self.shallow.is_none() && !drops_own_member(&self.value, &written) {
                self.shallow = Some(wrap(decoded));
            }
            return self;
        }
        let undeclared = match (&self.value, declared) {
            (Value::Object(members), Some(declared)) => {
                members.iter().any(|(key, value)| !value.is_null() && !declared.contains(&key.as_str()))
            }
            _ => false,
        };
        if !undeclared {
            self.exact = Some(wrap(decoded));
        } else if self.kept.is_none() {
            self.kept = Some(wrap(decoded));
        }
        self
    }

    /// The chosen variant, or an error naming why each variant was refused.
    pub fn finish<E: serde::de::Error>(&mut self) -> Result<T, E> {
        match self.exact.take().or_else(|| self.kept.take()).or_else(|| self.shallow.take()) {
            Some(decoded) => Ok(decoded),
            None => Err(E::custom(format!(
                "the value fits no variant of {} without losing data ({})",
                self.union,
                self.rejected.join("; ")
            ))),
        }
    }
}

/// Whether `output` lacks a member of `input` itself (not one nested deeper), or is not an
/// object where `input` is one.
fn drops_own_member(input: &Value, output: &Value) -> bool {
    match (input, output) {
        (Value::Object(members), Value::Object(written)) => {
            members.iter().any(|(key, value)| !value.is_null() && !written.contains_key(key))
        }
        // An array that loses anything is not told apart by members: strict.
        _ => true,
    }
}

/// The first member path of `input` that `output` does not have.
fn dropped(input: &Value, output: &Value, path: String) -> Option<String> {
    match (input, output) {
        (Value::Object(members), Value::Object(written)) => members.iter().find_map(|(key, value)| {
            let path = format!("{path}.{key}");
            match written.get(key) {
                _ if value.is_null() => None,
                None => Some(path),
                Some(written) => dropped(value, written, path),
            }
        }),
        (Value::Array(items), Value::Array(written)) if items.len() == written.len() => {
            items.iter().zip(written).enumerate().find_map(|(index, (item, written))| {
                dropped(item, written, format!("{path}[{index}]"))
            })
        }
        (Value::Object(_) | Value::Array(_), _) => Some(if path.is_empty() { ".".to_owned() } else { path }),
        _ => None,
    }
}
