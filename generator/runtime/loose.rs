//! [`Loose`]: a scalar that the API sends sometimes as itself and sometimes as a string.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A value documented both as `2` and as `"2"`. It decodes either form and encodes back exactly
/// what it read, so a read-modify-write round trip changes nothing on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Loose<T> {
    /// The value in its own type.
    Value(T),
    /// The value as text (or text that is not a valid `T` at all).
    Text(String),
}

impl<T: Clone + FromStr> Loose<T> {
    /// The value, parsing the text form; `None` when the text is not a valid `T`.
    pub fn value(&self) -> Option<T> {
        match self {
            Loose::Value(value) => Some(value.clone()),
            Loose::Text(text) => text.trim().parse().ok(),
        }
    }
}

impl<T> From<T> for Loose<T> {
    fn from(value: T) -> Loose<T> {
        Loose::Value(value)
    }
}

impl<T: Default> Default for Loose<T> {
    fn default() -> Loose<T> {
        Loose::Value(T::default())
    }
}

impl<T: fmt::Display> fmt::Display for Loose<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loose::Value(value) => value.fmt(f),
            Loose::Text(text) => f.write_str(text),
        }
    }
}
