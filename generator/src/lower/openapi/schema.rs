//! JSON Schema (the OpenAPI dialect) -> [`Ty`].
//!
//! One function per schema shape. Inline objects, enums and unions become named types whose
//! names come from their position (`<Parent><Field>`, `<Operation>Request`, the singular of an
//! array's name for its items); `$ref`s go through [`Cx::component`], which lowers each target
//! once. A shape that cannot be typed is `Ty::Any` with a located warning.

use serde_json::{Map, Value};

use super::{Cx, description, object};
use crate::ir::{Enum, EnumVariant, Location, Ty, TypeDef, TypeId, TypeKind, Union, UnionVariant};
use crate::naming;
use crate::read::openapi as raw;

pub use super::boxing::{mark_boxed, mentions};

/// What becomes of a spot whose schema cannot be followed.
pub const ANY: &str = "typed as `serde_json::Value`";

/// A lowered schema: its type, and whether `null` is one of its values (3.0 `nullable`, a 3.1
/// type list with `"null"`, `null` in an enum, a `{type: null}` alternative).
#[derive(Debug, Clone)]
pub struct Lowered {
    pub ty: Ty,
    pub nullable: bool,
}

impl Lowered {
    fn plain(ty: Ty) -> Lowered {
        Lowered { ty, nullable: false }
    }

