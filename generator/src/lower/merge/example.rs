//! Checks a documented example against a type: where the overlay's schema says `i64` and the
//! collection's example says `""`, the user should hear about it.

use serde_json::Value;

use crate::ir::{Ty, TypeKind, TypeSpace};

/// At most this many problems are listed per example; the rest are counted.
const MAX_LISTED: usize = 3;

/// The ways `value` contradicts `ty`, each naming the JSON path (`$.offerings[0].quantity`).
pub fn contradictions(value: &Value, ty: &Ty, types: &TypeSpace) -> Vec<String> {
    let mut problems = Vec::new();
    check(value, ty, types, "$", &mut problems, 0);
    problems
}

/// One line for a diagnostic: the first few problems and how many more there are.
pub fn summary(problems: &[String]) -> String {
    let mut text = problems.iter().take(MAX_LISTED).cloned().collect::<Vec<_>>().join("; ");
    if problems.len() > MAX_LISTED {
        text.push_str(&format!("; and {} more", problems.len() - MAX_LISTED));
    }
    text
}

fn check(value: &Value, ty: &Ty, types: &TypeSpace, path: &str, problems: &mut Vec<String>, depth: usize) {
    // Aliases can chain; a depth bound keeps a malformed type space from looping.
    if depth > 64 {
        return;
    }
    let mut expect =
        |what: &str| problems.push(format!("`{path}` is {} where the schema says {what}", describe(value)));
    match ty {
        Ty::Any | Ty::Bytes => {}
        Ty::Option(inner) => {
            if !value.is_null() {
                check(value, inner, types, path, problems, depth + 1);
            }
        }
        Ty::String | Ty::DateTime | Ty::Date | Ty::Uuid => {
            if !value.is_string() {
                expect("a string");
            }
        }
        Ty::Bool => {
            if !value.is_boolean() {
                expect("a boolean");
            }
        }
        Ty::I32 | Ty::I64 => {
            if !(value.is_i64() || value.is_u64()) {
                expect("an integer");
            }
        }
        Ty::F32 | Ty::F64 => {
            if !value.is_number() {
                expect("a number");
            }
        }
        Ty::Loose(_) => {
            if !(value.is_number() || value.is_string() || value.is_boolean()) {
                expect("a scalar");
            }
        }
        Ty::Vec(item) => match value.as_array() {
            Some(items) => {
                for (index, element) in items.iter().enumerate() {
                    check(element, item, types, &format!("{path}[{index}]"), problems, depth + 1);
                }
            }
            None => expect("an array"),
        },
        Ty::Map(of) => match value.as_object() {
            Some(members) => {
                for (key, member) in members {
                    check(member, of, types, &format!("{path}.{key}"), problems, depth + 1);
                }
            }
            None => expect("an object"),
        },
        Ty::Named(id) => {
            let Some(def) = types.types.get(id.0) else {
                return;
            };
            match &def.kind {
                TypeKind::Alias(inner) => check(value, inner, types, path, problems, depth + 1),
                TypeKind::Enum(_) => {
                    if !value.is_string() {
                        expect(&format!("`{}` (a string)", def.name));
                    }
                }
                TypeKind::Union(union) => {
                    let fits = union.variants.iter().any(|v| {
                        let mut inner = Vec::new();
                        check(value, &v.ty, types, path, &mut inner, depth + 1);
                        inner.is_empty()
                    });
                    if !fits {
                        expect(&format!("one of the alternatives of `{}`", def.name));
                    }
                }
                TypeKind::Struct(s) => {
                    let Some(members) = value.as_object() else {
                        expect(&format!("`{}` (an object)", def.name));
                        return;
                    };
                    for field in &s.fields {
                        match members.get(&field.wire_name) {
                            None if !field.optional => {
                                problems.push(format!("`{path}` lacks the required member `{}`", field.wire_name))
                            }
                            None => {}
                            Some(Value::Null) if field.nullable || field.optional => {}
                            Some(member) => check(
                                member,
                                &field.ty,
                                types,
                                &format!("{path}.{}", field.wire_name),
                                problems,
                                depth + 1,
                            ),
                        }
                    }
                }
            }
        }
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) if s.chars().count() > 20 => "a string".into(),
        Value::String(s) => format!("`{s:?}`"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}
