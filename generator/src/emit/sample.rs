//! Placeholder values for required members nobody documented: a value of the type that its
//! constraints accept (a string matching the `pattern`, a number in range, the first enum value,
//! every required member of a struct, nullable or not), so that a request built from an example
//! passes both the client's own validation and a server validating against the description.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Value};

use crate::ir::{Constraints, Ty, TypeKind, TypeSpace};

/// A value of `ty` that its type and constraints accept, for a required value nobody documented.
pub fn sample(ty: &Ty, types: &TypeSpace, constraints: &Constraints, depth: usize) -> Value {
    if depth > 8 {
        return Value::Null;
    }
    match ty {
        Ty::String => Value::String(string(constraints)),
        Ty::Bool => Value::Bool(false),
        Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 => {
            let low = constraints.minimum.map(|m| if constraints.exclusive_minimum { m + 1.0 } else { m });
            let value = low.unwrap_or(1.0).max(0.0).ceil();
            let value = match constraints.maximum {
                Some(max) if value > max => max.floor(),
                _ => value,
            };
            // Whole numbers fit every numeric type; `as` saturates, which is what a sample wants.
            Value::from(value as i64)
        }
        Ty::DateTime => Value::String("2024-01-01T00:00:00Z".to_owned()),
        Ty::Date => Value::String("2024-01-01".to_owned()),
        Ty::Uuid => Value::String("00000000-0000-4000-8000-000000000000".to_owned()),
        Ty::Bytes => Value::Array(Vec::new()),
        Ty::Any => Value::Null,
        Ty::Loose(inner) => sample(inner, types, constraints, depth + 1),
        Ty::Vec(inner) => {
            let count = constraints.min_items.unwrap_or(0).min(4);
            Value::Array((0..count).map(|_| sample(inner, types, &Constraints::default(), depth + 1)).collect())
        }
        Ty::Map(_) => Value::Object(Map::new()),
        Ty::Option(_) => Value::Null,
        Ty::Named(id) => match types.types.get(id.0).map(|def| &def.kind) {
            Some(TypeKind::Struct(s)) => {
                let mut object = Map::new();
                // A required member is sent even when it may be null: a value of its type is
                // valid whether or not the server accepts null there.
                for field in s.fields.iter().filter(|f| !f.optional) {
                    let value = match &field.default {
                        Some(default) => default.clone(),
                        None => sample(&field.ty, types, &field.constraints, depth + 1),
                    };
                    object.insert(field.wire_name.clone(), value);
                }
                Value::Object(object)
            }
            Some(TypeKind::Enum(e)) => {
                Value::String(e.variants.first().map(|v| v.wire_name.clone()).unwrap_or_else(|| "example".to_owned()))
            }
            Some(TypeKind::Union(u)) => {
                let Some(first) = u.variants.first() else {
                    return Value::Null;
                };
                let mut value = sample(&first.ty, types, constraints, depth + 1);
                if let (Some(member), Some(tag), Value::Object(object)) = (&u.discriminator, &first.tag, &mut value) {
                    object.insert(member.clone(), Value::String(tag.clone()));
                }
                value
            }
            Some(TypeKind::Alias(target)) => sample(target, types, constraints, depth + 1),
            None => Value::Null,
        },
    }
}

/// A string that the constraints accept: an email address, a match of the pattern, or `example`
/// padded or cut to the length limits.
fn string(constraints: &Constraints) -> String {
    if constraints.email {
        return "user@example.com".to_owned();
    }
    let min = usize::try_from(constraints.min_length.unwrap_or(0)).unwrap_or(0).min(64);
    let max = usize::try_from(constraints.max_length.unwrap_or(64)).unwrap_or(64).max(min);
    if let Some(text) = constraints.pattern.as_deref().and_then(matching) {
        let length = text.chars().count();
        if (min..=max).contains(&length) {
            return text;
        }
    }
    let mut text = "example".to_owned();
    while text.chars().count() < min {
        text.push('x');
    }
    text.chars().take(max).collect()
}

/// The shortest text a simple walk of the pattern produces: literals as written, the first
/// alternative, the minimum repetition, an ASCII letter or digit from each class where it has
/// one. `None` when the pattern does not parse as a regular expression.
pub fn matching(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    walk(&hir, &mut out, 0)?;
    Some(out)
}

fn walk(hir: &Hir, out: &mut String, depth: usize) -> Option<()> {
    if depth > 64 || out.len() > 1024 {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            let pick = ranges
                .iter()
                .find_map(|r| ('a'..='z').chain('A'..='Z').chain('0'..='9').find(|c| (r.start()..=r.end()).contains(c)))
                .or_else(|| ranges.iter().map(|r| r.start()).find(|c| !c.is_control()))
                .or_else(|| ranges.first().map(|r| r.start()))?;
            out.push(pick);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges = class.ranges();
            let pick = ranges
                .iter()
                .find_map(|r| (b'a'..=b'z').chain(b'0'..=b'9').find(|b| (r.start()..=r.end()).contains(b)))
                .or_else(|| ranges.first().map(|r| r.start()))?;
            out.push(char::from(pick));
        }
        HirKind::Repetition(repetition) => {
            for _ in 0..repetition.min.min(256) {
                walk(&repetition.sub, out, depth + 1)?;
            }
        }
        HirKind::Capture(capture) => walk(&capture.sub, out, depth + 1)?,
        HirKind::Concat(items) => {
            for item in items {
                walk(item, out, depth + 1)?;
            }
        }
        HirKind::Alternation(items) => walk(items.first()?, out, depth + 1)?,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::matching;

    #[test]
    fn pattern_samples_match_their_pattern() {
        let patterns = [
            r"^[A-Z]{2}[0-9]{3}$",
            r"^\d{4}-\d{2}-\d{2}$",
            r"^(ACCT|acct)_[a-zA-Z0-9]+$",
            r"^\+[1-9]\d{1,14}$",
            r"^[^@]+@[^@]+\.[a-z]{2,}$",
            r"^#?([0-9a-f]{6})$",
            r"x?y*z+",
        ];
        for pattern in patterns {
            let text = matching(pattern).expect("a simple pattern gives a sample");
            let regex = regex::Regex::new(pattern).expect("the test pattern is valid");
            assert!(regex.is_match(&text), "{text:?} does not match {pattern}");
        }
    }
}