    /// The type with `Option` around it when it is nullable, for positions without their own
    /// nullability flag (array items, map values, union variants).
    pub fn into_ty(self) -> Ty {
        if self.nullable && !matches!(self.ty, Ty::Option(_) | Ty::Any) {
            Ty::Option(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

/// Lowers an inline schema; named types it needs are named from `hint`.
pub fn schema(cx: &mut Cx, value: &Value, at: &Location, hint: &str) -> Lowered {
    schema_in(cx, value, at, hint, None)
}

/// Lowers a schema; when it makes a named type, that type is written into `reserved` (a
/// component whose id was handed out before its body was lowered) instead of a new one.
pub fn schema_in(cx: &mut Cx, value: &Value, at: &Location, hint: &str, reserved: Option<TypeId>) -> Lowered {
    let Some(object) = value.as_object() else {
        // `true` and `false` are valid schemas (anything, nothing); neither can be typed.
        if !value.is_boolean() {
            cx.diags.warning(
                "invalid-schema",
                at,
                "a schema must be an object or a boolean; typed as `serde_json::Value`",
            );
        }
        return Lowered::plain(Ty::Any);
    };
    let mut lowered = shape(cx, object, at, hint, reserved);
    lowered.nullable |= object.get("nullable").and_then(Value::as_bool).unwrap_or(false);
    if let Ty::Option(inner) = lowered.ty {
        lowered = Lowered { ty: *inner, nullable: true };
    }
    lowered
}

fn shape(cx: &mut Cx, object: &Map<String, Value>, at: &Location, hint: &str, reserved: Option<TypeId>) -> Lowered {
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        return Lowered::plain(reference_ty(cx, reference, at));
    }
    if object.contains_key("not") {
        cx.diags.warning(
            "unsupported-schema",
            &at.child("not"),
            "`not` cannot be expressed in Rust types; it is ignored here",
        );
    }
    if let Some(members) = object.get("allOf").and_then(Value::as_array) {
        return object::all_of(cx, object, members, at, hint, reserved);
    }
    for keyword in ["oneOf", "anyOf"] {
        // Alternatives that only list `required` members constrain, they do not shape: the
        // schema is then typed by its other keywords.
        let members = object.get(keyword).and_then(Value::as_array).filter(|m| m.iter().any(object::is_shaped));
        if let Some(members) = members {
            return union(cx, object, members, &at.child(keyword), hint, reserved);
        }
    }
    let (types, null_type) = types_of(object);
    if let Some(values) = object.get("enum").and_then(Value::as_array) {
        let mut lowered = enumeration(cx, object, values, &types, at, hint, reserved);
        lowered.nullable |= null_type;
        return lowered;
    }
    if let Some(value) = object.get("const") {
        return Lowered { ty: scalar_of_value(value), nullable: null_type };
    }
    let ty = match types.as_slice() {
        [] if object.contains_key("properties") || object.contains_key("additionalProperties") => {
            object::object(cx, object, at, hint, reserved)
        }
        [] if object.contains_key("items") => array(cx, object, at, hint),
        [] => Ty::Any,
        [single] => single_type(cx, single, object, at, hint, reserved),
        several => type_list_union(cx, several, object, at, hint, reserved),
    };
    Lowered { ty, nullable: null_type }
}

/// The `type` member as a list without `"null"`, and whether `"null"` was in it.
fn types_of(object: &Map<String, Value>) -> (Vec<&str>, bool) {
    let list: Vec<&str> = match object.get("type") {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let null = list.contains(&"null");
    (list.into_iter().filter(|t| *t != "null").collect(), null)
}

fn single_type(
    cx: &mut Cx,
    ty: &str,
    object: &Map<String, Value>,
    at: &Location,
    hint: &str,
    reserved: Option<TypeId>,
) -> Ty {
    let format = object.get("format").and_then(Value::as_str).unwrap_or("");
    match ty {
        "string" => match format {
            "date-time" => Ty::DateTime,
            "date" => Ty::Date,
            "uuid" => Ty::Uuid,
            "binary" => Ty::Bytes,
            _ => Ty::String,
        },
        "integer" => {
            if format == "int32" {
                Ty::I32
            } else {
                Ty::I64
            }
        }
        "number" => {
            if format == "float" {
                Ty::F32
            } else {
                Ty::F64
            }
        }
        "boolean" => Ty::Bool,
        "array" => array(cx, object, at, hint),
        "object" => object::object(cx, object, at, hint, reserved),
        other => {
            cx.diags.warning(
                "unsupported-schema",
                &at.child("type"),
                format!("unknown type `{other}`; typed as `serde_json::Value`"),
            );
            Ty::Any
        }
    }
}

fn array(cx: &mut Cx, object: &Map<String, Value>, at: &Location, hint: &str) -> Ty {
    match object.get("items") {
        Some(items @ Value::Object(_)) => {
            let item_hint = singular(hint);
            Ty::Vec(Box::new(schema(cx, items, &at.child("items"), &item_hint).into_ty()))
        }
        None | Some(Value::Bool(true)) => Ty::Vec(Box::new(Ty::Any)),
        Some(_) => {
            cx.diags.warning(
                "unsupported-schema",
                &at.child("items"),
                "tuple-style `items` is not supported; items typed as `serde_json::Value`",
            );
            Ty::Vec(Box::new(Ty::Any))
        }
    }
}

/// The type a `$ref` names; a reference that cannot be followed is `Any` with a warning.
pub fn reference_ty(cx: &mut Cx, reference: &str, at: &Location) -> Ty {
    match raw::target_pointer(cx.document, reference) {
        Ok(pointer) => {
            let target = cx.at(&pointer);
            cx.component(&target)
        }
        Err(error) => {
            cx.ref_warning(&error, reference, at, ANY);
            Ty::Any
        }
    }
}

/// `enum`: strings make a Rust enum (which keeps unknown values); other values only say the
/// scalar type.
fn enumeration(
    cx: &mut Cx,
    object: &Map<String, Value>,
    values: &[Value],
    types: &[&str],
    at: &Location,
    hint: &str,
    reserved: Option<TypeId>,
) -> Lowered {
    let nullable = values.iter().any(Value::is_null);
    let present: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    let mut strings: Vec<&str> = present.iter().filter_map(|v| v.as_str()).collect();
    let all_strings = strings.len() == present.len();
    let mut seen = indexmap::IndexSet::new();
    strings.retain(|value| seen.insert(*value));
    if present.is_empty() || !all_strings || types.iter().any(|t| *t != "string") {
        let ty = match types {
            [single] => single_type(cx, single, object, at, hint, reserved),
            _ => present.first().map_or(Ty::Any, |v| scalar_of_value(v)),
        };
        return Lowered { ty, nullable };
    }
    // Stripe writes "or the empty string" as `enum: [""]` hundreds of times: one shared type.
    if strings == [""] && reserved.is_none() {
        return Lowered { ty: cx.empty_string_type(at), nullable };
    }
    let mut taken = indexmap::IndexSet::new();
    let variants = strings
        .iter()
        .map(|wire| {
            let wanted = if wire.is_empty() { "Empty".to_owned() } else { naming::pascal(wire) };
            EnumVariant { name: naming::unique(wanted, &mut taken), wire_name: (*wire).to_owned(), docs: None }
        })
        .collect();
    let def = TypeDef {
        name: String::new(),
        docs: description_of(object),
        kind: TypeKind::Enum(Enum { variants }),
        location: at.clone(),
    };
    Lowered { ty: Ty::Named(define(cx, def, hint, reserved)), nullable }
}

fn scalar_of_value(value: &Value) -> Ty {
    match value {
        Value::String(_) => Ty::String,
        Value::Bool(_) => Ty::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => Ty::I64,
        Value::Number(_) => Ty::F64,
        _ => Ty::Any,
    }
}

/// `oneOf`/`anyOf`: a Rust enum with one variant per alternative; `null` alternatives make the
/// whole nullable, and a single remaining alternative is just that type.
fn union(
    cx: &mut Cx,
    object: &Map<String, Value>,
    members: &[Value],
    at: &Location,
    hint: &str,
    reserved: Option<TypeId>,
) -> Lowered {
    let is_null = |m: &Value| {
        matches!(types_of(m.as_object().unwrap_or(&Map::new())), (t, true) if t.is_empty()) && m.get("enum").is_none()
    };
    let nullable = members.iter().any(is_null);
    let alternatives: Vec<(usize, &Value)> = members.iter().enumerate().filter(|(_, m)| !is_null(m)).collect();
    match alternatives.as_slice() {
        [] => {
            return Lowered { ty: Ty::Any, nullable };
        }
        [(index, only)] => {
            let mut lowered = schema_in(cx, only, &at.child(index), hint, reserved);
            lowered.nullable |= nullable;
            return lowered;
        }
        _ => {}
    }
    // Reserve the union's id before its variants, so a variant that refers back finds it.
    let id = define(
        cx,
        TypeDef {
            name: String::new(),
            docs: description_of(object),
            kind: TypeKind::Union(Union::default()),
            location: at.clone(),
        },
        hint,
        reserved,
    );
    let discriminator = object.get("discriminator");
    let tag_property = discriminator.and_then(|d| d.get("propertyName")).and_then(Value::as_str);
    let mapping = discriminator.and_then(|d| d.get("mapping")).and_then(Value::as_object);
    let mut taken = indexmap::IndexSet::new();
    let mut variants = Vec::new();
    for (index, member) in alternatives {
        let member_hint = member_hint(cx, member, hint, index);
        let ty = schema(cx, member, &at.child(index), &member_hint).into_ty();
        let reference = member.get("$ref").and_then(Value::as_str);
        let tag = tag_property.and(reference).map(|r| tag_for(r, mapping));
        let name = naming::unique(variant_name(cx, &ty), &mut taken);
        variants.push(UnionVariant { name, tag, ty });
    }
    let all_tagged = tag_property.is_some() && variants.iter().all(|v| v.tag.is_some() && is_struct(cx, &v.ty));
    if tag_property.is_some() && !all_tagged {
        cx.diags.warning(
            "untagged-union",
            &at.child("discriminator"),
            "the discriminator cannot tag every alternative (inline or non-object alternatives); decoded untagged, first match wins",
        );
    }
    if !all_tagged {
        variants.iter_mut().for_each(|v| v.tag = None);
    }
    let discriminator = all_tagged.then(|| tag_property.unwrap_or_default().to_owned());
    cx.types.get_mut(id).kind = TypeKind::Union(Union { variants, discriminator });
    Lowered { ty: Ty::Named(id), nullable }
}

/// The name for an inline alternative's type: its `title` (Stripe titles them), else the union's
/// name plus what the alternative is (`Object`, `List`, ...). Titles repeat across a document,
/// so a taken title is prefixed with the union's name rather than numbered.
fn member_hint(cx: &Cx, member: &Value, hint: &str, index: usize) -> String {
    if let Some(title) = member.get("title").and_then(Value::as_str) {
        let title = naming::pascal(title);
        return if cx.taken.contains(&title) { format!("{hint}{title}") } else { title };
    }
    let what = match member.get("type").and_then(Value::as_str) {
        Some("object") => "Object".to_owned(),
        Some("array") => "List".to_owned(),
        Some("string") if member.get("enum").is_some() => "Enum".to_owned(),
        _ => format!("Variant{}", index + 1),
    };
    format!("{hint}{what}")
}

/// The discriminator value of the alternative `reference`: its key in `mapping`, else the
/// component name (the OpenAPI default).
fn tag_for(reference: &str, mapping: Option<&Map<String, Value>>) -> String {
    let named = mapping.and_then(|m| {
        m.iter()
            .find(|(_, target)| target.as_str() == Some(reference) || target.as_str() == reference.rsplit('/').next())
    });
    match named {
        Some((value, _)) => value.clone(),
        None => reference.rsplit('/').next().unwrap_or(reference).to_owned(),
    }
}

fn is_struct(cx: &Cx, ty: &Ty) -> bool {
    matches!(ty, Ty::Named(id) if matches!(cx.types.get(*id).kind, TypeKind::Struct(_)))
}

fn variant_name(cx: &Cx, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => cx.types.get(*id).name.clone(),
        Ty::String => "String".into(),
        Ty::Bool => "Boolean".into(),
        Ty::I32 | Ty::I64 => "Integer".into(),
        Ty::F32 | Ty::F64 => "Number".into(),
        Ty::DateTime => "DateTime".into(),
        Ty::Date => "Date".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::Bytes => "Bytes".into(),
        Ty::Any => "Value".into(),
        Ty::Vec(of) => format!("{}List", variant_name(cx, of)),
        Ty::Map(of) => format!("{}Map", variant_name(cx, of)),
        Ty::Loose(of) | Ty::Option(of) => variant_name(cx, of),
    }
}

/// `type: [string, integer]` (3.1): an untagged union of the scalars.
fn type_list_union(
    cx: &mut Cx,
    types: &[&str],
    object: &Map<String, Value>,
    at: &Location,
    hint: &str,
    reserved: Option<TypeId>,
) -> Ty {
    let mut taken = indexmap::IndexSet::new();
    let mut variants = Vec::new();
    for ty in types {
        let ty = single_type(cx, ty, object, at, &format!("{hint}{}", naming::pascal(ty)), None);
        let name = naming::unique(variant_name(cx, &ty), &mut taken);
        variants.push(UnionVariant { name, tag: None, ty });
    }
    let def = TypeDef {
        name: String::new(),
        docs: description_of(object),
        kind: TypeKind::Union(Union { variants, discriminator: None }),
        location: at.clone(),
    };
    Ty::Named(define(cx, def, hint, reserved))
}

/// Adds `def` under a name made from `hint`, or fills the reserved component slot (keeping the
/// component's name).
pub fn define(cx: &mut Cx, mut def: TypeDef, hint: &str, reserved: Option<TypeId>) -> TypeId {
    match reserved {
        Some(id) => {
            let slot = cx.types.get_mut(id);
            slot.docs = def.docs.or(slot.docs.take());
            slot.kind = def.kind;
            id
        }
        None => {
            // A position name already taken (by a component, usually) gets the kind as a
            // suffix before a number would be used.
            let suffix = match def.kind {
                TypeKind::Struct(_) => "Object",
                TypeKind::Enum(_) => "Enum",
                TypeKind::Union(_) => "Union",
                TypeKind::Alias(_) => "Type",
            };
            let plain = naming::pascal(hint);
            let wanted = if cx.taken.contains(&plain) { format!("{plain}{suffix}") } else { plain };
            def.name = cx.type_name(&wanted);
            cx.types.add(def)
        }
    }
}

pub fn description_of(object: &Map<String, Value>) -> Option<String> {
    object.get("description").and_then(Value::as_str).and_then(super::markdown)
}

/// The singular of a PascalCase name, for array items (`Offerings` -> `Offering`). Names that
/// do not look plural get an `Item` suffix so the item type never takes the list's name.
pub fn singular(name: &str) -> String {
    let one = naming::singular_pascal(name);
    if one == name { format!("{name}Item") } else { one }
}

/// Whether `value` has a description worth keeping on a field (the schema's own, not its
/// target's).
pub fn field_docs(value: &Value) -> Option<String> {
    description(value)
}
