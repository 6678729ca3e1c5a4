//! Object schemas -> structs: `properties`, `required`, `additionalProperties`, and `allOf`
//! merged into one struct. Field constraints are read here too.

use indexmap::{IndexMap, IndexSet};
use serde_json::{Map, Value};

use super::Cx;
use super::schema::{self, ANY, Lowered, define, description_of};
use crate::ir::{Constraints, Field, Location, Struct, Ty, TypeDef, TypeId, TypeKind};
use crate::naming;
use crate::read::openapi as raw;

/// The members of one object, gathered from its own schema and (for `allOf`) its parts.
#[derive(Default)]
struct Members<'a> {
    properties: IndexMap<String, (&'a Value, Location)>,
    required: IndexSet<String>,
    additional: Option<(&'a Value, Location)>,
}

impl<'a> Members<'a> {
    /// Adds the object-shaped parts of `object`. Returns false when a part is not an object
    /// schema (a scalar type, an alternative), which `allOf` cannot merge into a struct.
    fn gather(&mut self, object: &'a Map<String, Value>, at: &Location) -> bool {
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            let at = at.child("properties");
            for (name, property) in properties {
                self.properties.insert(name.clone(), (property, at.child(name)));
            }
        }
        if let Some(required) = object.get("required").and_then(Value::as_array) {
            self.required.extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        match object.get("additionalProperties") {
            None | Some(Value::Bool(false)) => {}
            Some(additional) => self.additional = Some((additional, at.child("additionalProperties"))),
        }
        let object_typed = match object.get("type") {
            Some(Value::String(ty)) => ty == "object",
            Some(Value::Array(types)) => types.iter().any(|t| t == "object"),
            _ => true,
        };
        object_typed && !object.contains_key("oneOf") && !object.contains_key("anyOf") && !object.contains_key("enum")
    }
}

/// An object schema: a struct when it has properties (or is a component), else a map.
pub fn object(cx: &mut Cx, object: &Map<String, Value>, at: &Location, hint: &str, reserved: Option<TypeId>) -> Ty {
    let mut members = Members::default();
    members.gather(object, at);
    if members.properties.is_empty() {
        if reserved.is_none() {
            let value = members.additional.map_or(Ty::Any, |(schema, at)| additional_ty(cx, schema, &at, hint));
            return Ty::Map(Box::new(value));
        }
        // A free-form component object: a struct that keeps every member it is given.
        members.additional = members.additional.or(Some((&Value::Bool(true), at.clone())));
    }
    build(cx, members, description_of(object), at, hint, reserved)
}

/// `allOf`: the parts' properties and `required` lists merged into one struct. A single part
/// with nothing beside it is just that part (the usual way to add a description to a `$ref`).
pub fn all_of(
    cx: &mut Cx,
    object: &Map<String, Value>,
    parts: &[Value],
    at: &Location,
    hint: &str,
    reserved: Option<TypeId>,
) -> Lowered {
    // Parts that only annotate (a description, `nullable`, vendor extensions) add no shape: with
    // one shaped part, the whole is that part.
    let shaped: Vec<usize> = (0..parts.len()).filter(|i| is_shaped(&parts[*i])).collect();
    if let [only] = shaped.as_slice() {
        if !object.contains_key("properties") {
            let mut lowered = schema::schema_in(cx, &parts[*only], &at.child("allOf").child(only), hint, reserved);
            let flag = |v: &Value| v.get("nullable").and_then(Value::as_bool).unwrap_or(false);
            lowered.nullable |=
                object.get("nullable").and_then(Value::as_bool).unwrap_or(false) || parts.iter().any(flag);
            return lowered;
        }
    }
    let mut members = Members::default();
    let mut nullable = false;
    let mut mergeable = true;
    let mut stack: Vec<(&Value, Location, usize)> =
        parts.iter().enumerate().rev().map(|(i, p)| (p, at.child("allOf").child(i), 0)).collect();
    while let Some((part, part_at, depth)) = stack.pop() {
        let (part, part_at) = match part.get("$ref").and_then(Value::as_str) {
            Some(reference) => match raw::target_pointer(cx.document, reference) {
                Ok(pointer) => match cx.document.pointer(&pointer) {
                    Some(target) => (target, cx.at(&pointer)),
                    None => continue,
                },
                Err(error) => {
                    cx.ref_warning(&error, reference, &part_at, ANY);
                    mergeable = false;
                    continue;
                }
            },
            None => (part, part_at),
        };
        let Some(part_object) = part.as_object() else {
            continue;
        };
        if depth > 16 {
            cx.diags.warning("ref-cycle", &part_at, "`allOf` parts include themselves; typed as `serde_json::Value`");
            return Lowered { ty: Ty::Any, nullable: false };
        }
        nullable |= part_object.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        if let Some(nested) = part_object.get("allOf").and_then(Value::as_array) {
            stack.extend(nested.iter().enumerate().rev().map(|(i, p)| (p, part_at.child("allOf").child(i), depth + 1)));
        }
        mergeable &= members.gather(part_object, &part_at);
    }
    mergeable &= members.gather(object, at);
    if !mergeable {
        cx.diags.warning(
            "unsupported-all-of",
            &at.child("allOf"),
            "`allOf` combines parts that are not all objects; typed as `serde_json::Value`",
        );
        return Lowered { ty: Ty::Any, nullable };
    }
    Lowered { ty: build(cx, members, description_of(object), at, hint, reserved), nullable }
}

/// Whether a schema says anything about the shape of a value (not only docs or `required`).
pub fn is_shaped(part: &Value) -> bool {
    const SHAPING: &[&str] =
        &["$ref", "type", "properties", "allOf", "oneOf", "anyOf", "enum", "items", "additionalProperties", "const"];
    part.as_object().is_some_and(|o| SHAPING.iter().any(|k| o.contains_key(*k)))
}

fn additional_ty(cx: &mut Cx, schema: &Value, at: &Location, hint: &str) -> Ty {
    match schema {
        Value::Bool(_) => Ty::Any,
        _ => schema::schema(cx, schema, at, &format!("{hint}Value")).into_ty(),
    }
}

fn build(
    cx: &mut Cx,
    members: Members,
    docs: Option<String>,
    at: &Location,
    hint: &str,
    reserved: Option<TypeId>,
) -> Ty {
    // The struct's id comes before its fields' types, so parents are listed before children
    // and a field that refers back to this struct finds it.
    let placeholder =
        TypeDef { name: String::new(), docs, kind: TypeKind::Struct(Struct::default()), location: at.clone() };
    let id = define(cx, placeholder, hint, reserved);
    let parent = cx.types.get(id).name.clone();
    let mut taken = IndexSet::new();
    let mut fields = Vec::with_capacity(members.properties.len());
    for (wire_name, (property, property_at)) in &members.properties {
        let field_hint = format!("{parent}{}", naming::pascal(wire_name));
        let lowered = schema::schema(cx, property, property_at, &field_hint);
        fields.push(Field {
            name: naming::unique(naming::snake(wire_name), &mut taken),
            wire_name: wire_name.clone(),
            ty: lowered.ty,
            optional: !members.required.contains(wire_name),
            nullable: lowered.nullable,
            docs: schema::field_docs(property),
            constraints: constraints_through_refs(cx, property),
            default: property.get("default").cloned(),
            boxed: false,
        });
    }
    let additional = members.additional.map(|(schema, at)| additional_ty(cx, schema, &at, &parent));
    cx.types.get_mut(id).kind = TypeKind::Struct(Struct { fields, additional });
    Ty::Named(id)
}

/// The validation keywords of a schema and, through its `$ref` chain, of the named schema it
/// refers to: a property or parameter typed `$ref: '#/components/schemas/Sha'` keeps the SHA's
/// pattern. A keyword written next to the `$ref` (OpenAPI 3.1) wins over the target's.
pub fn constraints_through_refs(cx: &Cx, schema: &Value) -> Constraints {
    let mut chain = vec![schema];
    let mut current = schema;
    while let Some(reference) = current.get("$ref").and_then(Value::as_str) {
        // A cycle or a broken reference is reported where the type is lowered.
        match raw::resolve(cx.document, reference) {
            Ok(target) if chain.len() < 32 => {
                chain.push(target);
                current = target;
            }
            _ => break,
        }
    }
    chain.iter().rev().map(|schema| constraints(schema)).fold(Constraints::default(), |target, own| Constraints {
        min_length: own.min_length.or(target.min_length),
        max_length: own.max_length.or(target.max_length),
        minimum: own.minimum.or(target.minimum),
        maximum: own.maximum.or(target.maximum),
        exclusive_minimum: if own.minimum.is_some() { own.exclusive_minimum } else { target.exclusive_minimum },
        exclusive_maximum: if own.maximum.is_some() { own.exclusive_maximum } else { target.exclusive_maximum },
        pattern: own.pattern.or(target.pattern),
        min_items: own.min_items.or(target.min_items),
        max_items: own.max_items.or(target.max_items),
        email: own.email || target.email,
    })
}

/// The validation keywords of a schema that the client checks before sending.
pub fn constraints(schema: &Value) -> Constraints {
    let u64_of = |key: &str| schema.get(key).and_then(Value::as_u64);
    let f64_of = |key: &str| schema.get(key).and_then(Value::as_f64);
    let mut constraints = Constraints {
        min_length: u64_of("minLength"),
        max_length: u64_of("maxLength"),
        minimum: f64_of("minimum"),
        maximum: f64_of("maximum"),
        pattern: schema.get("pattern").and_then(Value::as_str).map(str::to_owned),
        min_items: u64_of("minItems"),
        max_items: u64_of("maxItems"),
        email: schema.get("format").and_then(Value::as_str) == Some("email"),
        ..Constraints::default()
    };
    // 3.0: a flag on `minimum`/`maximum`; 3.1: the bound itself.
    match schema.get("exclusiveMinimum") {
        Some(Value::Bool(flag)) => constraints.exclusive_minimum = *flag && constraints.minimum.is_some(),
        Some(bound) if bound.is_number() => {
            constraints.minimum = bound.as_f64();
            constraints.exclusive_minimum = true;
        }
        _ => {}
    }
    match schema.get("exclusiveMaximum") {
        Some(Value::Bool(flag)) => constraints.exclusive_maximum = *flag && constraints.maximum.is_some(),
        Some(bound) if bound.is_number() => {
            constraints.maximum = bound.as_f64();
            constraints.exclusive_maximum = true;
        }
        _ => {}
    }
    constraints
}
