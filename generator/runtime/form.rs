//! `application/x-www-form-urlencoded` bodies with arrays and objects, written as the OpenAPI
//! `encoding` object says.
//!
//! A body is serialized to JSON first, then each member is written by its style; the pairs are
//! percent-encoded as the WHATWG URL standard's form serializer does (space as `+`, everything
//! but `*-._` and alphanumerics escaped), which is what every form parser reads.

use serde::Serialize;
use serde_json::Value;

/// How one member of a form body is written when it is an array or an object. A member that is
/// not listed is written in the default `form` style, exploded, as OpenAPI defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// Exploded: `name=a&name=b` for an array, `key=value` per member of an object. Not
    /// exploded: `name=a,b` and `name=key,value`.
    Form { explode: bool },
    /// `name=a b` (elements separated by a space).
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
    /// Bracket notation: `name[key]=value` for an object, `name[]=a` for an array of scalars,
    /// `name[0][key]=value` for an array of objects or arrays (`[]` cannot say where one element
    /// ends and the next begins).
    DeepObject,
}

/// Encodes `body` (a struct or a map) as a form; `styles` names the members that are not sent in
/// the default style. A value the style cannot express (an object inside a non-exploded
/// array) is an error naming the member, never a silent drop.
pub fn encode<T: Serialize + ?Sized>(body: &T, styles: &[(&str, FormStyle)]) -> Result<String, String> {
    let value = serde_json::to_value(body).map_err(|error| error.to_string())?;
    let Value::Object(members) = value else {
        return Err(format!("a form body must be an object, not {}", kind(&value)));
    };
    let mut pairs = Vec::new();
    for (name, value) in &members {
        let style = styles.iter().find(|(member, _)| member == name).map_or(FormStyle::Form { explode: true }, |s| s.1);
        member(name, value, style, &mut pairs)?;
    }
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &pairs {
        serializer.append_pair(name, value);
    }
    Ok(serializer.finish())
}

fn member(name: &str, value: &Value, style: FormStyle, pairs: &mut Vec<(String, String)>) -> Result<(), String> {
    match (style, value) {
        // An absent optional member is left out by the model; a `null` that is there is a
        // required nullable member, sent empty (the only null a form can carry).
        (_, Value::Null) => pairs.push((name.to_owned(), String::new())),
        (_, Value::Bool(_) | Value::Number(_) | Value::String(_)) => pairs.push((name.to_owned(), scalar(value))),
        (FormStyle::DeepObject, _) => brackets(name, value, pairs),
        (FormStyle::Form { explode: true }, Value::Array(items)) => {
            for item in items {
                match item {
                    Value::Array(_) | Value::Object(_) => brackets(name, item, pairs),
                    _ => pairs.push((name.to_owned(), scalar(item))),
                }
            }
        }
        (FormStyle::Form { explode: true }, Value::Object(fields)) => {
            for (key, field) in fields {
                brackets(key, field, pairs);
            }
        }
        (FormStyle::Form { explode: false }, Value::Object(fields)) => {
            let mut parts = Vec::new();
            for (key, field) in fields {
                parts.push(key.clone());
                parts.push(flat(name, field)?);
            }
            pairs.push((name.to_owned(), parts.join(",")));
        }
        (_, Value::Array(items)) => {
            let separator = match style {
                FormStyle::SpaceDelimited => " ",
                FormStyle::PipeDelimited => "|",
                _ => ",",
            };
            let parts = items.iter().map(|item| flat(name, item)).collect::<Result<Vec<_>, _>>()?;
            pairs.push((name.to_owned(), parts.join(separator)));
        }
        (_, Value::Object(_)) => {
            return Err(format!("form member `{name}`: an object cannot be sent space- or pipe-delimited"));
        }
    }
    Ok(())
}

/// Bracket notation, recursively: `name[key]`, `name[]`, `name[index]`.
fn brackets(name: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                brackets(&format!("{name}[{key}]"), field, pairs);
            }
        }
        Value::Array(items) => {
            let composite = items.iter().any(|item| matches!(item, Value::Array(_) | Value::Object(_)));
            for (index, item) in items.iter().enumerate() {
                let key = if composite { format!("{name}[{index}]") } else { format!("{name}[]") };
                brackets(&key, item, pairs);
            }
        }
        Value::Null => pairs.push((name.to_owned(), String::new())),
        _ => pairs.push((name.to_owned(), scalar(value))),
    }
}

/// The text of an element of a delimited list; a nested array or object has none.
fn flat(name: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::Array(_) | Value::Object(_) => {
            Err(format!("form member `{name}`: {} inside a delimited list cannot be sent", kind(value)))
        }
        Value::Null => Ok(String::new()),
        _ => Ok(scalar(value)),
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
